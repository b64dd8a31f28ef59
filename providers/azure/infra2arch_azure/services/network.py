"""Microsoft.Network: virtual networks with their subnets and peerings, NSGs, route tables, NAT
gateways, public IPs, Azure Firewall, Bastion, private endpoints and private DNS zones.

One subscription-wide list per type (subnets and peerings come inside their VNet, NSG rules and
routes inside their parent); private endpoints' DNS zone groups and private DNS zones' VNet links
are one call per parent. Subnet attachments (NSG, route table, NAT gateway) become azurerm's
association resources, as a Terraform configuration declares them."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_azure.context import Scope, fan_out
from infra2arch_azure.transform import (
    block, compact, enabled, identity, location, negate, obj, objs, plain, props, ref, refs,
    resource_group_of, sorted_blocks, split_list, text,
)

NETWORK = "2024-05-01"
PRIVATE_DNS = "2020-06-01"
NS = "providers/Microsoft.Network"
ACT = "Microsoft.Network"


def _name(arm_id: str | None) -> str | None:
    return arm_id.rstrip("/").rsplit("/", 1)[-1] if arm_id else None


# ---------------------------------------------------------------------------------- transforms


def to_terraform_virtual_network(item: Mapping[str, Any], scope: Scope) -> list[Resource]:
    p = props(item)
    api = f"{ACT}/virtualNetworks/read"
    vnet = scope.resource(item, "azurerm_virtual_network", {
        "address_space": split_list(obj(p.get("addressSpace")).get("addressPrefixes")),
        "dns_servers": obj(p.get("dhcpOptions")).get("dnsServers") or None,
        "ddos_protection_plan": block({"id": ref(p.get("ddosProtectionPlan")),
                                       "enable": p.get("enableDdosProtection") if p.get("ddosProtectionPlan") else None}),
    }, api)
    out = [vnet]
    region = vnet.location.region
    for subnet in objs(p.get("subnets")):
        if isinstance(subnet, Mapping) and subnet.get("id"):
            out.extend(to_terraform_subnet(subnet, item, scope, region))
    for peering in objs(p.get("virtualNetworkPeerings")):
        if isinstance(peering, Mapping) and peering.get("id"):
            out.append(to_terraform_peering(peering, item, scope, region))
    return out


def to_terraform_subnet(subnet: Mapping[str, Any], vnet: Mapping[str, Any], scope: Scope,
                        region: str | None) -> list[Resource]:
    p = props(subnet)
    api = f"{ACT}/virtualNetworks/read"
    subnet_id = subnet["id"]
    prefixes = p.get("addressPrefixes") or ([p["addressPrefix"]] if p.get("addressPrefix") else None)
    delegations = [{"name": d.get("name"), "service_delegation": block({
        "name": props(d).get("serviceName"), "actions": split_list(props(d).get("actions"))})}
        for d in objs(p.get("delegations")) if isinstance(d, Mapping)]
    out = [scope.resource(subnet, "azurerm_subnet", {
        "virtual_network_name": vnet.get("name"),
        "address_prefixes": split_list(prefixes),
        "private_endpoint_network_policies": p.get("privateEndpointNetworkPolicies"),
        "private_link_service_network_policies_enabled": enabled(p.get("privateLinkServiceNetworkPolicies")),
        "default_outbound_access_enabled": p.get("defaultOutboundAccess"),
        "service_endpoints": split_list([s.get("service") for s in objs(p.get("serviceEndpoints"))
                                         if isinstance(s, Mapping)]),
        "delegation": sorted_blocks(delegations),
    }, api, region=region)]
    for key, tf_type, attr, suffix in (
            ("networkSecurityGroup", "azurerm_subnet_network_security_group_association", "network_security_group_id",
             "networkSecurityGroupAssociation"),
            ("routeTable", "azurerm_subnet_route_table_association", "route_table_id", "routeTableAssociation"),
            ("natGateway", "azurerm_subnet_nat_gateway_association", "nat_gateway_id", "natGatewayAssociation")):
        target = ref(p.get(key))
        if target:
            # no "id": azurerm gives the association the subnet's id, and one id must name one thing
            out.append(scope.resource({}, tf_type, {"subnet_id": subnet_id, attr: target,
                                                    "resource_group_name": resource_group_of(subnet_id)},
                                      api, address=f"{subnet_id}#{suffix}", name=f"{subnet.get('name')}-{suffix}",
                                      region=region))
    return out


def to_terraform_peering(peering: Mapping[str, Any], vnet: Mapping[str, Any], scope: Scope,
                         region: str | None) -> Resource:
    p = props(peering)
    return scope.resource(peering, "azurerm_virtual_network_peering", {
        "virtual_network_name": vnet.get("name"),
        "remote_virtual_network_id": ref(p.get("remoteVirtualNetwork")),
        "allow_virtual_network_access": p.get("allowVirtualNetworkAccess"),
        "allow_forwarded_traffic": p.get("allowForwardedTraffic"),
        "allow_gateway_transit": p.get("allowGatewayTransit"),
        "use_remote_gateways": p.get("useRemoteGateways"),
    }, f"{ACT}/virtualNetworks/read", region=region)


_RULE_FIELDS = (
    ("protocol", "protocol"), ("access", "access"), ("direction", "direction"), ("priority", "priority"),
    ("description", "description"),
    ("sourcePortRange", "source_port_range"), ("sourcePortRanges", "source_port_ranges"),
    ("destinationPortRange", "destination_port_range"), ("destinationPortRanges", "destination_port_ranges"),
    ("sourceAddressPrefix", "source_address_prefix"), ("sourceAddressPrefixes", "source_address_prefixes"),
    ("destinationAddressPrefix", "destination_address_prefix"),
    ("destinationAddressPrefixes", "destination_address_prefixes"),
)


def _rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    p = props(rule)
    out: dict[str, Any] = {"name": rule.get("name")}
    for api_key, tf_key in _RULE_FIELDS:
        value = plain(p.get(api_key))
        if tf_key.endswith(("_ranges", "_prefixes")) and isinstance(value, str):
            value = [value]
        if isinstance(value, list):
            value = sorted(str(plain(v)) for v in value) or None
        elif isinstance(value, (dict, list)):
            value = None   # not a shape ARM documents for a rule field
        out[tf_key] = value
    for api_key, tf_key in (("sourceApplicationSecurityGroups", "source_application_security_group_ids"),
                            ("destinationApplicationSecurityGroups", "destination_application_security_group_ids")):
        out[tf_key] = refs(p.get(api_key))
    return out


def _priority(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 1 << 20


def to_terraform_network_security_group(item: Mapping[str, Any], scope: Scope) -> Resource:
    rules = sorted_blocks(_rule(r) for r in objs(props(item).get("securityRules")))
    if rules:
        rules.sort(key=lambda r: (str(r.get("direction")), _priority(r.get("priority")), str(r.get("name"))))
    return scope.resource(item, "azurerm_network_security_group", {"security_rule": rules},
                          f"{ACT}/networkSecurityGroups/read")


def to_terraform_route_table(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    routes = sorted_blocks({
        "name": r.get("name"),
        "address_prefix": props(r).get("addressPrefix"),
        "next_hop_type": props(r).get("nextHopType"),
        "next_hop_in_ip_address": props(r).get("nextHopIpAddress"),
    } for r in objs(p.get("routes")) if isinstance(r, Mapping))
    return scope.resource(item, "azurerm_route_table", {
        "route": routes,
        "bgp_route_propagation_enabled": negate(p.get("disableBgpRoutePropagation")),
    }, f"{ACT}/routeTables/read")


def to_terraform_public_ip(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_public_ip", {
        "allocation_method": p.get("publicIPAllocationMethod"),
        "sku": obj(item.get("sku")).get("name"),
        "sku_tier": obj(item.get("sku")).get("tier"),
        "ip_address": p.get("ipAddress"),
        "ip_version": p.get("publicIPAddressVersion"),
        "domain_name_label": obj(p.get("dnsSettings")).get("domainNameLabel"),
        "zones": split_list(item.get("zones")),
    }, f"{ACT}/publicIPAddresses/read")


def to_terraform_nat_gateway(item: Mapping[str, Any], scope: Scope) -> list[Resource]:
    p = props(item)
    api = f"{ACT}/natGateways/read"
    out = [scope.resource(item, "azurerm_nat_gateway", {
        "sku_name": obj(item.get("sku")).get("name"),
        "idle_timeout_in_minutes": p.get("idleTimeoutInMinutes"),
        "zones": split_list(item.get("zones")),
    }, api)]
    for ip in refs(p.get("publicIpAddresses")) or ():
        out.append(scope.resource({}, "azurerm_nat_gateway_public_ip_association", {
            "nat_gateway_id": item["id"], "public_ip_address_id": ip,
            "resource_group_name": resource_group_of(item["id"])},
            api, address=f"{item['id']}#publicIp:{_name(ip)}", name=f"{item.get('name')}-{_name(ip)}",
            region=out[0].location.region))
    return out


def _ip_configurations(items: Any) -> list[dict[str, Any]] | None:
    return sorted_blocks({
        "name": c.get("name"),
        "subnet_id": ref(props(c).get("subnet")),
        "public_ip_address_id": ref(props(c).get("publicIPAddress")),
        "private_ip_address": props(c).get("privateIPAddress"),
    } for c in objs(items))


def to_terraform_firewall(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    sku = obj(p.get("sku"))
    return scope.resource(item, "azurerm_firewall", {
        "sku_name": sku.get("name"),
        "sku_tier": sku.get("tier"),
        "threat_intel_mode": p.get("threatIntelMode"),
        "firewall_policy_id": ref(p.get("firewallPolicy")),
        "ip_configuration": _ip_configurations(p.get("ipConfigurations")),
        "management_ip_configuration": _ip_configurations(
            [p["managementIpConfiguration"]] if isinstance(p.get("managementIpConfiguration"), Mapping) else None),
        "zones": split_list(item.get("zones")),
    }, f"{ACT}/azureFirewalls/read")


def to_terraform_firewall_policy(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    dns = obj(p.get("dnsSettings"))
    return scope.resource(item, "azurerm_firewall_policy", {
        "sku": obj(p.get("sku")).get("tier"),
        "threat_intelligence_mode": p.get("threatIntelMode"),
        "base_policy_id": ref(p.get("basePolicy")),
        "dns": block({"proxy_enabled": dns.get("enableProxy"), "servers": split_list(dns.get("servers"))}),
        "intrusion_detection": block({"mode": obj(p.get("intrusionDetection")).get("mode")}),
        "sql_redirect_allowed": obj(p.get("sql")).get("allowSqlRedirect"),
        "identity": identity(item),
    }, f"{ACT}/firewallPolicies/read")


def _list(value: Any) -> list[str] | None:
    """An ARM string array as a Terraform list, order kept (a rule's addresses and ports)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return None
    return [str(plain(v)) for v in value if v not in (None, "")] or None


def _firewall_rule(rule: Mapping[str, Any]) -> dict[str, Any]:
    kind = str(plain(rule.get("ruleType")) or "")
    out: dict[str, Any] = {"name": rule.get("name"), "source_addresses": _list(rule.get("sourceAddresses")),
                           "source_ip_groups": _list(rule.get("sourceIpGroups"))}
    if kind == "NatRule":
        destinations = _list(rule.get("destinationAddresses")) or []
        out.update({"protocols": _list(rule.get("ipProtocols")),
                    "destination_address": destinations[0] if len(destinations) == 1 else None,
                    "destination_ports": _list(rule.get("destinationPorts")),
                    "translated_address": text(rule.get("translatedAddress")),
                    "translated_fqdn": text(rule.get("translatedFqdn")),
                    "translated_port": str(plain(rule.get("translatedPort"))) if rule.get("translatedPort") else None})
    elif kind == "ApplicationRule":
        out.update({"destination_fqdns": _list(rule.get("targetFqdns")),
                    "destination_fqdn_tags": _list(rule.get("fqdnTags")),
                    "destination_addresses": _list(rule.get("destinationAddresses")),
                    "protocols": sorted_blocks({"type": x.get("protocolType"), "port": x.get("port")}
                                               for x in objs(rule.get("protocols")))})
    else:   # NetworkRule
        out.update({"protocols": _list(rule.get("ipProtocols")),
                    "destination_addresses": _list(rule.get("destinationAddresses")),
                    "destination_fqdns": _list(rule.get("destinationFqdns")),
                    "destination_ip_groups": _list(rule.get("destinationIpGroups")),
                    "destination_ports": _list(rule.get("destinationPorts"))})
    return compact(out)


def to_terraform_rule_collection_group(item: Mapping[str, Any], policy: Mapping[str, Any], scope: Scope) -> Resource:
    """A policy's rule collection group: ARM's ``ruleCollections`` split into azurerm's nat,
    network and application rule collection blocks (by their rules' type)."""
    collections: dict[str, list[dict[str, Any]]] = {"nat_rule_collection": [], "network_rule_collection": [],
                                                     "application_rule_collection": []}
    for collection in objs(props(item).get("ruleCollections")):
        rules = objs(collection.get("rules"))
        nat = str(plain(collection.get("ruleCollectionType")) or "") == "FirewallPolicyNatRuleCollection"
        kinds = {str(plain(r.get("ruleType")) or "") for r in rules}
        key = ("nat_rule_collection" if nat else
               "application_rule_collection" if kinds == {"ApplicationRule"} else "network_rule_collection")
        action = str(plain(obj(collection.get("action")).get("type")) or "") or None
        collections[key].append(compact({
            "name": collection.get("name"), "priority": collection.get("priority"),
            "action": "Dnat" if action and action.upper() == "DNAT" else action,
            "rule": [_firewall_rule(r) for r in rules] or None}))
    return scope.resource(item, "azurerm_firewall_policy_rule_collection_group", {
        "firewall_policy_id": policy["id"],
        "priority": props(item).get("priority"),
        **{key: sorted(value, key=lambda c: (c.get("priority") if isinstance(c.get("priority"), int) else 1 << 20,
                                             str(c.get("name")))) or None for key, value in collections.items()},
        "resource_group_name": None,
    }, f"{ACT}/firewallPolicies/ruleCollectionGroups/read", region=location(policy))


def to_terraform_bastion_host(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_bastion_host", {
        "sku": obj(item.get("sku")).get("name"),
        "ip_configuration": _ip_configurations(p.get("ipConfigurations")),
        "tunneling_enabled": p.get("enableTunneling"),
        "shareable_link_enabled": p.get("enableShareableLink"),
        "ip_connect_enabled": p.get("enableIpConnect"),
        "copy_paste_enabled": negate(p.get("disableCopyPaste")),
        "file_copy_enabled": p.get("enableFileCopy"),
        "scale_units": p.get("scaleUnits"),
        "dns_name": p.get("dnsName"),
    }, f"{ACT}/bastionHosts/read")


