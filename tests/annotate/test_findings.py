"""The findings engine: every rule on pass_/fail_/unknown_ fixtures (checkov style), provider defaults,
live-only types, the zone rules, the three samples, waivers, --fail-on, the rules table and controls.

Fixtures: tests/annotate/fixtures/findings/<cloud>/*.tf, one scan per cloud. Each case names the rule,
the address, the exact result, a fragment of the evidence, whether a provider default was applied and,
where it differs from the rule's, the severity of the finding.
"""

from __future__ import annotations

import datetime
import textwrap
from functools import lru_cache
from pathlib import Path

import pytest

from infra2arch.annotate.findings import RULES, evaluate_findings, failing, rules_markdown
from infra2arch.annotate.findings import controls
from infra2arch.annotate.model import Finding, Plane, Result, Severity, Waiver, Zone, ZoneInfo
from infra2arch.graph import build_graph
from infra2arch.model import Edge, Graph, Origin, Relation, Resource, SourceLocation, Unknown
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import SAMPLES

FIXTURES = Path(__file__).parent / "fixtures" / "findings"
P, F, U = Result.PASS, Result.FAIL, Result.UNKNOWN
C, H, M, L, I = Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO
RULE_BY_ID = {rule.id: rule for rule in RULES}


def scan_dir(path: Path) -> Graph:
    return build_graph(TerraformProvider().scan(str(path), TerraformOptions(use_cache=False, environment={})))


def scan_hcl(tmp_path: Path, text: str) -> Graph:
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    return scan_dir(tmp_path)


def by_key(findings) -> dict[tuple[str, str], Finding]:
    return {(f.rule_id, f.address): f for f in findings}


@lru_cache(maxsize=None)
def fixture_findings(case: str) -> dict[tuple[str, str], Finding]:
    return by_key(evaluate_findings(scan_dir(FIXTURES / case), {}))


@lru_cache(maxsize=None)
def sample(name: str):
    from infra2arch.annotate.zones import annotate_zones

    graph = scan_dir(SAMPLES / name)
    zones, _ = annotate_zones(graph)
    return graph, zones, evaluate_findings(graph, zones)


def check_case(findings: dict, rule_id: str, address: str, result: Result, fragment: str, default_applied: bool,
               severity: Severity | None = None) -> None:
    finding = findings.get((rule_id, address))
    assert finding is not None, f"no {rule_id} finding for {address}"
    assert (finding.result, finding.default_applied) == (result, default_applied), finding
    assert fragment in finding.evidence, finding.evidence
    assert finding.severity == (severity or RULE_BY_ID[rule_id].severity), finding


# ----------------------------------------------------------------------------- fixture cases

