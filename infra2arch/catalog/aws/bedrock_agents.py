"""Catalog records for Bedrock agents and knowledge bases with their vector stores (OpenSearch
Serverless) and the foundation models they invoke, in the hashicorp/aws provider and in awscc (Cloud
Control), which aws-ia modules use; SageMaker HyperPod clusters, which only awscc creates."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

_BEDROCK = "diagrams.aws.ml.Bedrock"
_AOSS = "diagrams.aws.analytics.AmazonOpensearchService"

KINDS: tuple[Kind, ...] = (
    # --- OpenSearch Serverless: the vector store behind knowledge bases ----------------------------
    Kind(
        "aws_opensearchserverless_collection", C.STORAGE_DATABASE, "OpenSearch Serverless collection", icon=_AOSS,
        target_relation=R.DATA, defaults={"standby_replicas": "ENABLED"},
        arn=("aoss", "collection"), live=("aoss:collection",),
    ),
    # access policies grant principals data access (IAM edges); security policies decide encryption
    # and public network access (read by findings); neither is a thing on the map
    Kind(
        "aws_opensearchserverless_access_policy", C.IAM_BINDING, "OpenSearch Serverless access policy",
        refs={"policy": R.IAM}, live=("aoss:access-policy",), free=True,
    ),
    Kind(
        "aws_opensearchserverless_security_policy", C.NETWORK_FIREWALL, "OpenSearch Serverless security policy",
        live=("aoss:security-policy",), free=True,
    ),
    Kind(
        "aws_opensearchserverless_lifecycle_policy", C.STORAGE_CONFIG, "OpenSearch Serverless lifecycle policy",
        shape=S.HIDDEN, free=True,
    ),
    Kind(
        "aws_opensearchserverless_vpc_endpoint", C.NETWORK_PRIVATE_ENDPOINT, "OpenSearch Serverless VPC endpoint",
        icon="diagrams.aws.network.Endpoint",
        refs={"security_group_ids": R.NETWORK},
        placement=("subnet_ids", "vpc_id"), target_relation=R.NETWORK,
        live=("aoss:vpc-endpoint",),
    ),
    # --- Bedrock agents (hashicorp/aws): parts that fold into the agent or knowledge base ----------
    Kind(
        "aws_bedrockagent_data_source", C.ML_DATASET, "Bedrock knowledge base data source",
        shape=S.FOLD, parent="knowledge_base_id",
        bridge=("knowledge_base_id", "data_source_configuration.s3_configuration.bucket_arn", R.DATA),
        refs={"data_source_configuration.s3_configuration.bucket_arn": R.DATA,
              "server_side_encryption_configuration.kms_key_arn": R.ENCRYPTS},
        live=("bedrock-agent:data-source",),
    ),
    Kind(
        "aws_bedrockagent_agent_action_group", C.ML_CONFIG, "Bedrock agent action group",
        shape=S.FOLD, parent="agent_id",
        bridge=("agent_id", "action_group_executor.lambda", R.INVOKES),
        refs={"action_group_executor.lambda": R.INVOKES},
        name_attr="action_group_name", free=True,
    ),
    Kind(
        "aws_bedrockagent_agent_alias", C.ML_CONFIG, "Bedrock agent alias",
        shape=S.FOLD, parent="agent_id", name_attr="agent_alias_name", free=True,
        arn=("bedrock", "agent-alias"),
    ),
    Kind(
        "aws_bedrockagent_agent_knowledge_base_association", C.ML_CONFIG, "Bedrock agent knowledge base",
        shape=S.FOLD, parent="agent_id", bridge=("agent_id", "knowledge_base_id", R.DATA),
        name_attr=None, free=True,
    ),
    Kind(
        "aws_bedrockagent_agent_collaborator", C.ML_CONFIG, "Bedrock agent collaborator",
        shape=S.FOLD, parent="agent_id", bridge=("agent_id", "agent_descriptor.alias_arn", R.INVOKES),
        name_attr="collaborator_name", free=True,
    ),
    # --- the same in awscc ---------------------------------------------------------------------------
    Kind(
        "awscc_bedrock_agent", C.ML_ENDPOINT, "Bedrock agent", icon=_BEDROCK,
        refs={
            "agent_resource_role_arn": R.IAM,
            "customer_encryption_key_arn": R.ENCRYPTS,
            "foundation_model": R.INVOKES,
            "knowledge_bases.knowledge_base_id": R.DATA,
            "action_groups.action_group_executor.lambda": R.INVOKES,
            "guardrail_configuration.guardrail_identifier": R.DEPENDS,
        },
        target_relation=R.INVOKES, name_attr="agent_name",
    ),
    Kind(
        "awscc_bedrock_agent_alias", C.ML_CONFIG, "Bedrock agent alias",
        shape=S.FOLD, parent="agent_id", name_attr="agent_alias_name", free=True,
    ),
    Kind(
        "awscc_bedrock_knowledge_base", C.ML_INDEX, "Bedrock knowledge base", icon=_BEDROCK,
        refs={
            "role_arn": R.IAM,
            "knowledge_base_configuration.vector_knowledge_base_configuration.embedding_model_arn": R.INVOKES,
            "storage_configuration.opensearch_serverless_configuration.collection_arn": R.DATA,
            "storage_configuration.rds_configuration.resource_arn": R.DATA,
            "storage_configuration.rds_configuration.credentials_secret_arn": R.DATA,
        },
        target_relation=R.DATA,
    ),
    Kind(
        "awscc_bedrock_data_source", C.ML_DATASET, "Bedrock knowledge base data source",
        shape=S.FOLD, parent="knowledge_base_id",
        bridge=("knowledge_base_id", "data_source_configuration.s3_configuration.bucket_arn", R.DATA),
        refs={"data_source_configuration.s3_configuration.bucket_arn": R.DATA,
              "server_side_encryption_configuration.kms_key_arn": R.ENCRYPTS},
    ),
    Kind(
        "awscc_bedrock_guardrail", C.ML_CONFIG, "Bedrock guardrail", icon=_BEDROCK,
        refs={"kms_key_arn": R.ENCRYPTS},
    ),
    Kind(
        "awscc_bedrock_prompt", C.ML_CONFIG, "Bedrock prompt", icon=_BEDROCK,
        refs={"customer_encryption_key_arn": R.ENCRYPTS}, free=True,
    ),
    Kind(
        # a model Bedrock serves (read by a data source): what agents and knowledge bases invoke.
        # Free itself; the invocations bill on the caller's account by tokens
        "aws_bedrock_foundation_model", C.ML_ENDPOINT, "Bedrock foundation model", icon=_BEDROCK,
        target_relation=R.INVOKES, name_attr="model_id",
        arn=("bedrock", "foundation-model"), live=("bedrock:foundation-model",), free=True,
    ),
    Kind(
        # SageMaker HyperPod through Cloud Control (the same shape as the live sagemaker_hyperpod_cluster)
        "awscc_sagemaker_cluster", C.ML_COMPUTE, "SageMaker HyperPod cluster", icon="diagrams.aws.ml.Sagemaker",
        refs={
            "instance_groups.execution_role": R.IAM,
            "instance_groups.life_cycle_config.source_s3_uri": R.DATA,
            "vpc_config.security_group_ids": R.NETWORK,
            "orchestrator.eks.cluster_arn": R.DEPENDS,
        },
        # awscc writes nested settings as object attributes (vpc_config = {...}): a reference inside one
        # is read at the attribute itself, so the placement is the whole vpc_config (its subnets)
        placement=("vpc_config.subnets", "vpc_config"),
        name_attr="cluster_name",
    ),
    # immutable snapshots of a guardrail or prompt that agents pin: configuration of what they snapshot
    Kind(
        "aws_bedrock_guardrail_version", C.ML_CONFIG, "Bedrock guardrail version",
        shape=S.FOLD, parent="guardrail_arn", name_attr=None, free=True,
    ),
    Kind(
        "awscc_bedrock_guardrail_version", C.ML_CONFIG, "Bedrock guardrail version",
        shape=S.FOLD, parent="guardrail_identifier", name_attr=None, free=True,
    ),
    Kind(
        "awscc_bedrock_prompt_version", C.ML_CONFIG, "Bedrock prompt version",
        shape=S.FOLD, parent="prompt_arn", name_attr=None, free=True,
    ),
    Kind(
        "awscc_s3_bucket", C.STORAGE_OBJECT, "S3 bucket", icon="diagrams.aws.storage.SimpleStorageServiceS3Bucket",
        target_relation=R.DATA, name_attr="bucket_name",
    ),
)
