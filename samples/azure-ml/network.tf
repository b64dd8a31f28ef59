resource "azurerm_virtual_network" "ml" {
  name                = "vnet-${local.name}-${var.instance}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  address_space       = [var.vnet_address_space]
  tags                = local.tags
}

resource "azurerm_subnet" "this" {
  for_each = var.subnets

  name                              = each.value.name
  resource_group_name               = azurerm_resource_group.ml.name
  virtual_network_name              = azurerm_virtual_network.ml.name
  address_prefixes                  = [each.value.prefix]
  private_endpoint_network_policies = each.key == "private_endpoints" ? "Disabled" : "Enabled"
}

locals {
  training_nsg_rules = [
    {
      name                       = "AllowAzureMLBatchNodeManagement"
      priority                   = 100
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_address_prefix      = "BatchNodeManagement"
      destination_port_range     = "29876-29877"
      destination_address_prefix = "VirtualNetwork"
    },
    {
      name                       = "AllowAzureMLComputeInstance"
      priority                   = 110
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_address_prefix      = "AzureMachineLearning"
      destination_port_range     = "44224"
      destination_address_prefix = "VirtualNetwork"
    },
    {
      # DELIBERATE ISSUE: SSH from the whole internet to the training subnet.
      name                       = "AllowSSHForDebugging"
      priority                   = 200
      direction                  = "Inbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_address_prefix      = var.ssh_allowed_source
      destination_port_range     = "22"
      destination_address_prefix = "VirtualNetwork"
    },
    {
      name                       = "AllowAzureMLOutbound"
      priority                   = 100
      direction                  = "Outbound"
      access                     = "Allow"
      protocol                   = "Tcp"
      source_address_prefix      = "VirtualNetwork"
      destination_port_range     = "443"
      destination_address_prefix = "AzureMachineLearning"
    },
  ]
}

resource "azurerm_network_security_group" "training" {
  name                = "nsg-${local.name}-training"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  tags                = local.tags

  dynamic "security_rule" {
    for_each = local.training_nsg_rules
    content {
      name                       = security_rule.value.name
      priority                   = security_rule.value.priority
      direction                  = security_rule.value.direction
      access                     = security_rule.value.access
      protocol                   = security_rule.value.protocol
      source_port_range          = "*"
      source_address_prefix      = security_rule.value.source_address_prefix
      destination_port_range     = security_rule.value.destination_port_range
      destination_address_prefix = security_rule.value.destination_address_prefix
    }
  }
}

resource "azurerm_network_security_group" "private_endpoints" {
  name                = "nsg-${local.name}-private-endpoints"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  tags                = local.tags

  security_rule {
    name                       = "AllowVnetHttpsInbound"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_ranges    = ["443", "445"]
    source_address_prefix      = "VirtualNetwork"
    destination_address_prefix = "VirtualNetwork"
  }

  security_rule {
    name                       = "DenyInternetInbound"
    priority                   = 4000
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "*"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_subnet_network_security_group_association" "training" {
  subnet_id                 = azurerm_subnet.this["training"].id
  network_security_group_id = azurerm_network_security_group.training.id
}

resource "azurerm_subnet_network_security_group_association" "private_endpoints" {
  subnet_id                 = azurerm_subnet.this["private_endpoints"].id
  network_security_group_id = azurerm_network_security_group.private_endpoints.id
}

# --- Bastion: the only sanctioned way in -----------------------------------------

resource "azurerm_public_ip" "bastion" {
  name                = "pip-${local.name}-bastion"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  allocation_method   = "Static"
  sku                 = "Standard"
  tags                = local.tags
}

resource "azurerm_bastion_host" "ml" {
  name                = "bas-${local.name}-${var.instance}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  sku                 = "Standard"
  tunneling_enabled   = true
  tags                = local.tags

  ip_configuration {
    name                 = "bastion"
    subnet_id            = azurerm_subnet.this["bastion"].id
    public_ip_address_id = azurerm_public_ip.bastion.id
  }
}
