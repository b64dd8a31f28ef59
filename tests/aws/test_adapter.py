"""The AWS adapter against a real AWS emulator (a moto server started by conftest), plus botocore
Stubber responses for the APIs moto lacks. Each scenario is built with ordinary boto3 create calls."""

from __future__ import annotations

import json
from dataclasses import asdict

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch.model import GapKind, Origin, Relation
from infra2arch.providers import load
from infra2arch.redact import Redacted

from infra2arch_aws.adapter import NO_CREDENTIALS, NO_REGION, AwsOptions, AwsProvider, Scan

from . import scenarios
from .scenarios import ACCOUNT, BUCKET, ENDPOINT, ENDPOINT_CONFIG, FUNCTION, MODEL, NOTEBOOK

REGION = "us-east-1"


def scan(endpoint: str, **options) -> "Inventory":  # noqa: F821
    options.setdefault("regions", (REGION,))
    options.setdefault("max_attempts", 1)   # moto answers unimplemented APIs with HTTP 500: no retries
    return AwsProvider().scan("aws", AwsOptions(endpoint_url=endpoint, **options))


def by_type(inventory, tf_type: str) -> dict:
    return {r.name: r for r in inventory.resources if r.type == tf_type}


def inject(client, operation: str, code: str, status: int = 400, when=None):
    """Make one operation of a client fail as AWS would, without a network round trip."""

    def handler(model, context, **_):
        if (operation == "*" or model.name == operation) and (when is None or when(context)):
            return (AWSResponse("https://fault.invalid", status, {}, None),
                    {"Error": {"Code": code, "Message": f"injected {code}"},
                     "ResponseMetadata": {"HTTPStatusCode": status}})
        return None

    client.meta.events.register("before-call.*.*", handler)
    return client


# ============================================================================ the secure inference system


@pytest.fixture
def estate(aws):
    built = scenarios.secure_inference(aws)
    built.ids["notebook"] = scenarios.exposed_notebook(aws, built)
    built.ids["rest_api"] = scenarios.public_api(aws, built)
    return built


@pytest.fixture
def inventory(moto, estate):
    return scan(moto)


def test_resources_are_terraform_types_with_terraform_attribute_names(inventory, estate):
    models = by_type(inventory, "aws_sagemaker_model")
    model = models[MODEL]
    assert model.address == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{MODEL}"
    assert model.attrs["execution_role_arn"] == estate.role_arn
    assert model.attrs["primary_container"][0]["image"].endswith("/fraud-serving:1.4.2")
    assert model.attrs["primary_container"][0]["model_data_url"] == f"s3://{BUCKET}/model.tar.gz"
    assert model.attrs["vpc_config"] == [{"subnets": sorted(estate.subnets),
                                          "security_group_ids": [estate.security_group]}]
    assert model.origin == Origin.AWS and model.source.api == "sagemaker:DescribeModel"
    assert (model.location.cloud, model.location.account, model.location.region) == ("aws", ACCOUNT, REGION)

    config = by_type(inventory, "aws_sagemaker_endpoint_configuration")[ENDPOINT_CONFIG]
    assert config.attrs["production_variants"] == [{"variant_name": "primary", "model_name": MODEL,
                                                    "instance_type": "ml.m5.large", "initial_instance_count": 2}]
    assert config.attrs["kms_key_arn"] == estate.key_arn
    assert config.attrs["data_capture_config"][0]["enable_capture"] is True
    assert config.attrs["data_capture_config"][0]["capture_options"] == [{"capture_mode": "Input"},
                                                                          {"capture_mode": "Output"}]
    assert by_type(inventory, "aws_sagemaker_endpoint")[ENDPOINT].attrs["endpoint_config_name"] == ENDPOINT_CONFIG

    subnets = [r for r in inventory.resources if r.type == "aws_subnet"]
    assert {s.attrs["id"] for s in subnets} == set(estate.subnets)
    assert {s.attrs["availability_zone"] for s in subnets} == {"us-east-1a", "us-east-1b"}
    assert {s.location.zone for s in subnets} == {"us-east-1a", "us-east-1b"}
    assert all(s.attrs["vpc_id"] == estate.vpc and s.attrs["map_public_ip_on_launch"] is False for s in subnets)
    group = by_type(inventory, "aws_security_group")["ml-endpoint"]
    assert group.attrs["ingress"] == [{"protocol": "tcp", "from_port": 443, "to_port": 443,
                                       "cidr_blocks": ["10.20.0.0/16"], "ipv6_cidr_blocks": [], "prefix_list_ids": [],
                                       "security_groups": [], "self": False}]

    function = by_type(inventory, "aws_lambda_function")[FUNCTION]
    assert function.attrs["role"] == estate.lambda_role_arn
    assert function.attrs["vpc_config"][0]["subnet_ids"] == sorted(estate.subnets)
    assert function.attrs["vpc_config"][0]["vpc_id"] == estate.vpc   # moto states a fixed VPC: corrected
    assert function.attrs["environment"][0]["variables"]["ENDPOINT_NAME"] == ENDPOINT

    key = by_type(inventory, "aws_kms_key")[estate.key_id]
    assert key.attrs["arn"] == estate.key_arn and key.attrs["id"] == estate.key_id
    assert key.attrs["enable_key_rotation"] is True
    assert by_type(inventory, "aws_kms_alias")["alias/ml-data"].attrs["target_key_id"] == estate.key_id

    role = by_type(inventory, "aws_iam_role")["invoke-lambda"]
    assert role.location.region is None
    assert json.loads(role.attrs["assume_role_policy"])["Statement"][0]["Principal"] == {"Service": "lambda.amazonaws.com"}
    inline = by_type(inventory, "aws_iam_role_policy")["invoke-endpoint"]
    assert inline.attrs["role"] == "invoke-lambda"
    assert json.loads(inline.attrs["policy"])["Statement"][0]["Resource"] == estate.endpoint_arn

    attachment = next(r for r in inventory.resources if r.type == "aws_iam_role_policy_attachment")
    assert attachment.attrs == {"role": "sagemaker-execution", "policy_arn": estate.ids["read_artifacts"]}
    policy = by_type(inventory, "aws_iam_policy")["read-artifacts"]
    assert json.loads(policy.attrs["policy"])["Statement"][0]["Resource"] == f"arn:aws:s3:::{BUCKET}/*"

    bucket = by_type(inventory, "aws_s3_bucket")[BUCKET]
    assert bucket.attrs["bucket"] == BUCKET and bucket.location.region == REGION
    encryption = by_type(inventory, "aws_s3_bucket_server_side_encryption_configuration")[BUCKET]
    assert encryption.attrs["rule"][0]["apply_server_side_encryption_by_default"] == [
        {"sse_algorithm": "aws:kms", "kms_master_key_id": estate.key_arn}]
    assert by_type(inventory, "aws_s3_bucket_public_access_block")[BUCKET].attrs["block_public_policy"] is True
    assert json.loads(by_type(inventory, "aws_s3_bucket_policy")[BUCKET].attrs["policy"])["Statement"][0]["Effect"] == "Deny"

    repository = by_type(inventory, "aws_ecr_repository")["fraud-serving"]
    assert repository.attrs["image_scanning_configuration"] == [{"scan_on_push": True}]
    log_group = by_type(inventory, "aws_cloudwatch_log_group")[f"/aws/lambda/{FUNCTION}"]
    assert log_group.attrs["retention_in_days"] == 30 and log_group.attrs["kms_key_id"] == estate.key_arn

    assert inventory.scanned["kind"] == "aws" and inventory.scanned["accounts"] == [ACCOUNT]
    assert inventory.scanned["regions"] == [REGION]
    assert inventory.scanned["api_calls"] == sum(inventory.scanned["api_calls_by_service"].values())
    assert [r.address for r in inventory.resources] == sorted(r.address for r in inventory.resources)


