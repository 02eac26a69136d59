"""Chapter 3, the loss: how far the network's outputs are from the targets.

Two losses 𝓛, both averaged over the ``n`` samples of a batch (outputs ``ŷᵢ``,
targets ``yᵢ``):

* mean squared error (chapter 3, equation 3.1), ``(1/2n) Σᵢ ‖ŷᵢ − yᵢ‖²``;
* cross-entropy, for a softmax output over ``K`` classes ``c = 0, …, K − 1``
  (equation 3.5), ``−(1/n) Σᵢ Σ_c y_ic log ŷ_ic``, and for one sigmoid output unit
  (equation 3.3), ``−(1/n) Σᵢ [yᵢ log ŷᵢ + (1 − yᵢ) log(1 − ŷᵢ)]``.

``evaluate_loss`` measures a whole network on a data set; training and gradient
checking call the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from nnbook.checks import as_float_array, choice
from nnbook.network import Network
from nnbook.regularization import check_l1, check_weight_decay, l1_penalty, l2_penalty

Array = np.ndarray
LOSSES = ["mse", "cross_entropy"]

# The smallest positive float: log(TINY) ≈ −708 is finite, so a probability that
# rounded to exactly 0 gives a large, finite loss instead of inf and a warning.
TINY = np.finfo(np.float64).tiny


def _as_samples(array: Array) -> Array:
    """View a 0-D or 1-D array as ``n`` samples of one value each, shape ``(n, 1)``."""
    return array.reshape(-1, 1) if array.ndim < 2 else array


def mse(output: Any, target: Any) -> float:
    """Mean squared error ``(1/2n) Σᵢ ‖ŷᵢ − yᵢ‖²`` (chapter 3, equation 3.1).

    ``output`` ŷ and ``target`` y have shape ``(n, n_out)``; a 1-D array
    of length ``n`` is read as ``n`` samples with one output each. The
    factor 1/2 cancels the 2 of the derivative, which is then ``(ŷ − y)/n``
    (equation 3.2).
    """
    O, T = _matching(output, target)
    return float(0.5 * np.sum((O - T) ** 2) / O.shape[0])


def mse_gradient(output: Any, target: Any) -> Array:
    """The derivative ``∂𝓛/∂ŷ = (ŷ − y)/n`` of the MSE (equation 3.2)."""
    O, T = _matching(output, target)
    return (O - T) / O.shape[0]


def _matching(output: Any, target: Any) -> tuple[Array, Array]:
    O = _as_samples(as_float_array(output, "output"))
    T = _as_samples(as_float_array(target, "target"))
    if O.ndim != 2:
        raise ValueError(f"expected output of shape (n, k), got shape {O.shape}")
    if O.shape[0] == 0:
        raise ValueError("expected at least one sample, got an empty output")
    if T.shape != O.shape:
        raise ValueError(f"expected target of the same shape as output {O.shape}, got shape {T.shape}")
    return O, T


def cross_entropy(output: Any, target: Any) -> float:
    """Cross-entropy of ``output`` against ``target`` (equations 3.3, 3.5).

    * ``output`` of shape ``(n, K)`` with ``K ≥ 2`` is a softmax output
      (each row sums to 1); ``target`` is one-hot ``(n, K)`` or class
      labels ``(n,)`` from 0 to ``K − 1``.
    * ``output`` of shape ``(n, 1)`` or ``(n,)`` is one sigmoid unit;
      ``target`` holds 0s and 1s. This is the binary cross-entropy.

    A probability that rounded to exactly 0 is read as the smallest positive
    float, so the result stays finite.
    """
    O = _as_samples(as_float_array(output, "output"))
    if O.ndim != 2 or O.shape[0] == 0:
        expected = "expected output of shape (n, K) with at least one sample"
        raise ValueError(f"{expected}, got shape {O.shape}")
    outside = O[(O < 0) | (O > 1)]
    if outside.size:
        raise ValueError(
            "expected output to hold probabilities between 0 and 1 (a "
            f"softmax or sigmoid output), got values such as {outside[0]:.4g}"
        )
    sums = O.sum(axis=1)
    off = sums[~np.isclose(sums, 1.0, atol=1e-6)]
    if O.shape[1] > 1 and off.size:
        raise ValueError(
            f"expected each row of a {O.shape[1]}-column output to sum to 1 "
            f"(a softmax output), got row sums such as {off[0]:.4g}"
        )
    T = targets(target, O.shape[0], O.shape[1], "cross_entropy")
    if O.shape[1] == 1:
        log_o = np.log(np.maximum(O, TINY))
        log_1mo = np.log(np.maximum(1.0 - O, TINY))
        return float(-np.sum(T * log_o + (1.0 - T) * log_1mo) / O.shape[0])
    return float(-np.sum(T * np.log(np.maximum(O, TINY))) / O.shape[0])


def targets(Y: Any, n: int, k: int, loss: str) -> Array:
    """Check targets for ``n`` samples of ``k`` outputs under ``loss``; return them ``(n, k)``.

    Integer class labels (cross-entropy with ``k ≥ 2``) become one-hot rows. Binary
    cross-entropy (``k = 1``) accepts only 0 and 1.
    """
    T = as_float_array(Y, "Y")
    if loss == "cross_entropy" and k > 1 and T.ndim == 1:
        if T.shape != (n,):
            raise ValueError(f"expected {n} class label(s) in Y, one per sample, got shape {T.shape}")
        labels = T
        fractional = labels[labels != np.round(labels)]
        if fractional.size:
            raise ValueError(f"expected integer class labels in Y, got values such as {fractional[0]:g}")
        if labels.min() < 0 or labels.max() >= k:
            raise ValueError(
                f"expected class labels from 0 to {k - 1} ({k} output units), "
                f"got labels from {int(labels.min())} to {int(labels.max())}"
            )
        return np.eye(k)[labels.astype(np.intp)]
    if T.ndim < 2 and k == 1:
        T = T.reshape(-1, 1)
    if T.shape != (n, k):
        expected = f"({n}, {k})" + (f" or labels ({n},)" if loss == "cross_entropy" and k > 1 else "")
        if k == 1:
            expected += f" or ({n},)"
        raise ValueError(
            f"expected Y of shape {expected} to match {n} sample(s) and {k} output(s), got shape {T.shape}"
        )
    if loss == "cross_entropy":
        other = T[(T != 0) & (T != 1)]
        if k == 1 and other.size:
            raise ValueError(
                f"expected binary targets of 0 and 1 for a single sigmoid output, got values such as {other[0]:g}"
            )
        bad_rows = np.any(T < 0, axis=1) | ~np.isclose(T.sum(axis=1), 1.0)
        if k > 1 and np.any(bad_rows):
            raise ValueError(
                "expected one-hot target rows (non-negative, each summing to 1) for a softmax output, "
                f"got a row such as {T[bad_rows][0].tolist()}"
            )
    return T


def check_loss(net: Network, loss: Any) -> str:
    """Check that ``loss`` is a known loss the network's output layer can use."""
    loss = choice(loss, "loss", LOSSES)
    if loss == "cross_entropy":
        act, k = net.output_activation, net.n_outputs
        if not ((act == "softmax" and k >= 2) or (act == "sigmoid" and k == 1)):
            raise ValueError(
                "cross_entropy needs probabilities: a softmax output layer (2 or more units) or one sigmoid "
                f"output unit; this network's output layer is {act!r} with {k} unit(s)"
            )
    return loss


