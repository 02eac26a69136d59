"""Chapter 3's exercises: the loss (registered on import)."""

from __future__ import annotations

import numpy as np

from nnbook.backprop import backprop
from nnbook.exercises.base import Mistake, numeric_exercise
from nnbook.loss import cross_entropy, mse
from nnbook.network import Network
from nnbook.neuron import sigmoid, sigmoid_derivative, softmax

_CH3_EX1_OUTPUT = np.array([[0.9, 0.2], [0.4, 0.7]])
_CH3_EX1_TARGET = np.array([[1.0, 0.0], [0.0, 1.0]])
_CH3_EX1_SQUARES = float(np.sum((_CH3_EX1_OUTPUT - _CH3_EX1_TARGET) ** 2))

numeric_exercise(
    "ch3-ex1",
    "What is the mean squared error of the outputs (0.9, 0.2), (0.4, 0.7) against the targets (1, 0), (0, 1)?",
    expected=lambda: mse(_CH3_EX1_OUTPUT, _CH3_EX1_TARGET),
    hint="Equation 3.1: add the squared differences of all four entries, then divide by 2n, with n the samples.",
    mistakes=[
        Mistake(
            lambda: _CH3_EX1_SQUARES / 2.0,
            "You left out one of the two factors: the ½ or the average over the n = 2 samples.",
        ),
        Mistake(lambda: _CH3_EX1_SQUARES, "That is the plain sum of squares: equation 3.1 divides it by 2n."),
        Mistake(
            lambda: _CH3_EX1_SQUARES / 8.0,
            "n counts samples (rows), not entries: there are 2 samples here, not 4.",
        ),
    ],
)

_CH3_EX2_LOGITS = np.array([2.0, 1.0, 0.1])
_CH3_EX2_LABEL = 0

numeric_exercise(
    "ch3-ex2",
    "A softmax layer has the weighted sums z = (2, 1, 0.1) and the sample's label is 0. What is its cross-entropy?",
    expected=lambda: cross_entropy(softmax(_CH3_EX2_LOGITS)[np.newaxis, :], [_CH3_EX2_LABEL]),
    hint="Turn z into probabilities with the softmax (equation 3.4), then take −log of the label's probability.",
    mistakes=[
        Mistake(
            lambda: float(softmax(_CH3_EX2_LOGITS)[_CH3_EX2_LABEL]),
            "That is the probability of the label; the loss is minus its logarithm.",
        ),
        Mistake(
            lambda: float(-np.log2(softmax(_CH3_EX2_LOGITS)[_CH3_EX2_LABEL])),
            "That is the loss in bits (log base 2); the book uses the natural logarithm.",
        ),
        Mistake(
            lambda: float(-np.log(_CH3_EX2_LOGITS[_CH3_EX2_LABEL] / _CH3_EX2_LOGITS.sum())),
            "The probabilities come from exponentials of z, not from z divided by its sum.",
        ),
    ],
)

numeric_exercise(
    "ch3-ex3",
    "At the start w = 3, b = 3 with input x = 1 (further into saturation than Nielsen's w = b = 2), "
    "what is the factor σ′(z)?",
    expected=lambda: float(sigmoid_derivative(3.0 * 1.0 + 3.0)),
    hint="z = w·x + b; then σ′(z) = σ(z)(1 − σ(z)) (chapter 1, equation 1.7).",
    decimals=6,
    tolerance=5e-7,
    mistakes=[
        Mistake(lambda: float(sigmoid(6.0)), "That is σ(z), the output; the factor is its slope σ′(z)."),
        Mistake(lambda: 0.25, "0.25 is σ′(0), the steepest slope; here z is far from 0."),
        Mistake(lambda: float(sigmoid_derivative(3.0)), "z includes the bias: z = w·x + b."),
        Mistake(lambda: float(sigmoid_derivative(4.0)), "That is σ′(4), the factor at w = b = 2; here w = b = 3."),
    ],
)


def _first_step(loss: str, learning_rate: float = 0.15) -> float:
    """How much the weight of the saturated neuron (w = b = 2, x = 1 → 0) changes in the first step."""
    net = Network([1, 1], "sigmoid")
    net.layers[0].W = [[2.0]]
    net.layers[0].b = [2.0]
    ((dW, _),) = backprop(net, [[1.0]], [0.0], loss)
    return float(learning_rate * dW[0, 0])


numeric_exercise(
    "ch3-ex4",
    "From w = b = 2 with η = 0.15, by how much does the first gradient-descent step under the mean squared "
    "error decrease w (four significant digits)?",
    expected=lambda: _first_step("mse"),
    hint="The step is η·∂𝓛/∂w, and ∂𝓛/∂w = (a − y)·σ′(z)·x for the mean squared error.",
    # Four significant digits of 0.002602 are six decimals: accept half a unit of the last.
    tolerance=5e-7,
    decimals=6,
    mistakes=[
        Mistake(lambda: _first_step("cross_entropy"), "That is the cross-entropy's step, (a − y)·x·η: no σ′(z)."),
        Mistake(lambda: _first_step("mse") / 0.15, "That is the gradient; the step multiplies it by η."),
    ],
)
