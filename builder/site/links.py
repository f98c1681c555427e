"""The pages of the site and their anchors, and the check of links editors write to them.

Summaries and the About page may link to our own pages (`../people/putin.html#quotes`).
MkDocs does not see these links (they reach it as HTML), so the site checks them itself,
against the pages and anchors it is about to write.
"""

from __future__ import annotations

import difflib
import re

from builder.content.models import Rights
from builder.content.validate import Verified
from builder.problems import Problem
from builder.site.pages import meeting_page, person_page, source_page
from builder.site.safe_markdown import own_page_links

_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")


def site_anchors(verified: Verified) -> dict[str, set[str]]:
    """Every page of the built site, with the anchors that links written by editors may name."""
    dossier = verified.dossier
    pages: dict[str, set[str]] = {
        "index.html": {"timeline"},
        "about.html": set(),
        "dossier.json": set(),
        "dossier.schema.json": set(),
    }
    for meeting in dossier.meetings:
        record = meeting.record
        pages[meeting_page(meeting.slug)] = {
            "summary",
            "quotes",
            "sources",
            *(f"q-{quote.id}" for quote in record.quotes),
            # A source the summary does not cite has no footnote (render: only cited ones).
            *(
                f"{kind}:{source}"
                for source in set(record.sources) & set(_FOOTNOTE.findall(meeting.summary))
                for kind in ("fn", "fnref")
            ),
        }
    for person_id in dossier.people:
        pages[person_page(person_id)] = {"quotes"}
    for source_id, source in dossier.sources.items():
        full = source.record.rights is Rights.full
        pages[source_page(source_id)] = {
            "article-text" if full else "quoted-passages",
            "cuts-from-the-raw-file",
        } | {f"p-{paragraph.number}" for paragraph in source.paragraphs if full}
        if full:
            pages[f"raw/{source_id}.txt"] = set()
    for meeting in dossier.meetings:
        for quote in meeting.record.quotes:
            anchor = f"q-{quote.id}"
            match = verified.matches.get(quote.id)
            if match is not None:
                on_source = pages.get(source_page(quote.source))
                if on_source is not None:
                    on_source.add(anchor)
                    on_source.add(f"p-{match.paragraph.number}")
            on_person = pages.get(person_page(quote.speaker))
            if on_person is not None:
                on_person.add(anchor)
    return pages


def check_own_links(verified: Verified) -> list[Problem]:
    """Links from summaries and the About page to our own pages must reach a page, and an
    anchor on it when they name one."""
    problems: list[Problem] = []
    pages: dict[str, set[str]] | None = None  # made when a first link needs it
    texts = [
        (meeting.where.path, meeting.summary_line, meeting.summary, meeting_page(meeting.slug))
        for meeting in verified.dossier.meetings
    ]
    texts.append(("site_src/about.md", 1, verified.dossier.about, "about.html"))
    for path, first_line, text, page in texts:
        lines = text.split("\n")
        for written, target in own_page_links(text, page):
            if pages is None:
                pages = site_anchors(verified)
            line = first_line + next(
                (index for index, content in enumerate(lines) if written in content), 0
            )
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
