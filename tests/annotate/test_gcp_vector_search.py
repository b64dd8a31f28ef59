"""Vertex AI Vector Search index endpoints as GoogleCloudPlatform/terraform-genai-knowledge-base
writes them (public_endpoint_enabled = true, the index deployed later by the application): the
finding I2A-GCP-016 calls the endpoint public, so the zones, the exposures and the security map
must say the same, with the IAM authentication that still guards it as the control.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Result, Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

INTERNET = "synthetic:internet"


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    graph = build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


def endpoint(name: str, setting: str) -> str:
    return f"""
        resource "google_vertex_ai_index_endpoint" "{name}" {{
          region       = "us-central1"
          display_name = "{name}"
          {setting}
        }}
    """


def test_a_public_index_endpoint_is_an_exposure_guarded_by_iam_only(tmp_path):
    graph, annotations = scan(tmp_path, endpoint("public", "public_endpoint_enabled = true")
                              + endpoint("peered", 'network = "projects/123/global/networks/vpc"'))
    public, peered = "google_vertex_ai_index_endpoint.public", "google_vertex_ai_index_endpoint.peered"
    finding = [f for f in annotations.findings if f.rule_id == "I2A-GCP-016" and f.address == public]
    assert finding and finding[0].result == Result.FAIL
    assert [e.asset for e in annotations.exposures] == [public]
    assert "public_endpoint_enabled = true" in annotations.exposures[0].reason
    assert annotations.zones[public].zone == Zone.EDGE
    assert annotations.zones[peered].zone != Zone.EDGE
    entry = [c for c in annotations.crossings if c.src == INTERNET and c.dst == public]
    assert entry and entry[0].control_kind == "identity", entry
    # the caption names Google's identity, not another cloud's
    assert "Google IAM" in entry[0].control and "Entra" not in entry[0].control


def test_a_vertex_endpoint_with_private_service_connect_turned_off_is_public(tmp_path):
    graph, annotations = scan(tmp_path, """
        resource "google_vertex_ai_endpoint" "off" {
          name         = "off"
          display_name = "off"
          location     = "us-central1"
          private_service_connect_config {
            enable_private_service_connect = false
          }
        }
        resource "google_vertex_ai_endpoint" "psc" {
          name         = "psc"
          display_name = "psc"
          location     = "us-central1"
          private_service_connect_config {
            enable_private_service_connect = true
            project_allowlist              = ["my-project"]
          }
        }
    """)
    failing = {f.address for f in annotations.findings if f.rule_id == "I2A-GCP-002" and f.result == Result.FAIL}
    assert failing == {"google_vertex_ai_endpoint.off"}
    # the map says what the finding says
    assert [e.asset for e in annotations.exposures] == ["google_vertex_ai_endpoint.off"]
    assert annotations.zones["google_vertex_ai_endpoint.psc"].zone != Zone.EDGE
