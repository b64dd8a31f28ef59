"""Catalog records for Azure managed disks, disk encryption sets, snapshots, images and compute
galleries (hashicorp/azurerm 3.x/4.x).

A data disk is part of the VM it is attached to: the attachment folds into the VM and the disk folds
into the attachment (so into the VM). A disk encryption set is the customer-managed key of every
disk that names it: a node that VMs, scale sets, AKS and disks point at with an ENCRYPTS edge.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)
# a disk or snapshot can be exported through a SAS URL: from anywhere unless these say otherwise
_EXPORT_DEFAULTS = {"public_network_access_enabled": True, "network_access_policy": "AllowAll"}

KINDS: tuple[Kind, ...] = (
    Kind(
        "azurerm_managed_disk",
        Category.STORAGE_OBJECT,
        label="Managed disk",
        icon="diagrams.azure.compute.Disks",
        refs={
            "disk_encryption_set_id": Relation.ENCRYPTS,
            "secure_vm_disk_encryption_set_id": Relation.ENCRYPTS,
            "encryption_settings.disk_encryption_key.source_vault_id": Relation.ENCRYPTS,
            "encryption_settings.key_encryption_key.source_vault_id": Relation.ENCRYPTS,
            "disk_access_id": Relation.NETWORK,
            "source_resource_id": Relation.DATA,
            "storage_account_id": Relation.DATA,
            "gallery_image_reference_id": Relation.DEPENDS,
            "image_reference_id": Relation.DEPENDS,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults=dict(_EXPORT_DEFAULTS),
        live=("Microsoft.Compute:disks",),
        owned_by=(
            "azurerm_virtual_machine_data_disk_attachment.managed_disk_id",
            "azurerm_virtual_machine.storage_os_disk.managed_disk_id",
            "azurerm_virtual_machine.storage_data_disk.managed_disk_id",
        ),
    ),
    Kind(
        "azurerm_virtual_machine_data_disk_attachment",
        Category.STORAGE_CONFIG,
        label="Data disk attachment",
        shape=Shape.FOLD,
        parent="virtual_machine_id",
        bridge=("virtual_machine_id", "managed_disk_id", Relation.DATA),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_disk_encryption_set",
        Category.SECURITY_KEY,
        label="Disk encryption set",
        icon="diagrams.azure.compute.DiskEncryptionSets",
        refs={
            "key_vault_key_id": Relation.ENCRYPTS,
            "managed_hsm_key_id": Relation.ENCRYPTS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.ENCRYPTS,
        defaults={"auto_key_rotation_enabled": False, "encryption_type": "EncryptionAtRestWithCustomerKey"},
        live=("Microsoft.Compute:diskEncryptionSets",),
        free=True,
    ),
    Kind(
        # the private-link target for disk import/export (network_access_policy AllowPrivate)
        "azurerm_disk_access",
        Category.NETWORK_PRIVATE_ENDPOINT,
        label="Disk access",
        placement=_RG,
        target_relation=Relation.NETWORK,
        live=("Microsoft.Compute:diskAccesses",),
        free=True,
    ),
    Kind(
        "azurerm_snapshot",
        Category.STORAGE_OBJECT,
        label="Disk snapshot",
        icon="diagrams.azure.compute.DisksSnapshots",
        refs={
            "source_resource_id": Relation.DATA,
            "storage_account_id": Relation.DATA,
            "disk_access_id": Relation.NETWORK,
            "encryption_settings.disk_encryption_key.source_vault_id": Relation.ENCRYPTS,
            "encryption_settings.key_encryption_key.source_vault_id": Relation.ENCRYPTS,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults=dict(_EXPORT_DEFAULTS),
        live=("Microsoft.Compute:snapshots",),
    ),
    # --- images --------------------------------------------------------------------------------
    Kind(
        "azurerm_image",  # a managed image captured from a VM or disks
        Category.STORAGE_REGISTRY,
        label="VM image",
        icon="diagrams.azure.compute.Images",
        refs={
            "source_virtual_machine_id": Relation.DATA,
            "os_disk.managed_disk_id": Relation.DATA,
            "data_disk.managed_disk_id": Relation.DATA,
            "os_disk.disk_encryption_set_id": Relation.ENCRYPTS,
            "data_disk.disk_encryption_set_id": Relation.ENCRYPTS,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.Compute:images",),
    ),
    Kind(
        "azurerm_shared_image_gallery",  # Azure Compute Gallery
        Category.STORAGE_REGISTRY,
        label="Compute gallery",
        icon="diagrams.azure.compute.SharedImageGalleries",
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.Compute:galleries",),
        free=True,
    ),
    Kind(
        "azurerm_shared_image",  # an image definition in the gallery
        Category.STORAGE_REGISTRY,
        label="Image definition",
        shape=Shape.FOLD,
        parent="gallery_name",
        target_relation=Relation.DATA,
        live=("Microsoft.Compute:galleries/images",),
        free=True,
    ),
    Kind(
        # replicas are billed as storage in each target region
        "azurerm_shared_image_version",
        Category.STORAGE_REGISTRY,
        label="Image version",
        shape=Shape.FOLD,
        refs={
            "managed_image_id": Relation.DATA,
            "os_disk_snapshot_id": Relation.DATA,
            "storage_account_id": Relation.DATA,
            "target_region.disk_encryption_set_id": Relation.ENCRYPTS,
        },
        parent="gallery_name",
        target_relation=Relation.DATA,
        name_attr=None,
        live=("Microsoft.Compute:galleries/images/versions",),
    ),
)
