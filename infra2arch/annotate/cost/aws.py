"""Pricers for AWS types: SageMaker, networking, serverless, storage, operations."""

from __future__ import annotations

from dataclasses import replace

from infra2arch.annotate.cost.builder import _blocks, _Builder, _first, _num_or, _number, _prices, _times
from infra2arch.annotate.cost.aws_serverless import lambda_provisioned_concurrency
from infra2arch.annotate.cost.book import _qty
from infra2arch.model import Resource, Unknown


# ---- AWS SageMaker

def _endpoint_configuration(b: _Builder) -> tuple[Resource | None, str]:
    """The endpoint configuration an endpoint uses: by reference edge, else by name."""
    ctx, endpoint = b.ctx, b.resource
    for edge in sorted(ctx.out_edges.get(endpoint.address, ()), key=lambda e: e.key()):
        target = ctx.by_address.get(edge.dst)
        if target is not None and target.type == "aws_sagemaker_endpoint_configuration" \
                and edge.via.split(".")[0] == "endpoint_config_name":
            return target, ""
    name = endpoint.attrs.get("endpoint_config_name")
    if isinstance(name, str):
        for resource in ctx.graph.resources:
            if resource.type == "aws_sagemaker_endpoint_configuration" and resource.attrs.get("name") == name:
                return resource, ""
        return None, f"endpoint configuration {name!r} is not in the scanned input"
    if isinstance(name, Unknown):
        return None, f"endpoint_config_name is unknown ({name.reason})"
    return None, "endpoint_config_name is not set"


@_prices("aws_sagemaker_endpoint")
def _sagemaker_endpoint(b: _Builder) -> None:
    config, problem = _endpoint_configuration(b)
    if config is None:
        b.unknown = True
        b._add("instance hours", "hour", None, None, problem)
        return
    variants = [("", v) for v in _blocks(config.attrs.get("production_variants"))]
    variants += [("shadow ", v) for v in _blocks(config.attrs.get("shadow_production_variants"))]
    if not variants:
        b.unknown = True
        b._add("instance hours", "hour", None, None, f"{config.address} has no production variants")
        return
    several = len(variants) > 1
    serverless = False
    for prefix, variant in variants:
        label = variant.get("variant_name") if several and isinstance(variant.get("variant_name"), str) else ""
        serverless_config = _first(variant.get("serverless_config"))
        if serverless_config:
            serverless = True
            memory = _number(serverless_config.get("memory_size_in_mb"))
            tag = f"{prefix}serverless compute" + (f" ({label})" if label else "")
            if isinstance(memory, Unknown) or memory is None:
                b.unknown = True
                reason = memory.reason if isinstance(memory, Unknown) else "not stated"
                b._add(tag, "GB-second", None, b.lookup("aws.sagemaker.serverless", "compute"),
                       f"memory_size_in_mb is unknown ({reason})")
                continue
            gb = memory / 1024
            name = f"{tag} ({memory:g} MB)"
            if "gb_seconds" in b.usage:
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "gb_seconds")
            elif "inference_seconds" in b.usage:
                seconds = b.usage["inference_seconds"]
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "inference_seconds", quantity=seconds * gb,
                              source_note=f"inference_seconds = {_qty(seconds)} from the usage file × {gb:g} GB")
            else:
                b.usage_based(name, "aws.sagemaker.serverless", "compute", "inference_seconds",
                              note=f"billed per GB-second of inference at {gb:g} GB")
            if _first(serverless_config).get("provisioned_concurrency") not in (None, 0):
                b.unpriced_component(f"{prefix}provisioned concurrency", "provisioned concurrency is not in the price book")
            continue
        instance_type = variant.get("instance_type")
        count = variant.get("initial_instance_count")
        note = ""
        if count is None:
            count, note = 1, "initial_instance_count not set: 1 assumed"
        count_value = _number(count)
        shown_type = instance_type if isinstance(instance_type, str) else "unknown instance type"
        shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
        name = f"{prefix}instance hours ({(label + ': ') if label else ''}{shown_type} × {shown_count})"
        b.hourly(name, "aws.sagemaker.realtime", instance_type, count, note=note)
    if serverless:
        b.usage_based("serverless data processed", "aws.sagemaker.serverless", "data-processed", "gb_processed")
    if _first(config.attrs.get("async_inference_config")):
        b.components[-1] = replace(b.components[-1], note="; ".join(
            n for n in (b.components[-1].note, "asynchronous inference: instances bill while provisioned") if n))


