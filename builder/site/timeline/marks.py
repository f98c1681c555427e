"""The timeline with every meeting labelled (`Mode.marks`), for a dossier of a few meetings:
a mark at each meeting's day, its date, place and title beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from builder.site.strings import interface_text
from builder.site.timeline.model import (
    FONT,
    LINE,
    MARGIN,
    NARROW_AXIS,
    NARROW_WIDTH,
    SMALL,
    TITLE_LINES,
    WIDE_LABELS,
    WIDE_WIDTH,
    Drawing,
    Mark,
    Mode,
    Span,
    Text,
    TimelineMeeting,
    axis_pieces,
    break_label,
    drawing_legend,
    make_spans,
    rounded_points,
    rounded_value,
    year_and_break_lengths,
    year_ticks,
)
from builder.site.timeline.words import text_width, wrap


def mark_label(meeting: TimelineMeeting, x: float, y: float, width: float) -> Text:
    """A mark's label at (x, y): its date, place and title (each line classed for the
    stylesheet), and `timeline.differ` if its sources differ."""
    parts = [
        ("date", wrap(meeting.date, width, FONT, 1)),
        ("place", wrap(meeting.place, width, FONT, 1)),
        ("title", wrap(meeting.title, width, FONT, TITLE_LINES)),
        ("differ", (interface_text("timeline.differ"),) if meeting.differ else ()),
    ]
    lines = tuple(line for _, part in parts for line in part)
    styles = tuple(style for style, part in parts for _ in part)
    return Text(rounded_value(x), rounded_value(y), lines, styles=styles)


def wide_marks(meetings: Sequence[TimelineMeeting]) -> Drawing | None:
    """The wide drawing with every meeting labelled, labels below the axis and, where they
    would overlap, above it (`WIDE_LABELS`); None when no way of placing them fits."""
    year_length, break_length = year_and_break_lengths(meetings, WIDE_WIDTH - 2 * MARGIN, 64.0)
    spans = make_spans(meetings, MARGIN, year_length, break_length)
    for label_width, rows in WIDE_LABELS:
        placed = wide_rows(spans, label_width, rows)
        if placed is not None:
            break
    else:
        return None
    labels = {meeting.page: mark_label(meeting, 0, 0, label_width - 8) for meeting, *_ in placed}
    above = max((len(labels[m.page].lines) for m, _, _, row in placed if row), default=0)
    below = max((len(labels[m.page].lines) for m, _, _, row in placed if not row), default=0)
    legend, legend_bottom = drawing_legend(Mode.marks, any(m.differ for m in meetings), WIDE_WIDTH)
    year_y = legend_bottom + FONT + 14
    axis_y = year_y + 20 + (above * LINE + 20 if above else 0)
    marks: list[Mark] = []
    dots: list[float] = []
    for meeting, x, left, row in placed:
        # Two marks too close to tell apart: the later one steps off the axis, towards its
        # label.
        crowded = any(abs(x - other) < 12 for other in dots)
        dots.append(x)
        y = axis_y + ((-10 if row else 10) if crowded else 0)
        lines = len(labels[meeting.page].lines)
        if row:
            label_top = axis_y - 26 - lines * LINE
            leader = ((x, y), (x, label_top + lines * LINE))
        else:
            label_top = axis_y + 26
            leader = ((x, y), (x, label_top - 2))
        label = mark_label(meeting, left, label_top + FONT, label_width - 8)
        marks.append(
            Mark(meeting, rounded_value(x), rounded_value(y), label, rounded_points(leader))
        )
    return Drawing(
        name="wide",
        mode=Mode.marks,
        width=WIDE_WIDTH,
        height=rounded_value(axis_y + 26 + below * LINE + MARGIN),
        axis=axis_pieces(spans, axis_y, wide=True),
        ticks=year_ticks(spans, year_y + 6, axis_y + 6, wide=True),
        breaks=tuple(wide_break(span, year_y, axis_y) for span in spans if span.is_break),
        years=tuple(
            (
                span,
                Text(
                    rounded_value((span.start + span.end) / 2), year_y, (str(span.first),), "middle"
                ),
            )
            for span in spans
            if not span.is_break
        ),
        marks=tuple(marks),
        bars=(),
        legend=legend,
    )


def wide_rows(
    spans: Sequence[Span], label_width: float, rows: int
) -> list[tuple[TimelineMeeting, float, float, int]] | None:
    """Each meeting's mark (x), its label's left edge, and its row (0 below the axis, 1
    above): the first row where the label clears the one before it; None if none does."""
    ends = [-math.inf] * rows
    placed = []
    for span in spans:
        for meeting in span.meetings:
            x = span.at(meeting.day)
            left = min(max(x - 6, MARGIN), WIDE_WIDTH - MARGIN - label_width)
            row = next((row for row in range(rows) if left >= ends[row] + 8), None)
            if row is None:
                return None
            ends[row] = left + label_width
            placed.append((meeting, x, left, row))
    return placed


def wide_break(span: Span, text_y: float, axis_y: float) -> tuple[Span, Text, tuple[float, float]]:
    """A break of the wide axis: its years' label at `text_y`, its sign on the axis."""
    middle = rounded_value((span.start + span.end) / 2)
    return (
        span,
        Text(middle, text_y, (break_label(span),), "middle"),
        (middle, rounded_value(axis_y)),
    )


