"""Azure rules: Azure Machine Learning, Azure OpenAI / AI Services, AI Search, storage accounts, Key
Vault, container registries, NSGs, App Service SCM sites."""

from __future__ import annotations

from dataclasses import replace

from infra2arch.annotate.app_service import APP_SERVICE_APPS, scm_site_access
from infra2arch.annotate.findings import MISSING, Context, Rule, Verdict, fmt, get_path, row
from infra2arch.annotate.findings.rules_network import as_list, exposure_severity, open_sources, port_ranges, worst
from infra2arch.annotate.model import Result, Severity
from infra2arch.model import Resource, Unknown

C, H, M, L, I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
WS = ("azurerm_machine_learning_workspace",)
CI = ("azurerm_machine_learning_compute_instance",)
CC = ("azurerm_machine_learning_compute_cluster",)
SA = ("azurerm_storage_account",)
KV = ("azurerm_key_vault",)
ACR = ("azurerm_container_registry",)
AI = ("azurerm_cognitive_account", "azurerm_ai_services")
SEARCH = ("azurerm_search_service",)

TABLE: tuple[Rule, ...] = (
    row("I2A-AZ-001", H, "Azure ML workspace allows public network access", WS, "public_network_access_enabled",
        ok=(False,),
        remediation="Set public_network_access_enabled = false and reach the workspace through a private endpoint.",
        refs=("CKV_AZURE_144",)),
    row("I2A-AZ-002", L, "Azure ML workspace not flagged high business impact", WS, "high_business_impact",
        ok=(True,),
        remediation="Set high_business_impact = true for workspaces that handle sensitive data (reduces the "
                    "diagnostic data Microsoft collects and encrypts local scratch disks)."),
    row("I2A-AZ-003", M, "Azure ML workspace not encrypted with a customer-managed key", WS, "encryption.key_id",
        present=True, absent="Microsoft-managed keys",
        remediation="Add an encryption block with a Key Vault key (key_vault_id, key_id)."),
    row("I2A-AZ-004", L, "Azure ML workspace builds images outside the virtual network", WS,
        "image_build_compute_name", present=True,
        absent="images are built by serverless/ACR compute outside the VNet",
        remediation="Set image_build_compute_name to a compute cluster in the workspace's VNet."),
    row("I2A-AZ-005", H, "Azure ML compute instance has a public IP", CI, "node_public_ip_enabled", ok=(False,),
        remediation="Set node_public_ip_enabled = false (the compute needs a subnet_resource_id and outbound "
                    "access through a NAT gateway or firewall)."),
    row("I2A-AZ-006", M, "Azure ML compute instance allows local (SSH key) authentication", CI, "local_auth_enabled",
        ok=(False,),
        remediation="Set local_auth_enabled = false so only Entra ID identities can sign in."),
    row("I2A-AZ-007", M, "Azure ML compute not placed in a virtual network subnet", CI + CC, "subnet_resource_id",
        present=True, absent="the compute runs in the Azure-managed network",
        remediation="Set subnet_resource_id to a subnet of your virtual network."),
    row("I2A-AZ-008", H, "Azure ML compute cluster nodes have public IPs", CC, "node_public_ip_enabled", ok=(False,),
        remediation="Set node_public_ip_enabled = false (with subnet_resource_id and outbound through NAT)."),
    row("I2A-AZ-009", M, "Azure ML compute cluster allows local (SSH key) authentication", CC, "local_auth_enabled",
        ok=(False,),
        remediation="Set local_auth_enabled = false.",
        refs=("CKV_AZURE_142",)),
    row("I2A-AZ-011", H, "Storage account allows public blob access", SA, "allow_nested_items_to_be_public",
        ok=(False,), aliases=("allow_blob_public_access",),
        remediation="Set allow_nested_items_to_be_public = false.",
        refs=("CKV_AZURE_190", "prowler:storage_blob_public_access_level_is_disabled")),
    row("I2A-AZ-012", M, "Storage account accepts TLS older than 1.2", SA, "min_tls_version", ok=("TLS1_2", "TLS1_3"),
        remediation="Set min_tls_version = \"TLS1_2\".",
        refs=("CKV_AZURE_44", "prowler:storage_ensure_minimum_tls_version_12")),
    row("I2A-AZ-013", M, "Storage account accepts plain HTTP", SA, "https_traffic_only_enabled", ok=(True,),
        aliases=("enable_https_traffic_only",),
        remediation="Set https_traffic_only_enabled = true.",
        refs=("CKV_AZURE_3", "prowler:storage_secure_transfer_required_is_enabled")),
    row("I2A-AZ-014", M, "Key Vault without purge protection", KV, "purge_protection_enabled", ok=(True,),
        remediation="Set purge_protection_enabled = true (keys used for CMK must not be purgeable).",
        refs=("CKV_AZURE_110", "prowler:keyvault_recoverable")),
    row("I2A-AZ-020", M, "Azure OpenAI / AI Services account accepts API keys (local authentication)", AI,
        {"azurerm_cognitive_account": "local_auth_enabled", "azurerm_ai_services": "local_authentication_enabled"},
        ok=(False,),
        remediation="Set local_auth_enabled = false (local_authentication_enabled on azurerm_ai_services) so "
                    "callers use Entra ID identities; a leaked key works from anywhere the account is reachable.",
        refs=("CKV_AZURE_236",)),
    row("I2A-AZ-022", M, "Azure AI Search accepts API keys (local authentication)", SEARCH,
        "local_authentication_enabled", ok=(False,),
        remediation="Set local_authentication_enabled = false and grant Search Index Data Reader/Contributor "
                    "roles to the identities that query or index it."),
    row("I2A-AZ-016", M, "Container registry admin user enabled", ACR, "admin_enabled", ok=(False,),
        remediation="Set admin_enabled = false; pull with managed identities.",
        refs=("CKV_AZURE_137", "prowler:containerregistry_admin_user_disabled")),
)


