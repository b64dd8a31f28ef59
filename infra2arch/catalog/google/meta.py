"""Google data sources that describe the caller or the provider, not infrastructure: hidden helpers."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape

KINDS = tuple(
    Kind(tf_type, Category.OTHER, label, shape=Shape.HIDDEN, name_attr=None, free=True)
    for tf_type, label in (
        ("google_client_config", "client configuration"), ("google_client_openid_userinfo", "caller identity"),
        ("google_compute_zones", "zones"), ("google_compute_image", "image lookup"),
        ("google_compute_default_service_account", "default service account lookup"),
        ("google_iam_policy", "IAM policy document"), ("google_netblock_ip_ranges", "Google IP ranges"),
        ("google_storage_project_service_account", "GCS service agent"),
        ("google_project_service_identity", "service identity"),
        ("google_bigquery_default_service_account", "BigQuery service agent"),
        # tokens minted for a service account at plan time (to call a Cloud Run service from Terraform)
        ("google_service_account_id_token", "service account ID token"),
        ("google_service_account_access_token", "service account access token"),
    )
)
