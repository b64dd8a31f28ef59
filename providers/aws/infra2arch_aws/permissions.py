"""The read-only IAM policy a scan needs: every action the adapter's ``get_*`` functions call, and no
other. Attach it (or the AWS-managed ``ReadOnlyAccess`` / ``SecurityAudit`` + ``AmazonSageMakerReadOnly``)
to the identity that scans. ``python -m infra2arch_aws.permissions`` prints it as JSON.

A test checks that every API a scan calls maps to an action listed here.
"""

from __future__ import annotations

import json

# API name (as counted by the scan: "<signing name>:<operation>") -> IAM action, where they differ
API_TO_ACTION: dict[str, str] = {
    "s3:ListBuckets": "s3:ListAllMyBuckets",
    "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "apigateway:GetRestApis": "apigateway:GET",
    "apigateway:GetResources": "apigateway:GET",
    "apigateway:GetStages": "apigateway:GET",
    "apigateway:GetApis": "apigateway:GET",
    "apigateway:GetIntegrations": "apigateway:GET",
    "apigateway:GetRoutes": "apigateway:GET",
}

ACTIONS: tuple[str, ...] = (
    # SageMaker
    "sagemaker:ListEndpoints", "sagemaker:DescribeEndpoint",
    "sagemaker:ListEndpointConfigs", "sagemaker:DescribeEndpointConfig",
    "sagemaker:ListModels", "sagemaker:DescribeModel",
    "sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance",
    "sagemaker:ListDomains", "sagemaker:DescribeDomain",
    "sagemaker:ListUserProfiles", "sagemaker:DescribeUserProfile", "sagemaker:ListSpaces", "sagemaker:ListApps",
    "sagemaker:ListTrainingJobs", "sagemaker:DescribeTrainingJob",
    "sagemaker:ListProcessingJobs", "sagemaker:DescribeProcessingJob",
    "sagemaker:ListTransformJobs", "sagemaker:DescribeTransformJob",
    "sagemaker:ListPipelines",
    "sagemaker:ListModelPackageGroups", "sagemaker:ListModelPackages", "sagemaker:DescribeModelPackage",
    "sagemaker:ListFeatureGroups", "sagemaker:DescribeFeatureGroup",
    "sagemaker:ListClusters", "sagemaker:DescribeCluster",
    # network
    "ec2:DescribeRegions", "ec2:DescribeVpcs", "ec2:DescribeSubnets", "ec2:DescribeRouteTables",
    "ec2:DescribeInternetGateways", "ec2:DescribeNatGateways", "ec2:DescribeSecurityGroups",
    "ec2:DescribeVpcEndpoints",
    "elasticloadbalancing:DescribeLoadBalancers",
    "apigateway:GET",
    # compute, storage, keys, logs
    "lambda:ListFunctions", "lambda:ListFunctionUrlConfigs",
    "ecr:DescribeRepositories",
    "s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetEncryptionConfiguration",
    "s3:GetBucketPublicAccessBlock", "s3:GetBucketPolicy", "s3:GetBucketVersioning",
    "kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus",
    "logs:DescribeLogGroups",
    # identity
    "iam:GetAccountAuthorizationDetails", "iam:ListRoles", "iam:ListRolePolicies", "iam:GetRolePolicy",
    "iam:ListAttachedRolePolicies",
    # several accounts (--role-arn, --org)
    "organizations:ListAccounts", "sts:AssumeRole",
)


def action_for(api: str) -> str:
    return API_TO_ACTION.get(api, api)


def policy_document() -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Infra2ArchReadOnlyScan",
            "Effect": "Allow",
            "Action": sorted(set(ACTIONS)),
            "Resource": "*",
        }],
    }


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(policy_document(), indent=2))
