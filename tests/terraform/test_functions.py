"""Terraform built-in functions, offline: documented results, unknown values, errors, files."""

from __future__ import annotations

import base64
import gzip
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from infra2arch.model import Unknown, is_known
from infra2arch_terraform.functions import FUNCTIONS, FunctionContext, FunctionError

ORIGIN = ("aws_subnet.a[0]", "id")
SUBNET_ID = Unknown("known only after apply", frozenset({ORIGIN}))
TS = "2018-01-02T23:12:01Z"


class FakeContext:
    """A FunctionContext whose template rendering just records what it was asked."""

    def __init__(self, cwd: Path):
        self.cwd = cwd
        self.rendered: list[tuple[str, dict, str]] = []

    def render_template(self, text: str, variables: dict, filename: str) -> Any:
        self.rendered.append((text, variables, filename))
        out = text
        for name, value in variables.items():
            if not is_known(value):
                return value
            out = out.replace("${" + name + "}", str(value))
        return out


@pytest.fixture
def ctx(tmp_path: Path) -> FakeContext:
    return FakeContext(tmp_path)


def call(name: str, *args: Any, ctx: Any = None) -> Any:
    return FUNCTIONS[name](ctx if ctx is not None else FakeContext(Path(".")), *args)


def origins(value: Any) -> frozenset:
    assert isinstance(value, Unknown), value
    return value.origins


# ---------------------------------------------------------------------------------------------
# The whole library is there

TERRAFORM_FUNCTIONS = """
abs ceil floor log max min parseint pow signum
chomp endswith format formatlist indent join lower regex regexall replace split startswith
strcontains strrev substr title trim trimprefix trimsuffix trimspace upper
alltrue anytrue chunklist coalesce coalescelist compact concat contains distinct element flatten
index keys length lookup matchkeys merge one range reverse setintersection setproduct
setsubtract setunion slice sort sum transpose values zipmap
base64decode base64encode base64gzip csvdecode jsondecode jsonencode textdecodebase64
textencodebase64 urlencode yamldecode yamlencode
abspath basename dirname pathexpand file fileexists fileset filebase64 templatefile
formatdate timeadd timecmp timestamp plantimestamp
base64sha256 base64sha512 md5 sha1 sha256 sha512 filebase64sha256 filebase64sha512 filemd5
filesha1 filesha256 filesha512 uuidv5 uuid bcrypt rsadecrypt
cidrhost cidrnetmask cidrsubnet cidrsubnets
tobool tolist tomap tonumber toset tostring sensitive nonsensitive issensitive type
""".split()


def test_every_terraform_function_is_implemented():
    assert sorted(set(TERRAFORM_FUNCTIONS) - set(FUNCTIONS)) == []
    assert "try" not in FUNCTIONS and "can" not in FUNCTIONS
    assert all(callable(f) for f in FUNCTIONS.values())


def test_context_protocol_is_satisfied_by_the_fake(ctx):
    def needs(c: FunctionContext) -> Path:
        return c.cwd

    assert needs(ctx) == ctx.cwd


# ---------------------------------------------------------------------------------------------
# Results documented by Terraform (developer.hashicorp.com/terraform/language/functions/...)

