"""Chapter 5, iteration: gradient descent, full batch and mini-batch, with momentum.

Training repeats four steps (chapter 5): a forward pass, the loss, a backward pass
(backpropagation) and the update ``W⁽ℓ⁾ ← W⁽ℓ⁾ − η·∂𝓛/∂W⁽ℓ⁾`` (equation 5.1) for
every weight and bias. ``train`` runs that loop and records the loss after every
epoch; with mini-batches each update uses the gradient on a batch only (equation 5.9).

For a linear neuron under the mean squared error the loss is an exact quadratic, with
the Hessian ``linear_hessian`` (equation 5.4); gradient descent on it is stable exactly
when ``η < 2/λ_max`` (equation 5.6), the number ``largest_stable_learning_rate`` returns.
``momentum_descent`` runs gradient descent with momentum on it (equation 5.7), and
``momentum_factor`` says how fast that converges (equation 5.8). ``signal_spread``
measures what the scale of the initial weights does to a deep network (equation 5.10).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

from nnbook.backprop import gradients, output_error
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
    """Train ``net`` in place by gradient descent (chapter 5, equations 5.1 and 5.9).

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
    """The Hessian of a linear neuron's mean squared error on inputs ``X`` (eq. 5.4).

    For a neuron with the identity activation,
    ``𝓛(w, b) = (1/2n) Σᵢ (w·xᵢ + b − yᵢ)²`` is a quadratic in the parameters
    ``θ = (w₁, …, w_m, b)`` whose matrix of second derivatives is
    ``H = X̃ᵀX̃ / n``, with ``X̃ = [X | 1]`` (a column of ones for the bias). It
    does not depend on the targets or on ``θ``. ``X`` has shape ``(n, m)``; a 1-D
    ``X`` is read as ``n`` samples of one input.
    """
    array = as_float_array(X, "X")
    if array.ndim == 1:
        array = array[:, np.newaxis]
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise ValueError(f"expected X of shape (n, m) with at least one sample and one input, got shape {array.shape}")
    augmented = np.column_stack([array, np.ones(array.shape[0])])
    return augmented.T @ augmented / array.shape[0]


def largest_stable_learning_rate(X: Any) -> float:
    """``2/λ_max``: above it, gradient descent on a linear neuron diverges (eq. 5.6).

    ``λ_max`` is the largest eigenvalue of :func:`linear_hessian`. Along that
    eigenvector each full-batch step multiplies the distance to the minimum by
    ``1 − η·λ_max`` (equation 5.5), whose size is below 1 exactly when
    ``0 < η < 2/λ_max``.
    """
    return float(2.0 / np.linalg.eigvalsh(linear_hessian(X))[-1])


# --------------------------------------------------------------------------- momentum


def _augmented(X: Any, t: Any) -> tuple[np.ndarray, np.ndarray]:
    """``X̃ = [X | 1]`` and the targets as a vector, checked."""
    array = as_float_array(X, "X")
    if array.ndim == 1:
        array = array[:, np.newaxis]
    y = as_float_array(t, "t").ravel()
    if array.ndim != 2 or array.shape[0] == 0 or y.shape != (array.shape[0],):
        raise ValueError(f"expected X of shape (n, m) and n targets, got shapes {array.shape} and {y.shape}")
    return np.column_stack([array, np.ones(array.shape[0])]), y


def linear_gradient(X: Any, t: Any, theta: Any) -> np.ndarray:
    """The gradient of a linear neuron's mean squared error at ``θ = (w₁, …, w_m, b)``.

    ``∇𝓛(θ) = X̃ᵀ(X̃θ − y)/n`` with ``X̃ = [X | 1]``: what ``nnbook.backprop``
    returns for ``one_neuron`` with the identity activation, as one vector; it
    equals ``H(θ − θ*)`` (chapter 5, equation 5.4).
    """
    augmented, y = _augmented(X, t)
    theta = as_float_array(theta, "theta").ravel()
    if theta.shape != (augmented.shape[1],):
        raise ValueError(f"expected theta of {augmented.shape[1]} parameters, got shape {theta.shape}")
    return augmented.T @ (augmented @ theta - y) / len(y)


