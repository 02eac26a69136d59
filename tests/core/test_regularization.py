"""L2 and L1 regularisation: the penalties, their gradients, and both in training."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook
from nnbook.regularization import l1_penalty, l2_penalty


def small_problem(seed: int = 0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(12, 3))
    y = rng.integers(0, 3, size=12)
    return nnbook.Network([3, 4, 3], "tanh", "softmax", seed=seed), X, y


def test_penalty_is_half_lambda_times_the_squared_weights_by_hand() -> None:
    net = nnbook.Network([2, 2, 1], seed=0)
    net.layers[0].W = [[1.0, -2.0], [0.5, 0.0]]
    net.layers[1].W = [[3.0, 1.0]]
    net.layers[0].b = [100.0, 100.0]  # biases are not penalised
    squares = 1 + 4 + 0.25 + 0 + 9 + 1
    assert l2_penalty(net, 0.1) == pytest.approx(0.5 * 0.1 * squares)
    assert l2_penalty(net, 0.0) == 0.0


def test_evaluate_loss_adds_the_penalty() -> None:
    net, X, y = small_problem()
    plain = nnbook.evaluate_loss(net, X, y, "cross_entropy")
    decayed = nnbook.evaluate_loss(net, X, y, "cross_entropy", weight_decay=0.3)
    assert decayed - plain == pytest.approx(l2_penalty(net, 0.3))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize("weight_decay", [0.01, 0.5])
def test_backprop_with_weight_decay_matches_central_differences(loss: str, weight_decay: float) -> None:
    net, X, y = small_problem(1)
    Y = np.eye(3)[y] if loss == "mse" else y
    exact = nnbook.backprop(net, X, Y, loss, weight_decay=weight_decay)
    numeric = nnbook.numerical_gradient(net, X, Y, loss, weight_decay=weight_decay)
    assert nnbook.relative_error(exact, numeric) < 1e-7
    plain = nnbook.backprop(net, X, Y, loss)
    for (dW, db), (pW, pb), layer in zip(exact, plain, net.layers, strict=True):
        np.testing.assert_allclose(dW - pW, weight_decay * layer.W, atol=1e-12)
        np.testing.assert_array_equal(db, pb)


def test_one_step_with_weight_decay_is_the_plain_step_plus_eta_lambda_w() -> None:
    # W ← W − η(dW + λW): the decay term, computed here from the plain gradient by hand
    first, X, y = small_problem(2)
    second = first.copy()
    plain = nnbook.backprop(first, X, y, "cross_entropy")
    nnbook.train(first, X, y, "cross_entropy", 0.5, 1, weight_decay=0.2)
    for layer, before, (dW, db) in zip(first.layers, second.layers, plain, strict=True):
        np.testing.assert_allclose(layer.W, before.W - 0.5 * (dW + 0.2 * before.W), rtol=1e-12)
        np.testing.assert_allclose(layer.b, before.b - 0.5 * db, rtol=1e-12)  # biases do not decay


def test_gradient_check_takes_weight_decay() -> None:
    net, X, y = small_problem(4)
    assert nnbook.gradient_check(net, X, y, "cross_entropy", weight_decay=0.5) < 1e-7
    with_decay = nnbook.backprop(net, X, y, "cross_entropy", weight_decay=0.5)
    assert nnbook.relative_error(with_decay, nnbook.backprop(net, X, y, "cross_entropy")) > 1e-3
    with pytest.raises(ValueError, match="weight_decay"):
        nnbook.gradient_check(net, X, y, "cross_entropy", weight_decay=-1.0)


def test_weight_decay_shrinks_the_weights_and_is_recorded_in_the_loss() -> None:
    plain, X, y = small_problem(3)
    decayed = plain.copy()
    nnbook.train(plain, X, y, "cross_entropy", 0.5, 200)
    history = nnbook.train(decayed, X, y, "cross_entropy", 0.5, 200, weight_decay=0.1)
    norm = lambda net: sum(float(np.sum(layer.W**2)) for layer in net.layers)  # noqa: E731
    assert norm(decayed) < 0.5 * norm(plain)
    assert history.loss[-1] == pytest.approx(nnbook.evaluate_loss(decayed, X, y, "cross_entropy", weight_decay=0.1))


def test_one_full_batch_step_is_w_minus_eta_times_gradient_plus_lambda_w() -> None:
    net, X, y = small_problem(4)
    before = [layer.W.copy() for layer in net.layers]
    grads = nnbook.backprop(net, X, y, "cross_entropy")
    nnbook.train(net, X, y, "cross_entropy", 0.2, 1, weight_decay=0.05)
    for layer, W, (dW, _) in zip(net.layers, before, grads, strict=True):
        np.testing.assert_allclose(layer.W, W - 0.2 * (dW + 0.05 * W), atol=1e-12)


@pytest.mark.parametrize(
    ("value", "error", "fragment"),
    [
        (-0.1, ValueError, "at least 0, got -0.1"),
        (float("nan"), ValueError, "got nan"),
        (float("inf"), ValueError, "got inf"),
        ("0.1", TypeError, "got '0.1'"),
        (True, TypeError, "got True"),
    ],
)
def test_bad_weight_decay_is_refused_before_any_work(value, error, fragment: str) -> None:
    net, X, y = small_problem(5)
    before = [layer.W.copy() for layer in net.layers]
    for call in (
        lambda: nnbook.train(net, X, y, "cross_entropy", weight_decay=value),
        lambda: nnbook.backprop(net, X, y, "cross_entropy", weight_decay=value),
        lambda: nnbook.evaluate_loss(net, X, y, "cross_entropy", weight_decay=value),
        lambda: nnbook.numerical_gradient(net, X, y, "cross_entropy", weight_decay=value),
    ):
        with pytest.raises(error, match="weight_decay") as caught:
            call()
        assert fragment in str(caught.value)
    for layer, W in zip(net.layers, before, strict=True):
        np.testing.assert_array_equal(layer.W, W)


# --------------------------------------------------------------------------- L1


def test_l1_penalty_is_lambda_times_the_absolute_weights_by_hand() -> None:
    net = nnbook.Network([2, 2, 1], seed=0)
    net.layers[0].W = [[1.0, -2.0], [0.5, 0.0]]
    net.layers[1].W = [[3.0, -1.0]]
    net.layers[0].b = [100.0, -100.0]  # biases are not penalised
    assert l1_penalty(net, 0.1) == pytest.approx(0.1 * (1 + 2 + 0.5 + 0 + 3 + 1))
    assert l1_penalty(net, 0.0) == 0.0
    net2, X, y = small_problem()
    plain = nnbook.evaluate_loss(net2, X, y, "cross_entropy")
    both = nnbook.evaluate_loss(net2, X, y, "cross_entropy", weight_decay=0.2, l1=0.3)
    assert both - plain == pytest.approx(l1_penalty(net2, 0.3) + l2_penalty(net2, 0.2))


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
@pytest.mark.parametrize(("l1", "weight_decay"), [(0.01, 0.0), (0.5, 0.0), (0.1, 0.2)])
def test_backprop_with_l1_matches_central_differences_away_from_zero(loss, l1, weight_decay) -> None:
    # |w| has a kink at 0: the weights here are all at least 0.05 from it, farther than eps
    net, X, y = small_problem(1)
    for layer in net.layers:
        layer.W = np.where(np.abs(layer.W) < 0.05, 0.05 * np.sign(layer.W + 1e-12), layer.W)
    Y = np.eye(3)[y] if loss == "mse" else y
    exact = nnbook.backprop(net, X, Y, loss, weight_decay=weight_decay, l1=l1)
    numeric = nnbook.numerical_gradient(net, X, Y, loss, weight_decay=weight_decay, l1=l1)
    assert nnbook.relative_error(exact, numeric) < 1e-7
    assert nnbook.gradient_check(net, X, Y, loss, weight_decay=weight_decay, l1=l1) < 1e-7
    plain = nnbook.backprop(net, X, Y, loss)
    for (dW, db), (pW, pb), layer in zip(exact, plain, net.layers, strict=True):
        np.testing.assert_allclose(dW - pW, l1 * np.sign(layer.W) + weight_decay * layer.W, atol=1e-12)
        np.testing.assert_array_equal(db, pb)


def test_the_l1_subgradient_is_zero_at_a_zero_weight() -> None:
    net, X, y = small_problem(2)
    net.layers[0].W[0, 0] = 0.0
    plain = nnbook.backprop(net, X, y, "cross_entropy")
    with_l1 = nnbook.backprop(net, X, y, "cross_entropy", l1=0.7)
    assert with_l1[0][0][0, 0] == plain[0][0][0, 0]  # sign(0) = 0: no pull either way
    assert with_l1[0][0][0, 1] == pytest.approx(plain[0][0][0, 1] + 0.7 * np.sign(net.layers[0].W[0, 1]))


def test_one_step_with_l1_moves_every_weight_by_eta_lambda_towards_zero() -> None:
    first, X, y = small_problem(3)
    second = first.copy()
    plain = nnbook.backprop(first, X, y, "cross_entropy")
    nnbook.train(first, X, y, "cross_entropy", 0.5, 1, l1=0.2)
    for layer, before, (dW, db) in zip(first.layers, second.layers, plain, strict=True):
        np.testing.assert_allclose(layer.W, before.W - 0.5 * (dW + 0.2 * np.sign(before.W)), rtol=1e-12)
        np.testing.assert_allclose(layer.b, before.b - 0.5 * db, rtol=1e-12)


def test_l1_drives_more_weights_near_zero_than_l2() -> None:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 6))
    y = (X[:, 0] > 0).astype(int)  # only the first input matters
    counts = {}
    for name, penalty in (("l1", {"l1": 0.03}), ("l2", {"weight_decay": 0.03})):
        net = nnbook.Network([6, 1], "sigmoid", seed=0)
        history = nnbook.train(net, X, y, "cross_entropy", 0.3, 300, **penalty)
        assert history.loss[-1] == pytest.approx(nnbook.evaluate_loss(net, X, y, "cross_entropy", **penalty))
        counts[name] = int(np.sum(np.abs(net.layers[0].W) < 0.02))
    assert counts["l1"] >= 4 > counts["l2"]


@pytest.mark.parametrize(("value", "error"), [(-0.1, ValueError), (float("nan"), ValueError), ("1", TypeError)])
def test_bad_l1_is_refused_before_any_work(value, error) -> None:
    net, X, y = small_problem(5)
    before = [layer.W.copy() for layer in net.layers]
    for call in (
        lambda: nnbook.train(net, X, y, "cross_entropy", l1=value),
        lambda: nnbook.backprop(net, X, y, "cross_entropy", l1=value),
        lambda: nnbook.evaluate_loss(net, X, y, "cross_entropy", l1=value),
        lambda: nnbook.numerical_gradient(net, X, y, "cross_entropy", l1=value),
        lambda: nnbook.gradient_check(net, X, y, "cross_entropy", l1=value),
    ):
        with pytest.raises(error, match="expected l1"):
            call()
    for layer, W in zip(net.layers, before, strict=True):
        np.testing.assert_array_equal(layer.W, W)
