"""Findings on managed AI services as real public modules write them (Azure/terraform-azurerm-openai
with private endpoints, the AVM Cognitive Services account with a separate customer-managed key,
AI Search behind allowed IPs). Each configuration is fresh, minimal code with the same construct;
each test failed before the fix it guards.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Result
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    inventory = TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={}))
    graph = build_graph(inventory)
    return graph, annotate(graph)


def result(annotations, rule: str, address: str):
    found = [f for f in annotations.findings if f.rule_id == rule and f.address == address]
    assert found, (rule, address, sorted({(f.rule_id, f.address) for f in annotations.findings}))
    return found[0]


NETWORK = """
    provider "azurerm" {
      features {}
    }
    resource "azurerm_resource_group" "rg" {
      name     = "rg-openai"
      location = "westeurope"
    }
    resource "azurerm_virtual_network" "vnet" {
      name                = "vnet"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
      address_space       = ["10.0.0.0/16"]
    }
    resource "azurerm_subnet" "pe" {
      name                 = "snet-pe"
      resource_group_name  = azurerm_resource_group.rg.name
      virtual_network_name = azurerm_virtual_network.vnet.name
      address_prefixes     = ["10.0.1.0/24"]
    }
"""

PRIVATE_OPENAI = NETWORK + """
    resource "azurerm_cognitive_account" "openai" {
      name                          = "oai-private"
      kind                          = "OpenAI"
      sku_name                      = "S0"
      location                      = azurerm_resource_group.rg.location
      resource_group_name           = azurerm_resource_group.rg.name
      custom_subdomain_name         = "oai-private"
      public_network_access_enabled = false
    }
    resource "azurerm_private_endpoint" "openai" {
      for_each            = { pe = "snet-pe" }
      name                = "pe-openai"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
      subnet_id           = azurerm_subnet.pe.id
      private_service_connection {
        name                           = "psc"
        is_manual_connection           = false
        private_connection_resource_id = azurerm_cognitive_account.openai.id
        subresource_names              = ["account"]
      }
    }
"""


def test_an_openai_account_behind_a_private_endpoint_is_not_ml_compute_in_the_open(tmp_path):
    # Azure OpenAI cannot be placed in a subnet: a private endpoint with public access off is what
    # NET-002 asks for, so it passes and names the endpoint
    graph, annotations = scan(tmp_path, PRIVATE_OPENAI)
    plane = result(annotations, "I2A-NET-002", "azurerm_cognitive_account.openai")
    assert plane.result == Result.PASS
    assert 'azurerm_private_endpoint.openai["pe"]' in plane.evidence
    assert result(annotations, "I2A-NET-003", "azurerm_cognitive_account.openai").result == Result.PASS


def test_an_openai_account_without_a_private_endpoint_still_fails_the_plane_rule(tmp_path):
    text = PRIVATE_OPENAI.split('    resource "azurerm_private_endpoint"')[0]
    graph, annotations = scan(tmp_path, text)
    assert result(annotations, "I2A-NET-002", "azurerm_cognitive_account.openai").result == Result.FAIL


def test_a_public_account_with_a_private_endpoint_is_still_exposed(tmp_path):
    text = PRIVATE_OPENAI.replace("public_network_access_enabled = false", "public_network_access_enabled = true")
    graph, annotations = scan(tmp_path, text)
    assert result(annotations, "I2A-NET-003", "azurerm_cognitive_account.openai").result == Result.FAIL
    assert result(annotations, "I2A-NET-002", "azurerm_cognitive_account.openai").result == Result.FAIL


def test_api_keys_and_customer_keys_of_ai_accounts(tmp_path):
    # the provider defaults local_auth_enabled to true: API keys work unless turned off
    graph, annotations = scan(tmp_path, PRIVATE_OPENAI)
    keys = result(annotations, "I2A-AZ-020", "azurerm_cognitive_account.openai")
    assert keys.result == Result.FAIL and keys.default_applied
    assert result(annotations, "I2A-AZ-021", "azurerm_cognitive_account.openai").result == Result.FAIL


AVM_CMK = NETWORK + """
    data "azurerm_client_config" "current" {}
    resource "azurerm_user_assigned_identity" "cmk" {
      name                = "uai-cmk"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
    }
    resource "azurerm_key_vault" "kv" {
      name                     = "kv-openai"
      location                 = azurerm_resource_group.rg.location
      resource_group_name      = azurerm_resource_group.rg.name
      tenant_id                = data.azurerm_client_config.current.tenant_id
      sku_name                 = "premium"
      purge_protection_enabled = true
    }
    resource "azurerm_key_vault_key" "cmk" {
      name         = "cmk"
      key_vault_id = azurerm_key_vault.kv.id
      key_type     = "RSA"
      key_size     = 2048
      key_opts     = ["wrapKey", "unwrapKey"]
    }
    resource "azurerm_ai_services" "hub" {
      name                         = "ais-hub"
      location                     = azurerm_resource_group.rg.location
      resource_group_name          = azurerm_resource_group.rg.name
      sku_name                     = "S0"
      local_authentication_enabled = false
      public_network_access        = "Disabled"
    }
    resource "azurerm_cognitive_account" "openai" {
      name                = "oai-cmk"
      kind                = "OpenAI"
      sku_name            = "S0"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
      local_auth_enabled  = false
      identity {
        type         = "UserAssigned"
        identity_ids = [azurerm_user_assigned_identity.cmk.id]
      }
    }
    resource "azurerm_cognitive_account_customer_managed_key" "openai" {
      cognitive_account_id = azurerm_cognitive_account.openai.id
      key_vault_key_id     = azurerm_key_vault_key.cmk.id
      identity_client_id   = azurerm_user_assigned_identity.cmk.client_id
    }
