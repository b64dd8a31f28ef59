"""AzAPI resources as their azurerm equivalents.

An ``azapi_resource`` names what it is in its ``type`` attribute (``Microsoft.Storage/storageAccounts@
2023-05-01``) and writes its settings as ARM JSON (``body = { properties = { publicNetworkAccess =
"Disabled" } }``). Azure Verified Modules build workspaces, accounts and networks this way, so the
graph reads such a resource as the azurerm type it stands for: the ARM properties below are mapped
to azurerm attribute names (the names the live Azure adapter gives the same ARM fields, see
providers/azure/infra2arch_azure/services: that code maps answers of a GET and cannot take the
unknown values of a configuration, so the mapping is restated here as data), ``parent_id`` becomes
the placement azurerm has (a subnet's virtual network, a resource's group), and references inside
the body become links at the mapped attribute.

Honesty rules: an ARM property the body does not set is *not* given azurerm's default. Where ARM's
own default is the same for every API version (public network access is on until disabled, local
authentication is on, purge protection off) the attribute stays absent and the provider default
applies as for azurerm; every other default of the azurerm record becomes an unknown that says why,
and findings on attributes this mapping does not produce are unknown (see ``covered``).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterable, Mapping

from infra2arch.model import Link, Resource, Unknown, iter_unknowns

AZAPI_TYPES = frozenset({"azapi_resource"})
MARKER = "azapi_type"   # the attribute that keeps the ARM type (and API version) a resource was written as

_RG_ID = re.compile(r"/resourcegroups/([^/]+)$", re.IGNORECASE)


def _enabled(value: Any) -> Any:
    """ARM's "Enabled"/"Disabled" as azurerm's bool (unknowns and other values unchanged)."""
    if isinstance(value, str) and value.lower() in ("enabled", "disabled"):
        return value.lower() == "enabled"
    return value


def _negate(value: Any) -> Any:
    return (not value) if isinstance(value, bool) else value


def _ref(value: Any) -> Any:
    """An ARM sub-resource reference ``{id = ...}`` as the id."""
    return value.get("id") if isinstance(value, Mapping) else value


def _values(value: Any) -> Any:
    """``[{value = "1.2.3.4"}]`` (ARM IP rules) as ``["1.2.3.4"]``."""
    if isinstance(value, list):
        return [v.get("value") if isinstance(v, Mapping) else v for v in value]
    return value


def _prefixes(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _same(value: Any) -> Any:
    return value


def _sku_tier(value: Any) -> Any:
    """``Standard_LRS`` -> ``Standard`` (a storage SKU is tier and replication)."""
    return value.partition("_")[0] or None if isinstance(value, str) else value


def _sku_replication(value: Any) -> Any:
    return value.partition("_")[2] or None if isinstance(value, str) else value


Convert = Callable[[Any], Any]
# azurerm attribute path (dots = nested block) <- ARM path in the body ("properties.x.y"; [0] = first item)
Field = tuple[str, str, Convert]

_WORKSPACE: tuple[Field, ...] = (
    ("kind", "kind", _same), ("sku_name", "sku.name", _same),
    ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
    ("high_business_impact", "properties.hbiWorkspace", _same),
    ("application_insights_id", "properties.applicationInsights", _same),
    ("key_vault_id", "properties.keyVault", _same),
    ("storage_account_id", "properties.storageAccount", _same),
    ("container_registry_id", "properties.containerRegistry", _same),
    ("primary_user_assigned_identity", "properties.primaryUserAssignedIdentity", _same),
    ("image_build_compute_name", "properties.imageBuildCompute", _same),
    ("v1_legacy_mode_enabled", "properties.v1LegacyMode", _same),
    ("encryption.key_id", "properties.encryption.keyVaultProperties.keyIdentifier", _same),
    ("encryption.key_vault_id", "properties.encryption.keyVaultProperties.keyVaultArmId", _same),
    ("managed_network.isolation_mode", "properties.managedNetwork.isolationMode", _same),
    ("serverless_compute.subnet_id", "properties.serverlessComputeSettings.serverlessComputeCustomSubnet", _ref),
)
_NETWORK_RULES = (("properties.networkAcls.defaultAction", _same),)

# lower-case ARM type -> (azurerm type, fields, ARM properties whose absence means what azurerm's default says)
_TYPES: dict[str, tuple[str, tuple[Field, ...], frozenset[str]]] = {
    "microsoft.machinelearningservices/workspaces": (
        "azurerm_machine_learning_workspace", _WORKSPACE, frozenset({"public_network_access_enabled"})),
    "microsoft.storage/storageaccounts": ("azurerm_storage_account", (
        ("account_kind", "kind", _same),
        ("account_tier", "sku.name", _sku_tier), ("account_replication_type", "sku.name", _sku_replication),
        ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
        ("network_rules.default_action", "properties.networkAcls.defaultAction", _same),
        ("network_rules.ip_rules", "properties.networkAcls.ipRules", _values),
        ("min_tls_version", "properties.minimumTlsVersion", _same),
        ("allow_nested_items_to_be_public", "properties.allowBlobPublicAccess", _same),
        ("https_traffic_only_enabled", "properties.supportsHttpsTrafficOnly", _same),
        ("shared_access_key_enabled", "properties.allowSharedKeyAccess", _same),
        ("is_hns_enabled", "properties.isHnsEnabled", _same),
        ("access_tier", "properties.accessTier", _same),
    ), frozenset({"public_network_access_enabled", "network_rules"})),
    "microsoft.keyvault/vaults": ("azurerm_key_vault", (
        ("tenant_id", "properties.tenantId", _same), ("sku_name", "properties.sku.name", _lower),
        ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
        ("network_acls.default_action", "properties.networkAcls.defaultAction", _same),
        ("purge_protection_enabled", "properties.enablePurgeProtection", _same),
        ("rbac_authorization_enabled", "properties.enableRbacAuthorization", _same),
        ("enable_rbac_authorization", "properties.enableRbacAuthorization", _same),
        ("soft_delete_retention_days", "properties.softDeleteRetentionInDays", _same),
    ), frozenset({"public_network_access_enabled", "purge_protection_enabled", "network_acls"})),
    "microsoft.cognitiveservices/accounts": ("azurerm_cognitive_account", (
        ("kind", "kind", _same), ("sku_name", "sku.name", _same),
        ("custom_subdomain_name", "properties.customSubDomainName", _same),
        ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
        ("local_auth_enabled", "properties.disableLocalAuth", _negate),
        ("network_acls.default_action", "properties.networkAcls.defaultAction", _same),
        ("network_acls.ip_rules", "properties.networkAcls.ipRules", _values),
        ("outbound_network_access_restricted", "properties.restrictOutboundNetworkAccess", _same),
        ("customer_managed_key.key_vault_key_id", "properties.encryption.keyVaultProperties.keyName", _same),
    ), frozenset({"public_network_access_enabled", "local_auth_enabled", "network_acls"})),
    "microsoft.search/searchservices": ("azurerm_search_service", (
        ("sku", "sku.name", _same),
        ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
        ("local_authentication_enabled", "properties.disableLocalAuth", _negate),
        ("allowed_ips", "properties.networkRuleSet.ipRules", _values),
        ("replica_count", "properties.replicaCount", _same), ("partition_count", "properties.partitionCount", _same),
    ), frozenset({"public_network_access_enabled", "local_authentication_enabled", "allowed_ips"})),
    "microsoft.containerregistry/registries": ("azurerm_container_registry", (
        ("sku", "sku.name", _same),
        ("admin_enabled", "properties.adminUserEnabled", _same),
        ("public_network_access_enabled", "properties.publicNetworkAccess", _enabled),
        ("network_rule_set.default_action", "properties.networkRuleSet.defaultAction", _same),
        ("anonymous_pull_enabled", "properties.anonymousPullEnabled", _same),
    ), frozenset({"public_network_access_enabled", "admin_enabled", "network_rule_set"})),
    "microsoft.network/privateendpoints": ("azurerm_private_endpoint", (
        ("subnet_id", "properties.subnet", _ref),
        ("private_service_connection.private_connection_resource_id",
         "properties.privateLinkServiceConnections[0].properties.privateLinkServiceId", _same),
        ("private_service_connection.subresource_names",
         "properties.privateLinkServiceConnections[0].properties.groupIds", _same),
    ), frozenset()),
    "microsoft.network/virtualnetworks": ("azurerm_virtual_network", (
        ("address_space", "properties.addressSpace.addressPrefixes", _same),
    ), frozenset()),
    "microsoft.network/virtualnetworks/subnets": ("azurerm_subnet", (
        ("address_prefixes", "properties.addressPrefixes", _same),
        ("address_prefixes", "properties.addressPrefix", _prefixes),
        ("default_outbound_access_enabled", "properties.defaultOutboundAccess", _same),
        ("private_endpoint_network_policies", "properties.privateEndpointNetworkPolicies", _same),
    ), frozenset()),
}
# workspaces of kind Hub / Project are AI Foundry hubs and projects in azurerm
_WORKSPACE_KINDS = {"hub": "azurerm_ai_foundry", "project": "azurerm_ai_foundry_project"}
# attribute names of the AI Foundry types where they differ from the workspace's (None: not an attribute)
_RENAMES: dict[str, dict[str, str | None]] = {
    "azurerm_ai_foundry": {"public_network_access_enabled": "public_network_access",
                           "high_business_impact": "high_business_impact_enabled", "sku_name": None,
                           "v1_legacy_mode_enabled": None, "image_build_compute_name": None},
    "azurerm_ai_foundry_project": {"high_business_impact": "high_business_impact_enabled", "sku_name": None,
                                   "v1_legacy_mode_enabled": None, "image_build_compute_name": None,
                                   "managed_network.isolation_mode": None},
}
# what parent_id means, by the azurerm type: the placement attribute azurerm has
_PARENT = {"azurerm_subnet": "virtual_network_name"}
_COMMON = frozenset({"name", "location", "tags", "identity", "resource_group_name", "parent_id", "body", MARKER})


def arm_type(resource: Resource) -> str | None:
    """The ARM type of an azapi_resource without the API version, lower case (None when not known)."""
    value = resource.attrs.get("type")
    if resource.type not in AZAPI_TYPES or not isinstance(value, str):
        return None
    return value.split("@", 1)[0].strip().lower()


def equivalent(resource: Resource) -> str | None:
    """The azurerm type an azapi_resource stands for, when its ARM type is one this mapping knows."""
    entry = _TYPES.get(arm_type(resource) or "")
    if entry is None:
        return None
    if entry[0] == "azurerm_machine_learning_workspace":
        kind = _get(resource.attrs.get("body"), "kind")
        if isinstance(kind, str):
            return _WORKSPACE_KINDS.get(kind.lower(), entry[0])
    return entry[0]


def covered(resource: Resource) -> frozenset[str] | None:
    """Top-level attributes a mapped resource's findings may rely on (None: not an AzAPI resource)."""
    entry = _TYPES.get(str(resource.attrs.get(MARKER, "")).split("@", 1)[0].lower())
    if entry is None:
        return None
    renames = _RENAMES.get(resource.type, {})
    return _COMMON | {(renames.get(path, path) or path).split(".", 1)[0] for path, _, _ in entry[1]}


