"""The kinds of text a dossier file's fields hold, and the checks each makes.

Each is an `Annotated` type for the models of `builder.content.models`: an id, a line, text over
lines, a SHA-256, a language tag, a range of lines. Their errors carry our own types
(`EXPECTED`, `CONTROL`), which `builder.content.model_errors` words for an editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, StringConstraints, ValidationInfo
from pydantic_core import PydanticCustomError

EXPECTED = "dossier_expected"
"""The error type of our own validators; its message says what the field must be."""


def expected_error(message: str, hint: str = "") -> PydanticCustomError:
    """An error whose message is the expectation (`a day, YYYY-MM-DD`), plus an optional hint
    the loader puts after what was found. Braces are pydantic template syntax, so none here."""
    return PydanticCustomError(EXPECTED, message, {"hint": hint})


def _matching(pattern: str, expected: str) -> Callable[[str], str]:
    """A check that a string matches `pattern` in full, with the expectation in words."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if compiled.fullmatch(value) is None:
            raise expected_error(expected)
        return value

    return check


CONTROL = "dossier_control"
"""The error type of a character that text shown on a page must not hold; its message says
which (`holds a control character (U+0007); remove it`)."""

_NOT_TEXT = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
"""C0 controls but tab and newline, DEL, C1 controls, and lone surrogates (`"\\ud800"` in
YAML), which cannot even be written out as UTF-8."""
_NOT_IN_TEXT = re.compile(f"[{_NOT_TEXT}]")
_NOT_IN_A_LINE = re.compile(f"[{_NOT_TEXT}\t\n\u2028\u2029]")
_KINDS = {"\t": "a tab", "\n": "a line break", "\u2028": "a line break", "\u2029": "a line break"}


def control_character(text: str, in_a_line: bool = False) -> tuple[int, str] | None:
    """Where `text` first holds a character that text must not, and what it is (`a control
    character (U+0007)`); None when it holds none.

    YAML escapes (`"\\0"`, `"\\x07"`, `"\\e"`, `"\\N"`) write these characters where the file
    itself may not hold them; on a page they are invisible or break it. In a one-line field
    a tab or a line break is refused too."""
    found = (_NOT_IN_A_LINE if in_a_line else _NOT_IN_TEXT).search(text)
    if found is None:
        return None
    char = found.group()
    surrogate = "\ud800" <= char <= "\udfff"
    kind = "a lone surrogate" if surrogate else _KINDS.get(char, "a control character")
    return found.start(), f"{kind} (U+{ord(char):04X})"


CONTENT_FILE = {"content_file": True}
"""The validation context of a content file read by the load stage. Only there are control
characters refused: a record made in code (`dossier ingest` detecting a byline in an article)
holds what the article prints, and the build then says where its file must change."""


def _refusing_controls(in_a_line: bool) -> AfterValidator:
    def check(value: str, info: ValidationInfo) -> str:
        if info.context is not CONTENT_FILE:
            return value
        found = control_character(value, in_a_line)
        if found is not None:
            raise PydanticCustomError(CONTROL, "holds {found}; remove it", {"found": found[1]})
        return value

    return AfterValidator(check)


_ONE_LINE = _refusing_controls(in_a_line=True)
_LINES = _refusing_controls(in_a_line=False)


def _refusing_blank(value: str, info: ValidationInfo) -> str:
    """Text of a content file that is only spaces or line breaks prints as nothing, where a
    reader expects a gist, a value or a title: refused like empty text."""
    if info.context is CONTENT_FILE and value and value.isspace():
        raise expected_error("text, not only spaces")
    return value


_NOT_BLANK = AfterValidator(_refusing_blank)

Id = Annotated[str, StringConstraints(min_length=1, max_length=120), _ONE_LINE]
"""An identifier chosen by the editor; checked to be a slug by the validate stage."""

Line = Annotated[str, _ONE_LINE]
"""Text of one line, possibly empty: no control character, tab or line break."""

Text = Annotated[str, StringConstraints(min_length=1), _ONE_LINE]
"""Text of one line, not empty."""

AnyLines = Annotated[str, _LINES]
"""Text that may be empty, run over lines or hold tabs; no other control character."""

Lines = Annotated[str, StringConstraints(min_length=1), _LINES]
"""Text that may run over lines (a folded `>` value ends with one) or hold tabs: a quote, a
translation, a sentence; no other control character."""

ProseLine = Annotated[str, StringConstraints(min_length=1), _ONE_LINE, _NOT_BLANK]
"""`Text` that we write in English (a claim's subject or value): not only spaces."""

Prose = Annotated[str, StringConstraints(min_length=1), _LINES, _NOT_BLANK]
"""`Lines` that we write in English (a translation, a gist, a note): not only spaces. (Words
of an article are `Lines`, which their checks require to hold a word, and say so.)"""

Sha256 = Annotated[
    str,
    AfterValidator(
        _matching(r"[0-9a-f]{64}", "the SHA-256 of the raw file: 64 lower-case hex digits")
    ),
]

LanguageTag = Annotated[
    str,
    AfterValidator(
        _matching(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", "a BCP 47 language tag such as 'vi' or 'en'")
    ),
]

LineRange = Annotated[
    str,
    AfterValidator(_matching(r"\d+(-\d+)?", "a line number ('3') or a range of lines ('18-49')")),
]
