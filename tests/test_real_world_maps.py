"""What the graph, the maps and the summary must say about constructs of real public ML Terraform.

Each test is fresh, minimal code using the same construct as a public module or quickstart (Azure
ML hub-spoke secure workspaces, AKS + Azure ML landing zones, SageMaker Studio in an existing VPC,
Bedrock agents with OpenSearch Serverless, Vertex AI MLOps blueprints) that misled a reader of the
map before. One section per class of defect (issue 8: "What is drawn", "What the edges mean").
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.catalog import kind
from infra2arch.graph import build_graph
from infra2arch.model import Graph, Relation
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def graph_of(root: Path, files: dict[str, str], **options) -> Graph:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    options.setdefault("environment", {})
    return build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, **options)))


def parents(graph: Graph, child: str) -> set[str]:
    return {c.parent for c in graph.containment if c.child == child}


def edges(graph: Graph, src: str | None = None, dst: str | None = None) -> list:
    return [e for e in graph.edges if (src is None or e.src == src) and (dst is None or e.dst == dst)]


def relations(graph: Graph, src: str, dst: str) -> set[Relation]:
    return {e.relation for e in edges(graph, src, dst)}


AZURE = """
provider "azurerm" {
  features {}
}
resource "azurerm_resource_group" "hub" {
  name     = "rg-hub"
  location = "westeurope"
}
resource "azurerm_resource_group" "spoke" {
  name     = "rg-spoke"
  location = "westeurope"
}
resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  address_space       = ["10.1.0.0/16"]
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
}
resource "azurerm_virtual_network" "spoke" {
  name                = "vnet-spoke"
  address_space       = ["10.0.0.0/16"]
  location            = azurerm_resource_group.spoke.location
  resource_group_name = azurerm_resource_group.spoke.name
}
resource "azurerm_subnet" "fw" {
  name                 = "AzureFirewallSubnet"
  resource_group_name  = azurerm_resource_group.hub.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.1.4.0/24"]
}
resource "azurerm_subnet" "jump" {
  name                 = "snet-jumphost"
  resource_group_name  = azurerm_resource_group.hub.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.1.2.0/24"]
}
resource "azurerm_subnet" "training" {
  name                 = "snet-training"
  resource_group_name  = azurerm_resource_group.spoke.name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_virtual_network_peering" "hub_to_spoke" {
  name                      = "hub-to-spoke"
  resource_group_name       = azurerm_resource_group.hub.name
  virtual_network_name      = azurerm_virtual_network.hub.name
  remote_virtual_network_id = azurerm_virtual_network.spoke.id
}
resource "azurerm_virtual_network_peering" "spoke_to_hub" {
  name                      = "spoke-to-hub"
  resource_group_name       = azurerm_resource_group.spoke.name
  virtual_network_name      = azurerm_virtual_network.spoke.name
  remote_virtual_network_id = azurerm_virtual_network.hub.id
}
resource "azurerm_public_ip" "fw" {
  name                = "pip-fw"
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
  allocation_method   = "Static"
  sku                 = "Standard"
}
resource "azurerm_firewall_policy" "base" {
  name                = "fw-policy"
  resource_group_name = azurerm_resource_group.hub.name
  location            = azurerm_resource_group.hub.location
}
resource "azurerm_firewall_policy_rule_collection_group" "ml" {
  name               = "ml-rules"
  firewall_policy_id = azurerm_firewall_policy.base.id
  priority           = 100
  network_rule_collection {
    name     = "aml"
    priority = 100
    action   = "Allow"
    rule {
      name                  = "aml"
      protocols             = ["TCP"]
      source_addresses      = ["10.0.1.0/24"]
      destination_addresses = ["AzureMachineLearning"]
      destination_ports     = ["443"]
    }
  }
}
resource "azurerm_firewall" "fw" {
  name                = "fw-hub"
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
  sku_name            = "AZFW_VNet"
  sku_tier            = "Standard"
  firewall_policy_id  = azurerm_firewall_policy.base.id
  ip_configuration {
    name                 = "configuration"
    subnet_id            = azurerm_subnet.fw.id
    public_ip_address_id = azurerm_public_ip.fw.id
  }
}
resource "azurerm_route_table" "training" {
  name                = "rt-training"
  location            = azurerm_resource_group.spoke.location
  resource_group_name = azurerm_resource_group.spoke.name
}
resource "azurerm_route" "default" {
  name                   = "internet-via-firewall"
  resource_group_name    = azurerm_resource_group.spoke.name
  route_table_name       = azurerm_route_table.training.name
  address_prefix         = "0.0.0.0/0"
  next_hop_type          = "VirtualAppliance"
  next_hop_in_ip_address = azurerm_firewall.fw.ip_configuration[0].private_ip_address
}
resource "azurerm_subnet_route_table_association" "training" {
  subnet_id      = azurerm_subnet.training.id
  route_table_id = azurerm_route_table.training.id
}
resource "azurerm_network_interface" "jump" {
  name                = "nic-jump"
  location            = azurerm_resource_group.hub.location
  resource_group_name = azurerm_resource_group.hub.name
  ip_configuration {
    name                          = "internal"
    subnet_id                     = azurerm_subnet.jump.id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_windows_virtual_machine" "jump" {
  name                  = "vm-jump"
  resource_group_name   = azurerm_resource_group.hub.name
  location              = azurerm_resource_group.hub.location
  size                  = "Standard_DS3_v2"
  admin_username        = "azureuser"
  admin_password        = var.admin_password
  network_interface_ids = [azurerm_network_interface.jump.id]
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
  source_image_reference {
    publisher = "microsoft-dsvm"
    offer     = "dsvm-win-2019"
    sku       = "server-2019"
    version   = "latest"
  }
}
variable "admin_password" {
  type      = string
  sensitive = true
  default   = null
}
"""


# ------------------------------------------------------------------------- firewalls are workloads


def test_azure_firewall_is_an_appliance_in_its_subnet_with_its_policy_folded_in(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": AZURE})
    firewall = "azurerm_firewall.fw"
    assert kind("azurerm_firewall").appliance
    assert parents(graph, firewall) == {"azurerm_subnet.fw"}
    assert graph.folded["azurerm_firewall_policy.base"] == firewall
    assert graph.folded["azurerm_firewall_policy_rule_collection_group.ml"] == firewall


def test_aws_network_firewall_sits_in_its_subnets_with_policy_and_rule_groups(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "inspection" {
          cidr_block = "10.9.0.0/16"
        }
        resource "aws_subnet" "firewall" {
          vpc_id     = aws_vpc.inspection.id
          cidr_block = "10.9.1.0/24"
        }
        resource "aws_networkfirewall_rule_group" "deny" {
          name     = "deny-all"
          type     = "STATEFUL"
          capacity = 10
          rule_group {
            rules_source {
              rules_string = "drop ip any any -> any any (sid:1;)"
            }
          }
        }
        resource "aws_networkfirewall_firewall_policy" "main" {
          name = "main"
          firewall_policy {
            stateless_default_actions          = ["aws:forward_to_sfe"]
            stateless_fragment_default_actions = ["aws:forward_to_sfe"]
            stateful_rule_group_reference {
              resource_arn = aws_networkfirewall_rule_group.deny.arn
            }
          }
        }
        resource "aws_networkfirewall_firewall" "main" {
          name                = "inspection"
          firewall_policy_arn = aws_networkfirewall_firewall_policy.main.arn
          vpc_id              = aws_vpc.inspection.id
          subnet_mapping {
            subnet_id = aws_subnet.firewall.id
          }
        }
        """})
    firewall = "aws_networkfirewall_firewall.main"
    assert parents(graph, firewall) == {"aws_subnet.firewall"}
    assert graph.folded["aws_networkfirewall_firewall_policy.main"] == firewall
    assert graph.folded["aws_networkfirewall_rule_group.deny"] == firewall


