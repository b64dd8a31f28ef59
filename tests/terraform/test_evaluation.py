"""Evaluation through full scans of small root modules written into tmp_path.

Each test writes a tiny Terraform configuration, scans it offline, and checks the evaluated
values, addresses, links and gaps against what Terraform itself would plan.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from infra2arch.graph import build_graph
from infra2arch.model import GapKind, Relation, Unknown
from infra2arch_terraform.adapter import TerraformOptions, TerraformProvider


# ------------------------------------------------------------------------------------------ helpers


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def scan(root: Path, files: dict[str, str] | None = None, **options):
    if files:
        write(root, files)
    options.setdefault("environment", {})
    return TerraformProvider().scan(str(root), TerraformOptions(use_cache=False, **options))


def res(inventory, address: str):
    found = [r for r in inventory.resources if r.address == address]
    assert found, f"{address} not in {sorted(r.address for r in inventory.resources)}"
    return found[0]


def addresses(inventory) -> list[str]:
    return sorted(r.address for r in inventory.resources)


def gaps(inventory, kind: GapKind):
    return [g for g in inventory.gaps if g.kind == kind]


def links_from(inventory, src: str, via: str | None = None) -> set[str]:
    return {l.dst for l in inventory.links if l.src == src and (via is None or l.via == via)}


def edges(graph, src: str, dst: str):
    return [e for e in graph.edges if e.src == src and e.dst == dst]


# ---------------------------------------------------------------------------------------- variables


def test_variable_default_and_string_interpolation(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "env" {
          default = "dev"
        }
        resource "aws_s3_bucket" "b" {
          bucket = "data-${var.env}"
        }
    """})
    assert res(inv, "aws_s3_bucket.b").attrs["bucket"] == "data-dev"
    assert not gaps(inv, GapKind.UNSET_VARIABLE)


def test_variable_without_value_is_unknown_with_a_gap(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "name" {
          type = string
        }
        resource "aws_s3_bucket" "b" {
          bucket = var.name
        }
    """})
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["bucket"], Unknown)
    unset = gaps(inv, GapKind.UNSET_VARIABLE)
    assert [g.subject for g in unset] == ["var.name"]
    assert unset[0].source.file == "main.tf" and unset[0].source.line == 1


def test_variable_type_conversion(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "n" {
          type    = number
          default = "5"
        }
        variable "flag" {
          type    = bool
          default = "true"
        }
        variable "names" {
          type    = set(string)
          default = ["b", "a", "b"]
        }
        resource "null_resource" "r" {
          triggers = {
            n     = var.n + 1
            flag  = var.flag
            names = var.names
          }
        }
    """})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"n": 6, "flag": True, "names": ["a", "b"]}


def test_optional_attributes_with_defaults_including_nested_objects(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "cfg" {
          type = object({
            name = string
            size = optional(number, 10)
            tags = optional(map(string), {})
            note = optional(string)
            net = optional(object({
              cidr   = optional(string, "10.0.0.0/16")
              public = optional(bool, false)
            }), {})
          })
          default = { name = "svc" }
        }
        variable "nodes" {
          type = list(object({
            name = string
            disk = optional(object({
              size = optional(number, 20)
            }), {})
          }))
          default = [{ name = "a" }, { name = "b", disk = { size = 50 } }]
        }
        resource "null_resource" "r" {
          triggers = {
            cfg   = var.cfg
            nodes = var.nodes
          }
        }
    """})
    triggers = res(inv, "null_resource.r").attrs["triggers"]
    assert triggers["cfg"] == {
        "name": "svc", "size": 10, "tags": {}, "note": None,
        "net": {"cidr": "10.0.0.0/16", "public": False},
    }
    assert triggers["nodes"] == [{"name": "a", "disk": {"size": 20}}, {"name": "b", "disk": {"size": 50}}]


def test_variable_type_conversion_of_collections(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "mm" {
          type    = map(string)
          default = { a = 1, b = true }
        }
        variable "ln" {
          type    = list(number)
          default = ["1", "2.5"]
        }
        variable "tup" {
          type    = tuple([string, number])
          default = ["a", "2"]
        }
        resource "null_resource" "r" {
          triggers = {
            mm  = var.mm
            ln  = var.ln
            tup = var.tup
          }
        }
    """})
    assert res(inv, "null_resource.r").attrs["triggers"] == {
        "mm": {"a": "1", "b": "true"}, "ln": [1, 2.5], "tup": ["a", 2],
    }


def test_object_type_drops_attributes_it_does_not_declare(tmp_path):
    # Terraform converts the value to the declared object type: extra attributes are discarded
    inv = scan(tmp_path, {"main.tf": """
        variable "o" {
          type    = object({ a = string })
          default = { a = "x", extra = "dropped" }
        }
        resource "null_resource" "r" {
          triggers = { o = var.o }
        }
    """})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"o": {"a": "x"}}


def test_value_not_matching_the_type_is_a_gap(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "cfg" {
          type    = object({ a = string, required = number })
          default = { a = "x" }
        }
        resource "null_resource" "r" {
          triggers = { cfg = var.cfg }
        }
    """})
    found = gaps(inv, GapKind.EVALUATION_ERROR)
    assert [g.subject for g in found] == ["var.cfg"]
    assert "required" in found[0].reason
    assert (found[0].source.file, found[0].source.line) == ("main.tf", 1)


def test_sensitive_variable_is_unknown(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "password" {
          default   = "hunter2"
          sensitive = true
        }
        resource "aws_db_instance" "db" {
          password = var.password
          username = "admin"
        }
    """})
    attrs = res(inv, "aws_db_instance.db").attrs
    assert isinstance(attrs["password"], Unknown)
    assert attrs["username"] == "admin"
    assert "hunter2" not in repr(inv)


def test_nullable_false_uses_the_default_when_the_caller_passes_null(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            module "m" {
              source   = "./m"
              strict   = null
              lenient  = null
            }
        """,
        "m/main.tf": """
            variable "strict" {
              default  = "strict-default"
              nullable = false
            }
            variable "lenient" {
              default = "lenient-default"
            }
            resource "null_resource" "r" {
              triggers = {
                strict  = var.strict
                lenient = var.lenient
              }
            }
        """,
    })
    assert res(inv, "module.m.null_resource.r").attrs["triggers"] == {"strict": "strict-default", "lenient": None}


# ------------------------------------------------------------------------------------------- locals


def test_locals_refer_to_locals_in_any_order_and_across_files(tmp_path):
    inv = scan(tmp_path, {
        "a.tf": """
            locals {
              full = "${local.prefix}-${local.suffix}"
            }
            resource "aws_s3_bucket" "b" {
              bucket = local.full
            }
        """,
        "b.tf": """
            locals {
              suffix = upper(local.base)
              prefix = "app"
            }
            locals {
              base = "x"
            }
        """,
    })
    assert res(inv, "aws_s3_bucket.b").attrs["bucket"] == "app-X"


def test_cycle_in_locals_is_a_gap_not_a_crash(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        locals {
          a = "${local.b}-a"
          b = "${local.a}-b"
          ok = "fine"
        }
        resource "aws_s3_bucket" "b" {
          bucket = local.a
          tags   = { ok = local.ok }
        }
    """})
    attrs = res(inv, "aws_s3_bucket.b").attrs
    assert isinstance(attrs["bucket"], Unknown)
    assert attrs["tags"] == {"ok": "fine"}
    cycles = gaps(inv, GapKind.CYCLE)
    assert cycles and all(g.subject in ("local.a", "local.b") for g in cycles)
    assert cycles[0].source.file == "main.tf"


