"""The GCP adapter against the fake Google REST server, read by the official clients over real HTTP:
what it reads, how references resolve (project numbers, full compute URLs), zones and findings of a
secure and an exposed system, regions, pagination, faults as gaps, secrets, determinism."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from infra2arch.annotate.pipeline import annotate
from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch.model import GapKind
from infra2arch.render.graph_json import dumps

from infra2arch_gcp.adapter import NO_PROJECT
from infra2arch_gcp.clients import NO_CREDENTIALS
from infra2arch_gcp.permissions import PERMISSIONS
from infra2arch_gcp.provider import GcpOptions, GcpProvider

from . import scenarios
from .helpers import by_type, graph_and_zones, one, scan
from .scenarios import Project

P, N, R = "acme-ml", "210987654321", "us-central1"


def test_secure_system_as_terraform_types_with_resolved_references(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    inventory = scan(fake)
    endpoint = one(inventory, "google_vertex_ai_endpoint", "2001")
    assert endpoint.address == f"//aiplatform.googleapis.com/projects/{P}/locations/{R}/endpoints/2001"
    assert endpoint.attrs["name"] == "2001" and endpoint.attrs["display_name"] == "fraud-private"
    assert endpoint.attrs["id"] == f"projects/{P}/locations/{R}/endpoints/2001"
    assert endpoint.attrs["network"] == f"projects/{N}/global/networks/secure-vpc-{R}"   # as the API says
    assert endpoint.attrs["encryption_spec"] == [{"kms_key_name": project.key_name(R, f"secure-ring-{R}", "cmek")}]
    assert endpoint.location.account == P and endpoint.location.region == R and endpoint.origin.value == "gcp"
    deployed = one(inventory, "vertex_deployed_model")
    assert deployed.attrs["dedicated_resources"] == [{
        "machine_spec": [{"machine_type": "n1-standard-4", "accelerator_type": "NVIDIA_TESLA_T4", "accelerator_count": 1}],
        "min_replica_count": 2, "max_replica_count": 4}]
    model = one(inventory, "vertex_model")
    assert model.attrs["artifact_uri"].startswith("gs://acme-ml-secure-artifacts")
    workbench = one(inventory, "google_workbench_instance")
    setup = workbench.attrs["gce_setup"][0]
    assert setup["disable_public_ip"] is True and setup["boot_disk"][0]["disk_size_gb"] == 150
    assert workbench.location.zone == f"{R}-a" and "proxy_uri" not in workbench.attrs
    assert inventory.scanned["project_numbers"] == {P: N}

    graph = build_graph(inventory)
    by = graph.by_address()

    def typed(address):
        return by[address].type

    contained = {(typed(c.child), typed(c.parent), c.via) for c in graph.containment}
    assert ("google_vertex_ai_endpoint", "google_compute_network", "network") in contained        # number resolved
    assert ("google_workbench_instance", "google_compute_subnetwork", "gce_setup.network_interfaces.subnet") in contained
    assert ("google_cloud_run_v2_service", "google_compute_subnetwork",
            "template.vpc_access.network_interfaces.subnetwork") in contained
    assert ("google_compute_subnetwork", "google_compute_network", "network") in contained       # full URL resolved
    edges = {(typed(e.src), e.relation.value, typed(e.dst)) for e in graph.edges}
    assert {("google_vertex_ai_endpoint", "data", "vertex_model"),            # through the deployed model (folded)
            ("google_vertex_ai_endpoint", "encrypts", "google_kms_crypto_key"),
            ("google_vertex_ai_endpoint", "iam", "google_service_account"),
            ("vertex_model", "data", "google_storage_bucket"),
            ("vertex_model", "data", "google_artifact_registry_repository"),
            ("google_cloud_run_v2_service", "invokes", "google_vertex_ai_endpoint"),
            ("google_workbench_instance", "iam", "google_service_account"),
            ("google_workbench_instance", "encrypts", "google_kms_crypto_key"),
            ("google_service_account", "iam", "google_storage_bucket"),
            ("google_compute_router_nat", "network", "google_compute_subnetwork")} <= edges
    assert graph.folded[deployed.address] == endpoint.address


def test_secure_and_exposed_systems_differ_in_zones_and_findings(fake):
    project = Project(fake, P, N, (R,))
    secure = scenarios.secure_vertex(project)
    exposed = scenarios.exposed_vertex(project)
    inventory = scan(fake)
    graph = build_graph(inventory)
    annotations = annotate(graph)
    zones = annotations.zones

    def zone(tf_type, name):
        return zones[one(inventory, tf_type, name).address].zone.value

    assert zone("google_workbench_instance", f"secure-notebook-{R}") == "private-app"
    assert zone("google_workbench_instance", f"open-notebook-{R}") == "edge"          # public IP by default
    assert zone("google_storage_bucket", secure["bucket"]) == "data"
    assert zone("google_storage_bucket", exposed["bucket"]) == "edge"                   # allUsers
    assert zone("google_vertex_ai_endpoint", "2001") == "private-app"
    assert zone("google_vertex_ai_endpoint", "2002") == "edge"                          # no network, no PSC
    results = {(f.rule_id, inventory_name(inventory, f.address)): f.result.value for f in annotations.findings}
    assert results[("I2A-GCP-002", "2002")] == "fail" and results[("I2A-GCP-002", "2001")] == "pass"
    assert results[("I2A-GCP-003", f"open-notebook-{R}")] == "fail"
    assert results[("I2A-GCP-003", f"secure-notebook-{R}")] == "pass"
    assert results[("I2A-GCP-012", f"open-allow-ssh-{R}")] == "fail"
    assert results[("I2A-GCP-001", "2002")] == "fail" and results[("I2A-GCP-001", "2001")] == "pass"
    assert zone("google_vertex_ai_endpoint", "2003") == "private-app"                   # private service connect
    psc = one(inventory, "google_compute_forwarding_rule")
    assert psc.attrs["load_balancing_scheme"] == "" and zones[psc.address].zone.value != "edge"
    assert results_of(annotations, inventory)[("I2A-GCP-016", "5002")] == "fail"    # public index endpoint
    deployed_index = one(inventory, "google_vertex_ai_index_endpoint_deployed_index")
    assert graph.folded[deployed_index.address] == one(inventory, "google_vertex_ai_index_endpoint").address
    index = one(inventory, "google_vertex_ai_index")
    assert index.attrs["metadata"][0]["contents_delta_uri"] == f"gs://{exposed['bucket']}/embeddings/"
    typed = {(graph.by_address()[e.src].type, e.relation.value, graph.by_address()[e.dst].type) for e in graph.edges}
    assert ("google_vertex_ai_index_endpoint", "data", "google_vertex_ai_index") in typed
    assert ("google_vertex_ai_index", "data", "google_storage_bucket") in typed
    exposed_assets = {e.asset for e in annotations.exposures}
    assert one(inventory, "google_vertex_ai_endpoint", "2002").address in exposed_assets
    assert one(inventory, "google_vertex_ai_endpoint", "2001").address not in exposed_assets


def results_of(annotations, inventory):
    return {(f.rule_id, inventory_name(inventory, f.address)): f.result.value for f in annotations.findings}


def inventory_name(inventory, address):
    for resource in inventory.resources:
        if resource.address == address:
            return resource.attrs.get("name") or resource.name
    return address


def test_several_regions_and_pages(fake):
    regions = ("us-central1", "europe-west4", "asia-southeast1")
    project = Project(fake, P, N, regions)
    for region in regions:
        scenarios.secure_vertex(project, region)
    for index in range(7):   # 2 + 7 endpoints at 3 per page: three pages
        project.endpoint("europe-west4", f"90{index}", f"extra-{index}")
    inventory = scan(fake, regions=regions)
    endpoints = by_type(inventory, "google_vertex_ai_endpoint")
    assert sorted(r.location.region for r in endpoints) == [*["asia-southeast1"] * 2, *["europe-west4"] * 9,
                                                            *["us-central1"] * 2]
    assert len(by_type(inventory, "google_compute_network")) == 3       # 3 networks: one page of 3
    assert inventory.scanned["regions"] == sorted(regions)
    assert inventory.scanned["api_calls_by_api"]["aiplatform.endpoints.list"] == 1 + 3 + 1
    assert not [g for g in inventory.gaps if g.kind != GapKind.REDACTED]
    assert [r.address for r in inventory.resources] == sorted(r.address for r in inventory.resources)


def test_several_projects_resolve_each_others_numbers(fake):
    shared = Project(fake, "acme-shared", "100000000001", (R,))
    shared.network("shared-vpc")
    shared.subnet(R, "shared-ml", "shared-vpc", "10.50.0.0/20")
    key = shared.kms_key(R, "central", "cmek")
    team = Project(fake, "acme-team", "100000000002", (R,))
    team.endpoint(R, "7001", "team-endpoint", kms=key)
    # a shared VPC: the endpoint in the team project is peered into the host project's network
    fake.collections[f"/v1/projects/acme-team/locations/{R}/endpoints"][1][0]["network"] = \
        "projects/100000000001/global/networks/shared-vpc"
    inventory = scan(fake, projects=("acme-team", "acme-shared"))
    assert inventory.scanned["projects"] == ["acme-shared", "acme-team"]
    graph = build_graph(inventory)
    endpoint = one(inventory, "google_vertex_ai_endpoint").address
    network = one(inventory, "google_compute_network").address
    assert any(c.child == endpoint and c.parent == network for c in graph.containment)
    assert any(e.src == endpoint and e.dst == one(inventory, "google_kms_crypto_key").address for e in graph.edges)


@pytest.mark.parametrize("asked", [(), ("all",)])
def test_all_regions_come_from_the_vertex_locations(fake, asked):
    project = Project(fake, P, N, ("us-central1", "europe-west4"))
    scenarios.secure_vertex(project, "europe-west4")
    fake.collection(f"/ui/projects/{P}/locations", "locations", {"name": f"projects/{P}/locations/global",
                                                                   "locationId": "global"})   # not a region
    inventory = scan(fake, regions=asked)
    assert inventory.scanned["regions"] == ["europe-west4", "us-central1"]
    assert {r.location.region for r in by_type(inventory, "google_vertex_ai_endpoint")} == {"europe-west4"}


def test_permission_denied_on_one_collection_is_a_gap_and_the_scan_goes_on(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.fail(f"/v1/projects/{P}/locations/{R}/models", 403, "Permission 'aiplatform.models.list' denied on resource")
    inventory = scan(fake)
    gaps = [g for g in inventory.gaps if g.kind == GapKind.ACCESS_DENIED]
    assert [(g.subject, g.source.api) for g in gaps] == [(f"{P}/{R}/aiplatform.models.list", "aiplatform.models.list")]
    assert "permission denied" in gaps[0].reason and "aiplatform.models.list" in gaps[0].reason
    assert "127.0.0.1" not in gaps[0].reason                       # no test port in a gap: deterministic
    assert not by_type(inventory, "vertex_model")
    assert by_type(inventory, "google_vertex_ai_endpoint") and by_type(inventory, "google_workbench_instance")
    assert any(r.attrs.get("deployed_models") for r in by_type(inventory, "google_vertex_ai_endpoint"))


def test_api_not_enabled_is_one_gap_for_the_project(fake):
    project = Project(fake, P, N, (R, "europe-west4"))
    scenarios.secure_vertex(project)
    fake.fail(f"/v2/projects/{P}/locations/-/instances", 403, "Notebooks API has not been used in project "
              "210987654321 before or it is disabled.", reason="SERVICE_DISABLED")
    fake.fail(f"/v1/projects/{P}/locations/europe-west4/keyRings", 403, "Cloud Key Management Service (KMS) API has not been "
              "used in project 210987654321 before or it is disabled.", reason="SERVICE_DISABLED")
    inventory = scan(fake, regions=(R, "europe-west4"), max_workers=1)   # one at a time: "again" is well defined
    gaps = [g for g in inventory.gaps if g.kind != GapKind.REDACTED]
    assert [(g.kind.value, g.subject) for g in gaps] == [("not-available", f"{P}/cloudkms"),
                                                         ("not-available", f"{P}/notebooks")]
    assert all("not enabled" in g.reason for g in gaps)
    assert fake.count("/keyRings") == 1             # the other region (read after it) is not asked
    assert by_type(inventory, "google_vertex_ai_endpoint") and not by_type(inventory, "google_workbench_instance")


def test_workbench_instances_are_listed_across_zones_in_one_call(fake):
    """``locations/-``: one list for every zone (no zone list needed, nor one call per zone), kept to the
    regions scanned; a page of it past the first is read like any other."""
    project = Project(fake, P, N, (R, "europe-west4", "asia-south1"))
    scenarios.secure_vertex(project)
    scenarios.exposed_vertex(project, "europe-west4")
    for index in range(4):
        project.workbench(f"asia-south1-{'ab'[index % 2]}", f"elsewhere-{index}", network="n", subnet="s",
                          service_account="x@y", disable_public_ip=True)
    fake.fail(f"/compute/v1/projects/{P}/zones", 403, "Required 'compute.zones.list' permission")   # not needed
    inventory = scan(fake, regions=(R, "europe-west4"))
    assert not [g for g in inventory.gaps if g.kind != GapKind.REDACTED]
    notebooks = by_type(inventory, "google_workbench_instance")
    assert sorted((r.name, r.location.region, r.location.zone) for r in notebooks) == [
        ("open-notebook-europe-west4", "europe-west4", "europe-west4-b"),
        (f"secure-notebook-{R}", R, f"{R}-a")]
    assert inventory.scanned["api_calls_by_api"]["notebooks.instances.list"] == 2   # 6 instances, 3 a page
    assert fake.count("/zones") == 0


def test_throttling_is_retried_and_a_gap_only_beyond_the_retries(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.fail(f"/v1/projects/{P}/locations/{R}/endpoints", 429, "Quota exceeded", times=2)
    inventory = scan(fake, max_attempts=3)
    assert by_type(inventory, "google_vertex_ai_endpoint")
    assert not [g for g in inventory.gaps if g.kind == GapKind.THROTTLED]
    fake.fail(f"/v1/projects/{P}/locations/{R}/endpoints", 429, "Quota exceeded")
    inventory = scan(fake, max_attempts=2)
    assert [g.subject for g in inventory.gaps if g.kind == GapKind.THROTTLED] == [f"{P}/{R}/aiplatform.endpoints.list"]


def test_a_region_without_vertex_ai_is_one_gap(fake):
    project = Project(fake, P, N, ("us-central1", "northamerica-south1"), vertex_regions=("us-central1",))
    scenarios.secure_vertex(project, "northamerica-south1")
    inventory = scan(fake, regions=("us-central1", "northamerica-south1"))
    gaps = [g for g in inventory.gaps if g.kind != GapKind.REDACTED]
    assert [(g.subject, g.source.api) for g in gaps] == [(f"{P}/northamerica-south1/aiplatform", "aiplatform.locations.list")]
    assert one(inventory, "google_workbench_instance").location.region == "northamerica-south1"   # the rest is read
    assert not by_type(inventory, "google_vertex_ai_endpoint")


def test_secrets_and_session_urls_never_reach_the_output(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    credential = "ghp_" + "Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv1Wx2Y"
    project.model(R, "1009", "leaky", artifact_uri="gs://x/y", image="gcr.io/p/i:1", env={"GITHUB": credential})
    inventory = scan(fake)
    graph = build_graph(inventory)
    text = dumps(graph, annotations=annotate(graph))
    assert scenarios.SECRET_TOKEN not in text and credential[8:] not in text
    assert "notebooks.googleusercontent.com" not in text and "proxy_uri" not in text
    redacted = {g.subject.rsplit("/", 1)[-1]: g.reason for g in graph.gaps if g.kind == GapKind.REDACTED}
    assert "HF_TOKEN" in redacted["1001"] and "1009" in redacted
    env = one(inventory, "vertex_model", "1001").attrs["container_spec"][0]["env"]
    assert {"name": "MODEL_NAME", "value": "fraud"} in env      # ordinary values stay


def test_same_project_same_bytes(fake):
    project = Project(fake, P, N, (R, "europe-west4"))
    scenarios.secure_vertex(project)
    scenarios.exposed_vertex(project, "europe-west4")
    first = dumps(build_graph(scan(fake, regions=(R, "europe-west4"), max_workers=8)))
    second = dumps(build_graph(scan(fake, regions=(R, "europe-west4"), max_workers=2)))
    assert first == second


def test_the_custom_role_is_exactly_the_calls_made(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    scenarios.gcp_vertex_sample(project)   # feature views, datasets, key and account policies
    inventory = scan(fake, regions=())
    assert set(inventory.scanned["api_calls_by_api"]) == set(PERMISSIONS)
    assert len(PERMISSIONS) == len(set(PERMISSIONS))


def test_missing_credentials_and_missing_project_are_one_line_errors(fake):
    with pytest.raises(UserError) as error:
        GcpProvider().scan("gcp", GcpOptions(projects=(P,), endpoint_url=fake.url))
    assert str(error.value) == NO_CREDENTIALS
    with pytest.raises(UserError) as error:
        GcpProvider().scan("gcp", GcpOptions(endpoint_url=fake.url, anonymous=True))
    assert str(error.value) == NO_PROJECT
    assert fake.count() == 0


def test_the_entry_point_module_imports_no_google_sdk():
    # (site-packages .pth files pre-import the empty ``google`` namespace packages: compare with a bare start)
    code = ("import sys; before = set(sys.modules); import infra2arch_gcp, infra2arch_gcp.provider; "
            "import json; print(json.dumps(sorted(m for m in set(sys.modules) - before "
            "if m.startswith(('google', 'grpc', 'proto')))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout) == []


def test_the_readme_shows_the_current_custom_role():
    from pathlib import Path

    from infra2arch_gcp.permissions import role_definition

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Auditing a live Google Cloud project", 1)[1]
    block = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert block == role_definition()
