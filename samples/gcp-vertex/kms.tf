resource "google_kms_key_ring" "ml" {
  name     = "${local.name}-ml"
  location = var.region

  depends_on = [google_project_service.apis]
}

resource "google_kms_crypto_key" "ml" {
  name            = "${local.name}-ml-cmek"
  key_ring        = google_kms_key_ring.ml.id
  rotation_period = "7776000s" # 90 days
  purpose         = "ENCRYPT_DECRYPT"

  labels = local.labels
}

locals {
  # Google-managed service agents that must use the key for CMEK-protected resources.
  kms_service_agents = {
    vertex            = "serviceAccount:service-${local.project_number}@gcp-sa-aiplatform.iam.gserviceaccount.com"
    compute           = "serviceAccount:service-${local.project_number}@compute-system.iam.gserviceaccount.com"
    artifact_registry = "serviceAccount:service-${local.project_number}@gcp-sa-artifactregistry.iam.gserviceaccount.com"
    bigquery          = "serviceAccount:bq-${local.project_number}@bigquery-encryption.iam.gserviceaccount.com"
    storage           = "serviceAccount:${data.google_storage_project_service_account.gcs.email_address}"
  }
}

resource "google_kms_crypto_key_iam_member" "service_agents" {
  for_each = local.kms_service_agents

  crypto_key_id = google_kms_crypto_key.ml.id
  role          = "roles/cloudkms.cryptoKeyEncrypterDecrypter"
  member        = each.value
}
