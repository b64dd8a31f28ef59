"""Reading a graph.json for a report: credentials in it are masked exactly as ``scrub_text`` of the
whole text would mask them (the fast piecewise scrub must never differ), and the graph comes back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra2arch.redact import scrub_text
from infra2arch.render.graph_json import loads_with_annotations, scrub_json_text
from infra2arch.report import read_graph

GITHUB = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
AZURE_KEY = ("Ab1" * 29)[:86] + "=="
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
SECRETS = ("hunter2", GITHUB[4:], AWS_SECRET, AZURE_KEY[:-2], JWT[3:])


def records(extra_text: str = "") -> list[dict]:
    """Many objects (the text is cut between them), credentials at the start, middle and end of some."""
    items: list[dict] = []
    for index in range(300):
        item: dict = {"address": f"aws_instance.a{index}", "name": f"a{index}", "tags": {"Team": "ml"}}
        if index % 37 == 0:
            item = {"url": "postgres://admin:hunter2@db:5432/x", **item, "token_note": f"pat {GITHUB}"}
        if index % 41 == 1:
            item["aws_secret_access_key"] = AWS_SECRET
            item["env"] = {"STORAGE": AZURE_KEY, "AUTH": f"Bearer {JWT}"}
        if index % 53 == 2:
            item["note"] = "sk-learn-inference-container (a name, not a key) " + extra_text
        items.append(item)
    return items


@pytest.mark.parametrize("extra", ["", "İstanbul"])   # "İ" lowercases to two characters: the slow path
def test_piecewise_scrub_equals_whole_text_scrub(extra: str) -> None:
    for text in (json.dumps({"resources": records(extra), "edges": records()}, separators=(",", ":")),
                 json.dumps({"resources": records(extra)}, indent=1), "{}", ""):
        scrubbed = scrub_json_text(text)
        assert scrubbed == scrub_text(text)
        if text.startswith('{"resources":[{'):
            assert "},{" in text and scrubbed != text
            for secret in SECRETS:
                assert secret not in scrubbed, secret
            assert "sk-learn-inference-container" in scrubbed
            json.loads(scrubbed)


def test_read_graph_masks_credentials_and_keeps_the_graph(aws_graph: Path, tmp_path: Path) -> None:
    data = json.loads(aws_graph.read_text(encoding="utf-8"))
    resource = data["resources"][len(data["resources"]) // 2]
    resource["attrs"]["connection"] = "postgres://admin:hunter2@db:5432/x"
    resource["attrs"]["aws_secret_access_key"] = AWS_SECRET
    path = tmp_path / "graph.json"
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    read_path, graph, annotations = read_graph(tmp_path)
    assert read_path == path and annotations is not None
    assert len(graph.resources) == len(data["resources"])
    attrs = {r.address: r.attrs for r in graph.resources}[resource["address"]]
    assert attrs["connection"] == "postgres://admin:***@db:5432/x"
    assert AWS_SECRET not in json.dumps(attrs, default=str)
    assert loads_with_annotations(path.read_text(encoding="utf-8"))[0] == graph