def to_terraform_private_endpoint(item: Mapping[str, Any], zone_groups: list[dict] | None, scope: Scope) -> Resource:
    p = props(item)
    connections = []
    for key, manual in (("privateLinkServiceConnections", False), ("manualPrivateLinkServiceConnections", True)):
        for connection in objs(p.get(key)):
            cp = props(connection)
            connections.append({
                "name": connection.get("name"),
                "private_connection_resource_id": cp.get("privateLinkServiceId"),
                "subresource_names": split_list(cp.get("groupIds")),
                "is_manual_connection": manual,
                "request_message": cp.get("requestMessage"),
            })
    groups = sorted_blocks({
        "name": g.get("name"),
        "private_dns_zone_ids": sorted({c_id for c in objs(props(g).get("privateDnsZoneConfigs"))
                                        if isinstance(c_id := props(c).get("privateDnsZoneId"), str)}) or None,
    } for g in objs(zone_groups))
    return scope.resource(item, "azurerm_private_endpoint", {
        "subnet_id": ref(p.get("subnet")),
        "custom_network_interface_name": p.get("customNetworkInterfaceName"),
        "private_service_connection": sorted_blocks(connections),
        "private_dns_zone_group": groups,
        "ip_configuration": sorted_blocks({"name": c.get("name"), "private_ip_address": props(c).get("privateIPAddress"),
                                           "subresource_name": props(c).get("groupId")}
                                          for c in objs(p.get("ipConfigurations")) if isinstance(c, Mapping)),
    }, f"{ACT}/privateEndpoints/read")


