"""The catalog: one record per Terraform type (see kind.py), collected from catalog/<cloud>/<service>.py.

Each service module defines ``KINDS: tuple[Kind, ...]``. Outside plugins may add records through the
entry-point group ``infra2arch.catalog`` (an object or callable giving an iterable of Kind).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from importlib import metadata
from typing import Iterable, Mapping

from infra2arch.catalog.kind import Category, Kind, Shape

__all__ = ["Category", "Kind", "Shape", "kind", "all_kinds", "cloud_of", "is_utility", "UTILITY_PROVIDERS"]

# Providers that create no cloud infrastructure: their resources and data sources are helpers
# (names, passwords, waits, files, templates, telemetry), never drawn and never an edge end on a
# map. Any type of these providers is a utility, with or without a record of its own.
UTILITY_PROVIDERS = frozenset({
    "random", "time", "null", "terraform", "local", "tls", "http", "external", "azurecaf", "archive",
    "cloudinit", "template", "modtm", "assert", "pkcs12", "jq", "utils", "corefunc", "namep", "validation",
    "context", "tfcoremock", "dotenv", "sops", "shell",
})

_CLOUD_PACKAGES = ("aws", "google", "azurerm", "utility")


class CatalogError(Exception):
    pass


def _iter_builtin() -> Iterable[Kind]:
    for cloud in _CLOUD_PACKAGES:
        package = importlib.import_module(f"{__name__}.{cloud}")
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            yield from getattr(module, "KINDS", ())


def _iter_plugins() -> Iterable[Kind]:
    for entry in sorted(metadata.entry_points(group="infra2arch.catalog"), key=lambda e: e.name):
        loaded = entry.load()
        yield from (loaded() if callable(loaded) else loaded)


@lru_cache(maxsize=1)
def all_kinds() -> Mapping[str, Kind]:
    registry: dict[str, Kind] = {}
    for record in (*_iter_builtin(), *_iter_plugins()):
        if record.tf_type in registry:
            raise CatalogError(f"duplicate catalog record for {record.tf_type}")
        registry[record.tf_type] = record
    return dict(sorted(registry.items()))


@lru_cache(maxsize=None)   # ~300,000 calls in a 10,000-resource scan, over a few hundred types
def kind(tf_type: str) -> Kind | None:
    """The record for a Terraform type, or None when the catalog has none."""
    record = all_kinds().get(tf_type)
    if record is None and is_utility(tf_type):
        return _utility_record(tf_type)
    return record


def is_utility(tf_type: str) -> bool:
    """True for a type of a provider that creates no cloud infrastructure (random_pet, azurecaf_name)."""
    return tf_type.split("_", 1)[0] in UTILITY_PROVIDERS


@lru_cache(maxsize=None)
def _utility_record(tf_type: str) -> Kind:
    return Kind(tf_type, Category.OTHER, tf_type.replace("_", " "), shape=Shape.HIDDEN, name_attr=None, free=True)


def cloud_of(tf_type: str) -> str:
    """The provider prefix of a type: aws_s3_bucket -> aws, google_x -> google, azurerm_x -> azurerm."""
    return tf_type.split("_", 1)[0]
