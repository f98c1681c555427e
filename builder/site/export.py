"""The machine-readable dossier (`site/dossier.json`) and the site paths of every page.

Dates are ISO strings at their precision; a value the articles do not give is `null`.
`page` values are site-relative paths, with an anchor where they point into a page.
"""

from __future__ import annotations

from typing import Any

import pydantic_core

from builder.content.models import Printed
from builder.content.validate import Verified
from builder.site.pages import meeting_page, person_page, source_page

EXPORT_VERSION = 2

__all__ = [
    "EXPORT_VERSION",
    "build_export",
    "export_json",
    "meeting_page",
    "person_page",
    "source_page",
]


def _name(value: Printed | None) -> str | None:
    return value.name if value is not None else None


def _printed(value: Printed | None) -> dict[str, str] | None:
    return {"name": value.name, "printed": value.printed} if value is not None else None


def build_export(verified: Verified) -> dict[str, Any]:
    """The whole dossier as plain JSON data, in a stable order."""
    dossier = verified.dossier
    meetings = sorted(dossier.meetings, key=lambda item: (item.record.date, item.record.id))
    export_meetings = []
    export_quotes = []
    for meeting in meetings:
        record = meeting.record
        page = meeting_page(meeting.slug)
        place = record.place
        export_meetings.append(
            {
                "id": record.id,
                "title": record.title,
                "date": record.date.isoformat(),
                "date_source": record.date_source,
                "place": {
                    "venue": _name(place.venue),
                    "city": _name(place.city),
                    "region": _name(place.region),
                    "country": _name(place.country),
                    "printed": {
                        part: _printed(getattr(place, part))
                        for part in ("venue", "city", "region", "country")
                    },
                    "source": place.source,
                },
                "summary_line": record.summary_line,
                "participants": list(record.participants),
                "page": page,
                "sources": list(record.sources),
                "quotes": [quote.id for quote in record.quotes],
            }
        )
        for quote in record.quotes:
            match = verified.matches[quote.id]
            export_quotes.append(
                {
                    "id": quote.id,
                    "meeting": record.id,
                    "speaker": quote.speaker,
                    "kind": quote.kind.value,
                    "text": quote.text,
                    "translation": quote.translation,
                    "translation_by": "dossier",
                    "attribution": quote.attribution,
                    "source": quote.source,
                    "paragraph": match.paragraph.number,
                    "page": f"{page}#q-{quote.id}",
                    "source_page": f"{source_page(quote.source)}#q-{quote.id}",
                }
            )
    export_sources = []
    for source_id in sorted(dossier.sources):
        source = dossier.sources[source_id]
        source_record = source.record
        export_sources.append(
            {
                "id": source_id,
                "outlet": _name(source_record.outlet),
                "captured_from": _name(source_record.captured_from),
                "author": _name(source_record.author),
                "title": source_record.headline,
                "editorial_title": source_record.editorial_title,
                "date": source.date_iso,
                "date_precision": source.date_precision.value,
                "url": source_record.url,
                "language": source_record.language,
                "cites": [item.name for item in source_record.cites],
                "credits": [
                    {"name": item.name, "kind": item.kind} for item in source_record.credits
                ],
                "page": source_page(source_id),
                "raw_sha256": source.raw_sha256,
                "rights": source_record.rights.value,
            }
        )
    export_people = [
        {
            "id": person_id,
            "name": dossier.people[person_id].name,
            "role": dossier.people[person_id].role,
            "page": person_page(person_id),
        }
        for person_id in sorted(dossier.people)
    ]
    return {
        "version": EXPORT_VERSION,
        "meetings": export_meetings,
        "quotes": export_quotes,
        "sources": export_sources,
        "people": export_people,
    }


def export_json(export: dict[str, Any]) -> bytes:
    """The export as UTF-8 JSON text indented by two spaces, with a final newline: the bytes of
    `json.dumps(export, ensure_ascii=False, indent=2) + "\n"`.

    With `indent`, `json` encodes in pure Python, one generator step per value: the better part
    of a second for a large dossier. pydantic's Rust serializer (pydantic is ours already) gives
    the same bytes several times faster, for what the export holds: strings, integers, booleans
    and nulls (the two would write some floats apart, `1e-07` and `1e-7`).
    """
    return pydantic_core.to_json(export, indent=2) + b"\n"
