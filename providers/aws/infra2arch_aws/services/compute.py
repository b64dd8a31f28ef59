"""Lambda functions (with their VPC configuration, environment and function URLs) and ECR repositories."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Followups, Scope, fan_out
from infra2arch_aws.transform import arn_less, block, sorted_list

LAMBDA, ECR = "lambda", "ecr"


def get_functions(scope: Scope) -> list[dict] | None:
    return scope.paginate(LAMBDA, "list_functions", "Functions")


def get_function_url_configs(scope: Scope, function_name: str) -> list[dict] | None:
    return scope.paginate(LAMBDA, "list_function_url_configs", "FunctionUrlConfigs", FunctionName=function_name,
                          absent=("ResourceNotFoundException",))


def to_terraform_function(function: Mapping[str, Any], scope: Scope) -> Resource:
    """Environment values pass through the core's redaction (secret-named keys, credential-shaped values)."""
    name = function["FunctionName"]
    arn = function.get("FunctionArn") or scope.arn("lambda", f"function:{name}")
    vpc = function.get("VpcConfig") or {}
    subnets = sorted_list(vpc.get("SubnetIds"))
    vpc_config = None
    if subnets:
        vpc_config = [{
            "subnet_ids": subnets,
            "security_group_ids": sorted_list(vpc.get("SecurityGroupIds")) or [],
            **({"vpc_id": vpc["VpcId"]} if vpc.get("VpcId") else {}),
            **({"ipv6_allowed_for_dual_stack": vpc["Ipv6AllowedForDualStack"]}
               if "Ipv6AllowedForDualStack" in vpc else {}),
        }]
    environment = (function.get("Environment") or {}).get("Variables")
    attrs = {
        "function_name": name,
        "arn": arn,
        "qualified_arn": f"{arn}:{function['Version']}" if function.get("Version") else None,
        "role": function.get("Role"),
        "runtime": function.get("Runtime"),
        "handler": function.get("Handler"),
        "package_type": function.get("PackageType"),
        "memory_size": function.get("MemorySize"),
        "timeout": function.get("Timeout"),
        "architectures": function.get("Architectures"),
        "description": function.get("Description") or None,
        "kms_key_arn": function.get("KMSKeyArn"),
        "vpc_config": vpc_config,
        "environment": [{"variables": dict(sorted(environment.items()))}] if environment else None,
        "layers": sorted_list(layer.get("Arn") for layer in function.get("Layers") or ()),
        "tracing_config": block(function.get("TracingConfig")),
        "dead_letter_config": block(function.get("DeadLetterConfig")),
        "file_system_config": block(function.get("FileSystemConfigs")[0]) if function.get("FileSystemConfigs") else None,
        "logging_config": block(function.get("LoggingConfig")),
        "ephemeral_storage": block(function.get("EphemeralStorage")),
        "source_code_hash": function.get("CodeSha256"),
    }
    return scope.resource(arn, "aws_lambda_function", name, attrs, "lambda:ListFunctions")


def to_terraform_function_url(function: Mapping[str, Any], config: Mapping[str, Any], scope: Scope) -> Resource:
    """Never the URL itself: whether it exists and how it is authorised is what the map needs."""
    name = function["FunctionName"]
    attrs = {
        "function_name": name,
        "function_arn": config.get("FunctionArn") or function.get("FunctionArn"),
        "authorization_type": config.get("AuthType"),
        "invoke_mode": config.get("InvokeMode"),
        "cors": block(config.get("Cors")),
    }
    return scope.resource(arn_less("lambda", scope.region, scope.account, "aws_lambda_function_url", name),
                          "aws_lambda_function_url", name, attrs, "lambda:ListFunctionUrlConfigs")


def sync_functions(scope: Scope) -> Followups:
    """Functions from the list; their URL configurations (one call each) in follow-up tasks."""
    functions = [f for f in get_functions(scope) or () if f.get("FunctionName")]

    def urls(function: dict) -> list[Resource]:
        return [to_terraform_function_url(function, config, scope)
                for config in get_function_url_configs(scope, function["FunctionName"]) or ()]

    followups = fan_out("lambda-function-urls", functions, urls)
    return Followups(followups.tasks, [to_terraform_function(f, scope) for f in functions])


def get_repositories(scope: Scope) -> list[dict] | None:
    return scope.paginate(ECR, "describe_repositories", "repositories")


def to_terraform_repository(repo: Mapping[str, Any], scope: Scope) -> Resource:
    name = repo["repositoryName"]
    arn = repo.get("repositoryArn") or scope.arn("ecr", f"repository/{name}")
    scanning = repo.get("imageScanningConfiguration") or {}
    encryption = repo.get("encryptionConfiguration") or {}
    attrs = {
        "name": name,
        "arn": arn,
        "registry_id": repo.get("registryId"),
        "repository_url": repo.get("repositoryUri"),
        "image_tag_mutability": repo.get("imageTagMutability"),
        "image_scanning_configuration": [{"scan_on_push": bool(scanning.get("scanOnPush"))}],
        "encryption_configuration": [{k: v for k, v in (("encryption_type", encryption.get("encryptionType")),
                                                        ("kms_key", encryption.get("kmsKey"))) if v}]
                                    if encryption else None,
    }
    return scope.resource(arn, "aws_ecr_repository", name, attrs, "ecr:DescribeRepositories")


def sync_repositories(scope: Scope) -> list[Resource]:
    return [to_terraform_repository(r, scope) for r in get_repositories(scope) or () if r.get("repositoryName")]


SYNCS = (("lambda", sync_functions), ("ecr", sync_repositories))
