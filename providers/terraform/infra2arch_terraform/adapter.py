"""The Terraform adapter: a directory of HCL in, an Inventory out. Offline, read-only, no terraform binary.

Reading (files, tfvars, module manifests) happens here; evaluation is in modules.py/evaluator.py.
The scanned directory is never written to: caches live in the user's cache directory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pickle
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterable, Mapping, Sequence

from infra2arch import __version__ as core_version
from infra2arch.errors import UserError
from infra2arch.providers import ScanRequest
from infra2arch.output_cache import cache_root, code_fingerprint
from infra2arch import background
from infra2arch.redact import looks_secret, redact_inventory
from infra2arch.model import (
    Gap,
    GapKind,
    Inventory,
    Link,
    Location,
    ModuleInfo,
    NotCreated,
    Origin,
    Resource,
    SourceLocation,
    Unknown,
    iter_unknowns,
)

from infra2arch_terraform import hcl, parallel, split_walk
from infra2arch_terraform.evaluator import EvalError, Evaluator, LimitError, NestedBlock, ResourceObject, Scope, plain
from infra2arch_terraform.functions import FUNCTIONS, FunctionError, FunctionLimitError
from infra2arch_terraform.known_data import known_attributes
from infra2arch_terraform.limits import DEFAULT_MAX_INSTANCES, Limits, check_max_instances, is_inside, resolve_read_root
from infra2arch_terraform.modules import (
    RESOURCE_META_ATTRS,
    RESOURCE_META_BLOCKS,
    MODULE_META_ATTRS,
    Declared,
    Instance,
    ModuleConfig,
    ModuleInstance,
    ProviderConfig,
    module_source_path,
    origins_of,
    provider_key_of,
    static_reference,
    traversal_text,
)

PARSER_VERSION = "1"
_REMOVED_FUNCTIONS = {"map": "0.15 (use tomap or {...})", "list": "0.15 (use tolist or [...])"}
MAX_FILE_BYTES = 20 * 1024 * 1024
FILE_FUNCTIONS = frozenset({"file", "fileexists", "templatefile", "filebase64", "filemd5", "filesha1",
                            "filesha256", "filesha512", "filebase64sha256", "filebase64sha512", "fileset"})
# a file whose text never names one of them holds no expression that reads files: its expressions
# skip the walk that looks for such calls (most of an estate; the walk costs ~10% of evaluation)
_FILE_CALL = re.compile(r"\b(?:" + "|".join(sorted(FILE_FUNCTIONS)) + r")\s*\(")


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
    parallel: bool = True                       # evaluate a large root module on two cores (split_walk.py)


class _FunctionContext:
    """What the function library may touch: the root directory, and template rendering."""

    def __init__(self, scan: "Scan"):
        self.scan = scan
        self.cwd = scan.root
        self.read_root = scan.read_root

    def outside_read_root(self, function: str, path: str, reason: str) -> None:
        site = self.scan.site
        line = self.scan.evaluator.call_line or site.line
        self.scan.gap(GapKind.OUTSIDE_READ_ROOT, f"{function}()", reason, SourceLocation(site.file, line))

    def render_template(self, text: str, variables: dict, filename: str) -> Any:
        node = hcl.parse_template(text, filename)
        evaluator = self.scan.evaluator
        evaluator.template_depth += 1
        try:
            return evaluator.eval(node, Scope(None, dict(variables)))
        except LimitError as exc:
            raise FunctionLimitError(f"in the template: {exc}") from None
        except EvalError as exc:
            raise FunctionError(f"in the template: {exc}") from None
        finally:
            evaluator.template_depth -= 1


class Scan:
    """One scan of one root module."""

    def __init__(self, root: Path, options: TerraformOptions):
        self.root = root
        self.options = options
        self.read_root = resolve_read_root(root, options.read_root)
        self.limits = Limits(max_instances=check_max_instances(options.max_instances))
        self._instances_planned = 0                # instances every expansion so far asked for
        self._skipped: tuple[str, int, int] | None = None  # past the per-scan budget: first, blocks, modules
        self._dynamic_blocks = 0                   # blocks made by dynamic blocks: in the scan,
        self._dynamic_in_instance = 0              # ... and in the resource instance being evaluated
        self.workspace = options.workspace
        self.gaps: list[Gap] = []
        self._gap_keys: set[tuple] = set()
        self.site = SourceLocation()
        self.instances: dict[str, Instance] = {}
        self.blocks: dict[str, list[str]] = {}
        self.module_infos: dict[str, ModuleInfo] = {}
        self.module_depends: list[tuple[str, ModuleInstance, list[hcl.Node]]] = []
        self.unknown_functions: set[str] = set()
        self.read_files: dict[str, str] = {}       # absolute path -> sha256 (for the result cache)
        self.listed_dirs: dict[str, list[str]] = {}
        self.configs: dict[Path, ModuleConfig] = {}
        self.parse_cache = ParseCache(options.cache_dir) if options.use_cache else None
        self.evaluator = Evaluator(_FunctionContext(self), self._unknown_function, self.limits)
        self.root_values: dict[str, Any] = {}
        self._manifest: dict[str, str] | None = None
        self._instances_seen = 0
        self._files_seen = 0
        self._prefetched: dict[str, parallel.Parsed] = {}   # parsed on all cores, by cache key
        self._reads_files: dict[int, bool] = {}   # expression id -> calls file()/templatefile()/...
        self._may_read_files: dict[str, bool] = {}  # configuration file -> its text names a file function
        self.not_created: dict[str, NotCreated] = {}  # blocks and module calls with no instances
        self.used_two_cores = False                # the root module was evaluated by split_walk

    # -- gaps and sites

    def gap(self, kind: GapKind, subject: str, reason: str, source: SourceLocation | None = None) -> None:
        self.add_gap(Gap(kind, subject, reason, source or SourceLocation()))

    def add_gap(self, item: Gap) -> None:
        # an undeclared variable is reported once, at its first use: whichever expression reads it
        # first (a variable is evaluated once), so its site is not part of what makes it the same gap
        key = (item.kind.value, item.subject, item.reason) if item.kind is GapKind.UNDECLARED_VARIABLE else item.key()
        if key not in self._gap_keys:
            self._gap_keys.add(key)
            self.gaps.append(item)

    def _unknown_function(self, name: str) -> None:
        if name in _REMOVED_FUNCTIONS:
            reason = f"{name}() was removed in Terraform {_REMOVED_FUNCTIONS[name]}: values using it are unknown"
        elif name.startswith("provider::"):
            reason = "provider-defined function: needs the provider binary, so values using it are unknown"
        else:
            reason = "not a Terraform function known to infra2arch: values using it are unknown"
        self.gap(GapKind.UNKNOWN_FUNCTION, f"{name}()", reason, self.site)

    def eval_site(self, node: hcl.Node, scope: Scope, file: str, line: int, subject: str) -> Any:
        """Evaluate one expression; a runtime error becomes an unknown value and a gap."""
        saved = self.site
        self.site = SourceLocation(file, line)
        saved_iterations = self.evaluator.site_iterations
        self.evaluator.site_iterations = 0
        try:
            if self._may_read_files.get(file, True):
                reads_files = self._reads_files.get(id(node))
                if reads_files is None:
                    reads_files = self._reads_files[id(node)] = _calls_file_function(node)
                if reads_files:
                    self._note_file_reads(node, scope)
            return self.evaluator.eval(node, scope)
        except LimitError as exc:
            self.gap(GapKind.LIMIT_EXCEEDED, subject, str(exc), self.site)
            return Unknown(f"past a size bound: {exc}")
        except EvalError as exc:
            self.gap(GapKind.EVALUATION_ERROR, subject, str(exc), self.site)
            return Unknown(f"error: {exc}")
        except RecursionError:
            self.gap(GapKind.EVALUATION_ERROR, subject, "expression nested too deeply to evaluate", self.site)
            return Unknown("expression nested too deeply")
        except MemoryError:
            self.gap(GapKind.LIMIT_EXCEEDED, subject, "the value does not fit in memory: not evaluated", self.site)
            return Unknown("too large to evaluate")
        finally:
            self.site = saved
            self.evaluator.site_iterations = saved_iterations

    def _note_file_reads(self, node: hcl.Node, scope: Scope) -> None:
        """Remember files read by file()/templatefile()/... so the result cache sees their changes."""
        for call in _walk_calls(node):
            if call.name in FILE_FUNCTIONS and call.args and isinstance(call.args[0], (hcl.Literal, hcl.Template, hcl.GetAttr, hcl.Variable)):
                try:
                    path = self.evaluator.eval(call.args[0], scope)
                except EvalError:
                    continue
                if isinstance(path, str):
                    target = (self.root / path) if not os.path.isabs(path) else Path(path)
                    if not is_inside(target, self.read_root):
                        continue  # never read, not even to hash it (the function refuses it too)
                    if call.name == "fileset":
                        self.listed_dirs[str(target)] = _listing(target, recursive=True)
                    else:
                        self.read_files[str(target)] = _hash_file(target)

    # -- files

    def load_config(self, directory: Path) -> ModuleConfig | None:
        if directory in self.configs:
            return self.configs[directory]
        display = _display_path(directory, self.root)
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
            shown = _display_path(path, self.root)
            body = self.parse_path(path, shown)
            if body is None:
                continue
            stem = name[: -len(".tf.json")] if name.endswith(".tf.json") else name[: -len(".tf")]
            (overrides if stem == "override" or stem.endswith("_override") else bodies).append((shown, body))
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
            shown = _display_path(path, self.root)
            key = _parse_key(shown, text)
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
        self._may_read_files[shown] = _FILE_CALL.search(text) is not None
        cache_key = _parse_key(shown, text)
        if self.parse_cache is not None:
            cached = self.parse_cache.get(cache_key)
            if cached is not None:
                return cached
        try:
            prefetched = self._prefetched.pop(cache_key, None)
            if prefetched is not None:
                body = prefetched.body(shown)
            else:
                body = hcl.parse_json_file(text, shown) if is_json else hcl.parse_file(text, shown)
        except hcl.HCLSyntaxError as exc:
            self.gap(GapKind.PARSE_ERROR, shown, exc.message, SourceLocation(shown, exc.line))
            return None
        if prefetched is not None and prefetched.stored:
            return body   # the worker that parsed it wrote the parse cache
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
        shown = _display_path(path, self.root)
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

    # -- instances

    def expand(self, declared: Declared, scope: Scope, address: str) -> Any:
        attrs = declared.block.body.attributes
        if "count" in attrs:
            value = self.eval_site(attrs["count"].expr, scope, declared.file, attrs["count"].line, address)
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())  # Terraform converts a numeric string (an untyped -var)
            if isinstance(value, Unknown):
                self._unknown_instances(address, "count", value, declared)
                return value
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0 or int(value) != value:
                self.gap(GapKind.EVALUATION_ERROR, address, f"count must be a whole number, got {value!r}",
                         declared.where(attrs["count"].line))
                unknown = Unknown("count is not a whole number")
                self._unknown_instances(address, "count", unknown, declared, gap=False)
                return unknown
            collapsed = self._past_limit(declared, scope, address, "count", int(value))
            if collapsed is not None:
                return collapsed
            if int(value) == 0:
                self._record_not_created(declared, address, "count", "count = 0")
            return list(range(int(value)))
        if "for_each" in attrs:
            value = plain(self.eval_site(attrs["for_each"].expr, scope, declared.file, attrs["for_each"].line, address))
            if isinstance(value, (dict, list)) and not value:
                self._record_not_created(declared, address, "for_each", "for_each is empty")
            if isinstance(value, (dict, list)) and not isinstance(value, Unknown):
                size = len(value) if isinstance(value, dict) else len(set(v for v in value if isinstance(v, str)))
                collapsed = self._past_limit(declared, scope, address, "for_each", size)
                if collapsed is not None:
                    return collapsed
            if isinstance(value, dict):
                return {k: value[k] for k in sorted(value)}
            if isinstance(value, list) and not any(isinstance(v, Unknown) for v in value):
                if all(isinstance(v, str) for v in value):
                    return {v: v for v in sorted(set(value))}
                self.gap(GapKind.EVALUATION_ERROR, address, "for_each needs a map or a set of strings",
                         declared.where(attrs["for_each"].line))
                unknown = Unknown("for_each is not a map or a set of strings")
                self._unknown_instances(address, "for_each", unknown, declared, gap=False)
                return unknown
            unknown = value if isinstance(value, Unknown) else Unknown("for_each is not known", frozenset(
                o for u in iter_unknowns(value) for o in u.origins))
            if value is None:
                self.gap(GapKind.EVALUATION_ERROR, address, "for_each is null", declared.where(attrs["for_each"].line))
                return []
            self._unknown_instances(address, "for_each", unknown, declared)
            return unknown
        return None

    def _past_limit(self, declared: Declared, scope: Scope, address: str, meta: str, requested: int) -> Unknown | None:
        """None when ``requested`` more instances fit the bounds (and they are counted); else one
        node stands for them all: an Unknown key carrying the requested count, and a gap."""
        limits = self.limits
        module = scope.module
        in_module = module.instance_total if module is not None else 0
        if requested > limits.max_instances:
            why = f"{meta} asks for {requested:,} instances, more than the {limits.max_instances:,} per block"
        elif in_module + requested > limits.max_instances:
            where = module.address if module is not None and module.address else "the root module"
            why = (f"{meta} asks for {requested:,} instances, and {where} already has {in_module:,}: more than "
                   f"the {limits.max_instances:,} per module")
        elif self._instances_planned + requested > limits.max_instances_per_scan:
            why = (f"{meta} asks for {requested:,} instances, and the scan already has {self._instances_planned:,}: "
                   f"more than the {limits.max_instances_per_scan:,} per scan")
        else:
            if module is not None:
                module.instance_total += requested
            self._instances_planned += requested
            return None
        self.gap(GapKind.LIMIT_EXCEEDED, address,
                 f"{why}; drawn as one node standing for {requested:,} instances (raise the bound with --max-instances)",
                 declared.where(declared.block.body.attributes[meta].line))
        return Unknown(f"{address}: {requested:,} instances requested, past the size bound", partial=requested)

    def _record_not_created(self, declared: Declared, address: str, meta: str, reason: str) -> None:
        """A block or module call with no instances: listed as declared, not created, with the
        expression that decided it (as written on its line) and file:line."""
        block = declared.block
        line = block.body.attributes[meta].line
        expression = f"{meta} = …"
        try:
            lines = (self.root / declared.file).read_text(encoding="utf-8", errors="replace").splitlines()
            if 0 < line <= len(lines):
                expression = " ".join(lines[line - 1].split())[:200]
        except OSError:
            pass
        kind = "module" if block.type == "module" else block.type
        type_ = block.labels[0] if block.type in ("resource", "data") and block.labels else ""
        self.not_created[address] = NotCreated(address, kind, type_, reason, expression, declared.where(line))

    def _unknown_instances(self, address: str, meta: str, value: Unknown, declared: Declared, gap: bool = True) -> None:
        if gap:
            self.gap(GapKind.UNKNOWN_INSTANCES, address,
                     f"{meta} is not known before apply ({value.reason}): drawn as one node standing for "
                     "an unknown number of instances", declared.where(declared.block.body.attributes[meta].line))

    def materialize(self, module: ModuleInstance, mode: str, type_: str, name: str, key: Any,
                    address: str, block_address: str) -> Instance:
        declared = module.config.resources[(mode, type_, name)]
        each_value = None
        if key is not None and not isinstance(key, (int, Unknown)):
            each_value = module.expansion(mode, type_, name)[key]
        scope = _instance_scope(module._scope, key, each_value)
        refs: dict[str, set[str]] = {}
        origins: dict[str, set[str]] = {}
        saved_blocks, self._dynamic_in_instance = self._dynamic_in_instance, 0
        try:
            attrs = self.eval_body(declared.block.body, scope, "", refs, origins, address, declared.file, top=True)
        finally:
            self._dynamic_in_instance = saved_blocks
        provider_key = provider_key_of(declared)
        if mode == "data":
            provider = module.providers.get(provider_key)
            attrs.update(known_attributes(type_, attrs, provider.attrs() if provider else {}))
        obj = ResourceObject(address, attrs)
        depends = declared.block.body.attributes.get("depends_on")
        instance = Instance(
            address=address, block_address=block_address, mode=mode, type=type_, name=name,
            key=key, unknown_count=isinstance(key, Unknown) or module.instances_unknown, declared=declared, module=module, obj=obj,
            refs={path: refs.get(path, set()) | {f"\0{o}" for o in origins.get(path, ())} for path in sorted(set(refs) | set(origins))},
            depends_on=_depends_on_list(depends.expr) if depends else [],
            provider_key=provider_key,
        )
        self.instances[address] = instance
        self.blocks.setdefault(block_address, []).append(address)
        self._instances_seen += 1
        if self.options.progress and self._instances_seen % 500 == 0:
            self.options.progress("resources evaluated", self._instances_seen, 0)
        return instance

    def eval_body(self, body: hcl.Body, scope: Scope, prefix: str, refs: dict[str, set[str]],
                  origins: dict[str, set[str]], subject: str, file: str, top: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {}
        capture = self.evaluator.recorder.capture
        for name, attribute in body.attributes.items():
            if top and name in RESOURCE_META_ATTRS:
                continue
            path = prefix + name
            value, deps = capture(lambda: self.eval_site(attribute.expr, scope, file, attribute.line, subject))
            value = plain(value)
            out[name] = value
            if deps:
                refs.setdefault(path, set()).update(deps)
            found = origins_of(value, subject)
            if found:
                origins.setdefault(path, set()).update(found)
        for block in body.blocks:
            if top and block.type in RESOURCE_META_BLOCKS:
                continue
            if block.type == "dynamic" and block.labels:
                self._eval_dynamic(block, scope, prefix, refs, origins, subject, file, out)
                continue
            item = self.eval_body(block.body, scope, f"{prefix}{block.type}.", refs, origins, subject, file)
            if block.labels:
                item = {"__labels__": block.labels, **item}
            item = NestedBlock(subject, item, f"{prefix}{block.type}.")
            existing = out.get(block.type)
            if isinstance(existing, list):
                existing.append(item)
            else:
                out[block.type] = [item]
        return out

    def _eval_dynamic(self, block: hcl.Block, scope: Scope, prefix: str, refs: dict, origins: dict,
                      subject: str, file: str, out: dict) -> None:
        name = block.labels[0]
        attrs = block.body.attributes
        content = next((b for b in block.body.blocks if b.type == "content"), None)
        iterator = name
        if "iterator" in attrs:
            iterator = traversal_text(attrs["iterator"].expr) or name
        items: Any = []
        if content is not None and (self._dynamic_in_instance >= self.limits.max_instances
                                    or self._dynamic_blocks >= self.limits.dynamic_blocks_per_scan):
            # the budget is spent: not even the for_each is evaluated
            per = ("resource", self.limits.max_instances) if self._dynamic_in_instance >= self.limits.max_instances \
                else ("scan", self.limits.dynamic_blocks_per_scan)
            self.gap(GapKind.LIMIT_EXCEEDED, subject,
                     f"dynamic {name!r}: the {per[1]:,} blocks per {per[0]} are used up: not evaluated",
                     SourceLocation(file, block.line))
            out[name] = Unknown(f"dynamic {name!r}: past a size bound")
            return
        if "for_each" in attrs:
            path = f"{prefix}{name}"
            items, deps = self.evaluator.recorder.capture(
                lambda: self.eval_site(attrs["for_each"].expr, scope, file, attrs["for_each"].line, subject))
            items = plain(items)
            if deps:
                refs.setdefault(path, set()).update(deps)
        existing = out.setdefault(name, [])
        if isinstance(items, (list, dict)) and content is not None:
            # nested dynamic blocks multiply, and each block costs far more than a for iteration
            limits = self.limits
            self._dynamic_in_instance += len(items)
            self._dynamic_blocks += len(items)
            problem = None
            if self._dynamic_in_instance > limits.max_instances:
                problem = f"more than the {limits.max_instances:,} per resource"
            elif self._dynamic_blocks > limits.dynamic_blocks_per_scan:
                problem = f"past the {limits.dynamic_blocks_per_scan:,} per scan"
            if problem:
                self._dynamic_in_instance -= len(items)
                self._dynamic_blocks -= len(items)
                self.gap(GapKind.LIMIT_EXCEEDED, subject,
                         f"dynamic {name!r} asks for {len(items):,} blocks, {problem}: not evaluated",
                         SourceLocation(file, block.line))
                items = Unknown(f"dynamic {name!r}: past a size bound")
        if isinstance(items, Unknown) or not isinstance(existing, list):
            out[name] = items if isinstance(items, Unknown) else existing
            return
        pairs = ((k, items[k]) for k in sorted(items)) if isinstance(items, dict) else enumerate(items or [])
        for key, value in pairs:
            if content is None:
                continue
            inner = scope.bind(**{iterator: {"key": key, "value": value}})
            item = self.eval_body(content.body, inner, f"{prefix}{name}.", refs, origins, subject, file)
            existing.append(NestedBlock(subject, item, f"{prefix}{name}."))

    def eval_body_plain(self, body: hcl.Body, scope: Scope, file: str, subject: str) -> dict[str, Any]:
        return self.eval_body(body, scope, "", {}, {}, subject, file)

    # -- module calls

    def instantiate_module_call(self, parent: ModuleInstance, name: str) -> Any:
        declared = parent.config.module_calls[name]
        attrs = declared.block.body.attributes
        call_address = f"{parent.prefix}module.{name}"
        source = self.eval_site(attrs["source"].expr, Scope(None), declared.file, declared.block.line,
                                call_address) if "source" in attrs else None
        if not isinstance(source, str):
            self.gap(GapKind.MODULE_NOT_FOUND, call_address, "module block has no literal source", declared.where())
            return Unknown(f"{call_address} has no source")
        if len(parent.call_path) >= self.limits.max_module_depth:
            self.gap(GapKind.LIMIT_EXCEEDED, call_address,
                     f"modules nested more than {self.limits.max_module_depth} deep: this call is not loaded",
                     declared.where())
            return Unknown(f"{call_address} is nested too deeply", frozenset({(call_address, "*")}))
        directory, status = self.resolve_module_source(parent, name, source)
        where = declared.where()
        if status == "outside":
            self.module_infos[call_address] = ModuleInfo(call_address, source, None, where, loaded=False)
            self.gap(GapKind.OUTSIDE_READ_ROOT, call_address,
                     f"source {source!r} resolves outside the read root: not read, its resources are not drawn "
                     "(widen it with --read-root)", where)
            return Unknown(f"{call_address} is outside the read root", frozenset({(call_address, "*")}))
        if directory is None:
            self.module_infos[call_address] = ModuleInfo(call_address, source, None, where, loaded=False)
            kind = GapKind.MODULE_NOT_VENDORED if status == "remote" else GapKind.MODULE_NOT_FOUND
            reason = (f"source {source!r} is not a local path and is not in .terraform/modules/modules.json "
                      "(run `terraform init` to vendor it); its resources are not drawn") if status == "remote" \
                else f"source {source!r}: directory does not exist"
            self.gap(kind, call_address, reason, where)
            return Unknown(f"{call_address} is not available", frozenset({(call_address, "*")}))
        if str(directory) in parent.ancestors or directory == parent.config.directory:
            self.gap(GapKind.CYCLE, call_address, f"module {source!r} calls itself", where)
            return Unknown(f"{call_address} calls itself")
        config = self.load_config(directory)
        if config is None:
            self.gap(GapKind.MODULE_NOT_FOUND, call_address, f"source {source!r}: not a directory", where)
            return Unknown(f"{call_address} is not available")
        if not config.files:
            self.gap(GapKind.MODULE_NOT_FOUND, call_address, f"source {source!r}: no Terraform files in {config.display_dir}", where)
        providers = self._child_providers(parent, declared)
        if "count" in attrs or "for_each" in attrs:
            expansion = self.expand(declared, parent._scope, call_address)
            if call_address in self.not_created and not expansion:
                # what the module would have created, so a search for any of it finds why it is not there
                inside = sorted(f"{call_address}.{'data.' if mode == 'data' else ''}{type_}.{rname}"
                                for mode, type_, rname in config.resources)
                inside += sorted(f"{call_address}.module.{n}" for n in config.module_calls)
                self.not_created[call_address] = replace(self.not_created[call_address], inside=tuple(inside))
            if isinstance(expansion, Unknown):
                return self._new_module(parent, name, config, call_address, expansion, declared, providers, source)
            if isinstance(expansion, list):
                return [self._new_module(parent, name, config, f"{call_address}[{i}]", i, declared, providers, source)
                        for i in expansion]
            return {k: self._new_module(parent, name, config, f"{call_address}[{json.dumps(k, ensure_ascii=False)}]",
                                        k, declared, providers, source, each_value=v) for k, v in expansion.items()}
        return self._new_module(parent, name, config, call_address, None, declared, providers, source)

    def _new_module(self, parent: ModuleInstance, name: str, config: ModuleConfig, address: str, key: Any,
                    declared: Declared, providers: dict, source: str, each_value: Any = None) -> ModuleInstance:
        scope = _instance_scope(parent._scope, key, each_value)
        inputs = {
            arg: (attribute.expr, scope, declared.file, attribute.line)
            for arg, attribute in declared.block.body.attributes.items() if arg not in MODULE_META_ATTRS
        }
        for arg, attribute in inputs.items():
            if arg not in config.variables:
                self.gap(GapKind.UNDECLARED_VARIABLE, f"{address}.var.{arg}",
                         f"the call sets {arg!r} but module {source!r} declares no such variable",
                         SourceLocation(declared.file, attribute[3]))
        child = ModuleInstance(self, config, address, parent.call_path + (name,), inputs, providers,
                               parent.ancestors + (str(parent.config.directory),))
        child.instances_unknown = parent.instances_unknown or isinstance(key, Unknown)
        self.module_infos[address] = ModuleInfo(address, source, config.display_dir, declared.where(), loaded=True)
        depends = declared.block.body.attributes.get("depends_on")
        if depends is not None:
            self.module_depends.append((address, parent, _depends_on_list(depends.expr)))
        return child

    def _child_providers(self, parent: ModuleInstance, declared: Declared) -> dict[str, ProviderConfig]:
        inherited = {k: v for k, v in parent.providers.items() if "." not in k}
        mapping = declared.block.body.attributes.get("providers")
        if mapping is not None and isinstance(mapping.expr, hcl.Object):
            for key_node, value_node in mapping.expr.items:
                child_key = traversal_text(key_node) if not isinstance(key_node, hcl.Literal) else key_node.value
                parent_key = traversal_text(value_node)
                if child_key and parent_key and parent_key in parent.providers:
                    inherited[str(child_key)] = parent.providers[parent_key]
        return inherited

    def resolve_module_source(self, parent: ModuleInstance, name: str, source: str) -> tuple[Path | None, str]:
        local = module_source_path(parent.config, source)
        if local is not None:
            if not is_inside(local, self.read_root):
                return None, "outside"
            return (local if local.is_dir() else None), "local"
        manifest = self.module_manifest()
        key = ".".join(parent.call_path + (name,))
        directory = manifest.get(key)
        if directory:
            path = Path(os.path.normpath(self.root / directory))
            if not is_inside(path, self.read_root):  # a manifest Dir of "/etc" or "../../.."
                return None, "outside"
            if path.is_dir():
                return path, "vendored"
        return None, "remote"

    def module_manifest(self) -> dict[str, str]:
        if self._manifest is None:
            self._manifest = {}
            path = self.root / ".terraform" / "modules" / "modules.json"
            if path.exists():
                text = self.read_text(path, ".terraform/modules/modules.json")
                try:
                    data = json.loads(text or "{}")
                    for entry in data.get("Modules") or []:
                        if isinstance(entry, dict) and entry.get("Key") and entry.get("Dir"):
                            self._manifest[str(entry["Key"])] = str(entry["Dir"])
                except (ValueError, AttributeError):
                    self.gap(GapKind.PARSE_ERROR, ".terraform/modules/modules.json", "not valid JSON")
        return self._manifest

    # -- the whole run

    def run(self) -> Inventory:
        config = self.load_config(self.root)
        assert config is not None
        if not config.files:
            parse_errors = [g for g in self.gaps if g.kind in (GapKind.PARSE_ERROR, GapKind.FILE_SKIPPED)]
            if not parse_errors:
                raise UserError(f"{self.root}: no Terraform files (*.tf, *.tf.json) in this directory")
        self.load_root_values(config.variables)
        root = ModuleInstance(self, config, "", (), None, {}, ())
        for provider in _default_providers(config, root):
            root.providers.setdefault(provider.key, provider)
        self._walk(root, split=self.options.parallel)
        if self.used_two_cores and split_walk.order_sensitive(self.gaps):
            raise split_walk.SerialRestart()   # which instance meets a bound first depends on the order
        if self._skipped:
            first, blocks, modules = self._skipped
            self.gap(GapKind.LIMIT_EXCEEDED, "scan",
                     f"{blocks:,} resource instances and {modules:,} module instances past the "
                     f"{self.limits.max_instances_per_scan:,} instances per scan were not evaluated, from {first} on "
                     "(raise the bound with --max-instances)")
        return self._inventory()

    def budget_spent(self, address: str | None = None, module: bool = False) -> bool:
        """Whether the scan's instance budget is used up; counts what is skipped because of it
        (blocks without count would otherwise add nodes without end: a module called 10,000 times)."""
        if self._instances_seen < self.limits.max_instances_per_scan:
            return False
        if address is not None:
            first, blocks, modules = self._skipped or (address, 0, 0)
            self._skipped = (first, blocks + (not module), modules + module)
        return True

    def _walk(self, module: ModuleInstance, split: bool = False) -> None:
        if self.budget_spent(module.address or "the root module", module=True):
            return
        blocks = list(module.config.resources)
        if not (split and split_walk.walk_in_two(self, module, blocks)):
            self.walk_blocks(module, blocks)
        for output in module.config.outputs:
            module.output(output)
        for child in module.child_instances():
            self._walk(child)

    def walk_blocks(self, module: ModuleInstance, blocks: list[tuple[str, str, str]]) -> None:
        """Every instance of these resource and data blocks of one module instance, in order."""
        for mode, type_, name in blocks:
            if self.budget_spent(module.block_address(mode, type_, name)):
                continue
            expansion = module.expansion(mode, type_, name)
            if expansion is None:
                module.instance_object(mode, type_, name, None)
            elif isinstance(expansion, Unknown):
                module.instance_object(mode, type_, name, expansion)
            else:
                for key in expansion:
                    module.instance_object(mode, type_, name, key)

    def _inventory(self) -> Inventory:
        resources: list[Resource] = []
        links: list[Link] = []
        for address in sorted(self.instances):
            instance = self.instances[address]
            resources.append(self._resource(instance))
            for path, targets in instance.refs.items():
                for target in self._resolve_targets(targets, address):
                    links.append(Link(address, target, path))
            for reference in instance.depends_on:
                for target in self._static_targets(instance.module, reference):
                    links.append(Link(address, target, "depends_on"))
        for address, parent, references in self.module_depends:
            for reference in references:
                for target in self._static_targets(parent, reference):
                    links.append(Link(address, target, "depends_on"))
        modules = tuple(self.module_infos[k] for k in sorted(self.module_infos))
        scanned = {
            "kind": "terraform",
            "target": str(self.root),
            "workspace": self.workspace,
            "files": sorted({g for c in self.configs.values() for g in c.files}),
            # sha256 of every file read (configuration, tfvars, file()/templatefile() targets): report evidence
            "inputs": {_display_path(Path(p), self.root): d for p, d in sorted(self.read_files.items())},
            "required_providers": _required_providers(self.configs.get(self.root)),
        }
        return Inventory(tuple(resources), tuple(sorted(set(links), key=_link_key)), tuple(self.gaps),
                         modules, scanned, tuple(self.not_created[a] for a in sorted(self.not_created)))

    def _resolve_targets(self, targets: set[str], exclude: str) -> list[str]:
        """Precise instance addresses where the value says which instance; else every instance."""
        exact = {t[1:] for t in targets if t.startswith("\0")}
        recorded = {t for t in targets if not t.startswith("\0")}
        exact = {t for t in exact if t in self.instances or t in self.module_infos}
        covered_blocks = {self.instances[t].block_address for t in exact if t in self.instances}
        result = set(exact)
        for target in recorded:
            if target in self.instances:
                block = self.instances[target].block_address
                if block not in covered_blocks or target in exact:
                    result.add(target)
        recorded_blocks = {self.instances[t].block_address for t in result if t in self.instances}
        for target in recorded:
            if target not in self.instances and target in self.blocks:
                if target not in covered_blocks and target not in recorded_blocks:
                    result.update(self.blocks[target])
        result.discard(exclude)
        return sorted(result)

    def _static_targets(self, module: ModuleInstance, reference: tuple[str, ...]) -> list[str]:
        if not reference:
            return []
        if reference[0] == "module" and len(reference) >= 2:
            call = f"{module.prefix}module.{reference[1]}"
            return sorted(a for a in self.module_infos if a == call or a.startswith(call + "["))
        if reference[0] == "data" and len(reference) >= 3:
            block = f"{module.prefix}data.{reference[1]}.{reference[2]}"
        elif len(reference) >= 2:
            block = f"{module.prefix}{reference[0]}.{reference[1]}"
        else:
            return []
        return sorted(self.blocks.get(block, []))

    def _resource(self, instance: Instance) -> Resource:
        provider = instance.module.providers.get(instance.provider_key)
        provider_attrs = provider.attrs() if provider else {}
        attrs = dict(instance.obj)
        declared = instance.declared
        return Resource(
            address=instance.address,
            type=instance.type,
            name=instance.name,
            attrs=attrs,
            mode=instance.mode,
            module=instance.module.address,
            origin=Origin.TERRAFORM_HCL,
            source=declared.where(),
            location=_location(instance.type, attrs, provider_attrs),
            provider=instance.provider_key,
            instance_key=instance.key,
            instances_unknown=instance.unknown_count,
        )


def _instance_scope(scope: Scope, key: Any, each_value: Any) -> Scope:
    """The scope of one count/for_each instance: count.index, or each.key and each.value."""
    if isinstance(key, Unknown):
        return scope.bind(count={"index": key}, each={"key": key, "value": key})
    if isinstance(key, int) and not isinstance(key, bool):
        return scope.bind(count={"index": key})
    if key is not None:
        return scope.bind(each={"key": key, "value": each_value})
    return scope


def _default_providers(config: ModuleConfig, root: ModuleInstance) -> Iterable[ProviderConfig]:
    """Providers that are used without a provider block still exist (with no settings)."""
    names = {declared.block.labels[0].split("_", 1)[0] for declared in config.resources.values()}
    for name in sorted(names):
        yield ProviderConfig(name, None, None)


def _location(type_: str, attrs: Mapping[str, Any], provider: Mapping[str, Any]) -> Location:
    cloud = type_.split("_", 1)[0]

    def text(value: Any) -> Any:
        return value if isinstance(value, (str, Unknown)) else None

    if cloud in ("aws", "awscc"):  # awscc (Cloud Control) creates AWS resources: the same account and map
        account = None
        allowed = provider.get("allowed_account_ids")
        if isinstance(allowed, list) and len(allowed) == 1:
            account = text(allowed[0])
        role = provider.get("assume_role")
        if account is None and isinstance(role, list) and role and isinstance(role[0], dict):
            arn = role[0].get("role_arn")
            if isinstance(arn, str) and arn.count(":") >= 5:
                account = arn.split(":")[4] or None
        region = text(attrs.get("region")) or text(provider.get("region"))
        return Location("aws", account, region, text(attrs.get("availability_zone")))
    if cloud == "google":
        project = text(attrs.get("project")) or text(provider.get("project"))
        zone = text(attrs.get("zone")) or None
        region = text(attrs.get("region"))
        location = attrs.get("location")
        if isinstance(location, str):
            lowered = location.lower()
            if region is None and lowered.count("-") == 1:
                region = lowered                               # a region: us-central1
            elif lowered.count("-") == 2 and zone is None:
                zone = lowered                                 # a zone: us-central1-a
            elif region is None and "-" not in lowered:
                region = lowered                               # a multi-region: eu, us, asia
        if region is None and isinstance(zone, str) and zone.count("-") == 2:
            region = zone.rsplit("-", 1)[0]
        if region is None:
            region = text(provider.get("region"))
        return Location("google", project, region, zone)
    if cloud in ("azurerm", "azapi"):
        location = attrs.get("location")
        region = location.replace(" ", "").lower() if isinstance(location, str) else text(location)
        subscription = text(provider.get("subscription_id"))
        parent = attrs.get("parent_id")
        if subscription is None and isinstance(parent, str) and parent.lower().startswith("/subscriptions/"):
            subscription = parent.split("/")[2]
        return Location("azurerm", subscription, region, None)
    return Location(cloud, None, text(attrs.get("region")), None)


def _depends_on_list(node: hcl.Node) -> list[tuple[str, ...]]:
    items = node.items if isinstance(node, hcl.Tuple) else []
    return [ref for ref in (static_reference(item) for item in items) if ref]


def _required_providers(config: ModuleConfig | None) -> dict[str, Any]:
    if config is None:
        return {}
    out: dict[str, Any] = {}
    for name, expr in sorted(config.required_providers.items()):
        if isinstance(expr, hcl.Object):
            entry = {}
            for key, value in expr.items:
                if isinstance(key, hcl.Literal) and isinstance(value, hcl.Literal):
                    entry[str(key.value)] = value.value
            out[name] = entry
        elif isinstance(expr, hcl.Literal):
            out[name] = {"version": expr.value}
    return out


def _walk_calls(node: Any):
    if isinstance(node, hcl.Call):
        yield node
    if isinstance(node, hcl.Node):
        for name in node.__slots__:
            child = getattr(node, name)
            if isinstance(child, hcl.Node):
                yield from _walk_calls(child)
            elif isinstance(child, list):
                for item in child:
                    if isinstance(item, tuple):
                        for sub in item:
                            yield from _walk_calls(sub)
                    else:
                        yield from _walk_calls(item)


def _calls_file_function(node: hcl.Node) -> bool:
    # every top-level expression of the estate passes here once: an explicit stack, no generators
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, hcl.Node):
            if isinstance(item, hcl.Call) and item.name in FILE_FUNCTIONS:
                return True
            if isinstance(item, (hcl.Literal, hcl.Variable)):
                continue
            stack.extend(getattr(item, name) for name in item.__slots__)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


def _display_path(path: Path, root: Path) -> str:
    try:
        relative = os.path.relpath(path, root)
    except ValueError:
        return path.as_posix()
    return Path(relative).as_posix()


def _hash_file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


def _listing(path: Path, recursive: bool) -> list[str]:
    try:
        if recursive:
            return sorted(str(p.relative_to(path)) for p in path.rglob("*"))
        return sorted(os.listdir(path))
    except OSError:
        return []


def _link_key(link: Link) -> tuple:
    return (link.src, link.dst, link.via, link.inferred, link.evidence)


# ------------------------------------------------------------------------------------------ caches


def _parse_key(shown: str, text: str) -> str:
    """The parse cache's key: parser version, the name (it is in error messages) and the content."""
    return hashlib.sha256(f"{PARSER_VERSION}\0{shown}\0{shown.endswith('.json')}\0".encode() + text.encode()).hexdigest()