def _public_unless_denied(public_path: str, rules_path: str, rules_child: str | None = None):
    """PASS when public network access is off, or the firewall's default action is Deny."""

    def check(resource: Resource, context: Context) -> Verdict:
        public = resource.attrs.get(public_path)
        if isinstance(public, Unknown):
            return Verdict(Result.UNKNOWN, f"{public_path} = {fmt(public)}", public_path)
        if public is False or str(public).lower() == "false":
            return Verdict(Result.PASS, f"{public_path} = false", public_path)
        action = get_path(resource.attrs, rules_path)
        where = ""
        if action is MISSING and rules_child:
            for child in context.children(resource.address, rules_child):
                action, where = child.attrs.get("default_action", MISSING), f" ({child.address})"
                break
        if isinstance(action, Unknown):
            return Verdict(Result.UNKNOWN, f"{rules_path} = {fmt(action)}{where}", rules_path)
        state = (f"{public_path} not set: provider default true" if public is None
                 else f"{public_path} = {fmt(public)}")
        if isinstance(action, str) and action.lower() == "deny":
            return Verdict(Result.PASS, f"{state}, but {rules_path} = Deny{where}", rules_path,
                           default_applied=public is None)
        rules_state = f"{rules_path} not set (default Allow)" if action is MISSING else f"{rules_path} = {fmt(action)}"
        return Verdict(Result.FAIL, f"{state} and {rules_state}", public_path, default_applied=public is None)

    return check


def _ai_customer_key(resource: Resource, context: Context) -> Verdict:
    """A customer-managed key on the account itself or in an azurerm_cognitive_account_customer_managed_key."""
    for path in ("customer_managed_key.key_vault_key_id", "customer_managed_key.managed_hsm_key_id"):
        value = get_path(resource.attrs, path)
        if isinstance(value, Unknown):  # a null key would mean no customer key at all
            return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}", path)
        if value is not MISSING and value is not None:
            return Verdict(Result.PASS, f"{path} = {fmt(value)}", path)
    for child in context.children(resource.address, "azurerm_cognitive_account_customer_managed_key"):
        return Verdict(Result.PASS, f"customer-managed key set by {child.address}", "customer_managed_key")
    return Verdict(Result.FAIL, "no customer_managed_key block and no azurerm_cognitive_account_customer_managed_key: "
                                "Microsoft-managed keys", "customer_managed_key")


def _search_public(resource: Resource, context: Context) -> Verdict:
    """PASS when public network access is off, or only listed IP ranges may reach the service."""
    public = resource.attrs.get("public_network_access_enabled")
    if isinstance(public, Unknown):
        return Verdict(Result.UNKNOWN, f"public_network_access_enabled = {fmt(public)}", "public_network_access_enabled")
    if public is False or str(public).lower() == "false":
        return Verdict(Result.PASS, "public_network_access_enabled = false", "public_network_access_enabled")
    allowed = resource.attrs.get("allowed_ips")
    if isinstance(allowed, Unknown):
        return Verdict(Result.UNKNOWN, f"allowed_ips = {fmt(allowed)}", "allowed_ips")
    state = ("public_network_access_enabled not set: provider default true" if public is None
             else f"public_network_access_enabled = {fmt(public)}")
    opened, unknown = open_sources(as_list(allowed))
    if as_list(allowed) and not opened and not unknown:
        return Verdict(Result.PASS, f"{state}, but allowed_ips limits it to {fmt(allowed)}", "allowed_ips",
                       default_applied=public is None)
    return Verdict(Result.FAIL, f"{state} and no allowed_ips: any address may query the index",
                   "public_network_access_enabled", default_applied=public is None)


