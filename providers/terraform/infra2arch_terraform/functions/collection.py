"""Collection functions (lang/funcs/collection.go and cty's stdlib collection and set functions)."""

from __future__ import annotations

import json
import math
from decimal import Decimal, localcontext

from infra2arch.model import Unknown, is_known

from infra2arch_terraform.functions._base import (
    MAX_RANGE_VALUES,
    MAX_RESULT_ITEMS,
    FunctionError,
    FunctionLimitError,
    _is_num,
    _is_seq,
    _norm,
    _tname,
    _unknown,
)
from infra2arch_terraform.functions._gotext import _dec, _graphemes
from infra2arch_terraform.functions._values import (
    _as_bool,
    _as_int,
    _as_list,
    _as_map,
    _as_num,
    _as_str,
    _equal,
    _identity,
    _kind,
    _sorted_set,
    _unify,
)
from infra2arch_terraform.functions._registry import VARIADIC, _register

# ---------------------------------------------------------------------------------------------
# Collection functions


@_register("alltrue", 1, unknown="custom")
def _alltrue(ctx, lst):
    if isinstance(lst, Unknown):
        return _unknown("alltrue", lst)
    for item in _as_list(lst, "list"):
        if isinstance(item, Unknown):
            return _unknown("alltrue", lst)
        if item is None:
            return False
        if not _as_bool(item, "list element"):
            return False
    return True


@_register("anytrue", 1, unknown="custom")
def _anytrue(ctx, lst):
    if isinstance(lst, Unknown):
        return _unknown("anytrue", lst)
    has_unknown = False
    for item in _as_list(lst, "list"):
        if isinstance(item, Unknown):
            has_unknown = True
            continue
        if item is None:
            continue
        if _as_bool(item, "list element"):
            return True
    if has_unknown:
        return _unknown("anytrue", lst)
    return False


@_register("chunklist", 2, unknown="custom")
def _chunklist(ctx, lst, size):
    if isinstance(lst, Unknown) or not is_known(size):
        return _unknown("chunklist", lst, size)
    items = _as_list(lst, "list")
    if not items:
        return []
    chunk = _as_int(size, "size")
    if chunk < 0:
        raise FunctionError("the size argument must be positive")
    if chunk == 0:
        return [items]
    return [items[i : i + chunk] for i in range(0, len(items), chunk)]


def _common_primitive(values: list) -> str | None:
    kinds = {k for k in map(_kind, values) if k is not None}
    if kinds and kinds <= {"bool", "number", "string"} and len(kinds) > 1:
        return "string"
    if len(kinds) > 1:
        raise FunctionError("all arguments must have the same type")
    return next(iter(kinds), None)


@_register("coalesce", 0, VARIADIC, unknown="custom")
def _coalesce(ctx, *args):
    kind = _common_primitive(list(args))
    for arg in args:
        if not is_known(arg):
            return _unknown("coalesce", *args)
        if arg is None:
            continue
        value = _as_str(arg) if kind == "string" else arg
        if kind == "string" and value == "":
            continue
        return value
    raise FunctionError("no non-null, non-empty-string arguments")


@_register("coalescelist", 1, VARIADIC, unknown="custom")
def _coalescelist(ctx, *args):
    for i, arg in enumerate(args):
        if isinstance(arg, Unknown):
            return _unknown("coalescelist", *args)
        if arg is None:
            continue
        if not _is_seq(arg):
            raise FunctionError(f"coalescelist arguments must be lists or tuples, got {_tname(arg)}")
        if len(arg) > 0:
            return list(arg)
    return []


@_register("compact", 1)
def _compact(ctx, lst):
    out = []
    for i, item in enumerate(_as_list(lst, "list")):
        if item is None:
            continue
        if _is_seq(item) or isinstance(item, dict):
            raise FunctionError(f"element {i} must be a string, got {_tname(item)}")
        text = _as_str(item)
        if text != "":
            out.append(text)
    return out


