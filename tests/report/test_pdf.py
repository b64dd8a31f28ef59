"""The PDF, read back as a person and a program would: pdftotext for every failing finding, gap and
control; pdftoppm for every page as a picture; page numbers, running headers, contents with pages."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from infra2arch.annotate.findings.frameworks import all_frameworks
from infra2arch.render.graph_json import loads_with_annotations
from tests.report.conftest import HOSTILE, need, report_cli


@pytest.fixture(scope="module")
def pdf_text(aws_report: Path) -> str:
    completed = subprocess.run([need("pdftotext"), "-layout", str(aws_report / "report.pdf"), "-"],
                               capture_output=True, check=True)
    return completed.stdout.decode("utf-8")


def _squash(text: str) -> str:
    """pdftotext breaks long cells over lines: compare without whitespace."""
    return re.sub(r"\s+", "", text)


def test_every_failing_finding_gap_and_control_is_in_the_pdf(aws_report: Path, hostile_graph: Path, pdf_text: str) -> None:
    graph, annotations = loads_with_annotations(hostile_graph.read_text(encoding="utf-8"))
    flat = _squash(pdf_text)
    failing = [f for f in annotations.findings if f.result.value == "fail"]
    assert failing, "the AWS sample has deliberate weaknesses"
    for finding in failing:
        assert _squash(finding.rule_id) in flat
        assert _squash(finding.address) in flat, finding.address
    assert graph.gaps
    for gap in graph.gaps:
        assert _squash(gap.subject) in flat
    for framework in all_frameworks():
        for control in framework.controls:
            assert _squash(control.id) in flat, (framework.id, control.id)
        assert framework.name in pdf_text.replace("\n", " ") or _squash(framework.name) in flat


def test_pages_have_numbers_headers_and_a_contents_with_page_references(aws_report: Path, pdf_text: str) -> None:
    pages = pdf_text.split("\f")
    pages = [p for p in pages if p.strip()]
    total = len(pages)
    assert total > 10
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page
    assert "aws-sagemaker: architecture and compliance evidence" in pages[3]  # running header after the cover
    contents = next(p for p in pages if "Contents" in p)
    listed = re.findall(r"(\d+ [A-Z][\w ]+?)\s*\.{3,}\s*(\d+)", contents)
    assert len(listed) >= 10
    for title, page_number in listed:  # each entry's page really starts that section
        heading = title.strip()
        assert heading in pages[int(page_number) - 1], (heading, page_number)


def test_every_page_renders_to_a_picture(aws_report: Path, tmp_path: Path) -> None:
    from PIL import Image

    subprocess.run([need("pdftoppm"), "-r", "30", "-png", str(aws_report / "report.pdf"), str(tmp_path / "page")],
                   check=True, capture_output=True)
    pictures = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run([need("pdfinfo"), str(aws_report / "report.pdf")], capture_output=True, check=True).stdout
    assert len(pictures) == int(re.search(rb"Pages:\s+(\d+)", info).group(1))
    for picture in pictures:
        with Image.open(picture) as image:
            low, high = image.convert("L").getextrema()
            assert low < 128 < high, f"{picture.name} is blank"


def test_maps_are_in_the_pdf_as_vector_graphics(aws_report: Path, tmp_path: Path) -> None:
    """The architecture pages carry the maps (SVG drawn as vectors, icons as images)."""
    completed = subprocess.run([need("pdfimages"), "-list", str(aws_report / "report.pdf")], capture_output=True,
                               check=True)
    assert len(completed.stdout.decode().splitlines()) > 10  # the providers' icons inside the maps


def test_hostile_text_is_text_in_the_pdf(pdf_text: str) -> None:
    assert _squash(HOSTILE) in _squash(pdf_text)


def test_letter_page_size(hostile_graph: Path, tmp_path: Path) -> None:
    assert report_cli(str(hostile_graph), "-o", str(tmp_path), "--format", "pdf", "--framework", "hipaa",
                      "--page-size", "letter", "-q").returncode == 0
    info = subprocess.run([need("pdfinfo"), str(tmp_path / "report.pdf")], capture_output=True, check=True).stdout
    assert b"612 x 792 pts (letter)" in info
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["page_size"] == "letter" and manifest["frameworks"] == ["hipaa"]


def test_large_estate_pdf_keeps_every_failing_finding(hostile_graph: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the printable limits (tiny here, 1,500 resources in real use) the PDF summarises long
    listings and says where the rest is, but still names every failing finding."""
    from infra2arch.report import build, content, writers

    monkeypatch.setattr(writers, "PDF_LIMITS", {"flow_limit": 3, "finding_limit": 1, "matrix_limit": 1,
                                                "zone_limit": 2, "note_limit": 1})
    monkeypatch.setattr(content, "PDF_INVENTORY_LIMIT", 5)
    build(hostile_graph, tmp_path, formats="pdf,html", frameworks=["soc2"])
    text = subprocess.run([need("pdftotext"), "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          check=True).stdout.decode("utf-8")
    flat = _squash(text)
    _, annotations = loads_with_annotations(hostile_graph.read_text(encoding="utf-8"))
    for finding in annotations.findings:
        if finding.result.value == "fail":
            assert _squash(finding.address) in flat, finding.address
    assert "more flows are listed in report.html" in text.replace("\n", " ")
    assert "The PDF gives the inventory by type, zone and" in text
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "The PDF gives the inventory" not in html  # the HTML keeps every row
