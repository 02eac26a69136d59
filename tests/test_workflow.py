"""The GitHub Actions workflow that forks use to test and publish the book is valid."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

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


def test_workflow_keeps_the_verified_pyodide_wheels() -> None:
    """The wheelhouse that tools/fetch_pyodide.py keeps is cached and uploaded (a fork can rebuild from it)."""
    sys.path.insert(0, str(ROOT / "tools"))
    import fetch_pyodide

    kept = fetch_pyodide.verified_wheelhouse().relative_to(ROOT).as_posix()
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["test"]["steps"]
    uses = {str(step.get("uses", "")).split("@")[0]: step for step in steps}
    assert uses["actions/cache"]["with"]["path"] == kept
    assert fetch_pyodide.PYODIDE_VERSION in uses["actions/cache"]["with"]["key"]
    assert uses["actions/upload-artifact"]["with"]["path"] == kept
    names = [str(step.get("uses", step.get("run"))) for step in steps]
    assert names.index(next(n for n in names if n.startswith("actions/cache"))) < names.index("make test")
