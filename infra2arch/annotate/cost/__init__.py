"""Monthly cost estimates per resource, from a bundled price book and an optional usage file.

The shape follows infracost: a resource's cost is a list of named components ("instance hours
(ml.m5.large × 2)", "data processed"), each a quantity per month times a unit price from the price
book. What sets it apart is that ML types are priced first-class (SageMaker endpoints through their
endpoint configuration, notebooks, Vertex AI deployed models and Workbench, Azure ML compute).

Statuses (see :class:`CostStatus`), never conflated:

- FREE: the catalog says the type costs nothing (VPCs, subnets, security groups, IAM), or the book
  has a $0 entry for it (a SageMaker Studio domain, a Vertex AI endpoint without deployed models);
- PRICED: every component has a monthly figure;
- USAGE: some component bills by usage the input does not give (GB stored, requests, GB processed):
  its quantity is None and its note says "depends on usage: $0.023 per GB-month", never $0;
- UNKNOWN: a driver of the cost is not known from the input (instance type from an unset variable,
  count/for_each that could not be evaluated): the component keeps what is known and names the unknown;
- UNPRICED: the type (or the SKU it uses) is not in the price book, which is not the same as free.

A month is ``hours_per_month`` (730) hours. Money is kept unrounded; round only to display.

Usage file (YAML), keyed by resource address; ``*`` and ``?`` are wildcards (``[`` is literal, so
addresses with keys can be written as they are); the most specific match wins per key::

    aws_nat_gateway.main: {gb_processed: 500}
    aws_s3_bucket.*: {storage_gb: 100}
    module.ml.aws_lambda_function.invoke: {requests: 2000000, duration_ms: 120}

An infracost usage file (``version`` plus ``resource_usage:``) is read too. Usage keys by type:
``hours`` (notebooks, Workbench, compute instances: default always on), ``gb_processed`` (NAT
gateways, VPC/private endpoints, Cloud NAT, firewalls, serverless inference), ``storage_gb``
(buckets, registries, EFS, BigQuery, TensorBoard, storage accounts, log storage), ``ingested_gb``
(log groups, Log Analytics, Application Insights), ``requests`` (API gateways, Lambda, SNS/SQS, KMS,
Cloud Run, Key Vault operations), ``duration_ms`` (Lambda, with requests), ``gb_seconds`` /
``inference_seconds`` (serverless inference), ``vcpu_seconds`` / ``gib_seconds`` (Cloud Run),
``vcpu_hours`` (App Runner active instances), ``lcu`` (load balancers, average LCUs), ``vms`` (Cloud
NAT), ``node_hours`` (Azure ML compute cluster scale-up), ``put_requests`` / ``get_requests`` (S3),
``query_tib`` (BigQuery), ``key_versions`` (Cloud KMS).
"""

from __future__ import annotations

import re
from typing import Mapping

from infra2arch.annotate.cost import aws as _aws, azure as _azure, google as _google  # noqa: F401 - register pricers
from infra2arch.annotate.cost import aws_serverless as _aws_serverless  # noqa: F401 - register pricers
from infra2arch.annotate.cost import aws_aurora as _aws_aurora  # noqa: F401 - register pricers
from infra2arch.annotate.cost.book import PriceBook, PriceEntry, cost_markdown, format_usd, load_usage
from infra2arch.annotate.cost.builder import _PRICERS, _Builder, _Ctx
from infra2arch.annotate.cost.rollup import rollups, total_text
from infra2arch.annotate.model import CostComponent, CostStatus, ResourceCost
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Origin, Resource

__all__ = [
    "PriceEntry", "PriceBook", "load_usage", "estimate_costs", "rollups", "cost_markdown", "format_usd",
    "PRICED_TYPES", "total_text",
]

PRICED_TYPES: frozenset[str] = frozenset(_PRICERS)

_NO_CHARGE = frozenset({Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING, Category.ORG_GROUP,
                        Category.NETWORK_ROUTE, Category.NETWORK_VPC, Category.NETWORK_SUBNET})
# IAM grants on any resource (google_*_iam_member/binding/policy, azurerm_role_assignment): free
_IAM_TYPE = re.compile(r"_iam_(member|binding|policy)$|^azurerm_role_(assignment|definition)$")

_FREE_NOTES = {
    "aws_sagemaker_endpoint_configuration": "free itself: the endpoint that uses it bills its instances",
    "aws_sagemaker_model": "free itself: billed through the endpoint that serves it",
    "azurerm_machine_learning_workspace": "free itself: its compute, storage, registry and Key Vault bill separately",
}


def _estimate(ctx: _Ctx, resource: Resource) -> ResourceCost:
    record = kind(resource.type)
    if record is not None and record.free:
        note = _FREE_NOTES.get(resource.type)
        components = (CostComponent(name="configuration", unit="month", quantity=1.0, unit_price=0.0, monthly=0.0,
                                    note=note),) if note else ()
        return ResourceCost(address=resource.address, status=CostStatus.FREE, components=components, monthly=0.0)
    pricer = _PRICERS.get(resource.type)
    if pricer is None and ((record is not None and record.category in _NO_CHARGE) or _IAM_TYPE.search(resource.type)):
        # identities, permissions and resource containers cost nothing on any cloud
        return ResourceCost(address=resource.address, status=CostStatus.FREE, components=(
            CostComponent(name="configuration", unit="month", quantity=1.0, unit_price=0.0, monthly=0.0,
                          note=f"{record.category.value if record else 'IAM'}: no charge"),), monthly=0.0)
    if pricer is None:
        return ResourceCost(address=resource.address, status=CostStatus.UNPRICED, components=(), monthly=0.0)
    builder = _Builder(ctx, resource)
    pricer(builder)
    return builder.result()


def estimate_costs(graph: Graph, prices: PriceBook,
                   usage: Mapping[str, Mapping[str, float]] = {}) -> dict[str, ResourceCost]:  # noqa: B006 - read only
    """One ResourceCost per managed resource that is not folded into another, in address order."""
    ctx = _Ctx(graph, prices, usage)
    costs: dict[str, ResourceCost] = {}
    for resource in sorted(graph.resources, key=lambda r: r.address):
        if resource.mode == "data" or resource.address in graph.folded or resource.origin is Origin.SYNTHETIC:
            continue
        costs[resource.address] = _estimate(ctx, resource)
    return costs

