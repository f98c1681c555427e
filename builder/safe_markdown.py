"""Markdown for the text editors write (summaries, the About page), with raw HTML switched off.

Python-Markdown passes `<...>` through as raw HTML; here it stays text. Links keep only http,
https, in-page and relative targets (relative `.md` links become the built `.html` pages), and
images are shown as their alt text, because the site makes no request to any outside host.
"""

from __future__ import annotations

import functools
import posixpath
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Python-Markdown's own escapable characters; `<` and `&` become entities instead.
_ESCAPED = set("\\`*_{}[]()>#+-.!")


def escape_markdown(text: str) -> str:
    """Escape text so that Markdown shows it as it is (no emphasis, links or HTML)."""
    out = []
    for char in text:
        if char == "<":
            out.append("&lt;")
        elif char == "&":
            out.append("&amp;")
        elif char in _ESCAPED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out).replace("\n", " ")


class _LinkGuard(Treeprocessor):
    """Neutralises links with other schemes and images; rewrites `.md` links to `.html`."""

    def __init__(self, md: markdown.Markdown, page_dir: str) -> None:
        super().__init__(md)
        self.page_dir = page_dir

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(list(parent)):
                if child.tag == "img":
                    replacement = etree.Element("span")
                    replacement.text = child.get("alt", "")
                    replacement.tail = child.tail
                    parent.remove(child)
                    parent.insert(index, replacement)
                elif child.tag == "a":
                    href = child.get("href", "")
                    safe = self._safe_href(href)
                    if safe is None:
                        child.tag = "span"
                        child.attrib.clear()
                    else:
                        child.set("href", safe)
                        if urlsplit(safe).scheme:
                            child.set("rel", "noopener noreferrer")

    def _safe_href(self, href: str) -> str | None:
        parts = urlsplit(href.strip())
        if parts.scheme:
            return href if parts.scheme.lower() in {"http", "https"} and parts.netloc else None
        if parts.netloc or href.strip().startswith("//"):
            return None
        path = parts.path
        if path.endswith(".md"):
            path = path[: -len(".md")] + ".html"
        if path and (
            path.startswith("/")
            or posixpath.normpath(posixpath.join(self.page_dir, path)).startswith("..")
        ):
            return None
        return path + (f"#{parts.fragment}" if parts.fragment else "")


class SafeMarkdownExtension(Extension):
    """Registers the link guard and removes raw HTML handling."""

    def __init__(self, page_dir: str) -> None:
        super().__init__()
        self.page_dir = page_dir

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After footnotes (priority 50) so generated back-links are seen, before prettify.
        md.treeprocessors.register(_LinkGuard(md, self.page_dir), "dossier_link_guard", 15)


def render_markdown(text: str, page_path: str) -> str:
    """Render editor-written Markdown for the page at `page_path` (site-relative)."""
    return _markdown(posixpath.dirname(page_path)).reset().convert(text)


@functools.lru_cache(maxsize=16)
def _markdown(page_dir: str) -> markdown.Markdown:
    """One converter per folder of pages, reset before each use: setting up Python-Markdown
    costs more than converting a summary."""
    return markdown.Markdown(
        extensions=["footnotes", SafeMarkdownExtension(page_dir)],
        extension_configs={
            "footnotes": {"BACKLINK_TITLE": "Back to the text", "SUPERSCRIPT_TEXT": "{}"}
        },
        output_format="html",
    )
