"""S3 buckets (account-wide: listed once per account, each placed in its own region) with their
server-side encryption, public access block, policy and versioning as the separate Terraform
resources that hold them."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Followups, Scope
from infra2arch_aws.transform import arn_less, policy_json

SERVICE = "s3"
_NO_BUCKET = ("NoSuchBucket",)


def get_buckets(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "list_buckets", "Buckets")


def get_bucket_details(scope: Scope, name: str) -> dict[str, Any]:
    """Region, encryption, public access block, policy and versioning of one bucket (absent ones None)."""
    location = scope.call(SERVICE, "get_bucket_location", absent=_NO_BUCKET, Bucket=name)
    region = (location or {}).get("LocationConstraint") or "us-east-1"
    if region == "EU":
        region = "eu-west-1"
    details: dict[str, Any] = {"region": region if location is not None else None}
    on = region if location is not None else None
    details["encryption"] = scope.call(SERVICE, "get_bucket_encryption", region=on, absent=(
        "ServerSideEncryptionConfigurationNotFoundError", *_NO_BUCKET), Bucket=name)
    details["public_access_block"] = scope.call(SERVICE, "get_public_access_block", region=on, absent=(
        "NoSuchPublicAccessBlockConfiguration", *_NO_BUCKET), Bucket=name)
    details["policy"] = scope.call(SERVICE, "get_bucket_policy", region=on, absent=("NoSuchBucketPolicy", *_NO_BUCKET),
                                   Bucket=name)
    details["versioning"] = scope.call(SERVICE, "get_bucket_versioning", region=on, absent=_NO_BUCKET, Bucket=name)
    return details


def to_terraform_bucket(bucket: Mapping[str, Any], details: Mapping[str, Any], scope: Scope) -> list[Resource]:
    name = bucket["Name"]
    region = details.get("region") or bucket.get("BucketRegion")
    arn = f"arn:{scope.partition}:s3:::{name}"
    out = [scope.resource(arn, "aws_s3_bucket", name, {
        "bucket": name,
        "arn": arn,
        "region": region,
        "bucket_domain_name": f"{name}.s3.amazonaws.com",
    }, "s3:ListBuckets", region=region)]

    def child(tf_type: str, attrs: dict, api: str) -> None:
        out.append(scope.resource(arn_less("s3", None, scope.account, tf_type, name), tf_type, name,
                                  {"bucket": name, **attrs}, api, region=region))

    encryption = ((details.get("encryption") or {}).get("ServerSideEncryptionConfiguration") or {}).get("Rules")
    if encryption:
        rules = []
        for rule in encryption:
            default = rule.get("ApplyServerSideEncryptionByDefault") or {}
            by_default = {k: v for k, v in (("sse_algorithm", default.get("SSEAlgorithm")),
                                            ("kms_master_key_id", default.get("KMSMasterKeyID"))) if v}
            item: dict[str, Any] = {}
            if by_default:
                item["apply_server_side_encryption_by_default"] = [by_default]
            if rule.get("BucketKeyEnabled") is not None:
                item["bucket_key_enabled"] = bool(rule["BucketKeyEnabled"])
            rules.append(item)
        child("aws_s3_bucket_server_side_encryption_configuration", {"rule": rules}, "s3:GetBucketEncryption")
    block = (details.get("public_access_block") or {}).get("PublicAccessBlockConfiguration")
    if block:
        child("aws_s3_bucket_public_access_block", {
            "block_public_acls": bool(block.get("BlockPublicAcls")),
            "block_public_policy": bool(block.get("BlockPublicPolicy")),
            "ignore_public_acls": bool(block.get("IgnorePublicAcls")),
            "restrict_public_buckets": bool(block.get("RestrictPublicBuckets")),
        }, "s3:GetPublicAccessBlock")
    policy = (details.get("policy") or {}).get("Policy")
    if policy:
        child("aws_s3_bucket_policy", {"policy": policy_json(policy)}, "s3:GetBucketPolicy")
    versioning = details.get("versioning") or {}
    if versioning.get("Status"):
        configuration = {k: v for k, v in (("status", versioning.get("Status")),
                                            ("mfa_delete", versioning.get("MFADelete"))) if v}
        child("aws_s3_bucket_versioning", {"versioning_configuration": [configuration]}, "s3:GetBucketVersioning")
    return out


def sync_bucket(scope: Scope, bucket: Mapping[str, Any]) -> list[Resource]:
    return to_terraform_bucket(bucket, get_bucket_details(scope, bucket["Name"]), scope)


def sync_buckets(scope: Scope) -> Followups:
    """One follow-up task per bucket: a bucket costs five calls, and buckets are read concurrently."""
    buckets = [b for b in get_buckets(scope) or () if b.get("Name")]
    return Followups([(f"s3:{b['Name']}", lambda b=b: sync_bucket(scope, b)) for b in buckets])


SYNCS = (("s3", sync_buckets),)
