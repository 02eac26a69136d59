"""The code is ruff clean (lint rules and formatting from pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], capture_output=True, text=True, cwd=ROOT)


def test_ruff_check() -> None:
    result = ruff("check", "nnbook", "tests", "tools")
    assert result.returncode == 0, result.stdout


def test_ruff_format() -> None:
    result = ruff("format", "--check", "nnbook", "tests", "tools")
    assert result.returncode == 0, result.stdout
