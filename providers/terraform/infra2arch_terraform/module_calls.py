"""Module calls: where a call's source is (a local path inside the read root, or a module vendored
by ``terraform init``), its instances (count / for_each), their inputs and providers.

A mixin of :class:`~infra2arch_terraform.adapter.Scan`."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from infra2arch.model import GapKind, ModuleInfo, SourceLocation, Unknown
from infra2arch_terraform import hcl
from infra2arch_terraform.evaluator import Scope
from infra2arch_terraform.limits import is_inside
from infra2arch_terraform.modules import (
    MODULE_META_ATTRS,
    Declared,
    ModuleConfig,
    ModuleInstance,
    ProviderConfig,
    depends_on_list,
    instance_scope,
    module_source_path,
    traversal_text,
)


class ModuleCalls:

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
        scope = instance_scope(parent._scope, key, each_value)
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
        child.stands_for_many = isinstance(key, Unknown)
        self.module_infos[address] = ModuleInfo(address, source, config.display_dir, declared.where(), loaded=True)
        depends = declared.block.body.attributes.get("depends_on")
        if depends is not None:
            self.module_depends.append((address, parent, depends_on_list(depends.expr)))
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