def test_graph_edges_and_placement(inventory, estate):
    graph = build_graph(inventory)
    endpoint = estate.endpoint_arn
    config = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint-config/{ENDPOINT_CONFIG}"
    model = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/{MODEL}"
    edges = {(e.src, e.dst, e.via): e for e in graph.edges}

    assert edges[(endpoint, config, "endpoint_config_name")].relation == Relation.INVOKES
    assert edges[(config, model, "production_variants.model_name")].relation == Relation.INVOKES
    assert edges[(model, f"arn:aws:iam::{ACCOUNT}:role/sagemaker-execution", "execution_role_arn")].relation == Relation.IAM
    assert edges[(model, f"arn:aws:s3:::{BUCKET}", "primary_container.model_data_url")].relation == Relation.DATA
    assert edges[(model, f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/fraud-serving",
                  "primary_container.image")].relation == Relation.DATA
    assert edges[(config, estate.key_arn, "kms_key_arn")].relation == Relation.ENCRYPTS

    # the model sits in both private subnets
    subnet_arns = {f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{s}" for s in estate.subnets}
    assert {c.parent for c in graph.containment if c.child == model} == subnet_arns

    # the Lambda reaches the endpoint: named in its environment, and allowed by its role's policy
    function = estate.function_arn
    invokes = [e for e in graph.edges if e.src == function and e.dst == endpoint]
    assert {e.via for e in invokes} == {"environment.variables.ENDPOINT_NAME", f"iam:{estate.lambda_role_arn}"}
    assert all(e.inferred and e.relation == Relation.INVOKES for e in invokes)

    # the REST API invokes the Lambda through its integration
    api = f"arn:aws:apigateway:{REGION}::/restapis/{estate.ids['rest_api']}"
    assert any(e.src == api and e.dst == function and e.relation == Relation.INVOKES for e in graph.edges)

    # the execution role reaches the bucket through its attached customer-managed policy
    role = f"arn:aws:iam::{ACCOUNT}:role/sagemaker-execution"
    assert edges[(role, estate.ids["read_artifacts"], next(v for s, d, v in edges if s == role
                                                             and d == estate.ids["read_artifacts"]))].relation == Relation.IAM
    assert any(e.src == estate.ids["read_artifacts"] and e.dst == f"arn:aws:s3:::{BUCKET}" for e in graph.edges)

    # configuration resources fold into their parents
    bucket = f"arn:aws:s3:::{BUCKET}"
    assert sum(1 for child, parent in graph.folded.items() if parent == bucket) == 3
    assert graph.folded[f"arn-less:iam::{ACCOUNT}:iam_role_policy/invoke-lambda:invoke-endpoint"] == \
        f"arn:aws:iam::{ACCOUNT}:role/invoke-lambda"


def test_exposed_notebook_is_found(inventory, estate):
    from infra2arch.annotate.findings import evaluate_findings
    from infra2arch.annotate.model import Result
    from infra2arch.annotate.zones import annotate_zones

    notebook = by_type(inventory, "aws_sagemaker_notebook_instance")[NOTEBOOK]
    assert notebook.attrs["direct_internet_access"] == "Enabled"
    assert notebook.attrs["root_access"] == "Enabled"
    assert notebook.attrs["subnet_id"] == estate.subnets[0]
    assert notebook.location.zone == "us-east-1a"
    assert "url" not in notebook.attrs and "nb.notebook" not in json.dumps(notebook.attrs, default=str)

    graph = build_graph(inventory)
    zones, _ = annotate_zones(graph)
    findings = {(f.rule_id, f.address): f for f in evaluate_findings(graph, zones)}
    assert findings[("I2A-AWS-001", notebook.address)].result == Result.FAIL
    assert findings[("I2A-AWS-002", notebook.address)].result == Result.FAIL


def test_unimplemented_apis_are_gaps_and_the_scan_goes_on(inventory):
    gaps = {g.subject: g for g in inventory.gaps}
    for api in ("sagemaker:ListFeatureGroups", "sagemaker:ListUserProfiles", "sagemaker:ListApps",
                "sagemaker:ListSpaces"):
        gap = gaps[f"{ACCOUNT}/{REGION}/{api}"]
        assert gap.kind == GapKind.NOT_AVAILABLE
        assert gap.source.api == api
        assert "not available" in gap.reason
    # the rest of SageMaker (same service, same region) was still read
    assert ENDPOINT in by_type(inventory, "aws_sagemaker_endpoint")
    assert NOTEBOOK in by_type(inventory, "aws_sagemaker_notebook_instance")


def test_secrets_never_reach_the_inventory(inventory):
    function = by_type(inventory, "aws_lambda_function")[FUNCTION]
    variables = function.attrs["environment"][0]["variables"]
    assert isinstance(variables["UPSTREAM_API_KEY"], Redacted)
    assert variables["LOG_LEVEL"] == "INFO"
    assert any(g.kind == GapKind.REDACTED and g.subject == function.address and "UPSTREAM_API_KEY" in g.reason
               for g in inventory.gaps)
    text = json.dumps([asdict(r) for r in inventory.resources], default=str)
    assert "not-a-real-key-but-secret" not in text
    assert "testing" not in text                       # the credentials used for the scan


def test_scan_is_deterministic(moto, estate):
    first, second = scan(moto), scan(moto, max_workers=1)
    assert first.resources == second.resources
    assert first.links == second.links
    assert first.gaps == second.gaps
    assert first.scanned == second.scanned


# ============================================================================ network, registry, jobs


def test_network_tiers_from_routes(moto, aws, estate):
    from infra2arch.annotate.network import PRIVATE, PUBLIC, subnet_tiers

    ec2 = aws("ec2")
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=estate.vpc)
    public = ec2.create_subnet(VpcId=estate.vpc, CidrBlock="10.20.100.0/24", AvailabilityZone="us-east-1a")
    public = public["Subnet"]["SubnetId"]
    nat = ec2.create_nat_gateway(SubnetId=public, AllocationId=ec2.allocate_address(Domain="vpc")["AllocationId"])
    nat = nat["NatGateway"]["NatGatewayId"]
    table = ec2.create_route_table(VpcId=estate.vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    ec2.associate_route_table(RouteTableId=table, SubnetId=public)
    ec2.create_route(RouteTableId=estate.ids["route_table"], DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    ec2.create_vpc_endpoint(VpcId=estate.vpc, ServiceName=f"com.amazonaws.{REGION}.sagemaker.runtime",
                            VpcEndpointType="Interface", SubnetIds=estate.subnets,
                            SecurityGroupIds=[estate.security_group], PrivateDnsEnabled=True)
    aws("elbv2").create_load_balancer(Name="internal-lb", Subnets=estate.subnets, Scheme="internal",
                                      SecurityGroups=[estate.security_group])

    inventory = scan(moto)
    gateway_resource = by_type(inventory, "aws_internet_gateway")[gateway]
    assert gateway_resource.attrs["vpc_id"] == estate.vpc
    nat_resource = by_type(inventory, "aws_nat_gateway")[nat]
    assert nat_resource.attrs["subnet_id"] == public and nat_resource.location.zone == "us-east-1a"
    routes = {r.attrs["id"]: r for r in inventory.resources if r.type == "aws_route_table"}
    assert routes[table].attrs["route"] == [{"cidr_block": "0.0.0.0/0", "gateway_id": gateway}]
    assert routes[estate.ids["route_table"]].attrs["route"] == [{"cidr_block": "0.0.0.0/0", "nat_gateway_id": nat}]
    associations = [r for r in inventory.resources if r.type == "aws_route_table_association"]
    assert {(a.attrs["subnet_id"], a.attrs["route_table_id"]) for a in associations} >= {
        (public, table), *((s, estate.ids["route_table"]) for s in estate.subnets)}
    mains = [r for r in inventory.resources if r.type == "aws_main_route_table_association"]
    assert any(m.attrs["vpc_id"] == estate.vpc for m in mains)
    endpoint = next(r for r in inventory.resources if r.type == "aws_vpc_endpoint")
    assert endpoint.attrs["vpc_endpoint_type"] == "Interface" and endpoint.attrs["private_dns_enabled"] is True
    assert endpoint.attrs["subnet_ids"] == sorted(estate.subnets)
    assert endpoint.attrs["security_group_ids"] == [estate.security_group]
    balancer = by_type(inventory, "aws_lb")["internal-lb"]
    assert balancer.attrs["internal"] is True and balancer.attrs["subnets"] == sorted(estate.subnets)

    graph = build_graph(inventory)
    tiers = subnet_tiers(graph)
    subnet = {r.attrs["id"]: r.address for r in inventory.resources if r.type == "aws_subnet"}
    assert tiers[subnet[public]] == PUBLIC
    assert {tiers[subnet[s]] for s in estate.subnets} == {PRIVATE}


def test_jobs_pipelines_registry_and_hyperpod(moto, aws, estate):
    sagemaker = aws("sagemaker")
    sagemaker.create_training_job(
        TrainingJobName="train-fraud", RoleArn=estate.role_arn,
        AlgorithmSpecification={"TrainingImage": "img", "TrainingInputMode": "File"},
        OutputDataConfig={"S3OutputPath": f"s3://{BUCKET}/out", "KmsKeyId": estate.key_arn},
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 100},
        VpcConfig={"Subnets": estate.subnets, "SecurityGroupIds": [estate.security_group]})
    sagemaker.create_processing_job(
        ProcessingJobName="prepare-fraud", RoleArn=estate.role_arn, AppSpecification={"ImageUri": "img"},
        ProcessingResources={"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large",
                                               "VolumeSizeInGB": 10}},
        StoppingCondition={"MaxRuntimeInSeconds": 100},
        NetworkConfig={"VpcConfig": {"Subnets": estate.subnets, "SecurityGroupIds": [estate.security_group]}})
    sagemaker.create_pipeline(PipelineName="train-pipeline", RoleArn=estate.role_arn,
                              PipelineDefinition=json.dumps({"Version": "2020-12-01", "Steps": []}))
    sagemaker.create_model_package_group(ModelPackageGroupName="fraud-models")
    sagemaker.create_model_package(ModelPackageGroupName="fraud-models", InferenceSpecification={
        "Containers": [{"Image": "img", "ModelDataUrl": f"s3://{BUCKET}/m.tgz"}],
        "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]})
    sagemaker.create_cluster(ClusterName="hyperpod", InstanceGroups=[{
        "InstanceCount": 1, "InstanceGroupName": "workers", "InstanceType": "ml.c5.xlarge",
        "LifeCycleConfig": {"SourceS3Uri": "s3://sagemaker-lifecycle/scripts", "OnCreate": "on_create.sh"},
        "ExecutionRole": estate.role_arn, "ThreadsPerCore": 1}],
        VpcConfig={"SecurityGroupIds": [estate.security_group], "Subnets": estate.subnets})
    sagemaker.create_domain(DomainName="studio", AuthMode="IAM", DefaultUserSettings={"ExecutionRole": estate.role_arn},
                            SubnetIds=estate.subnets, VpcId=estate.vpc, AppNetworkAccessType="VpcOnly",
                            KmsKeyId=estate.key_id)

    inventory = scan(moto)
    training = by_type(inventory, "sagemaker_training_job")["train-fraud"]
    assert training.attrs["role_arn"] == estate.role_arn
    assert training.attrs["output_data_config"] == [{"s3_output_path": f"s3://{BUCKET}/out", "kms_key_id": estate.key_arn}]
    assert training.attrs["vpc_config"][0]["subnets"] == sorted(estate.subnets)
    assert training.attrs["enable_network_isolation"] is False
    processing = by_type(inventory, "sagemaker_processing_job")["prepare-fraud"]
    assert processing.attrs["network_config"][0]["vpc_config"][0]["subnets"] == sorted(estate.subnets)
    assert processing.attrs["app_specification"] == [{"image_uri": "img"}]
    pipeline = by_type(inventory, "aws_sagemaker_pipeline")["train-pipeline"]
    assert pipeline.attrs["role_arn"] == estate.role_arn
    package = next(r for r in inventory.resources if r.type == "sagemaker_model_package")
    assert package.attrs["model_package_group_name"] == "fraud-models"
    assert package.attrs["inference_specification"][0]["containers"][0]["model_data_url"] == f"s3://{BUCKET}/m.tgz"
    cluster = by_type(inventory, "sagemaker_hyperpod_cluster")["hyperpod"]
    assert cluster.attrs["instance_groups"][0]["execution_role"] == estate.role_arn
    assert cluster.attrs["vpc_config"][0]["subnets"] == sorted(estate.subnets)
    domain = by_type(inventory, "aws_sagemaker_domain")["studio"]
    assert domain.attrs["app_network_access_type"] == "VpcOnly"
    assert domain.attrs["default_user_settings"] == [{"execution_role": estate.role_arn}]

    graph = build_graph(inventory)
    subnet_arns = {f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{s}" for s in estate.subnets}
    for resource in (training, processing, cluster, domain):
        assert {c.parent for c in graph.containment if c.child == resource.address} == subnet_arns
    edges = {(e.src, e.dst, e.relation) for e in graph.edges}
    assert (training.address, estate.key_arn, Relation.ENCRYPTS) in edges
    assert (package.address, f"arn:aws:s3:::{BUCKET}", Relation.DATA) in edges
    group = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model-package-group/fraud-models"
    assert any(e.src == package.address and e.dst == group for e in graph.edges)
    assert (cluster.address, f"arn:aws:iam::{ACCOUNT}:role/sagemaker-execution", Relation.IAM) in edges


def test_http_api_integration_invokes_the_lambda(moto, aws, estate):
    client = aws("apigatewayv2")
    api = client.create_api(Name="http-api", ProtocolType="HTTP")
    integration = client.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY",
                                            IntegrationUri=estate.function_arn, PayloadFormatVersion="2.0")
    client.create_route(ApiId=api["ApiId"], RouteKey="POST /score", Target=f"integrations/{integration['IntegrationId']}")
    inventory = scan(moto)
    route = next(r for r in inventory.resources if r.type == "aws_apigatewayv2_route")
    assert route.attrs["route_key"] == "POST /score" and route.attrs["authorization_type"] == "NONE"
    graph = build_graph(inventory)
    api_address = f"arn:aws:apigateway:{REGION}::/apis/{api['ApiId']}"
    assert any(e.src == api_address and e.dst == estate.function_arn and e.relation == Relation.INVOKES
               for e in graph.edges)


# ============================================================================ scale and scope


def test_pagination_reads_every_page(moto, aws):
    logs = aws("logs")
    for index in range(120):   # describe_log_groups pages hold 50
        logs.create_log_group(logGroupName=f"/ml/group-{index:03d}")
    runner = Scan(AwsOptions(endpoint_url=moto, regions=(REGION,), max_attempts=1))
    inventory = runner.run()
    names = {r.name for r in inventory.resources if r.type == "aws_cloudwatch_log_group"}
    assert names == {f"/ml/group-{index:03d}" for index in range(120)}
    assert runner.log.calls_by_api["logs:DescribeLogGroups"] == 3


def test_two_regions_are_scanned(moto, aws):
    for region in (REGION, "eu-west-1"):
        aws("sagemaker", region).create_model(
            ModelName=f"model-{region}", ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/x",
            PrimaryContainer={"Image": "img"})
    progress: list[tuple[str, int, int]] = []
    inventory = scan(moto, regions=("eu-west-1", REGION), progress=lambda *a: progress.append(a))
    models = by_type(inventory, "aws_sagemaker_model")
    assert {name: r.location.region for name, r in models.items()} == {
        f"model-{REGION}": REGION, "model-eu-west-1": "eu-west-1"}
    assert models["model-eu-west-1"].address == f"arn:aws:sagemaker:eu-west-1:{ACCOUNT}:model/model-eu-west-1"
    assert inventory.scanned["regions"] == ["eu-west-1", REGION]
    # progress: one call per finished task, done counting up to the total
    assert [p[1] for p in progress] == list(range(1, len(progress) + 1))
    assert progress[-1][1] == progress[-1][2]
    assert any(p[0] == f"{ACCOUNT} eu-west-1 sagemaker-models" for p in progress)
    assert any(p[0].startswith(f"{ACCOUNT} eu-west-1 sagemaker-models[") for p in progress)   # describes fanned out


def test_all_enabled_regions(moto):
    runner = Scan(AwsOptions(endpoint_url=moto, regions=("all",), max_attempts=1))
    home = runner._home_region()
    account = runner.accounts(home)[0]
    regions = runner.regions(account, home)
    assert REGION in regions and "eu-west-1" in regions
    assert "ap-east-1" not in regions          # moto lists it as not-opted-in
    assert regions == sorted(regions)


# ============================================================================ faults are data


@pytest.mark.parametrize(("code", "status", "kind"), [
    ("AccessDeniedException", 400, GapKind.ACCESS_DENIED),
    ("ThrottlingException", 400, GapKind.THROTTLED),
])
def test_denied_or_throttled_call_becomes_a_gap(moto, aws, factory, code, status, kind):
    aws("ecr").create_repository(repositoryName="serving")
    aws("sagemaker").create_model(ModelName="still-read", ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/x",
                                  PrimaryContainer={"Image": "img"})
    stubbers = []

    def stubbed(service, region, **kwargs):
        client = factory(service, region, **kwargs)
        if service == "ecr":
            stubber = Stubber(client)
            stubber.add_client_error("describe_repositories", service_error_code=code,
                                     service_message="User is not authorized", http_status_code=status)
            stubber.activate()
            stubbers.append(stubber)
        return client

    inventory = scan(moto, client_factory=stubbed)
    gap = next(g for g in inventory.gaps if g.subject == f"{ACCOUNT}/{REGION}/ecr:DescribeRepositories")
    assert gap.kind == kind and code in gap.reason
    assert gap.source.api == "ecr:DescribeRepositories"
    assert not by_type(inventory, "aws_ecr_repository")
    assert "still-read" in by_type(inventory, "aws_sagemaker_model")
    for stubber in stubbers:
        stubber.assert_no_pending_responses()


def test_region_not_enabled_is_one_gap(moto, aws, factory):
    aws("sagemaker").create_model(ModelName="home-model", ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/x",
                                  PrimaryContainer={"Image": "img"})

    def opt_in(service, region, **kwargs):
        client = factory(service, region, **kwargs)
        if region == "ap-east-1":
            inject(client, "*", "OptInRequired", status=401)
        return client

    inventory = scan(moto, regions=(REGION, "ap-east-1"), client_factory=opt_in)
    region_gaps = [g for g in inventory.gaps if "/ap-east-1" in g.subject]
    assert len(region_gaps) == 1
    assert region_gaps[0].subject == f"{ACCOUNT}/ap-east-1" and "not enabled" in region_gaps[0].reason
    assert region_gaps[0].kind == GapKind.NOT_AVAILABLE
    assert "home-model" in by_type(inventory, "aws_sagemaker_model")
    assert all(r.location.region != "ap-east-1" for r in inventory.resources)


def test_missing_credentials_is_one_clear_line(moto, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(UserError) as raised:
        scan(moto)
    assert str(raised.value) == NO_CREDENTIALS
    assert "\n" not in str(raised.value)


def test_missing_region_is_one_clear_line(moto, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION", raising=False)
    with pytest.raises(UserError) as raised:
        AwsProvider().scan("aws", AwsOptions(endpoint_url=moto))
    assert str(raised.value) == NO_REGION


# ============================================================================ several accounts


def test_organization_accounts_through_an_assumed_role(moto, aws, factory):
    org = aws("organizations")
    org.create_organization(FeatureSet="ALL")
    member = org.create_account(Email="ml@example.com", AccountName="ml")["CreateAccountStatus"]["AccountId"]
    locked = org.create_account(Email="locked@example.com", AccountName="locked")["CreateAccountStatus"]["AccountId"]
    credentials = aws("sts").assume_role(RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole",
                                         RoleSessionName="setup")["Credentials"]
    member_sagemaker = aws("sagemaker", aws_access_key_id=credentials["AccessKeyId"],
                           aws_secret_access_key=credentials["SecretAccessKey"],
                           aws_session_token=credentials["SessionToken"])
    member_sagemaker.create_model(ModelName="member-model", ExecutionRoleArn=f"arn:aws:iam::{member}:role/x",
                                  PrimaryContainer={"Image": "img"})
    aws("sagemaker").create_model(ModelName="management-model", ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/x",
                                  PrimaryContainer={"Image": "img"})

    def denied_for_locked(service, region, **kwargs):
        client = factory(service, region, **kwargs)
        if service == "sts":
            def remember(params, context, **_):
                context["locked"] = locked in str(params.get("RoleArn", ""))
            client.meta.events.register("before-parameter-build.sts.AssumeRole", remember)
            inject(client, "AssumeRole", "AccessDenied", status=403, when=lambda context: context.get("locked"))
        return client

    inventory = scan(moto, org_role_name="OrganizationAccountAccessRole", client_factory=denied_for_locked)
    assert inventory.scanned["accounts"] == sorted([ACCOUNT, member])
    models = by_type(inventory, "aws_sagemaker_model")
    assert models["member-model"].location.account == member
    assert models["member-model"].address == f"arn:aws:sagemaker:{REGION}:{member}:model/member-model"
    assert models["management-model"].location.account == ACCOUNT
    gap = next(g for g in inventory.gaps if g.subject == f"{locked}/global/sts:AssumeRole")
    assert gap.kind == GapKind.ACCESS_DENIED and "AccessDenied" in gap.reason
    text = json.dumps([asdict(r) for r in inventory.resources], default=str) + json.dumps(
        [asdict(g) for g in inventory.gaps], default=str) + json.dumps(inventory.scanned, default=str)
    assert credentials["SessionToken"] not in text and "SessionToken" not in text


def test_role_arn_scans_the_assumed_account(moto, aws, factory):
    org = aws("organizations")
    org.create_organization(FeatureSet="ALL")
    member = org.create_account(Email="ml@example.com", AccountName="ml")["CreateAccountStatus"]["AccountId"]
    inventory = scan(moto, role_arn=f"arn:aws:iam::{member}:role/Audit", client_factory=factory)
    assert inventory.scanned["accounts"] == [member]
    assert all(r.location.account == member for r in inventory.resources)


# ============================================================================ shapes moto lacks (Stubber)


def _stubbed_scope(service: str):
    from infra2arch_aws.context import Scope

    client = boto3.client(service, region_name=REGION, aws_access_key_id="x", aws_secret_access_key="y")
    stubber = Stubber(client)
    return Scope(ACCOUNT, REGION, "aws", lambda s, r: client), stubber


def test_studio_user_profiles_spaces_and_apps_are_parsed():
    from infra2arch_aws.services import sagemaker

    scope, stub = _stubbed_scope("sagemaker")
    domain_arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/d-abc123def456"
    role = f"arn:aws:iam::{ACCOUNT}:role/studio-user"
    stub.add_response("list_domains", {"Domains": [{"DomainArn": domain_arn, "DomainId": "d-abc123def456",
                                                    "DomainName": "studio", "Status": "InService"}]})
    stub.add_response("describe_domain", {
        "DomainArn": domain_arn, "DomainId": "d-abc123def456", "DomainName": "studio", "AuthMode": "SSO",
        "AppNetworkAccessType": "PublicInternetOnly", "SubnetIds": ["subnet-0123456789abcdef0"],
        "VpcId": "vpc-0123456789abcdef0", "Url": "https://d-abc123def456.studio.us-east-1.sagemaker.aws",
        "DefaultUserSettings": {"ExecutionRole": role, "SecurityGroups": ["sg-0123456789abcdef0"]}},
        {"DomainId": "d-abc123def456"})
    stub.add_response("list_user_profiles", {"UserProfiles": [
        {"DomainId": "d-abc123def456", "UserProfileName": "alice", "Status": "InService"}]})
    stub.add_response("describe_user_profile", {
        "DomainId": "d-abc123def456", "UserProfileName": "alice",
        "UserProfileArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:user-profile/d-abc123def456/alice",
        "UserSettings": {"ExecutionRole": role, "SharingSettings": {"NotebookOutputOption": "Allowed",
                                                                     "S3OutputPath": "s3://studio-shared/alice"}}},
        {"DomainId": "d-abc123def456", "UserProfileName": "alice"})
    stub.add_response("list_spaces", {"Spaces": [{"DomainId": "d-abc123def456", "SpaceName": "team",
                                                  "Status": "InService",
                                                  "SpaceSharingSettingsSummary": {"SharingType": "Shared"},
                                                  "OwnershipSettingsSummary": {"OwnerUserProfileName": "alice"}}]})
    stub.add_response("list_apps", {"Apps": [
        {"DomainId": "d-abc123def456", "UserProfileName": "alice", "AppType": "JupyterServer",
         "AppName": "default", "Status": "InService"},
        {"DomainId": "d-abc123def456", "UserProfileName": "alice", "AppType": "KernelGateway",
         "AppName": "gone", "Status": "Deleted"}]})
    with stub:
        resources = sagemaker.sync_studio(scope)
        stub.assert_no_pending_responses()
    found = {r.type: r for r in resources}
    domain = found["aws_sagemaker_domain"]
    assert domain.attrs["app_network_access_type"] == "PublicInternetOnly"
    assert domain.attrs["default_user_settings"] == [{"execution_role": role,
                                                      "security_groups": ["sg-0123456789abcdef0"]}]
    assert "url" not in domain.attrs and "studio.us-east-1" not in json.dumps(domain.attrs)
    profile = found["aws_sagemaker_user_profile"]
    assert profile.attrs["domain_id"] == "d-abc123def456" and profile.attrs["user_profile_name"] == "alice"
    assert profile.attrs["user_settings"][0]["execution_role"] == role
    assert profile.attrs["user_settings"][0]["sharing_settings"][0]["s3_output_path"] == "s3://studio-shared/alice"
    assert found["aws_sagemaker_space"].attrs["ownership_settings"] == [{"owner_user_profile_name": "alice"}]
    apps = [r for r in resources if r.type == "aws_sagemaker_app"]
    assert [a.attrs["app_type"] for a in apps] == ["JupyterServer"]   # deleted apps are not drawn
    assert apps[0].address == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:app/d-abc123def456/alice/jupyterserver/default"

    # the profile, space and app fold into their domain; the profile's role is the domain's edge
    from infra2arch.model import Inventory

    from infra2arch_aws import relate

    graph = build_graph(Inventory(resources=tuple(resources), links=tuple(relate.links(resources))))
    assert graph.folded[profile.address] == domain.address
    assert graph.folded[apps[0].address] == domain.address


def test_feature_groups_are_parsed():
    from infra2arch_aws.services import sagemaker

    scope, stub = _stubbed_scope("sagemaker")
    arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:feature-group/transactions"
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    stub.add_response("list_feature_groups", {"FeatureGroupSummaries": [
        {"FeatureGroupName": "transactions", "FeatureGroupArn": arn, "CreationTime": "2024-01-01T00:00:00Z",
         "FeatureGroupStatus": "Created"}]})
    stub.add_response("describe_feature_group", {
        "FeatureGroupArn": arn, "FeatureGroupName": "transactions", "RecordIdentifierFeatureName": "id",
        "EventTimeFeatureName": "ts", "CreationTime": "2024-01-01T00:00:00Z", "NextToken": "",
        "FeatureDefinitions": [{"FeatureName": "id", "FeatureType": "String"},
                               {"FeatureName": "amount", "FeatureType": "Fractional"}],
        "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/features",
        "OnlineStoreConfig": {"EnableOnlineStore": True, "SecurityConfig": {"KmsKeyId": key}},
        "OfflineStoreConfig": {"S3StorageConfig": {"S3Uri": "s3://feature-store/offline", "KmsKeyId": key},
                               "DataCatalogConfig": {"TableName": "transactions", "Catalog": "AwsDataCatalog",
                                                     "Database": "features"}}},
        {"FeatureGroupName": "transactions"})
    with stub:
        found = sagemaker.get_feature_groups(scope)
        stub.assert_no_pending_responses()
    group = sagemaker.to_terraform_feature_group(*found[0], scope)
    assert group.type == "aws_sagemaker_feature_group" and group.address == arn
    assert group.source.api == "sagemaker:DescribeFeatureGroup"
    assert group.attrs["feature_group_name"] == "transactions"
    assert group.attrs["role_arn"] == f"arn:aws:iam::{ACCOUNT}:role/features"
    assert group.attrs["offline_store_config"][0]["s3_storage_config"] == [
        {"s3_uri": "s3://feature-store/offline", "kms_key_id": key}]
    assert group.attrs["online_store_config"][0]["security_config"] == [{"kms_key_id": key}]
    assert group.attrs["feature_definition"] == [{"feature_name": "id", "feature_type": "String"},
                                                 {"feature_name": "amount", "feature_type": "Fractional"}]


def test_a_denied_describe_keeps_what_the_list_said():
    from infra2arch_aws.services import sagemaker

    scope, stub = _stubbed_scope("sagemaker")
    arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/scoring"
    stub.add_response("list_endpoints", {"Endpoints": [{"EndpointName": "scoring", "EndpointArn": arn,
                                                        "CreationTime": "2024-01-01T00:00:00Z",
                                                        "LastModifiedTime": "2024-01-01T00:00:00Z",
                                                        "EndpointStatus": "InService"}]})
    stub.add_client_error("describe_endpoint", "AccessDeniedException", "not allowed", 400)
    with stub:
        found = sagemaker.get_endpoints(scope)
    endpoint = sagemaker.to_terraform_endpoint(*found[0], scope)
    assert endpoint.address == arn and endpoint.source.api == "sagemaker:ListEndpoints"
    gaps = scope.log.gaps()
    assert [(g.kind, g.subject) for g in gaps] == [(GapKind.ACCESS_DENIED, f"{ACCOUNT}/{REGION}/sagemaker:DescribeEndpoint")]


# ============================================================================ pure parts


def test_pure_transforms():
    from infra2arch_aws.context import classify
    from infra2arch_aws.services.ec2 import _permission, _route
    from infra2arch_aws.transform import arn_less, snake, tf

    assert snake("VolumeSizeInGB") == "volume_size_in_gb"
    assert snake("EnableSSMAccess") == "enable_ssm_access"
    assert snake("S3ModelArtifacts") == "s3_model_artifacts"
    assert tf({"VpcConfig": {"Subnets": ["a"]}, "Environment": {"MY_VAR": "x"},
               "CreationTime": __import__("datetime").datetime(2024, 1, 1)}) == {
        "vpc_config": [{"subnets": ["a"]}], "environment": {"MY_VAR": "x"}}
    assert _route({"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"}) is None
    assert _route({"DestinationPrefixListId": "pl-1", "GatewayId": "vpce-1"}) == {
        "destination_prefix_list_id": "pl-1", "vpc_endpoint_id": "vpce-1"}
    rule = _permission({"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-self"}, {"GroupId": "sg-other"}]},
                       "sg-self")
    assert rule["self"] is True and rule["security_groups"] == ["sg-other"] and rule["from_port"] == 0
    assert arn_less("ec2", "us-east-1", ACCOUNT, "aws_main_route_table_association", "rtbassoc-1") == \
        f"arn-less:ec2:us-east-1:{ACCOUNT}:main_route_table_association/rtbassoc-1"

    from botocore.exceptions import ClientError

    def error(code, status):
        return ClientError({"Error": {"Code": code, "Message": "m"}, "ResponseMetadata": {"HTTPStatusCode": status}},
                           "Op")

    assert classify(error("UnauthorizedOperation", 403)).kind == GapKind.ACCESS_DENIED
    assert classify(error("RequestLimitExceeded", 503)).kind == GapKind.THROTTLED
    assert classify(error("OptInRequired", 401)).region_disabled
    assert classify(error("500", 500)).not_implemented
    assert classify(error("404", 404)).not_implemented
    assert classify(error("403", 403)).kind == GapKind.ACCESS_DENIED      # S3 HEAD: no body, no code
    assert classify(error("InternalFailure", 500)).kind == GapKind.NOT_AVAILABLE
    assert not classify(error("InternalFailure", 500)).not_implemented   # a real fault: asked again per item


def test_registered_as_a_provider():
    provider = load("aws")
    assert isinstance(provider, AwsProvider) and provider.name == "aws"


def test_every_api_called_is_in_the_read_only_policy(moto, estate):
    from infra2arch_aws.permissions import ACTIONS, action_for

    runner = Scan(AwsOptions(endpoint_url=moto, regions=(REGION,), max_attempts=1))
    runner.run()
    called = set(runner.log.calls_by_api) - {"sts:GetCallerIdentity"}   # needs no permission
    assert {"sagemaker:DescribeEndpoint", "ec2:DescribeSubnets", "iam:GetAccountAuthorizationDetails",
            "s3:GetBucketPolicy", "apigateway:GetResources"} <= called
    assert not {action_for(api) for api in called} - set(ACTIONS)
    assert all(action.split(":")[1][:1].isupper() or action == "apigateway:GET" for action in ACTIONS)


def test_endpoint_from_the_environment(moto, aws, monkeypatch):
    aws("sagemaker").create_model(ModelName="env-model", ExecutionRoleArn=f"arn:aws:iam::{ACCOUNT}:role/x",
                                  PrimaryContainer={"Image": "img"})
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto)   # botocore's own support: no endpoint_url option
    inventory = AwsProvider().scan("aws", AwsOptions(max_attempts=1))
    assert "env-model" in by_type(inventory, "aws_sagemaker_model")
    assert inventory.scanned["regions"] == [REGION]


def test_readme_policy_is_the_one_the_code_needs():
    from pathlib import Path

    from infra2arch_aws.permissions import policy_document

    readme = (Path(__file__).resolve().parents[2] / "providers" / "aws" / "README.md").read_text()
    block = readme.split("```json\n", 1)[1].split("```", 1)[0]
    assert json.loads(block) == policy_document()


def test_iam_falls_back_to_the_per_role_apis(moto, estate, factory):
    def denied(service, region, **kwargs):
        client = factory(service, region, **kwargs)
        if service == "iam":
            inject(client, "GetAccountAuthorizationDetails", "AccessDenied", status=403)
        return client

    inventory = scan(moto, client_factory=denied)
    gap = next(g for g in inventory.gaps if g.subject == f"{ACCOUNT}/global/iam:GetAccountAuthorizationDetails")
    assert gap.kind == GapKind.ACCESS_DENIED
    roles = by_type(inventory, "aws_iam_role")
    assert {"sagemaker-execution", "invoke-lambda"} <= set(roles)
    assert roles["invoke-lambda"].source.api == "iam:ListRoles"
    inline = by_type(inventory, "aws_iam_role_policy")["invoke-endpoint"]
    assert json.loads(inline.attrs["policy"])["Statement"][0]["Resource"] == estate.endpoint_arn
    attachment = next(r for r in inventory.resources if r.type == "aws_iam_role_policy_attachment")
    assert attachment.attrs["policy_arn"] == estate.ids["read_artifacts"]
