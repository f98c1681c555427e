"""The page types of the site, each declared once as a `PageKind`: its site path, its template,
what its template is given, the anchors editors may link to, and its entry in the sidebar.

The render stage walks `PAGE_KINDS` to write the pages, the own-link check asks them for the
pages and anchors there will be, and the export takes its page paths from them. A new page
type is one more kind here and one more template.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2
from markupsafe import Markup, escape

from builder.content.models import Dossier, Meeting, QuoteRecord, Rights, Source
from builder.content.summary_check import FOOTNOTE_REFERENCE
from builder.content.text import Match
from builder.content.validate import Verified
from builder.site.claims import claim_views
from builder.site.data_files import OFFLINE_ZIP, open_data_links
from builder.site.nav import meetings_nav
from builder.site.passages import build_passages, cut_notes
from builder.site.render import View
from builder.site.safe_markdown import render_markdown
from builder.site.strings import interface_text
from builder.site.timeline import MeetingSequence, build_timeline, meeting_sequence, year_anchors
from builder.site.views import (
    Entry,
    QuoteBlocks,
    SourceViews,
    language_name,
    meeting_summary,
    meeting_view,
    source_view,
    summary_html,
)

Item = TypeVar("Item")


def meeting_page(slug: str) -> str:
    """The site path of a meeting page."""
    return f"meetings/{slug}.html"


def source_page(source_id: str) -> str:
    """The site path of a source page."""
    return f"sources/{source_id}.html"


def person_page(person_id: str) -> str:
    """The site path of a person page."""
    return f"people/{person_id}.html"


def organisation_page(organisation_id: str) -> str:
    """The site path of an organisation's page."""
    return f"organisations/{organisation_id}.html"


def speaker_page(dossier: Dossier) -> Callable[[str], str]:
    """The site path of a speaker's page, a person's or an organisation's, by id."""

    def page(speaker_id: str) -> str:
        if speaker_id in dossier.organisations:  # one id space: `load_people` sees to it
            return organisation_page(speaker_id)
        return person_page(speaker_id)

    return page


def raw_file(source_id: str) -> str:
    """The site path of a `full` source's raw file, offered for download."""
    return f"raw/{source_id}.txt"


def docs_file(page: str) -> str:
    """The file of the docs tree that MkDocs builds into the page at site path `page`."""
    return page.removesuffix(".html") + ".md"


@dataclass
class SiteIndex:
    """The verified dossier as its pages see it: who links to whom, gathered in one pass
    (looking it up page by page would grow with the square of the dossier)."""

    verified: Verified
    meetings: list[Meeting]
    """By date, then id: the timeline's order."""
    quoted: dict[str, list[tuple[str, Match]]] = field(default_factory=dict)
    """By source id: the quotes found in it (id, where), in the meetings' order."""
    said: dict[str, list[tuple[Meeting, QuoteRecord]]] = field(default_factory=dict)
    """By speaker id: the quotes they said, with their meetings, in the meetings' order."""
    claimed: dict[str, list[tuple[str, Match]]] = field(default_factory=dict)
    """By source id: the claims whose printed words stand in its article text (id, where),
    in the meetings' order."""


def index_site(verified: Verified) -> SiteIndex:
    """Gather who links to whom. A quote not found in its source (the check reports it) is
    on no source page."""
    meetings = sorted(
        verified.dossier.meetings, key=lambda item: (item.record.date, item.record.id)
    )
    index = SiteIndex(verified, meetings)
    for meeting in meetings:
        for quote in meeting.record.quotes:
            match = verified.matches.get(quote.id)
            if match is not None:
                index.quoted.setdefault(quote.source, []).append((quote.id, match))
            index.said.setdefault(quote.speaker, []).append((meeting, quote))
        matches = verified.claim_matches
        for claim in meeting.record.claims:
            for value in claim.values:
                match = matches.get((claim.id, value.source))
                if match is not None:
                    index.claimed.setdefault(value.source, []).append((claim.id, match))
    return index


@dataclass
class Views:
    """What the templates are given, made once for every page that shows it."""

    index: SiteIndex
    meetings: dict[str, View]
    """By meeting slug, in the timeline's order."""
    sources: SourceViews
    by_source: dict[str, list[View]]
    """The meetings that cite a source."""
    by_participant: dict[str, list[View]]
    by_speaker: dict[str, list[tuple[View, Entry, bool]]]
    """A speaker's quotes and statements (each statement once, its quotes inside), each with
    whether it is the first of its meeting (its heading)."""
    quote_blocks: QuoteBlocks
    sequence: dict[str, MeetingSequence]
    """By meeting slug: where the meeting stands in the timeline's order."""


