"""Catalog records for Azure Batch (pools of GPU/CPU nodes for training and inference jobs), Databricks
access connectors and workspace keys, App Configuration, Analysis Services and Health Data Services
(hashicorp/azurerm 3.x/4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    # --- Azure Batch ---------------------------------------------------------------------------
    Kind(
        "azurerm_batch_account",
        Category.ML_COMPUTE,
        label="Batch account",
        icon="diagrams.azure.compute.BatchAccounts",
        refs={
            "storage_account_id": Relation.DATA,  # auto-storage: application packages and task files
            "storage_account_node_identity": Relation.IAM,
            "key_vault_reference.id": Relation.DATA,  # UserSubscription pool allocation keeps keys there
            "encryption.key_vault_key_id": Relation.ENCRYPTS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        defaults={
            "public_network_access_enabled": True,
            "pool_allocation_mode": "BatchService",
            "network_profile.account_access.default_action": "Allow",
        },
        live=("Microsoft.Batch:batchAccounts",),
        free=True,  # the pools' VMs are what is billed
    ),
    Kind(
        # the nodes: VNet-injected through network_configuration.subnet_id, with public IPs unless
        # public_address_provisioning_type = NoPublicIPAddresses
        "azurerm_batch_pool",
        Category.ML_COMPUTE,
        label="Batch pool",
        icon="diagrams.azure.compute.VMScaleSets",
        refs={
            "account_name": Relation.DEPENDS,
            "network_configuration.public_ips": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
            "container_configuration.container_registries.user_assigned_identity_id": Relation.IAM,
            "start_task.resource_file.user_assigned_identity_id": Relation.IAM,
            "start_task.resource_file.storage_container_url": Relation.DATA,
            "start_task.resource_file.http_url": Relation.DATA,
            "mount.azure_blob_file_system.account_name": Relation.DATA,
            "mount.azure_blob_file_system.identity_id": Relation.IAM,
            "mount.azure_file_share.account_name": Relation.DATA,
            "storage_image_reference.id": Relation.DEPENDS,
        },
        placement=("network_configuration.subnet_id", "resource_group_name"),
        defaults={"inter_node_communication": "Enabled", "max_tasks_per_node": 1},
        live=("Microsoft.Batch:batchAccounts/pools",),
    ),
    Kind(
        "azurerm_batch_application",
        Category.ML_COMPUTE,
        label="Batch application package",
        shape=Shape.FOLD,
        parent="account_name",
        free=True,
    ),
    Kind(
        "azurerm_batch_certificate",
        Category.SECURITY_SECRET,
        label="Batch certificate",
        shape=Shape.FOLD,
        parent="account_name",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_batch_job",
        Category.ML_TRAINING,
        label="Batch job",
        shape=Shape.FOLD,
        parent="batch_pool_id",
        free=True,
    ),
    # --- Databricks ----------------------------------------------------------------------------
    Kind(
        # the managed identity Unity Catalog uses to reach storage: grant it, and Databricks reads the lake
        "azurerm_databricks_access_connector",
        Category.IAM_ROLE,
        label="Databricks access connector",
        icon="diagrams.azure.analytics.Databricks",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.IAM,
        live=("Microsoft.Databricks:accessConnectors",),
        free=True,
    ),
    *(Kind(
        tf_type,
        Category.STORAGE_CONFIG,
        label=label,
        shape=Shape.FOLD,
        refs={"key_vault_key_id": Relation.ENCRYPTS, "key_vault_id": Relation.ENCRYPTS},
        parent="workspace_id",
        bridge=("workspace_id", "key_vault_key_id", Relation.ENCRYPTS),
        name_attr=None,
        free=True,
    ) for tf_type, label in (
        ("azurerm_databricks_workspace_customer_managed_key", "Databricks workspace customer-managed key"),
        ("azurerm_databricks_workspace_root_dbfs_customer_managed_key", "Databricks DBFS customer-managed key"),
    )),
    Kind(
        "azurerm_databricks_virtual_network_peering",
        Category.NETWORK_ROUTE,
        label="Databricks VNet peering",
        shape=Shape.FOLD,
        parent="workspace_id",
        bridge=("workspace_id", "remote_virtual_network_id", Relation.NETWORK),
        free=True,
    ),
    # --- configuration and analytics -----------------------------------------------------------------
    Kind(
        "azurerm_app_configuration",
        Category.SECURITY_SECRET,  # settings and Key Vault references read by apps at start-up
        label="App Configuration store",
        icon="diagrams.azure.integration.AppConfiguration",
        refs={
            "encryption.key_vault_key_identifier": Relation.ENCRYPTS,
            "encryption.identity_client_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"local_auth_enabled": True, "purge_protection_enabled": False, "sku": "free"},
        live=("Microsoft.AppConfiguration:configurationStores",),
    ),
    Kind(
        "azurerm_app_configuration_key",
        Category.SECURITY_SECRET,
        label="App Configuration key",
        shape=Shape.FOLD,
        refs={"vault_key_reference": Relation.DATA},
        parent="configuration_store_id",
        name_attr="key",
        free=True,
    ),
    Kind(
        "azurerm_app_configuration_feature",
        Category.SECURITY_SECRET,
        label="Feature flag",
        shape=Shape.FOLD,
        parent="configuration_store_id",
        free=True,
    ),
    Kind(
        "azurerm_analysis_services_server",
        Category.STORAGE_WAREHOUSE,
        label="Analysis Services server",
        icon="diagrams.azure.analytics.AnalysisServices",
        refs={"backup_blob_container_uri": Relation.DATA},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"querypool_connection_mode": "All"},
        live=("Microsoft.AnalysisServices:servers",),
    ),
    # --- Health Data Services (FHIR / DICOM): regulated clinical data ----------------------------------
    Kind(
        "azurerm_healthcare_workspace",
        Category.STORAGE_DATABASE,
        label="Health Data Services workspace",
        icon="diagrams.azure.integration.APIForFhir",
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.HealthcareApis:workspaces",),
        free=True,
    ),
    Kind(
        "azurerm_healthcare_fhir_service",
        Category.STORAGE_DATABASE,
        label="FHIR service",
        shape=Shape.FOLD,
        refs={
            "configuration_export_storage_account_name": Relation.DATA,
            "container_registry_login_server_url": Relation.DATA,
            "identity.identity_ids": Relation.IAM,
            "access_policy_object_ids": Relation.IAM,
        },
        parent="workspace_id",
        target_relation=Relation.DATA,
        defaults={"kind": "fhir-R4"},
        live=("Microsoft.HealthcareApis:workspaces/fhirservices",),
    ),
    Kind(
        "azurerm_healthcare_dicom_service",
        Category.STORAGE_DATABASE,
        label="DICOM service",
        shape=Shape.FOLD,
        refs={
            "storage.storage_account_id": Relation.DATA,
            "encryption_key_url": Relation.ENCRYPTS,
            "identity.identity_ids": Relation.IAM,
        },
        parent="workspace_id",
        target_relation=Relation.DATA,
        defaults={"public_network_access_enabled": True},
        live=("Microsoft.HealthcareApis:workspaces/dicomservices",),
    ),
)
