"""I2A-AZ-024: the SCM (Kudu deploy) site of an App Service / Function App answers any internet address
unless its own access restrictions (or the main site's, with scm_use_main_ip_restriction) deny by
default, or public network access is off."""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.pipeline import annotate
from infra2arch.annotate.model import Result, Severity
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

_APP = """
resource "azurerm_linux_web_app" "{name}" {{
  name                = "app-{name}"
  resource_group_name = "rg"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Web/serverFarms/plan"
  {app}
  site_config {{
    {site}
  }}
}}
"""
_OFFICE = 'scm_ip_restriction {\n      name = "office"\n      ip_address = "203.0.113.0/24"\n      action = "Allow"\n    }'
_ANY = 'scm_ip_restriction {\n      name = "anyone"\n      ip_address = "0.0.0.0/0"\n      action = "Allow"\n    }'
_MAIN_OFFICE = 'ip_restriction {\n      name = "office"\n      ip_address = "203.0.113.0/24"\n    }'
CASES = {
    "fail_default": ("", ""),
    "fail_rules_without_deny": ("webdeploy_publish_basic_authentication_enabled = false", _OFFICE),
    "pass_scm_deny": ("", 'scm_ip_restriction_default_action = "Deny"\n    ' + _OFFICE),
    "fail_scm_deny_but_any": ("", 'scm_ip_restriction_default_action = "Deny"\n    ' + _ANY),
    "pass_uses_main": ("", 'scm_use_main_ip_restriction = true\n    ip_restriction_default_action = "Deny"\n    '
                       + _MAIN_OFFICE),
    "fail_uses_open_main": ("", 'scm_use_main_ip_restriction = true\n    ' + _MAIN_OFFICE),
    "pass_private": ("public_network_access_enabled = false", ""),
    "unknown_action": ("", "scm_ip_restriction_default_action = var.action"),
}


def findings(tmp_path: Path, text: str) -> dict:
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    return {f.address: f for f in annotate(graph).findings if f.rule_id == "I2A-AZ-024"}


def test_scm_site_open_unless_its_restrictions_deny_by_default(tmp_path):
    text = 'variable "action" {}\n' + "".join(_APP.format(name=n, app=a, site=s) for n, (a, s) in CASES.items())
    found = findings(tmp_path, text)
    results = {address.split(".")[1]: f.result for address, f in found.items()}
    assert results == {n: {"fail": Result.FAIL, "pass": Result.PASS, "unknown": Result.UNKNOWN}[n.split("_")[0]]
                       for n in CASES}, results
    default = found["azurerm_linux_web_app.fail_default"]
    # basic-auth publishing on by default makes it high; turned off it stays medium
    assert default.severity == Severity.HIGH and default.default_applied
    assert "provider default Allow" in default.evidence and "webdeploy_publish_basic_authentication_enabled" in default.evidence
    assert default.attribute == "site_config.scm_ip_restriction_default_action"
    no_effect = found["azurerm_linux_web_app.fail_rules_without_deny"]
    assert no_effect.severity == Severity.MEDIUM and "1 scm_ip_restriction rule without effect" in no_effect.evidence
    assert "anyone allows any address" in found["azurerm_linux_web_app.fail_scm_deny_but_any"].evidence
    assert "main site's ip_restriction" in found["azurerm_linux_web_app.pass_uses_main"].evidence
    assert "203.0.113.0/24" in found["azurerm_linux_web_app.pass_scm_deny"].evidence
    assert "closes the SCM site too" in found["azurerm_linux_web_app.pass_private"].evidence
    # the rule evidences network exposure and authentication controls, like its neighbours
    assert default.controls.get("SOC 2") and default.controls.get("ISO 27001:2022")


def test_legacy_app_service_denies_once_any_scm_rule_exists(tmp_path):
    found = findings(tmp_path, """
        resource "azurerm_app_service" "pass_restricted" {
          name                = "legacy-a"
          location            = "westeurope"
          resource_group_name = "rg"
          app_service_plan_id = "plan"
          site_config {
            scm_ip_restriction {
              ip_address = "198.51.100.0/24"
            }
          }
        }
        resource "azurerm_app_service" "fail_open" {
          name                = "legacy-b"
          location            = "westeurope"
          resource_group_name = "rg"
          app_service_plan_id = "plan"
        }
    """)
    assert found["azurerm_app_service.pass_restricted"].result == Result.PASS
    assert "Azure denies what no rule allows" in found["azurerm_app_service.pass_restricted"].evidence
    legacy = found["azurerm_app_service.fail_open"]
    assert legacy.result == Result.FAIL and legacy.severity == Severity.MEDIUM