# ---------------------------------------------------------------------- placement through NICs


def test_vm_is_placed_in_the_subnet_of_its_nic_not_by_resource_group(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": AZURE})
    vm = "azurerm_windows_virtual_machine.jump"
    assert parents(graph, vm) == {"azurerm_subnet.jump"}
    assert graph.folded["azurerm_network_interface.jump"] == vm


def test_aws_instance_through_network_interface_and_gcp_vm_through_subnetwork(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        provider "google" {
          project = "p"
          region  = "europe-west4"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_network_interface" "nva" {
          subnet_id         = aws_subnet.a.id
          source_dest_check = false
        }
        resource "aws_instance" "nva" {
          ami           = "ami-123"
          instance_type = "c5.large"
          network_interface {
            network_interface_id = aws_network_interface.nva.id
            device_index         = 0
          }
        }
        resource "google_compute_network" "n" {
          name                    = "n"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "s" {
          name          = "s"
          network       = google_compute_network.n.id
          ip_cidr_range = "10.2.0.0/24"
        }
        resource "google_compute_instance" "vm" {
          name         = "vm"
          machine_type = "e2-standard-4"
          zone         = "europe-west4-a"
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.s.id
          }
        }
        """})
    assert parents(graph, "aws_instance.nva") == {"aws_subnet.a"}
    assert graph.folded["aws_network_interface.nva"] == "aws_instance.nva"
    assert parents(graph, "google_compute_instance.vm") == {"google_compute_subnetwork.s"}


def test_aks_node_pool_places_its_cluster_in_the_pool_subnet(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_resource_group" "rg" {
          name     = "rg"
          location = "eastus"
        }
        resource "azurerm_virtual_network" "v" {
          name                = "v"
          address_space       = ["10.0.0.0/16"]
          location            = "eastus"
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_subnet" "system" {
          name                 = "system"
          resource_group_name  = azurerm_resource_group.rg.name
          virtual_network_name = azurerm_virtual_network.v.name
          address_prefixes     = ["10.0.1.0/24"]
        }
        resource "azurerm_subnet" "gpu" {
          name                 = "gpu"
          resource_group_name  = azurerm_resource_group.rg.name
          virtual_network_name = azurerm_virtual_network.v.name
          address_prefixes     = ["10.0.2.0/24"]
        }
        resource "azurerm_kubernetes_cluster" "aks" {
          name                = "aks"
          location            = "eastus"
          resource_group_name = azurerm_resource_group.rg.name
          dns_prefix          = "aks"
          default_node_pool {
            name           = "system"
            node_count     = 1
            vm_size        = "Standard_D4s_v5"
            vnet_subnet_id = azurerm_subnet.system.id
          }
          identity {
            type = "SystemAssigned"
          }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
          name                  = "gpu"
          kubernetes_cluster_id = azurerm_kubernetes_cluster.aks.id
          vm_size               = "Standard_NC6s_v3"
          vnet_subnet_id        = azurerm_subnet.gpu.id
        }
        """})
    assert parents(graph, "azurerm_kubernetes_cluster.aks") == {"azurerm_subnet.system", "azurerm_subnet.gpu"}


# ------------------------------------------------------------------------ networks to networks


