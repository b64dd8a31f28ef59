locals {
  buckets = {
    training-data = {
      cmek          = true
      public        = false
      versioning    = true
      retention_day = 365
    }
    model-artifacts = {
      cmek          = false
      public        = false
      versioning    = true
      retention_day = 0
    }
    public-datasets = {
      cmek          = false
      public        = true
      versioning    = false
      retention_day = 0
    }
  }
}

resource "google_storage_bucket" "ml" {
  for_each = local.buckets

  name                        = "${var.project_id}-${local.name}-${each.key}"
  location                    = upper(var.region)
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = each.value.public ? "inherited" : "enforced"
  force_destroy               = var.environment != "prod"

  versioning {
    enabled = each.value.versioning
  }

  dynamic "encryption" {
    for_each = each.value.cmek ? [google_kms_crypto_key.ml.id] : []
    content {
      default_kms_key_name = encryption.value
    }
  }

  dynamic "lifecycle_rule" {
    for_each = each.value.retention_day > 0 ? [each.value.retention_day] : []
    content {
      condition {
        age = lifecycle_rule.value
      }
      action {
        type          = "SetStorageClass"
        storage_class = "COLDLINE"
      }
    }
  }

  labels = merge(local.labels, { data_class = each.value.public ? "public" : "confidential" })

  depends_on = [google_kms_crypto_key_iam_member.service_agents]
}

# DELIBERATE ISSUE: anyone on the internet can read the public-datasets bucket.
resource "google_storage_bucket_iam_member" "public_datasets_read" {
  bucket = google_storage_bucket.ml["public-datasets"].name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_member" "workbench_training_data" {
  bucket = google_storage_bucket.ml["training-data"].name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.workbench.email}"
}

resource "google_storage_bucket_iam_member" "vertex_model_artifacts" {
  bucket = google_storage_bucket.ml["model-artifacts"].name
  role   = "roles/storage.objectViewer"
  member = "serviceAccount:${google_service_account.vertex.email}"
}

resource "google_artifact_registry_repository" "serving" {
  repository_id = "${local.name}-serving"
  location      = var.region
  format        = "DOCKER"
  description   = "Serving and prediction-proxy images for ${local.name}"
  kms_key_name  = google_kms_crypto_key.ml.id

  docker_config {
    immutable_tags = true
  }

  labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.service_agents]
}

resource "google_artifact_registry_repository_iam_member" "readers" {
  for_each = {
    vertex = "serviceAccount:${google_service_account.vertex.email}"
    api    = "serviceAccount:${google_service_account.api.email}"
  }

  location   = google_artifact_registry_repository.serving.location
  repository = google_artifact_registry_repository.serving.name
  role       = "roles/artifactregistry.reader"
  member     = each.value
}

resource "google_bigquery_dataset" "features" {
  dataset_id    = "${local.name_snake}_features"
  friendly_name = "${local.name} features"
  description   = "Curated customer features, source of the Vertex AI feature view"
  location      = var.region

  default_encryption_configuration {
    kms_key_name = google_kms_crypto_key.ml.id
  }

  labels = local.labels

  depends_on = [google_kms_crypto_key_iam_member.service_agents]
}

resource "google_bigquery_table" "customer_features" {
  dataset_id          = google_bigquery_dataset.features.dataset_id
  table_id            = "customer_features"
  deletion_protection = var.environment == "prod"

  time_partitioning {
    type  = "DAY"
    field = "feature_timestamp"
  }

  schema = jsonencode([
    { name = "customer_id", type = "STRING", mode = "REQUIRED" },
    { name = "tenure_months", type = "INT64", mode = "NULLABLE" },
    { name = "monthly_spend", type = "FLOAT64", mode = "NULLABLE" },
    { name = "support_tickets_90d", type = "INT64", mode = "NULLABLE" },
    { name = "feature_timestamp", type = "TIMESTAMP", mode = "REQUIRED" },
  ])

  labels = local.labels
}
