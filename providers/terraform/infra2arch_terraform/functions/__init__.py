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

The library is split by family the way Terraform's ``lang/funcs`` is: :mod:`.collection`,
:mod:`.conversion`, :mod:`.crypto`, :mod:`.dates`, :mod:`.encoding`, :mod:`.filesystem`, :mod:`.ipnet`,
:mod:`.number`, :mod:`.strings` (with :mod:`.regex` and :mod:`.format`). Importing this package
registers every function in :data:`FUNCTIONS`. Only :mod:`.filesystem` touches the disk, and it reads
nothing outside the context's read root.
"""

from __future__ import annotations

# each family registers its functions in FUNCTIONS when imported
from infra2arch_terraform.functions import (  # noqa: F401
    collection,
    conversion,
    crypto,
    dates,
    encoding,
    filesystem,
    format,
    ipnet,
    number,
    regex,
    strings,
)
from infra2arch_terraform.functions._base import FunctionContext, FunctionError, FunctionLimitError
from infra2arch_terraform.functions._registry import FUNCTIONS

# Names kept for readers looking for them; they are implemented by the evaluator.
NOT_HERE = frozenset({"try", "can"})

__all__ = ["FUNCTIONS", "FunctionContext", "FunctionError", "FunctionLimitError", "NOT_HERE"]
