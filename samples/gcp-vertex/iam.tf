resource "google_service_account" "workbench" {
  account_id   = "${local.name}-workbench"
  display_name = "Workbench notebooks (${local.name})"
}

resource "google_service_account" "vertex" {
  account_id   = "${local.name}-vertex"
  display_name = "Vertex AI training and serving (${local.name})"
}

resource "google_service_account" "api" {
  account_id   = "${local.name}-predict-api"
  display_name = "Prediction API on Cloud Run (${local.name})"
}

locals {
  workbench_roles = toset([
    "roles/aiplatform.user",
    "roles/bigquery.dataViewer",
    "roles/bigquery.jobUser",
    "roles/logging.logWriter",
  ])

  vertex_roles = toset([
    "roles/aiplatform.user",
    "roles/bigquery.dataViewer",
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
  ])
}

resource "google_project_iam_member" "workbench" {
  for_each = local.workbench_roles

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.workbench.email}"
}

resource "google_project_iam_member" "vertex" {
  for_each = local.vertex_roles

  project = var.project_id
  role    = each.key
  member  = "serviceAccount:${google_service_account.vertex.email}"
}

resource "google_project_iam_member" "api_invoke_vertex" {
  project = var.project_id
  role    = "roles/aiplatform.user"
  member  = "serviceAccount:${google_service_account.api.email}"
}

# Data scientists may run jobs as the Vertex service account from Workbench.
resource "google_service_account_iam_member" "workbench_act_as_vertex" {
  service_account_id = google_service_account.vertex.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.workbench.email}"
}