def linear_minimum(X: Any, t: Any) -> np.ndarray:
    """``θ* = (w₁, …, w_m, b)``, where a linear neuron's mean squared error is least.

    The least-squares fit: the point where the gradient ``H(θ − θ*)`` vanishes, the
    centre of the ellipses of equation 5.4 (chapter 5).
    """
    augmented, y = _augmented(X, t)
    return np.linalg.lstsq(augmented, y, rcond=None)[0]


@dataclass
class MomentumRun:
    """A run of gradient descent with momentum: ``path`` has one row ``θ_t`` per step,
    the start first; ``loss`` the loss at each row; ``diverged`` is True when the
    run stopped because the loss exploded (``message`` says when)."""

    path: np.ndarray
    loss: list[float]
    diverged: bool = False
    message: str = ""


def momentum_descent(
    X: Any,
    t: Any,
    start: Any,
    learning_rate: float,
    momentum: float,
    steps: int,
) -> MomentumRun:
    """Gradient descent with momentum on a linear neuron (chapter 5, eq. 5.7).

    ``v ← β·v − η·∇𝓛(θ)``, then ``θ ← θ + v``, from ``v = 0``: each step keeps
    the fraction ``β`` (``momentum``, 0 ≤ β < 1) of the step before. ``β = 0``
    is plain gradient descent, step for step the path of ``nnbook.train``.
    Stops, with ``diverged`` set, when the loss grows past 10⁴ times its start
    (as ``train`` does).
    """
    X_tilde, y = _augmented(X, t)  # [X | 1], so that θ = (w, b) gives X̃θ
    eta = positive_real(learning_rate, "learning_rate")
    beta = _momentum(momentum)
    steps = whole_number(steps, "steps", 0)
    theta = _parameters(start, X_tilde.shape[1])
    n = len(y)

    def loss(theta: np.ndarray) -> float:
        residual = X_tilde @ theta - y
        return float(residual @ residual / (2 * n))

    run = MomentumRun(np.empty(0), [loss(theta)])
    limit = EXPLOSION_FACTOR * max(run.loss[0], 1.0)
    path, velocity = [theta], np.zeros_like(theta)
    with np.errstate(all="ignore"):
        for step in range(1, steps + 1):
            gradient = X_tilde.T @ (X_tilde @ theta - y) / n
            velocity = beta * velocity - eta * gradient
            theta = theta + velocity
            value = loss(theta)
            if not math.isfinite(value) or value > limit:
                run.diverged = True
                run.message = (
                    f"diverged in step {step} of {steps}: the loss passed "
                    f"{limit:.3g} (η = {eta:g} is too large for β = {beta:g})"
                )
                break
            path.append(theta)
            run.loss.append(value)
    run.path = np.array(path)
    return run


def _momentum(value: Any) -> float:
    """A momentum β, checked: a number with 0 ≤ β < 1."""
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value < 1:
        raise ValueError(f"expected momentum β with 0 <= β < 1, got {value!r}")
    return float(value)


def _parameters(value: Any, count: int) -> np.ndarray:
    """A start ``θ = (w₁, …, w_m, b)`` of ``count`` numbers, checked."""
    theta = as_float_array(value, "start").ravel().copy()
    if theta.shape != (count,):
        raise ValueError(f"expected a start of {count} parameters, got shape {theta.shape}")
    return theta


def momentum_factor(
    learning_rate: float,
    momentum: float,
    curvature: float,
) -> float:
    """How much one step of momentum shrinks the error along a curvature λ.

    Along an eigenvector of ``H`` the error obeys
    ``c_{t+1} = (1 + β − ηλ)·c_t − β·c_{t−1}`` (chapter 5, eq. 5.8); the factor
    is the larger in size of the two roots of ``r² − (1 + β − ηλ)·r + β = 0``.
    It is ``|1 − ηλ|`` for β = 0 and ``√β`` when the roots are complex; it is
    below 1 exactly when ``0 < ηλ < 2(1 + β)``.
    """
    middle = 1 + momentum - learning_rate * curvature
    roots = np.roots([1.0, -middle, momentum])
    return float(np.max(np.abs(roots)))


