"""Chapter 5's figures and core additions: the descent path, the error surface, the Hessian.

The path drawn must be the weights ``nnbook.train`` leaves after each epoch, the surface must
be ``nnbook.evaluate_loss``, and ``linear_hessian`` must agree with second differences of
the loss, so that the stability limit 2/λ_max the chapter derives is the true one.
"""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import nnbook
from nnbook import plots
from nnbook.network import one_neuron
from nnbook.plots.common import nice_limit
from nnbook.plots.iteration import START, line_data, regime
from nnbook.training import largest_stable_learning_rate, linear_hessian


def test_callback_sees_every_recorded_epoch_and_the_current_weights() -> None:
    X, y = nnbook.datasets.xor(n=40, seed=0)
    net = nnbook.Network([2, 3, 1], seed=0)
    twin = net.copy()
    seen = []
    history = nnbook.train(net, X, y, epochs=5, callback=lambda epoch, n: seen.append((epoch, n.layers[0].W.copy())))
    assert [epoch for epoch, _ in seen] == [1, 2, 3, 4, 5] and len(history.loss) == 5
    for _, W in seen:
        nnbook.train(twin, X, y, epochs=1)
        np.testing.assert_allclose(W, twin.layers[0].W)
    with pytest.raises(TypeError, match="callback"):
        nnbook.train(net, X, y, epochs=1, callback=3)


def test_callback_on_a_diverging_run_matches_the_history() -> None:
    X, t = line_data()
    points, history = plots.descent_path(X, t, 10.0, 50)
    assert history.diverged and len(points) == len(history.loss) + 1
    for (w, b), loss in zip(points[1:], history.loss, strict=True):
        assert np.isclose(nnbook.evaluate_loss(one_neuron(w, b, "identity"), X, t), loss)


def test_linear_hessian_is_the_second_derivative_of_the_loss() -> None:
    X, t = line_data()
    H = linear_hessian(X)
    eps = 1e-3

    def loss(theta):
        return nnbook.evaluate_loss(one_neuron(*theta, "identity"), X, t)

    theta = np.array([0.3, -0.2])
    numeric = np.empty((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * eps, np.eye(2)[j] * eps
            numeric[i, j] = (
                loss(theta + ei + ej) - loss(theta + ei - ej) - loss(theta - ei + ej) + loss(theta - ei - ej)
            ) / (4 * eps**2)
    np.testing.assert_allclose(H, numeric, atol=1e-6)


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, (5, 2), elements=st.floats(-3, 3)))
def test_gradient_descent_converges_below_the_limit_and_diverges_above(X) -> None:
    limit = largest_stable_learning_rate(X)
    t = np.arange(5.0)
    assert limit > 0
    for factor, should_diverge in ((0.5, False), (1.3, True)):
        net = nnbook.Network([2, 1], activation="identity", seed=0)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            history = nnbook.train(net, X, t, learning_rate=factor * limit, epochs=400)
        if should_diverge:
            # the steep direction grows by |1 − 1.3·2| = 1.6 per step, unless the start has no component along it
            assert (
                history.diverged or history.loss[-1] > history.loss[0] or np.isclose(history.loss[-1], history.loss[0])
            )
        else:
            assert not history.diverged and history.loss[-1] <= history.loss[0] + 1e-12


def test_linear_hessian_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="finite"):
        linear_hessian([[np.nan]])
    with pytest.raises(ValueError, match="shape"):
        linear_hessian(np.zeros((0, 2)))
    with pytest.raises(TypeError):
        linear_hessian([["a"]])
    assert np.allclose(linear_hessian([1.0, 2.0]), linear_hessian([[1.0], [2.0]]))


def test_the_surface_is_evaluate_loss_and_the_path_is_train() -> None:
    X, t = line_data()
    ws, bs, losses = plots.linear_loss_surface(X, t, resolution=7)
    for i in (0, 3, 6):
        for j in (0, 2, 6):
            assert np.isclose(losses[i, j], nnbook.evaluate_loss(one_neuron(ws[j], bs[i], "identity"), X, t))
    plot = plots.plot_descent(0.4, 12, resolution=11)
    net = one_neuron(*START, "identity")
    history = nnbook.train(net, X, t, learning_rate=0.4, epochs=12)
    xs, ys = plot.path.get_data()
    assert len(xs) == 13 and (xs[0], ys[0]) == START
    assert np.isclose(xs[-1], net.layers[0].W[0, 0]) and np.isclose(ys[-1], net.layers[0].b[0])
    np.testing.assert_allclose(plot.loss_line.get_data()[1][1:], history.loss)
    assert plot.surface_ax.get_xlabel() == "weight w" and plot.surface_ax.get_ylabel() == "bias b"
    assert plot.surface_ax.get_title() and plot.loss_ax.get_title()
    assert not plot.message.get_visible()
    # the star is the least-squares fit
    X_tilde = np.column_stack([X[:, 0], np.ones(len(t))])
    np.testing.assert_allclose(plot.minimum.get_xydata()[0], np.linalg.lstsq(X_tilde, t, rcond=None)[0], atol=1e-6)


