"""VPC networking (``compute_v1`` generated clients, REST transport): networks, subnetworks, firewall rules,
Cloud Routers and their Cloud NATs, forwarding rules (Private Service Connect endpoints among them),
global addresses (private service access ranges), and the private service access connections of each
network (Service Networking JSON API).

Compute references are full ``https://www.googleapis.com/compute/v1/...`` URLs: attributes keep them,
as Terraform state does; ``id`` is Terraform's relative form and relate resolves both.
"""

from __future__ import annotations

from typing import Any, Callable

from infra2arch.model import GapKind, Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.transform import block, compact, compute_path, last, sorted_list, tf

HOST = "//compute.googleapis.com/"
PAGE = 500   # compute's largest maxResults


def _list(scope: Scope, client: str, api: str, regional: bool) -> list[dict] | None:
    request: dict[str, Any] = {"project": scope.project, "max_results": PAGE}
    if regional:
        request["region"] = scope.region
    return scope.pages(api, scope.clients.generated("compute_v1", client).list, request, "items",
                       absent=False)


def _base(data: dict, scope: Scope, relative: str) -> dict[str, Any]:
    return {
        "id": relative,
        "name": data.get("name"),
        "self_link": data.get("self_link"),
        "description": data.get("description"),
        "project": scope.project,
    }


def _resource(scope: Scope, relative: str, tf_type: str, data: dict, attrs: dict, api: str, regional: bool) -> Resource:
    return scope.resource(HOST + relative, tf_type, str(data.get("name")), attrs, api,
                          region=scope.region if regional else None)


# ==================================================================================== transforms


def to_terraform_network(data: dict, scope: Scope) -> Resource:
    relative = f"projects/{scope.project}/global/networks/{data['name']}"
    attrs = {
        **_base(data, scope, relative),
        "network_id": str(data["id"]) if data.get("id") is not None else None,
        "auto_create_subnetworks": bool(data.get("auto_create_subnetworks", False)),
        "routing_mode": (data.get("routing_config") or {}).get("routing_mode"),
        "mtu": data.get("mtu"),
        "network_firewall_policy_enforcement_order": data.get("network_firewall_policy_enforcement_order"),
        "peerings": [compact({"name": p.get("name"), "network": p.get("network"), "state": p.get("state")})
                     for p in data.get("peerings") or []] or None,
    }
    return _resource(scope, relative, "google_compute_network", data, attrs, "compute.networks.list", False)


def to_terraform_subnetwork(data: dict, scope: Scope) -> Resource:
    relative = f"projects/{scope.project}/regions/{scope.region}/subnetworks/{data['name']}"
    log = data.get("log_config") or {}
    attrs = {
        **_base(data, scope, relative),
        "region": scope.region,
        "network": data.get("network"),
        "ip_cidr_range": data.get("ip_cidr_range"),
        "gateway_address": data.get("gateway_address"),
        "private_ip_google_access": bool(data.get("private_ip_google_access", False)),
        "purpose": data.get("purpose"),
        "role": data.get("role"),
        "stack_type": data.get("stack_type"),
        "secondary_ip_range": [compact({"range_name": r.get("range_name"), "ip_cidr_range": r.get("ip_cidr_range")})
                               for r in data.get("secondary_ip_ranges") or []] or None,
        # Terraform writes log_config only when flow logs are on
        "log_config": (block({k: v for k, v in log.items() if k != "enable"}) or [{}]) if log.get("enable") else None,
    }
    return _resource(scope, relative, "google_compute_subnetwork", data, attrs, "compute.subnetworks.list", True)


def _rules(items: Any) -> list[dict] | None:
    out = []
    for item in items or []:
        protocol = item.get("I_p_protocol") or item.get("ip_protocol") or item.get("IPProtocol")
        out.append(compact({"protocol": protocol, "ports": sorted_list(item.get("ports"))}))
    return out or None


def to_terraform_firewall(data: dict, scope: Scope) -> Resource:
    relative = f"projects/{scope.project}/global/firewalls/{data['name']}"
    log = data.get("log_config") or {}
    attrs = {
        **_base(data, scope, relative),
        "network": data.get("network"),
        "direction": data.get("direction"),
        "priority": data.get("priority"),
        "disabled": bool(data.get("disabled", False)),
        "source_ranges": sorted_list(data.get("source_ranges")),
        "destination_ranges": sorted_list(data.get("destination_ranges")),
        "source_tags": sorted_list(data.get("source_tags")),
        "target_tags": sorted_list(data.get("target_tags")),
        "source_service_accounts": sorted_list(data.get("source_service_accounts")),
        "target_service_accounts": sorted_list(data.get("target_service_accounts")),
        "allow": _rules(data.get("allowed")),
        "deny": _rules(data.get("denied")),
        "log_config": [compact({"metadata": log.get("metadata")})] if log.get("enable") else None,
    }
    return _resource(scope, relative, "google_compute_firewall", data, attrs, "compute.firewalls.list", False)


