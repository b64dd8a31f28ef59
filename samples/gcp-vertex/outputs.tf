output "network" {
  description = "Self link of the ML VPC."
  value       = google_compute_network.vpc.self_link
}

output "vertex_endpoint_id" {
  description = "Full resource ID of the private Vertex AI endpoint."
  value       = google_vertex_ai_endpoint.churn.id
}

output "predict_api_url" {
  description = "URL of the Cloud Run prediction proxy."
  value       = google_cloud_run_v2_service.predict_api.uri
}

output "buckets" {
  description = "Bucket names by purpose."
  value       = { for key, bucket in google_storage_bucket.ml : key => bucket.name }
}

output "artifact_registry" {
  description = "Docker repository for serving images."
  value       = "${google_artifact_registry_repository.serving.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.serving.repository_id}"
}

output "workbench_proxy_uri" {
  description = "JupyterLab URL of the research Workbench instance."
  value       = google_workbench_instance.research.proxy_uri
}

output "kms_key" {
  description = "CMEK used by Vertex AI, BigQuery, Artifact Registry and the training-data bucket."
  value       = google_kms_crypto_key.ml.id
}

output "service_accounts" {
  description = "Service account e-mails by role."
  value = {
    workbench = google_service_account.workbench.email
    vertex    = google_service_account.vertex.email
    api       = google_service_account.api.email
  }
}
