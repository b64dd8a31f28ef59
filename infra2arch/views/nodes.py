"""Nodes of a view: one per drawn resource, focus, placeholders for empty subnets, titles."""

from __future__ import annotations

import os

from infra2arch.catalog import Category, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Relation, Resource
from infra2arch.views.budget import shorten
from infra2arch.views.classify import display_name, key_fact
from infra2arch.views.layout import Layout, chain_ids, uid
from infra2arch.views.model import VEdge, ViewOptions, VNode


MAX_EMPTY_SUBNETS = 30


def near(graph: Graph, address: str, selected: set[str]) -> bool:
    return any((e.src == address and e.dst in selected) or (e.dst == address and e.src in selected)
               for e in graph.edges)


def _connected_networks(layout: Layout, used: set[str], drawn: set[str]) -> set[str]:
    """Networks with nothing drawn in them that are peered with or routed to what is drawn (the
    spoke of a hub): their boxes appear, so the connection between the networks can be drawn."""
    graph = layout.graph
    network_of: dict[str, str] = {}
    for address, resource in layout.by_address.items():
        record = kind(resource.type)
        if record is None or record.category not in (Category.NETWORK_VPC, Category.NETWORK_SUBNET):
            continue
        current, seen = address, set()
        while current not in seen:  # up to the network that holds a subnet
            seen.add(current)
            record = kind(layout.by_address[current].type)
            if record is not None and record.category == Category.NETWORK_VPC:
                network_of[address] = current
                break
            parents = [p for p in layout.parents.get(current, []) if p in layout.by_address]
            if not parents:
                break
            current = sorted(parents)[0]
    used_networks = {a for a in set(network_of.values()) if uid("res", a) in used}
    found: set[str] = set()
    for edge in graph.edges:
        if edge.relation != Relation.NETWORK:
            continue
        src, dst = graph.folded.get(edge.src, edge.src), graph.folded.get(edge.dst, edge.dst)
        for here, there in ((src, dst), (dst, src)):
            network = network_of.get(here)
            if network and (there in drawn or network_of.get(there) in used_networks) and uid("res", network) not in used:
                if network_of.get(there) != network:
                    found.add(layout.network_group(network))
    return found


def empty_subnets(layout: Layout, nodes: list[VNode]) -> list[VNode]:
    """Subnets with nothing drawn in them still appear (a placeholder keeps the box), so a reader
    sees every subnet and AZ of the networks on the map. Skipped on big maps, where boxes collapse."""
    if (layout.options.group_by != "network" or layout.options.focus or layout.options.filters
            or layout.options.only is not None):
        return []
    used = set(chain_ids(layout, nodes))
    networks = {g for g in used if layout.groups[g].kind == "network"}
    networks |= _connected_networks(layout, used, {m for n in nodes for m in n.members})
    candidates = []
    for address, resource in sorted(layout.by_address.items()):
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET or address in layout.graph.folded:
            continue
        parents = [p for p in layout.parents.get(address, []) if p in layout.by_address]
        if not parents or uid("res", sorted(parents)[0]) not in networks:
            continue
        gid = layout.network_group(address)
        if gid not in used:
            # a subnet whose only members span several subnets is not empty: they sit in the tier box
            text = "members span these subnets" if address in layout.tier_of else "no resources drawn"
            candidates.append(_placeholder(address, text, gid))
    # a connected network with no subnet box in it still appears, so its peering or route is drawn
    holding: set[str] = set()
    for candidate in candidates:
        current = candidate.group
        while current is not None:
            holding.add(current)
            current = layout.groups[current].parent
    for gid in sorted(networks - used - holding):
        address = next((a for a in layout.by_address if uid("res", a) == gid), gid)
        candidates.append(_placeholder(address, "no resources drawn", gid))
    return candidates if len(candidates) <= MAX_EMPTY_SUBNETS else []


def _placeholder(address: str, text: str, gid: str) -> VNode:
    return VNode(f"placeholder:{address}", text, "placeholder", None, (), gid, tooltip=address,
                 style={"shape": "plaintext", "fontsize": "10", "fontcolor": "#6B7280", "height": "0.3",
                        "width": "1.4", "fixedsize": "false"})


