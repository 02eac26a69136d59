"""Chapter 2's exercises: right answers (worked out here by hand) pass, likely slips get their hint."""

from __future__ import annotations

import pytest

from nnbook.exercises import check

# exercise id -> (a right answer, a wrong answer and a word of its hint), worked out without nnbook.
ANSWERS = {
    "ch2-ex1": (784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10, (784 * 128 + 128 * 64 + 64 * 10, "bias")),
    # z¹ = (1 − 2 + 0.5, 2 + 2 − 1) = (−0.5, 3), h = (0, 3), y = 0 − 6 + 0.5
    "ch2-ex2": (-5.5, (-6.0, "ReLU")),
    # w = W²W¹ = (2, 4 − 1), b = W²b¹ + b² = 2 + 3
    "ch2-ex3": ((2.0, 3.0, 5.0), ((2.0, 3.0, 3.0), "b¹")),
    # hidden AND and NOR, output OR
    "ch2-ex4": ((20, 20, -20, -20, -30, 10, 20, 20, -10), ((20, 20, -20, -20, -10, 30, 20, 20, -30), "wrong")),
    "ch2-ex5": (32 * (784 * 128 + 128 * 64 + 64 * 10), (784 * 128 + 128 * 64 + 64 * 10, "32")),
}


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_right_answers_pass_and_wrong_ones_get_the_hint(exercise_id: str, capsys: pytest.CaptureFixture) -> None:
    right, (wrong, hint_word) = ANSWERS[exercise_id]
    assert check(exercise_id, right) is True
    assert "Correct" in capsys.readouterr().out
    assert check(exercise_id, wrong) is False
    out = capsys.readouterr().out.replace("\n", " ")
    assert "Not yet" in out and hint_word in out


def test_every_chapter_2_exercise_is_tested() -> None:
    from nnbook.exercises import EXERCISES

    assert {key for key in EXERCISES if key.startswith("ch2-")} == set(ANSWERS)


def test_bad_answers_are_refused() -> None:
    with pytest.raises(ValueError, match="9 numbers"):
        check("ch2-ex4", (1.0, 2.0))
    with pytest.raises(ValueError, match="single number"):
        check("ch2-ex1", "109386")
