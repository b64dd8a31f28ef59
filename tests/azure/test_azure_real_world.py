"""The Azure adapter against what real subscriptions hold and the other tests' estates do not: a managed
virtual network with outbound rules, computes without public IPs, an online endpoint with public access
disabled, storage and Key Vault firewalls, later pages of nested collections, objects listed without an
id, 503 with Retry-After, a second subscription not registered for Machine Learning in another region,
markup and secrets in tags. Through the real azure-core pipeline, over HTTPS, against the fake ARM."""

from __future__ import annotations

import json

import azure_scenarios as scenarios
from azure_estate import Builder
from azure_scenarios import managed_network_workspace
from azure_fixtures import arm, builder, estate, scan  # noqa: F401  (fixtures)
from infra2arch.annotate.pipeline import annotate
from infra2arch.catalog import kind as catalog_kind
from infra2arch.graph import build_graph
from infra2arch.model import GapKind
from infra2arch.render.graph_json import dumps

SUB2 = "11111111-1111-1111-1111-111111111111"
ML = "Microsoft.MachineLearningServices/workspaces"


def of_type(inventory, tf_type):
    return {r.name: r for r in inventory.resources if r.type == tf_type}


def gaps_of(inventory):
    return {(g.kind.value, g.subject): g.reason for g in inventory.gaps if g.kind != GapKind.REDACTED}


def test_managed_network_private_endpoints_and_firewalls(builder, scan):
    ids = managed_network_workspace(builder)
    inventory = scan()
    workspace = of_type(inventory, "azurerm_machine_learning_workspace")["mlw-managed"]
    assert workspace.attrs["managed_network"] == [{"isolation_mode": "AllowOnlyApprovedOutbound"}]
    assert workspace.attrs["public_network_access_enabled"] is False
    ws_id = ids["workspace"]["id"]
    pe = of_type(inventory, "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint")
    assert dict(pe["__SYS_PE_stmanaged_blob"].attrs) == {
        "id": f"{ws_id}/outboundRules/__SYS_PE_stmanaged_blob", "name": "__SYS_PE_stmanaged_blob",
        "workspace_id": ws_id, "service_resource_id": ids["storage"]["id"], "sub_resource_target": "blob",
        "spark_enabled": False, "category": "Required", "status": "Active"}
    fqdn = of_type(inventory, "azurerm_machine_learning_workspace_network_outbound_rule_fqdn")["pypi"]
    assert fqdn.attrs["destination_fqdn"] == "pypi.org" and fqdn.location.region == "eastus"
    tag = of_type(inventory, "azurerm_machine_learning_workspace_network_outbound_rule_service_tag")["monitor"]
    assert (tag.attrs["service_tag"], tag.attrs["protocol"], tag.attrs["port_ranges"], tag.attrs["action"]) == (
        "AzureMonitor", "TCP", "443", "Allow")
    # a rule type this adapter does not know is kept, under a live-only type, with the type ARM named
    assert of_type(inventory, "azureml_outbound_rule")["future-kind"].attrs["rule_type"] == "SomethingNew"
    assert of_type(inventory, "azureml_outbound_rule")["null-rule"]

    computes = {**of_type(inventory, "azurerm_machine_learning_compute_instance"),
                **of_type(inventory, "azurerm_machine_learning_compute_cluster")}
    assert computes["ci-private"].attrs["node_public_ip_enabled"] is False
    assert computes["cluster-private"].attrs["node_public_ip_enabled"] is False
    assert "subnet_resource_id" not in computes["cluster-private"].attrs
    storage = of_type(inventory, "azurerm_storage_account")["stmanaged"].attrs["network_rules"][0]
    assert storage == {"default_action": "Deny", "bypass": ["AzureServices", "Logging"], "ip_rules": ["203.0.113.0/24"],
                       "virtual_network_subnet_ids": [ids["subnet"]],
                       "private_link_access": [{"endpoint_resource_id": ws_id,
                                                "endpoint_tenant_id": "72f988bf-0000-0000-0000-000000000000"}]}
    vault = of_type(inventory, "azurerm_key_vault")["kv-managed"].attrs["network_acls"][0]
    assert vault == {"default_action": "Deny", "bypass": "AzureServices", "ip_rules": ["198.51.100.7/32"],
                     "virtual_network_subnet_ids": [ids["subnet"]]}
    assert not gaps_of(inventory)

    graph = build_graph(inventory)
    annotations = annotate(graph)
    zones = annotations.zones
    endpoint = ids["endpoint"]["id"]
    assert zones[endpoint].zone.value != "edge" and zones[ws_id].zone.value != "edge"
    assert endpoint not in {e.asset for e in annotations.exposures}
    # every rule reaches the graph: drawn by its catalog record, or listed as a type the catalog lacks
    rule_types = {r.type for r in inventory.resources if "/outboundRules/" in r.address}
    assert len(rule_types) == 4
    in_graph = {r.address for r in graph.resources}
    assert all(r.address in in_graph for r in inventory.resources if "/outboundRules/" in r.address)
    uncatalogued = {g.subject for g in graph.gaps if g.kind == GapKind.NO_CATALOG_ENTRY}
    assert {t for t in rule_types if catalog_kind(t) is None} <= uncatalogued


