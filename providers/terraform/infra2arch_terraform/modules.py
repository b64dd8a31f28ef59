"""Module configurations (what the files declare) and module instances (evaluated, lazily).

A :class:`ModuleConfig` is the parsed content of one directory. A :class:`ModuleInstance` is that
configuration evaluated at one address (``module.net["a"]``) with its own variables. Everything is
evaluated on demand and memoised, so declaration order does not matter and a cycle is detected
instead of recursing forever.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from infra2arch.model import Gap, GapKind, SourceLocation, Unknown, iter_unknowns, unknown_from

from infra2arch_terraform import hcl
from infra2arch_terraform.evaluator import (
    EvalError,
    Evaluator,
    LazyObject,
    Namespace,
    ResourceObject,
    Scope,
    plain,
    to_string,
)
from infra2arch_terraform.types import TypeConversionError, convert

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.adapter import Scan

RESOURCE_META_ATTRS = frozenset({"count", "for_each", "depends_on", "provider", "lifecycle"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle", "provisioner", "connection"})
MODULE_META_ATTRS = frozenset({"source", "version", "count", "for_each", "depends_on", "providers"})
SENSITIVE_REASON = "sensitive value (redacted)"


@dataclass(frozen=True, slots=True)
class Declared:
    """A block and the file it was declared in (display path relative to the scanned root)."""

    block: hcl.Block
    file: str

    def where(self, line: int | None = None) -> SourceLocation:
        return SourceLocation(file=self.file, line=line or self.block.line)


@dataclass
class ModuleConfig:
    directory: Path                  # absolute
    display_dir: str                 # relative to the scanned root ("." for the root)
    variables: dict[str, Declared] = field(default_factory=dict)
    locals: dict[str, tuple[hcl.Attribute, str]] = field(default_factory=dict)
    outputs: dict[str, Declared] = field(default_factory=dict)
    resources: dict[tuple[str, str, str], Declared] = field(default_factory=dict)
    types: dict[tuple[str, str], dict[str, Declared]] = field(default_factory=dict)
    module_calls: dict[str, Declared] = field(default_factory=dict)
    providers: list[Declared] = field(default_factory=list)
    required_providers: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)

    @classmethod
    def from_bodies(cls, directory: Path, display_dir: str, bodies: list[tuple[str, hcl.Body]],
                    overrides: list[tuple[str, hcl.Body]]) -> "ModuleConfig":
        config = cls(directory, display_dir, files=[f for f, _ in bodies + overrides])
        for file, body in bodies:
            config._add(file, body, override=False)
        for file, body in overrides:
            config._add(file, body, override=True)
        return config

    def _add(self, file: str, body: hcl.Body, override: bool) -> None:
        for block in body.blocks:
            kind = block.type
            labels = block.labels
            declared = Declared(block, file)
            if kind in ("resource", "data") and len(labels) == 2:
                mode = "managed" if kind == "resource" else "data"
                self._put(self.resources, (mode, labels[0], labels[1]), declared, override,
                          f"{'data.' if mode == 'data' else ''}{labels[0]}.{labels[1]}")
                self.types.setdefault((mode, labels[0]), {})[labels[1]] = self.resources[(mode, labels[0], labels[1])]
            elif kind == "variable" and len(labels) == 1:
                self._put(self.variables, labels[0], declared, override, f"variable {labels[0]}")
            elif kind == "output" and len(labels) == 1:
                self._put(self.outputs, labels[0], declared, override, f"output {labels[0]}")
            elif kind == "module" and len(labels) == 1:
                self._put(self.module_calls, labels[0], declared, override, f"module {labels[0]}")
            elif kind == "locals":
                for name, attribute in block.body.attributes.items():
                    if name in self.locals and not override:
                        self.gaps.append(Gap(GapKind.EVALUATION_ERROR, f"local.{name}",
                                             "defined twice; the first definition is used",
                                             SourceLocation(file, attribute.line)))
                        continue
                    self.locals[name] = (attribute, file)
            elif kind == "provider" and len(labels) == 1:
                self.providers.append(declared)
            elif kind == "terraform":
                for inner in block.body.blocks:
                    if inner.type == "required_providers":
                        for name, attribute in inner.body.attributes.items():
                            self.required_providers[name] = attribute.expr
            # moved, import, removed and check blocks describe state operations, not resources

    def _put(self, table: dict, key: Any, declared: Declared, override: bool, what: str) -> None:
        existing = table.get(key)
        if existing is None:
            table[key] = declared
            return
        if override:
            table[key] = Declared(_merge_override(existing.block, declared.block), existing.file)
            return
        self.gaps.append(Gap(GapKind.EVALUATION_ERROR, what,
                             f"declared twice (also at {existing.file}:{existing.block.line}); the first is used",
                             declared.where()))


def _merge_override(base: hcl.Block, override: hcl.Block) -> hcl.Block:
    attributes = dict(base.body.attributes)
    attributes.update(override.body.attributes)
    overridden_types = {b.type for b in override.body.blocks}
    blocks = [b for b in base.body.blocks if b.type not in overridden_types] + list(override.body.blocks)
    return hcl.Block(base.type, base.labels, hcl.Body(attributes, blocks), base.line)


# ------------------------------------------------------------------------------------ namespaces


class VarNamespace(Namespace):
    __slots__ = ("module",)

    def __init__(self, module: "ModuleInstance"):
        self.module = module

    def attr(self, name: str) -> Any:
        return self.module.variable(name)


class LocalNamespace(Namespace):
    __slots__ = ("module",)

    def __init__(self, module: "ModuleInstance"):
        self.module = module

    def attr(self, name: str) -> Any:
        return self.module.local(name)


class ModuleNamespace(Namespace):
    __slots__ = ("module",)

    def __init__(self, module: "ModuleInstance"):
        self.module = module

    def attr(self, name: str) -> Any:
        return self.module.module_call_value(name)


class DataNamespace(Namespace):
    __slots__ = ("module",)

    def __init__(self, module: "ModuleInstance"):
        self.module = module

    def attr(self, name: str) -> Any:
        if ("data", name) not in self.module.config.types:
            raise EvalError(f"reference to undeclared data source type data.{name}")
        return TypeNamespace(self.module, "data", name)


class ManagedNamespace(Namespace):
    """``resource.<type>.<name>``: the same as ``<type>.<name>`` (Terraform keeps this spelling as an
    escape for a type name that a later language edition might reserve; real modules use it)."""

    __slots__ = ("module",)

    def __init__(self, module: "ModuleInstance"):
        self.module = module

    def attr(self, name: str) -> Any:
        if ("managed", name) not in self.module.config.types:
            raise EvalError(f"reference to undeclared resource type resource.{name}")
        return TypeNamespace(self.module, "managed", name)


class TypeNamespace(Namespace):
    __slots__ = ("module", "mode", "type")

    def __init__(self, module: "ModuleInstance", mode: str, type_: str):
        self.module = module
        self.mode = mode
        self.type = type_

    def attr(self, name: str) -> Any:
        return self.module.resource_value(self.mode, self.type, name)


class _Ephemeral(Namespace):
    """``ephemeral.<type>.<name>.<attr>`` (Terraform 1.10+): never stored, so never known offline."""

    __slots__ = ("path",)

    def __init__(self, path: str = "ephemeral"):
        self.path = path

    def attr(self, name: str) -> Any:
        if self.path.count(".") >= 2:
            return Unknown(f"{self.path}.{name} is an ephemeral value (never stored, known only during apply)")
        return _Ephemeral(f"{self.path}.{name}")


_EPHEMERAL = _Ephemeral()


class ModuleObject(LazyObject):
    """One module instance as its caller sees it: its outputs, evaluated on access."""

    __slots__ = ("instance",)

    def __init__(self, instance: "ModuleInstance"):
        self.instance = instance

    def attr(self, name: str) -> Any:
        return self.instance.output(name)

    def item(self, key: Any) -> Any:
        # one instance stands for a count/for_each that is not known: module.m["prod"] is any of them
        return self if self.instance.stands_for_many else self.attr(to_string(key))

    def materialize(self) -> dict:
        # Used when a whole module object is passed to a function or iterated. The outputs' recorded
        # reads are not replayed: unknown values keep their exact origins, and replaying every
        # output's reads would link the caller to resources it never uses.
        return {name: plain(self.instance.output(name, record=False)) for name in sorted(self.instance.config.outputs)}


# ------------------------------------------------------------------------------------- instances


@dataclass
class Instance:
    """One evaluated resource or data instance."""

    address: str
    block_address: str
    mode: str
    type: str
    name: str
    key: Any                          # None, count index, for_each key
    unknown_count: bool
    declared: Declared
    module: "ModuleInstance"
    obj: ResourceObject
    refs: dict[str, set[str]]         # attribute path -> addresses read while evaluating it
    depends_on: list[str]
    provider_key: str


class ModuleInstance:
    def __init__(self, scan: "Scan", config: ModuleConfig, address: str, call_path: tuple[str, ...],
                 inputs: dict[str, tuple[hcl.Node, Scope, str, int]] | None,
                 providers: dict[str, "ProviderConfig"], ancestors: tuple[str, ...]):
        self.scan = scan
        self.config = config
        self.address = address                     # "" for the root
        self.prefix = f"{address}." if address else ""
        self.call_path = call_path                 # module call names from the root: ("net", "sub")
        self.inputs = inputs                       # None for the root (values come from tfvars)
        self.providers = dict(providers)
        self.ancestors = ancestors                 # directories of the calling modules (cycle guard)
        self.instances_unknown = False             # inside a module whose count/for_each is unknown
        self.stands_for_many = False               # the one instance drawn for an unknown count/for_each
        self.instance_total = 0                    # instances its blocks expanded to (a size bound)
        self._scope = Scope(self)
        self._vars: dict[str, tuple[Any, frozenset[str]]] = {}
        self._locals: dict[str, tuple[Any, frozenset[str]]] = {}
        self._outputs: dict[str, tuple[Any, frozenset[str]]] = {}
        self._expansions: dict[tuple[str, str, str], Any] = {}
        self._calls: dict[str, Any] = {}
        self._in_progress: set[str] = set()
        self._block_values: dict[tuple[str, str, str], Any] = {}
        self._namespaces = {"var": VarNamespace(self), "local": LocalNamespace(self),
                            "module": ModuleNamespace(self), "data": DataNamespace(self),
                            "resource": ManagedNamespace(self)}
        for declared in config.providers:
            provider = ProviderConfig.from_block(self, declared)
            self.providers[provider.key] = provider

    @property
    def evaluator(self) -> Evaluator:
        return self.scan.evaluator

    # -- names

    def root_name(self, name: str, scope: Scope) -> Any:
        namespace = self._namespaces.get(name)
        if namespace is not None:
            return namespace
        if name == "path":
            return {"module": self.config.display_dir, "root": ".", "cwd": str(self.scan.root)}
        if name == "terraform":
            return {"workspace": self.scan.workspace}
        if name in ("count", "each"):
            raise EvalError(f"{name!r} can only be used in a block that sets {'count' if name == 'count' else 'for_each'}")
        if name == "self":
            return Unknown("self is only known in provisioners")
        if name == "ephemeral":
            return _EPHEMERAL
        if ("managed", name) in self.config.types:
            return TypeNamespace(self, "managed", name)
        raise EvalError(f"reference to undeclared resource type or name {name!r}")

    # -- variables

    def variable(self, name: str) -> Any:
        cached = self._vars.get(name)
        if cached is None:
            cached = self.evaluator.recorder.capture(lambda: self._variable_value(name))
            self._vars[name] = cached
        value, deps = cached
        self.evaluator.recorder.update(deps)
        return value

    def _variable_value(self, name: str) -> Any:
        declared = self.config.variables.get(name)
        site = self.scan.site
        if declared is None:
            self.scan.gap(GapKind.UNDECLARED_VARIABLE, f"{self.prefix}var.{name}",
                          f"var.{name} is used but no variable {name!r} is declared in {self.config.display_dir}",
                          site)
            return Unknown(f"var.{name} is not declared")
        attrs = declared.block.body.attributes
        sensitive = "sensitive" in attrs and self._static_bool(attrs["sensitive"].expr)
        type_node = attrs["type"].expr if "type" in attrs else None
        value: Any = _NO_VALUE
        if self.inputs is None:
            if name in self.scan.root_values:
                value = self.scan.root_values[name]
                if isinstance(value, str) and type_node is not None and _type_is_complex(type_node):
                    value = self.scan.parse_cli_value(name, value)
        elif name in self.inputs:
            expr, scope, file, line = self.inputs[name]
            value = self.scan.eval_site(expr, scope, file, line, f"{self.address}.var.{name}")
        if value is None and "nullable" in attrs and self._static_bool(attrs["nullable"].expr) is False:
            value = _NO_VALUE
        if value is _NO_VALUE:
            if "default" in attrs:
                value = self.scan.eval_site(attrs["default"].expr, Scope(None), declared.file,
                                            attrs["default"].line, f"{self.prefix}var.{name}")
            else:
                self.scan.gap(GapKind.UNSET_VARIABLE, f"{self.prefix}var.{name}",
                              "no value given (no default, not in tfvars, --var or --var-file)",
                              declared.where())
                return Unknown(f"var.{name} has no value")
        if type_node is not None:
            try:
                value = convert(value, type_node, lambda node: self.scan.eval_site(
                    node, Scope(None), declared.file, declared.block.line, f"{self.prefix}var.{name}"))
            except TypeConversionError as exc:
                self.scan.gap(GapKind.EVALUATION_ERROR, f"{self.prefix}var.{name}",
                              f"value does not match the declared type: {exc}", declared.where())
        if sensitive:
            return Unknown(SENSITIVE_REASON, frozenset(u for x in iter_unknowns(value) for u in x.origins))
        return value

    def _static_bool(self, node: hcl.Node) -> bool | None:
        return node.value if isinstance(node, hcl.Literal) and isinstance(node.value, bool) else None

    # -- locals and outputs

    def local(self, name: str) -> Any:
        cached = self._locals.get(name)
        if cached is None:
            found = self.config.locals.get(name)
            if found is None:
                raise EvalError(f"local.{name} is not defined in {self.config.display_dir}")
            attribute, file = found
            key = f"{self.prefix}local.{name}"
            if key in self._in_progress:
                self.scan.gap(GapKind.CYCLE, key, "local value refers to itself through other values",
                              SourceLocation(file, attribute.line))
                return Unknown(f"{key} is part of a cycle")
            self._in_progress.add(key)
            try:
                cached = self.evaluator.recorder.capture(
                    lambda: self.scan.eval_site(attribute.expr, self._scope, file, attribute.line, key))
            finally:
                self._in_progress.discard(key)
            self._locals[name] = cached
        value, deps = cached
        self.evaluator.recorder.update(deps)
        return value

    def output(self, name: str, record: bool = True) -> Any:
        cached = self._outputs.get(name)
        if cached is None:
            declared = self.config.outputs.get(name)
            if declared is None:
                raise EvalError(f"module {self.address} has no output {name!r}")
            attribute = declared.block.body.attributes.get("value")
            key = f"{self.prefix}output.{name}"
            if attribute is None:
                cached = (None, frozenset())
            elif key in self._in_progress:
                self.scan.gap(GapKind.CYCLE, key, "output refers to itself", declared.where())
                return Unknown(f"{key} is part of a cycle")
            else:
                self._in_progress.add(key)
                try:
                    cached = self.evaluator.recorder.capture(
                        lambda: self.scan.eval_site(attribute.expr, self._scope, declared.file, attribute.line, key))
                finally:
                    self._in_progress.discard(key)
                sensitive = declared.block.body.attributes.get("sensitive")
                if sensitive is not None and self._static_bool(sensitive.expr):
                    cached = (Unknown(SENSITIVE_REASON), cached[1])
            self._outputs[name] = cached
        value, deps = cached
        if record:
            self.evaluator.recorder.update(deps)
        return value

    # -- resources

    def block_address(self, mode: str, type_: str, name: str) -> str:
        return f"{self.prefix}{'data.' if mode == 'data' else ''}{type_}.{name}"

    def expansion(self, mode: str, type_: str, name: str) -> Any:
        """None (a single instance), a list of count indexes, a dict of for_each values, or Unknown."""
        key = (mode, type_, name)
        if key in self._expansions:
            return self._expansions[key]
        declared = self.config.resources[key]
        address = self.block_address(mode, type_, name)
        result = self.scan.expand(declared, self._scope, address)
        self._expansions[key] = result
        return result

    def resource_value(self, mode: str, type_: str, name: str) -> Any:
        if (mode, type_, name) not in self.config.resources:
            prefix = "data." if mode == "data" else ""
            raise EvalError(f"reference to undeclared resource {prefix}{type_}.{name}")
        address = self.block_address(mode, type_, name)
        self.evaluator.recorder.add(address)
        built = self._block_values.get((mode, type_, name))
        if built is not None:
            return built
        expansion = self.expansion(mode, type_, name)
        if expansion is None:
            return self.instance_object(mode, type_, name, None)
        if isinstance(expansion, Unknown):
            self.instance_object(mode, type_, name, expansion)
            return Unknown(f"{address} has an unknown number of instances", frozenset({(address, "*")}))
        if isinstance(expansion, list):
            value: Any = [self.instance_object(mode, type_, name, index) for index in expansion]
        else:
            value = {key: self.instance_object(mode, type_, name, key) for key in expansion}
        # every instance exists now (none was cut short by a cycle): the collection can be reused
        if not any(address in self._in_progress for address in self._in_progress_blocks(address)):
            self._block_values[(mode, type_, name)] = value
        return value

    def _in_progress_blocks(self, block_address: str) -> list[str]:
        return [a for a in self._in_progress if a == block_address or a.startswith(block_address + "[")]

    def instance_object(self, mode: str, type_: str, name: str, key: Any) -> ResourceObject:
        block_address = self.block_address(mode, type_, name)
        if isinstance(key, Unknown):
            address = block_address
        else:
            address = block_address if key is None else f"{block_address}[{_format_key(key)}]"
        instance = self.scan.instances.get(address)
        if instance is not None:
            return instance.obj
        if address in self._in_progress:
            self.scan.gap(GapKind.CYCLE, address, "resource refers to itself through its own attributes",
                          self.scan.site)
            return ResourceObject(address)
        if self.scan.budget_spent(address):
            return ResourceObject(address)  # not evaluated (one gap says so); references see unknowns
        self._in_progress.add(address)
        try:
            instance = self.scan.materialize(self, mode, type_, name, key, address, block_address)
        finally:
            self._in_progress.discard(address)
        return instance.obj

    # -- module calls

    def module_call_value(self, name: str) -> Any:
        if name not in self._calls:
            if name not in self.config.module_calls:
                raise EvalError(f"reference to undeclared module {name!r}")
            self._calls[name] = self.scan.instantiate_module_call(self, name)
        value = self._calls[name]
        if isinstance(value, ModuleInstance):
            return ModuleObject(value)
        if isinstance(value, list):
            return [ModuleObject(v) for v in value]
        if isinstance(value, dict):
            return {k: ModuleObject(v) for k, v in value.items()}
        return value  # Unknown: a module that could not be loaded or expanded

    def child_instances(self) -> Iterator["ModuleInstance"]:
        for name in self.config.module_calls:
            self.module_call_value(name)
            value = self._calls[name]
            if isinstance(value, ModuleInstance):
                yield value
            elif isinstance(value, list):
                yield from value
            elif isinstance(value, dict):
                yield from value.values()


_NO_VALUE = object()


def _type_is_complex(type_node: hcl.Node) -> bool:
    return not (isinstance(type_node, hcl.Variable) and type_node.name in ("string", "number", "bool"))


def _format_key(key: Any) -> str:
    if isinstance(key, int) and not isinstance(key, bool):
        return str(key)
    return json.dumps(str(key), ensure_ascii=False)


# ------------------------------------------------------------------------------------- providers


class ProviderConfig:
    """A provider configuration (``provider "aws" { region = ... }``), evaluated on first use."""

    def __init__(self, key: str, module: ModuleInstance | None, declared: Declared | None):
        self.key = key                     # "aws" or "aws.west"
        self.module = module
        self.declared = declared
        self._attrs: dict[str, Any] | None = None

    @classmethod
    def from_block(cls, module: ModuleInstance, declared: Declared) -> "ProviderConfig":
        name = declared.block.labels[0]
        alias_attr = declared.block.body.attributes.get("alias")
        alias = alias_attr.expr.value if alias_attr and isinstance(alias_attr.expr, hcl.Literal) else None
        return cls(f"{name}.{alias}" if alias else name, module, declared)

    def attrs(self) -> dict[str, Any]:
        if self._attrs is None:
            self._attrs = {}
            if self.module is not None and self.declared is not None:
                scan = self.module.scan
                self._attrs = scan.eval_body_plain(self.declared.block.body, self.module._scope,
                                                   self.declared.file, f"provider.{self.key}")
        return self._attrs


def provider_key_of(declared: Declared) -> str:
    """The provider configuration a resource uses: its ``provider`` argument or its type's prefix."""
    attribute = declared.block.body.attributes.get("provider")
    if attribute is not None:
        text = traversal_text(attribute.expr)
        if text:
            return text
    return declared.block.labels[0].split("_", 1)[0]