def to_terraform_private_dns_zone(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_private_dns_zone", {
        "number_of_record_sets": p.get("numberOfRecordSets"),
    }, f"{ACT}/privateDnsZones/read", region=None)


def to_terraform_dns_link(item: Mapping[str, Any], zone: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_private_dns_zone_virtual_network_link", {
        "private_dns_zone_name": zone.get("name"),
        "virtual_network_id": ref(p.get("virtualNetwork")),
        "registration_enabled": p.get("registrationEnabled"),
    }, f"{ACT}/privateDnsZones/virtualNetworkLinks/read", region=None)


# ------------------------------------------------------------------------------------- syncs


def sync_virtual_networks(scope: Scope) -> list[Resource]:
    return scope.read(to_terraform_virtual_network, f"{ACT}/virtualNetworks", NETWORK)


def sync_security(scope: Scope) -> list[Resource]:
    return (scope.read(to_terraform_network_security_group, f"{ACT}/networkSecurityGroups", NETWORK)
            + scope.read(to_terraform_route_table, f"{ACT}/routeTables", NETWORK))


def sync_edge(scope: Scope) -> list[Resource]:
    return (scope.read(to_terraform_public_ip, f"{ACT}/publicIPAddresses", NETWORK)
            + scope.read(to_terraform_nat_gateway, f"{ACT}/natGateways", NETWORK)
            + scope.read(to_terraform_firewall, f"{ACT}/azureFirewalls", NETWORK)
            + scope.read(to_terraform_bastion_host, f"{ACT}/bastionHosts", NETWORK))


