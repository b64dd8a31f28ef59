"""What Azure lets out: the allow and deny rules of Azure Firewall (application and network rule
collections, classic and in a policy's rule collection groups) and of NSGs (outbound rules whose
destination is the "Internet" service tag, another service tag such as "Storage", or an address).

A route through a firewall says *where* egress goes, not *what* passes: Azure Firewall denies
whatever no rule allows, so the rules whose sources cover a subnet are what that subnet may reach
on the internet. An NSG on a subnet adds its own outbound filter: its default rule
AllowInternetOutBound lets everything out until a rule with a lower priority number denies the
Internet tag, after which only the destinations allowed before that deny remain (service tags such
as Storage or AzureMachineLearning keep the platform reachable while the internet is closed).

Destination NAT rules (inbound) are in :mod:`.exposure`.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from infra2arch.model import Graph, Resource, Unknown

# destinations and sources that mean "any internet address" (service tag Internet, wildcards, 0.0.0.0/0)
INTERNET_WORDS = frozenset({"*", "internet", "0.0.0.0/0", "0.0.0.0", "::/0", "any"})
MAX_LISTED = 6          # rules named in one reason; the rest are counted


@dataclass(frozen=True)
class FirewallRule:
    firewall: str                    # the firewall (or its policy when no firewall in the input uses it)
    rule: str                        # "<collection>/<rule>" as written
    kind: str                        # "network" | "application"
    action: str                      # "Allow" | "Deny" (as written; unknown -> "?")
    order: tuple[int, int, int]      # evaluation order: network before application, then group and collection priority
    sources: tuple[Any, ...]         # addresses and IP groups (an Unknown where not known)
    destinations: tuple[str, ...]    # FQDNs, "FQDN tag X", "URL x", "web category X", addresses, service tags
    ports: str                       # "Https:443", "TCP 443" ("" when none)

    def describe(self) -> str:
        names = list(self.destinations[:3]) + ([f"+{len(self.destinations) - 3}"] if len(self.destinations) > 3 else [])
        verb = "allows" if self.action.lower() == "allow" else "denies" if self.action.lower() == "deny" else "(action unknown)"
        return (f"{self.kind} rule {self.rule} {verb} {', '.join(names) or 'no destination'}"
                + (f" {self.ports}" if self.ports else ""))


def _blocks(value: Any) -> list[dict]:
    if isinstance(value, dict):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    return []


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return "?" if isinstance(value, Unknown) or value is None else str(value)


def _priority(value: Any) -> int:
    return value if isinstance(value, int) else 1 << 20


def _ip_group_cidrs(values: Iterable[Any], resources: Mapping[str, Resource]) -> list[Any]:
    """IP groups named in a rule as the address ranges they hold (an Unknown when not in the input)."""
    out: list[Any] = []
    for value in values:
        origins = [s for s, _ in value.origins if s in resources] if isinstance(value, Unknown) else []
        groups = [resources[s] for s in origins if resources[s].type == "azurerm_ip_group"]
        if not groups:
            out.append(value if isinstance(value, Unknown) else Unknown(f"IP group {value} not in the input"))
        for group in groups:
            out.extend(_list(group.attrs.get("cidrs")) or [Unknown(f"{group.address}.cidrs not in the code")])
    return out


def _ports(rule: Mapping[str, Any], kind: str) -> str:
    if kind == "application":
        blocks = _blocks(rule.get("protocols")) or _blocks(rule.get("protocol"))
        return ", ".join(f"{_text(b.get('type'))}:{_text(b.get('port'))}" for b in blocks)
    protocols = "/".join(_text(p) for p in _list(rule.get("protocols")))
    ports = ",".join(_text(p) for p in _list(rule.get("destination_ports")))
    return " ".join(p for p in (protocols, ports) if p)


def _destinations(rule: Mapping[str, Any], kind: str, resources: Mapping[str, Resource]) -> tuple[str, ...]:
    out: list[str] = []
    fqdns = rule.get("destination_fqdns") if "destination_fqdns" in rule else rule.get("target_fqdns")
    out += [_text(v) for v in _list(fqdns)]
    tags = rule.get("destination_fqdn_tags") if "destination_fqdn_tags" in rule else rule.get("fqdn_tags")
    out += [f"FQDN tag {_text(v)}" for v in _list(tags)]
    out += [f"URL {_text(v)}" for v in _list(rule.get("destination_urls"))]
    out += [f"web category {_text(v)}" for v in _list(rule.get("web_categories"))]
    out += [_text(v) for v in _list(rule.get("destination_addresses"))]
    out += [_text(v) for v in _ip_group_cidrs(_list(rule.get("destination_ip_groups")), resources)]
    return tuple(out)


_COLLECTIONS = frozenset({"azurerm_firewall_policy_rule_collection_group", "azurerm_firewall_application_rule_collection",
                          "azurerm_firewall_network_rule_collection", "azurerm_firewall_nat_rule_collection"})


def _collections(graph: Graph) -> list[tuple[Resource, str]]:
    """Every rule collection (group) with the firewall it belongs to (its policy when no firewall in
    the input uses that policy)."""
    resources = graph.by_address()
    firewall_of_policy: dict[str, str] = {}
    owner_of: dict[str, str] = {}
    for edge in graph.edges:
        source, target = resources.get(edge.src), resources.get(edge.dst)
        if source is None or target is None:
            continue
        if source.type == "azurerm_firewall" and target.type == "azurerm_firewall_policy":
            firewall_of_policy.setdefault(edge.dst, edge.src)
        if source.type.startswith("azurerm_firewall_") and target.type in ("azurerm_firewall", "azurerm_firewall_policy"):
            owner_of.setdefault(edge.src, edge.dst)
    out = []
    for resource in sorted(graph.resources, key=lambda r: r.address):
        if resource.type in _COLLECTIONS:
            owner = graph.folded.get(resource.address) or owner_of.get(resource.address, resource.address)
            out.append((resource, firewall_of_policy.get(owner, graph.folded.get(owner, owner))))
    return out


def firewall_rules(graph: Graph) -> list[FirewallRule]:
    """Every application and network rule of the Azure Firewalls and policies in the graph, in the
    order the firewall evaluates them (network rules before application rules, each by rule
    collection group priority, then collection priority)."""
    resources = graph.by_address()
    out: list[FirewallRule] = []
    for resource, owner in _collections(graph):
        attrs = resource.attrs
        if resource.type == "azurerm_firewall_policy_rule_collection_group":
            group = _priority(attrs.get("priority"))
            for kind, key in (("network", "network_rule_collection"), ("application", "application_rule_collection")):
                for collection in _blocks(attrs.get(key)):
                    out += _rules(owner, kind, collection, collection.get("rule"),
                                  (0 if kind == "network" else 1, group, _priority(collection.get("priority"))), resources)
        elif resource.type in ("azurerm_firewall_application_rule_collection", "azurerm_firewall_network_rule_collection"):
            kind = "application" if "application" in resource.type else "network"
            out += _rules(owner, kind, attrs, attrs.get("rule"),
                          (0 if kind == "network" else 1, 0, _priority(attrs.get("priority"))), resources)
    return sorted(out, key=lambda r: (r.firewall, r.order, r.rule))


def _rules(owner: str, kind: str, collection: Mapping[str, Any], rules: Any, order: tuple[int, int, int],
           resources: Mapping[str, Resource]) -> list[FirewallRule]:
    action = collection.get("action")
    out = []
    for rule in _blocks(rules):
        sources = _list(rule.get("source_addresses")) + _ip_group_cidrs(_list(rule.get("source_ip_groups")), resources)
        out.append(FirewallRule(owner, f"{_text(collection.get('name'))}/{_text(rule.get('name'))}", kind,
                                _text(action), order, tuple(sources), _destinations(rule, kind, resources),
                                _ports(rule, kind)))
    return out


def _networks(prefixes: Iterable[Any]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    out = []
    for prefix in prefixes:
        try:
            out.append(ipaddress.ip_network(str(prefix).strip(), strict=False))
        except ValueError:
            continue
    return out


def covers(sources: Iterable[Any], prefixes: Iterable[Any]) -> bool | None:
    """Does a rule whose sources are these apply to traffic from a subnet with these prefixes?
    True when a source is a wildcard or overlaps a prefix, None when a source is not known."""
    subnet = _networks(p for p in prefixes if isinstance(p, str))
    unknown = False
    for source in sources:
        if isinstance(source, Unknown):
            unknown = True
            continue
        text = str(source).strip()
        if text.lower() in INTERNET_WORDS:
            return True
        if "-" in text:   # an address range "10.0.0.1-10.0.0.9"
            first, _, last = text.partition("-")
            try:
                low, high = ipaddress.ip_address(first.strip()), ipaddress.ip_address(last.strip())
            except ValueError:
                continue
            if any(n.version == low.version and low <= n.broadcast_address and high >= n.network_address for n in subnet):
                return True
            continue
        if any(rule.version == n.version and rule.overlaps(n) for rule in _networks([text]) for n in subnet):
            return True
    return None if unknown else False


def firewall_egress(graph: Graph, egress_of: Mapping[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """subnet or firewall address -> what its firewall lets out, for each subnet whose egress goes
    through an Azure Firewall in the graph and for each such firewall."""
    resources = graph.by_address()
    rules = firewall_rules(graph)
    by_firewall: dict[str, list[FirewallRule]] = {}
    for rule in rules:
        by_firewall.setdefault(rule.firewall, []).append(rule)
    with_collections = {owner for _, owner in _collections(graph)}
    out: dict[str, str] = {}
    for firewall, found in sorted(by_firewall.items()):
        if firewall in resources and resources[firewall].type == "azurerm_firewall":
            allows = [r for r in found if r.action.lower() == "allow"]
            out[firewall] = (f"rules in the code: {len(allows)} allow, {len(found) - len(allows)} other; "
                             + _listed(found) + "; anything no rule allows is denied")
    for subnet, (kind_, via) in sorted(egress_of.items()):
        firewalls = [v for v in via if v in resources and resources[v].type == "azurerm_firewall"]
        if kind_ != "firewall" or not firewalls or subnet not in resources:
            continue
        prefixes = _list(resources[subnet].attrs.get("address_prefixes")) \
            or _list(resources[subnet].attrs.get("address_prefix"))
        parts = []
        for firewall in firewalls:
            applying = [(r, covers(r.sources, prefixes)) for r in by_firewall.get(firewall, ())]
            sure = [r for r, hit in applying if hit]
            maybe = [r for r, hit in applying if hit is None]
            policy = _base_policy(firewall, graph, resources)
            if firewall not in with_collections:
                parts.append(f"no rule collection of {firewall} is in the scanned code: what it lets out is not "
                             "known (Azure Firewall denies what no rule allows)" + policy)
                continue
            if not sure and not maybe:
                parts.append(f"{firewall} has no application or network rule for this subnet's addresses in the "
                             "code: its traffic to the internet is denied" + policy)
                continue
            text = f"{firewall} lets out only what its rules allow: {_listed(sure)}" if sure else \
                f"{firewall}: no rule is known to cover this subnet"
            if maybe:
                text += f"; rules whose sources are not known: {_listed(maybe)}"
            parts.append(text + policy)
        if parts:
            out[subnet] = "; ".join(parts)
    return out


def _listed(rules: list[FirewallRule]) -> str:
    shown = [r.describe() for r in rules[:MAX_LISTED]]
    if len(rules) > MAX_LISTED:
        shown.append(f"+{len(rules) - MAX_LISTED} more rules")
    return "; ".join(shown) or "none"


def _base_policy(firewall: str, graph: Graph, resources: Mapping[str, Resource]) -> str:
    """A parent policy's rules are evaluated too: say so when one is set."""
    for edge in graph.edges:
        if edge.src == firewall and edge.dst in resources and resources[edge.dst].type == "azurerm_firewall_policy":
            base = resources[edge.dst].attrs.get("base_policy_id")
            if base not in (None, ""):
                return " (plus the rules of the parent policy base_policy_id, not read here)"
    return ""


# ---------------------------------------------------------------------------------------- NSGs

def _nsg_rules(nsg: Resource, children: Mapping[str, list[Resource]]) -> list[dict]:
    rules = _blocks(nsg.attrs.get("security_rule"))
    rules += [dict(c.attrs) for c in children.get(nsg.address, ()) if c.type == "azurerm_network_security_rule"]
    return sorted(rules, key=lambda r: (_priority(r.get("priority")), _text(r.get("name"))))


def _values(rule: Mapping[str, Any], singular: str, plural: str) -> list[Any]:
    return _list(rule.get(plural)) or _list(rule.get(singular))


def _all_ports(rule: Mapping[str, Any]) -> bool:
    ports = _values(rule, "destination_port_range", "destination_port_ranges")
    protocol = str(rule.get("protocol") or "*")
    return (not ports or any(p == "*" or p == "0-65535" for p in ports)) and protocol in ("*", "Any")


def nsg_outbound(nsg: Resource, children: Mapping[str, list[Resource]]) -> tuple[str | None, list[str]]:
    """(the rule that denies all outbound traffic to the internet, or None when the NSG's rules let
    it out (AllowInternetOutBound) or a rule that could decide it is not known; the outbound allows
    evaluated before that deny, as "destination ports (rule)")."""
    allowed: list[str] = []
    for rule in _nsg_rules(nsg, children):
        direction, access = rule.get("direction"), rule.get("access")
        if isinstance(direction, Unknown) or isinstance(access, Unknown):
            return None, allowed
        if str(direction).lower() != "outbound":
            continue
        destinations = _values(rule, "destination_address_prefix", "destination_address_prefixes")
        if any(isinstance(d, Unknown) for d in destinations):
            return None, allowed
        internet = any(str(d).strip().lower() in INTERNET_WORDS for d in destinations)
        ports = ",".join(_text(p) for p in _values(rule, "destination_port_range", "destination_port_ranges")) or "*"
        name = f"{_text(rule.get('name'))}, priority {_text(rule.get('priority'))}"
        if str(access).lower() == "deny" and internet and _all_ports(rule):
            return f"{nsg.address} ({name})", allowed
        if str(access).lower() == "allow":
            if internet and _all_ports(rule):
                return None, allowed
            allowed.append(f"{'/'.join(_text(d) for d in destinations)}:{ports} ({_text(rule.get('name'))})")
    return None, allowed


