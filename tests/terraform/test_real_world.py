"""Constructs seen in real public Terraform that the offline scan gets wrong.

Each test is a small, freshly written configuration that uses the same construct as a widely used
public module or example (terraform-aws-modules, Azure Verified Modules, cloudposse, ...), and
asserts what `terraform plan` would produce. They document failures found by scanning real code;
a test here fails until the product is fixed.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from infra2arch.model import GapKind, Unknown
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


# ------------------------------------------------------------------------------------------ helpers


def scan(root: Path, files: dict[str, str], **options):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    options.setdefault("environment", {})
    return TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, **options))


def res(inventory, address: str):
    found = [r for r in inventory.resources if r.address == address]
    assert found, f"{address} not in {sorted(r.address for r in inventory.resources)}"
    return found[0]


def addresses(inventory) -> list[str]:
    return sorted(r.address for r in inventory.resources)


def gaps(inventory, kind: GapKind):
    return [g for g in inventory.gaps if g.kind == kind]


def policy(inventory, address: str) -> dict:
    value = res(inventory, address).attrs["policy"]
    assert isinstance(value, str), value
    return json.loads(value)


# ------------------------------------------------------------------- aws_iam_policy_document (AWS)
# terraform-aws-modules/s3-bucket builds its bucket policy as a data.aws_iam_policy_document that
# has no statement of its own, only source_policy_documents; KMS and EKS modules do the same with
# override_policy_documents. The provider merges the statements of those documents.


def test_policy_document_merges_source_policy_documents(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        provider "aws" {
          region = "eu-west-1"
        }
        data "aws_iam_policy_document" "read" {
          statement {
            sid       = "Read"
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::logs/*"]
          }
        }
        data "aws_iam_policy_document" "tls" {
          statement {
            sid       = "DenyInsecure"
            effect    = "Deny"
            actions   = ["s3:*"]
            resources = ["*"]
            condition {
              test     = "Bool"
              variable = "aws:SecureTransport"
              values   = ["false"]
            }
          }
        }
        data "aws_iam_policy_document" "combined" {
          source_policy_documents = [
            data.aws_iam_policy_document.read.json,
            data.aws_iam_policy_document.tls.json,
          ]
        }
        resource "aws_s3_bucket_policy" "p" {
          bucket = "logs"
          policy = data.aws_iam_policy_document.combined.json
        }
    """})
    statements = policy(inv, "aws_s3_bucket_policy.p")["Statement"]
    assert [s.get("Sid") for s in statements] == ["Read", "DenyInsecure"]
    assert statements[1]["Effect"] == "Deny"
    assert statements[1]["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}


def test_policy_document_own_statements_follow_source_documents(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        data "aws_iam_policy_document" "base" {
          statement {
            sid       = "Base"
            actions   = ["sqs:SendMessage"]
            resources = ["*"]
          }
        }
        data "aws_iam_policy_document" "full" {
          source_policy_documents = [data.aws_iam_policy_document.base.json]
          statement {
            sid       = "Extra"
            actions   = ["sqs:ReceiveMessage"]
            resources = ["*"]
          }
        }
        resource "aws_sqs_queue_policy" "p" {
          queue_url = "https://sqs.example/q"
          policy    = data.aws_iam_policy_document.full.json
        }
    """})
    statements = policy(inv, "aws_sqs_queue_policy.p")["Statement"]
    assert [s["Sid"] for s in statements] == ["Base", "Extra"]


def test_policy_document_override_replaces_statement_with_same_sid(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        data "aws_iam_policy_document" "base" {
          statement {
            sid       = "Access"
            actions   = ["kms:Decrypt"]
            resources = ["*"]
          }
          statement {
            sid       = "Keep"
            actions   = ["kms:Describe*"]
            resources = ["*"]
          }
        }
        data "aws_iam_policy_document" "final" {
          source_policy_documents   = [data.aws_iam_policy_document.base.json]
          override_policy_documents = [jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Sid = "Access", Effect = "Deny", Action = "kms:*", Resource = "*" }]
          })]
        }
        resource "aws_kms_key_policy" "p" {
          key_id = "k"
          policy = data.aws_iam_policy_document.final.json
        }
    """})
    statements = {s["Sid"]: s for s in policy(inv, "aws_kms_key_policy.p")["Statement"]}
    assert set(statements) == {"Access", "Keep"}
    assert statements["Access"]["Effect"] == "Deny"
    assert statements["Access"]["Action"] == "kms:*"