"""


def test_a_separate_customer_managed_key_folds_into_the_account_and_satisfies_the_rule(tmp_path):
    graph, annotations = scan(tmp_path, AVM_CMK)
    address = "azurerm_cognitive_account_customer_managed_key.openai"
    assert graph.folded[address] == "azurerm_cognitive_account.openai"
    assert not [g for g in graph.gaps if g.kind == "no-catalog-entry"]
    # the key folds into its vault: the account is encrypted by a key of that vault
    encrypts = {(e.src, e.dst) for e in graph.edges if e.relation == Relation.ENCRYPTS}
    assert ("azurerm_cognitive_account.openai", graph.folded.get("azurerm_key_vault_key.cmk")) in encrypts
    cmk = result(annotations, "I2A-AZ-021", "azurerm_cognitive_account.openai")
    assert cmk.result == Result.PASS and address in cmk.evidence
    assert result(annotations, "I2A-AZ-020", "azurerm_cognitive_account.openai").result == Result.PASS
    # azurerm_ai_services names the setting local_authentication_enabled
    assert result(annotations, "I2A-AZ-020", "azurerm_ai_services.hub").result == Result.PASS
    assert result(annotations, "I2A-AZ-021", "azurerm_ai_services.hub").result == Result.FAIL


SEARCH = NETWORK + """
    resource "azurerm_search_service" "open" {
      name                = "srch-open"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
      sku                 = "standard"
    }
    resource "azurerm_search_service" "listed" {
      name                         = "srch-listed"
      location                     = azurerm_resource_group.rg.location
      resource_group_name          = azurerm_resource_group.rg.name
      sku                          = "standard"
      allowed_ips                  = ["203.0.113.0/24"]
      local_authentication_enabled = false
    }
    resource "azurerm_search_service" "private" {
      name                          = "srch-private"
      location                      = azurerm_resource_group.rg.location
      resource_group_name           = azurerm_resource_group.rg.name
      sku                           = "standard"
      public_network_access_enabled = false
      allowed_ips                   = ["0.0.0.0/0"]
    }
