# Lambda: no inbound, HTTPS out to the SageMaker interface endpoints only.
resource "aws_security_group" "lambda" {
  name        = "${local.name}-lambda"
  description = "Invoke Lambda in the private subnets"
  vpc_id      = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "${local.name}-lambda-sg" })
}

resource "aws_vpc_security_group_egress_rule" "lambda_to_endpoint" {
  security_group_id            = aws_security_group.lambda.id
  description                  = "HTTPS to the SageMaker runtime interface endpoint"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.endpoint.id
}

# SageMaker endpoint and interface endpoints: 443 only from the Lambda (and notebook) SGs.
resource "aws_security_group" "endpoint" {
  name        = "${local.name}-sagemaker-endpoint"
  description = "SageMaker model containers and the sagemaker interface endpoints"
  vpc_id      = aws_vpc.main.id

  tags = merge(local.common_tags, { Name = "${local.name}-endpoint-sg" })
}

resource "aws_vpc_security_group_ingress_rule" "endpoint_from_lambda" {
  security_group_id            = aws_security_group.endpoint.id
  description                  = "HTTPS from the invoke Lambda"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.lambda.id
}

resource "aws_vpc_security_group_ingress_rule" "endpoint_from_notebook" {
  security_group_id            = aws_security_group.endpoint.id
  description                  = "HTTPS from the data-science notebook (SageMaker API calls)"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.notebook.id
}

resource "aws_vpc_security_group_egress_rule" "endpoint_to_s3" {
  security_group_id = aws_security_group.endpoint.id
  description       = "HTTPS to S3 through the gateway endpoint (model artifacts)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id
}

# Notebook: DELIBERATELY too open. The ingress is generated from variables whose
# defaults allow 0.0.0.0/0 on 443 (see README, "Deliberate issues").
resource "aws_security_group" "notebook" {
  name        = "${local.name}-notebook"
  description = "Data-science notebook instance"
  vpc_id      = aws_vpc.main.id

  dynamic "ingress" {
    for_each = var.notebook_ingress_ports
    content {
      description = "Notebook access on ${ingress.value}"
      protocol    = "tcp"
      from_port   = ingress.value
      to_port     = ingress.value
      cidr_blocks = var.notebook_allowed_cidrs
    }
  }

  egress {
    description = "All outbound"
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = merge(local.common_tags, { Name = "${local.name}-notebook-sg" })
}