@_prices("aws_sagemaker_notebook_instance")
def _sagemaker_notebook(b: _Builder) -> None:
    attrs = b.resource.attrs
    instance_type = attrs.get("instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"instance hours ({shown})", "aws.sagemaker.notebook", instance_type, usage_hours="hours",
             note="" if "hours" in b.usage else "assumed always on; set hours in the usage file if it is stopped")
    volume = _num_or(attrs.get("volume_size"), 5.0)
    if isinstance(volume, Unknown):
        b.unknown = True
        b._add("ML storage", "GB-month", None, b.lookup("aws.sagemaker.storage", "ml-general-purpose-ssd"),
               f"volume_size is unknown ({volume.reason})")
    else:
        b.fixed(f"ML storage ({volume:g} GB)", "aws.sagemaker.storage", "ml-general-purpose-ssd", volume,
                note="" if attrs.get("volume_size") is not None else "volume_size not set: provider default 5 GB")


@_prices("aws_sagemaker_domain")
def _sagemaker_domain(b: _Builder) -> None:
    apps = [c for c in b.ctx.children.get(b.resource.address, ()) if c.type == "aws_sagemaker_app"]
    if not apps:
        b.free("free itself: Studio apps and spaces bill by instance hour", "aws.sagemaker.studio", "domain")
        return
    for app in apps:
        name = app.attrs.get("app_name")
        _sagemaker_app_components(b, app, f"{name if isinstance(name, str) else app.name}: ")


# ---- AWS network

@_prices("aws_sagemaker_feature_group")
def _sagemaker_feature_group(b: _Builder) -> None:
    """The offline store is S3 (billed on its bucket); the online store bills requests and storage."""
    online = _first(b.resource.attrs.get("online_store_config"))
    enabled = online.get("enable_online_store", False)
    if enabled is False or enabled is None:
        b.free("offline store only: it bills as S3 storage in its bucket")
        return
    note = f"enable_online_store is unknown ({enabled.reason}): priced as enabled" if isinstance(enabled, Unknown) else ""
    b.usage_based("online store writes", "aws.sagemaker.feature-store", "write-request-units", "write_requests",
                  scale=1e6, note=note)
    b.usage_based("online store reads", "aws.sagemaker.feature-store", "read-request-units", "read_requests",
                  scale=1e6)
    b.usage_based("online store data", "aws.sagemaker.feature-store", "online-storage", "storage_gb",
                  note="the offline store bills as S3 storage in its bucket")


@_prices("aws_nat_gateway")
def _aws_nat(b: _Builder) -> None:
    b.fixed("gateway hours", "aws.vpc", "nat-gateway", b.hours)
    b.usage_based("data processed", "aws.vpc", "nat-gateway-data-processed", "gb_processed")


@_prices("aws_eip")
def _aws_eip(b: _Builder) -> None:
    b.fixed("public IPv4 address hours", "aws.vpc", "public-ipv4", b.hours)


