"""Catalog records for Google Cloud hybrid connectivity: HA and classic VPN gateways, peer (external)
gateways, VPN tunnels, Cloud Router interfaces and BGP peers, Interconnect attachments and Network
Connectivity Center hubs and spokes (hashicorp/google 5.x/6.x).

Tunnels fold into their gateway and draw gateway --network--> peer gateway; router interfaces and
peers fold into their Cloud Router. Gateways sit in the VPC they serve.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_VPN = "diagrams.gcp.network.VPN"

KINDS: tuple[Kind, ...] = (
    Kind(
        "google_compute_ha_vpn_gateway",
        Category.NETWORK_GATEWAY,
        label="HA VPN gateway",
        icon=_VPN,
        refs={"vpn_interfaces.interconnect_attachment": Relation.NETWORK},
        placement=("network",),
        target_relation=Relation.NETWORK,
        live=("compute:vpnGateways",),
        appliance=True,
    ),
    Kind(
        "google_compute_vpn_gateway",  # classic (target) VPN gateway
        Category.NETWORK_GATEWAY,
        label="Classic VPN gateway",
        icon=_VPN,
        placement=("network",),
        target_relation=Relation.NETWORK,
        live=("compute:targetVpnGateways",),
        appliance=True,
    ),
    Kind(
        # the on-premises or other-cloud end of an HA VPN: addresses only, nothing runs in Google Cloud
        "google_compute_external_vpn_gateway",
        Category.NETWORK_GATEWAY,
        label="Peer VPN gateway (external)",
        icon=_VPN,
        target_relation=Relation.NETWORK,
        defaults={"redundancy_type": "SINGLE_IP_INTERNALLY_REDUNDANT"},
        live=("compute:externalVpnGateways",),
        free=True,
    ),
    Kind(
        # billed per tunnel hour; an HA VPN tunnel names vpn_gateway, a classic one target_vpn_gateway
        "google_compute_vpn_tunnel",
        Category.NETWORK_GATEWAY,
        label="VPN tunnel",
        shape=Shape.FOLD,
        refs={
            "peer_gcp_gateway": Relation.NETWORK,
            "peer_external_gateway": Relation.NETWORK,
            "target_vpn_gateway": Relation.NETWORK,
            "router": Relation.DEPENDS,
        },
        parent="vpn_gateway",
        bridge=("vpn_gateway", "peer_external_gateway", Relation.NETWORK),
        live=("compute:vpnTunnels",),
    ),
    Kind(
        "google_compute_router_interface",
        Category.NETWORK_ROUTE,
        label="Cloud Router interface",
        shape=Shape.FOLD,
        refs={
            "vpn_tunnel": Relation.NETWORK,
            "interconnect_attachment": Relation.NETWORK,
            "subnetwork": Relation.NETWORK,  # router appliance interfaces
        },
        parent="router",
        live=("compute:routers.interfaces",),
        free=True,
    ),
    Kind(
        "google_compute_router_peer",  # a BGP session
        Category.NETWORK_ROUTE,
        label="Cloud Router BGP peer",
        shape=Shape.FOLD,
        refs={"router_appliance_instance": Relation.NETWORK, "interface": Relation.DEPENDS},
        parent="router",
        defaults={"advertise_mode": "DEFAULT", "bfd.session_initialization_mode": "DISABLED"},
        live=("compute:routers.bgpPeers",),
        free=True,
    ),
    Kind(
        "google_compute_interconnect_attachment",  # a VLAN on Dedicated / Partner Interconnect
        Category.NETWORK_GATEWAY,
        label="Interconnect attachment",
        icon="diagrams.gcp.network.DedicatedInterconnect",
        refs={"interconnect": Relation.NETWORK, "router": Relation.DEPENDS,
              "ipsec_internal_addresses": Relation.NETWORK},
        target_relation=Relation.NETWORK,
        defaults={"admin_enabled": True, "encryption": "NONE"},
        live=("compute:interconnectAttachments",),
    ),
    # --- Network Connectivity Center -------------------------------------------------------------
    Kind(
        "google_network_connectivity_hub",
        Category.NETWORK_ROUTE,
        label="Network Connectivity Center hub",
        icon="diagrams.gcp.network.NetworkConnectivityCenter",
        target_relation=Relation.NETWORK,
        live=("networkconnectivity:hubs",),
    ),
    Kind(
        "google_network_connectivity_spoke",  # a VPC, tunnels, attachments or appliances joined to the hub
        Category.NETWORK_ROUTE,
        label="Network Connectivity Center spoke",
        shape=Shape.FOLD,
        refs={
            "linked_vpc_network.uri": Relation.NETWORK,
            "linked_producer_vpc_network.network": Relation.NETWORK,
            "linked_vpn_tunnels.uris": Relation.NETWORK,
            "linked_interconnect_attachments.uris": Relation.NETWORK,
            "linked_router_appliance_instances.instances.virtual_machine": Relation.NETWORK,
        },
        parent="hub",
        bridge=("hub", "linked_vpc_network.uri", Relation.NETWORK),
        live=("networkconnectivity:spokes",),
    ),
)
