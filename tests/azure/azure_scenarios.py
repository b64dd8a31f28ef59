"""Estates for the fake ARM server: samples/azure-ml as deployed, an exposed workspace, and a
hub-spoke network with a firewall. Each returns the ids the tests look for."""

from __future__ import annotations

from azure_estate import SUB, Builder

NAME = "vision-dev"                  # local.name in samples/azure-ml
RG = "rg-vision-dev-ml-01"
IDENTITY_PRINCIPAL = "9f1c2d3e-0000-4000-8000-00000000a001"


def sample_azure_ml(b: Builder) -> dict[str, str]:
    """samples/azure-ml with its default variables, as ARM answers for it once applied."""
    b.resource_group(RG, tags={"workload": "vision", "environment": "dev"})
    law = b.log_analytics(RG, "log-vision-dev-01")
    appi = b.insights(RG, "appi-vision-dev-01", law["id"])
    st = b.storage(RG, "stvisiondev01", public=False, containers=("training-data", "models"))
    kv = b.key_vault(RG, "kv-vision-dev-01", public=False)
    cr = b.registry(RG, "crvisiondev01", public=False)
    uami = b.identity(RG, "id-vision-dev-aml", IDENTITY_PRINCIPAL)
    for index, (scope, role) in enumerate(((st["id"], "Storage Blob Data Contributor"),
                                           (st["id"], "Storage Account Contributor"),
                                           (st["id"], "Storage File Data Privileged Contributor"),
                                           (cr["id"], "AcrPush"), (kv["id"], "Key Vault Administrator"),
                                           (b.rg_id(RG), "Contributor"))):
        b.role_assignment(scope, f"a{index:07d}-0000-4000-8000-000000000000", IDENTITY_PRINCIPAL,
                          f"d{index:07d}-0000-4000-8000-000000000000", role)
    nsg_training = b.nsg(RG, f"nsg-{NAME}-training", [
        {"name": "AllowAzureMLBatchNodeManagement", "priority": 100, "source": "BatchNodeManagement",
         "ports": "29876-29877", "destination": "VirtualNetwork"},
        {"name": "AllowAzureMLComputeInstance", "priority": 110, "source": "AzureMachineLearning", "ports": "44224",
         "destination": "VirtualNetwork"},
        {"name": "AllowSSHForDebugging", "priority": 200, "source": "Internet", "ports": "22",
         "destination": "VirtualNetwork"},
        {"name": "AllowAzureMLOutbound", "priority": 100, "direction": "Outbound", "source": "VirtualNetwork",
         "ports": "443", "destination": "AzureMachineLearning"}])
    nsg_pe = b.nsg(RG, f"nsg-{NAME}-private-endpoints", [
        {"name": "AllowVnetHttpsInbound", "priority": 100, "source": "VirtualNetwork", "ports": ["443", "445"],
         "destination": "VirtualNetwork"},
        {"name": "DenyInternetInbound", "priority": 4000, "access": "Deny", "protocol": "*", "source": "Internet"}])
    vnet = b.vnet(RG, "vnet-vision-dev-01", "10.70.0.0/16", {
        "snet-training": {"prefix": "10.70.0.0/22", "nsg": nsg_training["id"], "pe_policies": "Enabled"},
        "snet-private-endpoints": {"prefix": "10.70.4.0/24", "nsg": nsg_pe["id"]},
        "AzureBastionSubnet": {"prefix": "10.70.5.0/26", "pe_policies": "Enabled"}})
    training, endpoints, bastion_subnet = (f"{vnet['id']}/subnets/{s}" for s in
                                           ("snet-training", "snet-private-endpoints", "AzureBastionSubnet"))
    pip = b.public_ip(RG, f"pip-{NAME}-bastion", "20.1.2.3")
    b.bastion(RG, "bas-vision-dev-01", bastion_subnet, pip["id"])
    ws = b.workspace(RG, "mlw-vision-dev-01", storage=st["id"], key_vault=kv["id"], insights=appi["id"],
                     registry=cr["id"], public=False, identity_id=uami["id"], image_build="gpu-dev")
    identity = {"type": "UserAssigned", "userAssignedIdentities": {uami["id"]: {}}}
    b.compute(ws, "gpu-dev", "AmlCompute", {
        "vmSize": "Standard_NC6s_v3", "vmPriority": "LowPriority", "subnet": {"id": training},
        "enableNodePublicIp": False, "remoteLoginPortPublicAccess": "Disabled",
        "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT15M"}},
        identity=identity)
    b.compute(ws, "ci-jdoe-dev", "ComputeInstance", {
        "vmSize": "Standard_DS11_v2", "subnet": {"id": training}, "enableNodePublicIp": True,
        "computeInstanceAuthorizationType": "personal",
        "personalComputeInstanceSettings": {"assignedUser": {"objectId": "11111111-2222-3333-4444-555555555555",
                                                              "tenantId": "72f988bf-0000-0000-0000-000000000000"}},
        "sshSettings": {"sshPublicAccess": "Disabled"}}, identity=identity)
    b.estate.add({"id": f"{ws['id']}/providers/Microsoft.Insights/diagnosticSettings/diag-to-log-analytics",
                  "name": "diag-to-log-analytics", "type": "Microsoft.Insights/diagnosticSettings",
                  "properties": {"workspaceId": law["id"], "logs": [{"categoryGroup": "allLogs", "enabled": True}],
                                 "metrics": []}})
    zones = {"amlworkspace": "privatelink.api.azureml.ms", "notebooks": "privatelink.notebooks.azure.net",
             "blob": "privatelink.blob.core.windows.net", "file": "privatelink.file.core.windows.net",
             "vault": "privatelink.vaultcore.azure.net", "registry": "privatelink.azurecr.io"}
    zone_ids = {key: b.private_dns_zone(RG, zone, {f"link-{key}-vnet-vision-dev-01": vnet["id"]})["id"]
                for key, zone in zones.items()}
    for key, target, group, zone_keys in (("amlworkspace", ws["id"], "amlworkspace", ("amlworkspace", "notebooks")),
                                          ("blob", st["id"], "blob", ("blob",)), ("file", st["id"], "file", ("file",)),
                                          ("vault", kv["id"], "vault", ("vault",)),
                                          ("registry", cr["id"], "registry", ("registry",))):
        b.private_endpoint(RG, f"pe-{NAME}-{key}", endpoints, target, group, [zone_ids[z] for z in zone_keys])
    return {"workspace": ws["id"], "storage": st["id"], "training": training, "vnet": vnet["id"]}


