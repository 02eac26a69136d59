"""One symbol per quantity: every chapter links the notation page and keeps to it.

``book/notation.md`` fixes the symbols. The chapters once drifted (a layer's weights bold
``\\mathbf W^{(l)}`` in one chapter and ``W_\\ell`` in the next, the output ``o``, ``a`` and
``A_L``, ``\\delta`` both an error signal and Kronecker's delta); the spellings it replaced
are looked for in every page's maths, so they cannot come back.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, toc_pages
from prose import prose

#: What the notation page no longer allows, and the symbol it uses instead.
RETIRED = {
    r"W_\{?\\ell|W_\{?l\b": "a layer's index is a superscript: W^{(\\ell)}",
    r"\\mathbf\s*\{?W": "weight matrices are italic capitals, not bold: W^{(\\ell)}",
    r"\\bf\{?W\b|\\boldsymbol\{?W": "weight matrices are italic capitals, not bold: W^{(\\ell)}",
    r"\^\{?\(l\)": "the layer index is \\ell, not l: W^{(\\ell)}",
    r"A_\{?L\b": "the output of a batch is \\hat Y = A^{(L)}",
    r"\\delta_\{?[a-z]{2}\}?": "Kronecker's delta is written with Iverson's bracket [j = k]",
    r"(?<![\\\w])o_\{?i|(?<![\\\w])o_\{?j|\\mathbf\{?o\}?(?!\w)": "the output is \\hat{\\mathbf y}",
    r"(?<![\\\w])t_\{?i|(?<![\\\w])t_\{?j|\\mathbf\{?t\}?(?!\w)": "the target is \\mathbf y",
    r"(?<!\\mathcal )(?<![\\\w{])L\s*\(|\\partial\s*L\b|\\nabla\s*L\b": "the loss is \\mathcal L; L counts layers",
}
MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.DOTALL)
CHAPTERS = [page for page in toc_pages() if re.match(r"book/\d\d_", page)]


def page_text(docname: str) -> str:
    return prose(next(ROOT.glob(f"{docname}.*")))


def retired_symbols(text: str) -> list[str]:
    found = []
    for math in MATH.findall(text):
        for pattern, instead in RETIRED.items():
            if re.search(pattern, math):
                found.append(f"{math.strip()[:80]!r}: {instead}")
    return found


def test_the_finder_knows_each_retired_spelling() -> None:
    old = r"$\mathbf W^{(l)}$ and $W_\ell$, $A_L$, $\delta_{jk}$, $o_i - t_i$, $\partial L / \partial w$"
    assert len(retired_symbols(old)) == 8  # \mathbf W^{(l)} twice: bold, and l for \ell
    new = r"$W^{(\ell)}$, $\hat Y = A^{(L)}$, $[j = k]$, $\hat y_i - y_i$, $\partial \mathcal L / \partial w$"
    new += r", $L = 3$ layers, $\mathcal L(w, b)$"
    assert retired_symbols(new) == []


@pytest.mark.parametrize("docname", CHAPTERS)
def test_every_chapter_links_the_notation_page(docname: str) -> None:
    path = next(ROOT.glob(f"{docname}.*"))
    assert re.search(
        r"\{doc\}`[^`]*notation`|\{ref\}`[^`]*notation>?`|\]\((?:\./)?notation(?:\.md)?\)", path.read_text()
    ), f"{docname} does not link the notation page"


@pytest.mark.parametrize("docname", [p for p in toc_pages() if not p.endswith("notation")])
def test_no_page_uses_a_symbol_the_notation_page_retired(docname: str) -> None:
    found = retired_symbols(page_text(docname))
    assert not found, f"{docname} uses retired symbols (see book/notation.md):\n  " + "\n  ".join(found)
