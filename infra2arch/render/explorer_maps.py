"""The explorer's maps: which to draw (``plan``) and their Graphviz layouts, on every core.

Planning: the top views, then a drill-down map for every collapsed node and every box of the
overview and engineering maps, breadth first; a set already drawn elsewhere links there instead.

A 10,000-resource estate needs a few hundred maps. Each drill-down is a view of its own (built
from the cut of the graph around its members, ``subgraph.Neighbourhood``) and a ``dot`` process,
and both are independent of every other map, so on a machine with several cores they run in a
pool of forked worker processes (fork: the workers share the graph without copying or pickling
it). The decisions stay in this process and are taken in exactly the serial order: which set of
members becomes which map, which links where. The views of a whole level of the breadth-first
walk are requested at once, so the workers are busy while the decisions wait for the first; a
view that the decisions then do not need (its members turned out to be drawn already) is
dropped, which costs time but never changes the result. Layouts start as soon as a map is
decided, while the planning goes on. The result is the same, byte for byte, with or without the
pool (tested); small scans, platforms without fork, and processes already running threads (a
fork could deadlock them) plan serially.
"""

from __future__ import annotations

import heapq
import multiprocessing
import os
import subprocess
import threading
from collections import defaultdict
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from infra2arch.errors import MissingComponent
from infra2arch.model import Graph
from infra2arch.render import diagrams_map
from infra2arch.render.subgraph import Neighbourhood
from infra2arch.views import View, ViewOptions, build_view

VIEW_ORDER = ("executive", "overview", "engineering", "security", "cost")
MAX_MAPS = 2500                 # drill-down maps at most (a guard; the 10k estate needs far fewer)
MAX_PAGES = 40                  # pages of one uniform group (e.g. 5,000 instances of one block)
PARALLEL_FROM = 400             # resources: below this a pool costs more than it saves
_PRIORITY = {"engineering": 0, "overview": 1, "security": 2, "cost": 3, "executive": 4}


@dataclass(frozen=True)
class MapSpec:
    index: int
    view: View
    kind: str                          # "view" | "detail"
    label: str                         # tab or breadcrumb text
    parent: tuple[int, str] | None     # (map index, node or group id) it drills down from
    flavor: str                        # the top view it belongs to (decides the default layers)


# ----------------------------------------------------------------------------- one map's work


@dataclass(frozen=True)
class _Context:
    graph: Graph
    annotations: Any
    base: ViewOptions
    detail_base: ViewOptions
    neighbourhood: Neighbourhood


def _context(graph: Graph, annotations: Any, base: ViewOptions) -> _Context:
    return _Context(graph, annotations, base,
                    replace(base, name="engineering", focus=None, filters=(), group_by="network"),
                    Neighbourhood(graph))


def _top_view(context: _Context, name: str) -> View:
    return build_view(context.graph, replace(context.base, name=name), context.annotations)


def _detail_view(context: _Context, members: frozenset[str]) -> View:
    """An engineering view of just these resources, built from their neighbourhood."""
    budget = context.detail_base.budget
    view = build_view(context.neighbourhood.cut(members), replace(context.detail_base, only=members),
                      context.annotations)
    # the cut holds neighbours too: say what this map is of, not how big the cut was
    drawn = sum(1 for n in view.nodes if n.members)
    return replace(view, subtitle=f"{len(members)} resources · {drawn} nodes drawn (budget {budget})"
                                  f" · {len(context.graph.resources)} resources in the scan")


def _layout(view: View, timeout: float) -> tuple[bool, bytes]:
    """(portable already?, SVG): dot's own output, or when dot is slow or fails, the static
    renderer's fallbacks (simpler edge routing), whose SVG is already portable."""
    try:
        done = subprocess.run(["dot", "-Tsvg"], input=diagrams_map.to_dot(view).encode("utf-8"),
                              capture_output=True, timeout=timeout, check=False)
        if done.returncode == 0 and done.stdout:
            return False, done.stdout
    except subprocess.TimeoutExpired:
        pass
    import tempfile

    with tempfile.TemporaryDirectory(prefix="infra2arch-html-") as work:
        result = diagrams_map.render(view, ["svg"], Path(work), "map", timeout=timeout)
        return True, result.files[0].read_bytes()


# the pool's workers find their context here (set before the fork, so they inherit it)
_FORKED: _Context | None = None


def _job(kind: str, argument: Any, timeout: float = 0.0) -> Any:
    assert _FORKED is not None
    if kind == "top":
        return _top_view(_FORKED, argument)
    if kind == "detail":
        return _detail_view(_FORKED, argument)
    return _layout(argument, timeout)


# ----------------------------------------------------------------------------------- engines


