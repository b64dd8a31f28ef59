"""Secrets never reach an output.

Two mechanisms, one module, used by every adapter and every writer:

* values under secret-named keys (``password``, ``client_secret``, ``API_KEY`` …) are replaced
  whole by a :class:`Redacted` marker;
* credentials inside any other text (URL passwords, connection-string keys, JWTs, private keys,
  the token formats of GitHub, Hugging Face, OpenAI, Anthropic, Slack, Stripe, Google, Azure and
  AWS) are cut out by :func:`scrub`, which keeps what is not secret visible:
  ``postgres://admin:hunter2@db:5432/x`` becomes ``postgres://admin:***@db:5432/x`` and
  ``ghp_<36 characters>`` becomes ``ghp_***``.

:func:`redact_inventory` applies both to everything an inventory holds (attributes, addresses,
names, unknown values' known parts, link evidence, module sources, gap texts) and records a gap for
each resource that had a secret; ``build_graph`` calls it, so every output made from a graph
(graph.json, maps, the summary, caches, reports) only ever sees redacted values. Writers of free
text that may not come from a graph call :func:`scrub_text` as well.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from infra2arch.model import Unknown

MASK = "***"

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
# attributes that hold digests: a base64 SHA-512 has exactly the shape of an Azure storage key
_DIGEST_KEY = re.compile(r"(hash|sha\d*|digest|checksum|etag|md5|integrity|fingerprint)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Redacted:
    """A value that was present but is not written anywhere."""

    reason: str


@dataclass(frozen=True)
class _Rule:
    name: str                     # what was found, for the gap ("URL password", "GitHub token")
    pattern: re.Pattern[str]      # groups: "keep" (visible prefix) and "secret"; or the whole match
    trigger: tuple[str, ...]      # lowercase substrings one of which every match contains (cheap pre-test)
    digest_like: bool = False     # also the shape of a digest: not applied under digest-named keys
    check: Callable[[str], bool] | None = None   # extra test of the secret part (keeps names out)
    precheck: Callable[[str], bool] | None = None  # a faster test that the pattern can match at all


def _mixed(secret: str) -> bool:
    """Random-looking: digits and letters of both cases. Keeps lowercase names such as
    ``sk-learn-inference-container`` from being taken for an API key."""
    return (any(c.isdigit() for c in secret) and any(c.isupper() for c in secret)
            and any(c.islower() for c in secret))


def _not_placeholder(secret: str) -> bool:
    """A reference or placeholder (``$DB_PASSWORD``, ``${var.x}``, ``{password}``, ``<pw>``) is no secret."""
    return bool(secret) and secret[0] not in "$%{<(" and "\x00" not in secret and secret != MASK


_I = re.IGNORECASE
_RULES: tuple[_Rule, ...] = (
    # -----BEGIN RSA PRIVATE KEY----- … -----END RSA PRIVATE KEY----- (or to the end when cut short)
    _Rule("private key", re.compile(
        r"(?P<keep>-----BEGIN (?P<label>[A-Z0-9 ]*)PRIVATE KEY(?: BLOCK)?-----)(?P<secret>(?:\\.|[^\"\\])*?)"
        r"(?=-----END (?P=label)PRIVATE KEY(?: BLOCK)?-----)|(?P<keep2>-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)"
        r"(?P<secret2>(?:(?!-----END )(?:\\.|[^\"\\]))+)", re.DOTALL), ("private key",)),
    # scheme://user:password@host (the password may itself contain @: the last one before the host wins);
    # the patterns start with the literal "://", which the regex engine finds fast
    _Rule("URL password", re.compile(
        r"(?P<keep>://[^\s:/?#@\"'<>\\]*:)(?P<secret>[^\s/?#\"'<>\\]+)(?=@[^\s@/?#\"'<>\\]+)"),
        ("://",), check=_not_placeholder, precheck=lambda text: "@" in text),
    # https://<token>@host: a token as the user name (git over HTTPS, x-access-token)
    _Rule("URL token", re.compile(
        r"(?P<keep>://)(?P<secret>[A-Za-z0-9_\-]{20,})(?=@)"), ("://",), check=_mixed,
        precheck=lambda text: "@" in text),
    # key=value credentials in connection strings, query strings and configuration text
    _Rule("connection string key", re.compile(
        r"(?P<keep>(?<![A-Za-z0-9_])(?:password|pwd|passwd|accountkey|sharedaccesskey|sharedsecret|"
        r"client_?secret|x-amz-signature|x-amz-security-token|x-goog-signature|x-goog-credential)\s*=\s*)"
        r"(?P<secret>[^;&\s\"'<>\\,]+)", _I),
        ("password", "pwd", "passwd", "accountkey", "sharedaccesskey", "sharedsecret", "client_secret",
         "clientsecret", "x-amz-s", "x-goog-"), check=_not_placeholder),
    _Rule("SAS signature", re.compile(
        r"(?P<keep>(?<![A-Za-z0-9_])(?:sig|sharedaccesssignature)=)(?P<secret>[^;&\s\"'<>\\]{8,})", _I),
        ("sig=", "signature="), check=_not_placeholder),
    _Rule("AWS secret access key", re.compile(
        r"(?P<keep>(?:aws_?secret_?access_?key|secret_?access_?key|SecretAccessKey)[\"']?\s*[=:]\s*[\"']?)"
        r"(?P<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])", _I), ("secret",)),
    _Rule("JWT", re.compile(
        r"(?P<keep>\beyJ)(?P<secret>[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,})"), ("eyj",)),
    _Rule("GitHub token", re.compile(
        r"(?P<keep>\b(?:gh[pousr]_|github_pat_))(?P<secret>[A-Za-z0-9_]{30,255})\b"), ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_")),
    _Rule("Hugging Face token", re.compile(r"(?P<keep>\bhf_)(?P<secret>[A-Za-z0-9]{30,})\b"), ("hf_",)),
    _Rule("Anthropic API key", re.compile(
        r"(?P<keep>\bsk-ant-(?:api|admin|oat)\d\d-)(?P<secret>[A-Za-z0-9_\-]{20,})"), ("sk-ant-",)),
    _Rule("OpenAI API key", re.compile(
        r"(?P<keep>\bsk-(?:proj-|svcacct-|admin-|None-)?)(?!ant-)(?P<secret>[A-Za-z0-9_\-]{20,})"),
        ("sk-",), check=_mixed),
    _Rule("Slack token", re.compile(r"(?P<keep>\bxox[abposre]-)(?P<secret>[A-Za-z0-9\-]{10,})"), ("xox",)),
    _Rule("Slack webhook", re.compile(
        r"(?P<keep>https://hooks\.slack\.com/(?:services|workflows|triggers)/)(?P<secret>[A-Za-z0-9/_\-]{8,})"),
        ("hooks.slack.com",)),
    _Rule("Stripe key", re.compile(
        r"(?P<keep>\b(?:sk|rk)_(?:live|test)_|\bwhsec_)(?P<secret>[A-Za-z0-9]{16,})"), ("k_live_", "k_test_", "whsec_")),
    _Rule("Google API key", re.compile(r"(?P<keep>\bAIza)(?P<secret>[0-9A-Za-z_\-]{35})"), ("aiza",)),
    _Rule("Google OAuth client secret", re.compile(r"(?P<keep>\bGOCSPX-)(?P<secret>[0-9A-Za-z_\-]{20,})"),
          ("gocspx-",)),
    _Rule("AWS access key", re.compile(r"(?P<keep>\b(?:AKIA|ASIA|ABIA|ACCA))(?P<secret>[0-9A-Z]{16})\b"),
          ("akia", "asia", "abia", "acca")),
    _Rule("AWS session token", re.compile(
        r"(?P<keep>)(?P<secret>\b(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+=]{60,})"), ("iqojb3jpz2lux2vj", "fwogzxivyxdz")),
    _Rule("Azure client secret", re.compile(
        r"(?P<keep>)(?P<secret>(?<![A-Za-z0-9_~.\-])[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?![A-Za-z0-9_~.\-])"),
        ("q~",)),
    # a 64-byte key in base64 (Azure storage account and Service Bus/Event Hubs keys)
    _Rule("Azure storage key", re.compile(
        r"(?P<keep>)(?P<secret>(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])"), ("==",),
        digest_like=True, check=_mixed, precheck=lambda text: _azure_key_candidate(text)),
)
assert all(t == t.lower() for rule in _RULES for t in rule.trigger)
# one pass of a literal alternation (over the lowercased text) decides for almost every text that
# there is nothing to do
_GATE = re.compile("|".join(re.escape(t) for t in sorted({t for rule in _RULES for t in rule.trigger},
                                                         key=lambda t: (-len(t), t))))
# a text shorter than this cannot hold any of the formats (the shortest: "a://u:p@h", "pwd=x")
_SHORTEST = 5


_BASE64_86 = re.compile(r"[A-Za-z0-9+/]{86}")


def _azure_key_candidate(text: str) -> bool:
    """Some "==" ends 86 base64 characters (finding "==" is fast; the full pattern is not)."""
    at = text.find("==")
    while at != -1:
        if at >= 86 and _BASE64_86.fullmatch(text, at - 86, at):
            return True
        at = text.find("==", at + 2)
    return False


def _replace(rule: _Rule, found: list[str]) -> Callable[[re.Match[str]], str]:
    def replacement(match: re.Match[str]) -> str:
        keep = match.group("keep") if match.group("keep") is not None else (match.groupdict().get("keep2") or "")
        secret = match.group("secret") if match.group("secret") is not None else (match.groupdict().get("secret2") or "")
        if secret == MASK or (rule.check is not None and not rule.check(secret)):
            return match.group(0)
        found.append(rule.name)
        return keep + MASK
    return replacement


def scrub(text: str, digest: bool = False) -> tuple[str, list[str]]:
    """``text`` with every credential replaced by ``***`` (what is not secret stays), and the names
    of the formats found (empty when nothing was). Idempotent. ``digest``: the text is a digest's
    value, so a base64 SHA-512 there is not taken for an Azure key."""
    if len(text) < _SHORTEST:
        return text, []
    low = text.lower()
    if _GATE.search(low) is None:
        return text, []
    found: list[str] = []
    for rule in _RULES:
        if digest and rule.digest_like:
            continue
        if any(t in low for t in rule.trigger) and (rule.precheck is None or rule.precheck(text)):
            text = rule.pattern.sub(_replace(rule, found), text)
    return text, found


def scrub_text(text: str) -> str:
    """Free text with credentials masked: for every writer (summary, maps, reports, HTML) as the last line."""
    return scrub(text)[0]


_KEY_MEMO: dict[str, bool] = {}   # attribute names repeat across an estate: decide each once


def is_secret_key(key: str) -> bool:
    known = _KEY_MEMO.get(key)
    if known is None:
        known = bool(_SECRET_KEY.search(key)) and not _SECRET_KEY_EXCEPTIONS.search(key)
        if len(_KEY_MEMO) < 100_000:
            _KEY_MEMO[key] = known
    return known


def redact(value: Any, path: str = "") -> tuple[Any, list[str]]:
    """The value with secrets replaced, and what was redacted ("path (format)" for each)."""
    if _clean(value, False):   # almost every value: one quick walk, no copy, no paths
        return value, []
    found: list[str] = []
    result = _redact(value, path, found, secret_context=False, digest=False)
    return result, found


_CLEAN_MEMO: dict[str, bool] = {}   # the same strings recur all over an estate (tags, names, regions)


def _clean_text(value: str) -> bool:
    known = _CLEAN_MEMO.get(value)
    if known is None:
        known = not scrub(value)[1]
        if len(_CLEAN_MEMO) < 200_000:
            _CLEAN_MEMO[value] = known
    return known


def _clean(value: Any, secret_context: bool) -> bool:
    """True when :func:`_redact` would change nothing (it may be False for a digest that
    :func:`_redact` then leaves alone: only a cost, never a difference)."""
    if isinstance(value, str):
        if not value:
            return True
        if secret_context:
            return False
        return _clean_text(value)
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                if not _clean(key, False) or not _clean(item, secret_context or is_secret_key(key)):
                    return False
            elif not _clean(item, secret_context):
                return False
        return True
    if isinstance(value, (list, tuple)):
        for item in value:
            if not _clean(item, secret_context):
                return False
        return True
    if isinstance(value, Unknown):
        if value.partial is not None and (secret_context or not _clean(value.partial, False)):
            return False
        return _clean(value.reason, False)
    return True


def _redact(value: Any, path: str, found: list[str], secret_context: bool, digest: bool) -> Any:
    if isinstance(value, str):
        if not value:
            return value
        if secret_context:
            found.append(path)
            return Redacted("secret-named attribute")
        text, kinds = scrub(value, digest)
        if kinds:
            found.append(f"{path} ({', '.join(sorted(set(kinds)))})")
        return text
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = str(key)
            child = f"{path}.{name}" if path else name
            safe_key, kinds = scrub(name) if isinstance(key, str) else (key, [])
            if kinds:
                found.append(f"{child} (key: {', '.join(sorted(set(kinds)))})")
            out[safe_key] = _redact(item, child, found, secret_context or is_secret_key(name),
                                    bool(_DIGEST_KEY.search(name)))
        return out
    if isinstance(value, list):
        return [_redact(item, f"{path}[{i}]", found, secret_context, digest) for i, item in enumerate(value)]
    if isinstance(value, tuple):
        return tuple(_redact(item, f"{path}[{i}]", found, secret_context, digest) for i, item in enumerate(value))
    if isinstance(value, Unknown):
        if secret_context and value.partial is not None:
            found.append(path)
            return Unknown(value.reason, value.origins, None)
        partial = value.partial
        if partial is not None:
            partial = _redact(partial, path, found, False, digest)
        reason, kinds = scrub(value.reason)
        if kinds:
            found.append(f"{path} ({', '.join(sorted(set(kinds)))})")
        if partial is value.partial and reason == value.reason:
            return value
        return Unknown(reason, value.origins, partial)
    return value


_SECRET_ASSIGNMENT = re.compile(
    r"(password|passwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|"
    r"connection[_-]?string|sas)\w*\"?\s*[=:]\s*\"[^\"$]{4,}", re.IGNORECASE)


_ASSIGNMENT_WORDS = ("password", "passwd", "secret", "token", "api_key", "api-key", "apikey", "access_key",
                     "access-key", "accesskey", "private_key", "private-key", "privatekey", "connection_string",
                     "connection-string", "connectionstring", "sas")


def looks_secret(text: str) -> bool:
    """True when a source text holds a literal that redaction would remove (such text is not cached)."""
    if scrub(text)[1]:
        return True
    low = text.lower()
    return any(word in low for word in _ASSIGNMENT_WORDS) and _SECRET_ASSIGNMENT.search(text) is not None


def _text(value: Any, found: list[str]) -> Any:
    """A free-text field (address, name, reason, evidence) with credentials masked."""
    if not isinstance(value, str) or _clean_text(value):
        return value
    text, kinds = scrub(value)
    found.extend(kinds)
    return text


def redact_inventory(inventory):
    """The inventory with secrets replaced in everything it holds, and a gap per resource (or
    other subject) that had some.

    Adapters call this before caching; build_graph calls it again (idempotent: a Redacted value is
    not a string and ``***`` is not a secret, so nothing is redacted twice and no gap is repeated).
    """
    from dataclasses import replace

    from infra2arch.model import Gap, GapKind

    if inventory.scanned.get("redacted"):
        return inventory
    resources = []
    new_gaps: list[Gap] = []
    for resource in inventory.resources:
        attrs, paths = redact(dict(resource.attrs))
        names: list[str] = []
        address = _text(resource.address, names)
        fields: dict[str, Any] = {}
        if names or paths:
            fields = {"address": address, "name": _text(resource.name, []), "module": _text(resource.module, [])}
        if isinstance(resource.instance_key, str) and names:
            fields["instance_key"] = _text(resource.instance_key, [])
        location_found: list[str] = []
        location = resource.location
        for attr in ("account", "region", "zone"):
            current = getattr(location, attr)
            if isinstance(current, str):
                masked = _text(current, location_found)
                if masked is not current:
                    location = replace(location, **{attr: masked})
        if location_found:
            fields["location"] = location
        if paths or names or location_found:
            what = sorted(set(paths))
            if names:
                what.append(f"address ({', '.join(sorted(set(names)))})")
            if location_found:
                what.append("location")
            new_gaps.append(Gap(GapKind.REDACTED, address,
                                f"secret values not written: {', '.join(what)}", resource.source))
            resource = replace(resource, attrs=attrs, **fields)
        resources.append(resource)

    links = []
    for link in inventory.links:
        found: list[str] = []
        src, dst, evidence = _text(link.src, found), _text(link.dst, found), _text(link.evidence, found)
        links.append(replace(link, src=src, dst=dst, evidence=evidence) if found else link)
    modules = []
    for module in inventory.modules:
        found = []
        address, source = _text(module.address, found), _text(module.source, found)
        if found:
            module = replace(module, address=address, source=source)
            new_gaps.append(Gap(GapKind.REDACTED, address, "secret values not written: module source "
                                f"({', '.join(sorted(set(found)))})", module.location))
        modules.append(module)
    gaps = []
    for gap in inventory.gaps:
        found = []
        subject, reason = _text(gap.subject, found), _text(gap.reason, found)
        gaps.append(replace(gap, subject=subject, reason=reason) if found else gap)
    scanned_found: list[str] = []
    scanned = _redact_scanned(dict(inventory.scanned), scanned_found)
    if scanned_found:
        new_gaps.append(Gap(GapKind.REDACTED, "scan", "secret values not written: scan description "
                            f"({', '.join(sorted(set(scanned_found)))})"))
    scanned["redacted"] = True
    return replace(inventory, resources=tuple(resources), links=tuple(links), modules=tuple(modules),
                   gaps=tuple(gaps + new_gaps), scanned=scanned)


def _redact_scanned(value: Any, found: list[str]) -> Any:
    if isinstance(value, str):
        return _text(value, found)
    if isinstance(value, dict):
        return {k: _redact_scanned(v, found) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_redact_scanned(v, found) for v in value)
    return value
