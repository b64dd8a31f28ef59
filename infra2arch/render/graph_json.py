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
from infra2arch.redact import Redacted, scrub_text

SCHEMA_VERSION = "1.0"


def encode_value(value: Any) -> Any:
    # exact types first: plain strings, numbers and containers are nearly every value of a large graph
    kind_ = type(value)
    if kind_ is str or kind_ is int or kind_ is bool or value is None:
        return value
    if kind_ is dict:
        return {k if type(k) is str else str(k): encode_value(v) for k, v in value.items()}
    if kind_ is list:
        return [encode_value(v) for v in value]
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
        requested = requested_instances(resource)
        if requested is not None:
            out["instances_requested"] = requested
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
        # declared, not created: blocks and module calls with no instances, and why
        "not_created": [
            {"address": n.address, "kind": n.kind, "type": n.type, "reason": n.reason, "expression": n.expression,
             "source": n.source.to_json(), "inside": list(n.inside), "status": "declared, not created"}
            for n in graph.not_created
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
        "not_created": len(graph.not_created),
        "by_provider": dict(sorted(by_provider.items())),
        "by_category": dict(sorted(by_category.items())),
        "by_relation": dict(sorted(by_relation.items())),
        "gaps_by_kind": dict(sorted(gaps.items())),
    }


def dumps(graph: Graph, pretty: bool = False, annotations: Any = None, pending: Any = None) -> str:
    """Compact by default (CPython's C encoder only runs without indentation: 4× faster at 10k
    resources); ``pretty`` for people and golden files. Annotations, when given, go under
    ``annotations`` (zones, crossings, findings, costs, rollups, latency, serving, paths, meta).
    ``pending``: the graph's part already being encoded in a child process (:func:`encode_in_background`)."""
    if pending is not None and not pretty:
        parts = pending.parts()
        if parts is not None:
            from infra2arch.render.graph_json_fork import compact, join

            if annotations is not None:
                from infra2arch.annotate.pipeline import annotations_to_dict

                parts["annotations"] = compact(annotations_to_dict(annotations))
            return join(parts)
    data = graph_to_dict(graph)
    if annotations is not None:
        from infra2arch.annotate.pipeline import annotations_to_dict

        data["annotations"] = annotations_to_dict(annotations)
    if pretty:
        return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"


def encode_pieces(graph: Graph, annotations: Any = None, pending: Any = None) -> list[bytes]:
    """graph.json (compact) as pieces of bytes to write one after the other: the same bytes as
    ``dumps(...).encode()``, without joining ~30 MB of text into one string first (and then again
    into bytes) when the graph's part comes from :func:`encode_in_background`."""
    parts = pending.parts() if pending is not None else None
    if parts is None:
        return [dumps(graph, annotations=annotations).encode("utf-8")]
    from infra2arch.render.graph_json_fork import compact

    if annotations is not None:
        from infra2arch.annotate.pipeline import annotations_to_dict

        parts["annotations"] = compact(annotations_to_dict(annotations))
    pieces = [b"{"]
    for index, key in enumerate(sorted(parts)):
        pieces += [b"," if index else b"", compact(key).encode("utf-8"), b":", parts[key].encode("utf-8")]
    pieces.append(b"}\n")
    return pieces


def encode_in_background(graph: Graph):
    """Start encoding everything of graph.json but the annotations in a forked process (None when
    that is not possible); pass the result to :func:`dumps` as ``pending``."""
    from infra2arch.render.graph_json_fork import start

    return start(lambda: graph_to_dict(graph))


# ------------------------------------------------------------------------------------ reading back


def decode_value(value: Any) -> Any:
    if isinstance(value, dict):
        if "$unknown" in value and set(value) <= {"$unknown", "of", "partial"}:
            origins = frozenset(_split_origin(item) for item in value.get("of", ()))
            partial = value.get("partial")
            if isinstance(partial, str):
                partial = partial.replace("${?}", UNKNOWN_PART)
            elif partial is not None:
                partial = decode_value(partial)
            return Unknown(str(value["$unknown"]), origins, partial)
        if "$redacted" in value and len(value) == 1:
            return Redacted(str(value["$redacted"]))
        return {k: decode_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode_value(v) for v in value]
    return value


def _split_origin(text: str) -> tuple[str, str]:
    # "aws_subnet.a[0].id" -> ("aws_subnet.a[0]", "id"); the attribute is the last dotted part
    head, _, tail = text.rpartition(".")
    if not head or "]" in tail or '"' in tail:
        return (text, "*")
    return (head, tail)


def requested_instances(resource: Resource) -> int | None:
    """How many instances a node stands for when an adapter cut a block past a size bound (it keeps
    the requested count on the node's unknown instance key); None otherwise."""
    key = resource.instance_key
    if resource.instances_unknown and isinstance(key, Unknown) and type(key.partial) is int:
        return key.partial
    return None


