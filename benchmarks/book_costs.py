"""The book's own costs: ``import nnbook``, a clean build with execution, nbval.

Each is measured as a whole command in a fresh process, the way a reader or CI meets
it. The per-chapter times are the execution times myst-nb reports during the build.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def import_time(rounds: int = 7) -> tuple[float, float]:
    """Median seconds of ``import nnbook`` in a fresh interpreter, and of ``import numpy`` alone."""

    def measure(statement: str) -> float:
        code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
        values = [
            float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)
            for _ in range(rounds)
        ]
        return statistics.median(values)

    return measure("import nnbook"), measure("import numpy")


def clean_build() -> tuple[float, dict[str, float], bool]:
    """Seconds for a clean ``jupyter-book build`` (into a temporary folder), per-notebook times, success."""
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        result = subprocess.run(
            [str(BIN / "jupyter-book"), "build", "-W", "-n", "--keep-going", "--path-output", out, str(ROOT)],
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - start
    log = result.stdout + result.stderr
    chapters: dict[str, float] = {}
    current = None
    for line in log.splitlines():
        executing = re.search(r"(book/\S+\.ipynb): Executing notebook", line)
        if executing:
            current = executing.group(1)
        executed = re.search(r"Executed notebook in ([\d.]+) seconds", line)
        if executed and current:
            chapters[current] = float(executed.group(1))
    return total, chapters, result.returncode == 0


def nbval_time() -> tuple[float, bool]:
    """Seconds for strict nbval over every notebook in book/."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "book", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start, result.returncode == 0


def failed(ok: bool) -> str:
    return "" if ok else " (FAILED)"


def main() -> list[str]:
    nnbook_import, numpy_import = import_time()
    total, chapters, built = clean_build()
    nbval_seconds, nbval_ok = nbval_time()
    lines = [
        "### The book",
        "",
        "| what | seconds | target |",
        "|---|---:|---|",
        f"| `import nnbook` (fresh interpreter, median of 7) | {nnbook_import:.3f} | ≤ 0.150 |",
        f"| `import numpy` alone, for reference | {numpy_import:.3f} | |",
        f"| clean build of the whole book, executing every notebook{failed(built)} | {total:.1f} | ≤ 180 |",
    ]
    for chapter, seconds in sorted(chapters.items()):
        lines.append(f"| executing `{chapter}` during the build | {seconds:.1f} | |")
    lines.append(f"| strict nbval over every notebook{failed(nbval_ok)} | {nbval_seconds:.1f} | |")
    if shutil.which("git"):
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        lines += ["", f"Measured at commit `{commit.stdout.strip()}`."]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
