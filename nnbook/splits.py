"""Chapter 8: one recipe on many training/test splits, and the baselines.

A test accuracy measured on one split depends on which images landed in the
test set. ``accuracy_over_splits`` trains the same network, with the same
settings and seeds, on the split of every seed in ``seeds`` and returns one
test accuracy per split; ``nearest_neighbour_over_splits`` does the same for
the nearest-neighbour classifier (chapter 8, equation 8.1), which has no
training at all.

``train_together`` makes many runs affordable: it trains a list of networks of
one shape, each on its own data set, exactly as ``nnbook.train`` trains each
alone (the same updates, the same order of mini-batches), but with each matrix
product done for all the networks in one numpy call. Its test compares it with
``nnbook.train``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from nnbook.checks import optional_seed, positive_real, whole_number
from nnbook.datasets import train_test_split
from nnbook.evaluation import accuracy, nearest_neighbour
from nnbook.loss import TINY, check_data, evaluate_loss
from nnbook.network import Network
from nnbook.regularization import check_weight_decay

Array = np.ndarray


def train_together(
    nets: Sequence[Network],
    data: Sequence[tuple[Any, Any]],
    learning_rate: float = 0.1,
    epochs: int = 10,
    batch_size: int | None = None,
    seed: int | None = None,
    weight_decay: float = 0.0,
) -> None:
    """Train ``nets[k]`` on ``data[k] = (X_k, y_k)`` for every ``k``, in place.

    Each network ends as ``nnbook.train(nets[k], X_k, y_k,
    loss="cross_entropy", ...)`` with the same settings would leave it
    (chapter 5's updates, chapter 4's gradients, the L2 penalty's ``λ·W``).
    The networks must share sizes, activations and a softmax or sigmoid
    output, and the data sets one shape. The mini-batch order comes from
    ``seed`` as in ``train``, the same for every network. No loss is
    recorded; a run whose weights stop being finite raises ``ValueError``
    at the end, where ``train`` would stop early.
    """
    nets = list(nets)
    data = list(data)
    if not nets or not all(isinstance(net, Network) for net in nets):
        raise TypeError(f"expected a non-empty list of nnbook.Network, got {nets!r:.80}")
    if len(data) != len(nets):
        raise ValueError(f"expected one (X, y) pair per network, got {len(data)} pairs for {len(nets)} networks")
    first = nets[0]
    shape = [(layer.shape, layer.activation) for layer in first.layers]
    for net in nets[1:]:
        if [(layer.shape, layer.activation) for layer in net.layers] != shape:
            raise ValueError(f"expected networks of the same shape, got sizes {first.sizes} and {net.sizes}")
    if first.output_activation not in ("softmax", "sigmoid"):
        raise ValueError(
            f"expected a softmax or sigmoid output (the cross-entropy's pair), got {first.output_activation!r}"
        )
    checked = [check_data(net, X, y, "cross_entropy")[:2] for net, (X, y) in zip(nets, data, strict=True)]
    if len({X.shape for X, _ in checked}) != 1:
        raise ValueError(f"expected data sets of the same shape, got {sorted({X.shape for X, _ in checked})}")
    learning_rate = positive_real(learning_rate, "learning_rate")
    weight_decay = check_weight_decay(weight_decay)
    epochs = whole_number(epochs, "epochs", 0)
    if batch_size is not None:
        batch_size = whole_number(batch_size, "batch_size", 1)
    seed = optional_seed(seed)
    W, b = _stacked(nets)
    for _ in _epochs(W, b, nets[0], checked, learning_rate, epochs, batch_size, seed, weight_decay):
        pass
    _unstack(nets, W, b, learning_rate)


def _stacked(nets: list[Network]) -> tuple[list[Array], list[Array]]:
    """Every layer's weights and biases, stacked over the networks: ``(networks, …)``."""
    W = [np.stack([net.layers[i].W for net in nets]) for i in range(len(nets[0].layers))]
    b = [np.stack([net.layers[i].b for net in nets])[:, None, :] for i in range(len(nets[0].layers))]
    return W, b


def _unstack(nets: list[Network], W: list[Array], b: list[Array], learning_rate: float) -> None:
    for k, net in enumerate(nets):
        if not all(np.all(np.isfinite(Wl[k])) and np.all(np.isfinite(bl[k])) for Wl, bl in zip(W, b, strict=True)):
            raise ValueError(f"training network {k} diverged (learning rate {learning_rate:g} is too large)")
        for layer, Wl, bl in zip(net.layers, W, b, strict=True):
            layer.W, layer.b = Wl[k], bl[k, 0]


def _forward(W: list[Array], b: list[Array], f: list[Any], X: Array) -> list[Array]:
    """Every layer's activations for every network at once (chapter 2's forward pass)."""
    A = [X]
    for Wl, bl, fl in zip(W, b, f, strict=True):
        A.append(fl.function(A[-1] @ Wl.transpose(0, 2, 1) + bl))
    return A


def _epochs(
    W: list[Array],
    b: list[Array],
    net: Network,
    checked: list[tuple[Array, Array]],
    learning_rate: float,
    epochs: int,
    batch_size: int | None,
    seed: int | None,
    weight_decay: float,
) -> Iterator[int]:
    """Update the stacks ``W``, ``b`` in place, epoch after epoch; yield each epoch's number."""
    rng = np.random.default_rng(seed)
    X = np.stack([X for X, _ in checked])  # (networks, n, n_0)
    T = np.stack([T for _, T in checked])  # (networks, n, n_L)
    f = [layer.f for layer in net.layers]
    n = X.shape[1]
    size = n if batch_size is None else min(batch_size, n)
    with np.errstate(all="ignore"):  # a blow-up is reported once, at the end
        for epoch in range(1, epochs + 1):
            if size == n:
                Xs, Ts = X, T
            else:
                order = rng.permutation(n)
                Xs, Ts = X[:, order], T[:, order]
            for start in range(0, n, size):
                A = _forward(W, b, f, Xs[:, start : start + size])
                delta = (A[-1] - Ts[:, start : start + size]) / A[-1].shape[1]  # output error (chapter 4)
                for index in range(len(W) - 1, -1, -1):  # backpropagation (chapter 4)
                    dW = delta.transpose(0, 2, 1) @ A[index]
                    if weight_decay:
                        dW += weight_decay * W[index]
                    db = delta.sum(axis=1, keepdims=True)
                    if index > 0:
                        delta = (delta @ W[index]) * f[index - 1].derivative_from_output(A[index])
                    W[index] -= learning_rate * dW  # gradient descent (chapter 5)
                    b[index] -= learning_rate * db
            yield epoch


def _seeds(seeds: Any) -> list[int]:
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"expected a list of split seeds, got {seeds!r}")
    seeds = [optional_seed(seed) for seed in seeds]
    if not seeds or None in seeds:
        raise ValueError(f"expected at least one whole-number split seed, got {seeds!r}")
    return seeds


