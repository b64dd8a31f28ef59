"""The Azure adapter: live subscriptions in, an Inventory out. Read-only: only GETs are ever sent.

Shape (that of the AWS adapter): for each subscription (or each resource group asked for), one task
per service area; a service's ``sync_*`` functions are the only code that calls ARM (through a
:class:`~infra2arch_azure.context.Scope`, which counts calls, follows nextLink and turns faults into
gaps), its ``to_terraform_*`` functions are pure. Tasks run concurrently in one bounded pool; results
are sorted, so the inventory does not depend on timing.

Credentials: the bearer token in ``INFRA2ARCH_AZURE_TOKEN`` when set (CI systems that hold one, test
servers), else ``DefaultAzureCredential`` (environment, workload identity, managed identity, Azure
CLI, azd, PowerShell)."""

from __future__ import annotations

import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable

from azure.core.credentials import AccessToken, AccessTokenInfo
from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError
from azure.core.pipeline import policies
from azure.mgmt.core import ARMPipelineClient
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy

from infra2arch.errors import UserError
from infra2arch.model import Gap, GapKind, Inventory, Resource, SourceLocation
from infra2arch.redact import redact_inventory

from infra2arch_azure import relate
from infra2arch_azure.context import (
    Arm, CredentialsMissing, CredentialsRejected, Followups, Scope, ScanLog, classify,
)
from infra2arch_azure.provider import TOKEN_VARIABLE, AzureOptions
from infra2arch_azure.services import data, ml, network

NO_CREDENTIALS = (f"no Azure credentials found: run 'az login', set AZURE_CLIENT_ID/AZURE_TENANT_ID/"
                  f"AZURE_CLIENT_SECRET (or a managed or workload identity), or put a bearer token in {TOKEN_VARIABLE}")
SUBSCRIPTIONS = "2022-12-01"
RESOURCE_GROUPS = "2021-04-01"
SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (*ml.SYNCS, *network.SYNCS, *data.SYNCS)

# azure-identity warns on stderr (many lines) when no credential works, through logging's last-resort
# handler; the adapter says it in one line. A user who configures logging still gets the records.
logging.getLogger("azure").addHandler(logging.NullHandler())


class StaticToken:
    """A bearer token given as is (``INFRA2ARCH_AZURE_TOKEN``): azure-core asks ``get_token_info``
    (newer) or ``get_token``; the token is never refreshed, so it should outlive the scan."""

    def __init__(self, token: str):
        self._token = token

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(self._token, int(time.time()) + 3600)

    def get_token_info(self, *scopes: str, options: Any = None) -> AccessTokenInfo:
        return AccessTokenInfo(self._token, int(time.time()) + 3600)


class _CappedRetry(policies.RetryPolicy):
    """azure-core's retries (exponential back-off, Retry-After honoured on 429 and 503), except that a
    Retry-After longer than ``cap`` seconds is not waited for: the call fails and becomes a gap."""

    def __init__(self, cap: int, **kwargs: Any):
        super().__init__(**kwargs)
        self.cap = cap

    def is_retry(self, settings: Any, response: Any) -> bool:
        retry_after = self.get_retry_after(response)
        if retry_after is not None and retry_after > self.cap:
            return False
        return super().is_retry(settings, response)


def _credential() -> Any:
    token = os.environ.get(TOKEN_VARIABLE, "").strip()
    if token:
        return StaticToken(token)
    from azure.identity import DefaultAzureCredential

    return DefaultAzureCredential(exclude_interactive_browser_credential=True)


def arm_client(options: AzureOptions, credential: Any) -> Arm:
    endpoint = options.arm_endpoint.rstrip("/")
    retry = _CappedRetry(options.max_retry_after, retry_total=max(0, options.max_attempts - 1),
                         retry_connect=1 if options.max_attempts > 1 else 0, retry_backoff_factor=0.5,
                         retry_backoff_max=20)
    pipeline = [
        policies.RequestIdPolicy(),
        policies.HeadersPolicy(),
        policies.UserAgentPolicy(sdk_moniker="infra2arch-azure"),
        policies.ProxyPolicy(),
        policies.ContentDecodePolicy(),
        # no ARMAutoResourceProviderRegistrationPolicy: it would register providers (a write)
        retry,
        ARMChallengeAuthenticationPolicy(credential, f"{endpoint}/.default"),
        policies.CustomHookPolicy(),
        ARMHttpLoggingPolicy(),
    ]
    kwargs: dict[str, Any] = {"connection_timeout": 15, "read_timeout": 60}
    if options.ca_bundle:
        kwargs["connection_verify"] = options.ca_bundle
    client = ARMPipelineClient(base_url=endpoint, policies=pipeline, **kwargs)
    return Arm(client, endpoint)


