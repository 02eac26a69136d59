"""GradientExplorer driven from Python: every control over its whole range, and what it draws.

The checks recompute independently: the loss with ``nnbook.evaluate_loss`` on a network
built here from the slider values, the gradient with ``nnbook.numerical_gradient``, and
the arrow's direction from that gradient, so a wrong arrow, a stale readout or a surface
that is not the loss would fail.
"""

from __future__ import annotations

import base64
import html

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from pictures import assert_settings_redraw_right

import nnbook
from nnbook.plots.derivation import ARROW_LENGTH, FLAT, SHORTEST_ARROW, TINY_MODELS, WEIGHT_RANGE
from nnbook.widgets import GradientExplorer
from nnbook.widgets.derivation import LOSS_OPTIONS, MODEL_OPTIONS

MODELS = [value for _, value in MODEL_OPTIONS]
LOSSES = [value for _, value in LOSS_OPTIONS]


def network_for(model: str, w1: float, w2: float) -> nnbook.Network:
    """The model's network, built here from its definition (not through the explorer)."""
    if model == "neuron":
        net = nnbook.Network([2, 1], activation="sigmoid")
        net.layers[0].W = [[w1, w2]]
        net.layers[0].b = [0.0]
    else:
        net = nnbook.Network([1, 1, 1], activation="sigmoid")
        net.layers[0].W, net.layers[0].b = [[w1]], [0.0]
        net.layers[1].W, net.layers[1].b = [[w2]], [0.0]
    return net


def reference_gradient(model: str, w1: float, w2: float, loss: str) -> np.ndarray:
    data = TINY_MODELS[model]
    grads = nnbook.numerical_gradient(network_for(model, w1, w2), data.X, data.Y, loss)
    if model == "neuron":
        return grads[0][0][0]
    return np.array([grads[0][0][0, 0], grads[1][0][0, 0]])


@pytest.fixture(scope="module")
def explorer() -> GradientExplorer:
    return GradientExplorer(resolution=21, dpi=30)


def assert_drawing_matches_mathematics(explorer: GradientExplorer) -> None:
    w1, w2 = explorer.w1.value, explorer.w2.value
    model, loss = explorer.model.value, explorer.loss.value
    data = TINY_MODELS[model]
    expected_loss = nnbook.evaluate_loss(network_for(model, w1, w2), data.X, data.Y, loss)
    assert explorer.loss_value == pytest.approx(expected_loss, rel=1e-12)
    g = reference_gradient(model, w1, w2, loss)
    np.testing.assert_allclose(explorer.gradient, g, atol=1e-7)

    # The point sits at the sliders' weights.
    xs, ys = explorer.plot.point.get_data()
    assert (float(xs[0]), float(ys[0])) == (w1, w2)

    # The arrow: from the point along −∇L, ARROW_LENGTH long or up to the border of the
    # square; hidden, with a message, where the surface is flat or −∇L points out of the square.
    arrow = explorer.plot.arrow
    start, tip = np.array(arrow.get_position()), np.array(arrow.xy)
    norm = np.linalg.norm(explorer.gradient)
    direction = -np.asarray(g) / max(norm, 1e-300)
    low, high = WEIGHT_RANGE
    steps = [((high if d > 0 else low) - p) / d for p, d in zip((w1, w2), direction, strict=True) if abs(d) > 1e-12]
    room = min(steps, default=np.inf)
    if norm < FLAT:
        assert not arrow.get_visible() and explorer.plot.message.get_visible()
        assert "flat" in explorer.plot.message.get_text()
    elif room < SHORTEST_ARROW:
        assert not arrow.get_visible() and "out of the square" in explorer.plot.message.get_text()
    else:
        assert arrow.get_visible() and not explorer.plot.message.get_visible()
        np.testing.assert_allclose(start, [w1, w2])
        length = min(ARROW_LENGTH, room)
        np.testing.assert_allclose(np.linalg.norm(tip - start), length, atol=1e-9)
        np.testing.assert_allclose((tip - start) / length, direction, atol=1e-5)

    # The numerical arrow only when asked for, and then on top of the exact one.
    if explorer.show_numerical.value:
        assert explorer.numerical is not None
        np.testing.assert_allclose(explorer.numerical, g, atol=1e-9)
        assert explorer.plot.numerical_arrow.get_visible() == arrow.get_visible()
        np.testing.assert_allclose(explorer.plot.numerical_arrow.xy, tip, atol=1e-5)
        assert "numerical: ∂𝓛/∂w₁" in explorer.readout.value and "relative error" in explorer.readout.value
    else:
        assert explorer.numerical is None and not explorer.plot.numerical_arrow.get_visible()
        assert "numerical" not in explorer.readout.value

    # The readout shows the current numbers.
    text = explorer.readout.value
    assert f"({w1:.1f}, {w2:.1f})" in text
    assert f"loss 𝓛 = {expected_loss:.4f}" in text
    assert f"∂𝓛/∂w₁ = {explorer.gradient[0]:.4f}" in text and f"∂𝓛/∂w₂ = {explorer.gradient[1]:.4f}" in text

    # The surface is the loss on the grid, and the title names the model and the loss.
    ws, surface = explorer.ws, explorer.surface
    for i, j in [(0, 0), (len(ws) - 1, 3), (7, len(ws) - 1)]:
        value = nnbook.evaluate_loss(network_for(model, ws[j], ws[i]), data.X, data.Y, loss)
        assert surface[i, j] == pytest.approx(value, rel=1e-12)
    np.testing.assert_array_equal(np.asarray(explorer.plot.image.get_array()), surface)
    assert data.label in explorer.plot.ax.get_title() and explorer.loss.label in explorer.plot.ax.get_title()
    assert np.all(np.isfinite(surface)) and np.isfinite(explorer.loss_value)

    assert explorer.png.startswith(b"\x89PNG")
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png
    assert f'alt="{html.escape(explorer.describe(), quote=True)}"' in shown["data"]["text/html"]


