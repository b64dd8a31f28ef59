"""Hostile sizes finish: every expansion is bounded, and going past a bound is a gap.

Each test writes code that would hang a scan or exhaust memory if evaluated as written, and checks
that the scan ends with the partial result kept and a ``limit-exceeded`` gap that says what was cut
and where. (How long they take is measured by benchmarks, not asserted here; the fuzz test has its
own generous time limit.)
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infra2arch.model import GapKind, Unknown
from infra2arch_terraform import limits as limits_module
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def scan(root: Path, files: dict[str, str] | None = None, **options):
    if files:
        write(root, files)
    options.setdefault("environment", {})
    return TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, **options))


def limit_gaps(inventory) -> list:
    return [g for g in inventory.gaps if g.kind == GapKind.LIMIT_EXCEEDED]


def find(inventory, address: str):
    found = [r for r in inventory.resources if r.address == address]
    assert found, sorted(r.address for r in inventory.resources)
    return found[0]


def attr(inventory, name: str, address: str = "aws_s3_bucket.b"):
    return find(inventory, address).attrs[name]


# ------------------------------------------------------------------------------------ instances


def test_count_past_the_bound_is_one_node_marked_with_the_requested_count(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        resource "aws_instance" "many" {
          count = 100000000
          ami   = "ami-1"
        }
        resource "aws_instance" "few" {
          count = 3
          ami   = "ami-2"
        }
        """})
    many = [r for r in inventory.resources if r.block_address == "aws_instance.many"]
    assert len(many) == 1
    node = many[0]
    assert node.instances_unknown and isinstance(node.instance_key, Unknown)
    assert node.instance_key.partial == 100_000_000  # the requested count travels with the node
    assert node.attrs["ami"] == "ami-1"               # and the block is still evaluated once
    assert len([r for r in inventory.resources if r.block_address == "aws_instance.few"]) == 3
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "aws_instance.many" and gap.source.line == 2
    assert "100,000,000 instances" in gap.reason and "10,000 per block" in gap.reason
    assert "--max-instances" in gap.reason


def test_for_each_past_the_bound_and_the_option(tmp_path: Path):
    files = {"main.tf": """
        locals { names = toset([for i in range(20) : "n${i}"]) }
        resource "aws_s3_bucket" "b" {
          for_each = local.names
          bucket   = each.key
        }
        """}
    assert len(scan(tmp_path, files).resources) == 20
    inventory = scan(tmp_path, max_instances=5)
    (node,) = inventory.resources
    assert node.address == "aws_s3_bucket.b" and node.instance_key.partial == 20
    (gap,) = limit_gaps(inventory)
    assert "for_each asks for 20 instances, more than the 5 per block" in gap.reason


def test_instances_per_module(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        module "m" { source = "./m" }
        """, "m/main.tf": """
        resource "aws_s3_bucket" "a" {
          count  = 4
          bucket = "a${count.index}"
        }
        resource "aws_s3_bucket" "b" {
          count  = 4
          bucket = "b${count.index}"
        }
        """}, max_instances=6)
    blocks = sorted(r.address for r in inventory.resources)
    assert blocks == [f"module.m.aws_s3_bucket.a[{i}]" for i in range(4)] + ["module.m.aws_s3_bucket.b"]
    (gap,) = limit_gaps(inventory)
    assert "module.m already has 4" in gap.reason and "6 per module" in gap.reason


def test_module_instances_past_the_bound(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        module "m" {
          source = "./m"
          count  = 50
        }
        """, "m/main.tf": 'resource "aws_s3_bucket" "b" { bucket = "x" }\n'}, max_instances=10)
    assert [r.address for r in inventory.resources] == ["module.m.aws_s3_bucket.b"]
    assert inventory.resources[0].instances_unknown
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "module.m" and "50 instances" in gap.reason


