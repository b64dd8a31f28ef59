variable "region" {
  description = "AWS region to deploy the inference stack into."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov)?-[a-z]+-[0-9]$", var.region))
    error_message = "The region must look like an AWS region name, for example us-east-1."
  }
}

variable "project" {
  description = "Short project name used as a prefix for every resource name."
  type        = string
  default     = "fraud-scoring"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{2,20}$", var.project))
    error_message = "The project must be 3-21 characters of lowercase letters, digits and hyphens."
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

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "The vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "availability_zones" {
  description = "Availability zone suffixes (appended to the region) and the public/private CIDR of each."
  type = map(object({
    public_cidr  = string
    private_cidr = string
  }))
  default = {
    a = { public_cidr = "10.40.0.0/24", private_cidr = "10.40.10.0/24" }
    b = { public_cidr = "10.40.1.0/24", private_cidr = "10.40.11.0/24" }
  }

  validation {
    condition     = length(var.availability_zones) >= 2
    error_message = "At least two availability zones are required for a highly available endpoint."
  }
}

variable "model_image_tag" {
  description = "Tag of the serving image pushed to the ECR repository by CI."
  type        = string
  default     = "1.4.2"
}

variable "model_artifact_key" {
  description = "Object key of the packaged model inside the artifacts bucket."
  type        = string
  default     = "model.tar.gz"
}

variable "endpoint_instance_type" {
  description = "Instance type of the production variant."
  type        = string
  default     = "ml.m5.large"

  validation {
    condition     = startswith(var.endpoint_instance_type, "ml.")
    error_message = "SageMaker instance types start with \"ml.\"."
  }
}

variable "endpoint_instance_count" {
  description = "Initial number of instances behind the endpoint."
  type        = number
  default     = 2

  validation {
    condition     = var.endpoint_instance_count >= 1 && var.endpoint_instance_count <= 10
    error_message = "The endpoint_instance_count must be between 1 and 10."
  }
}

variable "notebook_instance_type" {
  description = "Instance type of the data-science notebook."
  type        = string
  default     = "ml.t3.medium"
}

variable "notebook_ingress_ports" {
  description = "Ports opened on the notebook security group (Jupyter over HTTPS by default)."
  type        = list(number)
  default     = [443]
}

variable "notebook_allowed_cidrs" {
  description = "CIDR blocks allowed to reach the notebook. Defaults to anywhere; see README."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "lambda_memory_mb" {
  description = "Memory of the invoke Lambda function."
  type        = number
  default     = 512
}

variable "log_retention_days" {
  description = "Retention of the CloudWatch log groups."
  type        = number
  default     = 30
}

variable "enable_monitoring" {
  description = "Create CloudWatch alarms and the alert topic for the endpoint."
  type        = bool
  default     = true
}

variable "alarm_email" {
  description = "Optional e-mail address subscribed to the alarm topic."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Extra tags applied to every resource."
  type        = map(string)
  default     = {}
}
