locals {
  private_dns_zones = {
    amlworkspace = "privatelink.api.azureml.ms"
    notebooks    = "privatelink.notebooks.azure.net"
    blob         = "privatelink.blob.core.windows.net"
    file         = "privatelink.file.core.windows.net"
    vault        = "privatelink.vaultcore.azure.net"
    registry     = "privatelink.azurecr.io"
  }

  # One private endpoint per target sub-resource; each lists the DNS zones it registers in.
  private_endpoints = {
    amlworkspace = {
      resource_id = azurerm_machine_learning_workspace.ml.id
      subresource = "amlworkspace"
      zones       = ["amlworkspace", "notebooks"]
    }
    blob = {
      resource_id = azurerm_storage_account.ml.id
      subresource = "blob"
      zones       = ["blob"]
    }
    file = {
      resource_id = azurerm_storage_account.ml.id
      subresource = "file"
      zones       = ["file"]
    }
    vault = {
      resource_id = azurerm_key_vault.ml.id
      subresource = "vault"
      zones       = ["vault"]
    }
    registry = {
      resource_id = azurerm_container_registry.ml.id
      subresource = "registry"
      zones       = ["registry"]
    }
  }
}

resource "azurerm_private_dns_zone" "this" {
  for_each = local.private_dns_zones

  name                = each.value
  resource_group_name = azurerm_resource_group.ml.name
  tags                = local.tags
}

resource "azurerm_private_dns_zone_virtual_network_link" "this" {
  for_each = azurerm_private_dns_zone.this

  name                  = "link-${each.key}-${azurerm_virtual_network.ml.name}"
  resource_group_name   = azurerm_resource_group.ml.name
  private_dns_zone_name = each.value.name
  virtual_network_id    = azurerm_virtual_network.ml.id
  registration_enabled  = false
  tags                  = local.tags
}

resource "azurerm_private_endpoint" "this" {
  for_each = local.private_endpoints

  name                          = "pe-${local.name}-${each.key}"
  location                      = azurerm_resource_group.ml.location
  resource_group_name           = azurerm_resource_group.ml.name
  subnet_id                     = azurerm_subnet.this["private_endpoints"].id
  custom_network_interface_name = "nic-pe-${local.name}-${each.key}"
  tags                          = local.tags

  private_service_connection {
    name                           = "psc-${each.key}"
    private_connection_resource_id = each.value.resource_id
    subresource_names              = [each.value.subresource]
    is_manual_connection           = false
  }

  private_dns_zone_group {
    name                 = "default"
    private_dns_zone_ids = [for zone in each.value.zones : azurerm_private_dns_zone.this[zone].id]
  }

  depends_on = [azurerm_private_dns_zone_virtual_network_link.this]
}
