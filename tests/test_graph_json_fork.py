"""graph.json encoded partly in a forked process is byte for byte the serial encoding, and a child
that fails or is cancelled leaves the serial path (and no process) behind."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from infra2arch.graph import build_graph
from infra2arch.pipeline import AnnotationOptions, annotate
from infra2arch.render import graph_json
from infra2arch.render.graph_json_fork import Pending, join, start
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


def _no_threads() -> None:
    if threading.active_count() > 1:
        pytest.skip("threads are running in this process: the background encoder is not used")


@needs_fork
@pytest.mark.parametrize("sample", ["aws-sagemaker", "gcp-vertex", "azure-ml"])
def test_background_encoding_gives_the_same_bytes(sample):
    _no_threads()
    graph = build_graph(TerraformProvider().scan(str(SAMPLES / sample), TerraformOptions(use_cache=False)))
    pending = graph_json.encode_in_background(graph)
    assert isinstance(pending, Pending)
    annotations = annotate(graph, AnnotationOptions(), None)
    assert graph_json.dumps(graph, annotations=annotations, pending=pending) == graph_json.dumps(
        graph, annotations=annotations)


@needs_fork
@pytest.mark.parametrize("sample", ["aws-sagemaker", "azure-ml"])
def test_pieces_written_in_turn_are_the_serial_bytes(sample):
    # what the pipeline writes: the background part and the annotations as pieces, never joined
    _no_threads()
    graph = build_graph(TerraformProvider().scan(str(SAMPLES / sample), TerraformOptions(use_cache=False)))
    pending = graph_json.encode_in_background(graph)
    annotations = annotate(graph, AnnotationOptions(), None)
    pieces = graph_json.encode_pieces(graph, annotations=annotations, pending=pending)
    assert len(pieces) > 3 and all(isinstance(piece, bytes) for piece in pieces)
    assert b"".join(pieces) == graph_json.dumps(graph, annotations=annotations).encode("utf-8")
    # without a background part (no fork): one piece, the same bytes
    assert graph_json.encode_pieces(graph, annotations=annotations) == [b"".join(pieces)]


def test_join_is_what_json_dumps_writes():
    import json

    data = {"b": [1, {"y": "é", "x": None}], "a": {"k": 1.5}, "c": "x"}
    expected = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    assert join({k: json.dumps(v, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
                 for k, v in data.items()}) == expected


@needs_fork
def test_failing_child_falls_back_to_serial():
    _no_threads()

    def broken() -> dict:
        raise RuntimeError("boom")

    pending = start(broken)
    assert pending is not None and pending.parts() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pending.pid, os.WNOHANG)   # reaped: no zombie left


@needs_fork
def test_cancel_reaps_the_child():
    _no_threads()
    pending = start(lambda: {"a": list(range(10))})
    assert pending is not None
    pending.cancel()
    assert pending.parts() is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pending.pid, os.WNOHANG)
