"""NeuronExplorer driven from Python: every control over its whole range, and what it draws.

Each test sets widget values exactly as a reader's slider would (``explorer.w1.value = …``)
and checks the drawing against the mathematics, computed independently here with
``nnbook.Neuron`` and plain numpy: the colour map is the neuron's output on the grid, the
decision line satisfies w·x + b = 0, the readout shows the current numbers and the
truth-table count is right.
"""

from __future__ import annotations

import base64
import html
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw, picture

import nnbook
from nnbook.widgets import ACTIVATION_OPTIONS, GATE_OPTIONS, NeuronExplorer

ACTIVATIONS = [value for _, value in ACTIVATION_OPTIONS]
GATES = [value for _, value in GATE_OPTIONS]
SYMBOL = {"identity": "id(", "step": "H(", "sigmoid": "σ(", "tanh": "tanh(", "relu": "ReLU("}


@pytest.fixture(scope="module")
def explorer() -> NeuronExplorer:
    # A coarse grid and a small PNG keep hundreds of redraws quick; the drawing code is the same.
    return NeuronExplorer(resolution=41, dpi=30)


def set_state(explorer: NeuronExplorer, w1: float, w2: float, b: float, activation: str, gate: str | None) -> None:
    # One redraw for all five controls; the tests below also set single controls the reader's way.
    explorer.set(w1=w1, w2=w2, b=b, activation=activation, gate=gate)


def assert_drawing_matches_mathematics(explorer: NeuronExplorer) -> None:
    """Everything drawn equals what the controls' neuron computes."""
    w = np.array([explorer.w1.value, explorer.w2.value])
    b = explorer.b.value
    activation = explorer.activation.value
    reference = nnbook.Neuron(w, b, activation)
    extent = explorer.plot.extent

    # The colour map is the neuron's output at every grid point, on a valid colour scale.
    image = np.asarray(explorer.image.get_array())
    side = int(np.sqrt(len(explorer.grid)))
    np.testing.assert_allclose(image, reference(explorer.grid).reshape(side, side))
    low, high = explorer.image.get_clim()
    assert np.isfinite(low) and np.isfinite(high) and low < high
    assert image.min() >= low - 1e-12 and image.max() <= high + 1e-12

    # The decision line: its ends satisfy w·x + b = 0 and lie in the plotted square.
    xs, ys = explorer.line.get_data()
    xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    corners = np.array(list(itertools.product(extent[:2], extent[2:])))
    corner_z = corners @ w + b
    if xs.size:
        assert xs.size == 2 and not np.allclose([xs[0], ys[0]], [xs[1], ys[1]])
        np.testing.assert_allclose(w[0] * xs + w[1] * ys + b, 0.0, atol=1e-9)
        assert np.all((xs >= extent[0] - 1e-9) & (xs <= extent[1] + 1e-9))
        assert np.all((ys >= extent[2] - 1e-9) & (ys <= extent[3] + 1e-9))
        # The arrow of w sits on the line and points along w.
        foot, tip = np.array(explorer.plot.normal.xy), np.array(explorer.plot.normal.get_position())
        assert explorer.plot.normal.get_visible()
        assert abs(foot @ w + b) < 1e-9
        direction = (tip - foot) / np.linalg.norm(tip - foot)
        np.testing.assert_allclose(direction, w / np.linalg.norm(w), atol=1e-9)
    else:
        # No line drawn: w = 0, or the line misses the square (all corners on one side).
        assert np.all(w == 0) or np.all(corner_z > 0) or np.all(corner_z < 0) or np.sum(corner_z == 0) == 1
        assert not explorer.plot.normal.get_visible()

    # The readout shows the formula with the current numbers, and the title repeats it.
    text = explorer.readout.value
    assert SYMBOL[activation] in text
    for value in (w[0], w[1], b):
        assert f"{abs(value):.1f}" in text, (value, text)
    formula = nnbook.plots.equation_text(w, b, activation)
    assert formula in text and formula in explorer.ax.get_title()
    if np.all(w == 0):
        assert "no decision line" in text

    # The truth-table count, computed independently: right when the point is on its label's side.
    gate = explorer.gate.value
    if gate is None:
        assert explorer.n_right is None and explorer.table.value == ""
        assert len(explorer.plot.wrong.get_offsets()) == 0
    else:
        X, y = nnbook.datasets.logic_gate(gate)
        expected = int(np.sum((X @ w + b >= 0).astype(int) == y))
        assert explorer.n_right == expected and explorer.n_rows == 4
        assert f"{expected} of 4 rows right" in text
        assert len(explorer.plot.wrong.get_offsets()) == 4 - expected
        assert explorer.table.value.count("✓") == expected and explorer.table.value.count("✗") == 4 - expected
    assert explorer.png.startswith(b"\x89PNG")
    # The Output widget shows exactly that picture (in a notebook and in the static book).
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png
    assert f'alt="{html.escape(explorer.describe(), quote=True)}"' in shown["data"]["text/html"]
    assert formula in explorer.describe()


