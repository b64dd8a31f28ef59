"""Catalog records for Azure Machine Learning, AI Foundry, Azure AI services and AI Search (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_WORKSPACE = "diagrams.azure.ml.MachineLearningServiceWorkspaces"
_AML = "diagrams.azure.aimachinelearning.MachineLearning"
_RG = ("resource_group_name",)
_MLS = "Microsoft.MachineLearningServices:workspaces"
# live objects are "<ARM namespace>:<resource type path>"; records sharing one ARM type are told
# apart by "#<kind or computeType>" (AI Foundry hubs and projects are workspaces of kind Hub/Project).

KINDS: tuple[Kind, ...] = (
    # --- workspaces ----------------------------------------------------------------------------
    Kind(
        "azurerm_machine_learning_workspace",
        Category.ML_WORKSPACE,
        label="Azure ML workspace",
        icon=_WORKSPACE,
        refs={
            "application_insights_id": Relation.LOGS,
            # the workspace keeps its connection secrets in this vault (not a CMK reference)
            "key_vault_id": Relation.DATA,
            "storage_account_id": Relation.DATA,
            "container_registry_id": Relation.DATA,
            "encryption.key_vault_id": Relation.ENCRYPTS,
            "encryption.key_id": Relation.ENCRYPTS,
            "encryption.user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "primary_user_assigned_identity": Relation.IAM,
            "serverless_compute.subnet_id": Relation.NETWORK,
        },
        placement=_RG,
        defaults={
            "public_network_access_enabled": True,  # azurerm 4.x default (zones.md)
            "high_business_impact": False,
            "v1_legacy_mode_enabled": False,
            "managed_network.isolation_mode": "Disabled",
            "sku_name": "Basic",
        },
        live=(_MLS,),
        free=True,  # the workspace itself is not billed; its compute and dependencies are
    ),
    Kind(
        "azurerm_ai_foundry",
        Category.ML_WORKSPACE,
        label="AI Foundry hub",
        icon="diagrams.azure.aimachinelearning.AIStudio",
        refs={
            "application_insights_id": Relation.LOGS,
            "key_vault_id": Relation.DATA,
            "storage_account_id": Relation.DATA,
            "container_registry_id": Relation.DATA,
            "encryption.key_vault_id": Relation.ENCRYPTS,
            "encryption.key_id": Relation.ENCRYPTS,
            "encryption.user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "primary_user_assigned_identity": Relation.IAM,
        },
        placement=_RG,
        defaults={
            "public_network_access": "Enabled",
            "high_business_impact_enabled": False,
            "managed_network.isolation_mode": "Disabled",
        },
        live=(f"{_MLS}#Hub",),
        free=True,
    ),
    Kind(
        "azurerm_ai_foundry_project",
        Category.ML_WORKSPACE,
        label="AI Foundry project",
        icon="diagrams.azure.aimachinelearning.AIStudio",
        refs={
            "ai_services_hub_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
            "primary_user_assigned_identity": Relation.IAM,
        },
        defaults={"high_business_impact_enabled": False},
        live=(f"{_MLS}#Project",),
        free=True,
    ),
    # --- compute -------------------------------------------------------------------------------
    # No subnet_resource_id: the compute runs in the provider-managed plane (zones.md).
    Kind(
        "azurerm_machine_learning_compute_instance",
        Category.ML_NOTEBOOK,
        label="Azure ML compute instance",
        icon="diagrams.azure.compute.VM",
        refs={
            "machine_learning_workspace_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=("subnet_resource_id",),
        defaults={"node_public_ip_enabled": True, "local_auth_enabled": True},
        live=(f"{_MLS}/computes#ComputeInstance",),
    ),
    Kind(
        "azurerm_machine_learning_compute_cluster",
        Category.ML_COMPUTE,
        label="Azure ML compute cluster",
        icon="diagrams.azure.compute.VMScaleSets",
        refs={
            "machine_learning_workspace_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=("subnet_resource_id",),
        defaults={
            "node_public_ip_enabled": True,
            "local_auth_enabled": True,
            "ssh_public_access_enabled": False,  # 4.x default (3.x: computed)
        },
        live=(f"{_MLS}/computes#AmlCompute",),
    ),
    Kind(
        "azurerm_machine_learning_inference_cluster",
        Category.ML_COMPUTE,
        label="Azure ML inference cluster (AKS)",
        icon="diagrams.azure.compute.KubernetesServices",
        refs={
            "machine_learning_workspace_id": Relation.DEPENDS,
            "kubernetes_cluster_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
        },
        defaults={"cluster_purpose": "FastProd"},
        live=(f"{_MLS}/computes#AKS",),
    ),
    Kind(
        "azurerm_machine_learning_synapse_spark",
        Category.ML_COMPUTE,
        label="Azure ML Synapse Spark compute",
        icon="diagrams.azure.analytics.AzureSynapseAnalytics",
        refs={
            "machine_learning_workspace_id": Relation.DEPENDS,
            "synapse_spark_pool_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
        },
        defaults={"local_auth_enabled": True},
        live=(f"{_MLS}/computes#SynapseSpark",),
    ),
    # --- datastores ----------------------------------------------------------------------------
    Kind(
        "azurerm_machine_learning_datastore_blobstorage",
        Category.ML_DATASET,
        label="Azure ML datastore (Blob)",
        icon="diagrams.azure.storage.BlobStorage",
        refs={"workspace_id": Relation.DEPENDS, "storage_container_id": Relation.DATA},
        target_relation=Relation.DATA,
        live=(f"{_MLS}/datastores#AzureBlob",),
        free=True,
    ),
    Kind(
        "azurerm_machine_learning_datastore_datalake_gen2",
        Category.ML_DATASET,
        label="Azure ML datastore (ADLS Gen2)",
        icon="diagrams.azure.storage.DataLakeStorage",
        refs={"workspace_id": Relation.DEPENDS, "storage_container_id": Relation.DATA},
        target_relation=Relation.DATA,
        live=(f"{_MLS}/datastores#AzureDataLakeGen2",),
        free=True,
    ),
    Kind(
        "azurerm_machine_learning_datastore_fileshare",
        Category.ML_DATASET,
        label="Azure ML datastore (File share)",
        icon="diagrams.azure.storage.AzureFileshares",
        refs={"workspace_id": Relation.DEPENDS, "storage_fileshare_id": Relation.DATA},
        target_relation=Relation.DATA,
        live=(f"{_MLS}/datastores#AzureFile",),
        free=True,
    ),
    # --- Azure AI services ---------------------------------------------------------------------
    Kind(
        "azurerm_ai_services",  # deprecated in 4.x in favour of azurerm_cognitive_account
        Category.ML_ENDPOINT,
        label="Azure AI services",
        icon="diagrams.azure.aimachinelearning.CognitiveServices",
        refs={
            "network_acls.virtual_network_rules.subnet_id": Relation.NETWORK,
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.managed_hsm_key_id": Relation.ENCRYPTS,
            "customer_managed_key.identity_client_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "storage.storage_account_id": Relation.DATA,
        },
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={
            "public_network_access": "Enabled",
            "local_authentication_enabled": True,
            "outbound_network_access_restricted": False,
        },
        live=("Microsoft.CognitiveServices:accounts#AIServices",),
    ),
    Kind(
        "azurerm_cognitive_account",
        Category.ML_ENDPOINT,
        label="Azure AI / OpenAI account",
        icon="diagrams.azure.aimachinelearning.CognitiveServices",
        refs={
            "network_acls.virtual_network_rules.subnet_id": Relation.NETWORK,
            "network_injection.subnet_id": Relation.NETWORK,  # agent client subnet
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.identity_client_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "storage.storage_account_id": Relation.DATA,
        },
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={
            "public_network_access_enabled": True,
            "local_auth_enabled": True,
            "outbound_network_access_restricted": False,
        },
        live=("Microsoft.CognitiveServices:accounts",),
    ),
    Kind(
        "azurerm_cognitive_account_customer_managed_key",  # CMK set apart from the account (AVM, 3.x/4.x)
        Category.SECURITY_KEY,
        label="Customer-managed key (AI account)",
        shape=Shape.FOLD,
        refs={"key_vault_key_id": Relation.ENCRYPTS, "managed_hsm_key_id": Relation.ENCRYPTS,
              "identity_client_id": Relation.IAM},
        parent="cognitive_account_id",
        name_attr=None,
        free=True,
    ),
    # --- a workspace's managed virtual network: what its outbound rules let out ------------------
    Kind(
        "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
        Category.NETWORK_FIREWALL,
        label="Managed network outbound rule (FQDN)",
        shape=Shape.FOLD,
        parent="workspace_id",
        free=True,
    ),
    Kind(
        "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
        Category.NETWORK_FIREWALL,
        label="Managed network outbound rule (private endpoint)",
        shape=Shape.FOLD,
        # the managed network reaches the target through a private endpoint Azure makes for it
        refs={"service_resource_id": Relation.NETWORK},
        parent="workspace_id",
        bridge=("workspace_id", "service_resource_id", Relation.NETWORK),
        free=False,
    ),
    Kind(
        "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
        Category.NETWORK_FIREWALL,
        label="Managed network outbound rule (service tag)",
        shape=Shape.FOLD,
        parent="workspace_id",
        free=True,
    ),
    Kind(
        "azureml_outbound_rule",   # a live rule of a kind the adapter does not know (kept, never dropped)
        Category.NETWORK_FIREWALL,
        label="Managed network outbound rule",
        shape=Shape.FOLD,
        parent="workspace_id",
        free=True,
        live=(f"{_MLS}/outboundRules",),
    ),
    Kind(
        "azurerm_cognitive_deployment",
        Category.ML_DEPLOYMENT,
        label="Model deployment",
        shape=Shape.FOLD,
        icon="diagrams.azure.aimachinelearning.AzureOpenai",
        parent="cognitive_account_id",
        live=("Microsoft.CognitiveServices:accounts/deployments",),
    ),
    Kind(
        "azurerm_search_service",
        Category.ML_INDEX,
        label="Azure AI Search",
        icon="diagrams.azure.aimachinelearning.CognitiveSearch",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "local_authentication_enabled": True,
            "customer_managed_key_enforcement_enabled": False,
        },
        live=("Microsoft.Search:searchServices",),
    ),
    # --- live-only objects (no azurerm resource; attribute names are the API's, snake_cased) ---
    Kind(
        "azureml_online_endpoint",
        Category.ML_ENDPOINT,
        label="Azure ML online endpoint",
        icon=_AML,
        refs={"workspace_id": Relation.DEPENDS, "identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={"public_network_access": "Enabled", "auth_mode": "Key"},
        live=(f"{_MLS}/onlineEndpoints",),
    ),
    Kind(
        "azureml_online_deployment",
        Category.ML_DEPLOYMENT,
        label="Azure ML online deployment",
        shape=Shape.FOLD,
        icon=_AML,
        refs={"environment_id": Relation.DEPENDS},
        parent="endpoint_id",
        bridge=("endpoint_id", "model_id", Relation.DATA),
        defaults={"egress_public_network_access": "Enabled"},
        live=(f"{_MLS}/onlineEndpoints/deployments",),
    ),
    Kind(
        "azureml_batch_endpoint",
        Category.ML_ENDPOINT,
        label="Azure ML batch endpoint",
        icon=_AML,
        refs={"workspace_id": Relation.DEPENDS, "default_deployment_model_id": Relation.DATA},
        placement=_RG,
        target_relation=Relation.INVOKES,
        live=(f"{_MLS}/batchEndpoints",),
    ),
    Kind(
        "azureml_batch_deployment",
        Category.ML_DEPLOYMENT,
        label="Azure ML batch deployment",
        shape=Shape.FOLD,
        icon=_AML,
        refs={"environment_id": Relation.DEPENDS, "compute_id": Relation.DEPENDS},
        parent="endpoint_id",
        bridge=("endpoint_id", "model_id", Relation.DATA),
        live=(f"{_MLS}/batchEndpoints/deployments",),
    ),
    Kind(
        "azureml_attached_compute",  # VirtualMachine, Databricks, HDInsight, DataFactory … attached to a workspace
        Category.ML_COMPUTE,
        label="Azure ML attached compute",
        icon=_AML,
        refs={"machine_learning_workspace_id": Relation.DEPENDS, "resource_id": Relation.DEPENDS,
              "identity.identity_ids": Relation.IAM},
        live=(f"{_MLS}/computes",),
    ),
    Kind(
        "azureml_workspace_connection",  # a workspace's (or AI Foundry hub's) connection to Azure OpenAI, Search …
        Category.ML_CONFIG,
        label="Azure ML workspace connection",
        shape=Shape.FOLD,
        parent="workspace_id",
        # no bridge: the target's own relation applies (Azure OpenAI invoked, Search and storage read)
        live=(f"{_MLS}/connections",),
        free=True,
    ),
    Kind(
        "azureml_datastore",  # datastore types with no azurerm resource (OneLake, HDFS, Azure Data Lake Gen1)
        Category.ML_DATASET,
        label="Azure ML datastore",
        icon=_AML,
        refs={"workspace_id": Relation.DEPENDS},
        target_relation=Relation.DATA,
        live=(f"{_MLS}/datastores",),
        free=True,
    ),
    Kind(
        "azureml_model",
        Category.ML_MODEL,
        label="Azure ML model",
        icon=_AML,
        refs={
            "workspace_id": Relation.DEPENDS,
            "registry_id": Relation.DEPENDS,
            "path": Relation.DATA,  # azureml:// or https://<account>.blob... artifact URI
        },
        placement=_RG,
        target_relation=Relation.DATA,
        live=(f"{_MLS}/models",),
    ),
    Kind(
        "azureml_job",
        Category.ML_TRAINING,
        label="Azure ML job",
        icon=_AML,
        refs={
            "workspace_id": Relation.DEPENDS,
            "compute_id": Relation.DEPENDS,
            "environment_id": Relation.DEPENDS,
            "identity.identity_ids": Relation.IAM,
            "inputs": Relation.DATA,
            "outputs": Relation.DATA,
        },
        placement=_RG,
        live=(f"{_MLS}/jobs",),
    ),
    Kind(
        "azureml_registry",
        Category.ML_REGISTRY,
        label="Azure ML registry",
        icon=_AML,
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"public_network_access": "Enabled"},
        live=("Microsoft.MachineLearningServices:registries",),
    ),
    Kind(
        "azurerm_cognitive_account_rai_policy",  # content filters of an Azure OpenAI account
        Category.ML_CONFIG,
        label="Content filter policy",
        shape=Shape.FOLD,
        parent="cognitive_account_id",
        live=("Microsoft.CognitiveServices:accounts/raiPolicies",),
        free=True,
    ),
    Kind(
        "azurerm_cognitive_account_rai_blocklist",
        Category.ML_CONFIG,
        label="Content filter blocklist",
        shape=Shape.FOLD,
        parent="cognitive_account_id",
        live=("Microsoft.CognitiveServices:accounts/raiBlocklists",),
        free=True,
    ),
    Kind(
        # AI Search indexers reaching storage, Cosmos DB or Azure OpenAI over Private Link
        "azurerm_search_shared_private_link_service",
        Category.NETWORK_PRIVATE_ENDPOINT,
        label="Shared private link",
        shape=Shape.FOLD,
        parent="search_service_id",
        bridge=("search_service_id", "target_resource_id", Relation.NETWORK),
        live=("Microsoft.Search:searchServices/sharedPrivateLinkResources",),
    ),
)
