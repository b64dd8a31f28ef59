"""Views: what a map shows, for whom, within a node budget.

A view selects resources from the graph, nests them the way an architect draws them (cloud
account -> region -> VPC/VNet -> availability zone -> subnet, with regional services grouped by
kind), turns security groups into network edges, and collapses instances and siblings until the
map fits its node budget. It says what it collapsed or left out. Renderers only draw views.

One module per view (engineering, overview, security, cost, executive); shared nesting in ``layout``, the node
budget in ``budget``, nodes and edges in ``nodes`` and ``edges``. Adding a view: write a module with
``def build_x(graph, options, annotations) -> View`` and register it in ``VIEWS``.
"""

from __future__ import annotations

from typing import Any, Callable

from infra2arch.errors import UserError
from infra2arch.model import Graph
from infra2arch.views.classify import (NOT_DRAWN, ZONE_ORDER, ZONE_STYLES, display_name, family_of,
                                       key_fact)
from infra2arch.views.cost import build_cost
from infra2arch.views.engineering import build_engineering
from infra2arch.views.executive import build_executive
from infra2arch.views.layout import parse_filters
from infra2arch.views.model import DEFAULT_BUDGET, INTERNET, VEdge, VGroup, View, ViewOptions, VNode
from infra2arch.views.overview import build_overview
from infra2arch.views.security import SEVERITY_COLOURS, build_security

_NOT_DRAWN = NOT_DRAWN  # the name the map tests import

__all__ = ["DEFAULT_BUDGET", "INTERNET", "NOT_DRAWN", "SEVERITY_COLOURS", "VIEWS", "VEdge", "VGroup", "VNode", "View",
           "ViewOptions", "ZONE_ORDER", "ZONE_STYLES", "build_view", "display_name", "family_of", "key_fact",
           "parse_filters"]


def build_view(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    """The view ``options.name`` of the graph. Security and cost views, and ``show latency``, need
    the annotations (infra2arch.annotate.pipeline.annotate)."""
    builder = VIEWS.get(options.name)
    if builder is None:
        raise UserError(f"--view {options.name!r}: known views are {', '.join(sorted(VIEWS))}")
    if options.group_by not in ("network", "module", "zone"):
        raise UserError(f"--group-by {options.group_by!r}: use network, module or zone")
    if options.budget < 5:
        raise UserError("--budget must be at least 5 nodes")
    needs = options.name in ("security", "cost", "executive") or "latency" in options.show or options.group_by == "zone"
    if needs and annotations is None:
        raise UserError(f"the {options.name} view needs the annotations (zones, findings, cost, latency)")
    return builder(graph, options, annotations)


VIEWS: dict[str, Callable[..., View]] = {
    "engineering": build_engineering,
    "overview": build_overview,
    "security": build_security,
    "cost": build_cost,
    "executive": build_executive,
}
