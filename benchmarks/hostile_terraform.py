"""Hostile-input benchmark: Terraform written to hang or exhaust a scanner, scanned end to end.

Each case is a small root module that would run for hours or need terabytes if evaluated as written
(a count of 100 million, three nested for over range(1000), a list doubled forty times, strings
repeated past 16 MiB, a for_each over a million keys, nested dynamic blocks, module fan-out, modules
nested 60 deep, 50,000 nested parentheses, a backtracking regular expression, reads outside the read
root). Each runs in a fresh process (`infra2arch scan terraform CASE -o OUT --format json --no-cache`)
and the script prints wall seconds, CPU seconds, peak RSS and the gaps by kind. The targets (issue
9): every case ends in seconds, under 1 GiB, exit 0, with a limit-exceeded or outside-read-root gap.
A script that prints numbers, never a test that fails on a slow machine.

    python benchmarks/hostile_terraform.py            # table
    python benchmarks/hostile_terraform.py --json     # the numbers as JSON on stdout
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

DOUBLING = "\n".join(["  l0 = [1, 2]"] + [f"  l{i} = [local.l{i - 1}, local.l{i - 1}]" for i in range(1, 41)])
STRINGS = "\n".join(['  s0 = "xxxxxxxxxxxxxxxx"'] + [
    f'  s{i} = "' + "".join(f"${{local.s{i - 1}}}" for _ in range(8)) + '"' for i in range(1, 10)])


def _deep_modules(depth: int) -> dict[str, str]:
    files = {"main.tf": 'module "a" { source = "./a" }\n'}
    path = "a"
    for level in range(1, depth + 1):
        files[f"{path}/main.tf"] = f'resource "aws_s3_bucket" "b" {{ bucket = "{level}" }}\nmodule "a" {{ source = "./a" }}\n'
        path += "/a"
    return files


CASES: dict[str, dict[str, str]] = {
    "count 100 million": {"main.tf": 'resource "aws_instance" "many" {\n  count = 100000000\n  ami = "x"\n}\n'},
    "nested for 1000^3": {"main.tf": "locals { cube = [for a in range(1000) : [for b in range(1000) : "
                                     "[for c in range(1000) : c]]] }\noutput \"n\" { value = length(local.cube) }\n"},
    "for growing 200 million cells": {"main.tf": "locals { big = [for i in range(1000) : [for j in range(200) : "
                                                "tolist(range(1000))]] }\noutput \"n\" { value = length(local.big) }\n"},
    "list doubled 40 times": {"main.tf": "locals {\n" + DOUBLING + "\n}\noutput \"x\" { value = jsonencode(local.l40) }\n"},
    "string repeated 8^9": {"main.tf": "locals {\n" + STRINGS + "\n}\noutput \"x\" { value = local.s9 }\n"
                                       'output "f" { value = format("%999999999d", 1) }\n'},
    "for_each over 1M keys": {"main.tf": 'resource "aws_s3_bucket" "b" {\n  for_each = { for p in setproduct(range(1000), '
                                         'range(1000)) : "${p[0]}-${p[1]}" => p }\n  bucket = each.key\n}\n'},
    "nested dynamic 1024^3": {"main.tf": """
resource "aws_security_group" "g" {
  for_each = { for i in range(1024) : tostring(i) => i }
  name     = each.key
  dynamic "ingress" {
    for_each = range(1024)
    content {
      dynamic "cidr" {
        for_each = range(1024)
        content { block = cidr.value }
      }
    }
  }
}
"""},
    "module fan-out 5000x5000": {
        "main.tf": 'module "a" {\n  source = "./m"\n  count = 5000\n}\n',
        "m/main.tf": 'resource "aws_s3_bucket" "b" {\n  count = 5000\n  bucket = "x"\n}\n'},
    "10,000 modules x 1,000 blocks": {
        "main.tf": 'module "a" {\n  source = "./m"\n  count = 10000\n}\n',
        "m/main.tf": "".join(f'resource "aws_s3_bucket" "b{i}" {{ bucket = "b{i}" }}\n' for i in range(1000))},
    "modules nested 60 deep": _deep_modules(60),
    "50,000 nested parentheses": {"main.tf": "x = " + "(" * 50000 + "1" + ")" * 50000 + "\n"},
    "backtracking regex": {"main.tf": 'output "r" { value = regex("(a|aa)+c", "' + "a" * 40 + 'b") }\n'},
    "reads outside the root": {"main.tf": """
resource "aws_s3_bucket" "b" {
  bucket = "b"
  tags = {
    a = file("/etc/passwd")
    b = join(",", fileset("/", "**"))
    c = pathexpand("~/.ssh/id_rsa")
    d = filesha256("/proc/self/environ")
  }
}
module "out" { source = "../../../../../../etc" }
"""},
}


_SUMMARY = """
import collections, json, sys
graph = json.load(open(sys.argv[1], encoding="utf-8"))
print(json.dumps({"resources": len(graph["resources"]),
                  "gaps": collections.Counter(g["kind"] for g in graph["gaps"])}))
"""


def run_case(name: str, files: dict[str, str], base: Path) -> dict:
    root = base / f"case{list(CASES).index(name)}"
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / ".git").mkdir(exist_ok=True)
    out = base / f"out{list(CASES).index(name)}"
    env = dict(os.environ, INFRA2ARCH_CACHE_DIR=str(base / "cache"))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "infra2arch", "scan", "terraform", str(root), "-o", str(out),
                              "--format", "json", "-q", "--no-cache"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    graph_path = out / "graph.json"
    gaps: Counter = Counter()
    resources = 0
    if graph_path.is_file():
        # summarised in another process: a big graph.json loaded here would raise this process's
        # peak RSS, which Linux hands on to every later child (ru_maxrss survives fork and exec)
        summary = subprocess.run([sys.executable, "-c", _SUMMARY, str(graph_path)], capture_output=True, text=True)
        counted = json.loads(summary.stdout or "{}")
        gaps, resources = Counter(counted.get("gaps", {})), counted.get("resources", 0)
    return {"case": name, "exit": child.returncode, "wall_s": round(wall, 2),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024),
            "resources": resources, "gaps": dict(sorted(gaps.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON on stdout")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="i2a-hostile-") as tmp:
        for name, files in CASES.items():
            results.append(run_case(name, files, Path(tmp)))
            if not args.json:
                r = results[-1]
                gaps = ", ".join(f"{k} {v}" for k, v in r["gaps"].items())
                print(f"{r['case']:28s} exit {r['exit']}  {r['wall_s']:6.2f} s wall  {r['cpu_s']:6.2f} s cpu  "
                      f"{r['peak_rss_mib']:5d} MiB  {r['resources']:6d} resources  gaps: {gaps}", flush=True)
    if args.json:
        print(json.dumps({"machine": platform.platform(), "cpus": os.cpu_count(), "results": results}, indent=2))
    else:
        worst = max(results, key=lambda r: r["wall_s"])
        print(f"slowest: {worst['case']} {worst['wall_s']} s; largest: "
              f"{max(r['peak_rss_mib'] for r in results)} MiB; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
