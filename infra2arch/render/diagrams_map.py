"""Topology maps drawn with the `diagrams` library (official provider icons) and laid out by Graphviz.

``to_dot(view)`` builds the diagram in memory and returns its DOT text (node ids are resource
addresses; every cluster has a unique internal name). ``render(view, formats, directory)`` runs
``dot`` for each format with a timeout, falls back to simpler routing when a layout takes too long,
embeds icons into SVG (a portable single file) and adds data attributes that the HTML explorer
hooks. No timestamps: the same view always gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import importlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

from infra2arch.errors import MissingComponent, UserError
from infra2arch.model import Relation
from infra2arch.views import INTERNET, VEdge, VGroup, View, VNode

FORMATS = ("png", "svg", "pdf", "dot")
ORTHO_MAX_NODES = 40
INSTALL_GRAPHVIZ = ("Graphviz is not installed (the `dot` command is missing): install it with "
                    "`sudo apt-get install graphviz` (Debian/Ubuntu) or `brew install graphviz` (macOS)")

# how each relation is drawn; inferred edges are dashed whatever their relation
EDGE_STYLES: Mapping[Relation, Mapping[str, str]] = {
    Relation.INVOKES: {"color": "#1F2937", "penwidth": "2.0", "arrowhead": "normal"},
    Relation.DATA: {"color": "#2563EB", "penwidth": "1.6", "arrowhead": "normal"},
    Relation.NETWORK: {"color": "#15803D", "penwidth": "1.6", "arrowhead": "vee"},
    Relation.IAM: {"color": "#D97706", "penwidth": "1.0", "arrowhead": "onormal"},
    Relation.ENCRYPTS: {"color": "#7C3AED", "penwidth": "1.0", "arrowhead": "odiamond"},
    Relation.LOGS: {"color": "#6B7280", "penwidth": "1.0", "arrowhead": "vee"},
    Relation.DEPENDS: {"color": "#9CA3AF", "penwidth": "0.8", "arrowhead": "empty", "style": "dotted"},
}
LEGEND_TEXT: Mapping[Relation, str] = {
    Relation.INVOKES: "invokes (request path)",
    Relation.DATA: "reads / writes data",
    Relation.NETWORK: "network path allowed",
    Relation.IAM: "runs as / granted by (IAM)",
    Relation.ENCRYPTS: "encrypted with key",
    Relation.LOGS: "sends logs to",
    Relation.DEPENDS: "depends on (ordering)",
}
# left-to-right reading order of the request path: these relations pull their target to the right
_WEIGHTS = {Relation.INVOKES: "4", Relation.DATA: "2", Relation.NETWORK: "2"}


@dataclass(frozen=True)
class RenderResult:
    files: tuple[Path, ...]
    notes: tuple[str, ...]           # e.g. "layout took too long with orthogonal edges: used splines"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


@lru_cache(maxsize=None)
def _node_class(path: str | None):
    import diagrams

    if not path:
        return diagrams.Node
    module_name, _, class_name = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return diagrams.Node


def _dot_escape_label(text: str) -> str:
    # diagrams passes labels straight to graphviz, which quotes them; backslashes would be escapes
    # (a value ending in one would even swallow the closing quote and break the whole layout)
    return text.replace("\\", "\\\\")


TOOLTIP_LIMIT = 2000


def _dot_tooltip(text: str) -> str:
    """A tooltip Graphviz reads as plain text, short enough for a browser's hover box."""
    if len(text) > TOOLTIP_LIMIT:
        text = text[:TOOLTIP_LIMIT - 1] + "…"
    return _dot_escape_label(text)


