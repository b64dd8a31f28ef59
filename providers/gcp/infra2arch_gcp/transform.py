"""Pure helpers that turn Google API objects into Terraform-shaped attributes. No I/O, no SDK import
beyond protobuf's descriptors (the generated clients hand back protobuf messages).

Conventions (the same as Terraform state, so annotators read IaC and live resources alike):
- attribute names are Terraform's: the snake_case form of the API field (``kmsKeyName`` -> ``kms_key_name``),
  renamed where Terraform differs;
- a nested object is a block, i.e. a list of one dict; maps that hold user data (labels, metadata) keep
  their keys;
- timestamps, etags and fingerprints are dropped (output must not change from one scan to the next when
  nothing changed), and so is anything that is a URL to a live session (notebook proxy URIs).
"""

from __future__ import annotations

import re
from typing import Any, Iterable, Mapping

_CAMEL_1 = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_2 = re.compile(r"([a-z\d])([A-Z])")

# fields whose value is a map of user keys: kept as they are
USER_MAPS = frozenset({"labels", "metadata", "annotations", "resource_labels", "user_labels", "parameter_values",
                       "parameters", "node_selector", "tags_map"})
# fields never written: volatile, noisy, or a live session URL / credential
NEVER = frozenset({
    "etag", "fingerprint", "label_fingerprint", "kind", "creation_timestamp", "create_time", "update_time",
    "start_time", "end_time", "last_modified_time", "time_created", "updated", "proxy_uri", "upgrade_history",
    "health_info", "next_page_token", "satisfies_pzs", "satisfies_pzi", "metageneration", "project_number",
    "uid", "reconciling", "observed_generation", "generation", "conditions", "terminal_condition",
    "latest_ready_revision", "latest_created_revision", "traffic_statuses", "creator", "last_modifier",
    "error", "job_detail", "task_details", "output_info", "rpc_error", "web_access_uris", "state_history",
    "resource_runtime", "dedicated_endpoint_dns", "private_endpoints", "third_party_identity",
})


def snake(name: str) -> str:
    """camelCase API field name -> snake_case Terraform attribute name (idempotent on snake_case)."""
    return _CAMEL_2.sub(r"\1_\2", _CAMEL_1.sub(r"\1_\2", name)).lower()


def message_dict(message: Any) -> dict:
    """A generated client's message (proto-plus or raw protobuf) as a plain dict: snake_case keys, enums
    by name, 64-bit integers as ints, timestamps dropped, well-known Struct/Value as JSON values."""
    pb = type(message).pb(message) if hasattr(type(message), "pb") else message
    return _pb_dict(pb)


def _pb_dict(pb: Any) -> dict:
    out: dict[str, Any] = {}
    for field, value in pb.ListFields():
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            value_field = field.message_type.fields_by_name["value"]
            out[field.name] = {str(k): _pb_value(value_field, v) for k, v in value.items()}
        elif _repeated(field):
            out[field.name] = [_pb_value(field, v) for v in value]
        else:
            out[field.name] = _pb_value(field, value)
    return {k: v for k, v in out.items() if v is not None}


def _repeated(field: Any) -> bool:
    flag = getattr(field, "is_repeated", None)   # protobuf >= 5.28 (``label`` is gone in upb builds)
    return bool(flag) if flag is not None else field.label == 3


def _pb_value(field: Any, value: Any) -> Any:
    if field.message_type is not None:
        full = field.message_type.full_name
        if full == "google.protobuf.Timestamp":
            return None
        if full == "google.protobuf.Duration":
            return f"{value.seconds}s" if not value.nanos else f"{value.seconds + value.nanos / 1e9:g}s"
        if full in ("google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue"):
            from google.protobuf import json_format

            return json_format.MessageToDict(value)
        if full.startswith("google.protobuf.") and full.endswith("Value"):   # wrappers
            return value.value
        return _pb_dict(value)
    if field.enum_type is not None:
        number = field.enum_type.values_by_number.get(value)
        return number.name if number is not None else value
    if field.type == field.TYPE_BYTES:
        return None
    return value


def tf(value: Any, *, key: str = "", top: bool = True) -> Any:
    """An API value in Terraform shape: nested objects as one-element lists of dicts, keys in snake_case,
    volatile fields and empty values dropped (None when nothing is left)."""
    if isinstance(value, Mapping):
        if key in USER_MAPS:
            return {str(k): v for k, v in sorted(value.items())} or None
        out: dict[str, Any] = {}
        for k, v in value.items():
            name = snake(str(k))
            if name in NEVER or name.endswith("_timestamp"):
                continue
            converted = tf(v, key=name, top=False)
            if converted is not None:
                out[name] = converted
        if not out:
            return None
        return out if top else [out]
    if isinstance(value, (list, tuple)):
        items = [c for c in (tf(item, key=key, top=True) for item in value) if c is not None]
        return items or None
    if value == "" or isinstance(value, bytes):
        return None
    return value


def block(value: Any) -> list[dict[str, Any]] | None:
    """A Terraform nested block from an API object (a list of one dict), or None when empty."""
    converted = tf(value)
    if converted is None:
        return None
    return converted if isinstance(converted, list) else [converted]


def compact(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes without None values and empty containers, keys sorted."""
    return {k: v for k, v in sorted(attrs.items()) if v is not None and v != [] and v != {}}


def last(name: Any) -> str:
    """The last segment of a resource name or URL: ``projects/p/locations/l/endpoints/123`` -> ``123``."""
    return str(name or "").rstrip("/").rsplit("/", 1)[-1]


def segment(name: Any, collection: str) -> str | None:
    """The id after ``collection`` in a resource name: segment(".../locations/us-central1/...", "locations")."""
    parts = str(name or "").split("/")
    for index, part in enumerate(parts[:-1]):
        if part == collection:
            return parts[index + 1]
    return None


_COMPUTE_PREFIXES = ("https://www.googleapis.com/compute/v1/", "https://compute.googleapis.com/compute/v1/",
                     "https://www.googleapis.com/compute/beta/", "https://compute.googleapis.com/compute/beta/",
                     "//compute.googleapis.com/")


def compute_path(value: str) -> str:
    """A compute URL in Terraform's relative form: ``https://www.googleapis.com/compute/v1/projects/p/global/
    networks/n`` -> ``projects/p/global/networks/n`` (anything else passes through)."""
    for prefix in _COMPUTE_PREFIXES:
        if value.startswith(prefix):
            return value[len(prefix):]
    return value


def region_of_zone(zone: str | None) -> str | None:
    """``us-central1-a`` -> ``us-central1`` (a region passes through)."""
    if not zone:
        return None
    head, _, tail = zone.rpartition("-")
    return head if head and len(tail) == 1 else zone


def sorted_list(values: Iterable[Any] | None) -> list[Any] | None:
    out = sorted({v for v in values or () if v not in (None, "")})
    return out or None
