"""Chapter 4's exercises: right answers (worked out here by hand) pass, likely slips get their hint."""

from __future__ import annotations

import math

import pytest

from nnbook import exercises
from nnbook.exercises import check


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


A1 = sigmoid(-1.0 * 0.5 + 2.0)
# exercise id -> (a right answer, a wrong answer), both computed from the formulas.
ANSWERS = {
    "ch4-ex1": ((A1 - 0.0) * A1 * (1 - A1) * 0.5, (A1 - 0.0) * A1 * (1 - A1)),
    "ch4-ex2": (19.0, 0.0),
    "ch4-ex3": (2 * (784 * 30 + 30 + 30 * 10 + 10), 784 * 30 + 30 * 10),
    "ch4-ex4": (0.5, 0.1),
}


def test_every_chapter_4_exercise_is_tested_here() -> None:
    assert {key for key in exercises.EXERCISES if key.startswith("ch4-")} == set(ANSWERS)


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_right_and_wrong(exercise_id: str, capsys: pytest.CaptureFixture) -> None:
    right, wrong = ANSWERS[exercise_id]
    assert check(exercise_id, right)
    assert "Correct" in capsys.readouterr().out
    assert not check(exercise_id, wrong)
    assert "Not yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("exercise_id", "slip", "hint"),
    [
        ("ch4-ex1", A1 - 0.0, "∂𝓛/∂a"),
        ("ch4-ex1", (A1 - 0.0) * A1 * (1 - A1), "∂𝓛/∂b"),
        ("ch4-ex1", A1 * 0.5, "σ′(z)"),
        ("ch4-ex2", -19.0, "sign"),
        ("ch4-ex2", 38.0, "x₂"),
        ("ch4-ex2", -9.5, "W⁽²⁾[0, 1]"),
        ("ch4-ex3", 23860, "two passes"),
        ("ch4-ex3", 2 * (784 * 30 + 30 * 10), "biases"),
        ("ch4-ex4", 0.7, "length"),
        ("ch4-ex4", 0.25, "square root"),
    ],
)
def test_likely_slips_get_their_hint(exercise_id: str, slip: float, hint: str, capsys: pytest.CaptureFixture) -> None:
    assert not check(exercise_id, slip)
    assert hint in capsys.readouterr().out.replace("\n", " ")


def test_answers_of_the_wrong_form_are_refused() -> None:
    with pytest.raises(ValueError, match="ch4-ex2 expects a single number"):
        check("ch4-ex2", [19.0, 38.0])
