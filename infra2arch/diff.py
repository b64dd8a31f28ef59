"""What changed between two scans: the question a pull request asks of its infrastructure.

``infra2arch diff OLD NEW`` compares two graph.json files (say, the base branch's scan and the pull
request's) and answers in the terms the maps use: resources added, removed and changed (with the
attributes that changed), workloads that became reachable from the internet or stopped being,
findings opened and closed, boundary crossings that lost their control, the monthly cost before and
after with the largest changes, and gaps. Plain values in, plain values out: reading files and
printing are the CLI's job. Both graphs were redacted when they were written, and every text
leaves through the same masking as the rest of the output.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from infra2arch.annotate.model import Annotations, Result, Severity
from infra2arch.model import Graph

LISTED = 25          # entries per section in text and Markdown (--verbose: all); JSON has all


@dataclass(frozen=True)
class Changed:
    address: str
    type: str
    attributes: tuple[str, ...] = ()   # top-level attributes whose values differ ("location" when it moved)


@dataclass(frozen=True)
class Opened:
    rule_id: str
    severity: str
    title: str
    address: str
    where: str


@dataclass(frozen=True)
class Exposed:
    asset: str
    reason: str
    ports: str


@dataclass(frozen=True)
class Crossing:
    src: str
    dst: str
    zones: str


@dataclass(frozen=True)
class CostChange:
    address: str
    before: float
    after: float


@dataclass(frozen=True)
class Diff:
    old: str
    new: str
    added: tuple[Changed, ...]
    removed: tuple[Changed, ...]
    changed: tuple[Changed, ...]
    newly_exposed: tuple[Exposed, ...]
    no_longer_exposed: tuple[str, ...]
    opened: tuple[Opened, ...]
    closed: tuple[Opened, ...]
    uncontrolled: tuple[Crossing, ...]     # crossings with no control that the old scan did not have
    cost_before: float | None
    cost_after: float | None
    cost_changes: tuple[CostChange, ...]   # largest first
    gaps_added: tuple[str, ...]
    gaps_removed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not any((self.added, self.removed, self.changed, self.newly_exposed, self.no_longer_exposed,
                        self.opened, self.closed, self.uncontrolled, self.cost_changes, self.gaps_added,
                        self.gaps_removed))

    def opened_at_or_above(self, severity: str) -> list[Opened]:
        rank = Severity(severity).rank
        return [o for o in self.opened if Severity(o.severity).rank >= rank]


def compare(old_label: str, old: Graph, old_annotations: Annotations, new_label: str, new: Graph,
            new_annotations: Annotations) -> Diff:
    before = {r.address: r for r in old.resources}
    after = {r.address: r for r in new.resources}
    added = tuple(Changed(a, after[a].type) for a in sorted(set(after) - set(before)))
    removed = tuple(Changed(a, before[a].type) for a in sorted(set(before) - set(after)))
    changed = []
    for address in sorted(set(before) & set(after)):
        a, b = before[address], after[address]
        keys = sorted(k for k in set(a.attrs) | set(b.attrs) if a.attrs.get(k, _MISSING) != b.attrs.get(k, _MISSING))
        if a.type != b.type:
            keys.insert(0, "type")
        if a.location != b.location:
            keys.append("location")
        if keys:
            changed.append(Changed(address, b.type, tuple(keys)))

    old_exposed = {e.asset for e in old_annotations.exposures}
    exposed: dict[str, Exposed] = {}
    for exposure in new_annotations.exposures:
        if exposure.asset not in old_exposed and exposure.asset not in exposed:
            exposed[exposure.asset] = Exposed(exposure.asset, exposure.reason, exposure.ports)
    still = {e.asset for e in new_annotations.exposures}

    old_open, new_open = _open(old_annotations), _open(new_annotations)
    old_bare = {(c.src, c.dst) for c in old_annotations.crossings if c.control is None}
    uncontrolled = sorted({Crossing(c.src, c.dst, f"{c.from_zone.value} → {c.to_zone.value}")
                           for c in new_annotations.crossings if c.control is None and (c.src, c.dst) not in old_bare},
                          key=lambda c: (c.src, c.dst))

    costs = []
    for address in sorted(set(old_annotations.costs) | set(new_annotations.costs)):
        was = old_annotations.costs.get(address)
        now = new_annotations.costs.get(address)
        x, y = (was.monthly if was else 0.0), (now.monthly if now else 0.0)
        if round(x, 2) != round(y, 2):
            costs.append(CostChange(address, round(x, 2), round(y, 2)))
    costs.sort(key=lambda c: (-abs(c.after - c.before), c.address))

    old_gaps, new_gaps = {_gap(g) for g in old.gaps}, {_gap(g) for g in new.gaps}
    return Diff(old_label, new_label, added, removed, tuple(changed), tuple(exposed[a] for a in sorted(exposed)),
                tuple(sorted(old_exposed - still)),
                tuple(new_open[k] for k in sorted(set(new_open) - set(old_open), key=lambda k: _order(new_open[k]))),
                tuple(old_open[k] for k in sorted(set(old_open) - set(new_open), key=lambda k: _order(old_open[k]))),
                tuple(uncontrolled), _total(old_annotations), _total(new_annotations), tuple(costs),
                tuple(sorted(new_gaps - old_gaps)), tuple(sorted(old_gaps - new_gaps)))


_MISSING = object()


def _open(annotations: Annotations) -> dict[tuple[str, str, str], Opened]:
    out = {}
    for f in annotations.findings:
        if f.result == Result.FAIL and (f.waiver is None or f.waiver.expired):
            out[(f.rule_id, f.address, f.attribute)] = Opened(f.rule_id, f.severity.value, f.title, f.address,
                                                              f.source.label())
    return out


def _order(item: Opened) -> tuple:
    return (-Severity(item.severity).rank, item.rule_id, item.address)


def _gap(gap: Any) -> str:
    return f"[{gap.kind.value}] {gap.subject}: {gap.reason}"


def _total(annotations: Annotations) -> float | None:
    total = next((r for r in annotations.rollups if r.group_kind == "total"), None)
    if total is not None:
        return round(total.monthly, 2)
    return round(sum(c.monthly for c in annotations.costs.values()), 2) if annotations.costs else None


# ------------------------------------------------------------------------------------------ text


def _money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.2f}"


def _delta(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return "change unknown"
    return f"{'+' if after >= before else '−'}${abs(after - before):,.2f}"


def _cap(items: tuple, verbose: bool) -> tuple[tuple, int]:
    if verbose or len(items) <= LISTED:
        return items, 0
    return items[:LISTED], len(items) - LISTED


def text_lines(diff: Diff, verbose: bool = False) -> list[str]:
    """Plain lines for the terminal (the CLI masks and escapes them)."""
    if diff.empty:
        return [f"No changes from {diff.old} to {diff.new}: same resources, exposure, findings, cost and gaps."]
    lines = [f"Changes from {diff.old} to {diff.new}"]
    lines.append(f"Resources +{len(diff.added)} added, −{len(diff.removed)} removed, ~{len(diff.changed)} changed")
    for sign, items in (("+", diff.added), ("−", diff.removed), ("~", diff.changed)):
        shown, more = _cap(items, verbose)
        for item in shown:
            detail = f": {', '.join(item.attributes[:8])}" + (" …" if len(item.attributes) > 8 else "") \
                if item.attributes else f" ({item.type})"
            lines.append(f"  {sign} {item.address}{detail}")
        if more:
            lines.append(f"  … {more} more (-v lists all)")
    if diff.newly_exposed or diff.no_longer_exposed:
        lines.append(f"Exposure {len(diff.newly_exposed)} workload{'s' if len(diff.newly_exposed) != 1 else ''} newly "
                     f"reachable from the internet, {len(diff.no_longer_exposed)} no longer")
        lines += [f"  + {e.asset}: {e.reason}" + (f" (ports {e.ports})" if e.ports else "") for e in diff.newly_exposed]
        lines += [f"  − {a}" for a in diff.no_longer_exposed]
    if diff.opened or diff.closed:
        lines.append(f"Findings {len(diff.opened)} opened, {len(diff.closed)} closed")
        for sign, items in (("+", diff.opened), ("−", diff.closed)):
            shown, more = _cap(items, verbose)
            lines += [f"  {sign} {o.severity:8} {o.rule_id} {o.address}: {o.title}" + (f" ({o.where})" if o.where else "")
                      for o in shown]
            if more:
                lines.append(f"  … {more} more (-v lists all)")
    if diff.uncontrolled:
        lines.append(f"Boundary crossings {len(diff.uncontrolled)} new with no control found")
        lines += [f"  + {c.src} → {c.dst} ({c.zones})" for c in diff.uncontrolled]
    if diff.cost_changes or diff.cost_before != diff.cost_after:
        lines.append(f"Cost {_money(diff.cost_before)} → {_money(diff.cost_after)} a month "
                     f"({_delta(diff.cost_before, diff.cost_after)})")
        shown = diff.cost_changes if verbose else diff.cost_changes[:10]
        lines += [f"  {c.address}: {_money(c.before)} → {_money(c.after)}" for c in shown]
        if len(shown) < len(diff.cost_changes):
            lines.append(f"  … {len(diff.cost_changes) - len(shown)} more (-v lists all)")
    if diff.gaps_added or diff.gaps_removed:
        lines.append(f"Gaps +{len(diff.gaps_added)} new, −{len(diff.gaps_removed)} resolved")
        shown, more = _cap(diff.gaps_added, verbose)
        lines += [f"  + {g}" for g in shown]
        if more:
            lines.append(f"  … {more} more (-v lists all)")
    return lines


def _md(text: str) -> str:
    """A table cell or list item: pipes, backticks, angle brackets and newlines made inert."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'").replace("<", "&lt;")
            .replace(">", "&gt;").replace("\n", " "))


