"""Network facts read off the graph: which subnets are public, private or isolated, and which
resources are entry points from the internet. Used by the maps and by the zones annotator."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from infra2arch.annotate.public_endpoints import apprunner_public, eks_api_public, gke_api_public, psc_enabled
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
        routed = _azure_default_route(tables, resources, graph) if resource.type == "azurerm_subnet" and tables \
            and not targets else None
        if targets & _INTERNET_GATEWAYS:
            tiers[address] = PUBLIC
        elif targets & _NAT:
            tiers[address] = PRIVATE
        elif routed is not None:
            tiers[address] = {"internet-gateway": PUBLIC, "none": ISOLATED}.get(routed[0], PRIVATE)
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
        elif t == "google_cloudfunctions_function" and attrs.get("trigger_http") is True \
                and attrs.get("ingress_settings") in (None, "ALLOW_ALL"):
            out[address] = "HTTP Cloud Function open to all ingress" + (
                " (ingress_settings default ALLOW_ALL)" if attrs.get("ingress_settings") is None else "")
        elif t == "google_cloudfunctions2_function" and not isinstance(attrs.get("service_config"), Unknown) \
                and _block(attrs.get("service_config")).get(
                "ingress_settings") in (None, "ALLOW_ALL"):
            # every 2nd-gen function has an HTTPS URL (a Cloud Run service); ingress decides who reaches it
            setting = _block(attrs.get("service_config")).get("ingress_settings")
            out[address] = "Cloud Function open to all ingress" + (
                " (service_config.ingress_settings default ALLOW_ALL)" if setting is None else "")
        elif t == "google_vertex_ai_endpoint" and not attrs.get("network") and psc_enabled(attrs) is False:
            # a private_service_connect_config block with enable_private_service_connect = false is still public
            out[address] = "public Vertex AI endpoint (no network, no private service connect)"
        elif t == "google_vertex_ai_index_endpoint" and (attrs.get("public_endpoint_enabled") is True
                                                          or attrs.get("public_endpoint_enabled") == "true"):
            out[address] = "public Vector Search index endpoint (public_endpoint_enabled = true)"
        elif t == "azurerm_machine_learning_workspace" and not _false(attrs.get("public_network_access_enabled")):
            setting = attrs.get("public_network_access_enabled")
            if not isinstance(setting, Unknown):   # an unknown one is noted as unknown by the zones
                out[address] = ("workspace reachable from public networks (default)" if setting is None
                                else "workspace reachable from public networks (public_network_access_enabled)")
        elif t in ("azurerm_application_gateway", "azurerm_frontdoor", "azurerm_cdn_frontdoor_profile"):
            out[address] = "internet-facing gateway"
        elif t in ("aws_lambda_function",) and any(resources[c].type == "aws_lambda_function_url"
                                                    for c in folded_children.get(address, ())):
            out[address] = "Lambda function URL"
        elif t == "aws_apprunner_service" and (reason := apprunner_public(attrs)):
            out[address] = reason
        elif t == "aws_eks_cluster" and (reason := eks_api_public(attrs)):
            out[address] = reason
        elif t == "google_container_cluster" and (reason := gke_api_public(attrs)):
            out[address] = reason
        elif t == "aws_instance" and attrs.get("associate_public_ip_address") is True:
            out[address] = "instance with a public IP"
        elif t == "google_compute_instance" and isinstance(attrs.get("network_interface"), list) and any(
                isinstance(ni, dict) and ni.get("access_config") for ni in attrs["network_interface"]):
            out[address] = "VM with an external IP"
        elif t == "azurerm_bastion_host":
            out[address] = "bastion host (public IP)"
    return out


def _block(value: Any) -> dict:
    """A nested block's first element ({} when absent or unknown)."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _children(folded: Mapping[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for child, parent in folded.items():
        out[parent].append(child)
    return out


# ------------------------------------------------------------------------------------ egress
# How traffic leaves each subnet for the internet, read off the routes and gateways in the graph.
# The kinds and their order (most open first) are EGRESS_KINDS in annotate.model.

