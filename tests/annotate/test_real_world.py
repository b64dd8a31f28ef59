"""Security and cost annotations on constructs taken from real public ML Terraform.

Each test is a small, freshly written configuration using the same construct as a public module or
quickstart (Azure ML hub-spoke with Azure Firewall, Bedrock agents with OpenSearch Serverless,
SageMaker Studio in an existing VPC, Vertex AI with Cloud NAT / deny-all egress, AKS/EKS/GKE node
pools) and asserts what the annotations, the security/cost view and the summary say. They were
written from scans of those repositories that came out wrong.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import CostStatus, Plane, Result, Severity, Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch.summary import summary_body
from infra2arch.views import ViewOptions, build_view
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    inventory = TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={}))
    graph = build_graph(inventory)
    return graph, annotate(graph)


def summary(graph, annotations) -> str:
    return "\n".join(summary_body(graph, False, annotations))


def finding(annotations, rule: str, address: str):
    found = [f for f in annotations.findings if f.rule_id == rule and f.address == address]
    assert found, (rule, address, sorted({(f.rule_id, f.address) for f in annotations.findings}))
    return found[0]


def area_labels(graph, annotations, name="security") -> list[str]:
    view = build_view(graph, ViewOptions(name=name), annotations)
    return [g.label for g in view.groups if g.kind == "zone-area"]


AZURE_HUB_SPOKE = """
    provider "azurerm" {
      features {}
    }
    resource "azurerm_resource_group" "rg" {
      name     = "rg-ml"
      location = "eastus"
    }
    resource "azurerm_virtual_network" "hub" {
      name                = "hub"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      address_space       = ["10.0.0.0/16"]
    }
    resource "azurerm_subnet" "fw" {
      name                 = "AzureFirewallSubnet"
      resource_group_name  = azurerm_resource_group.rg.name
      virtual_network_name = azurerm_virtual_network.hub.name
      address_prefixes     = ["10.0.1.0/24"]
    }
    resource "azurerm_subnet" "bastion" {
      name                 = "AzureBastionSubnet"
      resource_group_name  = azurerm_resource_group.rg.name
      virtual_network_name = azurerm_virtual_network.hub.name
      address_prefixes     = ["10.0.2.0/24"]
    }
    resource "azurerm_subnet" "training" {
      name                 = "snet-training"
      resource_group_name  = azurerm_resource_group.rg.name
      virtual_network_name = azurerm_virtual_network.hub.name
      address_prefixes     = ["10.0.3.0/24"]
    }
    resource "azurerm_subnet" "jump" {
      name                 = "snet-jump"
      resource_group_name  = azurerm_resource_group.rg.name
      virtual_network_name = azurerm_virtual_network.hub.name
      address_prefixes     = ["10.0.4.0/24"]
    }
    resource "azurerm_public_ip" "fw" {
      name                = "pip-fw"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      allocation_method   = "Static"
      sku                 = "Standard"
    }
    resource "azurerm_firewall_policy" "policy" {
      name                = "fw-policy"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
    }
    resource "azurerm_firewall_policy_rule_collection_group" "rules" {
      name               = "rules"
      firewall_policy_id = azurerm_firewall_policy.policy.id
      priority           = 100
      nat_rule_collection {
        name     = "dnat"
        action   = "Dnat"
        priority = 100
        rule {
          name                = "ssh-to-jumpbox"
          protocols           = ["TCP"]
          source_addresses    = ["*"]
          destination_address = azurerm_public_ip.fw.ip_address
          destination_ports   = ["22"]
          translated_address  = azurerm_network_interface.jump.private_ip_address
          translated_port     = "22"
        }
      }
    }
    resource "azurerm_firewall" "fw" {
      name                = "fw"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      sku_name            = "AZFW_VNet"
      sku_tier            = "Standard"
      firewall_policy_id  = azurerm_firewall_policy.policy.id
      ip_configuration {
        name                 = "config"
        subnet_id            = azurerm_subnet.fw.id
        public_ip_address_id = azurerm_public_ip.fw.id
      }
    }
    resource "azurerm_route_table" "training" {
      name                = "rt-training"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
    }
    resource "azurerm_route" "internet" {
      name                   = "internet"
      resource_group_name    = azurerm_resource_group.rg.name
      route_table_name       = azurerm_route_table.training.name
      address_prefix         = "0.0.0.0/0"
      next_hop_type          = "VirtualAppliance"
      next_hop_in_ip_address = azurerm_firewall.fw.ip_configuration[0].private_ip_address
    }
    resource "azurerm_subnet_route_table_association" "training" {
      subnet_id      = azurerm_subnet.training.id
      route_table_id = azurerm_route_table.training.id
    }
    resource "azurerm_network_security_group" "training" {
      name                = "nsg-training"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      security_rule {
        name                       = "BatchNodeManagement"
        priority                   = 100
        direction                  = "Inbound"
        access                     = "Allow"
        protocol                   = "Tcp"
        source_port_range          = "*"
        destination_port_range     = "29876-29877"
        source_address_prefix      = "BatchNodeManagement"
        destination_address_prefix = "*"
      }
      security_rule {
        name                       = "AzureMachineLearning"
        priority                   = 110
        direction                  = "Inbound"
        access                     = "Allow"
        protocol                   = "Tcp"
        source_port_range          = "*"
        destination_port_range     = "44224"
        source_address_prefix      = "AzureMachineLearning"
        destination_address_prefix = "*"
      }
    }
    resource "azurerm_subnet_network_security_group_association" "training" {
      subnet_id                 = azurerm_subnet.training.id
      network_security_group_id = azurerm_network_security_group.training.id
    }
    resource "azurerm_network_security_group" "bastion" {
      name                = "nsg-bastion"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      security_rule {
        name                       = "AllowHttpsInbound"
        priority                   = 120
        direction                  = "Inbound"
        access                     = "Allow"
        protocol                   = "Tcp"
        source_port_range          = "*"
        destination_port_range     = "443"
        source_address_prefix      = "Internet"
        destination_address_prefix = "*"
      }
    }
    resource "azurerm_subnet_network_security_group_association" "bastion" {
      subnet_id                 = azurerm_subnet.bastion.id
      network_security_group_id = azurerm_network_security_group.bastion.id
    }
    resource "azurerm_machine_learning_workspace" "ws" {
      name                          = "mlw"
      location                      = "eastus"
      resource_group_name           = azurerm_resource_group.rg.name
      application_insights_id       = "ai"
      key_vault_id                  = "kv"
      storage_account_id            = azurerm_storage_account.st.id
      public_network_access_enabled = false
      identity {
        type = "SystemAssigned"
      }
    }
    resource "azurerm_storage_account" "st" {
      name                     = "stml"
      location                 = "eastus"
      resource_group_name      = azurerm_resource_group.rg.name
      account_tier             = "Standard"
      account_replication_type = "LRS"
      network_rules {
        default_action = "Deny"
      }
    }
    resource "azurerm_machine_learning_compute_instance" "ci" {
      name                          = "ci"
      machine_learning_workspace_id = azurerm_machine_learning_workspace.ws.id
      virtual_machine_size          = "STANDARD_DS2_V2"
      subnet_resource_id            = azurerm_subnet.training.id
    }
    resource "azurerm_network_interface" "jump" {
      name                = "nic-jump"
      location            = "eastus"
      resource_group_name = azurerm_resource_group.rg.name
      ip_configuration {
        name                          = "internal"
        subnet_id                     = azurerm_subnet.jump.id
        private_ip_address_allocation = "Dynamic"
      }
    }
    resource "azurerm_windows_virtual_machine" "jump" {
      name                  = "jump"
      location              = "eastus"
      resource_group_name   = azurerm_resource_group.rg.name
      size                  = "Standard_DS3_v2"
      admin_username        = "azureuser"
      admin_password        = "not-a-real-password-1!"
      network_interface_ids = [azurerm_network_interface.jump.id]
      os_disk {
        caching              = "ReadWrite"
        storage_account_type = "Standard_LRS"
      }
      source_image_reference {
        publisher = "MicrosoftWindowsServer"
        offer     = "WindowsServer"
        sku       = "2022-datacenter"
        version   = "latest"
      }
    }
