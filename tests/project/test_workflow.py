"""The GitHub Actions workflow that forks use to test and publish the book is valid."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomllib
import yaml
from packaging.version import Version

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"


def schema_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )


def test_workflow_matches_the_github_workflow_schema() -> None:
    result = schema_check(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = yaml.safe_load(WORKFLOW.read_text())
    broken["jobs"]["test"]["runs-on"] = {"not": "a runner"}
    del broken["jobs"]["test"]["steps"]
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken))
    assert schema_check(path).returncode != 0


def test_workflow_runs_make_test_and_publishes_the_built_book() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    steps = workflow["jobs"]["test"]["steps"]
    runs = [step.get("run") for step in steps]
    assert "make test" in runs
    # the PDF is built before the HTML book, which then links it and carries it to the site
    assert "make test-pdf" in runs and runs.index("make test-pdf") < runs.index("make test")
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "_build/html"
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def claimed_pythons() -> list[str]:
    classifiers = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["classifiers"]
    prefix = "Programming Language :: Python :: "
    return sorted((c.removeprefix(prefix) for c in classifiers if c.startswith(prefix)), key=Version)


def test_the_package_is_tested_on_the_oldest_and_newest_claimed_python() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    claimed = claimed_pythons()
    assert project["requires-python"] == f">={claimed[0]}"
    assert workflow["jobs"]["package"]["strategy"]["matrix"]["python-version"] == [claimed[0], claimed[-1]]
    assert f"Python {claimed[0]} to {claimed[-1]}" in (ROOT / "README.md").read_text()


def test_only_the_deploy_job_may_write_to_pages() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert ("pages" in job.get("permissions", {})) == (name == "deploy"), name
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_download_cache_is_kept_between_runs() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    caches = [step for step in steps if str(step.get("uses", "")).startswith("actions/cache")]
    assert caches and caches[0]["with"]["path"] == ".cache"
    assert steps.index(caches[0]) < next(i for i, step in enumerate(steps) if step.get("run") == "make test")


def test_the_package_job_runs_every_package_test_folder() -> None:
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["package"]["steps"]
    (run,) = [step["run"] for step in steps if step.get("run", "").startswith("python -m pytest")]
    folders = {"tests/core", "tests/plots", "tests/widgets", "tests/exercises"}
    assert folders <= set(run.split())
    for folder in folders:
        assert any((ROOT / folder).glob("test_*.py")), folder
    # every package part has its test folder
    parts = {path.name for path in (ROOT / "nnbook").iterdir() if (path / "__init__.py").exists()} - {"data"}
    assert {f"tests/{part}" for part in parts} | {"tests/core"} == folders


def test_workflow_keeps_the_verified_pyodide_wheels() -> None:
    """The wheelhouse that tools/fetch_pyodide.py keeps is cached and uploaded (a fork can rebuild from it)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import fetch_pyodide

    kept = fetch_pyodide.verified_wheelhouse().relative_to(ROOT).as_posix()
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    uses = {str(step.get("uses", "")).split("@")[0]: step for step in steps}
    cached = uses["actions/cache"]["with"]["path"]
    assert kept.startswith(cached + "/"), f"{kept} is not inside the cached {cached}"
    assert "tools/fetch_pyodide.py" in uses["actions/cache"]["with"]["key"], "new pins must make a new cache"
    assert uses["actions/upload-artifact"]["with"]["path"] == kept
