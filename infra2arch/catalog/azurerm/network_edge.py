"""Catalog records for Azure public IP prefixes, DDoS protection, ExpressRoute, Virtual WAN route tables,
Azure Virtual Network Manager, network security perimeters and public DNS records (hashicorp/azurerm 3.x/4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    # --- public addresses ----------------------------------------------------------------------
    Kind(
        # a contiguous block of public IPs: a NAT gateway's outbound addresses, or where public IPs
        # (public_ip_prefix_id) and scale set instance IPs are taken from
        "azurerm_public_ip_prefix",
        Category.NETWORK_PUBLIC_IP,
        label="Public IP prefix",
        icon="diagrams.azure.networking.PublicIpPrefixes",
        refs={"custom_ip_prefix_id": Relation.NETWORK},
        placement=_RG,
        target_relation=Relation.NETWORK,
        defaults={"sku": "Standard", "prefix_length": 28, "ip_version": "IPv4"},
        live=("Microsoft.Network:publicIPPrefixes",),
    ),
    Kind(
        "azurerm_nat_gateway_public_ip_prefix_association",
        Category.NETWORK_GATEWAY,
        label="NAT gateway public IP prefix association",
        shape=Shape.FOLD,
        parent="nat_gateway_id",
        bridge=("nat_gateway_id", "public_ip_prefix_id", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
    Kind(
        # a virtual network names it in ddos_protection_plan.id; billed per plan per month
        "azurerm_network_ddos_protection_plan",
        Category.NETWORK_FIREWALL,
        label="DDoS protection plan",
        icon="diagrams.azure.network.DDOSProtectionPlans",
        placement=_RG,
        target_relation=Relation.NETWORK,
        live=("Microsoft.Network:ddosProtectionPlans",),
    ),
    Kind(
        # one per region, created by Azure on demand; flow logs and connection monitors hang off it
        "azurerm_network_watcher",
        Category.OPS_MONITORING,
        label="Network Watcher",
        shape=Shape.HIDDEN,
        icon="diagrams.azure.networking.NetworkWatcher",
        live=("Microsoft.Network:networkWatchers",),
        free=True,
    ),
    # --- private connectivity to on-premises -------------------------------------------------------
    Kind(
        "azurerm_express_route_circuit",
        Category.NETWORK_GATEWAY,
        label="ExpressRoute circuit",
        icon="diagrams.azure.network.ExpressrouteCircuits",
        refs={"express_route_port_id": Relation.NETWORK},
        placement=_RG,
        target_relation=Relation.NETWORK,
        defaults={"allow_classic_operations": False},
        live=("Microsoft.Network:expressRouteCircuits",),
    ),
    Kind(
        "azurerm_express_route_circuit_peering",  # private / Microsoft peering on the circuit
        Category.NETWORK_ROUTE,
        label="ExpressRoute peering",
        shape=Shape.FOLD,
        refs={"route_filter_id": Relation.NETWORK},
        parent="express_route_circuit_name",
        name_attr=None,
        live=("Microsoft.Network:expressRouteCircuits/peerings",),
        free=True,
    ),
    Kind(
        "azurerm_express_route_circuit_authorization",
        Category.NETWORK_ROUTE,
        label="ExpressRoute authorization",
        shape=Shape.FOLD,
        parent="express_route_circuit_name",
        live=("Microsoft.Network:expressRouteCircuits/authorizations",),
        free=True,
    ),
    Kind(
        "azurerm_virtual_hub_route_table",
        Category.NETWORK_ROUTE,
        label="Virtual hub route table",
        shape=Shape.FOLD,
        refs={"route.next_hop": Relation.NETWORK},
        parent="virtual_hub_id",
        live=("Microsoft.Network:virtualHubs/hubRouteTables",),
        free=True,
    ),
    # --- Azure Virtual Network Manager: hub-and-spoke / mesh connectivity and admin rules -----------
    Kind(
        "azurerm_network_manager",
        Category.NETWORK_ROUTE,
        label="Virtual Network Manager",
        icon="diagrams.azure.other.NetworkManagers",
        refs={"scope.management_group_ids": Relation.DEPENDS, "scope.subscription_ids": Relation.DEPENDS},
        placement=_RG,
        live=("Microsoft.Network:networkManagers",),
    ),
    Kind(
        "azurerm_network_manager_network_group",
        Category.NETWORK_ROUTE,
        label="Network group",
        shape=Shape.FOLD,
        parent="network_manager_id",
        defaults={"member_type": "VirtualNetwork"},
        live=("Microsoft.Network:networkManagers/networkGroups",),
        free=True,
    ),
    Kind(
        "azurerm_network_manager_static_member",  # one VNet in a network group
        Category.NETWORK_ROUTE,
        label="Network group member",
        shape=Shape.FOLD,
        parent="network_group_id",
        bridge=("network_group_id", "target_virtual_network_id", Relation.NETWORK),
        live=("Microsoft.Network:networkManagers/networkGroups/staticMembers",),
        free=True,
    ),
    Kind(
        # the hub VNet and the groups it connects: the VNets are peered (or meshed) once deployed
        "azurerm_network_manager_connectivity_configuration",
        Category.NETWORK_ROUTE,
        label="Connectivity configuration",
        shape=Shape.FOLD,
        refs={"applies_to_group.network_group_id": Relation.NETWORK, "hub.resource_id": Relation.NETWORK},
        parent="network_manager_id",
        bridge=("applies_to_group.network_group_id", "hub.resource_id", Relation.NETWORK),
        live=("Microsoft.Network:networkManagers/connectivityConfigurations",),
        free=True,
    ),
    Kind(
        "azurerm_network_manager_security_admin_configuration",
        Category.NETWORK_FIREWALL,
        label="Security admin configuration",
        shape=Shape.FOLD,
        parent="network_manager_id",
        live=("Microsoft.Network:networkManagers/securityAdminConfigurations",),
        free=True,
    ),
    Kind(
        "azurerm_network_manager_deployment",  # commits configurations to regions
        Category.NETWORK_ROUTE,
        label="Network Manager deployment",
        shape=Shape.FOLD,
        refs={"configuration_ids": Relation.DEPENDS},
        parent="network_manager_id",
        name_attr=None,
        free=True,
    ),
    # --- network security perimeters: a logical boundary around PaaS resources -------------------
    Kind(
        "azurerm_network_security_perimeter",
        Category.NETWORK_FIREWALL,
        label="Network security perimeter",
        icon="diagrams.azure.other.NetworkSecurityPerimeters",
        placement=_RG,
        target_relation=Relation.NETWORK,
        live=("Microsoft.Network:networkSecurityPerimeters",),
        free=True,
    ),
    Kind(
        "azurerm_network_security_perimeter_profile",
        Category.NETWORK_FIREWALL,
        label="Perimeter profile",
        shape=Shape.FOLD,
        parent="network_security_perimeter_id",
        live=("Microsoft.Network:networkSecurityPerimeters/profiles",),
        free=True,
    ),
    Kind(
        "azurerm_network_security_perimeter_access_rule",  # inbound / outbound addresses, FQDNs, subscriptions
        Category.NETWORK_FIREWALL,
        label="Perimeter access rule",
        shape=Shape.FOLD,
        parent="network_security_perimeter_profile_id",
        live=("Microsoft.Network:networkSecurityPerimeters/profiles/accessRules",),
        free=True,
    ),
    Kind(
        # puts a PaaS resource (storage, Key Vault, AI services …) inside the perimeter; access_mode
        # Learning only logs, Enforced blocks what the rules do not allow
        "azurerm_network_security_perimeter_association",
        Category.NETWORK_FIREWALL,
        label="Perimeter association",
        shape=Shape.FOLD,
        parent="network_security_perimeter_profile_id",
        bridge=("resource_id", "network_security_perimeter_profile_id", Relation.NETWORK),
        live=("Microsoft.Network:networkSecurityPerimeters/resourceAssociations",),
        free=True,
    ),
    # --- public DNS records: part of their zone --------------------------------------------------
    *(Kind(
        f"azurerm_dns_{record}_record",
        Category.NETWORK_DNS,
        label=f"DNS {record.upper()} record",
        shape=Shape.FOLD,
        refs={"target_resource_id": Relation.NETWORK},  # an alias record: a public IP, Front Door, Traffic Manager
        parent="zone_name",
        live=(f"Microsoft.Network:dnsZones/{record.upper()}",),
        free=True,
    ) for record in ("a", "aaaa", "cname")),
    *(Kind(
        f"azurerm_dns_{record}_record",
        Category.NETWORK_DNS,
        label=f"DNS {record.upper()} record",
        shape=Shape.FOLD,
        parent="zone_name",
        live=(f"Microsoft.Network:dnsZones/{record.upper()}",),
        free=True,
    ) for record in ("txt", "mx", "ns", "srv", "caa", "ptr")),
    Kind(
        # data source: the approval state of a private endpoint connection, read back
        "azurerm_private_endpoint_connection",
        Category.NETWORK_PRIVATE_ENDPOINT,
        label="Private endpoint connection lookup",
        shape=Shape.HIDDEN,
        name_attr=None,
        free=True,
    ),
)
