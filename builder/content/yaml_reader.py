"""The one YAML reader of dossier files: YAML 1.2's core types, and the line of every key.

Every file an editor writes (source records, meeting front matter, `people.yml`) and every file
`dossier ingest` reads back goes through `read_yaml`. It never raises: whatever the text, the
result is data or problems worded for an editor, at the line where they can be fixed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from builder.content.models import Located
from builder.problems import Problem

MAX_YAML_DEPTH = 50
"""Deeper nesting than this is refused: no dossier file needs it, and recursion has limits."""

KeyPath = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"

_BLANKS = " \t"
_BREAKS = "\r\n\x85\u2028\u2029"
_ENDS = "\0 \t" + _BREAKS
"""What may follow a document marker (`---`) for it to be one: a blank, a break, the end."""

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


class _YamlProblem(Exception):
    """Something the text says that dossier files do not use, at its line."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Composer(
    yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver
):
    """PyYAML's reader, scanner, parser and composer, with our resolver and no constructor."""

    def __init__(self, text: str, first_line: int) -> None:
        self.first_line = first_line
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)

    def scan_to_next_token(self) -> None:
        """As PyYAML's, but a tab also separates tokens where YAML 1.2 and libyaml allow it:
        inside a flow collection, and after a token on its line (`a:<tab>b`, a trailing tab).
        A tab that indents is still refused, at its line."""
        if self.index == 0 and self.peek() == "\ufeff":
            self.forward()
        while True:
            while self.peek() == " " or (
                self.peek() == "\t" and (self.flow_level or not self.allow_simple_key)
            ):
                self.forward()
            if self.peek() == "#":
                while self.peek() not in "\0\r\n\x85\u2028\u2029":
                    self.forward()
            if not self._line_break():
                return
            if not self.flow_level:
                self.allow_simple_key = True

    def scan_plain_spaces(self, indent: int, start_mark: yaml.Mark) -> list[str] | None:
        """As PyYAML's, but the blanks in plain text may hold tabs, as in YAML 1.2 and libyaml:
        `text: a<tab>b` is the text "a<tab>b", and a line it runs on to may start with tabs
        after its indentation. None at a document marker (`---`, `...`)."""
        length = 0
        while self.peek(length) in _BLANKS:
            length += 1
        blanks = self.prefix(length)
        self.forward(length)
        if self.peek() not in _BREAKS:
            return [blanks] if blanks else []
        line_break = self._line_break()
        self.allow_simple_key = True
        breaks: list[str] = []
        while True:
            if self._at_document_marker():
                return None
            if self.peek() == " " or (self.peek() == "\t" and self.column >= indent):
                self.forward()
            elif self.peek() in _BREAKS:
                breaks.append(self._line_break())
            else:
                break
        if line_break != "\n":
            return [line_break, *breaks]
        return breaks or [" "]

    def scan_block_scalar_indicators(self, start_mark: yaml.Mark) -> tuple[bool | None, int | None]:
        """As PyYAML's (`|+2`, `>-`), but a tab may follow the indicators, as a space may."""
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            char = self.peek()
            if char in "+-" and chomping is None:
                chomping = char == "+"
            elif char in "0123456789" and increment is None:
                if char == "0":
                    raise yaml.scanner.ScannerError(
                        "while scanning a block scalar",
                        start_mark,
                        "expected indentation indicator in the range 1-9, but found 0",
                        self.get_mark(),
                    )
                increment = int(char)
            else:
                break
            self.forward()
        if self.peek() not in _ENDS:
            raise yaml.scanner.ScannerError(
                "while scanning a block scalar",
                start_mark,
                f"expected chomping or indentation indicators, but found {self.peek()!r}",
                self.get_mark(),
            )
        return chomping, increment

    def scan_block_scalar_ignored_line(self, start_mark: yaml.Mark) -> None:
        """As PyYAML's, but the blanks after a block scalar's `|` or `>` may hold tabs."""
        while self.peek() in _BLANKS:
            self.forward()
        super().scan_block_scalar_ignored_line(start_mark)

    def _line_break(self) -> str:
        """The line break here, consumed ("\\n" for "\\r\\n"); "" when there is none."""
        return str(self.scan_line_break())  # type: ignore[no-untyped-call]

    def _at_document_marker(self) -> bool:
        return self.column == 0 and self.prefix(3) in {"---", "..."} and self.peek(3) in _ENDS

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        """Refuse aliases where they are written: each would repeat a whole subtree, and a
        few nested ones make a document exponentially large (a "billion laughs")."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _YamlProblem(
                event.start_mark.line + self.first_line,
                "aliases (*name) are not supported; write the value out",
            )
        return super().compose_node(parent, index)


class _Builder:
    """Plain data from a composed node, with the line of every key path and the duplicate
    keys. Raises `_YamlProblem` for what dossier files do not use: explicit tags, keys that
    are not text, deep nesting."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.lines: dict[KeyPath, int] = {}
        self.duplicates: list[tuple[int, str]] = []

    def line(self, node: yaml.Node) -> int:
        """The file line where `node` starts."""
        return int(node.start_mark.line) + self.first_line

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        """The value of `node`, found at `path`."""
        line = self.line(node)
        if len(path) > MAX_YAML_DEPTH:
            raise _YamlProblem(line, f"nested more than {MAX_YAML_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                raise _unsupported_tag(node, line)
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise _unsupported_tag(node, line)
            items = []
            for index, item in enumerate(node.value):
                self.lines[(*path, index)] = self.line(item)
                items.append(self.build(item, (*path, index)))
            return items
        return _scalar(node, line)

    def mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        """The fields of a mapping node; of a key written twice, the later value."""
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_line = self.line(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _YamlProblem(key_line, "a key must be a plain name, not a list or mapping")
            key = str(key_node.value)
            if key in mapping:
                self.duplicates.append((key_line, key))
            self.lines[(*path, key)] = key_line
            mapping[key] = self.build(value_node, (*path, key))
        return mapping


def _scalar(node: yaml.Node, line: int) -> Any:
    """The value of a scalar node; the resolver's patterns guarantee the conversions work."""
    value = str(node.value)
    if node.tag == _TAG + "str":
        return value
    if node.tag == _TAG + "null":
        return None
    if node.tag == _TAG + "bool" and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    if node.tag == _TAG + "int" and re.fullmatch(r"[-+]?[0-9]+", value):
        return int(value)
    if node.tag == _TAG + "float" and re.fullmatch(r"[-+]?[0-9.]+(?:[eE][-+]?[0-9]+)?", value):
        return float(value)
    raise _unsupported_tag(node, line)


def _unsupported_tag(node: yaml.Node, line: int) -> _YamlProblem:
    tag = str(node.tag).replace(_TAG, "!!")
    return _YamlProblem(
        line, f"YAML tags such as {tag!r} are not used in dossier files; remove the tag"
    )


def yaml_error_problem(error: yaml.MarkedYAMLError, path: str, first_line: int) -> Problem:
    """PyYAML's error in plain words, at the line where it can be fixed."""
    problem = error.problem or ""
    problem_line = (error.problem_mark.line if error.problem_mark else 0) + first_line
    context_line = error.context_mark.line + first_line if error.context_mark else problem_line
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


def read_yaml(text: str, path: str, first_line: int = 1) -> tuple[Any, Located, list[Problem]]:
    """Parse YAML text that starts at line `first_line` of `path` (as shown in messages),
    keeping the line of every key: the data (None for an empty document), where each key is,
    and the problems. Never raises."""
    # YAML forbids control characters; PyYAML's reader would refuse them without a line.
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + first_line
        message = f"invalid YAML: a control character (U+{ord(control.group()):04X}) is not allowed"
        return None, Located(path), [Problem(path, line, message)]
    composer = _Composer(text, first_line)
    builder = _Builder(first_line)
    try:
        node = composer.get_single_node()
        if node is None:
            return None, Located(path, {(): first_line}), []
        builder.lines[()] = builder.line(node)
        data = builder.build(node, ())
    except yaml.MarkedYAMLError as error:
        return None, Located(path), [yaml_error_problem(error, path, first_line)]
    except yaml.YAMLError as error:
        return None, Located(path), [Problem(path, first_line, f"invalid YAML: {error}")]
    except _YamlProblem as error:
        return None, Located(path), [Problem(path, error.line, f"invalid YAML: {error.message}")]
    except RecursionError:
        message = f"invalid YAML: nested more than {MAX_YAML_DEPTH} levels deep"
        return None, Located(path), [Problem(path, first_line, message)]
    finally:
        composer.dispose()
    problems = [Problem(path, line, f"duplicate key {key!r}") for line, key in builder.duplicates]
    return data, Located(path, builder.lines), problems
