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

from builder.models import DatePrecision, Dossier, Meeting, Printed, Rights, Source
from builder.pages import meeting_page, person_page, source_page
from builder.problems import Problem
from builder.safe_markdown import own_page_links
from builder.text import Match, closest_passage, fold_quote, fold_text

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
        return fold_text(self.source.raw_text)

    def prints(self, words: str) -> bool:
        """Whether the raw article prints `words`, compared folded (`fold_quote`).

        Words found as written are found folded too: folding turns each run of white space
        into one space and each quote mark into one mark, where they stand, so a part of a
        text folds into a part of the text folded. Only words not found as written need the
        whole article folded, which was a fifth of the validate stage."""
        return words in self.source.raw_text or fold_quote(words) in self.raw


def source_date_precision(source: Source) -> DatePrecision:
    """`day` for a full date, `month` when the article gives only the month."""
    return DatePrecision.day if isinstance(source.record.date, date) else DatePrecision.month


def source_date_iso(source: Source) -> str:
    """The publication date as an ISO string at its precision."""
    value = source.record.date
    return value.isoformat() if isinstance(value, date) else value


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
    """Whether the text prints the day and month (`19/6`, `19/06`) of a date."""
    pattern = rf"(?<!\d)0?{day.day}/0?{day.month}(?!\d)"
    return re.search(pattern, raw) is not None


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
        named: list[tuple[str, Printed]] = []
        for key in ("outlet", "captured_from", "author"):
            value = getattr(record, key)
            if value is not None:
                named.append((key, value))
        named += [(f"cites.{index}", item) for index, item in enumerate(record.cites)]
        for key, printed in named:
            if not text.prints(printed.printed):
                self.report(
                    where.path,
                    where.line_of(*_key(key), "printed"),
                    f"{key}: {printed.printed!r} is not printed in the raw article",
                )
        for index, credit in enumerate(record.credits):
            if not text.prints(credit.printed):
                self.report(
                    where.path,
                    where.line_of("credits", index, "printed"),
                    f"credits.{index}: {credit.printed!r} is not printed in the raw article",
                )
        if record.headline is not None and not text.prints(record.headline):
            self.report(
                where.path, where.line_of("headline"), "headline is not printed in the raw article"
            )
        if not any(printed in source.raw_text for printed in _printed_dates(record.date)):
            self.report(
                where.path,
                where.line_of("date"),
                f"date {source_date_iso(source)} is not printed in the raw article "
                f"(looked for {', '.join(_printed_dates(record.date))})",
            )
        if record.url is not None:
            if not _is_web_address(record.url):
                self.report(
                    where.path,
                    where.line_of("url"),
                    f"url must be an http or https address; found {record.url!r}",
                )
            elif record.url not in source.raw_text:
                self.report(
                    where.path,
                    where.line_of("url"),
                    "url is not printed in the raw article; record only a URL the article prints",
                )
        if not source.paragraphs:
            self.report(where.path, where.line_of("cuts"), "the cuts leave no article text")

    # Meetings

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
                if value is not None and not place_text.prints(value.printed):
                    self.report(
                        path,
                        where.line_of("place", part, "printed"),
                        f"place.{part}: {value.printed!r} is not printed in source "
                        f"{place_source.id!r}",
                    )
        meeting_texts = [self.text_of(sources[s]) for s in record.sources if s in sources]
        for index, person_id in enumerate(record.participants):
            person = people.get(person_id)
            if person is None:
                self.unknown(path, where.line_of("participants", index), "person", person_id)
            elif meeting_texts and not any(
                text.prints(name) for name in person.printed_names for text in meeting_texts
            ):
                self.report(
                    path,
                    where.line_of("participants", index),
                    f"participant {person_id!r} is not named in any of this meeting's sources",
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
            article = source.folded
            if speaker is not None and not any(
                article.mentions(fold_quote(name)) for name in speaker.printed_names
            ):
                self.report(
                    path,
                    where.line_of(*key, "speaker"),
                    f"speaker {quote.speaker!r} is not named in source {source.id!r} "
                    f"(looked for {', '.join(speaker.printed_names)})",
                )
            match = article.find(quote.text)
            if match is None:
                ratio, passage = closest_passage(quote.text, article.folded)
                self.report(
                    path,
                    where.line_of(*key, "text"),
                    f"quote {quote.id!r} not found in source {source.id!r}; "
                    f'closest match ({ratio:.0%}): "{passage}"',
                )
            else:
                self.matches[quote.id] = match
        self.check_summary(meeting)

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
            f"source's date ({source_date_iso(source)}) and the source does not print "
            f'"{day.day}/{day.month}"',
        )

    def check_summary(self, meeting: Meeting) -> None:
        path = meeting.where.path
        allowed = set(meeting.record.sources)
        lines = meeting.summary.split("\n")
        if not meeting.summary.strip():
            self.report(
                path, meeting.summary_line, "the summary (the text after the front matter) is empty"
            )
            return
        for offset, line in enumerate(lines):
            for label in _FOOTNOTE.findall(line):
                if label not in allowed:
                    self.report(
                        path,
                        meeting.summary_line + offset,
                        f"footnote [^{label}] names no source of this meeting "
                        f"(known: {', '.join(meeting.record.sources)})",
                    )
        for start, paragraph in _paragraphs(lines):
            for sentence in _sentences(paragraph):
                if not _FOOTNOTE.search(sentence):
                    shown = sentence if len(sentence) <= 60 else sentence[:57] + "..."
                    self.report(
                        path,
                        meeting.summary_line + start,
                        f'summary sentence has no footnote to a source: "{shown}"',
                    )

    def site_anchors(self) -> dict[str, set[str]]:
        """Every page of the site and the anchors a link may point to in it."""
        dossier = self.dossier
        pages: dict[str, set[str]] = {
            "index.html": {"timeline"},
            "about.html": set(),
            "dossier.json": set(),
            "dossier.schema.json": set(),
        }
        for meeting in dossier.meetings:
            record = meeting.record
            pages[meeting_page(meeting.slug)] = {
                "summary",
                "quotes",
                "sources",
                *(f"q-{quote.id}" for quote in record.quotes),
                # A source the summary does not cite has no footnote (render: only cited ones).
                *(
                    f"{kind}:{source}"
                    for source in set(record.sources) & set(_FOOTNOTE.findall(meeting.summary))
                    for kind in ("fn", "fnref")
                ),
            }
        for person_id in dossier.people:
            pages[person_page(person_id)] = {"quotes"}
        for source_id, source in dossier.sources.items():
            full = source.record.rights is Rights.full
            pages[source_page(source_id)] = {"article-text" if full else "quoted-passages"} | {
                f"p-{paragraph.number}" for paragraph in source.paragraphs if full
            }
            if full:
                pages[f"raw/{source_id}.txt"] = set()
        for meeting in dossier.meetings:
            for quote in meeting.record.quotes:
                anchor = f"q-{quote.id}"
                match = self.matches.get(quote.id)
                if match is not None:
                    on_source = pages.get(source_page(quote.source))
                    if on_source is not None:
                        on_source.add(anchor)
                        on_source.add(f"p-{match.paragraph.number}")
                on_person = pages.get(person_page(quote.speaker))
                if on_person is not None:
                    on_person.add(anchor)
        return pages

    def check_own_links(self) -> None:
        """Links from summaries and the About page to our own pages must reach a page, and an
        anchor on it when they name one: MkDocs does not see these links, so we check them."""
        pages: dict[str, set[str]] | None = None  # made when a first link needs it
        texts = [
            (meeting.where.path, meeting.summary_line, meeting.summary, meeting_page(meeting.slug))
            for meeting in self.dossier.meetings
        ]
        texts.append(("site_src/about.md", 1, self.dossier.about, "about.html"))
        for path, first_line, text, page in texts:
            lines = text.split("\n")
            for written, target in own_page_links(text, page):
                if pages is None:
                    pages = self.site_anchors()
                line = first_line + next(
                    (index for index, content in enumerate(lines) if written in content), 0
                )
                target_page, _, fragment = target.partition("#")
                if target_page not in pages:
                    close = difflib.get_close_matches(target_page, list(pages), n=1)
                    hint = f"; did you mean {close[0]}?" if close else ""
                    self.report(
                        path,
                        line,
                        f"link {written!r} goes to {target_page}, which is not a page of this "
                        f"dossier{hint}",
                    )
                elif fragment and fragment not in pages[target_page]:
                    anchors = sorted(pages[target_page])
                    known = f" (anchors there: {', '.join(anchors)})" if anchors else ""
                    self.report(
                        path,
                        line,
                        f"link {written!r} goes to #{fragment}, which is not on {target_page}"
                        f"{known}",
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
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"”’)]?((?:\[\^[^\]\s]+\])*)\s+(?=\S)")


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs of Markdown text with the index of their first line; headings are skipped."""
    found: list[tuple[int, str]] = []
    start, buffer = 0, list[str]()
    for index, line in enumerate([*lines, ""]):
        if line.strip():
            if not buffer:
                start = index
            buffer.append(line.strip())
        elif buffer:
            text = " ".join(buffer)
            if not text.startswith("#"):
                found.append((start, text))
            buffer = []
    return found


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


def site_anchors(verified: Verified) -> dict[str, set[str]]:
    """Every page of the built site, with the anchors that links written by editors may name."""
    checker = _Checker(verified.dossier)
    checker.matches = dict(verified.matches)
    return checker.site_anchors()


def validate_dossier(dossier: Dossier) -> tuple[Verified, list[Problem]]:
    """Check every reference, every printed name and every quote of the dossier; the problems
    in order: sources, then what must be unique, then meetings, then links.

    In this process: shared among forked workers, as the other stages are, the checks took as
    long (0.5-0.7 s at N = 1000), each worker paying to copy the memory it touched. The costly
    part of the stage, folding each article, is done by the load stage's workers."""
    checker = _Checker(dossier)
    for source in dossier.sources.values():
        checker.check_source(source)
    checker.check_unique()
    for meeting in dossier.meetings:
        checker.check_meeting(meeting)
    checker.check_own_links()
    return Verified(dossier, checker.matches), checker.problems
