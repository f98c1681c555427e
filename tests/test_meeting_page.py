"""What a meeting page says of its quotes: how many, from how many sources, and for each quote
the article's own words that say who speaks (its attribution)."""

from __future__ import annotations

import pytest
import yaml

from tests.conftest import MEETING_ONE, Project, facts_of, text_of

MEETING = "site_src/meetings/2024-01-05-hanoi.md"
PAGE = "meetings/2024-01-05-hanoi.html"
ONE = "2024-01-05-bao-mau"
TWO = "2023-05-an-visits-da-nang"
CHECKED = ", each checked word for word against its article"


def test_the_count_of_quotes_and_of_the_sources_they_come_from(built_tiny: Project) -> None:
    facts = facts_of(built_tiny.page(PAGE))
    assert facts["Quotes"] == "2 quotes from 1 source" + CHECKED
    facts = facts_of(built_tiny.page("meetings/2023-05-20-da-nang.html"))
    assert facts["Quotes"] == "1 quote from 1 source" + CHECKED


@pytest.mark.parametrize(
    ("quote_from_two", "expected"),
    [(False, "2 quotes from 1 source"), (True, "2 quotes from 2 sources")],
)
def test_a_source_that_supplies_no_quote_is_not_counted(
    quote_from_two: bool, expected: str, project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = MEETING_ONE.replace(f"sources: [{ONE}]", f"sources: [{ONE}, {TWO}]")
    if quote_from_two:
        meeting = meeting.replace(
            f'    source: {ONE}\n    text: "hai bên đã đồng ý tăng cường trao đổi"',
            f"    source: {TWO}\n    text: bà mong muốn mở rộng hợp tác kinh tế",
        )
        assert f"source: {TWO}" in meeting
        # The words that give it to her in that article, if the fixture gives attributions.
        meeting = meeting.replace("attribution: Bà Bình cho biết", "attribution: Bà Bình đáp lại")
    project.write(MEETING, meeting.replace(" They spoke", f" They spoke[^{TWO}]"))
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    page = project.page(PAGE)
    assert facts_of(page)["Quotes"] == expected + CHECKED
    assert len(page.select(".dossier-sources li")) == 2


@pytest.mark.parametrize("page", ["meetings/2023-05-20-da-nang.html", "people/ong-an.html"])
def test_a_quote_shows_the_words_that_attribute_it_under_it(page: str, built_tiny: Project) -> None:
    quote = built_tiny.page(page).select_one("article#q-an-relations-good")
    line = quote.select_one(".dossier-quote__attribution")
    assert text_of(line) == "As the article attributes it: «ông An nói rằng»"
    words = line.select_one("[lang]")
    assert words["lang"] == "vi" and text_of(words) == "ông An nói rằng"
    # Under the quoted words, before our translation.
    parts = [child["class"][0] for child in quote.find_all(recursive=False)]
    assert parts.index("dossier-quote__attribution") == parts.index("dossier-quote__text") + 1


def test_a_quote_shows_an_attribution_line_only_when_it_has_an_attribution(
    built_tiny: Project,
) -> None:
    for meeting in sorted((built_tiny.src / "meetings").glob("*.md")):
        front = yaml.safe_load(meeting.read_text(encoding="utf-8").split("---\n")[1])
        page = built_tiny.page(f"meetings/{front['id']}.html")
        for quote in front["quotes"]:
            line = page.select_one(f"#q-{quote['id']} .dossier-quote__attribution")
            if quote.get("attribution"):
                expected = f"As the article attributes it: «{quote['attribution']}»"
                assert text_of(line) == expected
            else:
                assert line is None
    assert "attributes it" in text_of(built_tiny.page("meetings/2023-05-20-da-nang.html"))
