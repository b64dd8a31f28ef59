"""The node budget: collapse instances, then same-type siblings, then whole boxes, and say so."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Callable, Mapping

from infra2arch.catalog import kind
from infra2arch.views.classify import key_fact
from infra2arch.views.layout import Layout, uid
from infra2arch.views.model import VNode


def shorten(line: str, width: int = 32) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


BOX_LEVELS = ("subnet", "services", "zone", "network", "module", "org", "region")


def fit_budget(layout: Layout, nodes: list[VNode], budget: int,
                levels: tuple[str, ...] = BOX_LEVELS) -> tuple[list[VNode], list[str]]:
    """Collapse until the map fits: instances of one block, then same-type siblings, then whole
    boxes. Every step is written down."""
    notes: list[str] = []
    if len(nodes) <= budget:
        return nodes, notes

    def merge(groups: Mapping[tuple, list[VNode]], describe: Callable[[tuple, list[VNode]], str]) -> list[VNode]:
        merged: list[VNode] = []
        for key, members in groups.items():
            if len(members) < 2:
                merged.extend(members)
                continue
            first = members[0]
            addresses = tuple(a for m in members for a in m.members)
            label = describe(key, members)
            merged.append(replace(first, id=uid("collapsed", *key), label=label, members=addresses,
                                  tooltip="\n".join(addresses[:20]) + ("\n…" if len(addresses) > 20 else "")))
        return merged

    stage_groups: dict[tuple, list[VNode]] = defaultdict(list)
    for node in nodes:
        resource = layout.by_address.get(node.members[0])
        key = (node.group or "", resource.block_address if resource else node.id)
        stage_groups[key].append(node)
    before = len(nodes)
    nodes = merge(stage_groups, lambda key, members: _collapsed_label(layout, members, by_block=True))
    if len(nodes) < before:
        notes.append(f"collapsed count/for_each instances: {before} nodes → {len(nodes)}")
    if len(nodes) <= budget:
        return nodes, notes

    stage_groups = defaultdict(list)
    for node in nodes:
        stage_groups[(node.group or "", node.tf_type)].append(node)
    # the largest groups first, and only as many as the budget needs: collapsing every pair of
    # same-type siblings took AzureTRE's core from 88 nodes to 23 under a budget of 60
    excess = len(nodes) - budget
    chosen: set[tuple] = set()
    for key, members in sorted(stage_groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if excess <= 0 or len(members) < 2:
            break
        chosen.add(key)
        excess -= len(members) - 1
    before = len(nodes)
    partial: dict[tuple, list[VNode]] = {}
    for key, members in stage_groups.items():
        if key in chosen:
            partial[key] = members
        else:
            for node in members:
                partial[("kept",) + key + (node.id,)] = [node]
    nodes = merge(partial, lambda key, members: _collapsed_label(layout, members, by_block=False))
    if len(nodes) < before:
        notes.append(f"collapsed same-type siblings in each box: {before} nodes → {len(nodes)}")
    if len(nodes) <= budget:
        return nodes, notes

    # whole boxes: every subnet / service family becomes one node summarising its content
    for level in levels:
        candidate, note = collapse_boxes(layout, nodes, level)
        if note is None:
            continue
        # a map a little over budget beats one that lost all its structure
        if len(nodes) <= 2 * budget and len(candidate) < budget // 4:
            notes.append(f"kept {len(nodes)} nodes (budget {budget}): collapsing every {level} box would leave "
                         f"only {len(candidate)}")
            return nodes, notes
        nodes = candidate
        notes.append(note)
        if len(nodes) <= budget:
            return nodes, notes
    if len(nodes) > budget:
        notes.append(f"still {len(nodes)} nodes after collapsing everything (budget {budget}): "
                     "use --filter or --focus to draw a part")
    return nodes, notes


def collapse_boxes(layout: Layout, nodes: list[VNode], level: str) -> tuple[list[VNode], str | None]:
    """Every box of one level (subnet, services, network …) becomes one node summarising it."""
    stage_groups: dict[tuple, list[VNode]] = defaultdict(list)
    for node in nodes:
        box = _enclosing(layout, node.group, level)
        stage_groups[(box or node.id, "box" if box else "node")].append(node)
    collapsed: list[VNode] = []
    for (box, what), members in stage_groups.items():
        if what != "box" or len(members) < 2:
            collapsed.extend(members)
            continue
        group = layout.groups[box]
        addresses = tuple(a for m in members for a in m.members)
        types: dict[str, int] = defaultdict(int)
        for address in addresses:
            resource = layout.by_address.get(address)
            record = kind(resource.type) if resource else None
            types[record.display if record else "other"] += 1
        summary = ", ".join(f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        label = f"{group.label.splitlines()[0]}\n{len(addresses)} resources\n{shorten(summary, 34)}"
        collapsed.append(VNode(uid("box", box), label, "group", None, addresses, group.parent,
                               tooltip="\n".join(addresses[:30]),
                               style={"shape": "box", "style": "rounded,filled", "fillcolor": "#FFFFFF",
                                      "fixedsize": "false", "height": "0.9"}))
    if len(collapsed) >= len(nodes):
        return nodes, None
    return collapsed, f"collapsed each {level} box into one node: {len(nodes)} nodes → {len(collapsed)}"


def _enclosing(layout: Layout, gid: str | None, level: str) -> str | None:
    current = gid
    while current is not None:
        group = layout.groups[current]
        if group.kind == level:
            return current
        current = group.parent
    return None


def _collapsed_label(layout: Layout, members: list[VNode], by_block: bool) -> str:
    first = layout.by_address.get(members[0].members[0])
    count = sum(m.count for m in members)
    record = kind(first.type) if first else None
    kind_label = record.display if record else (first.type if first else "resources")
    if by_block and first is not None:
        fact = key_fact(first, layout.graph, layout.by_address)
        return "\n".join([f"{first.name} ×{count}", kind_label] + ([fact] if fact else []))
    return f"{count} × {kind_label}"
