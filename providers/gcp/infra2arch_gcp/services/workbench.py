"""Vertex AI Workbench instances (``notebooks_v2`` generated client, REST transport), listed across zones.

The proxy URI of an instance (a live JupyterLab session URL) is never read into the output. The v2 API
has no access-config field: an instance has a public IP exactly when ``disable_public_ip`` is absent or
false, which the attributes keep as the API says (the zones apply the same default as for Terraform).
"""

from __future__ import annotations

from typing import Any

from infra2arch.model import Resource

from infra2arch_gcp.context import Scope
from infra2arch_gcp.transform import block, last, region_of_zone, segment, tf

HOST = "//notebooks.googleapis.com/"
PAGE = 100


def _gce_setup(setup: Any) -> list[dict] | None:
    if not isinstance(setup, dict):
        return None
    converted = tf(setup) or {}
    # lists of blocks, as Terraform writes them even when the API has one element
    for key in ("network_interfaces", "service_accounts", "data_disks", "accelerator_configs"):
        if key in setup:
            converted[key] = [tf(item) for item in setup.get(key) or [] if tf(item)] or None
    converted["boot_disk"] = block(setup.get("boot_disk"))
    # the API may answer a machine type as a URL; Terraform keeps the short name
    if isinstance(setup.get("machine_type"), str):
        converted["machine_type"] = last(setup["machine_type"])
    # never a live session URL in the output (the service writes these into the metadata)
    metadata = {k: v for k, v in (setup.get("metadata") or {}).items() if "proxy-url" not in k and "proxy_url" not in k}
    setup = {**setup, "metadata": metadata}
    converted["metadata"] = tf(setup.get("metadata"), key="metadata")
    converted["disable_public_ip"] = bool(setup.get("disable_public_ip", False))
    return [{k: v for k, v in sorted(converted.items()) if v is not None}]


def to_terraform_instance(data: dict, scope: Scope, zone: str) -> Resource:
    name = f"projects/{scope.project}/locations/{zone}/instances/{last(data['name'])}"
    attrs = {
        "id": name,
        "name": last(data["name"]),
        "location": zone,
        "project": scope.project,
        "gce_setup": _gce_setup(data.get("gce_setup")),
        "instance_owners": data.get("instance_owners"),
        "disable_proxy_access": data.get("disable_proxy_access"),
        "enable_third_party_identity": data.get("enable_third_party_identity"),
        "state": data.get("state"),
        "health_state": data.get("health_state"),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return scope.resource(HOST + name, "google_workbench_instance", attrs["name"], attrs, "notebooks.instances.list",
                          region=region_of_zone(zone), zone=zone)


def sync_instances(scope: Scope, regions: tuple[str, ...]) -> list[Resource]:
    """The project's instances in every zone at once (``locations/-``: one list, not one per zone, and no
    need of the zone list), kept to the zones of the regions scanned, as every other service is."""
    client = scope.clients.generated("notebooks_v2", "NotebookServiceClient")
    items = scope.pages("notebooks.instances.list", client.list_instances,
                        {"parent": f"projects/{scope.project}/locations/-", "page_size": PAGE}, "instances")
    wanted = set(regions)
    out: list[Resource] = []
    for item in items or ():
        zone = segment(item.get("name"), "locations") or ""
        if region_of_zone(zone) in wanted:
            out.extend(scope.each(lambda data, s, z=zone: to_terraform_instance(data, s, z), [item],
                                  api="notebooks.instances.list"))
    return out
