"""The text fragment of a quote's link into the live article, tried in Chromium on the archived
copy of the same article: the directive that the live page receives finds the words there.

(The live pages are not fetched: no test goes online. The archived page prints the same
words, so what Chromium finds there it finds in the article the words were taken from.)
"""

from __future__ import annotations

import json

from playwright.sync_api import Browser

from tests.conftest import Project


def scrolled_to(browser: Browser, url: str) -> int:
    """How far Chromium scrolled the page at `url` on opening it (a text fragment scrolls to
    the words it finds; one it does not find leaves the page at the top)."""
    page = browser.new_page(viewport={"width": 390, "height": 600})
    page.goto(url)
    page.wait_for_timeout(600)
    scrolled: int = page.evaluate("window.scrollY")
    page.close()
    return scrolled


def test_each_text_fragment_finds_its_words_on_the_archived_page(
    browser: Browser, built_seed: Project
) -> None:
    site = built_seed.site
    export = json.loads((site / "dossier.json").read_text("utf-8"))
    urls = {source["id"]: source["url"] for source in export["sources"] if source["url"]}
    tried = 0
    for quote in export["quotes"]:
        if quote["source"] not in urls:
            continue
        meeting = next(m for m in export["meetings"] if m["id"] == quote["meeting"])
        block = built_seed.page(meeting["page"]).select_one(f"article#q-{quote['id']}")
        live = block.select_one("a.dossier-quote__original-link")["href"]
        directive = live[live.index("#:~:text=") :]
        archived = (site / quote["source_page"].split("#")[0]).as_uri()
        assert scrolled_to(browser, archived + directive) > 0, quote["id"]
        tried += 1
    assert tried >= 3
    # The control: a directive for words the page does not hold moves nothing.
    archived = (site / "sources/2025-09-03-vov.html").as_uri()
    assert scrolled_to(browser, archived + "#:~:text=zzzz%20nowhere") == 0