def check_data(net: Network, X: Any, Y: Any, loss: Any) -> tuple[Array, Array, str]:
    """Validate ``X``, ``Y`` and ``loss`` for ``net`` once; return ``X``, ``Y`` as ``(n, ·)`` arrays."""
    loss = check_loss(net, loss)
    X, single = net.check_input(X)
    if single:
        # One sample's target: a number (a class label, or the one output's target) or a
        # row of n_outputs values; anything else is left as given, for the check to report.
        Y = as_float_array(Y, "Y")
        if Y.ndim == 0:
            Y = Y.reshape(1)
        elif Y.ndim == 1 and Y.shape[0] == net.n_outputs:
            Y = Y.reshape(1, -1)
    return X, targets(Y, X.shape[0], net.n_outputs, loss), loss


def network_loss(net: Network, X: Array, T: Array, loss: str, weight_decay: float = 0.0, l1: float = 0.0) -> float:
    """:func:`data_loss`, plus the L2 penalty ``(λ/2) Σ ‖W‖²`` when ``weight_decay`` λ > 0
    and the L1 penalty ``λ Σ |W|`` when ``l1`` λ > 0.

    The penalties are chapter 7's (:mod:`nnbook.regularization`); with λ = 0 this is the
    loss of chapter 3 alone. Inputs and targets were already checked.
    """
    return data_loss(net, X, T, loss) + l2_penalty(net, weight_decay) + l1_penalty(net, l1)


