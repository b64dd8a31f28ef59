"""`infra2arch scan gcp` end to end from the command line against the fake Google APIs: the graph,
zones, findings, the rendered maps, and the one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import scenarios
from .scenarios import Project

P, N, R = "acme-ml", "210987654321", "us-central1"


def cli(args, cwd: Path, env_extra: dict | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GOOGLE_", "CLOUDSDK_", "GCLOUD_"))}
    env.update({"CLOUDSDK_CONFIG": str(cwd / "no-gcloud"), "NO_GCE_CHECK": "True", "GCE_METADATA_HOST": "127.0.0.1:9",
                "GCE_METADATA_IP": "127.0.0.1:9", "INFRA2ARCH_CACHE_DIR": str(cwd / "cache")})
    env.update(env_extra or {})
    result = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, capture_output=True, text=True,
                            env=env, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_scan_gcp_from_the_cli_writes_the_graph_and_the_maps(fake, tmp_path):
    project = Project(fake, P, N, (R, "europe-west4"))
    scenarios.secure_vertex(project)
    scenarios.exposed_vertex(project, "europe-west4")
    out = tmp_path / "out"
    result = cli(["scan", "gcp", "--project", P, "--region", R, "--region", "europe-west4", "--endpoint-url", fake.url,
                  "--anonymous", "--max-attempts", "1", "--format", "json,png,svg", "--view", "engineering",
                  "--view", "security", "-o", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads((out / "graph.json").read_text())
    types = {r["type"] for r in data["resources"]}
    assert {"google_vertex_ai_endpoint", "vertex_model", "google_workbench_instance", "google_compute_subnetwork",
            "google_compute_network", "google_storage_bucket", "google_cloud_run_v2_service"} <= types
    assert data["scanned"]["kind"] == "gcp" and data["scanned"]["api_calls"] > 0
    assert all(r["origin"] == "gcp" for r in data["resources"])
    zones = data["annotations"]["zones"]
    open_notebook = next(a for a in zones if a.endswith("/instances/open-notebook-europe-west4"))
    assert zones[open_notebook]["zone"] == "edge"
    assert any(f["rule_id"] == "I2A-GCP-003" and f["result"] == "fail" for f in data["annotations"]["findings"])
    assert scenarios.SECRET_TOKEN not in (out / "graph.json").read_text()
    for name in ("engineering.png", "engineering.svg", "security.png"):
        assert (out / name).stat().st_size > 5000
    assert "gcp" in result.stdout and "Gaps" in result.stdout


def test_missing_credentials_is_one_clear_line(fake, tmp_path):
    result = cli(["scan", "gcp", "--project", P, "--region", R, "--endpoint-url", fake.url, "-o", str(tmp_path / "out")],
                 tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "credentials" in lines[0] and "gcloud auth application-default login" in lines[0]
    assert fake.count() == 0


def test_bad_endpoint_url_is_one_clear_line(tmp_path):
    result = cli(["scan", "gcp", "--project", P, "--endpoint-url", "127.0.0.1:1", "--anonymous", "-o",
                  str(tmp_path / "out")], tmp_path)
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_an_endpoint_that_cannot_be_reached_is_one_clear_line(tmp_path):
    import socket

    with socket.socket() as sock:   # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = cli(["scan", "gcp", "--project", P, "--region", R, "--endpoint-url", f"http://127.0.0.1:{port}",
                  "--anonymous", "--max-attempts", "1", "-o", str(tmp_path / "out")], tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot reach the Google APIs" in lines[0]


def test_markup_and_secrets_in_labels_are_escaped_and_redacted_in_every_output(fake, tmp_path):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    token = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
    project.simple(R, "endpoints", "6001", '<img src=x onerror="alert(1)">', dedicatedEndpointEnabled=True,
                   labels={"owner": "<script>alert('x')</script>", "deploy-token": token})
    out = tmp_path / "out"
    result = cli(["scan", "gcp", "--project", P, "--region", R, "--endpoint-url", fake.url, "--anonymous",
                  "--max-attempts", "1", "--format", "json,svg,html", "-o", str(out)], tmp_path)
    assert result.returncode == 0, result.stderr
    svg, page = (out / "engineering.svg").read_text(), (out / "map.html").read_text()
    assert token not in (out / "graph.json").read_text() and token not in result.stdout
    for text in (svg, page):   # markup: JSON holds it as data, the drawings and the page never as markup
        assert token not in text and "<img src=x" not in text and "<script>alert" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in svg      # drawn as text, escaped
    data = json.loads((out / "graph.json").read_text())
    endpoint = next(r for r in data["resources"] if r["address"].endswith("/endpoints/6001"))
    assert endpoint["attrs"]["labels"]["owner"] == "<script>alert('x')</script>"    # data kept, as data