def test_instances_per_scan(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(limits_module.Limits, "max_instances_per_scan", property(lambda self: 13))
    inventory = scan(tmp_path, {"main.tf": """
        module "m" {
          source = "./m"
          count  = 3
        }
        """, "m/main.tf": """
        resource "aws_s3_bucket" "b" {
          count  = 5
          bucket = "x"
        }
        """})
    # 3 module instances, then 5 + 5 buckets fit (13); the third module's 5 do not
    assert len(inventory.resources) == 11
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "module.m[2].aws_s3_bucket.b" and "13 per scan" in gap.reason


def test_blocks_without_count_count_towards_the_scan(tmp_path: Path, monkeypatch):
    # a module of plain blocks called many times multiplies as surely as count does
    monkeypatch.setattr(limits_module.Limits, "max_instances_per_scan", property(lambda self: 30))
    blocks = "".join(f'resource "aws_s3_bucket" "b{i}" {{ bucket = "b{i}" }}\n' for i in range(5))
    inventory = scan(tmp_path, {"main.tf": 'module "m" {\n  source = "./m"\n  count = 10\n}\n',
                                "m/main.tf": blocks})
    assert len(inventory.resources) == 30
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "scan" and "4 module instances past the 30 instances per scan" in gap.reason
    assert "from module.m[6] on" in gap.reason


def test_nested_module_depth(tmp_path: Path):
    files = {"main.tf": 'module "a" { source = "./a" }\n'}
    path = "a"
    for depth in range(1, 41):
        files[f"{path}/main.tf"] = f'resource "aws_s3_bucket" "b" {{ bucket = "{depth}" }}\nmodule "a" {{ source = "./a" }}\n'
        path += "/a"
    inventory = scan(tmp_path, files)
    assert len(inventory.resources) == 32
    (gap,) = limit_gaps(inventory)
    assert gap.subject.count("module.a") == 33 and "nested more than 32 deep" in gap.reason


def test_dynamic_blocks_per_resource(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        resource "aws_security_group" "b" {
          name = "b"
          dynamic "ingress" {
            for_each = range(1000)
            content {
              from_port = ingress.value
              dynamic "cidr" {
                for_each = range(1000)
                content { block = cidr.value }
              }
            }
          }
        }
        """}, max_instances=2000)
    ingress = find(inventory, "aws_security_group.b").attrs["ingress"]
    assert len(ingress) == 1000  # the outer blocks are kept
    assert sum(isinstance(item["cidr"], list) for item in ingress) == 1  # 1000 + 1000 fit, then no more
    gaps = limit_gaps(inventory)
    assert gaps and all("2,000 blocks per resource" in g.reason or "2,000 per resource" in g.reason for g in gaps)


# ---------------------------------------------------------------------------------- expressions


def test_nested_for_expressions_stop(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        locals { cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]] }
        resource "aws_s3_bucket" "b" {
          bucket = "b"
          tags   = { n = length(local.cube), kept = "yes" }
        }
        """})
    tags = attr(inventory, "tags")
    assert isinstance(tags["n"], Unknown) and tags["kept"] == "yes"
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "local.cube" and "200,000 times in this expression" in gap.reason


def test_a_for_expression_is_cut_while_it_grows(tmp_path: Path):
    # 200,000 iterations (within the iteration bound), each adding a 1,001-cell list: the value is
    # refused as soon as it passes a million cells, not after 200 million were built
    inventory = scan(tmp_path, {"main.tf": """
        locals { big = [for i in range(1000) : [for j in range(200) : tolist(range(1000))]] }
        output "n" { value = length(local.big) }
        """})
    (gap,) = limit_gaps(inventory)
    assert gap.subject == "local.big" and "1,000,000 elements" in gap.reason


def test_template_loops_count_as_iterations(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = "%{for a in range(1000)}%{for b in range(1000)}x%{endfor}%{endfor}"
        }
        """})
    assert isinstance(attr(inventory, "bucket"), Unknown)
    assert limit_gaps(inventory)


def test_shared_values_cannot_double_forever(tmp_path: Path):
    lines = ["  l0 = [1, 2]"] + [f"  l{i} = [local.l{i - 1}, local.l{i - 1}]" for i in range(1, 41)]
    inventory = scan(tmp_path, {"main.tf": "locals {\n" + "\n".join(lines) + "\n}\n" + """
        resource "aws_s3_bucket" "b" {
          bucket = "b"
          policy = jsonencode(local.l40)
          tags   = { small = length(local.l10) }
        }
        """})
    assert isinstance(attr(inventory, "policy"), Unknown)
    assert attr(inventory, "tags")["small"] == 2
    gaps = limit_gaps(inventory)
    # l18 is the first past a million cells; past it, the unknowns double again until l37
    assert [g.subject for g in gaps] == ["local.l18", "local.l37"]
    assert all("1,000,000 elements" in g.reason for g in gaps)


STRING_BOMBS = {
    "template_doubling": ("s9", "the template would be longer than 16,777,216 characters"),
    "join": ('join("", [for i in range(1000) : local.s6])', "more than 1,000,000 elements"),
    "template_loop": ('"%{for i in range(1000)}${local.s6}%{endfor}"', "the template would be longer"),
    "format_width": ('format("%999999999d", 1)', "asks for 999,999,999 characters"),
    "format_precision": ('format("%.99999999f", 1.5)', "asks for 99,999,999 characters"),
    "formatlist": ('formatlist("%9999s", [for p in setproduct(range(100), range(100)) : 1])[0]',
                   "the results would be longer than"),
    "indent": ('indent(1000000000, "a\\nb")', "the result would be longer than"),
    "replace": ('replace(local.s5, "", local.s5)', "the result would be longer than"),
    "setproduct": ("length(setproduct(range(1000), range(1000), range(1000)))", "more than 1,000,000 elements"),
    "range": ("length(range(100000000))", "more than 1024 values"),
}


@pytest.mark.parametrize("case", sorted(STRING_BOMBS))
def test_results_that_would_explode_are_refused(tmp_path: Path, case: str):
    expr, message = STRING_BOMBS[case]
    if expr.startswith("s9"):
        expr = "local.s9"
    repeat = lambda i: "".join(f"${{local.s{i - 1}}}" for _ in range(8))  # noqa: E731
    strings = "\n".join([f'  s0 = "{"x" * 16}"'] + [f'  s{i} = "{repeat(i)}"' for i in range(1, 10)])
    inventory = scan(tmp_path, {"main.tf": "locals {\n" + strings + "\n}\n" + f"""
