"""nnbook.plots: every figure titled and labelled, and drawing what the core computes."""

from __future__ import annotations

import io
import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnbook
from nnbook import plots


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=40)
    return buffer.getvalue()


# --------------------------------------------------------------------------- plot_activations


def test_activation_panels_have_titles_labels_and_the_right_curves() -> None:
    fig = plots.plot_activations()
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.axison]
    assert len(panels) == 5
    assert fig.get_suptitle()
    assert fig.get_supxlabel() == "weighted sum z" and fig.get_supylabel() == "f(z) and f′(z)"
    for ax, name in zip(panels, plots.NEURON_ACTIVATIONS, strict=True):
        assert ax.get_title().startswith(name) and "eq. 1." in ax.get_title()
        activation = nnbook.get_activation(name)
        curves = [line for line in ax.get_lines() if line.get_label() == "f(z)"]
        z, f = curves[0].get_data()
        np.testing.assert_allclose(f, activation.function(z))
        derivative = [line for line in ax.get_lines() if str(line.get_label()).startswith("f′(z)")]
        assert len(derivative) == 1
        z, d = derivative[0].get_data()
        finite = np.isfinite(d)  # gaps are left where the derivative jumps
        np.testing.assert_allclose(d[finite], activation.derivative(z[finite]))


@pytest.mark.parametrize("names", [plots.NEURON_ACTIVATIONS, ["sigmoid", "tanh", "relu"], ["relu"]])
def test_activation_panels_share_one_legend(names) -> None:
    """One legend for the whole figure: in the grid's free slot when there is one, else beside the grid."""
    fig = plots.plot_activations(names)
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    assert len(legends) == 1
    assert [text.get_text() for text in legends[0].get_texts()] == ["f(z)", "f′(z)"]
    spare = len(names) % 3 != 0 and len(names) > 3
    assert (legends[0] in fig.legends) is not spare


def test_activation_equation_numbers_match_the_chapter() -> None:
    fig = plots.plot_activations(["sigmoid", "tanh", "relu"])
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["sigmoid  (eq. 1.4, 1.7)", "tanh  (eq. 1.5, 1.8)", "relu  (eq. 1.6, 1.9)"]


@pytest.mark.parametrize("names", [[], ["softmax"], ["sigmoid", "swish"]])
def test_activation_plot_refuses_names_a_neuron_cannot_use(names) -> None:
    with pytest.raises(ValueError, match="expected activation names"):
        plots.plot_activations(names)


def test_relu_derivative_curve_has_a_gap_at_the_kink_not_a_vertical_segment() -> None:
    fig = plots.plot_activations(["relu"])
    (derivative,) = [line for line in fig.axes[0].get_lines() if str(line.get_label()).startswith("f′")]
    z, d = derivative.get_data()
    assert np.isnan(d).sum() == 1 and abs(z[np.isnan(d)][0]) < 0.02


# --------------------------------------------------------------------------- decision_line


@pytest.mark.parametrize(
    "weights, bias",
    [((1, 1), -1.5), ((1, 0), -0.5), ((0, 1), 0.3), ((5, -5), 0.0), ((-2.3, 0.7), 1.1), ((0.1, 0.1), 0.0)],
)
def test_decision_line_ends_lie_on_the_line_and_in_the_square(weights, bias) -> None:
    extent = (-1.0, 2.0, -1.0, 2.0)
    xs, ys = plots.decision_line(weights, bias, extent)
    assert xs.shape == ys.shape == (2,)
    np.testing.assert_allclose(weights[0] * xs + weights[1] * ys + bias, 0.0, atol=1e-12)
    assert np.all((extent[0] - 1e-12 <= xs) & (xs <= extent[1] + 1e-12))
    assert np.all((extent[2] - 1e-12 <= ys) & (ys <= extent[3] + 1e-12))
    # The segment is the whole visible piece: both ends are on the border of the square.
    on_border = np.isclose(xs, extent[0]) | np.isclose(xs, extent[1]) | np.isclose(ys, extent[2])
    on_border |= np.isclose(ys, extent[3])
    assert on_border.all()


@pytest.mark.parametrize("weights, bias", [((0, 0), 0.0), ((0, 0), -3.0), ((1, 1), 10.0), ((0, 1), -5.0)])
def test_no_line_when_w_is_zero_or_the_line_misses_the_square(weights, bias) -> None:
    xs, ys = plots.decision_line(weights, bias)
    assert xs.size == ys.size == 0


def test_a_line_through_a_corner_only_is_not_drawn() -> None:
    # x₁ + x₂ = -2 touches the square [-1, 2]² only at its corner (-1, -1).
    xs, _ = plots.decision_line((1, 1), 2.0)
    assert xs.size == 0


