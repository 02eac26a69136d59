"""Chapter 4, derivation: the gradient of the loss by backpropagation.

For a network of ``L`` weight layers with weighted sums
``Z⁽ℓ⁾ = A⁽ℓ⁻¹⁾W⁽ℓ⁾ᵀ + 1b⁽ℓ⁾ᵀ`` and activations ``A⁽ℓ⁾ = f(Z⁽ℓ⁾)`` (samples in
rows, ``A⁽⁰⁾ = X``, output ``Ŷ = A⁽ᴸ⁾``), the chain rule gives (chapter 4):

* the output error ``Δ⁽ᴸ⁾ = ∂𝓛/∂Z⁽ᴸ⁾`` (equation 4.6), which for softmax with
  cross-entropy and for sigmoid with binary cross-entropy is simply ``(Ŷ − Y)/n``
  (equation 4.7);
* the error of a hidden layer ``Δ⁽ℓ⁾ = (Δ⁽ℓ⁺¹⁾W⁽ℓ⁺¹⁾) ⊙ f'(Z⁽ℓ⁾)`` (equation 4.8);
* the gradients ``∂𝓛/∂W⁽ℓ⁾ = Δ⁽ℓ⁾ᵀA⁽ℓ⁻¹⁾`` and ``∂𝓛/∂b⁽ℓ⁾ = Δ⁽ℓ⁾ᵀ1``, the
  columns of ``Δ⁽ℓ⁾`` summed (equation 4.9).

``numerical_gradient`` computes the same numbers by central differences (equation
4.2), and ``gradient_check`` compares the two. ``multiply_adds`` counts what a
forward and a backward pass cost (chapter 4, "The cost of backpropagation").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from nnbook.checks import positive_real, whole_number
from nnbook.loss import check_data, network_loss
from nnbook.network import ForwardPass, Network
from nnbook.regularization import check_l1, check_weight_decay, penalty_gradient

Array = np.ndarray
Gradients = list[tuple[Array, Array]]


def output_error(net: Network, forward: ForwardPass, T: Array, loss: str) -> Array:
    """``Δ⁽ᴸ⁾ = ∂𝓛/∂Z⁽ᴸ⁾``: the loss's derivative by the output's weighted sums.

    Equation 4.7: with cross-entropy on a softmax (or a single sigmoid) output
    the derivative of the activation cancels and ``Δ⁽ᴸ⁾ = (Ŷ − Y)/n`` (``A`` is
    ``Ŷ``, ``T`` is ``Y`` here). With the mean squared error, the derivative
    ``∂𝓛/∂Ŷ = (Ŷ − Y)/n`` is multiplied by ``f'`` (equation 4.6); for softmax,
    whose outputs depend on each other, by its Jacobian ``ŷ_c([c = j] − ŷ_j)``.
    """
    A = forward.output
    G = (A - T) / A.shape[0]
    if loss == "cross_entropy":
        return G
    activation = net.layers[-1].f
    if activation.name == "softmax":
        return A * (G - np.sum(G * A, axis=1, keepdims=True))
    return G * activation.derivative_from_output(A)


def backprop(net: Network, X: Any, Y: Any, loss: str = "mse", weight_decay: float = 0.0, l1: float = 0.0) -> Gradients:
    """The exact gradient of the loss by every weight and bias (chapter 4, eqs. 4.6-4.9).

    Returns one ``(dW, db)`` pair per layer, shaped like that layer's ``W`` and ``b``:
    the derivatives of ``loss`` (``"mse"`` or ``"cross_entropy"``, as defined in
    chapter 3) of ``net.forward(X)`` against the targets ``Y``; with ``weight_decay`` λ > 0,
    of that loss plus the L2 penalty ``(λ/2) Σ ‖W‖²``, which adds ``λ·W`` to each ``dW``;
    with ``l1`` λ > 0, plus the L1 penalty ``λ Σ |W|``, which adds ``λ·sign(W)`` (its
    subgradient, 0 where a weight is exactly 0).
    """
    X, T, loss = check_data(net, X, Y, loss)
    return gradients(net, X, T, loss, check_weight_decay(weight_decay), check_l1(l1))


def gradients(net: Network, X: Array, T: Array, loss: str, weight_decay: float = 0.0, l1: float = 0.0) -> Gradients:
    """Backpropagation on inputs that were already checked (``train`` calls it per batch)."""
    forward = net._forward_pass(X)  # unchecked: backprop and train have checked X once
    delta = output_error(net, forward, T, loss)
    grads: Gradients = []
    for index in range(len(net.layers) - 1, -1, -1):
        A_prev = forward.activations[index]
        dW = delta.T @ A_prev
        if weight_decay or l1:
            dW += penalty_gradient(net.layers[index].W, weight_decay, l1)
        grads.append((dW, delta.sum(axis=0)))
        if index > 0:
            derivative = net.layers[index - 1].f.derivative_from_output
            delta = (delta @ net.layers[index].W) * derivative(A_prev)
    grads.reverse()
    return grads


def numerical_gradient(
    net: Network,
    X: Any,
    Y: Any,
    loss: str = "mse",
    eps: float = 1e-6,
    weight_decay: float = 0.0,
    l1: float = 0.0,
) -> Gradients:
    """The gradient by central differences ``(𝓛(θ + ε) − 𝓛(θ − ε)) / 2ε`` (equation 4.2).

    Each weight and bias is nudged in turn, so this costs two forward passes per
    parameter: fine for checking, far too slow for training. Every parameter is put
    back exactly as it was. (With ``l1`` the loss has a kink where a weight is 0: there
    the difference quotient is not the subgradient ``backprop`` uses.)
    """
    X, T, loss = check_data(net, X, Y, loss)
    eps = positive_real(eps, "eps")
    weight_decay = check_weight_decay(weight_decay)
    l1 = check_l1(l1)

    grads: Gradients = []
    for layer in net.layers:
        pair = []
        for parameter in (layer.W, layer.b):
            grad = np.zeros_like(parameter)
            for index in np.ndindex(parameter.shape):
                saved = parameter[index]
                parameter[index] = saved + eps
                upper = network_loss(net, X, T, loss, weight_decay, l1)
                parameter[index] = saved - eps
                lower = network_loss(net, X, T, loss, weight_decay, l1)
                parameter[index] = saved
                grad[index] = (upper - lower) / (2.0 * eps)
            pair.append(grad)
        grads.append((pair[0], pair[1]))
    return grads


def multiply_adds(sizes: Any, n: int) -> tuple[int, int]:
    """The multiply-adds of one forward and one backward pass on ``n`` samples.

    Chapter 4, section ``sec-backprop-cost``: the matrix products of
    ``Network._forward_pass`` and of :func:`gradients`, counted from their
    shapes (a product of ``(p, q)`` by ``(q, r)`` is ``p·q·r`` multiply-adds).
    Forward, layer ℓ computes ``A⁽ℓ⁻¹⁾W⁽ℓ⁾ᵀ``: ``n·n_{ℓ-1}·n_ℓ``. Backward,
    it computes ``Δ⁽ℓ⁾ᵀA⁽ℓ⁻¹⁾`` (the gradient ``dW``) and, except in layer 1,
    ``Δ⁽ℓ⁾W⁽ℓ⁾`` (the error passed down): the same number each. So the
    backward pass is exactly twice the forward one less layer 1's product. The
    element-wise work (activations, their slopes, the bias sums), of order
    ``n·Σ n_ℓ``, is not counted. Returns ``(forward, backward)``.
    """
    if isinstance(sizes, Network):
        sizes = sizes.sizes
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise ValueError(f"expected layer sizes or a Network, got {sizes!r}")
    if len(sizes) < 2:
        raise ValueError(f"expected at least two layer sizes, got {sizes!r}")
    widths = [whole_number(size, "every layer size", 1) for size in sizes]
    n = whole_number(n, "n", 1)
    products = [n * widths[k] * widths[k + 1] for k in range(len(widths) - 1)]
    return sum(products), 2 * sum(products) - products[0]


def relative_error(first: Gradients, second: Gradients) -> float:
    """``‖g₁ − g₂‖ / (‖g₁‖ + ‖g₂‖)`` over all parameters together (equation 4.10).

    0 when the two agree exactly; about 1e-8 or less when backpropagation is right;
    near 1 when it is wrong. Two gradients that are both zero agree: the error is 0.
    """
    a = np.concatenate([np.concatenate([dW.ravel(), db.ravel()]) for dW, db in first])
    b = np.concatenate([np.concatenate([dW.ravel(), db.ravel()]) for dW, db in second])
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return float(np.linalg.norm(a - b) / scale) if scale > 0 else 0.0


def gradient_check(
    net: Network,
    X: Any,
    Y: Any,
    loss: str = "mse",
    eps: float = 1e-6,
    weight_decay: float = 0.0,
    l1: float = 0.0,
) -> float:
    """The relative error between ``backprop`` and ``numerical_gradient`` (equation 4.10).

    It takes every option of the two: ``loss``, ``eps``, ``weight_decay`` and ``l1``.
    """
    return relative_error(
        backprop(net, X, Y, loss, weight_decay, l1),
        numerical_gradient(net, X, Y, loss, eps, weight_decay, l1),
    )
