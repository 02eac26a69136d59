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

from collections.abc import Sequence
from typing import Any

import numpy as np

from nnbook.checks import optional_seed, positive_real, whole_number
from nnbook.datasets import train_test_split
from nnbook.evaluation import accuracy, nearest_neighbour
from nnbook.loss import check_data
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
    rng = np.random.default_rng(optional_seed(seed))

    X = np.stack([X for X, _ in checked])  # (networks, n, n_0)
    T = np.stack([T for _, T in checked])  # (networks, n, n_L)
    W = [np.stack([net.layers[i].W for net in nets]) for i in range(len(shape))]
    b = [np.stack([net.layers[i].b for net in nets])[:, None, :] for i in range(len(shape))]
    f = [layer.f for layer in first.layers]
    n = X.shape[1]
    size = n if batch_size is None else min(batch_size, n)
    with np.errstate(all="ignore"):  # a blow-up is reported once, below
        for _ in range(epochs):
            if size == n:
                Xs, Ts = X, T
            else:
                order = rng.permutation(n)
                Xs, Ts = X[:, order], T[:, order]
            for start in range(0, n, size):
                A = [Xs[:, start : start + size]]
                for Wl, bl, fl in zip(W, b, f, strict=True):  # equation 2.2, every network
                    A.append(fl.function(A[-1] @ Wl.transpose(0, 2, 1) + bl))
                delta = (A[-1] - Ts[:, start : start + size]) / A[-1].shape[1]  # eq. 4.7
                for index in range(len(W) - 1, -1, -1):  # equations 4.8 and 4.9
                    dW = delta.transpose(0, 2, 1) @ A[index]
                    if weight_decay:
                        dW += weight_decay * W[index]
                    db = delta.sum(axis=1, keepdims=True)
                    if index > 0:
                        delta = (delta @ W[index]) * f[index - 1].derivative_from_output(A[index])
                    W[index] -= learning_rate * dW  # equation 5.1
                    b[index] -= learning_rate * db
    for k, net in enumerate(nets):
        if not all(np.all(np.isfinite(Wl[k])) and np.all(np.isfinite(bl[k])) for Wl, bl in zip(W, b, strict=True)):
            raise ValueError(f"training network {k} diverged (learning rate {learning_rate:g} is too large)")
        for layer, Wl, bl in zip(net.layers, W, b, strict=True):
            layer.W, layer.b = Wl[k], bl[k, 0]


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
