"""Statements, claims, organisations and a quote's chain, as the site shows them (issue 18):
a tiny dossier in `tmp_path` built with the real pipeline and MkDocs, its pages parsed.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from builder.cli import main
from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from builder.site.render import make_environment
from builder.site.strings import activate, load_strings
from builder.site.tree import render_site
from builder.site.views import language_name
from builder.site.wording import Run, differing_runs
from tests.conftest import (
    MEETING_ONE,
    PEOPLE,
    REPO,
    Project,
    make_project,
    sha256,
    source_one,
    text_of,
)

ONE = "2024-01-05-bao-mau"
THREE = "2024-01-05-three"
FOUR = "2024-01-05-english"
MEETING = "site_src/meetings/2024-01-05-hanoi.md"
PAGE = "meetings/2024-01-05-hanoi.html"

ARTICLE_THREE = """Ông An cam kết hợp tác

05/01/2024

Phóng viên hỏi về kế hoạch hợp tác.

Ông An nói: “Chúng tôi sẽ làm mọi điều có thể để hợp tác chặt chẽ”.

Cuộc gặp kéo dài hơn 1 giờ tại Hà Nội.
"""

SOURCE_THREE = f"""raw: articles/three.txt
raw_sha256: {sha256(ARTICLE_THREE)}
language: vi
headline: Ông An cam kết hợp tác
editorial_title: An pledges cooperation
date: 2024-01-05
cuts:
  - {{lines: "1", role: headline}}
  - {{lines: "3", role: dateline}}
"""

ARTICLE_FOUR = """An and Binh meet

The Sample Times | 05/01/2024

Mr An said: "We will cooperate closely in every field".
"""

SOURCE_FOUR = f"""raw: articles/four.txt
raw_sha256: {sha256(ARTICLE_FOUR)}
language: en-GB
headline: An and Binh meet
editorial_title: An and Binh meet (English)
outlet: {{name: The Sample Times, printed: The Sample Times}}
date: 2024-01-05
cuts:
  - {{lines: "1", role: headline}}
  - {{lines: "3", role: byline}}
"""

QUOTES_ADDED = f"""  - id: an-cooperate-three
    speaker: ong-an
    kind: direct
    source: {THREE}
    text: "Chúng tôi sẽ làm mọi điều có thể để hợp tác chặt chẽ"
    translation: We will do everything possible to cooperate closely
    attribution: Ông An nói
    context:
      text: Phóng viên hỏi về kế hoạch hợp tác
      translation: A reporter asked about the plans for cooperation
  - id: an-cooperate-english
    speaker: ong-an
    kind: direct
    source: {FOUR}
    text: We will cooperate closely in every field
    attribution: Mr An said
"""

STATEMENTS_AND_CLAIMS = f"""statements:
  - id: an-pledge
    speaker: ong-an
    gist: An pledged close cooperation.
    quotes: [an-cooperate, an-cooperate-three]
claims:
  - id: talks-length
    subject: the length of the talks
    values:
      - {{source: {ONE}, value: two hours, printed: hai giờ}}
      - {{source: {THREE}, value: more than an hour, printed: hơn 1 giờ}}
    note: One source may count only the closed-door talks.
  - id: talks-city
    subject: the city
    values:
      - {{source: {ONE}, value: Hanoi, printed: Hà Nội}}
      - {{source: {THREE}, value: "  HANOI", printed: Hà Nội}}
  - id: an-pledge-headline
    subject: what An pledged
    values:
      - {{source: {THREE}, value: cooperation, printed: cam kết hợp tác, where: headline}}
