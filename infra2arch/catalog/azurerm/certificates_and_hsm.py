"""Catalog records for Key Vault certificates, Managed HSM, attestation and confidential ledger
(hashicorp/azurerm 3.x/4.x): the key custody that customer-managed keys and confidential computing rely on."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    Kind(
        # a TLS certificate kept in a vault; gateways and apps read it through its secret_id
        "azurerm_key_vault_certificate",
        Category.SECURITY_SECRET,
        label="Key Vault certificate",
        shape=Shape.FOLD,
        parent="key_vault_id",
        target_relation=Relation.DATA,
        live=("Microsoft.KeyVault:vaults/certificates",),
        free=True,
    ),
    Kind(
        "azurerm_key_vault_certificate_issuer",
        Category.SECURITY_SECRET,
        label="Key Vault certificate issuer",
        shape=Shape.FOLD,
        parent="key_vault_id",
        free=True,
    ),
    # --- Managed HSM: single-tenant FIPS 140-3 level 3 key custody -------------------------------------
    Kind(
        "azurerm_key_vault_managed_hardware_security_module",
        Category.SECURITY_KEY,
        label="Key Vault Managed HSM",
        icon="diagrams.azure.security.KeyVaults",
        refs={"security_domain_key_vault_certificate_ids": Relation.DEPENDS},
        placement=("resource_group_name",),
        target_relation=Relation.ENCRYPTS,
        defaults={
            "public_network_access_enabled": True,
            "purge_protection_enabled": False,
            "soft_delete_retention_days": 90,
        },
        live=("Microsoft.KeyVault:managedHSMs",),
    ),
    Kind(
        "azurerm_key_vault_managed_hardware_security_module_key",
        Category.SECURITY_KEY,
        label="Managed HSM key",
        shape=Shape.FOLD,
        parent="managed_hsm_id",
        target_relation=Relation.ENCRYPTS,
        live=("Microsoft.KeyVault:managedHSMs/keys",),
    ),
    Kind(
        # HSM-local RBAC (Crypto User, Crypto Officer …): principal --iam--> HSM
        "azurerm_key_vault_managed_hardware_security_module_role_assignment",
        Category.IAM_BINDING,
        label="Managed HSM role assignment",
        shape=Shape.FOLD,
        refs={"role_definition_id": Relation.DEPENDS},
        parent="managed_hsm_id",
        bridge=("principal_id", "managed_hsm_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_key_vault_managed_hardware_security_module_role_definition",
        Category.IAM_POLICY,
        label="Managed HSM custom role",
        shape=Shape.FOLD,
        parent="managed_hsm_id",
        free=True,
    ),
    # --- confidential computing ------------------------------------------------------------------
    Kind(
        # verifies TEE evidence (confidential VMs, SGX enclaves) before keys are released to them
        "azurerm_attestation_provider",
        Category.OTHER,
        label="Attestation provider",
        icon="diagrams.azure.other.Azureattestation",
        placement=("resource_group_name",),
        live=("Microsoft.Attestation:attestationProviders",),
    ),
    Kind(
        "azurerm_confidential_ledger",  # tamper-evident append-only store
        Category.STORAGE_DATABASE,
        label="Confidential ledger",
        icon="diagrams.azure.other.ConfidentialLedgers",
        placement=("resource_group_name",),
        target_relation=Relation.DATA,
        live=("Microsoft.ConfidentialLedger:ledgers",),
    ),
)
