"""Chapter 5's checkable exercises: the right answers pass, the likely slips get their hints."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook
from nnbook.exercises import EXERCISES, check


def test_chapter_5_exercises_are_registered() -> None:
    assert {f"ch5-ex{k}" for k in range(1, 6)} <= set(EXERCISES)


@pytest.mark.parametrize(
    ("exercise_id", "answer"),
    [("ch5-ex1", 0.9), ("ch5-ex2", 0.25), ("ch5-ex3", 0.4), ("ch5-ex4", 7), ("ch5-ex5", 66)],
)
def test_right_answers(exercise_id: str, answer: float, capsys) -> None:
    assert check(exercise_id, answer)
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("exercise_id", "answer", "hint"),
    [
        ("ch5-ex1", 0.1, "subtracting"),
        ("ch5-ex1", 0.7, "x = 2"),
        ("ch5-ex2", 0.125, "best rate"),
        ("ch5-ex3", 0.5, "bias"),
        ("ch5-ex4", 6, "seventh"),
        ("ch5-ex5", 65, "round up"),
        ("ch5-ex5", 70, "e^"),
    ],
)
def test_likely_slips_get_their_hint(exercise_id: str, answer: float, hint: str, capsys) -> None:
    assert not check(exercise_id, answer)
    assert hint in capsys.readouterr().out.replace("\n", " ")


def test_expected_values_agree_with_the_mathematics() -> None:
    # ch5-ex1: w − η·(o − t)·x with o = 1, t = 3, x = 2
    assert math.isclose(EXERCISES["ch5-ex1"].judge.expected(), 0.5 - 0.1 * (1 - 3) * 2)
    # ch5-ex3: 2/‖(x, 1)‖²
    assert math.isclose(EXERCISES["ch5-ex3"].judge.expected(), 2 / 5)
    # ch5-ex5: smallest k with 0.9^k ≤ 0.001
    k = EXERCISES["ch5-ex5"].judge.expected()
    assert 0.9**k <= 1e-3 < 0.9 ** (k - 1)
    # ch5-ex4: count the batches nnbook.train makes
    X, y = nnbook.datasets.xor(n=200, seed=0)
    net = nnbook.Network([2, 2, 1], seed=0)
    before = net.copy()
    nnbook.train(net, X, y, epochs=1, batch_size=32, seed=0)
    assert EXERCISES["ch5-ex4"].judge.expected() == len(range(0, 200, 32))
    assert not np.allclose(net.layers[0].W, before.layers[0].W)


def test_wrong_forms_are_refused() -> None:
    with pytest.raises(ValueError, match="single number"):
        check("ch5-ex2", [0.25])
    with pytest.raises(ValueError):
        check("ch5-ex2", float("nan"))