def nsg_egress(graph: Graph, egress_of: Mapping[str, tuple[str, tuple[str, ...]]], children: Mapping[str, list[Resource]]
               ) -> tuple[dict[str, tuple[str, tuple[str, ...]]], dict[str, str]]:
    """Subnet egress with the NSGs on each subnet applied: a subnet whose NSG denies the internet
    has no internet egress, whatever its routes ("none", carried by nothing; the NSG named). Returns
    (egress by subnet, subnet -> what the NSG allows out and denies)."""
    resources = graph.by_address()
    nsgs_of: dict[str, set[str]] = {}
    for edge in graph.edges:
        source, target = resources.get(edge.src), resources.get(edge.dst)
        if source is not None and target is not None and source.type == "azurerm_subnet" \
                and target.type == "azurerm_network_security_group":
            nsgs_of.setdefault(edge.src, set()).add(edge.dst)
    egress = dict(egress_of)
    notes: dict[str, str] = {}
    for subnet, nsgs in sorted(nsgs_of.items()):
        for nsg in sorted(nsgs):
            denied_by, allowed = nsg_outbound(resources[nsg], children)
            if denied_by is None:
                continue
            kept = ("; it still allows out " + ", ".join(allowed)) if allowed else ""
            notes[subnet] = f"NSG {denied_by} denies outbound traffic to the internet{kept}"
            if egress.get(subnet, ("unknown", ()))[0] != "none":
                egress[subnet] = ("none", (nsg,))
    return egress, notes


