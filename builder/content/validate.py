"""Validate stage: check every reference and every quote of a loaded dossier.

Each source's folded text is computed once in each process that checks it or a meeting that
lists it (sources and meetings are checked together, by the first meeting to list a source);
each quote is looked for in its own source only; the costly nearest-match search runs only for
quotes that were not found.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from slugify import slugify

from builder.content.misquotes import explain_miss
from builder.content.models import (
    Dossier,
    Located,
    Meeting,
    PersonRecord,
    Printed,
    Source,
    UncheckedMeeting,
)
from builder.content.quote_check import check_quote, name_spans
from builder.content.text import Match, fold_quote, fold_text
from builder.content.words import find_words, has_word
from builder.problems import Problem

MIN_QUOTES_PER_MEETING = 1


@dataclass(frozen=True)
class Verified:
    """A dossier whose references and quotes all checked out, with where each quote was found."""

    dossier: Dossier
    matches: dict[str, Match]
    """Quote id to its place in the article text."""


class _SourceText:
    """A source's raw article, folded once, when first needed. (Its article text is folded
    by the load stage: `Source.folded`.)"""

    def __init__(self, source: Source) -> None:
        self.source = source

    @functools.cached_property
    def raw(self) -> str:
        # Each line folded on its own: a printed value never runs across two lines.
        return "\n".join(fold_text(line) for line in self.source.raw_text.split("\n"))

    def prints(self, words: str) -> bool:
        """Whether the raw article prints `words` as whole words (`find_words`), compared
        folded (`fold_quote`).

        Words found as written are found folded too: folding turns each run of white space
        into one space and each quote mark into one mark, where they stand, so a part of a
        text folds into a part of the text folded, and word boundaries stay where they were.
        Only words not found as written need the whole article folded, which was a fifth of
        the validate stage."""
        needle = fold_quote(words)
        if not needle:  # white space alone: no word to find
            return False
        raw = self.source.raw_text
        if "\n" not in words and words in raw and find_words(raw, words) >= 0:
            return True
        return find_words(self.raw, needle) >= 0


_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _is_slug(value: str) -> bool:
    # The pattern is what slugify leaves unchanged; it spares a slugify call per quote id.
    return _PLAIN_SLUG.fullmatch(value) is not None or slugify(value) == value


# What urlsplit reads as an http(s) address with a host, with nothing for it to strip or refuse.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#]\S*)?")


def _is_web_address(url: str) -> bool:
    """Whether `url` is an http or https address with a host."""
    if _PLAIN_WEB_ADDRESS.fullmatch(url):  # most URLs: spares urlsplit, five times slower
        return True
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced `[` reads as a broken IPv6 host
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _printed_dates(value: date | str) -> list[str]:
    """The ways an article may print a publication date."""
    if isinstance(value, date):
        return [
            value.isoformat(),
            f"{value.day:02d}/{value.month:02d}/{value.year}",
            f"{value.day}/{value.month}/{value.year}",
        ]
    year, month = value.split("-")
    return [value, f"{month}/{year}", f"{int(month)}/{year}"]


def _prints_day(raw: str, day: date) -> bool:
    """Whether the text prints the day and month of a date as a whole date: `19/6`, `19/06`,
    `ngày 19/6`, `19/6/2024` (with this year only), or `2024-06-19`; never a piece of another
    number or date (`19/6` is not printed by `119/6`, `19/6.5`, `2/19/6` or `19/6/2023`)."""
    pattern = (
        rf"{_DATE_EDGE_BEFORE}0?{day.day}/0?{day.month}(?:/{day.year}{_DATE_EDGE_AFTER}|"
        rf"{_DATE_EDGE_AFTER})"
    )
    if re.search(pattern, raw) is not None:
        return True
    return _prints_whole_date(raw, day.isoformat())


_DATE_EDGE_BEFORE = r"(?<!\d)(?<!\d[-/.,])(?<![^\W_]/)"
_DATE_EDGE_AFTER = r"(?!\d)(?![-/.,]\d)(?!/[^\W_])"
"""A whole date: no digit next to it, nor a digit beyond a `-`, `/`, `.` or `,` (so `5/1/2024`
is no date in `15/1/2024`, `2024-01-05` none in `2024-01-055`, `1/2024` none in `5/1/2024`),
nor a `/` and a letter or digit, which make it a document's number (`06/2024/NĐ-CP`)."""


