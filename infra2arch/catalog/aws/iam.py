"""Catalog records for AWS IAM: roles, users, groups, policies and attachments (data sources share these types)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

# A data source shares the record of the managed type of the same name: `data "aws_iam_role"` is an
# aws_iam_role. Types that exist only as data sources (aws_iam_policy_document) have their own record.

KINDS: tuple[Kind, ...] = (
    Kind(
        "aws_iam_role", C.IAM_ROLE, "IAM role", icon="diagrams.aws.security.IAMRole",
        refs={"managed_policy_arns": R.IAM, "permissions_boundary": R.IAM},
        target_relation=R.IAM,
        arn=("iam", "role"), live=("iam:role",), free=True,
    ),
    Kind(
        "aws_iam_service_linked_role", C.IAM_ROLE, "IAM service-linked role",
        shape=S.HIDDEN, target_relation=R.IAM, free=True,
    ),
    Kind(
        "aws_iam_instance_profile", C.IAM_ROLE, "IAM instance profile",
        shape=S.FOLD, parent="role",
        target_relation=R.IAM,
        arn=("iam", "instance-profile"), live=("iam:instance-profile",), free=True,
    ),
    Kind(
        "aws_iam_user", C.IAM_ROLE, "IAM user", icon="diagrams.aws.general.User",
        refs={"permissions_boundary": R.IAM},
        target_relation=R.IAM,
        arn=("iam", "user"), live=("iam:user",), free=True,
    ),
    Kind(
        # a long-lived credential of a user; its secret is in the Terraform state
        "aws_iam_access_key", C.SECURITY_SECRET, "IAM access key",
        shape=S.FOLD, parent="user",
        defaults={"status": "Active"},
        name_attr=None, free=True,
    ),
    Kind(
        "aws_cognito_user_pool", C.IAM_ROLE, "Cognito user pool", icon="diagrams.aws.security.Cognito",
        refs={"lambda_config.pre_token_generation": R.INVOKES, "lambda_config.pre_sign_up": R.INVOKES,
              "lambda_config.kms_key_id": R.ENCRYPTS},
        target_relation=R.IAM,
        arn=("cognito-idp", "userpool"), live=("cognito-idp:userpool",),
    ),
    Kind(
        "aws_cognito_user_pool_client", C.IAM_ROLE, "Cognito app client",
        shape=S.FOLD, parent="user_pool_id", free=True,
    ),
    Kind(
        "aws_iam_group", C.IAM_ROLE, "IAM group", icon="diagrams.aws.general.Users",
        target_relation=R.IAM,
        arn=("iam", "group"), live=("iam:group",), free=True,
    ),
    Kind(
        "aws_iam_openid_connect_provider", C.IAM_ROLE, "IAM OIDC provider", icon="diagrams.aws.security.IAMAWSSts",
        target_relation=R.IAM, name_attr=None,
        arn=("iam", "oidc-provider"), live=("iam:oidc-provider",), free=True,
    ),
    Kind(
        "aws_iam_policy", C.IAM_POLICY, "IAM policy", icon="diagrams.aws.security.IAMPermissions",
        target_relation=R.IAM,
        arn=("iam", "policy"), live=("iam:policy",), free=True,
    ),
    Kind(
        "aws_iam_policy_document", C.IAM_POLICY, "IAM policy document",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
    Kind(
        "aws_iam_role_policy", C.IAM_POLICY, "IAM inline role policy",
        shape=S.FOLD, parent="role", free=True,
    ),
    Kind(
        "aws_iam_role_policy_attachment", C.IAM_BINDING, "IAM role policy attachment",
        shape=S.FOLD, parent="role", bridge=("role", "policy_arn", R.IAM),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_iam_policy_attachment", C.IAM_BINDING, "IAM policy attachment (exclusive)",
        shape=S.FOLD, parent="policy_arn", bridge=("roles", "policy_arn", R.IAM),
        free=True,
    ),
    Kind(
        "aws_iam_user_policy_attachment", C.IAM_BINDING, "IAM user policy attachment",
        shape=S.FOLD, parent="user", bridge=("user", "policy_arn", R.IAM),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_iam_group_policy_attachment", C.IAM_BINDING, "IAM group policy attachment",
        shape=S.FOLD, parent="group", bridge=("group", "policy_arn", R.IAM),
        name_attr=None, free=True,
    ),
)
