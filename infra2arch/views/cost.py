"""The cost view: monthly cost on each node, heat colouring, the total in the title block."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from infra2arch.model import Graph
from infra2arch.views.engineering import build_engineering
from infra2arch.views.model import View, ViewOptions


_HEAT = ("#FFF7EC", "#FEE8C8", "#FDD49E", "#FDBB84", "#FC8D59")  # light: labels stay readable


def build_cost(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    """Monthly cost on each node and group, heat colouring, total in the title block."""
    view = build_engineering(graph, options, annotations)
    costs = annotations.costs
    totals: dict[str, float] = {}
    statuses: dict[str, set[str]] = {}
    for node in view.nodes:
        totals[node.id] = sum(costs[m].monthly for m in node.members if m in costs)
        statuses[node.id] = {costs[m].status.value for m in node.members if m in costs}
    ranked = sorted((v for v in totals.values() if v > 0), reverse=True)
    nodes = []
    for node in view.nodes:
        if not node.members:
            nodes.append(node)
            continue
        total = totals[node.id]
        status = statuses[node.id]
        if total > 0:
            text = f"${total:,.0f}/mo" if total >= 10 else f"${total:,.2f}/mo"
            if "depends-on-usage" in status or "unknown" in status:
                text += " + usage"
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
            position = ranked.index(total) / max(len(ranked), 1)
            colour = _HEAT[4 - min(4, int(position * 5))]
            style.update({"style": "filled,rounded", "fillcolor": colour, "color": colour, "shape": "box",
                          "fixedsize": "false"} if not node.icon else {"style": "filled", "fillcolor": colour,
                                                                       "color": colour})
        nodes.append(replace(node, label=f"{node.label}\n{text}" if text else node.label, style=style))
    total_rollup = next((r for r in annotations.rollups if r.group_kind == "total"), None)
    total_text = f"${total_rollup.monthly:,.0f}/month" if total_rollup else "unknown"
    if total_rollup and total_rollup.usage_dependent:
        total_text += f" + usage-based parts of {total_rollup.usage_dependent} resources"
    book = annotations.meta.get("price_book", {}) if annotations.meta else {}
    top = sorted(((v, n.label.splitlines()[0]) for n in view.nodes for v in [totals.get(n.id, 0)] if v > 0),
                 reverse=True)[:5]
    notes = view.notes + (f"estimated monthly total {total_text} (price book {book.get('version', '?')}, "
                          f"prices as of {book.get('as_of', '?')}; 730 hours a month)",
                          "most expensive: " + ", ".join(f"{name} ${v:,.0f}" for v, name in top) if top else "nothing priced")
    return replace(view, nodes=tuple(nodes), subtitle=view.subtitle + f" · monthly total {total_text}", notes=notes)
