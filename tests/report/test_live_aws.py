"""The report of a live AWS scan (a moto server on 127.0.0.1, read by the real adapter): accounts,
regions and API call counts in the evidence, ARNs and API sources in the inventory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("boto3")
pytest.importorskip("moto.server")

from infra2arch.report import build  # noqa: E402
from tests.aws import scenarios  # noqa: E402
from tests.aws.conftest import aws, moto, moto_endpoint  # noqa: E402,F401  (the AWS tests' fixtures)
from tests.aws.test_cli_aws import _endpoint_of, cli  # noqa: E402


def test_report_of_a_live_aws_scan(aws, tmp_path: Path) -> None:  # noqa: F811
    estate = scenarios.secure_inference(aws)
    scenarios.exposed_notebook(aws, estate)
    result = cli(["scan", "aws", "--endpoint-url", _endpoint_of(aws), "--region", "us-east-1", "--max-attempts", "1",
                  "-o", str(tmp_path / "scan"), "-q"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "scan" / "graph.json").read_text())
    build(tmp_path / "scan", tmp_path / "report", formats="html,md", frameworks=["soc2", "eu-ai-act"])
    text = (tmp_path / "report" / "report.md").read_text()
    assert "Live AWS read with read-only API calls" in text
    assert f"{data['scanned']['api_calls']:,} calls" in text
    assert "us-east-1" in text and "I2A-AWS-001" in text
    notebook = next(r for r in data["resources"] if r["type"] == "aws_sagemaker_notebook_instance")
    assert notebook["address"].replace("_", "\\_") in text or notebook["address"] in text
    manifest = json.loads((tmp_path / "report" / "manifest.json").read_text())
    assert manifest["scanned"]["kind"] == "aws" and manifest["live"]["api calls"] == str(data["scanned"]["api_calls"])
    assert manifest["versions"].get("boto3")  # the SDK that read the account
    assert manifest["git"]["state"].startswith("not a Terraform directory")
