"""The real dossier in a real browser, opened from disk with no network: reading, following a
quote to its source, searching with or without accents, accessibility, and the offline zip."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Reader, file_base, open_reader
from tests.conftest import Project

BEIJING = "meetings/2025-09-03-beijing.html"
PYONGYANG = "meetings/2024-06-19-pyongyang.html"
VOSTOCHNY = "meetings/2023-09-13-vostochny.html"
BEIJING_PAGES = {
    BEIJING,
    "sources/2025-09-03-ec849631.html",
    "sources/2025-09-03-db7c6840.html",
    "sources/2025-09-03-vov.html",
}


def test_reader_follows_a_quote_from_home_to_its_highlighted_source(seed_reader: Reader) -> None:
    page = seed_reader.page
    seed_reader.open("index.html")
    page.locator(".dossier-timeline__title a", has_text="Beijing").click()
    seed_reader.wait_for(BEIJING)

    quote = page.locator("article#q-putin-allied-relations")
    words = quote.locator("blockquote").inner_text().strip().strip("“”")
    # The quote's permalink works from disk too.
    quote.get_by_role("link", name="Permalink to this quote").click()
    seed_reader.wait_for(f"{BEIJING}#q-putin-allied-relations")
    assert page.evaluate("document.querySelector(':target').id") == "q-putin-allied-relations"

    quote.get_by_role("link", name="Archived copy at this quote").click()
    seed_reader.wait_for("sources/2025-09-03-vov.html#q-putin-allied-relations")

    highlighted = page.locator("#q-putin-allied-relations + mark")
    assert highlighted.inner_text() == words
    # Scrolled to the quote: the page moved, and the highlight is on screen.
    page.wait_for_function("window.scrollY > 0")
    box = highlighted.bounding_box()
    viewport = page.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= viewport["height"]


def test_reader_follows_sources_differ_from_the_timeline_to_each_articles_words(
    seed_reader: Reader,
) -> None:
    page = seed_reader.page
    seed_reader.open("index.html")
    page.locator(".dossier-timeline").get_by_role("link", name="Sources differ").click()
    seed_reader.wait_for(f"{BEIJING}#sources-differ")
    box = page.get_by_role("note")
    assert box.locator("h2").inner_text() == "Sources differ"
    assert box.is_visible()
    # Each differing value links to its words in the archived article, highlighted there.
    box.get_by_role("link", name="in the article text").nth(1).click()
    seed_reader.wait_for("sources/2025-09-03-db7c6840.html#c-beijing-remarks-setting")
    highlighted = page.locator("#c-beijing-remarks-setting + mark")
    assert highlighted.inner_text() == "Trong cuộc họp báo sau đó"
    page.go_back()
    seed_reader.wait_for(f"{BEIJING}#sources-differ")
    page.get_by_role("note").get_by_role("link", name="see the claim").click()
    seed_reader.wait_for(f"{BEIJING}#c-beijing-remarks-setting")
    assert page.locator("#c-beijing-remarks-setting tbody tr").count() == 3


def _any_meeting(found: list[str]) -> bool:
    return any(path.startswith("meetings/") for path in found)


SEARCHES = [
    ("hội đàm", _any_meeting),
    ("hoi dam", _any_meeting),
    ("Bình Nhưỡng", lambda found: PYONGYANG in found),
    ("Binh Nhuong", lambda found: PYONGYANG in found),
    # The same words typed decomposed (NFD), as some keyboards and pastes produce them.
    (unicodedata.normalize("NFD", "Bình Nhưỡng"), lambda found: PYONGYANG in found),
    ("Điếu Ngư Đài", lambda found: BEIJING in found),
    ("dieu ngu dai", lambda found: BEIJING in found),
    ("DIEU NGU DAI", lambda found: BEIJING in found),
    ("Vostochny", lambda found: VOSTOCHNY in found),
    ("Kursk", lambda found: bool(BEIJING_PAGES & set(found))),
    ("Aurus", lambda found: bool(BEIJING_PAGES & set(found))),
    # A statement's gist and a claim's words are searched as the meeting page's text.
    ("hai tieng ruoi", lambda found: BEIJING in found),
    ("everything possible to support", lambda found: BEIJING in found),
]


@pytest.mark.parametrize(
    ("query", "expected"),
    SEARCHES,
    ids=[query.encode("ascii", "backslashreplace").decode() for query, _ in SEARCHES],
)
def test_search_finds_the_page_with_or_without_accents(
    seed_reader: Reader, query: str, expected: object
) -> None:
    seed_reader.open("index.html")
    found = seed_reader.search(query)
    assert expected(found), f"{query!r} found {found}"  # type: ignore[operator]


def test_search_results_show_the_words_with_their_accents(seed_reader: Reader) -> None:
    seed_reader.open("index.html")
    seed_reader.search("dieu ngu dai")
    marked = seed_reader.page.locator(".md-search-result mark").all_inner_texts()
    assert {"Điếu", "Ngư", "Đài"} <= set(marked)


def test_every_page_loads_from_disk_without_asking_any_host(
    built_seed: Project, seed_reader: Reader
) -> None:
    # All but 404.html: only a web server shows it, at any depth, so its links start at the
    # site's root (test_pages_hosting.py opens it as GitHub Pages would).
    pages = sorted(
        path.relative_to(built_seed.site).as_posix()
        for path in built_seed.site.rglob("*.html")
        if path.name != "404.html"
    )
    assert len(pages) >= 14
    for relative in pages:
        seed_reader.open(relative)
        # Material's script ran (it marks the page), and our stylesheet applied.
        assert seed_reader.page.evaluate("document.documentElement.classList.contains('js')")
        assert seed_reader.page.locator(".md-search").count() == 1
    # Search too, from a page in a subfolder.
    seed_reader.open("people/vladimir-putin.html")
    assert PYONGYANG in seed_reader.search("Binh Nhuong")
    # The fixture fails the test if any request left the site or any page logged an error.


@pytest.mark.parametrize(
    "relative",
    [
        "index.html",
        BEIJING,
        "sources/2025-09-03-vov.html",
        "people/vladimir-putin.html",
        VOSTOCHNY,
        "organisations/the-kremlin.html",
        "sources/2025-09-03-ec849631.html",
    ],
)
def test_no_serious_accessibility_violation(seed_reader: Reader, relative: str) -> None:
    seed_reader.open(relative)
    assert seed_reader.serious_accessibility_violations() == []


@pytest.fixture
def zip_reader(browser: Browser, unpacked_zip: Path) -> Iterator[Reader]:
    yield from open_reader(browser, file_base(unpacked_zip), ("file:",))


def test_the_offline_zip_unpacked_anywhere_browses_and_searches(zip_reader: Reader) -> None:
    zip_reader.open("index.html")
    found = zip_reader.search("Binh Nhuong")
    assert found[0] == PYONGYANG
    zip_reader.page.locator(f"a.md-search-result__link[href$='{PYONGYANG}']").first.click()
    zip_reader.wait_for(PYONGYANG)
    zip_reader.page.locator("article.dossier-quote a", has_text="Archived copy").first.click()
    zip_reader.page.wait_for_url(re.compile(r"/sources/[^/]+\.html#q-"))


@pytest.fixture
def decomposed_reader(browser: Browser, built_tiny: Project, tmp_path: Path) -> Iterator[Reader]:
    """The tiny site with its search index stored decomposed (NFD), as some tools write text.
    (Our loaders give NFC; this checks that search does not depend on it.)"""
    site = tmp_path / "site"
    shutil.copytree(built_tiny.site, site)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"] = unicodedata.normalize("NFD", doc["title"])
        doc["text"] = unicodedata.normalize("NFD", doc["text"])
    decomposed = unicodedata.normalize("NFD", "Đà Nẵng")
    assert decomposed != "Đà Nẵng"
    assert any(decomposed in doc["text"] for doc in index["docs"])
    script = "var __index = " + json.dumps(index, ensure_ascii=False) + ";"
    (site / "search" / "search_index.js").write_text(script, encoding="utf-8")
    yield from open_reader(browser, file_base(site), ("file:",))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Đà Nẵng", "meetings/2023-05-20-da-nang.html"),
        ("Nhà khách Chính phủ", "meetings/2024-01-05-hanoi.html"),
        ("nha khach chinh phu", "meetings/2024-01-05-hanoi.html"),
    ],
    ids=["composed", "composed venue", "no accents"],
)
def test_search_finds_text_stored_decomposed(
    decomposed_reader: Reader, query: str, expected: str
) -> None:
    decomposed_reader.open("index.html")
    assert expected in decomposed_reader.search(query)
