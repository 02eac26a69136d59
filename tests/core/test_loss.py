"""Chapter 3: the mean squared error and the cross-entropies."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import nnbook

# --- mean squared error --------------------------------------------------------------------


def test_mse_by_hand_with_the_half_n_factor():
    output = [[1.0, 2.0], [3.0, 4.0]]
    target = [[0.0, 2.0], [1.0, 1.0]]
    # squared differences: 1 + 0 + 4 + 9 = 14; n = 2 samples → 14 / (2·2) = 3.5
    value = nnbook.mse(output, target)
    assert type(value) is float
    assert value == 3.5


def test_mse_averages_over_samples_not_outputs():
    # one sample with 4 outputs each off by 1: (1/2·1)·4 = 2, not 1/2
    assert nnbook.mse([[1.0, 1.0, 1.0, 1.0]], [[0.0, 0.0, 0.0, 0.0]]) == 2.0
    # four samples with one output each off by 1: (1/2·4)·4 = 0.5
    assert nnbook.mse([[1.0], [1.0], [1.0], [1.0]], [[0.0], [0.0], [0.0], [0.0]]) == 0.5


def test_mse_one_dimensional_means_one_output_per_sample():
    output, target = [0.5, 1.0, -1.0], [0.0, 1.0, 1.0]
    # (0.25 + 0 + 4) / (2·3)
    assert nnbook.mse(output, target) == pytest.approx(4.25 / 6, rel=1e-15)
    assert nnbook.mse(np.array(output)[:, None], target) == nnbook.mse(output, target)


def test_mse_zero_when_equal_and_symmetric():
    a = np.random.default_rng(0).normal(size=(5, 3))
    b = np.random.default_rng(1).normal(size=(5, 3))
    assert nnbook.mse(a, a) == 0.0
    assert nnbook.mse(a, b) == nnbook.mse(b, a)
    assert nnbook.mse(a, b) == pytest.approx(0.5 * np.sum((a - b) ** 2) / 5, rel=1e-14)


def test_mse_gradient_by_hand():
    output = np.array([[1.0, 2.0], [3.0, 4.0]])
    target = np.array([[0.0, 2.0], [1.0, 1.0]])
    np.testing.assert_array_equal(nnbook.mse_gradient(output, target), [[0.5, 0.0], [1.0, 1.5]])


def test_mse_gradient_matches_central_differences():
    rng = np.random.default_rng(0)
    output, target = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    numeric = np.zeros_like(output)
    h = 1e-6
    for index in np.ndindex(output.shape):
        up, down = output.copy(), output.copy()
        up[index] += h
        down[index] -= h
        numeric[index] = (nnbook.mse(up, target) - nnbook.mse(down, target)) / (2 * h)
    np.testing.assert_allclose(nnbook.mse_gradient(output, target), numeric, rtol=1e-6, atol=1e-9)


# --- cross-entropy ------------------------------------------------------------------------------


SOFTMAX_OUT = [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]]


def test_categorical_cross_entropy_by_hand_one_hot():
    one_hot = [[1, 0, 0], [0, 0, 1]]
    expected = -(math.log(0.7) + math.log(0.6)) / 2
    value = nnbook.cross_entropy(SOFTMAX_OUT, one_hot)
    assert type(value) is float
    assert value == pytest.approx(expected, rel=1e-14)


def test_categorical_cross_entropy_labels_equal_one_hot():
    labels = [0, 2]
    expected = -(math.log(0.7) + math.log(0.6)) / 2
    assert nnbook.cross_entropy(SOFTMAX_OUT, labels) == pytest.approx(expected, rel=1e-14)
    assert nnbook.cross_entropy(SOFTMAX_OUT, np.array(labels)) == nnbook.cross_entropy(
        SOFTMAX_OUT, [[1, 0, 0], [0, 0, 1]]
    )
    # labels as whole floats mean the same classes
    assert nnbook.cross_entropy(SOFTMAX_OUT, [0.0, 2.0]) == nnbook.cross_entropy(SOFTMAX_OUT, labels)


def test_categorical_cross_entropy_other_labels():
    expected = -(math.log(0.2) + math.log(0.1)) / 2
    assert nnbook.cross_entropy(SOFTMAX_OUT, [1, 0]) == pytest.approx(expected, rel=1e-14)


def test_binary_cross_entropy_by_hand():
    output = [0.9, 0.2, 0.6]
    target = [1, 0, 0]
    # −(1/3)[log 0.9 + log(1 − 0.2) + log(1 − 0.6)]
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.4)) / 3
    assert nnbook.cross_entropy(output, target) == pytest.approx(expected, rel=1e-14)
    assert nnbook.cross_entropy(np.array(output)[:, None], np.array(target)[:, None]) == pytest.approx(
        expected, rel=1e-14
    )


def test_binary_cross_entropy_is_not_the_categorical_one():
    # With one sigmoid unit, a target of 0 still costs −log(1 − o); a categorical formula
    # would ignore it and give 0.
    assert nnbook.cross_entropy([[0.3]], [[0]]) == pytest.approx(-math.log(0.7), rel=1e-14)


def test_cross_entropy_of_a_perfect_prediction_is_zero():
    assert nnbook.cross_entropy([[1.0, 0.0], [0.0, 1.0]], [0, 1]) == 0.0
    assert nnbook.cross_entropy([1.0, 0.0], [1, 0]) == 0.0


def test_cross_entropy_finite_for_probabilities_of_exactly_zero_and_one():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        categorical = nnbook.cross_entropy([[0.0, 1.0], [1.0, 0.0]], [0, 0])
        binary = nnbook.cross_entropy([0.0, 1.0], [1, 0])
    for value in (categorical, binary):
        assert math.isfinite(value)
        # a confident wrong answer costs a lot: far more than a 1e-100 probability would
        assert value > -math.log(1e-100) / 2


def test_cross_entropy_decreases_as_the_right_class_gets_likelier():
    values = [nnbook.cross_entropy([[p, 1 - p]], [0]) for p in (0.1, 0.5, 0.9, 0.999)]
    assert values == sorted(values, reverse=True)


# --- evaluate_loss --------------------------------------------------------------------------------


def test_evaluate_loss_mse_equals_mse_of_forward():
    net = nnbook.Network([2, 4, 3], activation="tanh", output_activation="identity", seed=0)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(10, 2)), rng.normal(size=(10, 3))
    assert nnbook.evaluate_loss(net, X, Y) == pytest.approx(nnbook.mse(net.forward(X), Y), rel=1e-14)
    assert nnbook.evaluate_loss(net, X, Y, loss="mse") == pytest.approx(nnbook.mse(net.forward(X), Y), rel=1e-14)


def test_evaluate_loss_softmax_cross_entropy_equals_cross_entropy_of_forward():
    net = nnbook.Network([2, 5, 3], activation="relu", output_activation="softmax", seed=0)
    rng = np.random.default_rng(1)
    X, labels = rng.normal(size=(12, 2)), rng.integers(0, 3, size=12)
    expected = nnbook.cross_entropy(net.forward(X), labels)
    assert nnbook.evaluate_loss(net, X, labels, "cross_entropy") == pytest.approx(expected, rel=1e-12)
    one_hot = np.eye(3)[labels]
    assert nnbook.evaluate_loss(net, X, one_hot, "cross_entropy") == pytest.approx(expected, rel=1e-12)


def test_evaluate_loss_binary_cross_entropy_equals_cross_entropy_of_forward():
    net = nnbook.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X, y = nnbook.datasets.xor(n=20, seed=0)
    expected = nnbook.cross_entropy(net.forward(X), y)
    assert nnbook.evaluate_loss(net, X, y, "cross_entropy") == pytest.approx(expected, rel=1e-12)
    assert nnbook.evaluate_loss(net, X, y[:, None], "cross_entropy") == pytest.approx(expected, rel=1e-12)


def test_evaluate_loss_at_saturated_logits_is_finite_and_exact():
    # Logits of ±1e4: the probabilities round to exactly 0 and 1, but the loss is still the
    # exact −log σ(z) = log(1 + e^{−z}) ≈ 1e4 for the wrong answer, with no warning.
    net = nnbook.Network([1, 1], activation="sigmoid")
    net.layers[0].W = [[1e4]]
    net.layers[0].b = [0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wrong = nnbook.evaluate_loss(net, [[-1.0]], [1], "cross_entropy")
        right = nnbook.evaluate_loss(net, [[1.0]], [1], "cross_entropy")
    assert wrong == pytest.approx(1e4, rel=1e-12)
    assert right == pytest.approx(0.0, abs=1e-300)

    softmax_net = nnbook.Network([1, 2], activation="softmax")
    softmax_net.layers[0].W = [[1e4], [-1e4]]
    softmax_net.layers[0].b = [0.0, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # z = (−1e4, 1e4) for label 0: −log softmax(z)₀ = log(e^{-1e4} + e^{1e4}) + 1e4 ≈ 2e4
        wrong = nnbook.evaluate_loss(softmax_net, [[-1.0]], [0], "cross_entropy")
    assert wrong == pytest.approx(2e4, rel=1e-12)


def test_evaluate_loss_with_a_single_sample():
    net = nnbook.Network([2, 1], activation="identity")
    net.layers[0].W = [[1.0, 2.0]]
    net.layers[0].b = [0.0]
    # x = (1, 1) → 3; target 1 → (1/2)(3 − 1)² = 2
    assert nnbook.evaluate_loss(net, [1.0, 1.0], 1.0) == 2.0
    assert nnbook.evaluate_loss(net, [1.0, 1.0], [1.0]) == 2.0


def test_loss_grid_is_the_loss_at_every_point_of_the_grid() -> None:
    X, Y = [[1.0], [2.0]], [[1.0], [0.0]]
    ws, bs = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.5])
    grid = nnbook.loss.loss_grid(lambda w, b: nnbook.one_neuron(w, b, "identity"), X, Y, ws, bs)
    assert grid.shape == (2, 3)  # rows follow the second axis
    for i, b in enumerate(bs):
        for j, w in enumerate(ws):
            # by hand: ½·mean over the two samples of (w·x + b − t)²
            assert grid[i, j] == pytest.approx(0.25 * ((w + b - 1.0) ** 2 + (2 * w + b) ** 2))
    with pytest.raises(ValueError, match="non-empty 1-D"):
        nnbook.loss.loss_grid(nnbook.one_neuron, X, Y, [], bs)
    with pytest.raises(ValueError, match="X with 1 columns"):
        nnbook.loss.loss_grid(nnbook.one_neuron, [[1.0, 2.0]], [[1.0]], ws, bs)


def test_one_neuron_is_a_one_by_one_network_with_those_numbers() -> None:
    net = nnbook.one_neuron(2.0, -1.0, "tanh")
    assert net.sizes == [1, 1] and net.output_activation == "tanh"
    assert net.forward([0.5])[0] == pytest.approx(math.tanh(0.0))
    assert nnbook.one_neuron(1.0, 0.0).forward([0.0])[0] == 0.5  # sigmoid by default
