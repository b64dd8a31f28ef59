"""Evaluate HCL expressions the way Terraform does at plan time, with an explicit unknown value.

Every expression evaluates to a plain value (None, bool, int, float, str, list, dict) or an
:class:`~infra2arch.model.Unknown`. While an attribute is evaluated, every resource it reads is
recorded (see :class:`Recorder`), so that references made through locals, variables and module
outputs still become edges. Runtime errors raise :class:`EvalError`; the caller turns them into an
unknown value plus a gap, so one bad expression never stops a scan.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Callable, Iterable

from infra2arch.model import UNKNOWN_PART, Unknown, unknown_from

from infra2arch_terraform import hcl
from infra2arch_terraform.functions import FUNCTIONS, FunctionError, FunctionLimitError
from infra2arch_terraform.limits import Limits

if TYPE_CHECKING:  # pragma: no cover
    from infra2arch_terraform.modules import ModuleInstance

SPLAT_NAME = "\x00splat"
_KEEPS_STRUCTURE = frozenset({"jsonencode", "yamlencode"})


class EvalError(Exception):
    """A runtime error in an expression (the Terraform equivalent would stop the plan)."""


class LimitError(EvalError):
    """An expression went past one of the scan's size bounds (see :mod:`.limits`); ``try`` and
    ``can`` do not hide it, so it always reaches the gaps."""


_MEMO_CELLS = 64          # containers at least this big remember their size (shared parts count once)
_MEMO_LIMIT = 5_000_000   # cells the memo may keep alive before it starts afresh
_BIG_STRING = 1 << 20     # strings this long, and containers this big, count against the scan's budget
_BIG_CELLS = 100_000
_TEXT_PER_CELL = 64       # a string weighs one cell per 64 characters inside a container
_SCALARS = frozenset({int, float, bool, type(None)})
_LEAVES = frozenset({int, float, bool, type(None), str, Unknown})
_STRINGS = frozenset({str})


class ComputedObject(dict):
    """A resource instance (or one of its nested blocks) as other expressions see it: its configured
    attributes, and an Unknown carrying its address for everything computed (``id``, ``arn`` ...)."""

    __slots__ = ("address", "path")

    def __init__(self, address: str, attrs: dict | None = None, path: str = ""):
        super().__init__(attrs or ())
        self.address = address
        self.path = path

    def __missing__(self, key: str) -> Unknown:
        attribute = f"{self.path}{key}"
        return Unknown(f"{self.address}.{attribute} is known only after apply", frozenset({(self.address, attribute)}))

    def __reduce__(self):
        return (type(self), (self.address, dict(self), self.path))


class ResourceObject(ComputedObject):
    __slots__ = ()


class NestedBlock(ComputedObject):
    __slots__ = ()


class Namespace:
    """A root name that is not a value by itself: ``var``, ``local``, ``module``, ``data``, a resource type."""

    __slots__ = ()

    def attr(self, name: str) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


class LazyObject:
    """An object whose attributes are computed on access (module call instances)."""

    __slots__ = ()

    def attr(self, name: str) -> Any:  # pragma: no cover - interface
        raise NotImplementedError

    def item(self, key: Any) -> Any:
        """``obj[key]``: an attribute by default."""
        return self.attr(to_string(key))

    def materialize(self) -> dict:  # pragma: no cover - interface
        raise NotImplementedError


class Scope:
    """Names visible to an expression: the module instance and local bindings (each, count, for)."""

    __slots__ = ("module", "names")

    def __init__(self, module: "ModuleInstance | None", names: dict[str, Any] | None = None):
        self.module = module
        self.names = names or {}

    def bind(self, **names: Any) -> "Scope":
        merged = dict(self.names)
        merged.update(names)
        return Scope(self.module, merged)


class Recorder:
    """The addresses read while evaluating one attribute (a stack: nested evaluations get their own)."""

    __slots__ = ("stack",)

    def __init__(self) -> None:
        self.stack: list[set[str]] = []

    def add(self, address: str) -> None:
        if self.stack:
            self.stack[-1].add(address)

    def update(self, addresses: Iterable[str]) -> None:
        if self.stack:
            self.stack[-1].update(addresses)

    def capture(self, thunk: Callable[[], Any]) -> tuple[Any, frozenset[str]]:
        self.stack.append(set())
        try:
            value = thunk()
        finally:
            deps = self.stack.pop()
        return value, frozenset(deps)


def plain(value: Any) -> Any:
    """Lazy objects as plain dicts (for functions, iteration and output)."""
    if isinstance(value, LazyObject):
        return value.materialize()
    if isinstance(value, list):
        if set(map(type, value)) <= _LEAVES:  # flat lists (most of them): one C-level pass
            return value
        return [plain(v) for v in value] if any(isinstance(v, (LazyObject, list, dict)) for v in value) else value
    if isinstance(value, dict) and not isinstance(value, ComputedObject):
        if any(isinstance(v, (LazyObject, list, dict)) for v in value.values()):
            return {k: plain(v) for k, v in value.items()}
    return value


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if value is None:
        raise EvalError("cannot use a null value in a string template")
    raise EvalError(f"cannot use a {type_label(value)} value in a string template")


def type_label(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, (dict, LazyObject)):
        return "object"
    if value is None:
        return "null"
    return type(value).__name__


def normalize_number(value: float | int) -> int | float:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise EvalError("arithmetic result is not a finite number")
        if value.is_integer() and abs(value) < 2**63:
            return int(value)
    return value


def as_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise EvalError("a number is required, got bool")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return normalize_number(float(value)) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            pass
    raise EvalError(f"a number is required, got {type_label(value)}")


def as_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a bool is required, got {type_label(value)}")


def values_equal(a: Any, b: Any) -> Any:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return unknown_from("comparison with an unknown value", a, b)
    a, b = plain(a), plain(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


class Evaluator:
    """Evaluates expression trees. One per scan: holds the recorder and reports errors as gaps."""

    def __init__(self, function_context: Any, on_unknown_function: Callable[[str], None],
                 limits: Limits | None = None):
        self.recorder = Recorder()
        self.function_context = function_context
        self.on_unknown_function = on_unknown_function
        self.limits = limits or Limits()
        self.max_cells = max(self.limits.max_value_cells, 100 * self.limits.max_instances)
        self.iterations = 0            # for / %{for} iterations in the whole scan
        self.site_iterations = 0       # ... in the current top-level expression (the caller resets it)
        self.big_chars = 0             # characters of long strings built so far
        self.big_cells = 0             # cells of large collections built so far
        self._cells_memo: dict[int, tuple[Any, int]] = {}
        self._memo_cells = 0           # cells of the values the memo keeps alive
        self.call_line: int | None = None   # line of the function call being made (outside templates)
        self.template_depth = 0             # > 0 while a templatefile() body is evaluated
        self._dispatch: dict[type, Callable[[Any, Scope], Any]] = {
            hcl.Literal: self._literal,
            hcl.Variable: self._variable,
            hcl.GetAttr: self._get_attr,
            hcl.Index: self._index,
            hcl.Splat: self._splat,
            hcl.SplatItem: self._splat_item,
            hcl.Call: self._call,
            hcl.Conditional: self._conditional,
            hcl.Binary: self._binary,
            hcl.Unary: self._unary,
            hcl.Tuple: self._tuple,
            hcl.Object: self._object,
            hcl.ForExpr: self._for,
            hcl.Template: self._template,
        }

    def eval(self, node: hcl.Node, scope: Scope) -> Any:
        return self._dispatch[type(node)](node, scope)

    # -- size bounds (hostile input must end in seconds and well under 1 GiB)

    def tick(self, count: int = 1, expression: bool = True) -> None:
        """Count iterations of for expressions and template loops (``expression``), and of dynamic
        blocks (which count towards the scan only)."""
        self.iterations += count
        limits = self.limits
        if expression:
            self.site_iterations += count
        if expression and self.site_iterations > limits.for_iterations_per_expression:
            raise LimitError(f"for expressions iterate more than {limits.for_iterations_per_expression:,} "
                             "times in this expression: not evaluated further")
        if self.iterations > limits.for_iterations_per_scan:
            raise LimitError(f"for expressions and dynamic blocks iterated more than {limits.for_iterations_per_scan:,} "
                             "times in this scan: not evaluated further")

    def bounded(self, value: Any) -> Any:
        """``value``, unless it is past the size bounds: a string longer than the limit, or a
        collection with more cells than the limit, counting a shared part every time it appears
        (``[local.l, local.l]`` doubles at each level and would otherwise grow without end)."""
        if isinstance(value, str):
            if len(value) >= _BIG_STRING:
                if len(value) > self.limits.max_string_chars:
                    raise LimitError(f"a string of {len(value):,} characters is longer than the "
                                     f"{self.limits.max_string_chars:,} evaluated")
                self.big_chars += len(value)
                if self.big_chars > 24 * self.limits.max_string_chars:
                    raise LimitError("long strings built in this scan passed "
                                     f"{24 * self.limits.max_string_chars:,} characters: not evaluated further")
            return value
        if isinstance(value, (list, dict)):
            cells = self._cells(value, self.max_cells)
            if cells > self.max_cells:
                raise LimitError(f"a value with more than {self.max_cells:,} elements (counting shared parts "
                                 "each time) is not evaluated")
            if cells >= _BIG_CELLS:
                self.big_cells += cells
                if self.big_cells > 10 * self.max_cells:
                    raise LimitError(f"large collections built in this scan passed {10 * self.max_cells:,} "
                                     "elements: not evaluated further")
        return value

    def _cells(self, value: Any, budget: int) -> int:
        memo = self._cells_memo
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        items = value.values() if isinstance(value, dict) else value
        kinds = set(map(type, items))
        if kinds <= _SCALARS:  # a flat list of numbers (range(), count indexes): no walk needed
            return 1 + len(value)
        if kinds == _STRINGS:
            return 1 + len(value) + sum(map(len, items)) // _TEXT_PER_CELL
        total = 1
        for item in items:
            if isinstance(item, (list, dict)):
                total += self._cells(item, budget - total)
            elif isinstance(item, str):
                total += 1 + len(item) // _TEXT_PER_CELL
            else:
                total += 1
            if total > budget:
                return total  # past the bound: stop counting (and remember nothing partial)
        if total >= _MEMO_CELLS:
            # the memo keeps its values alive (ids must stay unique): past a bound, start afresh
            self._memo_cells += total
            if self._memo_cells > _MEMO_LIMIT:
                memo.clear()
                self._memo_cells = total
            memo[id(value)] = (value, total)
        return total

    def _weight(self, item: Any) -> int:
        if isinstance(item, (list, dict)):
            return self._cells(item, self.max_cells + 1)
        if isinstance(item, str):
            return 1 + len(item) // _TEXT_PER_CELL
        return 1

    # -- leaves

    def _literal(self, node: hcl.Literal, scope: Scope) -> Any:
        return node.value

    def _variable(self, node: hcl.Variable, scope: Scope) -> Any:
        name = node.name
        names = scope.names
        if name in names:
            return names[name]
        if scope.module is None:
            raise EvalError(f"{name!r} is not available here (templates only see their own variables)")
        return scope.module.root_name(name, scope)

    def _splat_item(self, node: hcl.SplatItem, scope: Scope) -> Any:
        return scope.names[SPLAT_NAME]

    # -- traversal

    def _get_attr(self, node: hcl.GetAttr, scope: Scope) -> Any:
        obj = self.eval(node.obj, scope)
        return self.get_attr(obj, node.name)

    def get_attr(self, obj: Any, name: str) -> Any:
        if isinstance(obj, ResourceObject):
            self.recorder.add(obj.address)
            return obj[name]
        if isinstance(obj, (Namespace, LazyObject)):
            return obj.attr(name)
        if isinstance(obj, dict):
            if name in obj or isinstance(obj, ComputedObject):
                return obj[name]
            raise EvalError(f"object has no attribute {name!r}")
        if isinstance(obj, Unknown):
            return obj
        if isinstance(obj, list):
            if len(obj) == 1:  # a single nested block read without [0]
                return self.get_attr(obj[0], name)
            raise EvalError(f"cannot read attribute {name!r} of a list of {len(obj)} items (use an index or [*])")
        if obj is None:
            raise EvalError(f"cannot read attribute {name!r} of null")
        raise EvalError(f"cannot read attribute {name!r} of a {type_label(obj)}")

    def _index(self, node: hcl.Index, scope: Scope) -> Any:
        obj = self.eval(node.obj, scope)
        key = self.eval(node.key, scope)
        return self.index(obj, key)

    def index(self, obj: Any, key: Any) -> Any:
        if isinstance(obj, Unknown):
            return obj.merge(key)
        if isinstance(key, Unknown):
            return key.merge(obj) if isinstance(obj, list) and len(obj) < 64 else key
        if isinstance(obj, LazyObject):
            return obj.item(key)
        if isinstance(obj, Namespace):
            return obj.attr(to_string(key))
        if isinstance(obj, list):
            position = as_number(key)
            if not isinstance(position, int) or position < 0 or position >= len(obj):
                raise EvalError(f"index {key!r} out of range for a list of {len(obj)} items")
            return obj[position]
        if isinstance(obj, dict):
            text = to_string(key)
            if isinstance(obj, ComputedObject):
                if isinstance(obj, ResourceObject):
                    self.recorder.add(obj.address)
                return obj[text]
            if text in obj:
                return obj[text]
            raise EvalError(f"key {text!r} not found in map")
        if obj is None:
            raise EvalError("cannot index a null value")
        raise EvalError(f"cannot index a {type_label(obj)}")

    def _splat(self, node: hcl.Splat, scope: Scope) -> Any:
        source = self.eval(node.source, scope)
        if isinstance(source, Unknown):
            return source
        if source is None:
            return []
        items = source if isinstance(source, list) else [source]
        if isinstance(node.each, hcl.SplatItem):
            return list(items)
        results = []
        for item in items:
            results.append(self.eval(node.each, scope.bind(**{SPLAT_NAME: item})))
        return self.bounded(results)

    # -- calls

    def _call(self, node: hcl.Call, scope: Scope) -> Any:
        name = node.name
        if name == "try":
            return self._try(node, scope)
        if name == "can":
            return self._can(node, scope)
        function = FUNCTIONS.get(name)
        if function is None:
            self.on_unknown_function(name)
            args = [self._eval_quietly(arg, scope) for arg in node.args]
            return unknown_from(f"function {name}() is not supported offline", *args)
        args = [plain(self.eval(arg, scope)) for arg in node.args]
        if node.expand:
            if not args:
                raise EvalError(f"{name}(): '...' needs an argument")
            last = args.pop()
            if isinstance(last, Unknown):
                return unknown_from(f"{name}(): expanded argument not known", last, *args)
            if not isinstance(last, list):
                raise EvalError(f"{name}(): only a list can be expanded with '...'")
            args.extend(last)
        if not self.template_depth:
            self.call_line = node.line  # so a refused file read names the call's own line
        try:
            result = function(self.function_context, *args)
        except FunctionLimitError as exc:
            raise LimitError(f"{name}(): {exc}") from None
        except FunctionError as exc:
            raise EvalError(f"{name}(): {exc}") from None
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, RecursionError) as exc:
            raise EvalError(f"{name}(): {exc}") from None
        if isinstance(result, Unknown) and name in _KEEPS_STRUCTURE and args and isinstance(args[0], (dict, list)):
            # keep what is known of an encoded document (IAM policies use it to find their targets)
            result = Unknown(result.reason, result.origins, args[0])
        return self.bounded(result)

    def _eval_quietly(self, node: hcl.Node, scope: Scope) -> Any:
        try:
            return self.eval(node, scope)
        except EvalError:
            return None

    def _try(self, node: hcl.Call, scope: Scope) -> Any:
        last_error = "try(): no arguments"
        for arg in node.args:
            try:
                value = self.eval(arg, scope)
            except LimitError:
                raise
            except EvalError as exc:
                last_error = f"try(): every argument failed; the last: {exc}"
                continue
            return value
        raise EvalError(last_error)

    def _can(self, node: hcl.Call, scope: Scope) -> Any:
        if len(node.args) != 1:
            raise EvalError("can() takes exactly one argument")
        try:
            value = self.eval(node.args[0], scope)
        except LimitError:
            raise
        except EvalError:
            return False
        if isinstance(value, Unknown):
            return value
        return True

    # -- operators

    def _conditional(self, node: hcl.Conditional, scope: Scope) -> Any:
        cond = self.eval(node.cond, scope)
        if isinstance(cond, Unknown):
            branches = [self._eval_quietly(node.true, scope), self._eval_quietly(node.false, scope)]
            return cond.merge(*branches)
        if cond is None:
            raise EvalError("the condition of a conditional expression is null")
        return self.eval(node.true if as_bool(cond) else node.false, scope)

    def _binary(self, node: hcl.Binary, scope: Scope) -> Any:
        op = node.op
        left = self.eval(node.left, scope)
        if op == "&&" or op == "||":
            if not isinstance(left, Unknown):
                left_bool = as_bool(left)
                if op == "&&" and not left_bool:
                    return False
                if op == "||" and left_bool:
                    return True
            right = self.eval(node.right, scope)
            if isinstance(right, Unknown):
                return right.merge(left)
            right_bool = as_bool(right)
            if isinstance(left, Unknown):
                if (op == "&&" and not right_bool) or (op == "||" and right_bool):
                    return right_bool
                return left
            return right_bool
        right = self.eval(node.right, scope)
        if op == "==":
            return values_equal(left, right)
        if op == "!=":
            equal = values_equal(left, right)
            return equal if isinstance(equal, Unknown) else not equal
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return unknown_from(f"operator {op} on an unknown value", left, right)
        a, b = as_number(left), as_number(right)
        if op == "+":
            return normalize_number(a + b)
        if op == "-":
            return normalize_number(a - b)
        if op == "*":
            return normalize_number(a * b)
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            return normalize_number(a / b)
        if op == "%":
            if b == 0:
                raise EvalError("modulo by zero")
            return normalize_number(math.fmod(a, b)) if isinstance(a, float) or isinstance(b, float) else int(math.fmod(a, b))
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op == "<=":
            return a <= b
        if op == ">=":
            return a >= b
        raise EvalError(f"unknown operator {op}")

    def _unary(self, node: hcl.Unary, scope: Scope) -> Any:
        value = self.eval(node.operand, scope)
        if isinstance(value, Unknown):
            return value
        if node.op == "!":
            return not as_bool(value)
        return normalize_number(-as_number(value))

    # -- constructors

    def _tuple(self, node: hcl.Tuple, scope: Scope) -> Any:
        return self.bounded([self.eval(item, scope) for item in node.items])

    def _object(self, node: hcl.Object, scope: Scope) -> Any:
        result: dict[str, Any] = {}
        unknown_keys: list[Unknown] = []
        for key_node, value_node in node.items:
            if isinstance(key_node, hcl.Variable) and key_node.name not in scope.names:
                key: Any = key_node.name  # a bare name is a literal key ({ foo = 1 })
            else:
                key = self.eval(key_node, scope)
            value = self.eval(value_node, scope)
            if isinstance(key, Unknown):
                unknown_keys.append(key.merge(value))
                continue
            result[to_string(key)] = value
        if unknown_keys:
            return unknown_keys[0].merge(*unknown_keys[1:], result)
        return self.bounded(result)

    def _for(self, node: hcl.ForExpr, scope: Scope) -> Any:
        collection = plain(self.eval(node.collection, scope))
        if isinstance(collection, Unknown):
            return collection
        if isinstance(collection, dict):
            pairs: Iterable[tuple[Any, Any]] = ((k, collection[k]) for k in sorted(collection))
        elif isinstance(collection, list):
            pairs = enumerate(collection)
        elif collection is None:
            raise EvalError("cannot iterate over a null value in a for expression")
        else:
            raise EvalError(f"cannot iterate over a {type_label(collection)} in a for expression")
        unknowns: list[Unknown] = []
        tuple_result: list[Any] = []
        object_result: dict[str, Any] = {}
        cells = 1
        for key, value in pairs:
            self.tick()
            if cells > self.max_cells:  # checked while it grows: the result is never built past the bound
                raise LimitError(f"a value with more than {self.max_cells:,} elements (counting shared parts "
                                 "each time) is not evaluated")
            bindings = {node.value_var: value}
            if node.key_var:
                bindings[node.key_var] = key
            inner = scope.bind(**bindings)
            if node.cond is not None:
                keep = self.eval(node.cond, inner)
                if isinstance(keep, Unknown):
                    unknowns.append(keep)
                    continue
                if not as_bool(keep):
                    continue
            item = self.eval(node.value, inner)
            cells += self._weight(item)
            if node.key is None:
                tuple_result.append(item)
                continue
            result_key = self.eval(node.key, inner)
            if isinstance(result_key, Unknown):
                unknowns.append(result_key.merge(item))
                continue
            text = to_string(result_key)
            if node.group:
                object_result.setdefault(text, []).append(item)
            elif text in object_result:
                raise EvalError(f"duplicate key {text!r} in for expression (use '...' to group)")
            else:
                object_result[text] = item
        result = self.bounded(tuple_result if node.key is None else object_result)
        if unknowns:
            return unknowns[0].merge(*unknowns[1:], result)
        return result

    # -- templates

    def _template(self, node: hcl.Template, scope: Scope) -> Any:
        pieces: list[str] = []
        unknowns: list[Unknown] = []
        self._render_parts(node.parts, scope, pieces, unknowns, [0])
        if unknowns:
            merged = unknowns[0].merge(*unknowns[1:])
            return Unknown(merged.reason, merged.origins, self.bounded("".join(pieces)))
        return self.bounded("".join(pieces))

    def _render_parts(self, parts: list, scope: Scope, pieces: list[str], unknowns: list[Unknown],
                      size: list[int]) -> None:
        """Append the rendered parts to ``pieces``; ``size[0]`` counts their characters, so that a
        loop repeating a long string stops at the bound instead of joining terabytes at the end."""
        for part in parts:
            if isinstance(part, str):
                pieces.append(part)
                size[0] += len(part)
            elif isinstance(part, hcl.TemplateIf):
                cond = self.eval(part.cond, scope)
                if isinstance(cond, Unknown):
                    unknowns.append(cond)
                    pieces.append(UNKNOWN_PART)
                    continue
                self._render_parts(part.then if as_bool(cond) else part.otherwise, scope, pieces, unknowns, size)
            elif isinstance(part, hcl.TemplateFor):
                collection = plain(self.eval(part.collection, scope))
                if isinstance(collection, Unknown):
                    unknowns.append(collection)
                    pieces.append(UNKNOWN_PART)
                    continue
                if isinstance(collection, dict):
                    pairs: Iterable = ((k, collection[k]) for k in sorted(collection))
                elif isinstance(collection, list):
                    pairs = enumerate(collection)
                else:
                    raise EvalError(f"cannot iterate over a {type_label(collection)} in %{{for}}")
                for key, value in pairs:
                    self.tick()
                    bindings = {part.value_var: value}
                    if part.key_var:
                        bindings[part.key_var] = key
                    self._render_parts(part.body, scope.bind(**bindings), pieces, unknowns, size)
            else:
                value = self.eval(part, scope)
                if isinstance(value, Unknown):
                    unknowns.append(value)
                    inner = value.partial if isinstance(value.partial, str) else UNKNOWN_PART
                    if not pieces or not pieces[-1].endswith(UNKNOWN_PART) or inner != UNKNOWN_PART:
                        pieces.append(inner)
                    continue
                if isinstance(value, (list, dict, LazyObject)):
                    if any(True for _ in _walk_unknowns(value)):
                        unknowns.append(unknown_from("template uses an unknown value", value))
                        pieces.append(UNKNOWN_PART)
                        continue
                pieces.append(to_string(value))
                size[0] += len(pieces[-1])
            if size[0] > self.limits.max_string_chars:
                raise LimitError(f"the template would be longer than {self.limits.max_string_chars:,} characters: "
                                 "not evaluated")


def _walk_unknowns(value: Any):
    from infra2arch.model import iter_unknowns

    return iter_unknowns(plain(value))