def test_undefined_local_is_an_evaluation_error(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = local.missing
        }
    """})
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["bucket"], Unknown)
    errors = gaps(inv, GapKind.EVALUATION_ERROR)
    assert [(g.source.file, g.source.line) for g in errors] == [("main.tf", 2)]


# ---------------------------------------------------------------------------------- tfvars precedence


PRECEDENCE_VARS = """
    variable "a" { default = "default" }
    variable "b" { default = "default" }
    variable "c" { default = "default" }
    variable "d" { default = "default" }
    variable "e" { default = "default" }
    variable "f" { default = "default" }
    variable "g" { default = "default" }
    variable "h" { default = "default" }
    resource "null_resource" "r" {
      triggers = {
        a = var.a
        b = var.b
        c = var.c
        d = var.d
        e = var.e
        f = var.f
        g = var.g
        h = var.h
      }
    }
"""


def test_tfvars_precedence(tmp_path):
    write(tmp_path, {
        "main.tf": PRECEDENCE_VARS,
        "terraform.tfvars": 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\nf = "tfvars"\ng = "tfvars"\nh = "tfvars"\n',
        "terraform.tfvars.json": json.dumps({"c": "tfvars.json", "d": "tfvars.json", "e": "tfvars.json",
                                             "f": "tfvars.json", "g": "tfvars.json", "h": "tfvars.json"}),
        "a.auto.tfvars": 'd = "a.auto"\ne = "a.auto"\nf = "a.auto"\ng = "a.auto"\nh = "a.auto"\n',
        "b.auto.tfvars": 'e = "b.auto"\nf = "b.auto"\ng = "b.auto"\nh = "b.auto"\n',
    })
    one = tmp_path / "one.tfvars"
    one.write_text('f = "file-one"\nh = "file-one"\n')
    two = tmp_path / "two.tfvars"
    two.write_text('h = "file-two"\n')
    inv = scan(
        tmp_path,
        environment={"TF_VAR_a": "env", "TF_VAR_b": "env", "TF_VAR_h": "env", "HOME": "/nowhere"},
        variables=(("file", str(one)), ("var", "g=cli"), ("var", "h=cli"), ("file", str(two))),
    )
    assert res(inv, "null_resource.r").attrs["triggers"] == {
        "a": "env",          # only the environment
        "b": "tfvars",       # terraform.tfvars beats TF_VAR_
        "c": "tfvars.json",  # terraform.tfvars.json beats terraform.tfvars
        "d": "a.auto",       # *.auto.tfvars beat both
        "e": "b.auto",       # in lexical order
        "f": "file-one",     # --var-file beats every automatic file
        "g": "cli",          # --var
        "h": "file-two",     # the last on the command line wins
    }


def test_environment_values_are_parsed_for_complex_types(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "zones" {
          type = list(string)
        }
        variable "count_of" {
          type = number
        }
        resource "null_resource" "r" {
          triggers = {
            zones = var.zones
            n     = var.count_of * 2
          }
        }
    """}, environment={"TF_VAR_zones": '["a", "b"]', "TF_VAR_count_of": "3"})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"zones": ["a", "b"], "n": 6}


def test_cli_var_with_a_map_value(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "tags" {
          type = map(string)
        }
        resource "aws_s3_bucket" "b" {
          tags = var.tags
        }
    """}, variables=(("var", 'tags={team="ml", env="prod"}'),))
    assert res(inv, "aws_s3_bucket.b").attrs["tags"] == {"team": "ml", "env": "prod"}


def test_auto_tfvars_json_heredoc_values_and_a_broken_tfvars_file(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            variable "a" {}
            variable "b" {}
            variable "c" {
              default = "default"
            }
            resource "null_resource" "r" {
              triggers = { a = var.a, b = var.b, c = var.c }
            }
        """,
        "x.auto.tfvars.json": '{"a": "from-json"}',
        "terraform.tfvars": 'b = <<EOT\nhello\nEOT\n',
        "y.auto.tfvars": 'c = = 1\n',
    })
    assert res(inv, "null_resource.r").attrs["triggers"] == {"a": "from-json", "b": "hello\n", "c": "default"}
    found = gaps(inv, GapKind.PARSE_ERROR)
    assert [(g.subject, g.source.line) for g in found] == [("y.auto.tfvars", 1)]


def test_value_for_an_undeclared_variable_is_a_gap(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": 'variable "known" {}\nresource "aws_s3_bucket" "b" { bucket = var.known }\n',
        "terraform.tfvars": 'known = "k"\nstray = "s"\n',
    }, variables=(("var", "other=1"),))
    assert res(inv, "aws_s3_bucket.b").attrs["bucket"] == "k"
    subjects = {g.subject for g in gaps(inv, GapKind.UNDECLARED_VARIABLE)}
    assert subjects == {"var.stray", "var.other"}


def test_reference_to_an_undeclared_variable_is_a_gap(tmp_path):
    inv = scan(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = var.nope\n}\n'})
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["bucket"], Unknown)
    found = gaps(inv, GapKind.UNDECLARED_VARIABLE)
    assert [g.subject for g in found] == ["var.nope"]
    assert (found[0].source.file, found[0].source.line) == ("main.tf", 2)


# ---------------------------------------------------------------------------------- count, for_each


def test_count_addresses_and_count_index(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          count      = 3
          cidr_block = cidrsubnet("10.0.0.0/16", 8, count.index)
          tags       = { Name = "sub-${count.index}" }
        }
    """})
    assert addresses(inv) == ["aws_subnet.a[0]", "aws_subnet.a[1]", "aws_subnet.a[2]"]
    assert res(inv, "aws_subnet.a[2]").attrs["cidr_block"] == "10.0.2.0/24"
    assert res(inv, "aws_subnet.a[1]").attrs["tags"] == {"Name": "sub-1"}
    assert res(inv, "aws_subnet.a[1]").instance_key == 1


def test_count_zero_creates_nothing(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "enabled" { default = false }
        resource "aws_s3_bucket" "b" {
          count = var.enabled ? 1 : 0
        }
        resource "aws_s3_bucket" "always" {}
    """})
    assert addresses(inv) == ["aws_s3_bucket.always"]


def test_for_each_map_addresses_and_each(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          for_each   = { x = "10.0.1.0/24", y = "10.0.2.0/24" }
          cidr_block = each.value
          tags       = { Name = each.key }
        }
    """})
    assert addresses(inv) == ['aws_subnet.a["x"]', 'aws_subnet.a["y"]']
    subnet = res(inv, 'aws_subnet.a["y"]')
    assert subnet.attrs["cidr_block"] == "10.0.2.0/24"
    assert subnet.attrs["tags"] == {"Name": "y"}
    assert subnet.instance_key == "y"
    assert subnet.block_address == "aws_subnet.a"


def test_for_each_set_of_strings(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          for_each = toset(["logs", "data", "logs"])
          bucket   = "${each.key}-${each.value}"
        }
    """})
    assert addresses(inv) == ['aws_s3_bucket.b["data"]', 'aws_s3_bucket.b["logs"]']
    assert res(inv, 'aws_s3_bucket.b["logs"]').attrs["bucket"] == "logs-logs"


