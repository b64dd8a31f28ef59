"""Findings grouped by rule, and the control matrix of each chosen framework.

A control's row says how it is evidenced (rules, this report, or manual evidence), the rules, the
pass / fail / unknown / waived counts and every resource that did not pass. A control that only
manual evidence can satisfy is listed as such: no control of a chosen framework is left out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

from infra2arch.annotate.findings.frameworks import Framework
from infra2arch.annotate.model import Finding, Result, Severity
from infra2arch.report.model import ControlRow, Count, FindingItem, FrameworkMatrix, RuleBlock

SECTION_TITLES = {
    "cover": "1 Cover", "summary": "2 Executive summary", "architecture": "3 Architecture", "flows": "3.2 Flows",
    "compute": "3.3 ML compute", "inventory": "4 Inventory", "zones": "5 Zones and boundaries",
    "findings": "6 Findings", "controls": "7 Control matrix", "cost": "8 Cost", "latency": "8 Latency",
    "gaps": "9 Gaps and accuracy", "changes": "10 Changes", "evidence": "11 Evidence appendix",
}


def waived(finding: Finding) -> bool:
    return finding.waiver is not None and not finding.waiver.expired


def item(finding: Finding) -> FindingItem:
    waiver_text, state = "", ""
    if finding.waiver is not None:
        expiry = f"expires {finding.waiver.expires}" if finding.waiver.expires else "no expiry"
        if finding.waiver.expired:
            state = "expired"
            waiver_text = f"waiver EXPIRED ({finding.waiver.expires}), no longer applies: {finding.waiver.reason}"
        else:
            state = "waived"
            waiver_text = f"{finding.waiver.reason} ({expiry})"
    return FindingItem(finding.address, finding.result.value, finding.evidence, finding.source.label(),
                       finding.default_applied, waiver_text, state)


def rule_blocks(findings: Sequence[Finding], frameworks: Sequence[Framework]) -> list[RuleBlock]:
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule_id].append(finding)
    keys = [f.key for f in frameworks]
    blocks = []
    for rule_id, items in by_rule.items():
        items.sort(key=lambda f: f.address)
        first = max(items, key=lambda f: f.severity.rank)  # a verdict may raise the severity (port 22)
        controls = "; ".join(f"{key} {', '.join(first.controls.get(key, ()))}" for key in keys
                             if first.controls.get(key))
        failing = tuple(item(f) for f in items if f.result == Result.FAIL and not waived(f))
        waived_items = tuple(item(f) for f in items if waived(f))
        unknown = tuple(item(f) for f in items if f.result == Result.UNKNOWN and not waived(f))
        passed = sum(1 for f in items if f.result == Result.PASS and not waived(f))
        blocks.append(RuleBlock(rule_id, first.severity.value, first.title, first.remediation, controls or "—",
                                failing, waived_items, unknown, passed))
    rank = {s.value: s.rank for s in Severity}
    return sorted(blocks, key=lambda b: (not b.failing, not b.unknown, -rank[b.severity], b.rule_id))


def severity_counts(findings: Iterable[Finding]) -> list[Count]:
    counts: dict[str, list[int]] = {s.value: [0, 0, 0, 0] for s in Severity}
    for finding in findings:
        row = counts[finding.severity.value]
        if waived(finding):
            row[3] += 1
        elif finding.result == Result.FAIL:
            row[0] += 1
        elif finding.result == Result.UNKNOWN:
            row[1] += 1
        else:
            row[2] += 1
    return [Count(severity, fail, f"{unknown} unknown, {passed} passed, {waived_count} waived")
            for severity, (fail, unknown, passed, waived_count) in counts.items()]


def control_matrix(framework: Framework, findings: Sequence[Finding]) -> FrameworkMatrix:
    by_control: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        for control in finding.controls.get(framework.key, ()):
            by_control[control].append(finding)
    rows = []
    totals = defaultdict(int)
    evaluated = {f.rule_id for f in findings}   # rules that found a resource of their types in this estate
    listed = {c.id for c in framework.controls}
    controls = list(framework.controls)
    # a control a recorded finding names but the framework file lacks is still shown, never dropped
    from infra2arch.annotate.findings.frameworks import Control

    for extra in sorted(set(by_control) - listed):
        controls.append(Control(extra, "(not in the bundled framework list)", ()))
    for control in controls:
        items = by_control.get(control.id, [])
        rules = sorted({f.rule_id for f in items} | set(control.rules))
        failed = [f for f in items if f.result == Result.FAIL and not waived(f)]
        unknown = [f for f in items if f.result == Result.UNKNOWN and not waived(f)]
        waived_items = [f for f in items if waived(f)]
        passed = sum(1 for f in items if f.result == Result.PASS and not waived(f))
        if failed:
            status = "fail"
        elif unknown:
            status = "unknown"
        elif waived_items:
            status = "waived"
        elif passed:
            status = "pass"
        elif rules:
            status = "not tested"  # the rules exist but no resource of their types was found
        elif control.report:
            status = "report"
        else:
            status = "manual"
        evidence = "rules" if rules else ("report" if control.report else "manual")
        resources = []
        for label, group in (("fail", failed), ("unknown", unknown), ("waived", waived_items)):
            for address in sorted({f"{f.address} ({f.rule_id}, {label})" for f in group}):
                resources.append(address)
        sections = ", ".join(SECTION_TITLES[s] for s in control.report)
        not_passing = sorted({f.rule_id for f in failed + unknown + waived_items})
        others = len(rules) - len(not_passing)
        parts = list(not_passing)
        if others:
            parts.append(f"{others} {'other ' if not_passing else ''}rule{'s' if others != 1 else ''} passed or found nothing")
        rules_short = ", ".join(parts)
        rows.append(ControlRow(control.id, control.title, evidence, _rules_text(rules, evaluated), passed, len(failed),
                               len(unknown), len(waived_items), "\n".join(resources), status, sections,
                               rules_short or "—"))
        totals[status] += 1
    return FrameworkMatrix(framework.id, framework.name, framework.version, framework.source, tuple(rows),
                           dict(sorted(totals.items())))


def _rules_text(rules: Sequence[str], evaluated: set[str]) -> str:
    """The rules behind a control that apply to this estate, by id; the others (an Azure estate has
    no use for the AWS rules a control maps) as a count, so the row stays readable."""
    if not rules:
        return "—"
    applied = [r for r in rules if r in evaluated]
    others = len(rules) - len(applied)
    if not others:
        return ", ".join(applied)
    rest = f"{others} rule{'s' if others != 1 else ''} for resource types not in this estate"
    return f"{', '.join(applied)} (+{rest})" if applied else f"none applies here ({rest})"
