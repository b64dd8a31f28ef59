"""A dense estate: Terraform written the way platform teams write it, for the scan benchmark.

Where ``synthetic.py`` models a module-heavy estate (many instances from few blocks), this one has
one flat root module of ~500 files with about 20 resource blocks each and ~590 bytes per block:
heredoc IAM and KMS policies with interpolations, nested blocks (encryption rules, containers,
block devices), ``dynamic`` blocks over locals, ``count`` from variables and locals, ``merge``d
tags and ``${...}`` in nearly every string. 10,000 resources come to ~501 files and ~5.9 MB.

Deterministic: the same (resources, seed) writes byte-identical files. Every ``stack_NNN.tf`` has
one ``Revision = "r0"`` tag, so ``synthetic.touch()`` works on it as on the other shape.

    python benchmarks/synthetic_dense.py OUT_DIR --resources 10000
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

INSTANCE_TYPES = ["ml.m5.large", "ml.m5.xlarge", "ml.c5.2xlarge", "ml.g4dn.xlarge", "ml.g5.2xlarge"]
TEAMS = ["ds", "mlops", "research", "vision", "nlp", "recsys", "forecasting", "platform", "risk", "search"]
RUNTIMES = ["python3.11", "python3.12", "nodejs20.x"]
SERVICES = ["sagemaker.amazonaws.com", "lambda.amazonaws.com", "ec2.amazonaws.com", "states.amazonaws.com"]

MAIN = """\
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.40"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "project" {
  type    = string
  default = "mlp"
}

