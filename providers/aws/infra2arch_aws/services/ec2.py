"""EC2 networking: VPCs, subnets, route tables and their associations, internet and NAT gateways,
security groups and VPC endpoints.

Every network resource carries ``id`` = its AWS id (``subnet-…``), so attributes elsewhere that hold
those ids (``subnet_id``, ``vpc_config.subnets``, ``security_group_ids``) link to it by value in the core.
"""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope
from infra2arch_aws.transform import arn_less, name_tag, policy_json, sorted_list, tags

SERVICE = "ec2"
_LIVE_NAT = ("pending", "available")


def _arn(scope: Scope, kind: str, ident: str) -> str:
    return scope.arn("ec2", f"{kind}/{ident}")


# ------------------------------------------------------------------------------------------ gets


def get_vpcs(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_vpcs", "Vpcs")


def get_subnets(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_subnets", "Subnets")


def get_route_tables(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_route_tables", "RouteTables")


def get_internet_gateways(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_internet_gateways", "InternetGateways")


def get_nat_gateways(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_nat_gateways", "NatGateways")


def get_security_groups(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_security_groups", "SecurityGroups")


def get_vpc_endpoints(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_vpc_endpoints", "VpcEndpoints")


# ------------------------------------------------------------------------------------ transforms


def to_terraform_vpc(vpc: Mapping[str, Any], scope: Scope) -> Resource:
    vpc_id = vpc["VpcId"]
    arn = _arn(scope, "vpc", vpc_id)
    ipv6 = [a.get("Ipv6CidrBlock") for a in vpc.get("Ipv6CidrBlockAssociationSet") or ()
            if (a.get("Ipv6CidrBlockState") or {}).get("State") == "associated"]
    attrs = {
        "id": vpc_id,
        "arn": arn,
        "cidr_block": vpc.get("CidrBlock"),
        "ipv6_cidr_block": ipv6[0] if ipv6 else None,
        "instance_tenancy": vpc.get("InstanceTenancy"),
        "dhcp_options_id": vpc.get("DhcpOptionsId"),
        "owner_id": vpc.get("OwnerId"),
        "tags": tags(vpc.get("Tags")),
    }
    tf_type = "aws_default_vpc" if vpc.get("IsDefault") else "aws_vpc"
    return scope.resource(arn, tf_type, name_tag(vpc.get("Tags"), vpc_id), attrs, "ec2:DescribeVpcs")


def to_terraform_subnet(subnet: Mapping[str, Any], scope: Scope) -> Resource:
    subnet_id = subnet["SubnetId"]
    arn = subnet.get("SubnetArn") or _arn(scope, "subnet", subnet_id)
    ipv6 = [a.get("Ipv6CidrBlock") for a in subnet.get("Ipv6CidrBlockAssociationSet") or ()
            if (a.get("Ipv6CidrBlockState") or {}).get("State") == "associated"]
    attrs = {
        "id": subnet_id,
        "arn": arn,
        "vpc_id": subnet.get("VpcId"),
        "cidr_block": subnet.get("CidrBlock"),
        "ipv6_cidr_block": ipv6[0] if ipv6 else None,
        "availability_zone": subnet.get("AvailabilityZone"),
        "availability_zone_id": subnet.get("AvailabilityZoneId"),
        "map_public_ip_on_launch": bool(subnet.get("MapPublicIpOnLaunch")),
        "assign_ipv6_address_on_creation": subnet.get("AssignIpv6AddressOnCreation"),
        "owner_id": subnet.get("OwnerId"),
        "tags": tags(subnet.get("Tags")),
    }
    tf_type = "aws_default_subnet" if subnet.get("DefaultForAz") else "aws_subnet"
    return scope.resource(arn, tf_type, name_tag(subnet.get("Tags"), subnet_id), attrs, "ec2:DescribeSubnets",
                          zone=subnet.get("AvailabilityZone"))


_ROUTE_TARGETS = (
    ("GatewayId", "gateway_id"), ("NatGatewayId", "nat_gateway_id"),
    ("EgressOnlyInternetGatewayId", "egress_only_gateway_id"), ("TransitGatewayId", "transit_gateway_id"),
    ("VpcPeeringConnectionId", "vpc_peering_connection_id"), ("NetworkInterfaceId", "network_interface_id"),
    ("CarrierGatewayId", "carrier_gateway_id"), ("LocalGatewayId", "local_gateway_id"),
    ("CoreNetworkArn", "core_network_arn"), ("InstanceId", "instance_id"),
)


def _route(route: Mapping[str, Any]) -> dict[str, Any] | None:
    if route.get("GatewayId") == "local":
        return None  # the VPC's own route: Terraform does not list it either
    out: dict[str, Any] = {}
    for api_key, tf_key in (("DestinationCidrBlock", "cidr_block"), ("DestinationIpv6CidrBlock", "ipv6_cidr_block"),
                            ("DestinationPrefixListId", "destination_prefix_list_id")):
        if route.get(api_key):
            out[tf_key] = route[api_key]
    for api_key, tf_key in _ROUTE_TARGETS:
        if route.get(api_key):
            value = route[api_key]
            if api_key == "GatewayId" and str(value).startswith("vpce-"):
                tf_key = "vpc_endpoint_id"
            out[tf_key] = value
    if route.get("State") == "blackhole":
        out["state"] = "blackhole"
    return out or None


def to_terraform_route_table(table: Mapping[str, Any], scope: Scope) -> list[Resource]:
    """The table, and one resource per association (subnet, gateway, or the VPC's main table)."""
    table_id = table["RouteTableId"]
    arn = _arn(scope, "route-table", table_id)
    routes = [r for r in (_route(route) for route in table.get("Routes") or ()) if r]
    routes.sort(key=lambda r: sorted(r.items()))
    attrs = {
        "id": table_id,
        "arn": arn,
        "vpc_id": table.get("VpcId"),
        "route": routes or None,
        "propagating_vgws": sorted_list(p.get("GatewayId") for p in table.get("PropagatingVgws") or ()),
        "owner_id": table.get("OwnerId"),
        "tags": tags(table.get("Tags")),
    }
    out = [scope.resource(arn, "aws_route_table", name_tag(table.get("Tags"), table_id), attrs,
                          "ec2:DescribeRouteTables")]
    for association in table.get("Associations") or ():
        state = (association.get("AssociationState") or {}).get("State", "associated")
        assoc_id = association.get("RouteTableAssociationId")
        if state not in ("associated", "associating") or not assoc_id:
            continue
        if association.get("Main"):
            tf_type = "aws_main_route_table_association"
            assoc_attrs = {"id": assoc_id, "vpc_id": table.get("VpcId"), "route_table_id": table_id}
        elif association.get("SubnetId"):
            tf_type = "aws_route_table_association"
            assoc_attrs = {"id": assoc_id, "subnet_id": association["SubnetId"], "route_table_id": table_id}
        elif association.get("GatewayId"):
            tf_type = "aws_route_table_association"
            assoc_attrs = {"id": assoc_id, "gateway_id": association["GatewayId"], "route_table_id": table_id}
        else:
            continue
        out.append(scope.resource(arn_less("ec2", scope.region, scope.account, tf_type, assoc_id), tf_type,
                                  assoc_id, assoc_attrs, "ec2:DescribeRouteTables"))
    return out


def to_terraform_internet_gateway(gateway: Mapping[str, Any], scope: Scope) -> Resource:
    gateway_id = gateway["InternetGatewayId"]
    arn = _arn(scope, "internet-gateway", gateway_id)
    vpcs = sorted(a["VpcId"] for a in gateway.get("Attachments") or () if a.get("VpcId"))
    attrs = {
        "id": gateway_id,
        "arn": arn,
        "vpc_id": vpcs[0] if vpcs else None,
        "owner_id": gateway.get("OwnerId"),
        "tags": tags(gateway.get("Tags")),
    }
    return scope.resource(arn, "aws_internet_gateway", name_tag(gateway.get("Tags"), gateway_id), attrs,
                          "ec2:DescribeInternetGateways")


def to_terraform_nat_gateway(gateway: Mapping[str, Any], scope: Scope) -> Resource:
    gateway_id = gateway["NatGatewayId"]
    arn = _arn(scope, "natgateway", gateway_id)
    addresses = gateway.get("NatGatewayAddresses") or []
    primary = next((a for a in addresses if a.get("IsPrimary")), addresses[0] if addresses else {})
    secondary = [a.get("AllocationId") for a in addresses if a is not primary]
    attrs = {
        "id": gateway_id,
        "arn": arn,
        "subnet_id": gateway.get("SubnetId"),
        "vpc_id": gateway.get("VpcId"),
        "connectivity_type": gateway.get("ConnectivityType"),
        "allocation_id": primary.get("AllocationId"),
        "secondary_allocation_ids": sorted_list(secondary),
        "private_ip": primary.get("PrivateIp"),
        "public_ip": primary.get("PublicIp"),
        "tags": tags(gateway.get("Tags")),
    }
    return scope.resource(arn, "aws_nat_gateway", name_tag(gateway.get("Tags"), gateway_id), attrs,
                          "ec2:DescribeNatGateways")


def _permission(permission: Mapping[str, Any], own_id: str) -> dict[str, Any]:
    protocol = str(permission.get("IpProtocol", "-1"))
    groups = sorted({p["GroupId"] for p in permission.get("UserIdGroupPairs") or () if p.get("GroupId")})
    out: dict[str, Any] = {
        "protocol": protocol,
        "from_port": permission.get("FromPort", 0) if protocol != "-1" else 0,
        "to_port": permission.get("ToPort", 0) if protocol != "-1" else 0,
        "cidr_blocks": sorted({r["CidrIp"] for r in permission.get("IpRanges") or () if r.get("CidrIp")}),
        "ipv6_cidr_blocks": sorted({r["CidrIpv6"] for r in permission.get("Ipv6Ranges") or () if r.get("CidrIpv6")}),
        "prefix_list_ids": sorted({p["PrefixListId"] for p in permission.get("PrefixListIds") or ()
                                   if p.get("PrefixListId")}),
        "security_groups": [g for g in groups if g != own_id],
        "self": own_id in groups,
    }
    descriptions = sorted({r["Description"] for key in ("IpRanges", "Ipv6Ranges", "UserIdGroupPairs", "PrefixListIds")
                           for r in permission.get(key) or () if r.get("Description")})
    if descriptions:
        out["description"] = "; ".join(descriptions)
    return out


def to_terraform_security_group(group: Mapping[str, Any], scope: Scope) -> Resource:
    group_id = group["GroupId"]
    arn = group.get("SecurityGroupArn") or _arn(scope, "security-group", group_id)
    ingress = sorted((_permission(p, group_id) for p in group.get("IpPermissions") or ()), key=_rule_key)
    egress = sorted((_permission(p, group_id) for p in group.get("IpPermissionsEgress") or ()), key=_rule_key)
    attrs = {
        "id": group_id,
        "arn": arn,
        "name": group.get("GroupName"),
        "description": group.get("Description"),
        "vpc_id": group.get("VpcId"),
        "ingress": ingress or None,
        "egress": egress or None,
        "owner_id": group.get("OwnerId"),
        "tags": tags(group.get("Tags")),
    }
    tf_type = "aws_default_security_group" if group.get("GroupName") == "default" else "aws_security_group"
    return scope.resource(arn, tf_type, group.get("GroupName") or group_id, attrs, "ec2:DescribeSecurityGroups")


def _rule_key(rule: Mapping[str, Any]) -> tuple:
    return (str(rule.get("protocol")), int(rule.get("from_port") or 0), int(rule.get("to_port") or 0),
            repr(sorted(rule.items())))


def to_terraform_vpc_endpoint(endpoint: Mapping[str, Any], scope: Scope) -> Resource:
    endpoint_id = endpoint["VpcEndpointId"]
    arn = _arn(scope, "vpc-endpoint", endpoint_id)
    attrs = {
        "id": endpoint_id,
        "arn": arn,
        "vpc_id": endpoint.get("VpcId"),
        "service_name": endpoint.get("ServiceName"),
        "vpc_endpoint_type": endpoint.get("VpcEndpointType"),
        "subnet_ids": sorted_list(endpoint.get("SubnetIds")),
        "security_group_ids": sorted_list(g.get("GroupId") for g in endpoint.get("Groups") or ()),
        "route_table_ids": sorted_list(endpoint.get("RouteTableIds")),
        "private_dns_enabled": endpoint.get("PrivateDnsEnabled"),
        "policy": policy_json(endpoint.get("PolicyDocument")),
        "ip_address_type": endpoint.get("IpAddressType"),
        "state": endpoint.get("State"),
        "owner_id": endpoint.get("OwnerId"),
        "tags": tags(endpoint.get("Tags")),
    }
    return scope.resource(arn, "aws_vpc_endpoint", name_tag(endpoint.get("Tags"), endpoint_id), attrs,
                          "ec2:DescribeVpcEndpoints")


def sync_network(scope: Scope) -> list[Resource]:
    out: list[Resource] = []
    out += [to_terraform_vpc(v, scope) for v in get_vpcs(scope) or () if v.get("VpcId")]
    out += [to_terraform_subnet(s, scope) for s in get_subnets(scope) or () if s.get("SubnetId")]
    for table in get_route_tables(scope) or ():
        if table.get("RouteTableId"):
            out += to_terraform_route_table(table, scope)
    out += [to_terraform_internet_gateway(g, scope) for g in get_internet_gateways(scope) or ()
            if g.get("InternetGatewayId")]
    out += [to_terraform_nat_gateway(g, scope) for g in get_nat_gateways(scope) or ()
            if g.get("NatGatewayId") and g.get("State", "available") in _LIVE_NAT]
    return out


def sync_security(scope: Scope) -> list[Resource]:
    out = [to_terraform_security_group(g, scope) for g in get_security_groups(scope) or () if g.get("GroupId")]
    out += [to_terraform_vpc_endpoint(e, scope) for e in get_vpc_endpoints(scope) or ()
            if e.get("VpcEndpointId") and e.get("State", "available") not in ("deleted", "deleting", "failed")]
    return out


SYNCS = (("ec2-network", sync_network), ("ec2-security", sync_security))
