"""Topology maps, rendered for real with Graphviz, and checked on the real output.

Views are built through the Python API (scan -> build_graph -> build_view -> to_dot / render); the
DOT text is read back by Graphviz itself (`dot -Tjson0`), the SVG by an XML parser, the PDF by
pdftoppm. The CLI runs in a subprocess where the CLI is the point (missing Graphviz, `render`,
the committed sample maps).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from infra2arch.catalog import Shape, is_utility, kind
from infra2arch.errors import UserError
from infra2arch.graph import build_graph
from infra2arch.model import Relation
from infra2arch.render import diagrams_map
from infra2arch.render.diagrams_map import EDGE_STYLES, LEGEND_TEXT, dot_id, render, to_dot
from infra2arch.views import _NOT_DRAWN, INTERNET, View, ViewOptions, build_view, display_name
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

from conftest import ROOT, SAMPLES

SAMPLE_NAMES = ("aws-sagemaker", "gcp-vertex", "azure-ml")
CLI_TIMEOUT = 60
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CIDR = re.compile(r"^\d{1,3}(\.\d{1,3}){3}/\d{1,2}$")
SOURCE_LABEL = re.compile(r"^[\w./@+-]+\.tf(\.json)?:\d+$")

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")


# ----------------------------------------------------------------------------------------- helpers


def scan_dir(directory: Path | str):
    inventory = TerraformProvider().scan(str(directory), TerraformOptions(use_cache=False, environment={}))
    return build_graph(inventory)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass
class Dot:
    """A DOT text as Graphviz reads it."""

    nodes: dict[str, dict] = field(default_factory=dict)               # name -> attributes
    edges: list[tuple[str, str, dict]] = field(default_factory=list)   # (tail, head, attributes), no invisible ones
    clusters: dict[str, dict] = field(default_factory=dict)            # name -> attributes
    cluster_parent: dict[str, str | None] = field(default_factory=dict)
    innermost: dict[str, str | None] = field(default_factory=dict)     # node name -> innermost cluster


def parse_dot(text: str) -> Dot:
    done = subprocess.run(["dot", "-Tjson0"], input=text.encode("utf-8"), capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout, done.stderr.decode("utf-8", "replace")[-2000:]
    data = json.loads(done.stdout)
    objects = data.get("objects", [])
    count = data.get("_subgraph_cnt", 0)
    out = Dot()
    by_gvid = {o["_gvid"]: o for o in objects[count:]}
    for o in objects[count:]:
        out.nodes[o["name"]] = o
    depth: dict[str, int] = {}
    for o in objects[:count]:
        out.clusters[o["name"]] = o
        out.cluster_parent.setdefault(o["name"], None)
        for child in o.get("subgraphs", ()):
            out.cluster_parent[objects[child]["name"]] = o["name"]

    def level(name: str) -> int:
        if name not in depth:
            parent = out.cluster_parent.get(name)
            depth[name] = 0 if parent is None else level(parent) + 1
        return depth[name]

    for name in out.nodes:
        out.innermost[name] = None
    for o in objects[:count]:
        for gvid in o.get("nodes", ()):
            node = by_gvid[gvid]["name"]
            current = out.innermost[node]
            if current is None or level(o["name"]) > level(current):
                out.innermost[node] = o["name"]
    for e in data.get("edges", ()):
        if e.get("style") == "invis":
            continue
        out.edges.append((by_gvid[e["tail"]]["name"], by_gvid[e["head"]]["name"], e))
    return out


def chain(view: View, group_id: str | None) -> list:
    groups = {g.id: g for g in view.groups}
    out = []
    while group_id is not None:
        out.append(groups[group_id])
        group_id = groups[group_id].parent
    return out


def node(view: View, node_id: str):
    matches = [n for n in view.nodes if n.id == node_id]
    assert matches, f"{node_id} is not a node of the view; nodes: {sorted(n.id for n in view.nodes)}"
    return matches[0]


def group_of(view: View, node_id: str):
    gid = node(view, node_id).group
    assert gid is not None, f"{node_id} is drawn at top level, outside every box"
    return {g.id: g for g in view.groups}[gid]


def check_structure(view: View) -> None:
    """No node in a group that does not exist; every group's parent exists; no cycles."""
    groups = {g.id: g for g in view.groups}
    assert len(groups) == len(view.groups), "duplicate group ids"
    for n in view.nodes:
        assert n.group is None or n.group in groups, f"{n.id} is placed in group {n.group}, which is not in the view"
    for g in view.groups:
        assert g.parent is None or g.parent in groups, f"group {g.label!r} has parent {g.parent}, which is not in the view"
        seen = set()
        current = g.id
        while current is not None:
            assert current not in seen, f"group cycle through {g.label!r}"
            seen.add(current)
            current = groups[current].parent
    ids = [n.id for n in view.nodes]
    assert len(ids) == len(set(ids)), "duplicate node ids"


