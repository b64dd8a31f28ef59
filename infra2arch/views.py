"""Views: what a map shows, for whom, within a node budget.

A view selects resources from the graph, nests them the way an architect draws them (cloud
account -> region -> VPC/VNet -> availability zone -> subnet, with regional services grouped by
kind), turns security groups into network edges, and collapses instances and siblings until the
map fits its node budget. It says what it collapsed or left out. Renderers only draw views.

Adding a view: write ``def build_x(graph, options) -> View`` and register it in ``VIEWS``.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping

from infra2arch.annotate.network import PUBLIC, PRIVATE, ISOLATED, entry_points, subnet_tiers
from infra2arch.catalog import Category, Kind, Shape, kind
from infra2arch.errors import UserError
from infra2arch.model import Graph, Relation, Resource, Unknown

INTERNET = "synthetic:internet"
DEFAULT_BUDGET = 60
# on bigger maps the side relations (who runs as which role, which key encrypts what, where logs
# go) turn the picture into a mesh; they stay in the JSON and come back with --show
SIDE_EDGE_LIMIT = 40
SIDE_RELATIONS = frozenset({Relation.IAM, Relation.ENCRYPTS, Relation.LOGS})


@dataclass(frozen=True)
class ViewOptions:
    name: str = "engineering"
    budget: int = DEFAULT_BUDGET
    group_by: str = "network"                     # network | module
    show: frozenset[str] = frozenset()            # "depends" (ordering edges), "latency"
    focus: str | None = None
    focus_depth: int = 1
    filters: tuple[tuple[str, str], ...] = ()     # ("type", "aws_sagemaker_*"), ("module", ...), ("tag", "k=v")


@dataclass(frozen=True)
class VNode:
    id: str
    label: str
    tf_type: str
    icon: str | None
    members: tuple[str, ...]                      # graph addresses this node stands for
    group: str | None                             # VGroup id, None = top level
    tooltip: str = ""
    source: str = ""                              # file:line of the first member
    style: Mapping[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class VGroup:
    id: str
    label: str
    kind: str                                     # cloud | region | network | zone | subnet | services | module | legend
    parent: str | None
    style: Mapping[str, str] = field(default_factory=dict)
    order: str = ""


@dataclass(frozen=True)
class VEdge:
    src: str
    dst: str
    relation: Relation
    inferred: bool
    count: int = 1
    label: str = ""
    tooltip: str = ""
    highlight: str = ""                           # "" or a colour: a boundary crossing, a request path


@dataclass(frozen=True)
class View:
    name: str
    title: str
    subtitle: str
    nodes: tuple[VNode, ...]
    groups: tuple[VGroup, ...]
    edges: tuple[VEdge, ...]
    notes: tuple[str, ...]
    stats: Mapping[str, Any]


# ------------------------------------------------------------------------------ classification

# service families for resources that sit in a region (or account) but in no network
_FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Edge & APIs", frozenset({"network.api", "network.cdn", "network.load-balancer", "network.dns"})),
    ("Machine learning", frozenset({c.value for c in Category if c.value.startswith("ml.")})),
    ("Compute", frozenset({"compute.function", "compute.vm", "compute.container"})),
    ("Data & storage", frozenset({"storage.object", "storage.database", "storage.warehouse", "storage.registry",
                                  "storage.queue", "storage.config"})),
    ("Keys & secrets", frozenset({"security.key", "security.secret"})),
    ("Identity", frozenset({"iam.role", "iam.policy", "iam.binding"})),
    ("Operations", frozenset({"ops.logging", "ops.monitoring", "ops.cicd", "ops.workflow"})),
    ("Network services", frozenset({"network.gateway", "network.public-ip", "network.private-endpoint",
                                     "network.firewall", "network.route", "network.vpc", "network.subnet"})),
)
_ACCOUNT_LEVEL_FAMILIES = frozenset({"Identity"})
# categories the engineering view does not draw as nodes (and says so): they become labels or edges
_NOT_DRAWN = {
    Category.NETWORK_ROUTE: "route tables and routes (shown as subnet tiers)",
    Category.NETWORK_FIREWALL: "security groups / firewalls (drawn as the network edges they allow)",
    Category.IAM_BINDING: "IAM bindings and attachments (drawn as IAM edges)",
}
_CLOUD_NAMES = {"aws": "AWS", "google": "Google Cloud", "azurerm": "Azure"}
_ACCOUNT_WORD = {"aws": "account", "google": "project", "azurerm": "subscription"}
_TIER_STYLE = {
    PUBLIC: {"bgcolor": "#FDECEC", "pencolor": "#D9534F"},
    PRIVATE: {"bgcolor": "#EAF4EA", "pencolor": "#4C9A4C"},
    ISOLATED: {"bgcolor": "#EEF0F3", "pencolor": "#6B7280"},
}


ZONE_ORDER = ("internet", "edge", "private-app", "data", "management")
ZONE_STYLES: dict[str, tuple[str, dict[str, str]]] = {
    "edge": ("EDGE: reachable from the internet", {"bgcolor": "#FDECEC", "pencolor": "#C0392B", "penwidth": "2"}),
    "private-app": ("PRIVATE APP: private subnets, egress via NAT", {"bgcolor": "#EAF7EA", "pencolor": "#2E7D32"}),
    "data": ("DATA: stores, no internet route", {"bgcolor": "#E8F1FB", "pencolor": "#1F5FA8"}),
    "management": ("MANAGEMENT: identity, keys, logging, CI/CD", {"bgcolor": "#F3F0F8", "pencolor": "#6B4FA0"}),
}


def family_of(record: Kind | None) -> str:
    if record is None:
        return "Other"
    for name, categories in _FAMILIES:
        if record.category.value in categories:
            return name
    return "Other"


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return None


def _first_block(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def display_name(resource: Resource) -> str:
    """The Terraform name with its instance key: what an engineer finds in the code."""
    name = resource.name
    if resource.instances_unknown:
        return f"{name} [×?]"
    if resource.instance_key is not None:
        key = resource.instance_key
        return f"{name}[{key}]" if isinstance(key, int) else f'{name}["{key}"]'
    return name


def key_fact(resource: Resource, graph: Graph, by_address: Mapping[str, Resource]) -> str:
    """The one fact a reader needs on the node: instance type × count, CIDR, runtime..."""
    attrs = resource.attrs
    t = resource.type
    if t == "aws_sagemaker_endpoint":
        for edge in graph.edges:
            if edge.src == resource.address and by_address.get(edge.dst) and by_address[edge.dst].type == "aws_sagemaker_endpoint_configuration":
                return key_fact(by_address[edge.dst], graph, by_address)
        return ""
    if t == "aws_sagemaker_endpoint_configuration":
        variants = attrs.get("production_variants")
        facts = []
        for variant in variants if isinstance(variants, list) else []:
            if not isinstance(variant, dict):
                continue
            serverless = _first_block(variant.get("serverless_config"))
            if serverless:
                facts.append(f"serverless {_text(serverless.get('memory_size_in_mb')) or '?'} MB")
            else:
                facts.append(f"{_text(variant.get('instance_type')) or '?'} × {_text(variant.get('initial_instance_count')) or '?'}")
        return ", ".join(facts)
    if t in ("aws_vpc", "aws_subnet", "aws_default_vpc", "aws_default_subnet"):
        return _text(attrs.get("cidr_block")) or ""
    if t == "google_compute_subnetwork":
        return _text(attrs.get("ip_cidr_range")) or ""
    if t in ("azurerm_subnet",):
        prefixes = attrs.get("address_prefixes")
        return ", ".join(p for p in prefixes if isinstance(p, str)) if isinstance(prefixes, list) else ""
    if t == "azurerm_virtual_network":
        space = attrs.get("address_space")
        return ", ".join(p for p in space if isinstance(p, str)) if isinstance(space, list) else ""
    if t in ("aws_sagemaker_notebook_instance", "aws_instance"):
        return _text(attrs.get("instance_type")) or ""
    if t == "aws_lambda_function":
        runtime = _text(attrs.get("runtime")) or ("container" if attrs.get("package_type") == "Image" else "")
        memory = _text(attrs.get("memory_size"))
        return f"{runtime}{', ' + memory + ' MB' if memory else ''}".strip(", ")
    if t == "google_workbench_instance":
        return _text(_first_block(attrs.get("gce_setup")).get("machine_type")) or ""
    if t in ("google_notebooks_instance", "google_compute_instance"):
        return _text(attrs.get("machine_type")) or ""
    if t in ("azurerm_machine_learning_compute_instance", "azurerm_machine_learning_compute_cluster"):
        size = _text(attrs.get("vm_size") or attrs.get("virtual_machine_size")) or "?"
        scale = _first_block(attrs.get("scale_settings"))
        if scale:
            return f"{size} × {_text(scale.get('min_node_count')) or '?'}–{_text(scale.get('max_node_node_count') or scale.get('max_node_count')) or '?'}"
        return size
    if t == "google_vertex_ai_endpoint":
        if attrs.get("private_service_connect_config"):
            return "private service connect"
        return "VPC peered" if attrs.get("network") else "public endpoint"
    if t == "aws_nat_gateway":
        return "NAT"
    return ""


# ------------------------------------------------------------------------------------ building


def build_view(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    """The view ``options.name`` of the graph. Security and cost views, and ``show latency``, need
    the annotations (infra2arch.annotate.pipeline.annotate)."""
    builder = VIEWS.get(options.name)
    if builder is None:
        raise UserError(f"--view {options.name!r}: known views are {', '.join(sorted(VIEWS))}")
    if options.group_by not in ("network", "module", "zone"):
        raise UserError(f"--group-by {options.group_by!r}: use network, module or zone")
    if options.budget < 5:
        raise UserError("--budget must be at least 5 nodes")
    needs = options.name in ("security", "cost") or "latency" in options.show or options.group_by == "zone"
    if needs and annotations is None:
        raise UserError(f"the {options.name} view needs the annotations (zones, findings, cost, latency)")
    return builder(graph, options, annotations)


def _uid(*parts: str) -> str:
    return "g" + hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:12]


class _Layout:
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
            self.parents[item.child].append(item.parent)

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
        word = _ACCOUNT_WORD.get(cloud, "account")
        name = _CLOUD_NAMES.get(cloud, cloud)
        label = f"{name} {word} {account_text}" if account_text else f"{name} {word}"
        return self.group(_uid("cloud", cloud, account_text or ""), label, "cloud", None,
                          {"bgcolor": "#FFFFFF", "pencolor": "#232F3E", "penwidth": "2"}, order=f"0{cloud}")

    def region_group(self, resource: Resource) -> str:
        parent = self.cloud_group(resource)
        region = resource.location.region
        text = region if isinstance(region, str) else ("region unknown" if isinstance(region, Unknown) else "global")
        return self.group(_uid("region", parent, text), f"Region {text}" if isinstance(region, str) else text.capitalize(),
                          "region", parent, {"bgcolor": "#F7F9FB", "pencolor": "#8A99A8", "style": "rounded,dashed"})

    def services_group(self, resource: Resource, family: str) -> str:
        parent = self.cloud_group(resource) if family in _ACCOUNT_LEVEL_FAMILIES else self.region_group(resource)
        return self.group(_uid("family", parent, family), family, "services", parent,
                          {"bgcolor": "#FFFFFF", "pencolor": "#B8C2CC", "style": "rounded"}, order=f"9{family}")

    def network_group(self, address: str) -> str:
        """The box of a GROUP-shaped resource (VPC, subnet, resource group), nested in its own parents."""
        gid = _uid("res", address)
        if gid in self.groups:
            return gid
        resource = self.by_address[address]
        record = kind(resource.type)
        parent_addresses = [p for p in self.parents.get(address, []) if p in self.by_address]
        if parent_addresses:
            parent = self.network_group(sorted(parent_addresses)[0])
        else:
            parent = self.region_group(resource)
        label_kind = record.display if record else resource.type
        fact = key_fact(resource, self.graph, self.by_address)
        style: dict[str, str] = {"bgcolor": "#F3F8FD", "pencolor": "#5A7FA8", "style": "rounded"}
        kind_ = "network"
        if record and record.category == Category.NETWORK_SUBNET:
            kind_ = "subnet"
            tier = self.tiers.get(address, "unknown")
            if tier != "unknown":
                label_kind = f"{tier} subnet"
            style = dict(_TIER_STYLE.get(tier, {"bgcolor": "#FFFFFF", "pencolor": "#8A99A8"}))
            style["style"] = "rounded" if tier != ISOLATED else "rounded,dashed"
            zone = resource.location.zone or resource.attrs.get("availability_zone")
            if isinstance(zone, str) and parent and self.groups[parent].kind == "network":
                parent = self.group(_uid("zone", parent, zone), f"Availability zone {zone}", "zone", parent,
                                    {"bgcolor": "#FFFFFF", "pencolor": "#A0AEC0", "style": "dashed"})
        elif record and record.category == Category.ORG_GROUP:
            kind_ = "org"
            style = {"bgcolor": "#FBFAF5", "pencolor": "#A08C5B", "style": "rounded"}
        label = f"{label_kind}: {display_name(resource)}" + (f"\n{fact}" if fact else "")
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
        info = self.annotations.zones.get(address) if self.annotations else None
        zone = info.zone.value if info else "unknown"
        label, style = ZONE_STYLES.get(zone, (zone, {"bgcolor": "#FFFFFF", "pencolor": "#9CA3AF"}))
        return self.group(_uid("zone-area", zone), label, "zone-area", None, style,
                          order=str(ZONE_ORDER.index(zone)) if zone in ZONE_ORDER else "9")

    def module_group(self, module: str) -> str | None:
        if not module:
            return None
        parent_module = _parent_module(module)
        parent = self.module_group(parent_module) if parent_module else None
        return self.group(_uid("module", module), module, "module", parent,
                          {"bgcolor": "#F6F3FB", "pencolor": "#7C6BAA", "style": "rounded"})


def _parent_module(module: str) -> str:
    parts = re.findall(r'module\.[^.\[]+(?:\[[^\]]*\])?', module)
    return ".".join(parts[:-1])


def _tags(resource: Resource) -> dict:
    tags = resource.attrs.get("tags") or resource.attrs.get("labels")
    return tags if isinstance(tags, dict) else {}


def _matches_filters(resource: Resource, filters: Iterable[tuple[str, str]]) -> bool:
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


def _drawable(graph: Graph, layout: _Layout) -> tuple[list[str], dict[str, list[str]]]:
    """Addresses drawn as nodes, and what is not drawn as a node (by reason)."""
    drawn: list[str] = []
    skipped: dict[str, list[str]] = defaultdict(list)
    for resource in graph.resources:
        address = resource.address
        if address in graph.folded:
            continue
        record = kind(resource.type)
        if record is not None and record.shape == Shape.HIDDEN:
            continue
        if record is not None and record.shape == Shape.GROUP and layout.options.group_by != "module":
            continue  # drawn as a box
        if record is not None and record.shape == Shape.FOLD:
            pass  # a configuration resource whose parent is not in the code: drawn on its own
        if record is not None and record.category in _NOT_DRAWN and layout.options.name != "overview":
            skipped[_NOT_DRAWN[record.category]].append(address)
            continue
        drawn.append(address)
    return drawn, skipped


def _security_group_edges(graph: Graph, drawn: set[str]) -> list[tuple[str, str, str]]:
    """Network edges between resources, derived from the security groups they use and the rules
    between those groups (inframap's idea: a security group is a connection, not a box)."""
    by_address = graph.by_address()
    firewall = {a for a, r in by_address.items() if (k := kind(r.type)) and k.category == Category.NETWORK_FIREWALL}
    members: dict[str, set[str]] = defaultdict(set)
    allowed: list[tuple[str, str, str]] = []
    for edge in graph.edges:
        if edge.dst in firewall and edge.src not in firewall and edge.relation == Relation.NETWORK:
            members[edge.dst].add(edge.src)
        if edge.src in firewall and edge.dst in firewall and edge.relation == Relation.NETWORK:
            allowed.append((edge.src, edge.dst, edge.via))
    out = []
    for source_group, target_group, via in allowed:
        for a in sorted(members.get(source_group, ())):
            for b in sorted(members.get(target_group, ())):
                if a != b and a in drawn and b in drawn:
                    out.append((a, b, f"{source_group} → {target_group}"))
    return out


def build_engineering(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    layout = _Layout(graph, options, annotations)
    drawn, skipped = _drawable(graph, layout)
    selected = [a for a in drawn if _matches_filters(layout.by_address[a], options.filters)]
    if options.filters and len(selected) < len(drawn):
        layout.notes.append(f"filter {', '.join(k + '=' + v for k, v in options.filters)}: "
                            f"{len(selected)} of {len(drawn)} resources")
    if options.focus:
        selected = _focus(graph, options, selected, layout)
    selected_set = set(selected)
    entries = {a: why for a, why in _entries(graph, annotations).items() if a in selected_set}
    narrowed = bool(options.filters or options.focus)
    for reason, addresses in sorted(skipped.items()):
        if narrowed:  # only what the filter or focus would have kept
            addresses = [a for a in addresses if _matches_filters(layout.by_address[a], options.filters)
                         and (not options.focus or _near(graph, a, selected_set))]
        if addresses:
            layout.notes.append(f"not drawn as nodes: {len(addresses)} {reason}")
    nodes = _nodes(layout, selected)
    nodes, collapse_notes = _fit_budget(layout, nodes, options.budget)
    layout.notes.extend(collapse_notes)
    edges = _edges(graph, layout, nodes, options, entries)
    placeholders = _empty_subnets(layout, nodes)
    if len(nodes) + len(placeholders) <= options.budget:
        nodes.extend(placeholders)
    if entries and any(n.id == INTERNET for n in nodes) is False:
        nodes.append(VNode(INTERNET, "Internet", "internet", "diagrams.onprem.network.Internet", (), None,
                           tooltip="anything reachable from the internet"))
    if "latency" in options.show and annotations is not None:
        edges = _latency_overlay(graph, layout, nodes, edges, annotations)
    used_groups = _used_groups(layout, nodes)
    title, subtitle = _titles(graph, options, nodes, edges)
    stats = {"resources": len(graph.resources), "drawn_nodes": len(nodes), "edges": len(edges),
             "gaps": len(graph.gaps), "budget": options.budget}
    return View(options.name, title, subtitle, tuple(sorted(nodes, key=lambda n: n.id)),
                tuple(sorted(used_groups, key=lambda g: g.id)), tuple(edges), tuple(layout.notes), stats)


_EXPOSED_CATEGORIES = frozenset({Category.COMPUTE_VM, Category.COMPUTE_FUNCTION, Category.COMPUTE_CONTAINER,
                                 Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_WORKSPACE, Category.ML_ENDPOINT,
                                 Category.STORAGE_OBJECT, Category.NETWORK_LOAD_BALANCER})


def _entries(graph: Graph, annotations: Any) -> dict[str, str]:
    """What the Internet node connects to: entry points, plus (with zones) every running or storing
    resource the zones annotator found reachable from the internet (a notebook with direct internet
    access, a compute instance with a public IP, a public bucket)."""
    entries = dict(entry_points(graph))
    if annotations is not None:
        from infra2arch.annotate.model import Zone

        resources = graph.by_address()
        for address, info in annotations.zones.items():
            resource = resources.get(address) if address not in entries else None
            record = kind(resource.type) if resource is not None else None
            if (record is not None and info.zone == Zone.EDGE and record.category in _EXPOSED_CATEGORIES
                    and address not in graph.folded and resource.mode != "data"):
                entries[address] = info.reasons[-1] if info.reasons else "reachable from the internet"
    return entries


def _latency_overlay(graph: Graph, layout: _Layout, nodes: list[VNode], edges: list[VEdge], annotations: Any) -> list[VEdge]:
    """Edges of each critical request path: highlighted and labelled with their latency estimate."""
    node_of = {m: n.id for n in nodes for m in n.members}
    node_of[INTERNET] = INTERNET
    on_path: dict[tuple[str, str], str] = {}
    estimates = {(e.src, e.dst): e for e in annotations.latency}
    for path in annotations.paths:
        hops = list(path.hops)
        if hops and hops[0] != INTERNET and INTERNET in node_of:
            hops = [INTERNET] + hops
        for a, b in zip(hops, hops[1:]):
            estimate = estimates.get((a, b))
            label = ""
            if estimate is not None and estimate.low_ms is not None and estimate.high_ms is not None:
                label = f"{estimate.low_ms:g}–{estimate.high_ms:g} ms"
            on_path[(node_of.get(graph.folded.get(a, a), ""), node_of.get(graph.folded.get(b, b), ""))] = label
        if path.low_ms is not None and path.high_ms is not None:
            names = [layout.by_address[h].name if h in layout.by_address else h for h in path.hops]
            layout.notes.append(f"request path {' → '.join(names)}: about {path.low_ms:.0f}–{path.high_ms:.0f} ms "
                                f"({path.serving}; estimate, see the summary for its parts)")
    out = []
    for edge in edges:
        key = (edge.src, edge.dst)
        if key in on_path and edge.relation in (Relation.INVOKES, Relation.NETWORK):
            label = on_path[key]
            edge = replace(edge, highlight="#E67E22", label=label or edge.label)
        out.append(edge)
    return out


MAX_EMPTY_SUBNETS = 30


def _near(graph: Graph, address: str, selected: set[str]) -> bool:
    return any((e.src == address and e.dst in selected) or (e.dst == address and e.src in selected)
               for e in graph.edges)


def _empty_subnets(layout: _Layout, nodes: list[VNode]) -> list[VNode]:
    """Subnets with nothing drawn in them still appear (a placeholder keeps the box), so a reader
    sees every subnet and AZ of the networks on the map. Skipped on big maps, where boxes collapse."""
    if layout.options.group_by != "network" or layout.options.focus or layout.options.filters:
        return []
    used = set(_chain_ids(layout, nodes))
    networks = {g for g in used if layout.groups[g].kind == "network"}
    candidates = []
    for address, resource in sorted(layout.by_address.items()):
        record = kind(resource.type)
        if record is None or record.category != Category.NETWORK_SUBNET or address in layout.graph.folded:
            continue
        parents = [p for p in layout.parents.get(address, []) if p in layout.by_address]
        if not parents or _uid("res", sorted(parents)[0]) not in networks:
            continue
        gid = layout.network_group(address)
        if gid not in used:
            candidates.append(VNode(f"placeholder:{address}", "no resources drawn", "placeholder", None, (), gid,
                                    tooltip=address, style={"shape": "plaintext", "fontsize": "10",
                                                            "fontcolor": "#6B7280", "height": "0.3",
                                                            "width": "1.4", "fixedsize": "false"}))
    return candidates if len(candidates) <= MAX_EMPTY_SUBNETS else []


def _chain_ids(layout: _Layout, nodes: list[VNode]) -> Iterable[str]:
    for node in nodes:
        current = node.group
        while current is not None:
            yield current
            current = layout.groups[current].parent


def _focus(graph: Graph, options: ViewOptions, selected: list[str], layout: _Layout) -> list[str]:
    focus = options.focus or ""
    target = focus if focus in layout.by_address else graph.folded.get(focus)
    if target is None:
        matches = [a for a in layout.by_address if a.startswith(focus)]
        if not matches:
            raise UserError(f"--focus {focus!r}: no such resource in the graph")
        target = sorted(matches)[0]
    target = graph.folded.get(target, target)
    keep = {target}
    frontier = {target}
    for _ in range(max(options.focus_depth, 1)):
        nxt = set()
        for edge in graph.edges:
            if edge.relation == Relation.DEPENDS and "depends" not in options.show:
                continue
            if edge.src in frontier:
                nxt.add(edge.dst)
            if edge.dst in frontier:
                nxt.add(edge.src)
        nxt = {graph.folded.get(a, a) for a in nxt}
        keep |= nxt
        frontier = nxt
    layout.notes.append(f"focus on {target}: {len(keep)} resources within {options.focus_depth} hop(s)")
    return [a for a in selected if a in keep]


def _nodes(layout: _Layout, selected: list[str]) -> list[VNode]:
    nodes = []
    for address in selected:
        resource = layout.by_address[address]
        record = kind(resource.type)
        group, note = layout.placement(address)
        fact = key_fact(resource, layout.graph, layout.by_address)
        kind_label = record.display if record else resource.type
        lines = [display_name(resource), kind_label]
        if fact:
            lines.append(fact)
        if note:
            lines.append(note)
        if resource.mode == "data":
            lines.append("(existing: data source)")
        style: dict[str, str] = {}
        if record is None:
            style = {"shape": "box", "style": "rounded,dashed", "height": "0.9", "width": "1.8",
                     "fixedsize": "false"}
            lines.append("(no catalog entry)")
        cloud_name = resource.attrs.get(record.name_attr) if record and record.name_attr else None
        tooltip = f"{address}\n{resource.source.label()}"
        if isinstance(cloud_name, str) and cloud_name != resource.name:
            tooltip += f"\nname: {cloud_name}"
        nodes.append(VNode(address, "\n".join(_shorten(l) for l in lines), resource.type,
                           record.icon if record else None, (address,), group, tooltip,
                           resource.source.label(), style))
    return nodes


def _shorten(line: str, width: int = 32) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


BOX_LEVELS = ("subnet", "services", "zone", "network", "module", "org", "region")


def _fit_budget(layout: _Layout, nodes: list[VNode], budget: int,
                levels: tuple[str, ...] = BOX_LEVELS) -> tuple[list[VNode], list[str]]:
    """Collapse until the map fits: instances of one block, then same-type siblings, then whole
    boxes. Every step is written down."""
    notes: list[str] = []
    if len(nodes) <= budget:
        return nodes, notes

    def merge(groups: Mapping[tuple, list[VNode]], describe: Callable[[tuple, list[VNode]], str]) -> list[VNode]:
        merged: list[VNode] = []
        for key, members in groups.items():
            if len(members) < 2:
                merged.extend(members)
                continue
            first = members[0]
            addresses = tuple(a for m in members for a in m.members)
            label = describe(key, members)
            merged.append(replace(first, id=_uid("collapsed", *key), label=label, members=addresses,
                                  tooltip="\n".join(addresses[:20]) + ("\n…" if len(addresses) > 20 else "")))
        return merged

    stage_groups: dict[tuple, list[VNode]] = defaultdict(list)
    for node in nodes:
        resource = layout.by_address.get(node.members[0])
        key = (node.group or "", resource.block_address if resource else node.id)
        stage_groups[key].append(node)
    before = len(nodes)
    nodes = merge(stage_groups, lambda key, members: _collapsed_label(layout, members, by_block=True))
    if len(nodes) < before:
        notes.append(f"collapsed count/for_each instances: {before} nodes → {len(nodes)}")
    if len(nodes) <= budget:
        return nodes, notes

    stage_groups = defaultdict(list)
    for node in nodes:
        stage_groups[(node.group or "", node.tf_type)].append(node)
    before = len(nodes)
    nodes = merge(stage_groups, lambda key, members: _collapsed_label(layout, members, by_block=False))
    if len(nodes) < before:
        notes.append(f"collapsed same-type siblings in each box: {before} nodes → {len(nodes)}")
    if len(nodes) <= budget:
        return nodes, notes

    # whole boxes: every subnet / service family becomes one node summarising its content
    for level in levels:
        candidate, note = _collapse_boxes(layout, nodes, level)
        if note is None:
            continue
        # a map a little over budget beats one that lost all its structure
        if len(nodes) <= 2 * budget and len(candidate) < budget // 4:
            notes.append(f"kept {len(nodes)} nodes (budget {budget}): collapsing every {level} box would leave "
                         f"only {len(candidate)}")
            return nodes, notes
        nodes = candidate
        notes.append(note)
        if len(nodes) <= budget:
            return nodes, notes
    if len(nodes) > budget:
        notes.append(f"still {len(nodes)} nodes after collapsing everything (budget {budget}): "
                     "use --filter or --focus to draw a part")
    return nodes, notes


def _collapse_boxes(layout: _Layout, nodes: list[VNode], level: str) -> tuple[list[VNode], str | None]:
    """Every box of one level (subnet, services, network …) becomes one node summarising it."""
    stage_groups: dict[tuple, list[VNode]] = defaultdict(list)
    for node in nodes:
        box = _enclosing(layout, node.group, level)
        stage_groups[(box or node.id, "box" if box else "node")].append(node)
    collapsed: list[VNode] = []
    for (box, what), members in stage_groups.items():
        if what != "box" or len(members) < 2:
            collapsed.extend(members)
            continue
        group = layout.groups[box]
        addresses = tuple(a for m in members for a in m.members)
        types: dict[str, int] = defaultdict(int)
        for address in addresses:
            resource = layout.by_address.get(address)
            record = kind(resource.type) if resource else None
            types[record.display if record else "other"] += 1
        summary = ", ".join(f"{n} {t}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
        label = f"{group.label.splitlines()[0]}\n{len(addresses)} resources\n{_shorten(summary, 34)}"
        collapsed.append(VNode(_uid("box", box), label, "group", None, addresses, group.parent,
                               tooltip="\n".join(addresses[:30]),
                               style={"shape": "box", "style": "rounded,filled", "fillcolor": "#FFFFFF",
                                      "fixedsize": "false", "height": "0.9"}))
    if len(collapsed) >= len(nodes):
        return nodes, None
    return collapsed, f"collapsed each {level} box into one node: {len(nodes)} nodes → {len(collapsed)}"


def _enclosing(layout: _Layout, gid: str | None, level: str) -> str | None:
    current = gid
    while current is not None:
        group = layout.groups[current]
        if group.kind == level:
            return current
        current = group.parent
    return None


def _collapsed_label(layout: _Layout, members: list[VNode], by_block: bool) -> str:
    first = layout.by_address.get(members[0].members[0])
    count = sum(m.count for m in members)
    record = kind(first.type) if first else None
    kind_label = record.display if record else (first.type if first else "resources")
    if by_block and first is not None:
        fact = key_fact(first, layout.graph, layout.by_address)
        return "\n".join([f"{first.name} ×{count}", kind_label] + ([fact] if fact else []))
    return f"{count} × {kind_label}"


def _edges(graph: Graph, layout: _Layout, nodes: list[VNode], options: ViewOptions,
           entries: Mapping[str, str]) -> list[VEdge]:
    node_of: dict[str, str] = {}
    for node in nodes:
        for address in node.members:
            node_of[address] = node.id
    merged: dict[tuple, dict[str, Any]] = {}

    def add(src: str, dst: str, relation: Relation, inferred: bool, tooltip: str) -> None:
        a, b = node_of.get(src), node_of.get(dst)
        if a is None or b is None or a == b:
            return
        key = (a, b, relation, inferred)
        entry = merged.setdefault(key, {"count": 0, "tooltips": []})
        entry["count"] += 1
        if len(entry["tooltips"]) < 5:
            entry["tooltips"].append(tooltip)

    side_hidden = len(nodes) > SIDE_EDGE_LIMIT
    hidden_side: dict[str, int] = defaultdict(int)
    for edge in graph.edges:
        if edge.relation == Relation.DEPENDS and "depends" not in options.show:
            continue
        if side_hidden and edge.relation in SIDE_RELATIONS and edge.relation.value not in options.show:
            hidden_side[edge.relation.value] += 1
            continue
        src = graph.folded.get(edge.src, edge.src)
        dst = graph.folded.get(edge.dst, edge.dst)
        add(src, dst, edge.relation, edge.inferred,
            f"{edge.relation.value}: {edge.src} → {edge.dst} ({edge.via})" + (f"\n{edge.evidence}" if edge.evidence else ""))
    for a, b, via in _security_group_edges(graph, set(node_of)):
        add(a, b, Relation.NETWORK, False, f"network: allowed by {via}")
    for address, why in sorted(entries.items()):
        if address in node_of:
            node_of.setdefault(INTERNET, INTERNET)
            add(INTERNET, address, Relation.NETWORK, False, f"from the internet: {why}")
    # a declared edge between two nodes makes the inferred one of the same relation redundant
    declared = {(a, b, r) for (a, b, r, inferred) in merged if not inferred}
    out = []
    for (a, b, relation, inferred), entry in sorted(merged.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2].value, kv[0][3])):
        if inferred and (a, b, relation) in declared:
            continue
        count = entry["count"]
        label = f"×{count}" if count > 1 and (a.startswith("g") or b.startswith("g")) else ""
        out.append(VEdge(a, b, relation, inferred, count, label, "\n".join(entry["tooltips"])))
    return out


def _used_groups(layout: _Layout, nodes: list[VNode]) -> list[VGroup]:
    used: set[str] = set()
    for node in nodes:
        current = node.group
        while current is not None and current not in used:
            used.add(current)
            current = layout.groups[current].parent
    return [g for g in layout.groups.values() if g.id in used]


def _titles(graph: Graph, options: ViewOptions, nodes: list[VNode], edges: list[VEdge]) -> tuple[str, str]:
    scanned = graph.scanned
    target = scanned.get("target") or "?"
    source = scanned.get("kind") or "?"
    title = f"{target} — {options.name} view"
    parts = [f"{source} scan", f"{len(graph.resources)} resources", f"{len(graph.edges)} edges",
             f"{len(graph.gaps)} gaps", f"{len(nodes)} nodes drawn (budget {options.budget})"]
    if options.group_by != "network":
        parts.append(f"grouped by {options.group_by}")
    return title, " · ".join(parts)


def build_overview(graph: Graph, options: ViewOptions, annotations: Any = None) -> View:
    """One node per subnet, network and service group, with counts: the map for a slide."""
    layout = _Layout(graph, options, annotations)
    drawn, _ = _drawable(graph, layout)
    selected = [a for a in drawn if _matches_filters(layout.by_address[a], options.filters)]
    nodes = _nodes(layout, selected)
    notes = []
    for level in ("subnet", "services", "module"):  # the overview's own grain: one node per box
        nodes, note = _collapse_boxes(layout, nodes, level)
        if note:
            notes.append(note)
    if len(nodes) > options.budget:  # then coarser boxes, within the budget
        nodes, more = _fit_budget(layout, nodes, options.budget, levels=("zone", "network", "org", "region"))
        notes.extend(more)
    layout.notes.extend(notes)
    if len(nodes) > options.budget:
        layout.notes.append(f"{len(nodes)} summary nodes exceed the budget of {options.budget}: use --filter")
    entries = _entries(graph, annotations)
    edges = _edges(graph, layout, nodes, options, entries)
    if any(e.src == INTERNET for e in edges):
        nodes.append(VNode(INTERNET, "Internet", "internet", "diagrams.onprem.network.Internet", (), None))
    used_groups = _used_groups(layout, nodes)
    title, subtitle = _titles(graph, options, nodes, edges)
    stats = {"resources": len(graph.resources), "drawn_nodes": len(nodes), "edges": len(edges),
             "gaps": len(graph.gaps), "budget": options.budget}
    return View(options.name, title, subtitle, tuple(sorted(nodes, key=lambda n: n.id)),
                tuple(sorted(used_groups, key=lambda g: g.id)), tuple(edges), tuple(layout.notes), stats)


def build_security(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    """Zones as coloured areas, boundary crossings highlighted with their control, finding badges."""
    view = build_engineering(graph, replace(options, group_by="zone"), annotations)
    from infra2arch.annotate.model import Result

    failed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for finding in annotations.findings:
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            failed[graph.folded.get(finding.address, finding.address)][finding.severity.value] += 1
    nodes = []
    for node in view.nodes:
        counts: dict[str, int] = defaultdict(int)
        for member in node.members:
            for severity, n in failed.get(member, {}).items():
                counts[severity] += n
        badge = " ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low") if counts.get(s))
        if badge:
            style = dict(node.style)
            worst = next(s for s in ("critical", "high", "medium", "low", "info") if counts.get(s))
            style["fontcolor"] = SEVERITY_COLOURS[worst]
            node = replace(node, label=f"{node.label}\n▲ {badge}", style=style)
        info = annotations.zones.get(node.members[0]) if node.members else None
        if info is not None and info.plane.value == "provider-managed" and "provider-managed" not in node.label:
            node = replace(node, label=f"{node.label}\n(provider-managed)")
        nodes.append(node)
    crossings = {(c.src, c.dst, c.relation): c for c in annotations.crossings}
    members_of = {m: n.id for n in view.nodes for m in n.members}
    by_pair: dict[tuple[str, str, Relation], list] = defaultdict(list)
    for (src, dst, relation), crossing in crossings.items():
        if relation not in (Relation.NETWORK, Relation.INVOKES, Relation.DATA):
            continue  # who may act (IAM), keys and logs cross zones by design; they stay in the JSON
        a = INTERNET if src == INTERNET else members_of.get(graph.folded.get(src, src))
        b = members_of.get(graph.folded.get(dst, dst))
        if a and b:
            by_pair[(a, b, relation)].append(crossing)
    edges = []
    for edge in view.edges:
        found = by_pair.get((edge.src, edge.dst, edge.relation))
        if found:
            controls = sorted({c.control_kind if c.control else "no control found" for c in found})
            colour = "#C0392B" if "no control found" in controls else "#B7950B"
            edge = replace(edge, highlight=colour, label=", ".join(controls),
                           tooltip=edge.tooltip + "\ncrosses " + ", ".join(
                               sorted({f"{c.from_zone.value} → {c.to_zone.value} ({c.control or 'no control found'})"
                                       for c in found})))
        edges.append(edge)
    summary = _severity_summary(annotations)
    return replace(view, nodes=tuple(nodes), edges=tuple(edges), subtitle=view.subtitle + f" · findings: {summary}",
                   notes=view.notes + ("zones: red = edge, green = private app, blue = data, purple = management; "
                                       "highlighted edges cross a zone boundary (label: the control, red when none)",))


