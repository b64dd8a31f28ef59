"""Catalog records for AWS storage and data: S3, ECR, EFS/FSx, databases, queues, streams, Glue and Athena."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_ST = "diagrams.aws.storage."
_DB = "diagrams.aws.database."
_AN = "diagrams.aws.analytics."
_INT = "diagrams.aws.integration."
_PUBLIC_ACCESS_BLOCK_DEFAULTS = {
    "block_public_acls": False,
    "block_public_policy": False,
    "ignore_public_acls": False,
    "restrict_public_buckets": False,
}


def _s3_config(tf_type: str, label: str, **extra) -> Kind:
    """An S3 bucket sub-resource that folds into its bucket (it holds configuration only)."""
    return Kind(tf_type, C.STORAGE_CONFIG, label, shape=S.FOLD, parent="bucket", name_attr=None, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    # --- S3 ---------------------------------------------------------------------------------------------
    Kind(
        "aws_s3_bucket", C.STORAGE_OBJECT, "S3 bucket", icon=_ST + "SimpleStorageServiceS3Bucket",
        refs={
            "logging.target_bucket": R.LOGS,
            "replication_configuration.role": R.IAM,
            "replication_configuration.rules.destination.bucket": R.DATA,
            "replication_configuration.rules.destination.replica_kms_key_id": R.ENCRYPTS,
            "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.kms_master_key_id":
                R.ENCRYPTS,
        },
        target_relation=R.DATA,
        defaults={"acl": "private", "object_lock_enabled": False},
        name_attr="bucket", arn=("s3", ""), live=("s3:bucket",),
    ),
    _s3_config("aws_s3_bucket_policy", "S3 bucket policy"),
    _s3_config("aws_s3_bucket_public_access_block", "S3 public access block", defaults=_PUBLIC_ACCESS_BLOCK_DEFAULTS),
    _s3_config(
        "aws_s3_bucket_server_side_encryption_configuration", "S3 bucket encryption",
        refs={"rule.apply_server_side_encryption_by_default.kms_master_key_id": R.ENCRYPTS},
    ),
    _s3_config("aws_s3_bucket_versioning", "S3 bucket versioning"),
    _s3_config("aws_s3_bucket_acl", "S3 bucket ACL"),
    _s3_config("aws_s3_bucket_ownership_controls", "S3 bucket ownership controls"),
    _s3_config(
        "aws_s3_bucket_logging", "S3 bucket logging",
        bridge=("bucket", "target_bucket", R.LOGS), refs={"target_bucket": R.LOGS},
    ),
    _s3_config("aws_s3_bucket_lifecycle_configuration", "S3 bucket lifecycle"),
    _s3_config(
        "aws_s3_bucket_notification", "S3 bucket notification",
        refs={
            "lambda_function.lambda_function_arn": R.INVOKES,
            "queue.queue_arn": R.DATA,
            "topic.topic_arn": R.DATA,
        },
    ),
    _s3_config("aws_s3_bucket_cors_configuration", "S3 bucket CORS"),
    _s3_config(
        "aws_s3_bucket_replication_configuration", "S3 bucket replication",
        refs={
            "role": R.IAM,
            "rule.destination.bucket": R.DATA,
            "rule.destination.encryption_configuration.replica_kms_key_id": R.ENCRYPTS,
        },
    ),
    _s3_config("aws_s3_bucket_object_lock_configuration", "S3 object lock"),
    _s3_config("aws_s3_bucket_website_configuration", "S3 static website"),
    _s3_config("aws_s3_bucket_intelligent_tiering_configuration", "S3 Intelligent-Tiering"),
    Kind(
        "aws_s3_object", C.STORAGE_OBJECT, "S3 object",
        shape=S.FOLD, parent="bucket",
        refs={"kms_key_id": R.ENCRYPTS},
        name_attr="key",
    ),
    Kind(
        "aws_s3_bucket_object", C.STORAGE_OBJECT, "S3 object",  # the AWS provider 3.x name of aws_s3_object
        shape=S.FOLD, parent="bucket",
        refs={"kms_key_id": R.ENCRYPTS},
        name_attr="key",
    ),
    Kind(
        "aws_s3_directory_bucket", C.STORAGE_OBJECT, "S3 directory bucket",  # S3 Express One Zone: training data
        icon="diagrams.aws.storage.SimpleStorageServiceS3Bucket",
        refs={"location.name": R.DEPENDS},
        target_relation=R.DATA,
        name_attr="bucket", arn=("s3express", "bucket"), live=("s3express:bucket",),
    ),
    Kind(
        "aws_s3_account_public_access_block", C.STORAGE_CONFIG, "S3 account public access block",
        shape=S.HIDDEN, defaults=_PUBLIC_ACCESS_BLOCK_DEFAULTS, name_attr=None, free=True,
    ),
    # --- container registry -------------------------------------------------------------------------------
    Kind(
        "aws_ecr_repository", C.STORAGE_REGISTRY, "ECR repository", icon="diagrams.aws.compute.EC2ContainerRegistry",
        refs={"encryption_configuration.kms_key": R.ENCRYPTS},
        target_relation=R.DATA,
        defaults={
            "image_tag_mutability": "MUTABLE",
            "image_scanning_configuration.scan_on_push": False,
            "encryption_configuration.encryption_type": "AES256",
        },
        arn=("ecr", "repository"), live=("ecr:repository",),
    ),
    Kind(
        "aws_ecr_repository_policy", C.STORAGE_CONFIG, "ECR repository policy",
        shape=S.FOLD, parent="repository", name_attr=None, free=True,
    ),
    Kind(
        "aws_ecr_lifecycle_policy", C.STORAGE_CONFIG, "ECR lifecycle policy",
        shape=S.FOLD, parent="repository", name_attr=None, free=True,
    ),
    # --- file systems -----------------------------------------------------------------------------------------
    Kind(
        "aws_efs_file_system", C.STORAGE_OBJECT, "EFS file system", icon=_ST + "ElasticFileSystemEFS",
        refs={"kms_key_id": R.ENCRYPTS},
        target_relation=R.DATA,
        defaults={"encrypted": False},
        name_attr=None, arn=("elasticfilesystem", "file-system"), live=("elasticfilesystem:file-system",),
    ),
    Kind(
        "aws_efs_mount_target", C.NETWORK_PRIVATE_ENDPOINT, "EFS mount target", icon=_ST + "ElasticFileSystemEFS",
        refs={"file_system_id": R.DATA, "security_groups": R.NETWORK},
        placement=("subnet_id",),
        target_relation=R.DATA,
        name_attr=None, free=True,
    ),
    Kind(
        "aws_efs_access_point", C.STORAGE_CONFIG, "EFS access point",  # per-user home directories (Studio)
        shape=S.FOLD, parent="file_system_id",
        name_attr=None, arn=("elasticfilesystem", "access-point"), free=True,
    ),
    Kind(
        "aws_fsx_lustre_file_system", C.STORAGE_OBJECT, "FSx for Lustre", icon=_ST + "FsxForLustre",
        refs={
            "kms_key_id": R.ENCRYPTS,
            "security_group_ids": R.NETWORK,
            "import_path": R.DATA,
            "export_path": R.DATA,
            "log_configuration.destination": R.LOGS,
        },
        placement=("subnet_ids",),
        target_relation=R.DATA,
        name_attr=None, arn=("fsx", "file-system"), live=("fsx:file-system",),
    ),
    Kind(
        # links a Lustre file system to an S3 prefix it imports from and exports to
        "aws_fsx_data_repository_association", C.STORAGE_CONFIG, "FSx data repository association",
        shape=S.FOLD, parent="file_system_id", bridge=("file_system_id", "data_repository_path", R.DATA),
        refs={"data_repository_path": R.DATA},
        name_attr=None, arn=("fsx", "association"), free=True,
    ),
    # --- databases and warehouses ---------------------------------------------------------------------------
    Kind(
        "aws_dynamodb_table", C.STORAGE_DATABASE, "DynamoDB table", icon=_DB + "DynamodbTable",
        refs={
            "server_side_encryption.kms_key_arn": R.ENCRYPTS,
            "replica.kms_key_arn": R.ENCRYPTS,
            "import_table.s3_bucket_source.bucket": R.DATA,
            "restore_source_table_arn": R.DATA,
        },
        target_relation=R.DATA,
        defaults={"server_side_encryption.enabled": False, "point_in_time_recovery.enabled": False},
        arn=("dynamodb", "table"), live=("dynamodb:table",),
    ),
    Kind(
        "aws_db_instance", C.STORAGE_DATABASE, "RDS instance", icon=_DB + "RDSInstance",
        refs={
            "vpc_security_group_ids": R.NETWORK,
            "kms_key_id": R.ENCRYPTS,
            "performance_insights_kms_key_id": R.ENCRYPTS,
            "master_user_secret_kms_key_id": R.ENCRYPTS,
            "monitoring_role_arn": R.IAM,
            "replicate_source_db": R.DATA,
            "s3_import.bucket_name": R.DATA,
            "s3_import.ingestion_role": R.IAM,
        },
        placement=("db_subnet_group_name",),
        target_relation=R.DATA,
        defaults={
            "publicly_accessible": False,
            "storage_encrypted": False,
            "iam_database_authentication_enabled": False,
            "deletion_protection": False,
        },
        name_attr="identifier", arn=("rds", "db"), live=("rds:db",),
    ),
    Kind(
        "aws_rds_cluster", C.STORAGE_DATABASE, "RDS/Aurora cluster", icon=_DB + "Aurora",
        refs={
            "vpc_security_group_ids": R.NETWORK,
            "kms_key_id": R.ENCRYPTS,
            "performance_insights_kms_key_id": R.ENCRYPTS,
            "master_user_secret_kms_key_id": R.ENCRYPTS,
            "monitoring_role_arn": R.IAM,
            "iam_roles": R.IAM,
            "replication_source_identifier": R.DATA,
            "s3_import.bucket_name": R.DATA,
            "s3_import.ingestion_role": R.IAM,
        },
        placement=("db_subnet_group_name",),
        target_relation=R.DATA,
        defaults={  # storage_encrypted defaults to false for the default (provisioned) engine_mode
            "storage_encrypted": False,
            "iam_database_authentication_enabled": False,
            "deletion_protection": False,
        },
        name_attr="cluster_identifier", arn=("rds", "cluster"), live=("rds:cluster",),
    ),
    Kind(
        # an Aurora instance: the compute of its cluster (its class bills), drawn as the cluster
        "aws_rds_cluster_instance", C.STORAGE_DATABASE, "Aurora cluster instance",
        shape=S.FOLD, parent="cluster_identifier",
        refs={
            "monitoring_role_arn": R.IAM,
            "performance_insights_kms_key_id": R.ENCRYPTS,
            "db_parameter_group_name": R.DEPENDS,
        },
        placement=("db_subnet_group_name",),
        defaults={"publicly_accessible": False},
        name_attr="identifier",
    ),
    Kind(
        "aws_rds_cluster_parameter_group", C.STORAGE_CONFIG, "RDS cluster parameter group",
        shape=S.HIDDEN, arn=("rds", "cluster-pg"), free=True,
    ),
    Kind(
        "aws_db_parameter_group", C.STORAGE_CONFIG, "DB parameter group",
        shape=S.HIDDEN, arn=("rds", "pg"), free=True,
    ),
    Kind(
        "aws_db_option_group", C.STORAGE_CONFIG, "DB option group",
        shape=S.HIDDEN, arn=("rds", "og"), free=True,
    ),
    Kind(
        "aws_db_subnet_group", C.NETWORK_SUBNET, "DB subnet group",
        shape=S.HIDDEN, placement=("subnet_ids",), arn=("rds", "subgrp"), free=True,
    ),
    Kind(
        "aws_elasticache_cluster", C.STORAGE_DATABASE, "ElastiCache cluster", icon=_DB + "ElastiCache",
        refs={
            "security_group_ids": R.NETWORK,
            "notification_topic_arn": R.DATA,
            "log_delivery_configuration.destination": R.LOGS,
            "replication_group_id": R.DEPENDS,
        },
        placement=("subnet_group_name",),
        target_relation=R.DATA,
        name_attr="cluster_id", arn=("elasticache", "cluster"), live=("elasticache:cluster",),
    ),
    Kind(
        "aws_elasticache_subnet_group", C.NETWORK_SUBNET, "ElastiCache subnet group",
        shape=S.HIDDEN, placement=("subnet_ids",), arn=("elasticache", "subnetgroup"), free=True,
    ),
    Kind(
        "aws_redshift_cluster", C.STORAGE_WAREHOUSE, "Redshift cluster", icon=_DB + "Redshift",
        refs={
            "vpc_security_group_ids": R.NETWORK,
            "kms_key_id": R.ENCRYPTS,
            "master_password_secret_kms_key_id": R.ENCRYPTS,
            "iam_roles": R.IAM,
            "default_iam_role_arn": R.IAM,
            "logging.bucket_name": R.LOGS,
        },
        placement=("cluster_subnet_group_name",),
        target_relation=R.DATA,
        defaults={"publicly_accessible": False, "enhanced_vpc_routing": False},  # publicly_accessible: since 5.0
        name_attr="cluster_identifier", arn=("redshift", "cluster"), live=("redshift:cluster",),
    ),
    Kind(
        "aws_redshift_subnet_group", C.NETWORK_SUBNET, "Redshift subnet group",
        shape=S.HIDDEN, placement=("subnet_ids",), arn=("redshift", "subnetgroup"), free=True,
    ),
    Kind(
        "aws_opensearch_domain", C.STORAGE_DATABASE, "OpenSearch domain", icon=_AN + "AmazonOpensearchService",
        refs={
            "vpc_options.security_group_ids": R.NETWORK,
            "encrypt_at_rest.kms_key_id": R.ENCRYPTS,
            "log_publishing_options.cloudwatch_log_group_arn": R.LOGS,
            "cognito_options.role_arn": R.IAM,
            "advanced_security_options.master_user_options.master_user_arn": R.IAM,
            "domain_endpoint_options.custom_endpoint_certificate_arn": R.ENCRYPTS,
        },
        placement=("vpc_options.subnet_ids",),
        target_relation=R.DATA,
        name_attr="domain_name", arn=("es", "domain"), live=("es:domain",),
    ),
    # --- queues and streams -----------------------------------------------------------------------------------
    Kind(
        "aws_sqs_queue", C.STORAGE_QUEUE, "SQS queue", icon=_INT + "SimpleQueueServiceSqsQueue",
        refs={"kms_master_key_id": R.ENCRYPTS, "redrive_policy": R.DATA},
        target_relation=R.DATA,
        arn=("sqs", ""), live=("sqs:queue",),
    ),
    Kind(
        "aws_sns_topic", C.STORAGE_QUEUE, "SNS topic", icon=_INT + "SimpleNotificationServiceSnsTopic",
        refs={
            "kms_master_key_id": R.ENCRYPTS,
            **{
                f"{protocol}_{outcome}_feedback_role_arn": R.IAM
                for protocol in ("application", "firehose", "http", "lambda", "sqs")
                for outcome in ("success", "failure")
            },
        },
        target_relation=R.DATA,
        arn=("sns", ""), live=("sns:topic",),
    ),
    Kind(
        "aws_kinesis_stream", C.STORAGE_QUEUE, "Kinesis data stream", icon=_AN + "KinesisDataStreams",
        refs={"kms_key_id": R.ENCRYPTS},
        target_relation=R.DATA,
        defaults={"encryption_type": "NONE"},
        arn=("kinesis", "stream"), live=("kinesis:stream",),
    ),
    Kind(
        "aws_kinesis_firehose_delivery_stream", C.STORAGE_QUEUE, "Data Firehose stream",
        icon=_AN + "KinesisDataFirehose",
        refs={
            "kinesis_source_configuration.kinesis_stream_arn": R.DATA,
            "kinesis_source_configuration.role_arn": R.IAM,
            "msk_source_configuration.msk_cluster_arn": R.DATA,
            "server_side_encryption.key_arn": R.ENCRYPTS,
            "extended_s3_configuration.bucket_arn": R.DATA,
            "extended_s3_configuration.role_arn": R.IAM,
            "extended_s3_configuration.kms_key_arn": R.ENCRYPTS,
            "extended_s3_configuration.s3_backup_configuration.bucket_arn": R.DATA,
            "extended_s3_configuration.cloudwatch_logging_options.log_group_name": R.LOGS,
            "extended_s3_configuration.processing_configuration.processors.parameters.parameter_value": R.INVOKES,
            "opensearch_configuration.domain_arn": R.DATA,
            "opensearch_configuration.role_arn": R.IAM,
            "redshift_configuration.role_arn": R.IAM,
            "http_endpoint_configuration.role_arn": R.IAM,
            "iceberg_configuration.role_arn": R.IAM,
            "snowflake_configuration.role_arn": R.IAM,
        },
        target_relation=R.DATA,
        arn=("firehose", "deliverystream"), live=("firehose:deliverystream",),
    ),
    # --- Glue and Athena ------------------------------------------------------------------------------------------
    Kind(
        "aws_glue_catalog_database", C.STORAGE_WAREHOUSE, "Glue catalog database", icon=_AN + "GlueDataCatalog",
        refs={"location_uri": R.DATA},
        target_relation=R.DATA,
        arn=("glue", "database"), live=("glue:database",),
    ),
    Kind(
        "aws_glue_job", C.COMPUTE_FUNCTION, "Glue job", icon=_AN + "Glue",
        refs={
            "role_arn": R.IAM,
            "command.script_location": R.DATA,
            "connections": R.NETWORK,
            "security_configuration": R.ENCRYPTS,
        },
        target_relation=R.INVOKES,
        arn=("glue", "job"), live=("glue:job",),
    ),
    Kind(
        "aws_glue_crawler", C.COMPUTE_FUNCTION, "Glue crawler", icon=_AN + "GlueCrawlers",
        refs={
            "role": R.IAM,
            "database_name": R.DATA,
            "s3_target.path": R.DATA,
            "catalog_target.database_name": R.DATA,
            "dynamodb_target.path": R.DATA,
            "jdbc_target.connection_name": R.NETWORK,
            "security_configuration": R.ENCRYPTS,
        },
        arn=("glue", "crawler"), live=("glue:crawler",),
    ),
    Kind(
        "aws_athena_workgroup", C.STORAGE_WAREHOUSE, "Athena workgroup", icon=_AN + "Athena",
        refs={
            "configuration.execution_role": R.IAM,
            "configuration.result_configuration.output_location": R.DATA,
            "configuration.result_configuration.encryption_configuration.kms_key_arn": R.ENCRYPTS,
        },
        arn=("athena", "workgroup"), live=("athena:workgroup",),
    ),
)
