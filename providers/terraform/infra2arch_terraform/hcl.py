"""A parser for HCL native syntax (the Terraform language), written for speed and exact lines.

Why our own: python-hcl2 returns expressions as ``"${...}"`` strings (so they must be parsed again),
drops line numbers, and manages ~440 resources/s; this recursive-descent parser produces a full
expression tree with the line of every block and attribute, and errors that name file:line.

The tree is small: a :class:`Body` holds :class:`Attribute` and :class:`Block` items; expressions are
the node classes below. Templates with interpolation and ``%{if}``/``%{for}`` directives, heredocs,
``for`` expressions, splats and legacy ``.0`` indexes are supported.
"""

from __future__ import annotations

import bisect
import re

from infra2arch_terraform.hcl_templates import _HEREDOC_RUN, TemplateParsing, _build_template
from infra2arch_terraform.syntax_tree import (  # noqa: F401  (re-exported: the tree is hcl.Body, hcl.Block ...)
    Node,
    Attribute,
    Binary,
    Block,
    Body,
    Call,
    Conditional,
    ForExpr,
    GetAttr,
    HCLSyntaxError,
    Index,
    Literal,
    Object,
    SPLAT_ITEM,
    Splat,
    SplatItem,
    Template,
    TemplateFor,
    TemplateIf,
    Tuple,
    Unary,
    Variable,
)

__all__ = ["HCLSyntaxError", "parse_file", "parse_expression", "parse_template", "parse_json_file", "Body", "Block", "Attribute"]


# -------------------------------------------------------------------------------------- the parser