def make_views(index: SiteIndex, environment: jinja2.Environment) -> Views:
    """The views of every meeting and source, and who links to whom among them."""
    dossier = index.verified.dossier
    sources = {
        key: source_view(source, source_page(key)) for key, source in dossier.sources.items()
    }
    meetings = {
        meeting.slug: meeting_view(meeting, dossier, meeting_page(meeting.slug))
        for meeting in index.meetings
    }
    by_source: dict[str, list[View]] = {}
    by_participant: dict[str, list[View]] = {}
    for view in meetings.values():
        for source_id in dict.fromkeys(view["record"].sources):
            by_source.setdefault(source_id, []).append(view)
        for person_id in dict.fromkeys(view["record"].participants):
            by_participant.setdefault(person_id, []).append(view)
    by_speaker: dict[str, list[tuple[View, Entry, bool]]] = {}
    for view in meetings.values():
        for entry in view["entries"]:
            said = by_speaker.setdefault(entry.speaker, [])
            said.append((view, entry, not said or said[-1][0] is not view))
    blocks = QuoteBlocks(environment, index.verified, sources, speaker_page(dossier))
    sequence = meeting_sequence(meetings)
    return Views(index, meetings, sources, by_source, by_participant, by_speaker, blocks, sequence)


@dataclass(frozen=True)
class PageKind(Generic[Item]):
    """One type of page: each of its pages shows one `Item` (a meeting, a source, …; None for
    a kind of a single page)."""

    template: str
    """The template in `templates/` that renders its pages."""
    items: Callable[[SiteIndex], Iterable[Item]]
    """What its pages show, one page each, in the order they are rendered."""
    path: Callable[[Item], str]
    """The site path of the page that shows an item."""
    context: Callable[[Item, Views], dict[str, Any]]
    """What its template is given (beside `page`, its site path, and `url`, its links)."""
    anchors: Callable[[Item, SiteIndex], set[str]]
    """The ids on the page that links written by editors may name (`page.html#id`)."""
    files: Callable[[Item], dict[str, Path]] = lambda _: {}
    """Files offered beside the page, by site path: the file each is copied from."""
    nav: Callable[[Views], dict[str, Any]] | None = None
    """Its entry in the sidebar; None for pages reached through links only."""


def _one_page(_: SiteIndex) -> list[None]:
    return [None]


def _home_context(_: None, views: Views) -> dict[str, Any]:
    meetings = list(views.meetings.values())
    return {
        "meetings": meetings,
        "timeline": build_timeline(meetings),
        "year_anchors": year_anchors(views.index.meetings),
        "dossier": views.index.verified.dossier,
        "offline_zip": OFFLINE_ZIP,
        "open_data": open_data_links(OFFLINE_ZIP),
    }


HOME: PageKind[None] = PageKind(
    template="index.md.j2",
    items=_one_page,
    path=lambda _: "index.html",
    context=_home_context,
    anchors=lambda _, index: {"timeline", *year_anchors(index.meetings).values()},
    nav=lambda _: {escape(interface_text("nav.timeline")): docs_file("index.html")},
)


def _shown_passages(source: Source, index: SiteIndex) -> list[tuple[str, Match]]:
    """The passages a source page anchors and highlights, by anchor: quotes' and claims'."""
    return [
        *((f"q-{quote_id}", match) for quote_id, match in index.quoted.get(source.id, [])),
        *((f"c-{claim_id}", match) for claim_id, match in index.claimed.get(source.id, [])),
    ]


def _source_context(source: Source, views: Views) -> dict[str, Any]:
    shown = _shown_passages(source, views.index)
    return {
        "source": views.sources[source.id],
        "passages": build_passages(source, shown, source.record.rights),
        "cuts": cut_notes(source.record.cuts),
        "meetings": views.by_source.get(source.id, []),
        "captions": source.captions,
    }


def _source_anchors(source: Source, index: SiteIndex) -> set[str]:
    full = source.record.rights is Rights.full
    shown = _shown_passages(source, index)
    return {
        "article-text" if full else "quoted-passages",
        "cuts-from-the-raw-file",
        *(["headline"] if source.record.headline else []),
        *(f"p-{paragraph.number}" for paragraph in source.paragraphs if full),
        *(anchor for anchor, _ in shown),
        *(f"p-{match.paragraph.number}" for _, match in shown),
    }


def _source_files(source: Source) -> dict[str, Path]:
    """A `full` source's raw file, exactly as received."""
    if source.record.rights is Rights.full and source.raw_path is not None:
        return {raw_file(source.id): source.raw_path}
    return {}