@_register("concat", 0, VARIADIC, unknown="custom")
def _concat(ctx, *lists):
    out: list = []
    for i, lst in enumerate(lists):
        if isinstance(lst, Unknown):
            return _unknown("concat", *lists)
        out.extend(_as_list(lst, f"argument {i + 1}"))
    return out


@_register("contains", 2, unknown="custom")
def _contains(ctx, lst, value):
    if isinstance(lst, Unknown):
        return _unknown("contains", lst, value)
    if isinstance(lst, dict) or not _is_seq(lst):
        if lst is None:
            raise FunctionError("cannot search a nil list or set")
        raise FunctionError("argument must be list, tuple, or set")
    if not lst:
        return False
    if isinstance(value, Unknown):
        return _unknown("contains", lst, value)
    has_unknown = False
    for item in lst:
        eq = _equal(item, value)
        if eq is None:
            has_unknown = True
        elif eq:
            return True
    if has_unknown:
        return _unknown("contains", lst, value)
    return False


@_register("distinct", 1)
def _distinct(ctx, lst):
    out, seen = [], set()
    for item in _as_list(lst, "list"):
        key = _identity(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


@_register("element", 2, unknown="custom")
def _element(ctx, lst, index):
    if isinstance(lst, Unknown) or not is_known(index):
        return _unknown("element", lst, index)
    items = _as_list(lst, "list")
    idx = _as_int(index, "index")
    if not items:
        raise FunctionError("cannot use element function with an empty list")
    return items[idx % len(items)]


def _flatten(items: list, out: list) -> None:
    for item in items:
        if _is_seq(item):
            _flatten(item, out)
        else:
            out.append(item)


@_register("flatten", 1, unknown="custom")
def _flatten_fn(ctx, lst):
    if isinstance(lst, Unknown):
        return _unknown("flatten", lst)
    out: list = []
    _flatten(_as_list(lst, "list"), out)
    return out


@_register("index", 2, unknown="custom")
def _index(ctx, lst, value):
    if isinstance(lst, Unknown):
        return _unknown("index", lst, value)
    items = _as_list(lst, "list")
    if not items:
        raise FunctionError("cannot search an empty list")
    for i, item in enumerate(items):
        eq = _equal(item, value)
        if eq is None:
            return _unknown("index", lst, value)
        if eq:
            return i
    raise FunctionError("item not found")


@_register("keys", 1, unknown="custom")
def _keys(ctx, m):
    if isinstance(m, Unknown):
        return _unknown("keys", m)
    return sorted(str(k) for k in _as_map(m, "map"))


@_register("values", 1, unknown="custom")
def _values(ctx, m):
    if isinstance(m, Unknown):
        return _unknown("values", m)
    mapping = _as_map(m, "map")
    return [mapping[k] for k in sorted(mapping)]


@_register("length", 1, unknown="custom")
def _length(ctx, value):
    if isinstance(value, Unknown):
        return _unknown("length", value)
    if isinstance(value, str):
        return len(_graphemes(value))
    if _is_seq(value) or isinstance(value, dict):
        return len(value)
    if value is None:
        raise FunctionError("argument must not be null")
    raise FunctionError("argument must be a string, a collection type, or a structural type")


@_register("lookup", 2, 3, unknown="custom")
def _lookup(ctx, m, key, *default):
    if isinstance(m, Unknown) or not is_known(key):
        return _unknown("lookup", m, key, *default)
    mapping = _as_map(m, "inputMap")
    name = _as_str(key, "key")
    if name in mapping:
        return mapping[name]
    if default:
        return default[0]
    raise FunctionError(f"lookup failed to find key {json.dumps(name)}")


@_register("matchkeys", 3, unknown="custom")
def _matchkeys(ctx, values, keys, searchset):
    if isinstance(values, Unknown) or isinstance(keys, Unknown) or isinstance(searchset, Unknown):
        return _unknown("matchkeys", values, keys, searchset)
    vals, ks, search = _as_list(values, "values"), _as_list(keys, "keys"), _as_list(searchset, "searchset")
    if len(vals) != len(ks):
        raise FunctionError("length of keys and values should be equal")
    if not search:
        return []
    if not is_known(vals) or not is_known(ks):
        return _unknown("matchkeys", values, keys, searchset)
    out = []
    for value, key in zip(vals, ks):
        for candidate in search:
            eq = _equal(key, candidate)
            if eq is None:
                return _unknown("matchkeys", values, keys, searchset)
            if eq:
                out.append(value)
                break
    return out


@_register("merge", 0, VARIADIC, unknown="custom")
def _merge(ctx, *maps):
    out: dict = {}
    for i, m in enumerate(maps):
        if isinstance(m, Unknown):
            return _unknown("merge", *maps)
        if m is None:
            continue
        if not isinstance(m, dict):
            raise FunctionError(f"arguments must be maps or objects, got {_tname(m)} for argument {i + 1}")
        out.update(m)
    return {k: out[k] for k in sorted(out)}


@_register("one", 1, unknown="custom")
def _one(ctx, lst):
    if isinstance(lst, Unknown):
        return _unknown("one", lst)
    if not _is_seq(lst):
        raise FunctionError("must be a list, set, or tuple value with either zero or one elements")
    if len(lst) == 0:
        return None
    if len(lst) > 1:
        raise FunctionError("must be a list, set, or tuple value with either zero or one elements")
    return lst[0]


@_register("range", 1, 3)
def _range(ctx, *args):
    nums = [_dec(_as_num(a, f"argument {i + 1}")) for i, a in enumerate(args)]
    if len(nums) == 1:
        start, end, step = Decimal(0), nums[0], Decimal(-1 if nums[0] < 0 else 1)
    elif len(nums) == 2:
        start, end = nums
        step = Decimal(-1 if end < start else 1)
    else:
        start, end, step = nums
    if step == 0:
        raise FunctionError("step must not be zero")
    down = step < 0
    if down and end > start:
        raise FunctionError("end must be less than start when step is negative")
    if not down and end < start:
        raise FunctionError("end must be greater than start when step is positive")
    if start == start.to_integral_value() and step == step.to_integral_value():
        # whole numbers (nearly every call): Python's range gives the same values, much faster
        first, stride = int(start), int(step)
        limit = math.ceil(end) if not down else math.floor(end)
        values = range(first, limit, stride)
        if len(values) > MAX_RANGE_VALUES:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"
            )
        return list(values)
    out, num = [], start
    while (num > end) if down else (num < end):
        if len(out) >= MAX_RANGE_VALUES:
            raise FunctionError(
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"
            )
        out.append(_norm(num))
        num += step
    return out


