"""The findings engine: rules keyed by Terraform type, evaluated on every (non-data) resource.

A :class:`Rule` names the types it applies to and carries a check ``check(resource, context) ->
Verdict``. Simple attribute checks are table rows built with :func:`row` (attribute path, values
that pass, default when absent); the rest are small functions in ``rules_<cloud>.py``. Compliance
controls are data in :mod:`.controls`, keyed by rule id through rule families.

Every resource of a rule's types gets exactly one result - PASS, FAIL or UNKNOWN - and passes are
kept (auditors need them). Provider defaults apply when an attribute is absent (``null`` counts as
absent), and the finding says so (``default_applied``). A value that cannot be known from the input
(an unset variable) gives UNKNOWN; a reference to another resource's attribute (``aws_kms_key.k.arn``)
counts as *set* for presence checks, since Terraform only knows its value after apply.

Waivers never hide a finding: a matching waiver is attached to it (an expired one with
``expired=True``, which does not count as waived).
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping, Sequence

from infra2arch.annotate.model import Finding, Result, Severity, Waiver, ZoneInfo
from infra2arch.catalog import azapi, kind
from infra2arch.model import UNKNOWN_PART, Edge, Graph, Resource, Unknown

__all__ = [
    "Context", "Rule", "Verdict", "RULES", "evaluate_findings", "failing", "rules_markdown", "row",
    "MISSING", "CATALOG", "NO_DEFAULT", "get_path", "fmt", "unknown_text", "is_reference",
]


class _Marker:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


MISSING = _Marker("MISSING")          # the attribute is absent (or null)
CATALOG = _Marker("CATALOG")          # row default: take the provider default from the catalog record
NO_DEFAULT = _Marker("NO_DEFAULT")    # row default: absent has no provider default (fails as "not set")


# ----------------------------------------------------------------------------------- rule values


@dataclass(frozen=True)
class Verdict:
    result: Result
    evidence: str
    attribute: str = ""
    default_applied: bool = False
    severity: Severity | None = None   # overrides the rule's severity for this finding (e.g. port 22 -> critical)


@dataclass
class Context:
    """What a check may read besides its resource: the graph, zones, folded children, the catalog."""

    graph: Graph
    zones: Mapping[str, ZoneInfo]
    by_address: dict[str, Resource] = field(init=False)
    by_type: dict[str, list[Resource]] = field(init=False)
    edges_to: dict[str, list[Edge]] = field(init=False)
    edges_from: dict[str, list[Edge]] = field(init=False)
    _children: dict[str, list[Resource]] = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)   # whole-graph facts a rule computes once per evaluation

    def __post_init__(self) -> None:
        self.by_address = self.graph.by_address()
        self.edges_to = defaultdict(list)
        self.edges_from = defaultdict(list)
        for edge in self.graph.edges:
            self.edges_to[edge.dst].append(edge)
            self.edges_from[edge.src].append(edge)
        self.by_type = defaultdict(list)
        for resource in self.graph.resources:
            self.by_type[resource.type].append(resource)
        self._children = defaultdict(list)
        for child, parent in self.graph.folded.items():
            if child in self.by_address:
                self._children[parent].append(self.by_address[child])
        for items in self._children.values():
            items.sort(key=lambda r: r.address)

    def children(self, address: str, *types: str) -> list[Resource]:
        """Configuration resources folded into ``address`` (optionally only of the given types)."""
        items = self._children.get(address, [])
        return [r for r in items if not types or r.type in types]

    def folded(self, resource: Resource) -> bool:
        return resource.address in self.graph.folded

    def managed(self, *types: str) -> list[Resource]:
        return [r for t in types for r in self.by_type.get(t, ()) if r.mode != "data"]

    def default(self, resource: Resource, path: str) -> Any:
        """The provider default for an attribute path, from the catalog record (MISSING when none)."""
        record = kind(resource.type)
        if record is None:
            return MISSING
        return record.defaults.get(path, MISSING)


Check = Callable[[Resource, Context], Verdict]
Applies = Callable[[Resource, Context], bool]


@dataclass(frozen=True)
class Rule:
    id: str                                        # I2A-AWS-001, I2A-GCP-…, I2A-AZ-…, I2A-NET-…
    severity: Severity
    title: str
    types: tuple[str, ...]                         # Terraform types it applies to; () = any type (see scope)
    remediation: str
    check: Check = field(compare=False, repr=False)
    controls: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    refs: tuple[str, ...] = ()                     # checkov / prowler ids covering the same ground
    applies: Applies | None = field(default=None, compare=False, repr=False)  # narrows the types
    scope: str = ""                                # for docs, when types alone do not say which resources
    severity_note: str = ""                        # for docs, when a finding's severity can differ from the rule's


# -------------------------------------------------------------------------------- value helpers


def get_path(value: Any, path: str) -> Any:
    """The value at a dotted path; nested blocks (lists of dicts) use their first element.

    Returns MISSING when absent or null, and an :class:`Unknown` met on the way (a whole block that
    is unknown) as the value.
    """
    current = value
    for part in path.split("."):
        if isinstance(current, Unknown):
            return current
        if isinstance(current, list):
            if not current:
                return MISSING
            current = current[0]
            if isinstance(current, Unknown):
                return current
        if not isinstance(current, Mapping) or part not in current or current[part] is None:
            return MISSING
        current = current[part]
    if isinstance(current, list) and not current:
        return MISSING
    return current


def blocks(value: Any) -> list[Any]:
    """A nested block value as a list of its elements (dicts, or Unknown)."""
    if value is None or value is MISSING:
        return []
    if isinstance(value, list):
        return value
    return [value]


def is_reference(value: Any) -> bool:
    """An Unknown that stands for another resource's attribute (set, value known after apply)."""
    return isinstance(value, Unknown) and (bool(value.origins) or
                                           (isinstance(value.partial, str) and bool(value.partial.strip(UNKNOWN_PART))))


