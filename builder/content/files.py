"""Reading the files of `site_src/`: where they are, which count, and their bytes as text.

Every read is limited (`read_limited`): by size, to regular files, and to files inside
`site_src/` once links are followed. Text is UTF-8 (a BOM and Windows line endings allowed),
NFC; a meeting's front matter is split from its body here.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from builder.content.limits import MAX_RAW_BYTES
from builder.content.text import RawTextError, decode_raw
from builder.problems import Problem

SITE_SRC = "site_src"


def shown_path(root: Path, path: Path) -> str:
    """`path` as messages show it: relative to `root` when below it, else whole."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _folder_prefix(folder: str) -> str:
    return folder if folder.endswith("/") else folder + "/"


def read_limited(
    path: Path, what: str, inside: str | None = None
) -> tuple[bytes | None, str | None]:
    """Read a file's bytes, or say why not, e.g. `the raw article x is 52,428,800 bytes; ...`.

    `what` names the file in the message. A file over `MAX_RAW_BYTES` is refused from its size
    alone, before a byte of it is read; a FIFO, a socket or a device is refused before it is
    opened (a FIFO would block), and opened without blocking all the same, in case one took
    the file's place in between; the read itself stops one byte past the limit, so a file that
    grows in between is refused too, never held in memory whole. `inside`, a real folder
    (`content_folder`), is where the file must be once its links are followed: a link to
    anything outside it is refused, never read.
    """
    name = os.fspath(path)
    try:
        info = os.stat(name) if inside is None else os.lstat(name)  # noqa: PTH116
        if inside is None:
            pass  # a path the user gave (`dossier ingest PATH`): links are theirs to follow
        elif stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(name)
            if not real.startswith(_folder_prefix(inside)):
                return None, f"{what} is a link to {real}, outside {SITE_SRC}/"
            info = os.stat(name)  # noqa: PTH116 - one call on the name, no Path method
        else:
            real = os.path.realpath(path.parent)
            if not _folder_prefix(real).startswith(_folder_prefix(inside)):
                return None, f"{what} is in {real}, outside {SITE_SRC}/ (a folder that is a link)"
    except FileNotFoundError:
        return None, f"{what} does not exist"
    except OSError as error:
        return None, f"{what} cannot be read: {error.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return None, f"{what} is not a regular file"
    too_big = f"{what} is {info.st_size:,} bytes; the limit is {MAX_RAW_BYTES:,} (10 MB)"
    if info.st_size > MAX_RAW_BYTES:
        return None, too_big
    # `os.open`, for O_NONBLOCK: a FIFO that took the file's place since `stat` must not block.
    try:
        descriptor = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                return None, f"{what} is not a regular file"
            # Not `read(limit + 1)`: the whole size asked for is allocated up front. Read on,
            # in small steps, until the end (a file that grew since `stat` is refused).
            parts = [os.read(descriptor, info.st_size + 1)]
            size = len(parts[0])
            while parts[-1] and size <= MAX_RAW_BYTES:
                parts.append(os.read(descriptor, min(1 << 16, MAX_RAW_BYTES + 1 - size)))
                size += len(parts[-1])
        finally:
            os.close(descriptor)
    except OSError as error:
        return None, f"{what} cannot be read: {error.strerror}"
    if size > MAX_RAW_BYTES:
        return None, f"{what} is over the limit of {MAX_RAW_BYTES:,} bytes (10 MB)"
    return b"".join(parts), None


def content_folder(root: Path) -> str:
    """The real path of `root/site_src`: every content file must be inside it."""
    return os.path.realpath(root / SITE_SRC)


EDITOR_FILES = re.compile(r"^[.#]|[~#]$")
"""Names an editor gives its own files beside the one being edited: Emacs' lock `.#x.md` and
autosave `#x.md#`, backups `x.md~`, Vim's swap `.x.md.swp`; and any hidden file."""


def content_files(folder: Path, pattern: str) -> list[Path]:
    """The files of `folder` that match `pattern` (`*.md`), sorted, leaving out editors' own
    files (`EDITOR_FILES`)."""
    return sorted(
        (path for path in folder.glob(pattern) if not EDITOR_FILES.search(path.name)),
        key=os.fspath,
    )


def raw_location(root: Path, raw: str) -> tuple[Path, str] | None:
    """The real path of a record's `raw:` file, `site_src/<raw>` with its folders' links
    followed (and its own), and that path as shown; None when it is outside `site_src/`."""
    site_src = (root / SITE_SRC).resolve()
    path = site_src / raw
    if path.name in {"", "..", "."} or path.is_symlink():
        path = path.resolve()
    else:
        path = path.parent.resolve() / path.name
    if not path.is_relative_to(site_src):
        return None
    return path, shown_path(root.resolve(), path)


def locate_raw(root: Path, raw: str) -> Path | None:
    """The real path of a record's `raw:` file, or None when it is outside `site_src/`."""
    located = raw_location(root, raw)
    return located[0] if located is not None else None


def read_text(path: Path, shown: str, root: Path) -> tuple[str | None, list[Problem]]:
    """Read an editor's file of `root/site_src` as UTF-8 text (BOM and Windows line endings
    allowed), NFC; a link to anything outside `site_src/` is refused (`read_limited`)."""
    data, refusal = read_limited(path, "the file", content_folder(root))
    if data is None:
        return None, [Problem(shown, 1, refusal or "")]
    try:
        return decode_raw(data), []
    except RawTextError as error:
        message = str(error).replace("the raw article", "the file")
        return None, [Problem(shown, error.line, message)]


def split_front_matter(text: str, shown: str) -> tuple[str, str, int, list[Problem]]:
    """Split a Markdown file into front matter YAML and body.

    Returns the YAML, the body, the file line where the body starts, and problems.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return (
            "",
            text,
            1,
            [Problem(shown, 1, "expected front matter: the file must start with a '---' line")],
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2, []
    return (
        "",
        "",
        1,
        [Problem(shown, 1, "the front matter block opened on line 1 never closes with '---'")],
    )
