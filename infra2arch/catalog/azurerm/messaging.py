"""Catalog records for Azure messaging and event ingestion beyond the namespaces in storage.py: Event
Grid topics and domains, Service Bus queues, subscriptions and access rules, event hubs, IoT Hub and
its provisioning service, Notification Hubs and Stream Analytics (hashicorp/azurerm 3.x/4.x).

Queues, hubs, subscriptions and shared-access rules are parts of their namespace: they fold into it,
so the map shows one messaging node with the producers and consumers around it.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)


def _part(tf_type: str, label: str, parent: str, category: Category = Category.STORAGE_QUEUE, **extra) -> Kind:
    return Kind(tf_type, category, label, shape=Shape.FOLD, parent=parent, free=True, **extra)


# a shared-access rule holds keys (connection strings) with listen/send/manage rights
_SAS = Category.IAM_POLICY

KINDS: tuple[Kind, ...] = (
    # --- Event Grid ----------------------------------------------------------------------------
    Kind(
        "azurerm_eventgrid_topic",  # a custom topic applications publish to
        Category.STORAGE_QUEUE,
        label="Event Grid topic",
        icon="diagrams.azure.integration.EventGridTopics",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"public_network_access_enabled": True, "local_auth_enabled": True, "input_schema": "EventGridSchema"},
        live=("Microsoft.EventGrid:topics",),
    ),
    Kind(
        "azurerm_eventgrid_domain",
        Category.STORAGE_QUEUE,
        label="Event Grid domain",
        icon="diagrams.azure.integration.EventGridDomains",
        refs={"identity.identity_ids": Relation.IAM},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"public_network_access_enabled": True, "local_auth_enabled": True},
        live=("Microsoft.EventGrid:domains",),
    ),
    _part("azurerm_eventgrid_domain_topic", "Event Grid domain topic", "domain_name",
          live=("Microsoft.EventGrid:domains/topics",)),
    # --- Service Bus: parts of the namespace ---------------------------------------------------------
    _part("azurerm_servicebus_queue", "Service Bus queue", "namespace_id",
          refs={"forward_to": Relation.DATA, "forward_dead_lettered_messages_to": Relation.DATA},
          target_relation=Relation.DATA, defaults={"partitioning_enabled": False, "max_delivery_count": 10},
          live=("Microsoft.ServiceBus:namespaces/queues",)),
    # a subscription names its topic, which folds into the namespace
    _part("azurerm_servicebus_subscription", "Service Bus subscription", "topic_id",
          refs={"forward_to": Relation.DATA, "forward_dead_lettered_messages_to": Relation.DATA},
          target_relation=Relation.DATA, live=("Microsoft.ServiceBus:namespaces/topics/subscriptions",)),
    _part("azurerm_servicebus_subscription_rule", "Service Bus subscription filter", "subscription_id"),
    _part("azurerm_servicebus_namespace_authorization_rule", "Service Bus namespace access rule", "namespace_id",
          _SAS, defaults={"listen": False, "send": False, "manage": False}),
    _part("azurerm_servicebus_queue_authorization_rule", "Service Bus queue access rule", "queue_id",
          _SAS, defaults={"listen": False, "send": False, "manage": False}),
    _part("azurerm_servicebus_topic_authorization_rule", "Service Bus topic access rule", "topic_id",
          _SAS, defaults={"listen": False, "send": False, "manage": False}),
    # --- Event Hubs: parts of the namespace ----------------------------------------------------------
    # 3.x names the namespace (namespace_name): such a hub is drawn on its own, linked to it
    _part("azurerm_eventhub", "Event hub", "namespace_id",
          refs={"namespace_name": Relation.DATA, "capture_description.destination.storage_account_id": Relation.DATA},
          target_relation=Relation.DATA, live=("Microsoft.EventHub:namespaces/eventhubs",)),
    # a hub's rule names the hub (eventhub_name), which folds into the namespace
    _part("azurerm_eventhub_authorization_rule", "Event hub access rule", "eventhub_name", _SAS,
          defaults={"listen": False, "send": False, "manage": False}),
    _part("azurerm_eventhub_namespace_authorization_rule", "Event Hubs namespace access rule", "namespace_name", _SAS,
          defaults={"listen": False, "send": False, "manage": False}),
    _part("azurerm_eventhub_consumer_group", "Event hub consumer group", "eventhub_name"),
    # --- IoT -----------------------------------------------------------------------------------
    Kind(
        "azurerm_iothub",
        Category.STORAGE_QUEUE,
        label="IoT Hub",
        icon="diagrams.azure.iot.IotHub",
        refs={
            "identity.identity_ids": Relation.IAM,
            "endpoint.identity_id": Relation.IAM,
            "endpoint.endpoint_uri": Relation.DATA,
            "endpoint.connection_string": Relation.DATA,
            "file_upload.connection_string": Relation.DATA,
            "file_upload.identity_id": Relation.IAM,
        },
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"local_authentication_enabled": True, "min_tls_version": "1.2",
                  "network_rule_set.default_action": "Allow"},
        live=("Microsoft.Devices:IotHubs",),
    ),
    _part("azurerm_iothub_shared_access_policy", "IoT Hub shared access policy", "iothub_name", _SAS,
          defaults={"registry_read": False, "registry_write": False, "service_connect": False,
                    "device_connect": False}),
    _part("azurerm_iothub_consumer_group", "IoT Hub consumer group", "iothub_name"),
    Kind(
        "azurerm_iothub_dps",  # Device Provisioning Service: enrols devices into linked hubs
        Category.STORAGE_QUEUE,
        label="IoT Hub Device Provisioning Service",
        icon="diagrams.azure.iot.DeviceProvisioningServices",
        refs={"linked_hub.connection_string": Relation.DATA},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={"public_network_access_enabled": True, "allocation_policy": "Hashed"},
        live=("Microsoft.Devices:provisioningServices",),
    ),
    # --- push notifications --------------------------------------------------------------------
    Kind(
        "azurerm_notification_hub_namespace",
        Category.STORAGE_QUEUE,
        label="Notification Hubs namespace",
        icon="diagrams.azure.web.NotificationHubNamespaces",
        placement=_RG,
        target_relation=Relation.DATA,
        live=("Microsoft.NotificationHubs:namespaces",),
    ),
    _part("azurerm_notification_hub", "Notification hub", "namespace_name",
          live=("Microsoft.NotificationHubs:namespaces/notificationHubs",)),
    # --- stream processing -----------------------------------------------------------------------
    Kind(
        "azurerm_stream_analytics_job",
        Category.ML_PIPELINE,
        label="Stream Analytics job",
        icon="diagrams.azure.analytics.StreamAnalyticsJobs",
        refs={
            "stream_analytics_cluster_id": Relation.DEPENDS,
            "job_storage_account.account_name": Relation.DATA,
            "identity.identity_ids": Relation.IAM,
        },
        placement=_RG,
        defaults={"type": "Cloud", "sku_name": "Standard", "content_storage_policy": "SystemAccount"},
        live=("Microsoft.StreamAnalytics:streamingJobs",),
    ),
)
