"""draw.io (diagrams.net) files of a view: ``<view>.drawio``, uncompressed mxGraph XML.

Positions come from the same Graphviz layout as the PNG/SVG maps (``dot -Tjson`` of
``diagrams_map.to_dot``), so the file opens looking like the picture and stays editable: each box
(account, region, network, subnet …) is a container cell, each node a cell inside its container
with the provider's shape library icon (aws4, gcp2, azure2) where one is known, each edge a
connector with its relation's colour, dash and label. Labels are plain text (``html=0``): a
value from the scan is never read as markup. The same view gives the same bytes.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Mapping

from infra2arch.catalog import Category, kind
from infra2arch.errors import MissingComponent, UserError
from infra2arch.model import Relation
from infra2arch.redact import scrub_text
from infra2arch.render import diagrams_map
from infra2arch.views import View, VNode

POINTS_PER_INCH = 72.0
_AWS = "shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.{};fillColor={};strokeColor=#ffffff;"
_GCP = "shape=mxgraph.gcp2.hexIcon;prIcon={};fillColor=#5184F3;strokeColor=none;"
_AZURE = "image;aspect=fixed;image=img/lib/azure2/{};"
# category -> icon per cloud (names from the diagrams.net shape libraries)
_ICONS: Mapping[str, Mapping[str, str]] = {
    "ml.": {"aws": _AWS.format("sagemaker", "#01A88D"), "google": _GCP.format("cloud_machine_learning"),
            "azurerm": _AZURE.format("ai_machine_learning/Machine_Learning.svg")},
    Category.COMPUTE_FUNCTION.value: {"aws": _AWS.format("lambda", "#ED7100"), "google": _GCP.format("cloud_functions"),
                                      "azurerm": _AZURE.format("compute/Function_Apps.svg")},
    Category.COMPUTE_VM.value: {"aws": _AWS.format("ec2", "#ED7100"), "google": _GCP.format("compute_engine"),
                                "azurerm": _AZURE.format("compute/Virtual_Machine.svg")},
    Category.COMPUTE_CONTAINER.value: {"aws": _AWS.format("ecs", "#ED7100"), "google": _GCP.format("cloud_run")},
    Category.STORAGE_OBJECT.value: {"aws": _AWS.format("s3", "#7AA116"), "google": _GCP.format("cloud_storage"),
                                    "azurerm": _AZURE.format("storage/Storage_Accounts.svg")},
    Category.STORAGE_DATABASE.value: {"aws": _AWS.format("rds", "#C925D1"), "google": _GCP.format("cloud_sql")},
    Category.STORAGE_WAREHOUSE.value: {"google": _GCP.format("bigquery")},
    Category.STORAGE_REGISTRY.value: {"aws": _AWS.format("ecr", "#ED7100")},
    Category.STORAGE_QUEUE.value: {"aws": _AWS.format("sqs", "#E7157B"), "google": _GCP.format("cloud_pubsub")},
    Category.NETWORK_API.value: {"aws": _AWS.format("api_gateway", "#E7157B")},
    Category.NETWORK_CDN.value: {"aws": _AWS.format("cloudfront", "#8C4FFF")},
    Category.NETWORK_DNS.value: {"aws": _AWS.format("route_53", "#8C4FFF")},
    Category.NETWORK_LOAD_BALANCER.value: {"aws": _AWS.format("elastic_load_balancing", "#8C4FFF")},
    Category.SECURITY_KEY.value: {"aws": _AWS.format("key_management_service", "#DD344C"),
                                  "azurerm": _AZURE.format("security/Key_Vaults.svg")},
    Category.SECURITY_SECRET.value: {"aws": _AWS.format("secrets_manager", "#DD344C")},
    "iam.": {"aws": _AWS.format("identity_and_access_management", "#DD344C"),
             "azurerm": _AZURE.format("identity/Managed_Identities.svg")},
    "ops.": {"aws": _AWS.format("cloudwatch_2", "#E7157B")},
}
_EDGE_DASH = {Relation.DEPENDS: "dashed=1;dashPattern=1 3;"}


def icon_style(node: VNode) -> str | None:
    record = kind(node.tf_type)
    if record is None or node.count != 1:
        return None
    cloud = node.tf_type.split("_", 1)[0]
    category = record.category.value
    for key in (category, category.split(".", 1)[0] + "."):
        found = _ICONS.get(key, {}).get(cloud)
        if found:
            return found
    return None


def layout(view: View, timeout: float = 60.0) -> dict[str, Any]:
    """Graphviz's layout of the view as JSON (positions in points, y upwards)."""
    if not diagrams_map.graphviz_available():
        raise MissingComponent(diagrams_map.INSTALL_GRAPHVIZ)
    dot = diagrams_map.to_dot(view)
    for attempt in (dot, diagrams_map.to_dot(view, splines="spline"), diagrams_map.to_dot(view, splines="line")):
        try:
            done = subprocess.run(["dot", "-Tjson"], input=attempt.encode("utf-8"), capture_output=True,
                                  timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            continue
        if done.returncode == 0 and done.stdout:
            return json.loads(done.stdout)
    raise UserError("Graphviz could not lay out the map for draw.io")


def _box(text: str) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = (float(v) for v in text.split(","))
    return x1, y1, x2, y2


def to_drawio(view: View, timeout: float = 60.0) -> str:
    data = layout(view, timeout)
    height = _box(data["bb"])[3]
    objects = data.get("objects", [])
    by_name = {o.get("name"): o for o in objects}
    # absolute top-left boxes in draw.io coordinates (y down)
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for group in view.groups:
        obj = by_name.get(f"cluster_{group.id}")
        if obj is not None and "bb" in obj:
            x1, y1, x2, y2 = _box(obj["bb"])
            boxes[group.id] = (x1, height - y2, x2 - x1, y2 - y1)
    for node in view.nodes:
        obj = by_name.get(diagrams_map.dot_id(node.id))
        if obj is None or "pos" not in obj:
            continue
        x, y = (float(v) for v in obj["pos"].split(","))
        w = float(obj.get("width", 1)) * POINTS_PER_INCH
        h = float(obj.get("height", 1)) * POINTS_PER_INCH
        boxes[node.id] = (x - w / 2, height - y - h / 2, w, h)

    mxfile = ET.Element("mxfile", host="infra2arch", type="device")
    diagram = ET.SubElement(mxfile, "diagram", id=view.name, name=scrub_text(view.title)[:120])
    model = ET.SubElement(diagram, "mxGraphModel", dx="0", dy="0", grid="1", gridSize="10", guides="1",
                          tooltips="1", connect="1", arrows="1", fold="1", page="0", pageScale="1",
                          math="0", shadow="0")
    root = ET.SubElement(model, "root")
    ET.SubElement(root, "mxCell", id="0")
    ET.SubElement(root, "mxCell", id="1", parent="0")
    cell_ids: dict[str, str] = {}
    for index, group in enumerate(sorted(view.groups, key=lambda g: g.id)):
        cell_ids[group.id] = f"g{index}"
    for index, node in enumerate(sorted(view.nodes, key=lambda n: n.id)):
        cell_ids[node.id] = f"n{index}"

    def geometry(cell: ET.Element, item: str, parent: str | None) -> None:
        x, y, w, h = boxes.get(item, (0.0, 0.0, 120.0, 60.0))
        if parent is not None and parent in boxes:
            px, py, _, _ = boxes[parent]
            x, y = x - px, y - py
        ET.SubElement(cell, "mxGeometry", x=f"{x:.1f}", y=f"{y:.1f}", width=f"{w:.1f}", height=f"{h:.1f}",
                      **{"as": "geometry"})

    # containers first, parents before children, so every parent precedes its cells
    ordered: list = []
    placed: set[str] = set()
    pending = sorted(view.groups, key=lambda g: g.id)
    while pending:
        rest = []
        for group in pending:
            if group.parent is None or group.parent in placed or group.parent not in cell_ids:
                ordered.append(group)
                placed.add(group.id)
            else:
                rest.append(group)
        if len(rest) == len(pending):  # a cycle cannot happen in a view; never loop forever
            ordered.extend(rest)
            break
        pending = rest
    for group in ordered:
        style = group.style
        parent = group.parent if group.parent in cell_ids else None
        css = ("rounded=1;whiteSpace=wrap;html=0;container=1;collapsible=0;recursiveResize=0;verticalAlign=top;"
               f"align=left;spacingLeft=8;fontStyle=1;fillColor={style.get('bgcolor', '#FFFFFF')};"
               f"strokeColor={style.get('pencolor', '#8A99A8')};"
               + ("dashed=1;" if "dashed" in style.get("style", "") else ""))
        cell = ET.SubElement(root, "mxCell", id=cell_ids[group.id], value=scrub_text(group.label), style=css,
                             vertex="1", parent=cell_ids[parent] if parent else "1")
        geometry(cell, group.id, parent)
    for node in sorted(view.nodes, key=lambda n: n.id):
        parent = node.group if node.group in cell_ids else None
        icon = icon_style(node)
        if icon:
            css = icon + ("html=0;verticalLabelPosition=bottom;verticalAlign=top;align=center;aspect=fixed;"
                          "fontSize=11;labelBackgroundColor=#FFFFFF;")
        else:
            fill = node.style.get("fillcolor", "#FFFFFF")
            stroke = node.style.get("color", "#475569")
            css = (f"rounded=1;whiteSpace=wrap;html=0;fillColor={fill};strokeColor={stroke};fontSize=11;"
                   + ("ellipse;" if node.tf_type == "internet" else ""))
        cell = ET.SubElement(root, "mxCell", id=cell_ids[node.id], value=scrub_text(node.label), style=css,
                             vertex="1", parent=cell_ids[parent] if parent else "1")
        if icon:  # the icon square is the node; its label hangs below it, as in the PNG
            x, y, w, h = boxes.get(node.id, (0.0, 0.0, 90.0, 90.0))
            side = min(w, h, 78.0)
            boxes[node.id] = (x + (w - side) / 2, y, side, side)
        geometry(cell, node.id, parent)
    for index, edge in enumerate(view.edges):
        if edge.src not in cell_ids or edge.dst not in cell_ids:
            continue
        colour = edge.highlight or diagrams_map.EDGE_STYLES[edge.relation]["color"]
        css = (f"edgeStyle=orthogonalEdgeStyle;rounded=1;html=0;endArrow=block;strokeColor={colour};"
               f"strokeWidth={3 if edge.highlight else 1.5};fontSize=10;"
               + ("dashed=1;" if edge.inferred else _EDGE_DASH.get(edge.relation, "")))
        text = edge.label or ("" if edge.relation == Relation.DEPENDS else edge.relation.value)
        cell = ET.SubElement(root, "mxCell", id=f"e{index}", value=scrub_text(text), style=css, edge="1",
                             parent="1", source=cell_ids[edge.src], target=cell_ids[edge.dst])
        ET.SubElement(cell, "mxGeometry", relative="1", **{"as": "geometry"})
    ET.indent(mxfile, space=" ")
    return ET.tostring(mxfile, encoding="unicode") + "\n"


def render(view: View, directory: Path, basename: str, timeout: float = 60.0) -> list[Path]:
    text = to_drawio(view, timeout)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{basename}.drawio"
    diagrams_map._write(path, text.encode("utf-8"))
    return [path]
