"""Shared nesting: the boxes a node sits in (cloud account -> region -> network -> zone -> subnet,
service families, modules, security zones), filters, and what is drawn as a node."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections import defaultdict
from typing import Any, Iterable, Mapping

from infra2arch.annotate.network import ISOLATED, subnet_tiers
from infra2arch.catalog import Category, Shape, is_utility, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Origin, Relation, Resource, Unknown
from infra2arch.views.classify import (ACCOUNT_LEVEL_FAMILIES, ACCOUNT_WORD, CLOUD_NAMES, NOT_DRAWN, TIER_STYLE,
                                       ZONE_ORDER, ZONE_STYLES, display_name, family_of, key_fact)
from infra2arch.views.model import ViewOptions, VGroup, VNode


REGIONAL_CLOUDS = frozenset({"aws", "awscc", "azurerm", "azapi"})
IN_CLUSTER_PROVIDERS = frozenset({"kubernetes", "helm", "kubectl", "kustomization"})


def uid(*parts: str) -> str:
    return "g" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


class Layout:
    """Working state while a view is put together."""

    def __init__(self, graph: Graph, options: ViewOptions, annotations: Any = None):
        self.graph = graph
        self.options = options
        self.annotations = annotations
        self.by_address = graph.by_address()
        self.tiers = subnet_tiers(graph)
        self.groups: dict[str, VGroup] = {}
        self.notes: list[str] = []
        self.parents: dict[str, list[str]] = defaultdict(list)
        for item in graph.containment:
            if item.parent not in self.parents[item.child]:  # one parent, whatever number of reasons
                self.parents[item.child].append(item.parent)
        self.aliases: dict[str, list[str]] = defaultdict(list)  # resource -> data sources that read it
        self.tier_of: dict[str, str] = {}      # subnet -> the tier box holding it with its spanning resources
        self.tier_members: dict[str, list[str]] = {}

    def plan_tiers(self, addresses: Iterable[str]) -> None:
        """Resources in several subnets of one network: those subnets go into one tier box
        ("private subnets: a, b") that also holds the resources spanning them, so no subnet box
        with members looks empty. Subnets spanned together (even through different resources)
        share one box."""
        union: dict[str, str] = {}

        def find(x: str) -> str:
            while union.get(x, x) != x:
                x = union[x]
            return x

        for address in addresses:
            subnets = self._subnet_parents(address)
            if len(subnets) < 2:
                continue
            root = find(subnets[0])
            union.setdefault(root, root)
            for other in subnets[1:]:
                union.setdefault(find(other), find(other))
                union[find(other)] = root
        sets: dict[str, list[str]] = defaultdict(list)
        for subnet in union:
            sets[find(subnet)].append(subnet)
        for members in sets.values():
            members = sorted(members)
            gid = uid("tier", *members)
            self.tier_members[gid] = members
            for subnet in members:
                self.tier_of[subnet] = gid

    def _subnet_parents(self, address: str) -> list[str]:
        return sorted(p for p in self.parents.get(address, []) if p in self.by_address
                      and (k := kind(self.by_address[p].type)) is not None and k.category == Category.NETWORK_SUBNET)

    def tier_group(self, gid: str) -> str:
        """The tier box: inside the network the subnets share, labelled by their tier and names."""
        if gid in self.groups:
            return gid
        members = self.tier_members[gid]
        subnet_groups = [self.network_group(m, in_tier=False) for m in members]
        chains = [self._chain(g)[1:] for g in subnet_groups]
        parent = next((c for c in chains[0] if all(c in chain for chain in chains[1:])
                       and self.groups[c].kind != "zone"), None)
        tiers = sorted({self.tiers.get(m, "unknown") for m in members})
        tier = tiers[0] if len(tiers) == 1 and tiers[0] != "unknown" else ""
        names = [display_name(self.by_address[m]) for m in members]
        if len(set(names)) < len(names):  # same name in every AZ: the CIDR tells them apart
            names = [key_fact(self.by_address[m], self.graph, self.by_address) or n for m, n in zip(members, names)]
        text = ", ".join(names) if len(names) <= 4 else ", ".join(names[:3]) + f", … ({len(names)})"
        style = dict(TIER_STYLE.get(tier, {"bgcolor": "#FFFFFF", "pencolor": "#8A99A8"}))
        style.update({"style": "rounded,bold", "bgcolor": "#FFFFFF"})
        self.group(gid, f"{tier + ' ' if tier else ''}subnets: {text}", "tier", parent, style)
        for member, sub in zip(members, subnet_groups):  # the subnet boxes move into the tier box
            group = self.groups[sub]
            holder = gid
            old_parent = self.groups.get(group.parent or "")
            if old_parent is not None and old_parent.kind == "zone":  # keep the availability zone, inside the tier
                holder = self.group(uid("zone", gid, old_parent.label), old_parent.label, "zone", gid,
                                    old_parent.style)
            self.groups[sub] = VGroup(group.id, group.label, group.kind, holder, group.style, group.order)
        return gid

    # -- groups

    def group(self, gid: str, label: str, kind_: str, parent: str | None, style: Mapping[str, str] | None = None,
              order: str = "") -> str:
        if gid not in self.groups:
            self.groups[gid] = VGroup(gid, label, kind_, parent, dict(style or {}), order or label)
        return gid

    def cloud_group(self, resource: Resource) -> str:
        cloud = resource.location.cloud or resource.type.split("_", 1)[0]
        account = resource.location.account
        account_text = account if isinstance(account, str) else None
        if cloud in CLOUD_NAMES:
            word, name = ACCOUNT_WORD[cloud], CLOUD_NAMES[cloud]
            label = f"{name} {word} {account_text}" if account_text else f"{name} {word}"
        elif cloud in IN_CLUSTER_PROVIDERS:   # Kubernetes objects live in a cluster the code may also make
            label = f"{cloud} objects (inside a Kubernetes cluster)"
        else:   # a SaaS provider in the same code (pinecone, mongodbatlas, databricks): not an account of ours
            label = f"{cloud} (external service)"
        return self.group(uid("cloud", cloud, account_text or ""), label, "cloud", None,
                          {"bgcolor": "#FFFFFF", "pencolor": "#232F3E", "penwidth": "2"}, order=f"0{cloud}")

    def region_group(self, resource: Resource, region: Any = None) -> str:
        parent = self.cloud_group(resource)
        region = region if region is not None else resource.location.region
        cloud = resource.location.cloud or resource.type.split("_", 1)[0]
        if isinstance(region, str):
            text = region
        elif isinstance(region, Unknown):
            text = "region unknown"
        elif resource.mode == "data" and cloud in REGIONAL_CLOUDS:
            # an existing AWS resource or Azure network read by a data source is in the region it was
            # made in, which the code does not say
            text = "region unknown"
        elif cloud in ("aws", "awscc"):
            # every AWS resource but IAM (drawn at account level) has a region: a reusable module
            # without a provider block leaves it to the caller, which is not global. (An Azure
            # resource without a location is global, as private DNS zones are, or a child resource.)
            text = "region not set in the code"
        else:
            text = "global"
        return self.group(uid("region", parent, text), f"Region {text}" if isinstance(region, str) else text.capitalize(),
                          "region", parent, {"bgcolor": "#F7F9FB", "pencolor": "#8A99A8", "style": "rounded,dashed"})

    def members_region(self, address: str) -> str | None:
        """The one region every member of a box says it is in (an existing resource group read by a
        data source has no location of its own; the account inside it has one), else None."""
        if not hasattr(self, "_children"):
            self._children: dict[str, list[str]] = defaultdict(list)
            for child, parents in self.parents.items():
                for parent in parents:
                    self._children[parent].append(child)
        regions: set[str] = set()
        seen = {address}
        frontier = [address]
        while frontier:
            current = frontier.pop()
            for child in self._children.get(current, ()):
                if child in seen or child not in self.by_address:
                    continue
                seen.add(child)
                frontier.append(child)
                region = self.by_address[child].location.region
                if isinstance(region, str):
                    regions.add(region)
        return regions.pop() if len(regions) == 1 else None

    def services_group(self, resource: Resource, family: str) -> str:
        parent = self.cloud_group(resource) if family in ACCOUNT_LEVEL_FAMILIES else self.region_group(resource)
        return self.group(uid("family", parent, family), family, "services", parent,
                          {"bgcolor": "#FFFFFF", "pencolor": "#B8C2CC", "style": "rounded"}, order=f"9{family}")

    def network_group(self, address: str, in_tier: bool = True) -> str:
        """The box of a GROUP-shaped resource (VPC, subnet, resource group), nested in its own parents."""
        gid = uid("res", address)
        if in_tier and address in self.tier_of:
            self.tier_group(self.tier_of[address])
        if gid in self.groups:
            return gid
        resource = self.by_address[address]
        record = kind(resource.type)
        parent_addresses = [p for p in self.parents.get(address, []) if p in self.by_address]
        if parent_addresses:
            parent = self.network_group(sorted(parent_addresses)[0])
        else:
            # a GCP VPC network is global even when all its subnets are in one region
            regional = (resource.location.cloud or resource.type.split("_", 1)[0]) in REGIONAL_CLOUDS
            region = self.members_region(address) if regional and resource.location.region is None else None
            parent = self.region_group(resource, region)
        label_kind = record.display if record else resource.type
        fact = key_fact(resource, self.graph, self.by_address)
        style: dict[str, str] = {"bgcolor": "#F3F8FD", "pencolor": "#5A7FA8", "style": "rounded"}
        kind_ = "network"
        if record and record.category == Category.NETWORK_SUBNET:
            kind_ = "subnet"
            tier = self.tiers.get(address, "unknown")
            if tier != "unknown":
                label_kind = f"{tier} subnet"
            style = dict(TIER_STYLE.get(tier, {"bgcolor": "#FFFFFF", "pencolor": "#8A99A8"}))
            style["style"] = "rounded" if tier != ISOLATED else "rounded,dashed"
            zone = resource.location.zone or resource.attrs.get("availability_zone")
            if isinstance(zone, str) and parent and self.groups[parent].kind == "network":
                parent = self.group(uid("zone", parent, zone), f"Availability zone {zone}", "zone", parent,
                                    {"bgcolor": "#FFFFFF", "pencolor": "#A0AEC0", "style": "dashed"})
        elif record and record.category == Category.ORG_GROUP:
            kind_ = "org"
            style = {"bgcolor": "#FBFAF5", "pencolor": "#A08C5B", "style": "rounded"}
        label = f"{label_kind}: {display_name(resource)}" + (f"\n{fact}" if fact else "")
        if resource.mode == "data":
            # a network the code does not create: a data source, a variable id, a literal id
            if resource.origin == Origin.SYNTHETIC:
                several = resource.attrs.get("several") is True
                word = "subnets" if kind_ == "subnet" and several else label_kind
                label = f"existing {word}: {resource.name}"
            else:
                label += "\n(existing: data source)"
            style = dict(style)
            style["style"] = "rounded,dashed"
            style["penwidth"] = "2"
        return self.group(gid, label, kind_, parent, style)

    # -- placement of a node

    def placement(self, address: str) -> tuple[str | None, str]:
        """(group id, note for the label) for a drawable resource."""
        resource = self.by_address[address]
        record = kind(resource.type)
        if self.options.group_by == "module":
            return self.module_group(resource.module), ""
        if self.options.group_by == "zone":
            return self.zone_group(address), ""
        parents = [p for p in self.parents.get(address, []) if p in self.by_address]
        if not parents:
            if resource.location.region is None:
                # no region of its own (a blob container, a bucket object): sit beside what it belongs to
                for edge in self.graph.edges:
                    if edge.src == address and edge.relation != Relation.DEPENDS:
                        neighbour = self.by_address.get(self.graph.folded.get(edge.dst, edge.dst))
                        if neighbour is not None and neighbour.location.region is not None:
                            if self.parents.get(neighbour.address):
                                return self.network_group(sorted(self.parents[neighbour.address])[0]), ""
                            return self.services_group(neighbour, family_of(record)), ""
            return self.services_group(resource, family_of(record)), ""
        if len(parents) == 1:
            return self.network_group(parents[0]), ""
        subnets = self._subnet_parents(address)
        tiers_ = {self.tier_of.get(p) for p in subnets}
        if len(subnets) > 1 and len(tiers_) == 1 and None not in tiers_:
            others = [p for p in parents if p not in subnets]
            if not others:
                kinds_ = sorted({self.tiers.get(p, "") for p in subnets} - {"", "unknown"})
                return self.tier_group(tiers_.pop()), f"in {len(subnets)} {'/'.join(kinds_) + ' ' if kinds_ else ''}subnets"
        # several subnets: draw once in the box that holds them all, and say which tiers
        groups = [self.network_group(p) for p in parents]
        chains = [self._chain(g) for g in groups]
        common = None
        for candidate in chains[0]:
            if all(candidate in chain for chain in chains[1:]):
                common = candidate
                break
        tiers = sorted({self.tiers.get(p, "") for p in parents} - {"", "unknown"})
        subnets = [p for p in parents if (k := kind(self.by_address[p].type)) and k.category == Category.NETWORK_SUBNET]
        note = f"in {len(subnets)} {'/'.join(tiers) + ' ' if tiers else ''}subnets" if len(subnets) > 1 else ""
        return common, note

    def _chain(self, gid: str) -> list[str]:
        chain = []
        current: str | None = gid
        while current is not None:
            chain.append(current)
            current = self.groups[current].parent
        return chain

    def zone_group(self, address: str) -> str | None:
        from infra2arch.annotate.zones import area_of, zone_captions

        info = self.annotations.zones.get(address) if self.annotations else None
        zone = area_of(info) if info else "unknown"
        if not hasattr(self, "_captions"):  # what each area's members say about egress, computed once
            boxes = (Category.NETWORK_SUBNET, Category.NETWORK_VPC)
            workloads = {a for a, r in self.by_address.items() if (k := kind(r.type)) and k.category not in boxes}
            self._captions = zone_captions(self.annotations.zones, short=self._caption_name,
                                           only=workloads) if self.annotations else {}
        label, style = ZONE_STYLES.get(zone, (zone, {"bgcolor": "#FFFFFF", "pencolor": "#9CA3AF"}))
        label = self._captions.get(zone, label)
        return self.group(uid("zone-area", zone), label, "zone-area", None, style,
                          order=str(ZONE_ORDER.index(zone)) if zone in ZONE_ORDER else "9")

    def _caption_name(self, address: str) -> str:
        """A gateway's name in a zone caption: what the map labels it (live addresses are ARNs or URLs)."""
        resource = self.by_address.get(address)
        return display_name(resource) if resource is not None else address.rsplit(".", 1)[-1]

    def module_group(self, module: str) -> str | None:
        if not module:
            return None
        parent_module = _parent_module(module)
        parent = self.module_group(parent_module) if parent_module else None
        return self.group(uid("module", module), module, "module", parent,
                          {"bgcolor": "#F6F3FB", "pencolor": "#7C6BAA", "style": "rounded"})


