"""Catalog records for Amazon SageMaker and Amazon Bedrock (Terraform types and live-only SageMaker objects)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_SAGEMAKER = "diagrams.aws.ml.Sagemaker"
_MODEL = "diagrams.aws.ml.SagemakerModel"
_NOTEBOOK = "diagrams.aws.ml.SagemakerNotebook"
_JOB = "diagrams.aws.ml.SagemakerTrainingJob"
_GROUND_TRUTH = "diagrams.aws.ml.SagemakerGroundTruth"
_BEDROCK = "diagrams.aws.ml.Bedrock"


def _user_settings(prefix: str) -> dict[str, R]:
    """Studio user settings: default_user_settings on a domain, user_settings on a user profile."""
    return {
        f"{prefix}.execution_role": R.IAM,
        f"{prefix}.security_groups": R.NETWORK,
        f"{prefix}.sharing_settings.s3_output_path": R.DATA,
        f"{prefix}.sharing_settings.s3_kms_key_id": R.ENCRYPTS,
        f"{prefix}.canvas_app_settings.workspace_settings.s3_artifact_path": R.DATA,
        f"{prefix}.canvas_app_settings.workspace_settings.s3_kms_key_id": R.ENCRYPTS,
        f"{prefix}.canvas_app_settings.generative_ai_settings.amazon_bedrock_role_arn": R.IAM,
        f"{prefix}.canvas_app_settings.emr_serverless_settings.execution_role_arn": R.IAM,
        f"{prefix}.canvas_app_settings.model_register_settings.cross_account_model_register_role_arn": R.IAM,
        f"{prefix}.canvas_app_settings.time_series_forecasting_settings.amazon_forecast_role_arn": R.IAM,
        f"{prefix}.canvas_app_settings.identity_provider_oauth_settings.secret_arn": R.DATA,
        f"{prefix}.custom_file_system_config.efs_file_system_config.file_system_id": R.DATA,
        f"{prefix}.jupyter_lab_app_settings.emr_settings.assumable_role_arns": R.IAM,
        f"{prefix}.jupyter_lab_app_settings.emr_settings.execution_role_arns": R.IAM,
        f"{prefix}.jupyter_lab_app_settings.code_repository.repository_url": R.DATA,
        f"{prefix}.jupyter_server_app_settings.code_repository.repository_url": R.DATA,
    }


KINDS: tuple[Kind, ...] = (
    # --- inference: model -> endpoint configuration -> endpoint -----------------------------------
    Kind(
        "aws_sagemaker_model", C.ML_MODEL, "SageMaker model", icon=_MODEL,
        refs={
            "execution_role_arn": R.IAM,
            "primary_container.image": R.DATA,
            "primary_container.model_data_url": R.DATA,
            "primary_container.model_package_name": R.DATA,
            "primary_container.model_data_source.s3_data_source.s3_uri": R.DATA,
            "primary_container.image_config.repository_auth_config.repository_credentials_provider_arn": R.INVOKES,
            "container.image": R.DATA,
            "container.model_data_url": R.DATA,
            "container.model_package_name": R.DATA,
            "container.model_data_source.s3_data_source.s3_uri": R.DATA,
            "container.image_config.repository_auth_config.repository_credentials_provider_arn": R.INVOKES,
            "vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("vpc_config.subnets",),
        target_relation=R.INVOKES,
        defaults={"enable_network_isolation": False},
        arn=("sagemaker", "model"), live=("sagemaker:model",), free=True,
    ),
    Kind(
        "aws_sagemaker_endpoint_configuration", C.ML_ENDPOINT_CONFIG, "SageMaker endpoint config", icon=_SAGEMAKER,
        refs={
            "production_variants.model_name": R.INVOKES,
            "shadow_production_variants.model_name": R.INVOKES,
            "kms_key_arn": R.ENCRYPTS,
            "data_capture_config.destination_s3_uri": R.DATA,
            "data_capture_config.kms_key_id": R.ENCRYPTS,
            "async_inference_config.output_config.s3_output_path": R.DATA,
            "async_inference_config.output_config.s3_failure_path": R.DATA,
            "async_inference_config.output_config.kms_key_id": R.ENCRYPTS,
            "async_inference_config.output_config.notification_config.error_topic": R.DATA,
            "async_inference_config.output_config.notification_config.success_topic": R.DATA,
            "production_variants.core_dump_config.destination_s3_uri": R.DATA,
            "production_variants.core_dump_config.kms_key_id": R.ENCRYPTS,
            "shadow_production_variants.core_dump_config.destination_s3_uri": R.DATA,
            "shadow_production_variants.core_dump_config.kms_key_id": R.ENCRYPTS,
        },
        target_relation=R.INVOKES,
        arn=("sagemaker", "endpoint-config"), live=("sagemaker:endpoint-config",), free=True,
    ),
    Kind(
        "aws_sagemaker_endpoint", C.ML_ENDPOINT, "SageMaker endpoint", icon=_SAGEMAKER,
        refs={
            "endpoint_config_name": R.INVOKES,
            "deployment_config.auto_rollback_configuration.alarms.alarm_name": R.DEPENDS,
        },
        target_relation=R.INVOKES,
        arn=("sagemaker", "endpoint"), live=("sagemaker:endpoint",),
    ),
    # --- notebooks and Studio ----------------------------------------------------------------------
    Kind(
        "aws_sagemaker_notebook_instance", C.ML_NOTEBOOK, "SageMaker notebook", icon=_NOTEBOOK,
        refs={
            "role_arn": R.IAM,
            "kms_key_id": R.ENCRYPTS,
            "security_groups": R.NETWORK,
            "lifecycle_config_name": R.DEPENDS,
            "default_code_repository": R.DATA,
            "additional_code_repositories": R.DATA,
        },
        placement=("subnet_id",),
        defaults={"direct_internet_access": "Enabled", "root_access": "Enabled"},
        arn=("sagemaker", "notebook-instance"), live=("sagemaker:notebook-instance",),
    ),
    Kind(
        "aws_sagemaker_notebook_instance_lifecycle_configuration", C.ML_CONFIG, "Notebook lifecycle config",
        shape=S.HIDDEN,
        arn=("sagemaker", "notebook-instance-lifecycle-config"),
        live=("sagemaker:notebook-instance-lifecycle-config",), free=True,
    ),
    Kind(
        "aws_sagemaker_domain", C.ML_WORKSPACE, "SageMaker domain", icon=_SAGEMAKER,
        refs={
            **_user_settings("default_user_settings"),
            "default_space_settings.execution_role": R.IAM,
            "default_space_settings.security_groups": R.NETWORK,
            "default_space_settings.custom_file_system_config.efs_file_system_config.file_system_id": R.DATA,
            "default_space_settings.jupyter_lab_app_settings.emr_settings.assumable_role_arns": R.IAM,
            "default_space_settings.jupyter_lab_app_settings.emr_settings.execution_role_arns": R.IAM,
            "domain_settings.security_group_ids": R.NETWORK,
            "domain_settings.r_studio_server_pro_domain_settings.domain_execution_role_arn": R.IAM,
            "kms_key_id": R.ENCRYPTS,
        },
        placement=("subnet_ids", "vpc_id"),
        defaults={"app_network_access_type": "PublicInternetOnly"},
        name_attr="domain_name",
        arn=("sagemaker", "domain"), live=("sagemaker:domain",),
    ),
    Kind(
        "aws_sagemaker_user_profile", C.ML_CONFIG, "SageMaker user profile", icon=_SAGEMAKER,
        shape=S.FOLD, parent="domain_id",
        refs=_user_settings("user_settings"),
        name_attr="user_profile_name",
        arn=("sagemaker", "user-profile"), live=("sagemaker:user-profile",), free=True,
    ),
    Kind(
        "aws_sagemaker_space", C.ML_CONFIG, "SageMaker space", icon=_SAGEMAKER,
        shape=S.FOLD, parent="domain_id",
        refs={
            "ownership_settings.owner_user_profile_name": R.DEPENDS,
            "space_settings.custom_file_system.efs_file_system.file_system_id": R.DATA,
            "space_settings.jupyter_lab_app_settings.code_repository.repository_url": R.DATA,
            "space_settings.jupyter_server_app_settings.code_repository.repository_url": R.DATA,
        },
        name_attr="space_name",
        arn=("sagemaker", "space"), live=("sagemaker:space",), free=True,
    ),
    Kind(
        "aws_sagemaker_app", C.ML_CONFIG, "SageMaker Studio app", icon=_SAGEMAKER,
        shape=S.FOLD, parent="domain_id",
        refs={
            "user_profile_name": R.DEPENDS,
            "space_name": R.DEPENDS,
            "resource_spec.lifecycle_config_arn": R.DEPENDS,
            "resource_spec.sagemaker_image_arn": R.DATA,
            "resource_spec.sagemaker_image_version_arn": R.DATA,
        },
        name_attr="app_name",
        arn=("sagemaker", "app"), live=("sagemaker:app",),
    ),
    Kind(
        "aws_sagemaker_studio_lifecycle_config", C.ML_CONFIG, "Studio lifecycle config",
        shape=S.HIDDEN,
        name_attr="studio_lifecycle_config_name",
        arn=("sagemaker", "studio-lifecycle-config"), live=("sagemaker:studio-lifecycle-config",), free=True,
    ),
    Kind(
        "aws_sagemaker_code_repository", C.ML_CONFIG, "SageMaker code repository",
        icon="diagrams.aws.devtools.Codecommit",
        refs={"git_config.secret_arn": R.DATA},
        target_relation=R.DATA,
        name_attr="code_repository_name",
        arn=("sagemaker", "code-repository"), live=("sagemaker:code-repository",), free=True,
    ),
    Kind(
        "aws_sagemaker_image", C.ML_CONFIG, "SageMaker image",
        icon="diagrams.aws.compute.EC2ContainerRegistryImage",
        refs={"role_arn": R.IAM},
        target_relation=R.DATA,
        name_attr="image_name",
        arn=("sagemaker", "image"), live=("sagemaker:image",), free=True,
    ),
    Kind(
        "aws_sagemaker_image_version", C.ML_CONFIG, "SageMaker image version",
        shape=S.FOLD, parent="image_name",
        refs={"base_image": R.DATA},
        name_attr=None,
        arn=("sagemaker", "image-version"), free=True,
    ),
    Kind(
        "aws_sagemaker_app_image_config", C.ML_CONFIG, "Studio app image config",
        shape=S.HIDDEN,
        name_attr="app_image_config_name",
        arn=("sagemaker", "app-image-config"), live=("sagemaker:app-image-config",), free=True,
    ),
    # --- features, pipelines, registry -------------------------------------------------------------
    Kind(
        "aws_sagemaker_feature_group", C.ML_FEATURE_STORE, "SageMaker feature group", icon=_SAGEMAKER,
        refs={
            "role_arn": R.IAM,
            "offline_store_config.s3_storage_config.s3_uri": R.DATA,
            "offline_store_config.s3_storage_config.kms_key_id": R.ENCRYPTS,
            "offline_store_config.data_catalog_config.database": R.DATA,
            "offline_store_config.data_catalog_config.table_name": R.DATA,
            "online_store_config.security_config.kms_key_id": R.ENCRYPTS,
        },
        target_relation=R.DATA,
        name_attr="feature_group_name",
        arn=("sagemaker", "feature-group"), live=("sagemaker:feature-group",),
    ),
    Kind(
        "aws_sagemaker_pipeline", C.ML_PIPELINE, "SageMaker pipeline", icon=_JOB,
        refs={
            "role_arn": R.IAM,
            "pipeline_definition_s3_location.bucket": R.DATA,
        },
        target_relation=R.INVOKES,
        name_attr="pipeline_name",
        arn=("sagemaker", "pipeline"), live=("sagemaker:pipeline",), free=True,
    ),
    Kind(
        "aws_sagemaker_model_package_group", C.ML_REGISTRY, "SageMaker model package group", icon=_MODEL,
        target_relation=R.DATA,
        name_attr="model_package_group_name",
        arn=("sagemaker", "model-package-group"), live=("sagemaker:model-package-group",), free=True,
    ),
    Kind(
        "aws_sagemaker_model_package_group_policy", C.ML_REGISTRY, "Model package group policy",
        shape=S.FOLD, parent="model_package_group_name",
        name_attr=None, free=True,
    ),
    Kind(
        "aws_sagemaker_project", C.ML_PIPELINE, "SageMaker project", icon=_SAGEMAKER,
        refs={"service_catalog_provisioning_details.product_id": R.DEPENDS},
        name_attr="project_name",
        arn=("sagemaker", "project"), live=("sagemaker:project",), free=True,
    ),
    Kind(
        "aws_sagemaker_servicecatalog_portfolio_status", C.ML_CONFIG, "SageMaker Service Catalog portfolio status",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
    Kind(
        "aws_sagemaker_hub", C.ML_REGISTRY, "SageMaker hub", icon=_SAGEMAKER,
        refs={"s3_storage_config.s3_output_path": R.DATA},
        name_attr="hub_name",
        arn=("sagemaker", "hub"), live=("sagemaker:hub",),
    ),
    Kind(
        "aws_sagemaker_mlflow_tracking_server", C.ML_MONITORING, "SageMaker MLflow tracking server", icon=_SAGEMAKER,
        refs={"role_arn": R.IAM, "artifact_store_uri": R.DATA},
        name_attr="tracking_server_name",
        arn=("sagemaker", "mlflow-tracking-server"), live=("sagemaker:mlflow-tracking-server",),
    ),
    # --- monitoring ----------------------------------------------------------------------------------
    Kind(
        "aws_sagemaker_data_quality_job_definition", C.ML_MONITORING, "SageMaker data quality job definition",
        icon=_JOB,
        refs={
            "role_arn": R.IAM,
            "data_quality_app_specification.image_uri": R.DATA,
            "data_quality_app_specification.post_analytics_processor_source_uri": R.DATA,
            "data_quality_app_specification.record_preprocessor_source_uri": R.DATA,
            "data_quality_baseline_config.constraints_resource.s3_uri": R.DATA,
            "data_quality_baseline_config.statistics_resource.s3_uri": R.DATA,
            "data_quality_job_input.endpoint_input.endpoint_name": R.DATA,
            "data_quality_job_input.batch_transform_input.data_captured_destination_s3_uri": R.DATA,
            "data_quality_job_output_config.monitoring_outputs.s3_output.s3_uri": R.DATA,
            "data_quality_job_output_config.kms_key_id": R.ENCRYPTS,
            "job_resources.cluster_config.volume_kms_key_id": R.ENCRYPTS,
            "network_config.vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("network_config.vpc_config.subnets",),
        defaults={
            "network_config.enable_network_isolation": False,
            "network_config.enable_inter_container_traffic_encryption": False,
        },
        arn=("sagemaker", "data-quality-job-definition"), live=("sagemaker:data-quality-job-definition",), free=True,
    ),
    Kind(
        "aws_sagemaker_monitoring_schedule", C.ML_MONITORING, "SageMaker monitoring schedule", icon=_JOB,
        refs={"monitoring_schedule_config.monitoring_job_definition_name": R.INVOKES},
        arn=("sagemaker", "monitoring-schedule"), live=("sagemaker:monitoring-schedule",),
    ),
    # --- human in the loop (Ground Truth, Augmented AI) ------------------------------------------------
    Kind(
        "aws_sagemaker_workforce", C.ML_CONFIG, "SageMaker workforce", icon=_GROUND_TRUTH,
        refs={
            "cognito_config.user_pool": R.IAM,
            "workforce_vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("workforce_vpc_config.subnets", "workforce_vpc_config.vpc_id"),
        name_attr="workforce_name",
        arn=("sagemaker", "workforce"), live=("sagemaker:workforce",), free=True,
    ),
    Kind(
        "aws_sagemaker_workteam", C.ML_CONFIG, "SageMaker workteam", icon=_GROUND_TRUTH,
        refs={
            "workforce_name": R.DEPENDS,
            "member_definition.cognito_member_definition.user_pool": R.IAM,
            "notification_configuration.notification_topic_arn": R.DATA,
        },
        target_relation=R.INVOKES,
        name_attr="workteam_name",
        arn=("sagemaker", "workteam"), live=("sagemaker:workteam",), free=True,
    ),
    Kind(
        "aws_sagemaker_flow_definition", C.ML_PIPELINE, "Augmented AI flow definition",
        icon="diagrams.aws.ml.AugmentedAi",
        refs={
            "role_arn": R.IAM,
            "human_loop_config.human_task_ui_arn": R.DEPENDS,
            "human_loop_config.workteam_arn": R.INVOKES,
            "output_config.s3_output_path": R.DATA,
            "output_config.kms_key_id": R.ENCRYPTS,
        },
        name_attr="flow_definition_name",
        arn=("sagemaker", "flow-definition"), live=("sagemaker:flow-definition",),
    ),
    Kind(
        "aws_sagemaker_human_task_ui", C.ML_CONFIG, "Augmented AI human task UI",
        shape=S.HIDDEN,
        name_attr="human_task_ui_name",
        arn=("sagemaker", "human-task-ui"), live=("sagemaker:human-task-ui",), free=True,
    ),
    Kind(
        "aws_sagemaker_device_fleet", C.ML_DEPLOYMENT, "SageMaker Edge device fleet", icon=_SAGEMAKER,
        refs={
            "role_arn": R.IAM,
            "output_config.s3_output_location": R.DATA,
            "output_config.kms_key_id": R.ENCRYPTS,
        },
        name_attr="device_fleet_name",
        arn=("sagemaker", "device-fleet"), live=("sagemaker:device-fleet",),
    ),
    # --- found only by live scans (Terraform does not manage them) ---------------------------------
    # Attribute names are the snake_case forms of the Describe* API fields.
    Kind(
        "sagemaker_training_job", C.ML_TRAINING, "SageMaker training job", icon=_JOB,
        refs={
            "role_arn": R.IAM,
            "algorithm_specification.training_image": R.DATA,
            "input_data_config.data_source.s3_data_source.s3_uri": R.DATA,
            "output_data_config.s3_output_path": R.DATA,
            "output_data_config.kms_key_id": R.ENCRYPTS,
            "resource_config.volume_kms_key_id": R.ENCRYPTS,
            "checkpoint_config.s3_uri": R.DATA,
            "model_artifacts.s3_model_artifacts": R.DATA,
            "vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("vpc_config.subnets",),
        defaults={"enable_network_isolation": False, "enable_inter_container_traffic_encryption": False},
        name_attr="training_job_name",
        arn=("sagemaker", "training-job"), live=("sagemaker:training-job",),
    ),
    Kind(
        "sagemaker_processing_job", C.ML_TRAINING, "SageMaker processing job", icon=_JOB,
        refs={
            "role_arn": R.IAM,
            "app_specification.image_uri": R.DATA,
            "processing_inputs.s3_input.s3_uri": R.DATA,
            "processing_output_config.outputs.s3_output.s3_uri": R.DATA,
            "processing_output_config.kms_key_id": R.ENCRYPTS,
            "processing_resources.cluster_config.volume_kms_key_id": R.ENCRYPTS,
            "network_config.vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("network_config.vpc_config.subnets",),
        defaults={
            "network_config.enable_network_isolation": False,
            "network_config.enable_inter_container_traffic_encryption": False,
        },
        name_attr="processing_job_name",
        arn=("sagemaker", "processing-job"), live=("sagemaker:processing-job",),
    ),
    Kind(
        "sagemaker_transform_job", C.ML_TRAINING, "SageMaker batch transform job", icon=_JOB,
        refs={
            "model_name": R.INVOKES,
            "transform_input.data_source.s3_data_source.s3_uri": R.DATA,
            "transform_output.s3_output_path": R.DATA,
            "transform_output.kms_key_id": R.ENCRYPTS,
            "transform_resources.volume_kms_key_id": R.ENCRYPTS,
        },
        name_attr="transform_job_name",
        arn=("sagemaker", "transform-job"), live=("sagemaker:transform-job",),
    ),
    Kind(
        "sagemaker_hyperpod_cluster", C.ML_COMPUTE, "SageMaker HyperPod cluster", icon=_SAGEMAKER,
        refs={
            "instance_groups.execution_role": R.IAM,
            "instance_groups.life_cycle_config.source_s3_uri": R.DATA,
            "vpc_config.security_group_ids": R.NETWORK,
            "orchestrator.eks.cluster_arn": R.DEPENDS,
        },
        placement=("vpc_config.subnets",),
        name_attr="cluster_name",
        arn=("sagemaker", "cluster"), live=("sagemaker:cluster",),
    ),
    Kind(
        "sagemaker_model_package", C.ML_REGISTRY, "SageMaker model package", icon=_MODEL,
        refs={
            "model_package_group_name": R.DEPENDS,
            "inference_specification.containers.image": R.DATA,
            "inference_specification.containers.model_data_url": R.DATA,
        },
        target_relation=R.DATA,
        name_attr="model_package_name",
        arn=("sagemaker", "model-package"), live=("sagemaker:model-package",), free=True,
    ),
    # --- Amazon Bedrock ---------------------------------------------------------------------------------
    Kind(
        "aws_bedrock_custom_model", C.ML_MODEL, "Bedrock custom model", icon=_BEDROCK,
        refs={
            "role_arn": R.IAM,
            "base_model_identifier": R.DEPENDS,
            "custom_model_kms_key_id": R.ENCRYPTS,
            "training_data_config.s3_uri": R.DATA,
            "validation_data_config.validator.s3_uri": R.DATA,
            "output_data_config.s3_uri": R.DATA,
            "vpc_config.security_group_ids": R.NETWORK,
        },
        placement=("vpc_config.subnet_ids",),
        target_relation=R.INVOKES,
        name_attr="custom_model_name",
        arn=("bedrock", "custom-model"), live=("bedrock:custom-model",),
    ),
    Kind(
        "aws_bedrockagent_agent", C.ML_ENDPOINT, "Bedrock agent", icon=_BEDROCK,
        refs={
            "agent_resource_role_arn": R.IAM,
            "customer_encryption_key_arn": R.ENCRYPTS,
            "foundation_model": R.INVOKES,
            "guardrail_configuration.guardrail_identifier": R.DEPENDS,
        },
        target_relation=R.INVOKES,
        name_attr="agent_name",
        arn=("bedrock", "agent"), live=("bedrock-agent:agent",),
    ),
    Kind(
        "aws_bedrockagent_knowledge_base", C.ML_INDEX, "Bedrock knowledge base", icon=_BEDROCK,
        refs={
            "role_arn": R.IAM,
            "knowledge_base_configuration.vector_knowledge_base_configuration.embedding_model_arn": R.INVOKES,
            "knowledge_base_configuration.vector_knowledge_base_configuration"
            ".supplemental_data_storage_configuration.storage_location.s3_location.uri": R.DATA,
            "storage_configuration.opensearch_serverless_configuration.collection_arn": R.DATA,
            "storage_configuration.rds_configuration.resource_arn": R.DATA,
            "storage_configuration.rds_configuration.credentials_secret_arn": R.DATA,
            "storage_configuration.pinecone_configuration.credentials_secret_arn": R.DATA,
            "storage_configuration.redis_enterprise_cloud_configuration.credentials_secret_arn": R.DATA,
        },
        target_relation=R.DATA,
        arn=("bedrock", "knowledge-base"), live=("bedrock-agent:knowledge-base",),
    ),
    Kind(
        "aws_bedrock_guardrail", C.ML_CONFIG, "Bedrock guardrail", icon=_BEDROCK,
        refs={"kms_key_arn": R.ENCRYPTS},
        arn=("bedrock", "guardrail"), live=("bedrock:guardrail",),
    ),
    Kind(
        # account-wide: where the prompts and completions of every model invocation are logged
        "aws_bedrock_model_invocation_logging_configuration", C.OPS_LOGGING, "Bedrock invocation logging",
        icon=_BEDROCK,
        refs={
            "logging_config.s3_config.bucket_name": R.LOGS,
            "logging_config.cloudwatch_config.log_group_name": R.LOGS,
            "logging_config.cloudwatch_config.role_arn": R.IAM,
            "logging_config.cloudwatch_config.large_data_delivery_s3_config.bucket_name": R.LOGS,
        },
        name_attr=None, free=True,
    ),
    Kind(
        # an application inference profile: a model (or cross-region profile) under a name of its own,
        # for usage and cost tracking
        "aws_bedrock_inference_profile", C.ML_ENDPOINT, "Bedrock inference profile", icon=_BEDROCK,
        refs={"model_source.copy_from": R.INVOKES},
        target_relation=R.INVOKES,
        arn=("bedrock", "application-inference-profile"), live=("bedrock:application-inference-profile",),
    ),
    Kind(
        "aws_bedrockagent_prompt", C.ML_CONFIG, "Bedrock prompt", icon=_BEDROCK,
        refs={"customer_encryption_key_arn": R.ENCRYPTS, "default_variant": R.DEPENDS,
              "variant.model_id": R.INVOKES},
        arn=("bedrock", "prompt"), live=("bedrock-agent:prompt",), free=True,
    ),
    Kind(
        "aws_bedrockagent_flow", C.ML_PIPELINE, "Bedrock flow", icon=_BEDROCK,
        refs={"execution_role_arn": R.IAM, "customer_encryption_key_arn": R.ENCRYPTS},
        arn=("bedrock", "flow"), live=("bedrock-agent:flow",),
    ),
    Kind(
        "aws_bedrock_provisioned_model_throughput", C.ML_ENDPOINT, "Bedrock provisioned throughput", icon=_BEDROCK,
        refs={"model_arn": R.INVOKES},
        target_relation=R.INVOKES,
        name_attr="provisioned_model_name",
        arn=("bedrock", "provisioned-model"), live=("bedrock:provisioned-model",),
    ),
)