DOCUMENTED = [
    # numeric
    ("abs", (23,), 23),
    ("abs", (0,), 0),
    ("abs", (-12.4,), 12.4),
    ("ceil", (5,), 5),
    ("ceil", (5.1,), 6),
    ("floor", (5,), 5),
    ("floor", (4.9,), 4),
    ("log", (50, 10), 1.6989700043360185),
    ("log", (16, 2), 4),
    ("log", (1, 10), 0),
    ("max", (12, 54, 3), 54),
    ("min", (12, 54, 3), 3),
    ("parseint", ("100", 10), 100),
    ("parseint", ("FF", 16), 255),
    ("parseint", ("-10", 16), -16),
    ("parseint", ("1011111011101111", 2), 48879),
    ("parseint", ("aA", 62), 656),
    ("pow", (3, 2), 9),
    ("pow", (4, 0), 1),
    ("signum", (-13,), -1),
    ("signum", (0,), 0),
    ("signum", (344,), 1),
    # string
    ("chomp", ("hello\n",), "hello"),
    ("chomp", ("hello\r\n",), "hello"),
    ("chomp", ("hello\n\n",), "hello"),
    ("endswith", ("hello world", "world"), True),
    ("endswith", ("hello world", "hello"), False),
    ("startswith", ("hello world", "hello"), True),
    ("startswith", ("hello world", "world"), False),
    ("strcontains", ("hello world", "wor"), True),
    ("strcontains", ("hello world", "wod"), False),
    ("format", ("Hello, %s!", "Ander"), "Hello, Ander!"),
    ("format", ("There are %d lights", 4), "There are 4 lights"),
    ("format", ("%#v", "hello"), '"hello"'),
    ("format", ("%#v", True), "true"),
    ("format", ("%#v", 1), "1"),
    ("format", ("%#v", {"a": 1}), '{"a":1}'),
    ("format", ("%#v", [True]), "[true]"),
    ("format", ("%#v", None), "null"),
    (
        "formatlist",
        ("Hello, %s!", ["Valentina", "Ander", "Olivia", "Sam"]),
        ["Hello, Valentina!", "Hello, Ander!", "Hello, Olivia!", "Hello, Sam!"],
    ),
    (
        "formatlist",
        ("%s, %s!", "Salutations", ["Valentina", "Ander", "Olivia", "Sam"]),
        ["Salutations, Valentina!", "Salutations, Ander!", "Salutations, Olivia!", "Salutations, Sam!"],
    ),
    ("indent", (2, "[\n  foo,\n  bar,\n]\n"), "[\n    foo,\n    bar,\n  ]\n  "),
    ("join", ("-", ["foo", "bar", "baz"]), "foo-bar-baz"),
    ("join", (", ", ["foo", "bar", "baz"]), "foo, bar, baz"),
    ("join", (", ", ["foo"]), "foo"),
    ("lower", ("HELLO",), "hello"),
    ("lower", ("АЛЛО!",), "алло!"),
    ("upper", ("hello",), "HELLO"),
    ("upper", ("алло!",), "АЛЛО!"),
    ("regex", ("[a-z]+", "53453453.345345aaabbbccc23454"), "aaabbbccc"),
    ("regex", (r"(\d\d\d\d)-(\d\d)-(\d\d)", "2019-02-01"), ["2019", "02", "01"]),
    (
        "regex",
        ("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/"),
        {"authority": "terraform.io", "scheme": "https"},
    ),
    ("regexall", ("[a-z]+", "1234abcd5678efgh9"), ["abcd", "efgh"]),
    ("regexall", ("[a-z]+", "123456789"), []),
    ("replace", ("1 + 2 + 3", "+", "-"), "1 - 2 - 3"),
    ("replace", ("hello world", "/w.*d/", "everybody"), "hello everybody"),
    ("split", (",", "foo"), ["foo"]),
    ("split", (",", "foo,"), ["foo", ""]),
    ("split", (",", "foo,bar,baz"), ["foo", "bar", "baz"]),
    ("strrev", ("hello",), "olleh"),
    ("strrev", ("a ☃",), "☃ a"),
    ("substr", ("hello world", 1, 4), "ello"),
    ("substr", ("🤔🤷", 0, 1), "🤔"),
    ("substr", ("hello world", -5, -1), "world"),
    ("substr", ("hello world", 6, 10), "world"),
    ("title", ("hello world",), "Hello World"),
    ("trim", ("?!hello?!", "!?"), "hello"),
    ("trim", ("foobar", "far"), "oob"),
    ("trim", ("   hello! world.!  ", "! "), "hello! world."),
    ("trimprefix", ("helloworld", "hello"), "world"),
    ("trimprefix", ("helloworld", "cat"), "helloworld"),
    ("trimsuffix", ("helloworld", "world"), "hello"),
    ("trimspace", ("  hello\n\n",), "hello"),
    # collection
    ("alltrue", (["true", True],), True),
    ("alltrue", ([True, False],), False),
    ("anytrue", (["true"],), True),
    ("anytrue", ([True, False],), True),
    ("anytrue", ([],), False),
    ("chunklist", (["a", "b", "c", "d", "e"], 2), [["a", "b"], ["c", "d"], ["e"]]),
    ("chunklist", (["a", "b", "c", "d", "e"], 1), [["a"], ["b"], ["c"], ["d"], ["e"]]),
    ("coalesce", ("a", "b"), "a"),
    ("coalesce", ("", "b"), "b"),
    ("coalesce", (1, 2), 1),
    ("coalesce", (1, "hello"), "1"),
    ("coalesce", (True, "hello"), "true"),
    ("coalescelist", (["a", "b"], ["c", "d"]), ["a", "b"]),
    ("coalescelist", ([], ["c", "d"]), ["c", "d"]),
    ("compact", (["a", "", "b", None, "c"],), ["a", "b", "c"]),
    ("concat", (["a", ""], ["b", "c"]), ["a", "", "b", "c"]),
    ("contains", (["a", "b", "c"], "a"), True),
    ("contains", (["a", "b", "c"], "d"), False),
    ("distinct", (["a", "b", "a", "c", "d", "b"],), ["a", "b", "c", "d"]),
    ("element", (["a", "b", "c"], 1), "b"),
    ("element", (["a", "b", "c"], 3), "a"),
    ("element", (["a", "b", "c"], -1), "c"),
    ("flatten", ([["a", "b"], [], ["c"]],), ["a", "b", "c"]),
    ("flatten", ([[["a", "b"], []], ["c"]],), ["a", "b", "c"]),
    ("index", (["a", "b", "c"], "b"), 1),
    ("keys", ({"a": 1, "c": 2, "d": 3},), ["a", "c", "d"]),
    ("length", ([],), 0),
    ("length", (["a", "b"],), 2),
    ("length", ({"a": "b"},), 1),
    ("length", ("hello",), 5),
    ("length", ("👾🕹️",), 2),
    ("lookup", ({"a": "ay", "b": "bee"}, "a", "what?"), "ay"),
    ("lookup", ({"a": "ay", "b": "bee"}, "c", "what?"), "what?"),
    (
        "matchkeys",
        (["i-123", "i-abc", "i-def"], ["us-west", "us-east", "us-east"], ["us-east"]),
        ["i-abc", "i-def"],
    ),
    ("merge", ({"a": "b", "c": "d"}, {"e": "f", "c": "z"}), {"a": "b", "c": "z", "e": "f"}),
    ("merge", ({"a": "b"}, {"a": [1, 2], "c": "z"}, {"d": 3}), {"a": [1, 2], "c": "z", "d": 3}),
    ("one", ([],), None),
    ("one", (["hello"],), "hello"),
    ("range", (3,), [0, 1, 2]),
    ("range", (0,), []),
    ("range", (1, 4), [1, 2, 3]),
    ("range", (1, 8, 2), [1, 3, 5, 7]),
    ("range", (1, 4, 0.5), [1, 1.5, 2, 2.5, 3, 3.5]),
    ("range", (4, 1), [4, 3, 2]),
    ("range", (10, 5, -2), [10, 8, 6]),
    ("range", (-3,), [0, -1, -2]),
    ("reverse", ([1, 2, 3],), [3, 2, 1]),
    ("setintersection", (["a", "b"], ["b", "c"], ["b", "d"]), ["b"]),
    (
        "setproduct",
        (["development", "staging", "production"], ["app1", "app2"]),
        [
            ["development", "app1"], ["development", "app2"], ["staging", "app1"],
            ["staging", "app2"], ["production", "app1"], ["production", "app2"],
        ],
    ),
    ("setproduct", (["foo"], []), []),
    ("setsubtract", (["a", "b", "c"], ["a", "c"]), ["b"]),
    ("setunion", (["a", "b"], ["b", "c"], ["d"]), ["a", "b", "c", "d"]),
    ("slice", (["a", "b", "c", "d"], 1, 3), ["b", "c"]),
    ("sort", (["e", "d", "a", "x"],), ["a", "d", "e", "x"]),
    ("sum", ([10, 13, 6, 2],), 31),
    ("sum", ([0.1, 0.2],), 0.3),
    ("transpose", ({"a": ["1", "2"], "b": ["2", "3"]},), {"1": ["a"], "2": ["a", "b"], "3": ["b"]}),
    ("values", ({"a": 3, "c": 2, "d": 1},), [3, 2, 1]),
    ("zipmap", (["a", "b"], [1, 2]), {"a": 1, "b": 2}),
    # encoding
    ("base64decode", ("SGVsbG8gV29ybGQ=",), "Hello World"),
    ("base64encode", ("Hello World",), "SGVsbG8gV29ybGQ="),
    (
        "csvdecode",
        ("a,b,c\n1,2,3\n4,5,6",),
        [{"a": "1", "b": "2", "c": "3"}, {"a": "4", "b": "5", "c": "6"}],
    ),
    ("jsondecode", ('{"hello": "world"}',), {"hello": "world"}),
    ("jsondecode", ("true",), True),
    ("jsondecode", ('{"n": 1.0, "f": 2.5, "l": [null]}',), {"f": 2.5, "l": [None], "n": 1}),
    ("jsonencode", ({"hello": "world"},), '{"hello":"world"}'),
    ("textencodebase64", ("Hello World", "UTF-16LE"), "SABlAGwAbABvACAAVwBvAHIAbABkAA=="),
    ("textdecodebase64", ("SABlAGwAbABvACAAVwBvAHIAbABkAA==", "UTF-16LE"), "Hello World"),
    ("urlencode", ("Hello World!",), "Hello+World%21"),
    ("urlencode", ("☃",), "%E2%98%83"),
    ("yamldecode", ("hello: world",), {"hello": "world"}),
    ("yamldecode", ("true",), True),
    ("yamldecode", ("{a: &foo [1, 2, 3], b: *foo}",), {"a": [1, 2, 3], "b": [1, 2, 3]}),
    ("yamlencode", ({"a": "b", "c": "d"},), '"a": "b"\n"c": "d"\n'),
    ("yamlencode", ({"foo": [1, 2, 3], "bar": "baz"},), '"bar": "baz"\n"foo":\n- 1\n- 2\n- 3\n'),
    (
        "yamlencode",
        ({"foo": [1, {"a": "b", "c": "d"}, 3], "bar": "baz"},),
        '"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n',
    ),
    # filesystem (path-only functions)
    ("basename", ("foo/bar/baz.txt",), "baz.txt"),
    ("dirname", ("foo/bar/baz.txt",), "foo/bar"),
    ("pathexpand", ("/etc/resolv.conf",), "/etc/resolv.conf"),
    # date and time
    ("formatdate", ("DD MMM YYYY hh:mm ZZZ", "2018-01-02T23:12:01Z"), "02 Jan 2018 23:12 UTC"),
    ("formatdate", ("EEEE, DD-MMM-YY hh:mm:ss ZZZ", "2018-01-02T23:12:01Z"), "Tuesday, 02-Jan-18 23:12:01 UTC"),
    ("formatdate", ("EEE, DD MMM YYYY hh:mm:ss ZZZ", "2018-01-02T23:12:01-08:00"), "Tue, 02 Jan 2018 23:12:01 -0800"),
    ("formatdate", ("MMM DD, YYYY", "2018-01-02T23:12:01Z"), "Jan 02, 2018"),
    ("formatdate", ("HH:mmaa", "2018-01-02T23:12:01Z"), "11:12pm"),
    ("timeadd", ("2017-11-22T00:00:00Z", "10m"), "2017-11-22T00:10:00Z"),
    ("timecmp", ("2017-11-22T00:00:00Z", "2017-11-22T00:00:00Z"), 0),
    ("timecmp", ("2017-11-22T00:00:00Z", "2017-11-22T01:00:00Z"), -1),
    ("timecmp", ("2017-11-22T01:00:00Z", "2017-11-22T00:00:00Z"), 1),
    ("timecmp", ("2017-11-22T01:00:00Z", "2017-11-22T00:00:00-01:00"), 0),
    # hash and crypto
    ("base64sha256", ("hello world",), "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="),
    (
        "base64sha512",
        ("hello world",),
        "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==",
    ),
    ("md5", ("hello world",), "5eb63bbbe01eeed093cb22bb8f5acdc3"),
    ("sha1", ("hello world",), "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed"),
    ("sha256", ("hello world",), "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"),
    (
        "sha512",
        ("hello world",),
        "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f"
        "989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f",
    ),
    ("uuidv5", ("dns", "www.terraform.io"), "a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
    ("uuidv5", ("url", "https://www.terraform.io/"), "9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5"),
    ("uuidv5", ("oid", "1.3.6.1.4"), "af9d40a5-7a36-5c07-b23a-851cd99fbfa5"),
    ("uuidv5", ("x500", "CN=Example,C=GB"), "84e09961-4aa4-57f8-95b7-03edb1073253"),
    ("uuidv5", ("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io"), "a5008fae-b28c-5ba5-96cd-82b4c53552d6"),
    # IP network
    ("cidrhost", ("10.12.112.0/20", 16), "10.12.112.16"),
    ("cidrhost", ("10.12.112.0/20", 268), "10.12.113.12"),
    ("cidrhost", ("fd00:fd12:3456:7890:00a2::/72", 34), "fd00:fd12:3456:7890::22"),
    ("cidrhost", ("10.0.0.0/24", -1), "10.0.0.255"),
    ("cidrnetmask", ("172.16.0.0/12",), "255.240.0.0"),
    ("cidrsubnet", ("172.16.0.0/12", 4, 2), "172.18.0.0/16"),
    ("cidrsubnet", ("10.1.2.0/24", 4, 15), "10.1.2.240/28"),
    ("cidrsubnet", ("fd00:fd12:3456:7890::/56", 16, 162), "fd00:fd12:3456:7800:a200::/72"),
    ("cidrsubnet", ("010.1.2.0/24", 4, 15), "10.1.2.240/28"),  # leading zeros read as decimal
    ("cidrsubnets", ("10.1.0.0/16", 4, 4, 8, 4), ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]),
    (
        "cidrsubnets",
        ("fd00:fd12:3456:7890::/56", 16, 16, 16, 32),
        ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72",
         "fd00:fd12:3456:7800:300::/88"],
    ),
    # type conversion
    ("tobool", (True,), True),
    ("tobool", ("true",), True),
    ("tobool", (None,), None),
    ("tolist", (["a", "b", "c"],), ["a", "b", "c"]),
    ("tolist", (["a", "b", 3],), ["a", "b", "3"]),
    ("tomap", ({"a": 1, "b": 2},), {"a": 1, "b": 2}),
    ("tomap", ({"a": "foo", "b": True},), {"a": "foo", "b": "true"}),
    ("tonumber", (1,), 1),
    ("tonumber", ("1",), 1),
    ("tonumber", ("3.5",), 3.5),
    ("tonumber", (None,), None),
    ("toset", (["a", "b", "c"],), ["a", "b", "c"]),
    ("toset", (["a", "b", 3],), ["3", "a", "b"]),
    ("toset", (["c", "b", "b"],), ["b", "c"]),
    ("tostring", ("hello",), "hello"),
    ("tostring", (1,), "1"),
    ("tostring", (True,), "true"),
    ("tostring", (None,), None),
    ("sensitive", ({"a": 1},), {"a": 1}),
    ("nonsensitive", ("x",), "x"),
    ("issensitive", ("x",), False),
    ("type", ("x",), "string"),
    ("type", ({"a": [1, True]},), "object({a: tuple([number, bool])})"),
]


