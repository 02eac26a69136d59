"""Chapter 1, the perceptron learning rule: a step neuron learns from mistakes.

Rosenblatt's rule (chapter 1, equation 1.11) shows the neuron one sample at a
time and changes its numbers only when its answer ``ŷ = H(w·x + b)`` is wrong:
``w ← w + η (y − ŷ) x`` and ``b ← b + η (y − ŷ)``. If some line separates
the two classes, the rule finds one after finitely many mistakes; if none
does (XOR), it never stops making them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnbook.checks import as_batch, as_float_array, positive_real, whole_number
from nnbook.neuron import Neuron


@dataclass
class PerceptronHistory:
    """What :func:`train_perceptron` did.

    ``mistakes[e]`` is how many samples epoch ``e + 1`` got wrong (each one
    caused an update) and ``parameters[e]`` the weights and bias after it;
    ``converged`` is True when an epoch made no mistake.
    """

    mistakes: list[int] = field(default_factory=list)
    parameters: list[tuple[list[float], float]] = field(default_factory=list)
    converged: bool = False


def perceptron_update(
    neuron: Neuron,
    x: np.ndarray,
    y: float,
    learning_rate: float,
) -> float:
    """One step of the perceptron rule (chapter 1, equation 1.11), in place.

    Computes ``ŷ = H(w·x + b)`` and adds ``η (y − ŷ) x`` to the weights and
    ``η (y − ŷ)`` to the bias; returns the error ``y − ŷ`` (0 when right).
    Unchecked: :func:`train_perceptron` checks its data once.
    """
    error = y - neuron(x)
    if error:
        neuron.weights = neuron.weights + learning_rate * error * x
        neuron.bias = neuron.bias + learning_rate * error
    return error


def train_perceptron(
    neuron: Neuron,
    X: Any,
    y: Any,
    learning_rate: float = 1.0,
    epochs: int = 20,
) -> PerceptronHistory:
    """Train a step neuron with the perceptron rule (equation 1.11), in place.

    Each epoch shows the samples of ``X`` (shape ``(n, n_in)``) in order with
    their targets ``y`` (0 or 1, shape ``(n,)``), updating after every mistake;
    training stops after an epoch without one, or after ``epochs`` epochs.
    """
    if not isinstance(neuron, Neuron) or neuron.activation != "step":
        raise ValueError(f"expected a Neuron with the 'step' activation, got {neuron!r}")
    X, _ = as_batch(X, neuron.weights.size, "X", "the neuron's number of weights")
    y = as_float_array(y, "y")
    if y.shape != (X.shape[0],):
        raise ValueError(f"expected y of shape ({X.shape[0]},), one target per row of X, got shape {y.shape}")
    other = y[(y != 0) & (y != 1)]
    if other.size:
        raise ValueError(f"expected targets y of 0 and 1, got values such as {other[0]:g}")
    learning_rate = positive_real(learning_rate, "learning_rate")
    epochs = whole_number(epochs, "epochs", 0)
    history = PerceptronHistory()
    for _ in range(epochs):
        errors = [perceptron_update(neuron, x, target, learning_rate) for x, target in zip(X, y, strict=True)]
        history.mistakes.append(int(np.count_nonzero(errors)))
        history.parameters.append((neuron.weights.tolist(), neuron.bias))
        if history.mistakes[-1] == 0:
            history.converged = True
            break
    return history