def markdown(diff: Diff, verbose: bool = False) -> str:
    """A pull-request comment (GitHub-flavoured Markdown)."""
    out = [f"### infra2arch: changes from `{_md(diff.old)}` to `{_md(diff.new)}`", ""]
    if diff.empty:
        out.append("No changes: same resources, exposure, findings, cost and gaps.")
        return "\n".join(out) + "\n"
    head = [("resources added / removed / changed", f"{len(diff.added)} / {len(diff.removed)} / {len(diff.changed)}"),
            ("newly reachable from the internet", str(len(diff.newly_exposed))),
            ("findings opened / closed", f"{len(diff.opened)} / {len(diff.closed)}"),
            ("new crossings with no control", str(len(diff.uncontrolled))),
            ("monthly cost", f"{_money(diff.cost_before)} → {_money(diff.cost_after)} "
                             f"({_delta(diff.cost_before, diff.cost_after)})"),
            ("gaps new / resolved", f"{len(diff.gaps_added)} / {len(diff.gaps_removed)}")]
    out += ["| | |", "|---|---|"] + [f"| {k} | **{_md(v)}** |" for k, v in head] + [""]
    if diff.newly_exposed:
        out += ["**Newly reachable from the internet**", "", "| Resource | Why | Ports |", "|---|---|---|"]
        out += [f"| `{_md(e.asset)}` | {_md(e.reason)} | {_md(e.ports) or '—'} |" for e in diff.newly_exposed] + [""]
    if diff.opened:
        shown, more = _cap(diff.opened, verbose)
        out += ["**Findings opened**", "", "| Severity | Rule | Resource | Finding | Where |", "|---|---|---|---|---|"]
        out += [f"| {o.severity} | {o.rule_id} | `{_md(o.address)}` | {_md(o.title)} | {_md(o.where)} |" for o in shown]
        out += ([f"| | | … {more} more | | |"] if more else []) + [""]
    for title, items in (("Resources added", diff.added), ("Resources removed", diff.removed),
                         ("Resources changed", diff.changed)):
        if items:
            shown, more = _cap(items, verbose)
            out += [f"<details><summary>{title} ({len(items)})</summary>", ""]
            out += [f"- `{_md(i.address)}`" + (f": {_md(', '.join(i.attributes))}" if i.attributes else f" ({_md(i.type)})")
                    for i in shown]
            out += ([f"- … {more} more"] if more else []) + ["", "</details>", ""]
    if diff.closed:
        out += [f"<details><summary>Findings closed ({len(diff.closed)})</summary>", ""]
        out += [f"- {o.severity} {o.rule_id} `{_md(o.address)}`: {_md(o.title)}" for o in diff.closed] + ["", "</details>", ""]
    if diff.uncontrolled:
        out += ["**New boundary crossings with no control found**", ""]
        out += [f"- `{_md(c.src)}` → `{_md(c.dst)}` ({_md(c.zones)})" for c in diff.uncontrolled] + [""]
    if diff.cost_changes:
        out += ["<details><summary>Largest cost changes</summary>", "", "| Resource | Before | After |", "|---|---|---|"]
        out += [f"| `{_md(c.address)}` | {_money(c.before)} | {_money(c.after)} |" for c in diff.cost_changes[:15]]
        out += ["", "</details>", ""]
    return "\n".join(out) + "\n"


def to_json(diff: Diff) -> str:
    return json.dumps(asdict(diff), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