@pytest.mark.parametrize(("name", "args", "expected"), DOCUMENTED, ids=lambda v: v if isinstance(v, str) else None)
def test_documented_result(name, args, expected):
    result = call(name, *args)
    assert result == expected
    assert type(result) is type(expected)


def test_numbers_follow_the_int_float_convention():
    assert type(call("tonumber", "3")) is int
    assert call("floor", 2.5) == 2 and type(call("floor", 2.5)) is int
    assert type(call("pow", 2, 0.5)) is float
    assert call("sum", [1.5, 1.5]) == 3 and type(call("sum", [1.5, 1.5])) is int
    assert call("jsondecode", "10.0") == 10 and type(call("jsondecode", "10.0")) is int
    assert call("max", "7", 3) == 7


def test_numbers_as_strings_render_like_terraform():
    assert call("tostring", 2.5) == "2.5"
    assert call("tostring", 0.0000001) == "0.0000001"
    assert call("join", ",", [1, 2.5, True]) == "1,2.5,true"
    assert call("jsonencode", [1, 2.5, 1e-7, None, False]) == "[1,2.5,0.0000001,null,false]"


def test_jsonencode_escapes_like_go():
    assert call("jsonencode", "<a href='x'>&</a>") == '"\\u003ca href=\'x\'\\u003e\\u0026\\u003c/a\\u003e"'
    assert call("jsonencode", {"b": 1, "a": {"d": [], "c": {}}}) == '{"a":{"c":{},"d":[]},"b":1}'
    assert call("jsonencode", "line\nbreak\ttab\u2028") == '"line\\nbreak\\ttab\\u2028"'
    assert call("jsonencode", "é") == '"é"'


