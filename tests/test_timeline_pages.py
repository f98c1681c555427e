"""The timeline drawing and the previous/next links as a reader gets them: the parsed pages
of the tiny project, of the real dossier (three meetings, Beijing's sources differing) and of
the hostile one."""

from __future__ import annotations

import json
import posixpath

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import Project, text_of
from tests.hostile import P

FSI, PDI = "\u2068", "\u2069"

SEED_MEETINGS = [
    "meetings/2023-09-13-vostochny.html",
    "meetings/2024-06-19-pyongyang.html",
    "meetings/2025-09-03-beijing.html",
]
TINY_MEETINGS = ["meetings/2023-05-20-da-nang.html", "meetings/2024-01-05-hanoi.html"]


def drawings(page: BeautifulSoup) -> list[Tag]:
    chart = page.select_one("div.dossier-chart")
    assert chart is not None
    return chart.find_all("svg", recursive=False)


def resolved(project: Project, from_page: str, href: str) -> str:
    """The site path a relative link leads to, checked to exist."""
    path, _, _ = href.partition("#")
    target = (
        posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
        if path
        else from_page
    )
    assert not href.startswith(("/", "http:", "https:", "file:")), href
    assert (project.site / target).is_file(), f"{from_page}: {href} leads nowhere"
    return target


def plain(text: str) -> str:
    return " ".join(text.replace(FSI, "").replace(PDI, "").split())


def test_the_index_opens_with_the_drawing_above_the_list(built_seed: Project) -> None:
    page = built_seed.page("index.html")
    heading = page.select_one("h2#timeline")
    chart = page.select_one("div.dossier-chart")
    listing = page.select_one("ol.dossier-timeline")
    assert heading is not None and chart is not None and listing is not None
    assert heading.find_next("div") is chart and chart.find_next("ol") is listing
    # Both drawings are in the page; the stylesheet shows one, no script is needed.
    wide, narrow = drawings(page)
    assert wide["class"][0] == "dossier-chart__wide"
    assert narrow["class"][0] == "dossier-chart__narrow"
    assert chart.find("script") is None and chart.find("foreignobject") is None


def test_the_drawing_is_hidden_from_screen_readers_and_the_tab_order(built_seed: Project) -> None:
    """The list below it is the accessible version, with the same links in the same order:
    the drawing's links are not focusable, so that neither a screen reader nor the Tab key
    meets every meeting twice (and aria-hidden content may hold nothing focusable)."""
    page = built_seed.page("index.html")
    listing = page.select("ol.dossier-timeline h3 a")
    for svg in drawings(page):
        assert svg["aria-hidden"] == "true"
        links = svg.find_all("a")
        assert links and all(link["tabindex"] == "-1" for link in links)
        assert [link["href"] for link in links] == [link["href"] for link in listing]


def test_each_seed_meeting_is_a_mark_with_its_date_place_and_title(built_seed: Project) -> None:
    page = built_seed.page("index.html")
    for svg in drawings(page):
        links = svg.find_all("a")
        assert [resolved(built_seed, "index.html", link["href"]) for link in links] == (
            SEED_MEETINGS
        )
        labels = [plain(" ".join(t.get_text() for t in link.select("tspan"))) for link in links]
        assert labels[0].startswith("13 September 2023 Vostochny Cosmodrome, Russia Putin")
        assert labels[1].startswith("19 June 2024 Pyongyang, North Korea Putin")
        assert labels[2].startswith("3 September 2025 Beijing, China Putin")
        years = [plain(text.get_text()) for text in svg.select("text.dossier-chart__year")]
        assert years == ["2023", "2024", "2025"]


def test_beijing_is_marked_as_differing_by_shape_and_words(built_seed: Project) -> None:
    page = built_seed.page("index.html")
    for svg in drawings(page):
        vostochny, pyongyang, beijing = svg.find_all("a")
        assert beijing.select("path.dossier-chart__diamond")
        assert not beijing.select("circle")
        assert beijing.select_one("tspan.dossier-chart__differ").get_text() == "Sources differ"
        for other in (vostochny, pyongyang):
            assert other.select("circle.dossier-chart__dot")
            assert not other.select(".dossier-chart__diamond, .dossier-chart__differ")
        # The key says what the diamond means.
        legend = [plain(text.get_text()) for text in svg.select("text.dossier-chart__legend")]
        assert legend == ["Meeting", "Sources differ"]


