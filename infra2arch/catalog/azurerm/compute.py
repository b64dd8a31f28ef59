"""Catalog records for Azure compute: virtual machines, AKS, App Service / Functions and container apps (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)
_VM_REFS = {
    "network_interface_ids": Relation.NETWORK,
    "identity.identity_ids": Relation.IAM,
    "os_disk.disk_encryption_set_id": Relation.ENCRYPTS,
    "boot_diagnostics.storage_account_uri": Relation.LOGS,  # a URL: inferred link
}
_APP_REFS = {
    "identity.identity_ids": Relation.IAM,
    "key_vault_reference_identity_id": Relation.IAM,
}
_APP_DEFAULTS = {
    "public_network_access_enabled": True,
    "https_only": False,
    "client_certificate_enabled": False,
    "ftp_publish_basic_authentication_enabled": True,
    "webdeploy_publish_basic_authentication_enabled": True,
    "site_config.minimum_tls_version": "1.2",
}

KINDS: tuple[Kind, ...] = (
    # --- virtual machines ----------------------------------------------------------------------
    # Placed through their NICs (azurerm_network_interface.ip_configuration.subnet_id).
    Kind(
        "azurerm_linux_virtual_machine",
        Category.COMPUTE_VM,
        label="Linux VM",
        icon="diagrams.azure.compute.VMLinux",
        refs=dict(_VM_REFS),
        placement=("network_interface_ids", "resource_group_name"),
        defaults={
            "disable_password_authentication": True,
            "encryption_at_host_enabled": False,
            "secure_boot_enabled": False,
            "vtpm_enabled": False,
        },
        live=("Microsoft.Compute:virtualMachines#Linux",),
    ),
    Kind(
        "azurerm_windows_virtual_machine",
        Category.COMPUTE_VM,
        label="Windows VM",
        icon="diagrams.azure.compute.VMWindows",
        refs=dict(_VM_REFS),
        placement=("network_interface_ids", "resource_group_name"),
        defaults={
            "encryption_at_host_enabled": False,
            "secure_boot_enabled": False,
            "vtpm_enabled": False,
            "automatic_updates_enabled": True,  # late-4.x name
            "enable_automatic_updates": True,  # 4.x name
        },
        live=("Microsoft.Compute:virtualMachines#Windows",),
    ),
    Kind(
        # the legacy VM resource (deprecated in azurerm 3.x, still in many quickstarts): vm_size,
        # storage_image_reference, os_profile_windows_config / os_profile_linux_config
        "azurerm_virtual_machine",
        Category.COMPUTE_VM,
        label="VM (legacy resource)",
        icon="diagrams.azure.compute.VM",
        refs=dict(_VM_REFS),
        placement=("network_interface_ids", "resource_group_name"),
        live=("Microsoft.Compute:virtualMachines",),
    ),
    # --- AKS -----------------------------------------------------------------------------------
    Kind(
        "azurerm_kubernetes_cluster",
        Category.COMPUTE_CONTAINER,
        label="AKS cluster",
        icon="diagrams.azure.compute.KubernetesServices",
        refs={
            "default_node_pool.pod_subnet_id": Relation.NETWORK,
            "api_server_access_profile.subnet_id": Relation.NETWORK,
            "private_dns_zone_id": Relation.NETWORK,
            "ingress_application_gateway.gateway_id": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
            "kubelet_identity.user_assigned_identity_id": Relation.IAM,
            "disk_encryption_set_id": Relation.ENCRYPTS,
            "key_management_service.key_vault_key_id": Relation.ENCRYPTS,
            "oms_agent.log_analytics_workspace_id": Relation.LOGS,
            "microsoft_defender.log_analytics_workspace_id": Relation.LOGS,
        },
        placement=("default_node_pool.vnet_subnet_id", "resource_group_name"),
        defaults={
            "private_cluster_enabled": False,
            "local_account_disabled": False,
            "role_based_access_control_enabled": True,
            "azure_policy_enabled": False,
            "sku_tier": "Free",
            "default_node_pool.node_public_ip_enabled": False,  # 4.x name
            "default_node_pool.enable_node_public_ip": False,  # 3.x name
            "default_node_pool.host_encryption_enabled": False,  # 4.x name
            "default_node_pool.enable_host_encryption": False,  # 3.x name
        },
        live=("Microsoft.ContainerService:managedClusters",),
    ),
    Kind(
        # cluster extensions; microsoft.azureml.kubernetes makes the cluster an Azure ML compute target
        "azurerm_kubernetes_cluster_extension",
        Category.COMPUTE_CONTAINER,
        label="AKS extension",
        shape=Shape.FOLD,
        icon="diagrams.azure.compute.KubernetesServices",
        parent="cluster_id",
        live=("Microsoft.KubernetesConfiguration:extensions",),
    ),
    Kind(
        "azurerm_kubernetes_cluster_node_pool",
        Category.COMPUTE_CONTAINER,
        label="AKS node pool",
        shape=Shape.FOLD,
        icon="diagrams.azure.compute.VMScaleSets",
        refs={"pod_subnet_id": Relation.NETWORK},
        placement=("vnet_subnet_id",),
        parent="kubernetes_cluster_id",
        defaults={
            "node_public_ip_enabled": False,  # 4.x name
            "enable_node_public_ip": False,  # 3.x name
            "host_encryption_enabled": False,
            "enable_host_encryption": False,
        },
        live=("Microsoft.ContainerService:managedClusters/agentPools",),
    ),
    # --- App Service and Functions -------------------------------------------------------------
    Kind(
        "azurerm_service_plan",
        Category.COMPUTE_VM,
        label="App Service plan",
        icon="diagrams.azure.appservices.AppServicePlans",
        refs={"app_service_environment_id": Relation.DEPENDS},
        placement=_RG,
        live=("Microsoft.Web:serverfarms",),
    ),
    Kind(
        "azurerm_linux_function_app",
        Category.COMPUTE_FUNCTION,
        label="Function app",
        icon="diagrams.azure.compute.FunctionApps",
        refs={
            **_APP_REFS,
            "service_plan_id": Relation.DEPENDS,
            "storage_account_name": Relation.DATA,
            "storage_key_vault_secret_id": Relation.DATA,
        },
        placement=("virtual_network_subnet_id", "resource_group_name"),  # VNet integration
        target_relation=Relation.INVOKES,
        defaults=dict(_APP_DEFAULTS),
        live=("Microsoft.Web:sites#functionapp,linux",),
    ),
    Kind(
        "azurerm_function_app",  # deprecated in 3.x/4.x, removed in 5.0
        Category.COMPUTE_FUNCTION,
        label="Function app (legacy)",
        icon="diagrams.azure.compute.FunctionApps",
        refs={
            **_APP_REFS,
            "app_service_plan_id": Relation.DEPENDS,
            "storage_account_name": Relation.DATA,
        },
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={"https_only": False},
    ),
    Kind(
        "azurerm_linux_web_app",
        Category.COMPUTE_FUNCTION,
        label="Web app",
        icon="diagrams.azure.appservices.AppServices",
        refs={**_APP_REFS, "service_plan_id": Relation.DEPENDS},
        placement=("virtual_network_subnet_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults=dict(_APP_DEFAULTS),
        live=("Microsoft.Web:sites#app,linux",),
    ),
    Kind(
        "azurerm_windows_web_app",
        Category.COMPUTE_FUNCTION,
        label="Web app (Windows)",
        icon="diagrams.azure.appservices.AppServices",
        refs={**_APP_REFS, "service_plan_id": Relation.DEPENDS},
        placement=("virtual_network_subnet_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults=dict(_APP_DEFAULTS),
        live=("Microsoft.Web:sites#app",),
    ),
    Kind(
        "azurerm_windows_function_app",
        Category.COMPUTE_FUNCTION,
        label="Function app (Windows)",
        icon="diagrams.azure.compute.FunctionApps",
        refs={
            **_APP_REFS,
            "service_plan_id": Relation.DEPENDS,
            "storage_account_name": Relation.DATA,
            "storage_key_vault_secret_id": Relation.DATA,
        },
        placement=("virtual_network_subnet_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults=dict(_APP_DEFAULTS),
        live=("Microsoft.Web:sites#functionapp",),
    ),
    Kind(
        "azurerm_app_service",  # deprecated in 3.x, removed in 4.0 (azurerm_linux_web_app / azurerm_windows_web_app)
        Category.COMPUTE_FUNCTION,
        label="App Service (legacy)",
        icon="diagrams.azure.appservices.AppServices",
        refs={**_APP_REFS, "app_service_plan_id": Relation.DEPENDS},
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={"https_only": False},
    ),
    # --- containers ----------------------------------------------------------------------------
    Kind(
        "azurerm_container_app_environment",
        Category.COMPUTE_CONTAINER,
        label="Container Apps environment",
        icon="diagrams.azure.other.ContainerAppsEnvironments",
        refs={"log_analytics_workspace_id": Relation.LOGS},
        placement=("infrastructure_subnet_id", "resource_group_name"),
        defaults={"internal_load_balancer_enabled": False, "zone_redundancy_enabled": False},
        live=("Microsoft.App:managedEnvironments",),
    ),
    Kind(
        "azurerm_container_app",
        Category.COMPUTE_CONTAINER,
        label="Container app",
        icon="diagrams.azure.compute.ContainerApps",
        refs={
            "container_app_environment_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
            "registry.identity": Relation.IAM,
            "secret.key_vault_secret_id": Relation.DATA,
            "secret.identity": Relation.IAM,
        },
        # placed through its environment, which carries the subnet
        placement=("container_app_environment_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults={"ingress.external_enabled": False, "ingress.allow_insecure_connections": False},
        live=("Microsoft.App:containerApps",),
    ),
    Kind(
        "azurerm_container_group",
        Category.COMPUTE_CONTAINER,
        label="Container instance group",
        icon="diagrams.azure.compute.ContainerInstances",
        refs={
            "identity.identity_ids": Relation.IAM,
            "key_vault_key_id": Relation.ENCRYPTS,
            "key_vault_user_assigned_identity_id": Relation.IAM,
            "image_registry_credential.user_assigned_identity_id": Relation.IAM,
            "diagnostics.log_analytics.workspace_id": Relation.LOGS,
        },
        placement=("subnet_ids", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults={"ip_address_type": "Public"},
        live=("Microsoft.ContainerInstance:containerGroups",),
    ),
)
