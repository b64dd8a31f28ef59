"""After every area is read: one spelling per ARM id, and the links ARM states by name (which the
core's value matching cannot see, since names are not ids). Pure.

ARM ids are case-insensitive and services spell them differently (``resourcegroups`` vs
``resourceGroups``, upper-case registry names); the core matches ids exactly, so every reference to a
scanned resource is rewritten to that resource's own spelling of its id."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any, Iterable

from infra2arch.model import Link, Resource

# (source type, attribute, target type, target attribute, scope of the name)
# scope: "subscription" = unique per subscription; "group" = per subscription and resource group
_BY_NAME: tuple[tuple[str, str, str, str, str], ...] = (
    ("*", "resource_group_name", "azurerm_resource_group", "name", "subscription"),
    ("azurerm_subnet", "virtual_network_name", "azurerm_virtual_network", "name", "group"),
    ("azurerm_virtual_network_peering", "virtual_network_name", "azurerm_virtual_network", "name", "group"),
    ("azurerm_private_dns_zone_virtual_network_link", "private_dns_zone_name", "azurerm_private_dns_zone", "name",
     "group"),
)


def _canonical_value(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        if value.startswith("/subscriptions/"):
            return ids.get(value.rstrip("/").lower(), value)
        return value
    if isinstance(value, dict):
        return {k: _canonical_value(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_canonical_value(v, ids) for v in value]
    return value


def canonical(resources: Iterable[Resource]) -> list[Resource]:
    resources = list(resources)
    ids = {str(r.attrs["id"]).lower(): str(r.attrs["id"]) for r in resources if isinstance(r.attrs.get("id"), str)}
    out = []
    for resource in resources:
        attrs = {k: (v if k == "id" else _canonical_value(v, ids)) for k, v in resource.attrs.items()}
        out.append(replace(resource, attrs=attrs) if attrs != dict(resource.attrs) else resource)
    return out


def _key(resource: Resource, scope: str, value: str) -> tuple:
    group = str(resource.attrs.get("resource_group_name") or "").lower()
    if scope == "group":
        return (str(resource.location.account), group, value.lower())
    return (str(resource.location.account), value.lower())


def _principals(resource: Resource) -> list[str]:
    found = []
    if resource.type == "azurerm_user_assigned_identity" and isinstance(resource.attrs.get("principal_id"), str):
        found.append(resource.attrs["principal_id"])
    for block in resource.attrs.get("identity") or ():
        if isinstance(block, dict) and isinstance(block.get("principal_id"), str):
            found.append(block["principal_id"])   # a system-assigned identity
    return found


def links(resources: Iterable[Resource]) -> list[Link]:
    resources = list(resources)
    index: dict[tuple[str, str], dict[tuple, set[str]]] = defaultdict(lambda: defaultdict(set))
    for _, _, target, attr, scope in _BY_NAME:
        for resource in resources:
            if resource.type == target and isinstance(resource.attrs.get(attr), str):
                index[(target, attr)][_key(resource, scope, resource.attrs[attr])].add(resource.address)
    out: set[Link] = set()
    for resource in resources:
        for source, path, target, attr, scope in _BY_NAME:
            if source not in ("*", resource.type) or resource.type == target:
                continue
            value = resource.attrs.get(path)
            if isinstance(value, str):
                found = index[(target, attr)].get(_key(resource, scope, value), set())
                if len(found) == 1:
                    out.add(Link(resource.address, next(iter(found)), path))
    out |= _principal_links(resources)
    out |= _next_hop_links(resources)
    out |= _datastore_links(resources)
    return sorted(out, key=lambda l: (l.src, l.dst, l.via))


def _principal_links(resources: list[Resource]) -> set[Link]:
    """A role assignment names its principal by object id: link it to the identity that has it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for resource in resources:
        for principal in _principals(resource):
            owners[principal.lower()].add(resource.address)
    out = set()
    for resource in resources:
        principal = resource.attrs.get("principal_id")
        if resource.type == "azurerm_role_assignment" and isinstance(principal, str):
            found = owners.get(principal.lower(), set())
            if len(found) == 1:
                out.add(Link(resource.address, next(iter(found)), "principal_id"))
    return out


def _next_hop_links(resources: list[Resource]) -> set[Link]:
    """A route to a virtual appliance names it by private IP: link it to the firewall that has it."""
    firewalls: dict[tuple[str, str], set[str]] = defaultdict(set)
    for resource in resources:
        if resource.type == "azurerm_firewall":
            for config in resource.attrs.get("ip_configuration") or ():
                if isinstance(config, dict) and config.get("private_ip_address"):
                    firewalls[(str(resource.location.account), config["private_ip_address"])].add(resource.address)
    out = set()
    for resource in resources:
        if resource.type != "azurerm_route_table":
            continue
        for route in resource.attrs.get("route") or ():
            hop = route.get("next_hop_in_ip_address") if isinstance(route, dict) else None
            found = firewalls.get((str(resource.location.account), hop), set()) if hop else set()
            if len(found) == 1:
                out.add(Link(resource.address, next(iter(found)), "route.next_hop_in_ip_address"))
    return out


def _datastore_links(resources: list[Resource]) -> set[Link]:
    """A datastore that states only account and container names: storage account names are global."""
    containers = {(str(r.attrs.get("storage_account_name", "")).lower(), str(r.attrs.get("name", "")).lower()):
                  r.address for r in resources if r.type == "azurerm_storage_container"}
    out = set()
    for resource in resources:
        if not resource.type.startswith("azurerm_machine_learning_datastore") or resource.attrs.get("storage_container_id"):
            continue
        key = (str(resource.attrs.get("account_name", "")).lower(), str(resource.attrs.get("container_name", "")).lower())
        if key in containers:
            out.add(Link(resource.address, containers[key], "storage_container_id"))
    return out
