"""The HCL parser: every expression form, line numbers, and syntax errors with file:line.

Expressions are checked twice where it helps: the tree the parser builds, and the value the
evaluator computes from it (so a test fails if either the structure or its meaning is wrong).
"""

from __future__ import annotations

import pytest

from infra2arch_terraform import hcl
from infra2arch_terraform.evaluator import Evaluator, Scope
from infra2arch_terraform.hcl import HCLSyntaxError, parse_expression, parse_file, parse_template


class _Context:
    cwd = "."

    def render_template(self, text, variables, filename):  # pragma: no cover - not used here
        raise AssertionError("no templates in parser tests")


def ev(src: str, **names):
    """Parse one expression and evaluate it with ``names`` bound."""
    unknown_functions: list[str] = []
    evaluator = Evaluator(_Context(), unknown_functions.append)
    return evaluator.eval(parse_expression(src), Scope(None, names))


def ev_attr(src: str, attribute: str = "x", **names):
    """Parse a file and evaluate one of its top-level attributes."""
    body = parse_file(src, "test.tf")
    evaluator = Evaluator(_Context(), lambda n: None)
    return evaluator.eval(body.attributes[attribute].expr, Scope(None, names))


def render(src: str, **names):
    evaluator = Evaluator(_Context(), lambda n: None)
    return evaluator.eval(parse_template(src), Scope(None, names))


# ---------------------------------------------------------------------------------- conditionals


def test_conditional_tree_and_value():
    node = parse_expression('a ? "yes" : "no"')
    assert isinstance(node, hcl.Conditional)
    assert node.cond == hcl.Variable("a")
    assert node.true == hcl.Literal("yes") and node.false == hcl.Literal("no")
    assert ev('a ? "yes" : "no"', a=True) == "yes"
    assert ev('a ? "yes" : "no"', a=False) == "no"


def test_nested_conditional_is_right_associative():
    src = 'n > 10 ? "big" : n > 5 ? "mid" : "small"'
    node = parse_expression(src)
    assert isinstance(node.false, hcl.Conditional)
    assert [ev(src, n=n) for n in (11, 7, 1)] == ["big", "mid", "small"]


def test_conditional_split_across_lines_inside_parentheses():
    src = 'x = (\n  var_enabled\n  ? 1\n  : 2\n)\n'
    assert ev_attr(src, var_enabled=True) == 1
    assert ev_attr(src, var_enabled=False) == 2


def test_operator_precedence():
    assert ev("1 + 2 * 3") == 7
    assert ev("5 - 3 - 1") == 1 and ev("8 / 2 / 2") == 2
    assert ev("(1 + 2) * 3") == 9
    assert ev("!true || 2 > 1 && 3 == 3") is True
    assert ev("-2 - -3") == 1
    assert ev("7 % 4") == 3


# ------------------------------------------------------------------------------ for expressions


def test_for_tuple_with_if():
    src = '[for s in xs : upper(s) if s != "b"]'
    node = parse_expression(src)
    assert isinstance(node, hcl.ForExpr)
    assert node.key is None and node.cond is not None and node.group is False
    assert ev(src, xs=["a", "b", "c"]) == ["A", "C"]


def test_for_object_with_key_and_value_vars():
    src = "{for k, v in m : v => k}"
    node = parse_expression(src)
    assert node.key_var == "k" and node.value_var == "v"
    assert ev(src, m={"a": "1", "b": "2"}) == {"1": "a", "2": "b"}


def test_for_object_grouping_with_ellipsis():
    src = "{for p in people : p.team => p.name...}"
    node = parse_expression(src)
    assert node.group is True
    people = [{"team": "x", "name": "ann"}, {"team": "y", "name": "bob"}, {"team": "x", "name": "cid"}]
    assert ev(src, people=people) == {"x": ["ann", "cid"], "y": ["bob"]}


def test_for_object_grouping_with_ellipsis_and_if():
    src = '{for p in people : p.team => p.name... if p.name != "bob"}'
    people = [{"team": "x", "name": "ann"}, {"team": "y", "name": "bob"}, {"team": "x", "name": "cid"}]
    assert ev(src, people=people) == {"x": ["ann", "cid"]}


def test_for_over_list_with_index_var():
    assert ev("[for i, v in xs : \"${i}=${v}\"]", xs=["a", "b"]) == ["0=a", "1=b"]


