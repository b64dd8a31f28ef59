"""A moto server for the AWS adapter's tests: one per session on 127.0.0.1 (random port), reset
before every test. Skipped when moto[server] is not installed (pip install './providers/aws[test]')."""

from __future__ import annotations

import logging
import urllib.request

import pytest

pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")
pytest.importorskip("flask_cors")

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

REGION = "us-east-1"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
NO_RETRIES = Config(retries={"mode": "standard", "total_max_attempts": 1})


@pytest.fixture(scope="session")
def moto_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.CRITICAL)   # no request log lines or tracebacks
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def moto(moto_endpoint, monkeypatch):
    """A clean moto server, and an environment in which boto3 finds only the test credentials and
    never looks for instance metadata (no traffic leaves the machine)."""
    # generous: a busy 2-core CI machine can take seconds to reset a large moto state
    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")
    with urllib.request.urlopen(request, timeout=120):
        pass
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                 "AWS_ENDPOINT_URL", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", CREDENTIALS["aws_access_key_id"])
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", CREDENTIALS["aws_secret_access_key"])
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent/infra2arch-test/config")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/infra2arch-test/credentials")
    return moto_endpoint


@pytest.fixture
def aws(moto):
    """``aws("sagemaker", region="us-east-1", **credentials)``: a boto3 client on the moto server for setup."""

    def make(service: str, region: str = REGION, **credentials):
        return boto3.client(service, region_name=region, endpoint_url=moto, config=NO_RETRIES,
                            **(credentials or CREDENTIALS))

    return make


@pytest.fixture
def factory(moto):
    """A client_factory for AwsOptions: clients on the moto server, with the test credentials unless
    the adapter passes assumed-role ones."""

    def make(service: str, region: str, **kwargs):
        kwargs.setdefault("endpoint_url", moto)
        for key, value in CREDENTIALS.items():
            kwargs.setdefault(key, value)
        return boto3.client(service, region_name=region, **kwargs)

    return make
