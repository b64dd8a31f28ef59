"""azapi_resource children of a workspace or an AI account read as their azurerm (or live-adapter)
types: Azure ML computes by properties.computeType, online and batch endpoints and deployments,
Azure OpenAI model deployments; parent_id gives the parent, the body the settings."""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Result, Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

HCL = """
variable "compute_type" {}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  address_space       = ["10.0.0.0/16"]
  location            = "eastus"
  resource_group_name = "rg"
}
resource "azurerm_subnet" "training" {
  name                 = "training"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_machine_learning_workspace" "ws" {
  name                    = "mlw"
  location                = "eastus"
  resource_group_name     = "rg"
  application_insights_id = "ai"
  key_vault_id            = "kv"
  storage_account_id      = "st"
  identity { type = "SystemAssigned" }
}
resource "azapi_resource" "cluster" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "gpu"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "eastus"
  body = {
    properties = {
      computeType = "AmlCompute"
      properties = {
        vmSize             = "Standard_NC6s_v3"
        scaleSettings      = { minNodeCount = 0, maxNodeCount = 4 }
        subnet             = { id = azurerm_subnet.training.id }
        enableNodePublicIp = false
      }
    }
  }
}
resource "azapi_resource" "instance" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "ci"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = { properties = { computeType = "ComputeInstance", properties = { vmSize = "Standard_DS3_v2" } } }
}
resource "azapi_resource" "aks" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "aks"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = { properties = { computeType = "Kubernetes", resourceId = "/subscriptions/0/aks/k" } }
}
resource "azapi_resource" "databricks" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "dbx"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = { properties = { computeType = "Databricks", resourceId = "/subscriptions/0/dbx/w" } }
}
resource "azapi_resource" "unknown_compute" {
  type      = "Microsoft.MachineLearningServices/workspaces/computes@2024-04-01"
  name      = "what"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = { properties = { computeType = var.compute_type } }
}
resource "azapi_resource" "endpoint" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "chat"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "eastus"
  body = { kind = "Managed", properties = { authMode = "Key" } }
}
resource "azapi_resource" "private_endpoint" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "private"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "eastus"
  body = { kind = "Managed", properties = { authMode = "AADToken", publicNetworkAccess = "Disabled" } }
}
resource "azapi_resource" "blue" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-04-01"
  name      = "blue"
  parent_id = azapi_resource.endpoint.id
  location  = "eastus"
  body = {
    sku        = { name = "Default", capacity = 2 }
    properties = { endpointComputeType = "Managed", instanceType = "Standard_DS3_v2", model = "azureml:m:1" }
  }
}
resource "azurerm_cognitive_account" "openai" {
  name                = "oai"
  location            = "eastus"
  resource_group_name = "rg"
  kind                = "OpenAI"
  sku_name            = "S0"
}
resource "azapi_resource" "gpt" {
  type      = "Microsoft.CognitiveServices/accounts/deployments@2023-05-01"
  name      = "gpt-4o"
  parent_id = azurerm_cognitive_account.openai.id
  body = {
    sku        = { name = "GlobalStandard", capacity = 10 }
    properties = { model = { format = "OpenAI", name = "gpt-4o", version = "2024-05-13" } }
  }
}
"""


def scan(tmp_path: Path):
    (tmp_path / "main.tf").write_text(textwrap.dedent(HCL))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


def test_computes_map_by_compute_type_and_sit_in_their_subnet(tmp_path):
    graph, annotations = scan(tmp_path)
    by = graph.by_address()
    assert by["azapi_resource.cluster"].type == "azurerm_machine_learning_compute_cluster"
    assert by["azapi_resource.instance"].type == "azurerm_machine_learning_compute_instance"
    assert by["azapi_resource.aks"].type == "azurerm_machine_learning_inference_cluster"
    assert by["azapi_resource.databricks"].type == "azureml_attached_compute"
    assert by["azapi_resource.databricks"].attrs["compute_type"] == "Databricks"
    cluster = by["azapi_resource.cluster"].attrs
    assert cluster["vm_size"] == "Standard_NC6s_v3" and cluster["node_public_ip_enabled"] is False
    assert cluster["scale_settings"] == [{"min_node_count": 0, "max_node_count": 4}]
    # parent_id is the workspace; the body's subnet places the cluster
    assert any(e.src == "azapi_resource.cluster" and e.dst == "azurerm_machine_learning_workspace.ws"
               and e.via == "machine_learning_workspace_id" for e in graph.edges)
    assert any(c.child == "azapi_resource.cluster" and c.parent == "azurerm_subnet.training" for c in graph.containment)
    # a compute type that is not known is not guessed: the resource stays unmapped and is a gap
    assert by["azapi_resource.unknown_compute"].type == "azapi_resource"
    assert any(g.kind.value == "no-catalog-entry" and g.subject == "azapi_resource" and "1 resource" in g.reason
               for g in graph.gaps), graph.gaps
    # findings read the mapped settings, with ARM's defaults where they are azurerm's
    results = {(f.rule_id, f.address): f for f in annotations.findings}
    assert results[("I2A-AZ-008", "azapi_resource.cluster")].result == Result.PASS
    instance_ip = results[("I2A-AZ-005", "azapi_resource.instance")]
    assert instance_ip.result == Result.FAIL and instance_ip.default_applied
    assert results[("I2A-AZ-007", "azapi_resource.instance")].result == Result.FAIL


def test_online_endpoints_deployments_and_model_deployments(tmp_path):
    graph, annotations = scan(tmp_path)
    by = graph.by_address()
    endpoint = by["azapi_resource.endpoint"]
    assert endpoint.type == "azureml_online_endpoint" and endpoint.attrs["auth_mode"] == "Key"
    # ARM's publicNetworkAccess is Enabled unless set: the scoring URI is an exposure
    exposed = {e.asset: e for e in annotations.exposures}
    assert "azapi_resource.endpoint" in exposed and "API default Enabled" in exposed["azapi_resource.endpoint"].reason
    assert "azapi_resource.private_endpoint" not in exposed
    assert annotations.zones["azapi_resource.private_endpoint"].zone != Zone.EDGE
    blue = by["azapi_resource.blue"]
    assert blue.type == "azureml_online_deployment" and blue.attrs["instance_count"] == 2
    assert graph.folded["azapi_resource.blue"] == "azapi_resource.endpoint"
    gpt = by["azapi_resource.gpt"]
    assert gpt.type == "azurerm_cognitive_deployment"
    assert gpt.attrs["model"] == [{"format": "OpenAI", "name": "gpt-4o", "version": "2024-05-13"}]
    assert gpt.attrs["sku"] == [{"name": "GlobalStandard", "capacity": 10}]
    assert graph.folded["azapi_resource.gpt"] == "azurerm_cognitive_account.openai"