CASES = [
    # --- aws
    ("aws", "I2A-AWS-001", "aws_sagemaker_notebook_instance.fail_defaults", F,
     "direct_internet_access not set: provider default Enabled", True),
    ("aws", "I2A-AWS-001", "aws_sagemaker_notebook_instance.fail_explicit", F,
     "direct_internet_access = Enabled", False),
    ("aws", "I2A-AWS-001", "aws_sagemaker_notebook_instance.pass_hardened", P,
     "direct_internet_access = Disabled", False),
    ("aws", "I2A-AWS-001", "aws_sagemaker_notebook_instance.unknown_vars", U,
     "direct_internet_access = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-002", "aws_sagemaker_notebook_instance.fail_defaults", F,
     "root_access not set: provider default Enabled", True),
    ("aws", "I2A-AWS-002", "aws_sagemaker_notebook_instance.fail_explicit", F, "root_access = Enabled", False),
    ("aws", "I2A-AWS-002", "aws_sagemaker_notebook_instance.pass_hardened", P, "root_access = Disabled", False),
    ("aws", "I2A-AWS-002", "aws_sagemaker_notebook_instance.unknown_vars", U,
     "root_access = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-003", "aws_sagemaker_notebook_instance.fail_defaults", F,
     "kms_key_id not set: AWS-managed key", True),
    ("aws", "I2A-AWS-003", "aws_sagemaker_notebook_instance.fail_explicit", F,
     "kms_key_id is empty: AWS-managed key", False),
    ("aws", "I2A-AWS-003", "aws_sagemaker_notebook_instance.pass_hardened", P,
     "kms_key_id set to aws_kms_key.pass_rotated.id (known after apply)", False),
    ("aws", "I2A-AWS-003", "aws_sagemaker_notebook_instance.unknown_vars", U,
     "kms_key_id = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-004", "aws_sagemaker_notebook_instance.fail_defaults", F,
     "subnet_id not set: the notebook runs in the SageMaker service network", True),
    ("aws", "I2A-AWS-004", "aws_sagemaker_notebook_instance.fail_explicit", F,
     "subnet_id not set: the notebook runs in the SageMaker service network", True),
    ("aws", "I2A-AWS-004", "aws_sagemaker_notebook_instance.pass_hardened", P,
     "subnet_id set to aws_subnet.pass_private.id (known after apply)", False),
    ("aws", "I2A-AWS-004", "aws_sagemaker_notebook_instance.unknown_vars", U,
     "subnet_id = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-005", "aws_sagemaker_endpoint_configuration.fail_capture_off", P,
     "kms_key_arn = arn:aws:kms:us-east-1:123456789012:key/abc", False),
    ("aws", "I2A-AWS-005", "aws_sagemaker_endpoint_configuration.fail_defaults", F,
     "kms_key_arn not set: endpoint storage volumes use an AWS-managed key", True),
    ("aws", "I2A-AWS-005", "aws_sagemaker_endpoint_configuration.pass_kms", P,
     "kms_key_arn set to aws_kms_key.pass_rotated.arn (known after apply)", False),
    ("aws", "I2A-AWS-005", "aws_sagemaker_endpoint_configuration.unknown_vars", U,
     "kms_key_arn = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-006", "aws_sagemaker_endpoint_configuration.fail_capture_off", F,
     "data_capture_config.enable_capture = false", False),
    ("aws", "I2A-AWS-006", "aws_sagemaker_endpoint_configuration.fail_defaults", F,
     "data_capture_config not set: inference requests and responses are not captured", True),
    ("aws", "I2A-AWS-006", "aws_sagemaker_endpoint_configuration.pass_kms", P,
     "data_capture_config.enable_capture = true", False),
    ("aws", "I2A-AWS-006", "aws_sagemaker_endpoint_configuration.unknown_vars", U,
     "data_capture_config.enable_capture = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-007", "aws_sagemaker_model.fail_defaults", F,
     "enable_network_isolation not set: provider default false", True),
    ("aws", "I2A-AWS-007", "aws_sagemaker_model.pass_isolated", P, "enable_network_isolation = true", False),
    ("aws", "I2A-AWS-007", "aws_sagemaker_model.unknown_vars", U,
     "enable_network_isolation = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-008", "aws_sagemaker_model.fail_defaults", F,
     "vpc_config not set: the model runs in the SageMaker service network", True),
    ("aws", "I2A-AWS-008", "aws_sagemaker_model.pass_isolated", P,
     "vpc_config set: [{subnets: [aws_subnet.pass_private.id (known after apply)]…", False),
    ("aws", "I2A-AWS-008", "aws_sagemaker_model.unknown_vars", U,
     "vpc_config = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-009", "aws_sagemaker_domain.fail_defaults", F,
     "app_network_access_type not set: provider default PublicInternetOnly", True),
    ("aws", "I2A-AWS-009", "aws_sagemaker_domain.pass_vpc_only", P, "app_network_access_type = VpcOnly", False),
    ("aws", "I2A-AWS-009", "aws_sagemaker_domain.unknown_vars", U,
     "app_network_access_type = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-010", "aws_sagemaker_domain.fail_defaults", F, "kms_key_id not set: AWS-managed key", True),
    ("aws", "I2A-AWS-010", "aws_sagemaker_domain.pass_vpc_only", P,
     "kms_key_id set to aws_kms_key.pass_rotated.arn (known after apply)", False),
    ("aws", "I2A-AWS-010", "aws_sagemaker_domain.unknown_vars", U,
     "kms_key_id = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-011", "aws_sagemaker_feature_group.fail_unencrypted", F,
     "online_store_config.security_config.kms_key_id not set: AWS-owned key", True),
    ("aws", "I2A-AWS-011", "aws_sagemaker_feature_group.pass_encrypted", P,
     "online_store_config.security_config.kms_key_id set to", False),
    ("aws", "I2A-AWS-011", "aws_sagemaker_feature_group.pass_offline_only", P,
     "online_store_config not set: no such store to encrypt", False),
    ("aws", "I2A-AWS-011", "aws_sagemaker_feature_group.unknown_keys", U,
     "online_store_config.security_config.kms_key_id = unknown (var.unset has no", False),
    ("aws", "I2A-AWS-012", "aws_sagemaker_feature_group.fail_unencrypted", F,
     "offline_store_config.s3_storage_config.kms_key_id not set: AWS-owned key", True),
    ("aws", "I2A-AWS-012", "aws_sagemaker_feature_group.pass_encrypted", P,
     "offline_store_config.s3_storage_config.kms_key_id set to", False),
    ("aws", "I2A-AWS-012", "aws_sagemaker_feature_group.pass_offline_only", P,
     "offline_store_config.s3_storage_config.kms_key_id =", False),
    ("aws", "I2A-AWS-012", "aws_sagemaker_feature_group.unknown_keys", U,
     "offline_store_config.s3_storage_config.kms_key_id = unknown (var.unset has no", False),
    ("aws", "I2A-AWS-017", "aws_sagemaker_model.fail_defaults", F,
     "no aws_sagemaker_model_package_group in the scanned code and no", False),
    ("aws", "I2A-AWS-017", "aws_sagemaker_model.pass_isolated", P, "primary_container.model_package_name =", False),
    ("aws", "I2A-AWS-017", "aws_sagemaker_model.unknown_vars", U,
     "primary_container.model_package_name = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-018", "aws_s3_bucket.fail_aws_managed_key", F,
     "no aws_s3_bucket_public_access_block for this bucket: public ACLs and policies", True),
    ("aws", "I2A-AWS-018", "aws_s3_bucket.fail_open", F,
     "no aws_s3_bucket_public_access_block for this bucket: public ACLs and policies", True),
    ("aws", "I2A-AWS-018", "aws_s3_bucket.fail_partial", F, "public access block incomplete", True),
    ("aws", "I2A-AWS-018", "aws_s3_bucket.pass_private", P, "all four public access block flags are true", False),
    ("aws", "I2A-AWS-018", "aws_s3_bucket.unknown_vars", U, "public access block flags not known", False),
    ("aws", "I2A-AWS-018", "aws_s3_bucket_public_access_block.fail_orphan", F,
     "public access block incomplete: block_public_acls = false", False),
    ("aws", "I2A-AWS-019", "aws_s3_bucket.fail_aws_managed_key", F,
     "sse_algorithm = aws:kms without kms_master_key_id", True),
    ("aws", "I2A-AWS-019", "aws_s3_bucket.fail_open", F,
     "no server-side encryption configuration: provider default SSE-S3 (AES256), an", True),
    ("aws", "I2A-AWS-019", "aws_s3_bucket.fail_partial", F, "sse_algorithm = AES256", False),
    ("aws", "I2A-AWS-019", "aws_s3_bucket.pass_private", P,
     "sse_algorithm = aws:kms with kms_master_key_id = aws_kms_key.pass_rotated.arn", False),
    ("aws", "I2A-AWS-019", "aws_s3_bucket.unknown_vars", U,
     "sse_algorithm = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-020", "aws_s3_bucket.fail_aws_managed_key", F,
     "no aws_s3_bucket_versioning: provider default versioning disabled", True),
    ("aws", "I2A-AWS-020", "aws_s3_bucket.fail_open", F,
     "no aws_s3_bucket_versioning: provider default versioning disabled", True),
    ("aws", "I2A-AWS-020", "aws_s3_bucket.fail_partial", F, "versioning_configuration.status = Suspended", False),
    ("aws", "I2A-AWS-020", "aws_s3_bucket.pass_private", P, "versioning_configuration.status = Enabled", False),
    ("aws", "I2A-AWS-020", "aws_s3_bucket.unknown_vars", U,
     "versioning_configuration.status = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-021", "aws_s3_bucket.fail_aws_managed_key", P, "no bucket policy", False),
    ("aws", "I2A-AWS-021", "aws_s3_bucket.fail_open", F,
     "policy allows Principal \"*\" without a condition (Sid PublicRead)", False),
    ("aws", "I2A-AWS-021", "aws_s3_bucket.fail_partial", P, "no bucket policy", False),
    ("aws", "I2A-AWS-021", "aws_s3_bucket.pass_private", P,
     "no Allow statement for Principal \"*\" without a condition", False),
    ("aws", "I2A-AWS-021", "aws_s3_bucket.unknown_vars", U,
     "policy not known (aws_s3_bucket_policy.unknown_vars): var.unset has no value", False),
    ("aws", "I2A-AWS-022", "aws_ecr_repository.fail_defaults", F,
     "image_scanning_configuration.scan_on_push not set: provider default false", True),
    ("aws", "I2A-AWS-022", "aws_ecr_repository.pass_hardened", P,
     "image_scanning_configuration.scan_on_push = true", False),
    ("aws", "I2A-AWS-022", "aws_ecr_repository.unknown_vars", U,
     "image_scanning_configuration.scan_on_push = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-023", "aws_ecr_repository.fail_defaults", F,
     "image_tag_mutability not set: provider default MUTABLE", True),
    ("aws", "I2A-AWS-023", "aws_ecr_repository.pass_hardened", P, "image_tag_mutability = IMMUTABLE", False),
    ("aws", "I2A-AWS-023", "aws_ecr_repository.unknown_vars", U,
     "image_tag_mutability = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-024", "aws_ecr_repository.fail_defaults", F,
     "encryption_configuration.encryption_type not set: provider default AES256", True),
    ("aws", "I2A-AWS-024", "aws_ecr_repository.pass_hardened", P,
     "encryption_configuration.encryption_type = KMS", False),
    ("aws", "I2A-AWS-024", "aws_ecr_repository.unknown_vars", U,
     "encryption_configuration.encryption_type = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-025", "aws_cloudwatch_log_group.fail_defaults", F,
     "kms_key_id not set: CloudWatch-managed encryption", True),
    ("aws", "I2A-AWS-025", "aws_cloudwatch_log_group.fail_never_expire", F,
     "kms_key_id not set: CloudWatch-managed encryption", True),
    ("aws", "I2A-AWS-025", "aws_cloudwatch_log_group.pass_hardened", P,
     "kms_key_id set to aws_kms_key.pass_rotated.arn (known after apply)", False),
    ("aws", "I2A-AWS-025", "aws_cloudwatch_log_group.unknown_vars", U,
     "kms_key_id = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-026", "aws_cloudwatch_log_group.fail_defaults", F,
     "retention_in_days not set: provider default 0 (logs never expire, no retention", True),
    ("aws", "I2A-AWS-026", "aws_cloudwatch_log_group.fail_never_expire", F,
     "retention_in_days = 0: logs never expire, no retention policy", False),
    ("aws", "I2A-AWS-026", "aws_cloudwatch_log_group.pass_hardened", P, "retention_in_days = 365", False),
    ("aws", "I2A-AWS-026", "aws_cloudwatch_log_group.unknown_vars", U,
     "retention_in_days = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-027", "aws_security_group.fail_all_ipv6", F,
     "ingress from ::/0 on all ports (inline ingress)", False, C),
    ("aws", "I2A-AWS-027", "aws_security_group.fail_https_world", F,
     "ingress from 0.0.0.0/0 on tcp port 443 (inline ingress)", False),
    ("aws", "I2A-AWS-027", "aws_security_group.fail_rule_rdp", F,
     "ingress from 0.0.0.0/0 on tcp port 3389 (aws_security_group_rule.fail_rule_rdp)", False, C),
    ("aws", "I2A-AWS-027", "aws_security_group.fail_ssh_world", F,
     "ingress from 0.0.0.0/0 on tcp port 22 (inline ingress)", False, C),
    ("aws", "I2A-AWS-027", "aws_security_group.fail_vpc_rule", F, "ingress from 0.0.0.0/0 on tcp port 8080", False),
    ("aws", "I2A-AWS-027", "aws_security_group.pass_private", P,
     "no ingress from 0.0.0.0/0 or ::/0 (1 ingress rule checked)", False),
    ("aws", "I2A-AWS-027", "aws_security_group.unknown_cidr", U,
     "ingress source not known: inline ingress: source unknown (var.unset has no", False),
    ("aws", "I2A-AWS-028", "aws_default_security_group.fail_open", F,
     "default security group allows traffic: 1 ingress rule", False),
    ("aws", "I2A-AWS-028", "aws_default_security_group.pass_empty", P,
     "no ingress or egress rules: the default security group denies all traffic", False),
    ("aws", "I2A-AWS-028", "aws_default_security_group.unknown_dynamic", U,
     "ingress = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-029", "aws_default_subnet.fail_default", F,
     "map_public_ip_on_launch not set: provider default true", True),
    ("aws", "I2A-AWS-029", "aws_subnet.fail_public", F, "map_public_ip_on_launch = true", False),
    ("aws", "I2A-AWS-029", "aws_subnet.pass_private", P,
     "map_public_ip_on_launch not set: provider default false", True),
    ("aws", "I2A-AWS-029", "aws_subnet.unknown_public_ip", U,
     "map_public_ip_on_launch = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-030", "aws_vpc.fail_no_flow_logs", F,
     "no aws_flow_log for this VPC: network traffic is not logged", True),
    ("aws", "I2A-AWS-030", "aws_vpc.pass_flow", P, "flow log aws_flow_log.pass_flow captures this VPC", False),
    ("aws", "I2A-AWS-030", "aws_vpc.unknown_default_sg", P,
     "flow log aws_flow_log.unknown_default_sg captures this VPC", False),
    ("aws", "I2A-AWS-031", "aws_apigatewayv2_stage.fail_unlogged", F,
     "access_log_settings.destination_arn not set: no access log", True),
    ("aws", "I2A-AWS-031", "aws_apigatewayv2_stage.pass_logged", P,
     "access_log_settings.destination_arn set to", False),
    ("aws", "I2A-AWS-031", "aws_apigatewayv2_stage.unknown_destination", U,
     "access_log_settings.destination_arn = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-032", "aws_api_gateway_method.fail_none", F,
     "authorization = NONE: the route is callable without authorization", False),
    ("aws", "I2A-AWS-032", "aws_api_gateway_method.pass_iam", P, "authorization = AWS_IAM", False),
    ("aws", "I2A-AWS-032", "aws_apigatewayv2_route.fail_open", F,
     "authorization_type not set: provider default NONE (no authorizer)", True),
    ("aws", "I2A-AWS-032", "aws_apigatewayv2_route.pass_jwt", P, "authorization_type = JWT", False),
    ("aws", "I2A-AWS-032", "aws_apigatewayv2_route.pass_preflight", P,
     "OPTIONS /score: CORS preflight, no authorization needed", False),
    ("aws", "I2A-AWS-032", "aws_apigatewayv2_route.unknown_auth", U,
     "authorization_type = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-033", "aws_lambda_function.fail_defaults", F,
     "vpc_config.subnet_ids not set: the function runs in the Lambda service network", True),
    ("aws", "I2A-AWS-033", "aws_lambda_function.pass_no_environment", F,
     "vpc_config.subnet_ids not set: the function runs in the Lambda service network", True),
    ("aws", "I2A-AWS-033", "aws_lambda_function.pass_vpc_kms", P,
     "vpc_config.subnet_ids set: [aws_subnet.pass_private.id (known after apply)]", False),
    ("aws", "I2A-AWS-033", "aws_lambda_function.unknown_vars", U,
     "vpc_config.subnet_ids = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-034", "aws_lambda_function.fail_defaults", F,
     "kms_key_arn not set: environment variables use the AWS-managed key aws/lambda", True),
    ("aws", "I2A-AWS-034", "aws_lambda_function.pass_no_environment", P,
     "no environment variables to encrypt", False),
    ("aws", "I2A-AWS-034", "aws_lambda_function.pass_vpc_kms", P,
     "kms_key_arn set to aws_kms_key.pass_rotated.arn (known after apply)", False),
    ("aws", "I2A-AWS-034", "aws_lambda_function.unknown_vars", U,
     "kms_key_arn = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-035", "aws_lb.fail_public_no_waf", F,
     "internal not set: provider default false (internet-facing), and no", True),
    ("aws", "I2A-AWS-035", "aws_lb.pass_internal", P, "internal = true: not internet-facing", False),
    ("aws", "I2A-AWS-035", "aws_lb.pass_network", P, "load_balancer_type = network: WAF does not apply", False),
    ("aws", "I2A-AWS-035", "aws_lb.pass_waf", P, "web ACL attached by aws_wafv2_web_acl_association.pass_waf", False),
    ("aws", "I2A-AWS-035", "aws_lb.unknown_internal", U, "internal = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-036", "aws_iam_policy.fail_service_wildcard", F, "Allow Action s3:* on Resource \"*\"", False),
    ("aws", "I2A-AWS-036", "aws_iam_role.fail_ml_admin", F,
     "Allow Action * on Resource \"*\" (Sid All) in aws_iam_role_policy.fail_ml_admin", False, C),
    ("aws", "I2A-AWS-036", "aws_iam_role.fail_ml_full", F,
     "Allow Action s3:* on Resource \"*\" in aws_iam_policy.fail_service_wildcard", False),
    ("aws", "I2A-AWS-036", "aws_iam_role.pass_ml", P,
     "no Allow of \"*\" or \"service:*\" on Resource \"*\" (1 document checked)", False),
    ("aws", "I2A-AWS-036", "aws_iam_role.unknown_ml_attachment", P,
     "no inline or attached customer policy documents", False),
    ("aws", "I2A-AWS-036", "aws_iam_role.unknown_policy", U,
     "policy not fully known: aws_iam_role_policy.unknown_policy: Resource not known", False),
    ("aws", "I2A-AWS-037", "aws_iam_role.fail_ml_admin", F,
     "AWS managed AdministratorAccess attached to an ML execution role", False, C),
    ("aws", "I2A-AWS-037", "aws_iam_role.fail_ml_full", F,
     "AWS managed AmazonSageMakerFullAccess attached to an ML execution role", False),
    ("aws", "I2A-AWS-037", "aws_iam_role.pass_ml", P,
     "no AdministratorAccess or AmazonSageMakerFullAccess among 1 attached policy", False),
    ("aws", "I2A-AWS-037", "aws_iam_role.unknown_ml_attachment", U,
     "policy_arn not known (aws_iam_role_policy_attachment.unknown_ml_attachment)", False),
    ("aws", "I2A-AWS-038", "aws_kms_key.fail_defaults", F,
     "enable_key_rotation not set: provider default false", True),
    ("aws", "I2A-AWS-038", "aws_kms_key.pass_asymmetric", P,
     "customer_master_key_spec = RSA_2048: automatic rotation does not apply", False),
    ("aws", "I2A-AWS-038", "aws_kms_key.pass_rotated", P, "enable_key_rotation = true", False),
    ("aws", "I2A-AWS-038", "aws_kms_key.unknown_rotation", U,
     "enable_key_rotation = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.fail_defaults", P, "runtime = python3.12", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.pass_no_environment", P, "runtime = python3.12", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.pass_vpc_kms", P, "runtime = python3.12", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.unknown_vars", P, "runtime = python3.12", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.fail_old_runtime", F, "runtime = python3.7: deprecated since 2023-12-04", False),
    ("aws", "I2A-AWS-039", "aws_lambda_function.unknown_runtime", U, "runtime = unknown (var.runtime has no value)", False),
    ("aws", "I2A-AWS-040", "aws_opensearchserverless_collection.fail_public", F,
     "network policy aws_opensearchserverless_security_policy.public sets AllowFromPublic = true", False),
    ("aws", "I2A-AWS-040", "aws_opensearchserverless_collection.pass_vpc_only", P,
     "network policy aws_opensearchserverless_security_policy.private allows only VPC endpoints", False),
    ("aws", "I2A-AWS-040", "aws_opensearchserverless_collection.unknown_no_policy", U,
     "no network policy in the input names this collection", False),
    ("aws", "I2A-AWS-041", "aws_apprunner_service.fail_defaults", F,
     "is_publicly_accessible not set: provider default true", True),
    ("aws", "I2A-AWS-041", "aws_apprunner_service.pass_private_kms", P, "is_publicly_accessible = false", False),
    ("aws", "I2A-AWS-041", "aws_apprunner_service.unknown_vars", U,
     "is_publicly_accessible = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-042", "aws_apprunner_service.fail_defaults", F, "kms_key not set: source code and image", True),
    ("aws", "I2A-AWS-042", "aws_apprunner_service.pass_private_kms", P, "kms_key = arn:aws:kms:", False),
    ("aws", "I2A-AWS-042", "aws_apprunner_service.unknown_vars", U, "kms_key = unknown (var.unset has no value)", False),
    ("aws", "I2A-AWS-033", "aws_lambda_function.fail_old_runtime", F, "vpc_config.subnet_ids not set", True),
    ("aws", "I2A-AWS-033", "aws_lambda_function.unknown_runtime", F, "vpc_config.subnet_ids not set", True),
    ("aws", "I2A-AWS-034", "aws_lambda_function.fail_old_runtime", P, "no environment variables to encrypt", False),
    ("aws", "I2A-AWS-034", "aws_lambda_function.unknown_runtime", P, "no environment variables to encrypt", False),
    # --- gcp
    ("gcp", "I2A-GCP-001", "google_vertex_ai_dataset.fail_google_key", F,
     "encryption_spec.kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_dataset.pass_cmek", P,
     "encryption_spec.kms_key_name set to google_kms_crypto_key.ml.id (known after", False),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_endpoint.fail_public", F,
     "encryption_spec.kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_endpoint.pass_private", P,
     "encryption_spec.kms_key_name set to google_kms_crypto_key.ml.id (known after", False),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_endpoint.pass_psc", F,
     "encryption_spec.kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_endpoint.unknown_network", F,
     "encryption_spec.kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-001", "google_vertex_ai_tensorboard.unknown_key", U,
     "encryption_spec.kms_key_name = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-002", "google_vertex_ai_endpoint.fail_public", F,
     "network not set and no private_service_connect_config: public endpoint", True),
    ("gcp", "I2A-GCP-002", "google_vertex_ai_endpoint.pass_private", P,
     "network = projects/123456/global/networks/ml: private endpoint peered into the", False),
    ("gcp", "I2A-GCP-002", "google_vertex_ai_endpoint.pass_psc", P,
     "private_service_connect_config.enable_private_service_connect = true", False),
    ("gcp", "I2A-GCP-002", "google_vertex_ai_endpoint.unknown_network", U,
     "network = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-003", "google_workbench_instance.fail_defaults", F,
     "gce_setup.disable_public_ip not set: provider default false", True),
    ("gcp", "I2A-GCP-003", "google_workbench_instance.fail_explicit", F,
     "gce_setup.disable_public_ip = false", False),
    ("gcp", "I2A-GCP-003", "google_workbench_instance.pass_hardened", P, "gce_setup.disable_public_ip = true", False),
    ("gcp", "I2A-GCP-003", "google_workbench_instance.unknown_vars", U,
     "gce_setup.disable_public_ip = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-004", "google_workbench_instance.fail_defaults", F,
     "gce_setup.metadata.notebook-disable-root not set: provider default false", True),
    ("gcp", "I2A-GCP-004", "google_workbench_instance.fail_explicit", F,
     "gce_setup.metadata.notebook-disable-root = false", False),
    ("gcp", "I2A-GCP-004", "google_workbench_instance.pass_hardened", P,
     "gce_setup.metadata.notebook-disable-root = true", False),
    ("gcp", "I2A-GCP-004", "google_workbench_instance.unknown_vars", U,
     "gce_setup.metadata.notebook-disable-root = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-005", "google_workbench_instance.fail_defaults", P,
     "gce_setup.shielded_instance_config.enable_integrity_monitoring not set:", True),
    ("gcp", "I2A-GCP-005", "google_workbench_instance.fail_explicit", F,
     "gce_setup.shielded_instance_config.enable_integrity_monitoring = false", False),
    ("gcp", "I2A-GCP-005", "google_workbench_instance.pass_hardened", P,
     "gce_setup.shielded_instance_config.enable_integrity_monitoring = true", False),
    ("gcp", "I2A-GCP-005", "google_workbench_instance.unknown_vars", U,
     "gce_setup.shielded_instance_config.enable_integrity_monitoring = unknown", False),
    ("gcp", "I2A-GCP-006", "google_workbench_instance.fail_defaults", F,
     "gce_setup.shielded_instance_config.enable_secure_boot not set: provider default", True),
    ("gcp", "I2A-GCP-006", "google_workbench_instance.fail_explicit", F,
     "gce_setup.shielded_instance_config.enable_secure_boot = false", False),
    ("gcp", "I2A-GCP-006", "google_workbench_instance.pass_hardened", P,
     "gce_setup.shielded_instance_config.enable_secure_boot = true", False),
    ("gcp", "I2A-GCP-006", "google_workbench_instance.unknown_vars", U,
     "gce_setup.shielded_instance_config.enable_secure_boot = unknown (var.unset has", False),
    ("gcp", "I2A-GCP-007", "google_notebooks_instance.fail_defaults", F,
     "no_public_ip not set: provider default false", True),
    ("gcp", "I2A-GCP-007", "google_notebooks_instance.pass_private", P, "no_public_ip = true", False),
    ("gcp", "I2A-GCP-007", "google_notebooks_instance.unknown_vars", U,
     "no_public_ip = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-008", "google_notebooks_instance.fail_defaults", F,
     "no_proxy_access not set: provider default false", True),
    ("gcp", "I2A-GCP-008", "google_notebooks_instance.pass_private", P, "no_proxy_access = true", False),
    ("gcp", "I2A-GCP-008", "google_notebooks_instance.unknown_vars", U,
     "no_proxy_access = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-018", "google_workbench_instance.fail_defaults", F,
     "disable_proxy_access not set: provider default false", True),
    ("gcp", "I2A-GCP-018", "google_workbench_instance.fail_explicit", F, "disable_proxy_access = false", False),
    ("gcp", "I2A-GCP-018", "google_workbench_instance.pass_hardened", P, "disable_proxy_access = true", False),
    ("gcp", "I2A-GCP-018", "google_workbench_instance.unknown_vars", U,
     "disable_proxy_access = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-009", "google_storage_bucket.fail_binding", F, "uniform_bucket_level_access = false", False),
    ("gcp", "I2A-GCP-009", "google_storage_bucket.fail_public", F,
     "uniform_bucket_level_access not set: provider default false", True),
    ("gcp", "I2A-GCP-009", "google_storage_bucket.pass_enforced", P, "uniform_bucket_level_access = true", False),
    ("gcp", "I2A-GCP-009", "google_storage_bucket.pass_private", P, "uniform_bucket_level_access = true", False),
    ("gcp", "I2A-GCP-009", "google_storage_bucket.unknown_vars", U,
     "uniform_bucket_level_access = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-010", "google_storage_bucket.fail_binding", F,
     "google_storage_bucket_iam_binding.fail_binding grants", False),
    ("gcp", "I2A-GCP-010", "google_storage_bucket.fail_public", F,
     "google_storage_bucket_iam_member.fail_public_all_users grants", False),
    ("gcp", "I2A-GCP-010", "google_storage_bucket.pass_enforced", P,
     "google_storage_bucket_iam_member.pass_enforced grants", False),
    ("gcp", "I2A-GCP-010", "google_storage_bucket.pass_private", P,
     "no allUsers or allAuthenticatedUsers grant (1 grant checked)", False),
    ("gcp", "I2A-GCP-010", "google_storage_bucket.unknown_vars", U,
     "members of google_storage_bucket_iam_member.unknown_vars not known", False),
    ("gcp", "I2A-GCP-011", "google_storage_bucket.fail_binding", F,
     "encryption.default_kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-011", "google_storage_bucket.fail_public", F,
     "encryption.default_kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-011", "google_storage_bucket.pass_enforced", F,
     "encryption.default_kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-011", "google_storage_bucket.pass_private", P,
     "encryption.default_kms_key_name set to google_kms_crypto_key.ml.id (known after", False),
    ("gcp", "I2A-GCP-011", "google_storage_bucket.unknown_vars", U,
     "encryption.default_kms_key_name = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.fail_default_source", F,
     "ingress source_ranges not set: provider default 0.0.0.0/0 on tcp port 8080", True),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.fail_https_world", F,
     "ingress from 0.0.0.0/0 on tcp port 443, 8443-8444", False),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.fail_ssh_world", F,
     "ingress from 0.0.0.0/0 on tcp port 22", False, C),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.pass_deny", P, "no allow blocks (deny rule)", False),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.pass_egress", P,
     "direction = EGRESS: not an ingress rule", False),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.pass_iap", P, "source_ranges = [35.235.240.0/20]", False),
    ("gcp", "I2A-GCP-012", "google_compute_firewall.unknown_source", U,
     "source_ranges include unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-013", "google_bigquery_dataset.fail_google_key", F,
     "default_encryption_configuration.kms_key_name not set: Google-managed key", True),
    ("gcp", "I2A-GCP-013", "google_bigquery_dataset.pass_cmek", P,
     "default_encryption_configuration.kms_key_name set to", False),
    ("gcp", "I2A-GCP-013", "google_bigquery_dataset.unknown_key", U,
     "default_encryption_configuration.kms_key_name = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-014", "google_service_account.fail_keys", F,
     "user-managed key google_service_account_key.fail_keys: a long-lived credential", False),
    ("gcp", "I2A-GCP-014", "google_service_account.pass_no_keys", P,
     "no user-managed keys (google_service_account_key) for this service account", False),
    ("gcp", "I2A-GCP-015", "google_project_iam_member.fail_editor_sa", F,
     "role = roles/editor granted to service account", False),
    ("gcp", "I2A-GCP-015", "google_project_iam_member.fail_owner_user", F,
     "role = roles/owner granted to user:owner@example.com", False, M),
    ("gcp", "I2A-GCP-015", "google_project_iam_member.pass_scoped", P, "role = roles/aiplatform.user", False),
    ("gcp", "I2A-GCP-015", "google_project_iam_member.unknown_role", U,
     "role = unknown (var.unset has no value)", False),
    ("gcp", "I2A-GCP-017", "google_cloudfunctions_function.fail_old_runtime", F, "runtime = python37: deprecated", False),
    ("gcp", "I2A-GCP-017", "google_cloudfunctions2_function.pass_runtime", P, "build_config.runtime = python312", False),
    ("gcp", "I2A-GCP-017", "google_cloudfunctions_function.unknown_runtime", U, "runtime = unknown", False),
    ("gcp", "I2A-GCP-016", "google_vertex_ai_index_endpoint.fail_public", F, "public_endpoint_enabled = true", False),
    ("gcp", "I2A-GCP-016", "google_vertex_ai_index_endpoint.pass_private", P,
     "public_endpoint_enabled not set: provider default false", True),
    ("gcp", "I2A-GCP-016", "google_vertex_ai_index_endpoint.unknown_public", U,
     "public_endpoint_enabled = unknown (var.unset has no value)", False),
    # --- azure
    ("azure", "I2A-AZ-001", "azurerm_machine_learning_workspace.fail_defaults", F,
     "public_network_access_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-001", "azurerm_machine_learning_workspace.pass_hardened", P,
     "public_network_access_enabled = false", False),
    ("azure", "I2A-AZ-001", "azurerm_machine_learning_workspace.unknown_vars", U,
     "public_network_access_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-002", "azurerm_machine_learning_workspace.fail_defaults", F,
     "high_business_impact not set: provider default false", True),
    ("azure", "I2A-AZ-002", "azurerm_machine_learning_workspace.pass_hardened", P,
     "high_business_impact = true", False),
    ("azure", "I2A-AZ-002", "azurerm_machine_learning_workspace.unknown_vars", U,
     "high_business_impact = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-003", "azurerm_machine_learning_workspace.fail_defaults", F,
     "encryption.key_id not set: Microsoft-managed keys", True),
    ("azure", "I2A-AZ-003", "azurerm_machine_learning_workspace.pass_hardened", P,
     "encryption.key_id = https://kv-pass.vault.azure.net/keys/cmk/0123", False),
    ("azure", "I2A-AZ-003", "azurerm_machine_learning_workspace.unknown_vars", U,
     "encryption.key_id = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-004", "azurerm_machine_learning_workspace.fail_defaults", F,
     "image_build_compute_name not set: images are built by serverless/ACR compute", True),
    ("azure", "I2A-AZ-004", "azurerm_machine_learning_workspace.pass_hardened", P,
     "image_build_compute_name = cpu-cluster", False),
    ("azure", "I2A-AZ-004", "azurerm_machine_learning_workspace.unknown_vars", U,
     "image_build_compute_name = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-005", "azurerm_machine_learning_compute_instance.fail_defaults", F,
     "node_public_ip_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-005", "azurerm_machine_learning_compute_instance.pass_private", P,
     "node_public_ip_enabled = false", False),
    ("azure", "I2A-AZ-005", "azurerm_machine_learning_compute_instance.unknown_vars", U,
     "node_public_ip_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-006", "azurerm_machine_learning_compute_instance.fail_defaults", F,
     "local_auth_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-006", "azurerm_machine_learning_compute_instance.pass_private", P,
     "local_auth_enabled = false", False),
    ("azure", "I2A-AZ-006", "azurerm_machine_learning_compute_instance.unknown_vars", U,
     "local_auth_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_cluster.fail_defaults", F,
     "subnet_resource_id not set: the compute runs in the Azure-managed network", True),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_cluster.pass_private", P,
     "subnet_resource_id set to azurerm_subnet.ml.id (known after apply)", False),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_cluster.unknown_vars", U,
     "subnet_resource_id = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_instance.fail_defaults", F,
     "subnet_resource_id not set: the compute runs in the Azure-managed network", True),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_instance.pass_private", P,
     "subnet_resource_id set to azurerm_subnet.ml.id (known after apply)", False),
    ("azure", "I2A-AZ-007", "azurerm_machine_learning_compute_instance.unknown_vars", U,
     "subnet_resource_id = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-008", "azurerm_machine_learning_compute_cluster.fail_defaults", F,
     "node_public_ip_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-008", "azurerm_machine_learning_compute_cluster.pass_private", P,
     "node_public_ip_enabled = false", False),
    ("azure", "I2A-AZ-008", "azurerm_machine_learning_compute_cluster.unknown_vars", U,
     "node_public_ip_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-009", "azurerm_machine_learning_compute_cluster.fail_defaults", F,
     "local_auth_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-009", "azurerm_machine_learning_compute_cluster.pass_private", P,
     "local_auth_enabled = false", False),
    ("azure", "I2A-AZ-009", "azurerm_machine_learning_compute_cluster.unknown_vars", U,
     "local_auth_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.fail_defaults", F,
     "public_network_access_enabled not set: provider default true and", True),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.fail_explicit", F,
     "public_network_access_enabled = true and network_rules.default_action not set", False),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.fail_legacy_names", F,
     "public_network_access_enabled not set: provider default true and", True),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.pass_firewall", P,
     "public_network_access_enabled not set: provider default true, but", True),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.pass_private", P,
     "public_network_access_enabled = false", False),
    ("azure", "I2A-AZ-010", "azurerm_storage_account.unknown_vars", U,
     "public_network_access_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.fail_defaults", F,
     "allow_nested_items_to_be_public not set: provider default true", True),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.fail_explicit", F,
     "allow_nested_items_to_be_public = true", False),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.fail_legacy_names", F, "allow_blob_public_access = true", False),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.pass_firewall", P,
     "allow_nested_items_to_be_public = false", False),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.pass_private", P,
     "allow_nested_items_to_be_public = false", False),
    ("azure", "I2A-AZ-011", "azurerm_storage_account.unknown_vars", U,
     "allow_nested_items_to_be_public = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.fail_defaults", P,
     "min_tls_version not set: provider default TLS1_2", True),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.fail_explicit", F, "min_tls_version = TLS1_0", False),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.fail_legacy_names", P,
     "min_tls_version not set: provider default TLS1_2", True),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.pass_firewall", P,
     "min_tls_version not set: provider default TLS1_2", True),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.pass_private", P, "min_tls_version = TLS1_2", False),
    ("azure", "I2A-AZ-012", "azurerm_storage_account.unknown_vars", U,
     "min_tls_version = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.fail_defaults", P,
     "https_traffic_only_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.fail_explicit", F, "https_traffic_only_enabled = false", False),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.fail_legacy_names", F,
     "enable_https_traffic_only = false", False),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.pass_firewall", P,
     "https_traffic_only_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.pass_private", P, "https_traffic_only_enabled = true", False),
    ("azure", "I2A-AZ-013", "azurerm_storage_account.unknown_vars", U,
     "https_traffic_only_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-014", "azurerm_key_vault.fail_defaults", F,
     "purge_protection_enabled not set: provider default false", True),
    ("azure", "I2A-AZ-014", "azurerm_key_vault.pass_acl_deny", P, "purge_protection_enabled = true", False),
    ("azure", "I2A-AZ-014", "azurerm_key_vault.pass_private", P, "purge_protection_enabled = true", False),
    ("azure", "I2A-AZ-014", "azurerm_key_vault.unknown_vars", U,
     "purge_protection_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-015", "azurerm_key_vault.fail_defaults", F,
     "public_network_access_enabled not set: provider default true and", True),
    ("azure", "I2A-AZ-015", "azurerm_key_vault.pass_acl_deny", P,
     "public_network_access_enabled not set: provider default true, but", True),
    ("azure", "I2A-AZ-015", "azurerm_key_vault.pass_private", P, "public_network_access_enabled = false", False),
    ("azure", "I2A-AZ-015", "azurerm_key_vault.unknown_vars", U,
     "public_network_access_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-016", "azurerm_container_registry.fail_admin", F, "admin_enabled = true", False),
    ("azure", "I2A-AZ-016", "azurerm_container_registry.fail_defaults", P,
     "admin_enabled not set: provider default false", True),
    ("azure", "I2A-AZ-016", "azurerm_container_registry.pass_private", P, "admin_enabled = false", False),
    ("azure", "I2A-AZ-016", "azurerm_container_registry.unknown_vars", U,
     "admin_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-017", "azurerm_container_registry.fail_admin", F,
     "public_network_access_enabled not set: provider default true and", True),
    ("azure", "I2A-AZ-017", "azurerm_container_registry.fail_defaults", F,
     "public_network_access_enabled not set: provider default true and", True),
    ("azure", "I2A-AZ-017", "azurerm_container_registry.pass_private", P,
     "public_network_access_enabled = false", False),
    ("azure", "I2A-AZ-017", "azurerm_container_registry.unknown_vars", U,
     "public_network_access_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-019", "azurerm_linux_function_app.fail_old_python", F,
     "application_stack.python_version = 3.7: end of support", False),
    ("azure", "I2A-AZ-019", "azurerm_linux_function_app.pass_python", P, "python_version = 3.12", False),
    ("azure", "I2A-AZ-019", "azurerm_linux_function_app.unknown_python", U, "python_version = unknown", False),
    ("azure", "I2A-AZ-024", "azurerm_linux_function_app.fail_old_python", F,
     "site_config.scm_ip_restriction_default_action not set: provider default Allow, no scm_ip_restriction rules", True, Severity.HIGH),
    ("azure", "I2A-AZ-024", "azurerm_linux_function_app.pass_python", F,
     "site_config.scm_ip_restriction_default_action not set: provider default Allow, no scm_ip_restriction rules", True, Severity.HIGH),
    ("azure", "I2A-AZ-024", "azurerm_linux_function_app.unknown_python", F,
     "site_config.scm_ip_restriction_default_action not set: provider default Allow, no scm_ip_restriction rules", True, Severity.HIGH),
    ("azure", "I2A-AZ-024", "azurerm_linux_web_app.pass_scm_restricted", P,
     "site_config.scm_ip_restriction_default_action = Deny; scm_ip_restriction allows only 198.51.100.0/24", False),
    ("azure", "I2A-AZ-024", "azurerm_linux_web_app.unknown_scm", U,
     "site_config.scm_ip_restriction_default_action = unknown", False),
    ("azure", "I2A-AZ-020", "azurerm_ai_services.unknown_vars", U,
     "local_authentication_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-020", "azurerm_cognitive_account.fail_defaults", F,
     "local_auth_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-020", "azurerm_cognitive_account.pass_hardened", P, "local_auth_enabled = false", False),
    ("azure", "I2A-AZ-021", "azurerm_ai_services.unknown_vars", U,
     "customer_managed_key.key_vault_key_id = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-021", "azurerm_cognitive_account.fail_defaults", F,
     "no customer_managed_key block and no azurerm_cognitive_account_customer_managed_key", False),
    ("azure", "I2A-AZ-021", "azurerm_cognitive_account.pass_hardened", P,
     "customer_managed_key.key_vault_key_id = https://kv-ml.vault.azure.net/keys/cmk/0123", False),
    ("azure", "I2A-AZ-022", "azurerm_search_service.fail_defaults", F,
     "local_authentication_enabled not set: provider default true", True),
    ("azure", "I2A-AZ-022", "azurerm_search_service.pass_allowed_ips", P, "local_authentication_enabled = false", False),
    ("azure", "I2A-AZ-022", "azurerm_search_service.unknown_vars", U,
     "local_authentication_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-023", "azurerm_search_service.fail_defaults", F,
     "public_network_access_enabled not set: provider default true and no allowed_ips", True),
    ("azure", "I2A-AZ-023", "azurerm_search_service.pass_allowed_ips", P,
     "but allowed_ips limits it to [203.0.113.0/24]", True),
    ("azure", "I2A-AZ-023", "azurerm_search_service.unknown_vars", U,
     "public_network_access_enabled = unknown (var.unset has no value)", False),
    ("azure", "I2A-AZ-018", "azurerm_network_security_group.fail_https_any", F,
     "inbound rule AllowHttps allows * on port 443, 8443 (security_rule)", False),
    ("azure", "I2A-AZ-018", "azurerm_network_security_group.fail_rule_rdp", F,
     "inbound rule AllowRDP allows 0.0.0.0/0 on port 3380-3390", False, C),
    ("azure", "I2A-AZ-018", "azurerm_network_security_group.fail_ssh_internet", F,
     "inbound rule AllowSSH allows Internet on port 22 (security_rule)", False, C),
    ("azure", "I2A-AZ-018", "azurerm_network_security_group.pass_vnet_only", P,
     "no inbound Allow from *, Internet or 0.0.0.0/0 (2 rules checked)", False),
    ("azure", "I2A-AZ-018", "azurerm_network_security_group.unknown_source", U,
     "not known: security_rule: source unknown (var.unset has no value)", False),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c[1]}:{c[2]}")
