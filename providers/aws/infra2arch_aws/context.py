"""Where AWS is called: every call goes through a :class:`Scope`, which counts it, paginates it, and
turns a fault (access denied, throttling that outlasted the retries, a region not enabled, an API the
endpoint does not offer) into a recorded gap instead of an exception. The scan goes on."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError as BotoConnectionError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
    PartialCredentialsError,
)

from infra2arch.model import Gap, GapKind, Location, Origin, Resource, SourceLocation

GLOBAL = "global"   # the region label of account-wide services (IAM, the S3 bucket list) in gap subjects

_ACCESS_DENIED = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError", "Forbidden",
    "UnauthorizedAccess", "UnauthorizedException", "AccessDeniedFault", "NotAuthorized",
})
_THROTTLED = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded",
    "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
    "BandwidthLimitExceeded", "LimitExceededException", "EC2ThrottledException", "PriorRequestNotComplete",
})
# the region is not enabled for the account (opt-in regions), or the credentials are not valid there
_REGION_DISABLED = frozenset({"OptInRequired", "InvalidClientTokenId", "UnrecognizedClientException", "AuthFailure"})
_NOT_AVAILABLE = frozenset({
    "NotImplemented", "NotImplementedException", "UnknownOperationException", "InvalidAction",
    "UnsupportedOperation", "UnsupportedOperationException", "InvalidRequestException.NotSupported",
    "ServiceUnavailable", "ServiceUnavailableException", "InternalFailure", "InternalError",
    "InternalServerError", "InternalServerException", "SubscriptionRequiredException",
})


class CredentialsMissing(Exception):
    """Raised through the pool when botocore finds no credentials: the adapter makes it a UserError."""


@dataclass(frozen=True)
class Fault:
    kind: GapKind
    reason: str
    region_disabled: bool = False
    not_implemented: bool = False   # the endpoint does not serve this API: do not ask again in this scope


def classify(error: BaseException) -> Fault:
    """What a failed call means for the scan."""
    if isinstance(error, ClientError):
        info = error.response.get("Error", {}) or {}
        code = str(info.get("Code") or "")
        status = int((error.response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0)
        message = " ".join(str(info.get("Message") or "").split())
        if message.startswith("<") or "<html" in message.lower():  # an HTML error page, not an AWS message
            message = ""
        text = f"{code}: {message}" if message else code or f"HTTP {status}"
        if code in ("403", "429", "503") or (not code and status in (403, 429, 503)):
            kind = GapKind.ACCESS_DENIED if (code or str(status)) == "403" else GapKind.THROTTLED
            return Fault(kind, f"{'access denied' if kind == GapKind.ACCESS_DENIED else 'throttled beyond the retries'}"
                               f" (HTTP {code or status} without an AWS error code)")
        if code.isdigit() or not code:   # an HTTP error with no AWS error code: the route is not served
            return Fault(GapKind.NOT_AVAILABLE, f"API not available at this endpoint (HTTP {code or status} without "
                                                "an AWS error code: not implemented there)", not_implemented=True)
        if code in _REGION_DISABLED:
            return Fault(GapKind.NOT_AVAILABLE, f"region not enabled for this account, or the credentials are "
                                                f"not valid in it ({text})", region_disabled=True)
        if code in _ACCESS_DENIED or (status == 403 and code not in _THROTTLED):
            return Fault(GapKind.ACCESS_DENIED, f"access denied ({text})")
        if code in _THROTTLED or status == 429:
            return Fault(GapKind.THROTTLED, f"throttled beyond the retries ({text})")
        if code in ("NotImplemented", "NotImplementedException", "UnknownOperationException", "InvalidAction"):
            return Fault(GapKind.NOT_AVAILABLE, f"API not available at this endpoint ({text})", not_implemented=True)
        if code in _NOT_AVAILABLE or status in (500, 501, 502, 503, 504):
            return Fault(GapKind.NOT_AVAILABLE, f"API not available at this endpoint ({text}, HTTP {status}: a server "
                                                "fault that outlasted the retries)")
        return Fault(GapKind.NOT_AVAILABLE, f"API call failed ({text})")
    if isinstance(error, (EndpointConnectionError, BotoConnectionError)):
        return Fault(GapKind.NOT_AVAILABLE, f"endpoint not reachable ({type(error).__name__}): the service may "
                                            "not exist in this region")
    if isinstance(error, BotoCoreError):
        return Fault(GapKind.NOT_AVAILABLE, f"API call failed ({type(error).__name__}: {error})")
    return Fault(GapKind.NOT_AVAILABLE, f"scan error ({type(error).__name__}: {error})")


class ScanLog:
    """Thread-safe record of one scan: API calls made, gaps (merged per subject), regions found disabled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.api_calls = 0
        self.calls_by_service: dict[str, int] = {}
        self.calls_by_api: dict[str, int] = {}
        self._gaps: dict[tuple[str, str], list[Any]] = {}   # (kind, subject) -> [reasons, count, api]
        self.disabled: dict[tuple[str, str], str] = {}      # (account, region) -> reason
        self.unavailable: set[tuple[str, str, str]] = set()  # (account, region, api) not served there

    def count(self, service: str, api: str | None = None, n: int = 1) -> None:
        with self._lock:
            self.api_calls += n
            self.calls_by_service[service] = self.calls_by_service.get(service, 0) + n
            if api is not None:
                self.calls_by_api[api] = self.calls_by_api.get(api, 0) + n

    def gap(self, kind: GapKind, subject: str, reason: str, api: str | None = None) -> None:
        with self._lock:
            entry = self._gaps.setdefault((kind.value, subject), [set(), 0, api, kind])
            entry[0].add(reason)
            entry[1] += 1
            if api is not None and (entry[2] is None or api < entry[2]):
                entry[2] = api

    def disable(self, account: str, region: str, reason: str) -> None:
        with self._lock:
            self.disabled.setdefault((account, region), reason)

    def is_disabled(self, account: str, region: str | None) -> bool:
        return region is not None and (account, region) in self.disabled

    def gaps(self) -> list[Gap]:
        """Deterministic: one gap per (kind, subject), whatever order the threads finished in."""
        out: list[Gap] = []
        disabled_prefixes = {f"{a}/{r}/" for a, r in self.disabled}
        for (_, subject), (reasons, count, api, kind) in sorted(self._gaps.items()):
            if any(subject.startswith(p) for p in disabled_prefixes):
                continue  # said once for the whole region below
            reason = min(reasons)
            if count > 1 and kind in (GapKind.ACCESS_DENIED, GapKind.THROTTLED):
                # per-item calls are all made, so the count does not depend on timing (calls to an API
                # found unavailable stop early, by whichever thread learns it first: not counted)
                reason = f"{reason} ({count} calls)"
            out.append(Gap(kind, subject, reason, SourceLocation(api=api)))
        for (account, region), reason in sorted(self.disabled.items()):
            out.append(Gap(GapKind.NOT_AVAILABLE, f"{account}/{region}", f"region skipped: {reason}",
                           SourceLocation(api=None)))
        return out


