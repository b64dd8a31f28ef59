variable "project_id" {
  description = "ID of the GCP project that hosts the ML platform."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))
    error_message = "The project_id must be a valid GCP project ID."
  }
}

variable "region" {
  description = "Region for all regional resources (Vertex AI, KMS, buckets, Cloud Run)."
  type        = string
  default     = "us-central1"
}

variable "zone_suffix" {
  description = "Zone suffix (a, b, c, f) for the Workbench instance."
  type        = string
  default     = "a"

  validation {
    condition     = contains(["a", "b", "c", "d", "f"], var.zone_suffix)
    error_message = "The zone_suffix must be one of a, b, c, d or f."
  }
}

variable "environment" {
  description = "Deployment environment."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be one of dev, staging or prod."
  }
}

variable "name_prefix" {
  description = "Prefix for resource names."
  type        = string
  default     = "churn"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,14}$", var.name_prefix))
    error_message = "The name_prefix must be 2-15 lowercase letters, digits or hyphens."
  }
}

variable "subnet_cidr" {
  description = "Primary range of the ML subnet."
  type        = string
  default     = "10.60.0.0/20"

  validation {
    condition     = can(cidrhost(var.subnet_cidr, 0))
    error_message = "The subnet_cidr must be a valid IPv4 CIDR block."
  }
}

variable "psa_prefix_length" {
  description = "Prefix length of the range reserved for private service access (Vertex AI peering)."
  type        = number
  default     = 20
}

variable "endpoint_id" {
  description = "Numeric ID of the Vertex AI endpoint (up to 10 digits, no leading zero)."
  type        = string
  default     = "4172003001"

  validation {
    condition     = can(regex("^[1-9][0-9]{0,9}$", var.endpoint_id))
    error_message = "Vertex AI endpoint IDs are numeric, at most 10 digits, with no leading zero."
  }
}

variable "workbench_machine_type" {
  description = "Machine type of the Workbench instance."
  type        = string
  default     = "n1-standard-4"
}

variable "workbench_owner" {
  description = "User who owns the Workbench instance."
  type        = string
  default     = "data-scientist@example.com"
}

variable "api_image_tag" {
  description = "Tag of the prediction proxy image in Artifact Registry."
  type        = string
  default     = "2024.06.1"
}

variable "api_invokers" {
  description = "Principals allowed to call the prediction API."
  type        = list(string)
  default     = ["group:churn-consumers@example.com"]
}

variable "online_store_nodes" {
  description = "Minimum and maximum Bigtable nodes of the feature online store."
  type = object({
    min = number
    max = number
  })
  default = { min = 1, max = 3 }

  validation {
    condition     = var.online_store_nodes.min >= 1 && var.online_store_nodes.max >= var.online_store_nodes.min
    error_message = "online_store_nodes.min must be >= 1 and max >= min."
  }
}

variable "labels" {
  description = "Extra labels applied to every resource that supports labels."
  type        = map(string)
  default     = {}
}
