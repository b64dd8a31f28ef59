"""The function table and the decorator that checks arity, unknowns and exceptions for every entry."""

from __future__ import annotations

import re
from typing import Any, Callable

import yaml

from infra2arch_terraform.functions._base import (
    MAX_RESULT_ITEMS,
    MAX_STRING_CHARS,
    FunctionError,
    FunctionLimitError,
    _first_unknown_free,
    _unknown,
)

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
            # arguments that are already huge together (concat(l, l, l, ...) of one big list) are
            # refused before any work; results past a bound are refused after
            if sum(len(a) for a in args if isinstance(a, (list, dict))) > MAX_RESULT_ITEMS:
                raise FunctionLimitError(f"the arguments hold more than {MAX_RESULT_ITEMS:,} elements together")
            try:
                result = impl(ctx, *args)
            except FunctionError:
                raise
            except MemoryError:
                raise FunctionLimitError("the result does not fit in memory") from None
            except RecursionError:
                raise FunctionError("value is nested too deeply") from None
            except re.error as exc:
                raise FunctionError(f"invalid regular expression: {exc}") from None
            except yaml.YAMLError as exc:
                raise FunctionError(f"invalid YAML: {_yaml_problem(exc)}") from None
            except Exception as exc:  # noqa: BLE001 - bad input must never escape as anything else
                raise FunctionError(f"{type(exc).__name__}: {exc}") from None
            if isinstance(result, str) and len(result) > MAX_STRING_CHARS:
                raise FunctionLimitError(f"the result would be longer than {MAX_STRING_CHARS:,} characters")
            if isinstance(result, (list, dict)) and len(result) > MAX_RESULT_ITEMS:
                raise FunctionLimitError(f"the result would hold more than {MAX_RESULT_ITEMS:,} elements")
            return result

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

