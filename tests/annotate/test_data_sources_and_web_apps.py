"""Data sources are existing objects whose unset settings are unknown (never a provider default), and
App Service apps are exposed unless their own settings close them."""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Zone
from infra2arch.annotate.zones import annotate_network
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


def network(tmp_path: Path, text: str):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    zones, _, exposures = annotate_network(graph)
    return zones, {e.asset: e for e in exposures}


# ------------------------------------------------------------------------------------ data sources


def test_a_data_source_workspace_is_not_exposed_by_a_provider_default(tmp_path):
    zones, exposed = network(tmp_path, """
        data "azurerm_machine_learning_workspace" "ws" {
          name                = "x"
          resource_group_name = "rg"
        }
        resource "azurerm_machine_learning_workspace" "managed" {
          name                = "y"
          location            = "westeurope"
          resource_group_name = "rg"
          application_insights_id = "ai"
          key_vault_id            = "kv"
          storage_account_id      = "sa"
          identity { type = "SystemAssigned" }
        }
    """)
    data = "data.azurerm_machine_learning_workspace.ws"
    assert data not in exposed
    assert zones[data].zone != Zone.EDGE
    assert any("data source" in r and "exposure unknown" in r for r in zones[data].reasons)
    # the managed workspace still gets the provider default (public network access true)
    assert "azurerm_machine_learning_workspace.managed" in exposed
    assert "(default)" in exposed["azurerm_machine_learning_workspace.managed"].reason


def test_data_sources_of_other_services_give_unknown_not_defaults(tmp_path):
    zones, exposed = network(tmp_path, """
        data "aws_sagemaker_notebook_instance" "nb" { name = "nb" }
        data "azurerm_storage_account" "sa" {
          name                = "sa"
          resource_group_name = "rg"
        }
        data "azurerm_linux_web_app" "app" {
          name                = "app"
          resource_group_name = "rg"
        }
    """)
    for address in ("data.azurerm_storage_account.sa", "data.azurerm_linux_web_app.app"):
        assert address not in exposed
        assert any("exposure unknown" in r for r in zones[address].reasons), zones[address].reasons


def test_what_a_data_source_does_say_is_kept(tmp_path):
    # state/plan data sources carry the object's real settings: an explicit true still exposes it
    zones, exposed = network(tmp_path, """
        data "azurerm_machine_learning_workspace" "ws" {
          name                          = "x"
          resource_group_name           = "rg"
          public_network_access_enabled = true
        }
    """)
    assert "data.azurerm_machine_learning_workspace.ws" in exposed
    assert "public network access enabled" in zones["data.azurerm_machine_learning_workspace.ws"].reasons


def test_a_data_source_subnet_has_unknown_egress_not_default_outbound(tmp_path):
    zones, _ = network(tmp_path, """
        data "azurerm_subnet" "s" {
          name                 = "snet"
          virtual_network_name = "vnet"
          resource_group_name  = "rg"
        }
        resource "azurerm_subnet" "managed" {
          name                 = "snet2"
          virtual_network_name = "vnet"
          resource_group_name  = "rg"
          address_prefixes     = ["10.0.2.0/24"]
        }
    """)
    assert zones["data.azurerm_subnet.s"].egress == "unknown"
    assert zones["azurerm_subnet.managed"].egress == "default-outbound"


def test_an_unknown_setting_is_said_not_hidden(tmp_path):
    zones, exposed = network(tmp_path, """
        variable "public" { type = bool }
        resource "azurerm_machine_learning_workspace" "ws" {
          name                          = "y"
          location                      = "westeurope"
          resource_group_name           = "rg"
          application_insights_id       = "ai"
          key_vault_id                  = "kv"
          storage_account_id            = "sa"
          public_network_access_enabled = var.public
          identity { type = "SystemAssigned" }
        }
    """)
    reasons = zones["azurerm_machine_learning_workspace.ws"].reasons
    assert any(r.startswith("public_network_access_enabled = unknown") for r in reasons), reasons
    assert "azurerm_machine_learning_workspace.ws" not in exposed


# --------------------------------------------------------------------------------------- web apps

_PLAN = """
    resource "azurerm_service_plan" "plan" {
      name                = "plan"
      location            = "westeurope"
      resource_group_name = "rg"
      os_type             = "Linux"
      sku_name            = "P1v3"
    }
    resource "azurerm_subnet" "integration" {
      name                 = "snet-int"
      virtual_network_name = "vnet"
      resource_group_name  = "rg"
      address_prefixes     = ["10.0.1.0/24"]
    }
"""


def _app(kind: str, name: str, body: str, extra: str = "") -> str:
    return f"""
    resource "{kind}" "{name}" {{
      name                = "{name}"
      location            = "westeurope"
      resource_group_name = "rg"
      service_plan_id     = azurerm_service_plan.plan.id
      {extra}
      site_config {{
        {body}
      }}
    }}
    """