def test_peering_and_forced_routes_connect_networks(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": AZURE})
    assert Relation.NETWORK in relations(graph, "azurerm_virtual_network.hub", "azurerm_virtual_network.spoke")
    assert Relation.NETWORK in relations(graph, "azurerm_virtual_network.spoke", "azurerm_virtual_network.hub")
    routed = edges(graph, "azurerm_subnet.training", "azurerm_firewall.fw")
    assert routed and routed[0].relation == Relation.NETWORK and "rt-training" not in routed[0].via
    assert "azurerm_route_table.training" in routed[0].via


def test_aws_vpc_peering_and_transit_gateway_attachments(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "hub" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_vpc" "ml" {
          cidr_block = "10.1.0.0/16"
        }
        resource "aws_subnet" "ml" {
          vpc_id     = aws_vpc.ml.id
          cidr_block = "10.1.1.0/24"
        }
        resource "aws_vpc_peering_connection" "hub_ml" {
          vpc_id      = aws_vpc.hub.id
          peer_vpc_id = aws_vpc.ml.id
          auto_accept = true
        }
        resource "aws_ec2_transit_gateway" "tgw" {}
        resource "aws_ec2_transit_gateway_vpc_attachment" "ml" {
          transit_gateway_id = aws_ec2_transit_gateway.tgw.id
          vpc_id             = aws_vpc.ml.id
          subnet_ids         = [aws_subnet.ml.id]
        }
        resource "aws_route_table" "ml" {
          vpc_id = aws_vpc.ml.id
          route {
            cidr_block         = "0.0.0.0/0"
            transit_gateway_id = aws_ec2_transit_gateway.tgw.id
          }
        }
        resource "aws_route_table_association" "ml" {
          subnet_id      = aws_subnet.ml.id
          route_table_id = aws_route_table.ml.id
        }
        """})
    assert graph.folded["aws_vpc_peering_connection.hub_ml"] == "aws_vpc.hub"
    assert Relation.NETWORK in relations(graph, "aws_vpc.hub", "aws_vpc.ml")
    assert Relation.NETWORK in relations(graph, "aws_subnet.ml", "aws_ec2_transit_gateway.tgw")
    assert parents(graph, "aws_ec2_transit_gateway_vpc_attachment.ml") == {"aws_subnet.ml"}


# ---------------------------------------------------------------------------- existing networks


def test_networks_given_as_variables_are_existing_boxes_grouped_by_origin(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "vpc_id" {}
        variable "private_subnet_ids" {
          type = list(string)
        }
        resource "aws_security_group" "studio" {
          name   = "studio"
          vpc_id = var.vpc_id
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name             = "studio"
          auth_mode               = "IAM"
          vpc_id                  = var.vpc_id
          subnet_ids              = var.private_subnet_ids
          app_network_access_type = "VpcOnly"
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/studio"
          }
        }
        module "endpoints" {
          source     = "./endpoints"
          vpc_id     = var.vpc_id
          subnet_ids = var.private_subnet_ids
        }
        """, "endpoints/main.tf": """
        variable "vpc_id" {}
        variable "subnet_ids" {}
        resource "aws_vpc_endpoint" "api" {
          vpc_id              = var.vpc_id
          service_name        = "com.amazonaws.us-east-1.sagemaker.api"
          vpc_endpoint_type   = "Interface"
          subnet_ids          = var.subnet_ids
          private_dns_enabled = true
        }
        """})
    by_address = graph.by_address()
    vpc = "existing:aws_vpc/var.vpc_id"
    subnets = "existing:aws_subnet/var.private_subnet_ids"
    assert by_address[vpc].type == "aws_vpc" and by_address[vpc].attrs["existing"] is True
    assert parents(graph, subnets) == {vpc}
    assert parents(graph, "aws_sagemaker_domain.studio") == {subnets}
    assert parents(graph, "module.endpoints.aws_vpc_endpoint.api") == {subnets}
    assert parents(graph, "aws_security_group.studio") == {vpc}
    assert len([r for r in graph.resources if r.address.startswith("existing:")]) == 2


def test_azure_subnet_id_literal_is_an_existing_vnet_and_subnet(tmp_path):
    subnet_id = ("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/"
                 "Microsoft.Network/virtualNetworks/vnet-shared/subnets/snet-ml")
    graph = graph_of(tmp_path, {"main.tf": f"""
        provider "azurerm" {{
          features {{}}
        }}
        resource "azurerm_resource_group" "ml" {{
          name     = "rg-ml"
          location = "eastus"
        }}
        resource "azurerm_private_endpoint" "ws" {{
          name                = "pe-ws"
          location            = "eastus"
          resource_group_name = azurerm_resource_group.ml.name
          subnet_id           = "{subnet_id}"
          private_service_connection {{
            name                           = "ws"
            private_connection_resource_id = "x"
            is_manual_connection           = false
            subresource_names              = ["amlworkspace"]
          }}
        }}
        """})
    (subnet,) = parents(graph, "azurerm_private_endpoint.ws")
    assert subnet.startswith("existing:azurerm_subnet/")
    (vnet,) = parents(graph, subnet)
    assert graph.by_address()[vnet].name == "vnet-shared" and graph.by_address()[subnet].name == "snet-ml"


def test_data_aws_subnet_is_a_box_in_its_existing_vpc(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "vpc_id" {
          default = "vpc-0123456789abcdef0"
        }
        data "aws_vpc" "selected" {
          id = var.vpc_id
        }
        data "aws_subnet" "a" {
          vpc_id            = data.aws_vpc.selected.id
          availability_zone = "us-east-1a"
        }
        resource "aws_sagemaker_notebook_instance" "nb" {
          name          = "nb"
          role_arn      = "arn:aws:iam::123456789012:role/nb"
          instance_type = "ml.t3.medium"
          subnet_id     = data.aws_subnet.a.id
        }
        """})
    assert parents(graph, "aws_sagemaker_notebook_instance.nb") == {"data.aws_subnet.a"}
    assert parents(graph, "data.aws_subnet.a") == {"data.aws_vpc.selected"}


# ------------------------------------------------------------------------------------ noise


def test_utility_providers_are_hidden_and_never_a_relation(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "random_string" "suffix" {
          length  = 6
          special = false
        }
        resource "random_pet" "key" {}
        resource "azurecaf_name" "bucket" {
          name          = "ml"
          resource_type = "azurerm_storage_account"
        }
        resource "null_resource" "build" {
          triggers = {
            fn = aws_lambda_function.score.arn
          }
        }
        resource "aws_lambda_function" "score" {
          function_name = "score-${random_string.suffix.result}"
          role          = "arn:aws:iam::123456789012:role/x"
          image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/score:latest"
          package_type  = "Image"
          kms_key_arn   = random_pet.key.id
          depends_on    = [null_resource.build]
        }
        """})
    for address in ("random_string.suffix", "random_pet.key", "azurecaf_name.bucket", "null_resource.build"):
        record = kind(graph.by_address()[address].type)
        assert record is not None and record.shape.value == "hidden", address
        for edge in graph.edges:
            if address in (edge.src, edge.dst):
                assert edge.relation == Relation.DEPENDS, edge
    assert not [e for e in graph.edges if e.src == "aws_lambda_function.score" and e.relation != Relation.DEPENDS
                and e.dst == "aws_lambda_function.score"]


