"""Catalog records for AWS keys, secrets and security services: KMS, Secrets Manager, SSM, GuardDuty, CloudTrail."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_SEC = "diagrams.aws.security."

KINDS: tuple[Kind, ...] = (
    # --- KMS ------------------------------------------------------------------------------------------
    Kind(
        "aws_kms_key", C.SECURITY_KEY, "KMS key", icon=_SEC + "KMS",
        target_relation=R.ENCRYPTS,
        defaults={"enable_key_rotation": False, "is_enabled": True, "key_usage": "ENCRYPT_DECRYPT"},
        name_attr=None, arn=("kms", "key"), live=("kms:key",),
    ),
    Kind(
        "aws_kms_alias", C.SECURITY_KEY, "KMS alias",
        shape=S.FOLD, parent="target_key_id",
        target_relation=R.ENCRYPTS,
        arn=("kms", "alias"), live=("kms:alias",), free=True,
    ),
    Kind(
        "aws_kms_grant", C.SECURITY_KEY, "KMS grant",
        shape=S.FOLD, parent="key_id",
        refs={"grantee_principal": R.IAM, "retiring_principal": R.IAM},
        free=True,
    ),
    # --- secrets and parameters -------------------------------------------------------------------------
    Kind(
        "aws_secretsmanager_secret", C.SECURITY_SECRET, "Secrets Manager secret", icon=_SEC + "SecretsManager",
        refs={"kms_key_id": R.ENCRYPTS, "replica.kms_key_id": R.ENCRYPTS},
        target_relation=R.DATA,
        arn=("secretsmanager", "secret"), live=("secretsmanager:secret",),
    ),
    Kind(
        "aws_secretsmanager_secret_version", C.SECURITY_SECRET, "Secret version",
        shape=S.FOLD, parent="secret_id",
        name_attr=None, free=True,
    ),
    Kind(
        "aws_ssm_parameter", C.SECURITY_SECRET, "SSM parameter",
        icon="diagrams.aws.management.SystemsManagerParameterStore",
        refs={"key_id": R.ENCRYPTS},
        target_relation=R.DATA,
        defaults={"tier": "Standard"},
        arn=("ssm", "parameter"), live=("ssm:parameter",),
    ),
    # --- detection and audit ------------------------------------------------------------------------------
    Kind(
        "aws_guardduty_detector", C.OPS_MONITORING, "GuardDuty detector", icon=_SEC + "Guardduty",
        defaults={"enable": True},
        name_attr=None, arn=("guardduty", "detector"), live=("guardduty:detector",),
    ),
    Kind(
        "aws_securityhub_account", C.OPS_MONITORING, "Security Hub", icon=_SEC + "SecurityHub",
        name_attr=None, arn=("securityhub", "hub"), live=("securityhub:hub",),
    ),
    Kind(
        "aws_config_config_rule", C.OPS_MONITORING, "AWS Config rule", icon="diagrams.aws.management.Config",
        refs={"source.source_identifier": R.INVOKES},
        arn=("config", "config-rule"), live=("config:config-rule",),
    ),
    Kind(
        "aws_cloudtrail", C.OPS_LOGGING, "CloudTrail trail", icon="diagrams.aws.management.Cloudtrail",
        refs={
            "s3_bucket_name": R.LOGS,
            "cloud_watch_logs_group_arn": R.LOGS,
            "cloud_watch_logs_role_arn": R.IAM,
            "kms_key_id": R.ENCRYPTS,
            "sns_topic_name": R.DATA,
        },
        defaults={
            "enable_logging": True,
            "enable_log_file_validation": False,
            "is_multi_region_trail": False,
            "include_global_service_events": True,
        },
        arn=("cloudtrail", "trail"), live=("cloudtrail:trail",),
    ),
)
