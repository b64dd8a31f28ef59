"""Catalog records for Google Cloud logging, monitoring, CI/CD and workflow orchestration (hashicorp/google 6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_MONITORING = "diagrams.gcp.operations.Monitoring"

KINDS: tuple[Kind, ...] = (
    Kind(
        "google_logging_project_sink",
        Category.OPS_LOGGING,
        label="Log sink",
        icon="diagrams.gcp.operations.Logging",
        # "storage.googleapis.com/<bucket>", "bigquery.googleapis.com/projects/p/datasets/d",
        # "pubsub.googleapis.com/projects/p/topics/t": inferred links
        refs={"destination": Relation.LOGS},
        live=("logging:sinks",),
        free=True,  # routing is free; the destination is billed
    ),
    Kind(
        "google_logging_metric",
        Category.OPS_MONITORING,
        label="Logs-based metric",
        shape=Shape.HIDDEN,
        live=("logging:metrics",),
    ),
    Kind(
        "google_monitoring_alert_policy",
        Category.OPS_MONITORING,
        label="Alert policy",
        icon=_MONITORING,
        refs={"notification_channels": Relation.INVOKES},
        name_attr="display_name",
        live=("monitoring:alertPolicies",),
    ),
    Kind(
        "google_monitoring_notification_channel",
        Category.OPS_MONITORING,
        label="Notification channel",
        icon=_MONITORING,
        target_relation=Relation.INVOKES,
        name_attr="display_name",
        live=("monitoring:notificationChannels",),
        free=True,
    ),
    Kind(
        "google_cloudbuild_trigger",
        Category.OPS_CICD,
        label="Cloud Build trigger",
        icon="diagrams.gcp.devtools.Build",
        refs={
            "service_account": Relation.IAM,
            "repository_event_config.repository": Relation.DATA,
            "source_to_build.repository": Relation.DATA,
        },
        live=("cloudbuild:triggers",),
    ),
    Kind(
        "google_cloudbuildv2_repository",
        Category.OPS_CICD,
        label="Cloud Build repository",
        icon="diagrams.gcp.devtools.SourceRepositories",
        refs={"parent_connection": Relation.DEPENDS},
        target_relation=Relation.DATA,
        live=("cloudbuild:connections.repositories",),
        free=True,
    ),
    Kind(
        "google_clouddeploy_delivery_pipeline",
        Category.OPS_CICD,
        label="Cloud Deploy pipeline",
        icon="diagrams.gcp.devtools.Build",
        refs={"serial_pipeline.stages.target_id": Relation.DEPENDS},
        live=("clouddeploy:deliveryPipelines",),
    ),
    Kind(
        "google_workflows_workflow",
        Category.OPS_WORKFLOW,
        label="Workflow",
        icon="diagrams.gcp.devtools.Tasks",
        refs={"service_account": Relation.IAM, "crypto_key_name": Relation.ENCRYPTS},
        target_relation=Relation.INVOKES,
        live=("workflows:workflows",),
    ),
    Kind(
        "google_cloud_scheduler_job",
        Category.OPS_WORKFLOW,
        label="Cloud Scheduler job",
        icon="diagrams.gcp.devtools.Scheduler",
        refs={
            "http_target.uri": Relation.INVOKES,  # a URL: inferred link
            "http_target.oidc_token.service_account_email": Relation.IAM,
            "http_target.oauth_token.service_account_email": Relation.IAM,
            "pubsub_target.topic_name": Relation.INVOKES,
        },
        live=("cloudscheduler:jobs",),
    ),
    Kind(
        # routes events (a Cloud Storage upload, a Pub/Sub message, an audit log entry) to a Cloud Run
        # service, a 2nd-gen function, a workflow or a GKE service: it invokes the destination and
        # reads its event source (matching_criteria names the bucket or topic)
        "google_eventarc_trigger",
        Category.OPS_WORKFLOW,
        label="Eventarc trigger",
        icon="diagrams.gcp.analytics.PubSub",
        refs={
            "destination.cloud_run_service.service": Relation.INVOKES,
            "destination.cloud_function": Relation.INVOKES,
            "destination.workflow": Relation.INVOKES,
            "destination.gke.service": Relation.INVOKES,
            "destination.http_endpoint.uri": Relation.INVOKES,
            "matching_criteria.value": Relation.DATA,
            "transport.pubsub.topic": Relation.DATA,
            "service_account": Relation.IAM,
            "channel": Relation.DEPENDS,
            "destination.network_config.network_attachment": Relation.NETWORK,
        },
        live=("eventarc:triggers",),
    ),
)
