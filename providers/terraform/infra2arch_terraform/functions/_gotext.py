"""Text the Go way: math/big number formatting, grapheme clusters and encoding/json strings."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any

from infra2arch_terraform.functions._base import FunctionError, _is_num, _is_seq, _tname

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


