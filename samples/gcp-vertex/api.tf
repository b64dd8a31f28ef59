# Thin prediction proxy: validates requests and calls the private Vertex endpoint
# through Direct VPC egress.
resource "google_cloud_run_v2_service" "predict_api" {
  name                = "${local.name}-predict-api"
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_ALL"
  deletion_protection = var.environment == "prod"

  template {
    service_account                  = google_service_account.api.email
    max_instance_request_concurrency = 40
    timeout                          = "30s"

    scaling {
      min_instance_count = var.environment == "prod" ? 1 : 0
      max_instance_count = 10
    }

    vpc_access {
      egress = "PRIVATE_RANGES_ONLY"

      network_interfaces {
        network    = google_compute_network.vpc.id
        subnetwork = google_compute_subnetwork.ml.id
        tags       = ["predict-api"]
      }
    }

    containers {
      image = "${google_artifact_registry_repository.serving.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.serving.repository_id}/predict-proxy:${var.api_image_tag}"

      ports {
        container_port = 8080
      }

      env {
        name  = "ENDPOINT_ID"
        value = google_vertex_ai_endpoint.churn.name
      }

      env {
        name  = "VERTEX_REGION"
        value = var.region
      }

      env {
        name  = "PROJECT_NUMBER"
        value = local.project_number
      }

      resources {
        limits = {
          cpu    = "1"
          memory = "512Mi"
        }
        cpu_idle = true
      }
    }
  }

  labels = local.labels

  depends_on = [google_artifact_registry_repository_iam_member.readers]
}

resource "google_cloud_run_v2_service_iam_member" "invokers" {
  for_each = toset(var.api_invokers)

  project  = var.project_id
  location = google_cloud_run_v2_service.predict_api.location
  name     = google_cloud_run_v2_service.predict_api.name
  role     = "roles/run.invoker"
  member   = each.key
}
