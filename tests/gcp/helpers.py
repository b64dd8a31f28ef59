"""Scan the fake from Python and read what the maps are about."""

from __future__ import annotations

from infra2arch.annotate.zones import annotate_zones
from infra2arch.graph import build_graph

from infra2arch_gcp.provider import GcpOptions, GcpProvider


def scan(fake, projects=("acme-ml",), regions=("us-central1",), **options):
    options.setdefault("max_attempts", 1)
    return GcpProvider().scan("gcp", GcpOptions(projects=tuple(projects), regions=tuple(regions), endpoint_url=fake.url,
                                                anonymous=True, **options))


def by_type(inventory, tf_type):
    return [r for r in inventory.resources if r.type == tf_type]


def one(inventory, tf_type, name=None):
    found = [r for r in by_type(inventory, tf_type) if name is None or r.name == name or r.attrs.get("name") == name]
    assert len(found) == 1, (tf_type, name, [r.address for r in by_type(inventory, tf_type)])
    return found[0]


def graph_and_zones(inventory):
    graph = build_graph(inventory)
    zones, crossings = annotate_zones(graph)
    return graph, zones