def _prints_date(raw: str, value: date | str) -> bool:
    """Whether the text prints the publication date whole, in one of `_printed_dates`."""
    return any(_prints_whole_date(raw, printed) for printed in _printed_dates(value))


_WHOLE_DATE_STARTS = re.compile(_DATE_EDGE_BEFORE)
_WHOLE_DATE_ENDS = re.compile(_DATE_EDGE_AFTER)


def _prints_whole_date(raw: str, printed: str) -> bool:
    """Whether `printed` stands in `raw` as a whole date (see `_DATE_EDGE_BEFORE`): each place
    it stands is tested at its two edges, with no pattern made for it."""
    at = raw.find(printed)
    while at >= 0:
        end = at + len(printed)
        if _WHOLE_DATE_STARTS.match(raw, at) and _WHOLE_DATE_ENDS.match(raw, end):
            return True
        at = raw.find(printed, at + 1)
    return False


_TOKEN_EDGES = " \t\n\r\f\v\u00a0\u200b\ufeff<>()[]{}" + '"“”„‟«»〝〞＂' + "'‘’‚‛‹›＇" + "|"
"""What may stand right before or after a printed URL: white space, brackets and quote marks."""
_OPENING_BRACKETS = "<([{"
"""Right after a URL, an opening bracket goes on with it (`…/x(1)` is another address)."""
_TOKEN_END_PUNCTUATION = ".,;:!?"
"""Punctuation a sentence may put right after a URL (`… tại https://a.vn/x.`)."""


def _prints_token(raw: str, token: str) -> bool:
    """Whether the text prints `token` (a URL) whole: bounded by the text's ends, white space,
    brackets or quote marks, so that `https://example.co` is not printed by an article that
    prints `https://example.com/tin/x`. A sentence's punctuation may follow it when a bound
    follows that."""
    at = raw.find(token)
    while at >= 0:
        end = at + len(token)
        before_ok = at == 0 or raw[at - 1] in _TOKEN_EDGES or raw[at - 1].isspace()
        while end < len(raw) and raw[end] in _TOKEN_END_PUNCTUATION:
            end += 1
        after_ok = (
            end == len(raw)
            or (raw[end] in _TOKEN_EDGES and raw[end] not in _OPENING_BRACKETS)
            or raw[end].isspace()
        )
        if before_ok and after_ok:
            return True
        at = raw.find(token, at + 1)
    return False


