"""Any attribute may be unknown before apply (an unset variable, a dynamic block over an unknown
collection, a value from another resource). The annotators and views take an unknown value as
unknown: never a crash, never a guess."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infra2arch.annotate.pipeline import annotate
from infra2arch.annotate.zones import _policy_is_public
from infra2arch.graph import build_graph
from infra2arch.model import Unknown
from infra2arch.views import ViewOptions, build_view
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import SAMPLES

DYNAMIC_NIC = """
variable "network_interfaces" {
  type = list(object({ network = string, subnetwork = string, nat = bool }))
}

resource "google_compute_instance" "vm" {
  name         = "trainer"
  machine_type = "n1-standard-8"
  zone         = "europe-west1-b"
  boot_disk {
    initialize_params { image = "debian-cloud/debian-12" }
  }
  dynamic "network_interface" {
    for_each = var.network_interfaces
    content {
      network    = network_interface.value.network
      subnetwork = network_interface.value.subnetwork
      dynamic "access_config" {
        for_each = network_interface.value.nat ? [""] : []
        content {}
      }
    }
  }
}
"""


def test_a_vm_whose_network_interfaces_are_unknown_is_scanned_not_guessed(tmp_path: Path):
    # cloud-foundation-fabric's compute-vm module, scanned on its own, crashed the scan here
    (tmp_path / "main.tf").write_text(textwrap.dedent(DYNAMIC_NIC))
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "infra2arch", "scan", "terraform", str(tmp_path), "-o", str(out),
                           "--format", "json", "--no-cache"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "internal error" not in done.stderr
    graph = json.loads((out / "graph.json").read_text())
    assert [n["address"] for n in graph["resources"] if n["type"] == "google_compute_instance"] == [
        "google_compute_instance.vm"]
    assert graph["annotations"]["exposures"] == []      # an unknown NIC is not an external IP


def test_a_policy_whose_statements_are_unknown_is_not_taken_as_public():
    assert _policy_is_public({"Version": "2012-10-17", "Statement": Unknown("from a variable")}) is False
    assert _policy_is_public(json.dumps({"Statement": {"Effect": "Allow", "Principal": "*"}})) is True


def _with_unknowns(inventory, pick):
    resources = []
    for resource in inventory.resources:
        resources.append(dataclasses.replace(resource, attrs=pick(resource.attrs)))
    return dataclasses.replace(inventory, resources=tuple(resources))


def _random_unknowns(rnd: random.Random):
    marker = Unknown("fuzz")

    def mutate(value):
        if isinstance(value, dict):
            return {k: marker if rnd.random() < 0.3 else mutate(v) for k, v in value.items()}
        if isinstance(value, list):
            return [marker if rnd.random() < 0.2 else mutate(v) for v in value]
        return value
    return mutate


RULE_FIXTURES = Path(__file__).parent / "fixtures" / "findings"


@pytest.mark.parametrize("estate", [SAMPLES / "aws-sagemaker", SAMPLES / "azure-ml", SAMPLES / "gcp-vertex",
                                    RULE_FIXTURES / "aws", RULE_FIXTURES / "azure", RULE_FIXTURES / "gcp"],
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_unknown_values_anywhere_never_crash_the_annotators_or_views(estate: Path):
    """Bounded fuzz (fixed seeds): every top-level attribute made unknown in turn, then values at
    random depths made unknown; the graph, every annotator and every view still run. The samples,
    and the rule fixtures (a pass and a fail case of every rule: most types the annotators read)."""
    inventory = TerraformProvider().scan(str(estate), TerraformOptions(use_cache=False, environment={}))
    keys = sorted({k for r in inventory.resources for k in r.attrs})
    variants = [lambda attrs, k=k: {**attrs, k: Unknown("fuzz")} if k in attrs else attrs for k in keys]
    variants += [_random_unknowns(random.Random(seed)) for seed in range(6)]
    for pick in variants:
        graph = build_graph(_with_unknowns(inventory, pick))
        annotations = annotate(graph)
        for view in ("engineering", "security", "cost", "executive"):
            build_view(graph, ViewOptions(name=view), annotations)
    assert len(variants) > 30


def test_a_bucket_iam_binding_whose_members_are_unknown(tmp_path: Path):
    # cloud-foundation-fabric's e2e setup module binds members from a variable
    (tmp_path / "main.tf").write_text(textwrap.dedent("""
        variable "members" {
          type = list(string)
        }
        resource "google_storage_bucket" "data" {
          name     = "ml-data"
          location = "EU"
        }
        resource "google_storage_bucket_iam_binding" "readers" {
          bucket  = google_storage_bucket.data.name
          role    = "roles/storage.objectViewer"
          members = var.members
        }
    """))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    assert isinstance(next(r for r in graph.resources if r.type == "google_storage_bucket_iam_binding")
                      .attrs["members"], Unknown)
    annotations = annotate(graph)
    assert not any(e.asset == "google_storage_bucket.data" for e in annotations.exposures)


def test_gke_authorized_networks_and_firewall_tags_from_variables(tmp_path: Path):
    # found by making values unknown in the test fixtures: a GKE cluster whose authorized networks
    # come from a dynamic block over a variable, and a firewall whose source tags are a variable
    (tmp_path / "main.tf").write_text(textwrap.dedent("""
        variable "authorized" {
          type = list(object({ cidr = string, name = string }))
        }
        variable "bastion_tags" {
          type = list(string)
        }
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
        resource "google_container_cluster" "training" {
          name       = "training"
          location   = "us-central1"
          network    = google_compute_network.vpc.id
          subnetwork = google_compute_subnetwork.nodes.id
          master_authorized_networks_config {
            cidr_blocks = var.authorized
          }
        }
        resource "google_compute_firewall" "from_bastion" {
          name        = "from-bastion"
          network     = google_compute_network.vpc.name
          source_tags = var.bastion_tags
          target_tags = ["trainer", var.bastion_tags[0]]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
        }
        resource "google_compute_instance" "trainer" {
          name         = "trainer"
          machine_type = "n1-standard-8"
          zone         = "us-central1-a"
          tags         = ["trainer"]
          boot_disk {
            initialize_params { image = "debian-cloud/debian-12" }
          }
          network_interface {
            subnetwork = google_compute_subnetwork.nodes.id
          }
        }
    """))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    annotations = annotate(graph)
    # unknown authorized networks: not called public (nor private): no exposure claimed for the API
    assert not any(e.asset == "google_container_cluster.training" for e in annotations.exposures)
    for view in ("engineering", "security"):
        build_view(graph, ViewOptions(name=view), annotations)