def expected_drawable(graph) -> set[str]:
    """Every resource that must be accounted for as a node (or a note): not folded into another,
    not hidden, not a box."""
    out = set()
    for r in graph.resources:
        if r.address in graph.folded:
            continue
        record = kind(r.type)
        if record is not None and record.shape in (Shape.HIDDEN, Shape.GROUP):
            continue
        out.add(r.address)
    return out


def check_nothing_dropped(graph, view: View) -> None:
    """Every drawable address is a member of exactly one node, or counted in a 'not drawn' note."""
    members = Counter(a for n in view.nodes for a in n.members)
    twice = sorted(a for a, c in members.items() if c > 1)
    assert not twice, f"addresses drawn in more than one node: {twice[:10]}"
    expected = expected_drawable(graph)
    by_address = graph.by_address()
    not_drawn = Counter()
    silently = []
    for address in sorted(expected - set(members)):
        record = kind(by_address[address].type)
        if record is not None and record.category in _NOT_DRAWN:
            not_drawn[_NOT_DRAWN[record.category]] += 1
        else:
            silently.append(address)
    assert not silently, f"resources neither drawn nor listed as not drawn: {silently[:20]}"
    noted = Counter()
    helpers = 0
    for note in view.notes:
        m = re.match(r"not drawn as nodes: (\d+) (.*)$", note)
        if m and m.group(2).startswith(("helpers with no architecture of their own", "helper with no architecture of its own")):
            helpers += int(m.group(1))
        elif m:
            noted[m.group(2)] += int(m.group(1))
    hidden = [r for r in graph.resources if r.address not in graph.folded and not is_utility(r.type)
              and (record := kind(r.type)) is not None and record.shape == Shape.HIDDEN]
    assert helpers == len(hidden), (helpers, len(hidden))   # hidden helpers are counted, never silent
    assert noted == not_drawn, f"'not drawn' notes {dict(noted)} do not match what is missing {dict(not_drawn)}"
    extra = sorted(set(members) - expected)
    assert not extra, f"nodes stand for addresses that are not drawable resources: {extra[:10]}"


def normalise_icons(dot_text: str) -> str:
    return re.sub(r'image="[^"]*?site-packages/', 'image="<site-packages>/', dot_text)


def svg_nodes(svg: bytes) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [g for g in root.iter(f"{SVG_NS}g") if g.get("class") == "node"]


def svg_title(g: ET.Element) -> str:
    title = g.find(f"{SVG_NS}title")
    return title.text if title is not None and title.text else ""


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "INFRA2ARCH_DEBUG" and not k.startswith("TF_VAR_")}
    env["PYTHONIOENCODING"] = "utf-8"
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run([sys.executable, "-m", "infra2arch", *args], cwd=cwd, env=env or cli_env(),
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=CLI_TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"infra2arch {' '.join(args)} did not finish within {CLI_TIMEOUT} s")
    text = done.stdout + done.stderr
    assert b"Traceback" not in text and b"internal error" not in text, done.stderr.decode("utf-8", "replace")
    return done


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


# ---------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def aws_graph():
    return scan_dir(SAMPLES / "aws-sagemaker")


@pytest.fixture(scope="module")
def aws_view(aws_graph):
    return build_view(aws_graph, ViewOptions())


@pytest.fixture(scope="module")
def aws_dot_text(aws_view):
    return to_dot(aws_view)


@pytest.fixture(scope="module")
def aws_dot(aws_dot_text):
    return parse_dot(aws_dot_text)


@pytest.fixture(scope="module")
def aws_rendered(aws_view, tmp_path_factory):
    directory = tmp_path_factory.mktemp("aws-map")
    result = render(aws_view, ["png", "svg", "pdf", "dot"], directory, "engineering")
    return directory, result


BIG_ESTATE = {
    "main.tf": """
provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "s" {
  count             = 20
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.${count.index}.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_lambda_function" "fn" {
  count         = 80
  function_name = "fn-${count.index}"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "fn.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.s[count.index % 20].id]
    security_group_ids = []
  }
}

resource "aws_s3_bucket" "data" {
  for_each = toset([for i in range(50) : "bucket-${i}"])
  bucket   = each.key
}

resource "aws_sagemaker_model" "m" {
  name               = "m"
  execution_role_arn = aws_iam_role.fn.arn
  primary_container {
    image = "img"
  }
  vpc_config {
    subnets            = [aws_subnet.s[0].id]
    security_group_ids = []
  }
}

resource "aws_sagemaker_endpoint_configuration" "c" {
  name = "c"
  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.m.name
    instance_type          = "ml.m5.large"
    initial_instance_count = 1
  }
}

resource "aws_sagemaker_endpoint" "e" {
  count                = 300
  name                 = "e-${count.index}"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.c.name
}
""",
}

_NET_MODULE = """
variable "cidr" {
  type = string
}

resource "aws_vpc" "main" {
  cidr_block = var.cidr
}

resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(var.cidr, 8, 1)
  availability_zone = "eu-west-1a"
}

resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "fn.zip"

  vpc_config {
    subnet_ids         = [aws_subnet.app.id]
    security_group_ids = []
  }
}
"""

