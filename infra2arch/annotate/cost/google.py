"""Pricers for Google Cloud types: Vertex AI, Workbench, Compute Engine, networking, storage."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.annotate.cost.builder import _blocks, _Builder, _first, _num_or, _number, _prices
from infra2arch.annotate.cost.book import _qty
from infra2arch.model import Unknown


# ---- Google Vertex AI

_BUNDLED_GPUS = {  # machine families whose GPUs come with the machine type: (accelerator, GPUs by suffix)
    "a2-highgpu": ("NVIDIA_TESLA_A100", {"1g": 1, "2g": 2, "4g": 4, "8g": 8}),
    "g2-standard": ("NVIDIA_L4", {"4": 1, "8": 1, "12": 1, "16": 1, "24": 2, "32": 1, "48": 4, "96": 8}),
}


def _machine_spec_components(b: _Builder, label: str, spec: Mapping[str, Any], replicas: Any, service: str) -> None:
    machine = spec.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    replica_value = _number(replicas)
    shown_count = f"{replica_value:g}" if isinstance(replica_value, float) else "?"
    b.hourly(f"{label}node hours ({shown} × {shown_count})", service, machine, replicas, what="machine_type",
             note="minimum replicas; autoscaling adds nodes")
    accelerator = spec.get("accelerator_type")
    count = spec.get("accelerator_count", 1)
    if accelerator is None and isinstance(machine, str):
        family, _, suffix = machine.rpartition("-")
        if family in _BUNDLED_GPUS and suffix in _BUNDLED_GPUS[family][1]:
            accelerator, count = _BUNDLED_GPUS[family][0], _BUNDLED_GPUS[family][1][suffix]
    if accelerator in (None, "", "ACCELERATOR_TYPE_UNSPECIFIED"):
        return
    per_node = _number(count)
    if isinstance(per_node, float) and isinstance(replica_value, float):
        total: Any = per_node * replica_value
    elif isinstance(per_node, Unknown):
        total = per_node
    elif isinstance(replica_value, Unknown):
        total = replica_value
    else:
        total = 1.0
    shown_acc = accelerator if isinstance(accelerator, str) else "unknown accelerator"
    b.hourly(f"{label}accelerator hours ({shown_acc} × {total:g})" if isinstance(total, float)
             else f"{label}accelerator hours ({shown_acc})", service, accelerator, total, what="accelerator_type")


def _dedicated(attrs: Mapping[str, Any]) -> tuple[dict, Any] | None:
    dedicated = _first(attrs.get("dedicated_resources"))
    if not dedicated:
        dedicated = _first(_first(attrs.get("deploy_config")).get("dedicated_resources"))
    if not dedicated:
        return None
    return _first(dedicated.get("machine_spec")), dedicated.get("min_replica_count", 1)


@_prices("google_vertex_ai_endpoint")
def _vertex_endpoint(b: _Builder) -> None:
    deployed = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "vertex_deployed_model"]
    priced = False
    for model in deployed:
        spec = _dedicated(model.attrs)
        label = f"{model.attrs.get('display_name') or model.name}: "
        if spec is None:
            b.unpriced_component(f"{label}node hours", "automatic or shared resources are not priced")
            continue
        _machine_spec_components(b, label, spec[0], spec[1], "google.vertex.prediction")
        priced = True
    if not priced and not deployed:
        b.free("free itself: billed per deployed model node-hour (no deployed model in the input)",
               "google.vertex.endpoint", "endpoint")


@_prices("google_vertex_ai_endpoint_with_model_garden_deployment", "google_vertex_ai_deployment_resource_pool")
def _vertex_dedicated(b: _Builder) -> None:
    spec = _dedicated(b.resource.attrs)
    if spec is None:
        b.unpriced_component("node hours", "no dedicated_resources.machine_spec in the input")
        return
    _machine_spec_components(b, "", spec[0], spec[1], "google.vertex.prediction")


_GCE_DISK = {"PD_STANDARD": "pd-standard", "PD_BALANCED": "pd-balanced", "PD_SSD": "pd-ssd",
             "pd-standard": "pd-standard", "pd-balanced": "pd-balanced", "pd-ssd": "pd-ssd"}


def _disk(b: _Builder, name: str, size: Any, disk_type: Any, default_size: float, default_type: str) -> None:
    size_value = _num_or(size, default_size)
    kind_ = disk_type if isinstance(disk_type, str) else default_type
    notes = []
    if size is None:
        notes.append(f"size not set: {default_size:g} GB assumed")
    if isinstance(size_value, Unknown):
        b.unknown = True
        b._add(name, "GB-month", None, b.lookup("google.compute.disk", _GCE_DISK.get(kind_, kind_)),
               f"disk size is unknown ({size_value.reason})")
        return
    b.fixed(f"{name} ({size_value:g} GB {kind_})", "google.compute.disk", _GCE_DISK.get(kind_, kind_.lower()),
            size_value, note="; ".join(notes))


@_prices("google_workbench_instance")
def _workbench(b: _Builder) -> None:
    setup = _first(b.resource.attrs.get("gce_setup"))
    machine = setup.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; idle shutdown or set hours in the usage file lowers it")
    for accel in _blocks(setup.get("accelerator_configs")):
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('core_count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("core_count", 1), what="accelerator type", usage_hours="hours")
    boot = _first(setup.get("boot_disk"))
    _disk(b, "boot disk", boot.get("disk_size_gb"), boot.get("disk_type"), 150.0, "PD_STANDARD")
    for index, data in enumerate(_blocks(setup.get("data_disks"))):
        _disk(b, "data disk" if index == 0 else f"data disk {index + 1}", data.get("disk_size_gb"),
              data.get("disk_type"), 100.0, "PD_STANDARD")


@_prices("google_notebooks_instance")
def _legacy_notebook(b: _Builder) -> None:
    attrs = b.resource.attrs
    machine = attrs.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on")
    accel = _first(attrs.get("accelerator_config"))
    if accel:
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('core_count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("core_count", 1), what="accelerator type", usage_hours="hours")
    _disk(b, "boot disk", attrs.get("boot_disk_size_gb"), attrs.get("boot_disk_type"), 100.0, "PD_STANDARD")
    if attrs.get("data_disk_size_gb") is not None:
        _disk(b, "data disk", attrs.get("data_disk_size_gb"), attrs.get("data_disk_type"), 100.0, "PD_STANDARD")


@_prices("google_compute_instance")
def _gce_instance(b: _Builder) -> None:
    attrs = b.resource.attrs
    machine = attrs.get("machine_type")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"instance hours ({shown})", "google.compute.vm", machine, what="machine_type", usage_hours="hours")
    for accel in _blocks(attrs.get("guest_accelerator")):
        b.hourly(f"GPU hours ({accel.get('type')} × {accel.get('count', 1)})", "google.compute.gpu",
                 accel.get("type"), accel.get("count", 1), what="accelerator type", usage_hours="hours")
    params = _first(_first(attrs.get("boot_disk")).get("initialize_params"))
    _disk(b, "boot disk", params.get("size"), params.get("type"), 10.0, "pd-standard")


@_prices("google_vertex_ai_feature_online_store")
def _feature_online_store(b: _Builder) -> None:
    attrs = b.resource.attrs
    bigtable = _first(attrs.get("bigtable"))
    if not bigtable:
        b.unpriced_component("online serving nodes", "optimized online serving is not in the price book")
        return
    scaling = _first(bigtable.get("auto_scaling"))
    low, high = scaling.get("min_node_count", 1), scaling.get("max_node_count")
    low_value = _number(low)
    shown = f"{low_value:g}" if isinstance(low_value, float) else "?"
    b.hourly(f"online serving node hours (min {shown})", "google.vertex.featurestore",
             "bigtable-online-serving-node", low, note=f"autoscaling up to {high} nodes" if high is not None else "")


@_prices("google_vertex_ai_featurestore")
def _legacy_featurestore(b: _Builder) -> None:
    online = _first(b.resource.attrs.get("online_serving_config"))
    nodes = online.get("fixed_node_count")
    if nodes is None:
        nodes = _first(online.get("scaling")).get("min_node_count")
    if nodes is None:
        b.free("no online serving nodes configured: offline storage bills by usage")
        return
    b.hourly("online serving node hours", "google.vertex.featurestore", "bigtable-online-serving-node", nodes)


@_prices("google_vertex_ai_index_endpoint")
def _index_endpoint(b: _Builder) -> None:
    deployed = [c for c in b.ctx.children.get(b.resource.address, ())
                if c.type == "google_vertex_ai_index_endpoint_deployed_index"]
    if not deployed:
        b.free("free itself: billed per deployed index node-hour (no deployed index in the input)")
        return
    for index in deployed:
        label = f"{index.attrs.get('deployed_index_id') or index.name}: "
        dedicated = _first(index.attrs.get("dedicated_resources"))
        if dedicated:
            spec = _first(dedicated.get("machine_spec"))
            _machine_spec_components(b, label, spec, dedicated.get("min_replica_count", 1), "google.vertex.vector-search")
        else:
            automatic = _first(index.attrs.get("automatic_resources"))
            replicas = automatic.get("min_replica_count", 2)
            b.hourly(f"{label}node hours (e2-standard-16 × {replicas})", "google.vertex.vector-search",
                     "e2-standard-16", replicas, note="automatic resources: e2-standard-16 (medium shard) assumed")


@_prices("google_vertex_ai_tensorboard")
def _tensorboard(b: _Builder) -> None:
    b.usage_based("TensorBoard storage", "google.vertex.tensorboard", "storage", "storage_gb")


# ---- Google infrastructure

@_prices("google_compute_router_nat")
def _cloud_nat(b: _Builder) -> None:
    vms = b.usage.get("vms")
    b.usage_based("gateway VM hours", "google.cloud-nat", "gateway", "vms",
                  quantity=None if vms is None else min(vms, 32.0) * b.hours,
                  source_note=f"vms = {_qty(vms or 0)} from the usage file (billed for up to 32)",
                  note="per VM using the gateway, capped at 32 VMs")
    b.usage_based("data processed", "google.cloud-nat", "data-processed", "gb_processed")


_GCS_CLASS = {"STANDARD": "standard", "NEARLINE": "nearline", "COLDLINE": "coldline", "ARCHIVE": "archive",
              "MULTI_REGIONAL": "standard-multi-region", "REGIONAL": "standard"}


@_prices("google_storage_bucket")
def _gcs(b: _Builder) -> None:
    attrs = b.resource.attrs
    klass = attrs.get("storage_class", "STANDARD")
    sku = _GCS_CLASS.get(klass, "standard") if isinstance(klass, str) else "standard"
    location = attrs.get("location")
    if sku == "standard" and isinstance(location, str) and location.upper() in {"US", "EU", "ASIA"}:
        sku = "standard-multi-region"
    b.usage_based(f"storage ({klass if isinstance(klass, str) else 'STANDARD'})", "google.gcs", sku, "storage_gb")


@_prices("google_kms_crypto_key")
def _gcp_kms(b: _Builder) -> None:
    template = _first(b.resource.attrs.get("version_template"))
    hsm = template.get("protection_level") == "HSM"
    note = "one active version; every rotation adds a billed version until old ones are destroyed" \
        if b.resource.attrs.get("rotation_period") else "one active version"
    b.fixed("key versions", "google.kms", "hsm-key-version" if hsm else "key-version",
            b.usage.get("key_versions", 1.0), note=note)
    b.usage_based("operations", "google.kms", "operations", "requests", scale=1e4, optional=True)


@_prices("google_artifact_registry_repository")
def _artifact_registry(b: _Builder) -> None:
    b.usage_based("storage", "google.artifact-registry", "storage", "storage_gb")


@_prices("google_cloud_run_v2_service", "google_cloud_run_service")
def _cloud_run(b: _Builder) -> None:
    b.usage_based("vCPU-seconds", "google.cloud-run", "vcpu-second", "vcpu_seconds",
                  note="request-based billing; minimum instances bill while idle")
    b.usage_based("memory GiB-seconds", "google.cloud-run", "memory-gib-second", "gib_seconds", optional=True)
    b.usage_based("requests", "google.cloud-run", "requests", "requests", scale=1e6, optional=True)


@_prices("google_bigquery_dataset")
def _bigquery(b: _Builder) -> None:
    b.usage_based("active storage", "google.bigquery", "active-logical-storage", "storage_gb")
    b.usage_based("on-demand queries", "google.bigquery", "on-demand-query", "query_tib", optional=True)


@_prices("google_compute_address", "google_compute_global_address")
def _gcp_address(b: _Builder) -> None:
    if b.resource.attrs.get("address_type", "EXTERNAL") == "INTERNAL":
        b.free("internal addresses are free")
        return
    b.fixed("external IP hours", "google.compute.address", "external-ip", b.hours)


@_prices("google_dns_managed_zone")
def _gcp_dns(b: _Builder) -> None:
    b.fixed("managed zone", "google.dns", "managed-zone", 1.0)



# ---- GKE

def _gke_pool(b: _Builder, pool: Mapping[str, Any], label: str, zones: float | None, count_key: str) -> None:
    """A GKE node pool: node_config.machine_type (default e2-medium) × nodes per zone × zones."""
    config = _first(pool.get("node_config"))
    machine = config.get("machine_type", "e2-medium")
    notes = [] if "machine_type" in config else ["machine_type not set: provider default e2-medium"]
    autoscaling = _first(pool.get("autoscaling"))
    if pool.get(count_key) is not None:
        per_zone: Any = pool.get(count_key)
    elif autoscaling.get("total_min_node_count") is not None:
        per_zone, zones = autoscaling.get("total_min_node_count"), 1.0
        notes.append("autoscaling: total minimum nodes")
    elif autoscaling.get("min_node_count") is not None:
        per_zone = autoscaling.get("min_node_count")
        notes.append("autoscaling: minimum nodes per zone")
    else:
        per_zone = 1
        notes.append(f"{count_key} not set: 1 node per zone assumed")
    per_zone_value = _number(per_zone)
    if zones is None:
        zones = 1.0
        notes.append("zones not known: one zone assumed (a regional pool runs nodes in 3)")
    total: Any = per_zone_value * zones if isinstance(per_zone_value, float) else per_zone_value
    shown_total = f"{total:g}" if isinstance(total, float) else "?"
    if config.get("spot") is True or config.get("preemptible") is True:
        notes.append("spot/preemptible nodes: the on-demand rate is an upper bound")
    shown = machine if isinstance(machine, str) else "unknown machine type"
    b.hourly(f"{label}node hours ({shown} × {shown_total})", "google.compute.vm", machine, total,
             what="machine_type", note="; ".join(notes + ["boot disks not included"]))


def _zones_of(resource_attrs: Mapping[str, Any], cluster_attrs: Mapping[str, Any] | None) -> float | None:
    for attrs in (resource_attrs, cluster_attrs or {}):
        locations = attrs.get("node_locations")
        if isinstance(locations, list) and locations:
            return float(len(locations))
    location = (cluster_attrs or resource_attrs).get("location")
    if isinstance(location, str):
        return 1.0 if location.count("-") >= 2 else 3.0   # us-central1-a is a zone, us-central1 a region
    return None


@_prices("google_container_cluster")
def _gke(b: _Builder) -> None:
    attrs = b.resource.attrs
    if attrs.get("enable_autopilot") is True:
        b.fixed("cluster management hours", "google.gke", "cluster", b.hours)
        b.usage_based("Autopilot pod resources", "google.gke", "autopilot-vcpu", "vcpu_hours",
                      note="Autopilot bills the vCPU, memory and disk the pods request")
        return
    b.fixed("cluster management hours", "google.gke", "cluster", b.hours,
            note="the free tier credits one zonal or Autopilot cluster per billing account")
    if attrs.get("remove_default_node_pool") is not True:
        _gke_pool(b, attrs, "default pool: ", _zones_of(attrs, None), "initial_node_count")
    for child in b.ctx.children.get(b.resource.address, ()):
        if child.type == "google_container_node_pool":
            name = child.attrs.get("name")
            _gke_pool(b, child.attrs, f"{name if isinstance(name, str) else child.name} pool: ",
                      _zones_of(child.attrs, attrs), "node_count" if child.attrs.get("node_count") is not None
                      else "initial_node_count")


@_prices("google_container_node_pool")
def _gke_node_pool(b: _Builder) -> None:
    attrs = b.resource.attrs
    _gke_pool(b, attrs, "", _zones_of(attrs, None), "node_count" if attrs.get("node_count") is not None
              else "initial_node_count")


@_prices("google_secret_manager_secret")
def _gcp_secret(b: _Builder) -> None:
    b.fixed("active secret versions", "google.secret-manager", "secret-version", b.usage.get("secret_versions", 1.0),
            note="one active version assumed (set secret_versions in the usage file)")
    b.usage_based("access operations", "google.secret-manager", "access-operations", "requests", scale=1e4,
                  optional=True)


@_prices("google_vertex_ai_metadata_store")
def _vertex_metadata(b: _Builder) -> None:
    b.usage_based("metadata storage", "google.vertex.metadata", "storage", "storage_gb")


@_prices("google_vertex_ai_dataset", "google_vertex_ai_featurestore_entitytype", "google_vertex_ai_feature_group",
         "google_vertex_ai_metadata_store_context")
def _vertex_free(b: _Builder) -> None:
    b.free("free itself: its data is stored (and billed) in Cloud Storage or BigQuery")