def test_rule_case(case):
    cloud, rule_id, address, result, fragment, default_applied, *severity = case
    check_case(fixture_findings(cloud), rule_id, address, result, fragment, default_applied, *severity)


@pytest.mark.parametrize("cloud", ["aws", "gcp", "azure"])
def test_every_fixture_finding_is_in_the_table(cloud):
    """No finding goes unasserted: the table covers every (rule, resource) result of the fixtures."""
    listed = {(c[1], c[2]) for c in CASES if c[0] == cloud}
    assert set(fixture_findings(cloud)) == listed


# --------------------------------------------------------------------- live-only job types


def _job(kind: str, name: str, attrs: dict) -> Resource:
    service = kind.replace("sagemaker_", "").replace("_", "-")  # training-job
    api = "sagemaker:Describe" + "".join(part.title() for part in service.split("-"))
    return Resource(f"arn:aws:sagemaker:us-east-1:123456789012:{service}/{name}", kind, name, attrs,
                    origin=Origin.AWS, source=SourceLocation(api=api))


def _graph(resources, edges=(), folded=None) -> Graph:
    return Graph(resources=tuple(resources), edges=tuple(edges), containment=(), gaps=(), folded=folded or {})


@lru_cache(maxsize=None)
def job_findings() -> dict[tuple[str, str], Finding]:
    secure = {"enable_network_isolation": True, "enable_inter_container_traffic_encryption": True,
              "vpc_config": {"subnets": ["subnet-1"], "security_group_ids": ["sg-1"]},
              "output_data_config": {"s3_output_path": "s3://out/", "kms_key_id": "arn:aws:kms:us-east-1:1:key/k"}}
    processing = {"network_config": {"enable_network_isolation": True,
                                     "enable_inter_container_traffic_encryption": True,
                                     "vpc_config": {"subnets": ["subnet-1"], "security_group_ids": ["sg-1"]}},
                  "processing_output_config": {"kms_key_id": "arn:aws:kms:us-east-1:1:key/k"}}
    denied = Unknown("access denied to DescribeTrainingJob")
    graph = _graph([
        _job("sagemaker_training_job", "pass", secure),
        _job("sagemaker_training_job", "fail", {"output_data_config": {"s3_output_path": "s3://out/"}}),
        _job("sagemaker_training_job", "unknown", {"enable_network_isolation": denied, "vpc_config": denied,
                                                  "enable_inter_container_traffic_encryption": denied,
                                                  "output_data_config": denied}),
        _job("sagemaker_processing_job", "pass", processing),
        _job("sagemaker_processing_job", "fail", {"network_config": {"enable_network_isolation": False}}),
    ])
    return by_key(evaluate_findings(graph, {}))


