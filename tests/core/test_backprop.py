"""Chapter 4: backpropagation against central differences, and the gradient check."""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import nnbook

# ``nnbook.backprop`` is the function; the module that defines it is reached by name.
backprop_module = importlib.import_module("nnbook.backprop")

DIFFERENTIABLE = ["identity", "sigmoid", "tanh", "relu"]
PROPERTY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def sig(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


def snapshot(net: nnbook.Network) -> list[tuple[bytes, bytes]]:
    return [(layer.W.tobytes(), layer.b.tobytes()) for layer in net.layers]


def assert_like_the_network(grads, net):
    assert isinstance(grads, list)
    assert len(grads) == len(net.layers)
    for (dW, db), layer in zip(grads, net.layers, strict=True):
        assert dW.shape == layer.W.shape
        assert db.shape == layer.b.shape


def gradient_norm(grads) -> float:
    return float(np.sqrt(sum(np.sum(dW**2) + np.sum(db**2) for dW, db in grads)))


def away_from_relu_kinks(net: nnbook.Network, X: np.ndarray) -> bool:
    """True when no relu unit has a weighted sum within 1e-4 of its kink at 0."""
    forward = net.forward_pass(X)
    return all(
        layer.activation != "relu" or np.min(np.abs(Z)) > 1e-4
        for layer, Z in zip(net.layers, forward.weighted_sums, strict=True)
    )


@st.composite
def problems(draw):
    """A random network, batch and targets, for one of the loss/output combinations."""
    n_in = draw(st.integers(1, 4))
    hidden = draw(st.lists(st.integers(1, 5), min_size=1, max_size=3))
    activation = draw(st.sampled_from(DIFFERENTIABLE))
    kind = draw(st.sampled_from(["mse", "softmax_ce", "sigmoid_ce"]))
    seed = draw(st.integers(0, 2**32 - 1))
    n = draw(st.integers(1, 6))
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, n_in))
    if kind == "mse":
        output_activation = draw(st.sampled_from([*DIFFERENTIABLE, "softmax"]))
        k = draw(st.integers(2 if output_activation == "softmax" else 1, 4))
        Y = rng.uniform(0, 1, size=(n, k)) if output_activation in ("sigmoid", "softmax") else rng.normal(size=(n, k))
        loss = "mse"
    elif kind == "softmax_ce":
        output_activation = "softmax"
        k = draw(st.integers(2, 4))
        labels = rng.integers(0, k, size=n)
        Y = labels if draw(st.booleans()) else np.eye(k)[labels]
        loss = "cross_entropy"
    else:
        output_activation, k = "sigmoid", 1
        Y = rng.integers(0, 2, size=n)
        loss = "cross_entropy"
    net = nnbook.Network([n_in, *hidden, k], activation=activation, output_activation=output_activation, seed=seed)
    # Non-zero biases, so that a bug in the bias gradient cannot hide behind b = 0.
    for layer in net.layers:
        layer.b = rng.normal(scale=0.5, size=layer.b.shape)
    return net, X, Y, loss


@PROPERTY
@given(problems())
def test_backprop_agrees_with_central_differences(problem):
    net, X, Y, loss = problem
    assume(away_from_relu_kinks(net, X))
    numeric = nnbook.numerical_gradient(net, X, Y, loss=loss)
    # Central differences carry an absolute error of about 1e-9 (rounding in L(θ ± ε), divided
    # by 2ε), so a relative error of 1e-6 is only reachable when the gradient is well above it:
    # a near-perfect fit or fully saturated units can leave a gradient of 1e-5 or less.
    assume(gradient_norm(numeric) >= 1e-2)
    exact = nnbook.backprop(net, X, Y, loss=loss)
    assert_like_the_network(exact, net)
    assert_like_the_network(numeric, net)
    assert nnbook.relative_error(exact, numeric) <= 1e-6
    assert nnbook.gradient_check(net, X, Y, loss=loss) <= 1e-6