def sync_firewall_policies(scope: Scope):
    policies = scope.list(f"{NS}/firewallPolicies", NETWORK, f"{ACT}/firewallPolicies/read") or []

    def one(policy: Mapping[str, Any]) -> list[Resource]:
        groups = scope.list(f"{policy['id']}/ruleCollectionGroups", NETWORK,
                            f"{ACT}/firewallPolicies/ruleCollectionGroups/read", where=resource_group_of(policy["id"]))
        return scope.each(to_terraform_rule_collection_group, groups, policy)

    return fan_out("firewall rule collection groups", policies, one,
                   resources=scope.each(to_terraform_firewall_policy, policies))


def sync_private_endpoints(scope: Scope):
    endpoints = scope.list(f"{NS}/privateEndpoints", NETWORK, f"{ACT}/privateEndpoints/read")

    def one(item: Mapping[str, Any]) -> list[Resource]:
        groups = scope.list(f"{item['id']}/privateDnsZoneGroups", NETWORK,
                            f"{ACT}/privateEndpoints/privateDnsZoneGroups/read",
                            where=resource_group_of(item["id"]))
        return scope.each(to_terraform_private_endpoint, [item], groups)

    return fan_out("private endpoints", endpoints, one)


def sync_private_dns(scope: Scope):
    zones = scope.list(f"{NS}/privateDnsZones", PRIVATE_DNS, f"{ACT}/privateDnsZones/read") or []

    def one(zone: Mapping[str, Any]) -> list[Resource]:
        links = scope.list(f"{zone['id']}/virtualNetworkLinks", PRIVATE_DNS,
                           f"{ACT}/privateDnsZones/virtualNetworkLinks/read", where=resource_group_of(zone["id"]))
        return scope.each(to_terraform_dns_link, links, zone)

    return fan_out("private DNS links", zones, one, resources=scope.each(to_terraform_private_dns_zone, zones))


SYNCS = (
    ("network/virtualNetworks", sync_virtual_networks),
    ("network/security", sync_security),
    ("network/edge", sync_edge),
    ("network/firewallPolicies", sync_firewall_policies),
    ("network/privateEndpoints", sync_private_endpoints),
    ("network/privateDnsZones", sync_private_dns),
)

