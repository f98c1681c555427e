"""Markdown for the text editors write (summaries, the About page), with raw HTML switched off.

Python-Markdown passes `<...>` through as raw HTML; here it stays text. Links keep only http,
https, in-page and relative targets (relative `.md` links become the built `.html` pages), and
images are shown as their alt text, because the site makes no request to any outside host.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteExtension
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
        self.own_links: list[tuple[str, str]] = []
        """Links to our own pages kept: (the target as written, the site-relative target)."""

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
                        elif not {"footnote-ref", "footnote-backref"} & set(
                            child.get("class", "").split()
                        ):
                            written = browser_url(href) or href
                            self.own_links.append((written, self._site_target(safe)))

    def _site_target(self, href: str) -> str:
        """A kept relative link as a site-relative path, with its fragment."""
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(self.page_dir, path)) if path else ""
        return target.removeprefix("./") + (f"#{fragment}" if fragment else "")

    def _safe_href(self, href: str) -> str | None:
        """The link target as the browser will read it, if it is allowed; else None."""
        url = browser_url(href)
        if url is None:
            return None
        try:
            parts = urlsplit(url)
        except ValueError:  # `https://e.org[`: no browser target we can vouch for
            return None
        if parts.scheme:
            return url if parts.scheme.lower() in {"http", "https"} and parts.netloc else None
        if url.startswith("//"):
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


# Python-Markdown hides backslash-escaped characters as STX + code point + ETX until its last
# tree processor, and `&` as a placeholder until its last post-processor.
_STASHED_CHAR = re.compile(f"{markdown.util.STX}([0-9]+){markdown.util.ETX}")
# The serializer writes `&` as `&amp;` unless it starts an entity; such an `&` would then be
# decoded by the browser a second time.
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);", re.IGNORECASE)


def browser_url(href: str) -> str | None:
    """The URL a browser would follow for a Markdown link target, or None if ambiguous.

    Character references are decoded (`javascript&#58;` is `javascript:` to a browser), ASCII
    tabs and newlines removed, leading and trailing controls and spaces stripped, and `\\`
    read as `/`, as the WHATWG URL parser does, so the scheme we check is the one it sees.
    """
    value = _STASHED_CHAR.sub(lambda match: chr(int(match.group(1))), href)
    value = html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    if _ENTITY.search(value):
        return None
    value = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
    return value.replace("\\", "/")


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


@functools.lru_cache(maxsize=16)
def _converter(page_dir: str) -> tuple[markdown.Markdown, _LinkGuard]:
    """One converter per folder of pages, reset before each use: setting up Python-Markdown
    costs more than converting a summary."""
    # The footnotes extension as an object, not by name: a name is looked up among the
    # entry points of every installed package, where another package could also claim it.
    footnotes = FootnoteExtension(BACKLINK_TITLE="Back to the text", SUPERSCRIPT_TEXT="{}")
    md = markdown.Markdown(
        extensions=[footnotes, SafeMarkdownExtension(page_dir)], output_format="html"
    )
    guard = md.treeprocessors["dossier_link_guard"]
    assert isinstance(guard, _LinkGuard)
    return md, guard


def _markdown(page_path: str) -> tuple[markdown.Markdown, _LinkGuard]:
    md, guard = _converter(posixpath.dirname(page_path))
    md.reset()
    guard.own_links = []
    return md, guard


def render_markdown(text: str, page_path: str) -> str:
    """Render editor-written Markdown for the page at `page_path` (site-relative)."""
    md, _ = _markdown(page_path)
    return md.convert(text)


_PLAIN_REFERENCE = re.compile(r"\[\^[^\]\[]*\](?!\s*[(\[])")


def own_page_links(text: str, page_path: str) -> list[tuple[str, str]]:
    """The links to our own pages in editor-written Markdown: (as written, site-relative
    target with its fragment; a link within the page has the page's own path)."""
    if "<" not in text and "[" not in _PLAIN_REFERENCE.sub("", text):
        # No bracket but footnote references, no angle bracket: Markdown writes no link.
        return []
    md, guard = _markdown(page_path)
    md.convert(text)
    return [
        (written, target if not target.startswith("#") else page_path + target)
        for written, target in guard.own_links
    ]


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
