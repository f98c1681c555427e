"""Publishing a build: the new site takes the place of the old one in one step, and only a
site that Dossier built is ever replaced or removed.

`pipeline.build_site` builds beside `site/` (`start_site`) and `replace_site` swaps the two with
two renames; every `dossier` command first puts right what a build killed mid-swap left
(`recover_interrupted_swap`). Every site built holds a small marker file (`MARKER`): a folder
is replaced or removed only when it holds one, or is empty (`check_destination`, `is_our_site`).
Kept apart from the stages so that a command with nothing to build imports none of them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import stat
from contextlib import suppress
from pathlib import Path

STOP_AT_VARIABLE = "DOSSIER_TEST_STOP_AT"
"""Names a point of `build_site` where the process stops itself (SIGSTOP), so that the crash
tests can SIGKILL a real build at that exact point. Unset, as in any normal run: no effect."""

MARKER = ".dossier-site"
"""The file that marks a folder as a site Dossier built, in every site and in the offline zip.
MkDocs leaves hidden files of its output folder alone, and GitHub's Pages artifact leaves them
out."""

MARKER_TEXT = (
    "This folder is a site built by Dossier (`dossier build`), which replaces it whole at its "
    "next build.\nDo not keep files of your own here.\n"
)
_MARKER_BYTES = MARKER_TEXT.encode()
_MARKER_FIRST_LINE = MARKER_TEXT.split("\n", 1)[0].encode()

PROJECT_FOLDERS = ("site_src", "templates", "schema", "builder", "tests", "build", ".git")
"""Folders of a project that a build never writes into: the content, the templates, the code,
the build's own working folder (the generated docs, the stamp, the lock) and git's."""


class Refused(Exception):
    """A path the build will not write to or remove, with the one line that says why.

    `status` is the exit status: 2 for an output folder refused (a wrong `--out`, or a `site`
    that is not ours), 1 for anything else in the way."""

    def __init__(self, path: str, message: str, status: int = 2) -> None:
        super().__init__(f"{path}: {message}")
        self.status = status


def stop_point(name: str) -> None:
    if os.environ.get(STOP_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def swap_paths(out: Path) -> tuple[Path, Path]:
    """Where a build puts the new site, and the previous one, beside `out` while swapping."""
    return out.with_name(f".{out.name}.new"), out.with_name(f".{out.name}.old")


def real_path(path: Path, shown: str) -> Path:
    """`path` made absolute with every symbolic link followed (as Pelican's `sanitised_join`
    checks a path after resolving it, not as a string); `Refused` for a loop of links."""
    real = Path(os.path.realpath(path))
    # `realpath` stops at a loop, or at a link it cannot follow, and returns the link itself.
    if real.is_symlink():
        raise Refused(shown, "is a loop of symbolic links")
    return real


def _kind(path: Path) -> str:
    """What is at `path`, in words (`a file`, `a symbolic link to …`), for messages."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return "nothing"
    if stat.S_ISLNK(mode):
        return f"a symbolic link to {path.readlink()}"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    return "a special file (a pipe, a socket or a device)"


def _marker(folder: Path) -> bytes | None:
    """The start of the marker file in `folder`, if it is a regular file. Opened without
    following a link and without blocking (a FIFO of that name must not hang us)."""
    try:
        descriptor = os.open(
            folder / MARKER, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
        )
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return os.read(descriptor, len(_MARKER_BYTES) + 1)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def is_our_site(folder: Path) -> bool:
    """Whether `folder` (not followed if it is a link) is a folder that a build may remove:
    a real folder holding our marker, or an empty one, or one holding nothing but the start of
    our marker (a build killed as it wrote it). Never a link, whatever it points to."""
    try:
        if not stat.S_ISDIR(folder.lstat().st_mode):
            return False
        marker = _marker(folder)
        if marker is not None and marker.startswith(_MARKER_FIRST_LINE):
            return True
        with os.scandir(folder) as entries:
            names = [entry.name for entry in entries]
    except OSError:
        return False
    return not names or (
        names == [MARKER] and marker is not None and _MARKER_BYTES.startswith(marker)
    )


