"""The report's files: HTML (one self-contained file, maps embedded as SVG), PDF (WeasyPrint from
the same template and stylesheet: running headers, page numbers, a table of contents with page
references) and GitHub-flavoured Markdown (maps as PNG files beside it).

Templates are Jinja2 with autoescaping: a tag value such as ``<img src=x onerror=alert(1)>`` is
text in every format (HTML-escaped in HTML and PDF, Markdown- and HTML-escaped in Markdown).
"""

from __future__ import annotations

import base64
import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from infra2arch.errors import MissingComponent
from infra2arch.report.model import Report

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# the PDF keeps to a printable length: beyond these, long listings say where the rest is (HTML, MD);
# a map's notes are in its own header too, and three keep its page to one
PDF_LIMITS = {"flow_limit": 40, "finding_limit": 8, "matrix_limit": 5, "zone_limit": 60, "note_limit": 3}
INSTALL_WEASYPRINT = ("PDF output needs WeasyPrint and the Pango library: `pip install weasyprint` and "
                      "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` (Debian/Ubuntu); or leave pdf out of --format")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


@lru_cache(maxsize=1)
def _html_env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["b64"] = _b64
    return env


class _Md(str):
    """Text already safe for Markdown (a code span's content, a link target)."""


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#+!|~])")


def md_escape(value: Any) -> str:
    if isinstance(value, _Md):
        return value
    if value is None:
        return ""
    text = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"\s*\n\s*", " ", text)


def md_code(value: Any) -> _Md:
    """Content of a `code span`: no escapes work inside it, so backticks become quotes; a pipe
    would still end a table cell, so it is escaped (GFM allows that inside code spans)."""
    text = str(value).replace("`", "'").replace("|", "\\|")
    return _Md(re.sub(r"\s*\n\s*", " ", text))


def md_link(value: Any) -> _Md:
    return _Md(quote(str(value), safe="/._-"))


@lru_cache(maxsize=1)
def _md_env():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=False, undefined=StrictUndefined,
                      finalize=md_escape, keep_trailing_newline=True)
    env.filters["code"] = md_code
    env.filters["link"] = md_link
    return env


def css(page_size: str) -> str:
    return (TEMPLATES / "report.css").read_text(encoding="utf-8").replace("var-page-size", PAGE_SIZES[page_size])


def html(report: Report, map_notes: list[str], pdf: bool = False) -> str:
    template = _html_env().get_template("report.html.j2")
    return template.render(r=report, css=css(report.page_size), pdf=pdf, map_notes=map_notes, **PDF_LIMITS)


def markdown(report: Report, map_notes: list[str]) -> str:
    text = _md_env().get_template("report.md.j2").render(r=report, map_notes=map_notes)
    return re.sub(r"\n{3,}", "\n\n", text)


def pdf(html_text: str, report: Report) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise MissingComponent(f"{INSTALL_WEASYPRINT} ({type(exc).__name__}: {exc})") from None
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html_text, base_url=str(TEMPLATES), url_fetcher=_fetcher()).render()
    return document.write_pdf()


def _fetcher():
    """Only data: URLs (the embedded maps): a report never reads files or the network while rendering."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before the URLFetcher class: a plain function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any):
            if not url.startswith("data:"):
                raise ValueError(f"not fetched: {url[:60]}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols=("data",))
