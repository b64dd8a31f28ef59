"""The graph and maps of constructs from real public ML modules scanned as they are published:
reusable modules without a provider block (DNXLabs SageMaker), existing resource groups read by
data sources (Azure/terraform-azurerm-openai), Azure Verified Modules written with AzAPI,
Vertex AI Agent Engine / Model Armor (GoogleCloudPlatform/terraform-google-vertex-ai), Vertex AI
Search and Azure Monitor private link scopes. Each configuration is fresh, minimal code with the
same construct; each test failed before the fix it guards.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.graph import build_graph
from infra2arch.model import Graph, Relation
from infra2arch.views import ViewOptions, build_view
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def graph_of(root: Path, text: str, files: dict[str, str] | None = None) -> Graph:
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    for name, body in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body).lstrip("\n"))
    return build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))


def region_labels(graph: Graph) -> list[str]:
    view = build_view(graph, ViewOptions(name="engineering"))
    return sorted(g.label for g in view.groups if g.kind == "region")


def node_label(graph: Graph, address: str) -> str:
    view = build_view(graph, ViewOptions(name="engineering"))
    return next(n.label for n in view.nodes if address in n.members)


def no_catalog_gaps(graph: Graph) -> list[str]:
    return [g.subject for g in graph.gaps if g.kind == "no-catalog-entry"]


# ------------------------------------------------------------------------------------ regions

def test_a_module_without_a_provider_region_is_not_global(tmp_path):
    # a reusable AWS module leaves the region to its caller: every VPC still has one
    graph = graph_of(tmp_path, """
        variable "vpc_cidr" {
          default = "10.0.0.0/16"
        }
        resource "aws_vpc" "ml" {
          cidr_block = var.vpc_cidr
        }
        resource "aws_subnet" "private" {
          vpc_id     = aws_vpc.ml.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name             = "studio"
          auth_mode               = "IAM"
          vpc_id                  = aws_vpc.ml.id
          subnet_ids              = [aws_subnet.private.id]
          app_network_access_type = "VpcOnly"
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/sagemaker"
          }
        }
        """)
    assert region_labels(graph) == ["Region not set in the code"]


def test_a_resource_group_read_by_a_data_source_takes_the_region_of_what_it_holds(tmp_path):
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        variable "resource_group_name" {
          default = "rg-openai"
        }
        data "azurerm_resource_group" "this" {
          name = var.resource_group_name
        }
        resource "azurerm_cognitive_account" "openai" {
          name                = "oai"
          kind                = "OpenAI"
          sku_name            = "S0"
          location            = "swedencentral"
          resource_group_name = data.azurerm_resource_group.this.name
        }
        """)
    assert region_labels(graph) == ["Region swedencentral"]


def test_gcp_networks_stay_global(tmp_path):
    graph = graph_of(tmp_path, """
        resource "google_compute_network" "vpc" {
          name                    = "ml"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "ml" {
          name          = "ml"
          region        = "europe-west4"
          network       = google_compute_network.vpc.id
          ip_cidr_range = "10.0.0.0/24"
        }
        resource "google_compute_instance" "vm" {
          name         = "vm"
          zone         = "europe-west4-a"
          machine_type = "e2-small"
          network_interface {
            subnetwork = google_compute_subnetwork.ml.id
          }
        }
        """)
    # a VPC network spans regions: its box is global even though its only subnet is regional
    assert region_labels(graph) == ["Global"]


# ------------------------------------------------------------------------------------- AzAPI

def test_an_azapi_resource_says_which_arm_type_it_is(tmp_path):
    # Azure Verified Modules create the workspace itself with azapi_resource
    graph = graph_of(tmp_path, """
        resource "azapi_resource" "hub" {
          type      = "Microsoft.MachineLearningServices/workspaces@2025-07-01-preview"
          name      = "aihub"
          location  = "uksouth"
          parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ai"
          body = {
            kind = "Hub"
            properties = {
              publicNetworkAccess = "Disabled"
            }
          }
        }
        resource "azapi_resource" "other" {
          type      = "Microsoft.Insights/dataCollectionRules@2023-03-11"
          name      = "dcr"
          location  = "uksouth"
          parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ai"
          body      = {}
        }
        """)
    # a known ARM type reads as its azurerm type (catalog/azapi.py): a Hub workspace is an AI Foundry hub
    assert "AI Foundry hub" in node_label(graph, "azapi_resource.hub").split("\n")
    assert "Insights/dataCollectionRules" in node_label(graph, "azapi_resource.other").split("\n")


# ------------------------------------------------------------------------------------ catalog

