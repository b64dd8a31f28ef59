"""Catalog records for what lives inside Azure database services, and for database servers the core
storage module lacks: Cosmos DB databases, containers and data-plane RBAC, MySQL flexible servers,
PostgreSQL flexible databases and rules, SQL firewall rules, managed instances and legacy MySQL
single servers (hashicorp/azurerm 3.x/4.x).

Databases, containers, firewall rules and data-plane role grants are parts of their server or
account: they fold into it, so a RAG store is drawn once, with the principals that may read it.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_RG = ("resource_group_name",)


def _part(tf_type: str, label: str, parent: str, category: Category = Category.STORAGE_DATABASE, **extra) -> Kind:
    """A configuration or child resource of a database server or account: folds into it, costs nothing of its own."""
    return Kind(tf_type, category, label, shape=Shape.FOLD, parent=parent, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    # --- Cosmos DB (NoSQL API and friends): parts of the account -----------------------------------
    # Containers name the account directly (account_name) or through their database
    # (account_name = azurerm_cosmosdb_sql_database.x.account_name): both fold into the account.
    # Provisioned throughput on a database or container is billed on the account.
    _part("azurerm_cosmosdb_sql_database", "Cosmos DB SQL database", "account_name",
          target_relation=Relation.DATA, live=("Microsoft.DocumentDB:databaseAccounts/sqlDatabases",)),
    _part("azurerm_cosmosdb_sql_container", "Cosmos DB SQL container", "account_name",
          target_relation=Relation.DATA, live=("Microsoft.DocumentDB:databaseAccounts/sqlDatabases/containers",)),
    _part("azurerm_cosmosdb_sql_function", "Cosmos DB user-defined function", "container_id"),
    _part("azurerm_cosmosdb_sql_trigger", "Cosmos DB trigger", "container_id"),
    _part("azurerm_cosmosdb_sql_stored_procedure", "Cosmos DB stored procedure", "account_name"),
    _part("azurerm_cosmosdb_mongo_database", "Cosmos DB Mongo database", "account_name",
          target_relation=Relation.DATA, live=("Microsoft.DocumentDB:databaseAccounts/mongodbDatabases",)),
    _part("azurerm_cosmosdb_mongo_collection", "Cosmos DB Mongo collection", "account_name",
          target_relation=Relation.DATA),
    _part("azurerm_cosmosdb_table", "Cosmos DB table", "account_name", target_relation=Relation.DATA),
    _part("azurerm_cosmosdb_gremlin_database", "Cosmos DB Gremlin database", "account_name",
          target_relation=Relation.DATA),
    _part("azurerm_cosmosdb_cassandra_keyspace", "Cosmos DB Cassandra keyspace", "account_name",
          target_relation=Relation.DATA),
    # data-plane RBAC (keyless access for apps and agents): principal --iam--> account
    _part("azurerm_cosmosdb_sql_role_assignment", "Cosmos DB data role assignment", "account_name",
          Category.IAM_BINDING,
          refs={"role_definition_id": Relation.DEPENDS, "scope": Relation.DEPENDS},
          bridge=("principal_id", "account_name", Relation.IAM), name_attr=None,
          live=("Microsoft.DocumentDB:databaseAccounts/sqlRoleAssignments",)),
    _part("azurerm_cosmosdb_sql_role_definition", "Cosmos DB data role", "account_name", Category.IAM_POLICY,
          refs={"assignable_scopes": Relation.DEPENDS}, defaults={"type": "CustomRole"},
          live=("Microsoft.DocumentDB:databaseAccounts/sqlRoleDefinitions",)),
    # --- MySQL flexible server -------------------------------------------------------------------
    Kind(
        "azurerm_mysql_flexible_server",
        Category.STORAGE_DATABASE,
        label="MySQL flexible server",
        icon="diagrams.azure.database.DatabaseForMysqlServers",
        refs={
            "private_dns_zone_id": Relation.NETWORK,
            "customer_managed_key.key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.geo_backup_key_vault_key_id": Relation.ENCRYPTS,
            "customer_managed_key.primary_user_assigned_identity_id": Relation.IAM,
            "customer_managed_key.geo_backup_user_assigned_identity_id": Relation.IAM,
            "identity.identity_ids": Relation.IAM,
            "source_server_id": Relation.DATA,
        },
        # VNet-injected when delegated_subnet_id is set (public access is then Disabled); otherwise
        # public, reachable from the addresses its firewall rules allow
        placement=("delegated_subnet_id", "resource_group_name"),
        target_relation=Relation.DATA,
        defaults={"geo_redundant_backup_enabled": False, "backup_retention_days": 7},
        live=("Microsoft.DBforMySQL:flexibleServers",),
    ),
    _part("azurerm_mysql_flexible_database", "MySQL database", "server_name",
          target_relation=Relation.DATA, live=("Microsoft.DBforMySQL:flexibleServers/databases",)),
    _part("azurerm_mysql_flexible_server_firewall_rule", "MySQL firewall rule", "server_name",
          Category.NETWORK_FIREWALL, live=("Microsoft.DBforMySQL:flexibleServers/firewallRules",)),
    _part("azurerm_mysql_flexible_server_configuration", "MySQL server parameter", "server_name",
          Category.STORAGE_CONFIG),
    _part("azurerm_mysql_flexible_server_active_directory_administrator", "MySQL Entra ID administrator",
          "server_id", Category.IAM_BINDING, refs={"identity_id": Relation.IAM},
          bridge=("object_id", "server_id", Relation.IAM), name_attr=None),
    # --- PostgreSQL flexible server parts (the server is in storage.py) ---------------------------------
    _part("azurerm_postgresql_flexible_server_database", "PostgreSQL database", "server_id",
          target_relation=Relation.DATA, live=("Microsoft.DBforPostgreSQL:flexibleServers/databases",)),
    _part("azurerm_postgresql_flexible_server_firewall_rule", "PostgreSQL firewall rule", "server_id",
          Category.NETWORK_FIREWALL, live=("Microsoft.DBforPostgreSQL:flexibleServers/firewallRules",)),
    _part("azurerm_postgresql_flexible_server_configuration", "PostgreSQL server parameter", "server_id",
          Category.STORAGE_CONFIG),
    _part("azurerm_postgresql_flexible_server_active_directory_administrator", "PostgreSQL Entra ID administrator",
          "server_name", Category.IAM_BINDING, bridge=("object_id", "server_name", Relation.IAM), name_attr=None),
    # --- legacy single servers (retired by Azure; azurerm 3.x) ------------------------------------------
    Kind(
        "azurerm_mysql_server",
        Category.STORAGE_DATABASE,
        label="MySQL single server (retired)",
        icon="diagrams.azure.database.DatabaseForMysqlServers",
        refs={"identity.identity_ids": Relation.IAM, "creation_source_server_id": Relation.DATA},
        placement=_RG,
        target_relation=Relation.DATA,
        defaults={
            "public_network_access_enabled": True,
            "infrastructure_encryption_enabled": False,
            "ssl_minimal_tls_version_enforced": "TLS1_2",
            "geo_redundant_backup_enabled": False,
        },
        live=("Microsoft.DBforMySQL:servers",),
    ),
    _part("azurerm_mysql_database", "MySQL database (single server)", "server_name",
          target_relation=Relation.DATA, live=("Microsoft.DBforMySQL:servers/databases",)),
    _part("azurerm_mysql_firewall_rule", "MySQL firewall rule (single server)", "server_name",
          Category.NETWORK_FIREWALL),
    _part("azurerm_mysql_virtual_network_rule", "MySQL VNet rule (single server)", "server_name",
          Category.NETWORK_FIREWALL, refs={"subnet_id": Relation.NETWORK}),
    # --- Azure SQL ------------------------------------------------------------------------------
    # start/end 0.0.0.0 is "allow Azure services": any tenant's Azure resources
    _part("azurerm_mssql_firewall_rule", "SQL firewall rule", "server_id", Category.NETWORK_FIREWALL,
          live=("Microsoft.Sql:servers/firewallRules",)),
    _part("azurerm_mssql_virtual_network_rule", "SQL VNet rule", "server_id", Category.NETWORK_FIREWALL,
          refs={"subnet_id": Relation.NETWORK}, live=("Microsoft.Sql:servers/virtualNetworkRules",)),
    _part("azurerm_mssql_server_security_alert_policy", "SQL threat detection policy", "server_name",
          Category.STORAGE_CONFIG, refs={"storage_endpoint": Relation.LOGS}, name_attr=None),
    _part("azurerm_mssql_server_extended_auditing_policy", "SQL auditing policy", "server_id",
          Category.STORAGE_CONFIG, refs={"storage_endpoint": Relation.LOGS}, name_attr=None),
    Kind(
        "azurerm_mssql_elasticpool",
        Category.STORAGE_DATABASE,
        label="SQL elastic pool",
        shape=Shape.FOLD,
        parent="server_name",  # billed for its vCores / DTUs whether or not databases use them
        live=("Microsoft.Sql:servers/elasticPools",),
    ),
    Kind(
        "azurerm_mssql_managed_instance",
        Category.STORAGE_DATABASE,
        label="SQL managed instance",
        icon="diagrams.azure.database.SQLManagedInstances",
        refs={
            "identity.identity_ids": Relation.IAM,
            "dns_zone_partner_id": Relation.DEPENDS,
        },
        placement=("subnet_id", "resource_group_name"),  # always VNet-injected
        target_relation=Relation.DATA,
        defaults={"public_data_endpoint_enabled": False, "minimum_tls_version": "1.2", "proxy_override": "Redirect"},
        live=("Microsoft.Sql:managedInstances",),
    ),
    # --- Synapse network controls -------------------------------------------------------------------
    _part("azurerm_synapse_firewall_rule", "Synapse firewall rule", "synapse_workspace_id",
          Category.NETWORK_FIREWALL, live=("Microsoft.Synapse:workspaces/firewallRules",)),
    Kind(
        # private endpoints to Synapse Studio attach here
        "azurerm_synapse_private_link_hub",
        Category.NETWORK_PRIVATE_ENDPOINT,
        label="Synapse private link hub",
        icon="diagrams.azure.analytics.PrivateLinkServices",
        placement=_RG,
        target_relation=Relation.NETWORK,
        live=("Microsoft.Synapse:privateLinkHubs",),
        free=True,
    ),
)
