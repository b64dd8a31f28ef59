"""The catalog: every record of every cloud is well formed, and the AWS records hold what annotators rely on."""

from __future__ import annotations

import importlib
import inspect
from collections import Counter
from collections.abc import Mapping

import pytest

from infra2arch.catalog import Category, Kind, Shape, _iter_builtin, all_kinds, cloud_of, kind
from infra2arch.model import Relation

# Terraform provider prefixes, then prefixes of live-only types (objects Terraform does not manage).
PROVIDER_PREFIXES = ("aws_", "awscc_", "google_", "azurerm_", "azapi_", "azuread_", "random_", "null_", "terraform_", "time_",
                     "tls_", "local_", "archive_", "cloudinit_", "template_", "external", "http")
LIVE_ONLY_PREFIXES = ("sagemaker_", "vertex_", "azureml_")
CLOUD_PREFIXES = {
    "aws": ("aws_", "awscc_", "sagemaker_"),
    "google": ("google_", "vertex_"),
    "azure": ("azurerm_", "azapi_", "azuread_", "azureml_"),
}

KINDS = all_kinds()
RECORDS = list(KINDS.values())
IDS = list(KINDS)
WITH_ICON = [r for r in RECORDS if r.icon is not None]
LIVE_ONLY = [r for r in RECORDS if r.tf_type.startswith(LIVE_ONLY_PREFIXES)]


def _is_path(value: object) -> bool:
    """An attribute path: dotted names, no list indexes, no empty segment."""
    return (
        isinstance(value, str)
        and value != ""
        and "[" not in value
        and all(part and part == part.strip() for part in value.split("."))
    )


# --- the registry as a whole -----------------------------------------------------------------------------


def test_registry_is_not_empty_and_keyed_by_type():
    assert KINDS, "the catalog has no records"
    for key, record in KINDS.items():
        assert isinstance(record, Kind)
        assert key == record.tf_type


def test_no_duplicate_types_across_modules():
    counts = Counter(record.tf_type for record in _iter_builtin())
    duplicates = sorted(t for t, n in counts.items() if n > 1)
    assert not duplicates, f"types defined more than once: {duplicates}"


def _cloud(tf_type: str) -> str:
    for cloud, prefixes in CLOUD_PREFIXES.items():
        if tf_type.startswith(prefixes):
            return cloud
    return tf_type.split("_", 1)[0]


def test_live_objects_and_arn_types_belong_to_one_record():
    """Within one cloud, a live object or an ARN resource type leads back to exactly one type."""
    live_owners: dict[tuple[str, str], list[str]] = {}
    arn_owners: dict[tuple[str, str], list[str]] = {}
    for record in RECORDS:
        for live in record.live:
            live_owners.setdefault((_cloud(record.tf_type), live), []).append(record.tf_type)
        if record.arn is not None:
            arn_owners.setdefault(record.arn, []).append(record.tf_type)
    assert not {k: v for k, v in live_owners.items() if len(v) > 1}
    assert not {k: v for k, v in arn_owners.items() if len(v) > 1}


def test_lookup():
    first = IDS[0]
    assert kind(first) is KINDS[first]
    assert kind("no_such_type_anywhere") is None
    assert cloud_of("aws_s3_bucket") == "aws"
    assert cloud_of("google_storage_bucket") == "google"
    assert cloud_of("azurerm_resource_group") == "azurerm"


# --- every record ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_type_name_has_known_prefix(record: Kind):
    assert record.tf_type.startswith(PROVIDER_PREFIXES + LIVE_ONLY_PREFIXES), record.tf_type
    assert record.tf_type == record.tf_type.strip().lower()


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_category_and_shape(record: Kind):
    assert isinstance(record.category, Category)
    assert isinstance(record.shape, Shape)


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_drawn_records_have_a_label(record: Kind):
    assert isinstance(record.label, str)
    if record.shape in (Shape.NODE, Shape.GROUP):
        assert record.label.strip(), f"{record.tf_type} is drawn but has no label"


