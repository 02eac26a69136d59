"""The HTML book offers the PDF edition (tools/nnbook_pdf.py) when it was built first.

``.ci/run`` and the GitHub workflow run ``make test-pdf`` before ``make test``, so under
``CI=true`` the PDF must be there; elsewhere the test is skipped when it is not.
"""

from __future__ import annotations

from conftest import HTML, ROOT, missing, toc_pages

PDF = ROOT / "_build" / "pdf" / "nnbook.pdf"


def test_every_page_links_the_pdf_in_its_download_menu(built_book: dict) -> None:
    assert built_book["returncode"] == 0
    if not PDF.exists():
        missing("no PDF was built before the book (make pdf)")
    assert (HTML / "nnbook.pdf").read_bytes() == PDF.read_bytes()
    for name in toc_pages():
        html = (HTML / f"{name}.html").read_text()
        prefix = "../" * name.count("/")
        assert f'href="{prefix}nnbook.pdf"' in html, f"{name}.html does not link the PDF"
