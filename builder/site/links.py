"""The pages of the site and their anchors, and the check of links editors write to them.

Summaries and the About page may link to our own pages (`../people/putin.html#quotes`).
MkDocs does not see these links (they reach it as HTML), so the site checks them itself,
against the pages and anchors it is about to write.
"""

from __future__ import annotations

import difflib
import re

from builder.content.validate import Verified
from builder.problems import Problem
from builder.site.data_files import DATA_FILES
from builder.site.pages import PAGE_KINDS, index_site, meeting_page
from builder.site.safe_markdown import own_page_links


def site_anchors(verified: Verified) -> dict[str, set[str]]:
    """Every page and file of the built site, with the anchors that links written by editors
    may name, as the page kinds declare them."""
    index = index_site(verified)
    pages: dict[str, set[str]] = {name: set() for name in DATA_FILES}
    for kind in PAGE_KINDS:
        for item in kind.items(index):
            pages[kind.path(item)] = kind.anchors(item, index)
            pages.update((path, set()) for path in kind.files(item))
    return pages


def _written_at(text: str, written: str, start: int) -> tuple[int, int]:
    """The line (from 0) of `text` where the link target `written` stands whole, not inside a
    longer target (`../people/` in `../people/x.html`), looked for from `start` first; and
    where to look for the next link."""
    pattern = re.compile(r"(?<![^\s(<:])" + re.escape(written) + r"(?![^\s)>])")
    found = pattern.search(text, start) or pattern.search(text)
    if found is None:
        return 0, start
    return text.count("\n", 0, found.start()), found.end()


def check_own_links(verified: Verified) -> list[Problem]:
    """Links from summaries (the English and the Vietnamese) and the About page to our own
    pages must reach a page, and an anchor on it when they name one. Every edition has the
    same pages at the same paths, and links to the files they share are made to reach them at
    the site's root (`builder.site.editions.rooted`): one check holds for every edition."""
    problems: list[Problem] = []
    pages: dict[str, set[str]] | None = None  # made when a first link needs it
    texts = [
        (meeting.where.path, meeting.summary_line, meeting.summary, meeting_page(meeting.slug))
        for meeting in verified.dossier.meetings
    ]
    # The Vietnamese summary is shown in the Vietnamese edition, at the same page path.
    for meeting in verified.dossier.meetings:
        summary_vi = meeting.record.summary_vi
        if summary_vi is not None:
            first_line = meeting.where.line_of("summary_vi") + ("\n" in summary_vi.rstrip("\n"))
            texts.append((meeting.where.path, first_line, summary_vi, meeting_page(meeting.slug)))
    texts.append(("site_src/about.md", 1, verified.dossier.about, "about.html"))
    for path, first_line, text, page in texts:
        searched = 0  # links come in the order written: each is looked for after the last
        for written, target in own_page_links(text, page):
            if pages is None:
                pages = site_anchors(verified)
            offset, searched = _written_at(text, written, searched)
            line = first_line + offset
            target_page, _, fragment = target.partition("#")
            if target_page not in pages:
                close = difflib.get_close_matches(target_page, list(pages), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                message = (
                    f"link {written!r} goes to {target_page}, which is not a page of this "
                    f"dossier{hint}"
                )
                problems.append(Problem(path, line, message))
            elif fragment and fragment not in pages[target_page]:
                anchors = sorted(pages[target_page])
                known = f" (anchors there: {', '.join(anchors)})" if anchors else ""
                message = (
                    f"link {written!r} goes to #{fragment}, which is not on {target_page}{known}"
                )
                problems.append(Problem(path, line, message))
    return problems
