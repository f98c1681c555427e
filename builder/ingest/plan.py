"""The plan of an ingest run: read and check every path given, choose each new article's source
id and file name, and say what will be written; nothing is written here (`write_ingest`).

An article already in the dossier (a record holds its SHA-256) is `unchanged`; a raw file is
copied into `site_src/articles/` unless it is there already; a record gets an id that no other
record has.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from slugify import slugify

from builder.content.files import SITE_SRC, content_files, content_folder, read_limited
from builder.content.text import RawTextError, decode_article
from builder.content.yaml_reader import read_yaml
from builder.ingest.detect import Detection, detect_article
from builder.problems import Problem

# The file side: read and check every path, choose ids and names, then write.

ARTICLES = "articles"
SOURCES = "sources"
UNDATED = "undated"
"""The date part of the id of an article whose date was not found."""


class Status(StrEnum):
    """What ingest does with one path."""

    new = "new"
    """A new raw article: copied, and a record written for it."""
    unchanged = "unchanged"
    """Already in the dossier (same SHA-256): nothing is written."""


@dataclass(frozen=True)
class Ingested:
    """One path given to `dossier ingest`: what was found in it and what is done with it."""

    path: str
    """The path as given on the command line."""
    source_id: str
    raw: str
    """The raw file's path relative to `site_src/` (`articles/x.txt`)."""
    raw_sha256: str
    detection: Detection
    status: Status
    data: bytes = field(repr=False)
    copy_raw: bool
    """Whether the raw file must be copied (it is not in `site_src/articles/` yet)."""
    notes: tuple[str, ...] = ()
    """Choices worth telling the editor (an id or a file name that was taken)."""

    @property
    def record_path(self) -> str:
        """The record's path relative to the project root."""
        return f"{SITE_SRC}/{SOURCES}/{self.source_id}.yml"


def source_id_for(detection: Detection, raw_sha256: str) -> str:
    """The source id rule: `<date>-<outlet>`, else `<date>-<headline>`, else `<date>-<sha8>`.

    The date is the publication date at its precision (`2024-06` for a month, `undated` when
    none was found); the rest is the python-slugify slug of the outlet's name, else of the
    headline's first words, else the first 8 hex digits of the raw file's SHA-256.
    """
    date = detection.date.isoformat() if isinstance(detection.date, dt.date) else detection.date
    for name, length in (
        (detection.outlet.name if detection.outlet else None, 0),
        (detection.headline, 40),
    ):
        slug = slugify(name, max_length=length, word_boundary=True) if name else ""
        if slug:
            return f"{date or UNDATED}-{slug}"
    return f"{date or UNDATED}-{raw_sha256[:8]}"


_RECORDED_DIGEST = re.compile(r"^raw_sha256:\s*[\"']?([0-9a-f]{64})\b", re.MULTILINE)


def _known_records(sources_dir: Path) -> dict[str, str | None]:
    """Existing records by id, with the SHA-256 each one records (None if unreadable).

    Only the `raw_sha256:` line is read, so a record the editor is still completing counts.
    """
    known: dict[str, str | None] = {}
    inside = content_folder(sources_dir.parent.parent)
    for path in content_files(sources_dir, "*.yml"):
        data, _ = read_limited(path, "the record", inside)
        found = _RECORDED_DIGEST.search(data.decode("utf-8", "replace")) if data else None
        known[path.stem] = found[1] if found else None
    return known


def _safe_name(path: Path, raw_sha256: str) -> str:
    """A file name for the copy: the original one when it is plain, else a slug of it."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", path.name):
        return path.name
    suffix = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,8}", path.suffix.lower()) else ""
    return f"{slugify(path.stem) or raw_sha256[:8]}{suffix or '.txt'}"


def read_article(path: Path, shown: str) -> tuple[bytes, str] | Problem:
    """Read and decode one raw article, or say in one line why it cannot be ingested."""
    if path.is_dir():
        return Problem(shown, 1, "is a folder, not a raw article")
    data, refusal = read_limited(path, "the raw article")
    if data is None:
        return Problem(shown, 1, refusal or "the raw article cannot be read")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return Problem(shown, line, "the raw article is binary (it holds NUL bytes), not text")
    try:
        return data, decode_article(data)
    except RawTextError as error:
        return Problem(shown, error.line, str(error))


class _Planner:
    """Chooses ids and file names for one ingest run, remembering the choices already made."""

    def __init__(self, root: Path) -> None:
        self.site_src = root / SITE_SRC
        self.records = _known_records(self.site_src / SOURCES)
        self.by_digest = {digest: id_ for id_, digest in self.records.items() if digest}
        self.ids: set[str] = set(self.records)
        self.names: set[str] = set()
        self._article_digests: dict[str, str] | None = None

    def article_digests(self) -> dict[str, str]:
        """The SHA-256 of every file already in `site_src/articles/`, by name (read once)."""
        if self._article_digests is None:
            folder = self.site_src / ARTICLES
            inside = content_folder(self.site_src.parent)
            self._article_digests = {}
            # Each file read as the loader reads it: a FIFO never blocks, a link out is not read.
            for path in content_files(folder, "*"):
                data, _ = read_limited(path, "the raw article", inside)
                if data is not None:
                    self._article_digests[path.name] = hashlib.sha256(data).hexdigest()
        return self._article_digests

    def raw_name(self, path: Path, digest: str) -> tuple[str, bool, list[str]]:
        """Where the raw file goes in `site_src/articles/`, whether to copy it, and notes."""
        folder = (self.site_src / ARTICLES).resolve()
        if path.resolve().parent == folder:
            return path.name, False, []
        for name, existing in self.article_digests().items():
            if existing == digest:
                return name, False, [f"the same file is already {SITE_SRC}/{ARTICLES}/{name}"]
        name = _safe_name(path, digest)
        if name in self.article_digests() or name in self.names:
            other = name
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-{digest[:8]}.{suffix}" if dot else f"{name}-{digest[:8]}"
            notes = [f"{SITE_SRC}/{ARTICLES}/{other} is another file; copied as {name}"]
        else:
            notes = []
        self.names.add(name)
        return name, True, notes

    def source_id(self, detection: Detection, digest: str) -> tuple[str | None, list[str]]:
        """A source id unique in the dossier; never the id of another file's record."""
        base = source_id_for(detection, digest)
        if base not in self.ids:
            self.ids.add(base)
            return base, []
        candidate = base if base.endswith(digest[:8]) else f"{base}-{digest[:8]}"
        if candidate in self.ids:
            return None, []
        self.ids.add(candidate)
        taken = f"{SITE_SRC}/{SOURCES}/{base}.yml"
        if base not in self.records:
            taken = "another article given in this run"
        return candidate, [f"the id {base} is taken by {taken}; this article is {candidate}"]


