"""The explorer's maps built in a pool of forked processes are the maps built serially, byte for
byte; where forking is not safe (threads running) the build is serial and says so.

Each build runs in a fresh interpreter: the test process itself runs threads (the browser tests'
Playwright), and a pool is only forked from a process that runs none.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BUILD = r"""
import dataclasses, hashlib, json, sys, threading
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + "/benchmarks")
import synthetic
from infra2arch import pipeline
from infra2arch.graph import build_graph
from infra2arch.render import explorer_maps, html
from infra2arch.views import ViewOptions
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

synthetic.generate(sys.argv[2], int(sys.argv[3]))
graph = build_graph(TerraformProvider().scan(sys.argv[2], TerraformOptions(use_cache=False, environment={})))
graph = dataclasses.replace(graph, scanned={**graph.scanned, "target": "estate"})  # as the CLI titles it
annotations = pipeline.annotate(graph, pipeline.AnnotationOptions(), sys.argv[2])
if sys.argv[5] == "thread":   # a thread is running while the explorer is built
    stop = threading.Event()
    threading.Thread(target=stop.wait, daemon=True).start()
if sys.argv[5] == "kill":   # the first worker to build a drill-down dies (as if killed for memory)
    import os
    job = explorer_maps._job

    def dying_job(kind, *rest):
        if kind != "detail":
            return job(kind, *rest)
        open(sys.argv[2] + ".died", "w").close()
        os._exit(9)

    explorer_maps._job = dying_job
    page, notes, count = html.build(graph, annotations, ViewOptions())
    print(json.dumps({"sha256": hashlib.sha256(page).hexdigest(), "maps": count}))
    raise SystemExit(0)
maps = explorer_maps.plan(graph, annotations, ViewOptions(), workers=int(sys.argv[4]))
page, notes, count = html._assemble(graph, annotations, maps)
maps.close()
print(json.dumps({"parallel": maps.parallel, "maps": count, "sha256": hashlib.sha256(page).hexdigest(),
                  "details": sum(1 for s in maps.specs if s.kind == "detail"),
                  "pages": sum(1 for s in maps.specs if s.label.endswith(")"))}))
"""


def build(tmp_path: Path, workers: int, mode: str = "-", resources: int = 700) -> dict:
    done = subprocess.run([sys.executable, "-c", BUILD, str(ROOT), str(tmp_path / "estate"),
                           str(resources), str(workers), mode],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return build(tmp_path_factory.mktemp("serial"), 1)


def test_the_pool_builds_the_same_explorer_as_one_process(serial, tmp_path):
    assert serial["parallel"] is False
    assert serial["details"] > 20 and serial["pages"] > 0, "the estate exercises drill-downs and pages"
    pooled = build(tmp_path, 2)
    assert pooled["parallel"] is True
    assert pooled == {**serial, "parallel": True}


def test_with_a_thread_running_the_build_stays_in_one_process(serial, tmp_path):
    """(Forking a process that runs threads can deadlock the child.)"""
    threaded = build(tmp_path, 2, "thread")
    assert threaded["parallel"] is False
    assert threaded == serial


def test_a_worker_that_dies_leaves_the_same_explorer_built_in_one_process(serial, tmp_path):
    rebuilt = build(tmp_path, 2, "kill")
    assert (tmp_path / "estate.died").exists(), "a worker did die"
    assert rebuilt == {"sha256": serial["sha256"], "maps": serial["maps"]}
