"""Static checks that keep the code honest: pyflakes-level errors (ruff) and types (mypy)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import ROOT


def run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.skipif(
    shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) is None
    and run("ruff", "--version").returncode != 0,
    reason="ruff is not installed",
)
def test_no_undefined_names_or_unused_imports() -> None:
    result = run("ruff", "check", "src", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(run("mypy", "--version").returncode != 0, reason="mypy is not installed")
def test_types() -> None:
    result = run("mypy", "src/wparchive")
    assert result.returncode == 0, result.stdout + result.stderr