def test_policy_document_principals_blocks_of_the_same_type_are_merged(tmp_path):
    # Cross-account policies often list each account in its own principals block.
    inv = scan(tmp_path, {"main.tf": """
        data "aws_iam_policy_document" "x" {
          statement {
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::b/*"]
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::111111111111:root"]
            }
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::222222222222:root"]
            }
          }
        }
        resource "aws_s3_bucket_policy" "p" {
          bucket = "b"
          policy = data.aws_iam_policy_document.x.json
        }
    """})
    principal = policy(inv, "aws_s3_bucket_policy.p")["Statement"][0]["Principal"]["AWS"]
    assert sorted(principal) == ["arn:aws:iam::111111111111:root", "arn:aws:iam::222222222222:root"]


# --------------------------------------------------------------------------- ephemeral (TF >= 1.10)
# Write-only arguments fed from ephemeral resources are the documented way to pass secrets since
# Terraform 1.10/1.11 (RDS, Secrets Manager examples). Terraform accepts the reference; its value
# is simply not known at plan time.


def test_reference_to_an_ephemeral_resource_is_unknown_not_an_error(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        ephemeral "random_password" "db" {
          length = 20
        }
        resource "aws_db_instance" "db" {
          identifier          = "db"
          password_wo         = ephemeral.random_password.db.result
          password_wo_version = 1
        }
    """})
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    db = res(inv, "aws_db_instance.db")
    assert db.attrs["identifier"] == "db"
    assert isinstance(db.attrs["password_wo"], Unknown)
    # an ephemeral resource is never stored in state: it is not part of the inventory
    assert addresses(inv) == ["aws_db_instance.db"]


def test_ephemeral_resource_with_count_inside_a_module(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            module "secret" {
              source = "./secret"
            }
        """,
        "secret/main.tf": """
            ephemeral "aws_secretsmanager_random_password" "p" {
              count = 1
            }
            resource "aws_secretsmanager_secret_version" "v" {
              secret_id                = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:x"
              secret_string_wo         = ephemeral.aws_secretsmanager_random_password.p[0].random_password
              secret_string_wo_version = 1
            }
        """,
    })
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    v = res(inv, "module.secret.aws_secretsmanager_secret_version.v")
    assert isinstance(v.attrs["secret_string_wo"], Unknown)


# ---------------------------------------------------------------------------------- azapi (Azure)
# Azure Verified Modules (e.g. the machine learning workspace module) create the workspace, its
# compute and connections with azapi_resource. They are Azure resources in the location they state.


def test_azapi_resource_is_located_in_azure_at_its_location(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "azurerm_resource_group" "rg" {
          name     = "rg-ml"
          location = "westeurope"
        }
        resource "azapi_resource" "ws" {
          type      = "Microsoft.MachineLearningServices/workspaces@2024-10-01-preview"
          name      = "mlw"
          location  = "West Europe"
          parent_id = azurerm_resource_group.rg.id
          body = {
            properties = { publicNetworkAccess = "Disabled" }
            kind       = "Default"
          }
        }
    """})
    ws = res(inv, "azapi_resource.ws")
    rg = res(inv, "azurerm_resource_group.rg")
    assert ws.location.cloud == rg.location.cloud == "azurerm"
    assert ws.location.region == "westeurope"


# ------------------------------------------------------------------ slice() on a not-yet-known list
# Nearly every terraform-aws-modules example picks its zones with
#   azs = slice(data.aws_availability_zones.available.names, 0, 3)
# and derives one subnet per zone with a for expression over local.azs. The zone names are not
# known offline, but the result of slice(list, 0, 3) always has exactly three elements, so the
# subnet CIDRs and the number of subnets are known (Terraform knows them at plan time too).


def test_slice_of_an_unknown_list_with_known_bounds_has_a_known_length(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            provider "aws" {
              region = "eu-west-1"
            }
            data "aws_availability_zones" "available" {}
            locals {
              vpc_cidr = "10.0.0.0/16"
              azs      = slice(data.aws_availability_zones.available.names, 0, 3)
            }
            module "vpc" {
              source          = "./vpc"
              azs             = local.azs
              private_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 4, k)]
            }
        """,
        "vpc/main.tf": """
            variable "azs" {
              type = list(string)
            }
            variable "private_subnets" {
              type = list(string)
            }
            resource "aws_vpc" "this" {
              cidr_block = "10.0.0.0/16"
            }
            resource "aws_subnet" "private" {
              count             = length(var.private_subnets)
              vpc_id            = aws_vpc.this.id
              cidr_block        = var.private_subnets[count.index]
              availability_zone = element(var.azs, count.index)
            }
        """,
    })
    assert not gaps(inv, GapKind.UNKNOWN_INSTANCES), gaps(inv, GapKind.UNKNOWN_INSTANCES)
    subnets = [f"module.vpc.aws_subnet.private[{i}]" for i in range(3)]
    assert [a for a in addresses(inv) if "aws_subnet" in a] == subnets
    assert [res(inv, a).attrs["cidr_block"] for a in subnets] == ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/20"]
    assert isinstance(res(inv, subnets[0]).attrs["availability_zone"], Unknown)