"""


def test_ai_search_public_access_and_api_keys(tmp_path):
    graph, annotations = scan(tmp_path, SEARCH)
    public = result(annotations, "I2A-AZ-023", "azurerm_search_service.open")
    assert public.result == Result.FAIL and public.default_applied
    assert result(annotations, "I2A-AZ-023", "azurerm_search_service.listed").result == Result.PASS
    assert result(annotations, "I2A-AZ-023", "azurerm_search_service.private").result == Result.PASS
    assert result(annotations, "I2A-AZ-022", "azurerm_search_service.open").result == Result.FAIL
    assert result(annotations, "I2A-AZ-022", "azurerm_search_service.listed").result == Result.PASS


# ----------------------------------------------------------------------------------------- cost

COSTED = NETWORK + """
    resource "azurerm_cognitive_account" "openai" {
      name                = "oai"
      kind                = "OpenAI"
      sku_name            = "S0"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
    }
    resource "azurerm_cognitive_deployment" "chat" {
      for_each             = { chat = "GlobalStandard", batch = "ProvisionedManaged" }
      name                 = each.key
      cognitive_account_id = azurerm_cognitive_account.openai.id
      model {
        format  = "OpenAI"
        name    = "gpt-4o"
        version = "2024-08-06"
      }
      sku {
        name     = each.value
        capacity = 100
      }
    }
    resource "azurerm_cognitive_account" "docs" {
      name                = "docintel"
      kind                = "FormRecognizer"
      sku_name            = "F0"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
    }
    resource "azurerm_search_service" "rag" {
      name                = "srch-rag"
      location            = azurerm_resource_group.rg.location
      resource_group_name = azurerm_resource_group.rg.name
      sku                 = "standard"
      replica_count       = 2
      partition_count     = 1
    }
"""


def test_ai_search_bills_its_search_units_and_openai_says_why_it_is_unpriced(tmp_path):
    graph, annotations = scan(tmp_path, COSTED)
    search = annotations.costs["azurerm_search_service.rag"]
    assert search.status.value == "priced" and search.monthly == 2 * 730 * search.components[0].unit_price
    assert search.components[0].price_id == "azure.search/standard@eastus"
    openai = annotations.costs["azurerm_cognitive_account.openai"]
    names = [c.name for c in openai.components]
    assert 'batch: gpt-4o, provisioned throughput (100 PTU)' in names
    assert 'chat: gpt-4o tokens (GlobalStandard)' in names
    assert openai.status.value == "unpriced" and all("price book" in c.note for c in openai.components)
    assert annotations.costs["azurerm_cognitive_account.docs"].status.value == "free"


def test_a_v100_notebook_of_a_research_lab_is_priced(tmp_path):
    # GoogleCloudPlatform/rad-lab's AlphaFold notebook: an N1 machine with a Tesla V100
    graph, annotations = scan(tmp_path, """
        resource "google_notebooks_instance" "workbench" {
          name               = "alphafold"
          location           = "us-central1-a"
          machine_type       = "n1-standard-8"
          install_gpu_driver = true
          accelerator_config {
            type       = "NVIDIA_TESLA_V100"
            core_count = 1
          }
          vm_image {
            project      = "deeplearning-platform-release"
            image_family = "tf-latest-gpu"
          }
        }
        """)
    cost = annotations.costs["google_notebooks_instance.workbench"]
    gpu = next(c for c in cost.components if c.name.startswith("GPU hours"))
    assert gpu.price_id == "google.compute.gpu/NVIDIA_TESLA_V100@us-central1" and gpu.monthly == 730 * gpu.unit_price
    assert cost.status.value == "priced"


def test_feature_groups_bill_their_online_store_by_usage(tmp_path):
    # SageMaker MLOps modules declare feature groups from a map; only the online store bills itself
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        variable "feature_groups" {
          default = {
            users    = { online = true }
            products = { online = false }
          }
        }
        resource "aws_sagemaker_feature_group" "this" {
          for_each                       = var.feature_groups
          feature_group_name             = each.key
          record_identifier_feature_name = "id"
          event_time_feature_name        = "ts"
          role_arn                       = "arn:aws:iam::123456789012:role/sagemaker"
          feature_definition {
            feature_name = "id"
            feature_type = "String"
          }
          feature_definition {
            feature_name = "ts"
            feature_type = "String"
          }
          online_store_config {
            enable_online_store = each.value.online
          }
          offline_store_config {
            s3_storage_config {
              s3_uri = "s3://features/${each.key}"
            }
          }
        }
        """)
    online = annotations.costs['aws_sagemaker_feature_group.this["users"]']
    assert online.status.value == "depends-on-usage"
    assert {c.price_id for c in online.components} == {
        "aws.sagemaker.feature-store/write-request-units@us-east-1",
        "aws.sagemaker.feature-store/read-request-units@us-east-1",
        "aws.sagemaker.feature-store/online-storage@us-east-1"}
    assert annotations.costs['aws_sagemaker_feature_group.this["products"]'].status.value == "free"
