locals {
  cluster_name = "gpu-${var.environment}"
}

resource "azurerm_machine_learning_workspace" "ml" {
  name                    = "mlw-${local.name}-${var.instance}"
  friendly_name           = "${title(var.workload)} ${upper(var.environment)}"
  description             = "Secure workspace for the ${var.workload} computer-vision models"
  location                = azurerm_resource_group.ml.location
  resource_group_name     = azurerm_resource_group.ml.name
  application_insights_id = azurerm_application_insights.ml.id
  key_vault_id            = azurerm_key_vault.ml.id
  storage_account_id      = azurerm_storage_account.ml.id
  container_registry_id   = azurerm_container_registry.ml.id

  public_network_access_enabled  = false
  high_business_impact           = true
  v1_legacy_mode_enabled         = false
  image_build_compute_name       = local.cluster_name
  primary_user_assigned_identity = azurerm_user_assigned_identity.aml.id

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aml.id]
  }

  tags = local.tags

  depends_on = [azurerm_role_assignment.aml]
}

resource "azurerm_machine_learning_compute_cluster" "training" {
  name                          = local.cluster_name
  location                      = azurerm_resource_group.ml.location
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ml.id
  vm_priority                   = var.cluster_low_priority ? "LowPriority" : "Dedicated"
  vm_size                       = var.cluster_vm_size
  subnet_resource_id            = azurerm_subnet.this["training"].id
  node_public_ip_enabled        = false
  ssh_public_access_enabled     = false
  local_auth_enabled            = false
  description                   = "GPU training cluster (scale to zero)"

  scale_settings {
    min_node_count                       = 0
    max_node_count                       = var.cluster_max_nodes
    scale_down_nodes_after_idle_duration = "PT15M"
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aml.id]
  }

  tags = local.tags

  depends_on = [azurerm_private_endpoint.this]
}

# DELIBERATE ISSUE: node_public_ip_enabled is not set, so it defaults to true and
# the compute instance gets a public IP in the training subnet (whose NSG also
# allows SSH from the Internet).
resource "azurerm_machine_learning_compute_instance" "analyst" {
  name                          = "ci-${var.compute_instance_owner.alias}-${var.environment}"
  machine_learning_workspace_id = azurerm_machine_learning_workspace.ml.id
  virtual_machine_size          = var.compute_instance_size
  subnet_resource_id            = azurerm_subnet.this["training"].id
  authorization_type            = "personal"
  description                   = "Personal notebook VM for ${var.compute_instance_owner.alias}"

  assign_to_user {
    object_id = var.compute_instance_owner.object_id
    tenant_id = data.azurerm_client_config.current.tenant_id
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.aml.id]
  }

  tags = local.tags

  depends_on = [azurerm_private_endpoint.this]
}

resource "azurerm_monitor_diagnostic_setting" "workspace" {
  name                       = "diag-to-log-analytics"
  target_resource_id         = azurerm_machine_learning_workspace.ml.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.ml.id

  enabled_log {
    category_group = "allLogs"
  }
}
