"""Work done in a forked child process while this one goes on.

The report writes its HTML and Markdown (Jinja2, pure Python) while WeasyPrint lays out the PDF
(pure Python too): threads would share one interpreter lock, a forked child has its own, so the
two use both cores. The child gets a copy of everything already built (no pickling of the
report); only its result (two strings) comes back through a pipe. Where fork is not available the
work runs in this process when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import traceback
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


def _run(work: Callable[[], Any], send: Any) -> None:
    try:
        outcome: tuple[str, Any] = ("value", work())
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent, which raises it
        outcome = ("error", exc)
    try:
        send.send(outcome)
    except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text then
        send.send(("error", RuntimeError("".join(traceback.format_exception(outcome[1])) if outcome[0] == "error"
                                         else "the result could not be passed back")))
    send.close()


class Forked(Generic[T]):
    """``Forked(work).result()`` is ``work()``, computed in a child process started at once."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._process = None
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(work, send), daemon=True, name="infra2arch-report")
        self._process.start()
        send.close()

    def result(self) -> T:
        if self._process is None:
            return self._work()
        try:
            kind, value = self._receive.recv()   # before join: a large result would fill the pipe
        except EOFError:
            self._process.join()
            raise RuntimeError(f"the report's worker process ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        finally:
            self._receive.close()
        self._process.join()
        if kind == "error":
            raise value
        return value
