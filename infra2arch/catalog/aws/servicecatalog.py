"""Catalog records for AWS Service Catalog, on which SageMaker Projects (MLOps templates) are built:
a portfolio of products (CloudFormation or Terraform templates in S3), the principals allowed to
launch them, and the launch role they run as.

Associations and constraints fold into their portfolio: the principals draw as IAM edges to it, a
launch constraint's role as the IAM edge from it (what its products are created with).
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_ICON = "diagrams.aws.management.ServiceCatalog"

KINDS: tuple[Kind, ...] = (
    Kind(
        "aws_servicecatalog_portfolio", C.OPS_CICD, "Service Catalog portfolio", icon=_ICON,
        arn=("catalog", "portfolio"), live=("servicecatalog:portfolio",), free=True,
    ),
    Kind(
        "aws_servicecatalog_product", C.OPS_CICD, "Service Catalog product", icon=_ICON,
        refs={"provisioning_artifact_parameters.template_url": R.DATA,
              "provisioning_artifact_parameters.template_physical_id": R.DEPENDS},
        arn=("catalog", "product"), live=("servicecatalog:product",), free=True,
    ),
    Kind(
        "aws_servicecatalog_provisioning_artifact", C.OPS_CICD, "Service Catalog product version",
        shape=S.FOLD, parent="product_id", refs={"template_url": R.DATA}, free=True,
    ),
    Kind(
        # a launched product (the stack a SageMaker project creates): billed as what it creates
        "aws_servicecatalog_provisioned_product", C.OPS_CICD, "Service Catalog provisioned product", icon=_ICON,
        refs={"product_id": R.DEPENDS, "product_name": R.DEPENDS, "provisioning_artifact_id": R.DEPENDS},
        live=("servicecatalog:provisioned-product",), free=True,
    ),
    Kind(
        "aws_servicecatalog_product_portfolio_association", C.OPS_CICD, "Service Catalog product in portfolio",
        shape=S.FOLD, parent="portfolio_id", refs={"product_id": R.DEPENDS}, name_attr=None, free=True,
    ),
    Kind(
        # who may launch the portfolio's products (a SageMaker execution role, a user group)
        "aws_servicecatalog_principal_portfolio_association", C.IAM_BINDING, "Service Catalog portfolio principal",
        shape=S.FOLD, parent="portfolio_id", bridge=("principal_arn", "portfolio_id", R.IAM),
        name_attr=None, free=True,
    ),
    Kind(
        # a LAUNCH constraint names the role products are created with (parameters = {"RoleArn": ...})
        "aws_servicecatalog_constraint", C.IAM_POLICY, "Service Catalog constraint",
        shape=S.FOLD, parent="portfolio_id", refs={"parameters": R.IAM, "product_id": R.DEPENDS},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_servicecatalog_tag_option", C.OPS_CICD, "Service Catalog tag option",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
    Kind(
        "aws_servicecatalog_tag_option_resource_association", C.OPS_CICD, "Service Catalog tag option association",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
    Kind(
        "aws_servicecatalog_budget_resource_association", C.OPS_CICD, "Service Catalog budget association",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
)
