"""What Azure lets out and in through rules: Azure Firewall application and network rules (policy rule
collection groups and classic collections) on the subnets routed through the firewall, NSG outbound
rules that deny the Internet service tag (and the service tags they still allow), and the ports an
NSG's Internet rule opens on an exposed VM."""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.egress_rules import covers, firewall_rules
from infra2arch.annotate.zones import annotate_network
from infra2arch.graph import build_graph
from infra2arch.model import Unknown
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

HUB = r'''
provider "azurerm" {
  features {}
}
resource "azurerm_resource_group" "rg" {
  name     = "rg-ml"
  location = "eastus"
}
resource "azurerm_virtual_network" "hub" {
  name                = "vnet-hub"
  address_space       = ["10.0.0.0/16"]
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
}
resource "azurerm_subnet" "fw" {
  name                 = "AzureFirewallSubnet"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.0.0.0/26"]
}
resource "azurerm_subnet" "training" {
  name                 = "training"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.0.1.0/24"]
}
resource "azurerm_subnet" "web" {
  name                 = "web"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.hub.name
  address_prefixes     = ["10.0.2.0/24"]
}
resource "azurerm_public_ip" "fw" {
  name                = "pip-fw"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  allocation_method   = "Static"
  sku                 = "Standard"
}
resource "azurerm_firewall_policy" "policy" {
  name                = "fw-policy"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
}
resource "azurerm_firewall_policy_rule_collection_group" "egress" {
  name               = "egress"
  firewall_policy_id = azurerm_firewall_policy.policy.id
  priority           = 200
  application_rule_collection {
    name     = "ml-outbound"
    priority = 100
    action   = "Allow"
    rule {
      name = "aml"
      protocols {
        type = "Https"
        port = 443
      }
      source_addresses  = ["10.0.1.0/24"]
      destination_fqdns = ["*.api.azureml.ms", "pypi.org", "files.pythonhosted.org"]
    }
    rule {
      name = "windows-update"
      protocols {
        type = "Https"
        port = 443
      }
      source_addresses      = ["*"]
      destination_fqdn_tags = ["WindowsUpdate"]
    }
  }
  network_rule_collection {
    name     = "net-outbound"
    priority = 200
    action   = "Allow"
    rule {
      name                  = "storage"
      protocols             = ["TCP"]
      source_addresses      = ["10.0.1.0/24"]
      destination_addresses = ["Storage.EastUS"]
      destination_ports     = ["443"]
    }
  }
}
resource "azurerm_firewall" "fw" {
  name                = "fw"
  location            = azurerm_resource_group.rg.location
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
resource "azurerm_firewall_application_rule_collection" "classic" {
  name                = "classic-app"
  azure_firewall_name = azurerm_firewall.fw.name
  resource_group_name = azurerm_resource_group.rg.name
  priority            = 300
  action              = "Allow"
  rule {
    name             = "github"
    source_addresses = ["10.0.2.0/24"]
    target_fqdns     = ["github.com", "*.githubusercontent.com"]
    protocol {
      port = "443"
      type = "Https"
    }
  }
}
resource "azurerm_route_table" "training" {
  name                = "rt-training"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  route {
    name                   = "default"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = azurerm_firewall.fw.ip_configuration[0].private_ip_address
  }
}
resource "azurerm_subnet_route_table_association" "training" {
  subnet_id      = azurerm_subnet.training.id
  route_table_id = azurerm_route_table.training.id
}
resource "azurerm_network_security_group" "web" {
  name                = "nsg-web"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  security_rule {
    name                       = "https-from-internet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "lb-probe"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "AzureLoadBalancer"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "to-storage"
    priority                   = 120
    direction                  = "Outbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "Storage"
  }
  security_rule {
    name                       = "deny-internet-out"
    priority                   = 4000
    direction                  = "Outbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "*"
    destination_address_prefix = "Internet"
  }
}
resource "azurerm_subnet_network_security_group_association" "web" {
  subnet_id                 = azurerm_subnet.web.id
  network_security_group_id = azurerm_network_security_group.web.id
}
resource "azurerm_public_ip" "web" {
  name                = "pip-web"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  allocation_method   = "Static"
  sku                 = "Standard"
}
resource "azurerm_network_interface" "web" {
  name                = "nic-web"
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
  ip_configuration {
    name                          = "ip"
    subnet_id                     = azurerm_subnet.web.id
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.web.id
  }
}
resource "azurerm_linux_virtual_machine" "web" {
  name                  = "vm-web"
  location              = azurerm_resource_group.rg.location
  resource_group_name   = azurerm_resource_group.rg.name
  size                  = "Standard_D2s_v5"
  admin_username        = "azureuser"
  network_interface_ids = [azurerm_network_interface.web.id]
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
'''