@PROPERTY
@given(problems(), st.sampled_from([1e-6, 1e-3, 0.1, 1 / 3]))
def test_numerical_gradient_leaves_the_network_bitwise_unchanged(problem, eps):
    net, X, Y, loss = problem
    before = snapshot(net)
    objects = [(layer.W, layer.b) for layer in net.layers]
    nnbook.numerical_gradient(net, X, Y, loss=loss, eps=eps)
    assert snapshot(net) == before
    # the same arrays are still in place (a reader may hold a reference to them)
    assert all(layer.W is W and layer.b is b for layer, (W, b) in zip(net.layers, objects, strict=True))


def test_bitwise_check_would_catch_undoing_a_nudge_by_arithmetic():
    # Guards the test above: restoring a weight as (w + ε) − ε is not exact in floating point.
    w, eps = 0.1, 1 / 3
    assert (w + eps) - eps != w


@PROPERTY
@given(problems())
def test_backprop_leaves_the_network_and_data_unchanged(problem):
    net, X, Y, loss = problem
    before, X_before, Y_before = snapshot(net), X.copy(), np.copy(Y)
    nnbook.backprop(net, X, Y, loss=loss)
    assert snapshot(net) == before
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)


# --- by hand -------------------------------------------------------------------------------------


def test_gradient_of_one_sigmoid_neuron_by_hand():
    # L = (1/2n) Σ (σ(w·x + b) − t)²; ∂L/∂w = (1/n) Σ (a − t)·a(1 − a)·x, ∂L/∂b the same without x.
    w, b = 0.8, -0.3
    xs, ts = [1.5, -2.0], [1.0, 0.0]
    net = nnbook.Network([1, 1], activation="sigmoid")
    net.layers[0].W = [[w]]
    net.layers[0].b = [b]
    dw = db = 0.0
    for x, t in zip(xs, ts, strict=True):
        a = sig(w * x + b)
        dw += (a - t) * a * (1 - a) * x / 2
        db += (a - t) * a * (1 - a) / 2
    [(dW, dB)] = nnbook.backprop(net, [[x] for x in xs], ts)
    assert dW[0, 0] == pytest.approx(dw, rel=1e-13)
    assert dB[0] == pytest.approx(db, rel=1e-13)


def test_gradient_of_a_tiny_linear_network_by_hand():
    net = nnbook.Network([2, 2, 1], activation="identity")
    net.layers[0].W = [[1.0, 0.0], [-1.0, 1.0]]
    net.layers[0].b = [0.0, 1.0]
    net.layers[1].W = [[2.0, -1.0]]
    net.layers[1].b = [0.5]
    # x = (1, 2): a1 = (1, 2); o = 2·1 − 1·2 + 0.5 = 0.5; t = 2, so ∂L/∂o = o − t = −1.5
    # layer 2: dW2 = −1.5·a1 = (−1.5, −3), db2 = −1.5
    # layer 1: δ1 = −1.5·W2 = (−3, 1.5); dW1 = δ1 xᵀ = [[−3, −6], [1.5, 3]], db1 = δ1
    (dW1, db1), (dW2, db2) = nnbook.backprop(net, [[1.0, 2.0]], [[2.0]])
    np.testing.assert_array_equal(dW2, [[-1.5, -3.0]])
    np.testing.assert_array_equal(db2, [-1.5])
    np.testing.assert_array_equal(dW1, [[-3.0, -6.0], [1.5, 3.0]])
    np.testing.assert_array_equal(db1, [-3.0, 1.5])


def test_gradient_of_softmax_cross_entropy_by_hand():
    net = nnbook.Network([1, 2], activation="softmax")
    net.layers[0].W = [[1.0], [-1.0]]
    net.layers[0].b = [0.0, 0.0]
    # x = 2: z = (2, −2); p = softmax(z); label 0 → ∂L/∂z = p − (1, 0); dW = ∂L/∂z · x
    p0 = math.exp(2) / (math.exp(2) + math.exp(-2))
    dz = [p0 - 1.0, (1.0 - p0) - 0.0]
    [(dW, db)] = nnbook.backprop(net, [[2.0]], [0], loss="cross_entropy")
    np.testing.assert_allclose(dW[:, 0], [2 * dz[0], 2 * dz[1]], rtol=1e-12)
    np.testing.assert_allclose(db, dz, rtol=1e-12)