"""


def test_azure_hub_spoke_zones_egress_and_captions(tmp_path):
    graph, annotations = scan(tmp_path, AZURE_HUB_SPOKE)
    zones = annotations.zones
    training = zones["azurerm_subnet.training"]
    assert training.egress == "firewall" and training.egress_via == ("azurerm_firewall.fw",)
    # the compute instance's traffic leaves through the firewall, whatever its own public IP
    ci = zones["azurerm_machine_learning_compute_instance.ci"]
    assert ci.egress == "firewall" and ci.plane == Plane.CUSTOMER
    # the NSG admits only service tags: a public IP nobody on the internet can reach
    assert ci.zone == Zone.PRIVATE_APP
    assert any("AzureMachineLearning" in r and "BatchNodeManagement" in r for r in ci.reasons), ci.reasons
    # the workspace runs in Azure's network: provider-managed plane, its own map area
    ws = zones["azurerm_machine_learning_workspace.ws"]
    assert ws.plane == Plane.PROVIDER and ws.egress == "provider-managed"
    labels = area_labels(graph, annotations)
    private = [label for label in labels if label.startswith("PRIVATE APP")]
    assert private and "firewall" in private[0] and "fw" in private[0], labels
    assert not any("egress via NAT" in label for label in labels), labels
    assert any(label.startswith("PROVIDER-MANAGED") for label in labels), labels
    # the firewall is between the network and the internet
    assert zones["azurerm_firewall.fw"].zone == Zone.EDGE


def test_azure_findings_see_bastion_service_tags_and_default_deny(tmp_path):
    graph, annotations = scan(tmp_path, AZURE_HUB_SPOKE)
    bastion = finding(annotations, "I2A-AZ-018", "azurerm_network_security_group.bastion")
    assert bastion.result == Result.PASS and "Azure Bastion's required inbound 443" in bastion.evidence
    public_ip = finding(annotations, "I2A-AZ-005", "azurerm_machine_learning_compute_instance.ci")
    assert public_ip.result == Result.FAIL and public_ip.severity == Severity.MEDIUM
    assert "AzureMachineLearning" in public_ip.evidence
    storage = finding(annotations, "I2A-AZ-010", "azurerm_storage_account.st")
    assert storage.result == Result.PASS and "Deny" in storage.evidence
    assert annotations.zones["azurerm_storage_account.st"].zone == Zone.DATA


def test_azure_dnat_is_an_exposure_path_and_crossings_are_data_plane(tmp_path):
    graph, annotations = scan(tmp_path, AZURE_HUB_SPOKE)
    dnat = [e for e in annotations.exposures if "ssh-to-jumpbox" in e.reason]
    assert dnat, annotations.exposures
    assert dnat[0].path[0] == "synthetic:internet" and dnat[0].path[1] == "azurerm_firewall.fw"
    assert dnat[0].asset in ("azurerm_windows_virtual_machine.jump", "azurerm_network_interface.jump")
    assert dnat[0].ports == "22"
    # gateways, public IPs and subnets are the path, never the exposed asset
    assert not any(e.asset.startswith(("azurerm_public_ip.", "azurerm_subnet.", "azurerm_firewall."))
                   for e in annotations.exposures)
    for crossing in annotations.crossings:
        assert crossing.relation.value in ("network", "invokes", "data")
        assert not crossing.dst.startswith(("azurerm_subnet.", "azurerm_network_security_group.",
                                            "azurerm_route_table.", "azurerm_public_ip."))
    to_storage = [c for c in annotations.crossings if c.dst == "azurerm_storage_account.st"]
    assert to_storage and all(c.control for c in to_storage), to_storage
    text = summary(graph, annotations)
    assert "workload" in text and "reachable from the internet" in text
    # the security map draws the path through the firewall, not a direct internet edge to the VM
    view = build_view(graph, ViewOptions(name="security"), annotations)
    node_of = {m: n.id for n in view.nodes for m in n.members}
    dnat_edges = [e for e in view.edges if e.label == "DNAT :22"]
    assert dnat_edges and dnat_edges[0].src == node_of["azurerm_firewall.fw"]
    assert dnat_edges[0].dst == node_of[dnat[0].asset]
    assert not any(e.src == "synthetic:internet" and e.dst == node_of[dnat[0].asset] for e in view.edges)


def test_azure_cost_windows_rate_firewall_and_compute_instance(tmp_path):
    graph, annotations = scan(tmp_path, AZURE_HUB_SPOKE)
    costs = annotations.costs
    firewall = costs["azurerm_firewall.fw"]
    assert 850 < firewall.monthly < 950
    vm = costs["azurerm_windows_virtual_machine.jump"]
    assert vm.status == CostStatus.PRICED and vm.components[0].price_id.startswith("azure.vm.windows/")
    linux = annotations.costs["azurerm_machine_learning_compute_instance.ci"]
    assert linux.status == CostStatus.PRICED and linux.monthly > 50   # STANDARD_DS2_V2, any case
    view = build_view(graph, ViewOptions(name="cost"), annotations)
    fills = {n.members[0]: n.style.get("fillcolor") for n in view.nodes if n.members}
    # heat by share of the total: the firewall is the hottest node
    assert fills.get("azurerm_firewall.fw") == "#FC8D59"


def test_bedrock_opensearch_policy_list_does_not_crash_and_is_priced(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        data "aws_caller_identity" "current" {}
        resource "aws_iam_role" "kb" {
          name               = "kb"
          assume_role_policy = "{}"
        }
        resource "aws_opensearchserverless_access_policy" "kb" {
          name = "kb"
          type = "data"
          policy = jsonencode([
            {
              Rules = [
                {
                  ResourceType = "index"
                  Resource     = ["index/kb/*"]
                  Permission   = ["aoss:*"]
                }
              ]
              Principal = [aws_iam_role.kb.arn, data.aws_caller_identity.current.arn]
            }
          ])
        }
        resource "aws_opensearchserverless_collection" "kb" {
          name = "kb"
          type = "VECTORSEARCH"
        }
        resource "aws_opensearchserverless_security_policy" "network" {
          name = "kb-network"
          type = "network"
          policy = jsonencode([
            {
              Rules = [
                {
                  ResourceType = "collection"
                  Resource     = ["collection/kb"]
                }
              ]
              AllowFromPublic = true
            }
          ])
        }
        resource "aws_ssm_parameter" "agent_id" {
          name  = "/bedrock/agent"
          type  = "String"
          value = "x"
        }
    """)
    collection = annotations.costs["aws_opensearchserverless_collection.kb"]
    assert collection.status in (CostStatus.USAGE, CostStatus.PRICED) and 300 < collection.monthly < 400
    assert annotations.costs["aws_ssm_parameter.agent_id"].status == CostStatus.FREE
    assert annotations.costs["aws_opensearchserverless_access_policy.kb"].status == CostStatus.FREE
    # AllowFromPublic: the vector store is on the internet, guarded only by its data access policy
    public = finding(annotations, "I2A-AWS-040", "aws_opensearchserverless_collection.kb")
    assert public.result == Result.FAIL and "aws_opensearchserverless_security_policy.network" in public.evidence
    assert [e.asset for e in annotations.exposures] == ["aws_opensearchserverless_collection.kb"]
    entry = [c for c in annotations.crossings if c.src == "synthetic:internet"]
    assert entry and entry[0].control == "aws_opensearchserverless_access_policy.kb"


