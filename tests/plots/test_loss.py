"""Chapter 3's figures: what they draw equals the formulas, and bad arguments are refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from nnbook import plots
from nnbook.plots.loss import SURFACE_X, SURFACE_Y, loss_surface, plot_slowdown


def test_losses_of_output_are_the_formulas() -> None:
    fig = plots.plot_losses_of_output(n_points=50)
    ax = fig.axes[0]
    (entropy, squared) = ax.get_lines()
    o = np.asarray(entropy.get_xdata())
    np.testing.assert_allclose(entropy.get_ydata(), -np.log(o))
    np.testing.assert_allclose(squared.get_ydata(), 0.5 * (1 - o) ** 2)
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_loss_surface_is_the_loss_of_the_neuron(loss: str) -> None:
    w, b, L = loss_surface(loss, resolution=7)
    x, t = SURFACE_X.ravel(), SURFACE_Y
    for i, bias in enumerate(b):
        for j, weight in enumerate(w):
            a = 1 / (1 + np.exp(-(weight * x + bias)))
            if loss == "mse":
                expected = 0.5 * np.mean((a - t) ** 2)
            else:
                expected = -np.mean(t * np.log(a) + (1 - t) * np.log(1 - a))
            assert np.isclose(L[i, j], expected, rtol=1e-9)


def test_loss_surface_refuses_bad_arguments() -> None:
    with pytest.raises(ValueError, match="expected loss one of"):
        loss_surface("hinge")
    with pytest.raises(ValueError, match="resolution"):
        loss_surface("mse", resolution=1)


def test_surface_plot_has_titles_labels_and_the_point() -> None:
    plot = plots.plot_loss_surface("mse", resolution=9, point=(1.0, -0.5))
    assert "mean squared error" in plot.ax.get_title() and "3-D" in plot.ax3d.get_title()
    assert plot.ax3d.get_zlabel() == r"loss $\mathcal{L}$"
    np.testing.assert_allclose(np.ravel(plot.marker.get_data()), [1.0, -0.5])


def test_slowdown_plot_draws_one_line_per_start_and_loss() -> None:
    plot = plot_slowdown(epochs=10)
    for loss in ["mse", "cross_entropy"]:
        assert len(plot.lines[loss]) == 2
        assert all(len(line.get_ydata()) == 11 for line in plot.lines[loss])
    with pytest.raises(ValueError, match="starting point"):
        plot.update([(0.0, 0.0)], 0.15, 10)