def test_gradient_of_binary_cross_entropy_by_hand():
    net = nnbook.Network([2, 1], activation="sigmoid")
    net.layers[0].W = [[0.5, -0.25]]
    net.layers[0].b = [0.1]
    # x = (1, 2), t = 0: z = 0.5 − 0.5 + 0.1 = 0.1; ∂L/∂z = σ(0.1) − 0
    dz = sig(0.1)
    [(dW, db)] = nnbook.backprop(net, [[1.0, 2.0]], [0], loss="cross_entropy")
    np.testing.assert_allclose(dW, [[dz * 1.0, dz * 2.0]], rtol=1e-13)
    np.testing.assert_allclose(db, [dz], rtol=1e-13)


def test_mse_through_softmax_by_hand():
    # L = ½‖p − t‖², p = softmax(z): ∂L/∂z_j = p_j (g_j − Σ_k g_k p_k) with g = p − t.
    net = nnbook.Network([1, 2], activation="softmax")
    net.layers[0].W = [[1.0], [0.0]]
    net.layers[0].b = [0.0, 0.0]
    p = [math.exp(1) / (math.exp(1) + 1), 1 / (math.exp(1) + 1)]  # x = 1: z = (1, 0)
    t = [0.0, 1.0]
    g = [p[0] - t[0], p[1] - t[1]]
    s = g[0] * p[0] + g[1] * p[1]
    dz = [p[0] * (g[0] - s), p[1] * (g[1] - s)]
    [(dW, db)] = nnbook.backprop(net, [[1.0]], [t])
    np.testing.assert_allclose(db, dz, rtol=1e-12)
    np.testing.assert_allclose(dW[:, 0], dz, rtol=1e-12)


def test_numerical_gradient_by_hand_on_a_quadratic():
    # identity neuron, L = ½(w·x + b − t)²: the central difference of a quadratic is exact.
    net = nnbook.Network([1, 1], activation="identity")
    net.layers[0].W = [[3.0]]
    net.layers[0].b = [1.0]
    # x = 2, t = 4: o − t = 3; dL/dw = 3·2 = 6, dL/db = 3
    [(dW, db)] = nnbook.numerical_gradient(net, [[2.0]], [[4.0]], eps=1e-3)
    assert dW[0, 0] == pytest.approx(6.0, rel=1e-9)
    assert db[0] == pytest.approx(3.0, rel=1e-9)


# --- the cost: multiply-adds (chapter 4, sec-backprop-cost) -----------------------------------


class Counted(np.ndarray):
    """An array that adds the multiply-adds of every matrix product it takes part in."""

    total = 0

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        plain = [x.view(np.ndarray) if isinstance(x, Counted) else x for x in inputs]
        if "out" in kwargs:
            kwargs["out"] = tuple(x.view(np.ndarray) if isinstance(x, Counted) else x for x in kwargs["out"])
        if ufunc is np.matmul and method == "__call__":
            a, b = plain
            Counted.total += a.shape[0] * a.shape[1] * b.shape[1]
        result = getattr(ufunc, method)(*plain, **kwargs)
        return result.view(Counted) if isinstance(result, np.ndarray) else result


def counted_network(net: nnbook.Network) -> nnbook.Network:
    """The same network with every weight matrix and every activation's output counted."""
    import dataclasses

    counted = net.copy()
    for layer in counted.layers:
        layer._W = layer._W.view(Counted)
        f = layer._activation
        layer._activation = dataclasses.replace(
            f,
            function=lambda z, g=f.function: g(z).view(Counted),
            derivative_from_output=lambda a, g=f.derivative_from_output: g(a).view(Counted),
        )
    return counted


@pytest.mark.parametrize(
    ("sizes", "hidden", "output", "loss"),
    [
        ([16, 32, 32, 4], "relu", "softmax", "cross_entropy"),
        ([3, 5, 2], "tanh", "sigmoid", "mse"),
        ([4, 6, 5, 7, 3], "sigmoid", "softmax", "mse"),
        ([2, 1], "identity", "identity", "mse"),
    ],
)
def test_multiply_adds_counts_the_products_the_code_computes(sizes, hidden, output, loss) -> None:
    net = nnbook.Network(sizes, activation=hidden, output_activation=output, seed=0)
    n = 7
    X = np.random.default_rng(0).normal(size=(n, sizes[0]))
    Y = np.random.default_rng(1).integers(0, 2, size=(n, sizes[-1])).astype(float)
    if output == "softmax":
        Y = np.eye(sizes[-1])[np.arange(n) % sizes[-1]]
    counted = counted_network(net)
    Counted.total = 0
    counted._forward_pass(X.view(Counted))
    forward = Counted.total
    Counted.total = 0
    grads = backprop_module.gradients(counted, X.view(Counted), Y, loss)
    backward = Counted.total - forward  # gradients runs its own forward pass first
    assert backprop_module.multiply_adds(sizes, n) == (forward, backward)
    assert backprop_module.multiply_adds(net, n) == (forward, backward)
    for (dW, db), (dW0, db0) in zip(grads, nnbook.backprop(net, X, Y, loss), strict=True):
        np.testing.assert_allclose(dW, dW0)  # the counting changed nothing
        np.testing.assert_allclose(db, db0)


