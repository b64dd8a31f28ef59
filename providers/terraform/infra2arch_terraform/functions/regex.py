"""regex, regexall and replace: RE2 syntax translated to Python's re, iterating the way Go does."""

from __future__ import annotations

import re
from typing import Any, Callable

import regex as _engine  # the `regex` module: re's syntax, plus a timeout for catastrophic backtracking

from infra2arch_terraform.functions._base import MAX_RESULT_ITEMS, MAX_STRING_CHARS, FunctionError, FunctionLimitError
from infra2arch_terraform.functions._values import _as_str
from infra2arch_terraform.functions._registry import _register

# -- regular expressions (RE2 syntax translated to Python's re)

_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "ascii": "\\x00-\\x7f",
    "blank": "\\t ",
    "cntrl": "\\x00-\\x1f\\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": "!-/:-@\\[-`{-~",
    "space": "\\t\\n\\v\\f\\r ",
    "upper": "A-Z",
    "word": "0-9A-Za-z_",
    "xdigit": "0-9A-Fa-f",
}
_PERL_CLASSES = {"d": "0-9", "w": "0-9A-Za-z_", "s": "\\t\\n\\f\\r "}


def _re2_to_python(pattern: str) -> str:
    """Translate the RE2 syntax Terraform uses into an equivalent Python pattern."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    class_start = 0
    # one entry per open group: [flag-scoped groups opened inside it, multiline flag]
    stack: list[list] = [[[], False]]
    leading_flags = True

    def close_scoped(level: list) -> None:
        out.append(")" * len(level[0]))

    while i < n:
        c = pattern[i]
        if c == "\\":
            if i + 1 >= n:
                raise FunctionError("invalid regular expression: trailing backslash at end of expression")
            d = pattern[i + 1]
            if d == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append("".join("\\" + ch if not ch.isalnum() else ch for ch in literal))
                i = n if end < 0 else end + 2
                leading_flags = False
                continue
            if d == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                if end < 0:
                    raise FunctionError("invalid regular expression: invalid escape sequence \\x{")
                cp = int(pattern[i + 3 : end], 16)
                out.append(f"\\U{cp:08x}")
                i = end + 1
                leading_flags = False
                continue
            if d in "pP":
                raise FunctionError("invalid regular expression: Unicode character classes (\\p) are not supported offline")
            if d in "123456789" and not in_class:
                raise FunctionError(f"invalid regular expression: invalid escape sequence \\{d} (backreferences are not supported)")
            if d == "Z":
                raise FunctionError("invalid regular expression: invalid escape sequence \\Z")
            if d == "z":
                out.append("\\Z")
            elif d in _PERL_CLASSES:
                out.append(_PERL_CLASSES[d] if in_class else f"[{_PERL_CLASSES[d]}]")
            elif d in "DWS" and not in_class:
                out.append(f"[^{_PERL_CLASSES[d.lower()]}]")
            elif d == "C":
                out.append(".")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            leading_flags = False
            continue
        if in_class:
            if c == "[" and pattern.startswith("[:", i):
                end = pattern.find(":]", i + 2)
                if end > 0:
                    name = pattern[i + 2 : end]
                    negate = name.startswith("^")
                    ranges = _POSIX_CLASSES.get(name.lstrip("^"))
                    if ranges is None:
                        raise FunctionError(f"invalid regular expression: invalid character class range [:{name}:]")
                    if negate:
                        raise FunctionError("invalid regular expression: negated POSIX classes are not supported offline")
                    out.append(ranges)
                    i = end + 2
                    continue
            if c == "]" and i > class_start:
                in_class = False
                out.append("]")
            elif c in "[&~|":
                out.append("\\" + c)
            else:
                out.append(c)
            i += 1
            continue
        leading = leading_flags
        leading_flags = False
        if c == "[":
            in_class = True
            out.append("[")
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            class_start = i
            if i < n and pattern[i] == "]":  # a leading ] is literal
                out.append("\\]")
                i += 1
                class_start = i
            continue
        if c == "(":
            if pattern.startswith("(?", i):
                rest = pattern[i + 2 :]
                if rest.startswith("P<") or rest.startswith("<"):
                    start = i + (4 if rest.startswith("P<") else 3)
                    end = pattern.find(">", start)
                    if end < 0:
                        raise FunctionError("invalid regular expression: invalid named capture")
                    out.append(f"(?P<{pattern[start:end]}>")
                    stack.append([[], stack[-1][1]])
                    i = end + 1
                    continue
                match = re.match(r"([imsU]*)(?:-([imsU]*))?([:)])", rest)
                if not match:
                    raise FunctionError(f"invalid regular expression: invalid or unsupported Perl syntax: {pattern[i:i + 3]!r}")
                on, off, end_ch = match.group(1), match.group(2) or "", match.group(3)
                if "U" in on or "U" in off:
                    raise FunctionError("invalid regular expression: the ungreedy flag (?U) is not supported offline")
                multiline = ("m" in on) or (stack[-1][1] and "m" not in off)
                flags = on + (f"-{off}" if off else "")
                if end_ch == ":":
                    out.append(f"(?{flags}:" if flags else "(?:")
                    stack.append([[], multiline])
                elif flags:
                    if leading and not off and len(stack) == 1:
                        out.append(f"(?{on})")
                        leading_flags = True
                    else:
                        out.append(f"(?{flags}:")
                        stack[-1][0].append(f"(?{flags}:")
                    stack[-1][1] = multiline
                i += 2 + match.end()
                continue
            out.append("(")
            stack.append([[], stack[-1][1]])
            i += 1
            continue
        if c == ")":
            if len(stack) == 1:
                raise FunctionError("invalid regular expression: unexpected )")
            close_scoped(stack.pop())
            out.append(")")
            i += 1
            continue
        if c == "|":
            level = stack[-1]
            # flags set earlier in this group also apply after the |: close and reopen them
            close_scoped(level)
            out.append("|")
            out.extend(level[0])
            i += 1
            continue
        if c == "$":
            out.append("$" if stack[-1][1] else "\\Z")
            i += 1
            continue
        out.append(c)
        i += 1
    if in_class:
        raise FunctionError("invalid regular expression: missing closing ]")
    if len(stack) > 1:
        raise FunctionError("invalid regular expression: missing closing )")
    close_scoped(stack[0])
    return "".join(out)


# RE2 (Terraform's engine) runs in linear time; a backtracking engine can take exponential time on
# patterns such as (a+)+$, so every search has a deadline. A search past it is a limit error; after a
# few, the deadline shrinks, so that many hostile calls still end in seconds.
SEARCH_SECONDS = 1.0
_slow_searches = 0


class _Bounded:
    """A compiled pattern whose searches stop at a deadline."""

    __slots__ = ("pattern", "groupindex", "groups")

    def __init__(self, pattern: Any):
        self.pattern = pattern
        self.groupindex = pattern.groupindex
        self.groups = pattern.groups

    def search(self, text: str, pos: int = 0) -> Any:
        global _slow_searches
        try:
            return self.pattern.search(text, pos, timeout=SEARCH_SECONDS if _slow_searches < 3 else SEARCH_SECONDS / 20)
        except TimeoutError:
            _slow_searches += 1
            raise FunctionLimitError("the regular expression backtracks too much on this text (RE2 would not): "
                                     "not evaluated") from None


_REGEX_CACHE: dict[str, _Bounded] = {}


def _compile(pattern: str) -> _Bounded:
    compiled = _REGEX_CACHE.get(pattern)
    if compiled is None:
        translated = _re2_to_python(pattern)
        try:
            re.compile(translated)  # the syntax the translation targets, and its error messages
            compiled = _Bounded(_engine.compile(translated, _engine.VERSION0))
        except (re.error, _engine.error) as exc:
            raise FunctionError(f"invalid regular expression pattern: {exc}") from None
        if len(_REGEX_CACHE) > 512:
            _REGEX_CACHE.clear()
        _REGEX_CACHE[pattern] = compiled
    return compiled


def _regex_shape(compiled: _Bounded) -> str:
    names = set(compiled.groupindex.values())
    if compiled.groups == 0:
        return "string"
    if names and len(names) != compiled.groups:
        raise FunctionError("invalid regular expression pattern: cannot mix both named and unnamed capture groups")
    return "object" if names else "list"


def _regex_result(match: Any, shape: str) -> Any:
    if shape == "string":
        return match.group(0)
    if shape == "list":
        return list(match.groups())
    return {name: match.group(name) for name in sorted(match.re.groupindex)}


@_register("regex", 2)
def _regex(ctx, pattern, s):
    compiled = _compile(_as_str(pattern, "pattern"))
    shape = _regex_shape(compiled)
    match = compiled.search(_as_str(s))
    if match is None:
        raise FunctionError("pattern did not match any part of the given string")
    return _regex_result(match, shape)


def _go_finditer(compiled: _Bounded, text: str):
    """Matches the way Go's regexp.FindAll iterates: no empty match right after a previous match."""
    pos, prev_end, found = 0, -1, 0
    while pos <= len(text):
        match = compiled.search(text, pos)
        if match is None:
            return
        accept = True
        if match.end() == pos:  # an empty match at the search position
            if match.start() == prev_end:
                accept = False
            pos += 1
        else:
            pos = match.end()
        prev_end = match.end()
        if accept:
            found += 1
            if found > MAX_RESULT_ITEMS:
                raise FunctionLimitError(f"more than {MAX_RESULT_ITEMS:,} matches")
            yield match


