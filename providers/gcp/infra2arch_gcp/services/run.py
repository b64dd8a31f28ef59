"""Cloud Run v2 (JSON API): the services of each region (containers with their environment, Direct VPC
egress or connector, ingress) and who may invoke them."""

from __future__ import annotations

from typing import Any, Callable

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.services.iam import member_resources
from infra2arch_gcp.transform import compact, last, tf

HOST = "//run.googleapis.com/"


def _containers(items: Any) -> list[dict] | None:
    out = []
    for item in items or []:
        converted = tf(item) or {}
        # environment as Terraform writes it: a list of {name, value | value_source}
        env = [compact({"name": e.get("name"), "value": e.get("value"), "value_source": tf(e.get("valueSource"), top=False)})
               for e in item.get("env") or [] if isinstance(e, dict)]
        if env:
            converted["env"] = env
        limits = (item.get("resources") or {}).get("limits")
        if limits:
            converted["resources"] = [{**(converted.get("resources") or [{}])[0], "limits": dict(sorted(limits.items()))}]
        out.append(converted)
    return out or None


def to_terraform_service(data: dict, scope: Scope) -> Resource:
    template = dict(data.get("template") or {})
    containers = _containers(template.pop("containers", None))
    converted_template = tf(template) or {}
    if containers:
        converted_template["containers"] = containers
    attrs = {
        "id": data["name"],
        "name": last(data["name"]),
        "location": scope.region,
        "project": scope.project,
        "description": data.get("description"),
        "ingress": data.get("ingress"),
        "launch_stage": data.get("launchStage"),
        "invoker_iam_disabled": data.get("invokerIamDisabled"),
        "default_uri_disabled": data.get("defaultUriDisabled"),
        "uri": data.get("uri"),
        "template": [converted_template] if converted_template else None,
        "scaling": tf(data.get("scaling"), top=False),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return scope.resource(HOST + data["name"], "google_cloud_run_v2_service", attrs["name"], attrs,
                          "run.services.list")


def sync_services(scope: Scope) -> Followups:
    items = scope.rest_list("run.services.list", f"/v2/projects/{scope.project}/locations/{scope.region}/services",
                            "services", page_size=100)
    services = scope.each(to_terraform_service, items, api="run.services.list")

    def policy(service: Resource) -> list[Resource]:
        found = scope.rest_get("run.services.getIamPolicy", f"/v2/{service.attrs['id']}:getIamPolicy")
        return member_resources(scope, service.address, "google_cloud_run_v2_service_iam_member",
                                {"name": service.attrs["id"], "location": scope.region, "project": scope.project},
                                found, "run.services.getIamPolicy")

    return fan_out(scope, "run-service-iam", services, policy, resources=services)


REGIONAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (("run-services", sync_services),)