@_prices("aws_vpc_endpoint")
def _aws_vpc_endpoint(b: _Builder) -> None:
    attrs = b.resource.attrs
    kind_ = attrs.get("vpc_endpoint_type", "Gateway")
    if isinstance(kind_, Unknown):
        b.unknown = True
        b._add("endpoint hours", "hour", None, b.lookup("aws.vpc", "interface-endpoint"),
               f"vpc_endpoint_type is unknown ({kind_.reason})")
        return
    if kind_ == "Gateway":
        b.free("gateway endpoints are free")
        return
    if kind_ != "Interface":
        b.unpriced_component("endpoint hours", f"{kind_} endpoints are not in the price book")
        return
    subnets = attrs.get("subnet_ids")
    if isinstance(subnets, list) and subnets:
        azs, note = float(len(subnets)), ""
    elif isinstance(subnets, Unknown):
        azs, note = Unknown(f"subnet_ids is unknown ({subnets.reason})"), ""
    else:
        azs, note = 1.0, "subnet_ids not stated: 1 availability zone assumed"
    shown = f"{azs:g}" if isinstance(azs, float) else "?"
    b.hourly(f"endpoint hours ({shown} AZ)", "aws.vpc", "interface-endpoint", azs, note=note)
    b.usage_based("data processed", "aws.vpc", "interface-endpoint-data-processed", "gb_processed")


@_prices("aws_lb", "aws_alb")
def _aws_lb(b: _Builder) -> None:
    lb_type = b.resource.attrs.get("load_balancer_type", "application")
    if lb_type == "application":
        b.fixed("load balancer hours", "aws.elb", "alb", b.hours)
        b.usage_based("capacity units", "aws.elb", "alb-lcu", "lcu", quantity=_times(b.usage.get("lcu"), b.hours),
                      source_note=f"lcu = {_qty(b.usage.get('lcu', 0))} average from the usage file")
    elif lb_type == "network":
        b.fixed("load balancer hours", "aws.elb", "nlb", b.hours)
        b.usage_based("capacity units", "aws.elb", "nlb-lcu", "lcu", quantity=_times(b.usage.get("lcu"), b.hours),
                      source_note=f"lcu = {_qty(b.usage.get('lcu', 0))} average from the usage file")
    elif isinstance(lb_type, Unknown):
        b.unknown = True
        b._add("load balancer hours", "hour", None, None, f"load_balancer_type is unknown ({lb_type.reason})")
    else:
        b.unpriced_component("load balancer hours", f"{lb_type} load balancers are not in the price book")


@_prices("aws_apigatewayv2_api")
def _aws_http_api(b: _Builder) -> None:
    protocol = b.resource.attrs.get("protocol_type", "HTTP")
    if protocol == "HTTP":
        b.usage_based("requests", "aws.apigateway", "http-api-requests", "requests", scale=1e6)
    elif isinstance(protocol, Unknown):
        b.unknown = True
        b._add("requests", "1M requests", None, None, f"protocol_type is unknown ({protocol.reason})")
    else:
        b.unpriced_component("messages and connection minutes", "WebSocket APIs are not in the price book")


@_prices("aws_api_gateway_rest_api")
def _aws_rest_api(b: _Builder) -> None:
    b.usage_based("requests", "aws.apigateway", "rest-api-requests", "requests", scale=1e6)


@_prices("aws_lambda_function")
def _aws_lambda(b: _Builder) -> None:
    attrs = b.resource.attrs
    lambda_provisioned_concurrency(b)
    b.usage_based("requests", "aws.lambda", "requests", "requests", scale=1e6)
    architectures = attrs.get("architectures")
    arch = architectures[0] if isinstance(architectures, list) and architectures and isinstance(architectures[0], str) \
        else "x86_64"
    memory = _num_or(attrs.get("memory_size"), 128.0)
    sku = "duration-arm64" if arch == "arm64" else "duration-x86_64"
    if isinstance(memory, Unknown):
        b.unknown = True
        b._add("compute (GB-seconds)", "GB-second", None, b.lookup("aws.lambda", sku),
               f"memory_size is unknown ({memory.reason})")
        return
    gb = memory / 1024
    name = f"compute ({memory:g} MB, {arch})"
    if "gb_seconds" in b.usage:
        b.usage_based(name, "aws.lambda", sku, "gb_seconds")
    elif "requests" in b.usage and "duration_ms" in b.usage:
        seconds = b.usage["requests"] * b.usage["duration_ms"] / 1000
        b.usage_based(name, "aws.lambda", sku, "duration_ms", quantity=seconds * gb,
                      source_note=f"requests × duration_ms = {_qty(seconds)} s from the usage file × {gb:g} GB")
    else:
        b.usage_based(name, "aws.lambda", sku, "duration_ms", note="with requests (or set gb_seconds)")


