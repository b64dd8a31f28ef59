"""``traffic.allowed_paths`` pinned on real inputs: the samples' graphs, a synthetic estate, the parts
of it the explorer's drill-downs cut out, and the per-rule cap. The annotators and every view read
these paths, so a faster implementation must give exactly the same list (pairs, order and the rule
named for each). ``pytest --update-golden`` rewrites the pinned lists after an intended change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from infra2arch import traffic
from infra2arch.graph import build_graph
from infra2arch.model import Graph
from infra2arch.render import graph_json
from infra2arch.render.subgraph import Neighbourhood
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
PINNED = GOLDEN / "traffic"
sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic  # noqa: E402


def listing(graph: Graph) -> str:
    return "".join(json.dumps([p.src, p.dst, p.rule]) + "\n" for p in traffic.allowed_paths(graph))


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    root = tmp_path_factory.mktemp("estate")
    synthetic.generate(root, 1500)
    return build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))


@pytest.mark.parametrize("sample", ["aws-sagemaker", "azure-ml", "gcp-vertex"])
def test_paths_of_each_sample_are_pinned(sample, golden):
    graph = graph_json.loads((GOLDEN / f"{sample}.graph.json").read_text(encoding="utf-8"))
    golden.check(PINNED / f"{sample}.jsonl", listing(graph))


def test_paths_of_a_synthetic_estate_are_pinned(estate, golden):
    text = listing(estate)
    assert text.count("\n") > 200, "the estate should exercise security-group rules"
    golden.check(PINNED / "synthetic-1500.jsonl", text)


def test_paths_of_drill_down_cuts_are_pinned(estate, golden):
    """The explorer computes paths on cuts of the graph (a drill-down's members and their
    surroundings): pinned for a few deterministic member sets."""
    cuts = Neighbourhood(estate)
    addresses = sorted(r.address for r in estate.resources)
    sets = {"every 7th": addresses[::7], "first 60": addresses[:60],
            "notebooks": [a for a in addresses if "notebook" in a]}
    text = "".join(f"# {name}\n" + listing(cuts.cut(members)) for name, members in sets.items())
    golden.check(PINNED / "synthetic-1500-cuts.jsonl", text)


def test_paths_past_the_per_rule_cap_are_pinned(estate, golden, monkeypatch):
    monkeypatch.setattr(traffic, "MAX_PATHS_PER_RULE", 7)
    text = listing(estate)
    rules = [json.loads(line)[2] for line in text.splitlines()]
    assert max(rules.count(r) for r in set(rules)) <= 7
    golden.check(PINNED / "synthetic-1500-cap-7.jsonl", text)


def test_repeated_calls_give_the_same_paths(estate):
    """Whatever is remembered between calls must not leak from one graph into another."""
    first = listing(estate)
    cut = Neighbourhood(estate).cut(sorted(r.address for r in estate.resources)[:40])
    assert listing(cut) != first
    assert listing(estate) == first


@pytest.mark.parametrize("cap", [None, 7, 1])
def test_paths_among_some_resources_are_those_of_the_whole_list(estate, monkeypatch, cap):
    """A map asks only for the paths between what it draws: exactly the whole list's, even where a
    rule's cap cuts the list (the cap counts every path, drawn or not)."""
    if cap is not None:
        monkeypatch.setattr(traffic, "MAX_PATHS_PER_RULE", cap)
    whole = traffic.allowed_paths(estate)
    ends = sorted({p.src for p in whole} | {p.dst for p in whole})
    addresses = sorted(r.address for r in estate.resources)
    for among in (ends[::2], ends[1::3], ends[:25], addresses[::5], ends, []):
        chosen = set(among)
        expected = [p for p in whole if p.src in chosen and p.dst in chosen]
        assert traffic.allowed_paths(estate, among=among) == expected
    assert any(traffic.allowed_paths(estate, among=ends[::2]))
