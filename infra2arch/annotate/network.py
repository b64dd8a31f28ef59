"""Network facts read off the graph: which subnets are public, private or isolated, and which
resources are entry points from the internet. Used by the maps and by the zones annotator."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Unknown

PUBLIC = "public"
PRIVATE = "private"
ISOLATED = "isolated"
UNKNOWN = "unknown"

_INTERNET_GATEWAYS = frozenset({"aws_internet_gateway", "aws_egress_only_internet_gateway"})
_NAT = frozenset({"aws_nat_gateway", "aws_ec2_transit_gateway", "google_compute_router_nat", "azurerm_nat_gateway",
                  "azurerm_firewall"})


def subnet_tiers(graph: Graph) -> dict[str, str]:
    """public / private / isolated / unknown for every subnet-category resource.

    AWS: the subnet's route table (explicit association, else the VPC's main table) routes to an
    internet gateway (public), to a NAT gateway (private with egress), or to neither (isolated);
    ``map_public_ip_on_launch = true`` also makes it public. Other clouds have no route-table tiers:
    an Azure subnet with a NAT gateway or firewall route is private; otherwise unknown.
    """
    resources = graph.by_address()
    routes_to: dict[str, set[str]] = defaultdict(set)
    subnet_tables: dict[str, set[str]] = defaultdict(set)
    main_tables: dict[str, set[str]] = defaultdict(set)
    for edge in graph.edges:
        src, dst = resources.get(edge.src), resources.get(edge.dst)
        if src is None or dst is None:
            continue
        src_kind, dst_kind = kind(src.type), kind(dst.type)
        if src_kind and src_kind.category == Category.NETWORK_ROUTE and edge.relation == Relation.NETWORK:
            routes_to[edge.src].add(dst.type)
        if src_kind and src_kind.category == Category.NETWORK_SUBNET and dst_kind and dst_kind.category == Category.NETWORK_ROUTE:
            subnet_tables[edge.src].add(edge.dst)
        if src_kind and src_kind.category == Category.NETWORK_SUBNET and dst.type in _NAT:
            routes_to[f"subnet:{edge.src}"].add(dst.type)
        if "main_route_table_association" in edge.via or src.type == "aws_default_route_table":
            if src_kind and src_kind.category == Category.NETWORK_VPC:
                main_tables[edge.src].add(edge.dst)
    vpc_of = {c.child: c.parent for c in graph.containment}
    tiers: dict[str, str] = {}
    for address, resource in resources.items():
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET:
            continue
        if resource.attrs.get("map_public_ip_on_launch") is True:
            tiers[address] = PUBLIC
            continue
        tables = subnet_tables.get(address) or main_tables.get(vpc_of.get(address, ""), set())
        targets: set[str] = set(routes_to.get(f"subnet:{address}", ()))
        for table in tables:
            targets |= routes_to.get(table, set())
        if targets & _INTERNET_GATEWAYS:
            tiers[address] = PUBLIC
        elif targets & _NAT:
            tiers[address] = PRIVATE
        elif tables:
            tiers[address] = ISOLATED
        else:
            tiers[address] = UNKNOWN
    return tiers


def _false(value: Any) -> bool:
    return value is False or value == "false"


def entry_points(graph: Graph) -> dict[str, str]:
    """Resources a request from the internet reaches first, with the reason.

    A first, attribute-based answer (the zones annotator refines it): API gateways that are not
    private, internet-facing load balancers, CDNs, function URLs, public IPs on VMs, Cloud Run
    services open to all ingress, public Vertex AI endpoints.
    """
    out: dict[str, str] = {}
    folded_children: Mapping[str, list[str]] = _children(graph.folded)
    resources = graph.by_address()
    for address, resource in resources.items():
        if address in graph.folded or resource.mode == "data":
            continue
        attrs = resource.attrs
        t = resource.type
        record = kind(t)
        if record is None:
            continue
        if record.category == Category.NETWORK_API:
            configuration = attrs.get("endpoint_configuration")
            types = configuration[0].get("types") if isinstance(configuration, list) and configuration and isinstance(configuration[0], dict) else None
            if isinstance(types, list) and "PRIVATE" in types:
                continue
            if t in ("aws_api_gateway_rest_api", "aws_apigatewayv2_api", "google_api_gateway_gateway",
                     "azurerm_api_management"):
                out[address] = "public API endpoint"
        elif record.category == Category.NETWORK_CDN:
            out[address] = "content delivery network"
        elif t in ("aws_lb", "aws_alb", "aws_elb") and not attrs.get("internal") is True:
            if not isinstance(attrs.get("internal"), Unknown):
                out[address] = "internet-facing load balancer"
        elif t == "google_compute_global_forwarding_rule" or (
                t == "google_compute_forwarding_rule" and attrs.get("load_balancing_scheme") in (None, "EXTERNAL", "EXTERNAL_MANAGED")):
            out[address] = "external forwarding rule"
        elif t in ("google_cloud_run_v2_service", "google_cloud_run_service"):
            ingress = attrs.get("ingress")
            if ingress in (None, "INGRESS_TRAFFIC_ALL", "all"):
                out[address] = "Cloud Run service open to all ingress"
        elif t == "google_vertex_ai_endpoint" and not attrs.get("network") and not attrs.get("private_service_connect_config"):
            out[address] = "public Vertex AI endpoint (no network, no private service connect)"
        elif t == "azurerm_machine_learning_workspace" and not _false(attrs.get("public_network_access_enabled")):
            out[address] = "workspace reachable from public networks (default)"
        elif t in ("azurerm_application_gateway", "azurerm_frontdoor", "azurerm_cdn_frontdoor_profile"):
            out[address] = "internet-facing gateway"
        elif t in ("aws_lambda_function",) and any(resources[c].type == "aws_lambda_function_url"
                                                    for c in folded_children.get(address, ())):
            out[address] = "Lambda function URL"
        elif t == "aws_instance" and attrs.get("associate_public_ip_address") is True:
            out[address] = "instance with a public IP"
        elif t == "google_compute_instance" and any(
                isinstance(ni, dict) and ni.get("access_config") for ni in attrs.get("network_interface") or []
                if isinstance(attrs.get("network_interface"), list)):
            out[address] = "VM with an external IP"
        elif t == "azurerm_bastion_host":
            out[address] = "bastion host (public IP)"
    return out


def _children(folded: Mapping[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for child, parent in folded.items():
        out[parent].append(child)
    return out