def scan(tmp_path: Path, text: str):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    zones, _, exposures = annotate_network(graph)
    return graph, zones, {e.asset: e for e in exposures}


def test_firewall_rules_are_read_from_policy_groups_and_classic_collections(tmp_path):
    graph, _, _ = scan(tmp_path, HUB)
    rules = {r.rule: r for r in firewall_rules(graph)}
    assert set(rules) == {"ml-outbound/aml", "ml-outbound/windows-update", "net-outbound/storage", "classic-app/github"}
    # the policy's and the classic collection's rules both belong to the firewall that uses them
    assert {r.firewall for r in rules.values()} == {"azurerm_firewall.fw"}
    aml = rules["ml-outbound/aml"]
    assert aml.kind == "application" and aml.action == "Allow" and aml.ports == "Https:443"
    assert aml.destinations == ("*.api.azureml.ms", "pypi.org", "files.pythonhosted.org")
    assert rules["ml-outbound/windows-update"].destinations == ("FQDN tag WindowsUpdate",)
    assert rules["classic-app/github"].destinations == ("github.com", "*.githubusercontent.com")
    storage = rules["net-outbound/storage"]
    assert storage.kind == "network" and storage.destinations == ("Storage.EastUS",) and storage.ports == "TCP 443"
    # network rules are evaluated before application rules
    assert [r.rule for r in firewall_rules(graph)][0] == "net-outbound/storage"


def test_a_subnet_routed_through_the_firewall_gets_the_rules_that_cover_its_addresses(tmp_path):
    _, zones, _ = scan(tmp_path, HUB)
    training = zones["azurerm_subnet.training"]
    assert training.egress == "firewall" and training.egress_via == ("azurerm_firewall.fw",)
    text = " ".join(training.reasons)
    assert "lets out only what its rules allow" in text
    for allowed in ("*.api.azureml.ms", "pypi.org", "Storage.EastUS", "FQDN tag WindowsUpdate"):
        assert allowed in text, text
    assert "github.com" not in text   # that rule's source is the web subnet
    firewall = " ".join(zones["azurerm_firewall.fw"].reasons)
    assert "4 allow" in firewall and "github.com" in firewall and "anything no rule allows is denied" in firewall


def test_a_subnet_no_rule_covers_is_denied_and_unknown_sources_are_said(tmp_path):
    text = HUB.replace('source_addresses  = ["10.0.1.0/24"]', 'source_addresses  = ["10.9.0.0/16"]') \
        .replace('source_addresses      = ["10.0.1.0/24"]', 'source_addresses      = [var.sources]') \
        .replace('source_addresses      = ["*"]', 'source_addresses      = ["192.168.0.0/24"]')
    _, zones, _ = scan(tmp_path, 'variable "sources" {}\n' + text)
    reasons = " ".join(zones["azurerm_subnet.training"].reasons)
    assert "no rule is known to cover this subnet" in reasons
    assert "rules whose sources are not known: network rule net-outbound/storage" in reasons
    assert "pypi.org" not in reasons
    assert covers(["10.0.0.0/8"], ["10.0.1.0/24"]) is True
    assert covers(["10.0.1.5-10.0.1.9"], ["10.0.1.0/24"]) is True
    assert covers(["172.16.0.0/12"], ["10.0.1.0/24"]) is False
    assert covers([Unknown("var")], ["10.0.1.0/24"]) is None


def test_an_nsg_that_denies_the_internet_tag_closes_egress_even_for_a_public_ip(tmp_path):
    _, zones, _ = scan(tmp_path, HUB)
    web = zones["azurerm_subnet.web"]
    assert web.egress == "none" and web.egress_via == ("azurerm_network_security_group.web",)
    note = next(r for r in web.reasons if r.startswith("NSG"))
    assert "deny-internet-out, priority 4000" in note and "Storage:443 (to-storage)" in note
    # the VM's own public IP does not reopen what its subnet's NSG denies
    vm = zones["azurerm_linux_virtual_machine.web"]
    assert vm.egress == "none" and vm.egress_via == ("azurerm_network_security_group.web",)
    # without the deny rule the public IP is the way out again
    _, zones, _ = scan(tmp_path, HUB.replace('access                     = "Deny"', 'access                     = "Allow"'))
    assert zones["azurerm_linux_virtual_machine.web"].egress == "internet-gateway"
    assert zones["azurerm_subnet.web"].egress == "default-outbound"


