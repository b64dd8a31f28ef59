"""Catalog records for Azure storage beyond storage.py: Data Lake Gen2 filesystems, queues and tables,
blobs and files, static websites and account policies, NetApp Files, Elastic SAN, Managed Lustre
(training scratch storage) and Backup vaults (hashicorp/azurerm 3.x/4.x).

Like blob containers, filesystems, queues and tables are nodes linked to their account by a DATA
edge (Azure ML datastores and Synapse point at them). Objects and account-level settings fold into
what holds them.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)
_ACCOUNT_REFS = {"storage_account_id": Relation.DATA, "storage_account_name": Relation.DATA}

KINDS: tuple[Kind, ...] = (
    # --- inside a storage account -------------------------------------------------------------------
    Kind(
        "azurerm_storage_data_lake_gen2_filesystem",
        Category.STORAGE_OBJECT,
        label="Data Lake Gen2 filesystem",
        icon="diagrams.azure.storage.DataLakeStorage",
        refs=dict(_ACCOUNT_REFS),
        target_relation=Relation.DATA,
    ),
    Kind(
        "azurerm_storage_data_lake_gen2_path",  # a directory and its ACLs
        Category.STORAGE_CONFIG,
        label="Data Lake directory",
        shape=Shape.FOLD,
        parent="filesystem_name",
        name_attr="path",
        free=True,
    ),
    Kind(
        "azurerm_storage_queue",
        Category.STORAGE_QUEUE,
        label="Storage queue",
        icon="diagrams.azure.storage.QueuesStorage",
        refs=dict(_ACCOUNT_REFS),
        target_relation=Relation.DATA,
        live=("Microsoft.Storage:storageAccounts/queueServices/queues",),
    ),
    Kind(
        "azurerm_storage_table",
        Category.STORAGE_DATABASE,
        label="Storage table",
        icon="diagrams.azure.storage.TableStorage",
        refs=dict(_ACCOUNT_REFS),
        target_relation=Relation.DATA,
        live=("Microsoft.Storage:storageAccounts/tableServices/tables",),
    ),
    Kind(
        "azurerm_storage_blob",  # an object uploaded by Terraform (4.x: storage_container_name)
        Category.STORAGE_OBJECT,
        label="Blob",
        shape=Shape.FOLD,
        refs={"storage_container_id": Relation.DATA, "source_uri": Relation.DATA},
        parent="storage_container_name",
        free=True,
    ),
    Kind(
        "azurerm_storage_share_file",  # 4.x: storage_share_id
        Category.STORAGE_OBJECT,
        label="File in a share",
        shape=Shape.FOLD,
        refs={"storage_share_url": Relation.DATA},
        parent="storage_share_id",
        free=True,
    ),
    Kind(
        "azurerm_storage_share_directory",
        Category.STORAGE_OBJECT,
        label="Share directory",
        shape=Shape.FOLD,
        parent="storage_share_id",
        free=True,
    ),
    Kind(
        # serves the $web container anonymously over HTTPS from the account's web endpoint
        "azurerm_storage_account_static_website",
        Category.STORAGE_CONFIG,
        label="Static website",
        shape=Shape.FOLD,
        parent="storage_account_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_storage_management_policy",  # lifecycle rules (tiering, expiry)
        Category.STORAGE_CONFIG,
        label="Storage lifecycle policy",
        shape=Shape.FOLD,
        parent="storage_account_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_storage_encryption_scope",
        Category.STORAGE_CONFIG,
        label="Storage encryption scope",
        shape=Shape.FOLD,
        refs={"key_vault_key_id": Relation.ENCRYPTS},
        parent="storage_account_id",
        bridge=("storage_account_id", "key_vault_key_id", Relation.ENCRYPTS),
        free=True,
    ),
    Kind(
        # data source: a SAS token minted at plan time (it lands in state)
        "azurerm_storage_account_sas",
        Category.SECURITY_SECRET,
        label="Storage account SAS",
        shape=Shape.HIDDEN,
        refs={"connection_string": Relation.DATA},
        name_attr=None,
        free=True,
    ),
    # --- NetApp Files: VNet-injected NFS/SMB volumes ------------------------------------------------
    Kind(
        "azurerm_netapp_account",
        Category.STORAGE_OBJECT,
        label="NetApp account",
        icon="diagrams.azure.storage.AzureNetappFiles",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.NetApp:netAppAccounts",),
    ),
    Kind(
        # provisioned capacity, billed whether or not volumes use it
        "azurerm_netapp_pool",
        Category.STORAGE_OBJECT,
        label="NetApp capacity pool",
        shape=Shape.FOLD,
        parent="account_name",
        defaults={"qos_type": "Auto", "encryption_type": "Single"},
        live=("Microsoft.NetApp:netAppAccounts/capacityPools",),
    ),
    Kind(
        "azurerm_netapp_volume",
        Category.STORAGE_OBJECT,
        label="NetApp volume",
        icon="diagrams.azure.storage.NetappFiles",
        refs={
            "account_name": Relation.DEPENDS,
            "pool_name": Relation.DEPENDS,
            "key_vault_private_endpoint_id": Relation.NETWORK,
            "create_from_snapshot_resource_id": Relation.DATA,
            "data_protection_replication.remote_volume_resource_id": Relation.DATA,
        },
        placement=("subnet_id", "resource_group_name"),
        target_relation=Relation.DATA,
        defaults={"snapshot_directory_visible": True},
        live=("Microsoft.NetApp:netAppAccounts/capacityPools/volumes",),
        free=True,  # billed on its capacity pool
    ),
    # --- Elastic SAN: iSCSI block storage reached from subnets ------------------------------------------
    Kind(
        "azurerm_elastic_san",
        Category.STORAGE_OBJECT,
        label="Elastic SAN",
        icon="diagrams.azure.other.ElasticSan",
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.ElasticSan:elasticSans",),
    ),
    Kind(
        "azurerm_elastic_san_volume_group",
        Category.STORAGE_OBJECT,
        label="Elastic SAN volume group",
        shape=Shape.FOLD,
        refs={
            "network_rule.subnet_id": Relation.NETWORK,
            "encryption.key_vault_key_id": Relation.ENCRYPTS,
            "encryption.user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
        },
        parent="elastic_san_id",
        defaults={"encryption_type": "EncryptionAtRestWithPlatformKey", "protocol_type": "Iscsi"},
        live=("Microsoft.ElasticSan:elasticSans/volumegroups",),
        free=True,
    ),
    Kind(
        "azurerm_elastic_san_volume",
        Category.STORAGE_OBJECT,
        label="Elastic SAN volume",
        shape=Shape.FOLD,
        refs={"create_source.source_id": Relation.DATA},
        parent="volume_group_id",
        live=("Microsoft.ElasticSan:elasticSans/volumegroups/volumes",),
        free=True,
    ),
    # --- Managed Lustre: high-throughput scratch for GPU training, synced with a blob container -----------
    Kind(
        "azurerm_managed_lustre_file_system",
        Category.STORAGE_OBJECT,
        label="Managed Lustre file system",
        icon="diagrams.azure.storage.AzureHcpCache",
        refs={
            "hsm_setting.container_id": Relation.DATA,
            "hsm_setting.logging_container_id": Relation.LOGS,
            "encryption_key.source_vault_id": Relation.ENCRYPTS,
            "encryption_key.key_url": Relation.ENCRYPTS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=("subnet_id", "resource_group_name"),
        target_relation=Relation.DATA,
        live=("Microsoft.StorageCache:amlFilesystems",),
    ),
    # --- Backup vaults (Data Protection: AKS, disks, blobs, PostgreSQL) ----------------------------------
    Kind(
        "azurerm_data_protection_backup_vault",
        Category.STORAGE_OBJECT,
        label="Backup vault",
        icon="diagrams.azure.other.BackupVault",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"soft_delete": "On", "immutability": "Disabled", "retention_duration_in_days": 14},
        live=("Microsoft.DataProtection:backupVaults",),
    ),
    *(Kind(
        f"azurerm_data_protection_backup_policy_{source}",
        Category.STORAGE_CONFIG,
        label=f"{label} backup policy",
        shape=Shape.FOLD,
        parent="vault_id" if source != "kubernetes_cluster" else "vault_name",
        free=True,
    ) for source, label in (("kubernetes_cluster", "AKS"), ("disk", "Disk"), ("blob_storage", "Blob"),
                            ("postgresql_flexible_server", "PostgreSQL"))),
    # a protected resource: vault --data--> resource (the vault reads it to back it up)
    *(Kind(
        f"azurerm_data_protection_backup_instance_{source}",
        Category.STORAGE_CONFIG,
        label=f"{label} backup instance",
        shape=Shape.FOLD,
        refs={"backup_policy_id": Relation.DEPENDS, "snapshot_resource_group_name": Relation.DEPENDS},
        parent="vault_id",
        bridge=("vault_id", target, Relation.DATA),
    ) for source, label, target in (("kubernetes_cluster", "AKS", "kubernetes_cluster_id"),
                                    ("disk", "Disk", "disk_id"),
                                    ("blob_storage", "Blob", "storage_account_id"),
                                    ("postgresql_flexible_server", "PostgreSQL", "server_id"))),
)
