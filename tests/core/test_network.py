"""Chapter 2: layers, the network, and its forward pass."""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# --- layers ----------------------------------------------------------------------------


def test_one_layer_per_weight_matrix_with_contract_shapes():
    net = nnbook.Network([3, 5, 4, 2], seed=0)
    assert len(net.layers) == 3
    for layer, (n_in, n_out) in zip(net.layers, [(3, 5), (5, 4), (4, 2)], strict=True):
        assert layer.W.shape == (n_out, n_in)
        assert layer.b.shape == (n_out,)
        assert layer.W.dtype == np.float64
        assert layer.b.dtype == np.float64
    assert net.sizes == [3, 5, 4, 2]
    assert net.n_parameters() == (3 * 5 + 5) + (5 * 4 + 4) + (4 * 2 + 2)


def test_single_layer_network():
    net = nnbook.Network([4, 1], seed=1)
    assert len(net.layers) == 1
    assert net.layers[0].W.shape == (1, 4)
    assert net.forward(np.zeros((3, 4))).shape == (3, 1)


def test_activations_per_layer():
    net = nnbook.Network([2, 3, 3, 2], activation="relu", output_activation="softmax", seed=0)
    assert [layer.activation for layer in net.layers] == ["relu", "relu", "softmax"]


@pytest.mark.parametrize("activation", ["identity", "sigmoid", "tanh", "relu"])
def test_output_activation_none_means_same_as_activation(activation):
    implicit = nnbook.Network([2, 3, 2], activation=activation, seed=3)
    explicit = nnbook.Network([2, 3, 2], activation=activation, output_activation=activation, seed=3)
    assert [layer.activation for layer in implicit.layers] == [activation, activation]
    X = np.array([[0.3, -1.2], [2.0, 0.5]])
    np.testing.assert_array_equal(implicit.forward(X), explicit.forward(X))


def test_default_activation_is_sigmoid_everywhere():
    net = nnbook.Network([2, 3, 1], seed=0)
    assert [layer.activation for layer in net.layers] == ["sigmoid", "sigmoid"]
    out = net.forward(np.array([[100.0, -100.0], [0.0, 0.0]]))
    assert np.all((out > 0) & (out < 1))


# --- forward pass shapes -------------------------------------------------------------------


def test_forward_batch_and_single_sample_shapes():
    net = nnbook.Network([3, 4, 2], activation="tanh", seed=0)
    X = np.random.default_rng(0).normal(size=(7, 3))
    out = net.forward(X)
    assert out.shape == (7, 2)
    one = net.forward(X[2])
    assert one.shape == (2,)
    np.testing.assert_allclose(one, out[2], rtol=1e-12, atol=1e-15)


def test_forward_single_sample_with_one_output():
    net = nnbook.Network([2, 1], seed=0)
    assert net.forward([0.5, 0.5]).shape == (1,)
    assert net.forward([[0.5, 0.5]]).shape == (1, 1)


def test_forward_does_not_modify_its_input():
    net = nnbook.Network([2, 3, 1], seed=0)
    X = np.array([[1.0, 2.0], [3.0, 4.0]])
    before = X.copy()
    net.forward(X)
    np.testing.assert_array_equal(X, before)


def test_forward_accepts_lists_and_integer_arrays():
    net = nnbook.Network([2, 3, 1], activation="tanh", seed=0)
    reference = net.forward(np.array([[1.0, 2.0], [3.0, -4.0]]))
    np.testing.assert_array_equal(net.forward([[1, 2], [3, -4]]), reference)
    np.testing.assert_array_equal(net.forward(np.array([[1, 2], [3, -4]], dtype=np.int32)), reference)


def test_softmax_output_rows_are_probabilities():
    net = nnbook.Network([2, 4, 3], activation="relu", output_activation="softmax", seed=0)
    out = net.forward(np.random.default_rng(1).normal(size=(6, 2)))
    assert np.all(out > 0)
    np.testing.assert_allclose(out.sum(axis=1), 1.0, atol=1e-15)


# --- forward pass values, by hand -----------------------------------------------------------


def test_two_layer_sigmoid_example_by_hand():
    net = nnbook.Network([2, 2, 1], activation="sigmoid")
    net.layers[0].W = [[1.0, -1.0], [0.5, 2.0]]
    net.layers[0].b = [0.0, -1.0]
    net.layers[1].W = [[2.0, -3.0]]
    net.layers[1].b = [0.5]
    # x = (1, 2):  z1 = (1·1 − 1·2 + 0, 0.5·1 + 2·2 − 1) = (−1, 3.5)
    h1, h2 = sig(-1.0), sig(3.5)
    # z2 = 2·h1 − 3·h2 + 0.5
    expected = sig(2.0 * h1 - 3.0 * h2 + 0.5)
    assert net.forward([1.0, 2.0])[0] == pytest.approx(expected, rel=1e-14)
    # a second sample, x = (0, 0): z1 = (0, −1)
    expected_0 = sig(2.0 * sig(0.0) - 3.0 * sig(-1.0) + 0.5)
    np.testing.assert_allclose(net.forward([[1.0, 2.0], [0.0, 0.0]])[:, 0], [expected, expected_0], rtol=1e-14)


