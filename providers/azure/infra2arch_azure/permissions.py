"""The read-only Azure role a scan needs: every action the adapter's calls require, and no other.

Assign the built-in Reader role, or this custom role (narrower: only what the scan reads), at the
subscription or resource-group scope. No data actions: the scan reads only Resource Manager
(control-plane) GETs; it never calls listKeys, listSecrets or any other POST, and never reads blobs,
secrets or keys. ``python -m infra2arch_azure.permissions [SUBSCRIPTION_ID]`` prints the role as JSON
for ``az role definition create --role-definition @role.json``.

A test checks that the actions here are exactly the APIs a full scan calls.
"""

from __future__ import annotations

import json
import sys

ROLE_NAME = "infra2arch reader"

ACTIONS: tuple[str, ...] = (
    "Microsoft.Resources/subscriptions/read",
    "Microsoft.Resources/subscriptions/resourceGroups/read",
    # Azure Machine Learning
    "Microsoft.MachineLearningServices/workspaces/read",
    "Microsoft.MachineLearningServices/workspaces/computes/read",
    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/read",
    "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments/read",
    "Microsoft.MachineLearningServices/workspaces/batchEndpoints/read",
    "Microsoft.MachineLearningServices/workspaces/batchEndpoints/deployments/read",
    "Microsoft.MachineLearningServices/workspaces/models/read",
    "Microsoft.MachineLearningServices/workspaces/models/versions/read",
    "Microsoft.MachineLearningServices/workspaces/datastores/read",
    "Microsoft.MachineLearningServices/workspaces/connections/read",
    "Microsoft.MachineLearningServices/workspaces/outboundRules/read",
    "Microsoft.MachineLearningServices/registries/read",
    "Microsoft.Insights/diagnosticSettings/read",
    # network
    "Microsoft.Network/virtualNetworks/read",
    "Microsoft.Network/networkSecurityGroups/read",
    "Microsoft.Network/routeTables/read",
    "Microsoft.Network/publicIPAddresses/read",
    "Microsoft.Network/natGateways/read",
    "Microsoft.Network/azureFirewalls/read",
    "Microsoft.Network/firewallPolicies/read",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups/read",
    "Microsoft.Network/bastionHosts/read",
    "Microsoft.Network/privateEndpoints/read",
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read",
    "Microsoft.Network/privateDnsZones/read",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks/read",
    # storage, keys, registries, monitoring, identity
    "Microsoft.Storage/storageAccounts/read",
    "Microsoft.Storage/storageAccounts/blobServices/containers/read",
    "Microsoft.KeyVault/vaults/read",
    "Microsoft.ContainerRegistry/registries/read",
    "Microsoft.Insights/components/read",
    "Microsoft.OperationalInsights/workspaces/read",
    "Microsoft.ManagedIdentity/userAssignedIdentities/read",
    "Microsoft.Authorization/roleAssignments/read",
    "Microsoft.Authorization/roleDefinitions/read",
    # compute and AI services
    "Microsoft.ContainerService/managedClusters/read",
    "Microsoft.Search/searchServices/read",
    "Microsoft.CognitiveServices/accounts/read",
    "Microsoft.CognitiveServices/accounts/deployments/read",
)


def role_definition(scope: str = "/subscriptions/00000000-0000-0000-0000-000000000000") -> dict:
    """The custom role as ``az role definition create`` takes it."""
    return {
        "Name": ROLE_NAME,
        "IsCustom": True,
        "Description": "Read-only inventory for infra2arch scan azure: Azure ML, networking, storage, keys, "
                       "registries, monitoring, identities and AI services. No data actions, no list-keys.",
        "Actions": sorted(set(ACTIONS)),
        "NotActions": [],
        "DataActions": [],
        "NotDataActions": [],
        "AssignableScopes": [scope],
    }


if __name__ == "__main__":  # pragma: no cover
    target = f"/subscriptions/{sys.argv[1]}" if len(sys.argv) > 1 else "/subscriptions/00000000-0000-0000-0000-000000000000"
    print(json.dumps(role_definition(target), indent=2))
