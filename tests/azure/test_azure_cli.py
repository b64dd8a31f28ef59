"""`infra2arch scan azure` end to end from the command line against the fake ARM server over HTTPS,
exactly as the README documents it for a real subscription: graph, zones, findings, rendered maps,
and the one-line errors (no credentials, rejected token, untrusted certificate, plain http)."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import azure_scenarios as scenarios
from azure_fixtures import AZURE_VARIABLES, arm, builder, estate  # noqa: F401  (fixtures)
from azure_fake_arm import TOKEN


def cli(args, cwd: Path, env_extra: dict | None = None, token: str | None = TOKEN):
    env = {k: v for k, v in os.environ.items() if k not in AZURE_VARIABLES}
    env.update({"INFRA2ARCH_CACHE_DIR": str(cwd / "cache"), "AZURE_CONFIG_DIR": str(cwd / "no-az-cli"),
                "HOME": str(cwd)})
    if token is not None:
        env["INFRA2ARCH_AZURE_TOKEN"] = token
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=240)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_scan_azure_from_the_cli_writes_the_graph_and_the_maps(builder, arm, tmp_path):
    scenarios.sample_azure_ml(builder)
    exposed = scenarios.exposed_workspace(builder)
    hub = scenarios.hub_spoke(builder)
    out = tmp_path / "out"
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "--ca-bundle",
                  str(arm.cert), "-o", str(out), "--format", "json,png,svg", "--view", "engineering", "--view",
                  "security"], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "graph.json").read_text())
    types = {r["type"] for r in data["resources"]}
    assert {"azurerm_machine_learning_workspace", "azurerm_machine_learning_compute_instance",
            "azurerm_private_endpoint", "azurerm_firewall", "azureml_online_endpoint", "azureml_online_deployment",
            "azureml_model", "azurerm_subnet", "azurerm_virtual_network", "azurerm_resource_group"} <= types
    assert data["scanned"]["kind"] == "azure" and data["scanned"]["api_calls"] > 0
    assert all(r["origin"] == "azure" for r in data["resources"])
    zones = data["annotations"]["zones"]
    assert zones[exposed["workspace"]]["zone"] == "edge" and zones[hub["firewall"]]["zone"] == "edge"
    failing = {(f["rule_id"], f["address"]) for f in data["annotations"]["findings"] if f["result"] == "fail"}
    assert ("I2A-AZ-018", exposed["nsg"]) in failing and ("I2A-AZ-005", exposed["compute_instance"]) in failing
    assert ("I2A-NET-003", exposed["endpoint"]) in failing   # a public online endpoint is an internet-reachable ML endpoint
    text = (out / "graph.json").read_text()
    assert "sk-proj-Abcdefghij" not in text and "c2VjcmV0c2VjcmV0" not in text
    for name in ("engineering.png", "engineering.svg", "security.png"):
        assert (out / name).stat().st_size > 5000
    svg = html.unescape((out / "engineering.svg").read_text())
    assert "mlw-vision-dev-01" in svg and "fw-hub" in svg and "vnet-spoke-ml" in svg
    assert f"Scanned azure {scenarios.SUB}" in result.stdout and "API calls" in result.stdout


def test_same_subscription_same_graph_bytes(builder, arm, tmp_path):
    scenarios.exposed_workspace(builder)
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "--ca-bundle",
                      str(arm.cert), "-o", str(out), "--format", "json", "-q"], tmp_path)
        assert result.returncode == 0, result.stderr
        outputs.append((out / "graph.json").read_bytes())
    assert outputs[0] == outputs[1]


def test_missing_credentials_is_one_clear_line(arm, tmp_path):
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "--ca-bundle",
                  str(arm.cert), "-o", str(tmp_path / "out")], tmp_path, token=None,
                 env_extra={"PATH": "/usr/bin:/bin", "IMDS_ENDPOINT": "http://127.0.0.1:9",
                            "IDENTITY_ENDPOINT": "", "MSI_ENDPOINT": ""})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no Azure credentials found" in lines[0], result.stderr
    assert not (tmp_path / "out" / "graph.json").exists()


def test_rejected_token_is_one_clear_line(builder, arm, tmp_path):
    scenarios.hub_spoke(builder)
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "--ca-bundle",
                  str(arm.cert), "-o", str(tmp_path / "out")], tmp_path, token="not-the-token")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "rejected the credentials" in lines[0], result.stderr


def test_untrusted_certificate_and_plain_http_are_one_clear_line(arm, tmp_path):
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "-o",
                  str(tmp_path / "out")], tmp_path, env_extra={"REQUESTS_CA_BUNDLE": "", "CURL_CA_BUNDLE": ""})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--ca-bundle" in lines[0], result.stderr
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint",
                  arm.url.replace("https", "http"), "-o", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 2 and "https://" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_no_subscription_is_one_clear_line(tmp_path):
    result = cli(["scan", "azure", "-o", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 2
    assert "--subscription" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_markup_and_secrets_in_tags_are_escaped_and_redacted_in_every_output(builder, arm, tmp_path):
    ids = scenarios.exposed_workspace(builder)
    workspace = builder.estate.resources[ids["workspace"].lower()]
    account_key = "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=" + "QUJD" * 22 + "==;"
    workspace["tags"] = {"owner": "<script>alert('x')</script>", "connection": account_key}
    workspace["name"] = '<img src=x onerror="alert(1)">'
    out = tmp_path / "out"
    result = cli(["scan", "azure", "--subscription", scenarios.SUB, "--arm-endpoint", arm.url, "--ca-bundle",
                  str(arm.cert), "-o", str(out), "--format", "json,svg,html"], tmp_path)
    assert result.returncode == 0, result.stderr
    svg, page, graph = ((out / name).read_text() for name in ("engineering.svg", "map.html", "graph.json"))
    assert "QUJD" * 22 not in graph + result.stdout
    for text in (svg, page):   # markup: JSON holds it as data, the drawings and the page never as markup
        assert "QUJD" * 22 not in text and "<img src=x" not in text and "<script>alert" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in svg