def test_outbound_rules_from_their_own_collection_when_the_workspace_does_not_state_them(builder, estate, scan):
    inline = scan_rules(scan, builder, estate, inline_rules=True)
    estate.resources.clear()
    listed = scan_rules(scan, builder, estate, inline_rules=False)
    assert listed == inline and len(listed) == 5      # the same resources, whichever way ARM answers
    calls = [p for p in estate.calls() if p.lower().endswith("/outboundrules")]
    assert len(calls) == 3                            # two-a-page: five rules on three pages, asked only the 2nd time


def scan_rules(scan, builder, estate, inline_rules):
    managed_network_workspace(builder, inline_rules=inline_rules)
    estate.page_size = 2
    inventory = scan()
    assert not gaps_of(inventory)
    return sorted((r.type, r.address, tuple(sorted((k, repr(v)) for k, v in r.attrs.items())))
                  for r in inventory.resources if "/outboundRules/" in r.address)


def test_later_pages_of_nested_collections(builder, estate, scan):
    """Workspaces, their computes, endpoints, deployments, models and versions, each over several pages."""
    builder.resource_group("rg-many")
    for w in range(3):
        ws = builder.workspace("rg-many", f"mlw-{w}", storage="", key_vault="", insights="", registry=None, public=False)
        for c in range(3):
            builder.compute(ws, f"cc-{w}-{c}", "AmlCompute", {"vmSize": "Standard_D2s_v3"})
        for m in range(3):
            builder.model(ws, f"model-{w}-{m}", versions=3)
        for e in range(3):
            endpoint = builder.online_endpoint(ws, f"ep-{w}-{e}", public=False, traffic={})
            for d in range(3):
                builder.online_deployment(endpoint, f"d{d}", "")
    estate.page_size = 2
    inventory = scan()
    assert len(of_type(inventory, "azurerm_machine_learning_workspace")) == 3
    assert len(of_type(inventory, "azurerm_machine_learning_compute_cluster")) == 9
    assert len(of_type(inventory, "azureml_online_endpoint")) == 9
    deployments = [r for r in inventory.resources if r.type == "azureml_online_deployment"]
    assert sorted(r.address.split("/onlineEndpoints/")[1] for r in deployments) == sorted(
        f"ep-{w}-{e}/deployments/d{d}" for w in range(3) for e in range(3) for d in range(3))
    assert len([r for r in inventory.resources if r.type == "azureml_model"]) == 27
    calls = inventory.scanned["api_calls_by_api"]
    assert calls[f"{ML}/onlineEndpoints/deployments/read"] == 9 * 2        # each endpoint: two pages of deployments
    assert calls[f"{ML}/models/versions/read"] == 9 * 2
    assert not gaps_of(inventory)


def test_objects_listed_without_an_id_are_a_gap(builder, estate, scan):
    ids = managed_network_workspace(builder)
    computes = f"{ids['workspace']['id']}/computes"
    estate.raw[computes.lower()] = (200, json.dumps({"value": [
        {"name": "half-created", "properties": {"computeType": "AmlCompute"}}, "junk",
        {"id": f"{computes}/ok", "name": "ok", "properties": {"computeType": "AmlCompute", "properties": None}}],
    }).encode())
    inventory = scan()
    gaps = gaps_of(inventory)
    assert "without an id" in gaps[("not-available", f"{scenarios.SUB}/rg-managed/{ML}/computes/read")]
    assert "ok" in of_type(inventory, "azurerm_machine_learning_compute_cluster")


