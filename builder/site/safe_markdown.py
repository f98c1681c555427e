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

from builder.site.editions import rooted
from builder.site.strings import interface_text

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
                            target = self._site_target(safe)
                            self.own_links.append((written, target))
                            if rooted(target) != target:  # a shared file, at the site's root
                                child.set("href", self._link_to(rooted(target)))

    def _site_target(self, href: str) -> str:
        """A kept relative link as a site-relative path, with its fragment."""
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(self.page_dir, path)) if path else ""
        return target.removeprefix("./") + (f"#{fragment}" if fragment else "")

    def _link_to(self, target: str) -> str:
        """The relative link from this folder of pages to `target`, a path from the root of
        the edition being rendered (`../dossier.json`), with its fragment."""
        path, hash_sign, fragment = target.partition("#")
        return posixpath.relpath(path, self.page_dir or ".") + hash_sign + fragment

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


FOOTNOTE_SEPARATOR = ","
"""Written before each of two or more adjacent footnote markers, inside its superscript:
`fields.¹,²,³`, where `fields.¹²³` would read as one hundred and twenty-three. It is text, so
it is also in the search index, in copied text and in print."""


def _is_marker(element: etree.Element) -> bool:
    """Whether `element` is a footnote marker as Python-Markdown writes it (`<sup><a>`)."""
    return (
        element.tag == "sup"
        and len(element) == 1
        and element[0].tag == "a"
        and "footnote-ref" in element[0].get("class", "").split()
    )


class _FootnoteMarkers(Treeprocessor):
    """Footnote markers a reader can tell apart, and notes that only lead back to a marker.

    Python-Markdown numbers notes in the order they are defined; they are numbered here in
    the order a reader meets their markers, and listed so. (Its own option to do this,
    `USE_DEFINITION_ORDER=False`, fails on an empty definition.) Markers that touch are put
    in number order and separated (`FOOTNOTE_SEPARATOR`). A note that nothing cites is
    listed last without its back link, which would lead to a marker that does not exist; with
    `drop_uncited`, not at all (a meeting's sources are all listed on its page anyway).
    """

    def __init__(self, md: markdown.Markdown, drop_uncited: bool) -> None:
        super().__init__(md)
        self.drop_uncited = drop_uncited

    def run(self, root: etree.Element) -> None:
        numbers: dict[str, int] = {}
        """The notes cited (`fn:<label>`), numbered in the order their markers are met."""
        marker_ids = set()
        for element in root.iter():
            if _is_marker(element):
                link = element[0]
                target = link.get("href", "").removeprefix("#")
                link.text = str(numbers.setdefault(target, len(numbers) + 1))
                marker_ids.add(element.get("id", ""))
        for parent in list(root.iter()):
            _order_adjacent_markers(parent)
            for child in list(parent):
                if child.tag == "div" and child.get("class") == "footnote":
                    self._list_notes(parent, child, numbers, marker_ids)

    def _list_notes(
        self,
        parent: etree.Element,
        div: etree.Element,
        numbers: dict[str, int],
        marker_ids: set[str],
    ) -> None:
        notes = div.find("ol")
        if notes is None:
            return
        items = list(notes)
        uncited = len(numbers) + 1
        items.sort(key=lambda item: numbers.get(item.get("id", ""), uncited))
        notes[:] = items
        for item in items:
            if item.get("id", "") in numbers:
                continue
            if self.drop_uncited:
                notes.remove(item)
                continue
            for holder in list(item.iter()):
                for link in list(holder):
                    backref = "footnote-backref" in link.get("class", "").split()
                    if backref and link.get("href", "")[1:] not in marker_ids:
                        _remove_keeping_tail(holder, link)
        if not len(notes):
            parent.remove(div)


