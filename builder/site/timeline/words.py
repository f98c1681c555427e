"""Text in a drawing: how wide it will be (estimated from its characters, as the browser's
font is not known here), and how it is wrapped into lines of a width, so that a label is
wrapped or shortened rather than clipped."""

from __future__ import annotations

import unicodedata


def text_width(text: str, size: float) -> float:
    """A generous estimate of the width of `text` at font size `size`: wide (East Asian) and
    capital letters count more, combining marks nothing."""
    width = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
            continue
        if unicodedata.east_asian_width(char) in ("W", "F"):
            width += 1.0
        elif char.isspace():
            width += 0.3
        elif char.isupper() or char in "mw@%—…":
            width += 0.72
        else:
            width += 0.54
    return width * size


def wrap(text: str, width: float, size: float, lines: int) -> tuple[str, ...]:
    """`text` in at most `lines` lines of at most `width`, broken at spaces (inside a word too
    long for a line); what does not fit is cut and ended with `…`."""
    words = text.split()
    result: list[str] = []
    line = ""
    for word in words:
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            result.append(line)
        line = word
        while text_width(line, size) > width:  # a word longer than a line
            cut = _fitting(line, width, size)
            result.append(line[:cut])
            line = line[cut:]
    if line:
        result.append(line)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = _shortened(result[-1], width, size)
    return _isolates_closed(result)


_OPENING = "\u2066\u2067\u2068"  # LRI, RLI, FSI
_CLOSING = "\u2069"  # PDI


def _isolates_closed(lines: list[str]) -> tuple[str, ...]:
    """Each line with the isolates it opens closed at its end and, when the text went on on
    the next line, opened again there: a line is drawn on its own, and an isolate left open
    would take in the text drawn after it."""
    closed: list[str] = []
    carried = ""
    for line in lines:
        line = carried + line
        still_open: list[str] = []
        for char in line:
            if char in _OPENING:
                still_open.append(char)
            elif char == _CLOSING and still_open:
                still_open.pop()
        closed.append(line + _CLOSING * len(still_open))
        carried = "".join(still_open)
    return tuple(closed)


def _fitting(text: str, width: float, size: float) -> int:
    """How many characters of `text` fit in `width` (at least one), not splitting a letter
    from its combining marks."""
    cut = 1
    while cut < len(text) and text_width(text[: cut + 1], size) <= width:
        cut += 1
    while 1 < cut < len(text) and unicodedata.combining(text[cut]):
        cut -= 1
    return cut


def _shortened(line: str, width: float, size: float) -> str:
    """`line` ended with `…`, cut so that the whole fits in `width`."""
    while line and text_width(line + "…", size) > width:
        line = line[:-1]
        while line and unicodedata.combining(line[-1]):
            line = line[:-1]
    return line.rstrip() + "…"
