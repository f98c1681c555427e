"""The one YAML reader of dossier files: YAML 1.2's core types, and the line of every key.

Every file an editor writes (source records, meeting front matter, `people.yml`) and every file
`dossier ingest` reads back goes through `read_yaml`. It never raises: whatever the text, the
result is data or problems worded for an editor, at the line where they can be fixed.
"""

from __future__ import annotations

import bisect
import re
import sys
from typing import Any

import yaml

from builder.content.models import Located
from builder.problems import Problem

MAX_YAML_DEPTH = 50
"""Deeper nesting than this is refused: no dossier file needs it, and recursion has limits."""

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"


# The characters PyYAML's reader refuses (its NON_PRINTABLE), less those it accepts.
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class _Resolver(yaml.resolver.BaseResolver):
    """YAML 1.2's core types only: `true`/`false`, integers, floats, null and text.

    PyYAML follows YAML 1.1, where `no` is false (a country printed `NO` would become a
    boolean), `1:30` is a number and `2024-13-05` is a date that crashes the parser. Dates stay
    text here; the models parse them and say what they expected.
    """


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"
    ),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
"""Characters that end a line for YAML 1.1 (PyYAML, libyaml) but not for an editor."""


class _FileLines:
    """The file line of a parser's mark. The parsers count NEL, LS and PS as line ends too;
    the file's lines, as an editor shows them and as messages name them, end at `\n` only."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        self.ends: list[int] | None = None
        if _YAML_ONLY_BREAKS.search(text):
            self.ends = [found.start() for found in re.finditer("\n", text)]

    def __call__(self, mark: Any) -> int:
        if self.ends is None:
            return int(mark.line) + self.first_line
        return bisect.bisect_left(self.ends, mark.index) + self.first_line


class _YamlProblem(Exception):
    """Something the text says that dossier files do not use, at its line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's own parser, in Python: the events of a document, and PyYAML's words for its
    errors."""

    def __init__(self, text: str) -> None:
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


_LIBYAML: Any = getattr(yaml, "CBaseLoader", None)
"""PyYAML's binding of libyaml, when it was built with it (its wheels are): the same events,
parsed in C, about thirty times faster than `_Parser`."""

_RESOLVER = _Resolver()

_NODE_EVENTS = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)

PARSE_DEPTH = 1000
"""Parsing stops this deep: both parsers slow down with every level still open (a line of
100,000 `[` took minutes), and the document is refused anyway (`MAX_YAML_DEPTH`)."""


def _events(parser: Any, line_of: _FileLines) -> list[Any]:
    """The events of the one document of `parser`'s text, checked as PyYAML's composer checks
    them: an alias is refused where it is written (each would repeat a whole subtree, and a
    few nested ones make a document exponentially large, a "billion laughs"), an anchor
    named twice and a second document are errors."""
    events: list[Any] = []
    anchors: dict[str, Any] = {}
    opened: list[Any] = []
    try:
        while parser.check_event():
            event: Any = parser.get_event()
            mark: Any = event.start_mark
            if isinstance(event, _OPENING):
                opened.append(mark)
                if len(opened) > PARSE_DEPTH:
                    line = line_of(opened[MAX_YAML_DEPTH])
                    raise _YamlProblem(line, f"nested more than {MAX_YAML_DEPTH} levels deep")
            elif isinstance(event, _CLOSING):
                opened.pop()
            if isinstance(event, yaml.AliasEvent):
                raise _YamlProblem(
                    line_of(mark),
                    "aliases (*name) are not supported; write the value out",
                )
            if isinstance(event, _NODE_EVENTS) and event.anchor is not None:
                if event.anchor in anchors:
                    raise yaml.composer.ComposerError(
                        f"found duplicate anchor {event.anchor!r}; first occurrence",
                        anchors[event.anchor],
                        "second occurrence",
                        mark,
                    )
                anchors[event.anchor] = mark
            if isinstance(event, yaml.DocumentStartEvent) and len(events) > 1:
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    events[2].start_mark,
                    "but found another document",
                    mark,
                )
            events.append(event)
    finally:
        parser.dispose()
    return events


class _Open:
    """A mapping or a list being built, at its key path; of a mapping, the key whose value
    comes next (None while a key is awaited)."""

    def __init__(self, value: dict[str, Any] | list[Any], path: KeyPath) -> None:
        self.value = value
        self.path = path
        self.key: str | None = None


class _Builder:
    """Plain data from a document's events, with the line of every key path and the
    duplicate keys. Raises `_YamlProblem` for what dossier files do not use: explicit tags,
    keys that are not text, deep nesting."""

    def __init__(self, line_of: _FileLines, as_text: bool) -> None:
        self.line_of = line_of
        self.as_text = as_text
        self.lines: dict[KeyPath, int] = {}
        self.duplicates: list[tuple[int, str]] = []
        self.open: list[_Open] = []

    def build(self, events: list[Any]) -> Any:
        """The value of the document whose node events are `events`."""
        self.lines[()] = self.line_of(events[0].start_mark)
        for event in events:
            if isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                done = self.open.pop()
                if not self.open:
                    return done.value
                self.place(done.value)
            elif self.key_awaited():
                self.key(event)
            else:
                value = self.start(event)
                if value is not _STARTED:
                    if not self.open:
                        return value
                    self.place(value)
        raise AssertionError("a document's events end with its node")  # pragma: no cover

    def key_awaited(self) -> bool:
        top = self.open[-1] if self.open else None
        return top is not None and isinstance(top.value, dict) and top.key is None

    def key(self, event: Any) -> None:
        """Take the key of the open mapping."""
        top = self.open[-1]
        line = self.line_of(event.start_mark)
        if not isinstance(event, yaml.ScalarEvent):
            raise _YamlProblem(line, "a key must be a plain name, not a list or mapping")
        key = str(event.value)
        if key in top.value:
            self.duplicates.append((line, key))
        self.lines[(*top.path, key)] = line
        top.key = key

    def start(self, event: Any) -> Any:
        """The value of a scalar, or `_STARTED` when `event` opens a mapping or a list."""
        line = self.line_of(event.start_mark)
        top = self.open[-1] if self.open else None
        path: KeyPath = ()
        if top is not None and isinstance(top.value, dict):
            path = (*top.path, str(top.key))
        elif top is not None:
            path = (*top.path, len(top.value))
            self.lines[path] = line
        if len(path) > MAX_YAML_DEPTH:
            raise _YamlProblem(line, f"nested more than {MAX_YAML_DEPTH} levels deep")
        if isinstance(event, yaml.ScalarEvent):
            if self.as_text and event.tag in (None, "!"):
                return str(event.value)
            return _scalar(event, line)
        kind: type[yaml.Node] = yaml.SequenceNode
        tag = "seq"
        if isinstance(event, yaml.MappingStartEvent):
            kind, tag = yaml.MappingNode, "map"
        if _resolved(event, kind) != _TAG + tag:
            raise _unsupported_tag(_resolved(event, kind), line)
        self.open.append(_Open({} if tag == "map" else [], path))
        return _STARTED

    def place(self, value: Any) -> None:
        """Put a finished value into the open mapping or list."""
        top = self.open[-1]
        if isinstance(top.value, dict):
            top.value[str(top.key)] = value
            top.key = None
        else:
            top.value.append(value)


_STARTED = object()


def _resolved(event: Any, kind: type[yaml.Node]) -> str:
    """The tag of a node event: its own, or the one YAML 1.2's core schema gives it."""
    if event.tag is not None and event.tag != "!":
        return str(event.tag)
    value = event.value if kind is yaml.ScalarNode else None
    return str(_RESOLVER.resolve(kind, value, event.implicit))  # type: ignore[no-untyped-call]