def _go_replace_all(compiled: _Bounded, text: str, replacement: Callable[[Any], str]) -> str:
    """regexp.ReplaceAllString: an empty match right after a match is not replaced."""
    out: list[str] = []
    last_end, search, n = 0, 0, len(text)
    built = 0
    while search <= n:
        match = compiled.search(text, search)
        if match is None:
            break
        start, end = match.span()
        out.append(text[last_end:start])
        if end > last_end or start == 0:
            out.append(replacement(match))
            built += start - last_end + len(out[-1])
            if built > MAX_STRING_CHARS:  # replace(s, "/x*/", long): one insertion per position
                raise FunctionLimitError(f"the result would be longer than {MAX_STRING_CHARS:,} characters")
        last_end = end
        width = 1 if search < n else 0
        if search + width > end:
            search += width
        elif search + 1 > end:
            search += 1
        else:
            search = end
    out.append(text[last_end:])
    return "".join(out)


@_register("regexall", 2)
def _regexall(ctx, pattern, s):
    compiled = _compile(_as_str(pattern, "pattern"))
    shape = _regex_shape(compiled)
    return [_regex_result(m, shape) for m in _go_finditer(compiled, _as_str(s))]


def _go_expand(template: str, match: Any) -> str:
    """regexp.Expand: $1, ${1}, $name, ${name}, $$."""
    out: list[str] = []
    i, n = 0, len(template)
    groups = match.re.groupindex
    while i < n:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            break
        out.append(template[i:j])
        i = j + 1
        if i < n and template[i] == "$":
            out.append("$")
            i += 1
            continue
        brace = i < n and template[i] == "{"
        k = i + 1 if brace else i
        start = k
        while k < n and (template[k].isalnum() or template[k] == "_"):
            k += 1
        name = template[start:k]
        if not name or (brace and (k >= n or template[k] != "}")):
            out.append("$")
            continue
        i = k + 1 if brace else k
        if name.isdigit() and name.isascii() and not (name[0] == "0" and len(name) > 1) and len(name) <= 8:
            num = int(name)
            if num <= match.re.groups and match.start(num) >= 0:
                out.append(match.group(num) or "")
        elif name in groups and match.start(name) >= 0:
            out.append(match.group(name) or "")
    return "".join(out)


@_register("replace", 3)
def _replace(ctx, s, substr, replacement):
    text, old, new = _as_str(s), _as_str(substr, "substr"), _as_str(replacement, "replace")
    if len(old) > 1 and old[0] == "/" and old[-1] == "/":
        compiled = _compile(old[1:-1])
        return _go_replace_all(compiled, text, lambda match: _go_expand(new, match))
    count = len(text) + 1 if old == "" else text.count(old)
    if len(text) + count * (len(new) - len(old)) > MAX_STRING_CHARS:
        raise FunctionLimitError(f"the result would be longer than {MAX_STRING_CHARS:,} characters")
    return text.replace(old, new)


