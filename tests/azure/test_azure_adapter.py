"""The Azure adapter against the fake ARM server over HTTPS, through the real azure-core pipeline:
what reaches the graph (types, Terraform attribute names, links, containment, zones, findings),
pagination, faults as gaps, throttling, secrets, and that nothing but GETs is ever sent."""

from __future__ import annotations

import json
import time
from enum import Enum

import pytest
from azure.core import CaseInsensitiveEnumMeta

import azure_scenarios as scenarios
from azure_fixtures import arm, builder, estate, scan  # noqa: F401  (fixtures)
from infra2arch.annotate.network import subnet_tiers
from infra2arch.annotate.zones import annotate_zones
from infra2arch.graph import build_graph
from infra2arch.model import GapKind, Relation

from infra2arch_azure import permissions
from infra2arch_azure.transform import compact, plain

STORAGE_LIST = f"/subscriptions/{scenarios.SUB}/providers/Microsoft.Storage/storageAccounts"
VNET_LIST = f"/subscriptions/{scenarios.SUB}/providers/Microsoft.Network/virtualNetworks"


def everything(builder) -> dict:
    ids = scenarios.sample_azure_ml(builder)
    ids.update({f"exposed_{k}": v for k, v in scenarios.exposed_workspace(builder).items()})
    ids.update({f"hub_{k}": v for k, v in scenarios.hub_spoke(builder).items()})
    managed = scenarios.managed_network_workspace(builder, inline_rules=False)   # its rules in their own collection
    ids.update({f"managed_{k}": v["id"] if isinstance(v, dict) else v for k, v in managed.items()})
    return ids


def graph_of(inventory):
    graph = build_graph(inventory)
    return graph, graph.by_address()


def edges(graph, src: str, relation: Relation | None = None) -> set[str]:
    return {e.dst for e in graph.edges if e.src == src and (relation is None or e.relation == relation)}


def parents(graph, child: str) -> set[str]:
    return {c.parent for c in graph.containment if c.child == child}


# ------------------------------------------------------------------------------ what is read


def test_secure_workspace_behind_private_endpoints(builder, scan):
    ids = scenarios.sample_azure_ml(builder)
    graph, by = graph_of(scan())
    ws = by[ids["workspace"]]
    assert ws.type == "azurerm_machine_learning_workspace"
    assert ws.attrs["public_network_access_enabled"] is False and ws.attrs["high_business_impact"] is True
    assert ws.attrs["image_build_compute_name"] == "gpu-dev"
    assert ws.attrs["identity"][0]["type"] == "UserAssigned"
    assert edges(graph, ws.address, Relation.DATA) >= {ids["storage"]}
    assert {by[d].type for d in edges(graph, ws.address)} >= {
        "azurerm_storage_account", "azurerm_key_vault", "azurerm_container_registry", "azurerm_application_insights",
        "azurerm_user_assigned_identity", "azurerm_log_analytics_workspace"}
    endpoints = [r for r in graph.resources if r.type == "azurerm_private_endpoint"]
    assert len(endpoints) == 5
    to_workspace = [e for e in endpoints if ws.address in edges(graph, e.address, Relation.NETWORK)]
    assert len(to_workspace) == 1
    assert to_workspace[0].attrs["private_service_connection"][0]["subresource_names"] == ["amlworkspace"]
    assert len(to_workspace[0].attrs["private_dns_zone_group"][0]["private_dns_zone_ids"]) == 2
    assert all(parents(graph, e.address) == {f"{ids['vnet']}/subnets/snet-private-endpoints"} for e in endpoints)
    zones, _ = annotate_zones(graph)
    assert zones[ws.address].zone.value == "private-app"
    cluster = by[f"{ids['workspace']}/computes/gpu-dev"]
    assert cluster.attrs["scale_settings"] == [{"max_node_count": 4, "min_node_count": 0,
                                                "scale_down_nodes_after_idle_duration": "PT15M"}]
    assert parents(graph, cluster.address) == {ids["training"]}
    # the DNS links and the subnet NSG associations fold into their parents, as in Terraform
    links = [r.address for r in graph.resources if r.type == "azurerm_private_dns_zone_virtual_network_link"]
    assert len(links) == 6 and all(graph.folded[a].startswith(ids["workspace"].split("/providers/")[0]) for a in links)
    training_nsg = next(r for r in graph.resources if r.name == "nsg-vision-dev-training")
    assert training_nsg.address in edges(graph, ids["training"], Relation.NETWORK)
    rules = {r["name"]: r for r in training_nsg.attrs["security_rule"]}
    assert rules["AllowSSHForDebugging"]["source_address_prefix"] == "Internet"
    assert rules["AllowSSHForDebugging"]["access"] == "Allow" and rules["AllowSSHForDebugging"]["priority"] == 200


