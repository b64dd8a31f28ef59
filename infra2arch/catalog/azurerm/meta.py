"""Azure data sources that describe the caller or the provider, not infrastructure: hidden helpers."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape

KINDS = tuple(
    Kind(tf_type, Category.OTHER, label, shape=Shape.HIDDEN, name_attr=None, free=True)
    for tf_type, label in (
        ("azurerm_client_config", "client configuration"), ("azurerm_subscription", "subscription"),
        ("azurerm_role_definition_lookup", "role definition lookup"), ("azurerm_platform_image", "image lookup"),
    )
)
