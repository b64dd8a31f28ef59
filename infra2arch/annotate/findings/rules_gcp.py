"""GCP rules: Vertex AI, Workbench and user-managed notebooks, Cloud Storage, firewalls, BigQuery, IAM."""

from __future__ import annotations

import json

from infra2arch.annotate.findings import Context, Rule, Verdict, fmt, get_path, is_reference, row
from infra2arch.annotate.findings.rules_network import (
    as_list,
    exposure_severity,
    open_sources,
    port_ranges,
    worst,
)
from infra2arch.annotate.model import Result, Severity
from infra2arch.model import Resource, Unknown

C, H, M, L, I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
WB = ("google_workbench_instance",)
VERTEX_CMEK = ("google_vertex_ai_endpoint", "google_vertex_ai_dataset", "google_vertex_ai_featurestore",
               "google_vertex_ai_feature_online_store", "google_vertex_ai_index", "google_vertex_ai_tensorboard")

TABLE: tuple[Rule, ...] = (
    row("I2A-GCP-001", M, "Vertex AI resource not encrypted with a customer-managed key (CMEK)", VERTEX_CMEK,
        "encryption_spec.kms_key_name", present=True, absent="Google-managed key",
        remediation="Add encryption_spec { kms_key_name = <Cloud KMS key> } (the key must be in the same region).",
        refs=("CKV_GCP_92",)),
    row("I2A-GCP-003", H, "Workbench instance has a public IP", WB, "gce_setup.disable_public_ip", ok=(True,),
        default=False,
        remediation="Set gce_setup { disable_public_ip = true }; reach the instance through IAP or the proxy, and "
                    "give it egress through Cloud NAT.",
    ),
    row("I2A-GCP-004", M, "Workbench instance allows root access", WB, "gce_setup.metadata.notebook-disable-root",
        ok=(True,), default=False,
        remediation="Set gce_setup.metadata[\"notebook-disable-root\"] = \"true\"."),
    row("I2A-GCP-005", L, "Workbench instance without integrity monitoring", WB,
        "gce_setup.shielded_instance_config.enable_integrity_monitoring", ok=(True,), default=True,
        remediation="Keep shielded_instance_config { enable_integrity_monitoring = true }."),
    row("I2A-GCP-006", L, "Workbench instance without Secure Boot", WB,
        "gce_setup.shielded_instance_config.enable_secure_boot", ok=(True,), default=False,
        remediation="Set shielded_instance_config { enable_secure_boot = true }."),
    row("I2A-GCP-007", H, "User-managed notebook instance has a public IP", ("google_notebooks_instance",),
        "no_public_ip", ok=(True,),
        remediation="Set no_public_ip = true (and migrate to Workbench instances).",
        refs=("CKV_GCP_89",)),
    row("I2A-GCP-008", L, "User-managed notebook instance reachable through the inverse proxy",
        ("google_notebooks_instance",), "no_proxy_access", ok=(True,),
        remediation="Set no_proxy_access = true when users reach JupyterLab through a private path (IAP, VPN)."),
    row("I2A-GCP-018", L, "Workbench instance reachable through the inverse proxy", WB, "disable_proxy_access",
        ok=(True,), default=False,
        remediation="Set disable_proxy_access = true when users reach JupyterLab through a private path (IAP, VPN); "
                    "the Google-managed proxy answers on a public URL behind Google sign-in."),
    row("I2A-GCP-009", M, "Cloud Storage bucket without uniform bucket-level access", ("google_storage_bucket",),
        "uniform_bucket_level_access", ok=(True,),
        remediation="Set uniform_bucket_level_access = true so only IAM (not object ACLs) grants access.",
        refs=("CKV_GCP_29", "prowler:cloudstorage_bucket_uniform_bucket_level_access")),
    row("I2A-GCP-011", L, "Cloud Storage bucket not encrypted with a customer-managed key (CMEK)",
        ("google_storage_bucket",), "encryption.default_kms_key_name", present=True, absent="Google-managed key",
        remediation="Add encryption { default_kms_key_name = <Cloud KMS key> }."),
    row("I2A-GCP-013", M, "BigQuery dataset not encrypted with a customer-managed key (CMEK)",
        ("google_bigquery_dataset",), "default_encryption_configuration.kms_key_name", present=True,
        absent="Google-managed key",
        remediation="Add default_encryption_configuration { kms_key_name = <Cloud KMS key> }.",
        refs=("CKV_GCP_81", "prowler:bigquery_dataset_cmk_encryption")),
    row("I2A-GCP-016", H, "Vertex AI index endpoint is public", ("google_vertex_ai_index_endpoint",),
        "public_endpoint_enabled", ok=(False,),
        remediation="Use a VPC network or private service connect instead of public_endpoint_enabled."),
)


