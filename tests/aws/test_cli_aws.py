"""`infra2arch scan aws` end to end from the command line against the moto server: graph, zones,
findings, the rendered map, and the one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import scenarios
from .scenarios import ENDPOINT, NOTEBOOK  # noqa: F401  (names the scenario creates)


def cli(args, cwd: Path, env_extra: dict | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/nonexistent/c",
                "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/s", "INFRA2ARCH_CACHE_DIR": str(cwd / "cache")})
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=180)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_scan_aws_from_the_cli_writes_the_graph_and_the_maps(aws, tmp_path):
    estate = scenarios.secure_inference(aws)
    scenarios.exposed_notebook(aws, estate)
    out = tmp_path / "out"
    endpoint = _endpoint_of(aws)
    result = cli(["scan", "aws", "--endpoint-url", endpoint, "--region", "us-east-1", "--max-attempts", "1",
                  "--format", "json,png,svg", "--view", "engineering", "--view", "security", "-o", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "graph.json").read_text())
    types = {r["type"] for r in data["resources"]}
    assert {"aws_sagemaker_endpoint", "aws_sagemaker_endpoint_configuration", "aws_sagemaker_model",
            "aws_sagemaker_notebook_instance", "aws_subnet", "aws_vpc"} <= types
    assert data["scanned"]["kind"] == "aws" and data["scanned"]["api_calls"] > 0
    assert all(r["origin"] == "aws" for r in data["resources"])
    notebook = next(a for a, z in data["annotations"]["zones"].items()
                    if a.endswith(f"notebook-instance/{NOTEBOOK}".lower()) or NOTEBOOK in a)
    assert data["annotations"]["zones"][notebook]["zone"] == "edge"
    assert any(f["rule_id"] == "I2A-AWS-001" and f["result"] == "fail" for f in data["annotations"]["findings"])
    assert any(g["kind"] == "not-available" for g in data["gaps"])  # moto's unimplemented APIs
    for name in ("engineering.png", "engineering.svg", "security.png"):
        assert (out / name).stat().st_size > 5000
    assert "Scanned aws" in result.stdout and "Gaps" in result.stdout


def _endpoint_of(aws) -> str:
    # the fixture's clients all point at the session's moto server
    return aws("sts").meta.endpoint_url


def test_missing_credentials_is_one_clear_line(tmp_path):
    result = cli(["scan", "aws", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9", "-o",
                  str(tmp_path / "out")], tmp_path,
                 {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "credentials" in lines[0]
