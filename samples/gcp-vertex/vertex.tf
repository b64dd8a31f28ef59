# Private (peered) online prediction endpoint, encrypted with the platform CMEK.
resource "google_vertex_ai_endpoint" "churn" {
  name         = var.endpoint_id
  display_name = "${local.name}-churn-endpoint"
  description  = "Online churn scoring, reachable only from ${google_compute_network.vpc.name}"
  location     = var.region
  network      = "projects/${data.google_project.p.number}/global/networks/${google_compute_network.vpc.name}"

  encryption_spec {
    kms_key_name = google_kms_crypto_key.ml.id
  }

  labels = local.labels

  depends_on = [
    google_service_networking_connection.psa,
    google_kms_crypto_key_iam_member.service_agents,
  ]
}

resource "google_vertex_ai_dataset" "training" {
  display_name        = "${local.name}-customers"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml"
  region              = var.region

  encryption_spec {
    kms_key_name = google_kms_crypto_key.ml.id
  }

  labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.service_agents]
}

resource "google_vertex_ai_feature_online_store" "features" {
  name   = "${local.name_snake}_online"
  region = var.region

  bigtable {
    auto_scaling {
      min_node_count         = var.online_store_nodes.min
      max_node_count         = var.online_store_nodes.max
      cpu_utilization_target = 60
    }
  }

  labels = local.labels

  depends_on = [google_project_service.apis]
}

resource "google_vertex_ai_feature_online_store_featureview" "customer" {
  name                 = "customer_features"
  region               = var.region
  feature_online_store = google_vertex_ai_feature_online_store.features.name

  sync_config {
    cron = "TZ=Etc/UTC 0 */6 * * *"
  }

  big_query_source {
    uri               = "bq://${var.project_id}.${google_bigquery_dataset.features.dataset_id}.${google_bigquery_table.customer_features.table_id}"
    entity_id_columns = ["customer_id"]
  }

  labels = local.labels
}

resource "google_vertex_ai_tensorboard" "experiments" {
  display_name = "${local.name}-experiments"
  description  = "Training curves for churn model experiments"

  encryption_spec {
    kms_key_name = google_kms_crypto_key.ml.id
  }

  labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.service_agents]
}
