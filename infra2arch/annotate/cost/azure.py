"""Pricers for Azure types: Azure Machine Learning, VMs, networking, storage, monitoring."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.annotate.cost.builder import _Builder, _first, _number, _prices
from infra2arch.model import Unknown


# ---- Azure ML

@_prices("azurerm_machine_learning_compute_instance")
def _aml_instance(b: _Builder) -> None:
    size = b.resource.attrs.get("virtual_machine_size")
    shown = size if isinstance(size, str) else "unknown VM size"
    b.hourly(f"instance hours ({shown})", "azure.vm", size, what="virtual_machine_size", usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; a shutdown schedule or hours in the usage file lowers it")


@_prices("azurerm_machine_learning_compute_cluster")
def _aml_cluster(b: _Builder) -> None:
    attrs = b.resource.attrs
    size = attrs.get("vm_size")
    shown = size if isinstance(size, str) else "unknown VM size"
    scale = _first(attrs.get("scale_settings"))
    low, high = scale.get("min_node_count", 0), scale.get("max_node_count")
    low_value = _number(low)
    shown_low = f"{low_value:g}" if isinstance(low_value, float) else "?"
    priority = attrs.get("vm_priority", "Dedicated")
    price_note = "; low-priority nodes bill at a discount: the dedicated rate is used" if priority == "LowPriority" else ""
    b.hourly(f"minimum nodes ({shown} × {shown_low})", "azure.vm", size, low, what="vm_size",
             note=f"always-on minimum nodes{price_note}")
    b.usage_based(f"scale-up node hours ({shown}, up to {high} nodes)", "azure.vm", size if isinstance(size, str) else "",
                  "node_hours", note=f"scales up to {high} nodes while jobs run{price_note}")


@_prices("azureml_online_endpoint")
def _aml_online_endpoint(b: _Builder) -> None:
    deployments = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "azureml_online_deployment"]
    if not deployments:
        b.free("free itself: billed per deployment instance-hour (no deployment in the input)")
        return
    for deployment in deployments:
        size = deployment.attrs.get("instance_type")
        count = deployment.attrs.get("instance_count", 1)
        shown = size if isinstance(size, str) else "unknown instance type"
        count_value = _number(count)
        shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
        b.hourly(f"{deployment.name}: instance hours ({shown} × {shown_count})", "azure.vm", size, count,
                 note="managed online endpoints bill VM rates")


# ---- Azure OpenAI / AI Services and AI Search

_PROVISIONED = ("provisionedmanaged", "globalprovisionedmanaged", "datazoneprovisionedmanaged")


@_prices("azurerm_cognitive_account", "azurerm_ai_services")
def _ai_account(b: _Builder) -> None:
    """The account bills nothing by itself on the pay-as-you-go tiers; its model deployments bill per
    token (Standard) or per provisioned throughput unit-hour (PTU), neither of which the book holds."""
    sku = b.resource.attrs.get("sku_name")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("account", "month", None, None, f"sku_name is unknown ({sku.reason})")
        return
    if isinstance(sku, str) and sku.upper().startswith("F"):
        b.free(f"free tier ({sku}): a monthly allowance of calls, then requests are refused")
        return
    deployments = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "azurerm_cognitive_deployment"]
    if not deployments:
        b.unpriced_component("calls and tokens", "the account bills per call or token of what it serves, at each "
                                                 "model's or feature's rate; no such rates in the price book")
        return
    for deployment in deployments:
        block = _first(deployment.attrs.get("sku")) or _first(deployment.attrs.get("scale"))  # 4.x sku, 3.x scale
        kind_ = block.get("name", block.get("type", "Standard"))
        model = _first(deployment.attrs.get("model")).get("name")
        name = deployment.attrs.get("name")
        label = f"{name if isinstance(name, str) else deployment.name}: {model if isinstance(model, str) else 'model'}"
        if isinstance(kind_, Unknown):
            b.unknown = True
            b._add(f"{label} (deployment type unknown)", "", None, None, f"sku name is unknown ({kind_.reason})")
        elif isinstance(kind_, str) and kind_.lower() in _PROVISIONED:
            capacity = block.get("capacity")
            units = f"{capacity:g} PTU" if isinstance(capacity, (int, float)) else "PTUs"
            b.unpriced_component(f"{label}, provisioned throughput ({units})",
                                 f"{kind_}: PTUs bill by the hour whether used or not; no PTU rate in the price book")
        else:
            b.unpriced_component(f"{label} tokens ({kind_})",
                                 "billed per input and output token at the model's rate; no token prices in the "
                                 "price book")


@_prices("azurerm_search_service")
def _ai_search(b: _Builder) -> None:
    attrs = b.resource.attrs
    sku = attrs.get("sku")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("search units", "hour", None, None, f"sku is unknown ({sku.reason})")
        return
    if sku == "free":
        b.free("free tier: shared capacity, 50 MB")
        return
    replicas, partitions = _number(attrs.get("replica_count", 1)), _number(attrs.get("partition_count", 1))
    if isinstance(replicas, float) and isinstance(partitions, float):
        units: Any = replicas * partitions
    else:  # an unknown count keeps the total unknown; an unreadable one is the provider default of 1
        units = next((v for v in (replicas, partitions) if isinstance(v, Unknown)), 1.0)
    shown = f"{units:g}" if isinstance(units, float) else "?"
    b.hourly(f"search units ({sku}, {shown} = replicas × partitions)", "azure.search", sku, units, what="sku",
             note="semantic ranker, AI enrichment and private endpoints bill on top")


@_prices("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine")
def _azure_vm(b: _Builder) -> None:
    size = b.resource.attrs.get("size")
    _vm_hours(b, f"instance hours ({size if isinstance(size, str) else 'unknown VM size'})", size)


# ---- Azure infrastructure

@_prices("azurerm_nat_gateway")
def _azure_nat(b: _Builder) -> None:
    b.fixed("gateway hours", "azure.nat-gateway", "gateway", b.hours)
    b.usage_based("data processed", "azure.nat-gateway", "data-processed", "gb_processed")


@_prices("azurerm_public_ip")
def _azure_ip(b: _Builder) -> None:
    b.fixed("public IP hours", "azure.public-ip", "standard-static", b.hours,
            note="" if b.resource.attrs.get("sku", "Standard") == "Standard" else "Standard SKU rate used")


@_prices("azurerm_private_endpoint")
def _azure_private_endpoint(b: _Builder) -> None:
    b.fixed("endpoint hours", "azure.private-link", "endpoint", b.hours)
    b.usage_based("data processed", "azure.private-link", "data-processed", "gb_processed")


@_prices("azurerm_bastion_host")
def _azure_bastion(b: _Builder) -> None:
    sku = b.resource.attrs.get("sku", "Basic")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("bastion hours", "hour", None, None, f"sku is unknown ({sku.reason})")
        return
    b.fixed(f"bastion hours ({sku})", "azure.bastion", sku, b.hours)


@_prices("azurerm_firewall")
def _azure_firewall(b: _Builder) -> None:
    tier = b.resource.attrs.get("sku_tier", "Standard")
    if isinstance(tier, Unknown):
        b.unknown = True
        b._add("firewall hours", "hour", None, None, f"sku_tier is unknown ({tier.reason})")
    else:
        b.fixed(f"firewall hours ({tier})", "azure.firewall", tier, b.hours)
    b.usage_based("data processed", "azure.firewall", "data-processed", "gb_processed")


@_prices("azurerm_container_registry")
def _acr(b: _Builder) -> None:
    sku = b.resource.attrs.get("sku", "Basic")
    if isinstance(sku, Unknown):
        b.unknown = True
        b._add("registry days", "day", None, None, f"sku is unknown ({sku.reason})")
        return
    b.fixed(f"registry ({sku})", "azure.acr", sku, b.hours / 24, note="storage beyond the included amount not counted")


@_prices("azurerm_storage_account")
def _azure_storage(b: _Builder) -> None:
    attrs = b.resource.attrs
    replication = attrs.get("account_replication_type", "LRS")
    tier = attrs.get("access_tier", "Hot")
    notes = []
    if replication != "LRS":
        notes.append(f"LRS price used for {replication}: approximate (redundant replication costs more)")
    if attrs.get("account_tier", "Standard") != "Standard" or tier != "Hot":
        notes.append("Standard Hot price used: approximate")
    b.usage_based("blob storage (Hot, LRS)", "azure.blob", "hot-lrs", "storage_gb", note="; ".join(notes))


@_prices("azurerm_storage_container")
def _azure_container(b: _Builder) -> None:
    b.free("free itself: storage bills on its storage account")


@_prices("azurerm_key_vault")
def _key_vault(b: _Builder) -> None:
    b.usage_based("operations", "azure.key-vault", "operations", "requests", scale=1e4)
    hsm_keys = [c for c in b.ctx.children.get(b.resource.address, ())
                if c.type == "azurerm_key_vault_key" and str(c.attrs.get("key_type", "")).endswith("-HSM")]
    if hsm_keys:
        b.fixed(f"HSM-protected keys ({len(hsm_keys)})", "azure.key-vault", "hsm-key", float(len(hsm_keys)))


@_prices("azurerm_log_analytics_workspace")
def _log_analytics(b: _Builder) -> None:
    retention = _number(b.resource.attrs.get("retention_in_days"))
    note = "retention beyond 31 days bills extra" if isinstance(retention, float) and retention > 31 else ""
    b.usage_based("log ingestion", "azure.monitor", "log-ingestion", "ingested_gb", note=note)


@_prices("azurerm_application_insights")
def _app_insights(b: _Builder) -> None:
    workspace = b.resource.attrs.get("workspace_id")
    b.usage_based("telemetry ingestion", "azure.monitor", "log-ingestion", "ingested_gb",
                  note="workspace-based: ingestion bills as Log Analytics" if workspace is not None else "")


@_prices("azurerm_dns_zone", "azurerm_private_dns_zone")
def _azure_dns(b: _Builder) -> None:
    b.fixed("DNS zone", "azure.dns", "zone", 1.0)




# ---- Azure containers and Windows

def _windows(b: _Builder) -> bool:
    """A Windows VM: the type says so, or an azurerm_virtual_machine with a Windows image/OS profile."""
    attrs = b.resource.attrs
    if b.resource.type in ("azurerm_windows_virtual_machine", "azurerm_windows_virtual_machine_scale_set"):
        return True
    if attrs.get("os_profile_windows_config") not in (None, [], {}):
        return True
    image = _first(attrs.get("storage_image_reference")) or _first(attrs.get("source_image_reference"))
    return any(isinstance(image.get(k), str) and "windows" in image.get(k).lower() for k in ("publisher", "offer"))


def _vm_hours(b: _Builder, name: str, size: Any, count: Any = 1, *, what: str = "size",
              usage_hours: str | None = "hours", note: str = "") -> None:
    if _windows(b):
        b.hourly(name, "azure.vm.windows", size, count, what=what, usage_hours=usage_hours,
                 note="; ".join(n for n in ("Windows rate (licence included)", note) if n))
    else:
        b.hourly(name, "azure.vm", size, count, what=what, usage_hours=usage_hours, note=note)


def _pool_nodes(pool: Mapping[str, Any]) -> tuple[Any, str]:
    """(always-on node count, note) of an AKS node pool: node_count, or min_count when autoscaling."""
    autoscale = pool.get("auto_scaling_enabled", pool.get("enable_auto_scaling"))
    if autoscale is True and pool.get("min_count") is not None:
        return pool.get("min_count"), f"autoscaling: minimum nodes (up to {pool.get('max_count')})"
    if pool.get("node_count") is not None:
        return pool.get("node_count"), ""
    if pool.get("min_count") is not None:
        return pool.get("min_count"), "minimum nodes"
    return 1, "node_count not set: 1 node assumed"


def _aks_pool(b: _Builder, pool: Mapping[str, Any], label: str) -> None:
    size = pool.get("vm_size")
    count, note = _pool_nodes(pool)
    count_value = _number(count)
    shown = size if isinstance(size, str) else "unknown VM size"
    shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
    service = "azure.vm.windows" if pool.get("os_type") == "Windows" else "azure.vm"
    b.hourly(f"{label}node hours ({shown} × {shown_count})", service, size, count, what="vm_size",
             note="; ".join(n for n in (note, "OS disks not included") if n))


@_prices("azurerm_kubernetes_cluster")
def _aks(b: _Builder) -> None:
    attrs = b.resource.attrs
    tier = attrs.get("sku_tier", "Free")
    if isinstance(tier, Unknown):
        b.unknown = True
        b._add("cluster management hours", "hour", None, None, f"sku_tier is unknown ({tier.reason})")
    elif tier in ("Standard", "Premium", "Paid"):
        b.fixed(f"cluster management hours ({tier})", "azure.aks", "standard", b.hours)
    pool = _first(attrs.get("default_node_pool"))
    if pool:
        name = pool.get("name")
        _aks_pool(b, pool, f"{name if isinstance(name, str) else 'default'} pool: ")
    for child in b.ctx.children.get(b.resource.address, ()):
        if child.type == "azurerm_kubernetes_cluster_node_pool":
            name = child.attrs.get("name")
            _aks_pool(b, child.attrs, f"{name if isinstance(name, str) else child.name} pool: ")


@_prices("azurerm_kubernetes_cluster_node_pool")
def _aks_node_pool(b: _Builder) -> None:
    _aks_pool(b, b.resource.attrs, "")


@_prices("azurerm_virtual_machine")
def _azure_vm_legacy(b: _Builder) -> None:
    size = b.resource.attrs.get("vm_size")
    _vm_hours(b, f"instance hours ({size if isinstance(size, str) else 'unknown VM size'})", size, what="vm_size")


@_prices("azurerm_linux_virtual_machine_scale_set", "azurerm_windows_virtual_machine_scale_set",
         "azurerm_orchestrated_virtual_machine_scale_set")
def _azure_vmss(b: _Builder) -> None:
    attrs = b.resource.attrs
    size = attrs.get("sku")
    count = attrs.get("instances", 1 if b.resource.type != "azurerm_orchestrated_virtual_machine_scale_set" else 0)
    count_value = _number(count)
    shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
    _vm_hours(b, f"instance hours ({size if isinstance(size, str) else 'unknown VM size'} × {shown_count})", size,
              count, what="sku", usage_hours=None, note="instances as declared; autoscale changes it")


@_prices("azurerm_virtual_network_gateway")
def _vnet_gateway(b: _Builder) -> None:
    attrs = b.resource.attrs
    sku = attrs.get("sku")
    kind_ = attrs.get("type", "Vpn")
    if isinstance(sku, Unknown) or isinstance(kind_, Unknown):
        b.unknown = True
        b._add("gateway hours", "hour", None, None, "sku or type is unknown")
        return
    service = "azure.vpn-gateway" if str(kind_).lower() == "vpn" else "azure.expressroute-gateway"
    b.fixed(f"gateway hours ({sku})", service, str(sku), b.hours,
            note="connections beyond the included tunnels and data transfer bill separately")


@_prices("azurerm_virtual_machine_extension", "azurerm_virtual_network_gateway_connection",
         "azurerm_virtual_network_peering", "azurerm_network_interface", "azurerm_network_security_group",
         "azurerm_network_security_rule", "azurerm_route_table", "azurerm_ip_group", "azurerm_firewall_policy",
         "azurerm_firewall_policy_rule_collection_group", "azurerm_public_ip_prefix")
def _azure_free(b: _Builder) -> None:
    notes = {
        "azurerm_virtual_network_gateway_connection": "free itself: the gateways bill by the hour",
        "azurerm_virtual_network_peering": "free itself: peered traffic bills per GB (data transfer)",
        "azurerm_firewall_policy": "a Standard/Premium firewall's policy is free (Premium policies bill with the firewall)",
        "azurerm_public_ip_prefix": "the prefix bills per address through its public IPs",
    }
    b.free(notes.get(b.resource.type, "free itself"))
