"""The digits chapter's core, figures, exercises and explorer.

The loader must give exactly scikit-learn's digits (from nnbook's own copy), the
split must be seeded, stratified and disjoint, accuracy and the confusion matrix must be
right on hand-made predictions, bad input must raise a ValueError that says what was
expected, and DigitExplorer must draw what the network computes at every slider value.
"""

from __future__ import annotations

import base64
import hashlib
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from pictures import assert_blit_is_the_full_draw, assert_settings_redraw_right

import nnbook
from nnbook import plots
from nnbook.exercises import check
from nnbook.widgets import DigitExplorer


@pytest.fixture(scope="module")
def data():
    return nnbook.datasets.digits()


@pytest.fixture(scope="module")
def trained(data):
    X, y = data
    X_train, X_test, y_train, y_test = nnbook.train_test_split(X, y, 0.25, seed=1, stratify=True)
    net = nnbook.Network([64, 32, 10], "relu", "softmax", seed=0)
    nnbook.train(net, X_train, y_train, loss="cross_entropy", learning_rate=0.1, epochs=5, batch_size=32, seed=0)
    return net, X_test, y_test


# --------------------------------------------------------------------------- loader


def test_digits_equal_scikit_learns(data) -> None:
    from sklearn.datasets import load_digits

    X, y = data
    reference = load_digits()
    assert X.shape == (1797, 64) and y.shape == (1797,)
    assert X.dtype == np.float64 and y.dtype == np.intp  # int64 here; np.bincount needs intp
    assert X.min() == 0.0 and X.max() == 1.0
    np.testing.assert_array_equal(X * 16, reference.data)
    np.testing.assert_array_equal(y, reference.target)


def test_loader_does_not_import_sklearn_or_matplotlib() -> None:
    code = "import sys, nnbook; nnbook.datasets.digits(); print('sklearn' in sys.modules, 'matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_the_packaged_file_is_scikit_learns_byte_for_byte() -> None:
    import sklearn

    theirs = Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    ours = Path(nnbook.datasets.digits_path())
    assert ours.parent.name == "data" and ours.parent.parent == Path(nnbook.__file__).resolve().parent
    assert ours.read_bytes() == theirs.read_bytes()
    assert hashlib.sha256(ours.read_bytes()).hexdigest() in (ours.parent / "README.md").read_text()


def test_loader_names_a_lost_file(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(nnbook.datasets, "__file__", str(tmp_path / "datasets.py"))
    with pytest.raises(FileNotFoundError, match="reinstall nnbook"):
        nnbook.datasets.digits()


# --------------------------------------------------------------------------- split


def test_split_is_seeded_stratified_and_disjoint(data) -> None:
    X, y = data
    index = np.arange(len(y))
    first = nnbook.train_test_split(index, y, 0.25, seed=3, stratify=True)
    again = nnbook.train_test_split(index, y, 0.25, seed=3, stratify=True)
    other = nnbook.train_test_split(index, y, 0.25, seed=4, stratify=True)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first[1], other[1])
    train, test, y_train, y_test = first
    assert set(train).isdisjoint(test) and len(train) + len(test) == len(y)
    np.testing.assert_array_equal(y[train], y_train)
    np.testing.assert_array_equal(y[test], y_test)
    counts, test_counts = np.bincount(y), np.bincount(y_test)
    np.testing.assert_array_equal(test_counts, np.round(0.25 * counts).astype(int))
    # Without stratify the classes are left to chance, and both parts keep their order.
    train, test, _, y_test = nnbook.train_test_split(index, y, 0.25, seed=3)
    assert len(test) == round(0.25 * len(y)) and np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    assert not np.array_equal(np.bincount(y_test), test_counts)
    # Rows of X travel with their labels.
    X_train, X_test, yt, ys = nnbook.train_test_split(X, y, 0.3, seed=0)
    assert X_train.shape[1] == 64 and len(X_train) == len(yt) and len(X_test) == len(ys)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((np.zeros((4, 2)), np.array([0, 1, 0])), "as many labels as samples"),
        ((np.zeros((4, 2)), np.array([0.0, 1.0, 0.0, 1.0]), 0.5, 0, True), "integer class labels"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 0.0), "strictly between 0 and 1"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 1.5), "strictly between 0 and 1"),
        ((np.zeros((3, 2)), np.array([0, 1, 0]), 0.5, 0, True), "at least 2 samples to split, class 1 has 1"),
        ((np.zeros((1, 2)), np.array([0])), "at least 2 samples to split, got 1"),
        ((np.zeros((4, 2)), np.array([0, 1, 0, 1]), 0.5, -1), "seed"),
    ],
)
def test_split_rejects_bad_input(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        nnbook.train_test_split(*args)


# --------------------------------------------------------------------------- evaluation


def test_accuracy_and_confusion_matrix_on_hand_made_predictions() -> None:
    labels = np.array([0, 0, 1, 1, 2, 2, 2])
    predicted = np.array([0, 1, 1, 1, 2, 0, 2])
    assert nnbook.accuracy(predicted, labels) == pytest.approx(5 / 7)
    expected = np.array([[1, 1, 0], [0, 2, 0], [1, 0, 2]])
    np.testing.assert_array_equal(nnbook.confusion_matrix(predicted, labels), expected)
    matrix = nnbook.confusion_matrix(predicted, labels, n_classes=4)
    assert matrix.shape == (4, 4) and matrix[:3, :3].tolist() == expected.tolist() and matrix[3].sum() == 0
    assert nnbook.accuracy([1, 2], [1, 2]) == 1.0
    assert nnbook.accuracy(np.array([1.0, 0.0]), [1, 1]) == 0.5  # whole-number floats are labels


def test_predict_accuracy_and_matrix_from_a_network() -> None:
    net = nnbook.Network([2, 3], "softmax", seed=0)
    net.layers[0].W = np.eye(3, 2) * 10  # class 0 wins when x₁ is large, 1 when x₂ is, 2 at the origin
    net.layers[0].b = [0.0, 0.0, 1.0]
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    y = np.array([0, 1, 2, 1])
    np.testing.assert_array_equal(nnbook.predict(net, X), [0, 1, 2, 0])
    assert nnbook.accuracy(net, X, y) == 0.75
    np.testing.assert_array_equal(nnbook.confusion_matrix(net, X, y), [[1, 0, 0], [1, 1, 0], [0, 0, 1]])
    binary = nnbook.Network([1, 1], "sigmoid", seed=0)
    binary.layers[0].W = [[1.0]]
    np.testing.assert_array_equal(nnbook.predict(binary, [[-2.0], [0.0], [3.0]]), [0, 1, 1])
    assert nnbook.confusion_matrix(binary, [[-2.0], [3.0]], [0, 1]).tolist() == [[1, 0], [0, 1]]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (([0, 1, 2], [0, 1]), "as many predictions as labels"),
        (([[0, 1]], [0, 1]), "1-D array"),
        (([], []), "at least one label"),
        (([0, -1], [0, 1]), "at least 0"),
        (([0.5, 1], [0, 1]), "whole-number"),
        ((["a", "b"], [0, 1]), "integer class labels"),
        (([0, 1], [0, 1], [0, 1]), "without a network"),
    ],
)
def test_evaluation_rejects_bad_input(args, message) -> None:
    with pytest.raises(ValueError, match=message):
        nnbook.accuracy(*args)
    with pytest.raises(ValueError, match=message):
        nnbook.confusion_matrix(*args)


