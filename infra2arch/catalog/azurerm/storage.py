"""Catalog records for Azure storage, registries, databases, messaging and analytics (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    # --- storage accounts ----------------------------------------------------------------------
    Kind(
        "azurerm_storage_account",
        Category.STORAGE_OBJECT,
        label="Storage account",
        icon="diagrams.azure.storage.StorageAccounts",
        refs={
            "network_rules.virtual_network_subnet_ids": Relation.NETWORK,
            "network_rules.private_link_access.endpoint_resource_id": Relation.NETWORK,
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.managed_hsm_key_id": Relation.ENCRYPTS,
            "customer_managed_key.user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            # true through azurerm 4.x (and all 3.x); becomes false in 5.0. New accounts created
            # by the Azure API directly default to false, but the provider sends true.
            "allow_nested_items_to_be_public": True,
            "min_tls_version": "TLS1_2",
            "shared_access_key_enabled": True,
            "https_traffic_only_enabled": True,  # 4.x name
            "enable_https_traffic_only": True,  # 3.x name
            "infrastructure_encryption_enabled": False,
            "network_rules.default_action": "Allow",  # no network_rules block: open to all networks
        },
        live=("Microsoft.Storage:storageAccounts",),
    ),
    # Containers and shares are NODEs (like S3 and GCS buckets) linked to their account by a DATA
    # edge; the datastores of Azure ML point at them.
    Kind(
        "azurerm_storage_container",
        Category.STORAGE_OBJECT,
        label="Blob container",
        icon="diagrams.azure.storage.BlobStorage",
        refs={
            "storage_account_id": Relation.DATA,  # 4.x
            "storage_account_name": Relation.DATA,  # 3.x / early 4.x, removed in 5.0
        },
        target_relation=Relation.DATA,
        defaults={"container_access_type": "private"},
        live=("Microsoft.Storage:storageAccounts/blobServices/containers",),
    ),
    Kind(
        "azurerm_storage_share",
        Category.STORAGE_OBJECT,
        label="File share",
        icon="diagrams.azure.storage.AzureFileshares",
        refs={"storage_account_id": Relation.DATA, "storage_account_name": Relation.DATA},
        target_relation=Relation.DATA,
        live=("Microsoft.Storage:storageAccounts/fileServices/shares",),
    ),
    Kind(
        "azurerm_storage_account_network_rules",
        Category.STORAGE_CONFIG,
        label="Storage network rules",
        shape=Shape.FOLD,
        refs={
            "virtual_network_subnet_ids": Relation.NETWORK,
            "private_link_access.endpoint_resource_id": Relation.NETWORK,
        },
        parent="storage_account_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_storage_account_customer_managed_key",
        Category.STORAGE_CONFIG,
        label="Storage customer-managed key",
        shape=Shape.FOLD,
        refs={
            # 4.x: key_vault_id + key_name (+ key_version); key_vault_key_id is the late-4.x form
            "key_vault_key_id": Relation.ENCRYPTS,
            "key_vault_id": Relation.ENCRYPTS,
            "key_name": Relation.ENCRYPTS,
            "managed_hsm_key_id": Relation.ENCRYPTS,
            "user_assigned_identity_id": Relation.IAM,
        },
        parent="storage_account_id",
        bridge=("storage_account_id", "key_vault_key_id", Relation.ENCRYPTS),
        name_attr=None,
        free=True,
    ),
    # --- registries ----------------------------------------------------------------------------
    Kind(
        "azurerm_container_registry",
        Category.STORAGE_REGISTRY,
        label="Container registry",
        icon="diagrams.azure.compute.ContainerRegistries",
        refs={
            "encryption.key_vault_key_id": Relation.ENCRYPTS,
            "encryption.identity_client_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "admin_enabled": False,
            "public_network_access_enabled": True,
            "anonymous_pull_enabled": False,
            "network_rule_set.default_action": "Allow",
            "network_rule_bypass_option": "AzureServices",
        },
        live=("Microsoft.ContainerRegistry:registries",),
    ),
    # --- databases -----------------------------------------------------------------------------
    Kind(
        "azurerm_cosmosdb_account",
        Category.STORAGE_DATABASE,
        label="Cosmos DB account",
        icon="diagrams.azure.database.CosmosDb",
        refs={
            "key_vault_key_id": Relation.ENCRYPTS,
            "managed_hsm_key_id": Relation.ENCRYPTS,
            "virtual_network_rule.id": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "is_virtual_network_filter_enabled": False,
            "local_authentication_disabled": False,  # 4.x name
            "local_authentication_enabled": True,  # late-4.x / 5.0 name
            "access_key_metadata_writes_enabled": True,
            "minimal_tls_version": "Tls12",
        },
        live=("Microsoft.DocumentDB:databaseAccounts",),
    ),
    Kind(
        "azurerm_mssql_server",
        Category.STORAGE_DATABASE,
        label="Azure SQL server",
        icon="diagrams.azure.database.SQLServers",
        refs={
            "transparent_data_encryption_key_vault_key_id": Relation.ENCRYPTS,
            "primary_user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "minimum_tls_version": "1.2",
            "outbound_network_restriction_enabled": False,
        },
        live=("Microsoft.Sql:servers",),
    ),
    Kind(
        "azurerm_mssql_database",
        Category.STORAGE_DATABASE,
        label="Azure SQL database",
        shape=Shape.FOLD,
        icon="diagrams.azure.database.SQLDatabases",
        refs={
            "transparent_data_encryption_key_vault_key_id": Relation.ENCRYPTS,
            "elastic_pool_id": Relation.DEPENDS,
        },
        parent="server_id",
        target_relation=Relation.DATA,
        live=("Microsoft.Sql:servers/databases",),
    ),
    Kind(
        "azurerm_postgresql_flexible_server",
        Category.STORAGE_DATABASE,
        label="PostgreSQL flexible server",
        icon="diagrams.azure.database.DatabaseForPostgresqlServers",
        refs={
            "private_dns_zone_id": Relation.NETWORK,
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.primary_user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        # VNet-injected when delegated_subnet_id is set; public_network_access_enabled is
        # computed from it (no static default)
        placement=("delegated_subnet_id", "resource_group_name"),
        target_relation=Relation.DATA,
        live=("Microsoft.DBforPostgreSQL:flexibleServers",),
    ),
    Kind(
        "azurerm_redis_cache",
        Category.STORAGE_DATABASE,
        label="Azure Cache for Redis",
        icon="diagrams.azure.database.CacheForRedis",
        refs={"identity.identity_ids": Relation.IAM},
        placement=("subnet_id", "resource_group_name"),
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "non_ssl_port_enabled": False,  # 4.x name
            "enable_non_ssl_port": False,  # 3.x name
            "minimum_tls_version": "1.2",
            "access_keys_authentication_enabled": True,
        },
        live=("Microsoft.Cache:redis",),
    ),
    # --- messaging -----------------------------------------------------------------------------
    Kind(
        "azurerm_eventhub_namespace",
        Category.STORAGE_QUEUE,
        label="Event Hubs namespace",
        icon="diagrams.azure.analytics.EventHubs",
        refs={
            "network_rulesets.virtual_network_rule.subnet_id": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "local_authentication_enabled": True,
            "minimum_tls_version": "1.2",
        },
        live=("Microsoft.EventHub:namespaces",),
    ),
    Kind(
        "azurerm_servicebus_namespace",
        Category.STORAGE_QUEUE,
        label="Service Bus namespace",
        icon="diagrams.azure.integration.ServiceBus",
        refs={
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.identity_id": Relation.IAM,
            "network_rule_set.network_rules.subnet_id": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "local_auth_enabled": True,
            "minimum_tls_version": "1.2",
        },
        live=("Microsoft.ServiceBus:namespaces",),
    ),
    Kind(
        "azurerm_servicebus_topic",
        Category.STORAGE_QUEUE,
        label="Service Bus topic",
        shape=Shape.FOLD,
        parent="namespace_id",
        live=("Microsoft.ServiceBus:namespaces/topics",),
        free=True,
    ),
    Kind(
        # events of one Azure resource (a storage account's blob-created events, for airlocks and
        # ingestion pipelines)
        "azurerm_eventgrid_system_topic",
        Category.STORAGE_QUEUE,
        label="Event Grid system topic",
        icon="diagrams.azure.integration.SystemTopic",
        refs={"source_arm_resource_id": Relation.DEPENDS, "source_resource_id": Relation.DEPENDS,
              "identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.EventGrid:systemTopics",),
    ),
    Kind(
        "azurerm_eventgrid_event_subscription",
        Category.STORAGE_QUEUE,
        label="Event Grid subscription",
        icon="diagrams.azure.integration.EventGridSubscriptions",
        refs={
            "scope": Relation.DEPENDS,
            "service_bus_topic_endpoint_id": Relation.DATA,
            "service_bus_queue_endpoint_id": Relation.DATA,
            "azure_function_endpoint.function_id": Relation.INVOKES,
            "storage_queue_endpoint.storage_account_id": Relation.DATA,
            "eventhub_endpoint_id": Relation.DATA,
            "webhook_endpoint.url": Relation.INVOKES,
            "delivery_identity.user_assigned_identity": Relation.IAM,
        },
        live=("Microsoft.EventGrid:eventSubscriptions",),
    ),
    Kind(
        "azurerm_recovery_services_vault",
        Category.STORAGE_OBJECT,
        label="Recovery Services vault",
        icon="diagrams.azure.storage.RecoveryServicesVaults",
        refs={"encryption.key_id": Relation.ENCRYPTS, "identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"public_network_access_enabled": True, "soft_delete_enabled": True},
        live=("Microsoft.RecoveryServices:vaults",),
    ),
    *(Kind(tf_type, Category.STORAGE_CONFIG, label, shape=Shape.FOLD, parent=parent, free=True,
           refs={"source_storage_account_id": Relation.DATA, "storage_account_id": Relation.DATA,
                 "source_vm_id": Relation.DATA})
      for tf_type, label, parent in (
          ("azurerm_backup_policy_vm", "VM backup policy", "recovery_vault_name"),
          ("azurerm_backup_policy_file_share", "File share backup policy", "recovery_vault_name"),
          ("azurerm_backup_container_storage_account", "Backup storage container", "recovery_vault_name"),
          ("azurerm_backup_protected_file_share", "Protected file share", "recovery_vault_name"),
          ("azurerm_backup_protected_vm", "Protected VM", "recovery_vault_name"),
      )),
    # --- analytics -----------------------------------------------------------------------------
    Kind(
        "azurerm_data_factory",
        Category.ML_PIPELINE,
        label="Data Factory",
        icon="diagrams.azure.analytics.DataFactories",
        refs={
            "customer_managed_key_id": Relation.ENCRYPTS,
            "customer_managed_key_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "purview_id": Relation.DEPENDS,
        },
        placement=_RG,
        defaults={"public_network_enabled": True, "managed_virtual_network_enabled": False},
        live=("Microsoft.DataFactory:factories",),
    ),
    Kind(
        "azurerm_synapse_workspace",
        Category.STORAGE_WAREHOUSE,
        label="Synapse workspace",
        icon="diagrams.azure.analytics.AzureSynapseAnalytics",
        refs={
            "storage_data_lake_gen2_filesystem_id": Relation.DATA,
            "customer_managed_key.key_versionless_id": Relation.ENCRYPTS,
            "customer_managed_key.user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "purview_id": Relation.DEPENDS,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "managed_virtual_network_enabled": False,
            "data_exfiltration_protection_enabled": False,
        },
        live=("Microsoft.Synapse:workspaces",),
    ),
    Kind(
        "azurerm_databricks_workspace",
        Category.ML_WORKSPACE,
        label="Databricks workspace",
        icon="diagrams.azure.analytics.Databricks",
        refs={
            "managed_services_cmk_key_vault_key_id": Relation.ENCRYPTS,
            "managed_disk_cmk_key_vault_key_id": Relation.ENCRYPTS,
            "custom_parameters.public_subnet_name": Relation.NETWORK,
            "custom_parameters.private_subnet_name": Relation.NETWORK,
            "custom_parameters.public_subnet_network_security_group_association_id": Relation.NETWORK,
            "custom_parameters.private_subnet_network_security_group_association_id": Relation.NETWORK,
        },
        placement=("custom_parameters.virtual_network_id", "resource_group_name"),
        defaults={
            "public_network_access_enabled": True,
            # true from azurerm 4.0 (secure cluster connectivity); false in 3.x
            "custom_parameters.no_public_ip": True,
        },
        live=("Microsoft.Databricks:workspaces",),
    ),
)
