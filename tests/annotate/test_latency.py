"""Latency annotator: hop classes per edge, serving classes, and critical request paths.

The samples are scanned for real; the cross-region, zone and serving cases are small Terraform
directories written to tmp_path, each named for what it shows."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path

import pytest

from infra2arch.annotate.latency import (BASES, INTERNET, LatencyTable, estimate_latency, latency_markdown)
from infra2arch.annotate.model import HopClass, Plane, Zone, ZoneInfo
from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import SAMPLES

try:  # written in parallel; the tests fall back to a minimal mapping without it
    from infra2arch.annotate.zones import annotate_zones
except ImportError:  # pragma: no cover
    annotate_zones = None

API = "aws_apigatewayv2_api.scoring"
LAMBDA = "aws_lambda_function.invoke"
ENDPOINT = "aws_sagemaker_endpoint.main"


def scan(directory: Path):
    return build_graph(TerraformProvider().scan(str(directory), TerraformOptions(use_cache=False, environment={})))


def zones_for(graph):
    if annotate_zones is not None:
        return annotate_zones(graph)[0]
    return customer_zones(graph)


def customer_zones(graph):
    """Every resource in the customer network (isolates the zone/region logic from the zones annotator)."""
    zones = {r.address: ZoneInfo(Zone.PRIVATE_APP, Plane.CUSTOMER, ("test",)) for r in graph.resources}
    zones[INTERNET] = ZoneInfo(Zone.INTERNET, Plane.NONE, ("the internet",))
    return zones


def write(tmp_path: Path, hcl: str) -> Path:
    (tmp_path / "main.tf").write_text(textwrap.dedent(hcl), encoding="utf-8")
    return tmp_path


def by_pair(latencies):
    return {(e.src, e.dst): e for e in latencies}


@pytest.fixture(scope="module")
def table():
    return LatencyTable.load()


@pytest.fixture(scope="module")
def aws():
    graph = scan(SAMPLES / "aws-sagemaker")
    return graph, estimate_latency(graph, zones_for(graph))


# --- the table ---------------------------------------------------------------------------------

def test_table_loads_and_every_hop_class_has_a_figure(table):
    assert table.version and table.as_of
    for hop in HopClass:
        if hop == HopClass.UNKNOWN:
            continue
        item = table.hop(hop)
        assert 0 <= item.low_ms <= item.high_ms and math.isfinite(item.high_ms), hop
        assert item.basis in BASES and item.source in table.sources, hop
    assert table.hop(HopClass.CROSS_ZONE, "aws").low_ms == 0.25 and table.hop(HopClass.CROSS_ZONE, "aws").high_ms == 3.4
    assert table.hop(HopClass.CROSS_ZONE, "google").high_ms == 1.0
    assert table.hop(HopClass.INTERNET).basis == "assumption"
    assert table.hop(HopClass.PROVIDER_MANAGED).basis == "assumption"
    assert table.serving["sagemaker-serverless-cold-start"].low_ms == 1000
    assert table.serving["sagemaker-serverless-cold-start"].high_ms == 5000
    assert {f.basis for k, f in table.serving.items() if k.startswith("inference-")} == {"heuristic"}
    for key in ("nat-gateway", "interface-endpoint", "l7-load-balancer", "api-gateway", "function-warm",
                "function-cold-start"):
        assert table.overheads[key].basis == "assumption", key
    assert {"aws-inter-region-2017", "xkyle-az", "google-region-selection", "azure-network-latency"} <= set(table.sources)


def test_region_pairs_are_symmetric_and_fall_back_by_continent(table):
    assert table.region_pair("eu-central-1", "eu-west-1") is table.region_pair("eu-west-1", "eu-central-1")
    assert round(table.region_pair("us-east-1", "eu-west-1").low_ms) == 81
    assert round(table.region_pair("eu-west-1", "ap-southeast-2").high_ms) == 310
    assert table.region_pair("us-east-1", "ap-northeast-1").source == "aws-inter-region-2017"
    same = table.region_pair("us-east-1", "us-east-2")          # not in the 2017 matrix
    assert same.source == "azure-network-latency" and (same.low_ms, same.high_ms) == (5, 72)
    far = table.region_pair("eastus", "westeurope")
    assert far.row == "regions.intercontinental" and far.basis == "assumption"
    assert table.region_pair("mars-north-1", "us-east-1").basis == "assumption"


def test_a_malformed_table_is_a_user_error(tmp_path, table):
    text = (Path(__file__).parents[2] / "infra2arch/annotate/data/latency.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "latency.yaml"
    bad.write_text(text.replace("basis: heuristic", "basis: guess", 1), encoding="utf-8")
    with pytest.raises(UserError, match="basis"):
        LatencyTable.load(bad)
    with pytest.raises(UserError, match="cannot read"):
        LatencyTable.load(tmp_path / "missing.yaml")


def test_markdown_lists_hops_overheads_and_serving_with_basis_and_source(table):
    text = latency_markdown(table)
    assert f"as of {table.as_of}" in text
    for hop in HopClass:
        if hop != HopClass.UNKNOWN:
            assert f"| hop | {hop.value}" in text
    for key in (*table.overheads, *table.serving):
        assert key in text
    assert "| heuristic |" in text and "| assumption |" in text and "| estimate |" in text
    assert "https://www.xkyle.com/Measuring-AWS-Region-and-AZ-Latency/" in text


# --- the AWS sample ----------------------------------------------------------------------------

def test_aws_sample_has_one_critical_path_api_lambda_endpoint(aws):
    _, (_, serving, paths, meta) = aws
    assert [(p.entry, p.endpoint) for p in paths] == [(API, ENDPOINT)]
    path = paths[0]
    assert path.hops == (API, LAMBDA, ENDPOINT)
    assert path.serving == "real-time" and serving[ENDPOINT].kind == "real-time"
    assert serving[ENDPOINT].cold_start_ms is None
    assert path.low_ms is not None and path.high_ms is not None
    assert 0 < path.low_ms < path.high_ms and math.isfinite(path.high_ms)
    # internet, API gateway, warm Lambda, the interface endpoint on the way, and CPU inference
    assert "internet" in path.note and "api-gateway" in path.note and "function-warm" in path.note
    assert 'aws_vpc_endpoint.sagemaker["sagemaker.runtime"]' in path.note
    assert "CPU inference" in path.note
    assert "aws_sagemaker_endpoint_configuration.main -> aws_sagemaker_model.main" in path.note
    assert meta["version"] and meta["as_of"] and "xkyle-az" in meta["sources"]


def test_aws_sample_internet_edge_and_hop_classes(aws):
    _, (latencies, _, _, _) = aws
    pairs = by_pair(latencies)
    internet = pairs[(INTERNET, API)]
    assert internet.hop == HopClass.INTERNET and internet.basis == "assumption"
    assert pairs[(API, LAMBDA)].hop == HopClass.PROVIDER_MANAGED
    # both run in the private subnets of us-east-1a and us-east-1b: conservatively cross-zone
    assert pairs[(LAMBDA, ENDPOINT)].hop in (HopClass.CROSS_ZONE, HopClass.PROVIDER_MANAGED)
    assert len(pairs) == len(latencies)                      # one estimate per (src, dst)
    assert all(e.src != e.dst for e in latencies)


def test_every_figure_names_its_basis_table_and_date(aws, table):
    _, (latencies, serving, paths, _) = aws
    for item in latencies:
        assert item.basis in BASES, item
        assert "latency.yaml" in item.source and f"as of {table.as_of}" in item.source, item
        assert item.low_ms is not None and item.low_ms <= item.high_ms
    for item in serving.values():
        assert f"as of {table.as_of}" in item.note
    for path in paths:
        assert "(assumption)" in path.note and "heuristic" in path.note


def test_estimates_are_deterministic(aws):
    graph, first = aws
    assert estimate_latency(graph, zones_for(graph)) == first


# --- the other samples -------------------------------------------------------------------------

def test_gcp_sample_path_from_cloud_run_to_vertex():
    graph = scan(SAMPLES / "gcp-vertex")
    latencies, serving, paths, _ = estimate_latency(graph, zones_for(graph))
    endpoint = "google_vertex_ai_endpoint.churn"
    assert serving[endpoint].kind == "real-time"
    assert "deployed models are not in the Terraform config" in serving[endpoint].note
    assert [(p.entry, p.endpoint, p.hops) for p in paths] == [
        ("google_cloud_run_v2_service.predict_api", endpoint, ("google_cloud_run_v2_service.predict_api", endpoint))]
    assert paths[0].low_ms < paths[0].high_ms
    assert by_pair(latencies)[(INTERNET, "google_cloud_run_v2_service.predict_api")].hop == HopClass.INTERNET


def test_azure_sample_has_no_model_endpoint_and_no_path():
    graph = scan(SAMPLES / "azure-ml")
    latencies, serving, paths, _ = estimate_latency(graph, zones_for(graph))
    assert paths == () and serving == {}
    assert all(e.hop != HopClass.UNKNOWN for e in latencies)


# --- built cases -------------------------------------------------------------------------------

ENDPOINT_HCL = """
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_sagemaker_model" "m" {
  PROVIDER
  name               = "m"
  execution_role_arn = aws_iam_role.fn.arn
  primary_container {
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/model:1"
  }
  MODEL_EXTRA
}