def test_for_each_map_of_objects_from_a_for_expression(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        locals {
          users = [{ name = "ann", role = "admin" }, { name = "bob", role = "dev" }]
        }
        resource "aws_iam_user" "u" {
          for_each = { for u in local.users : u.name => u }
          name     = each.value.name
          tags     = { role = each.value.role }
        }
    """})
    assert addresses(inv) == ['aws_iam_user.u["ann"]', 'aws_iam_user.u["bob"]']
    assert res(inv, 'aws_iam_user.u["bob"]').attrs["tags"] == {"role": "dev"}


def test_unknown_count_is_one_resource_standing_for_many(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        data "aws_availability_zones" "az" {}
        resource "aws_subnet" "s" {
          count             = length(data.aws_availability_zones.az.names)
          availability_zone = data.aws_availability_zones.az.names[count.index]
        }
    """})
    subnets = [r for r in inv.resources if r.type == "aws_subnet"]
    assert len(subnets) == 1
    assert subnets[0].address == "aws_subnet.s"
    assert subnets[0].instances_unknown is True
    found = gaps(inv, GapKind.UNKNOWN_INSTANCES)
    assert [g.subject for g in found] == ["aws_subnet.s"]
    assert (found[0].source.file, found[0].source.line) == ("main.tf", 3)


def test_for_each_over_another_for_each_resource(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          for_each   = toset(["x", "y"])
          cidr_block = each.key
        }
        resource "aws_route_table_association" "r" {
          for_each  = aws_subnet.a
          subnet_id = each.value.id
        }
        resource "aws_eip" "e" {
          count = length(aws_subnet.a)
        }
    """})
    assert links_from(inv, 'aws_route_table_association.r["x"]') == {'aws_subnet.a["x"]'}
    assert links_from(inv, 'aws_route_table_association.r["y"]') == {'aws_subnet.a["y"]'}
    assert [a for a in addresses(inv) if a.startswith("aws_eip")] == ["aws_eip.e[0]", "aws_eip.e[1]"]


def test_count_index_without_count_is_an_error(tmp_path):
    inv = scan(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "x-${count.index}"\n}\n'})
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["bucket"], Unknown)
    found = gaps(inv, GapKind.EVALUATION_ERROR)
    assert [(g.subject, g.source.line) for g in found] == [("aws_s3_bucket.b", 2)]


def test_unknown_for_each_is_one_resource_standing_for_many(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_vpc" "v" {}
        resource "aws_subnet" "s" {
          for_each = toset([aws_vpc.v.id])
          vpc_id   = each.value
        }
    """})
    subnet = res(inv, "aws_subnet.s")
    assert subnet.instances_unknown is True
    assert [g.subject for g in gaps(inv, GapKind.UNKNOWN_INSTANCES)] == ["aws_subnet.s"]


# ------------------------------------------------------------------------------------------ modules


def test_local_modules_nested_three_deep(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": 'module "a" {\n  source = "./modules/a"\n  name = "root"\n}\n',
        "modules/a/main.tf": 'variable "name" {}\nmodule "b" {\n  source = "../b"\n  name = "${var.name}-a"\n}\n',
        "modules/b/main.tf": 'variable "name" {}\nmodule "c" {\n  source = "../c"\n  name = "${var.name}-b"\n}\n',
        "modules/c/main.tf": 'variable "name" {}\nresource "aws_s3_bucket" "deep" {\n  bucket = "${var.name}-c"\n}\n',
    })
    deep = res(inv, "module.a.module.b.module.c.aws_s3_bucket.deep")
    assert deep.attrs["bucket"] == "root-a-b-c"
    assert deep.module == "module.a.module.b.module.c"
    assert deep.source.file == "modules/c/main.tf" and deep.source.line == 2
    assert [m.address for m in inv.modules] == ["module.a", "module.a.module.b", "module.a.module.b.module.c"]
    assert {m.directory for m in inv.modules} == {"modules/a", "modules/b", "modules/c"}


MODULE_BUCKET = {
    "mod/main.tf": """
        variable "name" {}
        resource "aws_s3_bucket" "b" {
          bucket = var.name
        }
        output "arn" {
          value = aws_s3_bucket.b.arn
        }
        output "name" {
          value = aws_s3_bucket.b.bucket
        }
    """,
}


def test_same_module_called_several_times(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            module "one" {
              source = "./mod"
              name   = "first"
            }
            module "two" {
              source = "./mod"
              name   = "second"
            }
        """,
    })
    assert addresses(inv) == ["module.one.aws_s3_bucket.b", "module.two.aws_s3_bucket.b"]
    assert res(inv, "module.one.aws_s3_bucket.b").attrs["bucket"] == "first"
    assert res(inv, "module.two.aws_s3_bucket.b").attrs["bucket"] == "second"


def test_module_for_each_addresses(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            module "m" {
              for_each = toset(["a", "b"])
              source   = "./mod"
              name     = "bucket-${each.key}"
            }
        """,
    })
    assert addresses(inv) == ['module.m["a"].aws_s3_bucket.b', 'module.m["b"].aws_s3_bucket.b']
    assert res(inv, 'module.m["b"].aws_s3_bucket.b').attrs["bucket"] == "bucket-b"
    assert sorted(m.address for m in inv.modules) == ['module.m["a"]', 'module.m["b"]']


def test_module_count_addresses(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            module "m" {
              count  = 2
              source = "./mod"
              name   = "bucket-${count.index}"
            }
            resource "null_resource" "uses" {
              triggers = { names = join(",", module.m[*].name) }
            }
        """,
    })
    assert res(inv, "module.m[1].aws_s3_bucket.b").attrs["bucket"] == "bucket-1"
    assert res(inv, "null_resource.uses").attrs["triggers"] == {"names": "bucket-0,bucket-1"}


def test_module_outputs_used_by_the_caller(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            module "store" {
              source = "./mod"
              name   = "models"
            }
            resource "aws_lambda_function" "fn" {
              function_name = "fn"
              environment {
                variables = {
                  BUCKET     = module.store.name
                  BUCKET_ARN = module.store.arn
                }
              }
            }
        """,
    })
    fn = res(inv, "aws_lambda_function.fn")
    variables = fn.attrs["environment"][0]["variables"]
    assert variables["BUCKET"] == "models"
    assert isinstance(variables["BUCKET_ARN"], Unknown)
    assert ("module.store.aws_s3_bucket.b", "arn") in variables["BUCKET_ARN"].origins
    assert links_from(inv, "aws_lambda_function.fn") == {"module.store.aws_s3_bucket.b"}


def test_module_count_zero_creates_nothing(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": 'module "off" {\n  count = 0\n  source = "./mod"\n  name = "n"\n}\nresource "aws_s3_bucket" "root" {}\n',
    })
    assert addresses(inv) == ["aws_s3_bucket.root"]
    assert not [g for g in inv.gaps if g.kind != GapKind.NO_CATALOG_ENTRY]


