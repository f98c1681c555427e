"""The index's timeline drawing (`builder.site.timeline`): its geometry from 1 to 1,000
meetings, its words, and the SVG its template makes of it, hostile text included. The built
pages are read in `test_timeline_pages.py`, the drawing in a browser in
`tests/browser/test_timeline_drawing.py`."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from builder.site.render import make_environment, page_linker, render_template
from builder.site.strings import activate, active, load_strings
from builder.site.timeline import Mode, Timeline, TimelineMeeting, draw_timeline, year_anchor
from builder.site.timeline.model import (
    FONT,
    LABELLED_AT_MOST,
    SMALL,
    Drawing,
    Text,
    make_spans,
)
from builder.site.timeline.words import text_width, wrap
from tests.conftest import REPO

FSI, PDI, RLO = "\u2068", "\u2069", "\u202e"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """The drawing's words are the active strings': English here, whatever ran before."""
    previous = active()
    activate(load_strings("en"))
    yield
    activate(previous)


def meeting(
    day: str, title: str = "A meeting", place: str = "Hanoi, Vietnam", differ: bool = False
) -> TimelineMeeting:
    return TimelineMeeting(
        page=f"meetings/{day}.html",
        day=date.fromisoformat(day),
        date=day,
        place=place,
        title=title,
        differ=differ,
    )


def drawn(*meetings: TimelineMeeting) -> Timeline:
    timeline = draw_timeline(list(meetings))
    assert timeline is not None
    return timeline


def every_few_days(count: int, first: date = date(1999, 1, 4), seed: int = 1) -> list[date]:
    """`count` days, 2 to 15 days apart, as `bench.generate` spaces its meetings."""
    rng = random.Random(seed)
    days, day = [], first
    for _ in range(count):
        days.append(day)
        day += timedelta(days=rng.randint(2, 15))
    return days


SEED = [
    meeting("2023-09-13", "Putin and Kim Jong Un meet at the Vostochny Cosmodrome", "Russia"),
    meeting("2024-06-19", "Putin and Kim Jong Un hold a summit in Pyongyang", "Pyongyang"),
    meeting(
        "2025-09-03",
        "Putin and Kim Jong Un meet in Beijing after the Tiananmen Square parade",
        "Beijing, China",
        differ=True,
    ),
]


def texts(drawing: Drawing) -> list[tuple[Text, float]]:
    """Every piece of text of a drawing, with its font size."""
    found: list[tuple[Text, float]] = [(text, FONT) for _, text in drawing.legend]
    found += [(text, FONT) for _, text in drawing.years]
    found += [(text, SMALL) for _, text, _ in drawing.breaks]
    found += [(mark.label, FONT) for mark in drawing.marks]
    for bar in drawing.bars:
        found += [
            (text, SMALL if drawing.name == "wide" else FONT) for text in (bar.count,) if text
        ]
        found += [
            (text, SMALL if drawing.name == "wide" else FONT) for text in (bar.differ,) if text
        ]
    return found


def assert_inside(drawing: Drawing) -> None:
    """No text reaches past the drawing's edges (as far as its estimated width goes)."""
    for text, size in texts(drawing):
        for number, line in enumerate(text.lines):
            width = text_width(line, size)
            left = {"start": text.x, "middle": text.x - width / 2, "end": text.x - width}
            assert left[text.anchor] >= 0, (drawing.name, line)
            assert left[text.anchor] + width <= drawing.width, (drawing.name, line)
            assert text.y - size + number * 16 >= 0
            assert text.y + number * 16 <= drawing.height


def test_no_meetings_no_drawing() -> None:
    assert draw_timeline([]) is None


def test_one_meeting_is_one_labelled_mark() -> None:
    timeline = drawn(meeting("2024-01-05", "An and Bình meet in Hanoi"))
    assert timeline.mode is Mode.marks
    for drawing in (timeline.wide, timeline.narrow):
        (mark,) = drawing.marks
        assert mark.label.lines == ("2024-01-05", "Hanoi, Vietnam", "An and Bình meet in Hanoi")
        assert mark.label.styles == ("date", "place", "title")
        assert [text.lines for _, text in drawing.years] == [("2024",)]
        assert drawing.breaks == ()
        assert_inside(drawing)


