"""The scan's two caches, both keyed by content so that a stale entry is never used:

* the parse cache: one parsed tree per file, by the sha256 of its text (and the parser version);
* the result cache: the whole inventory of a scan, valid while every file the scan read (and every
  directory it listed) has the same content, for the same options and the same code.

Entries are owner-only and written atomically; a cache that cannot be read or written only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from infra2arch import __version__ as core_version
from infra2arch.model import Inventory
from infra2arch.output_cache import cache_root, code_fingerprint
from infra2arch_terraform import hcl
from infra2arch_terraform.limits import resolve_read_root

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.adapter import Scan
    from infra2arch_terraform.options import TerraformOptions

PARSER_VERSION = "1"
_FINGERPRINT: str | None = None


def hash_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


def listing(path: Path, recursive: bool) -> list[str]:
    try:
        if recursive:
            return sorted(str(p.relative_to(path)) for p in path.rglob("*"))
        return sorted(os.listdir(path))
    except OSError:
        return []


def parse_key(shown: str, text: str) -> str:
    """The parse cache's key: parser version, the name (it is in error messages) and the content."""
    return hashlib.sha256(f"{PARSER_VERSION}\0{shown}\0{shown.endswith('.json')}\0".encode() + text.encode()).hexdigest()


def default_cache_dir() -> Path:
    return cache_root()


def private_dir(path: Path) -> None:
    """Cache directories are readable by their owner only (like Terraform's own .terraform)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


class ParseCache:
    """Parsed files keyed by the sha256 of their content (and the parser version)."""

    def __init__(self, directory: Path | None):
        self.directory = (directory or default_cache_dir()) / "parse"

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> hcl.Body | None:
        try:
            with open(self.path(key), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, body: hcl.Body, data: bytes | None = None) -> None:
        path = self.path(key)
        try:
            private_dir(path.parent)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                handle.write(data if data is not None else pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


class ResultCache:
    """Whole-scan results, valid while every file the scan read (and every directory it listed)
    still has the same content. Keyed by root, options and tool versions."""

    def __init__(self, directory: Path | None):
        self.directory = (directory or default_cache_dir()) / "scans"

    def key(self, root: Path, options: "TerraformOptions") -> str:
        variables = []
        for kind, item in options.variables:
            if kind == "file":
                path = Path(item) if Path(item).is_absolute() else Path.cwd() / item
                variables.append((kind, str(path), hash_file(path)))
            else:
                variables.append((kind, item, ""))
        tf_env = sorted((k, v) for k, v in options.environment.items() if k.startswith("TF_VAR_"))
        material = json.dumps([str(root.resolve()), variables, options.workspace, tf_env, core_version,
                               PARSER_VERSION, package_fingerprint(), str(resolve_read_root(root, options.read_root)),
                               options.max_instances], sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def fingerprint(self, key: str) -> str | None:
        """A digest of every input of the cached scan when they are all unchanged, else None.
        Reads only the small manifest, not the cached inventory."""
        try:
            with open(self.directory / f"{key}.manifest", "rb") as handle:
                manifest, listed = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None
        for file, digest in manifest.items():
            if hash_file(Path(file)) != digest:
                return None
        for directory, names in listed.items():
            current = Path(directory)
            tf_names = sorted(n for n in listing(current, False) if n.endswith((".tf", ".tf.json")) and not n.startswith("."))
            if names != tf_names and names != listing(current, True):
                return None
        material = json.dumps([key, sorted(manifest.items()), sorted(listed.items())], sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, key: str) -> Inventory | None:
        if self.fingerprint(key) is None:
            return None
        try:
            with open(self.directory / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def put(self, key: str, scan: "Scan", inventory: Inventory) -> None:
        # the inventory first, then the manifest that makes it valid
        for name, value in ((f"{key}.pickle", inventory), (f"{key}.manifest", (scan.read_files, scan.listed_dirs))):
            path = self.directory / name
            try:
                private_dir(path.parent)
                temporary = path.with_name(f"{name}.{os.getpid()}.tmp")
                with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, path)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                return


def package_fingerprint() -> str:
    """Changes whenever the adapter's or the core's code or data changes, so stale results are never reused."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = code_fingerprint(Path(__file__).parent, Path(sys.modules["infra2arch"].__file__).parent)
    return _FINGERPRINT