def test_resources_in_a_module_with_unknown_count_stand_for_many(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            resource "aws_vpc" "v" {}
            module "maybe" {
              count  = aws_vpc.v.id == "" ? 0 : 1
              source = "./mod"
              name   = "n"
            }
        """,
    })
    assert [g.subject for g in gaps(inv, GapKind.UNKNOWN_INSTANCES)] == ["module.maybe"]
    inner = [r for r in inv.resources if r.module.startswith("module.maybe")]
    assert len(inner) == 1
    assert inner[0].instances_unknown is True


def test_module_inputs_carry_references_to_the_caller_resources(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            resource "aws_s3_bucket" "data" {
              bucket = "d"
            }
            module "access" {
              source     = "./access"
              bucket_arn = aws_s3_bucket.data.arn
            }
        """,
        "access/main.tf": """
            variable "bucket_arn" {}
            resource "aws_iam_policy" "p" {
              name   = "read"
              policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = var.bucket_arn }] })
            }
        """,
    })
    assert links_from(inv, "module.access.aws_iam_policy.p") == {"aws_s3_bucket.data"}


def test_module_for_each_outputs_used_by_the_caller(tmp_path):
    inv = scan(tmp_path, {
        "m/main.tf": """
            variable "size" {}
            resource "aws_ebs_volume" "v" {
              size = var.size
            }
            output "doubled" {
              value = var.size * 2
            }
        """,
        "main.tf": """
            module "m" {
              for_each = { a = { size = 1 }, b = { size = 2 } }
              source   = "./m"
              size     = each.value.size
            }
            resource "null_resource" "r" {
              triggers = {
                b   = module.m["b"].doubled
                all = { for k, m in module.m : k => m.doubled }
              }
            }
        """,
    })
    assert res(inv, 'module.m["a"].aws_ebs_volume.v').attrs["size"] == 1
    assert res(inv, "null_resource.r").attrs["triggers"] == {"b": 4, "all": {"a": 2, "b": 4}}


def test_vendored_registry_module_from_the_manifest(tmp_path):
    manifest = {"Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {"Key": "vpc", "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws", "Version": "5.1.0",
         "Dir": ".terraform/modules/vpc"},
    ]}
    inv = scan(tmp_path, {
        "main.tf": """
            module "vpc" {
              source  = "terraform-aws-modules/vpc/aws"
              version = "5.1.0"
              cidr    = "10.1.0.0/16"
            }
        """,
        ".terraform/modules/modules.json": json.dumps(manifest),
        ".terraform/modules/vpc/main.tf": """
            variable "cidr" {}
            resource "aws_vpc" "this" {
              cidr_block = var.cidr
            }
        """,
    })
    vpc = res(inv, "module.vpc.aws_vpc.this")
    assert vpc.attrs["cidr_block"] == "10.1.0.0/16"
    assert not gaps(inv, GapKind.MODULE_NOT_VENDORED)
    info = next(m for m in inv.modules if m.address == "module.vpc")
    assert info.loaded and info.source == "terraform-aws-modules/vpc/aws"


def test_remote_module_not_vendored_is_a_gap_and_the_scan_continues(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        module "eks" {
          source  = "terraform-aws-modules/eks/aws"
          version = "20.0.0"
        }
        resource "aws_s3_bucket" "b" {
          bucket = "still-here"
          tags   = { cluster = module.eks.cluster_name }
        }
    """})
    assert res(inv, "aws_s3_bucket.b").attrs["bucket"] == "still-here"
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["tags"]["cluster"], Unknown)
    found = gaps(inv, GapKind.MODULE_NOT_VENDORED)
    assert len(found) == 1
    assert found[0].subject == "module.eks"
    assert "terraform-aws-modules/eks/aws" in found[0].reason
    assert (found[0].source.file, found[0].source.line) == ("main.tf", 1)
    info = next(m for m in inv.modules if m.address == "module.eks")
    assert info.loaded is False


def test_vendored_module_with_a_nested_local_module(tmp_path):
    manifest = {"Modules": [
        {"Key": "", "Source": "", "Dir": "."},
        {"Key": "vpc", "Source": "registry.terraform.io/terraform-aws-modules/vpc/aws", "Dir": ".terraform/modules/vpc"},
        {"Key": "vpc.sub", "Source": "./modules/sub", "Dir": ".terraform/modules/vpc/modules/sub"},
    ]}
    inv = scan(tmp_path, {
        "main.tf": 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n',
        ".terraform/modules/modules.json": json.dumps(manifest),
        ".terraform/modules/vpc/main.tf": 'module "sub" {\n  source = "./modules/sub"\n}\n',
        ".terraform/modules/vpc/modules/sub/main.tf": 'resource "aws_vpc" "this" {\n  tags = { m = path.module }\n}\n',
    })
    vpc = res(inv, "module.vpc.module.sub.aws_vpc.this")
    assert vpc.attrs["tags"] == {"m": ".terraform/modules/vpc/modules/sub"}
    assert not gaps(inv, GapKind.MODULE_NOT_VENDORED) and not gaps(inv, GapKind.MODULE_NOT_FOUND)


def test_remote_module_inside_a_local_module_names_its_full_address(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": 'module "loc" {\n  source = "./loc"\n}\n',
        "loc/main.tf": 'resource "aws_s3_bucket" "b" {}\nmodule "remote" {\n  source = "git::https://example.com/x.git//sub?ref=v1"\n}\n',
    })
    assert addresses(inv) == ["module.loc.aws_s3_bucket.b"]
    found = gaps(inv, GapKind.MODULE_NOT_VENDORED)
    assert [(g.subject, g.source.file, g.source.line) for g in found] == [("module.loc.module.remote", "loc/main.tf", 2)]
    assert "git::https://example.com/x.git//sub?ref=v1" in found[0].reason


def test_missing_local_module_is_module_not_found(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        module "gone" {
          source = "./does-not-exist"
        }
        resource "aws_s3_bucket" "b" {}
    """})
    assert addresses(inv) == ["aws_s3_bucket.b"]
    found = gaps(inv, GapKind.MODULE_NOT_FOUND)
    assert [g.subject for g in found] == ["module.gone"]
    assert "./does-not-exist" in found[0].reason
    assert not gaps(inv, GapKind.MODULE_NOT_VENDORED)


def test_module_argument_not_declared_in_the_module_is_a_gap(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": 'module "m" {\n  source = "./mod"\n  name = "n"\n  typo = 1\n}\n',
    })
    found = gaps(inv, GapKind.UNDECLARED_VARIABLE)
    assert [g.subject for g in found] == ["module.m.var.typo"]
    assert found[0].source.line == 4


# --------------------------------------------------------------------------- nested and dynamic blocks


def test_dynamic_blocks_with_iterator(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "ports" {
          default = [80, 443]
        }
        resource "aws_security_group" "sg" {
          name = "web"
          ingress {
            from_port = 22
            to_port   = 22
          }
          dynamic "ingress" {
            for_each = var.ports
            iterator = port
            content {
              from_port   = port.value
              to_port     = port.value
              description = "rule ${port.key}"
            }
          }
          dynamic "egress" {
            for_each = { all = "0.0.0.0/0" }
            content {
              cidr_blocks = [egress.value]
              description = egress.key
            }
          }
        }
    """})
    attrs = res(inv, "aws_security_group.sg").attrs
    assert [dict(b) for b in attrs["ingress"]] == [
        {"from_port": 22, "to_port": 22},
        {"from_port": 80, "to_port": 80, "description": "rule 0"},
        {"from_port": 443, "to_port": 443, "description": "rule 1"},
    ]
    assert [dict(b) for b in attrs["egress"]] == [{"cidr_blocks": ["0.0.0.0/0"], "description": "all"}]


def test_nested_block_attributes_are_readable_by_reference(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_lb" "lb" {
          name = "front"
          access_logs {
            bucket = "logs-bucket"
          }
        }
        resource "null_resource" "r" {
          triggers = {
            a = aws_lb.lb.access_logs[0].bucket
            b = aws_lb.lb.name
          }
        }
    """})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"a": "logs-bucket", "b": "front"}


