"""Compliance frameworks as data: every control of each framework, whether rules evidence it, and
which report sections answer it (``infra2arch/annotate/data/frameworks/<id>.yaml``).

:mod:`.controls` says which controls each rule evidences; these files list *all* of a framework's
controls, so that a report can say, for every one, whether it was tested by rules, is answered by
the report itself (a network diagram, an inventory, a change log), or needs manual evidence that
infrastructure cannot show (policies, training, physical security). Nothing is silently absent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from infra2arch.annotate.findings.controls import FRAMEWORKS, RULE_FAMILIES, controls_for
from infra2arch.errors import UserError
from infra2arch.yamlio import load_yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "frameworks"
ORDER = ("soc2", "iso27001", "pci-dss", "hipaa", "eu-ai-act", "nist-ai-rmf")
SECTIONS = ("cover", "summary", "architecture", "flows", "compute", "inventory", "zones", "findings", "controls",
            "cost", "latency", "gaps", "changes", "evidence")


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    report: tuple[str, ...] = ()       # report sections that answer it
    rules: tuple[str, ...] = ()        # rule ids that evidence it (from controls.py)

    @property
    def evidence(self) -> str:
        """rules | report | manual: how the control is evidenced (rules first)."""
        if self.rules:
            return "rules"
        return "report" if self.report else "manual"


@dataclass(frozen=True)
class Framework:
    id: str                            # soc2, iso27001, pci-dss, hipaa, eu-ai-act, nist-ai-rmf
    key: str                           # the name used in Finding.controls ("SOC 2")
    name: str
    version: str
    source: str
    controls: tuple[Control, ...]


def _rules_by_control(key: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for rule_id in sorted(RULE_FAMILIES):
        for control in controls_for(rule_id).get(key, ()):
            out.setdefault(control, []).append(rule_id)
    return out


@lru_cache(maxsize=None)
def load(framework_id: str) -> Framework:
    path = DATA / f"{framework_id}.yaml"
    if framework_id not in ORDER or not path.is_file():
        raise UserError(f"framework {framework_id!r}: known frameworks are {', '.join(ORDER)}")
    data = load_yaml(path.read_text(encoding="utf-8"))
    key = str(data["key"])
    if key not in FRAMEWORKS:
        raise ValueError(f"{path}: key {key!r} is not one of controls.FRAMEWORKS")
    rules = _rules_by_control(key)
    controls = []
    for item in data.get("controls") or ():
        sections = tuple(str(s) for s in item.get("report") or ())
        unknown = set(sections) - set(SECTIONS)
        if unknown:
            raise ValueError(f"{path}: control {item['id']}: unknown report sections {sorted(unknown)}")
        cid = str(item["id"])
        controls.append(Control(cid, str(item.get("title", "")), sections, tuple(rules.get(cid, ()))))
    return Framework(str(data["id"]), key, str(data.get("name", key)), str(data.get("version", "")),
                     str(data.get("source", "")), tuple(controls))


def all_frameworks() -> tuple[Framework, ...]:
    return tuple(load(f) for f in ORDER)


def parse_frameworks(values: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """``--framework`` values (repeatable, comma-separated; aliases accepted) -> framework ids in
    the canonical order; none given = all."""
    aliases = {"soc2": "soc2", "soc-2": "soc2", "iso27001": "iso27001", "iso-27001": "iso27001", "iso": "iso27001",
               "pci-dss": "pci-dss", "pci": "pci-dss", "pcidss": "pci-dss", "hipaa": "hipaa",
               "eu-ai-act": "eu-ai-act", "euaiact": "eu-ai-act", "ai-act": "eu-ai-act",
               "nist-ai-rmf": "nist-ai-rmf", "nist": "nist-ai-rmf", "ai-rmf": "nist-ai-rmf", "all": "all"}
    chosen: set[str] = set()
    for value in values or ():
        for part in str(value).split(","):
            name = part.strip().lower().replace("_", "-").replace(" ", "-")
            if not name:
                continue
            if name not in aliases:
                raise UserError(f"--framework {part.strip()!r}: use {', '.join(ORDER)} (or all)")
            if aliases[name] == "all":
                chosen.update(ORDER)
            else:
                chosen.add(aliases[name])
    return tuple(f for f in ORDER if f in chosen) if chosen else ORDER
