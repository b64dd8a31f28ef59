"""Terraform's built-in functions, evaluated offline.

Every function takes a :class:`FunctionContext` and the already evaluated arguments (plain
Python values, see :mod:`infra2arch.model`) and returns a plain value:

* null is ``None``; numbers are ``int`` when integral, else ``float``; lists, tuples and sets are
  ``list`` (a set is de-duplicated and sorted deterministically); maps and objects are ``dict``.
* an argument that is not known (:class:`~infra2arch.model.Unknown`) gives an Unknown result that
  keeps the origins of the unknowns, except where Terraform itself can say more (``length`` of a
  list of unknown ids, ``keys`` of a map with unknown values, ``concat`` keeping unknown elements...).
* bad input raises :class:`FunctionError`; no other exception leaves a function.

``try`` and ``can`` are not here: they need lazily evaluated arguments (the evaluator has them).
``timestamp``, ``plantimestamp``, ``uuid``, ``bcrypt`` and ``rsadecrypt`` are known only at apply
time (or would make results non-deterministic) and always return Unknown.

The behaviour follows Terraform 1.x and its cty function library; where Python's standard library
differs from Go's the Go behaviour is rebuilt (number formatting, JSON escaping, RE2 regular
expressions, Go duration syntax, libyaml's block emitter for ``yamlencode``).
"""

from __future__ import annotations

import base64
import codecs
import csv
import datetime as _dt
import gzip
import hashlib
import io
import ipaddress
import json
import math
import os
import posixpath
import re
import stat
import unicodedata
import urllib.parse
import uuid as _uuid
from decimal import ROUND_FLOOR, Decimal, InvalidOperation, localcontext
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

import yaml

from infra2arch.model import Unknown, is_known, unknown_from

__all__ = ["FUNCTIONS", "FunctionContext", "FunctionError"]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_RANGE_VALUES = 1024


class FunctionError(Exception):
    """A function call failed at run time (bad argument type or value, missing file, ...)."""


class FunctionContext(Protocol):
    """What a function may use besides its arguments."""

    cwd: Path  # the root module directory: Terraform's working directory

    def render_template(self, text: str, variables: dict, filename: str) -> Any:
        """Evaluate a Terraform template string with these variables."""
        ...


# ---------------------------------------------------------------------------------------------
# Value helpers


