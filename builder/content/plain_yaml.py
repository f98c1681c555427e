"""The plain block YAML that dossier files are written in, read line by line.

Source records and meeting front matter are block mappings and lists of one-line values. At
thousands of files, building PyYAML's nodes and marks for every value was most of the load
stage; this reader takes that common shape in one pass over the lines, each cut into its
parts by one pattern (`_ROW`). The line of every key is worked out only when a problem asks
for one (`KeyLines`). Anything outside that shape (flow
lists, multi-line or escaped values, comments after a value, anchors, tags, tabs, odd
indentation, errors) makes it answer None, and the file goes to the YAML parser in
`builder.content.load`, which also words every error. Where it answers, its answer is the parser's:
`tests/test_fast_paths.py` compares the two on generated documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

Lines = dict[tuple[str | int, ...], int]
Duplicates = list[tuple[int, str]]

MAX_DEPTH = 50
"""As `load.MAX_YAML_DEPTH`: deeper documents go to the parser, which refuses them."""

MAX_KEY_LENGTH = 1000
"""PyYAML looks no further than 1,024 characters for the `:` of a key; longer ones are its."""

_KEY_TEXT = rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_KEY_LENGTH - 1}}}"
_SINGLE_TEXT = r"'(?:[^']|'')*'"
_DOUBLE_TEXT = r'"(?:[^"\\]|\\["\\])*"'
# One-line plain text is read as written when it does not start with an indicator, holds no
# `: ` (a mapping) or ` #` (a comment), and does not end with `:` (see `_scalar`).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_SINGLE_QUOTED = re.compile(rf"({_SINGLE_TEXT}) *")
_DOUBLE_QUOTED = re.compile(rf"({_DOUBLE_TEXT}) *")
# One entry of a one-line flow list or mapping (`[a, 'b']`, `{lines: "3", role: caption}`):
# an optional plain key, a value quoted or plain (no `:`, `#` or flow indicator in it), and
# the `,` or closing bracket after it. Nested flows are left to the parser.
_FLOW_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}:#]*?"
_FLOW_ENTRY = re.compile(
    rf" *(?:({_KEY_TEXT}): +)?({_SINGLE_TEXT}|{_DOUBLE_TEXT}|{_FLOW_PLAIN}) *([,\]}}])"
)
_ESCAPED = re.compile(r'\\(["\\])')
"""The escapes taken in double-quoted text: `\\"` and `\\\\`; any other goes to the parser."""

# YAML 1.2's core schema, as `builder.content.load._Resolver` registers it (text is the rest).
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+"
)
_NULL = re.compile(r"~|null|Null|NULL")

# Anything but the newline and printable characters outside YAML's other line breaks, tabs
# and byte order marks: left to the parser (which refuses control characters).
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


class _NotPlain(Exception):
    """The document is not in the plain shape this reader takes."""


def _scalar(text: str) -> Any:
    """The value of one line's text after `key: ` or `- ` (not a flow), as the parser reads it."""
    first = text[0]
    if first == "'":
        quoted = _SINGLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _NotPlain
        return _flow_scalar(quoted.group(1))
    if first == '"':
        quoted = _DOUBLE_QUOTED.fullmatch(text)
        if quoted is None:
            raise _NotPlain
        return _flow_scalar(quoted.group(1))
    if first in _INDICATORS or ": " in text or " #" in text or text[-1] == ":":
        raise _NotPlain
    return _plain_value(text)


def _flow_scalar(text: str) -> Any:
    """The value of quoted text, or of an entry of a flow as `_FLOW_ENTRY` found it."""
    if text[0] == "'":
        return text[1:-1].replace("''", "'")
    if text[0] == '"':
        return _ESCAPED.sub(r"\1", text[1:-1])
    return _plain_value(text)


def _plain_value(text: str) -> Any:
    """Plain text as YAML 1.2's core schema reads it; the patterns are tried only where the
    first character and the length allow them (a name such as `Theo` or `Nguyễn` is text
    without a look at the patterns of `true` or `null`)."""
    first = text[0]
    if first in _NUMBER_STARTS:
        number = _NUMBER.fullmatch(text)
        if number is None:
            return text  # a date, a digest
        return int(text) if number.group(1) is not None else float(text)
    if len(text) <= 5:
        if first in "tTfF" and _BOOL.fullmatch(text):
            return text.lower() == "true"
        if first in "~nN" and _NULL.fullmatch(text):
            return None
    return text