_EGRESS_OF_TYPE = {
    "aws_internet_gateway": "internet-gateway", "aws_egress_only_internet_gateway": "internet-gateway",
    "aws_nat_gateway": "nat", "azurerm_nat_gateway": "nat", "google_compute_router_nat": "nat",
    "azurerm_firewall": "firewall", "aws_networkfirewall_firewall": "firewall",
    # a default route to an instance or NIC is a route through a network appliance (NAT instance, NVA)
    "aws_instance": "firewall", "aws_network_interface": "firewall", "azurerm_network_interface": "firewall",
    "azurerm_linux_virtual_machine": "firewall", "azurerm_windows_virtual_machine": "firewall",
    "aws_ec2_transit_gateway": "transit", "aws_vpn_gateway": "transit", "aws_vpc_peering_connection": "transit",
    "azurerm_virtual_network_gateway": "transit", "azurerm_virtual_hub": "transit",
}
# Azure subnets whose platform service owns a public IP of its own
_AZURE_PLATFORM_SUBNETS = frozenset({"AzureFirewallSubnet", "AzureBastionSubnet", "GatewaySubnet",
                                     "AzureFirewallManagementSubnet"})


def _open_rank(kind_: str) -> int:
    from infra2arch.annotate.model import EGRESS_KINDS
    return EGRESS_KINDS.index(kind_) if kind_ in EGRESS_KINDS else len(EGRESS_KINDS)


def most_open(kinds: list[str]) -> str:
    """The most open of several egress kinds ("" when none)."""
    return min(kinds, key=_open_rank) if kinds else ""


