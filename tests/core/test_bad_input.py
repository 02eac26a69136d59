"""Bad input: every mistake a reader can make gets a clear ValueError or TypeError.

design.md, "Bad input and numerical extremes": the message says what was expected and
what was given, it is raised before any work is done, and it is never an IndexError or a
numpy broadcasting error from deep inside. Plain lists, integer arrays and zero epochs
are accepted.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import nnbook
from nnbook import datasets

ALL_ACTIVATIONS = ["'identity'", "'sigmoid'", "'tanh'", "'relu'", "'step'", "'softmax'"]
NAN, INF = float("nan"), float("inf")


def net21():
    """2 inputs, 3 hidden sigmoid units, 1 sigmoid output."""
    return nnbook.Network([2, 3, 1], seed=0)


def net23():
    """2 inputs, 3 hidden relu units, 3 softmax outputs."""
    return nnbook.Network([2, 3, 3], activation="relu", output_activation="softmax", seed=0)


X5 = np.ones((5, 2))
Y5 = np.zeros((5, 1))
LABELS5 = np.array([0, 1, 2, 0, 1])
PROBS = np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])


def with_nan(shape, where=(0, 0), value=NAN):
    array = np.ones(shape)
    array[where] = value
    return array


CASES = [
    # --- wrong shapes -------------------------------------------------------------------------
    pytest.param(
        lambda: net21().forward(np.ones((5, 3))),
        ValueError,
        ["expected X with 2 columns (the network's input size)", "got shape (5, 3)"],
        id="forward-X-columns",
    ),
    pytest.param(lambda: net21().forward(np.ones(3)), ValueError, ["length 2", "(3,)"], id="forward-x-length"),
    pytest.param(
        lambda: net21().forward(np.ones((2, 2, 2))), ValueError, ["2 columns", "(2, 2, 2)"], id="forward-X-3d"
    ),
    pytest.param(lambda: net21().forward(1.0), ValueError, ["2 columns", "()"], id="forward-X-scalar"),
    pytest.param(
        lambda: nnbook.backprop(net21(), np.ones((5, 3)), Y5), ValueError, ["2 columns", "(5, 3)"], id="backprop-X"
    ),
    pytest.param(lambda: nnbook.train(net21(), np.ones((5, 3)), Y5), ValueError, ["2 columns", "(5, 3)"], id="train-X"),
    pytest.param(
        lambda: nnbook.evaluate_loss(net21(), X5, np.zeros((4, 1))),
        ValueError,
        ["expected Y of shape (5, 1)", "(4, 1)"],
        id="Y-rows",
    ),
    pytest.param(
        lambda: nnbook.backprop(net21(), X5, np.zeros((5, 2))), ValueError, ["(5, 1)", "(5, 2)"], id="Y-columns"
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, np.zeros((5, 1, 1))), ValueError, ["(5, 1)", "(5, 1, 1)"], id="Y-3d"
    ),
    pytest.param(
        lambda: nnbook.backprop(net23(), X5, np.zeros(4), "cross_entropy"),
        ValueError,
        ["5 class label", "(4,)"],
        id="labels-length",
    ),
    pytest.param(
        lambda: nnbook.backprop(net23(), X5, np.eye(2)[[0, 1, 0, 1, 0]], loss="mse"),
        ValueError,
        ["(5, 3)", "(5, 2)"],
        id="one-hot-width",
    ),
    pytest.param(
        lambda: nnbook.backprop(net21(), np.ones(2), [[1.0], [0.0]]),
        ValueError,
        ["(1, 1)", "(2, 1)"],
        id="single-sample-Y-shape",
    ),
    pytest.param(
        lambda: nnbook.mse(np.ones((4, 2)), np.ones((4, 3))), ValueError, ["(4, 2)", "(4, 3)"], id="mse-shapes"
    ),
    pytest.param(lambda: nnbook.mse(np.ones((4, 1)), np.ones(3)), ValueError, ["(4, 1)", "(3, 1)"], id="mse-lengths"),
    pytest.param(
        lambda: nnbook.mse(np.ones((2, 2, 2)), np.ones((2, 2, 2))), ValueError, ["(n, k)", "(2, 2, 2)"], id="mse-3d"
    ),
    pytest.param(
        lambda: nnbook.cross_entropy(PROBS, np.eye(2)[[0, 1]]), ValueError, ["(2, 3)", "(2, 2)"], id="ce-one-hot-width"
    ),
    pytest.param(
        lambda: nnbook.cross_entropy(PROBS, [0, 1, 2]), ValueError, ["2 class label", "(3,)"], id="ce-labels-length"
    ),
    pytest.param(
        lambda: nnbook.Neuron([1.0, 2.0], 0.0)(np.ones((5, 3))),
        ValueError,
        ["2 columns", "(5, 3)"],
        id="neuron-X-columns",
    ),
    pytest.param(
        lambda: nnbook.Neuron([1.0, 2.0], 0.0)(np.ones(3)), ValueError, ["length 2", "(3,)"], id="neuron-x-length"
    ),
    pytest.param(lambda: nnbook.Neuron(np.ones((2, 2)), 0.0), ValueError, ["1-D", "(2, 2)"], id="neuron-weights-2d"),
    pytest.param(lambda: nnbook.Neuron([], 0.0), ValueError, ["one entry per input", "(0,)"], id="neuron-no-weights"),
    pytest.param(
        lambda: nnbook.Neuron([1.0], [0.0, 1.0]), ValueError, ["single number", "(2,)"], id="neuron-bias-vector"
    ),
    pytest.param(
        lambda: setattr(net21().layers[0], "W", np.ones((2, 3))), ValueError, ["(3, 2)", "(2, 3)"], id="assign-W-shape"
    ),
    pytest.param(
        lambda: setattr(net21().layers[1], "b", np.ones(3)), ValueError, ["(1,)", "(3,)"], id="assign-b-shape"
    ),
    # --- wrong dtypes ------------------------------------------------------------------------------
    pytest.param(lambda: net21().forward([["1", "2"]]), TypeError, ["real numbers", "<U1"], id="X-strings"),
    pytest.param(
        lambda: net21().forward(np.ones((2, 2)) * 1j), TypeError, ["real numbers", "complex128"], id="X-complex"
    ),
    pytest.param(
        lambda: net21().forward(np.array([[1, None]], dtype=object)),
        TypeError,
        ["real numbers", "object"],
        id="X-object",
    ),
    pytest.param(lambda: net21().forward([[1, 2], [3]]), ValueError, ["rectangular", "[[1, 2], [3]]"], id="X-ragged"),
    pytest.param(lambda: nnbook.train(net21(), X5, ["a"] * 5), TypeError, ["Y", "real numbers", "<U1"], id="Y-strings"),
    pytest.param(
        lambda: nnbook.backprop(net21(), X5, Y5.astype(complex)), TypeError, ["Y", "complex128"], id="Y-complex"
    ),
    pytest.param(
        lambda: setattr(net21().layers[0], "W", np.full((3, 2), "x")),
        TypeError,
        ["W", "real numbers", "<U1"],
        id="W-strings",
    ),
    pytest.param(
        lambda: setattr(net21().layers[0], "b", np.zeros(3, dtype=complex)),
        TypeError,
        ["b", "complex128"],
        id="b-complex",
    ),
    pytest.param(lambda: nnbook.Neuron(["a", "b"], 0.0), TypeError, ["weights", "<U1"], id="neuron-weights-strings"),
    pytest.param(lambda: nnbook.Neuron([1.0], "0.5"), TypeError, ["bias", "<U3"], id="neuron-bias-string"),
    pytest.param(lambda: nnbook.mse(["a"], [1.0]), TypeError, ["output", "<U1"], id="mse-strings"),
    pytest.param(
        lambda: nnbook.cross_entropy([0.5], np.array([None], dtype=object)),
        TypeError,
        ["object"],
        id="ce-object-target",
    ),
    # --- NaN and infinity -----------------------------------------------------------------------
    pytest.param(lambda: net21().forward(with_nan((5, 2))), ValueError, ["X", "finite", "1 NaN"], id="X-nan"),
    pytest.param(
        lambda: net21().forward(with_nan((5, 2), value=INF)),
        ValueError,
        ["X", "finite", "1 NaN or infinite"],
        id="X-inf",
    ),
    pytest.param(
        lambda: nnbook.backprop(net21(), with_nan((5, 2), value=-INF), Y5),
        ValueError,
        ["X", "finite"],
        id="backprop-X-inf",
    ),
    pytest.param(lambda: nnbook.train(net21(), X5, with_nan((5, 1))), ValueError, ["Y", "finite"], id="train-Y-nan"),
    pytest.param(
        lambda: nnbook.evaluate_loss(net23(), X5, [0, 1, NAN, 0, 1], "cross_entropy"),
        ValueError,
        ["Y", "finite"],
        id="labels-nan",
    ),
    pytest.param(
        lambda: nnbook.mse([1.0, 2.0], [NAN, INF]), ValueError, ["target", "2 NaN or infinite"], id="mse-target-nan"
    ),
    pytest.param(lambda: nnbook.cross_entropy([NAN], [1]), ValueError, ["output", "finite"], id="ce-output-nan"),
    pytest.param(lambda: setattr(net21().layers[0], "W", with_nan((3, 2))), ValueError, ["W", "finite"], id="W-nan"),
    pytest.param(lambda: setattr(net21().layers[0], "b", with_nan(3, 1, INF)), ValueError, ["b", "finite"], id="b-inf"),
    pytest.param(lambda: nnbook.Neuron([1.0, NAN], 0.0), ValueError, ["weights", "finite"], id="neuron-weights-nan"),
    pytest.param(lambda: nnbook.Neuron([1.0], INF), ValueError, ["bias", "finite"], id="neuron-bias-inf"),
    pytest.param(lambda: nnbook.Neuron([1.0], 0.0)([NAN]), ValueError, ["x", "finite"], id="neuron-x-nan"),
    # --- empty batch ---------------------------------------------------------------------------------
    pytest.param(
        lambda: net21().forward(np.empty((0, 2))), ValueError, ["at least one sample", "(0, 2)"], id="forward-empty"
    ),
    pytest.param(
        lambda: nnbook.train(net21(), np.empty((0, 2)), np.empty((0, 1))),
        ValueError,
        ["at least one sample", "(0, 2)"],
        id="train-empty",
    ),
    pytest.param(lambda: nnbook.backprop(net21(), [], []), ValueError, ["length 2", "(0,)"], id="backprop-empty-list"),
    pytest.param(lambda: nnbook.mse([], []), ValueError, ["at least one sample", "empty"], id="mse-empty"),
    pytest.param(lambda: nnbook.cross_entropy([], []), ValueError, ["at least one sample", "(0, 1)"], id="ce-empty"),
    pytest.param(
        lambda: nnbook.Neuron([1.0], 0.0)(np.empty((0, 1))),
        ValueError,
        ["at least one sample", "(0, 1)"],
        id="neuron-empty",
    ),
    # --- unknown names ----------------------------------------------------------------------------
    pytest.param(
        lambda: nnbook.Network([2, 1], activation="sigmoidd"),
        ValueError,
        ["unknown activation 'sigmoidd'", *ALL_ACTIVATIONS],
        id="activation-name",
    ),
    pytest.param(
        lambda: nnbook.Network([2, 1], output_activation="soft-max"),
        ValueError,
        ["'soft-max'", *ALL_ACTIVATIONS],
        id="output-activation-name",
    ),
    pytest.param(
        lambda: nnbook.Network([2, 1], activation=None), ValueError, ["None", *ALL_ACTIVATIONS], id="activation-none"
    ),
    pytest.param(
        lambda: nnbook.Neuron([1.0], 0.0, activation="ReLU"),
        ValueError,
        ["'ReLU'", *ALL_ACTIVATIONS],
        id="neuron-activation-name",
    ),
    pytest.param(
        lambda: nnbook.get_activation("swish"), ValueError, ["'swish'", *ALL_ACTIVATIONS], id="get-activation-name"
    ),
    pytest.param(
        lambda: nnbook.backprop(net21(), X5, Y5, loss="mae"),
        ValueError,
        ["unknown loss 'mae'", "'mse'", "'cross_entropy'"],
        id="loss-name-backprop",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, loss="MSE"),
        ValueError,
        ["'MSE'", "'mse'", "'cross_entropy'"],
        id="loss-name-train",
    ),
    pytest.param(
        lambda: nnbook.evaluate_loss(net21(), X5, Y5, loss="ce"),
        ValueError,
        ["'ce'", "'cross_entropy'"],
        id="loss-name-eval",
    ),
    pytest.param(
        lambda: nnbook.numerical_gradient(net21(), X5, Y5, loss=None),
        ValueError,
        ["None", "'mse'"],
        id="loss-name-numerical",
    ),
    pytest.param(
        lambda: datasets.logic_gate("xnor"),
        ValueError,
        ["'xnor'", "'and'", "'or'", "'nand'", "'nor'", "'xor'"],
        id="gate-name",
    ),
    # --- an activation where it cannot be ----------------------------------------------------------
    pytest.param(
        lambda: nnbook.Network([2, 3, 1], activation="step"), ValueError, ["'step'", "'sigmoid'"], id="step-hidden"
    ),
    pytest.param(
        lambda: nnbook.Network([2, 3, 1], activation="tanh", output_activation="step"),
        ValueError,
        ["'step'", "'sigmoid'"],
        id="step-output",
    ),
    pytest.param(
        lambda: nnbook.Network([2, 3, 2], activation="softmax", output_activation="softmax"),
        ValueError,
        ["softmax", "output activation", "hidden activation such as 'relu'"],
        id="softmax-hidden",
    ),
    pytest.param(
        lambda: nnbook.Network([2, 3, 2], activation="softmax"),
        ValueError,
        ["softmax", "hidden"],
        id="softmax-hidden-default",
    ),
    pytest.param(
        lambda: nnbook.Network([2, 3, 1], activation="tanh", output_activation="softmax"),
        ValueError,
        ["at least 2 output units", "[2, 3, 1]"],
        id="softmax-one-output",
    ),
    pytest.param(
        lambda: nnbook.Neuron([1.0], 0.0, activation="softmax"),
        ValueError,
        ["softmax", "'sigmoid'"],
        id="neuron-softmax",
    ),
    # --- cross-entropy needs probabilities --------------------------------------------------------
    pytest.param(
        lambda: nnbook.backprop(nnbook.Network([2, 1], "identity"), X5, Y5, "cross_entropy"),
        ValueError,
        ["softmax", "one sigmoid", "'identity' with 1 unit"],
        id="ce-identity-output",
    ),
    pytest.param(
        lambda: nnbook.train(nnbook.Network([2, 2], "sigmoid"), X5, np.zeros((5, 2)), "cross_entropy"),
        ValueError,
        ["softmax", "'sigmoid' with 2 unit"],
        id="ce-two-sigmoids",
    ),
    pytest.param(
        lambda: nnbook.evaluate_loss(nnbook.Network([2, 3, 1], "tanh"), X5, Y5, "cross_entropy"),
        ValueError,
        ["softmax", "'tanh' with 1 unit"],
        id="ce-tanh-output",
    ),
    pytest.param(
        lambda: nnbook.numerical_gradient(nnbook.Network([2, 2], "relu"), X5, [0, 1, 0, 1, 0], "cross_entropy"),
        ValueError,
        ["softmax", "'relu' with 2 unit"],
        id="ce-relu-output",
    ),
    pytest.param(
        lambda: nnbook.cross_entropy([[0.5, -0.1]], [0]),
        ValueError,
        ["between 0 and 1", "-0.1"],
        id="ce-negative-probability",
    ),
    pytest.param(
        lambda: nnbook.cross_entropy([1.5, 0.5], [1, 0]),
        ValueError,
        ["between 0 and 1", "1.5"],
        id="ce-probability-above-1",
    ),
    pytest.param(
        lambda: nnbook.cross_entropy([[0.5, 0.5], [0.5, 0.7]], [0, 1]),
        ValueError,
        ["sum to 1", "1.2"],
        id="ce-rows-not-summing-to-1",
    ),
    # --- class labels ------------------------------------------------------------------------------
    pytest.param(
        lambda: nnbook.backprop(net23(), X5, [0, 1, 3, 0, 2], "cross_entropy"),
        ValueError,
        ["from 0 to 2", "3 output units", "from 0 to 3"],
        id="label-too-large",
    ),
    pytest.param(
        lambda: nnbook.train(net23(), X5, [0, -1, 2, 0, 2], "cross_entropy"),
        ValueError,
        ["from 0 to 2", "from -1 to 2"],
        id="label-negative",
    ),
    pytest.param(
        lambda: nnbook.evaluate_loss(net23(), X5, [0, 1.5, 2, 0, 1], "cross_entropy"),
        ValueError,
        ["integer class labels", "1.5"],
        id="label-fractional",
    ),
    pytest.param(
        lambda: nnbook.cross_entropy(PROBS, [0, 3]), ValueError, ["from 0 to 2", "to 3"], id="ce-label-too-large"
    ),
    pytest.param(
        lambda: nnbook.cross_entropy(PROBS, [[1, 1, 0], [0, 0, 1]]),
        ValueError,
        ["one-hot", "[1.0, 1.0, 0.0]"],
        id="ce-not-one-hot",
    ),
    pytest.param(
        lambda: nnbook.train(net23(), X5, np.eye(3)[LABELS5] - 0.5, "cross_entropy"),
        ValueError,
        ["one-hot", "-0.5"],
        id="train-not-one-hot",
    ),
    # --- binary targets --------------------------------------------------------------------------
    pytest.param(
        lambda: nnbook.train(net21(), X5, [0, 1, 2, 0, 1], "cross_entropy"),
        ValueError,
        ["0 and 1", "2"],
        id="binary-target-2",
    ),
    pytest.param(
        lambda: nnbook.backprop(net21(), X5, [0, 1, 0.5, 0, 1], "cross_entropy"),
        ValueError,
        ["0 and 1", "0.5"],
        id="binary-target-half",
    ),
    pytest.param(
        lambda: nnbook.cross_entropy([0.5, 0.5], [-1, 1]), ValueError, ["0 and 1", "-1"], id="ce-binary-target"
    ),
    # --- learning rate, batch size, eps, epochs, seed ------------------------------------------------
    *[
        pytest.param(
            lambda value=value: nnbook.train(net21(), X5, Y5, learning_rate=value),
            ValueError,
            ["learning_rate", "finite number above 0", repr(value)],
            id=f"learning-rate-{value}",
        )
        for value in (0, 0.0, -0.1, NAN, INF, -INF)
    ],
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, learning_rate="0.1"),
        TypeError,
        ["learning_rate", "'0.1'"],
        id="learning-rate-str",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, learning_rate=None),
        TypeError,
        ["learning_rate", "None"],
        id="learning-rate-none",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, learning_rate=True),
        TypeError,
        ["learning_rate", "True"],
        id="learning-rate-bool",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size=0),
        ValueError,
        ["batch_size", "at least 1", "0"],
        id="batch-size-0",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size=-3),
        ValueError,
        ["batch_size", "at least 1", "-3"],
        id="batch-size-neg",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size=2.5),
        ValueError,
        ["batch_size", "whole number", "2.5"],
        id="batch-size-frac",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size=INF),
        ValueError,
        ["batch_size", "whole number", "inf"],
        id="batch-size-inf",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size=NAN),
        ValueError,
        ["batch_size", "whole number", "nan"],
        id="batch-size-nan",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, batch_size="8"), TypeError, ["batch_size", "'8'"], id="batch-size-str"
    ),
    *[
        pytest.param(
            lambda value=value: nnbook.numerical_gradient(net21(), X5, Y5, eps=value),
            ValueError,
            ["eps", "finite number above 0", repr(value)],
            id=f"eps-{value}",
        )
        for value in (0.0, -1e-6, NAN, INF)
    ],
    pytest.param(
        lambda: nnbook.gradient_check(net21(), X5, Y5, eps=0), ValueError, ["eps", "0"], id="gradient-check-eps"
    ),
    pytest.param(
        lambda: nnbook.numerical_gradient(net21(), X5, Y5, eps="tiny"), TypeError, ["eps", "'tiny'"], id="eps-str"
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, epochs=-1), ValueError, ["epochs", "at least 0", "-1"], id="epochs-neg"
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, epochs=2.5),
        ValueError,
        ["epochs", "whole number", "2.5"],
        id="epochs-frac",
    ),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, epochs=INF),
        ValueError,
        ["epochs", "whole number", "inf"],
        id="epochs-inf",
    ),
    pytest.param(lambda: nnbook.train(net21(), X5, Y5, epochs="10"), TypeError, ["epochs", "'10'"], id="epochs-str"),
    pytest.param(lambda: nnbook.train(net21(), X5, Y5, epochs=None), TypeError, ["epochs", "None"], id="epochs-none"),
    pytest.param(
        lambda: nnbook.train(net21(), X5, Y5, seed=-1), ValueError, ["seed", "at least 0", "-1"], id="train-seed-neg"
    ),
    pytest.param(
        lambda: nnbook.Network([2, 1], seed=1.5), ValueError, ["seed", "whole number", "1.5"], id="network-seed-frac"
    ),
    # --- network sizes ----------------------------------------------------------------------------
    pytest.param(lambda: nnbook.Network([]), ValueError, ["at least two layer sizes", "[]"], id="sizes-empty"),
    pytest.param(lambda: nnbook.Network([3]), ValueError, ["at least two layer sizes", "[3]"], id="sizes-one"),
    pytest.param(lambda: nnbook.Network([2, 0, 1]), ValueError, ["at least 1", "[2, 0, 1]"], id="sizes-zero-width"),
    pytest.param(lambda: nnbook.Network([0, 1]), ValueError, ["at least 1", "[0, 1]"], id="sizes-zero-inputs"),
    pytest.param(lambda: nnbook.Network([2, -3, 1]), ValueError, ["at least 1", "[2, -3, 1]"], id="sizes-negative"),
    pytest.param(
        lambda: nnbook.Network([2, 2.5, 1]), ValueError, ["whole number", "[2, 2.5, 1]"], id="sizes-fractional"
    ),
    pytest.param(lambda: nnbook.Network([2, "3", 1]), ValueError, ["whole number", "'3'"], id="sizes-string-entry"),
    pytest.param(lambda: nnbook.Network("231"), TypeError, ["list of layer widths", "'231'"], id="sizes-string"),
    pytest.param(lambda: nnbook.Network(3), TypeError, ["list of layer widths", "3"], id="sizes-int"),
    pytest.param(lambda: nnbook.Network(None), TypeError, ["list of layer widths", "None"], id="sizes-none"),
    # --- data sets ----------------------------------------------------------------------------------
    pytest.param(lambda: datasets.xor(n=1), ValueError, ["n", "at least 2", "1"], id="dataset-n-small"),
    pytest.param(lambda: datasets.circle(n=10.5), ValueError, ["n", "whole number", "10.5"], id="dataset-n-frac"),
    pytest.param(
        lambda: datasets.gaussians(noise=-0.1), ValueError, ["noise", "at least 0", "-0.1"], id="dataset-noise-neg"
    ),
    pytest.param(lambda: datasets.spiral(noise=NAN), ValueError, ["noise", "nan"], id="dataset-noise-nan"),
    pytest.param(lambda: datasets.xor(seed=-1), ValueError, ["seed", "-1"], id="dataset-seed-neg"),
]


@pytest.mark.parametrize(("call", "error", "fragments"), CASES)
def test_bad_input_is_refused_with_a_clear_message(call, error, fragments):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


# --- no work is done --------------------------------------------------------------------------


def snapshot(net):
    return [(layer.W.tobytes(), layer.b.tobytes()) for layer in net.layers]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"learning_rate": -1.0},
        {"learning_rate": NAN},
        {"epochs": -2},
        {"epochs": 1.5},
        {"batch_size": 0},
        {"batch_size": 1.5},
        {"seed": -4},
        {"loss": "cross_entropy", "Y": [0, 1, 2, 0, 1]},
        {"loss": "hinge"},
        {"Y": with_nan((5, 1))},
        {"X": np.ones((5, 3))},
        {"Y": np.zeros((4, 1))},
    ],
    ids=lambda kwargs: ",".join(kwargs),
)
def test_train_with_bad_input_leaves_the_network_unchanged(kwargs):
    net = net21()
    before = snapshot(net)
    arguments = {"X": X5 * 0.5, "Y": Y5, "epochs": 3, **kwargs}
    X, Y = arguments.pop("X"), arguments.pop("Y")
    with pytest.raises((ValueError, TypeError)):
        nnbook.train(net, X, Y, **arguments)
    assert snapshot(net) == before


@pytest.mark.parametrize("eps", [0.0, -1.0, NAN])
def test_numerical_gradient_with_bad_eps_leaves_the_network_unchanged(eps):
    net = net21()
    before = snapshot(net)
    with pytest.raises(ValueError):
        nnbook.numerical_gradient(net, X5, Y5, eps=eps)
    assert snapshot(net) == before


def test_refused_assignment_keeps_the_old_weights():
    net = net21()
    before = snapshot(net)
    for attribute, value in [("W", np.ones((2, 3))), ("W", with_nan((3, 2))), ("b", np.ones(4)), ("b", ["a"] * 3)]:
        with pytest.raises((ValueError, TypeError)):
            setattr(net.layers[0], attribute, value)
    assert snapshot(net) == before
    neuron = nnbook.Neuron([1.0, 2.0], 0.5)
    with pytest.raises(ValueError):
        neuron.weights = [1.0, NAN]
    with pytest.raises(ValueError):
        neuron.activation = "softmax"
    assert neuron.weights.tolist() == [1.0, 2.0]
    assert neuron.activation == "sigmoid"


def test_no_deep_numpy_errors_for_a_mismatched_layer_stack():
    # Each layer's shape is fixed at assignment, so a reader cannot break the chain of layers.
    net = net21()
    with pytest.raises(ValueError, match=r"expected W of shape \(1, 3\)"):
        net.layers[1].W = np.ones((1, 4))
    assert net.forward(X5).shape == (5, 1)


# --- accepted inputs ------------------------------------------------------------------------------


def test_plain_lists_and_integer_arrays_are_accepted_everywhere():
    X_list = [[0, 1], [1, 0], [2, 2], [-1, 3]]
    X_int = np.array(X_list, dtype=np.int64)
    X_float = X_int.astype(float)
    y_list = [0, 1, 1, 0]
    y_int = np.array(y_list, dtype=np.int32)
    net = nnbook.Network([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    reference = net.forward(X_float)
    np.testing.assert_array_equal(net.forward(X_list), reference)
    np.testing.assert_array_equal(net.forward(X_int), reference)
    expected = nnbook.evaluate_loss(net, X_float, y_int.astype(float), "cross_entropy")
    assert nnbook.evaluate_loss(net, X_list, y_list, "cross_entropy") == expected
    assert nnbook.evaluate_loss(net, X_int, y_int, "cross_entropy") == expected
    for (a, b), (c, d) in zip(
        nnbook.backprop(net, X_list, y_list), nnbook.backprop(net, X_float, y_int.astype(float)), strict=True
    ):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    twin_a, twin_b = net.copy(), net.copy()
    nnbook.train(twin_a, X_list, y_list, epochs=2)
    nnbook.train(twin_b, X_float, y_int.astype(float), epochs=2)
    assert snapshot(twin_a) == snapshot(twin_b)
    assert nnbook.mse([1, 2], [0, 0]) == 1.25
    assert nnbook.cross_entropy([[1, 0]], [0]) == 0.0
    assert nnbook.Neuron([1, 1], 0, "identity")([[1, 2]]).tolist() == [3.0]


def test_zero_epochs_and_numpy_number_types_are_accepted():
    net = net21()
    before = snapshot(net)
    history = nnbook.train(net, X5, Y5, epochs=0)
    assert history.loss == [] and not history.diverged
    assert snapshot(net) == before
    history = nnbook.train(
        net, X5, Y5, learning_rate=np.float32(0.5), epochs=np.int64(2), batch_size=np.int32(2), seed=np.uint8(3)
    )
    assert len(history.loss) == 2
    history = nnbook.train(net, X5, Y5, learning_rate=1, epochs=1)  # an int learning rate is a number
    assert len(history.loss) == 1
    assert nnbook.Network(np.array([2, 3, 1]), seed=np.int64(0)).sizes == [2, 3, 1]


def test_labels_given_as_whole_floats_are_accepted():
    net = net23()
    as_int = nnbook.evaluate_loss(net, X5, LABELS5, "cross_entropy")
    assert nnbook.evaluate_loss(net, X5, LABELS5.astype(float), "cross_entropy") == as_int


def test_one_sample_with_its_target():
    net = net23()
    x = np.array([0.3, -0.2])
    batch = nnbook.backprop(net, x[None, :], [2], "cross_entropy")
    for target in (2, np.int64(2), [2], [0, 0, 1]):
        single = nnbook.backprop(net, x, target, "cross_entropy")
        for (a, b), (c, d) in zip(single, batch, strict=True):
            np.testing.assert_array_equal(a, c)
            np.testing.assert_array_equal(b, d)


def test_extreme_but_finite_inputs_give_finite_results():
    net = nnbook.Network([2, 3, 2], activation="tanh", output_activation="softmax", seed=0)
    X = np.array([[1e4, -1e4], [-1e4, 1e4]])
    out = net.forward(X)
    assert np.all(np.isfinite(out))
    assert math.isfinite(nnbook.evaluate_loss(net, X, [0, 1], "cross_entropy"))
    for dW, db in nnbook.backprop(net, X, [0, 1], "cross_entropy"):
        assert np.all(np.isfinite(dW)) and np.all(np.isfinite(db))
