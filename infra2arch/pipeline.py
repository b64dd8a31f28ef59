"""The scan pipeline, the same for every source: request → inventory → graph → annotations → outputs.

The CLI parses arguments and prints; this module does the work between. Adapters only turn their
request into an :class:`~infra2arch.model.Inventory` (``infra2arch.providers``); everything after that
is shared, including the output cache: when the adapter can fingerprint its inputs and nothing changed,
graph.json is replayed from the cache instead of being rebuilt, and maps are drawn from it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from infra2arch.errors import MissingComponent, UserError
from infra2arch.gc_policy import few_collections
from infra2arch.model import Graph, Inventory
from infra2arch.providers import Provider, ScanRequest, fingerprint

# formats written from the graph itself, and formats drawn per view by Graphviz
GRAPH_FORMATS = ("json",)
MAP_FORMATS = ("png", "svg", "pdf", "dot")
TEXT_MAP_FORMATS = ("mermaid", "drawio")      # per view, laid out as text for wikis and editors
EXPLORER_FORMATS = ("html",)                  # one file holding every view (map.html)
DEFAULT_FORMATS = ("json", "png", "svg", "html")
SHOW_VALUES = frozenset({"depends", "latency", "iam", "encrypts", "logs"})


def known_formats() -> tuple[str, ...]:
    return GRAPH_FORMATS + MAP_FORMATS + TEXT_MAP_FORMATS + EXPLORER_FORMATS


def parse_formats(text: str) -> tuple[str, ...]:
    known = known_formats()
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in known:
            raise UserError(f"--format {fmt!r}: known formats are {', '.join(known)}")
    return tuple(dict.fromkeys(formats)) or ("json",)


@dataclass(frozen=True)
class MapOptions:
    views: tuple[str, ...] = ("engineering",)
    budget: int = 60
    group_by: str = "network"
    show: frozenset[str] = frozenset()
    focus: str | None = None
    depth: int = 1
    filters: tuple[str, ...] = ()
    layout_timeout: float = 60.0


@dataclass(frozen=True)
class AnnotationOptions:
    config: str | None = None      # --config FILE
    prices: str | None = None      # --prices FILE
    usage: str | None = None       # --usage FILE


@dataclass(frozen=True)
class OutputOptions:
    directory: Path
    formats: tuple[str, ...] = ("json",)
    maps: MapOptions = field(default_factory=MapOptions)
    use_cache: bool = True


@dataclass
class Outcome:
    """What a scan or a render produced. ``graph`` is None when graph.json was replayed from the
    output cache and no map needed the graph; ``summary`` then holds the cached summary lines."""

    graph: Graph | None
    annotations: Any
    written: list[Path]
    notes: list[str]
    seconds: float
    cached: dict | None = None         # the output-cache entry replayed, if any
    missing: MissingComponent | None = None


# ------------------------------------------------------------------------------------------ scan


def scan(provider: Provider, request: ScanRequest, outputs: OutputOptions,
         annotation: AnnotationOptions = AnnotationOptions()) -> Outcome:
    with few_collections():  # see gc_policy: a third of a cold scan went to the cyclic collector
        return _scan(provider, request, outputs, annotation)


def _scan(provider: Provider, request: ScanRequest, outputs: OutputOptions, annotation: AnnotationOptions) -> Outcome:
    from infra2arch import output_cache

    started = time.perf_counter()
    if outputs.use_cache:
        digest = fingerprint(provider, request)
        if digest:
            entry = output_cache.load(output_cache.key(digest, request, annotation))
            if entry is not None:
                return _replay(entry, outputs, started)
    inventory = _with_title(provider.scan(request.target, request.options), request)
    outcome = build_and_write(inventory, outputs, annotation, config_dir=request.config_dir, started=started)
    if outputs.use_cache:
        digest = fingerprint(provider, request)  # the scan filled the adapter's cache: fingerprint it now
        if digest:
            output_cache.store_detached(output_cache.key(digest, request, annotation), outcome.graph,
                                        outcome.annotations, outcome.written)
    return outcome


def build_and_write(inventory: Inventory, outputs: OutputOptions, annotation: AnnotationOptions = AnnotationOptions(),
                    config_dir: str | None = None, started: float | None = None) -> Outcome:
    """Inventory → graph → annotations → graph.json and maps."""
    from infra2arch.graph import build_graph

    started = time.perf_counter() if started is None else started
    graph = build_graph(inventory)
    # graph.json's graph part is encoded on the other core while the annotators run (same bytes)
    pending = _encode_in_background(graph) if "json" in outputs.formats else None
    try:
        annotations = annotate(graph, annotation, config_dir)
        written = write_graph(graph, annotations, outputs, pending) if "json" in outputs.formats else []
    finally:
        if pending is not None:
            pending.cancel()
    maps, notes, missing = draw_maps(graph, annotations, outputs)
    return Outcome(graph, annotations, written + maps, notes, time.perf_counter() - started, missing=missing)


def render(graph: Graph, annotations: Any, outputs: OutputOptions, annotation: AnnotationOptions) -> Outcome:
    """Maps from a graph made elsewhere (``infra2arch render graph.json``)."""
    started = time.perf_counter()
    if annotations is None or annotation.config or annotation.prices or annotation.usage:
        annotations = annotate(graph, annotation, None)
    maps, notes, missing = draw_maps(graph, annotations, outputs)
    return Outcome(graph, annotations, maps, notes, time.perf_counter() - started, missing=missing)


def _replay(entry: dict, outputs: OutputOptions, started: float) -> Outcome:
    from infra2arch.render import graph_json

    directory = ensure_directory(outputs.directory)
    written: list[Path] = []
    if "json" in outputs.formats:
        path = directory / "graph.json"
        write_bytes(path, entry["json"])
        written.append(path)
    graph = annotations = None
    notes: list[str] = []
    missing = None
    if any(fmt not in GRAPH_FORMATS for fmt in outputs.formats):
        graph, annotations = graph_json.loads_with_annotations(entry["json"].decode("utf-8"))
        maps, notes, missing = draw_maps(graph, annotations, outputs)
        written.extend(maps)
    return Outcome(graph, annotations, written, notes, time.perf_counter() - started, cached=entry, missing=missing)


def _with_title(inventory: Inventory, request: ScanRequest) -> Inventory:
    scanned = dict(inventory.scanned)
    scanned["target"] = request.title
    return replace(inventory, scanned=scanned)


# ------------------------------------------------------------------------------------ annotations


def annotate(graph: Graph, options: AnnotationOptions, config_dir: str | None):
    from infra2arch.annotate.pipeline import annotate as run
    from infra2arch.config import find_config

    config = find_config(options.config, config_dir)
    return run(graph, config, prices=Path(options.prices) if options.prices else None,
               usage=Path(options.usage) if options.usage else None)


def failing_rules(annotations: Any, at_or_above: str, cached: dict | None = None) -> list[str]:
    """Rule ids of unwaived failing findings at or above a severity (for ``--fail-on``)."""
    order = ["info", "low", "medium", "high", "critical"]
    if cached is not None and annotations is None:
        return sorted({rule for severity, rules in cached.get("failing", {}).items()
                       if order.index(severity) >= order.index(at_or_above) for rule in rules})
    if annotations is None:
        return []
    from infra2arch.annotate.model import Severity
    from infra2arch.annotate.pipeline import failing

    return sorted({f.rule_id for f in failing(annotations, Severity(at_or_above))})


# ---------------------------------------------------------------------------------------- outputs


def ensure_directory(directory: Path) -> Path:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create output directory {directory}: {exc.strerror or exc}") from None
    return directory


def write_bytes(path: Path, data: bytes | Sequence[bytes]) -> None:
    """Write atomically (a temporary file, then rename); ``data`` may come in pieces."""
    try:
        temporary = path.with_name(path.name + ".tmp")
        with open(temporary, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def write_graph(graph: Graph, annotations: Any, outputs: OutputOptions, pending: Any = None) -> list[Path]:
    from infra2arch.render import graph_json

    path = ensure_directory(outputs.directory) / "graph.json"
    write_bytes(path, graph_json.encode_pieces(graph, annotations=annotations, pending=pending))
    return [path]


def _encode_in_background(graph: Graph) -> Any:
    from infra2arch.render import graph_json

    return graph_json.encode_in_background(graph)


def parse_show(values: Sequence[str]) -> frozenset[str]:
    show = frozenset(s.strip() for item in values for s in item.split(",") if s.strip())
    unknown = show - SHOW_VALUES
    if unknown:
        raise UserError(f"--show {', '.join(sorted(unknown))}: use depends, iam, encrypts, logs or latency")
    return show


def draw_maps(graph: Graph, annotations: Any, outputs: OutputOptions
              ) -> tuple[list[Path], list[str], MissingComponent | None]:
    """Draw each requested view in each map format. A missing Graphviz is returned, not raised,
    so the caller reports it after graph.json is written."""
    from infra2arch.views import ViewOptions, build_view, parse_filters

    map_formats = [f for f in outputs.formats if f in MAP_FORMATS]
    text_formats = [f for f in outputs.formats if f in TEXT_MAP_FORMATS]
    explorer = any(f in EXPLORER_FORMATS for f in outputs.formats)
    if not (map_formats or text_formats or explorer):
        return [], [], None
    from infra2arch.render import diagrams_map

    options = outputs.maps
    filters = parse_filters(list(options.filters))
    base = ViewOptions(budget=options.budget, group_by=options.group_by, show=options.show, focus=options.focus,
                       focus_depth=options.depth, filters=filters)
    written: list[Path] = []
    notes: list[str] = []
    for name in options.views if (map_formats or text_formats) else ():
        view = build_view(graph, replace(base, name=name), annotations)
        notes.extend(f"{name} view: {note}" for note in view.notes)
        try:
            if "mermaid" in text_formats:
                from infra2arch.render import mermaid

                written.extend(mermaid.render(view, ensure_directory(outputs.directory), name))
            if "drawio" in text_formats:
                from infra2arch.render import drawio

                written.extend(drawio.render(view, ensure_directory(outputs.directory), name,
                                             timeout=options.layout_timeout))
            if map_formats:
                result = diagrams_map.render(view, map_formats, ensure_directory(outputs.directory), name,
                                             timeout=options.layout_timeout)
                written.extend(result.files)
                notes.extend(f"{name} view: {note}" for note in result.notes)
        except MissingComponent as exc:
            return written, notes, exc
    if explorer:
        from infra2arch.render import html

        try:
            made = html.render(graph, annotations, base, ensure_directory(outputs.directory), "map",
                               timeout=options.layout_timeout)
        except MissingComponent as exc:
            return written, notes, exc
        written.extend(made.files)
        notes.extend(f"explorer: {note}" for note in made.notes)
    return written, notes, None
