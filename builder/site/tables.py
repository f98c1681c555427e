"""`quotes.csv` and `meetings.csv`: the dossier for spreadsheets, one row per quote or meeting.

RFC 4180: a header row, fields quoted when they hold a comma, a double quote or a line break,
records ended by CRLF. UTF-8 with a byte order mark, so that Excel reads the Vietnamese as
UTF-8 (without one it guesses the system's code page); the README says how to read it
elsewhere. A cell that a spreadsheet would take for a formula (starting with `=`, `+`, `-`,
`@`, a tab or a carriage return) starts with an apostrophe instead: quotes and titles are
untrusted text (`guard_cell`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from builder.content.models import Meeting, Printed, QuoteRecord
from builder.content.validate import Verified
from builder.site.pages import meeting_page, source_page
from builder.site.views import speaker_of

QUOTE_COLUMNS = (
    "id",
    "meeting",
    "meeting_date",
    "speaker",
    "speaker_name",
    "kind",
    "text",
    "translation",
    "translation_by",
    "attribution",
    "context",
    "context_translation",
    "via",
    "statement",
    "source",
    "source_outlet",
    "source_date",
    "source_url",
    "paragraph",
    "page",
    "source_page",
)
"""The columns of `quotes.csv`, in order (the README's table describes each)."""

MEETING_COLUMNS = (
    "id",
    "date",
    "title",
    "title_vi",
    "summary_line",
    "summary_line_vi",
    "venue",
    "city",
    "region",
    "country",
    "participants",
    "participant_names",
    "sources",
    "quotes",
    "statements",
    "claims",
    "claims_differ",
    "page",
)
"""The columns of `meetings.csv`, in order (the README's table describes each)."""

LIST_SEPARATOR = "; "
"""Between the items of a cell that lists several (ids, names)."""

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection)."""


def guard_cell(value: str) -> str:
    """A cell's text as written: with an apostrophe before it when it starts like a formula,
    so that a spreadsheet shows it as text and never evaluates it; else unchanged."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[str | int]]) -> bytes:
    """A CSV file as RFC 4180 writes it (CRLF, quotes where needed), UTF-8 with a BOM, every
    text cell guarded (`guard_cell`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([guard_cell(cell) if isinstance(cell, str) else cell for cell in row])
    return (BOM + out.getvalue()).encode("utf-8")


def _name(value: Printed | None) -> str:
    return value.name if value is not None else ""


def _text(value: str | None) -> str:
    return value if value is not None else ""


def _ordered(verified: Verified) -> list[Meeting]:
    return sorted(verified.dossier.meetings, key=lambda item: (item.record.date, item.record.id))


def quote_rows(verified: Verified) -> list[list[str | int]]:
    """One row per quote, in the order of the meetings, then as each meeting lists them."""
    rows: list[list[str | int]] = []
    for meeting in _ordered(verified):
        record = meeting.record
        statement_of = {
            quote_id: statement.id
            for statement in record.statements
            for quote_id in statement.quotes
        }
        for quote in record.quotes:
            rows.append(_quote_row(quote, meeting, verified, statement_of.get(quote.id, "")))
    return rows


def _quote_row(
    quote: QuoteRecord, meeting: Meeting, verified: Verified, statement: str
) -> list[str | int]:
    dossier = verified.dossier
    source = dossier.sources[quote.source]
    record = source.record
    context = quote.context
    return [
        quote.id,
        meeting.record.id,
        meeting.record.date.isoformat(),
        quote.speaker,
        speaker_of(dossier, quote.speaker).name,
        quote.kind.value,
        quote.text,
        _text(quote.translation),
        "dossier" if quote.translation is not None else "",
        _text(quote.attribution),
        context.text if context is not None else "",
        _text(context.translation) if context is not None else "",
        _text(quote.via),
        statement,
        quote.source,
        _name(record.outlet),
        source.date_iso,
        _text(record.url),
        verified.matches[quote.id].paragraph.number,
        f"{meeting_page(meeting.slug)}#q-{quote.id}",
        f"{source_page(quote.source)}#q-{quote.id}",
    ]


def meeting_rows(verified: Verified) -> list[list[str | int]]:
    """One row per meeting, by date, then id (the timeline's order)."""
    people = verified.dossier.people
    rows: list[list[str | int]] = []
    for meeting in _ordered(verified):
        record = meeting.record
        place = record.place
        rows.append(
            [
                record.id,
                record.date.isoformat(),
                record.title,
                _text(record.title_vi),
                record.summary_line,
                _text(record.summary_line_vi),
                _name(place.venue),
                _name(place.city),
                _name(place.region),
                _name(place.country),
                LIST_SEPARATOR.join(record.participants),
                LIST_SEPARATOR.join(people[person].name for person in record.participants),
                LIST_SEPARATOR.join(record.sources),
                len(record.quotes),
                len(record.statements),
                len(record.claims),
                LIST_SEPARATOR.join(claim.id for claim in record.claims if claim.differ),
                meeting_page(meeting.slug),
            ]
        )
    return rows


def quotes_csv(verified: Verified) -> bytes:
    """`quotes.csv`: one row per quote (`QUOTE_COLUMNS`)."""
    return csv_bytes(QUOTE_COLUMNS, quote_rows(verified))


def meetings_csv(verified: Verified) -> bytes:
    """`meetings.csv`: one row per meeting (`MEETING_COLUMNS`)."""
    return csv_bytes(MEETING_COLUMNS, meeting_rows(verified))
