"""The open data beside `dossier.json` (CSV, TimelineJS, Web Annotations), the pages' JSON-LD
and the quotes' text-fragment links into the live articles, read back as their users read them."""

from __future__ import annotations

import csv
import html
import io
import json
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from builder.cli import main
from builder.content.text import fold_quote
from builder.pipeline import check
from builder.site.anchors import article_text, text_fragment_url
from builder.site.linked_data import script_json
from builder.site.tables import MEETING_COLUMNS, QUOTE_COLUMNS, csv_bytes, guard_cell
from tests.conftest import MEETING_ONE, Project, make_project
from tests.hostile import FIELDS, P

BOM = b"\xef\xbb\xbf"


def read_csv(path: Path) -> list[dict[str, str]]:
    """A CSV file as a spreadsheet user's script reads it: UTF-8 with its BOM, RFC 4180."""
    data = path.read_bytes()
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    # RFC 4180: every record ends with CRLF; a bare LF only inside a quoted field.
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, row, strict=True)) for row in body]


def export_of(project: Project) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((project.site / "dossier.json").read_text("utf-8"))
    return data


def jsonld_of(page: BeautifulSoup) -> dict[str, Any]:
    """The one JSON-LD block of a page, parsed."""
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0].string)
    return data


def values_of(data: object) -> list[object]:
    """Every value in a JSON structure, recursively."""
    if isinstance(data, dict):
        return [item for value in data.values() for item in [value, *values_of(value)]]
    if isinstance(data, list):
        return [item for value in data for item in [value, *values_of(value)]]
    return []


# --- CSV ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed"])
def test_quotes_csv_reads_back_as_the_dossier(fixture: str, request: pytest.FixtureRequest) -> None:
    project: Project = request.getfixturevalue(fixture)
    raw = (project.site / "quotes.csv").read_bytes()
    assert raw.decode("utf-8-sig").split("\r\n")[0] == ",".join(QUOTE_COLUMNS)
    rows = read_csv(project.site / "quotes.csv")
    export = export_of(project)
    sources = {source["id"]: source for source in export["sources"]}
    people = {item["id"]: item["name"] for item in export["people"] + export["organisations"]}
    statement_of = {q: s["id"] for s in export["statements"] for q in s["quotes"]}
    dates = {meeting["id"]: meeting["date"] for meeting in export["meetings"]}
    assert [row["id"] for row in rows] == [quote["id"] for quote in export["quotes"]]
    for row, quote in zip(rows, export["quotes"], strict=True):
        source = sources[quote["source"]]
        context = quote["context"] or {}
        assert row == {
            "id": quote["id"],
            "meeting": quote["meeting"],
            "meeting_date": dates[quote["meeting"]],
            "speaker": quote["speaker"],
            "speaker_name": people[quote["speaker"]],
            "kind": quote["kind"],
            "text": guard_cell(quote["text"]),
            "translation": guard_cell(quote["translation"] or ""),
            "translation_by": quote["translation_by"] or "",
            "attribution": guard_cell(quote["attribution"] or ""),
            "context": guard_cell(context.get("text") or ""),
            "context_translation": guard_cell(context.get("translation") or ""),
            "via": guard_cell(quote["via"] or ""),
            "statement": statement_of.get(quote["id"], ""),
            "source": quote["source"],
            "source_outlet": source["outlet"] or "",
            "source_date": source["date"],
            "source_url": source["url"] or "",
            "paragraph": str(quote["paragraph"]),
            "page": quote["page"],
            "source_page": quote["source_page"],
        }


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed"])
def test_meetings_csv_reads_back_as_the_dossier(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Project = request.getfixturevalue(fixture)
    rows = read_csv(project.site / "meetings.csv")
    assert list(rows[0]) == list(MEETING_COLUMNS)
    export = export_of(project)
    people = {item["id"]: item["name"] for item in export["people"]}
    claims = {claim["id"]: claim for claim in export["claims"]}
    assert len(rows) == len(export["meetings"])
    for row, meeting in zip(rows, export["meetings"], strict=True):
        place = meeting["place"]
        assert row["id"] == meeting["id"]
        assert row["date"] == meeting["date"]
        assert row["title"] == meeting["title"]
        assert row["summary_line"] == meeting["summary_line"]
        for part in ("venue", "city", "region", "country"):
            assert row[part] == (place[part] or "")
        assert row["participants"].split("; ") == meeting["participants"]
        assert row["participant_names"].split("; ") == [
            people[person] for person in meeting["participants"]
        ]
        assert row["sources"].split("; ") == meeting["sources"]
        assert int(row["quotes"]) == len(meeting["quotes"])
        assert int(row["statements"]) == len(meeting["statements"])
        assert int(row["claims"]) == len(meeting["claims"])
        differ = [claim for claim in meeting["claims"] if claims[claim]["differ"]]
        assert row["claims_differ"] == "; ".join(differ)
        assert row["page"] == meeting["page"]


def test_seed_csv_carries_the_vietnamese_titles(built_seed: Project) -> None:
    rows = {row["id"]: row for row in read_csv(built_seed.site / "meetings.csv")}
    assert rows["2024-06-19-pyongyang"]["title_vi"] == (
        "Putin và Kim Jong Un hội đàm thượng đỉnh tại Bình Nhưỡng"
    )


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("'=1", "'=1"),
        ("", ""),
        ("Tôi - rất vui", "Tôi - rất vui"),
    ],
)
def test_a_cell_that_starts_like_a_formula_is_guarded(cell: str, written: str) -> None:
    assert guard_cell(cell) == written


