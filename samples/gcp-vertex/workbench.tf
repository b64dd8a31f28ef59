# DELIBERATE ISSUE: gce_setup.disable_public_ip is not set, so it defaults to false
# and the notebook VM gets an external IP even though Cloud NAT and IAP are in place.
resource "google_workbench_instance" "research" {
  name            = "${local.name}-research"
  location        = local.zone
  instance_owners = [var.workbench_owner]

  gce_setup {
    machine_type = var.workbench_machine_type
    tags         = ["workbench"]

    vm_image {
      project = "cloud-notebooks-managed"
      family  = "workbench-instances"
    }

    service_accounts {
      email = google_service_account.workbench.email
    }

    network_interfaces {
      network  = google_compute_network.vpc.id
      subnet   = google_compute_subnetwork.ml.id
      nic_type = "GVNIC"
    }

    boot_disk {
      disk_size_gb    = 150
      disk_type       = "PD_BALANCED"
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.ml.id
    }

    data_disks {
      disk_size_gb    = 200
      disk_type       = "PD_BALANCED"
      disk_encryption = "CMEK"
      kms_key         = google_kms_crypto_key.ml.id
    }

    shielded_instance_config {
      enable_secure_boot          = true
      enable_vtpm                 = true
      enable_integrity_monitoring = true
    }

    metadata = {
      idle-timeout-seconds       = "10800"
      notebook-disable-root      = "true"
      notebook-disable-downloads = "true"
      report-event-health        = "true"
      training-data-bucket       = google_storage_bucket.ml["training-data"].name
    }
  }

  labels = local.labels

  depends_on = [
    google_kms_crypto_key_iam_member.service_agents,
    google_compute_router_nat.nat,
  ]
}
