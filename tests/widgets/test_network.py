"""NetworkExplorer driven from Python: all nine sliders end to end, every menu, and what is drawn.

The drawing is checked against the mathematics computed here independently, with plain
numpy (h = f(W¹x + b¹), ŷ = σ(W²h + b²)): the colour map, each hidden unit's line, the
diagram's edge colours and widths, the readout's numbers and the truth-table count.
"""

from __future__ import annotations

import base64
import html
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from pictures import assert_settings_redraw_right

import nnbook
from nnbook.plots.network import NEGATIVE_COLOR, POSITIVE_COLOR, ZERO_COLOR, edge_width
from nnbook.widgets.network import HIDDEN_ACTIVATION_OPTIONS, NETWORK_GATE_OPTIONS, XOR_RELU, NetworkExplorer

ACTIVATIONS = [value for _, value in HIDDEN_ACTIVATION_OPTIONS]
GATES = [value for _, value in NETWORK_GATE_OPTIONS]
NUMPY_F = {
    "relu": lambda z: np.maximum(z, 0.0),
    # The package's sigmoid (tested in chapter 1's tests): a naive formula can differ from it in the
    # last bit, which flips the side of a point lying exactly on the output unit's line.
    "sigmoid": nnbook.sigmoid,
    "tanh": np.tanh,
    "identity": lambda z: z,
}
SYMBOL = {"relu": "ReLU(", "sigmoid": "σ(", "tanh": "tanh(", "identity": "id("}


@pytest.fixture(scope="module")
def explorer() -> NetworkExplorer:
    return NetworkExplorer(resolution=31, dpi=30)


def by_hand(W1, b1, W2, b2, activation, X):
    """The network's hidden values, output weighted sum and output, in plain numpy."""
    H = NUMPY_F[activation](X @ W1.T + b1)
    z = H @ W2.T + b2
    return H, z[:, 0], 1.0 / (1.0 + np.exp(-z[:, 0]))


def assert_drawing_matches_mathematics(explorer: NetworkExplorer) -> None:
    W1, b1, W2, b2 = explorer.values()
    activation = explorer.activation.value
    # The network holds exactly the sliders' numbers.
    np.testing.assert_array_equal(explorer.net.layers[0].W, W1)
    np.testing.assert_array_equal(explorer.net.layers[0].b, b1)
    np.testing.assert_array_equal(explorer.net.layers[1].W, W2)
    np.testing.assert_array_equal(explorer.net.layers[1].b, b2)
    assert explorer.net.layers[0].activation == activation and explorer.net.output_activation == "sigmoid"

    # The colour map is σ(W²f(W¹x + b¹) + b²) at every grid point.
    grid = explorer.plane.grid
    side = int(np.sqrt(len(grid)))
    _, _, outputs = by_hand(W1, b1, W2, b2, activation, grid)
    image = np.asarray(explorer.plane.image.get_array())
    assert np.all(np.isfinite(image))
    np.testing.assert_allclose(image, outputs.reshape(side, side), atol=1e-12)
    assert explorer.plane.image.get_clim() == (0.0, 1.0)

    # Each hidden unit's line satisfies its w·x + b = 0, or is absent (w = 0 or outside the square).
    extent = explorer.plane.extent
    corners = np.array(list(itertools.product(extent[:2], extent[2:])))
    for k, line in enumerate(explorer.plane.lines):
        xs, ys = (np.asarray(v, dtype=float) for v in line.get_data())
        if xs.size:
            np.testing.assert_allclose(W1[k, 0] * xs + W1[k, 1] * ys + b1[k], 0.0, atol=1e-9)
        else:
            z = corners @ W1[k] + b1[k]
            assert np.all(W1[k] == 0) or np.all(z >= 0) or np.all(z <= 0)
    flat = [k for k in range(2) if np.all(W1[k] == 0)]
    assert explorer.plane.message.get_visible() == bool(flat)
    for k in flat:
        assert f"h{'₁₂'[k]}" in explorer.plane.message.get_text()
        assert f"h{'₁₂'[k]} has both weights 0" in explorer.readout.value

    # The diagram: one edge per weight, coloured by sign, wider for larger |w|.
    weights = [W1[0, 0], W1[0, 1], W1[1, 0], W1[1, 1], W2[0, 0], W2[0, 1]]
    assert [explorer.net.layers[layer].W[j, i] for layer, j, i in explorer.diagram.edge_index] == weights
    colors = explorer.diagram.edges.get_colors()
    for color, w in zip(colors, weights, strict=True):
        expected = POSITIVE_COLOR if w > 0 else NEGATIVE_COLOR if w < 0 else ZERO_COLOR
        np.testing.assert_allclose(color, to_rgba(expected))
    np.testing.assert_allclose(explorer.diagram.edges.get_linewidths(), [edge_width(w) for w in weights])
    assert [t.get_text() for t in explorer.diagram.weight_labels] == [
        nnbook.plots.neuron.format_number(w) for w in weights
    ]
    assert [t.get_text() for t in explorer.diagram.bias_labels] == [
        f"b = {nnbook.plots.neuron.format_number(b)}" for b in [*b1, *b2]
    ]

    # The readout: three formulas with the current numbers and the count, computed independently.
    text = explorer.readout.value
    assert f"h₁ = {SYMBOL[activation]}" in text and f"h₂ = {SYMBOL[activation]}" in text and "ŷ = σ(" in text
    for value in [*W1.ravel(), *b1, *W2.ravel(), *b2]:
        assert f"{abs(value):.1f}" in text, (value, text)
    X, labels = nnbook.datasets.logic_gate(explorer.gate.value)
    H, z, out = by_hand(W1, b1, W2, b2, activation, X)
    expected = int(np.sum((z >= 0).astype(int) == labels))
    assert explorer.n_right == expected and explorer.n_rows == 4
    assert f"{explorer.gate.label}: {expected} of 4 rows right" in text
    assert f"{expected} of 4 rows right" in explorer.plane.ax.get_title()
    assert len(explorer.plane.wrong.get_offsets()) == 4 - expected
    table = explorer.table.value
    assert table.count("✓") == expected and table.count("✗") == 4 - expected
    for h_row, o in zip(H, out, strict=True):
        assert f"<td>{h_row[0]:.3f}</td><td>{h_row[1]:.3f}</td>" in table
        assert f"<td>{o:.3f}</td>" in table
    if activation == "identity":
        assert "a single line" in text

    # The picture shown is the one just drawn, with the description as alt text.
    assert explorer.png.startswith(b"\x89PNG")
    (shown,) = explorer.output.outputs
    assert base64.b64decode(shown["data"]["image/png"]) == explorer.png
    assert f'alt="{html.escape(explorer.describe(), quote=True)}"' in shown["data"]["text/html"]