def traversal_text(node: hcl.Node) -> str | None:
    """``aws.west`` for the traversal aws.west; None for anything that is not a plain traversal."""
    parts: list[str] = []
    while isinstance(node, hcl.GetAttr):
        parts.append(node.name)
        node = node.obj
    if isinstance(node, hcl.Variable):
        parts.append(node.name)
        return ".".join(reversed(parts))
    if isinstance(node, hcl.Literal) and isinstance(node.value, str):
        return node.value
    return None


def static_reference(node: hcl.Node) -> tuple[str, ...] | None:
    """The leading names of a reference used in depends_on: ("aws_s3_bucket", "b") or ("module", "m")."""
    while isinstance(node, hcl.Index):
        node = node.obj
    text = traversal_text(node)
    if text and text.startswith("resource."):   # resource.<type>.<name> is <type>.<name>
        text = text[len("resource."):]
    return tuple(text.split(".")) if text else None


def module_source_path(parent: ModuleConfig, source: str) -> Path | None:
    if source.startswith("./") or source.startswith("../") or source in (".", ".."):
        return Path(os.path.normpath(parent.directory / source))
    return None


def origins_of(value: Any, exclude: str) -> set[str]:
    return {address for unknown in iter_unknowns(value) for address, _ in unknown.origins if address != exclude}


def instance_scope(scope: Scope, key: Any, each_value: Any) -> Scope:
    """The scope of one count/for_each instance: count.index, or each.key and each.value."""
    if isinstance(key, Unknown):
        return scope.bind(count={"index": key}, each={"key": key, "value": key})
    if isinstance(key, int) and not isinstance(key, bool):
        return scope.bind(count={"index": key})
    if key is not None:
        return scope.bind(each={"key": key, "value": each_value})
    return scope


def depends_on_list(node: hcl.Node) -> list[tuple[str, ...]]:
    items = node.items if isinstance(node, hcl.Tuple) else []
    return [ref for ref in (static_reference(item) for item in items) if ref]


__all__ = [
    "ModuleConfig", "ModuleInstance", "Instance", "Declared", "ProviderConfig", "ModuleObject",
    "provider_key_of", "static_reference", "instance_scope", "depends_on_list", "module_source_path", "origins_of", "to_string", "unknown_from",
]
