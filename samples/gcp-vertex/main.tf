data "google_project" "p" {
  project_id = var.project_id
}

data "google_storage_project_service_account" "gcs" {
  project = var.project_id
}

locals {
  name           = "${var.name_prefix}-${var.environment}"
  name_snake     = replace(local.name, "-", "_")
  zone           = "${var.region}-${var.zone_suffix}"
  project_number = data.google_project.p.number

  labels = merge(var.labels, {
    project     = var.name_prefix
    environment = var.environment
    managed_by  = "terraform"
    cost_center = "ml-platform"
  })

  apis = toset([
    "aiplatform.googleapis.com",
    "artifactregistry.googleapis.com",
    "bigquery.googleapis.com",
    "cloudkms.googleapis.com",
    "compute.googleapis.com",
    "iap.googleapis.com",
    "notebooks.googleapis.com",
    "run.googleapis.com",
    "servicenetworking.googleapis.com",
    "storage.googleapis.com",
  ])
}

resource "google_project_service" "apis" {
  for_each = local.apis

  project            = var.project_id
  service            = each.key
  disable_on_destroy = false
}
