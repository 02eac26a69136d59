"""Execute the book's notebooks in place, so their stored outputs are the ones nbval checks.

Run it (``make notebooks``) after editing a chapter. Each notebook runs in a fresh
kernel from its own folder, as the book build and nbval run it. The widget state that
execution leaves in the notebook's metadata is removed: its model ids change on every
run and would make every re-run a noisy diff (the book build stores its own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(paths: list[str]) -> None:
    notebooks = [Path(p).resolve() for p in paths] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in notebooks:
        run(path)


if __name__ == "__main__":
    main(sys.argv[1:])
