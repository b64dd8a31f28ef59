"""Parsing on all cores gives exactly what a serial parse gives: the same trees, the same syntax
errors with file:line, the same graph.json bytes, and parse-cache entries that load."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from infra2arch_terraform import hcl, parallel

ROOT = Path(__file__).resolve().parents[2]


def _service(i: int) -> str:
    return f'''
locals {{
  s{i} = {{ name = "svc-{i}", ports = [443, 8080], tags = {{ Team = "t{i % 7}" }} }}
}}

resource "aws_iam_role" "r{i}" {{
  name               = "${{local.s{i}.name}}-role"
  assume_role_policy = <<-EOF
    {{ "Version": "2012-10-17", "Statement": [{{ "Effect": "Allow", "Action": "sts:AssumeRole",
       "Principal": {{ "Service": "lambda.amazonaws.com" }} }}] }}
  EOF
}}

resource "aws_security_group" "g{i}" {{
  name = "${{local.s{i}.name}}-sg"
  dynamic "ingress" {{
    for_each = local.s{i}.ports
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [local.s{i}.name == "svc-0" ? "0.0.0.0/0" : "10.0.0.0/8"]
    }}
  }}
  tags = merge(local.s{i}.tags, {{ Index = {i} * 2 + 1 }})
}}
'''


def _estate(directory: Path, files: int = 60, per_file: int = 25) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in range(files):
        text = "".join(_service(f * per_file + i) for i in range(per_file))
        if f == 7:
            text += '\nresource "aws_s3_bucket" "broken" {\n  bucket = "x"\n  tags = {\n'   # unclosed
        path = directory / f"stack_{f:03d}.tf"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_pool_parses_like_serial(tmp_path):
    if threading.active_count() > 1 or parallel.workers() < 2:
        pytest.skip("the pool is not used here (threads running, or one core)")
    paths = _estate(tmp_path)
    jobs = [parallel.Job(str(i), p.read_text(encoding="utf-8"), p.name, False) for i, p in enumerate(paths)]
    assert sum(len(j.text) for j in jobs) >= parallel.MIN_BYTES
    results = parallel.parse_all(jobs)
    assert set(results) == {j.key for j in jobs}, "every file parsed by the pool"
    for job in jobs:
        try:
            expected = hcl.parse_file(job.text, job.shown)
        except hcl.HCLSyntaxError as exc:
            with pytest.raises(hcl.HCLSyntaxError) as raised:
                results[job.key].body(job.shown)
            assert (raised.value.message, raised.value.line, raised.value.filename) == (exc.message, exc.line, exc.filename)
            continue
        assert results[job.key].body(job.shown) == expected
        assert results[job.key].secret is False


def test_small_input_is_parsed_serially(tmp_path):
    jobs = [parallel.Job("a", 'x = 1\n', "a.tf", False), parallel.Job("b", 'y = 2\n', "b.tf", False)]
    assert parallel.parse_all(jobs) == {}


def _scan(root: Path, out: Path, cache: Path, workers: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}
    env.update(INFRA2ARCH_CACHE_DIR=str(cache), INFRA2ARCH_PARSE_WORKERS=workers)
    return subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(root), "-o", str(out),
                           "--format", "json", "-v"], env=env, capture_output=True, text=True, timeout=300)


def test_scan_output_identical_with_and_without_workers(tmp_path):
    root = tmp_path / "estate"
    _estate(root)
    serial = _scan(root, tmp_path / "serial", tmp_path / "cache-serial", "1")
    pooled = _scan(root, tmp_path / "pooled", tmp_path / "cache-pooled", "2")
    assert serial.returncode == 0 and pooled.returncode == 0, serial.stderr + pooled.stderr
    data = (tmp_path / "serial" / "graph.json").read_bytes()
    assert data == (tmp_path / "pooled" / "graph.json").read_bytes()
    assert b"stack_007.tf" in data and b"parse-error" in data          # the broken file is a gap, in both
    assert len(list((tmp_path / "cache-pooled" / "parse").rglob("*.pickle"))) == 59   # the broken one is not cached
    # the trees the workers wrote to the parse cache load: a scan with the result cache gone reads them
    for scans in (tmp_path / "cache-pooled").glob("scans"):
        for item in scans.iterdir():
            item.unlink()
    for item in (tmp_path / "cache-pooled").glob("outputs/*"):
        item.unlink()
    again = _scan(root, tmp_path / "again", tmp_path / "cache-pooled", "2")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / "graph.json").read_bytes() == data


def test_files_with_secrets_never_reach_the_parse_cache_from_either_side(tmp_path):
    # the largest file is parsed by the scan itself (its tree is cached later, in the background),
    # the next one by a forked child (which caches its own): neither may be written with a secret
    root = tmp_path / "estate"
    paths = _estate(root)
    secret = "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"
    for path in (paths[0], paths[1]):
        path.write_text(path.read_text(encoding="utf-8") * 3
                        + f'\nresource "aws_ssm_parameter" "token_{path.stem}" {{\n  value = "{secret}"\n}}\n',
                        encoding="utf-8")
    result = _scan(root, tmp_path / "out", tmp_path / "cache", "2")
    assert result.returncode == 0, result.stderr
    cached = list((tmp_path / "cache" / "parse").rglob("*.pickle"))
    assert len(cached) == 57          # 60 files: the broken one and the two with a secret are not cached
    assert not any(secret.encode() in item.read_bytes() for item in cached)
    assert secret not in (tmp_path / "out" / "graph.json").read_text(encoding="utf-8")