def test_iam_policy_data_sources_fold_into_the_roles_attaching_them(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        data "aws_iam_policy" "sagemaker_full" {
          arn = "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess"
        }
        resource "aws_iam_role" "studio" {
          name               = "studio"
          assume_role_policy = "{}"
        }
        resource "aws_iam_role_policy_attachment" "studio" {
          role       = aws_iam_role.studio.name
          policy_arn = data.aws_iam_policy.sagemaker_full.arn
        }
        """})
    assert graph.folded["data.aws_iam_policy.sagemaker_full"] == "aws_iam_role.studio"
    assert not edges(graph, dst="data.aws_iam_policy.sagemaker_full")


# ------------------------------------------------------------------- a reference inside a name


def test_references_that_only_build_names_are_not_relations(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_cloudwatch_log_group" "flow" {
          name = "/aws/vpc/${aws_vpc.v.id}/flow-logs"
        }
        resource "aws_lambda_function" "score" {
          function_name = "score"
          role          = "arn:aws:iam::123456789012:role/x"
          image_uri     = "123456789012.dkr.ecr.us-east-1.amazonaws.com/score:latest"
          package_type  = "Image"
        }
        resource "aws_ssm_parameter" "fn" {
          name  = "/ml/scoring-function"
          type  = "String"
          value = aws_lambda_function.score.function_name
        }
        resource "aws_s3_bucket" "data" {
          bucket = "data-${aws_vpc.v.id}"
          tags = {
            Function = aws_lambda_function.score.arn
          }
        }
        """})
    assert relations(graph, "aws_cloudwatch_log_group.flow", "aws_vpc.v") <= {Relation.DEPENDS}
    assert not parents(graph, "aws_cloudwatch_log_group.flow")
    assert relations(graph, "aws_ssm_parameter.fn", "aws_lambda_function.score") == {Relation.DEPENDS}
    assert relations(graph, "aws_s3_bucket.data", "aws_lambda_function.score") <= {Relation.DEPENDS}
    assert relations(graph, "aws_s3_bucket.data", "aws_vpc.v") <= {Relation.DEPENDS}


# ================================================================================ on the maps


def views(graph: Graph, *names: str, **options):
    from infra2arch.annotate.pipeline import annotate
    from infra2arch.views import ViewOptions, build_view

    annotations = annotate(graph)
    return [build_view(graph, ViewOptions(name=name, **options), annotations) for name in names]


def node_with(view, address: str):
    found = [n for n in view.nodes if address in n.members]
    assert found, f"{address} is not on the {view.name} map"
    return found[0]


def box_chain(view, gid: str | None) -> list:
    groups = {g.id: g for g in view.groups}
    out = []
    while gid is not None:
        out.append(groups[gid])
        gid = groups[gid].parent
    return out


def test_firewall_and_nic_placed_vm_are_drawn_in_their_subnets_on_every_view(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": AZURE})
    for view in views(graph, "engineering", "security", "cost"):
        firewall = node_with(view, "azurerm_firewall.fw")
        assert "azurerm_firewall_policy.base" not in {m for n in view.nodes for m in n.members}
        if view.name == "engineering":
            assert box_chain(view, firewall.group)[0].label.startswith("Subnet: fw\n10.1.4.0/24")
            vm = node_with(view, "azurerm_windows_virtual_machine.jump")
            assert box_chain(view, vm.group)[0].label.startswith("Subnet: jump\n")
            assert not any("firewalls (drawn" in n for n in view.notes)


def test_peering_and_forced_route_are_drawn_between_boxes(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": AZURE})
    (view,) = views(graph, "engineering")
    groups = {g.id: g for g in view.groups}
    peering = [e for e in view.edges if e.src in groups and e.dst in groups]
    assert len(peering) == 1 and peering[0].both_ways and peering[0].label == "peering"
    labels = {groups[peering[0].src].label.split("\n")[0], groups[peering[0].dst].label.split("\n")[0]}
    assert labels == {"Virtual network: hub", "Virtual network: spoke"}
    firewall = node_with(view, "azurerm_firewall.fw").id
    routed = [e for e in view.edges if e.dst == firewall and e.src in groups]
    assert [groups[e.src].label.split("\n")[0] for e in routed] == ["private subnet: training"]
    from infra2arch.render.diagrams_map import to_dot

    dot = to_dot(view)
    assert "lhead=cluster_" in dot and "ltail=cluster_" in dot and "dir=both" in dot


def test_existing_networks_are_boxes_marked_existing(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "vpc_id" {}
        variable "private_subnet_ids" {
          type = list(string)
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name = "studio"
          auth_mode   = "IAM"
          vpc_id      = var.vpc_id
          subnet_ids  = var.private_subnet_ids
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/studio"
          }
        }
        """})
    (view,) = views(graph, "engineering")
    domain = node_with(view, "aws_sagemaker_domain.studio")
    chain = [g.label for g in box_chain(view, domain.group)]
    assert chain[0] == "existing subnets: var.private_subnet_ids"
    assert chain[1] == "existing VPC: var.vpc_id"
    assert "dashed" in box_chain(view, domain.group)[0].style["style"]


def test_multi_subnet_resource_sits_in_a_tier_box_holding_its_subnets(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id            = aws_vpc.v.id
          cidr_block        = "10.0.1.0/24"
          availability_zone = "us-east-1a"
        }
        resource "aws_subnet" "b" {
          vpc_id            = aws_vpc.v.id
          cidr_block        = "10.0.2.0/24"
          availability_zone = "us-east-1b"
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name = "studio"
          auth_mode   = "IAM"
          vpc_id      = aws_vpc.v.id
          subnet_ids  = [aws_subnet.a.id, aws_subnet.b.id]
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/studio"
          }
        }
        """})
    (view,) = views(graph, "engineering")
    domain = node_with(view, "aws_sagemaker_domain.studio")
    tier = box_chain(view, domain.group)[0]
    assert tier.kind == "tier" and tier.label.endswith("subnets: a, b"), tier.label
    subnet_boxes = [g for g in view.groups if g.kind == "subnet"]
    assert len(subnet_boxes) == 2 and all(tier in box_chain(view, g.id) for g in subnet_boxes)
    placeholders = [n for n in view.nodes if n.tf_type == "placeholder"]
    assert placeholders and all(n.label != "no resources drawn" for n in placeholders)


