"""One `dossier` command at a time on a project: a lock file that each command holds while it runs.

Two commands that interleave can undo each other's work: a `check` that puts back a site while
a build swaps it, two `ingest`s of one article writing the same record. Every command takes
`build/.dossier.lock` (an advisory `fcntl.flock`, which the system releases when the process
ends, however it ends) before it reads or writes anything of the project. A second command
waits for the first, saying so once, for `DOSSIER_LOCK_TIMEOUT` seconds at most
(`WAIT_SECONDS` by default), then gives up with one line and exit status 1.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK = Path("build") / ".dossier.lock"
"""The lock file, relative to the project root (ignored by git, like all of `build/`)."""

WAIT_SECONDS = 600.0
"""How long a command waits for another one by default: ten times a build of 1,000 meetings."""

TIMEOUT_VARIABLE = "DOSSIER_LOCK_TIMEOUT"
"""The environment variable that sets the wait, in seconds (0: do not wait)."""

_POLL_SECONDS = 0.05

_held: set[Path] = set()
"""The lock files this process holds: taking one again (the MkDocs plugin, inside a build
that holds it already) is a no-op, not a wait for ourselves."""


class LockTimeout(Exception):
    """Another command held the project for longer than the wait; the one line to print."""


def _wait_seconds() -> float:
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value.strip() else WAIT_SECONDS
    except ValueError:
        return WAIT_SECONDS


def _holder(descriptor: int) -> str:
    """What the holder wrote in the lock file (`pid 1234, dossier build`), if it did."""
    try:
        said = os.pread(descriptor, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        said = ""
    return said or "pid unknown"


def _open(path: Path) -> int | None:
    """The lock file opened for locking, or None when the project cannot be written (a
    read-only checkout can still be checked; whatever a command would write then fails on its
    own, with its own message)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
            return None
        raise


@contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's lock while the block runs; wait for another command that holds it.

    Raises `LockTimeout` when the wait is over, `OSError` when the lock file cannot be made
    for another reason than a read-only project (`build` is a file, say).
    """
    path = (root / LOCK).absolute()
    if path in _held:
        yield
        return
    deadline: float | None = None
    while True:
        descriptor = _open(path)
        if descriptor is None:
            yield
            return
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(descriptor)
            os.close(descriptor)
            if deadline is None:
                deadline = time.monotonic() + _wait_seconds()
                print(
                    f"dossier: waiting for another dossier command on this project ({holder})…",
                    file=sys.stderr,
                    flush=True,
                )
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{path}: another dossier command ({holder}) still runs on this project "
                    f"after {_wait_seconds():g} s; try again when it has ended"
                ) from None
            time.sleep(_POLL_SECONDS)
            continue
        # The file may have been deleted (with `build/`) while we waited for it: a lock on a
        # file no longer at that path locks nothing. Take the file that is there now.
        try:
            same = path.stat().st_ino == os.fstat(descriptor).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(descriptor)
    try:
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"pid {os.getpid()}, dossier {command}\n".encode(), 0)
        _held.add(path)
        yield
    finally:
        _held.discard(path)
        os.close(descriptor)  # releases the lock