# ---------------------------------------------------------------------------------------------
# format() and its verbs


@pytest.mark.parametrize(
    ("spec", "args", "expected"),
    [
        ("%s %s", ("a", 1), "a 1"),
        ("%d|%5d|%-5d|%05d|%+d|% d", (7, 7, 7, -7, 7, 7), "7|    7|7    |-0007|+7| 7"),
        ("%f|%.2f|%05.1f|%8.3f", (1, 3.14159, 2.25, -1.5), "1.000000|3.14|002.2|  -1.500"),
        ("%e|%E|%.2e", (1000, 1000, 12345.678), "1.000000e+03|1.000000E+03|1.23e+04"),
        ("%g|%G|%g|%.3g", (1000, "0.00000000000000000000001", 0.5, 3.14159), "1000|1E-23|0.5|3.14"),
        ("%x|%X|%o|%b|%#x|%#o", (254, 254, 9, 5, 255, 8), "fe|FE|11|101|0xff|010"),
        ("%t %t", (True, "false"), "true false"),
        ("%q", ("Hello\nWorld",), '"Hello\\nWorld"'),
        ("%10s|%-10s|%.2s|%4.2s", ("hello", "hello", "hello", "hello"), "     hello|hello     |he|  he"),
        ("%v %v %v %v", ("s", 2, True, [1, "a"]), 's 2 true [1,"a"]'),
        ("%v", (None,), "null"),
        ("%v", ({"k": {"b": 1, "a": 2}},), '{"k":{"a":2,"b":1}}'),
        ("%[2]s %[1]s", ("a", "b"), "b a"),
        ("%[2]d %d", (1, 2, 3), "2 3"),
        ("100%%", (), "100%"),
        ("%4s|", ("💃🏿",), "   💃🏿|"),
    ],
)
def test_format_verbs(spec, args, expected):
    assert call("format", spec, *args) == expected


@pytest.mark.parametrize(
    ("spec", "args", "message"),
    [
        ("%s is not in the args list", (), 'not enough arguments for "%s" at 0: need index 1 but have 0 total'),
        ("%v %v %v", (True, True), 'not enough arguments for "%v" at 6: need index 3 but have 2 total'),
        ("%z", (10,), "unsupported format verb 'z'"),
        ("%d", (True,), "number required"),
        ("%d", (1.5,), "an integer is required"),
        ("%s", (None,), "null value cannot be formatted"),
        ("%s", ({},), "string required"),
        ("%s", ("a", "b"), "too many arguments; only 1 used by format string"),
        ("hello", ("a",), "too many arguments; no verbs in format string"),
        ("50%", (), "invalid format string"),
    ],
)
def test_format_errors(spec, args, message):
    with pytest.raises(FunctionError, match=re.escape(message)):
        call("format", spec, *args)


def test_formatlist_rules():
    with pytest.raises(FunctionError, match="not enough arguments"):
        call("formatlist", "%s")
    assert call("formatlist", "x") == ["x"]
    assert call("formatlist", "%s-%s", ["a", "b"], "z") == ["a-z", "b-z"]
    assert call("formatlist", "%s", []) == []
    assert call("formatlist", "%v", None) == ["null"]
    with pytest.raises(FunctionError, match="inconsistent"):
        call("formatlist", "%s %s", ["a", "b"], ["c"])


