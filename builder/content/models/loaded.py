"""Loaded content: records plus where they came from and what was computed from the raw files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from builder.content.models.meetings import MeetingRecord
from builder.content.models.people import OrganisationRecord, PersonRecord, Speaker
from builder.content.models.sources import DatePrecision, SourceRecord

if TYPE_CHECKING:
    from collections.abc import Mapping

    from builder.content.text import FoldedArticle


@dataclass(frozen=True)
class Located:
    """A file inside the project, and a function from field paths to the lines that set them."""

    path: str
    """The file's path as shown in messages, relative to the project root."""
    lines: Mapping[tuple[str | int, ...], int] = field(default_factory=dict)
    """Line of each key path in the file (1-based); `()` is the start of the data."""

    def line_of(self, *key: str | int) -> int:
        """The line that sets `key`, or of its nearest parent that has one."""
        probe = tuple(key)
        while probe and probe not in self.lines:
            probe = probe[:-1]
        return self.lines.get(probe, 1)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of article text: one line of the raw file that survived the cuts."""

    number: int
    """Position in the article, counted from 1."""
    raw_line: int
    """The raw file's line it came from."""
    text: str
    """The text (NFC), exactly as in the raw file apart from a cut prefix."""


@dataclass(frozen=True)
class Source:
    """A source record with its raw file read, checked and cut into article text."""

    id: str
    record: SourceRecord
    where: Located
    raw_path: Path | None
    """The raw file on disk, offered for download as it is when `rights` is `full`."""
    raw_text: str
    """The raw file decoded, BOM stripped, line endings normalised and NFC; not folded."""
    raw_sha256: str
    """The digest computed from the bytes on disk."""
    paragraphs: tuple[Paragraph, ...]
    captions: tuple[str, ...]
    folded: FoldedArticle
    """The paragraphs folded for finding quotes, once, when the article is loaded."""

    @property
    def date_precision(self) -> DatePrecision:
        """`day` for a full date, `month` when the article gives only the month."""
        return DatePrecision.day if isinstance(self.record.date, dt.date) else DatePrecision.month

    @property
    def date_iso(self) -> str:
        """The publication date as an ISO string at its precision."""
        value = self.record.date
        return value.isoformat() if isinstance(value, dt.date) else value

    @property
    def first_day(self) -> dt.date:
        """The publication day, or the first day of the month when the article gives only
        the month."""
        value = self.record.date
        if isinstance(value, dt.date):
            return value
        year, month = value.split("-")
        return dt.date(int(year), int(month), 1)


@dataclass(frozen=True)
class Meeting:
    """A meeting file: front matter record plus the summary body."""

    record: MeetingRecord
    where: Located
    summary: str
    """The Markdown body, as written."""
    summary_line: int
    """The file line where the body starts."""

    @property
    def slug(self) -> str:
        """The page name (without extension)."""
        return self.record.slug or self.record.id


@dataclass(frozen=True)
class UncheckedMeeting:
    """A meeting file whose front matter failed its schema (those problems are reported): what
    can still be checked without its record, so that one run reports every problem."""

    where: Located
    summary: str
    """The Markdown body, as written."""
    summary_line: int
    """The file line where the body starts."""
    sources: tuple[str, ...] | None
    """The ids of `sources:`, when that field is a valid list; else None."""
    quotes_missing: bool
    """Whether `quotes:` is absent or an empty list (a well-formed meeting would be told it
    needs one)."""


@dataclass(frozen=True)
class Dossier:
    """Everything in `site_src/`, loaded."""

    sources: dict[str, Source]
    meetings: tuple[Meeting, ...]
    people: dict[str, PersonRecord]
    people_where: Located
    about: str
    """The About page's Markdown."""
    unloaded_sources: frozenset[str] = frozenset()
    """Ids of source records that exist but failed to load (their problems are reported)."""
    people_unloaded: bool = False
    """Whether `people.yml` failed to load (its problems are reported)."""
    unchecked_meetings: tuple[UncheckedMeeting, ...] = ()
    """Meetings whose front matter failed its schema: their summaries are still checked."""
    organisations: dict[str, OrganisationRecord] = field(default_factory=dict)
    """Organisations that speak, by id (from `people.yml`)."""

    @property
    def speakers(self) -> dict[str, Speaker]:
        """Everyone a quote may give words to, people and organisations, by id."""
        return {**self.people, **self.organisations}
