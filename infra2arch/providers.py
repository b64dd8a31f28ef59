"""Adapter discovery: each adapter is an installable plugin in the entry-point group
``infra2arch.providers``. The core imports no cloud SDK; a missing adapter is one clear line.

An adapter describes its own command-line options, turns them into a :class:`ScanRequest`, scans,
and (optionally) fingerprints its inputs for the output cache. The pipeline (``infra2arch.pipeline``)
does everything after the inventory, the same way for every source, so a new source is a new
adapter and nothing else. The class an entry point names must be cheap to import: the CLI loads every
installed adapter to build ``infra2arch scan --help``; cloud SDKs are imported inside ``scan``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Callable, Protocol

from infra2arch.errors import MissingComponent
from infra2arch.model import Inventory

GROUP = "infra2arch.providers"
_INSTALL_HINT = {
    "terraform": "pip install ./providers/terraform",
    "aws": "pip install ./providers/aws",
    "gcp": "pip install ./providers/gcp",
    "azure": "pip install ./providers/azure",
}

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ScanRequest:
    target: str                     # what the adapter scans: a directory, or a label such as "aws"
    options: Any                    # the adapter's own frozen options
    title: str                      # what the user scanned, as typed (map titles, the summary)
    config_dir: str | None = None   # where infra2arch.yaml is looked up (None: only --config)


class Provider(Protocol):
    name: str
    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def request(self, args: argparse.Namespace, progress: Progress | None) -> ScanRequest: ...

    def scan(self, target: str, options: Any = None) -> Inventory: ...


def fingerprint(provider: Provider, request: ScanRequest) -> str | None:
    """The adapter's digest of everything the scan would read, when it can tell cheaply; None: no cache."""
    method = getattr(provider, "fingerprint", None)
    return method(request) if callable(method) else None


def known_names() -> tuple[str, ...]:
    """The adapters the project documents, installed or not."""
    return tuple(_INSTALL_HINT)


def install_hint(name: str) -> str:
    return _INSTALL_HINT.get(name, f"install the infra2arch-{name} adapter")


def available() -> dict[str, metadata.EntryPoint]:
    return {entry.name: entry for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name)}


def load(name: str) -> Provider:
    entry = available().get(name)
    if entry is None:
        hint = install_hint(name)
        raise MissingComponent(f"the {name!r} adapter is not installed: {hint}")
    try:
        factory = entry.load()
    except ImportError as exc:
        raise MissingComponent(f"the {name!r} adapter cannot be loaded ({exc}); reinstall it: "
                               f"{_INSTALL_HINT.get(name, 'pip install infra2arch-' + name)}") from None
    return factory()


def load_all() -> tuple[dict[str, Provider], dict[str, str]]:
    """Every installed adapter that loads, and for the others why not (shown by ``infra2arch providers``)."""
    loaded: dict[str, Provider] = {}
    broken: dict[str, str] = {}
    for name in available():
        try:
            loaded[name] = load(name)
        except MissingComponent as exc:
            broken[name] = str(exc)
    return loaded, broken
