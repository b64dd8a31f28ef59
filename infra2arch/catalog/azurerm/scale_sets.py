"""Catalog records for Azure virtual machine scale sets and what is attached to a VM: extensions, run
commands, availability and proximity groups (hashicorp/azurerm 3.x/4.x).

Scale sets are placed through the subnet of their NIC configuration (no separate NIC resource), and
they point at load balancer pools directly; the pools fold into their load balancer
(catalog/azurerm/load_balancing.py), so the map shows scale set -- load balancer.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_NIC = "network_interface.ip_configuration."
_VMSS_REFS = {
    _NIC + "load_balancer_backend_address_pool_ids": Relation.NETWORK,
    _NIC + "load_balancer_inbound_nat_rules_ids": Relation.NETWORK,
    _NIC + "application_gateway_backend_address_pool_ids": Relation.NETWORK,
    _NIC + "application_security_group_ids": Relation.NETWORK,
    _NIC + "public_ip_address.public_ip_prefix_id": Relation.NETWORK,
    "network_interface.network_security_group_id": Relation.NETWORK,
    "health_probe_id": Relation.DEPENDS,
    "identity.identity_ids": Relation.IAM,
    "os_disk.disk_encryption_set_id": Relation.ENCRYPTS,
    "os_disk.secure_vm_disk_encryption_set_id": Relation.ENCRYPTS,
    "data_disk.disk_encryption_set_id": Relation.ENCRYPTS,
    "boot_diagnostics.storage_account_uri": Relation.LOGS,  # a URL: inferred link
    "source_image_id": Relation.DEPENDS,
    "proximity_placement_group_id": Relation.DEPENDS,
    "secret.key_vault_id": Relation.DATA,
    "extension.protected_settings_from_key_vault.source_vault_id": Relation.DATA,
}
_VMSS_DEFAULTS = {
    "encryption_at_host_enabled": False,
    "secure_boot_enabled": False,
    "vtpm_enabled": False,
    "upgrade_mode": "Manual",
    "overprovision": True,
    "priority": "Regular",
    "network_interface.ip_forwarding_enabled": False,
}

KINDS: tuple[Kind, ...] = (
    # --- scale sets ----------------------------------------------------------------------------
    Kind(
        "azurerm_linux_virtual_machine_scale_set",
        Category.COMPUTE_VM,
        label="Linux VM scale set",
        icon="diagrams.azure.compute.VMScaleSet",
        refs=dict(_VMSS_REFS),
        placement=(_NIC + "subnet_id", "resource_group_name"),
        defaults={**_VMSS_DEFAULTS, "disable_password_authentication": True},
        live=("Microsoft.Compute:virtualMachineScaleSets#Linux",),
    ),
    Kind(
        "azurerm_windows_virtual_machine_scale_set",
        Category.COMPUTE_VM,
        label="Windows VM scale set",
        icon="diagrams.azure.compute.VMScaleSet",
        refs=dict(_VMSS_REFS),
        placement=(_NIC + "subnet_id", "resource_group_name"),
        defaults={**_VMSS_DEFAULTS, "enable_automatic_updates": True, "automatic_updates_enabled": True},
        live=("Microsoft.Compute:virtualMachineScaleSets#Windows",),
    ),
    Kind(
        # Flexible orchestration: instances are ordinary VMs that name the scale set
        "azurerm_orchestrated_virtual_machine_scale_set",
        Category.COMPUTE_VM,
        label="VM scale set (flexible)",
        icon="diagrams.azure.compute.VMScaleSet",
        refs=dict(_VMSS_REFS),
        placement=(_NIC + "subnet_id", "resource_group_name"),
        defaults={"encryption_at_host_enabled": False, "priority": "Regular"},
    ),
    Kind(
        # the legacy resource (superseded in azurerm 2.x, removed in 4.0; still in many quickstarts):
        # network_profile / storage_profile_* blocks instead of network_interface / os_disk
        "azurerm_virtual_machine_scale_set",
        Category.COMPUTE_VM,
        label="VM scale set (legacy resource)",
        icon="diagrams.azure.compute.VMScaleSet",
        refs={
            "network_profile.ip_configuration.load_balancer_backend_address_pool_ids": Relation.NETWORK,
            "network_profile.ip_configuration.load_balancer_inbound_nat_rules_ids": Relation.NETWORK,
            "network_profile.ip_configuration.application_gateway_backend_address_pool_ids": Relation.NETWORK,
            "network_profile.ip_configuration.application_security_group_ids": Relation.NETWORK,
            "network_profile.network_security_group_id": Relation.NETWORK,
            "health_probe_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
            "boot_diagnostics.storage_uri": Relation.LOGS,
            "storage_profile_image_reference.id": Relation.DEPENDS,
            "os_profile_secrets.source_vault_id": Relation.DATA,
            "proximity_placement_group_id": Relation.DEPENDS,
        },
        placement=("network_profile.ip_configuration.subnet_id", "resource_group_name"),
        defaults={"upgrade_policy_mode": "Manual", "overprovision": True, "priority": "Regular"},
        live=("Microsoft.Compute:virtualMachineScaleSets",),
    ),
    Kind(
        "azurerm_virtual_machine_scale_set_extension",
        Category.COMPUTE_VM,
        label="Scale set extension",
        shape=Shape.FOLD,
        refs={"protected_settings_from_key_vault.source_vault_id": Relation.DATA},
        parent="virtual_machine_scale_set_id",
        live=("Microsoft.Compute:virtualMachineScaleSets/extensions",),
        free=True,
    ),
    # --- what runs on a VM ---------------------------------------------------------------------
    Kind(
        # Custom Script, AAD login, monitoring agents, disk encryption …: part of the VM
        "azurerm_virtual_machine_extension",
        Category.COMPUTE_VM,
        label="VM extension",
        shape=Shape.FOLD,
        refs={"protected_settings_from_key_vault.source_vault_id": Relation.DATA},
        parent="virtual_machine_id",
        defaults={"auto_upgrade_minor_version": True, "automatic_upgrade_enabled": False},
        live=("Microsoft.Compute:virtualMachines/extensions",),
        free=True,
    ),
    Kind(
        "azurerm_virtual_machine_run_command",
        Category.COMPUTE_VM,
        label="VM run command",
        shape=Shape.FOLD,
        refs={
            "source.script_uri": Relation.DATA,
            "source.script_uri_managed_identity.object_id": Relation.IAM,
            "output_blob_uri": Relation.LOGS,
            "error_blob_uri": Relation.LOGS,
        },
        parent="virtual_machine_id",
        live=("Microsoft.Compute:virtualMachines/runCommands",),
        free=True,
    ),
    # --- placement groups: a VM or scale set names them; drawn nowhere of their own ----------------
    Kind(
        "azurerm_availability_set",
        Category.COMPUTE_VM,
        label="Availability set",
        shape=Shape.HIDDEN,
        icon="diagrams.azure.compute.AvailabilitySets",
        refs={"proximity_placement_group_id": Relation.DEPENDS},
        defaults={"managed": True, "platform_fault_domain_count": 3, "platform_update_domain_count": 5},
        live=("Microsoft.Compute:availabilitySets",),
        free=True,
    ),
    Kind(
        "azurerm_proximity_placement_group",
        Category.COMPUTE_VM,
        label="Proximity placement group",
        shape=Shape.HIDDEN,
        live=("Microsoft.Compute:proximityPlacementGroups",),
        free=True,
    ),
)
