"""Compliance reports with the maps attached: HTML, PDF, Markdown and an evidence manifest.

``build(path, output, ...)`` reads a graph.json (or a scan output folder holding one), draws the
maps with the existing views and renderer, assembles the report (:mod:`.assemble`, :mod:`.matrix`,
:mod:`.accuracy`), writes the requested formats (:mod:`.writers`) and ``manifest.json``
(:mod:`.manifest`). Nothing the user gave is changed: only files under ``output`` are written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from infra2arch.errors import MissingComponent, UserError

FORMATS = ("html", "pdf", "md")

__all__ = ["FORMATS", "ReportResult", "build", "parse_formats"]


@dataclass(frozen=True)
class ReportResult:
    files: tuple[Path, ...]
    manifest: Path
    failing: tuple[str, ...]           # "RULE address" of unwaived failing findings at/above fail_on
    notes: tuple[str, ...]
    seconds: float


def parse_formats(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return FORMATS
    parts = text.split(",") if isinstance(text, str) else [p for item in text for p in str(item).split(",")]
    chosen = {p.strip().lower() for p in parts if p.strip()}
    if "markdown" in chosen:
        chosen.discard("markdown")
        chosen.add("md")
    unknown = chosen - set(FORMATS)
    if unknown:
        raise UserError(f"--format {', '.join(sorted(unknown))}: report formats are html, pdf and md")
    return tuple(f for f in FORMATS if f in chosen) or FORMATS


def read_graph(path: Path) -> tuple[Path, Any, Any]:
    """(the graph.json read, graph, annotations) from a graph.json or a scan output folder."""
    if path.is_dir():
        candidate = path / "graph.json"
        if not candidate.is_file():
            raise UserError(f"{path}: no graph.json in this folder (run `infra2arch scan … -o {path}` first)")
        path = candidate
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        graph, annotations = _loads(text)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: not an infra2arch graph JSON ({type(exc).__name__}: {exc})") from None
    return path, graph, annotations


def _loads(text: str) -> tuple[Any, Any]:
    """``graph_json.loads_with_annotations(text)``: the graph and its annotations with every
    credential in the text masked. The masking (1 s at 10,000 resources) runs in a forked child
    while this process parses the text as it is; when the masking changed anything, the masked
    text is parsed instead and the first parse is thrown away, so nothing unmasked is ever used."""
    import json

    from infra2arch.annotate.pipeline import annotations_from_dict
    from infra2arch.render.graph_json import graph_from_dict, loads_with_annotations, scrub_json_text
    from infra2arch.report.background import Forked

    def masked_if_changed() -> str | None:
        masked = scrub_json_text(text)
        return None if masked == text else masked

    masking = Forked(masked_if_changed)
    try:
        data = json.loads(text)
        graph = graph_from_dict(data)
        found = data.get("annotations")
        annotations = annotations_from_dict(found) if isinstance(found, dict) else None
    finally:
        masked = masking.result()
    if masked is not None:
        return loads_with_annotations(masked)
    return graph, annotations


def build(path: str | Path, output: str | Path, *, formats: str | Sequence[str] | None = None,
          frameworks: Sequence[str] | None = None, title: str | None = None, system: str | None = None,
          previous: str | Path | None = None, page_size: str = "a4", fail_on: str | None = None,
          config: str | Path | None = None) -> ReportResult:
    """Write the report of the graph at ``path`` into ``output``; see the module docstring."""
    from infra2arch.annotate.findings.frameworks import load as load_framework
    from infra2arch.annotate.findings.frameworks import parse_frameworks
    from infra2arch.annotate.model import Severity
    from infra2arch.annotate.pipeline import annotate, failing
    from infra2arch.report import manifest, maps, writers
    from infra2arch.report.background import Forked
    from infra2arch.report.content import assemble_report
    from infra2arch.report.provenance import generated_at, iso

    started = time.perf_counter()
    chosen_formats = parse_formats(formats)
    framework_ids = parse_frameworks(frameworks)
    page_size = (page_size or "a4").lower()
    if page_size not in writers.PAGE_SIZES:
        raise UserError(f"--page-size {page_size!r}: use a4 or letter")
    if fail_on is not None and fail_on not in {s.value for s in Severity}:
        raise UserError(f"--fail-on {fail_on!r}: use critical, high, medium, low or info")
    graph_path, graph, annotations = read_graph(Path(path))
    if annotations is None or config is not None:
        from infra2arch.config import find_config

        annotations = annotate(graph, find_config(str(config) if config else None, None))
    old = None
    if previous is not None:
        previous_path, old_graph, old_annotations = read_graph(Path(previous))
        if old_annotations is None:
            old_annotations = annotate(old_graph)
        old = (str(previous), previous_path, old_graph, old_annotations)
    out = Path(output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create output directory {out}: {exc.strerror or exc}") from None
    moment = generated_at()
    specs, map_notes = maps.plan(graph, annotations)
    images, pictures = maps.draw_svg(specs, annotations, out / "maps")
    report = assemble_report(graph, annotations, graph_path=graph_path, frameworks=[load_framework(f) for f in framework_ids],
                             title=title, system=system, generated_at=iso(moment), page_size=page_size, maps=images,
                             previous=old)
    # three things at once on two cores: HTML and Markdown in a forked child, the maps' PNGs in
    # Graphviz processes, the PDF (the longest) here; forked before any thread is started
    texts = Forked(lambda: (writers.html(report, map_notes) if "html" in chosen_formats else None,
                            writers.markdown(report, map_notes) if "md" in chosen_formats else None))
    pictures.start()
    missing: MissingComponent | None = None
    pdf_bytes = None
    if "pdf" in chosen_formats:
        try:
            pdf_bytes = writers.pdf(writers.html(report, map_notes, pdf=True), report)
        except MissingComponent as exc:  # the other formats and the manifest are still written
            missing = exc
    html_text, md_text = texts.result()
    picture_problems = pictures.result()
    written: list[Path] = [out / image.png_name for image in images
                           if image.png_name and not any(p.startswith(f"{image.key}.png ") for p in picture_problems)]
    written += [out / image.svg_name for image in images if image.svg_name]
    notes = list(map_notes) + [f"{image.title}: {image.error}" for image in images if image.error] + picture_problems
    if html_text is not None:
        written.append(_write(out / "report.html", html_text.encode("utf-8")))
    if md_text is not None:
        written.append(_write(out / "report.md", md_text.encode("utf-8")))
    if pdf_bytes is not None:
        written.append(_write(out / "report.pdf", pdf_bytes))
    manifest_path = _write(out / "manifest.json", manifest.dumps(
        report, graph, graph_path=graph_path, outputs=written, output_dir=out, previous=old,
        frameworks=framework_ids, formats=chosen_formats, moment=iso(moment)).encode("utf-8"))
    if missing is not None:
        raise missing
    failures: tuple[str, ...] = ()
    if fail_on is not None:
        failures = tuple(sorted({f"{f.rule_id} {f.address}" for f in failing(annotations, Severity(fail_on))}))
    return ReportResult(tuple(written), manifest_path, failures, tuple(notes), time.perf_counter() - started)


def _write(path: Path, data: bytes) -> Path:
    import os

    try:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
