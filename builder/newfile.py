"""Writing a new file of the editor's (`dossier ingest`, `dossier new meeting`) whole or not at
all, and never in place of a file that is there.

The bytes go to a hidden temporary file beside the target, which is then linked at the
target's name: the link fails if anything at all has that name (a file, a folder, a link,
dangling or not), and a reader never sees half a file. A command killed half-way leaves at
most the hidden temporary file, which the loader ignores (`load.EDITOR_FILES`).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


def write_new_file(path: Path, data: bytes) -> None:
    """Write `data` as the new file `path`; `FileExistsError` if something has its name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    descriptor = os.open(temporary, flags, 0o644)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)
        except OSError as error:
            if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}:
                raise
            # A file system without hard links: create the file exclusively, then write it.
            _write_exclusively(path, data)
    finally:
        temporary.unlink(missing_ok=True)


def _write_exclusively(path: Path, data: bytes) -> None:
    with path.open("xb") as out:
        out.write(data)