def test_csv_quotes_commas_quotes_and_line_breaks_as_rfc_4180_says() -> None:
    data = csv_bytes(("a", "b", "c"), [['say "hi", then', "two\nlines", 3]])
    assert data == BOM + b'a,b,c\r\n"say ""hi"", then","two\nlines",3\r\n'


def test_formulas_in_the_content_are_text_in_the_csv(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    project.write(
        "site_src/meetings/2024-01-05-hanoi.md",
        MEETING_ONE.replace("title: An and Bình meet in Hanoi", "title: '=1+1 An and Bình'")
        .replace(
            "translation: We will cooperate closely in every field",
            "translation: '@SUM(1) We will cooperate'",
        )
        .replace("summary_line: An and Bình agree to work closely.", "summary_line: '-2+3 An'")
        .replace("name: Government Guest House", "name: '+Guest House'"),
    )
    assert main(["build", "--root", str(project.root)]) == 0
    meetings = {row["id"]: row for row in read_csv(project.site / "meetings.csv")}
    hanoi = meetings["2024-01-05-hanoi"]
    assert (hanoi["title"], hanoi["summary_line"], hanoi["venue"]) == (
        "'=1+1 An and Bình",
        "'-2+3 An",
        "'+Guest House",
    )
    quotes = {row["id"]: row for row in read_csv(project.site / "quotes.csv")}
    assert quotes["an-cooperate"]["translation"] == "'@SUM(1) We will cooperate"
    # The other files keep the words as written: the guard is for spreadsheets only.
    export = export_of(project)
    assert export["meetings"][1]["title"] == "=1+1 An and Bình"
    timeline = json.loads((project.site / "timeline.json").read_text("utf-8"))
    assert timeline["events"][1]["text"]["headline"] == "=1+1 An and Bình"


def test_hostile_text_in_the_csv_is_read_back_whole(built_hostile: Project) -> None:
    rows = read_csv(built_hostile.site / "quotes.csv")
    assert [row["translation"] for row in rows] == [P["translation"], P["translation"]]
    assert {row["text"] for row in rows} == {P["quote"]}
    meetings = read_csv(built_hostile.site / "meetings.csv")
    assert meetings[0]["title"] == P["title"]


# --- TimelineJS --------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed", "built_hostile"])
def test_timeline_json_has_timelinejs_shape(fixture: str, request: pytest.FixtureRequest) -> None:
    project: Project = request.getfixturevalue(fixture)
    timeline = json.loads((project.site / "timeline.json").read_text("utf-8"))
    assert set(timeline) == {"title", "events"}
    assert set(timeline["title"]) == {"text"}
    assert set(timeline["title"]["text"]) == {"headline", "text"}
    export = export_of(project)
    assert len(timeline["events"]) == len(export["meetings"])
    for event, meeting in zip(timeline["events"], export["meetings"], strict=True):
        assert set(event) == {"start_date", "text", "unique_id"}
        year, month, day = (int(part) for part in meeting["date"].split("-"))
        assert event["start_date"] == {"year": year, "month": month, "day": day}
        assert all(isinstance(value, int) for value in event["start_date"].values())
        assert event["unique_id"] == meeting["id"]
        # TimelineJS renders HTML: our text is escaped, and reads back as written.
        assert html.unescape(event["text"]["headline"]) == meeting["title"]
        shown = BeautifulSoup(event["text"]["text"], "html.parser")
        assert shown.find("p").get_text() == meeting["summary_line"]
        assert shown.find_all(lambda tag: tag.name != "p") == []
    assert len({event["unique_id"] for event in timeline["events"]}) == len(timeline["events"])


def test_timeline_text_is_escaped_html(built_hostile: Project) -> None:
    timeline = json.loads((built_hostile.site / "timeline.json").read_text("utf-8"))
    event = timeline["events"][0]
    assert "<script>" not in event["text"]["headline"] + event["text"]["text"]
    assert html.unescape(event["text"]["headline"]) == P["title"]
    tags = BeautifulSoup(event["text"]["text"], "html.parser").find_all(True)
    assert {tag.name for tag in tags} == {"p"}


# --- Web Annotations ---------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed", "built_hostile"])
def test_every_annotation_re_anchors_on_the_article_text(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Project = request.getfixturevalue(fixture)
    verified, _ = check(project.root)
    quotes = {q.id: q for meeting in verified.dossier.meetings for q in meeting.record.quotes}
    collection = json.loads((project.site / "annotations.jsonld").read_text("utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(quotes)
    for item in items:
        quote_id = item["id"].removeprefix("annotations.jsonld#q-")
        quote = quotes[quote_id]
        source = verified.dossier.sources[quote.source]
        assert item["type"] == "Annotation"
        assert item["motivation"] == "describing"
        target = item["target"]
        assert target["source"] == f"sources/{source.id}.html"
        assert (project.site / target["source"]).is_file()
        by_type = {selector["type"]: selector for selector in target["selector"]}
        position, words = by_type["TextPositionSelector"], by_type["TextQuoteSelector"]
        text = article_text(source)
        start, end = position["start"], position["end"]
        exact, prefix, suffix = words["exact"], words["prefix"], words["suffix"]
        # The positions give the exact words, and the prefix and suffix stand either side.
        assert text[start:end] == exact
        assert text[start - len(prefix) : start] == prefix
        assert text[end : end + len(suffix)] == suffix
        assert 0 < len(prefix) <= 32 or start == 0 or text[start - 2 : start] == "\n\n"
        # The words are the quote's, as the check compares them.
        assert fold_quote(exact) == fold_quote(quote.text)
        # Re-anchored by its quote selector alone, it is found where the positions say.
        assert text.find(prefix + exact + suffix) == start - len(prefix)
        bodies = item["body"]
        tags = [body["value"] for body in bodies if body.get("purpose") == "tagging"]
        assert len(tags) == 1
        translations = [body for body in bodies if body.get("purpose") == "describing"]
        if quote.translation is None:
            assert translations == []
        else:
            assert translations == [
                {
                    "type": "TextualBody",
                    "purpose": "describing",
                    "value": quote.translation,
                    "language": "en",
                    "format": "text/plain",
                }
            ]


def test_annotations_anchor_on_the_archived_page_as_shown(built_seed: Project) -> None:
    """The prefix, words and suffix stand together in the archived page's paragraph, where a
    reader's annotation tool looks for them."""
    collection = json.loads((built_seed.site / "annotations.jsonld").read_text("utf-8"))
    for item in collection["first"]["items"]:
        words = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        page = built_seed.page(item["target"]["source"])
        anchor = page.find(id=item["id"].split("#")[1])
        paragraph = anchor.find_parent("p").get_text()
        assert words["prefix"] + words["exact"] + words["suffix"] in paragraph


def test_excerpt_selectors_show_no_text_the_page_leaves_out(built_hostile: Project) -> None:
    """An `excerpts` source's prefix and suffix stay inside the paragraph the page shows."""
    verified, _ = check(built_hostile.root)
    source = verified.dossier.sources["src-two"]
    collection = json.loads((built_hostile.site / "annotations.jsonld").read_text("utf-8"))
    for item in collection["first"]["items"]:
        if item["target"]["source"] != "sources/src-two.html":
            continue
        words = next(s for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        shown = built_hostile.page("sources/src-two.html").select_one(".dossier-article")
        assert words["prefix"] + words["exact"] + words["suffix"] in shown.get_text()
        assert "\n" not in words["prefix"] + words["suffix"]
    assert source.record.rights.value == "excerpts"


# --- JSON-LD -----------------------------------------------------------------------------


def resolves(site: Path, page: str, iri: str) -> Path:
    """The file a relative IRI on the page at site path `page` names."""
    assert "://" not in iri and not iri.startswith("/")
    return site / posixpath.normpath(posixpath.join(posixpath.dirname(page), iri.split("#")[0]))


def test_home_page_describes_the_dataset_and_its_downloads(built_seed: Project) -> None:
    data = jsonld_of(built_seed.page("index.html"))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Dataset"
    assert data["name"] and len(data["description"]) >= 50
    assert data["temporalCoverage"] == "2023-09-13/2025-09-03"
    downloads = {item["contentUrl"]: item["encodingFormat"] for item in data["distribution"]}
    assert downloads == {
        "dossier.json": "application/json",
        "quotes.csv": "text/csv",
        "meetings.csv": "text/csv",
        "timeline.json": "application/json",
        "annotations.jsonld": "application/ld+json",
        "download/dossier-offline.zip": "application/zip",
    }
    for item in data["distribution"]:
        assert item["@type"] == "DataDownload" and item["name"]
        assert resolves(built_seed.site, "index.html", item["contentUrl"]).is_file()
    links = [a["href"] for a in built_seed.page("index.html").select(".dossier-open-data a")]
    assert links == ["quotes.csv", "meetings.csv", "timeline.json", "annotations.jsonld"]


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed"])
def test_meeting_pages_describe_the_event_and_its_quotations(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Project = request.getfixturevalue(fixture)
    export = export_of(project)
    people = {item["id"]: item for item in export["people"] + export["organisations"]}
    sources = {source["id"]: source for source in export["sources"]}
    for meeting in export["meetings"]:
        page = meeting["page"]
        data = jsonld_of(project.page(page))
        assert data["@context"] == "https://schema.org"
        event, *quotations = data["@graph"]
        assert event["@type"] == "Event"
        assert event["name"] == meeting["title"]
        assert event["startDate"] == meeting["date"]
        assert event["description"] == meeting["summary_line"]
        place = meeting["place"]
        stated = [place[part] for part in ("venue", "city", "region", "country") if place[part]]
        assert event["location"]["@type"] == "Place"
        assert event["location"]["name"] == stated[0]
        address = event["location"].get("address", {})
        assert address.get("addressLocality") == place["city"]
        assert address.get("addressRegion") == place["region"]
        assert address.get("addressCountry") == place["country"]
        assert [p["name"] for p in event["performer"]] == [
            people[person]["name"] for person in meeting["participants"]
        ]
        for performer in event["performer"]:
            assert resolves(project.site, page, performer["url"]).is_file()
        quotes = [quote for quote in export["quotes"] if quote["meeting"] == meeting["id"]]
        assert len(quotations) == len(quotes)
        for quotation, quote in zip(quotations, quotes, strict=True):
            source = sources[quote["source"]]
            assert quotation["@type"] == "Quotation"
            assert quotation["@id"].endswith(f"#q-{quote['id']}")
            assert quotation["text"] == quote["text"]
            assert quotation["inLanguage"] == source["language"]
            speaker = quotation["spokenByCharacter"]
            assert speaker["name"] == people[quote["speaker"]]["name"]
            assert (
                resolves(project.site, page, speaker["url"])
                == project.site / (people[quote["speaker"]]["page"])
            )
            article = quotation["isBasedOn"]
            assert article["@type"] == "NewsArticle"
            assert resolves(project.site, page, article["archivedAt"]) == (
                project.site / source["page"]
            )
            assert article.get("headline") == source["title"]
            assert article.get("url") == source["url"]
            if quote["translation"] is None:
                assert "workTranslation" not in quotation
            else:
                assert quotation["workTranslation"] == {
                    "@type": "CreativeWork",
                    "text": quote["translation"],
                    "inLanguage": "en",
                }
        assert not [value for value in values_of(data) if value in (None, "", [], {})]


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed", "built_hostile"])
def test_source_pages_describe_the_article_with_only_what_it_prints(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Project = request.getfixturevalue(fixture)
    for source in export_of(project)["sources"]:
        data = jsonld_of(project.page(source["page"]))
        assert data["@type"] == "NewsArticle"
        assert data["@id"] == f"{source['id']}.html#article"
        assert data["inLanguage"] == source["language"]
        assert data["datePublished"] == source["date"]
        assert data.get("headline") == source["title"]
        assert data.get("url") == source["url"]
        assert data.get("publisher") == (
            {"@type": "Organization", "name": source["outlet"]} if source["outlet"] else None
        )
        assert data.get("author") == (
            {"@type": "Person", "name": source["author"]} if source["author"] else None
        )
        assert data["archivedAt"] == f"{source['id']}.html"
        assert not [value for value in values_of(data) if value in (None, "", [], {})]


def test_a_source_without_outlet_author_headline_or_url_says_none(built_tiny: Project) -> None:
    data = jsonld_of(built_tiny.page("sources/2023-05-an-visits-da-nang.html"))
    assert set(data) == {
        "@context",
        "@type",
        "@id",
        "inLanguage",
        "datePublished",
        "archivedAt",
    }
    assert data["datePublished"] == "2023-05"


def test_hostile_text_cannot_close_the_json_ld_script(built_hostile: Project) -> None:
    seen: set[str] = set()
    for path in sorted(built_hostile.site.rglob("*.html")):
        text = path.read_text("utf-8")
        page = BeautifulSoup(text, "html.parser")
        for script in page.select('script[type="application/ld+json"]'):
            body = script.string
            assert "<" not in body and ">" not in body and "&" not in body
            seen.update(str(value) for value in values_of(json.loads(body)))
        # Only our own scripts: no payload's <script> became an element.
        for script in page.find_all("script"):
            assert "alert" not in (script.string or "") or script.get("type") == (
                "application/ld+json"
            )
    assert {P["headline"], P["title"], P["quote"], P["translation"]} <= seen
    assert any(P["person-name"] in value for value in seen)
    assert len([field for field in FIELDS if P[field] in seen]) >= 8


@pytest.mark.parametrize(
    "text",
    [
        "</script><script>alert(1)</script>",
        "</SCRIPT >",
        "<!-- <script>",
        "a & b > c",
        "\u2028\u2029",
        "\"'\\",
    ],
)
def test_script_json_escapes_what_could_end_the_script(text: str) -> None:
    escaped = str(script_json({"text": text}))
    assert not set(escaped) & {"<", ">", "&", "\u2028", "\u2029"}
    assert json.loads(escaped) == {"text": text}
    page = BeautifulSoup(
        f'<script type="application/ld+json">{escaped}</script><p>after</p>', "html.parser"
    )
    assert json.loads(page.script.string) == {"text": text}


# --- Text fragments ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "words", "expected"),
    [
        ("https://a.vn/x", "hợp tác", "https://a.vn/x#:~:text=h%E1%BB%A3p%20t%C3%A1c"),
        ("https://a.vn/x", "a-b, c & d", "https://a.vn/x#:~:text=a%2Db%2C%20c%20%26%20d"),
        ("https://a.vn/x", "  hai\n bên  ", "https://a.vn/x#:~:text=hai%20b%C3%AAn"),
        ("https://a.vn/x#top", "Nga", "https://a.vn/x#top:~:text=Nga"),
        ("https://a.vn/x?a=1&b=2", "50%", "https://a.vn/x?a=1&b=2#:~:text=50%25"),
        (
            "https://a.vn/x",
            "một hai ba bốn năm sáu bảy tám chín mười mười-một",
            "https://a.vn/x#:~:text=m%E1%BB%99t%20hai%20ba%20b%E1%BB%91n%20n%C4%83m,"
            "b%E1%BA%A3y%20t%C3%A1m%20ch%C3%ADn%20m%C6%B0%E1%BB%9Di%20m%C6%B0%E1%BB%9Di%2Dm%E1%BB%99t",
        ),
        (
            "https://a.vn/x",
            "một hai ba bốn năm sáu bảy tám chín mười",
            "https://a.vn/x#:~:text=m%E1%BB%99t%20hai%20ba%20b%E1%BB%91n%20n%C4%83m%20"
            "s%C3%A1u%20b%E1%BA%A3y%20t%C3%A1m%20ch%C3%ADn%20m%C6%B0%E1%BB%9Di",
        ),
    ],
)
def test_text_fragment_is_encoded_as_the_spec_says(url: str, words: str, expected: str) -> None:
    made = text_fragment_url(url, words)
    assert made == expected
    directive = made.split(":~:text=", 1)[1]
    # Nothing that the directive's syntax reserves is left bare in a term.
    for term in directive.split(","):
        assert not set(term) & {"-", ",", "&", " ", "#"}
        assert unquote(term) in " ".join(words.split())


def test_quotes_link_the_live_article_at_their_words_after_the_archive(
    built_seed: Project,
) -> None:
    export = export_of(built_seed)
    sources = {source["id"]: source for source in export["sources"]}
    checked = 0
    for quote in export["quotes"]:
        source = sources[quote["source"]]
        meeting = next(m for m in export["meetings"] if m["id"] == quote["meeting"])
        block = built_seed.page(meeting["page"]).select_one(f"article#q-{quote['id']}")
        links = block.select(".dossier-quote__source a")
        assert links[0]["href"] == "../" + quote["source_page"]
        if source["url"] is None:
            assert len(links) == 1
            continue
        live = links[1]["href"]
        assert live.startswith(source["url"] + "#:~:text=")
        assert links[1].get("rel") == ["noopener", "noreferrer"]
        terms = [unquote(term) for term in live.split(":~:text=")[1].split(",")]
        words = " ".join(quote["text"].split())
        assert words.startswith(terms[0]) or fold_quote(words).startswith(fold_quote(terms[0]))
        assert fold_quote(words).endswith(fold_quote(terms[-1]))
        checked += 1
    assert checked >= 5


def test_hostile_url_in_the_text_fragment_link_stays_an_attribute(built_hostile: Project) -> None:
    page = built_hostile.page("meetings/evil-meeting.html")
    for block in page.select("article.dossier-quote"):
        live = block.select(".dossier-quote__source a")[1]["href"]
        assert live.startswith(
            "https://example.com/tin?a=1&b=\"><svg onload=alert('url')>#:~:text="
        )
    assert page.find("svg", onload=True) is None
