"""Explorer benchmark: size of map.html and time until it is interactive in Chromium (a script that
prints numbers, not a test).

For the 10,000-resource synthetic estate and each bundled sample: build the explorer
(`infra2arch render graph.json --format html`, timed), its size, and, in Debian's chromium driven
by Playwright, the time from navigation to interactive (the first map drawn, search and panel
wired: `window.explorerReady`), then to a view switch and a drill-down. Targets: the 10k estate's
explorer <= 20 MB and interactive in <= 3 s; a sample's explorer under 2 MB.

    python benchmarks/explorer.py [--resources 10000] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import json
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
TARGET_MB, TARGET_S, SAMPLE_MB = 20.0, 3.0, 2.0


def cli(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "infra2arch", *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


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
    parser.add_argument("--json", action="store_true", help="numbers as JSON on stdout (table on stderr)")
    args = parser.parse_args(argv)
    out = sys.stderr if args.json else sys.stdout
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="infra2arch-bench-") as work:
        work_dir = Path(work)
        estate = work_dir / "estate"
        synthetic.generate(estate, args.resources)
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
        print(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
