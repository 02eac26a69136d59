"""Every number the book's prose quotes from a computation is computed when the book is built.

A chapter quotes a measured number (an accuracy, a gradient check's error, a cost) through
myst-nb's glue: the cell computes it and ``glue("ch8_accuracy", value, display=False)``,
the text says ``{glue:text}`ch8_accuracy:.1%```, so a change to the package changes the
text. A decimal number typed into the prose would not change with it. So this test reads
the prose of every page (markdown cells, maths included; code, roles and link targets
left out) and fails on any decimal number that is neither glued nor one of the constants
below, each allowed with its reason: a setting the text chooses is not a result.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT
from prose import prose

#: Numbers that are settings or mathematical constants, not results, anywhere in the book.
CONSTANTS = {
    "0.5": "a half: the sigmoid's value at 0, the 1/2 in the loss, a threshold",
    "0.25": "the sigmoid's largest slope, 1/4",
    "1e-6": "the step of central differences",
    "1e-5": "a gradient check's tolerance",
    "1e-4": "a gradient check's tolerance",
    "1e-7": "a gradient check's tolerance",
    "1e4": "the largest input the stable sigmoid is tested with",
    "0.693": "ln 2, the cross-entropy of an output that says 0.5 for two classes",
}
#: Settings a page chooses (its learning rates, noise levels, …): page → {number: reason}.
SETTINGS: dict[str, dict[str, str]] = {
    "07_playground.ipynb": {
        "0.1": "a slider's end (test points), a noise level and a learning rate the page chooses",
        "0.9": "a slider's end (test points), and the accuracy an experiment asserts it passes",
        "0.001": "the learning rate slider's end, and the exercise's eta*lambda = 0.1 * 0.01",
        "0.3": "the learning rate the experiments choose",
        "0.01": "the regularisation strength the experiments and the exercises choose",
        "0.2": "the test loss exercise 3 asks for",
        "0.05": "the weight exercise 5 starts from",
        "3.16": "10^0.5, the learning rate the page chooses, written out",
        "0.999": "1 - eta*lambda for the exercise's chosen eta = 0.1 and lambda = 0.01",
    },
    "04_derivation.ipynb": {
        "1.5": "the input x of the worked single-neuron example, chosen in the text",
        "4.5": "arithmetic on the exercise's given weights: 0.5 + 4",
        "8.5": "arithmetic on the exercise's given weights: 0 - 9 + 0.5",
        "9.5": "arithmetic on the exercise's given weights: -8.5 - 1",
        "0.3": "exercise 1's given gradient (0.3, -0.4)",
        "0.4": "exercise 1's given gradient (0.3, -0.4)",
        "0.09": "0.3 squared, in exercise 1's solution",
        "0.16": "0.4 squared, in exercise 1's solution",
        "0.8": "a unit vector perpendicular to exercise 1's gradient",
        "0.6": "a unit vector perpendicular to exercise 1's gradient",
        "0.125": "0.5 * 0.25, exercise 1's arithmetic",
        "0.999": "an example output the text chooses (a confident wrong answer)",
        "0.001": "1 - 0.999, the same example",
    },
    "05_iteration.ipynb": {
        "1.5": "the slope of the line the example's twelve points are drawn near (the data's recipe)",
        "0.02": "a learning rate the text chooses to show too small a step",
        "0.6": "a learning rate the text chooses to show a good step",
        "0.88": "a learning rate the text chooses just below the limit",
        "0.95": "a learning rate the text chooses just above the limit",
        "1.12": "a learning rate the text suggests for the momentum explorer, above the limit",
        "0.001": "the learning-rate slider's end; exercise 7's target factor",
        "0.3": "the learning-rate slider's starting region, a setting",
        "0.9": "the momentum coefficient the text chooses; arithmetic on exercise 5's given rate",
        "0.1": "exercise 1's and exercise 7's given learning rate",
        "0.2": "exercise 1's arithmetic: 0 - 0.1 * (-2)",
        "0.01": "exercise 7's second given learning rate",
        "0.99": "1 - 0.01, exercise 7's arithmetic",
        "0.125": "1/a for exercise 4's given a = 8",
        "0.4": "2/5, exercise 6's arithmetic on its given data",
    },
    "08_digits.ipynb": {
        "0.1": "the learning rate the recipe uses (given, not tuned)",
        "0.01": "the stronger weight decay the text tries",
        "0.001": "the weight decay of the recipe (given, not tuned)",
    },
    "intro.md": {
        "1.1": "an equation number, (1.1), in the description of how equations are numbered",
        "1.2": "an equation number, (1.2), in the same sentence",
    },
    "01_neuron.ipynb": {
        "1.5": "the AND neuron's bias −1.5 and line x₁ + x₂ = 1.5, chosen in the text (and the first example's z)",
        "4.5": "3 × 1.5: the explorer setting the text suggests",
        "0.1": "the step of the grid of weights the XOR search tries",
        "0.45": "the input (1, 0.45) the smoothness experiment chooses",
        "0.9": "exercise 2's given output",
    },
    "02_architecture.ipynb": {
        "6.1": "a section number of the cited book",
        "2.5": "the explorer's starting output bias, a setting",
        "7.5": "1.5 × 5: the biases chapter 1's gates need at weight 5 (arithmetic on chosen weights)",
    },
    "03_loss.ipynb": {
        "0.9": "an example output the text chooses; the mild start's bias; exercise 1's data",
        "0.001": "an example output the text chooses",
        "0.1": "an example output; exercise 2's logit; a difference in exercise 1's data",
        "0.6": "an example probability; the mild start's weight (Nielsen's experiment)",
        "0.15": "the slowdown experiment's learning rate (Nielsen's)",
        "1.5": "the mild start's weighted sum 0.6 + 0.9; a learning rate the explorer suggests",
        "0.01": "the smallest learning rate of the explorer's slider",
        "0.2": "exercise 1's given outputs and their differences from the targets",
        "0.4": "exercise 1's given outputs and their differences from the targets",
        "0.7": "exercise 1's given outputs",
        "0.3": "a difference of exercise 1's given output 0.7 from its target 1",
    },
}

PAGES = sorted(p for p in (ROOT / "book").iterdir() if p.suffix in {".ipynb", ".md"})
DECIMAL = re.compile(r"(?<![\w.])(\d*\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?![\w.]*\d)")


def unglued(path: Path) -> list[str]:
    allowed = CONSTANTS.keys() | SETTINGS.get(path.name, {}).keys()
    found = []
    for match in DECIMAL.finditer(prose(path)):
        if match[1] not in allowed:
            line = prose(path)[: match.start()].count("\n")
            context = prose(path).splitlines()[line].strip()
            found.append(f"{match[1]!r} in “{context[:120]}”")
    return found


def test_the_finder_sees_decimals_in_prose_and_maths_but_not_in_code_roles_or_links(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "The accuracy is 97.4 % and $\\mathcal L = 0.642$, or 3e-5.\n\n"
        "```python\nx = 0.123\n```\n\n````{exercise}\n:label: ex1\nWith $\\eta = 0.3$?\n```\ny = 0.7\n```\n````\n\n"
        "Glued: {glue:text}`ch8_accuracy:.1%`, see {eq}`eq-4.2`, `0.25 * x`, [v1.2](https://x.org/1.5).\n"
        "Section 4.2 is typed, and 0.5 is a constant.\n"
    )
    assert [f.split(" in ")[0] for f in unglued(page)] == ["'97.4'", "'0.642'", "'3e-5'", "'0.3'", "'4.2'"]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_decimal_in_the_prose_is_glued_or_an_allowed_constant(page: Path) -> None:
    found = unglued(page)
    assert not found, (
        f"{page.name} quotes numbers typed into its prose; glue them from the cell that computes them "
        f"(or, if one is a setting the page chooses, allow it in SETTINGS with its reason):\n  " + "\n  ".join(found)
    )
