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
import json
import re
from typing import Any

__all__ = ["HCLSyntaxError", "parse_file", "parse_expression", "parse_template", "Body", "Block", "Attribute"]


class HCLSyntaxError(Exception):
    def __init__(self, message: str, filename: str, line: int):
        super().__init__(f"{filename}:{line}: {message}")
        self.message = message
        self.filename = filename
        self.line = line


# ----------------------------------------------------------------------------------------- the tree


class Node:
    __slots__ = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, n) == getattr(other, n) for n in self.__slots__
        )

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self):  # positional: smaller and ~30 % faster pickles (parse cache, parallel parsing)
        return (type(self), tuple(getattr(self, name) for name in self.__slots__))


class Literal(Node):
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class Variable(Node):
    """A root name: ``var``, ``local``, ``aws_subnet``, ``each``, a for-expression variable."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


class GetAttr(Node):
    __slots__ = ("obj", "name")

    def __init__(self, obj: Node, name: str):
        self.obj = obj
        self.name = name


class Index(Node):
    __slots__ = ("obj", "key")

    def __init__(self, obj: Node, key: Node):
        self.obj = obj
        self.key = key


class SplatItem(Node):
    """Placeholder for the current element inside a splat's traversal."""

    __slots__ = ()


SPLAT_ITEM = SplatItem()


class Splat(Node):
    __slots__ = ("source", "each")

    def __init__(self, source: Node, each: Node):
        self.source = source
        self.each = each


class Call(Node):
    __slots__ = ("name", "args", "expand", "line")

    def __init__(self, name: str, args: list[Node], expand: bool, line: int):
        self.name = name
        self.args = args
        self.expand = expand
        self.line = line


class Conditional(Node):
    __slots__ = ("cond", "true", "false")

    def __init__(self, cond: Node, true: Node, false: Node):
        self.cond = cond
        self.true = true
        self.false = false


class Binary(Node):
    __slots__ = ("op", "left", "right")

    def __init__(self, op: str, left: Node, right: Node):
        self.op = op
        self.left = left
        self.right = right


class Unary(Node):
    __slots__ = ("op", "operand")

    def __init__(self, op: str, operand: Node):
        self.op = op
        self.operand = operand


class Tuple(Node):
    __slots__ = ("items",)

    def __init__(self, items: list[Node]):
        self.items = items


class Object(Node):
    __slots__ = ("items",)  # list of (key expression, value expression)

    def __init__(self, items: list[tuple[Node, Node]]):
        self.items = items


class ForExpr(Node):
    __slots__ = ("key_var", "value_var", "collection", "key", "value", "cond", "group")

    def __init__(self, key_var, value_var, collection, key, value, cond, group):
        self.key_var = key_var          # str | None
        self.value_var = value_var      # str
        self.collection = collection    # Node
        self.key = key                  # Node | None (None: a tuple result)
        self.value = value              # Node
        self.cond = cond                # Node | None
        self.group = group              # bool: ``...`` groups values by key


class Template(Node):
    """A string template: ``parts`` are str, Node (interpolation), TemplateIf or TemplateFor."""

    __slots__ = ("parts",)

    def __init__(self, parts: list):
        self.parts = parts


class TemplateIf(Node):
    __slots__ = ("cond", "then", "otherwise")

    def __init__(self, cond: Node, then: list, otherwise: list):
        self.cond = cond
        self.then = then
        self.otherwise = otherwise


class TemplateFor(Node):
    __slots__ = ("key_var", "value_var", "collection", "body")

    def __init__(self, key_var, value_var, collection, body):
        self.key_var = key_var
        self.value_var = value_var
        self.collection = collection
        self.body = body


class Attribute(Node):
    __slots__ = ("name", "expr", "line")

    def __init__(self, name: str, expr: Node, line: int):
        self.name = name
        self.expr = expr
        self.line = line


class Block(Node):
    __slots__ = ("type", "labels", "body", "line")

    def __init__(self, type_: str, labels: list[str], body: "Body", line: int):
        self.type = type_
        self.labels = labels
        self.body = body
        self.line = line


class Body(Node):
    __slots__ = ("attributes", "blocks")

    def __init__(self, attributes: dict[str, Attribute], blocks: list[Block]):
        self.attributes = attributes
        self.blocks = blocks


# -------------------------------------------------------------------------------------- the parser

