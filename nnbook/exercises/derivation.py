"""Chapter 4's exercises: derivatives by the chain rule and by backpropagation (registered on import).

Every expected value is computed with nnbook itself (``backprop`` on a network holding
the exercise's numbers), never typed in.
"""

from __future__ import annotations

import numpy as np

from nnbook.backprop import backprop
from nnbook.exercises.base import Mistake, numeric_exercise
from nnbook.network import Network, one_neuron
from nnbook.neuron import sigmoid

# ch4-ex1: 𝓛 = ½(σ(w·x + b) − y)² at w = −1, b = 2, x = 0.5, y = 0, differentiated by w.
CH4_EX1 = {"w": -1.0, "b": 2.0, "x": 0.5, "t": 0.0}


def _ch4_ex1(by: str = "w") -> float:
    p = CH4_EX1
    ((dW, db),) = backprop(one_neuron(p["w"], p["b"]), [[p["x"]]], [[p["t"]]])
    return float(dW[0, 0] if by == "w" else db[0])


def _ch4_ex1_output() -> float:
    p = CH4_EX1
    return float(sigmoid(p["w"] * p["x"] + p["b"]))


numeric_exercise(
    "ch4-ex1",
    "For 𝓛 = ½(σ(w·x + b) − y)² at w = −1, b = 2, x = 0.5, y = 0, what is ∂𝓛/∂w?",
    expected=_ch4_ex1,
    hint="Go forward first (z, a = σ(z), a − y), then multiply the local derivatives: (a − y)·σ′(z)·x.",
    mistakes=[
        Mistake(lambda: _ch4_ex1("b"), "That is ∂𝓛/∂b: the last factor, ∂z/∂w, is x, not 1."),
        Mistake(
            lambda: _ch4_ex1_output() - CH4_EX1["t"],
            "That is ∂𝓛/∂a = a − y only; the chain continues through σ and through z = w·x + b.",
        ),
        Mistake(
            lambda: (_ch4_ex1_output() - CH4_EX1["t"]) * CH4_EX1["x"],
            "You left out σ′(z) = a(1 − a), the sigmoid's own slope.",
        ),
    ],
)


# ch4-ex2: a 2-2-1 network with ReLU hidden units and an identity output, one sample.
CH4_EX2 = {
    "W1": [[1.0, -1.0], [0.5, 2.0]],
    "W2": [[1.0, -2.0]],
    "b2": [0.5],
    "x": [1.0, 2.0],
    "t": 1.0,
}


def ch4_ex2_network() -> Network:
    """The network of exercise ch4-ex2 (biases of the hidden layer 0)."""
    net = Network([2, 2, 1], activation="relu", output_activation="identity")
    net.layers[0].W = CH4_EX2["W1"]
    net.layers[0].b = [0.0, 0.0]
    net.layers[1].W = CH4_EX2["W2"]
    net.layers[1].b = CH4_EX2["b2"]
    return net


def _ch4_ex2(layer: int = 0, index: tuple[int, int] = (1, 0)) -> float:
    grads = backprop(ch4_ex2_network(), [CH4_EX2["x"]], [[CH4_EX2["t"]]])
    return float(grads[layer][0][index])


numeric_exercise(
    "ch4-ex2",
    "In the 2-2-1 ReLU network of ch4-ex2, what is ∂𝓛/∂W⁽¹⁾[1, 0] (from input x₁ to hidden neuron 2)?",
    expected=_ch4_ex2,
    hint=(
        "Δ⁽²⁾ = ŷ − y at the output (identity, n = 1); then Δ⁽¹⁾ = (Δ⁽²⁾W⁽²⁾) ⊙ ReLU′(Z⁽¹⁾); the entry is Δ⁽¹⁾[1]·x[0]."
    ),
    mistakes=[
        Mistake(lambda: -_ch4_ex2(), "The sign is off: Δ⁽²⁾ = output − target, not target − output."),
        Mistake(lambda: _ch4_ex2(0, (1, 1)), "That is the entry for input x₂ (W⁽¹⁾[1, 1]); the question asks for x₁."),
        Mistake(
            lambda: (float(ch4_ex2_network().forward(CH4_EX2["x"])[0]) - CH4_EX2["t"]) * CH4_EX2["x"][0],
            "The error reaches hidden neuron 2 through its outgoing weight W⁽²⁾[0, 1] = −2: multiply by it.",
        ),
    ],
)


# ch4-ex3: how many forward passes does numerical_gradient make for a 784-30-10 network?
CH4_EX3_SIZES = [784, 30, 10]


def _ch4_ex3() -> float:
    return 2.0 * Network(CH4_EX3_SIZES, seed=0).n_parameters()


numeric_exercise(
    "ch4-ex3",
    "How many forward passes does nnbook.numerical_gradient make for a network of sizes [784, 30, 10]?",
    expected=_ch4_ex3,
    hint="Two passes (θ + ε and θ − ε) for every weight and every bias: count the parameters first.",
    tolerance=0.5,
    mistakes=[
        Mistake(lambda: _ch4_ex3() / 2, "That is the number of parameters; each needs two passes."),
        Mistake(lambda: 2.0 * (784 * 30 + 30 * 10), "Count the biases too: every bias is nudged as well."),
    ],
)


# ch4-ex4: the steepest rate of increase for a given gradient.
CH4_EX4_GRADIENT = (0.3, -0.4)

numeric_exercise(
    "ch4-ex4",
    "At a point where ∇𝓛 = (0.3, −0.4), how fast does 𝓛 rise per unit step in the steepest direction?",
    expected=lambda: float(np.linalg.norm(CH4_EX4_GRADIENT)),
    hint="The rate along a unit direction u is ∇𝓛·u; it is largest for u = ∇𝓛/|∇𝓛|.",
    mistakes=[
        Mistake(lambda: 0.7, "|0.3| + |−0.4| is not the length of a vector."),
        Mistake(lambda: 0.25, "That is |∇𝓛|²; take the square root."),
    ],
)