resource "aws_sagemaker_endpoint_configuration" "c" {
  PROVIDER
  name = "c"
  production_variants {
    variant_name = "primary"
    model_name   = aws_sagemaker_model.m.name
    VARIANT
  }
  CONFIG_EXTRA
}

resource "aws_sagemaker_endpoint" "e" {
  PROVIDER
  name                 = "e"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.c.name
}
"""


def lambda_hcl(name: str, extra: str = "") -> str:
    return f"""
resource "aws_lambda_function" "{name}" {{
  function_name = "{name}"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "h.handler"
  filename      = "f.zip"
  environment {{
    variables = {{
      ENDPOINT_NAME = aws_sagemaker_endpoint.e.name
    }}
  }}
  {extra}
}}

resource "aws_lambda_function_url" "{name}" {{
  function_name      = aws_lambda_function.{name}.function_name
  authorization_type = "NONE"
}}
"""


def endpoint_hcl(variant: str, provider: str = "", model_extra: str = "", config_extra: str = "") -> str:
    return (ENDPOINT_HCL.replace("PROVIDER", provider).replace("VARIANT", variant)
            .replace("MODEL_EXTRA", model_extra).replace("CONFIG_EXTRA", config_extra))


REAL_TIME = 'instance_type = "ml.g5.xlarge"\n    initial_instance_count = 1'


def test_cross_region_hop_uses_the_region_pair(tmp_path, table):
    directory = write(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        provider "aws" {
          alias  = "eu"
          region = "eu-west-1"
        }
        """ + endpoint_hcl(REAL_TIME, provider="provider = aws.eu") + lambda_hcl("caller"))
    graph = scan(directory)
    latencies, serving, paths, _ = estimate_latency(graph, customer_zones(graph))
    hop = by_pair(latencies)[("aws_lambda_function.caller", "aws_sagemaker_endpoint.e")]
    assert hop.hop == HopClass.CROSS_REGION
    assert (hop.low_ms, hop.high_ms) == (80.52, 80.55) and hop.basis == "estimate"
    assert "regions.pairs.eu-west-1~us-east-1" in hop.source and table.as_of in hop.source
    assert "us-east-1 to eu-west-1" in hop.source
    # the function URL makes the Lambda an entry point; a GPU instance gives the GPU heuristic
    [path] = paths
    assert path.hops == ("aws_lambda_function.caller", "aws_sagemaker_endpoint.e")
    assert path.low_ms > 80 and "GPU inference" in path.note
    assert serving["aws_sagemaker_endpoint.e"].kind == "real-time"