TWIN_ESTATE = {
    "main.tf": """
provider "aws" {
  region = "eu-west-1"
}

module "east" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}

module "west" {
  source = "./modules/net"
  cidr   = "10.0.0.0/16"
}

resource "aws_s3_bucket" "keyed" {
  for_each = toset(["team:a", "team:b"])
  bucket   = replace(each.key, ":", "-")
}
""",
    "modules/net/main.tf": _NET_MODULE,
}


@pytest.fixture(scope="module")
def big_graph(tmp_path_factory):
    return scan_dir(write_tree(tmp_path_factory.mktemp("big-estate"), BIG_ESTATE))


@pytest.fixture(scope="module")
def twin_graph(tmp_path_factory):
    return scan_dir(write_tree(tmp_path_factory.mktemp("twin-estate"), TWIN_ESTATE))


# ----------------------------------------------------------------------------------------- nesting


def test_view_structure_is_consistent(aws_view):
    check_structure(aws_view)


def test_subnets_nest_cloud_region_vpc_zone_subnet(aws_view):
    subnets = [g for g in aws_view.groups if g.kind == "subnet"]
    assert subnets, "no subnet boxes in the aws engineering view"
    for g in subnets:
        boxes = [x for x in chain(aws_view, g.id) if x.kind != "tier"]  # subnets spanned together share a tier box
        kinds = [x.kind for x in boxes]
        assert kinds == ["subnet", "zone", "network", "region", "cloud"], (g.label, kinds)
        zone = boxes[1]
        assert zone.label.startswith("Availability zone us-east-1"), zone.label
        vpc = boxes[2]
        assert vpc.label.startswith("VPC: main"), vpc.label


def test_subnet_labels_say_public_or_private(aws_view):
    labels = [g.label for g in aws_view.groups if g.kind == "subnet"]
    assert labels
    for label in labels:
        assert label.split(":")[0] in ("public subnet", "private subnet"), label
    assert any(l.startswith("public subnet") for l in labels) and any(l.startswith("private subnet") for l in labels)


def test_notebook_sits_in_the_private_subnet(aws_view):
    group = group_of(aws_view, "aws_sagemaker_notebook_instance.research")
    assert group.kind == "subnet" and group.label.startswith("private subnet"), group.label


@pytest.mark.parametrize("address", ["aws_lambda_function.invoke", "aws_sagemaker_model.main"])
def test_multi_subnet_resources_sit_in_the_vpc_and_say_so(aws_view, address):
    group = group_of(aws_view, address)
    # in the tier box that holds the subnets it spans, inside the VPC
    assert group.kind == "tier" and group.label.startswith("private subnets: "), group.label
    assert [x for x in chain(aws_view, group.id) if x.kind == "network"][0].label.startswith("VPC: main")
    assert "in 2 private subnets" in node(aws_view, address).label, node(aws_view, address).label


@pytest.mark.parametrize("address,family", [
    ("aws_s3_bucket.artifacts", "Data & storage"),
    ("aws_s3_bucket.training_data", "Data & storage"),
    ("aws_kms_key.ml", "Keys & secrets"),
])
def test_regional_services_sit_in_region_level_service_groups(aws_view, address, family):
    group = group_of(aws_view, address)
    assert (group.kind, group.label) == ("services", family)
    assert [g.kind for g in chain(aws_view, group.id)] == ["services", "region", "cloud"]


@pytest.mark.parametrize("address", ["aws_iam_role.lambda", "aws_iam_role.notebook", "aws_iam_role.sagemaker_execution"])
def test_iam_roles_sit_in_the_account_level_identity_group(aws_view, address):
    group = group_of(aws_view, address)
    assert (group.kind, group.label) == ("services", "Identity")
    assert [g.kind for g in chain(aws_view, group.id)] == ["services", "cloud"]


def test_dot_clusters_follow_the_view_groups(aws_view, aws_dot):
    assert set(aws_dot.clusters) == {f"cluster_{g.id}" for g in aws_view.groups}
    for g in aws_view.groups:
        parent = aws_dot.cluster_parent[f"cluster_{g.id}"]
        assert parent == (f"cluster_{g.parent}" if g.parent else None), g.label
        assert aws_dot.clusters[f"cluster_{g.id}"]["label"] == g.label
    for n in aws_view.nodes:
        assert aws_dot.innermost[dot_id(n.id)] == (f"cluster_{n.group}" if n.group else None), n.id


def test_nothing_dropped_in_the_aws_sample(aws_graph, aws_view):
    check_nothing_dropped(aws_graph, aws_view)


# ------------------------------------------------------------------------------------------ labels


def test_endpoint_label_carries_instance_type_and_count(aws_view, aws_dot):
    assert "ml.m5.large × 2" in node(aws_view, "aws_sagemaker_endpoint.main").label
    assert "ml.m5.large × 2" in aws_dot.nodes["aws_sagemaker_endpoint.main"]["label"]


