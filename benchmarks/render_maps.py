"""Render benchmark: how long a map takes once the graph exists (a reproducible script, not a test).

Measures, each in a fresh process (`infra2arch render GRAPH.json --view V --format png,svg`):
the overview and engineering views of a 10,000-resource synthetic estate, and the engineering
view of each bundled sample. Prints wall seconds, CPU seconds and peak RSS; the target is that any
view of a 10,000-resource estate renders in <= 3 s on 2 cores, because the node budget keeps
Graphviz's input small.

    python benchmarks/render_maps.py [--resources 10000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from scan_terraform import median_of, run_child  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TARGET_S = 3.0


def render_argv(graph: Path, view: str, output: Path) -> list[str]:
    return [sys.executable, "-m", "infra2arch", "render", str(graph), "--view", view, "--format", "png,svg",
            "-o", str(output), "-q"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="numbers as JSON on stdout (table on stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout
    env = dict(os.environ)
    rows = []
    with tempfile.TemporaryDirectory(prefix="infra2arch-render-") as work_dir:
        work = Path(work_dir)
        env["INFRA2ARCH_CACHE_DIR"] = str(work / "cache")
        cases: list[tuple[str, Path, str]] = []
        estate = work / "estate"
        synthetic.generate(estate, args.resources)
        run_child([sys.executable, "-m", "infra2arch", "scan", "terraform", str(estate), "-o", str(work / "estate-out"),
                   "-q"], env)
        for view in ("overview", "engineering"):
            cases.append((f"{args.resources:,}-resource estate", work / "estate-out" / "graph.json", view))
        for sample in ("aws-sagemaker", "gcp-vertex", "azure-ml"):
            target = work / f"{sample}-out"
            run_child([sys.executable, "-m", "infra2arch", "scan", "terraform", str(ROOT / "samples" / sample), "-o",
                       str(target), "-q"], env)
            cases.append((f"sample {sample}", target / "graph.json", "engineering"))
        for label, graph, view in cases:
            runs = [run_child(render_argv(graph, view, work / "maps" / f"{label}-{view}".replace(" ", "_")), env)
                    for _ in range(args.repeat)]
            result = median_of(runs)
            result.update({"case": label, "view": view})
            rows.append(result)
    print(f"machine: {os.cpu_count()} CPUs; each number is the median of {args.repeat} fresh processes "
          "(render from graph.json to PNG + SVG)", file=out)
    print(f"  {'case':34} {'view':12} {'wall s':>7} {'cpu s':>7} {'RSS MiB':>8}  target", file=out)
    for row in rows:
        verdict = ""
        if "estate" in row["case"]:
            verdict = "ok (<= 3 s)" if row["wall_s"] <= TARGET_S else "over 3 s"
        print(f"  {row['case']:34} {row['view']:12} {row['wall_s']:7.2f} {row['cpu_s']:7.2f} {row['peak_rss_mib']:8.0f}  {verdict}",
              file=out)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
