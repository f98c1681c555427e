"""The checks of a meeting's summary: not empty, each sentence footnoted, each footnote a source
of the meeting. A sentence is read as the page shows it: each list item and heading is a
paragraph of its own, and a marker in code or escaped is no footnote."""

from __future__ import annotations

import re

from builder.problems import Problem

FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
"""A footnote reference of a summary, `[^source-id]`: the id it cites."""
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]?((?:\[\^[^\]\s]+\])*)\s+(?=\S)")


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs of Markdown text with the index of their first line: each list item and
    each heading is one of its own (a heading states something too, in large type)."""
    found: list[tuple[int, str]] = []
    start, buffer = 0, list[str]()
    for index, line in enumerate([*lines, ""]):
        opens = _LIST_ITEM.match(line) is not None or line.lstrip().startswith("#")
        if buffer and (not line.strip() or opens):
            found.append((start, " ".join(buffer)))
            buffer = []
        if line.strip():
            if not buffer:
                start = index
            buffer.append(line.strip().lstrip("#").strip() if opens else line.strip())
    return found


_CODE_SPAN = re.compile(r"(`+).+?\1")
_ESCAPED_FOOTNOTE = re.compile(r"\\\[\^([^\]\s]*)\]")


def _as_shown(paragraph: str) -> str:
    """A paragraph with what Markdown does not make a footnote taken out of its footnotes:
    a marker in code (`` `[^x]` ``) or escaped (`\\[^x]`) is text on the page."""
    paragraph = _CODE_SPAN.sub(lambda code: code.group().replace("[^", "[ ^"), paragraph)
    # `\[^x]` reads `[^x]` on the page: a word after the sentence, not a footnote to it.
    return _ESCAPED_FOOTNOTE.sub(r" [\1]", paragraph)


def _sentences(paragraph: str) -> list[str]:
    """Split a summary paragraph into sentences, each keeping the footnotes that follow it."""
    pieces: list[str] = []
    last = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        pieces.append(paragraph[last : match.end()].strip())
        last = match.end()
    pieces.append(paragraph[last:].strip())
    return [piece for piece in pieces if piece]


def summary_problems(
    path: str, summary: str, summary_line: int, sources: tuple[str, ...] | None
) -> list[Problem]:
    """Check a summary: not empty, each sentence footnoted, each footnote a source of the
    meeting (not checked when `sources` is None: the meeting's list is not valid)."""
    lines = summary.split("\n")
    if not summary.strip():
        return [
            Problem(path, summary_line, "the summary (the text after the front matter) is empty")
        ]
    problems: list[Problem] = []
    for offset, line in enumerate(lines):
        for label in FOOTNOTE_REFERENCE.findall(line):
            if sources is not None and label not in sources:
                problems.append(
                    Problem(
                        path,
                        summary_line + offset,
                        f"footnote [^{label}] names no source of this meeting "
                        f"(known: {', '.join(sources)})",
                    )
                )
    for start, paragraph in _paragraphs(lines):
        for sentence in _sentences(_as_shown(paragraph)):
            if not FOOTNOTE_REFERENCE.search(sentence):
                shown = sentence if len(sentence) <= 60 else sentence[:57] + "..."
                problems.append(
                    Problem(
                        path,
                        summary_line + start,
                        f'summary sentence has no footnote to a source: "{shown}"',
                    )
                )
    return problems