SOURCE: PageKind[Source] = PageKind(
    template="source.md.j2",
    items=lambda index: [
        index.verified.dossier.sources[key] for key in sorted(index.verified.dossier.sources)
    ],
    path=lambda source: source_page(source.id),
    context=_source_context,
    anchors=_source_anchors,
    files=_source_files,
)


def _meeting_context(meeting: Meeting, views: Views) -> dict[str, Any]:
    page = meeting_page(meeting.slug)
    return {
        "meeting": views.meetings[meeting.slug],
        "sources": [views.sources[source_id] for source_id in meeting.record.sources],
        "summary_html": summary_html(meeting, views.sources, page),
        "summary_in_english": meeting_summary(meeting).english,
        "quote_blocks": views.quote_blocks,
        "sequence": views.sequence[meeting.slug],
        "claims": claim_views(
            meeting.record.claims,
            meeting.record.sources,
            views.sources,
            views.index.verified.claim_matches,
        ),
    }


DIFFER_ANCHOR = "sources-differ"
"""The id of a meeting page's box of the claims its sources differ on."""


def _meeting_anchors(meeting: Meeting, _: SiteIndex) -> set[str]:
    record = meeting.record
    return {
        "summary",
        "quotes",
        "sources",
        *(["claims"] if record.claims else []),
        *([DIFFER_ANCHOR] if any(claim.differ for claim in record.claims) else []),
        *(f"q-{quote.id}" for quote in record.quotes),
        *(f"s-{statement.id}" for statement in record.statements),
        *(f"c-{claim.id}" for claim in record.claims),
        # A source the summary does not cite has no footnote (`summary_html`: only cited ones);
        # the summary is the one the edition being rendered shows.
        *(
            f"{kind}:{source}"
            for source in set(record.sources)
            & set(FOOTNOTE_REFERENCE.findall(meeting_summary(meeting).text))
            for kind in ("fn", "fnref")
        ),
    }


MEETING: PageKind[Meeting] = PageKind(
    template="meeting.md.j2",
    items=lambda index: index.meetings,
    path=lambda meeting: meeting_page(meeting.slug),
    context=_meeting_context,
    anchors=_meeting_anchors,
    nav=lambda views: {
        escape(interface_text("nav.meetings")): meetings_nav(list(views.meetings.values()))
    },
)


def _person_context(person_id: str, views: Views) -> dict[str, Any]:
    person = views.index.verified.dossier.people[person_id]
    return {
        "person": person,
        "organisation_kind": None,
        "language": language_name(person.language) if person.language else None,
        "quotes": views.by_speaker.get(person_id, []),
        "meetings": views.by_participant.get(person_id, []),
        "quote_blocks": views.quote_blocks,
    }


def _speaker_anchors(speaker_id: str, index: SiteIndex) -> set[str]:
    """A speaker page's anchors: its quotes, and the statements that hold them."""
    said = index.said.get(speaker_id, [])
    return {
        "quotes",
        *(f"q-{quote.id}" for _, quote in said),
        *(
            f"s-{statement.id}"
            for meeting, _ in said
            for statement in meeting.record.statements
            if statement.speaker == speaker_id
        ),
    }


PERSON: PageKind[str] = PageKind(
    template="person.md.j2",
    items=lambda index: sorted(index.verified.dossier.people),
    path=person_page,
    context=_person_context,
    anchors=_speaker_anchors,
)


def _organisation_context(organisation_id: str, views: Views) -> dict[str, Any]:
    organisation = views.index.verified.dossier.organisations[organisation_id]
    return {
        "person": organisation,
        "organisation_kind": organisation.kind.value,
        "language": language_name(organisation.language) if organisation.language else None,
        "quotes": views.by_speaker.get(organisation_id, []),
        "meetings": [],  # participants are people
        "quote_blocks": views.quote_blocks,
    }


ORGANISATION: PageKind[str] = PageKind(
    template="person.md.j2",
    items=lambda index: sorted(index.verified.dossier.organisations),
    path=organisation_page,
    context=_organisation_context,
    anchors=_speaker_anchors,
)


def _about_context(_: None, views: Views) -> dict[str, Any]:
    return {"about_html": Markup(render_markdown(views.index.verified.dossier.about, "about.html"))}


ABOUT: PageKind[None] = PageKind(
    template="about.md.j2",
    items=_one_page,
    path=lambda _: "about.html",
    context=_about_context,
    anchors=lambda _, __: set(),
    nav=lambda _: {escape(interface_text("nav.about")): docs_file("about.html")},
)

PAGE_KINDS: tuple[PageKind[Any], ...] = (HOME, SOURCE, MEETING, PERSON, ORGANISATION, ABOUT)
"""Every page type, in the order their pages are rendered (the first template error met is
the one reported) and their sidebar entries listed."""
