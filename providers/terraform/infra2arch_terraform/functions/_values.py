"""Conversions to the parameter types of Terraform functions; equality, sets and type unification."""

from __future__ import annotations

import json
from typing import Any, Iterable

from infra2arch.model import Unknown

from infra2arch_terraform.functions._base import FunctionError, _is_num, _is_seq, _norm, _tname
from infra2arch_terraform.functions._gotext import _num_to_str, _parse_number

# -- conversions to the parameter types of Terraform functions


def _as_str(value: Any, what: str = "argument") -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_num(value):
        return _num_to_str(value)
    if value is None:
        raise FunctionError(f"{what} must not be null")
    raise FunctionError(f"{what}: string required, got {_tname(value)}")


def _as_num(value: Any, what: str = "argument") -> int | float:
    if _is_num(value):
        return value
    if isinstance(value, str):
        try:
            return _parse_number(value)
        except FunctionError:
            raise FunctionError(f"{what}: a number is required, got {json.dumps(value)}") from None
    if value is None:
        raise FunctionError(f"{what} must not be null")
    raise FunctionError(f"{what}: number required, got {_tname(value)}")


def _as_int(value: Any, what: str = "argument") -> int:
    number = _as_num(value, what)
    if isinstance(number, float):
        if not number.is_integer():
            raise FunctionError(f"{what}: a whole number is required, got {_num_to_str(number)}")
        return int(number)
    return number


def _as_bool(value: Any, what: str = "argument") -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    if value is None:
        raise FunctionError(f"{what} must not be null")
    raise FunctionError(f"{what}: bool required, got {_tname(value)}")


def _as_list(value: Any, what: str = "argument") -> list:
    if _is_seq(value):
        return list(value)
    if value is None:
        raise FunctionError(f"{what} must not be null")
    raise FunctionError(f"{what}: list, set or tuple required, got {_tname(value)}")


def _as_map(value: Any, what: str = "argument") -> dict:
    if isinstance(value, dict):
        return value
    if value is None:
        raise FunctionError(f"{what} must not be null")
    raise FunctionError(f"{what}: map or object required, got {_tname(value)}")


# -- equality, sets, type unification


def _equal(a: Any, b: Any) -> bool | None:
    """Terraform's == on values: type-sensitive; None when unknown values decide."""
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return None
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_num(a) or _is_num(b):
        return _is_num(a) and _is_num(b) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    unknown = False
    if _is_seq(a) and _is_seq(b):
        if len(a) != len(b):
            return False
        pairs = list(zip(a, b))
    elif isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        pairs = [(a[k], b[k]) for k in a]
    else:
        return False
    for x, y in pairs:
        eq = _equal(x, y)
        if eq is False:
            return False
        if eq is None:
            unknown = True
    return None if unknown else True


def _canonical(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    if _is_seq(value):
        return [_canonical(v) for v in value]
    if isinstance(value, float):
        return _norm(value)
    return value


def _identity(value: Any) -> str:
    """A key telling set elements apart (1 and 1.0 are one number, 1 and true are not)."""
    return json.dumps(_canonical(value), sort_keys=True, default=repr)


def _sort_key(value: Any) -> tuple:
    if isinstance(value, (dict, list, tuple)):
        return (type(value).__name__, _identity(value))
    return (type(value).__name__, repr(value))


def _sorted_set(items: Iterable[Any]) -> list:
    """De-duplicate and sort deterministically: strings lexically, numbers numerically."""
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(_identity(item), item)
    values = list(seen.values())
    if all(isinstance(v, str) for v in values):
        return sorted(values)
    if all(_is_num(v) for v in values):
        return sorted(values)
    return sorted(values, key=_sort_key)


def _kind(value: Any) -> str | None:
    if value is None or isinstance(value, Unknown):
        return None
    if isinstance(value, bool):
        return "bool"
    if _is_num(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if _is_seq(value):
        return "list"
    if isinstance(value, dict):
        return "map"
    raise FunctionError(f"unsupported value of type {type(value).__name__}")


def _unify(items: list, what: str) -> list:
    """Convert elements to one type as Terraform does for lists, sets and maps."""
    kinds = {k for k in map(_kind, items) if k is not None}
    primitive = kinds & {"bool", "number", "string"}
    if primitive and kinds - primitive:
        raise FunctionError(f"cannot convert {what} to a collection of any single type")
    if {"list", "map"} <= kinds:
        raise FunctionError(f"cannot convert {what} to a collection of any single type")
    if len(primitive) > 1:
        return [v if v is None or isinstance(v, Unknown) else _as_str(v) for v in items]
    return list(items)