_NUMBER_STARTS = frozenset("-+.0123456789")
_MAYBE_NOT_TEXT = _NUMBER_STARTS | frozenset("tTfF~nN")
"""The first characters of plain values that may read as other than text (`_plain_value`)."""
_NUMBER = re.compile(f"({_INT.pattern})|{_FLOAT.pattern}")
"""An integer (its text in group 1) or a float, in one pass."""


# A content line (neither blank nor a comment) cut into its parts: its indentation; for a list
# item, the `-` and the spaces after it; then a plain key and the value after `: ` (none when
# the line ends at the `:`), or else the rest of the line. Trailing spaces belong to neither.
# The groups a line does not have are empty. One pass over the whole document cuts every line:
# cutting them one by one in Python was half of the reader's time.
_ROW = re.compile(
    rf"^( *)(?=[^ #\n])(-(?: +|(?= *$)))?(?:({_KEY_TEXT}):(?: +(.*[^ \n]))?|(.*[^ \n])?) *$",
    re.MULTILINE,
)
Row = tuple[str, str, str, str, str]
"""Indentation, item dash, key, value, rest: `_ROW`'s groups."""


class _Reader:
    """One document's content lines, cut by `_ROW` and read in order; with `lines`, the line
    of every key path is recorded as it goes.

    Indentations stay text (spaces only), compared as text: of two runs of spaces, the shorter
    sorts first."""

    def __init__(self, text: str, first_line: int, lines: Lines | None) -> None:
        self.rows: list[Row] = _ROW.findall(text)
        self.at = 0
        self.lines = lines
        self.duplicates: Duplicates = []
        self.text = text
        self.first_line = first_line
        self._numbers: list[int] | None = None

    def number(self, row: int) -> int:
        """The line number of a row: worked out only for a line asked for (a duplicate key, or
        every key's when `lines` are recorded)."""
        if self._numbers is None:
            # The rows `_ROW` finds again, with the lines before each counted.
            self._numbers = []
            number, counted_to = self.first_line, 0
            for found in _ROW.finditer(self.text):
                number += self.text.count("\n", counted_to, found.start())
                counted_to = found.start()
                self._numbers.append(number)
        return self._numbers[row]

    # `path` is the key path of the value being read when lines are recorded (else `()`), and
    # `depth` its length.

    def block(self, indent: str, path: tuple[str | int, ...], depth: int) -> Any:
        """The list or mapping whose first row is the current one, at `indent`."""
        if depth >= MAX_DEPTH:
            raise _NotPlain
        if self.rows[self.at][1]:
            return self.sequence(indent, path, depth)
        return self.mapping(indent, path, depth)

    def mapping(self, indent: str, path: tuple[str | int, ...], depth: int) -> dict[str, Any]:
        mapping: dict[str, Any] = {}
        rows, lines, count = self.rows, self.lines, len(self.rows)
        at = self.at
        while at < count:
            row_indent, dash, name, rest, _ = rows[at]
            if row_indent != indent:
                if row_indent < indent:
                    break
                raise _NotPlain  # a continued value, or an error the parser words
            if dash:
                break  # ends a list written at its key's indentation (`key:` then `- a`)
            if not name:
                raise _NotPlain
            if name in mapping:
                self.duplicates.append((self.number(at), name))
            key_path = path
            if lines is not None:
                key_path = (*path, name)
                lines[key_path] = self.number(at)
            row, at = at, at + 1
            if rest:
                first = rest[0]
                if first in _INDICATORS or ": " in rest or " #" in rest or rest[-1] == ":":
                    mapping[name] = (
                        self.flow(rest, key_path, depth + 1, row)
                        if first in "[{"
                        else _scalar(rest)
                    )
                elif first in _MAYBE_NOT_TEXT:  # `_scalar`'s last step at once
                    mapping[name] = _plain_value(rest)
                else:  # plain text, the most common value
                    mapping[name] = rest
            elif at < count and (rows[at][0] > indent or (rows[at][0] == indent and rows[at][1])):
                self.at = at
                mapping[name] = self.block(rows[at][0], key_path, depth + 1)
                at = self.at
            else:
                mapping[name] = None
        self.at = at
        return mapping

    def sequence(self, indent: str, path: tuple[str | int, ...], depth: int) -> list[Any]:
        items: list[Any] = []
        rows, lines, count = self.rows, self.lines, len(self.rows)
        while self.at < count:
            row_indent, dash, name, rest, other = rows[self.at]
            if row_indent < indent or (row_indent == indent and not dash):
                break
            if row_indent > indent:
                raise _NotPlain
            item_path = path
            if lines is not None:
                item_path = (*path, len(items))
                lines[item_path] = self.number(self.at)
            if name:
                # `- key: value`: a mapping whose keys line up with this first one.
                column = " " * (len(row_indent) + len(dash))
                rows[self.at] = (column, "", name, rest, "")
                items.append(self.block(column, item_path, depth + 1))
            else:
                if not other or _is_item(other):
                    raise _NotPlain  # `-` alone, or a list in a list
                items.append(
                    self.flow(other, item_path, depth + 1, self.at)
                    if other[0] in "[{"
                    else _scalar(other)
                )
                self.at += 1
        return items

    def flow(self, text: str, path: tuple[str | int, ...], depth: int, row: int) -> Any:
        """A one-line flow list or mapping of scalars: `[a, 'b']`, `{lines: "3", role: x}`."""
        if depth >= MAX_DEPTH:
            raise _NotPlain
        lines = self.lines
        closer = "]" if text[0] == "[" else "}"
        items: list[Any] = []
        mapping: dict[str, Any] = {}
        if text[1:].strip(" ") == closer:
            return items if closer == "]" else mapping
        at = 1
        while True:
            entry = _FLOW_ENTRY.match(text, at)
            if entry is None:
                raise _NotPlain
            key, written, after = entry.groups()
            if (key is None) != (closer == "]"):
                raise _NotPlain  # a pair in a list, or a mapping entry without a key
            if key is None:
                if lines is not None:
                    lines[(*path, len(items))] = self.number(row)
                items.append(_flow_scalar(written))
            else:
                if key in mapping:
                    self.duplicates.append((self.number(row), key))
                if lines is not None:
                    lines[(*path, key)] = self.number(row)
                mapping[key] = _flow_scalar(written)
            at = entry.end()
            if after == closer and at == len(text):
                return items if closer == "]" else mapping
            if after != ",":
                raise _NotPlain


