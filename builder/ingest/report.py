"""The report of an ingest run, for the editor to read: what was found in each article, what
was (or, in a dry run, would be) written, and what to do next."""

from __future__ import annotations

import datetime as dt

from builder.content.files import SITE_SRC
from builder.content.models import Printed
from builder.ingest.plan import Ingested, Status


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _named(value: Printed | None) -> str:
    if value is None:
        return "not found"
    return value.name if value.name == value.printed else f"{value.name} ({value.printed!r})"


def describe(item: Ingested) -> list[str]:
    """What was found in one article, a line a field, for the editor to read."""
    found = item.detection
    date: str | None = found.date.isoformat() if isinstance(found.date, dt.date) else found.date
    shown_date = f"{date} ({found.date_precision.value})" if date and found.date_precision else None
    return [
        f"  title: {found.headline or 'not found'}",
        f"  date: {shown_date or 'not found'}",
        f"  outlet: {_named(found.outlet)}; captured from: {_named(found.captured_from)}",
        f"  author: {_named(found.author)}",
        f"  url: {found.url or 'not found'}",
        f"  cites: {', '.join(_named(cited) for cited in found.cites) or 'none found'}",
        "  credits: "
        + (", ".join(f"{credit.name} ({credit.kind})" for credit in found.credits) or "none found"),
        f"  language: {found.language or 'not found'}",
        f"  article text: {_count(len(found.paragraphs), 'paragraph')} after "
        f"{_count(len(found.cuts), 'cut')}",
    ]


def report(item: Ingested, dry_run: bool) -> list[str]:
    """What ingest did (or, in a dry run, would do) with one path, for the editor to read."""
    if item.status is Status.unchanged:
        where = f"; {item.notes[0]}" if item.notes else ""
        return [
            f"{item.path}: already in the dossier as source {item.source_id} "
            f"(same SHA-256{where}); nothing changed"
        ]
    verb = "would write" if dry_run else "wrote"
    lines = [f"{item.path}: new source {item.source_id}"]
    if item.copy_raw:
        lines.append(
            f"  {verb} {SITE_SRC}/{item.raw} (the file unchanged, SHA-256 {item.raw_sha256})"
        )
    else:
        lines.append(f"  raw article: {SITE_SRC}/{item.raw} (SHA-256 {item.raw_sha256})")
    lines.append(f"  {verb} {item.record_path}: review the lines marked REVIEW")
    lines += [f"  note: {note}" for note in item.notes]
    return lines + describe(item)


def summary(planned: list[Ingested], dry_run: bool) -> str:
    """The last line of the report: how many articles were new, and what to do next."""
    new = sum(1 for item in planned if item.status is Status.new)
    counts = f"dossier ingest: {new} new, {len(planned) - new} already in the dossier"
    if dry_run:
        return f"{counts}; dry run: nothing was written"
    if new:
        return f"{counts}; review the new records, then run `dossier check`"
    return f"{counts}; nothing was written"
