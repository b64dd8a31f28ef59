"""After every service is read: the links that the Google APIs state by value, resolved to resources.

The same thing is named several ways: Vertex AI says ``projects/<number>/global/networks/vpc``, Compute and
Workbench say ``https://www.googleapis.com/compute/v1/projects/<id>/global/networks/vpc``, Cloud Run may
say just ``vpc``, IAM says ``serviceAccount:sa@p.iam.gserviceaccount.com``, and a CMEK reference may name a
key version. Every string attribute is brought to one canonical form (Terraform's relative id with the
project id) and looked up; short names are looked up where the attribute says what they name. Pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Iterable, Iterator, Mapping

from dataclasses import replace

from infra2arch.model import Link, Location, Resource

from infra2arch_gcp.transform import compute_path, region_of_zone

_SERVICE_PREFIX = re.compile(r"^//[a-z0-9.-]+\.googleapis\.com/")
_API_URL = re.compile(r"^https://[a-z0-9.-]+\.googleapis\.com/(?:[a-z0-9]+/)?v[0-9][a-z0-9]*/")
_KEY_VERSION = re.compile(r"/cryptoKeyVersions/[^/]+$")
_MEMBER_PREFIX = re.compile(r"^(?:deleted:)?(?:serviceAccount|user|group|domain|principal|principalSet):")
# never links: the resource's own identity, and user-controlled free text
_OWN = frozenset({"id", "name", "self_link", "project", "region", "location", "display_name", "description",
                  "url", "uri", "email", "member_of", "unique_id", "account_id", "network_id", "state"})
_FREE_TEXT = ("labels.", "metadata.", "annotations.")

# (source type, attribute path, target type, scope): a short name that names one resource of that type
# scope: "region" = unique per project and region; "project" = per project; "global" (bucket names)
_BY_NAME: tuple[tuple[str, str, str, str], ...] = (
    ("google_compute_router_nat", "router", "google_compute_router", "region"),
    ("google_vertex_ai_feature_online_store_featureview", "feature_online_store",
     "google_vertex_ai_feature_online_store", "region"),
    ("google_storage_bucket_iam_member", "bucket", "google_storage_bucket", "global"),
    ("google_service_networking_connection", "reserved_peering_ranges", "google_compute_global_address", "project"),
    ("google_vertex_ai_index_endpoint_deployed_index", "reserved_ip_ranges", "google_compute_global_address", "project"),
    ("vertex_pipeline_job", "reserved_ip_ranges", "google_compute_global_address", "project"),
    ("vertex_custom_job", "job_spec.reserved_ip_ranges", "google_compute_global_address", "project"),
    ("vertex_persistent_resource", "reserved_ip_ranges", "google_compute_global_address", "project"),
)
# short network / subnetwork names (Cloud Run's Direct VPC egress accepts them)
_NETWORK_LEAVES = frozenset({"network"})
_SUBNETWORK_LEAVES = frozenset({"subnetwork", "subnet"})


def canonical(value: str, numbers: Mapping[str, str]) -> str:
    """One spelling for a reference: relative path, project id instead of number, key not key version."""
    text = compute_path(value.strip())
    text = _SERVICE_PREFIX.sub("", text)
    text = _API_URL.sub("", text)
    text = _MEMBER_PREFIX.sub("", text)
    if text.startswith("projects/"):
        head, _, rest = text[len("projects/"):].partition("/")
        if head in numbers:
            text = f"projects/{numbers[head]}/{rest}" if rest else f"projects/{numbers[head]}"
    return _KEY_VERSION.sub("", text)


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(attribute path without list indexes, string) for every string in a value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, path)
    elif isinstance(value, str) and value:
        yield path, value


def _name_key(resource: Resource, scope: str, name: str) -> tuple:
    location = resource.location
    if scope == "global":
        return (name,)
    if scope == "project":
        return (location.account, name)
    return (location.account, region_of_zone(location.region) if isinstance(location.region, str) else None, name)


def links(resources: Iterable[Resource], numbers: Mapping[str, str]) -> list[Link]:
    """``numbers``: project number -> project id, for every project scanned."""
    resources = list(resources)
    by_id: dict[str, set[str]] = defaultdict(set)
    by_name: dict[tuple[str, str], dict[tuple, set[str]]] = defaultdict(lambda: defaultdict(set))
    networks: dict[tuple, set[str]] = defaultdict(set)
    subnetworks: dict[tuple, set[str]] = defaultdict(set)
    wanted = {(target, scope) for _, _, target, scope in _BY_NAME}
    for resource in resources:
        attrs = resource.attrs
        for key in ("id", "self_link", "email", "name"):
            value = attrs.get(key)
            if isinstance(value, str) and ("/" in value or "@" in value):
                by_id[canonical(value, numbers)].add(resource.address)
        name = attrs.get("name")
        if isinstance(name, str):
            for target, scope in wanted:
                if resource.type == target:
                    by_name[(target, scope)][_name_key(resource, scope, name)].add(resource.address)
            if resource.type == "google_compute_network":
                networks[(resource.location.account, name)].add(resource.address)
            elif resource.type == "google_compute_subnetwork":
                subnetworks[(resource.location.account, resource.location.region, name)].add(resource.address)

    out: set[Link] = set(_firewall_ranges(resources))
    for resource in resources:
        for path, value in _leaves(dict(resource.attrs)):
            if path in _OWN or path.startswith(_FREE_TEXT):
                continue
            found = by_id.get(canonical(value, numbers), set()) - {resource.address}
            if not found and "/" not in value and "@" not in value:
                found = _short(resource, path, value, by_name, networks, subnetworks)
            if len(found) == 1:   # a value that names one thing
                out.add(Link(resource.address, next(iter(found)), path))
    return sorted(out, key=lambda l: (l.src, l.dst, l.via))


def _short(resource: Resource, path: str, value: str, by_name: Mapping, networks: Mapping,
           subnetworks: Mapping) -> set[str]:
    for source, attr, target, scope in _BY_NAME:
        if resource.type == source and path == attr:
            return set(by_name.get((target, scope), {}).get(_name_key(resource, scope, value), set()))
    leaf = path.rsplit(".", 1)[-1]
    project = resource.location.account
    if leaf in _NETWORK_LEAVES:
        return set(networks.get((project, value), set()))
    if leaf in _SUBNETWORK_LEAVES:
        region = resource.location.region
        return set(subnetworks.get((project, region_of_zone(region) if isinstance(region, str) else None, value), set()))
    return set()


def _firewall_ranges(resources: list[Resource]) -> Iterator[Link]:
    """A firewall rule whose source range is exactly a subnetwork's range, or a private service access
    range, of its own network admits that subnetwork or range (as the references in Terraform say)."""
    ranges: dict[tuple[str, str], set[str]] = defaultdict(set)   # (network, cidr) -> addresses
    for resource in resources:
        attrs = resource.attrs
        network = attrs.get("network")
        if not isinstance(network, str):
            continue
        if resource.type == "google_compute_subnetwork" and isinstance(attrs.get("ip_cidr_range"), str):
            ranges[(compute_path(network), attrs["ip_cidr_range"])].add(resource.address)
        elif resource.type == "google_compute_global_address" and attrs.get("address") and attrs.get("prefix_length"):
            ranges[(compute_path(network), f"{attrs['address']}/{attrs['prefix_length']}")].add(resource.address)
    for resource in resources:
        network = resource.attrs.get("network")
        if resource.type != "google_compute_firewall" or not isinstance(network, str):
            continue
        for cidr in resource.attrs.get("source_ranges") or ():
            found = ranges.get((compute_path(network), str(cidr)), set())
            if len(found) == 1:
                yield Link(resource.address, next(iter(found)), "source_ranges")


_OF_A_NETWORK = frozenset({"google_compute_firewall", "google_compute_global_address",
                           "google_service_networking_connection"})


def regional_networks(resources: Iterable[Resource], numbers: Mapping[str, str]) -> list[Resource]:
    """A VPC network is global, but one whose subnetworks are all in one region is drawn in that region
    (project -> region -> network -> subnetwork, as a Terraform scan draws it), with its firewall rules,
    address ranges and private service access; a network spanning regions stays global."""
    resources = list(resources)
    regions: dict[str, set[str]] = defaultdict(set)
    for resource in resources:
        network = resource.attrs.get("network")
        if resource.type == "google_compute_subnetwork" and isinstance(network, str):
            regions[canonical(network, numbers)].add(str(resource.location.region))
    single = {network: next(iter(found)) for network, found in regions.items() if len(found) == 1}
    out = []
    for resource in resources:
        location = resource.location
        if location.region is None and (resource.type == "google_compute_network" or resource.type in _OF_A_NETWORK):
            key = resource.attrs.get("id") if resource.type == "google_compute_network" else resource.attrs.get("network")
            region = single.get(canonical(key, numbers)) if isinstance(key, str) else None
            if region is not None:
                resource = replace(resource, location=Location(location.cloud, location.account, region, location.zone))
        out.append(resource)
    return out
