"""The checks of one meeting: its ids are slugs, every source and person it names exists and is
listed once, its sources state its date and print its place, they name its participants, each
quote stands in its source as the speaker's words, and every sentence of the summary has a
footnote to one of its sources."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from builder.content.checker import Checker
from builder.content.claim_check import check_claims
from builder.content.misquotes import explain_miss
from builder.content.models import (
    Located,
    Meeting,
    Printed,
    QuoteRecord,
    Source,
    Speaker,
    UncheckedMeeting,
)
from builder.content.printed import is_slug, not_a_slug, prints_day
from builder.content.quote_check import check_quote
from builder.content.quote_links import check_context, check_via
from builder.content.speakers import name_spans
from builder.content.statement_check import check_statements
from builder.content.summary_check import summary_problems

MIN_QUOTES_PER_MEETING = 1


def names_in_article(source: Source, person: Speaker) -> bool:
    """Whether the article text (not what the record cuts) names the person or organisation,
    as whole words
    outside quotation marks or in them, capitals aside."""
    return any(
        name_spans(paragraph.text, person.printed_names, None) for paragraph in source.paragraphs
    )


def check_meeting(checker: Checker, meeting: Meeting) -> None:
    """Report every problem of one meeting, in the order of its front matter (its quotes,
    then its statements and claims), then its summary."""
    check = _MeetingCheck(checker, meeting)
    check.ids()
    date_source = check.source(("date_source",), meeting.record.date_source)
    if date_source is not None:
        _check_date(checker, meeting, date_source)
    check.place()
    check.participants()
    _check_has_quote(checker, meeting.where, len(meeting.record.quotes))
    for index, quote in enumerate(meeting.record.quotes):
        check.quote(index, quote)
    check_statements(checker, meeting)
    check_claims(checker, meeting, check.meeting_sources)
    where = meeting.where
    checker.problems += summary_problems(
        where.path, meeting.summary, meeting.summary_line, meeting.record.sources
    )
    summary_vi = meeting.record.summary_vi
    if summary_vi is not None:
        # A summary of several lines is a `|` block, whose text starts on the line after its key.
        first_line = where.line_of("summary_vi") + ("\n" in summary_vi.rstrip("\n"))
        checker.problems += summary_problems(
            where.path, summary_vi, first_line, meeting.record.sources
        )


def check_unchecked_meeting(checker: Checker, meeting: UncheckedMeeting) -> None:
    """What can be checked of a meeting whose front matter failed its schema: its summary,
    and that it gives a quote; so that one run reports all that is to do."""
    where = meeting.where
    if meeting.quotes_missing:
        _check_has_quote(checker, where, 0)
    checker.problems += summary_problems(
        where.path, meeting.summary, meeting.summary_line, meeting.sources
    )


def _check_has_quote(checker: Checker, where: Located, quotes: int) -> None:
    if quotes < MIN_QUOTES_PER_MEETING:
        checker.report(
            where.path,
            where.line_of("quotes") if ("quotes",) in where.lines else where.line_of(),
            "a meeting needs at least one quote to build; found none",
        )


class _MeetingCheck:
    """The checks of one meeting's front matter, which share its lists of sources."""

    def __init__(self, checker: Checker, meeting: Meeting) -> None:
        self.checker = checker
        self.meeting = meeting
        self.record, self.where = meeting.record, meeting.where
        self.path = meeting.where.path
        self.sources = checker.dossier.sources
        self.people = checker.dossier.people
        self.speakers = checker.dossier.speakers
        self.listed = set(self.record.sources)
        self.meeting_sources = [self.sources[s] for s in self.record.sources if s in self.sources]

    def ids(self) -> None:
        """The meeting's id and slug are slugs; its sources exist and each is listed once, as
        is each participant."""
        record, where = self.record, self.where
        if not is_slug(record.id):
            self.checker.report(self.path, where.line_of("id"), not_a_slug("meeting id", record.id))
        if record.slug is not None and not is_slug(record.slug):
            self.checker.report(self.path, where.line_of("slug"), not_a_slug("slug", record.slug))
        for index, source_id in enumerate(record.sources):
            if source_id not in self.sources:
                self.checker.unknown(
                    self.path, where.line_of("sources", index), "source", source_id
                )
        for listed in ("sources", "participants"):
            _check_listed_once(self.checker, self.meeting, listed)

    def source(self, key: tuple[str | int, ...], source_id: str) -> Source | None:
        """The source a field names, reported when it does not exist or the meeting does not
        list it."""
        if source_id not in self.sources:
            self.checker.unknown(self.path, self.where.line_of(*key), "source", source_id)
            return None
        if source_id not in self.listed:
            self.checker.report(
                self.path,
                self.where.line_of(*key),
                f"source {source_id!r} is not among this meeting's sources "
                f"({', '.join(self.record.sources)})",
            )
        return self.sources[source_id]

    def place(self) -> None:
        """Each part of the place is printed by the source that names the place."""
        place = self.record.place
        place_source = self.source(("place", "source"), place.source)
        if place_source is None:
            return
        place_text = self.checker.text_of(place_source)
        for part in ("venue", "city", "region", "country"):
            value: Printed | None = getattr(place, part)
            if value is not None:
                self.checker.check_printed(
                    self.where,
                    ("place", part, "printed"),
                    f"place.{part}",
                    value.printed,
                    place_text,
                    f"source {place_source.id!r}",
                )

    def participants(self) -> None:
        """Each participant exists and is named in the article text of one of the sources."""
        for index, person_id in enumerate(self.record.participants):
            person = self.people.get(person_id)
            organisation = self.checker.dossier.organisations.get(person_id)
            if organisation is not None:
                self.checker.report(
                    self.path,
                    self.where.line_of("participants", index),
                    f"participant {person_id!r} is an organisation ({organisation.name}), not a "
                    "person: list the people who took part; an organisation may speak as a "
                    "quote's speaker",
                )
            elif person is None:
                line = self.where.line_of("participants", index)
                self.checker.unknown(self.path, line, "person", person_id)
            elif self.meeting_sources and not any(
                names_in_article(source, person) for source in self.meeting_sources
            ):
                self.checker.report(
                    self.path,
                    self.where.line_of("participants", index),
                    f"participant {person_id!r} is not named in the article text of any of this "
                    "meeting's sources",
                )

    def quote(self, index: int, quote: QuoteRecord) -> None:
        """The quote's id is a slug, its speaker exists and is named by its source, and its
        words stand in its source as the speaker's (`check_quote`), or why they do not."""
        key = ("quotes", index)
        path, where = self.path, self.where
        if not is_slug(quote.id):
            message = not_a_slug("quote id", quote.id, names_a_page=False)
            self.checker.report(path, where.line_of(*key, "id"), message)
        speaker = self.speakers.get(quote.speaker)
        if speaker is None:
            self.checker.unknown(path, where.line_of(*key, "speaker"), "speaker", quote.speaker)
        source = self.source((*key, "source"), quote.source)
        if source is None:
            return
        self.translation(index, quote, source)
        if speaker is not None and not names_in_article(source, speaker):
            self.checker.report(
                path,
                where.line_of(*key, "speaker"),
                f"speaker {quote.speaker!r} is not named in the article text of source "
                f"{source.id!r} (looked for {', '.join(speaker.printed_names)})",
            )
        match, problems = check_quote(quote, source, speaker, self.speakers)
        for problem in problems:
            self.checker.report(path, where.line_of(*key, problem.field), problem.message)
        if match is not None:
            self.checker.matches[quote.id] = match
        elif not problems:
            everything = list(self.sources.values())
            why = explain_miss(quote.text, source, self.meeting_sources, everything)
            self.checker.report(
                path,
                where.line_of(*key, "text"),
                f"quote {quote.id!r} not found in source {source.id!r}: {why}",
            )
        # Where the article credits the words and what they answer are read around the
        # place where the quote stands: that much is checked only once the place is known.
        check_via(self.checker, where, key, quote, source, match)
        if match is not None:
            check_context(self.checker, where, key, quote, source, match, self.meeting_sources)

    def translation(self, index: int, quote: QuoteRecord, source: Source) -> None:
        """A quote has our English translation unless its source is in English, where the
        words are shown once, as the original, and a translation repeating them is refused."""
        key = ("quotes", index)
        in_english = source.record.language.split("-")[0].lower() == TRANSLATION_LANGUAGE
        if quote.translation is None and not in_english:
            self.checker.report(
                self.path,
                self.where.line_of(*key),
                f"missing required field 'quotes.{index}.translation' (source {source.id!r} is "
                f"in {source.record.language!r}; only a quote from a source in English needs none)",
            )
        elif (
            quote.translation is not None
            and in_english
            and _plain(quote.translation) == _plain(quote.text)
        ):
            self.checker.report(
                self.path,
                self.where.line_of(*key, "translation"),
                f"quote {quote.id!r}: the translation repeats the text, and source "
                f"{source.id!r} is in English: leave 'translation' out, the words are shown "
                "once as the original",
            )
        self._context_translation(index, quote, source, in_english)

    def _context_translation(
        self, index: int, quote: QuoteRecord, source: Source, in_english: bool
    ) -> None:
        """The same rule for the quote's context: English context is shown once, as printed."""
        context, key = quote.context, ("quotes", index, "context")
        if context is None:
            return
        if context.translation is None and not in_english:
            self.checker.report(
                self.path,
                self.where.line_of(*key),
                f"missing required field 'quotes.{index}.context.translation' (source "
                f"{source.id!r} is in {source.record.language!r}; only the context of a quote "
                "from a source in English needs none)",
            )
        elif (
            context.translation is not None
            and in_english
            and _plain(context.translation) == _plain(context.text)
        ):
            self.checker.report(
                self.path,
                self.where.line_of(*key, "translation"),
                f"quote {quote.id!r}: the translation of its context repeats the context's "
                f"words, and source {source.id!r} is in English: leave 'context.translation' "
                "out, the words are shown once as the original",
            )


