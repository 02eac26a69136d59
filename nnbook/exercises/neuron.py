"""Chapter 1's exercises: the neuron (registered on import)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

import numpy as np

from nnbook.datasets import logic_gate
from nnbook.exercises.base import Mistake, Verdict, numeric_exercise, parameter_exercise
from nnbook.neuron import Neuron, sigmoid_derivative

_CH1_EX1 = Neuron([0.5, -1.0], 0.25, "sigmoid")
_CH1_EX1_X = np.array([2.0, 1.0])

numeric_exercise(
    "ch1-ex1",
    "What does the sigmoid neuron with w = (0.5, −1.0), b = 0.25 output for x = (2, 1)?",
    expected=lambda: _CH1_EX1(_CH1_EX1_X),
    hint="Compute z = w·x + b first (equation 1.1), then apply σ (equation 1.4).",
    mistakes=[
        Mistake(
            lambda: _CH1_EX1.weighted_sum(_CH1_EX1_X),
            "That is the weighted sum z. The neuron's output is the activation applied to it.",
        ),
        Mistake(
            lambda: float(np.dot(_CH1_EX1.weights, _CH1_EX1_X)),
            "That is w·x without the bias, and before the activation.",
        ),
    ],
)

numeric_exercise(
    "ch1-ex2",
    "At a point where σ(z) = 0.9, what is the slope σ′(z)?",
    expected=lambda: float(sigmoid_derivative(np.log(9.0))),  # σ(ln 9) = 9/10
    hint="Equation 1.7 writes σ′ in terms of σ itself: you do not need z.",
    mistakes=[
        Mistake(lambda: 0.9, "0.9 is σ(z), the value, not its slope."),
        Mistake(lambda: 0.25, "0.25 is the largest slope, reached at z = 0, where σ = 0.5; here σ = 0.9."),
    ],
)

_CH1_EX3 = Neuron([3.0, 4.0], -10.0, "step")


def nearest_point_of_line(neuron: Neuron) -> np.ndarray:
    """The point ``p = −b·w/‖w‖²`` of the decision line ``w·x + b = 0`` nearest the origin."""
    w = neuron.weights
    foot = -neuron.bias * w / np.dot(w, w)
    assert abs(neuron.weighted_sum(foot)) < 1e-12  # p lies on the line
    return foot


def _nearest_point_judge(answer: np.ndarray) -> Verdict:
    w, b = _CH1_EX3.weights, _CH1_EX3.bias
    foot = nearest_point_of_line(_CH1_EX3)
    if np.allclose(answer, foot, atol=5e-4):
        return True, f"({foot[0]:g}, {foot[1]:g}) is on the line, {np.linalg.norm(foot):g} from the origin."
    if np.allclose(answer, -foot, atol=5e-4):
        return False, "That point is on the wrong side of the origin: at the origin z = b < 0, so walk along +w."
    if np.allclose(answer, np.linalg.norm(foot) * w, atol=5e-4):
        return False, "You walked the right distance in units of w, but w is not of length 1: walk t·w."
    if abs(np.dot(w, answer) + b) < 5e-3 * np.linalg.norm(w):
        return False, "That point is on the line, but not the nearest one: the nearest lies in the direction of w."
    return False, "Walk from the origin along w, which is perpendicular to the line: x = t·w. For which t is z = 0?"


parameter_exercise(
    "ch1-ex3",
    "Which point of the decision line of the neuron with w = (3, 4), b = −10 is nearest the origin?",
    2,
    "(x₁, x₂)",
    _nearest_point_judge,
)


def _gate_judge(gate: str) -> Callable[[np.ndarray], Verdict]:
    X, targets = logic_gate(gate)

    def judge(answer: np.ndarray) -> Verdict:
        neuron = Neuron(answer[:2], answer[2], "step")
        outputs = neuron(X).astype(np.int64)
        wrong = [f"({x[0]:.0f}, {x[1]:.0f})" for x, o, t in zip(X, outputs, targets, strict=True) if o != t]
        if not wrong:
            return (
                True,
                f"The step neuron with w = ({answer[0]:g}, {answer[1]:g}), b = {answer[2]:g} computes {gate.upper()}.",
            )
        return False, (
            f"The input(s) {', '.join(wrong)} come out wrong. Draw the four corners and the line "
            f"w·x + b = 0; remember H(0) = 1, so a corner exactly on the line counts as 1."
        )

    return judge


parameter_exercise(
    "ch1-ex4",
    "Give weights and a bias (w₁, w₂, b) for which a step neuron computes NOR.",
    3,
    "(w₁, w₂, b)",
    _gate_judge("nor"),
)

_CH1_EX5_TANH = Neuron([1.0, -2.0], 0.5, "tanh")


def _matches_tanh(answer: np.ndarray) -> Verdict:
    grid = np.array(list(itertools.product(np.linspace(-3, 3, 13), repeat=2)))
    wanted = (_CH1_EX5_TANH(grid) + 1.0) / 2.0
    if np.allclose(Neuron(answer[:2], answer[2], "sigmoid")(grid), wanted, atol=1e-6):
        return True, "A tanh neuron is a sigmoid neuron with doubled weights and bias, rescaled to (−1, 1)."
    tanh_numbers = np.append(_CH1_EX5_TANH.weights, _CH1_EX5_TANH.bias)
    if np.allclose(answer, tanh_numbers):
        return (
            False,
            "Those are the tanh neuron's own numbers: σ(z) and (tanh(z) + 1)/2 are not the same function of z.",
        )
    # Readers often scale only part of z: compare the answer's numbers with the tanh neuron's.
    factors = answer[:2] / _CH1_EX5_TANH.weights  # the tanh neuron's weights have no zero entry
    if np.isclose(factors[0], factors[1]):
        factor = factors[0]
        if not np.isclose(answer[2], factor * _CH1_EX5_TANH.bias):
            return (
                False,
                f"Your weights are {factor:.3g} times the tanh neuron's but your bias is not: b is part of z too.",
            )
        return False, f"Your weighted sum is {factor:.3g} times the tanh neuron's: check that factor."
    return False, "Write tanh(z) with e^(−2z) and compare it with σ (equations 1.4 and 1.5)."


parameter_exercise(
    "ch1-ex5",
    "Give (w₁, w₂, b) of a sigmoid neuron whose output is (t + 1)/2, where t is the output of "
    "the tanh neuron with w = (1, −2), b = 0.5.",
    3,
    "(w₁, w₂, b)",
    _matches_tanh,
)


def count_threshold_functions(values: Sequence[float] = (-2, -1, 0, 1, 2)) -> int:
    """How many truth tables of two inputs step neurons produce, over a grid of weights.

    Tries every ``w₁, w₂`` in ``values`` and every bias halfway between two of them
    (``±0.5, ±1.5, ±2.5``: no corner of the square lies exactly on a line), and counts the
    distinct truth tables. Chapter 1 proves the only two of the 16 it cannot reach are
    XOR and XNOR, so no larger grid finds more.
    """
    X, _ = logic_gate("and")  # only the four corners are used
    biases = [v + 0.5 for v in values] + [values[0] - 0.5]
    tables = {
        tuple(Neuron([w1, w2], b, "step")(X).astype(int)) for w1, w2, b in itertools.product(values, values, biases)
    }
    return len(tables)


numeric_exercise(
    "ch1-ex6",
    "How many of the 16 Boolean functions of two inputs can a single step neuron compute?",
    expected=count_threshold_functions,
    tolerance=0.0,
    hint="List the 16 truth tables and draw each on the square: which ones need two lines?",
    mistakes=[
        Mistake(lambda: 16.0, "Not all of them: the chapter shows one that no single line can separate."),
        Mistake(lambda: 15.0, "XOR is not alone: its negation fails for the same reason."),
    ],
)