def test_three_meetings_are_labelled_in_the_order_of_their_days() -> None:
    timeline = drawn(SEED[2], SEED[0], SEED[1])
    assert timeline.mode is Mode.marks
    for drawing in (timeline.wide, timeline.narrow):
        assert [mark.meeting for mark in drawing.marks] == SEED
        assert_inside(drawing)
    wide = [mark.x for mark in timeline.wide.marks]
    assert wide == sorted(wide) and len(set(wide)) == 3
    narrow = [mark.y for mark in timeline.narrow.marks]
    assert narrow == sorted(narrow) and len(set(narrow)) == 3
    labels = [mark.label.y for mark in timeline.narrow.marks]
    assert labels == sorted(labels)
    # The whole of each title fits (in at most three lines).
    for mark in timeline.wide.marks:
        title = [
            line
            for line, style in zip(mark.label.lines, mark.label.styles, strict=True)
            if style == "title"
        ]
        assert " ".join(title) == mark.meeting.title


def test_a_mark_stands_at_its_day_within_its_year() -> None:
    timeline = drawn(meeting("2023-01-01"), meeting("2023-07-02"), meeting("2023-12-31"))
    (span,) = make_spans([m.meeting for m in timeline.wide.marks], 0.0, 365.0, 10.0)
    assert [round(span.at(m.meeting.day)) for m in timeline.wide.marks] == [0, 182, 364]


def test_every_year_with_meetings_is_labelled_and_empty_years_are_one_break() -> None:
    timeline = drawn(meeting("2000-03-01"), meeting("2001-05-01"), meeting("2010-02-01"))
    for drawing in (timeline.wide, timeline.narrow):
        assert [text.lines for _, text in drawing.years] == [("2000",), ("2001",), ("2010",)]
        ((span, label, _),) = drawing.breaks
        assert (span.first, span.last) == (2002, 2009)
        # On one line where there is room, else over two lines at the dash.
        expected = ("2002–2009",) if drawing.name == "wide" else ("2002–", "2009")
        assert label.lines == expected
        # Eight empty years take less room than one year with a meeting.
        year = next(span for span, _ in drawing.years)
        assert span.end - span.start < year.end - year.start
        # The axis is broken there: two pieces, the gap between them the break.
        assert len(drawing.axis) == 2
        assert_inside(drawing)


def test_one_empty_year_is_a_break_named_by_its_year() -> None:
    timeline = drawn(meeting("2000-03-01"), meeting("2002-05-01"))
    ((span, label, _),) = timeline.wide.breaks
    assert (span.first, span.last, label.lines) == (2001, 2001, ("2001",))


def test_consecutive_years_are_one_unbroken_axis() -> None:
    timeline = drawn(meeting("2000-03-01"), meeting("2001-05-01"), meeting("2002-01-01"))
    assert len(timeline.wide.axis) == 1 and len(timeline.narrow.axis) == 1
    assert timeline.wide.breaks == () == timeline.narrow.breaks


def boxes(drawing: Drawing) -> list[tuple[float, float, float, float]]:
    """Each mark's label as a box (left, top, right, bottom), by its estimated width."""
    found = []
    for mark in drawing.marks:
        label = mark.label
        right = label.x + max(text_width(line, FONT) for line in label.lines)
        top = label.y - FONT
        found.append((label.x, top, right, top + 16 * len(label.lines)))
    return found


def overlapping(found: list[tuple[float, float, float, float]]) -> bool:
    return any(
        a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
        for i, a in enumerate(found)
        for b in found[i + 1 :]
    )


def test_meetings_on_the_same_day_are_stacked_not_overlapped() -> None:
    timeline = drawn(meeting("2024-06-19", "First"), meeting("2024-06-19", "Second"))
    assert timeline.mode is Mode.marks
    for drawing in (timeline.wide, timeline.narrow):
        assert not overlapping(boxes(drawing))
        first, second = drawing.marks
        assert (first.x, first.y) != (second.x, second.y)
    # In the wide drawing one label hangs below the axis and one stands above it.
    first, second = timeline.wide.marks
    axis_y = timeline.wide.axis[0][1]
    assert (first.label.y > axis_y) != (second.label.y > axis_y)


def test_labels_never_overlap_in_any_small_dossier() -> None:
    rng = random.Random(19)
    for _ in range(200):
        count = rng.randint(1, LABELLED_AT_MOST)
        days = sorted(
            date(rng.randint(1990, 2030), rng.randint(1, 12), rng.randint(1, 28))
            for _ in range(count)
        )
        title = " ".join(["Leaders", "meet"] * rng.randint(1, 12))
        timeline = drawn(
            *(meeting(day.isoformat(), title, differ=rng.random() < 0.3) for day in days)
        )
        for drawing in (timeline.wide, timeline.narrow):
            if drawing.mode is Mode.marks:
                assert not overlapping(boxes(drawing))
            assert_inside(drawing)


