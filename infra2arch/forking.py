"""Work on the other core by forking: the one place for the rules every use follows.

A scan holds its data in this process; a forked child shares all of it without copying (parse the
other half of the files, encode graph.json while the annotators run, write the caches). Every use
follows the same rules, kept here:

* fork only when it is safe: a process running threads can deadlock its child, and some platforms
  have no fork; callers then do the work in line (only slower);
* a child never returns into the caller's code: it leaves with ``os._exit`` (no exit handlers, no
  flushing of this process's buffers) and writes nothing to the terminal;
* a result comes back through a pipe that is read to the end before the child is waited for (a child
  blocks on a full pipe); a child that fails, for any reason, gives no result, never a wrong one.
"""

from __future__ import annotations

import os
import pickle
import threading
from typing import Any, Callable

_FAILED = object()


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Child:
    """A forked child computing one value; :meth:`result` waits for it."""

    def __init__(self, pid: int, fd: int, loads: Callable[[bytes], Any]):
        self.pid = pid
        self.fd = fd
        self.done = False
        self._loads = loads

    def result(self, default: Any = None) -> Any:
        """The child's value, or ``default`` when it failed (or was already collected or cancelled)."""
        if self.done:
            return default
        self.done = True
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                data = pipe.read()
        except OSError:
            data = b""
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return default
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not data:
            return default
        try:
            return self._loads(data)
        except Exception:  # a truncated or foreign result: none
            return default

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


def start(compute: Callable[[], Any], dumps: Callable[[Any], bytes] | None = None,
          loads: Callable[[bytes], Any] = pickle.loads, kind: type[Child] = Child) -> Child | None:
    """Run ``compute()`` in a forked child (a ``kind``, to collect it with); None when forking is not
    safe or not possible."""
    if not can_fork():
        return None
    encode = dumps or (lambda value: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
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
    if pid == 0:
        status = 1
        try:
            os.close(read_fd)
            _silence()
            data = encode(compute())
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)
            status = 0
        except BaseException:  # noqa: BLE001 - whatever happens here, the parent does the work itself
            pass
        finally:
            os._exit(status)
    os.close(write_fd)
    return kind(pid, read_fd, loads)


def spawn(work: Callable[[], Any]) -> int | None:
    """Run ``work()`` in a forked child whose result nobody reads; its pid (wait for it), or None
    when forking is not safe or not possible (then nothing was run)."""
    if not can_fork():
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        status = 1
        try:
            _silence()
            work()
            status = 0
        finally:
            os._exit(status)
    return pid


def detach(work: Callable[[], Any], before: Callable[[], Any] | None = None) -> bool:
    """Run ``work()`` in a process that outlives this one (a child's child, so nobody has to reap
    it); ``before()`` runs here first (to take a lock the work keeps). False when not possible."""
    if not can_fork():
        return False
    if before is not None:
        before()
    try:
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:
        status = 1
        try:
            if os.fork() == 0:
                try:
                    _silence()
                    work()
                finally:
                    os._exit(0)
            status = 0
        finally:
            os._exit(status)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    return True


def _silence() -> None:
    """A child's output would interleave with the parent's: it goes nowhere."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass
