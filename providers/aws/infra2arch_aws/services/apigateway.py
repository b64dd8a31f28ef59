"""API Gateway: REST APIs (v1) with their methods, integrations and stages; HTTP/WebSocket APIs (v2)
with their routes, integrations and stages. An integration whose URI invokes a Lambda function links
to that function (the relate pass reads the function ARN out of the invocation URI)."""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.model import Resource

from infra2arch_aws.context import Scope
from infra2arch_aws.transform import arn_less, block, policy_json, sorted_list

V1, V2 = "apigateway", "apigatewayv2"


def _tags(value: Mapping[str, str] | None) -> dict[str, str] | None:
    return dict(sorted((value or {}).items())) or None


# ======================================================================================== REST (v1)


def get_rest_apis(scope: Scope) -> list[dict] | None:
    return scope.paginate(V1, "get_rest_apis", "items")


def get_resources(scope: Scope, api_id: str) -> list[dict] | None:
    """Resources with their methods and integrations embedded: one call per page, not per method."""
    return scope.paginate(V1, "get_resources", "items", restApiId=api_id, embed=["methods"])


def get_rest_stages(scope: Scope, api_id: str) -> list[dict] | None:
    return scope.paginate(V1, "get_stages", "item", restApiId=api_id)


def to_terraform_rest_api(api: Mapping[str, Any], scope: Scope) -> Resource:
    api_id = api["id"]
    arn = scope.arn("apigateway", f"/restapis/{api_id}", account="")
    configuration = api.get("endpointConfiguration") or {}
    attrs = {
        "id": api_id,
        "arn": arn,
        "execution_arn": scope.arn("execute-api", api_id),
        "name": api.get("name"),
        "description": api.get("description"),
        "endpoint_configuration": [{
            "types": sorted(configuration.get("types") or ["EDGE"]),
            **({"vpc_endpoint_ids": sorted(configuration["vpcEndpointIds"])}
               if configuration.get("vpcEndpointIds") else {}),
        }],
        "api_key_source": api.get("apiKeySource"),
        "disable_execute_api_endpoint": api.get("disableExecuteApiEndpoint"),
        "policy": policy_json(api.get("policy")),
        "tags": _tags(api.get("tags")),
    }
    return scope.resource(arn, "aws_api_gateway_rest_api", api.get("name") or api_id, attrs, "apigateway:GetRestApis")


def to_terraform_methods(api_id: str, item: Mapping[str, Any], scope: Scope) -> list[Resource]:
    """aws_api_gateway_method and aws_api_gateway_integration for every method of one resource."""
    out: list[Resource] = []
    resource_id = item.get("id")
    path = item.get("path") or ""
    for http_method, method in sorted((item.get("resourceMethods") or {}).items()):
        ident = f"{api_id}/{resource_id}/{http_method}"
        method_attrs = {
            "rest_api_id": api_id,
            "resource_id": resource_id,
            "http_method": http_method,
            "path": path,
            "authorization": method.get("authorizationType"),
            "authorizer_id": method.get("authorizerId"),
            "api_key_required": method.get("apiKeyRequired"),
            "authorization_scopes": sorted_list(method.get("authorizationScopes")),
        }
        out.append(scope.resource(arn_less("apigateway", scope.region, scope.account, "aws_api_gateway_method", ident),
                                  "aws_api_gateway_method", f"{http_method} {path}", method_attrs,
                                  "apigateway:GetResources"))
        integration = method.get("methodIntegration")
        if not integration:
            continue
        integration_attrs = {
            "rest_api_id": api_id,
            "resource_id": resource_id,
            "http_method": http_method,
            "type": integration.get("type"),
            "uri": integration.get("uri"),
            "integration_http_method": integration.get("httpMethod"),
            "connection_type": integration.get("connectionType"),
            "connection_id": integration.get("connectionId"),
            "credentials": integration.get("credentials"),
            "timeout_milliseconds": integration.get("timeoutInMillis"),
        }
        out.append(scope.resource(
            arn_less("apigateway", scope.region, scope.account, "aws_api_gateway_integration", ident),
            "aws_api_gateway_integration", f"{http_method} {path}", integration_attrs, "apigateway:GetResources"))
    return out


def to_terraform_rest_stage(api_id: str, stage: Mapping[str, Any], scope: Scope) -> Resource:
    name = stage["stageName"]
    arn = scope.arn("apigateway", f"/restapis/{api_id}/stages/{name}", account="")
    attrs = {
        "arn": arn,
        "rest_api_id": api_id,
        "stage_name": name,
        "deployment_id": stage.get("deploymentId"),
        "xray_tracing_enabled": stage.get("tracingEnabled"),
        "access_log_settings": block({"DestinationArn": (stage.get("accessLogSettings") or {}).get("destinationArn"),
                                      "Format": (stage.get("accessLogSettings") or {}).get("format")}),
        "web_acl_arn": stage.get("webAclArn"),
        "client_certificate_id": stage.get("clientCertificateId"),
        "tags": _tags(stage.get("tags")),
    }
    return scope.resource(arn, "aws_api_gateway_stage", name, attrs, "apigateway:GetStages")


