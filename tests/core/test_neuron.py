"""Chapter 1: activation functions, their derivatives, and the single neuron."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

import nnbook
from nnbook.neuron import ACTIVATIONS

# Points away from the kinks of relu and step (z = 0), where derivatives are defined.
Z = np.array([-3.0, -1.2, -0.4, 0.3, 0.9, 2.5])
DIFFERENTIABLE = ["identity", "sigmoid", "tanh", "relu"]


def math_sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# --- activation values -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("identity", lambda z: z),
        ("step", lambda z: 1.0 if z >= 0 else 0.0),
        ("sigmoid", math_sigmoid),
        ("tanh", math.tanh),
        ("relu", lambda z: z if z > 0 else 0.0),
    ],
)
def test_activation_values_match_their_definition(name, reference):
    values = [-2.0, -0.5, 0.0, 0.25, 1.5]
    got = nnbook.get_activation(name).function(np.array(values))
    np.testing.assert_allclose(got, [reference(z) for z in values], rtol=1e-14, atol=0)


def test_named_activation_functions_are_exported():
    z = np.array([-1.0, 0.5])
    np.testing.assert_array_equal(nnbook.identity(z), z)
    np.testing.assert_array_equal(nnbook.relu(z), [0.0, 0.5])
    np.testing.assert_array_equal(nnbook.step(z), [0.0, 1.0])
    assert nnbook.sigmoid(np.array(0.0)) == 0.5
    assert nnbook.tanh(np.array(0.0)) == 0.0


def test_step_is_one_at_zero():
    # The perceptron's rule of chapter 1: fire when z >= 0.
    assert nnbook.step(np.array([0.0]))[0] == 1.0
    assert nnbook.step(np.array([-1e-300]))[0] == 0.0


def test_softmax_values_by_hand():
    z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, -1.0]])
    expected = []
    for row in z:
        exps = [math.exp(v) for v in row]
        expected.append([e / sum(exps) for e in exps])
    np.testing.assert_allclose(nnbook.softmax(z), expected, rtol=1e-14)


def test_softmax_rows_sum_to_one_and_are_shift_invariant():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=5.0, size=(20, 4))
    p = nnbook.softmax(z)
    assert p.shape == z.shape
    assert np.all(p > 0)
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-14)
    np.testing.assert_allclose(nnbook.softmax(z + 123.0), p, rtol=1e-12)
    # each row is normalised on its own, not the whole array
    np.testing.assert_allclose(nnbook.softmax(z[:1]), p[:1], rtol=1e-14)


def test_sigmoid_tanh_symmetry():
    np.testing.assert_allclose(nnbook.sigmoid(Z) + nnbook.sigmoid(-Z), 1.0, rtol=1e-15)
    np.testing.assert_allclose(nnbook.tanh(Z), 2 * nnbook.sigmoid(2 * Z) - 1, rtol=1e-12)


# --- derivatives ---------------------------------------------------------------------


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_derivative_matches_central_differences(name):
    activation = ACTIVATIONS[name]
    h = 1e-6
    numeric = (activation.function(Z + h) - activation.function(Z - h)) / (2 * h)
    np.testing.assert_allclose(activation.derivative(Z), numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", DIFFERENTIABLE)
def test_derivative_from_output_agrees_with_derivative(name):
    activation = ACTIVATIONS[name]
    np.testing.assert_allclose(
        activation.derivative_from_output(activation.function(Z)), activation.derivative(Z), rtol=1e-12, atol=1e-15
    )


def test_known_derivative_values():
    assert ACTIVATIONS["sigmoid"].derivative(np.array(0.0)) == 0.25
    assert ACTIVATIONS["tanh"].derivative(np.array(0.0)) == 1.0
    np.testing.assert_array_equal(ACTIVATIONS["relu"].derivative(np.array([-2.0, 0.0, 3.0])), [0.0, 0.0, 1.0])
    np.testing.assert_array_equal(ACTIVATIONS["step"].derivative(Z), np.zeros_like(Z))
    np.testing.assert_array_equal(ACTIVATIONS["identity"].derivative(Z), np.ones_like(Z))


# --- numerical extremes ----------------------------------------------------------------


def test_sigmoid_is_stable_at_extremes():
    z = np.array([-1e4, -800.0, -40.0, 0.0, 40.0, 800.0, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = nnbook.sigmoid(z)
        d = ACTIVATIONS["sigmoid"].derivative(z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(d))
    assert np.all((s >= 0) & (s <= 1))
    assert s[0] == 0.0 and s[-1] == 1.0
    assert s[3] == 0.5
    # sigmoid(-40) is tiny but not rounded to zero: it equals e^-40 to within rounding
    assert s[2] == pytest.approx(math.exp(-40.0), rel=1e-12)
    assert np.all(np.diff(s) >= 0)


def test_softmax_is_stable_at_extremes():
    z = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4], [1e4, 1e4, -1e4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = nnbook.softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0, atol=1e-15)
    np.testing.assert_allclose(p[0], [1.0, 0.0, 0.0], atol=1e-300)
    np.testing.assert_allclose(p[1], [1 / 3, 1 / 3, 1 / 3], rtol=1e-15)
    np.testing.assert_allclose(p[2], [0.5, 0.5, 0.0], atol=1e-300)


def test_tanh_and_relu_are_finite_at_extremes():
    z = np.array([-1e4, 1e4])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(nnbook.tanh(z), [-1.0, 1.0])
        np.testing.assert_array_equal(nnbook.relu(z), [0.0, 1e4])


# --- Neuron -------------------------------------------------------------------------------


def test_neuron_single_input_gives_a_float():
    neuron = nnbook.Neuron([0.5, -1.0], 0.2)
    out = neuron(np.array([1.0, 2.0]))
    assert type(out) is float


def test_neuron_batch_gives_one_output_per_row():
    neuron = nnbook.Neuron([0.5, -1.0, 2.0], -0.1, activation="tanh")
    X = np.arange(15.0).reshape(5, 3) / 10
    out = neuron(X)
    assert isinstance(out, np.ndarray)
    assert out.shape == (5,)
    for row, value in zip(X, out, strict=True):
        assert value == pytest.approx(neuron(row), rel=1e-12, abs=1e-15)


def test_neuron_worked_example_by_hand():
    # w = (0.5, -1), b = 0.2, x = (1, 2): z = 0.5·1 − 1·2 + 0.2 = −1.3, f = sigmoid
    neuron = nnbook.Neuron([0.5, -1.0], 0.2, activation="sigmoid")
    z = 0.5 * 1 + (-1.0) * 2 + 0.2
    assert z == pytest.approx(-1.3)
    expected = 1.0 / (1.0 + math.exp(1.3))
    assert neuron([1.0, 2.0]) == pytest.approx(expected, rel=1e-14)
    assert neuron.weighted_sum([1.0, 2.0]) == pytest.approx(-1.3, rel=1e-14)
    assert expected == pytest.approx(1 / 4.6692966676, rel=1e-9)  # e^1.3 ≈ 3.6692966676


@pytest.mark.parametrize(
    ("activation", "expected"),
    [("identity", -1.3), ("tanh", math.tanh(-1.3)), ("relu", 0.0), ("step", 0.0)],
)
def test_neuron_worked_example_other_activations(activation, expected):
    neuron = nnbook.Neuron([0.5, -1.0], 0.2, activation=activation)
    assert neuron([1, 2]) == pytest.approx(expected, rel=1e-14, abs=1e-15)


def test_neuron_default_activation_is_sigmoid():
    assert nnbook.Neuron([1.0], 0.0).activation == "sigmoid"
    assert nnbook.Neuron([1.0], 0.0)([0.0]) == 0.5


def test_neuron_accepts_lists_and_integer_arrays():
    as_floats = nnbook.Neuron(np.array([2.0, -3.0]), 1.0, "identity")
    as_ints = nnbook.Neuron(np.array([2, -3]), np.int64(1), "identity")
    assert as_ints.weights.dtype == np.float64
    X = [[1, 2], [3, 4]]
    np.testing.assert_array_equal(as_ints(np.array(X)), as_floats(X))
    np.testing.assert_array_equal(as_floats(X), [2 - 6 + 1, 6 - 12 + 1])


def test_neuron_keeps_its_own_copy_of_the_weights():
    weights = np.array([1.0, 1.0])
    neuron = nnbook.Neuron(weights, 0.0, "identity")
    weights[0] = 100.0
    assert neuron([1.0, 1.0]) == 2.0


TRUTH_TABLE_INPUTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


@pytest.mark.parametrize(
    ("weights", "bias", "truth"),
    [
        ((1.0, 1.0), -1.5, [0, 0, 0, 1]),  # AND: fires only when both inputs are on
        ((1.0, 1.0), -0.5, [0, 1, 1, 1]),  # OR: fires when at least one is on
    ],
    ids=["AND", "OR"],
)
def test_logic_gates_with_the_step_activation(weights, bias, truth):
    neuron = nnbook.Neuron(weights, bias, activation="step")
    assert [neuron(x) for x in TRUTH_TABLE_INPUTS] == truth
    np.testing.assert_array_equal(neuron(np.array(TRUTH_TABLE_INPUTS)), truth)


def test_not_gate_with_the_step_activation():
    neuron = nnbook.Neuron([-1.0], 0.5, activation="step")
    assert neuron([0]) == 1.0
    assert neuron([1]) == 0.0


def test_step_neuron_agrees_with_the_logic_gate_data_set():
    X, y = nnbook.datasets.logic_gate("and")
    np.testing.assert_array_equal(nnbook.Neuron([1, 1], -1.5, "step")(X), y)
    X, y = nnbook.datasets.logic_gate("nand")
    np.testing.assert_array_equal(nnbook.Neuron([-1, -1], 1.5, "step")(X), y)


def test_neuron_weights_and_bias_can_be_assigned():
    neuron = nnbook.Neuron([0.0, 0.0], 0.0, "identity")
    neuron.weights = [1, 2]
    neuron.bias = 3
    assert neuron([1.0, 1.0]) == 6.0
    assert neuron.weights.dtype == np.float64
    assert isinstance(neuron.bias, float)
