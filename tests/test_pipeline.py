"""The scan pipeline is the same for every source: an adapter that only turns a request into an
inventory gets graph.json, the annotations, the maps and the output cache for free."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from infra2arch import pipeline
from infra2arch.cli import main
from infra2arch.model import Inventory, Location, Origin, Resource, SourceLocation
from infra2arch.providers import ScanRequest


class CountingProvider:
    """A minimal adapter, as a third-party one would be written: it knows nothing of the pipeline."""

    name = "counting"
    help = "a test adapter"

    def __init__(self, digest: str | None = None):
        self.digest = digest
        self.scans = 0

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--bucket", default="data")

    def request(self, args: argparse.Namespace, progress) -> ScanRequest:
        return ScanRequest(target="counting", options=args.bucket, title=f"counting:{args.bucket}")

    def scan(self, target: str, options=None) -> Inventory:
        self.scans += 1
        bucket = Resource(address=f"aws_s3_bucket.{options}", type="aws_s3_bucket", name=options,
                          attrs={"bucket": options}, location=Location(cloud="aws", account="111122223333",
                                                                       region="eu-west-1"),
                          source=SourceLocation(api="s3:ListBuckets"), origin=Origin.AWS)
        return Inventory(resources=(bucket,), scanned={"kind": "aws", "target": target})

    def fingerprint(self, request: ScanRequest) -> str | None:
        return self.digest


def _request(provider: CountingProvider, bucket: str = "data") -> ScanRequest:
    return provider.request(argparse.Namespace(bucket=bucket), None)


def test_any_adapter_gets_the_graph_annotations_and_title(tmp_path: Path) -> None:
    provider = CountingProvider()
    outcome = pipeline.scan(provider, _request(provider), pipeline.OutputOptions(directory=tmp_path))
    data = json.loads((tmp_path / "graph.json").read_text())
    assert [r["address"] for r in data["resources"]] == ["aws_s3_bucket.data"]
    assert data["scanned"]["target"] == "counting:data"          # the title as the user typed it
    assert "aws_s3_bucket.data" in outcome.annotations.costs      # annotated like any other scan
    assert outcome.written == [tmp_path / "graph.json"]


def test_output_cache_replays_only_when_the_adapter_fingerprints(tmp_path: Path) -> None:
    uncached = CountingProvider(digest=None)
    for _ in range(2):
        pipeline.scan(uncached, _request(uncached), pipeline.OutputOptions(directory=tmp_path / "a"))
    assert uncached.scans == 2

    cached = CountingProvider(digest="inputs-v1")
    first = pipeline.scan(cached, _request(cached), pipeline.OutputOptions(directory=tmp_path / "b"))
    second = pipeline.scan(cached, _request(cached), pipeline.OutputOptions(directory=tmp_path / "c"))
    assert cached.scans == 1 and first.cached is None and second.cached is not None
    assert (tmp_path / "b" / "graph.json").read_bytes() == (tmp_path / "c" / "graph.json").read_bytes()

    cached.digest = "inputs-v2"  # the adapter saw a change: scan again
    pipeline.scan(cached, _request(cached), pipeline.OutputOptions(directory=tmp_path / "d"))
    assert cached.scans == 2
    other_title = pipeline.scan(cached, _request(cached, "logs"), pipeline.OutputOptions(directory=tmp_path / "e"))
    assert cached.scans == 3 and other_title.cached is None       # another request is another key


def test_replayed_scan_still_draws_maps(tmp_path: Path) -> None:
    provider = CountingProvider(digest="same")
    pipeline.scan(provider, _request(provider), pipeline.OutputOptions(directory=tmp_path / "a"))
    outcome = pipeline.scan(provider, _request(provider),
                            pipeline.OutputOptions(directory=tmp_path / "b", formats=("json", "svg")))
    assert provider.scans == 1 and outcome.cached is not None
    assert (tmp_path / "b" / "engineering.svg").read_text().count("aws_s3_bucket.data") >= 1


def test_scan_without_the_adapter_names_what_to_install(capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from infra2arch import providers

    installed = {k: v for k, v in providers.available().items() if k != "gcp"}
    monkeypatch.setattr(providers, "available", lambda: installed)
    assert main(["scan", "gcp", "--project", "p"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["infra2arch: error: the 'gcp' adapter is not installed: pip install ./providers/gcp"]


def test_unknown_format_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["scan", "terraform", str(tmp_path), "--format", "json,gif", "-o", str(tmp_path / "o")]) == 2
    assert "--format 'gif': known formats are" in capsys.readouterr().err


def test_a_scan_right_after_another_replays_the_entry_written_in_the_background(tmp_path: Path) -> None:
    # the command returns while its output-cache entry is written by a detached process; a lock
    # makes the next scan wait for that entry instead of missing it (and scanning again)
    import subprocess
    import sys

    sample = Path(__file__).resolve().parents[1] / "samples" / "aws-sagemaker"
    env = {**os.environ, "INFRA2ARCH_CACHE_DIR": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(sample), "-o",
                            str(tmp_path / f"out{i}"), "--format", "json"], env=env, capture_output=True, text=True,
                           timeout=300) for i in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    assert "cached result" not in runs[0].stdout and "cached result" in runs[1].stdout
    assert (tmp_path / "out0" / "graph.json").read_bytes() == (tmp_path / "out1" / "graph.json").read_bytes()
    assert list((tmp_path / "cache" / "outputs").glob("*.pickle"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX only")
def test_loading_an_entry_waits_while_its_writer_holds_the_lock(tmp_path: Path, monkeypatch) -> None:
    import fcntl
    import pickle
    import threading

    from infra2arch import output_cache

    monkeypatch.setenv("INFRA2ARCH_CACHE_DIR", str(tmp_path))
    directory = tmp_path / "outputs"
    directory.mkdir()
    lock = os.open(directory / "k.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    fcntl.flock(lock, fcntl.LOCK_EX)          # a writer at work
    found: list = []
    reader = threading.Thread(target=lambda: found.append(output_cache.load("k")))
    reader.start()
    reader.join(0.5)
    assert reader.is_alive() and not found     # waiting, not reporting a miss
    (directory / "k.pickle").write_bytes(pickle.dumps({"json": b"{}", "summary": {}}))
    os.close(lock)                             # the writer is done
    reader.join(10)
    assert found == [{"json": b"{}", "summary": {}}]
