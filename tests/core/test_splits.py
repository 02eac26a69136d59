"""nnbook.splits: one recipe trained on many splits at once, exactly as nnbook.train trains each."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook
from nnbook.splits import train_together


def small_digits(n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    X, y = nnbook.datasets.digits()
    return X[:n], y[:n]


def assert_same_weights(first: nnbook.Network, second: nnbook.Network) -> None:
    for a, b in zip(first.layers, second.layers, strict=True):
        np.testing.assert_allclose(a.W, b.W, rtol=0, atol=1e-12)
        np.testing.assert_allclose(a.b, b.b, rtol=0, atol=1e-12)


@pytest.mark.parametrize(
    ("sizes", "output", "batch_size", "weight_decay"),
    [([64, 12, 10], "softmax", 16, 1e-3), ([64, 10], "softmax", None, 0.0), ([64, 7, 5, 1], "sigmoid", 50, 0.01)],
)
def test_train_together_is_train_on_each(sizes, output, batch_size, weight_decay) -> None:
    X, y = small_digits()
    if output == "sigmoid":
        y = (y >= 5).astype(int)
    data = [(X[:200], y[:200]), (X[100:300], y[100:300]), (X[::-1][:200], y[::-1][:200])]
    together = [nnbook.Network(sizes, "tanh", output, seed=k) for k in range(3)]
    alone = [net.copy() for net in together]
    train_together(
        together, data, learning_rate=0.2, epochs=3, batch_size=batch_size, seed=4, weight_decay=weight_decay
    )
    for net, (Xk, yk) in zip(alone, data, strict=True):
        nnbook.train(
            net,
            Xk,
            yk,
            loss="cross_entropy",
            learning_rate=0.2,
            epochs=3,
            batch_size=batch_size,
            seed=4,
            weight_decay=weight_decay,
        )
    for first, second in zip(together, alone, strict=True):
        assert_same_weights(first, second)
    assert not np.allclose(together[0].layers[0].W, nnbook.Network(sizes, "tanh", output, seed=0).layers[0].W)


def test_train_together_refuses_what_it_cannot_do_before_any_work() -> None:
    X, y = small_digits(40)
    net = nnbook.Network([64, 4, 10], "relu", "softmax", seed=0)
    before = net.layers[0].W.copy()
    other = nnbook.Network([64, 5, 10], "relu", "softmax", seed=0)
    with pytest.raises(ValueError, match="same shape"):
        train_together([net, other], [(X, y), (X, y)])
    with pytest.raises(ValueError, match="one \\(X, y\\) pair per network"):
        train_together([net], [(X, y), (X, y)])
    with pytest.raises(ValueError, match="data sets of the same shape"):
        train_together([net, net.copy()], [(X, y), (X[:30], y[:30])])
    with pytest.raises(ValueError, match="softmax or sigmoid output"):
        train_together([nnbook.Network([64, 3], "identity", seed=0)], [(X, np.zeros((40, 3)))])
    with pytest.raises(ValueError, match="learning_rate"):
        train_together([net], [(X, y)], learning_rate=-1.0)
    with pytest.raises(TypeError, match=r"nnbook\.Network"):
        train_together([], [])
    np.testing.assert_array_equal(net.layers[0].W, before)


def test_train_together_says_when_a_run_diverged() -> None:
    X, y = small_digits(64)
    net = nnbook.Network([64, 8, 10], "relu", "softmax", seed=0)
    with pytest.raises(ValueError, match="diverged"):
        train_together([net], [(X * 1e150, y)], learning_rate=1e150, epochs=2, batch_size=8, seed=0)


def test_accuracy_over_splits_is_the_recipe_run_split_by_split() -> None:
    X, y = small_digits()
    settings = dict(learning_rate=0.1, epochs=2, batch_size=16, weight_decay=1e-3)
    found = nnbook.accuracy_over_splits(X, y, [0, 3], hidden=[8], activation="relu", seed=2, **settings)
    assert found.shape == (2,)
    for split_seed, accuracy in zip([0, 3], found, strict=True):
        X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.25, seed=split_seed, stratify=True)
        net = nnbook.Network([64, 8, 10], "relu", "softmax", seed=2)
        nnbook.train(net, X_train, y_train, loss="cross_entropy", seed=2, **settings)
        assert accuracy == nnbook.accuracy(net, X_test, y_test)
    (regression,) = nnbook.accuracy_over_splits(X, y, [3], hidden=(), **settings)  # softmax regression
    X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.25, seed=3, stratify=True)
    net = nnbook.Network([64, 10], "relu", "softmax", seed=0)
    nnbook.train(net, X_train, y_train, loss="cross_entropy", seed=0, **settings)
    assert regression == nnbook.accuracy(net, X_test, y_test)


def test_nearest_neighbour_over_splits_is_the_classifier_on_each_split() -> None:
    X, y = small_digits()
    found = nnbook.nearest_neighbour_over_splits(X, y, range(3), test_fraction=0.2)
    for split_seed, accuracy in enumerate(found):
        X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.2, seed=split_seed, stratify=True)
        assert accuracy == nnbook.accuracy(nnbook.nearest_neighbour(X_train, y_train, X_test), y_test)


@pytest.mark.parametrize("seeds", [[], [0, None], [0.5], "012", 3])
def test_the_split_seeds_must_be_a_list_of_whole_numbers(seeds) -> None:
    X, y = small_digits(50)
    with pytest.raises((TypeError, ValueError), match="seed"):
        nnbook.nearest_neighbour_over_splits(X, y, seeds)


def test_early_stopping_over_splits_is_the_epoch_by_epoch_loop() -> None:
    X, y = small_digits(400)
    found = nnbook.splits.early_stopping_over_splits(
        X, y, [0, 5], n_train=60, n_validation=80, hidden=[16], epochs=12, weight_decay=1e-3
    )
    assert found.validation_loss.shape == (12, 2)
    for k, split_seed in enumerate([0, 5]):
        X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.25, seed=split_seed, stratify=True)
        net, history, losses, kept = nnbook.Network([64, 16, 10], "relu", "softmax", seed=0), None, [], None
        for _ in range(12):
            history = nnbook.train(
                net, X_train[:60], y_train[:60], loss="cross_entropy", learning_rate=0.1, epochs=1,
                batch_size=16, seed=0 if history is None else None, weight_decay=1e-3, history=history,
            )  # fmt: skip
            losses.append(nnbook.evaluate_loss(net, X_train[60:140], y_train[60:140], "cross_entropy"))
            if losses[-1] == min(losses) and losses.count(losses[-1]) == 1:
                kept = net.copy()
        np.testing.assert_allclose(found.validation_loss[:, k], losses, rtol=0, atol=1e-12)
        assert found.best_epoch[k] == int(np.argmin(losses)) + 1
        assert found.final_accuracy[k] == nnbook.accuracy(net, X_test, y_test)
        assert found.early_accuracy[k] == nnbook.accuracy(kept, X_test, y_test)
        assert np.isclose(found.early_loss[k], nnbook.evaluate_loss(kept, X_test, y_test, "cross_entropy"))
    with pytest.raises(ValueError, match="n_train \\+ n_validation"):
        nnbook.splits.early_stopping_over_splits(X, y, [0], n_train=200, n_validation=200)