def to_dot(view: View, splines: str | None = None) -> str:
    import diagrams
    from diagrams import Cluster, Diagram

    node_count = len(view.nodes)
    if splines is None:
        splines = "ortho" if node_count <= ORTHO_MAX_NODES else "spline"
    graph_attr = {
        "label": _title_label(view),
        "labelloc": "t",
        "labeljust": "l",
        "fontsize": "20",
        "pad": "0.6",
        "nodesep": "0.55",
        "ranksep": "0.9",
        "splines": splines,
        "newrank": "true",
        "compound": "true",
        "outputorder": "edgesfirst",
        "bgcolor": "white",
        "size": "150,150",  # inches: past ~14,000 px a picture only gets slower to rasterise, not readable
    }
    diagram = Diagram(view.title, filename="infra2arch-map", direction="LR", curvestyle="ortho",
                      outformat="png", show=False, graph_attr=graph_attr,
                      node_attr={"fontsize": "12"})
    diagram.dot.graph_attr["splines"] = splines
    diagram.dot.graph_attr["label"] = _title_label(view)
    children: dict[str | None, list[VGroup]] = {}
    for group in view.groups:
        children.setdefault(group.parent, []).append(group)
    nodes_in: dict[str | None, list[VNode]] = {}
    for node in view.nodes:
        nodes_in.setdefault(node.group, []).append(node)

    def add_nodes(group_id: str | None) -> None:
        for node in sorted(nodes_in.get(group_id, ()), key=lambda n: n.id):
            cls = _node_class(node.icon)
            attrs = {"tooltip": _dot_tooltip(node.tooltip or node.id), "id": _svg_id(node.id)}
            attrs.update(node.style)
            if node.id == INTERNET:
                attrs.setdefault("fontsize", "13")
            cls(_dot_escape_label(node.label), nodeid=dot_id(node.id), **attrs)

    def add_groups(parent: str | None) -> None:
        for group in sorted(children.get(parent, ()), key=lambda g: (g.order, g.id)):
            box = Cluster(_dot_escape_label(group.label), graph_attr=_group_attrs(group))
            box.name = f"cluster_{group.id}"
            box.dot.name = box.name
            with box:
                add_nodes(group.id)
                add_groups(group.id)

    diagrams.setdiagram(diagram)
    try:
        add_nodes(None)
        add_groups(None)
        anchors = _box_anchors(view, nodes_in, children)
        for edge in view.edges:
            attrs = _edge_attrs(edge, splines)
            src, dst = edge.src, edge.dst
            if src in anchors:  # an edge from a box: from a node inside it, clipped at the box border
                src, attrs["ltail"] = anchors[src], f"cluster_{edge.src}"
            if dst in anchors:
                dst, attrs["lhead"] = anchors[dst], f"cluster_{edge.dst}"
            if src == dst:
                continue
            diagram.dot.edge(dot_id(src), dot_id(dst), **attrs)
        _grid(diagram, nodes_in, view)
        _add_legend(diagram, view)
    finally:
        diagrams.setdiagram(None)
    return diagram.dot.source


def _box_anchors(view: View, nodes_in: Mapping[str | None, list[VNode]],
                 children: Mapping[str | None, list[VGroup]]) -> dict[str, str]:
    """For every box, a node inside it that edges to or from the box attach to."""
    anchors: dict[str, str] = {}

    def first(group_id: str) -> str | None:
        if group_id in anchors:
            return anchors[group_id]
        direct = sorted(nodes_in.get(group_id, ()), key=lambda n: (n.tf_type == "placeholder", n.tf_type, n.id))
        found = direct[0].id if direct else None
        if found is None:
            for child in sorted(children.get(group_id, ()), key=lambda g: (g.order, g.id)):
                found = first(child.id)
                if found is not None:
                    break
        if found is not None:
            anchors[group_id] = found
        return found

    for group in view.groups:
        first(group.id)
    return anchors


def _grid(diagram, nodes_in: Mapping[str | None, list[VNode]], view: View) -> None:
    """Lay the nodes of a box out as a rough square instead of one tall column.

    In a left-to-right layout, nodes with no edges between them share a rank and stack vertically;
    invisible edges chaining them into short rows give each box a readable shape.
    """
    # edges that shape the layout (side relations are drawn with constraint=false)
    shaping = [e for e in view.edges if e.relation in (Relation.INVOKES, Relation.DATA, Relation.NETWORK)]
    connected = {(e.src, e.dst) for e in shaping} | {(e.dst, e.src) for e in shaping}
    # sibling boxes side by side (in rows) rather than stacked: chain a node of each
    children: dict[str | None, list[VGroup]] = {}
    for group in view.groups:
        children.setdefault(group.parent, []).append(group)

    def first_node(group_id: str) -> VNode | None:
        direct = sorted(nodes_in.get(group_id, ()), key=lambda n: (n.tf_type, n.id))
        if direct:
            return direct[0]
        for child in sorted(children.get(group_id, ()), key=lambda g: (g.order, g.id)):
            found = first_node(child.id)
            if found is not None:
                return found
        return None

    for parent, siblings in sorted(children.items(), key=lambda kv: kv[0] or ""):
        ordered = sorted(siblings, key=lambda g: (g.order, g.id))
        if len(ordered) < 2:
            continue
        width = max(2, round(len(ordered) ** 0.5 + 0.5))
        for start in range(0, len(ordered), width):
            row = [first_node(g.id) for g in ordered[start:start + width]]
            row = [n for n in row if n is not None]
            for a, b in zip(row, row[1:]):
                if (a.id, b.id) not in connected:
                    diagram.dot.edge(dot_id(a.id), dot_id(b.id), style="invis", weight="1")
    for group_id, members in sorted(nodes_in.items(), key=lambda kv: kv[0] or ""):
        if group_id is None or len(members) < 4:
            continue
        ordered = sorted(members, key=lambda n: (n.tf_type, n.id))
        width = max(2, round(len(ordered) ** 0.5))
        for start in range(0, len(ordered), width):
            row = ordered[start:start + width]
            for a, b in zip(row, row[1:]):
                if (a.id, b.id) not in connected:
                    diagram.dot.edge(dot_id(a.id), dot_id(b.id), style="invis", weight="2")


