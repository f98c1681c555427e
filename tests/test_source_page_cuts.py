"""The source page shows the cuts the record makes: a list by raw line with each cut's role in
plain words, and a mark on each shown paragraph that a cut touches (the start of its own line,
or the lines right before or after it)."""

from __future__ import annotations

import pytest

from builder.content.models import Cut, CutRole, Paragraph
from builder.site.passages import CutNote, _cut_lines, _cuts_touching
from tests.conftest import Project, sha256, text_of

ONE = "sources/2024-01-05-bao-mau.html"
TWO = "sources/2023-05-an-visits-da-nang.html"


def cut_list(project: Project, page: str) -> list[str]:
    return [text_of(item) for item in project.page(page).select("ul.dossier-cuts li")]


def marks(project: Project, page: str) -> dict[str, list[str]]:
    """Each shown paragraph's position line, with the cut marks on it."""
    return {
        text_of(passage.select_one(".dossier-passage__position")): [
            text_of(item) for item in passage.select(".dossier-passage__cuts li")
        ]
        for passage in project.page(page).select(".dossier-passage")
    }


def test_the_page_lists_every_cut_by_raw_line_in_plain_words(built_tiny: Project) -> None:
    assert cut_list(built_tiny, ONE) == [
        "Raw line 1: headline, whole line",
        "Raw line 3: byline, whole line",
        "Raw line 7: caption, whole line",
        "Raw lines 13-15: site furniture (not article text), whole lines",
    ]
    assert cut_list(built_tiny, TWO) == [
        "Raw line 1: date marker, only the start of the line, date 2023-05",
    ]
    # The prefix is shown exactly, spaces included, as code.
    code = built_tiny.page(TWO).select_one("ul.dossier-cuts code")
    assert code is not None and code.get_text() == " date 2023-05 "
    heading = built_tiny.page(ONE).select_one("h2#cuts-from-the-raw-file")
    assert heading is not None


def test_excerpts_mark_the_shown_paragraphs_a_cut_touches(built_tiny: Project) -> None:
    assert marks(built_tiny, ONE) == {
        "Paragraph 1 of 3": [
            "✂ Cut just before this paragraph: raw line 3, byline",
            "✂ Cut just after this paragraph: raw line 7, caption",
        ],
        "Paragraph 2 of 3": ["✂ Cut just before this paragraph: raw line 7, caption"],
    }
    # Paragraph 2 of article two is not next to its one cut (line 1, paragraph 1).
    assert marks(built_tiny, TWO) == {"Paragraph 2 of 3": []}


def test_a_marker_cut_on_a_shown_paragraphs_own_line_is_marked(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = project.src / "meetings/2023-05-20-da-nang.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8")
        .replace(
            "kind: direct\n    source: 2023-05-an-visits-da-nang\n    text: quan hệ hai bên đang tốt đẹp",
            "kind: reported\n    source: 2023-05-an-visits-da-nang\n    text: đến Đà Nẵng",
        )
        .replace("attribution: ông An nói rằng", "attribution: Ông An"),
        encoding="utf-8",
    )
    assert project.run("build", capsys=capsys).status == 0
    assert marks(project, TWO) == {
        "Paragraph 1 of 3": [
            "✂ Cut from the start of this paragraph's line: raw line 1, date marker date 2023-05"
        ]
    }
    # The paragraph shows what is left of its line; the marker is not in it.
    passage = project.page(TWO).select_one(".dossier-passage > p:last-child")
    assert passage is not None
    assert text_of(passage).startswith("Ông An đến Đà Nẵng ngày 20/5")


def test_full_rights_mark_every_paragraph_next_to_a_cut(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    record = project.src / "sources/2024-01-05-bao-mau.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("rights: excerpts", "rights: full"),
        encoding="utf-8",
    )
    assert project.run("build", capsys=capsys).status == 0
    assert marks(project, ONE) == {
        "Paragraph 1 of 3": [
            "✂ Cut just before this paragraph: raw line 3, byline",
            "✂ Cut just after this paragraph: raw line 7, caption",
        ],
        "Paragraph 2 of 3": ["✂ Cut just before this paragraph: raw line 7, caption"],
        "Paragraph 3 of 3": [
            "✂ Cut just after this paragraph: raw lines 13-15, site furniture (not article text)"
        ],
    }


def test_a_record_without_cuts_says_so(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    article = (
        'Hôm đó ông An nói rằng "quan hệ hai bên đang tốt đẹp" ở Đà Nẵng ngày 20/5, 2023-05.\n'
    )
    project.write("site_src/articles/two.txt", article)
    project.write(
        "site_src/sources/2023-05-an-visits-da-nang.yml",
        f"raw: articles/two.txt\nraw_sha256: {sha256(article)}\nlanguage: vi\n"
        'editorial_title: An visits Da Nang\ndate: "2023-05"\n',
    )
    meeting = project.src / "meetings/2023-05-20-da-nang.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace(
            "participants: [ong-an, ba-binh]", "participants: [ong-an]"
        ),
        encoding="utf-8",
    )
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    assert cut_list(project, TWO) == []
    assert "This record makes no cut." in text_of(project.page(TWO))
    assert marks(project, TWO) == {"Paragraph 1 of 1": []}


def paragraphs(*lines: int) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(number, line, "x") for number, line in enumerate(lines, 1))


@pytest.mark.parametrize(
    ("lines", "cuts", "index", "expected"),
    [
        # Blank lines between a cut and the paragraph do not keep it from touching.
        ((5,), (Cut(lines="1", role=CutRole.headline),), 0, [("1", "before")]),
        # A paragraph in between: the cut touches that one, not this one.
        ((3, 5), (Cut(lines="1", role=CutRole.headline),), 1, []),
        ((3, 5), (Cut(lines="1", role=CutRole.headline),), 0, [("1", "before")]),
        # The nearest cut on each side, whatever its size.
        (
            (5,),
            (
                Cut(lines="1", role=CutRole.headline),
                Cut(lines="3", role=CutRole.byline),
                Cut(lines="7-9", role=CutRole.boilerplate),
            ),
            0,
            [("3", "before"), ("7-9", "after")],
        ),
        (
            (1, 9),
            (Cut(lines="1", role=CutRole.marker, prefix=" date 2024-06 "),),
            0,
            [("1", "start")],
        ),
        (
            (1, 9),
            (Cut(lines="1", role=CutRole.marker, prefix=" date 2024-06 "),),
            1,
            [],
        ),
        # A marker cut that empties its line is a cut line like any other.
        (
            (3,),
            (Cut(lines="1", role=CutRole.marker, prefix=" date 2024-06"),),
            0,
            [("1", "before")],
        ),
        ((3,), (), 0, []),
    ],
)
def test_cuts_touching_a_paragraph(
    lines: tuple[int, ...], cuts: tuple[Cut, ...], index: int, expected: list[tuple[str, str]]
) -> None:
    notes = _cuts_touching(paragraphs(*lines), index, _cut_lines(cuts))
    assert all(isinstance(note, CutNote) for note in notes)
    assert [(note.lines, note.place) for note in notes] == expected
