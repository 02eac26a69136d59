"""DigitExplorer draws what the network computes at every slider value."""

from __future__ import annotations

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw, assert_settings_redraw_right

import nnbook
from nnbook.widgets import DigitExplorer


def _labelled(ax) -> bool:
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel()) and bool(ax.get_title())


def test_explorer_controls_are_labelled_and_span_the_data(trained_digits) -> None:
    net, X_test, y_test = trained_digits
    explorer = DigitExplorer(net, X_test, y_test, dpi=30)
    assert explorer.index.description == "test image" and explorer.unit.description == "hidden unit"
    assert (explorer.index.min, explorer.index.max) == (0, len(X_test) - 1)
    assert (explorer.unit.min, explorer.unit.max) == (0, 31)
    for ax in (explorer.ax_prob, explorer.ax_hidden):
        assert _labelled(ax)


def test_explorer_draws_what_the_network_computes_across_its_range(trained_digits) -> None:
    net, X_test, y_test = trained_digits
    explorer = DigitExplorer(net, X_test, y_test, dpi=30)
    predictions = nnbook.predict(net, X_test)
    for i in [*range(0, len(X_test), 37), len(X_test) - 1]:
        j = i % 32
        with explorer.hold():
            explorer.index.value = i
            explorer.unit.value = j
        probabilities = net.forward(X_test[i])
        hidden = net.layers[0].forward(X_test[i][np.newaxis])[0]
        np.testing.assert_array_equal(explorer.image.get_array(), X_test[i].reshape(8, 8))
        np.testing.assert_allclose([bar.get_height() for bar in explorer.bars], probabilities)
        np.testing.assert_allclose([bar.get_height() for bar in explorer.hidden_bars], hidden)
        np.testing.assert_array_equal(explorer.weights.get_array(), net.layers[0].W[j].reshape(8, 8))
        assert explorer.prediction == predictions[i]
        orange = [
            k
            for k, bar in enumerate(explorer.hidden_bars)
            if bar.get_facecolor() != explorer.hidden_bars[(j + 1) % 32].get_facecolor()
        ]
        assert orange == [j]
        assert f"true {y_test[i]},\npredicted {predictions[i]}" in explorer.ax_image.get_title()
        assert f"image {i}" in explorer.readout.value and f"unit {j}" in explorer.describe()
        (shown,) = explorer.output.outputs
        assert base64.b64decode(shown["data"]["image/png"]) == explorer.png
    # Every hidden unit, one after the other, the reader's way (one redraw each).
    for j in range(explorer.unit.min, explorer.unit.max + 1):
        explorer.unit.value = j
        np.testing.assert_array_equal(explorer.weights.get_array(), net.layers[0].W[j].reshape(8, 8))
        assert explorer.ax_weights.get_title() == f"weights into unit {j}"
    plt.close("all")


def test_explorer_hidden_axis_is_steady_and_holds_every_image(trained_digits) -> None:
    net, X_test, y_test = trained_digits
    explorer = DigitExplorer(net, X_test, y_test, dpi=30)
    strongest = net.forward_pass(X_test).activations[1].max()
    assert strongest <= explorer.hidden_top <= 2.5 * strongest
    for i in (0, len(X_test) // 2, len(X_test) - 1):
        explorer.index.value = i
        assert explorer.ax_hidden.get_ylim() == (0.0, explorer.hidden_top)
    plt.close("all")


def test_explorer_fast_redraw_gives_the_picture_savefig_gives(trained_digits) -> None:
    net, X_test, y_test = trained_digits
    net = net.copy()  # its weights are scaled below
    explorer = DigitExplorer(net, X_test, y_test, dpi=40)
    wrong = next(i for i in np.flatnonzero(nnbook.predict(net, X_test) != y_test) if 0 < i < len(y_test) - 1)
    settings = [
        {"index": explorer.index.max},  # the last image
        {"unit": explorer.unit.max},  # the last unit
        {"index": 0},  # the first image
        {"index": int(wrong)},  # a wrong answer
        {"unit": 0},  # the first unit
    ]
    pictures = assert_settings_redraw_right(explorer, settings)
    # A network changed after the explorer was made: the hidden layer's axis grows.
    top = explorer.hidden_top
    net.layers[0].W = 3.0 * net.layers[0].W
    explorer.update()
    assert explorer.hidden_top > top
    pictures.append(assert_blit_is_the_full_draw(explorer))
    explorer.unit.value = 5
    pictures.append(assert_blit_is_the_full_draw(explorer))
    assert len({p.tobytes() for p in pictures}) == len(pictures)  # every change changed the picture
    plt.close("all")


def test_explorer_rejects_networks_it_cannot_show(trained_digits) -> None:
    _, X_test, y_test = trained_digits
    with pytest.raises(ValueError, match="softmax output"):
        DigitExplorer(nnbook.Network([64, 10], "softmax", seed=0), X_test, y_test)
    with pytest.raises(ValueError, match="one label per image"):
        DigitExplorer(nnbook.Network([64, 8, 10], "relu", "softmax", seed=0), X_test, y_test[:-1])
    with pytest.raises(TypeError):
        DigitExplorer("net", X_test, y_test)
