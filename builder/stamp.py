"""The build stamp: lets `dossier build` skip a build whose result is already in place.

After a good build, `build/last-build.json` records a digest of every input (the content, the
templates, the schema, `mkdocs.yml`, the builder's own code and the versions of the engine)
and a fingerprint of the built site (each file's path, size and modification time). When
neither has changed since, building again would write the same site, so the build is skipped.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from builder.content.limits import MAX_RAW_BYTES
from builder.engine import engine_for

STAMP = Path("build") / "last-build.json"
"""Where the stamp is kept, relative to the project root (ignored by git)."""

INPUT_FOLDERS = ("site_src", "templates", "schema")
INPUT_FILES = ("mkdocs.yml",)
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change what the engine writes."""


@dataclass(frozen=True)
class BuildState:
    """What the stamp says about a build of `out`, worked out before building."""

    inputs: str
    """The digest of the inputs as they are now."""
    summary: str | None
    """The last build's summary line when it is still current (nothing to do), else None."""


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, in a stable order."""
    found: list[Path] = []
    for directory, subdirectories, names in os.walk(folder):
        subdirectories.sort()
        found += [Path(directory, name) for name in sorted(names)]
    return found


def _contents(path: Path) -> bytes:
    """A file's bytes, or for anything a build would refuse to read (a FIFO, a device, a file
    over the size limit) what `stat` says of it: reading those could block or take long."""
    try:
        status = path.stat()
    except OSError as error:
        return f"unreadable: {error.strerror}".encode()
    if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_RAW_BYTES:
        return f"{status.st_mode}:{status.st_size}:{status.st_mtime_ns}".encode()
    try:
        return path.read_bytes()
    except OSError as error:
        return f"unreadable: {error.strerror}".encode()


def inputs_digest(root: Path) -> str:
    """A digest of everything a build reads, and of the code and versions that build it."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        digest.update(data)

    for folder in INPUT_FOLDERS:
        for path in _files(root / folder):
            add(path.relative_to(root).as_posix(), _contents(path))
    for name in INPUT_FILES:
        path = root / name
        add(name, _contents(path) if path.exists() else b"")
    code = Path(__file__).parent
    for path in _files(code):
        if path.suffix in (".py", ".yml"):
            add(f"builder/{path.relative_to(code).as_posix()}", path.read_bytes())
    for package in engine_for(root).packages:
        try:
            add(package, metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            add(package, b"")
    for variable in ENVIRONMENT:
        add(variable, os.environ.get(variable, "").encode())
    return digest.hexdigest()


def site_fingerprint(out: Path) -> str:
    """A digest of the built site's file list, sizes and modification times."""
    digest = hashlib.sha256()
    for path in _files(out):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(out).as_posix()}\0{stat.st_size}\0".encode(
                "utf-8", "surrogateescape"
            )
        )
        digest.update(f"{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read_stamp(root: Path) -> dict[str, str]:
    try:
        data = json.loads((root / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def check_build(root: Path, out: Path) -> BuildState:
    """Whether the site in `out` is what building `root` now would write."""
    inputs = inputs_digest(root)
    stamp = _read_stamp(root)
    current = (
        stamp.get("inputs") == inputs
        and stamp.get("out") == str(out)
        and out.is_dir()
        and stamp.get("site") == site_fingerprint(out)
    )
    summary = stamp.get("summary")
    return BuildState(inputs, summary if current and isinstance(summary, str) else None)


def record_build(root: Path, out: Path, state: BuildState, summary: str) -> None:
    """Record a good build of `out` from the inputs `state` saw."""
    path = root / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"inputs": state.inputs, "out": str(out), "site": site_fingerprint(out)}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({**data, "summary": summary}, indent=2) + "\n", "utf-8")
    temporary.replace(path)