def test_subnets_carry_their_cidr(aws_graph, aws_view, aws_dot):
    cidrs = {r.attrs.get("cidr_block") for r in aws_graph.resources if r.type == "aws_subnet"}
    for g in aws_view.groups:
        if g.kind != "subnet":
            continue
        lines = g.label.splitlines()
        assert len(lines) == 2 and CIDR.match(lines[1]), g.label
        assert lines[1] in cidrs, (g.label, cidrs)
        assert lines[1] in aws_dot.clusters[f"cluster_{g.id}"]["label"]
    vpc = [g for g in aws_view.groups if g.kind == "network"]
    assert vpc and vpc[0].label.splitlines()[1] == "10.40.0.0/16", [g.label for g in vpc]


# ------------------------------------------------------------------------------------- edge styles


RELATION_OF_COLOUR = {style["color"]: relation for relation, style in EDGE_STYLES.items()}


def dot_edge(dot: Dot, src: str, dst: str, relation: Relation) -> dict:
    found = [a for t, h, a in dot.edges
             if t == dot_id(src) and h == dot_id(dst) and a.get("color") == EDGE_STYLES[relation]["color"]]
    assert len(found) == 1, f"{len(found)} DOT edges {src} -> {dst} ({relation.value})"
    return found[0]


def test_edges_are_drawn_in_their_relation_style(aws_view, aws_dot):
    assert len(set(EDGE_STYLES[r]["color"] for r in EDGE_STYLES)) == len(EDGE_STYLES)
    assert len(aws_dot.edges) == len(aws_view.edges)
    for e in aws_view.edges:
        attrs = dot_edge(aws_dot, e.src, e.dst, e.relation)
        for key, value in EDGE_STYLES[e.relation].items():
            if key == "style" and e.inferred:
                continue
            assert attrs.get(key) == value, (e.src, e.dst, e.relation, key, attrs.get(key))
        if e.inferred:
            assert attrs.get("style") == "dashed", (e.src, e.dst, attrs.get("style"))
        else:
            assert attrs.get("style") == EDGE_STYLES[e.relation].get("style"), (e.src, e.dst, attrs.get("style"))


def test_inferred_edges_are_dashed(aws_view, aws_dot):
    inferred = [e for e in aws_view.edges if e.inferred]
    assert any((e.src, e.dst) == ("aws_lambda_function.invoke", "aws_sagemaker_endpoint.main") for e in inferred)
    for e in inferred:
        assert dot_edge(aws_dot, e.src, e.dst, e.relation).get("style") == "dashed"
    dashed = [(t, h) for t, h, a in aws_dot.edges if a.get("style") == "dashed"]
    assert len(dashed) == len(inferred)


def test_depends_edges_only_on_request(aws_graph, aws_view, aws_dot):
    colour = EDGE_STYLES[Relation.DEPENDS]["color"]
    assert all(e.relation != Relation.DEPENDS for e in aws_view.edges)
    assert all(a.get("color") != colour for _, _, a in aws_dot.edges)
    shown = build_view(aws_graph, ViewOptions(show=frozenset({"depends"})))
    depends = [e for e in shown.edges if e.relation == Relation.DEPENDS]
    assert depends, "show=depends draws no depends edge"
    assert ("aws_eip.nat", "aws_internet_gateway.main") in {(e.src, e.dst) for e in depends}
    dot = parse_dot(to_dot(shown))
    drawn = [a for _, _, a in dot.edges if a.get("color") == colour]
    assert len(drawn) == len(depends)
    assert all(a.get("style") in ("dotted", "dashed") for a in drawn)
    assert LEGEND_TEXT[Relation.DEPENDS] in dot.nodes["legend"]["label"]


def test_legend_lists_exactly_the_relations_used(aws_view, aws_dot):
    legend = aws_dot.nodes["legend"]["label"]
    used = {e.relation for e in aws_view.edges}
    assert used == {RELATION_OF_COLOUR[a["color"]] for _, _, a in aws_dot.edges}
    listed = {r for r, text in LEGEND_TEXT.items() if html.escape(text) in legend or text in legend}
    assert listed == used, f"legend lists {sorted(r.value for r in listed)}, map uses {sorted(r.value for r in used)}"
    assert ("inferred" in legend) == any(e.inferred for e in aws_view.edges)


def test_internet_node_points_at_the_api_gateway(aws_view, aws_dot):
    assert node(aws_view, INTERNET).group is None
    assert any(e.src == INTERNET and e.dst == "aws_apigatewayv2_api.scoring" for e in aws_view.edges)
    assert dot_id(INTERNET) == "synthetic%3Ainternet" and "synthetic%3Ainternet" in aws_dot.nodes
    assert ("synthetic%3Ainternet", "aws_apigatewayv2_api.scoring") in {(t, h) for t, h, _ in aws_dot.edges}


# ------------------------------------------------------------------------------ budget, collapsing


@pytest.fixture(scope="module")
def big_view(big_graph):
    return build_view(big_graph, ViewOptions(budget=60))


