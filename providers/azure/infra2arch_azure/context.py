"""What the Azure services call ARM through: one :class:`Scope` per (subscription, resource group
or the whole subscription). It counts calls, follows ``nextLink`` pages, and turns every fault into a
gap (403 AuthorizationFailed, 404, a resource provider not registered, throttling that outlasted the
retries, a server fault) so that the scan goes on. Imports azure-core: loaded only by the scan."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlencode, urlsplit

from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.rest import HttpRequest

from infra2arch.model import Gap, GapKind, Location, Origin, Resource, SourceLocation

from infra2arch_azure.transform import compact, location, resource_group_of, tags

_NOT_REGISTERED = frozenset({"MissingSubscriptionRegistration", "NoRegisteredProviderFound",
                             "SubscriptionNotRegistered", "InvalidResourceNamespace"})
_DENIED = frozenset({"AuthorizationFailed", "LinkedAuthorizationFailed", "Forbidden", "AuthorizationFailure",
                     "RequestDisallowedByPolicy", "InvalidAuthenticationTokenTenant"})


class CredentialsMissing(Exception):
    """No credential could give a token: the adapter turns it into one line and exit 2."""


class CredentialsRejected(Exception):
    """ARM answered 401: the token is not valid for this Resource Manager."""


class EndpointUnreachable(Exception):
    """The Resource Manager endpoint cannot be reached at all (wrong URL, TLS not trusted)."""


@dataclass(frozen=True)
class Fault:
    kind: GapKind
    reason: str


def _arm_error(error: HttpResponseError) -> tuple[int, str, str]:
    status = int(getattr(error, "status_code", None) or 0)
    code, message = "", ""
    response = getattr(error, "response", None)
    try:
        body = response.json() if response is not None else None
    except Exception:  # noqa: BLE001 - not JSON: an HTML error page or nothing
        body = None
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        code = str(body["error"].get("code") or "")
        message = " ".join(str(body["error"].get("message") or "").split())
    return status, code, message[:300]


def classify(error: BaseException) -> Fault:
    """What a failed call means for the scan."""
    if isinstance(error, HttpResponseError):
        status, code, message = _arm_error(error)
        text = f"{code or 'HTTP ' + str(status)}" + (f": {message}" if message else "")
        if code in _NOT_REGISTERED:
            return Fault(GapKind.NOT_AVAILABLE, f"resource provider not registered in the subscription ({text})")
        if status == 403 or code in _DENIED:
            return Fault(GapKind.ACCESS_DENIED, f"access denied ({text})")
        if status == 429:
            return Fault(GapKind.THROTTLED, f"throttled beyond the retries ({text})")
        if status == 404:
            return Fault(GapKind.NOT_AVAILABLE, f"not found ({text})")
        if status >= 500:
            return Fault(GapKind.NOT_AVAILABLE, f"server fault that outlasted the retries (HTTP {status}, {text})")
        return Fault(GapKind.NOT_AVAILABLE, f"API call failed (HTTP {status}, {text})")
    if isinstance(error, (ServiceRequestError, ServiceResponseError)):
        if "CERTIFICATE_VERIFY_FAILED" in str(error):
            return Fault(GapKind.NOT_AVAILABLE, "Resource Manager not reachable: its TLS certificate is not trusted "
                                                "(pass --ca-bundle)")
        return Fault(GapKind.NOT_AVAILABLE, f"Resource Manager not reachable ({type(error).__name__})")
    if isinstance(error, ValueError):   # json.JSONDecodeError: a proxy's page, a truncated answer
        return Fault(GapKind.NOT_AVAILABLE, "the answer is not JSON (a proxy or gateway page, or cut short)")
    return Fault(GapKind.NOT_AVAILABLE, f"scan error ({type(error).__name__}: {error})")


class ScanLog:
    """Thread-safe record of one scan: API calls made (by API), gaps merged per subject."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.api_calls = 0
        self.calls_by_api: dict[str, int] = {}
        self._gaps: dict[tuple[str, str], list[Any]] = {}

    def count(self, api: str) -> None:
        with self._lock:
            self.api_calls += 1
            self.calls_by_api[api] = self.calls_by_api.get(api, 0) + 1

    def gap(self, kind: GapKind, subject: str, reason: str, api: str | None = None) -> None:
        with self._lock:
            entry = self._gaps.setdefault((kind.value, subject), [set(), 0, api, kind])
            entry[0].add(reason)
            entry[1] += 1

    def gaps(self) -> list[Gap]:
        """One gap per (kind, subject), whatever order the threads finished in."""
        out = []
        for (_, subject), (reasons, count, api, kind) in sorted(self._gaps.items()):
            reason = min(reasons)
            if count > 1:
                reason = f"{reason} ({count} calls)"
            out.append(Gap(kind, subject, reason, SourceLocation(api=api)))
        return out


