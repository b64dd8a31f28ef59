"""The HTML report in a real browser (Debian's chromium through Playwright), and hostile input."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.report.conftest import HOSTILE, HOSTILE_GAP, need


def test_html_is_one_self_contained_file(aws_report: Path) -> None:
    text = (aws_report / "report.html").read_text(encoding="utf-8")
    # no file, network or script reference: maps are data URIs, styles inline
    assert not re.search(r'(src|href)="(?!data:|#)', text)
    assert "<script" not in text.replace("&lt;script", "")
    assert text.count('src="data:image/svg+xml;base64,') >= 4


def test_hostile_values_are_escaped_in_html_and_markdown(aws_report: Path) -> None:
    text = (aws_report / "report.html").read_text(encoding="utf-8")
    assert HOSTILE not in text and "<script>alert" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    markdown = (aws_report / "report.md").read_text(encoding="utf-8")
    # inside a code span (`…`) CommonMark shows markup literally; everywhere else it is escaped
    outside_code = re.sub(r"`[^`\n]*`", "", markdown)
    assert "<img" not in outside_code and "<script" not in outside_code
    assert "&lt;img src=x onerror=alert(1)&gt;" in markdown  # shown as text by GitHub


def test_html_in_chromium_screenshot_and_no_script_runs(aws_report: Path, tmp_path: Path) -> None:
    chromium = need("chromium")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test dependency (make setup)")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((aws_report / "report.html").resolve().as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=False)
            assert shot.stat().st_size > 20_000
            body = page.inner_text("body")
            assert HOSTILE in body  # the tag value is shown, as text
            assert HOSTILE_GAP.split(" |")[0] in body
            assert page.locator("img[src='x']").count() == 0
            assert not dialogs and not errors
            # every map image decoded (an SVG that fails to load has naturalWidth 0)
            widths = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
            assert widths and all(w > 100 for w in widths)
            # the table of contents links work
            assert page.locator("a[href='#findings']").count() == 1
            assert page.locator("#findings h1").inner_text().startswith("6 Findings")
            pdf = page.pdf(format="A4")  # the print stylesheet also serves Chromium's own printing
            assert pdf.startswith(b"%PDF")
        finally:
            browser.close()