def test_two_layer_identity_example_exact():
    # A non-square W catches a transposed product: W1 is (3, 2), so 2 inputs and 3 hidden units.
    net = nnbook.Network([2, 3, 2], activation="identity")
    net.layers[0].W = [[1, 2], [3, 4], [5, 6]]
    net.layers[0].b = [1, 0, -1]
    net.layers[1].W = [[1, 0, -1], [2, 1, 0]]
    net.layers[1].b = [10, 20]
    # x = (1, −1): z1 = (1 − 2 + 1, 3 − 4 + 0, 5 − 6 − 1) = (0, −1, −2)
    # z2 = (0 + 0 + 2 + 10, 0 − 1 + 0 + 20) = (12, 19)
    np.testing.assert_array_equal(net.forward([1, -1]), [12.0, 19.0])
    # x = (2, 0): z1 = (3, 6, 9); z2 = (3 − 9 + 10, 6 + 6 + 20) = (4, 32)
    np.testing.assert_array_equal(net.forward([[1, -1], [2, 0]]), [[12.0, 19.0], [4.0, 32.0]])


def test_relu_hidden_layer_and_tanh_output_by_hand():
    net = nnbook.Network([2, 2, 1], activation="relu", output_activation="tanh")
    net.layers[0].W = [[1.0, 1.0], [1.0, -1.0]]
    net.layers[0].b = [0.0, 0.0]
    net.layers[1].W = [[0.5, 0.25]]
    net.layers[1].b = [-1.0]
    # x = (1, 3): z1 = (4, −2), relu → (4, 0); z2 = 2 + 0 − 1 = 1
    assert net.forward([1.0, 3.0])[0] == pytest.approx(math.tanh(1.0), rel=1e-15)


def test_softmax_output_by_hand():
    net = nnbook.Network([1, 3], activation="softmax")
    net.layers[0].W = [[1.0], [2.0], [0.0]]
    net.layers[0].b = [0.0, 0.0, 1.0]
    # x = 1: z = (1, 2, 1)
    total = math.exp(1) + math.exp(2) + math.exp(1)
    np.testing.assert_allclose(
        net.forward([1.0]), [math.exp(1) / total, math.exp(2) / total, math.exp(1) / total], rtol=1e-14
    )


# --- assigning W and b ------------------------------------------------------------------------


def test_assign_lists_and_int_arrays_converted_to_float64():
    net = nnbook.Network([2, 3, 1], seed=0)
    net.layers[0].W = [[1, 2], [3, 4], [5, 6]]
    net.layers[0].b = np.array([1, 2, 3], dtype=np.int64)
    net.layers[1].W = np.array([[1, 0, 1]], dtype=np.int32)
    net.layers[1].b = [0]
    for layer in net.layers:
        assert isinstance(layer.W, np.ndarray) and layer.W.dtype == np.float64
        assert isinstance(layer.b, np.ndarray) and layer.b.dtype == np.float64
    np.testing.assert_array_equal(net.layers[0].W, [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    np.testing.assert_array_equal(net.layers[0].b, [1.0, 2.0, 3.0])


def test_assigned_weights_are_used_and_copied():
    net = nnbook.Network([1, 1], activation="identity", seed=0)
    W = np.array([[2.0]])
    net.layers[0].W = W
    net.layers[0].b = [1.0]
    W[0, 0] = 100.0  # changing the caller's array afterwards must not reach the network
    assert net.forward([3.0])[0] == 7.0


@pytest.mark.parametrize(
    ("attribute", "value", "fragments"),
    [
        ("W", np.ones((2, 3)), ["(3, 2)", "(2, 3)"]),
        ("W", np.ones(6), ["(3, 2)", "(6,)"]),
        ("W", np.ones((3, 2, 1)), ["(3, 2)", "(3, 2, 1)"]),
        ("b", np.ones(2), ["(3,)", "(2,)"]),
        ("b", np.ones((3, 1)), ["(3,)", "(3, 1)"]),
        ("b", 1.0, ["(3,)", "()"]),
    ],
)
def test_assignment_of_wrong_shape_is_refused(attribute, value, fragments):
    net = nnbook.Network([2, 3, 1], seed=0)
    layer = net.layers[0]
    before = getattr(layer, attribute).copy()
    with pytest.raises(ValueError) as info:
        setattr(layer, attribute, value)
    for fragment in fragments:
        assert fragment in str(info.value)
    np.testing.assert_array_equal(getattr(layer, attribute), before)


# --- seeds -----------------------------------------------------------------------------------


def test_same_seed_same_weights():
    a = nnbook.Network([2, 4, 3, 1], seed=42)
    b = nnbook.Network([2, 4, 3, 1], seed=42)
    for la, lb in zip(a.layers, b.layers, strict=True):
        np.testing.assert_array_equal(la.W, lb.W)
        np.testing.assert_array_equal(la.b, lb.b)


def test_different_seeds_different_weights():
    a = nnbook.Network([2, 4, 1], seed=1)
    b = nnbook.Network([2, 4, 1], seed=2)
    assert not np.array_equal(a.layers[0].W, b.layers[0].W)


def test_initial_weights_are_not_degenerate():
    # Identical or zero weights would make every hidden unit learn the same thing.
    W = nnbook.Network([3, 6, 1], seed=0).layers[0].W
    assert np.all(np.isfinite(W))
    assert len(np.unique(W)) == W.size
    assert 0.05 < np.std(W) < 5


def test_copy_is_independent():
    net = nnbook.Network([2, 2, 1], seed=0)
    twin = net.copy()
    twin.layers[0].W = np.zeros((2, 2))
    assert not np.array_equal(net.layers[0].W, twin.layers[0].W)
