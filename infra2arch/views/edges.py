"""Edges of a view: graph edges between drawn nodes, merged and counted; security groups as
network edges; the internet's entry points; request paths with their latency."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any, Container, Mapping

from infra2arch.annotate.network import entry_points
from infra2arch.catalog import Category, Shape, kind
from infra2arch.model import Graph, Relation
from infra2arch.annotate.egress_rules import firewall_allows_out
from infra2arch.traffic import allowed_paths
from infra2arch.views.layout import Layout, uid
from infra2arch.views.model import INTERNET, VEdge, ViewOptions, VNode

# on bigger maps the side relations (who runs as which role, which key encrypts what, where logs
# go) turn the picture into a mesh; they stay in the JSON and come back with --show
SIDE_EDGE_LIMIT = 40
SIDE_RELATIONS = frozenset({Relation.IAM, Relation.ENCRYPTS, Relation.LOGS})


def security_group_edges(graph: Graph, drawn: set[str]) -> list[tuple[str, str, str]]:
    """Network edges between resources, derived from the security groups they use and the rules
    between those groups (inframap's idea: a security group is a connection, not a box)."""
    by_address = graph.by_address()
    firewall = {a for a, r in by_address.items() if (k := kind(r.type)) and k.category == Category.NETWORK_FIREWALL}
    members: dict[str, set[str]] = defaultdict(set)
    allowed: list[tuple[str, str, str]] = []
    for edge in graph.edges:
        if edge.dst in firewall and edge.src not in firewall and edge.relation == Relation.NETWORK:
            members[edge.dst].add(edge.src)
        if edge.src in firewall and edge.dst in firewall and edge.relation == Relation.NETWORK:
            allowed.append((edge.src, edge.dst, edge.via))
    out = []
    for source_group, target_group, via in allowed:
        for a in sorted(members.get(source_group, ())):
            for b in sorted(members.get(target_group, ())):
                if a != b and a in drawn and b in drawn:
                    out.append((a, b, f"{source_group} → {target_group}"))
    return out


_EXPOSED_CATEGORIES = frozenset({Category.COMPUTE_VM, Category.COMPUTE_FUNCTION, Category.COMPUTE_CONTAINER,
                                 Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_WORKSPACE, Category.ML_ENDPOINT,
                                 Category.STORAGE_OBJECT, Category.NETWORK_LOAD_BALANCER})


def internet_entries(graph: Graph, annotations: Any, among: Container[str] | None = None) -> dict[str, str]:
    """What the Internet node connects to: entry points, plus (with zones) every running or storing
    resource the zones annotator found reachable from the internet (a notebook with direct internet
    access, a compute instance with a public IP, a public bucket). ``among``: the caller keeps
    only these, so the zones of the others are not looked at."""
    entries = dict(entry_points(graph))
    if annotations is not None:
        from infra2arch.annotate.model import Zone

        resources = graph.by_address()
        for address, info in annotations.zones.items():
            if among is not None and address not in among:
                continue
            resource = resources.get(address) if address not in entries else None
            record = kind(resource.type) if resource is not None else None
            if (record is not None and info.zone == Zone.EDGE and record.category in _EXPOSED_CATEGORIES
                    and address not in graph.folded and resource.mode != "data"):
                entries[address] = info.reasons[-1] if info.reasons else "reachable from the internet"
    return entries


def latency_overlay(graph: Graph, layout: Layout, nodes: list[VNode], edges: list[VEdge], annotations: Any) -> list[VEdge]:
    """Edges of each critical request path: highlighted and labelled with their latency estimate."""
    node_of = {m: n.id for n in nodes for m in n.members}
    node_of[INTERNET] = INTERNET
    on_path: dict[tuple[str, str], str] = {}
    estimates = {(e.src, e.dst): e for e in annotations.latency}
    for path in annotations.paths:
        hops = list(path.hops)
        if hops and hops[0] != INTERNET and INTERNET in node_of:
            hops = [INTERNET] + hops
        for a, b in zip(hops, hops[1:]):
            estimate = estimates.get((a, b))
            label = ""
            if estimate is not None and estimate.low_ms is not None and estimate.high_ms is not None:
                label = f"{estimate.low_ms:g}–{estimate.high_ms:g} ms"
            on_path[(node_of.get(graph.folded.get(a, a), ""), node_of.get(graph.folded.get(b, b), ""))] = label
        if path.low_ms is not None and path.high_ms is not None:
            names = [layout.by_address[h].name if h in layout.by_address else h for h in path.hops]
            layout.notes.append(f"request path {' → '.join(names)}: about {path.low_ms:.0f}–{path.high_ms:.0f} ms "
                                f"({path.serving}; estimate, see the summary for its parts)")
    out = []
    for edge in edges:
        key = (edge.src, edge.dst)
        if key in on_path and edge.relation in (Relation.INVOKES, Relation.NETWORK):
            label = on_path[key]
            edge = replace(edge, highlight="#E67E22", label=label or edge.label)
        out.append(edge)
    return out


_NETWORK_BOXES = frozenset({Category.NETWORK_VPC, Category.NETWORK_SUBNET})


def network_edges(graph: Graph, layout: Layout, node_of: Mapping[str, str],
                  node_group: Mapping[str, str | None]) -> list[tuple[str, str, str]]:
    """Network edges with a network or subnet at one end, drawn from or to its box: peerings and
    hub connections (network <-> network) and routes through an appliance (subnet -> firewall).
    An edge from a box to something inside it is not drawn."""
    box_of: dict[str, str] = {}
    for address, resource in layout.by_address.items():
        record = kind(resource.type)
        if record is not None and record.shape == Shape.GROUP and record.category in _NETWORK_BOXES:
            gid = uid("res", address)
            if gid in layout.groups:
                box_of[address] = gid
    network_of = networks_of(layout)

    def end(address: str) -> str | None:
        if address in box_of:
            return box_of[address]
        if address in network_of:  # no boxes (grouped by zone): the network's own node
            return node_of.get(address) or node_of.get(network_of[address])
        return node_of.get(address)

    out = []
    for edge in graph.edges:
        if edge.relation != Relation.NETWORK:
            continue
        src = graph.folded.get(edge.src, edge.src)
        dst = graph.folded.get(edge.dst, edge.dst)
        routed = edge.via.startswith("route: ")
        between = src in network_of and dst in network_of
        if not (between or (routed and (src in network_of or dst in network_of))):
            continue
        a, b = end(src), end(dst)
        if a is None or b is None or a == b or _inside(layout, node_group, a, b) or _inside(layout, node_group, b, a):
            continue
        why = "peering" if between and not routed else "route"
        out.append((a, b, f"network ({why}): {edge.src} → {edge.dst} ({edge.via})"))
    return out


def networks_of(layout: Layout) -> dict[str, str]:
    """Every network and subnet -> the network (VPC/VNet) holding it."""
    out: dict[str, str] = {}
    for address, resource in layout.by_address.items():
        record = kind(resource.type)
        if record is None or record.category not in _NETWORK_BOXES or record.shape != Shape.GROUP:
            continue
        current, seen = address, set()
        while current not in seen:
            seen.add(current)
            here = kind(layout.by_address[current].type)
            if here is not None and here.category == Category.NETWORK_VPC:
                out[address] = current
                break
            parents = [p for p in layout.parents.get(current, []) if p in layout.by_address]
            if not parents:
                out[address] = current
                break
            current = sorted(parents)[0]
    return out


def zone_network_nodes(graph: Graph, layout: Layout) -> list[VNode]:
    """Grouped by zone there are no network boxes: the networks that are peered or routed through
    an appliance become nodes of their own, so those connections are drawn (hub <-> spoke)."""
    from infra2arch.views.classify import display_name, key_fact

    network_of = networks_of(layout)
    wanted: set[str] = set()
    for edge in graph.edges:
        if edge.relation != Relation.NETWORK:
            continue
        src, dst = graph.folded.get(edge.src, edge.src), graph.folded.get(edge.dst, edge.dst)
        routed = edge.via.startswith("route: ")
        if src in network_of and dst in network_of and network_of[src] != network_of[dst]:
            wanted |= {network_of[src], network_of[dst]}
        elif routed and src in network_of:
            wanted.add(network_of[src])
    nodes = []
    for address in sorted(wanted):
        resource = layout.by_address[address]
        record = kind(resource.type)
        fact = key_fact(resource, graph, layout.by_address)
        lines = [display_name(resource), record.display if record else resource.type] + ([fact] if fact else [])
        if resource.mode == "data":
            lines.append("(existing)")
        nodes.append(VNode(address, "\n".join(lines), resource.type, record.icon if record else None, (address,),
                           layout.zone_group(address), f"{address}\n{resource.source.label()}",
                           resource.source.label()))
    return nodes


def _inside(layout: Layout, node_group: Mapping[str, str | None], item: str, box: str) -> bool:
    """True when a node or box sits (at any depth) inside the box."""
    if box not in layout.groups:
        return False
    current = layout.groups[item].parent if item in layout.groups else node_group.get(item)
    while current is not None:
        if current == box:
            return True
        current = layout.groups[current].parent
    return False


BOX_PATHS_MIN = 4  # this many paths from every node of one box to every node of another: one box edge


def _allowed_edges(graph: Graph, nodes: list[VNode], node_of: Mapping[str, str],
                   layout: Layout | None = None) -> list[tuple[str, str, int, str]]:
    """The paths rules allow, between drawn nodes; when every node of one box reaches every node of
    another (each training node reaches each private endpoint), one edge between the boxes says so."""
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in allowed_paths(graph, among=node_of.keys()):   # only what this map draws can be an end
        a, b = node_of.get(path.src), node_of.get(path.dst)
        if a is not None and b is not None and a != b:
            pairs[(a, b)].append(path.rule)
    group_of = {n.id: n.group for n in nodes}
    in_group: dict[str, set[str]] = defaultdict(set)
    for node in nodes:
        if node.members and node.group is not None:
            in_group[node.group].add(node.id)
    between: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for a, b in pairs:
        ga, gb = group_of.get(a), group_of.get(b)
        if ga is not None and gb is not None and ga != gb:
            between[(ga, gb)].add((a, b))
    out: list[tuple[str, str, int, str]] = []
    boxed: set[tuple[str, str]] = set()
    for (ga, gb), found in sorted(between.items()):
        sources, targets = {a for a, _ in found}, {b for _, b in found}
        nested = layout is not None and (_inside(layout, {}, ga, gb) or _inside(layout, {}, gb, ga))
        if (len(found) >= BOX_PATHS_MIN and len(found) == len(sources) * len(targets) and not nested
                and sources == in_group[ga] and targets == in_group[gb]):
            rules = sorted({r for pair in found for r in pairs[pair]})
            out.append((ga, gb, len(found), f"network: each of the {len(sources)} in the box reaches each of the "
                                            f"{len(targets)} there; allowed by {', '.join(rules[:3])}"))
            boxed |= found
    for (a, b), rules in sorted(pairs.items()):
        if (a, b) not in boxed:
            out.append((a, b, 1, f"network: allowed by {rules[0]}"))
    return out


def make_edges(graph: Graph, layout: Layout, nodes: list[VNode], options: ViewOptions,
           entries: Mapping[str, str]) -> list[VEdge]:
    node_of: dict[str, str] = {}
    for node in nodes:
        for address in node.members:
            node_of[address] = node.id
    merged: dict[tuple, dict[str, Any]] = {}

    def add(src: str, dst: str, relation: Relation, inferred: bool, tooltip: str) -> None:
        a, b = node_of.get(src), node_of.get(dst)
        if a is None or b is None or a == b:
            return
        key = (a, b, relation, inferred)
        entry = merged.setdefault(key, {"count": 0, "tooltips": []})
        entry["count"] += 1
        if len(entry["tooltips"]) < 5:
            entry["tooltips"].append(tooltip)

    network_nodes = {a for a in node_of if options.group_by == "zone" and a in layout.by_address
                     and (k := kind(layout.by_address[a].type)) is not None and k.shape == Shape.GROUP}
    side_hidden = len(nodes) > SIDE_EDGE_LIMIT
    hidden_side: dict[str, int] = defaultdict(int)
    for edge in graph.edges:
        if edge.relation == Relation.DEPENDS and "depends" not in options.show:
            continue
        if side_hidden and edge.relation in SIDE_RELATIONS and edge.relation.value not in options.show:
            hidden_side[edge.relation.value] += 1
            continue
        src = graph.folded.get(edge.src, edge.src)
        dst = graph.folded.get(edge.dst, edge.dst)
        if src in network_nodes or dst in network_nodes:
            continue  # a network drawn as a node (grouped by zone): only its peerings and routes
        add(src, dst, edge.relation, edge.inferred,
            f"{edge.relation.value}: {edge.src} → {edge.dst} ({edge.via})" + (f"\n{edge.evidence}" if edge.evidence else ""))
    for a, b, via in security_group_edges(graph, set(node_of)):
        add(a, b, Relation.NETWORK, False, f"network: allowed by {via}")
    for a, b, count, tooltip in _allowed_edges(graph, nodes, node_of, layout):  # security groups, firewall tags, VNets
        key = (a, b, Relation.NETWORK, False)
        entry = merged.setdefault(key, {"count": 0, "tooltips": []})
        entry["count"] += count
        if len(entry["tooltips"]) < 5:
            entry["tooltips"].append(tooltip)
    two_way: set[tuple[str, str]] = set()
    found = network_edges(graph, layout, node_of, {n.id: n.group for n in nodes})
    pairs = {(a, b) for a, b, _ in found}
    for a, b, tooltip in found:
        if (b, a) in pairs and tooltip.startswith("network (peering)"):
            a, b = min(a, b), max(a, b)  # a peering both ways: one edge with two arrowheads
            two_way.add((a, b))
        key = (a, b, Relation.NETWORK, False)
        entry = merged.setdefault(key, {"count": 0, "tooltips": []})
        entry["count"] += 1
        if len(entry["tooltips"]) < 5:
            entry["tooltips"].append(tooltip)
    for address, why in sorted(entries.items()):
        if address in node_of:
            node_of.setdefault(INTERNET, INTERNET)
            add(INTERNET, address, Relation.NETWORK, False, f"from the internet: {why}")
    # what a firewall's allow rules let out: an edge to the internet that says so (Azure Firewall denies the rest)
    allowed_out = {k: v for k, v in firewall_allows_out(graph).items() if k in node_of}
    if allowed_out:
        node_of.setdefault(INTERNET, INTERNET)
    # a declared edge between two nodes makes the inferred one of the same relation redundant
    declared = {(a, b, r) for (a, b, r, inferred) in merged if not inferred}
    out = []
    for (a, b, relation, inferred), entry in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2].value, kv[0][3])):
        if inferred and (a, b, relation) in declared:
            continue
        count = entry["count"]
        both = (a, b) in two_way and relation == Relation.NETWORK
        label = "peering" if both else f"×{count}" if count > 1 and (a.startswith("g") or b.startswith("g")) else ""
        out.append(VEdge(a, b, relation, inferred, count, label, "\n".join(entry["tooltips"]), both_ways=both))
    for firewall, (label, tooltip) in sorted(allowed_out.items()):
        out.append(VEdge(node_of[firewall], INTERNET, Relation.NETWORK, False, 1, label, tooltip))
    return out
