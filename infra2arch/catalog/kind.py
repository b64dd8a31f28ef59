"""The shape of one catalog record: everything infra2arch knows about one Terraform type."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any, Mapping

from infra2arch.model import Relation


class Category(str, enum.Enum):
    # machine learning
    ML_WORKSPACE = "ml.workspace"            # SageMaker domain, Azure ML workspace, Vertex metadata store
    ML_NOTEBOOK = "ml.notebook"              # notebook instances, Workbench, compute instances
    ML_COMPUTE = "ml.compute"                # training clusters, HyperPod, Azure ML compute cluster
    ML_TRAINING = "ml.training"              # training and processing jobs
    ML_MODEL = "ml.model"                    # a model definition (image + artifacts + role)
    ML_ENDPOINT_CONFIG = "ml.endpoint-config"
    ML_ENDPOINT = "ml.endpoint"              # where a model is served
    ML_DEPLOYMENT = "ml.deployment"          # a model deployed onto an endpoint
    ML_REGISTRY = "ml.registry"              # model package groups, model registries
    ML_PIPELINE = "ml.pipeline"
    ML_FEATURE_STORE = "ml.feature-store"
    ML_DATASET = "ml.dataset"
    ML_INDEX = "ml.index"                    # vector search indexes and their endpoints
    ML_MONITORING = "ml.monitoring"          # tensorboards, model monitors, data capture
    ML_CONFIG = "ml.config"                  # lifecycle configs, code repositories, user profiles, apps
    # network
    NETWORK_VPC = "network.vpc"              # VPC, VNet, GCP network
    NETWORK_SUBNET = "network.subnet"
    NETWORK_ROUTE = "network.route"          # route tables, routes, associations, routers
    NETWORK_GATEWAY = "network.gateway"      # internet and NAT gateways, Cloud NAT, VPN
    NETWORK_PUBLIC_IP = "network.public-ip"
    NETWORK_FIREWALL = "network.firewall"    # security groups, NSGs, firewalls and their rules
    NETWORK_PRIVATE_ENDPOINT = "network.private-endpoint"
    NETWORK_LOAD_BALANCER = "network.load-balancer"
    NETWORK_API = "network.api"              # API gateways and their routes/integrations
    NETWORK_CDN = "network.cdn"
    NETWORK_DNS = "network.dns"
    # compute
    COMPUTE_FUNCTION = "compute.function"
    COMPUTE_VM = "compute.vm"
    COMPUTE_CONTAINER = "compute.container"  # EKS/AKS/GKE/ECS/Cloud Run
    # storage and data
    STORAGE_OBJECT = "storage.object"        # buckets, storage accounts, containers
    STORAGE_CONFIG = "storage.config"        # bucket policies, encryption, versioning, public access blocks
    STORAGE_DATABASE = "storage.database"
    STORAGE_WAREHOUSE = "storage.warehouse"  # BigQuery, Redshift
    STORAGE_REGISTRY = "storage.registry"    # container/artifact registries
    STORAGE_QUEUE = "storage.queue"          # SQS/SNS/Pub/Sub/Event Hubs
    # security and identity
    IAM_ROLE = "iam.role"                    # roles, service accounts, managed identities
    IAM_POLICY = "iam.policy"
    IAM_BINDING = "iam.binding"              # attachments, members, role assignments
    SECURITY_KEY = "security.key"            # KMS keys, key rings, Key Vaults
    SECURITY_SECRET = "security.secret"
    # operations
    OPS_LOGGING = "ops.logging"
    OPS_MONITORING = "ops.monitoring"
    OPS_CICD = "ops.cicd"
    OPS_WORKFLOW = "ops.workflow"            # Step Functions, workflows, schedulers
    # organisation
    ORG_GROUP = "org.group"                  # Azure resource groups, GCP projects/folders
    OTHER = "other"


class Shape(str, enum.Enum):
    NODE = "node"      # drawn as a node
    GROUP = "group"    # drawn as a box that contains others (VPC, subnet, resource group)
    FOLD = "fold"      # configuration of a parent: folds into it (attributes and edges), kept in JSON
    HIDDEN = "hidden"  # not drawn and not folded (helpers such as policy documents); kept in JSON


@dataclass(frozen=True, slots=True)
class Kind:
    """One catalog record. Keyed by ``tf_type``; all fields but the first two are optional.

    Attribute paths use dots and ignore list indexes: ``vpc_config.subnets`` matches
    ``vpc_config[0].subnets[2]``.
    """

    tf_type: str
    category: Category
    label: str = ""                               # short human name: "SageMaker endpoint"
    shape: Shape = Shape.NODE
    icon: str | None = None                       # diagrams class path, imported lazily
    refs: Mapping[str, Relation] = field(default_factory=dict)   # attr path -> meaning of a reference there
    placement: tuple[str, ...] = ()               # attr paths that place it in a network/subnet/group
    parent: str | None = None                     # FOLD: attr path whose target is the parent
    bridge: tuple[str, str, Relation] | None = None  # FOLD: (src attr, dst attr, relation) edge it stands for
    target_relation: Relation | None = None       # meaning of a reference *to* this type when the source does not say
    defaults: Mapping[str, Any] = field(default_factory=dict)    # provider defaults that matter
    name_attr: str | None = "name"                # attribute holding the cloud-side name (inferred links)
    arn: tuple[str, str] | None = None            # AWS ARN (service, resource type) naming this type
    live: tuple[str, ...] = ()                    # matching live API objects ("sagemaker:endpoint")
    free: bool = False                            # known to cost nothing (not the same as unpriced)
    # A network appliance (firewall, NAT, NVA): a workload in its subnet on every map, even where its
    # category (security groups and firewalls) is otherwise drawn as the edges it allows.
    appliance: bool = False
    # "type.attr" of resources that own this one: when such a resource references it there, this one
    # folds into that resource (a firewall policy into its firewall, a NIC into its VM).
    owned_by: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        return self.label or self.tf_type