def default_cache_dir() -> Path:
    return cache_root()


def _private_dir(path: Path) -> None:
    """Cache directories are readable by their owner only (like Terraform's own .terraform)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


class ParseCache:
    """Parsed files keyed by the sha256 of their content (and the parser version)."""

    def __init__(self, directory: Path | None):
        self.directory = (directory or default_cache_dir()) / "parse"

    def path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> hcl.Body | None:
        try:
            with open(self.path(key), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, body: hcl.Body, data: bytes | None = None) -> None:
        path = self.path(key)
        try:
            _private_dir(path.parent)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                handle.write(data if data is not None else pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written only costs time


class ResultCache:
    """Whole-scan results, valid while every file the scan read (and every directory it listed)
    still has the same content. Keyed by root, options and tool versions."""

    def __init__(self, directory: Path | None):
        self.directory = (directory or default_cache_dir()) / "scans"

    def key(self, root: Path, options: TerraformOptions) -> str:
        variables = []
        for kind, item in options.variables:
            if kind == "file":
                path = Path(item) if Path(item).is_absolute() else Path.cwd() / item
                variables.append((kind, str(path), _hash_file(path)))
            else:
                variables.append((kind, item, ""))
        tf_env = sorted((k, v) for k, v in options.environment.items() if k.startswith("TF_VAR_"))
        material = json.dumps([str(root.resolve()), variables, options.workspace, tf_env, core_version,
                               PARSER_VERSION, _package_fingerprint(), str(resolve_read_root(root, options.read_root)),
                               options.max_instances], sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def fingerprint(self, key: str) -> str | None:
        """A digest of every input of the cached scan when they are all unchanged, else None.
        Reads only the small manifest, not the cached inventory."""
        try:
            with open(self.directory / f"{key}.manifest", "rb") as handle:
                manifest, listed = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None
        for file, digest in manifest.items():
            if _hash_file(Path(file)) != digest:
                return None
        for directory, names in listed.items():
            current = Path(directory)
            tf_names = sorted(n for n in _listing(current, False) if n.endswith((".tf", ".tf.json")) and not n.startswith("."))
            if names != tf_names and names != _listing(current, True):
                return None
        material = json.dumps([key, sorted(manifest.items()), sorted(listed.items())], sort_keys=True)
        return hashlib.sha256(material.encode()).hexdigest()

    def get(self, key: str) -> Inventory | None:
        if self.fingerprint(key) is None:
            return None
        try:
            with open(self.directory / f"{key}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def put(self, key: str, scan: Scan, inventory: Inventory) -> None:
        # the inventory first, then the manifest that makes it valid
        for name, value in ((f"{key}.pickle", inventory), (f"{key}.manifest", (scan.read_files, scan.listed_dirs))):
            path = self.directory / name
            try:
                _private_dir(path.parent)
                temporary = path.with_name(f"{name}.{os.getpid()}.tmp")
                with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, path)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                return


_FINGERPRINT: str | None = None


class _OrderedValues(argparse.Action):
    """Keeps --var and --var-file in the order given: later ones win, as in Terraform."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items.append(("file" if option_string == "--var-file" else "var", values))
        setattr(namespace, self.dest, items)


