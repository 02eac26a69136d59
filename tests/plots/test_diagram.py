"""The network diagram's SVG: what is drawn follows the weights, the biases and the maps given.

Every assertion reads the SVG text back (``tests/diagram_svg.py``): the colour and width of
each curve against the network's ``W``, the tooltips against the current values, the
thumbnails' pixels against the maps passed in, for every network size the playground allows.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import diagram_svg as read
import numpy as np
import pytest

import nnbook
from nnbook.plots.common import format_number, input_grid
from nnbook.plots.diagram import (
    FULL_WIDTH_WEIGHT,
    NEGATIVE_COLOUR,
    POSITIVE_COLOUR,
    WIDTH_RANGE,
    ZERO_COLOUR,
    draw_network,
    edge_colour,
    edge_width,
    large_map_svg,
    map_pixels,
    network_svg,
)
from nnbook.plots.playground import PLAYGROUND_CMAP

PLANE = (-1.5, 1.5, -1.5, 1.5)


def grid(resolution: int = 9, inputs: int = 2) -> np.ndarray:
    """Points over the plane with ``inputs`` columns (the first two are x₁ and x₂)."""
    points = input_grid(PLANE, resolution)[2]
    columns = [
        points[:, 0],
        points[:, 1],
        points[:, 0] ** 2,
        points[:, 1] ** 2,
        points[:, 0] * points[:, 1],
    ]
    columns += [np.sin(points[:, 0]), np.sin(points[:, 1])]
    return np.column_stack(columns[:inputs])


def test_colours_and_widths_follow_the_weights() -> None:
    net = nnbook.Network([3, 4, 1], "tanh", "sigmoid", seed=1)
    net.layers[0].W = [
        [0.0, 0.5, -0.5],
        [2.0, -2.0, 4.0],
        [-7.0, 0.01, -0.01],
        [1.0, -1.0, 3.0],
    ]
    drawn = read.edges(draw_network(net))
    assert len(drawn) == 3 * 4 + 4
    low, high = WIDTH_RANGE
    for (layer, j, i), edge in drawn.items():
        w = float(net.layers[layer].W[j, i])
        expected = POSITIVE_COLOUR if w > 0 else NEGATIVE_COLOUR if w < 0 else ZERO_COLOUR
        assert edge["stroke"] == expected, (layer, j, i, w)
        assert edge["width"] == pytest.approx(low + (high - low) * min(abs(w) / FULL_WIDTH_WEIGHT, 1), abs=0.006)
    # Wider exactly where |w| is larger (below the widest), equal for equal |w|.
    first = {(j, i): edge["width"] for (layer, j, i), edge in drawn.items() if layer == 0}
    W = net.layers[0].W
    for a, b in itertools.combinations(first, 2):
        wa, wb = min(abs(W[a]), FULL_WIDTH_WEIGHT), min(abs(W[b]), FULL_WIDTH_WEIGHT)
        assert np.sign(first[a] - first[b]) == np.sign(round(wa - wb, 2)), (a, b)
    # The colours are the ends of the playground's scale: orange for negative, blue for positive.
    assert NEGATIVE_COLOUR == "#e8890c" and POSITIVE_COLOUR == "#1f6fb4"
    assert edge_colour(np.nan) == ZERO_COLOUR and edge_width(np.inf) == low


def test_tooltips_carry_the_current_values_rounded() -> None:
    net = nnbook.Network([2, 3, 1], "relu", "sigmoid", seed=0)
    net.layers[0].W = [[0.123456, -1.98765], [3.0, 0.0], [-0.0004, 10.5]]
    net.layers[0].b = [0.25, -1.23456, 0.0]
    svg = draw_network(net, input_names=["x₁²", "sin x₂"])
    drawn = read.edges(svg)
    assert drawn[(0, 0, 0)]["title"] == "weight 0.123 from x₁² into h₁ (net.layers[0].W[0, 0])"
    assert drawn[(0, 0, 1)]["title"].startswith("weight -1.988 from sin x₂ into h₁")
    assert drawn[(0, 2, 0)]["title"].startswith("weight 0.0 from x₁²")  # -0.0004 rounds to 0, without a sign
    for (layer, j, i), edge in drawn.items():
        assert f"weight {format_number(net.layers[layer].W[j, i], 3)} " in edge["title"]
        assert f"W[{j}, {i}]" in edge["title"]
    units = read.nodes(svg)
    assert units[(1, 1)]["title"] == "h₂: hidden layer 1, neuron 2, bias -1.235, activation relu"
    assert units[(2, 0)]["title"].startswith("ŷ: the output, bias ")
    assert units[(0, 1)]["title"] == "sin x₂: input 2"
    # The inputs' names are written beside them.
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "x₁²" in texts and "sin x₂" in texts


def test_tooltips_and_picture_change_after_training() -> None:
    X, y = nnbook.datasets.circle(n=60, noise=0.1, seed=0)
    net = nnbook.Network([2, 4, 1], "tanh", "sigmoid", seed=0)
    layout = network_svg(net.sizes)
    before = layout.update(net, net.forward_pass(grid()).activations)
    nnbook.train(net, X, y, loss="cross_entropy", learning_rate=0.5, epochs=20, seed=0)
    after = layout.update(net, net.forward_pass(grid()).activations)
    assert after != before
    for (layer, j, i), edge in read.edges(after).items():
        w = float(net.layers[layer].W[j, i])
        assert edge["width"] == pytest.approx(edge_width(w), abs=0.006)
        assert f"weight {format_number(w, 3)} " in edge["title"]
    assert not np.array_equal(read.sprite(before), read.sprite(after))


def test_thumbnails_are_the_maps_given_not_recomputed() -> None:
    net = nnbook.Network([2, 3, 2, 1], "tanh", "sigmoid", seed=0)
    rng = np.random.default_rng(0)
    # Maps that no forward pass gives: the picture must show these.
    maps = [rng.normal(size=(7 * 7, n)) for n in net.sizes]
    maps[2] = None  # a layer without maps has no thumbnails
    svg = draw_network(net, maps)
    image = ET.fromstring(svg).find(".//svg:defs/svg:image", read.NS)
    uses = ET.fromstring(svg).findall(".//svg:use", read.NS)
    assert {use.get("href") for use in uses} == {"#" + image.get("id")}
    for layer, values in enumerate(maps):
        for unit in range(net.sizes[layer]):
            if values is None:
                assert read.nodes(svg)[(layer, unit)]["cell"] is None
            else:
                assert np.array_equal(read.thumbnail(svg, layer, unit), map_pixels(values[:, unit]))
    # A fine grid is thinned to at most 21 points a side, keeping every k-th point.
    fine = [rng.normal(size=(81 * 81, n)) for n in net.sizes]
    thumb = read.thumbnail(draw_network(net, fine), 1, 2)
    assert thumb.shape == (21, 21, 3)
    assert np.array_equal(thumb, map_pixels(fine[1][:, 2].reshape(81, 81)[::4, ::4].ravel()))


def test_map_pixels_scale_and_orientation() -> None:
    # Row by row from the bottom: the first row of values is the lowest x₂.
    values = np.array([[-2.0, 0.0], [1.0, 2.0]]).ravel()
    pixels = map_pixels(values)
    colour = (PLAYGROUND_CMAP(np.linspace(0, 1, 256))[:, :3] * 255).round().astype(int)
    assert pixels[1, 0].tolist() == colour[0].tolist()  # -2, the largest size: full orange, bottom left
    assert pixels[0, 1].tolist() == colour[255].tolist()  # 2: full blue, top right
    assert pixels[0, 0].tolist() == colour[191].tolist()  # 1 is half of the largest size
    # Flat or non-finite maps give the middle colour, never an exception.
    assert np.all(map_pixels(np.zeros(4)) == map_pixels(np.full(4, np.nan)))


def test_selected_node_and_ringed_edge() -> None:
    net = nnbook.Network([2, 2, 1], seed=0)
    svg = network_svg(net.sizes).update(net, selected=(1, 1), edge=(1, 0, 1))
    assert [key for key, node in read.nodes(svg).items() if node["selected"]] == [(1, 1)]
    assert [key for key, edge in read.edges(svg).items() if edge["ringed"]] == [(1, 0, 1)]


@pytest.mark.parametrize("hidden_layers", range(7))
def test_every_network_size_draws(hidden_layers: int) -> None:
    """0 to 6 hidden layers, widths 1 to 8, 1 to 7 inputs: each drawn with its maps."""
    for width, inputs in itertools.product(range(1, 9), range(1, 8)):
        sizes = [inputs, *[width] * hidden_layers, 1]
        net = nnbook.Network(sizes, "tanh", "sigmoid", seed=0)
        svg = draw_network(net, net.forward_pass(grid(5, inputs)).activations)
        assert len(read.edges(svg)) == sum(layer.W.size for layer in net.layers)
        assert len(read.nodes(svg)) == sum(sizes)
    # Mixed widths, as a reader may type them.
    rng = np.random.default_rng(0)
    for _ in range(10):
        sizes = [
            int(rng.integers(1, 8)),
            *rng.integers(1, 9, size=hidden_layers).tolist(),
            1,
        ]
        net = nnbook.Network(sizes, "relu", "sigmoid", seed=0)
        assert len(read.edges(draw_network(net))) == sum(layer.W.size for layer in net.layers)


def test_the_largest_network_fits_its_picture() -> None:
    net = nnbook.Network([7, *[8] * 6, 1], "tanh", "sigmoid", seed=0)
    layout = network_svg(net.sizes)
    layout.update(net)
    centres = np.vstack(layout.positions)
    assert centres[:, 0].min() > 0 and centres[:, 0].max() < layout.width
    assert centres[:, 1].min() > 0 and centres[:, 1].max() < layout.height
    root = ET.fromstring(layout.svg)
    assert root.get("role") == "img"
    assert f"{sum(layer.W.size for layer in net.layers)} weights" in root.get("aria-label")


def test_a_diverged_network_draws_without_numbers() -> None:
    net = nnbook.Network([2, 2, 1], seed=0)
    net.layers[0]._W[0, 0] = np.nan  # what a blown-up run could leave
    maps = [np.full((9, n), np.nan) for n in net.sizes]
    edge = read.edges(draw_network(net, maps))[(0, 0, 0)]
    assert edge["stroke"] == ZERO_COLOUR and "not a number" in edge["title"]


def test_bad_input_is_refused_with_what_was_expected() -> None:
    net = nnbook.Network([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=r"expected 2 to 8 layers .* got sizes \[2, 9, 1\]"):
        network_svg([2, 9, 1])
    with pytest.raises(ValueError, match=r"expected 2 to 8 layers"):
        network_svg([2, *[4] * 7, 1])
    with pytest.raises(
        ValueError,
        match=r"expected a network of sizes \[2, 4, 1\] for this diagram, got \[2, 3, 1\]",
    ):
        network_svg([2, 4, 1]).update(net)
    with pytest.raises(ValueError, match=r"expected one map array per layer \(3 for sizes \[2, 3, 1\]"):
        draw_network(net, [np.zeros((4, 2))])
    with pytest.raises(
        ValueError,
        match=r"expected the maps of layer 1 as an \(r², 3\) array .* got shape \(5, 3\)",
    ):
        draw_network(net, [None, np.zeros((5, 3)), None])
    with pytest.raises(ValueError, match=r"expected 2 input names .* got 3"):
        draw_network(net, input_names=["a", "b", "c"])
    with pytest.raises(TypeError, match=r"expected an nnbook\.Network"):
        draw_network("net")
    with pytest.raises(ValueError, match="expected a map over an r × r grid"):
        large_map_svg(np.zeros(5), PLANE, "t")


def test_large_map_is_titled_with_labelled_axes() -> None:
    values = np.linspace(-1, 3, 25)
    root = ET.fromstring(large_map_svg(values, PLANE, "h¹₂: hidden layer 1, neuron 2"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts[0] == "h¹₂: hidden layer 1, neuron 2"
    assert "x₁" in texts and "x₂" in texts and "-1.5" in texts and "1.5" in texts
    assert "±3.0" in texts[1]
    image = root.find("svg:image", read.NS)
    assert np.array_equal(read.image_pixels(image.get("href")), map_pixels(values))