@pytest.mark.parametrize("record", WITH_ICON, ids=[r.tf_type for r in WITH_ICON])
def test_icon_is_an_importable_diagrams_class(record: Kind):
    module_name, _, class_name = record.icon.rpartition(".")
    assert module_name.startswith("diagrams."), record.icon
    module = importlib.import_module(module_name)
    icon = getattr(module, class_name, None)
    assert icon is not None, f"{record.tf_type}: {record.icon} does not exist"
    assert inspect.isclass(icon), f"{record.tf_type}: {record.icon} is not a class"


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_relations_are_relations(record: Kind):
    assert isinstance(record.refs, Mapping)
    for path, relation in record.refs.items():
        assert _is_path(path), f"{record.tf_type}: bad ref path {path!r}"
        assert isinstance(relation, Relation), f"{record.tf_type}.{path}: {relation!r}"
    if record.target_relation is not None:
        assert isinstance(record.target_relation, Relation)
    if record.bridge is not None:
        assert isinstance(record.bridge, tuple) and len(record.bridge) == 3, record.bridge
        src, dst, relation = record.bridge
        assert _is_path(src) and _is_path(dst), record.bridge
        assert src != dst, record.bridge
        assert isinstance(relation, Relation), record.bridge


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_fold_records_say_where_they_go(record: Kind):
    if record.shape is Shape.FOLD:
        assert record.parent is not None or record.bridge is not None, f"{record.tf_type} folds into nothing"
    if record.parent is not None:
        assert _is_path(record.parent), record.parent


@pytest.mark.parametrize("record", RECORDS, ids=IDS)
def test_paths_and_plain_fields(record: Kind):
    assert isinstance(record.placement, tuple)
    assert all(_is_path(p) for p in record.placement), record.placement
    assert len(set(record.placement)) == len(record.placement)
    assert isinstance(record.defaults, Mapping)
    assert all(_is_path(p) for p in record.defaults), list(record.defaults)
    assert record.name_attr is None or _is_path(record.name_attr)
    assert isinstance(record.free, bool)
    assert isinstance(record.live, tuple)
    for live in record.live:
        service, sep, obj = live.partition(":")
        assert sep and service and obj, f"{record.tf_type}: live object {live!r} is not 'service:object'"
    if record.arn is not None:
        assert isinstance(record.arn, tuple) and len(record.arn) == 2, record.arn
        service, resource_type = record.arn
        assert isinstance(service, str) and service, record.arn
        assert isinstance(resource_type, str), record.arn
    assert record.display


@pytest.mark.parametrize("record", LIVE_ONLY, ids=[r.tf_type for r in LIVE_ONLY])
def test_live_only_types_name_their_live_object(record: Kind):
    assert record.live, f"{record.tf_type} is found only by live scans but names no live object"


# --- AWS records the annotators and the graph builder rely on ---------------------------------------------


def _k(tf_type: str) -> Kind:
    record = kind(tf_type)
    assert record is not None, f"no catalog record for {tf_type}"
    return record


def test_sagemaker_notebook():
    nb = _k("aws_sagemaker_notebook_instance")
    assert nb.category is Category.ML_NOTEBOOK and nb.shape is Shape.NODE
    assert nb.defaults["direct_internet_access"] == "Enabled"
    assert nb.defaults["root_access"] == "Enabled"
    assert nb.placement == ("subnet_id",)
    assert nb.refs["role_arn"] is Relation.IAM
    assert nb.refs["kms_key_id"] is Relation.ENCRYPTS
    assert nb.refs["security_groups"] is Relation.NETWORK
    assert nb.arn == ("sagemaker", "notebook-instance")
    assert "sagemaker:notebook-instance" in nb.live


def test_sagemaker_inference_chain():
    model = _k("aws_sagemaker_model")
    assert model.defaults["enable_network_isolation"] is False
    assert model.refs["execution_role_arn"] is Relation.IAM
    assert model.refs["primary_container.model_data_url"] is Relation.DATA
    assert model.refs["primary_container.image"] is Relation.DATA
    assert model.refs["container.image"] is Relation.DATA
    assert model.refs["vpc_config.security_group_ids"] is Relation.NETWORK
    assert "vpc_config.subnets" in model.placement
    assert model.arn == ("sagemaker", "model")

    config = _k("aws_sagemaker_endpoint_configuration")
    assert config.refs["production_variants.model_name"] is Relation.INVOKES
    assert config.refs["kms_key_arn"] is Relation.ENCRYPTS
    assert config.refs["data_capture_config.destination_s3_uri"] is Relation.DATA
    assert config.arn == ("sagemaker", "endpoint-config")

    endpoint = _k("aws_sagemaker_endpoint")
    assert endpoint.category is Category.ML_ENDPOINT
    assert endpoint.refs["endpoint_config_name"] is Relation.INVOKES
    assert endpoint.target_relation is Relation.INVOKES
    assert endpoint.arn == ("sagemaker", "endpoint")
    assert endpoint.live == ("sagemaker:endpoint",)
    assert endpoint.free is False


