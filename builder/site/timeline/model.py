"""The timeline's model: what a drawing is made of (spans of the axis, marks, bars, text
placed at a point), the sizes it is drawn at, and the axis of years shared by the layouts
(`marks`, `counts`).

Positions are in the drawing's units, rounded to a tenth so that the page's bytes do not
depend on how a float prints its last digits.
"""

from __future__ import annotations

import calendar
import enum
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from builder.site.strings import interface_text
from builder.site.timeline.words import text_width, wrap

FONT = 13.0
"""The size of the text, in the drawing's units (CSS pixels, where the drawing is shown at its
size); the template gives it to the drawing."""
SMALL = FONT * 0.8
"""The size of the small print (the stylesheet's `0.8em`): breaks of the axis, counts."""
LINE = 16.0
"""The distance between two lines of a label."""
MARGIN = 8.0

WIDE_WIDTH = 720.0
"""The wide drawing's width: about the width of the page's column on a desktop, so that it is
shown at its size there and scaled down in a narrower column or in print."""
WIDE_LABELS = ((232.0, 1), (176.0, 1), (232.0, 2), (176.0, 2))
"""The widths of the wide drawing's labels and the rows of them (below the axis, then also
above it) that are tried in turn, the first whose labels do not overlap being drawn."""
NARROW_WIDTH = 360.0
"""The narrow drawing's width: a phone's column."""
NARROW_AXIS = 66.0
"""Where the narrow drawing's axis runs; the years are written left of it."""

TITLE_LINES = 3
"""A title takes at most this many lines of a label; the rest is shortened to `…` (the
whole title is in the link's tooltip and in the list below)."""
LABELLED_AT_MOST = 12
"""More meetings than this are drawn as counts per year, even if their labels would fit: the
narrow drawing would grow longer than the list it sums up."""
BAR = 96.0
"""The height of the tallest year's bar (wide) or the length of its bar (narrow)."""
ROW = 26.0
"""The height of one year's row in the narrow drawing of counts."""


Segment = tuple[float, float, float, float]
"""A straight line: x1, y1, x2, y2."""


class Mode(enum.Enum):
    """How the meetings are drawn."""

    marks = "marks"
    """One labelled mark per meeting."""
    counts = "counts"
    """One bar per year, with its number of meetings."""


@dataclass(frozen=True)
class TimelineMeeting:
    """A meeting as the timeline shows it; the text is the reader's (escaped by the
    template)."""

    page: str
    """The site path of its page."""
    day: date
    date: str
    """The day in words (`13 September 2023`)."""
    place: str
    title: str
    differ: bool
    """Whether its sources differ on a claim."""


@dataclass(frozen=True)
class Span:
    """A stretch of the axis: one year with meetings, or a break standing for the years
    without any between two such years."""

    first: int
    last: int
    start: float
    end: float
    meetings: tuple[TimelineMeeting, ...]
    """The year's meetings, by date; none for a break."""

    @property
    def is_break(self) -> bool:
        """Whether the span stands for years without meetings."""
        return not self.meetings

    @property
    def anchor(self) -> str:
        """The id of the year's first meeting in the list below the drawing."""
        return year_anchor(self.first)

    @property
    def differ(self) -> int:
        """How many of its meetings have sources that differ."""
        return sum(meeting.differ for meeting in self.meetings)

    def at(self, day: date) -> float:
        """Where `day`, a day of this year, stands on the axis: the middle of its share of
        the year."""
        length = 366 if calendar.isleap(day.year) else 365
        share = (day.timetuple().tm_yday - 0.5) / length
        return self.start + (self.end - self.start) * share


@dataclass(frozen=True)
class Text:
    """Lines of text starting at (x, y), y the first line's baseline."""

    x: float
    y: float
    lines: tuple[str, ...]
    anchor: str = "start"
    """SVG's `text-anchor`: `start`, `middle` or `end`."""
    styles: tuple[str, ...] = ()
    """A class for each line (`date`, `place`, `title`, `differ`), or none."""


Legend = tuple[tuple[str, Text], ...]
"""A drawing's key: each shape (`dot`, `diamond`, `bar`) with its words."""


@dataclass(frozen=True)
class Mark:
    """A meeting's mark, its label, and the line that joins them."""

    meeting: TimelineMeeting
    x: float
    y: float
    label: Text
    """Its lines: date, place, the title's lines, then `timeline.differ` if it differs."""
    leader: tuple[tuple[float, float], ...]
    """The points of the line from the mark to its label."""


@dataclass(frozen=True)
class Bar:
    """A year's bar in a drawing of counts, with its count, linked to the year in the list."""

    span: Span
    x: float
    y: float
    width: float
    height: float
    count: Text | None
    """The number of meetings; None where it would not fit (the tooltip says it)."""
    differ: Text | None
    """The number of meetings whose sources differ, beside a diamond; None if none."""
    tooltip: str


@dataclass(frozen=True)
class Drawing:
    """One drawing of the timeline: what the template draws, in its units."""

    name: str
    """`wide` or `narrow`: its class in the page."""
    mode: Mode
    width: float
    height: float
    axis: tuple[Segment, ...]
    """The axis as line pieces (x1, y1, x2, y2), interrupted at its breaks."""
    ticks: tuple[Segment, ...]
    """The boundaries between spans."""
    breaks: tuple[tuple[Span, Text, tuple[float, float]], ...]
    """Each break, its label, and where its sign (`//`) is drawn."""
    years: tuple[tuple[Span, Text], ...]
    """Each year with meetings and its label; years left unlabelled for room are absent."""
    marks: tuple[Mark, ...]
    bars: tuple[Bar, ...]
    legend: Legend
    """The key: a shape (`dot`, `diamond`, `bar`) and its words."""


