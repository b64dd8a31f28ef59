"""The command line: `infra2arch scan terraform DIR`, and friends.

Errors the user can fix print one line and exit non-zero; nothing prints a traceback unless
INFRA2ARCH_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Sequence

from infra2arch import __version__
from infra2arch.errors import Infra2ArchError, UserError

EXIT_OK = 0
EXIT_INTERNAL = 1


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2 (argparse's own convention)
        self.print_usage(sys.stderr)
        raise UserError(message)


def build_parser() -> argparse.ArgumentParser:
    from infra2arch import providers
    from infra2arch.pipeline import known_formats

    parser = _ArgumentParser(prog="infra2arch", description=(
        "Turn AI/ML cloud infrastructure into architecture maps people can trust."))
    parser.add_argument("--version", action="version", version=f"infra2arch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)

    scan = commands.add_parser("scan", help="scan infrastructure into a resource graph")
    sources = scan.add_subparsers(dest="source", metavar="SOURCE", parser_class=_ArgumentParser)
    installed, broken = providers.load_all()
    for name, provider in _source_order(installed):
        source = sources.add_parser(name, help=provider.help)
        provider.add_arguments(source)
        _add_output_options(source, formats=known_formats())
        _add_annotation_options(source)
    for name in sorted(set(providers.known_names()) - set(installed)):  # named in the docs, not installed here
        sources.add_parser(name, help=f"(not installed) {broken.get(name, providers.install_hint(name))}")

    render = commands.add_parser("render", help="draw maps from a graph JSON written by scan")
    render.add_argument("graph", help="a graph.json written by `infra2arch scan`")
    _add_output_options(render, formats=known_formats(), default_format="png,svg,html")
    _add_annotation_options(render)

    commands.add_parser("providers", help="list the installed adapters")
    _add_report_parser(commands)
    _add_diff_parser(commands)
    return parser


def _add_diff_parser(commands) -> None:
    diff = commands.add_parser("diff", help="what changed between two scans (a pull request against its base branch)")
    diff.add_argument("old", metavar="OLD", help="the earlier graph.json (or the scan's output folder)")
    diff.add_argument("new", metavar="NEW", help="the later graph.json (or the scan's output folder)")
    diff.add_argument("--format", default="text", choices=("text", "md", "json"),
                      help="text for the terminal, md for a pull-request comment, json (default: text)")
    diff.add_argument("-o", "--output", metavar="FILE", help="write there instead of standard output")
    diff.add_argument("--fail-on", metavar="SEVERITY", choices=("critical", "high", "medium", "low", "info"),
                      help="exit 4 when a finding at or above this severity was opened")
    diff.add_argument("--fail-on-exposure", action="store_true",
                      help="exit 4 when a workload became reachable from the internet")
    diff.add_argument("--map", metavar="FILE", help="also draw the change map (FILE.png, .svg or .dot): what was added "
                                                    "or changed in NEW, marked, with what it connects to")
    diff.add_argument("-v", "--verbose", action="store_true", help="list every change (text and md list 25 per section)")


def _add_report_parser(commands) -> None:
    report = commands.add_parser("report", help="compliance report with the maps attached (HTML, PDF, Markdown, manifest)")
    report.add_argument("path", metavar="PATH", help="a graph.json written by `infra2arch scan`, or the scan's output folder")
    report.add_argument("-o", "--output", default="infra2arch-report", metavar="DIR",
                        help="directory for report.html/.pdf/.md, maps/ and manifest.json (default: ./infra2arch-report)")
    report.add_argument("--format", default="html,pdf,md", metavar="FORMATS", help="comma-separated: html, pdf, md (default: all)")
    report.add_argument("--framework", action="append", metavar="NAME",
                        help="soc2, iso27001, pci-dss, hipaa, eu-ai-act, nist-ai-rmf (repeatable or comma-separated; default: all)")
    report.add_argument("--title", help="report title (default: the system name and 'architecture and compliance evidence')")
    report.add_argument("--system", help="system name on the cover (default: the scanned directory's name)")
    report.add_argument("--previous", metavar="OLD_GRAPH_JSON", help="an earlier graph.json: the report lists the changes since")
    report.add_argument("--page-size", default="a4", choices=("a4", "letter"), help="PDF page size (default: a4)")
    report.add_argument("--config", metavar="FILE", help="re-annotate with this project configuration (waivers, zones, prices)")
    report.add_argument("--fail-on", metavar="SEVERITY", choices=("critical", "high", "medium", "low", "info"),
                        help="exit 4 when an unwaived failing finding at or above this severity is present")
    report.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def _require_installed_source(argv: list[str]) -> None:
    """`scan gcp --project p` without the gcp adapter: say what to install, not that --project is unknown."""
    from infra2arch import providers

    if len(argv) >= 2 and argv[0] == "scan" and argv[1] in providers.known_names() \
            and argv[1] not in providers.available():
        providers.load(argv[1])  # raises MissingComponent with the install hint


def _source_order(installed: dict) -> list:
    """Terraform first (the common case), then the clouds in alphabetical order."""
    return sorted(installed.items(), key=lambda item: (item[0] != "terraform", item[0]))


def _add_annotation_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("zones, findings, cost and latency")
    group.add_argument("--config", metavar="FILE",
                       help="project configuration (zone overrides, waivers, price and usage files); "
                            "default: infra2arch.yaml in the scanned directory")
    group.add_argument("--prices", metavar="FILE", help="a price file that overrides the bundled price book")
    group.add_argument("--usage", metavar="FILE", help="usage per resource address for usage-based costs (YAML)")
    group.add_argument("--fail-on", metavar="SEVERITY", choices=("critical", "high", "medium", "low", "info"),
                       help="exit 4 when an unwaived failing finding at or above this severity is present (for CI)")


def _add_output_options(parser: argparse.ArgumentParser, formats: Sequence[str],
                        default_format: str = "json,png,svg,html") -> None:
    parser.add_argument("-o", "--output", default="infra2arch-out", metavar="DIR",
                        help="directory for the outputs (default: ./infra2arch-out)")
    parser.add_argument("--format", default=default_format, metavar="FORMATS",
                        help=f"comma-separated: {', '.join(formats)} (default: {default_format})")
    maps = parser.add_argument_group("maps")
    maps.add_argument("--view", action="append", metavar="NAME",
                      help="engineering (default), overview, security, cost or executive; repeat for several "
                           "maps (the explorer, --format html, always holds every view)")
    maps.add_argument("--budget", type=int, default=60, metavar="N",
                      help="most nodes a map draws before it collapses instances and siblings (default: 60)")
    maps.add_argument("--group-by", default="network", choices=("network", "module", "zone"),
                      help="nest nodes by network (account/region/VPC/subnet), Terraform module or security zone")
    maps.add_argument("--focus", metavar="ADDRESS", help="draw one resource and its neighbours")
    maps.add_argument("--depth", type=int, default=1, metavar="N", help="hops around --focus (default: 1)")
    maps.add_argument("--filter", action="append", default=[], metavar="KEY=PATTERN",
                      help="keep resources matching type=GLOB, module=ADDRESS, tag=KEY[=VALUE] or address=GLOB (repeatable)")
    maps.add_argument("--show", action="append", default=[], metavar="WHAT",
                      help="also draw: depends (ordering edges); iam, encrypts, logs (hidden on maps over 40 nodes); "
                           "latency (the request paths with their latency estimates)")
    maps.add_argument("--layout-timeout", type=float, default=60.0, metavar="SECONDS",
                      help="give Graphviz this long before falling back to simpler edge routing (default: 60)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every gap with its reason")
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def run() -> None:
    """The console entry point: :func:`main`, then leave without tearing the heap down.

    A scan of a large estate holds hundreds of megabytes of small objects; freeing them one by one
    at interpreter exit took ~1.3 s after a 10,000-resource scan, longer than writing graph.json.
    The output is flushed and background cache writes are waited for first (nothing else registers
    exit handlers that matter here); then the process ends with main's exit code. The cyclic
    collector stays off (see gc_policy): its first run after a scan walked every object the scan
    made (0.9 s after 10,000 resources) just before the process ended anyway."""
    gc.disable()
    try:
        code = main()
    except SystemExit as exc:   # argparse's --help and usage errors
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            code = 1
        else:
            code = exc.code or 0
    from infra2arch import background

    background.wait()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):   # a closed pipe (`infra2arch … | head`): nothing more to say
            pass
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        _require_installed_source(list(sys.argv[1:] if argv is None else argv))
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_OK
        if args.command == "providers":
            return _providers()
        if args.command == "scan":
            if args.source is None:
                raise UserError("scan what? e.g. `infra2arch scan terraform DIR`")
            return _scan(args)
        if args.command == "render":
            return _render(args)
        if args.command == "report":
            return _report(args)
        if args.command == "diff":
            return _diff(args)
        raise UserError(f"unknown command {args.command!r}")
    except Infra2ArchError as exc:
        print(f"infra2arch: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("infra2arch: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback for the user; the debug switch shows it
        if os.environ.get("INFRA2ARCH_DEBUG"):
            raise
        print(f"infra2arch: internal error: {type(exc).__name__}: {exc} "
              "(set INFRA2ARCH_DEBUG=1 for the traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL


def _providers() -> int:
    from infra2arch import providers

    found = providers.available()
    if not found:
        print("no adapters installed")
    for name, entry in found.items():
        print(f"{name}\t{entry.value}")
    return EXIT_OK


def _output_options(args: argparse.Namespace, formats: Sequence[str], use_cache: bool = True):
    from infra2arch.pipeline import MapOptions, OutputOptions, parse_show

    maps = MapOptions(views=tuple(args.view or ["engineering"]), budget=args.budget, group_by=args.group_by,
                      show=parse_show(args.show), focus=args.focus, depth=args.depth, filters=tuple(args.filter),
                      layout_timeout=args.layout_timeout)
    return OutputOptions(directory=Path(args.output), formats=tuple(formats), maps=maps, use_cache=use_cache)


def _annotation_options(args: argparse.Namespace):
    from infra2arch.pipeline import AnnotationOptions

    return AnnotationOptions(config=args.config, prices=args.prices, usage=args.usage)


def _progress(args: argparse.Namespace, label: str):
    if args.quiet or not sys.stderr.isatty():
        return None

    def progress(stage: str, done: int, total: int) -> None:
        counted = f"{done:,}/{total:,}" if total else f"{done:,}"
        print(f"\r\033[K  {label}: {stage} {counted}…", end="", file=sys.stderr, flush=True)
    return progress


def _scan(args: argparse.Namespace) -> int:
    from infra2arch import pipeline, providers

    provider = providers.load(args.source)
    if not hasattr(provider, "request"):
        raise UserError(f"the {args.source!r} adapter is too old for this infra2arch: reinstall it")
    formats = pipeline.parse_formats(args.format)
    progress = _progress(args, args.source)
    request = provider.request(args, progress)
    use_cache = not getattr(args, "no_cache", False)
    try:
        outcome = pipeline.scan(provider, request, _output_options(args, formats, use_cache), _annotation_options(args))
    finally:
        if progress is not None:
            print("\r\033[K", end="", file=sys.stderr, flush=True)
    _print_outcome(outcome, args)
    if outcome.missing is not None:
        raise outcome.missing
    return _fail_on(args, outcome)


def _print_outcome(outcome, args: argparse.Namespace) -> None:
    if args.quiet:
        return
    from rich.console import Console

    from infra2arch.summary import header_line, print_tail, summary_body

    console = Console(highlight=False, soft_wrap=True)
    cached = outcome.cached
    if cached is not None:
        console.print(header_line(cached["scanned"], cached["modules"], outcome.seconds, cached=True))
        lines = cached["summary"][bool(args.verbose)]
    else:
        graph = outcome.graph
        console.print(header_line(dict(graph.scanned), sum(1 for m in graph.modules if m.loaded), outcome.seconds))
        lines = summary_body(graph, args.verbose, outcome.annotations)
    for line in lines:
        console.print(line)
    print_tail(console, outcome.notes, outcome.written)


EXIT_FINDINGS = 4


def _fail_on(args: argparse.Namespace, outcome) -> int:
    if not args.fail_on:
        return EXIT_OK
    from infra2arch.pipeline import failing_rules

    failures = failing_rules(outcome.annotations, args.fail_on, outcome.cached)
    if failures:
        print(f"infra2arch: unwaived findings at or above {args.fail_on}: " + ", ".join(failures[:10]), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from infra2arch import pipeline
    from infra2arch.render import graph_json

    formats = [f for f in pipeline.parse_formats(args.format) if f != "json"] or ["png", "svg"]
    path = Path(args.graph)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        graph, annotations = graph_json.loads_with_annotations(text)
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(f"{path}: not an infra2arch graph JSON ({exc})") from None
    outcome = pipeline.render(graph, annotations, _output_options(args, formats), _annotation_options(args))
    if outcome.missing is not None:
        raise outcome.missing
    _print_outcome(outcome, args)
    return _fail_on(args, outcome)


def _report(args: argparse.Namespace) -> int:
    from infra2arch import report

    result = report.build(args.path, args.output, formats=args.format, frameworks=args.framework, title=args.title,
                          system=args.system, previous=args.previous, page_size=args.page_size, fail_on=args.fail_on,
                          config=args.config)
    if not args.quiet:
        for note in result.notes:
            print(f"  note: {note}")
        shown = [p for p in result.files if p.parent.name != "maps"] + [result.manifest]
        print(f"report written in {result.seconds:.1f} s: " + ", ".join(str(p) for p in shown)
              + f" (+{len(result.files) - len(shown) + 1} maps)")
    if result.failing:
        print(f"infra2arch: {len(result.failing)} unwaived finding(s) at or above {args.fail_on}: "
              + ", ".join(sorted({f.split(' ', 1)[0] for f in result.failing})[:10]), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from infra2arch import diff as changes
    from infra2arch.pipeline import AnnotationOptions, annotate, write_bytes
    from infra2arch.redact import scrub_text
    from infra2arch.report import read_graph
    from infra2arch.summary import safe

    loaded = []
    for given in (args.old, args.new):
        path, graph, annotations = read_graph(Path(given))
        if annotations is None:     # a graph written without annotations: annotate it as the scan would
            annotations = annotate(graph, AnnotationOptions(), None)
        loaded.append((given, graph, annotations))
    result = changes.compare(*loaded[0], *loaded[1])
    if args.format == "json":
        text = scrub_text(changes.to_json(result))
    elif args.format == "md":
        text = scrub_text(changes.markdown(result, args.verbose))
    else:
        text = scrub_text("\n".join(changes.text_lines(result, args.verbose)) + "\n")
    if args.output:
        write_bytes(Path(args.output), text.encode("utf-8"))
    elif args.format == "text":
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        for line in text.splitlines():
            console.print(safe(line))
    else:
        sys.stdout.write(text)
    if args.map:
        _change_map(Path(args.map), loaded[1][1], loaded[1][2], result)
    code = EXIT_OK
    if args.fail_on and result.opened_at_or_above(args.fail_on):
        found = result.opened_at_or_above(args.fail_on)
        print(f"infra2arch: {len(found)} finding(s) at or above {args.fail_on} opened: "
              + ", ".join(sorted({o.rule_id for o in found})[:10]), file=sys.stderr)
        code = EXIT_FINDINGS
    if args.fail_on_exposure and result.newly_exposed:
        print(f"infra2arch: {len(result.newly_exposed)} workload(s) newly reachable from the internet: "
              + ", ".join(safe(e.asset) for e in result.newly_exposed[:5]), file=sys.stderr)
        code = EXIT_FINDINGS
    return code


def _change_map(target: Path, graph, annotations, result) -> None:
    from infra2arch.render import diagrams_map
    from infra2arch.views.changes import change_view

    fmt = target.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg", "dot"):
        raise UserError(f"--map {target}: name a .png, .svg or .dot file")
    view = change_view(graph, annotations, result)
    if view is None:
        print(f"infra2arch: no change map: nothing was added or changed in {result.new}", file=sys.stderr)
        return
    diagrams_map.render(view, [fmt], target.parent if str(target.parent) else Path("."), target.stem)
