"""The one small exception hierarchy. A UserError prints one clear line and exits non-zero."""

from __future__ import annotations


class Infra2ArchError(Exception):
    """Base of every error infra2arch raises on purpose."""

    exit_code = 1


class UserError(Infra2ArchError):
    """Bad input: a missing path, an unreadable file, a bad option. One line, no traceback."""

    exit_code = 2


class MissingComponent(Infra2ArchError):
    """An adapter or a system tool is not installed; the message says how to install it."""

    exit_code = 3
