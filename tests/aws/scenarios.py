"""Estates built in moto with ordinary boto3 create calls (no adapter code involved)."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any, Callable

ACCOUNT = "123456789012"
ENDPOINT = "fraud-scoring-endpoint"
ENDPOINT_CONFIG = "fraud-scoring-config"
MODEL = "fraud-scoring-model"
FUNCTION = "fraud-scoring-invoke"
BUCKET = "fraud-scoring-artifacts"
NOTEBOOK = "research-notebook"

Client = Callable[..., Any]


@dataclass
class Estate:
    vpc: str = ""
    subnets: list[str] = field(default_factory=list)
    security_group: str = ""
    key_arn: str = ""
    key_id: str = ""
    role_arn: str = ""
    lambda_role_arn: str = ""
    endpoint_arn: str = ""
    function_arn: str = ""
    ids: dict[str, str] = field(default_factory=dict)


def _trust(service: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}]})


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def secure_inference(aws: Client, region: str = "us-east-1") -> Estate:
    """A SageMaker endpoint in two private subnets, encrypted with a customer key, invoked by a
    Lambda in the same subnets whose role may call it."""
    estate = Estate()
    ec2, iam, kms, s3 = aws("ec2", region), aws("iam", region), aws("kms", region), aws("s3", region)
    sagemaker, lam = aws("sagemaker", region), aws("lambda", region)

    estate.vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16", TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "ml-vpc"}]}])["Vpc"]["VpcId"]
    for index, zone in enumerate((f"{region}a", f"{region}b")):
        subnet = ec2.create_subnet(VpcId=estate.vpc, CidrBlock=f"10.20.{index + 1}.0/24", AvailabilityZone=zone,
                                   TagSpecifications=[{"ResourceType": "subnet",
                                                       "Tags": [{"Key": "Name", "Value": f"private-{zone}"}]}])
        estate.subnets.append(subnet["Subnet"]["SubnetId"])
    table = ec2.create_route_table(VpcId=estate.vpc)["RouteTable"]["RouteTableId"]
    for subnet in estate.subnets:
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
    estate.ids["route_table"] = table
    estate.security_group = ec2.create_security_group(GroupName="ml-endpoint", Description="SageMaker endpoint",
                                                      VpcId=estate.vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=estate.security_group, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "10.20.0.0/16"}]}])

    key = kms.create_key(Description="ML data key")["KeyMetadata"]
    estate.key_arn, estate.key_id = key["Arn"], key["KeyId"]
    kms.create_alias(AliasName="alias/ml-data", TargetKeyId=estate.key_id)
    kms.enable_key_rotation(KeyId=estate.key_id)

    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_encryption(Bucket=BUCKET, ServerSideEncryptionConfiguration={"Rules": [{
        "ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": estate.key_arn},
        "BucketKeyEnabled": True}]})
    s3.put_public_access_block(Bucket=BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecure", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{BUCKET}", f"arn:aws:s3:::{BUCKET}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))

    estate.role_arn = iam.create_role(RoleName="sagemaker-execution",
                                      AssumeRolePolicyDocument=_trust("sagemaker.amazonaws.com"))["Role"]["Arn"]
    read_artifacts = iam.create_policy(PolicyName="read-artifacts", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"],
                                                "Resource": f"arn:aws:s3:::{BUCKET}/*"}]}))["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="sagemaker-execution", PolicyArn=read_artifacts)
    estate.ids["read_artifacts"] = read_artifacts
    estate.endpoint_arn = f"arn:aws:sagemaker:{region}:{ACCOUNT}:endpoint/{ENDPOINT}"
    estate.lambda_role_arn = iam.create_role(RoleName="invoke-lambda",
                                             AssumeRolePolicyDocument=_trust("lambda.amazonaws.com"))["Role"]["Arn"]
    iam.put_role_policy(RoleName="invoke-lambda", PolicyName="invoke-endpoint", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sagemaker:InvokeEndpoint",
                                                "Resource": estate.endpoint_arn}]}))

    image = f"{ACCOUNT}.dkr.ecr.{region}.amazonaws.com/fraud-serving:1.4.2"
    aws("ecr", region).create_repository(repositoryName="fraud-serving",
                                         imageScanningConfiguration={"scanOnPush": True})
    sagemaker.create_model(ModelName=MODEL, ExecutionRoleArn=estate.role_arn, PrimaryContainer={
        "Image": image, "ModelDataUrl": f"s3://{BUCKET}/model.tar.gz",
        "Environment": {"SAGEMAKER_PROGRAM": "inference.py"}},
        VpcConfig={"Subnets": estate.subnets, "SecurityGroupIds": [estate.security_group]},
        EnableNetworkIsolation=True)
    sagemaker.create_endpoint_config(EndpointConfigName=ENDPOINT_CONFIG, KmsKeyId=estate.key_arn, ProductionVariants=[{
        "VariantName": "primary", "ModelName": MODEL, "InstanceType": "ml.m5.large", "InitialInstanceCount": 2}],
        DataCaptureConfig={"EnableCapture": True, "InitialSamplingPercentage": 100,
                           "DestinationS3Uri": f"s3://{BUCKET}/capture",
                           "CaptureOptions": [{"CaptureMode": "Input"}, {"CaptureMode": "Output"}]})
    sagemaker.create_endpoint(EndpointName=ENDPOINT, EndpointConfigName=ENDPOINT_CONFIG)

    estate.function_arn = lam.create_function(
        FunctionName=FUNCTION, Runtime="python3.12", Role=estate.lambda_role_arn, Handler="handler.handler",
        Code={"ZipFile": _zip()}, VpcConfig={"SubnetIds": estate.subnets, "SecurityGroupIds": [estate.security_group]},
        Environment={"Variables": {"ENDPOINT_NAME": ENDPOINT, "LOG_LEVEL": "INFO",
                                   "UPSTREAM_API_KEY": "not-a-real-key-but-secret"}})["FunctionArn"]
    aws("logs", region).create_log_group(logGroupName=f"/aws/lambda/{FUNCTION}", kmsKeyId=estate.key_arn)
    aws("logs", region).put_retention_policy(logGroupName=f"/aws/lambda/{FUNCTION}", retentionInDays=30)
    return estate


def exposed_notebook(aws: Client, estate: Estate, region: str = "us-east-1") -> str:
    """A notebook instance with direct internet access and root access (the defaults), in a subnet."""
    sagemaker = aws("sagemaker", region)
    return sagemaker.create_notebook_instance(
        NotebookInstanceName=NOTEBOOK, InstanceType="ml.t3.medium", RoleArn=estate.role_arn,
        SubnetId=estate.subnets[0], SecurityGroupIds=[estate.security_group], DirectInternetAccess="Enabled",
        RootAccess="Enabled")["NotebookInstanceArn"]


def public_api(aws: Client, estate: Estate, region: str = "us-east-1") -> str:
    """A REST API whose POST /score method proxies to the Lambda."""
    api = aws("apigateway", region)
    rest = api.create_rest_api(name="fraud-api", endpointConfiguration={"types": ["REGIONAL"]})
    root = next(r["id"] for r in api.get_resources(restApiId=rest["id"])["items"] if r["path"] == "/")
    resource = api.create_resource(restApiId=rest["id"], parentId=root, pathPart="score")
    api.put_method(restApiId=rest["id"], resourceId=resource["id"], httpMethod="POST", authorizationType="NONE")
    uri = (f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{estate.function_arn}/invocations")
    api.put_integration(restApiId=rest["id"], resourceId=resource["id"], httpMethod="POST", type="AWS_PROXY",
                        integrationHttpMethod="POST", uri=uri)
    return rest["id"]
