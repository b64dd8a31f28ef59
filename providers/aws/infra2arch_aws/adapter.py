"""The AWS adapter: a live AWS account (or several) in, an Inventory out. Read-only.

Shape (after cartography): for each account and region, one task per service; a service's ``get_*``
functions are the only code that calls AWS (through a :class:`~infra2arch_aws.context.Scope`, which
counts calls, paginates and turns faults into gaps), its ``to_terraform_*`` functions are pure. Tasks
run concurrently in one bounded pool; results are sorted, so the inventory does not depend on timing.

Client factory (``AwsOptions.client_factory``): ``factory(service_name, region_name, **client_kwargs)``
returning a boto3 client. ``client_kwargs`` holds ``config`` (retries), ``endpoint_url`` when one was
given, and ``aws_access_key_id``/``aws_secret_access_key``/``aws_session_token`` when the call is made
with assumed-role credentials (a factory must pass those on). Without a factory, clients come from a
``boto3.Session(profile_name=profile)``; botocore then also honours ``AWS_ENDPOINT_URL`` and
``AWS_ENDPOINT_URL_<SERVICE>``.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
    ProfileNotFound,
)

from infra2arch.errors import UserError
from infra2arch.model import Gap, GapKind, Inventory, Resource, SourceLocation
from infra2arch.redact import redact_inventory

from infra2arch_aws import relate
from infra2arch_aws.provider import AwsOptions, AwsProvider
from infra2arch_aws.context import CredentialsMissing, Followups, Scope, ScanLog, classify
from infra2arch_aws.services import apigateway, compute, ec2, elbv2, iam, kms, logs, s3, sagemaker
from infra2arch_aws.transform import partition_of

NO_CREDENTIALS = ("no AWS credentials found: set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                  "or pass --profile")
NO_REGION = "no AWS region configured: set AWS_REGION (or AWS_DEFAULT_REGION), or pass --region"
SESSION_NAME = "infra2arch-scan"

# per region, in this order (the order only matters for progress messages)
REGIONAL_SYNCS: tuple[tuple[str, Callable[[Scope], list[Resource] | Followups]], ...] = (
    *sagemaker.SYNCS, *ec2.SYNCS, *elbv2.SYNCS, *apigateway.SYNCS, *compute.SYNCS, *kms.SYNCS, *logs.SYNCS,
)
GLOBAL_SYNCS: tuple[tuple[str, Callable[[Scope], list[Resource] | Followups]], ...] = (*iam.SYNCS, *s3.SYNCS)


@dataclass(frozen=True)
class _Account:
    account_id: str
    credentials: dict[str, str] | None    # None: the base credentials
    partition: str


class _Clients:
    """boto3 clients, created once per (account, service, region) under a lock: sessions are not
    thread-safe, clients are."""

    def __init__(self, options: AwsOptions):
        self.options = options
        self._lock = threading.Lock()
        self._cache: dict[tuple, Any] = {}
        self._session: Any = None
        self.config = Config(retries={"mode": "adaptive", "total_max_attempts": max(1, options.max_attempts)},
                             connect_timeout=10, read_timeout=60, max_pool_connections=max(10, options.max_workers * 2),
                             user_agent_extra="infra2arch")

    def session(self) -> Any:
        if self._session is None:
            try:
                self._session = boto3.Session(profile_name=self.options.profile)
            except ProfileNotFound as error:
                raise UserError(f"AWS profile not found: {error.kwargs.get('profile', self.options.profile)}") from None
        return self._session

    def get(self, service: str, region: str, credentials: dict[str, str] | None = None) -> Any:
        key = (service, region, tuple(sorted((credentials or {}).items())))
        with self._lock:
            client = self._cache.get(key)
            if client is None:
                kwargs: dict[str, Any] = {"config": self.config}
                if self.options.endpoint_url:
                    kwargs["endpoint_url"] = self.options.endpoint_url
                if credentials:
                    kwargs.update(credentials)
                if self.options.client_factory is not None:
                    client = self.options.client_factory(service, region, **kwargs)
                else:
                    client = self.session().client(service, region_name=region, **kwargs)
                self._cache[key] = client
            return client


class _Task:
    def __init__(self, label: str, run: Callable[[], Any]):
        self.label = label
        self.run = run


class Scan:
    def __init__(self, options: AwsOptions):
        self.options = options
        self.clients = _Clients(options)
        self.log = ScanLog()
        self.gaps: list[Gap] = []

    # -- identity, accounts, regions

    def _home_region(self) -> str:
        """Where STS and the account-wide services (IAM, the S3 bucket list) are called: the configured
        region when there is one (it is known to work), else the first region asked for."""
        region = None
        if self.options.client_factory is None:
            region = self.clients.session().region_name
        region = region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if region:
            return region
        if self.options.regions and self.options.regions[0] != "all":
            return self.options.regions[0]
        if self.options.regions:   # "all": any commercial region can list the others
            return "us-east-1"
        raise UserError(NO_REGION)

    def _identity(self, home: str, credentials: dict[str, str] | None = None) -> dict:
        client = self.clients.get("sts", home, credentials)
        self.log.count("sts", "sts:GetCallerIdentity")
        try:
            return client.get_caller_identity()
        except (NoCredentialsError, PartialCredentialsError):
            raise UserError(NO_CREDENTIALS) from None
        except NoRegionError:
            raise UserError(NO_REGION) from None
        except ClientError as error:
            code = (error.response.get("Error") or {}).get("Code", "")
            raise UserError(f"AWS rejected the credentials ({code}): check AWS_PROFILE / the access keys") from None
        except BotoCoreError as error:
            raise UserError(f"cannot reach AWS STS in {home}: {error}") from None

    def _assume(self, role_arn: str, home: str, credentials: dict[str, str] | None = None) -> dict[str, str]:
        client = self.clients.get("sts", home, credentials)
        self.log.count("sts", "sts:AssumeRole")
        response = client.assume_role(RoleArn=role_arn, RoleSessionName=SESSION_NAME)
        creds = response["Credentials"]
        return {"aws_access_key_id": creds["AccessKeyId"], "aws_secret_access_key": creds["SecretAccessKey"],
                "aws_session_token": creds["SessionToken"]}

    def accounts(self, home: str) -> list[_Account]:
        identity = self._identity(home)
        partition = str(identity.get("Arn", "arn:aws:")).split(":")[1] or partition_of(home)
        base = _Account(str(identity["Account"]), None, partition)
        if self.options.role_arn:
            try:
                credentials = self._assume(self.options.role_arn, home)
            except ClientError as error:
                raise UserError(f"cannot assume {self.options.role_arn}: {classify(error).reason}") from None
            identity = self._identity(home, credentials)
            base = _Account(str(identity["Account"]), credentials, partition)
        if not self.options.org_role_name:
            return [base]
        org = Scope(base.account_id, None, partition, lambda s, r: self.clients.get(s, r, base.credentials),
                    self.log, home_region=home)
        members = org.paginate("organizations", "list_accounts", "Accounts")
        if members is None:
            return [base]   # the gap says why; the base account is still scanned
        out = []
        for member in sorted(members, key=lambda m: str(m.get("Id"))):
            account_id = str(member.get("Id"))
            if member.get("Status", "ACTIVE") != "ACTIVE":
                continue
            if account_id == base.account_id:
                out.append(base)
                continue
            role = f"arn:{partition}:iam::{account_id}:role/{self.options.org_role_name}"
            try:
                out.append(_Account(account_id, self._assume(role, home, base.credentials), partition))
            except (ClientError, BotoCoreError) as error:
                fault = classify(error)
                kind = GapKind.ACCESS_DENIED if fault.kind != GapKind.THROTTLED else fault.kind
                self.log.gap(kind, f"{account_id}/global/sts:AssumeRole",
                             f"account not scanned: cannot assume {role} ({fault.reason})", "sts:AssumeRole")
        return out

    def regions(self, account: _Account, home: str) -> list[str]:
        if not self.options.regions:
            return [home]
        if tuple(self.options.regions) != ("all",):
            return sorted(set(self.options.regions) - {"all"})
        scope = self._scope(account, home, home)
        response = scope.call("ec2", "describe_regions")
        if response is None:
            return [home]
        return sorted(r["RegionName"] for r in response.get("Regions") or ()
                      if r.get("RegionName") and r.get("OptInStatus") != "not-opted-in")

    def _scope(self, account: _Account, region: str | None, home: str) -> Scope:
        return Scope(account.account_id, region, account.partition,
                     lambda service, where: self.clients.get(service, where, account.credentials), self.log,
                     recent_jobs_days=self.options.recent_jobs_days, home_region=home)

    # -- the run

    def run(self) -> Inventory:
        home = self._home_region()
        accounts = self.accounts(home)
        tasks: list[_Task] = []
        all_regions: set[str] = set()
        for account in accounts:
            regions = self.regions(account, home)
            all_regions.update(regions)
            global_scope = self._scope(account, None, home)
            for label, sync in GLOBAL_SYNCS:
                tasks.append(_Task(f"{account.account_id} global {label}", lambda f=sync, s=global_scope: f(s)))
            for region in regions:
                scope = self._scope(account, region, home)
                for label, sync in REGIONAL_SYNCS:
                    tasks.append(_Task(f"{account.account_id} {region} {label}", lambda f=sync, s=scope: f(s)))
        resources = self._execute(tasks)
        resources = relate.corrected(resources)
        by_address: dict[str, Resource] = {}
        for resource in resources:
            by_address.setdefault(resource.address, resource)
        ordered = [by_address[a] for a in sorted(by_address)]
        links = relate.links(ordered)
        gaps = self.gaps + self.log.gaps()
        scanned = {
            "kind": "aws",
            "target": "aws",
            "accounts": sorted(a.account_id for a in accounts),
            "regions": sorted(all_regions),
            "api_calls": self.log.api_calls,
            "api_calls_by_service": dict(sorted(self.log.calls_by_service.items())),
        }
        if self.options.endpoint_url:
            scanned["endpoint_url"] = self.options.endpoint_url
        inventory = Inventory(resources=tuple(ordered), links=tuple(links),
                              gaps=tuple(sorted(gaps, key=lambda g: g.key())), scanned=scanned)
        return redact_inventory(inventory)

    def _execute(self, tasks: list[_Task]) -> list[Resource]:
        resources: list[Resource] = []
        total = len(tasks)
        done = 0
        progress = self.options.progress
        with ThreadPoolExecutor(max_workers=max(1, self.options.max_workers), thread_name_prefix="infra2arch-aws") as pool:
            running: dict[Future, _Task] = {pool.submit(t.run): t for t in tasks}
            while running:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    try:
                        result = future.result()
                    except CredentialsMissing:
                        for other in running:
                            other.cancel()
                        raise UserError(NO_CREDENTIALS) from None
                    except Exception as error:  # noqa: BLE001 - a bug in one service must not lose the others
                        account, region, service = (task.label.split(" ", 2) + ["", ""])[:3]
                        self.gaps.append(Gap(GapKind.NOT_AVAILABLE, f"{account}/{region}/{service}",
                                             f"scan error, service skipped ({type(error).__name__}: {error})",
                                             SourceLocation(api=service)))
                        result = []
                    if isinstance(result, Followups):
                        resources.extend(result.resources)
                        total += len(result.tasks)
                        for label, run in result.tasks:
                            sub = _Task(f"{task.label.rsplit(' ', 1)[0]} {label}", run)
                            running[pool.submit(sub.run)] = sub
                    else:
                        resources.extend(result)
                    done += 1
                    if progress is not None:
                        progress(task.label, done, total)
        return resources


__all__ = ["AwsProvider", "AwsOptions", "Scan", "NO_CREDENTIALS", "NO_REGION"]
