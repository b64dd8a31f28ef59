"""Catalog records for Google Cloud developer tooling around ML estates: Cloud Build private worker
pools and repository connections, Secure Source Manager, Cloud Source Repositories, Container
Registry and Cloud Workstations (hashicorp/google 5.x/6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    Kind(
        # builds run on VMs peered into the VPC (no_external_ip keeps them off the internet)
        "google_cloudbuild_worker_pool",
        Category.OPS_CICD,
        label="Cloud Build private pool",
        icon="diagrams.gcp.devtools.Build",
        refs={"network_config.peered_network_ip_range": Relation.NETWORK},
        placement=("network_config.peered_network",),
        defaults={"worker_config.no_external_ip": False},
        live=("cloudbuild:workerPools",),
    ),
    Kind(
        # a GitHub / GitLab / Bitbucket host linked to Cloud Build; its token lives in Secret Manager
        "google_cloudbuildv2_connection",
        Category.OPS_CICD,
        label="Cloud Build repository connection",
        icon="diagrams.gcp.devtools.SourceRepositories",
        refs={
            "github_config.authorizer_credential.oauth_token_secret_version": Relation.DATA,
            "github_enterprise_config.private_key_secret_version": Relation.DATA,
            "github_enterprise_config.webhook_secret_secret_version": Relation.DATA,
            "gitlab_config.authorizer_credential.user_token_secret_version": Relation.DATA,
            "gitlab_config.read_authorizer_credential.user_token_secret_version": Relation.DATA,
            "gitlab_config.webhook_secret_secret_version": Relation.DATA,
        },
        target_relation=Relation.DATA,
        live=("cloudbuild:connections",),
        free=True,
    ),
    # --- Secure Source Manager ----------------------------------------------------------------------
    Kind(
        "google_secure_source_manager_instance",
        Category.OPS_CICD,
        label="Secure Source Manager instance",
        icon="diagrams.gcp.devtools.SourceRepositories",
        refs={"kms_key": Relation.ENCRYPTS, "private_config.ca_pool": Relation.DEPENDS},
        target_relation=Relation.DATA,
        defaults={"private_config.is_private": False},
        name_attr="instance_id",
        live=("securesourcemanager:instances",),
    ),
    Kind(
        "google_secure_source_manager_repository",
        Category.OPS_CICD,
        label="Secure Source Manager repository",
        shape=Shape.FOLD,
        parent="instance",
        name_attr="repository_id",
        free=True,
    ),
    Kind(
        # branch protection of one repository (repository_id = google_secure_source_manager_repository.x.repository_id)
        "google_secure_source_manager_branch_rule",
        Category.OPS_CICD,
        label="Secure Source Manager branch rule",
        shape=Shape.FOLD,
        parent="repository_id",
        name_attr="branch_rule_id",
        free=True,
    ),
    *(Kind(
        f"google_secure_source_manager_{scope}_iam_{kind_}",
        Category.IAM_BINDING,
        label=f"Secure Source Manager {scope} IAM {kind_}",
        shape=Shape.FOLD,
        parent={"instance": "instance_id", "repository": "repository_id"}[scope],
        bridge=(attr, {"instance": "instance_id", "repository": "repository_id"}[scope], Relation.IAM),
        name_attr=None,
        free=True,
    ) for scope in ("instance", "repository") for kind_, attr in (("binding", "members"), ("member", "member"))),
    # --- older registries and repositories ----------------------------------------------------------
    Kind(
        "google_sourcerepo_repository",  # Cloud Source Repositories (closed to new customers)
        Category.OPS_CICD,
        label="Cloud Source repository",
        icon="diagrams.gcp.devtools.SourceRepositories",
        refs={"pubsub_configs.topic": Relation.INVOKES, "pubsub_configs.service_account_email": Relation.IAM},
        target_relation=Relation.DATA,
        live=("sourcerepo:repos",),
    ),
    Kind(
        # Container Registry: a GCS bucket (artifacts.<project>.appspot.com) behind gcr.io
        "google_container_registry",
        Category.STORAGE_REGISTRY,
        label="Container Registry (deprecated)",
        icon="diagrams.gcp.devtools.GCR",
        target_relation=Relation.DATA,
        name_attr=None,
    ),
    # --- Cloud Workstations --------------------------------------------------------------------
    Kind(
        # managed development VMs in a subnet; enable_private_endpoint keeps the gateway off the internet
        "google_workstations_workstation_cluster",
        Category.ML_NOTEBOOK,
        label="Cloud Workstations cluster",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={"network": Relation.NETWORK},
        placement=("subnetwork", "network"),
        defaults={"private_cluster_config.enable_private_endpoint": False},
        name_attr="workstation_cluster_id",
        live=("workstations:workstationClusters",),
    ),
)
