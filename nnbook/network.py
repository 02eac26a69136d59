"""Chapter 2, architecture: layers of neurons stacked into a network.

A layer applies ``a' = f(W·a + b)`` to the activations ``a`` of the layer before it
(chapter 2, equation 2.1). ``W`` has one row per neuron of the layer and one column
per input, so a whole layer is one matrix product. A network is a list of layers
``ℓ = 1, …, L``; its forward pass (equation 2.3) feeds each layer's output to the
next, computing the composite function ``ŷ = F(x)``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import pairwise
from numbers import Integral
from typing import Any

import numpy as np

from nnbook.checks import as_batch, as_float_array, optional_seed
from nnbook.neuron import Activation, get_activation

Array = np.ndarray


class Layer:
    """One layer of ``n_out`` neurons reading ``n_in`` inputs: ``f(W·a + b)``.

    ``W`` has shape ``(n_out, n_in)`` and ``b`` shape ``(n_out,)``, both float64.
    Either may be assigned (a reader setting weights by hand, a widget moving a
    slider); an assignment of the wrong shape or with NaNs is refused.
    """

    def __init__(self, W: Any, b: Any, activation: str = "sigmoid") -> None:
        W = as_float_array(W, "W")
        if W.ndim != 2 or 0 in W.shape:
            raise ValueError(f"expected W as a 2-D (n_out, n_in) array, got shape {W.shape}")
        self._W = W.copy()
        self.b = b
        self._activation: Activation = get_activation(activation)

    @property
    def W(self) -> Array:
        """The weight matrix, shape ``(n_out, n_in)``: row ``j`` holds neuron ``j``'s weights."""
        return self._W

    @W.setter
    def W(self, value: Any) -> None:
        W = as_float_array(value, "W")
        if W.shape != self._W.shape:
            raise ValueError(f"expected W of shape {self._W.shape} (n_out, n_in), got shape {W.shape}")
        self._W = W.copy()

    @property
    def b(self) -> Array:
        """The biases, shape ``(n_out,)``: one per neuron."""
        return self._b

    @b.setter
    def b(self, value: Any) -> None:
        b = as_float_array(value, "b")
        if b.shape != (self._W.shape[0],):
            raise ValueError(f"expected b of shape ({self._W.shape[0]},) (n_out,), got shape {b.shape}")
        self._b = b.copy()

    @property
    def activation(self) -> str:
        return self._activation.name

    @property
    def f(self) -> Activation:
        """The activation function ``f`` itself, with its derivative (chapter 4 needs ``f'``)."""
        return self._activation

    def descend(self, dW: Array, db: Array, learning_rate: float) -> None:
        """One gradient-descent update in place: ``W ← W − η·dW``, ``b ← b − η·db`` (equation 5.1).

        Unchecked, unlike assigning ``W``: ``train`` has checked its data once, and it
        watches for weights that overflow itself.
        """
        self._W -= learning_rate * dW
        self._b -= learning_rate * db

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_out, n_in)``."""
        return self._W.shape

    def weighted_sum(self, A: Array) -> Array:
        """``Z = A·Wᵀ + 1bᵀ`` for a batch ``A`` of shape ``(n, n_in)``, eq. 2.2.

        Each row of ``A`` is one sample, so the layer's ``W·a`` for every
        sample at once is ``A @ W.T``; the bias is broadcast over the rows.
        """
        return A @ self._W.T + self._b

    def forward(self, A: Array) -> Array:
        """``f(A·Wᵀ + 1bᵀ)``: the layer's activations for a batch (eq. 2.2)."""
        return self._activation.function(self.weighted_sum(A))

    def __repr__(self) -> str:
        n_out, n_in = self.shape
        return f"Layer({n_in} → {n_out}, activation={self.activation!r})"


@dataclass
class ForwardPass:
    """Everything a forward pass computed, layer by layer (chapter 2, equation 2.3).

    ``activations[0]`` is the input batch ``A⁽⁰⁾ = X`` and ``activations[ℓ]`` the
    output ``A⁽ℓ⁾`` of layer ``ℓ``; ``weighted_sums[ℓ − 1]`` is that layer's ``Z⁽ℓ⁾``.
    Backpropagation (chapter 4) reuses all of them.
    """

    weighted_sums: list[Array]
    activations: list[Array]

    @property
    def output(self) -> Array:
        return self.activations[-1]


def _check_sizes(sizes: Any) -> list[int]:
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"expected sizes as a list of layer widths such as [2, 3, 1], got {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"expected at least two layer sizes (inputs and outputs) such as [2, 1], got {sizes!r}")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, Integral):
            raise ValueError(f"expected every layer size to be a whole number, got {sizes!r}")
        if size < 1:
            raise ValueError(f"expected every layer size to be at least 1, got {sizes!r}")
    return [int(size) for size in sizes]