@_prices("aws_s3_bucket", "awscc_s3_bucket")
def _aws_s3(b: _Builder) -> None:
    b.usage_based("storage (Standard)", "aws.s3", "standard-storage", "storage_gb")
    b.usage_based("PUT/COPY/POST/LIST requests", "aws.s3", "put-requests", "put_requests", scale=1e3, optional=True)
    b.usage_based("GET and other requests", "aws.s3", "get-requests", "get_requests", scale=1e3, optional=True)


@_prices("aws_efs_file_system")
def _aws_efs(b: _Builder) -> None:
    b.usage_based("storage (Standard)", "aws.efs", "standard-storage", "storage_gb")


@_prices("aws_ecr_repository")
def _aws_ecr(b: _Builder) -> None:
    b.usage_based("image storage", "aws.ecr", "storage", "storage_gb")


@_prices("aws_kms_key")
def _aws_kms(b: _Builder) -> None:
    b.fixed("customer managed key", "aws.kms", "customer-managed-key", 1.0)
    b.usage_based("requests", "aws.kms", "requests", "requests", scale=1e4, optional=True)


@_prices("aws_cloudwatch_log_group")
def _aws_log_group(b: _Builder) -> None:
    b.usage_based("log ingestion", "aws.cloudwatch", "logs-ingestion", "ingested_gb")
    b.usage_based("log storage", "aws.cloudwatch", "logs-storage", "storage_gb", optional=True)


@_prices("aws_cloudwatch_metric_alarm")
def _aws_alarm(b: _Builder) -> None:
    queries = [q for q in _blocks(b.resource.attrs.get("metric_query")) if q.get("metric")]
    metrics = float(len(queries)) if queries else 1.0
    b.fixed(f"alarm metrics ({metrics:g})", "aws.cloudwatch", "alarm", metrics)


@_prices("aws_cloudwatch_dashboard")
def _aws_dashboard(b: _Builder) -> None:
    b.fixed("dashboard", "aws.cloudwatch", "dashboard", 1.0, note="the first 3 dashboards of an account are free")


@_prices("aws_instance")
def _aws_instance(b: _Builder) -> None:
    instance_type = b.resource.attrs.get("instance_type")
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"instance hours ({shown})", "aws.ec2", instance_type, usage_hours="hours",
             note="Linux rate; root volume not included")


@_prices("aws_db_instance")
def _aws_db(b: _Builder) -> None:
    attrs = b.resource.attrs
    klass = attrs.get("instance_class")
    shown = klass if isinstance(klass, str) else "unknown instance class"
    multi_az = attrs.get("multi_az") is True
    b.hourly(f"database instance hours ({shown})", "aws.rds", klass, 2 if multi_az else 1, what="instance_class",
             note="MySQL rate" + ("; multi-AZ: two instances" if multi_az else ""))
    storage = _number(attrs.get("allocated_storage"))
    if isinstance(storage, float):
        b.fixed(f"storage ({storage:g} GB)", "aws.rds", "gp2-storage", storage * (2 if multi_az else 1))


@_prices("aws_secretsmanager_secret")
def _aws_secret(b: _Builder) -> None:
    b.fixed("secret", "aws.secretsmanager", "secret", 1.0)


@_prices("aws_route53_zone")
def _aws_zone(b: _Builder) -> None:
    b.fixed("hosted zone", "aws.route53", "hosted-zone", 1.0)