def exposed_workspace(b: Builder, rg: str = "rg-exposed") -> dict[str, str]:
    """Everything open: public workspace and storage, a compute instance with a public IP in a subnet
    whose NSG allows SSH and RDP from anywhere, a public online endpoint whose deployment holds a secret
    in its environment."""
    b.resource_group(rg)
    st = b.storage(rg, "stexposed", public=True, default_action="Allow", containers=("data",))
    kv = b.key_vault(rg, "kv-exposed", public=True)
    law = b.log_analytics(rg, "log-exposed")
    appi = b.insights(rg, "appi-exposed", law["id"])
    nsg = b.nsg(rg, "nsg-open", [
        {"name": "ssh-from-anywhere", "priority": 100, "source": "*", "ports": "22"},
        {"name": "rdp-from-internet", "priority": 110, "source": "0.0.0.0/0", "ports": "3389"}])
    vnet = b.vnet(rg, "vnet-exposed", "10.9.0.0/16", {"default": {"prefix": "10.9.0.0/24", "nsg": nsg["id"]}})
    # no container registry: the workspace states none (it builds with serverless compute)
    ws = b.workspace(rg, "mlw-exposed", storage=st["id"].upper().replace("/SUBSCRIPTIONS/", "/subscriptions/"),
                     key_vault=kv["id"].replace("resourceGroups", "resourcegroups"), insights=appi["id"],
                     registry=None, public=True, hbi=False)
    b.compute(ws, "ci-open", "ComputeInstance", {"vmSize": "Standard_DS3_v2", "enableNodePublicIp": True,
                                                 "subnet": {"id": f"{vnet['id']}/subnets/default"},
                                                 "sshSettings": {"sshPublicAccess": "Enabled"}})
    b.compute(ws, "cpu-cluster", "AmlCompute", {"vmSize": "Standard_D4s_v3", "vmPriority": "Dedicated",
                                                "scaleSettings": {"minNodeCount": 0, "maxNodeCount": 2}})
    model = b.model(ws, "churn", versions=3)
    endpoint = b.online_endpoint(ws, "churn-endpoint", public=True, traffic={"blue": 100})
    b.online_deployment(endpoint, "blue", model[-1], egress="Enabled", env={
        "AZURE_STORAGE_CONNECTION_STRING": "DefaultEndpointsProtocol=https;AccountName=stexposed;AccountKey="
                                           "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0==;"
                                           "EndpointSuffix=core.windows.net",
        "OPENAI_API_KEY": "sk-proj-Abcdefghijklmnopqrstuvwxyz0123456789ABCD",
        "TRAINING_DATA_URL": "https://stexposed.blob.core.windows.net/data?sv=2022-11-02&ss=b&srt=co&sp=r"
                             "&se=2030-01-01T00:00:00Z&sig=Zx9QmT4pLw2RkV7nB3sY8cHd1FjA6eUo5iGqKtPzXr0%3D",
        "MODEL_NAME": "churn"})
    b.batch_endpoint(ws, "churn-batch", "nightly", model[0], f"{ws['id']}/computes/cpu-cluster")
    b.datastore(ws, "workspaceblobstore", "stexposed", "data", rg)
    return {"workspace": ws["id"], "compute_instance": f"{ws['id']}/computes/ci-open", "nsg": nsg["id"],
            "endpoint": endpoint["id"], "deployment": f"{endpoint['id']}/deployments/blue", "model": model[-1]}


