"""Chapter 6's listing runs and prints exactly what the page says it prints.

The paragraph after the listing reads its output in words instead of retyping its
numbers; each of its statements is checked here against the numbers the listing computes.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "book" / "06_in_essence.md").read_text()


def run_listing() -> tuple[str, str, dict]:
    code = re.search(r"```\{code-block\} python\n(.*?)```", TEXT, re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", TEXT, re.S).group(1)
    output, names = io.StringIO(), {}
    with contextlib.redirect_stdout(output):
        exec(compile(code, "06_in_essence.md", "exec"), names)
    assert len([line for line in code.splitlines() if line.strip()]) <= 20
    return output.getvalue(), shown, names


def test_the_listing_prints_what_the_page_shows_and_the_prose_says_what_it_prints() -> None:
    printed, shown, names = run_listing()
    assert printed == shown
    prose = TEXT[TEXT.index("```text") :]
    assert "error is below $10^{-7}$" in prose
    assert names["error"] < 1e-7
    assert "starts close to $\\ln 2 \\approx 0.693$" in prose
    assert abs(names["start"] - math.log(2)) < 0.05
    assert "divides\nit by more than ten" in prose
    assert names["start"] / names["history"].loss[-1] > 10
    assert "share of the 100 held-out points" in prose
    assert len(names["y_test"]) == 100
    assert not names["history"].diverged
