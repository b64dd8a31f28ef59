"""Catalog records for Google Cloud network security beyond VPC firewall rules: hierarchical and
network firewall policies, Cloud NGFW endpoints and security profiles, Secure Web Proxy, DNS threat
detection and the Agent Gateway in front of AI agents (hashicorp/google 5.x/6.x).

Policies and their rules are one thing: rules fold into their policy; an association draws policy
--network--> the folder, organization or VPC it governs. Firewall endpoints are appliances in the
VPCs they are associated with.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_FW = "diagrams.gcp.network.FirewallRules"

KINDS: tuple[Kind, ...] = (
    # --- firewall policies ---------------------------------------------------------------------
    Kind(
        "google_compute_firewall_policy",  # hierarchical: on an organization or folder
        Category.NETWORK_FIREWALL,
        label="Hierarchical firewall policy",
        icon=_FW,
        refs={"parent": Relation.DEPENDS},
        target_relation=Relation.NETWORK,
        name_attr="short_name",
        live=("compute:firewallPolicies",),
        free=True,
    ),
    Kind(
        "google_compute_network_firewall_policy",  # global, attached to VPCs
        Category.NETWORK_FIREWALL,
        label="Network firewall policy",
        icon=_FW,
        target_relation=Relation.NETWORK,
        live=("compute:networkFirewallPolicies",),
        free=True,
    ),
    Kind(
        "google_compute_region_network_firewall_policy",
        Category.NETWORK_FIREWALL,
        label="Regional network firewall policy",
        icon=_FW,
        target_relation=Relation.NETWORK,
        live=("compute:regionNetworkFirewallPolicies",),
        free=True,
    ),
    *(Kind(
        f"google_compute_{prefix}firewall_policy_rule",
        Category.NETWORK_FIREWALL,
        label=f"{label} firewall policy rule",
        shape=Shape.FOLD,
        refs={
            "security_profile_group": Relation.NETWORK,
            "target_resources": Relation.NETWORK,
            "target_service_accounts": Relation.IAM,
            "match.src_address_groups": Relation.NETWORK,
            "match.dest_address_groups": Relation.NETWORK,
        },
        parent="firewall_policy",
        defaults={"disabled": False, "enable_logging": False},
        name_attr="rule_name",
        free=True,
    ) for prefix, label in (("", "Hierarchical"), ("network_", "Network"), ("region_network_", "Regional network"))),
    *(Kind(
        f"google_compute_{prefix}firewall_policy_association",
        Category.NETWORK_FIREWALL,
        label=f"{label} firewall policy association",
        shape=Shape.FOLD,
        parent="firewall_policy",
        bridge=("firewall_policy", "attachment_target", Relation.NETWORK),
        free=True,
    ) for prefix, label in (("", "Hierarchical"), ("network_", "Network"), ("region_network_", "Regional network"))),
    # --- Cloud NGFW Enterprise -----------------------------------------------------------------------
    Kind(
        # a zonal intrusion-prevention appliance (billed per hour) that VPC traffic is steered through
        "google_network_security_firewall_endpoint",
        Category.NETWORK_FIREWALL,
        label="Cloud NGFW endpoint",
        icon="diagrams.gcp.network.NetworkSecurity",
        target_relation=Relation.NETWORK,
        live=("networksecurity:firewallEndpoints",),
        appliance=True,
    ),
    Kind(
        "google_network_security_firewall_endpoint_association",  # endpoint in a VPC
        Category.NETWORK_FIREWALL,
        label="NGFW endpoint association",
        shape=Shape.FOLD,
        refs={"tls_inspection_policy": Relation.DEPENDS},
        parent="firewall_endpoint",
        placement=("network",),  # the endpoint serves (sits in) the associated VPC
        defaults={"disabled": False},
        live=("networksecurity:firewallEndpointAssociations",),
    ),
    Kind(
        "google_network_security_security_profile",  # threat prevention / URL filtering settings
        Category.NETWORK_FIREWALL,
        label="Security profile",
        shape=Shape.HIDDEN,
        live=("networksecurity:securityProfiles",),
        free=True,
    ),
    Kind(
        "google_network_security_security_profile_group",  # named by firewall policy rules
        Category.NETWORK_FIREWALL,
        label="Security profile group",
        shape=Shape.HIDDEN,
        refs={"threat_prevention_profile": Relation.DEPENDS, "url_filtering_profile": Relation.DEPENDS},
        live=("networksecurity:securityProfileGroups",),
        free=True,
    ),
    # --- proxies and gateways ----------------------------------------------------------------------
    Kind(
        # type SECURE_WEB_GATEWAY is Secure Web Proxy (egress filtering); OPEN_MESH is Cloud Service Mesh
        "google_network_services_gateway",
        Category.NETWORK_GATEWAY,
        label="Network services gateway",
        icon="diagrams.gcp.network.NetworkSecurity",
        refs={
            "gateway_security_policy": Relation.NETWORK,
            "certificate_urls": Relation.DEPENDS,
            "server_tls_policy": Relation.DEPENDS,
        },
        placement=("subnetwork", "network"),
        target_relation=Relation.NETWORK,
        live=("networkservices:gateways",),
        appliance=True,
    ),
    Kind(
        "google_network_security_gateway_security_policy",  # Secure Web Proxy rules
        Category.NETWORK_FIREWALL,
        label="Secure Web Proxy policy",
        refs={"tls_inspection_policy": Relation.DEPENDS},
        target_relation=Relation.NETWORK,
        live=("networksecurity:gatewaySecurityPolicies",),
        free=True,
        owned_by=("google_network_services_gateway.gateway_security_policy",),
    ),
    Kind(
        "google_network_security_gateway_security_policy_rule",
        Category.NETWORK_FIREWALL,
        label="Secure Web Proxy rule",
        shape=Shape.FOLD,
        parent="gateway_security_policy",
        free=True,
    ),
    Kind(
        # governs how AI agents reach tools and models (egress) or are reached (ingress)
        "google_network_services_agent_gateway",
        Category.NETWORK_GATEWAY,
        label="Agent Gateway",
        icon="diagrams.gcp.network.NetworkSecurity",
        refs={
            "network_config.egress.network_attachment": Relation.NETWORK,
            "network_config.dns_peering_config.target_network": Relation.NETWORK,
        },
        target_relation=Relation.NETWORK,
        live=("networkservices:agentGateways",),
    ),
    Kind(
        "google_network_security_dns_threat_detector",
        Category.NETWORK_DNS,
        label="DNS threat detector",
        shape=Shape.HIDDEN,
        refs={"excluded_networks": Relation.NETWORK},
        live=("networksecurity:dnsThreatDetectors",),
    ),
)