def _vertex_endpoint_public(resource: Resource, context: Context) -> Verdict:
    network = resource.attrs.get("network")
    psc = get_path(resource.attrs, "private_service_connect_config.enable_private_service_connect")
    if isinstance(network, Unknown) and not is_reference(network):
        return Verdict(Result.UNKNOWN, f"network = {fmt(network)}", "network")
    if network not in (None, ""):
        return Verdict(Result.PASS, f"network = {fmt(network)}: private endpoint peered into the VPC", "network")
    if isinstance(psc, Unknown):
        return Verdict(Result.UNKNOWN, f"private_service_connect_config.enable_private_service_connect = {fmt(psc)}",
                       "private_service_connect_config.enable_private_service_connect")
    if psc is True or str(psc).lower() == "true":
        return Verdict(Result.PASS, "private_service_connect_config.enable_private_service_connect = true",
                       "private_service_connect_config.enable_private_service_connect")
    return Verdict(Result.FAIL, "network not set and no private_service_connect_config: public endpoint "
                                "(provider default)", "network", default_applied=True)


_PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
_BUCKET_GRANTS = ("google_storage_bucket_iam_member", "google_storage_bucket_iam_binding",
                  "google_storage_bucket_acl", "google_storage_bucket_iam_policy")


def _grant_members(grant: Resource) -> tuple[list[str], bool]:
    """(public members granted by a bucket IAM/ACL resource, any member not known)."""
    attrs = grant.attrs
    found: list[str] = []
    unknown = False
    if grant.type == "google_storage_bucket_iam_member":
        members = [attrs.get("member")]
    elif grant.type == "google_storage_bucket_iam_binding":
        value = attrs.get("members")
        members = [value] if isinstance(value, Unknown) else as_list(value)
    elif grant.type == "google_storage_bucket_acl":
        members = [str(e).split(":", 1)[-1] if not isinstance(e, Unknown) else e
                   for e in as_list(attrs.get("role_entity"))]
        predefined = attrs.get("predefined_acl")
        if isinstance(predefined, str) and predefined.lower() in ("publicread", "publicreadwrite"):
            found.append(f"predefined_acl {predefined}")
    else:
        policy = attrs.get("policy_data")
        document = policy.partial if isinstance(policy, Unknown) else policy
        if isinstance(document, str):
            try:
                document = json.loads(document)
            except ValueError:
                document = None
        members = []
        if isinstance(document, dict):
            for binding in as_list(document.get("bindings")):
                if isinstance(binding, dict):
                    members.extend(as_list(binding.get("members")))
        else:
            unknown = True
    for member in members:
        if isinstance(member, Unknown):
            unknown = unknown or not is_reference(member)
        elif isinstance(member, str) and member in _PUBLIC_MEMBERS:
            found.append(member)
    return found, unknown


def _bucket_public(resource: Resource, context: Context) -> Verdict:
    if resource.type == "google_storage_bucket":
        grants = context.children(resource.address, *_BUCKET_GRANTS)
    else:
        grants = [resource]
    prevention = resource.attrs.get("public_access_prevention") if resource.type == "google_storage_bucket" else None
    unknown = []
    for grant in grants:
        found, not_known = _grant_members(grant)
        if found:
            role = grant.attrs.get("role")
            role_text = f" {role}" if isinstance(role, str) else ""
            if isinstance(prevention, str) and prevention.lower() == "enforced":
                return Verdict(Result.PASS, f"{grant.address} grants{role_text} to {found[0]}, but "
                                            "public_access_prevention = enforced blocks it", "public_access_prevention")
            return Verdict(Result.FAIL, f"{grant.address} grants{role_text} to {found[0]}", "member")
        if not_known:
            unknown.append(grant.address)
    if unknown:
        return Verdict(Result.UNKNOWN, f"members of {unknown[0]} not known", "member")
    return Verdict(Result.PASS, f"no allUsers or allAuthenticatedUsers grant ({len(grants)} grant"
                                f"{'s' if len(grants) != 1 else ''} checked)", "member")


def _bucket_public_applies(resource: Resource, context: Context) -> bool:
    return resource.type == "google_storage_bucket" or not context.folded(resource)


def _firewall(resource: Resource, context: Context) -> Verdict:
    attrs = resource.attrs
    direction = attrs.get("direction") or "INGRESS"
    disabled = attrs.get("disabled")
    if isinstance(direction, Unknown) or isinstance(disabled, Unknown):
        return Verdict(Result.UNKNOWN, f"direction = {fmt(direction)}, disabled = {fmt(disabled)}", "direction")
    if str(direction).upper() != "INGRESS":
        return Verdict(Result.PASS, f"direction = {direction}: not an ingress rule", "direction")
    if disabled is True or str(disabled).lower() == "true":
        return Verdict(Result.PASS, "disabled = true", "disabled")
    allows = attrs.get("allow")
    if not allows:
        return Verdict(Result.PASS, "no allow blocks (deny rule)", "allow")
    ranges = attrs.get("source_ranges")
    defaulted = False
    if ranges is None or ranges == []:
        if attrs.get("source_tags") or attrs.get("source_service_accounts"):
            return Verdict(Result.PASS, "sources are network tags or service accounts, not address ranges",
                           "source_tags")
        ranges, defaulted = ["0.0.0.0/0"], True
    opened, unknown = open_sources([ranges] if isinstance(ranges, Unknown) else as_list(ranges))
    if not opened:
        if unknown:
            return Verdict(Result.UNKNOWN, f"source_ranges include {fmt(unknown[0])}", "source_ranges")
        return Verdict(Result.PASS, f"source_ranges = {fmt(ranges)}", "source_ranges")
    exposures = []
    for allow in as_list(allows):
        if isinstance(allow, Unknown):
            exposures.append((*exposure_severity(None), "allow"))
            continue
        protocol = str(allow.get("protocol", "")).lower()
        ports = allow.get("ports")
        if protocol in ("all", "") or ports in (None, []):
            severity, label = exposure_severity(None, all_ports=True)
            label = f"{protocol or 'all'} {label}"
        else:
            severity, label = exposure_severity(port_ranges(ports))
            label = f"{protocol} {label}"
        exposures.append((severity, label, "allow.ports"))
    severity, label, attribute = worst(exposures)
    source = "source_ranges not set: provider default 0.0.0.0/0" if defaulted else f"from {', '.join(opened)}"
    return Verdict(Result.FAIL, f"ingress {source} on {label}", "source_ranges", default_applied=defaulted,
                   severity=severity)


