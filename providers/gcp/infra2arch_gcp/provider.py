"""The Google Cloud adapter's entry point and options: cheap to import (the Google SDKs load only when a
scan runs), since the CLI loads every installed adapter to build ``infra2arch scan --help``."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from typing import Callable, ClassVar

from infra2arch.errors import UserError
from infra2arch.model import Inventory
from infra2arch.providers import ScanRequest


@dataclass(frozen=True)
class GcpOptions:
    projects: tuple[str, ...] = ()           # () = the credentials' project (ADC / GOOGLE_CLOUD_PROJECT); ("all",)
    regions: tuple[str, ...] = ()            # () or ("all",) = every Vertex AI location of each project
    endpoint_url: str | None = None          # one base URL for every Google API (PSC endpoints, fakes)
    anonymous: bool = False                  # send no credentials (emulators, tests)
    max_workers: int = 8
    max_attempts: int = 5                    # attempts per call, with exponential backoff on 429/503
    recent_jobs_days: int = 30
    progress: Callable[[str, int, int], None] | None = None


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for item in (values or []) for v in item.split(",") if v.strip()))


class GcpProvider:
    """Entry point registered in the ``infra2arch.providers`` group."""

    name: ClassVar[str] = "gcp"
    help: ClassVar[str] = "a live Google Cloud project (Vertex AI and what surrounds it), read-only"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--project", dest="projects", action="append", metavar="PROJECT",
                            help="project id to scan (repeatable; `all`: every active project the credentials "
                                 "see; default: the project of the application default credentials, or "
                                 "GOOGLE_CLOUD_PROJECT)")
        parser.add_argument("--region", dest="regions", action="append", metavar="REGION",
                            help="region to scan (repeatable); `all` or none: every Vertex AI location")
        parser.add_argument("--endpoint-url", help="send every Google API call to this base URL, keeping each "
                                                   "API's REST path (Private Service Connect endpoints, emulators)")
        parser.add_argument("--anonymous", action="store_true",
                            help="send no credentials (emulators and test servers only)")
        parser.add_argument("--max-workers", type=int, default=8, help="concurrent API calls (default: 8)")
        parser.add_argument("--max-attempts", type=int, default=5,
                            help="attempts per API call, with backoff on throttling (default: 5)")
        parser.add_argument("--recent-jobs-days", type=int, default=30,
                            help="pipeline and custom jobs of the last N days (default: 30)")

    def request(self, args: argparse.Namespace, progress: Callable[[str, int, int], None] | None) -> ScanRequest:
        endpoint = args.endpoint_url
        if endpoint is not None and not endpoint.startswith(("http://", "https://")):
            raise UserError(f"--endpoint-url must start with http:// or https://: {endpoint}")
        options = GcpOptions(projects=_split(args.projects), regions=_split(args.regions),
                             endpoint_url=endpoint.rstrip("/") if endpoint else None, anonymous=bool(args.anonymous),
                             max_workers=max(1, args.max_workers), max_attempts=max(1, args.max_attempts),
                             recent_jobs_days=max(0, args.recent_jobs_days), progress=progress)
        title = "gcp " + ",".join(options.projects) if options.projects else "gcp"
        return ScanRequest(target="gcp", options=options, title=title)

    def scan(self, target: str = "gcp", options: GcpOptions | None = None) -> Inventory:
        """``target`` is a label ("gcp"); what is scanned comes from the options and the environment."""
        from infra2arch_gcp.adapter import Scan

        inventory = Scan(options or GcpOptions()).run()
        scanned = dict(inventory.scanned)
        scanned["target"] = target or "gcp"
        return replace(inventory, scanned=scanned)