def test_vertex_agent_engine_model_armor_and_search_are_catalogued(tmp_path):
    graph = graph_of(tmp_path, """
        provider "google" {
          project = "ml-prod"
          region  = "us-central1"
        }
        resource "google_service_account" "agent" {
          account_id = "agent"
        }
        resource "google_storage_bucket" "staging" {
          name     = "ml-prod-agent-staging"
          location = "US"
        }
        resource "google_vertex_ai_reasoning_engine" "agent" {
          display_name = "support-agent"
          region       = "us-central1"
          spec {
            service_account = google_service_account.agent.email
            package_spec {
              pickle_object_gcs_uri = "gs://${google_storage_bucket.staging.name}/agent.pkl"
              python_version        = "3.11"
            }
          }
        }
        resource "google_model_armor_template" "screen" {
          location    = "us-central1"
          template_id = "screen-prompts"
          filter_config {}
        }
        resource "google_discovery_engine_data_store" "docs" {
          location          = "global"
          data_store_id     = "docs"
          display_name      = "docs"
          industry_vertical = "GENERIC"
          content_config    = "CONTENT_REQUIRED"
          solution_types    = ["SOLUTION_TYPE_SEARCH"]
        }
        resource "google_discovery_engine_search_engine" "app" {
          engine_id      = "docs-search"
          collection_id  = "default_collection"
          location       = google_discovery_engine_data_store.docs.location
          display_name   = "docs search"
          data_store_ids = [google_discovery_engine_data_store.docs.data_store_id]
          search_engine_config {}
        }
        """)
    assert no_catalog_gaps(graph) == []
    edges = {(e.src, e.dst, e.relation) for e in graph.edges}
    assert ("google_vertex_ai_reasoning_engine.agent", "google_service_account.agent", Relation.IAM) in edges
    assert ("google_vertex_ai_reasoning_engine.agent", "google_storage_bucket.staging", Relation.DATA) in edges
    assert ("google_discovery_engine_search_engine.app", "google_discovery_engine_data_store.docs",
            Relation.DATA) in edges


def test_monitor_private_link_scope_folds_its_scoped_services(tmp_path):
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_resource_group" "rg" {
          name     = "rg-ml"
          location = "uksouth"
        }
        resource "azurerm_log_analytics_workspace" "law" {
          name                = "law-ml"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_monitor_private_link_scope" "ampls" {
          name                  = "ampls-ml"
          resource_group_name   = azurerm_resource_group.rg.name
          ingestion_access_mode = "PrivateOnly"
          query_access_mode     = "PrivateOnly"
        }
        resource "azurerm_monitor_private_link_scoped_service" "law" {
          name                = "law"
          resource_group_name = azurerm_resource_group.rg.name
          scope_name          = azurerm_monitor_private_link_scope.ampls.name
          linked_resource_id  = azurerm_log_analytics_workspace.law.id
        }
        """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["azurerm_monitor_private_link_scoped_service.law"] == \
        "azurerm_monitor_private_link_scope.ampls"
    assert any(e.src == "azurerm_monitor_private_link_scope.ampls" and e.dst == "azurerm_log_analytics_workspace.law"
               and e.relation == Relation.LOGS for e in graph.edges)


def test_service_tag_lookups_and_aks_ml_extensions(tmp_path):
    # microsoft/AzureTRE reads service tags at the storage account's location (for NSG rules), and AKS
    # clusters become Azure ML compute targets through the microsoft.azureml.kubernetes extension
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_resource_group" "rg" {
          name     = "rg-ml"
          location = "southcentralus"
        }
        resource "azurerm_storage_account" "aml" {
          name                     = "stamlws"
          resource_group_name      = azurerm_resource_group.rg.name
          location                 = azurerm_resource_group.rg.location
          account_tier             = "Standard"
          account_replication_type = "GRS"
        }
        data "azurerm_network_service_tags" "storage" {
          location        = azurerm_storage_account.aml.location
          service         = "Storage"
          location_filter = azurerm_storage_account.aml.location
        }
        resource "azurerm_log_analytics_workspace" "law" {
          name                = "law-ml"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_log_analytics_solution" "containers" {
          solution_name         = "ContainerInsights"
          location              = azurerm_resource_group.rg.location
          resource_group_name   = azurerm_resource_group.rg.name
          workspace_resource_id = azurerm_log_analytics_workspace.law.id
          workspace_name        = azurerm_log_analytics_workspace.law.name
          plan {
            publisher = "Microsoft"
            product   = "OMSGallery/ContainerInsights"
          }
        }
        resource "azurerm_kubernetes_cluster" "aks" {
          name                = "aks-ml"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          dns_prefix          = "aksml"
          default_node_pool {
            name       = "system"
            node_count = 2
            vm_size    = "Standard_D4s_v5"
          }
          identity {
            type = "SystemAssigned"
          }
        }
        resource "azurerm_kubernetes_cluster_extension" "azureml" {
          name           = "azureml"
          cluster_id     = azurerm_kubernetes_cluster.aks.id
          extension_type = "microsoft.azureml.kubernetes"
        }
        """)
    assert no_catalog_gaps(graph) == []
    tags = "data.azurerm_network_service_tags.storage"
    assert {e.relation for e in graph.edges if e.src == tags} == {Relation.DEPENDS}
    view = build_view(graph, ViewOptions(name="engineering"))
    assert not [n for n in view.nodes if tags in n.members]
    assert graph.folded["azurerm_kubernetes_cluster_extension.azureml"] == "azurerm_kubernetes_cluster.aks"
    assert graph.folded["azurerm_log_analytics_solution.containers"] == "azurerm_log_analytics_workspace.law"


