"""Hash and crypto functions (md5, sha*, base64sha*, the file* variants, uuidv5; uuid and bcrypt are apply-time)."""

from __future__ import annotations

import base64
import hashlib
import uuid as _uuid

from infra2arch.model import Unknown

from infra2arch_terraform.functions._base import FunctionError
from infra2arch_terraform.functions._values import _as_str
from infra2arch_terraform.functions._registry import _register
from infra2arch_terraform.functions.filesystem import _read_file

# ---------------------------------------------------------------------------------------------
# Hash and crypto functions


def _hash_functions() -> None:
    algorithms = {"md5": hashlib.md5, "sha1": hashlib.sha1, "sha256": hashlib.sha256, "sha512": hashlib.sha512}
    for algo, ctor in algorithms.items():
        def hex_of_string(ctx, s, _ctor=ctor):
            return _ctor(_as_str(s).encode("utf-8")).hexdigest()

        def hex_of_file(ctx, path, _ctor=ctor, _name=f"file{algo}"):
            data = _read_file(ctx, path, _name)
            return data if isinstance(data, Unknown) else _ctor(data).hexdigest()

        _register(algo, 1)(hex_of_string)
        _register(f"file{algo}", 1)(hex_of_file)
    for algo in ("sha256", "sha512"):
        ctor = algorithms[algo]

        def b64_of_string(ctx, s, _ctor=ctor):
            return base64.b64encode(_ctor(_as_str(s).encode("utf-8")).digest()).decode("ascii")

        def b64_of_file(ctx, path, _ctor=ctor, _name=f"filebase64{algo}"):
            data = _read_file(ctx, path, _name)
            return data if isinstance(data, Unknown) else base64.b64encode(_ctor(data).digest()).decode("ascii")

        _register(f"base64{algo}", 1)(b64_of_string)
        _register(f"filebase64{algo}", 1)(b64_of_file)


_hash_functions()

_UUID_NAMESPACES = {
    "dns": _uuid.NAMESPACE_DNS,
    "url": _uuid.NAMESPACE_URL,
    "oid": _uuid.NAMESPACE_OID,
    "x500": _uuid.NAMESPACE_X500,
}


@_register("uuidv5", 2)
def _uuidv5(ctx, namespace, name):
    ns_text = _as_str(namespace, "namespace")
    ns = _UUID_NAMESPACES.get(ns_text)
    if ns is None:
        try:
            ns = _uuid.UUID(ns_text)
        except ValueError:
            raise FunctionError(f"uuidv5() doesn't support namespace {ns_text} (invalid UUID)") from None
    data = _as_str(name, "name").encode("utf-8")
    digest = hashlib.sha1(ns.bytes + data).digest()
    return str(_uuid.UUID(bytes=digest[:16], version=5))


