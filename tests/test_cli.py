"""The command line, run for real in a subprocess (`python -m infra2arch ...`).

The bar for bad input: one clear line and a non-zero exit, or a recorded gap; never a traceback;
partial results kept; the scanned directory never written to (every file and directory listing,
with hashes and mtimes, is compared before and after); secrets never written anywhere we print.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SCHEMA = REPO / "infra2arch" / "schema" / "graph.schema.json"
SAMPLE_NAMES = ("aws-sagemaker", "gcp-vertex", "azure-ml")
TIMEOUT = 60  # seconds per CLI run; a hang fails the test instead of stalling the suite

# environment variables that would change what the CLI prints or reads
_SCRUB = ("INFRA2ARCH_DEBUG", "INFRA2ARCH_CACHE_DIR", "FORCE_COLOR", "CLICOLOR_FORCE", "TTY_COMPATIBLE",
          "TTY_INTERACTIVE", "COLUMNS", "LINES", "XDG_CACHE_HOME")


# ----------------------------------------------------------------------------------------- helpers


def snapshot(root: Path) -> dict[str, Any]:
    """Everything observable about a tree without changing it: type, mode, size, mtime, ctime and
    content hash of every entry, and the listing of every directory."""
    out: dict[str, Any] = {}

    def visit(path: Path, rel: str) -> None:
        st = os.lstat(path)
        entry: dict[str, Any] = {"mode": st.st_mode, "size": st.st_size, "mtime": st.st_mtime_ns,
                                 "ctime": st.st_ctime_ns}
        if stat.S_ISDIR(st.st_mode):
            try:
                names = sorted(os.listdir(path))
            except OSError as exc:
                entry["listing"] = f"unreadable: {exc.errno}"
                names = []
            else:
                entry["listing"] = names
            out[rel] = entry
            for name in names:
                visit(path / name, f"{rel}/{name}" if rel else name)
            return
        if stat.S_ISREG(st.st_mode):
            try:
                digest = hashlib.sha256()
                with open(path, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
                entry["sha256"] = digest.hexdigest()
            except OSError as exc:
                entry["sha256"] = f"unreadable: {exc.errno}"
        elif stat.S_ISLNK(st.st_mode):
            entry["link"] = os.readlink(path)
        out[rel] = entry

    visit(root, "")
    return out


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def hcl_string(text: str) -> str:
    """A quoted HCL string literal whose value is exactly ``text``."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code < 0xA0 or ch in _BIDI_CONTROLS or ch in "\u200e\u200f":
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return '"' + "".join(out).replace("${", "$${").replace("%{", "%%{") + '"'


