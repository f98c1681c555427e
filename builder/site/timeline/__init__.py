"""The index page's timeline, drawn at build time: its geometry as typed data, which the
template `_timeline.html.j2` draws as inline SVG (no script, nothing from outside).

The same meetings are drawn twice: `wide`, time running left to right (desktops and print),
and `narrow`, time running down the page (phones); the stylesheet shows one. Each meeting is
a mark at its day on an axis of years; a run of years without a meeting is compressed into a
break of the axis. While every mark's label (date, place, title) fits, every mark is labelled
(`Mode.marks`); past that (hundreds of meetings), each year is drawn as a bar with its count
of meetings, linked to that year in the list below the drawing (`Mode.counts`). A meeting
whose sources differ on a claim is drawn as a diamond instead of a dot, and said in words.

Text widths are estimated from the characters (the browser's font is not known here), on the
generous side, so that a label is wrapped or shortened rather than clipped. Everything is a
pure function of the meetings: the same dossier gives the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from builder.content.models import Meeting, PlaceRecord
from builder.site.render import View, isolated
from builder.site.timeline.counts import narrow_counts, wide_counts
from builder.site.timeline.marks import narrow_marks, wide_marks
from builder.site.timeline.model import (
    LABELLED_AT_MOST,
    Mode,
    Timeline,
    TimelineMeeting,
    year_anchor,
)

__all__ = [
    "MeetingSequence",
    "Mode",
    "Timeline",
    "TimelineMeeting",
    "build_timeline",
    "draw_timeline",
    "meeting_sequence",
    "short_place",
    "timeline_meetings",
    "year_anchor",
    "year_anchors",
]


def build_timeline(meetings: Iterable[View]) -> Timeline | None:
    """The timeline of the meetings' views (`meeting_view`), in the timeline's order."""
    return draw_timeline(timeline_meetings(meetings))


def draw_timeline(meetings: Sequence[TimelineMeeting]) -> Timeline | None:
    """Both drawings of `meetings` (in the timeline's order: by date, then id); None for no
    meetings. Every mark is labelled while the labels fit (`LABELLED_AT_MOST`, and two rows
    of the wide drawing); otherwise each year is drawn as its count."""
    if not meetings:
        return None
    ordered = sorted(meetings, key=lambda meeting: meeting.day)  # stable: ties keep their order
    wide = wide_marks(ordered) if len(ordered) <= LABELLED_AT_MOST else None
    if wide is not None:
        return Timeline(len(ordered), Mode.marks, wide, narrow_marks(ordered))
    return Timeline(len(ordered), Mode.counts, wide_counts(ordered), narrow_counts(ordered))


def short_place(place: PlaceRecord, in_print: bool = False) -> str:
    """The place as a label has room for: the city (else the venue, else the region) and
    the country, as far as the source states them; by the words the source prints when the
    edition is in its language (`in_print`: `Bình Nhưỡng`), else by our names."""
    where = next((part for part in (place.city, place.venue, place.region) if part), None)
    # Each name isolated on its own: a bidi control in one cannot reorder the next.
    return ", ".join(
        isolated(part.printed if in_print else part.name)
        for part in (where, place.country)
        if part is not None
    )


def timeline_meetings(views: Iterable[View]) -> list[TimelineMeeting]:
    """The timeline's meetings from the meetings' views (`meeting_view`), in their order."""
    return [
        TimelineMeeting(
            page=view["page"],
            day=view["record"].date,
            date=view["date"],
            place=short_place(view["record"].place, view["place_in_print"]),
            title=view["title"].text,
            differ=bool(view["differ"]),
        )
        for view in views
    ]


@dataclass(frozen=True)
class MeetingSequence:
    """A meeting's place in the timeline's order, shown on its page."""

    number: int
    """From 1."""
    count: int
    previous: View | None
    """The meeting before it; None for the first."""
    next: View | None
    """The meeting after it; None for the last."""


def meeting_sequence(meetings: dict[str, View]) -> dict[str, MeetingSequence]:
    """Each meeting's place among `meetings` (by slug, in the timeline's order)."""
    views = list(meetings.values())
    return {
        slug: MeetingSequence(
            number=position + 1,
            count=len(views),
            previous=views[position - 1] if position > 0 else None,
            next=views[position + 1] if position + 1 < len(views) else None,
        )
        for position, slug in enumerate(meetings)
    }


def year_anchors(meetings: Iterable[Meeting]) -> dict[str, str]:
    """The anchor of each year in the index's list of meetings, on the year's first meeting:
    by that meeting's id, from the meetings in the timeline's order."""
    first: dict[int, str] = {}
    for meeting in meetings:
        first.setdefault(meeting.record.date.year, meeting.record.id)
    return {meeting_id: year_anchor(year) for year, meeting_id in first.items()}
