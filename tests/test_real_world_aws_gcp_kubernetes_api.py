"""Kubernetes control planes of ML platforms (HyperPod on EKS in takakuni-classmethod/genai-blog,
GKE for training and serving): the API endpoint is public by default on both clouds, so it is an
internet entry point guarded by the cloud identity, unless the endpoint is private or limited to
listed networks. Its public address is no way out for the pods: egress stays the subnets'.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Zone
from infra2arch.annotate.pipeline import annotate
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

INTERNET = "synthetic:internet"


def scan(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    graph = build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))
    return graph, annotate(graph)


EKS_NETWORK = """
    resource "aws_vpc" "main" {
      cidr_block = "10.0.0.0/16"
    }
    resource "aws_subnet" "public" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.0.0/24"
    }
    resource "aws_subnet" "private" {
      vpc_id     = aws_vpc.main.id
      cidr_block = "10.0.1.0/24"
    }
    resource "aws_internet_gateway" "igw" {
      vpc_id = aws_vpc.main.id
    }
    resource "aws_eip" "nat" {
      domain = "vpc"
    }
    resource "aws_nat_gateway" "nat" {
      allocation_id = aws_eip.nat.id
      subnet_id     = aws_subnet.public.id
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
    resource "aws_iam_role" "eks" {
      name               = "eks"
      assume_role_policy = "{}"
    }
"""


def eks(name: str, vpc_settings: str = "") -> str:
    return f"""
        resource "aws_eks_cluster" "{name}" {{
          name     = "{name}"
          role_arn = aws_iam_role.eks.arn
          vpc_config {{
            subnet_ids = [aws_subnet.private.id]
            {vpc_settings}
          }}
        }}
    """


def test_an_eks_api_open_by_default_is_an_entry_guarded_by_identity_and_keeps_its_nat_egress(tmp_path):
    graph, annotations = scan(tmp_path, EKS_NETWORK + eks("default")
                              + eks("private", "endpoint_public_access = false\nendpoint_private_access = true")
                              + eks("office", 'public_access_cidrs = ["203.0.113.0/24"]'))
    default = "aws_eks_cluster.default"
    assert [e.asset for e in annotations.exposures] == [default]
    assert "endpoint_public_access default true" in annotations.exposures[0].reason
    assert "public_access_cidrs default" in annotations.exposures[0].reason
    entry = [c for c in annotations.crossings if c.src == INTERNET and c.dst == default]
    assert entry and entry[0].control_kind == "identity" and "Kubernetes API" in entry[0].control
    info = annotations.zones[default]
    assert info.zone == Zone.EDGE
    assert (info.egress, info.egress_via) == ("nat", ("aws_nat_gateway.nat",))   # not "its own public IP"
    for closed in ("aws_eks_cluster.private", "aws_eks_cluster.office"):
        assert annotations.zones[closed].zone != Zone.EDGE


def test_a_gke_control_plane_is_public_unless_private_or_limited(tmp_path):
    graph, annotations = scan(tmp_path, """
        resource "google_compute_network" "vpc" {
          name                    = "ml"
          auto_create_subnetworks = false
        }
        resource "google_compute_subnetwork" "nodes" {
          name          = "nodes"
          network       = google_compute_network.vpc.id
          region        = "us-central1"
          ip_cidr_range = "10.10.0.0/20"
        }
        resource "google_container_cluster" "open" {
          name       = "open"
          location   = "us-central1"
          network    = google_compute_network.vpc.id
          subnetwork = google_compute_subnetwork.nodes.id
        }
        resource "google_container_cluster" "private" {
          name       = "private"
          location   = "us-central1"
          network    = google_compute_network.vpc.id
          subnetwork = google_compute_subnetwork.nodes.id
          private_cluster_config {
            enable_private_nodes    = true
            enable_private_endpoint = true
            master_ipv4_cidr_block  = "172.16.0.0/28"
          }
        }
        resource "google_container_cluster" "authorized" {
          name       = "authorized"
          location   = "us-central1"
          network    = google_compute_network.vpc.id
          subnetwork = google_compute_subnetwork.nodes.id
          master_authorized_networks_config {
            cidr_blocks {
              cidr_block   = "203.0.113.0/24"
              display_name = "office"
            }
          }
        }
    """)
    open_ = "google_container_cluster.open"
    assert [e.asset for e in annotations.exposures] == [open_]
    entry = [c for c in annotations.crossings if c.src == INTERNET and c.dst == open_]
    assert entry and "Google IAM" in entry[0].control
    # the control plane's address is no way out for the nodes: no Cloud NAT, no egress
    assert annotations.zones[open_].egress == "none"
    assert annotations.zones["google_container_cluster.private"].zone != Zone.EDGE
    assert annotations.zones["google_container_cluster.authorized"].zone != Zone.EDGE
