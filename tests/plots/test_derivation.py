"""Chapter 4's figures: the computation graph's values and gradients equal nnbook's, the slope is backprop's."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import nnbook
from nnbook import plots
from nnbook.network import one_neuron
from nnbook.plots.derivation import NEURON_EXPRESSION, arrow_tip, neuron_graph

small = st.floats(-4.0, 4.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(w=small, x=small, b=small, t=st.floats(0.0, 1.0))
def test_graph_gradients_equal_backprop(w: float, x: float, b: float, t: float) -> None:
    graph = neuron_graph(w, x, b, t)
    net = one_neuron(w, b)
    ((dW, db),) = nnbook.backprop(net, [[x]], [[t]], loss="mse")
    assert graph.values["L"] == pytest.approx(nnbook.evaluate_loss(net, [[x]], [[t]]), rel=1e-12, abs=1e-15)
    assert graph.gradients["w"] == pytest.approx(dW[0, 0], rel=1e-10, abs=1e-14)
    assert graph.gradients["b"] == pytest.approx(db[0], rel=1e-10, abs=1e-14)
    # ∂L/∂x = δ·w, by the same chain rule (x is what a lower layer would need).
    assert graph.gradients["x"] == pytest.approx(db[0] * w, rel=1e-10, abs=1e-14)


def test_graph_by_hand() -> None:
    # The chapter's numbers, from the formulas: z = 0.25, a = σ(0.25), e = a − 1.
    graph = neuron_graph(0.5, 1.5, -0.5, 1.0)
    a = 1 / (1 + math.exp(-0.25))
    assert graph.values["z"] == pytest.approx(0.25)
    assert graph.values["a"] == pytest.approx(a)
    assert graph.gradients["z"] == pytest.approx((a - 1) * a * (1 - a))
    assert graph.gradients["w"] == pytest.approx((a - 1) * a * (1 - a) * 1.5)


def test_computation_graph_figure_shows_every_value_and_gradient() -> None:
    plot = plots.plot_computation_graph(w=0.5, x=1.5, b=-0.5, y=1.0)
    assert set(plot.boxes) == {name for name, _, _ in NEURON_EXPRESSION}
    for name, box in plot.boxes.items():
        text = box.get_text()
        assert f"{plot.graph.values[name]:.4f}" in text
        loss = r"$\mathcal{L}$"  # the loss is drawn as 𝓛
        symbol = loss if name == "L" else name
        assert f"∂{loss}/∂{symbol} = {plot.graph.gradients[name]:.4f}" in text
    assert "Computation graph" in plot.ax.get_title() and plot.ax.get_xlabel()
    plt.close(plot.figure)


def test_slope_figure_tangent_has_backprop_slope_and_central_beats_forward() -> None:
    plot = plots.plot_slope(w0=0.5, x=1.5, b=-0.5, y=1.0)
    X, T = [[1.5]], [[1.0]]
    slope = nnbook.backprop(one_neuron(0.5, -0.5), X, T)[0][0][0, 0]
    xs, ys = plot.tangent.get_data()
    np.testing.assert_allclose(np.diff(ys) / np.diff(xs), slope, rtol=1e-9)
    cx, cy = plot.curve.get_data()
    assert cy[50] == pytest.approx(nnbook.evaluate_loss(one_neuron(cx[50], -0.5), X, T))
    at = np.argmin(np.abs(plot.steps - 1e-3))
    assert plot.central_errors[at] < plot.forward_errors[at] / 100
    assert plot.central_errors.min() < 1e-9
    for ax in plot.figure.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(plot.figure)


def test_arrow_tip() -> None:
    assert arrow_tip(1.0, 2.0, (0.0, 0.0)) == (1.0, 2.0)
    tip = np.array(arrow_tip(1.0, 2.0, (3.0, -4.0)))
    np.testing.assert_allclose(tip, [1.0 - 1.5 * 0.6, 2.0 + 1.5 * 0.8])


def test_arrow_tip_stops_at_the_border_of_the_square() -> None:
    box = (-5.0, 5.0, -5.0, 5.0)
    # room enough: the usual length
    np.testing.assert_allclose(arrow_tip(0.0, 0.0, (-1.0, 0.0), box), [1.5, 0.0])
    # 0.5 from the right border, heading right: cut there
    np.testing.assert_allclose(arrow_tip(4.5, 1.0, (-1.0, 0.0), box), [5.0, 1.0])
    # heading up and right from near a corner: the nearer border cuts it
    np.testing.assert_allclose(arrow_tip(4.8, 4.0, (-1.0, -1.0), box), [5.0, 4.2])
    # on the border, heading out: no length left
    np.testing.assert_allclose(arrow_tip(5.0, 0.0, (-1.0, 0.0), box), [5.0, 0.0])
