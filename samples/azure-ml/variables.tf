variable "subscription_id" {
  description = "Subscription that hosts the workspace (required by azurerm 4.x)."
  type        = string

  validation {
    condition     = can(regex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", var.subscription_id))
    error_message = "The subscription_id must be a GUID."
  }
}

variable "location" {
  description = "Azure region."
  type        = string
  default     = "eastus"
}

variable "workload" {
  description = "Short workload name used in every resource name."
  type        = string
  default     = "vision"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,9}$", var.workload))
    error_message = "The workload must be 3-10 lowercase letters or digits (it is used in storage and registry names)."
  }
}

variable "environment" {
  description = "Deployment environment."
  type        = string
  default     = "dev"

  validation {
    condition     = contains(["dev", "test", "prod"], var.environment)
    error_message = "The environment must be one of dev, test or prod."
  }
}

variable "instance" {
  description = "Two-digit instance number that keeps globally unique names unique."
  type        = string
  default     = "01"

  validation {
    condition     = can(regex("^[0-9]{2}$", var.instance))
    error_message = "The instance must be two digits."
  }
}

variable "vnet_address_space" {
  description = "Address space of the workspace VNet."
  type        = string
  default     = "10.70.0.0/16"
}

variable "subnets" {
  description = "Subnets of the VNet, keyed by role."
  type = map(object({
    name   = string
    prefix = string
  }))
  default = {
    training          = { name = "snet-training", prefix = "10.70.0.0/22" }
    private_endpoints = { name = "snet-private-endpoints", prefix = "10.70.4.0/24" }
    bastion           = { name = "AzureBastionSubnet", prefix = "10.70.5.0/26" }
  }

  validation {
    condition     = alltrue([for key in ["training", "private_endpoints", "bastion"] : contains(keys(var.subnets), key)])
    error_message = "The subnets map must contain training, private_endpoints and bastion."
  }

  validation {
    condition     = var.subnets["bastion"].name == "AzureBastionSubnet"
    error_message = "Azure Bastion requires its subnet to be named AzureBastionSubnet."
  }
}

variable "admin_ip_ranges" {
  description = "Public CIDR ranges of the platform team, allowed through the storage firewall."
  type        = list(string)
  default     = []
}

variable "ssh_allowed_source" {
  description = "Source of the SSH rule on the training subnet NSG. Defaults to the Internet service tag; see README."
  type        = string
  default     = "Internet"
}

variable "cluster_vm_size" {
  description = "VM size of the training cluster nodes."
  type        = string
  default     = "Standard_NC6s_v3"
}

variable "cluster_max_nodes" {
  description = "Maximum node count of the training cluster."
  type        = number
  default     = 4

  validation {
    condition     = var.cluster_max_nodes >= 1 && var.cluster_max_nodes <= 20
    error_message = "The cluster_max_nodes must be between 1 and 20."
  }
}

variable "cluster_low_priority" {
  description = "Use low-priority (spot) VMs for the training cluster."
  type        = bool
  default     = true
}

variable "compute_instance_size" {
  description = "VM size of the data scientist's compute instance."
  type        = string
  default     = "Standard_DS11_v2"
}

variable "compute_instance_owner" {
  description = "Entra ID object ID and short alias of the compute instance owner."
  type = object({
    object_id = string
    alias     = string
  })
  default = {
    object_id = "11111111-2222-3333-4444-555555555555"
    alias     = "jdoe"
  }
}

variable "log_retention_days" {
  description = "Retention of the Log Analytics workspace."
  type        = number
  default     = 30
}

variable "tags" {
  description = "Extra tags applied to every resource."
  type        = map(string)
  default     = {}
}
