"""Filesystem functions, confined to the read root.

Terraform reads any file the user running it can read. infra2arch runs on code nobody has reviewed
yet (pull requests in CI), and what a function reads ends up in graph.json and on published maps, so
every path is checked here, and only here, before anything touches the disk: the path is made
absolute (relative to the root module, ``~`` expanded), its symlinks are resolved, and a real path
outside the context's read root is neither read, listed, nor even tested for existence. The call
gives an honest unknown value and the context is told (the adapter records a gap naming the
function, the path as written and file:line). ``abspath``, ``basename`` and ``dirname`` only work on
text and touch nothing.
"""

from __future__ import annotations

import base64
import json
import os
import posixpath
import re
import stat
import threading
from pathlib import Path
from typing import Any

from infra2arch.model import Unknown, is_known

from infra2arch_terraform.functions._base import FunctionError, _unknown
from infra2arch_terraform.functions._values import _as_map, _as_str
from infra2arch_terraform.functions._registry import _register

MAX_FILE_BYTES = 10 * 1024 * 1024   # Terraform has no limit; a bigger file is not configuration
MAX_FILESET_ENTRIES = 100_000       # directory entries one fileset() call may visit
_SHOWN_PATH = 200                   # characters of a refused path repeated in messages


def _go_clean(path: str) -> str:
    if path == "":
        return "."
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    return cleaned


def _home_expand(path: str) -> str:
    if not path or path[0] != "~":
        return path
    if len(path) > 1 and path[1] not in "/\\":
        raise FunctionError("cannot expand user-specific home dir")
    home = os.environ.get("HOME") or os.path.expanduser("~")
    return _go_clean(posixpath.join(home, path[1:].lstrip("/\\"))) if len(path) > 1 else home


def _cwd(ctx: Any) -> Path:
    return Path(getattr(ctx, "cwd", ".") or ".")


def _resolve(ctx: Any, path: str, expand: bool = True) -> str:
    if expand:
        path = _home_expand(path)
    if not os.path.isabs(path):
        path = os.path.join(str(_cwd(ctx)), path)
    return _go_clean(path)


# -- the read root


def read_root(ctx: Any) -> str:
    """The real path of the directory tree functions may read: the context's ``read_root``, or
    its working directory when it names none (never "everything")."""
    root = getattr(ctx, "read_root", None) or _cwd(ctx)
    return os.path.realpath(os.path.abspath(root))


def inside(real_path: str, root: str) -> bool:
    """Whether a real (symlink-free, absolute) path is the root or below it."""
    return real_path == root or real_path.startswith(root.rstrip(os.sep) + os.sep)


def _shown(given: str) -> str:
    return json.dumps(given if len(given) <= _SHOWN_PATH else given[:_SHOWN_PATH] + "...")


def _refuse(ctx: Any, name: str, given: str, pattern: str | None = None) -> Unknown:
    """An honest unknown for a path outside the read root; the context records why."""
    call = f"{name}({_shown(given)}{'' if pattern is None else ', ' + _shown(pattern)})"
    if name == "pathexpand":
        reason = f"{call} expands to the home directory, outside the read root: the value is unknown"
    else:
        reason = (f"{call} reads outside the read root: not read, the value is unknown "
                  "(widen the read root with --read-root if this file belongs to the configuration)")
    report = getattr(ctx, "outside_read_root", None)
    if report is not None:
        report(name, given, reason)
    return Unknown(f"{name}(): {_shown(given)} is outside the read root, so it is not read")


def _confined(ctx: Any, name: str, given: str) -> str | Unknown:
    """The real path to open for ``given``, or an Unknown when it leaves the read root (through
    an absolute path, ``..``, ``~`` or a symlink anywhere along the way)."""
    real = os.path.realpath(_resolve(ctx, given))
    if not inside(real, read_root(ctx)):
        return _refuse(ctx, name, given)
    return real