def to_terraform_router(data: dict, scope: Scope) -> list[Resource]:
    relative = f"projects/{scope.project}/regions/{scope.region}/routers/{data['name']}"
    attrs = {**_base(data, scope, relative), "region": scope.region, "network": data.get("network"),
             "bgp": block(data.get("bgp"))}
    out = [_resource(scope, relative, "google_compute_router", data, attrs, "compute.routers.list", True)]
    for nat in data.get("nats") or []:
        if not nat.get("name"):
            continue
        nat_relative = f"{relative}/{nat['name']}"
        log = nat.get("log_config") or {}
        nat_attrs = {
            "id": nat_relative,
            "name": nat["name"],
            "router": data["name"],
            "region": scope.region,
            "project": scope.project,
            "nat_ip_allocate_option": nat.get("nat_ip_allocate_option"),
            "source_subnetwork_ip_ranges_to_nat": nat.get("source_subnetwork_ip_ranges_to_nat"),
            "nat_ips": sorted_list(nat.get("nat_ips")),
            "subnetwork": [compact({"name": s.get("name"),
                                    "source_ip_ranges_to_nat": sorted_list(s.get("source_ip_ranges_to_nat"))})
                           for s in nat.get("subnetworks") or []] or None,
            "log_config": [compact({"enable": bool(log.get("enable")), "filter": log.get("filter")})] if log else None,
            "min_ports_per_vm": nat.get("min_ports_per_vm"),
        }
        out.append(scope.resource(HOST + nat_relative, "google_compute_router_nat", nat["name"], nat_attrs,
                                  "compute.routers.list"))
    return out


def to_terraform_forwarding_rule(data: dict, scope: Scope) -> Resource:
    relative = f"projects/{scope.project}/regions/{scope.region}/forwardingRules/{data['name']}"
    attrs = {
        **_base(data, scope, relative),
        "region": scope.region,
        "ip_address": data.get("I_p_address") or data.get("ip_address"),
        "ip_protocol": data.get("I_p_protocol") or data.get("ip_protocol"),
        # Private Service Connect endpoints have an empty scheme (as in Terraform): keep "" rather than
        # let the provider default (EXTERNAL) apply
        "load_balancing_scheme": data.get("load_balancing_scheme", ""),
        "network": data.get("network"),
        "subnetwork": data.get("subnetwork"),
        "target": data.get("target"),
        "backend_service": data.get("backend_service"),
        "ports": sorted_list(data.get("ports")),
        "port_range": data.get("port_range"),
        "all_ports": data.get("all_ports"),
        "network_tier": data.get("network_tier"),
        "psc_connection_status": data.get("psc_connection_status"),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return _resource(scope, relative, "google_compute_forwarding_rule", data, attrs, "compute.forwardingRules.list",
                     True)


def to_terraform_global_address(data: dict, scope: Scope) -> Resource:
    relative = f"projects/{scope.project}/global/addresses/{data['name']}"
    attrs = {
        **_base(data, scope, relative),
        "address": data.get("address"),
        "prefix_length": data.get("prefix_length"),
        "purpose": data.get("purpose"),
        "address_type": data.get("address_type"),
        "network": data.get("network"),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return _resource(scope, relative, "google_compute_global_address", data, attrs, "compute.globalAddresses.list",
                     False)


def to_terraform_connection(data: dict, scope: Scope, network: Resource) -> Resource:
    """A private service access connection: peering between the network and a service producer."""
    service = data.get("service") or "servicenetworking.googleapis.com"
    attrs = {
        "id": f"{network.attrs['id']}:{service}",
        "network": data.get("network"),
        "service": service,
        "peering": data.get("peering"),
        "reserved_peering_ranges": sorted_list(data.get("reservedPeeringRanges")),
    }
    return scope.resource(f"//servicenetworking.googleapis.com/{attrs['id']}", "google_service_networking_connection",
                          data.get("peering") or last(service), attrs, "servicenetworking.services.get", region=None)


# ==================================================================================== the syncs


def _simple(client: str, api: str, regional: bool, transform: Callable[[dict, Scope], Any]) -> Callable[[Scope], list]:
    def sync(scope: Scope) -> list[Resource]:
        return scope.each(transform, _list(scope, client, api, regional), api=api)

    sync.__name__ = f"sync_{api.split('.')[1]}"
    return sync


def sync_networks(scope: Scope) -> Followups:
    """The networks, then each network's private service access connections (Service Networking asks for
    the network by project *number*)."""
    networks = scope.each(to_terraform_network, _list(scope, "NetworksClient", "compute.networks.list", False),
                          api="compute.networks.list")

    def connections(network: Resource) -> list[Resource]:
        number = scope.number or scope.log.numbers.get(scope.project)
        if not number:
            api = "servicenetworking.services.get"
            scope.log.gap(GapKind.NOT_AVAILABLE, scope.subject(api), "private service access connections not read: the "
                          "project number is not known (resourcemanager.projects.get failed)", api)
            return []
        items = scope.rest_list("servicenetworking.services.get",
                                "/v1/services/servicenetworking.googleapis.com/connections", "connections",
                                {"network": f"projects/{number}/global/networks/{network.attrs['name']}"},
                                page_param="", page_size=0, required=None)
        return [to_terraform_connection(c, scope, network) for c in items or ()]

    return fan_out(scope, "psa-connections", networks, connections, resources=networks)


GLOBAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (
    ("compute-networks", sync_networks),
    ("compute-firewalls", _simple("FirewallsClient", "compute.firewalls.list", False, to_terraform_firewall)),
    ("compute-global-addresses", _simple("GlobalAddressesClient", "compute.globalAddresses.list", False,
                                         to_terraform_global_address)),
)
REGIONAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (
    ("compute-subnetworks", _simple("SubnetworksClient", "compute.subnetworks.list", True, to_terraform_subnetwork)),
    ("compute-routers", _simple("RoutersClient", "compute.routers.list", True, to_terraform_router)),
    ("compute-forwarding-rules", _simple("ForwardingRulesClient", "compute.forwardingRules.list", True,
                                         to_terraform_forwarding_rule)),
)

__all__ = ["GLOBAL_SYNCS", "REGIONAL_SYNCS", "compute_path"]