def subnet_egress(graph: Graph) -> dict[str, tuple[str, tuple[str, ...]]]:
    """subnet address -> (egress kind, the addresses that carry it), for every subnet-category resource.

    AWS: the routes of the subnet's route table (explicit association, else the VPC's main table):
    internet gateway, NAT gateway, Network Firewall endpoint or appliance, transit/VPN/peering, or
    none (a table without a way out). Azure: a NAT gateway association or a route table whose routes
    go through a firewall/appliance; otherwise Azure's default outbound access (none when
    ``default_outbound_access_enabled = false``). Google Cloud: Cloud NAT on the subnet's network
    (or listing the subnet), else none; a deny-all egress firewall rule on the network makes it none.
    """
    resources = graph.by_address()
    route_targets: dict[str, set[str]] = defaultdict(set)       # route table / route -> targets
    subnet_tables: dict[str, set[str]] = defaultdict(set)
    main_tables: dict[str, set[str]] = defaultdict(set)
    direct: dict[str, set[str]] = defaultdict(set)              # subnet -> NAT gateway associated directly
    refs: dict[str, set[str]] = defaultdict(set)                # any non-depends reference, for GCP
    for edge in graph.edges:
        src, dst = resources.get(edge.src), resources.get(edge.dst)
        if src is None or dst is None:
            continue
        if edge.relation != Relation.DEPENDS or edge.via.endswith(("network", "router", "subnetwork", "name")):
            refs[edge.src].add(edge.dst)
        src_kind, dst_kind = kind(src.type), kind(dst.type)
        if src_kind and src_kind.category == Category.NETWORK_ROUTE and dst.type in _EGRESS_OF_TYPE \
                and edge.relation != Relation.DEPENDS:
            route_targets[edge.src].add(edge.dst)
        if src_kind and src_kind.category == Category.NETWORK_SUBNET and dst_kind \
                and dst_kind.category == Category.NETWORK_ROUTE:
            subnet_tables[edge.src].add(edge.dst)
        if src_kind and src_kind.category == Category.NETWORK_SUBNET and dst.type in _NAT \
                and edge.relation != Relation.DEPENDS:
            direct[edge.src].add(edge.dst)
        if "main_route_table_association" in edge.via or src.type == "aws_default_route_table":
            if src_kind and src_kind.category == Category.NETWORK_VPC:
                main_tables[edge.src].add(edge.dst)
    for item in graph.containment:
        refs[item.child].add(item.parent)
    for address, resource in resources.items():
        if resource.type in ("google_compute_router_nat", "google_compute_router", "google_compute_firewall"):
            for key in ("network", "router", "subnetwork"):
                refs[address].update(_targets(resource.attrs.get(key), resources))
            for block in resource.attrs.get("subnetwork") or [] if isinstance(resource.attrs.get("subnetwork"), list) else []:
                if isinstance(block, dict):
                    refs[address].update(_targets(block.get("name"), resources))
    network_of = {c.child: c.parent for c in graph.containment
                  if (k := kind(resources[c.parent].type) if c.parent in resources else None)
                  and k.category == Category.NETWORK_VPC}
    gcp_nat, gcp_deny = _gcp_egress(resources, refs)
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for address, resource in resources.items():
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET:
            continue
        network = network_of.get(address, "")
        if resource.type == "google_compute_subnetwork" or resource.type.startswith("google_"):
            deny = gcp_deny.get(network)
            nats = sorted(n for n, (net, subnets) in gcp_nat.items()
                          if (subnets and address in subnets) or (not subnets and net == network))
            if deny:
                out[address] = ("none", tuple(deny))
            elif nats:
                out[address] = ("nat", tuple(nats))
            else:
                # a data source's network may have a Cloud NAT outside the code: not known to have none
                out[address] = ("unknown" if resource.mode == "data" else "none", ())
            continue
        tables = subnet_tables.get(address) or main_tables.get(network, set())
        targets = set(direct.get(address, ()))
        for table in tables:
            targets |= route_targets.get(table, set())
        if resource.attrs.get("map_public_ip_on_launch") is True and not targets:
            out[address] = ("internet-gateway", ())
            continue
        if not targets and resource.type == "azurerm_subnet" and tables:
            routed = _azure_default_route(tables, resources, graph)
            if routed is not None:
                out[address] = routed
                continue
        if targets:
            kinds = {t: _EGRESS_OF_TYPE.get(resources[t].type, "firewall") for t in targets}
            best = most_open(list(kinds.values()))
            out[address] = (best, tuple(sorted(t for t, k in kinds.items() if k == best)))
        elif resource.type == "azurerm_subnet":
            if resource.attrs.get("name") in _AZURE_PLATFORM_SUBNETS:
                out[address] = ("internet-gateway", ())
            elif resource.attrs.get("default_outbound_access_enabled") is False:
                out[address] = ("none", ())
            elif resource.mode == "data" or isinstance(resource.attrs.get("default_outbound_access_enabled"), Unknown):
                # an existing subnet read by a data source: its NAT gateway, route table and default
                # outbound setting are not in the code, so Azure's default outbound is not assumed
                out[address] = ("unknown", ())
            else:
                out[address] = ("default-outbound", ())
        elif tables:
            out[address] = ("none", ())
        else:
            out[address] = ("unknown", ())
    return out


_AZURE_NEXT_HOPS = {"internet": "internet-gateway", "none": "none", "virtualnetworkgateway": "transit",
                    "virtualappliance": "firewall"}


def _azure_default_route(tables: set[str], resources: Mapping[str, Any], graph: Graph
                         ) -> tuple[str, tuple[str, ...]] | None:
    """The 0.0.0.0/0 route of an Azure route table (inline ``route`` blocks or azurerm_route resources)
    whose next hop is not a resource reference: a literal appliance IP is matched to the firewall
    whose subnet holds it, else named as it is."""
    import ipaddress

    routes: list[dict] = []
    for table in sorted(tables):
        resource = resources.get(table)
        if resource is None:
            continue
        inline = resource.attrs.get("route")
        routes += [r for r in (inline if isinstance(inline, list) else [inline]) if isinstance(r, dict)]
        routes += [dict(resources[c].attrs) for c, parent in graph.folded.items()
                   if parent == table and c in resources and resources[c].type == "azurerm_route"]
    for route in routes:
        if route.get("address_prefix") not in ("0.0.0.0/0", "Internet"):
            continue
        hop = str(route.get("next_hop_type", "")).lower()
        kind_ = _AZURE_NEXT_HOPS.get(hop)
        if kind_ is None:
            continue
        ip = route.get("next_hop_in_ip_address")
        if kind_ != "firewall" or not isinstance(ip, str):
            return kind_, ()
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return "firewall", (f"appliance {ip}",)
        links = [(e.src, e.dst) for e in graph.edges] + [(c.child, c.parent) for c in graph.containment]
        for firewall in sorted(a for a, r in resources.items() if r.type in ("azurerm_firewall",)):
            for src, dst in links:
                subnet = resources.get(dst) if src == firewall else None
                prefixes = subnet.attrs.get("address_prefixes") if subnet is not None and subnet.type == "azurerm_subnet" else None
                for prefix in prefixes if isinstance(prefixes, list) else []:
                    try:
                        if isinstance(prefix, str) and address in ipaddress.ip_network(prefix, strict=False):
                            return "firewall", (firewall,)
                    except ValueError:
                        continue
        return "firewall", (f"appliance {ip}",)
    return None


