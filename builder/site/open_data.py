"""The open data files beside `dossier.json`: `quotes.csv` and `meetings.csv` (`tables`),
`timeline.json` for Knight Lab's TimelineJS, and `annotations.jsonld`, each quote as a W3C Web
Annotation on its archived source page.

IRIs in `annotations.jsonld` are relative, with no `@base`: JSON-LD resolves them against the
file's own URL, so that the same bytes hold online, under any subpath, from a folder and in the
offline zip (an absolute `site_url` would send the offline copy's readers online).
"""

from __future__ import annotations

import html
from typing import Any

from builder.content.models import Meeting, QuoteRecord
from builder.content.validate import Verified
from builder.site.anchors import quote_selectors
from builder.site.data_files import ANNOTATIONS_JSONLD, MEETINGS_CSV, QUOTES_CSV, TIMELINE_JSON
from builder.site.export import export_json
from builder.site.pages import meeting_page, source_page
from builder.site.strings import interface_text
from builder.site.tables import meetings_csv, quotes_csv
from builder.site.views import speaker_of

ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
"""The Web Annotation context, named (JSON-LD readers know it; nothing downloads it here)."""


def _ordered(verified: Verified) -> list[Meeting]:
    return sorted(verified.dossier.meetings, key=lambda item: (item.record.date, item.record.id))


def _place_names(meeting: Meeting) -> list[str]:
    place = meeting.record.place
    parts = (place.venue, place.city, place.region, place.country)
    return [part.name for part in parts if part is not None]


def timeline_data(verified: Verified) -> dict[str, Any]:
    """The dossier in TimelineJS's JSON format: a title slide and one event per meeting.

    TimelineJS shows `headline` and `text` as HTML, so our text is escaped as HTML here: it
    is shown as the words it is. No media: the dossier links to no outside media."""
    escape = html.escape
    events = []
    for meeting in _ordered(verified):
        record = meeting.record
        text = f"<p>{escape(record.summary_line)}</p>"
        places = _place_names(meeting)
        if places:
            text += f"<p>{escape(', '.join(places))}</p>"
        events.append(
            {
                "start_date": {
                    "year": record.date.year,
                    "month": record.date.month,
                    "day": record.date.day,
                },
                "text": {"headline": escape(record.title), "text": text},
                "unique_id": record.id,
            }
        )
    return {
        "title": {
            "text": {
                "headline": escape(interface_text("index.heading")),
                "text": f"<p>{escape(interface_text('data.timeline_text'))}</p>",
            }
        },
        "events": events,
    }


def annotations_data(verified: Verified) -> dict[str, Any]:
    """Every quote as a Web Annotation on its archived source page (`annotation`), in one
    collection of one page."""
    items = [
        annotation(quote, meeting, verified)
        for meeting in _ordered(verified)
        for quote in meeting.record.quotes
    ]
    return {
        "@context": ANNOTATION_CONTEXT,
        "id": ANNOTATIONS_JSONLD,
        "type": "AnnotationCollection",
        "label": interface_text("data.annotations_label"),
        "total": len(items),
        "first": {
            "id": f"{ANNOTATIONS_JSONLD}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        },
    }


def annotation(quote: QuoteRecord, meeting: Meeting, verified: Verified) -> dict[str, Any]:
    """A quote as a Web Annotation. The target is its archived source page with two selectors
    on the article text (`builder.site.anchors`); the bodies are our translation (when there
    is one), the speaker's name as a tag, and a link to the quote on its meeting page. The
    motivation is `describing`: the model has no `quoting`."""
    dossier = verified.dossier
    source = dossier.sources[quote.source]
    bodies: list[dict[str, Any]] = []
    if quote.translation is not None:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": quote.translation,
                "language": "en",
                "format": "text/plain",
            }
        )
    bodies += [
        {
            "type": "TextualBody",
            "purpose": "tagging",
            "value": speaker_of(dossier, quote.speaker).name,
            "format": "text/plain",
        },
        {
            "type": "SpecificResource",
            "purpose": "linking",
            "source": f"{meeting_page(meeting.slug)}#q-{quote.id}",
        },
    ]
    return {
        "id": f"{ANNOTATIONS_JSONLD}#q-{quote.id}",
        "type": "Annotation",
        "motivation": "describing",
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": source_page(source.id),
            "selector": quote_selectors(source, verified.matches[quote.id]).as_json(),
        },
    }


def open_data_files(verified: Verified) -> dict[str, bytes]:
    """The open data files (`builder.site.data_files.OPEN_DATA_FILES`) by site path, as bytes."""
    return {
        QUOTES_CSV: quotes_csv(verified),
        MEETINGS_CSV: meetings_csv(verified),
        TIMELINE_JSON: export_json(timeline_data(verified)),
        ANNOTATIONS_JSONLD: export_json(annotations_data(verified)),
    }
