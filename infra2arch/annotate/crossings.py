"""Boundary crossings: data-plane paths (network, invokes, data) between traffic ends in different
zones, each with the control that enforces it (a resource policy, the security group / NSG rule,
a private endpoint, the store's own network rules, the caller's identity, a firewall DNAT rule, the
authorizers or invoker IAM at an entry point), or none when nothing does."""

from __future__ import annotations

from collections import defaultdict
from typing import Mapping

from infra2arch.annotate.filters import APPLIANCES, _first
from infra2arch.annotate.model import INTERNET, Crossing, Plane, Zone, ZoneInfo
from infra2arch.annotate.network import AOSS_COLLECTIONS, aoss_access_policies
from infra2arch.catalog import Category, kind
from infra2arch.model import Graph, Relation, Resource, Unknown

# Ends that carry no traffic of their own: network plumbing, rule sets, addresses and interfaces.
# An edge touching one of them configures the path; it is not a path across a boundary.
_NOT_AN_END = frozenset({Category.NETWORK_SUBNET, Category.NETWORK_VPC, Category.NETWORK_ROUTE, Category.NETWORK_DNS,
                         Category.NETWORK_PUBLIC_IP, Category.IAM_ROLE, Category.IAM_POLICY, Category.IAM_BINDING,
                         Category.ORG_GROUP, Category.OPS_LOGGING, Category.OPS_MONITORING, Category.ML_CONFIG,
                         Category.STORAGE_CONFIG, Category.OTHER})
_DATA_PLANE = frozenset({Relation.NETWORK, Relation.INVOKES, Relation.DATA})
# the service principal that calls a function, by the caller's type prefix
_PRINCIPALS = (("aws_api_gateway", "apigateway"), ("aws_apigatewayv2", "apigateway"), ("aws_cloudwatch_event", "events"),
               ("aws_s3", "s3"), ("aws_sns", "sns"), ("aws_sqs", "sqs"), ("aws_lb", "elasticloadbalancing"),
               ("aws_cloudwatch_log", "logs"), ("aws_iot", "iot"), ("aws_bedrock", "bedrock"),
               ("awscc_bedrock", "bedrock"), ("aws_cognito", "cognito"), ("aws_scheduler", "scheduler"))


def is_traffic_end(resource: Resource | None) -> bool:
    """Can this resource be one end of a data-plane path (a workload, a store, an API, an appliance)?"""
    if resource is None:
        return False
    if resource.type in APPLIANCES:
        return True
    record = kind(resource.type)
    if record is None or record.category in _NOT_AN_END:
        return False
    if record.category == Category.NETWORK_FIREWALL or "network_interface" in resource.type:
        return False  # security groups, NSGs, rule sets and NICs configure a path; they are not its ends
    return True


