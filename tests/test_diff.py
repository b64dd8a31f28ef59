"""`infra2arch diff OLD NEW`: what a change to the infrastructure code does, in the map's terms."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES

NEW_GROUP = """

resource "aws_s3_bucket" "scratch" {
  bucket = "fraud-scoring-scratch"
}

resource "aws_security_group" "debug" {
  name   = "debug-ssh"
  vpc_id = aws_vpc.main.id
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"""


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, INFRA2ARCH_CACHE_DIR=str(cwd / "cache"))
    return subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=300)


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The AWS sample (base) and a pull request on it (head): the notebook's direct internet access
    turned off, a larger endpoint instance, and a security group open to the world on SSH."""
    work = tmp_path_factory.mktemp("diff")
    code = work / "code"
    shutil.copytree(SAMPLES / "aws-sagemaker", code)
    assert cli("scan", "terraform", "code", "-o", "base", "--format", "json", "-q", cwd=work).returncode == 0
    ml = code / "ml.tf"
    text = ml.read_text()
    assert '  platform_identifier   = "notebook-al2-v2"\n' in text
    text = text.replace('  platform_identifier   = "notebook-al2-v2"\n',
                        '  platform_identifier   = "notebook-al2-v2"\n  direct_internet_access = "Disabled"\n')
    ml.write_text(text + NEW_GROUP)
    tfvars = code / "terraform.tfvars"
    assert 'endpoint_instance_type  = "ml.m5.large"' in tfvars.read_text()
    tfvars.write_text(tfvars.read_text().replace('endpoint_instance_type  = "ml.m5.large"',
                                                 'endpoint_instance_type  = "ml.g5.2xlarge"'))
    assert cli("scan", "terraform", "code", "-o", "head", "--format", "json", "-q", cwd=work).returncode == 0
    return work


def test_text_names_what_the_change_does(scans: Path) -> None:
    done = cli("diff", "base", "head", cwd=scans)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Changes from base to head" in out
    assert "Resources +2 added, −0 removed, ~2 changed" in out
    assert "  + aws_s3_bucket.scratch (aws_s3_bucket)" in out
    assert "  + aws_security_group.debug (aws_security_group)" in out
    assert "  ~ aws_sagemaker_endpoint_configuration.main: production_variants" in out
    assert "  ~ aws_sagemaker_notebook_instance.research: direct_internet_access" in out
    assert "Exposure 0 workloads newly reachable from the internet, 1 no longer" in out
    assert "  − aws_sagemaker_notebook_instance.research" in out
    assert "+ critical I2A-AWS-027 aws_security_group.debug" in out
    assert "− high     I2A-AWS-001 aws_sagemaker_notebook_instance.research" in out
    assert "Cost $" in out and "aws_sagemaker_endpoint.main: $" in out


def test_fail_on_a_new_finding_or_a_new_exposure(scans: Path) -> None:
    assert cli("diff", "base", "head", "--fail-on", "critical", cwd=scans).returncode == 4
    assert cli("diff", "base", "head", "--fail-on-exposure", cwd=scans).returncode == 0   # nothing newly exposed
    backwards = cli("diff", "head", "base", "--fail-on-exposure", "--verbose", cwd=scans)
    assert backwards.returncode == 4
    assert "newly reachable from the internet: aws_sagemaker_notebook_instance.research" in backwards.stderr


def test_markdown_and_json(scans: Path) -> None:
    md = cli("diff", "base", "head", "--format", "md", "-o", "comment.md", cwd=scans)
    assert md.returncode == 0, md.stderr
    text = (scans / "comment.md").read_text()
    assert text.startswith("### infra2arch: changes from `base` to `head`")
    data = json.loads(cli("diff", "base", "head", "--format", "json", cwd=scans).stdout)
    assert f"| findings opened / closed | **{len(data['opened'])} / {len(data['closed'])}** |" in text
    assert len(data["closed"]) == 4 and any(o["address"] == "aws_s3_bucket.scratch" for o in data["opened"])
    assert "| critical | I2A-AWS-027 | `aws_security_group.debug` |" in text
    assert [a["address"] for a in data["added"]] == ["aws_s3_bucket.scratch", "aws_security_group.debug"]
    assert data["cost_after"] > data["cost_before"]
    again = cli("diff", "base", "head", "--format", "json", cwd=scans).stdout
    assert json.loads(again) == data and again == cli("diff", "base", "head", "--format", "json", cwd=scans).stdout


def test_the_same_scan_twice_has_no_changes(scans: Path) -> None:
    done = cli("diff", "base", "base/graph.json", cwd=scans)
    assert done.returncode == 0
    assert done.stdout.startswith("No changes from base to base/graph.json")


def test_a_missing_or_foreign_file_is_one_clear_message(scans: Path) -> None:
    (scans / "other.json").write_text('{"hello": 1}')
    for args in (("nowhere", "head"), ("other.json", "head")):
        done = cli("diff", *args, cwd=scans)
        assert done.returncode != 0 and "Traceback" not in done.stderr
        assert done.stderr.startswith("infra2arch: error:"), done.stderr


def test_the_change_map_marks_what_changed(scans: Path) -> None:
    done = cli("diff", "base", "head", "--map", "changes.svg", cwd=scans)
    assert done.returncode == 0, done.stderr
    svg = (scans / "changes.svg").read_text()
    assert "what changed" in svg
    assert "+ added" in svg                                        # the new bucket, in green
    assert "~ changed: direct_internet_access" in svg              # the notebook
    assert "~ changed: production_variants" in svg                 # the endpoint configuration
    assert "changed but not drawn as nodes: aws_security_group.debug" in svg   # attached to nothing: no edge
    assert "#15803d" in svg.lower() and "#b45309" in svg.lower()
    assert cli("diff", "base", "head", "--map", "changes.png", cwd=scans).returncode == 0
    assert (scans / "changes.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    bad = cli("diff", "base", "head", "--map", "changes.gif", cwd=scans)
    assert bad.returncode != 0 and bad.stderr.startswith("infra2arch: error: --map changes.gif")
    nothing = cli("diff", "base", "base", "--map", "same.png", cwd=scans)
    assert nothing.returncode == 0 and "no change map" in nothing.stderr and not (scans / "same.png").exists()
