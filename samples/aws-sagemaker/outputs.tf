output "api_url" {
  description = "Invoke URL of the scoring API (POST /v1/predict)."
  value       = "${aws_apigatewayv2_stage.default.invoke_url}v1/predict"
}

output "endpoint_name" {
  description = "Name of the SageMaker endpoint."
  value       = aws_sagemaker_endpoint.main.name
}

output "ecr_repository_url" {
  description = "Push serving images here."
  value       = aws_ecr_repository.serving.repository_url
}

output "artifacts_bucket" {
  description = "Bucket that holds model.tar.gz and data capture."
  value       = aws_s3_bucket.artifacts.bucket
}

output "training_data_bucket" {
  description = "Bucket that holds training data."
  value       = aws_s3_bucket.training_data.bucket
}

output "kms_key_arn" {
  description = "ARN of the ML customer-managed key."
  value       = aws_kms_key.ml.arn
}

output "subnets" {
  description = "Public and private subnet IDs by availability zone."
  value = {
    for key, pair in module.subnet_pair : local.azs[key].az => {
      public  = pair.public_subnet_id
      private = pair.private_subnet_id
    }
  }
}

output "notebook_url" {
  description = "URL of the research notebook."
  value       = aws_sagemaker_notebook_instance.research.url
}