def _service_account_keys(resource: Resource, context: Context) -> Verdict:
    keys = [resource] if resource.type == "google_service_account_key" else context.children(
        resource.address, "google_service_account_key")
    if keys:
        what = "user-managed key" if keys[0] is resource else f"user-managed key {keys[0].address}"
        return Verdict(Result.FAIL, f"{what}: a long-lived credential that can leave the platform",
                       "google_service_account_key")
    return Verdict(Result.PASS, "no user-managed keys (google_service_account_key) for this service account",
                   "google_service_account_key")


def _sa_keys_applies(resource: Resource, context: Context) -> bool:
    return resource.type == "google_service_account" or not context.folded(resource)


_PRIMITIVE = ("roles/owner", "roles/editor")


def _primitive_roles(resource: Resource, context: Context) -> Verdict:
    role = resource.attrs.get("role")
    if isinstance(role, Unknown):
        return Verdict(Result.UNKNOWN, f"role = {fmt(role)}", "role")
    if role not in _PRIMITIVE:
        return Verdict(Result.PASS, f"role = {fmt(role)}", "role")
    key = "members" if resource.type == "google_project_iam_binding" else "member"
    members = resource.attrs.get(key)
    items = [members] if isinstance(members, Unknown) else as_list(members)
    service_accounts = []
    for member in items:
        if isinstance(member, str) and member.startswith("serviceAccount:"):
            service_accounts.append(member)
        elif isinstance(member, Unknown) and any(a.startswith("google_service_account.") or
                                                 ".google_service_account." in a for a, _ in member.origins):
            service_accounts.append(fmt(member))
    if service_accounts:
        return Verdict(Result.FAIL, f"role = {role} granted to service account {service_accounts[0]}", "role")
    if any(isinstance(m, Unknown) for m in items):
        return Verdict(Result.UNKNOWN, f"role = {role}, member not known", "member")
    return Verdict(Result.FAIL, f"role = {role} granted to {fmt(items[0]) if items else 'members'}", "role",
                   severity=Severity.MEDIUM)


CODE: tuple[Rule, ...] = (
    Rule("I2A-GCP-002", H, "Vertex AI endpoint is public", ("google_vertex_ai_endpoint",),
         "Set network (VPC peering) or private_service_connect_config on the endpoint.",
         _vertex_endpoint_public),
    Rule("I2A-GCP-010", H, "Cloud Storage bucket readable by allUsers or allAuthenticatedUsers",
         ("google_storage_bucket", *_BUCKET_GRANTS),
         "Remove allUsers/allAuthenticatedUsers grants and set public_access_prevention = \"enforced\".",
         _bucket_public, applies=_bucket_public_applies,
         refs=("CKV_GCP_28", "prowler:cloudstorage_bucket_public_access")),
    Rule("I2A-GCP-012", H, "Firewall allows ingress from 0.0.0.0/0", ("google_compute_firewall",),
         "Restrict source_ranges (IAP: 35.235.240.0/20 for SSH/RDP through Identity-Aware Proxy).",
         _firewall, severity_note="critical for ports 22, 3389 or all ports",
         refs=("CKV_GCP_2", "CKV_GCP_3", "prowler:compute_firewall_ssh_access_from_the_internet_allowed",
               "prowler:compute_firewall_rdp_access_from_the_internet_allowed")),
    Rule("I2A-GCP-014", M, "Service account has user-managed keys",
         ("google_service_account", "google_service_account_key"),
         "Use workload identity federation or attached service accounts instead of exported keys.",
         _service_account_keys, applies=_sa_keys_applies),
    Rule("I2A-GCP-015", H, "Primitive role (roles/owner or roles/editor) granted on the project",
         ("google_project_iam_member", "google_project_iam_binding"),
         "Grant predefined roles scoped to what the service account does (roles/aiplatform.user, "
         "roles/storage.objectViewer, ...).",
         _primitive_roles, severity_note="medium when granted to users or groups",
         refs=("prowler:iam_sa_no_administrative_privileges",)),
)

RULES: tuple[Rule, ...] = TABLE + CODE