def _scalar(event: Any, line: int) -> Any:
    """The value of a scalar; the resolver's patterns guarantee the conversions work."""
    value = str(event.value)
    tag = _resolved(event, yaml.ScalarNode)
    if tag == _TAG + "str":
        return value
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool" and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    if tag == _TAG + "int" and re.fullmatch(r"[-+]?[0-9]+", value):
        digits = len(value.lstrip("+-"))
        if digits > sys.get_int_max_str_digits() > 0:  # `int` would raise ValueError
            raise _YamlProblem(
                line, f"a number {digits:,} digits long; if it is text, put it in quotes"
            )
        return int(value)
    if tag == _TAG + "float" and re.fullmatch(r"[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?", value):
        return float(value)
    raise _unsupported_tag(tag, line)


def _read(
    parser: Any, line_of: _FileLines, as_text: bool
) -> tuple[Any, dict[KeyPath, int], list[tuple[int, str]]]:
    """The data, lines and duplicate keys of the document `parser` parses."""
    events = _events(parser, line_of)
    if len(events) <= 2:  # the stream's start and end: an empty document
        return None, {(): line_of.first_line}, []
    builder = _Builder(line_of, as_text)
    return builder.build(events[2:-2]), builder.lines, builder.duplicates


def _unsupported_tag(tag: str, line: int) -> _YamlProblem:
    tag = tag.replace(_TAG, "!!")
    return _YamlProblem(
        line, f"YAML tags such as {tag!r} are not used in dossier files; remove the tag"
    )