class Network:
    """A fully connected feed-forward network (chapter 2).

    ``sizes`` lists the width of every layer, inputs first: ``[2, 3, 1]`` has two
    inputs, one hidden layer of three neurons and one output. Hidden layers use
    ``activation``; the output layer uses ``output_activation`` (``None`` means the same
    as ``activation``). Weights start random, drawn from ``seed``: normal with mean 0
    and variance ``1/n_in`` (``2/n_in`` in a ReLU layer), so the weighted sums start
    near unit size (chapter 2; chapter 5's section on initialisation); biases start
    at zero.
    """

    def __init__(
        self,
        sizes: Any,
        activation: str = "sigmoid",
        output_activation: str | None = None,
        seed: int | None = None,
    ) -> None:
        sizes = _check_sizes(sizes)
        hidden = get_activation(activation)
        output = hidden if output_activation is None else get_activation(output_activation)
        for role, act in (("hidden", hidden), ("output", output)):
            if act.where == "neuron only":
                raise ValueError(
                    f"the {act.name!r} activation has no usable derivative, so a network cannot be trained "
                    f"with it; use it in a Neuron, or pick 'sigmoid', 'tanh', 'relu' or 'identity' "
                    f"for the {role} layers"
                )
        if hidden.where == "output only" and len(sizes) > 2:
            raise ValueError("softmax can only be the output activation; expected a hidden activation such as 'relu'")
        if output.name == "softmax" and sizes[-1] < 2:
            raise ValueError(f"softmax needs at least 2 output units, got sizes {sizes}; use 'sigmoid' for one output")
        rng = np.random.default_rng(optional_seed(seed))
        self.layers: list[Layer] = []
        for index, (n_in, n_out) in enumerate(pairwise(sizes)):
            act = output if index == len(sizes) - 2 else hidden
            scale = np.sqrt((2.0 if act.name == "relu" else 1.0) / n_in)
            self.layers.append(Layer(rng.normal(0.0, scale, size=(n_out, n_in)), np.zeros(n_out), act.name))

    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].shape[1]] + [layer.shape[0] for layer in self.layers]

    @property
    def n_inputs(self) -> int:
        return self.layers[0].shape[1]

    @property
    def n_outputs(self) -> int:
        return self.layers[-1].shape[0]

    @property
    def output_activation(self) -> str:
        return self.layers[-1].activation

    def n_parameters(self) -> int:
        """How many numbers training can change (chapter 2, equation 2.6).

        Every weight and every bias: ``Σ_ℓ n_ℓ (n_{ℓ−1} + 1)``.
        """
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    def check_input(self, X: Any) -> tuple[Array, bool]:
        """``X`` as a float batch of ``n_inputs`` columns, and whether it was one sample."""
        return as_batch(X, self.n_inputs, "X", "the network's input size")

    def forward(self, X: Any) -> Array:
        """``Ŷ = F(X)``: the network's output (chapter 2, equation 2.3).

        ``X`` of shape ``(n, n_in)`` gives ``(n, n_out)``; one sample
        ``(n_in,)`` gives ``(n_out,)``.
        """
        batch, single = self.check_input(X)
        A = batch
        for layer in self.layers:
            A = layer.forward(A)
        return A[0] if single else A

    def forward_pass(self, X: Any) -> ForwardPass:
        """The forward pass keeping every layer's weighted sum ``z`` and activation ``a``."""
        batch, _ = self.check_input(X)
        return self._forward_pass(batch)

    def _forward_pass(self, A: Array) -> ForwardPass:
        # Unchecked: backprop and train check their inputs once.
        weighted_sums, activations = [], [A]
        for layer in self.layers:
            Z = layer.weighted_sum(A)
            A = layer.f.function(Z)
            weighted_sums.append(Z)
            activations.append(A)
        return ForwardPass(weighted_sums, activations)

    def copy(self) -> Network:
        """An independent copy (changing its weights leaves this network alone)."""
        return copy.deepcopy(self)

    def __repr__(self) -> str:
        hidden = self.layers[0].activation if len(self.layers) > 1 else self.output_activation
        return f"Network({self.sizes}, activation={hidden!r}, output_activation={self.output_activation!r})"


def one_neuron(w: float, b: float, activation: str = "sigmoid") -> Network:
    """``Network([1, 1])``: one neuron ``f(w·x + b)`` with one input, weight ``w`` and bias ``b``.

    Chapters 3 to 5 study the loss of such a neuron as a function of its two numbers.
    """
    net = Network([1, 1], activation=activation, seed=0)
    net.layers[0].W = [[w]]
    net.layers[0].b = [b]
    return net
