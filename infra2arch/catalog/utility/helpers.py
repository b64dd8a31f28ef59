"""Utility resources that create no cloud infrastructure: listed in the graph, never drawn."""

from __future__ import annotations

from infra2arch.catalog.kind import Category, Kind, Shape

_TYPES = (
    "random_id", "random_string", "random_password", "random_pet", "random_integer", "random_uuid",
    "random_shuffle", "null_resource", "null_data_source", "terraform_data", "terraform_remote_state",
    "time_sleep", "time_static", "time_rotating", "time_offset", "tls_private_key", "tls_self_signed_cert",
    "tls_cert_request", "tls_locally_signed_cert", "tls_certificate", "local_file", "local_sensitive_file",
    "archive_file", "external", "http", "cloudinit_config", "template_file",
)

KINDS = tuple(Kind(t, Category.OTHER, t.replace("_", " "), shape=Shape.HIDDEN, name_attr=None, free=True)
              for t in _TYPES)
