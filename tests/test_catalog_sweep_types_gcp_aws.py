"""The sweep's missing AWS and Google Cloud types in the shapes real roots use them: a SageMaker
VPC-only domain's KMS key policy, cloud-foundation-fabric's HA VPN (net-vpn-ha) and regional
application load balancer (net-lb-app-ext-regional), rad-lab's billing budget. Helpers and the Azure
cases are in test_catalog_sweep_types.py.
"""

from __future__ import annotations

from infra2arch.model import Relation
from tests.test_catalog_sweep_types import no_catalog_gaps, parents, relations, scan, unfolded_gaps


def test_kms_key_policy_folds_into_its_key(tmp_path):
    graph = scan(tmp_path, """
        resource "aws_kms_key" "studio" {
          description         = "SageMaker Studio EFS and volumes"
          enable_key_rotation = true
        }
        resource "aws_kms_key_policy" "studio" {
          key_id = aws_kms_key.studio.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Sid       = "Root"
              Effect    = "Allow"
              Principal = { AWS = "arn:aws:iam::111122223333:root" }
              Action    = "kms:*"
              Resource  = "*"
            }]
          })
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    assert graph.folded["aws_kms_key_policy.studio"] == "aws_kms_key.studio"


def test_gcp_ha_vpn_tunnels_fold_into_the_gateway_in_its_vpc(tmp_path):
    graph = scan(tmp_path, """
        resource "google_compute_network" "vpc" {
          name                    = "ml-vpc"
          auto_create_subnetworks = false
        }
        resource "google_compute_router" "router" {
          name    = "vpn-router"
          region  = "europe-west1"
          network = google_compute_network.vpc.id
          bgp {
            asn = 64514
          }
        }
        resource "google_compute_ha_vpn_gateway" "gw" {
          name    = "ha-vpn"
          region  = "europe-west1"
          network = google_compute_network.vpc.id
        }
        resource "google_compute_external_vpn_gateway" "onprem" {
          name            = "onprem"
          redundancy_type = "SINGLE_IP_INTERNALLY_REDUNDANT"
          interface {
            id         = 0
            ip_address = "203.0.113.10"
          }
        }
        resource "google_compute_vpn_tunnel" "t0" {
          name                            = "tunnel-0"
          region                          = "europe-west1"
          vpn_gateway                     = google_compute_ha_vpn_gateway.gw.id
          vpn_gateway_interface           = 0
          peer_external_gateway           = google_compute_external_vpn_gateway.onprem.id
          peer_external_gateway_interface = 0
          shared_secret                   = "not-a-real-secret"
          router                          = google_compute_router.router.id
        }
        resource "google_compute_router_interface" "if0" {
          name       = "if-0"
          router     = google_compute_router.router.name
          region     = "europe-west1"
          ip_range   = "169.254.0.1/30"
          vpn_tunnel = google_compute_vpn_tunnel.t0.name
        }
        resource "google_compute_router_peer" "peer0" {
          name            = "peer-0"
          router          = google_compute_router.router.name
          region          = "europe-west1"
          peer_ip_address = "169.254.0.2"
          peer_asn        = 64515
          interface       = google_compute_router_interface.if0.name
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    gateway = "google_compute_ha_vpn_gateway.gw"
    assert parents(graph, gateway) == {"google_compute_network.vpc"}
    assert graph.folded["google_compute_vpn_tunnel.t0"] == gateway
    assert graph.folded["google_compute_router_interface.if0"] == "google_compute_router.router"
    assert graph.folded["google_compute_router_peer.peer0"] == "google_compute_router.router"
    assert Relation.NETWORK in relations(graph, gateway, "google_compute_external_vpn_gateway.onprem")


def test_gcp_regional_load_balancer_and_billing_budget(tmp_path):
    graph = scan(tmp_path, """
        resource "google_compute_region_health_check" "hc" {
          name   = "hc"
          region = "europe-west1"
          http_health_check {
            port = 8080
          }
        }
        resource "google_compute_region_backend_service" "api" {
          name                  = "api"
          region                = "europe-west1"
          load_balancing_scheme = "EXTERNAL_MANAGED"
          health_checks         = [google_compute_region_health_check.hc.id]
        }
        resource "google_compute_region_url_map" "api" {
          name            = "api"
          region          = "europe-west1"
          default_service = google_compute_region_backend_service.api.id
        }
        resource "google_compute_region_target_http_proxy" "api" {
          name    = "api"
          region  = "europe-west1"
          url_map = google_compute_region_url_map.api.id
        }
        resource "google_pubsub_topic" "budget" {
          name = "budget-alerts"
        }
        resource "google_billing_budget" "ml" {
          billing_account = "000000-000000-000000"
          display_name    = "ml-budget"
          amount {
            specified_amount {
              currency_code = "USD"
              units         = "1000"
            }
          }
          all_updates_rule {
            pubsub_topic = google_pubsub_topic.budget.id
          }
        }
    """)
    assert no_catalog_gaps(graph) == []
    assert unfolded_gaps(graph) == []
    assert graph.folded["google_compute_region_target_http_proxy.api"] == "google_compute_region_url_map.api"
    assert Relation.NETWORK in relations(graph, "google_compute_region_url_map.api",
                                         "google_compute_region_backend_service.api")
    assert Relation.INVOKES in relations(graph, "google_billing_budget.ml", "google_pubsub_topic.budget")
