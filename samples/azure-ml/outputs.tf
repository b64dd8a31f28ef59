output "resource_group" {
  description = "Resource group that holds the workspace."
  value       = azurerm_resource_group.ml.name
}

output "workspace_id" {
  description = "ID of the Azure ML workspace."
  value       = azurerm_machine_learning_workspace.ml.id
}

output "workspace_discovery_url" {
  description = "Discovery URL of the workspace (reachable only through the private endpoint)."
  value       = azurerm_machine_learning_workspace.ml.discovery_url
}

output "private_endpoint_ips" {
  description = "Private IP of each private endpoint."
  value       = { for key, pe in azurerm_private_endpoint.this : key => pe.private_service_connection[0].private_ip_address }
}

output "compute" {
  description = "Compute targets in the workspace."
  value = {
    cluster  = azurerm_machine_learning_compute_cluster.training.name
    instance = azurerm_machine_learning_compute_instance.analyst.name
  }
}

output "container_registry_login_server" {
  description = "Login server of the private container registry."
  value       = azurerm_container_registry.ml.login_server
}

output "bastion_dns_name" {
  description = "DNS name of the Bastion host."
  value       = azurerm_bastion_host.ml.dns_name
}

output "identity_principal_id" {
  description = "Principal ID of the workspace's user-assigned identity."
  value       = azurerm_user_assigned_identity.aml.principal_id
}
