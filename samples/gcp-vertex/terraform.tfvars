project_id  = "acme-ml-churn-dev"
region      = "us-central1"
zone_suffix = "a"
environment = "dev"
name_prefix = "churn"

subnet_cidr       = "10.60.0.0/20"
psa_prefix_length = 20
endpoint_id       = "4172003001"

workbench_machine_type = "n1-standard-4"
workbench_owner        = "data-scientist@example.com"

api_image_tag = "2024.06.1"
api_invokers  = ["group:churn-consumers@example.com", "serviceAccount:crm-backend@acme-crm-prod.iam.gserviceaccount.com"]

online_store_nodes = { min = 1, max = 3 }

labels = {
  team = "growth-ml"
}