def test_the_list_marks_where_each_year_begins(built_seed: Project, built_tiny: Project) -> None:
    for project, expected in (
        (built_seed, ["year-2023", "year-2024", "year-2025"]),
        (built_tiny, ["year-2023", "year-2024"]),
    ):
        items = project.page("index.html").select("ol.dossier-timeline > li")
        assert [item.get("id") for item in items] == expected


def test_the_tiny_project_is_drawn_too(built_tiny: Project) -> None:
    page = built_tiny.page("index.html")
    for svg in drawings(page):
        links = svg.find_all("a")
        assert [resolved(built_tiny, "index.html", link["href"]) for link in links] == (
            TINY_MEETINGS
        )
        titles = [link.title.get_text() for link in links]
        assert titles == [
            "20 May 2023 · Da Nang · An visits Da Nang",
            "5 January 2024 · Hanoi, Vietnam · An and Bình meet in Hanoi",
        ]
        assert not svg.select(".dossier-chart__diamond")  # no sources differ here, no key


def test_the_drawing_is_not_indexed_for_search(built_seed: Project) -> None:
    """The list is indexed; the drawing would only repeat it."""
    index = json.loads((built_seed.site / "search/search_index.json").read_text("utf-8"))
    home = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("index"))
    assert home.count("13 September 2023") == 1
    assert "Meetings a year" not in home and "Meeting Sources differ" not in home


def test_hostile_text_is_text_in_the_drawing(built_hostile: Project) -> None:
    page = built_hostile.page("index.html")
    for svg in drawings(page):
        assert svg.find("script") is None and svg.find("img") is None and svg.find("b") is None
        assert svg.find("svg") is None
        for element in svg.find_all(True):
            assert not [name for name in element.attrs if name.startswith("on")]
        (link,) = svg.find_all("a")
        assert P["title"] in plain(link.title.get_text())
        title = "".join(t.get_text() for t in link.select("tspan.dossier-chart__title"))
        # Wrapped into lines (and shortened with … when too long), never made markup.
        assert plain(title).replace(" ", "").rstrip("…") in P["title"].replace(" ", "")


def sequence(project: Project, relative: str) -> Tag | None:
    return project.page(relative).select_one('nav[aria-label="Meetings in order"]')


@pytest.mark.parametrize("number", [0, 1, 2])
def test_each_meeting_page_links_its_neighbours(built_seed: Project, number: int) -> None:
    relative = SEED_MEETINGS[number]
    nav = sequence(built_seed, relative)
    assert nav is not None
    # Near the top: before the summary.
    assert nav.find_next("h2", id="summary") is not None
    position = text_of(nav.select_one(".dossier-sequence__position"))
    assert position == f"Meeting {number + 1} of 3 in the timeline"
    timeline_link = nav.select_one(".dossier-sequence__position a")
    assert resolved(built_seed, relative, timeline_link["href"]) == "index.html"
    assert timeline_link["href"].endswith("#timeline")
    links = {item["class"][0].removeprefix("dossier-sequence__"): item for item in nav.select("li")}
    expected = {
        "previous": SEED_MEETINGS[number - 1] if number > 0 else None,
        "next": SEED_MEETINGS[number + 1] if number < 2 else None,
    }
    assert set(links) == {which for which, target in expected.items() if target}
    for which, item in links.items():
        link = item.find("a")
        assert resolved(built_seed, relative, link["href"]) == expected[which]
        assert link["rel"] == ["prev" if which == "previous" else "next"]
        # Its date and title, as the neighbour's own page prints them.
        neighbour = built_seed.page(expected[which] or "")
        time = neighbour.select_one("dl.dossier-facts time")
        assert link.time["datetime"] == time["datetime"]
        assert text_of(link) == f"{text_of(time)}: {text_of(neighbour.h1)}"
        assert text_of(item).startswith("Previous " if which == "previous" else "Next ")


def test_the_two_tiny_meetings_point_at_each_other(built_tiny: Project) -> None:
    first, second = TINY_MEETINGS
    first_nav, second_nav = sequence(built_tiny, first), sequence(built_tiny, second)
    assert first_nav is not None and second_nav is not None
    assert [a["href"] for a in first_nav.select("li a")] == ["2024-01-05-hanoi.html"]
    assert [a["href"] for a in second_nav.select("li a")] == ["2023-05-20-da-nang.html"]
    assert text_of(first_nav.select_one("li")) == ("Next 5 January 2024: An and Bình meet in Hanoi")
