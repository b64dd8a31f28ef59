"""Secrets stay out of every output: each credential format, in graph.json, the DOT and SVG maps
(labels, ids, tooltips), the terminal summary, and every cache file; the non-secret part stays
visible and a gap records the redaction. Ordinary values (ARNs, digests, resource ids) are kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra2arch.redact import MASK, looks_secret, redact, scrub
from test_cli import CLI, Result

AZURE_KEY = "Zm9vYmFy" * 9 + "Q2xlYW5LZXk9WQ=="           # 88 characters, ends with ==
# name: (value as written, the secret part that must never be written, the value graph.json keeps)
FORMATS: dict[str, tuple[str, str, str]] = {
    "url_password": ("postgres://admin:hunter2Secret@db:5432/x", "hunter2Secret", "postgres://admin:***@db:5432/x"),
    "sql_password": ("Server=tcp:sql.example.net,1433;Database=db;User ID=app;Password=Pa55wordSecret;",
                     "Pa55wordSecret", "Server=tcp:sql.example.net,1433;Database=db;User ID=app;Password=***;"),
    "account_key": (f"DefaultEndpointsProtocol=https;AccountName=acct;AccountKey={AZURE_KEY};EndpointSuffix=core.windows.net",
                    AZURE_KEY[:40], "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=***;EndpointSuffix=core.windows.net"),
    "shared_access_key": ("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=Sak0Secret9xYz123=",
                          "Sak0Secret9xYz123", "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=***"),
    "sas_url": ("https://acct.blob.core.windows.net/data?sv=2022-11-02&sp=r&sig=SasSig0Secret9AbCdEf%2Bg%3D",
                "SasSig0Secret9AbCdEf", "https://acct.blob.core.windows.net/data?sv=2022-11-02&sp=r&sig=***"),
    "jwt": ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJqd3RTZWNyZXQifQ.JwtSig0Secret9AbCdEfGhIjKl", "JwtSig0Secret9", "eyJ***"),
    "github": ("ghp_GhSecret0123456789AbCdEfGhIjKlMnOpQr", "GhSecret0123456789", "ghp_***"),
    "hugging_face": ("hf_HfSecret0123456789AbCdEfGhIjKlMnOp", "HfSecret0123456789", "hf_***"),
    "openai": ("sk-proj-OaSecret0123456789AbCdEfGhIjKlMnOpQrSt", "OaSecret0123456789", "sk-proj-***"),
    "anthropic": ("sk-ant-api03-AnSecret0123456789AbCdEfGhIjKlMnOpQr-xyz", "AnSecret0123456789", "sk-ant-api03-***"),
    "slack": ("xoxb-123456789012-SlSecret0123456789AbCd", "SlSecret0123456789", "xoxb-***"),
    "stripe": ("sk_live_StSecret0123456789AbCdEfGh", "StSecret0123456789", "sk_live_***"),
    "google_api_key": ("AIzaSyGoSecret0123456789AbCdEfGhIjKlMnO", "GoSecret0123456789", "AIza***"),
    "azure_storage_key": (AZURE_KEY, AZURE_KEY[:40], "***"),
    "aws_access_key": ("AKIAQWSECRET7EXAMPLE", "QWSECRET7EXAMPLE", "AKIA***"),
    "aws_secret_key": ("aws_secret_access_key=AwsSecret0123456789AbCdEfGhIjKlMnOpQrStu",
                       "AwsSecret0123456789", "aws_secret_access_key=***"),
    "private_key": ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpkSecret0123456789AbCdEf\n-----END RSA PRIVATE KEY-----",
                    "MIIEpkSecret0123456789", "-----BEGIN RSA PRIVATE KEY-----***-----END RSA PRIVATE KEY-----"),
}
GIT_TOKEN = "ghp_ModSecret0123456789AbCdEfGhIjKlMnOp"


def _hcl(text: str) -> str:
    return json.dumps(text).replace("${", "$${").replace("%{", "%%{")


def _estate() -> dict[str, str]:
    secrets = "\n".join(f"    {name} = {_hcl(value)}" for name, (value, _, _) in FORMATS.items())
    return {"main.tf": f"""
locals {{
  secrets = {{
{secrets}
  }}
}}

# each format in an environment variable: graph.json attributes
resource "aws_lambda_function" "fn" {{
  for_each      = local.secrets
  function_name = "fn-${{each.key}}"
  role          = "arn:aws:iam::123456789012:role/fn"
  image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:{'0f' * 32}"
  environment {{
    variables = {{
      VALUE = each.value
      PLAIN = "plain-${{each.key}}"
    }}
  }}
}}

# each format as a for_each key and a cloud name: addresses, DOT ids, SVG ids and tooltips, the summary
resource "aws_sqs_queue" "q" {{
  for_each = toset(values(local.secrets))
  name     = each.value
}}