_WS_INLINE = re.compile(r"(?:[ \t\r\f\v\ufeff]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_WS_ALL = re.compile(r"(?:[ \t\r\n\f\v\ufeff]+|#[^\n]*|//[^\n]*|/\*.*?\*/)+", re.S)
_IDENT = re.compile(r"[^\W\d][\w-]*")
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_QUOTED_RUN = re.compile(r'[^"\\$%\n]+')
_HEREDOC_RUN = re.compile(r"[^$%]+")
_HEREDOC_START = re.compile(r"<<(-?)([^\W\d][\w-]*)[ \t]*\r?\n")
_TEMPLATE_FOR = re.compile(r"for\s+([^\W\d][\w-]*)\s*(?:,\s*([^\W\d][\w-]*)\s*)?in\b")

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
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD_LITERALS = {"true": True, "false": False, "null": None}


class _Parser:
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
            # traversals may not be separated from their subject by a newline
            m = _WS_INLINE.match(src, self.pos)
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
            m = _WS_INLINE.match(src, self.pos)
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
        sub = _Parser(text, self.filename)
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


def _build_template(tokens: list, parser: _Parser) -> Node:
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


# ------------------------------------------------------------------------------------- JSON syntax


def parse_json_file(src: str, filename: str) -> Body:
    """Parse ``.tf.json``: top-level keys are block types, strings are templates.

    Without provider schemas a nested JSON object cannot be told apart from a map attribute; we
    keep nested objects as object expressions, which evaluates to the same shape either way.
    """
    try:
        data = json.loads(src)
    except json.JSONDecodeError as exc:
        raise HCLSyntaxError(f"invalid JSON: {exc.msg}", filename, exc.lineno) from None
    if not isinstance(data, dict):
        raise HCLSyntaxError("a .tf.json file must hold a JSON object", filename, 1)
    return _json_body(data, filename, depth=0)


# how many labels each top-level block type takes in JSON syntax
_JSON_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
                "locals": 0, "terraform": 0, "moved": 0, "import": 0, "check": 1, "removed": 0}


def _json_body(data: dict, filename: str, depth: int) -> Body:
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for key in data:
        if key == "//":
            continue
        value = data[key]
        if depth == 0 and key in _JSON_LABELS:
            for labels, body in _json_labelled(value, _JSON_LABELS[key]):
                if key == "locals":
                    blocks.append(Block(key, [], _json_locals(body, filename), 1))
                else:
                    blocks.append(Block(key, labels, _json_block_body(body, filename, key), 1))
            continue
        attributes[key] = Attribute(key, _json_expression(value, filename), 1)
    return Body(attributes, blocks)


def _json_labelled(value: Any, count: int) -> list[tuple[list[str], Any]]:
    if count == 0:
        return [([], item) for item in (value if isinstance(value, list) else [value])]
    out: list[tuple[list[str], Any]] = []
    if isinstance(value, list):
        for item in value:
            out.extend(_json_labelled(item, count))
        return out
    if not isinstance(value, dict):
        return out
    for label, inner in value.items():
        for labels, body in _json_labelled(inner, count - 1):
            out.append(([label, *labels], body))
    return out


_JSON_META_BLOCKS = {"lifecycle", "provisioner", "connection", "dynamic"}


def _json_block_body(body: Any, filename: str, block_type: str) -> Body:
    if isinstance(body, list):  # several bodies for one block: merge their attributes
        merged: dict = {}
        for item in body:
            if isinstance(item, dict):
                merged.update(item)
        body = merged
    if not isinstance(body, dict):
        return Body({}, [])
    attributes: dict[str, Attribute] = {}
    blocks: list[Block] = []
    for key, value in body.items():
        if key == "//":
            continue
        if block_type in ("variable",) and key in ("type",) and isinstance(value, str):
            attributes[key] = Attribute(key, parse_expression(value, filename), 1)
            continue
        if key in _JSON_META_BLOCKS and isinstance(value, (dict, list)):
            continue
        attributes[key] = Attribute(key, _json_expression(value, filename), 1)
    return Body(attributes, blocks)


def _json_locals(body: Any, filename: str) -> Body:
    if not isinstance(body, dict):
        return Body({}, [])
    return Body({k: Attribute(k, _json_expression(v, filename), 1) for k, v in body.items() if k != "//"}, [])


def _json_expression(value: Any, filename: str) -> Node:
    if isinstance(value, str):
        if "${" in value or "%{" in value:
            return parse_template(value, filename)
        return Literal(value)
    if isinstance(value, list):
        return Tuple([_json_expression(v, filename) for v in value])
    if isinstance(value, dict):
        return Object([(Literal(k), _json_expression(v, filename)) for k, v in value.items() if k != "//"])
    if isinstance(value, float) and value.is_integer():
        return Literal(int(value))
    return Literal(value)
