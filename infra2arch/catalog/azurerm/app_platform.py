"""Catalog records for Azure application platform pieces beyond compute.py: the legacy App Service
plan, Flex Consumption function apps, Logic Apps Standard, App Service Environment v3, API
Management APIs, backends and products (the AI gateway in front of model endpoints), container
registry tasks and rules, and Automation (hashicorp/azurerm 3.x/4.x).

API Management parts fold into their service; a backend or API whose URL is a model endpoint draws
API Management --invokes--> that endpoint.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)


def _part(tf_type: str, label: str, parent: str, category: Category, **extra) -> Kind:
    return Kind(tf_type, category, label, shape=Shape.FOLD, parent=parent, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    # --- App Service hosting -------------------------------------------------------------------
    Kind(
        "azurerm_app_service_plan",  # 2.x/3.x name of azurerm_service_plan (sku block; removed in 4.0)
        Category.COMPUTE_VM,
        label="App Service plan (legacy resource)",
        icon="diagrams.azure.appservices.AppServicePlans",
        refs={"app_service_environment_id": Relation.DEPENDS},
        placement=_RG,
    ),
    Kind(
        "azurerm_function_app_flex_consumption",
        Category.COMPUTE_FUNCTION,
        label="Function app (Flex Consumption)",
        icon="diagrams.azure.compute.FunctionApps",
        refs={
            "service_plan_id": Relation.DEPENDS,
            "storage_container_endpoint": Relation.DATA,  # a URL: inferred link to the deployment container
            "storage_user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "key_vault_reference_identity_id": Relation.IAM,
        },
        placement=("virtual_network_subnet_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults={
            "public_network_access_enabled": True,
            "https_only": False,
            "client_certificate_enabled": False,
            "webdeploy_publish_basic_authentication_enabled": True,
        },
    ),
    Kind(
        "azurerm_logic_app_standard",  # single-tenant Logic Apps on an App Service plan
        Category.OPS_WORKFLOW,
        label="Logic App (Standard)",
        icon="diagrams.azure.integration.LogicApps",
        refs={
            "app_service_plan_id": Relation.DEPENDS,
            "storage_account_name": Relation.DATA,
            "storage_key_vault_secret_id": Relation.DATA,
            "identity.identity_ids": Relation.IAM,
            "key_vault_reference_identity_id": Relation.IAM,
        },
        placement=("virtual_network_subnet_id", "resource_group_name"),
        target_relation=Relation.INVOKES,
        defaults={"https_only": False, "ftp_publish_basic_authentication_enabled": True},
    ),
    Kind(
        # a dedicated, VNet-injected App Service deployment; internal_load_balancing_mode None is public
        "azurerm_app_service_environment_v3",
        Category.COMPUTE_VM,
        label="App Service Environment v3",
        icon="diagrams.azure.appservices.AppServiceEnvironments",
        placement=("subnet_id", "resource_group_name"),
        defaults={
            "internal_load_balancing_mode": "None",
            "allow_new_private_endpoint_connections": True,
            "remote_debugging_enabled": False,
        },
        live=("Microsoft.Web:hostingEnvironments",),
    ),
    Kind(
        "azurerm_managed_api",  # data source: a Logic Apps connector type (Office 365, Blob …)
        Category.OTHER,
        label="managed connector lookup",
        shape=Shape.HIDDEN,
        name_attr=None,
        free=True,
    ),
    # --- API Management: parts of the service ----------------------------------------------------
    _part("azurerm_api_management_api", "APIM API", "api_management_name", Category.NETWORK_API,
          refs={"service_url": Relation.INVOKES, "version_set_id": Relation.DEPENDS},
          defaults={"subscription_required": True, "api_type": "http"},
          live=("Microsoft.ApiManagement:service/apis",)),
    _part("azurerm_api_management_backend", "APIM backend", "api_management_name", Category.NETWORK_API,
          refs={"url": Relation.INVOKES, "resource_id": Relation.INVOKES},
          live=("Microsoft.ApiManagement:service/backends",)),
    _part("azurerm_api_management_api_operation", "APIM API operation", "api_management_name", Category.NETWORK_API),
    _part("azurerm_api_management_api_policy", "APIM API policy", "api_management_name", Category.NETWORK_API,
          name_attr=None),
    _part("azurerm_api_management_api_operation_policy", "APIM operation policy", "api_management_name",
          Category.NETWORK_API, name_attr=None),
    _part("azurerm_api_management_product", "APIM product", "api_management_name", Category.NETWORK_API,
          name_attr="product_id", live=("Microsoft.ApiManagement:service/products",)),
    _part("azurerm_api_management_product_api", "APIM product API", "api_management_name", Category.NETWORK_API,
          name_attr=None),
    _part("azurerm_api_management_product_policy", "APIM product policy", "api_management_name",
          Category.NETWORK_API, name_attr=None),
    _part("azurerm_api_management_group", "APIM group", "api_management_name", Category.IAM_ROLE),
    _part("azurerm_api_management_product_group", "APIM product group", "api_management_name",
          Category.IAM_BINDING, name_attr=None),
    _part("azurerm_api_management_subscription", "APIM subscription key", "api_management_name",
          Category.SECURITY_SECRET, refs={"user_id": Relation.IAM}, name_attr="display_name"),
    _part("azurerm_api_management_named_value", "APIM named value", "api_management_name",
          Category.SECURITY_SECRET,
          refs={"value_from_key_vault.secret_id": Relation.DATA,
                "value_from_key_vault.identity_client_id": Relation.IAM},
          defaults={"secret": False}),
    _part("azurerm_api_management_logger", "APIM logger", "api_management_name", Category.OPS_LOGGING,
          refs={"resource_id": Relation.LOGS,
                "application_insights.instrumentation_key": Relation.LOGS,
                "application_insights.connection_string": Relation.LOGS,
                "eventhub.connection_string": Relation.LOGS}),
    _part("azurerm_api_management_api_diagnostic", "APIM API diagnostics", "api_management_name",
          Category.OPS_LOGGING, refs={"api_management_logger_id": Relation.LOGS}, name_attr=None),
    # --- container registry parts ----------------------------------------------------------------
    _part("azurerm_container_registry_task", "ACR task", "container_registry_id", Category.OPS_CICD,
          refs={"identity.identity_ids": Relation.IAM, "source_trigger.repository_url": Relation.DATA,
                "docker_step.context_path": Relation.DATA},
          defaults={"enabled": True}),
    _part("azurerm_container_registry_cache_rule", "ACR cache rule", "container_registry_id",
          Category.STORAGE_CONFIG, refs={"credential_set_id": Relation.DEPENDS}),
    _part("azurerm_container_registry_scope_map", "ACR scope map", "container_registry_name", Category.IAM_POLICY),
    _part("azurerm_container_registry_token", "ACR access token", "container_registry_name",
          Category.SECURITY_SECRET, refs={"scope_map_id": Relation.DEPENDS}, defaults={"enabled": True}),
    _part("azurerm_container_registry_webhook", "ACR webhook", "registry_name", Category.STORAGE_CONFIG,
          refs={"service_uri": Relation.INVOKES}),
    # --- Automation ----------------------------------------------------------------------------
    Kind(
        "azurerm_automation_account",
        Category.OPS_WORKFLOW,
        label="Automation account",
        icon="diagrams.azure.managementgovernance.AutomationAccounts",
        refs={
            "identity.identity_ids": Relation.IAM,
            "encryption.key_vault_key_id": Relation.ENCRYPTS,
            "encryption.user_assigned_identity_id": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.INVOKES,
        defaults={"local_authentication_enabled": True, "public_network_access_enabled": True},
        live=("Microsoft.Automation:automationAccounts",),
    ),
    *(_part(f"azurerm_automation_{part}", label, "automation_account_name", category)
      for part, label, category in (
          ("runbook", "Automation runbook", Category.OPS_WORKFLOW),
          ("schedule", "Automation schedule", Category.OPS_WORKFLOW),
          ("job_schedule", "Automation job schedule", Category.OPS_WORKFLOW),
          ("module", "Automation module", Category.OPS_WORKFLOW),
          ("credential", "Automation credential", Category.SECURITY_SECRET),
          ("variable_string", "Automation variable", Category.OPS_WORKFLOW),
      )),
)
