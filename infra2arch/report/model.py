"""What a compliance report holds, as frozen values: built from a graph and its annotations by
``assemble``, written by the HTML, PDF and Markdown writers. Every field is already text or a
number, so templates only lay out, never decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Pair:
    label: str
    value: str


@dataclass(frozen=True)
class MapImage:
    key: str                          # file stem under maps/: "overview", "engineering", "security"…
    title: str
    caption: str
    notes: tuple[str, ...]
    svg: bytes = field(repr=False, default=b"")
    png_name: str = ""                # maps/<key>.png, relative to the report
    svg_name: str = ""
    error: str = ""                   # why the map could not be drawn ("" = drawn)
    orientation: str = "wide"         # wide (landscape page) or tall (portrait page), from the picture's shape


@dataclass(frozen=True)
class Count:
    label: str
    count: int
    detail: str = ""


@dataclass(frozen=True)
class Exposure:
    address: str
    type: str
    reasons: str


@dataclass(frozen=True)
class PathRow:
    entry: str
    endpoint: str
    hops: str
    latency: str
    serving: str
    note: str


@dataclass(frozen=True)
class FlowRow:
    src: str
    dst: str
    relation: str
    port: str
    transit: str                      # encryption in transit
    control: str
    crossing: str                     # "edge → private-app" or ""
    basis: str                        # "declared (attr)" / "inferred from value …"


@dataclass(frozen=True)
class ComputeRow:
    address: str
    type: str
    role: str                         # inference, training, notebook, pipeline…
    compute: str                      # instance type × count
    location: str
    network: str                      # VPC/subnet attachment or "provider network"


@dataclass(frozen=True)
class InventoryRow:
    address: str
    type: str
    category: str
    zone: str
    location: str
    encryption: str
    public: str
    source: str
    folded_into: str = ""
    classification: str = ""          # data classification tags (DataClass=restricted …)


@dataclass(frozen=True)
class ZoneBlock:
    zone: str
    description: str
    members: tuple[str, ...]
    count: int


@dataclass(frozen=True)
class CrossingRow:
    src: str
    dst: str
    relation: str
    zones: str
    control: str
    control_kind: str


@dataclass(frozen=True)
class FindingItem:
    address: str
    result: str                       # fail | unknown | pass
    evidence: str
    source: str
    default_applied: bool
    waiver: str = ""                  # "" or "reason (expires …)"
    waiver_state: str = ""            # "" | waived | expired


@dataclass(frozen=True)
class RuleBlock:
    rule_id: str
    severity: str
    title: str
    remediation: str
    controls: str                     # "SOC 2 CC6.1, CC6.6; ISO 27001:2022 8.20 …" (chosen frameworks)
    failing: tuple[FindingItem, ...]
    waived: tuple[FindingItem, ...]
    unknown: tuple[FindingItem, ...]
    passed: int


@dataclass(frozen=True)
class ControlRow:
    control: str
    title: str
    evidence: str                     # rules | report | manual
    rules: str
    passed: int
    failed: int
    unknown: int
    waived: int
    resources: str                    # failing/unknown/waived resources (all of them), or a note
    status: str                       # fail | unknown | pass | waived | manual | report | not-tested
    sections: str = ""                # where the report answers a report-evidenced control
    rules_short: str = ""             # the rules that did not pass, and how many others (for print)


@dataclass(frozen=True)
class FrameworkMatrix:
    id: str
    name: str
    version: str
    source: str
    rows: tuple[ControlRow, ...]
    totals: Mapping[str, int]


@dataclass(frozen=True)
class CostRow:
    label: str
    monthly: str
    status: str
    detail: str


@dataclass(frozen=True)
class GapRow:
    kind: str
    subject: str
    reason: str
    source: str


@dataclass(frozen=True)
class ChangeSet:
    previous: str                     # what was compared with
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    opened: tuple[str, ...]           # "RULE address"
    closed: tuple[str, ...]
    cost_before: str
    cost_after: str
    cost_delta: str


@dataclass(frozen=True)
class FileDigest:
    path: str
    sha256: str
    note: str = ""                    # "recorded at scan", "unchanged since the scan", "changed since the scan" …


@dataclass(frozen=True)
class ChecklistRow:
    item: str
    where: str


@dataclass(frozen=True)
class Report:
    title: str
    system: str
    generated_at: str
    page_size: str
    cover: tuple[Pair, ...]
    scope_in: tuple[str, ...]
    scope_out: tuple[str, ...]
    versions: tuple[Pair, ...]
    # executive summary
    headline: tuple[Pair, ...]
    by_cloud: tuple[Count, ...]
    by_category: tuple[Count, ...]
    exposed: tuple[Exposure, ...]
    top_risks: tuple[FindingItem, ...]
    top_risk_rules: Mapping[str, str]          # address+rule -> "RULE title (severity)"
    cost_total: str
    paths: tuple[PathRow, ...]
    completeness: str
    # architecture
    maps: tuple[MapImage, ...]
    flows: tuple[FlowRow, ...]
    compute: tuple[ComputeRow, ...]
    # inventory
    inventory: tuple[InventoryRow, ...]
    inventory_summary: tuple[Count, ...]
    # zones
    zones: tuple[ZoneBlock, ...]
    crossings: tuple[CrossingRow, ...]
    # findings
    severity_counts: tuple[Count, ...]
    rules: tuple[RuleBlock, ...]
    # controls
    frameworks: tuple[FrameworkMatrix, ...]
    checklist: tuple[ChecklistRow, ...]
    # cost and latency
    cost_top: tuple[CostRow, ...]
    cost_groups: tuple[CostRow, ...]
    cost_usage: tuple[CostRow, ...]
    cost_sources: tuple[Pair, ...]
    hop_classes: tuple[Count, ...]
    latency_sources: tuple[Pair, ...]
    # gaps and accuracy
    gaps: tuple[GapRow, ...]
    inferred: tuple[FlowRow, ...]
    defaults: tuple[FindingItem, ...]
    default_rules: Mapping[str, str]
    unknowns: tuple[Pair, ...]
    statements: tuple[str, ...]
    # changes
    changes: ChangeSet | None
    # evidence
    inputs: tuple[FileDigest, ...]
    evidence: tuple[Pair, ...]
    lock_providers: tuple[Pair, ...]
    live: tuple[Pair, ...]
    pdf_inventory_limit: int = 0               # rows above which the PDF summarises the inventory
