"""RDS and Aurora vector stores of RAG estates (Aurora PostgreSQL behind Bedrock knowledge bases in
takakuni-classmethod/genai-blog) with publicly_accessible = true: reachable from the internet only
from a subnet routed to an internet gateway and through security groups that admit it.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

NETWORK = """
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }
    resource "aws_internet_gateway" "igw" {
      vpc_id = aws_vpc.main.id
    }
    resource "aws_subnet" "public_a" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.0.0/24"
    }
    resource "aws_subnet" "public_b" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.1.0/24"
    }
    resource "aws_subnet" "isolated_a" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.10.0/24"
    }
    resource "aws_subnet" "isolated_b" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.11.0/24"
    }
    resource "aws_route_table" "public" {
      vpc_id = aws_vpc.main.id
      route {
        cidr_block = "0.0.0.0/0"
        gateway_id = aws_internet_gateway.igw.id
      }
    }
    resource "aws_route_table_association" "public_a" {
      subnet_id      = aws_subnet.public_a.id
      route_table_id = aws_route_table.public.id
    }
    resource "aws_route_table_association" "public_b" {
      subnet_id      = aws_subnet.public_b.id
      route_table_id = aws_route_table.public.id
    }
    resource "aws_route_table" "isolated" {
      vpc_id = aws_vpc.main.id
    }
    resource "aws_route_table_association" "isolated_a" {
      subnet_id      = aws_subnet.isolated_a.id
      route_table_id = aws_route_table.isolated.id
    }
    resource "aws_route_table_association" "isolated_b" {
      subnet_id      = aws_subnet.isolated_b.id
      route_table_id = aws_route_table.isolated.id
    }
    resource "aws_db_subnet_group" "public" {
      name       = "public"
      subnet_ids = [aws_subnet.public_a.id, aws_subnet.public_b.id]
    }
    resource "aws_db_subnet_group" "isolated" {
      name       = "isolated"
      subnet_ids = [aws_subnet.isolated_a.id, aws_subnet.isolated_b.id]
    }
    resource "aws_security_group" "open" {
      vpc_id = aws_vpc.main.id
      ingress {
        from_port   = 5432
        to_port     = 5432
        protocol    = "tcp"
        cidr_blocks = ["0.0.0.0/0"]
      }
    }
    resource "aws_security_group" "vpc_only" {
      vpc_id = aws_vpc.main.id
      ingress {
        from_port   = 5432
        to_port     = 5432
        protocol    = "tcp"
        cidr_blocks = ["10.0.0.0/16"]
      }
    }
"""


def db(name: str, subnets: str, group: str, public: str) -> str:
    return f"""
        resource "aws_db_instance" "{name}" {{
          identifier             = "{name}"
          engine                 = "postgres"
          instance_class         = "db.t3.medium"
          allocated_storage      = 20
          db_subnet_group_name   = aws_db_subnet_group.{subnets}.name
          vpc_security_group_ids = [aws_security_group.{group}.id]
          publicly_accessible    = {public}
        }}
    """


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    graph = build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


def test_a_publicly_accessible_database_is_exposed_only_where_routes_and_security_groups_let_it(tmp_path):
    graph, annotations = scan(tmp_path, NETWORK
                              + db("exposed", "public", "open", "true")
                              + db("isolated", "isolated", "open", "true")
                              + db("filtered", "public", "vpc_only", "true")
                              + db("private", "public", "open", "false")
                              + db("unknown", "public", "open", "var.public")
                              + 'variable "public" {\n  type = bool\n}\n')
    assert [e.asset for e in annotations.exposures] == ["aws_db_instance.exposed"]
    assert "publicly_accessible = true" in annotations.exposures[0].reason
    assert annotations.zones["aws_db_instance.exposed"].zone == Zone.EDGE
    isolated = annotations.zones["aws_db_instance.isolated"]
    assert isolated.zone == Zone.DATA
    assert any("do not route to an internet gateway" in r for r in isolated.reasons), isolated.reasons
    filtered = annotations.zones["aws_db_instance.filtered"]
    assert filtered.zone == Zone.DATA and any("admits no ingress from 0.0.0.0/0" in r for r in filtered.reasons)
    assert annotations.zones["aws_db_instance.private"].zone == Zone.DATA
    unknown = annotations.zones["aws_db_instance.unknown"]
    assert unknown.zone == Zone.DATA and any("publicly_accessible = unknown" in r for r in unknown.reasons)


def test_an_aurora_cluster_is_exposed_through_its_public_instances(tmp_path):
    graph, annotations = scan(tmp_path, NETWORK + """
        resource "aws_rds_cluster" "vector" {
          cluster_identifier     = "kb-vector"
          engine                 = "aurora-postgresql"
          db_subnet_group_name   = aws_db_subnet_group.public.name
          vpc_security_group_ids = [aws_security_group.open.id]
        }
        resource "aws_rds_cluster_instance" "writer" {
          identifier          = "kb-vector-1"
          cluster_identifier  = aws_rds_cluster.vector.id
          instance_class      = "db.r6g.large"
          engine              = "aurora-postgresql"
          publicly_accessible = true
        }
        resource "aws_rds_cluster_instance" "reader" {
          identifier         = "kb-vector-2"
          cluster_identifier = aws_rds_cluster.vector.id
          instance_class     = "db.r6g.large"
          engine             = "aurora-postgresql"
        }
    """)
    assert [e.asset for e in annotations.exposures] == ["aws_rds_cluster.vector"]
    assert "publicly_accessible = true (aws_rds_cluster_instance.writer)" in annotations.exposures[0].reason
