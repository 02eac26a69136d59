"""nnbook.exercises.check: right answers pass, wrong ones get a hint, bad input is refused.

The right answers here are worked out independently of nnbook (plain formulas), so a bug
in the package that shifted an expected value would make these tests fail.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys

import numpy as np
import pytest

from nnbook import exercises
from nnbook.exercises import check


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# exercise id -> (a right answer, a wrong answer), both computed here from the formulas.
ANSWERS = {
    "ch1-ex1": (sigmoid(0.5 * 2 - 1.0 * 1 + 0.25), 0.6),
    "ch1-ex2": (0.9 * (1 - 0.9), 0.1),
    "ch1-ex3": ((0.4 * 3, 0.4 * 4), (3.0, 4.0)),
    "ch1-ex4": ((-2.0, -3.0, 1.0), (1.0, 1.0, -0.5)),
    "ch1-ex5": ((2.0, -4.0, 1.0), (3.0, 1.0, 0.0)),
    "ch1-ex6": (14, 12),
}


def test_every_chapter_1_exercise_is_registered_and_tested_here() -> None:
    chapter_1 = {key for key in exercises.EXERCISES if key.startswith("ch1-")}
    assert chapter_1 == set(ANSWERS)
    assert all(re.fullmatch(r"ch\d+-ex\d+", key) for key in exercises.EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_right_answer_is_accepted(exercise_id: str, capsys) -> None:
    right, _ = ANSWERS[exercise_id]
    assert check(exercise_id, right) is True
    assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("exercise_id", sorted(ANSWERS))
def test_wrong_answer_gets_a_hint_not_the_answer(exercise_id: str, capsys) -> None:
    right, wrong = ANSWERS[exercise_id]
    assert check(exercise_id, wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet.") and len(out) > 30
    if not isinstance(right, tuple):
        for shown in {f"{right:.4f}", f"{right:.3f}", f"{right:.2f}"} - {"0.00"}:
            assert shown not in out, out


def test_answers_within_rounding_are_accepted(capsys) -> None:
    assert check("ch1-ex1", round(sigmoid(0.25), 3))
    assert check("ch1-ex1", np.float32(sigmoid(0.25)))
    assert check("ch1-ex2", np.array(0.09))
    assert not check("ch1-ex1", sigmoid(0.25) + 0.01)


def test_any_weights_that_compute_nor_are_accepted(capsys) -> None:
    for answer in [(-1, -1, 0.5), [-10.0, -0.2, 0.1], np.array([-3.0, -3.0, 0.0])]:
        assert check("ch1-ex4", answer)
    assert not check("ch1-ex4", (-1, -1, -0.5))  # (0, 0) falls on the 0 side


@pytest.mark.parametrize(
    "answer, hint",
    [
        (0.25, "weighted sum"),  # ch1-ex1: forgot the activation
    ],
)
def test_likely_slips_get_their_own_hint(answer, hint, capsys) -> None:
    assert not check("ch1-ex1", answer)
    assert hint in capsys.readouterr().out


def test_other_slips(capsys) -> None:
    assert not check("ch1-ex2", 0.9)
    assert "value, not its slope" in capsys.readouterr().out
    assert not check("ch1-ex3", (-1.2, -1.6))
    assert "wrong side" in capsys.readouterr().out.replace("\n", " ")
    assert not check("ch1-ex3", (6.0, 8.0))  # 2 = |b|/‖w‖ steps of w instead of 2 units of length
    assert "not of length 1" in capsys.readouterr().out.replace("\n", " ")
    assert not check("ch1-ex3", (2.0, 1.0))  # 3·2 + 4·1 − 10 = 0: on the line, not nearest
    assert "not the nearest" in capsys.readouterr().out.replace("\n", " ")
    assert check("ch1-ex3", [1.2, 1.6])
    assert "2 from the origin" in capsys.readouterr().out.replace("\n", " ")
    assert not check("ch1-ex5", (1.0, -2.0, 0.5))
    assert "tanh neuron's own numbers" in capsys.readouterr().out
    assert not check("ch1-ex5", (2.0, -4.0, 0.0))
    assert "bias" in capsys.readouterr().out
    assert not check("ch1-ex6", 16)
    assert "Not all" in capsys.readouterr().out


@pytest.mark.parametrize("bad_id", ["ch1-ex99", "ch9-ex1", "", None, 1])
def test_unknown_id_is_a_value_error_listing_the_known_ones(bad_id) -> None:
    with pytest.raises(ValueError, match=r"unknown exercise id.*ch1-ex1"):
        check(bad_id, 0.5)


@pytest.mark.parametrize(
    "exercise_id, answer, expected",
    [
        ("ch1-ex1", "0.56", "a single number"),
        ("ch1-ex1", [0.56], "a single number"),
        ("ch1-ex1", None, "a single number"),
        ("ch1-ex1", True, "a single number"),
        ("ch1-ex1", float("nan"), "finite"),
        ("ch1-ex1", complex(0.5, 0), "a single number"),
        ("ch1-ex4", (1.0, 2.0), "3 numbers"),
        ("ch1-ex4", "1, 1, 1", "3 numbers"),
        ("ch1-ex4", (1.0, "a", 2.0), "3 numbers"),
        ("ch1-ex4", (1.0, float("inf"), 2.0), "finite"),
        ("ch1-ex4", [[1.0, 2.0, 3.0]], "3 numbers"),
    ],
)
def test_malformed_answer_is_a_value_error_saying_what_was_expected(exercise_id, answer, expected) -> None:
    with pytest.raises(ValueError, match=expected) as error:
        check(exercise_id, answer)
    assert exercise_id in str(error.value)


def test_registering_an_id_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="already registered"):
        exercises.numeric_exercise("ch1-ex1", "again?", lambda: 1.0, "hint")


def test_describe_names_the_question_and_the_answer_form() -> None:
    text = exercises.describe("ch1-ex4")
    assert "NOR" in text and "3 numbers" in text
    with pytest.raises(ValueError):
        exercises.describe("nope")


def test_the_count_of_threshold_functions_is_14() -> None:
    # 16 tables of two inputs minus XOR and XNOR, the two that are not linearly separable.
    assert exercises.count_threshold_functions() == 14


def test_exercises_stay_in_the_core_without_matplotlib() -> None:
    code = "import sys, nnbook.exercises; assert 'matplotlib' not in sys.modules and 'ipywidgets' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