def test_when_labels_cannot_fit_the_years_are_counted() -> None:
    # Three on one day: two rows of labels cannot hold them.
    crowded = drawn(*(meeting("2024-06-19", f"Meeting {n}") for n in range(3)))
    assert crowded.mode is Mode.counts
    (bar,) = crowded.wide.bars
    assert bar.count is not None and bar.count.lines == ("3",)
    # More than a drawing should label, however spread out.
    many = [meeting(day.isoformat()) for day in every_few_days(LABELLED_AT_MOST + 1, seed=3)]
    assert drawn(*many).mode is Mode.counts


@pytest.mark.parametrize("count", [300, 1000])
def test_hundreds_of_meetings_are_counted_per_year(count: int) -> None:
    days = every_few_days(count)
    meetings = [meeting(day.isoformat(), differ=number % 3 == 0) for number, day in enumerate(days)]
    timeline = drawn(*meetings)
    assert timeline.mode is Mode.counts
    years = sorted({day.year for day in days})
    for drawing in (timeline.wide, timeline.narrow):
        assert drawing.marks == ()
        assert [bar.span.first for bar in drawing.bars] == years
        assert sum(len(bar.span.meetings) for bar in drawing.bars) == count
        assert sum(bar.span.differ for bar in drawing.bars) == sum(m.differ for m in meetings)
        assert [bar.span.anchor for bar in drawing.bars] == [year_anchor(year) for year in years]
        assert_inside(drawing)
    # Every year's count is written; the bars grow with it.
    wide = timeline.wide
    assert [bar.count.lines for bar in wide.bars if bar.count] == [
        (str(len(bar.span.meetings)),) for bar in wide.bars
    ]
    by_count = sorted(wide.bars, key=lambda bar: len(bar.span.meetings))
    assert [bar.height for bar in by_count] == sorted(bar.height for bar in by_count)
    narrow = timeline.narrow
    assert [bar.count.lines[0] for bar in narrow.bars if bar.count] == [
        f"{len(bar.span.meetings)} meetings" for bar in narrow.bars
    ]
    # Every year is labelled in the narrow drawing, one row each; in the wide one at least
    # every other year.
    assert [text.lines[0] for _, text in narrow.years] == [str(year) for year in years]
    assert len(wide.years) >= len(years) / 2
    assert wide.years[0][1].lines == (str(years[0]),)


def test_a_gap_in_a_large_dossier_is_a_break_too() -> None:
    early = [meeting(day.isoformat()) for day in every_few_days(200, date(1990, 1, 1))]
    late = [meeting(day.isoformat()) for day in every_few_days(200, date(2010, 1, 1))]
    timeline = drawn(*early, *late)
    for drawing in (timeline.wide, timeline.narrow):
        assert [(span.first, span.last) for span, _, _ in drawing.breaks] == [(1995, 2009)]
        assert len(drawing.axis) == 2


def test_a_meeting_whose_sources_differ_is_marked_in_words() -> None:
    timeline = drawn(*SEED)
    for drawing in (timeline.wide, timeline.narrow):
        beijing = drawing.marks[2]
        assert beijing.label.lines[-1] == "Sources differ"
        assert beijing.label.styles[-1] == "differ"
        assert all("differ" not in mark.label.styles for mark in drawing.marks[:2])
        assert ("diamond", "Sources differ") in [
            (shape, text.lines[0]) for shape, text in drawing.legend
        ]
    plain = drawn(*SEED[:2])
    assert [shape for shape, _ in plain.wide.legend] == ["dot"]


def test_a_year_with_differing_meetings_says_how_many() -> None:
    meetings = [meeting(day.isoformat(), differ=day.month == 3) for day in every_few_days(300)]
    timeline = drawn(*meetings)
    for bar in timeline.narrow.bars:
        differing = sum(m.differ for m in bar.span.meetings)
        assert (bar.differ.lines if bar.differ else None) == (
            (str(differing),) if differing else None
        )
        assert bar.tooltip.startswith(f"{bar.span.first}: {len(bar.span.meetings)} meetings")
        if differing:
            assert bar.tooltip.endswith(f", {differing} where sources differ")


def test_wrap_breaks_at_spaces_and_shortens_what_does_not_fit() -> None:
    assert wrap("one two three", 1000, FONT, 1) == ("one two three",)
    lines = wrap("word " * 40, 100, FONT, 3)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert all(text_width(line, FONT) <= 100 for line in lines)
    long = wrap("x" * 80, 100, FONT, 2)
    assert len(long) == 2 and long[0] == "x" * len(long[0]) and long[1].endswith("…")
    # A letter keeps its combining marks (e + U+0302 + U+0301 is one letter: ế).
    decomposed = "e\u0302\u0301" * 40
    for line in wrap(decomposed, 60, FONT, 5):
        assert not line.startswith(("\u0302", "\u0301"))