def _crossings(graph: Graph, zones: Mapping[str, ZoneInfo], entries: Mapping[str, str],
               rule_sets: Mapping[str, list[str]], fixed: Mapping[str, tuple[str | None, str]]) -> tuple[Crossing, ...]:
    """Data-plane paths (network, invokes, data) between traffic ends in different zones, each with
    what enforces it: a resource policy (a Lambda permission), the security group / NSG / firewall
    on the destination, the private endpoint it goes through, or the identity the caller runs as."""
    resources = graph.by_address()
    aoss_policies = aoss_access_policies(graph)
    folded_children: dict[str, list[Resource]] = defaultdict(list)
    for child, parent in sorted(graph.folded.items()):
        if child in resources:
            folded_children[parent].append(resources[child])
    runs_as: dict[str, list[str]] = defaultdict(list)        # resource -> identities it acts as
    private_endpoints_to: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        source, target = resources.get(edge.src), resources.get(edge.dst)
        record = kind(target.type) if target else None
        if record is None or source is None:
            continue
        if edge.relation == Relation.IAM and record.category == Category.IAM_ROLE:
            runs_as[edge.src].append(edge.dst)
        if source.type in ("azurerm_private_endpoint", "google_compute_forwarding_rule", "aws_vpc_endpoint") \
                and edge.relation != Relation.DEPENDS:
            private_endpoints_to[edge.dst].append(edge.src)

    def filters_of(address: str) -> list[str]:
        return [f for f in rule_sets.get(address, ()) if f in resources]

    def sg_control(src: str, dst: str) -> tuple[str | None, str]:
        rule_sets = filters_of(dst)
        if not rule_sets:
            return None, ""
        source_sets = set(filters_of(src))
        # the rule that admits the source's security group, when one names it
        for rule_set in rule_sets:
            rules = {r.address for r in folded_children.get(rule_set, ())}
            for source_set in sorted(source_sets):
                # a rule of the destination's group that admits the caller's group (either direction of the bridge)
                for edge in edges_from.get(source_set, []) + edges_from.get(rule_set, []):
                    ends = {edge.src, edge.dst}
                    rule = next((r for r in rules if edge.via.startswith(r)), None)
                    if ends == {source_set, rule_set} and rule:
                        return f"{rule_set} ({rule})", _kind_name(resources[rule_set].type)
        return ", ".join(rule_sets), _kind_name(resources[rule_sets[0]].type)

    edges_from: dict[str, list] = defaultdict(list)
    for edge in graph.edges:
        edges_from[edge.src].append(edge)

    def identities(address: str) -> list[str]:
        """What the caller acts as: its own role, or (a SageMaker endpoint or configuration) the
        execution role of the model it serves."""
        found = list(runs_as.get(address, ()))
        record = kind(resources[address].type) if address in resources else None
        if not found and record is not None and record.category in (Category.ML_ENDPOINT, Category.ML_ENDPOINT_CONFIG):
            for edge in edges_from.get(address, ()):
                if edge.relation == Relation.INVOKES and edge.dst != address:
                    found += identities(edge.dst) if edge.dst in resources and kind(resources[edge.dst].type) \
                        and kind(resources[edge.dst].type).category != Category.ML_ENDPOINT else runs_as.get(edge.dst, [])
        return sorted(set(found))

    def control_for(src: str, dst: str, relation: Relation, via: str) -> tuple[str | None, str]:
        source = resources.get(src)
        if src == INTERNET:
            entry = _entry_control(dst, resources, folded_children, zones.get(dst), aoss_policies)
            if entry is not None:
                return entry
        if relation == Relation.INVOKES:
            permission = _permission_for(src, dst, via, resources, folded_children)
            if permission:
                return permission, "resource-policy"
        if source is not None and source.type in ("azurerm_private_endpoint", "google_compute_forwarding_rule",
                                                  "aws_vpc_endpoint"):
            return src, "private-endpoint"
        dst_info = zones.get(dst)
        if relation == Relation.NETWORK or src == INTERNET or (dst_info is not None and dst_info.plane == Plane.CUSTOMER):
            # in the customer's network the security group / NSG on the destination admits the path
            control, control_kind = sg_control(src, dst)
            if control:
                return control, control_kind
        endpoints = sorted(set(private_endpoints_to.get(dst, ())))
        src_info = zones.get(src)
        if endpoints and src_info is not None and src_info.plane == Plane.CUSTOMER:
            return ", ".join(endpoints), "private-endpoint"
        if relation in (Relation.DATA, Relation.INVOKES) and src != INTERNET and identities(src):
            return ", ".join(identities(src)), "iam"
        target = resources.get(dst)
        if target is not None and _denies_by_default(target):
            return f"{dst} network rules (default Deny)", "firewall"
        if relation in (Relation.DATA, Relation.INVOKES) and source is not None \
                and _first(source.attrs.get("identity")).get("type") not in (None, "", "None"):
            return f"{src} managed identity", "iam"
        if relation != Relation.NETWORK and src != INTERNET:
            control, control_kind = sg_control(src, dst)
            if control:
                return control, control_kind
        return None, "none"

    out: list[Crossing] = []
    for address in sorted(entries):
        if address in zones:
            control, control_kind = fixed.get(address) or control_for(INTERNET, address, Relation.NETWORK, "")
            out.append(Crossing(INTERNET, address, Relation.NETWORK, Zone.INTERNET, zones[address].zone, control, control_kind))
    for edge in graph.edges:
        if edge.relation not in _DATA_PLANE:
            continue  # who may act (IAM), keys, logs and build-order dependencies are not network paths
        src, dst = graph.folded.get(edge.src, edge.src), graph.folded.get(edge.dst, edge.dst)
        if src == dst or not is_traffic_end(resources.get(src)) or not is_traffic_end(resources.get(dst)):
            continue
        a, b = zones.get(src), zones.get(dst)
        if a is None or b is None or a.zone == b.zone:
            continue
        control, control_kind = control_for(src, dst, edge.relation, edge.via)
        out.append(Crossing(src, dst, edge.relation, a.zone, b.zone, control, control_kind))
    unique = {(c.src, c.dst, c.relation.value): c for c in out}
    return tuple(unique[k] for k in sorted(unique))


_PUBLIC_MEMBERS = frozenset({"allUsers", "allAuthenticatedUsers"})


# the zone reasons that mean "anyone may read it": nothing enforces such a path
_PUBLIC_DATA = ("allUsers", "public ACL", "Principal \"*\"", "container access type")
# services whose public endpoint still demands a caller identity (Entra ID, IAM, keys, presigned URLs)
_AUTHENTICATED = frozenset({Category.ML_WORKSPACE, Category.ML_ENDPOINT, Category.ML_NOTEBOOK, Category.ML_INDEX,
                            Category.STORAGE_OBJECT, Category.STORAGE_DATABASE, Category.STORAGE_WAREHOUSE,
                            Category.STORAGE_REGISTRY, Category.SECURITY_KEY, Category.SECURITY_SECRET,
                            Category.ML_FEATURE_STORE, Category.ML_DATASET})


