"""The graph's part of graph.json, encoded in a forked process while the annotators run.

graph.json is one JSON object with sorted keys. Everything in it but ``annotations`` depends on the
graph alone, and encoding that (resources, edges, containment, gaps …: most of the ~30 MB of a
10,000-resource estate) is the writer's largest cost. Right after the graph is built, a child
process (fork: it shares the graph without copying it) encodes each of those top-level values;
the scan meanwhile runs the annotators on the other core, then encodes the annotations and joins
the pieces. ``{"a":A,"b":B}`` written by json.dumps with sorted keys and compact separators is
exactly ``"{" + '"a":' + A + "," + '"b":' + B + "}"``, so the bytes are those of a serial dump.

Whenever a fork is not possible or not safe (no fork, threads running, the child failing), the
caller encodes serially as before.
"""

from __future__ import annotations

import json
import marshal
import os
import threading
from typing import Any, Callable

_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def compact(value: Any) -> str:
    return _ENCODE(value)


def join(parts: dict[str, str]) -> str:
    """The compact JSON object whose top-level values are the given encoded texts."""
    return "{" + ",".join(f"{compact(key)}:{parts[key]}" for key in sorted(parts)) + "}\n"


class Pending:
    """A child process encoding; :meth:`parts` waits for it (None when it failed)."""

    def __init__(self, pid: int, fd: int):
        self.pid = pid
        self.fd = fd
        self.done = False

    def parts(self) -> dict[str, str] | None:
        if self.done:
            return None
        self.done = True
        chunks = []
        try:
            with os.fdopen(self.fd, "rb") as pipe:   # read all before waiting: the child blocks on a full pipe
                while True:
                    chunk = pipe.read(1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
        except OSError:
            chunks = []
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return None
        try:
            parts = marshal.loads(b"".join(chunks))
        except (ValueError, EOFError, TypeError):
            return None
        return parts if isinstance(parts, dict) else None

    def cancel(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            os.close(self.fd)
        except OSError:
            pass
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except (OSError, ChildProcessError):
            pass


def start(encode: Callable[[], dict[str, Any]]) -> Pending | None:
    """Run ``encode`` (returning the top-level values) in a child that encodes each of them."""
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None   # forking a process that runs threads can deadlock the child
    try:
        read_fd, write_fd = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:   # the child: encode, send, and leave without running the parent's exit handlers
        code = 1
        try:
            os.close(read_fd)
            payload = marshal.dumps({key: compact(value) for key, value in encode().items()})
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(payload)
            code = 0
        except BaseException:  # noqa: BLE001 - whatever happens, the parent encodes serially
            pass
        finally:
            os._exit(code)
    os.close(write_fd)
    return Pending(pid, read_fd)
