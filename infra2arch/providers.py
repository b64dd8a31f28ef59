"""Adapter discovery: each adapter is an installable plugin in the entry-point group
``infra2arch.providers``. The core imports no cloud SDK; a missing adapter is one clear line."""

from __future__ import annotations

from importlib import metadata
from typing import Any, Protocol

from infra2arch.errors import MissingComponent
from infra2arch.model import Inventory

GROUP = "infra2arch.providers"
_INSTALL_HINT = {
    "terraform": "pip install ./providers/terraform",
    "aws": "pip install ./providers/aws",
    "gcp": "pip install ./providers/gcp",
    "azure": "pip install ./providers/azure",
}


class Provider(Protocol):
    name: str

    def scan(self, target: str, options: Any = None) -> Inventory: ...


def available() -> dict[str, metadata.EntryPoint]:
    return {entry.name: entry for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name)}


def load(name: str) -> Provider:
    entry = available().get(name)
    if entry is None:
        hint = _INSTALL_HINT.get(name, f"install the infra2arch-{name} adapter")
        raise MissingComponent(f"the {name!r} adapter is not installed: {hint}")
    try:
        factory = entry.load()
    except ImportError as exc:
        raise MissingComponent(f"the {name!r} adapter cannot be loaded ({exc}); reinstall it: "
                               f"{_INSTALL_HINT.get(name, 'pip install infra2arch-' + name)}") from None
    return factory()
