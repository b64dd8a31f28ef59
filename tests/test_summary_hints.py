"""The summary says what to type when whole modules were left out: a module's example scanned from
a download calls ``../..`` (outside the read root) and a registry module that `terraform init` has
not fetched; both draw next to nothing without a word on the first screen."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

MODULE = """
resource "aws_s3_bucket" "data" {
  bucket = "ml-data"
}
"""

EXAMPLE = """
module "local" {
  source = "../.."
}
module "registry" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}
"""


def run(cwd: Path, *args: str) -> str:
    env = dict(os.environ, INFRA2ARCH_CACHE_DIR=str(cwd / ".cache"))
    done = subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", *args, "--format", "json"],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_modules_left_out_get_a_hint_with_the_flag_to_type(tmp_path: Path):
    repo = tmp_path / "module-download"          # no .git: the read root is the scanned directory
    (repo / "examples" / "basic").mkdir(parents=True)
    (repo / "main.tf").write_text(textwrap.dedent(MODULE))
    (repo / "examples" / "basic" / "main.tf").write_text(textwrap.dedent(EXAMPLE))

    out = run(repo, "examples/basic", "-o", "out")
    assert "Not read 1 local module call points outside the read root" in out
    assert "scan again with --read-root ." in out
    assert ("Not read 1 registry or git module call is not downloaded, so its resources are not drawn; run "
            "`terraform init` (or `terraform get`) in examples/basic, then scan again") in out
    assert "Resources 1 " in out

    again = run(repo, "examples/basic", "-o", "out", "--read-root", ".")
    assert "outside the read root" not in again
    assert "Resources 2 " in again                  # the bucket of the module at ../.. is read now

    absolute = run(tmp_path, str(repo / "examples" / "basic"), "-o", "out")
    assert f"scan again with --read-root {repo}" in absolute


def test_a_map_says_which_module_calls_it_could_not_read(tmp_path: Path):
    # a map is shared without the terminal summary: it must say itself that whole modules are missing
    from infra2arch.graph import build_graph
    from infra2arch.views import ViewOptions, build_view
    from infra2arch_terraform.options import TerraformOptions
    from infra2arch_terraform.provider import TerraformProvider

    repo = tmp_path / "module-download"
    (repo / "examples" / "basic").mkdir(parents=True)
    (repo / "main.tf").write_text(textwrap.dedent(MODULE))
    (repo / "examples" / "basic" / "main.tf").write_text(textwrap.dedent(EXAMPLE))
    graph = build_graph(TerraformProvider().scan(str(repo / "examples" / "basic"),
                                                 TerraformOptions(use_cache=False, environment={})))
    expected = ("not drawn: the resources of 2 module calls that could not be read (module.local: outside the "
                "read root; module.registry: not downloaded (terraform init))")
    from infra2arch.annotate.pipeline import annotate

    annotations = annotate(graph)
    for name in ("engineering", "security", "overview"):
        assert expected in build_view(graph, ViewOptions(name=name), annotations).notes, name


def test_a_scan_of_dot_is_titled_by_the_directory_name(tmp_path: Path):
    # CI jobs run `infra2arch scan terraform .`: the maps and the report were titled "."
    (tmp_path / "fraud-scoring").mkdir()
    (tmp_path / "fraud-scoring" / "main.tf").write_text(textwrap.dedent(MODULE))
    env = dict(os.environ, INFRA2ARCH_CACHE_DIR=str(tmp_path / ".cache"))
    where = tmp_path / "fraud-scoring"
    for argv in (["scan", "terraform", ".", "-o", "out", "--format", "json,dot"], ["report", "out", "-o", "rep", "--format", "md"]):
        done = subprocess.run([sys.executable, "-m", "infra2arch", *argv, "-q"], cwd=where, capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.returncode == 0, done.stderr
    assert "<B>fraud-scoring — engineering view</B>" in (where / "out" / "engineering.dot").read_text()
    assert (where / "rep" / "report.md").read_text().startswith("# fraud-scoring: architecture and compliance evidence")