# a module source with a token in it: the module-not-found gap and the module list
module "remote" {{
  source = "git::https://oauth2:{GIT_TOKEN}@github.com/org/repo.git"
}}
"""}


@pytest.fixture(scope="module")
def scans(tmp_path_factory) -> tuple[CLI, list[Result]]:
    runner = CLI(tmp_path_factory.mktemp("secrets"))
    root = runner.tree(_estate())
    cold = runner.scan(root, "-v", "--format", "json,svg,dot", "--budget", "200")
    warm = runner.scan(root, "-v", "--format", "json,svg,dot", "--budget", "200")   # served from the caches
    for result in (cold, warm):
        assert result.code == 0, result.describe()
    return runner, [cold, warm]


def _outputs(runner: CLI, result: Result) -> dict[str, bytes]:
    assert result.output is not None
    files = {
        "graph.json": (result.output / "graph.json").read_bytes(),
        "dot": (result.output / "engineering.dot").read_bytes(),
        "svg": (result.output / "engineering.svg").read_bytes(),
        "summary (stdout)": result.out,
        "stderr": result.err,
    }
    caches = sorted(p for p in runner.cache.rglob("*") if p.is_file())
    assert caches, "the scan wrote no cache files (nothing to check)"
    files["cache files"] = b"\0".join(p.read_bytes() for p in caches)
    return files


@pytest.mark.parametrize("name", sorted(FORMATS) + ["module_source"])
def test_secret_in_no_output(scans, name):
    runner, results = scans
    secret = GIT_TOKEN[4:] if name == "module_source" else FORMATS[name][1]
    for run, result in zip(("cold", "warm"), results):
        for output, data in _outputs(runner, result).items():
            assert secret.encode() not in data, f"{name}: {secret!r} written to {output} ({run} run)"
            # SVG escapes text; the secret parts are letters and digits, so they would appear as they are
        if name != "module_source":
            assert FORMATS[name][0] != FORMATS[name][2]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_non_secret_part_kept_and_gap_recorded(scans, name):
    _, results = scans
    value, _, masked = FORMATS[name]
    for result in results:
        fn = next(r for r in result.graph["resources"] if r["address"] == f'aws_lambda_function.fn["{name}"]')
        assert fn["attrs"]["environment"][0]["variables"]["VALUE"] == masked
        assert fn["attrs"]["environment"][0]["variables"]["PLAIN"] == f"plain-{name}"
        gap = next(g for g in result.gaps("redacted") if g["subject"] == fn["address"])
        assert "environment[0].variables.VALUE" in gap["reason"]
        queue = f'aws_sqs_queue.q["{masked}"]'
        assert queue in result.addresses(), sorted(result.addresses())
        assert any(g["subject"] == queue for g in result.gaps("redacted"))
        assert f"[redacted] {queue}" in result.stdout.replace("\\n", "\n")


def test_maps_draw_the_masked_names(scans):
    _, results = scans
    for result in results:
        svg = (result.output / "engineering.svg").read_text(encoding="utf-8")
        dot = (result.output / "engineering.dot").read_text(encoding="utf-8")
        assert "postgres://admin:***@db:5432/x" in svg     # the node tooltip ("name: ...") and address
        assert "ghp_***" in dot
        assert "hunter2Secret" not in svg + dot


def test_module_source_token_masked(scans):
    _, results = scans
    for result in results:
        modules = {m["address"]: m for m in result.graph["modules"]}
        assert modules["module.remote"]["source"] == "git::https://oauth2:***@github.com/org/repo.git"
        assert any(g["subject"] == "module.remote" and "module source" in g["reason"] for g in result.gaps("redacted"))


def test_ordinary_values_kept(scans):
    _, results = scans
    fn = next(r for r in results[0].graph["resources"] if r["address"] == 'aws_lambda_function.fn["github"]')
    assert fn["attrs"]["role"] == "arn:aws:iam::123456789012:role/fn"
    assert fn["attrs"]["image_uri"].endswith("@sha256:" + "0f" * 32)


# ------------------------------------------------------------------------------------ the function


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_scrub_each_format(name):
    value, secret, masked = FORMATS[name]
    text, kinds = scrub(value)
    assert text == masked and secret not in text and kinds
    assert scrub(text) == (text, [])                      # idempotent: nothing found twice
    embedded, kinds = scrub(f"prefix {value} suffix")      # inside other text
    assert secret not in embedded and embedded.startswith("prefix ") and kinds
    assert looks_secret(f'x = "{value}"')                  # such a file is never put in the parse cache


@pytest.mark.parametrize("value", [
    "arn:aws:iam::123456789012:role/sk-learn-inference-container-role",
    "arn:aws:sagemaker:us-east-1:123456789012:endpoint/fraud-scoring-prod",
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + "ab" * 32,
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/acct",
    "projects/my-project/locations/us-central1/endpoints/1234567890123456789",
    "sk-learn-inference-container-version-2",
    "https://user@github.com/org/repo.git",
    "https://example.com:8443/path@version",
    "PASSWORD=$DB_PASSWORD",
    "password=${var.db_password}",
    "s3://bucket/key=value/part=1",
    "hf_transfer_enabled",
    "ghp_short",
    "eyJ-not-a-jwt",
])
def test_scrub_leaves_ordinary_values(value):
    assert scrub(value) == (value, [])


def test_digest_attribute_not_taken_for_an_azure_key():
    attrs = {"source_code_hash": AZURE_KEY, "tags": {"Key": AZURE_KEY}}
    redacted, paths = redact(attrs)
    assert redacted["source_code_hash"] == AZURE_KEY
    assert redacted["tags"]["Key"] == MASK and paths == ["tags.Key (Azure storage key)"]


def test_render_from_a_graph_json_with_secrets(tmp_path):
    """A graph.json written by something else is masked when it is read back for rendering."""
    from infra2arch.render.graph_json import loads

    value = FORMATS["url_password"][0]
    cut_key = '-----BEGIN RSA PRIVATE KEY-----\nMIIcut"Secret\\9'     # cut short, with a quote and a backslash
    graph = loads(json.dumps({"schema_version": "1.0", "resources": [
        {"address": "aws_sqs_queue.q", "type": "aws_sqs_queue", "name": "q",
         "attrs": {"name": value, "key": cut_key, "after": "-----END RSA PRIVATE KEY-----"}}]}))
    attrs = graph.resources[0].attrs
    assert attrs["name"] == FORMATS["url_password"][2]
    assert attrs["key"] == "-----BEGIN RSA PRIVATE KEY-----***"             # the JSON around it intact
    assert attrs["after"] == "-----END RSA PRIVATE KEY-----"
