"""Elastic Load Balancing v2: application, network and gateway load balancers."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope
from infra2arch_aws.transform import sorted_list

SERVICE = "elbv2"


def get_load_balancers(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "describe_load_balancers", "LoadBalancers")


def to_terraform_load_balancer(lb: Mapping[str, Any], scope: Scope) -> Resource:
    arn = lb["LoadBalancerArn"]
    name = lb.get("LoadBalancerName") or arn.rsplit("/", 2)[-2]
    zones = lb.get("AvailabilityZones") or ()
    attrs = {
        "id": arn,
        "arn": arn,
        "name": name,
        "internal": lb.get("Scheme") == "internal",
        "load_balancer_type": lb.get("Type"),
        "subnets": sorted_list(z.get("SubnetId") for z in zones),
        "security_groups": sorted_list(lb.get("SecurityGroups")),
        "vpc_id": lb.get("VpcId"),
        "dns_name": lb.get("DNSName"),
        "ip_address_type": lb.get("IpAddressType"),
    }
    return scope.resource(arn, "aws_lb", name, attrs, "elasticloadbalancing:DescribeLoadBalancers")


def sync_load_balancers(scope: Scope) -> list[Resource]:
    return [to_terraform_load_balancer(lb, scope) for lb in get_load_balancers(scope) or () if lb.get("LoadBalancerArn")]


SYNCS = (("elbv2", sync_load_balancers),)