TJ = "arn:aws:sagemaker:us-east-1:123456789012:training-job/"
PJ = "arn:aws:sagemaker:us-east-1:123456789012:processing-job/"
JOB_CASES = [
    ("I2A-AWS-013", TJ + "pass", P, "vpc_config.subnets set", False),
    ("I2A-AWS-013", TJ + "fail", F, "vpc_config.subnets not set: the job runs in the SageMaker service network", True),
    ("I2A-AWS-013", TJ + "unknown", U, "vpc_config.subnets = unknown (access denied", False),
    ("I2A-AWS-013", PJ + "pass", P, "network_config.vpc_config.subnets set", False),
    ("I2A-AWS-013", PJ + "fail", F, "network_config.vpc_config.subnets not set", True),
    ("I2A-AWS-014", TJ + "pass", P, "enable_network_isolation = true", False),
    ("I2A-AWS-014", TJ + "fail", F, "enable_network_isolation not set: provider default false", True),
    ("I2A-AWS-014", TJ + "unknown", U, "enable_network_isolation = unknown", False),
    ("I2A-AWS-014", PJ + "pass", P, "network_config.enable_network_isolation = true", False),
    ("I2A-AWS-014", PJ + "fail", F, "network_config.enable_network_isolation = false", False),
    ("I2A-AWS-015", TJ + "pass", P, "enable_inter_container_traffic_encryption = true", False),
    ("I2A-AWS-015", TJ + "fail", F, "enable_inter_container_traffic_encryption not set: provider default false", True),
    ("I2A-AWS-015", TJ + "unknown", U, "enable_inter_container_traffic_encryption = unknown", False),
    ("I2A-AWS-015", PJ + "fail", F,
     "network_config.enable_inter_container_traffic_encryption not set: provider default false", True),
    ("I2A-AWS-016", TJ + "pass", P, "output_data_config.kms_key_id = arn:aws:kms", False),
    ("I2A-AWS-016", TJ + "fail", F, "output_data_config.kms_key_id not set: outputs use an AWS-managed key", True),
    ("I2A-AWS-016", TJ + "unknown", U, "output_data_config.kms_key_id = unknown", False),
    ("I2A-AWS-016", PJ + "pass", P, "processing_output_config.kms_key_id = arn:aws:kms", False),
    ("I2A-AWS-016", PJ + "fail", F, "processing_output_config.kms_key_id not set", True),
]


