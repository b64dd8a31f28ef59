"""Run every annotator over a graph: zones first (findings and latency read them), then findings,
cost and latency. Also turns annotations into JSON and back."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any, Mapping

from infra2arch.annotate.model import (
    Annotations,
    CostComponent,
    CostRollup,
    CostStatus,
    Crossing,
    EdgeLatency,
    Exposure,
    Finding,
    HopClass,
    Plane,
    RequestPath,
    ResourceCost,
    Result,
    ServingClass,
    Severity,
    Waiver,
    Zone,
    ZoneInfo,
)
from infra2arch.config import ProjectConfig
from infra2arch.errors import UserError
from infra2arch.model import Graph, Relation, SourceLocation


def annotate(graph: Graph, config: ProjectConfig | None = None, *, prices: Path | None = None,
             usage: Path | None = None, today: datetime.date | None = None) -> Annotations:
    from infra2arch.annotate.cost import PriceBook, estimate_costs, load_usage, rollups
    from infra2arch.annotate.findings import evaluate_findings
    from infra2arch.annotate.latency import LatencyTable, estimate_latency
    from infra2arch.annotate.zones import annotate_network

    config = config or ProjectConfig()
    zones, crossings, exposed = annotate_network(graph, config.zone_overrides)
    findings = evaluate_findings(graph, zones, config.waivers, today or datetime.date.today())
    book = PriceBook.load(None)
    for override in (config.prices, prices):
        if override is not None:
            if not Path(override).is_file():
                raise UserError(f"price file {override}: no such file")
            book = book.merged(PriceBook.load(Path(override)))
    usage_values: dict = {}
    for path in (config.usage, usage):
        if path is not None:
            if not Path(path).is_file():
                raise UserError(f"usage file {path}: no such file")
            usage_values.update(load_usage(Path(path)))
    costs = estimate_costs(graph, book, usage_values)
    cost_rollups = rollups(graph, costs, zones)
    latency, serving, paths, latency_meta = estimate_latency(graph, zones, LatencyTable.load(None))
    meta = {
        "price_book": {"version": str(getattr(book, "version", "")), "as_of": str(getattr(book, "as_of", "")),
                       "currency": "USD"},
        "latency_table": latency_meta,
        "config": str(config.path) if config.path else None,
        "usage_file": str(usage or config.usage) if (usage or config.usage) else None,
    }
    return Annotations(zones=zones, crossings=crossings, findings=findings, costs=costs, rollups=cost_rollups,
                       latency=latency, serving=serving, paths=paths, exposures=exposed, meta=meta)


# ------------------------------------------------------------------------------------------- JSON


def _source(source: SourceLocation) -> dict:
    return source.to_json()


def _money(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def annotations_to_dict(annotations: Annotations) -> dict[str, Any]:
    return {
        "zones": {address: {"zone": info.zone.value, "plane": info.plane.value, "reasons": list(info.reasons),
                            "overridden": info.overridden, "egress": info.egress, "egress_via": list(info.egress_via)}
                  for address, info in sorted(annotations.zones.items())},
        "crossings": [{"src": c.src, "dst": c.dst, "relation": c.relation.value, "from_zone": c.from_zone.value,
                       "to_zone": c.to_zone.value, "control": c.control, "control_kind": c.control_kind}
                      for c in annotations.crossings],
        "findings": [_finding(f) for f in annotations.findings],
        "costs": {address: {"status": cost.status.value, "monthly": _money(cost.monthly),
                            "components": [{"name": c.name, "unit": c.unit, "quantity": c.quantity,
                                            "unit_price": c.unit_price, "monthly": _money(c.monthly),
                                            "price_id": c.price_id, "note": c.note} for c in cost.components]}
                  for address, cost in sorted(annotations.costs.items())},
        "rollups": [{"group_kind": r.group_kind, "group": r.group, "monthly": _money(r.monthly),
                     "resources": r.resources, "usage_dependent": r.usage_dependent, "unpriced": r.unpriced,
                     "unknown": r.unknown}
                    for r in annotations.rollups],
        "latency": [{"src": e.src, "dst": e.dst, "hop": e.hop.value, "low_ms": e.low_ms, "high_ms": e.high_ms,
                     "basis": e.basis, "source": e.source} for e in annotations.latency],
        "serving": {address: {"kind": s.kind, "cold_start_ms": list(s.cold_start_ms) if s.cold_start_ms else None,
                              "note": s.note} for address, s in sorted(annotations.serving.items())},
        "paths": [{"entry": p.entry, "endpoint": p.endpoint, "hops": list(p.hops), "low_ms": p.low_ms,
                   "high_ms": p.high_ms, "serving": p.serving, "note": p.note} for p in annotations.paths],
        "exposures": [{"asset": e.asset, "path": list(e.path), "ports": e.ports, "reason": e.reason,
                       "control": e.control} for e in annotations.exposures],
        "meta": dict(annotations.meta),
    }


def _finding(f: Finding) -> dict[str, Any]:
    out = {"rule_id": f.rule_id, "severity": f.severity.value, "title": f.title, "address": f.address,
           "result": f.result.value, "evidence": f.evidence, "attribute": f.attribute, "source": _source(f.source),
           "remediation": f.remediation, "controls": {k: list(v) for k, v in sorted(f.controls.items())},
           "default_applied": f.default_applied}
    if f.waiver is not None:
        out["waiver"] = {"rule": f.waiver.rule, "address": f.waiver.address, "reason": f.waiver.reason,
                         "expires": f.waiver.expires, "expired": f.waiver.expired}
    return out


def annotations_from_dict(data: Mapping[str, Any]) -> Annotations:
    def source(item: Mapping | None) -> SourceLocation:
        item = item or {}
        return SourceLocation(item.get("file"), item.get("line"), item.get("api"))

    zones = {a: ZoneInfo(Zone(z["zone"]), Plane(z["plane"]), tuple(z.get("reasons", ())), bool(z.get("overridden")),
                         str(z.get("egress", "")), tuple(z.get("egress_via", ())))
             for a, z in (data.get("zones") or {}).items()}
    crossings = tuple(Crossing(c["src"], c["dst"], Relation(c["relation"]), Zone(c["from_zone"]), Zone(c["to_zone"]),
                               c.get("control"), c.get("control_kind", "unknown")) for c in data.get("crossings", ()))
    findings = []
    for f in data.get("findings", ()):
        waiver = f.get("waiver")
        findings.append(Finding(
            f["rule_id"], Severity(f["severity"]), f.get("title", ""), f["address"], Result(f["result"]),
            f.get("evidence", ""), f.get("attribute", ""), source(f.get("source")), f.get("remediation", ""),
            {k: tuple(v) for k, v in (f.get("controls") or {}).items()}, bool(f.get("default_applied")),
            Waiver(waiver["rule"], waiver["address"], waiver.get("reason", ""), waiver.get("expires"),
                   bool(waiver.get("expired"))) if waiver else None))
    costs = {}
    for address, c in (data.get("costs") or {}).items():
        components = tuple(CostComponent(x["name"], x.get("unit", ""), x.get("quantity"), x.get("unit_price"),
                                         x.get("monthly"), x.get("price_id", ""), x.get("note", ""))
                           for x in c.get("components", ()))
        costs[address] = ResourceCost(address, CostStatus(c["status"]), components, float(c.get("monthly") or 0))
    rollups = tuple(CostRollup(r["group_kind"], r["group"], float(r.get("monthly") or 0), int(r.get("resources", 0)),
                               int(r.get("usage_dependent", 0)), int(r.get("unpriced", 0)), int(r.get("unknown", 0)))
                    for r in data.get("rollups", ()))
    latency = tuple(EdgeLatency(e["src"], e["dst"], HopClass(e["hop"]), e.get("low_ms"), e.get("high_ms"),
                                e.get("basis", ""), e.get("source", "")) for e in data.get("latency", ()))
    serving = {a: ServingClass(a, s.get("kind", "unknown"),
                               tuple(s["cold_start_ms"]) if s.get("cold_start_ms") else None, s.get("note", ""))
               for a, s in (data.get("serving") or {}).items()}
    paths = tuple(RequestPath(p["entry"], p["endpoint"], tuple(p.get("hops", ())), p.get("low_ms"), p.get("high_ms"),
                              p.get("serving", ""), p.get("note", "")) for p in data.get("paths", ()))
    exposures = tuple(Exposure(e["asset"], tuple(e.get("path", ())), e.get("ports", ""), e.get("reason", ""),
                               e.get("control")) for e in data.get("exposures", ()))
    return Annotations(zones, crossings, tuple(findings), costs, rollups, latency, serving, paths, exposures,
                       dict(data.get("meta") or {}))


# ------------------------------------------------------------------------------------ summaries


def failing(annotations: Annotations, at_or_above: Severity) -> list[Finding]:
    return [f for f in annotations.findings
            if f.result == Result.FAIL and f.severity.rank >= at_or_above.rank
            and (f.waiver is None or f.waiver.expired)]
