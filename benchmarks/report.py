"""Report benchmark: `infra2arch report` of a synthetic estate (a reproducible script, not a test).

Generates the estate (benchmarks/synthetic.py), scans it once, then times the report of its
graph.json in fresh processes (html, pdf and md with every framework), and once more in this
process phase by phase (read, maps, assemble, HTML and Markdown, PDF; the command overlaps some). Target: the 10,000-resource
estate in <= 30 s and <= 1.5 GiB on 2 cores.

    python benchmarks/report.py [--resources 10000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402
from scan_terraform import median_of, run_child  # noqa: E402

TARGET_S = 30.0
TARGET_MIB = 1536.0


def phases(graph: Path, output: Path) -> dict[str, float]:
    """The same work as `infra2arch report`, timed per phase in this process one after the other
    (the command overlaps some: the maps' PNGs and the HTML and Markdown are made while WeasyPrint
    lays out the PDF, and graph.json is parsed while its credentials are masked)."""
    from infra2arch.annotate.findings.frameworks import ORDER, load
    from infra2arch.report import maps, read_graph, writers
    from infra2arch.report.content import assemble_report
    from infra2arch.report.provenance import generated_at, iso

    times: dict[str, float] = {}
    started = time.perf_counter()
    graph_path, graph_value, annotations = read_graph(graph)
    times["read graph.json"] = time.perf_counter() - started
    mark = time.perf_counter()
    specs, notes = maps.plan(graph_value, annotations)
    images, pictures = maps.draw_svg(specs, annotations, output / "maps")
    times[f"maps SVG ({len(images)})"] = time.perf_counter() - mark
    mark = time.perf_counter()
    pictures.result()
    times["maps PNG (overlaps the PDF)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    report = assemble_report(graph_value, annotations, graph_path=graph_path, frameworks=[load(f) for f in ORDER],
                             title=None, system=None, generated_at=iso(generated_at()), page_size="a4", maps=images,
                             previous=None)
    times["assemble"] = time.perf_counter() - mark
    mark = time.perf_counter()
    writers.html(report, notes)
    writers.markdown(report, notes)
    times["html + markdown (overlap the PDF)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    writers.pdf(writers.html(report, notes, pdf=True), report)
    times["pdf (WeasyPrint)"] = time.perf_counter() - mark
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="numbers as JSON on stdout (table on stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout
    with tempfile.TemporaryDirectory(prefix="infra2arch-report-") as work_dir:
        work = Path(work_dir)
        env = dict(os.environ, INFRA2ARCH_CACHE_DIR=str(work / "cache"))
        estate = work / "estate"
        synthetic.generate(estate, args.resources)
        run_child([sys.executable, "-m", "infra2arch", "scan", "terraform", str(estate), "-o", str(work / "scan"), "-q"],
                  env)
        graph = work / "scan" / "graph.json"
        runs = []
        for attempt in range(args.repeat):
            report_dir = work / f"report-{attempt}"
            runs.append(run_child([sys.executable, "-m", "infra2arch", "report", str(graph), "-o", str(report_dir),
                                   "--format", "html,pdf,md", "-q"], env))
        info = subprocess.run(["pdfinfo", str(work / "report-0" / "report.pdf")], capture_output=True, text=True).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1)) if "Pages:" in info else None
        sizes = {name: (work / "report-0" / name).stat().st_size for name in ("report.html", "report.pdf", "report.md")}
        maps_count = len(list((work / "report-0" / "maps").glob("*.svg")))
        split = phases(graph, work / "phases")
    median = median_of(runs)
    result = {"resources": args.resources, "median": median, "runs": runs, "pdf_pages": pages, "bytes": sizes,
              "maps": maps_count, "phases_s": split,
              "target": {"wall_s": TARGET_S, "peak_rss_mib": TARGET_MIB},
              "met": median["wall_s"] <= TARGET_S and median["peak_rss_mib"] <= TARGET_MIB}
    print(f"report of the {args.resources:,}-resource estate (html, pdf, md; all frameworks), "
          f"median of {args.repeat} fresh processes:", file=out)
    print(f"  wall {median['wall_s']:.2f} s, CPU {median['cpu_s']:.2f} s, peak RSS {median['peak_rss_mib']:.0f} MiB "
          f"(target <= {TARGET_S:g} s, <= {TARGET_MIB:g} MiB: {'met' if result['met'] else 'NOT met'})", file=out)
    print(f"  {maps_count} maps, PDF {pages} pages; " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()),
          file=out)
    print("  phases in one process: " + ", ".join(f"{k} {v:.2f} s" for k, v in split.items()), file=out)
    if args.json:
        print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
