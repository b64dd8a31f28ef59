"""HCL's JSON syntax (``.tf.json``): top-level keys are block types, strings are templates."""

from __future__ import annotations

import json
from typing import Any

from infra2arch_terraform.hcl import parse_expression, parse_template
from infra2arch_terraform.syntax_tree import Attribute, Block, Body, HCLSyntaxError, Literal, Node, Object, Tuple



def parse_json_file(src: str, filename: str) -> Body:
    """Parse ``.tf.json``: top-level keys are block types, strings are templates.

    Without provider schemas a nested JSON object cannot be told apart from a map attribute; we
    keep nested objects as object expressions, which evaluates to the same shape either way.
    """
    try:
        data = json.loads(src)
    except json.JSONDecodeError as exc:
        raise HCLSyntaxError(f"invalid JSON: {exc.msg}", filename, exc.lineno) from None
    if not isinstance(data, dict):
        raise HCLSyntaxError("a .tf.json file must hold a JSON object", filename, 1)
    return _json_body(data, filename, depth=0)


# how many labels each top-level block type takes in JSON syntax
_JSON_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
                "locals": 0, "terraform": 0, "moved": 0, "import": 0, "check": 1, "removed": 0}


def _json_body(data: dict, filename: str, depth: int) -> Body:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for key in data:
        if key == "//":
            continue
        value = data[key]
        if depth == 0 and key in _JSON_LABELS:
            for labels, body in _json_labelled(value, _JSON_LABELS[key]):
                if key == "locals":
                    blocks.append(Block(key, [], _json_locals(body, filename), 1))
                else:
                    blocks.append(Block(key, labels, _json_block_body(body, filename, key), 1))
            continue
        attributes[key] = Attribute(key, _json_expression(value, filename), 1)
    return Body(attributes, blocks)


def _json_labelled(value: Any, count: int) -> list[tuple[list[str], Any]]:
    if count == 0:
        return [([], item) for item in (value if isinstance(value, list) else [value])]
    out: list[tuple[list[str], Any]] = []
    if isinstance(value, list):
        for item in value:
            out.extend(_json_labelled(item, count))
        return out
    if not isinstance(value, dict):
        return out
    for label, inner in value.items():
        for labels, body in _json_labelled(inner, count - 1):
            out.append(([label, *labels], body))
    return out


_JSON_META_BLOCKS = {"lifecycle", "provisioner", "connection", "dynamic"}


def _json_block_body(body: Any, filename: str, block_type: str) -> Body:
    if isinstance(body, list):  # several bodies for one block: merge their attributes
        merged: dict = {}
        for item in body:
            if isinstance(item, dict):
                merged.update(item)
        body = merged
    if not isinstance(body, dict):
        return Body({}, [])
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for key, value in body.items():
        if key == "//":
            continue
        if block_type in ("variable",) and key in ("type",) and isinstance(value, str):
            attributes[key] = Attribute(key, parse_expression(value, filename), 1)
            continue
        if key in _JSON_META_BLOCKS and isinstance(value, (dict, list)):
            continue
        attributes[key] = Attribute(key, _json_expression(value, filename), 1)
    return Body(attributes, blocks)


def _json_locals(body: Any, filename: str) -> Body:
    if not isinstance(body, dict):
        return Body({}, [])
    return Body({k: Attribute(k, _json_expression(v, filename), 1) for k, v in body.items() if k != "//"}, [])


def _json_expression(value: Any, filename: str) -> Node:
    if isinstance(value, str):
        if "${" in value or "%{" in value:
            return parse_template(value, filename)
        return Literal(value)
    if isinstance(value, list):
        return Tuple([_json_expression(v, filename) for v in value])
    if isinstance(value, dict):
        return Object([(Literal(k), _json_expression(v, filename)) for k, v in value.items() if k != "//"])
    if isinstance(value, float) and value.is_integer():
        return Literal(int(value))
    return Literal(value)