def _is_num(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_seq(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _tname(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, Unknown):
        return "unknown value"
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
    return type(value).__name__


def _norm(value: Any) -> Any:
    """A number in the project's convention: int when integral, else float."""
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise FunctionError("the result is not a finite number")
        if value == value.to_integral_value():
            return int(value)
        return float(value)
    if isinstance(value, float):
        if math.isnan(value):
            raise FunctionError("the result is not a number (NaN)")
        if math.isfinite(value) and value.is_integer():
            return int(value)
    return value


def _unknown(name: str, *values: Any) -> Unknown:
    return unknown_from(f"{name}(): argument not known", *values)


def _first_unknown_free(values: Iterable[Any]) -> bool:
    return all(is_known(v) for v in values)


# -- number <-> text, the Go way (math/big.Float formatting)


class _GoDecimal:
    """Go's internal decimal for big.Float formatting: value = 0.mant * 10**exp."""

    __slots__ = ("neg", "mant", "exp")

    def __init__(self, neg: bool, mant: str, exp: int):
        self.neg = neg
        self.mant = mant
        self.exp = exp

    @classmethod
    def of(cls, number: Any, shortest: bool) -> "_GoDecimal":
        if isinstance(number, float):
            dec = Decimal(repr(number)) if shortest else Decimal(number)
        elif isinstance(number, Decimal):
            dec = number
        else:
            dec = Decimal(int(number))
        sign, digits, exponent = dec.as_tuple()
        text = "".join(map(str, digits)).lstrip("0")
        if not text:
            return cls(bool(sign), "", 0)
        # position of the decimal point relative to the first significant digit
        exp = len("".join(map(str, digits))) + int(exponent) - (len("".join(map(str, digits))) - len(text))
        return cls(bool(sign), text.rstrip("0"), exp)

    def at(self, i: int) -> str:
        return self.mant[i] if 0 <= i < len(self.mant) else "0"

    def round(self, n: int) -> None:
        if n < 0 or n >= len(self.mant):
            return
        if self._should_round_up(n):
            self._round_up(n)
        else:
            self.mant = self.mant[:n].rstrip("0")
            if not self.mant:
                self.exp = 0

    def _should_round_up(self, n: int) -> bool:
        if self.mant[n] == "5" and n + 1 == len(self.mant):
            return n > 0 and (ord(self.mant[n - 1]) - 48) & 1 == 1
        return self.mant[n] >= "5"

    def _round_up(self, n: int) -> None:
        digits = list(self.mant[:n])
        i = n - 1
        while i >= 0 and digits[i] == "9":
            i -= 1
        if i < 0:
            self.mant = "1"
            self.exp += 1
            return
        digits[i] = chr(ord(digits[i]) + 1)
        self.mant = "".join(digits[: i + 1])


def _go_fmt_e(d: _GoDecimal, fmt: str, prec: int) -> str:
    out = d.mant[0] if d.mant else "0"
    if prec > 0:
        out += "."
        out += d.mant[1 : min(len(d.mant), prec + 1)]
        out += "0" * (prec + 1 - max(1, min(len(d.mant), prec + 1)))
    exp = d.exp - 1 if d.mant else 0
    sign = "-" if exp < 0 else "+"
    exp = abs(exp)
    return f"{out}{fmt}{sign}{exp:02d}"


def _go_fmt_f(d: _GoDecimal, prec: int) -> str:
    if d.exp > 0:
        m = min(len(d.mant), d.exp)
        out = d.mant[:m] + "0" * (d.exp - m)
    else:
        out = "0"
    if prec > 0:
        out += "." + "".join(d.at(d.exp + i) for i in range(prec))
    return out


def _go_float_text(number: Any, fmt: str, prec: int) -> str:
    """big.Float.Text(fmt, prec) for fmt in e E f g G; prec < 0 means shortest."""
    if isinstance(number, float) and math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    shortest = prec < 0
    d = _GoDecimal.of(number, shortest)
    lower = fmt.lower()
    if shortest:
        if lower == "e":
            prec = len(d.mant) - 1
        elif lower == "f":
            prec = max(len(d.mant) - d.exp, 0)
        else:
            prec = len(d.mant)
    else:
        if lower == "e":
            d.round(1 + prec)
        elif lower == "f":
            d.round(d.exp + prec)
        else:
            if prec == 0:
                prec = 1
            d.round(prec)
    sign = "-" if d.neg else ""
    if lower == "e":
        return sign + _go_fmt_e(d, "e" if fmt == "e" else "E", prec)
    if lower == "f":
        return sign + _go_fmt_f(d, prec)
    # %g / %G
    eprec = prec
    if eprec > len(d.mant) and len(d.mant) >= d.exp:
        eprec = len(d.mant)
    if shortest:
        eprec = 6
    exp = d.exp - 1
    if exp < -4 or exp >= eprec:
        if prec > len(d.mant):
            prec = len(d.mant)
        return sign + _go_fmt_e(d, "e" if fmt == "g" else "E", prec - 1)
    if prec > d.exp:
        prec = len(d.mant)
    return sign + _go_fmt_f(d, max(prec - d.exp, 0))


def _num_to_str(number: Any) -> str:
    """Terraform's number to string conversion (big.Float Text('f', -1))."""
    if isinstance(number, int) and not isinstance(number, bool):
        return str(number)
    return _go_float_text(number, "f", -1)


_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _parse_number(text: str) -> int | float:
    if not _NUMBER_RE.fullmatch(text):
        raise FunctionError(f"cannot convert {json.dumps(text)} to number: a number is required")
    try:
        dec = Decimal(text)
    except InvalidOperation:
        raise FunctionError(f"cannot convert {json.dumps(text)} to number") from None
    if dec == dec.to_integral_value():
        return int(dec)
    result = float(dec)
    if math.isinf(result):
        raise FunctionError(f"cannot convert {json.dumps(text)} to number: out of range")
    return result


def _dec(number: Any) -> Decimal:
    """A Decimal for exact-ish arithmetic (floats by their shortest repr, like cty's decimals)."""
    if isinstance(number, float):
        if not math.isfinite(number):
            raise FunctionError("infinite numbers are not supported here")
        return Decimal(repr(number))
    return Decimal(number)


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


# -- grapheme clusters (an approximation of Unicode text segmentation)


def _extends(cp: int, ch: str) -> bool:
    if cp in (0x200D, 0x200C):
        return True
    if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= cp <= 0x1F3FF:  # emoji skin tone modifiers
        return True
    if 0xE0020 <= cp <= 0xE007F:  # emoji tag sequences
        return True
    return unicodedata.category(ch) in ("Mn", "Me", "Mc")


def _graphemes(text: str) -> list[str]:
    clusters: list[str] = []
    for ch in text:
        cp = ord(ch)
        if clusters:
            last = clusters[-1]
            prev = ord(last[-1])
            if (
                _extends(cp, ch)
                or prev == 0x200D
                or (prev == 0x0D and cp == 0x0A)
                or (
                    0x1F1E6 <= cp <= 0x1F1FF
                    and len(last) == 1
                    and 0x1F1E6 <= prev <= 0x1F1FF
                )
            ):
                clusters[-1] = last + ch
                continue
        clusters.append(ch)
    return clusters


# -- Go-compatible JSON encoding

_JSON_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).translate(_JSON_HTML)


def _json_encode(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_num(value):
        if isinstance(value, float) and not math.isfinite(value):
            raise FunctionError("cannot encode an infinite number as JSON")
        return _num_to_str(value)
    if isinstance(value, str):
        return _json_string(value)
    if _is_seq(value):
        return "[" + ",".join(_json_encode(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_json_string(str(k))}:{_json_encode(value[k])}" for k in sorted(value)) + "}"
    raise FunctionError(f"cannot encode a value of type {_tname(value)} as JSON")


# ---------------------------------------------------------------------------------------------
# Registry

FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _register(name: str, min_args: int, max_args: int | None = None, *, unknown: str = "strict"):
    """Register ``impl(ctx, *args)`` under ``name``.

    unknown="strict": any unknown inside any argument gives an Unknown result (origins kept).
    unknown="custom": the implementation handles unknown values itself.
    """
    if max_args is None:
        max_args = min_args

    def decorate(impl: Callable[..., Any]) -> Callable[..., Any]:
        def call(ctx: Any, *args: Any) -> Any:
            if len(args) < min_args or (max_args >= 0 and len(args) > max_args):
                if max_args < 0:
                    expected = f"at least {min_args}"
                elif min_args == max_args:
                    expected = str(min_args)
                else:
                    expected = f"{min_args} to {max_args}"
                plural = "" if expected in ("1", "at least 1", "0 to 1") else "s"
                raise FunctionError(f"takes {expected} argument{plural}, got {len(args)}")
            if unknown == "strict" and not _first_unknown_free(args):
                return _unknown(name, *args)
            try:
                return impl(ctx, *args)
            except FunctionError:
                raise
            except RecursionError:
                raise FunctionError("value is nested too deeply") from None
            except re.error as exc:
                raise FunctionError(f"invalid regular expression: {exc}") from None
            except yaml.YAMLError as exc:
                raise FunctionError(f"invalid YAML: {_yaml_problem(exc)}") from None
            except Exception as exc:  # noqa: BLE001 - bad input must never escape as anything else
                raise FunctionError(f"{type(exc).__name__}: {exc}") from None

        call.__name__ = f"tf_{name}"
        call.__qualname__ = call.__name__
        call.__doc__ = impl.__doc__
        FUNCTIONS[name] = call
        return impl

    return decorate


VARIADIC = -1


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    mark = getattr(exc, "problem_mark", None)
    if problem and mark is not None:
        return f"{problem} (line {mark.line + 1}, column {mark.column + 1})"
    return " ".join(str(exc).split())

# ---------------------------------------------------------------------------------------------
# Numeric functions


@_register("abs", 1)
def _abs(ctx, n):
    return _norm(abs(_as_num(n)))


@_register("ceil", 1)
def _ceil(ctx, n):
    number = _as_num(n)
    if isinstance(number, float) and math.isinf(number):
        return number
    return math.ceil(number)


@_register("floor", 1)
def _floor(ctx, n):
    number = _as_num(n)
    if isinstance(number, float) and math.isinf(number):
        return number
    return math.floor(number)


@_register("log", 2)
def _log(ctx, n, base):
    number, b = float(_as_num(n)), float(_as_num(base))
    if number < 0 or b < 0:
        raise FunctionError("the logarithm of a negative number is not defined")
    if b == 1:
        raise FunctionError("a logarithm with base 1 is not defined")
    num_log = -math.inf if number == 0 else math.log(number)
    base_log = -math.inf if b == 0 else math.log(b)
    if math.isinf(num_log) and math.isinf(base_log):
        raise FunctionError("the result is not a number")
    if base_log == 0:
        raise FunctionError("a logarithm with base 1 is not defined")
    return _norm(num_log / base_log)


def _minmax(args, pick):
    if not args:
        raise FunctionError("must pass at least one number")
    numbers = [_as_num(a, f"argument {i + 1}") for i, a in enumerate(args)]
    return _norm(pick(numbers))


@_register("max", 1, VARIADIC)
def _max(ctx, *args):
    return _minmax(args, max)


@_register("min", 1, VARIADIC)
def _min(ctx, *args):
    return _minmax(args, min)


_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


@_register("parseint", 2)
def _parseint(ctx, number, base):
    text = _as_str(number, "number")
    radix = _as_int(base, "base")
    if radix < 2 or radix > 62:
        raise FunctionError("base must be a whole number between 2 and 62 inclusive")
    body, negative = text, False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if not body:
        raise FunctionError(f"cannot parse {json.dumps(text)} as a base {radix} integer")
    value = 0
    for ch in body:
        if "0" <= ch <= "9":
            digit = ord(ch) - 48
        elif "a" <= ch <= "z":
            digit = ord(ch) - 97 + 10
        elif "A" <= ch <= "Z":
            digit = ord(ch) - 65 + (36 if radix > 36 else 10)
        else:
            digit = 99
        if digit >= radix:
            raise FunctionError(f"cannot parse {json.dumps(text)} as a base {radix} integer")
        value = value * radix + digit
    return -value if negative else value


@_register("pow", 2)
def _pow(ctx, x, y):
    a, b = float(_as_num(x)), float(_as_num(y))
    if a == 0 and b < 0:
        return math.inf
    try:
        return _norm(math.pow(a, b))
    except OverflowError:
        return math.inf if a > 0 or b.is_integer() and int(b) % 2 == 0 else -math.inf
    except ValueError:
        raise FunctionError("the result is not a real number") from None


@_register("signum", 1)
def _signum(ctx, n):
    number = _as_num(n)
    return (number > 0) - (number < 0)


# ---------------------------------------------------------------------------------------------
# String functions


@_register("chomp", 1)
def _chomp(ctx, s):
    return _as_str(s).rstrip("\r\n")


@_register("endswith", 2)
def _endswith(ctx, s, suffix):
    return _as_str(s).endswith(_as_str(suffix, "suffix"))


@_register("startswith", 2)
def _startswith(ctx, s, prefix):
    return _as_str(s).startswith(_as_str(prefix, "prefix"))


@_register("strcontains", 2)
def _strcontains(ctx, s, substr):
    return _as_str(substr, "substr") in _as_str(s)


@_register("indent", 2)
def _indent(ctx, spaces, s):
    count = _as_int(spaces, "spaces")
    return _as_str(s).replace("\n", "\n" + " " * max(count, 0))


@_register("join", 1, VARIADIC, unknown="custom")
def _join(ctx, sep, *lists):
    if isinstance(sep, Unknown) or not _first_unknown_free(lists):
        return _unknown("join", sep, *lists)
    separator = _as_str(sep, "separator")
    if not lists:
        raise FunctionError("at least one list is required")
    items: list[str] = []
    for li, lst in enumerate(lists):
        for ei, item in enumerate(_as_list(lst, f"list {li + 1}")):
            if item is None:
                where = f"element {ei} of list {li + 1}" if len(lists) > 1 else f"element {ei}"
                raise FunctionError(f"{where} is null; cannot concatenate null values")
            if _is_seq(item) or isinstance(item, dict):
                raise FunctionError(f"element {ei} of list {li + 1} must be a string, got {_tname(item)}")
            items.append(_as_str(item))
    return separator.join(items)


def _lower_char(ch: str) -> str:
    low = ch.lower()
    return low if len(low) == 1 else ch


def _upper_char(ch: str) -> str:
    up = ch.upper()
    return up if len(up) == 1 else ch


@_register("lower", 1)
def _lower(ctx, s):
    return "".join(map(_lower_char, _as_str(s)))


@_register("upper", 1)
def _upper(ctx, s):
    return "".join(map(_upper_char, _as_str(s)))


def _go_is_space(ch: str) -> bool:
    return ch in "\t\n\v\f\r \x85\xa0" or unicodedata.category(ch) in ("Zs", "Zl", "Zp")


def _title_separator(ch: str) -> bool:
    if ord(ch) <= 0x7F:
        return not (ch.isascii() and (ch.isalnum() or ch == "_"))
    if ch.isalpha() or unicodedata.category(ch) == "Nd":
        return False
    return _go_is_space(ch)


@_register("title", 1)
def _title(ctx, s):
    out, prev = [], " "
    for ch in _as_str(s):
        if _title_separator(prev):
            titled = ch.title()
            out.append(titled if len(titled) == 1 else ch)
        else:
            out.append(ch)
        prev = ch
    return "".join(out)


@_register("trimspace", 1)
def _trimspace(ctx, s):
    text = _as_str(s)
    start, end = 0, len(text)
    while start < end and _go_is_space(text[start]):
        start += 1
    while end > start and _go_is_space(text[end - 1]):
        end -= 1
    return text[start:end]


@_register("trim", 2)
def _trim(ctx, s, cutset):
    chars = _as_str(cutset, "cutset")
    return _as_str(s).strip(chars) if chars else _as_str(s)


@_register("trimprefix", 2)
def _trimprefix(ctx, s, prefix):
    return _as_str(s).removeprefix(_as_str(prefix, "prefix"))


@_register("trimsuffix", 2)
def _trimsuffix(ctx, s, suffix):
    return _as_str(s).removesuffix(_as_str(suffix, "suffix"))


@_register("split", 2)
def _split(ctx, sep, s):
    separator, text = _as_str(sep, "separator"), _as_str(s)
    if separator == "":
        return list(text)
    return text.split(separator)


@_register("strrev", 1)
def _strrev(ctx, s):
    return "".join(reversed(_graphemes(_as_str(s))))


@_register("substr", 3)
def _substr(ctx, s, offset, length):
    clusters = _graphemes(_as_str(s))
    start, count = _as_int(offset, "offset"), _as_int(length, "length")
    if start < 0:
        start += len(clusters)
        start = max(start, 0)
    if start >= len(clusters):
        return ""
    if count < 0:
        return "".join(clusters[start:])
    return "".join(clusters[start : start + count])


# -- regular expressions (RE2 syntax translated to Python's re)

_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_PERL_CLASSES = {"d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r "}


def _re2_to_python(pattern: str) -> str:
    """Translate the RE2 syntax Terraform uses into an equivalent Python pattern."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0
    # one entry per open group: [flag-scoped groups opened inside it, multiline flag]
    stack: list[list] = [[[], False]]
    leading_flags = True

    def close_scoped(level: list) -> None:
        out.append(")" * len(level[0]))

    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise FunctionError("invalid regular expression: trailing backslash at end of expression")
            d = pattern[i + 1]
            if d == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in literal))
                i = n if end < 0 else end + 2
                leading_flags = False
                continue
            if d == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                if end < 0:
                    raise FunctionError("invalid regular expression: invalid escape sequence \\x{")
                cp = int(pattern[i + 3 : end], 16)
                out.append(f"\\U{cp:08x}")
                i = end + 1
                leading_flags = False
                continue
            if d in "pP":
                raise FunctionError("invalid regular expression: Unicode character classes (\\p) are not supported offline")
            if d in "123456789" and not in_class:
                raise FunctionError(f"invalid regular expression: invalid escape sequence \\{d} (backreferences are not supported)")
            if d == "Z":
                raise FunctionError("invalid regular expression: invalid escape sequence \\Z")
            if d == "z":
                out.append("\\Z")
            elif d in _PERL_CLASSES:
                out.append(_PERL_CLASSES[d] if in_class else f"[{_PERL_CLASSES[d]}]")
            elif d in "DWS" and not in_class:
                out.append(f"[^{_PERL_CLASSES[d.lower()]}]")
            elif d == "C":
                out.append(".")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            leading_flags = False
            continue
        if in_class:
            if c == "[" and pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                if end > 0:
                    name = pattern[i + 2 : end]
                    negate = name.startswith("^")
                    ranges = _POSIX_CLASSES.get(name.lstrip("^"))
                    if ranges is None:
                        raise FunctionError(f"invalid regular expression: invalid character class range [:{name}:]")
                    if negate:
                        raise FunctionError("invalid regular expression: negated POSIX classes are not supported offline")
                    out.append(ranges)
                    i = end + 2
                    continue
            if c == "]" and i > class_start:
                in_class = False
                out.append("]")
            elif c in "[&~|":
                out.append("\\" + c)
            else:
                out.append(c)
            i += 1
            continue
        leading = leading_flags
        leading_flags = False
        if c == "[":
            in_class = True
            out.append("[")
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = i
            if i < n and pattern[i] == "]":  # a leading ] is literal
                out.append("\\]")
                i += 1
                class_start = i
            continue
        if c == "(":
            if pattern.startswith("(?", i):
                rest = pattern[i + 2 :]
                if rest.startswith("P<") or rest.startswith("<"):
                    start = i + (4 if rest.startswith("P<") else 3)
                    end = pattern.find(">", start)
                    if end < 0:
                        raise FunctionError("invalid regular expression: invalid named capture")
                    out.append(f"(?P<{pattern[start:end]}>")
                    stack.append([[], stack[-1][1]])
                    i = end + 1
                    continue
                match = re.match(r"([imsU]*)(?:-([imsU]*))?([:)])", rest)
                if not match:
                    raise FunctionError(f"invalid regular expression: invalid or unsupported Perl syntax: {pattern[i:i + 3]!r}")
                on, off, end_ch = match.group(1), match.group(2) or "", match.group(3)
                if "U" in on or "U" in off:
                    raise FunctionError("invalid regular expression: the ungreedy flag (?U) is not supported offline")
                multiline = ("m" in on) or (stack[-1][1] and "m" not in off)
                flags = on + (f"-{off}" if off else "")
                if end_ch == ":":
                    out.append(f"(?{flags}:" if flags else "(?:")
                    stack.append([[], multiline])
                elif flags:
                    if leading and not off and len(stack) == 1:
                        out.append(f"(?{on})")
                        leading_flags = True
                    else:
                        out.append(f"(?{flags}:")
                        stack[-1][0].append(f"(?{flags}:")
                    stack[-1][1] = multiline
                i += 2 + match.end()
                continue
            out.append("(")
            stack.append([[], stack[-1][1]])
            i += 1
            continue
        if c == ")":
            if len(stack) == 1:
                raise FunctionError("invalid regular expression: unexpected )")
            close_scoped(stack.pop())
            out.append(")")
            i += 1
            continue
        if c == "|":
            level = stack[-1]
            # flags set earlier in this group also apply after the |: close and reopen them
            close_scoped(level)
            out.append("|")
            out.extend(level[0])
            i += 1
            continue
        if c == "$":
            out.append("$" if stack[-1][1] else "\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    if in_class:
        raise FunctionError("invalid regular expression: missing closing ]")
    if len(stack) > 1:
        raise FunctionError("invalid regular expression: missing closing )")
    close_scoped(stack[0])
    return "".join(out)


_REGEX_CACHE: dict[str, re.Pattern] = {}


def _compile(pattern: str) -> re.Pattern:
    compiled = _REGEX_CACHE.get(pattern)
    if compiled is None:
        translated = _re2_to_python(pattern)
        try:
            compiled = re.compile(translated)
        except re.error as exc:
            raise FunctionError(f"invalid regular expression pattern: {exc}") from None
        if len(_REGEX_CACHE) > 512:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[pattern] = compiled
    return compiled


def _regex_shape(compiled: re.Pattern) -> str:
    names = set(compiled.groupindex.values())
    if compiled.groups == 0:
        return "string"
    if names and len(names) != compiled.groups:
        raise FunctionError("invalid regular expression pattern: cannot mix both named and unnamed capture groups")
    return "object" if names else "list"


def _regex_result(match: re.Match, shape: str) -> Any:
    if shape == "string":
        return match.group(0)
    if shape == "list":
        return list(match.groups())
    return {name: match.group(name) for name in sorted(match.re.groupindex)}


@_register("regex", 2)
def _regex(ctx, pattern, s):
    compiled = _compile(_as_str(pattern, "pattern"))
    shape = _regex_shape(compiled)
    match = compiled.search(_as_str(s))
    if match is None:
        raise FunctionError("pattern did not match any part of the given string")
    return _regex_result(match, shape)


def _go_finditer(compiled: re.Pattern, text: str):
    """Matches the way Go's regexp.FindAll iterates: no empty match right after a previous match."""
    pos, prev_end = 0, -1
    while pos <= len(text):
        match = compiled.search(text, pos)
        if match is None:
            return
        accept = True
        if match.end() == pos:  # an empty match at the search position
            if match.start() == prev_end:
                accept = False
            pos += 1
        else:
            pos = match.end()
        prev_end = match.end()
        if accept:
            yield match


def _go_replace_all(compiled: re.Pattern, text: str, replacement: Callable[[re.Match], str]) -> str:
    """regexp.ReplaceAllString: an empty match right after a match is not replaced."""
    out: list[str] = []
    last_end, search, n = 0, 0, len(text)
    while search <= n:
        match = compiled.search(text, search)
        if match is None:
            break
        start, end = match.span()
        out.append(text[last_end:start])
        if end > last_end or start == 0:
            out.append(replacement(match))
        last_end = end
        width = 1 if search < n else 0
        if search + width > end:
            search += width
        elif search + 1 > end:
            search += 1
        else:
            search = end
    out.append(text[last_end:])
    return "".join(out)


@_register("regexall", 2)
def _regexall(ctx, pattern, s):
    compiled = _compile(_as_str(pattern, "pattern"))
    shape = _regex_shape(compiled)
    return [_regex_result(m, shape) for m in _go_finditer(compiled, _as_str(s))]


def _go_expand(template: str, match: re.Match) -> str:
    """regexp.Expand: $1, ${1}, $name, ${name}, $$."""
    out: list[str] = []
    i, n = 0, len(template)
    groups = match.re.groupindex
    while i < n:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        i = j + 1
        if i < n and template[i] == "$":
            out.append("$")
            i += 1
            continue
        brace = i < n and template[i] == "{"
        k = i + 1 if brace else i
        start = k
        while k < n and (template[k].isalnum() or template[k] == "_"):
            k += 1
        name = template[start:k]
        if not name or (brace and (k >= n or template[k] != "}")):
            out.append("$")
            continue
        i = k + 1 if brace else k
        if name.isdigit() and name.isascii() and not (name[0] == "0" and len(name) > 1) and len(name) <= 8:
            num = int(name)
            if num <= match.re.groups and match.start(num) >= 0:
                out.append(match.group(num) or "")
        elif name in groups and match.start(name) >= 0:
            out.append(match.group(name) or "")
    return "".join(out)


@_register("replace", 3)
def _replace(ctx, s, substr, replacement):
    text, old, new = _as_str(s), _as_str(substr, "substr"), _as_str(replacement, "replace")
    if len(old) > 1 and old[0] == "/" and old[-1] == "/":
        compiled = _compile(old[1:-1])
        return _go_replace_all(compiled, text, lambda match: _go_expand(new, match))
    return text.replace(old, new)


# -- format and formatlist


class _Verb:
    __slots__ = ("raw", "offset", "argnum", "mode", "zero", "sharp", "plus", "minus", "space", "width", "prec")

    def __init__(self) -> None:
        self.raw = ""
        self.offset = 0
        self.argnum = 0
        self.mode = ""
        self.zero = self.sharp = self.plus = self.minus = self.space = False
        self.width: int | None = None
        self.prec: int | None = None


def _pad(verb: _Verb, text: str) -> str:
    if verb.width is None:
        return text
    have = len(_graphemes(text))
    if have >= verb.width:
        return text
    pad = ("0" if verb.zero else " ") * (verb.width - have)
    return text + pad if verb.minus else pad + text


def _format_int(verb: _Verb, value: int) -> str:
    base = {"b": 2, "o": 8, "d": 10, "x": 16, "X": 16}[verb.mode]
    magnitude = abs(value)
    if base == 10:
        digits = str(magnitude)
    elif base == 2:
        digits = format(magnitude, "b")
    elif base == 8:
        digits = format(magnitude, "o")
    else:
        digits = format(magnitude, "x" if verb.mode == "x" else "X")
    sign = "-" if value < 0 else "+" if verb.plus else " " if verb.space else ""
    prefix = ""
    if verb.sharp:
        prefix = {"b": "0b", "o": "0", "x": "0x", "X": "0X"}.get(verb.mode, "")
    zeros = left = right = 0
    if verb.prec is not None:
        if len(digits) < verb.prec:
            zeros = verb.prec - len(digits)
        elif digits == "0" and verb.prec == 0:
            return ""
    length = len(sign) + len(prefix) + zeros + len(digits)
    if verb.width is not None and length < verb.width:
        extra = verb.width - length
        if verb.minus:
            right = extra
        elif verb.zero and verb.prec is None:
            zeros = extra
        else:
            left = extra
    return " " * left + sign + prefix + "0" * zeros + digits + " " * right


def _format_float(verb: _Verb, value: Any) -> str:
    prec = verb.prec
    if verb.mode in "eEf":
        prec = 6 if prec is None else prec
    elif prec is None:
        prec = -1
    text = _go_float_text(value, verb.mode, prec)
    if text[0] == "-":
        sign, text = "-", text[1:]
    elif text[0] == "+":
        sign, text = (" " if verb.space else "+"), text[1:]
    elif verb.plus:
        sign = "+"
    elif verb.space:
        sign = " "
    else:
        sign = ""
    padding = 0
    if verb.width is not None and verb.width > len(sign) + len(text):
        padding = verb.width - len(sign) - len(text)
    if verb.zero and "Inf" not in text:
        return sign + "0" * padding + text
    if verb.minus:
        return sign + text + " " * padding
    return " " * padding + sign + text


def _format_one(verb: _Verb, arg: Any) -> str:
    where = f'"{verb.raw}" at {verb.offset}'
    if verb.mode != "v" and arg is None:
        raise FunctionError(f"unsupported value for {where}: null value cannot be formatted")
    mode = verb.mode
    if mode == "v":
        if not verb.sharp and isinstance(arg, str):
            return _pad(verb, arg)
        if not verb.sharp and _is_num(arg):
            return _pad(verb, _go_float_text(arg, "g", -1))
        return _pad(verb, _json_encode(arg))
    if mode == "t":
        if isinstance(arg, bool):
            return "true" if arg else "false"
        if arg in ("true", "false"):
            return arg
        raise FunctionError(f"unsupported value for {where}: bool required")
    if mode in "bdoxXeEfgG":
        if isinstance(arg, bool) or not (_is_num(arg) or isinstance(arg, str)):
            raise FunctionError(f"unsupported value for {where}: number required")
        try:
            number = _as_num(arg)
        except FunctionError:
            raise FunctionError(f"unsupported value for {where}: a number is required") from None
        if mode in "bdoxX":
            if isinstance(number, float):
                raise FunctionError(f"unsupported value for {where}: an integer is required")
            return _format_int(verb, number)
        return _format_float(verb, number)
    if mode in "sq":
        if _is_seq(arg) or isinstance(arg, dict):
            raise FunctionError(f"unsupported value for {where}: string required")
        text = _as_str(arg)
        if verb.prec is not None and verb.prec > 0:
            text = "".join(_graphemes(text)[: verb.prec])
        if mode == "q":
            text = _json_string(text)
        return _pad(verb, text)
    raise FunctionError(f"unsupported format verb '{mode}' in \"{verb.raw}\" at offset {verb.offset}")


def _format(spec: str, args: list) -> str:
    out: list[str] = []
    i, n = 0, len(spec)
    next_arg = 1
    highest = 0
    while i < n:
        c = spec[i]
        if c != "%":
            out.append(c)
            i += 1
            continue
        if spec.startswith("%%", i):
            out.append("%")
            i += 2
            continue
        verb = _Verb()
        verb.offset = i
        verb.argnum = next_arg
        j = i + 1
        while j < n and spec[j] in "0#-+ ":
            flag = spec[j]
            if flag == "0":
                verb.zero = True
            elif flag == "#":
                verb.sharp = True
            elif flag == "-":
                verb.minus = True
            elif flag == "+":
                verb.plus = True
            else:
                verb.space = True
            j += 1
        if j < n and spec[j] == "[":
            k = j + 1
            while k < n and spec[k].isdigit() and spec[k].isascii():
                k += 1
            if k == j + 1 or k >= n or spec[k] != "]" or spec[j + 1] == "0":
                raise FunctionError(f"unrecognized format character {spec[min(k, n - 1)]!r} at offset {min(k, n - 1)}")
            verb.argnum = int(spec[j + 1 : k])
            j = k + 1
        width_from_arg = prec_from_arg = False
        if j < n and spec[j] == "*":
            width_from_arg = True
            j += 1
        elif j < n and "1" <= spec[j] <= "9":
            k = j
            while k < n and "0" <= spec[k] <= "9":
                k += 1
            verb.width = int(spec[j:k])
            j = k
        if j < n and spec[j] == ".":
            j += 1
            if j < n and spec[j] == "*":
                prec_from_arg = True
                j += 1
            else:
                k = j
                while k < n and "0" <= spec[k] <= "9":
                    k += 1
                verb.prec = int(spec[j:k] or "0")
                j = k
        if j >= n:
            raise FunctionError(f"invalid format string starting at offset {i}")
        mode = spec[j]
        if not (mode.isascii() and mode.isalpha()):
            raise FunctionError(f"unrecognized format character {mode!r} at offset {j}")
        verb.mode = mode
        verb.raw = spec[i : j + 1]
        for from_arg, attr in ((width_from_arg, "width"), (prec_from_arg, "prec")):
            if from_arg:
                if verb.argnum - 1 >= len(args):
                    raise FunctionError(f'not enough arguments for "{verb.raw}" at {i}')
                setattr(verb, attr, _as_int(args[verb.argnum - 1], f"{attr} for {verb.raw}"))
                highest = max(highest, verb.argnum)
                verb.argnum += 1
        if verb.argnum - 1 >= len(args):
            raise FunctionError(
                f'not enough arguments for "{verb.raw}" at {i}: need index {verb.argnum} but have {len(args)} total'
            )
        out.append(_format_one(verb, args[verb.argnum - 1]))
        highest = max(highest, verb.argnum)
        next_arg = verb.argnum + 1
        i = j + 1
    if highest < len(args):
        if highest == 0:
            raise FunctionError("too many arguments; no verbs in format string")
        raise FunctionError(f"too many arguments; only {highest} used by format string")
    return "".join(out)


@_register("format", 1, VARIADIC)
def _format_fn(ctx, spec, *args):
    return _format(_as_str(spec, "format"), list(args))


@_register("formatlist", 1, VARIADIC, unknown="custom")
def _formatlist(ctx, spec, *args):
    if isinstance(spec, Unknown):
        return _unknown("formatlist", spec, *args)
    text = _as_str(spec, "format")
    if not args:
        return [_format(text, [])]
    length, chooser = -1, -1
    for i, arg in enumerate(args):
        if isinstance(arg, Unknown):
            return _unknown("formatlist", spec, *args)
        if _is_seq(arg):
            if length == -1:
                length, chooser = len(arg), i
            elif len(arg) != length:
                raise FunctionError(
                    f"argument {i + 1} has length {len(arg)}, which is inconsistent with argument {chooser + 1} of length {length}"
                )
    if length == 0:
        return []
    results: list[Any] = []
    for index in range(max(length, 1)):
        call_args = [arg[index] if _is_seq(arg) else arg for arg in args]
        if not _first_unknown_free(call_args):
            results.append(unknown_from("formatlist(): argument not known", *call_args))
            continue
        try:
            results.append(_format(text, call_args))
        except FunctionError as exc:
            raise FunctionError(f"error on format iteration {index}: {exc}") from None
    return results


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


# ---------------------------------------------------------------------------------------------
# Encoding functions


def _b64decode(text: str) -> bytes:
    cleaned = text.replace("\r", "").replace("\n", "")
    try:
        return base64.b64decode(cleaned, validate=True)
    except (ValueError, TypeError):
        raise FunctionError(f"failed to decode base64 data {json.dumps(text)}") from None


@_register("base64decode", 1)
def _base64decode(ctx, s):
    data = _b64decode(_as_str(s))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError("the result of decoding the provided string is not valid UTF-8") from None


@_register("base64encode", 1)
def _base64encode(ctx, s):
    return base64.b64encode(_as_str(s).encode("utf-8")).decode("ascii")


@_register("base64gzip", 1)
def _base64gzip(ctx, s):
    data = gzip.compress(_as_str(s).encode("utf-8"), compresslevel=6, mtime=0)
    data = data[:9] + b"\xff" + data[10:]  # OS = unknown, like Go's compress/gzip
    return base64.b64encode(data).decode("ascii")


@_register("csvdecode", 1)
def _csvdecode(ctx, s):
    text = _as_str(s)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = [row for row in reader if row]
    if not rows:
        raise FunctionError("missing header line")
    header = rows[0]
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise FunctionError(f"record on line {line}: wrong number of fields")
        out.append({name: value for name, value in sorted(zip(header, row))})
    return out


def _reject_constant(name: str) -> Any:
    raise FunctionError(f"invalid JSON: {name} is not a valid value")


def _json_number(text: str) -> int | float:
    dec = Decimal(text)
    if dec == dec.to_integral_value():
        return int(dec)
    return float(dec)


def _from_json(value: Any) -> Any:
    if isinstance(value, float):
        return _norm(value)
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _from_json(value[k]) for k in sorted(value)}
    return value


@_register("jsondecode", 1)
def _jsondecode(ctx, s):
    text = _as_str(s)
    try:
        value = json.loads(text, parse_float=_json_number, parse_int=int, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise FunctionError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return _from_json(value)


@_register("jsonencode", 1)
def _jsonencode(ctx, value):
    return _json_encode(value)


def _codec(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    aliases = {"utf8": "utf-8", "latin1": "iso-8859-1", "us-ascii": "ascii", "ascii": "ascii"}
    key = aliases.get(key, key)
    try:
        codec = codecs.lookup(key)
    except LookupError:
        raise FunctionError(f"{json.dumps(name)} is not a supported IANA encoding name or alias") from None
    return codec.name


@_register("textencodebase64", 2)
def _textencodebase64(ctx, s, encoding):
    codec = _codec(_as_str(encoding, "encoding"))
    text = _as_str(s)
    try:
        if codec == "utf-16":
            data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        else:
            data = text.encode(codec)
    except UnicodeEncodeError as exc:
        raise FunctionError(
            f"the given string contains characters that cannot be represented in {_as_str(encoding)}: {exc.reason}"
        ) from None
    return base64.b64encode(data).decode("ascii")


@_register("textdecodebase64", 2)
def _textdecodebase64(ctx, s, encoding):
    codec = _codec(_as_str(encoding, "encoding"))
    data = _b64decode(_as_str(s))
    try:
        if codec == "utf-16" and not data.startswith((codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE)):
            return data.decode("utf-16-be")
        return data.decode(codec)
    except UnicodeDecodeError:
        raise FunctionError(f"the given value has an invalid {_as_str(encoding)} encoding") from None


@_register("urlencode", 1)
def _urlencode(ctx, s):
    return urllib.parse.quote_plus(_as_str(s), safe="")


class _YamlLoader(yaml.SafeLoader):
    """safe_load, keeping timestamps as the strings they were written as."""


def _construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)


_YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _from_yaml(value: Any) -> Any:
    if isinstance(value, float):
        return _norm(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (list, tuple)):
        return [_from_yaml(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return _sorted_set(_from_yaml(v) for v in value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if isinstance(key, (list, tuple, dict)):
                raise FunctionError("YAML mapping keys must be scalar values")
            name = "null" if key is None else _as_str(_from_yaml(key))
            out[name] = _from_yaml(item)
        return {k: out[k] for k in sorted(out)}
    return value


@_register("yamldecode", 1)
def _yamldecode(ctx, s):
    docs = list(yaml.load_all(_as_str(s), Loader=_YamlLoader))
    if len(docs) > 1:
        raise FunctionError("unexpected extra content after value (only one YAML document is allowed)")
    return _from_yaml(docs[0]) if docs else None


# -- yamlencode: a port of the parts of libyaml's emitter that go-cty-yaml uses


def _yaml_printable(ch: str) -> bool:
    cp = ord(ch)
    return (
        cp == 0x0A
        or 0x20 <= cp <= 0x7E
        or 0xA0 <= cp <= 0xD7FF
        or (0xE000 <= cp <= 0xFFFD and cp != 0xFEFF)
    )


_YAML_BREAKS = "\r\n\x85\u2028\u2029"
_YAML_ESCAPES = {
    0x00: "0", 0x07: "a", 0x08: "b", 0x09: "t", 0x0A: "n", 0x0B: "v", 0x0C: "f", 0x0D: "r",
    0x1B: "e", 0x22: '"', 0x5C: "\\", 0x85: "N", 0xA0: "_", 0x2028: "L", 0x2029: "P",
}


def _yaml_block_allowed(text: str) -> bool:
    """libyaml's analysis: a literal block keeps the text exactly only in these cases."""
    if not text:
        return False
    if text[-1] == " ":
        return False
    for i, ch in enumerate(text):
        if not _yaml_printable(ch):
            return False
        if ch == " " and i + 1 < len(text) and text[i + 1] in _YAML_BREAKS:
            return False
    return True


class _YamlEmitter:
    BEST_WIDTH = 80

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.column = 0
        self.open_ended = False   # the document ends with a plain root scalar or a "|+" block
        self.fresh_line = True    # a line break was just written (after a literal block)

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.column += len(text)
        self.open_ended = False
        self.fresh_line = False

    def newline(self, indent: int) -> None:
        if not self.fresh_line:
            self.parts.append("\n")
            self.column = 0
        self.parts.append(" " * indent)
        self.column = indent
        self.fresh_line = False

    # scalars

    def scalar(self, value: Any, indent: int, *, key: bool = False, root: bool = False) -> None:
        if value is None or isinstance(value, bool) or _is_num(value):
            if value is None:
                text = "null"
            elif isinstance(value, bool):
                text = "true" if value else "false"
            elif isinstance(value, float) and math.isinf(value):
                text = "+.Inf" if value > 0 else "-.Inf"
            else:
                text = _num_to_str(value)
            self.write(text)
            self.open_ended = root
            return
        text = str(value)
        if not key and "\n" in text and _yaml_block_allowed(text):
            self.literal(text, indent)
        else:
            self.double_quoted(text, indent, allow_breaks=not key)

    def double_quoted(self, text: str, indent: int, allow_breaks: bool) -> None:
        self.write('"')
        spaces = False
        i, n = 0, len(text)
        while i < n:
            ch = text[i]
            cp = ord(ch)
            if not _yaml_printable(ch) or cp == 0xFEFF or ch in _YAML_BREAKS or ch in '"\\':
                if cp in _YAML_ESCAPES:
                    self.write("\\" + _YAML_ESCAPES[cp])
                elif cp <= 0xFF:
                    self.write(f"\\x{cp:02X}")
                elif cp <= 0xFFFF:
                    self.write(f"\\u{cp:04X}")
                else:
                    self.write(f"\\U{cp:08X}")
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and self.column > self.BEST_WIDTH and i != 0 and i != n - 1:
                    self.newline(indent)
                    if i + 1 < n and text[i + 1] == " ":
                        self.write("\\")
                else:
                    self.write(ch)
                spaces = True
            else:
                self.write(ch)
                spaces = False
            i += 1
        self.write('"')

    def literal(self, text: str, indent: int) -> None:
        self.write("|")
        if text[0] == " " or text[0] in _YAML_BREAKS:
            self.write("2")
        keep = False
        if text[-1] not in _YAML_BREAKS:
            self.write("-")
        elif len(text) == 1 or text[-2] in _YAML_BREAKS:
            self.write("+")
            keep = True
        breaks = True
        self.parts.append("\n")
        self.column = 0
        for ch in text:
            if ch in _YAML_BREAKS:
                self.parts.append(ch)
                self.column = 0
                breaks = True
            else:
                if breaks and self.column < indent:
                    self.write(" " * (indent - self.column))
                self.write(ch)
                breaks = False
        self.fresh_line = breaks
        self.open_ended = keep

    # collections

    def node(self, value: Any, indent: int) -> None:
        """Emit a value whose first character goes at the current position."""
        if isinstance(value, dict) and value:
            self.mapping(value, indent)
        elif _is_seq(value) and value:
            self.sequence(value, indent)
        elif isinstance(value, dict):
            self.write("{}")
        elif _is_seq(value):
            self.write("[]")
        elif isinstance(value, Unknown):
            raise FunctionError("cannot serialize unknown value as YAML")
        elif value is None or isinstance(value, (bool, str)) or _is_num(value):
            self.scalar(value, indent + 2)
        else:
            raise FunctionError(f"cannot encode a value of type {_tname(value)} as YAML")

    def mapping(self, value: dict, indent: int) -> None:
        for n, key in enumerate(sorted(value)):
            if n:
                self.newline(indent)
            self.key_value(str(key), value[key], indent)

    def key_value(self, key: str, item: Any, indent: int) -> None:
        simple = len(key.encode("utf-8")) <= 128 and not any(ch in _YAML_BREAKS for ch in key)
        if simple:
            self.double_quoted(key, indent + 2, allow_breaks=False)
            self.write(":")
        else:
            self.write("? ")
            self.scalar(key, indent + 2)
            self.newline(indent)
            self.write(":")
        if isinstance(item, dict) and item:
            if simple:
                self.newline(indent + 2)
            else:
                self.write(" ")
            self.mapping(item, indent + 2)
        elif _is_seq(item) and item:
            if simple:
                self.newline(indent)
                self.sequence(item, indent)
            else:
                self.write(" ")
                self.sequence(item, indent + 2)
        else:
            self.write(" ")
            self.node(item, indent)

    def sequence(self, value: list, indent: int) -> None:
        for n, item in enumerate(value):
            if n:
                self.newline(indent)
            self.write("- ")
            if (isinstance(item, dict) or _is_seq(item)) and item:
                self.node(item, indent + 2)
            else:
                self.node(item, indent)

    def encode(self, value: Any) -> str:
        if isinstance(value, dict) and value:
            self.mapping(value, 0)
        elif _is_seq(value) and value:
            self.sequence(value, 0)
        elif isinstance(value, (dict, list, tuple)):
            self.node(value, 0)
        else:
            self.scalar(value, 2, root=True)
        text = "".join(self.parts)
        if not text.endswith("\n"):
            text += "\n"
        if self.open_ended:
            text += "...\n"
        return text


@_register("yamlencode", 1)
def _yamlencode(ctx, value):
    return _YamlEmitter().encode(value)


# ---------------------------------------------------------------------------------------------
# Filesystem functions


def _go_clean(path: str) -> str:
    if path == "":
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _home_expand(path: str) -> str:
    if not path or path[0] != "~":
        return path
    if len(path) > 1 and path[1] not in "/\\":
        raise FunctionError("cannot expand user-specific home dir")
    home = os.environ.get("HOME") or os.path.expanduser("~")
    return _go_clean(posixpath.join(home, path[1:].lstrip("/\\"))) if len(path) > 1 else home


def _cwd(ctx: Any) -> Path:
    return Path(getattr(ctx, "cwd", ".") or ".")


def _resolve(ctx: Any, path: str, expand: bool = True) -> str:
    if expand:
        path = _home_expand(path)
    if not os.path.isabs(path):
        path = os.path.join(str(_cwd(ctx)), path)
    return _go_clean(path)


def _read_file(ctx: Any, path_arg: Any) -> bytes:
    given = _as_str(path_arg, "path")
    path = _resolve(ctx, given)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise FunctionError(
            f"no file exists at {json.dumps(given)}; this function works only with files that are distributed "
            "as part of the configuration source code, so if this file will be created by a resource in this "
            "configuration you must instead obtain this result from an attribute of that resource"
        ) from None
    except OSError as exc:
        raise FunctionError(f"failed to read {json.dumps(given)}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FunctionError(f"{json.dumps(given)} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise FunctionError(f"{json.dumps(given)} is larger than 10 MiB")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FunctionError(f"failed to read {json.dumps(given)}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise FunctionError(f"{json.dumps(given)} is larger than 10 MiB")
    return data


def _read_text(ctx: Any, path_arg: Any) -> str:
    data = _read_file(ctx, path_arg)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(
            f"contents of {json.dumps(_as_str(path_arg))} are not valid UTF-8; use the filebase64 function "
            "to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to "
            "obtain file hashing results instead"
        ) from None


@_register("abspath", 1)
def _abspath(ctx, path):
    text = _as_str(path, "path")
    if not os.path.isabs(text):
        text = os.path.join(str(_cwd(ctx).absolute()), text)
    return _go_clean(text).replace(os.sep, "/")


@_register("basename", 1)
def _basename(ctx, path):
    text = _as_str(path, "path")
    if text == "":
        return "."
    text = text.rstrip("/")
    if text == "":
        return "/"
    return text.rsplit("/", 1)[-1]


@_register("dirname", 1)
def _dirname(ctx, path):
    text = _as_str(path, "path")
    i = text.rfind("/")
    return _go_clean(text[: i + 1])


@_register("pathexpand", 1)
def _pathexpand(ctx, path):
    return _home_expand(_as_str(path, "path"))


@_register("file", 1)
def _file(ctx, path):
    return _read_text(ctx, path)


@_register("filebase64", 1)
def _filebase64(ctx, path):
    return base64.b64encode(_read_file(ctx, path)).decode("ascii")


@_register("fileexists", 1)
def _fileexists(ctx, path):
    given = _as_str(path, "path")
    resolved = _resolve(ctx, given)
    try:
        info = os.stat(resolved)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise FunctionError(f"failed to stat {json.dumps(given)}: {exc.strerror or exc}") from None
    if stat.S_ISREG(info.st_mode):
        return True
    raise FunctionError(f"{json.dumps(given)} is not a regular file, but {stat.filemode(info.st_mode)!r}")


def _literal_segment(segment: str) -> str | None:
    """The text of a pattern segment without wildcards (escapes removed), else None."""
    out, i = [], 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append(segment[i + 1])
            i += 2
            continue
        if ch in "*?[{":
            return None
        out.append(ch)
        i += 1
    return "".join(out)


def _glob_regex(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    depth = 0
    while i < n:
        c = pattern[i]
        if c == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            whole = (i == 0 or pattern[i - 1] == "/") and (j == n or pattern[j] == "/")
            if j - i >= 2 and whole:
                if j == n:
                    out.append(".*")
                    i = j
                else:
                    out.append("(?:.*/)?")
                    i = j + 1
            else:
                out.append("[^/]*")
                i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j < 0:
                raise FunctionError(f"failed to glob pattern ({pattern}): syntax error in pattern")
            body = pattern[i + 1 : j]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = "".join("\\" + ch if ch in "\\[]^" else ch for ch in body)
            out.append(f"[{'^' if negate else ''}{body}]")
            i = j + 1
        elif c == "{":
            out.append("(?:")
            depth += 1
            i += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
            i += 1
        elif c == "," and depth:
            out.append("|")
            i += 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    if depth:
        raise FunctionError(f"failed to glob pattern ({pattern}): syntax error in pattern")
    return "".join(out)


@_register("fileset", 2)
def _fileset(ctx, path, pattern):
    base = _as_str(path, "path")
    if not os.path.isabs(base):
        base = os.path.join(str(_cwd(ctx).absolute()), base)
    base = _go_clean(base)
    escaped = re.sub(r"([*?\[\]{}\\])", r"\\\1", base)
    full = _go_clean(posixpath.join(escaped, _as_str(pattern, "pattern")))
    matcher = re.compile(_glob_regex(full))
    segments = full.split("/")
    literal: list[str] = []
    for segment in segments[:-1]:
        plain = _literal_segment(segment)
        if plain is None:
            break
        literal.append(plain)
    rest = segments[len(literal):]
    max_depth = None if any("**" in segment for segment in rest) else len(rest) - 1
    root = "/".join(literal) or "/"
    results: list[str] = []
    if not os.path.isdir(root):
        return results
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if max_depth is not None:
            depth = 0 if directory == root else posixpath.relpath(directory, root).count("/") + 1
            if depth >= max_depth:
                dirnames[:] = []
        for filename in filenames:
            candidate = posixpath.join(directory, filename)
            if not matcher.fullmatch(candidate):
                continue
            try:
                if not stat.S_ISREG(os.stat(candidate).st_mode):
                    continue
            except OSError:
                continue
            results.append(posixpath.relpath(candidate, base))
    return sorted(set(results))


_IDENTIFIER = re.compile(r"[^\W\d][\w-]*")


def _render(ctx: Any, name: str, text: str, variables: Any, filename: str) -> Any:
    if isinstance(variables, Unknown):
        return _unknown(name, variables)
    if variables is None:
        raise FunctionError("invalid vars value: must be a map")
    mapping = _as_map(variables, "vars")
    for key in mapping:
        if not isinstance(key, str) or not _IDENTIFIER.fullmatch(key):
            raise FunctionError(
                f"invalid template variable name {json.dumps(str(key))}: must start with a letter, "
                "followed by zero or more letters, digits, and underscores"
            )
    return ctx.render_template(text, dict(mapping), filename)


@_register("templatefile", 2, unknown="custom")
def _templatefile(ctx, path, variables):
    if not is_known(path):
        return _unknown("templatefile", path, variables)
    text = _read_text(ctx, path)
    return _render(ctx, "templatefile", text, variables, _resolve(ctx, _as_str(path)))


@_register("templatestring", 2, unknown="custom")
def _templatestring(ctx, template, variables):
    if not is_known(template):
        return _unknown("templatestring", template, variables)
    return _render(ctx, "templatestring", _as_str(template, "template"), variables, "<templatestring>")


# ---------------------------------------------------------------------------------------------
# Date and time functions

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:\d{2})"
)
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _parse_timestamp(text: str) -> tuple[_dt.datetime, int]:
    """An RFC 3339 timestamp: (datetime with fixed offset, whole seconds), nanoseconds."""
    match = _RFC3339.fullmatch(text)
    if not match:
        if "T" not in text and re.match(r"\d{4}-\d{2}-\d{2}", text):
            raise FunctionError("not a valid RFC3339 timestamp: missing required time introducer 'T'")
        raise FunctionError(f"not a valid RFC3339 timestamp: {json.dumps(text)}")
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    fraction = match.group(7) or ""
    nanos = int((fraction + "000000000")[:9]) if fraction else 0
    zone = match.group(8)
    if zone == "Z":
        offset = _dt.timedelta(0)
    else:
        hours, minutes = int(zone[1:3]), int(zone[4:6])
        if hours > 23 or minutes > 59:
            raise FunctionError(f"not a valid RFC3339 timestamp: cannot use {json.dumps(zone)} as UTC offset")
        offset = _dt.timedelta(hours=hours, minutes=minutes) * (-1 if zone[0] == "-" else 1)
    try:
        value = _dt.datetime(year, month, day, hour, minute, second, tzinfo=_dt.timezone(offset))
    except ValueError as exc:
        raise FunctionError(f"not a valid RFC3339 timestamp: {exc}") from None
    return value, nanos


def _offset_text(value: _dt.datetime, colon: bool) -> str:
    offset = value.utcoffset() or _dt.timedelta(0)
    total = int(offset.total_seconds()) // 60
    sign = "-" if total < 0 else "+"
    hours, minutes = divmod(abs(total), 60)
    return f"{sign}{hours:02d}{':' if colon else ''}{minutes:02d}"


def _rfc3339(value: _dt.datetime) -> str:
    offset = value.utcoffset() or _dt.timedelta(0)
    zone = "Z" if offset == _dt.timedelta(0) else _offset_text(value, True)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"


def _date_tokens(spec: str) -> list[str]:
    tokens: list[str] = []
    i, n = 0, len(spec)
    while i < n:
        c = spec[i]
        if c == "'":
            if i + 1 < n and spec[i + 1] == "'":
                tokens.append("''")
                i += 2
                continue
            j = i + 1
            while j < n:
                if spec[j] == "'":
                    if j + 1 < n and spec[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:  # no closing quote
                raise FunctionError("unterminated literal '")
            tokens.append(spec[i : j + 1])
            i = j + 1
        elif c.isascii() and c.isalpha():
            j = i
            while j < n and spec[j] == c:
                j += 1
            tokens.append(spec[i:j])
            i = j
        else:
            j = i
            while j < n and spec[j] != "'" and not (spec[j].isascii() and spec[j].isalpha()):
                j += 1
            tokens.append(spec[i:j])
            i = j
    return tokens


@_register("formatdate", 2)
def _formatdate(ctx, spec, timestamp):
    value, _ = _parse_timestamp(_as_str(timestamp, "timestamp"))
    out: list[str] = []
    for tok in _date_tokens(_as_str(spec, "format")):
        head, size = tok[0], len(tok)
        if head == "'":
            if size == 1 or tok[-1] != "'":
                raise FunctionError("unterminated literal '")
            out.append("'" if size == 2 else tok[1:-1].replace("''", "'"))
            continue
        if not (head.isascii() and head.isalpha()):
            out.append(tok)
            continue
        bad = f'invalid date format verb "{tok}"'
        if head == "Y":
            if size == 2:
                out.append(f"{value.year % 100:02d}")
            elif size == 4:
                out.append(f"{value.year:04d}")
            else:
                raise FunctionError(f'{bad}: year must either be "YY" or "YYYY"')
        elif head == "M":
            if size > 4:
                raise FunctionError(f'{bad}: month must be "M", "MM", "MMM", or "MMMM"')
            name = _MONTHS[value.month - 1]
            out.append([str(value.month), f"{value.month:02d}", name[:3], name][size - 1])
        elif head == "D":
            if size > 2:
                raise FunctionError(f'{bad}: day of month must either be "D" or "DD"')
            out.append(str(value.day) if size == 1 else f"{value.day:02d}")
        elif head == "E":
            name = _WEEKDAYS[value.weekday()]
            if size == 3:
                out.append(name[:3])
            elif size == 4:
                out.append(name)
            else:
                raise FunctionError(f'{bad}: day of week must either be "EEE" or "EEEE"')
        elif head in "hHms":
            if head == "h":
                number = value.hour
            elif head == "H":
                number = value.hour % 12 or 12
            elif head == "m":
                number = value.minute
            else:
                number = value.second
            if size > 2:
                raise FunctionError(f"{bad}: must be {head!r} or {head * 2!r}".replace("'", '"'))
            out.append(str(number) if size == 1 else f"{number:02d}")
        elif head in "Aa":
            if size != 2:
                raise FunctionError(f'{bad}: must be "{head}{head}"')
            marker = "AM" if value.hour < 12 else "PM"
            out.append(marker if head == "A" else marker.lower())
        elif head == "Z":
            offset = value.utcoffset() or _dt.timedelta(0)
            if size == 1:
                out.append("Z" if offset == _dt.timedelta(0) else _offset_text(value, True))
            elif size == 3:
                text = _offset_text(value, False)
                out.append("UTC" if text == "+0000" else text)
            elif size == 4:
                out.append(_offset_text(value, False))
            elif size == 5:
                out.append(_offset_text(value, True))
            else:
                raise FunctionError(f"{bad}: timezone must be Z, ZZZZ, or ZZZZZ")
        else:
            raise FunctionError(bad)
    return "".join(out)


_DURATION_UNITS = {
    "ns": 1,
    "us": 1_000,
    "\u00b5s": 1_000,
    "\u03bcs": 1_000,
    "ms": 1_000_000,
    "s": 1_000_000_000,
    "m": 60_000_000_000,
    "h": 3_600_000_000_000,
}
_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?([^\d.]+)")


def _parse_duration(text: str) -> int:
    """Go's time.ParseDuration, in nanoseconds."""
    original, body = text, text
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if body == "0":
        return 0
    if not body:
        raise FunctionError(f"time: invalid duration {json.dumps(original)}")
    total = Decimal(0)
    pos = 0
    while pos < len(body):
        match = _DURATION_PART.match(body, pos)
        if not match or (not match.group(1) and not match.group(2)):
            raise FunctionError(f"time: invalid duration {json.dumps(original)}")
        unit = match.group(3)
        if unit not in _DURATION_UNITS:
            raise FunctionError(f"time: unknown unit {json.dumps(unit)} in duration {json.dumps(original)}")
        number = Decimal(f"{match.group(1) or '0'}.{match.group(2) or '0'}")
        total += number * _DURATION_UNITS[unit]
        pos = match.end()
    nanos = int(total.to_integral_value(rounding=ROUND_FLOOR))
    if nanos > 2**63 - 1:
        raise FunctionError(f"time: invalid duration {json.dumps(original)}")
    return -nanos if negative else nanos


@_register("timeadd", 2)
def _timeadd(ctx, timestamp, duration):
    value, nanos = _parse_timestamp(_as_str(timestamp, "timestamp"))
    seconds, _ = divmod(nanos + _parse_duration(_as_str(duration, "duration")), 1_000_000_000)
    try:
        return _rfc3339(value + _dt.timedelta(seconds=seconds))
    except OverflowError:
        raise FunctionError("the resulting time is out of range") from None


@_register("timecmp", 2)
def _timecmp(ctx, a, b):
    first, first_ns = _parse_timestamp(_as_str(a, "timestamp_a"))
    second, second_ns = _parse_timestamp(_as_str(b, "timestamp_b"))
    left = (first.astimezone(_dt.timezone.utc).replace(tzinfo=None), first_ns)
    right = (second.astimezone(_dt.timezone.utc).replace(tzinfo=None), second_ns)
    return (left > right) - (left < right)


def _apply_time(name: str):
    def impl(ctx, *args):
        return unknown_from(f"{name}(): known only at apply time", *args)

    return impl


_register("timestamp", 0, unknown="custom")(_apply_time("timestamp"))
_register("plantimestamp", 0, unknown="custom")(_apply_time("plantimestamp"))
_register("uuid", 0, unknown="custom")(_apply_time("uuid"))
_register("bcrypt", 1, 2, unknown="custom")(_apply_time("bcrypt"))
_register("rsadecrypt", 2, unknown="custom")(_apply_time("rsadecrypt"))


# ---------------------------------------------------------------------------------------------
# Hash and crypto functions


def _hash_functions() -> None:
    algorithms = {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
    for algo, ctor in algorithms.items():
        def hex_of_string(ctx, s, _ctor=ctor):
            return _ctor(_as_str(s).encode("utf-8")).hexdigest()

        def hex_of_file(ctx, path, _ctor=ctor):
            return _ctor(_read_file(ctx, path)).hexdigest()

        _register(algo, 1)(hex_of_string)
        _register(f"file{algo}", 1)(hex_of_file)
    for algo in ("sha256", "sha512"):
        ctor = algorithms[algo]

        def b64_of_string(ctx, s, _ctor=ctor):
            return base64.b64encode(_ctor(_as_str(s).encode("utf-8")).digest()).decode("ascii")

        def b64_of_file(ctx, path, _ctor=ctor):
            return base64.b64encode(_ctor(_read_file(ctx, path)).digest()).decode("ascii")

        _register(f"base64{algo}", 1)(b64_of_string)
        _register(f"filebase64{algo}", 1)(b64_of_file)


_hash_functions()

_UUID_NAMESPACES = {
    "dns": _uuid.NAMESPACE_DNS,
    "url": _uuid.NAMESPACE_URL,
    "oid": _uuid.NAMESPACE_OID,
    "x500": _uuid.NAMESPACE_X500,
}


@_register("uuidv5", 2)
def _uuidv5(ctx, namespace, name):
    ns_text = _as_str(namespace, "namespace")
    ns = _UUID_NAMESPACES.get(ns_text)
    if ns is None:
        try:
            ns = _uuid.UUID(ns_text)
        except ValueError:
            raise FunctionError(f"uuidv5() doesn't support namespace {ns_text} (invalid UUID)") from None
    data = _as_str(name, "name").encode("utf-8")
    digest = hashlib.sha1(ns.bytes + data).digest()
    return str(_uuid.UUID(bytes=digest[:16], version=5))


# ---------------------------------------------------------------------------------------------
# IP network functions


def _parse_cidr(text: str) -> tuple[int, int, int]:
    """(network address as int with host bits cleared, prefix length, address bits)."""
    if "/" not in text:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    address, _, length = text.rpartition("/")
    if not length.isdigit() or not length.isascii() or len(length) > 3:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    prefix = int(length)
    try:
        if ":" in address:
            ip = ipaddress.IPv6Address(address)
            bits = 128
            mapped = ip.ipv4_mapped
            if mapped is not None:  # Go treats ::ffff:a.b.c.d/n+96 as an IPv4 network
                if prefix < 96:
                    raise ValueError("prefix too short for an IPv4-mapped address")
                ip, bits, prefix = mapped, 32, prefix - 96
        else:
            octets = address.split(".")
            if len(octets) != 4 or not all(o.isdigit() and o.isascii() and len(o) <= 3 for o in octets):
                raise ValueError("invalid IPv4 address")
            values = [int(o) for o in octets]  # leading zeros are decimal, as in Terraform
            if any(v > 255 for v in values):
                raise ValueError("invalid IPv4 address")
            ip = ipaddress.IPv4Address(".".join(map(str, values)))
            bits = 32
    except ValueError:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}") from None
    if prefix > bits:
        raise FunctionError(f"invalid CIDR expression: invalid CIDR address: {text}")
    mask = ((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1)
    return int(ip) & mask, prefix, bits


def _ip_text(value: int, bits: int) -> str:
    if bits == 32:
        return str(ipaddress.IPv4Address(value))
    ip = ipaddress.IPv6Address(value)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return ip.compressed


def _big_int(value: Any, what: str) -> int:
    return _as_int(value, what)


@_register("cidrhost", 2)
def _cidrhost(ctx, prefix, hostnum):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    num = _big_int(hostnum, "hostnum")
    host_bits = bits - length
    max_host = (1 << host_bits) - 1
    magnitude = num
    if num < 0:
        magnitude = -num - 1
        num = max_host - magnitude
    if magnitude > max_host:
        raise FunctionError(f"prefix of {length} does not accommodate a host numbered {num}")
    return _ip_text(network | num, bits)


@_register("cidrnetmask", 1)
def _cidrnetmask(ctx, prefix):
    text = _as_str(prefix, "prefix")
    _, length, bits = _parse_cidr(text)
    if bits != 32:
        raise FunctionError(f"IPv6 addresses cannot have a netmask: {text}")
    mask = ((1 << 32) - 1) ^ ((1 << (32 - length)) - 1)
    return str(ipaddress.IPv4Address(mask))


@_register("cidrsubnet", 3)
def _cidrsubnet(ctx, prefix, newbits, netnum):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    extra = _as_int(newbits, "newbits")
    num = _big_int(netnum, "netnum")
    if extra < 0:
        raise FunctionError("newbits must not be negative")
    if extra > 32:
        raise FunctionError("may not extend prefix by more than 32 bits")
    new_length = length + extra
    if new_length > bits:
        raise FunctionError(f"insufficient address space to extend prefix of {length} by {extra}")
    if num < 0:
        raise FunctionError("netnum must not be negative")
    if num > (1 << extra) - 1:
        raise FunctionError(f"prefix extension of {extra} does not accommodate a subnet numbered {num}")
    address = network | (num << (bits - new_length))
    return f"{_ip_text(address, bits)}/{new_length}"


@_register("cidrsubnets", 1, VARIADIC)
def _cidrsubnets(ctx, prefix, *newbits):
    network, length, bits = _parse_cidr(_as_str(prefix, "prefix"))
    if not newbits:
        return []
    full = (1 << bits) - 1

    def mask(n: int) -> int:
        return full ^ ((1 << (bits - n)) - 1)

    def last_of(address: int, n: int) -> int:
        return (address & mask(n)) | ((1 << (bits - n)) - 1)

    lengths = [_as_int(n, f"newbits {i + 1}") for i, n in enumerate(newbits)]
    first = lengths[0] + length
    if not 0 <= first <= bits:
        first = max(0, min(first, bits))
    current = ((network - 1) & full) & mask(first)
    current_len = first
    results = []
    for extra in lengths:
        if extra < 1:
            raise FunctionError("must extend prefix by at least one bit")
        if extra > 32:
            raise FunctionError("may not extend prefix by more than 32 bits")
        new_length = extra + length
        if new_length > bits:
            protocol = "IPv4" if bits == 32 else "IPv6"
            raise FunctionError(f"would extend prefix to {new_length} bits, which is too long for an {protocol} address")
        current_last = last_of(current, current_len)
        subnet = current_last & mask(new_length)
        following = (last_of(subnet, new_length) + 1) & full
        next_address = following & mask(new_length)
        if following == 0 or (next_address & mask(length)) != network:
            raise FunctionError(
                f"not enough remaining address space for a subnet with a prefix of {new_length} bits after "
                f"{_ip_text(current, bits)}/{current_len}"
            )
        current, current_len = next_address, new_length
        results.append(f"{_ip_text(current, bits)}/{current_len}")
    return results


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


# Names kept for readers looking for them; they are implemented by the evaluator.
NOT_HERE = frozenset({"try", "can"})