def test_instances_of_one_block_are_stacked_with_their_members(tmp_path):
    services = ["sagemaker.api", "sagemaker.runtime", "sts", "logs", "ecr.api", "ecr.dkr", "kms"]
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "services" {
          default = %s
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_vpc_endpoint" "interface" {
          for_each            = toset(var.services)
          vpc_id              = aws_vpc.v.id
          service_name        = "com.amazonaws.us-east-1.${each.key}"
          vpc_endpoint_type   = "Interface"
          private_dns_enabled = true
        }
        """ % str(services).replace("'", '"')})
    (view,) = views(graph, "engineering")
    stacked = [n for n in view.nodes if n.tf_type == "aws_vpc_endpoint"]
    assert len(stacked) == 1 and len(stacked[0].members) == len(services)
    assert stacked[0].label.startswith(f"interface ×{len(services)}\nVPC endpoint\n")
    assert all(f'aws_vpc_endpoint.interface["{s}"]' in stacked[0].tooltip for s in services)
    assert any(n.startswith("collapsed count/for_each instances") for n in view.notes)


def test_utility_resources_are_counted_not_drawn_and_labels_are_unique(tmp_path):
    module = """
        variable "project" {}
        resource "random_id" "suffix" {
          byte_length = 2
        }
        resource "google_service_account" "sa" {
          account_id = "sa-${random_id.suffix.hex}"
          project    = var.project
        }
        """
    graph = graph_of(tmp_path, {"main.tf": """
        provider "google" {
          project = "p"
          region  = "europe-west4"
        }
        module "training" {
          source  = "./sa"
          project = "p"
        }
        module "serving" {
          source  = "./sa"
          project = "p"
        }
        """, "sa/main.tf": module})
    (view,) = views(graph, "engineering")
    drawn = {m for n in view.nodes for m in n.members}
    assert not {a for a in drawn if "random_id" in a}
    assert not [e for e in view.edges if "random" in e.src or "random" in e.dst]
    assert any("2 utility resources (random" in n for n in view.notes), view.notes
    labels = [n.label.split("\n")[0] for n in view.nodes if n.tf_type == "google_service_account"]
    assert sorted(labels) == ["module.serving.sa", "module.training.sa"]


def test_title_never_shows_an_absolute_path(tmp_path, monkeypatch):
    from dataclasses import replace

    graph = graph_of(tmp_path / "estate", {"main.tf": AZURE})
    monkeypatch.chdir(tmp_path)
    (view,) = views(replace(graph, scanned={**graph.scanned, "target": str(tmp_path / "estate")}), "engineering")
    assert view.title.startswith("estate — ")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # not below the current directory: its name only
    (view,) = views(replace(graph, scanned={**graph.scanned, "target": str(tmp_path / "estate")}), "engineering")
    assert view.title.startswith("estate — ")


# ======================================================================= declared, not created


def test_zero_instance_blocks_and_module_calls_are_listed_with_why(tmp_path):
    from infra2arch.render.graph_json import dumps, loads
    from infra2arch.summary import summary_body

    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "create_vpc" {
          default = false
        }
        variable "extra_buckets" {
          default = {}
        }
        resource "aws_vpc" "this" {
          count      = var.create_vpc ? 1 : 0
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_s3_bucket" "extra" {
          for_each = var.extra_buckets
          bucket   = each.key
        }
        module "monitoring" {
          source = "./monitoring"
          count  = 0
        }
        """, "monitoring/main.tf": """
        resource "aws_sagemaker_model_package_group" "registry" {
          model_package_group_name = "models"
        }
        data "aws_iam_policy_document" "doc" {}
        """})
    items = {n.address: n for n in graph.not_created}
    assert set(items) == {"aws_vpc.this", "aws_s3_bucket.extra", "module.monitoring"}
    vpc = items["aws_vpc.this"]
    assert (vpc.reason, vpc.expression, vpc.source.label()) == ("count = 0", "count = var.create_vpc ? 1 : 0", "main.tf:11")
    assert items["aws_s3_bucket.extra"].reason == "for_each is empty"
    assert items["module.monitoring"].kind == "module"
    assert items["module.monitoring"].inside == ("module.monitoring.aws_sagemaker_model_package_group.registry",
                                                  "module.monitoring.data.aws_iam_policy_document.doc")
    text = dumps(graph, pretty=True)
    assert '"status": "declared, not created"' in text and '"not_created": 3' in text
    assert loads(text).not_created == graph.not_created
    import json
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "infra2arch/schema/graph.schema.json").read_text())
    jsonschema.validate(json.loads(text), schema)
    lines = "\n".join(summary_body(graph, verbose=True))
    assert "Not created" in lines and "2 resource blocks and 1 module call" in lines
    assert "aws_vpc.this: count = 0 (count = var.create_vpc ? 1 : 0, main.tf:11)" in lines


# ================================================================== security groups as traffic


