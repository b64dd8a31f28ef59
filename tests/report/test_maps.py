"""The report's maps past the node budget: split per account/region (the whole-estate engineering
map gives way to them) and an overview drawn one node per region, legible on a page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from infra2arch.report import maps, read_graph


def two_region_graph(aws_graph: Path, out: Path) -> Path:
    """The AWS sample with every other resource moved to a second region."""
    data = json.loads(aws_graph.read_text(encoding="utf-8"))
    for index, resource in enumerate(data["resources"]):
        if index % 2 and resource["location"].get("region"):
            resource["location"]["region"] = "eu-west-1"
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    return out / "graph.json"


def test_split_estate_maps(aws_graph: Path, tmp_path: Path) -> None:
    _, graph, annotations = read_graph(two_region_graph(aws_graph, tmp_path / "in"))
    budget = 11   # the sample's cost view needs 12 nodes at its own grain
    specs, notes = maps.plan(graph, annotations, budget=budget)
    keys = [spec.key for spec in specs]
    slices = [key for key in keys if key.startswith("engineering-")]
    assert "engineering" not in keys and len(slices) == 2, keys
    assert keys[0] == "overview" and {"security", "cost"} <= set(keys)
    assert any("drawn per account/project/subscription and region" in note for note in notes)

    images = maps.draw(specs, annotations, tmp_path / "maps", budget=budget)
    by_key = {image.key: image for image in images}
    cost = by_key["cost"]
    assert not cost.error and cost.caption.startswith("One node per account/project/subscription and region")
    assert "would hold 12 nodes" in cost.caption
    drawn_nodes = len(re.findall(rb'class="node"', cost.svg))
    assert 0 < drawn_nodes <= budget, drawn_nodes
    assert by_key["overview"].caption == "One node per subnet, network and service group."   # fits at its own grain
    for image in images:
        assert not image.error, image.error
        assert (tmp_path / image.png_name).stat().st_size > 0   # the PNGs are drawn before draw() returns
        assert (tmp_path / image.svg_name).read_bytes() == image.svg


def test_small_estate_keeps_its_whole_map(aws_graph: Path) -> None:
    _, graph, annotations = read_graph(aws_graph)
    keys = [spec.key for spec in maps.plan(graph, annotations)[0]]
    assert keys[:2] == ["overview", "engineering"] and not any(k.startswith("engineering-") for k in keys)
