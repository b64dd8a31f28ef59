"""A small local Google Cloud REST server for the GCP adapter's tests and benchmark.

It answers the documented v1/v2 JSON shapes over real HTTP on 127.0.0.1 (port 0): camelCase objects,
``nextPageToken`` pagination (its own page size, whatever the client asks for), IAM policies through
``:getIamPolicy`` / ``/iam``, and Google's error envelope. Unknown routes answer 404 (never 500, which
the SDKs retry for ~90 s). It holds data, not behaviour: scenarios fill it with ``collection`` and
``policy``, and ``fail`` makes the routes under a prefix (or one path, ``…$``) answer an error (status 0: an
answer cut short).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
           429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}
_FILTERED_BY = ("project", "network")   # query parameters that select a different collection


@dataclass
class Fault:
    prefix: str
    status: int
    message: str
    reason: str = ""
    times: int | None = None   # None: always; n: the first n matching calls
    retry_after: str | None = None   # a Retry-After header sent with the error (seconds)


def _matches(prefix: str, path: str) -> bool:
    """A fault's route: a path prefix, or exactly one path when it ends with ``$``."""
    return path == prefix[:-1] if prefix.endswith("$") else path.startswith(prefix)


class FakeGoogle:
    def __init__(self, page_size: int = 50, latency: float = 0.0):
        self.page_size = page_size
        self.latency = latency        # seconds added to every answer (a network's round trip, for benchmarks)
        self.collections: dict[str, tuple[str, list[dict]]] = {}   # path[?filter=value] -> (items key, items)
        self.objects: dict[str, dict] = {}                          # path -> object (GET)
        self.policies: dict[str, dict] = {}                         # resource path -> IAM policy
        self.faults: list[Fault] = []
        self.endless: set[str] = set()                              # lists whose every page says "there is more"
        self.extras: dict[str, dict] = {}                           # path -> fields added to each of its pages
        self.calls: list[tuple[str, str]] = []
        self.times: list[tuple[float, str]] = []                    # (monotonic time, path) of every call
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # -- data

    def collection(self, path: str, key: str, items: list[dict] | dict, *, query: str = "", object_path=None) -> None:
        """Add items to the list at ``path`` (answered under ``key``); each item is also answered by a GET
        on ``object_path(item)`` (default: ``path/<last segment of its name>``) when it has a name."""
        items = [items] if isinstance(items, dict) else items
        full = f"{path}?{query}" if query else path
        entry = self.collections.setdefault(full, (key, []))
        entry[1].extend(items)
        for item in items:
            where = object_path(item) if object_path else (
                f"{path}/{str(item['name']).rsplit('/', 1)[-1]}" if item.get("name") else None)
            if where:
                self.objects[where] = item

    def put(self, path: str, value: dict) -> None:
        self.objects[path] = value

    def policy(self, resource_path: str, bindings: dict[str, list[str]]) -> None:
        """An IAM policy: role -> members."""
        self.policies[resource_path] = {"version": 1, "etag": "BwYAAAAAAAA=",
                                        "bindings": [{"role": r, "members": m} for r, m in bindings.items()]}

    def fail(self, prefix: str, status: int = 403, message: str = "", reason: str = "", times: int | None = None,
             retry_after: str | None = None) -> None:
        self.faults.append(Fault(prefix, status, message or f"The caller does not have permission ({prefix})",
                                 reason, times, retry_after))

    def count(self, contains: str = "") -> int:
        with self._lock:
            return sum(1 for _, path in self.calls if contains in path)

    # -- server

    def start(self) -> "FakeGoogle":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, name="fake-google", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- answers

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        if length:
            handler.rfile.read(length)
        parts = urlsplit(handler.path)
        path = unquote(parts.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        with self._lock:
            self.calls.append((method, path))
            self.times.append((time.monotonic(), path))
            fault = next((f for f in self.faults if _matches(f.prefix, path) and f.times != 0), None)
            if fault is not None and fault.times is not None:
                fault.times -= 1
        if fault is not None and fault.status == 0:   # an answer cut short: half a body, then the connection closes
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json; charset=UTF-8")
            handler.send_header("Content-Length", "4096")
            handler.end_headers()
            handler.wfile.write(b'{"endpoints": [')
            handler.wfile.flush()
            handler.close_connection = True
            return None
        if fault is not None:
            return self._error(handler, fault.status, fault.message, fault.reason, fault.retry_after)
        status, body = self._answer(method, path, query)
        if self.latency:
            time.sleep(self.latency)
        self._send(handler, status, body)

    def _answer(self, method: str, path: str, query: dict[str, str]) -> tuple[int, dict]:
        if path.endswith(":getIamPolicy") or path.endswith("/iam"):
            resource = path[: -len(":getIamPolicy")] if path.endswith(":getIamPolicy") else path[: -len("/iam")]
            resource = resource.split("/", 2)[-1] if resource.startswith(("/v1/", "/v2/")) else resource
            if resource in self.policies or self._known(path):
                return 200, self.policies.get(resource, {"version": 1, "etag": "ACAB"})
            return self._not_found(path)
        if method != "GET":
            return self._not_found(path)
        for name in _FILTERED_BY:
            if name in query and f"{path}?{name}={query[name]}" in self.collections:
                return 200, self._page(f"{path}?{name}={query[name]}", query)
        if path.startswith("/v2/projects/") and path.endswith("/locations/-/instances"):
            # every location at once, as the Notebooks API answers ``locations/-``: the zones' lists together
            head = path[: -len("-/instances")]
            merged = [item for key, (_, items) in sorted(self.collections.items())
                      if key.startswith(head) and key.endswith("/instances") and key != path for item in items]
            self.collections[path] = ("instances", merged)
        if path in self.collections:
            return 200, self._page(path, query)
        if path in self.objects:
            return 200, self.objects[path]
        return self._not_found(path)

    def _known(self, path: str) -> bool:
        resource = path.rsplit(":", 1)[0] if ":getIamPolicy" in path else path[: -len("/iam")]
        return resource in self.objects

    def _page(self, full: str, query: dict[str, str]) -> dict:
        key, items = self.collections[full]
        wanted = query.get("filter", "")
        if wanted.startswith("create_time>"):
            since = wanted.split(">", 1)[1].strip('"')
            items = [i for i in items if str(i.get("createTime", "")) > since]
        start = int(query.get("pageToken") or 0)
        asked = int(query.get("pageSize") or query.get("maxResults") or self.page_size)
        size = max(1, min(asked, self.page_size))
        page = items[start:start + size]
        body: dict[str, Any] = {key: page} if page else {}
        if start + size < len(items):
            body["nextPageToken"] = str(start + size)
        if full in self.endless:   # a faulty server: the first page again, under a new token, for ever
            body = {key: items[:size], "nextPageToken": str(start + size)}
        return {**body, **self.extras.get(full, {})}

    @staticmethod
    def _not_found(path: str) -> tuple[int, dict]:
        return 404, {"error": {"code": 404, "message": f"Requested entity was not found: {path}", "status": "NOT_FOUND"}}

    def _error(self, handler: BaseHTTPRequestHandler, status: int, message: str, reason: str,
               retry_after: str | None = None) -> None:
        error: dict[str, Any] = {"code": status, "message": message, "status": _STATUS.get(status, "UNKNOWN"),
                                 "errors": [{"message": message, "domain": "global",
                                             "reason": "forbidden" if status == 403 else "error"}]}
        if reason:
            error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason,
                                 "domain": "googleapis.com", "metadata": {"service": "aiplatform.googleapis.com"}}]
        self._send(handler, status, {"error": error}, {"Retry-After": retry_after} if retry_after else None)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: dict, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json; charset=UTF-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
