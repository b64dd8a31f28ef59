"""String functions (lang/funcs/string.go and cty's stdlib string functions)."""

from __future__ import annotations

import unicodedata

from infra2arch.model import Unknown

from infra2arch_terraform.functions._base import (
    MAX_STRING_CHARS,
    FunctionError,
    FunctionLimitError,
    _first_unknown_free,
    _is_seq,
    _tname,
    _unknown,
)
from infra2arch_terraform.functions._gotext import _graphemes
from infra2arch_terraform.functions._values import _as_int, _as_list, _as_str
from infra2arch_terraform.functions._registry import VARIADIC, _register

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
    count = max(_as_int(spaces, "spaces"), 0)
    text = _as_str(s)
    if count * text.count("\n") + len(text) > MAX_STRING_CHARS:
        raise FunctionLimitError(f"the result would be longer than {MAX_STRING_CHARS:,} characters")
    return text.replace("\n", "\n" + " " * count)


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
    if len(separator) * max(len(items) - 1, 0) + sum(map(len, items)) > MAX_STRING_CHARS:
        raise FunctionLimitError(f"the result would be longer than {MAX_STRING_CHARS:,} characters")
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


