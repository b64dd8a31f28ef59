"""Catalog records for Microsoft Entra ID (hashicorp/azuread 2.x/3.x): service principals, app
registrations, groups, users and their credentials and memberships.

They are identities, never workloads: no record places them in a network, subnet or resource group
(a tenant object belongs to no subscription). An app registration and the service principal made
from it are one identity on the map: the registration folds into its service principal, which is what
role assignments name (principal_id = azuread_service_principal.x.object_id). Credentials and
memberships fold into the identity they belong to.

2.x and 3.x name the service principal's link to its registration differently (application_id,
client_id); both are listed.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_ENTRA = "diagrams.azure.identity."

KINDS: tuple[Kind, ...] = (
    Kind(
        "azuread_service_principal",
        Category.IAM_ROLE,
        label="Entra service principal",
        icon=_ENTRA + "EnterpriseApplications",
        refs={"owners": Relation.DEPENDS, "client_id": Relation.DEPENDS, "application_id": Relation.DEPENDS},
        target_relation=Relation.IAM,
        defaults={"account_enabled": True, "app_role_assignment_required": False},
        name_attr=None,
        free=True,
    ),
    Kind(
        "azuread_application",
        Category.IAM_ROLE,
        label="Entra app registration",
        icon=_ENTRA + "AppRegistrations",
        refs={"owners": Relation.DEPENDS},
        target_relation=Relation.IAM,
        defaults={"sign_in_audience": "AzureADMyOrg", "fallback_public_client_enabled": False},
        name_attr="display_name",
        free=True,
        owned_by=("azuread_service_principal.client_id", "azuread_service_principal.application_id"),
    ),
    Kind(
        "azuread_application_registration",  # 3.x: the registration without its nested blocks
        Category.IAM_ROLE,
        label="Entra app registration",
        icon=_ENTRA + "AppRegistrations",
        target_relation=Relation.IAM,
        defaults={"sign_in_audience": "AzureADMyOrg"},
        name_attr="display_name",
        free=True,
        owned_by=("azuread_service_principal.client_id",),
    ),
    # --- credentials: secrets of the identity they authenticate -------------------------------------
    Kind(
        "azuread_service_principal_password",
        Category.SECURITY_SECRET,
        label="Service principal client secret",
        shape=Shape.FOLD,
        parent="service_principal_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azuread_service_principal_certificate",
        Category.SECURITY_SECRET,
        label="Service principal certificate",
        shape=Shape.FOLD,
        parent="service_principal_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        "azuread_application_password",  # 3.x application_id (2.x application_object_id)
        Category.SECURITY_SECRET,
        label="App registration client secret",
        shape=Shape.FOLD,
        parent="application_id",
        name_attr=None,
        free=True,
    ),
    Kind(
        # workload identity federation: a GitHub workflow or Kubernetes service account acts as the app
        "azuread_application_federated_identity_credential",
        Category.IAM_BINDING,
        label="App federated identity credential",
        shape=Shape.FOLD,
        parent="application_id",
        name_attr="display_name",
        free=True,
    ),
    # --- people and groups ---------------------------------------------------------------------
    Kind(
        "azuread_group",
        Category.IAM_ROLE,
        label="Entra group",
        icon=_ENTRA + "Groups",
        # a member holds the group's grants (member --iam--> group, as azuread_group_member draws it);
        # the group naming its members points the other way, so it is no IAM edge
        refs={"members": Relation.DEPENDS, "owners": Relation.DEPENDS},
        target_relation=Relation.IAM,
        defaults={"assignable_to_role": False},
        name_attr="display_name",
        free=True,
    ),
    Kind(
        "azuread_user",
        Category.IAM_ROLE,
        label="Entra user",
        icon=_ENTRA + "Users",
        refs={"manager_id": Relation.DEPENDS},
        target_relation=Relation.IAM,
        defaults={"account_enabled": True},
        name_attr="user_principal_name",
        free=True,
    ),
    Kind(
        "azuread_group_member",  # member --iam--> group: the member holds the group's grants
        Category.IAM_BINDING,
        label="Group membership",
        shape=Shape.FOLD,
        parent="group_object_id",
        bridge=("member_object_id", "group_object_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        # an app role of one application (resource) granted to a user, group or service principal
        "azuread_app_role_assignment",
        Category.IAM_BINDING,
        label="App role assignment",
        shape=Shape.FOLD,
        refs={"app_role_id": Relation.DEPENDS},
        parent="resource_object_id",
        bridge=("principal_object_id", "resource_object_id", Relation.IAM),
        name_attr=None,
        free=True,
    ),
    Kind(
        "azuread_client_config",  # data source: the caller's tenant and object id
        Category.OTHER,
        label="Entra client configuration",
        shape=Shape.HIDDEN,
        name_attr=None,
        free=True,
    ),
)
