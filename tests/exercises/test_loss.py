"""Chapter 3's checkable exercises: right answers (worked out here by formula) pass, slips get hints."""

from __future__ import annotations

import math

import pytest

from nnbook import exercises
from nnbook.exercises import check


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


_SOFTMAX_0 = math.exp(2.0) / (math.exp(2.0) + math.exp(1.0) + math.exp(0.1))
_SLOPE = sigmoid(4.0) * (1 - sigmoid(4.0))
_SLOPE_6 = sigmoid(6.0) * (1 - sigmoid(6.0))

# id -> (right answer, [(a likely slip, a word its hint must contain)])
ANSWERS = {
    "ch3-ex1": ((0.01 + 0.04 + 0.16 + 0.09) / 4, [(0.15, "factors"), (0.30, "sum of squares"), (0.0375, "samples")]),
    "ch3-ex2": (-math.log(_SOFTMAX_0), [(_SOFTMAX_0, "logarithm"), (-math.log2(_SOFTMAX_0), "bits")]),
    "ch3-ex3": (_SLOPE_6, [(sigmoid(6.0), "slope"), (0.25, "steepest"), (_SLOPE, "w = b = 2")]),
    "ch3-ex4": (0.15 * sigmoid(4.0) * _SLOPE, [(0.15 * sigmoid(4.0), "cross-entropy"), (sigmoid(4.0) * _SLOPE, "η")]),
}


def test_every_checkable_chapter_3_exercise_is_tested_here() -> None:
    assert {key for key in exercises.EXERCISES if key.startswith("ch3-")} == set(ANSWERS)


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_right_answers_pass_and_slips_get_their_hint(exercise_id: str, capsys: pytest.CaptureFixture) -> None:
    right, slips = ANSWERS[exercise_id]
    assert check(exercise_id, right)
    assert "Correct" in capsys.readouterr().out
    for value, word in slips:
        assert not check(exercise_id, value)
        assert word in capsys.readouterr().out.replace("\n", " ")
    assert not check(exercise_id, right + 0.01)


def test_four_significant_digits_are_asked_for_shown_and_required(capsys: pytest.CaptureFixture) -> None:
    step = 0.15 * sigmoid(4.0) * _SLOPE  # 0.002602...
    assert check("ch3-ex4", round(step, 6))
    assert "0.002602 is right" in capsys.readouterr().out
    assert not check("ch3-ex4", round(step, 4))  # 0.0026: two significant digits only
    assert check("ch3-ex3", round(_SLOPE_6, 6))
    assert "0.002467 is right" in capsys.readouterr().out


def test_a_wrong_form_is_refused() -> None:
    with pytest.raises(ValueError, match="a single number"):
        check("ch3-ex1", [0.075])
