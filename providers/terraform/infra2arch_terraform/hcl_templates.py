"""Templates in HCL native syntax: quoted strings and heredocs with ``${...}`` interpolation and
``%{if}``/``%{for}`` directives (with ``~`` strip markers), parsed into Template nodes. A mixin of
the parser in hcl.py, which calls back into it for the expressions inside interpolations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from infra2arch_terraform.syntax_tree import HCLSyntaxError, Literal, Node, Template, TemplateFor, TemplateIf

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.hcl import _Parser

_QUOTED_RUN = re.compile(r'[^"\\$%\n]+')
_HEREDOC_RUN = re.compile(r"[^$%]+")
_HEREDOC_START = re.compile(r"<<(-?)([^\W\d][\w-]*)[ \t]*\r?\n")
_TEMPLATE_FOR = re.compile(r"for\s+([^\W\d][\w-]*)\s*(?:,\s*([^\W\d][\w-]*)\s*)?in\b")
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class TemplateParsing:
    """The template half of the parser (its state lives in hcl._Parser's slots)."""

    __slots__ = ()

    def parse_quoted_template(self) -> Node:
        start = self.pos
        self.pos += 1
        parts = self.scan_template(_QUOTED_RUN, terminator='"', start=start)
        return _build_template(parts, self)

    def parse_heredoc(self) -> Node:
        m = _HEREDOC_START.match(self.src, self.pos)
        if not m:
            raise self.error("malformed heredoc: expected <<MARKER or <<-MARKER then a newline")
        strip_indent, marker = m.group(1) == "-", m.group(2)
        body_start = m.end()
        end_re = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t\r]*$", re.M)
        end = end_re.search(self.src, body_start)
        if not end:
            raise self.error(f"heredoc {marker} is never closed")
        text = self.src[body_start : end.start()]
        self.pos = end.end()
        if strip_indent:
            text = _dedent_heredoc(text)
        sub = type(self)(text, self.filename)
        sub._lines = None
        sub._escapes = False
        line_offset = self.line_at(body_start) - 1
        try:
            parts = sub.scan_template(_HEREDOC_RUN, terminator=None, start=0)
            return _build_template(parts, sub)
        except HCLSyntaxError as exc:
            raise HCLSyntaxError(exc.message, self.filename, exc.line + line_offset) from None

    def scan_template(self, run: re.Pattern, terminator: str | None, start: int) -> list:
        """Flat template tokens: str, ("interp", node, strip_l, strip_r), ("if"/"else"/... , ...)."""
        src = self.src
        tokens: list = []
        literal: list[str] = []
        while True:
            m = run.match(src, self.pos)
            if m:
                literal.append(m.group())
                self.pos = m.end()
            if self.pos >= self.n:
                if terminator:
                    raise self.error("unterminated string", start)
                break
            char = src[self.pos]
            if char == terminator:
                self.pos += 1
                break
            if char == "\n":
                raise self.error("unterminated string (a quoted string cannot span lines)", start)
            if char == "\\" and self._escapes:
                literal.append(self.parse_escape())
                continue
            if char == "$" or char == "%":
                if src.startswith("{", self.pos + 1):
                    if literal:
                        tokens.append("".join(literal))
                        literal = []
                    tokens.append(self.parse_template_item(char))
                    continue
                if src.startswith(char + char + "{", self.pos):  # $${ and %%{ are literal
                    literal.append(char + "{")
                    self.pos += 3
                    continue
            literal.append(char)
            self.pos += 1
        if literal:
            tokens.append("".join(literal))
        return tokens

    def parse_escape(self) -> str:
        src = self.src
        char = src[self.pos + 1 : self.pos + 2]
        if char in _ESCAPES:
            self.pos += 2
            return _ESCAPES[char]
        if char in ("u", "U"):
            width = 4 if char == "u" else 8
            digits = src[self.pos + 2 : self.pos + 2 + width]
            if len(digits) == width and all(c in "0123456789abcdefABCDEF" for c in digits):
                self.pos += 2 + width
                return chr(int(digits, 16))
        raise self.error(f"invalid escape sequence \\{char}")

    def parse_template_item(self, kind: str) -> tuple:
        self.pos += 2
        self._nl_stack.append(False)
        self.skip()
        strip_left = False
        if self.peek() == "~":
            strip_left = True
            self.pos += 1
            self.skip()
        if kind == "$":
            node = self.parse_expression()
            item: tuple = ("interp", node)
        else:
            item = self.parse_directive()
        self.skip()
        strip_right = False
        if self.peek() == "~":
            strip_right = True
            self.pos += 1
            self.skip()
        if self.peek() != "}":
            raise self.error(f"expected '}}' to close template {kind}{{, found {self.describe_here()}")
        self.pos += 1
        self._nl_stack.pop()
        return (*item, strip_left, strip_right)

    def parse_directive(self) -> tuple:
        word = self.parse_ident("a template directive (if, else, endif, for, endfor)")
        if word == "if":
            return ("if", self.parse_expression())
        if word in ("else", "endif", "endfor"):
            return (word,)
        if word == "for":
            self.pos -= 3
            m = _TEMPLATE_FOR.match(self.src, self.pos)
            if not m:
                raise self.error("malformed %{for} directive")
            self.pos = m.end()
            key_var, value_var = (m.group(1), m.group(2)) if m.group(2) else (None, m.group(1))
            return ("for", key_var, value_var, self.parse_expression())
        raise self.error(f"unknown template directive {word!r}")


def _dedent_heredoc(text: str) -> str:
    lines = text.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return "\n".join(line[cut:] for line in lines)


def _build_template(tokens: list, parser: "_Parser") -> Node:
    """Nest directives, apply ``~`` strip markers, and simplify literal and single-interpolation forms."""
    # strip markers: trim whitespace of the neighbouring literal tokens
    tokens = list(tokens)
    for i, token in enumerate(tokens):
        if isinstance(token, tuple):
            if token[-2] and i > 0 and isinstance(tokens[i - 1], str):
                tokens[i - 1] = tokens[i - 1].rstrip()
            if token[-1] and i + 1 < len(tokens) and isinstance(tokens[i + 1], str):
                tokens[i + 1] = tokens[i + 1].lstrip()
    position = 0

    def build(stop: tuple[str, ...]) -> tuple[list, str | None]:
        nonlocal position
        parts: list = []
        while position < len(tokens):
            token = tokens[position]
            position += 1
            if isinstance(token, str):
                if token:
                    parts.append(token)
                continue
            kind = token[0]
            if kind == "interp":
                parts.append(token[1])
            elif kind == "if":
                then, ended = build(("else", "endif"))
                otherwise: list = []
                if ended == "else":
                    otherwise, ended = build(("endif",))
                if ended != "endif":
                    raise parser.error("%{if} without %{endif}")
                parts.append(TemplateIf(token[1], then, otherwise))
            elif kind == "for":
                body, ended = build(("endfor",))
                if ended != "endfor":
                    raise parser.error("%{for} without %{endfor}")
                parts.append(TemplateFor(token[1], token[2], token[3], body))
            elif kind in stop:
                return parts, kind
            else:
                raise parser.error(f"unexpected %{{{kind}}}")
        return parts, None

    parts, ended = build(())
    if not parts:
        return Literal("")
    if len(parts) == 1:
        part = parts[0]
        if isinstance(part, str):
            return Literal(part)
        if not isinstance(part, (TemplateIf, TemplateFor)):
            return part  # "${x}" is x itself, not converted to a string
    return Template(parts)