def test_big_estate_scans_as_expected(big_graph):
    types = Counter(r.type for r in big_graph.resources)
    assert types["aws_sagemaker_endpoint"] == 300
    assert types["aws_s3_bucket"] == 50
    assert types["aws_lambda_function"] == 80
    assert types["aws_subnet"] == 20


def test_budget_is_respected(big_view):
    check_structure(big_view)
    drawn = [n for n in big_view.nodes if n.id != INTERNET]
    assert len(drawn) <= 60, len(drawn)


def test_collapsing_is_written_down(big_view):
    assert any(n.startswith("collapsed") for n in big_view.notes), big_view.notes
    endpoints = [n for n in big_view.nodes if any(m.startswith("aws_sagemaker_endpoint.e[") for m in n.members)]
    assert len(endpoints) == 1 and endpoints[0].count == 300
    assert "×300" in endpoints[0].label, endpoints[0].label
    buckets = [n for n in big_view.nodes if any(m.startswith("aws_s3_bucket.data[") for m in n.members)]
    assert len(buckets) == 1 and "×50" in buckets[0].label, [b.label for b in buckets]


def test_merged_edges_carry_a_count(big_view):
    endpoints = next(n for n in big_view.nodes if n.count == 300)
    edges = [e for e in big_view.edges if e.src == endpoints.id]
    assert edges, "the collapsed endpoint node has no edge"
    to_config = [e for e in edges if e.dst == "aws_sagemaker_endpoint_configuration.c"]
    assert len(to_config) == 1 and to_config[0].count == 300 and to_config[0].label == "×300", to_config
    for e in big_view.edges:
        if e.count > 1:
            assert e.label == f"×{e.count}", e
    dot = parse_dot(to_dot(big_view))
    attrs = dot_edge(dot, endpoints.id, "aws_sagemaker_endpoint_configuration.c", Relation.INVOKES)
    assert (attrs.get("xlabel") or attrs.get("label")) == "×300", attrs


@pytest.mark.parametrize("budget", [60, 10])
def test_nothing_dropped_silently_when_collapsing(big_graph, budget):
    view = build_view(big_graph, ViewOptions(budget=budget))
    check_structure(view)
    check_nothing_dropped(big_graph, view)


def test_boxes_of_the_big_estate_are_all_drawn(big_graph, big_view):
    """VPC and subnets are drawn as boxes (not nodes): each one must be there."""
    first_lines = [g.label.splitlines()[0] for g in big_view.groups]
    for r in big_graph.resources:
        record = kind(r.type)
        if record is not None and record.shape == Shape.GROUP:
            assert any(line.endswith(": " + display_name(r)) for line in first_lines), (r.address, first_lines)


def test_overview_is_much_smaller_than_engineering(big_graph, big_view, aws_graph, aws_view):
    overview = build_view(big_graph, ViewOptions(name="overview"))
    check_structure(overview)
    check_nothing_dropped(big_graph, overview)
    # one node per subnet and service group: 20 subnets of lambdas + the endpoint, bucket and IAM groups
    assert len(overview.nodes) < len(big_view.nodes), (len(overview.nodes), len(big_view.nodes))
    summaries = [n for n in overview.nodes if n.count > 1]
    assert summaries and all("resources" in n.label for n in summaries if n.tf_type == "group")
    assert sum(n.count for n in overview.nodes) == sum(n.count for n in big_view.nodes)
    aws_overview = build_view(aws_graph, ViewOptions(name="overview"))
    check_structure(aws_overview)
    assert len(aws_overview.nodes) < len(aws_view.nodes)


def test_big_view_renders(big_view, tmp_path):
    result = render(big_view, ["svg", "png"], tmp_path, "big")
    assert [p.name for p in result.files] == ["big.svg", "big.png"]
    assert all(p.stat().st_size > 1000 for p in result.files)


# ---------------------------------------------------------------------------------- focus, filter


def test_focus_keeps_the_endpoint_and_its_neighbours(aws_graph):
    target = "aws_sagemaker_endpoint.main"
    view = build_view(aws_graph, ViewOptions(focus=target))
    check_structure(view)
    fold = aws_graph.folded
    neighbours = {target}
    for e in aws_graph.edges:
        if e.relation == Relation.DEPENDS:
            continue
        src, dst = fold.get(e.src, e.src), fold.get(e.dst, e.dst)
        if src == target:
            neighbours.add(dst)
        if dst == target:
            neighbours.add(src)
    expected = neighbours & expected_drawable(aws_graph)
    expected -= {a for a in expected if (k := kind(aws_graph.by_address()[a].type)) and k.category in _NOT_DRAWN}
    drawn = {m for n in view.nodes for m in n.members}
    assert target in drawn
    assert drawn == expected, f"missing {sorted(expected - drawn)}, extra {sorted(drawn - expected)}"
    assert "aws_s3_bucket.training_data" not in drawn
    assert any(note.startswith(f"focus on {target}") for note in view.notes), view.notes


