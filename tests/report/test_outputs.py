"""Markdown, manifest, determinism, --previous, the CLI and the framework data."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from infra2arch.annotate.findings import frameworks
from infra2arch.annotate.findings.controls import RULE_FAMILIES, controls_for
from infra2arch.cli import main
from infra2arch.errors import UserError
from infra2arch.render.graph_json import loads_with_annotations
from infra2arch.report import build
from tests.report.conftest import report_cli

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_markdown_links_maps_beside_it(aws_report: Path) -> None:
    text = (aws_report / "report.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert "maps/overview.png" in links and "maps/engineering.png" in links
    for link in links:
        assert (aws_report / link).is_file(), link
        assert (aws_report / link).read_bytes().startswith(b"\x89PNG")
    for heading in ("## 2 Executive summary", "## 4 Inventory", "## 6 Findings", "## 7 Control matrix",
                    "## 9 Gaps and accuracy statement", "## 11 Evidence appendix"):
        assert heading in text
    # tables stay tables: every row of the inventory has the header's cell count
    lines = text.splitlines()
    start = lines.index("| Resource | Type | Classification tags | Zone | Location | Encryption at rest | Public access | Source |")
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        assert len(re.findall(r"(?<!\\)\|", line)) == 9, line


def test_manifest_hashes_every_output_and_input(aws_report: Path, hostile_graph: Path) -> None:
    manifest = json.loads((aws_report / "manifest.json").read_text(encoding="utf-8"))
    outputs = {o["path"]: o for o in manifest["outputs"]}
    assert {"report.html", "report.pdf", "report.md", "maps/overview.png", "maps/security.svg"} <= set(outputs)
    for path, entry in outputs.items():
        assert hashlib.sha256((aws_report / path).read_bytes()).hexdigest() == entry["sha256"], path
    assert manifest["graph"]["sha256"] == hashlib.sha256(hostile_graph.read_bytes()).hexdigest()
    inputs = {i["path"]: i for i in manifest["inputs"]}
    tfvars = SAMPLES / "aws-sagemaker" / "terraform.tfvars"  # the scanned copy has the same bytes
    assert inputs["terraform.tfvars"]["sha256"] == hashlib.sha256(tfvars.read_bytes()).hexdigest()
    assert "modules/subnet-pair/main.tf" in inputs and "lambda/invoke_endpoint.zip" in inputs  # module, file()
    assert manifest["versions"]["infra2arch"] and manifest["versions"]["weasyprint"]
    assert manifest["git"] == {"state": "not a git work tree (or no commit yet)"}
    assert manifest["price_book"] and manifest["generated_at"].endswith("Z")


def test_lock_file_providers_and_changed_inputs(aws_graph: Path, tmp_path: Path) -> None:
    """A copied tree with a .terraform.lock.hcl and an edited file: the report names the provider
    versions and says the edited file changed since the scan."""
    import shutil

    import subprocess

    tree = tmp_path / "tree"
    shutil.copytree(SAMPLES / "aws-sagemaker", tree)
    (tree / ".terraform.lock.hcl").write_text(
        '# This file is maintained automatically by "terraform init".\n\n'
        'provider "registry.terraform.io/hashicorp/aws" {\n  version     = "5.100.0"\n'
        '  constraints = "~> 5.60"\n  hashes = [\n    "h1:abc=",\n    "zh:0123",\n  ]\n}\n', encoding="utf-8")
    git = ["git", "-C", str(tree), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "infra"], check=True)
    commit = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    assert main(["scan", "terraform", str(tree), "-o", str(tmp_path / "scan"), "-q", "--no-cache"]) == 0
    (tree / "ml.tf").write_text((tree / "ml.tf").read_text() + "\n# edited after the scan\n")
    build(tmp_path / "scan", tmp_path / "report", formats="md", frameworks=["soc2"])
    manifest = json.loads((tmp_path / "report" / "manifest.json").read_text())
    assert manifest["terraform_providers"]["registry.terraform.io/hashicorp/aws"]["version"] == "5.100.0"
    assert manifest["git"]["commit"] == commit and manifest["git"]["state"] == "dirty"
    assert manifest["git"]["changed_files"] == ["ml.tf"]
    notes = {i["path"]: i["note"] for i in manifest["inputs"]}
    assert "CHANGED" in notes["ml.tf"] and notes["main.tf"] == "recorded at scan; unchanged"
    text = (tmp_path / "report" / "report.md").read_text()
    assert "5.100.0" in text and "CHANGED" in text


def test_same_inputs_same_bytes(hostile_graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("a", "b"):
        assert report_cli(str(hostile_graph), "-o", str(tmp_path / name), "--framework", "soc2", "-q",
                          env={"SOURCE_DATE_EPOCH": "1767225600"}).returncode == 0
    for path in ("report.html", "report.md", "report.pdf", "maps/engineering.svg"):
        assert (tmp_path / "a" / path).read_bytes() == (tmp_path / "b" / path).read_bytes(), path
    # the manifest too, but for the live git state of the scanned tree (this work tree may get commits meanwhile)
    manifests = [json.loads((tmp_path / n / "manifest.json").read_text()) for n in ("a", "b")]
    for manifest in manifests:
        manifest.pop("git")
    assert manifests[0] == manifests[1]
    assert "2026-01-01T00:00:00Z" in (tmp_path / "a" / "report.html").read_text()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    build(hostile_graph, tmp_path / "c", formats="html,md", frameworks=["soc2"])
    moment = json.loads((tmp_path / "c" / "manifest.json").read_text())["generated_at"]
    for path in ("report.html", "report.md"):
        now = (tmp_path / "c" / path).read_text().replace(moment, "2026-01-01T00:00:00Z")
        assert now == (tmp_path / "a" / path).read_text(), f"{path} differs in more than generated-at"


def test_changes_since_previous(aws_graph: Path, tmp_path: Path) -> None:
    data = json.loads(aws_graph.read_text())
    removed = next(r["address"] for r in data["resources"] if r["type"] == "aws_sagemaker_notebook_instance")
    data["resources"] = [r for r in data["resources"] if r["address"] != removed]
    data["annotations"]["findings"] = [f for f in data["annotations"]["findings"] if f["address"] != removed]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data))
    build(aws_graph, tmp_path / "out", formats="md", frameworks=["soc2"], previous=old)
    text = (tmp_path / "out" / "report.md").read_text()
    section = text[text.index("## 10 Changes"):text.index("## 11 Evidence")]
    assert "1 added, 0 removed" in section
    assert removed.replace("_", "\\_") in section
    assert "I2A-AWS-001" in section  # the notebook's findings opened
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["previous"]["sha256"] == hashlib.sha256(old.read_bytes()).hexdigest()


def test_graph_without_annotations_is_annotated(aws_graph: Path, tmp_path: Path) -> None:
    data = json.loads(aws_graph.read_text())
    del data["annotations"]
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(data))
    build(bare, tmp_path / "out", formats="md", frameworks=["pci-dss"])
    assert "I2A-AWS-001" in (tmp_path / "out" / "report.md").read_text()


def test_cli_report(aws_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "cli"
    assert main(["report", str(aws_graph.parent), "-o", str(out), "--format", "md", "--framework", "soc2,hipaa",
                 "--title", "Fraud scoring", "--system", "fraud-scoring (dev)"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "maps", "report.md"]
    text = (out / "report.md").read_text()
    assert text.startswith("# Fraud scoring") and "fraud-scoring (dev)" in text
    assert "### SOC 2" in text and "### HIPAA Security Rule" in text and "### ISO/IEC 27001" not in text
    assert main(["report", str(aws_graph), "-o", str(out), "--format", "md", "--framework", "soc2",
                 "--fail-on", "high", "-q"]) == 4
    assert "I2A-AWS-001" in capsys.readouterr().err
    for argv, message in ((["report", str(tmp_path / "none.json")], "no such file"),
                          (["report", str(tmp_path)], "no graph.json"),
                          (["report", str(aws_graph), "--format", "docx"], "html, pdf and md"),
                          (["report", str(aws_graph), "--framework", "sox"], "soc2, iso27001")):
        assert main(argv + ["-o", str(tmp_path / "x")]) == 2
        err = capsys.readouterr().err
        assert message in err and "Traceback" not in err
    (tmp_path / "bad.json").write_text("{not json")
    assert main(["report", str(tmp_path / "bad.json"), "-o", str(tmp_path / "x")]) == 2
    assert "not an infra2arch graph JSON" in capsys.readouterr().err


def test_input_graph_is_never_changed(aws_graph: Path, tmp_path: Path) -> None:
    before = aws_graph.read_bytes()
    build(aws_graph, aws_graph.parent, formats="md", frameworks=["soc2"])  # output beside the input
    assert aws_graph.read_bytes() == before


def test_every_control_a_rule_evidences_is_in_its_framework_file() -> None:
    for framework in frameworks.all_frameworks():
        listed = {c.id for c in framework.controls}
        assert len(listed) == len(framework.controls), f"{framework.id}: duplicate control ids"
        used = {c for rule in RULE_FAMILIES for c in controls_for(rule)[framework.key]}
        assert used <= listed, (framework.id, sorted(used - listed))
        manual = [c for c in framework.controls if c.evidence == "manual"]
        assert manual, f"{framework.id}: controls needing manual evidence are listed, not left out"
    assert len(frameworks.load("iso27001").controls) == 93  # every Annex A control of ISO/IEC 27001:2022


def test_framework_names() -> None:
    assert frameworks.parse_frameworks(None) == frameworks.ORDER
    assert frameworks.parse_frameworks(["PCI", "soc-2,nist"]) == ("soc2", "pci-dss", "nist-ai-rmf")
    with pytest.raises(UserError):
        frameworks.parse_frameworks(["sox"])


def test_control_matrix_statuses(aws_graph: Path) -> None:
    from infra2arch.report.matrix import control_matrix

    _, annotations = loads_with_annotations(aws_graph.read_text())
    matrix = control_matrix(frameworks.load("soc2"), annotations.findings)
    rows = {r.control: r for r in matrix.rows}
    assert rows["CC6.6"].status == "fail" and "aws_sagemaker_notebook_instance.research" in rows["CC6.6"].resources
    assert rows["CC1.1"].status == "manual" and rows["CC1.1"].evidence == "manual"
    assert rows["DC 200"].status == "report" and "4 Inventory" in rows["DC 200"].sections
    assert sum(matrix.totals.values()) == len(matrix.rows) == len(frameworks.load("soc2").controls)


def test_waivers_are_listed_with_reason_and_expiry(aws_graph: Path, tmp_path: Path) -> None:
    config = tmp_path / "infra2arch.yaml"
    config.write_text(
        "waivers:\n"
        "  - rule: I2A-AWS-001\n    address: aws_sagemaker_notebook_instance.research\n"
        "    reason: Research notebook behind the egress proxy (SEC-123)\n    expires: 2099-03-31\n"
        "  - rule: I2A-AWS-027\n    address: aws_security_group.notebook\n"
        "    reason: Temporary opening for the demo\n    expires: 2020-01-01\n", encoding="utf-8")
    build(aws_graph, tmp_path / "out", formats="md", frameworks=["soc2"], config=config)
    text = (tmp_path / "out" / "report.md").read_text()
    section = text[text.index("### I2A-AWS-001"):]
    section = section[:section.index("\n### ", 10)]
    assert "| Waived | Evidence | Source |" in section
    assert "Research notebook behind the egress proxy (SEC-123) (expires 2099-03-31)" in section
    expired = text[text.index("### I2A-AWS-027"):]
    assert "waiver EXPIRED (2020-01-01), no longer applies: Temporary opening for the demo" in expired
    assert "| Failing | Evidence | Source |" in expired[:expired.index("\n### ", 10)]


def test_headline_counts_agree_with_the_scan_summary(aws_graph: Path, tmp_path: Path) -> None:
    # "exposed to the internet" counted the whole edge zone (gateways, public IPs) while the scan
    # summary counted workloads reachable from the internet: the same estate said 4 and 1
    import json

    from infra2arch.report import read_graph

    report_cli(str(aws_graph), "-o", str(tmp_path / "r"), "--format", "md")
    text = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    _, graph, annotations = read_graph(aws_graph)
    reachable = len({e.asset for e in annotations.exposures})
    edge = sum(1 for r in graph.resources if r.address not in graph.folded
               and (z := annotations.zones.get(r.address)) is not None and z.zone.value == "edge")
    assert f"| workloads reachable from the internet | **{reachable}** |" in text
    assert f"| internet-facing resources (edge zone) | **{edge}** |" in text
    assert f"**Internet-facing: the edge zone ({edge})**" in text
    assert json.loads(aws_graph.read_text())["annotations"]["exposures"]   # the sample has some


def test_utility_resources_are_not_a_cloud(tmp_path: Path) -> None:
    from infra2arch.graph import build_graph
    from infra2arch.report.assemble import counts_by_cloud
    from infra2arch_terraform.options import TerraformOptions
    from infra2arch_terraform.provider import TerraformProvider

    (tmp_path / "main.tf").write_text('resource "random_string" "s" {\n  length = 4\n}\n'
                                      'resource "time_sleep" "w" {\n  create_duration = "1s"\n}\n'
                                      'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n')
    graph = build_graph(TerraformProvider().scan(str(tmp_path), TerraformOptions(use_cache=False, environment={})))
    counts = {c.label: (c.count, c.detail) for c in counts_by_cloud(graph)}
    assert counts["Utility resources"] == (2, "random, time: no cloud infrastructure")
    assert "random" not in counts and "time" not in counts and counts["AWS"][0] == 1


def test_control_rows_name_the_rules_that_apply_to_this_estate(aws_graph: Path) -> None:
    # an AWS estate's rows listed every Azure and GCP rule a control maps (80 ids in one cell)
    from infra2arch.annotate.findings.frameworks import all_frameworks
    from infra2arch.report import read_graph
    from infra2arch.report.matrix import control_matrix

    _, _, annotations = read_graph(aws_graph)
    evaluated = {f.rule_id for f in annotations.findings}
    seen_count = False
    for framework in all_frameworks():
        for row in control_matrix(framework, annotations.findings).rows:
            named = set(re.findall(r"I2A-[A-Z]+-\d+", row.rules))
            assert named <= evaluated, (framework.id, row.control, named - evaluated)
            seen_count |= "for resource types not in this estate" in row.rules
    assert seen_count
    assert not any(rule.startswith(("I2A-AZ-", "I2A-GCP-")) for rule in evaluated)
