"""Catalog records for Google Cloud persistent disks and their attachments, object ACL entries and
Google Cloud VMware Engine (hashicorp/google 5.x/6.x).

A disk is part of the instance it is attached to: it folds into that instance, through an attached
disk resource or the instance's attached_disk block.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation

KINDS: tuple[Kind, ...] = (
    Kind(
        "google_compute_disk",
        Category.STORAGE_OBJECT,
        label="Persistent disk",
        icon="diagrams.gcp.storage.PersistentDisk",
        refs={
            "disk_encryption_key.kms_key_self_link": Relation.ENCRYPTS,
            "disk_encryption_key.kms_key_service_account": Relation.IAM,
            "source_image_encryption_key.kms_key_self_link": Relation.ENCRYPTS,
            "source_snapshot_encryption_key.kms_key_self_link": Relation.ENCRYPTS,
            "snapshot": Relation.DATA,
            "source_disk": Relation.DATA,
            "image": Relation.DEPENDS,
            "resource_policies": Relation.DEPENDS,
        },
        target_relation=Relation.DATA,
        live=("compute:disks",),
        owned_by=("google_compute_attached_disk.disk", "google_compute_instance.attached_disk.source",
                  "google_compute_instance.boot_disk.source"),
    ),
    Kind(
        "google_compute_attached_disk",
        Category.STORAGE_CONFIG,
        label="Attached disk",
        shape=Shape.FOLD,
        parent="instance",
        bridge=("instance", "disk", Relation.DATA),
        name_attr=None,
        free=True,
    ),
    Kind(
        # one ACL entry on one object (entity allUsers / allAuthenticatedUsers makes it public)
        "google_storage_object_access_control",
        Category.STORAGE_CONFIG,
        label="Object ACL entry",
        shape=Shape.FOLD,
        refs={"object": Relation.DEPENDS},
        parent="bucket",
        name_attr=None,
        free=True,
    ),
    # --- Google Cloud VMware Engine ---------------------------------------------------------------
    Kind(
        "google_vmwareengine_network",  # the network private clouds attach to, peered with VPCs
        Category.NETWORK_VPC,
        label="VMware Engine network",
        icon="diagrams.gcp.network.VirtualPrivateCloud",
        target_relation=Relation.NETWORK,
        live=("vmwareengine:vmwareEngineNetworks",),
        free=True,
    ),
    Kind(
        "google_vmwareengine_private_cloud",  # dedicated ESXi hosts, billed per node
        Category.COMPUTE_VM,
        label="VMware Engine private cloud",
        icon="diagrams.gcp.compute.GCE",
        refs={"network_config.vmware_engine_network": Relation.NETWORK},
        target_relation=Relation.NETWORK,
        live=("vmwareengine:privateClouds",),
    ),
    Kind(
        "google_vmwareengine_cluster",
        Category.COMPUTE_VM,
        label="VMware Engine cluster",
        shape=Shape.FOLD,
        parent="parent",
        live=("vmwareengine:privateClouds.clusters",),
    ),
)
