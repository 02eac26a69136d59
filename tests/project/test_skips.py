"""A missing tool is a failure under CI=true: no test skips by itself, every skip goes through missing()."""

from __future__ import annotations

import re

import pytest

import conftest
from conftest import ROOT


def test_no_test_calls_pytest_skip_directly() -> None:
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if path.name != "conftest.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"pytest\.skip\(|pytest\.mark\.skip\b|importorskip\(", line)
    ]
    assert direct == [], "use conftest.missing(reason), which fails under CI=true"


@pytest.mark.parametrize(("in_ci", "outcome"), [(True, pytest.fail.Exception), (False, pytest.skip.Exception)])
def test_missing_fails_in_ci_and_skips_elsewhere(monkeypatch, in_ci, outcome) -> None:
    monkeypatch.setattr(conftest, "IN_CI", in_ci)
    with pytest.raises(outcome, match="no chromium"):
        conftest.missing("no chromium")
