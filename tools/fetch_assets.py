"""Fetch the JavaScript the HTML book serves itself, so it loads nothing from outside.

The ipywidgets HTML manager (it draws the sliders and plots stored in the pages) and
MathJax (it typesets the equations) come from the npm registry at exact versions,
through ``npm pack``, which checks each tarball against the registry's integrity hash.
Tarballs are cached in ``.cache/npm`` so a rebuild downloads nothing; the files the
site needs are unpacked into ``_vendor``, a static path of the site (its files end up
in ``_build/html/_static``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "npm"
VENDOR = ROOT / "_vendor"

# package spec -> (folder inside the tarball, folder under _vendor, files to keep)
PACKAGES = {
    # embed.js (no require.js needed) and the icon fonts it refers to
    "@jupyter-widgets/html-manager@1.0.15": (
        "package/dist",
        "ipywidgets",
        lambda path: "/" not in path and not (path.endswith(".js") and path != "embed.js"),
    ),
    # the TeX-to-HTML bundle plus the components and fonts it loads on demand
    "mathjax@3.2.2": (
        "package/es5",
        "mathjax",
        lambda path: path == "tex-chtml.js" or ("/" in path and not path.startswith("output/svg")),
    ),
}


def tarball(spec: str) -> Path:
    """The cached tarball for ``spec``, fetched with ``npm pack`` when missing."""
    name, version = spec.rsplit("@", 1)
    path = CACHE / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    if shutil.which("npm") is None:
        sys.exit(f"fetch_assets: npm is needed to download {spec} (install Node.js and npm)")
    result = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(CACHE), "--silent"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0 or not path.exists():
        sys.exit(f"fetch_assets: could not download {spec} from the npm registry:\n{result.stderr}")
    return path


def extract_file(spec: str, member: str) -> bytes:
    """One file out of a cached npm tarball (the tests take axe-core this way)."""
    with tarfile.open(tarball(spec)) as archive:
        return archive.extractfile(member).read()


def unpack(spec: str, inside: str, target: Path, keep) -> None:
    stamp = target / ".version"
    if stamp.exists() and stamp.read_text() == spec:
        return
    shutil.rmtree(target, ignore_errors=True)
    prefix = inside.rstrip("/") + "/"
    with tarfile.open(tarball(spec)) as archive:
        for member in archive.getmembers():
            relative = member.name[len(prefix) :]
            if member.isfile() and member.name.startswith(prefix) and not relative.endswith(".map") and keep(relative):
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as source, open(destination, "wb") as out:
                    shutil.copyfileobj(source, out)
    stamp.write_text(spec)


def main() -> None:
    for spec, (inside, folder, keep) in PACKAGES.items():
        unpack(spec, inside, VENDOR / folder, keep)
    print(f"fetch_assets: {', '.join(PACKAGES)} ready in {VENDOR.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
