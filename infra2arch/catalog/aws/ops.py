"""Catalog records for AWS operations: CloudWatch, EventBridge, Step Functions, CI/CD and Application Auto Scaling."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_MGMT = "diagrams.aws.management."
_DEV = "diagrams.aws.devtools."
_INT = "diagrams.aws.integration."

KINDS: tuple[Kind, ...] = (
    # --- CloudWatch -----------------------------------------------------------------------------------
    Kind(
        "aws_cloudwatch_log_group", C.OPS_LOGGING, "CloudWatch log group", icon=_MGMT + "CloudwatchLogs",
        refs={"kms_key_id": R.ENCRYPTS},
        target_relation=R.LOGS,
        defaults={"retention_in_days": 0},  # 0: never expire
        arn=("logs", "log-group"), live=("logs:log-group",),
    ),
    Kind(
        "aws_cloudwatch_metric_alarm", C.OPS_MONITORING, "CloudWatch alarm", icon=_MGMT + "CloudwatchAlarm",
        refs={"alarm_actions": R.INVOKES, "ok_actions": R.INVOKES, "insufficient_data_actions": R.INVOKES,
              "dimensions": R.DEPENDS, "metric_query.metric.dimensions": R.DEPENDS},
        name_attr="alarm_name", arn=("cloudwatch", "alarm"), live=("cloudwatch:alarm",),
    ),
    Kind(
        "aws_cloudwatch_dashboard", C.OPS_MONITORING, "CloudWatch dashboard", icon=_MGMT + "Cloudwatch",
        name_attr="dashboard_name", arn=("cloudwatch", "dashboard"), live=("cloudwatch:dashboard",),
    ),
    # --- events, schedules and workflows --------------------------------------------------------------------
    Kind(
        "aws_cloudwatch_event_rule", C.OPS_WORKFLOW, "EventBridge rule", icon=_INT + "EventbridgeRule",
        refs={"role_arn": R.IAM, "event_bus_name": R.DEPENDS},
        arn=("events", "rule"), live=("events:rule",), free=True,
    ),
    Kind(
        "aws_cloudwatch_event_target", C.OPS_WORKFLOW, "EventBridge target",
        shape=S.FOLD, parent="rule", bridge=("rule", "arn", R.INVOKES),
        refs={
            "arn": R.INVOKES,
            "role_arn": R.IAM,
            "dead_letter_config.arn": R.DATA,
            "ecs_target.task_definition_arn": R.INVOKES,
        },
        name_attr=None, free=True,
    ),
    Kind(
        "aws_scheduler_schedule", C.OPS_WORKFLOW, "EventBridge schedule", icon=_INT + "EventbridgeScheduler",
        refs={
            "target.arn": R.INVOKES,
            "target.role_arn": R.IAM,
            "target.dead_letter_config.arn": R.DATA,
            "target.ecs_parameters.task_definition_arn": R.INVOKES,
            "kms_key_arn": R.ENCRYPTS,
            "group_name": R.DEPENDS,
        },
        arn=("scheduler", "schedule"), live=("scheduler:schedule",),
    ),
    Kind(
        "aws_sfn_state_machine", C.OPS_WORKFLOW, "Step Functions state machine",
        icon=_INT + "StepFunctions",
        refs={
            "role_arn": R.IAM,
            "definition": R.INVOKES,
            "encryption_configuration.kms_key_id": R.ENCRYPTS,
            "logging_configuration.log_destination": R.LOGS,
        },
        target_relation=R.INVOKES,
        arn=("states", "stateMachine"), live=("states:stateMachine",),
    ),
    # --- CI/CD ------------------------------------------------------------------------------------------------
    Kind(
        "aws_codepipeline", C.OPS_CICD, "CodePipeline", icon=_DEV + "Codepipeline",
        refs={
            "role_arn": R.IAM,
            "artifact_store.location": R.DATA,
            "artifact_store.encryption_key.id": R.ENCRYPTS,
            "stage.action.role_arn": R.IAM,
        },
        target_relation=R.INVOKES,
        arn=("codepipeline", ""), live=("codepipeline:pipeline",),
    ),
    Kind(
        "aws_codebuild_project", C.OPS_CICD, "CodeBuild project", icon=_DEV + "Codebuild",
        refs={
            "service_role": R.IAM,
            "encryption_key": R.ENCRYPTS,
            "environment.image": R.DATA,
            "source.location": R.DATA,
            "artifacts.location": R.DATA,
            "cache.location": R.DATA,
            "logs_config.cloudwatch_logs.group_name": R.LOGS,
            "logs_config.s3_logs.location": R.LOGS,
            "vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("vpc_config.subnets", "vpc_config.vpc_id"),
        target_relation=R.INVOKES,
        defaults={"environment.privileged_mode": False},
        arn=("codebuild", "project"), live=("codebuild:project",),
    ),
    Kind(
        "aws_codecommit_repository", C.OPS_CICD, "CodeCommit repository", icon=_DEV + "Codecommit",
        refs={"kms_key_id": R.ENCRYPTS},
        target_relation=R.DATA,
        name_attr="repository_name", arn=("codecommit", ""), live=("codecommit:repository",),
    ),
    Kind(
        "aws_codestarconnections_connection", C.OPS_CICD, "CodeStar connection", icon=_DEV + "Codestar",
        refs={"host_arn": R.NETWORK},
        target_relation=R.DEPENDS,
        arn=("codestar-connections", "connection"), live=("codestar-connections:connection",), free=True,
    ),
    # --- Application Auto Scaling (e.g. a SageMaker endpoint variant through resource_id) -------------------------
    Kind(
        "aws_appautoscaling_target", C.OPS_MONITORING, "Auto scaling target",
        icon="diagrams.aws.compute.ApplicationAutoScaling",
        refs={"resource_id": R.DEPENDS, "role_arn": R.IAM},
        name_attr=None, arn=("application-autoscaling", "scalable-target"), free=True,
    ),
    Kind(
        "aws_appautoscaling_policy", C.OPS_MONITORING, "Auto scaling policy",
        shape=S.FOLD, parent="resource_id",
        free=True,
    ),
)
