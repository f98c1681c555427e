"""The dossier as GitHub Pages serves it: over http, under a project subpath (`/dossier/`),
built with the `site_url` that the Pages workflow passes in, and with the site's 404.html
answering every missing address. Served on 127.0.0.1 by the test itself."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Response

from builder.cli import main
from tests.browser.conftest import Reader, copy_seed_project, open_reader

SUBPATH = "dossier"
PYONGYANG = "meetings/2024-06-19-pyongyang.html"


class PagesLikeHandler(SimpleHTTPRequestHandler):
    """Serves a folder as GitHub Pages serves a project site: a missing address gets the
    site's own 404.html, with status 404."""

    not_found_page: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND:
            super().send_error(code, message, explain)
            return
        body = self.not_found_page.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Hosted:
    site: Path
    base: str
    """The site's address, ending in `/`."""


@pytest.fixture(scope="session")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hosted]:
    """The real dossier built for http://127.0.0.1:PORT/dossier/ and served there."""
    served = tmp_path_factory.mktemp("pages")
    site = served / SUBPATH
    handler = type("Handler", (PagesLikeHandler,), {"not_found_page": site / "404.html"})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(served))
    )
    base = f"http://127.0.0.1:{server.server_address[1]}/{SUBPATH}/"
    project = copy_seed_project(served.parent / f"{served.name}-project")
    with pytest.MonkeyPatch.context() as environment:
        # What the workflow does with the base URL that configure-pages gives it.
        environment.setenv("DOSSIER_SITE_URL", base.rstrip("/"))
        assert main(["build", "--root", str(project.root), "--out", str(site)]) == 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Hosted(site, base)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def web_reader(browser: Browser, hosted: Hosted) -> Iterator[Reader]:
    origin = hosted.base.removesuffix(f"{SUBPATH}/")
    yield from open_reader(browser, hosted.base, (origin,))


def test_search_over_http_runs_in_a_real_worker_and_folds_accents(web_reader: Reader) -> None:
    web_reader.open("index.html")
    assert web_reader.search("Binh Nhuong")[0] == PYONGYANG
    assert any(path.startswith("meetings/") for path in web_reader.search("hoi dam"))
    # Over http no stand-in frame is needed: the browser ran a real worker.
    assert web_reader.page.locator("iframe").count() == 0


def test_the_404_page_works_under_the_project_subpath(web_reader: Reader) -> None:
    page = web_reader.page
    failed: list[str] = []

    def check(response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            failed.append(f"{response.status} {response.url}")

    page.on("response", check)
    response = page.goto(web_reader.base + "no/such/page.html")
    assert response is not None and response.status == HTTPStatus.NOT_FOUND
    # The browser logs the 404 of the page itself; that one is expected.
    web_reader.errors.remove(
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )
    assert page.locator("h1").inner_text() == "404 - Not found"
    # Material's stylesheet and script loaded from /dossier/assets/, not from /assets/.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    assert header == "sticky"
    assert failed == []
    assert web_reader.serious_accessibility_violations() == []
    # Its links lead back into the site, and search works from it.
    assert web_reader.search("Binh Nhuong")[0] == PYONGYANG
    page.locator(f"a.md-search-result__link[href$='{PYONGYANG}']").first.click()
    web_reader.wait_for(PYONGYANG)


def test_pages_name_their_address_on_pages(web_reader: Reader, hosted: Hosted) -> None:
    web_reader.open("index.html")
    canonical = web_reader.page.locator("link[rel=canonical]").get_attribute("href")
    assert canonical == hosted.base + "index.html"
    sitemap = (hosted.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{hosted.base}{PYONGYANG}</loc>" in sitemap


def test_both_editions_over_http_under_the_subpath(web_reader: Reader) -> None:
    """The twin links and each edition's search, as GitHub Pages serves the site."""
    from tests.browser.test_two_editions import search_in_vietnamese, walk_to_the_twin_and_back

    walk_to_the_twin_and_back(web_reader)
    search_in_vietnamese(web_reader)
    assert web_reader.page.locator("iframe").count() == 0