def test_security_group_self_rule_and_vpc_cidr_rule_become_paths(tmp_path):
    from infra2arch.traffic import allowed_paths

    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "a" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_security_group" "studio" {
          name   = "studio"
          vpc_id = aws_vpc.v.id
          ingress {
            from_port = 0
            to_port   = 65535
            protocol  = "tcp"
            self      = true
          }
        }
        resource "aws_security_group" "endpoints" {
          name   = "endpoints"
          vpc_id = aws_vpc.v.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = [aws_vpc.v.cidr_block]
          }
        }
        resource "aws_security_group" "db" {
          name   = "db"
          vpc_id = aws_vpc.v.id
        }
        resource "aws_vpc_security_group_ingress_rule" "db_from_lab" {
          security_group_id = aws_security_group.db.id
          cidr_ipv4         = "10.0.0.0/8"
          from_port         = 5432
          to_port           = 5432
          ip_protocol       = "tcp"
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name = "studio"
          auth_mode   = "IAM"
          vpc_id      = aws_vpc.v.id
          subnet_ids  = [aws_subnet.a.id]
          default_user_settings {
            execution_role  = "arn:aws:iam::123456789012:role/studio"
            security_groups = [aws_security_group.studio.id]
          }
        }
        resource "aws_efs_file_system" "home" {}
        resource "aws_efs_mount_target" "home" {
          file_system_id  = aws_efs_file_system.home.id
          subnet_id       = aws_subnet.a.id
          security_groups = [aws_security_group.studio.id]
        }
        resource "aws_vpc_endpoint" "api" {
          vpc_id             = aws_vpc.v.id
          service_name       = "com.amazonaws.us-east-1.sagemaker.api"
          vpc_endpoint_type  = "Interface"
          subnet_ids         = [aws_subnet.a.id]
          security_group_ids = [aws_security_group.endpoints.id]
        }
        resource "aws_db_instance" "features" {
          identifier             = "features"
          engine                 = "postgres"
          instance_class         = "db.t3.medium"
          allocated_storage      = 20
          db_subnet_group_name   = "x"
          vpc_security_group_ids = [aws_security_group.db.id]
        }
        resource "aws_db_instance" "closed" {
          identifier             = "closed"
          engine                 = "postgres"
          instance_class         = "db.t3.medium"
          allocated_storage      = 20
          vpc_security_group_ids = [aws_security_group.studio.id, aws_security_group.db.id]
        }
        """})
    paths = {(p.src, p.dst): p.rule for p in allowed_paths(graph)}
    assert "aws_vpc_endpoint.api" in {d for s, d in paths if s == "aws_sagemaker_domain.studio"}
    assert ("aws_sagemaker_domain.studio", "aws_db_instance.closed") in paths  # shares the studio group
    assert any(rule == "aws_security_group.studio (self)" for rule in paths.values())
    assert "covers aws_vpc.v" in paths[("aws_sagemaker_domain.studio", "aws_vpc_endpoint.api")]
    # 10.0.0.0/8 covers the VPC: the domain reaches the database
    assert ("aws_sagemaker_domain.studio", "aws_db_instance.features") in paths
    # only workloads start connections: an endpoint or a database never "reaches" anything
    assert not [p for p in paths if p[0] in ("aws_vpc_endpoint.api", "aws_db_instance.features")]
    (view,) = views(graph, "engineering")
    domain, endpoint = node_with(view, "aws_sagemaker_domain.studio").id, node_with(view, "aws_vpc_endpoint.api").id
    assert [e for e in view.edges if (e.src, e.dst) == (domain, endpoint) and e.relation == Relation.NETWORK]


def test_security_group_without_an_allowing_rule_draws_no_path(tmp_path):
    from infra2arch.traffic import allowed_paths

    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_security_group" "open_to_world" {
          name   = "world"
          vpc_id = aws_vpc.v.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
        resource "aws_security_group" "other_net" {
          name   = "other"
          vpc_id = aws_vpc.v.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["192.168.0.0/16"]
          }
        }
        resource "aws_instance" "app" {
          ami                    = "ami-1"
          instance_type          = "t3.micro"
          vpc_security_group_ids = [aws_security_group.other_net.id]
          subnet_id              = aws_subnet.s.id
        }
        resource "aws_subnet" "s" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.3.0/24"
        }
        resource "aws_lb" "internal" {
          internal        = true
          subnets         = [aws_subnet.s.id]
          security_groups = [aws_security_group.open_to_world.id, aws_security_group.other_net.id]
        }
        """})
    assert allowed_paths(graph) == []


def test_gcp_firewall_tags_and_ranges_become_paths(tmp_path):
    from infra2arch.traffic import allowed_paths

    graph = graph_of(tmp_path, {"main.tf": """
        provider "google" {
          project = "p"
          region  = "europe-west4"
        }
        resource "google_compute_network" "n" {
          name                    = "n"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "ml" {
          name          = "ml"
          network       = google_compute_network.n.id
          ip_cidr_range = "10.5.0.0/24"
        }
        resource "google_compute_firewall" "ssh_from_bastion" {
          name        = "ssh"
          network     = google_compute_network.n.name
          source_tags = ["bastion"]
          target_tags = ["trainer"]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
        }
        resource "google_compute_instance" "bastion" {
          name         = "bastion"
          machine_type = "e2-small"
          zone         = "europe-west4-a"
          tags         = ["bastion"]
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.ml.id
          }
        }
        resource "google_compute_instance" "trainer" {
          name         = "trainer"
          machine_type = "a2-highgpu-1g"
          zone         = "europe-west4-a"
          tags         = ["trainer"]
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.ml.id
          }
        }
        resource "google_compute_router" "r" {
          name    = "r"
          network = google_compute_network.n.id
        }
        resource "google_compute_router_nat" "nat" {
          name                               = "nat"
          router                             = google_compute_router.r.name
          nat_ip_allocate_option             = "AUTO_ONLY"
          source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
        }
        """})
    paths = {(p.src, p.dst) for p in allowed_paths(graph)}
    assert paths == {("google_compute_instance.bastion", "google_compute_instance.trainer")}
    # Cloud NAT sits in the network of its router
    assert parents(graph, "google_compute_router_nat.nat") == {"google_compute_network.n"}


