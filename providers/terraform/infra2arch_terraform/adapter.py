"""The Terraform adapter: a directory of HCL in, an Inventory out. Offline, read-only, no terraform binary.

One :class:`Scan` per root module: it evaluates every resource and data instance (count, for_each,
dynamic blocks, within the size bounds), notes the files expressions read, and records gaps. Reading
the configuration is in config_files.py, module calls in module_calls.py, expressions in
evaluator.py/modules.py, the resulting Inventory in inventory.py, the caches in caches.py, the
command-line entry point in provider.py. The scanned directory is never written to: caches live in
the user's cache directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from infra2arch.errors import UserError
from infra2arch.model import Gap, GapKind, Inventory, ModuleInfo, NotCreated, SourceLocation, Unknown, iter_unknowns
from infra2arch_terraform import hcl, parallel
from infra2arch_terraform.caches import ParseCache, hash_file, listing
from infra2arch_terraform.config_files import FILE_FUNCTIONS, ConfigFiles
from infra2arch_terraform.evaluator import EvalError, Evaluator, LimitError, NestedBlock, ResourceObject, Scope, plain
from infra2arch_terraform.functions import FUNCTIONS, FunctionError, FunctionLimitError
from infra2arch_terraform.inventory import build_inventory
from infra2arch_terraform.known_data import known_attributes
from infra2arch_terraform.limits import Limits, check_max_instances, is_inside, resolve_read_root
from infra2arch_terraform.module_calls import ModuleCalls
from infra2arch_terraform.modules import (
    RESOURCE_META_ATTRS,
    RESOURCE_META_BLOCKS,
    Declared,
    Instance,
    ModuleConfig,
    ModuleInstance,
    ProviderConfig,
    depends_on_list,
    instance_scope,
    origins_of,
    provider_key_of,
    traversal_text,
)
from infra2arch_terraform.options import TerraformOptions

_REMOVED_FUNCTIONS = {"map": "0.15 (use tomap or {...})", "list": "0.15 (use tolist or [...])"}


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


class Scan(ConfigFiles, ModuleCalls):
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
        self._unsaved: list[tuple[str, hcl.Body, str]] = []   # parsed here, for the parse cache (background)
        self._reads_files: dict[int, bool] = {}   # expression id -> calls file()/templatefile()/...
        self._may_read_files: dict[str, bool] = {}  # configuration file -> its text names a file function
        self.not_created: dict[str, NotCreated] = {}  # blocks and module calls with no instances

    # -- gaps and sites

    def gap(self, kind: GapKind, subject: str, reason: str, source: SourceLocation | None = None) -> None:
        item = Gap(kind, subject, reason, source or SourceLocation())
        key = item.key()
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
                        self.listed_dirs[str(target)] = listing(target, recursive=True)
                    else:
                        self.read_files[str(target)] = hash_file(target)

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
        scope = instance_scope(module._scope, key, each_value)
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
            depends_on=depends_on_list(depends.expr) if depends else [],
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
            if type(attribute.expr) is hcl.Literal:   # a third of all attributes: nothing read, nothing unknown
                out[name] = plain(attribute.expr.value)
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
        self._walk(root)
        if self._skipped:
            first, blocks, modules = self._skipped
            self.gap(GapKind.LIMIT_EXCEEDED, "scan",
                     f"{blocks:,} resource instances and {modules:,} module instances past the "
                     f"{self.limits.max_instances_per_scan:,} instances per scan were not evaluated, from {first} on "
                     "(raise the bound with --max-instances)")
        return build_inventory(self)

    def budget_spent(self, address: str | None = None, module: bool = False) -> bool:
        """Whether the scan's instance budget is used up; counts what is skipped because of it
        (blocks without count would otherwise add nodes without end: a module called 10,000 times)."""
        if self._instances_seen < self.limits.max_instances_per_scan:
            return False
        if address is not None:
            first, blocks, modules = self._skipped or (address, 0, 0)
            self._skipped = (first, blocks + (not module), modules + module)
        return True

    def _walk(self, module: ModuleInstance) -> None:
        if self.budget_spent(module.address or "the root module", module=True):
            return
        self.walk_blocks(module, list(module.config.resources))
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

def _default_providers(config: ModuleConfig, root: ModuleInstance) -> Iterable[ProviderConfig]:
    """Providers that are used without a provider block still exist (with no settings)."""
    names = {declared.block.labels[0].split("_", 1)[0] for declared in config.resources.values()}
    for name in sorted(names):
        yield ProviderConfig(name, None, None)


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


def __getattr__(name: str) -> Any:
    # the entry point (infra2arch_terraform.adapter:TerraformProvider) and older imports
    if name == "TerraformProvider":
        from infra2arch_terraform.provider import TerraformProvider

        return TerraformProvider
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Scan", "TerraformOptions", "FUNCTIONS"]
