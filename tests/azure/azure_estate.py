"""ARM JSON builders for the fake server: each returns the object as the ARM GET/list APIs document
it (camelCase ``properties``, sub-resource references as ``{"id": …}``), and adds it to the estate."""

from __future__ import annotations

from typing import Any

from azure_fake_arm import Estate

SUB = "00000000-0000-0000-0000-000000000000"
TENANT = "72f988bf-0000-0000-0000-000000000000"


class Builder:
    def __init__(self, estate: Estate, subscription: str = SUB, location: str = "eastus"):
        self.estate = estate
        self.sub = subscription
        self.location = location
        estate.subscriptions.setdefault(subscription, f"sub-{subscription[:8]}")

    def rg_id(self, rg: str) -> str:
        return f"/subscriptions/{self.sub}/resourceGroups/{rg}"

    def id(self, rg: str, path: str) -> str:
        return f"{self.rg_id(rg)}/providers/{path}"

    def add(self, rg: str, path: str, type_: str, properties: dict | None = None, **extra: Any) -> dict:
        item = {"id": self.id(rg, path), "name": path.rsplit("/", 1)[-1], "type": type_,
                "location": extra.pop("location", self.location), "properties": properties or {}}
        item.update(extra)
        return self.estate.add(item)

    # -- groups and network

    def resource_group(self, rg: str, location: str | None = None, tags: dict | None = None) -> dict:
        return self.estate.add({"id": self.rg_id(rg), "name": rg, "type": "Microsoft.Resources/resourceGroups",
                                "location": location or self.location, "tags": tags or {},
                                "properties": {"provisioningState": "Succeeded"}})

    def vnet(self, rg: str, name: str, space: str, subnets: dict[str, dict], peerings: dict[str, str] | None = None,
             location: str | None = None) -> dict:
        vnet_id = self.id(rg, f"Microsoft.Network/virtualNetworks/{name}")
        subnet_items = []
        for subnet, spec in subnets.items():
            props: dict[str, Any] = {"addressPrefix": spec["prefix"], "provisioningState": "Succeeded",
                                     "privateEndpointNetworkPolicies": spec.get("pe_policies", "Disabled"),
                                     "privateLinkServiceNetworkPolicies": "Enabled"}
            for key, arm in (("nsg", "networkSecurityGroup"), ("route_table", "routeTable"), ("nat", "natGateway")):
                if spec.get(key):
                    props[arm] = {"id": spec[key]}
            subnet_items.append({"id": f"{vnet_id}/subnets/{subnet}", "name": subnet,
                                 "type": "Microsoft.Network/virtualNetworks/subnets", "properties": props})
        peering_items = [{"id": f"{vnet_id}/virtualNetworkPeerings/{peer}", "name": peer,
                          "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
                          "properties": {"remoteVirtualNetwork": {"id": remote}, "allowVirtualNetworkAccess": True,
                                         "allowForwardedTraffic": True, "allowGatewayTransit": False,
                                         "useRemoteGateways": False, "peeringState": "Connected"}}
                         for peer, remote in (peerings or {}).items()]
        return self.add(rg, f"Microsoft.Network/virtualNetworks/{name}", "Microsoft.Network/virtualNetworks", {
            "addressSpace": {"addressPrefixes": [space]}, "subnets": subnet_items,
            "virtualNetworkPeerings": peering_items, "provisioningState": "Succeeded"},
            location=location or self.location, etag='W/"1"')

    def nsg(self, rg: str, name: str, rules: list[dict]) -> dict:
        nsg_id = self.id(rg, f"Microsoft.Network/networkSecurityGroups/{name}")
        items = []
        for rule in rules:
            props = {"protocol": rule.get("protocol", "Tcp"), "access": rule.get("access", "Allow"),
                     "direction": rule.get("direction", "Inbound"), "priority": rule["priority"],
                     "sourcePortRange": "*", "sourceAddressPrefix": rule.get("source", "*"),
                     "destinationAddressPrefix": rule.get("destination", "*"), "provisioningState": "Succeeded"}
            ports = rule.get("ports", "*")
            if isinstance(ports, list):
                props["destinationPortRanges"] = ports
            else:
                props["destinationPortRange"] = ports
            items.append({"id": f"{nsg_id}/securityRules/{rule['name']}", "name": rule["name"], "properties": props})
        return self.add(rg, f"Microsoft.Network/networkSecurityGroups/{name}", "Microsoft.Network/networkSecurityGroups",
                        {"securityRules": items, "defaultSecurityRules": [], "provisioningState": "Succeeded"})

    def route_table(self, rg: str, name: str, routes: list[tuple[str, str, str, str | None]]) -> dict:
        table_id = self.id(rg, f"Microsoft.Network/routeTables/{name}")
        return self.add(rg, f"Microsoft.Network/routeTables/{name}", "Microsoft.Network/routeTables", {
            "disableBgpRoutePropagation": True,
            "routes": [{"id": f"{table_id}/routes/{n}", "name": n, "properties": {
                "addressPrefix": prefix, "nextHopType": hop, **({"nextHopIpAddress": ip} if ip else {})}}
                for n, prefix, hop, ip in routes]})

    def public_ip(self, rg: str, name: str, address: str) -> dict:
        return self.add(rg, f"Microsoft.Network/publicIPAddresses/{name}", "Microsoft.Network/publicIPAddresses",
                        {"publicIPAllocationMethod": "Static", "ipAddress": address, "publicIPAddressVersion": "IPv4"},
                        sku={"name": "Standard", "tier": "Regional"})

    def firewall(self, rg: str, name: str, subnet: str, public_ip: str, private_ip: str, policy: str | None = None) -> dict:
        fw_id = self.id(rg, f"Microsoft.Network/azureFirewalls/{name}")
        return self.add(rg, f"Microsoft.Network/azureFirewalls/{name}", "Microsoft.Network/azureFirewalls", {
            "sku": {"name": "AZFW_VNet", "tier": "Standard"}, "threatIntelMode": "Alert",
            **({"firewallPolicy": {"id": policy}} if policy else {}),
            "ipConfigurations": [{"id": f"{fw_id}/azureFirewallIpConfigurations/ipconfig", "name": "ipconfig",
                                  "properties": {"subnet": {"id": subnet}, "publicIPAddress": {"id": public_ip},
                                                 "privateIPAddress": private_ip}}]})

    def firewall_policy(self, rg: str, name: str, dnat: list[dict], allow: list[dict]) -> dict:
        policy = self.add(rg, f"Microsoft.Network/firewallPolicies/{name}", "Microsoft.Network/firewallPolicies", {
            "sku": {"tier": "Standard"}, "threatIntelMode": "Deny", "dnsSettings": {"enableProxy": True}})
        self.estate.add({"id": f"{policy['id']}/ruleCollectionGroups/default", "name": "default",
                         "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups", "properties": {
                             "priority": 200, "ruleCollections": [
                                 {"ruleCollectionType": "FirewallPolicyNatRuleCollection", "name": "dnat",
                                  "priority": 100, "action": {"type": "DNAT"},
                                  "rules": [{"ruleType": "NatRule", **r} for r in dnat]},
                                 {"ruleCollectionType": "FirewallPolicyFilterRuleCollection", "name": "egress",
                                  "priority": 200, "action": {"type": "Allow"},
                                  "rules": [{"ruleType": "ApplicationRule", **r} for r in allow]}]}})
        return policy

    def bastion(self, rg: str, name: str, subnet: str, public_ip: str) -> dict:
        host_id = self.id(rg, f"Microsoft.Network/bastionHosts/{name}")
        return self.add(rg, f"Microsoft.Network/bastionHosts/{name}", "Microsoft.Network/bastionHosts", {
            "enableTunneling": True, "ipConfigurations": [{"id": f"{host_id}/bastionHostIpConfigurations/bastion",
                                                           "name": "bastion", "properties": {
                                                               "subnet": {"id": subnet},
                                                               "publicIPAddress": {"id": public_ip}}}]},
            sku={"name": "Standard"})

    def private_endpoint(self, rg: str, name: str, subnet: str, target: str, group: str, zones: list[str]) -> dict:
        pe_id = self.id(rg, f"Microsoft.Network/privateEndpoints/{name}")
        item = self.add(rg, f"Microsoft.Network/privateEndpoints/{name}", "Microsoft.Network/privateEndpoints", {
            "subnet": {"id": subnet}, "customNetworkInterfaceName": f"nic-{name}",
            "privateLinkServiceConnections": [{"id": f"{pe_id}/privateLinkServiceConnections/psc-{group}",
                                               "name": f"psc-{group}", "properties": {
                                                   "privateLinkServiceId": target, "groupIds": [group],
                                                   "privateLinkServiceConnectionState": {"status": "Approved"}}}],
            "manualPrivateLinkServiceConnections": [], "networkInterfaces": [{"id": self.id(
                rg, f"Microsoft.Network/networkInterfaces/nic-{name}")}]})
        if zones:
            self.estate.add({"id": f"{pe_id}/privateDnsZoneGroups/default", "name": "default",
                             "properties": {"privateDnsZoneConfigs": [
                                 {"name": z.rsplit("/", 1)[-1].replace(".", "-"), "properties": {"privateDnsZoneId": z}}
                                 for z in zones]}})
        return item

    def private_dns_zone(self, rg: str, name: str, vnets: dict[str, str]) -> dict:
        zone = self.add(rg, f"Microsoft.Network/privateDnsZones/{name}", "Microsoft.Network/privateDnsZones",
                        {"numberOfRecordSets": 1}, location="global")
        for link, vnet in vnets.items():
            self.estate.add({"id": f"{zone['id']}/virtualNetworkLinks/{link}", "name": link, "location": "global",
                             "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                             "properties": {"virtualNetwork": {"id": vnet}, "registrationEnabled": False}})
        return zone

    # -- dependencies of a workspace

    def storage(self, rg: str, name: str, public: bool, default_action: str = "Deny",
                containers: tuple[str, ...] = ()) -> dict:
        item = self.add(rg, f"Microsoft.Storage/storageAccounts/{name}", "Microsoft.Storage/storageAccounts", {
            "minimumTlsVersion": "TLS1_2", "supportsHttpsTrafficOnly": True, "allowBlobPublicAccess": False,
            "publicNetworkAccess": "Enabled" if public else "Disabled", "isHnsEnabled": False,
            "networkAcls": {"defaultAction": default_action, "bypass": "AzureServices", "ipRules": [],
                            "virtualNetworkRules": []},
            "primaryEndpoints": {"blob": f"https://{name}.blob.core.windows.net/"},
            "encryption": {"keySource": "Microsoft.Storage", "requireInfrastructureEncryption": False}},
            kind="StorageV2", sku={"name": "Standard_LRS", "tier": "Standard"})
        for container in containers:
            self.estate.add({"id": f"{item['id']}/blobServices/default/containers/{container}", "name": container,
                             "type": "Microsoft.Storage/storageAccounts/blobServices/containers",
                             "properties": {"publicAccess": "None", "hasImmutabilityPolicy": False}})
        return item

    def key_vault(self, rg: str, name: str, public: bool) -> dict:
        return self.add(rg, f"Microsoft.KeyVault/vaults/{name}", "Microsoft.KeyVault/vaults", {
            "tenantId": TENANT, "sku": {"family": "A", "name": "premium"}, "enablePurgeProtection": True,
            "softDeleteRetentionInDays": 90, "enableRbacAuthorization": True,
            "publicNetworkAccess": "Enabled" if public else "Disabled",
            "networkAcls": {"defaultAction": "Deny", "bypass": "AzureServices"},
            "vaultUri": f"https://{name}.vault.azure.net/"})

    def registry(self, rg: str, name: str, public: bool) -> dict:
        return self.add(rg, f"Microsoft.ContainerRegistry/registries/{name}", "Microsoft.ContainerRegistry/registries", {
            "adminUserEnabled": False, "publicNetworkAccess": "Enabled" if public else "Disabled",
            "networkRuleBypassOptions": "AzureServices", "zoneRedundancy": "Disabled", "dataEndpointEnabled": True,
            "loginServer": f"{name}.azurecr.io"}, sku={"name": "Premium", "tier": "Premium"})

    def log_analytics(self, rg: str, name: str) -> dict:
        return self.add(rg, f"Microsoft.OperationalInsights/workspaces/{name}",
                        "Microsoft.OperationalInsights/workspaces",
                        {"sku": {"name": "PerGB2018"}, "retentionInDays": 30, "customerId": "1111-2222"})

    def insights(self, rg: str, name: str, workspace: str) -> dict:
        return self.add(rg, f"Microsoft.Insights/components/{name}", "Microsoft.Insights/components", {
            "Application_Type": "web", "WorkspaceResourceId": workspace, "RetentionInDays": 90,
            "InstrumentationKey": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
            "ConnectionString": "InstrumentationKey=aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee;IngestionEndpoint=https://x/"},
            kind="web")

    def identity(self, rg: str, name: str, principal: str) -> dict:
        return self.add(rg, f"Microsoft.ManagedIdentity/userAssignedIdentities/{name}",
                        "Microsoft.ManagedIdentity/userAssignedIdentities",
                        {"principalId": principal, "clientId": principal[::-1], "tenantId": TENANT})

    def role_assignment(self, scope: str, name: str, principal: str, role: str, role_name: str) -> dict:
        definition = f"/subscriptions/{self.sub}/providers/Microsoft.Authorization/roleDefinitions/{role}"
        self.estate.add({"id": definition, "name": role, "type": "Microsoft.Authorization/roleDefinitions",
                         "properties": {"roleName": role_name, "type": "BuiltInRole"}})
        return self.estate.add({"id": f"/subscriptions/{self.sub}/providers/Microsoft.Authorization/roleAssignments/{name}",
                                "name": name, "type": "Microsoft.Authorization/roleAssignments", "properties": {
                                    "scope": scope, "roleDefinitionId": definition, "principalId": principal,
                                    "principalType": "ServicePrincipal"}})

    # -- Azure Machine Learning

    def workspace(self, rg: str, name: str, *, storage: str, key_vault: str, insights: str, registry: str | None,
                  public: bool, identity_id: str | None = None, kind: str = "Default", hbi: bool = True,
                  image_build: str | None = None, hub: str | None = None) -> dict:
        identity = ({"type": "UserAssigned", "userAssignedIdentities": {identity_id: {"principalId": "x"}}}
                    if identity_id else {"type": "SystemAssigned", "principalId": f"sp-{name}", "tenantId": TENANT})
        props = {"storageAccount": storage, "keyVault": key_vault, "applicationInsights": insights,
                 "publicNetworkAccess": "Enabled" if public else "Disabled", "hbiWorkspace": hbi,
                 "v1LegacyMode": False, "friendlyName": name, "discoveryUrl": "https://eastus.api.azureml.ms/discovery",
                 "provisioningState": "Succeeded", "managedNetwork": {"isolationMode": "Disabled"}}
        if registry:
            props["containerRegistry"] = registry
        if identity_id:
            props["primaryUserAssignedIdentity"] = identity_id
        if image_build:
            props["imageBuildCompute"] = image_build
        if hub:
            props["hubResourceId"] = hub
        return self.add(rg, f"Microsoft.MachineLearningServices/workspaces/{name}",
                        "Microsoft.MachineLearningServices/workspaces", props, kind=kind, identity=identity,
                        sku={"name": "Basic", "tier": "Basic"})

    def compute(self, workspace: dict, name: str, compute_type: str, inner: dict, **extra: Any) -> dict:
        return self.estate.add({"id": f"{workspace['id']}/computes/{name}", "name": name,
                                "type": "Microsoft.MachineLearningServices/workspaces/computes",
                                "location": workspace["location"], **extra,
                                "properties": {"computeType": compute_type, "computeLocation": workspace["location"],
                                               "provisioningState": "Succeeded", "disableLocalAuth": True,
                                               "properties": inner}})

    def online_endpoint(self, workspace: dict, name: str, public: bool, traffic: dict[str, int]) -> dict:
        return self.estate.add({"id": f"{workspace['id']}/onlineEndpoints/{name}", "name": name, "kind": "Managed",
                                "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints",
                                "location": workspace["location"], "identity": {"type": "SystemAssigned"},
                                "properties": {"authMode": "Key", "publicNetworkAccess": "Enabled" if public else "Disabled",
                                               "scoringUri": f"https://{name}.{workspace['location']}.inference.ml.azure.com/score",
                                               "traffic": traffic, "properties": {}, "provisioningState": "Succeeded"}})

    def online_deployment(self, endpoint: dict, name: str, model: str, env: dict[str, str] | None = None,
                          egress: str = "Disabled") -> dict:
        return self.estate.add({"id": f"{endpoint['id']}/deployments/{name}", "name": name, "kind": "Managed",
                                "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments",
                                "location": endpoint["location"], "sku": {"name": "Default", "capacity": 2},
                                "properties": {"endpointComputeType": "Managed", "model": model,
                                               "instanceType": "Standard_DS3_v2", "egressPublicNetworkAccess": egress,
                                               "environmentVariables": env or {}, "appInsightsEnabled": True,
                                               "scaleSettings": {"scaleType": "Default"}, "properties": {},
                                               "provisioningState": "Succeeded"}})

    def batch_endpoint(self, workspace: dict, name: str, deployment: str, model: str, compute: str) -> dict:
        endpoint = self.estate.add({"id": f"{workspace['id']}/batchEndpoints/{name}", "name": name,
                                    "type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints",
                                    "location": workspace["location"], "properties": {
                                        "authMode": "AADToken", "defaults": {"deploymentName": deployment},
                                        "properties": {}}})
        self.estate.add({"id": f"{endpoint['id']}/deployments/{deployment}", "name": deployment,
                         "type": "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments",
                         "location": workspace["location"], "properties": {
                             "model": {"referenceType": "Id", "assetId": model}, "compute": compute,
                             "maxConcurrencyPerInstance": 2, "resources": {"instanceCount": 1}, "properties": {}}})
        return endpoint

    def model(self, workspace: dict, name: str, versions: int = 1, uri: str | None = None) -> list[str]:
        container = self.estate.add({"id": f"{workspace['id']}/models/{name}", "name": name,
                                     "type": "Microsoft.MachineLearningServices/workspaces/models",
                                     "properties": {"latestVersion": str(versions)}})
        ids = []
        for version in range(1, versions + 1):
            item = self.estate.add({"id": f"{container['id']}/versions/{version}", "name": str(version),
                                    "type": "Microsoft.MachineLearningServices/workspaces/models/versions",
                                    "properties": {"modelType": "mlflow_model", "flavors": {}, "modelUri": uri or
                                                   f"azureml://subscriptions/{self.sub}/workspaces/{workspace['name']}"
                                                   f"/datastores/workspaceblobstore/paths/models/{name}/{version}"}})
            ids.append(item["id"])
        return ids

    def datastore(self, workspace: dict, name: str, account: str, container: str, rg: str) -> dict:
        return self.estate.add({"id": f"{workspace['id']}/datastores/{name}", "name": name,
                                "type": "Microsoft.MachineLearningServices/workspaces/datastores", "properties": {
                                    "datastoreType": "AzureBlob", "accountName": account, "containerName": container,
                                    "endpoint": "core.windows.net", "protocol": "https", "subscriptionId": self.sub,
                                    "resourceGroup": rg, "isDefault": name == "workspaceblobstore",
                                    "credentials": {"credentialsType": "AccountKey"}}})