# ----------------------------------------------------------------------------- splats and precision


def test_splat_over_counted_resources(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          count      = 2
          cidr_block = "10.0.${count.index}.0/24"
        }
        resource "aws_db_subnet_group" "g" {
          name       = "g"
          subnet_ids = aws_subnet.a[*].id
          description = join(",", aws_subnet.a[*].cidr_block)
        }
    """})
    group = res(inv, "aws_db_subnet_group.g")
    assert group.attrs["description"] == "10.0.0.0/24,10.0.1.0/24"
    ids = group.attrs["subnet_ids"]
    assert len(ids) == 2 and all(isinstance(i, Unknown) for i in ids)
    assert links_from(inv, "aws_db_subnet_group.g", "subnet_ids") == {"aws_subnet.a[0]", "aws_subnet.a[1]"}


def test_legacy_splat_with_index_picks_one_instance(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          count = 2
        }
        resource "aws_instance" "i" {
          subnet_id = aws_subnet.a.*.id[1]
        }
    """})
    assert links_from(inv, "aws_instance.i", "subnet_id") == {"aws_subnet.a[1]"}


def test_reference_resolves_to_the_exact_instance(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_vpc" "v" {
          cidr_block = "10.0.0.0/16"
        }
        resource "aws_subnet" "a" {
          count  = 3
          vpc_id = aws_vpc.v.id
        }
        resource "aws_instance" "i" {
          ami       = "ami-123"
          subnet_id = aws_subnet.a[1].id
        }
    """})
    assert links_from(inv, "aws_instance.i") == {"aws_subnet.a[1]"}
    graph = build_graph(inv)
    parents = {c.parent for c in graph.containment if c.child == "aws_instance.i"}
    assert parents == {"aws_subnet.a[1]"}
    assert {c.parent for c in graph.containment if c.child == "aws_subnet.a[2]"} == {"aws_vpc.v"}


def test_reference_through_for_each_key_resolves_exactly(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          for_each = toset(["x", "y"])
        }
        resource "aws_instance" "i" {
          subnet_id = aws_subnet.a["y"].id
        }
    """})
    assert links_from(inv, "aws_instance.i") == {'aws_subnet.a["y"]'}


def test_reference_through_a_module_output_list_resolves_exactly(tmp_path):
    inv = scan(tmp_path, {
        "net/main.tf": """
            resource "aws_subnet" "s" {
              count      = 2
              cidr_block = "10.0.${count.index}.0/24"
            }
            output "subnet_ids" {
              value = aws_subnet.s[*].id
            }
        """,
        "main.tf": """
            module "net" {
              source = "./net"
            }
            locals {
              first = module.net.subnet_ids[0]
            }
            resource "aws_instance" "direct" {
              subnet_id = module.net.subnet_ids[0]
            }
            resource "aws_instance" "via_local" {
              subnet_id = local.first
            }
        """,
    })
    assert links_from(inv, "aws_instance.direct") == {"module.net.aws_subnet.s[0]"}
    assert links_from(inv, "aws_instance.via_local") == {"module.net.aws_subnet.s[0]"}


def test_whole_resource_reference_links_every_instance(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_subnet" "a" {
          count = 2
        }
        resource "aws_lb" "lb" {
          subnets = [for s in aws_subnet.a : s.id]
        }
    """})
    assert links_from(inv, "aws_lb.lb") == {"aws_subnet.a[0]", "aws_subnet.a[1]"}


# --------------------------------------------------------------------------------------- depends_on


def test_resource_depends_on_edges(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {}
        resource "aws_iam_role" "r" {
          name       = "r"
          depends_on = [aws_s3_bucket.b]
        }
    """})
    assert links_from(inv, "aws_iam_role.r", "depends_on") == {"aws_s3_bucket.b"}
    graph = build_graph(inv)
    found = edges(graph, "aws_iam_role.r", "aws_s3_bucket.b")
    assert [(e.relation, e.via) for e in found] == [(Relation.DEPENDS, "depends_on")]


def test_depends_on_a_module_is_one_edge_to_the_module_instance(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            module "store" {
              source = "./mod"
              name   = "n"
            }
            resource "aws_iam_role" "r" {
              name       = "r"
              depends_on = [module.store]
            }
        """,
    })
    assert links_from(inv, "aws_iam_role.r") == {"module.store"}
    graph = build_graph(inv)
    from_role = [e for e in graph.edges if e.src == "aws_iam_role.r"]
    assert [(e.dst, e.relation) for e in from_role] == [("module.store", Relation.DEPENDS)]


def test_module_level_depends_on(tmp_path):
    inv = scan(tmp_path, {
        **MODULE_BUCKET,
        "main.tf": """
            resource "aws_iam_role" "r" {
              name = "r"
            }
            module "store" {
              source     = "./mod"
              name       = "n"
              depends_on = [aws_iam_role.r]
            }
        """,
    })
    assert links_from(inv, "module.store", "depends_on") == {"aws_iam_role.r"}


# ----------------------------------------------------------------------------------- nothing executes


def test_data_sources_are_resources_in_data_mode_and_never_run(tmp_path):
    marker = tmp_path / "created-by-data"
    inv = scan(tmp_path, {"main.tf": f"""
        data "external" "ext" {{
          program = ["sh", "-c", "touch {marker}; echo '{{}}'"]
        }}
        resource "aws_s3_bucket" "b" {{
          bucket = data.external.ext.result.name
        }}
    """})
    ext = res(inv, "data.external.ext")
    assert ext.mode == "data" and ext.type == "external" and ext.name == "ext"
    assert res(inv, "aws_s3_bucket.b").mode == "managed"
    assert isinstance(res(inv, "aws_s3_bucket.b").attrs["bucket"], Unknown)
    assert links_from(inv, "aws_s3_bucket.b") == {"data.external.ext"}
    assert not marker.exists()


def test_provisioners_never_run(tmp_path):
    marker = tmp_path / "created-by-provisioner"
    inv = scan(tmp_path, {"main.tf": f"""
        resource "null_resource" "r" {{
          provisioner "local-exec" {{
            command = "touch {marker}"
          }}
        }}
    """})
    assert addresses(inv) == ["null_resource.r"]
    assert "provisioner" not in res(inv, "null_resource.r").attrs
    assert not marker.exists()


def test_scanned_directory_is_not_written(tmp_path):
    write(tmp_path, {"main.tf": 'resource "aws_s3_bucket" "b" {}\n'})
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    scan(tmp_path)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


# ---------------------------------------------------------------------------------------- functions


def test_file_and_templatefile_relative_to_the_root(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            module "m" {
              source = "./m"
            }
            resource "null_resource" "r" {
              triggers = {
                plain = file("files/hello.txt")
                via_path = trimspace(file("${path.module}/files/hello.txt"))
                tpl = templatefile("${path.root}/files/t.tpl", { name = "ann", items = ["a", "b"] })
              }
            }
        """,
        "files/hello.txt": "hello\n",
        "files/t.tpl": "Hi ${name}\n%{ for i in items ~}\n* ${i}\n%{ endfor ~}\n",
        "m/main.tf": """
            resource "null_resource" "inner" {
              triggers = { own = file("${path.module}/own.txt") }
            }
        """,
        "m/own.txt": "inside",
    })
    assert res(inv, "null_resource.r").attrs["triggers"] == {
        "plain": "hello\n", "via_path": "hello", "tpl": "Hi ann\n* a\n* b\n",
    }
    assert res(inv, "module.m.null_resource.inner").attrs["triggers"] == {"own": "inside"}