def _is_item(content: str) -> bool:
    return content[0] == "-" and (len(content) == 1 or content[1] == " ")


def load_plain_yaml(
    text: str, first_line: int = 1
) -> tuple[Any, Mapping[tuple[str | int, ...], int], Duplicates] | None:
    """The data of a plain block document, the line of every key path (`KeyLines`, worked out
    when first asked) and the duplicate keys; None when the document is not plain (see the
    module's docstring)."""
    read = _read(text, first_line, None)
    if read is None:
        return None
    data, duplicates = read
    return data, KeyLines(text, first_line), duplicates


def _read(text: str, first_line: int, lines: Lines | None) -> tuple[Any, Duplicates] | None:
    """The data and duplicate keys of a plain document, recording into `lines` if given."""
    if _UNUSUAL.search(text):
        return None
    reader = _Reader(text, first_line, lines)
    if not reader.rows or reader.rows[0][0]:
        return None
    try:
        data = reader.block("", (), 0)
    except (_NotPlain, RecursionError):
        return None
    if reader.at != len(reader.rows):
        return None
    if lines is not None:
        lines[()] = reader.number(0)
    return data, reader.duplicates


class KeyLines(Mapping[tuple[str | int, ...], int]):
    """The line of every key path of a plain document (`()` for where its data starts),
    worked out from the text when first asked.

    Only a problem needs a line. Recording them all while reading was a tenth of the reader's
    time, and made up most of what a loaded record weighs when it comes back from a worker
    (`builder.parallel`), where this goes as its text."""

    __slots__ = ("_lines", "first_line", "text")

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line
        self._lines: Lines | None = None

    def _found(self) -> Lines:
        if self._lines is None:
            lines: Lines = {}
            # The same reading that took the document, so it takes it again.
            if _read(self.text, self.first_line, lines) is None:
                raise AssertionError("a plain document read differently the second time")
            self._lines = lines
        return self._lines

    def __getitem__(self, key: tuple[str | int, ...]) -> int:
        return self._found()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._found()

    def __iter__(self) -> Iterator[tuple[str | int, ...]]:
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())

    def __reduce__(self) -> tuple[type[KeyLines], tuple[str, int]]:
        return (KeyLines, (self.text, self.first_line))
