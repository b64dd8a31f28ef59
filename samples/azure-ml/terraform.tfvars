subscription_id = "00000000-0000-0000-0000-000000000000"
location        = "eastus"
workload        = "vision"
environment     = "dev"
instance        = "01"

vnet_address_space = "10.70.0.0/16"
subnets = {
  training          = { name = "snet-training", prefix = "10.70.0.0/22" }
  private_endpoints = { name = "snet-private-endpoints", prefix = "10.70.4.0/24" }
  bastion           = { name = "AzureBastionSubnet", prefix = "10.70.5.0/26" }
}

admin_ip_ranges = []

cluster_vm_size      = "Standard_NC6s_v3"
cluster_max_nodes    = 4
cluster_low_priority = true

compute_instance_size = "Standard_DS11_v2"
compute_instance_owner = {
  object_id = "11111111-2222-3333-4444-555555555555"
  alias     = "jdoe"
}

tags = {
  owner       = "vision-ml-team"
  cost-center = "cc-4711"
}
