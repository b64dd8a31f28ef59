"""The ``azure`` entry point: options and CLI arguments. Light on purpose: the Azure SDK is imported
only when a scan runs (``infra2arch_azure.adapter``)."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from typing import Any, Callable, ClassVar

DEFAULT_ARM = "https://management.azure.com"
TOKEN_VARIABLE = "INFRA2ARCH_AZURE_TOKEN"


@dataclass(frozen=True)
class AzureOptions:
    subscriptions: tuple[str, ...] = ()      # () = AZURE_SUBSCRIPTION_ID; ("all",) = every subscription visible
    resource_groups: tuple[str, ...] = ()    # () = the whole subscription
    arm_endpoint: str = DEFAULT_ARM          # another Resource Manager: sovereign/private clouds, emulators, tests
    ca_bundle: str | None = None             # PEM file to trust for arm_endpoint's TLS certificate
    max_workers: int = 8
    max_attempts: int = 4                    # attempts per call, the first included (429/5xx retried)
    max_retry_after: int = 60                # longest Retry-After honoured (seconds); longer waits give up: a gap
    progress: Callable[[str, int, int], None] | None = None


class AzureProvider:
    """Entry point registered in the ``infra2arch.providers`` group."""

    name: ClassVar[str] = "azure"
    help: ClassVar[str] = "a live Azure subscription (Azure Machine Learning and what surrounds it), read-only"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--subscription", dest="subscriptions", action="append", metavar="ID",
                            help="subscription to scan (repeatable; 'all' = every subscription the credentials "
                                 "see; default: AZURE_SUBSCRIPTION_ID)")
        parser.add_argument("--resource-group", dest="resource_groups", action="append", metavar="NAME",
                            help="scan only this resource group (repeatable; default: the whole subscription)")
        parser.add_argument("--arm-endpoint", default=None, metavar="URL",
                            help=f"Azure Resource Manager to call (default: {DEFAULT_ARM}; sovereign or private "
                                 "clouds, emulators)")
        parser.add_argument("--ca-bundle", default=None, metavar="PEM",
                            help="trust this CA bundle for the Resource Manager's TLS certificate")
        parser.add_argument("--max-workers", type=int, default=8, help="concurrent API calls (default: 8)")
        parser.add_argument("--max-attempts", type=int, default=4,
                            help="attempts per API call on throttling and server faults (default: 4)")

    def request(self, args: argparse.Namespace, progress: Callable[[str, int, int], None] | None = None):
        from infra2arch.providers import ScanRequest

        options = options_from(args, progress)
        title = "azure " + ",".join(options.subscriptions or ("AZURE_SUBSCRIPTION_ID",))
        return ScanRequest(target="azure", options=options, title=title, config_dir=None)

    def scan(self, target: str = "azure", options: AzureOptions | None = None):
        from dataclasses import replace

        from infra2arch_azure.adapter import Scan

        inventory = Scan(options or AzureOptions()).run()
        return replace(inventory, scanned={**inventory.scanned, "target": target or "azure"})

    def fingerprint(self, request: Any) -> str | None:
        return None   # a live subscription changes under us: never replay a cached answer


def options_from(args: argparse.Namespace, progress: Callable[[str, int, int], None] | None = None) -> AzureOptions:
    from infra2arch.errors import UserError

    subscriptions = tuple(dict.fromkeys(s.strip() for s in getattr(args, "subscriptions", None) or () if s.strip()))
    if not subscriptions and os.environ.get("AZURE_SUBSCRIPTION_ID"):
        subscriptions = (os.environ["AZURE_SUBSCRIPTION_ID"].strip(),)
    if not subscriptions:
        raise UserError("no Azure subscription given: pass --subscription ID (or 'all'), or set AZURE_SUBSCRIPTION_ID")
    if "all" in subscriptions and len(subscriptions) > 1:
        raise UserError("--subscription all cannot be combined with subscription ids")
    endpoint = (getattr(args, "arm_endpoint", None) or DEFAULT_ARM).rstrip("/")
    if not endpoint.startswith("https://"):
        raise UserError(f"--arm-endpoint must be an https:// URL (Azure sends bearer tokens only over TLS): {endpoint}")
    ca_bundle = getattr(args, "ca_bundle", None)
    if ca_bundle and not os.path.isfile(ca_bundle):
        raise UserError(f"--ca-bundle: no such file: {ca_bundle}")
    workers, attempts = int(getattr(args, "max_workers", 8) or 8), int(getattr(args, "max_attempts", 4) or 4)
    if workers < 1 or attempts < 1:
        raise UserError("--max-workers and --max-attempts must be at least 1")
    return AzureOptions(subscriptions=subscriptions,
                        resource_groups=tuple(dict.fromkeys(getattr(args, "resource_groups", None) or ())),
                        arm_endpoint=endpoint, ca_bundle=ca_bundle, max_workers=workers, max_attempts=attempts,
                        progress=progress)