SEVERITY_COLOURS = {"critical": "#B71C1C", "high": "#D35400", "medium": "#B7950B", "low": "#1F5FA8", "info": "#4B5563"}


def _severity_summary(annotations: Any) -> str:
    from infra2arch.annotate.model import Result

    counts: dict[str, int] = defaultdict(int)
    for finding in annotations.findings:
        if finding.result == Result.FAIL and (finding.waiver is None or finding.waiver.expired):
            counts[finding.severity.value] += 1
    return ", ".join(f"{counts[s]} {s}" for s in ("critical", "high", "medium", "low") if counts.get(s)) or "no failures"


_HEAT = ("#FFF7EC", "#FEE8C8", "#FDD49E", "#FDBB84", "#FC8D59")  # light: labels stay readable


def build_cost(graph: Graph, options: ViewOptions, annotations: Any) -> View:
    """Monthly cost on each node and group, heat colouring, total in the title block."""
    view = build_engineering(graph, options, annotations)
    costs = annotations.costs
    totals: dict[str, float] = {}
    statuses: dict[str, set[str]] = {}
    for node in view.nodes:
        totals[node.id] = sum(costs[m].monthly for m in node.members if m in costs)
        statuses[node.id] = {costs[m].status.value for m in node.members if m in costs}
    ranked = sorted((v for v in totals.values() if v > 0), reverse=True)
    nodes = []
    for node in view.nodes:
        if not node.members:
            nodes.append(node)
            continue
        total = totals[node.id]
        status = statuses[node.id]
        if total > 0:
            text = f"${total:,.0f}/mo" if total >= 10 else f"${total:,.2f}/mo"
            if "depends-on-usage" in status or "unknown" in status:
                text += " + usage"
        elif "depends-on-usage" in status:
            text = "usage-based"
        elif "unknown" in status:
            text = "cost unknown"
        elif status == {"free"}:
            text = "free"
        elif "unpriced" in status:
            text = "unpriced"
        else:
            text = ""
        style = dict(node.style)
        if total > 0:
            position = ranked.index(total) / max(len(ranked), 1)
            colour = _HEAT[4 - min(4, int(position * 5))]
            style.update({"style": "filled,rounded", "fillcolor": colour, "color": colour, "shape": "box",
                          "fixedsize": "false"} if not node.icon else {"style": "filled", "fillcolor": colour,
                                                                       "color": colour})
        nodes.append(replace(node, label=f"{node.label}\n{text}" if text else node.label, style=style))
    total_rollup = next((r for r in annotations.rollups if r.group_kind == "total"), None)
    total_text = f"${total_rollup.monthly:,.0f}/month" if total_rollup else "unknown"
    if total_rollup and total_rollup.usage_dependent:
        total_text += f" + usage-based parts of {total_rollup.usage_dependent} resources"
    book = annotations.meta.get("price_book", {}) if annotations.meta else {}
    top = sorted(((v, n.label.splitlines()[0]) for n in view.nodes for v in [totals.get(n.id, 0)] if v > 0),
                 reverse=True)[:5]
    notes = view.notes + (f"estimated monthly total {total_text} (price book {book.get('version', '?')}, "
                          f"prices as of {book.get('as_of', '?')}; 730 hours a month)",
                          "most expensive: " + ", ".join(f"{name} ${v:,.0f}" for v, name in top) if top else "nothing priced")
    return replace(view, nodes=tuple(nodes), subtitle=view.subtitle + f" · monthly total {total_text}", notes=notes)


VIEWS: dict[str, Callable[..., View]] = {
    "engineering": build_engineering,
    "overview": build_overview,
    "security": build_security,
    "cost": build_cost,
}
