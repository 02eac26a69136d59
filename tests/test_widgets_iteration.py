"""Chapter 5's explorers driven from Python: every control over its range, and what they draw.

DescentExplorer: the path drawn is the weights ``nnbook.train`` leaves after each epoch, the
loss curve is its history, and a diverging rate shows ``History.message`` in the figure.
PlaygroundExplorer: buttons pressed with ``click()``, the Play widget ticked by setting its
value; training continues the same network, Reset restores the initial weights, and every
data set and learning rate works without an exception or a warning.
"""

from __future__ import annotations

import base64
import itertools
import math
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw, assert_settings_redraw_right

import nnbook
from nnbook.plots.iteration import START, line_data, linear_neuron
from nnbook.training import largest_stable_learning_rate
from nnbook.widgets.iteration import DATASET_OPTIONS, DescentExplorer, PlaygroundExplorer

DATASETS = [value for _, value in DATASET_OPTIONS]


def slider_values(slider) -> list[float]:
    """Every value a FloatLogSlider allows: base ** (min + k·step)."""
    count = round((slider.max - slider.min) / slider.step)
    return [float(slider.base ** (slider.min + k * slider.step)) for k in range(count + 1)]


def reference_path(learning_rate: float, epochs: int) -> tuple[np.ndarray, nnbook.History]:
    """The path computed independently: train one neuron per epoch count is too slow, so record by hand."""
    X, t = line_data()
    net = linear_neuron(*START)
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


@pytest.fixture(scope="module")
def playground() -> PlaygroundExplorer:
    return PlaygroundExplorer(resolution=21, dpi=30)


def assert_descent_drawing(explorer: DescentExplorer) -> None:
    eta, epochs = explorer.learning_rate.value, explorer.epochs.value
    points, history = reference_path(eta, epochs)
    xs, ys = explorer.plot.path.get_data()
    np.testing.assert_allclose(np.column_stack([xs, ys]), points)
    assert explorer.plot.history.loss == history.loss
    loss_x, loss_y = explorer.plot.loss_line.get_data()
    X, t = line_data()
    start_loss = nnbook.evaluate_loss(linear_neuron(*START), X, t)
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


def step_and_check(playground: PlaygroundExplorer) -> None:
    before = len(playground.losses)
    playground.step_button.click()
    k = playground.epochs_per_step.value
    history = playground.history
    assert len(playground.losses) == before + len(history.loss)
    if not history.diverged:
        assert len(history.loss) == k
    else:
        assert playground.message.startswith(history.message)
        assert playground.plot.message.get_visible()
    assert all(math.isfinite(value) for value in playground.losses)
    image = np.asarray(playground.plot.image.get_array())
    expected = playground.net.forward(playground.plot.grid)[:, 0].reshape(image.shape)
    np.testing.assert_allclose(image, expected)
    assert np.all(np.isfinite(image))
    np.testing.assert_allclose(playground.plot.loss_line.get_data()[1], playground.losses)
    assert math.isclose(
        playground.losses[-1], nnbook.evaluate_loss(playground.net, playground.X, playground.y, loss="cross_entropy")
    )
    assert f"loss {playground.losses[-1]:.4f}" in playground.readout.value


def test_playground_controls(playground: PlaygroundExplorer) -> None:
    assert playground.learning_rate.description == "learning rate η"
    assert playground.dataset.description == "data set"
    assert playground.epochs_per_step.description == "epochs per step"
    assert playground.step_button.description == "Step" and playground.reset_button.description == "Reset"
    assert DATASETS == ["xor", "circle", "gaussians", "spiral"]
    assert playground.plot.plane_ax.get_xlabel() and playground.plot.loss_ax.get_ylabel()


@pytest.mark.parametrize("dataset", ["xor", "gaussians"])
def test_the_loss_decreases_and_steps_continue_the_same_network(playground: PlaygroundExplorer, dataset: str) -> None:
    playground.dataset.value = dataset
    playground.reset_button.click()
    with playground.hold():
        playground.learning_rate.value = 1.0
        playground.epochs_per_step.value = 10
    X, y = getattr(nnbook.datasets, dataset)(n=200, seed=0)
    np.testing.assert_array_equal(playground.X, X)
    twin = playground.net.copy()
    for _ in range(8):
        step_and_check(playground)
    assert len(playground.losses) == 81
    assert playground.losses[-1] < 0.7 * playground.losses[0]
    # Eight steps of 10 epochs are 80 epochs of nnbook.train on the same network.
    reference = nnbook.train(twin, X, y, loss="cross_entropy", learning_rate=1.0, epochs=80)
    np.testing.assert_allclose(playground.losses[1:], reference.loss)
    for mine, theirs in zip(playground.net.layers, twin.layers, strict=True):
        np.testing.assert_allclose(mine.W, theirs.W)


def test_play_ticks_train_one_step_each(playground: PlaygroundExplorer) -> None:
    playground.dataset.value = "gaussians"
    playground.reset_button.click()
    playground.epochs_per_step.value = 5
    for tick in range(1, 4):
        playground.play.value = tick
        assert len(playground.losses) == 1 + 5 * tick
    assert playground.losses[-1] < playground.losses[0]


