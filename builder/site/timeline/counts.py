"""The timeline of a large dossier (`Mode.counts`): a bar per year, as long as the year's
number of meetings, linked to that year in the list below the drawing."""

from __future__ import annotations

import math
from collections.abc import Sequence

from builder.site.strings import interface_text
from builder.site.timeline.marks import narrow_break, wide_break
from builder.site.timeline.model import (
    BAR,
    FONT,
    MARGIN,
    NARROW_AXIS,
    NARROW_WIDTH,
    ROW,
    SMALL,
    WIDE_WIDTH,
    Bar,
    Drawing,
    Mode,
    Span,
    Text,
    TimelineMeeting,
    axis_pieces,
    break_label,
    drawing_legend,
    make_spans,
    rounded_value,
    year_and_break_lengths,
)
from builder.site.timeline.words import text_width


def _count_text(span: Span) -> str:
    """`3 meetings`: the year's count in words."""
    return interface_text("timeline.count", count=len(span.meetings))


def _tooltip(span: Span) -> str:
    """What a year's bar says when pointed at: the year, its count, and how many differ."""
    meetings = _count_text(span)
    if span.differ:
        differ = interface_text("timeline.count_differ", count=span.differ)
        return interface_text(
            "timeline.year_differ", year=span.first, meetings=meetings, differ=differ
        )
    return interface_text("timeline.year", year=span.first, meetings=meetings)


def wide_counts(meetings: Sequence[TimelineMeeting]) -> Drawing:
    """The wide drawing of counts: a bar per year, its height the year's number of meetings,
    with the number above it; the years below the axis, as many as there is room for."""
    year_length, break_length = year_and_break_lengths(meetings, WIDE_WIDTH - 2 * MARGIN, 64.0)
    spans = make_spans(meetings, MARGIN, year_length, break_length)
    most = max(len(span.meetings) for span in spans)
    any_differ = any(meeting.differ for meeting in meetings)
    legend, legend_bottom = drawing_legend(Mode.counts, any_differ, WIDE_WIDTH)
    top = legend_bottom + 10
    axis_y = top + 16 + BAR
    year_y = axis_y + 16
    differ_y = year_y + 16
    every = math.ceil((text_width("0000", FONT) + 6) / year_length)
    bars: list[Bar] = []
    years: list[tuple[Span, Text]] = []
    for index, span in enumerate(s for s in spans if not s.is_break):
        bars.append(_wide_bar(span, BAR * len(span.meetings) / most, axis_y, differ_y))
        if index % every == 0:
            middle = rounded_value((span.start + span.end) / 2)
            years.append((span, Text(middle, year_y, (str(span.first),), "middle")))
    breaks_drawn = tuple(
        wide_break(span, year_y, axis_y)
        for span in spans
        if span.is_break and text_width(break_label(span), SMALL) <= break_length
    )
    return Drawing(
        name="wide",
        mode=Mode.counts,
        width=WIDE_WIDTH,
        height=rounded_value(differ_y + (4 if any_differ else -12) + MARGIN),
        axis=axis_pieces(spans, axis_y, wide=True),
        ticks=(),
        breaks=breaks_drawn,
        years=tuple(years),
        marks=(),
        bars=tuple(bars),
        legend=legend,
    )


def _wide_bar(span: Span, height: float, axis_y: float, differ_y: float) -> Bar:
    """A year's bar standing on the wide axis, its count above it and, at `differ_y`, the
    number of its meetings whose sources differ, each where it fits."""
    middle = (span.start + span.end) / 2
    room = span.end - span.start - 1
    width = max(1.0, min(room * 0.8, 28.0))
    height = max(1.0, height)
    count = str(len(span.meetings))
    count_text = (
        Text(rounded_value(middle), rounded_value(axis_y - height - 4), (count,), "middle")
        if text_width(count, SMALL) <= room
        else None
    )
    differ_text = (
        Text(rounded_value(middle + 5), differ_y, (str(span.differ),), "middle")
        if span.differ and text_width(f"◆{span.differ}", SMALL) <= room
        else None
    )
    return Bar(
        span,
        rounded_value(middle - width / 2),
        rounded_value(axis_y - height),
        rounded_value(width),
        rounded_value(height),
        count_text,
        differ_text,
        _tooltip(span),
    )


def narrow_counts(meetings: Sequence[TimelineMeeting]) -> Drawing:
    """The narrow drawing of counts: a row per year, its bar as long as the year's number of
    meetings, then that number in words; a break is a short row naming its years."""
    legend, legend_bottom = drawing_legend(
        Mode.counts, any(meeting.differ for meeting in meetings), NARROW_WIDTH
    )
    top = legend_bottom + 18
    spans = make_spans(meetings, top, ROW, ROW * 0.8)
    most = max(len(span.meetings) for span in spans)
    bar_x = NARROW_AXIS
    longest = BAR * 1.4
    bars: list[Bar] = []
    years: list[tuple[Span, Text]] = []
    for span in spans:
        if span.is_break:
            continue
        baseline = rounded_value(span.start + ROW / 2 + FONT / 2 - 2)
        length = max(1.0, longest * len(span.meetings) / most)
        count_x = bar_x + length + 6
        count = _count_text(span)
        differ_text = (
            Text(
                rounded_value(count_x + text_width(count, FONT) + 20), baseline, (str(span.differ),)
            )
            if span.differ
            else None
        )
        bars.append(
            Bar(
                span,
                bar_x,
                rounded_value(span.start + 5),
                rounded_value(length),
                ROW - 10,
                Text(rounded_value(count_x), baseline, (count,)),
                differ_text,
                _tooltip(span),
            )
        )
        years.append((span, Text(MARGIN, baseline, (str(span.first),))))
    return Drawing(
        name="narrow",
        mode=Mode.counts,
        width=NARROW_WIDTH,
        height=rounded_value(spans[-1].end + MARGIN),
        axis=axis_pieces(spans, NARROW_AXIS, wide=False),
        ticks=(),
        breaks=tuple(narrow_break(span) for span in spans if span.is_break),
        years=tuple(years),
        marks=(),
        bars=tuple(bars),
        legend=legend,
    )
