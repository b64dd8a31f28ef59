"""Azure AI Search answers on its public endpoint unless its own settings close it: it is listed among
the exposed workloads like the other PaaS services, and not when IP rules or a closed public network
access leave it to private endpoints."""

from __future__ import annotations

import textwrap
from pathlib import Path

from infra2arch.annotate.model import Zone
from infra2arch.annotate.zones import annotate_network
from infra2arch.graph import build_graph
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

_SEARCH = """
resource "azurerm_search_service" "{name}" {{
  name                = "srch-{name}"
  resource_group_name = "rg"
  location            = "eastus"
  sku                 = "standard"
  {extra}
}}
"""


def network(tmp_path: Path, text: str):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    zones, crossings, exposures = annotate_network(graph)
    return zones, crossings, {e.asset: e for e in exposures}


def test_search_service_open_by_default_is_an_exposure_and_closed_ones_are_not(tmp_path):
    text = "".join(_SEARCH.format(name=name, extra=extra) for name, extra in (
        ("by_default", ""),
        ("enabled", "public_network_access_enabled = true"),
        ("ip_rules", 'allowed_ips = ["203.0.113.10"]'),
        ("private_only", "public_network_access_enabled = false"),
        ("unknown", "public_network_access_enabled = var.public"),
    ))
    zones, crossings, exposed = network(tmp_path, 'variable "public" {}\n' + text)
    default = exposed["azurerm_search_service.by_default"]
    assert default.path == ("synthetic:internet", "azurerm_search_service.by_default")
    assert "provider default" in default.reason and "no network rules" in default.reason
    # nothing but authentication stands in front of it, as for the other PaaS endpoints
    assert default.control and "authentication only" in default.control
    assert "azurerm_search_service.enabled" in exposed
    for closed in ("ip_rules", "private_only", "unknown"):
        address = f"azurerm_search_service.{closed}"
        assert address not in exposed, exposed[address]
        assert zones[address].zone == Zone.DATA
    assert any("exposure unknown" in r for r in zones["azurerm_search_service.unknown"].reasons)
    # the internet -> search crossing is recorded for the exposed ones only
    reached = {c.dst for c in crossings if c.src == "synthetic:internet"}
    assert {"azurerm_search_service.by_default", "azurerm_search_service.enabled"} <= reached
    assert "azurerm_search_service.ip_rules" not in reached
