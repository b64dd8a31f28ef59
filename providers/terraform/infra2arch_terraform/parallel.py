"""Parse a directory's files on every core.

Parsing is the largest single cost of a cold scan of a dense estate (hundreds of files of
hand-written HCL), and files parse independently. Worker processes parse and pickle each tree
(the pickle is what the parse cache stores anyway, so that work is not extra), the scan unpickles
them in file order: output is the same as a serial parse, byte for byte.

A pool is only worth its start-up and the transfer of the trees for about a megabyte of HCL or
more; below that, and whenever a pool cannot be used (one core, threads running in the process,
no fork, a broken worker), the scan parses serially as before. ``INFRA2ARCH_PARSE_WORKERS``
overrides the number of workers (1: never a pool).
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Iterable, NamedTuple

from infra2arch.redact import looks_secret
from infra2arch_terraform import hcl

MIN_BYTES = 1 << 20        # below this much HCL a pool costs more than it saves
MAX_WORKERS = 8


class Parsed(NamedTuple):
    """One file's result: the pickled tree, or the syntax error; and whether the text holds a literal
    secret (then it is never written to the parse cache)."""

    data: bytes | None
    error: tuple[str, int] | None
    secret: bool
    stored: bool = False       # the worker wrote it to the parse cache already
    tree: hcl.Body | None = None   # unpickled as it arrived, while the workers went on parsing

    def body(self, filename: str) -> hcl.Body:
        if self.error is not None:
            raise hcl.HCLSyntaxError(self.error[0], filename, self.error[1])
        if self.tree is not None:
            return self.tree
        return pickle.loads(self.data)  # type: ignore[arg-type]


class Job(NamedTuple):
    key: str
    text: str
    shown: str
    is_json: bool
    cache_path: str | None = None   # where the parse cache keeps this tree: the worker writes it there


def workers() -> int:
    explicit = os.environ.get("INFRA2ARCH_PARSE_WORKERS", "").strip()
    if explicit.isdigit():
        return max(1, min(int(explicit), MAX_WORKERS))
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _parse(job: Job) -> tuple[str, Parsed | None]:
    try:
        body = hcl.parse_json_file(job.text, job.shown) if job.is_json else hcl.parse_file(job.text, job.shown)
    except hcl.HCLSyntaxError as exc:
        return job.key, Parsed(None, (exc.message, exc.line), False)
    except Exception:  # anything else: the scan parses this file itself and reports it as it always does
        return job.key, None
    data = pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)
    secret = looks_secret(job.text)
    stored = not secret and job.cache_path is not None and _store(job.cache_path, data)
    return job.key, Parsed(data, None, secret, stored)


def _store(path: str, data: bytes) -> bool:
    """Write one parse-cache entry the way the scan would (owner-only, atomic); False on failure."""
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        temporary = f"{path}.{os.getpid()}.tmp"
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
            handle.write(data)
        os.replace(temporary, path)
    except OSError:
        return False
    return True


def parse_all(jobs: Iterable[Job]) -> dict[str, Parsed]:
    """Parse results by job key; empty when a pool is not worth it or not possible."""
    jobs = list(jobs)
    count = workers()
    if count < 2 or len(jobs) < 2 * count or sum(len(j.text) for j in jobs) < MIN_BYTES:
        return {}
    if threading.active_count() > 1:
        return {}   # forking a process that runs threads can deadlock the child
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
    except (ImportError, ValueError):
        return {}
    # big files first, so that no worker is left with one large file at the end
    jobs.sort(key=lambda j: -len(j.text))
    results: dict[str, Parsed] = {}
    try:
        with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
            for key, parsed in pool.map(_parse, jobs, chunksize=max(1, len(jobs) // (count * 8))):
                if parsed is not None:
                    # this process would only wait for the workers: it unpickles each tree meanwhile
                    results[key] = parsed if parsed.error is not None else parsed._replace(tree=pickle.loads(parsed.data))
    except Exception:  # a pool that cannot start or a worker that died: parse serially instead
        return {}
    return results
