"""The maps a report carries, drawn by the existing views and renderer (nothing redrawn here).

Overview first, then the engineering map; when the estate spans several accounts/projects/
subscriptions or regions and is larger than one map's node budget, one engineering map per
account and region takes the place of the whole-estate engineering map, so that every map stays
legible on an A4/Letter page (split, never shrink). Then the security and cost views. A whole-
estate map that cannot keep to the node budget at its own grain (the overview, the cost view) is
drawn one node per account/region instead: the per-account/region maps are its drill-down. Each
map is written as SVG (embedded in the HTML and PDF) and PNG (beside the Markdown) under ``maps/``.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from infra2arch.errors import MissingComponent, UserError
from infra2arch.model import Graph, Resource, Unknown
from infra2arch.report.model import MapImage

REPORT_BUDGET = 45          # nodes per map: what stays readable at A4 width
MAX_SLICES = 12             # per-account/region maps at most; the rest is said in the notes
NETWORKS_PER_MAP = 12       # networks on one engineering page: more fan too many edges into shared services
# a budget this small makes the views collapse whole region boxes (budget.fit_budget keeps a map
# over budget when collapsing would leave fewer than a quarter of the budget): one node per
# account/region and identity group, which a page shows legibly however large the estate
REGION_GRAIN_BUDGET = 11


@dataclass(frozen=True)
class MapSpec:
    key: str
    view: str
    title: str
    caption: str
    graph: Graph
    show: frozenset[str] = frozenset()
    coarse: str = ""            # caption when the map had to be drawn at the account/region grain ("" = never)


def _slice_key(resource: Resource) -> tuple[str, str, str] | None:
    cloud = resource.location.cloud or ""
    account = resource.location.account
    region = resource.location.region
    if not cloud:
        return None
    return (cloud, account if isinstance(account, str) else ("?" if isinstance(account, Unknown) else ""),
            region if isinstance(region, str) else ("?" if isinstance(region, Unknown) else "global"))


def _slices(graph: Graph) -> dict[tuple[str, str, str], set[str]]:
    """The drawn resources by (cloud, account, region). Utility resources (random, time, ...) are
    no cloud infrastructure and no map draws them: they make no slice. What has no region (private
    DNS zones, IAM, "global" Azure resources) joins its account's region when the account has only
    one, rather than a map of its own cut off from the networks it serves."""
    from infra2arch.catalog import is_utility

    slices: dict[tuple[str, str, str], set[str]] = {}
    for resource in graph.resources:
        key = _slice_key(resource)
        if key is not None and resource.address not in graph.folded and not is_utility(resource.type):
            slices.setdefault(key, set()).add(resource.address)
    regions: dict[tuple[str, str], list[str]] = {}
    for cloud, account, region in slices:
        if region not in ("global", "?"):
            regions.setdefault((cloud, account), []).append(region)
    for (cloud, account, region) in list(slices):
        only = regions.get((cloud, account), [])
        if region == "global" and len(only) == 1:
            slices[(cloud, account, only[0])] |= slices.pop((cloud, account, region))
    return slices


def subgraph(graph: Graph, keep: set[str]) -> Graph:
    """The graph restricted to ``keep`` plus the networks that contain them."""
    parents: dict[str, list[str]] = {}
    for item in graph.containment:
        parents.setdefault(item.child, []).append(item.parent)
    wanted = set(keep)
    stack = list(keep)
    while stack:
        for parent in parents.get(stack.pop(), ()):
            if parent not in wanted:
                wanted.add(parent)
                stack.append(parent)
    for child, parent in graph.folded.items():  # configuration of a kept resource comes along
        if parent in wanted:
            wanted.add(child)
    return replace(graph,
                   resources=tuple(r for r in graph.resources if r.address in wanted),
                   edges=tuple(e for e in graph.edges if e.src in wanted and e.dst in wanted),
                   containment=tuple(c for c in graph.containment if c.parent in wanted and c.child in wanted),
                   folded={k: v for k, v in graph.folded.items() if k in wanted})


def plan(graph: Graph, annotations: Any, budget: int = REPORT_BUDGET) -> tuple[list[MapSpec], list[str]]:
    notes: list[str] = []
    region_grain = "One node per account/project/subscription and region (and its identities), with counts."
    specs = [MapSpec("overview", "overview", "Overview", "One node per subnet, network and service group.", graph,
                     coarse=region_grain + " The maps per account and region below are the drill-down.")]
    whole = MapSpec("engineering", "engineering", "Engineering map",
                    "Full topology within the node budget; collapsed instances say ×N.", graph,
                    frozenset({"latency"}) if annotations is not None and annotations.paths else frozenset())
    slices = _slices(graph)
    drawn = sum(len(v) for v in slices.values())
    if len(slices) <= 1 or drawn <= budget:
        specs.append(whole)
    else:  # the slices replace the whole-estate map, which would be the same picture too small to read
        notes.append(f"The engineering map is drawn per account/project/subscription and region: the whole estate "
                     f"({drawn:,} drawn resources) does not fit one legible page")
        ordered = sorted(slices.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        for (cloud, account, region), members in sorted(ordered[:MAX_SLICES]):
            label = " ".join(x for x in (cloud, account, region) if x)
            key = "engineering-" + "-".join(_safe(x) for x in (cloud, account, region) if x)
            parts = _by_networks(graph, members)
            if len(parts) == 1:
                specs.append(MapSpec(key, "engineering", f"Engineering map: {label}",
                                     f"{len(members):,} resources in {label}.", subgraph(graph, members)))
                continue
            total = sum(len(networks) for networks, _ in parts)
            notes.append(f"{label} holds {total} networks: its engineering map is drawn {NETWORKS_PER_MAP} networks "
                         f"per page ({len(parts)} pages), what no network holds on each")
            first = 1
            for number, (networks, keep) in enumerate(parts, 1):
                last = first + len(networks) - 1
                specs.append(MapSpec(f"{key}-{number}", "engineering",
                                     f"Engineering map: {label}, networks {first}–{last} of {total}",
                                     f"{len(keep):,} resources: networks {first}–{last} of {total} in {label} "
                                     "(in address order) with what no network holds (shared by every page).",
                                     subgraph(graph, keep)))
                first = last + 1
        if len(ordered) > MAX_SLICES:
            rest = ordered[MAX_SLICES:]
            notes.append(f"{len(rest)} smaller account/region slices ({sum(len(m) for _, m in rest):,} resources) "
                         "have no map of their own: they are in the overview, the inventory and the flows table")
    if annotations is not None:
        specs.append(MapSpec("security", "security", "Security view",
                             "Zones, boundary crossings with their controls (red: none found), finding badges.", graph))
        specs.append(MapSpec("cost", "cost", "Cost view", "Monthly estimate per node, heat colouring.", graph,
                             coarse=region_grain[:-1] + "; monthly estimate per node, heat colouring."))
    return specs, notes


def _by_networks(graph: Graph, members: set[str]) -> list[tuple[list[str], set[str]]]:
    """One slice's resources as pages of at most NETWORKS_PER_MAP networks (VPCs, VNets), each page
    with what no network holds: a region of dozens of networks fans so many edges into its shared
    services that one page cannot show them legibly (split, never shrink). One part when it fits."""
    from infra2arch.catalog import kind
    from infra2arch.catalog.kind import Category

    by_address = graph.by_address()
    networks = sorted(a for a in members if (k := kind(by_address[a].type)) is not None
                      and k.category == Category.NETWORK_VPC)
    if len(networks) <= NETWORKS_PER_MAP:
        return [(networks, set(members))]
    parents: dict[str, list[str]] = {}
    for item in graph.containment:
        parents.setdefault(item.child, []).append(item.parent)
    network_set = set(networks)
    home: dict[str, str] = {}
    for address in members:   # the network an address is placed in, through its containers
        seen, stack = set(), [address]
        while stack:
            current = stack.pop()
            if current in network_set:
                home[address] = current
                break
            if current not in seen:
                seen.add(current)
                stack.extend(sorted(parents.get(current, ())))
    shared = {a for a in members if a not in home}
    parts = []
    for start in range(0, len(networks), NETWORKS_PER_MAP):
        chunk = networks[start:start + NETWORKS_PER_MAP]
        chosen = set(chunk)
        parts.append((chunk, shared | {a for a, network in home.items() if network in chosen}))
    return parts


_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"', re.S)


def orientation(svg: bytes) -> str:
    """A map taller than wide goes on a portrait page, others on a landscape page: as large as the page allows."""
    match = _SIZE.search(svg[:4000])
    if match is None:
        return "wide"
    width, height = float(match.group(1)), float(match.group(2))
    return "tall" if height > width * 1.05 else "wide"


def _safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)[:40] or "x"


class PictureJob:
    """The PNG of every map drawn (for the Markdown) while this process goes on with other work:
    Graphviz rasterising a large map costs ten times its SVG, and it runs in its own processes."""

    def __init__(self, views: list[tuple[str, Any]], directory: Path, timeout: float) -> None:
        self._views = views
        self._directory = directory
        self._timeout = timeout
        self._pool: ThreadPoolExecutor | None = None
        self._futures: list = []

    def start(self) -> PictureJob:
        from infra2arch.render import diagrams_map

        def one(key: str, view: Any) -> str:
            try:
                diagrams_map.render(view, ["png"], self._directory, key, timeout=self._timeout)
            except (MissingComponent, UserError) as exc:
                return f"{key}.png could not be drawn: {exc}"
            return ""

        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="infra2arch-png")
            self._futures = [self._pool.submit(one, key, view) for key, view in self._views]
        return self

    def result(self) -> list[str]:
        """Wait for every PNG; the problems, one line each (empty when every PNG was drawn)."""
        self.start()
        assert self._pool is not None
        problems = [future.result() for future in self._futures]
        self._pool.shutdown()
        return [problem for problem in problems if problem]


def draw(specs: list[MapSpec], annotations: Any, directory: Path, budget: int = REPORT_BUDGET,
         timeout: float = 60.0) -> list[MapImage]:
    """Render every map as SVG and PNG into ``directory``."""
    images, pictures = draw_svg(specs, annotations, directory, budget, timeout)
    problems = pictures.result()
    return [replace(image, png_name="", notes=image.notes + (f"no PNG: {problem}",))
            if any(problem.startswith(f"{image.key}.png ") for problem in problems) else image for image in images]


def draw_svg(specs: list[MapSpec], annotations: Any, directory: Path, budget: int = REPORT_BUDGET,
             timeout: float = 60.0) -> tuple[list[MapImage], PictureJob]:
    """Render every map as SVG (two Graphviz processes at a time) into ``directory``; the returned
    job draws their PNGs once started (:meth:`PictureJob.start`, :meth:`PictureJob.result`)."""
    from infra2arch.render import diagrams_map
    from infra2arch.views import ViewOptions, build_view

    directory.mkdir(parents=True, exist_ok=True)

    def one(spec: MapSpec) -> tuple[MapImage, Any]:
        options = ViewOptions(name=spec.view, budget=budget, show=spec.show)
        view = build_view(spec.graph, options, annotations)
        if spec.coarse and view.stats.get("drawn_nodes", 0) > budget:  # over budget at its own grain
            full = view.stats["drawn_nodes"]
            coarse_budget = min(REGION_GRAIN_BUDGET, max(5, budget // 4))
            view = build_view(spec.graph, replace(options, budget=coarse_budget), annotations)
            spec = replace(spec, caption=spec.coarse + f" (At its own grain this map would hold {full} nodes, "
                                                       f"more than a page shows legibly.)")
        try:
            result = diagrams_map.render(view, ["svg"], directory, spec.key, timeout=timeout)
        except MissingComponent as exc:
            return MapImage(spec.key, spec.title, spec.caption, tuple(view.notes), error=str(exc)), None
        except UserError as exc:  # Graphviz could not lay it out even with straight edges
            return MapImage(spec.key, spec.title, spec.caption, tuple(view.notes), error=str(exc)), None
        svg = (directory / f"{spec.key}.svg").read_bytes()
        return MapImage(spec.key, spec.title, spec.caption, tuple(view.notes) + tuple(result.notes), svg,
                        f"maps/{spec.key}.png", f"maps/{spec.key}.svg", orientation=orientation(svg)), view

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="infra2arch-map") as pool:
        drawn = list(pool.map(one, specs))
    views = [(image.key, view) for image, view in drawn if view is not None]
    return [image for image, _ in drawn], PictureJob(views, directory, timeout)
