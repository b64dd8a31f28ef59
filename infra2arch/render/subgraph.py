"""The part of a graph a drill-down map needs, so hundreds of drill-downs of a 10,000-resource
estate each cost time in proportion to their own size, not the estate's.

A drill-down draws a set of resources (``ViewOptions.only``). Building its view reads more than
those resources: the boxes they sit in (containment, transitively), the route tables and gateways
that make a subnet public or private, the security groups and rules that become network edges,
the configuration folded into them, and their neighbours (for placement and edges). ``Neighbourhood``
indexes the graph once and cuts that closure out for each set; the explorer's tests check that a
view built from the cut is the view built from the whole graph.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Iterable

from infra2arch.catalog import Category, kind
from infra2arch.model import Graph

# the network skeleton: what tiers, allowed paths and peerings are computed from
_SKELETON = frozenset({Category.NETWORK_VPC, Category.NETWORK_SUBNET, Category.NETWORK_ROUTE,
                       Category.NETWORK_GATEWAY, Category.NETWORK_FIREWALL})


class Neighbourhood:
    def __init__(self, graph: Graph):
        self.graph = graph
        self.by_address = graph.by_address()
        self.addresses = frozenset(self.by_address)
        self.edges_of: dict[str, list[int]] = defaultdict(list)
        for index, edge in enumerate(graph.edges):
            self.edges_of[edge.src].append(index)
            self.edges_of[edge.dst].append(index)
        self.parents: dict[str, set[str]] = defaultdict(set)
        self.containment_of: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(graph.containment):
            self.parents[item.child].add(item.parent)
            self.containment_of[item.child].append(index)
        self.children_folded: dict[str, list[str]] = defaultdict(list)
        for child, parent in graph.folded.items():
            self.children_folded[parent].append(child)
        # the network skeleton (networks, subnets, routes, gateways, firewalls and their rules) goes
        # into every cut: tiers, allowed paths and peerings are read off it by attribute values
        # (CIDR ranges, names, tags), not only by edges, so it is kept whole
        self.skeleton = {a for a, r in self.by_address.items()
                         if (k := kind(r.type)) is not None and k.category in _SKELETON}
        for address in list(self.skeleton):
            self.skeleton.update(self.children_folded.get(address, ()))
            if address in graph.folded:
                self.skeleton.add(graph.folded[address])
        # resources placed in several subnets: they decide how those subnets are boxed together
        subnets = {a for a, r in self.by_address.items()
                   if (k := kind(r.type)) is not None and k.category == Category.NETWORK_SUBNET}
        self.spanning: dict[str, set[str]] = defaultdict(set)
        for child, parents in self.parents.items():
            inside = parents & subnets
            if len(inside) > 1:
                for subnet in inside:
                    self.spanning[subnet].add(child)

    def _neighbours(self, address: str) -> Iterable[str]:
        for index in self.edges_of.get(address, ()):
            edge = self.graph.edges[index]
            yield edge.dst if edge.src == address else edge.src

    def _with_ancestors(self, keep: set[str]) -> None:
        stack = list(keep)
        while stack:
            for parent in self.parents.get(stack.pop(), ()):
                if parent not in keep:
                    keep.add(parent)
                    stack.append(parent)

    def _with_folded(self, keep: set[str]) -> None:
        for address in list(keep):
            keep.update(self.children_folded.get(address, ()))
            parent = self.graph.folded.get(address)
            if parent is not None:
                keep.add(parent)
                keep.update(self.children_folded.get(parent, ()))

    def cut(self, members: Iterable[str]) -> Graph:
        members = set(members)
        keep: set[str] = set(members) | self.skeleton
        self._with_folded(keep)
        for address in members:              # neighbours: placement, edges, identities, keys
            keep.update(self._neighbours(address))
            for child in self.children_folded.get(address, ()):
                keep.update(self._neighbours(child))
        self._with_folded(keep)
        self._with_ancestors(keep)
        while True:  # subnets spanned together share a box: follow the spanners to a fixed point
            spanned = {a for a in keep if a in self.spanning}
            added = {s for subnet in spanned for s in self.spanning[subnet]} - keep
            if not added:
                break
            keep |= added
            self._with_ancestors(keep)
        self._with_ancestors(keep)
        keep &= self.addresses
        graph = self.graph
        edge_indexes = sorted({i for a in keep for i in self.edges_of.get(a, ())
                               if graph.edges[i].src in keep and graph.edges[i].dst in keep})
        containment = sorted({i for a in keep for i in self.containment_of.get(a, ())
                              if graph.containment[i].parent in keep})
        return replace(graph,
                       resources=tuple(r for r in graph.resources if r.address in keep),
                       edges=tuple(graph.edges[i] for i in edge_indexes),
                       containment=tuple(graph.containment[i] for i in containment),
                       folded={c: p for c, p in graph.folded.items() if c in keep})
