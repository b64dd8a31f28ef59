"""The values functions pass around, the error they raise and the context they may use."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable, Protocol

from infra2arch.model import Unknown, is_known, unknown_from

# Hostile input must end in seconds: every function whose result can grow faster than its
# arguments is bounded. range() keeps Terraform's own limit; the others are far beyond what real
# configuration produces (a bigger result is an error, which the scan reports as a gap).
MAX_RANGE_VALUES = 1024             # Terraform's own limit for range()
MAX_RESULT_ITEMS = 1_000_000        # elements in a list made by setproduct, flatten, chunklist ...
MAX_STRING_CHARS = 16 * 1024 * 1024  # characters in one string a function builds (file() reads 10 MiB)
MAX_FORMAT_WIDTH = 10_000           # width or precision of one format() verb


class FunctionError(Exception):
    """A function call failed at run time (bad argument type or value, missing file, ...)."""


class FunctionLimitError(FunctionError):
    """A call would build a result past one of infra2arch's size bounds (not a Terraform error)."""


class FunctionContext(Protocol):
    """What a function may use besides its arguments.

    Optional attributes, read with getattr so a minimal context works: ``read_root`` (a directory;
    the filesystem functions read nothing outside it, and default to ``cwd``), and
    ``outside_read_root(function, path_as_written, reason)``, called when a read was refused.
    """

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