def _order_adjacent_markers(parent: etree.Element) -> None:
    """Sort each run of adjacent footnote markers among `parent`'s children by number, and
    separate them. Adjacent: nothing, not even a space, between one and the next."""
    children = list(parent)
    start = 0
    while start < len(children):
        end = start
        while _is_marker(children[end]) and end + 1 < len(children):
            if children[end].tail or not _is_marker(children[end + 1]):
                break
            end += 1
        if end > start:
            run = children[start : end + 1]
            tail = run[-1].tail
            for marker in run:
                marker.tail = None
            run.sort(key=lambda marker: int(marker[0].text or 0))
            for marker in run[1:]:
                marker.text = FOOTNOTE_SEPARATOR
            run[-1].tail = tail
            parent[start : end + 1] = run
        start = end + 1


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child`, keeping the text that follows it."""
    index = list(parent).index(child)
    if child.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


class _TextLanguage(Treeprocessor):
    """`lang` on the text's own blocks, not on its footnotes: a summary shown in English on
    a page of another language is marked as English, while its notes, worded in the page's
    language, are not."""

    def __init__(self, md: markdown.Markdown, language: str) -> None:
        super().__init__(md)
        self.language = language

    def run(self, root: etree.Element) -> None:
        for child in root:
            if not (child.tag == "div" and child.get("class") == "footnote"):
                child.set("lang", self.language)


class SafeMarkdownExtension(Extension):
    """Registers the link guard and the footnote markers' order, and removes raw HTML handling;
    with `text_language`, marks the text's blocks as written in that language."""

    def __init__(
        self, page_dir: str, drop_uncited_notes: bool = False, text_language: str | None = None
    ) -> None:
        super().__init__()
        self.page_dir = page_dir
        self.drop_uncited_notes = drop_uncited_notes
        self.text_language = text_language

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # After the inline patterns (20) made the markers, before the footnotes' duplicate
        # back links (15).
        md.treeprocessors.register(
            _FootnoteMarkers(md, self.drop_uncited_notes), "dossier_footnote_markers", 17
        )
        # After footnotes (priority 50) so generated back-links are seen, before prettify.
        md.treeprocessors.register(_LinkGuard(md, self.page_dir), "dossier_link_guard", 15)
        if self.text_language is not None:
            # After the footnotes extension (50) has added its notes to the tree.
            md.treeprocessors.register(
                _TextLanguage(md, self.text_language), "dossier_text_language", 14
            )


@functools.lru_cache(maxsize=16)
def _converter(
    page_dir: str, drop_uncited_notes: bool, back_link: str, text_language: str | None = None
) -> tuple[markdown.Markdown, _LinkGuard]:
    """One converter per folder of pages, reset before each use: setting up Python-Markdown
    costs more than converting a summary."""
    # The footnotes extension as an object, not by name: a name is looked up among the
    # entry points of every installed package, where another package could also claim it.
    footnotes = FootnoteExtension(BACKLINK_TITLE=back_link, SUPERSCRIPT_TEXT="{}")
    md = markdown.Markdown(
        extensions=[
            footnotes,
            SafeMarkdownExtension(page_dir, drop_uncited_notes, text_language),
        ],
        output_format="html",
    )
    guard = md.treeprocessors["dossier_link_guard"]
    assert isinstance(guard, _LinkGuard)
    return md, guard


def _markdown(
    page_path: str, drop_uncited_notes: bool = False, text_language: str | None = None
) -> tuple[markdown.Markdown, _LinkGuard]:
    back_link = interface_text("meeting.note_back_link")
    md, guard = _converter(
        posixpath.dirname(page_path), drop_uncited_notes, back_link, text_language
    )
    md.reset()
    guard.own_links = []
    return md, guard


def render_markdown(
    text: str,
    page_path: str,
    *,
    drop_uncited_notes: bool = False,
    text_language: str | None = None,
) -> str:
    """Render editor-written Markdown for the page at `page_path` (site-relative).

    Footnotes are numbered in the order they are first cited. A footnote that nothing cites
    is listed last, without a back link; with `drop_uncited_notes`, not at all. With
    `text_language`, the text's blocks (not its notes) carry `lang="<text_language>"`."""
    md, _ = _markdown(page_path, drop_uncited_notes, text_language)
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