def _parent_module(module: str) -> str:
    parts = re.findall(r'module\.[^.\[]+(?:\[[^\]]*\])?', module)
    return ".".join(parts[:-1])


def _tags(resource: Resource) -> dict:
    tags = resource.attrs.get("tags") or resource.attrs.get("labels")
    return tags if isinstance(tags, dict) else {}


def matches_filters(resource: Resource, filters: Iterable[tuple[str, str]]) -> bool:
    for key, pattern in filters:
        if key == "type" and not fnmatch.fnmatchcase(resource.type, pattern):
            return False
        if key == "module" and not (resource.module == pattern or resource.module.startswith(pattern)
                                    or fnmatch.fnmatchcase(resource.module, pattern)):
            return False
        if key == "tag":
            name, _, value = pattern.partition("=")
            tag = _tags(resource).get(name)
            if tag is None or (value and not fnmatch.fnmatchcase(str(tag), value)):
                return False
        if key == "address" and not fnmatch.fnmatchcase(resource.address, pattern):
            return False
    return True


def parse_filters(texts: Iterable[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for text in texts:
        key, sep, value = text.partition("=")
        if not sep or key not in ("type", "module", "tag", "address") or not value:
            raise UserError(f"--filter {text!r}: use type=PATTERN, module=ADDRESS, tag=KEY[=VALUE] or address=PATTERN")
        out.append((key, value))
    return tuple(out)


def drawable(graph: Graph, layout: Layout) -> tuple[list[str], dict[str, list[str]]]:
    """Addresses drawn as nodes, and what is not drawn as a node (by reason)."""
    drawn: list[str] = []
    skipped: dict[str, list[str]] = defaultdict(list)
    utilities: dict[str, list[str]] = defaultdict(list)
    hidden: dict[str, list[str]] = defaultdict(list)   # API enablement, waits, tokens: no architecture
    lookups = own_lookups(graph, layout.by_address)
    for resource in graph.resources:
        address = resource.address
        if is_utility(resource.type):
            utilities[resource.type.split("_", 1)[0]].append(address)
            continue
        if address in graph.folded:
            continue
        record = kind(resource.type)
        if record is not None and record.shape == Shape.HIDDEN:
            hidden[resource.type].append(address)
            continue
        if address in lookups:  # drawn once, as the resource it reads (its edges go there)
            layout.aliases[lookups[address]].append(address)
            skipped["data sources that read a resource this code creates (drawn as that resource)"].append(address)
            continue
        if record is not None and record.shape == Shape.GROUP and layout.options.group_by != "module":
            continue  # drawn as a box
        if record is not None and record.shape == Shape.FOLD:
            pass  # a configuration resource whose parent is not in the code: drawn on its own
        if (record is not None and record.category in NOT_DRAWN and not record.appliance
                and layout.options.name != "overview"):
            skipped[NOT_DRAWN[record.category]].append(address)
            continue
        drawn.append(address)
    if utilities:  # they create no cloud infrastructure: counted, never drawn
        providers = ", ".join(sorted(utilities))
        skipped[f"utility resources ({providers}: no cloud infrastructure)"] = [
            a for addresses in utilities.values() for a in addresses]
    if hidden:  # said, never dropped silently: 51 google_project_service left a map of 3 nodes unexplained
        ranked = sorted(hidden.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        named = ", ".join(f"{t} ×{len(a)}" if len(a) > 1 else t for t, a in ranked[:2])
        more = f", +{len(ranked) - 2} more types" if len(ranked) > 2 else ""
        total = sum(len(a) for a in hidden.values())
        words = "helpers with no architecture of their own" if total != 1 else "helper with no architecture of its own"
        skipped[f"{words} ({named}{more})"] = [
            a for _, addresses in ranked for a in addresses]
    layout.plan_tiers(drawn)
    return drawn, skipped


def unread_modules_note(graph: Graph) -> str | None:
    """A map shared without its summary must still say that whole modules are missing from it."""
    unread = [m for m in graph.modules if not m.loaded]
    if not unread:
        return None
    why = {g.subject: g.kind.value for g in graph.gaps}
    words = {"outside-read-root": "outside the read root", "module-not-vendored": "not downloaded (terraform init)",
             "module-not-found": "directory not found"}
    named = "; ".join(f"{m.address}: {words.get(why.get(m.address, ''), 'not read')}" for m in unread[:3])
    more = f"; +{len(unread) - 3} more" if len(unread) > 3 else ""
    return (f"not drawn: the resources of {len(unread)} module call{'s' if len(unread) != 1 else ''} that "
            f"could not be read ({named}{more})")


_IDENTIFYING = ("id", "arn", "name", "domain_id", "identifier")


def own_lookups(graph: Graph, by_address: Mapping[str, Resource]) -> dict[str, str]:
    """Data sources that read back a resource of the same type the code creates (submodules handed
    ``module.domain.id`` look the domain up again): data address -> the managed resource's address.
    Boxes (networks, subnets, groups) keep their own placement and are left alone."""
    found: dict[str, str] = {}
    for resource in graph.resources:
        if resource.mode != "data" or resource.address in graph.folded:
            continue
        record = kind(resource.type)
        if record is None or record.shape != Shape.NODE:
            continue
        targets = {origin for key in _IDENTIFYING if isinstance(value := resource.attrs.get(key), Unknown)
                   for origin, _ in value.origins
                   if (target := by_address.get(origin)) is not None and target.type == resource.type
                   and target.mode != "data" and origin not in graph.folded}
        if len(targets) == 1:
            found[resource.address] = targets.pop()
    return found


def chain_ids(layout: Layout, nodes: list[VNode]) -> Iterable[str]:
    for node in nodes:
        current = node.group
        while current is not None:
            yield current
            current = layout.groups[current].parent


def groups_in_use(layout: Layout, nodes: list[VNode]) -> list[VGroup]:
    used: set[str] = set()
    for node in nodes:
        current = node.group
        while current is not None and current not in used:
            used.add(current)
            current = layout.groups[current].parent
    return [g for g in layout.groups.values() if g.id in used]
