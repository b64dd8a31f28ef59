"""Amazon SageMaker: inference (endpoints, configurations, models), notebooks, Studio (domains, user
profiles, spaces, apps), recent training/processing/transform jobs, pipelines, the model registry,
feature groups and HyperPod clusters.

``get_*`` functions are the only ones that call AWS; ``to_terraform_*`` functions are pure.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Followups, Scope, fan_out
from infra2arch_aws.transform import block, compact, sorted_list, tf

SERVICE = "sagemaker"
_GONE = ("ResourceNotFound", "ValidationException")   # deleted between the list and the describe


@dataclass(frozen=True)
class _Listed:
    """A SageMaker object read by a List call and one Describe call per item."""

    list_op: str
    list_key: str
    name_key: str
    describe_op: str
    describe_param: str


def _list(scope: Scope, spec: _Listed, **params: Any) -> list[dict] | None:
    items = scope.paginate(SERVICE, spec.list_op, spec.list_key, **params)
    return None if items is None else [i for i in items if i.get(spec.name_key)]


def _describe(scope: Scope, spec: _Listed, summary: dict) -> dict | None:
    """The description, or None when it failed (a gap says why) or the item is gone."""
    return scope.call(SERVICE, spec.describe_op, absent=_GONE, **{spec.describe_param: summary[spec.name_key]})


def _get(scope: Scope, spec: _Listed, **params: Any) -> list[tuple[dict, dict | None]] | None:
    """(summary, description or None) for every item; a failed describe keeps the summary."""
    summaries = _list(scope, spec, **params)
    if summaries is None:
        return None
    return [(summary, _describe(scope, spec, summary)) for summary in summaries]


def _sync(label: str, spec: _Listed, transform: Callable[[dict, dict | None, Scope], Resource],
          params: Callable[[Scope], dict] = lambda scope: {}) -> Callable[[Scope], Followups]:
    """List in the service task, then describe and transform in follow-up tasks of 20 items."""

    def sync(scope: Scope) -> Followups:
        return fan_out(label, _list(scope, spec, **params(scope)),
                       lambda summary: transform(summary, _describe(scope, spec, summary), scope))

    sync.__name__ = f"sync_{label.replace('-', '_')}"
    return sync


def _vpc_config(value: Mapping[str, Any] | None) -> list[dict] | None:
    if not value:
        return None
    return [compact({"subnets": sorted_list(value.get("Subnets")),
                     "security_group_ids": sorted_list(value.get("SecurityGroupIds"))})]


# ==================================================================================== inference


ENDPOINTS = _Listed("list_endpoints", "Endpoints", "EndpointName", "describe_endpoint", "EndpointName")


def get_endpoints(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, ENDPOINTS)


def to_terraform_endpoint(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    name = data["EndpointName"]
    arn = data.get("EndpointArn") or scope.arn("sagemaker", f"endpoint/{name.lower()}")
    deployment = block(data.get("LastDeploymentConfig") or data.get("DeploymentConfig"))
    attrs = {
        "name": name,
        "arn": arn,
        "endpoint_config_name": data.get("EndpointConfigName"),
        "deployment_config": deployment,
    }
    api = "sagemaker:DescribeEndpoint" if described else "sagemaker:ListEndpoints"
    return scope.resource(arn, "aws_sagemaker_endpoint", name, attrs, api)


ENDPOINT_CONFIGS = _Listed("list_endpoint_configs", "EndpointConfigs", "EndpointConfigName",
                           "describe_endpoint_config", "EndpointConfigName")


def get_endpoint_configs(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, ENDPOINT_CONFIGS)


def _variants(items: list[dict] | None) -> list[dict] | None:
    out = []
    for item in items or ():
        variant = tf(item) or {}
        out.append(compact({
            **variant,
            "serverless_config": block(item.get("ServerlessConfig")),
            "core_dump_config": block(item.get("CoreDumpConfig")),
        }))
    return out or None


def _data_capture(value: Mapping[str, Any] | None) -> list[dict] | None:
    if not value:
        return None
    capture = tf(value) or {}
    capture.pop("capture_options", None)
    options = [{"capture_mode": o["CaptureMode"]} for o in value.get("CaptureOptions") or () if o.get("CaptureMode")]
    return [compact({**capture, "capture_options": options or None})]


def to_terraform_endpoint_config(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    name = data["EndpointConfigName"]
    arn = data.get("EndpointConfigArn") or scope.arn("sagemaker", f"endpoint-config/{name.lower()}")
    attrs = {
        "name": name,
        "arn": arn,
        "production_variants": _variants(data.get("ProductionVariants")),
        "shadow_production_variants": _variants(data.get("ShadowProductionVariants")),
        "kms_key_arn": data.get("KmsKeyId"),
        "data_capture_config": _data_capture(data.get("DataCaptureConfig")),
        "async_inference_config": block(data.get("AsyncInferenceConfig")),
        "execution_role_arn": data.get("ExecutionRoleArn"),
        "enable_network_isolation": data.get("EnableNetworkIsolation"),
        "vpc_config": _vpc_config(data.get("VpcConfig")),
    }
    api = "sagemaker:DescribeEndpointConfig" if described else "sagemaker:ListEndpointConfigs"
    return scope.resource(arn, "aws_sagemaker_endpoint_configuration", name, attrs, api)


MODELS = _Listed("list_models", "Models", "ModelName", "describe_model", "ModelName")


def get_models(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, MODELS)


def _container(value: Mapping[str, Any]) -> dict:
    container = tf(value) or {}
    # Terraform's names: ModelPackageName stays, ContainerHostname -> container_hostname (same)
    return compact(container)


def to_terraform_model(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    name = data["ModelName"]
    arn = data.get("ModelArn") or scope.arn("sagemaker", f"model/{name.lower()}")
    primary = data.get("PrimaryContainer")
    attrs = {
        "name": name,
        "arn": arn,
        "execution_role_arn": data.get("ExecutionRoleArn"),
        "primary_container": [_container(primary)] if primary else None,
        "container": [_container(c) for c in data.get("Containers") or ()] or None,
        "inference_execution_config": block(data.get("InferenceExecutionConfig")),
        "vpc_config": _vpc_config(data.get("VpcConfig")),
        "enable_network_isolation": data.get("EnableNetworkIsolation"),
    }
    api = "sagemaker:DescribeModel" if described else "sagemaker:ListModels"
    return scope.resource(arn, "aws_sagemaker_model", name, attrs, api)


# ==================================================================================== notebooks


NOTEBOOKS = _Listed("list_notebook_instances", "NotebookInstances", "NotebookInstanceName",
                    "describe_notebook_instance", "NotebookInstanceName")


def get_notebook_instances(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, NOTEBOOKS)


def to_terraform_notebook_instance(summary: dict, described: dict | None, scope: Scope) -> Resource:
    """Never the notebook URL (``Url``): it is the address of a live Jupyter session."""
    data = {**summary, **(described or {})}
    name = data["NotebookInstanceName"]
    arn = data.get("NotebookInstanceArn") or scope.arn("sagemaker", f"notebook-instance/{name.lower()}")
    attrs = {
        "name": name,
        "arn": arn,
        "instance_type": data.get("InstanceType"),
        "role_arn": data.get("RoleArn"),
        "subnet_id": data.get("SubnetId"),
        "security_groups": sorted_list(data.get("SecurityGroups")),
        "direct_internet_access": data.get("DirectInternetAccess"),
        "root_access": data.get("RootAccess"),
        "kms_key_id": data.get("KmsKeyId"),
        "lifecycle_config_name": data.get("NotebookInstanceLifecycleConfigName"),
        "volume_size": data.get("VolumeSizeInGB"),
        "platform_identifier": data.get("PlatformIdentifier"),
        "default_code_repository": data.get("DefaultCodeRepository"),
        "additional_code_repositories": sorted_list(data.get("AdditionalCodeRepositories")),
        "accelerator_types": sorted_list(data.get("AcceleratorTypes")),
        "instance_metadata_service_configuration": block(data.get("InstanceMetadataServiceConfiguration")),
        "network_interface_id": data.get("NetworkInterfaceId"),
    }
    api = "sagemaker:DescribeNotebookInstance" if described else "sagemaker:ListNotebookInstances"
    return scope.resource(arn, "aws_sagemaker_notebook_instance", name, attrs, api)


# ==================================================================================== Studio


DOMAINS = _Listed("list_domains", "Domains", "DomainId", "describe_domain", "DomainId")


def get_domains(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, DOMAINS)


def to_terraform_domain(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    domain_id = data["DomainId"]
    arn = data.get("DomainArn") or scope.arn("sagemaker", f"domain/{domain_id}")
    attrs = {
        "id": domain_id,
        "arn": arn,
        "domain_name": data.get("DomainName"),
        "auth_mode": data.get("AuthMode"),
        "app_network_access_type": data.get("AppNetworkAccessType"),
        "app_security_group_management": data.get("AppSecurityGroupManagement"),
        "vpc_id": data.get("VpcId"),
        "subnet_ids": sorted_list(data.get("SubnetIds")),
        "kms_key_id": data.get("KmsKeyId"),
        "default_user_settings": block(data.get("DefaultUserSettings")),
        "default_space_settings": block(data.get("DefaultSpaceSettings")),
        "domain_settings": block(data.get("DomainSettings")),
        "home_efs_file_system_id": data.get("HomeEfsFileSystemId"),
        "security_group_id_for_domain_boundary": data.get("SecurityGroupIdForDomainBoundary"),
        "tag_propagation": data.get("TagPropagation"),
    }
    api = "sagemaker:DescribeDomain" if described else "sagemaker:ListDomains"
    return scope.resource(arn, "aws_sagemaker_domain", data.get("DomainName") or domain_id, attrs, api)


def get_user_profiles(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    summaries = scope.paginate(SERVICE, "list_user_profiles", "UserProfiles")
    if summaries is None:
        return None
    out = []
    for summary in summaries:
        if not summary.get("DomainId") or not summary.get("UserProfileName"):
            continue
        out.append((summary, scope.call(SERVICE, "describe_user_profile", absent=_GONE,
                                        DomainId=summary["DomainId"], UserProfileName=summary["UserProfileName"])))
    return out


def to_terraform_user_profile(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    domain_id, name = data["DomainId"], data["UserProfileName"]
    arn = data.get("UserProfileArn") or scope.arn("sagemaker", f"user-profile/{domain_id}/{name}")
    attrs = {
        "arn": arn,
        "domain_id": domain_id,
        "user_profile_name": name,
        "single_sign_on_user_identifier": data.get("SingleSignOnUserIdentifier"),
        "user_settings": block(data.get("UserSettings")),
        "home_efs_file_system_uid": data.get("HomeEfsFileSystemUid"),
    }
    api = "sagemaker:DescribeUserProfile" if described else "sagemaker:ListUserProfiles"
    return scope.resource(arn, "aws_sagemaker_user_profile", name, attrs, api)


def get_spaces(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "list_spaces", "Spaces")


def to_terraform_space(summary: dict, scope: Scope) -> Resource:
    domain_id, name = summary["DomainId"], summary["SpaceName"]
    arn = scope.arn("sagemaker", f"space/{domain_id}/{name}")
    sharing = summary.get("SpaceSharingSettingsSummary") or {}
    owner = summary.get("OwnershipSettingsSummary") or {}
    attrs = {
        "arn": arn,
        "domain_id": domain_id,
        "space_name": name,
        "space_display_name": summary.get("SpaceDisplayName"),
        "space_sharing_settings": [{"sharing_type": sharing["SharingType"]}] if sharing.get("SharingType") else None,
        "ownership_settings": ([{"owner_user_profile_name": owner["OwnerUserProfileName"]}]
                               if owner.get("OwnerUserProfileName") else None),
    }
    return scope.resource(arn, "aws_sagemaker_space", name, attrs, "sagemaker:ListSpaces")


def get_apps(scope: Scope) -> list[dict] | None:
    apps = scope.paginate(SERVICE, "list_apps", "Apps")
    if apps is None:
        return None
    return [a for a in apps if a.get("Status") not in ("Deleted", "Failed")]


def to_terraform_app(summary: dict, scope: Scope) -> Resource:
    domain_id, app_type, name = summary["DomainId"], summary["AppType"], summary["AppName"]
    owner = summary.get("UserProfileName") or summary.get("SpaceName") or ""
    arn = scope.arn("sagemaker", f"app/{domain_id}/{owner}/{app_type.lower()}/{name}")
    attrs = {
        "arn": arn,
        "domain_id": domain_id,
        "app_name": name,
        "app_type": app_type,
        "user_profile_name": summary.get("UserProfileName"),
        "space_name": summary.get("SpaceName"),
        "resource_spec": block(summary.get("ResourceSpec")),
    }
    return scope.resource(arn, "aws_sagemaker_app", name, attrs, "sagemaker:ListApps")


def sync_studio(scope: Scope) -> list[Resource]:
    out = [to_terraform_domain(s, d, scope) for s, d in get_domains(scope) or ()]
    out += [to_terraform_user_profile(s, d, scope) for s, d in get_user_profiles(scope) or ()]
    out += [to_terraform_space(s, scope) for s in get_spaces(scope) or () if s.get("DomainId") and s.get("SpaceName")]
    out += [to_terraform_app(a, scope) for a in get_apps(scope) or ()
            if a.get("DomainId") and a.get("AppType") and a.get("AppName")]
    return out


# ==================================================================================== jobs

# Job attributes are the snake_case forms of the Describe* fields (catalog: sagemaker_training_job ...).
_JOB_DROP = frozenset({"training_job_status", "secondary_status", "processing_job_status", "transform_job_status",
                       "exit_message", "training_job_arn", "processing_job_arn", "transform_job_arn",
                       "auto_ml_job_arn", "labeling_job_arn", "stopping_condition", "retry_strategy"})


def _recent(scope: Scope) -> dict[str, Any]:
    """Jobs created in the last ``recent_jobs_days`` days (the list APIs filter server-side)."""
    return {"CreationTimeAfter": _dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=scope.recent_jobs_days)}


TRAINING_JOBS = _Listed("list_training_jobs", "TrainingJobSummaries", "TrainingJobName", "describe_training_job",
                        "TrainingJobName")


def get_training_jobs(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, TRAINING_JOBS, **_recent(scope))


PROCESSING_JOBS = _Listed("list_processing_jobs", "ProcessingJobSummaries", "ProcessingJobName",
                          "describe_processing_job", "ProcessingJobName")


def get_processing_jobs(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, PROCESSING_JOBS, **_recent(scope))


TRANSFORM_JOBS = _Listed("list_transform_jobs", "TransformJobSummaries", "TransformJobName",
                         "describe_transform_job", "TransformJobName")


def get_transform_jobs(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, TRANSFORM_JOBS, **_recent(scope))


def _job(summary: dict, described: dict | None, scope: Scope, tf_type: str, name_key: str, arn_key: str,
         arn_kind: str, api: str) -> Resource:
    data = {**summary, **(described or {})}
    name = data[name_key]
    arn = data.get(arn_key) or scope.arn("sagemaker", f"{arn_kind}/{name.lower()}")
    attrs = {k: v for k, v in (tf(data) or {}).items() if k not in _JOB_DROP}
    if "vpc_config" in attrs:
        attrs["vpc_config"] = _vpc_config(data.get("VpcConfig"))
    network = data.get("NetworkConfig")
    if network and network.get("VpcConfig"):
        attrs["network_config"] = [compact({**(tf(network) or {}), "vpc_config": _vpc_config(network["VpcConfig"])})]
    status = data.get("TrainingJobStatus") or data.get("ProcessingJobStatus") or data.get("TransformJobStatus")
    attrs.update({"arn": arn, "status": status})
    return scope.resource(arn, tf_type, name, attrs, api if described else api.replace(":Describe", ":List") + "s")


def to_terraform_training_job(summary: dict, described: dict | None, scope: Scope) -> Resource:
    return _job(summary, described, scope, "sagemaker_training_job", "TrainingJobName", "TrainingJobArn",
                "training-job", "sagemaker:DescribeTrainingJob")


def to_terraform_processing_job(summary: dict, described: dict | None, scope: Scope) -> Resource:
    return _job(summary, described, scope, "sagemaker_processing_job", "ProcessingJobName", "ProcessingJobArn",
                "processing-job", "sagemaker:DescribeProcessingJob")


def to_terraform_transform_job(summary: dict, described: dict | None, scope: Scope) -> Resource:
    return _job(summary, described, scope, "sagemaker_transform_job", "TransformJobName", "TransformJobArn",
                "transform-job", "sagemaker:DescribeTransformJob")


# ==================================================================================== registry, pipelines, features


def get_pipelines(scope: Scope) -> list[dict] | None:
    """ListPipelines already names the role: no describe (the definition is not drawn)."""
    return scope.paginate(SERVICE, "list_pipelines", "PipelineSummaries")


def to_terraform_pipeline(summary: dict, scope: Scope) -> Resource:
    name = summary["PipelineName"]
    arn = summary.get("PipelineArn") or scope.arn("sagemaker", f"pipeline/{name.lower()}")
    attrs = {
        "arn": arn,
        "pipeline_name": name,
        "pipeline_display_name": summary.get("PipelineDisplayName"),
        "pipeline_description": summary.get("PipelineDescription"),
        "role_arn": summary.get("RoleArn"),
    }
    return scope.resource(arn, "aws_sagemaker_pipeline", name, attrs, "sagemaker:ListPipelines")


def get_model_package_groups(scope: Scope) -> list[dict] | None:
    return scope.paginate(SERVICE, "list_model_package_groups", "ModelPackageGroupSummaryList")


def to_terraform_model_package_group(summary: dict, scope: Scope) -> Resource:
    name = summary["ModelPackageGroupName"]
    arn = summary.get("ModelPackageGroupArn") or scope.arn("sagemaker", f"model-package-group/{name.lower()}")
    attrs = {
        "arn": arn,
        "model_package_group_name": name,
        "model_package_group_description": summary.get("ModelPackageGroupDescription"),
    }
    return scope.resource(arn, "aws_sagemaker_model_package_group", name, attrs, "sagemaker:ListModelPackageGroups")


def list_model_packages(scope: Scope, groups: list[dict]) -> list[dict]:
    """Versioned packages live in groups: one list per group (ListModelPackages without a group name
    lists only unversioned ones)."""
    summaries: list[dict] = list(scope.paginate(SERVICE, "list_model_packages", "ModelPackageSummaryList") or ())
    for group in groups:
        summaries.extend(scope.paginate(SERVICE, "list_model_packages", "ModelPackageSummaryList",
                                        ModelPackageGroupName=group["ModelPackageGroupName"]) or ())
    seen: set[str] = set()
    out = []
    for summary in summaries:
        arn = summary.get("ModelPackageArn")
        if arn and arn not in seen:
            seen.add(arn)
            out.append(summary)
    return out


def describe_model_package(scope: Scope, summary: dict) -> dict | None:
    return scope.call(SERVICE, "describe_model_package", absent=_GONE, ModelPackageName=summary["ModelPackageArn"])


def get_model_packages(scope: Scope, groups: list[dict]) -> list[tuple[dict, dict | None]]:
    return [(s, describe_model_package(scope, s)) for s in list_model_packages(scope, groups)]


def to_terraform_model_package(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    arn = data["ModelPackageArn"]
    group = data.get("ModelPackageGroupName")
    version = data.get("ModelPackageVersion")
    name = data.get("ModelPackageName") or (f"{group}/{version}" if group and version else arn.rsplit("/", 1)[-1])
    attrs = {
        "arn": arn,
        "model_package_name": name,
        "model_package_group_name": group,
        "model_package_version": version,
        "model_approval_status": data.get("ModelApprovalStatus"),
        "inference_specification": block(data.get("InferenceSpecification")),
    }
    api = "sagemaker:DescribeModelPackage" if described else "sagemaker:ListModelPackages"
    return scope.resource(arn, "sagemaker_model_package", name, attrs, api)


FEATURE_GROUPS = _Listed("list_feature_groups", "FeatureGroupSummaries", "FeatureGroupName",
                         "describe_feature_group", "FeatureGroupName")


def get_feature_groups(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, FEATURE_GROUPS)


def to_terraform_feature_group(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    name = data["FeatureGroupName"]
    arn = data.get("FeatureGroupArn") or scope.arn("sagemaker", f"feature-group/{name.lower()}")
    definitions = [compact({"feature_name": d.get("FeatureName"), "feature_type": d.get("FeatureType"),
                            "collection_type": d.get("CollectionType")})
                   for d in data.get("FeatureDefinitions") or ()]
    attrs = {
        "arn": arn,
        "feature_group_name": name,
        "record_identifier_feature_name": data.get("RecordIdentifierFeatureName"),
        "event_time_feature_name": data.get("EventTimeFeatureName"),
        "role_arn": data.get("RoleArn"),
        "description": data.get("Description"),
        "feature_definition": definitions or None,
        "online_store_config": block(data.get("OnlineStoreConfig")),
        "offline_store_config": block(data.get("OfflineStoreConfig")),
        "throughput_config": block(data.get("ThroughputConfig")),
    }
    api = "sagemaker:DescribeFeatureGroup" if described else "sagemaker:ListFeatureGroups"
    return scope.resource(arn, "aws_sagemaker_feature_group", name, attrs, api)


def sync_registry(scope: Scope) -> Followups:
    """Pipelines and package groups from their lists; packages and feature groups described in follow-ups."""
    out = [to_terraform_pipeline(p, scope) for p in get_pipelines(scope) or () if p.get("PipelineName")]
    groups = [g for g in get_model_package_groups(scope) or () if g.get("ModelPackageGroupName")]
    out += [to_terraform_model_package_group(g, scope) for g in groups]
    packages = fan_out("sagemaker-model-packages", list_model_packages(scope, groups),
                       lambda summary: to_terraform_model_package(summary, describe_model_package(scope, summary), scope))
    features = _sync("sagemaker-feature-groups", FEATURE_GROUPS, to_terraform_feature_group)(scope)
    return Followups(packages.tasks + features.tasks, out)


# ==================================================================================== HyperPod


CLUSTERS = _Listed("list_clusters", "ClusterSummaries", "ClusterArn", "describe_cluster", "ClusterName")


def get_clusters(scope: Scope) -> list[tuple[dict, dict | None]] | None:
    return _get(scope, CLUSTERS)


def to_terraform_cluster(summary: dict, described: dict | None, scope: Scope) -> Resource:
    data = {**summary, **(described or {})}
    arn = data["ClusterArn"]
    name = data.get("ClusterName") or arn.rsplit("/", 1)[-1]
    attrs = {k: v for k, v in (tf(data) or {}).items() if k not in ("cluster_arn", "cluster_status")}
    attrs.update({
        "arn": arn,
        "cluster_name": name,
        "status": data.get("ClusterStatus"),
        "vpc_config": _vpc_config(data.get("VpcConfig")),
    })
    api = "sagemaker:DescribeCluster" if described else "sagemaker:ListClusters"
    return scope.resource(arn, "sagemaker_hyperpod_cluster", name, attrs, api)


SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = (
    ("sagemaker-endpoints", _sync("sagemaker-endpoints", ENDPOINTS, to_terraform_endpoint)),
    ("sagemaker-endpoint-configs", _sync("sagemaker-endpoint-configs", ENDPOINT_CONFIGS, to_terraform_endpoint_config)),
    ("sagemaker-models", _sync("sagemaker-models", MODELS, to_terraform_model)),
    ("sagemaker-notebooks", _sync("sagemaker-notebooks", NOTEBOOKS, to_terraform_notebook_instance)),
    ("sagemaker-studio", sync_studio),
    ("sagemaker-training-jobs", _sync("sagemaker-training-jobs", TRAINING_JOBS, to_terraform_training_job, _recent)),
    ("sagemaker-processing-jobs", _sync("sagemaker-processing-jobs", PROCESSING_JOBS, to_terraform_processing_job,
                                        _recent)),
    ("sagemaker-transform-jobs", _sync("sagemaker-transform-jobs", TRANSFORM_JOBS, to_terraform_transform_job,
                                       _recent)),
    ("sagemaker-registry", sync_registry),
    ("sagemaker-hyperpod", _sync("sagemaker-hyperpod", CLUSTERS, to_terraform_cluster)),
)
