"""Explorer benchmark: the default scan of a large estate with its explorer, the explorer's size, and
the time until it is interactive in Chromium (a script that prints numbers, not a test).

For the 10,000-resource synthetic estate:

* the CLI's default scan, end to end and cold (``infra2arch scan terraform DIR -o OUT --no-cache``:
  graph.json, the engineering PNG and SVG, and the explorer map.html), wall and CPU seconds
  (Graphviz included) and the machine's load average meanwhile; with ``--baseline REV`` the same
  scan by the code of that git revision, measured in the same run (its tree is extracted with
  ``git archive`` and run from there), so the two numbers share the machine's conditions;
* then, for it and each bundled sample: building the explorer alone
  (``infra2arch render graph.json --format html``, timed), its size, and, in Debian's chromium
  driven by Playwright, the time from navigation to interactive (the first map drawn, search and
  panel wired: ``window.explorerReady``), then to a view switch and a drill-down.

Targets: the 10k estate's default scan <= 20 s; its explorer <= 20 MB and interactive in <= 3 s; a
sample's explorer under 2 MB.

    python benchmarks/explorer.py [--resources 10000] [--repeat 3] [--scans 1] [--baseline f556b9d] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("aws-sagemaker", "gcp-vertex", "azure-ml")
CHROMIUM = "/usr/bin/chromium"
TARGET_MB, TARGET_S, SAMPLE_MB, TARGET_SCAN_S = 20.0, 3.0, 2.0, 20.0


def cli(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "infra2arch", *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def default_scan(estate: Path, out: Path, code: Path = ROOT) -> dict[str, float]:
    """The CLI's default scan (cold), run from the source tree ``code``: wall and CPU seconds
    (this process's children: the CLI, its workers and Graphviz) and the 1-minute load average."""
    paths = [str(code), str(code / "providers" / "terraform")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths + [os.environ.get("PYTHONPATH", "")]))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(estate), "-o", str(out), "--no-cache",
                    "-q"], check=True, capture_output=True, cwd=code, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    written = sorted(p.name for p in out.iterdir())
    return {"wall_s": wall, "cpu_s": cpu, "load": os.getloadavg()[0], "outputs": written}


def scans(estate: Path, work: Path, repeat: int, baseline: str | None) -> dict[str, dict]:
    """Median default-scan numbers of this tree and, given a revision, of that revision's tree
    (alternating, so both see the same machine)."""
    trees = {"this tree": ROOT}
    if baseline:
        tree = work / "baseline"
        tree.mkdir()
        archive = subprocess.run(["git", "archive", baseline], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        trees[f"baseline {baseline}"] = tree
    runs: dict[str, list[dict]] = {name: [] for name in trees}
    for round_ in range(repeat):
        for name, tree in trees.items():
            runs[name].append(default_scan(estate, work / f"scan-{len(runs[name])}-{round_}-{tree.name}", tree))
    out = {}
    for name, items in runs.items():
        out[name] = {key: statistics.median(i[key] for i in items) for key in ("wall_s", "cpu_s", "load")}
        out[name]["outputs"] = items[0]["outputs"]
    return out


def browser_times(path: Path, repeat: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    ready, switch, drill = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            page.goto(path.as_uri())
            while not page.evaluate("window.explorerReady === true"):
                page.wait_for_timeout(10)
            ready.append(time.perf_counter() - started)
            started = time.perf_counter()
            page.click('#views button[data-view="overview"]')
            while page.evaluate("document.querySelector('#views button[aria-pressed=\"true\"]').dataset.view") != "overview":
                page.wait_for_timeout(10)
            switch.append(time.perf_counter() - started)
            target = page.evaluate("""() => { const g = document.querySelector('#canvas g.cluster[data-drill]');
                                             return g ? g.getAttribute('data-drill') : null; }""")
            if target is not None:
                started = time.perf_counter()
                page.evaluate(f"document.querySelector('#canvas g.cluster[data-drill=\"{target}\"] > *:not(title)')"
                              ".dispatchEvent(new PointerEvent('pointerup', {bubbles: true, button: 0}))")
                while page.evaluate("document.querySelectorAll('#crumbs .sep').length") == 0:
                    page.wait_for_timeout(10)
                drill.append(time.perf_counter() - started)
            page.close()
        browser.close()
    out = {"interactive_s": statistics.median(ready), "switch_view_s": statistics.median(switch)}
    if drill:
        out["drill_down_s"] = statistics.median(drill)
    return out


def measure(graph: Path, out: Path, repeat: int) -> dict[str, float]:
    build = cli("render", str(graph), "--format", "html", "-o", str(out), "-q")
    path = out / "map.html"
    numbers = {"build_s": build, "size_mb": path.stat().st_size / 1e6}
    numbers.update(browser_times(path, repeat))
    data = path.read_text(encoding="utf-8")
    numbers["maps"] = data.count('id="svg-')
    return numbers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scans", type=int, default=1, help="default scans of the estate (median)")
    parser.add_argument("--baseline", metavar="REV", help="also time the default scan by this git revision's code")
    parser.add_argument("--json", action="store_true", help="numbers as JSON on stdout (table on stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="infra2arch-bench-") as work:
        work_dir = Path(work)
        estate = work_dir / "estate"
        synthetic.generate(estate, args.resources)
        scanned = scans(estate, work_dir, args.scans, args.baseline)
        print(f"default scan of {args.resources} resources (graph.json, engineering PNG/SVG, map.html), cold:",
              file=out)
        for name, n in scanned.items():
            print(f"  {name:<28} {n['wall_s']:6.1f} s wall  {n['cpu_s']:6.1f} s CPU  load average {n['load']:.1f}"
                  f"  ({', '.join(n['outputs'])})", file=out)
        mine = scanned["this tree"]["wall_s"]
        print(f"target: default scan <= {TARGET_SCAN_S:g} s ({'ok' if mine <= TARGET_SCAN_S else 'MISSED'})", file=out)
        cli("scan", "terraform", str(estate), "-o", str(work_dir / "estate-out"), "--format", "json", "--no-cache", "-q")
        results[f"synthetic {args.resources}"] = measure(work_dir / "estate-out" / "graph.json",
                                                         work_dir / "estate-out", args.repeat)
        for name in SAMPLES:
            target = work_dir / name
            cli("scan", "terraform", str(ROOT / "samples" / name), "-o", str(target), "--format", "json",
                "--no-cache", "-q")
            results[name] = measure(target / "graph.json", target, args.repeat)
    print(f"{'estate':<20} {'maps':>5} {'size MB':>8} {'build s':>8} {'ready s':>8} {'switch s':>9} {'drill s':>8}",
          file=out)
    for name, n in results.items():
        print(f"{name:<20} {n['maps']:>5.0f} {n['size_mb']:>8.2f} {n['build_s']:>8.1f} {n['interactive_s']:>8.2f} "
              f"{n['switch_view_s']:>9.2f} {n.get('drill_down_s', float('nan')):>8.2f}", file=out)
    big = results[f"synthetic {args.resources}"]
    print(f"targets: {args.resources} resources <= {TARGET_MB:g} MB ({'ok' if big['size_mb'] <= TARGET_MB else 'MISSED'}), "
          f"interactive <= {TARGET_S:g} s ({'ok' if big['interactive_s'] <= TARGET_S else 'MISSED'}); samples < "
          f"{SAMPLE_MB:g} MB ({'ok' if all(results[s]['size_mb'] < SAMPLE_MB for s in SAMPLES) else 'MISSED'})",
          file=out)
    if args.json:
        print(json.dumps({"default_scan": scanned, "explorer": results}, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
