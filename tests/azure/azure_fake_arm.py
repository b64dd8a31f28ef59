"""A small fake Azure Resource Manager over HTTPS, for the Azure adapter's tests and benchmark.

It answers the documented ARM shapes: a resource by its id, a collection as ``{"value": [...],
"nextLink": ...}`` (at subscription and resource-group scope, and nested collections under a
resource), the ARM error envelope ``{"error": {"code", "message"}}``, 404 for unknown routes.
Paths are matched case-insensitively, as ARM does. Faults are injected per collection path: a
status with an ARM error code (403 AuthorizationFailed, 409 MissingSubscriptionRegistration …),
or 429 with ``Retry-After`` a given number of times before the answer, or (status 0) an answer cut short.

Serves TLS with a throw-away self-signed certificate for 127.0.0.1 made with ``cryptography``:
azure-core refuses to send a bearer token over plain http.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

TOKEN = "fake-arm-token"


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """(cert.pem, key.pem) for 127.0.0.1 and localhost, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = _dt.datetime.now(_dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - _dt.timedelta(minutes=5)).not_valid_after(now + _dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Fault:
    status: int
    code: str
    message: str = ""
    times: int | None = None        # None: always; else the first N requests only
    retry_after: int | None = None  # seconds, for 429/503


@dataclass
class Estate:
    """What the fake serves: subscriptions, and resources by id (any ARM id, nested ones too)."""

    subscriptions: dict[str, str] = field(default_factory=dict)     # id -> display name
    resources: dict[str, dict] = field(default_factory=dict)        # lower(id) -> ARM JSON
    page_size: int = 100
    latency: float = 0.0                                            # seconds added to every answer (benchmarks)
    next_link_host: str | None = None                               # hand out nextLinks to this host instead (hostile)
    raw: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # lower(path) -> (status, body) sent as is
    faults: dict[str, Fault] = field(default_factory=dict)          # lower(collection path) -> fault
    requests: list[tuple[float, str, str, int]] = field(default_factory=list)   # (time, method, path, status)
    targets: list[str] = field(default_factory=list)                            # every request line, query included
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, item: dict) -> dict:
        self.resources[item["id"].lower()] = item
        return item

    def fault(self, path: str, status: int, code: str, message: str = "", times: int | None = None,
              retry_after: int | None = None) -> None:
        self.faults[path.lower().rstrip("/")] = Fault(status, code, message or code, times, retry_after)

    def calls(self, contains: str = "") -> list[str]:
        return [p for _, m, p, _ in self.requests if contains.lower() in p.lower()]

    # -- answers

    def subscription(self, path: str) -> dict | None:
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0].lower() == "subscriptions":
            for sub, name in self.subscriptions.items():
                if sub.lower() == parts[1].lower():
                    return {"id": f"/subscriptions/{sub}", "subscriptionId": sub, "displayName": name,
                            "state": "Enabled", "tenantId": "72f988bf-0000-0000-0000-000000000000"}
        return None

    def children(self, path: str) -> list[dict] | None:
        """The items of a collection path, or None when the path is not a collection."""
        parts = [p for p in path.strip("/").split("/") if p]
        low = [p.lower() for p in parts]
        if low == ["subscriptions"]:
            return [{"id": f"/subscriptions/{s}", "subscriptionId": s, "displayName": n, "state": "Enabled",
                     "tenantId": "72f988bf-0000-0000-0000-000000000000"} for s, n in sorted(self.subscriptions.items())]
        if len(low) < 2 or low[0] != "subscriptions" or low[1] not in {s.lower() for s in self.subscriptions}:
            return None
        if len(low) == 3 and low[2] == "resourcegroups":
            return [r for k, r in sorted(self.resources.items()) if _parent_collection(k) == "/".join(low)]
        # /subscriptions/S/providers/NS/T: every top-level resource of that type in the subscription
        if len(low) == 5 and low[2] == "providers":
            prefix = f"/subscriptions/{low[1]}/resourcegroups/"
            suffix = f"/providers/{low[3]}/{low[4]}/"
            here = "/".join(low)
            return [r for k, r in sorted(self.resources.items())
                    if (k.startswith(prefix) and suffix in k and k.count("/") == 8) or _parent_collection(k) == here]
        if len(low) >= 7 and low[2] == "resourcegroups" and low[4] == "providers" and len(low) % 2 == 1:
            return [r for k, r in sorted(self.resources.items()) if _parent_collection(k) == "/".join(low)]
        return None


