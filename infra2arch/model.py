"""The resource graph: values shared by every adapter, annotator and renderer.

Everything here is a frozen value. Adapters produce an :class:`Inventory`; ``graph.build_graph``
turns it into a :class:`Graph`. Attribute values are plain JSON-like Python values (None, bool,
int, float, str, list, dict) plus :class:`Unknown`, the explicit marker for a value that cannot be
known from the input (a computed id, an unset variable, a failed function call).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that is not known from the input.

    ``origins`` names the resource attributes the value stands for, as ``(address, attribute)``
    pairs: ``aws_subnet.a[0].id`` evaluates to ``Unknown(origins={("aws_subnet.a[0]", "id")})``.
    They survive lists, locals, module outputs and string templates, so a reference made through
    ``module.vpc.private_subnets[0]`` still leads to the exact subnet instance.
    """

    reason: str = "known only after apply"
    origins: frozenset[tuple[str, str]] = frozenset()
    # what is known of it: a string pattern with UNKNOWN_PART where parts are unknown
    # ("arn:aws:sagemaker:us-east-1:\x00:endpoint/x"), or the structure passed to jsonencode()
    partial: Any = field(default=None, compare=False)

    def __repr__(self) -> str:  # short, stable: shows up in test failures
        return f"Unknown({self.reason!r})"

    def __reduce__(self):  # positional: much faster to unpickle than a dataclass's generic state
        return (Unknown, (self.reason, self.origins, self.partial))

    def merge(self, *others: Any) -> "Unknown":
        origins = set(self.origins)
        for other in others:
            for unknown in iter_unknowns(other):
                origins |= unknown.origins
        if len(origins) == len(self.origins):
            return self
        return Unknown(self.reason, frozenset(origins), self.partial)


UNKNOWN_PART = "\x00"  # stands for an unknown stretch inside Unknown.partial strings


def iter_unknowns(value: Any) -> Iterator[Unknown]:
    """Every Unknown inside a value, depth first."""
    if isinstance(value, Unknown):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_unknowns(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_unknowns(item)


def unknown_from(reason: str, *values: Any) -> Unknown:
    """An Unknown carrying the origins of every unknown inside ``values``."""
    return Unknown(reason).merge(*values)


def is_known(value: Any) -> bool:
    """True when nothing inside the value is unknown."""
    return next(iter_unknowns(value), None) is None


class Origin(str, enum.Enum):
    TERRAFORM_HCL = "terraform-hcl"
    TERRAFORM_PLAN = "terraform-plan"
    TERRAFORM_STATE = "terraform-state"
    AWS = "aws"
    GCP = "gcp"
    AZURE = "azure"
    SYNTHETIC = "synthetic"


class Relation(str, enum.Enum):
    """What an edge means. Reference direction: ``src`` uses / points at ``dst``."""

    NETWORK = "network"      # traffic may flow (security group, route, endpoint service)
    DATA = "data"            # reads or writes data held by dst (bucket, artifact, image, dataset)
    INVOKES = "invokes"      # calls dst (API -> function -> model endpoint)
    IAM = "iam"              # runs as / is granted by dst (role, service account, identity)
    ENCRYPTS = "encrypts"    # dst is the key that encrypts src
    LOGS = "logs"            # src sends logs or metrics to dst
    DEPENDS = "depends"      # ordering or an unclassified reference


@dataclass(frozen=True, slots=True)
class SourceLocation:
    """Where a resource was read from: file and line for IaC, API call for live scans."""

    file: str | None = None
    line: int | None = None
    api: str | None = None

    def __reduce__(self):
        return (SourceLocation, (self.file, self.line, self.api))

    def label(self) -> str:
        if self.file is not None:
            return f"{self.file}:{self.line}" if self.line else self.file
        return self.api or "unknown"

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in (("file", self.file), ("line", self.line), ("api", self.api)) if v is not None}


@dataclass(frozen=True, slots=True)
class Location:
    """Where a resource runs. Any field may be an Unknown or None (not applicable / not stated)."""

    cloud: str | None = None          # aws | google | azurerm | ...
    account: Any = None               # AWS account id, GCP project, Azure subscription
    region: Any = None
    zone: Any = None                  # availability zone when the resource states one

    def __reduce__(self):
        return (Location, (self.cloud, self.account, self.region, self.zone))

    def to_json(self) -> dict[str, Any]:
        return {"cloud": self.cloud, "account": self.account, "region": self.region, "zone": self.zone}


@dataclass(frozen=True, slots=True)
class Resource:
    address: str                      # stable: Terraform address, or ARN / resource id for live scans
    type: str                         # Terraform type
    name: str                         # Terraform name label, or the cloud name for live resources
    attrs: Mapping[str, Any]
    mode: str = "managed"             # managed | data
    module: str = ""                  # module path: "module.a[\"x\"].module.b" ("" = root)
    origin: Origin = Origin.TERRAFORM_HCL
    source: SourceLocation = SourceLocation()
    location: Location = Location()
    provider: str = ""                # provider configuration: "aws", "aws.west"
    instance_key: Any = None          # count index or for_each key; Unknown when not known
    instances_unknown: bool = False   # count/for_each could not be evaluated: stands for N instances

    def __reduce__(self):
        return (Resource, (self.address, self.type, self.name, self.attrs, self.mode, self.module, self.origin,
                           self.source, self.location, self.provider, self.instance_key, self.instances_unknown))

    @property
    def block_address(self) -> str:
        """Address without the instance key: every instance of one block shares it."""
        if self.instance_key is None or self.instances_unknown:
            return self.address
        return self.address[: self.address.rindex("[")]


