"""Exercises a reader can check: ``nnbook.exercises.check("ch1-ex1", answer)``.

The framework is in ``base``; each chapter registers its exercises in a module of its
own, imported here so that every id is known after ``import nnbook``. Numpy only.
"""

from nnbook.exercises import digits as _digits  # noqa: F401  (registers ch8-ex…)
from nnbook.exercises.base import EXERCISES, Exercise, Mistake, check, describe, numeric_exercise, parameter_exercise
from nnbook.exercises.neuron import count_threshold_functions

__all__ = [
    "EXERCISES",
    "Exercise",
    "Mistake",
    "check",
    "count_threshold_functions",
    "describe",
    "numeric_exercise",
    "parameter_exercise",
]