def accuracy_over_splits(
    X: Any,
    y: Any,
    seeds: Sequence[int],
    hidden: Sequence[int] = (128,),
    activation: str = "relu",
    learning_rate: float = 0.1,
    epochs: int = 60,
    batch_size: int | None = 16,
    weight_decay: float = 1e-3,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> Array:
    """The test accuracy of one recipe on the split of every seed in ``seeds``.

    For each split seed ``s``: ``train_test_split(X, y, test_fraction,
    seed=s, stratify=True)``, a ``Network([n_0, *hidden, K], activation,
    "softmax", seed=seed)`` trained with the cross-entropy loss and the given
    settings (the mini-batch order from ``seed``), measured on its test part.
    The defaults are chapter 8's recipe; ``hidden=()`` is softmax regression,
    the same training with no hidden layer. One accuracy per seed, in order.
    """
    seeds = _seeds(seeds)
    splits = [train_test_split(X, y, test_fraction, seed=s, stratify=True) for s in seeds]
    n_classes = int(max(split[2].max() for split in splits)) + 1
    sizes = [splits[0][0].shape[1], *hidden, n_classes]
    nets = [Network(sizes, activation, "softmax", seed=seed) for _ in seeds]
    train_together(
        nets,
        [(X_train, y_train) for X_train, _, y_train, _ in splits],
        learning_rate=learning_rate,
        epochs=epochs,
        batch_size=batch_size,
        seed=seed,
        weight_decay=weight_decay,
    )
    return np.array([accuracy(net, X_test, y_test) for net, (_, X_test, _, y_test) in zip(nets, splits, strict=True)])


def nearest_neighbour_over_splits(X: Any, y: Any, seeds: Sequence[int], test_fraction: float = 0.25) -> Array:
    """The test accuracy of the nearest neighbour (eq. 8.1) on every split.

    The splits are those of :func:`accuracy_over_splits`: ``train_test_split(X,
    y, test_fraction, seed=s, stratify=True)`` for each seed ``s``.
    """
    found = []
    for s in _seeds(seeds):
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction, seed=s, stratify=True)
        found.append(accuracy(nearest_neighbour(X_train, y_train, X_test), y_test))
    return np.array(found)


