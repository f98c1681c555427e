"""Load stage: read everything in `site_src/` into typed models, collecting every problem.

Nothing here checks references between files; that is the validate stage's work. Each loader
returns what it could read plus the problems it met, so one run reports them all.
"""

from __future__ import annotations

import difflib
import hashlib
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TypeVar, cast

import yaml
from pydantic import BaseModel, ValidationError

from builder.models import (
    Dossier,
    Located,
    Meeting,
    MeetingRecord,
    PeopleFile,
    PersonRecord,
    Source,
    SourceRecord,
)
from builder.problems import Problem
from builder.text import MAX_RAW_BYTES, RawTextError, cut_article, decode_raw

ModelT = TypeVar("ModelT", bound=BaseModel)

SITE_SRC = "site_src"


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _line_map(
    node: yaml.Node, first_line: int
) -> tuple[dict[tuple[str | int, ...], int], list[tuple[int, str]]]:
    """Lines of every key path under a composed YAML node, and any duplicate keys found."""
    lines: dict[tuple[str | int, ...], int] = {(): node.start_mark.line + first_line}
    duplicates: list[tuple[int, str]] = []

    def walk(current: yaml.Node, path: tuple[str | int, ...]) -> None:
        if isinstance(current, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in current.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + first_line
                if key in seen:
                    duplicates.append((line, key))
                seen.add(key)
                lines[(*path, key)] = line
                walk(value_node, (*path, key))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                lines[(*path, index)] = item.start_mark.line + first_line
                walk(item, (*path, index))

    walk(node, ())
    return lines, duplicates


_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Unusual(Exception):
    """The document uses YAML beyond plain mappings, sequences and scalars (merge keys,
    complex keys, explicit collection tags, recursive aliases)."""


def _construct(loader: yaml.SafeLoader, node: yaml.Node) -> tuple[Any, bool]:
    """Build the data of a composed document; and whether a mapping in it repeats a key.

    Gives what `construct_document` gives, for documents made of string-keyed mappings,
    sequences and scalars (all of ours), at about half the cost; anything else raises
    `_Unusual`, and the caller takes the general path.
    """
    duplicated = False
    open_nodes: set[int] = set()

    def build(current: yaml.Node) -> Any:
        nonlocal duplicated
        if isinstance(current, yaml.ScalarNode):
            return current.value if current.tag == _STR else loader.construct_object(current)
        if id(current) in open_nodes:
            raise _Unusual
        open_nodes.add(id(current))
        if isinstance(current, yaml.MappingNode) and current.tag == _MAP:
            mapping: dict[Any, Any] = {}
            seen: set[str] = set()
            for key_node, value_node in current.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in _SPECIAL_KEYS:
                    raise _Unusual
                key = str(key_node.value)
                duplicated = duplicated or key in seen
                seen.add(key)
                mapping[build(key_node)] = build(value_node)
            result: Any = mapping
        elif isinstance(current, yaml.SequenceNode) and current.tag == _SEQ:
            result = [build(item) for item in current.value]
        else:
            raise _Unusual
        open_nodes.discard(id(current))
        return result

    return build(node), duplicated


class _LineMap(Mapping[tuple[str | int, ...], int]):
    """The line of every key path of a YAML document, worked out from its text the first time
    a message needs one. Kept for every file of a large dossier, the map itself would take more
    memory and time than the content does."""

    def __init__(self, text: str, first_line: int, loader: type[yaml.SafeLoader]) -> None:
        self._text = text
        self._first_line = first_line
        self._loader = loader
        self._lines: dict[tuple[str | int, ...], int] | None = None

    def _map(self) -> dict[tuple[str | int, ...], int]:
        if self._lines is None:
            loader = self._loader(self._text)
            try:
                node = loader.get_single_node()
            finally:
                loader.dispose()
            self._lines = _line_map(node, self._first_line)[0] if node else {(): self._first_line}
        return self._lines

    def __getitem__(self, key: tuple[str | int, ...]) -> int:
        return self._map()[key]

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._map())

    def __len__(self) -> int:
        return len(self._map())


_SPECIAL_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


