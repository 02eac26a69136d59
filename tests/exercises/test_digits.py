"""Chapter 8's exercises are checkable."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from nnbook.exercises import check


def test_exercises_are_checkable(capsys) -> None:
    assert check("ch8-ex1", 9610)
    assert not check("ch8-ex1", 64 * 128 + 128 * 10)
    assert "bias" in capsys.readouterr().out
    assert check("ch8-ex2", 133 / 150)
    assert not check("ch8-ex2", 133)
    assert check("ch8-ex3", 0.9999)
    assert not check("ch8-ex3", 0.0001)
    with pytest.raises(ValueError, match="a single number"):
        check("ch8-ex1", "9610")