def test_filter_by_type_keeps_only_buckets(aws_graph):
    view = build_view(aws_graph, ViewOptions(filters=(("type", "aws_s3_*"),)))
    check_structure(view)
    assert {n.id for n in view.nodes} == {"aws_s3_bucket.artifacts", "aws_s3_bucket.training_data"}
    assert any(note.startswith("filter type=aws_s3_*") for note in view.notes), view.notes


def test_unknown_focus_is_one_clear_error(aws_graph):
    with pytest.raises(UserError) as info:
        build_view(aws_graph, ViewOptions(focus="aws_nope.missing"))
    message = str(info.value)
    assert "aws_nope.missing" in message and "\n" not in message, message


# ------------------------------------------------------------------------------------- by module


def test_group_by_module_shows_the_subnet_pair_instances(aws_graph):
    view = build_view(aws_graph, ViewOptions(group_by="module"))
    check_structure(view)
    modules = {g.label for g in view.groups if g.kind == "module"}
    assert {'module.subnet_pair["a"]', 'module.subnet_pair["b"]'} <= modules, \
        f"module groups in the view: {sorted(modules)}"


def test_group_by_module_puts_module_resources_in_module_groups(twin_graph):
    view = build_view(twin_graph, ViewOptions(group_by="module"))
    check_structure(view)
    assert group_of(view, "module.east.aws_lambda_function.fn").label == "module.east"
    assert group_of(view, "module.west.aws_lambda_function.fn").label == "module.west"
    assert node(view, 'aws_s3_bucket.keyed["team:a"]').group is None


# ----------------------------------------------------------------------------------- determinism


def test_rendering_is_byte_identical(aws_view, tmp_path):
    formats = ["png", "svg", "pdf", "dot"]
    first = render(aws_view, formats, tmp_path / "first", "engineering")
    time.sleep(1.05 - time.time() % 1)  # the second render in another second: a timestamp would show
    again = render(aws_view, formats, tmp_path / "again", "engineering")
    differ = [p.name for p, q in zip(first.files, again.files) if p.read_bytes() != q.read_bytes()]
    assert not differ, f"differ between two renders: {differ}"


def test_dot_node_ids_are_addresses(aws_view, aws_dot):
    assert set(aws_dot.nodes) == {dot_id(n.id) for n in aws_view.nodes} | {"legend"}
    for n in aws_view.nodes:
        if n.members == (n.id,):  # a resource: its address, which has no colon here
            assert n.id in aws_dot.nodes and aws_dot.nodes[n.id]["id"] == f"node-{n.id}"
        else:  # synthetic nodes (internet, placeholders) have a colon in their id: encoded
            assert ":" in n.id and n.id.replace(":", "%3A") in aws_dot.nodes, n.id
    assert not [name for name in aws_dot.nodes if ":" in name]


def test_colons_in_addresses_are_encoded(twin_graph):
    view = build_view(twin_graph, ViewOptions())
    dot = parse_dot(to_dot(view))
    for key in ("team:a", "team:b"):
        address = f'aws_s3_bucket.keyed["{key}"]'
        assert address in {n.id for n in view.nodes}
        assert address.replace(":", "%3A") in dot.nodes
    assert not [name for name in dot.nodes if ":" in name]


def test_cluster_names_are_unique_when_labels_repeat(twin_graph):
    view = build_view(twin_graph, ViewOptions())
    check_structure(view)
    labels = Counter(g.label for g in view.groups)
    assert labels["VPC: main\n10.0.0.0/16"] == 2, labels
    text = to_dot(view)
    names = re.findall(r"subgraph (\S+) \{", text)
    assert len(names) == len(set(names)) == len(view.groups), names
    dot = parse_dot(text)
    assert len(dot.clusters) == len(view.groups)
    east = group_of(view, "module.east.aws_lambda_function.fn")
    west = group_of(view, "module.west.aws_lambda_function.fn")
    assert east.label == west.label and east.id != west.id
    assert dot.innermost["module.east.aws_lambda_function.fn"] != dot.innermost["module.west.aws_lambda_function.fn"]


# ------------------------------------------------------------------------------------------- SVG


def test_svg_embeds_every_image(aws_rendered):
    directory, _ = aws_rendered
    svg = (directory / "engineering.svg").read_bytes()
    root = ET.fromstring(svg)
    hrefs = [el.get(XLINK_HREF) or el.get("href") for el in root.iter()
             if el.get(XLINK_HREF) is not None or el.get("href") is not None]
    images = [el for el in root.iter(f"{SVG_NS}image")]
    assert images, "no icons in the SVG"
    for href in hrefs:
        assert re.match(r"data:image/[\w.+-]+;base64,", href), f"SVG refers to a file: {href[:120]}"


