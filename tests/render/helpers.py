"""Shared set-up for the renderer tests: real scans of real Terraform, real Graphviz, real Chromium."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

from infra2arch import pipeline
from infra2arch.graph import build_graph
from infra2arch.model import Graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = ("aws-sagemaker", "gcp-vertex", "azure-ml")
HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
MERMAID_JS = ROOT / ".venv" / "node" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


@lru_cache(maxsize=None)
def scanned(directory: str) -> tuple[Graph, Any]:
    """Graph and annotations of a Terraform directory (cached: several tests read the same scan)."""
    inventory = TerraformProvider().scan(directory, TerraformOptions(use_cache=False, environment={}))
    graph = build_graph(inventory)
    return graph, pipeline.annotate(graph, pipeline.AnnotationOptions(), directory)


def sample(name: str) -> tuple[Graph, Any]:
    return scanned(str(SAMPLES / name))


def launch(playwright):
    """Debian's chromium driven by Playwright (never a downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
