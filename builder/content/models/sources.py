"""What a source record (`site_src/sources/<id>.yml`) may say."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from builder.content.dates import Published
from builder.content.fields import AnyLines, LanguageTag, Line, LineRange, Sha256, Text
from builder.content.models.base import Printed, Strict


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