def test_for_expression_spanning_lines():
    src = 'x = [\n  for s in xs :\n  s\n  if s != ""\n]\n'
    assert ev_attr(src, xs=["a", "", "b"]) == ["a", "b"]


# ----------------------------------------------------------------------------------------- splats


def test_full_splat_with_attribute_and_index():
    node = parse_expression("items[*].ports[0]")
    assert isinstance(node, hcl.Splat)
    assert node.each == hcl.Index(hcl.GetAttr(hcl.SPLAT_ITEM, "ports"), hcl.Literal(0))
    items = [{"ports": [80, 81]}, {"ports": [443]}]
    assert ev("items[*].ports[0]", items=items) == [80, 443]


def test_legacy_attribute_splat():
    node = parse_expression("items.*.name")
    assert isinstance(node, hcl.Splat)
    assert node.each == hcl.GetAttr(hcl.SPLAT_ITEM, "name")
    assert ev("items.*.name", items=[{"name": "a"}, {"name": "b"}]) == ["a", "b"]


def test_legacy_attribute_splat_stops_before_index():
    # the legacy splat applies attribute steps only: items.*.tags[0] is (items.*.tags)[0],
    # the common old form aws_subnet.x.*.id[0]
    assert ev("items.*.tags[0]", items=[{"tags": ["a1", "a2"]}, {"tags": ["b1"]}]) == ["a1", "a2"]


def test_splat_of_a_single_value_and_of_null():
    assert ev("obj[*].name", obj={"name": "only"}) == ["only"]
    assert ev("nothing[*]", nothing=None) == []


def test_legacy_numeric_index():
    node = parse_expression("items.0.name")
    assert node == hcl.GetAttr(hcl.Index(hcl.Variable("items"), hcl.Literal(0)), "name")
    assert ev("items.1.name", items=[{"name": "a"}, {"name": "b"}]) == "b"


# ----------------------------------------------------------------------------------------- heredocs


def test_heredoc_with_interpolation():
    src = 'x = <<EOT\nhello ${name}\n  indented\nEOT\ny = 1\n'
    body = parse_file(src, "h.tf")
    assert set(body.attributes) == {"x", "y"}
    assert ev_attr(src, name="world") == "hello world\n  indented\n"
    assert body.attributes["y"].line == 5


def test_indented_heredoc_strips_common_indent():
    src = 'x = <<-EOT\n    first ${v}\n      second\n    EOT\n'
    assert ev_attr(src, v=1) == "first 1\n  second\n"


def test_heredoc_marker_inside_text_does_not_end_it():
    src = 'x = <<EOF\nnot EOF here\nEOF\n'
    assert ev_attr(src) == "not EOF here\n"


def test_heredoc_keeps_backslashes_and_quotes_literally():
    src = 'x = <<EOT\nC:\\path "quoted" \\n\nEOT\n'
    assert ev_attr(src) == 'C:\\path "quoted" \\n\n'


def test_heredoc_as_a_function_argument_and_object_value():
    assert ev_attr('x = trimspace(<<EOT\n  hi\nEOT\n)\n') == "hi"
    assert ev_attr('x = {\n  k = <<-EOT\n    v\n    EOT\n  j = 1\n}\n') == {"k": "v\n", "j": 1}


def test_nested_template_inside_interpolation():
    assert ev('"<${"inner ${x}"}>"', x="X") == "<inner X>"


# -------------------------------------------------------------------------------- template directives


def test_template_if_else():
    src = '"%{ if on }enabled%{ else }disabled%{ endif }"'
    node = parse_expression(src)
    assert isinstance(node, hcl.Template)
    assert isinstance(node.parts[0], hcl.TemplateIf)
    assert ev(src, on=True) == "enabled"
    assert ev(src, on=False) == "disabled"


def test_template_for_in_quoted_string():
    assert ev('"%{ for n in names }[${n}]%{ endfor }"', names=["a", "b"]) == "[a][b]"


def test_template_for_with_key_and_value():
    assert ev('"%{ for k, v in m }${k}=${v};%{ endfor }"', m={"b": 2, "a": 1}) == "a=1;b=2;"


def test_template_strip_markers_in_heredoc():
    src = 'x = <<EOT\n%{ for n in names ~}\n- ${n}\n%{ endfor ~}\nend\nEOT\n'
    assert ev_attr(src, names=["a", "b"]) == "- a\n- b\nend\n"


