"""The collector policy of a scan: off inside, the state on entry restored on exit, nestable."""

import gc

from infra2arch.gc_policy import few_collections


def test_the_collector_is_off_inside_and_restored_after():
    assert gc.isenabled()
    with few_collections():
        assert not gc.isenabled()
        with few_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()          # the inner block leaves the outer one's state
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0      # nothing stays frozen after the outermost block


def test_a_process_that_turned_the_collector_off_keeps_it_off():
    gc.disable()
    try:
        with few_collections():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_cycles_made_inside_are_collected_after():
    class Node:
        pass

    with few_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a
        del a, b
    assert gc.collect() >= 2
