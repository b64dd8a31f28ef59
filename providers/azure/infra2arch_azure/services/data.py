"""What an Azure ML workspace depends on and what surrounds it: storage accounts (and their blob
containers), Key Vaults, container registries, Application Insights, Log Analytics, managed
identities and role assignments, AKS clusters, Azure AI Search and Azure OpenAI / AI Services
accounts (and their model deployments).

Never called: listKeys, listSecrets, listCredentials, regenerate* (anything that returns a key is a
POST, and this adapter only ever GETs). Fields that hold keys or connection strings in GET answers
(Application Insights' InstrumentationKey and ConnectionString) are not read."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_azure.context import Scope, fan_out
from infra2arch_azure.transform import (
    block, enabled, identity, negate, obj, objs, plain, props, resource_group_of, sorted_blocks, split_list,
)

STORAGE = "2023-05-01"
KEY_VAULT = "2023-07-01"
REGISTRY = "2023-07-01"
INSIGHTS = "2020-02-02"
LOG_ANALYTICS = "2023-09-01"
IDENTITY = "2023-01-31"
AUTHORIZATION = "2022-04-01"
AKS = "2024-05-01"
SEARCH = "2023-11-01"
COGNITIVE = "2024-10-01"


def _public(value: Any) -> bool | None:
    return enabled(value)


def _ip_rules(rules: Any) -> list[str] | None:
    return split_list([r.get("value") or r.get("iPAddressOrRange") for r in objs(rules)])


def _subnet_rules(rules: Any) -> list[str] | None:
    return split_list([r.get("id") or r.get("virtualNetworkResourceId") for r in objs(rules)])


# ---------------------------------------------------------------------------------- transforms


def to_terraform_storage_account(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    sku = str(obj(item.get("sku")).get("name") or "")
    tier, _, replication = sku.partition("_")
    acls = obj(p.get("networkAcls"))
    encryption = obj(p.get("encryption"))
    key = obj(encryption.get("keyvaultproperties") or encryption.get("keyVaultProperties"))
    return scope.resource(item, "azurerm_storage_account", {
        "account_kind": item.get("kind"),
        "account_tier": obj(item.get("sku")).get("tier") or tier or None,
        "account_replication_type": replication or None,
        "access_tier": p.get("accessTier"),
        "min_tls_version": p.get("minimumTlsVersion"),
        "https_traffic_only_enabled": p.get("supportsHttpsTrafficOnly"),
        "allow_nested_items_to_be_public": p.get("allowBlobPublicAccess"),
        "shared_access_key_enabled": p.get("allowSharedKeyAccess"),
        "public_network_access_enabled": _public(p.get("publicNetworkAccess")),
        "is_hns_enabled": p.get("isHnsEnabled"),
        "infrastructure_encryption_enabled": encryption.get("requireInfrastructureEncryption"),
        "customer_managed_key": block({"key_vault_key_id": "/".join(filter(None, (
            str(key.get("keyvaulturi") or "").rstrip("/"), "keys", key.get("keyname"), key.get("keyversion"))))
            if key.get("keyname") else None}),
        "network_rules": block({
            "default_action": acls.get("defaultAction"),
            "bypass": split_list(acls.get("bypass")),
            "ip_rules": _ip_rules(acls.get("ipRules")),
            "virtual_network_subnet_ids": _subnet_rules(acls.get("virtualNetworkRules")),
            # resource instance rules: a service instance (an ML workspace, a search service) let through the firewall
            "private_link_access": sorted_blocks({"endpoint_resource_id": r.get("resourceId"),
                                                  "endpoint_tenant_id": r.get("tenantId")}
                                                 for r in objs(acls.get("resourceAccessRules"))),
        }) if acls else None,
        "primary_blob_endpoint": obj(p.get("primaryEndpoints")).get("blob"),
        "identity": identity(item),
    }, "Microsoft.Storage/storageAccounts/read")


def to_terraform_storage_container(item: Mapping[str, Any], account: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    access = str(plain(p.get("publicAccess")) or "None")
    return scope.resource(item, "azurerm_storage_container", {
        "storage_account_id": account["id"],
        "storage_account_name": account.get("name"),
        "container_access_type": {"none": "private", "blob": "blob", "container": "container"}.get(access.lower(), access),
        "default_encryption_scope": p.get("defaultEncryptionScope"),
        "resource_group_name": None,   # azurerm states none: a container is placed by its account
    }, "Microsoft.Storage/storageAccounts/blobServices/containers/read", region=None)   # none of its own, as in azurerm


def to_terraform_key_vault(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    acls = obj(p.get("networkAcls"))
    return scope.resource(item, "azurerm_key_vault", {
        "tenant_id": p.get("tenantId"),
        "sku_name": str(obj(p.get("sku")).get("name") or "").lower() or None,
        "purge_protection_enabled": bool(p.get("enablePurgeProtection")),
        "soft_delete_retention_days": p.get("softDeleteRetentionInDays"),
        "rbac_authorization_enabled": p.get("enableRbacAuthorization"),
        "enabled_for_deployment": p.get("enabledForDeployment"),
        "enabled_for_disk_encryption": p.get("enabledForDiskEncryption"),
        "enabled_for_template_deployment": p.get("enabledForTemplateDeployment"),
        "public_network_access_enabled": _public(p.get("publicNetworkAccess")),
        "network_acls": block({
            "default_action": acls.get("defaultAction"),
            "bypass": acls.get("bypass"),
            "ip_rules": _ip_rules(acls.get("ipRules")),
            "virtual_network_subnet_ids": _subnet_rules(acls.get("virtualNetworkRules")),
        }) if acls else None,
        "vault_uri": p.get("vaultUri"),
    }, "Microsoft.KeyVault/vaults/read")


def to_terraform_container_registry(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    rules = obj(p.get("networkRuleSet"))
    return scope.resource(item, "azurerm_container_registry", {
        "sku": obj(item.get("sku")).get("name"),
        "admin_enabled": p.get("adminUserEnabled"),
        "public_network_access_enabled": _public(p.get("publicNetworkAccess")),
        "network_rule_bypass_option": p.get("networkRuleBypassOptions"),
        "zone_redundancy_enabled": enabled(p.get("zoneRedundancy")),
        "data_endpoint_enabled": p.get("dataEndpointEnabled"),
        "anonymous_pull_enabled": p.get("anonymousPullEnabled"),
        "login_server": p.get("loginServer"),
        "network_rule_set": block({"default_action": rules.get("defaultAction"),
                                   "ip_rule": sorted_blocks({"action": r.get("action"), "ip_range": r.get("value")}
                                                            for r in objs(rules.get("ipRules")))}) if rules else None,
        "identity": identity(item),
    }, "Microsoft.ContainerRegistry/registries/read")


def to_terraform_application_insights(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)   # InstrumentationKey and ConnectionString are credentials: never read
    return scope.resource(item, "azurerm_application_insights", {
        "application_type": p.get("Application_Type") or item.get("kind"),
        "workspace_id": p.get("WorkspaceResourceId"),
        "retention_in_days": p.get("RetentionInDays"),
        "internet_ingestion_enabled": enabled(p.get("publicNetworkAccessForIngestion")),
        "internet_query_enabled": enabled(p.get("publicNetworkAccessForQuery")),
        "local_authentication_disabled": p.get("DisableLocalAuth"),
    }, "Microsoft.Insights/components/read")


def to_terraform_log_analytics(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_log_analytics_workspace", {
        "sku": obj(p.get("sku")).get("name"),
        "retention_in_days": p.get("retentionInDays"),
        "internet_ingestion_enabled": enabled(p.get("publicNetworkAccessForIngestion")),
        "internet_query_enabled": enabled(p.get("publicNetworkAccessForQuery")),
        "local_authentication_disabled": obj(p.get("features")).get("disableLocalAuth"),
    }, "Microsoft.OperationalInsights/workspaces/read")


def to_terraform_identity(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_user_assigned_identity", {
        "principal_id": p.get("principalId"), "client_id": p.get("clientId"), "tenant_id": p.get("tenantId"),
    }, "Microsoft.ManagedIdentity/userAssignedIdentities/read")


def to_terraform_role_assignment(item: Mapping[str, Any], role_names: Mapping[str, str], scope: Scope) -> Resource:
    p = props(item)
    definition = str(p.get("roleDefinitionId") or "")
    return scope.resource(item, "azurerm_role_assignment", {
        "scope": p.get("scope"),
        "role_definition_id": definition or None,
        "role_definition_name": role_names.get(definition.rsplit("/", 1)[-1].lower()),
        "principal_id": p.get("principalId"),
        "principal_type": p.get("principalType"),
        "condition": p.get("condition"),
        "resource_group_name": None,
    }, "Microsoft.Authorization/roleAssignments/read", region=None)


def to_terraform_kubernetes_cluster(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    pools = [x for x in objs(p.get("agentPoolProfiles")) if isinstance(x, Mapping)]
    system = next((x for x in pools if plain(x.get("mode")) == "System"), pools[0] if pools else {})
    access = obj(p.get("apiServerAccessProfile"))
    network = obj(p.get("networkProfile"))
    return scope.resource(item, "azurerm_kubernetes_cluster", {
        "kubernetes_version": p.get("kubernetesVersion"),
        "dns_prefix": p.get("dnsPrefix"),
        "sku_tier": obj(item.get("sku")).get("tier"),
        "private_cluster_enabled": access.get("enablePrivateCluster"),
        "api_server_access_profile": block({"authorized_ip_ranges": split_list(access.get("authorizedIPRanges"))}),
        "local_account_disabled": p.get("disableLocalAccounts"),
        "role_based_access_control_enabled": p.get("enableRBAC"),
        "default_node_pool": block({
            "name": system.get("name"), "vm_size": system.get("vmSize"), "node_count": system.get("count"),
            "vnet_subnet_id": system.get("vnetSubnetID"), "node_public_ip_enabled": system.get("enableNodePublicIP"),
            "auto_scaling_enabled": system.get("enableAutoScaling"), "min_count": system.get("minCount"),
            "max_count": system.get("maxCount"),
        }) if system else None,
        "network_profile": block({"network_plugin": network.get("networkPlugin"),
                                  "network_policy": network.get("networkPolicy"),
                                  "outbound_type": network.get("outboundType")}),
        "identity": identity(item),
    }, "Microsoft.ContainerService/managedClusters/read")


def to_terraform_search_service(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azurerm_search_service", {
        "sku": obj(item.get("sku")).get("name"),
        "replica_count": p.get("replicaCount"),
        "partition_count": p.get("partitionCount"),
        "public_network_access_enabled": _public(p.get("publicNetworkAccess")),
        "local_authentication_enabled": negate(p.get("disableLocalAuth")),
        "allowed_ips": _ip_rules(obj(p.get("networkRuleSet")).get("ipRules")),
        "semantic_search_sku": p.get("semanticSearch"),
        "identity": identity(item),
    }, "Microsoft.Search/searchServices/read")


def to_terraform_cognitive_account(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    acls = obj(p.get("networkAcls"))
    ai_services = str(item.get("kind") or "") == "AIServices"
    public = _public(p.get("publicNetworkAccess"))
    attrs = {
        "kind": item.get("kind"),
        "sku_name": obj(item.get("sku")).get("name"),
        "custom_subdomain_name": p.get("customSubDomainName"),
        "local_auth_enabled" if not ai_services else "local_authentication_enabled": negate(p.get("disableLocalAuth")),
        "outbound_network_access_restricted": p.get("restrictOutboundNetworkAccess"),
        "fqdns": split_list(p.get("allowedFqdnList")),
        "network_acls": block({
            "default_action": acls.get("defaultAction"),
            "ip_rules": _ip_rules(acls.get("ipRules")),
            "virtual_network_rules": sorted_blocks({"subnet_id": r.get("id")} for r in objs(acls.get("virtualNetworkRules"))),
        }) if acls else None,
        "endpoint": p.get("endpoint"),
        "identity": identity(item),
    }
    if ai_services:   # azurerm_ai_services spells it as the API does
        attrs["public_network_access"] = {True: "Enabled", False: "Disabled"}.get(public) if public is not None else None
    else:
        attrs["public_network_access_enabled"] = public
    return scope.resource(item, "azurerm_ai_services" if ai_services else "azurerm_cognitive_account", attrs,
                          "Microsoft.CognitiveServices/accounts/read")


def to_terraform_cognitive_deployment(item: Mapping[str, Any], account: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    model = obj(p.get("model"))
    sku = obj(item.get("sku"))
    return scope.resource(item, "azurerm_cognitive_deployment", {
        "cognitive_account_id": account["id"],
        "model": block({"format": model.get("format"), "name": model.get("name"), "version": model.get("version")}),
        "sku": block({"name": sku.get("name"), "capacity": sku.get("capacity")}),
        "rai_policy_name": p.get("raiPolicyName"),
        "version_upgrade_option": p.get("versionUpgradeOption"),
    }, "Microsoft.CognitiveServices/accounts/deployments/read", region=None)


# ------------------------------------------------------------------------------------- syncs


def sync_storage(scope: Scope):
    accounts = scope.list("providers/Microsoft.Storage/storageAccounts", STORAGE,
                          "Microsoft.Storage/storageAccounts/read") or []

    def one(account: Mapping[str, Any]) -> list[Resource]:
        containers = scope.list(f"{account['id']}/blobServices/default/containers", STORAGE,
                                "Microsoft.Storage/storageAccounts/blobServices/containers/read",
                                where=resource_group_of(account["id"]))
        return scope.each(to_terraform_storage_container, containers, account)

    return fan_out("blob containers", accounts, one,
                   resources=scope.each(to_terraform_storage_account, accounts))


def sync_security(scope: Scope) -> list[Resource]:
    return (scope.read(to_terraform_key_vault, "Microsoft.KeyVault/vaults", KEY_VAULT)
            + scope.read(to_terraform_identity, "Microsoft.ManagedIdentity/userAssignedIdentities", IDENTITY))


def sync_roles(scope: Scope) -> list[Resource]:
    definitions = scope.list("providers/Microsoft.Authorization/roleDefinitions", AUTHORIZATION,
                             "Microsoft.Authorization/roleDefinitions/read") or ()
    names = {str(d.get("name") or "").lower(): str(props(d).get("roleName")) for d in definitions
             if props(d).get("roleName")}
    assignments = scope.list("providers/Microsoft.Authorization/roleAssignments", AUTHORIZATION,
                             "Microsoft.Authorization/roleAssignments/read") or ()
    return scope.each(to_terraform_role_assignment, assignments, names)


def sync_registries_and_monitoring(scope: Scope) -> list[Resource]:
    return (scope.read(to_terraform_container_registry, "Microsoft.ContainerRegistry/registries", REGISTRY)
            + scope.read(to_terraform_application_insights, "Microsoft.Insights/components", INSIGHTS)
            + scope.read(to_terraform_log_analytics, "Microsoft.OperationalInsights/workspaces", LOG_ANALYTICS))


def sync_compute(scope: Scope) -> list[Resource]:
    return scope.read(to_terraform_kubernetes_cluster, "Microsoft.ContainerService/managedClusters", AKS)


def sync_ai(scope: Scope):
    out = scope.read(to_terraform_search_service, "Microsoft.Search/searchServices", SEARCH)
    accounts = scope.list("providers/Microsoft.CognitiveServices/accounts", COGNITIVE,
                          "Microsoft.CognitiveServices/accounts/read") or []

    def one(account: Mapping[str, Any]) -> list[Resource]:
        deployments = scope.list(f"{account['id']}/deployments", COGNITIVE,
                                 "Microsoft.CognitiveServices/accounts/deployments/read",
                                 where=resource_group_of(account["id"]))
        return scope.each(to_terraform_cognitive_deployment, deployments, account)

    return fan_out("AI services deployments", accounts, one,
                   resources=out + scope.each(to_terraform_cognitive_account, accounts))


SYNCS = (
    ("storage", sync_storage),
    ("keyvault+identity", sync_security),
    ("authorization", sync_roles),
    ("registries+monitoring", sync_registries_and_monitoring),
    ("aks", sync_compute),
    ("search+cognitive", sync_ai),
)