_OPEN_PREFIXES = ("*", "Internet", "0.0.0.0/0", "0.0.0.0", "::/0", "Any")


def _nsg_rule_exposure(rule: dict, label: str, attribute: str) -> tuple[list, list]:
    access, direction = rule.get("access"), rule.get("direction")
    if isinstance(access, Unknown) or isinstance(direction, Unknown):
        return [], [f"{label}: access/direction not known"]
    if str(access).lower() != "allow" or str(direction).lower() != "inbound":
        return [], []
    sources = as_list(rule.get("source_address_prefix")) + as_list(rule.get("source_address_prefixes"))
    opened, unknown = open_sources(sources, _OPEN_PREFIXES)
    if not opened:
        return [], ([f"{label}: source {fmt(unknown[0])}"] if unknown else [])
    ports = as_list(rule.get("destination_port_range")) + as_list(rule.get("destination_port_ranges"))
    severity, ports_label = exposure_severity(port_ranges(ports) if ports else [(0, 65535)])
    name = rule.get("name")
    name_text = f" {name}" if isinstance(name, str) else ""
    return [(severity, f"inbound rule{name_text} allows {opened[0]} on {ports_label} ({label})", attribute)], []


def _bastion_subnet_nsg(resource: Resource, context: Context) -> str | None:
    """The AzureBastionSubnet this NSG (or the NSG of this rule) is associated with, if any."""
    nsg = context.graph.folded.get(resource.address, resource.address)
    for edge in context.edges_to.get(nsg, ()):
        subnet = context.by_address.get(edge.src)
        if subnet is not None and subnet.type == "azurerm_subnet" and subnet.attrs.get("name") == "AzureBastionSubnet":
            return subnet.address
    return None


def _nsg(resource: Resource, context: Context) -> Verdict:
    exposures: list = []
    unknown: list[str] = []
    checked = 0
    bastion = _bastion_subnet_nsg(resource, context)
    if resource.type == "azurerm_network_security_group":
        inline = resource.attrs.get("security_rule")
        if isinstance(inline, Unknown):
            unknown.append(f"security_rule = {fmt(inline)}")
            inline = []
        for item in as_list(inline):
            checked += 1
            if isinstance(item, Unknown) or not isinstance(item, dict):
                unknown.append("a security_rule block is not known")
                continue
            found, missing = _nsg_rule_exposure(item, "security_rule", "security_rule.source_address_prefix")
            exposures.extend(found)
            unknown.extend(missing)
        rules = context.children(resource.address, "azurerm_network_security_rule")
    else:
        rules = [resource]
    for rule in rules:
        checked += 1
        found, missing = _nsg_rule_exposure(dict(rule.attrs), rule.address, f"{rule.address}.source_address_prefix")
        exposures.extend(found)
        unknown.extend(missing)
    required = []
    if bastion:
        # Azure Bastion needs inbound 443 from the Internet on its subnet (documented NSG requirement)
        required = [e for e in exposures if e[1].endswith(" on port 443 (security_rule)") or " on port 443 (" in e[1]]
        exposures = [e for e in exposures if e not in required]
    if exposures:
        severity, text, attribute = worst(exposures)
        more = f" (+{len(exposures) - 1} more)" if len(exposures) > 1 else ""
        return Verdict(Result.FAIL, text + more, attribute, severity=severity)
    if unknown:
        return Verdict(Result.UNKNOWN, f"not known: {unknown[0]}", "security_rule")
    if required:
        return Verdict(Result.PASS, f"only Azure Bastion's required inbound 443 from the Internet on {bastion} "
                                    f"({checked} rule{'s' if checked != 1 else ''} checked)", "security_rule")
    return Verdict(Result.PASS, f"no inbound Allow from *, Internet or 0.0.0.0/0 ({checked} rule"
                                f"{'s' if checked != 1 else ''} checked)", "security_rule")


def _scm_site(resource: Resource, context: Context) -> Verdict:
    """FAIL when the SCM (Kudu) site answers any internet address; high while basic-auth publishing
    credentials (webdeploy_publish_basic_authentication_enabled, provider default true) work on it."""
    opened, evidence, attribute, default = scm_site_access(resource)
    if opened is None:
        return Verdict(Result.UNKNOWN, evidence, attribute)
    if not opened:
        return Verdict(Result.PASS, evidence, attribute, default_applied=default)
    severity = None
    if resource.type not in ("azurerm_app_service", "azurerm_function_app"):
        basic = resource.attrs.get("webdeploy_publish_basic_authentication_enabled")
        if basic is None or basic is True:
            severity = H
            evidence += ("; webdeploy_publish_basic_authentication_enabled " +
                         ("not set: provider default true" if basic is None else "= true") +
                         " (publishing user name and password work from anywhere)")
            default = default or basic is None
    return Verdict(Result.FAIL, evidence, attribute, default_applied=default, severity=severity)