def test_controls_are_labelled_for_a_reader() -> None:
    explorer = GradientExplorer(resolution=11, dpi=30)
    assert [explorer.w1.description, explorer.w2.description] == ["weight w₁", "weight w₂"]
    for slider in (explorer.w1, explorer.w2):
        assert (slider.min, slider.max, slider.step) == (-5.0, 5.0, 0.1)
    assert explorer.model.description == "model" and explorer.loss.description == "loss 𝓛"
    assert "numerical gradient" in explorer.show_numerical.description
    assert explorer.plot.ax.get_xlabel() == "weight w₁" and explorer.plot.ax.get_ylabel() == "weight w₂"
    assert set(MODELS) == set(TINY_MODELS) and LOSSES == ["mse", "cross_entropy"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("slider_name", ["w1", "w2"])
def test_every_slider_value_from_end_to_end(explorer: GradientExplorer, model: str, slider_name: str) -> None:
    explorer.set(w1=1.0, w2=-0.5, model=model, loss="mse", show_numerical=False)
    slider = getattr(explorer, slider_name)
    for value in [*np.round(np.arange(-5.0, 5.0 + 1e-9, 0.5), 1).tolist(), -4.9, 0.1, 4.9]:
        slider.value = value
        assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("show_numerical", [False, True])
def test_every_model_loss_and_checkbox_at_the_corners(
    explorer: GradientExplorer, model: str, loss: str, show_numerical: bool
) -> None:
    for w1, w2 in [(-5.0, -5.0), (5.0, 5.0), (-5.0, 5.0), (5.0, -5.0), (0.0, 0.0), (1.3, -2.7)]:
        explorer.set(w1=w1, w2=w2, model=model, loss=loss, show_numerical=show_numerical)
        assert_drawing_matches_mathematics(explorer)


def test_the_chain_is_flat_at_the_origin_and_says_so(explorer: GradientExplorer) -> None:
    explorer.set(w1=0.0, w2=0.0, model="chain", loss="mse", show_numerical=True)
    assert np.linalg.norm(explorer.gradient) < FLAT
    assert explorer.plot.message.get_visible() and "flat" in explorer.describe()
    assert not explorer.plot.arrow.get_visible() and not explorer.plot.numerical_arrow.get_visible()


def test_a_step_along_the_arrow_lowers_the_loss(explorer: GradientExplorer) -> None:
    for model in MODELS:
        explorer.set(w1=-3.0, w2=-2.0, model=model, loss="cross_entropy", show_numerical=False)
        g = np.array(explorer.gradient)
        data = TINY_MODELS[model]
        w = np.array([-3.0, -2.0]) - 0.01 * g / np.linalg.norm(g)
        lower = nnbook.evaluate_loss(network_for(model, *w), data.X, data.Y, "cross_entropy")
        assert lower < explorer.loss_value


def test_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = GradientExplorer(resolution=21, dpi=50)
    settings = [
        {"show_numerical": True},  # the orange arrow under the white one
        {"w1": 5.0},  # the point on the right edge
        {"w2": 5.0},  # in the corner
        {"w1": -5.0, "w2": -5.0},  # the opposite corner
        {"loss": "cross_entropy"},  # a new surface, colour scale and title
        {"model": "chain"},
        {"w1": 0.0, "w2": 0.0},  # flat: no arrows, the message instead
        {"w1": 1.3},  # the arrows back
        {"show_numerical": False},
        {"loss": "mse"},
        {"model": "neuron", "w2": -2.5},
    ]
    assert_settings_redraw_right(explorer, settings)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="model"):
        GradientExplorer(model="three")
    with pytest.raises(ValueError, match="loss"):
        GradientExplorer(loss="hinge")
    with pytest.raises(ValueError, match="two weights"):
        GradientExplorer(weights=(1.0,))
