"""Catalog records for AWS compute: Lambda, EC2 and Auto Scaling, ECS, EKS, Batch and EMR."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_C = "diagrams.aws.compute."

KINDS: tuple[Kind, ...] = (
    # --- Lambda ---------------------------------------------------------------------------------------
    Kind(
        "aws_lambda_function", C.COMPUTE_FUNCTION, "Lambda function", icon=_C + "Lambda",
        refs={
            "role": R.IAM,
            "kms_key_arn": R.ENCRYPTS,
            "image_uri": R.DATA,
            "s3_bucket": R.DATA,
            "layers": R.DEPENDS,
            "code_signing_config_arn": R.DEPENDS,
            "vpc_config.security_group_ids": R.NETWORK,
            "dead_letter_config.target_arn": R.DATA,
            "file_system_config.arn": R.DATA,
            "logging_config.log_group": R.LOGS,
        },
        placement=("vpc_config.subnet_ids",),
        target_relation=R.INVOKES,
        name_attr="function_name",
        arn=("lambda", "function"), live=("lambda:function",),
    ),
    Kind(
        "aws_lambda_permission", C.COMPUTE_FUNCTION, "Lambda permission",
        shape=S.FOLD, parent="function_name", bridge=("source_arn", "function_name", R.INVOKES),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_lambda_function_url", C.COMPUTE_FUNCTION, "Lambda function URL",
        shape=S.FOLD, parent="function_name",
        name_attr=None, free=True,
    ),
    Kind(
        "aws_lambda_alias", C.COMPUTE_FUNCTION, "Lambda alias",
        shape=S.FOLD, parent="function_name",
        target_relation=R.INVOKES, free=True,
    ),
    Kind(
        # instances kept warm for an alias or version: billed per GB-second whether used or not
        "aws_lambda_provisioned_concurrency_config", C.COMPUTE_FUNCTION, "Lambda provisioned concurrency",
        shape=S.FOLD, parent="function_name", name_attr=None,
    ),
    Kind(
        # a one-off invocation at apply time (seeding data, creating an index): what its input names,
        # the function works on
        "aws_lambda_invocation", C.COMPUTE_FUNCTION, "Lambda invocation at apply time",
        shape=S.FOLD, parent="function_name", name_attr=None, free=True,
    ),
    Kind(
        "aws_lambda_layer_version", C.COMPUTE_FUNCTION, "Lambda layer",
        shape=S.HIDDEN,
        refs={"s3_bucket": R.DATA},
        name_attr="layer_name", arn=("lambda", "layer"), live=("lambda:layer",), free=True,
    ),
    Kind(
        "aws_lambda_event_source_mapping", C.COMPUTE_FUNCTION, "Lambda event source mapping",
        shape=S.FOLD, parent="function_name", bridge=("event_source_arn", "function_name", R.INVOKES),
        refs={
            "kms_key_arn": R.ENCRYPTS,
            "destination_config.on_failure.destination_arn": R.DATA,
        },
        name_attr=None, arn=("lambda", "event-source-mapping"), free=True,
    ),
    # --- EC2 and Auto Scaling ----------------------------------------------------------------------------
    Kind(
        "aws_instance", C.COMPUTE_VM, "EC2 instance", icon=_C + "EC2",
        refs={
            "iam_instance_profile": R.IAM,
            "vpc_security_group_ids": R.NETWORK,
            "security_groups": R.NETWORK,
            "network_interface.network_interface_id": R.NETWORK,
            "root_block_device.kms_key_id": R.ENCRYPTS,
            "ebs_block_device.kms_key_id": R.ENCRYPTS,
            "launch_template.id": R.DEPENDS,
            "launch_template.name": R.DEPENDS,
        },
        placement=("subnet_id",),
        name_attr=None, arn=("ec2", "instance"), live=("ec2:instance",),
    ),
    Kind(
        "aws_launch_template", C.COMPUTE_VM, "EC2 launch template", icon=_C + "EC2",
        refs={
            "iam_instance_profile.arn": R.IAM,
            "iam_instance_profile.name": R.IAM,
            "vpc_security_group_ids": R.NETWORK,
            "security_group_names": R.NETWORK,
            "network_interfaces.security_groups": R.NETWORK,
            "block_device_mappings.ebs.kms_key_id": R.ENCRYPTS,
        },
        placement=("network_interfaces.subnet_id",),
        arn=("ec2", "launch-template"), live=("ec2:launch-template",), free=True,
    ),
    Kind(
        "aws_autoscaling_group", C.COMPUTE_VM, "Auto Scaling group", icon=_C + "EC2AutoScaling",
        refs={
            "launch_template.id": R.DEPENDS,
            "launch_template.name": R.DEPENDS,
            "mixed_instances_policy.launch_template.launch_template_specification.launch_template_id": R.DEPENDS,
            "mixed_instances_policy.launch_template.launch_template_specification.launch_template_name": R.DEPENDS,
            "target_group_arns": R.NETWORK,
            "load_balancers": R.NETWORK,
            "service_linked_role_arn": R.IAM,
            "initial_lifecycle_hook.role_arn": R.IAM,
            "initial_lifecycle_hook.notification_target_arn": R.DATA,
        },
        placement=("vpc_zone_identifier",),
        arn=("autoscaling", "autoScalingGroup"), live=("autoscaling:autoScalingGroup",),
    ),
    # --- containers ---------------------------------------------------------------------------------------
    Kind(
        "aws_ecs_cluster", C.COMPUTE_CONTAINER, "ECS cluster", icon=_C + "ElasticContainerService",
        refs={
            "configuration.execute_command_configuration.kms_key_id": R.ENCRYPTS,
            "configuration.execute_command_configuration.log_configuration.cloud_watch_log_group_name": R.LOGS,
            "configuration.execute_command_configuration.log_configuration.s3_bucket_name": R.LOGS,
            "configuration.managed_storage_configuration.kms_key_id": R.ENCRYPTS,
            "configuration.managed_storage_configuration.fargate_ephemeral_storage_kms_key_id": R.ENCRYPTS,
        },
        arn=("ecs", "cluster"), live=("ecs:cluster",), free=True,
    ),
    Kind(
        "aws_ecs_service", C.COMPUTE_CONTAINER, "ECS service", icon=_C + "ElasticContainerServiceService",
        refs={
            "cluster": R.DEPENDS,
            "task_definition": R.DEPENDS,
            "iam_role": R.IAM,
            "network_configuration.security_groups": R.NETWORK,
            "load_balancer.target_group_arn": R.NETWORK,
            "load_balancer.elb_name": R.NETWORK,
            "service_registries.registry_arn": R.NETWORK,
        },
        placement=("network_configuration.subnets",),
        target_relation=R.INVOKES,
        defaults={"network_configuration.assign_public_ip": False},
        arn=("ecs", "service"), live=("ecs:service",),
    ),
    Kind(
        "aws_ecs_task_definition", C.COMPUTE_CONTAINER, "ECS task definition",
        icon=_C + "ElasticContainerServiceTask",
        refs={
            "execution_role_arn": R.IAM,
            "task_role_arn": R.IAM,
            "volume.efs_volume_configuration.file_system_id": R.DATA,
        },
        name_attr="family", arn=("ecs", "task-definition"), live=("ecs:task-definition",), free=True,
    ),
    Kind(
        "aws_eks_cluster", C.COMPUTE_CONTAINER, "EKS cluster", icon=_C + "ElasticKubernetesService",
        refs={
            "role_arn": R.IAM,
            "vpc_config.security_group_ids": R.NETWORK,
            "encryption_config.provider.key_arn": R.ENCRYPTS,
            "compute_config.node_role_arn": R.IAM,
        },
        placement=("vpc_config.subnet_ids",),
        defaults={"vpc_config.endpoint_public_access": True, "vpc_config.endpoint_private_access": False},
        arn=("eks", "cluster"), live=("eks:cluster",),
    ),
    Kind(
        "aws_eks_node_group", C.COMPUTE_CONTAINER, "EKS node group", icon=_C + "EC2AutoScaling",
        refs={
            "cluster_name": R.DEPENDS,
            "node_role_arn": R.IAM,
            "launch_template.id": R.DEPENDS,
            "launch_template.name": R.DEPENDS,
            "remote_access.source_security_group_ids": R.NETWORK,
        },
        placement=("subnet_ids",),
        name_attr="node_group_name", arn=("eks", "nodegroup"), live=("eks:nodegroup",),
    ),
    # cluster configuration: who may use the API (access entries), managed add-ons (VPC CNI, CSI drivers)
    Kind(
        "aws_eks_access_entry", C.IAM_BINDING, "EKS access entry",
        shape=S.FOLD, parent="cluster_name", bridge=("principal_arn", "cluster_name", R.IAM),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_eks_access_policy_association", C.IAM_BINDING, "EKS access policy association",
        shape=S.FOLD, parent="cluster_name", bridge=("principal_arn", "cluster_name", R.IAM),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_eks_pod_identity_association", C.IAM_BINDING, "EKS pod identity association",
        shape=S.FOLD, parent="cluster_name", refs={"role_arn": R.IAM}, name_attr=None, free=True,
    ),
    Kind(
        "aws_eks_addon", C.COMPUTE_CONTAINER, "EKS add-on",
        shape=S.FOLD, parent="cluster_name",
        refs={"service_account_role_arn": R.IAM, "pod_identity_association.role_arn": R.IAM},
        name_attr="addon_name", free=True,
    ),
    # --- batch and big data ---------------------------------------------------------------------------------
    Kind(
        "aws_batch_compute_environment", C.COMPUTE_CONTAINER, "Batch compute environment", icon=_C + "Batch",
        refs={
            "service_role": R.IAM,
            "compute_resources.instance_role": R.IAM,
            "compute_resources.spot_iam_fleet_role": R.IAM,
            "compute_resources.security_group_ids": R.NETWORK,
            "compute_resources.launch_template.launch_template_id": R.DEPENDS,
            "compute_resources.launch_template.launch_template_name": R.DEPENDS,
            "eks_configuration.eks_cluster_arn": R.DEPENDS,
        },
        placement=("compute_resources.subnets",),
        name_attr="compute_environment_name",  # renamed "name" in provider 6.x
        arn=("batch", "compute-environment"), live=("batch:compute-environment",), free=True,
    ),
    Kind(
        "aws_batch_job_queue", C.COMPUTE_CONTAINER, "Batch job queue", icon=_C + "Batch",
        refs={
            "compute_environment_order.compute_environment": R.INVOKES,
            "compute_environments": R.INVOKES,
            "scheduling_policy_arn": R.DEPENDS,
        },
        target_relation=R.INVOKES,
        arn=("batch", "job-queue"), live=("batch:job-queue",), free=True,
    ),
    Kind(
        "aws_emr_cluster", C.COMPUTE_VM, "EMR cluster", icon="diagrams.aws.analytics.EMRCluster",
        refs={
            "service_role": R.IAM,
            "autoscaling_role": R.IAM,
            "ec2_attributes.instance_profile": R.IAM,
            "ec2_attributes.emr_managed_master_security_group": R.NETWORK,
            "ec2_attributes.emr_managed_slave_security_group": R.NETWORK,
            "ec2_attributes.additional_master_security_groups": R.NETWORK,
            "ec2_attributes.additional_slave_security_groups": R.NETWORK,
            "ec2_attributes.service_access_security_group": R.NETWORK,
            "log_uri": R.LOGS,
            "log_encryption_kms_key_id": R.ENCRYPTS,
            "security_configuration": R.ENCRYPTS,
        },
        placement=("ec2_attributes.subnet_id", "ec2_attributes.subnet_ids"),
        arn=("elasticmapreduce", "cluster"), live=("elasticmapreduce:cluster",),
    ),
)
