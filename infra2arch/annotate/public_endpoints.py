"""Settings that make a managed service's endpoint answer the internet, read per type with provider
defaults applied and unknown values left unknown (None: not public, or not known; the zones
annotator notes unknown settings). Used by :func:`infra2arch.annotate.network.entry_points`."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Unknown


def _block(value: Any) -> dict:
    """A nested block's first element ({} when absent or unknown)."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _false(value: Any) -> bool:
    return value is False or value == "false"


# Kubernetes clusters whose entry is the control plane's API endpoint, not a workload: their own
# public address is no way out for the pods (the zones annotator keeps their subnets' egress)
CONTROL_PLANE_ENTRIES = frozenset({"aws_eks_cluster", "google_container_cluster"})
_ANYWHERE = ("0.0.0.0/0", "::/0")


def eks_api_public(attrs: Mapping[str, Any]) -> str | None:
    """Why an EKS cluster's Kubernetes API answers anyone on the internet, or None (private endpoint,
    restricted public_access_cidrs, or not known)."""
    vpc = attrs.get("vpc_config")
    public = _block(vpc).get("endpoint_public_access")
    cidrs = _block(vpc).get("public_access_cidrs")
    if any(isinstance(v, Unknown) for v in (vpc, public, cidrs)) or _false(public):
        return None
    if cidrs is not None:
        if not isinstance(cidrs, list) or any(isinstance(c, Unknown) for c in cidrs) \
                or not any(c in _ANYWHERE for c in cidrs):
            return None   # limited to listed networks (or not known which)
    return ("EKS Kubernetes API endpoint public" + (" (vpc_config.endpoint_public_access default true)"
                                                    if public is None else "")
            + (", open to 0.0.0.0/0 (public_access_cidrs default)" if cidrs is None else ", open to 0.0.0.0/0"))


def gke_api_public(attrs: Mapping[str, Any]) -> str | None:
    """Why a GKE cluster's control plane answers anyone on the internet, or None (private endpoint,
    IP endpoints off, master authorized networks that leave the internet out, or not known)."""
    private = attrs.get("private_cluster_config")
    ip_endpoints = _block(attrs.get("control_plane_endpoints_config")).get("ip_endpoints_config")
    authorized = attrs.get("master_authorized_networks_config")
    values = (private, _block(private).get("enable_private_endpoint"), ip_endpoints,
              _block(ip_endpoints).get("enabled"), authorized)
    if any(isinstance(v, Unknown) for v in values):
        return None
    if _block(private).get("enable_private_endpoint") in (True, "true") or _false(_block(ip_endpoints).get("enabled")):
        return None
    if not authorized:
        return "GKE control plane endpoint public (no private endpoint, no master authorized networks)"
    blocks = _block(authorized).get("cidr_blocks")
    if isinstance(blocks, Unknown):                 # the authorized networks come from a variable
        return None
    networks = [b.get("cidr_block") for b in blocks or [] if isinstance(b, dict)] if isinstance(blocks, list) else []
    if any(isinstance(c, Unknown) for c in networks):
        return None
    if any(c in _ANYWHERE for c in networks):
        return "GKE control plane endpoint public (master authorized networks include 0.0.0.0/0)"
    if _block(authorized).get("gcp_public_cidrs_access_enabled") in (True, "true"):
        return "GKE control plane endpoint public to every Google Cloud IP (gcp_public_cidrs_access_enabled)"
    return None


def apprunner_public(attrs: Mapping[str, Any]) -> str | None:
    """Why an App Runner service answers on a public URL, or None (private ingress, or not known:
    an unknown setting is noted by the zones annotator, never taken as public or private)."""
    network = attrs.get("network_configuration")
    ingress = _block(network).get("ingress_configuration")
    public = _block(ingress).get("is_publicly_accessible")
    if any(isinstance(v, Unknown) for v in (network, ingress, public)):
        return None
    if public is None:
        return "App Runner service with a public URL (ingress_configuration.is_publicly_accessible default true)"
    return "App Runner service with a public URL" if public is True or public == "true" else None


def psc_enabled(attrs: Mapping[str, Any]) -> bool | None:
    """Whether a Vertex AI endpoint's private service connect is on (None: not known)."""
    config = attrs.get("private_service_connect_config")
    enabled = _block(config).get("enable_private_service_connect")
    if isinstance(config, Unknown) or isinstance(enabled, Unknown):
        return None
    return enabled is True or str(enabled).lower() == "true"


# RDS instances and Aurora clusters (through their instances, folded into them): publicly_accessible
# gives each instance a public address, which answers only from a subnet routed to an internet
# gateway and through security groups that admit it (the zones annotator checks both)
PUBLIC_DATABASES = frozenset({"aws_db_instance", "aws_rds_cluster"})


def rds_public(resource: Any, instances: list[Any]) -> tuple[list[str], list[str]]:
    """(reasons, notes): which of a database's instances set publicly_accessible = true, and which
    leave it unknown. ``instances`` are the Aurora instances of a cluster (the database itself for
    an RDS instance)."""
    reasons: list[str] = []
    notes: list[str] = []
    for db in instances:
        value = db.attrs.get("publicly_accessible")
        where = "" if db is resource else f" ({db.address})"
        if value is True or value == "true":
            reasons.append(f"publicly_accessible = true{where}")
        elif isinstance(value, Unknown):
            notes.append(f"publicly_accessible = unknown{where} ({value.reason or 'not known from the input'}): "
                         "exposure unknown")
    return reasons, notes