def test_controls_are_labelled_for_a_reader_and_span_minus_5_to_5() -> None:
    explorer = NeuronExplorer(resolution=21, dpi=30)
    assert [explorer.w1.description, explorer.w2.description, explorer.b.description] == [
        "weight w₁",
        "weight w₂",
        "bias b",
    ]
    for slider in (explorer.w1, explorer.w2, explorer.b):
        assert (slider.min, slider.max, slider.step) == (-5.0, 5.0, 0.1)
    assert explorer.activation.description == "activation f"
    assert explorer.gate.description == "truth table"
    assert sorted(ACTIVATIONS) == sorted(["identity", "step", "sigmoid", "tanh", "relu"])
    assert GATES == [None, "and", "or", "nand", "nor", "xor"]
    assert explorer.output in explorer.children[1].children  # the plot, beside the truth table


@pytest.mark.parametrize("slider_name", ["w1", "w2", "b"])
def test_every_slider_value_from_end_to_end(explorer: NeuronExplorer, slider_name: str) -> None:
    set_state(explorer, 1.0, -0.5, 0.3, "sigmoid", "and")
    slider = getattr(explorer, slider_name)
    every_half = np.round(np.arange(slider.min, slider.max + 1e-9, 0.5), 1).tolist()
    for value in [*every_half, -4.9, 0.1, 4.9]:
        slider.value = value
        assert slider.value == pytest.approx(value)
        assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_with_every_truth_table(explorer: NeuronExplorer, activation: str) -> None:
    for gate in GATES:
        set_state(explorer, 2.3, -1.7, 0.4, activation, gate)
        assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_extreme_corners_of_the_controls(explorer: NeuronExplorer, activation: str) -> None:
    corners = [(-5.0, -5.0, -5.0), (5.0, 5.0, 5.0), (5.0, -5.0, 0.0), (-5.0, 0.0, 5.0), (0.0, 5.0, -5.0)]
    corners += [(0.0, 0.0, b) for b in (-5.0, 0.0, 5.0)]  # w = 0: no decision line at all
    for w1, w2, b in corners:
        set_state(explorer, w1, w2, b, activation, "xor")
        assert_drawing_matches_mathematics(explorer)


def test_zero_weights_leave_no_decision_line_and_a_constant_picture(explorer: NeuronExplorer) -> None:
    for b in (-5.0, 0.0, 5.0):
        set_state(explorer, 0.0, 0.0, b, "sigmoid", "and")
        xs, _ = explorer.line.get_data()
        assert len(xs) == 0
        image = np.asarray(explorer.image.get_array())
        np.testing.assert_allclose(image, nnbook.sigmoid(b))
        assert "no decision line" in explorer.readout.value


def test_and_with_the_chapters_weights_gets_four_of_four(explorer: NeuronExplorer) -> None:
    set_state(explorer, 1.0, 1.0, -1.5, "step", "and")
    assert explorer.n_right == 4
    assert "output = H(1.0·x₁ + 1.0·x₂ − 1.5)" in explorer.readout.value
    assert "AND: 4 of 4 rows right" in explorer.readout.value
    # The decision line x₁ + x₂ = 1.5 meets the square [-1, 2]² at (2, -0.5) and (-0.5, 2).
    xs, ys = explorer.line.get_data()
    assert sorted(zip(np.round(xs, 9), np.round(ys, 9), strict=True)) == [(-0.5, 2.0), (2.0, -0.5)]
    # Moving the bias to -0.5 turns the neuron into OR: wrong for AND, right for OR.
    explorer.b.value = -0.5
    assert explorer.n_right == 2  # (0, 1) and (1, 0) are now on the 1 side
    explorer.gate.value = "or"
    assert explorer.n_right == 4


