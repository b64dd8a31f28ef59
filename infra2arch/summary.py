"""The terminal summary after a scan: counts first, every gap with -v."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from infra2arch.model import GapKind, Graph
from infra2arch.redact import scrub_text
from infra2arch.render.graph_json import summary_counts

# control characters and bidirectional overrides in names or tags must not reach the terminal raw
_UNSAFE = {c: f"\\x{c:02x}" for c in list(range(0x20)) + list(range(0x7F, 0xA0))}
_UNSAFE.update({c: f"\\u{c:04x}" for c in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                            0x2066, 0x2067, 0x2068, 0x2069, 0x061C)})


def safe(text: object) -> str:
    """Text for the terminal: credentials masked, control and bidi characters shown as escapes,
    rich markup disabled."""
    return escape(scrub_text(str(text)).translate(_UNSAFE))


class Collector:
    """Stands in for a Console: keeps the markup lines (tables rendered to text) so that a cached
    scan can print exactly the same summary without the graph."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def print(self, item: object = "") -> None:
        if isinstance(item, str):
            self.lines.append(item)
            return
        import io

        buffer = Console(file=io.StringIO(), width=100, highlight=False, color_system=None, record=True)
        buffer.print(item)
        self.lines.extend(escape(line) for line in buffer.export_text().rstrip("\n").splitlines())


def header_line(scanned: dict, modules: int, seconds: float, cached: bool = False) -> str:
    target = scanned.get("target", "?")
    kind = scanned.get("kind", "?")
    files = len(scanned.get("files", []) or [])
    if "api_calls" in scanned and not files:   # a live scan: what was asked, not files read
        what = f"{scanned['api_calls']} API calls, {len(scanned.get('regions') or [])} regions"
    else:
        what = f"{files} files, {modules} module instance{'s' if modules != 1 else ''}"
    return (f"[bold]Scanned[/bold] {safe(str(target))} ({kind}: {what}) in {seconds:.2f} s"
            + (" (nothing changed since the last scan: cached result)" if cached else ""))


def summary_body(graph: Graph, verbose: bool, annotations=None) -> list[str]:
    """The summary after the header line, as rich markup lines."""
    collector = Collector()
    _body(collector, graph, verbose, annotations)  # type: ignore[arg-type]
    return collector.lines


def print_summary(graph: Graph, written: Sequence[Path], verbose: bool, seconds: float,
                  console: Console | None = None, notes: Sequence[str] = (), annotations=None) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    modules = sum(1 for m in graph.modules if m.loaded)
    console.print(header_line(dict(graph.scanned), modules, seconds))
    for line in summary_body(graph, verbose, annotations):
        console.print(line)
    print_tail(console, notes, written)


def print_tail(console: Console, notes: Sequence[str], written: Sequence[Path]) -> None:
    for note in notes:
        console.print(f"[bold]Note[/bold] {safe(note)}")
    for path in written:
        console.print(f"Wrote {safe(str(path))}")
    explorer = next((p for p in written if p.suffix == ".html"), None)
    if explorer is not None and console.is_terminal:  # a clickable link where the terminal supports it
        url = explorer.resolve().as_uri()
        console.print(f"Open the explorer: [link={url}]{safe(url)}[/link]")