def focus_on(graph: Graph, options: ViewOptions, selected: list[str], layout: Layout) -> list[str]:
    focus = options.focus or ""
    target = focus if focus in layout.by_address else graph.folded.get(focus)
    if target is None:
        matches = [a for a in layout.by_address if a.startswith(focus)]
        if not matches:
            raise UserError(f"--focus {focus!r}: no such resource in the graph")
        target = sorted(matches)[0]
    target = graph.folded.get(target, target)
    keep = {target}
    frontier = {target}
    for _ in range(max(options.focus_depth, 1)):
        nxt = set()
        for edge in graph.edges:
            if edge.relation == Relation.DEPENDS and "depends" not in options.show:
                continue
            if edge.src in frontier:
                nxt.add(edge.dst)
            if edge.dst in frontier:
                nxt.add(edge.src)
        nxt = {graph.folded.get(a, a) for a in nxt}
        keep |= nxt
        frontier = nxt
    layout.notes.append(f"focus on {target}: {len(keep)} resources within {options.focus_depth} hop(s)")
    return [a for a in selected if a in keep]


def make_nodes(layout: Layout, selected: list[str]) -> list[VNode]:
    keys: dict[str, list[str]] = {}  # block -> its string instance keys
    for resource in layout.graph.resources:
        if isinstance(resource.instance_key, str) and not resource.instances_unknown:
            keys.setdefault(resource.block_address, []).append(resource.instance_key)
    nodes = []
    for address in selected:
        resource = layout.by_address[address]
        record = kind(resource.type)
        group, note = layout.placement(address)
        fact = key_fact(resource, layout.graph, layout.by_address)
        kind_label = record.display if record else resource.type
        lines = [*compact_name(resource, keys.get(resource.block_address)).split("\n"), kind_label]
        if fact:
            lines.append(fact)
        if note:
            lines.append(note)
        if resource.mode == "data":
            lines.append("(existing: data source)")
        style: dict[str, str] = {}
        if record is None:
            style = {"shape": "box", "style": "rounded,dashed", "height": "0.9", "width": "1.8",
                     "fixedsize": "false"}
            lines.append("(no catalog entry)")
        cloud_name = resource.attrs.get(record.name_attr) if record and record.name_attr else None
        tooltip = f"{address}\n{resource.source.label()}"
        if isinstance(cloud_name, str) and cloud_name != resource.name:
            tooltip += f"\nname: {cloud_name}"
        nodes.append(VNode(address, "\n".join(shorten(l, 40 if i == 0 or l.startswith('["') else 32) for i, l in enumerate(lines)), resource.type,
                           record.icon if record else None, (address, *layout.aliases.get(address, ())), group, tooltip,
                           resource.source.label(), style))
    return nodes


def shown_target(target: str) -> str:
    """What was scanned, as a reader should see it: a path relative to the current directory, never
    an absolute path of the machine that made the graph."""
    import os

    if os.path.normpath(target) in (".", ".."):   # `scan terraform .` in CI: the directory's name
        return os.path.basename(os.path.realpath(target)) or target
    if not os.path.isabs(target):
        return target
    try:
        relative = os.path.relpath(target)
    except ValueError:  # another drive (Windows)
        relative = ""
    if relative and relative != "." and not relative.startswith(".."):
        return relative
    return os.path.basename(os.path.normpath(target)) or target


def view_titles(graph: Graph, options: ViewOptions, nodes: list[VNode], edges: list[VEdge]) -> tuple[str, str]:
    scanned = graph.scanned
    target = shown_target(str(scanned.get("target") or "?"))
    source = scanned.get("kind") or "?"
    title = f"{target} — {options.name} view"
    parts = [f"{source} scan", f"{len(graph.resources)} resources", f"{len(graph.edges)} edges",
             f"{len(graph.gaps)} gaps", f"{len(nodes)} nodes drawn (budget {options.budget})"]
    if options.group_by != "network":
        parts.append(f"grouped by {options.group_by}")
    return title, " · ".join(parts)


STACK_MIN = 5  # instances of one block in one box: more than a handful become one stacked node


def _key_order(key: object) -> tuple:
    return (0, key, "") if isinstance(key, int) else (1, 0, str(key))


def _distinct_parts(keys: list[str]) -> list[str]:
    """Keys without the prefix they all share (com.amazonaws.us-east-1.sagemaker.api -> sagemaker.api)."""
    if len(keys) < 2:
        return keys
    prefix = os.path.commonprefix(keys)
    for separator in (".", "/", "-", "_", ":"):
        if separator in prefix:
            cut = prefix.rindex(separator) + 1
            if all(len(k) > cut for k in keys):
                return [k[cut:] for k in keys]
    return keys