@_register("reverse", 1, unknown="custom")
def _reverse(ctx, lst):
    if isinstance(lst, Unknown):
        return _unknown("reverse", lst)
    return list(reversed(_as_list(lst, "list")))


def _set_args(name: str, args: tuple) -> list[list]:
    lists = [_as_list(a, f"argument {i + 1}") for i, a in enumerate(args)]
    flat = _unify([v for lst in lists for v in lst], "the given sets")
    out, pos = [], 0
    for lst in lists:
        out.append(flat[pos : pos + len(lst)])
        pos += len(lst)
    return out


@_register("setintersection", 1, VARIADIC)
def _setintersection(ctx, *sets):
    lists = _set_args("setintersection", sets)
    keys = set.intersection(*[{_identity(v) for v in lst} for lst in lists])
    return _sorted_set(v for v in lists[0] if _identity(v) in keys)


@_register("setsubtract", 2)
def _setsubtract(ctx, a, b):
    first, second = _set_args("setsubtract", (a, b))
    remove = {_identity(v) for v in second}
    return _sorted_set(v for v in first if _identity(v) not in remove)


@_register("setunion", 1, VARIADIC)
def _setunion(ctx, *sets):
    lists = _set_args("setunion", sets)
    return _sorted_set(v for lst in lists for v in lst)


