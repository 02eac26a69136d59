"""Chapter 5's exercises: iteration (registered on import)."""

from __future__ import annotations

import math

import numpy as np

from nnbook.exercises.base import Mistake, numeric_exercise
from nnbook.network import Network
from nnbook.training import largest_stable_learning_rate, train


def _one_update() -> float:
    """The weight w after one update of the linear neuron w = 0.5, b = 0 on x = 2, y = 3, η = 0.1."""
    net = Network([1, 1], activation="identity")
    net.layers[0].W = [[0.5]]
    net.layers[0].b = [0.0]
    train(net, [[2.0]], [3.0], learning_rate=0.1, epochs=1)
    return float(net.layers[0].W[0, 0])


numeric_exercise(
    "ch5-ex1",
    "A linear neuron ŷ = w·x + b with w = 0.5, b = 0 is trained on the one sample x = 2, y = 3 "
    "with the mean squared error and η = 0.1. What is w after one update?",
    expected=_one_update,
    hint="The gradient of ½(ŷ − y)² by w is (ŷ − y)·x (chapter 4); the update subtracts η times it (equation 5.1).",
    mistakes=[
        Mistake(lambda: 0.1, "You added the gradient instead of subtracting it: w moves against ∂𝓛/∂w."),
        Mistake(lambda: 0.7, "You forgot the factor x = 2 in ∂𝓛/∂w = (ŷ − y)·x."),
        Mistake(lambda: 0.2, "That is the new bias b; the question asks for w."),
    ],
)

numeric_exercise(
    "ch5-ex2",
    "Gradient descent minimises L(w) = ½·a·w² with a = 8. What is the largest learning rate "
    "for which it does not diverge (the boundary value)?",
    expected=lambda: 2.0 / 8.0,
    hint="One step gives w ← (1 − η·a)·w (equation 5.2). For which η is |1 − η·a| < 1?",
    mistakes=[
        Mistake(
            lambda: 1.0 / 8.0, "η = 1/a is the best rate (one step lands on the minimum), not the largest stable one."
        ),
        Mistake(lambda: 16.0, "The rate must shrink when the curvature a grows, not grow with it."),
    ],
)

numeric_exercise(
    "ch5-ex3",
    "A linear neuron ŷ = w·x + b (weight and bias both trained, mean squared error) learns from the "
    "single sample x = 2. Above which learning rate does full-batch gradient descent diverge?",
    expected=lambda: largest_stable_learning_rate([[2.0]]),
    hint="The Hessian of equation 5.4 for one sample is x̃·x̃ᵀ with x̃ = (x, 1); its largest eigenvalue is ‖x̃‖².",
    mistakes=[
        Mistake(lambda: 0.5, "2/x² forgets the bias: it is a parameter too, and x̃ = (x, 1)."),
        Mistake(lambda: 0.2, "1/‖x̃‖² is the rate that reaches the minimum in one step; the limit is twice that."),
    ],
)

numeric_exercise(
    "ch5-ex4",
    "Training on n = 200 samples with batch_size = 32: how many updates does nnbook.train make per epoch?",
    expected=lambda: float(math.ceil(200 / 32)),
    tolerance=0.0,
    hint="Every sample is used once per epoch; the last mini-batch may be shorter than the others.",
    mistakes=[
        Mistake(lambda: 6.0, "The 8 samples left over after six full batches form a seventh, shorter batch."),
        Mistake(lambda: 6.25, "Updates are counted in whole mini-batches."),
    ],
)


def _updates_to_shrink(a: float = 1.0, eta: float = 0.1, factor: float = 1000.0) -> float:
    """How many steps of w ← (1 − ηa)w it takes to shrink w by ``factor``."""
    return float(np.ceil(np.log(factor) / -np.log(abs(1.0 - eta * a))))


numeric_exercise(
    "ch5-ex5",
    "On L(w) = ½·w² (a = 1) with η = 0.1, how many steps does gradient descent need to shrink w "
    "to a thousandth of its starting value (the smallest whole number of steps)?",
    expected=_updates_to_shrink,
    tolerance=0.0,
    hint="After k steps w is (1 − η)^k times its start (equation 5.2): solve 0.9^k ≤ 0.001 for k.",
    mistakes=[
        Mistake(lambda: 65.0, "0.9^65 is still a little above 0.001: round up, not down."),
        Mistake(lambda: 70.0, "That uses e^(−ηk): close, but the exact factor per step is 0.9, not e^(−0.1)."),
    ],
)