def yaml_error_problem(
    error: yaml.MarkedYAMLError, path: str, first_line: int, text: str = ""
) -> Problem:
    """PyYAML's error in plain words, at the line where it can be fixed (of the file, when
    the `text` parsed is given: see `_FileLines`)."""
    line_of = _FileLines(text, first_line)
    problem = error.problem or ""
    problem_line = line_of(error.problem_mark) if error.problem_mark else first_line
    context_line = line_of(error.context_mark) if error.context_mark else problem_line
    if problem == "mapping values are not allowed here":
        message = "a value holds ': '; put the whole value in quotes"
    elif error.context == "while scanning a quoted scalar" and "end of stream" in problem:
        return Problem(path, context_line, "invalid YAML: the quoted text opened here never closes")
    elif "'\\t'" in problem:
        message = "a tab character; indent with spaces"
    elif error.context and context_line != problem_line:
        message = f"{problem} ({error.context} that starts on line {context_line})"
    else:
        message = " ".join(part for part in (error.context, problem) if part)
    return Problem(path, problem_line, f"invalid YAML: {message}")


def read_yaml(
    text: str, path: str, first_line: int = 1, *, as_text: bool = False
) -> tuple[Any, Located, list[Problem]]:
    """Parse YAML text that starts at line `first_line` of `path` (as shown in messages),
    keeping the line of every key: the data (None for an empty document), where each key is,
    and the problems. Never raises. With `as_text`, every scalar without a tag is its text as
    written (`no`, `null`, `1.0`): for files of words, such as the interface strings.

    libyaml reads a document that is fine; one with any problem is read again by PyYAML's own
    parser, whose words the messages use (and which reads everything where libyaml is
    missing). The two read every valid document alike, but for tabs: libyaml takes a tab
    after a value or inside text, as YAML 1.2 does."""
    # YAML forbids control characters; PyYAML's reader would refuse them without a line.
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + first_line
        message = f"invalid YAML: a control character (U+{ord(control.group()):04X}) is not allowed"
        return None, Located(path), [Problem(path, line, message)]
    line_of = _FileLines(text, first_line)
    try:
        try:
            parser = _LIBYAML(text) if _LIBYAML else _Parser(text)
            data, lines, duplicates = _read(parser, line_of, as_text)
        except (yaml.YAMLError, _YamlProblem) as refused:
            if _LIBYAML is None:
                raise
            try:
                data, lines, duplicates = _read(_Parser(text), line_of, as_text)
            except (ValueError, OverflowError):
                # PyYAML's scanner calls `chr` on a `\U` escape past U+10FFFF and fails with
                # no mark; libyaml's words for it say where.
                raise refused from None
    except yaml.MarkedYAMLError as error:
        return None, Located(path), [yaml_error_problem(error, path, first_line, text)]
    except yaml.YAMLError as error:
        return None, Located(path), [Problem(path, first_line, f"invalid YAML: {error}")]
    except _YamlProblem as error:
        return None, Located(path), [Problem(path, error.line, f"invalid YAML: {error.message}")]
    problems = [Problem(path, line, f"duplicate key {key!r}") for line, key in duplicates]
    return data, Located(path, lines), problems
