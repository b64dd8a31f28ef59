"""Microsoft.MachineLearningServices: workspaces (and AI Foundry hubs and projects), their computes,
online and batch endpoints and deployments, models (every version), datastores, connections (to
Azure OpenAI, AI Search, storage …), diagnostic settings, and registries.

The ARM API that azure-ai-ml's MLClient itself calls, read as JSON with a pinned api-version:
MLClient's entity layer raises on objects missing optional blocks (a deployment without
``scaleSettings``), lower-cases and enum-stringifies values, and drops fields, so one odd object
would lose a workspace's whole list. Datastores are listed without secrets (the list API does not
return them; ``listSecrets`` is a POST and never called). Deployment environment variables are kept
by name; values that look like secrets are redacted before anything is written."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_azure.context import Followups, Scope, fan_out
from infra2arch_azure.transform import (
    block, obj, objs, enabled, identity, location, negate, plain, props, ref, resource_group_of, sorted_blocks,
    split_list, text,
)

ML = "2024-10-01"
DIAGNOSTICS = "2021-05-01-preview"
ACT = "Microsoft.MachineLearningServices/workspaces"

_COMPUTE_TYPES = {
    "ComputeInstance": "azurerm_machine_learning_compute_instance",
    "AmlCompute": "azurerm_machine_learning_compute_cluster",
    "AKS": "azurerm_machine_learning_inference_cluster",
    "Kubernetes": "azurerm_machine_learning_inference_cluster",
    "SynapseSpark": "azurerm_machine_learning_synapse_spark",
}
_DATASTORE_TYPES = {
    "AzureBlob": "azurerm_machine_learning_datastore_blobstorage",
    "AzureDataLakeGen2": "azurerm_machine_learning_datastore_datalake_gen2",
    "AzureFile": "azurerm_machine_learning_datastore_fileshare",
}


def _seconds(duration: Any) -> str | None:
    """ARM's ISO-8601 durations as Terraform keeps them (``PT15M``); numbers of seconds as PT…S."""
    if isinstance(duration, (int, float)):
        return f"PT{int(duration)}S"
    return duration if isinstance(duration, str) and duration else None


def _model_id(value: Any) -> str | None:
    if isinstance(value, Mapping):   # batch deployments: {"referenceType": "Id", "assetId": "..."}
        value = value.get("assetId") or value.get("id")
    return value if isinstance(value, str) and value else None


def _env(value: Any) -> dict[str, str] | None:
    if not isinstance(value, Mapping):
        return None
    return {str(k): str(v) for k, v in sorted(value.items())} or None


# ---------------------------------------------------------------------------------- transforms