def best_momentum(smallest: float, largest: float) -> tuple[float, float]:
    """The η and β that make momentum fastest on a quadratic with curvatures in
    ``[smallest, largest]``: ``η = 4/(√λ_max + √λ_min)²``, ``β = ((√κ − 1)/(√κ + 1))²``.

    Both directions then shrink by ``√β = (√κ − 1)/(√κ + 1)`` per step (chapter 5),
    against ``(κ − 1)/(κ + 1)`` for the best plain rate.
    """
    low, high = positive_real(smallest, "smallest"), positive_real(largest, "largest")
    if low > high:
        raise ValueError(f"expected smallest <= largest, got {low!r} and {high!r}")
    root_kappa = math.sqrt(high / low)
    learning_rate = 4.0 / (math.sqrt(high) + math.sqrt(low)) ** 2
    return learning_rate, ((root_kappa - 1) / (root_kappa + 1)) ** 2


# --------------------------------------------------------------------------- initialisation


@dataclass
class SignalSpread:
    """What one batch does in a deep network at one weight scale (chapter 5,
    section on initialisation). Index ℓ − 1 holds layer ℓ's values:

    ``forward``: the root mean square of the weighted sums ``Z⁽ℓ⁾``;
    ``backward``: the root mean square of the error signal per sample, ``n·Δ⁽ℓ⁾``
    (``Δ⁽ℓ⁾ = ∂𝓛/∂Z⁽ℓ⁾``, chapter 4; the ``n`` undoes the loss's average);
    ``weight_gradients``: the root mean square of the entries of ``∂𝓛/∂W⁽ℓ⁾``.
    """

    gain: float
    forward: np.ndarray
    backward: np.ndarray
    weight_gradients: np.ndarray


def signal_spread(
    gain: float,
    depth: int = 15,
    width: int = 100,
    activation: str = "relu",
    n: int = 200,
    seed: int = 0,
) -> SignalSpread:
    """A batch through ``depth`` layers of ``width`` units, weight scale ``gain``.

    Every weight is drawn normal with standard deviation ``gain/√n_in``
    (``Network`` uses gain 1, or √2 for ReLU: chapter 5, equation 5.10); biases
    are 0; the hidden layers use ``activation``, the last one the identity.
    ``n`` inputs and targets are standard normal, drawn from ``seed``; the loss
    is the mean squared error, and the backward pass is backpropagation's
    (equations 4.6-4.9), keeping every layer's error. Returns, per layer, the
    spread of the signal and of the gradients.
    """
    gain = positive_real(gain, "gain")
    depth = whole_number(depth, "depth", 1)
    width = whole_number(width, "width", 1)
    n = whole_number(n, "n", 1)
    rng = np.random.default_rng(optional_seed(seed))
    sizes = [width] * (depth + 1)
    net = Network(sizes, activation, output_activation="identity", seed=seed)
    for layer in net.layers:
        layer.W = rng.normal(0.0, gain / math.sqrt(width), size=layer.W.shape)
    X, T = rng.normal(size=(n, width)), rng.normal(size=(n, width))

    def rms(values: np.ndarray) -> float:
        return float(np.sqrt(np.mean(values**2)))

    passed = net._forward_pass(X)
    A = passed.activations
    delta = output_error(net, passed, T, "mse")
    backward, weight_gradients = [0.0] * depth, [0.0] * depth
    for index in range(depth - 1, -1, -1):  # equations 4.8 and 4.9
        backward[index] = rms(n * delta)
        weight_gradients[index] = rms(delta.T @ A[index])
        if index > 0:
            f = net.layers[index - 1].f
            slope = f.derivative_from_output(A[index])
            delta = (delta @ net.layers[index].W) * slope
    forward = [rms(Z) for Z in passed.weighted_sums]
    return SignalSpread(
        gain,
        np.array(forward),
        np.array(backward),
        np.array(weight_gradients),
    )
