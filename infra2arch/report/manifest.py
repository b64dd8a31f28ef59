"""manifest.json: the machine-readable evidence sidecar of a report.

sha256 of every input file the scan read (as recorded in the graph, checked again when the scanned
directory is reachable), of graph.json and of every output; tool, adapter and SDK versions;
Terraform provider versions from .terraform.lock.hcl; price-book and latency-table versions; git
commit and dirty state of the scanned tree; for live scans the identities, regions and API call
counts; generated-at (``SOURCE_DATE_EPOCH`` when set). Sorted keys: same inputs, same bytes, except
``generated_at``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Sequence

from infra2arch.model import Graph
from infra2arch.render.graph_json import encode_value
from infra2arch.report.model import Report
from infra2arch.report.provenance import git_state, lock_providers, sha256_file, versions

MANIFEST_VERSION = "1.0"


def dumps(report: Report, graph: Graph, *, graph_path: Path, outputs: Sequence[Path], output_dir: Path,
          previous: Any, frameworks: Sequence[str], formats: Sequence[str], moment: str) -> str:
    from infra2arch.report.content import scanned_root

    root = scanned_root(graph)
    kind = str(graph.scanned.get("kind", "unknown"))
    scanned = {k: v for k, v in encode_value(dict(graph.scanned)).items() if k not in ("inputs", "files")}
    data: dict[str, Any] = {
        "manifest_version": MANIFEST_VERSION,
        "generated_at": moment,
        "title": report.title,
        "system": report.system,
        "frameworks": list(frameworks),
        "formats": list(formats),
        "page_size": report.page_size,
        "scanned": scanned,
        "inputs": [{"path": f.path, "sha256": f.sha256, "note": f.note} for f in report.inputs],
        "graph": {"path": graph_path.name, "sha256": sha256_file(graph_path),
                  "resources": len(graph.resources), "edges": len(graph.edges), "gaps": len(graph.gaps)},
        "outputs": sorted(({"path": p.relative_to(output_dir).as_posix(), "sha256": sha256_file(p),
                            "bytes": p.stat().st_size} for p in outputs), key=lambda o: o["path"]),
        "versions": versions(kind),
        "terraform_providers": lock_providers(root) if root is not None else {},
        "git": git_state(root) if root is not None else {"state": "not a Terraform directory, or not reachable"},
        "price_book": report_meta(report, "price book"),
        "latency_table": report_meta(report, "latency table"),
    }
    if previous is not None:
        label, previous_path, _, _ = previous
        data["previous"] = {"path": label, "sha256": sha256_file(previous_path)}
    if kind in ("aws", "gcp", "azure"):
        data["live"] = {p.label: p.value for p in report.live}
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def report_meta(report: Report, label: str) -> str:
    return next((p.value for p in report.evidence if p.label == label), "unknown")