ClientGetter = Callable[[str, "str | None"], Any]   # (service, region or None = the scope's) -> boto3 client


@dataclass
class Scope:
    """One account in one region (``region`` None for account-wide services): what a service's
    ``get_*`` functions call AWS through, and what its ``to_terraform_*`` functions stamp resources with."""

    account: str
    region: str | None
    partition: str
    clients: ClientGetter
    log: ScanLog = field(default_factory=ScanLog)
    recent_jobs_days: int = 30
    home_region: str = "us-east-1"   # where account-wide APIs are called

    # -- naming

    @property
    def region_label(self) -> str:
        return self.region or GLOBAL

    def client(self, service: str, region: str | None = None) -> Any:
        return self.clients(service, region or self.region or self.home_region)

    def api_name(self, service: str, operation: str, client: Any | None = None) -> str:
        """``sagemaker:DescribeEndpoint``: the IAM-style name of an operation."""
        client = client or self.client(service)
        meta = client.meta
        prefix = meta.service_model.signing_name or meta.service_model.endpoint_prefix or service
        return f"{prefix}:{meta.method_to_api_mapping.get(operation, operation)}"

    def subject(self, api: str, region: str | None = None) -> str:
        return f"{self.account}/{region or self.region_label}/{api}"

    # -- calls

    def _fault(self, error: BaseException, api: str, region: str | None) -> None:
        if isinstance(error, (NoCredentialsError, PartialCredentialsError, NoRegionError)):
            raise CredentialsMissing(str(error)) from error
        fault = classify(error)
        where = region or self.region
        if fault.region_disabled and where is not None:
            self.log.disable(self.account, where, fault.reason)
        if fault.not_implemented:
            self.log.unavailable.add((self.account, where or GLOBAL, api))
        self.log.gap(fault.kind, self.subject(api, where), fault.reason, api)

    def _skip(self, api: str, where: str | None) -> bool:
        """True when the call cannot succeed: its region is not enabled, or the endpoint said it does
        not serve this API (asking again for every item would only repeat the answer)."""
        return self.log.is_disabled(self.account, where) or (self.account, where or GLOBAL, api) in self.log.unavailable

    def call(self, service: str, operation: str, *, absent: Iterable[str] = (), region: str | None = None,
             **params: Any) -> dict | None:
        """One API call. None when it failed (a gap is recorded) or the thing is absent (codes in
        ``absent``, such as NoSuchBucketPolicy: not a fault, nothing recorded)."""
        where = region or self.region
        client = self.client(service, region)
        api = self.api_name(service, operation, client)
        if self._skip(api, where):
            return None
        self.log.count(service, api)
        try:
            response = getattr(client, operation)(**params)
        except ClientError as error:
            code = str((error.response.get("Error") or {}).get("Code") or "")
            if code in set(absent):
                return None
            self._fault(error, api, where)
            return None
        except Exception as error:  # noqa: BLE001 - every fault is data
            self._fault(error, api, where)
            return None
        response = dict(response)
        response.pop("ResponseMetadata", None)
        return response

    def paginate(self, service: str, operation: str, key: str | Callable[[dict], Iterable[Any]], *,
                 absent: Iterable[str] = (), region: str | None = None, **params: Any) -> list[Any] | None:
        """Every item of a paginated list (one call per page). None when a page failed; items read
        before the failure are dropped with it so a partial list is never mistaken for the whole."""
        where = region or self.region
        client = self.client(service, region)
        api = self.api_name(service, operation, client)
        if self._skip(api, where):
            return None
        extract = key if callable(key) else (lambda page, _k=key: page.get(_k) or ())
        items: list[Any] = []
        try:
            if client.can_paginate(operation):
                pages = iter(client.get_paginator(operation).paginate(**params))
                while True:
                    try:
                        page = next(pages)
                    except StopIteration:
                        break
                    self.log.count(service, api)
                    items.extend(extract(page))
            else:
                self.log.count(service, api)
                items.extend(extract(getattr(client, operation)(**params)))
        except ClientError as error:
            self.log.count(service, api)
            code = str((error.response.get("Error") or {}).get("Code") or "")
            if code in set(absent):
                return []
            self._fault(error, api, where)
            return None
        except Exception as error:  # noqa: BLE001
            self.log.count(service, api)
            self._fault(error, api, where)
            return None
        return items

    # -- resources

    def resource(self, address: str, tf_type: str, name: str, attrs: Mapping[str, Any], api: str, *,
                 zone: str | None = None, region: Any = ..., account: str | None = None) -> Resource:
        from infra2arch_aws.transform import compact

        return Resource(
            address=address,
            type=tf_type,
            name=name,
            attrs=compact(attrs),
            origin=Origin.AWS,
            source=SourceLocation(api=api),
            location=Location("aws", account or self.account, self.region if region is ... else region, zone),
            provider="aws",
        )

    def arn(self, service: str, resource: str, region: str | None = None, account: str | None = None) -> str:
        region = self.region if region is None else region
        return f"arn:{self.partition}:{service}:{region or ''}:{self.account if account is None else account}:{resource}"


class Followups:
    """What a service task returns when its work fans out: resources made so far, and more tasks
    (label, callable returning resources) that the pool runs concurrently with everything else."""

    def __init__(self, tasks: list[tuple[str, Callable[[], Any]]], resources: Iterable[Resource] = ()):
        self.tasks = tasks
        self.resources = list(resources)


def fan_out(label: str, items: Iterable[Any] | None, one: Callable[[Any], Resource | list[Resource] | None],
            chunk: int = 20) -> Followups:
    """Per-item work (a describe call and its transform) in tasks of ``chunk`` items, so that a region
    with 500 endpoints is not read one describe at a time."""
    items = list(items or ())

    def run(part: list[Any]) -> list[Resource]:
        out: list[Resource] = []
        for item in part:
            made = one(item)
            if isinstance(made, Resource):
                out.append(made)
            elif made:
                out.extend(made)
        return out

    tasks = [(f"{label}[{start}:{start + len(items[start:start + chunk])}]", lambda p=items[start:start + chunk]: run(p))
             for start in range(0, len(items), chunk)]
    return Followups(tasks)
