"""The machine-readable dossier (`site/dossier.json`) and the site paths of every page.

Dates are ISO strings at their precision; a value the articles do not give is `null`.
`page` values are site-relative paths, with an anchor where they point into a page.
"""

from __future__ import annotations

from typing import Any

import pydantic_core

from builder.content.models import (
    ClaimRecord,
    Meeting,
    OrganisationRecord,
    Printed,
    QuoteRecord,
    Source,
)
from builder.content.validate import Verified
from builder.site.claims import ClaimMatches, claim_anchor
from builder.site.pages import meeting_page, organisation_page, person_page, source_page
from builder.site.views import quote_chain

EXPORT_VERSION = 3


def _name(value: Printed | None) -> str | None:
    return value.name if value is not None else None


def _printed(value: Printed | None) -> dict[str, str] | None:
    return {"name": value.name, "printed": value.printed} if value is not None else None


def build_export(verified: Verified) -> dict[str, Any]:
    """The whole dossier as plain JSON data, in a stable order."""
    dossier = verified.dossier
    meetings = sorted(dossier.meetings, key=lambda item: (item.record.date, item.record.id))
    return {
        "version": EXPORT_VERSION,
        "meetings": [_meeting_data(meeting) for meeting in meetings],
        "quotes": [
            _quote_data(quote, meeting, verified)
            for meeting in meetings
            for quote in meeting.record.quotes
        ],
        "statements": [
            {
                "id": statement.id,
                "meeting": meeting.record.id,
                "speaker": statement.speaker,
                "gist": statement.gist,
                "quotes": list(statement.quotes),
                "page": f"{meeting_page(meeting.slug)}#s-{statement.id}",
            }
            for meeting in meetings
            for statement in meeting.record.statements
        ],
        "claims": [
            _claim_data(claim, meeting, verified.claim_matches)
            for meeting in meetings
            for claim in meeting.record.claims
        ],
        "sources": [_source_data(dossier.sources[key]) for key in sorted(dossier.sources)],
        "people": [
            {
                "id": person_id,
                "name": dossier.people[person_id].name,
                "role": dossier.people[person_id].role,
                "language": dossier.people[person_id].language,
                "page": person_page(person_id),
            }
            for person_id in sorted(dossier.people)
        ],
        "organisations": [
            _organisation_data(organisation_id, dossier.organisations[organisation_id])
            for organisation_id in sorted(dossier.organisations)
        ],
    }


def _organisation_data(organisation_id: str, organisation: OrganisationRecord) -> dict[str, Any]:
    return {
        "id": organisation_id,
        "name": organisation.name,
        "kind": organisation.kind.value,
        "role": organisation.role,
        "language": organisation.language,
        "page": organisation_page(organisation_id),
    }


def _claim_data(claim: ClaimRecord, meeting: Meeting, matches: ClaimMatches) -> dict[str, Any]:
    """A claim, each value with a link to its printed words on the archived source page, and
    the meeting's sources that do not state it."""
    stating = {value.source for value in claim.values}
    values = []
    for value in claim.values:
        anchor = claim_anchor(claim.id, value.source, value.where, matches)
        page = source_page(value.source)
        values.append(
            {
                "source": value.source,
                "value": value.value,
                "printed": value.printed,
                "where": value.where.value,
                "page": f"{page}#{anchor}" if anchor else page,
            }
        )
    return {
        "id": claim.id,
        "meeting": meeting.record.id,
        "subject": claim.subject,
        "values": values,
        "silent": [source for source in meeting.record.sources if source not in stating],
        "differ": claim.differ,
        "note": claim.note,
        "page": f"{meeting_page(meeting.slug)}#c-{claim.id}",
    }


def _meeting_data(meeting: Meeting) -> dict[str, Any]:
    record = meeting.record
    place = record.place
    return {
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
        "page": meeting_page(meeting.slug),
        "sources": list(record.sources),
        "quotes": [quote.id for quote in record.quotes],
        "statements": [statement.id for statement in record.statements],
        "claims": [claim.id for claim in record.claims],
    }


def _quote_data(quote: QuoteRecord, meeting: Meeting, verified: Verified) -> dict[str, Any]:
    """A quote's record, with where it stands; the fields named here come first, in this
    order, and any other field of the record follows as it is, so that a field added to
    quotes reaches the export without a change here (the schema still names it). A record
    field may not take the name of a key made here (`meeting`, `paragraph`, `page`, …): the
    key made here would hide it."""
    match = verified.matches[quote.id]
    data: dict[str, Any] = {
        "id": quote.id,
        "meeting": meeting.record.id,
        "speaker": quote.speaker,
        "kind": quote.kind.value,
        "text": quote.text,
        "translation": quote.translation,
        "translation_by": "dossier" if quote.translation is not None else None,
        "attribution": quote.attribution,
        "source": quote.source,
        "paragraph": match.paragraph.number,
        "page": f"{meeting_page(meeting.slug)}#q-{quote.id}",
        "source_page": f"{source_page(quote.source)}#q-{quote.id}",
        "chain": [link._asdict() for link in quote_chain(quote, verified.dossier)],
    }
    for name in type(quote).model_fields:
        data.setdefault(name, getattr(quote, name))
    return data


def _source_data(source: Source) -> dict[str, Any]:
    source_record = source.record
    return {
        "id": source.id,
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
        "credits": [{"name": item.name, "kind": item.kind} for item in source_record.credits],
        "page": source_page(source.id),
        "raw_sha256": source.raw_sha256,
        "rights": source_record.rights.value,
    }


def export_json(export: dict[str, Any]) -> bytes:
    """The export as UTF-8 JSON text indented by two spaces, with a final newline: the bytes of
    `json.dumps(export, ensure_ascii=False, indent=2) + "\n"`.

    With `indent`, `json` encodes in pure Python, one generator step per value; pydantic's Rust
    serializer (pydantic is ours already) gives the same bytes faster (see BENCHMARKS.md), for
    what the export holds: strings, integers, booleans and nulls (the two would write some
    floats apart, `1e-07` and `1e-7`).
    """
    return pydantic_core.to_json(export, indent=2) + b"\n"
