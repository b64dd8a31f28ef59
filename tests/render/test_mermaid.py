"""Mermaid output rendered by the real mermaid library (the npm package, in headless Chromium).

A chart that GitHub would show must parse, and the rendered SVG must hold one node per view node
and one subgraph per view box; hostile labels stay labels.
"""

from __future__ import annotations

import os

import pytest

from infra2arch.model import Relation
from infra2arch.render import mermaid
from infra2arch.views import VEdge, VGroup, View, ViewOptions, VNode, build_view

from tests.render.helpers import CHROMIUM, HOSTILE, MERMAID_JS, SAMPLE_NAMES, launch, sample, scanned

pytestmark = [pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
              pytest.mark.skipif(not MERMAID_JS.exists(), reason="mermaid is not installed: run `make setup`")]
playwright_api = pytest.importorskip("playwright.sync_api")

RENDER = """async (text) => {
  mermaid.initialize({startOnLoad: false, securityLevel: 'strict', flowchart: {htmlLabels: true}, maxTextSize: 200000});
  try {
    await mermaid.parse(text);
    const {svg} = await mermaid.render('chart', text);
    const box = document.createElement('div');
    box.innerHTML = svg;
    document.body.replaceChildren(box);
    return {ok: true, nodes: box.querySelectorAll('g.node').length, clusters: box.querySelectorAll('g.cluster').length,
            edges: box.querySelectorAll('.edgePaths path, path.flowchart-link').length,
            labels: [...box.querySelectorAll('g.node')].map(n => n.textContent),
            clusterLabels: [...box.querySelectorAll('g.cluster')].map(n => n.textContent),
            scripts: box.querySelectorAll('script, [onerror], [onload], img').length};
  } catch (e) { return {ok: false, error: String(e && e.message || e)}; }
}"""


@pytest.fixture(scope="module")
def page():
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        tab = browser.new_page()
        dialogs: list[str] = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.set_content("<!DOCTYPE html><html><body></body></html>")
        tab.add_script_tag(path=str(MERMAID_JS))
        tab.dialogs = dialogs
        yield tab
        browser.close()


def rendered(page, view: View) -> dict:
    result = page.evaluate(RENDER, mermaid.to_mermaid(view))
    assert result["ok"], result.get("error")
    return result


@pytest.mark.parametrize("name", SAMPLE_NAMES)
@pytest.mark.parametrize("view_name", ["engineering", "executive", "security"])
def test_samples_render_with_every_node_and_box(page, name, view_name):
    graph, annotations = sample(name)
    view = build_view(graph, ViewOptions(name=view_name), annotations)
    result = rendered(page, view)
    assert result["nodes"] == len(view.nodes)
    assert result["clusters"] == len(view.groups)
    assert result["edges"] == len(view.edges)
    first_lines = sorted(n.label.splitlines()[0] for n in view.nodes)
    for line in first_lines:
        assert any(line in text for text in result["labels"]), line


def test_hostile_labels_stay_text(page):
    nasty = ['end"] --> x["pwned"] %% `code`', "<img src=x onerror=alert(1)>", "a|b {c} [d] #quot; \\ & <b>"]
    nodes = tuple(VNode(f"n{i}", text + "\nsecond line", "aws_s3_bucket", None, (f"r{i}",), "g1") for i, text in
                  enumerate(nasty))
    groups = (VGroup("g1", "subnet <script>alert(2)</script> \"x\"", "subnet", None),)
    edges = (VEdge("n0", "n1", Relation.DATA, False, label="<i>1–2 ms</i>"),
             VEdge("n1", "n2", Relation.INVOKES, True))
    view = View("engineering", "t", "s", nodes, groups, edges, ("note with <tags> and ``` fences",), {})
    result = rendered(page, view)
    assert result["nodes"] == 3 and result["clusters"] == 1 and result["edges"] == 2
    assert result["scripts"] == 0 and not page.dialogs
    assert any("<img src=x onerror=alert(1)>" in text for text in result["labels"])
    assert any('end"] --> x["pwned"]' in text for text in result["labels"])
    assert "<script>alert(2)</script>" in result["clusterLabels"][0]
    markdown = mermaid.to_markdown(view, mermaid.to_mermaid(view))
    assert markdown.count("```") == 2 and "&lt;tags&gt;" in markdown


def test_hostile_scan_files(tmp_path, page):
    graph, annotations = scanned(str(HOSTILE))
    view = build_view(graph, ViewOptions(), annotations)
    files = mermaid.render(view, tmp_path, "engineering")
    assert [f.name for f in files] == ["engineering.mmd", "engineering.md"]
    text = files[0].read_text(encoding="utf-8")
    assert "AKIA2E0A8F3B244C9986" not in text
    assert files[1].read_text(encoding="utf-8").count("```mermaid") == 1
    assert rendered(page, view)["nodes"] == len(view.nodes)
    assert mermaid.render(view, tmp_path, "again")[0].read_bytes() == files[0].read_bytes()