# -------------------------------------------------------------------- type unification for `any`
# terraform-aws-modules/lambda declares `allowed_triggers` as map(any) and callers pass objects with
# different attributes. Terraform unifies them into map(map(string)): numbers become strings, and
# every element has the same keys-as-map type.


def test_map_any_of_objects_with_different_attributes_unifies_to_map_of_strings(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "triggers" {
          type = map(any)
          default = {
            Api    = { service = "apigateway", source_arn = "arn:aws:execute-api:eu-west-1:1:abc/*" }
            Events = { principal = "events.amazonaws.com", batch = 5 }
          }
        }
        resource "aws_lambda_permission" "t" {
          for_each  = var.triggers
          principal = lookup(each.value, "principal", "${lookup(each.value, "service", "")}.amazonaws.com")
          batch     = lookup(each.value, "batch", null)
        }
    """})
    assert res(inv, 'aws_lambda_permission.t["Api"]').attrs["principal"] == "apigateway.amazonaws.com"
    assert res(inv, 'aws_lambda_permission.t["Events"]').attrs["principal"] == "events.amazonaws.com"
    assert res(inv, 'aws_lambda_permission.t["Events"]').attrs["batch"] == "5"


def test_list_any_of_objects_with_different_attributes_unifies_element_types(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "rules" {
          type    = list(any)
          default = [{ port = 80 }, { port = 443, cidr = "10.0.0.0/8" }]
        }
        resource "null_resource" "r" {
          triggers = {
            rules = jsonencode(var.rules)
          }
        }
    """})
    rules = json.loads(res(inv, "null_resource.r").attrs["triggers"]["rules"])
    assert rules == [{"port": "80"}, {"cidr": "10.0.0.0/8", "port": "443"}]


# ------------------------------------------------------------------- google zonal `location`
# Vertex AI Workbench instances (GoogleCloudPlatform/terraform-google-vertex-ai workbench module),
# zonal GKE clusters and TPU nodes take a *zone* in `location` ("us-central1-a"). The resource runs
# in that zone, in its region.


