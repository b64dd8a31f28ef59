"""Catalog records for AWS App Runner: services, VPC connectors, private ingress and their configuration.

An App Runner service runs in AWS's network, not the customer's: it answers on a public HTTPS URL
unless ``network_configuration.ingress_configuration.is_publicly_accessible = false`` (then only
through an interface VPC endpoint and a VPC ingress connection), and it reaches the internet from
AWS's network unless ``egress_configuration.egress_type = "VPC"`` sends its outbound traffic through
a VPC connector's ENIs in the customer's subnets. The placement through the connector puts the service
where its outbound traffic leaves (the connector's subnets), so the egress of the map is the subnets'.
Whether the service is an entry point is decided in annotate/network.py (entry_points).
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_EGRESS = "network_configuration.egress_configuration."

KINDS: tuple[Kind, ...] = (
    Kind(
        "aws_apprunner_service", C.COMPUTE_CONTAINER, "App Runner service", icon="diagrams.aws.compute.AppRunner",
        refs={
            "source_configuration.authentication_configuration.access_role_arn": R.IAM,
            "source_configuration.authentication_configuration.connection_arn": R.DEPENDS,
            "source_configuration.image_repository.image_identifier": R.DATA,
            "source_configuration.image_repository.image_configuration.runtime_environment_secrets": R.DATA,
            "source_configuration.code_repository.code_configuration.code_configuration_values"
            ".runtime_environment_secrets": R.DATA,
            "instance_configuration.instance_role_arn": R.IAM,
            "encryption_configuration.kms_key": R.ENCRYPTS,
            "auto_scaling_configuration_arn": R.DEPENDS,
            "observability_configuration.observability_configuration_arn": R.DEPENDS,
            _EGRESS + "vpc_connector_arn": R.NETWORK,
        },
        # outbound traffic leaves through the connector's ENIs: the service sits in its subnets
        placement=(_EGRESS + "vpc_connector_arn",),
        target_relation=R.INVOKES,
        defaults={
            "network_configuration.ingress_configuration.is_publicly_accessible": True,
            _EGRESS + "egress_type": "DEFAULT",
            "instance_configuration.cpu": "1024",
            "instance_configuration.memory": "2048",
        },
        name_attr="service_name", arn=("apprunner", "service"), live=("apprunner:service",),
    ),
    Kind(
        # ENIs of App Runner in the customer's subnets: the way out for services with egress_type VPC
        "aws_apprunner_vpc_connector", C.NETWORK_GATEWAY, "App Runner VPC connector",
        icon="diagrams.aws.compute.AppRunner",
        refs={"security_groups": R.NETWORK},
        placement=("subnets",),
        target_relation=R.NETWORK,
        name_attr="vpc_connector_name", arn=("apprunner", "vpcconnector"), live=("apprunner:vpcconnector",),
        free=True,
    ),
    Kind(
        # private ingress: an interface VPC endpoint (com.amazonaws.<region>.apprunner.requests) reaches the service
        "aws_apprunner_vpc_ingress_connection", C.NETWORK_PRIVATE_ENDPOINT, "App Runner VPC ingress connection",
        shape=S.FOLD, parent="service_arn",
        bridge=("ingress_vpc_configuration.vpc_endpoint_id", "service_arn", R.NETWORK),
        refs={"ingress_vpc_configuration.vpc_id": R.NETWORK},
        arn=("apprunner", "vpcingressconnection"), live=("apprunner:vpcingressconnection",), free=True,
    ),
    Kind(
        "aws_apprunner_custom_domain_association", C.NETWORK_DNS, "App Runner custom domain",
        shape=S.FOLD, parent="service_arn", name_attr="domain_name", free=True,
    ),
    Kind(
        "aws_apprunner_auto_scaling_configuration_version", C.COMPUTE_CONTAINER, "App Runner auto scaling configuration",
        shape=S.HIDDEN, name_attr="auto_scaling_configuration_name",
        defaults={"min_size": 1, "max_size": 25, "max_concurrency": 100},
        arn=("apprunner", "autoscalingconfiguration"), free=True,
    ),
    Kind(
        "aws_apprunner_default_auto_scaling_configuration_version", C.COMPUTE_CONTAINER,
        "App Runner default auto scaling configuration",
        shape=S.HIDDEN, refs={"auto_scaling_configuration_arn": R.DEPENDS}, name_attr=None, free=True,
    ),
    Kind(
        "aws_apprunner_observability_configuration", C.OPS_MONITORING, "App Runner observability configuration",
        shape=S.HIDDEN, name_attr="observability_configuration_name",
        arn=("apprunner", "observabilityconfiguration"), free=True,
    ),
    Kind(
        # a link to a source code provider (GitHub, Bitbucket) that code-based services build from
        "aws_apprunner_connection", C.OPS_CICD, "App Runner source connection",
        shape=S.HIDDEN, name_attr="connection_name", arn=("apprunner", "connection"), free=True,
    ),
)
