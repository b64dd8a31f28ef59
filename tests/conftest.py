"""Shared test set-up: the --update-golden flag and a golden-file comparison helper."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
# the adapters live in providers/; they are installed in the venv, but make a plain checkout work too
for adapter in sorted((ROOT / "providers").iterdir()):
    if adapter.is_dir() and str(adapter) not in sys.path:
        sys.path.append(str(adapter))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite golden files from the current output instead of comparing")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's cache."""
    monkeypatch.setenv("INFRA2ARCH_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


class Golden:
    def __init__(self, update: bool):
        self.update = update

    def check(self, path: Path, actual: str) -> None:
        if self.update or not path.exists():
            if not self.update:
                pytest.fail(f"golden file {path} is missing: run pytest --update-golden to create it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            import difflib

            diff = "".join(list(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                     str(path), "actual", n=2))[:80])
            pytest.fail(f"output differs from {path.name} (pytest --update-golden rewrites it):\n{diff}")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    return Golden(request.config.getoption("--update-golden"))