def test_wrap_closes_on_each_line_the_isolates_it_opens() -> None:
    text = f"{FSI}Hà {RLO}Nội {'city ' * 20}{PDI}, Vietnam"
    lines = wrap(text, 120, FONT, 4)
    assert len(lines) > 1
    for line in lines:
        assert line.count(FSI) == line.count(PDI)
    assert lines[1].startswith(FSI)


def render(timeline: Timeline) -> str:
    environment = make_environment(REPO / "templates")
    url = page_linker("index.html")
    return render_template(environment, "_timeline.html.j2", timeline=timeline, url=url)


def test_the_same_meetings_give_the_same_bytes() -> None:
    meetings = [meeting(day.isoformat()) for day in every_few_days(1000)]
    shuffled = meetings[:]
    random.Random(5).shuffle(shuffled)
    assert render(drawn(*meetings)) == render(drawn(*shuffled))
    assert render(drawn(*SEED)) == render(drawn(*SEED))
    # Positions are printed to a tenth, never with a float's last digits.
    svg = render(drawn(*SEED))
    assert "0000000" not in svg and "9999999" not in svg


def test_the_drawing_is_one_block_for_markdown() -> None:
    """No blank line: the passthrough sets the whole `<div>` aside untouched."""
    for timeline in (drawn(*SEED), drawn(*(meeting(d.isoformat()) for d in every_few_days(300)))):
        block = render(timeline).strip("\n")
        assert "\n\n" not in block
        assert block.startswith("<div") and block.endswith("</div>")


HOSTILE = [
    "<script>alert('title')</script>",
    "\"><svg onload=alert('title')>",
    "' onmouseover='alert(1)' x='",
    f"Kim {RLO}nuJ gnoJ",
    "&lt;i&gt; & <b>bold</b>",
]


def test_hostile_titles_and_places_are_text_in_the_drawing() -> None:
    meetings = [
        meeting(f"202{n}-01-0{n + 1}", title=text, place=text, differ=n == 0)
        for n, text in enumerate(HOSTILE)
    ]
    soup = BeautifulSoup(render(drawn(*meetings)), "html.parser")
    assert soup.find("script") is None and soup.find("b") is None
    assert len(soup.find_all("svg")) == 2
    for element in soup.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")]
        assert set(element.attrs) <= {
            "class", "viewbox", "width", "height", "font-size", "aria-hidden", "focusable",
            "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "d", "points", "dy",
            "text-anchor", "href", "tabindex", "data-search-exclude",
        }  # fmt: skip
    for svg in soup.find_all("svg"):
        for number, link in enumerate(svg.find_all("a")):
            text = HOSTILE[number]
            # The tooltip holds it whole; the label's title lines hold it wrapped.
            tooltip = link.title.get_text().replace(FSI, "").replace(PDI, "")
            assert tooltip == f"202{number}-01-0{number + 1} · {text} · {text}"
            title = [
                tspan.get_text().replace(FSI, "").replace(PDI, "")
                for tspan in link.select("tspan.dossier-chart__title")
            ]
            assert "".join(title).replace(" ", "") == text.replace(" ", "")
            for tspan in link.select("tspan"):
                if RLO in tspan.get_text():  # isolated, so it cannot reorder the rest
                    assert tspan.get_text().startswith(FSI) and tspan.get_text().endswith(PDI)


def test_a_translations_longer_key_wraps_inside_the_drawing() -> None:
    english = load_strings("en")
    longer = {
        "timeline.legend_meeting": "Cuộc gặp giữa các nhà lãnh đạo",
        "timeline.legend_differ": "Các nguồn tin đưa ra những con số khác nhau về cuộc gặp này",
        "timeline.legend_counts": "Số cuộc gặp trong mỗi năm, theo từng năm",
        "timeline.legend_differ_counts": "Các cuộc gặp mà các nguồn tin nói khác nhau về sự kiện",
    }
    activate(dataclasses.replace(english, entries={**english.entries, **longer}))
    large = [meeting(day.isoformat(), differ=True) for day in every_few_days(300)]
    for timeline in (drawn(*SEED), drawn(*large)):
        for drawing in (timeline.wide, timeline.narrow):
            assert_inside(drawing)
            _, (_, second) = drawing.legend
            assert " ".join(second.lines).rstrip("…") in " ".join(longer.values())
            # Below the key: the years, and everything else.
            key_bottom = second.y + (len(second.lines) - 1) * 16
            assert min(text.y for _, text in drawing.years) > key_bottom + FONT
        narrow_first, narrow_second = (text for _, text in timeline.narrow.legend)
        assert narrow_second.y > narrow_first.y  # a row of its own on a phone