def _get(value: Any, path: str) -> Any:
    for part in path.split("."):
        index = None
        if part.endswith("[0]"):
            part, index = part[:-3], 0
        if isinstance(value, Unknown):
            return value
        if not isinstance(value, Mapping) or value.get(part) is None:
            return None
        value = value[part]
        if index is not None:
            if isinstance(value, Unknown):
                return value
            if not isinstance(value, list) or not value:
                return None
            value = value[index]
    return value


def _put(attrs: dict[str, Any], path: str, value: Any) -> None:
    """Set an azurerm attribute path; nested blocks are lists of one dict, as in azurerm state."""
    head, _, rest = path.partition(".")
    if not rest:
        attrs[head] = value
        return
    block = attrs.get(head)
    if not (isinstance(block, list) and block and isinstance(block[0], dict)):
        block = [{}]
        attrs[head] = block
    _put(block[0], rest, value)


def _resource_group(parent: Any) -> Any:
    """parent_id as a resource group name: a literal id's last segment, or the reference itself."""
    if isinstance(parent, str):
        match = _RG_ID.search(parent.strip())
        return match.group(1) if match else None
    return parent if isinstance(parent, Unknown) else None


def normalise(resource: Resource, links: Iterable[Link]) -> tuple[Resource, list[Link]]:
    """The azurerm-shaped resource an azapi_resource stands for, and its links at the mapped
    attributes; an unknown ARM type gives the resource and links back unchanged."""
    links = list(links)
    target = equivalent(resource)
    if target is None:
        return resource, links
    arm = arm_type(resource) or ""
    _, fields, same_default = _TYPES[arm]
    version = str(resource.attrs.get("type")).partition("@")[2] or "?"
    body = resource.attrs.get("body")
    attrs: dict[str, Any] = {k: v for k, v in resource.attrs.items() if k != "type"}
    attrs[MARKER] = resource.attrs.get("type")
    mapped: set[str] = set()
    renames = _RENAMES.get(target, {})
    for path, source, convert in fields:
        value = _get(body, source)
        path = renames.get(path, path)
        if path is None or convert(value) is None:
            continue
        if path == "public_network_access":   # azurerm_ai_foundry keeps ARM's words
            value = {True: "Enabled", False: "Disabled"}.get(_enabled(value), value)
        _put(attrs, path, convert(value) if path != "public_network_access" else value)
        mapped.add(path)
    same_default = frozenset(renames.get(p, p) for p in same_default)
    parent = resource.attrs.get("parent_id")
    placement = _PARENT.get(target, "resource_group_name")
    if placement == "resource_group_name":
        group = _resource_group(parent)
        if group is not None and "resource_group_name" not in attrs:
            attrs["resource_group_name"] = group
    elif parent is not None:
        attrs[placement] = parent
    # azurerm defaults that ARM does not share for every API version: unknown, with the reason
    from infra2arch.catalog import kind   # imported here: the catalog package is still loading this module
    record = kind(target)
    for path in sorted(record.defaults if record else ()):
        root = path.split(".", 1)[0]
        if path in mapped or root in same_default or path in same_default or _get(attrs, path) is not None:
            continue
        source = next((s for p, s, _ in fields if p == path), None)
        unknown = Unknown(f"body.{source} not set: the ARM default of API version {version} is not assumed "
                          "to be the azurerm provider's" if source else
                          f"no property of the AzAPI body is mapped to {path}: its value is not known")
        if "." in path and isinstance(attrs.get(root), list):
            _put(attrs, path, unknown)
        elif root not in attrs:
            attrs[root] = unknown
    # links: references in the body move to the attribute they were mapped to
    moved: list[Link] = []
    placed: set[tuple[str, str]] = set()
    for path in sorted(mapped | ({placement} if placement in attrs else set())):
        value = attrs
        for part in path.split("."):
            value = value[0].get(part) if isinstance(value, list) and value and isinstance(value[0], dict) \
                else value.get(part) if isinstance(value, dict) else None
        for unknown in iter_unknowns(value):
            for address, _attribute in sorted(unknown.origins):
                moved.append(Link(resource.address, address, path))
                placed.add((address, "body" if path != placement else "parent_id"))
    kept = [l for l in links if not (l.src == resource.address and (l.dst, l.via.split(".", 1)[0]) in placed)]
    return Resource(resource.address, target, resource.name, attrs, resource.mode, resource.module,
                    resource.origin, resource.source, resource.location, resource.provider,
                    resource.instance_key, resource.instances_unknown), kept + moved