"""


def statement_meeting(claims: str = STATEMENTS_AND_CLAIMS) -> str:
    """The tiny Hanoi meeting with sources three and four, their quotes, and `claims`."""
    meeting = MEETING_ONE.replace(f"sources: [{ONE}]", f"sources: [{ONE}, {THREE}, {FOUR}]")
    meeting = meeting.replace(
        "    attribution: Ông An nói\n",
        "    attribution: Ông An nói\n    via: Reuters\n",
        1,
    )
    head, body = meeting.split("\n---\n", 1)
    return head + "\n" + QUOTES_ADDED + claims + "---\n" + body


def write_statement_project(project: Project, claims: str = STATEMENTS_AND_CLAIMS) -> Project:
    project.write("site_src/articles/three.txt", ARTICLE_THREE)
    project.write(f"site_src/sources/{THREE}.yml", SOURCE_THREE)
    project.write("site_src/articles/four.txt", ARTICLE_FOUR)
    project.write(f"site_src/sources/{FOUR}.yml", SOURCE_FOUR)
    people = PEOPLE.replace(
        'printed_names: ["Ông An", "ông An"]',
        'printed_names: ["Ông An", "ông An", "Mr An"]\n    language: vi',
    )
    project.write("site_src/people.yml", people)
    project.write(MEETING, statement_meeting(claims))
    return project


@pytest.fixture(scope="module")
def built_statements(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """The tiny dossier with a statement, claims (one differing), a source in English."""
    project = write_statement_project(
        make_project(tmp_path_factory.mktemp("statements") / "project")
    )
    assert main(["build", "--root", str(project.root)]) == 0
    yield project


# The words that differ -----------------------------------------------------------------


def marked(runs: list[Run]) -> list[str]:
    return [run.text for run in runs if run.marked]


def test_the_words_of_two_renderings_that_differ_are_marked_exactly() -> None:
    first, second = differing_runs(["mọi thứ có thể để hỗ trợ", "làm mọi điều có thể"])
    assert marked(first) == ["thứ", "để hỗ trợ"]
    assert marked(second) == ["làm", "điều"]
    assert "".join(run.text for run in first) == "mọi thứ có thể để hỗ trợ"
    assert "".join(run.text for run in second) == "làm mọi điều có thể"


def test_words_are_compared_without_case_but_with_their_accents() -> None:
    first, second = differing_runs(["Mọi thứ, có thể", "mọi THỨ có thể."])
    assert marked(first) == marked(second) == []
    first, second = differing_runs(["mọi người", "mỗi người"])
    assert (marked(first), marked(second)) == (["mọi"], ["mỗi"])
    # Decomposed accents are the same word as composed ones (NFC).
    first, second = differing_runs(["mo\u0323i người", "mọi người"])
    assert marked(first) == marked(second) == []


def test_a_word_is_unmarked_only_when_every_other_rendering_has_it_there() -> None:
    runs = differing_runs(["a b c", "a b d", "a x c"])
    assert [marked(item) for item in runs] == [["b c"], ["b d"], ["x c"]]
    assert differing_runs(["one alone"]) == [[Run("one alone", False)]]
    assert differing_runs(["a b", "a b"]) == [[Run("a b", False)], [Run("a b", False)]]


def test_punctuation_and_spaces_between_marked_words_are_kept_as_printed() -> None:
    first, _ = differing_runs(["x, «y»  z!", "x"])
    assert first == [Run("x, «", False), Run("y»  z", True), Run("!", False)]


def test_the_marks_are_the_same_on_every_run() -> None:
    texts = ["Chúng tôi sẽ làm mọi điều có thể", "chúng tôi làm mọi thứ có thể", "làm mọi việc"]
    assert differing_runs(texts) == differing_runs(list(texts))


# The meeting page ------------------------------------------------------------------------


def test_a_statement_is_one_block_where_its_first_rendering_stands(
    built_statements: Project,
) -> None:
    page = built_statements.page(PAGE)
    quotes = page.select_one("div.dossier-quotes")
    top = [child.get("id") for child in quotes.find_all(["article", "section"], recursive=False)]
    # an-cooperate (first rendering) came first; the statement stands in its place, and its
    # other rendering (an-cooperate-three, after binh-exchanges) is not repeated.
    assert top == ["s-an-pledge", "q-binh-exchanges", "q-an-cooperate-english"]
    statement = page.select_one("section#s-an-pledge")
    head = statement.select_one(".dossier-statement__head")
    assert (
        text_of(head.select_one(".dossier-statement__gist"))
        == "Our gist An pledged close cooperation."
    )
    meta = text_of(head.select_one(".dossier-statement__meta"))
    assert meta == "Said by Ông An · reported by 2 of this meeting's 3 sources #"
    assert head.select_one("a.dossier-permalink")["href"] == f"../{PAGE}#s-an-pledge"
    renderings = statement.select("article.dossier-quote")
    assert [item["id"] for item in renderings] == ["q-an-cooperate", "q-an-cooperate-three"]
    for rendering in renderings:  # each keeps its own permalink and verification
        permalink = rendering.select_one("a.dossier-permalink")["href"]
        assert permalink == f"../{PAGE}#{rendering['id']}"
        assert "Archived copy at this quote" in text_of(rendering)
        assert text_of(rendering.select_one(".dossier-kind")) == "Direct quote"
    assert len(page.select("article#q-an-cooperate-three")) == 1


def test_the_words_that_differ_are_marked_in_each_rendering(built_statements: Project) -> None:
    page = built_statements.page(PAGE)

    def marks(quote_id: str) -> list[str]:
        found = page.select(f"#q-{quote_id} blockquote mark.dossier-diff")
        for mark in found:
            # Said before the words by the stylesheet (`::before`), not written in them.
            assert mark["data-label"] == "differs:"
            assert mark["title"] == "Not in every rendering of this statement"
        return [text_of(mark) for mark in found]

    assert marks("an-cooperate") == ["trong mọi lĩnh vực"]
    assert marks("an-cooperate-three") == ["làm mọi điều có thể để"]
    # The words, read whole, are the quote as printed.
    words = page.select_one("#q-an-cooperate-three blockquote bdi")
    assert text_of(words) == "Chúng tôi sẽ làm mọi điều có thể để hợp tác chặt chẽ"
    # A quote in no statement has no mark.
    assert page.select("#q-binh-exchanges mark") == []


def test_a_quote_in_no_statement_renders_as_it_did(built_tiny: Project) -> None:
    quote = built_tiny.page(PAGE).select_one("article#q-an-cooperate")
    words = quote.select_one("blockquote.dossier-quote__text")
    assert str(words) == (
        '<blockquote class="dossier-quote__text" lang="vi"><p>“<bdi>Chúng tôi sẽ hợp tác chặt chẽ '
        "trong mọi lĩnh vực</bdi>”</p></blockquote>"
    )
    assert built_tiny.page(PAGE).select(".dossier-statement, .dossier-differ, #claims") == []


HOSTILE_ONE = "Ông An nói: “<script>alert(1)</script> &amp; mọi \u202eđiều\u202c có thể”."
HOSTILE_THREE = "Ông An nói: “<script>alert(2)</script> &amp; mọi thứ có thể”."


def test_hostile_words_in_a_rendering_stay_text_when_marked(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import ARTICLE_ONE

    article_one = ARTICLE_ONE.replace(
        "Cuộc gặp kéo dài hai giờ", HOSTILE_ONE + "\n\nCuộc gặp kéo dài hai giờ"
    )
    # The cuts of source one count raw lines: the added paragraph takes two lines before them.
    record = source_one(article_one).replace('"13-15"', '"15-17"')
    project.write("site_src/articles/one.txt", article_one)
    project.write(f"site_src/sources/{ONE}.yml", record)
    hostile = f"""  - id: hostile-one
    speaker: ong-an
    kind: direct
    source: {ONE}
    text: "<script>alert(1)</script> &amp; mọi \u202eđiều\u202c có thể"
    translation: "<b>x</b> &amp; everything possible"
    attribution: Ông An nói
  - id: hostile-three
    speaker: ong-an
    kind: direct
    source: {THREE}
    text: "<script>alert(2)</script> &amp; mọi thứ có thể"
    translation: everything possible
    attribution: Ông An nói