@dataclass
class EarlyStopping:
    """What :func:`early_stopping_over_splits` measured, one column per split.

    ``validation_loss[e, k]`` is split ``k``'s validation cross-entropy after
    epoch ``e + 1``; ``best_epoch[k]`` the epoch of its lowest value (the first,
    if tied). ``final_*`` are the test accuracy and cross-entropy of the network
    after the last epoch, ``early_*`` those of the network kept at the best epoch.
    """

    validation_loss: Array
    best_epoch: Array
    final_accuracy: Array
    early_accuracy: Array
    final_loss: Array
    early_loss: Array


def early_stopping_over_splits(
    X: Any,
    y: Any,
    seeds: Sequence[int],
    n_train: int = 200,
    n_validation: int = 400,
    hidden: Sequence[int] = (128,),
    activation: str = "relu",
    learning_rate: float = 0.1,
    epochs: int = 100,
    batch_size: int | None = 16,
    weight_decay: float = 0.0,
    test_fraction: float = 0.25,
    seed: int = 0,
) -> EarlyStopping:
    """Chapter 8's overfitting experiment, with early stopping, on every split.

    For each split seed: the first ``n_train`` training images are trained on
    and the next ``n_validation`` are the validation set, as in chapter 8;
    after every epoch the validation cross-entropy is measured and the
    network of the lowest one kept. Training is ``nnbook.train(net, ...,
    loss="cross_entropy", seed=seed)`` run for ``epochs`` epochs, one at a
    time (``history=`` continues the run). Test results come from the split's
    test part, for the last network and the kept one.
    """
    seeds = _seeds(seeds)
    n_train = whole_number(n_train, "n_train", 1)
    n_validation = whole_number(n_validation, "n_validation", 1)
    epochs = whole_number(epochs, "epochs", 1)
    splits = [train_test_split(X, y, test_fraction, seed=s, stratify=True) for s in seeds]
    if splits[0][0].shape[0] < n_train + n_validation:
        raise ValueError(
            f"expected n_train + n_validation at most the {splits[0][0].shape[0]} training images, "
            f"got {n_train} + {n_validation}"
        )
    n_classes = int(max(split[2].max() for split in splits)) + 1
    nets = [Network([splits[0][0].shape[1], *hidden, n_classes], activation, "softmax", seed=seed) for _ in seeds]
    checked = [check_data(nets[0], Xt[:n_train], yt[:n_train], "cross_entropy")[:2] for Xt, _, yt, _ in splits]
    learning_rate = positive_real(learning_rate, "learning_rate")
    weight_decay = check_weight_decay(weight_decay)
    if batch_size is not None:
        batch_size = whole_number(batch_size, "batch_size", 1)

    def one_hot(labels: list[Array]) -> Array:
        return np.stack([np.eye(n_classes)[part] for part in labels])

    X_val = np.stack([Xt[n_train : n_train + n_validation] for Xt, _, _, _ in splits])
    T_val = one_hot([yt[n_train : n_train + n_validation] for _, _, yt, _ in splits])
    f = [layer.f for layer in nets[0].layers]
    W, b = _stacked(nets)
    losses = np.empty((epochs, len(seeds)))
    best = np.zeros(len(seeds), dtype=np.int64)
    kept_W, kept_b = [Wl.copy() for Wl in W], [bl.copy() for bl in b]
    for epoch in _epochs(W, b, nets[0], checked, learning_rate, epochs, batch_size, seed, weight_decay):
        output = _forward(W, b, f, X_val)[-1]
        losses[epoch - 1] = -np.sum(T_val * np.log(np.maximum(output, TINY)), axis=(1, 2)) / n_validation
        better = losses[epoch - 1] < losses[: epoch - 1].min(axis=0) if epoch > 1 else np.ones(len(seeds), bool)
        best[better] = epoch
        for Wl, bl, keep_W, keep_b in zip(W, b, kept_W, kept_b, strict=True):
            keep_W[better], keep_b[better] = Wl[better], bl[better]
    early = [net.copy() for net in nets]
    _unstack(nets, W, b, learning_rate)
    _unstack(early, kept_W, kept_b, learning_rate)
    tests = [(X_test, y_test) for _, X_test, _, y_test in splits]

    def measure(networks: list[Network]) -> tuple[Array, Array]:
        found = [
            (accuracy(n, Xt, yt), evaluate_loss(n, Xt, yt, "cross_entropy"))
            for n, (Xt, yt) in zip(networks, tests, strict=True)
        ]
        return np.array([a for a, _ in found]), np.array([c for _, c in found])

    final_accuracy, final_loss = measure(nets)
    early_accuracy, early_loss = measure(early)
    return EarlyStopping(losses, best, final_accuracy, early_accuracy, final_loss, early_loss)
