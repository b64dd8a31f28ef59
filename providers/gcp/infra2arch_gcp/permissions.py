"""The read-only custom IAM role a scan needs: exactly the permissions the adapter's calls use, and no
other. ``python -m infra2arch_gcp.permissions`` prints the role definition (YAML, for
``gcloud iam roles create infra2archScanner --project P --file role.yaml``).

Each call a scan makes is counted under the name of the permission it needs (``aiplatform.endpoints.list``),
so a test keeps this list equal to the calls the code makes.
"""

from __future__ import annotations

PERMISSIONS: tuple[str, ...] = (
    # the project: its number (Vertex AI and Service Networking name projects by number) and IAM policy
    "resourcemanager.projects.get",
    "resourcemanager.projects.getIamPolicy",
    # Vertex AI
    "aiplatform.locations.list",
    "aiplatform.endpoints.list",
    "aiplatform.models.list",
    "aiplatform.indexEndpoints.list",
    "aiplatform.indexes.list",
    "aiplatform.featureOnlineStores.list",
    "aiplatform.featureViews.list",
    "aiplatform.featurestores.list",
    "aiplatform.datasets.list",
    "aiplatform.pipelineJobs.list",
    "aiplatform.customJobs.list",
    "aiplatform.tensorboards.list",
    "aiplatform.persistentResources.list",
    "aiplatform.notebookRuntimeTemplates.list",
    # Workbench
    "notebooks.instances.list",
    # network
    "compute.networks.list",
    "compute.subnetworks.list",
    "compute.firewalls.list",
    "compute.routers.list",
    "compute.forwardingRules.list",
    "compute.globalAddresses.list",
    "servicenetworking.services.get",
    # storage, keys, registries, Cloud Run
    "storage.buckets.list",
    "storage.buckets.getIamPolicy",
    "cloudkms.keyRings.list",
    "cloudkms.cryptoKeys.list",
    "cloudkms.cryptoKeys.getIamPolicy",
    "artifactregistry.repositories.list",
    "artifactregistry.repositories.getIamPolicy",
    "run.services.list",
    "run.services.getIamPolicy",
    # identity
    "iam.serviceAccounts.list",
    "iam.serviceAccounts.getIamPolicy",
    "iam.serviceAccountKeys.list",
)


def role_definition() -> str:
    lines = [
        "title: infra2arch scanner (read-only)",
        "description: Read-only access for infra2arch scan gcp (Vertex AI and what surrounds it)",
        "stage: GA",
        "includedPermissions:",
        *(f"- {permission}" for permission in sorted(PERMISSIONS)),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(role_definition(), end="")
