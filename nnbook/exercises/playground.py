"""Chapter 7's exercises: the playground (registered on import)."""

from __future__ import annotations

from nnbook.exercises.base import Mistake, numeric_exercise
from nnbook.network import Network

_CH7_EX1 = Network([2, 8, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)

numeric_exercise(
    "ch7-ex1",
    "How many weights and biases does the playground's network with hidden layers 8,8 have?",
    expected=lambda: float(_CH7_EX1.n_parameters()),
    hint="Count each layer's matrix W (outputs × inputs) and its bias vector b, for the three layers 2→8, 8→8, 8→1.",
    tolerance=0.5,
    mistakes=[
        Mistake(lambda: float(2 * 8 + 8 * 8 + 8 * 1), "Those are the weights only: every neuron also has a bias."),
    ],
)

_ETA, _LAMBDA, _UPDATES = 0.1, 0.01, 100

numeric_exercise(
    "ch7-ex2",
    "With η = 0.1 and λ = 0.01, a weight whose data gradient stays 0 is multiplied by what after 100 updates?",
    expected=lambda: (1 - _ETA * _LAMBDA) ** _UPDATES,
    hint="One update is W ← W − η(dW + λW); with dW = 0 that multiplies W by a constant factor. Apply it 100 times.",
    mistakes=[
        Mistake(lambda: 1 - _ETA * _LAMBDA, "That is the factor of a single update; there are 100 of them."),
        Mistake(lambda: 1 - _ETA * _LAMBDA * _UPDATES, "The factors multiply, they do not add up."),
    ],
)

_WEIGHT = 0.05

numeric_exercise(
    "ch7-ex5",
    "With η = 0.1 and L1 strength λ = 0.01, after how many updates is a weight of 0.05 (data gradient 0) zero?",
    expected=lambda: _WEIGHT / (_ETA * _LAMBDA),
    hint="One update is W ← W − η(dW + λ·sign(W)); with dW = 0 each update subtracts the same ηλ.",
    tolerance=0.5,
    mistakes=[
        Mistake(lambda: _WEIGHT / _LAMBDA, "Each update moves the weight by η·λ, not by λ."),
    ],
)
