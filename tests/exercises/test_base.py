"""Every registered exercise, one by one: it is in its chapter, takes its right answer, refuses others.

The chapter files say which exercises exist (``:label: ch7-ex1``) and which ones the
reader checks (``check("ch7-ex1", …)``); the registry must match them. For an exercise
whose answer is one number, the expected value passes, a clearly wrong one gets a hint
that does not give the answer away, and an answer of the wrong form is refused.
"""

from __future__ import annotations

import math
import re

import pytest

from nnbook.exercises import EXERCISES, check, describe
from nnbook.exercises.base import NumericJudge

from conftest import ROOT

CHAPTERS = sorted((ROOT / "book").glob("[0-9]*.ipynb")) + sorted((ROOT / "book").glob("[0-9]*.md"))
TEXT = {path.name: path.read_text() for path in CHAPTERS}
LABELS = {label for text in TEXT.values() for label in re.findall(r":label: (ch\d+-ex\d+)", text)}
CHECKED = {name for text in TEXT.values() for name in re.findall(r'check\(\\?"(ch\d+-ex\d+)\\?"', text)}
IDS = sorted(EXERCISES)


def test_the_registry_is_what_the_chapters_check() -> None:
    assert len(IDS) >= 20
    assert set(IDS) == CHECKED, "every registered exercise is checked in its chapter, and only those"
    assert set(IDS) <= LABELS, "every registered exercise is an exercise of a chapter"


@pytest.mark.parametrize("exercise_id", IDS)
def test_each_exercise(exercise_id: str, capsys) -> None:
    exercise = EXERCISES[exercise_id]
    chapter = int(re.match(r"ch(\d+)-", exercise_id).group(1))
    (home,) = [name for name in TEXT if name.startswith(f"{chapter:02d}_")]
    assert f":label: {exercise_id}" in TEXT[home]
    assert describe(exercise_id).startswith(f"{exercise_id}: ") and exercise.expects in describe(exercise_id)
    with pytest.raises(ValueError, match=f"{exercise_id} expects"):
        check(exercise_id, "not an answer")
    if isinstance(exercise.judge, NumericJudge):
        expected = exercise.judge.expected()
        assert math.isfinite(expected)
        assert check(exercise_id, expected) is True
        assert "Correct" in capsys.readouterr().out
        wrong = expected + 10 * exercise.judge.tolerance + abs(expected) + 1
        assert check(exercise_id, wrong) is False
        printed = capsys.readouterr().out
        assert printed.startswith("Not yet.") and f"{expected:.4f}" not in printed
    else:  # several numbers: a wrong count is refused, NaNs are never right
        with pytest.raises(ValueError, match=f"{exercise_id} expects"):
            check(exercise_id, [0.0])
