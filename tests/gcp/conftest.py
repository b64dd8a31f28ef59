"""A fake Google Cloud REST server per test (127.0.0.1, port 0), and an environment in which the Google
libraries find no credentials and never probe the metadata server (no traffic leaves the machine).
Skipped when the Google SDKs are not installed (pip install './providers/gcp[test]')."""

from __future__ import annotations

import pytest

pytest.importorskip("google.cloud.aiplatform_v1")
pytest.importorskip("google.cloud.compute_v1")
pytest.importorskip("google.cloud.notebooks_v2")

from .fake import FakeGoogle  # noqa: E402


def isolate(monkeypatch, tmp_path) -> None:
    for name in ("GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT", "CLOUDSDK_CORE_PROJECT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path / "no-gcloud"))
    monkeypatch.setenv("NO_GCE_CHECK", "True")
    monkeypatch.setenv("GCE_METADATA_HOST", "127.0.0.1:9")
    monkeypatch.setenv("GCE_METADATA_IP", "127.0.0.1:9")


@pytest.fixture
def fake(monkeypatch, tmp_path):
    isolate(monkeypatch, tmp_path)
    server = FakeGoogle(page_size=3).start()
    try:
        yield server
    finally:
        server.stop()