@_prices("aws_sns_topic")
def _aws_sns(b: _Builder) -> None:
    b.usage_based("publish requests", "aws.sns", "requests", "requests", scale=1e6)


@_prices("aws_sqs_queue")
def _aws_sqs(b: _Builder) -> None:
    b.usage_based("requests", "aws.sqs", "requests", "requests", scale=1e6)



# ---- AWS containers, Studio apps, firewalls, search, parameters

def _sagemaker_app_components(b: _Builder, app: Resource, label: str = "") -> None:
    """A Studio app bills its instance type while it runs (KernelGateway, JupyterLab, CodeEditor…);
    the JupyterServer app runs on a free system instance."""
    attrs = app.attrs
    app_type = attrs.get("app_type")
    spec = _first(attrs.get("resource_spec"))
    instance_type = spec.get("instance_type")
    if instance_type == "system" or (instance_type is None and app_type == "JupyterServer"):
        b._add(f"{label}{app_type or 'app'} (system instance)", "hour", b.hours, None, "system instances are free")
        b.components[-1] = replace(b.components[-1], unit_price=0.0, monthly=0.0)
        return
    if instance_type is None:
        instance_type, note = "ml.t3.medium", "resource_spec.instance_type not set: ml.t3.medium (the Studio default) assumed"
    else:
        note = ""
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"{label}{app_type if isinstance(app_type, str) else 'app'} instance hours ({shown})",
             "aws.sagemaker.notebook", instance_type, usage_hours="hours",
             note="; ".join(n for n in (note, "Studio apps bill at the notebook instance rate while running; "
                                        "assumed always on (set hours in the usage file)") if n))


@_prices("aws_sagemaker_app")
def _sagemaker_app(b: _Builder) -> None:
    _sagemaker_app_components(b, b.resource)


@_prices("aws_eks_cluster")
def _eks_cluster(b: _Builder) -> None:
    b.fixed("cluster hours", "aws.eks", "cluster", b.hours, note="standard support; nodes bill separately")


@_prices("aws_eks_node_group")
def _eks_node_group(b: _Builder) -> None:
    attrs = b.resource.attrs
    types = attrs.get("instance_types")
    note = []
    if isinstance(types, list) and types:
        instance_type = types[0]
        if len(types) > 1:
            note.append(f"{len(types)} instance types: the first ({instance_type}) is priced")
    elif isinstance(types, Unknown):
        instance_type = types
    elif attrs.get("launch_template") not in (None, [], {}):
        instance_type = Unknown("the instance type comes from the launch template")
    else:
        instance_type = "t3.medium"
        note.append("instance_types not set: provider default t3.medium")
    scaling = _first(attrs.get("scaling_config"))
    count = scaling.get("desired_size", scaling.get("min_size"))
    if attrs.get("capacity_type") == "SPOT":
        note.append("SPOT capacity: the on-demand rate is an upper bound")
    count_value = _number(count)
    shown_count = f"{count_value:g}" if isinstance(count_value, float) else "?"
    shown = instance_type if isinstance(instance_type, str) else "unknown instance type"
    b.hourly(f"node hours ({shown} × {shown_count})", "aws.ec2", instance_type, count,
             note="; ".join(note + ["desired size; autoscaling changes it; Linux rate, volumes not included"]))


@_prices("aws_networkfirewall_firewall")
def _network_firewall(b: _Builder) -> None:
    mappings = _blocks(b.resource.attrs.get("subnet_mapping"))
    azs = float(len(mappings)) if mappings else 1.0
    b.fixed(f"firewall endpoint hours ({azs:g} AZ)", "aws.network-firewall", "endpoint", azs * b.hours)
    b.usage_based("traffic processed", "aws.network-firewall", "data-processed", "gb_processed")


@_prices("aws_ec2_transit_gateway_vpc_attachment")
def _tgw_attachment(b: _Builder) -> None:
    b.fixed("attachment hours", "aws.transit-gateway", "attachment", b.hours)
    b.usage_based("data processed", "aws.transit-gateway", "data-processed", "gb_processed")


