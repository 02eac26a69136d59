"""nnbook.evaluation: predictions, the side of the boundary, accuracy, confusion matrix, mistakes."""

from __future__ import annotations

import numpy as np
import pytest

import nnbook


def two_class_net() -> nnbook.Network:
    # one sigmoid unit: F(x) = σ(x₁ − x₂), so class 1 where x₁ ≥ x₂
    net = nnbook.Network([2, 1], activation="sigmoid", seed=0)
    net.layers[0].W, net.layers[0].b = [[1.0, -1.0]], [0.0]
    return net


def three_class_net() -> nnbook.Network:
    # softmax over z = x: the class is the index of the largest input
    net = nnbook.Network([3, 3], activation="softmax", seed=0)
    net.layers[0].W, net.layers[0].b = np.eye(3), np.zeros(3)
    return net


def test_predict_is_the_threshold_or_the_argmax() -> None:
    X = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 1.0]])
    np.testing.assert_array_equal(nnbook.predict(two_class_net(), X), [1, 0, 1])
    X3 = np.array([[0.1, 0.7, 0.2], [3.0, -1.0, 0.0]])
    predicted = nnbook.predict(three_class_net(), X3)
    np.testing.assert_array_equal(predicted, [1, 0])
    assert predicted.dtype == np.intp


def test_accuracy_and_the_confusion_matrix_count_by_hand() -> None:
    predictions, labels = np.array([0, 1, 2, 2, 1]), np.array([0, 2, 2, 2, 1])
    assert nnbook.accuracy(predictions, labels) == 0.8
    matrix = nnbook.confusion_matrix(predictions, labels, n_classes=3)
    np.testing.assert_array_equal(matrix, [[1, 0, 0], [0, 1, 0], [0, 1, 2]])  # rows true, columns predicted
    X = np.array([[2.0, 1.0], [0.0, 3.0]])
    assert nnbook.accuracy(two_class_net(), X, [1, 1]) == 0.5


def test_misclassified_lists_the_wrong_samples_and_what_was_predicted() -> None:
    X = np.array([[2.0, 1.0], [0.0, 3.0], [5.0, 0.0], [0.0, 1.0]])
    wrong, predicted = nnbook.misclassified(two_class_net(), X, [1, 1, 0, 0])
    np.testing.assert_array_equal(wrong, [1, 2])
    np.testing.assert_array_equal(predicted, [0, 1])


def test_classify_is_the_side_of_the_boundary_for_a_neuron_and_a_network() -> None:
    X = np.array([[2.0, 1.0], [0.0, 3.0], [1.0, 1.0]])
    neuron = nnbook.Neuron([1.0, -1.0], 0.0, activation="tanh")  # the activation does not matter
    np.testing.assert_array_equal(nnbook.classify(neuron, X), [1, 0, 1])
    np.testing.assert_array_equal(nnbook.classify(two_class_net(), X), [1, 0, 1])
    identity = nnbook.Network([2, 1], activation="identity", seed=0)
    identity.layers[0].W, identity.layers[0].b = [[1.0, -1.0]], [-0.5]
    np.testing.assert_array_equal(nnbook.classify(identity, X), [1, 0, 0])  # z ≥ 0, not F ≥ 0.5


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nnbook.classify(three_class_net(), np.eye(3)), ValueError, "1 output unit"),
        (lambda: nnbook.classify("net", np.eye(2)), TypeError, "Neuron or nnbook.Network"),
        (lambda: nnbook.predict([[1.0]], np.eye(2)), TypeError, "Network"),
        (lambda: nnbook.misclassified(two_class_net(), np.eye(2), [[1, 0]]), ValueError, "y"),
    ],
)
def test_bad_input_says_what_was_expected(call, error, message) -> None:
    with pytest.raises(error, match=message):
        call()


def test_confusion_matrix_has_n_classes_and_refuses_larger_labels() -> None:
    assert nnbook.confusion_matrix([0, 1], [1, 1], n_classes=4).shape == (4, 4)
    with pytest.raises(ValueError, match="below n_classes = 2"):
        nnbook.confusion_matrix([0, 2], [1, 1], n_classes=2)


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


def test_nearest_neighbour_takes_the_label_of_the_closest_training_row() -> None:
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    y_train = np.array([7, 3, 5])
    X = np.array([[0.1, 0.1], [0.9, 0.4], [0.2, 1.6], [0.5, 0.0]])  # the last one is a tie: the first row wins
    np.testing.assert_array_equal(nnbook.nearest_neighbour(X_train, y_train, X), [7, 3, 5, 7])
    X_digits, y_digits = nnbook.datasets.digits()
    distinct = np.unique(X_digits[:300], axis=0, return_index=True)[1]
    own = nnbook.nearest_neighbour(X_digits[distinct], y_digits[distinct], X_digits[distinct])
    np.testing.assert_array_equal(own, y_digits[distinct])  # every training image is its own nearest neighbour


def test_nearest_neighbour_is_the_brute_force_argmin() -> None:
    rng = np.random.default_rng(0)
    X_train, X = rng.normal(size=(40, 5)), rng.normal(size=(25, 5))
    y_train = rng.integers(0, 4, size=40)
    distances = ((X[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2)
    expected = y_train[distances.argmin(axis=1)]
    np.testing.assert_array_equal(nnbook.nearest_neighbour(X_train, y_train, X), expected)


def test_nearest_neighbour_refuses_bad_input() -> None:
    X_train, y_train = np.zeros((3, 2)), np.array([0, 1, 1])
    with pytest.raises(ValueError, match="with 2 columns"):
        nnbook.nearest_neighbour(X_train, y_train, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="3 rows and 2 labels"):
        nnbook.nearest_neighbour(X_train, y_train[:2], np.zeros((4, 2)))
    with pytest.raises(ValueError, match="finite"):
        nnbook.nearest_neighbour(X_train, y_train, np.full((1, 2), np.nan))
    with pytest.raises(ValueError, match="2-D array"):
        nnbook.nearest_neighbour(X_train, y_train, np.zeros(2))
    with pytest.raises(ValueError, match="2-D array"):
        nnbook.nearest_neighbour(np.array([["a", "b"]]), [0], np.zeros((1, 2)))