@pytest.mark.parametrize("case", JOB_CASES, ids=lambda c: f"{c[0]}:{c[1].rsplit(':', 1)[-1]}")
def test_live_job_case(case):
    rule_id, address, result, fragment, default_applied = case
    check_case(job_findings(), rule_id, address, result, fragment, default_applied)


def test_live_job_source_is_the_api_call():
    finding = job_findings()[("I2A-AWS-014", TJ + "fail")]
    assert finding.source.label() == "sagemaker:DescribeTrainingJob"


# --------------------------------------------------------------------------- zone rules


def _zone(zone: Zone, plane: Plane = Plane.CUSTOMER, *reasons: str) -> ZoneInfo:
    return ZoneInfo(zone, plane, reasons or (f"{zone.value} by hand",))


def _res(address: str, **attrs) -> Resource:
    tf_type, name = address.split(".", 1)
    return Resource(address, tf_type, name, attrs, source=SourceLocation("main.tf", 1))


@lru_cache(maxsize=None)
def zone_findings() -> dict[tuple[str, str], Finding]:
    resources = [
        _res("aws_apigatewayv2_api.public"),
        _res("aws_lambda_function.app"),
        _res("aws_s3_bucket.exposed"),
        _res("aws_s3_bucket.behind_app"),
        _res("aws_s3_bucket.via_role"),
        _res("aws_s3_bucket_policy.exposed"),
        _res("aws_iam_role.notebook"),
        _res("aws_sagemaker_notebook_instance.public"),
        _res("aws_sagemaker_model.provider"),
        _res("aws_sagemaker_model.private"),
        _res("aws_sagemaker_endpoint.public"),
        _res("aws_sagemaker_endpoint.private"),
        _res("aws_sagemaker_endpoint.unzoned"),
        _res("aws_ecr_repository.images"),
    ]
    edges = [
        Edge("aws_apigatewayv2_api.public", "aws_s3_bucket.exposed", Relation.DATA, "integration_uri"),
        Edge("aws_apigatewayv2_api.public", "aws_lambda_function.app", Relation.INVOKES, "integration_uri"),
        Edge("aws_apigatewayv2_api.public", "aws_ecr_repository.images", Relation.DATA, "image"),
        Edge("aws_lambda_function.app", "aws_s3_bucket.behind_app", Relation.DATA, "environment.variables"),
        Edge("aws_sagemaker_notebook_instance.public", "aws_iam_role.notebook", Relation.IAM, "role_arn"),
        Edge("aws_iam_role.notebook", "aws_s3_bucket.via_role", Relation.DATA, "aws_iam_role_policy.n.policy"),
    ]
    zones = {
        "aws_apigatewayv2_api.public": _zone(Zone.EDGE, Plane.PROVIDER),
        "aws_lambda_function.app": _zone(Zone.PRIVATE_APP),
        "aws_s3_bucket.exposed": _zone(Zone.DATA, Plane.PROVIDER),
        "aws_s3_bucket.behind_app": _zone(Zone.DATA, Plane.PROVIDER),
        "aws_s3_bucket.via_role": _zone(Zone.DATA, Plane.PROVIDER),
        "aws_s3_bucket_policy.exposed": _zone(Zone.DATA, Plane.PROVIDER),
        "aws_iam_role.notebook": _zone(Zone.MANAGEMENT, Plane.NONE),
        "aws_sagemaker_notebook_instance.public": _zone(Zone.EDGE, Plane.CUSTOMER, "direct internet access"),
        "aws_sagemaker_model.provider": _zone(Zone.PRIVATE_APP, Plane.PROVIDER, "no vpc_config"),
        "aws_sagemaker_model.private": _zone(Zone.PRIVATE_APP, Plane.CUSTOMER, "placed in private subnet"),
        "aws_sagemaker_endpoint.public": _zone(Zone.EDGE, Plane.CUSTOMER, "public endpoint"),
        "aws_sagemaker_endpoint.private": _zone(Zone.PRIVATE_APP, Plane.CUSTOMER, "serves a private model"),
        "aws_ecr_repository.images": _zone(Zone.DATA, Plane.PROVIDER),
    }
    graph = _graph(resources, edges, folded={"aws_s3_bucket_policy.exposed": "aws_s3_bucket.exposed"})
    return by_key(evaluate_findings(graph, zones))


