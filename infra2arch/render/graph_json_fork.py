"""The graph's part of graph.json, encoded in a forked process while the annotators run.

graph.json is one JSON object with sorted keys. Everything in it but ``annotations`` depends on the
graph alone, and encoding that (resources, edges, containment, gaps …: most of the ~30 MB of a
10,000-resource estate) is the writer's largest cost. Right after the graph is built, a child
process (fork: it shares the graph without copying it) encodes each of those top-level values;
the scan meanwhile runs the annotators on the other core, then encodes the annotations and joins
the pieces. ``{"a":A,"b":B}`` written by json.dumps with sorted keys and compact separators is
exactly ``"{" + '"a":' + A + "," + '"b":' + B + "}"``, so the bytes are those of a serial dump.

Whenever a fork is not possible or not safe (no fork, threads running, the child failing), the
caller encodes serially as before.
"""

from __future__ import annotations

import json
import marshal
from typing import Any, Callable

from infra2arch import forking
from infra2arch.forking import Child

_ENCODE = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode


def compact(value: Any) -> str:
    return _ENCODE(value)


def join(parts: dict[str, str]) -> str:
    """The compact JSON object whose top-level values are the given encoded texts."""
    return "{" + ",".join(f"{compact(key)}:{parts[key]}" for key in sorted(parts)) + "}\n"


class Pending(Child):
    """The child encoding the graph's part; :meth:`parts` waits for it (None when it failed)."""

    def parts(self) -> dict[str, str] | None:
        parts = self.result()
        return parts if isinstance(parts, dict) else None


def start(encode: Callable[[], dict[str, Any]]) -> Pending | None:
    """Run ``encode`` (returning the top-level values) in a child that encodes each of them."""
    return forking.start(lambda: {key: compact(value) for key, value in encode().items()},
                         dumps=marshal.dumps, loads=marshal.loads, kind=Pending)