def test_exposed_workspace_is_at_the_edge_with_findings(builder, scan):
    from infra2arch.annotate.pipeline import annotate

    ids = scenarios.exposed_workspace(builder)
    graph, by = graph_of(scan())
    annotations = annotate(graph)
    zones = annotations.zones
    assert zones[ids["workspace"]].zone.value == "edge"
    assert zones[ids["compute_instance"]].zone.value == "edge"
    failing = {(f.rule_id, f.address) for f in annotations.findings if f.result.value == "fail"}
    assert ("I2A-AZ-001", ids["workspace"]) in failing
    assert ("I2A-AZ-005", ids["compute_instance"]) in failing
    assert ("I2A-AZ-018", ids["nsg"]) in failing
    nsg_finding = next(f for f in annotations.findings if f.rule_id == "I2A-AZ-018" and f.address == ids["nsg"])
    assert nsg_finding.severity.value == "critical"
    # the workspace names its storage account and vault in other spellings of their ids: still linked
    ws_targets = {by[d].type for d in edges(graph, ids["workspace"])}
    assert {"azurerm_storage_account", "azurerm_key_vault", "azurerm_application_insights"} <= ws_targets
    # online endpoint -> deployment (folded) -> model version; batch deployment -> its model version
    deployment = by[ids["deployment"]]
    assert deployment.attrs["instance_count"] == 2 and deployment.attrs["egress_public_network_access"] == "Enabled"
    assert graph.folded[ids["deployment"]] == ids["endpoint"]
    assert ids["model"] in edges(graph, ids["endpoint"], Relation.DATA)
    models = sorted(r.name for r in graph.resources if r.type == "azureml_model")
    assert models == ["churn:1", "churn:2", "churn:3"]
    datastore = next(r for r in graph.resources if r.type == "azurerm_machine_learning_datastore_blobstorage")
    container = next(r for r in graph.resources if r.type == "azurerm_storage_container" and r.name == "data")
    assert container.address in edges(graph, datastore.address, Relation.DATA)
    assert datastore.attrs["credentials_type"] == "AccountKey" and "credentials" not in datastore.attrs


def test_secret_in_deployment_environment_never_reaches_the_output(builder, scan):
    from infra2arch.annotate.pipeline import annotate
    from infra2arch.render import graph_json

    ids = scenarios.exposed_workspace(builder)
    inventory = scan()
    graph = build_graph(inventory)
    text = graph_json.dumps(graph, annotations=annotate(graph))   # what graph.json holds
    assert "c2VjcmV0c2VjcmV0" not in text and "Abcdefghijklmnopqrstuvwxyz0123456789" not in text
    assert "Zx9QmT4pLw2RkV7nB3sY8cHd1FjA6eUo5iGqKtPzXr0" not in text        # the SAS signature
    assert "https://stexposed.blob.core.windows.net/data?sv=2022-11-02" in text   # the rest of the URL stays
    assert "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" not in text   # Application Insights keys are not read
    env = graph.by_address()[ids["deployment"]].attrs["environment_variables"]
    assert env["MODEL_NAME"] == "churn"
    redacted = [g for g in graph.gaps if g.kind == GapKind.REDACTED and g.subject == ids["deployment"]]
    assert redacted and "OPENAI_API_KEY" in redacted[0].reason and "AZURE_STORAGE_CONNECTION_STRING" in redacted[0].reason


