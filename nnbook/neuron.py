"""Chapter 1, the neuron: the weighted sum, activation functions, and ``Neuron``.

A neuron computes ``f(w·x + b)``: the weighted sum of its inputs plus a bias
(equation 1.1 of chapter 1), passed through an activation function ``f``
(equations 1.2 to 1.6). Each activation also knows its derivative, which chapter 4
needs for backpropagation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnbook.checks import as_batch, as_float_array, choice

Array = np.ndarray


def weighted_sum(weights: Array, x: Array, bias: float | Array) -> Array:
    """The weighted sum ``z = w·x + b`` (chapter 1, equation 1.1).

    ``x`` may be one sample ``(n_in,)`` or a batch ``(n, n_in)``; each row is
    then multiplied by the weights, so a batch gives one ``z`` per sample.
    """
    return x @ weights + bias


def identity(z: Array) -> Array:
    """``f(z) = z`` (equation 1.2): no activation at all, used for regression outputs."""
    return np.asarray(z, dtype=np.float64)


def step(z: Array) -> Array:
    """The step function (equation 1.3): 1 where ``z >= 0``, else 0; the perceptron's rule."""
    return (np.asarray(z) >= 0).astype(np.float64)


def sigmoid(z: Array) -> Array:
    """The logistic sigmoid ``1 / (1 + e^{-z})`` (equation 1.4), stably.

    ``e^{-|z|}`` never overflows, and ``e^{z} / (1 + e^{z})`` is the same
    function written for negative ``z``, so inputs of any size give values in
    [0, 1] without a RuntimeWarning.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def tanh(z: Array) -> Array:
    """The hyperbolic tangent (equation 1.5): a sigmoid stretched to (-1, 1)."""
    return np.tanh(z)


def relu(z: Array) -> Array:
    """The rectified linear unit ``max(0, z)`` (equation 1.6)."""
    return np.maximum(z, 0.0)


def softmax(z: Array) -> Array:
    """Softmax ``e^{z_c} / Σ_c' e^{z_c'}`` over the last axis (equation 3.4).

    Subtracting the row maximum first changes nothing mathematically
    and keeps ``exp`` from overflowing.
    """
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def identity_derivative(z: Array) -> Array:
    """``d/dz z = 1``."""
    return np.ones_like(np.asarray(z, dtype=np.float64))


def step_derivative(z: Array) -> Array:
    """0 everywhere (undefined at 0): why the step function cannot be trained by gradients."""
    return np.zeros_like(np.asarray(z, dtype=np.float64))


def sigmoid_derivative(z: Array) -> Array:
    """``σ'(z) = σ(z) (1 − σ(z))`` (chapter 1, equation 1.7); at most 1/4, at z = 0."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_derivative(z: Array) -> Array:
    """``tanh'(z) = 1 − tanh²(z)`` (equation 1.8)."""
    return 1.0 - np.tanh(z) ** 2


def relu_derivative(z: Array) -> Array:
    """1 where ``z > 0``, else 0 (equation 1.9; we take 0 at the kink)."""
    return (np.asarray(z) > 0).astype(np.float64)


@dataclass(frozen=True)
class Activation:
    """An activation function with its derivative.

    ``derivative_from_output`` is the same derivative written in terms of the
    activation's output ``a = f(z)``; backpropagation uses it because ``a`` is already
    known from the forward pass (``σ' = a(1 − a)``, ``tanh' = 1 − a²``).
    """

    name: str
    function: Callable[[Array], Array]
    derivative: Callable[[Array], Array] | None
    derivative_from_output: Callable[[Array], Array] | None
    where: str  # "anywhere", "neuron only" or "output only"


ACTIVATIONS: dict[str, Activation] = {
    "identity": Activation("identity", identity, identity_derivative, lambda a: np.ones_like(a), "anywhere"),
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative, lambda a: a * (1.0 - a), "anywhere"),
    "tanh": Activation("tanh", tanh, tanh_derivative, lambda a: 1.0 - a * a, "anywhere"),
    "relu": Activation("relu", relu, relu_derivative, lambda a: a > 0, "anywhere"),
    "step": Activation("step", step, step_derivative, None, "neuron only"),
    "softmax": Activation("softmax", softmax, None, None, "output only"),
}


def get_activation(name: Any) -> Activation:
    """Look an activation up by name; an unknown name lists the valid ones."""
    return ACTIVATIONS[choice(name, "activation", list(ACTIVATIONS))]


class Neuron:
    """One artificial neuron ``f(w·x + b)`` (chapter 1, equation 1.1 and 1.2-1.6).

    ``weights`` has one entry per input, ``bias`` is a number and ``activation`` one of
    ``identity``, ``sigmoid``, ``tanh``, ``relu`` or ``step``. Calling the neuron on one
    input ``x`` of shape ``(n_in,)`` returns a float; on a batch ``X`` of shape
    ``(n, n_in)`` it returns one output per row, shape ``(n,)``.
    """

    def __init__(self, weights: Any, bias: Any, activation: str = "sigmoid") -> None:
        self.weights = weights
        self.bias = bias
        self.activation = activation

    @property
    def weights(self) -> Array:
        return self._weights

    @weights.setter
    def weights(self, value: Any) -> None:
        weights = as_float_array(value, "weights")
        if weights.ndim != 1 or weights.size == 0:
            raise ValueError(f"expected weights as a 1-D array with one entry per input, got shape {weights.shape}")
        self._weights = weights.copy()

    @property
    def bias(self) -> float:
        return self._bias

    @bias.setter
    def bias(self, value: Any) -> None:
        bias = as_float_array(value, "bias")
        if bias.ndim != 0:
            raise ValueError(f"expected bias to be a single number, got shape {bias.shape}")
        self._bias = float(bias)

    @property
    def activation(self) -> str:
        return self._activation.name

    @activation.setter
    def activation(self, name: str) -> None:
        activation = get_activation(name)
        if activation.where == "output only":
            raise ValueError(
                "softmax normalises over several output units; a single neuron cannot use it "
                "(use 'sigmoid' for a probability)"
            )
        self._activation = activation

    def weighted_sum(self, x: Any) -> float | Array:
        """``z = w·x + b`` for one input (a float) or a batch (shape ``(n,)``)."""
        batch, single = as_batch(x, self._weights.size, "x", "the neuron's number of weights")
        z = weighted_sum(self._weights, batch, self._bias)
        return float(z[0]) if single else z

    def __call__(self, x: Any) -> float | Array:
        """The neuron's output ``f(w·x + b)``."""
        what = "the neuron's number of weights"
        batch, single = as_batch(x, self._weights.size, "x", what)
        z = weighted_sum(self._weights, batch, self._bias)
        a = self._activation.function(z)
        return float(a[0]) if single else a

    def __repr__(self) -> str:
        return f"Neuron(weights={self._weights.tolist()}, bias={self._bias}, activation={self.activation!r})"
