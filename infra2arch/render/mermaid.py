"""Mermaid flowcharts of a view: ``<view>.mmd`` and ``<view>.md`` (the chart in a fenced block, which
GitHub and most wikis render).

The chart is the view, not the graph: the same nodes within the node budget, a subgraph per box
(account, region, network, availability zone, subnet, service family), edge labels by relation.
Every label from the scan is escaped with Mermaid entity codes (``#quot;``, ``#lt;`` …), so a
quote, bracket or tag in a name can neither break the syntax nor become markup. Node and subgraph
ids are short and derived from the view's sorted ids, so the same view gives the same text.
"""

from __future__ import annotations

import html
from pathlib import Path

from infra2arch.model import Relation
from infra2arch.redact import scrub_text
from infra2arch.render.diagrams_map import EDGE_STYLES, _write
from infra2arch.views import INTERNET, View

# characters Mermaid would read as syntax or markup, as its entity codes (# first: it starts them)
_ENTITIES = (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("&", "#amp;"), ("`", "#96;"),
             ("|", "#124;"), ("[", "#91;"), ("]", "#93;"), ("{", "#123;"), ("}", "#125;"), ("\\", "#92;"))


def label(text: str) -> str:
    """Text as the inside of a quoted Mermaid label; lines joined with <br/>."""
    out = []
    for line in scrub_text(text).splitlines() or [""]:
        for raw, code in _ENTITIES:
            line = line.replace(raw, code)
        out.append(line)
    return "<br/>".join(out)


def _comment(text: str) -> str:
    # one line; no backtick, so a comment can never close the Markdown fence around the chart
    return " ".join(scrub_text(text).split()).replace("`", "'")


def to_mermaid(view: View) -> str:
    node_ids = {node.id: f"n{i}" for i, node in enumerate(sorted(view.nodes, key=lambda n: n.id))}
    group_ids = {group.id: f"s{i}" for i, group in enumerate(sorted(view.groups, key=lambda g: g.id))}
    children: dict[str | None, list] = {}
    for group in view.groups:
        children.setdefault(group.parent, []).append(group)
    members: dict[str | None, list] = {}
    for node in view.nodes:
        members.setdefault(node.group if node.group in group_ids else None, []).append(node)

    lines = [f"%% {_comment(view.title)}", f"%% {_comment(view.subtitle)}"]
    lines += [f"%% note: {_comment(note)}" for note in view.notes]
    lines.append("flowchart LR")
    styles: list[str] = []

    def emit_nodes(parent: str | None, indent: str) -> None:
        for node in sorted(members.get(parent, ()), key=lambda n: n.id):
            nid = node_ids[node.id]
            text = label(node.label)
            if node.id == INTERNET:
                lines.append(f'{indent}{nid}(["{text}"])')
            elif node.count > 1:
                lines.append(f'{indent}{nid}[["{text}"]]')
            else:
                lines.append(f'{indent}{nid}["{text}"]')
            fill = node.style.get("fillcolor")
            stroke = node.style.get("color") or node.style.get("fontcolor")
            if fill or stroke:
                parts = ([f"fill:{fill}"] if fill else []) + ([f"stroke:{stroke}"] if stroke else [])
                styles.append(f"style {nid} {','.join(parts)}")

    def emit_groups(parent: str | None, indent: str) -> None:
        for group in sorted(children.get(parent, ()), key=lambda g: (g.order, g.id)):
            gid = group_ids[group.id]
            lines.append(f'{indent}subgraph {gid}["{label(group.label)}"]')
            emit_nodes(group.id, indent + "  ")
            emit_groups(group.id, indent + "  ")
            lines.append(f"{indent}end")
            fill, stroke = group.style.get("bgcolor"), group.style.get("pencolor")
            if fill or stroke:
                parts = ([f"fill:{fill}"] if fill else []) + ([f"stroke:{stroke}"] if stroke else [])
                if "dashed" in group.style.get("style", ""):
                    parts.append("stroke-dasharray:5 3")
                styles.append(f"style {gid} {','.join(parts)}")

    emit_nodes(None, "  ")
    emit_groups(None, "  ")
    link_styles = []
    ends = {**group_ids, **node_ids}  # an edge may end at a box (a peering, a route): Mermaid links subgraphs too
    for index, edge in enumerate(e for e in view.edges if e.src in ends and e.dst in ends):
        text = edge.relation.value + (f" · {edge.label}" if edge.label else "")
        arrow = "==>" if edge.highlight else ("-.->" if edge.inferred else "-->")
        lines.append(f'  {ends[edge.src]} {arrow}|"{label(text)}"| {ends[edge.dst]}')
        colour = edge.highlight or EDGE_STYLES[edge.relation]["color"]
        width = "3px" if edge.highlight else ("1px" if edge.relation in (Relation.IAM, Relation.ENCRYPTS, Relation.LOGS,
                                                                          Relation.DEPENDS) else "2px")
        link_styles.append(f"  linkStyle {index} stroke:{colour},stroke-width:{width}")
    lines += [f"  {s}" for s in styles] + link_styles
    return "\n".join(lines) + "\n"


def to_markdown(view: View, chart: str) -> str:
    def text(value: str) -> str:
        return html.escape(scrub_text(value), quote=False).replace("`", "&#96;")

    parts = [f"# {text(view.title)}", "", text(view.subtitle), "", "```mermaid", chart.rstrip("\n"), "```", ""]
    if view.notes:
        parts += ["Notes:", ""] + [f"- {text(note)}" for note in view.notes] + [""]
    return "\n".join(parts)


def render(view: View, directory: Path, basename: str) -> list[Path]:
    chart = to_mermaid(view)
    directory.mkdir(parents=True, exist_ok=True)
    mmd, md = directory / f"{basename}.mmd", directory / f"{basename}.md"
    _write(mmd, chart.encode("utf-8"))
    _write(md, to_markdown(view, chart).encode("utf-8"))
    return [mmd, md]