def test_hub_spoke_peering_and_firewall(builder, scan):
    ids = scenarios.hub_spoke(builder)
    graph, by = graph_of(scan())
    peerings = [r for r in graph.resources if r.type == "azurerm_virtual_network_peering"]
    assert len(peerings) == 4
    assert all(graph.folded[p.address] in (ids["hub"], ids["vnet-spoke-ml"], ids["vnet-spoke-data"]) for p in peerings)
    assert edges(graph, ids["hub"], Relation.NETWORK) >= {ids["vnet-spoke-ml"], ids["vnet-spoke-data"]}
    assert ids["hub"] in edges(graph, ids["vnet-spoke-ml"], Relation.NETWORK)
    # the spoke subnets route 0.0.0.0/0 to the firewall's private IP: private, not unknown
    assert ids["firewall"] in edges(graph, ids["route_table"], Relation.NETWORK)
    tiers = subnet_tiers(graph)
    assert tiers[ids["spoke_subnet"]] == "private" and tiers[ids["data_subnet"]] == "private"
    assert parents(graph, ids["firewall"]) == {f"{ids['hub']}/subnets/AzureFirewallSubnet"}
    assert parents(graph, ids["aks"]) == {ids["spoke_subnet"]}
    assert by[ids["aks"]].attrs["private_cluster_enabled"] is True
    openai = by[ids["openai"]]
    assert openai.type == "azurerm_cognitive_account" and openai.attrs["public_network_access_enabled"] is False
    deployment = next(r for r in graph.resources if r.type == "azurerm_cognitive_deployment")
    assert graph.folded[deployment.address] == ids["openai"]
    assert deployment.attrs["model"] == [{"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"}]
    private = {e.src for e in graph.edges if e.dst in (ids["openai"], ids["search"]) and by[e.src].type == "azurerm_private_endpoint"}
    assert len(private) == 2
    zones, _ = annotate_zones(graph)
    assert zones[ids["firewall"]].zone.value == "edge"
    # private by its network, but the firewall forwards SSH from anywhere into its subnet (the DNAT rule)
    assert zones[ids["aks"]].zone.value == "edge", zones[ids["aks"]].reasons
    assert any("ssh-to-ml-spoke" in reason or "DNAT" in reason for reason in zones[ids["aks"]].reasons)


def test_firewall_policy_dnat_exposes_the_workload_behind_it(builder, scan):
    from infra2arch.annotate.pipeline import annotate

    ids = scenarios.hub_spoke(builder)
    graph, by = graph_of(scan())
    group = by[f"{ids['policy']}/ruleCollectionGroups/default"]
    assert by[ids["firewall"]].attrs["firewall_policy_id"] == ids["policy"]
    # the policy is the firewall's configuration and its rule collection group the policy's, as in Terraform
    assert graph.folded[ids["policy"]] == ids["firewall"] and graph.folded[group.address] == ids["firewall"]
    nat = group.attrs["nat_rule_collection"][0]
    assert nat["action"] == "Dnat" and nat["rule"][0] == {
        "destination_address": "20.9.9.9", "destination_ports": ["22"], "name": "ssh-to-ml-spoke",
        "protocols": ["TCP"], "source_addresses": ["*"], "translated_address": "10.1.0.10", "translated_port": "22"}
    app = group.attrs["application_rule_collection"][0]
    assert app["action"] == "Allow" and app["rule"][0]["destination_fqdns"] == ["pypi.org", "files.pythonhosted.org"]
    exposures = [e for e in annotate(graph).exposures if ids["firewall"] in e.path]
    assert exposures and exposures[0].ports == "22"
    assert exposures[0].asset in (ids["aks"], ids["spoke_subnet"])


# ------------------------------------------------------------------------------ API behaviour


def test_pagination_follows_next_link(builder, estate, scan):
    everything(builder)
    whole = scan()
    before = len(estate.requests)
    estate.page_size = 2
    paged = scan()
    assert [r.address for r in paged.resources] == [r.address for r in whole.resources]
    assert [dict(r.attrs) for r in paged.resources] == [dict(r.attrs) for r in whole.resources]
    assert paged.scanned["api_calls"] > whole.scanned["api_calls"]
    assert any("%24skiptoken=" in t or "$skiptoken=" in t for t in estate.targets[before:])
    assert len(estate.requests) - before == paged.scanned["api_calls"]   # every page is counted


def test_forbidden_collection_is_a_gap_and_the_rest_is_read(builder, estate, scan):
    scenarios.sample_azure_ml(builder)
    estate.fault(STORAGE_LIST, 403, "AuthorizationFailed",
                 "The client 'x' does not have authorization to perform action 'Microsoft.Storage/storageAccounts/read'")
    inventory = scan()
    types = {r.type for r in inventory.resources}
    assert "azurerm_storage_account" not in types and "azurerm_storage_container" not in types
    assert {"azurerm_machine_learning_workspace", "azurerm_virtual_network", "azurerm_key_vault"} <= types
    gaps = [g for g in inventory.gaps if g.kind == GapKind.ACCESS_DENIED]
    assert len(gaps) == 1
    assert gaps[0].subject == f"{scenarios.SUB}/*/Microsoft.Storage/storageAccounts/read"
    assert "AuthorizationFailed" in gaps[0].reason and gaps[0].source.api == "Microsoft.Storage/storageAccounts/read"