class _Checker:
    """Collects problems while walking the dossier; one instance per validation run."""

    def __init__(self, dossier: Dossier) -> None:
        self.dossier = dossier
        self.problems: list[Problem] = []
        self.texts: dict[str, _SourceText] = {}
        self.matches: dict[str, Match] = {}

    def text_of(self, source: Source) -> _SourceText:
        text = self.texts.get(source.id)
        if text is None:
            text = self.texts[source.id] = _SourceText(source)
        return text

    def report(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def unknown(self, path: str, line: int, kind: str, value: str) -> None:
        """Report a reference to a source or person that does not exist.

        A source whose file failed to load, or anyone while `people.yml` failed to load, is
        not reported again at every reference: its own problem already was.
        """
        if kind == "source":
            if value in self.dossier.unloaded_sources:
                return
            self.report(path, line, _unknown(kind, value, self.dossier.sources))
        elif not self.dossier.people_unloaded:
            self.report(path, line, _unknown(kind, value, self.dossier.people))

    # Sources

    def check_source(self, source: Source) -> None:
        record, where = source.record, source.where
        text = self.text_of(source)
        if not _is_slug(source.id):
            self.report(
                where.path,
                1,
                f"source id {source.id!r} (the file name) is not a slug; "
                f"use {slugify(source.id)!r}",
            )
        named: list[tuple[tuple[str | int, ...], str]] = []
        for field_name in ("outlet", "captured_from", "author"):
            value = getattr(record, field_name)
            if value is not None:
                named.append(((field_name, "printed"), value.printed))
        named += [
            (("cites", index, "printed"), item.printed) for index, item in enumerate(record.cites)
        ]
        named += [
            (("credits", index, "printed"), credit.printed)
            for index, credit in enumerate(record.credits)
        ]
        for path_in_record, printed in named:
            label = ".".join(str(part) for part in path_in_record[:-1])
            self.check_printed(where, path_in_record, label, printed, text)
        if record.headline is not None:
            self.check_printed(where, ("headline",), "headline", record.headline, text)
            folded_headline = fold_quote(record.headline)
            if (
                has_word(record.headline)
                and text.prints(record.headline)
                and not any(line == folded_headline for line in text.raw.split("\n"))
            ):
                self.report(
                    where.path,
                    where.line_of("headline"),
                    "headline is not a whole line of the raw article: give the headline line "
                    "as printed, or null when the article has none",
                )
        if not _prints_date(source.raw_text, record.date):
            inside = any(printed in source.raw_text for printed in _printed_dates(record.date))
            self.report(
                where.path,
                where.line_of("date"),
                f"date {source.date_iso} is not printed in the raw article "
                f"(looked for {', '.join(_printed_dates(record.date))}"
                + (
                    " as a whole date; the article prints it only as part of another number)"
                    if inside
                    else ")"
                ),
            )
        if record.url is not None:
            if not _is_web_address(record.url):
                self.report(
                    where.path,
                    where.line_of("url"),
                    f"url must be an http or https address; found {record.url!r}",
                )
            elif not _prints_token(source.raw_text, record.url):
                self.report(
                    where.path,
                    where.line_of("url"),
                    "url is not printed in the raw article"
                    + (
                        " as a whole address (it prints a longer one that starts or ends alike); "
                        "record only a URL the article prints, all of it"
                        if record.url in source.raw_text
                        else "; record only a URL the article prints"
                    ),
                )
        if not source.paragraphs:
            self.report(where.path, where.line_of("cuts"), "the cuts leave no article text")

    def check_printed(
        self,
        where: Located,
        key: tuple[str | int, ...],
        label: str,
        printed: str,
        text: _SourceText,
        in_what: str = "",
    ) -> None:
        """Report a `printed` value (a name, a headline) that holds no word, or that the raw
        article does not print as whole words (`find_words`): `" "`, `":"` and `"n"` would be
        found in any article, and `Mớ` is not printed by an article that prints `Mới`."""
        where_printed = in_what or "the raw article"
        # A headline is long; its line says which it is.
        shown = label if label == "headline" else f"{label}: {printed!r}"
        # The line is looked up only for a problem: finding lines reads the file again.
        if not has_word(printed):
            self.report(
                where.path,
                where.line_of(*key),
                f"{shown} holds no word: give the words as {where_printed} prints "
                "them (at least one word of two or more letters or digits)",
            )
        elif not text.prints(printed):
            inside = fold_quote(printed) in text.raw
            self.report(
                where.path,
                where.line_of(*key),
                f"{shown} is not printed in {where_printed}"
                + (" as whole words (only inside longer words)" if inside else ""),
            )

    # Meetings

    def names_in_article(self, source: Source, person: PersonRecord) -> bool:
        """Whether the article text (not what the record cuts) names the person, as whole
        words outside quotation marks or in them, capitals aside."""
        return any(
            name_spans(paragraph.text, person.printed_names, None)
            for paragraph in source.paragraphs
        )

    def check_meeting(self, meeting: Meeting) -> None:
        record, where = meeting.record, meeting.where
        path = where.path
        sources = self.dossier.sources
        people = self.dossier.people
        if not _is_slug(record.id):
            self.report(path, where.line_of("id"), _not_a_slug("meeting id", record.id))
        if record.slug is not None and not _is_slug(record.slug):
            self.report(path, where.line_of("slug"), _not_a_slug("slug", record.slug))
        for index, source_id in enumerate(record.sources):
            if source_id not in sources:
                self.unknown(path, where.line_of("sources", index), "source", source_id)
        for listed in ("sources", "participants"):
            self.check_listed_once(meeting, listed)
        known_sources = set(record.sources)

        def meeting_source(key: tuple[str | int, ...], source_id: str) -> Source | None:
            if source_id not in sources:
                self.unknown(path, where.line_of(*key), "source", source_id)
                return None
            if source_id not in known_sources:
                self.report(
                    path,
                    where.line_of(*key),
                    f"source {source_id!r} is not among this meeting's sources "
                    f"({', '.join(record.sources)})",
                )
            return sources[source_id]

        date_source = meeting_source(("date_source",), record.date_source)
        if date_source is not None:
            self.check_meeting_date(meeting, date_source)
        place_source = meeting_source(("place", "source"), record.place.source)
        if place_source is not None:
            place_text = self.text_of(place_source)
            for part in ("venue", "city", "region", "country"):
                value: Printed | None = getattr(record.place, part)
                if value is not None:
                    self.check_printed(
                        where,
                        ("place", part, "printed"),
                        f"place.{part}",
                        value.printed,
                        place_text,
                        f"source {place_source.id!r}",
                    )
        meeting_sources = [sources[s] for s in record.sources if s in sources]
        for index, person_id in enumerate(record.participants):
            person = people.get(person_id)
            if person is None:
                self.unknown(path, where.line_of("participants", index), "person", person_id)
            elif meeting_sources and not any(
                self.names_in_article(source, person) for source in meeting_sources
            ):
                self.report(
                    path,
                    where.line_of("participants", index),
                    f"participant {person_id!r} is not named in the article text of any of this "
                    "meeting's sources",
                )
        if len(record.quotes) < MIN_QUOTES_PER_MEETING:
            self.report(
                path,
                where.line_of("quotes") if ("quotes",) in where.lines else where.line_of(),
                "a meeting needs at least one quote to build; found none",
            )
        for index, quote in enumerate(record.quotes):
            key = ("quotes", index)
            if not _is_slug(quote.id):
                self.report(
                    path,
                    where.line_of(*key, "id"),
                    _not_a_slug("quote id", quote.id, names_a_page=False),
                )
            speaker = people.get(quote.speaker)
            if speaker is None:
                self.unknown(path, where.line_of(*key, "speaker"), "speaker", quote.speaker)
            source = meeting_source((*key, "source"), quote.source)
            if source is None:
                continue
            if speaker is not None and not self.names_in_article(source, speaker):
                self.report(
                    path,
                    where.line_of(*key, "speaker"),
                    f"speaker {quote.speaker!r} is not named in the article text of source "
                    f"{source.id!r} (looked for {', '.join(speaker.printed_names)})",
                )
            match, problems = check_quote(quote, source, speaker, people)
            for problem in problems:
                self.report(path, where.line_of(*key, problem.field), problem.message)
            if match is not None:
                self.matches[quote.id] = match
            elif not problems:
                meeting_sources = [sources[s] for s in record.sources if s in sources]
                why = explain_miss(quote.text, source, meeting_sources, list(sources.values()))
                self.report(
                    path,
                    where.line_of(*key, "text"),
                    f"quote {quote.id!r} not found in source {source.id!r}: {why}",
                )
        self.check_summary(meeting)

    def check_listed_once(self, meeting: Meeting, key: str) -> None:
        """Each source or participant of a meeting is listed once: a second entry would count
        twice ("2 sources") for one."""
        first: dict[str, int] = {}
        for index, item in enumerate(getattr(meeting.record, key)):
            if item in first:
                self.report(
                    meeting.where.path,
                    meeting.where.line_of(key, index),
                    f"{key}: {item!r} is listed twice (items {first[item] + 1} and {index + 1}); "
                    "list each once",
                )
            first.setdefault(item, index)

    def check_printed_names(self) -> None:
        """Each printed name is a whole word or more, and names one person only: a name that
        holds another person's (`ông Putin` given to Peskov holds Putin's `Putin`) would let
        an attribution name the wrong person first."""
        where = self.dossier.people_where
        seen: list[tuple[str, str]] = []
        for index, person in enumerate(self.dossier.people.values()):
            for number, name in enumerate(person.printed_names):
                key = ("people", index, "printed_names", number)
                if not has_word(name):
                    self.report(
                        where.path,
                        where.line_of(*key),
                        f"printed name {name!r} of {person.id!r} holds no word: give the name as "
                        "the articles print it, two or more letters",
                    )
                    continue
                folded = fold_quote(name).lower()
                for other_id, other in seen:
                    if other_id != person.id and (
                        find_words(folded, other) >= 0 or find_words(other, folded) >= 0
                    ):
                        self.report(
                            where.path,
                            where.line_of(*key),
                            f"printed name {name!r} of {person.id!r} and a printed name of "
                            f"{other_id!r} hold one another: a printed name names one person",
                        )
                seen.append((person.id, folded))

    def check_meeting_date(self, meeting: Meeting, source: Source) -> None:
        day = meeting.record.date
        published = source.record.date
        if isinstance(published, date) and published == day:
            return
        year_month = (
            (published.year, published.month)
            if isinstance(published, date)
            else tuple(int(part) for part in published.split("-"))
        )
        if (
            year_month >= (day.year, day.month)
            and _prints_day(source.raw_text, day)
            and (year_month[0] == day.year)
        ):
            return
        where = meeting.where
        self.report(
            where.path,
            where.line_of("date"),
            f"date {day.isoformat()} is not stated by source {source.id!r}: it is not the "
            f"source's date ({source.date_iso}) and the source does not print "
            f'"{day.day}/{day.month}"',
        )

    def check_summary(self, meeting: Meeting) -> None:
        self.check_summary_text(
            meeting.where.path, meeting.summary, meeting.summary_line, meeting.record.sources
        )

    def check_unchecked_meeting(self, meeting: UncheckedMeeting) -> None:
        """What can be checked of a meeting whose front matter failed its schema: its summary,
        and that it gives a quote; so that one run reports all that is to do."""
        where = meeting.where
        if meeting.quotes_missing:
            self.report(
                where.path,
                where.line_of("quotes") if ("quotes",) in where.lines else where.line_of(),
                "a meeting needs at least one quote to build; found none",
            )
        self.check_summary_text(where.path, meeting.summary, meeting.summary_line, meeting.sources)

    def check_summary_text(
        self, path: str, summary: str, summary_line: int, sources: tuple[str, ...] | None
    ) -> None:
        """Check a summary: not empty, each sentence footnoted, each footnote a source of the
        meeting (not checked when `sources` is None: the meeting's list is not valid)."""
        lines = summary.split("\n")
        if not summary.strip():
            self.report(
                path, summary_line, "the summary (the text after the front matter) is empty"
            )
            return
        for offset, line in enumerate(lines):
            for label in _FOOTNOTE.findall(line):
                if sources is not None and label not in sources:
                    self.report(
                        path,
                        summary_line + offset,
                        f"footnote [^{label}] names no source of this meeting "
                        f"(known: {', '.join(sources)})",
                    )
        for start, paragraph in _paragraphs(lines):
            for sentence in _sentences(_as_shown(paragraph)):
                if not _FOOTNOTE.search(sentence):
                    shown = sentence if len(sentence) <= 60 else sentence[:57] + "..."
                    self.report(
                        path,
                        summary_line + start,
                        f'summary sentence has no footnote to a source: "{shown}"',
                    )

    def check_unique(self) -> None:
        seen_ids: dict[str, Meeting] = {}
        seen_slugs: dict[str, Meeting] = {}
        seen_quotes: dict[str, str] = {}
        for meeting in self.dossier.meetings:
            where = meeting.where
            other = seen_ids.get(meeting.record.id)
            if other is not None:
                self.report(
                    where.path,
                    where.line_of("id"),
                    f"meeting id {meeting.record.id!r} is also used by {other.where.path}",
                )
            seen_ids.setdefault(meeting.record.id, meeting)
            other = seen_slugs.get(meeting.slug)
            if other is not None and other.record.id != meeting.record.id:
                self.report(
                    where.path,
                    where.line_of("slug") if meeting.record.slug else where.line_of("id"),
                    f"meeting page {meeting.slug!r} would also be written by {other.where.path}",
                )
            seen_slugs.setdefault(meeting.slug, meeting)
            for index, quote in enumerate(meeting.record.quotes):
                if quote.id in seen_quotes:
                    self.report(
                        where.path,
                        where.line_of("quotes", index, "id"),
                        f"quote id {quote.id!r} is also used in {seen_quotes[quote.id]}",
                    )
                seen_quotes.setdefault(quote.id, where.path)
        people_where = self.dossier.people_where
        for index, person_id in enumerate(self.dossier.people):
            if not _is_slug(person_id):
                self.report(
                    people_where.path,
                    people_where.line_of("people", index, "id"),
                    _not_a_slug("person id", person_id),
                )


_FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”’)]?((?:\[\^[^\]\s]+\])*)\s+(?=\S)")


_LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s+")


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs of Markdown text with the index of their first line: each list item and
    each heading is one of its own (a heading states something too, in large type)."""
    found: list[tuple[int, str]] = []
    start, buffer = 0, list[str]()
    for index, line in enumerate([*lines, ""]):
        opens = _LIST_ITEM.match(line) is not None or line.lstrip().startswith("#")
        if buffer and (not line.strip() or opens):
            found.append((start, " ".join(buffer)))
            buffer = []
        if line.strip():
            if not buffer:
                start = index
            buffer.append(line.strip().lstrip("#").strip() if opens else line.strip())
    return found


_CODE_SPAN = re.compile(r"(`+).+?\1")
_ESCAPED_FOOTNOTE = re.compile(r"\\\[\^([^\]\s]*)\]")


def _as_shown(paragraph: str) -> str:
    """A paragraph with what Markdown does not make a footnote taken out of its footnotes:
    a marker in code (`` `[^x]` ``) or escaped (`\\[^x]`) is text on the page."""
    paragraph = _CODE_SPAN.sub(lambda code: code.group().replace("[^", "[ ^"), paragraph)
    # `\[^x]` reads `[^x]` on the page: a word after the sentence, not a footnote to it.
    return _ESCAPED_FOOTNOTE.sub(r" [\1]", paragraph)


def _sentences(paragraph: str) -> list[str]:
    """Split a summary paragraph into sentences, each keeping the footnotes that follow it."""
    pieces: list[str] = []
    last = 0
    for match in _SENTENCE_BREAK.finditer(paragraph):
        pieces.append(paragraph[last : match.end()].strip())
        last = match.end()
    pieces.append(paragraph[last:].strip())
    return [piece for piece in pieces if piece]


def _not_a_slug(what: str, value: str, names_a_page: bool = True) -> str:
    """Why an id or slug is refused, and the slug to use instead."""
    suggestion = slugify(value) or "a name in letters and digits"
    if names_a_page and (any(mark in value for mark in "/\\") or value.startswith(".")):
        reason = "would write a page outside its folder"
    else:
        reason = "is not a slug"
    return (
        f"{what} {value!r} {reason}: use lower-case letters, digits and '-' only, "
        f"such as {suggestion!r}"
    )


def _key(dotted: str) -> tuple[str | int, ...]:
    return tuple(int(part) if part.isdigit() else part for part in dotted.split("."))


def _unknown(kind: str, value: str, known: Mapping[str, object]) -> str:
    message = f"unknown {kind} {value!r}"
    # A shortened id (`bao-mau` for `2024-01-05-bao-mau`) is too short for difflib's ratio.
    containing = sorted(name for name in known if len(value) >= 3 and value in name)
    close = containing[:1] or difflib.get_close_matches(value, list(known), n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message + f" (known: {', '.join(sorted(known)) or 'none'})"


def validate_dossier(dossier: Dossier) -> tuple[Verified, list[Problem]]:
    """Check every reference, every printed name and every quote of the dossier; the problems
    in order: sources, then what must be unique, then meetings.

    In this process: shared among forked workers, as the other stages are, the checks took as
    long (0.5-0.7 s at N = 1000), each worker paying to copy the memory it touched. The costly
    part of the stage, folding each article, is done by the load stage's workers."""
    checker = _Checker(dossier)
    for source in dossier.sources.values():
        checker.check_source(source)
    checker.check_unique()
    checker.check_printed_names()
    for meeting in dossier.meetings:
        checker.check_meeting(meeting)
    for unchecked in dossier.unchecked_meetings:
        checker.check_unchecked_meeting(unchecked)
    return Verified(dossier, checker.matches), checker.problems
