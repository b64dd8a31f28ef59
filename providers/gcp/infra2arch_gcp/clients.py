"""Credentials and clients: the official generated clients (Vertex AI ``aiplatform_v1``, ``compute_v1``,
``notebooks_v2``) over their REST transport, and google-auth's authorized session for the documented
JSON APIs (Cloud Storage, Cloud KMS, IAM, Artifact Registry, Cloud Run v2, Service Networking, Resource
Manager). With ``endpoint_url`` every call goes to that one base URL with the API's own REST path."""

from __future__ import annotations

import importlib
import os
import threading
from typing import Any, Mapping

from google.api_core import exceptions as gexc
from google.api_core.client_options import ClientOptions

from infra2arch.errors import UserError

NO_CREDENTIALS = ("no Google Cloud credentials found: run `gcloud auth application-default login`, or set "
                  "GOOGLE_APPLICATION_CREDENTIALS to a service-account key file")
SCOPES = ("https://www.googleapis.com/auth/cloud-platform",)

# the first word of an API (permission) name -> the host that serves it
HOSTS: Mapping[str, str] = {
    "storage": "storage.googleapis.com",
    "cloudkms": "cloudkms.googleapis.com",
    "iam": "iam.googleapis.com",
    "artifactregistry": "artifactregistry.googleapis.com",
    "run": "run.googleapis.com",
    "servicenetworking": "servicenetworking.googleapis.com",
    "resourcemanager": "cloudresourcemanager.googleapis.com",
    "compute": "compute.googleapis.com",
    "notebooks": "notebooks.googleapis.com",
}


class Clients:
    """Clients created once per (client class, region) under a lock; the clients themselves are used from
    many threads (their REST transports share a requests session each)."""

    def __init__(self, endpoint_url: str | None, anonymous: bool, max_workers: int = 8):
        self.endpoint_url = endpoint_url.rstrip("/") if endpoint_url else None
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, str, str | None], Any] = {}
        self._key_locks: dict[tuple[str, str, str | None], threading.Lock] = {}
        self.credentials, self.default_project = self._credentials(anonymous)
        from google.auth.transport.requests import AuthorizedSession
        from requests.adapters import HTTPAdapter

        self.session = AuthorizedSession(self.credentials)
        adapter = HTTPAdapter(pool_connections=16, pool_maxsize=max(10, max_workers * 2))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)

    @staticmethod
    def _credentials(anonymous: bool) -> tuple[Any, str | None]:
        if anonymous:
            from google.auth.credentials import AnonymousCredentials

            return AnonymousCredentials(), os.environ.get("GOOGLE_CLOUD_PROJECT") or None
        import warnings

        import google.auth
        from google.auth import exceptions as auth_exc

        # user credentials without a quota project draw a multi-line warning on stderr: not the user's problem
        # for a read-only scan (the calls are billed to the scanned project), and no place for a traceback
        warnings.filterwarnings("ignore", message="Your application has authenticated using end user credentials")
        try:
            credentials, project = google.auth.default(scopes=list(SCOPES))
        except auth_exc.DefaultCredentialsError as error:
            detail = str(error).split("\n")[0]
            if "File" in detail and "was not found" in detail:   # GOOGLE_APPLICATION_CREDENTIALS names no file
                raise UserError(f"Google Cloud credentials file not found: {detail}") from None
            raise UserError(NO_CREDENTIALS) from None
        return credentials, project or os.environ.get("GOOGLE_CLOUD_PROJECT") or None

    def generated(self, module: str, name: str, region: str | None = None) -> Any:
        """A generated client (``generated("aiplatform_v1", "EndpointServiceClient", "us-central1")``).
        Vertex AI is served per region (``{region}-aiplatform.googleapis.com``); the others globally."""
        # Vertex AI is regional, unless one endpoint serves everything
        key = (module, name, region if module.startswith("aiplatform") and not self.endpoint_url else None)
        client = self._cache.get(key)
        if client is not None:
            return client
        with self._lock:   # one lock per client: building a client takes tens of ms, do not serialise them all
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            client = self._cache.get(key)
            if client is None:
                if self.endpoint_url:
                    endpoint = self.endpoint_url
                elif module.startswith("aiplatform"):
                    endpoint = f"https://{region}-aiplatform.googleapis.com" if region else \
                        "https://aiplatform.googleapis.com"
                else:
                    endpoint = None
                package = importlib.import_module(f"google.cloud.{module}")
                options = ClientOptions(api_endpoint=endpoint) if endpoint else None
                client = getattr(package, name)(credentials=self.credentials, transport="rest", client_options=options)
                self._cache[key] = client
            return client

    def base(self, api: str) -> str:
        if self.endpoint_url:
            return self.endpoint_url
        return f"https://{HOSTS[api.split('.', 1)[0]]}"

    def rest(self, method: str, api: str, path: str, params: Mapping[str, Any] | None = None,
             body: Mapping[str, Any] | None = None) -> dict:
        """One JSON call; an HTTP error raises the same google.api_core exception a generated client would."""
        response = self.session.request(method, self.base(api) + path, params=dict(params or {}) or None,
                                        json=dict(body) if body is not None else None, timeout=60)
        if response.status_code >= 400:
            raise gexc.from_http_response(response)
        if not response.content:
            return {}
        try:
            data = response.json()
        except ValueError:
            raise gexc.ServiceUnavailable(f"not a JSON answer from {path}") from None
        return data if isinstance(data, dict) else {}
