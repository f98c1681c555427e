"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright.

Every page is opened from disk (`file://`) unless a test serves it itself on 127.0.0.1. Every
request to anywhere else is aborted and recorded, and each test fails if any was made, or if a
page logged an error. Playwright's own browser download is never used: it does not work here.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright

from tests.conftest import REPO, Project

CHROMIUM = Path("/usr/bin/chromium")

# As root Chromium needs --no-sandbox. The rest keep it from calling home (update checks,
# sync, field trials…), which this machine's closed network would refuse anyway.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--disable-quic",
    "--disable-gpu",
    "--no-first-run",
    "--no-pings",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
]

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

EMPTY_SEARCH = "Type to start searching"


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}; "
            "`make test` installs it (apt-get install chromium) when run as root on Debian"
        )
    args = [*CHROMIUM_ARGS, *(["--no-sandbox"] if os.geteuid() == 0 else [])]
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
    yield browser
    browser.close()


@dataclass
class Reader:
    """A browser tab on one built site, with what it tried to fetch from elsewhere."""

    page: Page
    base: str
    """The site's root URL, ending in `/`."""
    outside: list[str] = field(default_factory=list)
    """Requests that would have left the site, each aborted."""
    errors: list[str] = field(default_factory=list)
    """Errors the pages logged or threw."""

    def open(self, relative: str) -> None:
        self.page.goto(self.base + relative)

    def wait_for(self, relative: str) -> None:
        """Wait until the tab shows `relative` (with its `#fragment`, if any)."""
        self.page.wait_for_url(self.base + relative)

    @property
    def path(self) -> str:
        """The current page, relative to the site root, with its `#fragment`."""
        url = self.page.url
        assert url.startswith(self.base), f"left the site: {url}"
        return url.removeprefix(self.base)

    def search(self, query: str, *, every_word: bool = True) -> list[str]:
        """Type `query` into the header's search field; the pages found, best first, relative
        to the site root. With `every_word`, only pages where Material found every word of the
        query in one place (the page, or one of its sections), not just some of them."""
        page = self.page
        field = page.locator("input.md-search__input")
        meta = page.locator(".md-search-result__meta")
        # Material's words in the page's language (each edition has its own), from the
        # configuration it writes into the page.
        words = page.evaluate(
            "JSON.parse(document.getElementById('__config').textContent).translations"
        )
        placeholder = words.get("search.result.placeholder", EMPTY_SEARCH)
        counted = re.compile(
            "|".join(
                re.escape(words[key].replace("#", "").strip())
                for key in ("search.result.one", "search.result.other")
                if key in words
            )
            or "matching document"
        )
        # Material reads the field on keyup. Putting the whole query in and then pressing one
        # key sends exactly one query, so the results shown are those of the whole query, not
        # of a part typed so far.
        field.click()
        field.fill("")
        field.press("End")
        meta.filter(has_text=placeholder).wait_for()
        field.fill(query)
        field.press("End")
        meta.filter(has_text=counted).wait_for()
        # One list item per page: its links are the page and its matching sections, each
        # listing the words it lacks ("Missing: …").
        items = page.locator(".md-search-result__item").evaluate_all(
            """items => items.map(item => ({
                href: item.querySelector("a.md-search-result__link").href,
                complete: [...item.querySelectorAll("a.md-search-result__link")]
                    .some(link => !link.querySelector(".md-search-result__terms del")),
            }))"""
        )
        found: list[str] = []
        for item in items:
            href = item["href"]
            assert href.startswith(self.base), f"a search result leaves the site: {href}"
            if item["complete"] or not every_word:
                found.append(href.removeprefix(self.base).partition("#")[0])
        return found

    def serious_accessibility_violations(self) -> list[str]:
        """axe-core's serious and critical violations on the current page, one line each."""
        if not AXE.exists():
            pytest.fail(f"{AXE.relative_to(REPO)} is missing: run `npm ci` (make test does)")
        self.page.add_script_tag(path=str(AXE))
        violations = self.page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"], preload: false})).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.impact} ${v.id}: ${v.help} at `
                    + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "))"""
        )
        return list(violations)


def _watch(context: BrowserContext, reader: Reader, allowed: tuple[str, ...]) -> None:
    def route(route: Route) -> None:
        url = route.request.url
        if url.startswith(allowed):
            route.continue_()
        else:
            reader.outside.append(url)
            route.abort()

    context.route("**/*", route)
    reader.page.on(
        "console",
        lambda message: reader.errors.append(message.text) if message.type == "error" else None,
    )
    reader.page.on("pageerror", lambda error: reader.errors.append(str(error)))


def open_reader(browser: Browser, base: str, allowed: tuple[str, ...]) -> Iterator[Reader]:
    """A fresh tab on the site at `base` that may fetch only URLs starting with `allowed`;
    on exit, checks that nothing else was asked for and no error was logged."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    reader = Reader(context.new_page(), base)
    _watch(context, reader, allowed)
    try:
        yield reader
    finally:
        context.close()
    assert reader.outside == [], f"requests left the site: {reader.outside}"
    assert reader.errors == [], f"the pages logged errors: {reader.errors}"


def file_base(site: Path) -> str:
    return site.resolve().as_uri() + "/"


@pytest.fixture
def seed_reader(browser: Browser, built_seed: Project) -> Iterator[Reader]:
    """A tab on the real dossier opened from disk, allowed to read files only."""
    yield from open_reader(browser, file_base(built_seed.site), ("file:",))


@pytest.fixture
def unpacked_zip(built_seed: Project, tmp_path: Path) -> Path:
    """The offline zip of the real dossier, unpacked into a folder of its own."""
    archive = built_seed.site / "download" / "dossier-offline.zip"
    target = tmp_path / "somewhere else"
    shutil.unpack_archive(archive, target)
    return target / "dossier-offline"


def copy_seed_project(root: Path) -> Project:
    """The real dossier of this repository (site_src/ as committed), copied into `root`."""
    root.mkdir(parents=True)
    for name in ("templates", "schema", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)
