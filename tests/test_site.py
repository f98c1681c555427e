"""The built site as a reader sees it: timeline, meeting, source and person pages, the export."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from builder.pipeline import prepare
from builder.site.passages import LONG_PARAGRAPH
from tests.conftest import (
    ARTICLE_ONE,
    MEETING_ONE,
    REPO,
    Project,
    facts_of,
    files_under,
    source_one,
    text_of,
)
from tests.linkcheck import broken_links


def test_timeline_lists_meetings_oldest_first_with_counts(built_tiny: Project) -> None:
    index = built_tiny.page("index.html")
    items = index.select("ol.dossier-timeline > li")
    assert [text_of(item.select_one("h3")) for item in items] == [
        "An visits Da Nang",
        "An and Bình meet in Hanoi",
    ]
    assert [item.select_one("time")["datetime"] for item in items] == ["2023-05-20", "2024-01-05"]
    assert text_of(items[1].select_one(".dossier-timeline__when")) == (
        "5 January 2024 · Government Guest House, Hanoi, Vietnam"
    )
    assert text_of(items[1].select_one(".dossier-timeline__counts")) == "2 quotes · 1 source"
    assert items[1].select_one("h3 a")["href"] == "meetings/2024-01-05-hanoi.html"
    assert "An and Bình agree to work closely." in text_of(items[1])


def test_meeting_page_shows_each_quote_with_speaker_translation_and_sources(
    built_tiny: Project,
) -> None:
    page = built_tiny.page("meetings/2024-01-05-hanoi.html")
    quote = page.select_one("article#q-an-cooperate")
    assert quote is not None
    speaker = quote.select_one("a.dossier-quote__speaker")
    assert text_of(speaker) == "Ông An"
    assert speaker["href"] == "../people/ong-an.html"
    words = quote.select_one("blockquote")
    assert words["lang"] == "vi"
    assert text_of(words) == "“Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực”"
    assert text_of(quote.select_one(".dossier-quote__translation")) == (
        "Our translation We will cooperate closely in every field"
    )
    assert text_of(quote.select_one(".dossier-kind")) == "Direct quote"
    links = {text_of(a): a["href"] for a in quote.select(".dossier-quote__source a")}
    assert links == {
        "Archived copy at this quote": "../sources/2024-01-05-bao-mau.html#q-an-cooperate",
        # Opened at the words: the first five and the last five of eleven.
        "Original article, at these words": "https://example.com/tin/hai-lanh-dao-gap-nhau"
        "#:~:text=Ch%C3%BAng%20t%C3%B4i%20s%E1%BA%BD%20h%E1%BB%A3p%20t%C3%A1c,"
        "ch%E1%BA%BD%20trong%20m%E1%BB%8Di%20l%C4%A9nh%20v%E1%BB%B1c",
    }
    # Written from the site root, as on the speaker's page, where the same block appears.
    permalink = quote.select_one("a.dossier-permalink")["href"]
    assert permalink == "../meetings/2024-01-05-hanoi.html#q-an-cooperate"
    reported = page.select_one("article#q-binh-exchanges")
    assert text_of(reported.select_one(".dossier-kind")) == "Reported speech"
    assert "paragraph 2 of 3" in text_of(reported)


def test_meeting_page_facts_cite_their_sources(built_tiny: Project) -> None:
    page = built_tiny.page("meetings/2024-01-05-hanoi.html")
    facts = page.select_one("dl.dossier-facts")
    assert facts.select_one("time")["datetime"] == "2024-01-05"
    places = [text_of(item) for item in facts.select(".dossier-place li")]
    assert places == [
        "Venue: Government Guest House (Nhà khách Chính phủ)",
        "City: Hanoi (Hà Nội)",
        "Region: not stated in the source",
        "Country: Vietnam (Việt Nam)",
    ]
    cites = [a["href"] for a in facts.select("a.dossier-cite")]
    assert cites == ["../sources/2024-01-05-bao-mau.html"] * 2
    summary = page.select_one(".dossier-summary")
    assert len(summary.select("sup a.footnote-ref")) == 2
    footnote = summary.select_one("li#fn\\:2024-01-05-bao-mau")
    assert "Báo Mẫu, “Hai lãnh đạo gặp nhau tại Hà Nội”, 5 January 2024" in text_of(footnote)
    assert footnote.select_one("a[href='../sources/2024-01-05-bao-mau.html']") is not None


def test_meeting_without_url_says_so(built_tiny: Project) -> None:
    page = built_tiny.page("meetings/2023-05-20-da-nang.html")
    source = page.select_one("article#q-an-relations-good .dossier-quote__source")
    assert "original URL not recorded in the article text" in text_of(source)
    assert [a["href"] for a in source.select("a")] == [
        "../sources/2023-05-an-visits-da-nang.html#q-an-relations-good"
    ]


def test_source_page_excerpts_show_only_quoted_paragraphs_highlighted(built_tiny: Project) -> None:
    page = built_tiny.page("sources/2024-01-05-bao-mau.html")
    passages = page.select(".dossier-passage")
    assert [text_of(p.select_one(".dossier-passage__position")) for p in passages] == [
        "Paragraph 1 of 3",
        "Paragraph 2 of 3",
    ]
    marks = [text_of(mark) for mark in page.select(".dossier-article mark")]
    assert marks == [
        "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực",
        "hai bên đã đồng ý tăng cường trao đổi",
    ]
    assert page.select_one("#q-an-cooperate") is not None
    article = " ".join(page.select_one(".dossier-article").get_text().split())
    # Display fix: a space after the run-together full stop, only when shown.
    assert "trao đổi. Theo kế hoạch" in article
    assert "Cuộc gặp kéo dài" not in article  # an unquoted paragraph stays out
    assert "Đọc tiếp" not in article and "Ảnh: Reuters" not in article


def test_source_page_metadata(built_tiny: Project) -> None:
    facts = facts_of(built_tiny.page("sources/2024-01-05-bao-mau.html"))
    assert facts["Outlet"] == "Báo Mẫu (printed as “Báo Mẫu”)"
    assert facts["Date"] == "5 January 2024 (precision: day)"
    assert facts["Original URL"] == "https://example.com/tin/hai-lanh-dao-gap-nhau"
    assert facts["Cites for its words"] == "Reuters (“Reuters”)"
    assert facts["Photo and video credits"] == "Reuters (photo)"
    assert facts["Raw file SHA-256"] == built_tiny_sha(built_tiny)
    other = facts_of(built_tiny.page("sources/2023-05-an-visits-da-nang.html"))
    assert other["Headline"] == "no headline in the article"
    assert other["Outlet"] == "not named in the article"
    assert other["Date"] == "May 2023 (precision: month)"
    assert other["Original URL"] == "original URL not recorded in the article text"


def built_tiny_sha(project: Project) -> str:
    import hashlib

    return hashlib.sha256((project.src / "articles/one.txt").read_bytes()).hexdigest()


def test_person_page_lists_quotes_across_meetings(built_tiny: Project) -> None:
    page = built_tiny.page("people/ong-an.html")
    assert text_of(page.select_one("h1")) == "Ông An"
    quote_ids = [article["id"] for article in page.select("article.dossier-quote")]
    assert quote_ids == ["q-an-relations-good", "q-an-cooperate"]
    groups = [text_of(h) for h in page.select("h3.dossier-group")]
    assert groups == ["An visits Da Nang, 20 May 2023", "An and Bình meet in Hanoi, 5 January 2024"]


def test_a_quote_block_is_the_same_on_its_meeting_and_speaker_pages(built_tiny: Project) -> None:
    """Rendered once for both pages: its links hold from either, as both are one folder down."""
    on_person = built_tiny.page("people/ong-an.html").select_one("article#q-an-cooperate")
    on_meeting = built_tiny.page("meetings/2024-01-05-hanoi.html").select_one(
        "article#q-an-cooperate"
    )
    assert str(on_person) == str(on_meeting)
    assert [a["href"] for a in on_person.select("a")] == [
        "../people/ong-an.html",
        "../meetings/2024-01-05-hanoi.html#q-an-cooperate",
        "../sources/2024-01-05-bao-mau.html#q-an-cooperate",
        "https://example.com/tin/hai-lanh-dao-gap-nhau"
        "#:~:text=Ch%C3%BAng%20t%C3%B4i%20s%E1%BA%BD%20h%E1%BB%A3p%20t%C3%A1c,"
        "ch%E1%BA%BD%20trong%20m%E1%BB%8Di%20l%C4%A9nh%20v%E1%BB%B1c",
    ]


def test_export_matches_schema_and_content(built_tiny: Project) -> None:
    data = json.loads((built_tiny.site / "dossier.json").read_text(encoding="utf-8"))
    schema = json.loads((built_tiny.site / "dossier.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(
        (REPO / "schema" / "dossier.schema.json").read_text(encoding="utf-8")
    )
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert [m["id"] for m in data["meetings"]] == ["2023-05-20-da-nang", "2024-01-05-hanoi"]
    hanoi = data["meetings"][1]
    assert hanoi["place"]["region"] is None
    assert hanoi["page"] == "meetings/2024-01-05-hanoi.html"
    quote = next(q for q in data["quotes"] if q["id"] == "an-cooperate")
    assert quote["page"] == "meetings/2024-01-05-hanoi.html#q-an-cooperate"
    assert quote["source_page"] == "sources/2024-01-05-bao-mau.html#q-an-cooperate"
    two = next(s for s in data["sources"] if s["id"] == "2023-05-an-visits-da-nang")
    assert (two["date"], two["date_precision"], two["url"], two["title"], two["outlet"]) == (
        "2023-05",
        "month",
        None,
        None,
        None,
    )


def test_untrusted_text_is_escaped(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>"><svg onload=alert(1)>'
    meeting = (project.src / "meetings/2024-01-05-hanoi.md").read_text(encoding="utf-8")
    meeting = meeting.replace(
        "title: An and Bình meet in Hanoi", f"title: '{payload} [x](javascript:alert(1))'"
    )
    meeting = meeting.replace(
        "translation: We will cooperate closely in every field", f"translation: '{payload}'"
    )
    meeting = meeting.replace(
        "They spoke for two hours.", f"They spoke {payload} [x](javascript:alert(1))."
    )
    project.write("site_src/meetings/2024-01-05-hanoi.md", meeting)
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    for page in ("index.html", "meetings/2024-01-05-hanoi.html", "people/ong-an.html"):
        soup = project.page(page)
        # A JSON-LD block is data, never run (its text: test_open_data.py).
        assert (
            soup.find(
                "script",
                string=lambda s: s and "alert" in s,
                type=lambda t: t != "application/ld+json",
            )
            is None
        )
        assert soup.find("img", attrs={"onerror": True}) is None
        assert soup.find("svg", attrs={"onload": True}) is None
        assert not soup.select("a[href^='javascript']")
        assert "<script>alert(1)</script>" in soup.get_text()
    title = project.page("meetings/2024-01-05-hanoi.html").title
    assert "<script>alert(1)</script>" in title.get_text()


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed", "built_hostile"])
def test_no_broken_internal_link_or_anchor(fixture: str, request: pytest.FixtureRequest) -> None:
    project: Project = request.getfixturevalue(fixture)
    assert broken_links(project.site) == []


def test_full_rights_show_the_whole_text_captions_and_the_raw_file(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    record = project.src / "sources/2024-01-05-bao-mau.yml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("rights: excerpts", "rights: full"),
        encoding="utf-8",
    )
    assert project.run("build", capsys=capsys).status == 0
    page = project.page("sources/2024-01-05-bao-mau.html")
    positions = [text_of(p) for p in page.select(".dossier-passage__position")]
    assert positions == ["Paragraph 1 of 3", "Paragraph 2 of 3", "Paragraph 3 of 3"]
    assert [text_of(li) for li in page.select(".dossier-captions li")] == [
        "Hai lãnh đạo bắt tay nhau. Ảnh: Reuters"
    ]
    download = page.find("a", string="download the raw file")
    assert download["href"] == "../raw/2024-01-05-bao-mau.txt"
    assert (project.site / "raw/2024-01-05-bao-mau.txt").read_bytes() == (
        project.src / "articles/one.txt"
    ).read_bytes()


def test_excerpts_offer_no_raw_file(built_tiny: Project) -> None:
    assert not (built_tiny.site / "raw").exists()
    assert (
        built_tiny.page("sources/2024-01-05-bao-mau.html").find("a", string="download the raw file")
        is None
    )


def test_two_builds_of_the_same_input_are_byte_identical(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert project.run("build", capsys=capsys).status == 0
    first = project.snapshot()
    assert project.run("build", "--out", str(project.root / "again"), capsys=capsys).status == 0
    second = files_under(project.root / "again")
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


NOTHING_TO_BUILD = """
import sys
from builder.cli import main
status = main(["build", "--root", sys.argv[1]])
heavy = ("builder.", "pydantic", "jinja2", "markdown", "yaml", "mkdocs", "material")
print(" ".join(sorted(name for name in sys.modules if name.startswith(heavy))))
sys.exit(status)
"""


def test_a_build_with_nothing_to_do_says_so_and_imports_none_of_the_stages(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert project.run("build", capsys=capsys).status == 0
    before = project.snapshot()
    again = subprocess.run(
        [sys.executable, "-c", NOTHING_TO_BUILD, str(project.root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    said, imported = again.stdout.splitlines()
    assert said.startswith("dossier build: up to date (2 meetings, 2 sources, 3 quotes verified)")
    assert f"{project.site} is unchanged" in said
    # Only the command, the stamp and what they need (the engine's name and packages, for the
    # stamp): no stage, no pydantic, Jinja or MkDocs.
    assert imported.split() == [
        "builder.cli",
        "builder.content",
        "builder.content.limits",
        "builder.engine",
        "builder.engine.mkdocs_material",
        "builder.lock",
        "builder.problems",
        "builder.publish",
        "builder.stamp",
        "builder.timings",
    ]
    assert project.snapshot() == before


def test_search_indexes_quotes_on_meeting_pages_not_again_on_person_pages(
    built_tiny: Project,
) -> None:
    index = json.loads((built_tiny.site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"meetings/2024-01-05-hanoi.html", "sources/2024-01-05-bao-mau.html"} <= locations
    assert not any(location.startswith("people/") for location in locations)


def test_a_long_paragraph_shows_only_its_quoted_sentences_with_the_gaps_marked(
    project: Project, tmp_path: Path
) -> None:
    # Excerpts of a paragraph over LONG_PARAGRAPH characters: the sentences holding a quote,
    # with `[…]` where text was left out, before, between and after them.
    filler = "Trời hôm nay rất đẹp và mọi người đều vui vẻ. " * 8
    long_line = (
        f"{filler}Bà Bình cho biết hai bên đã đồng ý tăng cường trao đổi. {filler}"
        f"Theo kế hoạch của Bà Bình, cuộc gặp tiếp theo sẽ diễn ra vào tháng sau. "
        f"{filler.strip()}"
    )
    assert len(long_line) > LONG_PARAGRAPH
    article = ARTICLE_ONE.replace(
        "Bà Bình cho biết hai bên đã đồng ý tăng cường trao đổi.Theo kế hoạch, cuộc gặp tiếp "
        "theo sẽ diễn ra vào tháng sau.",
        long_line,
    )
    project.write("site_src/articles/one.txt", article)
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(article))
    front, _, summary = MEETING_ONE.rpartition("---\n")
    next_meeting = """  - id: binh-next-meeting
    speaker: ba-binh
    kind: reported
    source: 2024-01-05-bao-mau
    text: cuộc gặp tiếp theo sẽ diễn ra vào tháng sau
    translation: the next meeting will take place next month
    attribution: Bà Bình
"""
    project.write("site_src/meetings/2024-01-05-hanoi.md", f"{front}{next_meeting}---\n{summary}")
    prepare(project.root, tmp_path / "docs")
    page = BeautifulSoup(
        (tmp_path / "docs/sources/2024-01-05-bao-mau.md").read_text(encoding="utf-8"),
        "html.parser",
    )
    passage = page.select_one("#p-2")
    assert text_of(passage.select_one(".dossier-passage__position")) == "Paragraph 2 of 3"
    shown = passage.select("p")[1]
    assert text_of(shown) == (
        "[…] Bà Bình cho biết hai bên đã đồng ý tăng cường trao đổi. […] "
        "Theo kế hoạch của Bà Bình, cuộc gặp tiếp theo sẽ diễn ra vào tháng sau. […]"
    )
    assert [text_of(mark) for mark in shown.select("mark")] == [
        "hai bên đã đồng ý tăng cường trao đổi",
        "cuộc gặp tiếp theo sẽ diễn ra vào tháng sau",
    ]
    assert [anchor["id"] for anchor in shown.select(".dossier-anchor")] == [
        "q-binh-exchanges",
        "q-binh-next-meeting",
    ]
    assert "Trời hôm nay" not in text_of(page)