ZONE_CASES = [
    ("I2A-NET-001", "aws_s3_bucket.exposed", F, "reached directly from edge-zone aws_apigatewayv2_api.public (data"),
    ("I2A-NET-001", "aws_s3_bucket.behind_app", P, "not reached directly from any edge-zone resource"),
    ("I2A-NET-001", "aws_s3_bucket.via_role", F,
     "aws_sagemaker_notebook_instance.public (runs as aws_iam_role.notebook, which has data access)"),
    ("I2A-NET-002", "aws_sagemaker_notebook_instance.public", F, "reachable from the internet (zone edge"),
    ("I2A-NET-002", "aws_sagemaker_model.provider", F, "runs in the provider-managed plane, outside the customer "
                                                       "network: no vpc_config"),
    ("I2A-NET-002", "aws_sagemaker_model.private", P, "runs in the customer-network plane, zone private-app"),
    ("I2A-NET-002", "aws_sagemaker_endpoint.public", P, "runs in the customer-network plane, zone edge"),
    ("I2A-NET-002", "aws_sagemaker_endpoint.unzoned", U, "no zone annotation"),
    ("I2A-NET-003", "aws_sagemaker_endpoint.public", F, "model endpoint in the edge zone (internet-reachable): "
                                                        "public endpoint"),
    ("I2A-NET-003", "aws_sagemaker_endpoint.private", P, "model endpoint in the private-app zone"),
    ("I2A-NET-003", "aws_sagemaker_endpoint.unzoned", U, "no zone annotation"),
]


