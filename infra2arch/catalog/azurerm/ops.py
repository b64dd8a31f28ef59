"""Catalog records for Azure Monitor: Application Insights, Log Analytics, diagnostic settings and alerts (hashicorp/azurerm 4.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)

KINDS: tuple[Kind, ...] = (
    Kind(
        "azurerm_application_insights",
        Category.OPS_MONITORING,
        label="Application Insights",
        icon="diagrams.azure.monitor.ApplicationInsights",
        refs={"workspace_id": Relation.LOGS},
        placement=_RG,
        target_relation=Relation.LOGS,
        defaults={
            "internet_ingestion_enabled": True,
            "internet_query_enabled": True,
            "local_authentication_disabled": False,  # 4.x name
            "local_authentication_enabled": True,  # late-4.x / 5.0 name
        },
        live=("Microsoft.Insights:components",),
    ),
    Kind(
        "azurerm_log_analytics_workspace",
        Category.OPS_LOGGING,
        label="Log Analytics workspace",
        icon="diagrams.azure.monitor.LogAnalyticsWorkspaces",
        placement=_RG,
        target_relation=Relation.LOGS,
        defaults={
            "internet_ingestion_enabled": True,
            "internet_query_enabled": True,
            "local_authentication_disabled": False,  # 4.x name
            "local_authentication_enabled": True,  # late-4.x / 5.0 name
            "retention_in_days": 30,
        },
        live=("Microsoft.OperationalInsights:workspaces",),
    ),
    Kind(
        "azurerm_log_analytics_solution",  # ContainerInsights, SecurityInsights … on a workspace
        Category.OPS_MONITORING,
        label="Log Analytics solution",
        shape=Shape.FOLD,
        icon="diagrams.azure.monitor.LogAnalyticsWorkspaces",
        parent="workspace_resource_id",
        live=("Microsoft.OperationsManagement:solutions",),
    ),
    Kind(
        "azurerm_log_analytics_linked_storage_account",  # customer storage for queries, alerts, ingestion
        Category.OPS_LOGGING,
        label="Linked storage account",
        shape=Shape.FOLD,
        refs={"storage_account_ids": Relation.LOGS},
        parent="workspace_resource_id",
        live=("Microsoft.OperationalInsights:workspaces/linkedStorageAccounts",),
        free=True,
    ),
    Kind(
        "azurerm_monitor_diagnostic_setting",
        Category.OPS_LOGGING,
        label="Diagnostic setting",
        shape=Shape.FOLD,
        icon="diagrams.azure.monitor.DiagnosticsSettings",
        refs={
            "log_analytics_workspace_id": Relation.LOGS,
            "storage_account_id": Relation.LOGS,
            "eventhub_authorization_rule_id": Relation.LOGS,
            "partner_solution_id": Relation.LOGS,
        },
        parent="target_resource_id",
        bridge=("target_resource_id", "log_analytics_workspace_id", Relation.LOGS),
        live=("Microsoft.Insights:diagnosticSettings",),
        free=True,
    ),
    Kind(
        "azurerm_monitor_private_link_scope",  # AMPLS: private endpoints reach Log Analytics / App Insights
        Category.OPS_LOGGING,
        label="Azure Monitor private link scope",
        icon="diagrams.azure.monitor.Monitor",
        placement=_RG,
        target_relation=Relation.LOGS,
        defaults={"ingestion_access_mode": "Open", "query_access_mode": "Open"},
        live=("Microsoft.Insights:privateLinkScopes",),
        free=True,
    ),
    Kind(
        "azurerm_monitor_private_link_scoped_service",  # a workspace or component inside the scope
        Category.OPS_LOGGING,
        label="Private link scoped service",
        shape=Shape.FOLD,
        icon="diagrams.azure.monitor.Monitor",
        parent="scope_name",
        bridge=("scope_name", "linked_resource_id", Relation.LOGS),
        live=("Microsoft.Insights:privateLinkScopes/scopedResources",),
        free=True,
    ),
    Kind(
        "azurerm_monitor_action_group",
        Category.OPS_MONITORING,
        label="Action group",
        icon="diagrams.azure.monitor.Monitor",
        refs={
            "azure_function_receiver.function_app_resource_id": Relation.INVOKES,
            "logic_app_receiver.resource_id": Relation.INVOKES,
            "automation_runbook_receiver.automation_account_id": Relation.INVOKES,
            "webhook_receiver.service_uri": Relation.INVOKES,  # a URL: inferred link
        },
        placement=_RG,
        target_relation=Relation.INVOKES,
        live=("Microsoft.Insights:actionGroups",),
    ),
    Kind(
        "azurerm_monitor_metric_alert",
        Category.OPS_MONITORING,
        label="Metric alert",
        icon="diagrams.azure.managementgovernance.Alerts",
        refs={"scopes": Relation.DEPENDS, "action.action_group_id": Relation.INVOKES},
        placement=_RG,
        live=("Microsoft.Insights:metricAlerts",),
    ),
    Kind(
        "azurerm_monitor_data_collection_rule",
        Category.OPS_LOGGING,
        label="Data collection rule",
        icon="diagrams.azure.monitor.Monitor",
        refs={"destinations.log_analytics.workspace_resource_id": Relation.LOGS,
              "destinations.storage_blob.storage_account_id": Relation.LOGS,
              "data_collection_endpoint_id": Relation.LOGS},
        placement=_RG,
        live=("Microsoft.Insights:dataCollectionRules",),
        free=True,
    ),
    Kind(
        "azurerm_network_watcher_flow_log",
        Category.OPS_LOGGING,
        label="NSG / VNet flow log",
        icon="diagrams.azure.monitor.Logs",
        refs={"network_security_group_id": Relation.DEPENDS, "target_resource_id": Relation.DEPENDS,
              "storage_account_id": Relation.LOGS,
              "traffic_analytics.workspace_resource_id": Relation.LOGS},
        live=("Microsoft.Network:networkWatchers/flowLogs",),
    ),
    Kind(
        "azurerm_monitor_smart_detector_alert_rule",  # Application Insights failure anomalies
        Category.OPS_MONITORING,
        label="Smart detector alert",
        icon="diagrams.azure.managementgovernance.Alerts",
        refs={"scope_resource_ids": Relation.DEPENDS, "action_group.ids": Relation.INVOKES},
        placement=_RG,
        live=("Microsoft.AlertsManagement:smartDetectorAlertRules",),
        free=True,
    ),
)
