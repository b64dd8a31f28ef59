"""Gaps, the accuracy statement, cost and latency tables, and the changes since a previous graph."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Mapping

from infra2arch.annotate.model import Annotations, CostStatus, Result
from infra2arch.model import Graph, iter_unknowns
from infra2arch.report.matrix import item, waived
from infra2arch.report.model import ChangeSet, CostRow, Count, FindingItem, GapRow, Pair


def gap_rows(graph: Graph) -> list[GapRow]:
    return [GapRow(g.kind.value, g.subject, g.reason, g.source.label() if (g.source.file or g.source.api) else "—")
            for g in sorted(graph.gaps, key=lambda g: g.key())]


def defaults_applied(annotations: Annotations) -> tuple[list[FindingItem], dict[str, str]]:
    items, rules = [], {}
    for finding in sorted(annotations.findings, key=lambda f: (f.rule_id, f.address)):
        if finding.default_applied:
            items.append(item(finding))
            rules[finding.address + "|" + finding.evidence] = f"{finding.rule_id} {finding.title}"
    return items, rules


def unknown_counts(graph: Graph, annotations: Annotations) -> list[Pair]:
    unresolved_values = 0
    references = 0
    for resource in graph.resources:
        for unknown in iter_unknowns(dict(resource.attrs)):
            if unknown.origins or "after apply" in unknown.reason:
                references += 1
            else:
                unresolved_values += 1
    unknown_counts_instances = sum(1 for r in graph.resources if r.instances_unknown)
    unknown_findings = sum(1 for f in annotations.findings if f.result == Result.UNKNOWN)
    costs = Counter(c.status for c in annotations.costs.values())
    hops = sum(1 for e in annotations.latency if e.hop.value == "unknown")
    return [
        Pair("values not known from the input (unset variables, failed calls)", f"{unresolved_values:,}"),
        Pair("values known only after apply (references to computed attributes)", f"{references:,}"),
        Pair("resource blocks with an unknown instance count", f"{unknown_counts_instances:,}"),
        Pair("findings with an unknown result", f"{unknown_findings:,}"),
        Pair("resources whose cost is unknown / unpriced / depends on usage",
             f"{costs.get(CostStatus.UNKNOWN, 0):,} / {costs.get(CostStatus.UNPRICED, 0):,} / "
             f"{costs.get(CostStatus.USAGE, 0):,}"),
        Pair("edges with an unknown latency class", f"{hops:,}"),
    ]


def statements(scanned: Mapping[str, Any]) -> list[str]:
    kind = str(scanned.get("kind", "unknown"))
    out = []
    if kind.startswith("terraform"):
        out.append("The Terraform code was read, never run: no `terraform` binary, no provider plug-ins, no credentials. "
                   "Data sources were answered offline (region, partition, policy documents) or left unknown; "
                   "provisioners, local-exec and `data \"external\"` programs were never executed; nothing was fetched "
                   "from the network.")
        out.append("Values Terraform computes at apply time (ids, ARNs) are unknown here, and said so; a value that "
                   "depends on an unset variable is never taken as the safe one.")
    elif kind in ("aws", "gcp", "azure"):
        calls = scanned.get("api_calls")
        out.append(f"Live {kind.upper() if kind != 'azure' else 'Azure'} read with read-only API calls"
                   + (f" ({calls:,} calls)" if isinstance(calls, int) else "")
                   + "; nothing was changed in the account. Faults (access denied, throttling, regions not enabled) are "
                   "listed as gaps.")
    else:
        out.append(f"Source kind {kind!r}: see the scan's own documentation for how it was read.")
    out.append("Edges marked inferred were recovered from values (names, ARNs, URLs, IAM policies), not from references: "
               "they are listed below with the value that matched.")
    out.append("Provider defaults were applied where an attribute is absent (for example a SageMaker notebook's direct "
               "internet access); each finding that rests on a default says so.")
    out.append("Cost figures are estimates from a bundled price book at list prices; latency figures are estimates or "
               "labelled assumptions from a bundled table. Neither is a measurement of this system.")
    out.append("Drift between this configuration and the live accounts is not assessed by this report unless a live "
               "scan is compared with `--previous`.")
    return out


# ------------------------------------------------------------------------------------ cost


def money(value: float | None) -> str:
    return "unknown" if value is None else f"${value:,.2f}"


def cost_total(annotations: Annotations) -> tuple[str, float | None]:
    total = next((r for r in annotations.rollups if r.group_kind == "total"), None)
    if total is None:
        if not annotations.costs:
            return "no cost annotations", None
        amount = sum(c.monthly for c in annotations.costs.values())
        return f"{money(amount)} per month (sum of known figures)", amount
    floor = total.usage_dependent + total.unpriced
    note = ""
    if floor:
        note = (f" at least: {total.usage_dependent:,} resources depend on usage, {total.unpriced:,} are not in the "
                "price book")
    return f"{money(total.monthly)} per month{note}", total.monthly


def cost_tables(annotations: Annotations, top: int = 15) -> tuple[list[CostRow], list[CostRow], list[CostRow]]:
    costs = sorted(annotations.costs.values(), key=lambda c: (-c.monthly, c.address))
    top_rows = [CostRow(c.address, money(c.monthly), c.status.value,
                        "; ".join(f"{x.name}: {money(x.monthly)}" for x in c.components if x.monthly)[:300])
                for c in costs if c.monthly > 0][:top]
    groups: dict[str, list] = defaultdict(list)
    for rollup in annotations.rollups:
        if rollup.group_kind != "total":
            groups[rollup.group_kind].append(rollup)
    group_rows = []
    for group_kind in ("account", "region", "zone", "vpc", "subnet", "module"):
        items = sorted(groups.get(group_kind, ()), key=lambda r: (-r.monthly, r.group))
        for rollup in items[:10]:
            group_rows.append(CostRow(f"{group_kind}: {rollup.group}", money(rollup.monthly),
                                      f"{rollup.resources:,} resources",
                                      f"{rollup.usage_dependent:,} depend on usage, {rollup.unpriced:,} unpriced"))
        if len(items) > 10:
            rest = items[10:]
            group_rows.append(CostRow(f"{group_kind}: {len(rest):,} more", money(sum(r.monthly for r in rest)),
                                      f"{sum(r.resources for r in rest):,} resources", ""))
    usage: Counter[tuple[str, str]] = Counter()
    for cost in annotations.costs.values():
        for component in cost.components:
            if component.monthly is None:
                usage[(component.name, component.note or component.price_id or "unknown")] += 1
    usage_rows = [CostRow(name, "", f"{count:,} resource{'s' if count != 1 else ''}", note)
                  for (name, note), count in sorted(usage.items(), key=lambda kv: (-kv[1], kv[0]))]
    return top_rows, group_rows, usage_rows


def hop_counts(annotations: Annotations) -> list[Count]:
    counter = Counter(e.hop.value for e in annotations.latency)
    return [Count(hop, n) for hop, n in sorted(counter.items())]


def latency_sources(meta: Mapping[str, Any]) -> list[Pair]:
    table = meta.get("latency_table") or {}
    out = [Pair("latency table", f"{table.get('table', 'bundled')} version {table.get('version', '?')}, "
                                 f"as of {table.get('as_of', 'unknown')}")]
    for key, source in sorted((table.get("sources") or {}).items()):
        if isinstance(source, Mapping):
            out.append(Pair(key, " ".join(str(x) for x in (source.get("title", ""), source.get("date", ""),
                                                           source.get("url", "")) if x)))
    return out


# --------------------------------------------------------------------------------- changes


def changes(previous_label: str, old: Graph, old_annotations: Annotations | None, new: Graph,
            new_annotations: Annotations) -> ChangeSet:
    before = {r.address: r for r in old.resources}
    after = {r.address: r for r in new.resources}
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = []
    for address in sorted(set(after) & set(before)):
        a, b = before[address], after[address]
        if a.type != b.type or dict(a.attrs) != dict(b.attrs) or a.location != b.location:
            keys = sorted({k for k in set(a.attrs) | set(b.attrs) if a.attrs.get(k) != b.attrs.get(k)})
            detail = ", ".join(keys[:6]) + (f" (+{len(keys) - 6})" if len(keys) > 6 else "")
            changed.append(f"{address}: {detail or 'type or location'}")

    def open_set(annotations: Annotations | None) -> set[str]:
        if annotations is None:
            return set()
        return {f"{f.rule_id} {f.address}" for f in annotations.findings if f.result == Result.FAIL and not waived(f)}

    old_open, new_open = open_set(old_annotations), open_set(new_annotations)
    _, before_total = cost_total(old_annotations) if old_annotations else ("", None)
    _, after_total = cost_total(new_annotations)
    delta = "unknown" if before_total is None or after_total is None else f"{after_total - before_total:+,.2f} USD per month"
    return ChangeSet(previous_label, tuple(added), tuple(removed), tuple(changed), tuple(sorted(new_open - old_open)),
                     tuple(sorted(old_open - new_open)), money(before_total), money(after_total), delta)
