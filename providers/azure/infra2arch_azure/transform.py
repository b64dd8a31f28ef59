"""Pure helpers that turn ARM JSON into Terraform-shaped attributes. No SDK, no I/O.

Conventions (those of the azurerm provider's state, so annotators read IaC and live resources alike):
attribute names are azurerm's; a nested block is a list of one dict; user maps (tags, environment
variables) keep their keys; ARM enums reach the graph as the plain strings Terraform uses
(``"Allow"``, not ``SecurityRuleAccess.ALLOW``); timestamps and provisioning states are dropped so
that an unchanged subscription gives the same bytes.
"""

from __future__ import annotations

import enum
import re
from typing import Any, Iterable, Mapping

_RG = re.compile(r"/resourcegroups/([^/]+)", re.IGNORECASE)
_SUB = re.compile(r"^/subscriptions/([^/]+)", re.IGNORECASE)


def plain(value: Any) -> Any:
    """An SDK enum as its wire string (``SecurityRuleAccess.ALLOW`` -> ``"Allow"``); other values unchanged."""
    if isinstance(value, enum.Enum):
        return value.value if isinstance(value.value, (str, int, float, bool)) else str(value.value)
    return value


def obj(value: Any) -> Mapping[str, Any]:
    """A JSON object, or {} when the answer holds something else there (null, a string, a list)."""
    return value if isinstance(value, Mapping) else {}


def objs(value: Any) -> list[Mapping[str, Any]]:
    """The JSON objects of a JSON array; [] when it is not one."""
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def props(item: Mapping[str, Any]) -> Mapping[str, Any]:
    return obj(item.get("properties"))


def resource_group_of(arm_id: str) -> str | None:
    match = _RG.search(arm_id or "")
    return match.group(1) if match else None


def subscription_of(arm_id: str) -> str | None:
    match = _SUB.match(arm_id or "")
    return match.group(1) if match else None


def parent_id(arm_id: str, levels: int = 1) -> str:
    """The id ``levels`` resources up: ``…/virtualNetworks/v/subnets/s`` -> ``…/virtualNetworks/v``."""
    parts = arm_id.rstrip("/").split("/")
    return "/".join(parts[: len(parts) - 2 * levels])


def ref(value: Any) -> str | None:
    """An ARM sub-resource reference ``{"id": "..."}`` (or a bare id string) as the id."""
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def text(value: Any) -> str | None:
    """A string field; None when the answer holds something else there."""
    value = plain(value)
    return value if isinstance(value, str) and value else None


def refs(values: Any) -> list[str] | None:
    out = sorted({r for r in (ref(v) for v in (values if isinstance(values, list) else ())) if r})
    return out or None


def enabled(value: Any) -> bool | None:
    """ARM's "Enabled"/"Disabled" (any case) as Terraform's bool; None when not stated."""
    value = plain(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        low = value.lower()
        if low in ("enabled", "true"):
            return True
        if low in ("disabled", "false"):
            return False
    return None


def negate(value: Any) -> bool | None:
    return None if value is None else not bool(value)


def tags(item: Mapping[str, Any]) -> dict[str, str] | None:  # noqa: D103
    value = item.get("tags")
    if not isinstance(value, Mapping):
        return None
    return {str(k): str(v) for k, v in sorted(value.items())} or None


def identity(item: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """ARM ``identity`` as azurerm's identity block (type spelt as Terraform does)."""
    value = item.get("identity")
    if not isinstance(value, Mapping) or not isinstance(plain(value.get("type")), str) or not value.get("type"):
        return None
    kind = str(plain(value["type"]))
    kind = {"systemassigned": "SystemAssigned", "userassigned": "UserAssigned",
            "systemassigned,userassigned": "SystemAssigned, UserAssigned", "none": "None"}.get(
        kind.replace(" ", "").replace("_", "").lower(), kind)
    if kind == "None":
        return None
    users = value.get("userAssignedIdentities")
    return [compact({
        "type": kind,
        "identity_ids": sorted(str(u) for u in users) if isinstance(users, Mapping) and users else None,
        "principal_id": value.get("principalId"),
        "tenant_id": value.get("tenantId"),
    })]


def split_list(value: Any, separator: str = ",") -> list[str] | None:
    """``"Logging, Metrics, AzureServices"`` -> ``["AzureServices", "Logging", "Metrics"]``."""
    if isinstance(value, list):
        out = sorted({str(plain(v)).strip() for v in value if v not in (None, "")})
    elif isinstance(value, (str, enum.Enum)):
        out = sorted({part.strip() for part in str(plain(value)).split(separator) if part.strip()})
    else:
        return None
    return out or None


def compact(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """The attributes without None values and empty containers, keys sorted, enums as strings."""
    out: dict[str, Any] = {}
    for key, value in sorted(attrs.items()):
        value = plain(value)
        if value is None or value == [] or value == {} or value == "":
            continue
        out[key] = value
    return out


def block(attrs: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """A Terraform nested block (a list of one dict), or None when nothing in it is set."""
    inner = compact(attrs)
    return [inner] if inner else None


def sorted_blocks(blocks: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]] | None:
    out = [compact(b) for b in blocks]
    out = [b for b in out if b]
    out.sort(key=lambda b: repr(sorted(b.items())))
    return out or None


def location(item: Mapping[str, Any]) -> str | None:
    """ARM locations as the canonical short name (``"East US"`` -> ``"eastus"``); global -> None."""
    value = item.get("location")
    if not isinstance(value, str) or not value:
        return None
    value = value.replace(" ", "").lower()
    return None if value == "global" else value