def test_evaluation_rejects_bad_network_input() -> None:
    net = nnbook.Network([2, 3], "softmax", seed=0)
    with pytest.raises(ValueError, match="expected X with 2 columns"):
        nnbook.accuracy(net, np.zeros((3, 5)), [0, 1, 2])
    with pytest.raises(ValueError, match="call it as"):
        nnbook.accuracy(net, np.zeros((3, 2)))
    with pytest.raises(ValueError, match="below n_classes = 3"):
        nnbook.confusion_matrix(net, np.zeros((2, 2)), [0, 3])
    with pytest.raises(ValueError, match="below n_classes = 2"):
        nnbook.confusion_matrix([0, 2], [0, 1], n_classes=2)
    with pytest.raises(TypeError, match=r"nnbook\.Network"):
        nnbook.predict("net", np.zeros((2, 2)))


# --------------------------------------------------------------------------- figures


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


def test_image_figures_have_titles_and_captions(data, trained) -> None:
    X, _ = data
    net, X_test, y_test = trained
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


# --------------------------------------------------------------------------- exercises


def test_exercises_are_checkable(capsys) -> None:
    assert check("ch8-ex1", 9610)
    assert not check("ch8-ex1", 64 * 128 + 128 * 10)
    assert "bias" in capsys.readouterr().out
    assert check("ch8-ex2", 133 / 150)
    assert not check("ch8-ex2", 133)
    assert check("ch8-ex3", 0.9999)
    assert not check("ch8-ex3", 0.0001)
    with pytest.raises(ValueError, match="a single number"):
        check("ch8-ex1", "9610")


# --------------------------------------------------------------------------- explorer


def test_explorer_controls_are_labelled_and_span_the_data(trained) -> None:
    net, X_test, y_test = trained
    explorer = DigitExplorer(net, X_test, y_test, dpi=30)
    assert explorer.index.description == "test image" and explorer.unit.description == "hidden unit"
    assert (explorer.index.min, explorer.index.max) == (0, len(X_test) - 1)
    assert (explorer.unit.min, explorer.unit.max) == (0, 31)
    for ax in (explorer.ax_prob, explorer.ax_hidden):
        assert _labelled(ax)


def test_explorer_draws_what_the_network_computes_across_its_range(trained) -> None:
    net, X_test, y_test = trained
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


def test_explorer_hidden_axis_is_steady_and_holds_every_image(trained) -> None:
    net, X_test, y_test = trained
    explorer = DigitExplorer(net, X_test, y_test, dpi=30)
    strongest = net.forward_pass(X_test).activations[1].max()
    assert strongest <= explorer.hidden_top <= 2.5 * strongest
    for i in (0, len(X_test) // 2, len(X_test) - 1):
        explorer.index.value = i
        assert explorer.ax_hidden.get_ylim() == (0.0, explorer.hidden_top)
    plt.close("all")


def test_explorer_fast_redraw_gives_the_picture_savefig_gives(trained) -> None:
    net, X_test, y_test = trained
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


def test_explorer_rejects_networks_it_cannot_show(trained) -> None:
    _, X_test, y_test = trained
    with pytest.raises(ValueError, match="softmax output"):
        DigitExplorer(nnbook.Network([64, 10], "softmax", seed=0), X_test, y_test)
    with pytest.raises(ValueError, match="one label per image"):
        DigitExplorer(nnbook.Network([64, 8, 10], "relu", "softmax", seed=0), X_test, y_test[:-1])
    with pytest.raises(TypeError):
        DigitExplorer("net", X_test, y_test)
