"""Work forked off while the report goes on: the value comes back; an error is raised here."""

from __future__ import annotations

import os

import pytest

from infra2arch.errors import UserError
from infra2arch.report.background import Forked


def test_value_comes_back_from_another_process() -> None:
    from infra2arch import forking

    if not forking.can_fork():   # threads left running by another test: the work runs here, by design
        pytest.skip("forking is not safe in this process now")
    big = "x" * 5_000_000   # larger than a pipe's buffer: read before the child is waited for
    job = Forked(lambda: (os.getpid(), big + "y"))
    pid, text = job.result()
    assert pid != os.getpid() and text == big + "y"


def test_exception_is_raised_here() -> None:
    def fails() -> None:
        raise UserError("bad input, said once")

    with pytest.raises(UserError, match="bad input, said once"):
        Forked(fails).result()


def test_a_child_that_dies_leaves_the_work_to_this_process() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            os._exit(3)    # killed, say: no result
        return os.getpid()

    assert Forked(work).result() == parent
