"""The PDF edition: ``make pdf`` builds it, and a reader finds what the HTML book has.

Run by ``make test-pdf`` (which ``.ci/run`` calls before ``make test``), not by ``make test``:
the PDF build executes every chapter again and runs xelatex, two to three minutes more than
``make test``'s budget allows. The text is read with pdftotext, the figures with pdfimages.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT, missing, toc_pages

pytestmark = pytest.mark.pdf

PDF = ROOT / "_build" / "pdf" / "nnbook.pdf"
LATEX_LOG = ROOT / "_build" / "latex" / "nnbook.log"
EXECUTED = ROOT / "_build" / "jupyter_execute"
CAPTION = "as first drawn: interactive in the HTML book"
NUMBERS = ("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN")


@pytest.fixture(scope="module")
def built() -> dict:
    """``make pdf``, once, exactly as a reader runs it."""
    for tool in ("xelatex", "latexmk", "pdftotext", "pdfimages"):
        if shutil.which(tool) is None:
            missing(f"{tool} is not installed (make pdf needs TeX Live and poppler-utils; see docs/pdf.md)")
    PDF.unlink(missing_ok=True)
    result = subprocess.run(["make", "pdf"], cwd=ROOT, capture_output=True, text=True)
    return {"returncode": result.returncode, "log": result.stdout + result.stderr}


@pytest.fixture(scope="module")
def pages(built: dict) -> list[str]:
    """The text of every page, as laid out (pdftotext separates pages with form feeds)."""
    assert built["returncode"] == 0, built["log"][-5000:]
    text = subprocess.run(["pdftotext", "-layout", str(PDF), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def markdown(page: str) -> str:
    """A page's markdown: the .md file, or the markdown cells of the notebook."""
    source = ROOT / f"{page}.md"
    if source.exists():
        return source.read_text()
    cells = json.loads((ROOT / f"{page}.ipynb").read_text())["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def numbered_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [c["file"] for part in toc["parts"] if part.get("numbered") for c in part["chapters"]]


def opening(page: str) -> str:
    """The capitalised heading a page opens with, in one line ("CHAPTER ONE THE NEURON"), or ""."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    heading = []
    for line in lines:
        if not line.isupper() or re.fullmatch(r"[A-Z](\s+[A-Z])*", line):  # the index's letters are no heading
            break
        heading.append(line)
    return " ".join(heading)


def test_make_pdf_builds_without_warnings(built: dict) -> None:
    assert built["returncode"] == 0, built["log"][-5000:]
    warnings = [line for line in built["log"].splitlines() if re.search(r"(^|: )WARNING: ", line)]
    assert warnings == []
    log = LATEX_LOG.read_text(errors="replace")
    assert "undefined" not in log, "LaTeX reports an undefined reference or citation"
    # nothing runs off the right margin: code listings wrap, formulas and tables fit
    assert "Overfull \\hbox" not in log


def test_title_page_contents_and_page_numbers(pages: list[str]) -> None:
    assert "nnbook: a neural network, derived" in pages[0]
    contents = next(i for i, page in enumerate(pages) if "CONTENTS" in page)
    for title in ("Introduction", "The neuron", "Handwritten digits", "Glossary", "References", "Index"):
        assert re.search(rf"{re.escape(title)}\s.*\s\d+\n", "".join(pages[contents : contents + 3])), title
    # from the introduction on, the pages are numbered 1, 2, 3... in a footer or header line
    start = next(i for i, page in enumerate(pages) if opening(page) == "INTRODUCTION")
    numbers = {i: page_number(page) for i, page in enumerate(pages[start:]) if page.strip()}
    assert numbers[0] == 1
    assert sum(numbers[i] == i + 1 for i in numbers) > 0.95 * len(numbers)


def page_number(page: str) -> int | None:
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    for line in (lines[0], lines[-1]):
        found = re.match(r"(\d+)\s", line + " ") or re.search(r"\s(\d+)$", " " + line)
        if found:
            return int(found.group(1))
    return None


def test_every_chapter_of_the_toc_in_order(pages: list[str]) -> None:
    def title(page: str) -> str:
        if page == toc_pages()[0]:
            return "INTRODUCTION"  # the root page's own title is the book's, on the title page
        return re.search(r"^# (.+)$", markdown(page), re.M).group(1).upper()

    openings = [opening(page) for page in pages]
    found = []
    for page in toc_pages():
        heading = title(page)
        at = next((i for i, text in enumerate(openings) if text.endswith(heading)), None)
        assert at is not None, f"no page opens {page} ({heading})"
        found.append(at)
    assert found == sorted(found), "the chapters are not in the order of _toc.yml"
    for number, page in enumerate(numbered_chapters(), start=1):
        assert openings[found[toc_pages().index(page)]] == f"CHAPTER {NUMBERS[number - 1]} {title(page)}"


def test_no_raw_tex_no_raw_myst_no_unresolved_reference(pages: list[str]) -> None:
    text = "\f".join(pages)
    assert "??" not in text
    raw_tex = re.findall(r"\\(?:begin|end|frac|mathbf|label|ref|eqref|cite|sphinx\w*|textbf|emph)\b|\$\$", text)
    assert raw_tex == []
    raw_myst = re.findall(r"\{(?:eq|ref|term|doc|numref|cite:[pt]|glue:?\w*)\}`|```\{|:::\{", text)
    assert raw_myst == []


def test_equations_and_exercises_are_numbered_as_in_the_html_book(pages: list[str]) -> None:
    text = "\f".join(pages)
    for number, page in enumerate(numbered_chapters(), start=1):
        source = markdown(page)
        equations = len(re.findall(r"\$\$\s*\([\w-]+\)", source))
        exercises = len(re.findall(r"^[`:]{3,}\{exercise\}", source, re.M))
        if equations:
            assert f"({number}.{equations})" in text, page
        assert f"({number}.{equations + 1})" not in text, page
        for k in range(1, exercises + 1):
            assert re.search(rf"^\s*Exercise {number}\.{k} \(", text, re.M), f"Exercise {number}.{k}"
            assert re.search(rf"^\s*Solution to Exercise {number}\.{k} \(", text, re.M), f"its solution ({page})"
    assert not re.search(r"Exercise \d+\.\d+\.\d+", text)


def test_solutions_are_gathered_at_the_end_of_each_chapter(pages: list[str]) -> None:
    text = "\f".join(pages)
    for number, page in enumerate(numbered_chapters(), start=1):
        exercises = [m.start() for m in re.finditer(rf"^\s*Exercise {number}\.\d+ \(", text, re.M)]
        solutions = [m.start() for m in re.finditer(rf"^\s*Solution to Exercise {number}\.\d+ \(", text, re.M)]
        assert len(solutions) == len(exercises), page
        if exercises:
            heading = re.search(rf"^\s*{number}\.\d+\s+Solutions\s*$", text[exercises[-1] :], re.M)
            assert heading is not None and exercises[-1] + heading.start() < min(solutions), page
    assert len(re.findall(r"Solution on page \d+\.", text)) == len(re.findall(r"^\s*Solution to Exercise", text, re.M))


def test_each_explorer_is_its_first_figure_with_a_caption(pages: list[str]) -> None:
    text = "\f".join(pages)
    explorers = [
        output
        for path in EXECUTED.rglob("*.ipynb")
        for cell in json.loads(path.read_text())["cells"]
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert len(explorers) >= 7
    assert len(re.findall(CAPTION, re.sub(r"\s+", " ", text))) == len(explorers)
    assert "Explorer(children=" not in text and "(children=(" not in text


def test_every_figure_of_the_book_is_in_the_pdf(pages: list[str]) -> None:
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    images = [(int(row[0]), int(row[3]), int(row[4])) for row in images if row[2] == "image"]
    expected = 0
    for path in EXECUTED.rglob("*.ipynb"):
        for cell in json.loads(path.read_text())["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                expected += "image/png" in data or "application/vnd.jupyter.widget-view+json" in data
    # every plot and every explorer's figure, none shrunk to a thumbnail
    assert len(images) == expected
    assert all(width >= 200 and height >= 80 for _, width, height in images)
    # the introduction's SVG figure becomes a vector PDF, captioned and numbered
    assert (ROOT / "_build" / "latex" / "five_steps.pdf").exists()
    caption = re.search(
        r"```\{figure\} images/five_steps.svg\n(?::.*\n)+\n(.+?)\.", (ROOT / "book" / "intro.md").read_text()
    )
    assert any(f"Fig. 1: {caption.group(1)}" in page for page in pages)


def test_glossary_index_and_bibliography(pages: list[str]) -> None:
    index = next(page for page in pages if opening(page) == "INDEX")
    terms = re.findall(r"^(\S[^\n]*)\n  ", (ROOT / "book" / "glossary.md").read_text(), re.M)
    assert len(terms) > 20
    flat = re.sub(r"\s+", " ", "".join(pages[pages.index(index) :]))
    for term in terms:
        assert re.search(rf"{re.escape(term)}, \d+", flat), f"the index has no page for {term!r}"
    references = next(i for i, page in enumerate(pages) if opening(page) == "REFERENCES")
    listed = "".join(pages[references : pages.index(index)])
    assert "Rumelhart" in listed and len(re.findall(r"^\[\w+\+?\d\d\]", listed, re.M)) >= 10
    glossary = next(page for page in pages if opening(page) == "GLOSSARY")
    assert "backpropagation" in glossary
