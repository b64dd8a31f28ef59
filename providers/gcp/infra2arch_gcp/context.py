"""What a service's ``get_*`` functions call Google through: a :class:`Scope` (one project in one region, or
project-wide) that pages, retries, counts calls and turns every fault into a gap.

API names are the IAM permissions the calls need (``aiplatform.endpoints.list``), so the custom role in
:mod:`infra2arch_gcp.permissions` is the set of names a scan counts (a test keeps them equal).
"""

from __future__ import annotations

import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from google.api_core import exceptions as gexc
from google.auth import exceptions as auth_exc

from infra2arch.model import Gap, GapKind, Location, Origin, Resource, SourceLocation

from infra2arch_gcp.transform import compact, message_dict

GLOBAL = "global"   # the region label of project-wide APIs in gap subjects
TIMEOUT = 60.0
MAX_RETRY_AFTER = 30.0   # a Retry-After longer than this is not waited for: the call fails and becomes a gap
MAX_PAGES = 10_000       # a list longer than this is cut with a gap: a server that pages for ever must not hang the scan

_URL_PREFIX = re.compile(r"^[A-Z]+ https?://\S+: ")
_RESET = ("ConnectionError", "ChunkedEncodingError")   # in requests' exception names (no import of requests here)
_RETRYABLE = (gexc.TooManyRequests, gexc.ResourceExhausted, gexc.ServiceUnavailable, gexc.InternalServerError,
              gexc.BadGateway, gexc.GatewayTimeout)


class CredentialsMissing(Exception):
    """Raised through the pool when the credentials are missing, expired or rejected: one line, exit 2."""


@dataclass(frozen=True)
class Fault:
    kind: GapKind
    reason: str
    not_enabled: bool = False      # the API is not enabled in the project: ask no more of it there


def _reason_of(error: gexc.GoogleAPICallError) -> str:
    try:
        return str(error.reason or "")
    except Exception:  # noqa: BLE001 - older api-core without ErrorInfo parsing
        return ""


def classify(error: BaseException) -> Fault:
    """What a failed call means for the scan."""
    if isinstance(error, gexc.GoogleAPICallError):
        # api-core prefixes "GET https://host/path?query: ": the host (a test port) and query are noise
        message = _URL_PREFIX.sub("", " ".join(str(error.message or "").split()))[:300]
        code = getattr(error, "code", None)
        text = f"HTTP {code}: {message}" if message else f"HTTP {code}"
        reason = _reason_of(error)
        if isinstance(error, gexc.Unauthenticated):
            raise CredentialsMissing(f"Google rejected the credentials ({text})")
        if reason in ("SERVICE_DISABLED", "API_DISABLED") or "has not been used in project" in message \
                or "is disabled" in message and "API" in message:
            return Fault(GapKind.NOT_AVAILABLE, f"API not enabled in the project ({text})", not_enabled=True)
        if isinstance(error, (gexc.Forbidden, gexc.PermissionDenied)):
            return Fault(GapKind.ACCESS_DENIED, f"permission denied ({text})")
        if isinstance(error, (gexc.TooManyRequests, gexc.ResourceExhausted)):
            return Fault(GapKind.THROTTLED, f"throttled or over quota beyond the retries ({text})")
        if isinstance(error, gexc.NotFound):
            return Fault(GapKind.NOT_AVAILABLE, f"not found: the API or the location is not available here ({text})")
        if isinstance(error, (gexc.BadRequest, gexc.InvalidArgument, gexc.FailedPrecondition)):
            return Fault(GapKind.NOT_AVAILABLE, f"request refused ({text}): the location may not offer this API")
        if isinstance(error, gexc.ServerError):
            return Fault(GapKind.NOT_AVAILABLE, f"server fault that outlasted the retries ({text})")
        return Fault(GapKind.NOT_AVAILABLE, f"API call failed ({text})")
    if isinstance(error, gexc.RetryError):
        return Fault(GapKind.NOT_AVAILABLE, f"gave up after retries ({error.message})")
    name = type(error).__name__
    if "ConnectionError" in name or "Timeout" in name or isinstance(error, (ConnectionError, TimeoutError)):
        return Fault(GapKind.NOT_AVAILABLE, f"endpoint not reachable ({name})")
    return Fault(GapKind.NOT_AVAILABLE, f"scan error ({name}: {error})")


