"""The fake ARM server speaks the shapes the official SDKs read: azure-ai-ml's MLClient and
azure-mgmt-network's client list everything from it (following nextLink), every field of the network
fixtures is one azure-mgmt-network's models know (the SDK models silently drop unknown keys, so a
misspelt fixture field would look like missing data), and what the SDKs read agrees with what the
adapter put in the graph."""

from __future__ import annotations

import time

import pytest

import azure_scenarios as scenarios
from azure_fixtures import arm, builder, estate, scan  # noqa: F401  (fixtures)
from azure_fake_arm import TOKEN


class _Credential:
    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken

        return AccessToken(TOKEN, int(time.time()) + 3600)

    def get_token_info(self, *scopes, options=None):
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(TOKEN, int(time.time()) + 3600)


def test_azure_ai_ml_reads_the_same_objects_as_the_adapter(builder, estate, arm, scan, monkeypatch):
    pytest.importorskip("azure.ai.ml")
    from azure.ai.ml import MLClient

    monkeypatch.delenv("AZUREML_CURRENT_CLOUD", raising=False)   # MLClient sets it process-wide
    ids = scenarios.exposed_workspace(builder)
    scenarios.sample_azure_ml(builder)
    estate.page_size = 2
    by = {r.address: r for r in scan().resources}
    metadata = {key: arm.url + "/" for key in ("azure_portal", "resource_manager", "active_directory",
                                               "aml_resource_id", "registry_discovery_endpoint")}
    metadata["storage_endpoint"] = "core.windows.net"
    options = dict(cloud=f"fake-{arm.url.rsplit(':', 1)[-1]}", cloud_metadata=metadata, enable_telemetry=False,
                   connection_verify=str(arm.cert), retry_total=0)
    client = MLClient(_Credential(), scenarios.SUB, **options)
    workspaces = {w.id: w for w in client.workspaces.list(scope="subscription")}
    assert set(workspaces) == {a for a, r in by.items() if r.type == "azurerm_machine_learning_workspace"}
    for address, workspace in workspaces.items():
        assert by[address].attrs["public_network_access_enabled"] == (str(workspace.public_network_access).lower()
                                                                       .endswith("enabled"))
        assert by[address].attrs.get("high_business_impact") == workspace.hbi_workspace
    ml = MLClient(_Credential(), scenarios.SUB, "rg-exposed", "mlw-exposed", **options)
    computes = {c.id: c for c in ml.compute.list()}
    assert {by[a].type for a in computes} == {"azurerm_machine_learning_compute_instance",
                                              "azurerm_machine_learning_compute_cluster"}
    instance = computes[ids["compute_instance"]]
    assert instance.enable_node_public_ip is True and by[instance.id].attrs["node_public_ip_enabled"] is True
    endpoints = list(ml.online_endpoints.list())
    assert [e.id for e in endpoints] == [ids["endpoint"]]
    access = endpoints[0].public_network_access   # an enum in the SDK: str() would be "PublicNetworkAccessType.ENABLED"
    assert by[ids["endpoint"]].attrs["public_network_access"].lower() == str(getattr(access, "value", access)).lower()
    deployment = next(iter(ml.online_deployments.list("churn-endpoint")))
    ours = by[ids["deployment"]].attrs
    assert deployment.instance_count == ours["instance_count"] == 2
    assert sorted(deployment.environment_variables) == sorted(ours["environment_variables"])
    assert deployment.model == ours["model_id"] == ids["model"]
    batch = next(iter(ml.batch_deployments.list("churn-batch")))
    ours = next(r.attrs for r in by.values() if r.type == "azureml_batch_deployment")
    assert (batch.model, batch.compute) == (ours["model_id"], ours["compute_id"])
    versions = sorted(f"{m.name}:{m.version}" for m in ml.models.list(name="churn"))
    assert versions == sorted(r.name for r in by.values() if r.type == "azureml_model" and "mlw-exposed" in r.address)
    datastore = next(iter(ml.datastores.list()))
    ours = next(r.attrs for r in by.values() if r.type == "azurerm_machine_learning_datastore_blobstorage")
    assert (datastore.account_name, datastore.container_name) == (ours["account_name"], ours["container_name"])


def _unknown_fields(model, raw, path=""):
    from azure.mgmt.network._utils.model_base import Model

    fields = {rf._rest_name: attr for attr, rf in type(model)._attr_to_rest_field.items()}
    out = []
    for key, value in raw.items():
        if key not in fields:
            out.append(path + key)
            continue
        child = getattr(model, fields[key])
        if isinstance(child, Model) and isinstance(value, dict):
            out += _unknown_fields(child, value, f"{path}{key}.")
        elif isinstance(child, list) and isinstance(value, list):
            for item, raw_item in zip(child, value):
                if isinstance(item, Model) and isinstance(raw_item, dict):
                    out += _unknown_fields(item, raw_item, f"{path}{key}[].")
    return out


def test_network_fixtures_are_what_azure_mgmt_network_reads(builder, estate, arm):
    pytest.importorskip("azure.mgmt.network")
    from azure.mgmt.network import NetworkManagementClient
    from azure.mgmt.network import models

    scenarios.sample_azure_ml(builder)
    scenarios.hub_spoke(builder)
    known = {"microsoft.network/virtualnetworks": models.VirtualNetwork,
             "microsoft.network/networksecuritygroups": models.NetworkSecurityGroup,
             "microsoft.network/routetables": models.RouteTable, "microsoft.network/publicipaddresses": models.PublicIPAddress,
             "microsoft.network/azurefirewalls": models.AzureFirewall, "microsoft.network/bastionhosts": models.BastionHost,
             "microsoft.network/privateendpoints": models.PrivateEndpoint}
    checked = 0
    for item in estate.resources.values():
        model = known.get(str(item.get("type", "")).lower())
        if model is None and "/privatednszonegroups/" in item["id"].lower():
            model = models.PrivateDnsZoneGroup
        if model is not None:
            checked += 1
            assert _unknown_fields(model(item), item) == [], item["id"]
    assert checked >= 20
    estate.page_size = 2
    client = NetworkManagementClient(_Credential(), scenarios.SUB, base_url=arm.url, connection_verify=str(arm.cert),
                                     retry_total=0)
    vnets = sorted(v.name for v in client.virtual_networks.list_all())
    assert vnets == ["vnet-hub", "vnet-spoke-data", "vnet-spoke-ml", "vnet-vision-dev-01"]
    rules = {r.name: r for nsg in client.network_security_groups.list_all() for r in nsg.properties.security_rules}
    assert rules["AllowSSHForDebugging"].properties.source_address_prefix == "Internet"