def test_strip_markers_on_interpolation():
    assert ev('"a  ${~ x ~}  b"', x="X") == "aXb"
    assert ev('"a  ${~ x}  b"', x="X") == "aX  b"
    assert ev('"a  ${x ~}  b"', x="X") == "a  Xb"


def test_template_if_strip_markers():
    src = 'x = <<EOT\nstart\n%{~ if show ~}\n  shown\n%{~ endif ~}\nend\nEOT\n'
    assert ev_attr(src, show=True) == "startshownend\n"
    assert ev_attr(src, show=False) == "startend\n"


def test_bare_template_file_syntax():
    assert render("Hello ${name}!\n%{ if admin }admin%{ endif }", name="ann", admin=True) == "Hello ann!\nadmin"


def test_single_interpolation_keeps_its_type():
    assert ev('"${n}"', n=5) == 5
    assert ev('"${xs}"', xs=[1, 2]) == [1, 2]
    assert ev('"n=${n}"', n=5) == "n=5"


# ------------------------------------------------------------------------------------------ escapes


def test_literal_dollar_and_percent_escapes():
    node = parse_expression('"$${not_interp} %%{not_directive}"')
    assert node == hcl.Literal("${not_interp} %{not_directive}")


def test_escapes_in_heredoc_are_recognised_too():
    assert ev_attr('x = <<EOT\n$${a} %%{b} ${c}\nEOT\n', c="C") == "${a} %{b} C\n"


def test_lone_dollar_and_percent_are_literal():
    assert ev('"cost: $5 and 10% off"') == "cost: $5 and 10% off"


def test_backslash_escapes():
    assert ev(r'"a\tb\nc\"d\\e"') == 'a\tb\nc"d\\e'


def test_unicode_escapes():
    assert ev(r'"caf\u00e9 \U0001F600"') == "café \U0001F600"


def test_invalid_escape_is_a_syntax_error():
    with pytest.raises(HCLSyntaxError) as info:
        parse_file('a = 1\nb = "bad \\q"\n', "esc.tf")
    assert info.value.line == 2
    assert info.value.filename == "esc.tf"


# ----------------------------------------------------------------------------------------- comments


def test_all_three_comment_kinds():
    src = (
        "# hash comment\n"
        "// slash comment\n"
        "/* block\n   comment */\n"
        "a = 1 # trailing hash\n"
        "b = 2 // trailing slashes\n"
        "c = /* inline */ 3\n"
        "d = [\n"
        "  1, # in a list\n"
        "  /* also */ 2,\n"
        "]\n"
    )
    body = parse_file(src, "c.tf")
    assert {name: a.expr.value for name, a in body.attributes.items() if name != "d"} == {"a": 1, "b": 2, "c": 3}
    assert ev_attr(src, "d") == [1, 2]
    assert body.attributes["a"].line == 5
    assert body.attributes["d"].line == 8


def test_comments_inside_objects_for_expressions_and_at_end_of_file():
    assert ev_attr("x = {\n  # c\n  a = 1, // c\n  /* c */ b = 2,\n}\n") == {"a": 1, "b": 2}
    assert ev_attr("x = [for s in xs : # c\n  s]\n", xs=["z"]) == ["z"]
    assert ev_attr("x = 1 # no newline at the end") == 1
    assert parse_file('resource /* c */ "a" "b" {}', "t.tf").blocks[0].labels == ["a", "b"]


def test_comment_markers_inside_strings_are_text():
    assert ev('"http://example.com/#anchor /* x */"') == "http://example.com/#anchor /* x */"


# ------------------------------------------------------------------------------------------- blocks


def test_one_line_blocks():
    body = parse_file('variable "empty" {}\nresource "aws_s3_bucket" "b" { bucket = "x" }\n', "one.tf")
    assert [(b.type, b.labels) for b in body.blocks] == [("variable", ["empty"]), ("resource", ["aws_s3_bucket", "b"])]
    assert body.blocks[0].body.attributes == {}
    assert body.blocks[1].body.attributes["bucket"].expr == hcl.Literal("x")


def test_block_labels_quoted_and_bare():
    body = parse_file('resource aws_instance web {\n  ami = "x"\n}\n', "l.tf")
    assert body.blocks[0].labels == ["aws_instance", "web"]


