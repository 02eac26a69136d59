"""Exercises a reader can check: ``nnbook.exercises.check("ch1-ex1", answer)``.

The framework is in ``base``; each chapter registers its exercises in a module of its
own, imported here so that every id is known after ``import nnbook``. Numpy only.
"""

from nnbook.exercises import derivation as _derivation  # noqa: F401  (registers chapter 4's exercises)
from nnbook.exercises import digits as _digits  # noqa: F401  (registers ch8-ex…)
from nnbook.exercises import iteration as _iteration  # noqa: F401  (registers chapter 5's exercises)
from nnbook.exercises import loss as _loss  # noqa: F401  (registers chapter 3's exercises)
from nnbook.exercises import network as _network  # noqa: F401  (registers chapter 2's exercises)
from nnbook.exercises import playground as _playground  # noqa: F401 - registers ch7-ex1, ch7-ex2
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
