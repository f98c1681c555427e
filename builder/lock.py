"""One `dossier` command at a time on a project: each command holds a lock on the project folder
while it runs.

Two commands that interleave can undo each other's work: a `check` that puts back a site while
a build swaps it, two `ingest`s of one article writing the same record. Every command takes an
advisory `fcntl.flock` on the project folder itself before it reads or writes anything of it:
no lock file is written (a command that writes nothing leaves the project as it was, and a
read-only checkout can be locked too), and the system releases the lock when the process ends,
however it ends. A second command waits for the first, saying so once, for
`DOSSIER_LOCK_TIMEOUT` seconds at most (`WAIT_SECONDS` by default), then gives up with one line
and exit status 1.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT_SECONDS = 600.0
"""How long a command waits for another one by default: ten times a build of 1,000 meetings."""

TIMEOUT_VARIABLE = "DOSSIER_LOCK_TIMEOUT"
"""The environment variable that sets the wait, in seconds (0: do not wait)."""

_POLL_SECONDS = 0.05

_held: dict[tuple[int, int], int] = {}
"""The folders (device, inode) this process holds, with the descriptor that holds each: taking
one again (the MkDocs plugin, inside a build that holds it already) is a no-op, not a wait for
ourselves."""


def _forget_in_child() -> None:
    """In a forked process (those that parse the search index): close the descriptors that hold
    the locks. The lock stays with the parent; a process still ending after its command did
    must not keep it."""
    for descriptor in _held.values():
        os.close(descriptor)
    _held.clear()


os.register_at_fork(after_in_child=_forget_in_child)


class LockTimeout(Exception):
    """Another command held the project for longer than the wait; the one line to print."""


def _wait_seconds() -> float:
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value.strip() else WAIT_SECONDS
    except ValueError:
        return WAIT_SECONDS


def _holder(device: int, inode: int) -> str:
    """`pid N` of the process that holds the lock, from Linux's `/proc/locks`, if it says."""
    key = f"{os.major(device):02x}:{os.minor(device):02x}:{inode}"
    try:
        with Path("/proc/locks").open(encoding="ascii", errors="replace") as locks:
            for line in locks:
                fields = line.split()
                if "FLOCK" in fields and key in fields and "->" not in fields:
                    return f"pid {fields[fields.index(key) - 1]}"
    except OSError:
        pass
    return "its pid unknown"


@contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the lock of the project folder `root` while the block runs; wait for another
    command that holds it. Raises `LockTimeout` when the wait is over. A folder that is
    missing or cannot be opened is not locked: the command then says what is wrong itself."""
    try:
        descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        yield
        return
    try:
        status = os.fstat(descriptor)
        key = (status.st_dev, status.st_ino)
        if key in _held:
            yield
            return
        deadline: float | None = None
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(*key)
                if deadline is None:
                    deadline = time.monotonic() + _wait_seconds()
                    print(
                        "dossier: waiting for another dossier command on this project "
                        f"({holder}) to end…",
                        file=sys.stderr,
                        flush=True,
                    )
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{root}: another dossier command ({holder}) still runs on this "
                        f"project after {_wait_seconds():g} s; nothing was done by this "
                        f"`dossier {command}`; try again when it has ended"
                    ) from None
                time.sleep(_POLL_SECONDS)
        _held[key] = descriptor
        try:
            yield
        finally:
            _held.pop(key, None)
    finally:
        os.close(descriptor)  # releases the lock
