"""AWS App Runner as ML teams use it to serve a model or a front end for a SageMaker endpoint
(fraukecharms/terraform-sagemaker-apprunner, an MLOps course's linear-regression API): a service is
public by default, private behind a VPC ingress connection when is_publicly_accessible = false, and
sends its outbound traffic through a VPC connector's subnets when egress_type = "VPC".
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import CostStatus, Plane, Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.catalog import kind
from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

INTERNET = "synthetic:internet"


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    graph = build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


IMAGE_SERVICE = """
    resource "aws_iam_role" "access" {
      name               = "apprunner-ecr-access"
      assume_role_policy = "{}"
    }
    resource "aws_apprunner_service" "api" {
      service_name = "model-api"
      source_configuration {
        auto_deployments_enabled = false
        authentication_configuration {
          access_role_arn = aws_iam_role.access.arn
        }
        image_repository {
          image_identifier      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/model-api:latest"
          image_repository_type = "ECR"
          image_configuration {
            port = 8080
          }
        }
      }
      instance_configuration {
        cpu    = "1 vCPU"
        memory = "2 GB"
      }
    }
"""


def test_an_app_runner_service_is_a_public_entry_point_by_default(tmp_path):
    graph, annotations = scan(tmp_path, IMAGE_SERVICE)
    address = "aws_apprunner_service.api"
    assert not [g for g in graph.gaps if g.kind == "no-catalog-entry"], graph.gaps
    assert kind("aws_apprunner_service").icon == "diagrams.aws.compute.AppRunner"
    assert [e.asset for e in annotations.exposures] == [address]
    assert "is_publicly_accessible default true" in annotations.exposures[0].reason
    info = annotations.zones[address]
    assert (info.zone, info.plane, info.egress) == (Zone.EDGE, Plane.PROVIDER, "provider-managed")
    assert any(c.src == INTERNET and c.dst == address for c in annotations.crossings)
    assert any(e.src == address and e.dst == "aws_iam_role.access" and e.relation == Relation.IAM for e in graph.edges)
    # memory bills all month for the one provisioned instance; vCPU only while active (usage)
    cost = annotations.costs[address]
    memory = [c for c in cost.components if c.name.startswith("instance memory")]
    assert memory and memory[0].quantity == 2 * 730 and round(memory[0].monthly, 2) == round(2 * 730 * 0.007, 2)
    assert not [c for c in cost.components if c.name == "automatic deployments"]   # turned off in the code
    assert any(c.name.startswith("active vCPU-hours (1 vCPU)") and c.monthly is None for c in cost.components)


def test_private_ingress_and_vpc_egress_put_the_service_behind_the_vpc(tmp_path):
    graph, annotations = scan(tmp_path, """
        resource "aws_vpc" "main" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "private" {
          vpc_id     = aws_vpc.main.id
          cidr_block = "10.0.1.0/24"
        }
        resource "aws_eip" "nat" {
          domain = "vpc"
        }
        resource "aws_nat_gateway" "nat" {
          allocation_id = aws_eip.nat.id
          subnet_id     = aws_subnet.private.id
        }
        resource "aws_route_table" "private" {
          vpc_id = aws_vpc.main.id
          route {
            cidr_block     = "0.0.0.0/0"
            nat_gateway_id = aws_nat_gateway.nat.id
          }
        }
        resource "aws_route_table_association" "private" {
          subnet_id      = aws_subnet.private.id
          route_table_id = aws_route_table.private.id
        }
        resource "aws_security_group" "connector" {
          vpc_id = aws_vpc.main.id
        }
        resource "aws_apprunner_vpc_connector" "egress" {
          vpc_connector_name = "model-egress"
          subnets            = [aws_subnet.private.id]
          security_groups    = [aws_security_group.connector.id]
        }
        resource "aws_apprunner_auto_scaling_configuration_version" "scale" {
          auto_scaling_configuration_name = "model"
          min_size                        = 2
          max_size                        = 4
        }
        resource "aws_apprunner_service" "api" {
          service_name                   = "model-api"
          auto_scaling_configuration_arn = aws_apprunner_auto_scaling_configuration_version.scale.arn
          source_configuration {
            image_repository {
              image_identifier      = "public.ecr.aws/aws-containers/hello-app-runner:latest"
              image_repository_type = "ECR_PUBLIC"
            }
          }
          network_configuration {
            ingress_configuration {
              is_publicly_accessible = false
            }
            egress_configuration {
              egress_type       = "VPC"
              vpc_connector_arn = aws_apprunner_vpc_connector.egress.arn
            }
          }
        }
        resource "aws_vpc_endpoint" "apprunner" {
          vpc_id            = aws_vpc.main.id
          service_name      = "com.amazonaws.eu-west-1.apprunner.requests"
          vpc_endpoint_type = "Interface"
          subnet_ids        = [aws_subnet.private.id]
        }
        resource "aws_apprunner_vpc_ingress_connection" "private" {
          name        = "model-api"
          service_arn = aws_apprunner_service.api.arn
          ingress_vpc_configuration {
            vpc_id          = aws_vpc.main.id
            vpc_endpoint_id = aws_vpc_endpoint.apprunner.id
          }
        }
    """)
    address = "aws_apprunner_service.api"
    assert not [g for g in graph.gaps if g.kind == "no-catalog-entry"], graph.gaps
    assert annotations.exposures == ()
    assert not any(c.src == INTERNET and c.dst == address for c in annotations.crossings)
    # the service's outbound traffic leaves through the connector's subnet and its NAT gateway
    assert "aws_subnet.private" in {c.parent for c in graph.containment if c.child == address}
    info = annotations.zones[address]
    assert (info.zone, info.plane, info.egress, info.egress_via) == (
        Zone.PRIVATE_APP, Plane.CUSTOMER, "nat", ("aws_nat_gateway.nat",))
    # private ingress: the interface endpoint reaches the service; the connection folds into it
    assert graph.folded["aws_apprunner_vpc_ingress_connection.private"] == address
    assert any(e.src == "aws_vpc_endpoint.apprunner" and e.dst == address and e.relation == Relation.NETWORK
               for e in graph.edges)
    # two instances stay provisioned (auto scaling min_size), and automatic deployments default on
    cost = annotations.costs[address]
    memory = [c for c in cost.components if c.name.startswith("instance memory")]
    assert memory and memory[0].quantity == 2 * 2 * 730, cost.components
    assert [c.monthly for c in cost.components if c.name == "automatic deployments"] == [1.0]
    assert annotations.costs["aws_apprunner_vpc_connector.egress"].status == CostStatus.FREE


def test_an_unknown_ingress_setting_is_noted_not_guessed(tmp_path):
    graph, annotations = scan(tmp_path, """
        variable "public" {
          type = bool
        }
        resource "aws_apprunner_service" "api" {
          service_name = "model-api"
          source_configuration {
            image_repository {
              image_identifier      = "public.ecr.aws/aws-containers/hello-app-runner:latest"
              image_repository_type = "ECR_PUBLIC"
            }
          }
          network_configuration {
            ingress_configuration {
              is_publicly_accessible = var.public
            }
          }
        }
    """)
    assert annotations.exposures == ()
    reasons = annotations.zones["aws_apprunner_service.api"].reasons
    assert any("is_publicly_accessible = unknown" in r and "exposure unknown" in r for r in reasons), reasons


def test_a_waf_associated_with_the_service_is_the_control_of_its_entry(tmp_path):
    graph, annotations = scan(tmp_path, IMAGE_SERVICE + """
        resource "aws_wafv2_web_acl" "api" {
          name  = "model-api"
          scope = "REGIONAL"
          default_action {
            allow {}
          }
          visibility_config {
            cloudwatch_metrics_enabled = true
            metric_name                = "model-api"
            sampled_requests_enabled   = true
          }
        }
        resource "aws_wafv2_web_acl_association" "api" {
          resource_arn = aws_apprunner_service.api.arn
          web_acl_arn  = aws_wafv2_web_acl.api.arn
        }
    """)
    entry = [c for c in annotations.crossings if c.src == INTERNET and c.dst == "aws_apprunner_service.api"]
    assert entry and entry[0].control == "aws_wafv2_web_acl.api", entry
    assert [e.control for e in annotations.exposures] == ["aws_wafv2_web_acl.api"]
