"""Parse a directory's files on every core.

Parsing is the largest single cost of a cold scan of a dense estate (hundreds of files of
hand-written HCL), and files parse independently. The files are shared out: forked children each
parse a share, pickle each tree (the pickle is what the parse cache stores anyway, so that work is
not extra), write it to the parse cache and send the trees back in one piece, while this process
parses the rest itself; its own trees go to the parse cache later, on the other core (see
``Scan.save_parsed``). Output is the same as a serial parse, byte for byte.

A child's file costs about 1.7 times a file parsed here (pickling, the secret check and the cache
write come on top of parsing), so children get proportionally less. Forking is only worth it for
about a megabyte of HCL or more; below that, and whenever it cannot be used (one core, threads
running in the process, no fork, a child failing), the scan parses serially as before.
``INFRA2ARCH_PARSE_WORKERS`` overrides the number of processes (1: never fork).
"""

from __future__ import annotations

import os
import pickle
from typing import Iterable, NamedTuple

from infra2arch import forking
from infra2arch.redact import looks_secret
from infra2arch_terraform import hcl

MIN_BYTES = 1 << 20        # below this much HCL a fork costs more than it saves
MAX_WORKERS = 8


class Parsed(NamedTuple):
    """One file's result: the pickled tree, or the syntax error; and whether the text holds a literal
    secret (then it is never written to the parse cache)."""

    data: bytes | None
    error: tuple[str, int] | None
    secret: bool
    stored: bool = False       # the child that parsed it wrote it to the parse cache already
    tree: hcl.Body | None = None   # the tree itself (parsed in this process, or unpickled from a child)

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
    cache_path: str | None = None   # where the parse cache keeps this tree: a child writes it there


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
    """In a child: the tree pickled (the parse cache's form, and what goes back), cached unless secret."""
    key, parsed = _parse_here(job)
    if parsed is None or parsed.tree is None:
        return key, parsed
    data = pickle.dumps(parsed.tree, protocol=pickle.HIGHEST_PROTOCOL)
    secret = looks_secret(job.text)
    stored = not secret and job.cache_path is not None and _store(job.cache_path, data)
    return key, Parsed(data, None, secret, stored)


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


CHILD_COST = 1.7          # a file parsed in a child costs this much more than one parsed here


def parse_all(jobs: Iterable[Job]) -> dict[str, Parsed]:
    """Parse results by job key (trees as objects); empty when forking is not worth it or not possible."""
    jobs = list(jobs)
    count = workers()
    if count < 2 or len(jobs) < 2 * count or sum(len(j.text) for j in jobs) < MIN_BYTES:
        return {}
    if not forking.can_fork():
        return {}
    own, shares = _share_out(jobs, count - 1)
    children = [child for child in (_start(share) for share in shares) if child is not None]
    results: dict[str, Parsed] = {}
    for job in own:
        key, parsed = _parse_here(job)
        if parsed is not None:
            results[key] = parsed
    for child in children:
        received = child.result(default=[])   # a child that failed: its files are parsed serially by the scan
        for key, parsed in received:
            if parsed is not None:
                results[key] = parsed if parsed.error is not None else parsed._replace(tree=pickle.loads(parsed.data))
    return results


def _share_out(jobs: list[Job], children: int) -> tuple[list[Job], list[list[Job]]]:
    """Big files first, each to the process that would finish it first (children weigh CHILD_COST)."""
    own: list[Job] = []
    shares: list[list[Job]] = [[] for _ in range(children)]
    loads = [0.0] * (children + 1)        # [this process, child 1, ...]
    for job in sorted(jobs, key=lambda j: -len(j.text)):
        finish = [loads[0] + len(job.text)] + [loads[i] + CHILD_COST * len(job.text) for i in range(1, children + 1)]
        best = finish.index(min(finish))
        loads[best] = finish[best]
        (own if best == 0 else shares[best - 1]).append(job)
    return own, shares


def _parse_here(job: Job) -> tuple[str, Parsed | None]:
    try:
        body = hcl.parse_json_file(job.text, job.shown) if job.is_json else hcl.parse_file(job.text, job.shown)
    except hcl.HCLSyntaxError as exc:
        return job.key, Parsed(None, (exc.message, exc.line), False)
    except Exception:  # anything else: the scan parses this file again and reports it as it always does
        return job.key, None
    return job.key, Parsed(None, None, False, tree=body)


def _start(share: list[Job]) -> forking.Child | None:
    """A child that parses, pickles and caches its share; its result is the list of (key, Parsed)."""
    return forking.start(lambda: [_parse(job) for job in share]) if share else None