def _nsg_applies(resource: Resource, context: Context) -> bool:
    return resource.type == "azurerm_network_security_group" or not context.folded(resource)


CODE: tuple[Rule, ...] = (
    Rule("I2A-AZ-010", M, "Storage account reachable from public networks", SA,
         "Set public_network_access_enabled = false (private endpoints), or network_rules { default_action = "
         "\"Deny\" } with explicit allowed networks.",
         _public_unless_denied("public_network_access_enabled", "network_rules.default_action",
                               "azurerm_storage_account_network_rules"),
         refs=("CKV_AZURE_59", "CKV_AZURE_35", "prowler:storage_default_network_access_rule_is_denied")),
    Rule("I2A-AZ-015", M, "Key Vault reachable from public networks", KV,
         "Set public_network_access_enabled = false, or network_acls { default_action = \"Deny\" }.",
         _public_unless_denied("public_network_access_enabled", "network_acls.default_action"),
         refs=("CKV_AZURE_109", "CKV_AZURE_189")),
    Rule("I2A-AZ-017", M, "Container registry reachable from public networks", ACR,
         "Set public_network_access_enabled = false (Premium SKU with private endpoints).",
         _public_unless_denied("public_network_access_enabled", "network_rule_set.default_action"),
         refs=("CKV_AZURE_139", "prowler:containerregistry_not_publicly_accessible")),
    Rule("I2A-AZ-021", M, "Azure OpenAI / AI Services account not encrypted with a customer-managed key", AI,
         "Add a customer_managed_key block (or an azurerm_cognitive_account_customer_managed_key) with a Key "
         "Vault key and the identity that may use it.",
         _ai_customer_key, refs=("CKV2_AZURE_22",)),
    Rule("I2A-AZ-023", M, "Azure AI Search reachable from public networks", SEARCH,
         "Set public_network_access_enabled = false and query the index through a private endpoint, or list "
         "the callers' ranges in allowed_ips.",
         _search_public, refs=("CKV_AZURE_124",)),
    Rule("I2A-AZ-024", M, "App Service / Function App SCM (Kudu deploy) site reachable from the internet",
         tuple(sorted(APP_SERVICE_APPS)),   # sorted: a set's order changes from run to run
         "Set site_config.scm_ip_restriction_default_action = \"Deny\" with scm_ip_restriction rules for the "
         "deployment agents' ranges (or scm_use_main_ip_restriction = true with a restricted main site), or "
         "public_network_access_enabled = false and deploy through a private endpoint; turn off "
         "webdeploy_publish_basic_authentication_enabled.",
         _scm_site, severity_note="high while basic-auth publishing credentials are on, the provider default"),
    Rule("I2A-AZ-018", H, "Network security group allows inbound traffic from the internet",
         ("azurerm_network_security_group", "azurerm_network_security_rule"),
         "Restrict source_address_prefix to known ranges; reach VMs through Azure Bastion or a VPN.",
         _nsg, applies=_nsg_applies,
         severity_note="critical for ports 22, 3389 or all ports",
         refs=("CKV_AZURE_10", "CKV_AZURE_9", "prowler:network_ssh_internet_access_restricted",
               "prowler:network_rdp_internet_access_restricted")),
)

def _unless_nsg_restricts(rule: Rule) -> Rule:
    """A public IP whose subnet NSG admits nothing from the internet (only service tags such as
    AzureMachineLearning or BatchNodeManagement) still fails, at medium: the zones annotator has
    checked the NSG and says so in the zone reasons."""
    inner = rule.check

    def check(resource: Resource, context: Context) -> Verdict:
        verdict = inner(resource, context)
        info = context.zones.get(resource.address)
        if verdict.result != Result.FAIL or info is None:
            return verdict
        restricted = next((r for r in info.reasons if "admits inbound only from" in r), None)
        if restricted is None:
            return verdict
        return replace(verdict, severity=M, evidence=f"{verdict.evidence}; {restricted.split(', but ', 1)[-1]}")

    return replace(rule, check=check, severity_note="medium when the subnet's NSG admits nothing from the internet")


TABLE = tuple(_unless_nsg_restricts(r) if r.id in ("I2A-AZ-005", "I2A-AZ-008") else r for r in TABLE)
RULES: tuple[Rule, ...] = TABLE + CODE