def test_provider_not_registered_and_not_found_are_gaps(builder, estate, scan):
    ids = scenarios.exposed_workspace(builder)
    estate.fault(f"/subscriptions/{scenarios.SUB}/providers/Microsoft.Search/searchServices", 409,
                 "MissingSubscriptionRegistration", "The subscription is not registered to use namespace 'Microsoft.Search'")
    estate.fault(f"{ids['workspace']}/batchEndpoints", 404, "ResourceNotFound")
    inventory = scan()
    assert any("resource provider not registered" in g.reason for g in inventory.gaps
               if g.subject.endswith("Microsoft.Search/searchServices/read"))
    assert any(g.kind == GapKind.NOT_AVAILABLE and "not found" in g.reason for g in inventory.gaps
               if g.subject.endswith("batchEndpoints/read"))
    types = {r.type for r in inventory.resources}
    assert "azureml_batch_endpoint" not in types and "azureml_online_endpoint" in types
    assert not any("/register" in p.lower() for p in estate.calls())   # never registers a provider


def test_throttling_honours_retry_after(builder, estate, scan):
    scenarios.hub_spoke(builder)
    estate.fault(VNET_LIST, 429, "TooManyRequests", "throttled", times=1, retry_after=1)
    inventory = scan(max_attempts=3)
    assert sum(1 for r in inventory.resources if r.type == "azurerm_virtual_network") == 3
    assert not [g for g in inventory.gaps if g.kind == GapKind.THROTTLED]
    times = [t for t, _, path, _ in estate.requests if path.lower() == VNET_LIST.lower()]
    assert len(times) == 2 and times[1] - times[0] >= 0.95   # waited as told before asking again


def test_throttling_beyond_the_retries_is_a_gap(builder, estate, scan):
    scenarios.hub_spoke(builder)
    estate.fault(VNET_LIST, 429, "TooManyRequests", "throttled", retry_after=0)
    inventory = scan(max_attempts=2)
    gaps = [g for g in inventory.gaps if g.kind == GapKind.THROTTLED]
    assert len(gaps) == 1 and gaps[0].subject.endswith("Microsoft.Network/virtualNetworks/read")
    assert len([p for p in estate.calls() if p.lower() == VNET_LIST.lower()]) == 2
    assert any(r.type == "azurerm_firewall" for r in inventory.resources)   # the rest was read


def test_a_retry_after_longer_than_the_cap_is_not_waited_for(builder, estate, scan):
    scenarios.hub_spoke(builder)
    estate.fault(VNET_LIST, 429, "TooManyRequests", "throttled", retry_after=3600)
    started = time.monotonic()
    inventory = scan(max_attempts=4, max_retry_after=5)
    assert time.monotonic() - started < 60
    assert [g for g in inventory.gaps if g.kind == GapKind.THROTTLED]
    assert len([p for p in estate.calls() if p.lower() == VNET_LIST.lower()]) == 1


def test_only_gets_are_sent_and_no_key_is_listed(builder, estate, scan):
    everything(builder)
    scan()
    methods = {method for _, method, _, _ in estate.requests}
    assert methods == {"GET"}
    lowered = " ".join(estate.calls()).lower()
    for word in ("listkeys", "listsecrets", "listcredentials", "regenerate", "/register", "listconnectionstrings"):
        assert word not in lowered


def test_the_custom_role_is_exactly_what_a_scan_calls(builder, estate, scan):
    everything(builder)
    inventory = scan()
    called = set(inventory.scanned["api_calls_by_api"])
    assert called == set(permissions.ACTIONS)
    role = permissions.role_definition()
    assert role["Actions"] == sorted(called) and role["DataActions"] == []
    assert all(action.endswith("/read") for action in role["Actions"])


def test_resource_group_filter_scans_only_those_groups(builder, estate, scan):
    everything(builder)
    inventory = scan(resource_groups=("rg-exposed", "rg-missing"))
    groups = {str(r.attrs.get("resource_group_name")) for r in inventory.resources if r.attrs.get("resource_group_name")}
    assert groups == {"rg-exposed"}
    assert any(r.type == "azurerm_machine_learning_workspace" for r in inventory.resources)
    listed = [p for p in estate.calls() if "/providers/" in p and p.count("/") == 7]
    assert listed and all("/resourceGroups/rg-exposed/" in p for p in listed)
    missing = [g for g in inventory.gaps if g.subject.startswith(f"{scenarios.SUB}/rg-missing/")]
    assert len(missing) == 1 and "not found" in missing[0].reason


