"""Reading a module's configuration: listing and parsing its files (on all cores when there are
many, from the parse cache when unchanged), confined to the read root; and the root module's
variables from terraform.tfvars, *.auto.tfvars, -var-file, -var and TF_VAR_ variables.

A mixin of :class:`~infra2arch_terraform.adapter.Scan`: it reads and records on the scan's state
(gaps, files read, the parse cache)."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from typing import Any, Mapping

from infra2arch import background
from infra2arch.errors import UserError
from infra2arch.model import GapKind, SourceLocation, Unknown
from infra2arch.redact import looks_secret
from infra2arch_terraform import hcl, parallel
from infra2arch_terraform.caches import ParseCache, parse_key
from infra2arch_terraform.evaluator import Scope
from infra2arch_terraform.limits import is_inside
from infra2arch_terraform.modules import Declared, ModuleConfig

MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_FUNCTIONS = frozenset({"file", "fileexists", "templatefile", "filebase64", "filemd5", "filesha1",
                            "filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "fileset"})
# a file whose text never names one of them holds no expression that reads files: its expressions
# skip the walk that looks for such calls (most of an estate; the walk costs ~10% of evaluation).
# Every name ends in "file" or starts with it (templatefile, filesha256 ...): a pattern that starts
# with that literal is searched at C speed; a longer name ending in "file(" only costs a walk.
FILE_CALL = re.compile(r"file(?:exists|base64(?:sha256|sha512)?|md5|sha1|sha256|sha512|set)?\s*\(")


class ConfigFiles:

    def load_config(self, directory: Path) -> ModuleConfig | None:
        if directory in self.configs:
            return self.configs[directory]
        display = display_path(directory, self.root)
        if not directory.is_dir():
            return None
        try:
            names = sorted(os.listdir(directory))
        except OSError as exc:
            self.gap(GapKind.FILE_SKIPPED, display, f"cannot list directory: {exc.strerror or exc}")
            names = []
        tf_names = [n for n in names if n.endswith((".tf", ".tf.json")) and not n.startswith(".")]
        self.listed_dirs[str(directory)] = tf_names
        self._prefetch(directory, tf_names)
        bodies: list[tuple[str, hcl.Body]] = []
        overrides: list[tuple[str, hcl.Body]] = []
        for name in tf_names:
            path = directory / name
            shown = display_path(path, self.root)
            body = self.parse_path(path, shown)
            if body is None:
                continue
            stem = name[: -len(".tf.json")] if name.endswith(".tf.json") else name[: -len(".tf")]
            (overrides if stem == "override" or stem.endswith("_override") else bodies).append((shown, body))
        if self._unsaved:
            # pickling and writing these trees costs half as much as parsing them: on the other core
            unsaved, self._unsaved = self._unsaved, []
            background.run(_save_trees, self.parse_cache, unsaved)
        config = ModuleConfig.from_bodies(directory, display, bodies, overrides)
        self.gaps.extend(g for g in config.gaps if g.key() not in self._gap_keys)
        self._gap_keys.update(g.key() for g in config.gaps)
        self.configs[directory] = config
        return config

    def read_text(self, path: Path, shown: str, confined: bool = True) -> str | None:
        if confined and not is_inside(path, self.read_root):
            # a .tf or .tfvars symlink that points out of the tree: the target is not configuration
            self.gap(GapKind.OUTSIDE_READ_ROOT, shown, "resolves outside the read root (a symlink): not read")
            return None
        try:
            if not path.is_file():
                self.gap(GapKind.FILE_SKIPPED, shown, "not a regular file")
                return None
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.gap(GapKind.FILE_SKIPPED, shown,
                         f"file is {size // (1024 * 1024)} MiB, larger than the {MAX_FILE_BYTES // (1024 * 1024)} MiB limit")
                return None
            data = path.read_bytes()
        except OSError as exc:
            self.gap(GapKind.FILE_SKIPPED, shown, f"cannot read: {exc.strerror or exc}")
            return None
        self.read_files[str(path)] = hashlib.sha256(data).hexdigest()
        if b"\x00" in data:
            self.gap(GapKind.FILE_SKIPPED, shown, "binary file (contains NUL bytes)")
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.gap(GapKind.FILE_SKIPPED, shown, f"not valid UTF-8 (byte {exc.start})")
            return None

    def _prefetch(self, directory: Path, tf_names: list[str]) -> None:
        """Parse a large directory's files in worker processes before the loop reads them one by
        one. Silent: whatever cannot be read here is read, and reported, by that loop."""
        jobs = []
        for name in tf_names:
            path = directory / name
            try:
                if not is_inside(path, self.read_root) or not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                    continue
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            shown = display_path(path, self.root)
            key = parse_key(shown, text)
            if "\x00" in text or (self.parse_cache is not None and self.parse_cache.has(key)):
                continue
            cache_path = str(self.parse_cache.path(key)) if self.parse_cache is not None else None
            jobs.append(parallel.Job(key, text, shown, shown.endswith(".json"), cache_path))
        self._prefetched.update(parallel.parse_all(jobs))

    def parse_path(self, path: Path, shown: str) -> hcl.Body | None:
        self._files_seen += 1
        if self.options.progress and self._files_seen % 50 == 0:
            self.options.progress("files read", self._files_seen, 0)
        text = self.read_text(path, shown)
        if text is None:
            return None
        is_json = shown.endswith(".json")
        self._may_read_files[shown] = FILE_CALL.search(text) is not None
        cache_key = parse_key(shown, text)
        prefetched = self._prefetched.pop(cache_key, None)   # parsed moments ago (and maybe cached since)
        if self.parse_cache is not None and prefetched is None:
            cached = self.parse_cache.get(cache_key)
            if cached is not None:
                return cached
        try:
            if prefetched is not None:
                body = prefetched.body(shown)
            else:
                body = hcl.parse_json_file(text, shown) if is_json else hcl.parse_file(text, shown)
        except hcl.HCLSyntaxError as exc:
            self.gap(GapKind.PARSE_ERROR, shown, exc.message, SourceLocation(shown, exc.line))
            return None
        if prefetched is not None and prefetched.stored:
            return body   # the child that parsed it wrote the parse cache
        if self.parse_cache is not None and prefetched is not None and prefetched.tree is not None \
                and prefetched.data is None:
            self._unsaved.append((cache_key, body, text))   # parsed here while children parsed the rest
            return body
        if self.parse_cache is not None and not (prefetched.secret if prefetched is not None else looks_secret(text)):
            # files with literal secrets are never cached; a tree parsed in a worker is stored as it came
            self.parse_cache.put(cache_key, body, prefetched.data if prefetched is not None else None)
        return body

    # -- variables from tfvars, -var and -var-file

    def load_root_values(self, declared: Mapping[str, Declared]) -> None:
        values: dict[str, tuple[Any, str]] = {}
        for key, raw in sorted(self.options.environment.items()):
            if key.startswith("TF_VAR_"):
                values[key[len("TF_VAR_"):]] = (raw, "environment")
        candidates = [self.root / "terraform.tfvars", self.root / "terraform.tfvars.json"]
        try:
            auto = sorted(n for n in os.listdir(self.root) if n.endswith((".auto.tfvars", ".auto.tfvars.json")))
        except OSError:
            auto = []
        candidates += [self.root / n for n in auto]
        for path in candidates:
            if path.exists():
                values.update(self._read_tfvars(path, required=False))
        for kind, item in self.options.variables:
            if kind == "file":
                path = Path(item)
                if not path.is_absolute():
                    path = Path.cwd() / path
                values.update(self._read_tfvars(path, required=True))
            else:
                if "=" not in item:
                    raise UserError(f"--var {item!r}: expected NAME=VALUE")
                name, raw = item.split("=", 1)
                values[name.strip()] = (raw, "--var")
        for name, (value, origin) in values.items():
            if name not in declared:
                if origin != "environment":
                    self.gap(GapKind.UNDECLARED_VARIABLE, f"var.{name}",
                             f"a value is given in {origin} but the root module declares no variable {name!r}")
                continue
            self.root_values[name] = value

    def _read_tfvars(self, path: Path, required: bool) -> dict[str, tuple[Any, str]]:
        shown = display_path(path, self.root)
        if not path.exists():
            if required:
                raise UserError(f"--var-file {path}: no such file")
            return {}
        text = self.read_text(path, shown, confined=not required)  # --var-file is the user's own choice
        if text is None:
            if required:
                raise UserError(f"--var-file {path}: cannot be read (see the reason above)")
            return {}
        try:
            body = hcl.parse_json_file(text, shown) if shown.endswith(".json") else hcl.parse_file(text, shown)
        except hcl.HCLSyntaxError as exc:
            if required:
                raise UserError(f"{shown}:{exc.line}: {exc.message}") from None
            self.gap(GapKind.PARSE_ERROR, shown, exc.message, SourceLocation(shown, exc.line))
            return {}
        out: dict[str, tuple[Any, str]] = {}
        for name, attribute in body.attributes.items():
            out[name] = (self.eval_site(attribute.expr, Scope(None), shown, attribute.line, f"var.{name}"), shown)
        return out

    def parse_cli_value(self, name: str, text: str) -> Any:
        try:
            node = hcl.parse_expression(text, f"--var {name}")
        except hcl.HCLSyntaxError as exc:
            self.gap(GapKind.EVALUATION_ERROR, f"var.{name}", f"value is not a valid expression: {exc.message}")
            return Unknown(f"var.{name} could not be parsed")
        return self.eval_site(node, Scope(None), f"--var {name}", 1, f"var.{name}")


def display_path(path: Path, root: Path) -> str:
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return path.as_posix()
    return Path(relative).as_posix()


def _save_trees(cache: ParseCache, items: list[tuple[str, hcl.Body, str]]) -> None:
    for key, body, text in items:
        if not looks_secret(text):   # files with literal secrets are never cached
            cache.put(key, body)
