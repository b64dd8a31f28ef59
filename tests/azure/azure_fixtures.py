"""The fake ARM server for the Azure adapter's tests: a new estate and server per test (they are
cheap: a TLS socket and a thread), the bearer token in INFRA2ARCH_AZURE_TOKEN, nothing else in the
environment that azure-identity would pick up. Skipped when the adapter or cryptography is missing
(pip install './providers/azure[test]')."""

from __future__ import annotations

import pytest

pytest.importorskip("infra2arch_azure")
pytest.importorskip("azure.mgmt.core")
pytest.importorskip("cryptography")

from azure_estate import SUB, Builder  # noqa: E402
from azure_fake_arm import TOKEN, Estate, FakeArm  # noqa: E402

AZURE_VARIABLES = ("AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH",
                   "AZURE_FEDERATED_TOKEN_FILE", "AZURE_USERNAME", "AZURE_PASSWORD", "AZURE_SUBSCRIPTION_ID",
                   "IDENTITY_ENDPOINT", "MSI_ENDPOINT", "INFRA2ARCH_AZURE_TOKEN", "REQUESTS_CA_BUNDLE")


@pytest.fixture
def estate(monkeypatch) -> Estate:
    for name in AZURE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("INFRA2ARCH_AZURE_TOKEN", TOKEN)
    return Estate()


@pytest.fixture
def builder(estate) -> Builder:
    return Builder(estate)


@pytest.fixture
def arm(estate, tmp_path):
    with FakeArm(estate, tmp_path / "tls") as server:
        yield server


@pytest.fixture
def scan(arm):
    """``scan(**options)``: the adapter against the fake, through the real azure-core pipeline."""
    from infra2arch_azure.provider import AzureOptions, AzureProvider

    def run(**overrides):
        options = {"subscriptions": (SUB,), "arm_endpoint": arm.url, "ca_bundle": str(arm.cert), "max_attempts": 1,
                   **overrides}
        return AzureProvider().scan("azure", AzureOptions(**options))

    return run