def test_reset_restores_the_initial_weights(playground: PlaygroundExplorer) -> None:
    playground.dataset.value = "xor"
    playground.reset_button.click()
    initial = [(layer.W.copy(), layer.b.copy()) for layer in playground.net.layers]
    for _ in range(3):
        playground.step_button.click()
    playground.play.value += 1
    assert not np.allclose(playground.net.layers[0].W, initial[0][0])
    playground.play.playing = True
    playground.reset_button.click()
    assert playground.play.value == 0 and not playground.play.playing
    assert playground.losses == [playground.losses[0]] and len(playground.losses) == 1
    for layer, (W, b) in zip(playground.net.layers, initial, strict=True):
        np.testing.assert_array_equal(layer.W, W)
        np.testing.assert_array_equal(layer.b, b)
    for layer, (W, b) in zip(playground.net.layers, playground.initial_weights(), strict=True):
        np.testing.assert_array_equal(layer.W, W)
        np.testing.assert_array_equal(layer.b, b)
    assert "after 0 epoch(s)" in playground.readout.value


@pytest.mark.parametrize("dataset", DATASETS)
def test_every_dataset_and_learning_rate(playground: PlaygroundExplorer, dataset: str) -> None:
    playground.dataset.value = dataset
    assert len(playground.losses) == 1  # a new data set starts afresh
    assert f"{playground.dataset.label}" in playground.plot.plane_ax.get_title()
    values = slider_values(playground.learning_rate)[::8]  # 10^-3, 10^-2.6, …, 10^1: both ends included
    assert math.isclose(values[0], 1e-3) and math.isclose(values[-1], 10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for index, value in enumerate(values):
            with playground.hold():
                playground.learning_rate.value = value
                playground.epochs_per_step.value = 1 if index % 2 else 50
            step_and_check(playground)  # training continues the same network at the new rate
            if playground.history.diverged:
                playground.reset_button.click()


def test_divergence_is_a_message_not_nans() -> None:
    explorer = PlaygroundExplorer(dataset="spiral", learning_rate=10.0, epochs_per_step=50, resolution=11, dpi=30)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(6):
            step_and_check(explorer)
    X, y = explorer.X, explorer.y
    assert math.isfinite(nnbook.evaluate_loss(explorer.net, X, y, loss="cross_entropy"))
    if explorer.history.diverged:
        assert "Reset" in explorer.message and not explorer.play.playing


def test_a_new_data_set_moves_the_points(playground: PlaygroundExplorer) -> None:
    for dataset in ("circle", "spiral"):
        playground.dataset.value = dataset
        label_1, label_0 = (points.get_offsets() for points in playground.plot.points)
        np.testing.assert_array_equal(label_1, playground.X[playground.y == 1])
        np.testing.assert_array_equal(label_0, playground.X[playground.y == 0])


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


def test_playground_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = PlaygroundExplorer(resolution=21)
    actions = [
        lambda: explorer.step_button.click(),
        lambda: setattr(explorer.play, "value", 1),  # a tick of Play
        lambda: setattr(explorer.learning_rate, "value", 0.3),
        lambda: setattr(explorer.epochs_per_step, "value", 50),
        lambda: [explorer.step_button.click() for _ in range(3)],  # 10 to 200 epochs: a longer axis
        lambda: setattr(explorer.dataset, "value", "spiral"),  # new points, back to epoch 0
        lambda: setattr(explorer.learning_rate, "value", 10.0),
        lambda: [explorer.step_button.click() for _ in range(4)],  # the loss rises: a taller axis
        # What step() shows when nnbook.train reports a divergence (the cross-entropy of
        # this small network does not explode, even at η = 10).
        lambda: (setattr(explorer, "message", "training diverged. Lower η, or press Reset."), explorer.update()),
        lambda: explorer.reset_button.click(),
    ]
    pictures = [assert_blit_is_the_full_draw(explorer)]
    for action in actions:
        action()
        pictures.append(assert_blit_is_the_full_draw(explorer))
    changed = [not np.array_equal(before, after) for before, after in itertools.pairwise(pictures)]
    # Changing the learning rate or the epochs per step only rewrites the readout.
    assert changed == [True, True, False, False, True, True, False, True, True, True]


def test_the_learning_rate_starts_on_a_step_of_its_slider() -> None:
    # a browser's slider would move an off-step value to its nearest step as it is drawn
    from nnbook.widgets.iteration import LEARNING_RATE_EXPONENTS, learning_rate_slider

    low, high, step = LEARNING_RATE_EXPONENTS
    assert learning_rate_slider(0.3).value == pytest.approx(10**-0.5)
    assert learning_rate_slider(1e-5).value == pytest.approx(10**low)
    for value in (1e-3, 0.02, 0.3, 0.95, 10.0):
        k = (math.log10(learning_rate_slider(value).value) - low) / step
        assert k == pytest.approx(round(k)) and low <= math.log10(learning_rate_slider(value).value) <= high
