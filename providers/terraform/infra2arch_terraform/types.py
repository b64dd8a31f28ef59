"""Terraform type constraints: convert a variable's value to its declared type, with optional() defaults."""

from __future__ import annotations

import re
from typing import Any, Callable

from infra2arch.model import Unknown

from infra2arch_terraform import hcl

_NUMBER_TEXT = re.compile(r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$")


class TypeConversionError(Exception):
    pass


def type_name(node: hcl.Node | None) -> str:
    if isinstance(node, hcl.Variable):
        return node.name
    if isinstance(node, hcl.Call):
        return node.name
    return "any"


def convert(value: Any, type_node: hcl.Node | None, evaluate: Callable[[hcl.Node], Any]) -> Any:
    """Convert ``value`` to the type ``type_node`` (an unevaluated type expression).

    ``evaluate`` evaluates default expressions of ``optional(T, default)``. Raises
    TypeConversionError when the value cannot have that type.
    """
    if type_node is None or value is None or isinstance(value, Unknown):
        return value
    name = type_name(type_node)
    args = type_node.args if isinstance(type_node, hcl.Call) else []
    if name == "any":
        return value
    if name == "string":
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return _number_text(value)
        if isinstance(value, str):
            return value
        raise TypeConversionError(f"a string is required, got {_describe(value)}")
    if name == "number":
        if isinstance(value, bool):
            raise TypeConversionError("a number is required, got bool")
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str) and _NUMBER_TEXT.match(value.strip()):
            number = float(value)
            return int(number) if number.is_integer() and "." not in value and "e" not in value.lower() else number
        raise TypeConversionError(f"a number is required, got {_describe(value)}")
    if name == "bool":
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        raise TypeConversionError(f"a bool is required, got {_describe(value)}")
    if name in ("list", "set"):
        if isinstance(value, dict):
            raise TypeConversionError(f"a {name} is required, got an object")
        if not isinstance(value, list):
            raise TypeConversionError(f"a {name} is required, got {_describe(value)}")
        element = args[0] if args else None
        items = [convert(item, element, evaluate) for item in value]
        if type_name(element) == "any":
            items = _unify(items)
        if name == "set" and all(not isinstance(i, (Unknown, dict, list)) for i in items):
            unique = {_set_key(i): i for i in items}
            items = [unique[k] for k in sorted(unique)]
        return items
    if name == "tuple":
        if not isinstance(value, list):
            raise TypeConversionError(f"a tuple is required, got {_describe(value)}")
        element_types = args[0].items if args and isinstance(args[0], hcl.Tuple) else []
        return [convert(item, element_types[i] if i < len(element_types) else None, evaluate)
                for i, item in enumerate(value)]
    if name == "map":
        if not isinstance(value, dict):
            raise TypeConversionError(f"a map is required, got {_describe(value)}")
        element = args[0] if args else None
        converted = {key: convert(item, element, evaluate) for key, item in value.items()}
        if type_name(element) == "any":
            keys = list(converted)
            converted = dict(zip(keys, _unify([converted[k] for k in keys])))
        return converted
    if name == "object":
        if not isinstance(value, dict):
            raise TypeConversionError(f"an object is required, got {_describe(value)}")
        if not args or not isinstance(args[0], hcl.Object):
            return value
        declared = {k.value for k, _ in args[0].items if isinstance(k, hcl.Literal)}
        result = {k: v for k, v in value.items() if k in declared}  # Terraform drops undeclared attributes
        for key_node, attr_type in args[0].items:
            key = key_node.value if isinstance(key_node, hcl.Literal) else None
            if not isinstance(key, str):
                continue
            optional = isinstance(attr_type, hcl.Call) and attr_type.name == "optional"
            inner = attr_type.args[0] if optional and attr_type.args else attr_type
            present = result.get(key)
            if present is None:
                if optional:
                    default = evaluate(attr_type.args[1]) if len(attr_type.args) > 1 else None
                    result[key] = convert(default, inner, evaluate)
                elif key not in result:
                    raise TypeConversionError(f"attribute {key!r} is required")
                continue
            result[key] = convert(present, inner, evaluate)
        return result
    if name == "optional" and args:
        return convert(value, args[0], evaluate)
    return value


def _primitive_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number_text(value)
    return value


def _unify(items: list) -> list:
    """Terraform's unification for list(any)/map(any): one element type for all. Mixed primitives
    become strings; objects with different attributes become maps of strings."""
    known = [i for i in items if i is not None and not isinstance(i, Unknown)]
    if len(known) < 2:
        return items
    if all(isinstance(i, dict) for i in known):
        shapes = {(tuple(sorted(i)), tuple(type(v).__name__ for _, v in sorted(i.items()))) for i in known}
        if len(shapes) > 1 and all(not isinstance(v, (dict, list)) for i in known for v in i.values()):
            return [{k: _primitive_text(v) for k, v in i.items()} if isinstance(i, dict) else i for i in items]
        return items
    if all(not isinstance(i, (dict, list)) for i in known) and len({type(i).__name__ for i in known}) > 1:
        return [_primitive_text(i) for i in items]
    return items


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _set_key(value: Any) -> tuple:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (1, value, "")
    return (0, 0, str(value))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
