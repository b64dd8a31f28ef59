"""Catalog records for the parts of Azure Front Door (Standard/Premium) and classic Azure CDN
(hashicorp/azurerm 3.x/4.x).

Endpoints, origin groups, origins, routes, rules, custom domains and security policies fold into the
Front Door profile (the node in catalog/azurerm/network.py). An origin whose host_name is a web app's
or API's hostname draws profile --invokes--> that backend; a Private Link origin also names its
target. The WAF policy folds into the security policy that attaches it, so into the profile.
"""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape
from infra2arch.model import Relation


def _part(tf_type: str, label: str, parent: str, category: Category = Category.NETWORK_CDN, **extra) -> Kind:
    return Kind(tf_type, category, label, shape=Shape.FOLD, parent=parent, free=True, **extra)


KINDS: tuple[Kind, ...] = (
    # --- Front Door Standard/Premium -------------------------------------------------------------
    _part("azurerm_cdn_frontdoor_endpoint", "Front Door endpoint", "cdn_frontdoor_profile_id",
          defaults={"enabled": True}, live=("Microsoft.Cdn:profiles/afdEndpoints",)),
    _part("azurerm_cdn_frontdoor_origin_group", "Front Door origin group", "cdn_frontdoor_profile_id",
          live=("Microsoft.Cdn:profiles/originGroups",)),
    _part("azurerm_cdn_frontdoor_origin", "Front Door origin", "cdn_frontdoor_origin_group_id",
          refs={"host_name": Relation.INVOKES, "origin_host_header": Relation.INVOKES,
                "private_link.private_link_target_id": Relation.NETWORK},
          defaults={"enabled": True}, live=("Microsoft.Cdn:profiles/originGroups/origins",)),
    _part("azurerm_cdn_frontdoor_route", "Front Door route", "cdn_frontdoor_endpoint_id",
          refs={"cdn_frontdoor_origin_group_id": Relation.INVOKES, "cdn_frontdoor_origin_ids": Relation.INVOKES,
                "cdn_frontdoor_custom_domain_ids": Relation.DEPENDS, "cdn_frontdoor_rule_set_ids": Relation.DEPENDS},
          defaults={"https_redirect_enabled": True, "forwarding_protocol": "MatchRequest",
                    "link_to_default_domain": True, "enabled": True},
          live=("Microsoft.Cdn:profiles/afdEndpoints/routes",)),
    _part("azurerm_cdn_frontdoor_rule_set", "Front Door rule set", "cdn_frontdoor_profile_id",
          live=("Microsoft.Cdn:profiles/ruleSets",)),
    _part("azurerm_cdn_frontdoor_rule", "Front Door rule", "cdn_frontdoor_rule_set_id",
          refs={"actions.route_configuration_override_action.cdn_frontdoor_origin_group_id": Relation.INVOKES}),
    _part("azurerm_cdn_frontdoor_custom_domain", "Front Door custom domain", "cdn_frontdoor_profile_id",
          Category.NETWORK_DNS, refs={"dns_zone_id": Relation.NETWORK, "tls.cdn_frontdoor_secret_id": Relation.DATA},
          live=("Microsoft.Cdn:profiles/customDomains",)),
    _part("azurerm_cdn_frontdoor_custom_domain_association", "Front Door custom domain association",
          "cdn_frontdoor_custom_domain_id", Category.NETWORK_DNS, refs={"cdn_frontdoor_route_ids": Relation.DEPENDS},
          name_attr=None),
    _part("azurerm_cdn_frontdoor_secret", "Front Door certificate secret", "cdn_frontdoor_profile_id",
          Category.SECURITY_SECRET,
          refs={"secret.customer_certificate.key_vault_certificate_id": Relation.DATA}),
    _part("azurerm_cdn_frontdoor_security_policy", "Front Door security policy", "cdn_frontdoor_profile_id",
          Category.NETWORK_FIREWALL,
          refs={"security_policies.firewall.cdn_frontdoor_firewall_policy_id": Relation.NETWORK,
                "security_policies.firewall.association.domain.cdn_frontdoor_domain_id": Relation.DEPENDS},
          live=("Microsoft.Cdn:profiles/securityPolicies",)),
    Kind(
        "azurerm_cdn_frontdoor_firewall_policy",
        Category.NETWORK_FIREWALL,
        label="Front Door WAF policy",
        icon="diagrams.azure.networking.WebApplicationFirewallPolicieswaf",
        placement=("resource_group_name",),
        target_relation=Relation.NETWORK,
        defaults={"enabled": True, "request_body_check_enabled": True},
        live=("Microsoft.Network:FrontDoorWebApplicationFirewallPolicies",),
        owned_by=("azurerm_cdn_frontdoor_security_policy.security_policies.firewall.cdn_frontdoor_firewall_policy_id",),
    ),
    # --- classic Azure CDN (Microsoft / Verizon / Akamai SKUs) -----------------------------------------
    Kind(
        "azurerm_cdn_profile",
        Category.NETWORK_CDN,
        label="CDN profile (classic)",
        icon="diagrams.azure.network.CDNProfiles",
        placement=("resource_group_name",),
        target_relation=Relation.INVOKES,
    ),
    _part("azurerm_cdn_endpoint", "CDN endpoint (classic)", "profile_name",
          refs={"origin.host_name": Relation.INVOKES, "origin_host_header": Relation.INVOKES},
          defaults={"is_http_allowed": True, "is_https_allowed": True},
          live=("Microsoft.Cdn:profiles/endpoints",)),
)
