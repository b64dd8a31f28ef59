"""The explorer (--format html) in a real browser: Debian's chromium driven by Playwright.

Each sample's explorer is built by the CLI, opened from disk, and used the way a person would:
click a node and read the panel, search, toggle layers, drill down, follow a deep link, switch
views. Every page must load without a console error or a request leaving the file, and a hostile
tag must show as text without running (no dialog ever opens). Screenshots land in the test's
temporary directory for a look.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra2arch.render import html as explorer
from infra2arch.render.subgraph import Neighbourhood
from infra2arch.views import ViewOptions, build_view

from tests.render.helpers import CHROMIUM, HOSTILE, SAMPLE_NAMES, SAMPLES, launch, sample, scanned

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
playwright_api = pytest.importorskip("playwright.sync_api")


def build_cli(target: Path, out: Path, *extra: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(target), "-o", str(out),
                           "--format", "html", "--no-cache", "-q", *extra], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return out / "map.html"


def unpack(page: str, block: str) -> str:
    found = re.search(rf'<script type="application/octet-stream" id="{block}">([^<]*)</script>', page)
    assert found, block
    return gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8")


class Browser:
    """One page of the explorer with everything a test needs to watch."""

    def __init__(self, browser, path: Path, fragment: str = ""):
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri() + fragment)
        self.wait("window.explorerReady === true", timeout=60)

    def wait(self, expression: str, timeout: float = 10) -> None:
        """Poll an expression. (Playwright's wait_for_function evaluates a string inside the page,
        which the explorer's Content-Security-Policy forbids, as it should.)"""
        deadline = time.monotonic() + timeout
        while not self.page.evaluate(expression):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            self.page.wait_for_timeout(50)

    def panel(self) -> str:
        return self.page.text_content("#panel-body") or ""

    def click_node(self, address: str) -> None:
        self.page.locator(f'#canvas g.node[data-address="{address}"]').first.click(force=True)

    def current_view(self) -> str:
        return self.page.get_attribute('#views button[aria-pressed="true"]', "data-view") or ""

    def switch(self, view: str) -> None:
        self.page.click(f'#views button[data-view="{view}"]')
        self.wait_view(view)

    def wait_view(self, view: str) -> None:
        self.wait(
            f"document.querySelector('#views button[aria-pressed=\"true\"]')?.dataset.view === '{view}'")

    def check_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        outside = [u for u in self.requests if not u.startswith(("file:", "data:", "blob:"))]
        assert not outside, outside


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("explorer")
    return {name: build_cli(SAMPLES / name, out / name) for name in SAMPLE_NAMES}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_explorer_end_to_end(browser, built, name, tmp_path):
    path = built[name]
    assert path.stat().st_size < 2_000_000, "a sample's explorer stays under 2 MB"
    graph, annotations = sample(name)
    data = json.loads(unpack(path.read_text(encoding="utf-8"), "data"))
    views = [data["maps"][i]["view"] for i in data["views"]]
    assert views == ["executive", "overview", "engineering", "security", "cost"]

    page = Browser(browser, path)
    assert page.current_view() == "engineering"
    page.page.screenshot(path=str(tmp_path / f"{name}-engineering.png"))

    # a node: the panel names it, says where it is defined, its zone and its edges with their cause
    engineering = data["maps"][data["views"][2]]
    single = sorted(k for k, v in engineering["nodes"].items() if len(v["m"]) == 1 and not k.startswith("synthetic:"))
    address = next(a for a in single if data["resources"][engineering["nodes"][a]["m"][0]].get("o"))
    resource = graph.by_address()[address]
    page.click_node(address)
    text = page.panel()
    assert address in text and resource.type in text
    assert resource.source.label() in text
    assert "Zone" in text and annotations.zones[address].zone.value in text
    edge = next(e for e in graph.edges if e.src == address)
    assert f"via {edge.via}" in text
    # follow an edge from the panel: the panel now shows the other end
    page.page.locator("#panel-body button.link", has_text=edge.dst).first.click()
    assert page.panel().startswith(graph.folded.get(edge.dst, edge.dst)) or edge.dst in page.panel()

    # search by type: results list, matching nodes highlighted, Enter goes to the first
    page.page.fill("#search", resource.type)
    page.page.wait_for_selector("#results li")
    assert page.page.locator("#results li").count() >= 1
    page.page.wait_for_selector("#canvas g.node.match")
    page.page.press("#search", "Enter")
    page.wait("document.querySelector('#canvas g.node.selected') !== null")

    # layers: hide a relation, then the edges of that relation are not displayed
    relation = engineering["edges"][0][2]
    page.page.click("#layers summary")
    box = page.page.locator(f'#layer-list input[data-layer="rel-{relation}"]')
    box.uncheck()
    hidden = page.page.evaluate(
        f"[...document.querySelectorAll('#canvas g.edge.rel-{relation}')].every(e => getComputedStyle(e).display === 'none')")
    assert hidden
    box.check()
    page.page.locator('#layer-list input[data-layer="badges"]').check()
    assert page.page.evaluate("document.getElementById('canvas').classList.contains('show-badges')")
    page.page.click("#layers summary")

    # switch views; the executive view has at most 12 boxes plus the internet
    page.switch("executive")
    nodes = page.page.locator("#canvas g.node[data-address]").count()
    assert 1 <= nodes <= 13
    page.page.screenshot(path=str(tmp_path / f"{name}-executive.png"))

    # drill down from the overview: a box or a collapsed node opens its detail map
    page.switch("overview")
    overview = data["maps"][data["views"][1]]
    drillable = [k for k, v in overview["nodes"].items() if "d" in v]
    assert drillable, "the overview offers a drill-down"
    target = overview["nodes"][drillable[0]]
    page.click_node(drillable[0])
    page.page.click("#panel-body button.drill")
    opened = data["maps"][target["d"]]
    # the map that draws the box's members (a detail map, or a view that already draws each of them),
    # with those members marked
    page.wait(f"document.getElementById('map-caption').textContent === {json.dumps(opened['subtitle'])}")
    marked = page.page.evaluate("[...document.querySelectorAll('#canvas g.node.match')].map(g => g.dataset.address)")
    members = set(target["m"])
    assert marked and all(set(opened["nodes"][m]["m"]) & members for m in marked)
    if opened["kind"] == "detail":
        crumbs = page.page.text_content("#crumbs") or ""
        assert opened["label"] in crumbs
        page.page.click("#crumbs button")  # back up the trail
        page.wait("document.querySelectorAll('#crumbs .sep').length === 0")

    # notes and gaps are one click away
    page.page.click("#notes-button")
    notes = page.page.text_content("#notes-body") or ""
    assert f"{len(graph.gaps)} gaps" in notes
    page.check_clean()
    page.page.close()


def test_deep_link_opens_the_resource(browser, built):
    page = Browser(browser, built["aws-sagemaker"], "#aws_sagemaker_endpoint.main")
    text = page.panel()
    assert text.startswith("aws_sagemaker_endpoint.main")
    assert "SageMaker endpoint" in text and "ml.tf:" in text
    assert page.page.locator('#canvas g.node.selected[data-address="aws_sagemaker_endpoint.main"]').count() == 1
    # a link to something not in the scan says so
    page.page.evaluate("location.hash = 'aws_s3_bucket.nowhere'")
    page.wait("document.getElementById('panel-body').textContent.startsWith('Not in this scan')")
    assert "aws_s3_bucket.nowhere" in page.panel()
    # a view link, and the hash follows navigation
    page.page.evaluate("location.hash = 'view=security'")
    page.wait_view("security")
    assert page.page.evaluate("location.hash") == "#view=security"
    page.check_clean()
    page.page.close()


def test_hostile_values_are_text_and_secrets_stay_out(browser, tmp_path):
    path = build_cli(HOSTILE, tmp_path / "out")
    raw = path.read_text(encoding="utf-8")
    decoded = [unpack(raw, "data")] + [unpack(raw, f"svg-{i}") for i in range(len(re.findall(r'id="svg-\d+"', raw)))]
    for secret in ("AKIA2E0A8F3B244C9986", "q8Vd2Lr0Zt7Kx4Pm9Wn3Hc6Yb1Fs5Jg8Ta2Qe7Ru"):
        assert secret not in raw and all(secret not in text for text in decoded)
    page = Browser(browser, path, "#aws_s3_bucket.artifacts")
    text = page.panel()
    assert "<img src=x onerror=alert(1)>" in text
    assert "</script><script>alert(2)</script>" in text
    assert page.page.locator("#panel-body img, #panel-body script, #panel-body svg").count() == 0
    page.page.fill("#search", "onerror")
    page.page.wait_for_selector("#results li")
    page.page.press("#search", "Enter")
    page.click_node("aws_lambda_function.scorer")
    assert "javascript:alert(4)" in page.panel() and "<b>key</b>" in page.panel()
    assert page.page.evaluate("document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    page.page.wait_for_timeout(300)
    page.check_clean()
    page.page.close()


def test_drill_down_from_a_cut_is_the_drill_down_from_the_whole_graph():
    """A detail map is built from the neighbourhood of its members (fast on big estates); it must
    be exactly the view the whole graph gives."""
    for name in SAMPLE_NAMES:
        graph, annotations = sample(name)
        specs, _, _ = explorer.plan_maps(graph, annotations, ViewOptions())
        neighbourhood = Neighbourhood(graph)
        details = [s for s in specs if s.kind == "detail"]
        assert details, name
        for spec in details:
            members = frozenset(a for n in spec.view.nodes for a in n.members)
            full = build_view(graph, ViewOptions(only=members), annotations)
            cut = build_view(neighbourhood.cut(members), ViewOptions(only=members), annotations)
            assert (full.nodes, full.groups, full.edges) == (cut.nodes, cut.groups, cut.edges), spec.label


def test_every_collapsed_node_and_box_has_its_detail():
    graph, annotations = sample("aws-sagemaker")
    specs, notes, links = explorer.plan_maps(graph, annotations, ViewOptions(budget=12))
    assert not notes
    # what engineering maps draw as nodes (boxes, rules and bindings are boxes and edges there)
    drawable = {a for s in specs if s.view.name == "engineering" for n in s.view.nodes for a in n.members}
    for spec in specs:
        for node in spec.view.nodes:
            if node.count > 1:
                # a collapsed node links to a map that draws every one of its members
                target = specs[links[(spec.index, node.id)]]
                shown = {a for n in target.view.nodes for a in n.members}
                assert set(node.members) & drawable <= shown or target.label.endswith(")"), \
                    (spec.label, node.label)
        if spec.kind == "view" and spec.view.name in ("overview", "engineering"):
            for group in spec.view.groups:
                inside = {a for n in spec.view.nodes if _within(spec.view, n.group, group.id) for a in n.members}
                if len(inside) > 1 and inside != {a for n in spec.view.nodes for a in n.members}:
                    assert (spec.index, group.id) in links, (spec.label, group.label)
    # every resource the engineering maps draw is reachable as a node of its own on some map (the
    # executive and overview boxes also count boxes and rules, which engineering maps draw as boxes and edges)
    singles = {n.members[0] for s in specs for n in s.view.nodes if n.count == 1}
    drawn = {a for s in specs if s.view.name == "engineering" for n in s.view.nodes for a in n.members}
    assert drawn <= singles


def _within(view, group: str | None, target: str) -> bool:
    parents = {g.id: g.parent for g in view.groups}
    while group is not None:
        if group == target:
            return True
        group = parents.get(group)
    return False


def test_same_input_same_bytes(tmp_path):
    graph, annotations = scanned(str(SAMPLES / "gcp-vertex"))
    first = explorer.build(graph, annotations, ViewOptions())[0]
    second = explorer.build(graph, annotations, ViewOptions())[0]
    assert first == second
    assert b"http://" not in first.replace(b"http://www.w3.org/", b"") and b"https://" not in first
