"""The bundled samples: each scans with only the gaps it shows on purpose, its graph is a golden
file, and the facts a reviewer would check by hand are asserted one by one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch.render.graph_json import dumps
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import ROOT, SAMPLES

GOLDEN = Path(__file__).parent / "golden"
SAMPLE_NAMES = ("aws-sagemaker", "gcp-vertex", "azure-ml")


def scan(name: str):
    inventory = TerraformProvider().scan(str(SAMPLES / name), TerraformOptions(use_cache=False, environment={}))
    return build_graph(inventory)


def normalised_json(name: str) -> str:
    text = dumps(scan(name), pretty=True)
    return text.replace(str(SAMPLES / name), "<sample>").replace(str(ROOT), "<repo>")


@pytest.fixture(scope="module")
def graphs():
    return {name: scan(name) for name in SAMPLE_NAMES}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_graph_matches_golden(name, golden):
    golden.check(GOLDEN / f"{name}.graph.json", normalised_json(name))


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_scans_without_unexpected_gaps(graphs, name):
    gaps = [(g.kind.value, g.subject) for g in graphs[name].gaps]
    assert gaps == [], gaps


def edges(graph, relation=None, inferred=None):
    return {(e.src, e.dst) for e in graph.edges
            if (relation is None or e.relation == relation) and (inferred is None or e.inferred == inferred)}


def parents(graph, child):
    return sorted(c.parent for c in graph.containment if c.child == child)


def test_aws_request_path_is_complete(graphs):
    g = graphs["aws-sagemaker"]
    invokes = edges(g, Relation.INVOKES)
    assert ("aws_apigatewayv2_api.scoring", "aws_lambda_function.invoke") in invokes
    assert ("aws_lambda_function.invoke", "aws_sagemaker_endpoint.main") in edges(g, Relation.INVOKES, inferred=True)
    assert ("aws_sagemaker_endpoint.main", "aws_sagemaker_endpoint_configuration.main") in invokes
    assert ("aws_sagemaker_endpoint_configuration.main", "aws_sagemaker_model.main") in invokes


def test_aws_model_dependencies(graphs):
    g = graphs["aws-sagemaker"]
    assert ("aws_sagemaker_model.main", "aws_iam_role.sagemaker_execution") in edges(g, Relation.IAM)
    data = edges(g, Relation.DATA)
    assert ("aws_sagemaker_model.main", "aws_s3_bucket.artifacts") in data
    assert ("aws_sagemaker_model.main", "aws_ecr_repository.serving") in data
    assert ("aws_sagemaker_endpoint_configuration.main", "aws_kms_key.ml") in edges(g, Relation.ENCRYPTS)


def test_aws_placement_is_exact(graphs):
    g = graphs["aws-sagemaker"]
    private = ['module.subnet_pair["a"].aws_subnet.private', 'module.subnet_pair["b"].aws_subnet.private']
    assert parents(g, "aws_lambda_function.invoke") == private
    assert parents(g, "aws_sagemaker_model.main") == private
    assert parents(g, 'aws_vpc_endpoint.sagemaker["sagemaker.runtime"]') == private
    assert parents(g, "aws_sagemaker_notebook_instance.research") == ['module.subnet_pair["a"].aws_subnet.private']
    for subnet in private:
        assert parents(g, subnet) == ["aws_vpc.main"]


def test_aws_iam_policy_links_are_inferred_from_arns(graphs):
    g = graphs["aws-sagemaker"]
    inferred = {e for e in g.edges if e.inferred and e.src == "aws_iam_role.lambda"}
    assert {(e.dst, e.relation) for e in inferred} == {("aws_sagemaker_endpoint.main", Relation.INVOKES)}
    (edge,) = inferred
    assert "sagemaker:InvokeEndpoint" in edge.evidence and edge.via.startswith("aws_iam_role_policy.lambda_invoke")


def test_aws_configuration_resources_fold_into_parents(graphs):
    g = graphs["aws-sagemaker"]
    assert g.folded['aws_s3_bucket_public_access_block.this["artifacts"]'] == "aws_s3_bucket.artifacts"
    assert g.folded["aws_lambda_permission.apigateway"] == "aws_lambda_function.invoke"
    assert g.folded["aws_iam_role_policy.lambda_invoke"] == "aws_iam_role.lambda"


def test_aws_module_instances_and_count(graphs):
    g = graphs["aws-sagemaker"]
    assert [m.address for m in g.modules] == ['module.subnet_pair["a"]', 'module.subnet_pair["b"]']
    addresses = {r.address for r in g.resources}
    assert "aws_cloudwatch_metric_alarm.endpoint_5xx[0]" in addresses


def test_aws_notebook_keeps_provider_default_unset(graphs):
    """The notebook does not set direct_internet_access: the graph records the absence (annotators apply the default)."""
    notebook = g = graphs["aws-sagemaker"].by_address()["aws_sagemaker_notebook_instance.research"]
    assert "direct_internet_access" not in notebook.attrs
    assert notebook.source.file == "ml.tf"


def test_gcp_vertex_facts(graphs):
    g = graphs["gcp-vertex"]
    resources = g.by_address()
    assert {r.location.region for r in g.resources if r.type.startswith("google_vertex")} == {"us-central1"}
    endpoint = next(r for r in g.resources if r.type == "google_vertex_ai_endpoint")
    assert any(e.src == endpoint.address and e.relation == Relation.ENCRYPTS for e in g.edges)
    workbench = next(r for r in g.resources if r.type == "google_workbench_instance")
    assert parents(g, workbench.address), "the Workbench instance is placed in its subnetwork"
    public_binding = [a for a in g.folded if "google_storage_bucket_iam_member" in a]
    assert public_binding, "bucket IAM members fold into their bucket"
    assert 'google_storage_bucket.ml["public-datasets"]' in resources


def test_azure_ml_facts(graphs):
    g = graphs["azure-ml"]
    by_type = {}
    for r in g.resources:
        by_type.setdefault(r.type, []).append(r)
    workspace = by_type["azurerm_machine_learning_workspace"][0]
    assert workspace.location.region == "eastus"
    assert workspace.attrs["public_network_access_enabled"] is False
    instance = by_type["azurerm_machine_learning_compute_instance"][0]
    assert "node_public_ip_enabled" not in instance.attrs
    assert parents(g, instance.address), "the compute instance sits in the training subnet"
    endpoints = by_type["azurerm_private_endpoint"]
    assert len(endpoints) >= 4 and all(parents(g, e.address) for e in endpoints)