@pytest.mark.parametrize("case", ZONE_CASES, ids=lambda c: f"{c[0]}:{c[1]}")
def test_zone_rule_case(case):
    rule_id, address, result, fragment = case
    check_case(zone_findings(), rule_id, address, result, fragment, False)


def test_zone_rules_skip_folded_configuration_and_registries():
    findings = zone_findings()
    assert ("I2A-NET-001", "aws_s3_bucket_policy.exposed") not in findings
    assert ("I2A-NET-001", "aws_ecr_repository.images") not in findings
    assert ("I2A-NET-001", "aws_iam_role.notebook") not in findings  # management zone


def test_zone_rules_need_zones():
    graph = scan_dir(SAMPLES / "aws-sagemaker")
    findings = evaluate_findings(graph, {})
    assert not [f for f in findings if f.rule_id.startswith("I2A-NET-")]


# ------------------------------------------------------------------------------- samples


def results(name: str) -> dict[tuple[str, str], Finding]:
    return by_key(sample(name)[2])


def test_aws_sample_deliberate_issues():
    found = results("aws-sagemaker")
    notebook = found[("I2A-AWS-001", "aws_sagemaker_notebook_instance.research")]
    assert (notebook.result, notebook.default_applied) == (F, True)
    assert notebook.evidence == "direct_internet_access not set: provider default Enabled"
    assert notebook.source.label() == "ml.tf:103"
    assert notebook.controls["PCI DSS 4.0"] and notebook.remediation
    sg = found[("I2A-AWS-027", "aws_security_group.notebook")]
    assert (sg.result, sg.severity) == (F, H)
    assert "ingress from 0.0.0.0/0 on tcp port 443" in sg.evidence
    route = found[("I2A-AWS-032", "aws_apigatewayv2_route.predict")]  # "also worth noticing" in the README
    assert (route.result, route.default_applied) == (F, True)
    assert found[("I2A-NET-002", "aws_sagemaker_notebook_instance.research")].result == F


def test_aws_sample_hardened_resources_pass():
    found = results("aws-sagemaker")
    for key in [("I2A-AWS-007", "aws_sagemaker_model.main"), ("I2A-AWS-008", "aws_sagemaker_model.main"),
                ("I2A-AWS-005", "aws_sagemaker_endpoint_configuration.main"),
                ("I2A-AWS-006", "aws_sagemaker_endpoint_configuration.main"),
                ("I2A-AWS-002", "aws_sagemaker_notebook_instance.research"),
                ("I2A-AWS-003", "aws_sagemaker_notebook_instance.research"),
                ("I2A-AWS-018", "aws_s3_bucket.artifacts"), ("I2A-AWS-019", "aws_s3_bucket.training_data"),
                ("I2A-AWS-021", "aws_s3_bucket.artifacts"), ("I2A-AWS-027", "aws_security_group.endpoint"),
                ("I2A-AWS-036", "aws_iam_role.sagemaker_execution"), ("I2A-AWS-038", "aws_kms_key.ml"),
                ("I2A-NET-003", "aws_sagemaker_endpoint.main")]:
        assert found[key].result == P, found[key]
    assert found[("I2A-AWS-007", "aws_sagemaker_model.main")].evidence == "enable_network_isolation = true"
    endpoint_config = found[("I2A-AWS-005", "aws_sagemaker_endpoint_configuration.main")]
    assert "kms_key_arn set to aws_kms_key.ml.arn" in endpoint_config.evidence


def test_gcp_sample_deliberate_issues():
    found = results("gcp-vertex")
    workbench = found[("I2A-GCP-003", "google_workbench_instance.research")]
    assert (workbench.result, workbench.default_applied) == (F, True)
    assert workbench.evidence == "gce_setup.disable_public_ip not set: provider default false"
    bucket = found[("I2A-GCP-010", 'google_storage_bucket.ml["public-datasets"]')]
    assert bucket.result == F
    assert "google_storage_bucket_iam_member.public_datasets_read grants roles/storage.objectViewer to allUsers" \
        in bucket.evidence
    # also worth noticing: Google-managed keys on two buckets and the feature online store
    assert found[("I2A-GCP-011", 'google_storage_bucket.ml["public-datasets"]')].result == F
    assert found[("I2A-GCP-001", "google_vertex_ai_feature_online_store.features")].result == F


def test_gcp_sample_hardened_resources_pass():
    found = results("gcp-vertex")
    for key in [("I2A-GCP-002", "google_vertex_ai_endpoint.churn"), ("I2A-GCP-001", "google_vertex_ai_endpoint.churn"),
                ("I2A-GCP-004", "google_workbench_instance.research"),
                ("I2A-GCP-010", 'google_storage_bucket.ml["training-data"]'),
                ("I2A-GCP-011", 'google_storage_bucket.ml["training-data"]'),
                ("I2A-GCP-012", "google_compute_firewall.allow_iap_ssh"),
                ("I2A-GCP-012", "google_compute_firewall.allow_internal"),
                ("I2A-GCP-013", "google_bigquery_dataset.features")]:
        assert found[key].result == P, found[key]


def test_azure_sample_deliberate_issues():
    found = results("azure-ml")
    instance = found[("I2A-AZ-005", "azurerm_machine_learning_compute_instance.analyst")]
    assert (instance.result, instance.default_applied) == (F, True)
    assert instance.evidence == "node_public_ip_enabled not set: provider default true"
    nsg = found[("I2A-AZ-018", "azurerm_network_security_group.training")]
    assert (nsg.result, nsg.severity) == (F, C)
    assert "AllowSSHForDebugging allows Internet on port 22" in nsg.evidence
    assert found[("I2A-AZ-003", "azurerm_machine_learning_workspace.ml")].result == F  # no CMK although HBI


def test_azure_sample_hardened_resources_pass():
    found = results("azure-ml")
    workspace = found[("I2A-AZ-001", "azurerm_machine_learning_workspace.ml")]
    assert (workspace.result, workspace.evidence) == (P, "public_network_access_enabled = false")
    for key in [("I2A-AZ-008", "azurerm_machine_learning_compute_cluster.training"),
                ("I2A-AZ-009", "azurerm_machine_learning_compute_cluster.training"),
                ("I2A-AZ-007", "azurerm_machine_learning_compute_instance.analyst"),
                ("I2A-AZ-002", "azurerm_machine_learning_workspace.ml"),
                ("I2A-AZ-010", "azurerm_storage_account.ml"), ("I2A-AZ-014", "azurerm_key_vault.ml"),
                ("I2A-AZ-016", "azurerm_container_registry.ml"),
                ("I2A-AZ-018", "azurerm_network_security_group.private_endpoints")]:
        assert found[key].result == P, found[key]


@pytest.mark.parametrize("name", ["aws-sagemaker", "gcp-vertex", "azure-ml"])
def test_one_sorted_result_per_rule_and_managed_resource(name):
    graph, _, findings = sample(name)
    keys = [(f.rule_id, f.address) for f in findings]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    data = {r.address for r in graph.resources if r.mode == "data"}
    assert data and not data & {f.address for f in findings}
    assert {f.result for f in findings} >= {P, F}


# -------------------------------------------------------------------------------- engine


def test_folded_rules_are_judged_with_their_parent_and_orphans_alone():
    found = fixture_findings("aws")
    assert ("I2A-AWS-027", "aws_security_group_rule.fail_rule_rdp") not in found
    assert ("I2A-AWS-018", "aws_s3_bucket_public_access_block.pass_private") not in found
    assert found[("I2A-AWS-018", "aws_s3_bucket_public_access_block.fail_orphan")].result == F
    assert ("I2A-AWS-037", "aws_iam_role.unknown_policy") not in found  # trusted by Lambda: not an ML role


