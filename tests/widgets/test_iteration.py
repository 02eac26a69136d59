"""Chapter 5's DescentExplorer and MomentumExplorer driven from Python: every control over its
range, and what it draws.

The path drawn is the weights ``nnbook.train`` leaves after each epoch, the loss curve is
its history, and a diverging rate shows ``History.message`` in the figure. (Chapter 5's
second explorer is the playground with fewer controls: tests/test_playground.py.)
"""

from __future__ import annotations

import base64
import math
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from pictures import assert_settings_redraw_right

import nnbook
from nnbook.network import one_neuron
from nnbook.plots.iteration import START, line_data
from nnbook.training import largest_stable_learning_rate, linear_hessian, momentum_descent, momentum_factor
from nnbook.widgets.iteration import DescentExplorer, MomentumExplorer


def slider_values(slider) -> list[float]:
    """Every value a FloatLogSlider allows: base ** (min + k·step)."""
    count = round((slider.max - slider.min) / slider.step)
    return [float(slider.base ** (slider.min + k * slider.step)) for k in range(count + 1)]


def reference_path(learning_rate: float, epochs: int) -> tuple[np.ndarray, nnbook.History]:
    """The path computed independently: train one neuron per epoch count is too slow, so record by hand."""
    X, t = line_data()
    net = one_neuron(*START, "identity")
    points = [START]
    history = nnbook.train(
        net,
        X,
        t,
        learning_rate=learning_rate,
        epochs=epochs,
        callback=lambda e, n: points.append((n.layers[0].W[0, 0], n.layers[0].b[0])),
    )
    return np.array(points), history


@pytest.fixture(scope="module")
def descent() -> DescentExplorer:
    return DescentExplorer(resolution=21, dpi=30)


def assert_descent_drawing(explorer: DescentExplorer) -> None:
    eta, epochs = explorer.learning_rate.value, explorer.epochs.value
    points, history = reference_path(eta, epochs)
    xs, ys = explorer.plot.path.get_data()
    np.testing.assert_allclose(np.column_stack([xs, ys]), points)
    assert explorer.plot.history.loss == history.loss
    loss_x, loss_y = explorer.plot.loss_line.get_data()
    X, t = line_data()
    start_loss = nnbook.evaluate_loss(one_neuron(*START, "identity"), X, t)
    np.testing.assert_allclose(loss_y, [start_loss, *history.loss])
    np.testing.assert_array_equal(loss_x, np.arange(len(history.loss) + 1))
    assert np.all(np.isfinite(loss_y)) and np.all(np.isfinite(xs)) and np.all(np.isfinite(ys))
    text = explorer.plot.message.get_text()
    if history.diverged:
        assert explorer.plot.message.get_visible()
        assert text.replace("\n", " ") == history.message
        assert "diverged" in explorer.readout.value
        assert len(history.loss) <= epochs
    else:
        assert len(history.loss) == epochs
        assert f"loss = {history.loss[-1]:.3g}" in explorer.readout.value
    if eta >= explorer.plot.limit:
        assert explorer.plot.message.get_visible()
        assert "diverges" in explorer.readout.value
    assert f"η = {eta:.3g}" in explorer.readout.value
    assert f"{largest_stable_learning_rate(X):.3g}" in explorer.readout.value
    assert explorer.png.startswith(b"\x89PNG")
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png
    assert f"{eta:.3g}" in explorer.describe()


def test_descent_controls_are_labelled_and_logarithmic(descent: DescentExplorer) -> None:
    assert descent.learning_rate.description == "learning rate η"
    assert descent.epochs.description == "epochs"
    assert (descent.learning_rate.min, descent.learning_rate.max, descent.learning_rate.base) == (-3.0, 1.0, 10.0)
    values = slider_values(descent.learning_rate)
    assert math.isclose(values[0], 1e-3) and math.isclose(values[-1], 10.0)
    assert (descent.epochs.min, descent.epochs.max) == (1, 200)
    assert descent.plot.surface_ax.get_xlabel() and descent.plot.surface_ax.get_ylabel()
    assert descent.plot.loss_ax.get_xlabel() == "epoch"


def test_every_learning_rate_from_end_to_end(descent: DescentExplorer) -> None:
    with descent.hold():
        descent.epochs.value = 60
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for value in slider_values(descent.learning_rate):
            descent.learning_rate.value = value
            assert_descent_drawing(descent)


@pytest.mark.parametrize("learning_rate", [1e-3, 0.3, 0.89, 0.95, 10.0])
def test_every_epoch_count(descent: DescentExplorer, learning_rate: float) -> None:
    with descent.hold():
        descent.learning_rate.value = learning_rate
    for epochs in [1, 2, 5, 17, 50, 120, 200]:
        descent.epochs.value = epochs
        assert_descent_drawing(descent)


def test_the_regimes_on_either_side_of_two_over_lambda(descent: DescentExplorer) -> None:
    limit = descent.plot.limit
    with descent.hold():
        descent.learning_rate.value = 0.3
        descent.epochs.value = 200
    assert not descent.plot.history.diverged and not descent.plot.message.get_visible()
    assert descent.plot.history.loss[-1] < 0.01
    descent.learning_rate.value = 10 ** (round(math.log10(limit) / 0.05) * 0.05 + 0.05)  # just above the limit
    assert descent.learning_rate.value > limit
    assert descent.plot.history.diverged and "diverged" in descent.plot.message.get_text().replace("\n", " ")
    descent.learning_rate.value = 1e-3
    assert "creeps" in descent.readout.value
    assert descent.plot.history.loss[-1] > 0.5  # hardly moved


# ---------------------------------------------------------------- fast redraws (nnbook.plots.blit)