def test_the_internet_service_tag_rule_gives_the_exposed_ports_and_the_rule(tmp_path):
    _, _, exposed = scan(tmp_path, HUB)
    vm = exposed["azurerm_linux_virtual_machine.web"]
    assert vm.ports == "443"
    assert vm.control == "azurerm_network_security_group.web (https-from-internet)"
    # an NSG that admits only service tags other than Internet leaves the VM unexposed
    _, zones, exposed = scan(tmp_path, HUB.replace('"Internet"\n    destination_address_prefix = "*"',
                                                   '"AzureLoadBalancer"\n    destination_address_prefix = "*"'))
    assert "azurerm_linux_virtual_machine.web" not in exposed
    assert any("AzureLoadBalancer" in r for r in zones["azurerm_linux_virtual_machine.web"].reasons)


def test_the_map_draws_what_the_firewall_lets_out_as_an_edge_to_the_internet(tmp_path):
    from infra2arch.views import ViewOptions, build_view

    graph, _, _ = scan(tmp_path, HUB)
    view = build_view(graph, ViewOptions(name="engineering"))
    node_of = {m: n.id for n in view.nodes for m in n.members}
    out = [e for e in view.edges if e.src == node_of["azurerm_firewall.fw"] and e.dst == "synthetic:internet"]
    assert len(out) == 1 and out[0].label.startswith("allows out: "), out
    assert "+5" in out[0].label   # 7 destinations, two named
    assert "ml-outbound/aml allows *.api.azureml.ms" in out[0].tooltip and "anything else is denied" in out[0].tooltip
    assert any(n.id == "synthetic:internet" for n in view.nodes)
    # a firewall whose rules allow nothing out draws no such edge
    denied = HUB.replace('action   = "Allow"', 'action   = "Deny"').replace('action              = "Allow"',
                                                                           'action              = "Deny"')
    graph, _, _ = scan(tmp_path, denied)
    view = build_view(graph, ViewOptions(name="engineering"))
    assert not any(e.label.startswith("allows out") for e in view.edges)


def test_a_deny_of_the_internet_evaluated_first_closes_a_later_internet_allow(tmp_path):
    deny_first = HUB.replace('''  security_rule {
    name                       = "https-from-internet"''', '''  security_rule {
    name                       = "deny-internet-in"
    priority                   = 90
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "https-from-internet"''')
    assert deny_first != HUB
    _, zones, exposed = scan(tmp_path, deny_first)
    assert "azurerm_linux_virtual_machine.web" not in exposed
    assert any("no rule from the internet" in r for r in zones["azurerm_linux_virtual_machine.web"].reasons)
    # evaluated after the allow (a higher priority number), the same deny closes nothing
    _, _, exposed = scan(tmp_path, deny_first.replace("priority                   = 90",
                                                      "priority                   = 3000"))
    assert exposed["azurerm_linux_virtual_machine.web"].ports == "443"


def test_an_nsg_on_the_network_interface_closes_the_vms_own_egress(tmp_path):
    on_nic = HUB.replace('''resource "azurerm_subnet_network_security_group_association" "web" {
  subnet_id                 = azurerm_subnet.web.id''', '''resource "azurerm_network_interface_security_group_association" "web" {
  network_interface_id      = azurerm_network_interface.web.id''')
    assert on_nic != HUB
    _, zones, exposed = scan(tmp_path, on_nic)
    vm = zones["azurerm_linux_virtual_machine.web"]
    assert vm.egress == "none" and vm.egress_via == ("azurerm_network_security_group.web",)
    assert any("on its network interface denies outbound" in r and "Storage:443" in r for r in vm.reasons)
    # the subnet itself keeps Azure's default outbound: the NSG filters only that NIC
    assert zones["azurerm_subnet.web"].egress == "default-outbound"
    # inbound, the NIC's NSG is the control that admits the internet on 443
    assert exposed["azurerm_linux_virtual_machine.web"].ports == "443"


def test_a_firewall_whose_rules_are_not_in_the_code_lets_out_what_is_not_known(tmp_path):
    start = HUB.index('resource "azurerm_firewall_policy_rule_collection_group" "egress"')
    end = HUB.index('resource "azurerm_firewall" "fw"')
    classic = HUB.index('resource "azurerm_firewall_application_rule_collection" "classic"')
    after = HUB.index('resource "azurerm_route_table" "training"')
    _, zones, _ = scan(tmp_path, HUB[:start] + HUB[end:classic] + HUB[after:])
    reasons = " ".join(zones["azurerm_subnet.training"].reasons)
    assert "no rule collection of azurerm_firewall.fw is in the scanned code: what it lets out is not known" in reasons
    assert "is denied" not in reasons