def test_sagemaker_domain_and_studio():
    domain = _k("aws_sagemaker_domain")
    assert domain.category is Category.ML_WORKSPACE
    assert domain.defaults["app_network_access_type"] == "PublicInternetOnly"
    assert domain.refs["default_user_settings.execution_role"] is Relation.IAM
    assert domain.refs["kms_key_id"] is Relation.ENCRYPTS
    assert "vpc_id" in domain.placement and "subnet_ids" in domain.placement
    assert domain.name_attr == "domain_name"
    profile = _k("aws_sagemaker_user_profile")
    assert profile.shape is Shape.FOLD and profile.parent == "domain_id"
    assert profile.refs["user_settings.execution_role"] is Relation.IAM


def test_sagemaker_live_only_types():
    for tf_type in ("sagemaker_training_job", "sagemaker_processing_job", "sagemaker_transform_job",
                    "sagemaker_hyperpod_cluster", "sagemaker_model_package"):
        assert _k(tf_type).live
    assert _k("sagemaker_model_package").category is Category.ML_REGISTRY
    assert _k("sagemaker_training_job").category is Category.ML_TRAINING
    assert _k("sagemaker_training_job").refs["role_arn"] is Relation.IAM


def test_bedrock_uses_the_bedrock_icon():
    for tf_type in ("aws_bedrock_custom_model", "aws_bedrockagent_agent", "aws_bedrockagent_knowledge_base",
                    "aws_bedrock_guardrail", "aws_bedrock_provisioned_model_throughput"):
        assert _k(tf_type).icon == "diagrams.aws.ml.Bedrock"


def test_network_structure():
    assert _k("aws_vpc").shape is Shape.GROUP and _k("aws_vpc").free
    subnet = _k("aws_subnet")
    assert subnet.shape is Shape.GROUP and subnet.placement == ("vpc_id",)
    assert subnet.defaults["map_public_ip_on_launch"] is False
    assoc = _k("aws_route_table_association")
    assert assoc.shape is Shape.FOLD and assoc.parent == "subnet_id"
    assert assoc.bridge == ("subnet_id", "route_table_id", Relation.NETWORK)
    route = _k("aws_route")
    assert route.shape is Shape.FOLD and route.parent == "route_table_id"
    assert route.refs["gateway_id"] is Relation.NETWORK and route.refs["nat_gateway_id"] is Relation.NETWORK
    sg = _k("aws_security_group")
    assert sg.target_relation is Relation.NETWORK and sg.placement == ("vpc_id",) and sg.free
    rule = _k("aws_security_group_rule")
    assert rule.bridge == ("source_security_group_id", "security_group_id", Relation.NETWORK)
    ingress = _k("aws_vpc_security_group_ingress_rule")
    assert ingress.bridge == ("referenced_security_group_id", "security_group_id", Relation.NETWORK)
    assert _k("aws_nat_gateway").placement == ("subnet_id",)
    assert _k("aws_nat_gateway").icon == "diagrams.aws.network.NATGateway"


def test_load_balancers_and_apis():
    for tf_type in ("aws_lb", "aws_alb"):
        lb = _k(tf_type)
        assert lb.defaults["internal"] is False
        assert lb.placement == ("subnets", "subnet_mapping.subnet_id")
    integration = _k("aws_api_gateway_integration")
    assert integration.shape is Shape.FOLD and integration.parent == "rest_api_id"
    assert integration.bridge == ("rest_api_id", "uri", Relation.INVOKES)
    v2 = _k("aws_apigatewayv2_integration")
    assert v2.bridge == ("api_id", "integration_uri", Relation.INVOKES)