def test_descent_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = DescentExplorer(resolution=21)
    settings = [
        {"learning_rate": 0.6},  # converges: the curve meets the dotted minimum
        {"epochs": 55},  # a longer epoch axis
        {"learning_rate": 10.0},  # diverges: the message, a taller loss axis
        {"epochs": 7},
        {"learning_rate": 0.95},  # just above 2/λ_max: diverges slowly
        {"epochs": 200},
        {"learning_rate": 0.001},  # creeps: back to the usual loss axis
        {"epochs": 1},
    ]
    assert_settings_redraw_right(explorer, settings)


def test_the_learning_rate_starts_on_a_step_of_its_slider() -> None:
    # a browser's slider would move an off-step value to its nearest step as it is drawn
    from nnbook.widgets.iteration import LEARNING_RATE_EXPONENTS, learning_rate_slider

    low, high, step = LEARNING_RATE_EXPONENTS
    assert learning_rate_slider(0.3).value == pytest.approx(10**-0.5)
    assert learning_rate_slider(1e-5).value == pytest.approx(10**low)
    for value in (1e-3, 0.02, 0.3, 0.95, 10.0):
        k = (math.log10(learning_rate_slider(value).value) - low) / step
        assert k == pytest.approx(round(k)) and low <= math.log10(learning_rate_slider(value).value) <= high


# ---------------------------------------------------------------- momentum (MomentumExplorer)


@pytest.fixture(scope="module")
def momentum() -> MomentumExplorer:
    return MomentumExplorer(resolution=21, dpi=30)


def assert_momentum_drawing(explorer: MomentumExplorer) -> None:
    eta, beta, steps = explorer.learning_rate.value, explorer.momentum.value, explorer.steps.value
    X, t = line_data()
    for line, loss_line, b in (
        (explorer.plot.path, explorer.plot.loss_line, beta),
        (explorer.plot.plain_path, explorer.plot.plain_loss_line, 0.0),
    ):
        run = momentum_descent(X, t, START, eta, b, steps)
        xs, ys = line.get_data()
        np.testing.assert_allclose(np.column_stack([xs, ys]), run.path)
        _, excess = loss_line.get_data()
        np.testing.assert_allclose(excess, np.maximum(np.array(run.loss) - explorer.plot.minimum_loss, 1e-12))
        assert np.all(np.isfinite(xs)) and np.all(np.isfinite(excess))
        assert len(run.path) == (steps + 1 if not run.diverged else len(run.loss))
        if run.diverged:
            assert explorer.plot.message.get_visible() and "diverged" in explorer.readout.value
    eigenvalues = np.linalg.eigvalsh(linear_hessian(X))
    factor = max(momentum_factor(eta, beta, lam) for lam in eigenvalues)
    assert f"× {factor:.3f} per step with momentum" in explorer.readout.value
    assert f"{2 * (1 + beta) / eigenvalues[-1]:.3g}" in explorer.readout.value
    assert f"η = {eta:.3g}, β = {beta:.2f}" in explorer.readout.value
    assert f"{factor:.3f}" in explorer.describe()
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png


def test_momentum_controls_are_labelled(momentum: MomentumExplorer) -> None:
    assert momentum.learning_rate.description == "learning rate η"
    assert momentum.momentum.description == "momentum β"
    assert momentum.steps.description == "steps"
    assert (momentum.momentum.min, momentum.momentum.max) == (0.0, 0.95)
    assert (momentum.steps.min, momentum.steps.max) == (1, 200)
    assert momentum.plot.surface_ax.get_xlabel() and momentum.plot.loss_ax.get_ylabel()
    assert momentum.plot.surface_ax.get_title() and momentum.plot.loss_ax.get_title()


def test_every_momentum_and_learning_rate_from_end_to_end(momentum: MomentumExplorer) -> None:
    with momentum.hold():
        momentum.steps.value = 60
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for beta in np.arange(0.0, 0.951, 0.05):
            momentum.momentum.value = float(beta)
            assert_momentum_drawing(momentum)
        for value in slider_values(momentum.learning_rate):
            momentum.learning_rate.value = value
            assert_momentum_drawing(momentum)
        for steps in [1, 2, 200]:
            momentum.steps.value = steps
            assert_momentum_drawing(momentum)


def test_momentum_beats_plain_descent_on_the_ellipse(momentum: MomentumExplorer) -> None:
    with momentum.hold():
        momentum.learning_rate.value = 10**-0.5
        momentum.momentum.value = 0.7
        momentum.steps.value = 60
    plain, with_momentum = momentum.plot.plain.loss[-1], momentum.plot.run.loss[-1]
    assert with_momentum - momentum.plot.minimum_loss < 1e-3 * (plain - momentum.plot.minimum_loss)
    faster, slower = momentum.factors()
    assert faster < slower < 1


def test_momentum_extends_the_stable_rates(momentum: MomentumExplorer) -> None:
    # η = 1.12 is above 2/λ_max ≈ 0.90: plain descent diverges, β = 0.5 allows up to 1.35
    with momentum.hold():
        momentum.learning_rate.value = 10**0.05
        momentum.momentum.value = 0.5
        momentum.steps.value = 200
    assert momentum.plot.plain.diverged and not momentum.plot.run.diverged
    assert momentum.plot.message.get_visible() and "without momentum: diverged" in momentum.plot.message.get_text()


def test_momentum_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = MomentumExplorer(resolution=21)
    settings = [
        {"momentum": 0.3},
        {"steps": 120},
        {"learning_rate": 10.0},  # both diverge: the message, a taller loss axis
        {"momentum": 0.9},
        {"learning_rate": 0.001},  # creeps
        {"steps": 1},
    ]
    assert_settings_redraw_right(explorer, settings)
