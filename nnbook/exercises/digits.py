"""Exercises of the handwritten-digits chapter (book/08_digits.ipynb), ids ``ch8-ex…``.

The expected answers are computed with nnbook itself (``Network.n_parameters``,
``nnbook.evaluation``), never typed in. Numpy only.
"""

from __future__ import annotations

import numpy as np

from nnbook.evaluation import accuracy
from nnbook.exercises.base import Mistake, numeric_exercise
from nnbook.network import Network

numeric_exercise(
    "ch8-ex1",
    "How many weights and biases does a [64, 128, 10] network have?",
    expected=lambda: float(Network([64, 128, 10], "relu", "softmax", seed=0).n_parameters()),
    tolerance=0.0,
    hint="Each layer has an (n_out, n_in) weight matrix and n_out biases: add both layers.",
    mistakes=[
        Mistake(lambda: 64.0 * 128 + 128 * 10, "Those are the weights only; every neuron also has a bias."),
        Mistake(lambda: 64.0 * 128 * 10, "Layers add their parameters, they do not multiply them."),
    ],
)

#: The confusion matrix of exercise ch8-ex2: rows the true class, columns the predicted one.
CH8_EX2_MATRIX = np.array([[50, 2, 0], [3, 40, 7], [0, 5, 43]])


def _predictions_from_matrix(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Labels and predictions that have exactly ``matrix`` as their confusion matrix."""
    true, predicted = [], []
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            true += [i] * int(count)
            predicted += [j] * int(count)
    return np.array(predicted), np.array(true)


numeric_exercise(
    "ch8-ex2",
    "What accuracy does the confusion matrix [[50, 2, 0], [3, 40, 7], [0, 5, 43]] correspond to (a fraction)?",
    expected=lambda: accuracy(*_predictions_from_matrix(CH8_EX2_MATRIX)),
    hint="Accuracy is the diagonal (the right answers) divided by the total count.",
    mistakes=[
        Mistake(lambda: 40.0 / 50.0, "That is the fraction of class 1 found (one row); accuracy takes all rows."),
        Mistake(lambda: 133.0, "That is the number right; divide by the number of samples."),
    ],
)

numeric_exercise(
    "ch8-ex3",
    "With learning rate η = 0.1 and weight decay λ = 0.001, by what factor does the decay alone multiply "
    "every weight in one update?",
    expected=lambda: 1.0 - 0.1 * 0.001,
    tolerance=1e-7,
    hint="The penalty's gradient is λW, and the update subtracts η times it: W − ηλW = (…)·W.",
    mistakes=[
        Mistake(lambda: 0.1 * 0.001, "That is how much is taken away, ηλ; the factor is what is left."),
        Mistake(lambda: 1.0 - 0.001, "The learning rate multiplies the penalty's gradient too."),
    ],
)
