"""Where live mode's Pyodide wheels come from: each from the first source that has it.

The sources, in order (``tools/fetch_pyodide.py``): ``$NNBOOK_PYODIDE_WHEELS`` (a folder
of wheels, or the official release archive by path or URL), the verified wheelhouse an
earlier build kept, then PyPI's copy. Every wheel is checked against the official lock's
sha256 whatever its source. Small fake sources here; nothing is downloaded.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))

import fetch_pyodide

#: Three fake wheels of a fake release: their bytes, and a lock naming their sha256.
WHEELS = {f"{name}-1.0-py3-none-any.whl": f"the {name} wheel".encode() for name in ("alpha", "beta", "gamma")}
LOCK = {
    "info": {"version": fetch_pyodide.PYODIDE_VERSION},
    "packages": {
        file_name.split("-")[0]: {"file_name": file_name, "sha256": hashlib.sha256(data).hexdigest(), "depends": []}
        for file_name, data in WHEELS.items()
    },
}
NAMES = sorted(LOCK["packages"])


def folder(path: Path, names: list[str], tampered: str = "") -> Path:
    path.mkdir(parents=True)
    for name in names:
        (path / name).write_bytes(b"tampered" if name == tampered else WHEELS[name])
    return path


def release_archive(path: Path, names: list[str]) -> Path:
    """A tar.bz2 laid out as Pyodide's release archive: every file under ``pyodide/``."""
    with tarfile.open(path, "w:bz2") as archive:
        for name in names:
            info = tarfile.TarInfo(f"pyodide/{name}")
            info.size = len(WHEELS[name])
            archive.addfile(info, io.BytesIO(WHEELS[name]))
    return path


def pypi_copy(path: Path, names: list[str]) -> fetch_pyodide.PyPICopy:
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(fetch_pyodide.WHEELHOUSE_FOLDER + name, WHEELS[name])
    return fetch_pyodide.PyPICopy(path)


def gather(tmp_path: Path, sources: list) -> dict[str, str]:
    target = tmp_path / "out"
    target.mkdir()
    origin = fetch_pyodide.gather_wheels(sources, LOCK, NAMES, target)
    assert {path.name: path.read_bytes() for path in target.iterdir()} == WHEELS
    return origin


def test_each_wheel_comes_from_the_first_source_that_has_it(tmp_path: Path) -> None:
    first = fetch_pyodide.WheelFolder(folder(tmp_path / "first", ["alpha-1.0-py3-none-any.whl"]))
    archive = fetch_pyodide.ReleaseArchive(
        str(release_archive(tmp_path / "pyodide.tar.bz2", ["alpha-1.0-py3-none-any.whl", "beta-1.0-py3-none-any.whl"]))
    )
    last = pypi_copy(tmp_path / "copy.whl", list(WHEELS))
    origin = gather(tmp_path, [first, archive, last])
    assert origin == {
        "alpha-1.0-py3-none-any.whl": str(first),
        "beta-1.0-py3-none-any.whl": str(archive),
        "gamma-1.0-py3-none-any.whl": str(last),
    }


def test_a_source_that_fails_is_passed_over(tmp_path: Path) -> None:
    gone = fetch_pyodide.WheelFolder(tmp_path / "no such folder")
    broken = fetch_pyodide.ReleaseArchive(str(folder(tmp_path / "x", []) / "not-an-archive.tar.bz2"))
    (tmp_path / "x" / "not-an-archive.tar.bz2").write_bytes(b"not bz2")
    last = pypi_copy(tmp_path / "copy.whl", list(WHEELS))
    assert set(gather(tmp_path, [gone, broken, last]).values()) == {str(last)}


def test_a_release_archive_given_by_url_is_downloaded_once(tmp_path: Path) -> None:
    archive = release_archive(tmp_path / "pyodide-0.27.7.tar.bz2", list(WHEELS))
    source = fetch_pyodide.ReleaseArchive(archive.as_uri(), cache=tmp_path / "cache")
    gather(tmp_path, [source])
    assert (tmp_path / "cache" / archive.name).read_bytes() == archive.read_bytes()


def test_a_tampered_wheel_stops_the_build_whatever_its_source(tmp_path: Path) -> None:
    """A mismatch is refused, not passed over for the next source: the sha256 check is as it was."""
    tampered = fetch_pyodide.WheelFolder(folder(tmp_path / "w", list(WHEELS), tampered="beta-1.0-py3-none-any.whl"))
    good = pypi_copy(tmp_path / "copy.whl", list(WHEELS))
    refused = r"refusing beta-1\.0.*official pyodide-lock\.json.*came from"
    with pytest.raises(fetch_pyodide.IntegrityError, match=refused):
        gather(tmp_path, [tampered, good])


def test_when_no_source_has_a_wheel_the_error_names_every_source_and_live0(tmp_path: Path) -> None:
    gone = fetch_pyodide.WheelFolder(tmp_path / "no such folder")
    archive = fetch_pyodide.ReleaseArchive(str(tmp_path / "missing.tar.bz2"))
    partial = pypi_copy(tmp_path / "copy.whl", ["alpha-1.0-py3-none-any.whl"])
    with pytest.raises(fetch_pyodide.DownloadError) as raised:
        gather(tmp_path, [gone, archive, partial])
    message = str(raised.value)
    assert "no source for 2 of the Pyodide" in message
    assert f"1. {gone}: no such folder" in message
    assert f"2. {archive}: no such file" in message
    assert f"3. {partial}: lacks 2 of the 3 wheels" in message
    assert fetch_pyodide.SOURCE_ENV in message and fetch_pyodide.RELEASE_URL in message
    assert "make book LIVE=0" in message


def test_the_sources_in_order(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(fetch_pyodide, "CACHE", tmp_path / "cache")
    kept = tmp_path / "cache" / "pyodide-wheels"
    kinds = [type(source) for source in fetch_pyodide.wheel_sources({})]
    assert kinds == [fetch_pyodide.WheelFolder, fetch_pyodide.PyPICopy]
    assert fetch_pyodide.wheel_sources({})[0].path == kept
    by_folder = fetch_pyodide.wheel_sources({fetch_pyodide.SOURCE_ENV: str(tmp_path)})
    folders = [fetch_pyodide.WheelFolder, fetch_pyodide.WheelFolder]
    assert [type(source) for source in by_folder] == [*folders, fetch_pyodide.PyPICopy]
    assert by_folder[0].path == tmp_path
    for archive in (str(tmp_path / "pyodide-0.27.7.tar.bz2"), fetch_pyodide.RELEASE_URL):
        first = fetch_pyodide.wheel_sources({fetch_pyodide.SOURCE_ENV: archive})[0]
        assert isinstance(first, fetch_pyodide.ReleaseArchive) and first.location == archive


def test_verified_wheels_are_kept_for_the_next_build(tmp_path: Path) -> None:
    gather(tmp_path, [pypi_copy(tmp_path / "copy.whl", list(WHEELS))])
    fetch_pyodide.keep_verified(tmp_path / "out", sorted(WHEELS), tmp_path / "kept")
    assert {path.name: path.read_bytes() for path in (tmp_path / "kept").iterdir()} == WHEELS
    again = tmp_path / "again"
    again.mkdir()
    origin = fetch_pyodide.gather_wheels([fetch_pyodide.WheelFolder(tmp_path / "kept")], LOCK, NAMES, again)
    assert len(origin) == 3
