"""Load stage: read everything in `site_src/` into typed models, collecting every problem.

Nothing here checks references between files; that is the validate stage's work. Each loader
returns what it could read plus the problems it met, so one run reports them all.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import re
import stat
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from builder.content.limits import MAX_RAW_BYTES
from builder.content.models import (
    CONTENT_FILE,
    CONTROL,
    EXPECTED,
    Dossier,
    Located,
    Meeting,
    MeetingRecord,
    PeopleFile,
    PersonRecord,
    Source,
    SourceRecord,
    UncheckedMeeting,
    control_character,
)
from builder.content.review import may_hold_markers, meeting_markers, source_record_markers
from builder.content.text import (
    FoldedArticle,
    RawTextError,
    cut_article,
    decode_article,
    decode_raw,
)
from builder.content.yaml_reader import read_yaml
from builder.problems import Problem

ModelT = TypeVar("ModelT", bound=BaseModel)

SITE_SRC = "site_src"


def _relative(root: Path, path: Path) -> str:
    """`path` relative to `root` as shown in messages, else whole."""
    # Below the root, as `Path` writes both: the rest of the text, without taking either
    # apart (at 11,000 files, `relative_to` was a twentieth of the load stage).
    prefix = _folder_prefix(os.fspath(root))
    text = os.fspath(path)
    if text.startswith(prefix):
        return text[len(prefix) :]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _folder_prefix(folder: str) -> str:
    return folder if folder.endswith("/") else folder + "/"


def _describe(value: Any) -> str:
    """What was found, as an editor would recognise it."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, int | float):
        return f"{value} (a number)"
    if isinstance(value, list | tuple):
        return "an empty list" if not value else "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def model_problems(error: ValidationError, model: type[BaseModel], where: Located) -> list[Problem]:
    """Turn pydantic's errors into `path:line: message` problems, one per field."""
    problems: dict[tuple[str | int, ...], Problem] = {}
    for item in error.errors():
        # Validators may add their own names to the location; keep the part of it that is a
        # real key path in the file.
        loc = tuple(item["loc"])
        key: tuple[str | int, ...] = ()
        for part in loc:
            candidate = (*key, part)
            if candidate in where.lines or item["type"] in {"missing", "extra_forbidden"}:
                key = candidate
            else:
                break
        if key in problems:
            continue
        problems[key] = Problem(where.path, where.line_of(*key), _message(item, model, key))
    return list(problems.values())


def _message(item: ErrorDetails, model: type[BaseModel], key: tuple[str | int, ...]) -> str:
    """One pydantic error as `what is wrong; what was found`, with the allowed values."""
    name = ".".join(str(part) for part in key) or "(top level)"
    kind = item["type"]
    context = item.get("ctx") or {}
    found = _describe(item.get("input"))
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, key[:-1])
        close = difflib.get_close_matches(str(key[-1]), allowed, n=1)
        message = f"unknown field {name!r}"
        if close:
            message += f"; did you mean {close[0]!r}?"
        return message + f" (allowed: {', '.join(allowed)})"
    if kind == "missing":
        return f"missing required field {name!r}"
    if kind == EXPECTED:
        hint = context.get("hint")
        return f"field {name!r} must be {item['msg']}; found {found}" + (
            f", {hint}" if hint else ""
        )
    if kind == CONTROL:
        return f"field {name!r} {item['msg']}"
    text = item.get("input")
    surrogate = control_character(text) if isinstance(text, str) else None
    if kind == "string_unicode" and surrogate is not None:
        # Pydantic refuses a lone surrogate (`"\\ud800"` in YAML) before our own check.
        return f"field {name!r} holds {surrogate[1]}; remove it"
    if kind == "string_type":
        quote = ": put it in quotes" if isinstance(item.get("input"), int | float | bool) else ""
        return f"field {name!r} must be text; found {found}{quote}"
    if kind == "string_too_short":
        return f"field {name!r} must not be empty"
    if kind == "string_too_long":
        return f"field {name!r} must be at most {context.get('max_length')} characters long"
    if kind in {"enum", "literal_error"}:
        return f"field {name!r} must be {context.get('expected')}; found {found}"
    if kind in {"tuple_type", "list_type"}:
        return f"field {name!r} must be a list ([a, b], or one '- item' a line); found {found}"
    if kind == "too_short":
        least = context.get("min_length")
        items = "one item" if least == 1 else f"{least} items"
        return f"field {name!r} must list at least {items}; found {found}"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        fields = ", ".join(_allowed_fields(model, key))
        return f"field {name!r} must be a mapping with the fields {fields}; found {found}"
    return f"field {name!r}: {item['msg']}; found {found}"


