"""Catalog records for Azure governance (hashicorp/azurerm 3.x/4.x): Azure Policy definitions and
assignments, management groups, and the resource search data source.

They describe rules over scopes, not infrastructure: hidden helpers, kept in the graph JSON with the
scope they reference, never drawn. An assignment at resource group scope folds into the group.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation


def _hidden(tf_type: str, label: str, refs: dict[str, Relation], category: Category = Category.OTHER,
            **extra) -> Kind:
    return Kind(tf_type, category, label, shape=Shape.HIDDEN, refs=refs, free=True, **extra)


_ASSIGNMENT_REFS = {"policy_definition_id": Relation.DEPENDS, "identity.identity_ids": Relation.IAM,
                    "not_scopes": Relation.DEPENDS}
# enforce = false is "DoNotEnforce": the policy only reports
_ASSIGNMENT_DEFAULTS = {"enforce": True}

KINDS: tuple[Kind, ...] = (
    _hidden("azurerm_policy_definition", "Policy definition", {"management_group_id": Relation.DEPENDS},
            live=("Microsoft.Authorization:policyDefinitions",)),
    _hidden("azurerm_policy_set_definition", "Policy initiative",
            {"management_group_id": Relation.DEPENDS,
             "policy_definition_reference.policy_definition_id": Relation.DEPENDS},
            live=("Microsoft.Authorization:policySetDefinitions",)),
    _hidden("azurerm_subscription_policy_assignment", "Subscription policy assignment",
            {**_ASSIGNMENT_REFS, "subscription_id": Relation.DEPENDS}, defaults=_ASSIGNMENT_DEFAULTS,
            live=("Microsoft.Authorization:policyAssignments",)),
    _hidden("azurerm_management_group_policy_assignment", "Management group policy assignment",
            {**_ASSIGNMENT_REFS, "management_group_id": Relation.DEPENDS}, defaults=_ASSIGNMENT_DEFAULTS),
    Kind(
        "azurerm_resource_group_policy_assignment",
        Category.OTHER,
        label="Resource group policy assignment",
        shape=Shape.FOLD,
        refs=dict(_ASSIGNMENT_REFS),
        parent="resource_group_id",
        defaults=dict(_ASSIGNMENT_DEFAULTS),
        free=True,
    ),
    Kind(
        "azurerm_resource_policy_assignment",
        Category.OTHER,
        label="Resource policy assignment",
        shape=Shape.FOLD,
        refs=dict(_ASSIGNMENT_REFS),
        parent="resource_id",
        defaults=dict(_ASSIGNMENT_DEFAULTS),
        free=True,
    ),
    _hidden("azurerm_management_group", "Management group",
            {"parent_management_group_id": Relation.DEPENDS, "subscription_ids": Relation.DEPENDS},
            Category.ORG_GROUP, name_attr="display_name", live=("Microsoft.Management:managementGroups",)),
    _hidden("azurerm_management_group_subscription_association", "Management group membership",
            {"management_group_id": Relation.DEPENDS, "subscription_id": Relation.DEPENDS}, Category.ORG_GROUP,
            name_attr=None),
    # data source: resources found by type, tag or group at plan time
    _hidden("azurerm_resources", "resource search", {"resource_group_name": Relation.DEPENDS}, name_attr=None),
)
