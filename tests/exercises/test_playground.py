"""Chapter 7's checkable exercises: the right answers pass, the likely slips get their hints."""

from __future__ import annotations

import pytest

from nnbook.exercises import EXERCISES, check


def test_chapter_7_exercises_are_registered() -> None:
    assert {"ch7-ex1", "ch7-ex2", "ch7-ex5"} <= set(EXERCISES)


@pytest.mark.parametrize(("exercise_id", "answer"), [("ch7-ex1", 105), ("ch7-ex2", 0.999**100), ("ch7-ex5", 50)])
def test_right_answers(exercise_id: str, answer: float, capsys) -> None:
    assert check(exercise_id, answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("exercise_id", "answer", "hint"),
    [
        ("ch7-ex1", 88, "bias"),
        ("ch7-ex2", 0.999, "single update"),
        ("ch7-ex5", 5, "η·λ"),
    ],
)
def test_likely_slips_get_their_hint(exercise_id: str, answer: float, hint: str, capsys) -> None:
    assert not check(exercise_id, answer)
    assert hint in capsys.readouterr().out
