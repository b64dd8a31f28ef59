"""Cloud KMS (JSON API): key rings of each region, their keys, and each key's IAM policy (who may use it)."""

from __future__ import annotations

from typing import Any, Callable

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.services.iam import member_resources
from infra2arch_gcp.transform import block, last, tf

HOST = "//cloudkms.googleapis.com/"


def to_terraform_key_ring(data: dict, scope: Scope) -> Resource:
    attrs = {"id": data["name"], "name": last(data["name"]), "location": scope.region, "project": scope.project}
    return scope.resource(HOST + data["name"], "google_kms_key_ring", attrs["name"], attrs, "cloudkms.keyRings.list")


def to_terraform_crypto_key(data: dict, scope: Scope, ring: Resource) -> Resource:
    template = data.get("versionTemplate") or {}
    attrs = {
        "id": data["name"],
        "name": last(data["name"]),
        "key_ring": ring.attrs["id"],
        "purpose": data.get("purpose"),
        "rotation_period": data.get("rotationPeriod"),
        "version_template": block({"algorithm": template.get("algorithm"),
                                   "protection_level": template.get("protectionLevel")}),
        "destroy_scheduled_duration": data.get("destroyScheduledDuration"),
        "import_only": data.get("importOnly"),
        "crypto_key_backend": data.get("cryptoKeyBackend"),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return scope.resource(HOST + data["name"], "google_kms_crypto_key", attrs["name"], attrs,
                          "cloudkms.cryptoKeys.list")


def sync_key_rings(scope: Scope) -> Followups:
    """Key rings; then per ring its keys and each key's IAM policy."""
    rings = scope.each(to_terraform_key_ring, scope.rest_list(
        "cloudkms.keyRings.list", f"/v1/projects/{scope.project}/locations/{scope.region}/keyRings", "keyRings",
        page_size=1000), api="cloudkms.keyRings.list")

    def keys(ring: Resource) -> list[Resource]:
        items = scope.rest_list("cloudkms.cryptoKeys.list", f"/v1/{ring.attrs['id']}/cryptoKeys", "cryptoKeys",
                                page_size=1000)
        out = []
        for key in scope.each(lambda item, s: to_terraform_crypto_key(item, s, ring), items, api="cloudkms.cryptoKeys.list"):
            policy = scope.rest_get("cloudkms.cryptoKeys.getIamPolicy", f"/v1/{key.attrs['id']}:getIamPolicy")
            out.append(key)
            out += member_resources(scope, key.address, "google_kms_crypto_key_iam_member",
                                    {"crypto_key_id": key.attrs["id"]}, policy, "cloudkms.cryptoKeys.getIamPolicy")
        return out

    return fan_out(scope, "kms-keys", rings, keys, chunk=5, resources=rings)


REGIONAL_SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (("kms-key-rings", sync_key_rings),)
