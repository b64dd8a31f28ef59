data "aws_caller_identity" "current" {}

data "aws_partition" "current" {}

locals {
  name       = "${var.project}-${var.environment}"
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition

  # The endpoint name is fixed up front so that the Lambda environment and the IAM
  # policy can refer to it before the endpoint exists.
  endpoint_name = "${local.name}-endpoint"
  endpoint_arn  = "arn:${local.partition}:sagemaker:${var.region}:${local.account_id}:endpoint/${local.endpoint_name}"

  azs = {
    for suffix, cidrs in var.availability_zones : suffix => merge(cidrs, {
      az = "${var.region}${suffix}"
    })
  }

  # The NAT gateway lives in the first AZ (sorted) to keep dev costs down.
  nat_az = sort(keys(local.azs))[0]

  private_subnet_ids = [for key in sort(keys(module.subnet_pair)) : module.subnet_pair[key].private_subnet_id]

  common_tags = merge(var.tags, {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
    CostCenter  = "ml-platform"
  })
}