# ---------------------------------------------------------------------------------------------
# Regular expressions (RE2 syntax) and replace()


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("(?i)ABC", "xabcx", "abc"),
        ("a$", "a\n", None),  # RE2 $ is end of text, not before a final newline
        ("(?m)^b$", "a\nb\nc", "b"),
        ("[[:digit:]]+", "ab123", "123"),
        (r"\d+", "x٣4", "4"),  # \d is ASCII only in RE2
        ("(?<year>\\d{4})", "in 2024", {"year": "2024"}),
        ("x(?i)y|z", "Z", "Z"),
        ("(a)?b", "b", [None]),
        (r"\x{41}+", "BAAB", "AA"),
    ],
)
def test_regex_re2_syntax(pattern, text, expected):
    if expected is None:
        with pytest.raises(FunctionError, match="did not match"):
            call("regex", pattern, text)
    else:
        assert call("regex", pattern, text) == expected


def test_regexall_and_replace_follow_go_iteration():
    assert call("regexall", "a*", "baaac") == ["", "aaa", ""]
    assert call("replace", "abc", "/b*/", "-") == "-a-c-"
    assert call("replace", "abc", "", "-") == "-a-b-c-"
    assert call("regexall", "(\\w)(\\d)", "a1b2") == [["a", "1"], ["b", "2"]]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("$1-$2", "hello-world"),
        ("${2}_${1}", "world_hello"),
        ("$first!", "hello!"),
        ("${second}x", "worldx"),
        ("$1x", ""),  # "$1x" names a group called "1x", which does not exist
        ("$$1", "$1"),
        ("$", "$"),
    ],
)
def test_replace_capture_references(template, expected):
    assert call("replace", "hello world", "/(?P<first>\\w+) (?P<second>\\w+)/", template) == expected


@pytest.mark.parametrize("pattern", ["(", "[a", "(?=x)", r"(a)\1", "(a)(?P<n>b)", r"\pL"])
def test_bad_or_unsupported_regex_raises(pattern):
    with pytest.raises(FunctionError):
        call("regex", pattern, "aab")


# ---------------------------------------------------------------------------------------------
# yamlencode: the libyaml block style that Terraform produces


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({}, "{}\n"),
        ([], "[]\n"),
        ("hello", '"hello"\n'),
        (True, "true\n...\n"),
        (1.5, "1.5\n...\n"),
        (None, "null\n...\n"),
        ({"a": [], "b": {}, "c": None}, '"a": []\n"b": {}\n"c": null\n'),
        ({"s": "line1\nline2\n", "t": "x\ny"}, '"s": |\n  line1\n  line2\n"t": |-\n  x\n  y\n'),
        ([["a", "b"], {"k": {"n": [1]}}], '- - "a"\n  - "b"\n- "k":\n    "n":\n    - 1\n'),
        (["tab\there", "😀", "trailing \nspace"], '- "tab\\there"\n- "\\U0001F600"\n- "trailing \\nspace"\n'),
        ("a\n\n", "|+\n  a\n\n...\n"),
    ],
)
def test_yamlencode_layout(value, expected):
    assert call("yamlencode", value) == expected


def test_yamlencode_folds_long_quoted_lines_at_80_columns():
    text = "word " * 30
    out = call("yamlencode", {"k": text.strip()})
    first, second = out.splitlines()[:2]
    assert first.startswith('"k": "word word') and len(first) <= 86
    assert second.startswith("  word")
    assert call("yamldecode", out) == {"k": text.strip()}


def test_yamldecode_keeps_timestamps_as_strings_and_normalizes_numbers():
    assert call("yamldecode", "d: 2001-12-14\nn: 2.0\nk: [1, x]\n") == {"d": "2001-12-14", "k": [1, "x"], "n": 2}
    assert call("yamldecode", "") is None


# ---------------------------------------------------------------------------------------------
# Unknown values: precise where Terraform is, origins kept


def test_concat_keeps_unknown_elements_and_their_origin():
    result = call("concat", [SUBNET_ID], ["b"])
    assert result == [SUBNET_ID, "b"]
    assert result[0].origins == frozenset({ORIGIN})


def test_join_of_unknown_is_unknown_carrying_the_origin():
    result = call("join", ",", [SUBNET_ID, "b"])
    assert isinstance(result, Unknown)
    assert result.reason == "join(): argument not known"
    assert ORIGIN in result.origins


def test_length_keys_merge_lookup_stay_known():
    assert call("length", [SUBNET_ID, SUBNET_ID]) == 2
    assert call("keys", {"b": SUBNET_ID, "a": 1}) == ["a", "b"]
    assert call("values", {"b": SUBNET_ID, "a": 1}) == [1, SUBNET_ID]
    assert call("merge", {"a": SUBNET_ID}, None, {"b": 1}) == {"a": SUBNET_ID, "b": 1}
    assert call("lookup", {"a": SUBNET_ID}, "a") is SUBNET_ID
    assert call("lookup", {"a": 1}, "b", SUBNET_ID) is SUBNET_ID
    assert call("one", [SUBNET_ID]) is SUBNET_ID
    assert call("element", [SUBNET_ID, "b"], 2) is SUBNET_ID
    assert call("flatten", [[SUBNET_ID], ["a", ["b"]]]) == [SUBNET_ID, "a", "b"]
    assert call("zipmap", ["a"], [SUBNET_ID]) == {"a": SUBNET_ID}
    assert call("chunklist", [SUBNET_ID, 1, 2], 2) == [[SUBNET_ID, 1], [2]]
    assert call("slice", [SUBNET_ID, 1], 0, 1) == [SUBNET_ID]
    assert call("reverse", [SUBNET_ID, 1]) == [1, SUBNET_ID]
    assert call("tolist", [SUBNET_ID, "a"]) == [SUBNET_ID, "a"]
    assert call("sensitive", SUBNET_ID) is SUBNET_ID