def test_nested_blocks_repeat():
    src = 'resource "a" "b" {\n  rule { n = 1 }\n  rule {\n    n = 2\n  }\n}\n'
    inner = parse_file(src, "n.tf").blocks[0].body.blocks
    assert [b.type for b in inner] == ["rule", "rule"]
    assert [b.body.attributes["n"].expr.value for b in inner] == [1, 2]
    assert [b.line for b in inner] == [2, 3]


def test_duplicate_attribute_is_an_error():
    with pytest.raises(HCLSyntaxError) as info:
        parse_file('resource "a" "b" {\n  x = 1\n  x = 2\n}\n', "dup.tf")
    assert info.value.line == 3


# ------------------------------------------------------------------------------------------ objects


def test_object_keys_names_strings_and_expressions():
    src = '{ plain = 1, "quoted key" = 2, (k) = 3, "${k}-x" = 4 }'
    assert ev(src, k="dyn", plain="must-not-be-used") == {"plain": 1, "quoted key": 2, "dyn": 3, "dyn-x": 4}


def test_object_with_colons_and_newlines():
    src = 'x = {\n  a: 1\n  "b": "two",\n  c = [1,\n    2]\n}\n'
    assert ev_attr(src) == {"a": 1, "b": "two", "c": [1, 2]}


def test_object_key_expression_with_traversal():
    assert ev("{ (var_x.name) = true }", var_x={"name": "k"}) == {"k": True}


def test_nested_brackets_across_lines():
    src = (
        "x = merge(\n"
        "  {\n"
        "    a = [\n"
        "      { b = 1 },\n"
        "      { b = 2 }\n"
        "    ]\n"
        "  },\n"
        "  {\n"
        "    c = (\n"
        "      1 +\n"
        "      2\n"
        "    )\n"
        "  }\n"
        ")\n"
        "y = 1\n"
    )
    evaluator = Evaluator(_Context(), lambda n: None)
    body = parse_file(src, "n.tf")
    assert body.attributes["y"].line == 15
    assert evaluator.eval(body.attributes["x"].expr, Scope(None)) == {"a": [{"b": 1}, {"b": 2}], "c": 3}


def test_list_with_trailing_comma_and_newlines():
    assert ev_attr('x = [\n  "a",\n  "b",\n]\n') == ["a", "b"]


# ---------------------------------------------------------------------------------------- functions


def test_function_call_with_expansion():
    node = parse_expression("max(xs...)")
    assert isinstance(node, hcl.Call) and node.expand is True
    assert ev("max(xs...)", xs=[3, 9, 4]) == 9
    assert ev("concat(first, rest...)", first=[1], rest=[[2], [3]]) == [1, 2, 3]


def test_function_call_across_lines_with_trailing_comma():
    assert ev_attr('x = join(\n  "-",\n  ["a", "b"],\n)\n') == "a-b"


def test_provider_namespaced_function_call():
    node = parse_expression('provider::aws::arn_parse("arn:aws:s3:::b")')
    assert isinstance(node, hcl.Call)
    assert node.name == "provider::aws::arn_parse"
    assert node.args == [hcl.Literal("arn:aws:s3:::b")]


def test_call_with_a_newline_before_its_parenthesis_inside_brackets():
    # inside [], () and call arguments newlines are not tokens: Terraform reads these as calls
    body = parse_file('x = var.x[try\n(a, b)]\ny = [lower\n("A")]\nz = upper(lower\n("B"))\n', "n.tf")
    key = body.attributes["x"].expr.key
    assert isinstance(key, hcl.Call) and key.name == "try" and key.line == 1
    assert key.args == [hcl.Variable("a"), hcl.Variable("b")]
    assert ev_attr('x = m[try\n(k, "b")]\n', m={"a": 1, "b": 2}, k="a") == 1
    assert ev_attr('y = [lower\n("A")]\n', "y") == ["a"]
    assert ev_attr('z = upper(lower\n("B"))\n', "z") == "B"
    assert body.attributes["z"].line == 5
    # at body level the newline still ends the attribute
    with pytest.raises(HCLSyntaxError):
        parse_file('x = lower\n("A")\n', "n.tf")


def test_call_records_its_line():
    body = parse_file('a = 1\nb = lower(\n  "X"\n)\n', "f.tf")
    assert body.attributes["b"].expr.line == 2


# ------------------------------------------------------------------------------------- line numbers


