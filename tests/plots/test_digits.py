"""Chapter 8's figures: images with captions, the confusion matrix, learning curves."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import nnbook
from nnbook import plots


def _labelled(ax) -> bool:
    return bool(ax.get_xlabel()) and bool(ax.get_ylabel()) and bool(ax.get_title())


def test_confusion_matrix_plot_shows_every_count() -> None:
    matrix = np.array([[5, 1], [0, 7]])
    fig = plots.plot_confusion_matrix(matrix)
    (ax, _) = fig.axes
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit" and ax.get_title()
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "5", "7"]
    np.testing.assert_array_equal(ax.images[0].get_array(), matrix)
    plt.close(fig)
    with pytest.raises(ValueError, match="square matrix"):
        plots.plot_confusion_matrix(np.zeros((2, 3), dtype=int))


def test_image_figures_have_titles_and_captions(digits, trained_digits) -> None:
    X, _ = digits
    net, X_test, y_test = trained_digits
    fig = plots.plot_digits(X[:3], ["a", "b", "c"], "three")
    assert fig.get_suptitle() == "three" and [ax.get_title() for ax in fig.axes[:3]] == ["a", "b", "c"]
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), X[0].reshape(8, 8))
    wrong, predicted = nnbook.misclassified(net, X_test, y_test)
    fig = plots.plot_misclassified(net, X_test, y_test, limit=5)
    shown = [ax for ax in fig.axes if ax.get_visible()]
    assert len(shown) == min(5, len(wrong)) and fig.get_suptitle()
    assert shown[0].get_title() == f"true {y_test[wrong[0]]} → {predicted[0]}"
    fig = plots.plot_first_layer_weights(net, units=4)
    images = [ax for ax in fig.axes if ax.images]
    assert len(images) == 4 and fig.get_suptitle()
    np.testing.assert_array_equal(images[2].images[0].get_array(), net.layers[0].W[2].reshape(8, 8))
    assert fig.axes[-1].get_ylabel() == "weight"  # the colourbar
    plt.close("all")
    with pytest.raises(ValueError, match="one caption per image"):
        plots.plot_digits(X[:2], ["a"], "t")
    with pytest.raises(ValueError, match="64-pixel"):
        plots.plot_digits(np.zeros((2, 5)), ["a", "b"], "t")


def test_learning_curves_are_labelled() -> None:
    curves = {
        "train_loss": [1, 0.5],
        "validation_loss": [1, 0.8],
        "train_accuracy": [0.5, 0.9],
        "validation_accuracy": [0.4, 0.7],
    }
    fig = plots.plot_learning_curves(curves, "title", best_epoch=2)
    assert fig.get_suptitle() == "title" and all(_labelled(ax) for ax in fig.axes)
    np.testing.assert_allclose(fig.axes[1].lines[1].get_ydata(), [40, 70])
    plt.close(fig)
    with pytest.raises(ValueError, match="missing validation_loss"):
        plots.plot_learning_curves({"train_loss": [1]}, "t")