def test_missing_file_is_an_evaluation_error(tmp_path):
    inv = scan(tmp_path, {"main.tf": 'resource "null_resource" "r" {\n  triggers = {\n    a = file("nope.txt")\n  }\n}\n'})
    assert isinstance(res(inv, "null_resource.r").attrs["triggers"], Unknown)
    errors = gaps(inv, GapKind.EVALUATION_ERROR)
    assert [(g.source.file, g.source.line) for g in errors] == [("main.tf", 2)]


FUNCTION_CASES = {
    "cidr": ('cidrsubnet("10.0.0.0/16", 8, 2)', "10.0.2.0/24"),
    "cidr_host": ('cidrhost("10.0.1.0/24", 5)', "10.0.1.5"),
    "cidrs": ('cidrsubnets("10.0.0.0/16", 4, 4, 8)', ["10.0.0.0/20", "10.0.16.0/20", "10.0.32.0/24"]),
    "merge": ('merge({ a = 1, b = 2 }, { b = 3 }, { c = 4 })', {"a": 1, "b": 3, "c": 4}),
    "lookup": ('lookup({ a = "x" }, "b", "fallback")', "fallback"),
    "lookup_hit": ('lookup({ a = "x" }, "a", "fallback")', "x"),
    "try": ('try(local.m.missing, tonumber("x"), "third")', "third"),
    "try_first": ('try(local.m.k, "second")', "v"),
    "can_false": ('can(tonumber("x"))', False),
    "can_true": ('can(regex("^a", "abc"))', True),
    "regex": ('regex("[a-z]+", "123abc456")', "abc"),
    "regex_groups": ('regex("^(\\\\w+)-(\\\\d+)$", "web-42")', ["web", "42"]),
    "regex_named": ('regex("(?P<name>\\\\w+)@(?P<host>.+)", "ann@example.com")', {"name": "ann", "host": "example.com"}),
    "regexall": ('length(regexall("a", "banana"))', 3),
    "jsonencode": ('jsonencode({ b = [true, null], a = "x" })', '{"a":"x","b":[true,null]}'),
    "jsondecode": ('jsondecode("{\\"a\\": [1, 2]}")', {"a": [1, 2]}),
    "yamldecode": ('yamldecode("a: 1\\nb: [x, y]\\nc: {d: true}\\n")', {"a": 1, "b": ["x", "y"], "c": {"d": True}}),
    "format": ('format("%s-%03d-%.1f", "web", 7, 2.25)', "web-007-2.2"),
    "formatlist": ('formatlist("%s.example.com", ["a", "b"])', ["a.example.com", "b.example.com"]),
    "zipmap": ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
    "setproduct": ('setproduct(["a", "b"], [1, 2])', [["a", 1], ["a", 2], ["b", 1], ["b", 2]]),
    "flatten": ('flatten([[1, [2]], [], [3]])', [1, 2, 3]),
    "concat": ('concat(["a"], ["b", "c"])', ["a", "b", "c"]),
    "element_wraps": ('element(["a", "b", "c"], 4)', "b"),
    "keys_values": ('[keys({ b = 1, a = 2 }), values({ b = 1, a = 2 })]', [["a", "b"], [2, 1]]),
    "distinct": ('distinct(["a", "b", "a"])', ["a", "b"]),
    "coalesce": ('coalesce("", "x")', "x"),
    "replace_regex": ('replace("a-b_c", "/[-_]/", ".")', "a.b.c"),
    "split_join": ('join("+", split(",", "a,b,c"))', "a+b+c"),
    "substr": ('substr("abcdef", 1, 3)', "bcd"),
    "base64": ('base64decode(base64encode("hi"))', "hi"),
    "sha256": ('sha256("abc")', "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    "min_max": ('[min(3, 1, 2), max(3, 1, 2)]', [1, 3]),
    "tostring": ('tostring(12)', "12"),
    "length": ('length("héllo")', 5),
    "range": ('range(1, 7, 2)', [1, 3, 5]),
    "one": ('one(["only"])', "only"),
    "contains": ('contains(["a", "b"], "b")', True),
    "slice": ('slice(["a", "b", "c", "d"], 1, 3)', ["b", "c"]),
    "transpose": ('transpose({ a = ["1", "2"], b = ["2"] })', {"1": ["a"], "2": ["a", "b"]}),
}


def test_functions_used_from_hcl(tmp_path):
    locals_body = "\n".join(f"  {name} = {expr}" for name, (expr, _) in FUNCTION_CASES.items())
    write(tmp_path, {"main.tf": (
        "locals {\n  m = { k = \"v\" }\n" + locals_body + "\n}\n"
        'resource "null_resource" "r" {\n  triggers = {\n'
        + "\n".join(f"    {name} = local.{name}" for name in FUNCTION_CASES)
        + "\n  }\n}\n"
    )})
    inv = scan(tmp_path)
    triggers = res(inv, "null_resource.r").attrs["triggers"]
    mismatches = {name: triggers.get(name) for name, (_, want) in FUNCTION_CASES.items() if triggers.get(name) != want}
    assert mismatches == {}
    assert not gaps(inv, GapKind.EVALUATION_ERROR)


def test_unknown_function_is_a_gap_and_an_unknown_value(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = no_such_function("x")
          tags   = { ok = upper("fine") }
        }
    """})
    attrs = res(inv, "aws_s3_bucket.b").attrs
    assert isinstance(attrs["bucket"], Unknown)
    assert attrs["tags"] == {"ok": "FINE"}
    found = gaps(inv, GapKind.UNKNOWN_FUNCTION)
    assert len(found) == 1 and "no_such_function" in found[0].subject
    assert (found[0].source.file, found[0].source.line) == ("main.tf", 2)


@pytest.mark.parametrize("expr", ['element([], 0)', 'tonumber("x")', '[1, 2][5]', '{ a = 1 }.b', '1 / 0', 'lookup({}, "k")'])
def test_runtime_error_is_an_evaluation_gap_and_the_scan_continues(tmp_path, expr):
    inv = scan(tmp_path, {"main.tf": (
        'resource "aws_s3_bucket" "bad" {\n'
        '  bucket = "ok"\n'
        f"  tags = {{ broken = {expr} }}\n"
        "}\n"
        'resource "aws_s3_bucket" "good" {\n'
        '  bucket = "fine"\n'
        "}\n"
    )})
    assert res(inv, "aws_s3_bucket.bad").attrs["bucket"] == "ok"
    assert isinstance(res(inv, "aws_s3_bucket.bad").attrs["tags"], Unknown)
    assert res(inv, "aws_s3_bucket.good").attrs["bucket"] == "fine"
    errors = gaps(inv, GapKind.EVALUATION_ERROR)
    assert len(errors) == 1
    assert (errors[0].source.file, errors[0].source.line) == ("main.tf", 3)
    assert errors[0].subject == "aws_s3_bucket.bad"


def test_runtime_errors_in_a_module_name_the_module_file_and_nested_line(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": 'module "m" {\n  source = "./m"\n}\n',
        "m/main.tf": (
            'resource "aws_lb" "lb" {\n'
            '  name = "x"\n'
            '  access_logs {\n'
            '    enabled = true\n'
            '    bucket  = element([], 0)\n'
            '  }\n'
            '}\n'
            'output "o" {\n'
            '  value = tonumber("q")\n'
            '}\n'
        ),
    })
    block = res(inv, "module.m.aws_lb.lb").attrs["access_logs"][0]
    assert block["enabled"] is True and isinstance(block["bucket"], Unknown)
    found = sorted((g.subject, g.source.file, g.source.line) for g in gaps(inv, GapKind.EVALUATION_ERROR))
    assert found == [("module.m.aws_lb.lb", "m/main.tf", 5), ("module.m.output.o", "m/main.tf", 9)]


def test_try_and_can_turn_errors_into_values(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "cfg" {
          default = { name = "x" }
        }
        resource "null_resource" "r" {
          triggers = {
            size    = try(var.cfg.size, 10)
            name    = try(var.cfg.name, "none")
            has_key = can(var.cfg.size)
            number  = try(tonumber("12"), 0)
          }
        }
    """})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"size": 10, "name": "x", "has_key": False, "number": 12}
    assert not gaps(inv, GapKind.EVALUATION_ERROR)


