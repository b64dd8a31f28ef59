"""Azure types found without a catalog record when ~550 public Terraform roots were scanned (the
team's sweep), in the shapes those roots use them: Azure quickstarts (VM scale sets behind an
internal load balancer, Cosmos DB with data-plane RBAC, VM extensions, NAT gateways on public IP
prefixes, AKS with an Entra service principal, disks attached to VMs), an API Management AI gateway
and Front Door in front of a chat app. Each configuration is fresh, minimal code with the same
construct; the assertions read the built graph. The AWS and Google Cloud cases, which reuse the
helpers below, are in test_catalog_sweep_types_gcp_aws.py.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

AZURE_BASE = """
resource "azurerm_resource_group" "rg" {
  name     = "rg-ml"
  location = "westeurope"
}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet-ml"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "workers" {
  name                 = "workers"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.0.1.0/24"]
}
"""


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    return build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))


def no_catalog_gaps(graph) -> list[str]:
    return sorted(g.subject for g in graph.gaps if g.kind == "no-catalog-entry")


def unfolded_gaps(graph) -> list[str]:
    return sorted(g.subject for g in graph.gaps if "configuration resource" in g.reason)


def relations(graph, src: str, dst: str) -> set[Relation]:
    return {e.relation for e in graph.edges if e.src == src and e.dst == dst}


def parents(graph, child: str) -> set[str]:
    return {c.parent for c in graph.containment if c.child == child}


def test_scale_set_sits_in_its_subnet_behind_the_load_balancer_whose_parts_fold_in(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_lb" "lb" {
          name                = "lb-internal"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          sku                 = "Standard"
          frontend_ip_configuration {
            name      = "internal"
            subnet_id = azurerm_subnet.workers.id
          }
        }
        resource "azurerm_lb_backend_address_pool" "pool" {
          name            = "pool"
          loadbalancer_id = azurerm_lb.lb.id
        }
        resource "azurerm_lb_probe" "http" {
          name            = "http"
          loadbalancer_id = azurerm_lb.lb.id
          port            = 8080
        }
        resource "azurerm_lb_rule" "http" {
          name                           = "http"
          loadbalancer_id                = azurerm_lb.lb.id
          protocol                       = "Tcp"
          frontend_port                  = 80
          backend_port                   = 8080
          frontend_ip_configuration_name = "internal"
          backend_address_pool_ids       = [azurerm_lb_backend_address_pool.pool.id]
          probe_id                       = azurerm_lb_probe.http.id
        }
        resource "azurerm_linux_virtual_machine_scale_set" "gpu" {
          name                = "gpu-workers"
          resource_group_name = azurerm_resource_group.rg.name
          location            = azurerm_resource_group.rg.location
          sku                 = "Standard_NC6s_v3"
          instances           = 2
          admin_username      = "azureuser"
          source_image_reference {
            publisher = "microsoft-dsvm"
            offer     = "ubuntu-hpc"
            sku       = "2204"
            version   = "latest"
          }
          os_disk {
            storage_account_type = "Premium_LRS"
            caching              = "ReadWrite"
          }
          network_interface {
            name    = "nic"
            primary = true
            ip_configuration {
              name                                   = "internal"
              primary                                = true
              subnet_id                              = azurerm_subnet.workers.id
              load_balancer_backend_address_pool_ids = [azurerm_lb_backend_address_pool.pool.id]
            }
          }
        }
        resource "azurerm_virtual_machine_scale_set_extension" "health" {
          name                         = "health"
          virtual_machine_scale_set_id = azurerm_linux_virtual_machine_scale_set.gpu.id
          publisher                    = "Microsoft.ManagedServices"
          type                         = "ApplicationHealthLinux"
          type_handler_version         = "1.0"
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    vmss = "azurerm_linux_virtual_machine_scale_set.gpu"
    assert parents(graph, vmss) == {"azurerm_subnet.workers"}
    for part in ("azurerm_lb_backend_address_pool.pool", "azurerm_lb_probe.http", "azurerm_lb_rule.http"):
        assert graph.folded[part] == "azurerm_lb.lb"
    assert graph.folded["azurerm_virtual_machine_scale_set_extension.health"] == vmss
    # the scale set names the pool; the pool is the load balancer on the map
    assert Relation.NETWORK in relations(graph, vmss, "azurerm_lb.lb")


def test_vm_extension_nic_pool_membership_and_attached_disk_are_parts_of_the_vm(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_network_interface" "nic" {
          name                = "nic"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          ip_configuration {
            name                          = "internal"
            subnet_id                     = azurerm_subnet.workers.id
            private_ip_address_allocation = "Dynamic"
          }
        }
        resource "azurerm_linux_virtual_machine" "vm" {
          name                  = "trainer"
          resource_group_name   = azurerm_resource_group.rg.name
          location              = azurerm_resource_group.rg.location
          size                  = "Standard_NC4as_T4_v3"
          admin_username        = "azureuser"
          network_interface_ids = [azurerm_network_interface.nic.id]
          os_disk {
            caching              = "ReadWrite"
            storage_account_type = "Premium_LRS"
          }
          source_image_reference {
            publisher = "Canonical"
            offer     = "0001-com-ubuntu-server-jammy"
            sku       = "22_04-lts-gen2"
            version   = "latest"
          }
        }
        resource "azurerm_virtual_machine_extension" "aad_login" {
          name                 = "AADSSHLoginForLinux"
          virtual_machine_id   = azurerm_linux_virtual_machine.vm.id
          publisher            = "Microsoft.Azure.ActiveDirectory"
          type                 = "AADSSHLoginForLinux"
          type_handler_version = "1.0"
        }
        resource "azurerm_managed_disk" "data" {
          name                 = "datasets"
          location             = azurerm_resource_group.rg.location
          resource_group_name  = azurerm_resource_group.rg.name
          storage_account_type = "Premium_LRS"
          create_option        = "Empty"
          disk_size_gb         = 1024
        }
        resource "azurerm_virtual_machine_data_disk_attachment" "data" {
          managed_disk_id    = azurerm_managed_disk.data.id
          virtual_machine_id = azurerm_linux_virtual_machine.vm.id
          lun                = 0
          caching            = "ReadOnly"
        }
        resource "azurerm_lb" "lb" {
          name                = "lb"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          frontend_ip_configuration {
            name      = "internal"
            subnet_id = azurerm_subnet.workers.id
          }
        }
        resource "azurerm_lb_backend_address_pool" "pool" {
          name            = "pool"
          loadbalancer_id = azurerm_lb.lb.id
        }
        resource "azurerm_network_interface_backend_address_pool_association" "vm" {
          network_interface_id    = azurerm_network_interface.nic.id
          ip_configuration_name   = "internal"
          backend_address_pool_id = azurerm_lb_backend_address_pool.pool.id
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    vm = "azurerm_linux_virtual_machine.vm"
    assert graph.folded["azurerm_virtual_machine_extension.aad_login"] == vm
    assert graph.folded["azurerm_managed_disk.data"] == vm
    assert graph.folded["azurerm_virtual_machine_data_disk_attachment.data"] == vm
    assert graph.folded["azurerm_network_interface_backend_address_pool_association.vm"] == vm
    # the balancer sends traffic to the VM behind the NIC (as an AWS target group attachment does)
    assert Relation.NETWORK in relations(graph, "azurerm_lb.lb", vm)


def test_cosmos_databases_containers_and_data_role_grants_fold_into_the_account(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_cosmosdb_account" "rag" {
          name                = "cosmos-rag"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          offer_type          = "Standard"
          consistency_policy {
            consistency_level = "Session"
          }
          geo_location {
            location          = azurerm_resource_group.rg.location
            failover_priority = 0
          }
        }
        resource "azurerm_cosmosdb_sql_database" "chat" {
          name                = "chat"
          resource_group_name = azurerm_resource_group.rg.name
          account_name        = azurerm_cosmosdb_account.rag.name
        }
        resource "azurerm_cosmosdb_sql_container" "history" {
          name                = "history"
          resource_group_name = azurerm_resource_group.rg.name
          account_name        = azurerm_cosmosdb_sql_database.chat.account_name
          database_name       = azurerm_cosmosdb_sql_database.chat.name
          partition_key_paths = ["/sessionId"]
        }
        resource "azurerm_user_assigned_identity" "app" {
          name                = "id-chat"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_cosmosdb_sql_role_definition" "reader" {
          name                = "reader"
          resource_group_name = azurerm_resource_group.rg.name
          account_name        = azurerm_cosmosdb_account.rag.name
          assignable_scopes   = [azurerm_cosmosdb_account.rag.id]
          permissions {
            data_actions = ["Microsoft.DocumentDB/databaseAccounts/readMetadata"]
          }
        }
        resource "azurerm_cosmosdb_sql_role_assignment" "app" {
          resource_group_name = azurerm_resource_group.rg.name
          account_name        = azurerm_cosmosdb_account.rag.name
          role_definition_id  = azurerm_cosmosdb_sql_role_definition.reader.id
          principal_id        = azurerm_user_assigned_identity.app.principal_id
          scope               = azurerm_cosmosdb_account.rag.id
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    account = "azurerm_cosmosdb_account.rag"
    for part in ("azurerm_cosmosdb_sql_database.chat", "azurerm_cosmosdb_sql_container.history",
                 "azurerm_cosmosdb_sql_role_definition.reader", "azurerm_cosmosdb_sql_role_assignment.app"):
        assert graph.folded[part] == account, part
    assert Relation.IAM in relations(graph, "azurerm_user_assigned_identity.app", account)


def test_nat_gateway_takes_its_addresses_from_a_public_ip_prefix(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_public_ip_prefix" "egress" {
          name                = "pip-prefix"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          prefix_length       = 30
        }
        resource "azurerm_nat_gateway" "nat" {
          name                = "nat"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
        }
        resource "azurerm_nat_gateway_public_ip_prefix_association" "egress" {
          nat_gateway_id      = azurerm_nat_gateway.nat.id
          public_ip_prefix_id = azurerm_public_ip_prefix.egress.id
        }
        resource "azurerm_subnet_nat_gateway_association" "workers" {
          subnet_id      = azurerm_subnet.workers.id
          nat_gateway_id = azurerm_nat_gateway.nat.id
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    assert graph.folded["azurerm_nat_gateway_public_ip_prefix_association.egress"] == "azurerm_nat_gateway.nat"
    assert Relation.NETWORK in relations(graph, "azurerm_nat_gateway.nat", "azurerm_public_ip_prefix.egress")
    assert parents(graph, "azurerm_public_ip_prefix.egress") == {"azurerm_resource_group.rg"}


def test_entra_identities_are_one_node_outside_any_network(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azuread_application" "aks" {
          display_name = "aks-ml"
        }
        resource "azuread_service_principal" "aks" {
          client_id = azuread_application.aks.client_id
        }
        resource "azuread_service_principal_password" "aks" {
          service_principal_id = azuread_service_principal.aks.id
        }
        resource "azuread_group" "scientists" {
          display_name     = "data-scientists"
          security_enabled = true
        }
        resource "azuread_group_member" "sp" {
          group_object_id  = azuread_group.scientists.object_id
          member_object_id = azuread_service_principal.aks.object_id
        }
        resource "azurerm_role_assignment" "network" {
          scope                = azurerm_subnet.workers.id
          role_definition_name = "Network Contributor"
          principal_id         = azuread_service_principal.aks.object_id
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    sp = "azuread_service_principal.aks"
    assert graph.folded["azuread_application.aks"] == sp
    assert graph.folded["azuread_service_principal_password.aks"] == sp
    assert graph.folded["azuread_group_member.sp"] == "azuread_group.scientists"
    assert Relation.IAM in relations(graph, sp, "azuread_group.scientists")
    assert Relation.IAM in relations(graph, sp, "azurerm_subnet.workers")
    for identity in (sp, "azuread_group.scientists"):
        assert parents(graph, identity) == set(), identity


def test_api_management_backend_that_is_a_model_endpoint_is_invoked_by_the_gateway(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_cognitive_account" "openai" {
          name                = "oai-ml"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          kind                = "OpenAI"
          sku_name            = "S0"
        }
        resource "azurerm_api_management" "gateway" {
          name                = "apim-ai"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          publisher_name      = "ML"
          publisher_email     = "ml@example.com"
          sku_name            = "Developer_1"
        }
        resource "azurerm_api_management_backend" "openai" {
          name                = "openai"
          resource_group_name = azurerm_resource_group.rg.name
          api_management_name = azurerm_api_management.gateway.name
          protocol            = "http"
          url                 = "${azurerm_cognitive_account.openai.endpoint}openai"
        }
        resource "azurerm_api_management_api" "chat" {
          name                = "chat"
          resource_group_name = azurerm_resource_group.rg.name
          api_management_name = azurerm_api_management.gateway.name
          revision            = "1"
          path                = "openai"
          protocols           = ["https"]
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    assert graph.folded["azurerm_api_management_backend.openai"] == "azurerm_api_management.gateway"
    assert graph.folded["azurerm_api_management_api.chat"] == "azurerm_api_management.gateway"
    assert Relation.INVOKES in relations(graph, "azurerm_api_management.gateway", "azurerm_cognitive_account.openai")


def test_front_door_parts_fold_into_the_profile_which_invokes_the_origin_app(tmp_path):
    graph = scan(tmp_path, AZURE_BASE + """
        resource "azurerm_service_plan" "plan" {
          name                = "plan"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          os_type             = "Linux"
          sku_name            = "P1v3"
        }
        resource "azurerm_linux_web_app" "chat" {
          name                = "chat-ui"
          location            = azurerm_resource_group.rg.location
          resource_group_name = azurerm_resource_group.rg.name
          service_plan_id     = azurerm_service_plan.plan.id
          site_config {}
        }
        resource "azurerm_cdn_frontdoor_profile" "fd" {
          name                = "fd"
          resource_group_name = azurerm_resource_group.rg.name
          sku_name            = "Premium_AzureFrontDoor"
        }
        resource "azurerm_cdn_frontdoor_endpoint" "chat" {
          name                     = "chat"
          cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.fd.id
        }
        resource "azurerm_cdn_frontdoor_origin_group" "chat" {
          name                     = "chat"
          cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.fd.id
          load_balancing {}
        }
        resource "azurerm_cdn_frontdoor_origin" "chat" {
          name                           = "chat"
          cdn_frontdoor_origin_group_id  = azurerm_cdn_frontdoor_origin_group.chat.id
          host_name                      = azurerm_linux_web_app.chat.default_hostname
          certificate_name_check_enabled = true
        }
        resource "azurerm_cdn_frontdoor_route" "chat" {
          name                          = "chat"
          cdn_frontdoor_endpoint_id     = azurerm_cdn_frontdoor_endpoint.chat.id
          cdn_frontdoor_origin_group_id = azurerm_cdn_frontdoor_origin_group.chat.id
          cdn_frontdoor_origin_ids      = [azurerm_cdn_frontdoor_origin.chat.id]
          supported_protocols           = ["Https"]
          patterns_to_match             = ["/*"]
        }
        resource "azurerm_cdn_frontdoor_firewall_policy" "waf" {
          name                = "waf"
          resource_group_name = azurerm_resource_group.rg.name
          sku_name            = "Premium_AzureFrontDoor"
          mode                = "Prevention"
        }
        resource "azurerm_cdn_frontdoor_security_policy" "waf" {
          name                     = "waf"
          cdn_frontdoor_profile_id = azurerm_cdn_frontdoor_profile.fd.id
          security_policies {
            firewall {
              cdn_frontdoor_firewall_policy_id = azurerm_cdn_frontdoor_firewall_policy.waf.id
              association {
                patterns_to_match = ["/*"]
                domain {
                  cdn_frontdoor_domain_id = azurerm_cdn_frontdoor_endpoint.chat.id
                }
              }
            }
          }
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    profile = "azurerm_cdn_frontdoor_profile.fd"
    for part in ("azurerm_cdn_frontdoor_endpoint.chat", "azurerm_cdn_frontdoor_origin_group.chat",
                 "azurerm_cdn_frontdoor_origin.chat", "azurerm_cdn_frontdoor_route.chat",
                 "azurerm_cdn_frontdoor_security_policy.waf", "azurerm_cdn_frontdoor_firewall_policy.waf"):
        assert graph.folded[part] == profile, part
    assert Relation.INVOKES in relations(graph, profile, "azurerm_linux_web_app.chat")