def test_unknown_containers_and_keys_give_unknown_with_origin():
    for name, args in [
        ("length", (SUBNET_ID,)),
        ("keys", (SUBNET_ID,)),
        ("merge", ({"a": 1}, SUBNET_ID)),
        ("lookup", (SUBNET_ID, "a")),
        ("lookup", ({"a": 1}, SUBNET_ID)),
        ("concat", (["a"], SUBNET_ID)),
        ("element", (["a"], SUBNET_ID)),
        ("index", (["a", "b"], SUBNET_ID)),
        ("upper", (SUBNET_ID,)),
        ("tostring", (SUBNET_ID,)),
        ("cidrsubnet", ("10.0.0.0/16", 8, SUBNET_ID)),
        ("jsonencode", ({"a": [SUBNET_ID]},)),
        ("yamlencode", ([SUBNET_ID],)),
        ("format", ("%s-%s", "a", SUBNET_ID)),
        ("format", ("%v", {"ids": [SUBNET_ID]})),
        ("toset", ([SUBNET_ID, "a"],)),
        ("sort", ([SUBNET_ID, "a"],)),
        ("distinct", ([SUBNET_ID, "a"],)),
        ("sum", ([1, SUBNET_ID],)),
    ]:
        result = call(name, *args)
        assert isinstance(result, Unknown), name
        assert ORIGIN in result.origins, name
        assert result.reason == f"{name}(): argument not known"


def test_compact_is_unknown_when_an_element_is_unknown():
    # an unknown string might be "", so the result's length is not known
    assert ORIGIN in origins(call("compact", ["a", SUBNET_ID]))


def test_contains_is_known_only_when_a_known_element_matches():
    assert call("contains", [SUBNET_ID, "a"], "a") is True
    assert ORIGIN in origins(call("contains", [SUBNET_ID, "a"], "b"))
    assert ORIGIN in origins(call("contains", ["a"], SUBNET_ID))
    assert call("contains", [], SUBNET_ID) is False


def test_index_is_unknown_when_an_unknown_element_comes_first():
    assert call("index", ["a", SUBNET_ID, "b"], "a") == 0
    assert isinstance(call("index", ["a", SUBNET_ID, "b"], "b"), Unknown)


def test_coalesce_needs_every_argument_before_the_pick_known():
    assert call("coalesce", "a", SUBNET_ID) == "a"
    assert call("coalesce", None, "", "x", SUBNET_ID) == "x"
    assert ORIGIN in origins(call("coalesce", "", SUBNET_ID, "x"))
    assert ORIGIN in origins(call("coalescelist", [], SUBNET_ID, ["x"]))
    assert call("coalescelist", ["a"], SUBNET_ID) == ["a"]


def test_alltrue_anytrue_with_unknowns():
    assert isinstance(call("alltrue", [True, SUBNET_ID]), Unknown)
    assert call("alltrue", [False, SUBNET_ID]) is False
    assert call("anytrue", [SUBNET_ID, True]) is True
    assert isinstance(call("anytrue", [SUBNET_ID, False]), Unknown)


def test_formatlist_marks_only_the_unknown_iterations():
    result = call("formatlist", "id=%s", ["a", SUBNET_ID])
    assert result[0] == "id=a"
    assert ORIGIN in origins(result[1])


def test_apply_time_functions_are_unknown():
    for name, args in [("timestamp", ()), ("plantimestamp", ()), ("uuid", ()), ("bcrypt", ("pw",)),
                       ("rsadecrypt", ("ct", "key"))]:
        first, second = call(name, *args), call(name, *args)
        assert isinstance(first, Unknown) and first == second, name


def test_templatefile_passes_unknown_variables_to_the_renderer(ctx):
    (ctx.cwd / "user_data.tpl").write_text("subnet=${subnet}\n")
    result = call("templatefile", "user_data.tpl", {"subnet": SUBNET_ID}, ctx=ctx)
    assert result is SUBNET_ID
    assert ctx.rendered[0][1] == {"subnet": SUBNET_ID}
    assert isinstance(call("templatefile", "user_data.tpl", SUBNET_ID, ctx=ctx), Unknown)


# ---------------------------------------------------------------------------------------------
# Errors: FunctionError and nothing else


ERRORS = [
    ("abs", ("x",)),
    ("abs", (True,)),
    ("parseint", ("12", 2)),
    ("parseint", ("1", 70)),
    ("log", (-1, 10)),
    ("max", ()),
    ("join", (",",)),
    ("join", (",", [None])),
    ("join", (",", [[1]])),
    ("regex", ("[a-z]+", "53453453.34534523454")),
    ("split", (",", ["a"])),
    ("substr", ("abc", 1.5, 1)),
    ("element", ([], 0)),
    ("index", (["a"], "b")),
    ("lookup", ({"a": 1}, "b")),
    ("lookup", ([1], "a")),
    ("one", (["hello", "goodbye"],)),
    ("one", ("x",)),
    ("coalesce", (None, "")),
    ("coalesce", ({}, "hello")),
    ("slice", (["a", "b"], 2, 1)),
    ("slice", (["a", "b"], 0, 3)),
    ("range", (0, 1, 0)),
    ("range", (0, 5000)),
    ("range", (1, 0, 1)),
    ("sum", ([],)),
    ("sum", (["a"],)),
    ("chunklist", (["a"], -1)),
    ("zipmap", (["a"], [1, 2])),
    ("matchkeys", (["a"], ["b", "c"], ["b"])),
    ("merge", ({"a": 1}, [1])),
    ("transpose", ({"a": "x"},)),
    ("distinct", ("abc",)),
    ("concat", (["a"], "b")),
    ("length", (None,)),
    ("length", (5,)),
    ("base64decode", ("!!!",)),
    ("base64decode", ("//4=",)),
    ("jsondecode", ("{",)),
    ("jsondecode", ("NaN",)),
    ("jsondecode", ("[1] 2",)),
    ("yamldecode", ("a: 1\n---\nb: 2\n",)),
    ("yamldecode", ("{a: !not-supported foo}",)),
    ("yamldecode", ("{a: &foo [1, *foo, 3]}",)),
    ("csvdecode", ("",)),
    ("csvdecode", ("a,b\n1\n",)),
    ("textencodebase64", ("x", "no-such-encoding")),
    ("textencodebase64", ("☃", "ISO-8859-1")),
    ("formatdate", ("YYY", TS)),
    ("formatdate", ("'unterminated", TS)),
    ("formatdate", ("YYYY", "2018-01-02")),
    ("formatdate", ("YYYY", "2018-13-02T00:00:00Z")),
    ("timeadd", ("2017-11-22T00:00:00Z", "1x")),
    ("timeadd", ("2017-11-22T00:00:00Z", "")),
    ("timecmp", ("yesterday", TS)),
    ("uuidv5", ("nope", "x")),
    ("cidrhost", ("10.0.0.0/33", 1)),
    ("cidrhost", ("10.0.0.0/24", 256)),
    ("cidrhost", ("10.0.0.256/24", 1)),
    ("cidrnetmask", ("fd00::/8",)),
    ("cidrsubnet", ("not-a-cidr", 1, 1)),
    ("cidrsubnet", ("10.0.0.0/24", 4, 16)),
    ("cidrsubnet", ("10.0.0.0/30", 4, 0)),
    ("cidrsubnets", ("10.0.0.0/30", 1, 1, 1)),
    ("cidrsubnets", ("10.0.0.0/24", 0)),
    ("cidrsubnets", ("10.0.0.0/24", 9)),
    ("tobool", ("no",)),
    ("tobool", (1,)),
    ("tonumber", ("no",)),
    ("tonumber", (True,)),
    ("tostring", ([],)),
    ("tolist", ({"a": 1},)),
    ("tolist", (["a", ["b"]],)),
    ("tomap", (["a"],)),
    ("toset", ("a",)),
    ("setproduct", (["a"],)),
    ("pathexpand", ("~someone/x",)),
]


