"""Chapter 5, iteration: gradient descent, full batch and mini-batch.

Training repeats four steps (chapter 5): a forward pass, the loss, a backward pass
(backpropagation) and the update ``W ← W − η·∂L/∂W`` (equation 5.1) for every weight
and bias. ``train`` runs that loop and records the loss after every epoch; with
mini-batches each update uses the gradient on a batch only (equation 5.7).

For a linear neuron under the mean squared error the loss is an exact quadratic, with
the Hessian ``linear_hessian`` (equation 5.4); gradient descent on it is stable exactly
when ``η < 2/λ_max`` (equation 5.6), the number ``largest_stable_learning_rate`` returns.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from nnbook.backprop import gradients
from nnbook.checks import as_float_array, optional_seed, positive_real, whole_number
from nnbook.loss import check_data, network_loss
from nnbook.network import Network
from nnbook.regularization import check_l1, check_weight_decay

# Training counts as diverged when the loss grows past this many times its starting
# value (or past 1, whichever is larger): gradient descent that works never does that.
EXPLOSION_FACTOR = 1e4


@dataclass
class History:
    """What happened during a training run (one call of ``train``, or several that continue it).

    ``loss`` holds the loss on the whole training set after each epoch. ``diverged``
    is True when training stopped early because the loss became infinite or NaN or
    exploded, or a weight overflowed; ``message`` then says when and why, and the
    network keeps the last weights that gave a finite loss. ``start`` is the loss
    before the run's first epoch, against which an explosion is measured; ``seed`` and
    ``shuffle`` (the generator of the mini-batches) let a later call continue the run.
    """

    loss: list[float] = field(default_factory=list)
    diverged: bool = False
    message: str = ""
    start: float = math.nan
    seed: int | None = None
    shuffle: np.random.Generator | None = field(default=None, repr=False, compare=False)

    @property
    def epochs(self) -> int:
        """How many epochs were completed."""
        return len(self.loss)


def train(
    net: Network,
    X: Any,
    Y: Any,
    loss: str = "mse",
    learning_rate: float = 0.1,
    epochs: int = 10,
    batch_size: int | None = None,
    seed: int | None = None,
    weight_decay: float = 0.0,
    callback: Callable[[int, Network], None] | None = None,
    history: History | None = None,
    l1: float = 0.0,
) -> History:
    """Train ``net`` in place by gradient descent (chapter 5, equations 5.1 and 5.7).

    With ``batch_size=None`` every update uses the whole of ``X`` (full-batch gradient
    descent). Otherwise each epoch shuffles the samples (reproducibly, from ``seed``)
    and cuts them into mini-batches of ``batch_size``, with one update
    ``W ← W − η·dW`` per mini-batch (stochastic gradient descent). ``weight_decay`` λ > 0
    adds the L2 penalty ``(λ/2) Σ ‖W‖²`` to the loss that is minimised and recorded,
    ``l1`` λ > 0 the L1 penalty ``λ Σ |W|`` (:mod:`nnbook.regularization`).

    ``history``, the History of an earlier call on the same network and data, continues
    that run: ``epochs`` more epochs are appended to it, the shuffle goes on where it
    stopped (so two calls of 3 and 2 epochs train exactly as one call of 5), and the
    divergence rule still measures against the loss before the run's first epoch.
    A run that diverged is not trained further. ``seed`` must then be the run's seed
    or None.

    ``callback(epoch, net)``, if given, is called after every epoch whose loss is
    recorded in the history (chapter 5 uses it to draw the path of the weights).
    """
    if callback is not None and not callable(callback):
        raise TypeError(f"expected callback to be a function of (epoch, net) or None, got {callback!r}")
    if history is not None and not isinstance(history, History):
        raise TypeError(f"expected history to be the History of an earlier train call or None, got {history!r}")
    X, T, loss = check_data(net, X, Y, loss)
    learning_rate = positive_real(learning_rate, "learning_rate")
    weight_decay = check_weight_decay(weight_decay)
    l1 = check_l1(l1)
    epochs = whole_number(epochs, "epochs", 0)
    if batch_size is not None:
        batch_size = whole_number(batch_size, "batch_size", 1)
    seed = optional_seed(seed)
    if history is None:
        history = History(seed=seed)
    elif seed is not None and seed != history.seed:
        raise ValueError(f"expected seed None or the run's seed {history.seed!r} to continue it, got {seed!r}")
    if math.isnan(history.start):
        history.start = network_loss(net, X, T, loss, weight_decay, l1)
    if history.shuffle is None:
        history.shuffle = np.random.default_rng(history.seed)
    if history.diverged:
        return history
    rng = history.shuffle
    n = X.shape[0]
    full_batch = batch_size is None or batch_size >= n
    done = history.epochs

    # Overflow and NaN are expected when the learning rate is too large; they are
    # detected below and reported once through the history, not as a flood of warnings.
    with np.errstate(all="ignore"):
        limit = EXPLOSION_FACTOR * max(history.start, 1.0)
        for epoch in range(done + 1, done + epochs + 1):
            saved = [(layer.W.copy(), layer.b.copy()) for layer in net.layers]
            if full_batch:
                batches = [(X, T)]
            else:
                order = rng.permutation(n)
                Xs, Ts = X[order], T[order]  # one copy per epoch; the batches are views
                batches = [(Xs[i : i + batch_size], Ts[i : i + batch_size]) for i in range(0, n, batch_size)]
            for Xb, Tb in batches:
                grads = gradients(net, Xb, Tb, loss, weight_decay, l1)
                for layer, (dW, db) in zip(net.layers, grads, strict=True):
                    layer.descend(dW, db, learning_rate)
            value = network_loss(net, X, T, loss, weight_decay, l1)
            # A saturated output can keep the loss finite while a weight overflows to inf;
            # the sum of all parameters is non-finite when any of them is (or is near overflow).
            weights_finite = math.isfinite(sum(float(layer.W.sum() + layer.b.sum()) for layer in net.layers))
            if not weights_finite or not math.isfinite(value) or value > limit:
                what = f"the loss became {value:.3g}" if weights_finite else "the weights overflowed to infinity"
                history.diverged = True
                history.message = (
                    f"training diverged in epoch {epoch} of {done + epochs}: {what} "
                    f"(learning rate {learning_rate:g} is too large)"
                )
                if weights_finite and math.isfinite(value):
                    history.loss.append(value)
                    if callback is not None:
                        callback(epoch, net)
                else:  # keep the last weights that gave a finite loss
                    for layer, (W, b) in zip(net.layers, saved, strict=True):
                        layer.W, layer.b = W, b
                break
            history.loss.append(value)
            if callback is not None:
                callback(epoch, net)
    return history


def linear_hessian(X: Any) -> np.ndarray:
    """The Hessian of the mean squared error of one linear neuron on inputs ``X`` (equation 5.4).

    For a neuron with the identity activation, ``L(w, b) = (1/2n) Σᵢ (w·xᵢ + b − tᵢ)²`` is
    a quadratic in the parameters ``θ = (w₁, …, w_m, b)`` whose matrix of second
    derivatives is ``H = X̃ᵀX̃ / n``, with ``X̃ = [X | 1]`` (a column of ones for the bias).
    It does not depend on the targets or on ``θ``. ``X`` has shape ``(n, m)``; a 1-D ``X``
    is read as ``n`` samples of one input.
    """
    array = as_float_array(X, "X")
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"expected X of shape (n, m) with at least one sample and one input, got shape {array.shape}")
    augmented = np.column_stack([array, np.ones(array.shape[0])])
    return augmented.T @ augmented / array.shape[0]


def largest_stable_learning_rate(X: Any) -> float:
    """``2/λ_max``: above it, gradient descent on a linear neuron's MSE diverges (equation 5.6).

    ``λ_max`` is the largest eigenvalue of :func:`linear_hessian`. Along that eigenvector
    each full-batch step multiplies the distance to the minimum by ``1 − η·λ_max``
    (equation 5.5), whose size is below 1 exactly when ``0 < η < 2/λ_max``.
    """
    return float(2.0 / np.linalg.eigvalsh(linear_hessian(X))[-1])