def data_loss(net: Network, X: Array, Y: Array, loss: str) -> float:
    """The loss 𝓛 of ``net`` on checked data (eq. 3.1, 3.3, 3.5).

    Cross-entropy is computed from the output layer's weighted sums ``Z``,
    the logits: the same number as ``cross_entropy(net.forward(X), Y)``, but
    exact even when a probability rounds to 0 or 1, since
    ``−log softmax(z)_c = logsumexp(z) − z_c`` and
    ``−log σ(z) = log(1 + e^{−z})``.
    """
    A = X
    for layer in net.layers[:-1]:
        A = layer.forward(A)
    output = net.layers[-1]
    Z = output.weighted_sum(A)
    n = X.shape[0]
    if loss == "mse":
        return float(0.5 * np.sum((output.f.function(Z) - Y) ** 2) / n)
    if Z.shape[1] == 1:
        # max(z, 0) − y·z + log(1 + e^{−|z|}) = log(1 + e^z) − y·z:
        # no exp overflows, and log1p keeps the digits of a small loss
        e = np.log1p(np.exp(-np.abs(Z)))
        return float(np.sum(np.maximum(Z, 0.0) - Y * Z + e) / n)
    top = Z.max(axis=1, keepdims=True)
    logsumexp = top + np.log(np.sum(np.exp(Z - top), axis=1, keepdims=True))
    return float(np.sum(Y * (logsumexp - Z)) / n)


def evaluate_loss(net: Network, X: Any, Y: Any, loss: str = "mse", weight_decay: float = 0.0, l1: float = 0.0) -> float:
    """The loss 𝓛 of ``net`` on the data ``X``, ``Y`` (chapter 3, equations 3.1 to 3.5).

    With ``weight_decay`` λ > 0, chapter 7's L2 penalty ``(λ/2) Σ ‖W‖²`` is
    included, with ``l1`` λ > 0 its L1 penalty ``λ Σ |W|`` (:mod:`nnbook.regularization`).
    """
    X, T, loss = check_data(net, X, Y, loss)
    return network_loss(net, X, T, loss, check_weight_decay(weight_decay), check_l1(l1))


def loss_grid(
    network_at: Callable[[float, float], Network], X: Any, Y: Any, xs: Any, ys: Any, loss: str = "mse"
) -> np.ndarray:
    """An error surface: ``L[i, j]``, the loss 𝓛 of ``network_at(xs[j], ys[i])`` on ``X``, ``Y``.

    ``network_at`` builds the network for one point of the grid (say, a neuron with weight
    ``xs[j]`` and bias ``ys[i]``, chapter 3). Rows follow ``ys``, so ``L`` draws with
    ``xs`` across and ``ys`` up, as ``contour`` and ``imshow`` expect. The data are
    checked once.
    """
    xs, ys = np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64)
    if xs.ndim != 1 or ys.ndim != 1 or xs.size == 0 or ys.size == 0:
        raise ValueError(f"expected xs and ys as non-empty 1-D arrays, got shapes {xs.shape} and {ys.shape}")
    X, T, loss = check_data(network_at(xs[0], ys[0]), X, Y, loss)
    return np.array([[network_loss(network_at(x, y), X, T, loss) for x in xs] for y in ys])
