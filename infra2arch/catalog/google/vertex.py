"""Catalog records for Vertex AI, Workbench, legacy notebooks and Colab Enterprise (hashicorp/google 6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_VERTEX = "diagrams.gcp.ml.VertexAI"
_NOTEBOOK = "diagrams.gcp.analytics.Datalab"
_CMEK = {"encryption_spec.kms_key_name": Relation.ENCRYPTS}

KINDS: tuple[Kind, ...] = (
    # --- serving -------------------------------------------------------------------------------
    # No `network` and no `private_service_connect_config` means a public endpoint in the
    # provider-managed plane (zones.md); nothing to default, the absence is the signal.
    Kind(
        "google_vertex_ai_endpoint",
        Category.ML_ENDPOINT,
        label="Vertex AI endpoint",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "private_service_connect_config.psc_automation_configs.network": Relation.NETWORK,
            # computed, present in plan/state and live scans
            "deployed_models.model": Relation.DATA,
            "deployed_models.service_account": Relation.IAM,
            "deployed_models.shared_resources": Relation.DEPENDS,
        },
        placement=("network",),
        target_relation=Relation.INVOKES,
        live=("aiplatform:endpoints",),
    ),
    Kind(
        "google_vertex_ai_endpoint_with_model_garden_deployment",
        Category.ML_ENDPOINT,
        label="Vertex AI Model Garden deployment",
        icon=_VERTEX,
        refs={
            "endpoint_config.private_service_connect_config.psc_automation_configs.network": Relation.NETWORK,
            "model_config.container_spec.image_uri": Relation.DATA,
        },
        target_relation=Relation.INVOKES,
        name_attr="endpoint",
        # a live scan sees an ordinary endpoint (aiplatform:endpoints); no separate live object
    ),
    Kind(
        "google_vertex_ai_deployment_resource_pool",
        Category.ML_COMPUTE,
        label="Vertex AI deployment resource pool",
        icon=_VERTEX,
        refs={**_CMEK, "service_account": Relation.IAM},
        live=("aiplatform:deploymentResourcePools",),
    ),
    # --- data and features ---------------------------------------------------------------------
    Kind(
        "google_vertex_ai_dataset",
        Category.ML_DATASET,
        label="Vertex AI dataset",
        icon=_VERTEX,
        refs=dict(_CMEK),
        target_relation=Relation.DATA,
        name_attr="display_name",
        live=("aiplatform:datasets",),
    ),
    Kind(
        "google_vertex_ai_featurestore",
        Category.ML_FEATURE_STORE,
        label="Vertex AI featurestore (legacy)",
        icon=_VERTEX,
        refs=dict(_CMEK),
        target_relation=Relation.DATA,
        live=("aiplatform:featurestores",),
    ),
    Kind(
        "google_vertex_ai_featurestore_entitytype",
        Category.ML_FEATURE_STORE,
        label="Featurestore entity type",
        shape=Shape.FOLD,
        icon=_VERTEX,
        parent="featurestore",
        target_relation=Relation.DATA,
        live=("aiplatform:featurestores.entityTypes",),
        free=True,
    ),
    Kind(
        "google_vertex_ai_featurestore_entitytype_feature",
        Category.ML_FEATURE_STORE,
        label="Featurestore feature",
        shape=Shape.FOLD,
        parent="entitytype",  # folds into the entity type, which folds into the featurestore
        target_relation=Relation.DATA,
        live=("aiplatform:featurestores.entityTypes.features",),
        free=True,
    ),
    Kind(
        "google_vertex_ai_feature_online_store",
        Category.ML_FEATURE_STORE,
        label="Vertex AI feature online store",
        icon=_VERTEX,
        refs=dict(_CMEK),
        target_relation=Relation.DATA,
        live=("aiplatform:featureOnlineStores",),
    ),
    Kind(
        "google_vertex_ai_feature_online_store_featureview",
        Category.ML_FEATURE_STORE,
        label="Feature view",
        shape=Shape.FOLD,
        icon=_VERTEX,
        refs={
            "big_query_source.uri": Relation.DATA,  # bq://project.dataset.table
            "feature_registry_source.feature_groups.feature_group_id": Relation.DATA,
        },
        parent="feature_online_store",
        target_relation=Relation.DATA,
        live=("aiplatform:featureOnlineStores.featureViews",),
    ),
    Kind(
        "google_vertex_ai_feature_group",
        Category.ML_FEATURE_STORE,
        label="Vertex AI feature group",
        icon=_VERTEX,
        refs={"big_query.big_query_source.input_uri": Relation.DATA},
        target_relation=Relation.DATA,
        live=("aiplatform:featureGroups",),
    ),
    Kind(
        "google_vertex_ai_feature_group_feature",
        Category.ML_FEATURE_STORE,
        label="Feature group feature",
        shape=Shape.FOLD,
        parent="feature_group",
        target_relation=Relation.DATA,
        live=("aiplatform:featureGroups.features",),
        free=True,
    ),
    # --- vector search -------------------------------------------------------------------------
    Kind(
        "google_vertex_ai_index",
        Category.ML_INDEX,
        label="Vertex AI vector index",
        icon=_VERTEX,
        refs={**_CMEK, "metadata.contents_delta_uri": Relation.DATA},
        target_relation=Relation.DATA,
        name_attr="display_name",
        live=("aiplatform:indexes",),
    ),
    Kind(
        "google_vertex_ai_index_endpoint",
        Category.ML_INDEX,
        label="Vertex AI index endpoint",
        icon=_VERTEX,
        refs=dict(_CMEK),
        placement=("network",),
        target_relation=Relation.INVOKES,
        defaults={"public_endpoint_enabled": False},
        name_attr="display_name",
        live=("aiplatform:indexEndpoints",),
    ),
    Kind(
        "google_vertex_ai_index_endpoint_deployed_index",
        Category.ML_INDEX,
        label="Deployed index",
        shape=Shape.FOLD,
        icon=_VERTEX,
        refs={
            "reserved_ip_ranges": Relation.NETWORK,  # names of google_compute_global_address ranges
            "deployed_index_auth_config.auth_provider.allowed_issuers": Relation.IAM,
        },
        parent="index_endpoint",
        bridge=("index_endpoint", "index", Relation.DATA),
        defaults={"enable_access_logging": False},
        name_attr="deployed_index_id",
        live=("aiplatform:indexEndpoints.deployedIndexes",),
    ),
    # --- tracking and configuration ------------------------------------------------------------
    Kind(
        "google_vertex_ai_tensorboard",
        Category.ML_MONITORING,
        label="Vertex AI TensorBoard",
        icon=_VERTEX,
        refs=dict(_CMEK),
        target_relation=Relation.LOGS,
        name_attr="display_name",
        live=("aiplatform:tensorboards",),
    ),
    Kind(
        "google_vertex_ai_metadata_store",
        Category.ML_WORKSPACE,
        label="Vertex AI metadata store",
        icon=_VERTEX,
        refs=dict(_CMEK),
        target_relation=Relation.DATA,
        live=("aiplatform:metadataStores",),
    ),
    Kind(
        "google_vertex_ai_cache_config",
        Category.ML_CONFIG,
        label="Vertex AI GenAI cache config",
        shape=Shape.HIDDEN,
        name_attr=None,
        live=("aiplatform:cacheConfig",),
        free=True,
    ),
    # --- notebooks -----------------------------------------------------------------------------
    Kind(
        "google_notebooks_instance",
        Category.ML_NOTEBOOK,
        label="Notebooks instance (legacy)",
        icon=_NOTEBOOK,
        refs={"service_account": Relation.IAM, "kms_key": Relation.ENCRYPTS},
        placement=("subnet", "network"),
        defaults={"no_public_ip": False, "no_proxy_access": False, "disk_encryption": "GMEK"},
        live=("notebooks.v1:instances",),
    ),
    Kind(
        "google_notebooks_runtime",
        Category.ML_NOTEBOOK,
        label="Managed notebooks runtime (legacy)",
        icon=_NOTEBOOK,
        refs={"virtual_machine.virtual_machine_config.encryption_config.kms_key": Relation.ENCRYPTS},
        placement=(
            "virtual_machine.virtual_machine_config.subnet",
            "virtual_machine.virtual_machine_config.network",
        ),
        defaults={"virtual_machine.virtual_machine_config.internal_ip_only": False},
        live=("notebooks.v1:runtimes",),
    ),
    Kind(
        "google_workbench_instance",
        Category.ML_NOTEBOOK,
        label="Vertex AI Workbench instance",
        icon=_NOTEBOOK,
        refs={
            "gce_setup.service_accounts.email": Relation.IAM,
            "gce_setup.boot_disk.kms_key": Relation.ENCRYPTS,
            "gce_setup.data_disks.kms_key": Relation.ENCRYPTS,
        },
        placement=("gce_setup.network_interfaces.subnet", "gce_setup.network_interfaces.network"),
        defaults={
            "gce_setup.disable_public_ip": False,
            "disable_proxy_access": False,
            "gce_setup.enable_ip_forwarding": False,
            "gce_setup.boot_disk.disk_encryption": "GMEK",
            "gce_setup.data_disks.disk_encryption": "GMEK",
        },
        live=("notebooks:instances",),
    ),
    Kind(
        "google_colab_runtime_template",
        Category.ML_CONFIG,
        label="Colab Enterprise runtime template",
        icon=_NOTEBOOK,
        refs=dict(_CMEK),
        placement=("network_spec.subnetwork", "network_spec.network"),
        name_attr="display_name",
        live=("aiplatform:notebookRuntimeTemplates",),
        free=True,
    ),
    Kind(
        "google_colab_runtime",
        Category.ML_NOTEBOOK,
        label="Colab Enterprise runtime",
        icon=_NOTEBOOK,
        refs={"notebook_runtime_template_ref.notebook_runtime_template": Relation.DEPENDS},
        # placed through its template, which carries the network settings
        placement=("notebook_runtime_template_ref.notebook_runtime_template",),
        name_attr="display_name",
        live=("aiplatform:notebookRuntimes",),
    ),
    # --- live-only objects (no Terraform resource; attribute names are the API's, snake_cased) --
    Kind(
        "vertex_model",
        Category.ML_MODEL,
        label="Vertex AI model",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "artifact_uri": Relation.DATA,
            "container_spec.image_uri": Relation.DATA,
        },
        target_relation=Relation.DATA,
        live=("aiplatform:models",),
    ),
    Kind(
        "vertex_deployed_model",
        Category.ML_DEPLOYMENT,
        label="Vertex AI deployed model",
        shape=Shape.FOLD,
        icon=_VERTEX,
        refs={"service_account": Relation.IAM, "shared_resources": Relation.DEPENDS},
        parent="endpoint",
        bridge=("endpoint", "model", Relation.DATA),
        defaults={"enable_access_logging": False, "enable_container_logging": False},
        live=("aiplatform:endpoints.deployedModels",),
    ),
    Kind(
        "vertex_training_pipeline",
        Category.ML_TRAINING,
        label="Vertex AI training pipeline",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "input_data_config.dataset_id": Relation.DATA,
            "input_data_config.gcs_destination.output_uri_prefix": Relation.DATA,
            "model_to_upload.artifact_uri": Relation.DATA,
        },
        live=("aiplatform:trainingPipelines",),
    ),
    Kind(
        "vertex_custom_job",
        Category.ML_TRAINING,
        label="Vertex AI custom job",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "job_spec.service_account": Relation.IAM,
            "job_spec.base_output_directory.output_uri_prefix": Relation.DATA,
            "job_spec.worker_pool_specs.container_spec.image_uri": Relation.DATA,
            "job_spec.tensorboard": Relation.LOGS,
        },
        placement=("job_spec.network",),
        defaults={"job_spec.enable_web_access": False},
        live=("aiplatform:customJobs",),
    ),
    # --- Agent Engine, Model Armor and Vertex AI Search (Agent Builder) ------------------------
    Kind(
        "google_vertex_ai_reasoning_engine",  # Agent Engine: a deployed agent served by Vertex AI
        Category.ML_ENDPOINT,
        label="Vertex AI Agent Engine",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "spec.service_account": Relation.IAM,
            # PSC interface: the agent's egress into a subnet of the customer's VPC
            "spec.deployment_spec.psc_interface_config.network_attachment": Relation.NETWORK,
            "spec.deployment_spec.secret_env.secret_ref.secret": Relation.DATA,
            "spec.package_spec.pickle_object_gcs_uri": Relation.DATA,
            "spec.package_spec.dependency_files_gcs_uri": Relation.DATA,
            "spec.package_spec.requirements_gcs_uri": Relation.DATA,
        },
        target_relation=Relation.INVOKES,
        name_attr="display_name",
        live=("aiplatform:reasoningEngines",),
    ),
    Kind(
        "google_model_armor_template",  # prompt/response screening (RAI, jailbreak, sensitive data)
        Category.ML_CONFIG,
        label="Model Armor template",
        icon="diagrams.gcp.network.Armor",
        name_attr="template_id",
        live=("modelarmor:templates",),
        free=True,
    ),
    Kind(
        "google_model_armor_floorsetting",  # the minimum screening every template must apply
        Category.ML_CONFIG,
        label="Model Armor floor setting",
        icon="diagrams.gcp.network.Armor",
        name_attr=None,
        live=("modelarmor:floorSetting",),
        free=True,
    ),
    Kind(
        "google_discovery_engine_data_store",  # Vertex AI Search data store (documents, sites, tables)
        Category.ML_INDEX,
        label="Vertex AI Search data store",
        icon=_VERTEX,
        refs={"kms_key_name": Relation.ENCRYPTS},
        target_relation=Relation.DATA,
        name_attr="data_store_id",
        live=("discoveryengine:dataStores",),
    ),
    Kind(
        "google_discovery_engine_search_engine",  # a Vertex AI Search app over data stores
        Category.ML_INDEX,
        label="Vertex AI Search app",
        icon=_VERTEX,
        refs={"data_store_ids": Relation.DATA},
        target_relation=Relation.INVOKES,
        name_attr="engine_id",
        live=("discoveryengine:engines",),
    ),
    Kind(
        "google_document_ai_processor",  # a Google-managed document model (OCR, form parser) called by its API
        Category.ML_ENDPOINT,
        label="Document AI processor",
        icon="diagrams.gcp.ml.VisionAPI",
        refs={"kms_key_name": Relation.ENCRYPTS},
        target_relation=Relation.INVOKES,
        name_attr="display_name",
        live=("documentai:processors",),
    ),
    Kind(
        "google_document_ai_processor_default_version",
        Category.ML_CONFIG,
        label="Document AI processor default version",
        shape=Shape.FOLD,
        parent="processor",
        name_attr=None,
        free=True,
    ),
    Kind(
        "vertex_persistent_resource",
        Category.ML_COMPUTE,
        label="Vertex AI persistent resource",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "resource_runtime_spec.service_account_spec.service_account": Relation.IAM,
            "reserved_ip_ranges": Relation.NETWORK,
        },
        placement=("network",),
        live=("aiplatform:persistentResources",),
    ),
    Kind(
        "vertex_pipeline_job",
        Category.ML_PIPELINE,
        label="Vertex AI pipeline run",
        icon=_VERTEX,
        refs={
            **_CMEK,
            "service_account": Relation.IAM,
            "runtime_config.gcs_output_directory": Relation.DATA,
            "template_uri": Relation.DATA,
        },
        placement=("network",),
        live=("aiplatform:pipelineJobs",),
    ),
    # --- Colab Enterprise (Vertex AI notebooks run on runtime templates) -------------------------
    Kind(
        "google_colab_notebook_execution",
        Category.ML_TRAINING,
        label="Colab Enterprise notebook run",
        icon=_NOTEBOOK,
        refs={
            "notebook_runtime_template_resource_name": Relation.DEPENDS,
            "gcs_output_uri": Relation.DATA,
            "gcs_notebook_source.uri": Relation.DATA,
            "service_account": Relation.IAM,
        },
        name_attr="display_name",
        live=("aiplatform:notebookExecutionJobs",),
    ),
    Kind(
        "google_colab_schedule",
        Category.OPS_WORKFLOW,
        label="Colab Enterprise schedule",
        icon=_NOTEBOOK,
        refs={
            "create_notebook_execution_job_request.notebook_execution_job.notebook_runtime_template_resource_name":
                Relation.DEPENDS,
            "create_notebook_execution_job_request.notebook_execution_job.gcs_output_uri": Relation.DATA,
            "create_notebook_execution_job_request.notebook_execution_job.gcs_notebook_source.uri": Relation.DATA,
            "create_notebook_execution_job_request.notebook_execution_job.service_account": Relation.IAM,
        },
        name_attr="display_name",
        live=("aiplatform:schedules",),
        free=True,
    ),
    Kind(
        "google_vertex_ai_rag_engine_config",  # the project's RAG Engine managed database tier
        Category.ML_CONFIG,
        label="Vertex AI RAG Engine config",
        icon=_VERTEX,
        name_attr=None,
        live=("aiplatform:ragEngineConfig",),
    ),
)

# IAM on Vertex AI and Workbench resources: who may call an endpoint, read a feature store, or open a
# notebook (roles/aiplatform.user, roles/notebooks.runner); members and bindings draw as IAM edges
_RESOURCE_IAM = (
    ("google_vertex_ai_endpoint", "endpoint"), ("google_vertex_ai_featurestore", "featurestore"),
    ("google_vertex_ai_featurestore_entitytype", "entitytype"), ("google_workbench_instance", "name"),
    ("google_notebooks_instance", "instance_name"), ("google_notebooks_runtime", "runtime_name"),
)
KINDS += tuple(
    Kind(f"{base}_iam_{kind_}", Category.IAM_POLICY if kind_ == "policy" else Category.IAM_BINDING,
         label=f"{base.removeprefix('google_').replace('_', ' ')} IAM {kind_}", shape=Shape.FOLD, parent=parent,
         bridge=None if kind_ == "policy" else ("member" if kind_ == "member" else "members", parent, Relation.IAM),
         name_attr=None, free=True)
    for base, parent in _RESOURCE_IAM for kind_ in ("member", "binding", "policy")
)