variable "environment" {
  type    = string
  default = "prod"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "account_id" {
  type    = string
  default = "123456789012"
}

variable "vpc_cidr" {
  type    = string
  default = "10.40.0.0/16"
}

variable "enable_alarms" {
  type    = bool
  default = true
}

variable "allowed_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

variable "log_retention_days" {
  type    = number
  default = 90
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

locals {
  prefix = "${var.project}-${var.environment}"
  azs    = ["${var.region}a", "${var.region}b", "${var.region}c"]
  common_tags = {
    Project     = var.project
    Environment = var.environment
    ManagedBy   = "terraform"
    CostCenter  = "ml-${var.environment}"
  }
  ingress_ports = [443, 8080, 8443]
  managed_policies = [
    "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess",
    "arn:aws:iam::aws:policy/AmazonSageMakerFullAccess",
  ]
}

resource "aws_vpc" "main" {
  cidr_block           = var.vpc_cidr
  enable_dns_hostnames = true
  tags                 = merge(local.common_tags, { Name = "${local.prefix}-vpc" })
}

resource "aws_subnet" "private" {
  count             = length(local.azs)
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone = local.azs[count.index]
  tags              = merge(local.common_tags, { Name = "${local.prefix}-private-${count.index}", Tier = "private" })
}
"""
MAIN_INSTANCES = 2 + 1 + 3   # two data sources, the VPC, three subnets


def _block(kind: str, n: str, i: int, rng: random.Random, c: dict[str, Any]) -> tuple[str, int]:
    """One resource block of the given kind for service ``n`` (``svc042``); its instance count."""
    s = f"local.{n}"
    r = f"{n}_{kind}"
    if kind == "role":
        return f'''
resource "aws_iam_role" "{r}" {{
  name                 = "${{{s}.name}}-exec"
  max_session_duration = 3600
  assume_role_policy   = <<-EOF
    {{
      "Version": "2012-10-17",
      "Statement": [
        {{
          "Effect": "Allow",
          "Principal": {{ "Service": "{c["service"]}" }},
          "Action": "sts:AssumeRole",
          "Condition": {{ "StringEquals": {{ "aws:SourceAccount": "${{var.account_id}}" }} }}
        }}
      ]
    }}
  EOF
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "policy":
        return f'''
resource "aws_iam_role_policy" "{r}" {{
  name   = "${{{s}.name}}-access"
  role   = aws_iam_role.{n}_role.id
  policy = <<-EOF
    {{
      "Version": "2012-10-17",
      "Statement": [
        {{
          "Sid": "ReadData",
          "Effect": "Allow",
          "Action": ["s3:GetObject", "s3:ListBucket", "s3:PutObject"],
          "Resource": ["${{aws_s3_bucket.{n}_bucket.arn}}", "${{aws_s3_bucket.{n}_bucket.arn}}/*"]
        }},
        {{
          "Sid": "UseKey",
          "Effect": "Allow",
          "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
          "Resource": "${{aws_kms_key.{n}_key.arn}}"
        }},
        {{
          "Sid": "Logs",
          "Effect": "Allow",
          "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
          "Resource": "arn:aws:logs:${{var.region}}:${{var.account_id}}:log-group:/aws/${{{s}.name}}*"
        }}
      ]
    }}
  EOF
}}
''', 1
    if kind == "attach":
        return f'''
resource "aws_iam_role_policy_attachment" "{r}" {{
  count      = {s}.attachments
  role       = aws_iam_role.{n}_role.name
  policy_arn = local.managed_policies[count.index]
}}
''', c["attachments"]
    if kind == "key":
        return f'''
resource "aws_kms_key" "{r}" {{
  description             = "Data key for ${{{s}.name}}"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  policy                  = <<-EOF
    {{
      "Version": "2012-10-17",
      "Statement": [
        {{
          "Sid": "Root",
          "Effect": "Allow",
          "Principal": {{ "AWS": "arn:aws:iam::${{data.aws_caller_identity.current.account_id}}:root" }},
          "Action": "kms:*",
          "Resource": "*"
        }}
      ]
    }}
  EOF
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "bucket":
        return f'''
resource "aws_s3_bucket" "{r}" {{
  bucket        = "${{{s}.name}}-${{data.aws_region.current.name}}-data"
  force_destroy = false
  tags          = merge({s}.tags, {{ DataClass = "{c["data_class"]}", Name = "${{{s}.name}}-data" }})
}}
''', 1
    if kind == "sse":
        return f'''
resource "aws_s3_bucket_server_side_encryption_configuration" "{r}" {{
  bucket = aws_s3_bucket.{n}_bucket.id
  rule {{
    bucket_key_enabled = true
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.{n}_key.arn
    }}
  }}
}}
''', 1
    if kind == "lifecycle":
        return f'''
resource "aws_s3_bucket_lifecycle_configuration" "{r}" {{
  bucket = aws_s3_bucket.{n}_bucket.id
  dynamic "rule" {{
    for_each = {s}.retention
    content {{
      id     = "expire-${{rule.key}}"
      status = "Enabled"
      filter {{
        prefix = "${{rule.key}}/"
      }}
      expiration {{
        days = rule.value
      }}
    }}
  }}
}}
''', 1
    if kind == "pab":
        return f'''
resource "aws_s3_bucket_public_access_block" "{r}" {{
  bucket                  = aws_s3_bucket.{n}_bucket.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = {str(c["restrict"]).lower()}
}}
''', 1
    if kind == "sg":
        open_cidr = '"0.0.0.0/0"' if c["public"] else "var.allowed_cidrs[0]"
        return f'''
resource "aws_security_group" "{r}" {{
  name        = "${{{s}.name}}-sg"
  description = "Traffic to ${{{s}.name}}"
  vpc_id      = aws_vpc.main.id
  dynamic "ingress" {{
    for_each = local.ingress_ports
    content {{
      description = "port ${{ingress.value}}"
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [{open_cidr}]
    }}
  }}
  egress {{
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }}
  tags = merge({s}.tags, {{ Name = "${{{s}.name}}-sg" }})
}}
''', 1
    if kind == "sgrule":
        return f'''
resource "aws_security_group_rule" "{r}" {{
  count                    = length(var.allowed_cidrs)
  type                     = "ingress"
  description              = "from ${{var.allowed_cidrs[count.index]}} to ${{{s}.name}}"
  from_port                = 443
  to_port                  = 443
  protocol                 = "tcp"
  security_group_id        = aws_security_group.{n}_sg.id
  source_security_group_id = aws_security_group.{c["peer"]}_sg.id
}}
''', 1
    if kind == "lambda":
        return f'''
resource "aws_lambda_function" "{r}" {{
  function_name = "${{{s}.name}}-invoke"
  role          = aws_iam_role.{n}_role.arn
  runtime       = "{c["runtime"]}"
  handler       = "app.handler"
  filename      = "${{path.module}}/build/${{{s}.name}}.zip"
  memory_size   = {c["memory"]}
  timeout       = 30
  environment {{
    variables = {{
      ENDPOINT_NAME = aws_sagemaker_endpoint.{n}_endpoint.name
      BUCKET        = aws_s3_bucket.{n}_bucket.id
      LOG_LEVEL     = "${{upper(var.environment)}}_INFO"
    }}
  }}
  vpc_config {{
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.{n}_sg.id]
  }}
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "model":
        return f'''
resource "aws_sagemaker_model" "{r}" {{
  name               = "${{{s}.name}}-model-v{c["version"]}"
  execution_role_arn = aws_iam_role.{n}_role.arn
  primary_container {{
    image          = "${{var.account_id}}.dkr.ecr.${{var.region}}.amazonaws.com/${{{s}.name}}:{c["version"]}"
    model_data_url = "s3://${{aws_s3_bucket.{n}_bucket.id}}/models/v{c["version"]}/model.tar.gz"
    environment = {{
      SAGEMAKER_PROGRAM = "inference.py"
    }}
  }}
  vpc_config {{
    subnets            = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.{n}_sg.id]
  }}
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "epconfig":
        return f'''
resource "aws_sagemaker_endpoint_configuration" "{r}" {{
  name        = "${{{s}.name}}-config"
  kms_key_arn = aws_kms_key.{n}_key.arn
  dynamic "production_variants" {{
    for_each = {s}.variants
    content {{
      variant_name           = production_variants.key
      model_name             = aws_sagemaker_model.{n}_model.name
      initial_instance_count = production_variants.value.count
      instance_type          = production_variants.value.type
      initial_variant_weight = 1
    }}
  }}
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "endpoint":
        return f'''
resource "aws_sagemaker_endpoint" "{r}" {{
  name                 = "${{{s}.name}}-endpoint"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.{n}_epconfig.name
  deployment_config {{
    blue_green_update_policy {{
      traffic_routing_configuration {{
        type                     = "ALL_AT_ONCE"
        wait_interval_in_seconds = 300
      }}
    }}
  }}
  tags = merge({s}.tags, {{ Endpoint = "${{{s}.name}}-endpoint" }})
}}
''', 1
    if kind == "logs":
        return f'''
resource "aws_cloudwatch_log_group" "{r}" {{
  name              = "/aws/sagemaker/Endpoints/${{{s}.name}}-endpoint"
  retention_in_days = var.log_retention_days
  kms_key_id        = aws_kms_key.{n}_key.arn
  tags              = {s}.tags
}}
''', 1
    if kind == "alarm":
        return f'''
resource "aws_cloudwatch_metric_alarm" "{r}" {{
  count               = var.enable_alarms ? {s}.alarms : 0
  alarm_name          = "${{{s}.name}}-${{count.index == 0 ? "latency" : "errors"}}"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  metric_name         = count.index == 0 ? "ModelLatency" : "Invocation5XXErrors"
  namespace           = "AWS/SageMaker"
  period              = 60
  statistic           = "Average"
  threshold           = count.index == 0 ? 250000 : 5
  dimensions = {{
    EndpointName = aws_sagemaker_endpoint.{n}_endpoint.name
    VariantName  = "primary"
  }}
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', c["alarms"]
    if kind == "queue":
        return f'''
resource "aws_sqs_queue" "{r}" {{
  name                       = "${{{s}.name}}-requests"
  visibility_timeout_seconds = 120
  kms_master_key_id          = aws_kms_key.{n}_key.id
  redrive_policy = jsonencode({{
    deadLetterTargetArn = "arn:aws:sqs:${{var.region}}:${{var.account_id}}:${{{s}.name}}-dlq"
    maxReceiveCount     = 5
  }})
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "ecr":
        return f'''
resource "aws_ecr_repository" "{r}" {{
  name                 = "${{{s}.name}}"
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {{
    scan_on_push = true
  }}
  encryption_configuration {{
    encryption_type = "KMS"
    kms_key         = aws_kms_key.{n}_key.arn
  }}
  tags = merge({s}.tags, {{ Component = "{kind}" }})
}}
''', 1
    if kind == "instance":
        return f'''
resource "aws_instance" "{r}" {{
  ami                    = "ami-0{c["ami"]:016x}"
  instance_type          = "{c["ec2_type"]}"
  subnet_id              = aws_subnet.private[{i % 3}].id
  vpc_security_group_ids = [aws_security_group.{n}_sg.id]
  user_data              = <<-EOT
    #!/bin/bash
    echo "SERVICE=${{{s}.name}}" >> /etc/environment
    aws s3 cp s3://${{aws_s3_bucket.{n}_bucket.id}}/bootstrap.sh /opt/bootstrap.sh
  EOT
  root_block_device {{
    volume_size = 50
    encrypted   = true
    kms_key_id  = aws_kms_key.{n}_key.arn
  }}
  dynamic "ebs_block_device" {{
    for_each = {s}.volumes
    content {{
      device_name = ebs_block_device.key
      volume_size = ebs_block_device.value
      encrypted   = true
    }}
  }}
  tags = merge({s}.tags, {{ Name = "${{{s}.name}}-worker" }})
}}
''', 1
    raise KeyError(kind)


KINDS = ["role", "policy", "attach", "key", "bucket", "sse", "lifecycle", "pab", "sg", "sgrule", "lambda",
         "model", "epconfig", "endpoint", "logs", "alarm", "queue", "ecr", "instance"]
assert len(KINDS) == 19   # plus one more block per file: a second lambda or queue (20 blocks)


def _service(index: int, rng: random.Random, previous: str | None) -> tuple[str, int]:
    n = f"svc{index:03d}"
    team = rng.choice(TEAMS)
    alarms = rng.choice([1, 2])
    attachments = rng.choice([0, 1])
    variants = {"primary": {"count": rng.choice([1, 2]), "type": rng.choice(INSTANCE_TYPES)}}
    if rng.random() < 0.3:
        variants["shadow"] = {"count": 1, "type": rng.choice(INSTANCE_TYPES)}
    retention = {"raw": rng.choice([30, 90, 365]), "features": rng.choice([90, 180])}
    volumes = {"/dev/sdf": rng.choice([100, 200])}
    if rng.random() < 0.4:
        volumes["/dev/sdg"] = 500
    c = {
        "service": rng.choice(SERVICES), "data_class": rng.choice(["internal", "confidential", "restricted"]),
        "restrict": rng.random() < 0.9, "public": rng.random() < 0.08, "peer": previous or n,
        "runtime": rng.choice(RUNTIMES), "memory": rng.choice([512, 1024, 2048]),
        "version": rng.randrange(1, 40), "alarms": alarms, "attachments": attachments,
        "ami": rng.randrange(16 ** 15), "ec2_type": rng.choice(["m6i.large", "g5.xlarge", "c6i.2xlarge"]),
    }

    def hcl(value: Any) -> str:
        if isinstance(value, dict):
            return "{ " + ", ".join(f'{json.dumps(k) if not k.isidentifier() else k} = {hcl(v)}'
                                    for k, v in value.items()) + " }"
        return json.dumps(value)

    head = f'''# {n}: owned by {team} (generated by benchmarks/synthetic_dense.py)

locals {{
  {n} = {{
    name        = "${{local.prefix}}-{team}-{n}"
    alarms      = {alarms}
    attachments = {attachments}
    variants    = {hcl(variants)}
    retention   = {hcl(retention)}
    volumes     = {hcl(volumes)}
    tags = merge(local.common_tags, {{
      Team     = "{team}"
      Service  = "{n}"
      Revision = "r0"
    }})
  }}
}}
'''
    blocks, instances = [], 0
    for i, kind in enumerate(KINDS):
        text, count = _block(kind, n, i, rng, c)
        blocks.append(f"\n# {kind} of {n} ({team}): change through the platform repository{text}")
        instances += count
    extra = rng.choice(["queue", "logs"])
    text, count = _block(extra, n, 0, rng, c)
    blocks.append(text.replace(f'"{n}_{extra}"', f'"{n}_{extra}_2"', 1).replace('-requests"', '-events"')
                  .replace('-endpoint"\n  retention', '-endpoint-data"\n  retention'))
    instances += count
    return head + "".join(blocks), instances


def generate(root: Path, resources: int, seed: int = 7) -> dict[str, Any]:
    """Write a dense estate of about ``resources`` resource instances into ``root`` (emptied first)."""
    rng = random.Random(f"infra2arch-dense-{seed}-{resources}")
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    (root / "main.tf").write_text(MAIN, encoding="utf-8")
    instances, files, size, blocks = MAIN_INSTANCES, 1, len(MAIN.encode()), 5
    previous = None
    index = 0
    while instances < resources:
        index += 1
        text, count = _service(index, rng, previous)
        previous = f"svc{index:03d}"
        path = root / f"stack_{index:03d}.tf"
        path.write_text(text, encoding="utf-8")
        instances += count
        files += 1
        size += len(text.encode())
        blocks += len(KINDS) + 1
    return {"shape": "dense", "target": resources, "instances": instances, "files": files, "bytes": size,
            "resource_blocks": blocks, "bytes_per_block": round(size / blocks), "module_instances": 0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a dense synthetic Terraform estate.")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--resources", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    json.dump(generate(args.out_dir, args.resources, args.seed), sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