ZONED = """
provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
"""


def test_same_zone_and_cross_zone_from_subnet_availability_zones(tmp_path):
    directory = write(tmp_path, ZONED + endpoint_hcl(
        'instance_type = "ml.m5.large"\n    initial_instance_count = 1',
        model_extra="vpc_config {\n    subnets = [aws_subnet.a.id]\n    security_group_ids = []\n  }")
        + lambda_hcl("near", "vpc_config {\n    subnet_ids = [aws_subnet.a.id]\n    security_group_ids = []\n  }")
        + lambda_hcl("far", "vpc_config {\n    subnet_ids = [aws_subnet.b.id]\n    security_group_ids = []\n  }")
        + lambda_hcl("spread", "vpc_config {\n    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]\n"
                               "    security_group_ids = []\n  }"))
    graph = scan(directory)
    pairs = by_pair(estimate_latency(graph, customer_zones(graph))[0])
    near = pairs[("aws_lambda_function.near", "aws_sagemaker_endpoint.e")]
    far = pairs[("aws_lambda_function.far", "aws_sagemaker_endpoint.e")]
    spread = pairs[("aws_lambda_function.spread", "aws_sagemaker_endpoint.e")]
    assert near.hop == HopClass.SAME_ZONE and (near.low_ms, near.high_ms) == (0.1, 0.9)
    assert "both in us-east-1a" in near.source
    assert far.hop == HopClass.CROSS_ZONE and (far.low_ms, far.high_ms) == (0.25, 3.4)
    assert "xkyle" in far.source and "us-east-1b to us-east-1a" in far.source
    assert spread.hop == HopClass.CROSS_ZONE and "overlap" in spread.source
    # same region, no subnet placement on one end: cross-zone, and it says it is assumed
    role = pairs[("aws_lambda_function.near", "aws_iam_role.fn")]
    assert role.hop == HopClass.CROSS_ZONE and "availability zone not known" in role.source