class _Serial:
    """Views built on demand in this process; layouts by dot processes two (or more) at a time."""

    def __init__(self, context: _Context, timeout: float):
        self.context = context
        self.timeout = timeout
        self.views: list[View] = []

    def top(self, name: str) -> Callable[[], View]:
        return lambda: _top_view(self.context, name)

    def detail(self, members: frozenset[str]) -> Callable[[], View]:
        return lambda: _detail_view(self.context, members)

    def lay_out(self, view: View) -> None:
        self.views.append(view)

    def layouts(self) -> Iterator[tuple[bool, bytes]]:
        lock = threading.Lock()   # the fallback renders through the diagrams library's global state
        dots = [diagrams_map.to_dot(v).encode("utf-8") for v in self.views]   # one at a time, likewise

        def one(index: int) -> tuple[bool, bytes]:
            try:
                done = subprocess.run(["dot", "-Tsvg"], input=dots[index], capture_output=True,
                                      timeout=self.timeout, check=False)
                if done.returncode == 0 and done.stdout:
                    return False, done.stdout
            except subprocess.TimeoutExpired:
                pass
            with lock:
                return _layout(self.views[index], self.timeout)

        with ThreadPoolExecutor(max_workers=max(1, min(4, _cores()))) as pool:
            yield from pool.map(one, range(len(self.views)))

    def close(self) -> None:
        pass


class _Forked:
    """Views and layouts in a pool of forked processes."""

    def __init__(self, context: _Context, timeout: float, workers: int):
        global _FORKED
        self.timeout = timeout
        _FORKED = context   # the workers inherit it when they fork
        # with fork, every worker starts at the first submit, before the pool's own thread does (no
        # fork while a thread runs); a worker that dies breaks the pool (an error, never a hang)
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        self.pending: list[Future] = []

    def top(self, name: str) -> Callable[[], View]:
        return self.pool.submit(_job, "top", name).result

    def detail(self, members: frozenset[str]) -> Callable[[], View]:
        return self.pool.submit(_job, "detail", members).result

    def lay_out(self, view: View) -> None:
        self.pending.append(self.pool.submit(_job, "layout", view, self.timeout))

    def layouts(self) -> Iterator[tuple[bool, bytes]]:
        for future in self.pending:
            yield future.result()

    def close(self) -> None:
        global _FORKED
        self.pool.shutdown(wait=True, cancel_futures=True)
        _FORKED = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _engine(context: _Context, timeout: float, workers: int | None) -> _Serial | _Forked:
    if workers is None:
        workers = min(4, _cores()) if len(context.graph.resources) >= PARALLEL_FROM else 1
    if (workers > 1 and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1):   # forking a process that runs threads can deadlock the child
        try:
            return _Forked(context, timeout, workers)
        except OSError:   # no processes to be had: plan here
            pass
    return _Serial(context, timeout)


# ---------------------------------------------------------------------------------- planning


@dataclass
class Maps:
    """The planned maps, and their layouts as they finish (in map order)."""
    specs: list[MapSpec]
    notes: list[str]
    links: dict[tuple[int, str], int]
    engine: _Serial | _Forked
    parallel: bool

    def layouts(self) -> Iterator[tuple[bool, bytes]]:
        """(already portable?, SVG) of every map, in the order of ``specs``, as they finish."""
        return self.engine.layouts()

    def close(self) -> None:
        self.engine.close()


def plan(graph: Graph, annotations: Any, base: ViewOptions, names: Sequence[str] = VIEW_ORDER,
         timeout: float = 60.0, workers: int | None = None, layout: bool = True) -> Maps:
    """The top views and every drill-down below them, breadth first, with their layouts started
    (``layout``). Call ``close`` when done.

    A set already shown, or whose members are all drawn as nodes of their own on one map, links
    there instead of drawing again (engineering maps first, so the executive and security boxes
    mostly link to maps that exist)."""
    if layout and not diagrams_map.graphviz_available():
        raise MissingComponent(diagrams_map.INSTALL_GRAPHVIZ)
    context = _context(graph, annotations, base)
    engine = _engine(context, timeout, workers)
    try:
        specs, notes, links = _Planner(context, engine, layout).run(names)
    except BaseException:
        engine.close()
        raise
    return Maps(specs, notes, links, engine, isinstance(engine, _Forked))


