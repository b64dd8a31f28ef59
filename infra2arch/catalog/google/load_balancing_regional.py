"""Catalog records for regional and proxy load balancing pieces of Google Cloud the core network
module lacks: regional URL maps, target proxies and health checks, TCP proxies, backend buckets,
unmanaged and regional instance groups and their per-instance configs, and network endpoints
(hashicorp/google 5.x/6.x).

As for the global ones, target proxies are glue between a forwarding rule and its URL map or backend
service: they fold into it. Health checks are hidden helpers.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

_LB = "diagrams.gcp.network.LoadBalancing"
_URL_MAP_REFS = {
    "default_service": Relation.NETWORK,
    "path_matcher.default_service": Relation.NETWORK,
    "path_matcher.path_rule.service": Relation.NETWORK,
    "path_matcher.route_rules.service": Relation.NETWORK,
    "path_matcher.route_rules.route_action.weighted_backend_services.backend_service": Relation.NETWORK,
    "default_route_action.weighted_backend_services.backend_service": Relation.NETWORK,
}

KINDS: tuple[Kind, ...] = (
    Kind(
        "google_compute_region_url_map",  # regional internal / external Application Load Balancer
        Category.NETWORK_LOAD_BALANCER,
        label="Regional URL map",
        icon=_LB,
        refs=dict(_URL_MAP_REFS),
        target_relation=Relation.NETWORK,
        live=("compute:regionUrlMaps",),
    ),
    Kind(
        "google_compute_region_target_http_proxy",
        Category.NETWORK_LOAD_BALANCER,
        label="Regional HTTP proxy",
        shape=Shape.FOLD,
        parent="url_map",
        live=("compute:regionTargetHttpProxies",),
        free=True,
    ),
    Kind(
        "google_compute_region_target_https_proxy",
        Category.NETWORK_LOAD_BALANCER,
        label="Regional HTTPS proxy",
        shape=Shape.FOLD,
        refs={
            "ssl_certificates": Relation.DEPENDS,
            "certificate_manager_certificates": Relation.DEPENDS,
            "ssl_policy": Relation.DEPENDS,
            "server_tls_policy": Relation.DEPENDS,
        },
        parent="url_map",
        live=("compute:regionTargetHttpsProxies",),
        free=True,
    ),
    *(Kind(
        tf_type,
        Category.NETWORK_LOAD_BALANCER,
        label=label,
        shape=Shape.FOLD,
        parent="backend_service",
        defaults={"proxy_header": "NONE"},
        live=(live,),
        free=True,
    ) for tf_type, label, live in (
        ("google_compute_target_tcp_proxy", "TCP proxy", "compute:targetTcpProxies"),
        ("google_compute_region_target_tcp_proxy", "Regional TCP proxy", "compute:regionTargetTcpProxies"),
        ("google_compute_target_ssl_proxy", "SSL proxy", "compute:targetSslProxies"),
    )),
    Kind(
        "google_compute_region_health_check",
        Category.NETWORK_LOAD_BALANCER,
        label="Regional health check",
        shape=Shape.HIDDEN,
        live=("compute:regionHealthChecks",),
        free=True,
    ),
    Kind(
        # serves a Cloud Storage bucket through an external Application Load Balancer (and Cloud CDN)
        "google_compute_backend_bucket",
        Category.NETWORK_LOAD_BALANCER,
        label="Backend bucket",
        icon=_LB,
        refs={"bucket_name": Relation.DATA, "edge_security_policy": Relation.NETWORK},
        target_relation=Relation.NETWORK,
        defaults={"enable_cdn": False},
        live=("compute:backendBuckets",),
    ),
    # --- instance groups -------------------------------------------------------------------------
    Kind(
        "google_compute_instance_group",  # unmanaged: a fixed list of instances behind a backend service
        Category.COMPUTE_VM,
        label="Instance group",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={"instances": Relation.NETWORK},
        placement=("network",),
        target_relation=Relation.NETWORK,
        live=("compute:instanceGroups",),
        free=True,
    ),
    Kind(
        "google_compute_region_instance_group_manager",
        Category.COMPUTE_VM,
        label="Regional managed instance group",
        icon="diagrams.gcp.compute.ComputeEngine",
        refs={
            "version.instance_template": Relation.DEPENDS,
            "auto_healing_policies.health_check": Relation.DEPENDS,
            "target_pools": Relation.NETWORK,
        },
        placement=("version.instance_template",),  # placed where its template puts instances
        target_relation=Relation.NETWORK,
        live=("compute:regionInstanceGroupManagers",),
    ),
    Kind(
        "google_compute_per_instance_config",  # stateful disks / IPs of one instance of a group
        Category.COMPUTE_VM,
        label="Per-instance config",
        shape=Shape.FOLD,
        parent="instance_group_manager",
        free=True,
    ),
    Kind(
        "google_compute_region_per_instance_config",
        Category.COMPUTE_VM,
        label="Per-instance config",
        shape=Shape.FOLD,
        parent="region_instance_group_manager",
        free=True,
    ),
    Kind(
        "google_compute_network_endpoint",  # one VM IP:port in a zonal NEG
        Category.NETWORK_LOAD_BALANCER,
        label="Network endpoint",
        shape=Shape.FOLD,
        parent="network_endpoint_group",
        bridge=("network_endpoint_group", "instance", Relation.NETWORK),
        name_attr=None,
        free=True,
    ),
)