def hub_spoke(b: Builder, rg: str = "rg-network-hub") -> dict[str, str]:
    """A hub VNet with Azure Firewall, two spokes peered to it (both ways), spoke subnets routed
    through the firewall."""
    b.resource_group(rg)
    hub_id = b.id(rg, "Microsoft.Network/virtualNetworks/vnet-hub")
    spokes = {name: b.id(rg, f"Microsoft.Network/virtualNetworks/{name}") for name in ("vnet-spoke-ml", "vnet-spoke-data")}
    table = b.route_table(rg, "rt-spokes", [("default-via-firewall", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4")])
    b.vnet(rg, "vnet-hub", "10.0.0.0/16", {"AzureFirewallSubnet": {"prefix": "10.0.1.0/26"}},
           peerings={f"hub-to-{n}": i for n, i in spokes.items()})
    for index, (name, spoke_id) in enumerate(spokes.items(), start=1):
        b.vnet(rg, name, f"10.{index}.0.0/16", {"workloads": {"prefix": f"10.{index}.0.0/24", "route_table": table["id"]}},
               peerings={f"{name}-to-hub": hub_id})
    pip = b.public_ip(rg, "pip-fw", "20.9.9.9")
    # DELIBERATE ISSUE: SSH from anywhere is forwarded to a jump host in the ML spoke
    policy = b.firewall_policy(rg, "fwp-hub", dnat=[{
        "name": "ssh-to-ml-spoke", "ipProtocols": ["TCP"], "sourceAddresses": ["*"], "destinationAddresses": ["20.9.9.9"],
        "destinationPorts": ["22"], "translatedAddress": "10.1.0.10", "translatedPort": "22"}], allow=[{
        "name": "pypi", "sourceAddresses": ["10.1.0.0/16"], "targetFqdns": ["pypi.org", "files.pythonhosted.org"],
        "protocols": [{"protocolType": "Https", "port": 443}]}])
    firewall = b.firewall(rg, "fw-hub", f"{hub_id}/subnets/AzureFirewallSubnet", pip["id"], "10.0.1.4", policy["id"])
    ml_subnet, data_subnet = (f"{spokes[n]}/subnets/workloads" for n in ("vnet-spoke-ml", "vnet-spoke-data"))
    # the workloads: an AKS cluster in the ML spoke, Azure OpenAI and AI Search reached privately from the data spoke
    aks = b.add(rg, "Microsoft.ContainerService/managedClusters/aks-inference", "Microsoft.ContainerService/managedClusters", {
        "kubernetesVersion": "1.30.3", "dnsPrefix": "aks-inference", "enableRBAC": True, "disableLocalAccounts": True,
        "apiServerAccessProfile": {"enablePrivateCluster": True},
        "networkProfile": {"networkPlugin": "azure", "outboundType": "userDefinedRouting"},
        "agentPoolProfiles": [{"name": "system", "mode": "System", "count": 3, "vmSize": "Standard_D4s_v5",
                               "vnetSubnetID": ml_subnet}]}, identity={"type": "SystemAssigned"},
        sku={"name": "Base", "tier": "Standard"})
    openai = b.add(rg, "Microsoft.CognitiveServices/accounts/oai-hub", "Microsoft.CognitiveServices/accounts", {
        "customSubDomainName": "oai-hub", "publicNetworkAccess": "Disabled", "disableLocalAuth": True,
        "endpoint": "https://oai-hub.openai.azure.com/", "networkAcls": {"defaultAction": "Deny", "ipRules": []}},
        kind="OpenAI", sku={"name": "S0"})
    b.estate.add({"id": f"{openai['id']}/deployments/gpt-4o", "name": "gpt-4o",
                  "type": "Microsoft.CognitiveServices/accounts/deployments", "sku": {"name": "Standard", "capacity": 30},
                  "properties": {"model": {"format": "OpenAI", "name": "gpt-4o", "version": "2024-08-06"},
                                 "raiPolicyName": "Microsoft.Default"}})
    search = b.add(rg, "Microsoft.Search/searchServices/srch-hub", "Microsoft.Search/searchServices", {
        "replicaCount": 1, "partitionCount": 1, "publicNetworkAccess": "disabled", "disableLocalAuth": True,
        "networkRuleSet": {"ipRules": []}}, sku={"name": "standard"})
    b.private_endpoint(rg, "pe-oai-hub", data_subnet, openai["id"], "account", [])
    b.private_endpoint(rg, "pe-srch-hub", data_subnet, search["id"], "searchService", [])
    return {"hub": hub_id, "firewall": firewall["id"], "policy": policy["id"], "route_table": table["id"], **spokes,
            "spoke_subnet": ml_subnet, "data_subnet": data_subnet, "aks": aks["id"], "openai": openai["id"],
            "search": search["id"]}


__all__ = ["SUB", "sample_azure_ml", "exposed_workspace", "hub_spoke"]


ML = "Microsoft.MachineLearningServices/workspaces"


def managed_network_workspace(b: Builder, rg: str = "rg-managed", inline_rules: bool = True) -> dict:
    """A workspace whose computes and endpoints live in its managed virtual network (no subnet of ours),
    approved outbound only, reached through a private endpoint; storage and vault behind firewalls.
    ``inline_rules``: the workspace states its outbound rules; else only their own collection has them."""
    b.resource_group(rg)
    vnet = b.vnet(rg, "vnet-clients", "10.80.0.0/16", {"snet-pe": {"prefix": "10.80.1.0/24"}})
    subnet = f"{vnet['id']}/subnets/snet-pe"
    st = b.storage(rg, "stmanaged", public=True, default_action="Deny")
    st["properties"]["networkAcls"] = {
        "defaultAction": "Deny", "bypass": "AzureServices, Logging",
        "ipRules": [{"value": "203.0.113.0/24", "action": "Allow"}],
        "virtualNetworkRules": [{"id": subnet, "action": "Allow", "state": "Succeeded"}],
        "resourceAccessRules": [{"tenantId": "72f988bf-0000-0000-0000-000000000000",
                                 "resourceId": b.id(rg, f"{ML}/mlw-managed")}]}
    kv = b.key_vault(rg, "kv-managed", public=True)
    kv["properties"]["networkAcls"] = {"defaultAction": "Deny", "bypass": "AzureServices",
                                       "ipRules": [{"value": "198.51.100.7/32"}],
                                       "virtualNetworkRules": [{"id": subnet, "ignoreMissingVnetServiceEndpoint": False}]}
    law = b.log_analytics(rg, "log-managed")
    appi = b.insights(rg, "appi-managed", law["id"])
    ws = b.workspace(rg, "mlw-managed", storage=st["id"], key_vault=kv["id"], insights=appi["id"], registry=None,
                     public=False)
    ws["properties"]["managedNetwork"] = {
        "isolationMode": "AllowOnlyApprovedOutbound", "networkId": "0a1b2c3d", "firewallSku": "Standard",
        "status": {"status": "Active", "sparkReady": False},
        "outboundRules": {
            "__SYS_PE_stmanaged_blob": {"type": "PrivateEndpoint", "category": "Required", "status": "Active",
                                        "destination": {"serviceResourceId": st["id"], "subresourceTarget": "blob",
                                                        "sparkEnabled": False, "sparkStatus": "Inactive"}},
            "pypi": {"type": "FQDN", "category": "UserDefined", "status": "Active", "destination": "pypi.org"},
            "monitor": {"type": "ServiceTag", "category": "UserDefined", "status": "Inactive",
                        "destination": {"serviceTag": "AzureMonitor", "protocol": "TCP", "portRanges": "443",
                                        "action": "Allow"}},
            "future-kind": {"type": "SomethingNew", "category": "UserDefined", "destination": {"x": 1}},
            "null-rule": None}}
    if not inline_rules:
        for name, rule in ws["properties"]["managedNetwork"].pop("outboundRules").items():
            b.estate.add({"id": f"{ws['id']}/outboundRules/{name}", "name": name,
                          "type": f"{ML}/outboundRules", "properties": rule})
    b.private_endpoint(rg, "pe-mlw-managed", subnet, ws["id"], "amlworkspace", [])
    b.compute(ws, "ci-private", "ComputeInstance", {"vmSize": "Standard_DS3_v2", "enableNodePublicIp": False,
                                                    "sshSettings": {"sshPublicAccess": "Disabled"}})
    b.compute(ws, "cluster-private", "AmlCompute", {"vmSize": "Standard_D4s_v3", "enableNodePublicIp": False,
                                                    "scaleSettings": None, "subnet": None})
    endpoint = b.online_endpoint(ws, "scoring-private", public=False, traffic={"blue": 100})
    model = b.model(ws, "m", versions=1)
    b.online_deployment(endpoint, "blue", model[0])
    return {"workspace": ws, "storage": st, "vault": kv, "endpoint": endpoint, "subnet": subnet}