def test_a_service_account_named_by_its_email_through_a_module_output_is_linked(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "google" {
          project = "ml-dev"
          region  = "europe-west4"
        }
        module "sa" {
          source = "./sa"
        }
        resource "google_workbench_instance" "wb" {
          name     = "wb"
          location = "europe-west4-b"
          gce_setup {
            machine_type = "n1-standard-4"
            service_accounts {
              email = module.sa.email
            }
          }
        }
        resource "google_project_iam_member" "user" {
          project = "ml-dev"
          role    = "roles/aiplatform.user"
          member  = "serviceAccount:${module.sa.email}"
        }
        """, "sa/main.tf": """
        resource "google_service_account" "this" {
          account_id = "notebook-sa"
          project    = "ml-dev"
        }
        output "email" {
          value = "notebook-sa@ml-dev.iam.gserviceaccount.com"
        }
        """})
    assert Relation.IAM in relations(graph, "google_workbench_instance.wb", "module.sa.google_service_account.this")
    assert graph.folded.get("google_project_iam_member.user") == "module.sa.google_service_account.this"


def test_data_aws_subnets_lookup_is_an_existing_box_in_its_vpc(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        variable "vpc_id" {
          default = "vpc-0123456789abcdef0"
        }
        data "aws_vpc" "selected" {
          id = var.vpc_id
        }
        data "aws_subnets" "private" {
          filter {
            name   = "vpc-id"
            values = [data.aws_vpc.selected.id]
          }
        }
        resource "aws_sagemaker_domain" "studio" {
          domain_name = "studio"
          auth_mode   = "IAM"
          vpc_id      = data.aws_vpc.selected.id
          subnet_ids  = data.aws_subnets.private.ids
          default_user_settings {
            execution_role = "arn:aws:iam::123456789012:role/studio"
          }
        }
        """})
    assert parents(graph, "aws_sagemaker_domain.studio") == {"data.aws_subnets.private"}
    assert parents(graph, "data.aws_subnets.private") == {"data.aws_vpc.selected"}
    (view,) = views(graph, "engineering")
    chain = [g.label for g in box_chain(view, node_with(view, "aws_sagemaker_domain.studio").group)]
    assert chain[0].startswith("Subnets (lookup): private") and "(existing: data source)" in chain[0]
    assert "(existing: data source)" in chain[1]


def test_awscc_bedrock_resources_are_aws_resources_in_their_region(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "awscc" {
          region = "eu-west-1"
        }
        resource "awscc_s3_bucket" "docs" {
          bucket_name = "kb-docs"
        }
        resource "awscc_bedrock_knowledge_base" "kb" {
          name     = "kb"
          role_arn = "arn:aws:iam::123456789012:role/kb"
          knowledge_base_configuration = {
            type = "VECTOR"
          }
          storage_configuration = {
            type = "OPENSEARCH_SERVERLESS"
          }
        }
        resource "awscc_bedrock_data_source" "docs" {
          name              = "docs"
          knowledge_base_id = awscc_bedrock_knowledge_base.kb.id
          data_source_configuration = {
            type = "S3"
            s3_configuration = {
              bucket_arn = awscc_s3_bucket.docs.arn
            }
          }
        }
        """})
    for address in ("awscc_s3_bucket.docs", "awscc_bedrock_knowledge_base.kb"):
        location = graph.by_address()[address].location
        assert (location.cloud, location.region) == ("aws", "eu-west-1"), address
    assert graph.folded["awscc_bedrock_data_source.docs"] == "awscc_bedrock_knowledge_base.kb"
    assert Relation.DATA in relations(graph, "awscc_bedrock_knowledge_base.kb", "awscc_s3_bucket.docs")


def test_gcp_route_through_an_appliance_connects_the_network_to_it(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "google" {
          project = "p"
          region  = "europe-west4"
        }
        resource "google_compute_network" "spoke" {
          name                    = "spoke"
          auto_create_subnetworks = false
        }
        resource "google_compute_network" "hub" {
          name                    = "hub"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "hub" {
          name          = "hub"
          network       = google_compute_network.hub.id
          ip_cidr_range = "10.9.0.0/24"
        }
        resource "google_compute_instance" "nva" {
          name           = "nva"
          machine_type   = "e2-standard-2"
          zone           = "europe-west4-a"
          can_ip_forward = true
          boot_disk {
            initialize_params {
              image = "debian-cloud/debian-12"
            }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.hub.id
          }
        }
        resource "google_compute_route" "default_via_nva" {
          name              = "default-via-nva"
          network           = google_compute_network.spoke.name
          dest_range        = "0.0.0.0/0"
          next_hop_instance = google_compute_instance.nva.id
        }
        """})
    routed = edges(graph, "google_compute_network.spoke", "google_compute_instance.nva")
    assert any(e.via.startswith("route: ") for e in routed)
    (view,) = views(graph, "engineering")
    groups = {g.id: g for g in view.groups}
    nva = node_with(view, "google_compute_instance.nva").id
    assert [groups[e.src].label.split("\n")[0] for e in view.edges if e.dst == nva and e.src in groups] == [
        "VPC network: spoke"]


def test_stacked_blocks_of_two_module_instances_are_told_apart_and_drill_downs_show_each(tmp_path):
    from dataclasses import replace as _replace

    module = """
        resource "aws_sqs_queue" "q" {
          count = 6
          name  = "q-${count.index}"
        }
        """
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        module "ingest" {
          source = "./queues"
        }
        module "score" {
          source = "./queues"
        }
        """, "queues/main.tf": module})
    (view,) = views(graph, "engineering")
    stacked = [n for n in view.nodes if n.tf_type == "aws_sqs_queue"]
    assert len(stacked) == 2 and all(len(n.members) == 6 for n in stacked)
    assert len({n.label for n in stacked}) == 2
    assert {n.label.split("\n")[1] for n in stacked} == {"module.ingest", "module.score"}
    from infra2arch.views import ViewOptions, build_view

    only = frozenset(stacked[0].members)
    detail = build_view(graph, ViewOptions(only=only))
    assert sorted(m for n in detail.nodes for m in n.members) == sorted(only)
    assert all(len(n.members) == 1 for n in detail.nodes if n.members)


def test_azure_workloads_reach_the_private_endpoints_of_their_vnet_unless_an_nsg_denies(tmp_path):
    from infra2arch.traffic import allowed_paths

    base = AZURE + """
