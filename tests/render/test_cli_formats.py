"""The CLI's output formats: the default set, html/mermaid/drawio on scan and render, the summary's tail."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from infra2arch.summary import print_tail

from tests.render.helpers import SAMPLES


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    return done


def test_default_outputs_and_the_paths_at_the_end(tmp_path):
    out = tmp_path / "out"
    done = run("scan", "terraform", str(SAMPLES / "gcp-vertex"), "-o", str(out), "--no-cache", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["engineering.png", "engineering.svg", "graph.json", "map.html"]
    tail = done.stdout.strip().splitlines()[-4:]
    assert tail == [f"Wrote {out / name}" for name in ("graph.json", "engineering.png", "engineering.svg", "map.html")]
    assert "file://" not in done.stdout  # not a terminal: no link


def test_render_writes_every_requested_format(tmp_path):
    out = tmp_path / "out"
    assert run("scan", "terraform", str(SAMPLES / "azure-ml"), "-o", str(out), "--format", "json", "--no-cache",
               "-q", cwd=tmp_path).returncode == 0
    done = run("render", str(out / "graph.json"), "-o", str(out), "--format", "html,mermaid,drawio",
               "--view", "executive", "--view", "overview", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["executive.drawio", "executive.md", "executive.mmd", "graph.json", "map.html",
                     "overview.drawio", "overview.md", "overview.mmd"]
    bad = run("render", str(out / "graph.json"), "-o", str(out), "--format", "html,visio", cwd=tmp_path)
    assert bad.returncode == 2 and "visio" in bad.stderr and "html" in bad.stderr


def test_unknown_view_is_one_clear_line(tmp_path):
    done = run("scan", "terraform", str(SAMPLES / "azure-ml"), "-o", str(tmp_path / "o"), "--view", "boardroom",
               "--no-cache", cwd=tmp_path)
    assert done.returncode == 2
    assert "executive" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_terminal_gets_a_link_to_the_explorer(tmp_path):
    page = tmp_path / "out dir" / "map.html"
    buffer = io.StringIO()
    print_tail(Console(file=buffer, force_terminal=True, width=200, highlight=False), [],
               [tmp_path / "graph.json", page])
    raw = buffer.getvalue()
    assert "\x1b]8;" in raw and page.resolve().as_uri() in raw, "an OSC 8 hyperlink to the explorer"
    text = re.sub(r"\x1b\]8;[^\x1b]*\x1b\\|\x1b\[[0-9;]*m", "", raw)
    assert text.splitlines()[-2:] == [f"Wrote {page}", f"Open the explorer: {page.resolve().as_uri()}"]
    assert "%20" in page.resolve().as_uri()
    plain = io.StringIO()
    print_tail(Console(file=plain, force_terminal=False, width=200), [], [page])
    assert "file://" not in plain.getvalue()
