"""AzAPI resources as their azurerm equivalents.

An ``azapi_resource`` names what it is in its ``type`` attribute (``Microsoft.Storage/storageAccounts@
2023-05-01``) and writes its settings as ARM JSON (``body = { properties = { publicNetworkAccess =
"Disabled" } }``). Azure Verified Modules build workspaces, accounts and networks this way, so the
graph reads such a resource as the azurerm type it stands for: the ARM properties below are mapped
to azurerm attribute names (the names the live Azure adapter gives the same ARM fields, see
providers/azure/infra2arch_azure/services: that code maps answers of a GET and cannot take the
unknown values of a configuration, so the mapping is restated here as data), ``parent_id`` becomes
the placement azurerm has (a subnet's virtual network, a resource's group, a compute's or endpoint's
workspace, a model deployment's account), and references inside the body become links at the mapped
attribute. Children with no azurerm resource (online and batch endpoints and their deployments) take
the types and attribute names the live adapter gives them; a compute is typed by its computeType.

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
# --- children of a workspace or an AI account: parent_id names the parent (see _PARENT) ----------
_COMPUTE = "properties.properties"   # a compute's type-specific settings (ARM nests properties twice)
_COMPUTE_COMMON: tuple[Field, ...] = (
    ("description", "properties.description", _same),
    ("local_auth_enabled", "properties.disableLocalAuth", _negate),
)
# ARM computeType -> the azurerm type (as the live adapter maps a listed compute); other types
# (VirtualMachine, Databricks, HDInsight, DataFactory, ...) are attached computes
_COMPUTE_TYPES = {
    "computeinstance": "azurerm_machine_learning_compute_instance",
    "amlcompute": "azurerm_machine_learning_compute_cluster",
    "aks": "azurerm_machine_learning_inference_cluster",
    "kubernetes": "azurerm_machine_learning_inference_cluster",
    "synapsespark": "azurerm_machine_learning_synapse_spark",
}
_COMPUTES: dict[str, tuple[str, tuple[Field, ...], frozenset[str]]] = {
    # ARM's enableNodePublicIp defaults to true and disableLocalAuth to false, as azurerm's defaults
    "azurerm_machine_learning_compute_instance": ("azurerm_machine_learning_compute_instance", _COMPUTE_COMMON + (
        ("virtual_machine_size", f"{_COMPUTE}.vmSize", _same),
        ("subnet_resource_id", f"{_COMPUTE}.subnet", _ref),
        ("node_public_ip_enabled", f"{_COMPUTE}.enableNodePublicIp", _same),
        ("authorization_type", f"{_COMPUTE}.computeInstanceAuthorizationType", _lower),
        ("ssh.public_access_enabled", f"{_COMPUTE}.sshSettings.sshPublicAccess", _enabled),
        ("assign_to_user.object_id", f"{_COMPUTE}.personalComputeInstanceSettings.assignedUser.objectId", _same),
        ("assign_to_user.tenant_id", f"{_COMPUTE}.personalComputeInstanceSettings.assignedUser.tenantId", _same),
    ), frozenset({"node_public_ip_enabled", "local_auth_enabled"})),
    "azurerm_machine_learning_compute_cluster": ("azurerm_machine_learning_compute_cluster", _COMPUTE_COMMON + (
        ("vm_size", f"{_COMPUTE}.vmSize", _same), ("vm_priority", f"{_COMPUTE}.vmPriority", _same),
        ("subnet_resource_id", f"{_COMPUTE}.subnet", _ref),
        ("node_public_ip_enabled", f"{_COMPUTE}.enableNodePublicIp", _same),
        # "NotSpecified" (ARM's default) stays as written: azurerm's false is not assumed
        ("ssh_public_access_enabled", f"{_COMPUTE}.remoteLoginPortPublicAccess", _enabled),
        ("scale_settings.min_node_count", f"{_COMPUTE}.scaleSettings.minNodeCount", _same),
        ("scale_settings.max_node_count", f"{_COMPUTE}.scaleSettings.maxNodeCount", _same),
        ("scale_settings.scale_down_nodes_after_idle_duration", f"{_COMPUTE}.scaleSettings.nodeIdleTimeBeforeScaleDown",
         _same),
    ), frozenset({"node_public_ip_enabled", "local_auth_enabled"})),
    "azurerm_machine_learning_inference_cluster": ("azurerm_machine_learning_inference_cluster", _COMPUTE_COMMON + (
        ("kubernetes_cluster_id", "properties.resourceId", _same),
        ("cluster_purpose", f"{_COMPUTE}.clusterPurpose", _same),
        ("compute_type", "properties.computeType", _same),
    ), frozenset()),
    "azurerm_machine_learning_synapse_spark": ("azurerm_machine_learning_synapse_spark", _COMPUTE_COMMON + (
        ("synapse_spark_pool_id", "properties.resourceId", _same),
    ), frozenset({"local_auth_enabled"})),
    "azureml_attached_compute": ("azureml_attached_compute", _COMPUTE_COMMON + (
        ("compute_type", "properties.computeType", _same), ("resource_id", "properties.resourceId", _same),
    ), frozenset()),
}
_CHILDREN: dict[str, tuple[str, tuple[Field, ...], frozenset[str]]] = {
    # no azurerm resource: the live adapter's types and attribute names (catalog/azurerm/ml.py)
    "microsoft.machinelearningservices/workspaces/onlineendpoints": ("azureml_online_endpoint", (
        ("kind", "kind", _same), ("auth_mode", "properties.authMode", _same),
        ("public_network_access", "properties.publicNetworkAccess", _same),
        ("compute", "properties.compute", _same), ("traffic", "properties.traffic", _same),
        ("mirror_traffic", "properties.mirrorTraffic", _same),
    ), frozenset({"public_network_access"})),   # ARM: Enabled unless set
    "microsoft.machinelearningservices/workspaces/onlineendpoints/deployments": ("azureml_online_deployment", (
        ("model_id", "properties.model", _same), ("environment_id", "properties.environmentId", _same),
        ("code_configuration.code_id", "properties.codeConfiguration.codeId", _same),
        ("code_configuration.scoring_script", "properties.codeConfiguration.scoringScript", _same),
        ("instance_type", "properties.instanceType", _same), ("instance_count", "sku.capacity", _same),
        ("endpoint_compute_type", "properties.endpointComputeType", _same),
        ("egress_public_network_access", "properties.egressPublicNetworkAccess", _same),
        ("app_insights_enabled", "properties.appInsightsEnabled", _same),
        ("scale_type", "properties.scaleSettings.scaleType", _same),
    ), frozenset({"egress_public_network_access"})),   # ARM: Enabled unless set
    "microsoft.machinelearningservices/workspaces/batchendpoints": ("azureml_batch_endpoint", (
        ("auth_mode", "properties.authMode", _same),
        ("default_deployment_name", "properties.defaults.deploymentName", _same),
    ), frozenset()),
    "microsoft.machinelearningservices/workspaces/batchendpoints/deployments": ("azureml_batch_deployment", (
        ("model_id", "properties.model.assetId", _same), ("compute_id", "properties.compute", _same),
        ("environment_id", "properties.environmentId", _same),
    ), frozenset()),
    "microsoft.cognitiveservices/accounts/deployments": ("azurerm_cognitive_deployment", (
        ("model.format", "properties.model.format", _same), ("model.name", "properties.model.name", _same),
        ("model.version", "properties.model.version", _same),
        ("sku.name", "sku.name", _same), ("sku.capacity", "sku.capacity", _same),
        ("rai_policy_name", "properties.raiPolicyName", _same),
        ("version_upgrade_option", "properties.versionUpgradeOption", _same),
    ), frozenset()),
}
_TYPES.update(_CHILDREN)
_COMPUTES_ARM = "microsoft.machinelearningservices/workspaces/computes"
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
_PARENT = {"azurerm_subnet": "virtual_network_name",
           **{target: "machine_learning_workspace_id" for target in _COMPUTES if target != "azureml_attached_compute"},
           "azureml_attached_compute": "machine_learning_workspace_id",
           "azureml_online_endpoint": "workspace_id", "azureml_batch_endpoint": "workspace_id",
           "azureml_online_deployment": "endpoint_id", "azureml_batch_deployment": "endpoint_id",
           "azurerm_cognitive_deployment": "cognitive_account_id"}
_COMMON = frozenset({"name", "location", "tags", "identity", "resource_group_name", "parent_id", "body", MARKER})


def arm_type(resource: Resource) -> str | None:
    """The ARM type of an azapi_resource without the API version, lower case (None when not known)."""
    value = resource.attrs.get("type")
    if resource.type not in AZAPI_TYPES or not isinstance(value, str):
        return None
    return value.split("@", 1)[0].strip().lower()


def _entry(arm: str, body: Any) -> tuple[str, tuple[Field, ...], frozenset[str]] | None:
    """The mapping of an ARM type; a compute's by its ``properties.computeType`` (None while that is
    not known: the resource stays an unmapped azapi_resource, reported as a gap, not a guess)."""
    if arm == _COMPUTES_ARM:
        compute_type = _get(body, "properties.computeType")
        if not isinstance(compute_type, str):
            return None
        return _COMPUTES[_COMPUTE_TYPES.get(compute_type.lower(), "azureml_attached_compute")]
    return _TYPES.get(arm)


def equivalent(resource: Resource) -> str | None:
    """The azurerm type an azapi_resource stands for, when its ARM type is one this mapping knows."""
    entry = _entry(arm_type(resource) or "", resource.attrs.get("body"))
    if entry is None:
        return None
    if entry[0] == "azurerm_machine_learning_workspace":
        kind = _get(resource.attrs.get("body"), "kind")
        if isinstance(kind, str):
            return _WORKSPACE_KINDS.get(kind.lower(), entry[0])
    return entry[0]


def covered(resource: Resource) -> frozenset[str] | None:
    """Top-level attributes a mapped resource's findings may rely on (None: not an AzAPI resource)."""
    entry = _entry(str(resource.attrs.get(MARKER, "")).split("@", 1)[0].lower(), resource.attrs.get("body"))
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
    _, fields, same_default = _entry(arm, resource.attrs.get("body")) or _TYPES[arm]
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
