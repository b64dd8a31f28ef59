"""Vertex AI (``aiplatform_v1`` generated clients, REST transport): endpoints and their deployed models,
models, index endpoints and their deployed indexes, indexes, feature online stores and their feature
views, featurestores, datasets, recent pipeline and custom jobs, tensorboards, persistent resources and
Colab Enterprise runtime templates.

Vertex names carry the project *number* (``projects/123/locations/…``); addresses and ``id`` use the
project id, as Terraform does, and the reference fields keep what the API says (relate resolves both).
``get`` is :meth:`Scope.pages`; the ``to_terraform_*`` functions are pure.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Callable

from infra2arch.model import Resource

from infra2arch_gcp.context import Followups, Scope, fan_out
from infra2arch_gcp.transform import block, compact, last, tf

HOST = "//aiplatform.googleapis.com/"
PAGE = 100   # the largest page Vertex AI list methods accept


def relative(scope: Scope, name: str) -> str:
    """``projects/<number>/locations/l/x/y`` -> ``projects/<project id>/locations/l/x/y``; learns the number."""
    parts = str(name).split("/")
    if len(parts) > 2 and parts[0] == "projects":
        if parts[1].isdigit() and parts[1] != scope.project:
            scope.log.number(scope.project, parts[1])
        parts[1] = scope.project
    return "/".join(parts)


def address(scope: Scope, name: str) -> str:
    return HOST + relative(scope, name)


def _common(scope: Scope, data: dict) -> dict[str, Any]:
    return {
        "id": relative(scope, data["name"]),
        "project": scope.project,
        "region": scope.region,
        "display_name": data.get("display_name"),
        "description": data.get("description"),
        "labels": tf(data.get("labels"), key="labels"),
        "encryption_spec": block(data.get("encryption_spec")),
    }


# ==================================================================================== serving


def _psc(data: dict) -> list[dict] | None:
    """``private_service_connect_config``; endpoints made before it existed state only the deprecated
    top-level ``enable_private_service_connect``, which means the same (and must not read as public)."""
    config = block(data.get("private_service_connect_config"))
    if config is None and data.get("enable_private_service_connect") is True:
        return [{"enable_private_service_connect": True}]
    return config


def to_terraform_endpoint(data: dict, scope: Scope) -> list[Resource]:
    endpoint_address = address(scope, data["name"])
    deployed = data.get("deployed_models") or []
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "location": scope.region,
        "network": data.get("network"),
        "private_service_connect_config": _psc(data),
        "dedicated_endpoint_enabled": data.get("dedicated_endpoint_enabled"),
        "predict_request_response_logging_config": block(data.get("predict_request_response_logging_config")),
        "traffic_split": json.dumps(data["traffic_split"], sort_keys=True) if data.get("traffic_split") else None,
        # what is deployed, as Terraform's computed attribute; the deployed models are resources of their own
        "deployed_models": [compact({"id": d.get("id"), "display_name": d.get("display_name")}) for d in deployed] or None,
    }
    out = [scope.resource(endpoint_address, "google_vertex_ai_endpoint", data.get("display_name") or attrs["name"], attrs,
                          "aiplatform.endpoints.list")]
    for item in deployed:
        model_id = str(item.get("id") or "")
        if not model_id:
            continue
        child = {
            "id": model_id,
            "endpoint": attrs["id"],
            "model": item.get("model"),
            "model_version_id": item.get("model_version_id"),
            "display_name": item.get("display_name"),
            "dedicated_resources": block(item.get("dedicated_resources")),
            "automatic_resources": block(item.get("automatic_resources")),
            "shared_resources": item.get("shared_resources"),
            "service_account": item.get("service_account"),
            "enable_access_logging": item.get("enable_access_logging"),
            "disable_container_logging": item.get("disable_container_logging"),
            "traffic_percentage": (data.get("traffic_split") or {}).get(model_id),
        }
        out.append(scope.resource(f"{endpoint_address}/deployedModels/{model_id}", "vertex_deployed_model",
                                  item.get("display_name") or model_id, child, "aiplatform.endpoints.list"))
    return out


def _container(spec: Any) -> list[dict] | None:
    """A container spec with its environment as Terraform writes it: a list of {name, value}."""
    if not isinstance(spec, dict):
        return None
    converted = tf(spec) or {}
    env = spec.get("env")
    if env:
        converted["env"] = [compact({"name": e.get("name"), "value": e.get("value")}) for e in env
                            if isinstance(e, dict)]
    return [converted] if converted else None


def to_terraform_model(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "version_id": data.get("version_id"),
        "version_aliases": data.get("version_aliases"),
        "artifact_uri": data.get("artifact_uri"),
        "container_spec": _container(data.get("container_spec")),
        "metadata_schema_uri": data.get("metadata_schema_uri"),
        "supported_deployment_resources_types": data.get("supported_deployment_resources_types"),
        "pipeline_job": data.get("pipeline_job"),
        "training_pipeline": data.get("training_pipeline"),
        "model_source_info": block(data.get("model_source_info")),
    }
    return scope.resource(address(scope, data["name"]), "vertex_model", data.get("display_name") or attrs["name"],
                          attrs, "aiplatform.models.list")


# ==================================================================================== vector search


def to_terraform_index_endpoint(data: dict, scope: Scope) -> list[Resource]:
    endpoint_address = address(scope, data["name"])
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "network": data.get("network"),
        "public_endpoint_enabled": data.get("public_endpoint_enabled"),
        "private_service_connect_config": _psc(data),
    }
    out = [scope.resource(endpoint_address, "google_vertex_ai_index_endpoint",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.indexEndpoints.list")]
    for item in data.get("deployed_indexes") or []:
        deployed_id = item.get("id")
        if not deployed_id:
            continue
        child = {
            "deployed_index_id": deployed_id,
            "index_endpoint": attrs["id"],
            "index": item.get("index"),
            "display_name": item.get("display_name"),
            "dedicated_resources": block(item.get("dedicated_resources")),
            "automatic_resources": block(item.get("automatic_resources")),
            "reserved_ip_ranges": item.get("reserved_ip_ranges"),
            "enable_access_logging": item.get("enable_access_logging"),
            "deployment_group": item.get("deployment_group"),
            "deployed_index_auth_config": block(item.get("deployed_index_auth_config")),
        }
        out.append(scope.resource(f"{endpoint_address}/deployedIndexes/{deployed_id}",
                                  "google_vertex_ai_index_endpoint_deployed_index", deployed_id, child,
                                  "aiplatform.indexEndpoints.list"))
    return out


def to_terraform_index(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "metadata": block(data.get("metadata")) if isinstance(data.get("metadata"), dict) else None,
        "metadata_schema_uri": data.get("metadata_schema_uri"),
        "index_update_method": data.get("index_update_method"),
    }
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_index",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.indexes.list")


# ==================================================================================== features


def to_terraform_feature_online_store(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "bigtable": block(data.get("bigtable")),
        "optimized": block(data.get("optimized")) or ([{}] if "optimized" in data else None),
        "dedicated_serving_endpoint": block(data.get("dedicated_serving_endpoint")),
        "state": data.get("state"),
    }
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_feature_online_store",
                          data.get("display_name") or attrs["name"],
                          attrs, "aiplatform.featureOnlineStores.list")


def to_terraform_feature_view(data: dict, scope: Scope) -> Resource:
    store = data["name"].rsplit("/featureViews/", 1)[0]
    attrs = {
        "id": relative(scope, data["name"]),
        "name": last(data["name"]),
        "region": scope.region,
        "project": scope.project,
        "feature_online_store": last(store),
        "big_query_source": block(data.get("big_query_source")),
        "feature_registry_source": block(data.get("feature_registry_source")),
        "sync_config": block(data.get("sync_config")),
        "labels": tf(data.get("labels"), key="labels"),
    }
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_feature_online_store_featureview",
                          attrs["name"], attrs, "aiplatform.featureViews.list")


def to_terraform_featurestore(data: dict, scope: Scope) -> Resource:
    attrs = {**_common(scope, data), "name": last(data["name"]),
             "online_serving_config": block(data.get("online_serving_config")),
             "online_storage_ttl_days": data.get("online_storage_ttl_days")}
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_featurestore", attrs["name"], attrs,
                          "aiplatform.featurestores.list")


def to_terraform_dataset(data: dict, scope: Scope) -> Resource:
    attrs = {**_common(scope, data), "name": last(data["name"]),
             "metadata_schema_uri": data.get("metadata_schema_uri")}
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_dataset",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.datasets.list")


# ==================================================================================== training and tracking


def to_terraform_pipeline_job(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "service_account": data.get("service_account"),
        "network": data.get("network"),
        "reserved_ip_ranges": data.get("reserved_ip_ranges"),
        "template_uri": data.get("template_uri"),
        "runtime_config": block({"gcs_output_directory": (data.get("runtime_config") or {}).get("gcs_output_directory")}),
        "state": data.get("state"),
    }
    return scope.resource(address(scope, data["name"]), "vertex_pipeline_job",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.pipelineJobs.list")


def _job_spec(spec: Any) -> list[dict] | None:
    if not isinstance(spec, dict):
        return None
    converted = tf(spec) or {}
    pools = []
    for pool in spec.get("worker_pool_specs") or []:
        item = tf(pool) or {}
        if isinstance(pool, dict) and pool.get("container_spec"):
            item["container_spec"] = _container(pool["container_spec"])
        pools.append(item)
    if pools:
        converted["worker_pool_specs"] = pools
    return [converted] if converted else None


def to_terraform_custom_job(data: dict, scope: Scope) -> Resource:
    attrs = {**_common(scope, data), "name": last(data["name"]), "job_spec": _job_spec(data.get("job_spec")),
             "state": data.get("state")}
    return scope.resource(address(scope, data["name"]), "vertex_custom_job",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.customJobs.list")


def to_terraform_tensorboard(data: dict, scope: Scope) -> Resource:
    attrs = {**_common(scope, data), "name": last(data["name"]), "is_default": data.get("is_default")}
    return scope.resource(address(scope, data["name"]), "google_vertex_ai_tensorboard",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.tensorboards.list")


def to_terraform_persistent_resource(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "resource_pools": [tf(p) for p in data.get("resource_pools") or [] if tf(p)] or None,
        "network": data.get("network"),
        "reserved_ip_ranges": data.get("reserved_ip_ranges"),
        "psc_interface_config": block(data.get("psc_interface_config")),
        "resource_runtime_spec": block(data.get("resource_runtime_spec")),
        "state": data.get("state"),
    }
    return scope.resource(address(scope, data["name"]), "vertex_persistent_resource",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.persistentResources.list")


def to_terraform_runtime_template(data: dict, scope: Scope) -> Resource:
    attrs = {
        **_common(scope, data),
        "name": last(data["name"]),
        "location": scope.region,
        "machine_spec": block(data.get("machine_spec")),
        "data_persistent_disk_spec": block(data.get("data_persistent_disk_spec")),
        "network_spec": block(data.get("network_spec")),
        "idle_shutdown_config": block(data.get("idle_shutdown_config")),
        "euc_config": block(data.get("euc_config")),
        "shielded_vm_config": block(data.get("shielded_vm_config")),
        "network_tags": data.get("network_tags"),
        "notebook_runtime_type": data.get("notebook_runtime_type"),
    }
    return scope.resource(address(scope, data["name"]), "google_colab_runtime_template",
                          data.get("display_name") or attrs["name"], attrs, "aiplatform.notebookRuntimeTemplates.list")


# ==================================================================================== the syncs


@dataclass(frozen=True)
class _Listed:
    client: str
    method: str
    key: str
    api: str
    transform: Callable[[dict, Scope], Resource | list[Resource]]
    recent: bool = False      # jobs: only those created in the last recent_jobs_days


def _parent(scope: Scope) -> str:
    return f"projects/{scope.project}/locations/{scope.region}"


def _list(scope: Scope, spec: _Listed) -> list[dict] | None:
    client = scope.clients.generated("aiplatform_v1", spec.client, scope.region)
    request: dict[str, Any] = {"parent": _parent(scope), "page_size": PAGE}
    if spec.recent:
        since = (_dt.datetime.now(_dt.timezone.utc) - _dt.timedelta(days=scope.recent_jobs_days)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        request["filter"] = f'create_time>"{since}"'
    return scope.pages(spec.api, getattr(client, spec.method), request, spec.key)


def _sync(spec: _Listed) -> Callable[[Scope], list[Resource]]:
    def sync(scope: Scope) -> list[Resource]:
        return scope.each(spec.transform, _list(scope, spec), api=spec.api)

    sync.__name__ = f"sync_{spec.key}"
    return sync


def sync_feature_online_stores(scope: Scope) -> Followups:
    """The stores, then their feature views (one list per store) in follow-up tasks."""
    spec = _Listed("FeatureOnlineStoreAdminServiceClient", "list_feature_online_stores", "feature_online_stores",
                   "aiplatform.featureOnlineStores.list", to_terraform_feature_online_store)
    stores = [s for s in _list(scope, spec) or () if s.get("name")]
    client = scope.clients.generated("aiplatform_v1", "FeatureOnlineStoreAdminServiceClient", scope.region)

    def views(store: dict) -> list[Resource]:
        items = scope.pages("aiplatform.featureViews.list", client.list_feature_views,
                            {"parent": relative(scope, store["name"]), "page_size": PAGE}, "feature_views")
        return scope.each(to_terraform_feature_view, items, api="aiplatform.featureViews.list")

    made = scope.each(to_terraform_feature_online_store, stores, api=spec.api)
    return fan_out(scope, "feature-views", stores, views, resources=made)


SYNCS: tuple[tuple[str, Callable[[Scope], Any]], ...] = tuple((label, _sync(spec)) for label, spec in (
    ("vertex-endpoints", _Listed("EndpointServiceClient", "list_endpoints", "endpoints", "aiplatform.endpoints.list",
                                 to_terraform_endpoint)),
    ("vertex-models", _Listed("ModelServiceClient", "list_models", "models", "aiplatform.models.list",
                              to_terraform_model)),
    ("vertex-index-endpoints", _Listed("IndexEndpointServiceClient", "list_index_endpoints", "index_endpoints",
                                       "aiplatform.indexEndpoints.list", to_terraform_index_endpoint)),
    ("vertex-indexes", _Listed("IndexServiceClient", "list_indexes", "indexes", "aiplatform.indexes.list",
                               to_terraform_index)),
    ("vertex-featurestores", _Listed("FeaturestoreServiceClient", "list_featurestores", "featurestores",
                                     "aiplatform.featurestores.list", to_terraform_featurestore)),
    ("vertex-datasets", _Listed("DatasetServiceClient", "list_datasets", "datasets", "aiplatform.datasets.list",
                                to_terraform_dataset)),
    ("vertex-pipeline-jobs", _Listed("PipelineServiceClient", "list_pipeline_jobs", "pipeline_jobs",
                                     "aiplatform.pipelineJobs.list", to_terraform_pipeline_job, recent=True)),
    ("vertex-custom-jobs", _Listed("JobServiceClient", "list_custom_jobs", "custom_jobs", "aiplatform.customJobs.list",
                                   to_terraform_custom_job, recent=True)),
    ("vertex-tensorboards", _Listed("TensorboardServiceClient", "list_tensorboards", "tensorboards",
                                    "aiplatform.tensorboards.list", to_terraform_tensorboard)),
    ("vertex-persistent-resources", _Listed("PersistentResourceServiceClient", "list_persistent_resources",
                                            "persistent_resources", "aiplatform.persistentResources.list",
                                            to_terraform_persistent_resource)),
    ("colab-runtime-templates", _Listed("NotebookServiceClient", "list_notebook_runtime_templates",
                                        "notebook_runtime_templates", "aiplatform.notebookRuntimeTemplates.list",
                                        to_terraform_runtime_template)),
)) + (("vertex-feature-online-stores", sync_feature_online_stores),)
