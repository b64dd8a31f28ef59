"""What a view is: nodes, groups (boxes) and edges, ready for any renderer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from infra2arch.model import Relation

INTERNET = "synthetic:internet"
DEFAULT_BUDGET = 60


@dataclass(frozen=True)
class ViewOptions:
    name: str = "engineering"
    budget: int = DEFAULT_BUDGET
    group_by: str = "network"                     # network | module
    show: frozenset[str] = frozenset()            # "depends" (ordering edges), "latency"
    focus: str | None = None
    focus_depth: int = 1
    filters: tuple[tuple[str, str], ...] = ()     # ("type", "aws_sagemaker_*"), ("module", ...), ("tag", "k=v")
    only: frozenset[str] | None = None            # draw just these addresses (a drill-down into one group)


@dataclass(frozen=True)
class VNode:
    id: str
    label: str
    tf_type: str
    icon: str | None
    members: tuple[str, ...]                      # graph addresses this node stands for
    group: str | None                             # VGroup id, None = top level
    tooltip: str = ""
    source: str = ""                              # file:line of the first member
    style: Mapping[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class VGroup:
    id: str
    label: str
    kind: str                                     # cloud | region | network | zone | subnet | services | module | legend
    parent: str | None
    style: Mapping[str, str] = field(default_factory=dict)
    order: str = ""


@dataclass(frozen=True)
class VEdge:
    src: str
    dst: str
    relation: Relation
    inferred: bool
    count: int = 1
    label: str = ""
    tooltip: str = ""
    highlight: str = ""                           # "" or a colour: a boundary crossing, a request path
    both_ways: bool = False                       # one edge for a two-way connection (a peering)


@dataclass(frozen=True)
class View:
    name: str
    title: str
    subtitle: str
    nodes: tuple[VNode, ...]
    groups: tuple[VGroup, ...]
    edges: tuple[VEdge, ...]
    notes: tuple[str, ...]
    stats: Mapping[str, Any]


# ------------------------------------------------------------------------------ classification
