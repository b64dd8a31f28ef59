"""Cache writes on the other core: a forked child writes while the scan goes on.

Writing the caches (pickling a 10,000-resource inventory is ~0.25 s) is work whose result only the
next scan reads. A child process forked at that point shares everything it needs without copying it,
writes, and exits; the scan meanwhile builds the graph and runs the annotators. :func:`wait` (called
by the pipeline before a scan returns, and at exit) makes sure every write has finished, so the next
scan finds the cache exactly as if it had been written in line.

Writes are atomic (temporary file, then rename) and a failed write only costs time, so a child that
fails changes nothing but speed. Whenever a fork is not possible or not safe (no fork, threads
running), the write runs in line.
"""

from __future__ import annotations

import atexit
import os
from typing import Any, Callable

from infra2arch import forking

_pending: list[int] = []


def run(write: Callable[..., Any], *args: Any) -> None:
    """``write(*args)`` in a forked child (in line when forking is not safe)."""
    pid = forking.spawn(lambda: write(*args))
    if pid is None:
        write(*args)
    else:
        _pending.append(pid)


def wait() -> None:
    """Wait for every write started by :func:`run`."""
    while _pending:
        pid = _pending.pop()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


atexit.register(wait)