def _body(console: Console, graph: Graph, verbose: bool, annotations) -> None:
    counts = summary_counts(graph)
    providers = ", ".join(f"{k} {v}" for k, v in counts["by_provider"].items()) or "none"
    console.print(f"[bold]Resources[/bold] {counts['resources']} ({safe(providers)}); "
                  f"{counts['folded']} configuration resources folded into their parents")
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("category")
    table.add_column("count", justify="right")
    for category, count in sorted(counts["by_category"].items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(safe(category), str(count))
    console.print(table)
    relations = ", ".join(f"{k} {v}" for k, v in counts["by_relation"].items()) or "none"
    console.print(f"[bold]Edges[/bold] {counts['edges']} ({relations}); {counts['inferred_edges']} inferred from values; "
                  f"{len(graph.containment)} containment links")
    if graph.not_created:
        modules = sum(1 for n in graph.not_created if n.kind == "module")
        blocks = len(graph.not_created) - modules
        console.print(f"[bold]Not created[/bold] {blocks} resource block{'s' if blocks != 1 else ''} and {modules} "
                      f"module call{'s' if modules != 1 else ''} declared with no instances (count = 0, empty "
                      "for_each); graph.json lists each under not_created" + ("" if verbose else " (-v: here)"))
        if verbose:
            for item in graph.not_created:
                inside = f"; inside: {len(item.inside)} blocks" if item.inside else ""
                console.print(f"  {safe(item.address)}: {safe(item.reason)} ({safe(item.expression)}, "
                              f"{safe(item.source.label())}{inside})")
    if graph.gaps:
        kinds = ", ".join(f"{k} {v}" for k, v in counts["gaps_by_kind"].items())
        console.print(f"[bold yellow]Gaps[/bold yellow] {len(graph.gaps)} ({safe(kinds)})"
                      + ("" if verbose else " — run with -v for each reason"))
        if verbose:
            for gap in graph.gaps:
                where = gap.source.label() if (gap.source.file or gap.source.api) else ""
                console.print(f"  {safe('[' + gap.kind.value + ']')} {safe(gap.subject)}: {safe(gap.reason)}"
                              + (f" ({safe(where)})" if where else ""))
    else:
        console.print("[bold green]Gaps[/bold green] none: every resource was read and resolved")
    for hint in filter(None, (read_root_hint(graph), not_vendored_hint(graph))):
        console.print(f"[bold yellow]Not read[/bold yellow] {safe(hint)}")
    if annotations is not None:
        _print_annotations(console, annotations, verbose, graph)


_SEVERITY_STYLE = {"critical": "bold red", "high": "red", "medium": "yellow", "low": "cyan", "info": "dim"}


def _print_annotations(console: Console, annotations, verbose: bool, graph: Graph | None = None) -> None:
    from infra2arch.annotate.model import Result

    assets = sorted({e.asset for e in annotations.exposures})
    shown = ", ".join(safe(a) for a in assets[:4]) + (f" +{len(assets) - 4} more" if len(assets) > 4 else "")
    console.print(f"[bold]Exposure[/bold] {len(assets)} workload{'s' if len(assets) != 1 else ''} reachable from the "
                  f"internet{': ' + shown if assets else ''}; "
                  f"{len(annotations.crossings)} zone boundary crossings, "
                  f"{sum(1 for c in annotations.crossings if c.control is None)} with no control found")
    if verbose:
        for exposure in annotations.exposures:
            console.print(f"  {safe(' → '.join(exposure.path))}"
                          + (f" port {safe(exposure.ports)}" if exposure.ports else "")
                          + f": {safe(exposure.reason)}" + (f" (control: {safe(exposure.control)})"
                                                             if exposure.control else ""))
    failures = [f for f in annotations.findings if f.result == Result.FAIL]
    waived = [f for f in failures if f.waiver is not None and not f.waiver.expired]
    unknown = [f for f in annotations.findings if f.result == Result.UNKNOWN]
    by_severity: dict[str, int] = {}
    for finding in failures:
        if finding not in waived:
            by_severity[finding.severity.value] = by_severity.get(finding.severity.value, 0) + 1
    counts = ", ".join(f"{by_severity[s]} {s}" for s in ("critical", "high", "medium", "low", "info") if s in by_severity)
    console.print(f"[bold]Findings[/bold] {len(failures) - len(waived)} failing ({counts or 'none'}), "
                  f"{len(waived)} waived, {len(unknown)} unknown, "
                  f"{sum(1 for f in annotations.findings if f.result == Result.PASS)} passing")
    ranked = sorted((f for f in failures if f not in waived), key=lambda f: (-f.severity.rank, f.rule_id, f.address))
    for finding in ranked if verbose else ranked[:5]:
        style = _SEVERITY_STYLE.get(finding.severity.value, "")
        console.print(f"  [{style}]{finding.severity.value:8}[/{style}] {safe(finding.rule_id)} {safe(finding.address)}: "
                      f"{safe(finding.title)} ({safe(finding.source.label())})")
    if len(ranked) > 5 and not verbose:
        console.print(f"  … {len(ranked) - 5} more (-v lists all; graph.json has every result)")
    for finding in waived:
        console.print(f"  [dim]waived[/dim]   {safe(finding.rule_id)} {safe(finding.address)}: {safe(finding.waiver.reason)}"
                      + (f" (until {finding.waiver.expires})" if finding.waiver.expires else ""))
    total = next((r for r in annotations.rollups if r.group_kind == "total"), None)
    book = (annotations.meta or {}).get("price_book", {})
    if total is not None:
        from infra2arch.annotate.cost.rollup import total_text

        not_loaded = sum(1 for m in graph.modules if not m.loaded) if graph is not None else 0
        console.print(f"[bold]Cost[/bold] {safe(total_text(annotations.rollups, not_loaded=not_loaded))} "
                      f"(price book {safe(book.get('version', '?'))}, as of {safe(book.get('as_of', '?'))})")
        top = sorted(((c.monthly, a) for a, c in annotations.costs.items() if c.monthly > 0), reverse=True)[:5]
        for monthly, address in top:
            console.print(f"  ${monthly:>10,.2f}  {safe(address)}")
    for path in annotations.paths:
        span = f"{path.low_ms:g}–{path.high_ms:g} ms" if path.low_ms is not None and path.high_ms is not None else "unknown"
        console.print(f"[bold]Request path[/bold] {safe(' → '.join(path.hops))}: about {span} ({safe(path.serving)}, estimate)")
        if path.note:
            note = path.note if verbose or len(path.note) <= 160 else path.note[:159] + "… (-v for the parts)"
            console.print(f"  {safe(note)}")


def read_root_hint(graph: Graph) -> str | None:
    """What to type to read the local modules a scan left out because they sit outside the read
    root: a module's example scanned from a download (no git work tree, so the read root is the
    directory itself) calls ``../..`` and draws next to nothing. The directory named is the
    narrowest that holds the scanned directory and every such module, written from the target as
    typed (deterministic: the same scan prints the same hint)."""
    target = dict(graph.scanned).get("target")
    if dict(graph.scanned).get("kind") != "terraform" or not isinstance(target, str):
        return None
    outside = {g.subject for g in graph.gaps if g.kind == GapKind.OUTSIDE_READ_ROOT and g.subject.startswith("module.")}
    top = os.path.realpath(target)
    resolved = []
    for module in graph.modules:
        if module.address not in outside or module.loaded or not module.source.startswith(("./", "../")):
            continue
        calling = os.path.dirname(module.location.file or "")
        resolved.append(os.path.realpath(os.path.join(top, calling, module.source)))
    if not resolved:
        return None
    wider = os.path.commonpath([top, *resolved])
    typed = os.path.normpath(os.path.join(target, os.path.relpath(wider, top)))
    count = len(resolved)
    return (f"{count} local module call{'s' if count != 1 else ''} point{'s' if count == 1 else ''} outside the read root, "
            f"so {'its' if count == 1 else 'their'} resources are not drawn; to read "
            f"{'it' if count == 1 else 'them'}, scan again with --read-root {typed}")


def not_vendored_hint(graph: Graph) -> str | None:
    """Registry and git modules are read from .terraform/modules, which ``terraform init`` fills."""
    target = dict(graph.scanned).get("target")
    count = sum(1 for g in graph.gaps if g.kind == GapKind.MODULE_NOT_VENDORED)
    if dict(graph.scanned).get("kind") != "terraform" or not count or not isinstance(target, str):
        return None
    return (f"{count} registry or git module call{'s are' if count != 1 else ' is'} not downloaded, so "
            f"{'their' if count != 1 else 'its'} resources are not drawn; run `terraform init` (or `terraform get`) "
            f"in {target}, then scan again")
