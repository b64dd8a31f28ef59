"""Annotation values: zones, boundary crossings, findings, costs and latency, keyed by address.

Annotators read a Graph and return these frozen values; "unknown" is a valid answer everywhere
(a value that depends on an unset variable is unknown, not zero, not false).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping

from infra2arch.model import Relation, SourceLocation


INTERNET = "synthetic:internet"   # the synthetic node that stands for the internet


class Zone(str, enum.Enum):
    """Network zones, ordered by exposure (see shared/reference/zones.md)."""

    INTERNET = "internet"        # untrusted: users, third-party APIs
    EDGE = "edge"                # reachable from the internet
    PRIVATE_APP = "private-app"  # private subnets, egress only via NAT
    DATA = "data"                # stores of data, no internet route
    MANAGEMENT = "management"    # IAM, keys, logging, CI/CD, bastions


class Plane(str, enum.Enum):
    CUSTOMER = "customer-network"      # runs in the customer's VPC/VNet
    PROVIDER = "provider-managed"      # runs in the provider's network (no VPC config, public endpoint)
    NONE = "none"                      # control-plane objects with no network presence (IAM, keys)


@dataclass(frozen=True)
class ZoneInfo:
    zone: Zone
    plane: Plane
    reasons: tuple[str, ...]           # why: "subnet routes 0.0.0.0/0 to an internet gateway", "override in infra2arch.yaml"
    overridden: bool = False
    # How traffic from this resource reaches the internet, read off its network placement (one of
    # EGRESS_KINDS; "" for objects with no network presence such as IAM), and what carries it.
    egress: str = ""
    egress_via: tuple[str, ...] = ()


# what a zone caption says about egress, most open first
EGRESS_KINDS: tuple[str, ...] = (
    "internet-gateway",   # a route to an internet gateway, or a public IP of its own
    "default-outbound",   # Azure's implicit outbound access (a subnet with no NAT, firewall or route)
    "nat",                # a NAT gateway / Cloud NAT
    "firewall",           # a default route through a firewall or network appliance
    "transit",            # a default route to a transit gateway / VPN / peered hub (egress decided elsewhere)
    "none",               # no route out: isolated subnet, deny-all egress firewall, no NAT
    "provider-managed",   # runs in the cloud provider's network: the provider decides
    "unknown",            # placed in a network whose routes are not in the input
)


@dataclass(frozen=True)
class Crossing:
    """An edge whose ends are in different zones, and what enforces the boundary."""

    src: str
    dst: str
    relation: Relation
    from_zone: Zone
    to_zone: Zone
    control: str | None                # address or description of the enforcing control; None = none found
    control_kind: str = "unknown"      # security-group | nsg | firewall | private-endpoint | resource-policy | iam | unknown


@dataclass(frozen=True)
class Exposure:
    """A workload reachable from the internet, and the path that reaches it.

    ``asset`` is the exposed thing (an API, a VM, a load balancer, a public endpoint), never a
    gateway or subnet on the way; ``path`` runs from the internet node to the asset through what
    carries the traffic (a firewall DNAT rule, a public IP, a load balancer)."""

    asset: str
    path: tuple[str, ...]
    ports: str                         # "22", "443", "all", "" when not known
    reason: str
    control: str | None = None         # what filters it (security group, NSG, firewall rule, authorizer)


class Severity(str, enum.Enum):
    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        return ["info", "low", "medium", "high", "critical"].index(self.value)


class Result(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"                # depends on a value that is not known from the input


@dataclass(frozen=True)
class Waiver:
    rule: str
    address: str                       # an address or a glob
    reason: str
    expires: str | None                # ISO date; an expired waiver no longer applies (and says so)
    expired: bool = False


@dataclass(frozen=True)
class Finding:
    rule_id: str                       # e.g. "I2A-SM-001"
    severity: Severity
    title: str
    address: str
    result: Result
    evidence: str                      # what was read: "direct_internet_access absent: provider default Enabled"
    attribute: str                     # the attribute path the verdict rests on ("" when none)
    source: SourceLocation
    remediation: str
    controls: Mapping[str, tuple[str, ...]]   # framework -> control ids
    default_applied: bool = False      # the verdict used a provider default (attribute absent)
    waiver: Waiver | None = None


@dataclass(frozen=True)
class CostComponent:
    name: str                          # "instance hours (ml.m5.large × 2)", "storage", "data processed"
    unit: str                          # "hour", "GB-month", "GB", "request"
    quantity: float | None             # per month; None = depends on usage (no usage given)
    unit_price: float | None           # USD per unit; None = not in the price book
    monthly: float | None              # quantity × unit_price; None when either is unknown
    price_id: str = ""                 # price book entry used
    note: str = ""


class CostStatus(str, enum.Enum):
    PRICED = "priced"                  # every component has a monthly figure
    USAGE = "depends-on-usage"         # some component needs usage the input does not give
    FREE = "free"                      # the type costs nothing by itself
    UNPRICED = "unpriced"              # not in the price book (not the same as free)
    UNKNOWN = "unknown"                # priced type, but a driver (instance type, count) is unknown


@dataclass(frozen=True)
class ResourceCost:
    address: str
    status: CostStatus
    components: tuple[CostComponent, ...]
    monthly: float                     # the sum of known monthly figures (a floor when status is usage/unknown)


@dataclass(frozen=True)
class CostRollup:
    group_kind: str                    # subnet | vpc | zone | module | account | region | total
    group: str
    monthly: float
    resources: int
    usage_dependent: int               # resources whose total is a floor (usage-based or unknown)
    unpriced: int
    unknown: int = 0                   # resources whose size or count is not known (not in the monthly figure)


class HopClass(str, enum.Enum):
    SAME_ZONE = "same-zone"
    CROSS_ZONE = "cross-zone"
    CROSS_REGION = "cross-region"
    INTERNET = "internet"
    PROVIDER_MANAGED = "provider-managed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class EdgeLatency:
    src: str
    dst: str
    hop: HopClass
    low_ms: float | None
    high_ms: float | None
    basis: str                         # "estimate" (from a measured table) or "assumption"
    source: str                        # the table row / assumption used


@dataclass(frozen=True)
class ServingClass:
    address: str
    kind: str                          # real-time | serverless | async | batch | unknown
    cold_start_ms: tuple[float, float] | None
    note: str


@dataclass(frozen=True)
class RequestPath:
    entry: str                         # the entry point (or the synthetic internet node)
    endpoint: str                      # the model endpoint reached
    hops: tuple[str, ...]              # addresses from entry to endpoint
    low_ms: float | None
    high_ms: float | None
    serving: str
    note: str = ""


@dataclass(frozen=True)
class Annotations:
    zones: Mapping[str, ZoneInfo] = field(default_factory=dict)
    crossings: tuple[Crossing, ...] = ()
    findings: tuple[Finding, ...] = ()
    costs: Mapping[str, ResourceCost] = field(default_factory=dict)
    rollups: tuple[CostRollup, ...] = ()
    latency: tuple[EdgeLatency, ...] = ()
    serving: Mapping[str, ServingClass] = field(default_factory=dict)
    paths: tuple[RequestPath, ...] = ()
    exposures: tuple[Exposure, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)   # price book and latency table versions and dates
