"""Writing the docs tree: only files whose bytes changed are touched, and nothing is written
outside the tree."""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
import stat
from pathlib import Path


class DocsWriter:
    """Writes files into the docs tree, touching only those whose bytes changed.

    Unchanged files keep their mtime, so a watcher such as `mkdocs serve` sees no change; a
    changed file is replaced in one step.
    """

    def __init__(self, docs_dir: Path) -> None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.docs_dir = docs_dir
        self.inside = docs_dir.resolve()
        # Plain strings for the paths of new files: no `Path` to parse for each.
        self.prefix = os.fspath(docs_dir) + "/"
        self.checked_folders: set[str] = set()
        with os.scandir(docs_dir) as entries:
            self.started_empty = next(entries, None) is None

    def write(self, relative: str, content: bytes) -> int:
        """Write one file unless it already holds `content`; 1 if written."""
        docs_dir = self.docs_dir
        # The validate stage refuses ids and slugs that are not plain slugs; this is the last
        # line of defence, in the spirit of Pelican's `sanitised_join`.
        if ".." in relative.split("/"):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
        folder, name = posixpath.split(relative)
        if folder not in self.checked_folders:
            # Resolved once per folder, not per file: a symlink among the folders is caught
            # here, and one in place of a file below, where the file is opened.
            if not (docs_dir / folder).resolve().is_relative_to(self.inside):
                raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
            (docs_dir / folder).mkdir(parents=True, exist_ok=True)
            self.checked_folders.add(folder)
        target = self.prefix + relative
        if name not in ("", "."):
            try:
                # O_EXCL fails on anything already there, a symlink (even a dangling one)
                # included, so a new file is written in this folder and nowhere else; and no
                # reader can find it half-written in place of an older one.
                descriptor = os.open(target, _NEW_FILE_FLAGS, 0o666)
            except FileExistsError:
                pass
            else:
                _write_and_close(descriptor, content)
                return 1
        return _replace_if_changed(Path(target), relative, content, docs_dir, self.inside)

    def remove_stale(self, expected: set[str]) -> None:
        """Remove every file not in `expected`, and the folders left empty."""
        if self.started_empty:
            return  # every file there was written by this writer
        docs_dir = self.docs_dir
        for directory, _, names in os.walk(docs_dir, topdown=False):
            folder_path = Path(directory)
            relative_dir = folder_path.relative_to(docs_dir).as_posix()
            for name in names:
                if posixpath.normpath(posixpath.join(relative_dir, name)) not in expected:
                    (folder_path / name).unlink()
            if folder_path != docs_dir and not any(folder_path.iterdir()):
                folder_path.rmdir()


_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _write_and_close(descriptor: int, content: bytes) -> None:
    """Write all of `content` to a file just opened, then close it: on the descriptor, with
    no file object to make."""
    try:
        rest = memoryview(content)
        while rest:
            rest = rest[os.write(descriptor, rest) :]
    finally:
        os.close(descriptor)


def _replace_if_changed(
    target: Path, relative: str, content: bytes, docs_dir: Path, inside: Path
) -> int:
    """Write `content` over an existing `target` unless it already holds it; 1 if written."""
    try:
        existing = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        # A symlink (or a file gone meanwhile): follow it only if it stays inside.
        if not target.resolve().is_relative_to(inside):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}") from None
        try:
            existing = os.open(target, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            target.write_bytes(content)
            return 1
    status = os.fstat(existing)
    if not stat.S_ISREG(status.st_mode):
        os.close(existing)
        # Not ours to replace (a folder someone put there): say where, as the system would.
        raise IsADirectoryError(errno.EISDIR, "is not a file the build wrote", str(target))
    with os.fdopen(existing, "rb") as file:
        if status.st_size == len(content) and file.read() == content:
            return 0
    temporary = target.with_name(target.name + ".tmp")
    # Whatever is at the temporary name (a leftover, or a symlink planted there) is removed,
    # not written through.
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    _write_and_close(os.open(temporary, _NEW_FILE_FLAGS, 0o666), content)
    temporary.replace(target)
    return 1