def _read_file(ctx: Any, path_arg: Any, name: str = "file") -> bytes | Unknown:
    given = _as_str(path_arg, "path")
    path = _confined(ctx, name, given)
    if isinstance(path, Unknown):
        return path
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FunctionError(
            f"no file exists at {json.dumps(given)}; this function works only with files that are distributed "
            "as part of the configuration source code, so if this file will be created by a resource in this "
            "configuration you must instead obtain this result from an attribute of that resource"
        ) from None
    except OSError as exc:
        raise FunctionError(f"failed to read {json.dumps(given)}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):  # never open a FIFO or a device: it could block forever
        raise FunctionError(f"{json.dumps(given)} is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise FunctionError(f"{json.dumps(given)} is larger than 10 MiB")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FunctionError(f"failed to read {json.dumps(given)}: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise FunctionError(f"{json.dumps(given)} is larger than 10 MiB")
    return data


def _read_text(ctx: Any, path_arg: Any, name: str = "file") -> str | Unknown:
    data = _read_file(ctx, path_arg, name)
    if isinstance(data, Unknown):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FunctionError(
            f"contents of {json.dumps(_as_str(path_arg))} are not valid UTF-8; use the filebase64 function "
            "to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to "
            "obtain file hashing results instead"
        ) from None


@_register("abspath", 1)
def _abspath(ctx, path):
    text = _as_str(path, "path")
    if not os.path.isabs(text):
        text = os.path.join(str(_cwd(ctx).absolute()), text)
    return _go_clean(text).replace(os.sep, "/")


@_register("basename", 1)
def _basename(ctx, path):
    text = _as_str(path, "path")
    if text == "":
        return "."
    text = text.rstrip("/")
    if text == "":
        return "/"
    return text.rsplit("/", 1)[-1]


@_register("dirname", 1)
def _dirname(ctx, path):
    text = _as_str(path, "path")
    i = text.rfind("/")
    return _go_clean(text[: i + 1])


@_register("pathexpand", 1)
def _pathexpand(ctx, path):
    # the machine's home directory is no part of the configuration: it is shown only when it lies
    # inside the read root (a path without "~" is returned as written, as Terraform does)
    given = _as_str(path, "path")
    expanded = _home_expand(given)
    if expanded is given or inside(os.path.realpath(expanded), read_root(ctx)):
        return expanded
    return _refuse(ctx, "pathexpand", given)


@_register("file", 1)
def _file(ctx, path):
    return _read_text(ctx, path, "file")


@_register("filebase64", 1)
def _filebase64(ctx, path):
    data = _read_file(ctx, path, "filebase64")
    return data if isinstance(data, Unknown) else base64.b64encode(data).decode("ascii")


@_register("fileexists", 1)
def _fileexists(ctx, path):
    given = _as_str(path, "path")
    resolved = _confined(ctx, "fileexists", given)
    if isinstance(resolved, Unknown):
        return resolved  # whether a file exists out there is itself not ours to tell
    try:
        info = os.stat(resolved)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise FunctionError(f"failed to stat {json.dumps(given)}: {exc.strerror or exc}") from None
    if stat.S_ISREG(info.st_mode):
        return True
    raise FunctionError(f"{json.dumps(given)} is not a regular file, but {stat.filemode(info.st_mode)!r}")


def _literal_segment(segment: str) -> str | None:
    """The text of a pattern segment without wildcards (escapes removed), else None."""
    out, i = [], 0
    while i < len(segment):
        ch = segment[i]
        if ch == "\\" and i + 1 < len(segment):
            out.append(segment[i + 1])
            i += 2
            continue
        if ch in "*?[{":
            return None
        out.append(ch)
        i += 1
    return "".join(out)


def _glob_regex(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    depth = 0
    while i < n:
        c = pattern[i]
        if c == "*":
            j = i
            while j < n and pattern[j] == "*":
                j += 1
            whole = (i == 0 or pattern[i - 1] == "/") and (j == n or pattern[j] == "/")
            if j - i >= 2 and whole:
                if j == n:
                    out.append(".*")
                    i = j
                else:
                    out.append("(?:.*/)?")
                    i = j + 1
            else:
                out.append("[^/]*")
                i = j
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = pattern.find("]", i + 2)
            if j < 0:
                raise FunctionError(f"failed to glob pattern ({pattern}): syntax error in pattern")
            body = pattern[i + 1 : j]
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = "".join("\\" + ch if ch in "\\[]^" else ch for ch in body)
            out.append(f"[{'^' if negate else ''}{body}]")
            i = j + 1
        elif c == "{":
            out.append("(?:")
            depth += 1
            i += 1
        elif c == "}" and depth:
            out.append(")")
            depth -= 1
            i += 1
        elif c == "," and depth:
            out.append("|")
            i += 1
        elif c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(c))
            i += 1
    if depth:
        raise FunctionError(f"failed to glob pattern ({pattern}): syntax error in pattern")
    return "".join(out)


@_register("fileset", 2)
def _fileset(ctx, path, pattern):
    base = _as_str(path, "path")
    if not os.path.isabs(base):
        base = os.path.join(str(_cwd(ctx).absolute()), base)
    base = _go_clean(base)
    root_real = read_root(ctx)
    if not inside(os.path.realpath(base), root_real):
        return _refuse(ctx, "fileset", _as_str(path), _as_str(pattern))
    escaped = re.sub(r"([*?\[\]{}\\])", r"\\\1", base)
    full = _go_clean(posixpath.join(escaped, _as_str(pattern, "pattern")))
    matcher = re.compile(_glob_regex(full))
    segments = full.split("/")
    literal: list[str] = []
    for segment in segments[:-1]:
        plain = _literal_segment(segment)
        if plain is None:
            break
        literal.append(plain)
    rest = segments[len(literal):]
    max_depth = None if any("**" in segment for segment in rest) else len(rest) - 1
    root = "/".join(literal) or "/"
    if not inside(os.path.realpath(root), root_real):  # the pattern climbs out: fileset(".", "../../*")
        return _refuse(ctx, "fileset", _as_str(path), _as_str(pattern))
    results: list[str] = []
    if not os.path.isdir(root):
        return results
    visited = 0
    # os.walk does not descend into symlinked directories; a symlinked file is listed only when
    # its target is inside the read root too (else even its existence would leak)
    for directory, dirnames, filenames in os.walk(root):
        dirnames.sort()
        visited += len(dirnames) + len(filenames)
        if visited > MAX_FILESET_ENTRIES:
            raise FunctionError(f"visited more than {MAX_FILESET_ENTRIES:,} directory entries; "
                                "use a narrower path or pattern")
        if max_depth is not None:
            depth = 0 if directory == root else posixpath.relpath(directory, root).count("/") + 1
            if depth >= max_depth:
                dirnames[:] = []
        for filename in filenames:
            candidate = posixpath.join(directory, filename)
            if not matcher.fullmatch(candidate):
                continue
            try:
                if os.path.islink(candidate) and not inside(os.path.realpath(candidate), root_real):
                    continue
                if not stat.S_ISREG(os.stat(candidate).st_mode):
                    continue
            except OSError:
                continue
            results.append(posixpath.relpath(candidate, base))
    return sorted(set(results))


_IDENTIFIER = re.compile(r"[^\W\d][\w-]*")
_RENDERING = threading.local()  # inside a templatefile() rendering (per thread)


def _render(ctx: Any, name: str, text: str, variables: Any, filename: str) -> Any:
    if isinstance(variables, Unknown):
        return _unknown(name, variables)
    if variables is None:
        raise FunctionError("invalid vars value: must be a map")
    mapping = _as_map(variables, "vars")
    for key in mapping:
        if not isinstance(key, str) or not _IDENTIFIER.fullmatch(key):
            raise FunctionError(
                f"invalid template variable name {json.dumps(str(key))}: must start with a letter, "
                "followed by zero or more letters, digits, and underscores"
            )
    return ctx.render_template(text, dict(mapping), filename)


@_register("templatefile", 2, unknown="custom")
def _templatefile(ctx, path, variables):
    if not is_known(path):
        return _unknown("templatefile", path, variables)
    if getattr(_RENDERING, "active", False):
        # as in Terraform; a template that renders itself would otherwise never end
        raise FunctionError("cannot recursively call templatefile from inside another template")
    text = _read_text(ctx, path, "templatefile")
    if isinstance(text, Unknown):
        return text
    _RENDERING.active = True
    try:
        return _render(ctx, "templatefile", text, variables, _resolve(ctx, _as_str(path)))
    finally:
        _RENDERING.active = False


@_register("templatestring", 2, unknown="custom")
def _templatestring(ctx, template, variables):
    if not is_known(template):
        return _unknown("templatestring", template, variables)
    return _render(ctx, "templatestring", _as_str(template, "template"), variables, "<templatestring>")


