"""Inventory -> Graph: give references their meaning, recover links made by value, fold configuration
resources into their parents, and work out containment (network -> subnet -> resource).

Pure: no I/O. The same inventory always gives the same graph (everything is sorted).
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections import defaultdict
from dataclasses import replace
from typing import Any, Iterable, Iterator, Mapping

from infra2arch.catalog import Category, Kind, Shape, azapi, is_utility, kind
from infra2arch.model import (
    Containment,
    Edge,
    Gap,
    GapKind,
    Graph,
    Inventory,
    Link,
    Relation,
    Resource,
    UNKNOWN_PART,
    Unknown,
)
from infra2arch.redact import redact_inventory
from infra2arch import topology

# attribute names that place a resource inside a network, subnet or group, whatever the type
GENERIC_PLACEMENT = frozenset({
    "subnet_id", "subnet_ids", "subnets", "vpc_id", "network", "subnetwork", "subnet_resource_id",
    "virtual_network_name", "resource_group_name", "vpc_zone_identifier", "vnet_subnet_id",
    "infrastructure_subnet_id", "virtual_network_id", "network_id", "subnet_name", "subnetwork_name",
})
# where a value naming another resource is a link (environment variables, container settings)
_SETTING_PATH = re.compile(r"(^|\.)(environment|env|envs|variables|environment_variables|app_settings|"
                           r"settings|parameters|config|configuration|container|containers|args|command|"
                           r"site_config|application_stack|template|spec)(\.|$)", re.IGNORECASE)
_NAMED_BY_SETTING = frozenset({Category.ML_ENDPOINT, Category.COMPUTE_FUNCTION, Category.STORAGE_OBJECT,
                               Category.STORAGE_QUEUE, Category.STORAGE_DATABASE, Category.ML_FEATURE_STORE,
                               Category.OPS_WORKFLOW, Category.ML_PIPELINE})
_POLICY_KEYS = frozenset({"policy", "assume_role_policy", "policy_document", "policy_json", "policy_data"})
_ARN = re.compile(r"^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|\*|):(.+)$")
_ECR_IMAGE = re.compile(r"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/([^:@]+)")
_GAR_IMAGE = re.compile(r"^[a-z0-9-]+-docker\.pkg\.dev/[^/]+/([^/]+)/")
_ACR_IMAGE = re.compile(r"^([a-z0-9]+)\.azurecr\.io/")
_BUCKET_URL = re.compile(r"^(s3|s3a|s3n|gs)://([^/]+)")
_COMPUTE_CATEGORIES = frozenset({Category.COMPUTE_FUNCTION, Category.COMPUTE_VM, Category.COMPUTE_CONTAINER,
                                 Category.ML_NOTEBOOK, Category.ML_COMPUTE, Category.ML_TRAINING,
                                 Category.ML_PIPELINE, Category.OPS_WORKFLOW, Category.ML_MODEL})


def build_graph(inventory: Inventory) -> Graph:
    inventory = _as_azurerm(redact_inventory(inventory))
    gaps: list[Gap] = list(inventory.gaps)
    resources = sorted(inventory.resources, key=lambda r: r.address)
    by_address = {r.address: r for r in resources}
    kinds = {r.address: kind(r.type) for r in resources}
    module_addresses = {m.address for m in inventory.modules}

    links = list(inventory.links) + list(_links_by_value(resources, kinds, inventory.links))
    links = [l for l in links if (l.src in by_address or l.src in module_addresses)
             and (l.dst in by_address or l.dst in module_addresses)]

    by_source: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        by_source[link.src].append(link)

    folded = _fold_parents(resources, kinds, by_source, by_address, links)
    edges: dict[tuple, Edge] = {}
    declared_pairs: set[tuple[str, str]] = set()
    containment: set[Containment] = set()
    through: list[tuple[str, str, str]] = []   # (resource, placed-by resource, via): placement through a NIC

    def add_edge(edge: Edge) -> None:
        if edge.src == edge.dst:
            return
        # a declared edge makes the same inferred one redundant
        if edge.inferred and (edge.src, edge.dst) in declared_pairs:
            return
        if not edge.inferred:
            declared_pairs.add((edge.src, edge.dst))
        edges.setdefault(edge.key(), edge)

    for resource in resources:
        record = kinds[resource.address]
        own_links = sorted(by_source.get(resource.address, ()), key=lambda l: (l.via, l.dst, l.inferred))
        parent = folded.get(resource.address)
        bridge_vias = set(record.bridge[:2]) if record and record.bridge else set()
        if record and record.bridge and (parent or record.shape == Shape.FOLD):
            src_via, dst_via, relation = record.bridge
            # a name built from a random suffix references the helper too: never a bridge end
            sources = [folded.get(l.dst, l.dst) for l in own_links if _path_matches(l.via, src_via)
                       and not _is_utility_address(l.dst, by_address)]
            targets = [folded.get(l.dst, l.dst) for l in own_links if _path_matches(l.via, dst_via)
                       and not _is_utility_address(l.dst, by_address)]
            for a in sources:
                for b in targets:
                    add_edge(Edge(a, b, relation, resource.address))
        for link in own_links:
            dst = folded.get(link.dst, link.dst)
            if parent is not None:
                if record and record.parent and _path_matches(link.via, record.parent):
                    continue
                if any(_path_matches(link.via, v) for v in bridge_vias):
                    continue
                if dst == parent:
                    continue
                src, via = parent, f"{resource.address}.{link.via}"
            else:
                src, via = resource.address, link.via
            target_kind = kinds.get(dst)
            if _is_placement(record, link.via, target_kind):
                if parent is None:
                    containment.add(Containment(dst, src, link.via))
                    continue
                if link.via.rsplit(".", 1)[-1] != "resource_group_name":
                    # a folded NIC, node pool or association places its parent (its own group is the parent's)
                    containment.add(Containment(dst, src, via))
                    continue
            elif (parent is None and dst != src and target_kind is not None and target_kind.shape != Shape.GROUP
                  and record is not None and any(_path_matches(link.via, p) for p in record.placement)):
                through.append((src, dst, link.via))  # placed where the target is (an instance template)
            relation = _relation(record, link.via, target_kind, by_address.get(dst))
            add_edge(Edge(src, dst, relation, via, link.inferred, link.evidence))

    for module in sorted(module_addresses):  # a module-level depends_on: one edge from the module
        for link in by_source.get(module, ()):
            add_edge(Edge(module, folded.get(link.dst, link.dst), Relation.DEPENDS, link.via))
    for edge in _through_hidden(list(edges.values()), kinds):
        add_edge(edge)
    for edge in _derived_invocations(edges.values(), kinds, folded):
        add_edge(edge)
    containment |= topology.placed_through(through, containment)
    existing, existing_containment = topology.existing_networks(resources, kinds, folded, containment, by_source)
    kinds.update({r.address: kind(r.type) for r in existing})
    containment = topology.without_group_placement(containment | existing_containment, kinds)
    for edge in topology.route_edges(list(edges.values()), kinds, by_address, containment):
        add_edge(edge)
    absorbed = topology.absorbed_policies(list(edges.values()), kinds, by_address, folded)
    if absorbed:
        folded.update(absorbed)
        rewritten: dict[tuple, Edge] = {}
        for edge in edges.values():
            src, dst = absorbed.get(edge.src, edge.src), absorbed.get(edge.dst, edge.dst)
            if src != dst:
                moved = Edge(src, dst, edge.relation, edge.via if src == edge.src else f"{edge.src}.{edge.via}",
                             edge.inferred, edge.evidence)
                rewritten.setdefault(moved.key(), moved)
        edges = rewritten
    resources = sorted([*resources, *existing], key=lambda r: r.address)

    reduced = _reduce_containment(containment)
    gaps.extend(_catalog_gaps(resources, kinds))
    gaps.extend(_unfolded_gaps(resources, kinds, folded))
    unique_gaps = {g.key(): g for g in gaps}
    return Graph(
        resources=tuple(resources),
        edges=tuple(sorted(edges.values(), key=lambda e: e.key())),
        containment=tuple(sorted(reduced, key=lambda c: (c.child, c.parent, c.via))),
        gaps=tuple(unique_gaps[k] for k in sorted(unique_gaps)),
        folded=dict(sorted(folded.items())),
        modules=tuple(sorted(inventory.modules, key=lambda m: m.address)),
        scanned=inventory.scanned,
        not_created=tuple(sorted(inventory.not_created, key=lambda n: n.address)),
    )


def _as_azurerm(inventory: Inventory) -> Inventory:
    """AzAPI resources of a known ARM type read as the azurerm type they stand for (catalog/azapi.py)."""
    if not any(r.type in azapi.AZAPI_TYPES for r in inventory.resources):
        return inventory
    links_of: dict[str, list[Link]] = defaultdict(list)
    for link in inventory.links:
        links_of[link.src].append(link)
    resources: list[Resource] = []
    for resource in inventory.resources:
        if resource.type in azapi.AZAPI_TYPES:
            resource, links_of[resource.address] = azapi.normalise(resource, links_of.get(resource.address, ()))
        resources.append(resource)
    links = tuple(link for src in links_of for link in links_of[src])
    return replace(inventory, resources=tuple(resources), links=links)


# ------------------------------------------------------------------------------------ relations


def _is_utility_address(address: str, by_address: Mapping[str, Resource]) -> bool:
    resource = by_address.get(address)
    return resource is not None and is_utility(resource.type)


def _path_matches(via: str, pattern: str) -> bool:
    return via == pattern or via.startswith(pattern + ".")


def _is_placement(record: Kind | None, via: str, target: Kind | None) -> bool:
    if target is None or target.shape != Shape.GROUP:
        return False
    if record is not None and any(_path_matches(via, p) for p in record.placement):
        return True
    return via.rsplit(".", 1)[-1] in GENERIC_PLACEMENT


# Attributes that only name, label or describe a resource: a reference inside them builds a string
# ("${var.prefix}-${random_pet.x.id}", a log group named after the VPC id) and is no relation.
NAMING_ATTRIBUTES = frozenset({
    "name", "name_prefix", "tags", "tags_all", "labels", "description", "display_name", "friendly_name",
    "title", "comment", "alias", "annotations", "user_labels", "resource_labels", "default_tags",
})
# Sources that hold or describe things rather than call them: a parameter storing a function's name
# does not invoke it, a secret holding a bucket name does not read it.
_PASSIVE = frozenset({Category.SECURITY_SECRET, Category.SECURITY_KEY, Category.OPS_LOGGING, Category.ORG_GROUP,
                      Category.NETWORK_VPC, Category.NETWORK_SUBNET})
# What a relation may point at when it is only guessed from an attribute's name
_COMPATIBLE = {
    Relation.IAM: frozenset({Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING}),
    Relation.ENCRYPTS: frozenset({Category.SECURITY_KEY, Category.SECURITY_SECRET}),
    Relation.LOGS: frozenset({Category.OPS_LOGGING, Category.OPS_MONITORING, Category.STORAGE_OBJECT,
                              Category.STORAGE_QUEUE, Category.STORAGE_WAREHOUSE}),
    Relation.DATA: frozenset({Category.STORAGE_OBJECT, Category.STORAGE_DATABASE, Category.STORAGE_WAREHOUSE,
                              Category.STORAGE_REGISTRY, Category.STORAGE_QUEUE, Category.ML_DATASET,
                              Category.ML_FEATURE_STORE, Category.ML_MODEL, Category.SECURITY_SECRET}),
}


def _relation(record: Kind | None, via: str, target: Kind | None, target_resource: Resource | None) -> Relation:
    if via == "depends_on":
        return Relation.DEPENDS
    if (target_resource is not None and is_utility(target_resource.type)) or (
            record is not None and is_utility(record.tf_type)):
        return Relation.DEPENDS  # a random suffix, a wait, a rendered file: never a relation on the map
    relation = _declared_relation(record, via)
    if relation is not None:
        # even a declared reference is no encryption unless it reaches a key (kms_key_name = "${random_pet}")
        if relation == Relation.ENCRYPTS and target is not None and target.category not in _COMPATIBLE[relation]:
            return Relation.DEPENDS
        return relation
    head = via.split(".", 1)[0]
    if head in NAMING_ATTRIBUTES or (record is not None and record.name_attr == via):
        return Relation.DEPENDS
    if target is not None and target.target_relation is not None:
        if record is not None and record.category in _PASSIVE:
            return Relation.DEPENDS
        return target.target_relation
    relation = _relation_from_name(via)
    if relation in _COMPATIBLE and target is not None and target.category not in _COMPATIBLE[relation]:
        return Relation.DEPENDS
    if relation == Relation.NETWORK and target is not None and not target.category.value.startswith("network."):
        return Relation.DEPENDS
    return relation


def _declared_relation(record: Kind | None, via: str) -> Relation | None:
    if record is None:
        return None
    if via in record.refs:
        return record.refs[via]
    for path, relation in record.refs.items():
        if _path_matches(via, path):
            return relation
    return None


def _relation_from_name(via: str) -> Relation:
    leaf = via.rsplit(".", 1)[-1].lower()
    if "role" in leaf or "service_account" in leaf or "identity" in leaf or "principal" in leaf:
        return Relation.IAM
    if "kms" in leaf or "encryption" in leaf or leaf.endswith("key_id") or leaf.endswith("key_arn"):
        return Relation.ENCRYPTS
    if "security_group" in leaf or "firewall" in leaf or leaf.endswith("nsg_id"):
        return Relation.NETWORK
    if "log" in leaf:
        return Relation.LOGS
    if "bucket" in leaf or "s3" in leaf or "storage" in leaf:
        return Relation.DATA
    return Relation.DEPENDS


# -------------------------------------------------------------------------------------- folding


def _fold_parents(resources: list[Resource], kinds: Mapping[str, Kind | None],
                  by_source: Mapping[str, list[Link]], by_address: Mapping[str, Resource],
                  links: Iterable[Link] = ()) -> dict[str, str]:
    folded: dict[str, str] = {}
    for resource in resources:
        record = kinds[resource.address]
        if record is None or record.shape != Shape.FOLD or not record.parent:
            continue
        candidates = sorted({l.dst for l in by_source.get(resource.address, ())
                             if _path_matches(l.via, record.parent) and l.dst in by_address
                             and not is_utility(by_address[l.dst].type)})
        if candidates:
            folded[resource.address] = candidates[0]
    # owned resources fold into whoever references them as their owner (a policy into its firewall)
    owners: dict[str, set[str]] = defaultdict(set)
    for link in links:
        record = kinds.get(link.dst)
        source = by_address.get(link.src)
        if record is None or not record.owned_by or source is None or link.inferred or link.dst in folded:
            continue
        for owner in record.owned_by:
            owner_type, _, path = owner.partition(".")
            if source.type == owner_type and _path_matches(link.via, path):
                owners[link.dst].add(link.src)
    for child, parents in owners.items():
        folded[child] = sorted(parents)[0]
    # a parent that is itself folded: follow to the top (bounded: chains are short)
    for child in list(folded):
        seen = {child}
        parent = folded[child]
        while parent in folded and parent not in seen:
            seen.add(parent)
            parent = folded[parent]
        folded[child] = parent
    return folded


def _unfolded_gaps(resources: list[Resource], kinds: Mapping[str, Kind | None], folded: Mapping[str, str]) -> Iterator[Gap]:
    for resource in resources:
        record = kinds[resource.address]
        if record is not None and record.shape == Shape.FOLD and record.parent and resource.address not in folded:
            yield Gap(GapKind.UNRESOLVED_REFERENCE, resource.address,
                      f"configuration resource: its parent ({record.parent}) is not in the scanned code, so it is "
                      "not folded into it (listed on its own)", resource.source)


def _catalog_gaps(resources: list[Resource], kinds: Mapping[str, Kind | None]) -> Iterator[Gap]:
    counts: dict[str, int] = defaultdict(int)
    for resource in resources:
        if kinds[resource.address] is None:
            counts[resource.type] += 1
    for type_, count in sorted(counts.items()):
        yield Gap(GapKind.NO_CATALOG_ENTRY, type_,
                  f"no catalog entry: {count} resource{'s' if count > 1 else ''} drawn as generic node{'s' if count > 1 else ''}")


# ------------------------------------------------------------------------------- containment


def _reduce_containment(items: set[Containment]) -> set[Containment]:
    """Keep only the most specific parents: a resource in a subnet is not also listed in its VPC."""
    parents: dict[str, set[str]] = defaultdict(set)
    for item in items:
        parents[item.child].add(item.parent)

    def ancestors(node: str) -> set[str]:
        seen: set[str] = set()
        stack = list(parents.get(node, ()))
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            stack.extend(parents.get(current, ()))
        return seen

    cache: dict[str, set[str]] = {}
    kept: set[Containment] = set()
    for item in items:
        others = parents[item.child] - {item.parent}
        redundant = False
        for other in others:
            if other not in cache:
                cache[other] = ancestors(other)
            if item.parent in cache[other]:
                redundant = True
                break
        if not redundant and item.parent != item.child:
            kept.add(item)
    return kept


# ------------------------------------------------------------------- links recovered from values


class _NameIndex:
    """Known cloud-side names and identifiers of every resource, for matching values against."""

    def __init__(self, resources: list[Resource], kinds: Mapping[str, Kind | None]):
        self.by_id: dict[str, set[str]] = defaultdict(set)
        self.by_arn_name: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.by_type_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.setting_names: dict[str, set[str]] = defaultdict(set)
        for resource in resources:
            record = kinds[resource.address]
            attrs = resource.attrs
            # identifiers known in the input (live scans): an ARN, a self link, a cloud id. A data
            # source's "id" is often an ordinary value (aws_region's is "us-east-1"): not an identifier.
            # a service account's email names it as surely as its id (module outputs pass it as text)
            for key in ("arn", "self_link") if resource.mode == "data" else ("id", "arn", "self_link", "email"):
                value = attrs.get(key)
                if isinstance(value, str) and len(value) >= 6:
                    self.by_id[value].add(resource.address)
            if resource.type == "google_service_account" and resource.mode != "data":
                # its email is computed, but known from the account id and project
                account, project = attrs.get("account_id"), attrs.get("project") or resource.location.account
                if isinstance(account, str) and isinstance(project, str):
                    self.by_id[f"{account}@{project}.iam.gserviceaccount.com"].add(resource.address)
        for value in [v for v, owners in self.by_id.items() if len(owners) > 1]:
            del self.by_id[value]  # an identifier names one thing; a shared value is not one
        for resource in resources:
            record = kinds[resource.address]
            attrs = resource.attrs
            if record is None or not record.name_attr:
                continue
            name = attrs.get(record.name_attr)
            if not isinstance(name, str) or not name:
                continue
            self.by_type_name[resource.type][name.lower()].add(resource.address)
            if record.arn:
                self.by_arn_name[record.arn][name.lower()].add(resource.address)
            if record.category in _NAMED_BY_SETTING and len(name) >= 4:
                self.setting_names[name].add(resource.address)

    def arn_targets(self, arn: str) -> set[str]:
        m = _ARN.match(arn)
        if not m:
            return set()
        service, resource = m.group(2), m.group(5)
        if service == "s3":
            bucket = resource.split("/", 1)[0]
            return self._match(("s3", ""), bucket)
        for separator in ("/", ":"):
            if separator in resource:
                resource_type, name = resource.split(separator, 1)
                if service == "iam" and resource_type == "role":
                    name = name.rsplit("/", 1)[-1]
                elif service == "logs" and resource_type == "log-group":
                    name = name.split(":", 1)[0]
                elif service == "lambda" and resource_type == "function":
                    name = name.split(":", 1)[0]
                return self._match((service, resource_type), name)
        return self._match((service, ""), resource)

    def _match(self, arn_kind: tuple[str, str], name: str) -> set[str]:
        names = self.by_arn_name.get(arn_kind)
        if not names or not name:
            return set()
        lowered = name.lower()
        if "*" in lowered or "?" in lowered:
            if lowered.strip("*?/-_.") == "":
                return set()  # "*" names everything: a wildcard finding, not a link
            return {a for n, addresses in names.items() if fnmatch.fnmatchcase(n, lowered) for a in addresses}
        return set(names.get(lowered, ()))

    def typed(self, tf_types: Iterable[str], name: str) -> set[str]:
        out: set[str] = set()
        lowered = name.lower()
        wildcard = "*" in lowered or "?" in lowered
        if wildcard and not lowered.strip("*?/-_."):
            return out
        for tf_type in tf_types:
            names = self.by_type_name.get(tf_type, {})
            if wildcard:
                out |= {a for n, addresses in names.items() if fnmatch.fnmatchcase(n, lowered) for a in addresses}
            else:
                out |= names.get(lowered, set())
        return out


def _string_leaves(value: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    """(attribute path without indexes, dict key of the leaf, value) for every string in a value.

    A partly known string (an Unknown whose ``partial`` is a pattern) comes as a glob pattern with
    ``*`` for the unknown parts; a partly known document (jsonencode of unknowns) as its structure.
    """
    out: list[tuple[str, str, Any]] = []
    _collect_leaves(value, path, out)
    return iter(out)


def _collect_leaves(value: Any, path: str, out: list[tuple[str, str, Any]]) -> None:
    # a list filled in place rather than nested generators: this walks every attribute of the estate
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "__labels__":
                continue
            name = str(key)
            _leaf(item, f"{path}.{name}" if path else name, name, out)
    elif isinstance(value, list):
        key = path.rsplit(".", 1)[-1]
        for item in value:
            _leaf(item, path, key, out)


def _leaf(item: Any, path: str, key: str, out: list[tuple[str, str, Any]]) -> None:
    if isinstance(item, str):
        out.append((path, key, item))
    elif isinstance(item, Unknown):
        if isinstance(item.partial, str) and item.partial.strip(UNKNOWN_PART):
            out.append((path, key, item.partial.replace(UNKNOWN_PART, "*")))
        elif isinstance(item.partial, (dict, list)):
            if key in _POLICY_KEYS:
                out.append((path, key, item.partial))
            else:
                _collect_leaves(item.partial, path, out)
    elif isinstance(item, (dict, list)):
        _collect_leaves(item, path, out)


def _links_by_value(resources: list[Resource], kinds: Mapping[str, Kind | None],
                    declared: Iterable[Link]) -> Iterator[Link]:
    index = _NameIndex(resources, kinds)
    existing = {(l.src, l.dst) for l in declared}
    seen: set[tuple[str, str, str]] = set()

    def emit(src: str, targets: Iterable[str], via: str, inferred: bool, evidence: str) -> Iterator[Link]:
        for dst in sorted(targets):
            if dst == src or (src, dst) in existing or (src, dst, via) in seen:
                continue
            seen.add((src, dst, via))
            yield Link(src, dst, via, inferred=inferred, evidence=evidence)

    for resource in resources:
        src = resource.address
        record = kinds[src]
        name_attr = record.name_attr if record else None
        for path, key, text in _string_leaves(resource.attrs):
            if path == name_attr or path in ("id", "arn", "self_link", "email"):
                continue
            ids = index.by_id.get(text) if isinstance(text, str) else None
            if not ids and isinstance(text, str) and text.startswith(("serviceAccount:", "user:", "group:")):
                ids = index.by_id.get(text.split(":", 1)[1])  # an IAM member names the account
            if ids:
                yield from emit(src, ids, path, False, "")
                continue
            if key in _POLICY_KEYS and (isinstance(text, (dict, list)) or text.lstrip().startswith(("{", "["))):
                yield from _policy_links(src, path, text, index, emit)
                continue
            if not isinstance(text, str):
                continue
            if text.startswith("arn:"):
                yield from emit(src, index.arn_targets(text), path, True, text)
                continue
            m = _BUCKET_URL.match(text)
            if m:
                types = ("aws_s3_bucket",) if m.group(1).startswith("s3") else ("google_storage_bucket",)
                yield from emit(src, index.typed(types, m.group(2)), path, True, text)
                continue
            m = _ECR_IMAGE.match(text)
            if m:
                yield from emit(src, index.typed(("aws_ecr_repository",), m.group(1)), path, True, text)
                continue
            m = _GAR_IMAGE.match(text)
            if m:
                yield from emit(src, index.typed(("google_artifact_registry_repository",), m.group(1)), path, True, text)
                continue
            m = _ACR_IMAGE.match(text)
            if m:
                yield from emit(src, index.typed(("azurerm_container_registry",), m.group(1)), path, True, text)
                continue
            if text in index.setting_names and _SETTING_PATH.search(path):
                yield from emit(src, index.setting_names[text], path, True, f"{key}={text}")


def _policy_links(src: str, path: str, text: Any, index: _NameIndex, emit) -> Iterator[Link]:
    # A policy document is an IAM-style object with Statements, or (OpenSearch Serverless access,
    # network and encryption policies) a JSON array of rule objects whose principals are ARNs.
    if isinstance(text, (dict, list)):
        document: Any = text
    else:
        try:
            document = json.loads(text)
        except ValueError:
            return
    if isinstance(document, list):
        for rule in document:
            if isinstance(rule, dict) and "Statement" in rule:
                yield from _policy_links(src, path, rule, index, emit)
                continue
            for _, _, leaf in _string_leaves(rule if isinstance(rule, (dict, list)) else [rule]):
                if isinstance(leaf, str) and leaf.startswith("arn:"):
                    yield from emit(src, index.arn_targets(leaf), path, True, leaf)
        return
    statements = _as_list(document.get("Statement")) if isinstance(document, dict) else []
    for statement in statements:
        if not isinstance(statement, dict) or statement.get("Effect", "Allow") != "Allow":
            continue
        actions = [a for a in _as_list(statement.get("Action")) if isinstance(a, str)]
        for arn in _as_list(statement.get("Resource")):
            if isinstance(arn, Unknown) and isinstance(arn.partial, str):
                arn = arn.partial.replace(UNKNOWN_PART, "*")
            if isinstance(arn, str):
                targets = index.arn_targets(arn)
                if targets:
                    evidence = f"{','.join(actions)} on {arn}"
                    yield from emit(src, targets, path, True, evidence)


def _as_list(value: Any) -> list:
    """A policy field as a list: a single value, a list, or what is known of an unknown one."""
    if isinstance(value, Unknown):
        if isinstance(value.partial, str):
            return [value]
        value = value.partial
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and not value:
        return []
    return [value]


def _through_hidden(edges: list[Edge], kinds: Mapping[str, Kind | None]) -> Iterator[Edge]:
    """A hidden helper (a policy document, a random name) passes its links on to whoever uses it."""
    # utilities (a random suffix inside a name) pass nothing on; only what is used for its content does
    hidden = {address for address, record in kinds.items() if record is not None and record.shape == Shape.HIDDEN
              and not is_utility(record.tf_type)}
    outgoing: dict[str, list[Edge]] = defaultdict(list)
    for edge in edges:
        if edge.src in hidden and edge.relation != Relation.DEPENDS:
            outgoing[edge.src].append(edge)
    for edge in edges:
        if edge.dst in hidden and edge.src not in hidden and edge.relation != Relation.DEPENDS:
            for onward in outgoing.get(edge.dst, ()):
                if onward.dst != edge.src:
                    yield Edge(edge.src, onward.dst, onward.relation, f"{edge.via} ({edge.dst})",
                               edge.inferred or onward.inferred, onward.evidence)


def _derived_invocations(edges: Iterable[Edge], kinds: Mapping[str, Kind | None],
                         folded: Mapping[str, str]) -> Iterator[Edge]:
    """Compute that runs as a role allowed to invoke an endpoint/function invokes it (inferred)."""
    edges = list(edges)
    grants: dict[str, set[tuple[str, str]]] = defaultdict(set)   # role or policy -> (target, evidence)
    runs_as: dict[str, set[str]] = defaultdict(set)               # compute -> roles
    attached: dict[str, set[str]] = defaultdict(set)              # role -> policies
    for edge in edges:
        target = kinds.get(edge.dst)
        source = kinds.get(edge.src)
        if source is not None and source.category in (Category.IAM_ROLE, Category.IAM_POLICY):
            if edge.relation == Relation.INVOKES and target is not None and target.category in (
                    Category.ML_ENDPOINT, Category.COMPUTE_FUNCTION, Category.OPS_WORKFLOW):
                grants[edge.src].add((edge.dst, edge.evidence or edge.via))
            if edge.relation == Relation.IAM and target is not None and target.category == Category.IAM_POLICY:
                attached[edge.src].add(edge.dst)
        if (edge.relation == Relation.IAM and source is not None and source.category in _COMPUTE_CATEGORIES
                and target is not None and target.category == Category.IAM_ROLE):
            runs_as[edge.src].add(edge.dst)
    for compute in sorted(runs_as):
        for role in sorted(runs_as[compute]):
            sources = [role, *sorted(attached.get(role, ()))]
            for holder in sources:
                for target, evidence in sorted(grants.get(holder, ())):
                    if target != compute:
                        yield Edge(compute, target, Relation.INVOKES, f"iam:{role}", inferred=True,
                                   evidence=f"runs as {role}, which is allowed {evidence}")