def _targets(value: Any, resources: Mapping[str, Any]) -> set[str]:
    """The resources a reference points at: the origins of an unknown (``google_compute_network.x.id``),
    or a resource whose name, id or self link is the literal value."""
    if isinstance(value, Unknown):
        return {source for source, _ in value.origins if source in resources}
    if isinstance(value, str) and value:
        tail = value.rsplit("/", 1)[-1]
        return {a for a, r in resources.items() if r.attrs.get("name") == tail
                and r.type in ("google_compute_network", "google_compute_router", "google_compute_subnetwork")}
    return set()


def _gcp_egress(resources: Mapping[str, Any], refs: Mapping[str, set[str]]
                ) -> tuple[dict[str, tuple[str, set[str]]], dict[str, list[str]]]:
    """(Cloud NAT -> (its network, the subnets it lists or empty for all), network -> deny-all egress rules)."""
    nat: dict[str, tuple[str, set[str]]] = {}
    deny: dict[str, list[str]] = defaultdict(list)
    allow_all_egress: dict[str, list[int]] = defaultdict(list)
    for address, resource in resources.items():
        if resource.type == "google_compute_router_nat":
            routers = [r for r in refs.get(address, ()) if resources[r].type == "google_compute_router"]
            networks = {n for r in routers for n in refs.get(r, ()) if resources[n].type == "google_compute_network"}
            subnets = set()
            if resource.attrs.get("source_subnetwork_ip_ranges_to_nat") == "LIST_OF_SUBNETWORKS":
                subnets = {s for s in refs.get(address, ()) if resources[s].type == "google_compute_subnetwork"}
            for network in sorted(networks) or [""]:
                nat[address] = (network, subnets)
        elif resource.type == "google_compute_firewall" and str(resource.attrs.get("direction", "")).upper() == "EGRESS":
            attrs = resource.attrs
            ranges = attrs.get("destination_ranges")
            ranges = ranges if isinstance(ranges, list) else []
            everywhere = any(r in ("0.0.0.0/0", "::/0") for r in ranges)
            scoped = any(attrs.get(k) for k in ("target_tags", "target_service_accounts"))
            if not everywhere or scoped or attrs.get("disabled") is True:
                continue
            priority = attrs.get("priority", 1000)
            priority = priority if isinstance(priority, int) else 1000
            networks = [n for n in refs.get(address, ()) if resources[n].type == "google_compute_network"]
            blocks = attrs.get("deny") if attrs.get("deny") else attrs.get("allow")
            all_protocols = any(isinstance(b, dict) and str(b.get("protocol", "")).lower() == "all" and not b.get("ports")
                                for b in (blocks if isinstance(blocks, list) else [blocks]))
            for network in networks:
                if attrs.get("deny") and all_protocols:
                    deny[network].append((priority, address))
                elif attrs.get("allow"):
                    allow_all_egress[network].append(priority)
    result: dict[str, list[str]] = {}
    for network, rules in deny.items():
        lowest_deny = min(p for p, _ in rules)
        # an allow to 0.0.0.0/0 evaluated before the deny (lower number) opens egress again
        if not any(p < lowest_deny for p in allow_all_egress.get(network, ())):
            result[network] = sorted(a for _, a in rules)
    return nat, result