def narrow_marks(meetings: Sequence[TimelineMeeting]) -> Drawing:
    """The narrow drawing with every meeting labelled, right of a downward axis; a label that
    would overlap the one above it is moved down, joined to its mark by a bent line."""
    label_x = NARROW_AXIS + 18
    width = NARROW_WIDTH - MARGIN - label_x
    heights = {
        meeting.page: len(mark_label(meeting, 0, 0, width).lines) * LINE + 12
        for meeting in meetings
    }
    per_year: dict[int, float] = {}
    for meeting in meetings:
        per_year[meeting.day.year] = per_year.get(meeting.day.year, 0) + heights[meeting.page]
    # A year is long enough for its labels, so that they stay near their marks.
    legend, legend_bottom = drawing_legend(
        Mode.marks, any(m.differ for m in meetings), NARROW_WIDTH
    )
    top = legend_bottom + 18
    spans = make_spans(meetings, top, max(96.0, *per_year.values()), 44.0)
    marks: list[Mark] = []
    bottom = top - 10
    previous = -math.inf
    for span in spans:
        for meeting in span.meetings:
            # Marks closer than a mark's size would hide each other: the later one steps
            # down the axis (its label gives its day).
            y = max(span.at(meeting.day), previous + 12)
            previous = y
            label_top = max(y - FONT / 2 - 3, bottom + 10)
            bottom = label_top + heights[meeting.page] - 12
            first_line = label_top + FONT
            leader = (
                (NARROW_AXIS, y),
                (label_x - 12, first_line - 4),
                (label_x - 4, first_line - 4),
            )
            label = mark_label(meeting, label_x, first_line, width)
            marks.append(
                Mark(meeting, NARROW_AXIS, rounded_value(y), label, rounded_points(leader))
            )
    return Drawing(
        name="narrow",
        mode=Mode.marks,
        width=NARROW_WIDTH,
        height=rounded_value(max(spans[-1].end, bottom) + MARGIN + 4),
        axis=axis_pieces(spans, NARROW_AXIS, wide=False),
        ticks=year_ticks(spans, NARROW_AXIS - 6, NARROW_AXIS + 6, wide=False),
        breaks=tuple(narrow_break(span) for span in spans if span.is_break),
        years=tuple(
            (span, Text(MARGIN, rounded_value(span.start + FONT + 2), (str(span.first),)))
            for span in spans
            if not span.is_break
        ),
        marks=tuple(marks),
        bars=(),
        legend=legend,
    )


def narrow_break(span: Span) -> tuple[Span, Text, tuple[float, float]]:
    """A break of the narrow axis: its years' label left of it, its sign on the axis."""
    middle = rounded_value((span.start + span.end) / 2)
    words, room = break_label(span), NARROW_AXIS - MARGIN - 10
    first, dash, last = words.partition("–")
    if text_width(words, SMALL) <= room:
        lines: tuple[str, ...] = (words,)
    elif dash:  # `2002–` over `2009`, not a year cut in two
        lines = (first + dash, last)
    else:
        lines = wrap(words, room, SMALL, 2)
    first_baseline = middle - (len(lines) - 1) * LINE / 2 + SMALL / 2 - 1
    return (span, Text(MARGIN, rounded_value(first_baseline), lines), (NARROW_AXIS, middle))
