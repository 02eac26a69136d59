"""nnbook installs whole: the wheel (what `pip install .` and live mode use) has every module."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import tomllib

from conftest import ROOT


def test_the_wheel_contains_every_module_of_the_package(tmp_path: Path) -> None:
    # build from a copy: setuptools leaves a build/ folder next to the sources
    source = tmp_path / "source"
    shutil.copytree(ROOT / "nnbook", source / "nnbook", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nnbook-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    packaged = {name for name in names if name.endswith(".py")}
    sources = {path.relative_to(ROOT).as_posix() for path in (ROOT / "nnbook").rglob("*.py")}
    assert sources - packaged == set(), "modules missing from the wheel"
    assert "nnbook/data/digits.csv.gz" in names, "the digits are missing from the wheel"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names), "the licence is missing"
    assert {"nnbook/exercises/__init__.py", "nnbook/widgets/base.py", "nnbook/plots/neuron.py"} <= packaged


def test_pyproject_and_requirements_agree_on_every_floor() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["widgets"]
    floors = dict(re.fullmatch(r"([\w-]+)>=([\d.]+)", spec).groups() for spec in declared)
    pinned = dict(re.findall(r"^([\w-]+)>=([\d.]+)", (ROOT / "requirements.txt").read_text(), re.MULTILINE))
    assert {"numpy", "matplotlib", "ipywidgets"} <= floors.keys()
    assert {name: pinned.get(name) for name in floors} == floors


def test_the_licence_is_mit() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT"  # setuptools packs LICENSE by its default license-files
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
