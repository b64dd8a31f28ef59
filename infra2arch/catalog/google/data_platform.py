"""Catalog records for Google Cloud data platform services around ML estates: Managed Kafka, Dataplex, Data Catalog policy tags, BigLake, BigQuery connections (remote
models and external data) and Analytics Hub, Looker, Data Fusion, Dataform and Spanner instance
configs (hashicorp/google 5.x/6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    # --- streaming -------------------------------------------------------------------------------
    Kind(
        "google_managed_kafka_cluster",
        Category.STORAGE_QUEUE,
        label="Managed Service for Apache Kafka cluster",
        icon="diagrams.gcp.analytics.Pubsub",
        refs={"gcp_config.kms_key": Relation.ENCRYPTS},
        placement=("gcp_config.access_config.network_configs.subnet",),
        target_relation=Relation.DATA,
        name_attr="cluster_id",
        live=("managedkafka:clusters",),
    ),
    # --- Dataplex: lakes, zones and assets over buckets and datasets ---------------------------------
    Kind(
        "google_dataplex_lake",
        Category.ML_DATASET,
        label="Dataplex lake",
        icon="diagrams.gcp.analytics.Dataflow",
        refs={"metastore.service": Relation.DATA},
        target_relation=Relation.DATA,
        live=("dataplex:lakes",),
    ),
    Kind(
        "google_dataplex_zone",
        Category.ML_DATASET,
        label="Dataplex zone",
        shape=Shape.FOLD,
        parent="lake",
        live=("dataplex:zones",),
        free=True,
    ),
    Kind(
        # attaches a bucket or dataset to the lake: lake --data--> resource
        "google_dataplex_asset",
        Category.ML_DATASET,
        label="Dataplex asset",
        shape=Shape.FOLD,
        parent="dataplex_zone",
        bridge=("lake", "resource_spec.name", Relation.DATA),
        live=("dataplex:assets",),
        free=True,
    ),
    Kind(
        "google_dataplex_datascan",  # data quality / profiling scans of a table or bucket
        Category.ML_MONITORING,
        label="Dataplex data scan",
        refs={"data.resource": Relation.DATA, "data.entity": Relation.DATA,
              "execution_identity.service_account.email": Relation.IAM},
        name_attr="data_scan_id",
        live=("dataplex:dataScans",),
    ),
    *(Kind(
        f"google_dataplex_{scope}_iam_{kind_}",
        Category.IAM_BINDING,
        label=f"Dataplex {scope} IAM {kind_}",
        shape=Shape.FOLD,
        refs={"members": Relation.IAM, "member": Relation.IAM},
        parent={"lake": "lake", "zone": "dataplex_zone", "asset": "asset"}[scope],
        name_attr=None,
        free=True,
    ) for scope in ("lake", "zone", "asset") for kind_ in ("binding", "member")),
    # --- Data Catalog policy tags (column-level access in BigQuery) -----------------------------------
    Kind(
        "google_data_catalog_taxonomy",
        Category.IAM_POLICY,
        label="Policy tag taxonomy",
        shape=Shape.HIDDEN,
        defaults={"activated_policy_types": []},
        name_attr="display_name",
        live=("datacatalog:taxonomies",),
        free=True,
    ),
    Kind(
        "google_data_catalog_policy_tag",
        Category.IAM_POLICY,
        label="Policy tag",
        shape=Shape.FOLD,
        refs={"parent_policy_tag": Relation.DEPENDS},
        parent="taxonomy",
        name_attr="display_name",
        free=True,
    ),
    *(Kind(
        f"google_data_catalog_{scope}_iam_{kind_}",
        Category.IAM_BINDING,
        label=f"Data Catalog {scope.replace('_', ' ')} IAM {kind_}",
        shape=Shape.FOLD,
        refs={"members": Relation.IAM, "member": Relation.IAM},
        parent={"taxonomy": "taxonomy", "policy_tag": "policy_tag"}[scope],
        name_attr=None,
        free=True,
    ) for scope in ("taxonomy", "policy_tag") for kind_ in ("binding", "member")),
    # --- BigLake metastore ------------------------------------------------------------------------
    Kind(
        "google_biglake_catalog",
        Category.STORAGE_WAREHOUSE,
        label="BigLake catalog",
        icon="diagrams.gcp.analytics.Bigquery",
        target_relation=Relation.DATA,
        live=("biglake:catalogs",),
    ),
    Kind(
        "google_biglake_database",
        Category.STORAGE_WAREHOUSE,
        label="BigLake database",
        shape=Shape.FOLD,
        refs={"hive_options.location_uri": Relation.DATA},
        parent="catalog",
        free=True,
    ),
    Kind(
        "google_biglake_table",
        Category.STORAGE_WAREHOUSE,
        label="BigLake table",
        shape=Shape.FOLD,
        refs={"hive_options.storage_descriptor.location_uri": Relation.DATA},
        parent="database",
        free=True,
    ),
    # --- BigQuery connections and sharing ---------------------------------------------------------------
    Kind(
        # cloud_resource connections carry the service account BigQuery ML remote models (Vertex AI
        # endpoints, Gemini) and BigLake tables act as
        "google_bigquery_connection",
        Category.STORAGE_WAREHOUSE,
        label="BigQuery connection",
        icon="diagrams.gcp.analytics.Bigquery",
        refs={
            "cloud_sql.instance_id": Relation.DATA,
            "cloud_sql.credential.password": Relation.DATA,
            "cloud_spanner.database": Relation.DATA,
            "spark.spark_history_server_config.dataproc_cluster": Relation.DATA,
            "spark.metastore_service_config.metastore_service": Relation.DATA,
            "kms_key_name": Relation.ENCRYPTS,
        },
        target_relation=Relation.DATA,
        name_attr="connection_id",
        live=("bigqueryconnection:connections",),
        free=True,
    ),
    Kind(
        "google_bigquery_analytics_hub_data_exchange",
        Category.STORAGE_WAREHOUSE,
        label="Analytics Hub data exchange",
        icon="diagrams.gcp.analytics.Bigquery",
        target_relation=Relation.DATA,
        name_attr="data_exchange_id",
        live=("analyticshub:dataExchanges",),
        free=True,
    ),
    Kind(
        "google_bigquery_analytics_hub_listing",  # a dataset shared through the exchange
        Category.STORAGE_WAREHOUSE,
        label="Analytics Hub listing",
        shape=Shape.FOLD,
        refs={"bigquery_dataset.dataset": Relation.DATA},
        parent="data_exchange_id",
        bridge=("data_exchange_id", "bigquery_dataset.dataset", Relation.DATA),
        name_attr="listing_id",
        free=True,
    ),
    # --- BI, integration and SQL pipelines -------------------------------------------------------
    Kind(
        "google_looker_instance",
        Category.STORAGE_WAREHOUSE,
        label="Looker (Google Cloud core) instance",
        icon="diagrams.gcp.analytics.Looker",
        refs={"encryption_config.kms_key_name": Relation.ENCRYPTS, "reserved_range": Relation.NETWORK},
        placement=("consumer_network",),
        live=("looker:instances",),
    ),
    Kind(
        "google_data_fusion_instance",
        Category.ML_PIPELINE,
        label="Cloud Data Fusion instance",
        icon="diagrams.gcp.analytics.DataFusion",
        refs={
            "crypto_key_config.key_reference": Relation.ENCRYPTS,
            "dataproc_service_account": Relation.IAM,
            "network_config.private_service_connect_config.network_attachment": Relation.NETWORK,
        },
        placement=("network_config.network",),
        defaults={"private_instance": False, "enable_rbac": False},
        live=("datafusion:instances",),
    ),
    Kind(
        "google_dataform_repository",  # SQL workflows that build BigQuery tables
        Category.ML_PIPELINE,
        label="Dataform repository",
        icon="diagrams.gcp.analytics.Bigquery",
        refs={
            "service_account": Relation.IAM,
            "kms_key_name": Relation.ENCRYPTS,
            "git_remote_settings.authentication_token_secret_version": Relation.DATA,
            "git_remote_settings.ssh_authentication_config.user_private_key_secret_version": Relation.DATA,
        },
        live=("dataform:repositories",),
    ),
    Kind(
        "google_spanner_instance_config",  # a custom replica placement for Spanner instances
        Category.STORAGE_CONFIG,
        label="Spanner instance configuration",
        shape=Shape.HIDDEN,
        refs={"base_config": Relation.DEPENDS},
        live=("spanner:instanceConfigs",),
        free=True,
    ),
)