class Arm:
    """GETs against one Resource Manager through an azure-core pipeline (bearer token, retries that
    honour Retry-After, TLS verified against ``ca_bundle`` when given). Never anything but GET."""

    def __init__(self, client: Any, base_url: str):
        self.client = client
        self.base_url = base_url.rstrip("/")

    def same_origin(self, url: str) -> bool:
        mine, theirs = urlsplit(self.base_url), urlsplit(url)
        return (theirs.scheme, theirs.netloc.lower()) == (mine.scheme, mine.netloc.lower())

    def get(self, url: str) -> Any:
        request = HttpRequest("GET", url if url.startswith("http") else self.base_url + url)
        response = self.client.send_request(request)
        response.raise_for_status()
        return response.json()


@dataclass
class Scope:
    """One subscription, or one resource group of it (``resource_group`` set): what a service's
    ``get_*`` functions call through and what its ``to_terraform_*`` functions stamp resources with."""

    subscription: str
    resource_group: str | None
    arm: Arm
    log: ScanLog = field(default_factory=ScanLog)

    @property
    def prefix(self) -> str:
        """The path collections are listed under: the subscription, or the resource group."""
        base = f"/subscriptions/{self.subscription}"
        return f"{base}/resourceGroups/{self.resource_group}" if self.resource_group else base

    def subject(self, api: str, where: str | None = None) -> str:
        return f"{self.subscription or '*'}/{where or self.resource_group or '*'}/{api}"

    def _fault(self, error: BaseException, api: str, where: str | None) -> None:
        if isinstance(error, ClientAuthenticationError) and not getattr(error, "status_code", None):
            # raised by the credential before anything was sent: no token to be had
            raise CredentialsMissing(str(error).splitlines()[0] if str(error) else type(error).__name__) from error
        if isinstance(error, HttpResponseError) and getattr(error, "status_code", None) == 401:
            raise CredentialsRejected(classify(error).reason) from error
        fault = classify(error)
        self.log.gap(fault.kind, self.subject(api, where), fault.reason, api)

    def list(self, path: str, api_version: str, api: str, *, where: str | None = None,
             query: Mapping[str, str] | None = None) -> list[dict] | None:
        """Every item of an ARM collection, following ``nextLink``. ``path`` is absolute
        (``/subscriptions/…``) or relative to :attr:`prefix` (``providers/Microsoft.Network/…``).
        None when a page failed (a gap says why): a partial list is never taken for the whole."""
        url = path if path.startswith("/") else f"{self.prefix}/{path}"
        url = f"{url}?{urlencode({'api-version': api_version, **(query or {})})}"
        items: list[dict] = []
        seen: set[str] = set()
        while url:
            self.log.count(api)
            try:
                page = self.arm.get(url)
            except Exception as error:  # noqa: BLE001 - every fault is data
                self._fault(error, api, where)
                return None
            if not isinstance(page, Mapping):
                self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api, where), "answer is not an ARM list", api)
                return None
            values = page.get("value")
            values = values if isinstance(values, list) else []
            items.extend(v for v in values if isinstance(v, Mapping) and v.get("id"))
            if any(not (isinstance(v, Mapping) and v.get("id")) for v in values):
                # an object ARM lists without an id cannot be addressed or placed: say so rather than drop it
                self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api, where),
                             "listed objects without an id were not read: they cannot be addressed", api)
            url = page.get("nextLink") or ""
            if url and not self.arm.same_origin(url):
                # the bearer token goes with every request: never to another host than the one asked
                self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api, where),
                             f"nextLink points to another host ({urlsplit(url).netloc}): not followed, list cut", api)
                return None
            if url:
                key = urlsplit(url)._replace(netloc="").geturl()
                if key in seen:   # a server that hands back the same page forever
                    self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api, where), "nextLink loops: list cut", api)
                    break
                seen.add(key)
        return items

    def read(self, convert: Callable[..., Any], resource_type: str, api_version: str) -> list[Resource]:
        """Every top-level resource of ``resource_type`` (``Microsoft.Network/virtualNetworks``) in
        this scope, converted; the API is named by its RBAC action (``<type>/read``)."""
        return self.each(convert, self.list(f"providers/{resource_type}", api_version, f"{resource_type}/read"))

    def get(self, path: str, api_version: str, api: str, *, where: str | None = None) -> dict | None:
        self.log.count(api)
        try:
            item = self.arm.get(f"{path}?{urlencode({'api-version': api_version})}")
        except Exception as error:  # noqa: BLE001
            self._fault(error, api, where)
            return None
        return item if isinstance(item, dict) else None

    # -- resources

    def each(self, convert: Callable[..., Any], items: Iterable[Any] | None, *context: Any) -> list[Resource]:
        """``convert(item, *context, scope)`` for every item; an item whose answer has a shape the
        transform did not expect is a gap of its own, and the others are kept."""
        out: list[Resource] = []
        for item in items or ():
            try:
                made = convert(item, *context, self)
            except Exception as error:  # noqa: BLE001 - one odd object must not lose its neighbours
                subject = str(item.get("id")) if isinstance(item, Mapping) else self.subject("?")
                self.log.gap(GapKind.NOT_AVAILABLE, subject,
                             f"not read: unexpected answer ({type(error).__name__}: {str(error)[:200]})",
                             getattr(convert, "__name__", None))
                continue
            if isinstance(made, Resource):
                out.append(made)
            elif made:
                out.extend(made)
        return out

    def resource(self, item: Mapping[str, Any], tf_type: str, attrs: Mapping[str, Any], api: str, *,
                 address: str | None = None, name: str | None = None, region: Any = ...,
                 zone: str | None = None) -> Resource:
        """A resource from an ARM item: ``id``, ``name``, ``location``, ``resource_group_name`` and
        ``tags`` are added to ``attrs`` unless given."""
        arm_id = str(item.get("id") or address or "")
        full = {
            "id": item.get("id"),
            "name": item.get("name"),
            "location": location(item),
            "resource_group_name": resource_group_of(arm_id),
            "tags": tags(item),
        }
        full.update(attrs)
        return Resource(
            address=address or arm_id,
            type=tf_type,
            name=str(name or item.get("name") or arm_id.rsplit("/", 1)[-1]),
            attrs=compact(full),
            origin=Origin.AZURE,
            source=SourceLocation(api=api),
            location=Location("azurerm", self.subscription, location(item) if region is ... else region, zone),
            provider="azurerm",
        )


class Followups:
    """What a task returns when its work fans out: resources so far, and more tasks (label, callable)
    that the pool runs concurrently with everything else."""

    def __init__(self, tasks: list[tuple[str, Callable[[], Any]]], resources: Iterable[Resource] = ()):
        self.tasks = tasks
        self.resources = list(resources)


def fan_out(label: str, items: Iterable[Any] | None, one: Callable[[Any], list[Resource] | Resource | None],
            chunk: int = 10, resources: Iterable[Resource] = ()) -> Followups:
    """Per-item calls (a workspace's computes, a storage account's containers) in tasks of ``chunk``."""
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
    return Followups(tasks, resources)
