"""The generated reference pages in docs/ match what the code and its data generate."""

from __future__ import annotations

import pytest

from infra2arch.docs import pages

from conftest import ROOT


@pytest.mark.parametrize("name", ["rules.md", "prices.md", "latency.md"])
def test_generated_docs_are_current(name, golden):
    golden.check(ROOT / "docs" / name, pages()[name])


def test_every_rule_appears_once_in_the_rules_page():
    from infra2arch.annotate.findings import RULES

    text = pages()["rules.md"]
    for rule in RULES:
        assert text.count(f"| {rule.id} |") == 1, rule.id
