"""Is an App Service app (web app, function app) reachable from the internet by its own settings?

An app answers on ``<name>.azurewebsites.net`` from anywhere unless one of these holds:

- ``public_network_access_enabled = false`` (azurerm 3.x/4.x apps; provider default true);
- access restrictions deny what they do not match: in azurerm >= 3.95 that takes
  ``site_config.ip_restriction_default_action = "Deny"`` (the provider default is Allow, which leaves
  every ``ip_restriction`` rule without effect: hashicorp/terraform-provider-azurerm#25244); the
  legacy ``azurerm_app_service`` / ``azurerm_function_app`` have no such setting, and there Azure adds
  an implicit "deny all" once any rule exists.

VNet integration (``virtual_network_subnet_id``) routes the app's *outbound* traffic through a
subnet and restricts nothing inbound; a private endpoint adds a private path but, with azurerm
sending ``publicNetworkAccess = Enabled``, does not close the public one. Both are named in the
reason so a reader does not take them for a restriction.
"""

from __future__ import annotations

from typing import Any, Iterable, Protocol

from infra2arch.model import Resource, Unknown

# apps whose public network access and default action azurerm manages (3.x and 4.x)
_CURRENT = frozenset({"azurerm_linux_web_app", "azurerm_windows_web_app", "azurerm_linux_function_app",
                      "azurerm_windows_function_app"})
# removed in azurerm 4.0: no public_network_access_enabled, no default action (implicit deny once a rule exists)
_LEGACY = frozenset({"azurerm_app_service", "azurerm_function_app"})
APP_SERVICE_APPS = _CURRENT | _LEGACY

# sources that admit anyone (ip_address or service_tag)
_ANYONE = frozenset({"0.0.0.0/0", "::/0", "*", "any", "internet", "0.0.0.0/0,::/0"})


class _Settings(Protocol):
    data_source: bool
    notes: list[str]

    def absent_or(self, attrs: Any, key: str, *values: Any) -> tuple[bool, bool]: ...


def _first(value: Any) -> dict:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


def _rules(site_config: dict, key: str = "ip_restriction") -> list[Any]:
    rules = site_config.get(key)
    if isinstance(rules, Unknown):
        return [rules]
    return [r for r in rules if r is not None] if isinstance(rules, list) else []


def _admits_anyone(rule: dict) -> bool | None:
    """Does this allow rule admit any internet address? None when not known."""
    if str(rule.get("action") or "Allow").lower() != "allow":
        return False
    values = [rule.get("ip_address"), rule.get("service_tag")]
    if any(isinstance(v, Unknown) for v in values):
        return None
    return any(isinstance(v, str) and v.strip().lower() in _ANYONE for v in values)


def web_app_signals(resource: Resource, private_endpoints: Iterable[str], settings: _Settings) -> list[str]:
    """Reasons the app is reachable from the internet (empty when its settings close it, or when
    they are not known: then ``settings.notes`` says why)."""
    attrs = resource.attrs
    legacy = resource.type in _LEGACY
    if not legacy:
        hit, default = settings.absent_or(attrs, "public_network_access_enabled", True)
        if not hit:
            return []
        state = "public network access" + (" (provider default true)" if default else " enabled")
    else:
        state = "public endpoint (azurerm_app_service has no public network access setting)"
    site_config = attrs.get("site_config")
    if isinstance(site_config, Unknown):
        settings.notes.append(f"site_config = unknown ({site_config.reason or 'not known from the input'}): "
                              "access restrictions unknown")
        return []
    config = _first(site_config)
    rules = _rules(config)
    if any(isinstance(r, Unknown) for r in rules):
        settings.notes.append("site_config.ip_restriction not known from the input: access restrictions unknown")
        return []
    rules = [r for r in rules if isinstance(r, dict)]
    if settings.data_source and not rules:
        settings.notes.append("site_config.ip_restriction not in the code (data source: the existing app's "
                              "access restrictions are not read): exposure unknown")
        return []
    opened = [_admits_anyone(r) for r in rules]
    if None in opened:
        settings.notes.append("an ip_restriction source is not known from the input: exposure unknown")
        return []
    if legacy:
        if rules and not any(opened):
            return []   # any rule makes Azure deny what no rule allows
        restriction = ("no ip_restriction rules" if not rules else "an ip_restriction rule allows any address")
    else:
        action = config.get("ip_restriction_default_action")
        if isinstance(action, Unknown):
            settings.notes.append(f"site_config.ip_restriction_default_action = unknown "
                                  f"({action.reason or 'not known from the input'}): exposure unknown")
            return []
        if action is None and settings.data_source:
            settings.notes.append("site_config.ip_restriction_default_action not in the code (data source): "
                                  "exposure unknown")
            return []
        if str(action).lower() == "deny" and not any(opened):
            return []
        if str(action).lower() == "deny":
            restriction = "an ip_restriction rule allows any address"
        elif rules:
            restriction = ("ip_restriction rules without effect: unmatched traffic is allowed ("
                           + ("ip_restriction_default_action provider default Allow" if action is None
                              else "ip_restriction_default_action = Allow") + ")")
        else:
            restriction = "no access restrictions"
    reason = f"{state}, {restriction}"
    if attrs.get("virtual_network_subnet_id") not in (None, ""):
        reason += "; VNet integration carries outbound traffic only"
    endpoints = sorted(set(private_endpoints))
    if endpoints:
        reason += f"; private endpoint {', '.join(endpoints)} does not close the public endpoint"
    return [reason]