_WS_INLINE = re.compile(r"(?:[ \t\r\f\v\ufeff]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_WS_ALL = re.compile(r"(?:[ \t\r\n\f\v\ufeff]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_IDENT = re.compile(r"[^\W\d][\w-]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")

_BINARY_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<=", ">=", "<", ">"),
    ("+", "-"),
    ("*", "/", "%"),
)
_BINARY_LEVEL = {op: level for level, ops in enumerate(_BINARY_LEVELS) for op in ops}
# two-character operators first, as each level lists them
_BINARY_OP = re.compile("|".join(re.escape(op) for op in sorted(_BINARY_LEVEL, key=lambda op: -len(op))))
_KEYWORD_LITERALS = {"true": True, "false": False, "null": None}


class _Parser(TemplateParsing):
    __slots__ = ("src", "pos", "n", "filename", "_lines", "_nl_stack", "_escapes")

    def __init__(self, src: str, filename: str):
        self.src = src
        self.pos = 0
        self.n = len(src)
        self.filename = filename
        self._lines: list[int] | None = None
        self._nl_stack: list[bool] = [True]  # True: newlines end things (body / object level)
        self._escapes = True

    # -- positions and errors

    def line_at(self, pos: int) -> int:
        if self._lines is None:
            self._lines = [m.start() for m in re.finditer("\n", self.src)]
        return bisect.bisect_left(self._lines, pos) + 1

    def error(self, message: str, pos: int | None = None) -> HCLSyntaxError:
        return HCLSyntaxError(message, self.filename, self.line_at(self.pos if pos is None else pos))

    def describe_here(self) -> str:
        if self.pos >= self.n:
            return "end of file"
        char = self.src[self.pos]
        return "a newline" if char == "\n" else repr(self.src[self.pos : self.pos + 12].split("\n")[0])

    # -- whitespace

    def skip(self) -> None:
        """Skip blanks and comments; newlines too unless they are significant here."""
        m = (_WS_INLINE if self._nl_stack[-1] else _WS_ALL).match(self.src, self.pos)
        if m:
            self.pos = m.end()

    def skip_all(self) -> None:
        m = _WS_ALL.match(self.src, self.pos)
        if m:
            self.pos = m.end()

    def peek(self) -> str:
        return self.src[self.pos] if self.pos < self.n else ""

    def startswith(self, token: str) -> bool:
        return self.src.startswith(token, self.pos)

    def expect(self, token: str) -> None:
        self.skip()
        if not self.src.startswith(token, self.pos):
            raise self.error(f"expected {token!r}, found {self.describe_here()}")
        self.pos += len(token)

    # -- bodies

    def parse_body(self, closing: str | None, opened_at: int = 0) -> Body:
        attributes: dict[str, Attribute] = {}
        blocks: list[Block] = []
        src = self.src
        while True:
            self.skip_all()
            if self.pos >= self.n:
                if closing:
                    raise self.error(f"unclosed block: no {closing!r} matches the '{{' opened here", opened_at)
                break
            if closing and src[self.pos] == closing:
                break
            start = self.pos
            m = _IDENT.match(src, self.pos)
            if not m:
                raise self.error(f"expected an attribute or block, found {self.describe_here()}")
            name = m.group()
            self.pos = m.end()
            self.skip()
            char = self.peek()
            if char == "=" and not self.startswith("=="):
                self.pos += 1
                self.skip()
                expr = self.parse_expression()
                if name in attributes:
                    raise self.error(f"attribute {name!r} is defined twice", start)
                attributes[name] = Attribute(name, expr, self.line_at(start))
                self.end_of_item(closing)
                continue
            labels: list[str] = []
            while True:
                char = self.peek()
                if char == '"':
                    label = self.parse_quoted_template()
                    if not isinstance(label, Literal) or not isinstance(label.value, str):
                        raise self.error("block labels must be plain strings")
                    labels.append(label.value)
                elif char == "{":
                    break
                else:
                    m = _IDENT.match(src, self.pos)
                    if not m:
                        raise self.error(
                            f"expected '=' or a block after {name!r}, found {self.describe_here()}"
                        )
                    labels.append(m.group())
                    self.pos = m.end()
                self.skip()
            self.pos += 1  # "{"
            self._nl_stack.append(True)
            body = self.parse_body("}", start)
            self._nl_stack.pop()
            self.pos += 1  # "}"
            blocks.append(Block(name, labels, body, self.line_at(start)))
            self.end_of_item(closing)
        return Body(attributes, blocks)

    def end_of_item(self, closing: str | None) -> None:
        m = _WS_INLINE.match(self.src, self.pos)
        if m:
            self.pos = m.end()
        if self.pos >= self.n:
            return
        char = self.src[self.pos]
        if char == "\n" or (closing and char == closing):
            return
        raise self.error(f"expected a newline after this item, found {self.describe_here()}")

    # -- expressions

    def parse_expression(self) -> Node:
        cond = self.parse_binary(0)
        self.skip()
        if self.peek() == "?":
            self.pos += 1
            self.skip_all()
            true = self.parse_expression()
            self.skip_all()
            if self.peek() != ":":
                raise self.error(f"expected ':' in conditional, found {self.describe_here()}")
            self.pos += 1
            self.skip_all()
            false = self.parse_expression()
            return Conditional(cond, true, false)
        return cond

    def parse_binary(self, level: int) -> Node:
        """Operators of precedence ``level`` and above, left-associative (precedence climbing: one
        call per operand instead of one per precedence level, the parser's hottest path)."""
        left = self.parse_unary()
        src = self.src
        while True:
            self.skip()
            m = _BINARY_OP.match(src, self.pos)
            if m is None:
                return left
            op = m.group()
            op_level = _BINARY_LEVEL[op]
            if op_level < level:
                return left
            self.pos = m.end()
            self.skip_all()
            right = self.parse_binary(op_level + 1)
            left = Binary(op, left, right)

    def parse_unary(self) -> Node:
        self.skip()
        char = self.peek()
        if char == "!" or (char == "-" and not self.startswith("->")):
            self.pos += 1
            operand = self.parse_unary()
            if char == "-" and isinstance(operand, Literal) and isinstance(operand.value, (int, float)):
                return Literal(-operand.value)
            return Unary(char, operand)
        return self.parse_postfix(self.parse_primary())

    def parse_postfix(self, expr: Node) -> Node:
        src = self.src
        while True:
            # a newline ends a traversal where newlines are significant (a body, an object); inside
            # (), [] and call arguments it is blank, so `try(var.a\n.b, [])` continues var.a
            m = (_WS_INLINE if self._nl_stack[-1] else _WS_ALL).match(src, self.pos)
            save = self.pos
            if m:
                self.pos = m.end()
            char = self.peek()
            if char == "." and not self.startswith("..."):
                self.pos += 1
                if self.peek() == "*":
                    self.pos += 1
                    # a legacy attribute splat takes only attributes; an index after it applies to the list
                    expr = Splat(expr, self.parse_splat_steps(SPLAT_ITEM, full=False))
                    continue
                expr = self.parse_dot_step(expr)
            elif char == "[":
                self.pos += 1
                self._nl_stack.append(False)
                self.skip()
                if self.peek() == "*":
                    self.pos += 1
                    self.expect("]")
                    self._nl_stack.pop()
                    return Splat(expr, self.parse_splat_steps(SPLAT_ITEM, full=True))
                key = self.parse_expression()
                self.expect("]")
                self._nl_stack.pop()
                expr = Index(expr, key)
            else:
                self.pos = save
                return expr

    def parse_dot_step(self, expr: Node) -> Node:
        m = _IDENT.match(self.src, self.pos)
        if m:
            self.pos = m.end()
            return GetAttr(expr, m.group())
        m = re.compile(r"\d+").match(self.src, self.pos)
        if m:
            self.pos = m.end()
            return Index(expr, Literal(int(m.group())))
        raise self.error(f"expected an attribute name after '.', found {self.describe_here()}")

    def parse_splat_steps(self, item: Node, full: bool) -> Node:
        """The traversal after ``[*]`` (attributes and indexes) or ``.*`` (attributes only)."""
        src = self.src
        while True:
            save = self.pos
            m = (_WS_INLINE if self._nl_stack[-1] else _WS_ALL).match(src, self.pos)
            if m:
                self.pos = m.end()
            char = self.peek()
            if char == "." and not self.startswith("...") and not self.startswith(".*"):
                self.pos += 1
                item = self.parse_dot_step(item)
            elif char == "[" and full and not src.startswith("[*]", self.pos):
                self.pos += 1
                self._nl_stack.append(False)
                key = self.parse_expression()
                self.expect("]")
                self._nl_stack.pop()
                item = Index(item, key)
            else:
                self.pos = save
                return item

    def parse_primary(self) -> Node:
        self.skip()
        src = self.src
        if self.pos >= self.n:
            raise self.error("expected an expression, found end of file")
        char = src[self.pos]
        if char == '"':
            return self.parse_quoted_template()
        if char.isdigit():
            m = _NUMBER.match(src, self.pos)
            self.pos = m.end()  # type: ignore[union-attr]
            text = m.group()  # type: ignore[union-attr]
            if "." in text or "e" in text or "E" in text:
                value = float(text)
                return Literal(int(value) if value.is_integer() and abs(value) < 2**53 else value)
            return Literal(int(text))
        if char == "(":
            self.pos += 1
            self._nl_stack.append(False)
            inner = self.parse_expression()
            self.expect(")")
            self._nl_stack.pop()
            return inner
        if char == "[":
            return self.parse_tuple()
        if char == "{":
            return self.parse_object()
        if char == "<" and src.startswith("<<", self.pos):
            return self.parse_heredoc()
        m = _IDENT.match(src, self.pos)
        if not m:
            raise self.error(f"expected an expression, found {self.describe_here()}")
        name = m.group()
        start = self.pos
        self.pos = m.end()
        while src.startswith("::", self.pos):  # provider::aws::arn_parse(...)
            m = _IDENT.match(src, self.pos + 2)
            if not m:
                raise self.error("expected a function name after '::'")
            name += "::" + m.group()
            self.pos = m.end()
        save = self.pos
        # inside (), [] and call arguments newlines are not tokens, so `try\n(a, b)` is still a call
        m = (_WS_INLINE if self._nl_stack[-1] else _WS_ALL).match(src, self.pos)
        if m:
            self.pos = m.end()
        if self.peek() == "(":
            self.pos += 1
            return self.parse_call(name, start)
        self.pos = save
        if name in _KEYWORD_LITERALS:
            return Literal(_KEYWORD_LITERALS[name])
        return Variable(name)

    def parse_call(self, name: str, start: int) -> Node:
        self._nl_stack.append(False)
        args: list[Node] = []
        expand = False
        while True:
            self.skip()
            if self.peek() == ")":
                break
            args.append(self.parse_expression())
            self.skip()
            if self.startswith("..."):
                self.pos += 3
                expand = True
                self.skip()
            if self.peek() == ",":
                self.pos += 1
                continue
            if self.peek() != ")":
                raise self.error(f"expected ',' or ')' in call to {name}(), found {self.describe_here()}")
        self.pos += 1
        self._nl_stack.pop()
        return Call(name, args, expand, self.line_at(start))

    def at_keyword(self, word: str) -> bool:
        m = _IDENT.match(self.src, self.pos)
        return bool(m) and m.group() == word

    def parse_tuple(self) -> Node:
        self.pos += 1
        self._nl_stack.append(False)
        self.skip()
        if self.at_keyword("for") and self.is_for_header():
            node = self.parse_for(closing="]")
            self._nl_stack.pop()
            return node
        items: list[Node] = []
        while True:
            self.skip()
            if self.peek() == "]":
                break
            items.append(self.parse_expression())
            self.skip()
            if self.peek() == ",":
                self.pos += 1
                continue
            if self.peek() != "]":
                raise self.error(f"expected ',' or ']' in list, found {self.describe_here()}")
        self.pos += 1
        self._nl_stack.pop()
        return Tuple(items)

    def is_for_header(self) -> bool:
        return bool(re.compile(r"for\s+[^\W\d][\w-]*\s*(?:,|in\b)").match(self.src, self.pos))

    def parse_for(self, closing: str) -> Node:
        self.pos += 3
        self.skip()
        first = self.parse_ident("a for-expression variable")
        self.skip()
        key_var = None
        value_var = first
        if self.peek() == ",":
            self.pos += 1
            self.skip()
            key_var = first
            value_var = self.parse_ident("a for-expression variable")
            self.skip()
        if not self.at_keyword("in"):
            raise self.error(f"expected 'in' in for expression, found {self.describe_here()}")
        self.pos += 2
        collection = self.parse_expression()
        self.expect(":")
        self.skip()
        key = None
        value = self.parse_expression()
        group = False
        if closing == "}":
            self.expect("=>")
            self.skip()
            key, value = value, self.parse_expression()
            self.skip()
            if self.startswith("..."):
                self.pos += 3
                group = True
        cond = None
        self.skip()
        if self.at_keyword("if"):
            self.pos += 2
            cond = self.parse_expression()
        self.expect(closing)
        return ForExpr(key_var, value_var, collection, key, value, cond, group)

    def parse_ident(self, what: str) -> str:
        m = _IDENT.match(self.src, self.pos)
        if not m:
            raise self.error(f"expected {what}, found {self.describe_here()}")
        self.pos = m.end()
        return m.group()

    def parse_object(self) -> Node:
        self.pos += 1
        self._nl_stack.append(False)
        self.skip()
        if self.at_keyword("for") and self.is_for_header():
            node = self.parse_for(closing="}")
            self._nl_stack.pop()
            return node
        self._nl_stack[-1] = True  # items are separated by commas or newlines
        items: list[tuple[Node, Node]] = []
        while True:
            self.skip_all()
            if self.peek() == "}":
                break
            key = self.parse_object_key()
            self.skip()
            char = self.peek()
            if char == "=" or char == ":":
                self.pos += 1
            else:
                raise self.error(f"expected '=' or ':' after object key, found {self.describe_here()}")
            self.skip_all()
            items.append((key, self.parse_expression()))
            self.skip()
            char = self.peek()
            if char == ",":
                self.pos += 1
            elif char not in ("\n", "}"):
                raise self.error(f"expected ',', a newline or '}}' in object, found {self.describe_here()}")
        self.pos += 1
        self._nl_stack.pop()
        return Object(items)

    def parse_object_key(self) -> Node:
        m = _IDENT.match(self.src, self.pos)
        if m:
            after = _WS_INLINE.match(self.src, m.end())
            nxt = self.src[after.end() if after else m.end() : (after.end() if after else m.end()) + 1]
            if nxt in ("=", ":") and not self.src.startswith("==", after.end() if after else m.end()):
                self.pos = m.end()
                name = m.group()
                return Literal(name)
        self._nl_stack.append(False)
        key = self.parse_binary(0)
        self._nl_stack.pop()
        return key

    # -- templates


# ------------------------------------------------------------------------------------------ entries


def parse_file(src: str, filename: str) -> Body:
    """Parse a whole ``.tf`` file. Raises HCLSyntaxError with file:line."""
    parser = _Parser(src, filename)
    try:
        return parser.parse_body(None)
    except RecursionError:
        raise parser.error("expression nested too deeply") from None


def parse_expression(src: str, filename: str = "<expression>") -> Node:
    parser = _Parser(src, filename)
    parser._nl_stack = [False]
    node = parser.parse_expression()
    parser.skip_all()
    if parser.pos < parser.n:
        raise parser.error(f"unexpected {parser.describe_here()} after expression")
    return node


def parse_template(src: str, filename: str = "<template>") -> Node:
    """Parse a bare template (a templatefile() file or a JSON-syntax string)."""
    parser = _Parser(src, filename)
    parser._escapes = False
    return _build_template(parser.scan_template(_HEREDOC_RUN, terminator=None, start=0), parser)


def parse_json_file(src: str, filename: str) -> Body:
    """Parse ``.tf.json`` (see hcl_json.py)."""
    from infra2arch_terraform.hcl_json import parse_json_file as parse

    return parse(src, filename)