def test_the_backward_pass_is_twice_the_forward_less_the_first_layer() -> None:
    forward, backward = backprop_module.multiply_adds([16, 32, 32, 4], 64)
    assert forward == 64 * (16 * 32 + 32 * 32 + 32 * 4) == 106_496
    assert backward == 2 * forward - 64 * 16 * 32
    assert backprop_module.multiply_adds([5, 1], 3) == (15, 15)  # one layer: dW only
    with pytest.raises(ValueError, match="two layer sizes"):
        backprop_module.multiply_adds([3], 2)
    with pytest.raises(ValueError, match="n"):
        backprop_module.multiply_adds([3, 2], 0)


# --- the check can fail ----------------------------------------------------------------------


def small_problem():
    net = nnbook.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    X, y = nnbook.datasets.xor(n=4, seed=1)
    return net, X, y


def test_relative_error_of_identical_gradients_is_zero():
    net, X, y = small_problem()
    grads = nnbook.backprop(net, X, y)
    assert nnbook.relative_error(grads, grads) == 0.0


def test_relative_error_of_a_wrong_gradient_is_large():
    net, X, y = small_problem()
    grads = nnbook.backprop(net, X, y)
    doubled = [(2 * dW, 2 * db) for dW, db in grads]
    # ‖g − 2g‖ / (‖g‖ + ‖2g‖) = 1/3
    assert nnbook.relative_error(grads, doubled) == pytest.approx(1 / 3, rel=1e-12)
    flipped = [(-dW, -db) for dW, db in grads]
    assert nnbook.relative_error(grads, flipped) == pytest.approx(1.0, rel=1e-12)
    # one wrong sign in one layer is already far above the 1e-6 a correct gradient reaches
    one_wrong = [(-grads[0][0], grads[0][1]), *grads[1:]]
    assert nnbook.relative_error(grads, one_wrong) > 1e-3


def test_gradient_check_catches_a_buggy_backprop(monkeypatch):
    net, X, y = small_problem()
    assert nnbook.gradient_check(net, X, y) < 1e-7
    original = backprop_module.output_error

    def forgot_the_mean(net, forward, T, loss):  # the classic slip: no 1/n
        return original(net, forward, T, loss) * forward.output.shape[0]

    monkeypatch.setattr(backprop_module, "output_error", forgot_the_mean)
    # gradients n times too large: (n − 1)/(n + 1) = 3/5 for n = 4
    assert nnbook.gradient_check(net, X, y) == pytest.approx(3 / 5, rel=1e-6)


def test_relative_error_of_two_zero_gradients_is_zero():
    zeros = [(np.zeros((2, 2)), np.zeros(2))]
    assert nnbook.relative_error(zeros, zeros) == 0.0


def test_gradient_is_zero_at_a_perfect_fit():
    net = nnbook.Network([1, 1], activation="identity")
    net.layers[0].W = [[2.0]]
    net.layers[0].b = [1.0]
    [(dW, db)] = nnbook.backprop(net, [[1.0], [2.0]], [[3.0], [5.0]])
    np.testing.assert_array_equal(dW, [[0.0]])
    np.testing.assert_array_equal(db, [0.0])


def test_backprop_with_a_single_sample_equals_a_batch_of_one():
    net, X, y = small_problem()
    single = nnbook.backprop(net, X[0], y[0])
    batch = nnbook.backprop(net, X[:1], y[:1])
    for (a, b), (c, d) in zip(single, batch, strict=True):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
