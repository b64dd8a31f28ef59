"""The terminal summary after a scan: counts first, every gap with -v."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from infra2arch.model import Graph
from infra2arch.render.graph_json import summary_counts

# control characters and bidirectional overrides in names or tags must not reach the terminal raw
_UNSAFE = {c: f"\\x{c:02x}" for c in list(range(0x20)) + list(range(0x7F, 0xA0))}
_UNSAFE.update({c: f"\\u{c:04x}" for c in (0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                                            0x2066, 0x2067, 0x2068, 0x2069, 0x061C)})


def safe(text: object) -> str:
    """Text for the terminal: control and bidi characters shown as escapes, rich markup disabled."""
    return escape(str(text).translate(_UNSAFE))


def print_summary(graph: Graph, written: Sequence[Path], verbose: bool, seconds: float,
                  console: Console | None = None, notes: Sequence[str] = ()) -> None:
    console = console or Console(highlight=False, soft_wrap=True)
    counts = summary_counts(graph)
    scanned = graph.scanned
    target = scanned.get("target", "?")
    kind = scanned.get("kind", "?")
    files = len(scanned.get("files", []) or [])
    modules = sum(1 for m in graph.modules if m.loaded)
    console.print(f"[bold]Scanned[/bold] {safe(str(target))} ({kind}: {files} files, "
                  f"{modules} module instance{'s' if modules != 1 else ''}) in {seconds:.2f} s")
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
    for note in notes:
        console.print(f"[bold]Note[/bold] {safe(note)}")
    for path in written:
        console.print(f"Wrote {safe(str(path))}")
