"""The same architecture read two ways must give the same map: samples/gcp-vertex scanned as Terraform,
and that architecture served by the fake Google APIs (as they answer after `terraform apply`) scanned
live with the GCP adapter.

Compared on what the maps are about: which types are drawn, which (src type, relation, dst type) edges
join them, which types sit in which network boxes, and the security zone of each type. Where the two
sources legitimately differ, the test says exactly how, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra2arch.annotate.pipeline import annotate
from infra2arch.annotate.zones import annotate_zones
from infra2arch.graph import build_graph

from . import scenarios
from .helpers import scan
from .scenarios import SAMPLE_NUMBER, SAMPLE_PROJECT, SAMPLE_REGION, Project

pytest.importorskip("infra2arch_terraform")
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "gcp-vertex"

# BigQuery is not read by the live adapter (not in its scope), nor are the enabled APIs
# (google_project_service, hidden on maps); the live scan keeps the whole project policy as one hidden
# google_project_iam_policy, which the sample does not manage.
TERRAFORM_ONLY_TYPES = {"google_bigquery_dataset", "google_project_service"}
LIVE_ONLY_TYPES = {"google_project_iam_policy"}
TERRAFORM_ONLY_RELATIONS = {
    # BigQuery not read live (see above): the dataset's key, and the feature view's bq:// source
    ("google_bigquery_dataset", "encrypts", "google_kms_crypto_key"),
    ("google_vertex_ai_feature_online_store", "data", "google_bigquery_dataset"),
    # the key's users are Google service agents, which Terraform names through data sources
    # (data.google_project.p.number, google_storage_project_service_account); live, their members are
    # plain e-mails of accounts outside the project, so no node stands for them
    ("google_project", "iam", "google_kms_crypto_key"),
    ("google_storage_project_service_account", "iam", "google_kms_crypto_key"),
}


def facts(inventory) -> dict:
    graph = build_graph(inventory)
    by = graph.by_address()
    zones, _ = annotate_zones(graph)
    drawn = {a for a, r in by.items() if a not in graph.folded and r.mode != "data"}
    return {
        "types": {by[a].type for a in drawn},
        "relations": {(by[e.src].type, e.relation.value, by[e.dst].type) for e in graph.edges
                      if e.src in by and e.dst in by and e.relation.value != "depends"},
        "contained": {(by[c.child].type, by[c.parent].type) for c in graph.containment
                      if c.child in by and c.parent in by},
        "zones": {by[a].type: set() for a in drawn} | _zones_by_type(by, drawn, zones),
        "findings": {(f.rule_id, by[f.address].type, f.result.value) for f in annotate(graph).findings
                     if f.address in by},
    }


def _zones_by_type(by, drawn, zones) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for address in drawn:
        if address in zones:
            out.setdefault(by[address].type, set()).add(zones[address].zone.value)
    return out


@pytest.fixture
def both(fake):
    scenarios.gcp_vertex_sample(Project(fake, SAMPLE_PROJECT, SAMPLE_NUMBER, (SAMPLE_REGION,)))
    live = scan(fake, projects=(SAMPLE_PROJECT,), regions=(SAMPLE_REGION,))
    code = TerraformProvider().scan(str(SAMPLE), TerraformOptions(use_cache=False, environment={}))
    return facts(code), facts(live), live


def test_the_live_scan_has_no_gaps(both):
    _, _, live = both
    assert [g for g in live.gaps if g.kind.value != "redacted"] == []


def test_same_resource_types(both):
    code, live, _ = both
    assert {"google_vertex_ai_endpoint", "google_workbench_instance", "google_vertex_ai_feature_online_store",
            "google_cloud_run_v2_service", "google_compute_subnetwork", "google_storage_bucket"} <= live["types"]
    assert code["types"] - live["types"] == TERRAFORM_ONLY_TYPES
    assert live["types"] - code["types"] == LIVE_ONLY_TYPES


def test_same_relations_between_types(both):
    code, live, _ = both
    assert {("google_cloud_run_v2_service", "invokes", "google_vertex_ai_endpoint"),
            ("google_vertex_ai_endpoint", "encrypts", "google_kms_crypto_key"),
            ("google_workbench_instance", "iam", "google_service_account"),
            ("google_service_account", "iam", "google_storage_bucket"),
            ("google_service_account", "iam", "google_service_account"),
            ("google_compute_network", "network", "google_compute_subnetwork"),
            ("google_service_networking_connection", "network", "google_compute_global_address")} <= live["relations"]
    assert code["relations"] - live["relations"] == TERRAFORM_ONLY_RELATIONS, (
        f"only in Terraform: {sorted(code['relations'] - live['relations'])}")
    assert live["relations"] - code["relations"] == set(), f"only live: {sorted(live['relations'] - code['relations'])}"


def test_same_containment(both):
    code, live, _ = both
    assert ("google_vertex_ai_endpoint", "google_compute_network") in live["contained"]
    assert ("google_workbench_instance", "google_compute_subnetwork") in live["contained"]
    assert live["contained"] == code["contained"]


def test_same_zones_by_type(both):
    code, live, _ = both
    shared = (code["types"] & live["types"])
    assert {t: code["zones"].get(t) for t in shared} == {t: live["zones"].get(t) for t in shared}
    # not a trivial agreement: the live graph spans the zones, and the allUsers bucket stands apart
    assert {"edge", "private-app", "data", "management"} <= set().union(*live["zones"].values())
    assert live["zones"]["google_storage_bucket"] == {"data", "edge"}
    assert live["zones"]["google_vertex_ai_endpoint"] == {"private-app"}


def test_same_findings(both):
    """The same rules give the same verdicts on the same types (the rules read the same attributes)."""
    code, live, _ = both
    assert {("I2A-GCP-003", "google_workbench_instance", "fail"), ("I2A-GCP-010", "google_storage_bucket", "fail"),
            ("I2A-GCP-002", "google_vertex_ai_endpoint", "pass"),
            ("I2A-GCP-001", "google_vertex_ai_feature_online_store", "fail")} <= live["findings"]
    bigquery = {f for f in code["findings"] if f[1] == "google_bigquery_dataset"}   # not read live (above)
    assert code["findings"] - bigquery == live["findings"]
