"""An Azure ML workspace's managed virtual network: its outbound rules fold into the workspace, and a
private-endpoint rule is the network path from the workspace's managed network to its target.
The live Azure audit reads the same rules as these types (providers/azure)."""

from __future__ import annotations

from pathlib import Path

from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


HCL = """
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "westeurope"
}
resource "azurerm_storage_account" "data" {
  name                     = "mldata"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = azurerm_resource_group.rg.location
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "ws"
  location                = azurerm_resource_group.rg.location
  resource_group_name     = azurerm_resource_group.rg.name
  application_insights_id = "x"
  key_vault_id            = "y"
  storage_account_id      = azurerm_storage_account.data.id
  identity {
    type = "SystemAssigned"
  }
  managed_network {
    isolation_mode = "AllowOnlyApprovedOutbound"
  }
}
resource "azurerm_machine_learning_workspace_network_outbound_rule_fqdn" "pypi" {
  name             = "pypi"
  workspace_id     = azurerm_machine_learning_workspace.ws.id
  destination_fqdn = "pypi.org"
}
resource "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint" "data" {
  name                = "data"
  workspace_id        = azurerm_machine_learning_workspace.ws.id
  service_resource_id = azurerm_storage_account.data.id
  sub_resource_target = "blob"
}
resource "azurerm_machine_learning_workspace_network_outbound_rule_service_tag" "ad" {
  name         = "ad"
  workspace_id = azurerm_machine_learning_workspace.ws.id
  service_tag  = "AzureActiveDirectory"
  protocol     = "TCP"
  port_ranges  = "443"
}
"""


def test_outbound_rules_fold_into_the_workspace(tmp_path: Path):
    (tmp_path / "main.tf").write_text(HCL)
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    workspace = "azurerm_machine_learning_workspace.ws"
    rules = [r.address for r in graph.resources if "outbound_rule" in r.type]
    assert len(rules) == 3 and all(graph.folded.get(r) == workspace for r in rules)
    assert not [g for g in graph.gaps if g.kind.value in ("no-catalog-entry", "unresolved-reference")]
    assert any(e.src == workspace and e.dst == "azurerm_storage_account.data" and e.relation == Relation.NETWORK
               and e.via.startswith("azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint")
               for e in graph.edges)
