"""Chapter 7's figure: the output map of the chosen features, the hidden-unit mosaic, the toggles.

What is drawn must be what the network computes on the grid's features
(``nnbook.datasets.features``), discretised when asked; the mosaic has a row for each of
up to six hidden layers and a tile for each of up to eight units.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np

import nnbook
from nnbook.datasets import features
from nnbook.playground import MAX_HIDDEN_LAYERS, MAX_UNITS, discretise
from nnbook.plots.playground import hidden_mosaic, playground_figure, plot_network_outputs


def test_the_output_map_is_the_network_on_the_grid_features() -> None:
    plot = playground_figure(resolution=11)
    names = ("x1^2", "x2^2", "sin(x1)")
    net = nnbook.Network([3, 4, 1], activation="tanh", output_activation="sigmoid", seed=1)
    X = np.array([[0.1, 0.2], [-0.5, 0.4]])
    data = (X, np.array([0, 1]))
    output = plot.update(net, data, data, [0.5], [0.6], features=names)
    np.testing.assert_array_equal(output, net.forward(features(plot.grid, names))[:, 0])
    np.testing.assert_array_equal(np.asarray(plot.image.get_array()).ravel(), output)
    assert plot.test_points.get_visible()
    plot.update(net, data, data, [0.5], [0.6], features=names, discretize=True, show_test_data=False)
    np.testing.assert_array_equal(np.asarray(plot.image.get_array()).ravel(), discretise(output, False))
    assert not plot.test_points.get_visible()


def test_the_mosaic_has_room_for_six_layers_of_eight() -> None:
    resolution = 5
    net = nnbook.Network([2, *[8] * MAX_HIDDEN_LAYERS, 1], activation="tanh", seed=0)
    grid = np.random.default_rng(0).uniform(-1, 1, size=(resolution**2, 2))
    mosaic = hidden_mosaic(net.forward_pass(grid).activations[1:-1], resolution)
    size = resolution + 3
    assert mosaic.shape == (MAX_HIDDEN_LAYERS * size - 3, MAX_UNITS * size - 3)
    corners = np.isfinite(mosaic[::size, ::size])
    assert corners.sum() == MAX_HIDDEN_LAYERS * MAX_UNITS
    plot = playground_figure(resolution=resolution)
    labels = [tick.get_text() for tick in plot.ax_hidden.get_yticklabels()]
    assert labels == [str(k) for k in range(1, MAX_HIDDEN_LAYERS + 1)]


def test_side_by_side_outputs_take_each_panels_features() -> None:
    import matplotlib.pyplot as plt

    square = nnbook.Network([2, 1], activation="sigmoid", seed=0)
    raw = nnbook.Network([2, 1], activation="sigmoid", seed=0)
    X, y = nnbook.datasets.circle(n=20, seed=0)
    fig = plot_network_outputs([(raw, X, y, "raw"), (square, X, y, "squares", ("x1^2", "x2^2"))], resolution=9)
    first, second = (np.asarray(ax.images[0].get_array()) for ax in fig.axes)
    grid = np.column_stack([g.ravel() for g in np.meshgrid(np.linspace(-1.5, 1.5, 9), np.linspace(-1.5, 1.5, 9))])
    np.testing.assert_allclose(second.ravel(), square.forward(features(grid, ("x1^2", "x2^2")))[:, 0])
    np.testing.assert_allclose(first.ravel(), raw.forward(grid)[:, 0])
    assert [ax.get_title() for ax in fig.axes] == ["raw", "squares"]
    plt.close(fig)
