"""Exercises a reader can check: ``check("ch1-ex1", answer)``.

Each exercise is registered under an id ``"ch<chapter>-ex<number>"`` with what it
expects (one number, or several such as a neuron's weights and bias) and a judge. The
expected values are computed here with nnbook itself, never typed in, so they follow
the package the chapter shows. A right answer prints "Correct" and returns True; a
wrong one prints a hint that points at the likely mistake without giving the answer
away, and returns False. An unknown id or an answer of the wrong form (text, the wrong
number of values, NaN) raises ``ValueError`` saying what was expected.

Each chapter registers its exercises in a module of its own in this package
(``nnbook/exercises/neuron.py`` for chapter 1, …), with :func:`numeric_exercise` or
:func:`parameter_exercise`. This package is part of the core: numpy only.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np

Verdict = tuple[bool, str]


@dataclass(frozen=True)
class Exercise:
    """One checkable exercise.

    ``expects`` says in words what ``check`` accepts ("a single number"); ``parse`` turns
    an answer into the form the judge takes, raising ``ValueError`` otherwise; ``judge``
    returns whether the answer is right and the message to print.
    """

    id: str
    question: str
    expects: str
    parse: Callable[[Any], Any]
    judge: Callable[[Any], Verdict]


EXERCISES: dict[str, Exercise] = {}


def register(exercise: Exercise) -> Exercise:
    """Add ``exercise`` to the registry; ids are unique."""
    if exercise.id in EXERCISES:
        raise ValueError(f"exercise {exercise.id!r} is already registered")
    EXERCISES[exercise.id] = exercise
    return exercise


def check(exercise_id: str, answer: Any) -> bool:
    """Check ``answer`` to exercise ``exercise_id``: print a verdict, return True if right.

    A wrong answer prints a hint and returns False. Raises ``ValueError`` for an id that
    is not registered (the message lists the ids) and for an answer of the wrong form
    (the message says what the exercise expects).
    """
    if not isinstance(exercise_id, str) or exercise_id not in EXERCISES:
        known = ", ".join(sorted(EXERCISES, key=_id_order))
        raise ValueError(f"unknown exercise id {exercise_id!r}; expected one of {known}")
    exercise = EXERCISES[exercise_id]
    try:
        parsed = exercise.parse(answer)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{exercise_id} expects {exercise.expects}; got {answer!r} ({error})") from None
    right, message = exercise.judge(parsed)
    # Wrapped narrower than a notebook's output area (and the book's solution boxes), so the
    # hint is read, not scrolled.
    print(textwrap.fill(f"Correct! {message}" if right else f"Not yet. {message}", width=66))
    return right


def describe(exercise_id: str) -> str:
    """The question of an exercise and the form of answer it expects."""
    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise id {exercise_id!r}; expected one of {', '.join(EXERCISES)}")
    exercise = EXERCISES[exercise_id]
    return f"{exercise.id}: {exercise.question} (answer: {exercise.expects})"


def _id_order(exercise_id: str) -> tuple[int, ...]:
    # "ch1-ex10" after "ch1-ex9": compare the numbers, not the text.
    return tuple(int(part) for part in "".join(c if c.isdigit() else " " for c in exercise_id).split())


# --------------------------------------------------------------------------- answer forms


def one_number(answer: Any) -> float:
    """A single finite real number (a Python or numpy scalar, or a 0-d array)."""
    if isinstance(answer, (bool, np.bool_)) or isinstance(answer, (str, bytes)):
        raise TypeError("that is not a number")
    array = np.asarray(answer)
    if array.ndim != 0 or array.dtype.kind not in "iuf":
        raise TypeError("a single number is needed, not a list or an array")
    value = float(array)
    if not math.isfinite(value):
        raise ValueError("the number must be finite")
    return value


def numbers(count: int) -> Callable[[Any], np.ndarray]:
    """A parser for exactly ``count`` finite real numbers (a tuple, list or 1-D array)."""

    def parse(answer: Any) -> np.ndarray:
        if isinstance(answer, (str, bytes)) or not isinstance(answer, (Sequence, np.ndarray)):
            raise TypeError(f"{count} numbers are needed, as a tuple or list")
        if any(isinstance(value, (bool, np.bool_)) or not isinstance(value, (Real, np.number)) for value in answer):
            raise TypeError("every entry must be a number")
        array = np.asarray(answer, dtype=np.float64)
        if array.shape != (count,):
            raise ValueError(f"{count} numbers are needed, got {array.size}")
        if not np.all(np.isfinite(array)):
            raise ValueError("every number must be finite")
        return array

    return parse


# --------------------------------------------------------------------------- kinds of exercise


@dataclass(frozen=True)
class Mistake:
    """A wrong value a reader is likely to reach, and the hint that addresses it."""

    value: Callable[[], float]
    hint: str


@dataclass(frozen=True)
class NumericJudge:
    """Right when ``|answer − expected| ≤ tolerance``; ``expected`` is computed on demand.

    The verdict shows ``expected`` with ``decimals`` decimals (a whole number without any).
    """

    expected: Callable[[], float]
    tolerance: float
    hint: str
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)
    decimals: int = 4

    def __call__(self, answer: float) -> Verdict:
        expected = self.expected()
        if abs(answer - expected) <= self.tolerance:
            return True, f"{_round(expected, self.decimals)} is right."
        for mistake in self.mistakes:
            if abs(answer - mistake.value()) <= self.tolerance:
                return False, mistake.hint
        return False, self.hint


def _round(value: float, decimals: int = 4) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.{decimals}f}"


def numeric_exercise(
    exercise_id: str,
    question: str,
    expected: Callable[[], float],
    hint: str,
    tolerance: float = 5e-4,
    mistakes: Sequence[Mistake] = (),
    decimals: int = 4,
) -> Exercise:
    """Register an exercise whose answer is one number, right within ``tolerance``.

    The default tolerance accepts an answer rounded to three decimals. The verdict
    shows the right value with ``decimals`` decimals: as many as the question asks for.
    """
    judge = NumericJudge(expected, tolerance, hint, tuple(mistakes), decimals)
    return register(Exercise(exercise_id, question, "a single number", one_number, judge))


def parameter_exercise(
    exercise_id: str, question: str, count: int, what: str, judge: Callable[[np.ndarray], Verdict]
) -> Exercise:
    """Register an exercise whose answer is ``count`` numbers (``what`` names them), judged by ``judge``.

    For questions with many right answers (any weights that make a neuron compute NOR):
    the judge tests the property asked for rather than comparing with one solution.
    """
    return register(Exercise(exercise_id, question, f"{count} numbers {what}", numbers(count), judge))
