"""Type conversion functions (to*, sensitive, nonsensitive, issensitive, type)."""

from __future__ import annotations

import json
from typing import Any

from infra2arch.model import Unknown, is_known

from infra2arch_terraform.functions._base import FunctionError, _is_num, _is_seq, _norm, _tname, _unknown
from infra2arch_terraform.functions._gotext import _parse_number
from infra2arch_terraform.functions._values import _as_str, _sorted_set, _unify
from infra2arch_terraform.functions._registry import _register

# ---------------------------------------------------------------------------------------------
# Type conversion functions


@_register("tobool", 1)
def _tobool(ctx, value):
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str):
        raise FunctionError(f"cannot convert {json.dumps(value)} to bool; only the strings \"true\" or \"false\" are allowed")
    raise FunctionError(f"cannot convert {_tname(value)} to bool")


@_register("tonumber", 1)
def _tonumber(ctx, value):
    if value is None or _is_num(value):
        return _norm(value)
    if isinstance(value, str):
        try:
            return _parse_number(value)
        except FunctionError:
            raise FunctionError(f"cannot convert {json.dumps(value)} to number; given string must be a decimal representation of a number") from None
    raise FunctionError(f"cannot convert {_tname(value)} to number")


@_register("tostring", 1)
def _tostring(ctx, value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or _is_num(value):
        return _as_str(value)
    raise FunctionError(f"cannot convert {_tname(value)} to string")


@_register("tolist", 1, unknown="custom")
def _tolist(ctx, value):
    if isinstance(value, Unknown):
        return _unknown("tolist", value)
    if value is None:
        return None
    if not _is_seq(value):
        raise FunctionError(f"cannot convert {_tname(value)} to list")
    return _unify(list(value), "tuple")


@_register("toset", 1, unknown="custom")
def _toset(ctx, value):
    if value is None:
        return None
    if not is_known(value):
        return _unknown("toset", value)
    if not _is_seq(value):
        raise FunctionError(f"cannot convert {_tname(value)} to set")
    return _sorted_set(_unify(list(value), "tuple"))


@_register("tomap", 1, unknown="custom")
def _tomap(ctx, value):
    if isinstance(value, Unknown):
        return _unknown("tomap", value)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FunctionError(f"cannot convert {_tname(value)} to map")
    keys = sorted(value)
    converted = _unify([value[k] for k in keys], "object")
    return dict(zip(keys, converted))


def _passthrough(ctx, value):
    return value


_register("sensitive", 1, unknown="custom")(_passthrough)
_register("nonsensitive", 1, unknown="custom")(_passthrough)
_register("ephemeralasnull", 1, unknown="custom")(_passthrough)


@_register("issensitive", 1, unknown="custom")
def _issensitive(ctx, value):
    return False


def _type_of(value: Any) -> str:
    if value is None or isinstance(value, Unknown):
        return "dynamic"
    if isinstance(value, bool):
        return "bool"
    if _is_num(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if _is_seq(value):
        return "tuple([" + ", ".join(_type_of(v) for v in value) + "])"
    if isinstance(value, dict):
        return "object({" + ", ".join(f"{k}: {_type_of(value[k])}" for k in sorted(value)) + "})"
    return "dynamic"


@_register("type", 1, unknown="custom")
def _type(ctx, value):
    return _type_of(value)

