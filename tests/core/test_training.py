"""Chapter 5: gradient descent, full batch and mini-batch, and divergence."""

from __future__ import annotations

import importlib
import itertools
import math
import warnings

import numpy as np
import pytest

import nnbook
from nnbook.training import EXPLOSION_FACTOR

training_module = importlib.import_module("nnbook.training")


def weights(net: nnbook.Network) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(layer.W.copy(), layer.b.copy()) for layer in net.layers]


def assert_same_weights(a, b, rtol=0.0):
    assert len(a) == len(b)
    for (Wa, ba), (Wb, bb) in zip(a, b, strict=True):
        np.testing.assert_allclose(Wa, Wb, rtol=rtol, atol=0)
        np.testing.assert_allclose(ba, bb, rtol=rtol, atol=0)


def all_finite(net: nnbook.Network) -> bool:
    return all(np.all(np.isfinite(layer.W)) and np.all(np.isfinite(layer.b)) for layer in net.layers)


@pytest.fixture
def xor_problem():
    X, y = nnbook.datasets.xor(n=100, seed=0)
    net = nnbook.Network([2, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)
    return net, X, y


# --- training learns ------------------------------------------------------------------------


# --- momentum on the linear neuron's quadratic (chapter 5) -------------------------------------


def line_problem():
    x = np.linspace(0.0, 2.0, 12)
    t = 1.5 * x - 0.5 + 0.2 * np.random.default_rng(1).normal(size=12)
    return x[:, None], t


def test_linear_gradient_is_backprops() -> None:
    X, t = line_problem()
    for theta in [(-1.0, 0.5), (2.0, -1.0), (0.0, 0.0)]:
        ((dW, db),) = nnbook.backprop(nnbook.one_neuron(*theta, "identity"), X, t)
        np.testing.assert_allclose(training_module.linear_gradient(X, t, theta), [dW[0, 0], db[0]])


def test_momentum_zero_is_the_path_train_takes() -> None:
    X, t = line_problem()
    run = training_module.momentum_descent(X, t, (-1.0, 0.5), 0.3, 0.0, 25)
    net = nnbook.one_neuron(-1.0, 0.5, "identity")
    path = [(-1.0, 0.5)]

    def record(epoch, net):
        path.append((net.layers[0].W[0, 0], net.layers[0].b[0]))

    history = nnbook.train(net, X, t, learning_rate=0.3, epochs=25, callback=record)
    np.testing.assert_allclose(run.path, path, atol=1e-12)
    np.testing.assert_allclose(run.loss[1:], history.loss)
    assert run.loss[0] == pytest.approx(nnbook.evaluate_loss(nnbook.one_neuron(-1.0, 0.5, "identity"), X, t))


def test_momentum_by_hand_on_one_sample() -> None:
    # one sample x = 1, y = 0, no bias gradient mixing: L = (w + b)^2 / 2, gradient (w + b)(1, 1)
    run = training_module.momentum_descent([[1.0]], [0.0], (1.0, 0.0), 0.25, 0.5, 2)
    # step 1: v = -0.25 * (1, 1); theta = (0.75, -0.25); step 2: g = 0.5 (1, 1),
    # v = 0.5 * v - 0.25 * g = (-0.25, -0.25); theta = (0.5, -0.5)
    np.testing.assert_allclose(run.path, [[1.0, 0.0], [0.75, -0.25], [0.5, -0.5]])


def test_momentum_factor_is_what_the_runs_shrink_by() -> None:
    X, t = line_problem()
    H = training_module.linear_hessian(X)
    low, high = np.linalg.eigvalsh(H)
    theta_star = np.linalg.lstsq(np.column_stack([X[:, 0], np.ones(12)]), t, rcond=None)[0]
    for eta, beta in [(0.3, 0.0), (0.3, 0.6), (0.8, 0.3), (1.2, 0.5)]:
        run = training_module.momentum_descent(X, t, (-1.0, 0.5), eta, beta, 50)
        errors = np.linalg.norm(run.path - theta_star, axis=1)
        measured = (errors[50] / errors[10]) ** (1 / 40)  # before rounding takes over
        predicted = max(training_module.momentum_factor(eta, beta, lam) for lam in (low, high))
        assert measured == pytest.approx(predicted, rel=0.05)
    assert training_module.momentum_factor(0.3, 0.0, 2.0) == pytest.approx(0.4)
    assert training_module.momentum_factor(0.1, 0.81, 1.0) == pytest.approx(0.9)  # complex roots: √β


def test_momentum_is_stable_up_to_two_times_one_plus_beta_over_lambda() -> None:
    X, t = line_problem()
    high = np.linalg.eigvalsh(training_module.linear_hessian(X))[-1]
    for beta in [0.0, 0.5, 0.9]:
        limit = 2 * (1 + beta) / high
        assert training_module.momentum_factor(0.98 * limit, beta, high) < 1
        assert training_module.momentum_factor(1.02 * limit, beta, high) > 1
        assert not training_module.momentum_descent(X, t, (-1.0, 0.5), 0.98 * limit, beta, 3000).diverged
        above = training_module.momentum_descent(X, t, (-1.0, 0.5), 1.1 * limit, beta, 3000)
        assert above.diverged and "diverged in step" in above.message
        assert np.all(np.isfinite(above.path)) and len(above.path) == len(above.loss)


def test_best_momentum_beats_the_best_plain_rate() -> None:
    X, _ = line_problem()
    low, high = np.linalg.eigvalsh(training_module.linear_hessian(X))
    eta, beta = training_module.best_momentum(low, high)
    kappa = high / low
    assert math.sqrt(beta) == pytest.approx((math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1))
    for lam in (low, high):
        assert training_module.momentum_factor(eta, beta, lam) == pytest.approx(math.sqrt(beta), rel=1e-6)
    plain = (kappa - 1) / (kappa + 1)
    assert math.sqrt(beta) < plain
    with pytest.raises(ValueError, match="smallest <= largest"):
        training_module.best_momentum(2.0, 1.0)


@pytest.mark.parametrize("beta", [-0.1, 1.0, 1.5, float("nan"), True])
def test_momentum_refuses_a_beta_outside_zero_to_one(beta) -> None:
    with pytest.raises(ValueError, match="momentum"):
        training_module.momentum_descent([[1.0]], [0.0], (0.0, 0.0), 0.1, beta, 3)


def test_momentum_refuses_bad_shapes() -> None:
    with pytest.raises(ValueError, match="parameters"):
        training_module.momentum_descent([[1.0]], [0.0], (0.0, 0.0, 0.0), 0.1, 0.5, 3)
    with pytest.raises(ValueError, match="targets"):
        training_module.momentum_descent([[1.0], [2.0]], [0.0], (0.0, 0.0), 0.1, 0.5, 3)


# --- initialisation: the signal through a deep network (chapter 5) -----------------------------


def test_signal_spread_keeps_relus_variance_only_at_gain_root_two() -> None:
    small, right, large = (training_module.signal_spread(g) for g in (1.0, math.sqrt(2), 2.0))
    # per layer the mean square is multiplied by gain²/2: 1/2, 1, 2
    for run, factor in ((small, 0.5), (right, 1.0), (large, 2.0)):
        per_layer = (run.forward[-1] / run.forward[0]) ** (2 / (len(run.forward) - 1))
        assert per_layer == pytest.approx(factor, rel=0.1)
    assert small.forward[-1] < 0.02 and large.forward[-1] > 100 and 0.5 < right.forward[-1] < 2
    # backwards, the error signal shrinks (too small) or grows (too large) towards layer 1
    assert small.backward[0] < 0.05 * small.backward[-1]
    assert large.backward[0] > 100 * large.backward[-1]


def test_signal_spread_is_backprop() -> None:
    run = training_module.signal_spread(1.3, depth=4, width=6, activation="tanh", n=5, seed=3)
    rng = np.random.default_rng(3)
    net = nnbook.Network([6] * 5, activation="tanh", output_activation="identity", seed=3)
    for layer in net.layers:
        layer.W = rng.normal(0.0, 1.3 / math.sqrt(6), size=(6, 6))
    X, T = rng.normal(size=(5, 6)), rng.normal(size=(5, 6))
    grads = nnbook.backprop(net, X, T)
    np.testing.assert_allclose(run.weight_gradients, [np.sqrt(np.mean(dW**2)) for dW, _ in grads])
    passed = net.forward_pass(X)
    np.testing.assert_allclose(run.forward, [np.sqrt(np.mean(Z**2)) for Z in passed.weighted_sums])
    # the bias gradient is Δ summed over the samples: with one sample, it is Δ itself
    one = training_module.signal_spread(1.3, depth=4, width=6, activation="tanh", n=1, seed=3)
    rng = np.random.default_rng(3)
    for layer in net.layers:
        layer.W = rng.normal(0.0, 1.3 / math.sqrt(6), size=(6, 6))
    X, T = rng.normal(size=(1, 6)), rng.normal(size=(1, 6))
    np.testing.assert_allclose(one.backward, [np.sqrt(np.mean(db**2)) for _, db in nnbook.backprop(net, X, T)])


def test_signal_spread_refuses_bad_settings() -> None:
    with pytest.raises(ValueError, match="gain"):
        training_module.signal_spread(0.0)
    with pytest.raises(ValueError, match="depth"):
        training_module.signal_spread(1.0, depth=0)
    with pytest.raises(ValueError, match="activation"):
        training_module.signal_spread(1.0, activation="softmax")


def test_train_updates_in_place_and_learns_xor(xor_problem):
    net, X, y = xor_problem
    layers = list(net.layers)
    before = weights(net)
    start = nnbook.evaluate_loss(net, X, y, "cross_entropy")
    history = nnbook.train(net, X, y, loss="cross_entropy", learning_rate=2.0, epochs=300)
    assert isinstance(history, nnbook.History)
    assert net.layers == layers  # the same layer objects, changed in place
    assert not np.array_equal(net.layers[0].W, before[0][0])
    assert history.loss[-1] < 0.25 * start
    accuracy = np.mean((net.forward(X)[:, 0] > 0.5) == y)
    assert accuracy >= 0.95  # a straight line manages at most about 0.75 on xor
    assert not history.diverged
    assert history.message == ""


def test_train_learns_gaussians_with_softmax_and_mini_batches():
    X, y = nnbook.datasets.gaussians(n=100, seed=0)
    net = nnbook.Network([2, 3, 2], activation="tanh", output_activation="softmax", seed=0)
    start = nnbook.evaluate_loss(net, X, y, "cross_entropy")
    history = nnbook.train(net, X, y, loss="cross_entropy", learning_rate=0.5, epochs=20, batch_size=10, seed=0)
    assert history.loss[-1] < 0.2 * start
    assert np.mean(net.forward(X).argmax(axis=1) == y) >= 0.95


def test_train_with_mse_lowers_the_loss_on_gaussians():
    X, y = nnbook.datasets.gaussians(n=60, seed=1)
    net = nnbook.Network([2, 4, 1], activation="sigmoid", seed=1)
    start = nnbook.evaluate_loss(net, X, y)
    history = nnbook.train(net, X, y, learning_rate=2.0, epochs=100)
    assert history.loss[-1] < 0.5 * start
    # full-batch gradient descent with a modest step goes downhill every epoch
    assert all(later <= earlier for earlier, later in itertools.pairwise(history.loss))


def test_train_accepts_plain_lists():
    net = nnbook.Network([2, 2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X = [[0, 0], [0, 1], [1, 0], [1, 1]]
    Y = [0, 1, 1, 1]
    start = nnbook.evaluate_loss(net, X, Y)
    history = nnbook.train(net, X, Y, learning_rate=1.0, epochs=50)
    assert history.loss[-1] < start


# --- history ---------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [None, 16])
def test_history_has_the_loss_after_each_epoch(xor_problem, batch_size):
    net, X, y = xor_problem
    epochs = 5
    history = nnbook.train(
        net.copy(), X, y, "cross_entropy", learning_rate=0.5, epochs=epochs, batch_size=batch_size, seed=3
    )
    assert len(history.loss) == epochs
    assert history.epochs == epochs
    assert all(isinstance(value, float) for value in history.loss)
    for k in range(1, epochs + 1):
        twin = net.copy()
        nnbook.train(twin, X, y, "cross_entropy", learning_rate=0.5, epochs=k, batch_size=batch_size, seed=3)
        assert history.loss[k - 1] == pytest.approx(nnbook.evaluate_loss(twin, X, y, "cross_entropy"), rel=1e-12)
    # the first entry is after one epoch, not the loss before training
    assert history.loss[0] != pytest.approx(nnbook.evaluate_loss(net, X, y, "cross_entropy"), rel=1e-9)


# --- full batch --------------------------------------------------------------------------------


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_one_full_batch_epoch_is_one_gradient_step(xor_problem, loss):
    net, X, y = xor_problem
    eta = 0.7
    expected = [
        (layer.W - eta * dW, layer.b - eta * db)
        for layer, (dW, db) in zip(net.layers, nnbook.backprop(net, X, y, loss), strict=True)
    ]
    history = nnbook.train(net, X, y, loss=loss, learning_rate=eta, epochs=1, batch_size=None)
    assert_same_weights(weights(net), expected, rtol=1e-14)
    assert history.loss == [pytest.approx(nnbook.evaluate_loss(net, X, y, loss), rel=1e-14)]


def test_two_full_batch_epochs_are_two_gradient_steps(xor_problem):
    net, X, y = xor_problem
    eta = 0.3
    manual = net.copy()
    for _ in range(2):
        grads = nnbook.backprop(manual, X, y)
        for layer, (dW, db) in zip(manual.layers, grads, strict=True):
            layer.W = layer.W - eta * dW
            layer.b = layer.b - eta * db
    nnbook.train(net, X, y, learning_rate=eta, epochs=2)
    assert_same_weights(weights(net), weights(manual), rtol=1e-14)


def test_full_batch_ignores_the_seed(xor_problem):
    net, X, y = xor_problem
    a, b = net.copy(), net.copy()
    nnbook.train(a, X, y, epochs=3, seed=1)
    nnbook.train(b, X, y, epochs=3, seed=2)
    assert_same_weights(weights(a), weights(b))


# --- mini-batches -------------------------------------------------------------------------------


def test_mini_batch_is_reproducible_from_the_seed(xor_problem):
    net, X, y = xor_problem
    a, b = net.copy(), net.copy()
    ha = nnbook.train(a, X, y, learning_rate=0.5, epochs=3, batch_size=7, seed=11)
    hb = nnbook.train(b, X, y, learning_rate=0.5, epochs=3, batch_size=7, seed=11)
    assert_same_weights(weights(a), weights(b))
    assert ha.loss == hb.loss


def test_different_seeds_give_different_mini_batches(xor_problem):
    net, X, y = xor_problem
    a, b = net.copy(), net.copy()
    nnbook.train(a, X, y, learning_rate=0.5, epochs=2, batch_size=7, seed=1)
    nnbook.train(b, X, y, learning_rate=0.5, epochs=2, batch_size=7, seed=2)
    assert not np.array_equal(a.layers[0].W, b.layers[0].W)


def test_mini_batch_differs_from_full_batch(xor_problem):
    net, X, y = xor_problem
    a, b = net.copy(), net.copy()
    nnbook.train(a, X, y, learning_rate=0.5, epochs=1, batch_size=10, seed=0)
    nnbook.train(b, X, y, learning_rate=0.5, epochs=1)
    assert not np.allclose(a.layers[0].W, b.layers[0].W)


@pytest.mark.parametrize("batch_size", [100, 101, 1000])
def test_batch_size_of_at_least_n_is_full_batch(xor_problem, batch_size):
    net, X, y = xor_problem
    assert X.shape[0] == 100
    a, b = net.copy(), net.copy()
    ha = nnbook.train(a, X, y, learning_rate=0.5, epochs=3, batch_size=batch_size, seed=5)
    hb = nnbook.train(b, X, y, learning_rate=0.5, epochs=3, batch_size=None)
    assert_same_weights(weights(a), weights(b))
    assert ha.loss == hb.loss


def test_one_update_per_mini_batch_including_the_last_short_one():
    # Seven identical samples: every mini-batch has the same mean gradient whatever the
    # shuffle, so batch_size=3 (batches of 3, 3 and 1) is exactly three full-batch steps.
    X = np.tile([[0.5, -1.0]], (7, 1))
    Y = np.ones((7, 1))
    net = nnbook.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    mini, full = net.copy(), net.copy()
    nnbook.train(mini, X, Y, learning_rate=0.5, epochs=1, batch_size=3, seed=0)
    nnbook.train(full, X, Y, learning_rate=0.5, epochs=3)
    assert_same_weights(weights(mini), weights(full), rtol=1e-12)


def test_each_epoch_is_a_fresh_shuffle_cut_into_batches(monkeypatch):
    # Record what each update sees: every epoch must use every sample exactly once, in
    # batches of batch_size (the last one shorter), and the order must change between epochs.
    n, batch_size, epochs = 10, 4, 3
    X = np.column_stack([np.arange(n, dtype=float), np.zeros(n)])
    Y = np.zeros((n, 1))
    seen = []
    original = training_module.gradients

    def recording(net, Xb, Tb, *rest):
        seen.append(Xb[:, 0].astype(int).tolist())
        return original(net, Xb, Tb, *rest)

    monkeypatch.setattr(training_module, "gradients", recording)
    net = nnbook.Network([2, 1], activation="sigmoid", seed=0)
    nnbook.train(net, X, Y, learning_rate=0.1, epochs=epochs, batch_size=batch_size, seed=0)
    assert [len(batch) for batch in seen] == [4, 4, 2] * epochs
    orders = [list(itertools.chain.from_iterable(seen[3 * e : 3 * e + 3])) for e in range(epochs)]
    for order in orders:
        assert sorted(order) == list(range(n))
    assert len({tuple(order) for order in orders}) == epochs
    assert orders[0] != list(range(n))


# --- nothing to do ------------------------------------------------------------------------------


@pytest.mark.parametrize("batch_size", [None, 4])
def test_zero_epochs_changes_nothing(xor_problem, batch_size):
    net, X, y = xor_problem
    before = weights(net)
    history = nnbook.train(net, X, y, epochs=0, batch_size=batch_size, seed=0)
    assert_same_weights(weights(net), before)
    assert history.loss == []
    assert history.epochs == 0
    assert history.diverged is False


def test_train_does_not_modify_the_data(xor_problem):
    net, X, y = xor_problem
    X0, y0 = X.copy(), y.copy()
    nnbook.train(net, X, y, epochs=2, batch_size=8, seed=0)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# --- divergence ---------------------------------------------------------------------------------


def regression_problem():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    Y = X @ np.array([[2.0], [-1.0]]) + 0.5
    net = nnbook.Network([2, 4, 1], activation="tanh", output_activation="identity", seed=0)
    return net, X, Y


@pytest.mark.parametrize("learning_rate", [10.0, 1e6, 1e300])
def test_too_large_a_learning_rate_diverges_quietly(learning_rate):
    net, X, Y = regression_problem()
    epochs = 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nnbook.train(net, X, Y, learning_rate=learning_rate, epochs=epochs)
    assert history.diverged is True
    assert isinstance(history.message, str) and history.message
    assert "diverged" in history.message
    assert len(history.loss) < epochs  # it stopped early
    assert all(math.isfinite(value) for value in history.loss)
    assert all_finite(net)
    assert math.isfinite(nnbook.evaluate_loss(net, X, Y))


@pytest.mark.parametrize(
    ("activation", "output_activation", "loss", "k"),
    [
        ("sigmoid", "sigmoid", "mse", 1),
        ("relu", "softmax", "cross_entropy", 2),
        ("tanh", "sigmoid", "cross_entropy", 1),
        ("relu", "relu", "mse", 1),
        ("sigmoid", "tanh", "mse", 1),
    ],
)
@pytest.mark.parametrize("learning_rate", [1e3, 1e300, 1.7e308])
def test_huge_learning_rates_never_warn_and_keep_weights_finite(activation, output_activation, loss, k, learning_rate):
    X, y = nnbook.datasets.xor(n=40, seed=0)
    Y = y if k > 1 or loss == "cross_entropy" else y[:, None]
    net = nnbook.Network([2, 4, k], activation=activation, output_activation=output_activation, seed=0)
    start = nnbook.evaluate_loss(net, X, Y, loss=loss)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nnbook.train(net, X, Y, loss=loss, learning_rate=learning_rate, epochs=20, batch_size=8, seed=0)
    assert all_finite(net)
    assert all(math.isfinite(value) for value in history.loss)
    limit = EXPLOSION_FACTOR * max(start, 1.0)
    if loss == "cross_entropy" and learning_rate >= 1e300:
        # The logits grow by about η·|gradient| in one step and the cross-entropy with them:
        # nothing bounds it, so the first epoch must stop the run.
        assert history.diverged and len(history.loss) <= 1
    if history.diverged:
        assert history.message.startswith("training diverged in epoch")
        assert len(history.loss) < 20
        overflowed = "overflowed" in history.message
        assert overflowed or history.loss[-1] > limit
    else:  # a bounded loss (MSE of a saturated unit, dead ReLUs): the rule must not fire
        assert len(history.loss) == 20 and max(history.loss) <= limit


def test_weights_overflowing_while_the_loss_stays_finite_is_divergence():
    # tanh output, W = 0, b = 0, x = 1, t = 3: the gradient is −3 for W and for b, so one
    # step of η = 1e308 sets both to 3e308 = inf. tanh(inf) = 1 keeps the loss finite,
    # ½(1 − 3)² = 2, yet the network is broken: training must stop, say so, and undo it.
    net = nnbook.Network([1, 1], activation="tanh")
    net.layers[0].W = [[0.0]]
    net.layers[0].b = [0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        history = nnbook.train(net, [[1.0]], [[3.0]], learning_rate=1e308, epochs=3)
        assert all_finite(net)
        assert history.diverged is True
        assert "diverged in epoch 1" in history.message
        assert net.layers[0].W[0, 0] == 0.0 and net.layers[0].b[0] == 0.0  # the last finite weights
        assert history.loss == []
        nnbook.backprop(net, [[1.0]], [[3.0]])  # the network still works, without a warning


def test_a_sensible_learning_rate_does_not_diverge():
    net, X, Y = regression_problem()
    start = nnbook.evaluate_loss(net, X, Y)
    history = nnbook.train(net, X, Y, learning_rate=0.05, epochs=200)
    assert not history.diverged
    assert len(history.loss) == 200
    assert history.loss[-1] < 0.1 * start


# --------------------------------------------------------------------------- continuing a run


def fresh_run():
    X, y = nnbook.datasets.circle(n=60, seed=0)
    return nnbook.Network([2, 4, 1], activation="tanh", output_activation="sigmoid", seed=0), X, y


@pytest.mark.parametrize("batch_size", [7, None])
def test_a_run_continued_in_pieces_trains_as_one_call(batch_size) -> None:
    whole, X, y = fresh_run()
    pieces = whole.copy()
    one = nnbook.train(whole, X, y, "cross_entropy", 0.5, 6, batch_size=batch_size, seed=3)
    history = None
    seen = []
    for epochs in (2, 0, 3, 1):
        history = nnbook.train(
            pieces, X, y, "cross_entropy", 0.5, epochs, batch_size, seed=3, history=history,
            callback=lambda epoch, net: seen.append(epoch),
        )  # fmt: skip
    assert history.loss == one.loss and history.start == one.start and seen == [1, 2, 3, 4, 5, 6]
    for a, b in zip(whole.layers, pieces.layers, strict=True):
        np.testing.assert_array_equal(a.W, b.W)
        np.testing.assert_array_equal(a.b, b.b)


def test_a_continued_run_measures_divergence_from_its_first_loss() -> None:
    # Each call alone would allow 1e4 times the loss it starts from; the run allows 1e4 times
    # the loss before its first epoch, so a slow explosion is caught across calls.
    net = nnbook.Network([1, 1], activation="identity", seed=0)
    net.layers[0].W, net.layers[0].b = [[1.0]], [0.0]
    X, Y = [[1.0]], [[0.0]]
    history = None
    for _ in range(40):  # each epoch multiplies the output by 1 − 2η = −5: the loss by 25
        history = nnbook.train(net, X, Y, learning_rate=3.0, epochs=1, history=history)
    limit = EXPLOSION_FACTOR * max(history.start, 1.0)
    assert history.diverged and history.loss[-1] > limit and history.epochs == 4
    assert "epoch 4 of 4" in history.message
    # a call of its own from epoch 3 on would have allowed 1e4 times 312.5 and gone on
    assert history.loss[-1] < EXPLOSION_FACTOR * history.loss[1]
    assert all(value <= limit for value in history.loss[:-1])
    weight = net.layers[0].W.copy()
    assert nnbook.train(net, X, Y, learning_rate=3.0, epochs=5, history=history) is history
    np.testing.assert_array_equal(net.layers[0].W, weight)  # a diverged run is not trained on


def test_continuing_checks_its_history_and_seed() -> None:
    net, X, y = fresh_run()
    history = nnbook.train(net, X, y, "cross_entropy", epochs=1, batch_size=8, seed=1)
    with pytest.raises(ValueError, match="seed None or the run's seed 1"):
        nnbook.train(net, X, y, "cross_entropy", epochs=1, batch_size=8, seed=2, history=history)
    with pytest.raises(TypeError, match="History of an earlier train call"):
        nnbook.train(net, X, y, "cross_entropy", epochs=1, history=[0.5])
    assert nnbook.train(net, X, y, "cross_entropy", epochs=1, seed=1, history=history).epochs == 2
