"""Unit tests for the pieces behind zone captions and cost headlines: subnet egress per cloud, the
caption phrasing, the honest total and the heat scale."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from infra2arch.annotate.captions import area_of, zone_captions
from infra2arch.annotate.cost.rollup import total_text
from infra2arch.annotate.model import CostRollup, Plane, Zone, ZoneInfo
from infra2arch.annotate.network import subnet_egress
from infra2arch.graph import build_graph
from infra2arch.views.cost import _heat_level
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def graph_of(root: Path, text: str):
    (root / "main.tf").write_text(textwrap.dedent(text).lstrip("\n"))
    return build_graph(TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, environment={})))


def test_aws_egress_through_transit_gateway_and_network_firewall(tmp_path):
    graph = graph_of(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_vpc" "spoke" {
          cidr_block = "10.1.0.0/16"
        }
        resource "aws_ec2_transit_gateway" "hub" {}
        resource "aws_subnet" "app" {
          vpc_id     = aws_vpc.spoke.id
          cidr_block = "10.1.1.0/24"
        }
        resource "aws_route_table" "app" {
          vpc_id = aws_vpc.spoke.id
          route {
            cidr_block         = "0.0.0.0/0"
            transit_gateway_id = aws_ec2_transit_gateway.hub.id
          }
        }
        resource "aws_route_table_association" "app" {
          subnet_id      = aws_subnet.app.id
          route_table_id = aws_route_table.app.id
        }
        resource "aws_subnet" "isolated" {
          vpc_id     = aws_vpc.spoke.id
          cidr_block = "10.1.2.0/24"
        }
        resource "aws_route_table" "isolated" {
          vpc_id = aws_vpc.spoke.id
        }
        resource "aws_route_table_association" "isolated" {
          subnet_id      = aws_subnet.isolated.id
          route_table_id = aws_route_table.isolated.id
        }
    """)
    egress = subnet_egress(graph)
    assert egress["aws_subnet.app"] == ("transit", ("aws_ec2_transit_gateway.hub",))
    assert egress["aws_subnet.isolated"] == ("none", ())


def test_azure_egress_nat_gateway_default_outbound_and_none(tmp_path):
    graph = graph_of(tmp_path, """
        provider "azurerm" {
          features {}
        }
        resource "azurerm_virtual_network" "v" {
          name                = "v"
          location            = "eastus"
          resource_group_name = "rg"
          address_space       = ["10.0.0.0/16"]
        }
        resource "azurerm_subnet" "nat" {
          name                 = "nat"
          resource_group_name  = "rg"
          virtual_network_name = azurerm_virtual_network.v.name
          address_prefixes     = ["10.0.1.0/24"]
        }
        resource "azurerm_nat_gateway" "g" {
          name                = "g"
          location            = "eastus"
          resource_group_name = "rg"
        }
        resource "azurerm_subnet_nat_gateway_association" "a" {
          subnet_id      = azurerm_subnet.nat.id
          nat_gateway_id = azurerm_nat_gateway.g.id
        }
        resource "azurerm_subnet" "plain" {
          name                 = "plain"
          resource_group_name  = "rg"
          virtual_network_name = azurerm_virtual_network.v.name
          address_prefixes     = ["10.0.2.0/24"]
        }
        resource "azurerm_subnet" "closed" {
          name                            = "closed"
          resource_group_name             = "rg"
          virtual_network_name            = azurerm_virtual_network.v.name
          address_prefixes                = ["10.0.3.0/24"]
          default_outbound_access_enabled = false
        }
    """)
    egress = subnet_egress(graph)
    assert egress["azurerm_subnet.nat"] == ("nat", ("azurerm_nat_gateway.g",))
    assert egress["azurerm_subnet.plain"] == ("default-outbound", ())
    assert egress["azurerm_subnet.closed"] == ("none", ())


def _info(zone: Zone, plane: Plane, egress: str, via: tuple[str, ...] = ()) -> ZoneInfo:
    return ZoneInfo(zone, plane, ("test",), egress=egress, egress_via=via)


def test_captions_follow_the_members():
    zones = {
        "a": _info(Zone.PRIVATE_APP, Plane.CUSTOMER, "nat", ("aws_nat_gateway.a",)),
        "b": _info(Zone.PRIVATE_APP, Plane.CUSTOMER, "nat", ("aws_nat_gateway.b",)),
        "c": _info(Zone.PRIVATE_APP, Plane.CUSTOMER, "none"),
        "fn": _info(Zone.PRIVATE_APP, Plane.PROVIDER, "provider-managed"),
        "bucket": _info(Zone.DATA, Plane.PROVIDER, "provider-managed"),
    }
    captions = zone_captions(zones)
    assert captions["private-app"] == "PRIVATE APP: egress via NAT (a, b) (2); no internet egress (1)"
    assert captions["provider-managed"].startswith("PROVIDER-MANAGED")
    assert captions["data"].startswith("DATA: managed stores in the provider's network")
    assert area_of(zones["fn"]) == "provider-managed" and area_of(zones["a"]) == "private-app"
    only_isolated = zone_captions({"c": zones["c"]})
    assert only_isolated["private-app"] == "PRIVATE APP: no internet egress"


def _total(monthly: float, resources: int, usage: int = 0, unpriced: int = 0, unknown: int = 0):
    return (CostRollup("total", "total", monthly, resources, usage + unknown, unpriced, unknown),)


@pytest.mark.parametrize("rollups, not_loaded, expected", [
    (_total(100.0, 3), 0, "about $100.00 a month"),
    (_total(100.0, 3, usage=2), 0, "about $100.00 a month + usage-based parts of 2 resources"),
    (_total(100.0, 3, unpriced=1), 0, "at least $100.00 a month; 1 unpriced"),
    (_total(0.0, 2, unknown=2), 0, "total unknown: 2 resources of unknown size or count (not counted)"),
    (_total(0.0, 1, usage=1), 1, "total unknown: resources of 1 module call that could not be loaded are not "
                                 "counted, 1 usage-based"),
    (_total(0.0, 0), 0, "nothing to price"),
])
def test_total_text_is_honest(rollups, not_loaded, expected):
    text = total_text(rollups, not_loaded=not_loaded)
    assert text == expected
    assert "0 unpriced" not in text and "$0.00" not in text


@pytest.mark.parametrize("share, level", [(0.0009, 0), (0.02, 1), (0.10, 2), (0.30, 3), (0.60, 4)])
def test_heat_follows_the_share_of_the_total(share, level):
    assert _heat_level(share) == level