@pytest.mark.parametrize(("name", "args"), ERRORS, ids=lambda v: v if isinstance(v, str) else None)
def test_runtime_errors_raise_function_error(name, args):
    with pytest.raises(FunctionError):
        call(name, *args)


def test_error_messages_are_clear():
    with pytest.raises(FunctionError, match='lookup failed to find key "b"'):
        call("lookup", {"a": 1}, "b")
    with pytest.raises(FunctionError, match="not enough remaining address space"):
        call("cidrsubnets", "10.0.0.0/30", 1, 1, 1)
    with pytest.raises(FunctionError, match="takes 1 argument, got 2"):
        call("upper", "a", "b")
    with pytest.raises(FunctionError, match="takes 2 to 3 arguments"):
        call("lookup", {})


BAD_ARGUMENTS = [
    (),
    (None,),
    ("x",),
    (1.5,),
    (-1,),
    (True,),
    ([1, "a", None],),
    ({"a": [1]},),
    ("x", "y"),
    (None, None),
    ([], {}),
    ({"a": 1}, "a", None),
    (1, 2, 3),
    ("%", [None], {"a": {}}),
    ("10.0.0.0/8", "x", -5),
    ("/(/", "\\", "$"),
]


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_bad_input_never_escapes_as_another_exception(name, ctx):
    for args in BAD_ARGUMENTS:
        try:
            FUNCTIONS[name](ctx, *args)
        except FunctionError:
            pass


# ---------------------------------------------------------------------------------------------
# Files, relative to the root module directory


@pytest.fixture
def module(ctx: FakeContext) -> FakeContext:
    root = ctx.cwd
    (root / "files" / "subdirectory").mkdir(parents=True)
    (root / "files" / "hello.txt").write_text("Hello World")
    (root / "files" / "world.txt").write_text("world")
    (root / "files" / "subdirectory" / "anotherfile.txt").write_text("another")
    (root / "files" / "binary.dat").write_bytes(b"\xff\xfe\x00")
    (root / "backend.tpl").write_text("bucket = ${bucket}\n")
    return ctx


def test_file_reads_relative_to_the_root_module(module):
    assert call("file", "files/hello.txt", ctx=module) == "Hello World"
    assert call("file", str(module.cwd / "files" / "hello.txt"), ctx=module) == "Hello World"


def test_file_errors(module):
    with pytest.raises(FunctionError, match="no file exists"):
        call("file", "files/missing.txt", ctx=module)
    with pytest.raises(FunctionError, match="not a regular file"):
        call("file", "files", ctx=module)
    with pytest.raises(FunctionError, match="not valid UTF-8"):
        call("file", "files/binary.dat", ctx=module)


def test_file_larger_than_10_mib_is_refused(module):
    big = module.cwd / "big.bin"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    with pytest.raises(FunctionError, match="larger than 10 MiB"):
        call("file", "big.bin", ctx=module)
    with pytest.raises(FunctionError, match="larger than 10 MiB"):
        call("filemd5", "big.bin", ctx=module)


def test_fileexists(module):
    assert call("fileexists", "files/hello.txt", ctx=module) is True
    assert call("fileexists", "files/nope.txt", ctx=module) is False
    with pytest.raises(FunctionError, match="not a regular file"):
        call("fileexists", "files", ctx=module)


def test_fileset_documented_patterns(module):
    assert call("fileset", ".", "files/*.txt", ctx=module) == ["files/hello.txt", "files/world.txt"]
    assert call("fileset", ".", "files/{hello,world}.txt", ctx=module) == ["files/hello.txt", "files/world.txt"]
    assert call("fileset", "files", "*", ctx=module) == ["binary.dat", "hello.txt", "world.txt"]
    assert call("fileset", "files", "**", ctx=module) == [
        "binary.dat", "hello.txt", "subdirectory/anotherfile.txt", "world.txt",
    ]
    assert call("fileset", "files", "**/*.txt", ctx=module) == [
        "hello.txt", "subdirectory/anotherfile.txt", "world.txt",
    ]
    assert call("fileset", "files", "?ello.[a-z]xt", ctx=module) == ["hello.txt"]
    assert call("fileset", "missing", "*", ctx=module) == []
    assert call("fileset", str(module.cwd / "files"), "*.dat", ctx=module) == ["binary.dat"]


def test_fileset_base_path_is_not_a_pattern(ctx):
    odd = ctx.cwd / "we[ird]"
    odd.mkdir()
    (odd / "a.txt").write_text("a")
    assert call("fileset", "we[ird]", "*.txt", ctx=ctx) == ["a.txt"]


