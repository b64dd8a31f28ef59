"""Secrets never reach an output: values under secret-looking keys, and values that look like
credentials wherever they are, are replaced by a :class:`Redacted` marker (and a gap says so)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_SECRET_KEY = re.compile(
    r"(^|[_\-.])(password|passwd|pwd|secret|secrets|token|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|"
    r"private[_-]?key|client[_-]?secret|connection[_-]?string|conn[_-]?str|sas|sas[_-]?token|credentials?|"
    r"auth[_-]?key|signing[_-]?key|presigned[_-]?url|session[_-]?token)($|[_\-.])",
    re.IGNORECASE,
)
# names that contain a secret word but hold a reference, a size or a switch rather than the secret
_SECRET_KEY_EXCEPTIONS = re.compile(
    r"(_id|_ids|_arn|_arns|_name|_names|_version|_versions|_enabled|_type|_length|_policy|_rotation|"
    r"_uri|_ref|_reference|_expiration|_expiry|_ttl|_validity|_count|_config|_configuration|_mode|"
    r"_source|_provider|_path|_location|_format|_kms_key|_manager|_store)$|^(kms_|key_vault|secret_manager)",
    re.IGNORECASE,
)
_SECRET_VALUE = re.compile(
    r"(AKIA|ASIA)[0-9A-Z]{16}"                       # AWS access key id
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----"           # PEM private keys
    r"|\bxox[abprs]-[0-9A-Za-z-]{10,}"               # Slack tokens
    r"|\bgh[pousr]_[0-9A-Za-z]{30,}"                 # GitHub tokens
    r"|\bsk-[0-9A-Za-z_-]{20,}"                      # OpenAI-style API keys
    r"|\bAIza[0-9A-Za-z_-]{35}"                      # Google API keys
    r"|\beyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}"   # JWTs
    r"|AccountKey=[^;\s]{10,}"                       # Azure storage connection strings
    r"|SharedAccessSignature=|[?&]sig=[0-9A-Za-z%+/=]{20,}"               # SAS tokens
    r"|X-Amz-Signature=|X-Goog-Signature="           # presigned URLs
)


@dataclass(frozen=True, slots=True)
class Redacted:
    """A value that was present but is not written anywhere."""

    reason: str


def is_secret_key(key: str) -> bool:
    return bool(_SECRET_KEY.search(key)) and not _SECRET_KEY_EXCEPTIONS.search(key)


def redact(value: Any, path: str = "") -> tuple[Any, list[str]]:
    """The value with secrets replaced, and the paths that were redacted."""
    found: list[str] = []
    result = _redact(value, path, found, secret_context=False)
    return result, found


def _redact(value: Any, path: str, found: list[str], secret_context: bool) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            out[key] = _redact(item, child, found, secret_context or is_secret_key(str(key)))
        if type(value) is not dict:
            return out
        return out
    if isinstance(value, list):
        return [_redact(item, f"{path}[{i}]", found, secret_context) for i, item in enumerate(value)]
    if isinstance(value, str) and value:
        if secret_context:
            found.append(path)
            return Redacted("secret-named attribute")
        if _SECRET_VALUE.search(value):
            found.append(path)
            return Redacted("value looks like a credential")
    return value


_SECRET_ASSIGNMENT = re.compile(
    r"(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|"
    r"connection[_-]?string|sas)\w*\"?\s*[=:]\s*\"[^\"$]{4,}", re.IGNORECASE)


def looks_secret(text: str) -> bool:
    """True when a source text holds a literal that redaction would remove (such text is not cached)."""
    return bool(_SECRET_VALUE.search(text) or _SECRET_ASSIGNMENT.search(text))


def redact_inventory(inventory):
    """The inventory with secrets replaced in every resource, and a gap per resource that had some.

    Adapters call this before caching; build_graph calls it again (idempotent: a Redacted value is
    not a string, so nothing is redacted twice and no gap is repeated).
    """
    from dataclasses import replace

    from infra2arch.model import Gap, GapKind

    if inventory.scanned.get("redacted"):
        return inventory
    resources = []
    gaps = list(inventory.gaps)
    for resource in inventory.resources:
        attrs, paths = redact(dict(resource.attrs))
        if paths:
            gaps.append(Gap(GapKind.REDACTED, resource.address,
                            f"secret values not written: {', '.join(sorted(paths))}", resource.source))
            resource = replace(resource, attrs=attrs)
        resources.append(resource)
    scanned = dict(inventory.scanned)
    scanned["redacted"] = True
    return replace(inventory, resources=tuple(resources), gaps=tuple(gaps), scanned=scanned)