@dataclass
class Result:
    args: tuple[str, ...]
    code: int
    out: bytes
    err: bytes
    output: Path | None = None
    _graph: dict | None = field(default=None, repr=False)

    @property
    def stdout(self) -> str:
        return self.out.decode("utf-8", errors="replace")

    @property
    def stderr(self) -> str:
        return self.err.decode("utf-8", errors="replace")

    @property
    def graph_path(self) -> Path:
        assert self.output is not None
        return self.output / "graph.json"

    @property
    def graph(self) -> dict:
        if self._graph is None:
            assert self.graph_path.is_file(), f"no graph.json written; stderr: {self.stderr!r}"
            self._graph = json.loads(self.graph_path.read_text(encoding="utf-8"))
        return self._graph

    def gaps(self, kind: str | None = None) -> list[dict]:
        return [g for g in self.graph["gaps"] if kind is None or g["kind"] == kind]

    def addresses(self) -> set[str]:
        return {r["address"] for r in self.graph["resources"]}

    def describe(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


class CLI:
    """Runs `python -m infra2arch` with a private cache, from a private working directory."""

    def __init__(self, base: Path):
        self.base = base
        self.cwd = base / "cwd"
        self.cwd.mkdir(parents=True, exist_ok=True)
        self.cache = base / "cache"
        self.env = {k: v for k, v in os.environ.items() if k not in _SCRUB and not k.startswith("TF_VAR_")}
        self.env["INFRA2ARCH_CACHE_DIR"] = str(self.cache)
        self.env["PYTHONIOENCODING"] = "utf-8"
        self._outputs = 0

    def run(self, *args: str, cwd: Path | None = None, output: Path | None = None) -> Result:
        try:
            done = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd or self.cwd, env=self.env,
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"infra2arch {' '.join(args)} did not finish within {TIMEOUT} s (a hang?)")
        result = Result(tuple(args), done.returncode, done.stdout, done.stderr, output)
        assert b"Traceback" not in done.stdout and b"Traceback" not in done.stderr, result.describe()
        assert b"internal error" not in done.stderr, result.describe()
        return result

    def new_output(self) -> Path:
        self._outputs += 1
        return self.base / f"out{self._outputs}"

    def tree(self, files: Mapping[str, str | bytes], name: str = "in") -> Path:
        return write_tree(self.base / name, files)

    def scan(self, target: Path | str, *args: str, cwd: Path | None = None, output: Path | None = None,
             watch: Path | None = None) -> Result:
        """`scan terraform TARGET -o OUT ARGS`, checking that nothing under ``watch`` (the target when it
        is a directory) changed."""
        output = output or self.new_output()
        watched = watch if watch is not None else (Path(target) if Path(target).is_dir() else None)
        if watched is not None and not watched.is_absolute():
            watched = (cwd or self.cwd) / watched
        before = snapshot(watched) if watched is not None else None
        result = self.run("scan", "terraform", str(target), "-o", str(output), *args, cwd=cwd, output=output)
        if watched is not None:
            after = snapshot(watched)
            assert after == before, f"the scanned directory {watched} was changed by the scan"
        return result


@pytest.fixture
def cli(tmp_path: Path) -> CLI:
    return CLI(tmp_path)


def assert_one_line_error(result: Result, *needles: str, code: int | None = 2) -> str:
    """Non-zero exit (``code`` when given), nothing on stdout, exactly one line on stderr holding every needle."""
    assert result.code != 0, result.describe()
    if code is not None:
        assert result.code == code, result.describe()
    assert result.out == b"", result.describe()
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.describe()
    line = lines[0]
    assert line.startswith("infra2arch: "), line
    for needle in needles:
        assert needle.lower() in line.lower(), f"{needle!r} not in {line!r}"
    return line


def gap_line(gap: dict) -> str:
    """How `-v` shows one gap."""
    where = ""
    source = gap.get("source") or {}
    if source.get("file"):
        where = f" ({source['file']}:{source['line']})" if source.get("line") else f" ({source['file']})"
    elif source.get("api"):
        where = f" ({source['api']})"
    return f"[{gap['kind']}] {gap['subject']}: {gap['reason']}{where}"


GOOD_BUCKET = 'resource "aws_s3_bucket" "good" {\n  bucket = "good-bucket"\n}\n'
GOOD_QUEUE = 'resource "aws_sqs_queue" "good" {\n  name = "good-queue"\n}\n'


# ------------------------------------------------------------------------------- commands and options


def test_no_arguments_prints_help(cli):
    result = cli.run()
    assert result.code == 0, result.describe()
    assert "usage: infra2arch" in result.stdout
    assert "scan" in result.stdout and "providers" in result.stdout


def test_providers_lists_terraform(cli):
    result = cli.run("providers")
    assert result.code == 0, result.describe()
    names = [line.split("\t")[0].split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert "terraform" in names, result.stdout


def test_quiet_prints_nothing_on_success(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET})
    result = cli.run("scan", "terraform", str(root), "-q")  # default output: ./infra2arch-out in the cwd
    assert result.code == 0, result.describe()
    assert result.out == b"" and result.err == b"", result.describe()
    graph = json.loads((cli.cwd / "infra2arch-out" / "graph.json").read_text(encoding="utf-8"))
    assert [r["address"] for r in graph["resources"]] == ["aws_s3_bucket.good"]
    assert sorted(os.listdir(root)) == ["main.tf"]