def test_lambda_outdated_runtime_and_api_permission_control(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_lambda_function" "old" {
          function_name = "old"
          role          = "arn:aws:iam::123456789012:role/fn"
          handler       = "app.handler"
          runtime       = "python3.7"
          filename      = "fn.zip"
        }
        resource "aws_apigatewayv2_api" "api" {
          name          = "api"
          protocol_type = "HTTP"
        }
        resource "aws_apigatewayv2_integration" "fn" {
          api_id           = aws_apigatewayv2_api.api.id
          integration_type = "AWS_PROXY"
          integration_uri  = aws_lambda_function.old.invoke_arn
        }
        resource "aws_apigatewayv2_route" "post" {
          api_id    = aws_apigatewayv2_api.api.id
          route_key = "POST /score"
          target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
        }
        resource "aws_apigatewayv2_stage" "default" {
          api_id      = aws_apigatewayv2_api.api.id
          name        = "$default"
          auto_deploy = true
        }
        resource "aws_lambda_permission" "api" {
          statement_id  = "AllowAPIGateway"
          action        = "lambda:InvokeFunction"
          function_name = aws_lambda_function.old.function_name
          principal     = "apigateway.amazonaws.com"
          source_arn    = "${aws_apigatewayv2_api.api.execution_arn}/*/*"
        }
    """)
    old = finding(annotations, "I2A-AWS-039", "aws_lambda_function.old")
    assert old.result == Result.FAIL and "python3.7" in old.evidence
    crossing = [c for c in annotations.crossings
                if c.src == "aws_apigatewayv2_api.api" and c.dst == "aws_lambda_function.old"]
    assert crossing and crossing[0].control == "aws_lambda_permission.api"
    assert crossing[0].control_kind == "resource-policy"
    # one API, however many routes, stages and integrations: one exposed workload
    assert [e.asset for e in annotations.exposures] == ["aws_apigatewayv2_api.api"]
    assert "1 workload reachable from the internet: aws_apigatewayv2_api.api" in summary(graph, annotations)


def test_unknown_sizes_make_the_total_unknown_not_zero(tmp_path):
    graph, annotations = scan(tmp_path, """
        variable "instance_type" {
          type = string
        }
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_instance" "train" {
          ami           = "ami-12345678"
          instance_type = var.instance_type
        }
        resource "aws_instance" "box" {
          ami           = "ami-12345678"
          instance_type = var.instance_type
        }
    """)
    text = summary(graph, annotations)
    assert "total unknown" in text and "$0.00" not in text, text
    assert "0 unpriced" not in text
    view = build_view(graph, ViewOptions(name="cost"), annotations)
    assert "total unknown" in view.subtitle and "$0" not in view.subtitle



def test_known_floor_with_unknown_parts_says_at_least(tmp_path):
    graph, annotations = scan(tmp_path, """
        variable "instance_type" {
          type = string
        }
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_sagemaker_notebook_instance" "nb" {
          name          = "nb"
          role_arn      = "arn:aws:iam::123456789012:role/sm"
          instance_type = var.instance_type
        }
    """)
    text = summary(graph, annotations)
    # the 5 GB volume is known, the instance is not: a floor, and the unknown part is named
    assert "at least $0.70 a month" in text and "1 resource of unknown size" in text, text


def test_node_pools_and_studio_apps_are_priced(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        provider "azurerm" {
          features {}
        }
        provider "google" {
          project = "p"
          region  = "us-central1"
        }
        resource "azurerm_kubernetes_cluster" "aks" {
          name                = "aks"
          location            = "eastus"
          resource_group_name = "rg"
          dns_prefix          = "aks"
          default_node_pool {
            name       = "system"
            vm_size    = "Standard_D4s_v3"
            node_count = 3
          }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
          name                  = "gpu"
          kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
          vm_size               = "Standard_NC4as_T4_v3"
          node_count            = 1
        }
        resource "aws_eks_cluster" "eks" {
          name     = "eks"
          role_arn = "arn:aws:iam::123456789012:role/eks"
          vpc_config {
            subnet_ids = ["subnet-1", "subnet-2"]
          }
        }
        resource "aws_eks_node_group" "ng" {
          cluster_name    = aws_eks_cluster.eks.name
          node_group_name = "ng"
          node_role_arn   = "arn:aws:iam::123456789012:role/node"
          subnet_ids      = ["subnet-1", "subnet-2"]
          instance_types  = ["m5.large"]
          scaling_config {
            desired_size = 2
            max_size     = 4
            min_size     = 1
          }
        }
        resource "google_container_cluster" "gke" {
          name                     = "gke"
          location                 = "us-central1-a"
          remove_default_node_pool = true
          initial_node_count       = 1
        }
        resource "google_container_node_pool" "pool" {
          name       = "pool"
          cluster    = google_container_cluster.gke.id
          location   = "us-central1-a"
          node_count = 2
          node_config {
            machine_type = "e2-standard-4"
          }
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name = "studio"
          auth_mode   = "IAM"
          vpc_id      = "vpc-1"
          subnet_ids  = ["subnet-1"]
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/sm"
          }
        }
        resource "aws_sagemaker_app" "kernel" {
          domain_id         = aws_sagemaker_domain.studio.id
          user_profile_name = "alice"
          app_name          = "datascience"
          app_type          = "KernelGateway"
          resource_spec {
            instance_type = "ml.m5.large"
          }
        }
    """)
    costs = annotations.costs
    aks = costs["azurerm_kubernetes_cluster.aks"]
    assert aks.monthly > 0.192 * 730 * 3 * 0.99   # 3 × D4s_v3, plus the GPU pool folded into it
    assert any("gpu" in c.name for c in aks.components) or "azurerm_kubernetes_cluster_node_pool.gpu" in costs
    assert abs(costs["aws_eks_node_group.ng"].monthly - 0.096 * 730 * 2) < 0.01
    assert abs(costs["aws_eks_cluster.eks"].monthly - 73.0) < 0.01
    gke_total = costs["google_container_cluster.gke"].monthly + (
        costs["google_container_node_pool.pool"].monthly if "google_container_node_pool.pool" in costs else 0)
    assert gke_total >= 0.134 * 730 * 2
    studio = costs.get("aws_sagemaker_app.kernel") or costs["aws_sagemaker_domain.studio"]
    assert studio.monthly > 80 and any("ml.m5.large" in c.name for c in studio.components)