def test_aws_provider_3x_names_and_bedrock_account_settings(tmp_path):
    # Terraform 0.12-era SageMaker templates: quoted provider aliases, aws_s3_bucket_object, a custom
    # domain mapped onto the inference API; and Bedrock's account-wide invocation logging
    graph = graph_of(tmp_path, """
        provider "aws" {
          region = "eu-west-1"
        }
        provider "aws" {
          alias  = "sys_admin"
          region = "eu-west-1"
        }
        resource "aws_s3_bucket" "models" {
          bucket = "dev-sagemaker-models"
          acl    = "private"
        }
        resource "aws_s3_bucket_object" "notebook" {
          provider = "aws.sys_admin"
          bucket   = "${aws_s3_bucket.models.id}"
          key      = "notebook/notebook.zip"
          content  = "placeholder"
        }
        resource "aws_api_gateway_rest_api" "inference" {
          name = "inference"
        }
        resource "aws_api_gateway_domain_name" "api" {
          domain_name              = "api.example.com"
          regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
          endpoint_configuration {
            types = ["REGIONAL"]
          }
        }
        resource "aws_api_gateway_base_path_mapping" "api" {
          api_id      = "${aws_api_gateway_rest_api.inference.id}"
          stage_name  = "prod"
          domain_name = "${aws_api_gateway_domain_name.api.domain_name}"
        }
        resource "aws_iam_user" "ci" {
          name = "ci"
        }
        resource "aws_iam_access_key" "ci" {
          user = aws_iam_user.ci.name
        }
        resource "aws_bedrock_model_invocation_logging_configuration" "this" {
          logging_config {
            text_data_delivery_enabled = true
            s3_config {
              bucket_name = aws_s3_bucket.models.id
              key_prefix  = "bedrock"
            }
          }
        }
        resource "aws_bedrock_inference_profile" "app" {
          name = "claude-app"
          model_source {
            copy_from = "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
          }
        }
        """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["aws_s3_bucket_object.notebook"] == "aws_s3_bucket.models"
    assert graph.folded["aws_api_gateway_base_path_mapping.api"] == "aws_api_gateway_domain_name.api"
    assert graph.folded["aws_iam_access_key.ci"] == "aws_iam_user.ci"
    edges = {(e.src, e.dst, e.relation) for e in graph.edges}
    assert ("aws_api_gateway_domain_name.api", "aws_api_gateway_rest_api.inference", Relation.INVOKES) in edges
    assert ("aws_bedrock_model_invocation_logging_configuration.this", "aws_s3_bucket.models", Relation.LOGS) in edges
    # an application inference profile bills nothing itself: the model's tokens do
    from infra2arch.annotate.pipeline import annotate

    costs = annotate(graph).costs
    assert costs["aws_bedrock_inference_profile.app"].status.value == "free"


def test_rag_estate_content_filters_shared_private_links_and_workload_identity(tmp_path):
    # an Azure RAG estate: OpenAI content filters (AVM rai_policy module), AI Search indexers reaching
    # storage over a shared private link, AKS workload identity for the app
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_resource_group" "rg" {
          name     = "rg-rag"
          location = "swedencentral"
        }
        resource "azurerm_cognitive_account" "openai" {
          name                = "oai-rag"
          kind                = "OpenAI"
          sku_name            = "S0"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_cognitive_account_rai_policy" "strict" {
          name                 = "strict"
          cognitive_account_id = azurerm_cognitive_account.openai.id
          base_policy_name     = "Microsoft.Default"
          content_filter {
            name               = "Hate"
            filter_enabled     = true
            block_enabled      = true
            severity_threshold = "Low"
            source             = "Prompt"
          }
        }
        resource "azurerm_storage_account" "docs" {
          name                     = "stragdocs"
          resource_group_name      = azurerm_resource_group.rg.name
          location                 = azurerm_resource_group.rg.location
          account_tier             = "Standard"
          account_replication_type = "LRS"
        }
        resource "azurerm_search_service" "search" {
          name                          = "srch-rag"
          resource_group_name           = azurerm_resource_group.rg.name
          location                      = azurerm_resource_group.rg.location
          sku                           = "standard"
          public_network_access_enabled = false
        }
        resource "azurerm_search_shared_private_link_service" "docs" {
          name               = "spl-docs"
          search_service_id  = azurerm_search_service.search.id
          subresource_name   = "blob"
          target_resource_id = azurerm_storage_account.docs.id
          request_message    = "indexer"
        }
        resource "azurerm_user_assigned_identity" "app" {
          name                = "id-app"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_federated_identity_credential" "app" {
          name                = "aks-app"
          resource_group_name = azurerm_resource_group.rg.name
          parent_id           = azurerm_user_assigned_identity.app.id
          audience            = ["api://AzureADTokenExchange"]
          issuer              = "https://oidc.example/issuer"
          subject             = "system:serviceaccount:rag:app"
        }
        resource "azurerm_management_lock" "rg" {
          name       = "no-delete"
          scope      = azurerm_resource_group.rg.id
          lock_level = "CanNotDelete"
        }
        """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["azurerm_cognitive_account_rai_policy.strict"] == "azurerm_cognitive_account.openai"
    assert graph.folded["azurerm_federated_identity_credential.app"] == "azurerm_user_assigned_identity.app"
    assert graph.folded["azurerm_search_shared_private_link_service.docs"] == "azurerm_search_service.search"
    assert any(e.src == "azurerm_search_service.search" and e.dst == "azurerm_storage_account.docs"
               and e.relation == Relation.NETWORK for e in graph.edges)
    view = build_view(graph, ViewOptions(name="engineering"))
    assert not [n for n in view.nodes if "azurerm_management_lock.rg" in n.members]


def test_vertex_psc_interface_and_colab_enterprise(tmp_path):
    graph = graph_of(tmp_path, """
        provider "google" {
          project = "ml-prod"
          region  = "europe-west4"
        }
        resource "google_compute_network" "vpc" {
          name                    = "ml"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "psc" {
          name          = "psc-interface"
          network       = google_compute_network.vpc.id
          ip_cidr_range = "10.8.0.0/28"
        }
        resource "google_compute_network_attachment" "vertex" {
          name                  = "vertex-psc"
          connection_preference = "ACCEPT_AUTOMATIC"
          subnetworks           = [google_compute_subnetwork.psc.self_link]
        }
        resource "google_vertex_ai_reasoning_engine" "agent" {
          display_name = "agent"
          spec {
            deployment_spec {
              psc_interface_config {
                network_attachment = google_compute_network_attachment.vertex.id
              }
            }
          }
        }
        resource "google_colab_runtime_template" "gpu" {
          name         = "gpu"
          display_name = "gpu"
          location     = "europe-west4"
          machine_spec {
            machine_type = "g2-standard-4"
          }
        }
        resource "google_colab_notebook_execution" "nightly" {
          display_name                            = "nightly"
          location                                = "europe-west4"
          notebook_runtime_template_resource_name = google_colab_runtime_template.gpu.id
          gcs_output_uri                          = "gs://ml-prod-notebook-output"
          service_account                         = "runner@ml-prod.iam.gserviceaccount.com"
          gcs_notebook_source {
            uri = "gs://ml-prod-notebooks/train.ipynb"
          }
        }
        """)
    assert no_catalog_gaps(graph) == []
    assert {c.parent for c in graph.containment if c.child == "google_compute_network_attachment.vertex"} == {
        "google_compute_subnetwork.psc"}
    assert any(e.src == "google_vertex_ai_reasoning_engine.agent" and e.dst == "google_compute_network_attachment.vertex"
               and e.relation == Relation.NETWORK for e in graph.edges)


def test_airlock_events_and_backups_of_a_research_workspace(tmp_path):
    # microsoft/AzureTRE workspaces: blob events of the airlock storage go through Event Grid to a
    # Service Bus topic, and file shares are backed up to a Recovery Services vault
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_resource_group" "ws" {
          name     = "rg-ws"
          location = "uksouth"
        }
        resource "azurerm_storage_account" "airlock" {
          name                     = "stairlock"
          resource_group_name      = azurerm_resource_group.ws.name
          location                 = azurerm_resource_group.ws.location
          account_tier             = "Standard"
          account_replication_type = "LRS"
        }
        resource "azurerm_servicebus_namespace" "core" {
          name                = "sb-core"
          location            = azurerm_resource_group.ws.location
          resource_group_name = azurerm_resource_group.ws.name
          sku                 = "Premium"
          capacity            = 1
        }
        resource "azurerm_servicebus_topic" "blob_created" {
          name         = "blob-created"
          namespace_id = azurerm_servicebus_namespace.core.id
        }
        resource "azurerm_eventgrid_system_topic" "airlock" {
          name                   = "evgt-airlock"
          location               = azurerm_resource_group.ws.location
          resource_group_name    = azurerm_resource_group.ws.name
          source_arm_resource_id = azurerm_storage_account.airlock.id
          topic_type             = "Microsoft.Storage.StorageAccounts"
        }
        resource "azurerm_eventgrid_event_subscription" "airlock" {
          name                          = "airlock-blob-created"
          scope                         = azurerm_storage_account.airlock.id
          service_bus_topic_endpoint_id = azurerm_servicebus_topic.blob_created.id
        }
        resource "azurerm_recovery_services_vault" "backup" {
          name                = "rsv-ws"
          location            = azurerm_resource_group.ws.location
          resource_group_name = azurerm_resource_group.ws.name
          sku                 = "Standard"
        }
        resource "azurerm_backup_policy_file_share" "daily" {
          name                = "daily"
          resource_group_name = azurerm_resource_group.ws.name
          recovery_vault_name = azurerm_recovery_services_vault.backup.name
          backup {
            frequency = "Daily"
            time      = "23:00"
          }
          retention_daily {
            count = 7
          }
        }
        resource "azurerm_backup_container_storage_account" "ws" {
          resource_group_name = azurerm_resource_group.ws.name
          recovery_vault_name = azurerm_recovery_services_vault.backup.name
          storage_account_id  = azurerm_storage_account.airlock.id
        }
        """)
    assert no_catalog_gaps(graph) == []
    assert graph.folded["azurerm_servicebus_topic.blob_created"] == "azurerm_servicebus_namespace.core"
    assert graph.folded["azurerm_backup_policy_file_share.daily"] == "azurerm_recovery_services_vault.backup"
    edges = {(e.src, e.dst, e.relation) for e in graph.edges}
    assert ("azurerm_eventgrid_event_subscription.airlock", "azurerm_servicebus_namespace.core", Relation.DATA) in edges
    assert ("azurerm_recovery_services_vault.backup", "azurerm_storage_account.airlock", Relation.DATA) in edges


