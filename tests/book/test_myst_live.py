"""The live notebooks show the chapters' MyST as plain Markdown (tools/myst_live.py, tools/lite_build.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import lite_build
from myst_live import GLUE_MIME, BookReferences, bibliography, glued_values, select_lines, to_live_markdown

MODULE = '''"""A module."""

import functools


def plain(x):
    return x + 1


@functools.cache
def decorated(x):
    return 2 * x


class Thing:
    def method(self):
        """Say hello."""
        return "hello"
'''

REFS = BookReferences(
    equations={"eq-sum": "1.1"},
    targets={"ch1-ex1": "Exercise 1.1", "sec-xor": "Why XOR is out of reach"},
    citations={"rosenblatt1958": ("Rosenblatt", "1958"), "rumelhart1986": ("Rumelhart et al.", "1986")},
)


def write_module(folder: Path) -> None:
    (folder / "pkg").mkdir()
    (folder / "pkg" / "mod.py").write_text(MODULE)


def test_literalinclude_pyobject_function_method_and_decorators(tmp_path: Path) -> None:
    write_module(tmp_path)
    text = (
        "Before.\n\n```{literalinclude} pkg/mod.py\n:pyobject: plain\n:language: python\n```\n\n"
        ":::{literalinclude} pkg/mod.py\n:pyobject: decorated\n:::\n\n"
        "```{literalinclude} pkg/mod.py\n:pyobject: Thing.method\n```\nAfter."
    )
    result = to_live_markdown(text, tmp_path)
    assert "literalinclude" not in result
    assert "```python\ndef plain(x):\n    return x + 1\n```" in result
    assert "```python\n@functools.cache\ndef decorated(x):\n    return 2 * x\n```" in result
    assert '```python\ndef method(self):\n    """Say hello."""\n    return "hello"\n```\nAfter.' in result
    assert result.startswith("Before.")


def test_literalinclude_lines_and_what_cannot_be_found_is_left_alone(tmp_path: Path) -> None:
    write_module(tmp_path)
    assert select_lines("a\nb\nc\nd", "2-3") == "b\nc"
    assert select_lines("a\nb\nc\nd", "1,3-") == "a\nc\nd"
    first_line = to_live_markdown("```{literalinclude} pkg/mod.py\n:lines: 1\n```", tmp_path)
    assert first_line == '```python\n"""A module."""\n```'
    for missing in ("```{literalinclude} pkg/nope.py\n```", "```{literalinclude} pkg/mod.py\n:pyobject: nope\n```"):
        assert to_live_markdown(missing, tmp_path) == missing
    assert to_live_markdown("```{unknown} x\nbody\n```", tmp_path) == "```{unknown} x\nbody\n```"


def test_exercises_solutions_and_admonitions(tmp_path: Path) -> None:
    text = (
        "```{exercise} Evaluating a neuron\n:label: ch1-ex1\n\nWhat is $\\sigma(0)$?\n```\n\n"
        "```{solution-start} ch1-ex1\n:class: dropdown\n```\n\nOne half.\n\n```{solution-end}\n```\n\n"
        "````{note}\nA note with code:\n```python\nx = 1\n```\n````"
    )
    result = to_live_markdown(text, tmp_path, REFS)
    assert result.startswith("**Exercise 1.1** (Evaluating a neuron)\n\nWhat is $\\sigma(0)$?")
    assert "**Solution**\n\nOne half." in result and "solution" not in result
    assert "> **Note.** A note with code:\n> ```python\n> x = 1\n> ```" in result


def test_equations_references_and_citations(tmp_path: Path) -> None:
    text = (
        "(sec-neuron)=\n# The neuron\n\n$$\nz = w x + b\n$$ (eq-sum)\n\n"
        "By {eq}`eq-sum`, see {ref}`ch1-ex1` and {ref}`the XOR section <sec-xor>`; "
        "{cite:p}`rosenblatt1958,rumelhart1986`, {cite:t}`rosenblatt1958`, {math}`x^2`, {eq}`unknown`."
    )
    result = to_live_markdown(text, tmp_path, REFS)
    assert result.startswith("# The neuron\n\n$$\nz = w x + b \\tag{1.1}\n$$")
    assert "By (1.1), see Exercise 1.1 and the XOR section;" in result
    assert "(Rosenblatt, 1958; Rumelhart et al., 1986), Rosenblatt (1958), $x^2$, (unknown)." in result


def test_glued_values_are_read_from_the_executed_notebook_and_formatted_as_the_book_does(tmp_path: Path) -> None:
    record = {
        "output_type": "display_data",
        "metadata": {"scrapbook": {"name": "ch3_cost", "mime_prefix": "application/papermill.record/"}},
        "data": {GLUE_MIME: "0.91634", "text/plain": "0.91634"},
    }
    shown = {"output_type": "stream", "name": "stdout", "text": "0.916\n"}
    notebook = {"cells": [{"cell_type": "code", "source": "", "outputs": [shown, record]}]}
    refs = BookReferences(glued=glued_values(notebook))
    assert refs.glued == {"ch3_cost": "0.91634"}
    text = "costs {glue:text}`ch3_cost:.3f` ({glue:text}`03_loss.ipynb::ch3_cost:.1%`), {glue}`ch3_cost`; "
    text += "{glue:text}`nope:.2f`"
    assert to_live_markdown(text, tmp_path, refs) == "costs 0.916 (91.6%), 0.91634; `nope:.2f`"


def test_bibliography_formats_authors_and_years(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{one, author={Rosenblatt, Frank}, title={T}, year={1958}}\n"
        "@article{two, author={McCulloch, Warren and Pitts, Walter}, title={T}, year={1943}}\n"
        "@article{three, author={A, B and C, D and E, F}, title={T}, year={1986}}\n"
    )
    assert bibliography([bib]) == {
        "one": ("Rosenblatt", "1958"),
        "two": ("McCulloch and Pitts", "1943"),
        "three": ("A et al.", "1986"),
    }


def test_live_copy_clears_outputs_adds_the_note_and_converts_the_markdown(tmp_path: Path) -> None:
    write_module(tmp_path)
    include = ["```{literalinclude} pkg/mod.py\n", ":pyobject: plain\n", "```"]
    code = {"cell_type": "code", "id": "b", "metadata": {"execution": {}}, "source": "1", "execution_count": 3}
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1"}]
    notebook = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"widgets": {"state": {}}},
        "cells": [{"cell_type": "markdown", "id": "a", "metadata": {}, "source": include}, code],
    }
    live = lite_build.live_copy(notebook, tmp_path)
    assert live["cells"][0]["metadata"]["tags"] == ["nnbook-live-note"]
    assert "def plain(x)" in live["cells"][1]["source"]
    assert live["cells"][2]["outputs"] == [] and live["cells"][2]["execution_count"] is None
    assert "widgets" not in live["metadata"] and "execution" not in live["cells"][2]["metadata"]