def test_file_hashes_and_base64(module):
    assert call("filebase64", "files/hello.txt", ctx=module) == "SGVsbG8gV29ybGQ="
    assert call("filebase64", "files/binary.dat", ctx=module) == "//4A"
    assert call("filemd5", "files/hello.txt", ctx=module) == call("md5", "Hello World")
    assert call("filesha1", "files/hello.txt", ctx=module) == call("sha1", "Hello World")
    assert call("filesha256", "files/hello.txt", ctx=module) == call("sha256", "Hello World")
    assert call("filesha512", "files/hello.txt", ctx=module) == call("sha512", "Hello World")
    assert call("filebase64sha256", "files/hello.txt", ctx=module) == call("base64sha256", "Hello World")
    assert call("filebase64sha512", "files/hello.txt", ctx=module) == call("base64sha512", "Hello World")


def test_templatefile_renders_through_the_context(module):
    result = call("templatefile", "backend.tpl", {"bucket": "state"}, ctx=module)
    assert result == "bucket = state\n"
    text, variables, filename = module.rendered[-1]
    assert text == "bucket = ${bucket}\n" and variables == {"bucket": "state"}
    assert filename.endswith("backend.tpl")
    with pytest.raises(FunctionError, match="invalid template variable name"):
        call("templatefile", "backend.tpl", {"not valid": 1}, ctx=module)
    with pytest.raises(FunctionError, match="no file exists"):
        call("templatefile", "missing.tpl", {}, ctx=module)


def test_file_functions_never_write(module):
    before = sorted(p.relative_to(module.cwd).as_posix() for p in module.cwd.rglob("*"))
    for name in ["file", "filebase64", "fileexists", "filemd5", "filesha256"]:
        call(name, "files/hello.txt", ctx=module)
    call("fileset", ".", "**", ctx=module)
    call("templatefile", "backend.tpl", {"bucket": "x"}, ctx=module)
    after = sorted(p.relative_to(module.cwd).as_posix() for p in module.cwd.rglob("*"))
    assert before == after


def test_path_functions(ctx, monkeypatch):
    # pathexpand shows the home directory only when it is inside the read root (see the
    # confinement tests in test_confinement.py for the refusal)
    home = ctx.cwd / "home" / "steve"
    monkeypatch.setenv("HOME", str(home))
    assert call("pathexpand", "~/.ssh/id_rsa", ctx=ctx) == f"{home}/.ssh/id_rsa"
    assert call("pathexpand", "~", ctx=ctx) == str(home)
    assert call("pathexpand", "a/~b", ctx=ctx) == "a/~b"
    assert call("abspath", "foo/../bar", ctx=ctx) == (ctx.cwd / "bar").as_posix()
    assert call("abspath", "/etc//hosts") == "/etc/hosts"
    assert call("basename", "foo/bar/") == "bar"
    assert call("basename", "/") == "/"
    assert call("basename", "") == "."
    assert call("dirname", "foo") == "."
    assert call("dirname", "/foo") == "/"
    assert call("dirname", "foo/bar/") == "foo/bar"


# ---------------------------------------------------------------------------------------------
# Other details


def test_base64gzip_roundtrip():
    encoded = call("base64gzip", "hello world")
    assert gzip.decompress(base64.b64decode(encoded)) == b"hello world"
    assert encoded == call("base64gzip", "hello world")  # deterministic (no timestamp)


def test_timeadd_keeps_offset_and_handles_go_durations():
    assert call("timeadd", "2017-11-22T00:00:00-08:00", "1h30m") == "2017-11-22T01:30:00-08:00"
    assert call("timeadd", "2017-11-22T00:00:00Z", "-1.5h") == "2017-11-21T22:30:00Z"
    assert call("timeadd", "2017-11-22T00:00:00.9Z", "200ms") == "2017-11-22T00:00:01Z"
    assert call("timeadd", "2017-11-22T00:00:00+00:00", "0") == "2017-11-22T00:00:00Z"
    assert call("timeadd", "2017-11-22T00:00:00Z", "1µs") == "2017-11-22T00:00:00Z"


def test_formatdate_quotes_and_zones():
    assert call("formatdate", "h'h'mm", TS) == "23h12"
    assert call("formatdate", "'It''s' hh", TS) == "It's 23"
    assert call("formatdate", "Z|ZZZZ|ZZZZZ", "2018-01-02T23:12:01+05:30") == "+05:30|+0530|+05:30"
    assert call("formatdate", "Z", TS) == "Z"
    assert call("formatdate", "M/D/YY H AA", "2018-01-02T09:02:03Z") == "1/2/18 9 AM"


def test_lists_sets_and_grapheme_clusters():
    assert call("length", "e\u0301") == 1
    assert call("strrev", "abe\u0301") == "e\u0301ba"
    assert call("substr", "🇩🇪🇫🇷", 1, 1) == "🇫🇷"
    assert call("split", "", "abc") == ["a", "b", "c"]


# ---------------------------------------------------------------------------------------------
# Determinism


def test_toset_is_sorted_and_independent_of_input_order():
    values = ["b", "a", "c", "a"]
    results = {tuple(call("toset", list(p))) for p in itertools.permutations(values)}
    assert results == {("a", "b", "c")}
    assert call("toset", [10, 2, 1, 2]) == [1, 2, 10]
    assert call("toset", [True, False, True]) == [False, True]
    assert call("toset", [[2], [1], [2]]) == [[1], [2]]
    assert call("toset", [{"b": 1}, {"a": 1}]) == [{"a": 1}, {"b": 1}]
    assert call("setunion", ["b"], ["a", "c"]) == call("setunion", ["c", "a"], ["b"])


def test_sort_compares_numbers_as_strings():
    assert call("sort", [10, 3, 2.5, "b"]) == ["10", "2.5", "3", "b"]


def test_keys_values_and_map_results_are_in_key_order():
    mapping = {"zeta": 1, "alpha": 2, "mid": 3}
    assert call("keys", mapping) == ["alpha", "mid", "zeta"]
    assert call("values", mapping) == [2, 3, 1]
    assert list(call("merge", {"b": 1}, {"a": 2})) == ["a", "b"]
    assert list(call("zipmap", ["b", "a"], [1, 2])) == ["a", "b"]
    assert list(call("jsondecode", '{"b": 1, "a": 2}')) == ["a", "b"]


def test_results_do_not_alias_or_mutate_arguments():
    lst = ["b", "a"]
    out = call("concat", lst)
    out.append("c")
    assert lst == ["b", "a"]
    call("sort", lst)
    call("reverse", lst)
    assert lst == ["b", "a"]