# what proves a caller's identity to a provider's public service endpoint, by provider prefix
_CALLER_IDENTITY = {"aws": "IAM / SigV4", "awscc": "IAM / SigV4", "google": "Google IAM",
                    "azurerm": "Entra ID / keys", "azapi": "Entra ID / keys", "azureml": "Entra ID / keys"}


def _entry_control(address: str, resources: Mapping[str, Resource], folded_children: Mapping[str, list[Resource]],
                   info: ZoneInfo | None = None, aoss_policies: Mapping[str, list[str]] | None = None
                   ) -> tuple[str | None, str] | None:
    """What stands between the internet and an entry point: the authorizers on an API's routes, or
    a service's invoker IAM when it grants no one on the internet (Cloud Run / Cloud Functions)."""
    resource = resources.get(address)
    if resource is None:
        return None
    children = folded_children.get(address, ())
    if resource.type in ("aws_apigatewayv2_api", "aws_api_gateway_rest_api"):
        routes = [c for c in children if c.type in ("aws_apigatewayv2_route", "aws_api_gateway_method")]
        kinds = [str(r.attrs.get("authorization_type", r.attrs.get("authorization", "NONE"))) for r in routes]
        if routes and all(k.upper() not in ("NONE", "") for k in kinds):
            return ", ".join(sorted(r.address for r in routes)), "authorizer"
        return None   # at least one route (or the default) admits anyone: nothing enforces that path
    if resource.type.startswith(("google_cloud_run", "google_cloudfunctions")):
        # ingress all: the invoker IAM decides (allUsers makes it public)
        grants = [c for c in children if "_iam_" in c.type]
        members = [m for c in grants for m in ([c.attrs.get("member")] + (
            list(c.attrs["members"]) if isinstance(c.attrs.get("members"), list) else []))]
        if any(isinstance(m, str) and m in _PUBLIC_MEMBERS for m in members) or \
                any(isinstance(m, Unknown) for m in members):
            return None
        return (", ".join(sorted(c.address for c in grants)) if grants else f"{address} invoker IAM"), "iam"
    if resource.type in ("aws_eks_cluster", "google_container_cluster"):
        # a public Kubernetes API still demands a cloud identity mapped to a Kubernetes user
        who = "IAM, access entries / aws-auth" if resource.type.startswith("aws_") else "Google IAM, RBAC"
        return f"Kubernetes API authentication ({who})", "identity"
    # (Azure ML compute without a subnet: whatever filters its public IP lives in Azure's network,
    # not in the code, so no control is claimed for it)
    if resource.type in AOSS_COLLECTIONS:
        # past an open network policy, only the data access policy (and IAM) admits a caller
        policies = aoss_policies.get(address) if aoss_policies is not None else None
        return (", ".join(policies) if policies else "data access policy (IAM): not in the input"), "identity"
    if resource.type in ("aws_sagemaker_notebook_instance", "aws_sagemaker_domain"):
        # users reach the notebook or Studio through SageMaker's presigned URLs, never its ENI
        return "SageMaker presigned URL (IAM authentication)", "identity"
    record = kind(resource.type)
    if record is not None and record.category in _AUTHENTICATED and info is not None:
        if any(marker in reason for reason in info.reasons for marker in _PUBLIC_DATA):
            return None   # readable by anyone: nothing enforces the path
        if info.plane != Plane.CUSTOMER:
            who = _CALLER_IDENTITY.get(resource.type.split("_", 1)[0], "identity / keys")
            return f"authentication only ({who}): no network restriction", "identity"
    return None


def _denies_by_default(resource: Resource) -> bool:
    """A store whose own network rules refuse traffic unless allowed (storage account network_rules,
    Key Vault network_acls, registry network_rule_set with default_action Deny, or public access off)."""
    attrs = resource.attrs
    for block in ("network_rules", "network_acls", "network_rule_set"):
        if str(_first(attrs.get(block)).get("default_action", "")).lower() == "deny":
            return True
    return resource.type.startswith("azurerm_") and attrs.get("public_network_access_enabled") is False


def _kind_name(tf_type: str) -> str:
    if "network_security" in tf_type:
        return "nsg"
    if "security_group" in tf_type:
        return "security-group"
    return "firewall"


def _permission_for(src: str, dst: str, via: str, resources: Mapping[str, Resource],
                    folded_children: Mapping[str, list[Resource]]) -> str | None:
    """The resource policy that lets ``src`` invoke ``dst``: the Lambda permission the edge came
    from, or one on the function whose principal is the caller's service."""
    head = via.split(".")
    if len(head) >= 2 and f"{head[0]}.{head[1]}" in resources and head[0] in ("aws_lambda_permission",):
        return f"{head[0]}.{head[1]}"
    caller = resources.get(src)
    service = next((p for prefix, p in _PRINCIPALS if caller.type.startswith(prefix)), None) if caller else None
    for child in folded_children.get(dst, ()):
        if child.type != "aws_lambda_permission":
            continue
        principal = child.attrs.get("principal")
        if isinstance(principal, str) and service and principal.startswith(service + "."):
            return child.address
    return None
