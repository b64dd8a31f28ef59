"""The graph as a documented, versioned JSON file (schema: infra2arch/schema/graph.schema.json).

Sorted and deterministic: the same graph always gives the same bytes. Unknown values are written
as {"$unknown": reason, "of": [...]} and redacted secrets as {"$redacted": reason}.
"""

from __future__ import annotations

import json
from typing import Any

from infra2arch import __version__
from infra2arch.catalog import kind
from infra2arch.model import UNKNOWN_PART, Graph, Location, Resource, Unknown
from infra2arch.redact import Redacted

SCHEMA_VERSION = "1.0"


def encode_value(value: Any) -> Any:
    if isinstance(value, Unknown):
        out: dict[str, Any] = {"$unknown": value.reason}
        if value.origins:
            out["of"] = sorted(f"{address}.{attr}" if attr != "*" else address for address, attr in value.origins)
        if value.partial is not None:
            out["partial"] = _partial(value.partial)
        return out
    if isinstance(value, Redacted):
        return {"$redacted": value.reason}
    if isinstance(value, dict):
        return {str(k): encode_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [encode_value(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _partial(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace(UNKNOWN_PART, "${?}")
    return encode_value(value)


def _location(location: Location) -> dict[str, Any]:
    return {k: encode_value(v) for k, v in location.to_json().items()}


def resource_json(resource: Resource, graph: Graph) -> dict[str, Any]:
    record = kind(resource.type)
    out: dict[str, Any] = {
        "address": resource.address,
        "type": resource.type,
        "name": resource.name,
        "mode": resource.mode,
        "module": resource.module,
        "origin": resource.origin.value,
        "provider": resource.provider,
        "source": resource.source.to_json(),
        "location": _location(resource.location),
        "category": record.category.value if record else "unknown",
        "label": record.display if record else resource.type,
        "shape": record.shape.value if record else "node",
        "in_catalog": record is not None,
        "attrs": encode_value(dict(resource.attrs)),
    }
    if resource.instance_key is not None and not resource.instances_unknown:
        out["instance_key"] = encode_value(resource.instance_key)
    if resource.instances_unknown:
        out["instances"] = "unknown"
    folded_into = graph.folded.get(resource.address)
    if folded_into:
        out["folded_into"] = folded_into
    return out


def graph_to_dict(graph: Graph) -> dict[str, Any]:
    resources = [resource_json(r, graph) for r in graph.resources]
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "infra2arch", "version": __version__},
        "scanned": encode_value(dict(graph.scanned)),
        "summary": summary_counts(graph),
        "resources": resources,
        "edges": [
            {k: v for k, v in (("src", e.src), ("dst", e.dst), ("relation", e.relation.value), ("via", e.via),
                               ("inferred", e.inferred), ("evidence", e.evidence)) if v != "" }
            for e in graph.edges
        ],
        "containment": [{"parent": c.parent, "child": c.child, "via": c.via} for c in graph.containment],
        "modules": [
            {"address": m.address, "source": m.source, "directory": m.directory, "loaded": m.loaded,
             "location": m.location.to_json()}
            for m in graph.modules
        ],
        "gaps": [
            {"kind": g.kind.value, "subject": g.subject, "reason": g.reason, "source": g.source.to_json()}
            for g in graph.gaps
        ],
    }


def summary_counts(graph: Graph) -> dict[str, Any]:
    by_provider: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for resource in graph.resources:
        cloud = resource.location.cloud or resource.type.split("_", 1)[0]
        by_provider[cloud] = by_provider.get(cloud, 0) + 1
        record = kind(resource.type)
        category = record.category.value if record else "unknown"
        by_category[category] = by_category.get(category, 0) + 1
    by_relation: dict[str, int] = {}
    for edge in graph.edges:
        by_relation[edge.relation.value] = by_relation.get(edge.relation.value, 0) + 1
    gaps: dict[str, int] = {}
    for gap in graph.gaps:
        gaps[gap.kind.value] = gaps.get(gap.kind.value, 0) + 1
    return {
        "resources": len(graph.resources),
        "edges": len(graph.edges),
        "inferred_edges": sum(1 for e in graph.edges if e.inferred),
        "folded": len(graph.folded),
        "gaps": len(graph.gaps),
        "by_provider": dict(sorted(by_provider.items())),
        "by_category": dict(sorted(by_category.items())),
        "by_relation": dict(sorted(by_relation.items())),
        "gaps_by_kind": dict(sorted(gaps.items())),
    }


def dumps(graph: Graph) -> str:
    return json.dumps(graph_to_dict(graph), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