def _package_fingerprint() -> str:
    """Changes whenever the adapter's or the core's code or data changes, so stale results are never reused."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = code_fingerprint(Path(__file__).parent, Path(sys.modules["infra2arch"].__file__).parent)
    return _FINGERPRINT


# ------------------------------------------------------------------------------------- the provider


class TerraformProvider:
    """Entry point registered in the ``infra2arch.providers`` group."""

    name: ClassVar[str] = "terraform"
    help: ClassVar[str] = "a Terraform root module directory (offline)"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("directory", help="the root module: the directory you would run terraform plan in")
        parser.add_argument("--var", dest="variables", action=_OrderedValues, metavar="NAME=VALUE",
                            help="set a root variable (repeatable; as terraform -var)")
        parser.add_argument("--var-file", dest="variables", action=_OrderedValues, metavar="FILE",
                            help="read variables from a .tfvars or .tfvars.json file (repeatable)")
        parser.add_argument("--workspace", default="default", help="value of terraform.workspace (default: default)")
        parser.add_argument("--no-cache", action="store_true", help="do not read or write the scan cache")
        parser.add_argument("--read-root", metavar="DIR",
                            help="read files (file(), templatefile(), modules ...) only below DIR; default: the top "
                                 "of the git work tree holding the directory, else the directory itself")
        parser.add_argument("--max-instances", type=int, default=DEFAULT_MAX_INSTANCES, metavar="N",
                            help=f"evaluate at most N instances per block and per module; past it one node stands "
                                 f"for them all (default: {DEFAULT_MAX_INSTANCES:,})")

    def request(self, args: argparse.Namespace, progress: Callable[[str, int, int], None] | None) -> ScanRequest:
        read_root = Path(args.read_root) if getattr(args, "read_root", None) else None
        options = TerraformOptions(variables=tuple(args.variables or ()), workspace=args.workspace,
                                   use_cache=not args.no_cache, progress=progress, read_root=read_root,
                                   max_instances=check_max_instances(getattr(args, "max_instances", DEFAULT_MAX_INSTANCES)))
        return ScanRequest(target=args.directory, options=options, title=args.directory, config_dir=args.directory)

    def fingerprint(self, request: ScanRequest) -> str | None:
        """When a previous scan of the same inputs is cached: a digest of those inputs and of the code
        (for caching what is made from the scan, such as graph.json). None when anything changed or no cache."""
        options = request.options if isinstance(request.options, TerraformOptions) else TerraformOptions()
        if not options.use_cache or not Path(request.target).is_dir():
            return None
        background.wait()   # a write still under way in this process
        cache = ResultCache(options.cache_dir)
        inputs = cache.fingerprint(cache.key(Path(request.target).resolve(), options))
        return f"{inputs}:{_package_fingerprint()}" if inputs else None

    def scan(self, target: str, options: TerraformOptions | None = None) -> Inventory:
        options = options or TerraformOptions()
        root = Path(target)
        if not root.exists():
            raise UserError(f"{target}: no such directory")
        if not root.is_dir():
            raise UserError(f"{target}: not a directory (give the Terraform root module's directory)")
        if not os.access(root, os.R_OK | os.X_OK):
            raise UserError(f"{target}: permission denied")
        root = root.resolve()
        cache = ResultCache(options.cache_dir) if options.use_cache else None
        key = cache.key(root, options) if cache else ""
        if cache:
            background.wait()   # a write still under way in this process
            cached = cache.get(key)
            if cached is not None:
                return cached
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20000))
        try:
            try:
                scan = Scan(root, options)
                inventory = scan.run()
            except split_walk.SerialRestart:
                scan = Scan(root, replace(options, parallel=False))
                inventory = scan.run()
        finally:
            sys.setrecursionlimit(limit)
        inventory = redact_inventory(inventory)  # secrets never reach the cache either
        if cache:
            background.run(cache.put, key, scan, inventory)   # written on the other core while the scan goes on
        return inventory


__all__ = ["TerraformProvider", "TerraformOptions", "Scan", "FUNCTIONS"]