def to_terraform_workspace(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    kind = {"hub": "Hub", "project": "Project"}.get(str(item.get("kind") or "").lower(), str(item.get("kind") or "Default"))
    encryption = obj(p.get("encryption"))
    key = obj(encryption.get("keyVaultProperties"))
    public = enabled(p.get("publicNetworkAccess"))
    common = {
        "kind": kind,
        "application_insights_id": p.get("applicationInsights"),
        "key_vault_id": p.get("keyVault"),
        "storage_account_id": p.get("storageAccount"),
        "container_registry_id": p.get("containerRegistry"),
        "primary_user_assigned_identity": p.get("primaryUserAssignedIdentity"),
        "friendly_name": p.get("friendlyName"),
        "description": p.get("description"),
        "managed_network": block({"isolation_mode": text(obj(p.get("managedNetwork")).get("isolationMode"))}),
        "encryption": block({"key_vault_id": key.get("keyVaultArmId"), "key_id": key.get("keyIdentifier"),
                             "user_assigned_identity_id": obj(encryption.get("identity")).get("userAssignedIdentity")})
        if str(plain(encryption.get("status") or "")).lower() == "enabled" else None,
        "identity": identity(item),
        "discovery_url": p.get("discoveryUrl"),
        "workspace_id": p.get("workspaceId"),
    }
    api = f"{ACT}/read"
    if kind == "Hub":
        return scope.resource(item, "azurerm_ai_foundry", {
            **common, "public_network_access": {True: "Enabled", False: "Disabled"}.get(public) if public is not None else None,
            "high_business_impact_enabled": p.get("hbiWorkspace")}, api)
    if kind == "Project":
        return scope.resource(item, "azurerm_ai_foundry_project", {
            **common, "ai_services_hub_id": p.get("hubResourceId"), "high_business_impact_enabled": p.get("hbiWorkspace"),
            "public_network_access_enabled": public}, api)
    return scope.resource(item, "azurerm_machine_learning_workspace", {
        **common,
        "public_network_access_enabled": public,
        "high_business_impact": p.get("hbiWorkspace"),
        "v1_legacy_mode_enabled": p.get("v1LegacyMode"),
        "image_build_compute_name": p.get("imageBuildCompute"),
        "sku_name": obj(item.get("sku")).get("name"),
        "serverless_compute": block({"subnet_id": ref(obj(p.get("serverlessComputeSettings")).get(
            "serverlessComputeCustomSubnet")), "public_ip_enabled": negate(
            obj(p.get("serverlessComputeSettings")).get("serverlessComputeNoPublicIP"))}),
    }, api)


_OUTBOUND_TYPES = {
    "fqdn": "azurerm_machine_learning_workspace_network_outbound_rule_fqdn",
    "privateendpoint": "azurerm_machine_learning_workspace_network_outbound_rule_private_endpoint",
    "servicetag": "azurerm_machine_learning_workspace_network_outbound_rule_service_tag",
}


def _outbound_rule(workspace: Mapping[str, Any], name: str, rule: Any, scope: Scope) -> Resource:
    rule = obj(rule)
    workspace_id = str(workspace.get("id") or "")
    kind = str(plain(rule.get("type")) or "").lower()
    destination = rule.get("destination")
    target = obj(destination)
    attrs: dict[str, Any] = {"workspace_id": workspace_id, "category": text(rule.get("category")),
                             "status": text(rule.get("status")), "resource_group_name": None, "tags": None}
    if kind == "fqdn":
        attrs["destination_fqdn"] = destination if isinstance(destination, str) else None
    elif kind == "privateendpoint":
        attrs.update(service_resource_id=ref(target.get("serviceResourceId")),
                     sub_resource_target=text(target.get("subresourceTarget")),
                     spark_enabled=target.get("sparkEnabled") if isinstance(target.get("sparkEnabled"), bool) else None)
    elif kind == "servicetag":
        attrs.update(service_tag=text(target.get("serviceTag")), protocol=text(target.get("protocol")),
                     port_ranges=text(target.get("portRanges")), action=text(target.get("action")),
                     address_prefixes=split_list(target.get("addressPrefixes")))
    else:
        attrs.update(rule_type=text(rule.get("type")))
    return scope.resource({"id": f"{workspace_id}/outboundRules/{name}", "name": name},
                          _OUTBOUND_TYPES.get(kind, "azureml_outbound_rule"), attrs, f"{ACT}/read",
                          region=location(workspace))


def _states_outbound_rules(workspace: Mapping[str, Any]) -> bool:
    return isinstance(obj(props(workspace).get("managedNetwork")).get("outboundRules"), Mapping)


def _isolated(workspace: Mapping[str, Any]) -> bool:
    mode = str(plain(obj(props(workspace).get("managedNetwork")).get("isolationMode")) or "")
    return mode.lower() in ("allowinternetoutbound", "allowonlyapprovedoutbound")


def to_terraform_outbound_rules(item: Mapping[str, Any], scope: Scope) -> list[Resource]:
    """The managed virtual network's outbound rules as the workspace states them (a map of name to rule,
    no call of their own), each as the azurerm resource that manages one: FQDN, private endpoint (the
    workspace reaching a storage account, vault or registry privately) or service tag; a kind this
    adapter does not know is kept as ``azureml_outbound_rule``. The rules Azure adds itself (category
    Required, Dependency) are kept too: they are what the network allows."""
    rules = obj(obj(props(item).get("managedNetwork")).get("outboundRules"))
    return [_outbound_rule(item, str(name), rule, scope) for name, rule in sorted(rules.items())]


def to_terraform_compute(item: Mapping[str, Any], workspace: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    inner = p.get("properties") if isinstance(p.get("properties"), Mapping) else {}
    compute_type = str(plain(p.get("computeType")) or "")
    tf_type = _COMPUTE_TYPES.get(compute_type, "azureml_attached_compute")
    region = location(item) or location(workspace)
    common = {
        "machine_learning_workspace_id": workspace["id"],
        "description": p.get("description"),
        "local_auth_enabled": negate(p.get("disableLocalAuth")),
        "identity": identity(item),
        "location": region,
    }
    api = f"{ACT}/computes/read"
    if tf_type == "azurerm_machine_learning_compute_instance":
        user = obj(obj(inner.get("personalComputeInstanceSettings")).get("assignedUser"))
        ssh = obj(inner.get("sshSettings"))
        attrs = {
            **common,
            "virtual_machine_size": inner.get("vmSize"),
            "subnet_resource_id": ref(inner.get("subnet")),
            "node_public_ip_enabled": inner.get("enableNodePublicIp"),
            "authorization_type": str(plain(inner.get("computeInstanceAuthorizationType"))).lower()
            if inner.get("computeInstanceAuthorizationType") else None,
            "assign_to_user": block({"object_id": user.get("objectId"), "tenant_id": user.get("tenantId")}),
            "ssh": block({"public_access_enabled": enabled(ssh.get("sshPublicAccess"))}),
        }
    elif tf_type == "azurerm_machine_learning_compute_cluster":
        scale = obj(inner.get("scaleSettings"))
        attrs = {
            **common,
            "vm_size": inner.get("vmSize"),
            "vm_priority": inner.get("vmPriority"),
            "subnet_resource_id": ref(inner.get("subnet")),
            "node_public_ip_enabled": inner.get("enableNodePublicIp"),
            "ssh_public_access_enabled": enabled(inner.get("remoteLoginPortPublicAccess")),
            "scale_settings": block({
                "min_node_count": scale.get("minNodeCount"), "max_node_count": scale.get("maxNodeCount"),
                "scale_down_nodes_after_idle_duration": _seconds(scale.get("nodeIdleTimeBeforeScaleDown"))}),
        }
    elif tf_type == "azurerm_machine_learning_inference_cluster":
        attrs = {**common, "kubernetes_cluster_id": p.get("resourceId"), "cluster_purpose": inner.get("clusterPurpose"),
                 "compute_type": compute_type}
    elif tf_type == "azurerm_machine_learning_synapse_spark":
        attrs = {**common, "synapse_spark_pool_id": p.get("resourceId")}
    else:
        attrs = {**common, "compute_type": compute_type or None, "resource_id": p.get("resourceId")}
    return scope.resource(item, tf_type, attrs, api, region=region)


def to_terraform_online_endpoint(item: Mapping[str, Any], workspace: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azureml_online_endpoint", {
        "workspace_id": workspace["id"],
        "kind": item.get("kind"),
        "auth_mode": p.get("authMode"),
        "public_network_access": p.get("publicNetworkAccess"),
        "compute": p.get("compute"),
        "scoring_uri": p.get("scoringUri"),
        "traffic": dict(sorted(obj(p.get("traffic")).items())) or None,
        "mirror_traffic": dict(sorted(obj(p.get("mirrorTraffic")).items())) or None,
        "identity": identity(item),
    }, f"{ACT}/onlineEndpoints/read", region=location(item) or location(workspace))


def to_terraform_online_deployment(item: Mapping[str, Any], endpoint: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    sku = obj(item.get("sku"))
    return scope.resource(item, "azureml_online_deployment", {
        "endpoint_id": endpoint["id"],
        "model_id": _model_id(p.get("model")),
        "environment_id": p.get("environmentId"),
        "code_configuration": block({"code_id": obj(p.get("codeConfiguration")).get("codeId"),
                                     "scoring_script": obj(p.get("codeConfiguration")).get("scoringScript")}),
        "instance_type": p.get("instanceType"),
        "instance_count": sku.get("capacity"),   # properties.instanceCount is not a field
        "endpoint_compute_type": p.get("endpointComputeType"),
        "egress_public_network_access": p.get("egressPublicNetworkAccess"),
        "app_insights_enabled": p.get("appInsightsEnabled"),
        "environment_variables": _env(p.get("environmentVariables")),
        "scale_type": obj(p.get("scaleSettings")).get("scaleType"),
        "resource_group_name": None,
    }, f"{ACT}/onlineEndpoints/deployments/read", region=location(item) or location(endpoint))


def to_terraform_batch_endpoint(item: Mapping[str, Any], workspace: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azureml_batch_endpoint", {
        "workspace_id": workspace["id"],
        "auth_mode": p.get("authMode"),
        "default_deployment_name": obj(p.get("defaults")).get("deploymentName"),
        "scoring_uri": p.get("scoringUri"),
        "identity": identity(item),
    }, f"{ACT}/batchEndpoints/read", region=location(item) or location(workspace))


def to_terraform_batch_deployment(item: Mapping[str, Any], endpoint: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azureml_batch_deployment", {
        "endpoint_id": endpoint["id"],
        "model_id": _model_id(p.get("model")),
        "compute_id": p.get("compute"),
        "environment_id": p.get("environmentId"),
        "environment_variables": _env(p.get("environmentVariables")),
        "max_concurrency_per_instance": p.get("maxConcurrencyPerInstance"),
        "instance_count": obj(p.get("resources")).get("instanceCount"),
        "resource_group_name": None,
    }, f"{ACT}/batchEndpoints/deployments/read", region=location(item) or location(endpoint))