def test_lines_of_blocks_and_attributes():
    src = (
        "# header\n"                    # 1
        'variable "x" {\n'              # 2
        "  default = 1\n"               # 3
        "}\n"                           # 4
        "\n"                            # 5
        "/* a\n"                        # 6
        "   b */\n"                     # 7
        'resource "a" "b" {\n'          # 8
        "  name = <<EOT\n"              # 9
        "line\n"                        # 10
        "EOT\n"                         # 11
        "  tags = {\n"                  # 12
        '    k = "v"\n'                 # 13
        "  }\n"                         # 14
        "  nested {\n"                  # 15
        "    inner = true\n"            # 16
        "  }\n"                         # 17
        "}\n"                           # 18
    )
    body = parse_file(src, "lines.tf")
    variable, resource = body.blocks
    assert variable.line == 2
    assert variable.body.attributes["default"].line == 3
    assert resource.line == 8
    assert resource.body.attributes["name"].line == 9
    assert resource.body.attributes["tags"].line == 12
    nested = resource.body.blocks[0]
    assert nested.line == 15
    assert nested.body.attributes["inner"].line == 16


def test_windows_line_endings():
    body = parse_file('a = 1\r\nresource "x" "y" {\r\n  b = "c"\r\n}\r\n', "crlf.tf")
    assert body.attributes["a"].expr == hcl.Literal(1)
    assert body.blocks[0].line == 2
    assert body.blocks[0].body.attributes["b"].line == 3


# ------------------------------------------------------------------------------------ syntax errors


@pytest.mark.parametrize(
    "src, line",
    [
        ('a = 1\nb = = 2\n', 2),
        ('a = 1\n\nname = "unterminated\n', 3),
        ('resource "a" "b" {\n  x = [1, 2\n  y = 3\n}\n', 3),
        ('a = 1\nb = 2 c = 3\n', 2),
        ('a = 1\nb = foo(1 2)\n', 2),
        ('a = {\n  k = 1\n  k2 = \n}\n', 4),
        ('a = 1\nb = "${"\n', 2),
        ('x = <<EOT\nline\n${ ( }\nEOT\n', 3),
        ('a = 1\n$ = 2\n', 2),
    ],
)
def test_syntax_errors_name_file_and_line(src, line):
    with pytest.raises(HCLSyntaxError) as info:
        parse_file(src, "bad.tf")
    assert info.value.filename == "bad.tf"
    assert info.value.line == line
    assert str(info.value).startswith(f"bad.tf:{line}: ")


def test_unclosed_heredoc_names_its_start():
    with pytest.raises(HCLSyntaxError) as info:
        parse_file('a = 1\nb = <<EOT\nnever closed\n', "h.tf")
    assert info.value.line == 2
    assert "EOT" in info.value.message


def test_unclosed_block_names_the_opening_line():
    # Terraform: "Unclosed configuration block" on the line of the block's opening brace
    with pytest.raises(HCLSyntaxError) as info:
        parse_file('a = 1\nresource "a" "b" {\n  x = 1\n\n\n', "open.tf")
    assert info.value.line == 2


def test_unterminated_template_directive_is_an_error():
    with pytest.raises(HCLSyntaxError):
        parse_expression('"%{ if a }yes"')


# ------------------------------------------------------------------------------------- JSON syntax


def test_json_file_blocks_and_templates():
    src = (
        '{\n'
        '  "variable": {"env": {"default": "dev", "type": "string"}},\n'
        '  "locals": {"name": "app-${var.env}", "n": 3},\n'
        '  "resource": {"aws_s3_bucket": {"b": {"bucket": "${local.name}", "tags": {"a": "b"}}}}\n'
        '}\n'
    )
    body = hcl.parse_json_file(src, "main.tf.json")
    kinds = [(b.type, b.labels) for b in body.blocks]
    assert ("variable", ["env"]) in kinds and ("locals", []) in kinds
    assert ("resource", ["aws_s3_bucket", "b"]) in kinds
    resource = next(b for b in body.blocks if b.type == "resource")
    assert resource.body.attributes["bucket"].expr == parse_expression("local.name")
    variable = next(b for b in body.blocks if b.type == "variable")
    assert variable.body.attributes["type"].expr == hcl.Variable("string")


def test_invalid_json_names_the_line():
    with pytest.raises(HCLSyntaxError) as info:
        hcl.parse_json_file('{\n  "a": 1,\n  "b": \n}\n', "x.tf.json")
    assert info.value.line == 4
