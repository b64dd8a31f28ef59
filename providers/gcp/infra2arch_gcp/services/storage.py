"""Cloud Storage (JSON API): the project's buckets and each bucket's IAM policy (public members such as
``allUsers`` become ``google_storage_bucket_iam_member`` resources, which the zones and findings read)."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import quote

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.services.iam import member_resources
from infra2arch_gcp.transform import block, tf

HOST = "//storage.googleapis.com/projects/_/buckets/"


def to_terraform_bucket(data: dict, scope: Scope) -> Resource:
    name = str(data["name"])
    iam = data.get("iamConfiguration") or {}
    location = data.get("location")
    attrs = {
        "id": name,
        "name": name,
        "url": f"gs://{name}",
        "self_link": data.get("selfLink"),
        "project": scope.project,
        "location": location,
        "location_type": data.get("locationType"),
        "storage_class": data.get("storageClass"),
        "uniform_bucket_level_access": bool((iam.get("uniformBucketLevelAccess") or {}).get("enabled", False)),
        "public_access_prevention": iam.get("publicAccessPrevention"),
        "encryption": block(data.get("encryption")),
        "versioning": [{"enabled": bool((data.get("versioning") or {}).get("enabled", False))}],
        "lifecycle_rule": tf((data.get("lifecycle") or {}).get("rule")),
        "logging": block(data.get("logging")),
        "retention_policy": block(data.get("retentionPolicy")),
        "soft_delete_policy": block(data.get("softDeletePolicy")),
        "labels": tf(data.get("labels"), key="labels"),
    }
    # a bucket lives where its location says: a region, or a dual/multi-region (then no single region)
    region = str(location).lower() if isinstance(location, str) and "-" in location else None
    return scope.resource(HOST + name, "google_storage_bucket", name, attrs, "storage.buckets.list", region=region)


def sync_buckets(scope: Scope) -> Followups:
    items = scope.rest_list("storage.buckets.list", "/storage/v1/b", "items", {"project": scope.project},
                            page_param="maxResults", page_size=1000)
    buckets = scope.each(to_terraform_bucket, items, api="storage.buckets.list")

    def policy(bucket: Resource) -> list[Resource]:
        name = bucket.attrs["name"]
        found = scope.rest_get("storage.buckets.getIamPolicy", f"/storage/v1/b/{quote(name, safe='')}/iam")
        return member_resources(scope, bucket.address, "google_storage_bucket_iam_member", {"bucket": name}, found,
                                "storage.buckets.getIamPolicy", region=bucket.location.region)

    return fan_out(scope, "bucket-iam", buckets, policy, resources=buckets)


GLOBAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (("storage-buckets", sync_buckets),)
