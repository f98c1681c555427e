"""A link checker for a built site: every internal link and `#anchor` must resolve.

Reads the HTML like a browser would follow it: links, stylesheets, scripts, images and their
`srcset`, `url(...)` in the site's CSS, plus the pages the search index and the export point
to. External (`http:`, `https:`, ...) targets are not fetched; a link that climbs out of the
site folder is broken.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# (selector, attribute) pairs whose values are URLs the browser loads or follows.
URL_ATTRIBUTES = [
    ("a[href]", "href"),
    ("area[href]", "href"),
    ("link[href]", "href"),
    ("script[src]", "src"),
    ("img[src]", "src"),
    ("iframe[src]", "src"),
    ("source[src]", "src"),
    ("video[src]", "src"),
    ("audio[src]", "src"),
    ("form[action]", "action"),
]
SRCSET = ["img[srcset]", "source[srcset]"]
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


class Site:
    """A built site folder, with the ids of each page parsed once."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._ids: dict[Path, set[str]] = {}
        self.broken: list[str] = []

    def ids(self, page: Path) -> set[str]:
        if page not in self._ids:
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            found = [str(tag["id"]) for tag in soup.select("[id]")]
            found += [str(tag["name"]) for tag in soup.select("a[name]")]
            self._ids[page] = set(found)
        return self._ids[page]

    def check(self, origin: str, base: Path, target: str) -> None:
        """Record `target` as broken if, followed from a file in `base`, it does not resolve."""
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//"):
            return  # not ours to fetch
        # No path: a link within the page itself.
        path = (base / unquote(parts.path)).resolve() if parts.path else None
        if path is not None:
            if not path.is_relative_to(self.root):
                self.broken.append(f"{origin} → {target}: outside the site")
                return
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                self.broken.append(f"{origin} → {target}: no such file")
                return
        page = path or (self.root / origin.split("#")[0])
        fragment = unquote(parts.fragment)
        if fragment and page.suffix == ".html" and fragment not in self.ids(page):
            self.broken.append(f"{origin} → {target}: no anchor #{fragment}")


def broken_links(site_dir: Path, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """Every broken internal link, anchor or asset reference in a built site, as
    `page → target: why`. Duplicate ids on a page are reported too: they make anchors
    ambiguous. `skip` names root pages that are served under any path (404.html)."""
    site = Site(site_dir)
    for page in sorted(site.root.rglob("*.html")):
        name = page.relative_to(site.root).as_posix()
        if name in skip:
            continue
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        ids = [str(tag["id"]) for tag in soup.select("[id]")]
        site.broken += [
            f"{name}: id {value!r} used {ids.count(value)} times"
            for value in sorted(set(ids))
            if ids.count(value) > 1
        ]
        for selector, attribute in URL_ATTRIBUTES:
            for tag in soup.select(selector):
                site.check(name, page.parent, str(tag[attribute]).strip())
        for selector in SRCSET:
            for tag in soup.select(selector):
                for candidate in str(tag["srcset"]).split(","):
                    if candidate.strip():
                        site.check(name, page.parent, candidate.split()[0])
    for stylesheet in sorted(site.root.rglob("*.css")):
        name = stylesheet.relative_to(site.root).as_posix()
        for _, url in CSS_URL.findall(stylesheet.read_text(encoding="utf-8")):
            site.check(name, stylesheet.parent, url.strip())
    index = site.root / "search" / "search_index.json"
    if index.is_file():
        for entry in json.loads(index.read_text(encoding="utf-8"))["docs"]:
            site.check("search/search_index.json", site.root, entry["location"])
    export = site.root / "dossier.json"
    if export.is_file():
        data = json.loads(export.read_text(encoding="utf-8"))
        for kind in ("meetings", "quotes", "sources", "people"):
            for item in data.get(kind, []):
                for key in ("page", "source_page"):
                    if key in item:
                        site.check(f"dossier.json {kind}", site.root, item[key])
    return site.broken
