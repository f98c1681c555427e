"""Run by test_unplugged.py inside a network namespace of its own, with no network at all:
open a built site from disk, search it and print the pages found, one per line.

    python -m tests.browser.unplugged SITE_DIR QUERY
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, file_base


def main(site: Path, query: str) -> int:
    base = file_base(site)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, "--no-sandbox"]
        )
        page = browser.new_page()
        page.goto(base + "index.html")
        field = page.locator("input.md-search__input")
        field.click()
        field.fill(query)
        field.press("End")  # Material reads the field on keyup
        page.locator(".md-search-result__meta", has_text="matching document").wait_for()
        for href in page.locator("a.md-search-result__link").evaluate_all(
            "links => links.map(link => link.href)"
        ):
            print(href.removeprefix(base))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2]))
