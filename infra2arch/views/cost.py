"""The cost view: monthly cost on each node, heat colouring, the total in the title block."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from infra2arch.model import Graph
from infra2arch.views.engineering import build_engineering
from infra2arch.views.model import View, ViewOptions


_HEAT = ("#FFF7EC", "#FEE8C8", "#FDD49E", "#FDBB84", "#FC8D59")  # light: labels stay readable


def _heat_level(share: float) -> int:
    """0 (coolest) .. 4 (hottest) by share of the monthly total: <1 %, <5 %, <15 %, <35 %, more."""
    for level, bound in enumerate((0.01, 0.05, 0.15, 0.35)):
        if share < bound:
            return level
    return 4


def build_cost(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    """Monthly cost on each node and group, heat colouring, total in the title block."""
    view = build_engineering(graph, options, annotations)
    costs = annotations.costs
    totals: dict[str, float] = {}
    statuses: dict[str, set[str]] = {}
    for node in view.nodes:
        totals[node.id] = sum(costs[m].monthly for m in node.members if m in costs)
        statuses[node.id] = {costs[m].status.value for m in node.members if m in costs}
    # heat is the node's share of the known total: a $0.20 DNS zone is never hot next to a $900 firewall
    grand = sum(c.monthly for c in costs.values()) or 1.0
    nodes = []
    for node in view.nodes:
        if not node.members:
            nodes.append(node)
            continue
        total = totals[node.id]
        status = statuses[node.id]
        if total > 0:
            text = f"${total:,.0f}/mo" if total >= 10 else f"${total:,.2f}/mo"
            if "depends-on-usage" in status:
                text += " + usage"
            if "unknown" in status:
                text += " + unknown part"
        elif "depends-on-usage" in status:
            text = "usage-based"
        elif "unknown" in status:
            text = "cost unknown"
        elif status == {"free"}:
            text = "free"
        elif "unpriced" in status:
            text = "unpriced"
        else:
            text = ""
        style = dict(node.style)
        if total > 0:
            colour = _HEAT[_heat_level(total / grand)]
            style.update({"style": "filled,rounded", "fillcolor": colour, "color": colour, "shape": "box",
                          "fixedsize": "false"} if not node.icon else {"style": "filled", "fillcolor": colour,
                                                                       "color": colour})
        nodes.append(replace(node, label=f"{node.label}\n{text}" if text else node.label, style=style))
    from infra2arch.annotate.cost.rollup import total_text as _total_text

    total_text = _total_text(annotations.rollups, short=True,
                             not_loaded=sum(1 for m in graph.modules if not m.loaded))
    book = annotations.meta.get("price_book", {}) if annotations.meta else {}
    top = sorted(((v, _short_label(n.label)) for n in view.nodes for v in [totals.get(n.id, 0)] if v > 0),
                 reverse=True)[:5]
    notes = view.notes + (f"estimated monthly total {total_text} (price book {book.get('version', '?')}, "
                          f"prices as of {book.get('as_of', '?')}; 730 hours a month)",
                          _most_expensive(top),
                          "colour: share of the known monthly total (palest under 1 %, then 5 %, 15 %, 35 %, "
                          "darkest 35 % or more)")
    return replace(view, nodes=tuple(nodes), subtitle=view.subtitle + f" · monthly total {total_text}", notes=notes)


def _short_label(label: str) -> str:
    """Name and kind ("main (SageMaker endpoint)"): two resources may share a Terraform name."""
    lines = label.splitlines()
    return f"{lines[0]} ({lines[1]})" if len(lines) > 1 and lines[1] else (lines[0] if lines else "")


def _most_expensive(top: list[tuple[float, str]], width: int = 148) -> str:
    """As many of the top items as fit on one title-block line (longer notes are cut there)."""
    if not top:
        return "nothing priced"
    text = "most expensive: "
    for index, (value, name) in enumerate(top):
        item = f"{name} ${value:,.0f}" if value >= 10 else f"{name} ${value:,.2f}"
        candidate = text + (", " if index else "") + item
        if index and len(candidate) > width:
            break
        text = candidate
    return text