@_register("setproduct", 2, VARIADIC)
def _setproduct(ctx, *sets):
    lists = [_as_list(a, f"argument {i + 1}") for i, a in enumerate(sets)]
    size = 1
    for lst in lists:
        size *= len(lst)
        if size * (len(lists) + 1) > MAX_RESULT_ITEMS:  # each of its elements is a list of len(lists)
            raise FunctionLimitError(f"the product would hold more than {MAX_RESULT_ITEMS:,} elements")
    out: list[list] = [[]]
    for lst in lists:
        out = [prefix + [item] for prefix in out for item in lst]
        if not out:
            return []
    return out


@_register("slice", 3, unknown="custom")
def _slice(ctx, lst, start, end):
    if isinstance(lst, Unknown) and is_known(start) and is_known(end):
        # slice(data.aws_availability_zones.x.names, 0, 3): the elements are unknown offline, but
        # a successful slice has exactly end - start of them, which keeps count/for_each known
        first, last = _as_int(start, "start_index"), _as_int(end, "end_index")
        if 0 <= first <= last:
            return [Unknown(f"element of {lst.reason}", lst.origins) for _ in range(last - first)]
    if isinstance(lst, Unknown) or not is_known(start) or not is_known(end):
        return _unknown("slice", lst, start, end)
    items = _as_list(lst, "list")
    first, last = _as_int(start, "start_index"), _as_int(end, "end_index")
    if first < 0:
        raise FunctionError("start index must not be less than zero")
    if last > len(items):
        raise FunctionError("end index must not be greater than the length of the list")
    if first > last:
        raise FunctionError("start index must not be greater than end index")
    return items[first:last]


@_register("sort", 1)
def _sort(ctx, lst):
    items = _as_list(lst, "list")
    texts = []
    for i, item in enumerate(items):
        if item is None:
            raise FunctionError(f"given list element {i} is null; a null string cannot be sorted")
        if _is_seq(item) or isinstance(item, dict):
            raise FunctionError(f"list element {i} must be a string, got {_tname(item)}")
        texts.append(_as_str(item))
    return sorted(texts, key=lambda t: t.encode("utf-8", "surrogatepass"))


@_register("sum", 1)
def _sum(ctx, lst):
    items = _as_list(lst, "list")
    if not items:
        raise FunctionError("cannot sum an empty list")
    total = Decimal(0)
    with localcontext() as dctx:
        dctx.prec = 120
        for item in items:
            if item is None or isinstance(item, bool) or not (_is_num(item) or isinstance(item, str)):
                raise FunctionError("argument must be list, set, or tuple of number values")
            total += _dec(_as_num(item))
    return _norm(total)


@_register("transpose", 1)
def _transpose(ctx, m):
    mapping = _as_map(m, "values")
    out: dict[str, list[str]] = {}
    for key in sorted(mapping):
        values = mapping[key]
        if not _is_seq(values):
            raise FunctionError("input must be a map of lists of strings")
        for value in values:
            if value is None or _is_seq(value) or isinstance(value, dict):
                raise FunctionError("input must be a map of lists of strings")
            out.setdefault(_as_str(value), []).append(str(key))
    return {k: out[k] for k in sorted(out)}


@_register("zipmap", 2, unknown="custom")
def _zipmap(ctx, keys, values):
    if not is_known(keys) or isinstance(values, Unknown):
        return _unknown("zipmap", keys, values)
    ks, vs = _as_list(keys, "keys"), _as_list(values, "values")
    if len(ks) != len(vs):
        raise FunctionError(f"number of keys ({len(ks)}) does not match number of values ({len(vs)})")
    out: dict = {}
    for i, (key, value) in enumerate(zip(ks, vs)):
        if key is None:
            raise FunctionError(f"keys element {i} is null")
        out[_as_str(key, f"keys element {i}")] = value
    return {k: out[k] for k in sorted(out)}


