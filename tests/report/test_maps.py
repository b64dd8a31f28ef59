"""The report's maps past the node budget: split per account/region (the whole-estate engineering
map gives way to them) and an overview drawn one node per region, legible on a page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from infra2arch.report import maps, read_graph


def two_region_graph(aws_graph: Path, out: Path) -> Path:
    """The AWS sample with every other resource moved to a second region."""
    data = json.loads(aws_graph.read_text(encoding="utf-8"))
    for index, resource in enumerate(data["resources"]):
        if index % 2 and resource["location"].get("region"):
            resource["location"]["region"] = "eu-west-1"
    out.mkdir(parents=True, exist_ok=True)
    (out / "graph.json").write_text(json.dumps(data), encoding="utf-8")
    return out / "graph.json"


def test_split_estate_maps(aws_graph: Path, tmp_path: Path) -> None:
    _, graph, annotations = read_graph(two_region_graph(aws_graph, tmp_path / "in"))
    budget = 11   # the sample's cost view needs 12 nodes at its own grain
    specs, notes = maps.plan(graph, annotations, budget=budget)
    keys = [spec.key for spec in specs]
    slices = [key for key in keys if key.startswith("engineering-")]
    assert "engineering" not in keys and len(slices) == 2, keys
    assert keys[0] == "overview" and {"security", "cost"} <= set(keys)
    assert any("drawn per account/project/subscription and region" in note for note in notes)

    images = maps.draw(specs, annotations, tmp_path / "maps", budget=budget)
    by_key = {image.key: image for image in images}
    cost = by_key["cost"]
    assert not cost.error and cost.caption.startswith("One node per account/project/subscription and region")
    assert "would hold 12 nodes" in cost.caption
    drawn_nodes = len(re.findall(rb'class="node"', cost.svg))
    assert 0 < drawn_nodes <= budget, drawn_nodes
    assert by_key["overview"].caption == "One node per subnet, network and service group."   # fits at its own grain
    for image in images:
        assert not image.error, image.error
        assert (tmp_path / image.png_name).stat().st_size > 0   # the PNGs are drawn before draw() returns
        assert (tmp_path / image.svg_name).read_bytes() == image.svg


def test_small_estate_keeps_its_whole_map(aws_graph: Path) -> None:
    _, graph, annotations = read_graph(aws_graph)
    keys = [spec.key for spec in maps.plan(graph, annotations)[0]]
    assert keys[:2] == ["overview", "engineering"] and not any(k.startswith("engineering-") for k in keys)


MANY_NETWORKS = """
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "eu"
  region = "eu-west-1"
}
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}
resource "aws_s3_bucket" "shared" {
  bucket = "shared-artifacts"
}
resource "aws_s3_bucket" "eu" {
  provider = aws.eu
  bucket   = "eu-archive"
}
""" + "".join(f"""
resource "aws_vpc" "{n}" {{
  cidr_block = "10.{i}.0.0/16"
}}
resource "aws_subnet" "{n}" {{
  vpc_id     = aws_vpc.{n}.id
  cidr_block = "10.{i}.1.0/24"
}}
resource "aws_lambda_function" "{n}" {{
  function_name = "fn-{n}"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "app.handler"
  environment {{
    variables = {{ BUCKET = aws_s3_bucket.shared.bucket }}
  }}
  vpc_config {{
    subnet_ids         = [aws_subnet.{n}.id]
    security_group_ids = []
  }}
}}
""" for i, n in enumerate(["alpha", "bravo", "charlie"]))


def test_a_region_of_many_networks_is_drawn_a_few_networks_per_page(tmp_path: Path, monkeypatch) -> None:
    # dozens of VPCs in one region fan too many edges into the shared services for one page:
    # the region's engineering map is split by networks, what no network holds on every page
    from infra2arch.graph import build_graph
    from infra2arch.pipeline import AnnotationOptions, annotate
    from infra2arch_terraform.options import TerraformOptions
    from infra2arch_terraform.provider import TerraformProvider

    (tmp_path / "estate").mkdir()
    (tmp_path / "estate" / "main.tf").write_text(MANY_NETWORKS, encoding="utf-8")
    graph = build_graph(TerraformProvider().scan(str(tmp_path / "estate"), TerraformOptions(use_cache=False)))
    annotations = annotate(graph, AnnotationOptions(), None)
    monkeypatch.setattr(maps, "NETWORKS_PER_MAP", 2)
    specs, notes = maps.plan(graph, annotations, budget=3)
    pages = [spec for spec in specs if spec.key.startswith("engineering-aws-us-east-1")]
    assert [spec.key for spec in pages] == ["engineering-aws-us-east-1-1", "engineering-aws-us-east-1-2"]
    assert pages[0].title.endswith("networks 1–2 of 3") and pages[1].title.endswith("networks 3–3 of 3")
    assert any("us-east-1 holds 3 networks" in note and "2 pages" in note for note in notes)
    first, second = ({r.address for r in spec.graph.resources} for spec in pages)
    assert {"aws_vpc.alpha", "aws_lambda_function.bravo"} <= first and "aws_vpc.charlie" not in first
    assert {"aws_vpc.charlie", "aws_lambda_function.charlie"} <= second and "aws_vpc.alpha" not in second
    assert {"aws_s3_bucket.shared", "aws_iam_role.fn"} <= first & second   # shared services on every page
    region = {r.address for r in graph.resources if r.location.region == "us-east-1"} - set(graph.folded)
    assert (first | second) >= region
    images = maps.draw(pages, annotations, tmp_path / "maps", budget=maps.REPORT_BUDGET)
    assert all(not image.error and image.svg for image in images)


ONE_REGION_WITH_GLOBALS = """
provider "azurerm" {
  features {}
}
resource "random_string" "suffix" {
  length  = 6
  special = false
}
resource "time_sleep" "wait" {
  create_duration = "30s"
}
resource "azurerm_resource_group" "ml" {
  name     = "rg-ml"
  location = "westeurope"
}
resource "azurerm_virtual_network" "ml" {
  name                = "vnet-ml"
  location            = azurerm_resource_group.ml.location
  resource_group_name = azurerm_resource_group.ml.name
  address_space       = ["10.0.0.0/16"]
}
resource "azurerm_private_dns_zone" "aml" {
  name                = "privatelink.api.azureml.ms"
  resource_group_name = azurerm_resource_group.ml.name
}
resource "azurerm_storage_account" "ml" {
  count                    = 3
  name                     = "stml${count.index}${random_string.suffix.result}"
  location                 = azurerm_resource_group.ml.location
  resource_group_name      = azurerm_resource_group.ml.name
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
"""


def test_one_region_with_global_and_utility_resources_keeps_one_engineering_map(tmp_path: Path) -> None:
    # Azure's quickstart 301-machine-learning-hub-spoke-secure got four engineering maps: its region,
    # "global" (its private DNS zones, cut off from the networks they serve), and empty maps of
    # random and time resources, which no map draws
    from infra2arch.graph import build_graph
    from infra2arch.pipeline import AnnotationOptions, annotate
    from infra2arch_terraform.options import TerraformOptions
    from infra2arch_terraform.provider import TerraformProvider

    (tmp_path / "estate").mkdir()
    (tmp_path / "estate" / "main.tf").write_text(ONE_REGION_WITH_GLOBALS, encoding="utf-8")
    graph = build_graph(TerraformProvider().scan(str(tmp_path / "estate"), TerraformOptions(use_cache=False)))
    annotations = annotate(graph, AnnotationOptions(), None)
    assert {r.location.region for r in graph.resources if r.type == "azurerm_private_dns_zone"} != {"westeurope"}
    specs, notes = maps.plan(graph, annotations, budget=3)    # over the budget: a split if there were slices
    keys = [spec.key for spec in specs]
    assert "engineering" in keys and not any(k.startswith("engineering-") for k in keys), keys
    assert not any("drawn per account" in note for note in notes)
