"""Catalog records for Kubernetes on Azure beyond the AKS cluster in compute.py: AKS Automatic, fleets
of clusters, GitOps (Flux) configurations, trusted access from other Azure services (Azure ML,
Backup) and Azure Red Hat OpenShift (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    Kind(
        # AKS with node provisioning managed by Azure; nodes land in the hosted_system subnets
        "azurerm_kubernetes_automatic_cluster",
        Category.COMPUTE_CONTAINER,
        label="AKS Automatic cluster",
        icon="diagrams.azure.compute.KubernetesServices",
        refs={
            "api_server_access.subnet_id": Relation.NETWORK,
            "hosted_system.system_node_subnet_id": Relation.NETWORK,
            "identity.identity_ids": Relation.IAM,
        },
        placement=("hosted_system.node_subnet_id", "resource_group_name"),
    ),
    Kind(
        "azurerm_kubernetes_fleet_manager",  # multi-cluster update orchestration and placement
        Category.COMPUTE_CONTAINER,
        label="Kubernetes Fleet Manager",
        icon="diagrams.azure.other.KubernetesFleetManager",
        placement=("resource_group_name",),
        live=("Microsoft.ContainerService:fleets",),
    ),
    Kind(
        "azurerm_kubernetes_fleet_member",  # fleet --depends--> member cluster
        Category.COMPUTE_CONTAINER,
        label="Fleet member",
        shape=Shape.FOLD,
        parent="kubernetes_fleet_id",
        bridge=("kubernetes_fleet_id", "kubernetes_cluster_id", Relation.DEPENDS),
        live=("Microsoft.ContainerService:fleets/members",),
        free=True,
    ),
    Kind(
        "azurerm_kubernetes_fleet_update_strategy",
        Category.COMPUTE_CONTAINER,
        label="Fleet update strategy",
        shape=Shape.FOLD,
        parent="kubernetes_fleet_manager_id",
        live=("Microsoft.ContainerService:fleets/updateStrategies",),
        free=True,
    ),
    Kind(
        # the cluster pulls manifests from a Git repository, bucket or blob container
        "azurerm_kubernetes_flux_configuration",
        Category.OPS_CICD,
        label="Flux (GitOps) configuration",
        shape=Shape.FOLD,
        refs={
            "git_repository.url": Relation.DATA,
            "bucket.url": Relation.DATA,
            "blob_storage.container_id": Relation.DATA,
            "blob_storage.managed_identity.client_id": Relation.IAM,
        },
        parent="cluster_id",
        live=("Microsoft.KubernetesConfiguration:fluxConfigurations",),
        free=True,
    ),
    Kind(
        # another Azure resource (an Azure ML workspace, a Backup vault) gets a role inside the cluster:
        # source --iam--> cluster
        "azurerm_kubernetes_cluster_trusted_access_role_binding",
        Category.IAM_BINDING,
        label="AKS trusted access binding",
        shape=Shape.FOLD,
        parent="kubernetes_cluster_id",
        bridge=("source_resource_id", "kubernetes_cluster_id", Relation.IAM),
        live=("Microsoft.ContainerService:managedClusters/trustedAccessRoleBindings",),
        free=True,
    ),
    Kind(
        "azurerm_redhat_openshift_cluster",
        Category.COMPUTE_CONTAINER,
        label="Azure Red Hat OpenShift cluster",
        icon="diagrams.azure.compute.KubernetesServices",
        refs={
            "worker_profile.subnet_id": Relation.NETWORK,
            "main_profile.disk_encryption_set_id": Relation.ENCRYPTS,
            "worker_profile.disk_encryption_set_id": Relation.ENCRYPTS,
            "identity.identity_ids": Relation.IAM,
        },
        placement=("main_profile.subnet_id", "resource_group_name"),
        defaults={"fips_enabled": False},
        live=("Microsoft.RedHatOpenShift:openShiftClusters",),
    ),
)
