"""Numeric functions (Terraform's lang/funcs/number.go and cty's stdlib number functions)."""

from __future__ import annotations

import json
import math

from infra2arch_terraform.functions._base import FunctionError, _norm
from infra2arch_terraform.functions._values import _as_int, _as_num, _as_str
from infra2arch_terraform.functions._registry import VARIADIC, _register

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


