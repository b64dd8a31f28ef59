resource "aws_sns_topic" "alerts" {
  count = var.enable_monitoring ? 1 : 0

  name              = "${local.name}-ml-alerts"
  kms_master_key_id = aws_kms_alias.ml.name

  tags = local.common_tags
}

resource "aws_sns_topic_subscription" "email" {
  count = var.enable_monitoring && var.alarm_email != "" ? 1 : 0

  topic_arn = aws_sns_topic.alerts[0].arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "endpoint_5xx" {
  count = var.enable_monitoring ? 1 : 0

  alarm_name          = "${local.endpoint_name}-5xx"
  alarm_description   = "Model container errors on ${local.endpoint_name}"
  namespace           = "AWS/SageMaker"
  metric_name         = "Invocation5XXErrors"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 5
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    EndpointName = aws_sagemaker_endpoint.main.name
    VariantName  = "primary"
  }

  alarm_actions = [aws_sns_topic.alerts[0].arn]
  ok_actions    = [aws_sns_topic.alerts[0].arn]

  tags = local.common_tags
}

resource "aws_cloudwatch_metric_alarm" "endpoint_latency" {
  count = var.enable_monitoring ? 1 : 0

  alarm_name          = "${local.endpoint_name}-p99-latency"
  alarm_description   = "p99 model latency above 500 ms on ${local.endpoint_name}"
  namespace           = "AWS/SageMaker"
  metric_name         = "ModelLatency"
  extended_statistic  = "p99"
  period              = 300
  evaluation_periods  = 3
  threshold           = 500000 # microseconds
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"

  dimensions = {
    EndpointName = aws_sagemaker_endpoint.main.name
    VariantName  = "primary"
  }

  alarm_actions = [aws_sns_topic.alerts[0].arn]

  tags = local.common_tags
}
