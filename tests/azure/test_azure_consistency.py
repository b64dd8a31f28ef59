"""The same architecture read two ways must give the same map: samples/azure-ml scanned as Terraform,
and that architecture as ARM answers for it once applied (served by the fake) scanned live.

Compared on the types the maps are about: which types are present, which (src type, relation, dst
type) edges join them, which types sit in which groups, and the security zone of each type. Where the
two sources legitimately differ, the test says so and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra2arch.annotate.zones import annotate_zones
from infra2arch.graph import build_graph

import azure_scenarios as scenarios
from azure_fixtures import arm, builder, estate, scan  # noqa: F401  (fixtures)

pytest.importorskip("infra2arch_terraform")
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "azure-ml"
# every type of the sample but the data source azurerm_client_config (no live counterpart)
INTERESTING = {
    "azurerm_resource_group", "azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group",
    "azurerm_subnet_network_security_group_association", "azurerm_public_ip", "azurerm_bastion_host",
    "azurerm_private_endpoint", "azurerm_private_dns_zone", "azurerm_private_dns_zone_virtual_network_link",
    "azurerm_storage_account", "azurerm_storage_container", "azurerm_key_vault", "azurerm_container_registry",
    "azurerm_log_analytics_workspace", "azurerm_application_insights", "azurerm_user_assigned_identity",
    "azurerm_role_assignment", "azurerm_machine_learning_workspace", "azurerm_machine_learning_compute_cluster",
    "azurerm_machine_learning_compute_instance", "azurerm_monitor_diagnostic_setting",
}


def facts(inventory) -> dict:
    graph = build_graph(inventory)
    by = graph.by_address()
    zones, _ = annotate_zones(graph)

    def kind(address: str) -> str | None:
        resource = by.get(address)
        return resource.type if resource is not None and resource.type in INTERESTING else None

    contained: dict[str, set[str]] = {}
    for item in graph.containment:
        if kind(item.child) and kind(item.parent):
            contained.setdefault(by[item.child].type, set()).add(by[item.parent].type)
    zone_of: dict[str, set[str]] = {}
    for address, info in zones.items():
        if kind(address):
            zone_of.setdefault(by[address].type, set()).add(info.zone.value)
    return {
        "types": {r.type for r in graph.resources if r.type in INTERESTING},
        "relations": {(kind(e.src), e.relation.value, kind(e.dst)) for e in graph.edges
                      if e.relation.value != "depends" and kind(e.src) and kind(e.dst)},
        "contained": contained,
        "folded": {(by[c].type, by[p].type) for c, p in graph.folded.items() if kind(c) and kind(p)},
        "zones": zone_of,
        "counts": {t: sum(1 for r in graph.resources if r.type == t) for t in INTERESTING},
    }


@pytest.fixture
def both(builder, scan):
    scenarios.sample_azure_ml(builder)
    live = scan()
    code = TerraformProvider().scan(str(SAMPLE), TerraformOptions(use_cache=False, environment={}))
    return facts(code), facts(live), live


def test_same_resource_types_and_counts(both):
    code, live, _ = both
    assert code["types"] == INTERESTING
    assert live["types"] == code["types"]
    assert live["counts"] == code["counts"]


def test_same_relations_between_types(both):
    code, live, _ = both
    # depends edges are left out: Terraform's come from depends_on and from `location =
    # azurerm_resource_group.ml.location`, which ARM does not state
    assert live["relations"] == code["relations"], (
        f"only in Terraform: {sorted(code['relations'] - live['relations'])}; "
        f"only live: {sorted(live['relations'] - code['relations'])}")


def test_same_containment_and_folding(both):
    code, live, _ = both
    assert live["contained"] == code["contained"]
    assert live["folded"] == code["folded"]
    assert code["contained"]["azurerm_machine_learning_compute_instance"] == {"azurerm_subnet"}
    assert code["contained"]["azurerm_subnet"] == {"azurerm_virtual_network"}
    assert code["contained"]["azurerm_virtual_network"] == {"azurerm_resource_group"}


def test_same_zones_by_type(both):
    code, live, _ = both
    assert code["zones"]["azurerm_machine_learning_compute_instance"] == {"edge"}
    assert code["zones"]["azurerm_machine_learning_workspace"] == {"private-app"}
    assert live["zones"] == code["zones"]


def test_live_inventory_places_everything_in_its_subscription_and_region(both):
    _, _, live = both
    regional = [r for r in live.resources if r.type in ("azurerm_machine_learning_workspace", "azurerm_virtual_network",
                                                        "azurerm_subnet", "azurerm_storage_account")]
    assert regional and all(r.location.account == scenarios.SUB and r.location.region == "eastus" for r in regional)
    assert all(r.location.cloud == "azurerm" and r.origin.value == "azure" for r in live.resources)


def _placements(inventory) -> dict[str, set[tuple[str, ...]]]:
    """tf type -> the boxes (by kind, outermost first) its nodes sit in on the engineering map."""
    from infra2arch.views import ViewOptions, build_view

    view = build_view(build_graph(inventory), ViewOptions(name="engineering", budget=500))
    groups = {g.id: g for g in view.groups}
    out: dict[str, set[tuple[str, ...]]] = {}
    for node in view.nodes:
        if node.tf_type not in INTERESTING:
            continue
        chain, current = [], node.group
        while current is not None and current in groups:
            chain.append(groups[current].kind)
            current = groups[current].parent
        out.setdefault(node.tf_type, set()).add(tuple(reversed(chain)))
    return out


def test_same_map_placement(builder, scan):
    scenarios.sample_azure_ml(builder)
    live = _placements(scan())
    code = _placements(TerraformProvider().scan(str(SAMPLE), TerraformOptions(use_cache=False, environment={})))
    assert code["azurerm_machine_learning_compute_instance"] == {("cloud", "region", "org", "network", "subnet")}
    assert code["azurerm_storage_container"] == live["azurerm_storage_container"]
    assert live == code, {t: (code.get(t), live.get(t)) for t in set(code) | set(live) if code.get(t) != live.get(t)}
