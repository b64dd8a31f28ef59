"""Artifact Registry (JSON API): the repositories of each region and who may read them."""

from __future__ import annotations

from typing import Any, Callable

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.services.iam import member_resources
from infra2arch_gcp.transform import block, last, tf

HOST = "//artifactregistry.googleapis.com/"


def to_terraform_repository(data: dict, scope: Scope) -> Resource:
    attrs = {
        "id": data["name"],
        "name": last(data["name"]),
        "repository_id": last(data["name"]),
        "location": scope.region,
        "project": scope.project,
        "format": data.get("format"),
        "mode": data.get("mode"),
        "description": data.get("description"),
        "kms_key_name": data.get("kmsKeyName"),
        "docker_config": block(data.get("dockerConfig")),
        "cleanup_policy_dry_run": data.get("cleanupPolicyDryRun"),
        "vulnerability_scanning_config": block({k: v for k, v in (data.get("vulnerabilityScanningConfig") or {}).items()
                                                if k not in ("lastEnableTime", "enablementStateReason")}),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return scope.resource(HOST + data["name"], "google_artifact_registry_repository", attrs["name"], attrs,
                          "artifactregistry.repositories.list")


def sync_repositories(scope: Scope) -> Followups:
    items = scope.rest_list("artifactregistry.repositories.list",
                            f"/v1/projects/{scope.project}/locations/{scope.region}/repositories", "repositories",
                            page_size=1000)
    repositories = scope.each(to_terraform_repository, items, api="artifactregistry.repositories.list")

    def policy(repository: Resource) -> list[Resource]:
        found = scope.rest_get("artifactregistry.repositories.getIamPolicy", f"/v1/{repository.attrs['id']}:getIamPolicy")
        return member_resources(scope, repository.address, "google_artifact_registry_repository_iam_member",
                                {"repository": repository.attrs["id"], "location": scope.region}, found,
                                "artifactregistry.repositories.getIamPolicy")

    return fan_out(scope, "repository-iam", repositories, policy, resources=repositories)


REGIONAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (("artifact-repositories", sync_repositories),)