def test_verbose_lists_every_gap_with_its_reason(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET + """
resource "aws_sqs_queue" "q" {
  name = var.not_declared
}
module "remote" {
  source = "terraform-aws-modules/vpc/aws"
}
module "gone" {
  source = "./does-not-exist"
}
""", "broken.tf": 'resource "aws_s3_bucket" "x" {\n  bucket = \n}\n'})
    quiet = cli.scan(root)
    assert quiet.code == 0, quiet.describe()
    assert len(quiet.gaps()) >= 4
    assert "run with -v" in quiet.stdout
    for gap in quiet.gaps():
        assert gap["reason"] not in quiet.stdout, "without -v the reasons are not listed"

    verbose = cli.scan(root, "-v")
    assert verbose.code == 0, verbose.describe()
    lines = [line.strip() for line in verbose.stdout.splitlines()]
    for gap in verbose.gaps():
        assert gap_line(gap) in lines, f"-v does not list {gap_line(gap)!r}:\n{verbose.stdout}"
    assert {g["kind"] for g in verbose.gaps()} >= {"undeclared-variable", "module-not-vendored",
                                                   "module-not-found", "parse-error"}


def test_unsupported_format_is_one_line(cli):
    # png was the example of an unsupported format until maps arrived; xlsx stays unsupported
    root = cli.tree({"main.tf": GOOD_BUCKET})
    output = cli.new_output()
    result = cli.scan(root, "--format", "json,xlsx", output=output)
    assert_one_line_error(result, "xlsx", "json")
    assert not output.exists(), "nothing is written when the options are wrong"


def test_output_directory_that_cannot_be_created(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET})
    blocker = cli.base / "a-file"
    blocker.write_text("not a directory\n")
    output = blocker / "sub"
    result = cli.scan(root, output=output)
    assert_one_line_error(result, str(output), code=None)
    assert blocker.read_text() == "not a directory\n"


# ------------------------------------------------------------------------------------ bad targets


def test_missing_directory(cli):
    missing = cli.base / "no" / "such" / "dir"
    result = cli.scan(missing)
    assert_one_line_error(result, str(missing))
    assert not missing.exists()


def test_file_instead_of_directory(cli):
    file = cli.base / "main.tf"
    file.write_text(GOOD_BUCKET)
    before = snapshot(file)
    result = cli.scan(file)
    assert_one_line_error(result, str(file), "directory")
    assert snapshot(file) == before


def test_directory_without_terraform_files(cli):
    root = cli.tree({"README.md": "# nothing here\n", "notes.txt": "resource? no.\n", "sub/main.tf": GOOD_BUCKET})
    result = cli.scan(root)
    line = assert_one_line_error(result, code=None)
    assert "terraform" in line.lower() and root.name in line, line


def _still_readable(path: Path) -> bool:
    try:
        if path.is_dir():
            os.listdir(path)
        else:
            with open(path, "rb") as handle:
                handle.read(1)
        return True
    except OSError:
        return False


def test_unreadable_directory(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET})
    os.chmod(root, 0)
    try:
        if os.geteuid() == 0 and _still_readable(root):
            pytest.skip("running as root: chmod 000 does not stop root from reading the directory")
        result = cli.scan(root)
        assert_one_line_error(result, str(root), code=None)
        assert not result.output.exists() or not (result.output / "graph.json").exists()
    finally:
        os.chmod(root, 0o755)


def test_unreadable_tf_file(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET, "secret.tf": GOOD_QUEUE})
    os.chmod(root / "secret.tf", 0)
    try:
        if os.geteuid() == 0 and _still_readable(root / "secret.tf"):
            pytest.skip("running as root: chmod 000 does not stop root from reading the file")
        result = cli.scan(root, "-v")
        assert result.code == 0, result.describe()
        skipped = [g for g in result.gaps("file-skipped") if g["subject"] == "secret.tf"]
        assert skipped and "read" in skipped[0]["reason"], result.gaps()
        assert "aws_s3_bucket.good" in result.addresses()
        assert "secret.tf" in result.stdout
    finally:
        os.chmod(root / "secret.tf", 0o644)


# ------------------------------------------------------------------------------------ bad files