def test_no_slider_setting_computes_xor(explorer: NeuronExplorer) -> None:
    best = 0
    for w1, w2, b in itertools.product([-3.0, -1.0, 1.0, 3.0], [-2.0, 1.0, 2.0], [-1.5, -0.5, 0.5]):
        set_state(explorer, w1, w2, b, "step", "xor")
        best = max(best, explorer.n_right)
    assert best == 3


def test_scaling_weights_and_bias_keeps_the_line(explorer: NeuronExplorer) -> None:
    set_state(explorer, 1.0, 1.0, -1.5, "sigmoid", None)
    line = np.array(explorer.line.get_data())
    image = np.asarray(explorer.image.get_array()).copy()
    set_state(explorer, 3.0, 3.0, -4.5, "sigmoid", None)
    np.testing.assert_allclose(np.array(explorer.line.get_data()), line, atol=1e-9)
    assert not np.allclose(np.asarray(explorer.image.get_array()), image)  # a sharper sigmoid


def test_changing_a_control_changes_the_picture(explorer: NeuronExplorer) -> None:
    set_state(explorer, 1.0, 1.0, -1.5, "sigmoid", "and")
    before = explorer.png
    image = np.asarray(explorer.image.get_array()).copy()
    explorer.activation.value = "tanh"
    assert explorer.png != before
    assert not np.allclose(np.asarray(explorer.image.get_array()), image)
    assert explorer.image.get_clim() == (-1.0, 1.0)


def test_redraws_in_place(explorer: NeuronExplorer) -> None:
    figure, image, line = explorer.figure, explorer.image, explorer.line
    n_images = len(explorer.ax.images)
    explorer.w1.value = -2.0
    explorer.activation.value = "relu"
    assert explorer.figure is figure and explorer.image is image and explorer.line is line
    assert len(explorer.ax.images) == n_images == 1
    assert len(explorer.figure.axes) == 2  # the plane and its colourbar, nothing added


def test_set_changes_several_controls_with_one_redraw(explorer: NeuronExplorer) -> None:
    set_state(explorer, 1.0, 1.0, -1.5, "sigmoid", "and")
    redraws = []
    original = explorer.update
    explorer.update = lambda: (redraws.append(1), original())  # count the redraws
    try:
        explorer.set(w1=-1.0, w2=-1.0, b=1.5, activation="step")
    finally:
        del explorer.update
    assert len(redraws) == 1
    assert explorer.gate.value == "and" and explorer.n_right == 0  # NAND's weights on AND's table
    assert_drawing_matches_mathematics(explorer)


def test_refuses_settings_its_controls_cannot_hold() -> None:
    with pytest.raises(ValueError, match="activation"):
        NeuronExplorer(activation="softmax")
    with pytest.raises(ValueError, match="gate"):
        NeuronExplorer(gate="xnor")
    with pytest.raises(ValueError, match="two weights"):
        NeuronExplorer(weights=(1.0, 2.0, 3.0))


def test_fast_redraw_gives_the_picture_savefig_gives() -> None:
    # Only the moving artists are drawn over kept pixels (nnbook.plots.blit); after any
    # sequence of changes the picture must be the one a full draw gives.
    explorer = NeuronExplorer()
    settings = [
        {"w1": 2.0},
        {"activation": "relu"},
        {"b": 0.7, "gate": "xor"},
        {"activation": "step", "w2": -3.0},
        {"gate": None},
        {"w1": 0.0, "w2": 0.0},
    ]
    pictures = []
    for setting in settings:
        explorer.set(**setting)
        pictures.append(picture(explorer.png))
    assert_blit_is_the_full_draw(explorer)
    assert not all(np.array_equal(pictures[0], p) for p in pictures[1:])  # the picture did change
