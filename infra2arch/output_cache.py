"""The output cache: when nothing a scan read has changed, graph.json and the summary are the same
bytes as last time, so a repeated scan costs a hash check instead of a rebuild.

The key joins the adapter's fingerprint of its inputs (which covers the adapter's and the core's code)
with everything else that changes the output: the target as typed (it is the map title), the project
file, price and usage files, and today's date (waiver expiry depends on it). Entries are owner-only
and hold only redacted data (the inventory was redacted before the graph was built).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from infra2arch import forking
from infra2arch.config import CONFIG_NAMES
from infra2arch.providers import ScanRequest


def cache_root() -> Path:
    """``$INFRA2ARCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/infra2arch``, else ``~/.cache/infra2arch``."""
    explicit = os.environ.get("INFRA2ARCH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "infra2arch"


def code_fingerprint(*packages: Path) -> str:
    """Changes whenever a file of these package directories changes (code or bundled data such as the
    price book), so results made by older code are never reused."""
    digest = hashlib.sha256()
    for package in packages:
        for path in sorted(package.rglob("*")):
            if "__pycache__" in path.parts or not path.is_file() or path.suffix in (".pyc", ".tmp"):
                continue
            stat = path.stat()
            digest.update(f"{package.name}/{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _directory() -> Path:
    return cache_root() / "outputs"


def file_digest(path: str | os.PathLike) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return "absent"


def key(fingerprint: str, request: ScanRequest, annotation: Any) -> str:
    material = [fingerprint, request.target, request.title, datetime.date.today().isoformat()]
    for name in ("config", "prices", "usage"):
        value = getattr(annotation, name, None)
        material.append(file_digest(value) if value else "")
    if request.config_dir:
        for name in CONFIG_NAMES:  # the project file found in the scanned directory
            material.append(file_digest(Path(request.config_dir) / name))
    return hashlib.sha256("\0".join(material).encode()).hexdigest()


def store(entry_key: str, graph: Any, annotations: Any, written: list[Path]) -> None:
    from infra2arch.annotate.model import Severity
    from infra2arch.annotate.pipeline import failing
    from infra2arch.render import graph_json
    from infra2arch.summary import summary_body

    json_path = next((p for p in written if p.name == "graph.json"), None)
    data = json_path.read_bytes() if json_path else graph_json.dumps(graph, annotations=annotations).encode("utf-8")
    entry = {
        "json": data,
        "scanned": dict(graph.scanned),
        "modules": sum(1 for m in graph.modules if m.loaded),
        "summary": {False: summary_body(graph, False, annotations), True: summary_body(graph, True, annotations)},
        "failing": {s.value: sorted({f.rule_id for f in failing(annotations, s)}) for s in Severity}
        if annotations else {},
    }
    path = _directory() / f"{entry_key}.pickle"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def store_detached(entry_key: str, graph: Any, annotations: Any, written: list[Path]) -> None:
    """:func:`store` in a detached process: the scan returns (and the command exits) while the entry is
    written. A lock file held until the entry is in place makes :func:`load` wait for it, so a scan
    started meanwhile replays it rather than missing it. In line where that is not possible."""
    try:
        import fcntl
    except ImportError:   # not POSIX
        store(entry_key, graph, annotations, written)
        return
    lock: list[int] = []

    def take_lock() -> None:   # here, before the fork: no reader can come first; the writer keeps it
        _directory().mkdir(parents=True, exist_ok=True, mode=0o700)
        lock.append(os.open(_directory() / f"{entry_key}.lock", os.O_WRONLY | os.O_CREAT, 0o600))
        fcntl.flock(lock[0], fcntl.LOCK_EX)

    try:
        detached = forking.detach(lambda: store(entry_key, graph, annotations, written), before=take_lock)
    except OSError:
        detached = False
    for descriptor in lock:
        os.close(descriptor)   # the writer's copy of the descriptor holds the lock until it is done
    if not detached:
        store(entry_key, graph, annotations, written)


def load(entry_key: str) -> dict | None:
    _wait_for_writer(entry_key)
    try:
        with open(_directory() / f"{entry_key}.pickle", "rb") as handle:
            entry = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        return None
    return entry if isinstance(entry, dict) and entry.get("json") is not None else None


def _wait_for_writer(entry_key: str) -> None:
    """Block while :func:`store_detached` is still writing this entry."""
    try:
        import fcntl

        lock = os.open(_directory() / f"{entry_key}.lock", os.O_RDONLY)
    except (ImportError, OSError):
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_SH)
    except OSError:
        pass
    finally:
        os.close(lock)
