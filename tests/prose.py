"""The prose of a page of the book: what a reader reads, without code, roles or link targets.

Shared by the tests that read the chapters' text (tests/book/test_prose_numbers.py,
tests/book/test_notation.py).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(.*?)[ \t]*$")
CODE_DIRECTIVE = re.compile(r"\{(?:code-block|code-cell|code|literalinclude)\}")
OPTION = re.compile(r"^[ \t]*:[\w-]+:.*$", re.MULTILINE)  # directive options (:label:, :width:)
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")  # glued values, references, citations
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<[^>\s]+>|https?://\S+")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def without_code(text: str) -> str:
    """``text`` without its code blocks; directives that hold prose (``exercise``, ``note``) stay."""
    kept, directives, code = [], [], None  # code: the fence that opened the code block we are in
    for line in text.splitlines():
        fence = FENCE.match(line)
        if code is not None:
            if fence and not fence[2] and fence[1][0] == code[0] and len(fence[1]) >= len(code):
                code = None
            continue
        if fence and not fence[2] and directives and fence[1] == directives[-1]:
            directives.pop()  # the end of a directive that holds prose
        elif fence and (not fence[2] or not fence[2].startswith("{") or CODE_DIRECTIVE.match(fence[2])):
            code = fence[1]
        elif fence:
            directives.append(fence[1])
        else:
            kept.append(line)
    return "\n".join(kept)


def prose(path: Path) -> str:
    """The text a reader reads on the page: markdown without code, roles and link targets."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text()
    text = without_code(HTML_COMMENT.sub(" ", text))
    for pattern in (OPTION, ROLE, INLINE_CODE, LINK_TARGET):
        text = pattern.sub(" ", text)
    return text