def test_provider_managed_end_gives_the_provider_managed_class(tmp_path):
    directory = write(tmp_path, 'provider "aws" {\n  region = "us-east-1"\n}\n'
                      + endpoint_hcl(REAL_TIME) + lambda_hcl("caller"))
    graph = scan(directory)
    zones = customer_zones(graph)
    zones["aws_sagemaker_endpoint.e"] = ZoneInfo(Zone.PRIVATE_APP, Plane.PROVIDER, ("no VPC config",))
    zones["aws_iam_role.fn"] = ZoneInfo(Zone.MANAGEMENT, Plane.NONE, ("iam",))
    pairs = by_pair(estimate_latency(graph, zones)[0])
    assert pairs[("aws_lambda_function.caller", "aws_sagemaker_endpoint.e")].hop == HopClass.PROVIDER_MANAGED
    assert pairs[("aws_lambda_function.caller", "aws_iam_role.fn")].hop == HopClass.PROVIDER_MANAGED
    assert pairs[("aws_lambda_function.caller", "aws_sagemaker_endpoint.e")].basis == "assumption"


def test_serverless_endpoint_adds_a_cold_start_to_the_high_figure(tmp_path):
    serverless = "serverless_config {\n      memory_size_in_mb = 2048\n      max_concurrency = 5\n    }"
    directory = write(tmp_path, 'provider "aws" {\n  region = "us-east-1"\n}\n'
                      + endpoint_hcl(serverless) + lambda_hcl("caller"))
    graph = scan(directory)
    _, serving, paths, _ = estimate_latency(graph, zones_for(graph))
    item = serving["aws_sagemaker_endpoint.e"]
    assert item.kind == "serverless" and item.cold_start_ms == (1000, 5000)
    assert "cold start" in item.note
    [path] = paths
    assert path.serving == "serverless"
    assert path.high_ms > 5000 and path.low_ms < 1000            # cold start in high only
    assert "cold start" in path.note and "high includes" in path.note


def test_provisioned_concurrency_keeps_a_serverless_endpoint_warm(tmp_path):
    serverless = ("serverless_config {\n      memory_size_in_mb = 2048\n      max_concurrency = 5\n"
                  "      provisioned_concurrency = 2\n    }")
    directory = write(tmp_path, 'provider "aws" {\n  region = "us-east-1"\n}\n'
                      + endpoint_hcl(serverless) + lambda_hcl("caller"))
    graph = scan(directory)
    _, serving, paths, _ = estimate_latency(graph, zones_for(graph))
    item = serving["aws_sagemaker_endpoint.e"]
    assert item.kind == "serverless" and item.cold_start_ms is None
    assert "provisioned_concurrency 2" in item.note
    assert paths[0].high_ms < 1000


def test_scale_to_zero_and_async_endpoints(tmp_path):
    zero = ('instance_type = "ml.m5.large"\n    initial_instance_count = 1\n'
            '    managed_instance_scaling {\n      status = "ENABLED"\n      min_instance_count = 0\n'
            '      max_instance_count = 2\n    }')
    (tmp_path / "zero").mkdir()
    graph = scan(write(tmp_path / "zero", 'provider "aws" {\n  region = "us-east-1"\n}\n' + endpoint_hcl(zero)))
    item = estimate_latency(graph, zones_for(graph))[1]["aws_sagemaker_endpoint.e"]
    assert item.kind == "real-time" and item.cold_start_ms is not None and item.cold_start_ms[0] >= 60000
    assert "scale-to-zero" in item.note and "min_instance_count 0" in item.note

    (tmp_path / "async").mkdir()
    queued = endpoint_hcl('instance_type = "ml.m5.large"\n    initial_instance_count = 1', config_extra=(
        'async_inference_config {\n    output_config {\n      s3_output_path = "s3://bucket/out"\n    }\n  }'))
    graph = scan(write(tmp_path / "async", 'provider "aws" {\n  region = "us-east-1"\n}\n' + queued))
    assert estimate_latency(graph, zones_for(graph))[1]["aws_sagemaker_endpoint.e"].kind == "async"


def test_missing_endpoint_configuration_is_unknown_not_guessed(tmp_path):
    directory = write(tmp_path, """
        provider "aws" {
          region = "us-east-1"
        }
        resource "aws_sagemaker_endpoint" "e" {
          name                 = "e"
          endpoint_config_name = var.config
        }
        variable "config" {
          type = string
        }
        """)
    graph = scan(directory)
    item = estimate_latency(graph, zones_for(graph))[1]["aws_sagemaker_endpoint.e"]
    assert item.kind == "unknown" and "not found" in item.note