def dot_id(address: str) -> str:
    """The address as a Graphviz node id: ':' would split it into node and port, so it is encoded."""
    return address.replace("%", "%25").replace(":", "%3A")


def _svg_id(address: str) -> str:
    return "node-" + dot_id(address)


def _group_attrs(group: VGroup) -> dict[str, str]:
    attrs = {"fontsize": "13", "labeljust": "l", "margin": "14", "style": "rounded"}
    attrs.update(group.style)
    if group.kind in ("cloud",):
        attrs["fontsize"] = "16"
    return attrs


def _edge_attrs(edge: VEdge, splines: str) -> dict[str, str]:
    attrs = dict(EDGE_STYLES[edge.relation])
    if edge.inferred:
        attrs["style"] = "dashed"
    attrs["weight"] = _WEIGHTS.get(edge.relation, "1")
    if edge.highlight:
        attrs["penwidth"] = "3.2"
        attrs["color"] = edge.highlight
        attrs["fontcolor"] = edge.highlight
    if edge.relation in (Relation.IAM, Relation.ENCRYPTS, Relation.LOGS, Relation.DEPENDS):
        attrs["constraint"] = "false"  # side relations must not bend the request path's layout
    if edge.label:
        attrs["xlabel" if splines == "ortho" else "label"] = _dot_escape_label(edge.label)
        attrs["fontsize"] = "11" if edge.highlight else "10"
    attrs["tooltip"] = _dot_tooltip(edge.tooltip or f"{edge.relation.value}")
    if edge.both_ways:
        attrs["dir"] = "both"
        attrs["arrowtail"] = attrs.get("arrowhead", "normal")
    return attrs


def _title_label(view: View) -> str:
    lines = [f"<B>{html.escape(view.title)}</B>", f"<FONT POINT-SIZE=\"13\">{html.escape(view.subtitle)}</FONT>"]
    for note in view.notes[:8]:
        short = note if len(note) <= 150 else note[:149] + "…"
        lines.append(f"<FONT POINT-SIZE=\"11\" COLOR=\"#4B5563\">{html.escape(short)}</FONT>")
    if len(view.notes) > 8:
        lines.append(f"<FONT POINT-SIZE=\"11\" COLOR=\"#4B5563\">… {len(view.notes) - 8} more notes in the summary</FONT>")
    return "<" + "<BR ALIGN=\"LEFT\"/>".join(lines) + "<BR ALIGN=\"LEFT\"/>>"


_LINE = {"solid": "━━━━", "dashed": "╍╍╍╍", "dotted": "┈┈┈┈"}


def _add_legend(diagram, view: View) -> None:
    """A legend node: each relation used on the map in its colour and line style."""
    used = sorted({e.relation for e in view.edges}, key=lambda r: list(Relation).index(r))
    if not used:
        return
    rows = []
    for relation in used:
        style = EDGE_STYLES[relation]
        line = _LINE.get(style.get("style", "solid"), _LINE["solid"])
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="{style["color"]}">{line}▶</FONT></TD>'
                    f'<TD ALIGN="LEFT">{html.escape(LEGEND_TEXT[relation])}</TD></TR>')
    if any(e.inferred for e in view.edges):
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#374151">{_LINE["dashed"]}▶</FONT></TD>'
                    '<TD ALIGN="LEFT">dashed: inferred from a value (name, ARN, URL)</TD></TR>')
    rows.append('<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="10" COLOR="#4B5563">'
                'subnet boxes: red = public, green = private, grey = isolated</FONT></TD></TR>')
    label = ('<<TABLE BORDER="1" COLOR="#9CA3AF" CELLBORDER="0" CELLSPACING="2" CELLPADDING="3">'
             '<TR><TD ALIGN="LEFT" COLSPAN="2"><B>Legend</B></TD></TR>' + "".join(rows) + "</TABLE>>")
    diagram.dot.node("legend", label=label, shape="plaintext", fontsize="11", width="0", height="0",
                     fixedsize="false", image="", margin="0")


# ------------------------------------------------------------------------------------ rendering