def test_submodules_that_look_the_domain_up_again_draw_one_domain(tmp_path):
    # aws-ia/terraform-aws-sagemaker-unified-studio: the root creates the domain, and each blueprint
    # module (for_each over a map of objects) reads it back with data "aws_datazone_domain"
    graph = graph_of(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_iam_role" "execution" {
          name               = "datazone-execution"
          assume_role_policy = "{}"
        }
        resource "aws_datazone_domain" "main" {
          name                  = "studio"
          domain_execution_role = aws_iam_role.execution.arn
          domain_version        = "V2"
        }
        variable "blueprints" {
          default = {
            tooling      = { name = "Tooling" }
            ml_experiment = { name = "MLExperiments" }
          }
        }
        module "blueprints" {
          source    = "./blueprint"
          for_each  = var.blueprints
          domain_id = aws_datazone_domain.main.id
          name      = each.value.name
        }
        """, {"blueprint/main.tf": """
        variable "domain_id" {}
        variable "name" {}
        data "aws_datazone_domain" "main" {
          id = var.domain_id
        }
        data "aws_datazone_environment_blueprint" "this" {
          domain_id = data.aws_datazone_domain.main.id
          name      = var.name
          managed   = true
        }
        resource "aws_datazone_environment_blueprint_configuration" "this" {
          domain_id                = data.aws_datazone_domain.main.id
          environment_blueprint_id = data.aws_datazone_environment_blueprint.this.id
          enabled_regions          = ["us-east-1"]
        }
        """})
    assert no_catalog_gaps(graph) == []
    view = build_view(graph, ViewOptions(name="engineering"))
    domains = [n for n in view.nodes if n.tf_type == "aws_datazone_domain"]
    assert len(domains) == 1 and domains[0].members[0] == "aws_datazone_domain.main"
    assert set(domains[0].members[1:]) == {f'module.blueprints["{k}"].data.aws_datazone_domain.main'
                                           for k in ("tooling", "ml_experiment")}
    assert any("2 data sources that read a resource this code creates" in note for note in view.notes)
