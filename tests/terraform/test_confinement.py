"""The read root: a scan reads no file outside it, whatever the code asks for.

Each test builds a small "repository" (a directory with ``.git``) holding the scanned root module,
and a secret file beside the repository. The code tries to reach the secret by an absolute path,
``..``, a symlink, ``~``, a module source or the module manifest; the scan must leave the value
unknown, record a gap naming the function (or module), the path as written and file:line, and never
put the secret's content anywhere: not in the inventory, not in graph.json, not in the summary.
"""

from __future__ import annotations

import builtins
import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infra2arch.errors import UserError
from infra2arch.model import GapKind, Unknown
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider
from infra2arch_terraform.functions import FUNCTIONS
from infra2arch_terraform.limits import find_read_root, resolve_read_root

SECRET = "hunter2-do-not-leak"


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """tmp/repo (a git work tree) with infra/ (the root module) and modules/; tmp/outside/secret.txt."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "infra").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.txt").write_text(SECRET)
    (tmp_path / "outside" / "main.tf").write_text(f'resource "aws_s3_bucket" "evil" {{ bucket = "{SECRET}" }}\n')
    return tmp_path / "repo"


def scan(root: Path, **options):
    options.setdefault("environment", {})
    return TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, **options))


def tags_of(inventory, address: str = "aws_s3_bucket.b") -> dict:
    found = [r for r in inventory.resources if r.address == address]
    assert found, sorted(r.address for r in inventory.resources)
    return dict(found[0].attrs["tags"])


def refusals(inventory) -> list:
    return [g for g in inventory.gaps if g.kind == GapKind.OUTSIDE_READ_ROOT]


def assert_no_secret(inventory) -> None:
    assert SECRET not in repr(inventory)


def bucket_with_tags(tags: dict[str, str]) -> str:
    lines = "\n".join(f"    {key} = {expr}" for key, expr in tags.items())
    return f'resource "aws_s3_bucket" "b" {{\n  bucket = "b"\n  tags = {{\n{lines}\n  }}\n}}\n'


# ---------------------------------------------------------------------------------------- the root


def test_default_read_root_is_the_git_work_tree_else_the_directory(tmp_path: Path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    deep = tmp_path / "repo" / "envs" / "prod"
    deep.mkdir(parents=True)
    assert find_read_root(deep) == (tmp_path / "repo").resolve()
    # a worktree or submodule has a .git file instead of a directory
    (tmp_path / "sub" ).mkdir()
    (tmp_path / "sub" / ".git").write_text("gitdir: ../repo/.git/worktrees/sub\n")
    assert find_read_root(tmp_path / "sub") == (tmp_path / "sub").resolve()
    lone = tmp_path / "lone" / "infra"
    lone.mkdir(parents=True)
    if not any(os.path.lexists(p / ".git") for p in lone.resolve().parents):
        assert find_read_root(lone) == lone.resolve()


def test_read_root_option_must_hold_the_scanned_directory(repo: Path, tmp_path: Path):
    infra = repo / "infra"
    assert resolve_read_root(infra, tmp_path) == tmp_path.resolve()      # wider
    assert resolve_read_root(infra, infra) == infra.resolve()            # narrower
    with pytest.raises(UserError, match="must contain the scanned directory"):
        resolve_read_root(infra, tmp_path / "outside")
    with pytest.raises(UserError, match="not a directory"):
        resolve_read_root(infra, tmp_path / "outside" / "secret.txt")


# ------------------------------------------------------------------------ functions past the root


ESCAPES = {
    "absolute": ('file("{outside}/secret.txt")', "file", "{outside}/secret.txt"),
    "dotdot": ('file("../../outside/secret.txt")', "file", "../../outside/secret.txt"),
    "module_path": ('file("${{path.module}}/../../outside/secret.txt")', "file", "./../../outside/secret.txt"),
    "filebase64": ('filebase64("../../outside/secret.txt")', "filebase64", "../../outside/secret.txt"),
    "filemd5": ('filemd5("{outside}/secret.txt")', "filemd5", "{outside}/secret.txt"),
    "filesha256": ('filesha256("../../outside/secret.txt")', "filesha256", "../../outside/secret.txt"),
    "filebase64sha512": ('filebase64sha512("../../outside/secret.txt")', "filebase64sha512", "../../outside/secret.txt"),
    "templatefile": ('templatefile("../../outside/secret.txt", {{}})', "templatefile", "../../outside/secret.txt"),
    "fileexists": ('fileexists("{outside}/secret.txt")', "fileexists", "{outside}/secret.txt"),
    "fileset": ('fileset("{outside}", "*")', "fileset", "{outside}"),
    "fileset_pattern": ('fileset(".", "../../outside/*")', "fileset", "../../outside/*"),
    "abspath": ('file(abspath("../../outside/secret.txt"))', "file", "{outside}/secret.txt"),
}


@pytest.mark.parametrize("case", sorted(ESCAPES))
def test_every_file_function_refuses_paths_past_the_root(repo: Path, tmp_path: Path, case: str):
    expr, function, written = ESCAPES[case]
    outside = str((tmp_path / "outside").resolve())
    write(repo / "infra", {"main.tf": bucket_with_tags({"x": expr.format(outside=outside), "kept": '"yes"'})})
    inventory = scan(repo / "infra")
    tags = tags_of(inventory)
    assert isinstance(tags["x"], Unknown) and tags["kept"] == "yes"
    assert_no_secret(inventory)
    found = refusals(inventory)
    assert len(found) == 1, found
    gap = found[0]
    assert gap.subject == f"{function}()"
    assert json.dumps(written.format(outside=outside)) in gap.reason
    assert gap.source.file == "main.tf" and gap.source.line == 4  # the call's own line


def test_symlinks_are_followed_to_where_they_point(repo: Path, tmp_path: Path):
    infra = repo / "infra"
    write(infra, {"inside.txt": "fine", "main.tf": bucket_with_tags({
        "escape": 'file("link-out.txt")',
        "dir_escape": 'file("dir-out/secret.txt")',
        "inside": 'file("link-in.txt")',
        "listed": 'join(",", fileset(".", "**/*.txt"))',
    })})
    os.symlink(tmp_path / "outside" / "secret.txt", infra / "link-out.txt")
    os.symlink(tmp_path / "outside", infra / "dir-out")
    os.symlink(infra / "inside.txt", infra / "link-in.txt")
    inventory = scan(infra)
    tags = tags_of(inventory)
    assert isinstance(tags["escape"], Unknown) and isinstance(tags["dir_escape"], Unknown)
    assert tags["inside"] == "fine"
    # fileset lists what lies inside (a link to a file inside too), never what a link reaches outside
    assert tags["listed"] == "inside.txt,link-in.txt"
    assert {json.loads(g.reason.split("(", 1)[1].split(")", 1)[0]) for g in refusals(inventory)} == {
        "link-out.txt", "dir-out/secret.txt"}
    assert_no_secret(inventory)


def test_pathexpand_shows_the_home_directory_only_inside_the_root(repo: Path, monkeypatch):
    write(repo / "infra", {"main.tf": bucket_with_tags({
        "home": 'pathexpand("~/.aws/credentials")', "plain": 'pathexpand("a/~b")',
        "read": 'file(pathexpand("~/.ssh/id_rsa"))'})})
    monkeypatch.setenv("HOME", "/home/runner")
    inventory = scan(repo / "infra")
    tags = tags_of(inventory)
    assert isinstance(tags["home"], Unknown) and isinstance(tags["read"], Unknown)
    assert tags["plain"] == "a/~b"
    assert "/home/runner" not in json.dumps([str(v) for v in tags.values()])
    assert {g.subject for g in refusals(inventory)} == {"pathexpand()"}
    # a home directory inside the read root is the configuration's own: expanded
    monkeypatch.setenv("HOME", str(repo / "home"))
    write(repo / "infra", {"main.tf": bucket_with_tags({"home": 'pathexpand("~/.aws/credentials")'})})
    assert tags_of(scan(repo / "infra"))["home"] == f"{repo}/home/.aws/credentials"


def test_files_inside_the_repository_are_read_through_dotdot(repo: Path):
    write(repo, {"shared/policy.json": '{"Version": "2012-10-17"}', "infra/main.tf": bucket_with_tags({
        "policy": 'file("../shared/policy.json")', "exists": 'fileexists("${path.module}/../shared/policy.json")'})})
    tags = tags_of(scan(repo / "infra"))
    assert tags["policy"] == '{"Version": "2012-10-17"}' and tags["exists"] is True


def test_read_root_option_narrows_and_widens(repo: Path, tmp_path: Path):
    write(repo, {"shared/policy.json": "P", "infra/main.tf": bucket_with_tags({
        "policy": 'file("../shared/policy.json")', "note": 'file("../../outside/secret.txt")'})})
    narrow = scan(repo / "infra", read_root=repo / "infra")
    assert isinstance(tags_of(narrow)["policy"], Unknown) and isinstance(tags_of(narrow)["note"], Unknown)
    wide = scan(repo / "infra", read_root=tmp_path)
    assert tags_of(wide)["policy"] == "P" and tags_of(wide)["note"] == SECRET  # the user said so


def test_nothing_outside_is_even_opened(repo: Path, tmp_path: Path, monkeypatch):
    outside = str((tmp_path / "outside").resolve())
    write(repo / "infra", {"main.tf": bucket_with_tags({
        "a": f'file("{outside}/secret.txt")', "b": 'templatefile("../../outside/secret.txt", {})',
        "c": f'filesha1("{outside}/secret.txt")', "d": f'fileset("{outside}", "**")'})})
    opened: list[str] = []

    def spying(real):
        def spy(file, *args, **kwargs):
            if isinstance(file, (str, bytes, os.PathLike)):
                opened.append(os.path.realpath(file))
            return real(file, *args, **kwargs)
        return spy

    monkeypatch.setattr(builtins, "open", spying(builtins.open))
    monkeypatch.setattr(io, "open", spying(io.open))
    monkeypatch.setattr(os, "open", spying(os.open))
    monkeypatch.setattr(os, "scandir", spying(os.scandir))
    monkeypatch.setattr(os, "listdir", spying(os.listdir))
    scan(repo / "infra")
    assert str((repo / "infra" / "main.tf").resolve()) in opened  # the spy sees reads
    assert not [p for p in opened if p.startswith(outside)]


# --------------------------------------------------------------------------- modules and tf files


def test_module_sources_past_the_root_are_not_read(repo: Path):
    write(repo, {"modules/net/main.tf": 'resource "aws_vpc" "v" { cidr_block = "10.0.0.0/16" }\n',
                 "infra/main.tf": """
                     module "net" { source = "../modules/net" }
                     module "evil" { source = "../../outside" }
                     """})
    inventory = scan(repo / "infra")
    addresses = {r.address for r in inventory.resources}
    assert "module.net.aws_vpc.v" in addresses
    assert not any("evil" in a for a in addresses)
    assert_no_secret(inventory)
    (gap,) = refusals(inventory)
    assert gap.subject == "module.evil" and "'../../outside'" in gap.reason and gap.source.line == 2
    info = {m.address: m for m in inventory.modules}
    assert info["module.evil"].loaded is False


def test_a_symlinked_module_directory_that_leaves_the_tree_is_not_read(repo: Path, tmp_path: Path):
    write(repo / "infra", {"main.tf": 'module "linked" { source = "./linked" }\n'})
    os.symlink(tmp_path / "outside", repo / "infra" / "linked")
    inventory = scan(repo / "infra")
    assert inventory.resources == ()
    assert [g.subject for g in refusals(inventory)] == ["module.linked"]
    assert_no_secret(inventory)


def test_module_manifest_paths_past_the_root_are_not_read(repo: Path, tmp_path: Path):
    outside = str((tmp_path / "outside").resolve())
    write(repo / "infra", {
        "main.tf": """
            module "a" { source = "terraform-aws-modules/a/aws" }
            module "b" { source = "terraform-aws-modules/b/aws" }
            module "c" { source = "terraform-aws-modules/c/aws" }
            """,
        ".terraform/modules/modules.json": json.dumps({"Modules": [
            {"Key": "a", "Source": "x", "Dir": outside},
            {"Key": "b", "Source": "x", "Dir": "../../outside"},
            {"Key": "c", "Source": "x", "Dir": ".terraform/modules/c"}]}),
        ".terraform/modules/c/main.tf": 'resource "aws_s3_bucket" "ok" { bucket = "ok" }\n',
    })
    inventory = scan(repo / "infra")
    assert {r.address for r in inventory.resources} == {"module.c.aws_s3_bucket.ok"}
    assert sorted(g.subject for g in refusals(inventory)) == ["module.a", "module.b"]
    assert_no_secret(inventory)


def test_tf_and_tfvars_symlinks_out_of_the_tree_are_not_read(repo: Path, tmp_path: Path):
    infra = repo / "infra"
    write(infra, {"main.tf": 'variable "v" { default = "d" }\nresource "aws_s3_bucket" "b" { bucket = var.v }\n'})
    os.symlink(tmp_path / "outside" / "main.tf", infra / "evil.tf")
    (tmp_path / "outside" / "vars.tfvars").write_text(f'v = "{SECRET}"\n')
    os.symlink(tmp_path / "outside" / "vars.tfvars", infra / "terraform.tfvars")
    inventory = scan(infra)
    assert {r.address for r in inventory.resources} == {"aws_s3_bucket.b"}
    assert [r.attrs["bucket"] for r in inventory.resources] == ["d"]
    assert sorted(g.subject for g in refusals(inventory)) == ["evil.tf", "terraform.tfvars"]
    assert_no_secret(inventory)
    # a --var-file is the user's own choice, wherever it is
    chosen = scan(infra, variables=(("file", str(tmp_path / "outside" / "vars.tfvars")),))
    assert [r.attrs["bucket"] for r in chosen.resources] == [SECRET]


# ------------------------------------------------------------------------------------ the library


def test_the_library_alone_is_confined_to_its_working_directory(tmp_path: Path):
    class Context:
        cwd = tmp_path / "root"

        def render_template(self, text, variables, filename):  # pragma: no cover - not used
            raise AssertionError

    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "ok.txt").write_text("ok")
    (tmp_path / "secret.txt").write_text(SECRET)
    ctx = Context()
    assert FUNCTIONS["file"](ctx, "ok.txt") == "ok"
    assert isinstance(FUNCTIONS["file"](ctx, "../secret.txt"), Unknown)
    assert isinstance(FUNCTIONS["fileexists"](ctx, str(tmp_path / "secret.txt")), Unknown)
    ctx.read_root = tmp_path
    assert FUNCTIONS["file"](ctx, "../secret.txt") == SECRET


# ------------------------------------------------------------------------------------- the CLI


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_VAR_")}
    env["INFRA2ARCH_CACHE_DIR"] = str(cwd / "cache")
    done = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    return done


def test_cli_read_root_keeps_secrets_out_of_every_output(repo: Path, tmp_path: Path):
    write(repo / "infra", {"main.tf": bucket_with_tags({"x": 'file("../../outside/secret.txt")'})})
    out = tmp_path / "out"
    done = run_cli("scan", "terraform", str(repo / "infra"), "-o", str(out), "--format", "json,dot,mermaid",
                   "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    everything = done.stdout + done.stderr + "".join(p.read_text() for p in out.rglob("*") if p.is_file())
    assert SECRET not in everything
    graph = json.loads((out / "graph.json").read_text())
    (gap,) = [g for g in graph["gaps"] if g["kind"] == "outside-read-root"]
    assert gap["subject"] == "file()" and gap["source"]["file"] == "main.tf" and gap["source"]["line"] == 4
    assert "outside-read-root" in done.stdout + done.stderr  # the summary lists it with -v
    # widened by the user: read
    wide = run_cli("scan", "terraform", str(repo / "infra"), "-o", str(tmp_path / "wide"), "--format", "json",
                   "--read-root", str(tmp_path), cwd=tmp_path)
    assert wide.returncode == 0 and SECRET in (tmp_path / "wide" / "graph.json").read_text()
    # a read root that leaves out the scanned directory: one clear line, non-zero
    bad = run_cli("scan", "terraform", str(repo / "infra"), "-o", str(tmp_path / "bad"), "--format", "json",
                  "--read-root", str(tmp_path / "outside"), cwd=tmp_path)
    assert bad.returncode != 0 and "must contain the scanned directory" in bad.stderr
