"""nnbook: a neural network derived step by step, one chapter per module.

The core (``neuron``, ``perceptron``, ``network``, ``loss``, ``backprop``, ``training``, ``datasets``)
needs only numpy. ``nnbook.plots`` (matplotlib) and ``nnbook.widgets`` (ipywidgets) are
imported on their own, so ``import nnbook`` stays light.
"""

from nnbook import datasets, exercises, splits
from nnbook.backprop import backprop, gradient_check, numerical_gradient, relative_error
from nnbook.datasets import train_test_split
from nnbook.evaluation import accuracy, classify, confusion_matrix, misclassified, nearest_neighbour, predict
from nnbook.loss import cross_entropy, evaluate_loss, mse, mse_gradient
from nnbook.network import ForwardPass, Layer, Network, one_neuron
from nnbook.neuron import (
    ACTIVATIONS,
    Neuron,
    get_activation,
    identity,
    relu,
    sigmoid,
    softmax,
    step,
    tanh,
    weighted_sum,
)
from nnbook.perceptron import PerceptronHistory, train_perceptron
from nnbook.splits import accuracy_over_splits, nearest_neighbour_over_splits
from nnbook.training import History, train

__version__ = "0.1.0"

__all__ = [
    "ACTIVATIONS",
    "ForwardPass",
    "History",
    "Layer",
    "Network",
    "Neuron",
    "PerceptronHistory",
    "accuracy",
    "accuracy_over_splits",
    "backprop",
    "classify",
    "confusion_matrix",
    "cross_entropy",
    "datasets",
    "evaluate_loss",
    "exercises",
    "get_activation",
    "gradient_check",
    "identity",
    "misclassified",
    "mse",
    "mse_gradient",
    "nearest_neighbour",
    "nearest_neighbour_over_splits",
    "numerical_gradient",
    "one_neuron",
    "predict",
    "relative_error",
    "relu",
    "sigmoid",
    "softmax",
    "splits",
    "step",
    "tanh",
    "train",
    "train_perceptron",
    "train_test_split",
    "weighted_sum",
]
