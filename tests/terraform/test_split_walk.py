"""Evaluating the root module on two cores (split_walk) gives exactly the serial result: the same
graph.json bytes on the samples and on code written to catch order effects (blocks reading each
other across the cut, an undeclared variable read on both sides, modules, count and for_each,
outputs), and a serial re-run when a size bound or a cycle makes the order matter."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from infra2arch.graph import build_graph
from infra2arch.model import GapKind
from infra2arch.render import graph_json
from infra2arch_terraform import split_walk
from infra2arch_terraform.adapter import Scan, TerraformOptions

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


@pytest.fixture(autouse=True)
def _small_modules_split(monkeypatch):
    monkeypatch.setattr(split_walk, "MIN_BLOCKS", 2)          # split even the samples
    monkeypatch.setattr(split_walk.parallel, "workers", lambda: 2)  # as on a machine with two cores


def run(root: Path, parallel: bool, **options) -> tuple[str, Scan]:
    options.setdefault("environment", {})
    scan = Scan(root.resolve(), TerraformOptions(use_cache=False, parallel=parallel, **options))
    try:
        inventory = scan.run()
    except split_walk.SerialRestart:
        scan = Scan(root.resolve(), TerraformOptions(use_cache=False, parallel=False, **options))
        inventory = scan.run()
        scan.restarted = True
    return graph_json.dumps(build_graph(inventory)), scan


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@pytest.mark.parametrize("sample", ["aws-sagemaker", "azure-ml", "gcp-vertex"])
def test_samples_are_byte_identical(sample):
    serial, _ = run(ROOT / "samples" / sample, parallel=False)
    split, scan = run(ROOT / "samples" / sample, parallel=True)
    assert scan.used_two_cores
    assert split == serial


ORDER_EFFECTS = {
    "a.tf": """
        variable "names" {
          type    = list(string)
          default = ["x", "y", "z"]
        }
        locals {
          tags = { Team = "ml", Env = var.env }
        }
        resource "aws_iam_role" "first" {
          name = "first-${var.undeclared}"
          tags = local.tags
        }
        resource "aws_s3_bucket" "uses_second" {
          bucket = aws_s3_bucket.second[1].bucket
          tags   = merge(local.tags, { Peer = aws_kms_key.late.arn })
        }
        resource "aws_s3_bucket" "counted" {
          count  = 2
          bucket = "c-${count.index}"
        }
        module "net" {
          source = "./net"
          cidr   = "10.0.0.0/16"
        }
        output "late" {
          value = "${var.undeclared_late}-${var.only_second}"
        }
    """,
    "b.tf": """
        variable "env" {
          default = "prod"
        }
        resource "aws_s3_bucket" "second" {
          count  = 3
          bucket = "s-${count.index}-${aws_iam_role.first.name}"
        }
        resource "aws_kms_key" "late" {
          description = "key for ${var.undeclared} and ${var.undeclared_late}"
        }
        resource "aws_sagemaker_domain" "d" {
          for_each    = toset(var.names)
          domain_name = each.key
          vpc_id      = module.net.vpc_id
          subnet_ids  = module.net.subnet_ids
        }
        resource "aws_sns_topic" "only_second" {
          name         = "t-${var.only_second}"
          display_name = tonumber("not a number")
        }
        resource "aws_s3_bucket" "none" {
          count  = 0
          bucket = "never"
        }
        data "aws_iam_policy_document" "p" {
          statement {
            actions   = ["s3:GetObject"]
            resources = [for b in aws_s3_bucket.second : "${b.arn}/*"]
          }
        }
        output "buckets" {
          value = aws_s3_bucket.second[*].bucket
        }
    """,
    "net/main.tf": """
        variable "cidr" {}
        resource "aws_vpc" "v" {
          cidr_block = var.cidr
        }
        resource "aws_subnet" "s" {
          count      = 2
          vpc_id     = aws_vpc.v.id
          cidr_block = cidrsubnet(var.cidr, 8, count.index)
        }
        output "vpc_id" { value = aws_vpc.v.id }
        output "subnet_ids" { value = aws_subnet.s[*].id }
    """,
}


def test_order_effects_are_byte_identical(tmp_path):
    root = write(tmp_path / "estate", ORDER_EFFECTS)
    serial, serial_scan = run(root, parallel=False)
    split, scan = run(root, parallel=True)
    assert scan.used_two_cores and not getattr(scan, "restarted", False)
    assert split == serial
    # undeclared variables read on both sides of the cut (and by an output, evaluated after the
    # walk): one gap each, at the serial first use
    undeclared = sorted((g.subject, g.source.file) for g in scan.gaps if g.kind is GapKind.UNDECLARED_VARIABLE)
    assert undeclared == [("var.only_second", "b.tf"), ("var.undeclared", "a.tf"), ("var.undeclared_late", "b.tf")]
    assert any(g.kind is GapKind.EVALUATION_ERROR and g.subject == "aws_sns_topic.only_second" for g in scan.gaps)
    assert undeclared == sorted((g.subject, g.source.file) for g in serial_scan.gaps
                                if g.kind is GapKind.UNDECLARED_VARIABLE)
    assert {"aws_s3_bucket.second[2]", 'aws_sagemaker_domain.d["z"]', "module.net.aws_subnet.s[1]"} <= set(scan.instances)
    assert "aws_s3_bucket.none" in scan.not_created


def test_a_bound_met_after_the_cut_runs_again_serially(tmp_path):
    files = dict(ORDER_EFFECTS)
    files["c.tf"] = """
        resource "aws_s3_bucket" "many" {
          count  = 100000000
          bucket = "m-${count.index}"
        }
    """
    root = write(tmp_path / "estate", files)
    serial, _ = run(root, parallel=False)
    split, scan = run(root, parallel=True)
    assert getattr(scan, "restarted", False) or not scan.used_two_cores
    assert split == serial
    assert '"limit-exceeded"' in split


def test_a_cycle_runs_again_serially(tmp_path):
    files = dict(ORDER_EFFECTS)
    files["c.tf"] = """
        locals {
          a = local.b
          b = local.a
        }
        resource "aws_s3_bucket" "loop" {
          bucket = local.a
        }
    """
    root = write(tmp_path / "estate", files)
    serial, _ = run(root, parallel=False)
    split, _ = run(root, parallel=True)
    assert split == serial
    assert '"cycle"' in split


def test_a_failing_child_leaves_the_serial_walk(tmp_path, monkeypatch):
    root = write(tmp_path / "estate", ORDER_EFFECTS)
    serial, _ = run(root, parallel=False)

    def broken(*args, **kwargs):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(split_walk, "_evaluate", broken)   # only the forked child calls it
    split, scan = run(root, parallel=True)
    assert scan.used_two_cores
    assert split == serial
