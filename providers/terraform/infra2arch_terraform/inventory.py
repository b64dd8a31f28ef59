"""The scan's result as the core's Inventory: one Resource per evaluated instance (with where it
lives: cloud, account or project or subscription, region), the links recorded while evaluating
(resolved to instance addresses), module calls, gaps and what was declared but not created."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from infra2arch.model import Inventory, Link, Location, Origin, Resource, Unknown
from infra2arch_terraform import hcl
from infra2arch_terraform.config_files import display_path
from infra2arch_terraform.modules import Instance, ModuleConfig, ModuleInstance

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.adapter import Scan


def build_inventory(scan: "Scan") -> Inventory:
    resources: list[Resource] = []
    links: list[Link] = []
    for address in sorted(scan.instances):
        instance = scan.instances[address]
        resources.append(_resource(scan, instance))
        for path, targets in instance.refs.items():
            for target in _resolve_targets(scan, targets, address):
                links.append(Link(address, target, path))
        for reference in instance.depends_on:
            for target in _static_targets(scan, instance.module, reference):
                links.append(Link(address, target, "depends_on"))
    for address, parent, references in scan.module_depends:
        for reference in references:
            for target in _static_targets(scan, parent, reference):
                links.append(Link(address, target, "depends_on"))
    modules = tuple(scan.module_infos[k] for k in sorted(scan.module_infos))
    scanned = {
        "kind": "terraform",
        "target": str(scan.root),
        "workspace": scan.workspace,
        "files": sorted({g for c in scan.configs.values() for g in c.files}),
        # sha256 of every file read (configuration, tfvars, file()/templatefile() targets): report evidence
        "inputs": {display_path(Path(p), scan.root): d for p, d in sorted(scan.read_files.items())},
        "required_providers": required_providers(scan.configs.get(scan.root)),
    }
    return Inventory(tuple(resources), tuple(sorted(set(links), key=_link_key)), tuple(scan.gaps),
                     modules, scanned, tuple(scan.not_created[a] for a in sorted(scan.not_created)))

def _resolve_targets(scan: "Scan", targets: set[str], exclude: str) -> list[str]:
    """Precise instance addresses where the value says which instance; else every instance."""
    exact = {t[1:] for t in targets if t.startswith("\0")}
    recorded = {t for t in targets if not t.startswith("\0")}
    exact = {t for t in exact if t in scan.instances or t in scan.module_infos}
    covered_blocks = {scan.instances[t].block_address for t in exact if t in scan.instances}
    result = set(exact)
    for target in recorded:
        if target in scan.instances:
            block = scan.instances[target].block_address
            if block not in covered_blocks or target in exact:
                result.add(target)
    recorded_blocks = {scan.instances[t].block_address for t in result if t in scan.instances}
    for target in recorded:
        if target not in scan.instances and target in scan.blocks:
            if target not in covered_blocks and target not in recorded_blocks:
                result.update(scan.blocks[target])
    result.discard(exclude)
    return sorted(result)

def _static_targets(scan: "Scan", module: ModuleInstance, reference: tuple[str, ...]) -> list[str]:
    if not reference:
        return []
    if reference[0] == "module" and len(reference) >= 2:
        call = f"{module.prefix}module.{reference[1]}"
        return sorted(a for a in scan.module_infos if a == call or a.startswith(call + "["))
    if reference[0] == "data" and len(reference) >= 3:
        block = f"{module.prefix}data.{reference[1]}.{reference[2]}"
    elif len(reference) >= 2:
        block = f"{module.prefix}{reference[0]}.{reference[1]}"
    else:
        return []
    return sorted(scan.blocks.get(block, []))

def _resource(scan: "Scan", instance: Instance) -> Resource:
    provider = instance.module.providers.get(instance.provider_key)
    provider_attrs = provider.attrs() if provider else {}
    attrs = dict(instance.obj)
    declared = instance.declared
    return Resource(
        address=instance.address,
        type=instance.type,
        name=instance.name,
        attrs=attrs,
        mode=instance.mode,
        module=instance.module.address,
        origin=Origin.TERRAFORM_HCL,
        source=declared.where(),
        location=location_of(instance.type, attrs, provider_attrs),
        provider=instance.provider_key,
        instance_key=instance.key,
        instances_unknown=instance.unknown_count,
    )


def location_of(type_: str, attrs: Mapping[str, Any], provider: Mapping[str, Any]) -> Location:
    cloud = type_.split("_", 1)[0]

    def text(value: Any) -> Any:
        return value if isinstance(value, (str, Unknown)) else None

    if cloud in ("aws", "awscc"):  # awscc (Cloud Control) creates AWS resources: the same account and map
        account = None
        allowed = provider.get("allowed_account_ids")
        if isinstance(allowed, list) and len(allowed) == 1:
            account = text(allowed[0])
        role = provider.get("assume_role")
        if account is None and isinstance(role, list) and role and isinstance(role[0], dict):
            arn = role[0].get("role_arn")
            if isinstance(arn, str) and arn.count(":") >= 5:
                account = arn.split(":")[4] or None
        region = text(attrs.get("region")) or text(provider.get("region"))
        return Location("aws", account, region, text(attrs.get("availability_zone")))
    if cloud == "google":
        project = text(attrs.get("project")) or text(provider.get("project"))
        zone = text(attrs.get("zone")) or None
        region = text(attrs.get("region"))
        location = attrs.get("location")
        if location is None:
            location = attrs.get("location_id")                # Firestore, App Engine: nam5, us-central1
        if isinstance(location, str):
            lowered = location.lower()
            if region is None and lowered.count("-") == 1:
                region = lowered                               # a region: us-central1
            elif lowered.count("-") == 2 and zone is None:
                zone = lowered                                 # a zone: us-central1-a
            elif region is None and "-" not in lowered:
                region = lowered                               # a multi-region: eu, us, asia
        if region is None and isinstance(zone, str) and zone.count("-") == 2:
            region = zone.rsplit("-", 1)[0]
        if region is None:
            region = text(provider.get("region"))
        return Location("google", project, region, zone)
    if cloud in ("azurerm", "azapi"):
        location = attrs.get("location")
        region = location.replace(" ", "").lower() if isinstance(location, str) else text(location)
        subscription = text(provider.get("subscription_id"))
        parent = attrs.get("parent_id")
        if subscription is None and isinstance(parent, str) and parent.lower().startswith("/subscriptions/"):
            subscription = parent.split("/")[2]
        return Location("azurerm", subscription, region, None)
    return Location(cloud, None, text(attrs.get("region")), None)


def required_providers(config: ModuleConfig | None) -> dict[str, Any]:
    if config is None:
        return {}
    out: dict[str, Any] = {}
    for name, expr in sorted(config.required_providers.items()):
        if isinstance(expr, hcl.Object):
            entry = {}
            for key, value in expr.items:
                if isinstance(key, hcl.Literal) and isinstance(value, hcl.Literal):
                    entry[str(key.value)] = value.value
            out[name] = entry
        elif isinstance(expr, hcl.Literal):
            out[name] = {"version": expr.value}
    return out


def _link_key(link: Link) -> tuple:
    return (link.src, link.dst, link.via, link.inferred, link.evidence)
