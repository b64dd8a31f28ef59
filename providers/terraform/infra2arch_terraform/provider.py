"""The Terraform adapter as the command line and the pipeline see it: its arguments, its request,
the fingerprint of its inputs (for the output cache) and the scan, with the result cache around it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable, ClassVar

from infra2arch import background
from infra2arch.errors import UserError
from infra2arch.model import Inventory
from infra2arch.providers import ScanRequest
from infra2arch.redact import redact_inventory
from infra2arch_terraform.adapter import Scan
from infra2arch_terraform.caches import ResultCache, package_fingerprint
from infra2arch_terraform.limits import DEFAULT_MAX_INSTANCES, check_max_instances
from infra2arch_terraform.options import TerraformOptions


class _OrderedValues(argparse.Action):
    """Keeps --var and --var-file in the order given: later ones win, as in Terraform."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(("file" if option_string == "--var-file" else "var", values))
        setattr(namespace, self.dest, items)



class TerraformProvider:
    """Entry point registered in the ``infra2arch.providers`` group."""

    name: ClassVar[str] = "terraform"
    help: ClassVar[str] = "a Terraform root module directory (offline)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("directory", help="the root module: the directory you would run terraform plan in")
        parser.add_argument("--var", dest="variables", action=_OrderedValues, metavar="NAME=VALUE",
                            help="set a root variable (repeatable; as terraform -var)")
        parser.add_argument("--var-file", dest="variables", action=_OrderedValues, metavar="FILE",
                            help="read variables from a .tfvars or .tfvars.json file (repeatable)")
        parser.add_argument("--workspace", default="default", help="value of terraform.workspace (default: default)")
        parser.add_argument("--no-cache", action="store_true", help="do not read or write the scan cache")
        parser.add_argument("--read-root", metavar="DIR",
                            help="read files (file(), templatefile(), modules ...) only below DIR; default: the top "
                                 "of the git work tree holding the directory, else the directory itself")
        parser.add_argument("--max-instances", type=int, default=DEFAULT_MAX_INSTANCES, metavar="N",
                            help=f"evaluate at most N instances per block and per module; past it one node stands "
                                 f"for them all (default: {DEFAULT_MAX_INSTANCES:,})")

    def request(self, args: argparse.Namespace, progress: Callable[[str, int, int], None] | None) -> ScanRequest:
        read_root = Path(args.read_root) if getattr(args, "read_root", None) else None
        options = TerraformOptions(variables=tuple(args.variables or ()), workspace=args.workspace,
                                   use_cache=not args.no_cache, progress=progress, read_root=read_root,
                                   max_instances=check_max_instances(getattr(args, "max_instances", DEFAULT_MAX_INSTANCES)))
        return ScanRequest(target=args.directory, options=options, title=args.directory, config_dir=args.directory)

    def fingerprint(self, request: ScanRequest) -> str | None:
        """When a previous scan of the same inputs is cached: a digest of those inputs and of the code
        (for caching what is made from the scan, such as graph.json). None when anything changed or no cache."""
        options = request.options if isinstance(request.options, TerraformOptions) else TerraformOptions()
        if not options.use_cache or not Path(request.target).is_dir():
            return None
        background.wait()   # a write still under way in this process
        cache = ResultCache(options.cache_dir)
        inputs = cache.fingerprint(cache.key(Path(request.target).resolve(), options))
        return f"{inputs}:{package_fingerprint()}" if inputs else None

    def scan(self, target: str, options: TerraformOptions | None = None) -> Inventory:
        options = options or TerraformOptions()
        root = Path(target)
        if not root.exists():
            raise UserError(f"{target}: no such directory")
        if not root.is_dir():
            raise UserError(f"{target}: not a directory (give the Terraform root module's directory)")
        if not os.access(root, os.R_OK | os.X_OK):
            raise UserError(f"{target}: permission denied")
        root = root.resolve()
        cache = ResultCache(options.cache_dir) if options.use_cache else None
        key = cache.key(root, options) if cache else ""
        if cache:
            background.wait()   # a write still under way in this process
            cached = cache.get(key)
            if cached is not None:
                return cached
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))
        try:
            scan = Scan(root, options)
            inventory = scan.run()
        finally:
            sys.setrecursionlimit(limit)
        inventory = redact_inventory(inventory)  # secrets never reach the cache either
        if cache:
            background.run(cache.put, key, scan, inventory)   # written on the other core while the scan goes on
        return inventory


__all__ = ["TerraformProvider", "TerraformOptions"]
