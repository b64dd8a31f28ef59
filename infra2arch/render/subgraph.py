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
        self.edges_between: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for index, edge in enumerate(graph.edges):
            self.edges_of[edge.src].append(index)
            self.edges_of[edge.dst].append(index)
            self.edges_between[edge.src][edge.dst].append(index)
            if edge.dst != edge.src:
                self.edges_between[edge.dst][edge.src].append(index)
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

        # the skeleton's own closure is the same for every cut: computed once (see ``cut``)
        self.base = self._closed(self._with_folded(self._with_folded(set(self.skeleton))))
        self.base_kept = self.base & self.addresses
        self.positions: dict[str, list[int]] = defaultdict(list)
        for index, resource in enumerate(graph.resources):
            self.positions[resource.address].append(index)
        self.base_edges = {i for a in self.base_kept for i in self.edges_of.get(a, ())
                           if graph.edges[i].src in self.base_kept and graph.edges[i].dst in self.base_kept}
        self.base_containment = {i for a in self.base_kept for i in self.containment_of.get(a, ())
                                 if graph.containment[i].parent in self.base_kept}

    def _neighbours(self, address: str) -> Iterable[str]:
        for index in self.edges_of.get(address, ()):
            edge = self.graph.edges[index]
            yield edge.dst if edge.src == address else edge.src

    def _with_folded(self, keep: set[str]) -> set[str]:
        """keep, plus the configuration folded into each of its resources and, for a folded
        resource, the resource it folds into and that one's other folded configuration."""
        for address in list(keep):
            keep.update(self.children_folded.get(address, ()))
            parent = self.graph.folded.get(address)
            if parent is not None:
                keep.add(parent)
                keep.update(self.children_folded.get(parent, ()))
        return keep

    def _closed(self, keep: set[str], closed: frozenset[str] | set[str] = frozenset()) -> set[str]:
        """keep with everything above it (containment, transitively) and, for each subnet, the
        resources placed in it and in other subnets too (subnets spanned together share a box, so
        their spanners and boxes come along, to a fixed point). Nothing is followed past
        ``closed``, a set already closed this way."""
        stack = [a for a in keep if a not in closed]
        while stack:
            address = stack.pop()
            for above in (*self.parents.get(address, ()), *self.spanning.get(address, ())):
                if above not in keep and above not in closed:
                    keep.add(above)
                    stack.append(above)
        return keep

    def cut(self, members: Iterable[str]) -> Graph:
        """The graph of what a view of ``members`` reads: the members, the network skeleton,
        folded configuration (both ways), the members' neighbours, and everything above all of
        that. Each step adds per resource, so the cut is the skeleton's closure (computed once)
        joined with the closure of the members' own part."""
        members = set(members)
        near: set[str] = set()
        for address in members:              # neighbours: placement, edges, identities, keys
            near.update(self._neighbours(address))
            for child in self.children_folded.get(address, ()):
                near.update(self._neighbours(child))
        own = self._with_folded(self._with_folded(set(members))) | self._with_folded(near)
        extra = (self._closed(own, self.base) - self.base) & self.addresses
        keep = self.base_kept | extra
        graph = self.graph
        edge_indexes = set(self.base_edges)
        containment = set(self.base_containment)
        for address in extra:
            edges = self.edges_of.get(address, ())
            if len(edges) > len(keep):   # a hub (a role, a key): look up the kept ends instead
                by_end = self.edges_between[address]
                edge_indexes.update(i for other in keep for i in by_end.get(other, ()))
            else:
                edge_indexes.update(i for i in edges if graph.edges[i].src in keep and graph.edges[i].dst in keep)
            containment.update(i for i in self.containment_of.get(address, ())
                               if graph.containment[i].parent in keep)
        return replace(graph,
                       resources=tuple(graph.resources[i] for i in sorted(i for a in keep for i in self.positions[a])),
                       edges=tuple(graph.edges[i] for i in sorted(edge_indexes)),
                       containment=tuple(graph.containment[i] for i in sorted(containment)),
                       folded={c: p for c, p in graph.folded.items() if c in keep})
