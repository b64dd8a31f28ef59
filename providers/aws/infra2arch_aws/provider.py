"""The AWS adapter's entry point and options: cheap to import (boto3 loads only when a scan runs),
since the CLI loads every installed adapter to build ``infra2arch scan --help``."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, replace
from typing import Any, Callable, ClassVar

from infra2arch.model import Inventory
from infra2arch.providers import ScanRequest


@dataclass(frozen=True)
class AwsOptions:
    profile: str | None = None
    regions: tuple[str, ...] = ()            # () = the session's region; ("all",) = every enabled region
    role_arn: str | None = None              # assume this role first
    org_role_name: str | None = None         # walk AWS Organizations accounts through this role name
    endpoint_url: str | None = None          # one endpoint for every service (tests, private endpoints)
    max_workers: int = 8
    max_attempts: int = 5                    # adaptive retries: attempts in all, first one included
    recent_jobs_days: int = 30
    progress: Callable[[str, int, int], None] | None = None
    client_factory: Callable[..., Any] | None = None


class AwsProvider:
    """Entry point registered in the ``infra2arch.providers`` group."""

    name: ClassVar[str] = "aws"
    help: ClassVar[str] = "a live AWS account (SageMaker and what surrounds it), read-only"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--profile", help="AWS profile (default: the standard credential chain)")
        parser.add_argument("--region", dest="regions", action="append", metavar="REGION",
                            help="region to scan (repeatable); `all` for every enabled region "
                                 "(default: the profile's region)")
        parser.add_argument("--role-arn", help="assume this role first (cross-account audits)")
        parser.add_argument("--org", dest="org_role_name", metavar="ROLE_NAME",
                            help="walk every AWS Organizations account by assuming this role name in each")
        parser.add_argument("--endpoint-url", help="send every API call here (a private endpoint, LocalStack, a moto "
                                                   "server); AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work too")
        parser.add_argument("--max-workers", type=int, default=8, help="concurrent API calls (default: 8)")
        parser.add_argument("--max-attempts", type=int, default=5,
                            help="attempts per API call with adaptive backoff on throttling (default: 5)")
        parser.add_argument("--recent-jobs-days", type=int, default=30,
                            help="training/processing jobs of the last N days (default: 30)")

    def request(self, args: argparse.Namespace, progress: Callable[[str, int, int], None] | None) -> ScanRequest:
        regions = tuple(r for item in (args.regions or []) for r in item.split(",") if r)
        options = AwsOptions(profile=args.profile, regions=regions, role_arn=args.role_arn,
                             org_role_name=args.org_role_name, endpoint_url=args.endpoint_url,
                             max_workers=max(1, args.max_workers), max_attempts=max(1, args.max_attempts),
                             recent_jobs_days=args.recent_jobs_days, progress=progress)
        return ScanRequest(target="aws", options=options, title="aws")

    def scan(self, target: str = "aws", options: AwsOptions | None = None) -> Inventory:
        """``target`` is a label ("aws"); what is scanned comes from the options and the environment."""
        from infra2arch_aws.adapter import Scan

        inventory = Scan(options or AwsOptions()).run()
        scanned = dict(inventory.scanned)
        scanned["target"] = target or "aws"
        return replace(inventory, scanned=scanned)
