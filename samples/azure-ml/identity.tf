resource "azurerm_user_assigned_identity" "aml" {
  name                = "id-${local.name}-aml"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  tags                = local.tags
}

locals {
  aml_role_assignments = {
    storage-blob = {
      scope = azurerm_storage_account.ml.id
      role  = "Storage Blob Data Contributor"
    }
    storage-account = {
      scope = azurerm_storage_account.ml.id
      role  = "Storage Account Contributor"
    }
    storage-file = {
      scope = azurerm_storage_account.ml.id
      role  = "Storage File Data Privileged Contributor"
    }
    registry = {
      scope = azurerm_container_registry.ml.id
      role  = "AcrPush"
    }
    key-vault = {
      scope = azurerm_key_vault.ml.id
      role  = "Key Vault Administrator"
    }
    resource-group = {
      scope = azurerm_resource_group.ml.id
      role  = "Contributor"
    }
  }
}

resource "azurerm_role_assignment" "aml" {
  for_each = local.aml_role_assignments

  scope                = each.value.scope
  role_definition_name = each.value.role
  principal_id         = azurerm_user_assigned_identity.aml.principal_id
  principal_type       = "ServicePrincipal"
}
