"""Synthetic Terraform estates of realistic shape for AI/ML platforms, for the scan benchmark.

Deterministic: the same (resources, seed) always writes byte-identical files.

    python benchmarks/synthetic.py OUT_DIR --resources 10000 [--seed 7]

The estate is a root module plus four local modules:

* ``modules/network``            VPC, subnets by count (private) and for_each (public), route tables,
                                 NAT, a security group with a dynamic ingress block, flow logs, endpoints
* ``modules/data``               KMS key, S3 buckets per dataset (for_each) and their configuration
                                 resources (versioning, encryption, public access block, lifecycle, policy)
* ``modules/sagemaker-serving``  model, endpoint configuration (dynamic variants), endpoint, roles and
                                 policies (jsonencode and aws_iam_policy_document), log group, alarms, autoscaling
* ``modules/notebook``           notebook instance, lifecycle configuration (template with %{ for }), role, security group

The root calls every module with for_each (over locals built with for expressions and over tfvars maps),
passes module outputs between modules, and adds many ``stack_NNN.tf`` files of ~20 resource blocks
each (AWS mostly, some google_ and azurerm_) that use count, for_each, dynamic blocks, jsonencode and
references into the modules. Every file of that kind has one ``Revision = "r0"`` tag: ``touch()``
changes it, as a one-line edit would.

The number of resource instances after expansion (data sources included) is computed while
generating and is exact when the target is large enough; ``generate`` returns it.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

BLOCKS_PER_FILE = 20
AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
ENDPOINT_SERVICES = ["sagemaker.api", "sagemaker.runtime", "ecr.api", "ecr.dkr", "logs"]
USE_CASES = ["fraud", "churn", "reco", "ranking", "forecast", "intent", "vision-qc", "pricing", "rag", "anomaly",
             "ltv", "search", "ocr", "asr", "moderation", "routing"]
DOMAINS = ["payments", "customers", "catalog", "logistics", "marketing", "risk", "support", "search", "ads",
           "supply", "finance", "hr", "security", "growth", "content", "pricing"]
EXTRA_DATASETS = ["curated", "labels", "embeddings", "evaluation", "inference-logs", "snapshots"]
TEAMS = ["ds", "mlops", "research", "analytics", "vision", "nlp", "recsys", "forecasting", "platform", "risk"]
INSTANCE_TYPES = ["ml.m5.large", "ml.m5.xlarge", "ml.c5.2xlarge", "ml.g4dn.xlarge", "ml.g5.2xlarge", "ml.inf2.xlarge"]
IMAGES = ["pytorch-inference", "tensorflow-inference", "xgboost", "huggingface-tgi", "sklearn", "triton"]

REVISION = re.compile(r'Revision\s*=\s*"r(\d+)"')


def fill(template: str, **values: Any) -> str:
    """Replace @NAME@ placeholders (HCL itself uses ${}, %{} and braces)."""
    for key, value in values.items():
        template = template.replace(f"@{key}@", str(value))
    leftover = re.search(r"@[A-Z_]+@", template)
    if leftover:
        raise KeyError(f"unfilled placeholder {leftover.group(0)}")
    return template


def hcl_value(value: Any, indent: int = 0) -> str:
    """A Python value as an HCL expression (for tfvars)."""
    pad = "  " * (indent + 1)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        if all(not isinstance(v, (dict, list)) for v in value):
            return "[" + ", ".join(hcl_value(v) for v in value) + "]"
        return "[\n" + "".join(f"{pad}{hcl_value(v, indent + 1)},\n" for v in value) + "  " * indent + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        width = max(len(_key(k)) for k in value)
        lines = "".join(f"{pad}{_key(k).ljust(width)} = {hcl_value(v, indent + 1)}\n" for k, v in value.items())
        return "{\n" + lines + "  " * indent + "}"
    raise TypeError(type(value))


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", key) else json.dumps(key)


# --------------------------------------------------------------------------------- local modules

NETWORK = {
    "variables.tf": '''
variable "name" {
  description = "Name prefix of every resource in this network."
  type        = string
}

variable "region" {
  type = string
}

variable "cidr_block" {
  type = string

  validation {
    condition     = can(cidrhost(var.cidr_block, 0))
    error_message = "cidr_block must be a CIDR block."
  }
}

variable "azs" {
  type = list(string)
}

variable "private_subnet_count" {
  type    = number
  default = 2
}

variable "public_subnets" {
  description = "Availability zone => CIDR block."
  type        = map(string)
}

variable "endpoint_services" {
  type    = set(string)
  default = []
}

variable "ingress_rules" {
  type = list(object({
    description = string
    from_port   = number
    to_port     = optional(number)
    cidr_blocks = optional(list(string), [])
  }))
  default = []
}

variable "enable_nat" {
  type    = bool
  default = true
}

variable "enable_flow_logs" {
  type    = bool
  default = true
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "main.tf": '''
locals {
  name          = var.name
  private_cidrs = [for i in range(var.private_subnet_count) : cidrsubnet(var.cidr_block, 8, i)]
  nat_count     = var.enable_nat ? 1 : 0
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(var.tags, { Name = local.name })
}

resource "aws_internet_gateway" "this" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${local.name}-igw" })
}

resource "aws_eip" "nat" {
  count  = local.nat_count
  domain = "vpc"
  tags   = merge(var.tags, { Name = "${local.name}-nat-${count.index}" })
}

resource "aws_nat_gateway" "this" {
  count         = local.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = values(aws_subnet.public)[0].id
  tags          = merge(var.tags, { Name = "${local.name}-nat" })

  depends_on = [aws_internet_gateway.this]
}
''',
    "subnets.tf": '''
resource "aws_subnet" "private" {
  count             = var.private_subnet_count
  vpc_id            = aws_vpc.this.id
  cidr_block        = local.private_cidrs[count.index]
  availability_zone = element(var.azs, count.index)

  tags = merge(var.tags, {
    Name = format("%s-private-%02d", local.name, count.index)
    Tier = "private"
  })
}

resource "aws_subnet" "public" {
  for_each                = var.public_subnets
  vpc_id                  = aws_vpc.this.id
  cidr_block              = each.value
  availability_zone       = each.key
  map_public_ip_on_launch = false

  tags = merge(var.tags, {
    Name = "${local.name}-public-${each.key}"
    Tier = "public"
  })
}

resource "aws_route_table" "private" {
  count  = var.private_subnet_count
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${local.name}-private-${count.index}" })
}

resource "aws_route" "private_nat" {
  count                  = var.enable_nat ? var.private_subnet_count : 0
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.this[0].id
}

resource "aws_route_table_association" "private" {
  count          = var.private_subnet_count
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = "${local.name}-public" })
}

resource "aws_route" "public_internet" {
  route_table_id         = aws_route_table.public.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.this.id
}

resource "aws_route_table_association" "public" {
  for_each       = aws_subnet.public
  subnet_id      = each.value.id
  route_table_id = aws_route_table.public.id
}
''',
    "security.tf": '''
resource "aws_security_group" "workloads" {
  name_prefix = "${local.name}-workloads-"
  description = "ML workloads in ${local.name}"
  vpc_id      = aws_vpc.this.id

  dynamic "ingress" {
    for_each = var.ingress_rules
    content {
      description = ingress.value.description
      from_port   = ingress.value.from_port
      to_port     = coalesce(ingress.value.to_port, ingress.value.from_port)
      protocol    = "tcp"
      cidr_blocks = length(ingress.value.cidr_blocks) > 0 ? ingress.value.cidr_blocks : [var.cidr_block]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(var.tags, { Name = "${local.name}-workloads" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_cloudwatch_log_group" "flow" {
  count             = var.enable_flow_logs ? 1 : 0
  name              = "/aws/vpc/${local.name}/flow"
  retention_in_days = 30
  tags              = var.tags
}

resource "aws_iam_role" "flow" {
  count = var.enable_flow_logs ? 1 : 0
  name  = "${local.name}-flow-logs"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = var.tags
}

resource "aws_iam_role_policy" "flow" {
  count = var.enable_flow_logs ? 1 : 0
  name  = "write-flow-logs"
  role  = aws_iam_role.flow[0].id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]
      Resource = "${aws_cloudwatch_log_group.flow[0].arn}:*"
    }]
  })
}

resource "aws_flow_log" "this" {
  count           = var.enable_flow_logs ? 1 : 0
  vpc_id          = aws_vpc.this.id
  traffic_type    = "ALL"
  log_destination = aws_cloudwatch_log_group.flow[0].arn
  iam_role_arn    = aws_iam_role.flow[0].arn
  tags            = var.tags
}
''',
    "endpoints.tf": '''
resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.this.id
  service_name      = "com.amazonaws.${var.region}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = concat(aws_route_table.private[*].id, [aws_route_table.public.id])
  tags              = merge(var.tags, { Name = "${local.name}-s3" })
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = var.endpoint_services
  vpc_id              = aws_vpc.this.id
  service_name        = "com.amazonaws.${var.region}.${each.value}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.workloads.id]
  private_dns_enabled = true
  tags                = merge(var.tags, { Name = "${local.name}-${replace(each.value, ".", "-")}" })
}
''',
    "outputs.tf": '''
output "vpc_id" {
  value = aws_vpc.this.id
}

output "private_subnet_ids" {
  value = aws_subnet.private[*].id
}

output "public_subnet_ids" {
  value = [for az in sort(keys(aws_subnet.public)) : aws_subnet.public[az].id]
}

output "security_group_id" {
  value = aws_security_group.workloads.id
}

output "private_route_table_ids" {
  value = aws_route_table.private[*].id
}
''',
}


def network_instances(private: int, public: int, endpoints: int, nat: bool = True, flow: bool = True) -> int:
    n = 1 + 1 + private + public + private + private + 1 + 1 + public   # vpc igw subnets rts rtas rt-public route rtas
    n += (2 + private) if nat else 0                                     # eip, nat, private routes
    n += 1                                                                # security group
    n += 4 if flow else 0                                                 # log group, role, role policy, flow log
    n += 1 + endpoints                                                    # s3 gateway + interface endpoints
    return n


DATA = {
    "variables.tf": '''
variable "prefix" {
  type = string
}

variable "domain" {
  type = string
}

variable "datasets" {
  type = map(object({
    retention_days = optional(number, 0)
    versioned      = optional(bool, true)
    tier           = optional(string, "STANDARD")
  }))
}

variable "readers" {
  description = "Role ARNs that may read every bucket of the domain."
  type        = list(string)
  default     = []
}

variable "kms_admin_arn" {
  type = string
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "kms.tf": '''
resource "aws_kms_key" "data" {
  description             = "Data of the ${var.domain} domain"
  deletion_window_in_days = 30
  enable_key_rotation     = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "KeyAdministration"
        Effect    = "Allow"
        Principal = { AWS = var.kms_admin_arn }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "Readers"
        Effect    = "Allow"
        Principal = { AWS = length(var.readers) > 0 ? var.readers : [var.kms_admin_arn] }
        Action    = ["kms:Decrypt", "kms:DescribeKey"]
        Resource  = "*"
      },
    ]
  })

  tags = var.tags
}

resource "aws_kms_alias" "data" {
  name          = "alias/${var.prefix}-${var.domain}"
  target_key_id = aws_kms_key.data.key_id
}
''',
    "buckets.tf": '''
locals {
  buckets = {
    for name, cfg in var.datasets : name => merge(cfg, {
      bucket = lower(substr("${var.prefix}-${var.domain}-${name}", 0, 63))
    })
  }
  expiring = { for name, cfg in var.datasets : name => cfg if cfg.retention_days > 0 }
}

resource "aws_s3_bucket" "this" {
  for_each      = local.buckets
  bucket        = each.value.bucket
  force_destroy = false

  tags = merge(var.tags, {
    Dataset = each.key
    Tier    = each.value.tier
  })
}

resource "aws_s3_bucket_versioning" "this" {
  for_each = local.buckets
  bucket   = aws_s3_bucket.this[each.key].id

  versioning_configuration {
    status = each.value.versioned ? "Enabled" : "Suspended"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.data.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  for_each                = aws_s3_bucket.this
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  for_each = local.expiring
  bucket   = aws_s3_bucket.this[each.key].id

  rule {
    id     = "expire-${each.key}"
    status = "Enabled"

    filter {}

    expiration {
      days = each.value.retention_days
    }

    dynamic "transition" {
      for_each = each.value.tier == "STANDARD" && each.value.retention_days > 60 ? [30] : []
      content {
        days          = transition.value
        storage_class = "STANDARD_IA"
      }
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  for_each = aws_s3_bucket.this
  bucket   = each.value.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(
      [{
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [each.value.arn, "${each.value.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      }],
      [for idx, reader in var.readers : {
        Sid       = "Reader${idx}"
        Effect    = "Allow"
        Principal = { AWS = reader }
        Action    = ["s3:GetObject", "s3:ListBucket"]
        Resource  = [each.value.arn, "${each.value.arn}/*"]
      }],
    )
  })
}

resource "aws_glue_catalog_database" "this" {
  name        = replace("${var.prefix}_${var.domain}", "-", "_")
  description = "Tables of the ${var.domain} domain"
}
''',
    "outputs.tf": '''
output "bucket_arns" {
  value = { for name, bucket in aws_s3_bucket.this : name => bucket.arn }
}

output "bucket_names" {
  value = { for name, bucket in aws_s3_bucket.this : name => bucket.bucket }
}

output "kms_key_arn" {
  value = aws_kms_key.data.arn
}

output "glue_database" {
  value = aws_glue_catalog_database.this.name
}
''',
}


def data_instances(datasets: int, expiring: int) -> int:
    return 2 + datasets * 5 + expiring + 1


SERVING = {
    "variables.tf": '''
variable "name" {
  type = string
}

variable "image_uri" {
  type = string
}

variable "model_data_url" {
  type = string
}

variable "variants" {
  type = list(object({
    name          = string
    instance_type = string
    initial_count = number
    weight        = number
  }))
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "artifact_bucket_arn" {
  type = string
}

variable "artifact_bucket" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "alarm_topic_arn" {
  type = string
}

variable "log_retention_days" {
  type    = number
  default = 30
}

variable "max_capacity" {
  type    = number
  default = 4
}

variable "environment" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "iam.tf": '''
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["sagemaker.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-exec"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "artifacts" {
  name = "artifacts"
  role = aws_iam_role.execution.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadModelArtifacts"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:ListBucket"]
        Resource = [var.artifact_bucket_arn, "${var.artifact_bucket_arn}/*"]
      },
      {
        Sid      = "UseDataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = var.kms_key_arn
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.endpoint.arn}:*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "managed" {
  for_each   = toset(local.managed_policies)
  role       = aws_iam_role.execution.name
  policy_arn = each.value
}
''',
    "model.tf": '''
data "aws_region" "current" {}

locals {
  variants = { for v in var.variants : v.name => v }
  container_env = merge({
    SAGEMAKER_PROGRAM = "inference.py"
    SAGEMAKER_REGION  = data.aws_region.current.name
    MODEL_NAME        = var.name
  }, var.environment)
  managed_policies = [
    "arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy",
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
  ]
}

resource "aws_sagemaker_model" "this" {
  name                     = "${var.name}-model"
  execution_role_arn       = aws_iam_role.execution.arn
  enable_network_isolation = true

  primary_container {
    image          = var.image_uri
    model_data_url = var.model_data_url
    environment    = local.container_env
  }

  vpc_config {
    subnets            = var.subnet_ids
    security_group_ids = var.security_group_ids
  }

  tags = var.tags
}
''',
    "endpoint.tf": '''
resource "aws_sagemaker_endpoint_configuration" "this" {
  name        = "${var.name}-config"
  kms_key_arn = var.kms_key_arn

  dynamic "production_variants" {
    for_each = var.variants
    iterator = variant
    content {
      variant_name           = variant.value.name
      model_name             = aws_sagemaker_model.this.name
      instance_type          = variant.value.instance_type
      initial_instance_count = variant.value.initial_count
      initial_variant_weight = variant.value.weight
    }
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = 20
    destination_s3_uri          = "s3://${var.artifact_bucket}/data-capture/${var.name}"

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "this" {
  name                 = var.name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.this.name
  tags                 = var.tags
}
''',
    "monitoring.tf": '''
resource "aws_cloudwatch_log_group" "endpoint" {
  name              = "/aws/sagemaker/Endpoints/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_metric_alarm" "latency" {
  for_each            = local.variants
  alarm_name          = "${var.name}-${each.key}-latency"
  namespace           = "AWS/SageMaker"
  metric_name         = "ModelLatency"
  statistic           = "Average"
  period              = 60
  evaluation_periods  = 5
  threshold           = 500000
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [var.alarm_topic_arn]

  dimensions = {
    EndpointName = aws_sagemaker_endpoint.this.name
    VariantName  = each.key
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = local.variants
  alarm_name          = "${var.name}-${each.key}-5xx"
  namespace           = "AWS/SageMaker"
  metric_name         = "Invocation5XXErrors"
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 5
  comparison_operator = "GreaterThanOrEqualToThreshold"
  alarm_actions       = [var.alarm_topic_arn]

  dimensions = {
    EndpointName = aws_sagemaker_endpoint.this.name
    VariantName  = each.key
  }
}
''',
    "autoscaling.tf": '''
resource "aws_appautoscaling_target" "variant" {
  for_each           = local.variants
  service_namespace  = "sagemaker"
  resource_id        = "endpoint/${aws_sagemaker_endpoint.this.name}/variant/${each.key}"
  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"
  min_capacity       = each.value.initial_count
  max_capacity       = max(each.value.initial_count, var.max_capacity)
}

resource "aws_appautoscaling_policy" "variant" {
  for_each           = aws_appautoscaling_target.variant
  name               = "${var.name}-${each.key}-invocations"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = each.value.service_namespace
  resource_id        = each.value.resource_id
  scalable_dimension = each.value.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"
    }
  }
}
''',
    "outputs.tf": '''
output "endpoint_name" {
  value = aws_sagemaker_endpoint.this.name
}

output "endpoint_arn" {
  value = aws_sagemaker_endpoint.this.arn
}

output "execution_role_arn" {
  value = aws_iam_role.execution.arn
}

output "model_name" {
  value = aws_sagemaker_model.this.name
}
''',
}


def serving_instances(variants: int) -> int:
    # 2 data sources, role, role policy, 2 attachments, model, config, endpoint, log group; 4 per variant
    return 10 + 4 * variants


NOTEBOOK = {
    "variables.tf": '''
variable "name" {
  type = string
}

variable "vpc_id" {
  type = string
}

variable "subnet_id" {
  type = string
}

variable "bucket_arn" {
  type = string
}

variable "bucket_name" {
  type = string
}

variable "kms_key_arn" {
  type = string
}

variable "instance_type" {
  type    = string
  default = "ml.t3.medium"
}

variable "volume_size" {
  type    = number
  default = 50
}

variable "pip_packages" {
  type    = list(string)
  default = []
}

variable "allowed_cidrs" {
  type    = list(string)
  default = []
}

variable "model_names" {
  type    = list(string)
  default = []
}

variable "tags" {
  type    = map(string)
  default = {}
}
''',
    "main.tf": '''
resource "aws_sagemaker_notebook_instance_lifecycle_configuration" "this" {
  name = "${var.name}-lc"

  on_start = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    %{ for pkg in var.pip_packages ~}
    sudo -u ec2-user -i pip install --quiet "${pkg}"
    %{ endfor ~}
    echo "export DATA_BUCKET=${var.bucket_name}" >> /etc/profile.d/ml.sh
    %{ if length(var.model_names) > 0 }echo "export MODELS=${join(",", var.model_names)}" >> /etc/profile.d/ml.sh%{ endif }
  EOT
  )
}

resource "aws_security_group" "this" {
  name        = "${var.name}-notebook"
  description = "Notebook ${var.name}"
  vpc_id      = var.vpc_id

  egress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = var.tags
}

resource "aws_security_group_rule" "ingress" {
  count             = length(var.allowed_cidrs)
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  cidr_blocks       = [var.allowed_cidrs[count.index]]
  security_group_id = aws_security_group.this.id
}

resource "aws_sagemaker_notebook_instance" "this" {
  name                   = var.name
  role_arn               = aws_iam_role.this.arn
  instance_type          = var.instance_type
  volume_size            = var.volume_size
  subnet_id              = var.subnet_id
  security_groups        = [aws_security_group.this.id]
  kms_key_id             = var.kms_key_arn
  lifecycle_config_name  = aws_sagemaker_notebook_instance_lifecycle_configuration.this.name
  direct_internet_access = "Disabled"
  root_access            = "Disabled"

  tags = merge(var.tags, {
    Notebook   = var.name
    ModelCount = tostring(length(var.model_names))
  })
}
''',
    "iam.tf": '''
resource "aws_iam_role" "this" {
  name = "${var.name}-notebook"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })

  tags = var.tags
}

resource "aws_iam_role_policy" "data" {
  name = "data-access"
  role = aws_iam_role.this.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]
        Resource = [var.bucket_arn, "${var.bucket_arn}/*"]
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = [var.kms_key_arn]
      },
    ]
  })
}
''',
    "outputs.tf": '''
output "notebook_arn" {
  value = aws_sagemaker_notebook_instance.this.arn
}

output "role_arn" {
  value = aws_iam_role.this.arn
}
''',
}


def notebook_instances(allowed_cidrs: int) -> int:
    # lifecycle configuration, security group, notebook, role, role policy; one rule per CIDR
    return 5 + allowed_cidrs


# ------------------------------------------------------------------------------------------ root

ROOT_STATIC = {
    "versions.tf": '''
terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
  }

  backend "s3" {
    bucket = "mlp-terraform-state"
    key    = "platform/terraform.tfstate"
    region = "us-east-1"
  }
}
''',
    "providers.tf": '''
provider "aws" {
  region = var.region

  default_tags {
    tags = local.common_tags
  }
}

provider "google" {
  project = var.gcp_project
  region  = var.gcp_region
}

provider "azurerm" {
  features {}
  subscription_id = var.azure_subscription_id
}
''',
    "variables.tf": '''
variable "project" {
  description = "Short name used as a prefix for every resource name."
  type        = string
  default     = "mlp"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,12}$", var.project))
    error_message = "project must be 2-13 lowercase letters, digits and hyphens."
  }
}

variable "environment" {
  type    = string
  default = "dev"

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "availability_zones" {
  type    = list(string)
  default = ["us-east-1a", "us-east-1b", "us-east-1c"]
}

variable "base_cidr" {
  type    = string
  default = "10.0.0.0/8"
}

variable "network_count" {
  type    = number
  default = 1
}

variable "vpc_endpoint_services" {
  type    = set(string)
  default = ["sagemaker.api", "sagemaker.runtime"]
}

variable "ingress_rules" {
  type = list(object({
    description = string
    from_port   = number
    to_port     = optional(number)
    cidr_blocks = optional(list(string), [])
  }))
  default = [
    { description = "HTTPS inside the VPC", from_port = 443 },
    { description = "Model servers", from_port = 8080, to_port = 8081 },
  ]
}

variable "default_tags" {
  type = map(string)
  default = {
    ManagedBy = "terraform"
    Repo      = "ml-platform"
  }
}

variable "data_domains" {
  type = map(object({
    owner   = string
    readers = optional(list(string), [])
    datasets = map(object({
      retention_days = optional(number, 0)
      versioned      = optional(bool, true)
      tier           = optional(string, "STANDARD")
    }))
  }))
  default = {}
}

variable "models" {
  type = map(object({
    network       = string
    domain        = string
    team          = string
    image         = string
    version       = string
    instance_type = optional(string, "ml.m5.xlarge")
    variant_count = optional(number, 1)
  }))
  default = {}
}

variable "teams" {
  type = map(object({
    network       = string
    domain        = string
    instance_type = optional(string, "ml.t3.medium")
    volume_size   = optional(number, 50)
    allowed_cidrs = optional(list(string), [])
  }))
  default = {}
}

variable "notebook_packages" {
  type    = list(string)
  default = ["pandas==2.2.2", "scikit-learn==1.5.1", "boto3"]
}

variable "gcp_project" {
  type    = string
  default = "mlp-analytics"
}

variable "gcp_region" {
  type    = string
  default = "europe-west4"
}

variable "azure_location" {
  type    = string
  default = "westeurope"
}

variable "azure_subscription_id" {
  type    = string
  default = "00000000-0000-0000-0000-000000000000"
}
''',
    "locals.tf": '''
locals {
  name_prefix = "${var.project}-${var.environment}"

  common_tags = merge(var.default_tags, {
    Project     = var.project
    Environment = var.environment
  })

  networks = {
    for i in range(var.network_count) : format("net%02d", i) => {
      cidr            = cidrsubnet(var.base_cidr, 8, i)
      azs             = slice(var.availability_zones, 0, 2 + i % 2)
      private_subnets = 2 + i % 3
    }
  }

  models = {
    for name, m in var.models : name => merge(m, {
      variants = [
        for i in range(m.variant_count) : {
          name          = i == 0 ? "primary" : "shadow-${i}"
          instance_type = m.instance_type
          initial_count = i == 0 ? 2 : 1
          weight        = i == 0 ? 1 : 0
        }
      ]
    })
  }

  models_by_team   = { for name, m in var.models : m.team => name... }
  retention_by_env = { dev = 7, staging = 14, prod = 90 }
  ecr_registry     = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${data.aws_region.current.name}.amazonaws.com"
  account_root     = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
  google_labels    = { for k, v in local.common_tags : lower(k) => lower(replace(v, " ", "-")) }
}
''',
    "data.tf": '''
data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

data "azurerm_client_config" "current" {}
''',
    "main.tf": '''
module "network" {
  source   = "./modules/network"
  for_each = local.networks

  name                 = "${local.name_prefix}-${each.key}"
  region               = var.region
  cidr_block           = each.value.cidr
  azs                  = each.value.azs
  private_subnet_count = each.value.private_subnets
  public_subnets       = { for idx, az in each.value.azs : az => cidrsubnet(each.value.cidr, 8, 100 + idx) }
  endpoint_services    = var.vpc_endpoint_services
  ingress_rules        = var.ingress_rules
  enable_nat           = var.environment == "prod"
  enable_flow_logs     = true
  tags                 = merge(local.common_tags, { Network = each.key })
}

module "data" {
  source   = "./modules/data"
  for_each = var.data_domains

  prefix        = local.name_prefix
  domain        = each.key
  datasets      = each.value.datasets
  readers       = each.value.readers
  kms_admin_arn = local.account_root
  tags          = merge(local.common_tags, { DataDomain = each.key, Owner = each.value.owner })
}

module "serving" {
  source   = "./modules/sagemaker-serving"
  for_each = local.models

  name                = "${local.name_prefix}-${each.key}"
  image_uri           = "${local.ecr_registry}/${each.value.image}:${each.value.version}"
  model_data_url      = "s3://${module.data[each.value.domain].bucket_names["models"]}/${each.key}/${each.value.version}/model.tar.gz"
  variants            = each.value.variants
  subnet_ids          = module.network[each.value.network].private_subnet_ids
  security_group_ids  = [module.network[each.value.network].security_group_id]
  artifact_bucket_arn = module.data[each.value.domain].bucket_arns["models"]
  artifact_bucket     = module.data[each.value.domain].bucket_names["models"]
  kms_key_arn         = module.data[each.value.domain].kms_key_arn
  alarm_topic_arn     = aws_sns_topic.alerts.arn
  log_retention_days  = lookup(local.retention_by_env, var.environment, 30)
  environment         = { TEAM = each.value.team, MODEL_VERSION = each.value.version }
  tags                = merge(local.common_tags, { Model = each.key, Team = each.value.team })
}

module "notebook" {
  source   = "./modules/notebook"
  for_each = var.teams

  name          = "${local.name_prefix}-${each.key}"
  vpc_id        = module.network[each.value.network].vpc_id
  subnet_id     = module.network[each.value.network].private_subnet_ids[0]
  bucket_arn    = module.data[each.value.domain].bucket_arns["raw"]
  bucket_name   = module.data[each.value.domain].bucket_names["raw"]
  kms_key_arn   = module.data[each.value.domain].kms_key_arn
  instance_type = each.value.instance_type
  volume_size   = each.value.volume_size
  allowed_cidrs = each.value.allowed_cidrs
  pip_packages  = var.notebook_packages
  model_names   = try(local.models_by_team[each.key], [])
  tags          = merge(local.common_tags, { Team = each.key })
}

resource "aws_sns_topic" "alerts" {
  name              = "${local.name_prefix}-alerts"
  kms_master_key_id = aws_kms_key.platform.arn
}

resource "aws_kms_key" "platform" {
  description         = "Platform key of ${local.name_prefix}"
  enable_key_rotation = true
}

resource "aws_kms_alias" "platform" {
  name          = "alias/${local.name_prefix}-platform"
  target_key_id = aws_kms_key.platform.key_id
}
''',
    "outputs.tf": '''
output "endpoint_names" {
  value = { for name, m in module.serving : name => m.endpoint_name }
}

output "vpc_ids" {
  value = { for name, n in module.network : name => n.vpc_id }
}

output "data_buckets" {
  value = merge([for domain, d in module.data : { for k, b in d.bucket_names : "${domain}/${k}" => b }]...)
}
''',
}
ROOT_STATIC_INSTANCES = 4 + 3   # data sources; alerts topic, platform key and alias


@dataclass
class Context:
    rng: random.Random
    networks: list[str]
    domains: list[str]
    models: list[str]
    counter: int = 0

    def next_id(self) -> str:
        self.counter += 1
        return f"{self.counter:04d}"


@dataclass
class Family:
    name: str
    cloud: str
    weight: float
    emit: Callable[[Context, str, str], tuple[str, int, int]]   # (ctx, id, tags local) -> (hcl, blocks, instances)


def _inference_api(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    model = ctx.rng.choice(ctx.models)
    net = ctx.rng.choice(ctx.networks)
    memory = ctx.rng.choice([256, 512, 1024, 2048])
    return fill('''
resource "aws_iam_role" "api_@N@" {
  name = "${local.name_prefix}-api-@N@"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.@TAGS@
}

resource "aws_iam_role_policy" "api_@N@" {
  name = "invoke-endpoint"
  role = aws_iam_role.api_@N@.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["sagemaker:InvokeEndpoint"]
        Resource = module.serving["@MODEL@"].endpoint_arn
      },
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.api_@N@.arn}:*"
      },
    ]
  })
}

resource "aws_cloudwatch_log_group" "api_@N@" {
  name              = "/aws/lambda/${local.name_prefix}-api-@N@"
  retention_in_days = local.retention_by_env[var.environment]
  tags              = local.@TAGS@
}

resource "aws_lambda_function" "api_@N@" {
  function_name = "${local.name_prefix}-api-@N@"
  role          = aws_iam_role.api_@N@.arn
  handler       = "app.handler"
  runtime       = "python3.12"
  filename      = "${path.module}/build/api.zip"
  timeout       = 30
  memory_size   = @MEMORY@

  environment {
    variables = {
      ENDPOINT_NAME = module.serving["@MODEL@"].endpoint_name
      LOG_LEVEL     = var.environment == "prod" ? "INFO" : "DEBUG"
    }
  }

  vpc_config {
    subnet_ids         = module.network["@NET@"].private_subnet_ids
    security_group_ids = [module.network["@NET@"].security_group_id]
  }

  tags = local.@TAGS@
}

resource "aws_lambda_permission" "api_@N@" {
  statement_id  = "AllowApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.api_@N@.function_name
  principal     = "apigateway.amazonaws.com"
}
''', N=n, TAGS=tags, MODEL=model, NET=net, MEMORY=memory), 5, 5


def _queue(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    receives = ctx.rng.choice([3, 5, 10])
    return fill('''
resource "aws_sqs_queue" "dlq_@N@" {
  name                      = "${local.name_prefix}-jobs-@N@-dlq"
  message_retention_seconds = 1209600
  tags                      = local.@TAGS@
}

resource "aws_sqs_queue" "jobs_@N@" {
  name                       = "${local.name_prefix}-jobs-@N@"
  visibility_timeout_seconds = 300
  kms_master_key_id          = aws_kms_key.platform.arn

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq_@N@.arn
    maxReceiveCount     = @RECEIVES@
  })
  tags = local.@TAGS@
}

resource "aws_sns_topic" "events_@N@" {
  name = "${local.name_prefix}-events-@N@"
  tags = local.@TAGS@
}

resource "aws_sns_topic_subscription" "events_@N@" {
  topic_arn = aws_sns_topic.events_@N@.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.jobs_@N@.arn
}
''', N=n, TAGS=tags, RECEIVES=receives), 4, 4


def _ecr(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    images = sorted(ctx.rng.sample(IMAGES, ctx.rng.choice([2, 3, 4])))
    keep = ctx.rng.choice([10, 20, 30])
    return fill('''
resource "aws_ecr_repository" "images_@N@" {
  for_each             = toset([@IMAGES@])
  name                 = "${local.name_prefix}/@N@/${each.key}"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "KMS"
    kms_key         = aws_kms_key.platform.arn
  }

  tags = merge(local.@TAGS@, { Image = each.key })
}

resource "aws_ecr_lifecycle_policy" "images_@N@" {
  for_each   = aws_ecr_repository.images_@N@
  repository = each.value.name

  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "keep the last @KEEP@ images of ${each.key}"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = @KEEP@
      }
      action = { type = "expire" }
    }]
  })
}
''', N=n, TAGS=tags, IMAGES=", ".join(json.dumps(i) for i in images), KEEP=keep), 2, 2 * len(images)


def _params(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    count = ctx.rng.choice([2, 3, 4])
    model = ctx.rng.choice(ctx.models)
    return fill('''
resource "aws_ssm_parameter" "serving_@N@" {
  count = @COUNT@
  name  = "/${local.name_prefix}/serving/@N@/${count.index}"
  type  = "String"

  value = jsonencode({
    endpoint = module.serving["@MODEL@"].endpoint_name
    shard    = count.index
    shards   = @COUNT@
  })
  tags = local.@TAGS@
}

resource "aws_secretsmanager_secret" "serving_@N@" {
  name       = "${local.name_prefix}/serving/@N@/api-key"
  kms_key_id = aws_kms_key.platform.arn
  tags       = local.@TAGS@
}
''', N=n, TAGS=tags, COUNT=count, MODEL=model), 2, count + 1


def _feature_store(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    domain = ctx.rng.choice(ctx.domains)
    features = ctx.rng.sample(["amount", "country", "device", "velocity_1h", "velocity_24h", "age_days",
                               "basket_size", "score_prev", "segment", "channel"], ctx.rng.choice([3, 4, 5]))
    types = {f: ("String" if f in ("country", "device", "segment", "channel") else "Fractional") for f in features}
    feature_map = ", ".join(f"{f} = {json.dumps(t)}" for f, t in sorted(types.items()))
    shards = ctx.rng.choice([1, 2, 4])
    return fill('''
resource "aws_iam_role" "features_@N@" {
  name = "${local.name_prefix}-features-@N@"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "sagemaker.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.@TAGS@
}

resource "aws_sagemaker_feature_group" "features_@N@" {
  feature_group_name             = "${local.name_prefix}-features-@N@"
  record_identifier_feature_name = "record_id"
  event_time_feature_name        = "event_time"
  role_arn                       = aws_iam_role.features_@N@.arn

  feature_definition {
    feature_name = "record_id"
    feature_type = "String"
  }

  feature_definition {
    feature_name = "event_time"
    feature_type = "String"
  }

  dynamic "feature_definition" {
    for_each = { @FEATURES@ }
    content {
      feature_name = feature_definition.key
      feature_type = feature_definition.value
    }
  }

  offline_store_config {
    s3_storage_config {
      s3_uri     = "s3://${module.data["@DOMAIN@"].bucket_names["features"]}/feature-store/@N@"
      kms_key_id = module.data["@DOMAIN@"].kms_key_arn
    }
  }

  online_store_config {
    enable_online_store = true
  }

  tags = local.@TAGS@
}

resource "aws_dynamodb_table" "features_@N@" {
  name         = "${local.name_prefix}-features-@N@-index"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "record_id"
  range_key    = "event_time"

  attribute {
    name = "record_id"
    type = "S"
  }

  attribute {
    name = "event_time"
    type = "S"
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.platform.arn
  }

  tags = local.@TAGS@
}

resource "aws_kinesis_stream" "features_@N@" {
  name             = "${local.name_prefix}-features-@N@"
  shard_count      = @SHARDS@
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = aws_kms_key.platform.arn
  tags             = local.@TAGS@
}
''', N=n, TAGS=tags, DOMAIN=domain, FEATURES=feature_map, SHARDS=shards), 4, 4


def _pipeline(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    domain = ctx.rng.choice(ctx.domains)
    hour = ctx.rng.randrange(24)
    instance = ctx.rng.choice(INSTANCE_TYPES)
    return fill('''
resource "aws_iam_role" "pipeline_@N@" {
  name = "${local.name_prefix}-pipeline-@N@"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = ["sagemaker.amazonaws.com", "events.amazonaws.com"] }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.@TAGS@
}

resource "aws_sagemaker_pipeline" "train_@N@" {
  pipeline_name         = "${local.name_prefix}-train-@N@"
  pipeline_display_name = "train-@N@"
  role_arn              = aws_iam_role.pipeline_@N@.arn

  pipeline_definition = jsonencode({
    Version = "2020-12-01"
    Steps = [{
      Name = "Train"
      Type = "Training"
      Arguments = {
        AlgorithmSpecification = {
          TrainingImage     = "${local.ecr_registry}/xgboost:latest"
          TrainingInputMode = "File"
        }
        OutputDataConfig = { S3OutputPath = "s3://${module.data["@DOMAIN@"].bucket_names["models"]}/pipelines/@N@" }
        ResourceConfig   = { InstanceCount = 1, InstanceType = "@INSTANCE@", VolumeSizeInGB = 30 }
        RoleArn          = aws_iam_role.pipeline_@N@.arn
      }
    }]
  })
  tags = local.@TAGS@
}

resource "aws_cloudwatch_event_rule" "train_@N@" {
  name                = "${local.name_prefix}-train-@N@"
  schedule_expression = "cron(0 @HOUR@ * * ? *)"
  tags                = local.@TAGS@
}

resource "aws_cloudwatch_event_target" "train_@N@" {
  rule     = aws_cloudwatch_event_rule.train_@N@.name
  arn      = aws_sagemaker_pipeline.train_@N@.arn
  role_arn = aws_iam_role.pipeline_@N@.arn
}
''', N=n, TAGS=tags, DOMAIN=domain, HOUR=hour, INSTANCE=instance), 4, 4


def _etl(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    domain = ctx.rng.choice(ctx.domains)
    paths = sorted(ctx.rng.sample(["events", "orders", "sessions", "labels", "clicks"], ctx.rng.choice([1, 2, 3])))
    workers = ctx.rng.choice([2, 5, 10])
    return fill('''
resource "aws_iam_role" "etl_@N@" {
  name = "${local.name_prefix}-etl-@N@"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "glue.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = local.@TAGS@
}

resource "aws_glue_job" "etl_@N@" {
  name              = "${local.name_prefix}-etl-@N@"
  role_arn          = aws_iam_role.etl_@N@.arn
  glue_version      = "4.0"
  worker_type       = "G.1X"
  number_of_workers = @WORKERS@

  command {
    script_location = "s3://${module.data["@DOMAIN@"].bucket_names["raw"]}/scripts/etl_@N@.py"
    python_version  = "3"
  }

  default_arguments = {
    "--job-language"        = "python"
    "--TARGET_BUCKET"       = module.data["@DOMAIN@"].bucket_names["features"]
    "--enable-metrics"      = "true"
    "--continuous-log-logGroup" = "/aws-glue/jobs/${local.name_prefix}"
  }
  tags = local.@TAGS@
}

resource "aws_glue_crawler" "etl_@N@" {
  name          = "${local.name_prefix}-crawl-@N@"
  role          = aws_iam_role.etl_@N@.arn
  database_name = module.data["@DOMAIN@"].glue_database

  dynamic "s3_target" {
    for_each = toset([@PATHS@])
    content {
      path = "s3://${module.data["@DOMAIN@"].bucket_names["raw"]}/${s3_target.value}/"
    }
  }
  tags = local.@TAGS@
}
''', N=n, TAGS=tags, DOMAIN=domain, WORKERS=workers,
                PATHS=", ".join(json.dumps(p) for p in paths)), 3, 3


def _gcp_training(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    roles = sorted(ctx.rng.sample(["roles/aiplatform.user", "roles/storage.objectViewer", "roles/bigquery.dataViewer",
                                   "roles/logging.logWriter", "roles/monitoring.metricWriter"], ctx.rng.choice([2, 3])))
    storage_class = ctx.rng.choice(["STANDARD", "NEARLINE"])
    return fill('''
resource "google_service_account" "training_@N@" {
  account_id   = "${var.project}-train-@N@"
  display_name = "Training jobs @N@"
}

resource "google_project_iam_member" "training_@N@" {
  for_each = toset([@ROLES@])
  project  = var.gcp_project
  role     = each.value
  member   = "serviceAccount:${google_service_account.training_@N@.email}"
}

resource "google_storage_bucket" "training_@N@" {
  name                        = "${local.name_prefix}-training-@N@"
  location                    = "EU"
  storage_class               = "@CLASS@"
  uniform_bucket_level_access = true

  versioning {
    enabled = true
  }

  lifecycle_rule {
    condition {
      age = 90
    }
    action {
      type = "Delete"
    }
  }

  labels = merge(local.google_labels, { for k, v in local.@TAGS@ : lower(k) => lower(v) if k == "Component" })
}

resource "google_storage_bucket_iam_member" "training_@N@" {
  bucket = google_storage_bucket.training_@N@.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.training_@N@.email}"
}
''', N=n, TAGS=tags, CLASS=storage_class, ROLES=", ".join(json.dumps(r) for r in roles)), 4, 3 + len(roles)


def _gcp_serving(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    return fill('''
resource "google_vertex_ai_dataset" "serving_@N@" {
  display_name        = "${local.name_prefix}-dataset-@N@"
  metadata_schema_uri = "gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml"
  region              = var.gcp_region
  labels              = local.google_labels
}

resource "google_vertex_ai_endpoint" "serving_@N@" {
  name         = "@NUM@"
  display_name = "${local.name_prefix}-endpoint-@N@"
  location     = var.gcp_region
  region       = var.gcp_region
  labels       = merge(local.google_labels, { revision = lower(local.@TAGS@["Revision"]) })
}

resource "google_pubsub_topic" "serving_@N@" {
  name   = "${local.name_prefix}-predictions-@N@"
  labels = local.google_labels
}

resource "google_pubsub_subscription" "serving_@N@" {
  name                 = "${local.name_prefix}-predictions-@N@-bq"
  topic                = google_pubsub_topic.serving_@N@.id
  ack_deadline_seconds = 20

  retry_policy {
    minimum_backoff = "10s"
  }
}
''', N=n, NUM=int(n) + 1000, TAGS=tags), 4, 4


def _gcp_analytics(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    tables = ctx.rng.choice([1, 2, 3])
    return fill('''
resource "google_bigquery_dataset" "analytics_@N@" {
  dataset_id                 = replace("${local.name_prefix}_analytics_@N@", "-", "_")
  location                   = "EU"
  delete_contents_on_destroy = false
  labels                     = local.google_labels
}

resource "google_bigquery_table" "analytics_@N@" {
  count      = @TABLES@
  dataset_id = google_bigquery_dataset.analytics_@N@.dataset_id
  table_id   = "predictions_${count.index}"

  time_partitioning {
    type = "DAY"
  }

  schema = jsonencode([
    { name = "request_id", type = "STRING", mode = "REQUIRED" },
    { name = "score", type = "FLOAT", mode = "NULLABLE" },
    { name = "ts", type = "TIMESTAMP", mode = "REQUIRED" },
  ])
  labels = local.google_labels
}
''', N=n, TABLES=tables), 2, 1 + tables


def _azure_ml(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    containers = sorted(ctx.rng.sample(["raw", "curated", "models", "features"], ctx.rng.choice([2, 3])))
    return fill('''
resource "azurerm_resource_group" "ml_@N@" {
  name     = "rg-${local.name_prefix}-ml-@N@"
  location = var.azure_location
  tags     = local.@TAGS@
}

resource "azurerm_storage_account" "ml_@N@" {
  name                     = substr(replace("st${var.project}${var.environment}@N@", "-", ""), 0, 24)
  resource_group_name      = azurerm_resource_group.ml_@N@.name
  location                 = azurerm_resource_group.ml_@N@.location
  account_tier             = "Standard"
  account_replication_type = var.environment == "prod" ? "GRS" : "LRS"
  min_tls_version          = "TLS1_2"
  tags                     = local.@TAGS@
}

resource "azurerm_storage_container" "ml_@N@" {
  for_each              = toset([@CONTAINERS@])
  name                  = each.key
  storage_account_id    = azurerm_storage_account.ml_@N@.id
  container_access_type = "private"
}

resource "azurerm_key_vault" "ml_@N@" {
  name                = "kv-${var.project}-@N@"
  resource_group_name = azurerm_resource_group.ml_@N@.name
  location            = azurerm_resource_group.ml_@N@.location
  tenant_id           = data.azurerm_client_config.current.tenant_id
  sku_name            = "standard"
  tags                = local.@TAGS@
}

resource "azurerm_log_analytics_workspace" "ml_@N@" {
  name                = "log-${local.name_prefix}-@N@"
  resource_group_name = azurerm_resource_group.ml_@N@.name
  location            = azurerm_resource_group.ml_@N@.location
  retention_in_days   = 30
  tags                = local.@TAGS@
}

resource "azurerm_application_insights" "ml_@N@" {
  name                = "appi-${local.name_prefix}-@N@"
  resource_group_name = azurerm_resource_group.ml_@N@.name
  location            = azurerm_resource_group.ml_@N@.location
  workspace_id        = azurerm_log_analytics_workspace.ml_@N@.id
  application_type    = "web"
  tags                = local.@TAGS@
}

resource "azurerm_machine_learning_workspace" "ml_@N@" {
  name                    = "mlw-${local.name_prefix}-@N@"
  resource_group_name     = azurerm_resource_group.ml_@N@.name
  location                = azurerm_resource_group.ml_@N@.location
  application_insights_id = azurerm_application_insights.ml_@N@.id
  key_vault_id            = azurerm_key_vault.ml_@N@.id
  storage_account_id      = azurerm_storage_account.ml_@N@.id

  identity {
    type = "SystemAssigned"
  }
  tags = local.@TAGS@
}
''', N=n, TAGS=tags, CONTAINERS=", ".join(json.dumps(c) for c in containers)), 7, 6 + len(containers)


def _log_group(ctx: Context, n: str, tags: str) -> tuple[str, int, int]:
    """The smallest family: one instance, used to land on the exact target."""
    return fill('''
resource "aws_cloudwatch_log_group" "jobs_@N@" {
  name              = "/${local.name_prefix}/jobs/@N@"
  retention_in_days = 14
  tags              = local.@TAGS@
}
''', N=n, TAGS=tags), 1, 1


FAMILIES = [
    Family("inference-api", "aws", 0.16, _inference_api),
    Family("queues", "aws", 0.12, _queue),
    Family("images", "aws", 0.10, _ecr),
    Family("parameters", "aws", 0.08, _params),
    Family("feature-store", "aws", 0.10, _feature_store),
    Family("pipelines", "aws", 0.12, _pipeline),
    Family("etl", "aws", 0.10, _etl),
    Family("gcp-training", "google", 0.06, _gcp_training),
    Family("gcp-serving", "google", 0.05, _gcp_serving),
    Family("gcp-analytics", "google", 0.03, _gcp_analytics),
    Family("azure-ml", "azurerm", 0.08, _azure_ml),
]
LOG_GROUP = Family("log-groups", "aws", 0.0, _log_group)


# ----------------------------------------------------------------------------------------- driver


@dataclass
class Stats:
    resources_target: int
    instances: int = 0
    files: int = 0
    blocks: int = 0
    module_instances: dict[str, int] = field(default_factory=dict)
    by_part: dict[str, int] = field(default_factory=dict)

    def add(self, part: str, instances: int) -> None:
        self.instances += instances
        self.by_part[part] = self.by_part.get(part, 0) + instances

    def as_dict(self) -> dict[str, Any]:
        return {"resources_target": self.resources_target, "instances": self.instances, "files": self.files,
                "resource_blocks_in_stack_files": self.blocks, "module_instances": self.module_instances,
                "instances_by_part": dict(sorted(self.by_part.items()))}


def _write(path: Path, text: str, stats: Stats) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    if path.suffix == ".tf":
        stats.files += 1


def generate(root: Path, resources: int, seed: int = 7) -> dict[str, Any]:
    """Write an estate of about ``resources`` resource instances into ``root`` (emptied first).

    Returns statistics, including the exact number of instances (``instances``) the estate expands to.
    """
    rng = random.Random(f"infra2arch-synthetic-{seed}-{resources}")
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    stats = Stats(resources)

    for folder, files in (("network", NETWORK), ("data", DATA), ("sagemaker-serving", SERVING), ("notebook", NOTEBOOK)):
        for name, text in files.items():
            _write(root / "modules" / folder / name, text, stats)
    for name, text in ROOT_STATIC.items():
        _write(root / name, text, stats)
    stats.add("root", ROOT_STATIC_INSTANCES)

    endpoints = sorted(rng.sample(ENDPOINT_SERVICES, 4))

    # networks: 12 %
    networks: list[str] = []
    while not networks or stats.by_part.get("module.network", 0) < 0.12 * resources:
        i = len(networks)
        networks.append(f"net{i:02d}")
        stats.add("module.network", network_instances(2 + i % 3, 2 + i % 2, len(endpoints)))

    # data domains: 20 %
    domains: dict[str, Any] = {}
    while not domains or stats.by_part.get("module.data", 0) < 0.20 * resources:
        i = len(domains)
        name = DOMAINS[i % len(DOMAINS)] + ("" if i < len(DOMAINS) else f"-{i // len(DOMAINS)}")
        datasets: dict[str, Any] = {"raw": {"retention_days": 365, "tier": "STANDARD"},
                                    "features": {"retention_days": 180},
                                    "models": {"versioned": True}}
        for extra in sorted(rng.sample(EXTRA_DATASETS, rng.choice([0, 1, 2, 3]))):
            cfg: dict[str, Any] = {}
            if rng.random() < 0.5:
                cfg["retention_days"] = rng.choice([30, 90, 400])
            if rng.random() < 0.3:
                cfg["tier"] = "INTELLIGENT_TIERING"
            if rng.random() < 0.2:
                cfg["versioned"] = False
            datasets[extra] = cfg
        readers = [f"arn:aws:iam::{rng.randrange(10**11, 10**12)}:role/{name}-reader"] if rng.random() < 0.4 else []
        entry = {"owner": f"{name}-data@example.com", "datasets": datasets}
        if readers:
            entry["readers"] = readers
        domains[name] = entry
        expiring = sum(1 for d in datasets.values() if d.get("retention_days", 0) > 0)
        stats.add("module.data", data_instances(len(datasets), expiring))

    # teams (notebooks): 5 %
    teams: dict[str, Any] = {}
    while not teams or stats.by_part.get("module.notebook", 0) < 0.05 * resources:
        i = len(teams)
        name = TEAMS[i % len(TEAMS)] + ("" if i < len(TEAMS) else f"-{i // len(TEAMS)}")
        entry = {"network": rng.choice(networks), "domain": rng.choice(list(domains))}
        if rng.random() < 0.5:
            entry["instance_type"] = rng.choice(["ml.t3.large", "ml.g4dn.xlarge", "ml.m5.2xlarge"])
        if rng.random() < 0.3:
            entry["volume_size"] = rng.choice([100, 200])
        cidrs = [f"10.{200 + rng.randrange(50)}.{rng.randrange(256)}.0/24" for _ in range(rng.choice([0, 1, 1, 2]))]
        if cidrs:
            entry["allowed_cidrs"] = cidrs
        teams[name] = entry
        stats.add("module.notebook", notebook_instances(len(cidrs)))

    # models (serving): 25 %
    models: dict[str, Any] = {}
    while not models or stats.by_part.get("module.serving", 0) < 0.25 * resources:
        i = len(models)
        name = f"{USE_CASES[i % len(USE_CASES)]}-{i:03d}"
        variants = rng.choices([1, 2, 3], weights=[5, 4, 1])[0]
        entry = {"network": rng.choice(networks), "domain": rng.choice(list(domains)), "team": rng.choice(list(teams)),
                 "image": rng.choice(IMAGES), "version": f"1.{rng.randrange(10)}.{rng.randrange(20)}"}
        if rng.random() < 0.7:
            entry["instance_type"] = rng.choice(INSTANCE_TYPES)
        if variants != 1:
            entry["variant_count"] = variants
        models[name] = entry
        stats.add("module.serving", serving_instances(variants))
    stats.module_instances = {"network": len(networks), "data": len(domains), "notebook": len(teams),
                              "serving": len(models)}

    tfvars = "\n".join([
        'project     = "mlp"',
        'environment = "prod"',
        f"network_count = {len(networks)}",
        f"vpc_endpoint_services = {hcl_value(endpoints)}",
        f"data_domains = {hcl_value(domains)}",
        f"teams = {hcl_value(teams)}",
        f"models = {hcl_value(models)}",
        "",
    ])
    _write(root / "terraform.tfvars", tfvars, stats)
    _write(root / "region.auto.tfvars", 'region = "us-east-1"\n', stats)

    # stack files: the rest, ~20 resource blocks per file, one kind of family per file
    ctx = Context(rng, networks, list(domains), list(models))
    weights = [f.weight for f in FAMILIES]
    file_index = 0
    remaining = resources - stats.instances
    while remaining > 0:
        family = rng.choices(FAMILIES, weights=weights)[0]
        if remaining < 12:
            family = LOG_GROUP
        file_index += 1
        tags = f"stack_{file_index:03d}_tags"
        chunks = [fill('''
# @FAMILY@ (generated by benchmarks/synthetic.py)

locals {
  @TAGS@ = merge(local.common_tags, {
    Component = "@FAMILY@"
    Revision  = "r0"
  })
}
''', FAMILY=family.name, TAGS=tags)]
        blocks = 0
        while blocks < BLOCKS_PER_FILE and remaining > 0:
            if remaining < 12:
                family = LOG_GROUP
            text, n_blocks, n_instances = family.emit(ctx, ctx.next_id(), tags)
            chunks.append(text)
            blocks += n_blocks
            remaining -= n_instances
            stats.blocks += n_blocks
            stats.add(f"stack:{family.cloud}", n_instances)
        _write(root / f"stack_{file_index:03d}_{family.name.replace('-', '_')}.tf", "".join(chunks), stats)
    return stats.as_dict()


def stack_files(root: Path) -> list[Path]:
    return sorted(Path(root).glob("stack_*.tf"))


def touch(root: Path, revision: int | None = None) -> Path:
    """Change the Revision tag of the first stack file (a one-line edit). Returns the file changed."""
    path = stack_files(root)[0]
    text = path.read_text(encoding="utf-8")
    current = int(REVISION.search(text).group(1))  # type: ignore[union-attr]
    new = current + 1 if revision is None else revision
    path.write_text(REVISION.sub(f'Revision  = "r{new}"', text, count=1), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic AI/ML Terraform estate.")
    parser.add_argument("out_dir", type=Path, help="directory to write (emptied first)")
    parser.add_argument("--resources", type=int, default=1000, help="target number of resource instances")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shape", choices=("modules", "dense"), default="modules",
                        help="modules: this file's estate; dense: synthetic_dense.py (~20 blocks per file, one root)")
    args = parser.parse_args(argv)
    if args.resources < 100:
        parser.error("--resources must be at least 100")
    if args.shape == "dense":
        import synthetic_dense

        stats = synthetic_dense.generate(args.out_dir, args.resources, args.seed)
    else:
        stats = generate(args.out_dir, args.resources, args.seed)
    json.dump(stats, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