# ----------------------------------------------------------------------------------- path, workspace


def test_path_and_workspace(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            module "child" {
              source = "./modules/child"
            }
            resource "null_resource" "r" {
              triggers = {
                module    = path.module
                root      = path.root
                workspace = terraform.workspace
              }
            }
        """,
        "modules/child/main.tf": """
            resource "null_resource" "c" {
              triggers = {
                module = path.module
                root   = path.root
                name   = "app-${terraform.workspace}"
              }
            }
        """,
    }, workspace="prod")
    assert res(inv, "null_resource.r").attrs["triggers"] == {"module": ".", "root": ".", "workspace": "prod"}
    assert res(inv, "module.child.null_resource.c").attrs["triggers"] == {
        "module": "modules/child", "root": ".", "name": "app-prod",
    }


def test_default_workspace_name(tmp_path):
    inv = scan(tmp_path, {"main.tf": 'resource "null_resource" "r" {\n  triggers = { w = terraform.workspace }\n}\n'})
    assert res(inv, "null_resource.r").attrs["triggers"] == {"w": "default"}


# ---------------------------------------------------------------------------- .tf.json and overrides


def test_tf_json_files(tmp_path):
    inv = scan(tmp_path, {
        "main.tf.json": json.dumps({
            "variable": {"env": {"default": "dev", "type": "string"}},
            "locals": {"name": "app-${var.env}", "count": 2},
            "resource": {
                "aws_s3_bucket": {
                    "b": {"bucket": "${local.name}-data", "tags": {"Env": "${upper(var.env)}", "Static": "s"}},
                    "n": {"count": "${local.count}", "bucket": "n-${count.index}"},
                },
            },
        }),
        "extra.tf": 'resource "null_resource" "mix" {\n  triggers = { b = aws_s3_bucket.b.bucket }\n}\n',
    })
    bucket = res(inv, "aws_s3_bucket.b")
    assert bucket.attrs["bucket"] == "app-dev-data"
    assert bucket.attrs["tags"] == {"Env": "DEV", "Static": "s"}
    assert bucket.source.file == "main.tf.json"
    assert res(inv, "aws_s3_bucket.n[1]").attrs["bucket"] == "n-1"
    assert res(inv, "null_resource.mix").attrs["triggers"] == {"b": "app-dev-data"}


def test_override_file_replaces_an_attribute(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            resource "aws_s3_bucket" "b" {
              bucket = "original"
              tags   = { keep = "yes" }
            }
            variable "v" {
              default = "base"
            }
        """,
        "override.tf": """
            resource "aws_s3_bucket" "b" {
              bucket = "overridden"
            }
        """,
        "vars_override.tf": """
            variable "v" {
              default = "from-override"
            }
        """,
        "use.tf": 'resource "null_resource" "r" {\n  triggers = { v = var.v }\n}\n',
    })
    bucket = res(inv, "aws_s3_bucket.b")
    assert bucket.attrs["bucket"] == "overridden"
    assert bucket.attrs["tags"] == {"keep": "yes"}
    assert bucket.source.file == "main.tf"
    assert res(inv, "null_resource.r").attrs["triggers"] == {"v": "from-override"}
    assert addresses(inv) == ["aws_s3_bucket.b", "null_resource.r"]


def test_parse_error_in_one_file_is_a_gap_and_other_files_are_scanned(tmp_path):
    inv = scan(tmp_path, {
        "good.tf": 'resource "aws_s3_bucket" "b" {}\n',
        "bad.tf": 'resource "aws_s3_bucket" "c" {\n  bucket = = "x"\n}\n',
    })
    assert addresses(inv) == ["aws_s3_bucket.b"]
    found = gaps(inv, GapKind.PARSE_ERROR)
    assert [(g.subject, g.source.file, g.source.line) for g in found] == [("bad.tf", "bad.tf", 2)]


# --------------------------------------------------------------------------------- known data sources


def test_iam_policy_document_produces_json(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        data "aws_iam_policy_document" "read" {
          statement {
            sid       = "Read"
            actions   = ["s3:GetObject"]
            resources = ["arn:aws:s3:::models/*"]
          }
          statement {
            effect    = "Deny"
            actions   = ["s3:DeleteObject", "s3:PutObject"]
            resources = ["*"]
            principals {
              type        = "AWS"
              identifiers = ["arn:aws:iam::123456789012:root"]
            }
          }
        }
        resource "aws_iam_policy" "p" {
          name   = "p"
          policy = data.aws_iam_policy_document.read.json
        }
    """})
    document = json.loads(res(inv, "data.aws_iam_policy_document.read").attrs["json"])
    assert document["Version"] == "2012-10-17"
    first, second = document["Statement"]
    assert first == {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::models/*"}
    assert second["Effect"] == "Deny"
    assert second["Action"] == ["s3:DeleteObject", "s3:PutObject"]
    assert second["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    assert json.loads(res(inv, "aws_iam_policy.p").attrs["policy"]) == document


def test_region_and_partition_data_sources_are_known_from_the_provider(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        provider "aws" {
          region = "us-east-1"
        }
        provider "aws" {
          alias  = "usw2"
          region = "us-west-2"
        }
        data "aws_region" "current" {}
        data "aws_region" "west" {
          provider = aws.usw2
        }
        data "aws_partition" "p" {}
        data "aws_caller_identity" "me" {}
        resource "aws_s3_bucket" "b" {
          bucket = "b-${data.aws_region.current.name}-${data.aws_region.west.name}"
          tags = {
            arn  = "arn:${data.aws_partition.p.partition}:s3:::x"
            acct = data.aws_caller_identity.me.account_id
          }
        }
    """})
    attrs = res(inv, "aws_s3_bucket.b").attrs
    assert attrs["bucket"] == "b-us-east-1-us-west-2"
    assert attrs["tags"]["arn"] == "arn:aws:s3:::x"
    assert isinstance(attrs["tags"]["acct"], Unknown)
    assert attrs["tags"]["acct"].origins == {("data.aws_caller_identity.me", "account_id")}


