"""Real-browser check of the hostile dossier: no payload runs, on any page or in search.

Playwright drives Debian's Chromium (`/usr/bin/chromium`; Playwright's own browser download
does not work here). Every page is opened from `file://`, as a reader opens the folder; search
needs its worker, so it is tried over HTTP on 127.0.0.1.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from builder.cli import main
from tests.hostile import P, make_hostile_project

CHROMIUM = Path("/usr/bin/chromium")

# What only a payload could have put into the live page, after Material's scripts ran: an
# inline script with a payload, any inline event handler, an image from `src=x`, a link whose
# resolved URL has another scheme than http, https or file.
INJECTED = """() => {
  const found = [];
  for (const script of document.scripts) {
    // A JSON-LD block is data the browser never runs (its escaping: test_open_data.py).
    if (script.type === "application/ld+json") continue;
    if (script.textContent.includes("alert")) found.push("inline script with a payload");
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith("on")) found.push(`<${element.localName} ${attribute.name}>`);
    }
    if (element.localName === "img" && element.getAttribute("src") === "x") found.push("<img src=x>");
  }
  for (const link of document.querySelectorAll("a[href], area[href]")) {
    // The attribute, resolved as the browser follows it: an SVG link's `href` is no string.
    const url = new URL(link.getAttribute("href"), document.baseURI);
    if (!["http:", "https:", "file:"].includes(url.protocol)) {
      found.push(`<a href=${link.getAttribute("href")}>`);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile dossier, built (its own small fixture: no shared browser set-up needed)."""
    root = make_hostile_project(tmp_path_factory.mktemp("browser-hostile") / "project")
    assert main(["build", "--root", str(root)]) == 0
    return root / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Debian's chromium at {CHROMIUM}: apt-get install chromium"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Watched:
    """A page that records every dialog (dismissing it) and aborts requests that leave."""

    def __init__(self, browser: Browser, allowed: tuple[str, ...]) -> None:
        self.page: Page = browser.new_page()
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", functools.partial(self._route, allowed))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, allowed: tuple[str, ...], route: Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def injected(self) -> list[str]:
        found: list[str] = self.page.evaluate(INJECTED)
        return found


def test_the_harness_sees_a_dialog(browser: Browser) -> None:
    watched = Watched(browser, ("about:",))
    watched.page.set_content("<p>control</p><script>alert('control')</script>")
    assert watched.dialogs == ["control"]
    watched.page.close()


def test_no_payload_runs_on_any_page(browser: Browser, site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 13  # 7 in English, and each but the 404 page again in Vietnamese
    watched = Watched(browser, ("file://",))
    found = {}
    for path in pages:
        watched.page.goto(path.as_uri(), wait_until="load")
        watched.page.wait_for_timeout(150)  # Material's scripts run after load
        found[path.relative_to(site).as_posix()] = (watched.injected(), list(watched.outside))
    watched.page.close()
    assert watched.dialogs == []
    assert {page: result for page, result in found.items() if result != ([], [])} == {}


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    thread.join()


def test_search_results_show_payloads_as_text(browser: Browser, served: str) -> None:
    watched = Watched(browser, (served,))
    watched.page.goto(served + "index.html", wait_until="networkidle")
    query = watched.page.locator("input[data-md-component=search-query]")
    query.click()
    query.press_sequentially("onerror", delay=20)
    results = watched.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 5
    shown = watched.page.inner_text(".md-search-result__list")
    assert " ".join(P["headline"].split()[:6]) in " ".join(shown.split())
    assert watched.injected() == []
    assert watched.dialogs == []
    assert watched.outside == []
    watched.page.close()