def to_terraform_model(item: Mapping[str, Any], container: Mapping[str, Any], workspace: Mapping[str, Any],
                       scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azureml_model", {
        "name": container.get("name"),
        "version": item.get("name"),
        "workspace_id": workspace["id"],
        "path": p.get("modelUri"),
        "model_type": p.get("modelType"),
        "job_name": p.get("jobName"),
        "stage": p.get("stage"),
        "description": p.get("description"),
        "tags": dict(sorted(obj(p.get("tags")).items())) or None,
    }, f"{ACT}/models/versions/read", name=f"{container.get('name')}:{item.get('name')}",
        region=location(workspace))


def to_terraform_datastore(item: Mapping[str, Any], workspace: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    kind = str(plain(p.get("datastoreType")) or "")
    tf_type = _DATASTORE_TYPES.get(kind, "azureml_datastore")
    account, container = p.get("accountName"), p.get("containerName") or p.get("filesystem")
    subscription, group = p.get("subscriptionId"), p.get("resourceGroup")
    container_id = None
    if account and container and subscription and group and kind in ("AzureBlob", "AzureDataLakeGen2"):
        container_id = (f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/"
                        f"storageAccounts/{account}/blobServices/default/containers/{container}")
    share_id = None
    if account and p.get("fileShareName") and subscription and group:
        share_id = (f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/"
                    f"storageAccounts/{account}/fileServices/default/shares/{p['fileShareName']}")
    return scope.resource(item, tf_type, {
        "workspace_id": workspace["id"],
        "datastore_type": kind or None,
        "storage_container_id": container_id,
        "storage_fileshare_id": share_id,
        "account_name": account,
        "container_name": container,
        "service_data_auth_identity": p.get("serviceDataAccessAuthIdentity"),
        "is_default": p.get("isDefault"),
        "credentials_type": obj(p.get("credentials")).get("credentialsType"),   # never the credentials
        "resource_group_name": None,
    }, f"{ACT}/datastores/read", region=None)   # no region of its own (azurerm states none): drawn beside its store


def to_terraform_connection(item: Mapping[str, Any], workspace: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)   # credentials are never read: the list API does not return them, listsecrets is never called
    metadata = obj(p.get("metadata"))
    resource_id = metadata.get("ResourceId") or metadata.get("resourceId")
    return scope.resource(item, "azureml_workspace_connection", {
        "workspace_id": workspace["id"],
        "category": p.get("category"),
        "target": p.get("target"),
        "target_resource_id": resource_id if isinstance(resource_id, str) else None,
        "auth_type": p.get("authType"),
        "is_shared_to_all": p.get("isSharedToAll"),
        "resource_group_name": None,
    }, f"{ACT}/connections/read", region=None)


def to_terraform_diagnostic_setting(item: Mapping[str, Any], target: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    logs = [{"category": l.get("category"), "category_group": l.get("categoryGroup")}
            for l in objs(p.get("logs")) if isinstance(l, Mapping) and l.get("enabled", True)]
    metrics = [{"category": m.get("category")} for m in objs(p.get("metrics"))
               if isinstance(m, Mapping) and m.get("enabled", True)]
    return scope.resource(item, "azurerm_monitor_diagnostic_setting", {
        "target_resource_id": target["id"],
        "log_analytics_workspace_id": p.get("workspaceId"),
        "storage_account_id": p.get("storageAccountId"),
        "eventhub_authorization_rule_id": p.get("eventHubAuthorizationRuleId"),
        "eventhub_name": p.get("eventHubName"),
        "enabled_log": sorted_blocks(logs),
        "enabled_metric": sorted_blocks(metrics),
        "resource_group_name": None,
    }, "Microsoft.Insights/diagnosticSettings/read", region=None)


def to_terraform_registry(item: Mapping[str, Any], scope: Scope) -> Resource:
    p = props(item)
    return scope.resource(item, "azureml_registry", {
        "public_network_access": p.get("publicNetworkAccess"),
        "discovery_url": p.get("discoveryUrl"),
        "replication_locations": sorted({str(r.get("location")) for r in objs(p.get("regionDetails"))
                                         if isinstance(r, Mapping) and r.get("location")}) or None,
        "identity": identity(item),
    }, "Microsoft.MachineLearningServices/registries/read")


# ------------------------------------------------------------------------------------- syncs


def _workspace_parts(scope: Scope, workspace: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The per-workspace tasks: each a list call (and its per-endpoint/per-model follow-ups)."""
    ws_id, where = workspace["id"], resource_group_of(workspace["id"])

    def computes() -> list[Resource]:
        items = scope.list(f"{ws_id}/computes", ML, f"{ACT}/computes/read", where=where)
        return scope.each(to_terraform_compute, items, workspace)

    def online() -> Followups:
        endpoints = scope.list(f"{ws_id}/onlineEndpoints", ML, f"{ACT}/onlineEndpoints/read", where=where) or []

        def deployments(endpoint: Mapping[str, Any]) -> list[Resource]:
            items = scope.list(f"{endpoint['id']}/deployments", ML, f"{ACT}/onlineEndpoints/deployments/read",
                               where=where)
            return scope.each(to_terraform_online_deployment, items, endpoint)

        return fan_out("online deployments", endpoints, deployments, chunk=4,
                       resources=scope.each(to_terraform_online_endpoint, endpoints, workspace))

    def batch() -> Followups:
        endpoints = scope.list(f"{ws_id}/batchEndpoints", ML, f"{ACT}/batchEndpoints/read", where=where) or []

        def deployments(endpoint: Mapping[str, Any]) -> list[Resource]:
            items = scope.list(f"{endpoint['id']}/deployments", ML, f"{ACT}/batchEndpoints/deployments/read",
                               where=where)
            return scope.each(to_terraform_batch_deployment, items, endpoint)

        return fan_out("batch deployments", endpoints, deployments, chunk=4,
                       resources=scope.each(to_terraform_batch_endpoint, endpoints, workspace))

    def models() -> Followups:
        containers = scope.list(f"{ws_id}/models", ML, f"{ACT}/models/read", where=where)

        def versions(container: Mapping[str, Any]) -> list[Resource]:
            items = scope.list(f"{container['id']}/versions", ML, f"{ACT}/models/versions/read", where=where)
            return scope.each(to_terraform_model, items, container, workspace)

        return fan_out("model versions", containers, versions, chunk=4)

    def datastores() -> list[Resource]:
        items = scope.list(f"{ws_id}/datastores", ML, f"{ACT}/datastores/read", where=where)
        return scope.each(to_terraform_datastore, items, workspace)

    def diagnostics() -> list[Resource]:
        items = scope.list(f"{ws_id}/providers/Microsoft.Insights/diagnosticSettings", DIAGNOSTICS,
                           "Microsoft.Insights/diagnosticSettings/read", where=where)
        return scope.each(to_terraform_diagnostic_setting, items, workspace)

    def connections() -> list[Resource]:
        items = scope.list(f"{ws_id}/connections", ML, f"{ACT}/connections/read", where=where)
        return scope.each(to_terraform_connection, items, workspace)

    def outbound_rules() -> list[Resource]:
        items = scope.list(f"{ws_id}/outboundRules", ML, f"{ACT}/outboundRules/read", where=where)
        return scope.each(lambda rule, s: _outbound_rule(workspace, str(rule.get("name") or rule["id"].rsplit("/", 1)[-1]),
                                                         rule.get("properties"), s), items)

    name = workspace.get("name")
    parts: list[tuple[str, Any]] = [(f"{name}/computes", computes), (f"{name}/datastores", datastores),
                                    (f"{name}/diagnosticSettings", diagnostics), (f"{name}/connections", connections)]
    if _isolated(workspace) and not _states_outbound_rules(workspace):
        # a managed network whose listed workspace does not carry its rules: ask the rules' own collection
        parts.append((f"{name}/outboundRules", outbound_rules))
    if str(workspace.get("kind") or "").lower() != "hub":   # a hub's endpoints and models live in its projects
        parts += [(f"{name}/onlineEndpoints", online), (f"{name}/batchEndpoints", batch), (f"{name}/models", models)]
    return parts


def sync_workspaces(scope: Scope) -> Followups:
    workspaces = scope.list("providers/Microsoft.MachineLearningServices/workspaces", ML, f"{ACT}/read") or []
    tasks = [task for w in workspaces for task in _workspace_parts(scope, w)]
    return Followups(tasks, scope.each(to_terraform_workspace, workspaces)
                     + scope.each(to_terraform_outbound_rules, workspaces))


def sync_registries(scope: Scope) -> list[Resource]:
    return scope.read(to_terraform_registry, "Microsoft.MachineLearningServices/registries", ML)


SYNCS = (("ml/workspaces", sync_workspaces), ("ml/registries", sync_registries))