def test_503_with_retry_after_is_retried_and_a_lasting_one_is_a_gap(builder, estate, scan):
    managed_network_workspace(builder)
    workspaces = f"/subscriptions/{scenarios.SUB}/providers/{ML}"
    vaults = f"/subscriptions/{scenarios.SUB}/providers/Microsoft.KeyVault/vaults"
    estate.fault(workspaces, 503, "ServiceUnavailable", "try later", times=1, retry_after=1)
    estate.fault(vaults, 503, "ServiceUnavailable", "down")
    identities = f"/subscriptions/{scenarios.SUB}/providers/Microsoft.ManagedIdentity/userAssignedIdentities"
    builder.identity("rg-managed", "id-cut", "7e0a0000-0000-4000-8000-000000000001")
    estate.fault(identities, 0, "", times=1)        # the connection closes mid-answer: asked again
    inventory = scan(max_attempts=3)
    assert [r.name for r in inventory.resources if r.type == "azurerm_user_assigned_identity"] == ["id-cut"]
    assert "mlw-managed" in of_type(inventory, "azurerm_machine_learning_workspace")
    asked = [t for t, _, path, _ in estate.requests if path.lower() == workspaces.lower()]
    assert len(asked) == 2 and asked[1] - asked[0] >= 0.95
    gaps = gaps_of(inventory)
    assert list(gaps) == [("not-available", f"{scenarios.SUB}/*/Microsoft.KeyVault/vaults/read")]
    assert "outlasted the retries" in gaps[("not-available", f"{scenarios.SUB}/*/Microsoft.KeyVault/vaults/read")]
    assert len([p for p in estate.calls() if p.lower() == vaults.lower()]) == 3     # bounded


def test_a_second_subscription_not_registered_for_machine_learning(builder, estate, scan):
    managed_network_workspace(builder)
    other = Builder(estate, subscription=SUB2, location="westeurope")
    scenarios.exposed_workspace(other, "rg-weu")
    estate.fault(f"/subscriptions/{SUB2}/providers/{ML}", 409, "MissingSubscriptionRegistration",
                 "The subscription is not registered to use namespace 'Microsoft.MachineLearningServices'")
    inventory = scan(subscriptions=(scenarios.SUB, SUB2))
    gaps = gaps_of(inventory)
    assert list(gaps) == [("not-available", f"{SUB2}/*/{ML}/read")]
    assert "not registered" in gaps[("not-available", f"{SUB2}/*/{ML}/read")]
    assert inventory.scanned["subscriptions"] == sorted((scenarios.SUB, SUB2))
    assert {"eastus", "westeurope"} <= set(inventory.scanned["regions"])
    second = [r for r in inventory.resources if r.location.account == SUB2]
    assert {"azurerm_storage_account", "azurerm_virtual_network"} <= {r.type for r in second}
    assert not [r for r in second if r.type.startswith(("azurerm_machine_learning", "azureml_"))]
    assert of_type(inventory, "azurerm_machine_learning_workspace")["mlw-managed"].location.account == scenarios.SUB


def test_markup_and_secrets_in_tags(builder, estate, scan):
    ids = managed_network_workspace(builder)
    account_key = "DefaultEndpointsProtocol=https;AccountName=stmanaged;AccountKey=" + "QUJD" * 22 + "==;"
    ids["workspace"]["tags"] = {"owner": "<script>alert('x')</script>", "connection": account_key}
    inventory = scan()
    graph = build_graph(inventory)
    text = dumps(graph, annotations=annotate(graph))
    assert "QUJD" * 22 not in text
    assert ids["workspace"]["id"] in {g.subject for g in graph.gaps if g.kind == GapKind.REDACTED}
    workspace = of_type(inventory, "azurerm_machine_learning_workspace")["mlw-managed"]
    assert workspace.attrs["tags"]["owner"] == "<script>alert('x')</script>"   # kept as data; escaped by renderers