def test_syntax_error_in_one_of_three_files(cli):
    root = cli.tree({
        "a.tf": GOOD_BUCKET,
        "b.tf": 'resource "aws_s3_bucket" "broken" {\n  bucket = "x"\n  tags = { a = = 1 }\n}\n',
        "c.tf": GOOD_QUEUE,
    })
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    errors = result.gaps("parse-error")
    assert len(errors) == 1, result.gaps()
    gap = errors[0]
    assert gap["source"]["file"] == "b.tf" and gap["source"]["line"] == 3, gap
    assert "b.tf:3" in result.stdout, result.stdout
    assert result.addresses() == {"aws_s3_bucket.good", "aws_sqs_queue.good"}


@pytest.mark.parametrize("broken, line", [
    ('resource "aws_s3_bucket" "x" {\n  bucket = "never closed\n}\n', 2),
    ('resource "aws_s3_bucket" "x" {\n  bucket = "abc"\n  versioning {\n    enabled = true\n', None),
    ('resource "aws_s3_bucket" "x" {\n  policy = <<EOT\n{"Version": "2012-10-17"}\n}\n', 2),
], ids=["unterminated-string", "unclosed-block", "unclosed-heredoc"])
def test_unterminated_constructs_are_parse_gaps(cli, broken, line):
    root = cli.tree({"bad.tf": broken, "good.tf": GOOD_BUCKET})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    errors = result.gaps("parse-error")
    assert len(errors) == 1 and errors[0]["subject"] == "bad.tf", result.gaps()
    assert isinstance(errors[0]["source"].get("line"), int) and errors[0]["source"]["line"] >= 1
    if line is not None:
        assert errors[0]["source"]["line"] == line, errors[0]
    assert f"bad.tf:{errors[0]['source']['line']}" in result.stdout
    assert result.addresses() == {"aws_s3_bucket.good"}


def test_binary_main_tf(cli):
    root = cli.tree({"main.tf": b"resource \x00\x01\x02\x00 binary\x00junk" * 100, "other.tf": GOOD_BUCKET})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    skipped = [g for g in result.gaps("file-skipped") if g["subject"] == "main.tf"]
    assert skipped and "binary" in skipped[0]["reason"].lower(), result.gaps()
    assert result.addresses() == {"aws_s3_bucket.good"}
    assert b"\x00" not in result.out


