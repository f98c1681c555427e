"""Untrusted text stays text: payloads in every field appear as visible text, never as markup.

The hostile dossier (`tests/hostile.py`) puts script, attribute-breaking, HTML and Markdown
payloads into every text field. Every built page, the search index and the export are checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag
from markupsafe import Markup

from builder.site.render import make_environment
from builder.site.safe_markdown import browser_url
from tests.conftest import Project
from tests.hostile import ABOUT, FIELDS, URL, P

# Where each field must be seen, at least (it may reach more pages).
SHOWN_ON = {
    "index.html": ["title", "summary-line", "venue-name", "city-name"],
    "meetings/evil-meeting.html": [
        "title",
        "venue-name",
        "venue-printed",
        "city-name",
        "city-printed",
        "person-name",
        "quote",
        "translation",
        "attribution",
        "outlet-name",
        "headline",
        "editorial-title-2",
    ],
    "sources/src-one.html": [
        "headline",
        "editorial-title",
        "outlet-name",
        "outlet-printed",
        "author-name",
        "captured-name",
        "captured-printed",
        "cites-name",
        "cites-printed",
        "credit-name",
        "credit-printed",
        "body",
        "quote",
        "title",
    ],
    "sources/src-two.html": ["editorial-title-2", "quote", "outlet-name"],
    "people/evil-speaker.html": [
        "person-name",
        "role",
        "speaker-printed",
        "quote",
        "translation",
        "attribution",
        "title",
    ],
}

SAFE_SCHEMES = {"", "http", "https"}


@pytest.fixture
def hostile(built_hostile: Project) -> Project:
    return built_hostile


def visible(node: Tag | BeautifulSoup) -> str:
    return " ".join(node.get_text().split())


def flat(text: str) -> str:
    return " ".join(text.split())


def pages(project: Project) -> Iterator[tuple[str, BeautifulSoup]]:
    for path in sorted(project.site.rglob("*.html")):
        yield (
            path.relative_to(project.site).as_posix(),
            BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"),
        )


def is_timeline_drawing(element: Tag) -> bool:
    """One of the index's timeline drawings (templates/_timeline.html.j2), which holds the
    payloads as its text; what is inside it is checked like any other element."""
    return element.name == "svg" and element.get("class", [""])[0] in {
        "dossier-chart__wide",
        "dossier-chart__narrow",
    }


def markup_leaks(root: Tag | BeautifulSoup) -> list[str]:
    """Every element or attribute that a payload could have created."""
    leaks = []
    for element in root.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                leaks.append(f"<{element.name} {name}>")
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                url = browser_url(str(value))
                if url is None or urlsplit(url).scheme.lower() not in SAFE_SCHEMES:
                    leaks.append(f"<{element.name} {name}={value!r}>")
        # A JSON-LD block is data, never run (its text: test_open_data.py).
        if (
            element.name == "script"
            and element.get("type") != "application/ld+json"
            and "alert" in element.get_text()
        ):
            leaks.append("<script> with a payload")
        if (
            element.name in {"img", "svg", "b", "iframe", "object", "embed"}
            and "alert" in str(element)
            and not is_timeline_drawing(element)
        ):
            leaks.append(f"<{element.name}> from a payload")
        if element.name == "img" and element.get("src") == "x":
            leaks.append("<img src=x>")
    return leaks


def test_no_page_holds_markup_from_a_payload(hostile: Project) -> None:
    found = {name: markup_leaks(soup) for name, soup in pages(hostile)}
    assert {name: leaks for name, leaks in found.items() if leaks} == {}
    # index, about, 404, the meeting, two sources, the person; and each again in Vietnamese
    # but the 404 page, which is the whole site's
    assert len(found) == 13


@pytest.mark.parametrize("page", sorted(SHOWN_ON))
def test_each_field_is_shown_as_the_text_it_is(hostile: Project, page: str) -> None:
    text = visible(hostile.page(page))
    missing = [field for field in SHOWN_ON[page] if flat(P[field]) not in text]
    assert missing == []


def test_every_field_reaches_some_page(hostile: Project) -> None:
    # The byline is cut from the article text; the source page names the author instead.
    assert {field for fields in SHOWN_ON.values() for field in fields} == set(FIELDS) - {
        "author-printed"
    }


def test_title_and_description_are_the_text_escaped_once(hostile: Project) -> None:
    meeting = hostile.page("meetings/evil-meeting.html")
    assert meeting.title.get_text().startswith(P["title"] + " - ")
    description = meeting.find("meta", attrs={"name": "description"})
    assert description["content"] == P["summary-line"]
    source = hostile.page("sources/src-one.html")
    assert source.title.get_text().startswith(P["headline"] + " - ")
    description = source.find("meta", attrs={"name": "description"})
    assert description["content"] == f"Archived source: {P['outlet-name']}, 5 January 2024"
    person = hostile.page("people/evil-speaker.html")
    assert person.title.get_text().startswith(P["person-name"] + " - ")
    # The footer link's label is read aloud: the title, not its entities.
    index = hostile.page("index.html")
    link = index.select_one("a.md-footer__link--next")
    assert link["aria-label"] == f"Next: {P['title']}"


def test_the_nav_sidebar_shows_the_meeting_title_as_text(hostile: Project) -> None:
    # With navigation.prune, a page's sidebar opens only the section the page is in: the
    # meeting titles are listed on the meeting pages.
    page = hostile.page("meetings/evil-meeting.html")
    titles = [visible(link) for link in page.select("nav.md-nav--primary a")]
    assert flat(P["title"]) in titles


@pytest.mark.parametrize("page", ["index.html", "about.html", "404.html", "sources/src-one.html"])
def test_the_pruned_nav_sidebar_holds_no_markup(hostile: Project, page: str) -> None:
    nav = hostile.page(page).select_one("nav.md-nav--primary")
    assert nav is not None
    assert markup_leaks(nav) == []
    assert "Meetings" in [visible(link) for link in nav.select("a")]


def test_the_search_index_holds_escaped_text(hostile: Project) -> None:
    index = json.loads((hostile.site / "search" / "search_index.json").read_text(encoding="utf-8"))
    shown = []
    for entry in index["docs"]:
        for key in ("title", "text"):
            # Material's search shows these strings as HTML: they must parse to text.
            fragment = BeautifulSoup(entry[key], "html.parser")
            assert markup_leaks(fragment) == [], (entry["location"], key)
            shown.append(visible(fragment))
    everything = " ".join(shown)
    for field in ("title", "quote", "translation", "body", "summary-line", "person-name"):
        assert flat(P[field]) in everything, field


def test_the_export_keeps_the_text_verbatim(hostile: Project) -> None:
    data = json.loads((hostile.site / "dossier.json").read_text(encoding="utf-8"))
    assert data["meetings"][0]["title"] == P["title"]
    assert data["quotes"][0]["text"] == P["quote"]
    assert data["sources"][0]["url"] == URL
    assert data["people"][0]["name"] == P["person-name"]


def test_the_source_url_is_an_attribute_value_only(hostile: Project) -> None:
    source = hostile.page("sources/src-one.html")
    links = [a for a in source.select("dl.dossier-facts a") if a.get("rel")]
    assert [(a["href"], visible(a)) for a in links] == [(URL, flat(URL))]


def test_summary_markdown_works_but_raw_html_and_other_schemes_do_not(hostile: Project) -> None:
    summary = hostile.page("meetings/evil-meeting.html").select_one(".dossier-summary")
    assert [visible(node) for node in summary.select("em")] == ["emphasis"]
    assert [visible(node) for node in summary.select("strong")] == ["strong"]
    assert [
        (visible(a), a["href"]) for a in summary.select("p")[0].find_all("a", recursive=False)
    ] == [
        ("ok", "https://example.com/"),
        ("own", "../people/evil-speaker.html"),
        ("quote", "#q-q-evil"),
        ("said", "../people/evil-speaker.html#q-q-evil-two"),
    ]
    assert len(summary.select("sup a.footnote-ref")) == 2
    text = visible(summary)
    for shown in (
        "<script>alert('summary')</script>",
        "<img src=x onerror=alert('summary')>",
        "{: onclick=alert('summary')}",
        "<javascript:alert('summary')>",
    ):
        assert shown in text
    # Links with another scheme keep their words, lose their target.
    for words in ("bad", "bad2", "bad3", "foo@example.com"):
        assert words in [visible(span) for span in summary.select("span")]


def test_about_page_markdown_is_safe_too(hostile: Project) -> None:
    about = hostile.page("about.html").select_one(".dossier-about")
    assert markup_leaks(about) == []
    assert "<script>alert('about')</script>" in visible(about)
    assert [a["href"] for a in about.select("a")] == ["https://example.com/"]
    assert ABOUT.startswith("# About")


class _Markup(Markup):
    """A Markup subclass with its own idea of its HTML: escaped as `escape` would."""

    def __html__(self) -> str:
        return "<b>own</b>"


class _Text(str):
    __slots__ = ()


class _Number(int):
    def __html__(self) -> str:
        return "<i>number</i>"


class _Rich:
    """Not text at all, but with HTML of its own."""

    def __html__(self) -> str:
        return "<u>rich</u>"

    def __str__(self) -> str:
        return "<u>plain</u>"


PRINTED_VALUES = [
    "<script>alert(\"x\")</script> & 'q'",
    "Phnôm Pênh “quoted”",
    "",
    Markup("<mark>kept</mark>"),
    _Markup("ignored"),
    _Text("<sub>class</sub>"),
    -12,
    True,
    _Number(3),
    _Rich(),
    3.5,
    None,
    ["<li>", 1],
]


def test_our_templates_print_what_jinja_autoescaping_prints() -> None:
    # Our environment (`make_environment`) escapes what templates print as Jinja's own
    # autoescaping does, for every kind of value, in macros, call, set and filter blocks.
    source = (
        "{% for value in values %}[{{ value }}|<a title='{{ value }}'>{{ value ~ '<' }}</a>]"
        "{% endfor %}{% macro m(v) %}({{ v }}){% endmacro %}{{ m(values[0]) }}"
        "{% macro c(v) %}({{ v }}{{ caller() }}){% endmacro %}"
        "{% call c(values[1]) %}<{{ values[0] }}>{% endcall %}"
        "{% set block %}{{ values[0] }}{% endset %}{{ block }}"
        "{% filter upper %}{{ values[0] }}{% endfilter %}{{ values[0] | e }}"
        "{% autoescape false %}{{ values[0] }}{% endautoescape %}"
        "{% autoescape flag %}{{ values[0] }}{% endautoescape %}"
    )
    ours = make_environment(Path("templates")).from_string(source)
    jinjas = jinja2.Environment(autoescape=True).from_string(source)
    for flag in (True, False):
        printed = ours.render(values=PRINTED_VALUES, flag=flag)
        assert printed == jinjas.render(values=PRINTED_VALUES, flag=flag)
        assert "&lt;script&gt;" in printed
