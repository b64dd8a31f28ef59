"""Catalog records for AWS KMS key policies managed as their own resource, and for VPC IP Address
Manager (hashicorp/aws 5.x/6.x)."""

from __future__ import annotations

from infra2arch.catalog.kind import Category as C
from infra2arch.catalog.kind import Kind
from infra2arch.catalog.kind import Shape as S
from infra2arch.model import Relation as R

KINDS: tuple[Kind, ...] = (
    Kind(
        # replaces the key's inline policy: who may use and administer the key. Part of the key; the
        # principals its policy document names are read by the graph's policy links.
        "aws_kms_key_policy", C.SECURITY_KEY, "KMS key policy",
        shape=S.FOLD, parent="key_id",
        defaults={"bypass_policy_lockout_safety_check": False},
        name_attr=None, free=True,
    ),
    # --- IPAM: address planning, no traffic flows through it ------------------------------------------
    Kind(
        "aws_vpc_ipam", C.NETWORK_ROUTE, "VPC IP Address Manager",
        shape=S.HIDDEN, defaults={"tier": "advanced"},
        name_attr=None, arn=("ec2", "ipam"), live=("ec2:ipam",),
    ),
    Kind(
        "aws_vpc_ipam_scope", C.NETWORK_ROUTE, "IPAM scope",
        shape=S.HIDDEN, refs={"ipam_id": R.DEPENDS}, name_attr=None, arn=("ec2", "ipam-scope"), free=True,
    ),
    Kind(
        "aws_vpc_ipam_pool", C.NETWORK_ROUTE, "IPAM pool",
        shape=S.HIDDEN, refs={"ipam_scope_id": R.DEPENDS, "source_ipam_pool_id": R.DEPENDS},
        name_attr=None, arn=("ec2", "ipam-pool"), live=("ec2:ipam-pool",), free=True,
    ),
    Kind(
        "aws_vpc_ipam_pool_cidr", C.NETWORK_ROUTE, "IPAM pool CIDR",
        shape=S.HIDDEN, refs={"ipam_pool_id": R.DEPENDS}, name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_ipam_pool_cidr_allocation", C.NETWORK_ROUTE, "IPAM CIDR allocation",
        shape=S.HIDDEN, refs={"ipam_pool_id": R.DEPENDS}, name_attr=None, free=True,
    ),
    Kind(
        "aws_vpc_ipam_preview_next_cidr", C.NETWORK_ROUTE, "IPAM next CIDR preview",
        shape=S.HIDDEN, refs={"ipam_pool_id": R.DEPENDS}, name_attr=None, free=True,
    ),
    Kind(
        # data source: an Outpost (on-premises rack) that subnets can be created on
        "aws_outposts_outpost", C.OTHER, "Outpost lookup",
        shape=S.HIDDEN, name_attr=None, free=True,
    ),
)
