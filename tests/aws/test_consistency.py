"""The same architecture read two ways must give the same map: samples/aws-sagemaker scanned as
Terraform, and that architecture created in moto with boto3 and scanned live with the AWS adapter.

Compared on the types the maps are about (ML, compute, network, data, identity): which types are
present, which (src type, relation, dst type) edges join them, which types sit in subnets, and the
security zone of each type. Where the two sources legitimately differ, the test compares the common
part and the comment says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from infra2arch.annotate.zones import annotate_zones
from infra2arch.graph import build_graph

from infra2arch_aws.adapter import AwsOptions, AwsProvider

from .scenarios import ACCOUNT, _trust, _zip

pytest.importorskip("infra2arch_terraform")
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "aws-sagemaker"
REGION = "us-east-1"
NAME = "fraud-scoring-dev"                     # local.name in the sample (project-environment)
ENDPOINT = f"{NAME}-endpoint"
ARTIFACTS, TRAINING = f"{NAME}-model-artifacts-{ACCOUNT}", f"{NAME}-training-data-{ACCOUNT}"

INTERESTING = {
    "aws_sagemaker_model", "aws_sagemaker_endpoint_configuration", "aws_sagemaker_endpoint",
    "aws_sagemaker_notebook_instance", "aws_lambda_function", "aws_vpc", "aws_subnet", "aws_s3_bucket",
    "aws_iam_role", "aws_kms_key",
}
RELATIONS = {"invokes", "iam", "data"}


# ------------------------------------------------------------------------------ the estate in moto


def build_sample_in_moto(aws) -> None:
    """samples/aws-sagemaker with boto3 create calls (the parts the maps show; no alarms or SNS)."""
    ec2, iam, kms, s3 = aws("ec2"), aws("iam"), aws("kms"), aws("s3")
    sagemaker, lam = aws("sagemaker"), aws("lambda")

    def tags(kind: str, name: str) -> list[dict]:
        return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}, {"Key": "Project", "Value": "fraud-scoring"}]}]

    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16", TagSpecifications=tags("vpc", f"{NAME}-vpc"))["Vpc"]["VpcId"]
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    public, private = {}, {}
    for index, suffix in enumerate("ab"):
        zone = f"{REGION}{suffix}"
        public[suffix] = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{index}.0/24", AvailabilityZone=zone,
                                           TagSpecifications=tags("subnet", f"{NAME}-{suffix}-public"))["Subnet"]["SubnetId"]
        private[suffix] = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.40.{10 + index}.0/24", AvailabilityZone=zone,
                                            TagSpecifications=tags("subnet", f"{NAME}-{suffix}-private"))["Subnet"]["SubnetId"]
    public_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_rt, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    allocation = ec2.allocate_address(Domain="vpc")["AllocationId"]
    nat = ec2.create_nat_gateway(SubnetId=public["a"], AllocationId=allocation)["NatGateway"]["NatGatewayId"]
    private_rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=private_rt, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
    for suffix in "ab":
        ec2.associate_route_table(RouteTableId=public_rt, SubnetId=public[suffix])
        ec2.associate_route_table(RouteTableId=private_rt, SubnetId=private[suffix])
    private_ids = [private["a"], private["b"]]

    groups = {name: ec2.create_security_group(GroupName=f"{NAME}-{name}", Description=name, VpcId=vpc)["GroupId"]
              for name in ("lambda", "endpoint", "notebook")}
    for source in ("lambda", "notebook"):
        ec2.authorize_security_group_ingress(GroupId=groups["endpoint"], IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
            "UserIdGroupPairs": [{"GroupId": groups[source]}]}])

    key = kms.create_key(Description="ML data key")["KeyMetadata"]
    kms.create_alias(AliasName=f"alias/{NAME}-ml", TargetKeyId=key["KeyId"])
    for bucket in (ARTIFACTS, TRAINING):
        s3.create_bucket(Bucket=bucket)
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]}}]})
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})

    endpoint_arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:endpoint/{ENDPOINT}"
    ecr = aws("ecr").create_repository(repositoryName=f"{NAME}-serving")["repository"]

    def role(name: str, service: str, statements: list[dict]) -> str:
        arn = iam.create_role(RoleName=f"{NAME}-{name}", AssumeRolePolicyDocument=_trust(service))["Role"]["Arn"]
        iam.put_role_policy(RoleName=f"{NAME}-{name}", PolicyName=name, PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", **s} for s in statements]}))
        return arn

    def objects(*buckets: str) -> list[str]:
        return [arn for b in buckets for arn in (f"arn:aws:s3:::{b}", f"arn:aws:s3:::{b}/*")]

    execution = role("sagemaker-execution", "sagemaker.amazonaws.com", [
        {"Action": ["s3:GetObject", "s3:ListBucket"], "Resource": objects(ARTIFACTS)},
        {"Action": ["ecr:BatchGetImage"], "Resource": ecr["repositoryArn"]},
        {"Action": ["kms:Decrypt"], "Resource": key["Arn"]}])
    notebook_role = role("notebook", "sagemaker.amazonaws.com", [
        {"Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"], "Resource": objects(TRAINING, ARTIFACTS)},
        {"Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": key["Arn"]},
        {"Action": ["sagemaker:InvokeEndpoint", "sagemaker:DescribeEndpoint"], "Resource": endpoint_arn}])
    lambda_role = role("lambda", "lambda.amazonaws.com", [
        {"Action": "sagemaker:InvokeEndpoint", "Resource": endpoint_arn}])

    model = f"{NAME}-model-1-4-2"
    sagemaker.create_model(ModelName=model, ExecutionRoleArn=execution, EnableNetworkIsolation=True, PrimaryContainer={
        "Image": f"{ecr['repositoryUri']}:1.4.2", "ModelDataUrl": f"s3://{ARTIFACTS}/models/model.tar.gz",
        "Mode": "SingleModel", "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}},
        VpcConfig={"Subnets": private_ids, "SecurityGroupIds": [groups["endpoint"]]})
    config = f"{NAME}-config"
    sagemaker.create_endpoint_config(EndpointConfigName=config, KmsKeyId=key["Arn"], ProductionVariants=[{
        "VariantName": "primary", "ModelName": model, "InstanceType": "ml.m5.large", "InitialInstanceCount": 2,
        "InitialVariantWeight": 1}], DataCaptureConfig={
        "EnableCapture": True, "InitialSamplingPercentage": 100, "KmsKeyId": key["Arn"],
        "DestinationS3Uri": f"s3://{ARTIFACTS}/data-capture/{ENDPOINT}",
        "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]})
    sagemaker.create_endpoint(EndpointName=ENDPOINT, EndpointConfigName=config)
    # ml.t3.medium: the sample's default notebook type; moto's notebook enum has no ml.m5.large
    sagemaker.create_notebook_instance(
        NotebookInstanceName=f"{NAME}-research", InstanceType="ml.t3.medium", RoleArn=notebook_role,
        SubnetId=private["a"], SecurityGroupIds=[groups["notebook"]], KmsKeyId=key["KeyId"],
        DirectInternetAccess="Enabled", RootAccess="Disabled", VolumeSizeInGB=50)

    function = lam.create_function(
        FunctionName=f"{NAME}-invoke", Runtime="python3.12", Role=lambda_role, Handler="invoke_endpoint.handler",
        Code={"ZipFile": _zip()}, Timeout=30, VpcConfig={"SubnetIds": private_ids, "SecurityGroupIds": [groups["lambda"]]},
        Environment={"Variables": {"ENDPOINT_NAME": ENDPOINT, "LOG_LEVEL": "DEBUG"}})["FunctionArn"]
    aws("logs").create_log_group(logGroupName=f"/aws/lambda/{NAME}-invoke")

    api = aws("apigatewayv2")
    api_id = api.create_api(Name=f"{NAME}-scoring-api", ProtocolType="HTTP")["ApiId"]
    integration = api.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationMethod="POST",
                                         IntegrationUri=function, PayloadFormatVersion="2.0")["IntegrationId"]
    api.create_route(ApiId=api_id, RouteKey="POST /v1/predict", Target=f"integrations/{integration}")
    api.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)


# ------------------------------------------------------------------------------ what the maps say


def facts(inventory) -> dict:
    graph = build_graph(inventory)
    by = graph.by_address()
    zones, _ = annotate_zones(graph)

    def kind(address: str) -> str | None:
        resource = by.get(address)
        return resource.type if resource is not None and resource.type in INTERESTING else None

    contained: dict[str, set[str]] = {}
    for item in graph.containment:
        if kind(item.child) and item.parent in by:
            contained.setdefault(by[item.child].type, set()).add(by[item.parent].type)
    zone_of: dict[str, set[str]] = {}
    for address, info in zones.items():
        if kind(address):
            zone_of.setdefault(by[address].type, set()).add(info.zone.value)
    return {
        "types": {r.type for r in graph.resources if r.type in INTERESTING},
        "relations": {(kind(e.src), e.relation.value, kind(e.dst)) for e in graph.edges
                      if e.relation.value in RELATIONS and kind(e.src) and kind(e.dst)},
        "contained": contained,
        "zones": zone_of,
    }


@pytest.fixture
def both(moto, aws):
    build_sample_in_moto(aws)
    live = AwsProvider().scan("aws", AwsOptions(endpoint_url=moto, regions=(REGION,), max_attempts=1))
    code = TerraformProvider().scan(str(SAMPLE), TerraformOptions(use_cache=False, environment={}))
    return facts(code), facts(live)


def test_same_resource_types(both):
    code, live = both
    assert code["types"] == INTERESTING
    assert live["types"] == code["types"]


def test_same_relations_between_types(both):
    code, live = both
    expected = {
        ("aws_sagemaker_endpoint", "invokes", "aws_sagemaker_endpoint_configuration"),
        ("aws_sagemaker_endpoint_configuration", "invokes", "aws_sagemaker_model"),
        ("aws_sagemaker_model", "iam", "aws_iam_role"),
        ("aws_lambda_function", "iam", "aws_iam_role"),
        ("aws_lambda_function", "invokes", "aws_sagemaker_endpoint"),
        ("aws_sagemaker_notebook_instance", "iam", "aws_iam_role"),
        ("aws_sagemaker_model", "data", "aws_s3_bucket"),
        ("aws_sagemaker_endpoint_configuration", "data", "aws_s3_bucket"),
        ("aws_iam_role", "data", "aws_s3_bucket"),
    }
    assert expected <= code["relations"]
    assert expected <= live["relations"]
    # Terraform also sees notebook -> bucket (data): the notebook's lifecycle configuration (folded into
    # it) names both buckets in its on_start script. The live adapter records only the lifecycle
    # configuration's name (it does not call DescribeNotebookInstanceLifecycleConfig), so that edge is
    # Terraform-only; the notebook's own access to the buckets still shows through its role (role -> bucket).
    terraform_only = {("aws_sagemaker_notebook_instance", "data", "aws_s3_bucket")}
    assert live["relations"] == code["relations"] - terraform_only, (
        f"only in Terraform: {sorted(code['relations'] - live['relations'])}; "
        f"only live: {sorted(live['relations'] - code['relations'])}")


def test_same_containment(both):
    code, live = both
    for tf_type in ("aws_sagemaker_model", "aws_lambda_function", "aws_sagemaker_notebook_instance"):
        assert "aws_subnet" in code["contained"].get(tf_type, set()), tf_type
        assert "aws_subnet" in live["contained"].get(tf_type, set()), tf_type
    assert "aws_vpc" in code["contained"]["aws_subnet"] and "aws_vpc" in live["contained"]["aws_subnet"]


def test_same_zones_by_type(both):
    code, live = both
    for tf_type, zone in (("aws_sagemaker_notebook_instance", "edge"), ("aws_sagemaker_model", "private-app"),
                          ("aws_sagemaker_endpoint", "private-app"), ("aws_lambda_function", "private-app"),
                          ("aws_s3_bucket", "data")):
        assert code["zones"][tf_type] == {zone}, (tf_type, code["zones"][tf_type])
        assert live["zones"][tf_type] == {zone}, (tf_type, live["zones"][tf_type])
    assert live["zones"] == code["zones"]