resource "aws_s3_bucket" "b" {{
  bucket = "b"
  tags   = {{ x = {expr}, kept = "yes" }}
}}
"""})
    tags = attr(inventory, "tags")
    assert isinstance(tags, Unknown) or (isinstance(tags["x"], Unknown) and tags["kept"] == "yes")
    reasons = [g.reason for g in inventory.gaps if g.kind in (GapKind.LIMIT_EXCEEDED, GapKind.EVALUATION_ERROR)]
    assert any(message in r for r in reasons), reasons


def test_try_and_can_do_not_hide_a_bound(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = try(length(setproduct(range(1000), range(1000), range(1000))), "fallback")
          acl    = can(format("%999999999d", 1))
        }
        """})
    assert isinstance(attr(inventory, "bucket"), Unknown) and isinstance(attr(inventory, "acl"), Unknown)
    assert len(limit_gaps(inventory)) == 2


def test_regular_expressions_that_backtrack_stop(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = regex("(a|aa)+c", "${join("", [for i in range(40) : "a"])}b")
        }
        """})
    assert isinstance(attr(inventory, "bucket"), Unknown)
    (gap,) = limit_gaps(inventory)
    assert "backtracks too much" in gap.reason


def test_templatefile_cannot_render_itself(tmp_path: Path):
    inventory = scan(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" { bucket = templatefile("t.tpl", {}) }\n',
                                "t.tpl": '${templatefile("t.tpl", {})}'})
    assert isinstance(attr(inventory, "bucket"), Unknown)
    assert any("cannot recursively call templatefile" in g.reason for g in inventory.gaps)


def test_deeply_nested_expressions_are_a_parse_gap(tmp_path: Path):
    (tmp_path / "main.tf").write_text("x = " + "(" * 50000 + "1" + ")" * 50000 + "\n")
    (tmp_path / "ok.tf").write_text('resource "aws_s3_bucket" "b" { bucket = "b" }\n')
    inventory = scan(tmp_path)
    assert [r.address for r in inventory.resources] == ["aws_s3_bucket.b"]
    assert any(g.kind == GapKind.PARSE_ERROR and g.subject == "main.tf" for g in inventory.gaps)


# ------------------------------------------------------------------------------------------ CLI


# runs the CLI and prints the peak RSS of the scan's own memory (VmHWM: ru_maxrss would carry over the
# high-water mark of the pytest process that started it, since it survives fork and exec)
_PEAK_RUNNER = ("import re, sys\nfrom infra2arch.cli import main\ncode = main(sys.argv[1:])\n"
                "status = open('/proc/self/status').read()\n"
                "peak = int(re.search(r'VmHWM:\\s*(\\d+)', status).group(1))\n"
                "sys.stderr.write(f'\\nPEAK_KIB={peak}\\n')\nsys.exit(code)\n")


def run_cli(*args: str, cwd: Path, report_peak: bool = False) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}
    env["INFRA2ARCH_CACHE_DIR"] = str(cwd / "cache")
    command = ["-c", _PEAK_RUNNER] if report_peak else ["-m", "infra2arch"]
    done = subprocess.run([sys.executable, *command, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done


def test_cli_max_instances_and_memory_of_a_hostile_scan(tmp_path: Path):
    write(tmp_path / "in", {"main.tf": """
        resource "aws_instance" "many" {
          count = 100000000
          ami   = "ami-1"
        }
        resource "aws_s3_bucket" "b" {
          for_each = toset([for i in range(30) : "b${i}"])
          bucket   = each.key
        }
        locals {
          cube = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]
          wide = setproduct(range(1000), range(1000), range(1000))
        }
        output "n" { value = [length(local.cube), length(local.wide)] }
        """})
    done = run_cli("scan", "terraform", "in", "-o", "out", "--format", "json", "--max-instances", "20", cwd=tmp_path,
                   report_peak=True)
    assert done.returncode == 0, done.stderr
    graph = json.loads((tmp_path / "out" / "graph.json").read_text())
    addresses = sorted(r["address"] for r in graph["resources"])
    assert addresses == ["aws_instance.many", "aws_s3_bucket.b"]
    assert {r["instances"] for r in graph["resources"]} == {"unknown"}
    assert {r["address"]: r["instances_requested"] for r in graph["resources"]} == {
        "aws_instance.many": 100_000_000, "aws_s3_bucket.b": 30}
    reasons = [g["reason"] for g in graph["gaps"] if g["kind"] == "limit-exceeded"]
    assert any("100,000,000 instances" in r for r in reasons) and any("30 instances" in r for r in reasons)
    assert len(reasons) == 4
    peak_kib = int(re.search(r"PEAK_KIB=(\d+)", done.stderr).group(1))  # the scan's own process tree, not pytest's
    assert peak_kib < 1024 * 1024, f"peak RSS {peak_kib // 1024} MiB"
    bad = run_cli("scan", "terraform", "in", "-o", "out2", "--max-instances", "0", cwd=tmp_path)
    assert bad.returncode != 0 and "--max-instances 0: must be a whole number of at least 1" in bad.stderr
