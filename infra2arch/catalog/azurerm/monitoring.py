"""Catalog records for Azure Monitor pieces beyond ops.py: data collection endpoints and rule
associations (Azure Monitor Agent, Container Insights), Azure Monitor workspaces (managed
Prometheus), Prometheus alert rule groups, Managed Grafana and Log Analytics query packs
(hashicorp/azurerm 3.x/4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    Kind(
        # a VM, scale set or AKS cluster sends what the rule collects: resource --logs--> rule
        "azurerm_monitor_data_collection_rule_association",
        Category.OPS_LOGGING,
        label="Data collection rule association",
        shape=Shape.FOLD,
        refs={"data_collection_endpoint_id": Relation.LOGS},
        parent="target_resource_id",
        bridge=("target_resource_id", "data_collection_rule_id", Relation.LOGS),
        live=("Microsoft.Insights:dataCollectionRuleAssociations",),
        free=True,
    ),
    Kind(
        "azurerm_monitor_data_collection_endpoint",  # where agents send (and fetch configuration)
        Category.OPS_LOGGING,
        label="Data collection endpoint",
        icon="diagrams.azure.other.DataCollectionRules",
        placement=_RG,
        target_relation=Relation.LOGS,
        defaults={"public_network_access_enabled": True},
        live=("Microsoft.Insights:dataCollectionEndpoints",),
        free=True,
    ),
    Kind(
        # data source: the log and metric categories a resource offers to diagnostic settings
        "azurerm_monitor_diagnostic_categories",
        Category.OTHER,
        label="diagnostic categories lookup",
        shape=Shape.HIDDEN,
        refs={"resource_id": Relation.DEPENDS},
        name_attr=None,
        free=True,
    ),
    Kind(
        "azurerm_monitor_workspace",  # Azure Monitor managed service for Prometheus
        Category.OPS_MONITORING,
        label="Azure Monitor workspace",
        icon="diagrams.azure.monitor.Monitor",
        placement=_RG,
        target_relation=Relation.LOGS,
        defaults={"public_network_access_enabled": True},
        live=("Microsoft.Monitor:accounts",),
    ),
    Kind(
        "azurerm_monitor_alert_prometheus_rule_group",
        Category.OPS_MONITORING,
        label="Prometheus rule group",
        icon="diagrams.azure.managementgovernance.Alerts",
        refs={"scopes": Relation.DEPENDS, "rule.action.action_group_id": Relation.INVOKES},
        placement=_RG,
        live=("Microsoft.AlertsManagement:prometheusRuleGroups",),
    ),
    Kind(
        "azurerm_dashboard_grafana",
        Category.OPS_MONITORING,
        label="Managed Grafana",
        icon="diagrams.azure.other.AzureManagedGrafana",
        refs={
            "azure_monitor_workspace_integrations.resource_id": Relation.DATA,  # Grafana queries it
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        defaults={
            "public_network_access_enabled": True,
            "api_key_enabled": False,
            "deterministic_outbound_ip_enabled": False,
            "sku": "Standard",
        },
        live=("Microsoft.Dashboard:grafana",),
    ),
    Kind(
        "azurerm_log_analytics_query_pack",  # saved KQL queries
        Category.OPS_LOGGING,
        label="Log Analytics query pack",
        shape=Shape.HIDDEN,
        icon="diagrams.azure.other.LogAnalyticsQueryPack",
        live=("Microsoft.OperationalInsights:queryPacks",),
        free=True,
    ),
    Kind(
        "azurerm_log_analytics_query_pack_query",
        Category.OPS_LOGGING,
        label="Saved query",
        shape=Shape.FOLD,
        parent="query_pack_id",
        name_attr="display_name",
        free=True,
    ),
)