def test_svg_nodes_carry_address_and_source(aws_view, aws_graph, aws_rendered):
    directory, _ = aws_rendered
    groups = svg_nodes((directory / "engineering.svg").read_bytes())
    by_title = {svg_title(g): g for g in groups}
    by_address = aws_graph.by_address()
    assert set(by_title) == {dot_id(n.id) for n in aws_view.nodes} | {"legend"}
    problems = []
    for n in aws_view.nodes:
        g = by_title[dot_id(n.id)]
        if g.get("data-address") != n.id:
            problems.append(f"{n.id}: data-address={g.get('data-address')!r}")
            continue
        if not n.members:  # the internet, placeholders: no source
            continue
        source = g.get("data-source")
        if source != by_address[n.id].source.label() or not SOURCE_LABEL.match(source or ""):
            problems.append(f"{n.id}: data-source={source!r}, resource at {by_address[n.id].source.label()}")
    assert not problems, f"{len(problems)} of {len(aws_view.nodes)} SVG nodes lack data attributes: {problems[:3]}"


# ------------------------------------------------------------------------------------------- PDF


def test_pdf_renders_to_pages(aws_rendered, tmp_path):
    directory, _ = aws_rendered
    pdf = directory / "engineering.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    done = subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")],
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages, "pdftoppm wrote no page"
    width, height = png_size(pages[0])
    assert width >= 200 and height >= 200, (width, height)
    assert pages[0].stat().st_size > 5000


def test_png_is_a_real_image(aws_rendered):
    directory, _ = aws_rendered
    width, height = png_size(directory / "engineering.png")
    assert width >= 800 and height >= 400, (width, height)


# ----------------------------------------------------------------------------- Graphviz timeouts


def test_slow_layout_is_a_clear_error_not_a_hang(big_graph, tmp_path):
    view = build_view(big_graph, ViewOptions(budget=1000))
    assert len(view.nodes) > 400
    started = time.perf_counter()
    with pytest.raises(UserError) as info:
        diagrams_map.render(view, ["svg"], tmp_path, "x", timeout=0.001)
    assert time.perf_counter() - started < 20
    assert "Graphviz" in str(info.value) and "\n" not in str(info.value), str(info.value)
    result = diagrams_map.render(view, ["svg"], tmp_path, "x", timeout=60)
    assert (tmp_path / "x.svg").stat().st_size > 10000 and result.files == (tmp_path / "x.svg",)


# ------------------------------------------------------------------------------------------- CLI


def test_missing_graphviz_exits_3_and_keeps_the_graph(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    out = tmp_path / "out"
    done = run_cli("scan", "terraform", str(SAMPLES / "aws-sagemaker"), "--format", "json,png", "-o", str(out),
                   env=cli_env(PATH=str(bin_dir), INFRA2ARCH_CACHE_DIR=str(tmp_path / "cache")))
    stderr = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 3, stderr
    lines = [l for l in stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "apt-get install graphviz" in lines[0], stderr
    assert (out / "graph.json").is_file()
    json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert not (out / "engineering.png").exists()


def test_render_command_gives_the_same_dot_as_scan(tmp_path):
    scanned = tmp_path / "scanned"
    done = run_cli("scan", "terraform", "samples/aws-sagemaker", "--format", "json,dot", "-o", str(scanned),
                   env=cli_env(INFRA2ARCH_CACHE_DIR=str(tmp_path / "cache")))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    rendered = tmp_path / "rendered"
    done = run_cli("render", str(scanned / "graph.json"), "--format", "dot", "-o", str(rendered))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert sorted(p.name for p in rendered.iterdir()) == ["engineering.dot"]
    a = normalise_icons((scanned / "engineering.dot").read_text(encoding="utf-8"))
    b = normalise_icons((rendered / "engineering.dot").read_text(encoding="utf-8"))
    assert a == b


COMMITTED_VIEWS = ("engineering", "security", "cost")


def _scan_sample_map(name: str, output: Path | str, cache: Path) -> None:
    """The command the lead used to draw the committed maps (run from the repository root)."""
    done = run_cli("scan", "terraform", f"samples/{name}", "--format", "png,svg,dot", "-o", str(output),
                   *[arg for view in COMMITTED_VIEWS for arg in ("--view", view)],
                   env=cli_env(INFRA2ARCH_CACHE_DIR=str(cache)))
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")


def _svg_addresses(path: Path) -> set[str]:
    return {g.get("data-address") for g in svg_nodes(path.read_bytes()) if g.get("data-address")}


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_committed_sample_maps_are_current(name, golden, tmp_path):
    committed = SAMPLES / name / "map"
    if golden.update:
        _scan_sample_map(name, f"samples/{name}/map", tmp_path / "cache")
        return
    missing = [f"{view}.{ext}" for view in COMMITTED_VIEWS for ext in ("dot", "png", "svg")
               if not (committed / f"{view}.{ext}").is_file()]
    if missing:
        pytest.fail(f"samples/{name}/map is missing {', '.join(missing)}: run pytest --update-golden to draw it")
    fresh = tmp_path / "map"
    _scan_sample_map(name, fresh, tmp_path / "cache")
    for view in COMMITTED_VIEWS:
        expected = normalise_icons((committed / f"{view}.dot").read_text(encoding="utf-8"))
        actual = normalise_icons((fresh / f"{view}.dot").read_text(encoding="utf-8"))
        if expected != actual:
            import difflib

            diff = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                     f"samples/{name}/map/{view}.dot", "fresh", n=1))[:60])
            pytest.fail(f"the committed {view} map of {name} is out of date (pytest --update-golden redraws it):\n{diff}")
        fresh_addresses = _svg_addresses(fresh / f"{view}.svg")
        assert fresh_addresses, "the fresh SVG has no data-address attributes"
        assert _svg_addresses(committed / f"{view}.svg") == fresh_addresses