def nsg_internet_inbound(nsgs: Iterable[Resource], children: Mapping[str, list[Resource]]) -> list[tuple[str, str]]:
    """(ports, "nsg (rule)") for each inbound allow from the internet (service tag Internet, "*",
    0.0.0.0/0) evaluated before any deny of the same source for all ports."""
    out: list[tuple[str, str]] = []
    for nsg in nsgs:
        for rule in _nsg_rules(nsg, children):
            if str(rule.get("direction", "")).lower() != "inbound":
                continue
            sources = _values(rule, "source_address_prefix", "source_address_prefixes")
            if not any(isinstance(s, str) and s.strip().lower() in INTERNET_WORDS for s in sources):
                continue
            access = str(rule.get("access", "")).lower()
            if access == "deny" and _all_ports(rule):
                break
            if access == "allow":
                ports = ",".join(_text(p) for p in _values(rule, "destination_port_range",
                                                           "destination_port_ranges")) or "*"
                out.append(("all" if ports in ("*", "0-65535") else ports,
                            f"{nsg.address} ({_text(rule.get('name'))})"))
    return out


def firewall_allows_out(graph: Graph) -> dict[str, tuple[str, str]]:
    """firewall address -> (a short edge label naming what its allow rules let out, the rules in
    full): the firewall -> internet edge of a map."""
    resources = graph.by_address()
    out: dict[str, tuple[str, str]] = {}
    by_firewall: dict[str, list[FirewallRule]] = {}
    for rule in firewall_rules(graph):
        if rule.action.lower() == "allow" and rule.firewall in resources \
                and resources[rule.firewall].type == "azurerm_firewall":
            by_firewall.setdefault(rule.firewall, []).append(rule)
    for firewall, rules in sorted(by_firewall.items()):
        names = list(dict.fromkeys(d for r in rules for d in r.destinations))
        label = "allows out: " + ", ".join(names[:2]) + (f" +{len(names) - 2}" if len(names) > 2 else "")
        out[firewall] = (label, "egress the firewall rules allow (anything else is denied):\n"
                         + "\n".join(r.describe() for r in rules))
    return out


def workload_nsg_egress(graph: Graph, children: Mapping[str, list[Resource]]) -> dict[str, tuple[str, str]]:
    """workload -> (NSG, note) for workloads whose own NSG (on their network interface) denies
    outbound traffic to the internet: no route or public IP of theirs gets past it."""
    resources = graph.by_address()
    out: dict[str, tuple[str, str]] = {}
    for edge in sorted(graph.edges, key=lambda e: (e.src, e.dst)):
        source, target = resources.get(edge.src), resources.get(edge.dst)
        if source is None or target is None or target.type != "azurerm_network_security_group" \
                or source.type == "azurerm_subnet" or edge.src in graph.folded or edge.src in out:
            continue
        denied_by, allowed = nsg_outbound(target, children)
        if denied_by is not None:
            kept = ("; it still allows out " + ", ".join(allowed)) if allowed else ""
            out[edge.src] = (edge.dst, f"NSG {denied_by} on its network interface denies outbound traffic to "
                                       f"the internet{kept}")
    return out
