"""Cost estimation: the price book, the samples priced by hand, usage and price files, unknowns, rollups."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
import yaml

from infra2arch.annotate.cost import PriceBook, cost_markdown, estimate_costs, format_usd, load_usage, rollups
from infra2arch.annotate.model import CostStatus, Plane, Zone, ZoneInfo
from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch.model import Graph, Location, Origin, Resource
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import SAMPLES

HOURS = 730


def scan_dir(path: Path) -> Graph:
    return build_graph(TerraformProvider().scan(str(path), TerraformOptions(use_cache=False, environment={})))


def scan_hcl(tmp_path: Path, text: str) -> Graph:
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    return scan_dir(tmp_path)


def write_yaml(path: Path, data) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def book() -> PriceBook:
    return PriceBook.load()


@pytest.fixture(scope="module")
def aws() -> Graph:
    return scan_dir(SAMPLES / "aws-sagemaker")


@pytest.fixture(scope="module")
def gcp() -> Graph:
    return scan_dir(SAMPLES / "gcp-vertex")


@pytest.fixture(scope="module")
def azure() -> Graph:
    return scan_dir(SAMPLES / "azure-ml")


@pytest.fixture(scope="module")
def aws_costs(aws, book):
    return estimate_costs(aws, book)


def price(book: PriceBook, service: str, sku: str, region: str) -> float:
    entry = book.find(service, sku, region)
    assert entry is not None, (service, sku, region)
    return entry.usd


# --- the price book ---------------------------------------------------------------------------

def test_bundled_price_book_is_complete_and_sourced(book):
    assert book.version and book.currency == "USD" and book.hours_per_month == HOURS
    assert len(book.entries) >= 150
    ids = [e.id for e in book.entries]
    assert len(ids) == len(set(ids)), "duplicate price ids"
    keys = [(e.service, e.sku, e.region) for e in book.entries]
    assert len(keys) == len(set(keys)), "two prices for one service/sku/region"
    for entry in book.entries:
        assert entry.unit and entry.service and entry.sku and entry.region, entry.id
        assert entry.source.startswith("https://") or entry.source.endswith(")"), entry.id
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry.as_of), entry.id
        assert entry.usd >= 0, entry.id
    assert book.as_of == min(e.as_of for e in book.entries)


def test_price_book_covers_the_ml_skus(book):
    for sku in ("ml.t2.medium", "ml.t3.xlarge", "ml.m5.4xlarge", "ml.m6i.large", "ml.c6i.2xlarge", "ml.r5.xlarge",
                "ml.g4dn.12xlarge", "ml.g5.xlarge", "ml.p3.2xlarge", "ml.p4d.24xlarge", "ml.inf2.8xlarge"):
        assert book.find("aws.sagemaker.realtime", sku, "us-east-1"), sku
    for sku in ("n1-standard-16", "n1-highmem-8", "e2-standard-4", "a2-highgpu-1g", "g2-standard-8",
                "NVIDIA_TESLA_T4", "NVIDIA_L4", "NVIDIA_TESLA_A100"):
        assert book.find("google.vertex.prediction", sku, "us-central1"), sku
    for sku in ("Standard_DS3_v2", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4", "Standard_F4s_v2"):
        assert book.find("azure.vm", sku, "eastus"), sku
    # anchors from shared/reference/prices.md; SageMaker rates are not EC2 rates
    assert price(book, "aws.sagemaker.realtime", "ml.g5.xlarge", "us-east-1") == 1.408
    assert price(book, "aws.vpc", "nat-gateway", "us-east-1") == 0.045
    assert price(book, "google.vertex.prediction", "NVIDIA_TESLA_T4", "us-central1") == 0.4025


def test_find_falls_back_to_the_default_region_and_to_star(book):
    exact = book.find("aws.sagemaker.realtime", "ml.m5.large", "us-east-1")
    assert book.find("aws.sagemaker.realtime", "ml.m5.large", "eu-west-1") is exact
    assert book.find("aws.sagemaker.realtime", "ml.m5.large", None) is exact
    assert book.find("aws.sagemaker.realtime", "ML.M5.LARGE", "us-east-1") is exact
    assert book.find("google.kms", "key-version", "europe-west4").region == "*"
    assert book.find("aws.sagemaker.realtime", "ml.nonexistent.large", "us-east-1") is None


def test_cost_markdown_lists_every_entry(book):
    text = cost_markdown(book)
    lines = text.strip().splitlines()
    assert lines[0] == "| id | service | sku | region | unit | USD | source | as_of |"
    assert len(lines) == len(book.entries) + 2
    assert "| aws.sagemaker.realtime/ml.m5.large@us-east-1 | aws.sagemaker.realtime | ml.m5.large | us-east-1 | hour | $0.115 |" in text


def test_format_usd():
    assert format_usd(0.023) == "$0.023"
    assert format_usd(1) == "$1.00"
    assert format_usd(0.0000166667) == "$0.0000166667"
    assert format_usd(1234.5) == "$1,234.50"


# --- the AWS sample ---------------------------------------------------------------------------

def test_one_cost_per_managed_unfolded_resource(aws, aws_costs):
    expected = sorted(r.address for r in aws.resources if r.mode != "data" and r.address not in aws.folded)
    assert list(aws_costs) == expected


def test_endpoint_bills_its_configuration_instances(aws_costs, book):
    endpoint = aws_costs["aws_sagemaker_endpoint.main"]
    assert endpoint.status is CostStatus.PRICED
    (component,) = endpoint.components
    assert component.name == "instance hours (ml.m5.large × 2)"
    assert component.unit == "hour" and component.quantity == 2 * HOURS
    assert component.unit_price == price(book, "aws.sagemaker.realtime", "ml.m5.large", "us-east-1") == 0.115
    assert component.price_id == "aws.sagemaker.realtime/ml.m5.large@us-east-1"
    assert endpoint.monthly == pytest.approx(167.90)
    # the configuration itself is free: the endpoint bills
    assert aws_costs["aws_sagemaker_endpoint_configuration.main"].status is CostStatus.FREE
    assert aws_costs["aws_sagemaker_endpoint_configuration.main"].monthly == 0


def test_notebook_instance_hours_and_storage(aws_costs):
    notebook = aws_costs["aws_sagemaker_notebook_instance.research"]
    assert notebook.status is CostStatus.PRICED
    hours, storage = notebook.components
    assert (hours.name, hours.quantity, hours.unit_price) == ("instance hours (ml.t3.medium)", HOURS, 0.05)
    assert "always on" in hours.note
    assert (storage.quantity, storage.unit_price) == (50, 0.14)
    assert notebook.monthly == pytest.approx(36.5 + 7.0)


def test_nat_gateway_has_hours_and_usage_dependent_data(aws_costs):
    nat = aws_costs["aws_nat_gateway.main"]
    assert nat.status is CostStatus.USAGE
    hours, data = nat.components
    assert hours.quantity == HOURS and hours.monthly == pytest.approx(32.85)
    assert data.name == "data processed" and data.unit == "GB"
    assert data.quantity is None and data.monthly is None and data.unit_price == 0.045
    assert "depends on usage: $0.045 per GB" in data.note
    assert nat.monthly == pytest.approx(32.85)   # a floor


def test_network_plumbing_is_free(aws, aws_costs):
    free_types = {"aws_vpc", "aws_subnet", "aws_security_group", "aws_route_table", "aws_internet_gateway",
                  "aws_iam_role"}
    checked = 0
    for resource in aws.resources:
        if resource.type in free_types and resource.address in aws_costs:
            cost = aws_costs[resource.address]
            assert cost.status is CostStatus.FREE and cost.monthly == 0, resource.address
            checked += 1
    assert checked >= 12
    gateway_endpoint = aws_costs["aws_vpc_endpoint.s3"]
    assert gateway_endpoint.status is CostStatus.FREE and "gateway endpoints are free" in gateway_endpoint.components[0].note
    interface = aws_costs['aws_vpc_endpoint.sagemaker["sagemaker.api"]']
    assert interface.components[0].quantity == 2 * HOURS   # one per AZ
    assert interface.status is CostStatus.USAGE


def test_s3_buckets_depend_on_usage_not_zero(aws_costs):
    for address in ("aws_s3_bucket.artifacts", "aws_s3_bucket.training_data"):
        cost = aws_costs[address]
        assert cost.status is CostStatus.USAGE
        (storage,) = cost.components
        assert storage.quantity is None and storage.monthly is None
        assert storage.unit_price == 0.023
        assert "depends on usage: $0.023 per GB-month" in storage.note


def test_usage_file_prices_usage_components(aws, book, tmp_path):
    path = write_yaml(tmp_path / "usage.yaml", {
        "aws_s3_bucket.*": {"storage_gb": 100},
        "aws_s3_bucket.artifacts": {"storage_gb": 10},           # the exact address wins over the glob
        "aws_nat_gateway.main": {"gb_processed": 500},
        'aws_vpc_endpoint.sagemaker["sagemaker.api"]': {"gb_processed": 0},
        "aws_lambda_function.*": {"requests": 2_000_000, "duration_ms": 100},
    })
    usage = load_usage(path)
    costs = estimate_costs(aws, book, usage)
    training = costs["aws_s3_bucket.training_data"]
    assert training.status is CostStatus.PRICED
    assert training.components[0].quantity == 100 and training.monthly == pytest.approx(2.30)
    assert "storage_gb = 100 from the usage file" in training.components[0].note
    assert costs["aws_s3_bucket.artifacts"].monthly == pytest.approx(0.23)
    nat = costs["aws_nat_gateway.main"]
    assert nat.status is CostStatus.PRICED and nat.monthly == pytest.approx(32.85 + 500 * 0.045)
    api = costs['aws_vpc_endpoint.sagemaker["sagemaker.api"]']
    assert api.status is CostStatus.PRICED and api.monthly == pytest.approx(14.60)
    function = costs["aws_lambda_function.invoke"]
    assert function.status is CostStatus.PRICED
    requests, compute = function.components
    assert requests.quantity == pytest.approx(2.0) and requests.monthly == pytest.approx(0.40)
    # 2M requests × 0.1 s × 0.5 GB at the arm64 rate
    assert compute.quantity == pytest.approx(100_000) and compute.unit_price == 0.0000133334
    # untouched resources keep their status
    assert costs["aws_ecr_repository.serving"].status is CostStatus.USAGE


def test_infracost_style_usage_file_and_bad_usage(tmp_path):
    path = write_yaml(tmp_path / "infracost-usage.yml",
                      {"version": "0.1", "resource_usage": {"aws_s3_bucket.a": {"storage_gb": 5}}})
    assert load_usage(path) == {"aws_s3_bucket.a": {"storage_gb": 5.0}}
    bad = write_yaml(tmp_path / "bad.yaml", {"aws_s3_bucket.a": {"storage_gb": "lots"}})
    with pytest.raises(UserError, match="storage_gb"):
        load_usage(bad)
    with pytest.raises(UserError):
        load_usage(tmp_path / "missing.yaml")


def test_user_price_file_overrides_by_id_and_by_sku(aws, book, tmp_path):
    by_id = PriceBook.load(write_yaml(tmp_path / "by-id.yaml", {
        "version": "acme-2025-q3", "as_of": "2025-07-01",
        "prices": [{"id": "aws.sagemaker.realtime/ml.m5.large@us-east-1", "usd": 0.2, "source": "ACME EDP rate card"}]}))
    merged = book.merged(by_id)
    assert merged.version == f"{book.version}+acme-2025-q3"
    endpoint = estimate_costs(aws, merged)["aws_sagemaker_endpoint.main"]
    assert endpoint.monthly == pytest.approx(0.2 * 2 * HOURS)
    entry = merged.find("aws.sagemaker.realtime", "ml.m5.large", "us-east-1")
    assert (entry.source, entry.as_of, entry.unit) == ("ACME EDP rate card", "2025-07-01", "hour")
    assert len(merged.entries) == len(book.entries)

    by_sku = PriceBook.load(write_yaml(tmp_path / "by-sku.yaml", {"prices": [
        {"id": "acme/ml.m5.large", "service": "aws.sagemaker.realtime", "sku": "ml.m5.large", "region": "us-east-1",
         "usd": 0.1, "as_of": "2025-07-01"},
        {"id": "acme/ml.g6.xlarge", "service": "aws.sagemaker.realtime", "sku": "ml.g6.xlarge", "region": "us-east-1",
         "unit": "hour", "usd": 1.2, "as_of": "2025-07-01", "source": "ACME"},
    ]}))
    merged = book.merged(by_sku)
    assert estimate_costs(aws, merged)["aws_sagemaker_endpoint.main"].components[0].price_id == "acme/ml.m5.large"
    assert estimate_costs(aws, merged)["aws_sagemaker_endpoint.main"].monthly == pytest.approx(0.1 * 2 * HOURS)
    assert merged.find("aws.sagemaker.realtime", "ml.g6.xlarge", "us-east-1").usd == 1.2
    assert len(merged.entries) == len(book.entries) + 1
    assert book.find("aws.sagemaker.realtime", "ml.m5.large", "us-east-1").usd == 0.115   # the original is untouched


def test_bad_price_files_are_user_errors(book, tmp_path):
    incomplete = PriceBook.load(write_yaml(tmp_path / "new.yaml", {"prices": [
        {"id": "x", "service": "aws.sagemaker.realtime", "sku": "ml.g6.xlarge", "usd": 1.0}]}))
    with pytest.raises(UserError, match="matches no bundled price"):
        book.merged(incomplete)
    with pytest.raises(UserError, match="duplicate"):
        PriceBook.load(write_yaml(tmp_path / "dup.yaml", {"prices": [{"id": "a", "usd": 1}, {"id": "a", "usd": 2}]}))
    with pytest.raises(UserError, match="usd"):
        PriceBook.load(write_yaml(tmp_path / "neg.yaml", {"prices": [{"id": "a", "usd": -1}]}))
    with pytest.raises(UserError, match="prices"):
        PriceBook.load(write_yaml(tmp_path / "shape.yaml", ["nope"]))


def test_rollups_add_up(aws, aws_costs):
    result = rollups(aws, aws_costs)
    kinds = [r.group_kind for r in result]
    assert kinds == sorted(kinds, key=["subnet", "vpc", "zone", "module", "account", "region", "total"].index)
    (total,) = [r for r in result if r.group_kind == "total"]
    assert total.monthly == pytest.approx(sum(c.monthly for c in aws_costs.values()))
    assert total.resources == len(aws_costs)
    assert total.usage_dependent == sum(c.status in (CostStatus.USAGE, CostStatus.UNKNOWN) for c in aws_costs.values())
    assert total.unpriced == sum(c.status is CostStatus.UNPRICED for c in aws_costs.values())
    (vpc,) = [r for r in result if r.group_kind == "vpc"]
    assert vpc.group == "aws_vpc.main"
    subnets = [r for r in result if r.group_kind == "subnet"]
    assert len(subnets) == 4
    # lambda, endpoints and notebook sit in the private subnets, the NAT gateway in a public one:
    # shares of multi-subnet resources add up to the network's total
    assert sum(r.monthly for r in subnets) == pytest.approx(vpc.monthly)
    assert {r.group for r in result if r.group_kind == "module"} == {
        "(root)", 'module.subnet_pair["a"]', 'module.subnet_pair["b"]'}
    (region,) = [r for r in result if r.group_kind == "region"]
    assert region.group == "aws:us-east-1" and region.monthly == pytest.approx(total.monthly)


def test_rollups_by_zone(aws, aws_costs):
    zones = {"aws_sagemaker_endpoint.main": ZoneInfo(Zone.PRIVATE_APP, Plane.CUSTOMER, ("test",)),
             "aws_nat_gateway.main": ZoneInfo(Zone.EDGE, Plane.CUSTOMER, ("test",))}
    by_zone = {r.group: r for r in rollups(aws, aws_costs, zones) if r.group_kind == "zone"}
    assert by_zone["private-app"].monthly == pytest.approx(167.90)
    assert by_zone["edge"].usage_dependent == 1


def test_estimates_are_deterministic(aws, book):
    first, second = estimate_costs(aws, book), estimate_costs(aws, book)
    assert first == second and list(first) == sorted(first)
    assert rollups(aws, first) == rollups(aws, second)


# --- unknown drivers, regions, serverless -----------------------------------------------------

UNKNOWN_HCL = """
provider "aws" { region = "eu-west-1" }
variable "instance_type" {}
variable "nat_count" {}
resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = "arn:aws:iam::123456789012:role/x"
  primary_container { image = "x" }
}
resource "aws_sagemaker_endpoint_configuration" "c" {
  name = "c"
  production_variants {
    variant_name           = "v"
    model_name             = aws_sagemaker_model.m.name
    instance_type          = var.instance_type
    initial_instance_count = 1
  }
}
resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.c.name
}
resource "aws_nat_gateway" "n" {
  count     = var.nat_count
  subnet_id = "subnet-1"
}
resource "aws_sagemaker_endpoint_configuration" "s" {
  name = "s"
  production_variants {
    variant_name = "v"
    model_name   = aws_sagemaker_model.m.name
    serverless_config {
      memory_size_in_mb = 2048
      max_concurrency   = 5
    }
  }
}
resource "aws_sagemaker_endpoint" "s" {
  name                 = "s"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.s.name
}
resource "aws_guardduty_detector" "g" {
  enable = true
}
"""


@pytest.fixture(scope="module")
def unknown_graph(tmp_path_factory) -> Graph:
    return scan_hcl(tmp_path_factory.mktemp("unknown"), UNKNOWN_HCL)


def test_unknown_instance_type_is_unknown_not_zero(unknown_graph, book):
    endpoint = estimate_costs(unknown_graph, book)["aws_sagemaker_endpoint.e"]
    assert endpoint.status is CostStatus.UNKNOWN
    (component,) = endpoint.components
    assert component.unit_price is None and component.monthly is None
    assert component.quantity == HOURS            # the count is known: one instance all month
    assert "var.instance_type" in component.note and "unknown" in component.note


def test_unknown_count_keeps_the_unit_price(unknown_graph, book):
    nat = estimate_costs(unknown_graph, book)["aws_nat_gateway.n"]
    assert nat.status is CostStatus.UNKNOWN and nat.monthly == 0
    hours = nat.components[0]
    assert hours.unit_price == 0.045 and hours.quantity is None
    assert "var.nat_count" in hours.note and "per instance" in hours.note


def test_serverless_endpoint_bills_gb_seconds_and_labels_the_region(unknown_graph, book):
    endpoint = estimate_costs(unknown_graph, book)["aws_sagemaker_endpoint.s"]
    assert endpoint.status is CostStatus.USAGE
    compute, data = endpoint.components
    assert compute.name == "serverless compute (2048 MB)" and compute.unit == "GB-second"
    assert compute.quantity is None and compute.unit_price == 0.00002
    assert "us-east-1 price used for eu-west-1: approximate" in compute.note
    priced = estimate_costs(unknown_graph, book, {"aws_sagemaker_endpoint.s": {"inference_seconds": 1_000_000,
                                                                               "gb_processed": 10}})
    endpoint = priced["aws_sagemaker_endpoint.s"]
    assert endpoint.status is CostStatus.PRICED
    assert endpoint.monthly == pytest.approx(1_000_000 * 2 * 0.00002 + 10 * 0.016)


def test_unpriced_free_and_usage_are_three_statuses(unknown_graph, book):
    costs = estimate_costs(unknown_graph, book)
    unpriced = costs["aws_guardduty_detector.g"]
    assert unpriced.status is CostStatus.UNPRICED and unpriced.monthly == 0 and not unpriced.components
    assert costs["aws_sagemaker_model.m"].status is CostStatus.FREE
    assert costs["aws_sagemaker_endpoint.s"].status is CostStatus.USAGE
    assert len({unpriced.status, costs["aws_sagemaker_model.m"].status, costs["aws_sagemaker_endpoint.s"].status}) == 3
    (total,) = [r for r in rollups(unknown_graph, costs) if r.group_kind == "total"]
    assert total.unpriced == 1 and total.usage_dependent == 3   # two unknown, one usage


# --- GCP and Azure samples -------------------------------------------------------------------

def test_gcp_workbench_and_vertex(gcp, book):
    costs = estimate_costs(gcp, book)
    workbench = costs["google_workbench_instance.research"]
    assert workbench.status is CostStatus.PRICED
    hours, boot, data = workbench.components
    assert hours.name == "instance hours (n1-standard-4)"
    assert hours.unit_price == price(book, "google.compute.vm", "n1-standard-4", "us-central1")
    assert hours.quantity == HOURS
    assert (boot.quantity, data.quantity) == (150, 200) and boot.unit_price == 0.10
    assert workbench.monthly == pytest.approx(0.19 * HOURS + 35.0)
    endpoint = costs["google_vertex_ai_endpoint.churn"]
    assert endpoint.status is CostStatus.FREE and endpoint.monthly == 0
    assert "billed per deployed model node-hour" in endpoint.components[0].note
    assert costs["google_compute_network.vpc"].status is CostStatus.FREE
    assert costs['google_storage_bucket.ml["training-data"]'].status is CostStatus.USAGE
    dataset = costs["google_vertex_ai_dataset.training"]   # its data bills in Cloud Storage / BigQuery
    assert dataset.status is CostStatus.FREE and "Cloud Storage or BigQuery" in dataset.components[0].note
    store = costs["google_vertex_ai_feature_online_store.features"]
    assert store.status is CostStatus.PRICED and "up to 3 nodes" in store.components[0].note
    assert "approximate" in store.components[0].note


def test_azure_ml_compute(azure, book):
    costs = estimate_costs(azure, book)
    instance = costs["azurerm_machine_learning_compute_instance.analyst"]
    assert instance.status is CostStatus.PRICED
    (hours,) = instance.components
    assert hours.unit_price == price(book, "azure.vm", "Standard_DS11_v2", "eastus") and hours.quantity == HOURS
    assert "approximate" not in hours.note       # region inherited from its network, not guessed
    cluster = costs["azurerm_machine_learning_compute_cluster.training"]
    assert cluster.status is CostStatus.USAGE
    minimum, scale_up = cluster.components
    assert minimum.quantity == 0 and minimum.unit_price == price(book, "azure.vm", "Standard_NC6s_v3", "eastus")
    assert "up to 4 nodes" in scale_up.name and scale_up.quantity is None
    assert "low-priority" in minimum.note
    with_usage = estimate_costs(azure, book, {"azurerm_machine_learning_compute_cluster.training": {"node_hours": 100}})
    cluster = with_usage["azurerm_machine_learning_compute_cluster.training"]
    assert cluster.status is CostStatus.PRICED and cluster.monthly == pytest.approx(306.0)
    halftime = estimate_costs(azure, book, {"azurerm_machine_learning_compute_instance.*": {"hours": 200}})
    assert halftime["azurerm_machine_learning_compute_instance.analyst"].monthly == pytest.approx(200 * 0.185)
    assert costs["azurerm_machine_learning_workspace.ml"].status is CostStatus.FREE
    assert costs["azurerm_bastion_host.ml"].monthly == pytest.approx(0.29 * HOURS)


def test_vertex_endpoint_bills_folded_deployed_models(book):
    location = Location(cloud="google", account="p", region="europe-west4")
    endpoint = Resource("google_vertex_ai_endpoint.e", "google_vertex_ai_endpoint", "e", {"name": "1"},
                        location=location)
    t4 = Resource("vertex_deployed_model.t4", "vertex_deployed_model", "t4", {
        "display_name": "t4", "dedicated_resources": [{"min_replica_count": 2, "machine_spec": [
            {"machine_type": "n1-standard-4", "accelerator_type": "NVIDIA_TESLA_T4", "accelerator_count": 1}]}]},
        location=location, origin=Origin.GCP)
    a100 = Resource("vertex_deployed_model.a100", "vertex_deployed_model", "a100", {
        "display_name": "a100", "dedicated_resources": {"min_replica_count": 1,
                                                         "machine_spec": {"machine_type": "a2-highgpu-1g"}}},
        location=location, origin=Origin.GCP)
    graph = Graph(resources=(endpoint, t4, a100), edges=(), containment=(), gaps=(),
                  folded={t4.address: endpoint.address, a100.address: endpoint.address})
    costs = estimate_costs(graph, book)
    assert list(costs) == ["google_vertex_ai_endpoint.e"]
    cost = costs["google_vertex_ai_endpoint.e"]
    assert cost.status is CostStatus.PRICED
    names = [c.name for c in cost.components]
    assert "t4: node hours (n1-standard-4 × 2)" in names and "t4: accelerator hours (NVIDIA_TESLA_T4 × 2)" in names
    assert "a100: accelerator hours (NVIDIA_TESLA_A100 × 1)" in names     # implied by the a2 machine type
    expected = 2 * HOURS * (0.219 + 0.4025) + HOURS * (0.8502 + 3.3741)
    assert cost.monthly == pytest.approx(expected)
    assert all("us-central1 price used for europe-west4: approximate" in c.note for c in cost.components)