# --------------------------------------------------------------------------- plot_neuron_output


@pytest.mark.parametrize("activation", plots.NEURON_ACTIVATIONS)
def test_neuron_plot_is_labelled_and_shows_the_neurons_output(activation: str) -> None:
    neuron = nnbook.Neuron([1.5, -0.5], 0.25, activation)
    plot = plots.plot_neuron_output(neuron, resolution=31)
    assert plot.ax.get_title() and plot.ax.get_xlabel() == "input x₁" and plot.ax.get_ylabel() == "input x₂"
    assert plot.colorbar.ax.get_ylabel().startswith("neuron output")
    image = np.asarray(plot.image.get_array())
    np.testing.assert_allclose(image, neuron(plot.grid).reshape(31, 31))
    # Grid row i has x₂ fixed and x₁ increasing, as imshow(origin="lower") draws it.
    assert np.all(np.diff(plot.grid[:31, 0]) > 0) and np.all(plot.grid[:31, 1] == plot.grid[0, 1])


def test_neuron_plot_with_a_truth_table_marks_the_wrong_corners() -> None:
    X, y = nnbook.datasets.logic_gate("xor")
    plot = plots.plot_neuron_output(nnbook.Neuron([1.0, 1.0], -0.5, "sigmoid"), data=(X, y))
    assert plot.wrong.get_offsets().tolist() == [[1.0, 1.0]]
    np.testing.assert_array_equal(plot.points[1].get_offsets(), X[y == 1])
    np.testing.assert_array_equal(plot.points[0].get_offsets(), X[y == 0])
    labels = [text.get_text() for text in plot.ax.get_legend().get_texts()]
    assert "decision line w·x + b = 0" in labels and "wrong side" in labels


def test_neuron_plot_draws_into_a_given_axes() -> None:
    fig, axes = plt.subplots(1, 2)
    plot = plots.plot_neuron_output(nnbook.Neuron([1.0, 1.0], -1.5), ax=axes[1], title="mine")
    assert plot.figure is fig and plot.ax is axes[1] and axes[1].get_title() == "mine"


def test_neuron_plot_refuses_a_neuron_that_is_not_two_dimensional() -> None:
    with pytest.raises(ValueError, match="2 inputs"):
        plots.plot_neuron_output(nnbook.Neuron([1.0, 1.0, 1.0], 0.0))


def test_neuron_plot_is_deterministic() -> None:
    neuron = nnbook.Neuron([2.0, -1.0], 0.5, "tanh")
    data = nnbook.datasets.logic_gate("and")
    first = png(plots.plot_neuron_output(neuron, data=data).figure)
    second = png(plots.plot_neuron_output(neuron, data=data).figure)
    assert first == second


def test_colour_scale_is_the_activations_range() -> None:
    assert plots.output_range("sigmoid", np.array([0.3])) == (0.0, 1.0)
    assert plots.output_range("step", np.array([1.0])) == (0.0, 1.0)
    assert plots.output_range("tanh", np.array([0.3])) == (-1.0, 1.0)
    assert plots.output_range("identity", np.array([-3.0, 2.0])) == (-3.0, 3.0)
    assert plots.output_range("relu", np.zeros(4)) == (-1.0, 1.0)  # a flat image still has a scale


# --------------------------------------------------------------------------- text and classes


@pytest.mark.parametrize(
    "weights, bias, activation, expected",
    [
        ((1.0, 1.0), -1.5, "sigmoid", "σ(1.0·x₁ + 1.0·x₂ − 1.5)"),
        ((-1.0, 0.30000000000000004), 0.0, "relu", "ReLU(−1.0·x₁ + 0.3·x₂ + 0.0)"),
        ((1.25, -0.0), -0.0, "step", "H(1.25·x₁ + 0.0·x₂ + 0.0)"),
        ((0.0, -5.0), 5.0, "tanh", "tanh(0.0·x₁ − 5.0·x₂ + 5.0)"),
    ],
)
def test_equation_text(weights, bias, activation, expected) -> None:
    assert plots.equation_text(weights, bias, activation) == expected


def test_classify_is_the_side_of_the_line() -> None:
    neuron = nnbook.Neuron([1.0, 1.0], -1.0, "sigmoid")
    X = np.array(list(itertools.product([0.0, 0.5, 1.0], repeat=2)))
    expected = (X.sum(axis=1) - 1.0 >= 0).astype(int)
    np.testing.assert_array_equal(nnbook.classify(neuron, X), expected)
