"""Footnote markers on meeting pages: told apart, in number order, and never a dangling note.

Numbers are given in the order sources are first cited. Markers that touch (`[^b][^a]`) are
shown in number order with a comma between them (`¹,²`, never `²¹` or `¹²`), in the page, in
the search index and in the text a reader copies. A source of the meeting that the summary
does not cite is listed with the sources, not as a footnote whose back link leads nowhere.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup, Tag

from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from builder.site.links import site_anchors
from builder.site.safe_markdown import render_markdown
from tests.conftest import MEETING_ONE, Project, text_of
from tests.linkcheck import broken_links

MEETING = "site_src/meetings/2024-01-05-hanoi.md"
PAGE = "meetings/2024-01-05-hanoi.html"
ONE = "2024-01-05-bao-mau"
TWO = "2023-05-an-visits-da-nang"
SUMMARY = MEETING_ONE[MEETING_ONE.index("---\n", 4) + 4 :]


def meeting_with(summary: str, sources: str = f"[{ONE}, {TWO}]") -> str:
    """Meeting one with other sources and another summary."""
    text = MEETING_ONE.replace(f"sources: [{ONE}]", f"sources: {sources}")
    assert text != MEETING_ONE or sources == f"[{ONE}]"
    return text.replace(SUMMARY, summary)


def build(project: Project, capsys: pytest.CaptureFixture[str]) -> BeautifulSoup:
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    return project.page(PAGE)


def markers(paragraph: Tag) -> list[tuple[str, str]]:
    """Each footnote marker of a paragraph: (its text, the note it links to)."""
    return [
        (sup.get_text(), str(sup.select_one("a.footnote-ref")["href"]))
        for sup in paragraph.select("sup")
    ]


def notes(page: BeautifulSoup) -> list[str]:
    """The ids of the footnotes, in the order they are listed (their numbers)."""
    return [str(item["id"]) for item in page.select(".dossier-summary .footnote ol > li")]


# The summary as plain text takes the fast path; with emphasis it goes through Markdown.
@pytest.mark.parametrize("emphasis", ["", "*"])
def test_adjacent_markers_are_in_number_order_and_separated(
    emphasis: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = (
        f"They met in {emphasis}Hanoi{emphasis}.[^{ONE}] They spoke.[^{TWO}][^{ONE}]\n\n"
        f"They agreed.[^{ONE}][^{TWO}][^{ONE}] They left.[^{TWO}] [^{ONE}]\n"
    )
    project.write(MEETING, meeting_with(summary))
    page = build(project, capsys)
    first, second = page.select(".dossier-summary > p")
    # ONE is cited first: it is 1, TWO is 2, whatever the order of the sources list.
    assert markers(first) == [("1", f"#fn:{ONE}"), ("1", f"#fn:{ONE}"), (",2", f"#fn:{TWO}")]
    assert markers(second) == [
        ("1", f"#fn:{ONE}"),
        (",1", f"#fn:{ONE}"),
        (",2", f"#fn:{TWO}"),
        ("2", f"#fn:{TWO}"),  # a space between two markers: they do not touch
        ("1", f"#fn:{ONE}"),
    ]
    assert text_of(first) == "They met in Hanoi.1 They spoke.1,2"
    assert text_of(second) == "They agreed.1,1,2 They left.2 1"
    assert notes(page) == [f"fn:{ONE}", f"fn:{TWO}"]
    # Each marker's id is where a back link of its note leads.
    back = {str(a["href"]) for a in page.select(".footnote a.footnote-backref")}
    assert back == {f"#{sup['id']}" for sup in page.select(".dossier-summary > p sup")}
    assert broken_links(project.site) == []
    index = json.loads((project.site / "search/search_index.json").read_text(encoding="utf-8"))
    (summary_entry,) = [doc for doc in index["docs"] if doc["location"] == f"{PAGE}#summary"]
    searched = re.sub(r"<[^>]*>", "", summary_entry["text"])
    assert "They spoke.1,2" in searched and "They agreed.1,1,2" in searched


def test_numbers_follow_first_citation_not_the_sources_list(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = f"They met.[^{TWO}] They spoke.[^{ONE}][^{TWO}]\n"
    project.write(MEETING, meeting_with(summary))
    page = build(project, capsys)
    (paragraph,) = page.select(".dossier-summary > p")
    assert markers(paragraph) == [("1", f"#fn:{TWO}"), ("1", f"#fn:{TWO}"), (",2", f"#fn:{ONE}")]
    assert notes(page) == [f"fn:{TWO}", f"fn:{ONE}"]
    assert "An visits Da Nang (title ours)" in text_of(page.select_one(f"li#fn\\:{TWO}"))


@pytest.mark.parametrize("emphasis", ["", "*"])
def test_a_source_no_sentence_cites_is_listed_without_a_dangling_footnote(
    emphasis: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = f"They met in {emphasis}Hanoi{emphasis}.[^{ONE}] They spoke.[^{ONE}]\n"
    project.write(MEETING, meeting_with(summary, f"[{TWO}, {ONE}]"))
    page = build(project, capsys)
    assert notes(page) == [f"fn:{ONE}"]
    assert page.select_one(f"#fn\\:{TWO}") is None
    listed = [str(a["href"]) for a in page.select(".dossier-sources a")]
    assert listed == [f"../sources/{TWO}.html", f"../sources/{ONE}.html"]
    ids = {str(tag["id"]) for tag in page.select("[id]")}
    for link in page.select("a.footnote-backref, a.footnote-ref"):
        assert str(link["href"]).removeprefix("#") in ids
    # The link checker, run on the old pages, reported `#fnref:2023-05-…: no anchor`.
    assert broken_links(project.site) == []
    # The anchors the build lets editors link to are all on the page.
    dossier, problems = load_dossier(project.root)
    verified, problems = validate_dossier(dossier)
    assert problems == []
    allowed = site_anchors(verified)[PAGE]
    assert f"fn:{TWO}" not in allowed and f"fnref:{TWO}" not in allowed
    assert allowed <= ids


def test_a_link_to_the_footnote_of_an_uncited_source_is_an_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = f"They met in Hanoi.[^{ONE}] They spoke, [see](#fn:{TWO}).[^{ONE}]\n"
    text = meeting_with(summary)
    project.write(MEETING, text)
    line = text[: text.index("They spoke, [see]")].count("\n") + 1
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[0].startswith(
        f"{MEETING}:{line}: link '#fn:{TWO}' goes to #fn:{TWO}, which is not on {PAGE} (anchors "
    )


def test_the_about_page_lists_an_uncited_footnote_without_a_back_link() -> None:
    html = render_markdown("Said.[^b][^a]\n\n[^a]: A.\n\n[^c]: C.\n\n[^b]: B.\n", "about.html")
    page = BeautifulSoup(html, "html.parser")
    assert [sup.get_text() for sup in page.select("p sup")] == ["1", ",2"]
    assert [str(li["id"]) for li in page.select("li")] == ["fn:b", "fn:a", "fn:c"]
    assert page.select_one("li#fn\\:c a") is None
    assert text_of(page.select_one("li#fn\\:c")) == "C."
    ids = {str(tag["id"]) for tag in page.select("[id]")}
    assert all(str(a["href"])[1:] in ids for a in page.select("a"))


@pytest.mark.parametrize(
    "text",
    [
        "X.[^b][^a]\n\n[^a]:\n\n[^b]: B.\n",  # an empty note (Python-Markdown's own reordering fails)
        "X.[^a][^a][^a]\n\n[^a]: A.[^b]\n\n[^b]: B.\n",  # a note cited by a note
        "X.[^zz][^a]\n\n[^a]: A.\n",  # a marker for no note is text
        "[^a]: A.\n\n1. x.[^a]\n",  # the notes' block holds a list of its own
        "X.[^a]\n\n[^a]:\n    1. one\n    2. two\n",
    ],
)
def test_odd_footnotes_render_with_every_back_link_leading_somewhere(text: str) -> None:
    for drop in (False, True):
        page = BeautifulSoup(
            render_markdown(text, "about.html", drop_uncited_notes=drop), "html.parser"
        )
        ids = {str(tag["id"]) for tag in page.select("[id]")}
        assert all(str(a["href"])[1:] in ids for a in page.select("a")), text
        numbers = [a.get_text() for a in page.select("a.footnote-ref")]
        assert numbers == sorted(numbers, key=int) or "[^a][^a][^a]" in text, numbers
