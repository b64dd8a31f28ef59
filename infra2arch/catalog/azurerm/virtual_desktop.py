"""Catalog records for Azure Virtual Desktop and DevTest Labs (hashicorp/azurerm 3.x/4.x): the desktops
analysts and data scientists reach ML estates from. Session hosts are ordinary VMs; the host pool,
application groups and workspace are the control plane users connect through."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    # --- Azure Virtual Desktop -------------------------------------------------------------------
    Kind(
        "azurerm_virtual_desktop_host_pool",
        Category.COMPUTE_VM,
        label="Virtual Desktop host pool",
        icon="diagrams.azure.compute.HostPools",
        placement=_RG,
        defaults={"public_network_access": "Enabled", "start_vm_on_connect": False, "validate_environment": False},
        live=("Microsoft.DesktopVirtualization:hostPools",),
        free=True,  # the session host VMs are billed
    ),
    Kind(
        # the registration token session hosts join the pool with: a secret
        "azurerm_virtual_desktop_host_pool_registration_info",
        Category.SECURITY_SECRET,
        label="Host pool registration token",
        shape=Shape.FOLD,
        parent="hostpool_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_virtual_desktop_application_group",
        Category.COMPUTE_VM,
        label="Virtual Desktop application group",
        shape=Shape.FOLD,
        parent="host_pool_id",
        live=("Microsoft.DesktopVirtualization:applicationGroups",),
        free=True,
    ),
    Kind(
        "azurerm_virtual_desktop_application",
        Category.COMPUTE_VM,
        label="Virtual Desktop RemoteApp",
        shape=Shape.FOLD,
        parent="application_group_id",
        free=True,
    ),
    Kind(
        "azurerm_virtual_desktop_workspace",  # what users subscribe to in the client
        Category.COMPUTE_VM,
        label="Virtual Desktop workspace",
        icon="diagrams.azure.other.AzureVirtualDesktop",
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={"public_network_access_enabled": True},
        live=("Microsoft.DesktopVirtualization:workspaces",),
        free=True,
    ),
    Kind(
        "azurerm_virtual_desktop_workspace_application_group_association",  # workspace -> host pool
        Category.COMPUTE_VM,
        label="Workspace application group association",
        shape=Shape.FOLD,
        parent="workspace_id",
        bridge=("workspace_id", "application_group_id", Relation.INVOKES),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_virtual_desktop_scaling_plan",
        Category.COMPUTE_VM,
        label="Virtual Desktop scaling plan",
        shape=Shape.HIDDEN,
        refs={"host_pool.hostpool_id": Relation.DEPENDS},
        live=("Microsoft.DesktopVirtualization:scalingPlans",),
        free=True,
    ),
    # --- DevTest Labs ----------------------------------------------------------------------------
    Kind(
        "azurerm_dev_test_lab",
        Category.COMPUTE_VM,
        label="DevTest lab",
        icon="diagrams.azure.devops.DevtestLabs",
        placement=_RG,
        live=("Microsoft.DevTestLab:labs",),
        free=True,
    ),
    Kind(
        # the lab's own VNet: lab VMs may take public IPs unless use_public_ip_address says Deny
        "azurerm_dev_test_virtual_network",
        Category.NETWORK_VPC,
        label="DevTest lab network",
        shape=Shape.FOLD,
        parent="lab_name",
        defaults={"subnet.use_public_ip_address": "Allow", "subnet.use_in_virtual_machine_creation": "Allow"},
        live=("Microsoft.DevTestLab:labs/virtualnetworks",),
        free=True,
    ),
    *(Kind(
        f"azurerm_dev_test_{os}_virtual_machine",
        Category.COMPUTE_VM,
        label=f"DevTest lab {os.capitalize()} VM",
        icon=f"diagrams.azure.compute.VM{os.capitalize()}",
        refs={"lab_name": Relation.DEPENDS},
        placement=("lab_virtual_network_id", "resource_group_name"),
        defaults={"disallow_public_ip_address": False, "allow_claim": True},
    ) for os in ("linux", "windows")),
    Kind(
        # auto-shutdown of an ordinary VM (cost control); despite its name, not tied to a lab
        "azurerm_dev_test_global_vm_shutdown_schedule",
        Category.COMPUTE_VM,
        label="VM auto-shutdown schedule",
        shape=Shape.FOLD,
        refs={"notification_settings.webhook_url": Relation.INVOKES},
        parent="virtual_machine_id",
        defaults={"enabled": True},
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_dev_test_schedule",
        Category.COMPUTE_VM,
        label="DevTest lab schedule",
        shape=Shape.FOLD,
        parent="lab_name",
        free=True,
    ),
)
