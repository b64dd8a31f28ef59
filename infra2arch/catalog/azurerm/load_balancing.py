"""Catalog records for the parts of Azure load balancers and for other traffic distributors: backend
pools, probes and rules, NIC pool memberships, Application Gateway for Containers, Traffic Manager and
Application Gateway WAF policies (hashicorp/azurerm 3.x/4.x).

Pools, probes and rules are configuration of one load balancer: they fold into it. A NIC's pool
membership is the load balancer sending traffic to that NIC's VM (load balancer --network--> VM),
as an AWS target group attachment is.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_LB_PART = {"parent": "loadbalancer_id", "free": True}

KINDS: tuple[Kind, ...] = (
    # --- parts of an azurerm_lb ----------------------------------------------------------------
    Kind(
        "azurerm_lb_backend_address_pool",
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancer backend pool",
        shape=Shape.FOLD,
        refs={"virtual_network_id": Relation.NETWORK},
        target_relation=Relation.NETWORK,
        live=("Microsoft.Network:loadBalancers/backendAddressPools",),
        **_LB_PART,
    ),
    Kind(
        # an IP address (in a VNet, or a regional load balancer's frontend) added to a pool by hand
        "azurerm_lb_backend_address_pool_address",
        Category.NETWORK_LOAD_BALANCER,
        label="Backend pool address",
        shape=Shape.FOLD,
        refs={"virtual_network_id": Relation.NETWORK, "backend_address_ip_configuration_id": Relation.NETWORK},
        parent="backend_address_pool_id",
        free=True,
    ),
    Kind(
        "azurerm_lb_probe",
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancer health probe",
        shape=Shape.FOLD,
        live=("Microsoft.Network:loadBalancers/probes",),
        **_LB_PART,
    ),
    Kind(
        "azurerm_lb_rule",
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancing rule",
        shape=Shape.FOLD,
        refs={"backend_address_pool_ids": Relation.NETWORK, "probe_id": Relation.DEPENDS},
        defaults={"floating_ip_enabled": False, "disable_outbound_snat": False, "idle_timeout_in_minutes": 4},
        live=("Microsoft.Network:loadBalancers/loadBalancingRules",),
        **_LB_PART,
    ),
    Kind(
        "azurerm_lb_outbound_rule",  # SNAT for the pool's VMs through the frontend's public IPs
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancer outbound rule",
        shape=Shape.FOLD,
        refs={"backend_address_pool_id": Relation.NETWORK},
        live=("Microsoft.Network:loadBalancers/outboundRules",),
        **_LB_PART,
    ),
    Kind(
        # inbound NAT (RDP/SSH to one VM through the frontend IP): exposure of that VM
        "azurerm_lb_nat_rule",
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancer inbound NAT rule",
        shape=Shape.FOLD,
        refs={"backend_address_pool_id": Relation.NETWORK},
        defaults={"floating_ip_enabled": False, "idle_timeout_in_minutes": 4},
        live=("Microsoft.Network:loadBalancers/inboundNatRules",),
        **_LB_PART,
    ),
    Kind(
        "azurerm_lb_nat_pool",  # inbound NAT port ranges for a legacy scale set
        Category.NETWORK_LOAD_BALANCER,
        label="Load balancer inbound NAT pool",
        shape=Shape.FOLD,
        **_LB_PART,
    ),
    # --- NIC memberships: the balancer reaches the NIC's VM ---------------------------------------
    Kind(
        "azurerm_network_interface_backend_address_pool_association",
        Category.NETWORK_LOAD_BALANCER,
        label="NIC backend pool membership",
        shape=Shape.FOLD,
        parent="network_interface_id",
        bridge=("backend_address_pool_id", "network_interface_id", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_network_interface_application_gateway_backend_address_pool_association",
        Category.NETWORK_LOAD_BALANCER,
        label="NIC Application Gateway pool membership",
        shape=Shape.FOLD,
        parent="network_interface_id",
        bridge=("backend_address_pool_id", "network_interface_id", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_network_interface_nat_rule_association",
        Category.NETWORK_LOAD_BALANCER,
        label="NIC inbound NAT rule association",
        shape=Shape.FOLD,
        parent="network_interface_id",
        bridge=("nat_rule_id", "network_interface_id", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_network_interface_application_security_group_association",
        Category.NETWORK_FIREWALL,
        label="NIC application security group association",
        shape=Shape.FOLD,
        parent="network_interface_id",
        bridge=("network_interface_id", "application_security_group_id", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
    Kind(
        # a named set of NICs that NSG rules allow or deny by (source/destination ASG ids)
        "azurerm_application_security_group",
        Category.NETWORK_FIREWALL,
        label="Application security group",
        icon="diagrams.azure.network.ApplicationSecurityGroups",
        placement=("resource_group_name",),
        target_relation=Relation.NETWORK,
        live=("Microsoft.Network:applicationSecurityGroups",),
        free=True,
    ),
    # --- Application Gateway for Containers (AKS ingress) -----------------------------------------
    Kind(
        "azurerm_application_load_balancer",
        Category.NETWORK_LOAD_BALANCER,
        label="Application Gateway for Containers",
        icon="diagrams.azure.networking.TrafficController",
        placement=("resource_group_name",),
        target_relation=Relation.NETWORK,
        live=("Microsoft.ServiceNetworking:trafficControllers",),
    ),
    Kind(
        # a public FQDN of the gateway: it is always internet facing
        "azurerm_application_load_balancer_frontend",
        Category.NETWORK_LOAD_BALANCER,
        label="Application Gateway for Containers frontend",
        shape=Shape.FOLD,
        parent="application_load_balancer_id",
        live=("Microsoft.ServiceNetworking:trafficControllers/frontends",),
    ),
    Kind(
        "azurerm_application_load_balancer_subnet_association",
        Category.NETWORK_LOAD_BALANCER,
        label="Application Gateway for Containers subnet association",
        shape=Shape.FOLD,
        parent="application_load_balancer_id",
        placement=("subnet_id",),  # the gateway sits in the delegated subnet it is associated with
        name_attr=None,
        live=("Microsoft.ServiceNetworking:trafficControllers/associations",),
    ),
    # --- DNS-level distribution ----------------------------------------------------------------
    Kind(
        "azurerm_traffic_manager_profile",
        Category.NETWORK_LOAD_BALANCER,
        label="Traffic Manager profile",
        icon="diagrams.azure.network.TrafficManagerProfiles",
        placement=("resource_group_name",),
        target_relation=Relation.NETWORK,
        defaults={"profile_status": "Enabled"},
        live=("Microsoft.Network:trafficManagerProfiles",),
    ),
    *(Kind(
        f"azurerm_traffic_manager_{endpoint}_endpoint",
        Category.NETWORK_LOAD_BALANCER,
        label=f"Traffic Manager {endpoint} endpoint",
        shape=Shape.FOLD,
        parent="profile_id",
        bridge=("profile_id", target, Relation.NETWORK),
        defaults={"enabled": True},
        free=True,
    ) for endpoint, target in (
        ("azure", "target_resource_id"),     # a public IP, App Service or other Azure endpoint
        ("external", "target"),              # an FQDN or IP outside Azure: inferred link
        ("nested", "target_resource_id"),    # another profile
    )),
    # --- WAF -----------------------------------------------------------------------------------
    Kind(
        "azurerm_web_application_firewall_policy",
        Category.NETWORK_FIREWALL,
        label="Application Gateway WAF policy",
        icon="diagrams.azure.networking.WebApplicationFirewallPolicieswaf",
        placement=("resource_group_name",),
        target_relation=Relation.NETWORK,
        defaults={"policy_settings.enabled": True, "policy_settings.mode": "Prevention",
                  "policy_settings.request_body_check": True},
        live=("Microsoft.Network:ApplicationGatewayWebApplicationFirewallPolicies",),
        # part of the gateway (or listener) that enforces it
        owned_by=("azurerm_application_gateway.firewall_policy_id",
                  "azurerm_application_gateway.http_listener.firewall_policy_id"),
    ),
)
