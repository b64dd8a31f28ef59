"""Zones and planes: hand-checked on the samples, each provider default, overrides, crossings."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from infra2arch.annotate.model import Plane, Zone
from infra2arch.annotate.zones import INTERNET, ZoneOverride, annotate_zones
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import SAMPLES


def scan_dir(path: Path):
    return build_graph(TerraformProvider().scan(str(path), TerraformOptions(use_cache=False, environment={})))


def scan_hcl(tmp_path: Path, text: str):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    return scan_dir(tmp_path)


@pytest.fixture(scope="module")
def aws():
    graph = scan_dir(SAMPLES / "aws-sagemaker")
    return graph, *annotate_zones(graph)


def test_aws_sample_zones_by_hand(aws):
    _, zones, _ = aws
    expect = {
        "aws_apigatewayv2_api.scoring": (Zone.EDGE, Plane.PROVIDER),
        "aws_lambda_function.invoke": (Zone.PRIVATE_APP, Plane.CUSTOMER),
        "aws_sagemaker_model.main": (Zone.PRIVATE_APP, Plane.CUSTOMER),
        "aws_sagemaker_endpoint.main": (Zone.PRIVATE_APP, Plane.CUSTOMER),
        "aws_sagemaker_notebook_instance.research": (Zone.EDGE, Plane.CUSTOMER),
        "aws_s3_bucket.artifacts": (Zone.DATA, Plane.PROVIDER),
        "aws_kms_key.ml": (Zone.MANAGEMENT, Plane.NONE),
        "aws_iam_role.lambda": (Zone.MANAGEMENT, Plane.NONE),
        "aws_nat_gateway.main": (Zone.EDGE, Plane.CUSTOMER),
        'module.subnet_pair["a"].aws_subnet.public': (Zone.EDGE, Plane.CUSTOMER),
        'module.subnet_pair["a"].aws_subnet.private': (Zone.PRIVATE_APP, Plane.CUSTOMER),
    }
    assert {a: (zones[a].zone, zones[a].plane) for a in expect} == expect
    assert zones[INTERNET].zone == Zone.INTERNET
    assert any("provider default Enabled" in r for r in zones["aws_sagemaker_notebook_instance.research"].reasons)


def test_aws_sample_crossings_name_their_controls(aws):
    _, _, crossings = aws
    by_pair = {(c.src, c.dst): c for c in crossings}
    entry = by_pair[(INTERNET, "aws_apigatewayv2_api.scoring")]
    assert (entry.from_zone, entry.to_zone) == (Zone.INTERNET, Zone.EDGE)
    api_to_lambda = by_pair[("aws_apigatewayv2_api.scoring", "aws_lambda_function.invoke")]
    # the function's resource policy admits the API: that, not the function's security group, enforces the call
    assert api_to_lambda.control_kind == "resource-policy"
    assert api_to_lambda.control == "aws_lambda_permission.apigateway"
    # keys, roles and log destinations are control-plane relations, not boundary crossings
    assert ("aws_sagemaker_endpoint_configuration.main", "aws_kms_key.ml") not in by_pair
    assert all(c.relation.value in ("network", "invokes", "data") for c in crossings)
    assert all(c.from_zone != c.to_zone for c in crossings)


@pytest.mark.parametrize("name, body, zone, fragment", [
    ("notebook default", 'resource "aws_sagemaker_notebook_instance" "n" {\n name = "n"\n role_arn = "r"\n instance_type = "ml.t3.medium"\n}',
     Zone.EDGE, "provider default Enabled"),
    ("notebook disabled", 'resource "aws_sagemaker_notebook_instance" "n" {\n name = "n"\n role_arn = "r"\n instance_type = "ml.t3.medium"\n direct_internet_access = "Disabled"\n}',
     Zone.PRIVATE_APP, "provider-managed"),
    ("domain default", 'resource "aws_sagemaker_domain" "d" {\n domain_name = "d"\n auth_mode = "IAM"\n vpc_id = "v"\n subnet_ids = ["s"]\n}',
     Zone.EDGE, "PublicInternetOnly"),
    ("azure workspace default", 'resource "azurerm_machine_learning_workspace" "w" {\n name = "w"\n location = "eastus"\n resource_group_name = "rg"\n}',
     Zone.EDGE, "provider default true"),
    ("azure workspace private", 'resource "azurerm_machine_learning_workspace" "w" {\n name = "w"\n location = "eastus"\n resource_group_name = "rg"\n public_network_access_enabled = false\n}',
     Zone.PRIVATE_APP, "provider-managed"),
    ("azure compute instance default", 'resource "azurerm_machine_learning_compute_instance" "c" {\n name = "c"\n machine_learning_workspace_id = "w"\n virtual_machine_size = "Standard_DS3_v2"\n}',
     Zone.EDGE, "public IP (provider default true)"),
    ("workbench default", 'resource "google_workbench_instance" "w" {\n name = "w"\n location = "us-central1-a"\n gce_setup {\n machine_type = "e2-standard-4"\n }\n}',
     Zone.EDGE, "disable_public_ip default false"),
    ("workbench private", 'resource "google_workbench_instance" "w" {\n name = "w"\n location = "us-central1-a"\n gce_setup {\n disable_public_ip = true\n }\n}',
     Zone.PRIVATE_APP, "provider-managed"),
    ("vertex endpoint public", 'resource "google_vertex_ai_endpoint" "e" {\n name = "1"\n display_name = "e"\n location = "us-central1"\n}',
     Zone.EDGE, "public Vertex AI endpoint"),
])
def test_provider_defaults_decide_the_zone(tmp_path, name, body, zone, fragment):
    graph = scan_hcl(tmp_path, body)
    zones, _ = annotate_zones(graph)
    # the one resource declared (the graph may add boxes for networks it only names, such as vpc_id = "v")
    (address,) = [r.address for r in graph.resources if r.type == body.split('"')[1]]
    assert zones[address].zone == zone, (name, zones[address])
    assert any(fragment in reason for reason in zones[address].reasons), zones[address].reasons


def test_unknown_setting_is_not_taken_as_safe(tmp_path):
    """direct_internet_access from an unset variable is unknown: the notebook is not declared private."""
    graph = scan_hcl(tmp_path, """
        variable "access" {}
        resource "aws_sagemaker_notebook_instance" "n" {
          name = "n"
          role_arn = "r"
          instance_type = "ml.t3.medium"
          direct_internet_access = var.access
        }
    """)
    zones, _ = annotate_zones(graph)
    assert zones["aws_sagemaker_notebook_instance.n"].zone == Zone.PRIVATE_APP
    assert not any("direct internet" in r for r in zones["aws_sagemaker_notebook_instance.n"].reasons)


def test_public_bucket_policy_moves_a_bucket_to_the_edge(tmp_path):
    graph = scan_hcl(tmp_path, """
        resource "aws_s3_bucket" "site" { bucket = "site" }
        resource "aws_s3_bucket" "data" { bucket = "data" }
        resource "aws_s3_bucket_policy" "site" {
          bucket = aws_s3_bucket.site.id
          policy = jsonencode({Statement = [{Effect = "Allow", Principal = "*", Action = "s3:GetObject",
                                             Resource = "${aws_s3_bucket.site.arn}/*"}]})
        }
    """)
    zones, _ = annotate_zones(graph)
    assert zones["aws_s3_bucket.site"].zone == Zone.EDGE
    assert zones["aws_s3_bucket.data"].zone == Zone.DATA


def test_overrides_by_address_and_tag(tmp_path):
    graph = scan_hcl(tmp_path, """
        resource "aws_s3_bucket" "a" {
          bucket = "a"
          tags = { Zone = "mgmt" }
        }
        resource "aws_s3_bucket" "b" { bucket = "b" }
    """)
    zones, _ = annotate_zones(graph, [ZoneOverride(Zone.MANAGEMENT, tag="Zone=mgmt"),
                                      ZoneOverride(Zone.EDGE, address="aws_s3_bucket.b*")])
    assert zones["aws_s3_bucket.a"].zone == Zone.MANAGEMENT and zones["aws_s3_bucket.a"].overridden
    assert zones["aws_s3_bucket.b"].zone == Zone.EDGE
    assert zones["aws_s3_bucket.b"].reasons[0].startswith("override in infra2arch.yaml")


def test_gcp_and_azure_samples_by_hand():
    gcp = scan_dir(SAMPLES / "gcp-vertex")
    zones, _ = annotate_zones(gcp)
    # the public IP is real (I2A-GCP-003 fails), but the VPC firewall admits only IAP and internal
    # ranges: nobody on the internet reaches the VM, so it is not in the edge zone
    workbench = zones["google_workbench_instance.research"]
    assert workbench.zone == Zone.PRIVATE_APP
    assert any("admits no ingress from 0.0.0.0/0 (implied deny" in r for r in workbench.reasons), workbench.reasons
    assert zones['google_storage_bucket.ml["public-datasets"]'].zone == Zone.EDGE
    assert zones['google_storage_bucket.ml["training-data"]'].zone == Zone.DATA
    assert zones["google_vertex_ai_endpoint.churn"].plane == Plane.CUSTOMER
    assert zones["google_compute_global_address.psa"].zone != Zone.EDGE  # VPC peering range, not a public IP
    azure = scan_dir(SAMPLES / "azure-ml")
    zones, crossings = annotate_zones(azure)
    assert zones["azurerm_machine_learning_compute_instance.analyst"].zone == Zone.EDGE
    assert zones["azurerm_machine_learning_compute_cluster.training"].zone == Zone.PRIVATE_APP
    assert zones["azurerm_machine_learning_workspace.ml"].zone == Zone.PRIVATE_APP
    assert zones["azurerm_bastion_host.ml"].zone == Zone.EDGE
    registry = [c for c in crossings if c.src == "azurerm_machine_learning_workspace.ml"
                and c.dst == "azurerm_container_registry.ml"]
    # the workspace runs in Azure's network: its managed identity is what the registry admits
    assert registry and registry[0].control_kind == "iam"
    assert registry[0].control == "azurerm_user_assigned_identity.aml"