def _allowed_fields(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at `path` inside `model` (following nested models)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        current = _nested_model(field.annotation)
    return sorted(current.model_fields) if hasattr(current, "model_fields") else []


def _nested_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _nested_model(argument)
        if found is not None:
            return found
    return None


def parse_model(
    data: Any, model: type[ModelT], where: Located
) -> tuple[ModelT | None, list[Problem]]:
    """Validate loaded YAML data against a model, reporting problems at their lines."""
    if not isinstance(data, dict):
        found = "nothing" if data is None else type(data).__name__
        return None, [
            Problem(where.path, where.line_of(), f"expected a mapping of fields, found {found}")
        ]
    try:
        return model.model_validate(data, context=CONTENT_FILE), []
    except ValidationError as error:
        return None, model_problems(error, model, where)


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
            real = _real_folder(os.fspath(path.parent))
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
    # `os.read` on a descriptor, not a file object: a tenth of the load stage at 11,000 files.
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


@functools.lru_cache(maxsize=64)
def _real_folder(folder: str) -> str:
    """A folder's real path, resolved once per process and folder."""
    return os.path.realpath(folder)


def content_folder(root: Path) -> str:
    """The real path of `root/site_src`: every content file must be inside it."""
    return _real_folder(os.fspath(root / SITE_SRC))


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


def parse_source_record(
    text: str, shown: str
) -> tuple[SourceRecord | None, Located, list[Problem]]:
    """Parse the text of a source record file into a `SourceRecord`, or problems."""
    data, where, problems = read_yaml(text, shown)
    if problems and data is None:
        return None, where, problems
    record, model_errors = parse_model(data, SourceRecord, where)
    return record, where, problems + model_errors


def parse_article(
    source_id: str,
    record: SourceRecord,
    where: Located,
    data: bytes,
    raw_shown: str,
    raw_path: Path | None = None,
) -> tuple[Source | None, list[Problem]]:
    """Check a raw article's bytes against its record and cut them into article text."""
    problems: list[Problem] = []
    digest = hashlib.sha256(data).hexdigest()
    if digest != record.raw_sha256:
        problems.append(
            Problem(
                where.path,
                where.line_of("raw_sha256"),
                f"the raw article {raw_shown} has changed since its record was made: "
                f"SHA-256 is {digest}, the record says {record.raw_sha256}",
            )
        )
    try:
        raw_text = decode_article(data)
    except RawTextError as error:
        problems.append(Problem(raw_shown, error.line, str(error)))
        return None, problems
    paragraphs, captions, cut_problems = cut_article(raw_text, record.cuts)
    problems += [
        Problem(where.path, where.line_of("cuts", index), message)
        for index, message in cut_problems
    ]
    source = Source(
        id=source_id,
        record=record,
        where=where,
        raw_path=raw_path,
        raw_text=raw_text,
        raw_sha256=digest,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
        folded=FoldedArticle(paragraphs),
    )
    return source, problems


_PLAIN_RAW = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*")
"""A raw path of plain names, none of them `.`, `..` or hidden: the usual `articles/x.txt`."""


class _RawPaths:
    """Raw articles' real paths, with the folders on the way resolved once per load: resolving
    every article's whole path (a system call per folder) was a tenth of the load stage, and
    taking each path apart as a `Path` a tenth more."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.site_src = (root / SITE_SRC).resolve()
        self._inside_prefix = _folder_prefix(os.fspath(self.site_src))
        self._folders: dict[str, str] = {}

    def resolve(self, raw: str) -> Path:
        """The real path of `site_src/<raw>` (its folders' links followed, and its own)."""
        path = self.site_src / raw
        if path.name in {"", "..", "."} or path.is_symlink():
            return path.resolve()
        return path.parent.resolve() / path.name

    def locate(self, raw: str) -> tuple[Path, str] | None:
        """The real path of `site_src/<raw>` and that path as shown (relative to the project
        root); None when it is outside `site_src/`."""
        if _PLAIN_RAW.fullmatch(raw):
            folder, _, name = raw.rpartition("/")
            real_folder = self._folders.get(folder)
            if real_folder is None:
                real_folder = self._folders[folder] = os.fspath((self.site_src / folder).resolve())
            text = f"{_folder_prefix(real_folder)}{name}"
            # A link is followed the general way, below.
            if not os.path.islink(text):  # noqa: PTH114 - one call on the text, no Path
                if not text.startswith(self._inside_prefix):
                    return None
                path = Path(text)
                return path, _relative(self.root, path)
        path = self.resolve(raw)
        if not path.is_relative_to(self.site_src):
            return None
        return path, _relative(self.root, path)


def locate_raw(root: Path, raw: str) -> Path | None:
    """The real path of a record's `raw:` file, or None when it is outside `site_src/`."""
    located = _RawPaths(root).locate(raw)
    return located[0] if located is not None else None


def load_source(
    root: Path, record_path: Path, raw_paths: _RawPaths | None = None
) -> tuple[Source | None, list[Problem]]:
    """Load one source record and its raw article, computing the article text from the cuts."""
    shown = _relative(root, record_path)
    text, problems = _read_text(record_path, shown, root)
    if text is None:
        return None, problems
    record, where, found = parse_source_record(text, shown)
    problems += found
    if may_hold_markers(text):
        problems += source_record_markers(text, shown)
    if record is None:
        return None, problems
    located = (raw_paths or _RawPaths(root)).locate(record.raw)
    if located is None:
        problems.append(
            Problem(shown, where.line_of("raw"), f"raw path {record.raw!r} is outside site_src/")
        )
        return None, problems
    raw_path, raw_shown = located
    data, refusal = read_limited(raw_path, f"the raw article {raw_shown}")
    if data is None:
        problems.append(Problem(shown, where.line_of("raw"), refusal or ""))
        return None, problems
    source, found = parse_article(record_path.stem, record, where, data, raw_shown, raw_path)
    return source, problems + found


def _read_text(path: Path, shown: str, root: Path) -> tuple[str | None, list[Problem]]:
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


def parse_meeting(text: str, shown: str) -> tuple[Meeting | None, list[Problem]]:
    """Parse a meeting file's text: front matter into a `MeetingRecord`, the body as summary."""
    front, body, body_line, problems = split_front_matter(text, shown)
    if problems:
        return None, problems
    data, where, problems = read_yaml(front, shown, first_line=2)
    if problems and data is None:
        return None, problems
    if data is None:
        return None, [Problem(shown, 2, "the front matter is empty")]
    record, model_errors = parse_model(data, MeetingRecord, where)
    problems += model_errors
    problems += markdown_control_problems(body, shown, body_line, "the summary")
    if record is None:
        return None, problems
    return Meeting(record=record, where=where, summary=body, summary_line=body_line), problems


def markdown_control_problems(text: str, shown: str, first_line: int, what: str) -> list[Problem]:
    """A control character in editor-written Markdown (a meeting's summary, the About page),
    at its line: Python-Markdown would pass it into the page, and uses STX and ETX itself."""
    found = control_character(text)
    if found is None:
        return []
    index, kind = found
    return [
        Problem(shown, first_line + text.count("\n", 0, index), f"{what} holds {kind}; remove it")
    ]


def load_meeting(root: Path, path: Path) -> tuple[Meeting | UncheckedMeeting | None, list[Problem]]:
    """Load one meeting file (see `parse_meeting`), with the review markers left in it; of a
    file whose front matter fails its schema, what can still be checked (`UncheckedMeeting`)."""
    shown = _relative(root, path)
    text, problems = _read_text(path, shown, root)
    if text is None:
        return None, problems
    meeting, problems = parse_meeting(text, shown)
    loaded: Meeting | UncheckedMeeting | None = meeting
    if meeting is None:
        loaded = unchecked_meeting(text, shown)
    if may_hold_markers(text):
        body_line = meeting.summary_line if meeting is not None else None
        if body_line is None:
            _, _, body_line, split_problems = split_front_matter(text, shown)
            if split_problems:  # no front matter: the whole file is the body
                body_line = 1
        problems += meeting_markers(text, shown, body_line)
    return loaded, problems


def unchecked_meeting(text: str, shown: str) -> UncheckedMeeting | None:
    """What can be checked of a meeting whose front matter failed its schema: its summary (with
    the sources it lists, when that field is valid) and whether it gives any quote. None when
    the front matter is not a mapping of fields at all."""
    front, body, body_line, problems = split_front_matter(text, shown)
    if problems:
        return None
    data, where, _ = read_yaml(front, shown, first_line=2)
    if not isinstance(data, dict):
        return None
    listed = data.get("sources")
    sources = (
        tuple(listed)
        if isinstance(listed, list) and listed and all(isinstance(item, str) for item in listed)
        else None
    )
    return UncheckedMeeting(
        where=where,
        summary=body,
        summary_line=body_line,
        sources=sources,
        # Absent, it may be under a misspelt key, already reported as unknown: not missing then.
        quotes_missing=data["quotes"] == []
        if "quotes" in data
        else all(key in MeetingRecord.model_fields for key in data),
    )


def load_people(root: Path) -> tuple[dict[str, PersonRecord], Located, list[Problem]]:
    """Load `site_src/people.yml`."""
    path = root / SITE_SRC / "people.yml"
    shown = _relative(root, path)
    if not os.path.lexists(path):
        return {}, Located(shown), [Problem(shown, 1, "the people file is missing")]
    text, problems = _read_text(path, shown, root)
    if text is None:
        return {}, Located(shown), problems
    data, where, yaml_problems = read_yaml(text, shown)
    problems += yaml_problems
    if yaml_problems and data is None:
        return {}, where, problems
    people_file, model_errors = parse_model(data, PeopleFile, where)
    problems += model_errors
    people: dict[str, PersonRecord] = {}
    for index, person in enumerate(people_file.people if people_file else ()):
        if person.id in people:
            problems.append(
                Problem(shown, where.line_of("people", index), f"duplicate person id {person.id!r}")
            )
        people.setdefault(person.id, person)
    return people, where, problems


def load_sources(root: Path) -> tuple[dict[str, Source], set[str], list[Problem]]:
    """Load every source record of `site_src/sources/` with its raw article: the sources by id,
    the ids of those that failed to load, and the problems."""
    sources: dict[str, Source] = {}
    unloaded: set[str] = set()
    problems: list[Problem] = []
    raw_paths = _RawPaths(root)
    for record_path in content_files(root / SITE_SRC / "sources", "*.yml"):
        source, found = load_source(root, record_path, raw_paths)
        problems += found
        if source is not None:
            sources[source.id] = source
        else:
            unloaded.add(record_path.stem)
    return sources, unloaded, problems


def load_meetings(root: Path) -> tuple[list[Meeting], list[UncheckedMeeting], list[Problem]]:
    """Load every meeting of `site_src/meetings/`: those whose front matter holds, what can
    still be checked of the others (`UncheckedMeeting`), and the problems."""
    meetings: list[Meeting] = []
    unchecked: list[UncheckedMeeting] = []
    problems: list[Problem] = []
    for path in content_files(root / SITE_SRC / "meetings", "*.md"):
        meeting, found = load_meeting(root, path)
        problems += found
        if isinstance(meeting, Meeting):
            meetings.append(meeting)
        elif meeting is not None:
            unchecked.append(meeting)
    return meetings, unchecked, problems


def load_about(root: Path) -> tuple[str, list[Problem]]:
    """The About page's Markdown (`site_src/about.md`; empty when there is none)."""
    path = root / SITE_SRC / "about.md"
    if not os.path.lexists(path):
        return "", []
    shown = _relative(root, path)
    text, problems = _read_text(path, shown, root)
    if text is None:
        return "", problems
    return text, problems + markdown_control_problems(text, shown, 1, "the About page")


def load_dossier(root: Path) -> tuple[Dossier, list[Problem]]:
    """Load all of `site_src/` under `root`: sources, meetings, people and the About page,
    with every problem met, in that order."""
    problems: list[Problem] = []
    site_src = root / SITE_SRC
    _real_folder.cache_clear()  # a folder may have become a link since the last build
    if not site_src.is_dir():
        problems.append(Problem(SITE_SRC, 1, f"no content folder: {site_src} does not exist"))
    sources, unloaded, found = load_sources(root)
    problems += found
    meetings, unchecked, found = load_meetings(root)
    problems += found
    people, people_where, found = load_people(root)
    problems += found
    about, about_problems = load_about(root)
    dossier = Dossier(
        sources=sources,
        meetings=tuple(meetings),
        people=people,
        people_where=people_where,
        about=about,
        unloaded_sources=frozenset(unloaded),
        people_unloaded=not people and bool(found),
        unchecked_meetings=tuple(unchecked),
    )
    return dossier, problems + about_problems
