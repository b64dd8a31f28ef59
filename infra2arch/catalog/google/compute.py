"""Catalog records for Google Cloud compute: Compute Engine, GKE, Cloud Run, Cloud Functions, API Gateway, Apigee (hashicorp/google 6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    # --- Compute Engine ------------------------------------------------------------------------
    Kind(
        "google_compute_instance",
        Category.COMPUTE_VM,
        label="Compute Engine VM",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={
            "service_account.email": Relation.IAM,
            "boot_disk.kms_key_self_link": Relation.ENCRYPTS,
            "attached_disk.kms_key_self_link": Relation.ENCRYPTS,
            "attached_disk.source": Relation.DATA,
            "network_interface.access_config.nat_ip": Relation.NETWORK,  # access_config {} = public IP
        },
        placement=("network_interface.subnetwork", "network_interface.network"),
        defaults={
            "can_ip_forward": False,
            "shielded_instance_config.enable_secure_boot": False,
            "shielded_instance_config.enable_vtpm": True,
            "shielded_instance_config.enable_integrity_monitoring": True,
        },
        live=("compute:instances",),
    ),
    Kind(
        "google_compute_instance_template",
        Category.COMPUTE_VM,
        label="Instance template",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={
            "service_account.email": Relation.IAM,
            "disk.disk_encryption_key.kms_key_self_link": Relation.ENCRYPTS,
            "network_interface.access_config.nat_ip": Relation.NETWORK,
        },
        placement=("network_interface.subnetwork", "network_interface.network"),
        defaults={"can_ip_forward": False},
        live=("compute:instanceTemplates",),
        free=True,
    ),
    Kind(
        "google_compute_instance_group_manager",
        Category.COMPUTE_VM,
        label="Managed instance group",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={
            "version.instance_template": Relation.DEPENDS,
            "auto_healing_policies.health_check": Relation.DEPENDS,
            "target_pools": Relation.NETWORK,
        },
        placement=("version.instance_template",),  # placed where its template puts instances
        target_relation=Relation.NETWORK,
        live=("compute:instanceGroupManagers",),
    ),
    # --- GKE -----------------------------------------------------------------------------------
    Kind(
        "google_container_cluster",
        Category.COMPUTE_CONTAINER,
        label="GKE cluster",
        icon="diagrams.gcp.compute.KubernetesEngine",
        refs={
            "node_config.service_account": Relation.IAM,
            "node_config.boot_disk_kms_key": Relation.ENCRYPTS,
            "cluster_autoscaling.auto_provisioning_defaults.service_account": Relation.IAM,
            "database_encryption.key_name": Relation.ENCRYPTS,
        },
        placement=("subnetwork", "network"),
        defaults={
            "private_cluster_config.enable_private_nodes": False,
            "private_cluster_config.enable_private_endpoint": False,
            "enable_legacy_abac": False,
            "enable_shielded_nodes": True,
        },
        live=("container:clusters",),
    ),
    Kind(
        "google_container_node_pool",
        Category.COMPUTE_CONTAINER,
        label="GKE node pool",
        shape=Shape.FOLD,
        icon="diagrams.gcp.compute.KubernetesEngine",
        refs={
            "node_config.service_account": Relation.IAM,
            "node_config.boot_disk_kms_key": Relation.ENCRYPTS,
        },
        parent="cluster",
        live=("container:clusters.nodePools",),
    ),
    # --- serverless ----------------------------------------------------------------------------
    Kind(
        "google_cloud_run_service",
        Category.COMPUTE_CONTAINER,
        label="Cloud Run service (v1 API)",
        icon="diagrams.gcp.compute.Run",
        refs={
            "template.spec.service_account_name": Relation.IAM,
            "template.spec.containers.env.value_from.secret_key_ref.name": Relation.DATA,
            "template.spec.volumes.secret.secret_name": Relation.DATA,
        },
        # ingress and VPC connector live in metadata.annotations (run.googleapis.com/ingress,
        # run.googleapis.com/vpc-access-connector); unset ingress means "all"
        target_relation=Relation.INVOKES,
        live=("run.v1:services",),
    ),
    Kind(
        "google_cloud_run_v2_service",
        Category.COMPUTE_CONTAINER,
        label="Cloud Run service",
        icon="diagrams.gcp.compute.Run",
        refs={
            "template.service_account": Relation.IAM,
            "template.encryption_key": Relation.ENCRYPTS,
            "template.vpc_access.connector": Relation.NETWORK,
            "template.volumes.gcs.bucket": Relation.DATA,
            "template.volumes.cloud_sql_instance.instances": Relation.DATA,
            "template.volumes.secret.secret": Relation.DATA,
            "template.containers.env.value_source.secret_key_ref.secret": Relation.DATA,
        },
        # direct VPC egress; a connector is referenced instead (template.vpc_access.connector)
        placement=(
            "template.vpc_access.network_interfaces.subnetwork",
            "template.vpc_access.network_interfaces.network",
        ),
        target_relation=Relation.INVOKES,
        defaults={
            "ingress": "INGRESS_TRAFFIC_ALL",
            "invoker_iam_disabled": False,
            "default_uri_disabled": False,
        },
        live=("run:services",),
    ),
    Kind(
        "google_cloudfunctions_function",
        Category.COMPUTE_FUNCTION,
        label="Cloud Function (1st gen)",
        icon="diagrams.gcp.compute.Functions",
        refs={
            "service_account_email": Relation.IAM,
            "vpc_connector": Relation.NETWORK,
            "source_archive_bucket": Relation.DATA,
            "docker_repository": Relation.DATA,
            "kms_key_name": Relation.ENCRYPTS,
            "event_trigger.resource": Relation.DATA,
            "secret_environment_variables.secret": Relation.DATA,
            "secret_volumes.secret": Relation.DATA,
        },
        target_relation=Relation.INVOKES,
        defaults={"ingress_settings": "ALLOW_ALL"},
        live=("cloudfunctions.v1:functions",),
    ),
    Kind(
        "google_cloudfunctions2_function",
        Category.COMPUTE_FUNCTION,
        label="Cloud Function",
        icon="diagrams.gcp.compute.Functions",
        refs={
            "service_config.service_account_email": Relation.IAM,
            "service_config.vpc_connector": Relation.NETWORK,
            "service_config.secret_environment_variables.secret": Relation.DATA,
            "service_config.secret_volumes.secret": Relation.DATA,
            "build_config.source.storage_source.bucket": Relation.DATA,
            "build_config.docker_repository": Relation.DATA,
            "build_config.service_account": Relation.IAM,
            "event_trigger.pubsub_topic": Relation.DATA,
            "event_trigger.service_account_email": Relation.IAM,
            "kms_key_name": Relation.ENCRYPTS,
        },
        target_relation=Relation.INVOKES,
        defaults={"service_config.ingress_settings": "ALLOW_ALL"},
        live=("cloudfunctions:functions",),
    ),
    # --- APIs ----------------------------------------------------------------------------------
    Kind(
        "google_api_gateway_api",
        Category.NETWORK_API,
        label="API Gateway API",
        icon="diagrams.gcp.api.APIGateway",
        target_relation=Relation.INVOKES,
        name_attr="api_id",
        live=("apigateway:apis",),
        free=True,
    ),
    Kind(
        "google_api_gateway_api_config",
        Category.NETWORK_API,
        label="API Gateway config",
        shape=Shape.FOLD,
        refs={"gateway_config.backend_config.google_service_account": Relation.IAM},
        parent="api",
        name_attr="api_config_id",
        live=("apigateway:apis.configs",),
        free=True,
    ),
    Kind(
        "google_api_gateway_gateway",
        Category.NETWORK_API,
        label="API Gateway",
        icon="diagrams.gcp.api.APIGateway",
        refs={"api_config": Relation.INVOKES},
        target_relation=Relation.INVOKES,
        name_attr="gateway_id",
        live=("apigateway:gateways",),
    ),
    Kind(
        "google_apigee_organization",
        Category.NETWORK_API,
        label="Apigee organization",
        icon="diagrams.gcp.api.Apigee",
        refs={
            "runtime_database_encryption_key_name": Relation.ENCRYPTS,
            "api_consumer_data_encryption_key_name": Relation.ENCRYPTS,
            "control_plane_encryption_key_name": Relation.ENCRYPTS,
        },
        placement=("authorized_network",),  # the runtime is peered into this network
        target_relation=Relation.INVOKES,
        defaults={"disable_vpc_peering": False},
        name_attr="project_id",
        live=("apigee:organizations",),
    ),
)

# IAM on serverless services: who may invoke them (roles/run.invoker with allUsers makes them public)
_INVOKER_IAM = (
    ("google_cloud_run_v2_service_iam_member", "name"), ("google_cloud_run_v2_service_iam_binding", "name"),
    ("google_cloud_run_service_iam_member", "service"), ("google_cloud_run_service_iam_binding", "service"),
    ("google_cloudfunctions2_function_iam_member", "cloud_function"),
    ("google_cloudfunctions2_function_iam_binding", "cloud_function"),
    ("google_cloudfunctions_function_iam_member", "cloud_function"),
    ("google_cloudfunctions_function_iam_binding", "cloud_function"),
)
KINDS += tuple(
    Kind(tf_type, Category.IAM_BINDING, "invoker IAM", shape=Shape.FOLD, parent=parent, name_attr=None, free=True)
    for tf_type, parent in _INVOKER_IAM
)

# IAM on one VM: who may administer it, or open an IAP TCP tunnel to it (SSH to a Workbench or training VM)
_INSTANCE_IAM = (
    ("google_compute_instance_iam_member", "instance_name", "member"),
    ("google_compute_instance_iam_binding", "instance_name", "members"),
    ("google_iap_tunnel_instance_iam_member", "instance", "member"),
    ("google_iap_tunnel_instance_iam_binding", "instance", "members"),
)
KINDS += tuple(
    Kind(tf_type, Category.IAM_BINDING, tf_type.removeprefix("google_").replace("_", " "), shape=Shape.FOLD,
         parent=parent, bridge=(members, parent, Relation.IAM), name_attr=None, free=True)
    for tf_type, parent, members in _INSTANCE_IAM
)
