"""Work done in a forked child process while this one goes on (through :mod:`infra2arch.forking`,
which holds the rules: fork only when no thread runs, the child leaves with ``os._exit``, the pipe
is read to the end before the child is waited for).

The report writes its HTML and Markdown (Jinja2, pure Python) while WeasyPrint lays out the PDF
(pure Python too): threads would share one interpreter lock, a forked child has its own, so the
two use both cores. The child gets a copy of everything already built (no pickling of the report);
only its result comes back. Where forking is not possible, or the child fails, the work is done in
this process when its result is asked for: then an error is raised here, as it would be without
the child.
"""

from __future__ import annotations

from typing import Callable, Generic, TypeVar

from infra2arch import forking

T = TypeVar("T")
_NONE = object()


class Forked(Generic[T]):
    """``Forked(work).result()`` is ``work()``, computed in a child process started at once."""

    def __init__(self, work: Callable[[], T]) -> None:
        self._work = work
        self._child = forking.start(work)

    def result(self) -> T:
        if self._child is not None:
            value = self._child.result(_NONE)
            self._child = None
            if value is not _NONE:
                return value  # type: ignore[return-value]
        return self._work()