class _FastResolver:
    """Tags plain scalars that no implicit type can match (by their first character) as
    strings at once; PyYAML's resolver tries each candidate pattern in turn."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, Any]]]

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and value[:1] not in self.yaml_implicit_resolvers:
            return _STR
        return super().resolve(kind, value, implicit)  # type: ignore[misc,no-any-return]


if hasattr(yaml, "CSafeLoader") and None not in yaml.SafeLoader.yaml_implicit_resolvers:

    class _CLoader(_FastResolver, yaml.CSafeLoader):
        """libyaml's parser: the same documents as PyYAML's, about ten times faster."""

    _FAST_LOADER = cast("type[yaml.SafeLoader]", _CLoader)
else:
    _FAST_LOADER = yaml.SafeLoader  # pragma: no cover - PyYAML built without libyaml


def load_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, Located, list[Problem]]:
    """Parse YAML text that starts at `first_line` of `path`, keeping the line of every key."""
    try:
        return _load_yaml_with(_FAST_LOADER, text, path, first_line)
    except yaml.YAMLError:
        # libyaml words its errors differently; the pure-Python parser reports them.
        return _load_yaml_with(yaml.SafeLoader, text, path, first_line, report=True)


def _load_yaml_with(
    loader_class: type[yaml.SafeLoader],
    text: str,
    path: str,
    first_line: int,
    report: bool = False,
) -> tuple[Any, Located, list[Problem]]:
    """Parse with one loader class; errors are raised unless `report` is set."""
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Located(path, {(): first_line}), []
        try:
            data, duplicated = _construct(loader, node)
        except _Unusual:
            data, duplicated = loader.construct_document(node), True
        if not duplicated:
            return data, Located(path, _LineMap(text, first_line, loader_class)), []
        lines, duplicates = _line_map(node, first_line)
    except yaml.MarkedYAMLError as error:
        if not report:
            raise
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        what = " ".join(part for part in (error.context, error.problem) if part)
        return None, Located(path), [Problem(path, line, f"invalid YAML: {what}")]
    except yaml.YAMLError as error:
        if not report:
            raise
        return None, Located(path), [Problem(path, first_line, f"invalid YAML: {error}")]
    finally:
        loader.dispose()
    problems = [Problem(path, line, f"duplicate key {key!r}") for line, key in duplicates]
    return data, Located(path, lines), problems


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def model_problems(error: ValidationError, model: type[BaseModel], where: Located) -> list[Problem]:
    """Turn pydantic's errors into `path:line: message` problems, one per field."""
    problems: dict[tuple[str | int, ...], Problem] = {}
    for item in error.errors():
        # Union members and validators add their own names to the location; keep the
        # part of it that is a real key path in the file.
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
        name = ".".join(str(part) for part in key) or "(top level)"
        if item["type"] == "extra_forbidden":
            allowed = _allowed_fields(model, key[:-1])
            hint = difflib.get_close_matches(str(key[-1]), allowed, n=1)
            message = f"unknown field {name!r}"
            if hint:
                message += f"; did you mean {hint[0]!r}?"
            message += f" (allowed: {', '.join(allowed)})"
        elif item["type"] == "missing":
            message = f"missing required field {name!r}"
        else:
            message = f"field {name!r}: {item['msg']}; found {_describe(item.get('input'))}"
        problems[key] = Problem(where.path, where.line_of(*key), message)
    return list(problems.values())


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
        return model.model_validate(data), []
    except ValidationError as error:
        return None, model_problems(error, model, where)


