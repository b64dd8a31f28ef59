"""Azure data sources that describe the caller or the provider, not infrastructure: hidden helpers."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS = tuple(
    Kind(tf_type, Category.OTHER, label, shape=Shape.HIDDEN, name_attr=None, free=True)
    for tf_type, label in (
        ("azurerm_client_config", "client configuration"), ("azurerm_subscription", "subscription"),
        ("azurerm_role_definition_lookup", "role definition lookup"), ("azurerm_platform_image", "image lookup"),
        ("azurerm_kubernetes_service_versions", "AKS version lookup"), ("azapi_client_config", "client configuration"),
    )
) + (
    # the IP prefixes of a service tag (Storage, BatchNodeManagement …) in a region, for NSG and route
    # rules: it reads a location off a resource, it does not use the resource
    Kind("azurerm_network_service_tags", Category.OTHER, "service tag lookup", shape=Shape.HIDDEN,
         refs={"location": Relation.DEPENDS, "location_filter": Relation.DEPENDS}, name_attr=None, free=True),
)
