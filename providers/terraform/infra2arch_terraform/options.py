"""What a Terraform scan is asked to do: variables, workspace, caches, the read root and the bounds."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Sequence

from infra2arch_terraform.limits import DEFAULT_MAX_INSTANCES


@dataclass(frozen=True)
class TerraformOptions:
    variables: Sequence[tuple[str, str]] = ()   # ("file", path) or ("var", "name=value"), command-line order
    workspace: str = "default"
    use_cache: bool = True
    cache_dir: Path | None = None
    environment: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    progress: Callable[[str, int, int], None] | None = None
    read_root: Path | None = None               # None: the git work tree holding the directory (limits.py)
    max_instances: int = DEFAULT_MAX_INSTANCES  # per block and per module instance
