"""Chapter 2's figures: the network diagram, the output over the plane and the hidden space."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.colors import to_rgba

import nnbook
from nnbook import plots
from nnbook.plots.network import NEGATIVE_COLOR, POSITIVE_COLOR, edge_width, hidden_extent, unit_names


def xor_sigmoid_network() -> nnbook.Network:
    net = nnbook.Network([2, 2, 1], activation="sigmoid", seed=0)
    net.layers[0].W, net.layers[0].b = [[20.0, 20.0], [-20.0, -20.0]], [-10.0, 30.0]
    net.layers[1].W, net.layers[1].b = [[20.0, 20.0]], [-30.0]
    return net


def test_diagram_has_one_edge_per_weight_coloured_by_sign() -> None:
    net = nnbook.Network([3, 4, 2], seed=1)
    diagram = plots.plot_network_diagram(net)
    assert len(diagram.edge_index) == 3 * 4 + 4 * 2
    weights = [net.layers[layer].W[j, i] for layer, j, i in diagram.edge_index]
    colors = diagram.edges.get_colors()
    for color, w in zip(colors, weights, strict=True):
        np.testing.assert_allclose(color, to_rgba(POSITIVE_COLOR if w > 0 else NEGATIVE_COLOR))
    np.testing.assert_allclose(diagram.edges.get_linewidths(), [edge_width(w) for w in weights])
    # Each edge runs from unit i of one layer to unit j of the next.
    for (layer, j, i), segment in zip(diagram.edge_index, diagram.edges.get_segments(), strict=True):
        np.testing.assert_allclose(segment[0], diagram.positions[layer][i])
        np.testing.assert_allclose(segment[1], diagram.positions[layer + 1][j])
    assert len(diagram.bias_labels) == 6 and diagram.ax.get_title() and diagram.ax.get_xlabel()


def test_diagram_updates_in_place_and_refuses_what_it_cannot_draw() -> None:
    net = nnbook.Network([2, 2, 1], seed=0)
    diagram = plots.plot_network_diagram(net)
    net.layers[1].W = [[-3.0, 0.5]]
    diagram.update(net)
    assert [t.get_text() for t in diagram.weight_labels[-2:]] == ["-3.0", "0.5"]
    assert edge_width(-3.0) > edge_width(0.5)
    with pytest.raises(ValueError, match="sizes"):
        diagram.update(nnbook.Network([2, 3, 1]))
    with pytest.raises(ValueError, match="at most 12 units"):
        plots.plot_network_diagram(nnbook.Network([784, 16, 10]))
    with pytest.raises(TypeError, match="Network"):
        plots.plot_network_diagram("not a network")


def test_unit_names() -> None:
    assert unit_names([2, 2, 1]) == [["x₁", "x₂"], ["h₁", "h₂"], ["y"]]
    assert unit_names([1, 2, 2, 3]) == [["x₁"], ["h¹₁", "h¹₂"], ["h²₁", "h²₂"], ["y₁", "y₂", "y₃"]]


def test_output_plane_is_the_forward_pass_and_counts_xor() -> None:
    net = xor_sigmoid_network()
    plot = plots.plot_network_output(net, data=nnbook.datasets.logic_gate("xor"), resolution=41)
    image = np.asarray(plot.image.get_array())
    np.testing.assert_allclose(image.ravel(), net.forward(plot.grid)[:, 0])
    assert len(plot.wrong.get_offsets()) == 0
    # h₁'s line is x₁ + x₂ = 0.5, h₂'s is x₁ + x₂ = 1.5.
    for line, level in zip(plot.lines, (0.5, 1.5), strict=True):
        xs, ys = line.get_data()
        np.testing.assert_allclose(np.asarray(xs) + np.asarray(ys), level)
    X, y = nnbook.datasets.logic_gate("and")
    n_right = plot.update(net, (X, y))
    assert n_right == int(np.sum(nnbook.classify(net, X) == y)) == 1  # XOR against AND: only (0, 0)
    with pytest.raises(ValueError, match="2 inputs and 1 output"):
        plots.plot_network_output(nnbook.Network([3, 2, 1]))


def test_hidden_space_moves_the_xor_corners() -> None:
    net = xor_sigmoid_network()
    X, y = nnbook.datasets.logic_gate("xor")
    hidden = plots.plot_hidden_space(net, (X, y), resolution=41)
    expected = 1 / (1 + np.exp(-(X @ np.array([[20.0, 20.0], [-20.0, -20.0]]).T + [-10.0, 30.0])))
    np.testing.assert_allclose(hidden.hidden, expected)
    # (0, 1) and (1, 0) land on (almost) the same point (1, 1); the output unit separates them.
    np.testing.assert_allclose(hidden.hidden[1], hidden.hidden[2])
    assert len(hidden.plot.wrong.get_offsets()) == 0
    assert len(hidden.annotations) == 4 and hidden.ax.get_xlabel() == "hidden unit h₁"
    assert hidden_extent(hidden.hidden)[0] < 0 and hidden_extent(hidden.hidden)[1] > 1
    with pytest.raises(ValueError, match=r"\[2, 2, 1\]"):
        plots.plot_hidden_space(nnbook.Network([2, 3, 1]), (X, y))
