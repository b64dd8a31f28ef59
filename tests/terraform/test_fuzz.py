"""A bounded fuzz test: mutated real-world HCL through the parser, the evaluator and the graph.

The inputs are the samples' Terraform (real module layouts, policies, dynamic blocks, for_each),
mutated with a fixed seed: spans deleted, duplicated or truncated, stray tokens inserted, numbers
made huge, lines swapped, and hostile attributes planted in blocks (huge counts, explosive
functions, reads outside the read root, backtracking regular expressions). Every mutant must scan
to an inventory (or a one-line UserError), build a graph and serialise it, and must finish well
within a time limit. Anything else fails the test, and the message holds the mutated file so the
case can be reproduced (the seed is fixed: the same mutants run every time).
"""

from __future__ import annotations

import json
import random
import re
import shutil
import time
from pathlib import Path

import pytest

from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch.render.graph_json import graph_to_dict
from infra2arch_terraform import hcl
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEED = 20261207
SCAN_MUTANTS = 60          # whole-directory scans (about 40 ms each unmutated)
PARSE_MUTANTS = 400        # parser only
TIME_LIMIT = 20.0          # seconds for one input: generous for a loaded CI machine; hangs take minutes

TOKENS = ["{", "}", "[", "]", "(", ")", '"', "${", "%{", "}", "<<EOF\n", "<<-X\n", "\n", ",", "...", "?", ":",
          "=>", " for x in ", " if ", "=", "==", "!", "-", "*", "/", "%", "&&", ".", ".*", "[*]", "#", "//", "/*",
          "\\", "\x00", "\t", "\r", "é", "\u202e", "\ufeff", "0x", "1e999", "null", "true", "each.value", "count.index",
          "self", "var.", "local.", "module.", "data.", "~", "::"]

HOSTILE = [
    "count = 100000000",
    "count = -1",
    "count = 1e300",
    'for_each = toset([for i in range(1024) : tostring(i)])',
    'for_each = { for p in setproduct(range(1000), range(1000)) : "${p[0]}-${p[1]}" => p }',
    'tags = { x = file("/etc/passwd") }',
    'tags = { x = file("../../../../../../etc/hostname") }',
    'tags = { x = templatefile("/etc/hostname", {}) }',
    'tags = { x = join(",", fileset("/", "**")) }',
    'tags = { x = pathexpand("~/.ssh/id_rsa") }',
    'tags = { x = filebase64sha256("/proc/self/environ") }',
    "tags = { x = length(setproduct(range(1000), range(1000), range(1000))) }",
    "tags = { x = length([for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]) }",
    'tags = { x = format("%999999999d", 1) }',
    'tags = { x = indent(1000000000, "a\\nb") }',
    'tags = { x = regex("(a|aa)+c", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab") }',
    'tags = { x = "%{for i in range(1000)}%{for j in range(1000)}ab%{endfor}%{endfor}" }',
    "tags = { x = jsondecode(jsonencode(self)) }",
    'tags = { x = try(tonumber("x"), can(regex("(", "")), null) }',
    "depends_on = [aws_s3_bucket.nope, module.nope]",
]

MODULE_HOSTILE = [
    'module "escape" {\n  source = "../../../../../../etc"\n}\n',
    'module "self" {\n  source = "./"\n}\n',
    'module "many" {\n  source = "./modules/subnet-pair"\n  count = 100000000\n}\n',
]


def _plant(text: str, rng: random.Random) -> str:
    """A hostile attribute in a random resource, data or module block (or a hostile module call)."""
    blocks = [m.end() for m in re.finditer(r'^(resource|data|module) [^\n]*\{\n', text, re.M)]
    if not blocks or rng.random() < 0.15:
        return text + "\n" + rng.choice(MODULE_HOSTILE)
    at = rng.choice(blocks)
    return text[:at] + "  " + rng.choice(HOSTILE) + "\n" + text[at:]


def _mutate(text: str, rng: random.Random, hostile: bool = False) -> str:
    if hostile:  # half the scans: a hostile attribute in otherwise valid code, sometimes damaged too
        text = _plant(text, rng)
        if rng.random() < 0.5:
            return text
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(8)
        n = len(text)
        if n == 0:
            return rng.choice(TOKENS)
        i = rng.randrange(n)
        j = min(n, i + rng.randint(1, 40))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:j] + text[i:j] + text[j:]
        elif op == 2:
            text = text[:i] + rng.choice(TOKENS) + text[i:]
        elif op == 3:
            numbers = [m for m in re.finditer(r"\b\d+\b", text)]
            if numbers:
                m = rng.choice(numbers)
                text = text[:m.start()] + rng.choice(["100000000", "1e308", "-1", "1.5", "0", "99999999999999999999"]) + text[m.end():]
        elif op == 4:
            text = _plant(text, rng)
        elif op == 5:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif op == 6:
            text = text[:i]
        else:
            text = text + "\n" + rng.choice(MODULE_HOSTILE)
    return text



def _sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*.tf") if "map" not in p.parts)


def _scan_and_render(root: Path) -> None:
    try:
        inventory = TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={}))
    except UserError:
        return  # one clear message (e.g. every file failed to parse and none is left)
    graph = build_graph(inventory)
    json.dumps(graph_to_dict(graph), sort_keys=True)


def test_fuzz_scans_of_mutated_samples(tmp_path: Path):
    files = _sample_files()
    assert len(files) >= 20, "the samples are the fuzz corpus"
    rng = random.Random(SEED)
    slowest = (0.0, "")
    for number in range(SCAN_MUTANTS):
        original = rng.choice(files)
        sample = next(p for p in original.parents if p.parent == SAMPLES)
        work = tmp_path / f"m{number}"
        shutil.copytree(sample, work, ignore=shutil.ignore_patterns("map", "*.png", "*.svg", "*.json", "*.html"))
        (work / ".git").mkdir()  # the read root is the copy: nothing of the machine may be read
        target = work / original.relative_to(sample)
        mutated = _mutate(original.read_text(encoding="utf-8"), rng, hostile=number % 2 == 0)
        target.write_text(mutated, encoding="utf-8")
        started = time.monotonic()
        try:
            _scan_and_render(work)
        except Exception as exc:  # noqa: BLE001 - any escape is the failure this test looks for
            pytest.fail(f"mutant {number} of {original.relative_to(SAMPLES)} raised {type(exc).__name__}: {exc}\n"
                        f"--- mutated file\n{mutated}")
        elapsed = time.monotonic() - started
        assert elapsed < TIME_LIMIT, f"mutant {number} took {elapsed:.1f} s:\n{mutated}"
        slowest = max(slowest, (elapsed, str(original.relative_to(SAMPLES))))
        shutil.rmtree(work)
    print(f"slowest mutant scan: {slowest[0]:.2f} s ({slowest[1]})")


def test_fuzz_parser_on_mutated_samples():
    texts = [p.read_text(encoding="utf-8") for p in _sample_files()]
    rng = random.Random(SEED + 1)
    for number in range(PARSE_MUTANTS):
        mutated = _mutate(rng.choice(texts), rng)
        started = time.monotonic()
        try:
            hcl.parse_file(mutated, "fuzz.tf")
        except hcl.HCLSyntaxError as exc:
            assert exc.line >= 1 and exc.message
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"parser mutant {number} raised {type(exc).__name__}: {exc}\n--- input\n{mutated}")
        assert time.monotonic() - started < TIME_LIMIT