statements:
  - id: hostile
    speaker: ong-an
    gist: "<img src=x onerror=alert(3)> gist"
    quotes: [hostile-one, hostile-three]
"""
    write_statement_project(project, claims=hostile)
    three = ARTICLE_THREE + "\n" + HOSTILE_THREE + "\n"
    project.write("site_src/articles/three.txt", three)
    project.write(
        f"site_src/sources/{THREE}.yml",
        SOURCE_THREE.replace(sha256(ARTICLE_THREE), sha256(three)),
    )
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    html = (project.site / PAGE).read_text(encoding="utf-8")
    page = BeautifulSoup(html, "html.parser")
    # A JSON-LD block is data, never run (its text: test_open_data.py).
    assert page.select("script:not([type='application/ld+json']):-soup-contains('alert(')") == []
    assert page.select("img[onerror]") == [] and page.select("b") == []
    one = page.select_one("#q-hostile-one blockquote")
    assert (
        one.get_text()
        == "“\u2068<script>alert(1)</script> &amp; mọi \u202eđiều\u202c có thể\u2069”"
    )
    assert [text_of(mark) for mark in page.select("#q-hostile-one mark")] == ["1", "điều"]
    assert "&lt;/script&gt; &amp;amp; mọi \u202e" in html
    assert text_of(page.select_one("#s-hostile .dossier-statement__gist")).endswith(
        "<img src=x onerror=alert(3)> gist"
    )


# Claims ----------------------------------------------------------------------------------


def claim_rows(page: BeautifulSoup, claim_id: str) -> list[list[str]]:
    return [
        [text_of(cell) for cell in row.find_all(["th", "td"])]
        for row in page.select(f"#c-{claim_id} tbody tr")
    ]


def test_each_claim_has_a_table_of_every_source_in_the_meeting_s_order(
    built_statements: Project,
) -> None:
    page = built_statements.page(PAGE)
    section = page.select_one("div.dossier-claims")
    assert text_of(page.select_one("h2#claims")).startswith("What the sources state")
    assert [item["id"] for item in section.select(".dossier-claim")] == [
        "c-talks-length",
        "c-talks-city",
        "c-an-pledge-headline",
    ]
    assert claim_rows(page, "talks-length") == [
        ["Báo Mẫu (Two leaders meet in Hanoi)", "two hours", "“hai giờ”", "in the article text"],
        [
            "Outlet not named in the article (An pledges cooperation)",
            "more than an hour",
            "“hơn 1 giờ”",
            "in the article text",
        ],
        ["The Sample Times (An and Binh meet (English))", "does not state it"],
    ]
    assert [cell["lang"] for cell in page.select("#c-talks-length td bdi[lang]")] == ["vi", "vi"]
    note = page.select_one("#c-talks-length .dossier-claim__note")
    assert text_of(note) == "Editor's note One source may count only the closed-door talks."


def test_a_claim_links_to_its_words_on_the_archived_source_page(
    built_statements: Project,
) -> None:
    page = built_statements.page(PAGE)
    links = [row.select_one("th a")["href"] for row in page.select("#c-talks-length tbody tr")]
    assert links == [
        f"../sources/{ONE}.html#c-talks-length",
        f"../sources/{THREE}.html#c-talks-length",
        f"../sources/{FOUR}.html",  # silent: the source page itself
    ]
    headline = page.select_one("#c-an-pledge-headline tbody tr:nth-of-type(2)")
    assert text_of(headline.select("td")[-1]) == "in the headline"
    assert headline.select_one("td a")["href"] == f"../sources/{THREE}.html#headline"
    three = built_statements.page(f"sources/{THREE}.html")
    assert text_of(three.select_one("h1#headline")) == "Ông An cam kết hợp tác"
    anchor = three.select_one("span.dossier-anchor#c-talks-length")
    assert text_of(anchor.find_next_sibling("mark")) == "hơn 1 giờ"
    # An excerpts source shows the paragraph that holds the words, and only the quoted ones.
    one = built_statements.page(f"sources/{ONE}.html")
    assert text_of(one.select_one("#c-talks-length").find_next_sibling("mark")) == "hai giờ"
    assert one.select_one("#c-talks-city") is not None
    shown = [text_of(passage) for passage in one.select(".dossier-passage")]
    assert len(shown) == 3 and "hai giờ" in shown[-1]


def test_the_differ_box_lists_only_the_claims_whose_values_differ(
    built_statements: Project,
) -> None:
    page = built_statements.page(PAGE)
    box = page.select_one("aside.dossier-differ__box")
    assert box["role"] == "note" and box["aria-labelledby"] == "sources-differ"
    assert text_of(box.select_one("h2#sources-differ")) == "Sources differ"
    claims = box.select(".dossier-differ__claim")
    # "Hanoi" and "  HANOI" are one value; the headline claim has one source.
    assert [text_of(claim.select_one(".dossier-differ__subject")) for claim in claims] == [
        "The length of the talks see the claim"
    ]
    assert claims[0].select_one(".dossier-differ__subject a")["href"] == "#c-talks-length"
    assert [text_of(item) for item in claims[0].select("li")] == [
        "Báo Mẫu: two hours (“hai giờ”) (in the article text)",
        "Outlet not named in the article: “An pledges cooperation” (title ours): more than an "
        "hour (“hơn 1 giờ”) (in the article text)",
    ]
    assert text_of(claims[0].select_one(".dossier-differ__note")).endswith("closed-door talks.")
    # Near the top: after the facts, before the summary.
    order = [
        node.get("id") or node.get("class")[0]
        for node in page.select(
            "div.dossier-head, aside.dossier-differ__box, h2#summary, h2#quotes, h2#claims"
        )
    ]
    assert order == ["dossier-head", "dossier-differ__box", "summary", "quotes", "claims"]


def test_claims_that_do_not_differ_make_no_box_and_no_timeline_mark(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    same = STATEMENTS_AND_CLAIMS.replace("value: more than an hour", "value: TWO  hours")
    write_statement_project(project, claims=same)
    assert project.run("build", capsys=capsys).status == 0
    page = project.page(PAGE)
    assert page.select(".dossier-differ") == [] and page.select("#sources-differ") == []
    assert len(page.select(".dossier-claim")) == 3
    assert project.page("index.html").select(".dossier-timeline__differ") == []


def test_the_timeline_marks_a_meeting_whose_sources_differ_in_words(
    built_statements: Project, built_tiny: Project
) -> None:
    index = built_statements.page("index.html")
    marks = index.select(".dossier-timeline__differ")
    assert len(marks) == 1
    assert text_of(marks[0]) == "Sources differ: the length of the talks"
    assert marks[0].find_parent("li").select_one("h3 a")["href"] == PAGE
    assert marks[0].select_one("a")["href"] == f"{PAGE}#sources-differ"
    # The sidebar is the one of a dossier without claims.
    nav = [text_of(item) for item in index.select("nav.md-nav--primary a")]
    tiny = [text_of(item) for item in built_tiny.page("index.html").select("nav.md-nav--primary a")]
    assert nav == tiny


# Person pages, organisations -------------------------------------------------------------


def test_a_person_page_lists_a_statement_once_with_its_renderings_inside(
    built_statements: Project,
) -> None:
    page = built_statements.page("people/ong-an.html")
    quotes = page.select_one("div.dossier-quotes")
    top = [child.get("id") for child in quotes.find_all(["article", "section"], recursive=False)]
    assert top == ["q-an-relations-good", "s-an-pledge", "q-an-cooperate-english"]
    inside = [item["id"] for item in page.select("section#s-an-pledge article")]
    assert inside == ["q-an-cooperate", "q-an-cooperate-three"]
    assert len(page.select("#q-an-cooperate-three")) == 1
    assert text_of(page.select_one(".dossier-speaker-kind")) == "Person · Speaks Vietnamese"
    # Bình says nothing of the statement: her page has no statement block.
    assert built_statements.page("people/ba-binh.html").select(".dossier-statement") == []


ORGANISATIONS = """organisations:
  - id: bo-ngoai-giao
    name: The Foreign Ministry
    kind: government
    role: The foreign ministry of the test country
    printed_names: ["Bộ Ngoại giao"]
    language: ru