# ------------------------------------------------------------- OpenSearch Serverless network policies

AOSS_COLLECTIONS = frozenset({"aws_opensearchserverless_collection", "awscc_opensearchserverless_collection"})
_AOSS_POLICIES = frozenset({"aws_opensearchserverless_security_policy", "awscc_opensearchserverless_security_policy"})


def _pattern(value: Any) -> str | None:
    """A name as a glob: known text, or what is known of an unknown ("default-collection-*")."""
    from infra2arch.model import UNKNOWN_PART

    if isinstance(value, str):
        return value
    if isinstance(value, Unknown) and isinstance(value.partial, str) and value.partial.strip(UNKNOWN_PART):
        return value.partial.replace(UNKNOWN_PART, "*")
    return None


def _policy_rules(policy: Any) -> list[dict]:
    import json

    document = policy.partial if isinstance(policy, Unknown) else policy
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return []
    items = document if isinstance(document, list) else [document]
    return [item for item in items if isinstance(item, dict)]


def aoss_access_policies(graph: Graph) -> dict[str, list[str]]:
    """collection address -> the data access policies whose rules name it (``collection/<name>`` or
    ``index/<name>/...``): what admits a caller once the network lets it through."""
    import fnmatch

    resources = graph.by_address()
    names = {a: _pattern(r.attrs.get("name")) for a, r in resources.items() if r.type in AOSS_COLLECTIONS}
    out: dict[str, set[str]] = defaultdict(set)
    for address, policy in sorted(resources.items()):
        if policy.type not in ("aws_opensearchserverless_access_policy", "awscc_opensearchserverless_access_policy"):
            continue
        for rule in _policy_rules(policy.attrs.get("policy")):
            for item in rule.get("Rules") or []:
                for resource_pattern in (item.get("Resource") or []) if isinstance(item, dict) else []:
                    wanted = _pattern(resource_pattern)
                    if wanted is None or "/" not in wanted:
                        continue
                    wanted = wanted.split("/")[1]
                    for collection, name in names.items():
                        if name is not None and (fnmatch.fnmatchcase(name, wanted) or fnmatch.fnmatchcase(wanted, name)):
                            out[collection].add(address)
    return {a: sorted(v) for a, v in out.items()}


def aoss_network_access(graph: Graph) -> dict[str, list[tuple[str, bool | None]]]:
    """collection address -> [(network policy address, allows public access?)] for every network
    policy whose collection rules name it (``collection/<name>``, globs and unknown parts allowed).

    OpenSearch Serverless needs a network policy before a collection exists; ``AllowFromPublic =
    true`` opens the collection (and its dashboards) to the internet, guarded by the data access
    policy alone; ``false`` limits it to VPC endpoints and AWS services."""
    import fnmatch

    resources = graph.by_address()
    names = {a: _pattern(r.attrs.get("name")) for a, r in resources.items() if r.type in AOSS_COLLECTIONS}
    out: dict[str, list[tuple[str, bool | None]]] = defaultdict(list)
    for address, policy in sorted(resources.items()):
        if policy.type not in _AOSS_POLICIES or str(policy.attrs.get("type", "")).lower() != "network":
            continue
        for rule in _policy_rules(policy.attrs.get("policy")):
            public = rule.get("AllowFromPublic")
            public = public if isinstance(public, bool) else None
            for item in rule.get("Rules") or []:
                if not isinstance(item, dict) or str(item.get("ResourceType", "")).lower() != "collection":
                    continue
                for resource_pattern in item.get("Resource") or []:
                    wanted = _pattern(resource_pattern)
                    if wanted is None or not wanted.lower().startswith("collection/"):
                        continue
                    wanted = wanted.split("/", 1)[1]
                    for collection, name in names.items():
                        if name is not None and (fnmatch.fnmatchcase(name, wanted) or name == wanted
                                                 or fnmatch.fnmatchcase(wanted, name)):
                            out[collection].append((address, public))
    return dict(out)
