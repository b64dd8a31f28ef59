# --- Invoke Lambda ------------------------------------------------------------

resource "aws_cloudwatch_log_group" "lambda" {
  name              = "/aws/lambda/${local.name}-invoke"
  retention_in_days = var.log_retention_days

  tags = local.common_tags
}

resource "aws_lambda_function" "invoke" {
  function_name    = "${local.name}-invoke"
  description      = "Validates scoring requests and forwards them to the SageMaker endpoint"
  role             = aws_iam_role.lambda.arn
  runtime          = "python3.12"
  handler          = "invoke_endpoint.handler"
  filename         = "${path.module}/lambda/invoke_endpoint.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/invoke_endpoint.zip")
  memory_size      = var.lambda_memory_mb
  timeout          = 30
  architectures    = ["arm64"]

  environment {
    variables = {
      # Plain string equal to the endpoint's name: no reference to the endpoint resource.
      ENDPOINT_NAME = local.endpoint_name
      LOG_LEVEL     = var.environment == "prod" ? "INFO" : "DEBUG"
    }
  }

  vpc_config {
    subnet_ids         = local.private_subnet_ids
    security_group_ids = [aws_security_group.lambda.id]
  }

  tracing_config {
    mode = "Active"
  }

  tags = local.common_tags

  depends_on = [
    aws_cloudwatch_log_group.lambda,
    aws_iam_role_policy_attachment.lambda_vpc,
  ]
}

# --- HTTP API in front of the Lambda ---------------------------------------------

resource "aws_apigatewayv2_api" "scoring" {
  name          = "${local.name}-scoring-api"
  protocol_type = "HTTP"
  description   = "Public scoring API for ${var.project}"

  cors_configuration {
    allow_methods = ["POST", "OPTIONS"]
    allow_origins = ["https://app.example.com"]
    allow_headers = ["content-type", "authorization"]
  }

  tags = local.common_tags
}

resource "aws_apigatewayv2_integration" "invoke" {
  api_id                 = aws_apigatewayv2_api.scoring.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = aws_lambda_function.invoke.invoke_arn
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "predict" {
  api_id    = aws_apigatewayv2_api.scoring.id
  route_key = "POST /v1/predict"
  target    = "integrations/${aws_apigatewayv2_integration.invoke.id}"
}

resource "aws_cloudwatch_log_group" "api_access" {
  name              = "/aws/apigateway/${local.name}-scoring-api"
  retention_in_days = var.log_retention_days

  tags = local.common_tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.scoring.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api_access.arn
    format = jsonencode({
      requestId = "$context.requestId"
      ip        = "$context.identity.sourceIp"
      route     = "$context.routeKey"
      status    = "$context.status"
      latency   = "$context.integrationLatency"
    })
  }

  tags = local.common_tags
}

resource "aws_lambda_permission" "apigateway" {
  statement_id  = "AllowHttpApiInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.invoke.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.scoring.execution_arn}/*/*"
}