# ------------------------------------------------------------------------------- the SCM (Kudu) site
# ``<name>.scm.azurewebsites.net`` deploys code and opens a console. Its access restrictions are its
# own (``site_config.scm_ip_restriction`` and, in azurerm >= 3.95, ``scm_ip_restriction_default_action``,
# provider default Allow) unless ``scm_use_main_ip_restriction = true`` (default false) makes it use
# the main site's; ``public_network_access_enabled = false`` closes both sites.


def scm_site_access(resource: Resource) -> tuple[bool | None, str, str, bool]:
    """(is the SCM site open to any internet address (None: not known), evidence, the attribute the
    answer rests on, whether a provider default decided it)."""
    attrs = resource.attrs
    legacy = resource.type in _LEGACY
    defaults: list[str] = []
    if not legacy:
        public = attrs.get("public_network_access_enabled")
        if isinstance(public, Unknown):
            return None, f"public_network_access_enabled = unknown ({public.reason or 'not known'})", \
                "public_network_access_enabled", False
        if public is False or str(public).lower() == "false":
            return False, "public_network_access_enabled = false (closes the SCM site too)", \
                "public_network_access_enabled", False
        if public is None:
            defaults.append("public_network_access_enabled not set: provider default true")
    site_config = attrs.get("site_config")
    if isinstance(site_config, Unknown):
        return None, "site_config = unknown: SCM access restrictions not known", "site_config", False
    config = _first(site_config)
    use_main = config.get("scm_use_main_ip_restriction")
    if isinstance(use_main, Unknown):
        return None, "site_config.scm_use_main_ip_restriction = unknown", "site_config.scm_use_main_ip_restriction", False
    main = use_main is True or str(use_main).lower() == "true"
    key, action_key = ("ip_restriction", "ip_restriction_default_action") if main else \
        ("scm_ip_restriction", "scm_ip_restriction_default_action")
    where = "the main site's ip_restriction (scm_use_main_ip_restriction = true)" if main else "scm_ip_restriction"
    rules = _rules(config, key)
    if any(isinstance(r, Unknown) for r in rules):
        return None, f"site_config.{key} not known from the input", f"site_config.{key}", False
    rules = [r for r in rules if isinstance(r, dict)]
    opened = [_admits_anyone(r) for r in rules]
    if None in opened:
        return None, f"a site_config.{key} source is not known from the input", f"site_config.{key}", False
    named = [str(r.get("name") or r.get("ip_address") or r.get("service_tag")) for r, o in zip(rules, opened) if o]
    sources = ", ".join(str(r.get("ip_address") or r.get("service_tag") or r.get("virtual_network_subnet_id"))
                        for r in rules[:3]) + (f" +{len(rules) - 3}" if len(rules) > 3 else "")
    prefix = "; ".join(defaults + [""]) if defaults else ""
    if legacy:
        if rules and not any(opened):
            return False, f"{where} allows only {sources} (Azure denies what no rule allows)", f"site_config.{key}", False
        why = f"rule {named[0]} allows any address" if named else f"no {where} rules"
        return True, f"{prefix}{why}: the SCM site answers any address", f"site_config.{key}", bool(defaults)
    action = config.get(action_key)
    if isinstance(action, Unknown):
        return None, f"site_config.{action_key} = unknown", f"site_config.{action_key}", False
    deny = str(action).lower() == "deny"
    if deny and not any(opened):
        return False, (f"site_config.{action_key} = Deny; {where} allows only {sources or 'nothing'}"),\
            f"site_config.{action_key}", False
    if deny:
        return True, f"{prefix}{where} rule {named[0]} allows any address", f"site_config.{key}", bool(defaults)
    unmatched = (f"site_config.{action_key} not set: provider default Allow" if action is None
                 else f"site_config.{action_key} = {action}")
    effect = (f"{len(rules)} {where} rule{'s' if len(rules) != 1 else ''} without effect" if rules
              else f"no {where} rules")
    return True, f"{prefix}{unmatched}, {effect}: the SCM site answers any address", f"site_config.{action_key}", \
        bool(defaults) or action is None
