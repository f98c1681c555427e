"""What a meeting's front matter may say: its place, quotes, statements and claims."""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from builder.content.dates import Day
from builder.content.fields import Id, Line, Lines, Prose, ProseLine, Text
from builder.content.models.base import Printed, Strict


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


class QuoteContext(Strict):
    """The words of the article that a short quote answers or follows (a reporter's question),
    shown with the quote so that a fragment is read as the article gives it."""

    text: Lines
    """The words exactly as the article prints them, in the quote's paragraph or the one
    before it (checked like a quote: whole words)."""
    translation: Prose | None = None
    """Our English translation of them. Required unless the quote's source is in English,
    where it is refused if it only repeats the text (as a quote's `translation`)."""


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
    translation: Prose | None = None
    """Our English translation. Required unless the source is in English (the dossier's
    language), where it is refused if it only repeats the text."""
    attribution: Lines | None = None
    """The words of the article that say who speaks (`ông Peskov cho hay`), printed in the
    quote's sentence or the one before it, outside the quoted words, naming the speaker first.
    Required to build; `dossier suggest-attribution` proposes it from the article."""
    via: Text | None = None
    """The agency or outlet the article credits for these words: the `name` of one of the
    source's `cites`, whose printed words stand in the quote's paragraph, the one before it,
    or the article's byline or dateline. Left out when the article does not say."""
    context: QuoteContext | None = None
    """What the words answer, as the article prints it, for a quote that means little alone."""


class StatementRecord(Strict):
    """One utterance that two or more sources report: the quotes that render it, grouped."""

    id: Id
    """Unique across the dossier; the statement's anchor on the meeting page."""
    speaker: Id
    """Who spoke: every quote of the statement must have this speaker."""
    gist: Prose
    """Our English gist of what was said, in one sentence."""
    quotes: Annotated[tuple[Id, ...], Field(min_length=2)]
    """The ids of this meeting's quotes that render it, each from a different source."""


class ClaimWhere(StrEnum):
    """Where in the article the printed words of a claim's value stand."""

    text = "text"
    headline = "headline"


class ClaimValue(Strict):
    """What one source states for a claim."""

    source: Id
    """The source, one of the meeting's."""
    value: ProseLine
    """The value in English (our wording); values are compared to say whether sources differ."""
    printed: Lines
    """The exact words the article prints for it, checked like a quote (whole words)."""
    where: ClaimWhere = ClaimWhere.text
    """`text` (the article text) or `headline` (the article's headline, which is cut from
    the text): where `printed` stands."""


class ClaimRecord(Strict):
    """A fact about the meeting as each source states it: the length of the talks, the venue,
    who attended, the setting of a remark. Values that differ are data, not errors."""

    id: Id
    """Unique across the dossier; the claim's anchor on the meeting page."""
    subject: ProseLine
    """What the claim is about, in English (`the length of the talks`)."""
    values: Annotated[tuple[ClaimValue, ...], Field(min_length=1)]
    """One per source that states it; the meeting's other sources are shown as silent."""
    note: Prose | None = None
    """The editor's note, when it explains a difference (one source counts part of the visit)."""

    @property
    def differ(self) -> bool:
        """Whether the sources give different values (compared as `compared_value` compares
        them: "two hours" and "Two hours." are one value)."""
        return len({compared_value(value.value) for value in self.values}) > 1


def compared_value(text: str) -> str:
    """A claim's value as values are compared: NFC, without case, invisible format characters
    (a soft hyphen, a bidi mark, a zero-width joiner), runs of spacing, or the punctuation
    around it (a final full stop, quotation marks)."""
    visible = "".join(
        char for char in unicodedata.normalize("NFC", text) if unicodedata.category(char) != "Cf"
    )
    words = " ".join(visible.casefold().split())
    start, end = 0, len(words)
    while start < end and _around(words[start]):
        start += 1
    while end > start and _around(words[end - 1]):
        end -= 1
    return words[start:end]


def _around(char: str) -> bool:
    """Punctuation or spacing, which may stand around a value without changing it."""
    return char.isspace() or unicodedata.category(char).startswith("P")


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
    summary_line: Prose
    """One English sentence for the timeline."""
    title_vi: ProseLine | None = None
    """Our Vietnamese title, for the Vietnamese edition; without it that edition shows the
    English one, marked as English."""
    summary_line_vi: Prose | None = None
    """One Vietnamese sentence for the Vietnamese edition's timeline; without it, the English."""
    summary_vi: Prose | None = None
    """Our Vietnamese summary (Markdown, usually a `|` block), footnoted like the English body;
    without it the Vietnamese edition shows the English summary, marked as English."""
    quotes: tuple[QuoteRecord, ...] = ()
    """The quotes; at least one is needed to build."""
    statements: tuple[StatementRecord, ...] = ()
    """Quotes of different sources grouped as renderings of one utterance."""
    claims: tuple[ClaimRecord, ...] = ()
    """Facts as each source states them, where sources may differ."""