def test_reader_on_one_resource_group_only(builder, estate, scan):
    from infra2arch.errors import UserError

    everything(builder)
    denied = "AuthorizationFailed"
    estate.fault(f"/subscriptions/{scenarios.SUB}", 403, denied)
    estate.fault(f"/subscriptions/{scenarios.SUB}/resourcegroups", 403, denied)
    for provider in ("Microsoft.MachineLearningServices/workspaces", "Microsoft.Network/virtualNetworks",
                     "Microsoft.Storage/storageAccounts"):
        estate.fault(f"/subscriptions/{scenarios.SUB}/providers/{provider}", 403, denied)
    estate.fault(f"/subscriptions/{scenarios.SUB}/resourceGroups/rg-vision-dev-ml-01", 403, denied)
    inventory = scan(resource_groups=("rg-exposed",))
    types = {r.type for r in inventory.resources}
    assert {"azurerm_resource_group", "azurerm_machine_learning_workspace", "azurerm_virtual_network",
            "azurerm_storage_account"} <= types
    assert not [g for g in inventory.gaps if g.kind == GapKind.ACCESS_DENIED]
    with pytest.raises(UserError, match="no resource group could be read.*access denied"):
        scan(resource_groups=("rg-vision-dev-ml-01",))


def test_all_subscriptions(builder, estate, scan):
    from azure_estate import Builder

    everything(builder)
    other = Builder(estate, subscription="11111111-1111-1111-1111-111111111111", location="westeurope")
    scenarios.exposed_workspace(other, rg="rg-other")
    inventory = scan(subscriptions=("all",))
    assert inventory.scanned["subscriptions"] == [scenarios.SUB, "11111111-1111-1111-1111-111111111111"]
    accounts = {r.location.account for r in inventory.resources}
    assert accounts == {scenarios.SUB, "11111111-1111-1111-1111-111111111111"}
    assert "westeurope" in inventory.scanned["regions"]


def test_same_estate_same_inventory(builder, scan):
    everything(builder)
    first, second = scan(max_workers=1), scan(max_workers=8)
    assert first.resources == second.resources and first.links == second.links and first.gaps == second.gaps


def test_sdk_enums_become_the_plain_strings_terraform_uses():
    class SecurityRuleAccess(str, Enum, metaclass=CaseInsensitiveEnumMeta):   # as azure-mgmt-network declares it
        ALLOW = "Allow"

    assert str(SecurityRuleAccess.ALLOW) != "Allow"   # the trap
    assert plain(SecurityRuleAccess.ALLOW) == "Allow"
    assert compact({"access": SecurityRuleAccess.ALLOW, "x": None}) == {"access": "Allow"}
    assert type(compact({"access": SecurityRuleAccess.ALLOW})["access"]) is str


