"""Chapter 2's exercises: architecture (registered on import).

Expected values are computed with ``nnbook.Network`` itself (its ``n_parameters`` and
``forward``), never typed in.
"""

from __future__ import annotations

import itertools

import numpy as np

from nnbook.datasets import logic_gate
from nnbook.exercises.base import Mistake, Verdict, numeric_exercise, parameter_exercise
from nnbook.network import Network

#: The layer sizes of chapter 2's counting exercises: a classifier of 28×28 images into 10 classes.
MNIST_SIZES = [784, 128, 64, 10]


def parameter_count(sizes: list[int]) -> int:
    """How many weights and biases a network of ``sizes`` has, read off ``Network.n_parameters``."""
    return Network(sizes, seed=0).n_parameters()


def weight_count(sizes: list[int]) -> int:
    """How many weights alone (no biases): one multiplication each per sample in a forward pass."""
    return sum(layer.W.size for layer in Network(sizes, seed=0).layers)


numeric_exercise(
    "ch2-ex1",
    "How many parameters (weights and biases) does a network of sizes [784, 128, 64, 10] have?",
    expected=lambda: parameter_count(MNIST_SIZES),
    tolerance=0.0,
    hint="Each layer has a weight matrix of shape (n_out, n_in) and a bias vector of n_out entries (equation 2.6).",
    mistakes=[
        Mistake(lambda: weight_count(MNIST_SIZES), "Those are the weights only: every unit also has a bias."),
        Mistake(lambda: float(sum(MNIST_SIZES)), "That counts units, not the connections between them."),
        Mistake(
            lambda: float(sum(a * b for a, b in itertools.pairwise(MNIST_SIZES)) + sum(MNIST_SIZES)),
            "The input units have no bias: only the layers that compute something do.",
        ),
    ],
)


def tiny_network() -> Network:
    """The network of exercise ch2-ex2: ReLU hidden layer, identity output."""
    net = Network([2, 2, 1], activation="relu", output_activation="identity", seed=0)
    net.layers[0].W = [[1.0, -1.0], [2.0, 1.0]]
    net.layers[0].b = [0.5, -1.0]
    net.layers[1].W = [[1.0, -2.0]]
    net.layers[1].b = [0.5]
    return net


TINY_INPUT = np.array([1.0, 2.0])


def _without_relu() -> float:
    net = tiny_network()
    hidden = net.layers[0].weighted_sum(TINY_INPUT[np.newaxis, :])
    return float(net.layers[1].weighted_sum(hidden)[0, 0])


def _transposed() -> float:
    net = tiny_network()
    hidden = np.maximum(net.layers[0].W.T @ TINY_INPUT + net.layers[0].b, 0.0)
    return float((net.layers[1].W @ hidden + net.layers[1].b)[0])


numeric_exercise(
    "ch2-ex2",
    "What does the network with W¹ = [[1, −1], [2, 1]], b¹ = (0.5, −1), ReLU, W² = [[1, −2]], b² = 0.5 and "
    "an identity output give for x = (1, 2)?",
    expected=lambda: float(tiny_network().forward(TINY_INPUT)[0]),
    hint="Work layer by layer: z¹ = W¹x + b¹, h = ReLU(z¹), then ŷ = W²h + b² (equations 2.1 and 2.3).",
    mistakes=[
        Mistake(_without_relu, "You skipped the ReLU: a negative weighted sum in the hidden layer becomes 0."),
        Mistake(_transposed, "Row j of W holds the weights *into* unit j: multiply W¹ by x, not W¹ᵀ."),
    ],
)


def _collapse() -> np.ndarray:
    W1 = np.array([[1.0, 2.0], [0.0, 1.0]])
    b1 = np.array([1.0, 0.0])
    W2 = np.array([[2.0, -1.0]])
    b2 = np.array([3.0])
    return np.append((W2 @ W1)[0], W2 @ b1 + b2)


def _collapse_judge(answer: np.ndarray) -> Verdict:
    net = Network([2, 2, 1], activation="identity", seed=0)
    net.layers[0].W, net.layers[0].b = [[1.0, 2.0], [0.0, 1.0]], [1.0, 0.0]
    net.layers[1].W, net.layers[1].b = [[2.0, -1.0]], [3.0]
    probe = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [2.0, -3.0]])
    wanted = net.forward(probe)[:, 0]
    given = probe @ answer[:2] + answer[2]
    if np.allclose(given, wanted, atol=1e-9):
        return (
            True,
            f"The two identity layers are the single affine map {answer[0]:g}·x₁ + {answer[1]:g}·x₂ + {answer[2]:g}.",
        )
    if np.allclose(answer[:2], _collapse()[:2]):
        return False, "The weights are right; the bias of the first layer passes through W² too: b = W²b¹ + b²."
    return False, "Substitute h = W¹x + b¹ into ŷ = W²h + b² and multiply out (equation 2.5)."


parameter_exercise(
    "ch2-ex3",
    "Two identity layers, W¹ = [[1, 2], [0, 1]], b¹ = (1, 0) and W² = [[2, −1]], b² = 3, compute one affine "
    "function w·x + b. Give (w₁, w₂, b).",
    3,
    "(w₁, w₂, b)",
    _collapse_judge,
)


def _xnor_judge(answer: np.ndarray) -> Verdict:
    X, xor_labels = logic_gate("xor")
    labels = 1 - xor_labels  # XNOR: 1 when the inputs are equal
    net = Network([2, 2, 1], activation="sigmoid", seed=0)
    net.layers[0].W, net.layers[0].b = answer[:4].reshape(2, 2), answer[4:6]
    net.layers[1].W, net.layers[1].b = answer[6:8].reshape(1, 2), answer[8:]
    z = net.forward_pass(X).weighted_sums[-1][:, 0]
    outputs = (z >= 0).astype(np.int64)
    wrong = [f"({x[0]:.0f}, {x[1]:.0f})" for x, o, t in zip(X, outputs, labels, strict=True) if o != t]
    if not wrong:
        return True, "Your sigmoid network computes XNOR: every row lands on the right side of the output unit's line."
    return False, (
        f"The input(s) {', '.join(wrong)} come out wrong. Try a hidden AND unit and a hidden NOR unit, "
        "then an output that is 1 when either fires (OR)."
    )


parameter_exercise(
    "ch2-ex4",
    "Give nine numbers (w¹₁₁, w¹₁₂, w¹₂₁, w¹₂₂, b¹₁, b¹₂, w²₁₁, w²₁₂, b²₁) for which the 2-2-1 sigmoid network "
    "computes XNOR (output ≥ 1/2 exactly when x₁ = x₂).",
    9,
    "(W¹ row by row, b¹, W², b²)",
    _xnor_judge,
)

numeric_exercise(
    "ch2-ex5",
    "How many multiplications does the forward pass of the [784, 128, 64, 10] network make for a batch of 32 "
    "inputs (counting those in the matrix products only)?",
    expected=lambda: 32.0 * weight_count(MNIST_SIZES),
    tolerance=0.0,
    hint="Z = A·Wᵀ + b (equation 2.2) multiplies each of the 32 rows by every weight once.",
    mistakes=[
        Mistake(lambda: float(weight_count(MNIST_SIZES)), "That is one input's worth: the batch has 32 rows."),
        Mistake(
            lambda: 32.0 * parameter_count(MNIST_SIZES),
            "Biases are added, not multiplied: count the weights only.",
        ),
    ],
)