@dataclass(frozen=True, slots=True)
class Link:
    """A reference an adapter found: attribute ``via`` of ``src`` points at ``dst``."""

    src: str
    dst: str
    via: str                          # attribute path ("vpc_config.subnets") or "depends_on"
    inferred: bool = False            # recovered from a value (a name, an ARN, an s3:// URL)
    evidence: str = ""                # for inferred links: the value that matched

    def __reduce__(self):
        return (Link, (self.src, self.dst, self.via, self.inferred, self.evidence))


@dataclass(frozen=True, slots=True)
class Edge:
    src: str
    dst: str
    relation: Relation
    via: str
    inferred: bool = False
    evidence: str = ""

    def key(self) -> tuple:
        return (self.src, self.dst, self.relation.value, self.via, self.inferred, self.evidence)


@dataclass(frozen=True, slots=True)
class Containment:
    """``child`` sits inside ``parent`` (a network, subnet or resource group), because of ``via``."""

    parent: str
    child: str
    via: str


class GapKind(str, enum.Enum):
    PARSE_ERROR = "parse-error"
    FILE_SKIPPED = "file-skipped"
    UNDECLARED_VARIABLE = "undeclared-variable"
    UNSET_VARIABLE = "unset-variable"
    UNKNOWN_INSTANCES = "unknown-instances"
    MODULE_NOT_FOUND = "module-not-found"
    MODULE_NOT_VENDORED = "module-not-vendored"
    EVALUATION_ERROR = "evaluation-error"
    UNKNOWN_FUNCTION = "unknown-function"
    CYCLE = "cycle"
    UNRESOLVED_REFERENCE = "unresolved-reference"
    NO_CATALOG_ENTRY = "no-catalog-entry"
    ACCESS_DENIED = "access-denied"
    THROTTLED = "throttled"
    NOT_AVAILABLE = "not-available"
    REDACTED = "redacted"
    OUTSIDE_READ_ROOT = "outside-read-root"   # a file or module past the read root: not read
    LIMIT_EXCEEDED = "limit-exceeded"         # an expansion past a size bound: cut short, drawn as one node


@dataclass(frozen=True, slots=True)
class Gap:
    """Something that was not drawn or not resolved, and why. Never dropped."""

    kind: GapKind
    subject: str                      # what it is about: an address, a file, a variable, a module
    reason: str
    source: SourceLocation = SourceLocation()

    def key(self) -> tuple:
        return (self.kind.value, self.subject, self.source.file or "", self.source.line or 0, self.reason)


@dataclass(frozen=True, slots=True)
class ModuleInfo:
    """A Terraform module instance (or a module call that could not be loaded: ``loaded`` False)."""

    address: str                      # module.a["x"].module.b
    source: str                       # as written in the call
    directory: str | None             # where its files were read, relative to the scanned root
    location: SourceLocation = SourceLocation()
    loaded: bool = True


@dataclass(frozen=True, slots=True)
class NotCreated:
    """A resource block or module call that evaluates to no instances (``count = 0``, an empty
    ``for_each``): declared, not created. Listed so that a search for it says why it is not drawn."""

    address: str                      # block address; for a module call, the call (module.a.module.b)
    kind: str                         # resource | data | module
    type: str                         # Terraform type ("" for a module call)
    reason: str                       # "count = 0", "for_each is empty"
    expression: str                   # the expression that decided it, as written
    source: SourceLocation = SourceLocation()
    inside: tuple[str, ...] = ()      # module call: the blocks declared in the module, not created either


@dataclass(frozen=True, slots=True)
class Inventory:
    """What an adapter read: resources, the references between them, and what it could not resolve."""

    resources: tuple[Resource, ...]
    links: tuple[Link, ...] = ()
    gaps: tuple[Gap, ...] = ()
    modules: tuple[ModuleInfo, ...] = ()
    scanned: Mapping[str, Any] = field(default_factory=dict)  # what was scanned (kind, target, options)
    not_created: tuple[NotCreated, ...] = ()  # blocks and module calls with no instances


@dataclass(frozen=True, slots=True)
class Graph:
    resources: tuple[Resource, ...]
    edges: tuple[Edge, ...]
    containment: tuple[Containment, ...]
    gaps: tuple[Gap, ...]
    folded: Mapping[str, str]         # folded configuration resource -> the parent it folds into
    modules: tuple[ModuleInfo, ...] = ()
    scanned: Mapping[str, Any] = field(default_factory=dict)
    not_created: tuple[NotCreated, ...] = ()

    def by_address(self) -> dict[str, Resource]:
        return {r.address: r for r in self.resources}