def plan_ingest(
    root: Path, paths: list[tuple[Path, str]], chosen_id: str | None = None
) -> tuple[list[Ingested], list[Problem]]:
    """Read, check and detect every path (given with the text to show for it); write nothing.

    An article already in the dossier (a record has its SHA-256) is `unchanged`. Problems are
    one per unusable path. `chosen_id` names the record of the one path given (`--id`); the
    caller has checked that it is a slug and that no record has it (`id_refusal`).
    """
    if not (root / SITE_SRC).is_dir():
        # Most likely the wrong folder: say so rather than start a new dossier in it.
        message = f"no content folder: {root / SITE_SRC} does not exist; use --root"
        return [], [Problem(SITE_SRC, 1, message)]
    planner = _Planner(root)
    planned: list[Ingested] = []
    problems: list[Problem] = []
    this_run: dict[str, Ingested] = {}
    for path, shown in paths:
        read = read_article(path, shown)
        if isinstance(read, Problem):
            problems.append(read)
            continue
        data, text = read
        digest = hashlib.sha256(data).hexdigest()
        detection = detect_article(text)
        earlier = this_run.get(digest)
        if digest in planner.by_digest or earlier is not None:
            planned.append(_unchanged(planner, shown, digest, detection, data, earlier))
            continue
        item = _new(planner, path, shown, digest, detection, data, chosen_id)
        if isinstance(item, Problem):
            problems.append(item)
            continue
        this_run[digest] = item
        planned.append(item)
    return planned, problems


def _unchanged(
    planner: _Planner,
    shown: str,
    digest: str,
    detection: Detection,
    data: bytes,
    earlier: Ingested | None,
) -> Ingested:
    """An article already in the dossier, or given earlier in this run."""
    if earlier is not None:
        source_id, raw = earlier.source_id, earlier.raw
        notes: tuple[str, ...] = (f"the same file as {earlier.path}",)
    else:
        source_id = planner.by_digest[digest]
        raw = _recorded_raw(planner.site_src / SOURCES / f"{source_id}.yml")
        notes = ()
    return Ingested(shown, source_id, raw, digest, detection, Status.unchanged, data, False, notes)


def _new(
    planner: _Planner,
    path: Path,
    shown: str,
    digest: str,
    detection: Detection,
    data: bytes,
    chosen_id: str | None,
) -> Ingested | Problem:
    """A new article: its source id (`chosen_id` when given) and its raw file's name."""
    new_id: str | None
    id_notes: list[str] = []
    if chosen_id is not None:
        new_id = chosen_id
    else:
        new_id, id_notes = planner.source_id(detection, digest)
    if new_id is None:
        return Problem(
            shown,
            1,
            f"no free source id: {source_id_for(detection, digest)} and its variant "
            f"with {digest[:8]} are both taken by other articles",
        )
    name, copy_raw, name_notes = planner.raw_name(path, digest)
    return Ingested(
        shown,
        new_id,
        f"{ARTICLES}/{name}",
        digest,
        detection,
        Status.new,
        data,
        copy_raw,
        tuple(name_notes + id_notes),
    )


MAX_ID_LENGTH = 120
"""The longest id the content model takes (`builder.content.models.Id`)."""


def id_refusal(root: Path, source_id: str, paths: int) -> tuple[str, int] | None:
    """Why `--id` cannot name the record, with the exit status (2 for a wrong command line);
    None when it can: one path, a slug, and no record of that id yet."""
    if paths != 1:
        return f"--id names one record; give one PATH, not {paths}", 2
    if not source_id or slugify(source_id) != source_id:
        suggestion = slugify(source_id) or "a name in letters and digits"
        return (
            f"source id {source_id!r} is not a slug: use lower-case letters, digits and '-' "
            f"only, such as {suggestion!r}",
            2,
        )
    if len(source_id) > MAX_ID_LENGTH:
        return (
            f"source id {source_id[:40]!r}… is {len(source_id)} characters long; an id has at "
            f"most {MAX_ID_LENGTH}",
            2,
        )
    record = f"{SITE_SRC}/{SOURCES}/{source_id}.yml"
    if os.path.lexists(root / record):
        return f"source id {source_id!r} is taken by {record}; give another with --id", 1
    return None


def _recorded_raw(record_path: Path) -> str:
    text, _ = read_limited(
        record_path, "the record", content_folder(record_path.parent.parent.parent)
    )
    try:
        data = read_yaml(text.decode("utf-8"), "the record")[0] if text is not None else None
    except UnicodeDecodeError:
        data = None
    return str(data.get("raw", "")) if isinstance(data, dict) else ""