TRANSLATION_LANGUAGE = "en"
"""The language of our translations: a quote from a source in it needs none."""


_WORD = re.compile(r"\w+")


def _plain(text: str) -> list[str]:
    """The words of a text, compared without case, spacing or punctuation (a comma, an
    ellipsis, quotation marks of any shape): a translation that differs from the text only
    there repeats it."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def _check_listed_once(checker: Checker, meeting: Meeting, key: str) -> None:
    """Each source or participant of a meeting is listed once: a second entry would count
    twice ("2 sources") for one."""
    first: dict[str, int] = {}
    for index, item in enumerate(getattr(meeting.record, key)):
        if item in first:
            checker.report(
                meeting.where.path,
                meeting.where.line_of(key, index),
                f"{key}: {item!r} is listed twice (items {first[item] + 1} and {index + 1}); "
                "list each once",
            )
        first.setdefault(item, index)


def _check_date(checker: Checker, meeting: Meeting, source: Source) -> None:
    """The meeting's date is its date source's date, or a day that source prints (in the same
    year, not after the source's month)."""
    day = meeting.record.date
    published = source.record.date
    if isinstance(published, date) and published == day:
        return
    first_day = source.first_day
    year_month = (first_day.year, first_day.month)
    if (
        year_month >= (day.year, day.month)
        and prints_day(source.raw_text, day)
        and (year_month[0] == day.year)
    ):
        return
    where = meeting.where
    checker.report(
        where.path,
        where.line_of("date"),
        f"date {day.isoformat()} is not stated by source {source.id!r}: it is not the "
        f"source's date ({source.date_iso}) and the source does not print "
        f'"{day.day}/{day.month}"',
    )
