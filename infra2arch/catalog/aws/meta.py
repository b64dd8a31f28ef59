"""AWS data sources that describe the caller or the provider, not infrastructure: hidden helpers."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape

_HELPERS = (
    ("aws_caller_identity", "caller identity"), ("aws_partition", "partition"), ("aws_region", "region"),
    ("aws_regions", "regions"), ("aws_availability_zones", "availability zones"),
    ("aws_availability_zone", "availability zone"), ("aws_iam_session_context", "IAM session context"),
    ("aws_canonical_user_id", "canonical user id"), ("aws_default_tags", "default tags"),
    ("aws_ami", "AMI lookup"), ("aws_ip_ranges", "AWS IP ranges"), ("aws_arn", "ARN parser"),
    ("aws_service_principal", "service principal"), ("aws_prefix_list", "prefix list"),
    ("aws_ec2_managed_prefix_list", "managed prefix list"), ("aws_sagemaker_prebuilt_ecr_image", "SageMaker prebuilt image"),
    ("aws_elb_service_account", "ELB service account"), ("aws_billing_service_account", "billing service account"),
    ("aws_iam_roles", "IAM role lookup"),
    # a token for the kubernetes/helm providers, and the list of Bedrock models a region offers
    ("aws_eks_cluster_auth", "EKS cluster token"), ("aws_bedrock_foundation_models", "Bedrock model list"),
)

KINDS = tuple(Kind(tf_type, Category.OTHER, label, shape=Shape.HIDDEN, name_attr=None, free=True)
              for tf_type, label in _HELPERS) + (
    Kind("aws_sns_topic_subscription", Category.STORAGE_QUEUE, "SNS subscription", shape=Shape.FOLD,
         parent="topic_arn", name_attr=None, free=True, live=("sns:subscription",)),
)
