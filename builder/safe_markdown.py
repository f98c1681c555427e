"""Markdown for the text editors write (summaries, the About page), with raw HTML switched off.

Python-Markdown passes `<...>` through as raw HTML; here it stays text. Links keep only http,
https, in-page and relative targets (relative `.md` links become the built `.html` pages), and
images are shown as their alt text, because the site makes no request to any outside host.
"""

from __future__ import annotations

import functools
import posixpath
import re
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


# Plain text with footnotes, the way editors write meeting summaries, is rendered directly:
# Python-Markdown's footnote machinery costs about a millisecond a summary. Only text that
# holds nothing but plain paragraphs and known footnote references takes this path; the tests
# check it against Python-Markdown on many generated summaries.
_PLAIN_LINE = re.compile(r"[^\W\d_][^\\`*_\[\]{}<>&|#~\x00-\x1f\x7f]*(?<! )")
_REFERENCE = re.compile(r"\[\^([^\]]*)\]")
_BACKREF = '<a class="footnote-backref" href="#fnref{}:{}" title="Back to the text">&#8617;</a>'


def render_plain_footnoted(text: str, notes: list[tuple[str, str]]) -> str | None:
    """What `render_markdown` makes of `text` followed by the footnote definitions `notes`
    (label, HTML content), when `text` is plain paragraphs with footnote references only;
    None for any other text."""
    numbers = {label: number for number, (label, _) in enumerate(notes, start=1)}
    if len(numbers) != len(notes):
        return None
    counts = dict.fromkeys(numbers, 0)
    paragraphs: list[list[str]] = [[]]
    for line in text.strip("\n").split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        pieces: list[str] = []
        last = 0
        for reference in _REFERENCE.finditer(line):
            label = reference.group(1)
            after = line[reference.end() :].lstrip()
            if label not in numbers or line[: reference.start()].endswith("!") or after[:1] == ":":
                return None
            counts[label] += 1
            ref_id = "fnref" + (str(counts[label]) if counts[label] > 1 else "") + f":{label}"
            pieces.append(line[last : reference.start()])
            pieces.append(
                f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{label}">'
                f"{numbers[label]}</a></sup>"
            )
            last = reference.end()
        pieces.append(line[last:])
        if not _PLAIN_LINE.fullmatch("".join(pieces[::2])):
            return None
        paragraphs[-1].append("".join(pieces))
    body = "\n".join(f"<p>{chr(10).join(lines)}</p>" for lines in paragraphs if lines)
    if not body:
        return None
    items = []
    for label, content in notes:
        backrefs = "".join(
            _BACKREF.format(str(index) if index > 1 else "", label)
            for index in range(1, max(1, counts[label]) + 1)
        )
        items.append(f'<li id="fn:{label}">\n<p>{content}&#160;{backrefs}</p>\n</li>')
    notes_html = "\n".join(items)
    return f'{body}\n<div class="footnote">\n<hr>\n<ol>\n{notes_html}\n</ol>\n</div>'