def test_compute():
    fn = _k("aws_lambda_function")
    assert fn.placement == ("vpc_config.subnet_ids",)
    assert fn.refs["role"] is Relation.IAM and fn.refs["kms_key_arn"] is Relation.ENCRYPTS
    assert fn.target_relation is Relation.INVOKES
    assert fn.arn == ("lambda", "function") and fn.name_attr == "function_name"
    perm = _k("aws_lambda_permission")
    assert perm.shape is Shape.FOLD and perm.bridge == ("source_arn", "function_name", Relation.INVOKES)
    esm = _k("aws_lambda_event_source_mapping")
    assert esm.bridge == ("event_source_arn", "function_name", Relation.INVOKES)
    assert _k("aws_instance").placement == ("subnet_id",)
    assert _k("aws_eks_cluster").placement == ("vpc_config.subnet_ids",)


def test_storage():
    bucket = _k("aws_s3_bucket")
    assert bucket.name_attr == "bucket" and bucket.arn == ("s3", "")
    assert bucket.target_relation is Relation.DATA and not bucket.free
    for tf_type, record in KINDS.items():
        if tf_type.startswith("aws_s3_bucket_") and tf_type != "aws_s3_bucket_object":  # 3.x name of aws_s3_object
            assert record.shape is Shape.FOLD and record.parent == "bucket", tf_type
            assert record.category is Category.STORAGE_CONFIG and record.free, tf_type
    assert _k("aws_s3_bucket_logging").bridge == ("bucket", "target_bucket", Relation.LOGS)
    assert _k("aws_s3_bucket_public_access_block").defaults["block_public_policy"] is False
    assert _k("aws_ecr_repository").arn == ("ecr", "repository")
    assert _k("aws_ecr_lifecycle_policy").parent == "repository"
    assert _k("aws_efs_mount_target").placement == ("subnet_id",)
    assert _k("aws_sagemaker_feature_group").target_relation is Relation.DATA


def test_identity_keys_and_logs():
    role = _k("aws_iam_role")
    assert role.target_relation is Relation.IAM and role.arn == ("iam", "role") and role.free
    assert _k("aws_iam_instance_profile").target_relation is Relation.IAM
    attach = _k("aws_iam_role_policy_attachment")
    assert attach.shape is Shape.FOLD and attach.bridge == ("role", "policy_arn", Relation.IAM)
    assert _k("aws_iam_policy_document").shape is Shape.HIDDEN
    key = _k("aws_kms_key")
    assert key.target_relation is Relation.ENCRYPTS and key.arn == ("kms", "key")
    assert key.name_attr is None and not key.free
    assert _k("aws_kms_alias").parent == "target_key_id"
    logs = _k("aws_cloudwatch_log_group")
    assert logs.target_relation is Relation.LOGS and logs.arn == ("logs", "log-group") and not logs.free
    target = _k("aws_cloudwatch_event_target")
    assert target.bridge == ("rule", "arn", Relation.INVOKES)
    sfn = _k("aws_sfn_state_machine")
    assert sfn.refs["role_arn"] is Relation.IAM and sfn.refs["definition"] is Relation.INVOKES
    assert sfn.arn == ("states", "stateMachine")
    assert _k("aws_appautoscaling_target").shape is Shape.NODE


def test_aws_references_to_roles_keys_and_groups_have_a_meaning():
    """Every AWS type that others point at without saying why gives the reference a meaning."""
    expected = {
        "aws_iam_role": Relation.IAM,
        "aws_kms_key": Relation.ENCRYPTS,
        "aws_s3_bucket": Relation.DATA,
        "aws_ecr_repository": Relation.DATA,
        "aws_efs_file_system": Relation.DATA,
        "aws_db_instance": Relation.DATA,
        "aws_dynamodb_table": Relation.DATA,
        "aws_security_group": Relation.NETWORK,
        "aws_lambda_function": Relation.INVOKES,
        "aws_sagemaker_endpoint": Relation.INVOKES,
        "aws_sfn_state_machine": Relation.INVOKES,
        "aws_cloudwatch_log_group": Relation.LOGS,
    }
    for tf_type, relation in expected.items():
        assert _k(tf_type).target_relation is relation, tf_type
