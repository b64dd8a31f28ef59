"""Put the report together: cover and scope, summary figures, every section's rows, the diagram
requirements checklist, and the evidence appendix."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from infra2arch.annotate.findings.frameworks import Framework
from infra2arch.annotate.model import Annotations, Result, Severity
from infra2arch.model import Graph
from infra2arch.report import accuracy, assemble, matrix, provenance
from infra2arch.report.model import ChecklistRow, FileDigest, MapImage, Pair, Report

PDF_INVENTORY_LIMIT = 1500     # past this many resources the PDF gives the inventory by type, zone and location

# ../shared/reference/compliance.md: what each framework asks of a network/data-flow diagram, and
# the checklist for the map and its sidecar; each answered by named sections of this report
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("PCI DSS v4.0.1 1.2.3: network diagram of all connections between the CDE and other networks (all locations "
     "incl. cloud, labelled segments, every segmentation control with a unique id, updated on change)",
     "3 Architecture (maps nested account → region → VPC → subnet, public/private tiers), 5 Zones and boundaries "
     "(every crossing with its control's address), 10 Changes"),
    ("PCI DSS v4.0.1 1.2.4: data-flow diagram of all account-data flows (ingress/egress, processing, storage, "
     "transmission; reconciles with the network diagram; encryption state)",
     "3.2 Request and data flows (from the same graph as the maps; encryption in transit per flow), "
     "4 Inventory (encryption at rest per store)"),
    ("SOC 2 CC6.1, CC6.6, CC6.7, CC7.1, CC8.1; DC 200: boundaries, in-scope components, third parties, data flows, "
     "evidence of periodic review",
     "1 Cover (scope, review fields), 4 Inventory, 5 Zones, 3.2 Flows, 10 Changes, 7 Control matrix"),
    ("ISO/IEC 27001:2022 5.9, 5.23, 8.9, 8.20, 8.21, 8.22, 8.24, 8.32: segments and zones with controls between "
     "them, crypto per flow and store, link to inventory and changes",
     "5 Zones and boundaries, 3.2 Flows, 4 Inventory, 10 Changes, 7 Control matrix"),
    ("HIPAA 164.308(a)(1)(ii)(A), 164.312(a)(2)(iv), 164.312(e)(1): where ePHI is stored and flows, encryption "
     "per hop, access paths",
     "4 Inventory (stores, encryption at rest, public access), 3.2 Flows (encryption in transit), "
     "2 Summary and 8 Latency (request paths)"),
    ("EU AI Act Annex IV 1(a), 1(e), 2(c), 2(h): date and version, hardware, architecture of training, validation "
     "and inference with compute, cybersecurity measures, change log",
     "1 Cover (generated-at, versions), 3.3 ML compute (instance type × count, region), 3 Architecture, "
     "6 Findings and 7 Control matrix, 10 Changes"),
    ("NIST AI RMF MAP and MANAGE: system context, dependencies, third-party components",
     "3 Architecture, 3.2 Flows (provider-managed services, inferred dependencies), 4 Inventory"),
    ("Checklist 1: scope (system, environment, accounts/projects/subscriptions, regions, in and out of scope)",
     "1 Cover"),
    ("Checklist 2: boundaries and zones, each labelled with the control that enforces it", "5 Zones and boundaries, "
     "security view in 3"),
    ("Checklist 3: data flows (direction, protocol/port, classification from tags, encryption in transit, "
     "authentication)", "3.2 Request and data flows (classification tags: inventory attributes in graph.json)"),
    ("Checklist 4: data stores (encryption at rest with key id, public access, replication)",
     "4 Inventory (replication settings: graph.json attributes)"),
    ("Checklist 5: ML training and inference compute, isolation, registry, artifact stores, training data",
     "3.3 ML compute, 3.2 Flows (data edges to artifact stores and registries)"),
    ("Checklist 6: findings with rule ids and controls; waived findings with justification",
     "6 Findings, 7 Control matrix"),
    ("Checklist 7: cost and latency with price-book and latency-table dates and usage assumptions",
     "8 Cost and latency"),
    ("Checklist 8: provenance (file:line or API per item, git commit, Terraform and provider versions, tool version)",
     "4 Inventory (source column), 11 Evidence appendix, 1 Cover"),
    ("Checklist 9: integrity (sha256 of every input and output)", "11 Evidence appendix, manifest.json"),
    ("Checklist 10: lifecycle (generated-at UTC, valid-as-of, reviewer/approver, change summary)",
     "1 Cover, 10 Changes"),
    ("Checklist 11: accuracy statement (inferred, defaults applied, unknown, drift)", "9 Gaps and accuracy statement"),
)


def scanned_root(graph: Graph) -> Path | None:
    target = graph.scanned.get("target")
    kind = str(graph.scanned.get("kind", ""))
    if not isinstance(target, str) or not kind.startswith("terraform"):
        return None
    path = Path(target)
    return path if path.is_dir() else None


def _scope(graph: Graph) -> tuple[list[Pair], list[str], list[str]]:
    scanned = graph.scanned
    kind = str(scanned.get("kind", "unknown"))
    target = str(scanned.get("target", "unknown"))
    pairs = [Pair("Source", f"{kind}: {target}")]
    accounts = sorted({str(r.location.account) for r in graph.resources if isinstance(r.location.account, str)})
    regions = sorted({str(r.location.region) for r in graph.resources if isinstance(r.location.region, str)})
    if scanned.get("accounts"):
        accounts = sorted(set(accounts) | {str(a) for a in scanned["accounts"]})
    if scanned.get("regions"):
        regions = sorted(set(regions) | {str(r) for r in scanned["regions"]})
    pairs.append(Pair("Accounts / projects / subscriptions", ", ".join(accounts) or "not stated in the input"))
    pairs.append(Pair("Regions", ", ".join(regions) or "not stated in the input"))
    if scanned.get("workspace"):
        pairs.append(Pair("Terraform workspace", str(scanned["workspace"])))
    files = scanned.get("inputs") or scanned.get("files") or ()
    scope_in = [f"{len(graph.resources):,} resources read from {kind} source {target}"
                + (f" ({len(files):,} files)" if files else "")]
    if accounts:
        scope_in.append("accounts/projects/subscriptions: " + ", ".join(accounts))
    if regions:
        scope_in.append("regions: " + ", ".join(regions))
    loaded = sum(1 for m in graph.modules if m.loaded)
    if loaded:
        scope_in.append(f"{loaded:,} module instances followed")
    scope_out = []
    missing = [m for m in graph.modules if not m.loaded]
    for module in missing[:20]:
        scope_out.append(f"module {module.address} ({module.source}): not loaded (see gaps)")
    if len(missing) > 20:
        scope_out.append(f"… and {len(missing) - 20} more modules not loaded (see gaps)")
    if kind.startswith("terraform"):
        scope_out.append("resources created outside this Terraform code (console, other stacks): not visible to an "
                         "IaC scan; compare with a live scan using --previous")
        scope_out.append("the contents of data, models and containers; application code; identity-provider users")
    else:
        scope_out.append("accounts, regions and services not listed above, and anything the read-only role could not read "
                         "(listed as gaps)")
    scope_out.append("people, policies and processes: controls needing manual evidence are listed in section 7")
    return pairs, scope_in, scope_out


def _evidence(graph: Graph, annotations: Annotations, graph_path: Path, root: Path | None) -> tuple[list[Pair], list[Pair], list[Pair], list[FileDigest]]:
    meta = annotations.meta
    book = meta.get("price_book") or {}
    latency = meta.get("latency_table") or {}
    evidence = [Pair("graph.json", f"{graph_path.name} sha256 {provenance.sha256_file(graph_path)}"),
                Pair("graph schema", str(graph.scanned.get("schema_version", "1.0"))),
                Pair("price book", f"version {book.get('version', '?')}, as of {book.get('as_of', '?')}"),
                Pair("latency table", f"version {latency.get('version', '?')}, as of {latency.get('as_of', '?')}")]
    if meta.get("config"):
        evidence.append(Pair("project configuration", str(meta["config"])))
    git = provenance.git_state(root) if root is not None else {"state": "not a Terraform directory, or not reachable from here"}
    if "commit" in git:
        value = f"{git['commit']} ({git['state']}" + (f", {git['changed_count']} files changed" if git["state"] == "dirty" else "") + ")"
        evidence.append(Pair("git commit of the scanned tree", value))
    else:
        evidence.append(Pair("git commit of the scanned tree", f"unknown: {git['state']}"))
    locks = provenance.lock_providers(root) if root is not None else {}
    lock_pairs = [Pair(name, f"{v['version']} (constraints {v['constraints'] or 'none'}; {v['hashes']} hashes)")
                  for name, v in locks.items()]
    required = graph.scanned.get("required_providers")
    if isinstance(required, dict):
        for name, value in sorted(required.items()):
            if isinstance(value, dict):
                evidence.append(Pair(f"required provider {name}",
                                     f"{value.get('source', '?')} {value.get('version', 'any version')}"))
    live = []
    if graph.scanned.get("kind") in ("aws", "gcp", "azure"):
        for key in ("accounts", "projects", "subscriptions", "regions", "identity", "identities", "api_calls",
                    "api_calls_by_service", "endpoint_url", "scanned_at"):
            if key in graph.scanned:
                value = graph.scanned[key]
                if isinstance(value, dict):
                    value = ", ".join(f"{k} {v}" for k, v in value.items())
                elif isinstance(value, (list, tuple)):
                    value = ", ".join(str(v) for v in value)
                live.append(Pair(key.replace("_", " "), str(value)))
    inputs = [FileDigest(**row) for row in provenance.input_digests(graph.scanned, root)]
    return evidence, lock_pairs, live, inputs


def assemble_report(graph: Graph, annotations: Annotations, *, graph_path: Path, frameworks: Sequence[Framework],
                    title: str | None, system: str | None, generated_at: str, page_size: str,
                    maps: Sequence[MapImage], previous: tuple[str, Path, Graph, Annotations] | None) -> Report:
    index = assemble.Index.build(graph, annotations)
    kind = str(graph.scanned.get("kind", "unknown"))
    target = str(graph.scanned.get("target", "unknown"))
    from infra2arch.views.nodes import shown_target

    system_name = system or Path(shown_target(target)).name or target
    report_title = title or f"{system_name}: architecture and compliance evidence"
    root = scanned_root(graph)
    scope_pairs, scope_in, scope_out = _scope(graph)
    versions = provenance.versions(kind)
    meta = annotations.meta
    book = meta.get("price_book") or {}
    latency_meta = meta.get("latency_table") or {}
    cover = [Pair("System", system_name)] + scope_pairs + [
        Pair("Frameworks", ", ".join(f.name for f in frameworks)),
        Pair("Generated at (UTC)", generated_at),
        Pair("Valid as of", f"the configuration read by the scan ({kind}: {target}); re-run after every change"),
        Pair("Price book", f"{book.get('version', '?')} (prices as of {book.get('as_of', '?')})"),
        Pair("Latency table", f"{latency_meta.get('version', '?')} (as of {latency_meta.get('as_of', '?')})"),
        Pair("Tool and adapters", ", ".join(f"{name} {value}" for name, value in versions.items()
                                            if name.startswith("infra2arch"))),
    ]
    version_pairs = [Pair(name, value) for name, value in versions.items()]
    exposed = assemble.exposed(index)
    findings = sorted(annotations.findings, key=lambda f: (-f.severity.rank, f.rule_id, f.address))
    top = [f for f in findings if f.result == Result.FAIL and not matrix.waived(f)
           and f.severity.rank >= Severity.HIGH.rank]
    top_rules = {f"{f.address}|{f.evidence}": f"{f.rule_id} {f.title} ({f.severity.value})" for f in top}
    cost_text, _ = accuracy.cost_total(annotations)
    completeness_text, _, _ = assemble.completeness(graph)
    failing = sum(1 for f in annotations.findings if f.result == Result.FAIL and not matrix.waived(f))
    crit_high = len(top)
    headline = [Pair("resources", f"{len(graph.resources):,}"),
                # the same count as the scan summary's "Exposure" line, then the wider edge zone
                Pair("workloads reachable from the internet", f"{len({e.asset for e in annotations.exposures}):,}"),
                Pair("internet-facing resources (edge zone)", f"{len(exposed):,}"),
                Pair("critical/high findings failing", f"{crit_high:,}"),
                Pair("findings failing (all severities)", f"{failing:,}"),
                Pair("gaps", f"{len(graph.gaps):,}"),
                Pair("boundary crossings without a control", f"{sum(1 for c in annotations.crossings if not c.control):,}")]
    inventory = assemble.inventory_rows(index)
    top_cost, cost_groups, cost_usage = accuracy.cost_tables(annotations)
    cost_sources = [Pair("price book", f"version {book.get('version', '?')}, prices as of {book.get('as_of', '?')}, "
                                       f"{book.get('currency', 'USD')}, list prices, 730 hours a month"),
                    Pair("usage file", str(meta.get("usage_file") or "none given: usage-based components are $0 floors"))]
    defaults, default_rules = accuracy.defaults_applied(annotations)
    evidence, locks, live, inputs = _evidence(graph, annotations, graph_path, root)
    changes = None
    if previous is not None:
        label, _, old_graph, old_annotations = previous
        changes = accuracy.changes(label, old_graph, old_annotations, graph, annotations)
    return Report(
        title=report_title, system=system_name, generated_at=generated_at, page_size=page_size,
        cover=tuple(cover), scope_in=tuple(scope_in), scope_out=tuple(scope_out), versions=tuple(version_pairs),
        headline=tuple(headline), by_cloud=tuple(assemble.counts_by_cloud(graph)),
        by_category=tuple(assemble.counts_by_category(graph)), exposed=tuple(exposed),
        top_risks=tuple(matrix.item(f) for f in top), top_risk_rules=top_rules, cost_total=cost_text,
        paths=tuple(assemble.path_rows(annotations)), completeness=completeness_text,
        maps=tuple(maps), flows=tuple(assemble.flow_rows(index)), compute=tuple(assemble.compute_rows(index)),
        inventory=tuple(inventory), inventory_summary=tuple(assemble.inventory_summary(inventory)),
        zones=tuple(assemble.zone_blocks(index)), crossings=tuple(assemble.crossing_rows(annotations)),
        severity_counts=tuple(matrix.severity_counts(annotations.findings)),
        rules=tuple(matrix.rule_blocks(annotations.findings, frameworks)),
        frameworks=tuple(matrix.control_matrix(f, annotations.findings) for f in frameworks),
        checklist=tuple(ChecklistRow(a, b) for a, b in CHECKLIST),
        cost_top=tuple(top_cost), cost_groups=tuple(cost_groups), cost_usage=tuple(cost_usage),
        cost_sources=tuple(cost_sources), hop_classes=tuple(accuracy.hop_counts(annotations)),
        latency_sources=tuple(accuracy.latency_sources(meta)),
        gaps=tuple(accuracy.gap_rows(graph)),
        inferred=tuple(assemble.flow_rows(index, relations=tuple(assemble.Relation), inferred_only=True)),
        defaults=tuple(defaults), default_rules=default_rules,
        unknowns=tuple(accuracy.unknown_counts(graph, annotations)), statements=tuple(accuracy.statements(graph.scanned)),
        changes=changes, inputs=tuple(inputs), evidence=tuple(evidence), lock_providers=tuple(locks), live=tuple(live),
        pdf_inventory_limit=PDF_INVENTORY_LIMIT,
    )
