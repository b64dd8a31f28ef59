"""Map area captions derived from what the members' placement says about egress (never a fixed
phrase), and the provider-managed area for workloads in no customer network."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from infra2arch.annotate.model import EGRESS_KINDS, Plane, Zone, ZoneInfo


_AREA_TITLES = {
    "edge": "EDGE: reachable from the internet",
    "management": "MANAGEMENT: identity, keys, logging, CI/CD",
    "provider-managed": "PROVIDER-MANAGED: runs in the cloud provider's network, outside your VPC/VNet",
}
_EGRESS_PHRASES = {
    "internet-gateway": "egress straight to the internet (internet gateway or public IP)",
    "default-outbound": "Azure default outbound access (no NAT gateway or firewall)",
    "nat": "egress via NAT",
    "firewall": "egress via firewall",
    "transit": "egress via a transit/VPN hub",
    "none": "no internet egress",
    "unknown": "in networks outside the scanned code (egress unknown)",
}


def area_of(info: ZoneInfo) -> str:
    """The map area a resource is drawn in: its zone, except that a workload in the private-app
    zone that runs in no customer network gets the provider-managed area."""
    if info.zone == Zone.PRIVATE_APP and info.plane == Plane.PROVIDER:
        return "provider-managed"
    return info.zone.value


def zone_captions(zones: Mapping[str, ZoneInfo], short: Any = None, only: Any = None) -> dict[str, str]:
    """area -> caption, derived from what the members' placement says (never a fixed phrase for
    private-app and data). ``short`` turns an address into the name shown (default: Terraform name);
    ``only`` limits the members considered (the map passes its workloads, not the subnet boxes)."""
    short = short or (lambda address: address.rsplit(".", 1)[-1])
    members: dict[str, list[ZoneInfo]] = defaultdict(list)
    for address, info in zones.items():
        if not address.startswith("synthetic:") and (only is None or address in only):
            members[area_of(info)].append(info)
    captions: dict[str, str] = {}
    for area, infos in members.items():
        if area in _AREA_TITLES:
            captions[area] = _AREA_TITLES[area]
        elif area == "private-app":
            captions[area] = "PRIVATE APP: " + _egress_phrase(infos, short)
        elif area == "data":
            planes = {i.plane for i in infos}
            if planes == {Plane.PROVIDER} or planes == {Plane.PROVIDER, Plane.NONE}:
                captions[area] = "DATA: managed stores in the provider's network (reached by identity or private endpoint)"
            elif Plane.PROVIDER in planes:
                captions[area] = "DATA: stores, managed and in your network; " + _egress_phrase(
                    [i for i in infos if i.plane == Plane.CUSTOMER], short)
            else:
                captions[area] = "DATA: stores in your network; " + _egress_phrase(infos, short)
        else:
            captions[area] = area.upper()
    return captions


def _egress_phrase(infos: list[ZoneInfo], short: Any) -> str:
    counts: dict[str, int] = defaultdict(int)
    carriers: dict[str, set[str]] = defaultdict(set)
    for info in infos:
        if info.egress and info.egress != "provider-managed":
            counts[info.egress] += 1
            carriers[info.egress].update(v for v in info.egress_via if not v.startswith("its "))
    if not counts:
        return "no network placement known"

    def phrase(kind_: str) -> str:
        names = sorted(short(v) for v in carriers[kind_])
        text = _EGRESS_PHRASES.get(kind_, kind_)
        if names and kind_ in ("nat", "firewall", "transit"):
            text += " (" + ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "") + ")"
        elif names and kind_ == "none":
            text += " (deny-all egress rule " + ", ".join(names[:2]) + ")"
        return text

    ordered = sorted(counts, key=lambda k: EGRESS_KINDS.index(k) if k in EGRESS_KINDS else 99)
    if len(ordered) == 1:
        return phrase(ordered[0])
    return "; ".join(f"{phrase(k)} ({counts[k]})" for k in ordered)