def unknown_text(value: Unknown) -> str:
    return value.reason or "not known from the input"


def fmt(value: Any, limit: int = 80) -> str:
    """A short, stable rendering of a value for evidence."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Unknown):
        if value.origins:
            address, attribute = sorted(value.origins)[0]
            return f"{address}.{attribute} (known after apply)"
        if isinstance(value.partial, str) and value.partial.strip(UNKNOWN_PART):
            return value.partial.replace(UNKNOWN_PART, "…")
        return f"unknown ({value.reason})"
    if isinstance(value, str):
        text = value
    elif isinstance(value, (list, tuple)):
        text = "[" + ", ".join(fmt(v, limit) for v in value) + "]"
    elif isinstance(value, Mapping):
        text = "{" + ", ".join(f"{k}: {fmt(v, limit)}" for k, v in value.items()) + "}"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
        return lowered
    return value


def _matches(value: Any, accepted: Iterable[Any]) -> bool:
    value = _normalise(value)
    return any(value == _normalise(a) and type(_normalise(a)) is type(value) for a in accepted)


# ------------------------------------------------------------------------------ table-row rules


@dataclass(frozen=True)
class _Row:
    path: str | Mapping[str, str]        # attribute path, or per type
    ok: tuple[Any, ...] = ()             # values that pass (compared case-insensitively; "true" == True)
    present: bool = False                # pass when the attribute is set (non-empty)
    default: Any = CATALOG               # when absent: CATALOG (Kind.defaults), NO_DEFAULT, or a value
    absent: str = ""                     # what absence means, for presence checks ("AWS-managed key")
    aliases: tuple[str, ...] = ()        # other names of the same attribute (older provider versions)

    def path_for(self, resource: Resource) -> str:
        if isinstance(self.path, str):
            return self.path
        return self.path[resource.type]

    def check(self, resource: Resource, context: Context) -> Verdict:
        path = self.path_for(resource)
        value = get_path(resource.attrs, path)
        for alias in self.aliases:
            if value is not MISSING:
                break
            alias_value = get_path(resource.attrs, alias)
            if alias_value is not MISSING:
                path, value = alias, alias_value
        if self.present:
            return presence(value, path, self.absent)
        if isinstance(value, Unknown):
            return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}: not known from the input", path)
        if value is MISSING:
            default = context.default(resource, path) if self.default is CATALOG else self.default
            if default is MISSING or default is NO_DEFAULT:
                return Verdict(Result.FAIL, f"{path} not set", path, default_applied=False)
            result = Result.PASS if _matches(default, self.ok) else Result.FAIL
            return Verdict(result, f"{path} not set: provider default {fmt(default)}", path, default_applied=True)
        result = Result.PASS if _matches(value, self.ok) else Result.FAIL
        return Verdict(result, f"{path} = {fmt(value)}", path)


def presence(value: Any, path: str, absent: str = "") -> Verdict:
    """PASS when set (a reference to another resource counts), FAIL when absent, UNKNOWN when unknown."""
    if value is MISSING:
        meaning = f": {absent}" if absent else ""
        return Verdict(Result.FAIL, f"{path} not set{meaning}", path, default_applied=True)
    if isinstance(value, Unknown):
        if is_reference(value):
            return Verdict(Result.PASS, f"{path} set to {fmt(value)}", path)
        return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}: not known from the input", path)
    if value == "" or value == [] or value == {}:
        return Verdict(Result.FAIL, f"{path} is empty" + (f": {absent}" if absent else ""), path)
    if isinstance(value, (list, dict)):
        return Verdict(Result.PASS, f"{path} set: {fmt(value, 60)}", path)
    return Verdict(Result.PASS, f"{path} = {fmt(value)}", path)


def row(id: str, severity: Severity, title: str, types: Sequence[str], path: str | Mapping[str, str], *,
        ok: Sequence[Any] = (), present: bool = False, default: Any = CATALOG, absent: str = "",
        aliases: Sequence[str] = (), remediation: str, refs: Sequence[str] = ()) -> Rule:
    """A simple attribute check as one table row: PASS when the value (or the default) is in ``ok``,
    or, with ``present=True``, when the attribute is set."""
    spec = _Row(path, tuple(ok), present, default, absent, tuple(aliases))
    return Rule(id, severity, title, tuple(types), remediation, spec.check, refs=tuple(refs))


# ---------------------------------------------------------------------------- the rule registry

# The rule modules import the names above from this package, so they are imported only now.
from infra2arch.annotate.findings import controls as _controls  # noqa: E402
from infra2arch.annotate.findings import rules_aws, rules_azure, rules_gcp, rules_network, rules_runtime  # noqa: E402


def _with_controls(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    out = []
    for rule in rules:
        out.append(replace(rule, controls=_controls.controls_for(rule.id)))
    ids = [r.id for r in out]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RuntimeError(f"duplicate rule ids: {duplicates}")
    return tuple(sorted(out, key=lambda r: r.id))


RULES: tuple[Rule, ...] = _with_controls((*rules_aws.RULES, *rules_gcp.RULES, *rules_azure.RULES,
                                          *rules_network.RULES, *rules_runtime.RULES))


# ------------------------------------------------------------------------------------ the engine


def evaluate_findings(graph: Graph, zones: Mapping[str, ZoneInfo], waivers: Sequence[Waiver] = (),
                      today: datetime.date | None = None) -> tuple[Finding, ...]:
    """One finding per (rule, resource) for every managed resource of each rule's types."""
    today = today or datetime.date.today()
    context = Context(graph, zones)
    findings: list[Finding] = []
    for rule in RULES:
        candidates = (r for r in graph.resources) if not rule.types else (
            r for t in rule.types for r in context.by_type.get(t, ()))
        for resource in candidates:
            if resource.mode == "data":
                continue
            if rule.applies is not None and not rule.applies(resource, context):
                continue
            try:
                verdict = rule.check(resource, context)
            except Exception as error:  # a rule bug must not hide every other finding
                verdict = Verdict(Result.UNKNOWN, f"rule could not be evaluated: {type(error).__name__}: {error}")
            if verdict is None:
                continue
            verdict = _within_azapi_mapping(resource, verdict)
            finding = Finding(
                rule_id=rule.id,
                severity=verdict.severity or rule.severity,
                title=rule.title,
                address=resource.address,
                result=verdict.result,
                evidence=verdict.evidence,
                attribute=verdict.attribute,
                source=resource.source,
                remediation=rule.remediation,
                controls=rule.controls,
                default_applied=verdict.default_applied,
            )
            findings.append(_attach_waiver(finding, waivers, today))
    findings.sort(key=lambda f: (f.rule_id, f.address))
    return tuple(findings)