def read_raw_article(path: Path, shown: str) -> tuple[bytes | None, list[Problem]]:
    """Read a raw article's bytes, refusing a missing or oversized file before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None, [Problem(shown, 1, "the raw article does not exist")]
    if size > MAX_RAW_BYTES:
        return None, [
            Problem(shown, 1, f"the raw article is {size:,} bytes; the limit is {MAX_RAW_BYTES:,}")
        ]
    return path.read_bytes(), []


def load_source(
    root: Path, record_path: Path, resolved: tuple[Path, Path] | None = None
) -> tuple[Source | None, list[Problem]]:
    """Load one source record and its raw article, computing the article text from the cuts.

    `resolved` is `root` and its `site_src/` with symbolic links resolved, when the caller has
    them already (resolving costs a system call per folder of the path)."""
    shown = _relative(root, record_path)
    text, problems = _read_text(record_path, shown)
    if text is None:
        return None, problems
    data, where, yaml_problems = load_yaml(text, shown)
    problems += yaml_problems
    record, model_errors = parse_model(data, SourceRecord, where)
    problems += model_errors
    if record is None:
        return None, problems
    real_root, site_src = resolved or (root.resolve(), (root / SITE_SRC).resolve())
    raw_path = (root / SITE_SRC / record.raw).resolve()
    if not raw_path.is_relative_to(site_src):
        problems.append(
            Problem(shown, where.line_of("raw"), f"raw path {record.raw!r} is outside site_src/")
        )
        return None, problems
    raw_shown = _relative(real_root, raw_path)
    data_bytes, raw_problems = read_raw_article(raw_path, raw_shown)
    if data_bytes is None:
        problems += [
            Problem(shown, where.line_of("raw"), f"{p.message}: {raw_shown}") for p in raw_problems
        ]
        return None, problems
    digest = hashlib.sha256(data_bytes).hexdigest()
    if digest != record.raw_sha256:
        problems.append(
            Problem(
                shown,
                where.line_of("raw_sha256"),
                f"the raw article {raw_shown} has changed since its record was made: "
                f"SHA-256 is {digest}, the record says {record.raw_sha256}",
            )
        )
    try:
        raw_text = decode_raw(data_bytes)
    except RawTextError as error:
        problems.append(Problem(raw_shown, error.line, str(error)))
        return None, problems
    paragraphs, captions, cut_problems = cut_article(raw_text, record.cuts)
    problems += [Problem(shown, where.line_of("cuts"), message) for message in cut_problems]
    source = Source(
        id=record_path.stem,
        record=record,
        where=where,
        raw_path=raw_path,
        raw_text=raw_text,
        raw_sha256=digest,
        paragraphs=tuple(paragraphs),
        captions=tuple(captions),
    )
    return source, problems


def _read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read an editor's file as UTF-8 text (BOM and Windows line endings allowed), NFC."""
    try:
        return unicodedata.normalize("NFC", decode_raw(path.read_bytes())), []
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


def load_meeting(root: Path, path: Path) -> tuple[Meeting | None, list[Problem]]:
    """Load one meeting file: front matter into a `MeetingRecord`, the body as the summary."""
    shown = _relative(root, path)
    text, problems = _read_text(path, shown)
    if text is None:
        return None, problems
    front, body, body_line, split_problems = split_front_matter(text, shown)
    if split_problems:
        return None, problems + split_problems
    data, where, yaml_problems = load_yaml(front, shown, first_line=2)
    problems += yaml_problems
    if data is None and not yaml_problems:
        problems.append(Problem(shown, 2, "the front matter is empty"))
        return None, problems
    if yaml_problems:
        return None, problems
    record, model_errors = parse_model(data, MeetingRecord, where)
    problems += model_errors
    if record is None:
        return None, problems
    return Meeting(record=record, where=where, summary=body, summary_line=body_line), problems


def load_people(root: Path) -> tuple[dict[str, PersonRecord], Located, list[Problem]]:
    """Load `site_src/people.yml`."""
    path = root / SITE_SRC / "people.yml"
    shown = _relative(root, path)
    if not path.is_file():
        return {}, Located(shown), [Problem(shown, 1, "the people file is missing")]
    text, problems = _read_text(path, shown)
    if text is None:
        return {}, Located(shown), problems
    data, where, yaml_problems = load_yaml(text, shown)
    problems += yaml_problems
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


def load_dossier(root: Path) -> tuple[Dossier, list[Problem]]:
    """Load all of `site_src/` under `root`: sources, meetings, people and the About page."""
    problems: list[Problem] = []
    site_src = root / SITE_SRC
    if not site_src.is_dir():
        problems.append(Problem(SITE_SRC, 1, f"no content folder: {site_src} does not exist"))
    sources: dict[str, Source] = {}
    resolved = (root.resolve(), site_src.resolve())
    for record_path in sorted((site_src / "sources").glob("*.yml")):
        source, found = load_source(root, record_path, resolved)
        problems += found
        if source is not None:
            sources[source.id] = source
    meetings: list[Meeting] = []
    for meeting_path in sorted((site_src / "meetings").glob("*.md")):
        meeting, found = load_meeting(root, meeting_path)
        problems += found
        if meeting is not None:
            meetings.append(meeting)
    people, people_where, found = load_people(root)
    problems += found
    about_path = site_src / "about.md"
    about = ""
    if about_path.is_file():
        text, found = _read_text(about_path, _relative(root, about_path))
        problems += found
        about = text or ""
    dossier = Dossier(
        sources=sources,
        meetings=tuple(meetings),
        people=people,
        people_where=people_where,
        about=about,
    )
    return dossier, problems