@dataclass(frozen=True)
class Timeline:
    """Both drawings of the timeline."""

    meetings: int
    mode: Mode
    wide: Drawing
    narrow: Drawing
    font: float = FONT
    """The size of the text (`FONT`), which the template gives each drawing."""
    line: float = LINE
    """The distance between two lines of a label (`LINE`)."""


def year_anchor(year: int) -> str:
    """The id that the list of meetings gives the first meeting of `year`."""
    return f"year-{year}"


def make_spans(
    meetings: Sequence[TimelineMeeting], start: float, year_length: float, break_length: float
) -> list[Span]:
    """The axis from `start`: each year with meetings `year_length` long, each run of years
    without meetings between them one break `break_length` long. `meetings` by date."""
    by_year: dict[int, list[TimelineMeeting]] = {}
    for meeting in meetings:
        by_year.setdefault(meeting.day.year, []).append(meeting)
    spans: list[Span] = []
    position = start
    previous: int | None = None
    for year in sorted(by_year):
        if previous is not None and year > previous + 1:
            spans.append(Span(previous + 1, year - 1, position, position + break_length, ()))
            position += break_length
        spans.append(Span(year, year, position, position + year_length, tuple(by_year[year])))
        position += year_length
        previous = year
    return spans


def break_label(span: Span) -> str:
    """The words for a break: its first and last year."""
    if span.first == span.last:
        return str(span.first)
    return interface_text("timeline.gap", first=span.first, last=span.last)


def drawing_legend(mode: Mode, differ: bool, width: float) -> tuple[Legend, float]:
    """The key at the top left of a drawing `width` wide: the shapes used, each with its
    words, side by side while they fit (a translation's longer words go on a new row, or
    over two lines); and the baseline of its last line, below which the drawing starts."""
    if mode is Mode.marks:
        entries = [("dot", interface_text("timeline.legend_meeting"))]
        if differ:
            entries.append(("diamond", interface_text("timeline.legend_differ")))
    else:
        entries = [("bar", interface_text("timeline.legend_counts"))]
        if differ:
            entries.append(("diamond", interface_text("timeline.legend_differ_counts")))
    legend: list[tuple[str, Text]] = []
    x, y, bottom = MARGIN, 14.0, 14.0
    for shape, words in entries:
        if x > MARGIN and x + 14 + text_width(words, FONT) > width - MARGIN:
            x, y = MARGIN, bottom + LINE + 4
        lines = wrap(words, width - MARGIN - x - 14, FONT, 2)
        legend.append((shape, Text(rounded_value(x + 14), rounded_value(y), lines)))
        bottom = max(bottom, y + (len(lines) - 1) * LINE)
        x += 14 + max(text_width(line, FONT) for line in lines) + 18
    return tuple(legend), bottom


def rounded_value(value: float) -> float:
    """A position as the page prints it: to a tenth of a unit."""
    return round(value, 1)


def rounded_points(points: Iterable[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Points as the page prints them (`rounded_value`)."""
    return tuple((rounded_value(x), rounded_value(y)) for x, y in points)


def axis_segment(along_start: float, along_end: float, across: float, wide: bool) -> Segment:
    """A line along the axis (`wide`: left to right at height `across`; else downwards)."""
    x1, y1, x2, y2 = (
        (along_start, across, along_end, across)
        if wide
        else (across, along_start, across, along_end)
    )
    return (rounded_value(x1), rounded_value(y1), rounded_value(x2), rounded_value(y2))


def axis_pieces(spans: Sequence[Span], across: float, wide: bool) -> tuple[Segment, ...]:
    """The axis as lines over the spans that are years; a break leaves a gap."""
    runs: list[list[float]] = []
    for span in spans:
        if span.is_break:
            continue
        if runs and runs[-1][1] == span.start:
            runs[-1][1] = span.end
        else:
            runs.append([span.start, span.end])
    return tuple(axis_segment(start, end, across, wide) for start, end in runs)


def year_ticks(spans: Sequence[Span], low: float, high: float, wide: bool) -> tuple[Segment, ...]:
    """A short line across the axis, from `low` to `high`, at each edge of a year."""
    edges = sorted({edge for span in spans if not span.is_break for edge in (span.start, span.end)})
    # A line across the axis is a line along the other one.
    return tuple(axis_segment(low, high, edge, not wide) for edge in edges)


def year_and_break_lengths(
    meetings: Sequence[TimelineMeeting], length: float, break_at_most: float
) -> tuple[float, float]:
    """How long a year and a break are when the years with meetings and the breaks between
    them share `length`: a break is as long as a year, but no longer than `break_at_most`."""
    years = len({meeting.day.year for meeting in meetings})
    breaks = sum(1 for a, b in itertools.pairwise(meetings) if b.day.year > a.day.year + 1)
    break_length = min(break_at_most, length / (years + breaks))
    return (length - breaks * break_length) / years, break_length