resource "azurerm_subnet" "pe" {
  name                 = "snet-pe"
  resource_group_name  = azurerm_resource_group.spoke.name
  virtual_network_name = azurerm_virtual_network.spoke.name
  address_prefixes     = ["10.0.2.0/24"]
}
resource "azurerm_storage_account" "data" {
  name                     = "mldata"
  resource_group_name      = azurerm_resource_group.spoke.name
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_private_endpoint" "blob" {
  name                = "pe-blob"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.spoke.name
  subnet_id           = azurerm_subnet.pe.id
  private_service_connection {
    name                           = "blob"
    private_connection_resource_id = azurerm_storage_account.data.id
    is_manual_connection           = false
    subresource_names              = ["blob"]
  }
}
resource "azurerm_network_interface" "trainer" {
  name                = "nic-trainer"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.spoke.name
  ip_configuration {
    name                          = "internal"
    subnet_id                     = azurerm_subnet.training.id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_linux_virtual_machine" "trainer" {
  name                  = "vm-trainer"
  resource_group_name   = azurerm_resource_group.spoke.name
  location              = "westeurope"
  size                  = "Standard_NC6s_v3"
  admin_username        = "azureuser"
  network_interface_ids = [azurerm_network_interface.trainer.id]
  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-rsa AAAAB3Nza"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "0001-com-ubuntu-server-jammy"
    sku       = "22_04-lts"
    version   = "latest"
  }
}
"""
    graph = graph_of(tmp_path / "open", {"main.tf": base})
    paths = {(p.src, p.dst) for p in allowed_paths(graph)}
    assert ("azurerm_linux_virtual_machine.trainer", "azurerm_private_endpoint.blob") in paths
    # the hub's jump host is in another VNet: no path (peering alone is drawn between the networks)
    assert ("azurerm_windows_virtual_machine.jump", "azurerm_private_endpoint.blob") not in paths
    denied = graph_of(tmp_path / "denied", {"main.tf": base + """
resource "azurerm_network_security_group" "pe" {
  name                = "nsg-pe"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.spoke.name
  security_rule {
    name                       = "deny-vnet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "*"
  }
}
resource "azurerm_subnet_network_security_group_association" "pe" {
  subnet_id                 = azurerm_subnet.pe.id
  network_security_group_id = azurerm_network_security_group.pe.id
}
"""})
    assert not [p for p in allowed_paths(denied) if p.dst == "azurerm_private_endpoint.blob"]


def test_existing_vnet_named_by_a_variable_holds_the_data_subnets_in_the_region_of_its_resources(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "azurerm" {
          features {}
        }
        variable "vnet_name" {}
        variable "vnet_rg" {}
        resource "azurerm_resource_group" "ml" {
          name     = "rg-ml"
          location = "eastus"
        }
        data "azurerm_subnet" "ml" {
          name                 = "snet-ml"
          virtual_network_name = var.vnet_name
          resource_group_name  = var.vnet_rg
        }
        resource "azurerm_private_endpoint" "ws" {
          name                = "pe-ws"
          location            = azurerm_resource_group.ml.location
          resource_group_name = azurerm_resource_group.ml.name
          subnet_id           = data.azurerm_subnet.ml.id
          private_service_connection {
            name                           = "ws"
            private_connection_resource_id = "x"
            is_manual_connection           = false
          }
        }
        """})
    vnet = "existing:azurerm_virtual_network/var.vnet_name"
    assert parents(graph, "data.azurerm_subnet.ml") == {vnet}
    assert parents(graph, "azurerm_private_endpoint.ws") == {"data.azurerm_subnet.ml"}
    assert graph.by_address()[vnet].location.region == "eastus"
    (view,) = views(graph, "engineering")
    chain = [g.label for g in box_chain(view, node_with(view, "azurerm_private_endpoint.ws").group)]
    assert chain[:3] == ["Subnet: ml\n(existing: data source)", "existing Virtual network: var.vnet_name",
                         "Region eastus"]


def test_every_workload_of_a_box_reaching_every_node_of_another_is_one_box_edge(tmp_path):
    graph = graph_of(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "work" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_subnet" "endpoints" {
          vpc_id     = aws_vpc.v.id
          cidr_block = "10.0.2.0/24"
        }
        resource "aws_security_group" "endpoints" {
          name   = "endpoints"
          vpc_id = aws_vpc.v.id
          ingress {
            from_port   = 443
            to_port     = 443
            protocol    = "tcp"
            cidr_blocks = ["10.0.0.0/16"]
          }
        }
        resource "aws_instance" "worker" {
          count         = 2
          ami           = "ami-1"
          instance_type = "m5.large"
          subnet_id     = aws_subnet.work.id
        }
        resource "aws_vpc_endpoint" "svc" {
          for_each           = toset(["sagemaker.api", "sagemaker.runtime"])
          vpc_id             = aws_vpc.v.id
          service_name       = "com.amazonaws.us-east-1.${each.key}"
          vpc_endpoint_type  = "Interface"
          subnet_ids         = [aws_subnet.endpoints.id]
          security_group_ids = [aws_security_group.endpoints.id]
        }
        """})
    (view,) = views(graph, "engineering")
    groups = {g.id: g for g in view.groups}
    network = [e for e in view.edges if e.relation == Relation.NETWORK and e.src in groups and e.dst in groups]
    assert [(groups[e.src].label.split("\n")[0], groups[e.dst].label.split("\n")[0], e.count) for e in network] == [
        ("Subnet: work", "Subnet: endpoints", 4)]
    workers = {node_with(view, f"aws_instance.worker[{i}]").id for i in (0, 1)}
    assert not [e for e in view.edges if e.src in workers and e.relation == Relation.NETWORK]
