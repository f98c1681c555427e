"""YAML scalars for the files ingest and the scaffold write, such that the build's YAML reader
(`builder.content.yaml_reader.read_yaml`, YAML 1.2 core) reads each back as the text written."""

from __future__ import annotations

import json
import re

from builder.content.yaml_reader import read_yaml

_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
"""Characters YAML refuses in a file (the noncharacters U+FFFE and U+FFFF among them, which
an article in UTF-8 may hold) or reads as line breaks: escaped inside quotes."""

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*")
"""What may stand unquoted: no indicator first, no comment sign anywhere."""


def quoted(value: str) -> str:
    """`value` as a double-quoted YAML scalar."""
    # A JSON string is a valid YAML double-quoted scalar; JSON already escapes the C0 controls.
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when the build reads it back unchanged, else quoted
    (`no`, `1:30` and `2024-01-05` stay plain text for it; `null`, `true` and `12` are quoted)."""
    plain = (
        value.isprintable()
        and value == value.strip()
        and _PLAIN.fullmatch(value) is not None
        and ": " not in value
        and not value.endswith(":")
    )
    if plain:
        data, _, problems = read_yaml(value, "the value")
        plain = not problems and data == value
    return value if plain else quoted(value)