"""


def test_an_organisation_that_speaks_has_its_page_linked_from_its_quotes(
    project: Project, tmp_path: Path
) -> None:
    """Rendered from the loaded dossier (the quote checks of this branch know only people)."""
    article = "Tin\n\n05/01/2024\n\nBộ Ngoại giao cho biết hai bên sẽ hợp tác.\n"
    project.write("site_src/articles/three.txt", article)
    project.write(
        f"site_src/sources/{THREE}.yml",
        SOURCE_THREE.replace(sha256(ARTICLE_THREE), sha256(article)).replace(
            "headline: Ông An cam kết hợp tác", "headline: Tin"
        ),
    )
    project.write("site_src/people.yml", PEOPLE + ORGANISATIONS)
    quote = f"""  - id: ministry-cooperate
    speaker: bo-ngoai-giao
    kind: reported
    source: {THREE}
    text: hai bên sẽ hợp tác
    translation: the two sides would cooperate
    attribution: Bộ Ngoại giao cho biết
"""
    meeting = MEETING_ONE.replace(f"sources: [{ONE}]", f"sources: [{ONE}, {THREE}]")
    head, body = meeting.split("\n---\n", 1)
    project.write(MEETING, head + "\n" + quote + "---\n" + body)
    dossier, problems = load_dossier(project.root)
    assert problems == []
    verified, _ = validate_dossier(dossier)
    assert "ministry-cooperate" in verified.matches
    environment = make_environment(project.root / "templates")
    docs = tmp_path / "docs"
    render_site(verified, environment, docs)

    def page(name: str) -> BeautifulSoup:
        return BeautifulSoup((docs / name).read_text(encoding="utf-8"), "html.parser")

    organisation = page("organisations/bo-ngoai-giao.md")
    assert text_of(organisation.select_one(".dossier-speaker-kind")) == (
        "Organisation (government) · Speaks Russian"
    )
    assert [item["id"] for item in organisation.select("article")] == ["q-ministry-cooperate"]
    meeting_page = page("meetings/2024-01-05-hanoi.md")
    quote_block = meeting_page.select_one("#q-ministry-cooperate")
    link = quote_block.select_one("a.dossier-quote__speaker")
    assert link["href"] == "../organisations/bo-ngoai-giao.html"
    assert text_of(quote_block.select_one("ol.dossier-chain")) == (
        "The Foreign Ministry (Russian)an unnamed outlet (Vietnamese)our English translation"
    )
    assert not (docs / "people/bo-ngoai-giao.md").exists()
    export = json.loads((docs / "dossier.json").read_text(encoding="utf-8"))
    assert export["organisations"] == [
        {
            "id": "bo-ngoai-giao",
            "name": "The Foreign Ministry",
            "kind": "government",
            "role": "The foreign ministry of the test country",
            "language": "ru",
            "page": "organisations/bo-ngoai-giao.html",
        }
    ]
    schema = json.loads((REPO / "schema/dossier.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, schema)


# A quote's chain, context and original ---------------------------------------------------


def chain_of(page: BeautifulSoup, quote_id: str) -> list[str]:
    chain = page.select_one(f"#q-{quote_id} ol.dossier-chain")
    assert chain["aria-label"] == "How the words reached us"
    return [text_of(item) for item in chain.find_all("li", recursive=False)]


def test_a_quote_shows_its_chain_as_far_as_the_data_says_it(
    built_statements: Project, built_tiny: Project
) -> None:
    page = built_statements.page(PAGE)
    assert chain_of(page, "an-cooperate") == [
        "Ông An (Vietnamese)",
        "Reuters",
        "Báo Mẫu (Vietnamese)",
        "our English translation",
    ]
    assert chain_of(page, "an-cooperate-three") == [
        "Ông An (Vietnamese)",
        "an unnamed outlet (Vietnamese)",
        "our English translation",
    ]
    assert chain_of(page, "an-cooperate-english") == [
        "Ông An (Vietnamese)",
        "The Sample Times (English)",
    ]
    # No language recorded for the person, no agency: those links are left out.
    assert chain_of(built_tiny.page(PAGE), "binh-exchanges") == [
        "Bà Bình",
        "Báo Mẫu (Vietnamese)",
        "our English translation",
    ]


@pytest.mark.parametrize(
    ("tag", "name"),
    [
        ("ru", "Russian"),
        ("ko", "Korean"),
        ("ZH-Hant", "Chinese"),
        ("ja", "Japanese"),
        ("en-GB", "English"),
        ("vi", "Vietnamese"),
        ("xx-Test", "xx-Test"),
        ("tlh", "tlh"),
    ],
)
def test_language_names_come_from_the_strings_and_an_unknown_tag_shows_as_it_is(
    tag: str, name: str
) -> None:
    activate(load_strings("en"))
    assert language_name(tag) == name


def test_a_quote_with_context_shows_the_printed_words_above_its_own(
    built_statements: Project,
) -> None:
    quote = built_statements.page(PAGE).select_one("#q-an-cooperate-three")
    context = quote.select_one(".dossier-quote__context")
    assert [text_of(line) for line in context.find_all("p")] == [
        "Context, as the article prints it: Phóng viên hỏi về kế hoạch hợp tác",
        "Our translation: A reporter asked about the plans for cooperation",
    ]
    assert context.select_one("bdi[lang]")["lang"] == "vi"
    parts = [child["class"][0] for child in quote.find_all(recursive=False)]
    assert parts.index("dossier-quote__context") < parts.index("dossier-quote__text")
    assert built_statements.page(PAGE).select("#q-an-cooperate .dossier-quote__context") == []


def test_a_quote_from_a_source_in_english_shows_its_words_once_as_the_original(
    built_statements: Project,
) -> None:
    quote = built_statements.page(PAGE).select_one("#q-an-cooperate-english")
    assert text_of(quote.select_one(".dossier-quote__original")) == "Original (English)"
    assert quote.select(".dossier-quote__translation") == []
    assert text_of(quote.select_one("blockquote")) == "“We will cooperate closely in every field”"
    assert quote.select_one("blockquote")["lang"] == "en-GB"
    assert text_of(quote).count("We will cooperate closely in every field") == 1
    other = built_statements.page(PAGE).select_one("#q-an-cooperate")
    assert other.select(".dossier-quote__original") == []


def test_a_quote_names_an_article_without_outlet_by_our_title_and_one_with_by_its_outlet(
    built_statements: Project,
) -> None:
    page = built_statements.page(PAGE)
    unnamed = page.select_one("#q-an-cooperate-three .dossier-quote__source")
    assert text_of(unnamed).startswith(
        "Source: Outlet not named in the article: “An pledges cooperation” (title ours), "
    )
    named = page.select_one("#q-an-cooperate .dossier-quote__source")
    assert text_of(named).startswith("Source: Báo Mẫu, 5 January 2024, paragraph ")
    assert "title ours" not in text_of(named)


# Export, links, determinism --------------------------------------------------------------


def test_the_export_holds_statements_claims_and_chains_and_meets_its_schema(
    built_statements: Project,
) -> None:
    export = json.loads((built_statements.site / "dossier.json").read_text(encoding="utf-8"))
    schema = json.loads((built_statements.site / "dossier.schema.json").read_text("utf-8"))
    jsonschema.validate(export, schema, format_checker=jsonschema.FormatChecker())
    assert export["version"] == 3
    quotes = {quote["id"]: quote for quote in export["quotes"]}
    # The words of a source in English are the original: no translation, and no translator.
    english = quotes["an-cooperate-english"]
    assert (english["translation"], english["translation_by"]) == (None, None)
    assert quotes["an-cooperate"]["translation_by"] == "dossier"
    assert export["statements"] == [
        {
            "id": "an-pledge",
            "meeting": "2024-01-05-hanoi",
            "speaker": "ong-an",
            "gist": "An pledged close cooperation.",
            "quotes": ["an-cooperate", "an-cooperate-three"],
            "page": f"{PAGE}#s-an-pledge",
        }
    ]
    claims = {claim["id"]: claim for claim in export["claims"]}
    assert claims["talks-length"] == {
        "id": "talks-length",
        "meeting": "2024-01-05-hanoi",
        "subject": "the length of the talks",
        "values": [
            {
                "source": ONE,
                "value": "two hours",
                "printed": "hai giờ",
                "where": "text",
                "page": f"sources/{ONE}.html#c-talks-length",
            },
            {
                "source": THREE,
                "value": "more than an hour",
                "printed": "hơn 1 giờ",
                "where": "text",
                "page": f"sources/{THREE}.html#c-talks-length",
            },
        ],
        "silent": [FOUR],
        "differ": True,
        "note": "One source may count only the closed-door talks.",
        "page": f"{PAGE}#c-talks-length",
    }
    assert claims["talks-city"]["differ"] is False
    assert claims["an-pledge-headline"]["values"][0]["page"] == f"sources/{THREE}.html#headline"
    assert claims["an-pledge-headline"]["silent"] == [ONE, FOUR]
    meeting = next(item for item in export["meetings"] if item["id"] == "2024-01-05-hanoi")
    assert meeting["statements"] == ["an-pledge"]
    assert meeting["claims"] == ["talks-length", "talks-city", "an-pledge-headline"]
    quotes = {quote["id"]: quote for quote in export["quotes"]}
    assert quotes["an-cooperate"]["chain"] == [
        {"role": "speaker", "name": "Ông An", "language": "vi"},
        {"role": "agency", "name": "Reuters", "language": None},
        {"role": "outlet", "name": "Báo Mẫu", "language": "vi"},
        {"role": "translation", "name": "dossier", "language": "en"},
    ]
    assert quotes["an-cooperate"]["via"] == "Reuters"
    assert quotes["an-cooperate-three"]["context"] == {
        "text": "Phóng viên hỏi về kế hoạch hợp tác",
        "translation": "A reporter asked about the plans for cooperation",
    }
    assert quotes["an-cooperate-english"]["translation"] is None
    assert quotes["an-cooperate-english"]["chain"][-1]["role"] == "outlet"
    people = {person["id"]: person for person in export["people"]}
    assert people["ong-an"]["language"] == "vi" and people["ba-binh"]["language"] is None
    assert export["organisations"] == []


def test_every_anchor_the_link_check_allows_is_on_its_page(built_statements: Project) -> None:
    from builder.site.links import site_anchors

    dossier, problems = load_dossier(built_statements.root)
    assert problems == []
    verified, problems = validate_dossier(dossier)
    assert problems == []
    anchors = site_anchors(verified)
    assert {"s-an-pledge", "c-talks-length", "claims", "sources-differ"} <= anchors[PAGE]
    assert {"c-talks-length", "headline"} <= anchors[f"sources/{THREE}.html"]
    assert "s-an-pledge" in anchors["people/ong-an.html"]
    for page, ids in anchors.items():
        if page.endswith(".html") and ids:
            html = built_statements.page(page)
            assert {anchor for anchor in ids if html.find(id=anchor) is None} == set(), page


def test_an_editor_may_link_to_a_statement_and_a_claim(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_statement_project(project)
    about = (
        "# About\n\nSee [the pledge](meetings/2024-01-05-hanoi.html#s-an-pledge), "
        "[the length](meetings/2024-01-05-hanoi.html#c-talks-length) and "
        "[nothing](meetings/2024-01-05-hanoi.html#s-nothing).\n"
    )
    project.write("site_src/about.md", about)
    result = project.run("build", capsys=capsys)
    assert result.status == 1
    assert re.findall(r"goes to #(\S+), which is not on", result.err) == ["s-nothing"]


def test_the_build_is_deterministic(
    built_statements: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    again = tmp_path / "again"
    shutil.copytree(built_statements.root, again, ignore=shutil.ignore_patterns("site", "build"))
    assert main(["build", "--root", str(again)]) == 0
    for name in (PAGE, "dossier.json", "people/ong-an.html", f"sources/{THREE}.html"):
        assert (again / "site" / name).read_bytes() == (built_statements.site / name).read_bytes()