def remove_site(folder: Path) -> None:
    """Remove a site we built: everything but the marker, then the marker, then the folder,
    so that a removal stopped half-way leaves a folder still known as ours. Links inside are
    removed, never followed."""
    _refuse_mounts(folder)
    with os.scandir(folder) as entries:
        names = sorted(entry.name for entry in entries if entry.name != MARKER)
    for name in names:
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def _mount_points() -> list[Path]:
    """Every mount point of this process (`/proc/self/mountinfo`; none where it is missing):
    a bind mount of a folder of the same file system shows nowhere else."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    points: list[Path] = []
    for line in lines:
        fields = line.split(" ")
        if len(fields) > 4:
            # Spaces, tabs, newlines and backslashes in the path are written as octal escapes.
            decoded = re.sub(r"\\([0-7]{3})", lambda code: chr(int(code.group(1), 8)), fields[4])
            points.append(Path(decoded))
    return points


def _refuse_mounts(folder: Path) -> None:
    """Refuse to remove a folder that holds a mount point: what is there is not ours."""
    for mounted in _mount_points():
        if mounted.is_relative_to(folder) and mounted != folder:
            raise Refused(str(mounted), "is a mount point; dossier never removes what is there")


def check_destination(root: Path, out: Path, shown: str) -> None:
    """Refuse (`Refused`, exit status 2) an output folder that a build must not replace.

    `out` is the real path (`real_path`), `shown` the path as the user gave it. A build
    replaces only a missing folder, an empty one, or one that holds our marker and no project
    of its own (a site built before sites were marked is refused: it has no marker, and the
    folder may since have been filled by hand); never the project folder, a folder that holds
    it, one of its source folders (`PROJECT_FOLDERS`) or a folder inside one, `/` or the home
    folder.
    """
    project = real_path(root, str(root))
    if out == Path(out.anchor):
        raise Refused(shown, "is the root of the file system; give a folder of its own")
    if out == project:
        raise Refused(shown, "is the project folder; give a folder of its own, such as site")
    if project.is_relative_to(out):
        raise Refused(shown, "holds the project folder; give a folder of its own, such as site")
    try:
        home = real_path(Path.home(), "~")
    except (Refused, RuntimeError, KeyError):
        home = None
    if out == home:
        raise Refused(shown, "is the home folder; give a folder of its own")
    for name in PROJECT_FOLDERS:
        folder = real_path(root / name, name)
        if out.is_relative_to(folder):
            where = "is" if out == folder else "is inside"
            raise Refused(shown, f"{where} {name}/ of the project; give a folder of its own")
        if folder.is_relative_to(out):  # a source folder that is a link to somewhere else
            raise Refused(shown, f"holds {name}/ of the project; give a folder of its own")
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise Refused(shown, f"cannot be read: {error.strerror}") from None
    if not stat.S_ISDIR(mode):
        raise Refused(shown, f"is {_kind(out)}, not a folder; give a folder")
    if not is_our_site(out):
        raise Refused(
            shown,
            f"holds files that dossier did not build (it has no {MARKER} file); "
            "give a new or empty folder, or move them away",
        )
    for parent, folders, _ in os.walk(out):
        for name in folders:
            if name in ("site_src", ".git"):
                found = Path(parent, name).relative_to(out)
                raise Refused(
                    shown,
                    f"holds {found}, a project's: a site dossier built does not; move it away "
                    "first",
                )
    for mounted in _mount_points():
        if mounted.is_relative_to(out) and mounted != out:
            raise Refused(
                str(mounted),
                "is a mount point inside the site; dossier never removes what is there",
            )


def check_swap_paths(out: Path) -> None:
    """Refuse (`Refused`, exit status 1) to build when something not ours is where the build
    puts the new site or the previous one (`swap_paths`): it would have to be removed."""
    for path in swap_paths(out):
        if (path.is_symlink() or path.exists()) and not is_our_site(path):
            raise Refused(
                str(path),
                f"is in the way of the build ({_kind(path)} that dossier did not make); "
                "move it away",
                status=1,
            )


def start_site(out: Path) -> Path:
    """Make the folder the new site is built in, beside `out`, with our marker in it first
    (so that even a partial build is known as ours); remove one that a killed build left.
    `Refused` (exit status 1) when something not ours has its name (`check_swap_paths`)."""
    check_swap_paths(out)
    new, _ = swap_paths(out)
    if new.exists():
        remove_site(new)
    new.parent.mkdir(parents=True, exist_ok=True)
    new.mkdir()
    with (new / MARKER).open("x", encoding="utf-8") as marker:
        marker.write(MARKER_TEXT)
    return new


def replace_site(out: Path) -> None:
    """Put the build finished beside `out` (`swap_paths`) in its place: `out` is renamed aside,
    the new site renamed in, and the previous one removed last."""
    new, old = swap_paths(out)
    stop_point("built")
    if old.exists():  # a previous site a killed build left: ours (checked by `start_site`)
        remove_site(old)
    if out.exists():
        try:
            out.rename(old)
        except OSError:
            # `out` cannot be moved (a read-only folder, a mount point): it stays as it was,
            # and the new site goes, so that nothing of this build is left behind.
            with suppress(OSError):
                remove_site(new)
            raise
        stop_point("between-renames")
    new.rename(out)
    stop_point("swapped")
    if old.exists():
        remove_site(old)


def recover_interrupted_swap(out: Path) -> str | None:
    """Undo what an interrupted build left beside `out`; say what was done, if anything.

    Every `dossier` command calls this first. A build killed between the two renames of the
    swap leaves no `out`, only `.out.old` (the previous complete site) and `.out.new`: the
    previous site is put back. A build killed after the swap leaves `.out.old` beside the new
    `out`, and one killed earlier leaves a partial `.out.new`: both are only removed. Only what
    is ours (`is_our_site`) is moved or removed; anything else is left for `dossier build` to
    name.
    """
    new, old = swap_paths(out)
    said = None
    if is_our_site(old):
        if out.exists() or out.is_symlink():
            remove_site(old)
        else:
            old.rename(out)
            said = f"restored the previous {out.name}/ left by an interrupted build"
    if is_our_site(new):
        remove_site(new)
    return said