def graph_from_dict(data: dict[str, Any]) -> Graph:
    """The inverse of graph_to_dict: maps can be rendered from a graph JSON made elsewhere (e.g. CI)."""
    from infra2arch.model import (Containment, Edge, Gap, GapKind, ModuleInfo, NotCreated, Origin, Relation,
                                  SourceLocation)

    version = str(data.get("schema_version", ""))
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise ValueError(f"graph schema version {version or '(none)'} is not supported (expected {SCHEMA_VERSION})")

    def source(item: dict | None) -> SourceLocation:
        item = item or {}
        return SourceLocation(item.get("file"), item.get("line"), item.get("api"))

    resources = []
    folded: dict[str, str] = {}
    for item in data.get("resources", []):
        location = item.get("location") or {}
        resources.append(Resource(
            address=item["address"], type=item["type"], name=item.get("name", ""),
            attrs=decode_value(item.get("attrs") or {}), mode=item.get("mode", "managed"),
            module=item.get("module", ""), origin=Origin(item.get("origin", "terraform-hcl")),
            source=source(item.get("source")),
            location=Location(location.get("cloud"), decode_value(location.get("account")),
                              decode_value(location.get("region")), decode_value(location.get("zone"))),
            provider=item.get("provider", ""),
            instance_key=(Unknown("instances requested past a size bound", partial=item["instances_requested"])
                          if isinstance(item.get("instances_requested"), int) else item.get("instance_key")),
            instances_unknown=item.get("instances") == "unknown",
        ))
        if item.get("folded_into"):
            folded[item["address"]] = item["folded_into"]
    edges = tuple(Edge(e["src"], e["dst"], Relation(e["relation"]), e.get("via", ""), bool(e.get("inferred")),
                       e.get("evidence", "")) for e in data.get("edges", []))
    containment = tuple(Containment(c["parent"], c["child"], c.get("via", "")) for c in data.get("containment", []))
    gaps = tuple(Gap(GapKind(g["kind"]) if g["kind"] in GapKind._value2member_map_ else GapKind.EVALUATION_ERROR,
                     g.get("subject", ""), g.get("reason", ""), source(g.get("source"))) for g in data.get("gaps", []))
    modules = tuple(ModuleInfo(m["address"], m.get("source", ""), m.get("directory"), source(m.get("location")),
                               bool(m.get("loaded", True))) for m in data.get("modules", []))
    not_created = tuple(NotCreated(n["address"], n.get("kind", "resource"), n.get("type", ""), n.get("reason", ""),
                                   n.get("expression", ""), source(n.get("source")), tuple(n.get("inside") or ()))
                        for n in data.get("not_created", []))
    return Graph(tuple(resources), edges, containment, gaps, folded, modules, decode_value(data.get("scanned") or {}),
                 not_created)


# between two objects of a JSON array: "{" followed by an unescaped quote never occurs inside a
# JSON string (a quote there is always escaped), and no credential format crosses "}" or '"'
_BETWEEN_OBJECTS = '},{"'


def scrub_json_text(text: str) -> str:
    """``scrub_text(text)`` of a whole graph JSON, the same result in a fraction of the time: the
    text is cut between the objects of its arrays (no credential format spans that cut) and only
    the pieces that hold a trigger word of some format are scrubbed. At 10,000 resources (27 MB)
    this takes 0.6 s instead of 3.3 s: the formats' patterns are costly to run over the whole text,
    and once any trigger word ("secret", "sk-", "==") occurs somewhere every one of them runs."""
    from bisect import bisect_right

    from infra2arch import redact

    # the lowercase literals one of which every match of a format contains (scrub's own pre-test)
    triggers = sorted({t for rule in getattr(redact, "_RULES", ()) for t in getattr(rule, "trigger", ())})
    pieces = text.split(_BETWEEN_OBJECTS)
    low = text.lower()
    if not triggers or len(low) != len(text):  # lowercasing changed offsets (rare Unicode): every piece
        return _BETWEEN_OBJECTS.join(scrub_text(piece) for piece in pieces)
    ends, at = [], 0
    for piece in pieces:
        at += len(piece) + len(_BETWEEN_OBJECTS)
        ends.append(at)
    dirty: set[int] = set()
    for trigger in triggers:  # str.find per literal: far faster than one regex alternation over 27 MB
        found = low.find(trigger)
        while found != -1:
            index = bisect_right(ends, found)   # a trigger holds none of the cut's characters:
            dirty.add(index)                     # it lies inside one piece
            found = low.find(trigger, ends[index] if index < len(ends) else len(low))
    for index in sorted(dirty):
        pieces[index] = scrub_text(pieces[index])
    return _BETWEEN_OBJECTS.join(pieces)


def loads(text: str) -> Graph:
    return graph_from_dict(json.loads(scrub_json_text(text)))


def loads_with_annotations(text: str):
    # a graph made by something else may hold secrets: masked before anything is drawn from it
    # (the masks never cross a quote or a backslash, so the JSON stays valid)
    data = json.loads(scrub_json_text(text))
    graph = graph_from_dict(data)
    annotations = None
    if isinstance(data.get("annotations"), dict):
        from infra2arch.annotate.pipeline import annotations_from_dict

        annotations = annotations_from_dict(data["annotations"])
    return graph, annotations
