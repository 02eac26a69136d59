"""The PDF edition's cost and size: ``make pdf`` timed as a whole, against a clean HTML
build (without live mode) in the same run, and the PDF's pages, size and images.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PDF = ROOT / "_build" / "pdf" / "nnbook.pdf"


def timed(command: list[str], **environment: str) -> tuple[float, bool]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, env={**os.environ, **environment})
    return time.perf_counter() - start, result.returncode == 0


def main() -> list[str]:
    lines = ["### The PDF edition (`make pdf`)", ""]
    if shutil.which("xelatex") is None or shutil.which("pdfinfo") is None:
        return [*lines, "xelatex or poppler-utils is not installed here: not measured (docs/pdf.md)."]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out:
        html, html_ok = timed(
            [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "--path-output", out, str(ROOT)],
            NNBOOK_LIVE="0",
        )
    pdf, pdf_ok = timed(["make", "pdf"])
    if not (html_ok and pdf_ok):
        return [*lines, f"A build failed (HTML: {html_ok}, PDF: {pdf_ok}): not measured."]
    info = subprocess.run(["pdfinfo", str(PDF)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True).stdout
    images = sum(line.split()[2] == "image" for line in listing.splitlines()[2:])
    return [
        *lines,
        "| what | value |",
        "|---|---:|",
        f"| `make pdf`: every notebook executed, then xelatex (latexmk) | {pdf:.1f} s |",
        f"| clean HTML build without live mode, same run, for reference | {html:.1f} s |",
        f"| `make pdf` ÷ HTML build | {pdf / html:.2f} |",
        f"| pages | {pages} |",
        f"| size | {PDF.stat().st_size / 1e6:.1f} MB |",
        f"| raster images (every plot and explorer figure) | {images} |",
        "",
        f"Load average (1 min) when the measurement started: {load:.1f} on {os.cpu_count()} cores.",
    ]


if __name__ == "__main__":
    print("\n".join(main()))
