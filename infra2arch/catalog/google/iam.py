"""Catalog records for Google Cloud identity, IAM, KMS, secrets and the resource hierarchy (hashicorp/google 6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_IAM = "diagrams.gcp.security.Iam"
_KMS = "diagrams.gcp.security.KeyManagementService"

KINDS: tuple[Kind, ...] = (
    # --- service accounts ----------------------------------------------------------------------
    Kind(
        "google_service_account",
        Category.IAM_ROLE,
        label="Service account",
        icon=_IAM,
        target_relation=Relation.IAM,
        name_attr="account_id",
        live=("iam:serviceAccounts",),
        free=True,
    ),
    Kind(
        "google_service_account_key",
        Category.SECURITY_SECRET,
        label="Service account key",
        shape=Shape.FOLD,
        parent="service_account_id",
        name_attr=None,
        live=("iam:serviceAccounts.keys",),
        free=True,
    ),
    # member → service account: who may act as (impersonate) the service account
    Kind(
        "google_service_account_iam_member",
        Category.IAM_BINDING,
        label="Service account IAM member",
        shape=Shape.FOLD,
        parent="service_account_id",
        bridge=("member", "service_account_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_service_account_iam_binding",
        Category.IAM_BINDING,
        label="Service account IAM binding",
        shape=Shape.FOLD,
        parent="service_account_id",
        bridge=("members", "service_account_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_service_account_iam_policy",
        Category.IAM_POLICY,
        label="Service account IAM policy",
        shape=Shape.FOLD,
        parent="service_account_id",
        name_attr=None,
        free=True,
    ),
    # --- project IAM ---------------------------------------------------------------------------
    # Project grants fold into the principal they are granted to (usually a service account in
    # the same configuration; the project itself is rarely managed alongside). `member` strings
    # such as "serviceAccount:${google_service_account.x.email}" resolve through reference origins.
    Kind(
        "google_project_iam_member",
        Category.IAM_BINDING,
        label="Project IAM member",
        shape=Shape.FOLD,
        parent="member",
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_project_iam_binding",
        Category.IAM_BINDING,
        label="Project IAM binding",
        shape=Shape.FOLD,
        parent="members",
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_project_iam_policy",
        Category.IAM_POLICY,
        label="Project IAM policy",
        shape=Shape.HIDDEN,
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_project_iam_custom_role",
        Category.IAM_POLICY,
        label="Custom IAM role",
        shape=Shape.HIDDEN,
        icon=_IAM,
        name_attr="role_id",
        live=("iam:roles",),
        free=True,
    ),
    # --- KMS -----------------------------------------------------------------------------------
    Kind(
        "google_kms_key_ring",
        Category.SECURITY_KEY,
        label="KMS key ring",
        icon=_KMS,
        live=("cloudkms:keyRings",),
        free=True,
    ),
    Kind(
        "google_kms_crypto_key",
        Category.SECURITY_KEY,
        label="KMS key",
        icon=_KMS,
        refs={"key_ring": Relation.DEPENDS},
        target_relation=Relation.ENCRYPTS,
        defaults={"purpose": "ENCRYPT_DECRYPT"},  # no rotation_period: never rotated
        live=("cloudkms:keyRings.cryptoKeys",),
    ),
    Kind(
        "google_kms_crypto_key_iam_member",
        Category.IAM_BINDING,
        label="KMS key IAM member",
        shape=Shape.FOLD,
        parent="crypto_key_id",
        bridge=("member", "crypto_key_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_kms_crypto_key_iam_binding",
        Category.IAM_BINDING,
        label="KMS key IAM binding",
        shape=Shape.FOLD,
        parent="crypto_key_id",
        bridge=("members", "crypto_key_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    # --- Secret Manager ------------------------------------------------------------------------
    Kind(
        "google_secret_manager_secret",
        Category.SECURITY_SECRET,
        label="Secret",
        icon="diagrams.gcp.security.SecretManager",
        refs={
            "replication.auto.customer_managed_encryption.kms_key_name": Relation.ENCRYPTS,
            "replication.user_managed.replicas.customer_managed_encryption.kms_key_name": Relation.ENCRYPTS,
        },
        target_relation=Relation.DATA,
        name_attr="secret_id",
        live=("secretmanager:secrets",),
    ),
    Kind(
        "google_secret_manager_secret_version",
        Category.SECURITY_SECRET,
        label="Secret version",
        shape=Shape.FOLD,
        parent="secret",
        target_relation=Relation.DATA,
        name_attr=None,
        live=("secretmanager:secrets.versions",),
    ),
    # --- resource hierarchy and guardrails -----------------------------------------------------
    Kind(
        "google_project",
        Category.ORG_GROUP,
        label="Project",
        shape=Shape.GROUP,
        icon="diagrams.gcp.management.Project",
        placement=("folder_id",),
        # a default network with permissive default firewall rules unless false
        defaults={"auto_create_network": True},
        name_attr="project_id",
        live=("cloudresourcemanager:projects",),
        free=True,
    ),
    Kind(
        "google_project_service",
        Category.OTHER,
        label="Enabled API",
        shape=Shape.HIDDEN,
        name_attr=None,
        live=("serviceusage:services",),
        free=True,
    ),
    Kind(
        "google_folder",
        Category.ORG_GROUP,
        label="Folder",
        shape=Shape.GROUP,
        icon="diagrams.gcp.security.ResourceManager",
        placement=("parent",),
        name_attr="display_name",
        live=("cloudresourcemanager:folders",),
        free=True,
    ),
    Kind(
        "google_organization_policy",
        Category.IAM_POLICY,
        label="Organization policy (v1)",
        shape=Shape.HIDDEN,
        name_attr=None,
        free=True,
    ),
    Kind(
        "google_org_policy_policy",
        Category.IAM_POLICY,
        label="Organization policy",
        shape=Shape.HIDDEN,
        live=("orgpolicy:policies",),
        free=True,
    ),
    Kind(
        "google_access_context_manager_service_perimeter",
        Category.IAM_POLICY,
        label="VPC Service Controls perimeter",
        icon="diagrams.gcp.security.AccessContextManager",
        refs={"status.access_levels": Relation.DEPENDS},
        name_attr="title",
        live=("accesscontextmanager:accessPolicies.servicePerimeters",),
        free=True,
    ),
)
