"""The closing chapter's listing runs and prints exactly what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_dozen_line_listing_prints_what_the_page_shows() -> None:
    text = (ROOT / "book" / "06_in_essence.md").read_text()
    code = re.search(r"```\{code-block\} python\n(.*?)```", text, re.S).group(1)
    shown = re.search(r"```text\n(.*?)```", text, re.S).group(1)
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        exec(compile(code, "06_in_essence.md", "exec"), {})
    assert output.getvalue() == shown
    assert len([line for line in code.splitlines() if line.strip()]) <= 20