def compact_name(resource: Resource, siblings: list[str] | None = None, width: int = 32) -> str:
    """The display name within a width: a long for_each key loses the prefix every instance of the
    block shares (com.amazonaws.us-east-1.), then keeps its distinctive end."""
    name = display_name(resource)
    key = resource.instance_key
    if len(name) <= width or not isinstance(key, str) or resource.instances_unknown:
        return name
    if siblings and len(siblings) > 1:
        trimmed = dict(zip(siblings, _distinct_parts(siblings)))
        if trimmed.get(key, key) != key:
            key = "…" + trimmed[key]
    if len(resource.name) + len(key) + 4 <= width + 8:
        return f'{resource.name}["{key}"]'
    # the key on a line of its own, keeping its end (the distinctive part of a service name)
    key_line = f'["{key}"]' if len(key) <= width + 4 else f'["…{key.lstrip("…")[-(width + 1):]}"]'
    return f"{resource.name}\n{key_line}"


def stack_instances(layout: Layout, nodes: list[VNode]) -> list[VNode]:
    """Instances of one count/for_each block in the same box become one stacked node
    ("13 × VPC endpoint: sagemaker.api, sagemaker.runtime, …") when there are more than a handful;
    every member stays in the node (tooltip, SVG data-members)."""
    blocks: dict[tuple[str, str], list[VNode]] = {}
    order: list[tuple[str, str]] = []
    for node in nodes:
        resource = layout.by_address.get(node.members[0]) if len(node.members) == 1 else None
        key = (node.group or "", resource.block_address) if resource is not None and resource.instance_key is not None \
            and not resource.instances_unknown else ("", node.id)
        if key not in blocks:
            blocks[key] = []
            order.append(key)
        blocks[key].append(node)
    out: list[VNode] = []
    stacked = 0
    for key in order:
        members = blocks[key]
        if len(members) < STACK_MIN:
            out.extend(members)
            continue
        stacked += 1
        members = sorted(members, key=lambda m: _key_order(layout.by_address[m.members[0]].instance_key))
        first = layout.by_address[members[0].members[0]]
        record = kind(first.type)
        keys = _distinct_parts([str(layout.by_address[m.members[0]].instance_key) for m in members])
        shown = ", ".join(keys[:2]) + (", …" if len(keys) > 2 else "")
        lines = [f"{first.name} ×{len(members)}", record.display if record else first.type, shorten(shown, 40)]
        addresses = tuple(m.members[0] for m in members)
        tooltip = f"{len(members)} instances of {first.block_address}:\n" + "\n".join(addresses)
        out.append(VNode(uid("stack", *key), "\n".join(lines), first.type, members[0].icon, addresses,
                         members[0].group, tooltip, members[0].source, members[0].style))
    if stacked:
        layout.notes.append(f"collapsed count/for_each instances of {stacked} block{'s' if stacked > 1 else ''} "
                            f"into stacked nodes: {len(nodes)} nodes → {len(out)} (members in each tooltip)")
    return out


def unique_labels(layout: Layout, nodes: list[VNode]) -> list[VNode]:
    """Two different resources never share a label: the module path (or more of it) tells them apart."""
    from collections import Counter
    from dataclasses import replace

    counts = Counter(n.label for n in nodes)
    out = []
    for node in nodes:
        members = [layout.by_address[m] for m in node.members if m in layout.by_address]
        modules = {r.module for r in members}
        if counts[node.label] < 2 or not members or len(modules) != 1:
            out.append(node)
            continue
        resource = members[0]
        if len(members) > 1:  # a stacked block: its module tells it apart
            first, _, rest = node.label.partition("\n")
            module = resource.module if len(resource.module) <= 40 else "…" + resource.module[-39:]
            out.append(replace(node, label=f"{first}\n{module}" + ("\n" + rest if rest else "")) if module else node)
            continue
        first, _, rest = node.label.partition("\n")
        if not resource.module:
            out.append(replace(node, label=f"{resource.address}\n{rest}" if rest else resource.address))
            continue
        qualified = f"{resource.module}.{first}"
        if len(qualified) <= 40:
            out.append(replace(node, label=qualified + ("\n" + rest if rest else "")))
            continue
        # a long module path gets a line of its own, keeping its end (the module that differs)
        module = resource.module if len(resource.module) <= 40 else "…" + resource.module[-39:]
        out.append(replace(node, label=f"{first}\n{module}" + ("\n" + rest if rest else "")))
    return out
