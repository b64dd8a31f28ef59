"""format and formatlist: Go's fmt verbs as cty implements them."""

from __future__ import annotations

from typing import Any

from infra2arch.model import Unknown, unknown_from

from infra2arch_terraform.functions._base import (
    MAX_FORMAT_WIDTH,
    MAX_STRING_CHARS,
    FunctionError,
    FunctionLimitError,
    _first_unknown_free,
    _is_num,
    _is_seq,
    _unknown,
)
from infra2arch_terraform.functions._gotext import _go_float_text, _graphemes, _json_encode, _json_string
from infra2arch_terraform.functions._values import _as_int, _as_num, _as_str
from infra2arch_terraform.functions._registry import VARIADIC, _register

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
        for size in (verb.width, verb.prec):
            if size is not None and abs(size) > MAX_FORMAT_WIDTH:
                raise FunctionLimitError(f'"{verb.raw}" asks for {size:,} characters; more than {MAX_FORMAT_WIDTH:,} '
                                         "is not evaluated")
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
    built = 0
    for index in range(max(length, 1)):
        call_args = [arg[index] if _is_seq(arg) else arg for arg in args]
        if not _first_unknown_free(call_args):
            results.append(unknown_from("formatlist(): argument not known", *call_args))
            continue
        try:
            results.append(_format(text, call_args))
        except FunctionLimitError:
            raise
        except FunctionError as exc:
            raise FunctionError(f"error on format iteration {index}: {exc}") from None
        built += len(results[-1])
        if built > MAX_STRING_CHARS:
            raise FunctionLimitError(f"the results would be longer than {MAX_STRING_CHARS:,} characters together")
    return results


