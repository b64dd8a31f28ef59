"""Evaluate a large root module on two cores, with the output of a serial scan, byte for byte.

Evaluation is the largest serial cost of a scan of a dense estate once parsing runs on every core:
each resource block of the root module is evaluated in turn, lazily pulling in the variables,
locals and other resources it reads. The walk over the root module's blocks is cut in two: a forked
child evaluates the second half while this process evaluates the first, then the child's instances
are taken in as if this process had evaluated them at that point of the walk. Everything after
(outputs, child modules, the inventory) runs here as before.

Why the result is the serial one:

* This process evaluates the first half exactly as a serial scan does, so its state after it is the
  serial state at that point.
* Evaluation is deterministic: an instance's attributes and references depend on the configuration
  and the values it reads, never on what was evaluated before it. The child evaluates the second
  half starting from the state at the fork (before the first half); whatever it needs from the first
  half it evaluates again on the way, to the same values.
* What can depend on the order is listed and handled: gaps are kept once by identity (an undeclared
  variable is one gap whatever expression reads it first, see ``Scan.add_gap``); graph.json sorts
  gaps, instances and links, so the order in which they were found does not show; instances of
  child modules the child happened to evaluate are left out (this process walks every module anyway).
* The size bounds count across the whole scan, so which instance crosses one depends on the order:
  a child that met a bound or a cycle is ignored (this process walks the second half itself), and a
  scan that meets one later on runs again serially (``SerialRestart``). Hostile input costs the
  time of a second, serial evaluation; everything else is evaluated once.

Whenever a fork is not possible or not worth it (one core, threads running, a small module, the
child failing), the second half is walked here, serially: only slower.
"""

from __future__ import annotations

import os
import pickle
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from infra2arch.model import Gap, GapKind
from infra2arch_terraform import parallel

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.adapter import Scan
    from infra2arch_terraform.modules import ModuleInstance

MIN_BLOCKS = 400          # below this many blocks in the root module, the fork costs more than it saves
CHILD_SHARE = 0.5         # the child's part of the blocks (it also pickles its results; this process unpickles)
_ORDER_SENSITIVE = (GapKind.LIMIT_EXCEEDED, GapKind.CYCLE)


class SerialRestart(Exception):
    """The scan met a size bound or a cycle after evaluating on two cores: evaluate it again serially."""


@dataclass
class _Payload:
    instances: list[tuple]        # (address, block_address, mode, type, name, key, unknown_count, obj, refs, depends_on, provider_key)
    gaps: list[Gap]
    not_created: dict[str, Any]
    read_files: dict[str, str]
    listed_dirs: dict[str, list[str]]
    counters: dict[str, int]


def order_sensitive(gaps: list[Gap]) -> bool:
    return any(g.kind in _ORDER_SENSITIVE for g in gaps)


def walk_in_two(scan: "Scan", module: "ModuleInstance", blocks: list[tuple[str, str, str]]) -> bool:
    """Walk ``blocks`` of the root module using two cores; False (nothing done) when not worth it."""
    if (module.address or len(blocks) < MIN_BLOCKS or parallel.workers() < 2 or threading.active_count() > 1
            or not hasattr(os, "fork") or order_sensitive(scan.gaps)):
        return False
    cut = len(blocks) - int(len(blocks) * CHILD_SHARE)
    first, second = blocks[:cut], blocks[cut:]
    try:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # the child: evaluate the second half, send what it found, and leave at once
        status = 1
        try:
            os.close(read_fd)
            payload = _evaluate(scan, module, second)
            with os.fdopen(write_fd, "wb") as pipe:
                pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write_fd)
    scan.used_two_cores = True
    try:
        scan.walk_blocks(module, first)
    finally:
        payload = _receive(read_fd, pid)
    if payload is None or order_sensitive(payload.gaps) or order_sensitive(scan.gaps) or scan._skipped:
        scan.walk_blocks(module, second)   # the serial way: the state here is the serial state
    else:
        _take_in(scan, module, payload)
    return True


def _evaluate(scan: "Scan", module: "ModuleInstance", blocks: list[tuple[str, str, str]]) -> _Payload:
    scan.options = replace(scan.options, progress=None)   # only the parent writes progress
    known = set(scan.instances)
    gaps_before, not_created_before = len(scan.gaps), set(scan.not_created)
    counters_before = _counters(scan, module)
    scan.walk_blocks(module, blocks)
    instances = [(i.address, i.block_address, i.mode, i.type, i.name, i.key, i.unknown_count, i.obj, i.refs,
                  i.depends_on, i.provider_key)
                 for address, i in scan.instances.items() if address not in known and i.module is module]
    counters = {name: value - counters_before[name] for name, value in _counters(scan, module).items()}
    return _Payload(instances, scan.gaps[gaps_before:],
                    {a: n for a, n in scan.not_created.items() if a not in not_created_before},
                    dict(scan.read_files), dict(scan.listed_dirs), counters)


def _receive(read_fd: int, pid: int) -> _Payload | None:
    try:
        with os.fdopen(read_fd, "rb") as pipe:   # read it all before waiting: the child blocks on a full pipe
            data = pipe.read()
    except OSError:
        data = b""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    if status != 0 or not data:
        return None
    try:
        payload = pickle.loads(data)
    except Exception:  # a truncated or foreign pipe: walk the half here instead
        return None
    return payload if isinstance(payload, _Payload) else None


def _counters(scan: "Scan", module: "ModuleInstance") -> dict[str, int]:
    evaluator = scan.evaluator
    return {"iterations": evaluator.iterations, "big_chars": evaluator.big_chars, "big_cells": evaluator.big_cells,
            "dynamic_blocks": scan._dynamic_blocks, "instances_planned": scan._instances_planned,
            "module_instances": module.instance_total}


def _take_in(scan: "Scan", module: "ModuleInstance", payload: _Payload) -> None:
    from infra2arch_terraform.modules import Instance

    resources = module.config.resources
    for (address, block_address, mode, type_, name, key, unknown_count, obj, refs, depends_on,
         provider_key) in payload.instances:
        if address in scan.instances:   # evaluated here too (the first half read it): the same value
            continue
        scan.instances[address] = Instance(
            address=address, block_address=block_address, mode=mode, type=type_, name=name, key=key,
            unknown_count=unknown_count, declared=resources[(mode, type_, name)], module=module, obj=obj,
            refs=refs, depends_on=depends_on, provider_key=provider_key)
        scan.blocks.setdefault(block_address, []).append(address)
    for gap in payload.gaps:
        scan.add_gap(gap)
    for address, record in payload.not_created.items():
        scan.not_created.setdefault(address, record)
    scan.read_files.update(payload.read_files)
    for directory, names in payload.listed_dirs.items():
        scan.listed_dirs.setdefault(directory, names)
    # the bounds keep counting what the child used (a little more than serial: it evaluated some of
    # the first half again; a scan near a bound is evaluated again serially anyway)
    evaluator = scan.evaluator
    evaluator.iterations += payload.counters["iterations"]
    evaluator.big_chars += payload.counters["big_chars"]
    evaluator.big_cells += payload.counters["big_cells"]
    scan._dynamic_blocks += payload.counters["dynamic_blocks"]
    scan._instances_planned += payload.counters["instances_planned"]
    module.instance_total += payload.counters["module_instances"]
    scan._instances_seen = len(scan.instances)
