"""The GCP adapter against what real projects do and the fakes of the other tests do not: servers that page
for ever, later pages of sub-collections, Retry-After, objects without a name, dedicated and private
endpoints, several projects each denied something different, optional fields absent, markup and secrets in
labels. The official clients, over real HTTP, against the fake."""

from __future__ import annotations

import threading
import time

from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch.model import GapKind
from infra2arch.render.graph_json import dumps

from . import scenarios
from .helpers import by_type, one, scan
from .scenarios import Project

P, N, R = "acme-ml", "210987654321", "us-central1"


def bounded_scan(fake, seconds: float = 90, **options):
    """The scan in a thread: a loop in the adapter fails the test instead of hanging it."""
    result: dict = {}

    def run() -> None:
        try:
            result["inventory"] = scan(fake, **options)
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the scan did not finish in {seconds} s"
    if "error" in result:
        raise result["error"]
    return result["inventory"]


def gaps_of(inventory, kind=None):
    return {(g.kind.value, g.subject): g.reason for g in inventory.gaps
            if g.kind != GapKind.REDACTED and (kind is None or g.kind == kind)}


def test_a_server_that_pages_for_ever_is_cut_with_a_gap_not_a_hang(fake):
    project = Project(fake, P, N, (R,))
    for index in range(4):
        project.endpoint(R, f"70{index}", f"loop-{index}")
        project.bucket(f"{P}-loop-{index}", "US")
    fake.endless.add(f"/v1/projects/{P}/locations/{R}/endpoints")     # generated client (aiplatform_v1)
    fake.endless.add(f"/storage/v1/b?project={P}")                    # JSON API (google-auth session)
    fake.endless.add(f"/ui/projects/{P}/locations")                   # the Vertex locations
    inventory = bounded_scan(fake)
    gaps = gaps_of(inventory)
    for api in ("aiplatform.endpoints.list", "aiplatform.locations.list"):
        subject = f"{P}/{R if api != 'aiplatform.locations.list' else 'global'}/{api}"
        assert "list cut" in gaps[("not-available", subject)] and "loop" in gaps[("not-available", subject)]
    assert "list cut" in gaps[("not-available", f"{P}/global/storage.buckets.list")]
    # what the first page listed is kept (three a page), nothing is listed twice
    assert len(by_type(inventory, "google_vertex_ai_endpoint")) == 3
    assert len(by_type(inventory, "google_storage_bucket")) == 3
    assert [path for _, path in fake.calls].count("/storage/v1/b") == 2 and fake.count("/endpoints") == 2


def test_later_pages_of_sub_collections_are_read(fake):
    """Key rings past the first page, each with keys past the first page; feature stores past the first
    page, each with feature views past the first page (three objects a page)."""
    project = Project(fake, P, N, (R,))
    for ring in range(4):
        for key in range(4):
            project.kms_key(R, f"ring-{ring}", f"key-{key}")
    for store in range(4):
        project.feature_online_store(R, f"store_{store}", views={f"view_{v}": f"bq://{P}.d.t{v}" for v in range(4)})
    for account in range(7):
        project.service_account(f"sa-{account}")
    inventory = scan(fake)
    assert len(by_type(inventory, "google_kms_key_ring")) == 4
    keys = by_type(inventory, "google_kms_crypto_key")
    assert sorted(k.attrs["id"].split("/", 4)[-1] for k in keys) == sorted(
        f"keyRings/ring-{r}/cryptoKeys/key-{k}" for r in range(4) for k in range(4))
    views = by_type(inventory, "google_vertex_ai_feature_online_store_featureview")
    assert sorted((v.attrs["feature_online_store"], v.attrs["name"]) for v in views) == sorted(
        (f"store_{s}", f"view_{v}") for s in range(4) for v in range(4))
    assert len(by_type(inventory, "google_service_account")) == 7
    calls = inventory.scanned["api_calls_by_api"]
    assert calls["cloudkms.cryptoKeys.list"] == 4 * 2 and calls["aiplatform.featureViews.list"] == 4 * 2
    assert not gaps_of(inventory)