def test_google_location_that_is_a_zone_gives_zone_and_region(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        provider "google" {
          project = "ml-project"
        }
        resource "google_workbench_instance" "wb" {
          name     = "wb"
          location = "us-central1-a"
          gce_setup {
            machine_type      = "e2-standard-2"
            disable_public_ip = true
          }
        }
        resource "google_container_cluster" "gke" {
          name     = "zonal"
          location = "europe-west1-b"
        }
    """})
    wb = res(inv, "google_workbench_instance.wb").location
    assert (wb.cloud, wb.account, wb.region, wb.zone) == ("google", "ml-project", "us-central1", "us-central1-a")
    gke = res(inv, "google_container_cluster.gke").location
    assert (gke.region, gke.zone) == ("europe-west1", "europe-west1-b")


# --------------------------------------------- network placement that is configured but unknown
# Real roots take their network from a registry module (terraform-aws-modules/vpc/aws,
# terraform-google-modules/network/google) that is often not vendored. The notebook is then
# attached to a subnet whose id is unknown: it runs in the customer's network, not in the
# provider-managed plane, and I2A-NET-002 must not fail on it.


def _zones(tmp_path, files):
    from infra2arch.annotate.zones import annotate_zones
    from infra2arch.graph import build_graph

    zones, _ = annotate_zones(build_graph(scan(tmp_path, files)))
    return zones


def test_sagemaker_notebook_in_a_subnet_of_a_remote_vpc_module_is_not_provider_managed(tmp_path):
    from infra2arch.annotate.model import Plane

    zones = _zones(tmp_path, {"main.tf": """
        module "vpc" {
          source  = "terraform-aws-modules/vpc/aws"
          version = "~> 5.0"
          name    = "ml"
          cidr    = "10.0.0.0/16"
        }
        resource "aws_security_group" "nb" {
          vpc_id = module.vpc.vpc_id
        }
        resource "aws_sagemaker_notebook_instance" "nb" {
          name                   = "nb"
          role_arn               = "arn:aws:iam::111111111111:role/sm"
          instance_type          = "ml.t3.medium"
          subnet_id              = module.vpc.private_subnets[0]
          security_groups        = [aws_security_group.nb.id]
          direct_internet_access = "Disabled"
        }
    """})
    assert zones["aws_sagemaker_notebook_instance.nb"].plane != Plane.PROVIDER


def test_workbench_with_network_interfaces_from_a_remote_module_is_not_provider_managed(tmp_path):
    from infra2arch.annotate.model import Plane

    zones = _zones(tmp_path, {"main.tf": """
        module "net" {
          source       = "terraform-google-modules/network/google"
          version      = "~> 8.0"
          project_id   = "ml-project"
          network_name = "wb"
        }
        resource "google_workbench_instance" "wb" {
          name     = "wb"
          location = "us-central1-a"
          project  = "ml-project"
          gce_setup {
            machine_type      = "e2-standard-2"
            disable_public_ip = true
            network_interfaces {
              network = module.net.network_id
              subnet  = module.net.subnets_ids[0]
            }
          }
        }
    """})
    assert zones["google_workbench_instance.wb"].plane != Plane.PROVIDER


# ------------------------------------------------------------- count given as a string
# Untyped variables (`variable "instance_count" {}`) receive strings from -var, TF_VAR_ and from
# old-style defaults ("2"). Terraform converts count to a number, as it does for every argument.


def test_count_from_an_untyped_variable_set_on_the_command_line(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            variable "instance_count" {}
            resource "aws_instance" "web" {
              count = var.instance_count
              ami   = "ami-1"
              tags  = { Name = "web-${count.index + 1}" }
            }
            module "worker" {
              source = "./worker"
              count  = var.instance_count
            }
        """,
        "worker/main.tf": """
            resource "aws_sqs_queue" "q" {}
        """,
    }, variables=[("var", "instance_count=2")])
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    assert addresses(inv) == [
        "aws_instance.web[0]", "aws_instance.web[1]",
        "module.worker[0].aws_sqs_queue.q", "module.worker[1].aws_sqs_queue.q",
    ]
    assert res(inv, "aws_instance.web[1]").attrs["tags"] == {"Name": "web-2"}


def test_count_from_a_string_default_and_from_the_environment(tmp_path):
    files = {"main.tf": """
        variable "replicas" {
          default = "3"
        }
        resource "aws_sqs_queue" "q" {
          count = var.replicas
          name  = "q-${count.index}"
        }
    """}
    inv = scan(tmp_path, files)
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    assert [res(inv, f"aws_sqs_queue.q[{i}]").attrs["name"] for i in range(3)] == ["q-0", "q-1", "q-2"]
    inv = scan(tmp_path, files, environment={"TF_VAR_replicas": "1"})
    assert addresses(inv) == ["aws_sqs_queue.q[0]"]


def test_google_multi_region_location_is_not_the_provider_region(tmp_path):
    # Buckets and BigQuery datasets in the GCP examples use multi-regions ("EU", "US"): they are not
    # in the provider's default region and must not be drawn inside it.
    inv = scan(tmp_path, {"main.tf": """
        provider "google" {
          project = "ml-project"
          region  = "europe-west4"
        }
        resource "google_storage_bucket" "artifacts" {
          name     = "artifacts"
          location = "EU"
        }
        resource "google_storage_bucket" "regional" {
          name     = "regional"
          location = "EUROPE-WEST1"
        }
    """})
    assert res(inv, "google_storage_bucket.artifacts").location.region != "europe-west4"
    assert res(inv, "google_storage_bucket.regional").location.region == "europe-west1"


