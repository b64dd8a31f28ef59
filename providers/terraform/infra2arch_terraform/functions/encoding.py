"""Encoding functions: base64, CSV, JSON, text encodings, URL and YAML (a port of libyaml's emitter)."""

from __future__ import annotations

import base64
import codecs
import csv
import gzip
import io
import json
import math
import urllib.parse
from decimal import Decimal
from typing import Any

import yaml

from infra2arch.model import Unknown

from infra2arch_terraform.functions._base import FunctionError, _is_num, _is_seq, _norm, _tname
from infra2arch_terraform.functions._gotext import _json_encode, _num_to_str
from infra2arch_terraform.functions._values import _as_str, _sorted_set
from infra2arch_terraform.functions._registry import _register

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


