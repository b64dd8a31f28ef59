locals {
  image_uri       = "${aws_ecr_repository.serving.repository_url}:${var.model_image_tag}"
  model_data_url  = "s3://${aws_s3_bucket.artifacts.bucket}/${var.model_artifact_key}"
  data_capture_s3 = "s3://${aws_s3_bucket.artifacts.bucket}/data-capture/${local.endpoint_name}"
}

resource "aws_sagemaker_model" "main" {
  name                     = "${local.name}-model-${replace(var.model_image_tag, ".", "-")}"
  execution_role_arn       = aws_iam_role.sagemaker_execution.arn
  enable_network_isolation = true

  primary_container {
    image          = local.image_uri
    model_data_url = local.model_data_url
    mode           = "SingleModel"

    environment = {
      SAGEMAKER_PROGRAM             = "inference.py"
      SAGEMAKER_CONTAINER_LOG_LEVEL = "20"
    }
  }

  vpc_config {
    subnets            = local.private_subnet_ids
    security_group_ids = [aws_security_group.endpoint.id]
  }

  tags = local.common_tags

  depends_on = [aws_iam_role_policy.sagemaker_execution]
}

resource "aws_sagemaker_endpoint_configuration" "main" {
  name_prefix = "${local.name}-"
  kms_key_arn = aws_kms_key.ml.arn

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.main.name
    instance_type          = var.endpoint_instance_type
    initial_instance_count = var.endpoint_instance_count
    initial_variant_weight = 1
  }

  data_capture_config {
    enable_capture              = true
    initial_sampling_percentage = var.environment == "prod" ? 10 : 100
    destination_s3_uri          = local.data_capture_s3
    kms_key_id                  = aws_kms_key.ml.arn

    capture_options {
      capture_mode = "Input"
    }

    capture_options {
      capture_mode = "Output"
    }
  }

  tags = local.common_tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_sagemaker_endpoint" "main" {
  name                 = local.endpoint_name
  endpoint_config_name = aws_sagemaker_endpoint_configuration.main.name

  tags = local.common_tags
}

# --- Data-science notebook -----------------------------------------------------

resource "aws_sagemaker_notebook_instance_lifecycle_configuration" "notebook" {
  name = "${local.name}-notebook-lc"

  on_create = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    sudo -u ec2-user -i <<'EOF2'
    source /home/ec2-user/anaconda3/bin/activate python3
    pip install --quiet "sagemaker>=2.200" "xgboost==2.0.3"
    EOF2
  EOT
  )

  on_start = base64encode(<<-EOT
    #!/bin/bash
    set -euo pipefail
    # Stop the notebook after an hour of inactivity.
    echo "0 * * * * /usr/bin/python3 /home/ec2-user/SageMaker/.auto-stop/autostop.py --time 3600" | crontab -u ec2-user -
    echo "export TRAINING_BUCKET=${aws_s3_bucket.training_data.bucket}" >> /home/ec2-user/.bashrc
    echo "export ARTIFACTS_BUCKET=${aws_s3_bucket.artifacts.bucket}" >> /home/ec2-user/.bashrc
  EOT
  )
}

# DELIBERATE ISSUE: direct_internet_access is not set, so the provider default
# ("Enabled") applies and the notebook gets a SageMaker-managed internet path even
# though it sits in a private subnet.
resource "aws_sagemaker_notebook_instance" "research" {
  name                  = "${local.name}-research"
  role_arn              = aws_iam_role.notebook.arn
  instance_type         = var.notebook_instance_type
  platform_identifier   = "notebook-al2-v2"
  volume_size           = 50
  kms_key_id            = aws_kms_key.ml.id
  subnet_id             = module.subnet_pair[local.nat_az].private_subnet_id
  security_groups       = [aws_security_group.notebook.id]
  lifecycle_config_name = aws_sagemaker_notebook_instance_lifecycle_configuration.notebook.name
  root_access           = "Disabled"

  tags = merge(local.common_tags, { Owner = "data-science" })
}
