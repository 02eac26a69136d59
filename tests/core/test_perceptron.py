"""Chapter 1: the perceptron learning rule (equation 1.11)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import nnbook
from nnbook.perceptron import perceptron_update


def test_one_update_by_hand() -> None:
    # w = (0, 0), b = 0 fires on x = (1, 2) (z = 0, H(0) = 1); the target 0 makes the
    # error −1, so w ← w − η·x and b ← b − η.
    neuron = nnbook.Neuron([0.0, 0.0], 0.0, "step")
    error = perceptron_update(neuron, np.array([1.0, 2.0]), 0.0, 0.5)
    assert error == -1.0
    np.testing.assert_array_equal(neuron.weights, [-0.5, -1.0])
    assert neuron.bias == -0.5


def test_a_right_answer_changes_nothing() -> None:
    neuron = nnbook.Neuron([1.0, 1.0], -1.5, "step")
    assert perceptron_update(neuron, np.array([1.0, 1.0]), 1.0, 1.0) == 0.0
    np.testing.assert_array_equal(neuron.weights, [1.0, 1.0])
    assert neuron.bias == -1.5


@pytest.mark.parametrize("gate", ["and", "or", "nand", "nor"])
def test_the_rule_learns_every_separable_gate(gate: str) -> None:
    X, y = nnbook.datasets.logic_gate(gate)
    neuron = nnbook.Neuron([0.0, 0.0], 0.0, "step")
    history = nnbook.train_perceptron(neuron, X, y, epochs=50)
    assert history.converged and history.mistakes[-1] == 0
    np.testing.assert_array_equal(neuron(X), y)


def test_it_learns_all_fourteen_separable_tables_of_two_inputs() -> None:
    X, _ = nnbook.datasets.logic_gate("and")
    learned = 0
    for table in itertools.product([0.0, 1.0], repeat=4):
        neuron = nnbook.Neuron([0.0, 0.0], 0.0, "step")
        if nnbook.train_perceptron(neuron, X, table, epochs=100).converged:
            np.testing.assert_array_equal(neuron(X), table)
            learned += 1
    assert learned == 14  # all but XOR and XNOR


def test_on_xor_it_never_stops_making_mistakes() -> None:
    X, y = nnbook.datasets.logic_gate("xor")
    neuron = nnbook.Neuron([0.0, 0.0], 0.0, "step")
    history = nnbook.train_perceptron(neuron, X, y, epochs=200)
    assert not history.converged
    assert len(history.mistakes) == 200 and min(history.mistakes) >= 1


def test_the_last_epoch_is_the_one_without_a_mistake() -> None:
    X, y = nnbook.datasets.logic_gate("and")
    neuron = nnbook.Neuron([0.0, 0.0], 0.0, "step")
    history = nnbook.train_perceptron(neuron, X, y)
    assert history.mistakes.count(0) == 1 and history.mistakes[-1] == 0
    assert len(history.parameters) == len(history.mistakes)
    assert history.parameters[-1] == (neuron.weights.tolist(), neuron.bias)
    # an epoch without a mistake changes nothing
    assert history.parameters[-1] == history.parameters[-2]


def test_and_is_learned_from_zero_as_worked_by_hand() -> None:
    # Epoch 1 from w = 0, b = 0 (H(0) = 1): (0,0) fires wrongly → w = (0,0), b = −1;
    # (0,1): z = −1, right; (1,0): right; (1,1): z = −1, should fire → w = (1,1), b = 0.
    X, y = nnbook.datasets.logic_gate("and")
    history = nnbook.train_perceptron(nnbook.Neuron([0.0, 0.0], 0.0, "step"), X, y, epochs=1)
    assert history.mistakes == [2]
    assert history.parameters == [([1.0, 1.0], 0.0)]


def test_zero_epochs_trains_nothing() -> None:
    X, y = nnbook.datasets.logic_gate("and")
    neuron = nnbook.Neuron([0.3, -0.2], 0.1, "step")
    history = nnbook.train_perceptron(neuron, X, y, epochs=0)
    assert history.mistakes == [] and not history.converged
    np.testing.assert_array_equal(neuron.weights, [0.3, -0.2])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"neuron": nnbook.Neuron([0.0, 0.0], 0.0, "sigmoid")}, "'step' activation"),
        ({"X": np.zeros((4, 3))}, "2 columns"),
        ({"y": [0, 1, 1]}, "shape (4,)"),
        ({"y": [0, 1, 2, 1]}, "0 and 1"),
        ({"learning_rate": 0.0}, "above 0"),
        ({"epochs": -1}, "at least 0"),
        ({"epochs": 2.5}, "whole number"),
        ({"X": [[0.0, np.nan]] * 4}, "finite"),
    ],
)
def test_bad_input_is_refused_before_any_update(kwargs: dict, message: str) -> None:
    X, y = nnbook.datasets.logic_gate("and")
    neuron = kwargs.pop("neuron", nnbook.Neuron([0.0, 0.0], 0.0, "step"))
    arguments = {"X": X, "y": y} | kwargs
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        nnbook.train_perceptron(neuron, **arguments)
    assert neuron.bias == 0.0 and not neuron.weights.any()
