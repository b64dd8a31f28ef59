"""Google Cloud estates served by the fake, in the documented v1/v2 JSON shapes.

:class:`Project` registers every list route the adapter reads (empty until filled), then adds objects the
way the real APIs answer them: Vertex AI names and ``network`` fields carry the project *number*,
Compute and Workbench references are full ``https://www.googleapis.com/compute/v1/...`` URLs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .fake import FakeGoogle

COMPUTE = "https://www.googleapis.com/compute/v1"
VERTEX_COLLECTIONS = ("endpoints", "models", "indexEndpoints", "indexes", "featureOnlineStores", "featurestores",
                      "datasets", "pipelineJobs", "customJobs", "tensorboards", "persistentResources",
                      "notebookRuntimeTemplates")


@dataclass
class Project:
    fake: FakeGoogle
    project: str
    number: str
    regions: tuple[str, ...]
    vertex_regions: tuple[str, ...] | None = None     # default: every region
    zones: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        f, p = self.fake, self.project
        self.zones = {r: self.zones.get(r, (f"{r}-a", f"{r}-b")) for r in self.regions}
        f.put(f"/v1/projects/{p}", {"projectNumber": self.number, "projectId": p, "name": p,
                                    "lifecycleState": "ACTIVE"})
        f.put(f"/v1/projects/{p}:getIamPolicy", {})   # marks the project known: an empty policy
        f.policy(f"projects/{p}", {})
        vertex = self.vertex_regions if self.vertex_regions is not None else self.regions
        f.collection(f"/ui/projects/{p}/locations", "locations",
                     [{"name": f"projects/{p}/locations/{r}", "locationId": r} for r in vertex])
        f.collection(f"/compute/v1/projects/{p}/zones", "items",
                     [{"name": z, "region": f"{COMPUTE}/projects/{p}/regions/{r}", "status": "UP"}
                      for r, zones in self.zones.items() for z in zones])
        for collection in ("networks", "firewalls", "addresses"):
            f.collection(f"/compute/v1/projects/{p}/global/{collection}", "items", [])
        f.collection(f"/v1/projects/{p}/serviceAccounts", "accounts", [])
        f.collection("/storage/v1/b", "items", [], query=f"project={p}")
        for region in self.regions:
            for collection in ("subnetworks", "routers", "forwardingRules"):
                f.collection(f"/compute/v1/projects/{p}/regions/{region}/{collection}", "items", [])
            for collection in VERTEX_COLLECTIONS if region in vertex else ():
                f.collection(f"/v1/projects/{p}/locations/{region}/{collection}", collection, [])
            f.collection(f"/v1/projects/{p}/locations/{region}/keyRings", "keyRings", [])
            f.collection(f"/v1/projects/{p}/locations/{region}/repositories", "repositories", [])
            f.collection(f"/v2/projects/{p}/locations/{region}/services", "services", [])
            for zone in self.zones[region]:
                f.collection(f"/v2/projects/{p}/locations/{zone}/instances", "instances", [])

    # -- names

    def vertex(self, region: str, collection: str, ident: str) -> str:
        return f"projects/{self.number}/locations/{region}/{collection}/{ident}"

    def network_url(self, name: str) -> str:
        return f"{COMPUTE}/projects/{self.project}/global/networks/{name}"

    def subnet_url(self, region: str, name: str) -> str:
        return f"{COMPUTE}/projects/{self.project}/regions/{region}/subnetworks/{name}"

    def sa_email(self, account_id: str) -> str:
        return f"{account_id}@{self.project}.iam.gserviceaccount.com"

    def key_name(self, region: str, ring: str, key: str) -> str:
        return f"projects/{self.project}/locations/{region}/keyRings/{ring}/cryptoKeys/{key}"

    # -- network

    def network(self, name: str, *, auto: bool = False) -> str:
        url = self.network_url(name)
        self.fake.collection(f"/compute/v1/projects/{self.project}/global/networks", "items", {
            "kind": "compute#network", "id": str(abs(hash(name)) % 10**18), "name": name, "selfLink": url,
            "autoCreateSubnetworks": auto, "routingConfig": {"routingMode": "REGIONAL"}, "mtu": 1460,
            "creationTimestamp": "2024-05-01T10:00:00.000-07:00"})
        self.fake.collection("/v1/services/servicenetworking.googleapis.com/connections", "connections", [],
                             query=f"network=projects/{self.number}/global/networks/{name}")
        return url

    def subnet(self, region: str, name: str, network: str, cidr: str, *, private_google_access: bool = True,
               flow_logs: bool = True) -> str:
        url = self.subnet_url(region, name)
        item = {"kind": "compute#subnetwork", "name": name, "selfLink": url, "network": self.network_url(network),
                "ipCidrRange": cidr, "region": f"{COMPUTE}/projects/{self.project}/regions/{region}",
                "privateIpGoogleAccess": private_google_access, "purpose": "PRIVATE", "stackType": "IPV4_ONLY",
                "gatewayAddress": cidr.rsplit(".", 2)[0] + ".0.1"}
        if flow_logs:
            item["logConfig"] = {"enable": True, "aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 0.5,
                                 "metadata": "INCLUDE_ALL_METADATA"}
        self.fake.collection(f"/compute/v1/projects/{self.project}/regions/{region}/subnetworks", "items", item)
        return url

    def firewall(self, name: str, network: str, *, sources: list[str], allowed: list[dict],
                 target_tags: list[str] | None = None, log: bool = False) -> None:
        item = {"kind": "compute#firewall", "name": name, "network": self.network_url(network),
                "selfLink": f"{COMPUTE}/projects/{self.project}/global/firewalls/{name}", "direction": "INGRESS",
                "priority": 1000, "sourceRanges": sources, "allowed": allowed, "disabled": False}
        if target_tags:
            item["targetTags"] = target_tags
        item["logConfig"] = {"enable": log, **({"metadata": "INCLUDE_ALL_METADATA"} if log else {})}
        self.fake.collection(f"/compute/v1/projects/{self.project}/global/firewalls", "items", item)

    def router(self, region: str, name: str, network: str, *, nat: str | None = None, subnet: str | None = None) -> None:
        item: dict = {"kind": "compute#router", "name": name, "network": self.network_url(network),
                      "region": f"{COMPUTE}/projects/{self.project}/regions/{region}",
                      "selfLink": f"{COMPUTE}/projects/{self.project}/regions/{region}/routers/{name}"}
        if nat:
            item["nats"] = [{"name": nat, "natIpAllocateOption": "AUTO_ONLY",
                             "sourceSubnetworkIpRangesToNat": "LIST_OF_SUBNETWORKS",
                             "subnetworks": [{"name": self.subnet_url(region, subnet),
                                              "sourceIpRangesToNat": ["ALL_IP_RANGES"]}] if subnet else [],
                             "logConfig": {"enable": True, "filter": "ERRORS_ONLY"}}]
        self.fake.collection(f"/compute/v1/projects/{self.project}/regions/{region}/routers", "items", item)

    def psa(self, name: str, network: str, prefix: int = 20, address: str = "10.100.0.0") -> None:
        """A private service access range and its peering with servicenetworking."""
        self.fake.collection(f"/compute/v1/projects/{self.project}/global/addresses", "items", {
            "kind": "compute#address", "name": name, "address": address, "prefixLength": prefix,
            "purpose": "VPC_PEERING", "addressType": "INTERNAL", "network": self.network_url(network),
            "selfLink": f"{COMPUTE}/projects/{self.project}/global/addresses/{name}"})
        self.fake.collection("/v1/services/servicenetworking.googleapis.com/connections", "connections", {
            "network": f"projects/{self.number}/global/networks/{network}", "peering": "servicenetworking-googleapis-com",
            "service": "services/servicenetworking.googleapis.com", "reservedPeeringRanges": [name]},
            query=f"network=projects/{self.number}/global/networks/{network}")

    def psc_endpoint(self, region: str, name: str, network: str, subnet: str, ip: str, target: str) -> None:
        self.fake.collection(f"/compute/v1/projects/{self.project}/regions/{region}/forwardingRules", "items", {
            "kind": "compute#forwardingRule", "name": name, "IPAddress": ip, "target": target,
            "network": self.network_url(network), "subnetwork": self.subnet_url(region, subnet),
            "loadBalancingScheme": "", "pscConnectionStatus": "ACCEPTED",
            "region": f"{COMPUTE}/projects/{self.project}/regions/{region}",
            "selfLink": f"{COMPUTE}/projects/{self.project}/regions/{region}/forwardingRules/{name}"})

    # -- identity, keys, storage, registry, Cloud Run

    def service_account(self, account_id: str, display: str = "") -> str:
        email = self.sa_email(account_id)
        self.fake.collection(f"/v1/projects/{self.project}/serviceAccounts", "accounts", {
            "name": f"projects/{self.project}/serviceAccounts/{email}", "projectId": self.project, "email": email,
            "uniqueId": str(100000000000000000000 + len(self.fake.objects)), "displayName": display or account_id,
            "etag": "MDEwMjE5MjA="},
            object_path=lambda item: f"/v1/{item['name']}")
        self.fake.collection(f"/v1/projects/{self.project}/serviceAccounts/{email}/keys", "keys", [])
        return email

    def project_policy(self, bindings: dict[str, list[str]]) -> None:
        self.fake.policy(f"projects/{self.project}", bindings)

    def kms_key(self, region: str, ring: str, key: str, rotation: str | None = "7776000s") -> str:
        ring_name = f"projects/{self.project}/locations/{region}/keyRings/{ring}"
        if not any(r["name"] == ring_name for r in self.fake.collections[
                f"/v1/projects/{self.project}/locations/{region}/keyRings"][1]):
            self.fake.collection(f"/v1/projects/{self.project}/locations/{region}/keyRings", "keyRings",
                                 {"name": ring_name, "createTime": "2024-05-01T10:00:00Z"},
                                 object_path=lambda item: f"/v1/{item['name']}")
            self.fake.collection(f"/v1/{ring_name}/cryptoKeys", "cryptoKeys", [])
        item = {"name": f"{ring_name}/cryptoKeys/{key}", "purpose": "ENCRYPT_DECRYPT",
                "versionTemplate": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protectionLevel": "SOFTWARE"},
                "primary": {"name": f"{ring_name}/cryptoKeys/{key}/cryptoKeyVersions/1", "state": "ENABLED"}}
        if rotation:
            item["rotationPeriod"] = rotation
            item["nextRotationTime"] = "2025-01-01T00:00:00Z"
        self.fake.collection(f"/v1/{ring_name}/cryptoKeys", "cryptoKeys", item,
                             object_path=lambda i: f"/v1/{i['name']}")
        return item["name"]

    def bucket(self, name: str, location: str, *, kms: str | None = None, public_access_prevention: str = "enforced",
               uniform: bool = True, versioning: bool = True, members: dict[str, list[str]] | None = None) -> None:
        item: dict = {"kind": "storage#bucket", "id": name, "name": name, "projectNumber": self.number,
                      "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}", "location": location,
                      "locationType": "region", "storageClass": "STANDARD", "timeCreated": "2024-05-01T10:00:00.000Z",
                      "updated": "2024-05-02T10:00:00.000Z", "metageneration": "3", "etag": "CAM=",
                      "iamConfiguration": {"uniformBucketLevelAccess": {"enabled": uniform,
                                                                        "lockedTime": "2024-08-01T10:00:00Z"},
                                           "publicAccessPrevention": public_access_prevention},
                      "versioning": {"enabled": versioning}}
        if kms:
            item["encryption"] = {"defaultKmsKeyName": kms}
        self.fake.collection("/storage/v1/b", "items", item, query=f"project={self.project}",
                             object_path=lambda i: f"/storage/v1/b/{i['name']}")
        self.fake.policy(f"/storage/v1/b/{name}", {"roles/storage.legacyBucketOwner": [f"projectOwner:{self.project}"],
                                                    **(members or {})})

    def repository(self, region: str, repository_id: str, *, kms: str | None = None,
                   readers: list[str] | None = None) -> None:
        name = f"projects/{self.project}/locations/{region}/repositories/{repository_id}"
        item: dict = {"name": name, "format": "DOCKER", "mode": "STANDARD_REPOSITORY",
                      "dockerConfig": {"immutableTags": True}, "createTime": "2024-05-01T10:00:00Z"}
        if kms:
            item["kmsKeyName"] = kms
        self.fake.collection(f"/v1/projects/{self.project}/locations/{region}/repositories", "repositories", item,
                             object_path=lambda i: f"/v1/{i['name']}")
        if readers:
            self.fake.policy(name, {"roles/artifactregistry.reader": readers})

    def run_service(self, region: str, name: str, *, image: str, env: dict[str, str], service_account: str,
                    network: str | None = None, subnet: str | None = None, ingress: str = "INGRESS_TRAFFIC_ALL",
                    invokers: list[str] | None = None) -> None:
        full = f"projects/{self.project}/locations/{region}/services/{name}"
        template: dict = {"serviceAccount": service_account, "maxInstanceRequestConcurrency": 40, "timeout": "30s",
                          "scaling": {"minInstanceCount": 0, "maxInstanceCount": 10},
                          "containers": [{"image": image, "ports": [{"containerPort": 8080, "name": "http1"}],
                                          "env": [{"name": k, "value": v} for k, v in env.items()],
                                          "resources": {"limits": {"cpu": "1", "memory": "512Mi"}, "cpuIdle": True}}]}
        if network:
            template["vpcAccess"] = {"egress": "PRIVATE_RANGES_ONLY", "networkInterfaces": [
                {"network": network, "subnetwork": subnet, "tags": ["predict-api"]}]}
        self.fake.collection(f"/v2/projects/{self.project}/locations/{region}/services", "services", {
            "name": full, "uid": "0a1b2c", "generation": "4", "createTime": "2024-05-01T10:00:00Z",
            "ingress": ingress, "launchStage": "GA", "template": template,
            "uri": f"https://{name}-abcdefghij-uc.a.run.app", "etag": "x"},
            object_path=lambda i: f"/v2/{i['name']}")
        if invokers:
            self.fake.policy(full, {"roles/run.invoker": invokers})

    # -- Vertex AI and Workbench

    def _vertex(self, region: str, collection: str, item: dict) -> None:
        self.fake.collection(f"/v1/projects/{self.project}/locations/{region}/{collection}", collection, item,
                             object_path=lambda i: None)

    def endpoint(self, region: str, ident: str, display: str, *, network: str | None = None, psc: bool = False,
                 kms: str | None = None, deployed: list[dict] | None = None) -> str:
        item: dict = {"name": self.vertex(region, "endpoints", ident), "displayName": display,
                      "createTime": "2024-06-01T10:00:00Z", "etag": "AMEw9yN="}
        if network:
            item["network"] = f"projects/{self.number}/global/networks/{network}"
        if psc:
            item["privateServiceConnectConfig"] = {"enablePrivateServiceConnect": True,
                                                   "projectAllowlist": [self.project]}
        if kms:
            item["encryptionSpec"] = {"kmsKeyName": kms}
        if deployed:
            item["deployedModels"] = deployed
            item["trafficSplit"] = {d["id"]: 100 // len(deployed) for d in deployed}
        self._vertex(region, "endpoints", item)
        return item["name"]

    def deployed(self, region: str, ident: str, model: str, *, machine: str = "n1-standard-4",
                 accelerator: str | None = None, replicas: tuple[int, int] = (1, 2), service_account: str = "") -> dict:
        spec: dict = {"machineType": machine}
        if accelerator:
            spec.update(acceleratorType=accelerator, acceleratorCount=1)
        item = {"id": ident, "model": self.vertex(region, "models", model), "displayName": f"{model}-v1",
                "dedicatedResources": {"machineSpec": spec, "minReplicaCount": replicas[0],
                                       "maxReplicaCount": replicas[1]},
                "createTime": "2024-06-01T10:00:00Z", "enableAccessLogging": True}
        if service_account:
            item["serviceAccount"] = service_account
        return item

    def model(self, region: str, ident: str, display: str, *, artifact_uri: str, image: str,
              env: dict[str, str] | None = None, kms: str | None = None) -> None:
        item: dict = {"name": self.vertex(region, "models", ident), "displayName": display, "versionId": "1",
                      "artifactUri": artifact_uri,
                      "containerSpec": {"imageUri": image, "env": [{"name": k, "value": v} for k, v in (env or {}).items()],
                                        "ports": [{"containerPort": 8080}]},
                      "supportedDeploymentResourcesTypes": ["DEDICATED_RESOURCES"], "createTime": "2024-06-01T10:00:00Z"}
        if kms:
            item["encryptionSpec"] = {"kmsKeyName": kms}
        self._vertex(region, "models", item)

    def simple(self, region: str, collection: str, ident: str, display: str, kms: str | None = None, **extra) -> None:
        item = {"name": self.vertex(region, collection, ident), "displayName": display, **extra}
        if kms:
            item["encryptionSpec"] = {"kmsKeyName": kms}
        self._vertex(region, collection, item)

    def feature_online_store(self, region: str, name: str, *, views: dict[str, str] | None = None) -> None:
        store = self.vertex(region, "featureOnlineStores", name)
        self._vertex(region, "featureOnlineStores", {
            "name": store, "bigtable": {"autoScaling": {"minNodeCount": 1, "maxNodeCount": 3, "cpuUtilizationTarget": 60}},
            "state": "STABLE", "createTime": "2024-06-01T10:00:00Z"})
        self.fake.collection(f"/v1/projects/{self.project}/locations/{region}/featureOnlineStores/{name}/featureViews",
                             "featureViews", [{"name": f"{store}/featureViews/{view}",
                                               "bigQuerySource": {"uri": uri, "entityIdColumns": ["customer_id"]},
                                               "syncConfig": {"cron": "TZ=Etc/UTC 0 */6 * * *"}}
                                              for view, uri in (views or {}).items()], object_path=lambda i: None)

    def workbench(self, zone: str, name: str, *, network: str, subnet: str, service_account: str,
                  disable_public_ip: bool | None, kms: str | None = None, metadata: dict | None = None) -> None:
        region = zone.rsplit("-", 1)[0]
        disk: dict = {"diskSizeGb": "150", "diskType": "PD_BALANCED"}
        if kms:
            disk.update(diskEncryption="CMEK", kmsKey=kms)
        setup: dict = {"machineType": f"{COMPUTE}/projects/{self.project}/zones/{zone}/machineTypes/n1-standard-4",
                       "serviceAccounts": [{"email": service_account,
                                            "scopes": ["https://www.googleapis.com/auth/cloud-platform"]}],
                       "networkInterfaces": [{"network": self.network_url(network),
                                              "subnet": self.subnet_url(region, subnet), "nicType": "GVNIC"}],
                       "bootDisk": disk, "dataDisks": [dict(disk, diskSizeGb="200")],
                       "shieldedInstanceConfig": {"enableSecureBoot": True, "enableVtpm": True,
                                                  "enableIntegrityMonitoring": True},
                       "tags": ["workbench"], "metadata": metadata or {}}
        if disable_public_ip is not None:
            setup["disablePublicIp"] = disable_public_ip
        self.fake.collection(f"/v2/projects/{self.project}/locations/{zone}/instances", "instances", {
            "name": f"projects/{self.project}/locations/{zone}/instances/{name}", "gceSetup": setup,
            "proxyUri": f"0123456789abcdef-dot-{region}.notebooks.googleusercontent.com",
            "state": "ACTIVE", "healthState": "HEALTHY", "creator": "someone@example.com",
            "createTime": "2024-06-01T10:00:00Z", "instanceOwners": ["data-scientist@example.com"]},
            object_path=lambda i: f"/v2/{i['name']}")


# ============================================================================================ estates

SECRET_TOKEN = "hf_Q7xYb2KcN4mPz8RtV6wL3sJd9FgH1aEu0Ck5"   # a Hugging Face token's shape (made up)


def secure_vertex(p: Project, region: str = "us-central1") -> dict[str, str]:
    """A private Vertex AI system: endpoint peered into the VPC (private service access), CMEK
    everywhere, Workbench without a public IP, private buckets, internal-only Cloud Run."""
    net, subnet = f"secure-vpc-{region}", f"secure-ml-{region}"
    p.network(net)
    p.subnet(region, subnet, net, "10.10.0.0/20")
    p.psa(f"secure-psa-{region}", net)
    p.router(region, f"secure-router-{region}", net, nat=f"secure-nat-{region}", subnet=subnet)
    p.firewall(f"secure-allow-iap-{region}", net, sources=["35.235.240.0/20"],
               allowed=[{"IPProtocol": "tcp", "ports": ["22"]}], target_tags=["workbench"], log=True)
    key = p.kms_key(region, f"secure-ring-{region}", "cmek")
    serving = p.service_account(f"serving-{region}"[:30], "Vertex serving")
    notebooks = p.service_account(f"notebooks-{region}"[:30], "Workbench")
    artifacts = f"{p.project}-secure-artifacts-{region}"
    p.bucket(artifacts, region.upper(), kms=key, members={"roles/storage.objectViewer": [f"serviceAccount:{serving}"]})
    p.repository(region, f"secure-serving-{region}", kms=key, readers=[f"serviceAccount:{serving}"])
    image = f"{region}-docker.pkg.dev/{p.project}/secure-serving-{region}/predictor:1.0"
    p.model(region, "1001", "fraud-model", artifact_uri=f"gs://{artifacts}/model/", image=image,
            env={"MODEL_NAME": "fraud", "HF_TOKEN": SECRET_TOKEN}, kms=key)
    endpoint = p.endpoint(region, "2001", "fraud-private", network=net, kms=key,
                          deployed=[p.deployed(region, "3001", "1001", accelerator="NVIDIA_TESLA_T4", replicas=(2, 4),
                                               service_account=serving)])
    p.workbench(f"{region}-a", f"secure-notebook-{region}", network=net, subnet=subnet, service_account=notebooks,
                disable_public_ip=True, kms=key, metadata={"notebook-disable-root": "true"})
    p.run_service(region, f"secure-api-{region}", image=image, env={"ENDPOINT_ID": "2001"}, service_account=serving,
                  network=net, subnet=subnet, ingress="INGRESS_TRAFFIC_INTERNAL_ONLY")
    # a second endpoint reached through Private Service Connect, and the consumer's PSC endpoint for it
    p.endpoint(region, "2003", "fraud-psc", psc=True, kms=key)
    p.psc_endpoint(region, f"psc-fraud-{region}", net, subnet, "10.10.0.50",
                   f"https://www.googleapis.com/compute/v1/projects/tenant-x/regions/{region}/serviceAttachments/sa-2003")
    return {"endpoint": endpoint, "key": key, "bucket": artifacts, "network": net, "subnet": subnet}


def exposed_vertex(p: Project, region: str = "us-central1") -> dict[str, str]:
    """An exposed Vertex AI system: a public endpoint, Workbench with a public IP (the default), a
    firewall open to the internet, an allUsers bucket, no CMEK."""
    net, subnet = f"open-vpc-{region}", f"open-ml-{region}"
    p.network(net, auto=False)
    p.subnet(region, subnet, net, "10.20.0.0/20", private_google_access=False, flow_logs=False)
    p.firewall(f"open-allow-ssh-{region}", net, sources=["0.0.0.0/0"], allowed=[{"IPProtocol": "tcp", "ports": ["22", "8888"]}])
    research = p.service_account(f"research-{region}"[:30])
    public = f"{p.project}-public-data-{region}"
    p.bucket(public, region.upper(), public_access_prevention="inherited", uniform=False, versioning=False,
             members={"roles/storage.objectViewer": ["allUsers"]})
    p.model(region, "1002", "open-model", artifact_uri=f"gs://{public}/model/",
            image="us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest")
    endpoint = p.endpoint(region, "2002", "open-public",
                          deployed=[p.deployed(region, "3002", "1002", machine="n1-standard-2", replicas=(1, 1))])
    p.workbench(f"{region}-b", f"open-notebook-{region}", network=net, subnet=subnet, service_account=research,
                disable_public_ip=None)
    # vector search on a public endpoint
    index = p.vertex(region, "indexes", "4002")
    p.simple(region, "indexes", "4002", "open-index",
             metadata={"contentsDeltaUri": f"gs://{public}/embeddings/", "config": {"dimensions": 768}})
    p.simple(region, "indexEndpoints", "5002", "open-index-endpoint", publicEndpointEnabled=True,
             deployedIndexes=[{"id": "open_deployed", "index": index,
                               "dedicatedResources": {"machineSpec": {"machineType": "e2-standard-16"},
                                                      "minReplicaCount": 1}}])
    return {"endpoint": endpoint, "bucket": public, "network": net}


SAMPLE_PROJECT, SAMPLE_NUMBER, SAMPLE_REGION = "acme-ml-churn-dev", "731045567890", "us-central1"


def gcp_vertex_sample(p: Project) -> None:
    """samples/gcp-vertex as the live APIs would answer after `terraform apply` (the parts they serve;
    BigQuery is not read by the adapter)."""
    region, name = SAMPLE_REGION, "churn-dev"
    net, subnet = f"{name}-vpc", f"{name}-ml-{region}"
    p.network(net)
    p.subnet(region, subnet, net, "10.60.0.0/20")
    p.psa(f"{name}-psa-range", net)
    p.firewall(f"{name}-allow-internal", net, sources=["10.60.0.0/20", "10.100.0.0/20"],
               allowed=[{"IPProtocol": "tcp"}, {"IPProtocol": "udp"}, {"IPProtocol": "icmp"}])
    p.firewall(f"{name}-allow-iap-ssh", net, sources=["35.235.240.0/20"], allowed=[{"IPProtocol": "tcp", "ports": ["22"]}],
               target_tags=["workbench"], log=True)
    p.router(region, f"{name}-router", net, nat=f"{name}-nat", subnet=subnet)
    key = p.kms_key(region, f"{name}-ml", f"{name}-ml-cmek")
    workbench = p.service_account(f"{name}-workbench", f"Workbench notebooks ({name})")
    vertex = p.service_account(f"{name}-vertex", f"Vertex AI training and serving ({name})")
    api = p.service_account(f"{name}-predict-api", f"Prediction API on Cloud Run ({name})")
    p.project_policy({
        "roles/aiplatform.user": [f"serviceAccount:{workbench}", f"serviceAccount:{vertex}", f"serviceAccount:{api}"],
        "roles/bigquery.dataViewer": [f"serviceAccount:{workbench}", f"serviceAccount:{vertex}"],
        "roles/bigquery.jobUser": [f"serviceAccount:{workbench}"],
        "roles/logging.logWriter": [f"serviceAccount:{workbench}", f"serviceAccount:{vertex}"],
        "roles/monitoring.metricWriter": [f"serviceAccount:{vertex}"],
    })
    p.fake.policy(f"projects/{p.project}/serviceAccounts/{vertex}",
                  {"roles/iam.serviceAccountUser": [f"serviceAccount:{workbench}"]})
    p.fake.policy(key, {"roles/cloudkms.cryptoKeyEncrypterDecrypter": [
        f"serviceAccount:service-{p.number}@gcp-sa-aiplatform.iam.gserviceaccount.com",
        f"serviceAccount:service-{p.number}@compute-system.iam.gserviceaccount.com",
        f"serviceAccount:service-{p.number}@gcp-sa-artifactregistry.iam.gserviceaccount.com",
        f"serviceAccount:bq-{p.number}@bigquery-encryption.iam.gserviceaccount.com",
        f"serviceAccount:service-{p.number}@gs-project-accounts.iam.gserviceaccount.com"]})
    prefix = f"{p.project}-{name}"
    p.bucket(f"{prefix}-training-data", region.upper(), kms=key,
             members={"roles/storage.objectUser": [f"serviceAccount:{workbench}"]})
    p.bucket(f"{prefix}-model-artifacts", region.upper(),
             members={"roles/storage.objectViewer": [f"serviceAccount:{vertex}"]})
    p.bucket(f"{prefix}-public-datasets", region.upper(), public_access_prevention="inherited", versioning=False,
             members={"roles/storage.objectViewer": ["allUsers"]})
    p.repository(region, f"{name}-serving", kms=key, readers=[f"serviceAccount:{vertex}", f"serviceAccount:{api}"])
    p.endpoint(region, "4172003001", f"{name}-churn-endpoint", network=net, kms=key)
    p.simple(region, "datasets", "8101", f"{name}-customers", kms=key,
             metadataSchemaUri="gs://google-cloud-aiplatform/schema/dataset/metadata/tabular_1.0.0.yaml")
    p.feature_online_store(region, "churn_dev_online", views={
        "customer_features": f"bq://{p.project}.churn_dev_features.customer_features"})
    p.simple(region, "tensorboards", "8201", f"{name}-experiments", kms=key)
    p.workbench(f"{region}-a", f"{name}-research", network=net, subnet=subnet, service_account=workbench,
                disable_public_ip=None, kms=key, metadata={
                    "idle-timeout-seconds": "10800", "notebook-disable-root": "true",
                    "notebook-disable-downloads": "true", "report-event-health": "true",
                    "training-data-bucket": f"{prefix}-training-data"})
    p.run_service(region, f"{name}-predict-api",
                  image=f"{region}-docker.pkg.dev/{p.project}/{name}-serving/predict-proxy:2024.06.1",
                  env={"ENDPOINT_ID": "4172003001", "VERTEX_REGION": region, "PROJECT_NUMBER": p.number},
                  service_account=api, network=f"projects/{p.project}/global/networks/{net}",
                  subnet=f"projects/{p.project}/regions/{region}/subnetworks/{subnet}",
                  invokers=["group:churn-consumers@example.com",
                            "serviceAccount:crm-backend@acme-crm-prod.iam.gserviceaccount.com"])
