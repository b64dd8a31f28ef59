"""The command line: `infra2arch scan terraform DIR`, and friends.

Errors the user can fix print one line and exit non-zero; nothing prints a traceback unless
INFRA2ARCH_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
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


class _OrderedValues(argparse.Action):
    """Keeps --var and --var-file in the order given: later ones win, as in Terraform."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(("file" if option_string == "--var-file" else "var", values))
        setattr(namespace, self.dest, items)


def build_parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="infra2arch", description=(
        "Turn AI/ML cloud infrastructure into architecture maps people can trust."))
    parser.add_argument("--version", action="version", version=f"infra2arch {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)

    scan = commands.add_parser("scan", help="scan infrastructure into a resource graph")
    sources = scan.add_subparsers(dest="source", metavar="SOURCE", parser_class=_ArgumentParser)
    terraform = sources.add_parser("terraform", help="a Terraform root module directory (offline)")
    terraform.add_argument("directory", help="the root module: the directory you would run terraform plan in")
    terraform.add_argument("--var", dest="variables", action=_OrderedValues, metavar="NAME=VALUE",
                           help="set a root variable (repeatable; as terraform -var)")
    terraform.add_argument("--var-file", dest="variables", action=_OrderedValues, metavar="FILE",
                           help="read variables from a .tfvars or .tfvars.json file (repeatable)")
    terraform.add_argument("--workspace", default="default", help="value of terraform.workspace (default: default)")
    terraform.add_argument("--no-cache", action="store_true", help="do not read or write the scan cache")
    _add_output_options(terraform)
    _add_annotation_options(terraform)

    aws = sources.add_parser("aws", help="a live AWS account (SageMaker and what surrounds it), read-only")
    aws.add_argument("--profile", help="AWS profile (default: the standard credential chain)")
    aws.add_argument("--region", dest="regions", action="append", metavar="REGION",
                     help="region to scan (repeatable); `all` for every enabled region (default: the profile's region)")
    aws.add_argument("--role-arn", help="assume this role first (cross-account audits)")
    aws.add_argument("--org", dest="org_role_name", metavar="ROLE_NAME",
                     help="walk every AWS Organizations account by assuming this role name in each")
    aws.add_argument("--endpoint-url", help="send every API call here (a private endpoint, LocalStack, a moto server); "
                                            "AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too")
    aws.add_argument("--max-workers", type=int, default=8, help="concurrent API calls (default: 8)")
    aws.add_argument("--max-attempts", type=int, default=5,
                     help="attempts per API call with adaptive backoff on throttling (default: 5)")
    aws.add_argument("--recent-jobs-days", type=int, default=30, help="training/processing jobs of the last N days (default: 30)")
    _add_output_options(aws)
    _add_annotation_options(aws)

    render = commands.add_parser("render", help="draw maps from a graph JSON written by scan")
    render.add_argument("graph", help="a graph.json written by `infra2arch scan`")
    _add_output_options(render, default_format="png,svg")
    _add_annotation_options(render)

    commands.add_parser("providers", help="list the installed adapters")
    return parser


def _add_annotation_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("zones, findings, cost and latency")
    group.add_argument("--config", metavar="FILE",
                       help="project configuration (zone overrides, waivers, price and usage files); "
                            "default: infra2arch.yaml in the scanned directory")
    group.add_argument("--prices", metavar="FILE", help="a price file that overrides the bundled price book")
    group.add_argument("--usage", metavar="FILE", help="usage per resource address for usage-based costs (YAML)")
    group.add_argument("--fail-on", metavar="SEVERITY", choices=("critical", "high", "medium", "low", "info"),
                       help="exit 4 when an unwaived failing finding at or above this severity is present (for CI)")


def _add_output_options(parser: argparse.ArgumentParser, default_format: str = "json") -> None:
    parser.add_argument("-o", "--output", default="infra2arch-out", metavar="DIR",
                        help="directory for the outputs (default: ./infra2arch-out)")
    parser.add_argument("--format", default=default_format, metavar="FORMATS",
                        help=f"comma-separated: json, png, svg, pdf, dot (default: {default_format})")
    maps = parser.add_argument_group("maps")
    maps.add_argument("--view", action="append", metavar="NAME",
                      help="engineering (default), overview, security or cost; repeat for several maps")
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
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


def _formats(text: str) -> list[str]:
    known = ("json", "png", "svg", "pdf", "dot")
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in known:
            raise UserError(f"--format {fmt!r}: known formats are {', '.join(known)}")
    return formats or ["json"]


def _scan(args: argparse.Namespace) -> int:
    from infra2arch import providers
    from infra2arch.graph import build_graph
    from infra2arch.summary import print_summary

    formats = _formats(args.format)
    started = time.perf_counter()
    provider = providers.load(args.source)
    output_key = None
    if args.source == "terraform":
        from infra2arch_terraform.adapter import TerraformOptions

        progress = None
        if not args.quiet and sys.stderr.isatty():
            def progress(stage: str, done: int, total: int) -> None:
                print(f"\r  scanning {args.directory}: {stage} {done:,}…   ", end="", file=sys.stderr, flush=True)
        options = TerraformOptions(variables=tuple(args.variables or ()), workspace=args.workspace,
                                   use_cache=not args.no_cache, progress=progress)
        cacheable = not args.no_cache and set(formats) <= {"json"}
        if cacheable:
            fingerprint = provider.fingerprint(args.directory, options)
            output_key = _output_key(fingerprint, args) if fingerprint else None
            if output_key is not None and _replay(output_key, args, started):
                return _replay_fail_on(output_key, args)
        inventory = provider.scan(args.directory, options)
        if progress:
            print("\r\033[K", end="", file=sys.stderr)
        inventory = _with_target(inventory, args.directory)
    elif args.source == "aws":
        from infra2arch_aws.adapter import AwsOptions

        regions = tuple(r for item in (args.regions or []) for r in item.split(",") if r)
        aws_progress = None
        if not args.quiet and sys.stderr.isatty():
            def aws_progress(stage: str, done: int, total: int) -> None:
                print(f"\r  {stage}: {done}/{total}…   ", end="", file=sys.stderr, flush=True)
        options = AwsOptions(profile=args.profile, regions=regions, role_arn=args.role_arn,
                             org_role_name=args.org_role_name, endpoint_url=args.endpoint_url,
                             max_workers=max(1, args.max_workers), max_attempts=max(1, args.max_attempts),
                             recent_jobs_days=args.recent_jobs_days,
                             progress=aws_progress)
        inventory = provider.scan("aws", options)
        if aws_progress:
            print("\r", end="", file=sys.stderr)
        args.directory = None
    else:  # pragma: no cover - other adapters arrive with their issues
        inventory = provider.scan(args.directory)
    graph = build_graph(inventory)
    annotations = _annotate(graph, args, scanned_dir=args.directory)
    written = _write(graph, Path(args.output), ["json"] if "json" in formats else [], annotations)
    maps, notes, missing = _maps(graph, args, formats, annotations)
    if not args.quiet:
        print_summary(graph, written + maps, verbose=args.verbose, seconds=time.perf_counter() - started,
                      notes=notes, annotations=annotations)
    if missing is not None:
        raise missing
    if args.source == "terraform" and not args.no_cache and set(formats) <= {"json"}:
        fingerprint = provider.fingerprint(args.directory, options)
        if fingerprint:
            _store_outputs(_output_key(fingerprint, args), graph, annotations, written)
    return _fail_on(args, annotations)


# ------------------------------------------------------------------------------ output cache
# When nothing the scan read has changed, graph.json and the summary are the same bytes as last
# time: keep them, so that a repeated scan costs a hash check instead of a rebuild.


def _output_key(fingerprint: str, args: argparse.Namespace) -> str:
    import datetime
    import hashlib

    from infra2arch_terraform.adapter import _package_fingerprint

    material = [fingerprint, args.directory, _package_fingerprint(), datetime.date.today().isoformat()]
    for name in ("config", "prices", "usage"):
        value = getattr(args, name, None)
        material.append(_file_digest(value) if value else "")
    from infra2arch.config import CONFIG_NAMES

    for name in CONFIG_NAMES:  # the config file found in the scanned directory
        material.append(_file_digest(str(Path(args.directory) / name)))
    return hashlib.sha256("\0".join(material).encode()).hexdigest()


def _file_digest(path: str) -> str:
    import hashlib

    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "absent"


def _outputs_dir() -> Path:
    from infra2arch_terraform.adapter import default_cache_dir

    return default_cache_dir() / "outputs"


def _store_outputs(key: str, graph, annotations, written: list[Path]) -> None:
    import pickle

    from infra2arch.annotate.model import Severity
    from infra2arch.annotate.pipeline import failing
    from infra2arch.summary import summary_body

    json_path = next((p for p in written if p.name == "graph.json"), None)
    entry = {
        "json": json_path.read_bytes() if json_path else None,
        "scanned": dict(graph.scanned),
        "modules": sum(1 for m in graph.modules if m.loaded),
        "summary": {False: summary_body(graph, False, annotations), True: summary_body(graph, True, annotations)},
        "failing": {s.value: sorted({f.rule_id for f in failing(annotations, s)}) for s in Severity} if annotations else {},
    }
    path = _outputs_dir() / f"{key}.pickle"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _load_outputs(key: str) -> dict | None:
    import pickle

    try:
        with open(_outputs_dir() / f"{key}.pickle", "rb") as handle:
            entry = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return entry if isinstance(entry, dict) and entry.get("json") is not None else None


def _replay(key: str, args: argparse.Namespace, started: float) -> bool:
    from rich.console import Console

    from infra2arch.summary import header_line, print_tail

    entry = _load_outputs(key)
    if entry is None:
        return False
    output = Path(args.output)
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create output directory {output}: {exc.strerror or exc}") from None
    path = output / "graph.json"
    _write_bytes(path, entry["json"])
    if not args.quiet:
        console = Console(highlight=False, soft_wrap=True)
        console.print(header_line(entry["scanned"], entry["modules"], time.perf_counter() - started, cached=True))
        for line in entry["summary"][bool(args.verbose)]:
            console.print(line)
        print_tail(console, [], [path])
    args._cached_failing = entry.get("failing", {})
    return True


def _replay_fail_on(key: str, args: argparse.Namespace) -> int:
    if not args.fail_on:
        return EXIT_OK
    order = ["info", "low", "medium", "high", "critical"]
    failing = sorted({rule for severity, rules in getattr(args, "_cached_failing", {}).items()
                      if order.index(severity) >= order.index(args.fail_on) for rule in rules})
    if failing:
        print(f"infra2arch: unwaived findings at or above {args.fail_on}: " + ", ".join(failing[:10]), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _annotate(graph, args: argparse.Namespace, scanned_dir: str | None):
    from infra2arch.annotate.pipeline import annotate
    from infra2arch.config import find_config

    config = find_config(args.config, scanned_dir)
    return annotate(graph, config, prices=Path(args.prices) if args.prices else None,
                    usage=Path(args.usage) if args.usage else None)


EXIT_FINDINGS = 4


def _fail_on(args: argparse.Namespace, annotations) -> int:
    if not args.fail_on or annotations is None:
        return EXIT_OK
    from infra2arch.annotate.model import Severity
    from infra2arch.annotate.pipeline import failing

    failures = failing(annotations, Severity(args.fail_on))
    if failures:
        print(f"infra2arch: {len(failures)} unwaived finding(s) at or above {args.fail_on}: "
              + ", ".join(sorted({f.rule_id for f in failures})[:10]), file=sys.stderr)
        return EXIT_FINDINGS
    return EXIT_OK


def _render(args: argparse.Namespace) -> int:
    from infra2arch.render import graph_json
    from infra2arch.summary import print_summary

    started = time.perf_counter()
    formats = [f for f in _formats(args.format) if f != "json"] or ["png", "svg"]
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
    if annotations is None or args.config or args.prices or args.usage:
        annotations = _annotate(graph, args, scanned_dir=None)
    maps, notes, missing = _maps(graph, args, formats, annotations)
    if missing is not None:
        raise missing
    if not args.quiet:
        print_summary(graph, maps, verbose=args.verbose, seconds=time.perf_counter() - started, notes=notes,
                      annotations=annotations)
    return _fail_on(args, annotations)


def _maps(graph, args: argparse.Namespace, formats: list[str], annotations=None):
    """Draw the requested views. A missing Graphviz is reported after the JSON is written."""
    from infra2arch.errors import MissingComponent
    from infra2arch.views import ViewOptions, build_view, parse_filters

    map_formats = [f for f in formats if f != "json"]
    if not map_formats:
        return [], [], None
    from infra2arch.render import diagrams_map

    views = args.view or ["engineering"]
    filters = parse_filters(args.filter)
    show = frozenset(s.strip() for item in args.show for s in item.split(",") if s.strip())
    unknown_show = show - {"depends", "latency", "iam", "encrypts", "logs"}
    if unknown_show:
        raise UserError(f"--show {', '.join(sorted(unknown_show))}: use depends, iam, encrypts, logs or latency")
    written: list[Path] = []
    notes: list[str] = []
    for name in views:
        options = ViewOptions(name=name, budget=args.budget, group_by=args.group_by, show=show,
                              focus=args.focus, focus_depth=args.depth, filters=filters)
        view = build_view(graph, options, annotations)
        notes.extend(f"{name} view: {note}" for note in view.notes)
        try:
            result = diagrams_map.render(view, map_formats, Path(args.output), name, timeout=args.layout_timeout)
        except MissingComponent as exc:
            return written, notes, exc
        written.extend(result.files)
        notes.extend(f"{name} view: {note}" for note in result.notes)
    return written, notes, None


def _with_target(inventory, target: str):
    from dataclasses import replace

    scanned = dict(inventory.scanned)
    scanned["target"] = target
    return replace(inventory, scanned=scanned)


def _write(graph, output: Path, formats: list[str], annotations=None) -> list[Path]:
    from infra2arch.render import graph_json

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create output directory {output}: {exc.strerror or exc}") from None
    written: list[Path] = []
    if "json" in formats:
        path = output / "graph.json"
        _write_bytes(path, graph_json.dumps(graph, annotations=annotations).encode("utf-8"))
        written.append(path)
    return written


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
