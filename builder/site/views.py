"""What the templates are given of meetings, sources and quotes (`View`s), and the HTML we make
ourselves for them: a meeting's summary with its footnotes, and a quote's block.

Site paths are given to these functions by the page kinds (`builder.site.pages`), which own
them.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup

from builder.content.models import Dossier, Meeting, QuoteRecord, Source
from builder.content.validate import Verified
from builder.site.render import View, format_date, isolated, relative_url
from builder.site.safe_markdown import escape_markdown, render_markdown
from builder.site.strings import interface_text

QUOTE_TEMPLATE = "_quote.html.j2"

SourceViews = dict[str, View]
"""Source views by source id: a source's view serves its page and the pages of the meetings
that cite it."""


def source_view(source: Source, page: str) -> View:
    """What the pages that show or link to a source are given of it (`page`: its site path)."""
    record = source.record
    return View(
        {
            "id": source.id,
            "page": page,
            "record": record,
            "label": record.outlet.name
            if record.outlet
            else interface_text("source.outlet_not_named"),
            "date": format_date(record.date),
            "date_iso": source.date_iso,
            "date_precision": source.date_precision.value,
            "sha256": source.raw_sha256,
        }
    )


def meeting_view(meeting: Meeting, dossier: Dossier, page: str) -> View:
    """What the pages that show or link to a meeting are given of it (`page`: its site path).
    Its quotes are the records: what a quote's block prints is gathered when the block is
    rendered (`QuoteBlocks`)."""
    record = meeting.record
    return View(
        {
            "record": record,
            "page": page,
            "date": format_date(record.date),
            "participants": [dossier.people[person_id] for person_id in record.participants],
            "quotes": record.quotes,
            # Only the sources that supply a quote: "2 quotes from 1 source".
            "quote_sources": len({quote.source for quote in record.quotes}),
            "place_parts": [
                (label, getattr(record.place, part))
                for part, label in (
                    ("venue", interface_text("meeting.venue")),
                    ("city", interface_text("meeting.city")),
                    ("region", interface_text("meeting.region")),
                    ("country", interface_text("meeting.country")),
                )
            ],
        }
    )


def quote_view(
    quote: QuoteRecord,
    meeting_page: str,
    speaker_page: str,
    verified: Verified,
    source_views: SourceViews,
) -> View:
    """What a quote's block prints, one lookup each: each step of `a.b.c` is a call in a
    template, and a quote is printed on two pages. `record` is the quote as written, for a
    field the template prints as it is."""
    dossier = verified.dossier
    source = dossier.sources[quote.source]
    speaker = dossier.people[quote.speaker]
    source_view = source_views[source.id]
    return View(
        {
            "id": quote.id,
            "paragraph": verified.matches[quote.id].paragraph.number,
            "paragraphs": len(source.paragraphs),
            "page": f"{meeting_page}#q-{quote.id}",
            "archive": f"{source_view['page']}#q-{quote.id}",
            "original_url": source.record.url,
            "kind": quote.kind.value,
            "text": quote.text,
            "translation": quote.translation,
            "attribution": quote.attribution,
            "speaker_name": speaker.name,
            "speaker_page": speaker_page,
            "language": source.record.language,
            "source_label": source_view["label"],
            "source_date": source_view["date"],
            "record": quote,
        }
    )


class QuoteBlocks:
    """A quote's HTML (`{{ quote | quote_block(meeting) }}` in a template), rendered once for
    both pages that show it, its meeting's and its speaker's. What the block prints of the
    quote (`quote_view`) is gathered there, when the block is first rendered.

    Both pages sit one folder below the site root, so the block's links are written from
    there, up one folder and down the site path, and hold on either page. An error in the
    block's template is raised through the page's, which reports it at the block's line."""

    def __init__(
        self,
        environment: jinja2.Environment,
        verified: Verified,
        source_views: SourceViews,
        person_page: Callable[[str], str],
    ) -> None:
        self.environment = environment
        self.verified = verified
        self.source_views = source_views
        self.person_page = person_page
        self.rendered: dict[str, Markup] = {}
        self._macro: Callable[[View], Markup] | None = None

    def __call__(self, quote: QuoteRecord, meeting: View) -> Markup:
        block = self.rendered.get(quote.id)
        if block is None:
            if self._macro is None:
                template = self.environment.get_template(QUOTE_TEMPLATE)
                module = template.make_module({"url": _from_one_folder_down})
                self._macro = module.quote_block  # type: ignore[attr-defined]
            speaker_page = self.person_page(quote.speaker)
            view = quote_view(
                quote, meeting["page"], speaker_page, self.verified, self.source_views
            )
            block = self.rendered[quote.id] = self._macro(view)
        return block


def _from_one_folder_down(target: str) -> str:
    return "../" + target


def summary_html(meeting: Meeting, source_views: SourceViews, page: str) -> Markup:
    """A meeting's summary for its page at `page`, with a footnote for each source it cites:
    the source's outlet, title and date, as text, and a link to its archived copy."""
    lines = []
    for source_id in meeting.record.sources:
        source = source_views[source_id]
        record = source["record"]
        title = record.headline or interface_text(
            "meeting.note_title_ours", title=record.editorial_title
        )
        label = escape_markdown(
            interface_text(
                "meeting.note",
                outlet=isolated(source["label"]),
                title=isolated(title),
                date=source["date"],
            )
        )
        archive = relative_url(page, source["page"])
        link = escape_markdown(interface_text("meeting.note_archive_link"))
        lines.append(f"[^{source_id}]: {label}. [{link}]({archive})")
    text = meeting.summary.rstrip() + "\n\n" + "\n\n".join(lines) + "\n"
    # Rendered by our own Markdown with raw HTML off, labels escaped: safe to mark as such.
    return Markup(render_markdown(text, page, drop_uncited_notes=True))
