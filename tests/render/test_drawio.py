"""draw.io output: a well-formed mxGraph model laid out by Graphviz.

Every cell's parent exists, every edge's ends exist, children lie inside their container, cells
follow the layout of the static map, labels stay plain text, and the file round-trips through a
parse unchanged.
"""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET

import pytest

from infra2arch.model import Relation
from infra2arch.render import diagrams_map, drawio
from infra2arch.views import VEdge, VGroup, View, ViewOptions, VNode, build_view

from tests.render.helpers import HOSTILE, SAMPLE_NAMES, sample, scanned

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
SLACK = 1.0  # points: Graphviz rounds positions to two decimals


def cells(text: str) -> dict[str, ET.Element]:
    root = ET.fromstring(text)
    assert root.tag == "mxfile"
    model = root.find("diagram/mxGraphModel/root")
    assert model is not None
    found = {}
    for cell in model.findall("mxCell"):
        assert cell.get("id") not in found, f"duplicate id {cell.get('id')}"
        found[cell.get("id")] = cell
    return found


def geometry(cell: ET.Element) -> tuple[float, float, float, float]:
    g = cell.find("mxGeometry")
    return float(g.get("x")), float(g.get("y")), float(g.get("width")), float(g.get("height"))


def check_model(text: str, view: View) -> dict[str, ET.Element]:
    found = cells(text)
    assert found["0"].get("parent") is None and found["1"].get("parent") == "0"
    vertices = {i: c for i, c in found.items() if c.get("vertex") == "1"}
    edges = {i: c for i, c in found.items() if c.get("edge") == "1"}
    assert len(vertices) == len(view.nodes) + len(view.groups)
    assert len(edges) == len(view.edges)
    order = list(found)
    for cid, cell in found.items():
        if cid == "0":
            continue
        parent = cell.get("parent")
        assert parent in found, f"{cid}: parent {parent} missing"
        assert order.index(parent) < order.index(cid), f"{cid} comes before its parent"
    for cid, cell in edges.items():
        assert cell.get("source") in vertices and cell.get("target") in vertices, cid
    for cid, cell in vertices.items():
        parent = cell.get("parent")
        x, y, w, h = geometry(cell)
        assert w > 0 and h > 0
        if parent in vertices:
            assert "container=1" in vertices[parent].get("style")
            _, _, pw, ph = geometry(vertices[parent])
            assert -SLACK <= x and -SLACK <= y and x + w <= pw + SLACK and y + h <= ph + SLACK, \
                f"{cell.get('value')!r} lies outside {vertices[parent].get('value')!r}"
        assert "html=0" in cell.get("style"), "labels are plain text"
    return found


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("view_name", ["engineering", "overview", "executive", "security"])
def test_samples_are_well_formed(name, view_name):
    graph, annotations = sample(name)
    view = build_view(graph, ViewOptions(name=view_name), annotations)
    text = drawio.to_drawio(view)
    found = check_model(text, view)
    # round trip: parse, write, parse again: the same model
    again = ET.tostring(ET.fromstring(text), encoding="unicode")
    assert cells(again).keys() == found.keys()
    assert [(c.attrib, geometry(c) if c.find("mxGeometry") is not None and c.get("vertex") else None)
            for c in cells(again).values()] == \
           [(c.attrib, geometry(c) if c.find("mxGeometry") is not None and c.get("vertex") else None)
            for c in found.values()]
    assert drawio.to_drawio(view) == text, "same view, same bytes"


def test_layout_follows_graphviz():
    """Left-to-right order of the request path is the static map's order."""
    graph, annotations = sample("aws-sagemaker")
    view = build_view(graph, ViewOptions(), annotations)
    text = drawio.to_drawio(view)
    found = cells(text)
    vertices = {c.get("id"): c for c in found.values() if c.get("vertex") == "1"}

    def absolute(cid: str) -> tuple[float, float]:
        x, y, _, _ = geometry(vertices[cid])
        parent = vertices[cid].get("parent")
        if parent in vertices:
            px, py = absolute(parent)
            return x + px, y + py
        return x, y

    by_label = {c.get("value"): cid for cid, c in vertices.items()}
    layout = drawio.layout(view)
    positions = {o["name"]: float(o["pos"].split(",")[0]) for o in layout["objects"] if "pos" in o}
    nodes = sorted(view.nodes, key=lambda n: n.id)
    for a in nodes:
        for b in nodes:
            pa, pb = positions.get(diagrams_map.dot_id(a.id)), positions.get(diagrams_map.dot_id(b.id))
            if pa is None or pb is None or abs(pa - pb) < 100:
                continue
            xa = absolute(by_label[a.label])[0] + geometry(vertices[by_label[a.label]])[2] / 2
            xb = absolute(by_label[b.label])[0] + geometry(vertices[by_label[b.label]])[2] / 2
            assert (pa < pb) == (xa < xb), (a.id, b.id)


def test_icons_from_the_provider_libraries():
    for name, library in (("aws-sagemaker", "mxgraph.aws4."), ("gcp-vertex", "mxgraph.gcp2."),
                          ("azure-ml", "img/lib/azure2/")):
        graph, annotations = sample(name)
        text = drawio.to_drawio(build_view(graph, ViewOptions(), annotations))
        assert library in text, name


def test_hostile_labels_and_secrets(tmp_path):
    nodes = (VNode("a", '<img src=x onerror=alert(1)>\n"quoted" & more', "aws_s3_bucket", None, ("a",), "g"),
             VNode("b", "]]></mxCell><mxCell id='x'>", "aws_lambda_function", None, ("b",), None))
    view = View("engineering", "t", "s", nodes, (VGroup("g", "box <b>", "subnet", None),),
                (VEdge("b", "a", Relation.DATA, True, label="<script>"),), (), {})
    text = drawio.to_drawio(view)
    found = check_model(text, view)
    values = {c.get("value") for c in found.values()}
    assert '<img src=x onerror=alert(1)>\n"quoted" & more' in values
    assert "]]></mxCell><mxCell id='x'>" in values and "<script>" in values
    graph, annotations = scanned(str(HOSTILE))
    path = drawio.render(build_view(graph, ViewOptions(), annotations), tmp_path, "engineering")[0]
    assert "AKIA2E0A8F3B244C9986" not in path.read_text(encoding="utf-8")
    check_model(path.read_text(encoding="utf-8"), build_view(graph, ViewOptions(), annotations))
