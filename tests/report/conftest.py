"""Report tests: a scanned sample (real Terraform, real annotators) with hostile text injected,
and its report built once per session by the real writers (WeasyPrint, Graphviz)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from infra2arch.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HOSTILE = '<img src=x onerror=alert(1)>'
HOSTILE_GAP = '<script>alert("gap")</script> | `tick` *bold*'


def scan(sample: str, out: Path) -> Path:
    """Scan a copy of the sample: the evidence (git state of the scanned tree) must not change while
    the test runs, as this work tree's may."""
    tree = out / sample
    shutil.copytree(SAMPLES / sample, tree, ignore=shutil.ignore_patterns("map"))
    assert main(["scan", "terraform", str(tree), "-o", str(out), "-q", "--no-cache"]) == 0
    return out / "graph.json"


def hostile_copy(graph_json: Path, out: Path) -> Path:
    """The same graph with a hostile tag value and a hostile gap, as a scan of hostile code would give."""
    data = json.loads(graph_json.read_text(encoding="utf-8"))
    for resource in data["resources"]:
        if resource["type"] == "aws_sagemaker_notebook_instance":
            resource["attrs"].setdefault("tags", {})["DataClassification"] = HOSTILE
            resource["name"] = HOSTILE
    data["gaps"].append({"kind": "evaluation-error", "subject": HOSTILE, "reason": HOSTILE_GAP,
                         "source": {"file": "ml.tf", "line": 1}})
    for finding in data["annotations"]["findings"]:
        if finding["result"] == "fail":
            finding["evidence"] += " " + HOSTILE
            break
    out.mkdir(parents=True, exist_ok=True)
    path = out / "graph.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def aws_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scan("aws-sagemaker", tmp_path_factory.mktemp("scan-aws"))


@pytest.fixture(scope="session")
def hostile_graph(aws_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_copy(aws_graph, tmp_path_factory.mktemp("hostile"))


def report_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`infra2arch report …` in a fresh process: a PDF layout needs a few hundred MiB, which the test
    process should not keep (other tests measure their children's memory)."""
    completed = subprocess.run([sys.executable, "-m", "infra2arch", "report", *args], capture_output=True, text=True,
                               env={**os.environ, **(env or {})}, timeout=900)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed


@pytest.fixture(scope="session")
def aws_report(hostile_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every format, every framework, of the hostile copy of the AWS sample."""
    out = tmp_path_factory.mktemp("report-aws")
    assert report_cli(str(hostile_graph), "-o", str(out), "-q").returncode == 0
    return out


def need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed: `make setup` installs it (SYSTEM_PACKAGES)")
    return path