@dataclass(frozen=True)
class _Subscription:
    id: str
    name: str | None


class Scan:
    def __init__(self, options: AzureOptions):
        self.options = options
        self.log = ScanLog()
        self.gaps: list[Gap] = []
        self.arm = arm_client(options, _credential())

    def _first(self, call: Callable[[], Any]) -> Any:
        """The first calls: a credential or endpoint problem there is one line, not a gap per task."""
        try:
            return call()
        except ClientAuthenticationError as error:
            if getattr(error, "status_code", None) in (None, 0):
                raise UserError(NO_CREDENTIALS) from None
            raise
        except ServiceRequestError as error:
            detail = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
            if "CERTIFICATE_VERIFY_FAILED" in str(error):
                detail = "its TLS certificate is not trusted (pass --ca-bundle)"
            raise UserError(f"cannot reach Azure Resource Manager at {self.options.arm_endpoint}: {detail}") from None

    def subscriptions(self) -> list[_Subscription]:
        scope = Scope("", None, self.arm, self.log)
        if tuple(self.options.subscriptions) == ("all",):
            items = self._first(lambda: self._checked(scope.list, "/subscriptions", SUBSCRIPTIONS,
                                                      "Microsoft.Resources/subscriptions/read"))
            return sorted((_Subscription(str(i.get("subscriptionId")), i.get("displayName")) for i in items or ()
                           if i.get("subscriptionId") and i.get("state", "Enabled") in ("Enabled", "PastDue", "Warned")),
                          key=lambda s: s.id)
        out = []
        for subscription in self.options.subscriptions:
            if self.options.resource_groups:
                # the credentials may hold Reader on these groups only: the groups' own GETs are the check
                out.append(_Subscription(subscription, None))
                continue
            item = self._first(lambda s=subscription: self._checked(
                Scope(s, None, self.arm, self.log).get, f"/subscriptions/{s}", SUBSCRIPTIONS,
                "Microsoft.Resources/subscriptions/read", where="*"))
            if item is not None:
                out.append(_Subscription(subscription, item.get("displayName")))
        return out

    def _checked(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return call(*args, **kwargs)
        except CredentialsMissing:
            raise UserError(NO_CREDENTIALS) from None
        except CredentialsRejected as error:
            raise UserError(f"Azure Resource Manager rejected the credentials: {error}") from None

    def _gap_for_unreachable(self) -> None:
        for gap in self.log.gaps():
            if "not reachable" in gap.reason:
                raise UserError(f"cannot reach Azure Resource Manager at {self.options.arm_endpoint}: {gap.reason}")

    def resource_groups(self, subscription: _Subscription) -> list[dict]:
        scope = Scope(subscription.id, None, self.arm, self.log)
        api = "Microsoft.Resources/subscriptions/resourceGroups/read"
        if not self.options.resource_groups:
            return self._checked(scope.list, f"/subscriptions/{subscription.id}/resourcegroups", RESOURCE_GROUPS, api,
                                 where="*") or []
        groups = []
        for name in self.options.resource_groups:   # one GET each: works with Reader on the group alone
            item = self._first(lambda n=name: self._checked(
                scope.get, f"/subscriptions/{subscription.id}/resourcegroups/{n}", RESOURCE_GROUPS, api, where=n))
            if item is not None and item.get("id"):
                groups.append(item)
        return groups

    def _nothing_readable(self, what: str, fallback: str) -> UserError:
        """Nothing at all can be read: say why in one line rather than draw an empty map."""
        reasons = [f"{'/'.join(g.subject.split('/')[:2]).rstrip('/*')}: {g.reason}" for g in self.log.gaps()]
        return UserError(f"no {what} could be read" + (f" ({reasons[0]})" if reasons else f": {fallback}"))

    def run(self) -> Inventory:
        subscriptions = self.subscriptions()
        self._gap_for_unreachable()
        if not subscriptions:
            raise self._nothing_readable("subscription", "the credentials see none")
        plan = [(subscription, self.resource_groups(subscription)) for subscription in subscriptions]
        self._gap_for_unreachable()
        if self.options.resource_groups and not any(groups for _, groups in plan):
            raise self._nothing_readable("resource group", "none found")
        tasks: list[tuple[str, Callable[[], Any]]] = []
        resources: list[Resource] = []
        for subscription, groups in plan:
            base = Scope(subscription.id, None, self.arm, self.log)
            resources += [base.resource(g, "azurerm_resource_group", {"resource_group_name": None},
                                        "Microsoft.Resources/subscriptions/resourceGroups/read") for g in groups]
            scopes = ([Scope(subscription.id, str(g.get("name")), self.arm, self.log) for g in groups]
                      if self.options.resource_groups else [base])
            for scope in scopes:
                for label, sync in SYNCS:
                    where = scope.resource_group or "*"
                    tasks.append((f"{subscription.id} {where} {label}", lambda f=sync, s=scope: f(s)))
        resources += self._execute(tasks)
        by_address: dict[str, Resource] = {}
        for resource in resources:
            by_address.setdefault(resource.address.lower(), resource)
        ordered = relate.canonical([by_address[a] for a in sorted(by_address)])
        links = relate.links(ordered)
        gaps = self.gaps + self.log.gaps()
        regions = sorted({r.location.region for r in ordered if isinstance(r.location.region, str)})
        scanned = {
            "kind": "azure",
            "target": "azure",
            "subscriptions": [s.id for s in subscriptions],
            "resource_groups": sorted(self.options.resource_groups),
            "regions": regions,
            "api_calls": self.log.api_calls,
            "api_calls_by_api": dict(sorted(self.log.calls_by_api.items())),
        }
        if self.options.arm_endpoint.rstrip("/") != "https://management.azure.com":
            scanned["arm_endpoint"] = self.options.arm_endpoint
        inventory = Inventory(resources=tuple(ordered), links=tuple(links),
                              gaps=tuple(sorted(gaps, key=lambda g: g.key())), scanned=scanned)
        return redact_inventory(inventory)

    def _execute(self, tasks: list[tuple[str, Callable[[], Any]]]) -> list[Resource]:
        resources: list[Resource] = []
        total, done = len(tasks), 0
        progress = self.options.progress
        with ThreadPoolExecutor(max_workers=max(1, self.options.max_workers), thread_name_prefix="infra2arch-az") as pool:
            running: dict[Future, str] = {pool.submit(run): label for label, run in tasks}
            while running:
                finished, _ = wait(list(running), return_when=FIRST_COMPLETED)
                for future in finished:
                    label = running.pop(future)
                    try:
                        result = future.result()
                    except (CredentialsMissing, CredentialsRejected) as error:
                        for other in running:
                            other.cancel()
                        if isinstance(error, CredentialsMissing):
                            raise UserError(NO_CREDENTIALS) from None
                        raise UserError(f"Azure Resource Manager rejected the credentials: {error}") from None
                    except Exception as error:  # noqa: BLE001 - a bug in one area must not lose the others
                        subscription, where, area = (label.split(" ", 2) + ["", ""])[:3]
                        self.gaps.append(Gap(GapKind.NOT_AVAILABLE, f"{subscription}/{where}/{area}",
                                             f"scan error, area skipped ({type(error).__name__}: {error})",
                                             SourceLocation(api=area)))
                        result = []
                    if isinstance(result, Followups):
                        resources.extend(result.resources)
                        total += len(result.tasks)
                        prefix = label.rsplit(" ", 1)[0]
                        for sub_label, run in result.tasks:
                            running[pool.submit(run)] = f"{prefix} {sub_label}"
                    else:
                        resources.extend(result)
                    done += 1
                    if progress is not None:
                        progress(label, done, total)
        return resources


__all__ = ["Scan", "StaticToken", "NO_CREDENTIALS", "arm_client", "classify"]