def test_model_registry_passes_when_a_package_group_exists(tmp_path):
    graph = scan_hcl(tmp_path, """
        resource "aws_sagemaker_model_package_group" "models" {
          model_package_group_name = "fraud"
        }
        resource "aws_sagemaker_model" "m" {
          name               = "m"
          execution_role_arn = "arn:aws:iam::123456789012:role/ml"
          primary_container {
            image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/serving:1"
          }
        }
    """)
    finding = by_key(evaluate_findings(graph, {}))[("I2A-AWS-017", "aws_sagemaker_model.m")]
    assert finding.result == P
    assert "aws_sagemaker_model_package_group.models" in finding.evidence


def test_null_counts_as_absent_and_gets_the_provider_default(tmp_path):
    graph = scan_hcl(tmp_path, """
        variable "access" {
          default = null
        }
        resource "aws_sagemaker_notebook_instance" "nb" {
          name                   = "nb"
          role_arn               = "arn:aws:iam::123456789012:role/nb"
          instance_type          = "ml.t3.medium"
          direct_internet_access = var.access
        }
    """)
    finding = by_key(evaluate_findings(graph, {}))[("I2A-AWS-001", "aws_sagemaker_notebook_instance.nb")]
    assert (finding.result, finding.default_applied) == (F, True)
    assert finding.evidence == "direct_internet_access not set: provider default Enabled"


def test_a_failing_check_gives_unknown_not_a_crash():
    graph = _graph([Resource("aws_security_group.odd", "aws_security_group", "odd",
                             {"ingress": [{"cidr_blocks": ["0.0.0.0/0"], "protocol": "tcp",
                                           "from_port": "not-a-port", "to_port": 22}]})])
    finding = by_key(evaluate_findings(graph, {}))[("I2A-AWS-027", "aws_security_group.odd")]
    assert finding.result == U
    assert finding.evidence.startswith("rule could not be evaluated: ValueError")


# ------------------------------------------------------------------------------- waivers

TODAY = datetime.date(2025, 6, 1)
NOTEBOOK = "aws_sagemaker_notebook_instance.research"


def _aws_sample_with(*waivers: Waiver):
    graph, zones, _ = sample("aws-sagemaker")
    return by_key(evaluate_findings(graph, zones, waivers, TODAY))


def test_waiver_is_attached_and_never_hides_the_finding():
    waiver = Waiver("I2A-AWS-001", NOTEBOOK, "research notebook, isolated account", "2026-01-01")
    found = _aws_sample_with(waiver)
    finding = found[("I2A-AWS-001", NOTEBOOK)]
    assert finding.result == F and finding.waiver == waiver and not finding.waiver.expired
    assert found[("I2A-AWS-002", NOTEBOOK)].waiver is None  # other rule
    assert finding not in failing(found.values(), Severity.LOW)
    assert found[("I2A-AWS-027", "aws_security_group.notebook")] in failing(found.values(), Severity.HIGH)


def test_waiver_globs_match_rule_and_address_with_literal_brackets():
    found = _aws_sample_with(Waiver("I2A-AWS-0*", "aws_sagemaker_notebook_instance.*", "accepted", None),
                             Waiver("I2A-NET-001", 'aws_s3_bucket.*', "accepted", None))
    assert found[("I2A-AWS-001", NOTEBOOK)].waiver is not None
    assert found[("I2A-NET-001", "aws_s3_bucket.artifacts")].waiver is not None
    assert found[("I2A-AWS-002", NOTEBOOK)].waiver is None  # a PASS never carries a waiver
    graph, zones, _ = sample("gcp-vertex")
    bucket = 'google_storage_bucket.ml["public-datasets"]'
    gcp = by_key(evaluate_findings(graph, zones, [Waiver("I2A-GCP-010", 'google_storage_bucket.ml["public-*"]',
                                                         "open data set", "2030-01-01")], TODAY))
    assert gcp[("I2A-GCP-010", bucket)].waiver is not None
    exact = by_key(evaluate_findings(graph, zones, [Waiver("I2A-GCP-010", bucket, "open data", None)], TODAY))
    assert exact[("I2A-GCP-010", bucket)].waiver is not None


def test_expired_waiver_is_attached_but_does_not_waive():
    found = _aws_sample_with(Waiver("I2A-AWS-001", NOTEBOOK, "until the migration", "2025-05-31"))
    finding = found[("I2A-AWS-001", NOTEBOOK)]
    assert finding.waiver is not None and finding.waiver.expired
    assert finding in failing(found.values(), Severity.HIGH)
    same_day = _aws_sample_with(Waiver("I2A-AWS-001", NOTEBOOK, "last day", "2025-06-01"))
    assert not same_day[("I2A-AWS-001", NOTEBOOK)].waiver.expired
    unreadable = _aws_sample_with(Waiver("I2A-AWS-001", NOTEBOOK, "typo", "next year"))
    assert unreadable[("I2A-AWS-001", NOTEBOOK)].waiver.expired


def test_a_valid_waiver_wins_over_an_expired_one():
    found = _aws_sample_with(Waiver("I2A-AWS-001", NOTEBOOK, "old", "2020-01-01"),
                             Waiver("I2A-AWS-*", NOTEBOOK, "renewed", "2030-01-01"))
    assert found[("I2A-AWS-001", NOTEBOOK)].waiver.reason == "renewed"


def test_waivers_attach_to_unknown_findings_too():
    graph = scan_dir(FIXTURES / "aws")
    findings = evaluate_findings(graph, {}, [Waiver("*", "*.unknown_vars", "variables set in CI", None)], TODAY)
    unknown = [f for f in findings if f.address.endswith(".unknown_vars") and f.result == U]
    assert unknown and all(f.waiver is not None for f in unknown)


def test_failing_filters_by_severity_and_result():
    _, _, findings = sample("aws-sagemaker")
    high = failing(findings, Severity.HIGH)
    assert {(f.rule_id, f.address) for f in high} >= {("I2A-AWS-001", NOTEBOOK),
                                                       ("I2A-AWS-027", "aws_security_group.notebook")}
    assert all(f.result == F and f.severity.rank >= Severity.HIGH.rank for f in high)
    assert len(failing(findings, Severity.INFO)) == sum(1 for f in findings if f.result == F)
    assert failing(findings, Severity.CRITICAL) == []


# --------------------------------------------------------------------- rules and controls


def test_rule_catalogue():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids)) >= 45
    assert ids == sorted(ids)
    for rule in RULES:
        assert rule.id.split("-")[1] in ("AWS", "GCP", "AZ", "NET"), rule.id
        assert rule.title and rule.remediation and (rule.types or rule.scope), rule.id
    counts = {cloud: sum(1 for r in RULES if r.id.startswith(f"I2A-{cloud}-")) for cloud in ("AWS", "GCP", "AZ", "NET")}
    assert counts["AWS"] >= 30 and counts["GCP"] >= 12 and counts["AZ"] >= 15 and counts["NET"] == 3


def test_every_rule_is_tested_pass_fail_and_unknown():
    results: dict[str, set[Result]] = {}
    for case in CASES:
        results.setdefault(case[1], set()).add(case[3])
    for case in JOB_CASES + [(c[0], c[1], c[2]) for c in ZONE_CASES]:
        results.setdefault(case[0], set()).add(case[2])
    no_unknown = {"I2A-AWS-030", "I2A-GCP-014", "I2A-NET-001"}  # existence checks: nothing can be unknown
    for rule in RULES:
        seen = results.get(rule.id, set())
        assert {P, F} <= seen, (rule.id, seen)
        if rule.id not in no_unknown:
            assert U in seen, (rule.id, seen)


def test_every_rule_maps_to_every_framework():
    assert set(controls.RULE_FAMILIES) == {rule.id for rule in RULES}
    for rule in RULES:
        assert tuple(rule.controls) == controls.FRAMEWORKS
        assert sum(1 for ids in rule.controls.values() if ids) >= 5, rule.id
    assert controls.FRAMEWORKS == ("SOC 2", "ISO 27001:2022", "PCI DSS 4.0", "HIPAA", "NIST AI RMF", "EU AI Act")
    notebook = RULE_BY_ID["I2A-AWS-001"].controls
    assert "CC6.6" in notebook["SOC 2"] and "8.20" in notebook["ISO 27001:2022"]
    assert "1.3.1" in notebook["PCI DSS 4.0"] and "MEASURE 2.7" in notebook["NIST AI RMF"]
    assert "Annex IV 2(h)" in notebook["EU AI Act"]
    assert "164.312(a)(2)(iv)" in RULE_BY_ID["I2A-AWS-003"].controls["HIPAA"]
    assert "10.5.1" in RULE_BY_ID["I2A-AWS-026"].controls["PCI DSS 4.0"]


def test_rules_markdown_lists_every_rule_once():
    text = rules_markdown()
    lines = text.splitlines()
    assert lines[0].startswith("| id | severity | title |")
    for framework in controls.FRAMEWORKS:
        assert framework in lines[0]
    for rule in RULES:
        assert sum(1 for line in lines if line.startswith(f"| {rule.id} |")) == 1, rule.id
    assert len(lines) == len(RULES) + 2
    assert "CKV_AWS_122" in text and "`aws_sagemaker_notebook_instance`" in text