def _within_azapi_mapping(resource: Resource, verdict: Verdict) -> Verdict:
    """An AzAPI resource read as its azurerm type (catalog/azapi.py) has only the attributes the
    mapping produces: a pass or fail on any other attribute would judge a value nobody wrote."""
    if verdict.result == Result.UNKNOWN or not verdict.attribute:
        return verdict
    mapped = azapi.covered(resource)
    if mapped is None or verdict.attribute.split(".", 1)[0] in mapped:
        return verdict
    return Verdict(Result.UNKNOWN, f"{verdict.attribute} is not mapped from the AzAPI body "
                                   f"({resource.attrs.get(azapi.MARKER)}): not known", verdict.attribute)


def _glob(pattern: str) -> re.Pattern[str]:
    """Only ``*`` and ``?`` are wildcards: addresses contain brackets (``x["a"]``) taken literally."""
    return re.compile("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern) + r"\Z")


def _waiver_matches(waiver: Waiver, finding: Finding) -> bool:
    return bool(_glob(waiver.rule).match(finding.rule_id)) and bool(_glob(waiver.address).match(finding.address))


def _expired(waiver: Waiver, today: datetime.date) -> bool:
    if not waiver.expires:
        return False
    try:
        return datetime.date.fromisoformat(str(waiver.expires)[:10]) < today
    except ValueError:
        return True  # an expiry that cannot be read does not waive anything


def _attach_waiver(finding: Finding, waivers: Sequence[Waiver], today: datetime.date) -> Finding:
    if finding.result == Result.PASS:
        return finding
    matching = [replace(w, expired=_expired(w, today)) for w in waivers if _waiver_matches(w, finding)]
    if not matching:
        return finding
    matching.sort(key=lambda w: w.expired)  # a valid waiver wins over an expired one
    return replace(finding, waiver=matching[0])


def failing(findings: Iterable[Finding], at_or_above: Severity) -> list[Finding]:
    """Unwaived FAIL findings at or above a severity (what ``--fail-on`` fails on)."""
    return [f for f in findings
            if f.result == Result.FAIL and f.severity.rank >= at_or_above.rank
            and (f.waiver is None or f.waiver.expired)]


# --------------------------------------------------------------------------------------- docs


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown() -> str:
    """A Markdown table of every rule: id, severity, title, types, controls per framework, see also."""
    frameworks = _controls.FRAMEWORKS
    header = ["id", "severity", "title", "applies to", *frameworks, "see also"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for rule in RULES:
        types = rule.scope or ", ".join(f"`{t}`" for t in rule.types)
        if rule.scope and rule.types:
            types = f"{rule.scope} ({', '.join(f'`{t}`' for t in rule.types)})"
        severity = rule.severity.value + (f" ({rule.severity_note})" if rule.severity_note else "")
        cells = [rule.id, _cell(severity), _cell(rule.title), _cell(types),
                 *(", ".join(rule.controls.get(fw, ())) or "–" for fw in frameworks),
                 ", ".join(rule.refs) or "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