def test_web_and_function_apps_are_exposed_unless_their_settings_close_them(tmp_path):
    zones, exposed = network(tmp_path, _PLAN
        + _app("azurerm_linux_web_app", "open", "")
        + _app("azurerm_windows_web_app", "open_win", "")
        + _app("azurerm_linux_function_app", "func_open", "", 'storage_account_name = "sa"')
        + _app("azurerm_windows_function_app", "func_closed", "", 'public_network_access_enabled = false')
        # VNet integration is outbound only: still exposed
        + _app("azurerm_linux_web_app", "integrated", "", "virtual_network_subnet_id = azurerm_subnet.integration.id")
        # rules without a Deny default do nothing (azurerm >= 3.95 default Allow)
        + _app("azurerm_linux_web_app", "rules_allow_default", """
            ip_restriction {
              ip_address = "203.0.113.0/24"
              action     = "Allow"
            }""")
        + _app("azurerm_linux_web_app", "restricted", """
            ip_restriction_default_action = "Deny"
            ip_restriction {
              service_tag = "AzureFrontDoor.Backend"
              action      = "Allow"
            }""")
        + _app("azurerm_linux_web_app", "deny_but_anyone", """
            ip_restriction_default_action = "Deny"
            ip_restriction {
              ip_address = "0.0.0.0/0"
              action     = "Allow"
            }""")
        + """
        resource "azurerm_private_endpoint" "pe" {
          name                = "pe"
          location            = "westeurope"
          resource_group_name = "rg"
          subnet_id           = azurerm_subnet.integration.id
          private_service_connection {
            name                           = "web"
            private_connection_resource_id = azurerm_linux_web_app.with_pe.id
            subresource_names              = ["sites"]
            is_manual_connection           = false
          }
        }
        """
        + _app("azurerm_linux_web_app", "with_pe", ""))
    open_ = {f"azurerm_linux_web_app.{n}" for n in ("open", "integrated", "rules_allow_default", "deny_but_anyone",
                                                    "with_pe")}
    open_ |= {"azurerm_windows_web_app.open_win", "azurerm_linux_function_app.func_open"}
    closed = {"azurerm_windows_function_app.func_closed", "azurerm_linux_web_app.restricted"}
    assert open_ <= set(exposed), sorted(open_ - set(exposed))
    assert not closed & set(exposed)
    assert all(zones[a].zone == Zone.EDGE for a in open_)
    assert "provider default true" in exposed["azurerm_linux_web_app.open"].reason
    assert "outbound traffic only" in exposed["azurerm_linux_web_app.integrated"].reason
    assert "provider default Allow" in exposed["azurerm_linux_web_app.rules_allow_default"].reason
    assert "private endpoint azurerm_private_endpoint.pe" in exposed["azurerm_linux_web_app.with_pe"].reason


def test_legacy_app_service_rules_deny_what_they_do_not_allow(tmp_path):
    zones, exposed = network(tmp_path, """
        resource "azurerm_app_service" "open" {
          name                = "open"
          location            = "westeurope"
          resource_group_name = "rg"
          app_service_plan_id = "plan"
        }
        resource "azurerm_app_service" "restricted" {
          name                = "restricted"
          location            = "westeurope"
          resource_group_name = "rg"
          app_service_plan_id = "plan"
          site_config {
            ip_restriction {
              ip_address = "203.0.113.4/32"
            }
          }
        }
    """)
    assert "azurerm_app_service.open" in exposed
    assert "azurerm_app_service.restricted" not in exposed


def test_unknown_access_restrictions_are_reported_as_unknown(tmp_path):
    zones, exposed = network(tmp_path, _PLAN + """
        variable "action" { type = string }
    """ + _app("azurerm_linux_web_app", "app", "ip_restriction_default_action = var.action"))
    assert "azurerm_linux_web_app.app" not in exposed
    assert any("exposure unknown" in r for r in zones["azurerm_linux_web_app.app"].reasons)


# ------------------------------------------------------------------------- GCP serverless functions


def test_cloud_functions_open_to_all_ingress_are_entry_points(tmp_path):
    zones, exposed = network(tmp_path, """
        resource "google_cloudfunctions_function" "http" {
          name         = "http"
          runtime      = "python312"
          trigger_http = true
        }
        resource "google_cloudfunctions_function" "internal" {
          name             = "internal"
          runtime          = "python312"
          trigger_http     = true
          ingress_settings = "ALLOW_INTERNAL_ONLY"
        }
        resource "google_cloudfunctions_function" "events" {
          name    = "events"
          runtime = "python312"
          event_trigger {
            event_type = "google.pubsub.topic.publish"
            resource   = "t"
          }
        }
        resource "google_cloudfunctions2_function" "gen2" {
          name     = "gen2"
          location = "europe-west1"
          service_config { available_memory = "256M" }
        }
        resource "google_cloudfunctions2_function" "gen2_internal" {
          name     = "gen2-internal"
          location = "europe-west1"
          service_config { ingress_settings = "ALLOW_INTERNAL_AND_GCLB" }
        }
        data "google_cloudfunctions2_function" "existing" {
          name     = "existing"
          location = "europe-west1"
        }
    """)
    assert "google_cloudfunctions_function.http" in exposed
    assert "default ALLOW_ALL" in exposed["google_cloudfunctions_function.http"].reason
    assert "google_cloudfunctions2_function.gen2" in exposed
    assert exposed["google_cloudfunctions2_function.gen2"].control is not None   # the invoker IAM decides
    for address in ("google_cloudfunctions_function.internal", "google_cloudfunctions_function.events",
                    "google_cloudfunctions2_function.gen2_internal", "data.google_cloudfunctions2_function.existing"):
        assert address not in exposed
