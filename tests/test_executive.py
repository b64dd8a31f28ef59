"""The executive view: at most ~12 boxes for any estate, derived from the graph and annotations."""

from __future__ import annotations

import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from infra2arch.views import INTERNET, ViewOptions, build_view
from infra2arch.views.executive import MAX_NODES, PARTS

from tests.render.helpers import ROOT, SAMPLE_NAMES, sample, scanned

MONEY = r"\$[\d,.]+k?/month"


def part_of_node(node_id: str) -> str:
    return node_id.split(":", 1)[1].split(":", 1)[0]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_samples(name):
    graph, annotations = sample(name)
    view = build_view(graph, ViewOptions(name="executive"), annotations)
    parts = [n for n in view.nodes if n.id != INTERNET]
    assert 3 <= len(parts) <= MAX_NODES
    assert all(n.style.get("shape") == "box" for n in parts)
    # every managed, drawable resource is in exactly one part
    seen: dict[str, int] = defaultdict(int)
    for node in parts:
        for member in node.members:
            seen[member] += 1
    assert all(count == 1 for count in seen.values())
    # cost: the parts add up to the estimate's total (folded configuration counts with its parent)
    total = next(r for r in annotations.rollups if r.group_kind == "total").monthly
    covered = set(seen) | {c for c, p in graph.folded.items() if p in seen}
    assert sum(annotations.costs[a].monthly for a in covered if a in annotations.costs) == pytest.approx(total, abs=0.01)
    # each box says its worst finding and its exposure
    for node in parts:
        assert "open findings" in node.label or "▲" in node.label
        assert any(word in node.label for word in ("internet-facing", "private", "internal", "exposure unknown"))
    assert view.subtitle.startswith("terraform scan: ")
    assert "/month" in view.subtitle and "findings" in view.subtitle


def test_request_order_and_critical_path():
    graph, annotations = sample("aws-sagemaker")
    view = build_view(graph, ViewOptions(name="executive"), annotations)
    ids = {n.id for n in view.nodes}
    assert {"part:entry", "part:app", "part:serving", "part:data", INTERNET} <= ids
    highlighted = [(e.src, e.dst) for e in view.edges if e.highlight]
    assert set(highlighted) == {(INTERNET, "part:entry"), ("part:entry", "part:app"), ("part:app", "part:serving")}
    assert all(e.label.endswith("ms") for e in view.edges if e.highlight)
    assert view.notes[0].startswith("critical request path internet → ")
    path = max(annotations.paths, key=lambda p: p.high_ms)
    assert f"{path.high_ms:.0f} ms" in view.notes[0]
    serving = next(n for n in view.nodes if n.id == "part:serving")
    assert "aws_sagemaker_endpoint.main" in serving.members
    # side boxes: training and the shared platform sit beside the request line
    groups = {g.id: g for g in view.groups}
    assert next(n for n in view.nodes if n.id == "part:mlops").group == "side-mlops"
    assert next(n for n in view.nodes if n.id == "part:identity").group == "side-platform"
    assert set(groups) == {"side-mlops", "side-platform"}


def test_budget_merges_parts_and_says_so():
    graph, annotations = sample("gcp-vertex")
    view = build_view(graph, ViewOptions(name="executive", budget=5), annotations)
    assert len(view.nodes) <= 5
    assert any(note.startswith("merged ") for note in view.notes)
    members = {a for n in view.nodes for a in n.members}
    full = build_view(graph, ViewOptions(name="executive"), annotations)
    assert members == {a for n in full.nodes for a in n.members}, "merging loses nothing"


def test_a_large_estate_stays_on_one_page(tmp_path):
    synthetic = ROOT / "benchmarks" / "synthetic.py"
    subprocess.run([sys.executable, str(synthetic), "--resources", "1500", str(tmp_path / "estate")], check=True,
                   capture_output=True, timeout=120)
    graph, annotations = scanned(str(tmp_path / "estate"))
    view = build_view(graph, ViewOptions(name="executive"), annotations)
    assert len(view.nodes) <= MAX_NODES + 1
    parts = {part_of_node(n.id) for n in view.nodes if n.id != INTERNET}
    assert parts <= {p.key for p in PARTS} | {"platform", "backend", "front"}
    assert sum(n.count for n in view.nodes) >= len(graph.resources) * 0.5


def test_cli_executive_png(tmp_path):
    done = subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(ROOT / "samples" / "azure-ml"),
                           "-o", str(tmp_path), "--format", "png,svg", "--view", "executive", "--no-cache", "-q"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "executive.png").stat().st_size > 10_000
    svg = (tmp_path / "executive.svg").read_text(encoding="utf-8")
    assert "executive view" in svg and "Shared platform" in svg
    assert not Path(tmp_path / "graph.json").exists()
