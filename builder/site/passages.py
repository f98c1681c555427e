"""The paragraphs a source page shows: quoted passages highlighted and anchored, and the cuts
of the raw file marked where they touch what is shown."""

from __future__ import annotations

import bisect
import itertools
from typing import NamedTuple

from builder.content.models import Cut, Paragraph, Rights, Source
from builder.content.text import Match, display_breaks
from builder.content.words import sentence_spans

LONG_PARAGRAPH = 700
"""In `excerpts` mode a paragraph longer than this shows only the sentences that hold a quote."""


class Segment(NamedTuple):
    """A run of paragraph text, highlighted when it belongs to a quote."""

    text: str
    highlighted: bool
    anchors: tuple[str, ...] = ()
    """The anchors (`q-<quote id>`, `c-<claim id>`) of the passages that start here."""
    cut_before: bool = False
    """Text of the paragraph was left out just before this run (`[…]` goes here)."""


class Passage(NamedTuple):
    """A paragraph, or the part of it that is shown, ready for the source template."""

    number: int
    total: int
    segments: tuple[Segment, ...]
    """The shown runs of the paragraph, in order: one list, with the places where text was left
    out marked on the run after (`Segment.cut_before`), so that the template needs no loop
    variable (Jinja makes one object per step of a loop that uses `loop`)."""
    cut_before: bool
    cut_after: bool
    anchors: tuple[str, ...]
    """The anchors of the passages it holds (`q-<quote id>`, `c-<claim id>`)."""
    raw_cuts: tuple[CutNote, ...] = ()
    """The cuts of the raw file that touch this paragraph: the start of its own line, or the
    lines right before or after it (blank lines between do not count), so that a reader sees
    where the record removed text next to what is shown."""


class CutNote(NamedTuple):
    """A cut of the raw file, as the source page lists it and marks the paragraphs it touches."""

    lines: str
    """The raw lines, as the record gives them (`3`, `13-15`)."""
    role: str
    """What the cut removes (`headline`, `byline`, `boilerplate`, …): the template words it."""
    prefix: str | None
    """For a marker cut of the start of a line, the text cut; else None."""
    place: str = ""
    """Where it touches a paragraph: `start` (of its line), `before` or `after`; `""` in the
    page's list of cuts."""


def _segments(
    text: str, spans: list[tuple[int, int, str]], all_breaks: list[int], start: int, end: int
) -> tuple[Segment, ...]:
    """Cut `text[start:end]` into plain and highlighted runs at every quote's ends, adding
    display-only spaces at `all_breaks` (the paragraph's `display_breaks`)."""
    breaks = {point for point in all_breaks if start < point < end}
    cuts = {start, end} | breaks
    for quote_start, quote_end, _ in spans:
        cuts.update(point for point in (quote_start, quote_end) if start < point < end)
    segments: list[Segment] = []
    for left, right in itertools.pairwise(sorted(cuts)):
        piece = text[left:right]
        if left in breaks:
            piece = " " + piece
        highlighted = any(qs <= left and right <= qe for qs, qe, _ in spans)
        anchors = tuple(quote_id for qs, _, quote_id in spans if qs == left)
        segments.append(Segment(piece, highlighted, anchors))
    return tuple(segments)


def build_passages(
    source: Source, matches: list[tuple[str, Match]], rights: Rights
) -> list[Passage]:
    """The paragraphs a source page shows, with the passages of `matches` (by their anchors:
    quotes' and claims' printed words) highlighted and anchored.

    `full` shows every paragraph; `excerpts` only those holding such a passage, and of a long
    paragraph only the sentences that hold one.
    """
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    for quote_id, match in matches:
        by_paragraph.setdefault(match.paragraph.number, []).append(
            (match.start, match.end, quote_id)
        )
    total = len(source.paragraphs)
    passages: list[Passage] = []
    cut_lines = _cut_lines(source.record.cuts)
    for index, paragraph in enumerate(source.paragraphs):
        spans = sorted(by_paragraph.get(paragraph.number, []))
        if rights is Rights.excerpts and not spans:
            continue
        text = paragraph.text
        ranges = [(0, len(text))]
        if rights is Rights.excerpts and len(text) > LONG_PARAGRAPH:
            kept = [
                (left, right)
                for left, right in sentence_spans(text)
                if any(qs < right and left < qe for qs, qe, _ in spans)
            ]
            ranges = _merge(kept)
        breaks = display_breaks(text)
        segments: list[Segment] = []
        for left, right in ranges:
            shown = _segments(text, spans, breaks, left, right)
            if segments:  # text was left out since the last range
                segments.append(shown[0]._replace(cut_before=True))
                segments += shown[1:]
            else:
                segments += shown
        passages.append(
            Passage(
                number=paragraph.number,
                total=total,
                segments=tuple(segments),
                cut_before=ranges[0][0] > 0,
                cut_after=ranges[-1][1] < len(text),
                anchors=tuple(anchor for _, _, anchor in spans),
                raw_cuts=_cuts_touching(source.paragraphs, index, cut_lines),
            )
        )
    return passages


def cut_notes(cuts: tuple[Cut, ...]) -> list[CutNote]:
    """The cuts of a record in the order of the raw lines, for the source page's list."""
    return [
        CutNote(cut.lines, cut.role.value, cut.prefix)
        for cut in sorted(cuts, key=lambda cut: (cut.first, cut.last))
    ]


def _cut_lines(cuts: tuple[Cut, ...]) -> tuple[list[int], list[Cut]]:
    """Every raw line a cut covers, in order, with its cut (a line is cut once: `cut_article`
    refuses overlaps; a prefix cut and a whole-line cut of one line keep the whole-line one)."""
    by_line: dict[int, Cut] = {}
    for cut in cuts:
        for number in range(cut.first, cut.last + 1):
            if number not in by_line or by_line[number].prefix is not None:
                by_line[number] = cut
    numbers = sorted(by_line)
    return numbers, [by_line[number] for number in numbers]


def _cuts_touching(
    paragraphs: tuple[Paragraph, ...], index: int, cut_lines: tuple[list[int], list[Cut]]
) -> tuple[CutNote, ...]:
    """The cuts that touch paragraph `index`: a prefix cut of its own line, and the cut
    nearest to it before and after, between it and the paragraphs next to it (only blank
    lines, or none, lie between such a cut and the paragraph)."""
    numbers, cuts = cut_lines
    if not numbers:
        return ()
    line = paragraphs[index].raw_line
    previous = paragraphs[index - 1].raw_line if index > 0 else 0
    following = paragraphs[index + 1].raw_line if index + 1 < len(paragraphs) else numbers[-1] + 1
    notes: list[CutNote] = []
    at = bisect.bisect_left(numbers, line)
    if at > 0 and numbers[at - 1] > previous:
        cut = cuts[at - 1]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "before"))
    if at < len(numbers) and numbers[at] == line:
        cut = cuts[at]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "start"))
        at += 1
    if at < len(numbers) and numbers[at] < following:
        cut = cuts[at]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "after"))
    return tuple(notes)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for left, right in sorted(ranges):
        if merged and left <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(right, merged[-1][1]))
        else:
            merged.append((left, right))
    return merged