def test_unknown_routes_answer_404_in_the_arm_envelope(arm):
    import ssl
    import urllib.error
    import urllib.request

    context = ssl.create_default_context(cafile=str(arm.cert))
    request = urllib.request.Request(f"{arm.url}/nothing/here?api-version=1",
                                     headers={"Authorization": "Bearer fake-arm-token"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, context=context, timeout=10)
    assert caught.value.code == 404
    assert json.loads(caught.value.read())["error"]["code"] == "NotFound"


def test_readme_role_is_the_code_role():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("## Auditing a live Azure subscription", 1)[1]
    block = section.split("```json", 1)[1].split("```", 1)[0]
    assert json.loads(block) == permissions.role_definition()


def test_a_next_link_to_another_host_is_not_followed(builder, estate, scan):
    scenarios.hub_spoke(builder)
    estate.page_size = 2
    estate.next_link_host = "attacker.example:443"
    inventory = scan()
    cut = [g for g in inventory.gaps if "another host" in g.reason]
    assert cut and any(g.subject.endswith("Microsoft.Network/virtualNetworks/read") for g in cut)
    assert "azurerm_virtual_network" not in {r.type for r in inventory.resources}   # a cut list is not the list
    assert any(r.type == "azurerm_firewall" for r in inventory.resources)           # one-page lists are read


def test_ai_foundry_hub_and_project(builder, scan):
    builder.resource_group("rg-foundry")
    st = builder.storage("rg-foundry", "stfoundry", public=False)
    kv = builder.key_vault("rg-foundry", "kv-foundry", public=False)
    appi = builder.insights("rg-foundry", "appi-foundry", builder.log_analytics("rg-foundry", "log-foundry")["id"])
    hub = builder.workspace("rg-foundry", "hub-research", storage=st["id"], key_vault=kv["id"], insights=appi["id"],
                            registry=None, public=False, kind="Hub")
    project = builder.workspace("rg-foundry", "proj-chat", storage=st["id"], key_vault=kv["id"], insights=appi["id"],
                                registry=None, public=False, kind="Project", hub=hub["id"])
    builder.online_endpoint(project, "chat-endpoint", public=False, traffic={})
    openai = builder.add("rg-foundry", "Microsoft.CognitiveServices/accounts/ais-foundry",
                         "Microsoft.CognitiveServices/accounts", {"publicNetworkAccess": "Disabled"},
                         kind="AIServices", sku={"name": "S0"})
    connection = builder.estate.add({
        "id": f"{hub['id']}/connections/aoai", "name": "aoai",
        "type": "Microsoft.MachineLearningServices/workspaces/connections",
        "properties": {"category": "AzureOpenAI", "target": "https://ais-foundry.openai.azure.com/", "authType": "AAD",
                       "isSharedToAll": True, "metadata": {"ApiType": "Azure", "ResourceId": openai["id"]}}})
    graph, by = graph_of(scan())
    assert by[openai["id"]].type == "azurerm_ai_services" and by[openai["id"]].attrs["public_network_access"] == "Disabled"
    assert graph.folded[connection["id"]] == hub["id"]
    assert openai["id"] in edges(graph, hub["id"], Relation.INVOKES)   # the hub calls the AI Services account
    assert by[hub["id"]].type == "azurerm_ai_foundry" and by[hub["id"]].attrs["public_network_access"] == "Disabled"
    assert by[project["id"]].type == "azurerm_ai_foundry_project"
    assert hub["id"] in edges(graph, project["id"])
    assert any(r.type == "azureml_online_endpoint" and r.name == "chat-endpoint" for r in graph.resources)


def test_a_subscription_that_cannot_be_read_is_one_clear_error(builder, estate, scan):
    from infra2arch.errors import UserError

    scenarios.hub_spoke(builder)
    estate.fault(f"/subscriptions/{scenarios.SUB}", 403, "AuthorizationFailed", "no access to the subscription")
    with pytest.raises(UserError, match="no subscription could be read.*access denied"):
        scan()
    with pytest.raises(UserError, match="no subscription could be read"):
        scan(subscriptions=("22222222-2222-2222-2222-222222222222",))


def test_one_unreadable_subscription_among_several_is_a_gap(builder, scan):
    scenarios.hub_spoke(builder)
    inventory = scan(subscriptions=(scenarios.SUB, "22222222-2222-2222-2222-222222222222"))
    assert inventory.scanned["subscriptions"] == [scenarios.SUB]
    assert any(r.type == "azurerm_firewall" for r in inventory.resources)
    assert [g.kind for g in inventory.gaps if g.subject.startswith("22222222")] == [GapKind.NOT_AVAILABLE]


def test_aks_attached_to_a_workspace(builder, scan):
    ids = scenarios.hub_spoke(builder)
    rg = "rg-network-hub"
    st = builder.storage(rg, "stattach", public=False)
    kv = builder.key_vault(rg, "kv-attach", public=False)
    appi = builder.insights(rg, "appi-attach", builder.log_analytics(rg, "log-attach")["id"])
    ws = builder.workspace(rg, "mlw-attach", storage=st["id"], key_vault=kv["id"], insights=appi["id"], registry=None,
                           public=False)
    builder.compute(ws, "aks-serving", "AKS", {"clusterPurpose": "FastProd", "agentCount": 3})
    builder.estate.resources[f"{ws['id']}/computes/aks-serving".lower()]["properties"]["resourceId"] = ids["aks"]
    graph, by = graph_of(scan())
    attached = by[f"{ws['id']}/computes/aks-serving"]
    assert attached.type == "azurerm_machine_learning_inference_cluster"
    assert attached.attrs["cluster_purpose"] == "FastProd" and attached.attrs["kubernetes_cluster_id"] == ids["aks"]
    assert ids["aks"] in edges(graph, attached.address)


def test_public_online_endpoint_and_ai_services_are_at_the_edge(builder, scan):
    ids = scenarios.exposed_workspace(builder)
    hub = scenarios.hub_spoke(builder)
    rg = "rg-network-hub"
    public_openai = builder.add(rg, "Microsoft.CognitiveServices/accounts/oai-public", "Microsoft.CognitiveServices/accounts",
                                {"publicNetworkAccess": "Enabled", "customSubDomainName": "oai-public"},
                                kind="OpenAI", sku={"name": "S0"})
    graph, _ = graph_of(scan())
    zones, _ = annotate_zones(graph)
    assert zones[ids["endpoint"]].zone.value == "edge"
    assert any("scoring endpoint open to public networks" in r for r in zones[ids["endpoint"]].reasons)
    assert zones[public_openai["id"]].zone.value == "edge"
    assert zones[hub["openai"]].zone.value != "edge" and zones[hub["search"]].zone.value != "edge"


def test_odd_answers_keep_everything_else(builder, estate, scan):
    """Objects with missing, null or mistyped fields are read as far as they go; an answer that is
    not JSON is a gap; nothing else is lost."""
    ids = scenarios.exposed_workspace(builder)
    rg = builder.rg_id("rg-exposed")
    odd = [
        {"id": f"{rg}/providers/Microsoft.Network/virtualNetworks/vnet-null", "name": "vnet-null", "properties": None},
        {"id": f"{rg}/providers/Microsoft.Network/virtualNetworks/vnet-odd", "name": "vnet-odd", "location": 5,
         "properties": {"subnets": ["x", {"id": 5}, {"id": f"{rg}/providers/Microsoft.Network/virtualNetworks/vnet-odd/subnets/s",
                                                     "properties": {"addressPrefix": None}}],
                        "addressSpace": "10.0.0.0/8", "virtualNetworkPeerings": "none"}},
        {"id": f"{rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-odd", "name": "nsg-odd", "properties": {
            "securityRules": [{"name": "r1", "properties": {"priority": "abc", "sourceAddressPrefixes": "1.2.3.4",
                                                            "access": None}}, "junk", {"name": "r2"}]}},
        {"id": f"{rg}/providers/Microsoft.Storage/storageAccounts/stodd", "name": "stodd", "sku": "Standard_LRS",
         "kind": None, "properties": {"networkAcls": "x", "encryption": [], "primaryEndpoints": None}},
        {"id": f"{rg}/providers/Microsoft.MachineLearningServices/workspaces/mlw-odd", "name": "mlw-odd", "kind": 7,
         "identity": "weird", "sku": "x", "properties": {"publicNetworkAccess": 5, "encryption": "x",
                                                          "managedNetwork": None}},
        {"id": f"{ids['workspace']}/computes/odd", "name": "odd", "properties": {"computeType": None, "properties": "x"}},
        {"id": f"{ids['workspace']}/onlineEndpoints/odd-ep", "name": "odd-ep",
         "properties": {"traffic": "x", "authMode": None}, "identity": {"type": None}},
    ]
    for item in odd:
        estate.add(item)
    estate.raw[f"/subscriptions/{scenarios.SUB}/providers/microsoft.keyvault/vaults"] = (
        502, b"<html><body>Bad gateway</body></html>")
    estate.raw[f"/subscriptions/{scenarios.SUB}/providers/microsoft.search/searchservices"] = (200, b"<html>login</html>")
    inventory = scan()
    addresses = {r.address for r in inventory.resources}
    search = [g for g in inventory.gaps if g.subject.endswith("Microsoft.Search/searchServices/read")]
    assert len(search) == 1 and "not JSON" in search[0].reason
    for item in odd:
        assert item["id"] in addresses, item["id"]
    assert {ids["workspace"], ids["endpoint"], ids["deployment"], ids["nsg"]} <= addresses
    assert not [g for g in inventory.gaps if "scan error" in g.reason], [g for g in inventory.gaps if "scan error" in g.reason]
    vault_gaps = [g for g in inventory.gaps if g.subject.endswith("Microsoft.KeyVault/vaults/read")]
    assert len(vault_gaps) == 1 and "502" in vault_gaps[0].reason and "<html" not in vault_gaps[0].reason
    build_graph(inventory)   # and the core takes it
