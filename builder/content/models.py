"""Typed models of the dossier's content: what `site_src/` may say, field by field.

The schemas of the files an editor writes (source records, meeting front matter, people) are
declared here once, with a docstring per field, and validated by pydantic. Unknown keys are
errors, so a typo such as `quotse:` never passes silently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from builder.content.dates import Day, Published
from builder.content.fields import (
    AnyLines,
    Id,
    LanguageTag,
    Line,
    LineRange,
    Lines,
    Sha256,
    Text,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from builder.content.text import FoldedArticle


class Strict(BaseModel):
    """Base for every schema: unknown keys are reported; pydantic's lax mode still refuses to
    turn a number into a string, so `title: 2024` is an error, not a title."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Printed(Strict):
    """A name as the dossier shows it in English, with the words the article prints for it."""

    name: Text
    """How the dossier names it in English (our wording)."""
    printed: Text
    """The words as the raw article prints them; the build checks they are in the article."""


class CutRole(StrEnum):
    """What a cut removes from the raw file, and so how the source page may show it."""

    headline = "headline"
    byline = "byline"
    dateline = "dateline"
    marker = "marker"
    caption = "caption"
    boilerplate = "boilerplate"


class Cut(Strict):
    """A part of the raw file that is not article text: whole lines, or a prefix of one line."""

    lines: LineRange
    """A line number (`3`) or an inclusive range (`18-49`), counted from 1 in the raw file."""
    role: CutRole
    """Why the cut is made: headline, byline, dateline, marker, caption or boilerplate."""
    prefix: AnyLines | None = None
    """When set, only this exact text at the start of the line is cut (single line only)."""

    @property
    def first(self) -> int:
        """The first line the cut covers."""
        return int(self.lines.split("-")[0])

    @property
    def last(self) -> int:
        """The last line the cut covers."""
        return int(self.lines.split("-")[-1])


class Rights(StrEnum):
    """How much of an article the site may show."""

    excerpts = "excerpts"
    full = "full"


class DatePrecision(StrEnum):
    """How much of a date an article gives."""

    day = "day"
    month = "month"


class Credit(Strict):
    """A photo or video credit printed with the article: not a source of its words."""

    name: Text
    """Who the credit names, as the dossier shows it."""
    printed: Text
    """The credit as printed (`Ảnh: Sputnik`); checked against the raw file."""
    kind: Literal["photo", "video"]
    """Whether it credits a photo or a video."""


class SourceRecord(Strict):
    """One article as received: `site_src/sources/<id>.yml`. The id is the file name."""

    raw: Text
    """Path of the raw article, relative to `site_src/` (for example `articles/x.txt`)."""
    raw_sha256: Sha256
    """SHA-256 of the raw file as received; a changed file fails the build."""
    language: LanguageTag
    """BCP 47 language tag of the article text, for example `vi`."""
    rights: Rights = Rights.excerpts
    """`excerpts` shows only the passages that hold a quote; `full` shows the whole text."""
    headline: Line | None = None
    """The headline exactly as printed, or null when the article has none."""
    editorial_title: Text
    """Our own short English title for the article; always shown as the dossier's."""
    outlet: Printed | None = None
    """The outlet that published the article, or null when the article does not name it."""
    captured_from: Printed | None = None
    """The site the copy was taken from, when it is not the outlet (an aggregator)."""
    author: Printed | None = None
    """The author or translator named in the byline, or null."""
    date: Published
    """Publication date as printed: `YYYY-MM-DD`, or `YYYY-MM` when only the month is known."""
    url: Line | None = None
    """The original URL, only when the raw article prints it (http or https)."""
    cites: tuple[Printed, ...] = ()
    """Agencies, outlets and institutions the article cites for its words."""
    credits: tuple[Credit, ...] = ()
    """Photo and video credits, kept apart from `cites`."""
    cuts: tuple[Cut, ...] = ()
    """The cuts that turn the raw file into the article text."""


class PlaceRecord(Strict):
    """Where a meeting took place, only as far as the cited source states it."""

    source: Id
    """The source that states the place."""
    venue: Printed | None = None
    """The building or site, or null."""
    city: Printed | None = None
    """The city, or null when the source names none."""
    region: Printed | None = None
    """The province or region, or null."""
    country: Printed | None = None
    """The country, or null."""


class QuoteKind(StrEnum):
    """Whether the source prints the speaker's own words or reports them."""

    direct = "direct"
    reported = "reported"


class QuoteRecord(Strict):
    """One quote in a meeting's front matter."""

    id: Id
    """Unique across the dossier; the quote's permalink anchor."""
    speaker: Id
    """The id of a person in `site_src/people.yml`."""
    kind: QuoteKind
    """`direct` for words in quotation marks, `reported` for reported speech."""
    source: Id
    """The id of the source that prints the words."""
    text: Lines
    """The words exactly as the source prints them (checked against the article text)."""
    translation: Lines
    """Our English translation."""
    attribution: Lines | None = None
    """The words of the article that say who speaks (`ông Peskov cho hay`), printed in the
    quote's sentence or the one before it, outside the quoted words, naming the speaker first.
    Required to build; `dossier suggest-attribution` proposes it from the article."""


class MeetingRecord(Strict):
    """The front matter of `site_src/meetings/<file>.md`; the body is the English summary."""

    id: Id
    """Unique id of the meeting."""
    slug: Line | None = None
    """The page's file name, when it should differ from the id; must be a plain slug."""
    title: Text
    """Our English title for the meeting."""
    date: Day
    """The day the meeting took place (YYYY-MM-DD)."""
    date_source: Id
    """The source that states the date: by its publication date, or by printing it (`19/6`)."""
    place: PlaceRecord
    """Where the meeting took place."""
    participants: Annotated[tuple[Id, ...], Field(min_length=1)]
    """People who took part, by id; each must be named in one of the meeting's sources."""
    sources: Annotated[tuple[Id, ...], Field(min_length=1)]
    """The sources that report the meeting, by id."""
    summary_line: Lines
    """One English sentence for the timeline."""
    quotes: tuple[QuoteRecord, ...] = ()
    """The quotes; at least one is needed to build."""


class PersonRecord(Strict):
    """One entry of `site_src/people.yml`."""

    id: Id
    """Unique id, used in quotes and as the page name."""
    name: Text
    """The name the dossier shows."""
    role: Text
    """Their role at the time of the meetings, in English."""
    printed_names: Annotated[tuple[Text, ...], Field(min_length=1)]
    """The forms of the name the articles print; a speaker must be named in the quote's source."""


class PeopleFile(Strict):
    """The whole of `site_src/people.yml`."""

    people: tuple[PersonRecord, ...]
    """Everyone who speaks or takes part."""


# Loaded content: records plus where they came from and what was computed from the raw files.


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