def _parent_collection(lower_id: str) -> str:
    return lower_id.strip("/").rsplit("/", 1)[0] if "/" in lower_id.strip("/") else ""


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeARM/1.0"
    protocol_version = "HTTP/1.1"
    # headers and body in one write, no Nagle: else every answer waits for the client's delayed ACK (40 ms)
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-ms-request-id", "00000000-0000-0000-0000-000000000001")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        self._send(status, {"error": {"code": code, "message": message}}, headers)

    def do_POST(self) -> None:  # noqa: N802 - list-keys and the like: the scan must never call them
        estate: Estate = self.server.estate  # type: ignore[attr-defined]
        path = urlsplit(self.path).path
        with estate.lock:
            estate.requests.append((time.monotonic(), "POST", path, 405))
            estate.targets.append(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self._error(405, "MethodNotAllowed", "the fake ARM server is read-only")

    def do_GET(self) -> None:  # noqa: N802
        estate: Estate = self.server.estate  # type: ignore[attr-defined]
        split = urlsplit(self.path)
        path = split.path.rstrip("/") or "/"
        query = parse_qs(split.query)
        status = 200
        if estate.latency:
            time.sleep(estate.latency)
        try:
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                status = 401
                return self._error(401, "AuthenticationFailed", "missing or wrong bearer token")
            if "api-version" not in query:
                status = 400
                return self._error(400, "MissingApiVersionParameter", "The api-version query parameter is required")
            fault = estate.faults.get(path.lower())
            if fault is not None and (fault.times is None or fault.times > 0):
                if fault.times is not None:
                    fault.times -= 1
                status = fault.status
                if status == 0:   # an answer cut short: half a body, then the connection closes
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", "4096")
                    self.end_headers()
                    self.wfile.write(b'{"value": [')
                    self.wfile.flush()
                    self.close_connection = True
                    return None
                headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else None
                return self._error(fault.status, fault.code, fault.message, headers)
            if path.lower() in estate.raw:
                status, data = estate.raw[path.lower()]
                self.send_response(status)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return None
            item = estate.resources.get(path.lower()) or estate.subscription(path)
            if item is not None:
                return self._send(200, item)
            items = estate.children(path)
            if items is None:
                status = 404
                return self._error(404, "ResourceNotFound" if "/providers/" in path.lower() else "NotFound",
                                   f"The resource '{path}' was not found.")
            skip = int((query.get("$skiptoken") or ["0"])[0])
            page = items[skip:skip + estate.page_size]
            body: dict[str, Any] = {"value": page}
            if skip + estate.page_size < len(items):
                host = estate.next_link_host or self.headers.get("Host")
                rest = {k: v[0] for k, v in query.items() if k != "$skiptoken"}
                rest["$skiptoken"] = str(skip + estate.page_size)
                body["nextLink"] = f"https://{host}{split.path}?{urlencode(rest)}"
            return self._send(200, body)
        finally:
            with estate.lock:
                estate.requests.append((time.monotonic(), "GET", path, status))
                estate.targets.append(self.path)


class FakeArm:
    """``with FakeArm(estate, tmp) as arm:`` serves ``estate`` at ``arm.url`` (cert at ``arm.cert``)."""

    def __init__(self, estate: Estate, directory: Path):
        self.estate = estate
        self.cert, self.key = make_certificate(directory)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.estate = estate  # type: ignore[attr-defined]
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(self.cert), str(self.key))
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeArm":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()


_ID = re.compile(r"^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/(.+)$", re.IGNORECASE)