def test_huge_file_is_skipped(cli):
    root = cli.tree({"other.tf": GOOD_BUCKET})
    line = b"# " + b"x" * 77 + b"\n"           # valid HCL (a comment), cheap to repeat
    with open(root / "huge.tf", "wb") as handle:
        handle.write(line * ((21 * 1024 * 1024) // len(line) + 1))
    assert (root / "huge.tf").stat().st_size > 20 * 1024 * 1024
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    skipped = [g for g in result.gaps("file-skipped") if g["subject"] == "huge.tf"]
    assert skipped and "MiB" in skipped[0]["reason"], result.gaps()
    assert result.addresses() == {"aws_s3_bucket.good"}


def test_invalid_utf8(cli):
    root = cli.tree({"latin1.tf": 'resource "aws_s3_bucket" "u" {\n  bucket = "caf\xe9"\n}\n'.encode("latin-1"),
                     "other.tf": GOOD_QUEUE})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    skipped = [g for g in result.gaps("file-skipped") if g["subject"] == "latin1.tf"]
    assert skipped and "utf-8" in skipped[0]["reason"].lower(), result.gaps()
    assert result.addresses() == {"aws_sqs_queue.good"}


# ------------------------------------------------------------------------------------ variables


def test_undeclared_variable_referenced(cli):
    root = cli.tree({"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = var.nowhere\n}\n'})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    gaps = [g for g in result.gaps("undeclared-variable") if g["subject"] == "var.nowhere"]
    assert gaps and gaps[0]["source"] == {"file": "main.tf", "line": 2}, result.gaps()
    assert "aws_s3_bucket.b" in result.addresses()
    assert "var.nowhere" in result.stdout


def test_var_for_undeclared_variable(cli):
    root = cli.tree({"main.tf": 'variable "region" {\n  default = "us-east-1"\n}\n' + GOOD_BUCKET})
    result = cli.scan(root, "--var", "regoin=eu-west-1", "-v")
    assert result.code == 0, result.describe()
    gaps = [g for g in result.gaps("undeclared-variable") if g["subject"] == "var.regoin"]
    assert gaps and "--var" in gaps[0]["reason"], result.gaps()
    assert "aws_s3_bucket.good" in result.addresses()


def test_missing_var_file(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET})
    result = cli.scan(root, "--var-file", "nope.tfvars")
    assert_one_line_error(result, "nope.tfvars", "--var-file")


def test_malformed_var(cli):
    root = cli.tree({"main.tf": GOOD_BUCKET})
    result = cli.scan(root, "--var", "region")
    assert_one_line_error(result, "--var", "'region'", "NAME=VALUE")


# ------------------------------------------------------------------------------------ cycles and modules


def test_cycle_in_locals(cli):
    root = cli.tree({"main.tf": """
locals {
  a = "${local.b}-a"
  b = local.c
  c = local.a
}
resource "aws_s3_bucket" "b" {
  bucket = local.a
}
""" + GOOD_QUEUE})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    cycles = result.gaps("cycle")
    assert cycles and all(g["subject"].startswith("local.") for g in cycles), result.gaps()
    assert cycles[0]["source"]["file"] == "main.tf"
    assert {"aws_s3_bucket.b", "aws_sqs_queue.good"} <= result.addresses()
    bucket = next(r for r in result.graph["resources"] if r["address"] == "aws_s3_bucket.b")
    assert isinstance(bucket["attrs"]["bucket"], dict) and "$unknown" in bucket["attrs"]["bucket"]


def test_module_calling_itself(cli):
    root = cli.tree({"main.tf": 'module "again" {\n  source = "./"\n}\n' + GOOD_BUCKET})
    result = cli.scan(root, "-v")  # the run's timeout fails the test on a hang
    assert result.code == 0, result.describe()
    cycles = result.gaps("cycle")
    assert cycles and any(g["subject"].endswith("module.again") for g in cycles), result.gaps()
    assert "aws_s3_bucket.good" in result.addresses()
    assert "[cycle]" in result.stdout


def test_module_source_missing(cli):
    root = cli.tree({"main.tf": 'module "gone" {\n  source = "./modules/gone"\n}\n' + GOOD_BUCKET})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    gaps = [g for g in result.gaps("module-not-found") if g["subject"] == "module.gone"]
    assert gaps and "./modules/gone" in gaps[0]["reason"], result.gaps()
    assert [m for m in result.graph["modules"] if m["address"] == "module.gone" and m["loaded"] is False]
    assert "aws_s3_bucket.good" in result.addresses()


def test_remote_module_not_vendored(cli):
    root = cli.tree({"main.tf": 'module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n'
                                '  version = "5.8.1"\n}\n' + GOOD_BUCKET})
    result = cli.scan(root, "-v")
    assert result.code == 0, result.describe()
    gaps = [g for g in result.gaps("module-not-vendored") if g["subject"] == "module.vpc"]
    assert gaps and "terraform init" in gaps[0]["reason"], result.gaps()
    assert "aws_s3_bucket.good" in result.addresses()
    assert not (root / ".terraform").exists()


# ------------------------------------------------------------------------------------ hostile names

HOSTILE = {
    "shell": "; rm -rf / && `id` $(whoami) | tee >x <y & ~*?!# 'q' \"dq\"",
    "quotes": "single ' double \" back ` \\backslash\\ end",
    "newlines": "line1\nline2\r\nline3",
    "ansi": "\x1b[31mRED\x1b[0m\x1b[2J\x1b]0;pwned\x07tail",
    "markup": "[bold]x[/bold] [link=https://evil.example]click[/link] [red]",
    "rtl": "abc\u202edcba\u200fRLM\u2066iso\u2069end",
    "interp": "${not_interpolated} %{ if true }x%{ endif }",
    "long": "n" * 5000,
}
HOSTILE_DIR = "in [bold]dir[/bold] $(x) ;&"
HOSTILE_FILE = "bad \x1b[31m[bold]f[red]\u202e.tf"  # no "/": it is one file name


def _hostile_module() -> str:
    blocks = []
    for key, text in HOSTILE.items():
        label = f"{key}-{text}"
        blocks.append(f"""
resource "aws_s3_bucket" {hcl_string(label)} {{
  bucket    = {hcl_string(text)}
  api_token = "placeholder-not-a-secret"
  tags = {{
    Key  = {hcl_string(key)}
    Name = {hcl_string(text)}
    {hcl_string("k-" + text)} = "v"
  }}
}}
""")
    return "".join(blocks)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[CLI, Result, Path]:
    runner = CLI(tmp_path_factory.mktemp("hostile"))
    root = runner.tree({"main.tf": _hostile_module(), HOSTILE_FILE: 'resource "aws_s3_bucket" "x" {\n'},
                       name=HOSTILE_DIR)
    result = runner.scan(root, "-v")
    assert result.code == 0, result.describe()
    return runner, result, root


def test_hostile_names_kept_exactly_in_graph_json(hostile):
    _, result, _ = hostile
    by_key = {r["attrs"]["tags"]["Key"]: r for r in result.graph["resources"] if r["type"] == "aws_s3_bucket"}
    assert set(by_key) == set(HOSTILE)
    for key, text in HOSTILE.items():
        resource = by_key[key]
        assert resource["name"] == f"{key}-{text}"
        assert resource["address"] == f"aws_s3_bucket.{key}-{text}"
        assert resource["attrs"]["bucket"] == text
        assert resource["attrs"]["tags"]["Name"] == text
        assert resource["attrs"]["tags"][f"k-{text}"] == "v"
    assert [g for g in result.gaps("parse-error") if g["subject"] == HOSTILE_FILE]
    assert result.graph["scanned"]["target"].endswith(HOSTILE_DIR)


def test_summary_prints_no_control_characters(hostile):
    _, result, _ = hostile
    problems = [f"{name} byte {byte!r} from the input printed raw"
                for name, byte in (("ESC (ANSI escape)", b"\x1b"), ("BEL", b"\x07"), ("CR", b"\r"))
                if byte in result.out]
    lines = result.stdout.splitlines()
    for key in HOSTILE:
        # each gap is one line: a newline inside a name must not split it
        mine = [line for line in lines if f"[redacted] aws_s3_bucket.{key}-" in line]
        if len(mine) != 1 or "secret values not written" not in mine[0]:
            problems.append(f"the gap of the {key!r} resource is not printed on one line: {mine!r:.200}")
    assert not problems, "\n".join(problems)


def test_summary_does_not_interpret_markup(hostile):
    _, result, _ = hostile
    text = result.stdout
    assert "[bold]x[/bold] [link=https://evil.example]click[/link] [red]" in text
    assert HOSTILE_DIR in text  # the scanned directory, in the "Scanned" line
    assert "[bold]dir[/bold]" in text
    assert "[bold]f[red]" in text  # the file name in the parse-error gap


def test_summary_does_not_print_raw_bidi_controls(hostile):
    _, result, _ = hostile
    found = sorted({f"U+{ord(ch):04X}" for ch in result.stdout if ch in _BIDI_CONTROLS})
    assert not found, f"bidirectional override/isolate characters printed raw: {found}"


def test_very_long_names_survive(hostile):
    _, result, _ = hostile
    long_name = f"long-{HOSTILE['long']}"
    assert f"aws_s3_bucket.{long_name}" in result.addresses()
    assert long_name in result.stdout  # printed whole, not cut


# ------------------------------------------------------------------------------------ secrets

SECRETS = ("hunter2-very-secret", "sk-abcdefghijklmnopqrstuvwxyz0123456789", "AKIAIOSFODNN7EXAMPLE")
SENSITIVE = ("correct-horse-battery-staple", "tr0ub4dor-and-3-via-cli")


def _assert_absent(result: Result, literals: tuple[str, ...]) -> None:
    for path in sorted(result.output.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            for literal in literals:
                assert literal.encode() not in data, f"{literal!r} written to {path.name}"
    for literal in literals:
        assert literal.encode() not in result.out, f"{literal!r} printed on stdout"
        assert literal.encode() not in result.err, f"{literal!r} printed on stderr"


def test_secret_literals_never_written(cli):
    root = cli.tree({"main.tf": f"""
resource "aws_db_instance" "db" {{
  identifier = "db1"
  password   = "{SECRETS[0]}"
  tags = {{
    Owner = "{SECRETS[2]}"
  }}
}}
resource "aws_lambda_function" "fn" {{
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  environment {{
    variables = {{
      API_KEY = "{SECRETS[1]}"
      PLAIN   = "plain-value"
    }}
  }}
}}
"""})
    cold = cli.scan(root, "-v")
    warm = cli.scan(root, "-v")   # the second run is served from the cache: it must redact too
    for result in (cold, warm):
        assert result.code == 0, result.describe()
        _assert_absent(result, SECRETS)
        redacted = {g["subject"] for g in result.gaps("redacted")}
        assert {"aws_db_instance.db", "aws_lambda_function.fn"} <= redacted, result.gaps()
        assert "[redacted] aws_db_instance.db" in result.stdout
        assert "[redacted] aws_lambda_function.fn" in result.stdout
        fn = next(r for r in result.graph["resources"] if r["address"] == "aws_lambda_function.fn")
        assert fn["attrs"]["environment"][0]["variables"]["PLAIN"] == "plain-value"


def test_sensitive_variable_value_never_written(cli):
    root = cli.tree({
        "main.tf": """
variable "db_pass" {
  type      = string
  sensitive = true
}
variable "cli_pass" {
  type      = string
  sensitive = true
}
variable "as_number" {
  type      = number
  sensitive = true
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  tags = {
    Plain   = var.db_pass
    Mixed   = "pre-${var.db_pass}-post"
    Upper   = upper(var.cli_pass)
    Number  = var.as_number
  }
}
module "child" {
  source = "./child"
  value  = var.db_pass
}
output "leak" {
  value = var.db_pass
}
""",
        "child/main.tf": 'variable "value" {}\nresource "aws_sqs_queue" "q" {\n  name = var.value\n}\n',
        "terraform.tfvars": f'db_pass = "{SENSITIVE[0]}"\nas_number = "{SENSITIVE[0]}"\n',
    })
    result = cli.scan(root, "-v", "--var", f"cli_pass={SENSITIVE[1]}")
    assert result.code == 0, result.describe()
    _assert_absent(result, SENSITIVE + (SENSITIVE[1].upper(),))
    assert {"aws_s3_bucket.b", "module.child.aws_sqs_queue.q"} <= result.addresses()


# ------------------------------------------------------------------------------------ determinism


def test_two_scans_are_byte_identical(cli):
    sample = SAMPLES / "aws-sagemaker"
    cold = cli.scan(sample)
    warm = cli.scan(sample)
    uncached = cli.scan(sample, "--no-cache")
    for result in (cold, warm, uncached):
        assert result.code == 0, result.describe()
    assert cold.graph_path.read_bytes() == warm.graph_path.read_bytes()
    assert cold.graph_path.read_bytes() == uncached.graph_path.read_bytes()


def test_relative_and_absolute_paths_give_the_same_graph(cli):
    sample = SAMPLES / "aws-sagemaker"
    absolute = cli.scan(sample, "--no-cache")
    relative = cli.scan("aws-sagemaker", "--no-cache", cwd=SAMPLES, output=cli.new_output())
    assert absolute.code == 0 and relative.code == 0, (absolute.describe(), relative.describe())
    for key in ("resources", "edges", "containment", "modules", "gaps", "summary"):
        assert absolute.graph[key] == relative.graph[key], f"{key} differ between relative and absolute paths"


# ------------------------------------------------------------------------------------ the samples


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_scans_and_matches_the_schema(cli, name):
    result = cli.scan(SAMPLES / name)
    assert result.code == 0, result.describe()
    graph = result.graph
    assert graph["resources"], "a sample with no resources"
    assert str(result.graph_path) in result.stdout
    if not SCHEMA.is_file():
        pytest.skip(f"{SCHEMA.relative_to(REPO)} does not exist yet: schema validation not checked")
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is not installed (pip install -e '.[test]')")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    errors = sorted(validator_class(schema).iter_errors(graph), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