# -------------------------------------------------------------- spellings real modules use (syntax)


def test_a_traversal_continued_on_the_next_line_inside_parentheses(tmp_path):
    # cloud-foundation-fabric's gke-nodepool module splits a long traversal over lines inside try():
    # the whole file failed to parse, and every reference to its resources became an error
    inv = scan(tmp_path, {"main.tf": """
        variable "node_config" {
          default = { containerd_config = { private_registry_access_config = { enabled = true } } }
        }
        resource "google_container_node_pool" "pool" {
          name    = "pool"
          cluster = "c"
          node_config {
            labels = {
              registry = try(
                var.node_config.containerd_config
                .private_registry_access_config
                .enabled,
                false
              ) ? "private" : "public"
            }
          }
        }
    """})
    assert not gaps(inv, GapKind.PARSE_ERROR), gaps(inv, GapKind.PARSE_ERROR)
    node_config = res(inv, "google_container_node_pool.pool").attrs["node_config"][0]
    assert node_config["labels"] == {"registry": "private"}


def test_a_newline_still_ends_a_traversal_in_a_body(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        locals {
          a = var.x
          .y
        }
    """})
    assert gaps(inv, GapKind.PARSE_ERROR)


def test_resource_prefix_is_the_same_reference(tmp_path):
    # rad-lab's web_hosting module writes resource.google_compute_network.vpc_xlb.name
    inv = scan(tmp_path, {"main.tf": """
        resource "google_compute_network" "vpc" {
          name                    = "vpc-xlb"
          auto_create_subnetworks = false
        }
        resource "google_compute_firewall" "iap_ssh" {
          name          = "fw-allow-iap-ssh"
          network       = resource.google_compute_network.vpc.name
          source_ranges = ["35.235.240.0/20"]
          allow {
            protocol = "tcp"
            ports    = ["22"]
          }
          depends_on = [resource.google_compute_network.vpc]
        }
    """})
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    assert res(inv, "google_compute_firewall.iap_ssh").attrs["network"] == "vpc-xlb"
    links = {(l.src, l.dst, l.via) for l in inv.links}
    assert ("google_compute_firewall.iap_ssh", "google_compute_network.vpc", "network") in links
    assert ("google_compute_firewall.iap_ssh", "google_compute_network.vpc", "depends_on") in links


def test_an_instance_of_a_module_whose_for_each_is_unknown(tmp_path):
    # osushinekotan/KaggleOps indexes a for_each module by key while the set comes from a variable:
    # "module module.wi has no output 'prod'" before; any instance is the one drawn for them all
    inv = scan(tmp_path, {
        "main.tf": """
            variable "envs" {
              type = set(string)
            }
            module "wi" {
              source   = "./wi"
              for_each = var.envs
              name     = each.key
            }
            resource "google_service_account_iam_member" "gha" {
              service_account_id = "projects/p/serviceAccounts/sa@p.iam.gserviceaccount.com"
              role               = "roles/iam.workloadIdentityUser"
              member             = module.wi["prod"].github_actions
            }
        """,
        "wi/main.tf": """
            variable "name" {}
            output "github_actions" {
              value = "principalSet://iam.googleapis.com/pools/${var.name}"
            }
        """})
    assert not gaps(inv, GapKind.EVALUATION_ERROR), gaps(inv, GapKind.EVALUATION_ERROR)
    member = res(inv, "google_service_account_iam_member.gha").attrs["member"]
    assert isinstance(member, Unknown) and member.partial.startswith("principalSet://iam.googleapis.com/pools/")


def test_a_firestore_database_is_in_its_location_id(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        provider "google" {
          project = "kb"
        }
        resource "google_firestore_database" "kb" {
          name        = "(default)"
          location_id = "us-central1"
          type        = "FIRESTORE_NATIVE"
        }
        resource "google_firestore_database" "multi" {
          name        = "multi"
          location_id = "nam5"
          type        = "FIRESTORE_NATIVE"
        }
    """})
    assert res(inv, "google_firestore_database.kb").location.region == "us-central1"
    assert res(inv, "google_firestore_database.multi").location.region == "nam5"
