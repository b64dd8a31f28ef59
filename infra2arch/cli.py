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

    commands.add_parser("providers", help="list the installed adapters")
    return parser


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", default="infra2arch-out", metavar="DIR",
                        help="directory for the outputs (default: ./infra2arch-out)")
    parser.add_argument("--format", default="json", metavar="FORMATS",
                        help="comma-separated output formats (default: json)")
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
    known = ("json",)
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
    if args.source == "terraform":
        from infra2arch_terraform.adapter import TerraformOptions

        progress = None
        if not args.quiet and sys.stderr.isatty():
            def progress(stage: str, done: int, total: int) -> None:
                print(f"\r  {stage}: {done}…", end="", file=sys.stderr, flush=True)
        options = TerraformOptions(variables=tuple(args.variables or ()), workspace=args.workspace,
                                   use_cache=not args.no_cache, progress=progress)
        inventory = provider.scan(args.directory, options)
        if progress:
            print("\r", end="", file=sys.stderr)
        inventory = _with_target(inventory, args.directory)
    else:  # pragma: no cover - other adapters arrive with their issues
        inventory = provider.scan(args.directory)
    graph = build_graph(inventory)
    written = _write(graph, Path(args.output), formats)
    if not args.quiet:
        print_summary(graph, written, verbose=args.verbose, seconds=time.perf_counter() - started)
    return EXIT_OK


def _with_target(inventory, target: str):
    from dataclasses import replace

    scanned = dict(inventory.scanned)
    scanned["target"] = target
    return replace(inventory, scanned=scanned)


def _write(graph, output: Path, formats: list[str]) -> list[Path]:
    from infra2arch.render import graph_json

    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot create output directory {output}: {exc.strerror or exc}") from None
    written: list[Path] = []
    if "json" in formats:
        path = output / "graph.json"
        _write_bytes(path, graph_json.dumps(graph).encode("utf-8"))
        written.append(path)
    return written


def _write_bytes(path: Path, data: bytes) -> None:
    try:
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
