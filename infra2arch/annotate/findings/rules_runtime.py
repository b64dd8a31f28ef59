"""Outdated language runtimes on serverless functions: a runtime past its provider's deprecation
date gets no security patches, and a function on it can no longer be updated in place.

The tables are data (runtime -> the date its provider stopped patching it, from the providers'
runtime support policies); refresh them when a provider publishes a new deprecation schedule.
"""

from __future__ import annotations

from typing import Any, Mapping

from infra2arch.annotate.findings import Context, Rule, Verdict, fmt, get_path, MISSING
from infra2arch.annotate.model import Result, Severity
from infra2arch.model import Resource, Unknown

# AWS Lambda runtime deprecation (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html)
AWS_DEPRECATED: Mapping[str, str] = {
    "python2.7": "2021-07-15", "python3.6": "2022-07-18", "python3.7": "2023-12-04", "python3.8": "2024-10-14",
    "nodejs": "2016-10-31", "nodejs4.3": "2020-03-05", "nodejs6.10": "2019-08-12", "nodejs8.10": "2020-03-06",
    "nodejs10.x": "2021-07-30", "nodejs12.x": "2023-03-31", "nodejs14.x": "2023-12-04", "nodejs16.x": "2024-06-12",
    "java8": "2024-01-08", "dotnetcore1.0": "2019-07-30", "dotnetcore2.0": "2019-05-30", "dotnetcore2.1": "2022-01-05",
    "dotnetcore3.1": "2023-04-03", "dotnet5.0": "2022-05-10", "dotnet6": "2024-12-20", "go1.x": "2024-01-08",
    "ruby2.5": "2021-07-30", "ruby2.7": "2023-12-07", "provided": "2024-01-08",
}
# Cloud Functions / Cloud Run functions (https://cloud.google.com/functions/docs/runtime-support)
GCP_DEPRECATED: Mapping[str, str] = {
    "python37": "2024-01-30", "python38": "2024-10-14", "nodejs6": "2019-04-01", "nodejs8": "2021-02-01",
    "nodejs10": "2024-01-30", "nodejs12": "2024-01-30", "nodejs14": "2024-01-30", "nodejs16": "2024-01-30",
    "go111": "2024-01-30", "go113": "2024-01-30", "go116": "2024-01-30", "ruby26": "2024-01-30",
    "ruby27": "2024-01-30", "php74": "2024-01-30", "dotnet3": "2024-01-30", "java11": "2024-10-31",
}
# Azure Functions language versions past end of support (https://learn.microsoft.com/azure/azure-functions/supported-languages)
AZURE_DEPRECATED: Mapping[str, Mapping[str, str]] = {
    "python_version": {"3.6": "2022-09-30", "3.7": "2023-06-27", "3.8": "2024-10-07"},
    "node_version": {"12": "2022-12-13", "14": "2023-04-30", "16": "2024-06-30"},
    "java_version": {"8": "2025-03-31"},
    "dotnet_version": {"3.1": "2022-12-03", "6.0": "2024-11-12"},
}


def _check_table(path: str, table: Mapping[str, str]):
    def check(resource: Resource, context: Context) -> Verdict:
        value = get_path(resource.attrs, path)
        if value is MISSING or value is None:
            if path == "runtime" and resource.attrs.get("package_type") == "Image":
                return Verdict(Result.PASS, "container image function: the image owns its runtime", "package_type")
            return Verdict(Result.PASS, f"{path} not set", path)
        if isinstance(value, Unknown):
            return Verdict(Result.UNKNOWN, f"{path} = {fmt(value)}", path)
        text = str(value).strip().lower()
        if text in table:
            return Verdict(Result.FAIL, f"{path} = {value}: deprecated since {table[text]} (no security patches)", path)
        return Verdict(Result.PASS, f"{path} = {value}", path)
    return check


def _gcp_runtime(resource: Resource, context: Context) -> Verdict:
    # 1st gen: runtime; 2nd gen (Cloud Run functions): build_config.runtime
    path = "build_config.runtime" if resource.type == "google_cloudfunctions2_function" else "runtime"
    return _check_table(path, GCP_DEPRECATED)(resource, context)


def _azure_stack(resource: Resource, context: Context) -> Verdict:
    config = resource.attrs.get("site_config")
    config = config[0] if isinstance(config, list) and config else config
    stack = config.get("application_stack") if isinstance(config, dict) else None
    stack = stack[0] if isinstance(stack, list) and stack else stack
    if not isinstance(stack, dict):
        return Verdict(Result.PASS, "no site_config.application_stack", "site_config.application_stack")
    checked = []
    for key, table in AZURE_DEPRECATED.items():
        value: Any = stack.get(key)
        if value is None:
            continue
        if isinstance(value, Unknown):
            return Verdict(Result.UNKNOWN, f"application_stack.{key} = {fmt(value)}", f"site_config.application_stack.{key}")
        checked.append(f"{key} = {value}")
        if str(value).strip() in table:
            return Verdict(Result.FAIL, f"application_stack.{key} = {value}: end of support {table[str(value).strip()]}",
                           f"site_config.application_stack.{key}")
    return Verdict(Result.PASS, ", ".join(checked) or "no language version set", "site_config.application_stack")


RULES: tuple[Rule, ...] = (
    Rule("I2A-AWS-039", Severity.MEDIUM, "Lambda function on a deprecated runtime", ("aws_lambda_function",),
         "Move the function to a supported runtime (python3.12 or later, nodejs20.x or later, java21, provided.al2023).",
         _check_table("runtime", AWS_DEPRECATED),
         refs=("CKV_AWS_363", "prowler:awslambda_function_using_supported_runtimes")),
    Rule("I2A-GCP-017", Severity.MEDIUM, "Cloud Function on a deprecated runtime",
         ("google_cloudfunctions_function", "google_cloudfunctions2_function"),
         "Move the function to a supported runtime (python312, nodejs20 or later).",
         _gcp_runtime),
    Rule("I2A-AZ-019", Severity.MEDIUM, "Function app on an unsupported language version",
         ("azurerm_linux_function_app", "azurerm_windows_function_app"),
         "Set site_config.application_stack to a supported version (Python 3.11+, Node 20+, .NET 8).",
         _azure_stack, refs=("CKV_AZURE_158",)),
)