def sync_rest_apis(scope: Scope) -> list[Resource]:
    out: list[Resource] = []
    for api in get_rest_apis(scope) or ():
        if not api.get("id"):
            continue
        out.append(to_terraform_rest_api(api, scope))
        for item in get_resources(scope, api["id"]) or ():
            out += to_terraform_methods(api["id"], item, scope)
        for stage in get_rest_stages(scope, api["id"]) or ():
            if stage.get("stageName"):
                out.append(to_terraform_rest_stage(api["id"], stage, scope))
    return out


# ======================================================================================== HTTP (v2)


def get_apis(scope: Scope) -> list[dict] | None:
    return scope.paginate(V2, "get_apis", "Items")


def get_integrations(scope: Scope, api_id: str) -> list[dict] | None:
    return scope.paginate(V2, "get_integrations", "Items", ApiId=api_id)


def get_routes(scope: Scope, api_id: str) -> list[dict] | None:
    return scope.paginate(V2, "get_routes", "Items", ApiId=api_id)


def get_stages(scope: Scope, api_id: str) -> list[dict] | None:
    return scope.paginate(V2, "get_stages", "Items", ApiId=api_id)


def to_terraform_api(api: Mapping[str, Any], scope: Scope) -> Resource:
    api_id = api["ApiId"]
    arn = scope.arn("apigateway", f"/apis/{api_id}", account="")
    attrs = {
        "id": api_id,
        "arn": arn,
        "execution_arn": scope.arn("execute-api", api_id),
        "name": api.get("Name"),
        "description": api.get("Description"),
        "protocol_type": api.get("ProtocolType"),
        "api_endpoint": api.get("ApiEndpoint"),
        "disable_execute_api_endpoint": api.get("DisableExecuteApiEndpoint"),
        "route_selection_expression": api.get("RouteSelectionExpression"),
        "cors_configuration": block(api.get("CorsConfiguration")),
        "tags": _tags(api.get("Tags")),
    }
    return scope.resource(arn, "aws_apigatewayv2_api", api.get("Name") or api_id, attrs, "apigateway:GetApis")


def to_terraform_integration(api_id: str, integration: Mapping[str, Any], scope: Scope) -> Resource:
    ident = f"{api_id}/{integration['IntegrationId']}"
    attrs = {
        "id": integration["IntegrationId"],
        "api_id": api_id,
        "integration_type": integration.get("IntegrationType"),
        "integration_uri": integration.get("IntegrationUri"),
        "integration_method": integration.get("IntegrationMethod"),
        "connection_type": integration.get("ConnectionType"),
        "connection_id": integration.get("ConnectionId"),
        "credentials_arn": integration.get("CredentialsArn"),
        "payload_format_version": integration.get("PayloadFormatVersion"),
        "timeout_milliseconds": integration.get("TimeoutInMillis"),
    }
    return scope.resource(arn_less("apigateway", scope.region, scope.account, "aws_apigatewayv2_integration", ident),
                          "aws_apigatewayv2_integration", integration["IntegrationId"], attrs,
                          "apigateway:GetIntegrations")


def to_terraform_route(api_id: str, route: Mapping[str, Any], scope: Scope) -> Resource:
    ident = f"{api_id}/{route['RouteId']}"
    attrs = {
        "id": route["RouteId"],
        "api_id": api_id,
        "route_key": route.get("RouteKey"),
        "target": route.get("Target"),
        "authorization_type": route.get("AuthorizationType"),
        "authorizer_id": route.get("AuthorizerId"),
        "api_key_required": route.get("ApiKeyRequired"),
    }
    return scope.resource(arn_less("apigateway", scope.region, scope.account, "aws_apigatewayv2_route", ident),
                          "aws_apigatewayv2_route", route.get("RouteKey") or route["RouteId"], attrs,
                          "apigateway:GetRoutes")


def to_terraform_stage(api_id: str, stage: Mapping[str, Any], scope: Scope) -> Resource:
    name = stage["StageName"]
    arn = scope.arn("apigateway", f"/apis/{api_id}/stages/{name}", account="")
    attrs = {
        "arn": arn,
        "api_id": api_id,
        "name": name,
        "auto_deploy": stage.get("AutoDeploy"),
        "deployment_id": stage.get("DeploymentId"),
        "access_log_settings": block(stage.get("AccessLogSettings")),
        "tags": _tags(stage.get("Tags")),
    }
    return scope.resource(arn, "aws_apigatewayv2_stage", name, attrs, "apigateway:GetStages")


def sync_apis(scope: Scope) -> list[Resource]:
    out: list[Resource] = []
    for api in get_apis(scope) or ():
        api_id = api.get("ApiId")
        if not api_id:
            continue
        out.append(to_terraform_api(api, scope))
        out += [to_terraform_integration(api_id, i, scope) for i in get_integrations(scope, api_id) or ()
                if i.get("IntegrationId")]
        out += [to_terraform_route(api_id, r, scope) for r in get_routes(scope, api_id) or () if r.get("RouteId")]
        out += [to_terraform_stage(api_id, s, scope) for s in get_stages(scope, api_id) or () if s.get("StageName")]
    return out


SYNCS = (("apigateway", sync_rest_apis), ("apigatewayv2", sync_apis))
