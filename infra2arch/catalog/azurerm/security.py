"""Catalog records for Azure Key Vault, managed identities and role-based access control (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    # A reference straight to a vault (key_vault_id) usually means "keeps or reads secrets there":
    # DATA. Customer-managed-key references point at a key (below), which means ENCRYPTS and
    # folds into its vault, so the map still shows vault --encrypts-- resource.
    Kind(
        "azurerm_key_vault",
        Category.SECURITY_KEY,
        label="Key Vault",
        icon="diagrams.azure.security.KeyVaults",
        refs={"network_acls.virtual_network_subnet_ids": Relation.NETWORK},
        placement=("resource_group_name",),
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "purge_protection_enabled": False,
            "soft_delete_retention_days": 90,
            "enable_rbac_authorization": False,  # 4.x name (access policies by default)
            "rbac_authorization_enabled": False,  # late-4.x name, required in 5.0
            "network_acls.default_action": "Allow",  # no network_acls block: open to all networks
        },
        live=("Microsoft.KeyVault:vaults",),
    ),
    Kind(
        "azurerm_key_vault_key",
        Category.SECURITY_KEY,
        label="Key Vault key",
        shape=Shape.FOLD,
        icon="diagrams.azure.security.KeyVaults",
        parent="key_vault_id",
        target_relation=Relation.ENCRYPTS,
        live=("Microsoft.KeyVault:vaults/keys",),
    ),
    Kind(
        "azurerm_key_vault_secret",
        Category.SECURITY_SECRET,
        label="Key Vault secret",
        shape=Shape.FOLD,
        parent="key_vault_id",
        target_relation=Relation.DATA,
        live=("Microsoft.KeyVault:vaults/secrets",),
    ),
    Kind(
        "azurerm_key_vault_access_policy",
        Category.IAM_BINDING,
        label="Key Vault access policy",
        shape=Shape.FOLD,
        parent="key_vault_id",
        bridge=("object_id", "key_vault_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_user_assigned_identity",
        Category.IAM_ROLE,
        label="Managed identity",
        icon="diagrams.azure.identity.ManagedIdentities",
        placement=("resource_group_name",),
        target_relation=Relation.IAM,
        live=("Microsoft.ManagedIdentity:userAssignedIdentities",),
        free=True,
    ),
    # principal --iam--> scope: the grant folds into the resource it is scoped to
    Kind(
        "azurerm_role_assignment",
        Category.IAM_BINDING,
        label="Role assignment",
        shape=Shape.FOLD,
        refs={"role_definition_id": Relation.DEPENDS},
        parent="scope",
        bridge=("principal_id", "scope", Relation.IAM),
        name_attr=None,
        live=("Microsoft.Authorization:roleAssignments",),
        free=True,
    ),
    Kind(
        "azurerm_role_definition",
        Category.IAM_POLICY,
        label="Custom role",
        shape=Shape.HIDDEN,
        refs={"scope": Relation.DEPENDS, "assignable_scopes": Relation.DEPENDS},
        live=("Microsoft.Authorization:roleDefinitions",),
        free=True,
    ),
    Kind(
        # workload identity: a Kubernetes service account (or GitHub workflow) may act as the identity
        "azurerm_federated_identity_credential",
        Category.IAM_BINDING,
        label="Federated identity credential",
        shape=Shape.FOLD,
        parent="parent_id",
        live=("Microsoft.ManagedIdentity:userAssignedIdentities/federatedIdentityCredentials",),
        free=True,
    ),
    Kind(
        "azurerm_management_lock",  # CanNotDelete / ReadOnly on a scope
        Category.OTHER,
        label="Management lock",
        shape=Shape.HIDDEN,
        refs={"scope": Relation.DEPENDS},
        live=("Microsoft.Authorization:locks",),
        free=True,
    ),
)
