"""Catalog records for Google Cloud governance and security services the core modules lack: billing
budgets, organization policies and custom roles, log bucket settings, Cloud Identity groups, API
keys, Cloud Endpoints, Service Directory, DNS response policies, Certificate Authority Service,
Sensitive Data Protection (DLP) templates, Binary Authorization and IAP brands and clients
(hashicorp/google 5.x/6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation


def _hidden(tf_type: str, label: str, category: Category = Category.OTHER, **extra) -> Kind:
    return Kind(tf_type, category, label, shape=Shape.HIDDEN, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    # --- billing and policy --------------------------------------------------------------------------
    Kind(
        # spend alerts on a billing account; a Pub/Sub topic here is how budgets drive automation
        # (a function that caps spend by disabling billing)
        "google_billing_budget",
        Category.OPS_MONITORING,
        label="Billing budget",
        icon="diagrams.gcp.operations.Monitoring",
        refs={
            "all_updates_rule.pubsub_topic": Relation.INVOKES,
            "all_updates_rule.monitoring_notification_channels": Relation.INVOKES,
            "budget_filter.projects": Relation.DEPENDS,
            "billing_account": Relation.DEPENDS,
        },
        defaults={"all_updates_rule.disable_default_iam_recipients": False},
        name_attr="display_name",
        live=("billingbudgets:budgets",),
        free=True,
    ),
    *(_hidden(f"google_{scope}_organization_policy", f"{scope.capitalize()} organization policy (v1)",
              Category.IAM_POLICY, refs={scope: Relation.DEPENDS}, name_attr="constraint")
      for scope in ("project", "folder")),
    _hidden("google_organization_iam_custom_role", "Organization custom IAM role", Category.IAM_POLICY,
            icon="diagrams.gcp.security.Iam", name_attr="role_id"),
    Kind(
        # the settings of a project's log bucket (_Default, _Required or a custom one)
        "google_logging_project_bucket_config",
        Category.OPS_LOGGING,
        label="Log bucket",
        icon="diagrams.gcp.operations.Logging",
        refs={"cmek_settings.kms_key_name": Relation.ENCRYPTS},
        target_relation=Relation.LOGS,
        defaults={"retention_days": 30, "locked": False, "enable_analytics": False},
        name_attr="bucket_id",
        live=("logging:buckets",),
    ),
    _hidden("google_cloud_asset_resources_search_all", "asset search", name_attr=None),
    # --- identity ------------------------------------------------------------------------------
    Kind(
        "google_cloud_identity_group",  # a Google group: IAM bindings name it group:<email>
        Category.IAM_ROLE,
        label="Cloud Identity group",
        icon="diagrams.gcp.security.Iam",
        target_relation=Relation.IAM,
        name_attr="display_name",
        live=("cloudidentity:groups",),
        free=True,
    ),
    Kind(
        "google_cloud_identity_group_membership",
        Category.IAM_BINDING,
        label="Group membership",
        shape=Shape.FOLD,
        parent="group",
        name_attr=None,
        free=True,
    ),
    Kind(
        # a key that calls Google APIs (Gemini, Maps …) as the project, or as service_account_email;
        # unrestricted unless its restrictions block limits APIs and callers
        "google_apikeys_key",
        Category.SECURITY_SECRET,
        label="API key",
        icon="diagrams.gcp.security.Iam",
        refs={"service_account_email": Relation.IAM},
        target_relation=Relation.DATA,
        live=("apikeys:keys",),
        free=True,
    ),
    # --- service front doors and naming -----------------------------------------------------------------
    Kind(
        "google_endpoints_service",  # Cloud Endpoints (ESP/ESPv2) API configuration
        Category.NETWORK_API,
        label="Cloud Endpoints service",
        icon="diagrams.gcp.api.Endpoints",
        target_relation=Relation.INVOKES,
        name_attr="service_name",
        live=("servicemanagement:services",),
    ),
    _hidden("google_service_directory_namespace", "Service Directory namespace", Category.NETWORK_DNS,
            name_attr="namespace_id"),
    Kind(
        "google_dns_response_policy",  # DNS firewall / overrides for the listed networks and GKE clusters
        Category.NETWORK_DNS,
        label="DNS response policy",
        icon="diagrams.gcp.network.DNS",
        refs={"networks.network_url": Relation.NETWORK, "gke_clusters.gke_cluster_name": Relation.NETWORK},
        target_relation=Relation.NETWORK,
        name_attr="response_policy_name",
        live=("dns:responsePolicies",),
        free=True,
    ),
    Kind(
        "google_dns_response_policy_rule",
        Category.NETWORK_DNS,
        label="DNS response policy rule",
        shape=Shape.FOLD,
        parent="response_policy",
        name_attr="rule_name",
        free=True,
    ),
    # --- Certificate Authority Service ----------------------------------------------------------------
    Kind(
        "google_privateca_ca_pool",
        Category.SECURITY_KEY,
        label="CA pool",
        icon="diagrams.gcp.security.CertificateAuthorityService",
        refs={"encryption_spec.cloud_kms_key": Relation.ENCRYPTS},
        live=("privateca:caPools",),
    ),
    Kind(
        "google_privateca_certificate_authority",
        Category.SECURITY_KEY,
        label="Certificate authority",
        shape=Shape.FOLD,
        refs={"key_spec.cloud_kms_key_version": Relation.ENCRYPTS, "gcs_bucket": Relation.DATA},
        parent="pool",
        name_attr="certificate_authority_id",
        live=("privateca:certificateAuthorities",),
    ),
    # --- Sensitive Data Protection: what to find and how to mask it (prompts, training data) ------------
    _hidden("google_data_loss_prevention_inspect_template", "DLP inspect template", name_attr="display_name"),
    _hidden("google_data_loss_prevention_deidentify_template", "DLP de-identify template",
            name_attr="display_name"),
    # --- supply chain --------------------------------------------------------------------------
    _hidden("google_binary_authorization_policy", "Binary Authorization policy", Category.IAM_POLICY,
            refs={"admission_whitelist_patterns.name_pattern": Relation.DEPENDS,
                  "default_admission_rule.require_attestations_by": Relation.DEPENDS},
            name_attr=None),
    _hidden("google_binary_authorization_attestor", "Binary Authorization attestor", Category.IAM_POLICY,
            refs={"attestation_authority_note.note_reference": Relation.DEPENDS}),
    *(Kind(f"google_binary_authorization_attestor_iam_{kind_}", Category.IAM_BINDING,
           f"Attestor IAM {kind_}", shape=Shape.FOLD, refs={"members": Relation.IAM, "member": Relation.IAM},
           parent="attestor", name_attr=None, free=True)
      for kind_ in ("binding", "member")),
    _hidden("google_container_analysis_note", "Container Analysis note", name_attr="name"),
    # --- Identity-Aware Proxy ------------------------------------------------------------------
    _hidden("google_iap_brand", "IAP OAuth brand", Category.IAM_POLICY, name_attr="application_title"),
    Kind(
        "google_iap_client",  # an OAuth client (its secret lands in state)
        Category.SECURITY_SECRET,
        label="IAP OAuth client",
        shape=Shape.FOLD,
        parent="brand",
        name_attr="display_name",
        free=True,
    ),
    _hidden("google_iap_settings", "IAP settings", Category.IAM_POLICY, name_attr="name"),
    # who may pass IAP to reach a backend service: member --iam--> backend service
    *(Kind(f"google_iap_web_backend_service_iam_{kind_}", Category.IAM_BINDING,
           f"IAP backend service IAM {kind_}", shape=Shape.FOLD,
           parent="web_backend_service", bridge=(attr, "web_backend_service", Relation.IAM),
           name_attr=None, free=True)
      for kind_, attr in (("binding", "members"), ("member", "member"))),
)