# ------------------------------------------------------------------------------------------ location


def test_provider_region_and_alias(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        variable "region" {
          default = "eu-west-1"
        }
        provider "aws" {
          region = var.region
        }
        provider "aws" {
          alias  = "west"
          region = "us-west-2"
        }
        resource "aws_s3_bucket" "home" {}
        resource "aws_s3_bucket" "away" {
          provider = aws.west
        }
    """})
    assert res(inv, "aws_s3_bucket.home").location.region == "eu-west-1"
    assert res(inv, "aws_s3_bucket.home").location.cloud == "aws"
    away = res(inv, "aws_s3_bucket.away")
    assert away.location.region == "us-west-2"
    assert away.provider == "aws.west"


def test_provider_alias_passed_to_a_module(tmp_path):
    inv = scan(tmp_path, {
        "main.tf": """
            provider "aws" {
              region = "us-east-1"
            }
            provider "aws" {
              alias  = "dr"
              region = "eu-central-1"
            }
            module "replica" {
              source    = "./m"
              providers = { aws = aws.dr }
            }
            module "primary" {
              source = "./m"
            }
        """,
        "m/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
    })
    assert res(inv, "module.replica.aws_s3_bucket.b").location.region == "eu-central-1"
    assert res(inv, "module.primary.aws_s3_bucket.b").location.region == "us-east-1"


def test_azure_location_is_normalised(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "azurerm_resource_group" "rg" {
          name     = "rg"
          location = "East US"
        }
        resource "azurerm_storage_account" "sa" {
          name                = "sa"
          resource_group_name = azurerm_resource_group.rg.name
          location            = azurerm_resource_group.rg.location
        }
    """})
    assert res(inv, "azurerm_resource_group.rg").location.region == "eastus"
    assert res(inv, "azurerm_storage_account.sa").location.region == "eastus"
    assert res(inv, "azurerm_storage_account.sa").location.cloud == "azurerm"


def test_gcp_region_from_zone(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        provider "google" {
          project = "my-proj"
          region  = "europe-west1"
        }
        resource "google_compute_instance" "vm" {
          name = "vm"
          zone = "us-central1-a"
        }
        resource "google_storage_bucket" "b" {
          name     = "b"
          location = "EU"
        }
    """})
    vm = res(inv, "google_compute_instance.vm").location
    assert (vm.cloud, vm.account, vm.region, vm.zone) == ("google", "my-proj", "us-central1", "us-central1-a")
    assert res(inv, "google_storage_bucket.b").location.region == "eu"  # a multi-region, not the provider default


# ------------------------------------------------------------------------------ value-inferred links


def test_lambda_environment_naming_an_endpoint_is_an_inferred_invokes_edge(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_sagemaker_endpoint" "ep" {
          name                 = "fraud-scorer"
          endpoint_config_name = "cfg"
        }
        resource "aws_lambda_function" "fn" {
          function_name = "scorer-client"
          role          = "arn:aws:iam::123456789012:role/x"
          environment {
            variables = {
              ENDPOINT_NAME = "fraud-scorer"
            }
          }
        }
    """})
    graph = build_graph(inv)
    found = edges(graph, "aws_lambda_function.fn", "aws_sagemaker_endpoint.ep")
    assert len(found) == 1
    assert found[0].inferred is True
    assert found[0].relation == Relation.INVOKES
    assert "fraud-scorer" in found[0].evidence


def test_inline_policy_with_unknown_account_links_role_to_endpoint(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        data "aws_caller_identity" "me" {}
        resource "aws_sagemaker_endpoint" "ep" {
          name                 = "fraud-scorer"
          endpoint_config_name = "cfg"
        }
        resource "aws_iam_role" "r" {
          name = "caller"
          assume_role_policy = jsonencode({
            Version   = "2012-10-17"
            Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
          })
        }
        resource "aws_iam_role_policy" "invoke" {
          role = aws_iam_role.r.id
          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [{
              Effect   = "Allow"
              Action   = ["sagemaker:InvokeEndpoint"]
              Resource = "arn:aws:sagemaker:us-east-1:${data.aws_caller_identity.me.account_id}:endpoint/fraud-scorer"
            }]
          })
        }
    """})
    graph = build_graph(inv)
    found = edges(graph, "aws_iam_role.r", "aws_sagemaker_endpoint.ep")
    assert found, [e for e in graph.edges]
    assert all(e.inferred for e in found)
    assert {e.relation for e in found} == {Relation.INVOKES}
    assert any("sagemaker:InvokeEndpoint" in e.evidence for e in found)


def test_s3_url_naming_a_bucket_is_a_data_edge(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "models" {
          bucket = "ml-models-prod"
        }
        resource "aws_sagemaker_model" "m" {
          name               = "m"
          execution_role_arn = "arn:aws:iam::123456789012:role/sm"
          primary_container {
            image          = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1"
            model_data_url = "s3://ml-models-prod/fraud/model.tar.gz"
          }
        }
    """})
    graph = build_graph(inv)
    found = edges(graph, "aws_sagemaker_model.m", "aws_s3_bucket.models")
    assert len(found) == 1
    assert found[0].relation == Relation.DATA
    assert found[0].inferred is True
    assert found[0].evidence == "s3://ml-models-prod/fraud/model.tar.gz"


def test_ecr_image_uri_links_to_the_repository_by_name(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_ecr_repository" "repo" {
          name = "scorer"
        }
        resource "aws_ecr_repository" "other" {
          name = "other"
        }
        resource "aws_lambda_function" "fn" {
          function_name = "scorer"
          package_type  = "Image"
          role          = "arn:aws:iam::123456789012:role/x"
          image_uri     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scorer:1.4.2"
        }
    """})
    graph = build_graph(inv)
    found = edges(graph, "aws_lambda_function.fn", "aws_ecr_repository.repo")
    assert len(found) == 1 and found[0].inferred is True
    assert found[0].relation == Relation.DATA
    assert not edges(graph, "aws_lambda_function.fn", "aws_ecr_repository.other")


def test_declared_reference_is_not_also_inferred(tmp_path):
    inv = scan(tmp_path, {"main.tf": """
        resource "aws_s3_bucket" "b" {
          bucket = "ml-data"
        }
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
          role          = "arn:aws:iam::123456789012:role/x"
          environment {
            variables = {
              DATA = "s3://${aws_s3_bucket.b.bucket}/in/"
            }
          }
        }
    """})
    graph = build_graph(inv)
    found = edges(graph, "aws_lambda_function.fn", "aws_s3_bucket.b")
    assert len(found) == 1
    assert found[0].inferred is False
