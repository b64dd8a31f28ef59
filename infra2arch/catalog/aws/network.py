"""Catalog records for AWS networking: VPCs, subnets, routing, gateways, firewalls, load balancers, APIs, edge."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_N = "diagrams.aws.network."
_FIREWALL = "diagrams.aws.general.GenericFirewall"

# Targets a route may point at (aws_route and the inline route blocks of a route table).
_ROUTE_TARGETS = (
    "gateway_id", "nat_gateway_id", "egress_only_gateway_id", "transit_gateway_id", "vpc_peering_connection_id",
    "vpc_endpoint_id", "network_interface_id", "core_network_arn", "carrier_gateway_id", "local_gateway_id",
)
_DEFAULT_ROUTE_TARGETS = _ROUTE_TARGETS[:-2]  # aws_default_route_table has no carrier or local gateways

_LB = dict(
    category=C.NETWORK_LOAD_BALANCER,
    refs={
        "security_groups": R.NETWORK,
        "subnet_mapping.allocation_id": R.NETWORK,
        "access_logs.bucket": R.LOGS,
        "connection_logs.bucket": R.LOGS,
    },
    placement=("subnets", "subnet_mapping.subnet_id"),
    target_relation=R.NETWORK,
    defaults={"internal": False, "load_balancer_type": "application", "drop_invalid_header_fields": False},
)
_LISTENER = dict(
    category=C.NETWORK_LOAD_BALANCER, shape=S.FOLD, parent="load_balancer_arn",
    bridge=("load_balancer_arn", "default_action.target_group_arn", R.NETWORK),
    refs={
        "default_action.target_group_arn": R.NETWORK,
        "default_action.forward.target_group.arn": R.NETWORK,
        "certificate_arn": R.ENCRYPTS,
    },
    name_attr=None, free=True,
)
_TARGET_GROUP = dict(
    category=C.NETWORK_LOAD_BALANCER, icon=_N + "ElasticLoadBalancing",
    placement=("vpc_id",), target_relation=R.NETWORK, free=True,
)

KINDS: tuple[Kind, ...] = (
    # --- VPCs and subnets ------------------------------------------------------------------------------
    Kind(
        "aws_vpc", C.NETWORK_VPC, "VPC", shape=S.GROUP, icon=_N + "VPC",
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "vpc"), live=("ec2:vpc",), free=True,
    ),
    Kind(
        "aws_default_vpc", C.NETWORK_VPC, "Default VPC", shape=S.GROUP, icon=_N + "VPC",
        target_relation=R.NETWORK, name_attr=None, free=True,
    ),
    Kind(
        "aws_subnet", C.NETWORK_SUBNET, "Subnet", shape=S.GROUP, icon=_N + "PrivateSubnet",
        placement=("vpc_id",), target_relation=R.NETWORK,
        defaults={"map_public_ip_on_launch": False, "assign_ipv6_address_on_creation": False},
        name_attr=None, arn=("ec2", "subnet"), live=("ec2:subnet",), free=True,
    ),
    Kind(
        "aws_default_subnet", C.NETWORK_SUBNET, "Default subnet", shape=S.GROUP, icon=_N + "PublicSubnet",
        placement=("vpc_id",), target_relation=R.NETWORK,
        defaults={"map_public_ip_on_launch": True},  # default subnets give instances public IPv4 addresses
        name_attr=None, free=True,
    ),
    # data "aws_subnets": the subnets a filter finds (usually of an existing VPC), known only as a set
    Kind(
        "aws_subnets", C.NETWORK_SUBNET, "Subnets (lookup)", shape=S.GROUP, icon=_N + "PrivateSubnet",
        placement=("filter.values", "vpc_id"), target_relation=R.NETWORK, name_attr=None, free=True,
    ),
    # --- routing ------------------------------------------------------------------------------------------
    Kind(
        "aws_route_table", C.NETWORK_ROUTE, "Route table", icon=_N + "RouteTable",
        refs={f"route.{attr}": R.NETWORK for attr in _ROUTE_TARGETS},
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "route-table"), live=("ec2:route-table",), free=True,
    ),
    Kind(
        "aws_default_route_table", C.NETWORK_ROUTE, "Default route table", icon=_N + "RouteTable",
        refs={f"route.{attr}": R.NETWORK for attr in (*_DEFAULT_ROUTE_TARGETS, "instance_id")},
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None, free=True,
    ),
    Kind(
        "aws_main_route_table_association", C.NETWORK_ROUTE, "Main route table association",
        shape=S.FOLD, parent="vpc_id", bridge=("vpc_id", "route_table_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_route", C.NETWORK_ROUTE, "Route",
        shape=S.FOLD, parent="route_table_id",
        refs={attr: R.NETWORK for attr in _ROUTE_TARGETS},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_route_table_association", C.NETWORK_ROUTE, "Route table association",
        shape=S.FOLD, parent="subnet_id", bridge=("subnet_id", "route_table_id", R.NETWORK),
        refs={"route_table_id": R.NETWORK, "gateway_id": R.NETWORK},
        name_attr=None, free=True,
    ),
    # --- gateways and public addresses -----------------------------------------------------------------
    Kind(
        "aws_internet_gateway", C.NETWORK_GATEWAY, "Internet gateway", icon=_N + "InternetGateway",
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "internet-gateway"), live=("ec2:internet-gateway",), free=True,
    ),
    Kind(
        "aws_egress_only_internet_gateway", C.NETWORK_GATEWAY, "Egress-only internet gateway",
        icon=_N + "InternetGateway",
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "egress-only-internet-gateway"), live=("ec2:egress-only-internet-gateway",), free=True,
    ),
    Kind(
        "aws_internet_gateway_attachment", C.NETWORK_GATEWAY, "Internet gateway attachment",
        shape=S.FOLD, parent="internet_gateway_id", placement=("vpc_id",),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_nat_gateway", C.NETWORK_GATEWAY, "NAT gateway", icon=_N + "NATGateway",
        refs={"allocation_id": R.NETWORK, "secondary_allocation_ids": R.NETWORK},
        placement=("subnet_id",), target_relation=R.NETWORK,
        defaults={"connectivity_type": "public"},
        name_attr=None, arn=("ec2", "natgateway"), live=("ec2:natgateway",), appliance=True,
    ),
    Kind(
        "aws_eip", C.NETWORK_PUBLIC_IP, "Elastic IP", icon="diagrams.aws.compute.EC2ElasticIpAddress",
        refs={"instance": R.NETWORK, "network_interface": R.NETWORK},
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "elastic-ip"), live=("ec2:elastic-ip",),
    ),
    Kind(
        "aws_eip_association", C.NETWORK_PUBLIC_IP, "Elastic IP association",
        shape=S.FOLD, parent="allocation_id", bridge=("allocation_id", "instance_id", R.NETWORK),
        refs={"instance_id": R.NETWORK, "network_interface_id": R.NETWORK},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway", C.NETWORK_GATEWAY, "Transit gateway", icon=_N + "TransitGateway",
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "transit-gateway"), live=("ec2:transit-gateway",),
    ),
    Kind(
        "aws_ec2_transit_gateway_vpc_attachment", C.NETWORK_GATEWAY, "Transit gateway VPC attachment",
        icon=_N + "TransitGatewayAttachment",
        refs={"transit_gateway_id": R.NETWORK},
        placement=("subnet_ids", "vpc_id"), name_attr=None,
        arn=("ec2", "transit-gateway-attachment"), live=("ec2:transit-gateway-attachment",),
    ),
    # A peering is a connection between two networks: an edge VPC -> peer VPC, not a node.
    Kind(
        "aws_vpc_peering_connection", C.NETWORK_GATEWAY, "VPC peering", icon=_N + "VPCPeering",
        shape=S.FOLD, parent="vpc_id", bridge=("vpc_id", "peer_vpc_id", R.NETWORK),
        refs={"vpc_id": R.NETWORK, "peer_vpc_id": R.NETWORK},
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "vpc-peering-connection"), live=("ec2:vpc-peering-connection",), free=True,
    ),
    Kind(
        "aws_vpc_peering_connection_accepter", C.NETWORK_GATEWAY, "VPC peering accepter",
        shape=S.FOLD, parent="vpc_peering_connection_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway_route_table", C.NETWORK_ROUTE, "Transit gateway route table",
        shape=S.FOLD, parent="transit_gateway_id", name_attr=None,
        arn=("ec2", "transit-gateway-route-table"), free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway_route", C.NETWORK_ROUTE, "Transit gateway route",
        shape=S.FOLD, parent="transit_gateway_route_table_id",
        refs={"transit_gateway_attachment_id": R.NETWORK}, name_attr=None, free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway_route_table_association", C.NETWORK_ROUTE, "Transit gateway route table association",
        shape=S.FOLD, parent="transit_gateway_route_table_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway_route_table_propagation", C.NETWORK_ROUTE, "Transit gateway route propagation",
        shape=S.FOLD, parent="transit_gateway_route_table_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_ec2_transit_gateway_peering_attachment", C.NETWORK_GATEWAY, "Transit gateway peering",
        shape=S.FOLD, parent="transit_gateway_id", bridge=("transit_gateway_id", "peer_transit_gateway_id", R.NETWORK),
        name_attr=None,
    ),
    # --- VPN -------------------------------------------------------------------------------------------------
    Kind(
        "aws_vpn_gateway", C.NETWORK_GATEWAY, "VPN gateway", icon=_N + "VpnGateway",
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "vpn-gateway"), live=("ec2:vpn-gateway",), appliance=True,
    ),
    Kind(
        "aws_vpn_gateway_attachment", C.NETWORK_GATEWAY, "VPN gateway attachment",
        shape=S.FOLD, parent="vpn_gateway_id", placement=("vpc_id",), name_attr=None, free=True,
    ),
    Kind(
        "aws_vpn_gateway_route_propagation", C.NETWORK_ROUTE, "VPN route propagation",
        shape=S.FOLD, parent="route_table_id", bridge=("route_table_id", "vpn_gateway_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_customer_gateway", C.NETWORK_GATEWAY, "Customer gateway (on-premises)", icon=_N + "VPCCustomerGateway",
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "customer-gateway"), live=("ec2:customer-gateway",), free=True,
    ),
    Kind(
        "aws_vpn_connection", C.NETWORK_GATEWAY, "Site-to-site VPN", icon=_N + "SiteToSiteVpn",
        refs={"customer_gateway_id": R.NETWORK, "vpn_gateway_id": R.NETWORK, "transit_gateway_id": R.NETWORK},
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "vpn-connection"), live=("ec2:vpn-connection",),
    ),
    Kind(
        "aws_vpn_connection_route", C.NETWORK_ROUTE, "VPN connection route",
        shape=S.FOLD, parent="vpn_connection_id", name_attr=None, free=True,
    ),
    # --- AWS Network Firewall: an appliance in its subnets; policies and rule groups fold into it ------------
    Kind(
        "aws_networkfirewall_firewall", C.NETWORK_FIREWALL, "Network Firewall", icon=_N + "NetworkFirewall",
        refs={
            "firewall_policy_arn": R.NETWORK,
            "encryption_configuration.key_id": R.ENCRYPTS,
        },
        placement=("subnet_mapping.subnet_id", "vpc_id"), target_relation=R.NETWORK,
        arn=("network-firewall", "firewall"), live=("network-firewall:firewall",), appliance=True,
    ),
    Kind(
        "aws_networkfirewall_firewall_policy", C.NETWORK_FIREWALL, "Network Firewall policy",
        refs={
            "firewall_policy.stateful_rule_group_reference.resource_arn": R.NETWORK,
            "firewall_policy.stateless_rule_group_reference.resource_arn": R.NETWORK,
            "encryption_configuration.key_id": R.ENCRYPTS,
        },
        owned_by=("aws_networkfirewall_firewall.firewall_policy_arn",),
        arn=("network-firewall", "firewall-policy"), live=("network-firewall:firewall-policy",), free=True,
    ),
    Kind(
        "aws_networkfirewall_rule_group", C.NETWORK_FIREWALL, "Network Firewall rule group",
        refs={"encryption_configuration.key_id": R.ENCRYPTS},
        owned_by=(
            "aws_networkfirewall_firewall_policy.firewall_policy.stateful_rule_group_reference.resource_arn",
            "aws_networkfirewall_firewall_policy.firewall_policy.stateless_rule_group_reference.resource_arn",
        ),
        arn=("network-firewall", "stateful-rulegroup"), live=("network-firewall:rule-group",), free=True,
    ),
    Kind(
        "aws_networkfirewall_logging_configuration", C.NETWORK_FIREWALL, "Network Firewall logging",
        shape=S.FOLD, parent="firewall_arn",
        refs={
            "logging_configuration.log_destination_config.log_destination.logGroup": R.LOGS,
            "logging_configuration.log_destination_config.log_destination.bucketName": R.LOGS,
        },
        name_attr=None, free=True,
    ),
    Kind(
        "aws_networkfirewall_resource_policy", C.NETWORK_FIREWALL, "Network Firewall resource policy",
        shape=S.FOLD, parent="resource_arn", name_attr=None, free=True,
    ),
    # --- firewalls ------------------------------------------------------------------------------------------
    Kind(
        "aws_security_group", C.NETWORK_FIREWALL, "Security group", icon=_FIREWALL,
        refs={"ingress.security_groups": R.NETWORK, "egress.security_groups": R.NETWORK},
        placement=("vpc_id",), target_relation=R.NETWORK,
        arn=("ec2", "security-group"), live=("ec2:security-group",), free=True,
    ),
    Kind(
        "aws_default_security_group", C.NETWORK_FIREWALL, "Default security group", icon=_FIREWALL,
        refs={"ingress.security_groups": R.NETWORK, "egress.security_groups": R.NETWORK},
        placement=("vpc_id",), target_relation=R.NETWORK, name_attr=None, free=True,
    ),
    Kind(
        "aws_security_group_rule", C.NETWORK_FIREWALL, "Security group rule",
        shape=S.FOLD, parent="security_group_id",
        bridge=("source_security_group_id", "security_group_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_security_group_ingress_rule", C.NETWORK_FIREWALL, "Security group ingress rule",
        shape=S.FOLD, parent="security_group_id",
        bridge=("referenced_security_group_id", "security_group_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_security_group_egress_rule", C.NETWORK_FIREWALL, "Security group egress rule",
        shape=S.FOLD, parent="security_group_id",
        bridge=("security_group_id", "referenced_security_group_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_network_acl", C.NETWORK_FIREWALL, "Network ACL", icon=_N + "Nacl",
        refs={"subnet_ids": R.NETWORK},
        placement=("vpc_id",), name_attr=None,
        arn=("ec2", "network-acl"), live=("ec2:network-acl",), free=True,
    ),
    Kind(
        "aws_network_acl_rule", C.NETWORK_FIREWALL, "Network ACL rule",
        shape=S.FOLD, parent="network_acl_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_default_network_acl", C.NETWORK_FIREWALL, "Default network ACL", icon=_N + "Nacl",
        refs={"subnet_ids": R.NETWORK, "default_network_acl_id": R.DEPENDS},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_ipv4_cidr_block_association", C.NETWORK_VPC, "VPC secondary CIDR",
        shape=S.FOLD, parent="vpc_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_wafv2_web_acl", C.NETWORK_FIREWALL, "WAF web ACL", icon="diagrams.aws.security.WAF",
        target_relation=R.NETWORK, live=("wafv2:webacl",),
    ),
    Kind(
        "aws_wafv2_web_acl_association", C.NETWORK_FIREWALL, "WAF web ACL association",
        shape=S.FOLD, parent="resource_arn", bridge=("resource_arn", "web_acl_arn", R.NETWORK),
        name_attr=None, free=True,
    ),
    # --- private endpoints and interfaces ----------------------------------------------------------------
    Kind(
        "aws_vpc_endpoint", C.NETWORK_PRIVATE_ENDPOINT, "VPC endpoint", icon=_N + "Endpoint",
        refs={"security_group_ids": R.NETWORK, "route_table_ids": R.NETWORK},
        placement=("subnet_ids", "subnet_configuration.subnet_id", "vpc_id"),
        target_relation=R.NETWORK,
        defaults={"vpc_endpoint_type": "Gateway", "private_dns_enabled": False},
        name_attr=None, arn=("ec2", "vpc-endpoint"), live=("ec2:vpc-endpoint",),
    ),
    Kind(
        "aws_vpc_endpoint_service", C.NETWORK_PRIVATE_ENDPOINT, "VPC endpoint service", icon=_N + "Privatelink",
        refs={"network_load_balancer_arns": R.NETWORK, "gateway_load_balancer_arns": R.NETWORK},
        target_relation=R.NETWORK, name_attr=None,
        arn=("ec2", "vpc-endpoint-service"), live=("ec2:vpc-endpoint-service",),
    ),
    Kind(
        "aws_vpc_endpoint_route_table_association", C.NETWORK_PRIVATE_ENDPOINT, "VPC endpoint route table association",
        shape=S.FOLD, parent="vpc_endpoint_id", bridge=("route_table_id", "vpc_endpoint_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_endpoint_subnet_association", C.NETWORK_PRIVATE_ENDPOINT, "VPC endpoint subnet association",
        shape=S.FOLD, parent="vpc_endpoint_id", placement=("subnet_id",),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_endpoint_security_group_association", C.NETWORK_FIREWALL, "VPC endpoint security group association",
        shape=S.FOLD, parent="vpc_endpoint_id", refs={"security_group_id": R.NETWORK},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_network_interface", C.NETWORK_PRIVATE_ENDPOINT, "Network interface",
        icon=_N + "VPCElasticNetworkInterface",
        refs={"security_groups": R.NETWORK, "attachment.instance": R.NETWORK},
        placement=("subnet_id",), target_relation=R.NETWORK, name_attr=None,
        # a NIC given to an instance is part of it: the instance sits in the NIC's subnet
        owned_by=("aws_instance.network_interface.network_interface_id",
                  "aws_instance.primary_network_interface.network_interface_id",
                  "aws_spot_instance_request.network_interface.network_interface_id"),
        arn=("ec2", "network-interface"), live=("ec2:network-interface",), free=True,
    ),
    Kind(
        "aws_flow_log", C.OPS_LOGGING, "VPC flow log", icon=_N + "VPCFlowLogs",
        shape=S.FOLD, parent="vpc_id", bridge=("vpc_id", "log_destination", R.LOGS),
        refs={
            "log_destination": R.LOGS,
            "log_group_name": R.LOGS,
            "iam_role_arn": R.IAM,
            "deliver_cross_account_role": R.IAM,
            "subnet_id": R.DEPENDS,
            "eni_id": R.DEPENDS,
            "transit_gateway_id": R.DEPENDS,
            "transit_gateway_attachment_id": R.DEPENDS,
        },
        name_attr=None, arn=("ec2", "vpc-flow-log"), live=("ec2:vpc-flow-log",),
    ),
    Kind(
        "aws_vpc_dhcp_options", C.NETWORK_DNS, "VPC DHCP options",
        shape=S.HIDDEN, name_attr=None, arn=("ec2", "dhcp-options"), free=True,
    ),
    # --- load balancers ----------------------------------------------------------------------------------------
    # aws_alb* are aliases of the aws_lb* types; the aws_lb* records own the ARN and the live object.
    Kind(
        "aws_lb", label="Load balancer", icon=_N + "ElasticLoadBalancing",
        arn=("elasticloadbalancing", "loadbalancer"), live=("elasticloadbalancing:loadbalancer",), **_LB,
    ),
    Kind("aws_alb", label="Application load balancer", icon=_N + "ElbApplicationLoadBalancer", **_LB),
    Kind(
        "aws_lb_listener", label="Load balancer listener",
        arn=("elasticloadbalancing", "listener"), live=("elasticloadbalancing:listener",), **_LISTENER,
    ),
    Kind("aws_alb_listener", label="Load balancer listener", **_LISTENER),
    Kind(
        "aws_lb_listener_rule", C.NETWORK_LOAD_BALANCER, "Load balancer listener rule",
        shape=S.FOLD, parent="listener_arn", bridge=("listener_arn", "action.target_group_arn", R.NETWORK),
        refs={"action.target_group_arn": R.NETWORK, "action.forward.target_group.arn": R.NETWORK},
        name_attr=None, arn=("elasticloadbalancing", "listener-rule"), free=True,
    ),
    Kind(
        "aws_alb_listener_rule", C.NETWORK_LOAD_BALANCER, "Load balancer listener rule",  # alias of aws_lb_listener_rule
        shape=S.FOLD, parent="listener_arn", bridge=("listener_arn", "action.target_group_arn", R.NETWORK),
        refs={"action.target_group_arn": R.NETWORK, "action.forward.target_group.arn": R.NETWORK},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_lb_target_group", label="Target group",
        arn=("elasticloadbalancing", "targetgroup"), live=("elasticloadbalancing:targetgroup",), **_TARGET_GROUP,
    ),
    Kind("aws_alb_target_group", label="Target group", **_TARGET_GROUP),
    Kind(
        "aws_lb_target_group_attachment", C.NETWORK_LOAD_BALANCER, "Target group attachment",
        shape=S.FOLD, parent="target_group_arn", bridge=("target_group_arn", "target_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_alb_target_group_attachment", C.NETWORK_LOAD_BALANCER, "Target group attachment",  # alias
        shape=S.FOLD, parent="target_group_arn", bridge=("target_group_arn", "target_id", R.NETWORK),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_elb", C.NETWORK_LOAD_BALANCER, "Classic load balancer", icon=_N + "ElbClassicLoadBalancer",
        refs={
            "security_groups": R.NETWORK,
            "instances": R.NETWORK,
            "access_logs.bucket": R.LOGS,
            "listener.ssl_certificate_id": R.ENCRYPTS,
        },
        placement=("subnets",), target_relation=R.NETWORK,
        defaults={"internal": False},
        live=("elb:loadbalancer",),
    ),
    Kind(
        "aws_globalaccelerator_accelerator", C.NETWORK_CDN, "Global Accelerator", icon=_N + "GlobalAccelerator",
        refs={"attributes.flow_logs_s3_bucket": R.LOGS},
        target_relation=R.NETWORK,
        arn=("globalaccelerator", "accelerator"), live=("globalaccelerator:accelerator",),
    ),
    # --- API Gateway (REST, v1) ----------------------------------------------------------------------------------
    Kind(
        "aws_api_gateway_rest_api", C.NETWORK_API, "API Gateway REST API", icon=_N + "APIGateway",
        refs={"endpoint_configuration.vpc_endpoint_ids": R.NETWORK},
        target_relation=R.INVOKES,
        defaults={"endpoint_configuration.types": ["EDGE"], "disable_execute_api_endpoint": False},
        arn=("apigateway", "restapis"), live=("apigateway:restapis",),
    ),
    Kind(
        "aws_api_gateway_resource", C.NETWORK_API, "API Gateway resource",
        shape=S.FOLD, parent="rest_api_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_api_gateway_method", C.NETWORK_API, "API Gateway method",
        shape=S.FOLD, parent="rest_api_id",
        refs={"authorizer_id": R.DEPENDS},
        defaults={"api_key_required": False},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_api_gateway_integration", C.NETWORK_API, "API Gateway integration",
        shape=S.FOLD, parent="rest_api_id", bridge=("rest_api_id", "uri", R.INVOKES),
        refs={"uri": R.INVOKES, "connection_id": R.NETWORK, "credentials": R.IAM},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_api_gateway_deployment", C.NETWORK_API, "API Gateway deployment",
        shape=S.FOLD, parent="rest_api_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_api_gateway_stage", C.NETWORK_API, "API Gateway stage",
        shape=S.FOLD, parent="rest_api_id",
        refs={"access_log_settings.destination_arn": R.LOGS, "deployment_id": R.DEPENDS},
        name_attr="stage_name",
    ),
    Kind(
        "aws_api_gateway_authorizer", C.NETWORK_API, "API Gateway authorizer",
        shape=S.FOLD, parent="rest_api_id",
        refs={"authorizer_uri": R.INVOKES, "authorizer_credentials": R.IAM, "provider_arns": R.DEPENDS},
        free=True,
    ),
    Kind(
        "aws_api_gateway_method_settings", C.NETWORK_API, "API Gateway method settings",
        shape=S.FOLD, parent="rest_api_id", name_attr=None, free=True,
    ),
    Kind(
        "aws_api_gateway_vpc_link", C.NETWORK_PRIVATE_ENDPOINT, "API Gateway VPC link", icon=_N + "Privatelink",
        refs={"target_arns": R.NETWORK},
        target_relation=R.NETWORK,
        arn=("apigateway", "vpclinks"), live=("apigateway:vpclinks",),
    ),
    Kind(
        "aws_api_gateway_domain_name", C.NETWORK_DNS, "API Gateway custom domain", icon=_N + "APIGatewayEndpoint",
        refs={
            "certificate_arn": R.ENCRYPTS,
            "regional_certificate_arn": R.ENCRYPTS,
            "ownership_verification_certificate_arn": R.ENCRYPTS,
        },
        name_attr="domain_name", arn=("apigateway", "domainnames"), live=("apigateway:domainnames",),
    ),
    Kind(
        "aws_api_gateway_base_path_mapping", C.NETWORK_API, "API Gateway base path mapping",
        shape=S.FOLD, parent="domain_name", bridge=("domain_name", "api_id", R.INVOKES),
        refs={"api_id": R.INVOKES, "stage_name": R.DEPENDS},
        name_attr=None, free=True,
    ),
    # --- API Gateway (HTTP and WebSocket, v2) -------------------------------------------------------------------
    Kind(
        "aws_apigatewayv2_api", C.NETWORK_API, "API Gateway HTTP API", icon=_N + "APIGateway",
        refs={"credentials_arn": R.IAM, "target": R.INVOKES},
        target_relation=R.INVOKES,
        defaults={"disable_execute_api_endpoint": False},
        arn=("apigateway", "apis"), live=("apigateway:apis",),
    ),
    Kind(
        "aws_apigatewayv2_integration", C.NETWORK_API, "API Gateway v2 integration",
        shape=S.FOLD, parent="api_id", bridge=("api_id", "integration_uri", R.INVOKES),
        refs={"integration_uri": R.INVOKES, "connection_id": R.NETWORK, "credentials_arn": R.IAM},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_apigatewayv2_route", C.NETWORK_API, "API Gateway v2 route",
        shape=S.FOLD, parent="api_id",
        refs={"authorizer_id": R.DEPENDS, "target": R.DEPENDS},
        defaults={"authorization_type": "NONE", "api_key_required": False},
        name_attr="route_key", free=True,
    ),
    Kind(
        "aws_apigatewayv2_stage", C.NETWORK_API, "API Gateway v2 stage",
        shape=S.FOLD, parent="api_id",
        refs={"access_log_settings.destination_arn": R.LOGS, "deployment_id": R.DEPENDS},
        free=True,
    ),
    Kind(
        "aws_apigatewayv2_authorizer", C.NETWORK_API, "API Gateway v2 authorizer",
        shape=S.FOLD, parent="api_id",
        refs={"authorizer_uri": R.INVOKES, "authorizer_credentials_arn": R.IAM},
        free=True,
    ),
    Kind(
        "aws_apigatewayv2_vpc_link", C.NETWORK_PRIVATE_ENDPOINT, "API Gateway v2 VPC link", icon=_N + "Privatelink",
        refs={"security_group_ids": R.NETWORK},
        placement=("subnet_ids",), target_relation=R.NETWORK,
    ),
    Kind(
        "aws_apigatewayv2_domain_name", C.NETWORK_DNS, "API Gateway v2 custom domain",
        icon=_N + "APIGatewayEndpoint",
        refs={
            "domain_name_configuration.certificate_arn": R.ENCRYPTS,
            "domain_name_configuration.ownership_verification_certificate_arn": R.ENCRYPTS,
        },
        name_attr="domain_name",
    ),
    Kind(
        "aws_apigatewayv2_api_mapping", C.NETWORK_API, "API Gateway v2 API mapping",
        shape=S.FOLD, parent="domain_name", bridge=("domain_name", "api_id", R.INVOKES),
        refs={"api_id": R.INVOKES, "stage": R.DEPENDS},
        name_attr=None, free=True,
    ),
    # --- edge: CDN, DNS, certificates ---------------------------------------------------------------------------
    Kind(
        "aws_cloudfront_distribution", C.NETWORK_CDN, "CloudFront distribution", icon=_N + "CloudFront",
        refs={
            "web_acl_id": R.NETWORK,
            "logging_config.bucket": R.LOGS,
            "viewer_certificate.acm_certificate_arn": R.ENCRYPTS,
            "origin.origin_access_control_id": R.IAM,
            "origin.s3_origin_config.origin_access_identity": R.IAM,
            "default_cache_behavior.lambda_function_association.lambda_arn": R.INVOKES,
            "default_cache_behavior.function_association.function_arn": R.INVOKES,
            "ordered_cache_behavior.lambda_function_association.lambda_arn": R.INVOKES,
            "ordered_cache_behavior.function_association.function_arn": R.INVOKES,
        },
        target_relation=R.NETWORK, name_attr=None,
        arn=("cloudfront", "distribution"), live=("cloudfront:distribution",),
    ),
    Kind(
        "aws_cloudfront_origin_access_control", C.NETWORK_CDN, "CloudFront origin access control",
        shape=S.HIDDEN, target_relation=R.IAM,
        arn=("cloudfront", "origin-access-control"), free=True,
    ),
    Kind(
        "aws_cloudfront_origin_access_identity", C.NETWORK_CDN, "CloudFront origin access identity",
        shape=S.HIDDEN, target_relation=R.IAM, name_attr=None,
        arn=("cloudfront", "origin-access-identity"), free=True,
    ),
    Kind(
        "aws_route53_zone", C.NETWORK_DNS, "Route 53 hosted zone", icon=_N + "Route53HostedZone",
        refs={"vpc.vpc_id": R.NETWORK},
        arn=("route53", "hostedzone"), live=("route53:hostedzone",),
    ),
    Kind(
        "aws_route53_record", C.NETWORK_DNS, "Route 53 record",
        shape=S.FOLD, parent="zone_id", bridge=("zone_id", "alias.name", R.NETWORK),
        refs={"alias.name": R.NETWORK, "records": R.NETWORK, "health_check_id": R.DEPENDS},
        free=True,
    ),
    Kind(
        "aws_acm_certificate", C.SECURITY_KEY, "ACM certificate", icon="diagrams.aws.security.CertificateManager",
        refs={"certificate_authority_arn": R.DEPENDS},
        target_relation=R.ENCRYPTS, name_attr=None,
        arn=("acm", "certificate"), live=("acm:certificate",), free=True,
    ),
)
