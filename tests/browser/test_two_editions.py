"""The two editions in a real browser, opened from disk with no network: from an English page
to its Vietnamese twin and back, and search in the Vietnamese edition (issue 19).

(Named to run after test_no_script_runs.py, which starts a Playwright of its own: it cannot
while the session's, which this module starts, is running.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Reader, file_base, open_reader

PYONGYANG = "meetings/2024-06-19-pyongyang.html"


def _language(reader: Reader) -> str:
    return str(reader.page.evaluate("document.documentElement.lang"))


def _quote_ids(reader: Reader) -> list[str]:
    """The meeting's quotes, by id: the same meeting shows the same quotes in both editions."""
    ids = reader.page.locator("article.dossier-quote").evaluate_all(
        "quotes => quotes.map(quote => quote.id)"
    )
    return [str(quote_id) for quote_id in ids]


def walk_to_the_twin_and_back(reader: Reader) -> None:
    page = reader.page
    reader.open(PYONGYANG)
    assert _language(reader) == "en"
    english_quotes = _quote_ids(reader)
    assert len(english_quotes) >= 3
    link = page.locator(".dossier-twins a")
    assert (link.get_attribute("hreflang"), link.get_attribute("lang")) == ("vi", "vi")
    page.get_by_role("link", name="Tiếng Việt").click()
    reader.wait_for(f"vi/{PYONGYANG}")
    assert _language(reader) == "vi"
    assert _quote_ids(reader) == english_quotes
    page.get_by_role("link", name="English", exact=True).click()
    reader.wait_for(PYONGYANG)
    assert _language(reader) == "en"
    assert _quote_ids(reader) == english_quotes


def search_in_vietnamese(reader: Reader) -> None:
    reader.open("vi/index.html")
    found = reader.search("hoi dam")
    assert any(path.startswith("vi/meetings/") for path in found), found
    # The Vietnamese edition's search finds its own pages, never the English ones.
    assert all(path.startswith("vi/") for path in found), found
    reader.page.locator("a.md-search-result__link[href*='meetings/']").first.click()
    reader.page.wait_for_url(f"{reader.base}vi/meetings/*.html*")
    assert _language(reader) == "vi"


def test_reader_walks_from_an_english_meeting_to_its_vietnamese_twin_and_back(
    seed_reader: Reader,
) -> None:
    walk_to_the_twin_and_back(seed_reader)
    # The fixture fails the test if any request left the site or any page logged an error.


def test_search_in_the_vietnamese_edition_finds_its_own_pages_without_accents(
    seed_reader: Reader,
) -> None:
    search_in_vietnamese(seed_reader)


def test_the_english_search_stays_in_the_english_edition(seed_reader: Reader) -> None:
    seed_reader.open(PYONGYANG)
    found = seed_reader.search("hoi dam")
    assert found and not [path for path in found if path.startswith("vi/")], found


@pytest.fixture
def zip_reader(browser: Browser, unpacked_zip: Path) -> Iterator[Reader]:
    yield from open_reader(browser, file_base(unpacked_zip), ("file:",))


def test_both_editions_work_from_the_unpacked_zip(zip_reader: Reader) -> None:
    walk_to_the_twin_and_back(zip_reader)
    search_in_vietnamese(zip_reader)


@pytest.mark.parametrize("relative", ["vi/index.html", f"vi/{PYONGYANG}"])
def test_no_serious_accessibility_violation_in_vietnamese(
    seed_reader: Reader, relative: str
) -> None:
    seed_reader.open(relative)
    assert seed_reader.serious_accessibility_violations() == []
