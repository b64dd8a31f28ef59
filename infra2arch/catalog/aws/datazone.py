"""Catalog records for SageMaker Unified Studio, built on Amazon DataZone (hashicorp/aws and awscc).

A Unified Studio domain is the ML workspace; blueprint configurations, project profiles, policy
grants and user or group profiles configure it and fold into it; projects are drawn (each one gets
its own environments, roles and storage); project memberships fold into their project.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_SAGEMAKER = "diagrams.aws.ml.Sagemaker"

# the same attributes in the aws provider (snake_case) and in awscc (Cloud Control names)
_DOMAIN_REFS = {
    "domain_execution_role": R.IAM,
    "service_role": R.IAM,
    "kms_key_identifier": R.ENCRYPTS,
}
_BLUEPRINT_REFS = {
    "manage_access_role_arn": R.IAM,
    "provisioning_role_arn": R.IAM,
    "regional_parameters": R.DEPENDS,  # per region: S3 location, VPC and subnets of the environments
}


def _folded(tf_type: str, label: str, parent: str, category: C = C.ML_CONFIG, **extra) -> Kind:
    return Kind(tf_type, category, label, shape=S.FOLD, parent=parent, name_attr=None, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    Kind(
        "aws_datazone_domain", C.ML_WORKSPACE, "SageMaker Unified Studio domain", icon=_SAGEMAKER,
        refs=_DOMAIN_REFS, arn=("datazone", "domain"), live=("datazone:domain",),
    ),
    Kind(
        "awscc_datazone_domain", C.ML_WORKSPACE, "SageMaker Unified Studio domain", icon=_SAGEMAKER,
        refs=_DOMAIN_REFS,
    ),
    Kind(
        "aws_datazone_project", C.ML_CONFIG, "Unified Studio project", icon=_SAGEMAKER,
        refs={"domain_identifier": R.DEPENDS}, live=("datazone:project",),
    ),
    Kind(
        "awscc_datazone_project", C.ML_CONFIG, "Unified Studio project", icon=_SAGEMAKER,
        refs={"domain_identifier": R.DEPENDS, "project_profile_id": R.DEPENDS},
    ),
    _folded("aws_datazone_environment_blueprint_configuration", "Blueprint configuration", "domain_id",
            refs=_BLUEPRINT_REFS),
    _folded("awscc_datazone_environment_blueprint_configuration", "Blueprint configuration",
            "domain_identifier", refs=_BLUEPRINT_REFS),
    _folded("awscc_datazone_project_profile", "Project profile", "domain_identifier"),
    _folded("aws_datazone_user_profile", "User profile", "domain_identifier", C.IAM_BINDING),
    _folded("awscc_datazone_user_profile", "User profile", "domain_identifier", C.IAM_BINDING),
    _folded("awscc_datazone_group_profile", "Group profile", "domain_identifier", C.IAM_BINDING),
    _folded("awscc_datazone_policy_grant", "Policy grant", "domain_identifier", C.IAM_BINDING),
    _folded("awscc_datazone_project_membership", "Project membership", "project_identifier", C.IAM_BINDING),
    _folded("aws_datazone_environment_profile", "Environment profile", "domain_identifier"),
    # lookups of the managed blueprints (Tooling, LakehouseCatalog, MLExperiments …)
    Kind("aws_datazone_environment_blueprint", C.OTHER, "blueprint lookup", shape=S.HIDDEN,
         refs={"domain_id": R.DEPENDS}, name_attr=None, free=True),
)
