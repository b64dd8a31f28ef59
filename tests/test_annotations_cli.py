"""Zones, findings, cost and latency end to end through the CLI: JSON, summary, views, config,
waivers, --fail-on, price and usage files, and the cached replay."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SAMPLES

SCHEMA = json.loads((ROOT / "infra2arch" / "schema" / "graph.schema.json").read_text())


def run(args, cwd: Path, cache: Path):
    env = {"PATH": "/usr/bin:/bin:" + str(Path(sys.executable).parent), "INFRA2ARCH_CACHE_DIR": str(cache),
           "HOME": str(cwd)}
    result = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=120)
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture()
def sample(tmp_path):
    target = tmp_path / "aws"
    shutil.copytree(SAMPLES / "aws-sagemaker", target, ignore=shutil.ignore_patterns("map"))
    return target


def test_annotations_are_in_the_json_and_valid(sample, tmp_path):
    result = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "out")], tmp_path, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "graph.json").read_text())
    jsonschema.validate(data, SCHEMA)
    notes = data["annotations"]
    assert {r["address"] for r in data["resources"]} <= set(notes["zones"])
    assert notes["zones"]["aws_sagemaker_notebook_instance.research"]["zone"] == "edge"
    failing = {(f["rule_id"], f["address"]) for f in notes["findings"] if f["result"] == "fail"}
    assert ("I2A-AWS-001", "aws_sagemaker_notebook_instance.research") in failing
    notebook = next(f for f in notes["findings"] if f["rule_id"] == "I2A-AWS-001")
    assert notebook["default_applied"] is True and notebook["source"] == {"file": "ml.tf", "line": 103}
    assert set(notebook["controls"]) == {"SOC 2", "ISO 27001:2022", "PCI DSS 4.0", "HIPAA", "NIST AI RMF", "EU AI Act"}
    endpoint = notes["costs"]["aws_sagemaker_endpoint.main"]
    assert endpoint["status"] == "priced" and endpoint["monthly"] == pytest.approx(0.115 * 2 * 730)
    assert notes["costs"]["aws_s3_bucket.artifacts"]["status"] == "depends-on-usage"
    total = next(r for r in notes["rollups"] if r["group_kind"] == "total")
    assert total["monthly"] == pytest.approx(sum(c["monthly"] for c in notes["costs"].values()), abs=0.01)
    (path,) = notes["paths"]
    assert path["hops"] == ["aws_apigatewayv2_api.scoring", "aws_lambda_function.invoke", "aws_sagemaker_endpoint.main"]
    assert 0 < path["low_ms"] < path["high_ms"]
    assert notes["meta"]["price_book"]["as_of"] and notes["meta"]["latency_table"]
    # the summary answers the questions too
    assert "Findings" in result.stdout and "I2A-AWS-001" in result.stdout
    assert "Cost about $" in result.stdout and "Request path" in result.stdout


def test_fail_on_gives_a_non_zero_exit_for_ci(sample, tmp_path):
    high = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "o1"), "-q", "--fail-on", "high"],
               tmp_path, tmp_path / "cache")
    assert high.returncode == 4
    assert "I2A-AWS-001" in high.stderr and len(high.stderr.strip().splitlines()) == 1
    critical = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "o2"), "-q", "--fail-on", "critical"],
                   tmp_path, tmp_path / "cache")
    assert critical.returncode == 0, critical.stderr
    # a second run comes from the output cache: same bytes, same verdict
    again = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "o3"), "--fail-on", "high"],
                tmp_path, tmp_path / "cache")
    assert again.returncode == 4 and "cached result" in again.stdout
    assert (tmp_path / "o3" / "graph.json").read_bytes() == (tmp_path / "o1" / "graph.json").read_bytes()


def test_waivers_and_zone_overrides_from_the_config_file(sample, tmp_path):
    (sample / "infra2arch.yaml").write_text(
        "zones:\n"
        "  - address: aws_s3_bucket.training_data\n"
        "    zone: management\n"
        "waivers:\n"
        "  - rule: I2A-AWS-001\n"
        "    address: aws_sagemaker_notebook_instance.*\n"
        "    reason: egress filtered by the research proxy (SEC-123)\n"
        "    expires: 2999-01-01\n"
        "  - rule: I2A-AWS-027\n"
        "    address: aws_security_group.notebook\n"
        "    reason: expired on purpose\n"
        "    expires: 2000-01-01\n")
    before = {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    result = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "out"), "--fail-on", "high"],
                 tmp_path, tmp_path / "cache")
    assert {p: p.read_bytes() for p in sample.rglob("*") if p.is_file()} == before  # never written to
    notes = json.loads((tmp_path / "out" / "graph.json").read_text())["annotations"]
    waived = next(f for f in notes["findings"] if f["rule_id"] == "I2A-AWS-001")
    assert waived["result"] == "fail" and waived["waiver"]["expired"] is False
    expired = next(f for f in notes["findings"] if f["rule_id"] == "I2A-AWS-027" and f["result"] == "fail")
    assert expired["waiver"]["expired"] is True
    assert "waived" in result.stdout and "SEC-123" in result.stdout
    assert result.returncode == 4 and "I2A-AWS-001" not in result.stderr and "I2A-AWS-027" in result.stderr
    zone = notes["zones"]["aws_s3_bucket.training_data"]
    assert zone["zone"] == "management" and zone["overridden"] is True


def test_bad_config_is_one_clear_line(sample, tmp_path):
    (sample / "infra2arch.yaml").write_text("zones:\n  - address: x\n    zone: moon\n")
    result = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "out")], tmp_path, tmp_path / "cache")
    assert result.returncode == 2
    assert "zone must be one of" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_usage_and_price_files_change_the_estimate(sample, tmp_path):
    (tmp_path / "usage.yaml").write_text("aws_s3_bucket.artifacts:\n  storage_gb: 1000\n")
    (tmp_path / "prices.yaml").write_text(
        "version: test\nprices:\n  - id: aws.sagemaker.realtime/ml.m5.large@us-east-1\n    usd: 1.0\n")
    result = run(["scan", "terraform", str(sample), "-o", str(tmp_path / "out"), "-q",
                  "--usage", str(tmp_path / "usage.yaml"), "--prices", str(tmp_path / "prices.yaml")],
                 tmp_path, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    costs = json.loads((tmp_path / "out" / "graph.json").read_text())["annotations"]["costs"]
    assert costs["aws_s3_bucket.artifacts"]["status"] == "priced"
    assert costs["aws_s3_bucket.artifacts"]["monthly"] == pytest.approx(23.0, rel=0.05)
    assert costs["aws_sagemaker_endpoint.main"]["monthly"] == pytest.approx(1.0 * 2 * 730)


def test_security_and_cost_views_render_and_say_what_matters(sample, tmp_path):
    out = tmp_path / "out"
    result = run(["scan", "terraform", str(sample), "-o", str(out), "--format", "json,svg,dot",
                  "--view", "security", "--view", "cost", "--view", "engineering", "--show", "latency"],
                 tmp_path, tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    security = (out / "security.dot").read_text()
    # area captions come from the members: S3 and ECR are managed stores, the private subnets egress via NAT
    assert "EDGE: reachable from the internet" in security
    assert "DATA: managed stores in the provider" in security and "egress via NAT" in security
    assert "▲ 1 high" in security  # finding badge on the notebook
    assert "no control found" in security or "resource-policy" in security
    cost = (out / "cost.dot").read_text()
    assert "$168/mo" in cost and "monthly total $" in cost
    engineering = (out / "engineering.dot").read_text()
    assert " ms" in engineering  # latency on the request path edges
    svg = (out / "security.svg").read_text()
    assert 'data-address="aws_sagemaker_notebook_instance.research"' in svg
    # render reads the annotations back from graph.json: same security map without rescanning
    again = run(["render", str(out / "graph.json"), "--view", "security", "--format", "dot", "--show", "latency",
                 "-o", str(tmp_path / "r")],
                tmp_path, tmp_path / "cache")
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "r" / "security.dot").read_text() == security
