data "azurerm_client_config" "current" {}

locals {
  name    = "${var.workload}-${var.environment}"
  compact = "${var.workload}${var.environment}${var.instance}"

  tags = merge(var.tags, {
    workload    = var.workload
    environment = var.environment
    managed-by  = "terraform"
    data-class  = "hbi"
  })
}

resource "azurerm_resource_group" "ml" {
  name     = "rg-${local.name}-ml-${var.instance}"
  location = var.location
  tags     = local.tags
}

resource "azurerm_log_analytics_workspace" "ml" {
  name                = "log-${local.name}-${var.instance}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_days
  tags                = local.tags
}

resource "azurerm_application_insights" "ml" {
  name                = "appi-${local.name}-${var.instance}"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  workspace_id        = azurerm_log_analytics_workspace.ml.id
  application_type    = "web"
  tags                = local.tags
}
