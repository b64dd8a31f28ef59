region      = "us-east-1"
project     = "fraud-scoring"
environment = "dev"

vpc_cidr = "10.40.0.0/16"
availability_zones = {
  a = { public_cidr = "10.40.0.0/24", private_cidr = "10.40.10.0/24" }
  b = { public_cidr = "10.40.1.0/24", private_cidr = "10.40.11.0/24" }
}

model_image_tag         = "1.4.2"
endpoint_instance_type  = "ml.m5.large"
endpoint_instance_count = 2

enable_monitoring = true
alarm_email       = "ml-oncall@example.com"

tags = {
  Team = "risk-ml"
}