def test_retry_after_is_honoured_within_a_bound_and_503_is_retried(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.fail(f"/v1/projects/{P}/locations/{R}/endpoints", 429, "Quota exceeded", times=1, retry_after="2")
    fake.fail(f"/v1/projects/{P}/locations/{R}/models", 503, "The service is currently unavailable", times=2)
    fake.fail("/storage/v1/b", 503, "Backend Error", times=1, retry_after="1")
    inventory = bounded_scan(fake, max_attempts=4)
    asked = [t for t, path in fake.times if path == f"/v1/projects/{P}/locations/{R}/endpoints"]
    assert len(asked) == 2 and asked[1] - asked[0] >= 2      # the server asked for two seconds: they were waited
    assert by_type(inventory, "google_vertex_ai_endpoint") and by_type(inventory, "vertex_model")
    assert by_type(inventory, "google_storage_bucket")
    assert not gaps_of(inventory)
    # an answer cut short (the connection closes mid-body) is asked again
    fake.fail(f"/v1/projects/{P}/locations/{R}/tensorboards", 0, times=1)
    project.simple(R, "tensorboards", "7101", "board")
    assert one(bounded_scan(fake, max_attempts=2), "google_vertex_ai_tensorboard", "7101")
    # a server that asks for an hour is not waited for: a gap, at once, whatever the attempts left
    fake.fail(f"/v1/projects/{P}/locations/{R}/indexes", 429, "Quota exceeded", retry_after="3600")
    fake.fail(f"/v1/projects/{P}/locations/{R}/datasets", 503, "unavailable")     # never recovers: bounded retries
    started = time.monotonic()
    inventory = bounded_scan(fake, max_attempts=3)
    assert time.monotonic() - started < 30
    gaps = gaps_of(inventory)
    assert "throttled" in gaps[("throttled", f"{P}/{R}/aiplatform.indexes.list")]
    assert "outlasted the retries" in gaps[("not-available", f"{P}/{R}/aiplatform.datasets.list")]
    assert inventory.scanned["api_calls_by_api"]["aiplatform.indexes.list"] == 1
    assert inventory.scanned["api_calls_by_api"]["aiplatform.datasets.list"] == 3
    assert by_type(inventory, "google_vertex_ai_endpoint")


def test_objects_without_a_name_are_gaps_not_silences(fake):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.collection(f"/v1/projects/{P}/locations/{R}/endpoints", "endpoints", {"displayName": "half-created"},
                    object_path=lambda i: None)
    fake.collection("/storage/v1/b", "items", {"kind": "storage#bucket", "location": "US"}, query=f"project={P}",
                    object_path=lambda i: None)
    inventory = scan(fake)
    gaps = gaps_of(inventory)
    assert "without a name" in gaps[("not-available", f"{P}/{R}/aiplatform.endpoints.list")]
    assert "without a name" in gaps[("not-available", f"{P}/global/storage.buckets.list")]
    assert len(by_type(inventory, "google_vertex_ai_endpoint")) == 2     # the named ones are all there


def test_dedicated_psc_and_private_index_endpoints_and_bare_objects(fake):
    project = Project(fake, P, N, (R,))
    project.network("vpc")
    project.subnet(R, "ml", "vpc", "10.1.0.0/20")
    # a dedicated endpoint: its own public DNS name, no network: reachable from the internet
    project.simple(R, "endpoints", "6001", "dedicated-public", dedicatedEndpointEnabled=True,
                   dedicatedEndpointDns="6001.us-central1-210987654321.prediction.vertexai.goog")
    # a dedicated endpoint behind Private Service Connect, with automation into the VPC
    project.simple(R, "endpoints", "6002", "dedicated-psc", dedicatedEndpointEnabled=True,
                   privateServiceConnectConfig={"enablePrivateServiceConnect": True, "projectAllowlist": [P],
                                                "pscAutomationConfigs": [{"projectId": P,
                                                                          "network": project.network_url("vpc")}]})
    project.simple(R, "indexEndpoints", "6003", "index-psc",
                   privateServiceConnectConfig={"enablePrivateServiceConnect": True, "projectAllowlist": [P]})
    project.simple(R, "indexEndpoints", "6004", "index-peered", network=f"projects/{N}/global/networks/vpc")
    # made before private_service_connect_config existed: only the deprecated top-level flag says PSC
    project.simple(R, "endpoints", "6007", "legacy-psc", enablePrivateServiceConnect=True)
    # objects with nothing but a name: every optional field absent
    project.simple(R, "endpoints", "6005", "")
    project.simple(R, "models", "6006", "")
    fake.collection(f"/v2/projects/{P}/locations/{R}-a/instances", "instances",
                    {"name": f"projects/{P}/locations/{R}-a/instances/bare"}, object_path=lambda i: None)
    fake.collection(f"/compute/v1/projects/{P}/global/firewalls", "items", {"name": "bare-rule"})
    fake.collection(f"/compute/v1/projects/{P}/regions/{R}/routers", "items",
                    {"name": "bare-router", "nats": [{"name": "bare-nat"}, {}]})
    fake.collection("/storage/v1/b", "items", {"name": f"{P}-bare", "iamConfiguration": None, "versioning": None,
                                               "labels": None}, query=f"project={P}",
                    object_path=lambda i: f"/storage/v1/b/{i['name']}")
    inventory = scan(fake)
    assert not gaps_of(inventory)
    dedicated = one(inventory, "google_vertex_ai_endpoint", "6001")
    assert dedicated.attrs["dedicated_endpoint_enabled"] is True and "network" not in dedicated.attrs
    assert "6001.us-central1" not in dumps(build_graph(inventory))    # a DNS name that changes: not in the graph
    psc = one(inventory, "google_vertex_ai_endpoint", "6002").attrs["private_service_connect_config"][0]
    assert psc["enable_private_service_connect"] is True
    assert psc["psc_automation_configs"][0]["network"] == project.network_url("vpc")
    bare = one(inventory, "google_workbench_instance", "bare")
    assert bare.location.zone == f"{R}-a" and "gce_setup" not in bare.attrs
    assert one(inventory, "google_compute_router_nat", "bare-nat")
    bucket = one(inventory, "google_storage_bucket", f"{P}-bare")
    assert bucket.attrs["uniform_bucket_level_access"] is False and "labels" not in bucket.attrs

    graph = build_graph(inventory)
    annotations = annotate(graph)

    def zone(tf_type, name):
        return annotations.zones[one(inventory, tf_type, name).address].zone.value

    assert zone("google_vertex_ai_endpoint", "6001") == "edge"            # public dedicated DNS
    assert zone("google_vertex_ai_endpoint", "6002") != "edge"            # PSC only
    assert zone("google_vertex_ai_endpoint", "6007") != "edge"            # PSC by the deprecated flag
    assert one(inventory, "google_vertex_ai_endpoint", "6007").attrs["private_service_connect_config"] == [
        {"enable_private_service_connect": True}]
    assert zone("google_vertex_ai_index_endpoint", "6003") != "edge"
    assert zone("google_vertex_ai_index_endpoint", "6004") != "edge"
    assert zone("google_workbench_instance", "bare") == "edge"            # no disable_public_ip: a public IP
    exposed = {e.asset for e in annotations.exposures}
    assert one(inventory, "google_vertex_ai_endpoint", "6001").address in exposed
    assert one(inventory, "google_vertex_ai_endpoint", "6002").address not in exposed


def test_several_projects_each_denied_something_else(fake):
    """One project whole, one without Vertex AI enabled, one whose Resource Manager and Compute are denied,
    in several regions: one gap per cause, and everything that could be read is."""
    regions = ("us-central1", "europe-west4", "asia-northeast1")
    whole = Project(fake, "acme-whole", "100000000011", regions)
    for region in regions:
        scenarios.secure_vertex(whole, region)
    disabled = Project(fake, "acme-novertex", "100000000012", regions)
    scenarios.secure_vertex(disabled, "europe-west4")
    fake.fail("/ui/projects/acme-novertex/locations", 403, "Vertex AI API has not been used in project "
              "100000000012 before or it is disabled.", reason="SERVICE_DISABLED")
    fake.fail("/v1/projects/acme-novertex/locations/", 403, "Vertex AI API has not been used in project "
              "100000000012 before or it is disabled.", reason="SERVICE_DISABLED")
    denied = Project(fake, "acme-denied", "100000000013", regions)
    scenarios.exposed_vertex(denied, "asia-northeast1")
    fake.fail("/v1/projects/acme-denied$", 403, "Permission 'resourcemanager.projects.get' denied")
    fake.fail("/compute/v1/projects/acme-denied/", 403, "Required 'compute.networks.list' permission")
    inventory = bounded_scan(fake, projects=("acme-whole", "acme-novertex", "acme-denied"), regions=regions,
                             max_workers=4)
    gaps = gaps_of(inventory)
    assert ("not-available", "acme-novertex/aiplatform") in gaps            # one gap for the disabled API
    assert not [s for _, s in gaps if s.startswith("acme-novertex/") and "aiplatform" in s and s != "acme-novertex/aiplatform"]
    assert ("access-denied", "acme-denied/global/compute.networks.list") in gaps
    assert ("access-denied", "acme-denied/global/resourcemanager.projects.get") in gaps
    assert not [s for _, s in gaps if s.startswith("acme-whole/")]
    accounts = {r.location.account for r in inventory.resources}
    assert accounts == {"acme-whole", "acme-novertex", "acme-denied"}
    assert {r.location.region for r in by_type(inventory, "google_vertex_ai_endpoint")
            if r.location.account == "acme-whole"} == set(regions)
    assert by_type(inventory, "google_workbench_instance")
    assert one(inventory, "google_vertex_ai_endpoint", "2002").location.account == "acme-denied"


def test_markup_and_secrets_in_labels_are_escaped_and_redacted(fake, tmp_path):
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    token = "ghp_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8"
    project.simple(R, "endpoints", "6101", '<img src=x onerror="alert(1)">&amp;',
                   labels={"owner": "<script>alert('x')</script>", "deploy-token": token})
    project.bucket(f"{P}-labels", "US")
    fake.collections[f"/storage/v1/b?project={P}"][1][-1]["labels"] = {"note": "</text><svg onload=alert(2)>",
                                                                        "api_key": "sk-" + "a" * 40}
    inventory = scan(fake)
    graph = build_graph(inventory)
    text = dumps(graph, annotations=annotate(graph))
    assert token not in text and "sk-" + "a" * 40 not in text
    redacted = {g.subject for g in graph.gaps if g.kind == GapKind.REDACTED}
    assert one(inventory, "google_vertex_ai_endpoint", "6101").address in redacted


def test_locations_a_list_could_not_reach_are_a_gap(fake):
    """AIP-217: a list may answer with the locations it could not reach; what is there is missing."""
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.extras[f"/v2/projects/{P}/locations/-/instances"] = {"unreachable": [f"projects/{P}/locations/{R}-c"]}
    fake.extras[f"/v1/projects/{P}/locations/{R}/repositories"] = {"unreachable": [f"projects/{P}/locations/{R}"]}
    inventory = scan(fake)
    gaps = gaps_of(inventory)
    assert f"could not reach 1 location ({R}-c)" in gaps[("not-available", f"{P}/global/notebooks.instances.list")]
    assert "could not reach" in gaps[("not-available", f"{P}/{R}/artifactregistry.repositories.list")]
    assert by_type(inventory, "google_workbench_instance")      # what was answered is kept


def test_all_projects_the_credentials_see(fake):
    import pytest

    from infra2arch.errors import UserError

    first = Project(fake, "acme-a", "100000000021", (R,))
    scenarios.secure_vertex(first)
    second = Project(fake, "acme-b", "100000000022", (R,))
    scenarios.exposed_vertex(second)
    fake.collection("/v1/projects", "projects", [
        {"projectId": "acme-b", "projectNumber": "100000000022", "name": "B", "lifecycleState": "ACTIVE"},
        {"projectId": "acme-gone", "projectNumber": "100000000029", "name": "Gone", "lifecycleState": "DELETE_REQUESTED"},
        {"projectNumber": "100000000030", "name": "no id"},
        {"projectId": "acme-a", "projectNumber": "100000000021", "name": "A", "lifecycleState": "ACTIVE"},
        {"projectId": "acme-c", "projectNumber": "100000000023", "name": "C", "lifecycleState": "ACTIVE"},
    ], object_path=lambda item: None)
    Project(fake, "acme-c", "100000000023", (R,))          # a project with nothing in it
    inventory = scan(fake, projects=("all",))
    assert inventory.scanned["projects"] == ["acme-a", "acme-b", "acme-c"]     # two pages, the deleted one left out
    assert {r.location.account for r in by_type(inventory, "google_vertex_ai_endpoint")} == {"acme-a", "acme-b"}
    assert "without a projectId" in gaps_of(inventory)[("not-available", "*/global/resourcemanager.projects.get")]
    fake.fail("/v1/projects$", 403, "The caller does not have permission")
    with pytest.raises(UserError, match="projects could not be listed .*permission denied.*pass --project"):
        scan(fake, projects=("all",))


def test_an_object_of_an_odd_shape_is_a_gap_and_its_neighbours_are_kept(fake):
    """The JSON APIs answer objects the transforms read field by field: one with a field of another JSON
    type (a string where an object belongs) loses itself, never the rest of its list."""
    project = Project(fake, P, N, (R,))
    scenarios.secure_vertex(project)
    fake.collection("/storage/v1/b", "items", {"name": f"{P}-odd", "iamConfiguration": "x", "versioning": []},
                    query=f"project={P}", object_path=lambda i: f"/storage/v1/b/{i['name']}")
    ring = f"projects/{P}/locations/{R}/keyRings/secure-ring-{R}"
    fake.collection(f"/v1/{ring}/cryptoKeys", "cryptoKeys", {"name": f"{ring}/cryptoKeys/odd", "versionTemplate": "x"},
                    object_path=lambda i: None)
    fake.collection(f"/v2/projects/{P}/locations/{R}/services", "services", {"name": f"projects/{P}/locations/{R}/"
                    "services/odd", "template": {"containers": "x"}}, object_path=lambda i: None)
    inventory = scan(fake)
    gaps = gaps_of(inventory)
    assert {subject for _, subject in gaps} == {f"{P}/global/{P}-odd", f"{P}/{R}/{ring}/cryptoKeys/odd",
                                                f"{P}/{R}/projects/{P}/locations/{R}/services/odd"}
    assert all("not read: unexpected answer" in reason for reason in gaps.values())
    assert len(by_type(inventory, "google_storage_bucket")) == 1          # the well-formed bucket
    assert one(inventory, "google_kms_crypto_key", "cmek") and one(inventory, "google_cloud_run_v2_service")