def test_nine_labelled_sliders_from_minus_5_to_5() -> None:
    explorer = NetworkExplorer(resolution=21, dpi=30)
    descriptions = [s.description for s in explorer.sliders()]
    assert descriptions == [
        "w¹₁₁  (x₁ → h₁)",
        "w¹₁₂  (x₂ → h₁)",
        "w¹₂₁  (x₁ → h₂)",
        "w¹₂₂  (x₂ → h₂)",
        "b¹₁  (bias of h₁)",
        "b¹₂  (bias of h₂)",
        "w²₁₁  (h₁ → y)",
        "w²₁₂  (h₂ → y)",
        "b²₁  (bias of y)",
    ]
    for slider in explorer.sliders():
        assert (slider.min, slider.max, slider.step) == (-5.0, 5.0, 0.1)
    names = ["w1_11", "w1_12", "w1_21", "w1_22", "b1_1", "b1_2", "w2_11", "w2_12", "b2_1"]
    assert [getattr(explorer, name) for name in names] == explorer.sliders()
    explorer.w1_12.value = -3.0  # the weight from x₂ to h₁
    assert explorer.net.layers[0].W[0, 1] == -3.0
    assert explorer.activation.description == "activation f"
    assert explorer.gate.description == "truth table"
    assert ACTIVATIONS == ["relu", "sigmoid", "tanh", "identity"]
    assert GATES == ["xor", "and", "or", "nand", "nor"]
    headers = [group.children[0].value for group in explorer.children[0].children]
    assert headers[0].startswith("<b>hidden unit h₁") and headers[2].startswith("<b>output unit ŷ")


def test_the_default_weights_compute_xor(explorer: NetworkExplorer) -> None:
    explorer.set(**{k: v for k, v in XOR_RELU.items()}, activation="relu", gate="xor")
    assert explorer.n_right == 4
    text = explorer.readout.value
    assert "h₁ = ReLU(1.0·x₁ + 1.0·x₂ + 0.0)" in text
    assert "h₂ = ReLU(2.0·x₁ + 2.0·x₂ − 2.0)" in text
    assert "ŷ = σ(5.0·h₁ − 5.0·h₂ − 2.5)" in text
    assert "XOR: 4 of 4 rows right (all right)" in text
    assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("index", range(9))
def test_every_slider_from_end_to_end(explorer: NetworkExplorer, index: int) -> None:
    explorer.set(**XOR_RELU, activation="relu", gate="xor")
    slider = explorer.sliders()[index]
    for value in [*np.round(np.arange(-5.0, 5.01, 1.0), 1).tolist(), -4.9, 0.0, 0.1, 4.9]:
        slider.value = value
        assert slider.value == pytest.approx(value)
        assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_every_activation_with_every_truth_table(explorer: NetworkExplorer, activation: str) -> None:
    for gate in GATES:
        explorer.set(
            W1=[[2.3, -1.7], [0.4, 3.1]], b1=[0.5, -1.2], W2=[[-2.0, 1.5]], b2=[0.3], activation=activation, gate=gate
        )
        assert_drawing_matches_mathematics(explorer)


