"""Work on the other core: a child's value comes back intact, a failing child gives none (never a
wrong one) and leaves no process behind, and nothing is forked while threads run."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from infra2arch import forking

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")


@pytest.fixture(autouse=True)
def _no_threads():
    if threading.active_count() > 1:
        pytest.skip("threads are running in this process: nothing is forked")


def test_a_child_value_comes_back_as_computed():
    big = {"k": list(range(200_000)), "s": "é" * 100_000}   # more than a pipe holds at once
    child = forking.start(lambda: big)
    assert child is not None and child.result() == big
    assert child.result(default="again") == "again"            # collected once
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_a_failing_child_gives_the_default_and_no_zombie():
    def broken():
        raise RuntimeError("boom")

    child = forking.start(broken)
    assert child is not None and child.result(default=[]) == []
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)


def test_spawned_work_runs_and_is_waited_for(tmp_path: Path):
    target = tmp_path / "written"
    pid = forking.spawn(lambda: target.write_text("done"))
    assert pid is not None
    os.waitpid(pid, 0)
    assert target.read_text() == "done"


def test_detached_work_outlives_the_call(tmp_path: Path):
    target = tmp_path / "written"
    ran_before: list[bool] = []
    assert forking.detach(lambda: (time.sleep(0.2), target.write_text("done")), before=lambda: ran_before.append(True))
    assert ran_before == [True]
    for _ in range(100):   # it finishes on its own, with nobody waiting for it
        if target.exists() and target.read_text() == "done":
            break
        time.sleep(0.05)
    assert target.read_text() == "done"


def test_nothing_is_forked_while_threads_run():
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forking.can_fork()
        assert forking.start(lambda: 1) is None
        assert forking.spawn(lambda: None) is None
        assert forking.detach(lambda: None) is False
    finally:
        stop.set()
        thread.join()
