"""What a scan of untrusted Terraform may read, and how much it may expand.

infra2arch runs in CI on code nobody has reviewed yet, so two things are bounded:

* **The read root.** Files are read only below one directory: by default the top of the git work
  tree that holds the scanned directory (found by walking up to a ``.git`` entry), which covers the
  local modules real repositories call with ``../../modules/x``; the scanned directory itself when
  it is in no repository; or ``--read-root DIR``. Paths are compared after resolving symlinks, so a
  link inside the tree that points outside is outside. A read past the root is never made: the value
  is unknown and a gap says which function or module, the path as written, and file:line.
* **Sizes.** Every expansion is bounded (instances per block and per module instance, instances
  per scan, module nesting, for-expression iterations, the size of any one value), so any input
  finishes in seconds, well under 1 GiB. Going past a bound is a gap, never a hang.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from infra2arch.errors import UserError

DEFAULT_MAX_INSTANCES = 10_000


@dataclass(frozen=True)
class Limits:
    """The bounds of one scan. Only ``max_instances`` is a user option; the others follow from it
    or are far beyond what real configuration needs."""

    max_instances: int = DEFAULT_MAX_INSTANCES  # per resource/module block, and per module instance
    max_module_depth: int = 32                  # nested module calls below the root
    for_iterations_per_expression: int = 200_000  # iterations of for/%{for} in one top-level expression
    for_iterations_per_scan: int = 2_000_000      # the same, for the whole scan
    max_value_cells: int = 1_000_000             # elements (counted through shared parts) in one value
    max_string_chars: int = 16 * 1024 * 1024     # characters of one string built by a template

    @property
    def max_instances_per_scan(self) -> int:
        """Instances of all blocks together: about 20 KiB each through the whole pipeline."""
        return max(5 * self.max_instances, 50_000)


def find_read_root(directory: Path) -> Path:
    """The top of the git work tree holding ``directory`` (a ``.git`` directory, or the ``.git``
    file of a worktree or submodule), else ``directory`` itself. Both resolved."""
    start = Path(os.path.realpath(directory))
    for candidate in (start, *start.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return start


def resolve_read_root(directory: Path, given: str | os.PathLike | None) -> Path:
    """The read root for a scan of ``directory``: ``given`` (which must hold ``directory``) or the
    default. Raises :class:`UserError` for a read root that is not a directory or leaves out the
    scanned directory."""
    scanned = Path(os.path.realpath(directory))
    if given is None or str(given) == "":
        return find_read_root(scanned)
    root = Path(os.path.realpath(os.path.abspath(given)))
    if not root.is_dir():
        raise UserError(f"--read-root {given}: not a directory")
    if not is_inside(scanned, root):
        raise UserError(f"--read-root {given}: must contain the scanned directory {directory}")
    return root


def is_inside(path: Path | str, root: Path | str) -> bool:
    """Whether ``path`` (after resolving symlinks) is ``root`` or below it. ``root`` is real already."""
    real = os.path.realpath(path)
    top = str(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def check_max_instances(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise UserError(f"--max-instances {value}: must be a whole number of at least 1")
    return value


__all__ = ["Limits", "DEFAULT_MAX_INSTANCES", "find_read_root", "resolve_read_root", "is_inside",
           "check_max_instances"]