@_prices("aws_opensearchserverless_collection", "awscc_opensearchserverless_collection")
def _aoss_collection(b: _Builder) -> None:
    standby = b.resource.attrs.get("standby_replicas", "ENABLED")
    if isinstance(standby, Unknown):
        b.unknown = True
        b._add("minimum OCU hours", "OCU-hour", None, b.lookup("aws.opensearch-serverless", "ocu"),
               f"standby_replicas is unknown ({standby.reason})")
    else:
        # the account-level floor is shared by collections with the same KMS key; one collection is assumed
        ocus = 2.0 if standby != "DISABLED" else 1.0
        b.fixed(f"minimum capacity ({ocus:g} OCU: indexing + search)", "aws.opensearch-serverless", "ocu",
                ocus * b.hours, note=("standby replicas " + ("enabled" if ocus == 2 else "disabled")
                                      + "; the floor is shared by collections with the same KMS key"))
    b.usage_based("storage", "aws.opensearch-serverless", "storage", "storage_gb")


@_prices("aws_opensearchserverless_access_policy", "aws_opensearchserverless_security_policy",
         "aws_opensearchserverless_lifecycle_policy", "aws_opensearchserverless_vpc_endpoint")
def _aoss_policy(b: _Builder) -> None:
    if b.resource.type == "aws_opensearchserverless_vpc_endpoint":
        b.fixed("endpoint hours", "aws.vpc", "interface-endpoint", b.hours,
                note="an OpenSearch Serverless VPC endpoint bills as an interface endpoint")
        return
    b.free("policies are free: the collection bills its capacity")


@_prices("aws_ssm_parameter")
def _ssm_parameter(b: _Builder) -> None:
    tier = b.resource.attrs.get("tier", "Standard")
    if isinstance(tier, Unknown):
        b.unknown = True
        b._add("parameter", "month", None, b.lookup("aws.ssm", "advanced-parameter"), f"tier is unknown ({tier.reason})")
    elif tier == "Advanced":
        b.fixed("advanced parameter", "aws.ssm", "advanced-parameter", 1.0)
    else:
        b.free("Standard parameters are free (up to 10,000 a Region)", "aws.ssm", "standard-parameter")


@_prices("aws_bedrockagent_agent", "awscc_bedrock_agent", "aws_bedrockagent_agent_alias", "awscc_bedrock_agent_alias",
         "aws_bedrockagent_agent_collaborator", "aws_bedrockagent_agent_action_group",
         "aws_bedrockagent_knowledge_base", "awscc_bedrock_knowledge_base", "aws_bedrockagent_data_source",
         "awscc_bedrock_data_source", "aws_bedrockagent_agent_knowledge_base_association", "awscc_bedrock_prompt",
         "awscc_bedrock_prompt_version", "aws_bedrock_guardrail_version", "awscc_bedrock_guardrail_version",
         "aws_bedrock_inference_profile")
def _bedrock_free(b: _Builder) -> None:
    b.free("free itself: Bedrock bills the model invocations (tokens) it makes, and the knowledge base's vector store")


@_prices("aws_bedrock_guardrail", "awscc_bedrock_guardrail")
def _bedrock_guardrail(b: _Builder) -> None:
    b.usage_based("text units evaluated", "aws.bedrock", "guardrail-text-units", "requests", scale=1e3,
                  note="content filters, per 1,000 text units (set requests to the text units a month)")


@_prices("aws_vpn_connection")
def _aws_vpn(b: _Builder) -> None:
    b.fixed("connection hours", "aws.vpn", "connection", b.hours)


@_prices("aws_vpn_gateway", "aws_customer_gateway", "aws_vpc_peering_connection")
def _aws_free_network(b: _Builder) -> None:
    b.free("free itself: the connections or the traffic through it bill")