@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_extreme_corners_of_the_sliders(explorer: NetworkExplorer, activation: str) -> None:
    rng = np.random.default_rng(0)
    settings = [np.full(9, -5.0), np.full(9, 5.0), np.zeros(9)]
    settings += [rng.choice([-5.0, 0.0, 5.0], size=9) for _ in range(6)]
    for numbers in settings:
        explorer.set(
            W1=numbers[:4].reshape(2, 2),
            b1=numbers[4:6],
            W2=numbers[6:8].reshape(1, 2),
            b2=numbers[8:],
            activation=activation,
            gate="xor",
        )
        assert_drawing_matches_mathematics(explorer)


def test_identity_hidden_layer_never_gets_xor(explorer: NetworkExplorer) -> None:
    best = 0
    for numbers in itertools.product([-3.0, 2.0], [1.0, -2.0], [0.5, -1.0], [-1.5, 2.5]):
        explorer.set(
            W1=[[numbers[0], numbers[1]], [numbers[1], numbers[0]]],
            b1=[numbers[2], -numbers[2]],
            W2=[[numbers[3], 1.0]],
            b2=[numbers[2]],
            activation="identity",
            gate="xor",
        )
        best = max(best, explorer.n_right)
    assert best <= 3
    assert "a single line" in explorer.readout.value


def test_zero_hidden_weights_say_so_in_the_figure(explorer: NetworkExplorer) -> None:
    explorer.set(W1=[[0.0, 0.0], [0.0, 0.0]], b1=[1.0, -1.0], W2=[[1.0, 1.0]], b2=[0.0], activation="sigmoid")
    assert explorer.plane.message.get_visible()
    assert "h₁ and h₂: both weights 0, so they are constant" in explorer.plane.message.get_text()
    image = np.asarray(explorer.plane.image.get_array())
    expected = 1 / (1 + np.exp(-(1 / (1 + np.exp(-1.0)) + 1 / (1 + np.exp(1.0)))))
    np.testing.assert_allclose(image, expected)
    assert_drawing_matches_mathematics(explorer)
    explorer.W1[0][0].value = 1.0
    assert "h₂: both weights 0, so it is constant" in explorer.plane.message.get_text()


def test_redraws_in_place_and_changes_the_picture(explorer: NetworkExplorer) -> None:
    explorer.set(**XOR_RELU, activation="relu", gate="xor")
    figure, image, edges = explorer.figure, explorer.plane.image, explorer.diagram.edges
    n_axes = len(explorer.figure.axes)
    before = explorer.png
    explorer.W2[0][1].value = 2.0  # the edge h₂ → y turns from blue to red
    assert explorer.png != before
    assert explorer.figure is figure and explorer.plane.image is image and explorer.diagram.edges is edges
    assert len(explorer.figure.axes) == n_axes == 3  # the plane, its colourbar, the diagram
    np.testing.assert_allclose(explorer.diagram.edges.get_colors()[5], to_rgba(POSITIVE_COLOR))
    explorer.activation.value = "tanh"
    assert explorer.net.layers[0].activation == "tanh"
    assert_drawing_matches_mathematics(explorer)


def test_set_redraws_once(explorer: NetworkExplorer) -> None:
    redraws = []
    original = explorer.update
    explorer.update = lambda: (redraws.append(1), original())
    try:
        explorer.set(W1=[[1.0, 2.0], [3.0, 4.0]], b1=[0.0, 0.0], gate="and")
    finally:
        del explorer.update
    assert len(redraws) == 1
    assert_drawing_matches_mathematics(explorer)


def test_the_diagram_names_the_chosen_activation(explorer: NetworkExplorer) -> None:
    for activation, symbol in [("tanh", "tanh"), ("identity", "id"), ("relu", "ReLU")]:
        explorer.activation.value = activation
        labels = [label.get_text() for label in explorer.diagram.ax.get_xticklabels()]
        assert labels == ["input", f"hidden\n{symbol}", "output\nσ"]


def test_fast_redraw_gives_the_picture_savefig_gives() -> None:
    explorer = NetworkExplorer(resolution=41)
    settings = [
        {"w1_11": 2.0},
        {"activation": "tanh"},  # the diagram's tick names the activation
        {"gate": "and", "b1_1": -1.0},  # other points, other crosses, another title
        {"w1_11": 0.0, "w1_12": 0.0, "w2_12": 2.0, "b2_1": 1.0},  # h₁ has no line: the message
        {"activation": "identity", "gate": "or"},
        {"w1_11": 1.0, "w1_21": 1.5, "w1_22": -0.5, "b1_2": 2.0},  # the message goes
        {"w2_11": -4.0},  # an edge turns blue
    ]
    assert_settings_redraw_right(explorer, settings)


def test_refuses_settings_its_controls_cannot_hold() -> None:
    with pytest.raises(ValueError, match="activation"):
        NetworkExplorer(activation="softmax")
    with pytest.raises(ValueError, match="gate"):
        NetworkExplorer(gate="xnor")
    with pytest.raises(ValueError, match=r"W1 of shape \(2, 2\)"):
        NetworkExplorer(W1=[[1.0, 2.0, 3.0]])