def render(view: View, formats: Sequence[str], directory: Path, basename: str,
           timeout: float = 60.0) -> RenderResult:
    """Write the map in each format; returns the files and any layout fallbacks used.

    Graphviz lays the map out once and writes every image format from that one layout."""
    for fmt in formats:
        if fmt not in FORMATS:
            raise UserError(f"map format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not graphviz_available():
        raise MissingComponent(INSTALL_GRAPHVIZ)
    directory.mkdir(parents=True, exist_ok=True)
    dot_text = to_dot(view)
    images = [fmt for fmt in formats if fmt != "dot"]
    outputs, note = _run_dot(view, dot_text, images, timeout) if images else ({}, "")
    files: list[Path] = []
    for fmt in formats:
        path = directory / f"{basename}.{fmt}"
        if fmt == "dot":
            data = dot_text.encode("utf-8")
        else:
            data = outputs[fmt]
            if fmt == "svg":
                data = portable_svg(data, view)
            elif fmt == "pdf":
                data = _fixed_pdf_dates(data)
        _write(path, data)
        files.append(path)
    return RenderResult(tuple(files), (note,) if note else ())


def _run_dot(view: View, dot_text: str, formats: Sequence[str], timeout: float) -> tuple[dict[str, bytes], str]:
    """Run dot once for all formats; when it is too slow or fails, retry with simpler edge routing."""
    import tempfile

    attempts: list[tuple[str | None, str]] = [(dot_text, "")]
    for splines, note in (("spline", "orthogonal edge routing failed or took too long: drew curved edges"),
                          ("line", "curved edge routing failed or took too long: drew straight edges")):
        if f"splines={splines}" not in dot_text:
            attempts.append((None, f"{note}|{splines}"))
    last_error = ""
    with tempfile.TemporaryDirectory(prefix="infra2arch-dot-") as work:
        for text, note in attempts:
            if text is None:
                note, splines = note.split("|")
                text = to_dot(view, splines=splines)
            argv = ["dot"]
            for fmt in formats:
                argv += [f"-T{fmt}", "-o", str(Path(work) / f"map.{fmt}")]
            try:
                env = dict(os.environ, SOURCE_DATE_EPOCH="0")
                completed = subprocess.run(argv, input=text.encode("utf-8"), capture_output=True,
                                           timeout=timeout, env=env, check=False)
            except subprocess.TimeoutExpired:
                last_error = f"dot did not finish in {timeout:g} s"
                continue
            paths = {fmt: Path(work) / f"map.{fmt}" for fmt in formats}
            if completed.returncode == 0 and all(p.is_file() and p.stat().st_size for p in paths.values()):
                return {fmt: path.read_bytes() for fmt, path in paths.items()}, note
            lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            last_error = lines[-1] if lines else "dot failed"
    raise UserError(f"Graphviz could not lay out the map: {last_error}")


_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)(\d{14})")


def _fixed_pdf_dates(data: bytes) -> bytes:
    """cairo stamps the render time into PDFs; a fixed date of the same length keeps the xref
    offsets valid and the bytes reproducible."""
    return _PDF_DATE.sub(rb"\g<1>19700101000000", data)


def _write(path: Path, data: bytes) -> None:
    try:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


_HREF = re.compile(rb'xlink:href="([^"]+\.(png|svg|jpg|jpeg))"')
_NODE_GROUP = re.compile(rb'<g id="([^"]*)" class="node">')  # Graphviz escapes some characters (&#45;)


@lru_cache(maxsize=512)
def _data_uri(path: bytes) -> bytes:
    file = Path(path.decode("utf-8"))
    mime = {"png": "image/png", "svg": "image/svg+xml", "jpg": "image/jpeg", "jpeg": "image/jpeg"}[file.suffix[1:].lower()]
    return b"data:" + mime.encode() + b";base64," + base64.b64encode(file.read_bytes())


def portable_svg(data: bytes, view: View) -> bytes:
    """Icons embedded as data URIs (no file references), and data-address/data-source on nodes."""
    def embed(match: re.Match) -> bytes:
        try:
            return b'xlink:href="' + _data_uri(match.group(1)) + b'"'
        except OSError:
            return match.group(0)

    data = _HREF.sub(embed, data)
    sources = {_svg_id(n.id): n for n in view.nodes}

    def annotate(match: re.Match) -> bytes:
        svg_id = html.unescape(match.group(1).decode("utf-8"))
        node = sources.get(svg_id)
        if node is None:
            return match.group(0)
        address = html.escape(node.id, quote=True).encode("utf-8")
        source = html.escape(node.source, quote=True).encode("utf-8")
        members = html.escape(" ".join(node.members), quote=True).encode("utf-8")
        return (b'<g id="' + match.group(1) + b'" class="node" data-address="' + address +
                b'" data-source="' + source + b'" data-members="' + members + b'">')

    return _NODE_GROUP.sub(annotate, data)
