"""The tree the HCL parser produces: a :class:`Body` holds :class:`Attribute` and :class:`Block`
items (each with its line); expressions are the node classes below. Small classes with slots: a
10,000-resource estate is millions of nodes, kept in memory and in the parse cache."""

from __future__ import annotations

from typing import Any


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