def test_mini_batch_paths_follow_the_seed() -> None:
    X, t = line_data()
    one, _ = plots.descent_path(X, t, 0.3, 5, batch_size=1, seed=0)
    two, _ = plots.descent_path(X, t, 0.3, 5, batch_size=1, seed=0)
    other, _ = plots.descent_path(X, t, 0.3, 5, batch_size=1, seed=1)
    np.testing.assert_array_equal(one, two)
    assert not np.allclose(one, other)
    plot = plots.plot_descent(0.3, 5, batch_size=1, seed=0, resolution=11)
    np.testing.assert_allclose(np.column_stack(plot.path.get_data()), one)


def test_regimes() -> None:
    assert regime(0.01, 1.0) == "creeps"
    assert regime(0.3, 1.0) == "converges"
    assert regime(0.7, 1.0) == "zig-zags"
    assert regime(1.0, 1.0) == "diverges"


def test_learning_rate_panels_and_loss_curves() -> None:
    figure = plots.plot_learning_rates({"a": 0.02, "b": 0.6, "c": 0.95}, epochs=10, resolution=11)
    visible = [ax for ax in figure.axes if ax.get_visible()]
    assert len(visible) == 3 and all(ax.get_title() for ax in visible)
    assert "η = 0.95" in visible[2].get_title()
    with pytest.raises(ValueError):
        plots.plot_learning_rates({})
    ax = plots.plot_loss_curves({"x": [1.0, 0.5, 0.25]})
    (line,) = ax.get_lines()
    np.testing.assert_array_equal(line.get_xdata(), [1, 2, 3])
    assert ax.get_xlabel() == "epoch" and ax.get_yscale() == "log"


@pytest.mark.parametrize(
    "value, limit",
    [(1, 1), (1.5, 2), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (0.3, 0.5), (999, 1000), (1000, 1000)],
)
def test_loss_axes_end_at_the_next_1_2_5_step(value, limit) -> None:
    assert nice_limit(value) == pytest.approx(limit)


# --- momentum and initialisation -----------------------------------------------------------------


def test_momentum_figure_draws_momentum_descent() -> None:
    from nnbook.training import linear_minimum, momentum_descent

    X, t = line_data()
    plot = plots.plot_momentum(0.3, 0.7, 30, resolution=21)
    run = momentum_descent(X, t, START, 0.3, 0.7, 30)
    plain = momentum_descent(X, t, START, 0.3, 0.0, 30)
    np.testing.assert_allclose(np.column_stack(plot.path.get_data()), run.path)
    np.testing.assert_allclose(np.column_stack(plot.plain_path.get_data()), plain.path)
    star = linear_minimum(X, t)
    minimum = nnbook.evaluate_loss(one_neuron(*star, "identity"), X, t)
    np.testing.assert_allclose(plot.loss_line.get_data()[1], np.maximum(np.array(run.loss) - minimum, 1e-12))
    assert plot.surface_ax.get_title() and plot.loss_ax.get_title()
    assert plot.surface_ax.get_xlabel() == "weight w" and plot.loss_ax.get_xlabel() == "step"
    assert not plot.message.get_visible()
    plot.update(10.0, 0.5, 30)
    assert plot.message.get_visible() and "diverged" in plot.message.get_text()


def test_signal_spread_figure_draws_each_run() -> None:
    from nnbook.training import signal_spread

    runs = {"small": signal_spread(1.0, depth=5, width=20), "right": signal_spread(2**0.5, depth=5, width=20)}
    plot = plots.plot_signal_spread(runs, title="three scales")
    for line, run in zip(plot.forward_lines, runs.values(), strict=True):
        np.testing.assert_allclose(line.get_data()[1], run.forward)
        np.testing.assert_array_equal(line.get_data()[0], np.arange(1, 6))
    for line, run in zip(plot.backward_lines, runs.values(), strict=True):
        np.testing.assert_allclose(line.get_data()[1], run.backward)
    for ax in (plot.forward_ax, plot.backward_ax):
        assert ax.get_title() and ax.get_xlabel() and ax.get_yscale() == "log"
    assert plot.forward_ax.get_ylabel()
    with pytest.raises(ValueError, match="at least one run"):
        plots.plot_signal_spread({})