def retry_after(error: BaseException) -> float | None:
    """The seconds a throttled or unavailable server asked to wait (``Retry-After``: seconds or an HTTP date)."""
    response = getattr(error, "response", None)
    headers = getattr(response, "headers", None)
    value = headers.get("Retry-After") if headers is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(str(value)).timestamp() - time.time())
        except (TypeError, ValueError, IndexError):
            return None


def is_credentials_error(error: BaseException) -> bool:
    return isinstance(error, (auth_exc.DefaultCredentialsError, auth_exc.RefreshError, CredentialsMissing))


class ScanLog:
    """Thread-safe record of one scan: calls made per API, gaps (merged per subject), APIs found disabled."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.api_calls = 0
        self.calls_by_service: dict[str, int] = {}
        self.calls_by_api: dict[str, int] = {}
        self._gaps: dict[tuple[str, str], list[Any]] = {}   # (kind, subject) -> [reasons, count, api, kind]
        self.disabled: set[tuple[str, str]] = set()          # (project, service) not enabled
        self.numbers: dict[str, str] = {}                    # project id -> project number, as learnt

    def number(self, project: str, number: str) -> None:
        with self._lock:
            self.numbers.setdefault(project, number)

    def count(self, api: str, n: int = 1) -> None:
        service = api.split(".", 1)[0]
        with self._lock:
            self.api_calls += n
            self.calls_by_service[service] = self.calls_by_service.get(service, 0) + n
            self.calls_by_api[api] = self.calls_by_api.get(api, 0) + n

    def gap(self, kind: GapKind, subject: str, reason: str, api: str | None = None) -> None:
        with self._lock:
            entry = self._gaps.setdefault((kind.value, subject), [set(), 0, api, kind])
            entry[0].add(reason)
            entry[1] += 1

    def disable(self, project: str, service: str) -> None:
        with self._lock:
            self.disabled.add((project, service))

    def gaps(self) -> list[Gap]:
        """Deterministic: one gap per (kind, subject), whatever order the threads finished in."""
        out: list[Gap] = []
        for (_, subject), (reasons, count, api, kind) in sorted(self._gaps.items()):
            reason = min(reasons)
            if count > 1 and kind in (GapKind.ACCESS_DENIED, GapKind.THROTTLED):
                reason = f"{reason} ({count} calls)"
            out.append(Gap(kind, subject, reason, SourceLocation(api=api)))
        return out


@dataclass
class Scope:
    """One project in one region (``region`` None for project-wide APIs)."""

    project: str
    region: str | None
    clients: Any                       # infra2arch_gcp.clients.Clients
    log: ScanLog = field(default_factory=ScanLog)
    number: str | None = None          # the project number, when known
    recent_jobs_days: int = 30
    max_attempts: int = 5

    @property
    def region_label(self) -> str:
        return self.region or GLOBAL

    def subject(self, api: str, region: str | None = None) -> str:
        return f"{self.project}/{region or self.region_label}/{api}"

    # -- calls

    def _skip(self, api: str) -> bool:
        return (self.project, api.split(".", 1)[0]) in self.log.disabled

    def _fault(self, error: BaseException, api: str) -> None:
        if is_credentials_error(error):
            raise CredentialsMissing(str(error)) from error
        fault = classify(error)
        if fault.not_enabled:
            self.log.disable(self.project, api.split(".", 1)[0])
            self.log.gap(fault.kind, f"{self.project}/{api.split('.', 1)[0]}", fault.reason, api)
            return
        self.log.gap(fault.kind, self.subject(api), fault.reason, api)

    def _attempt(self, api: str, call: Callable[[], Any]) -> Any:
        """One logical call, retried with exponential backoff and jitter on throttling and server faults; a
        Retry-After the server sends is honoured up to :data:`MAX_RETRY_AFTER` (beyond it, no wait: a gap)."""
        attempt = 0
        while True:
            attempt += 1
            self.log.count(api)
            try:
                return call()
            except _RETRYABLE as error:
                asked = retry_after(error)
                if attempt >= self.max_attempts or (asked is not None and asked > MAX_RETRY_AFTER):
                    raise
            except Exception as error:  # noqa: BLE001 - connection resets (and answers cut short) are retried too
                if not any(word in type(error).__name__ for word in _RESET) or attempt >= self.max_attempts:
                    raise
                asked = None
            backoff = min(8.0, 0.25 * 2 ** (attempt - 1)) * (0.5 + random.random() / 2)
            time.sleep(max(backoff, asked or 0.0))

    def _more(self, api: str, token: str, seen: set[str], pages: int, fresh: bool) -> bool:
        """Whether to ask for the page ``token`` names; a token already followed, a page that listed only
        objects seen before, or more than MAX_PAGES pages mean a server that pages for ever: cut, with a gap."""
        if not token:
            return False
        if token in seen or not fresh or pages >= MAX_PAGES:
            why = ("the same page token came back" if token in seen else
                   "a page listed only objects already listed" if not fresh else f"more than {MAX_PAGES} pages")
            self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api), f"list cut: {why} (the server pages in a loop); "
                         "what was listed before is kept", api)
            return False
        seen.add(token)
        return True

    def _named(self, api: str, items: Iterable[Any], required: str | None, listed: set[str]) -> tuple[list[dict], bool]:
        """The objects of one page that can be read (those with ``required``), whether any was new; an object
        without it cannot be addressed and is a gap rather than silently left out."""
        out: list[dict] = []
        fresh = False
        unnamed = 0
        for item in items:
            if not isinstance(item, dict) or (required and not item.get(required)):
                unnamed += 1
                continue
            identity = str(item.get(required)) if required else repr(sorted(item.items()))
            fresh = fresh or identity not in listed
            listed.add(identity)
            out.append(item)
        if unnamed:
            self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api), f"listed objects without a {required or 'body'} "
                         "were not read: they cannot be addressed", api)
        return out, fresh or unnamed > 0 or not out   # an empty page with a token is legal (filtered lists)

    def _unreachable(self, api: str, locations: Any) -> None:
        """A list across locations (``locations/-``) names those it could not reach (AIP-217 ``unreachable``):
        their objects are missing from the answer, which must not pass for the whole list."""
        names = sorted({str(n) for n in locations or () if n}) if not isinstance(locations, str) else [locations]
        if names:
            shown = ", ".join(n.rsplit("/", 1)[-1] for n in names[:10]) + (" …" if len(names) > 10 else "")
            self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api), f"the API could not reach {len(names)} "
                         f"location{'s' if len(names) > 1 else ''} ({shown}): what is there is not listed", api)

    def pages(self, api: str, method: Callable[..., Any], request: Mapping[str, Any], key: str,
              token_field: str = "page_token", absent: bool = False, required: str | None = "name") -> list[dict] | None:
        """Every item of a generated client's list method, one call per page. None when a page failed
        (a gap says why): a partial list is never taken for the whole. ``absent``: 404 means none."""
        if self._skip(api):
            return None
        items: list[dict] = []
        token = ""
        seen: set[str] = set()
        listed: set[str] = set()
        try:
            while True:
                req = dict(request)
                if token:
                    req[token_field] = token
                pager = self._attempt(api, lambda r=req: method(request=r, retry=None, timeout=TIMEOUT))
                page, fresh = self._named(api, (message_dict(item) for item in getattr(pager, key)), required, listed)
                items.extend(page)
                self._unreachable(api, getattr(pager, "unreachable", None))
                token = pager.next_page_token
                if not self._more(api, token, seen, len(seen) + 1, fresh):
                    return items
        except gexc.NotFound:
            if absent:
                return []
            self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api), "not found: the API or the location is not "
                                                                     "available here (HTTP 404)", api)
            return None
        except Exception as error:  # noqa: BLE001 - every fault is data
            self._fault(error, api)
            return None

    def get(self, api: str, call: Callable[[], Any], *, absent: bool = True) -> dict | None:
        """One generated-client call returning a message. None when absent (404) or failed (a gap)."""
        if self._skip(api):
            return None
        try:
            return message_dict(self._attempt(api, call))
        except gexc.NotFound:
            if not absent:
                self.log.gap(GapKind.NOT_AVAILABLE, self.subject(api), "not found (HTTP 404)", api)
            return None
        except Exception as error:  # noqa: BLE001
            self._fault(error, api)
            return None

    def rest_list(self, api: str, path: str, key: str, params: Mapping[str, Any] | None = None,
                  page_param: str = "pageSize", page_size: int = 500, required: str | None = "name") -> list[dict] | None:
        """Every item of a documented JSON list (``nextPageToken`` pagination), one call per page."""
        if self._skip(api):
            return None
        items: list[dict] = []
        token = ""
        seen: set[str] = set()
        listed: set[str] = set()
        try:
            while True:
                query = {**(params or {})}
                if page_param:
                    query[page_param] = page_size
                if token:
                    query["pageToken"] = token
                body = self._attempt(api, lambda q=query: self.clients.rest("GET", api, path, q))
                found = body.get(key)
                page, fresh = self._named(api, found if isinstance(found, list) else (), required, listed)
                items.extend(page)
                self._unreachable(api, body.get("unreachable"))
                token = str(body.get("nextPageToken") or "")
                if not self._more(api, token, seen, len(seen) + 1, fresh):
                    return items
        except Exception as error:  # noqa: BLE001
            self._fault(error, api)
            return None

    def rest_get(self, api: str, path: str, method: str = "GET", params: Mapping[str, Any] | None = None,
                 body: Mapping[str, Any] | None = None) -> dict | None:
        """One documented JSON call (an object or an IAM policy). None when it failed (a gap says why)."""
        if self._skip(api):
            return None
        try:
            return self._attempt(api, lambda: self.clients.rest(method, api, path, params, body))
        except gexc.NotFound:
            return None
        except Exception as error:  # noqa: BLE001
            self._fault(error, api)
            return None

    # -- resources

    def each(self, transform: Callable[..., Any], items: Iterable[Any] | None, *context: Any,
             api: str | None = None) -> list[Resource]:
        """``transform(item, *context, self)`` for every item; an item whose answer has a shape the transform
        did not expect (a field of another JSON type) is a gap of its own, and its neighbours are kept."""
        out: list[Resource] = []
        for item in items or ():
            try:
                made = transform(item, *context, self)
            except Exception as error:  # noqa: BLE001 - one odd object must not lose the list
                self._odd(item, error, api)
                continue
            if isinstance(made, Resource):
                out.append(made)
            elif made:
                out.extend(made)
        return out

    def _odd(self, item: Any, error: BaseException, api: str | None) -> None:
        name = item.get("name") if isinstance(item, dict) else getattr(item, "address", None)
        subject = f"{self.project}/{self.region_label}/{name}" if isinstance(name, str) and name else self.subject(api or "?")
        self.log.gap(GapKind.NOT_AVAILABLE, subject, f"not read: unexpected answer ({type(error).__name__}: "
                     f"{str(error)[:200]})", api)

    def resource(self, address: str, tf_type: str, name: str, attrs: Mapping[str, Any], api: str, *,
                 region: Any = ..., zone: str | None = None) -> Resource:
        return Resource(
            address=address,
            type=tf_type,
            name=name,
            attrs=compact(attrs),
            origin=Origin.GCP,
            source=SourceLocation(api=api),
            location=Location("google", self.project, self.region if region is ... else region, zone),
            provider="google",
        )


class Followups:
    """What a service task returns when its work fans out: resources made so far, and more tasks
    (label, callable returning resources) that the pool runs concurrently with everything else."""

    def __init__(self, tasks: list[tuple[str, Callable[[], Any]]], resources: Iterable[Resource] = ()):
        self.tasks = tasks
        self.resources = list(resources)


def fan_out(scope: Scope, label: str, items: Iterable[Any] | None,
            one: Callable[[Any], Resource | list[Resource] | None], chunk: int = 20,
            resources: Iterable[Resource] = ()) -> Followups:
    """Per-item work (an IAM policy read and its transform) in tasks of ``chunk`` items."""
    items = list(items or ())

    def run(part: list[Any]) -> list[Resource]:
        out: list[Resource] = []
        for item in part:
            try:
                made = one(item)
            except CredentialsMissing:
                raise
            except Exception as error:  # noqa: BLE001 - one item's odd answer must not lose its chunk
                scope._odd(item, error, None)
                continue
            if isinstance(made, Resource):
                out.append(made)
            elif made:
                out.extend(made)
        return out

    tasks = [(f"{label}[{start}:{start + len(items[start:start + chunk])}]", lambda p=items[start:start + chunk]: run(p))
             for start in range(0, len(items), chunk)]
    return Followups(tasks, resources)
