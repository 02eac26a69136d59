"""Chapter 3's explorers driven from Python: every control over its whole range, and what they draw.

The expected values are computed here with plain numpy formulas for a sigmoid neuron
(the mean squared error, the binary cross-entropy and their gradients), independently of
``nnbook.loss`` and ``nnbook.backprop``, so a wrong loss, gradient or drawing fails.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw, assert_settings_redraw_right, change

import nnbook.plots.loss as plots_loss
from nnbook.plots.loss import SURFACE_X, SURFACE_Y
from nnbook.training import History
from nnbook.widgets.loss import LEARNING_RATES, LOSS_OPTIONS, LossSurfaceExplorer, SlowdownExplorer

LOSSES = [value for _, value in LOSS_OPTIONS]
X = SURFACE_X.ravel()
T = SURFACE_Y


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def neuron_loss(w: float, b: float, loss: str, x=X, t=T) -> float:
    a = sigmoid(w * x + b)
    if loss == "mse":
        return float(0.5 * np.mean((a - t) ** 2))
    # −[t log a + (1 − t) log(1 − a)] = log(1 + e^z) − t·z, in a form that keeps small values exact
    z = w * x + b
    return float(np.mean(np.logaddexp(0.0, z) - t * z))


def neuron_gradient(w: float, b: float, loss: str, x=X, t=T) -> np.ndarray:
    a = sigmoid(w * x + b)
    dz = (a - t) * a * (1 - a) if loss == "mse" else a - t  # equations 3.6 and 3.7
    return np.array([np.mean(dz * x), np.mean(dz)])


# --------------------------------------------------------------------------- the surface explorer


def quiet(explorer):
    """Skip drawing the PNG on each change (the sweeps check what is computed and set on the
    artists; the PNG itself is checked once per assertion helper, after a real render)."""
    explorer.render = lambda: None
    return explorer


def rendered(explorer):
    """Render the figure as the explorer would, and return its PNG."""
    type(explorer).render(explorer)
    return explorer.png


@pytest.fixture(scope="module")
def surface() -> LossSurfaceExplorer:
    return quiet(LossSurfaceExplorer(resolution=11, dpi=30))


def assert_surface_matches(explorer: LossSurfaceExplorer) -> None:
    w, b, loss = explorer.w.value, explorer.b.value, explorer.loss.value
    value = neuron_loss(w, b, loss)
    gradient = neuron_gradient(w, b, loss)

    # The map and the 3-D mesh show the loss over the whole grid, for the selected loss.
    plot = explorer.plot
    grid = np.array([[neuron_loss(wj, bi, loss) for wj in plot.w] for bi in plot.b])
    np.testing.assert_allclose(np.asarray(plot.image.get_array()), grid, rtol=1e-9)
    assert plot.loss == loss
    assert explorer.loss.label in plot.ax.get_title()
    assert plot.ax.get_xlabel() == "weight w" and plot.ax.get_ylabel() == "bias b"

    # The point sits at the sliders' (w, b), at the height of the loss there.
    np.testing.assert_allclose(np.ravel(plot.marker.get_data()), [w, b])
    xs, ys, zs = plot.marker3d.get_data_3d()
    np.testing.assert_allclose([xs[0], ys[0], zs[0]], [w, b, value], rtol=1e-9)
    assert np.isclose(explorer.value, value, rtol=1e-9)
    np.testing.assert_allclose(explorer.gradient, gradient, rtol=1e-7, atol=1e-12)

    # The arrow starts at the point and points along the negative gradient.
    if np.linalg.norm(gradient) > 1e-12:
        assert plot.arrow.get_visible()
        tail, tip = np.array(plot.arrow.get_position()), np.array(plot.arrow.xy)
        np.testing.assert_allclose(tail, [w, b])
        direction = (tip - tail) / np.linalg.norm(tip - tail)
        np.testing.assert_allclose(direction, -gradient / np.linalg.norm(gradient), atol=1e-6)
    else:
        assert "gradient is zero" in plot.message.get_text()

    # The readout and the alt text give the current numbers.
    assert f"𝓛 = {value:.4f}" in explorer.readout.value
    assert f"∂𝓛/∂w = {gradient[0]:+.4f}" in explorer.readout.value
    assert f"{value:.4f}" in explorer.describe()
    assert rendered(explorer).startswith(b"\x89PNG")
    assert f"{value:.4f}" in explorer.output.outputs[0]["data"]["text/plain"]


def test_surface_starts_on_the_plateau(surface: LossSurfaceExplorer) -> None:
    with surface.hold():
        surface.w.value, surface.b.value, surface.loss.value = -3.0, 3.0, "mse"
    assert_surface_matches(surface)
    flat = np.linalg.norm(surface.gradient)
    surface.loss.value = "cross_entropy"
    assert_surface_matches(surface)
    # The chapter's claim: the cross-entropy is far steeper on the squared error's plateau.
    assert np.linalg.norm(surface.gradient) > 50 * flat


@pytest.mark.parametrize("loss", LOSSES)
def test_every_weight_and_bias_value(surface: LossSurfaceExplorer, loss: str) -> None:
    surface.loss.value = loss
    steps = np.round(np.arange(surface.w.min, surface.w.max + 1e-9, surface.w.step), 1)
    for value in steps:  # the whole weight slider, then the whole bias slider
        surface.w.value = value
        assert np.isfinite(surface.value)
    assert_surface_matches(surface)
    for value in steps:
        surface.b.value = value
        assert np.isfinite(surface.value) and np.all(np.isfinite(surface.gradient))
    assert_surface_matches(surface)
    for w, b in [(-5.0, -5.0), (-5.0, 5.0), (5.0, -5.0), (5.0, 5.0), (0.0, 0.0), (1.0, -0.5)]:
        with surface.hold():
            surface.w.value, surface.b.value = w, b
        assert_surface_matches(surface)


def test_switching_the_loss_swaps_the_surface(surface: LossSurfaceExplorer) -> None:
    surface.loss.value = "mse"
    before = np.array(surface.plot.image.get_array())
    surface.loss.value = "cross_entropy"
    after = np.array(surface.plot.image.get_array())
    assert not np.allclose(before, after)
    assert "cross-entropy" in surface.plot.ax3d.get_title()
    assert_surface_matches(surface)


def test_the_lowest_point_is_reported(surface: LossSurfaceExplorer) -> None:
    surface.loss.value = "mse"
    assert f"lowest 𝓛 on the grid: {surface.plot.L.min():.4f}" in surface.readout.value


def test_a_zero_gradient_is_said_in_words() -> None:
    explorer = LossSurfaceExplorer(resolution=5, dpi=20)
    explorer.plot.update(0.0, 0.0, 0.1, (0.0, 0.0))
    assert not explorer.plot.arrow.get_visible()
    assert "gradient is zero" in explorer.plot.message.get_text()


def test_surface_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = LossSurfaceExplorer(resolution=21)
    settings = [
        {"w": 1.0},
        {"b": -2.0},
        {"loss": "cross_entropy"},  # another surface, colour scale and z axis
        {"w": 5.0, "b": 5.0},  # a corner: the arrow would leave the map and is not drawn
        {"w": -5.0, "b": -5.0},
        {"loss": "mse"},
        {"w": 0.5, "b": 0.3},
    ]
    assert_settings_redraw_right(explorer, settings)


def test_surface_rejects_an_unknown_loss() -> None:
    with pytest.raises(ValueError, match="expected loss one of"):
        LossSurfaceExplorer(loss="hinge")


# --------------------------------------------------------------------------- the slowdown explorer


def manual_training(w: float, b: float, eta: float, epochs: int, loss: str) -> list[float]:
    """Gradient descent on x = 1 → 0, by hand: the loss before training and after each epoch."""
    x, t = np.array([1.0]), np.array([0.0])
    values = [neuron_loss(w, b, loss, x, t)]
    for _ in range(epochs):
        dw, db = neuron_gradient(w, b, loss, x, t)
        w, b = w - eta * dw, b - eta * db
        values.append(neuron_loss(w, b, loss, x, t))
    return values


@pytest.fixture(scope="module")
def slowdown() -> SlowdownExplorer:
    return quiet(SlowdownExplorer(epochs=20, dpi=30))


def assert_curves_match(explorer: SlowdownExplorer) -> None:
    w, b, eta = explorer.w.value, explorer.b.value, explorer.learning_rate.value
    for loss in LOSSES:
        line = explorer.plot.lines[loss][0]
        xs, ys = (np.asarray(v, dtype=float) for v in line.get_data())
        history = explorer.histories[loss]
        assert not history.diverged
        expected = manual_training(w, b, eta, explorer.epochs, loss)
        np.testing.assert_allclose(ys, expected, rtol=1e-6, atol=1e-12)
        np.testing.assert_array_equal(xs, np.arange(explorer.epochs + 1))
        assert f"start w = {w:g}, b = {b:g}" == line.get_label()
        assert explorer.plot.messages[loss].get_text() == ""
        assert f"𝓛 = {expected[-1]:.4f} after {explorer.epochs} epochs" in explorer.readout.value
    z = w + b
    a = sigmoid(z)
    assert f"σ′(z) = {a * (1 - a):.4f}" in explorer.readout.value
    assert f"mean squared error {a * a * (1 - a):.4f}" in explorer.readout.value
    assert f"cross-entropy {a:.4f}" in explorer.readout.value
    assert "nan" not in explorer.readout.value.lower()
    assert f"{eta:g}" in explorer.figure.get_suptitle()
    assert rendered(explorer).startswith(b"\x89PNG")


def test_nielsens_example_shows_the_slowdown() -> None:
    explorer = SlowdownExplorer(w=2.0, b=2.0, learning_rate=0.15, epochs=300, dpi=30)
    assert_curves_match(explorer)
    mse = explorer.plot.lines["mse"][0].get_ydata()
    ce = explorer.plot.lines["cross_entropy"][0].get_ydata()
    assert mse[50] > 0.47 and ce[50] < 0.11  # barely started against nearly done


def test_every_control_value(slowdown: SlowdownExplorer) -> None:
    steps = np.round(np.arange(-5.0, 5.0 + 1e-9, 0.1), 1)
    for value in steps:
        slowdown.w.value = value
        assert all(np.all(np.isfinite(h.loss)) for h in slowdown.histories.values())
    assert_curves_match(slowdown)
    for value in steps:
        slowdown.b.value = value
        assert all(np.all(np.isfinite(h.loss)) for h in slowdown.histories.values())
    assert_curves_match(slowdown)
    for _, rate in slowdown.learning_rate.options:
        slowdown.learning_rate.value = rate
        assert all(np.all(np.isfinite(h.loss)) for h in slowdown.histories.values())
    assert_curves_match(slowdown)
    for w, b, eta in [(-5.0, -5.0, 100.0), (5.0, 5.0, 0.01), (0.0, 0.0, 1.0), (5.0, -5.0, 100.0)]:
        with slowdown.hold():
            slowdown.w.value, slowdown.b.value, slowdown.learning_rate.value = w, b, eta
        assert_curves_match(slowdown)


def test_learning_rates_span_nielsens_and_the_extremes() -> None:
    assert 0.15 in LEARNING_RATES and min(LEARNING_RATES) == 0.01 and max(LEARNING_RATES) == 100.0
    with pytest.raises(ValueError, match="expected a learning rate"):
        SlowdownExplorer(learning_rate=0.123)


def test_divergence_is_written_in_the_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    message = "training diverged in epoch 3 of 20: the loss became inf (learning rate 100 is too large)"

    def diverging_train(net, X, Y, loss, learning_rate, epochs):
        return History(loss=[0.4, 0.9], diverged=True, message=message)

    monkeypatch.setattr(plots_loss, "train", diverging_train)
    explorer = SlowdownExplorer(epochs=20, dpi=30)
    for loss in LOSSES:
        assert explorer.plot.messages[loss].get_text().replace("\n", " ") == message
        assert len(explorer.plot.lines[loss][0].get_ydata()) == 3  # the start and two epochs
    assert message in explorer.readout.value
    assert "diverged" in explorer.describe()


def test_slowdown_fast_redraw_gives_the_picture_savefig_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    explorer = SlowdownExplorer()
    settings = [
        {"w": 0.6, "b": 0.9},  # a lower start: shorter loss axes, a new legend
        {"learning_rate": 2.0},  # the title gives η
        {"w": 5.0, "b": 5.0, "learning_rate": 100.0},  # the cross-entropy axis grows to 10
        {"w": -5.0, "b": -5.0, "learning_rate": 0.01},  # curves along the bottom spine
        {"w": 3.0, "b": 1.0, "learning_rate": 0.5},
    ]
    pictures = assert_settings_redraw_right(explorer, settings)
    # A run that diverges writes its message in the panels; the next one clears it.
    message = "training diverged in epoch 2 of 300: the loss became inf (learning rate 100 is too large)"
    monkeypatch.setattr(plots_loss, "train", lambda *args, **kwargs: History([0.9, 3.0], True, message))
    change(explorer, {"w": 1.0})
    pictures.append(assert_blit_is_the_full_draw(explorer))
    monkeypatch.undo()
    change(explorer, {"w": 1.5})
    pictures.append(assert_blit_is_the_full_draw(explorer))
    assert len({p.tobytes() for p in pictures}) == len(pictures)  # every change changed the picture