class _Planner:
    def __init__(self, context: _Context, engine: _Serial | _Forked, layout: bool):
        self.context = context
        self.engine = engine
        self.layout = layout
        self.notes: list[str] = []
        self.specs: list[MapSpec] = []
        self.links: dict[tuple[int, str], int] = {}
        self.by_members: dict[frozenset[str], int] = {}
        self.single_on: dict[str, set[int]] = defaultdict(set)  # address -> maps where it is a node of its own
        self.queue: list[tuple[int, int, int, frozenset[str], str, tuple[int, str], str]] = []
        self.requested: dict[frozenset[str], Callable[[], View]] = {}

    def add(self, spec: MapSpec) -> MapSpec:
        self.specs.append(spec)
        for node in spec.view.nodes:
            if node.count == 1:
                self.single_on[node.members[0]].add(spec.index)
        if self.layout:
            self.engine.lay_out(spec.view)
        return spec

    def view_of(self, members: frozenset[str]) -> View:
        if members not in self.requested:
            self.requested[members] = self.engine.detail(members)
        return self.requested.pop(members)()

    def known(self, members: frozenset[str], parent_map: int) -> int | None:
        known = self.by_members.get(members)
        if known is None:
            shown = set.intersection(*(self.single_on.get(a, set()) for a in members)) if members else set()
            shown.discard(parent_map)
            known = min(shown) if shown else None
        return known

    def request(self, spec: MapSpec, depth: int) -> None:
        view = spec.view
        whole = frozenset(a for n in view.nodes for a in n.members)
        rank = _PRIORITY.get(spec.flavor, 9)
        queue = self.queue
        for node in view.nodes:
            if node.count > 1:
                heapq.heappush(queue, (depth, rank, len(queue), frozenset(node.members),
                                       node.label.splitlines()[0], (spec.index, node.id), spec.flavor))
        # boxes of the overview and engineering maps: everything drawn inside a group. (Details
        # drill on through their collapsed nodes only: every box of every level would multiply the
        # maps without showing anything a collapsed node's detail does not.)
        if spec.kind != "view" or view.name not in ("overview", "engineering"):
            return
        inside: dict[str, set[str]] = defaultdict(set)
        parent_of = {g.id: g.parent for g in view.groups}
        for node in view.nodes:
            current = node.group
            while current is not None:
                inside[current].update(node.members)
                current = parent_of.get(current)
        labels = {g.id: g.label.splitlines()[0] for g in view.groups}
        for gid in sorted(inside):
            members = frozenset(inside[gid])
            if len(members) > 1 and members != whole:
                heapq.heappush(queue, (depth, rank, len(queue), members, labels.get(gid, gid), (spec.index, gid),
                                       spec.flavor))

    def prefetch(self, depth: int) -> None:
        """Ask for the view of every set of this level that no map shows yet (in the pool they are
        built while the decisions wait for the first)."""
        for item in sorted(self.queue, key=lambda item: item[:3]):
            if item[0] == depth and item[3] not in self.requested and self.known(item[3], item[5][0]) is None:
                self.requested[item[3]] = self.engine.detail(item[3])

    def run(self, names: Sequence[str]) -> tuple[list[MapSpec], list[str], dict[tuple[int, str], int]]:
        budget = self.context.detail_base.budget
        for get in [self.engine.top(name) for name in names]:
            view = get()
            spec = self.add(MapSpec(len(self.specs), view, "view", view.name, None, view.name))
            self.by_members.setdefault(frozenset(a for n in view.nodes for a in n.members), spec.index)
        for spec in list(self.specs):
            self.request(spec, 1)
        skipped = 0
        level = 0
        while self.queue:
            if self.queue[0][0] != level:
                level = self.queue[0][0]
                self.prefetch(level)
            depth, _, _, members, label, parent, flavor = heapq.heappop(self.queue)
            known = self.known(members, parent[0])
            if known is not None:
                self.links.setdefault(parent, known)
                continue
            if len(self.specs) >= MAX_MAPS:
                skipped += 1
                continue
            view = self.view_of(members)
            drawn = frozenset(a for n in view.nodes for a in n.members)
            if any(n.members and frozenset(n.members) == members for n in view.nodes) or not drawn:
                # one uniform group (instances of one block): no grouping left to drill into, so pages
                pages = _pages(sorted(members), budget)
                self.by_members[members] = len(self.specs)
                self.links.setdefault(parent, len(self.specs))
                page_sets = [frozenset(page) for page in pages[:MAX_PAGES]]
                for page in page_sets:
                    self.requested.setdefault(page, self.engine.detail(page))
                for number, page in enumerate(page_sets, 1):
                    page_view = replace(self.view_of(page), title=f"{label} — part {number} of {len(pages)}")
                    self.add(MapSpec(len(self.specs), page_view, "detail", f"{label} ({number}/{len(pages)})",
                                     parent, flavor))
                if len(pages) > MAX_PAGES:
                    self.notes.append(f"{label}: {len(members)} resources in {len(pages)} pages; the first "
                                      f"{MAX_PAGES} are drawn, every member is listed in the side panel")
                continue
            spec = self.add(MapSpec(len(self.specs), replace(view, title=f"{label} — detail"), "detail", label,
                                    parent, flavor))
            self.by_members[members] = spec.index
            self.links.setdefault(parent, spec.index)
            self.request(spec, depth + 1)
        if skipped:
            self.notes.append(f"{skipped} drill-down maps past the limit of {MAX_MAPS} were not drawn "
                              "(their members are listed in the side panel)")
        return self.specs, self.notes, self.links


def _pages(members: list[str], budget: int) -> list[list[str]]:
    size = max(budget, 5)
    return [members[i:i + size] for i in range(0, len(members), size)]