def test_gcp_deny_all_egress_and_cloud_nat_decide_the_egress(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "google" {
          project = "p"
          region  = "us-central1"
        }
        resource "google_compute_network" "vpc" {
          name                    = "vpc"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "nat" {
          name          = "with-nat"
          network       = google_compute_network.vpc.id
          ip_cidr_range = "10.0.0.0/24"
          region        = "us-central1"
        }
        resource "google_compute_router" "r" {
          name    = "r"
          network = google_compute_network.vpc.id
          region  = "us-central1"
        }
        resource "google_compute_router_nat" "nat" {
          name                               = "nat"
          router                             = google_compute_router.r.name
          region                             = "us-central1"
          nat_ip_allocate_option             = "AUTO_ONLY"
          source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
        }
        resource "google_compute_network" "locked" {
          name                    = "locked"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "locked" {
          name          = "locked"
          network       = google_compute_network.locked.id
          ip_cidr_range = "10.1.0.0/24"
          region        = "us-central1"
        }
        resource "google_compute_firewall" "deny_egress" {
          name               = "deny-all-egress"
          network            = google_compute_network.locked.id
          direction          = "EGRESS"
          priority           = 65534
          destination_ranges = ["0.0.0.0/0"]
          deny {
            protocol = "all"
          }
        }
    """)
    zones = annotations.zones
    assert zones["google_compute_subnetwork.nat"].egress == "nat"
    assert zones["google_compute_subnetwork.locked"].egress == "none"
    assert zones["google_compute_subnetwork.locked"].egress_via == ("google_compute_firewall.deny_egress",)
    rule = finding(annotations, "I2A-GCP-012", "google_compute_firewall.deny_egress")
    assert rule.result == Result.PASS


def test_a_module_that_is_not_loaded_keeps_the_total_honest(tmp_path):
    # aws-ia/terraform-aws-bedrock keeps its OpenSearch Serverless collection (the biggest item) in
    # a registry module: without `terraform init` its cost cannot be counted, and the total says so
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        module "oss_knowledgebase" {
          source  = "aws-ia/opensearch-serverless/aws"
          version = "0.0.4"
        }
        resource "aws_s3_bucket" "docs" {
          bucket = "kb-docs"
        }
    """)
    text = summary(graph, annotations)
    assert "total unknown" in text and "1 module call that could not be loaded" in text, text
    assert "$0.00" not in text


def test_entry_controls_are_authorizers_or_invoker_iam(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "google" {
          project = "p"
          region  = "us-central1"
        }
        resource "google_cloud_run_v2_service" "private" {
          name     = "private"
          location = "us-central1"
          template {
            containers {
              image = "us-docker.pkg.dev/cloudrun/container/hello"
            }
          }
        }
        resource "google_cloud_run_v2_service_iam_member" "team" {
          name     = google_cloud_run_v2_service.private.name
          location = "us-central1"
          role     = "roles/run.invoker"
          member   = "group:ml@example.com"
        }
        resource "google_cloud_run_v2_service" "public" {
          name     = "public"
          location = "us-central1"
          template {
            containers {
              image = "us-docker.pkg.dev/cloudrun/container/hello"
            }
          }
        }
        resource "google_cloud_run_v2_service_iam_member" "everyone" {
          name     = google_cloud_run_v2_service.public.name
          location = "us-central1"
          role     = "roles/run.invoker"
          member   = "allUsers"
        }
    """)
    entry = {c.dst: c for c in annotations.crossings if c.src == "synthetic:internet"}
    assert entry["google_cloud_run_v2_service.private"].control_kind == "iam"
    assert "google_cloud_run_v2_service_iam_member.team" in entry["google_cloud_run_v2_service.private"].control
    # allUsers: nothing enforces the path, and the map draws it red
    assert entry["google_cloud_run_v2_service.public"].control is None
    assert "1 with no control found" in summary(graph, annotations)


def test_security_group_rule_that_names_the_callers_group_is_the_control(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "app" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_security_group" "fn" {
          name   = "fn"
          vpc_id = aws_vpc.main.id
        }
        resource "aws_security_group" "db" {
          name   = "db"
          vpc_id = aws_vpc.main.id
        }
        resource "aws_security_group_rule" "db_from_fn" {
          type                     = "ingress"
          from_port                = 5432
          to_port                  = 5432
          protocol                 = "tcp"
          security_group_id        = aws_security_group.db.id
          source_security_group_id = aws_security_group.fn.id
        }
        resource "aws_db_subnet_group" "db" {
          name       = "db"
          subnet_ids = [aws_subnet.app.id]
        }
        resource "aws_db_instance" "features" {
          identifier             = "features"
          engine                 = "postgres"
          instance_class         = "db.t3.large"
          allocated_storage      = 20
          db_subnet_group_name   = aws_db_subnet_group.db.name
          vpc_security_group_ids = [aws_security_group.db.id]
        }
        resource "aws_lambda_function" "features" {
          function_name = "features"
          role          = "arn:aws:iam::123456789012:role/fn"
          handler       = "app.handler"
          runtime       = "python3.12"
          filename      = "fn.zip"
          vpc_config {
            subnet_ids         = [aws_subnet.app.id]
            security_group_ids = [aws_security_group.fn.id]
          }
          environment {
            variables = {
              DB_HOST = aws_db_instance.features.address
            }
          }
        }
    """)
    crossing = [c for c in annotations.crossings
                if c.src == "aws_lambda_function.features" and c.dst == "aws_db_instance.features"]
    assert crossing, annotations.crossings
    assert crossing[0].control_kind == "security-group"
    assert crossing[0].control == "aws_security_group.db (aws_security_group_rule.db_from_fn)"


def test_public_ip_behind_a_closed_security_group_is_not_exposed(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_internet_gateway" "igw" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_route_table" "public" {
          vpc_id = aws_vpc.main.id
          route {
            cidr_block = "0.0.0.0/0"
            gateway_id = aws_internet_gateway.igw.id
          }
        }
        resource "aws_subnet" "public" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.0.0.0/24"
        }
        resource "aws_route_table_association" "public" {
          subnet_id      = aws_subnet.public.id
          route_table_id = aws_route_table.public.id
        }
        resource "aws_security_group" "internal" {
          name   = "internal"
          vpc_id = aws_vpc.main.id
          ingress {
            from_port   = 8888
            to_port     = 8888
            protocol    = "tcp"
            cidr_blocks = [aws_vpc.main.cidr_block]
          }
        }
        resource "aws_security_group" "ssh" {
          name   = "ssh"
          vpc_id = aws_vpc.main.id
          ingress {
            from_port   = 22
            to_port     = 22
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        resource "aws_instance" "trainer" {
          ami                         = "ami-12345678"
          instance_type               = "m5.large"
          subnet_id                   = aws_subnet.public.id
          associate_public_ip_address = true
          vpc_security_group_ids      = [aws_security_group.internal.id]
        }
        resource "aws_instance" "jump" {
          ami                         = "ami-12345678"
          instance_type               = "t3.medium"
          subnet_id                   = aws_subnet.public.id
          associate_public_ip_address = true
          vpc_security_group_ids      = [aws_security_group.ssh.id]
        }
    """)
    zones = annotations.zones
    assert zones["aws_subnet.public"].egress == "internet-gateway"
    trainer = zones["aws_instance.trainer"]
    assert trainer.zone == Zone.PRIVATE_APP
    assert any("admits no ingress from 0.0.0.0/0" in r for r in trainer.reasons), trainer.reasons
    assert zones["aws_instance.jump"].zone == Zone.EDGE
    assert [e.asset for e in annotations.exposures] == ["aws_instance.jump"]
    assert "egress straight to the internet" in " ".join(area_labels(graph, annotations))


def test_studio_in_an_existing_vpc_has_unknown_egress_not_a_nat_claim(tmp_path):
    graph, annotations = scan(tmp_path, """
        variable "vpc_id" {
          type    = string
          default = "vpc-0123456789abcdef0"
        }
        provider "aws" {
          region = "us-east-1"
        }
        data "aws_subnets" "private" {
          filter {
            name   = "vpc-id"
            values = [var.vpc_id]
          }
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name             = "studio"
          auth_mode               = "IAM"
          vpc_id                  = var.vpc_id
          subnet_ids              = data.aws_subnets.private.ids
          app_network_access_type = "VpcOnly"
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/sm"
          }
        }
        resource "aws_lambda_function" "tagger" {
          function_name = "tagger"
          role          = "arn:aws:iam::123456789012:role/fn"
          handler       = "app.handler"
          runtime       = "python3.12"
          filename      = "fn.zip"
        }
    """)
    studio = annotations.zones["aws_sagemaker_domain.studio"]
    assert studio.plane == Plane.CUSTOMER and studio.zone == Zone.PRIVATE_APP
    assert studio.egress == "unknown"
    # a Lambda without vpc_config runs in AWS's network: the provider-managed area, not "private subnets"
    tagger = annotations.zones["aws_lambda_function.tagger"]
    assert tagger.plane == Plane.PROVIDER and tagger.egress == "provider-managed"
    labels = area_labels(graph, annotations)
    assert any(label.startswith("PRIVATE APP") and "egress unknown" in label for label in labels), labels
    assert any(label.startswith("PROVIDER-MANAGED") for label in labels), labels
    assert annotations.exposures == ()


def test_gcp_firewall_decides_whether_a_vm_with_an_external_ip_is_exposed(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "google" {
          project = "p"
          region  = "us-central1"
        }
        resource "google_compute_network" "vpc" {
          name                    = "vpc"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "ml" {
          name          = "ml"
          network       = google_compute_network.vpc.id
          ip_cidr_range = "10.0.0.0/24"
          region        = "us-central1"
        }
        resource "google_compute_firewall" "iap_only" {
          name          = "iap-ssh"
          network       = google_compute_network.vpc.id
          direction     = "INGRESS"
          source_ranges = ["35.235.240.0/20"]
          target_tags   = ["notebook"]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
        }
        resource "google_compute_firewall" "web" {
          name          = "web"
          network       = google_compute_network.vpc.id
          direction     = "INGRESS"
          source_ranges = ["0.0.0.0/0"]
          target_tags   = ["web"]
          allow {
            protocol = "tcp"
            ports    = ["443"]
          }
        }
        resource "google_compute_instance" "notebook" {
          name         = "notebook"
          machine_type = "n1-standard-4"
          zone         = "us-central1-a"
          tags         = ["notebook"]
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.ml.id
            access_config {}
          }
        }
        resource "google_compute_instance" "web" {
          name         = "web"
          machine_type = "e2-standard-2"
          zone         = "us-central1-a"
          tags         = ["web"]
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.ml.id
            access_config {}
          }
        }
    """)
    zones = annotations.zones
    notebook = zones["google_compute_instance.notebook"]
    assert notebook.zone == Zone.PRIVATE_APP, notebook
    assert any("implied deny" in r and "google_compute_firewall.iap_only" in r for r in notebook.reasons)
    assert zones["google_compute_instance.web"].zone == Zone.EDGE
    assert [e.asset for e in annotations.exposures] == ["google_compute_instance.web"]
    web = [c for c in annotations.crossings if c.src == "synthetic:internet" and c.dst == "google_compute_instance.web"]
    assert web and web[0].control == "google_compute_firewall.web"


def test_public_endpoints_of_managed_services_are_guarded_by_identity_unless_public(tmp_path):
    graph, annotations = scan(tmp_path, """
        provider "google" {
          project = "p"
          region  = "us-central1"
        }
        resource "google_storage_bucket" "open" {
          name     = "open-datasets"
          location = "US"
        }
        resource "google_storage_bucket_iam_member" "everyone" {
          bucket = google_storage_bucket.open.name
          role   = "roles/storage.objectViewer"
          member = "allUsers"
        }
        resource "google_vertex_ai_endpoint" "public" {
          name         = "1234"
          display_name = "public"
          location     = "us-central1"
        }
    """)
    entry = {c.dst: c for c in annotations.crossings if c.src == "synthetic:internet"}
    # anyone may read the bucket: nothing enforces that path
    assert entry["google_storage_bucket.open"].control is None
    # a public Vertex endpoint still needs an IAM identity to predict: the control is authentication
    vertex = entry["google_vertex_ai_endpoint.public"]
    assert vertex.control_kind == "identity" and "no network restriction" in vertex.control
