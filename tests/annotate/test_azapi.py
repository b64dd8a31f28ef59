"""azapi_resource read as its azurerm equivalent: category, placement, zones, findings and cost from
the ARM body, with an unknown (never azurerm's default) where the body is silent."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from infra2arch.annotate.findings import Verdict, _within_azapi_mapping, evaluate_findings
from infra2arch.annotate.model import Result, Zone
from infra2arch.annotate.zones import annotate_network
from infra2arch.graph import build_graph
from infra2arch.model import Resource
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

_HCL = """
resource "azurerm_resource_group" "rg" {
  name     = "rg-ml"
  location = "westeurope"
}
resource "azapi_resource" "vnet" {
  type      = "Microsoft.Network/virtualNetworks@2024-05-01"
  name      = "vnet-ml"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = { properties = { addressSpace = { addressPrefixes = ["10.0.0.0/16"] } } }
}
resource "azapi_resource" "subnet" {
  type      = "Microsoft.Network/virtualNetworks/subnets@2024-05-01"
  name      = "snet-pe"
  parent_id = azapi_resource.vnet.id
  body = { properties = { addressPrefix = "10.0.1.0/24" } }
}
resource "azapi_resource" "storage" {
  type      = "Microsoft.Storage/storageAccounts@2023-05-01"
  name      = "stml"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = {
    kind = "StorageV2"
    sku  = { name = "Standard_GRS" }
    properties = {
      publicNetworkAccess = "Disabled"
      networkAcls         = { defaultAction = "Deny" }
    }
  }
}
resource "azapi_resource" "ws_public" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "mlw-public"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  identity { type = "SystemAssigned" }
  body = { properties = { storageAccount = azapi_resource.storage.id } }
}
resource "azapi_resource" "ws_private" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "mlw-private"
  parent_id = "/subscriptions/0000/resourceGroups/rg-ml"
  location  = "westeurope"
  body = { properties = { publicNetworkAccess = "Disabled", hbiWorkspace = true } }
}
resource "azapi_resource" "hub" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "hub"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = { kind = "Hub", properties = { publicNetworkAccess = "Disabled" } }
}
resource "azapi_resource" "openai" {
  type      = "Microsoft.CognitiveServices/accounts@2024-10-01"
  name      = "oai"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = {
    kind = "OpenAI"
    sku  = { name = "S0" }
    properties = { disableLocalAuth = true, networkAcls = { defaultAction = "Deny" } }
  }
}
resource "azapi_resource" "search" {
  type      = "Microsoft.Search/searchServices@2023-11-01"
  name      = "srch"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = { sku = { name = "standard" }, properties = {} }
}
resource "azapi_resource" "kv" {
  type      = "Microsoft.KeyVault/vaults@2023-07-01"
  name      = "kv-ml"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = { properties = { tenantId = "t", sku = { family = "A", name = "standard" }, enablePurgeProtection = true } }
}
resource "azapi_resource" "pe" {
  type      = "Microsoft.Network/privateEndpoints@2024-05-01"
  name      = "pe-stml"
  parent_id = azurerm_resource_group.rg.id
  location  = "westeurope"
  body = {
    properties = {
      subnet = { id = azapi_resource.subnet.id }
      privateLinkServiceConnections = [{
        name       = "blob"
        properties = { privateLinkServiceId = azapi_resource.storage.id, groupIds = ["blob"] }
      }]
    }
  }
}
resource "azapi_resource" "bot" {
  type      = "Microsoft.BotService/botServices@2022-09-15"
  name      = "bot"
  parent_id = azurerm_resource_group.rg.id
  body = { properties = {} }
}
"""


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    path: Path = tmp_path_factory.mktemp("azapi")
    (path / "main.tf").write_text(textwrap.dedent(_HCL))
    graph = build_graph(TerraformProvider().scan(str(path), TerraformOptions(use_cache=False, environment={})))
    zones, _, exposures = annotate_network(graph)
    findings = {(f.rule_id, f.address): f for f in evaluate_findings(graph, zones)}
    return graph, zones, {e.asset for e in exposures}, findings


def test_known_arm_types_read_as_their_azurerm_type(scanned):
    graph, *_ = scanned
    types = {r.address: r.type for r in graph.resources}
    assert types == {
        "azurerm_resource_group.rg": "azurerm_resource_group",
        "azapi_resource.vnet": "azurerm_virtual_network",
        "azapi_resource.subnet": "azurerm_subnet",
        "azapi_resource.storage": "azurerm_storage_account",
        "azapi_resource.ws_public": "azurerm_machine_learning_workspace",
        "azapi_resource.ws_private": "azurerm_machine_learning_workspace",
        "azapi_resource.hub": "azurerm_ai_foundry",
        "azapi_resource.openai": "azurerm_cognitive_account",
        "azapi_resource.search": "azurerm_search_service",
        "azapi_resource.kv": "azurerm_key_vault",
        "azapi_resource.pe": "azurerm_private_endpoint",
        "azapi_resource.bot": "azapi_resource",   # an ARM type the mapping does not know stays as written
    }
    by = graph.by_address()
    assert by["azapi_resource.storage"].attrs["azapi_type"] == "Microsoft.Storage/storageAccounts@2023-05-01"
    assert by["azapi_resource.hub"].attrs["public_network_access"] == "Disabled"
    assert any(g.subject == "azapi_resource" for g in graph.gaps)   # the bot is still a recorded gap


def test_parent_id_and_body_references_become_placement_and_edges(scanned):
    graph, *_ = scanned
    containment = {(c.child, c.parent) for c in graph.containment}
    assert ("azapi_resource.subnet", "azapi_resource.vnet") in containment
    assert ("azapi_resource.pe", "azapi_resource.subnet") in containment
    assert ("azapi_resource.storage", "azurerm_resource_group.rg") in containment
    edges = {(e.src, e.dst, e.relation.value, e.via) for e in graph.edges}
    assert ("azapi_resource.pe", "azapi_resource.storage", "network",
            "private_service_connection.private_connection_resource_id") in edges
    assert ("azapi_resource.ws_public", "azapi_resource.storage", "data", "storage_account_id") in edges


def test_exposure_follows_the_body(scanned):
    _, zones, exposed, _ = scanned
    assert "azapi_resource.ws_public" in exposed          # publicNetworkAccess unset: on, as in ARM
    assert "azapi_resource.ws_private" not in exposed
    assert "azapi_resource.openai" not in exposed         # networkAcls deny by default
    assert zones["azapi_resource.search"].zone == Zone.EDGE   # nothing restricts it
    assert zones["azapi_resource.storage"].zone == Zone.DATA
    assert zones["azapi_resource.subnet"].egress == "unknown"   # defaultOutboundAccess depends on the API version


def test_findings_pass_or_fail_only_on_what_the_body_says(scanned):
    *_, findings = scanned
    result = {key: f.result for key, f in findings.items()}
    assert result[("I2A-AZ-001", "azapi_resource.ws_public")] == Result.FAIL
    assert result[("I2A-AZ-001", "azapi_resource.ws_private")] == Result.PASS
    assert result[("I2A-AZ-002", "azapi_resource.ws_private")] == Result.PASS
    assert result[("I2A-AZ-010", "azapi_resource.storage")] == Result.PASS
    assert result[("I2A-AZ-020", "azapi_resource.openai")] == Result.PASS
    assert result[("I2A-AZ-014", "azapi_resource.kv")] == Result.PASS
    # azurerm's defaults (TLS1_2, HTTPS only) are not ARM's for every API version: unknown, saying why
    tls = findings[("I2A-AZ-012", "azapi_resource.storage")]
    assert tls.result == Result.UNKNOWN and "minimumTlsVersion not set" in tls.evidence
    assert result[("I2A-AZ-013", "azapi_resource.storage")] == Result.UNKNOWN


def test_a_verdict_on_an_attribute_the_mapping_does_not_produce_is_unknown():
    resource = Resource("azapi_resource.sa", "azurerm_storage_account", "sa",
                        {"azapi_type": "Microsoft.Storage/storageAccounts@2023-05-01"})
    failed = Verdict(Result.FAIL, "infrastructure_encryption_enabled not set", "infrastructure_encryption_enabled")
    assert _within_azapi_mapping(resource, failed).result == Result.UNKNOWN
    mapped = Verdict(Result.PASS, "min_tls_version = TLS1_2", "min_tls_version")
    assert _within_azapi_mapping(resource, mapped) is mapped
    plain = Resource("azurerm_storage_account.sa", "azurerm_storage_account", "sa", {})
    assert _within_azapi_mapping(plain, failed) is failed


def test_cost_reads_the_sku(scanned):
    from infra2arch.annotate.cost import PriceBook, estimate_costs
    graph, *_ = scanned
    costs = estimate_costs(graph, PriceBook.load())
    notes = [c.note for c in costs["azapi_resource.storage"].components]
    assert any("LRS price used for GRS" in note for note in notes), notes
