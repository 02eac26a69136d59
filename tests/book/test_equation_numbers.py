"""Every equation number a docstring of nnbook cites is a numbered equation of that chapter.

The numbers are read from the chapters themselves: Sphinx numbers the labelled equations
(``$$ … $$ (eq-label)``) of chapter N as (N.1), (N.2), … in the order they appear, so
chapter N has as many numbers as labels. A docstring that cites (4.11) when chapter 4 has
ten, or says "chapter 3, equation 4.2", is wrong.
"""

from __future__ import annotations

import ast
import json
import re

from conftest import ROOT

CITATION = re.compile(r"\b(?:equations?|eqs?\.)\s+(\d+\.\d+(?:\s*(?:-|–|,|and)\s*\d+\.\d+)*)")
NUMBER = re.compile(r"(\d+)\.(\d+)")


def chapter_text(path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text())["cells"]
        return "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
    return path.read_text()


def numbered_equations() -> dict[int, list[str]]:
    """Chapter number → its equation labels, in the order Sphinx numbers them."""
    chapters = {}
    for path in sorted((ROOT / "book").glob("[0-9][0-9]_*")):
        labels = re.findall(r"\$\$\s*\((eq-[\w-]+)\)", chapter_text(path))
        chapters[int(path.name[:2])] = labels
    return chapters


def cited() -> list[tuple[str, int, int, str]]:
    """(where, chapter, number, the sentence) for every equation a docstring cites."""
    found = []
    for path in sorted((ROOT / "nnbook").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node):
                where = f"{path.relative_to(ROOT)}:{getattr(node, 'name', 'module')}"
                text = " ".join(ast.get_docstring(node).split())
                for match in CITATION.finditer(text):
                    numbers = [tuple(map(int, n)) for n in NUMBER.findall(match.group(1))]
                    if re.search(r"\d\s*[-–]\s*\d", match.group(1)):  # a range: 4.6-4.9
                        (c, a), (_, b) = numbers[0], numbers[-1]
                        numbers = [(c, k) for k in range(a, b + 1)]
                    context = text[max(0, match.start() - 40) : match.end()]
                    found += [(where, c, k, context) for c, k in numbers]
    return found


def test_the_chapters_have_numbered_equations() -> None:
    chapters = numbered_equations()
    assert len(chapters[4]) == 10 and chapters[4][0] == "eq-derivative"
    assert all(len(labels) == len(set(labels)) for labels in chapters.values())


def test_every_cited_equation_exists_in_its_chapter() -> None:
    chapters = numbered_equations()
    citations = cited()
    assert len(citations) > 60  # the reader is pointed to the equations throughout
    wrong = [
        f"{where}: ({c}.{k}) but chapter {c} numbers {len(chapters.get(c, []))} equations: …{context}"
        for where, c, k, context in citations
        if not 1 <= k <= len(chapters.get(c, []))
    ]
    assert wrong == []


def test_a_chapter_named_beside_an_equation_is_its_chapter() -> None:
    wrong = []
    for where, c, k, context in cited():
        named = re.findall(r"chapter (\d+),? (?:\w+ )?(?:equations?|eqs?\.)", context)
        if named and int(named[-1]) != c:
            wrong.append(f"{where}: chapter {named[-1]} beside ({c}.{k}): …{context}")
    assert wrong == []


def test_the_check_would_see_a_wrong_number() -> None:
    # Guards the tests above against passing vacuously: the pattern reads what they check.
    text = "The update (chapter 5, equation 5.99); see eqs. 4.6-4.8."
    numbers = [NUMBER.findall(m.group(1)) for m in CITATION.finditer(text)]
    assert numbers == [[("5", "99")], [("4", "6"), ("4", "8")]]