def test_backslashes_in_keys_and_huge_stacks_do_not_break_the_layout(tmp_path: Path) -> None:
    # Graphviz rejects a quoted string longer than its 16 KiB lexer buffer ("String starting: ..."),
    # which a stacked node listing hundreds of members once produced; backslashes must stay literal
    root = write_tree(tmp_path / "tf", {"main.tf": r'''
resource "aws_s3_bucket" "a_bucket_with_a_rather_long_terraform_name" {
  count  = 600
  bucket = "b-${count.index}"
}
resource "aws_s3_bucket" "b" {
  for_each = toset(["C:\\data\\", "plain"])
  bucket   = "b-${md5(each.key)}"
}
'''})
    view = build_view(scan_dir(root), ViewOptions(budget=60))
    result = render(view, ["svg", "dot"], tmp_path / "out", "engineering")
    svg = html.unescape((tmp_path / "out" / "engineering.svg").read_text())
    assert 'aws_s3_bucket.b["C:\\data\\"]' in svg
    titles = re.findall(r"<title>(.*?)</title>", svg, re.S)
    assert max(len(t) for t in titles) <= diagrams_map.TOOLTIP_LIMIT
    assert any("600" in t for t in titles) or "600" in svg
    assert not any("fell back" in note or "could not" in note for note in result.notes)


def test_same_type_siblings_are_collapsed_only_as_far_as_the_budget_needs(tmp_path):
    # all-or-nothing collapsing took AzureTRE's core from 88 nodes to 23 under a budget of 60: the
    # largest same-type groups go first, and the rest keep their own nodes
    from infra2arch.graph import build_graph
    from infra2arch.views import ViewOptions, build_view
    from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

    blocks = [f'resource "aws_sqs_queue" "q{i:02d}" {{\n  name = "q{i:02d}"\n}}\n' for i in range(30)]
    blocks += [f'resource "aws_sns_topic" "t{i:02d}" {{\n  name = "t{i:02d}"\n}}\n' for i in range(12)]
    (tmp_path / "main.tf").write_text('provider "aws" {\n  region = "eu-west-1"\n}\n' + "".join(blocks))
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    view = build_view(graph, ViewOptions(name="engineering", budget=20))
    queues = [n for n in view.nodes if n.tf_type == "aws_sqs_queue"]
    topics = [n for n in view.nodes if n.tf_type == "aws_sns_topic"]
    assert len(queues) == 1 and len(queues[0].members) == 30      # the largest group collapsed
    assert len(topics) == 12                                       # the rest kept: 13 nodes fit 20
    assert any(note.startswith("collapsed same-type siblings in each box: 42 nodes → 13") for note in view.notes)


def test_an_existing_subnet_known_only_by_an_unknown_is_not_named_after_an_error(tmp_path):
    # subnet_ids = [element(var.ids, 1)] with the variable unset drew a box "existing subnets:
    # element(): argument not known"
    from infra2arch.graph import build_graph
    from infra2arch.views import ViewOptions, build_view
    from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

    (tmp_path / "main.tf").write_text("""
variable "ids" {
  type = list(string)
}
resource "aws_sagemaker_domain" "d" {
  domain_name = "d"
  auth_mode   = "IAM"
  vpc_id      = element(var.ids, 0)
  subnet_ids  = [element(var.ids, 1)]
  default_user_settings {
    execution_role = "arn:aws:iam::123456789012:role/x"
  }
}
""")
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    labels = [g.label for g in build_view(graph, ViewOptions(name="engineering")).groups]
    assert not any("argument not known" in label for label in labels), labels
    assert any(label.endswith("not known before apply") for label in labels), labels


def test_providers_that_are_not_clouds_are_not_drawn_as_accounts(tmp_path):
    # a Pinecone index beside a Lambda was boxed as "pinecone account", and azuread identities as
    # "azuread account"
    from infra2arch.graph import build_graph
    from infra2arch.views import ViewOptions, build_view
    from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider

    (tmp_path / "main.tf").write_text("""
resource "pinecone_index" "kb" {
  name      = "kb"
  dimension = 1536
}
resource "helm_release" "vllm" {
  name  = "vllm"
  chart = "vllm"
}
resource "azuread_application" "app" {
  display_name = "rag"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
""")
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    labels = {g.label for g in build_view(graph, ViewOptions(name="engineering")).groups if g.kind == "cloud"}
    assert {"pinecone (external service)", "helm objects (inside a Kubernetes cluster)", "Microsoft Entra ID tenant",
            "AWS account"} <= labels, labels
    assert not any(label.endswith(" account") and not label.startswith("AWS") for label in labels), labels
