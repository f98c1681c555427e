"""Validate stage: check every reference and every quote of a loaded dossier.

Each source's raw article is folded once, when a check first needs it (`Checker.text_of`), and
its article text was folded by the load stage (`Source.folded`); each quote is looked for in its
own source only; the costly nearest-match search runs only for quotes that were not found.
The checks themselves are in `source_check`, `meeting_check` (with `quote_check` and
`summary_check`) and below, for what spans the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.content.checker import Checker
from builder.content.meeting_check import check_meeting, check_unchecked_meeting
from builder.content.models import Dossier, Meeting, Paragraph, Source, Speaker
from builder.content.printed import is_slug, not_a_slug
from builder.content.source_check import check_source
from builder.content.text import Match, fold_quote
from builder.content.words import find_words, has_word
from builder.cores import map_on_cores
from builder.problems import Problem


@dataclass(frozen=True)
class Verified:
    """A dossier whose references and quotes all checked out, with where each quote was found."""

    dossier: Dossier
    matches: dict[str, Match]
    """Quote id to its place in the article text."""
    claim_matches: dict[tuple[str, str], Match | None] = field(default_factory=dict)
    """(Claim id, source id) to the place of the value's printed words in the article text
    when its `where` is `text`; None when it is `headline`."""


def validate_dossier(dossier: Dossier) -> tuple[Verified, list[Problem]]:
    """Check every reference, every printed name and every quote of the dossier; the problems
    in order: sources, then what must be unique, then meetings."""
    checker = Checker(dossier)
    for source in dossier.sources.values():
        check_source(checker, source)
    _check_unique(checker)
    _check_unique_groups(checker)
    _check_printed_names(checker)
    meetings = dossier.meetings
    checked = map_on_cores(
        lambda at: _meeting_problems(dossier, meetings[at]), len(meetings), MEETINGS_ON_CORES_FROM
    )
    for problems, found, claims_found in checked:
        checker.problems += problems
        for quote_id, source_id, number, start, end in found:
            paragraph = _paragraph(dossier.sources[source_id], number)
            checker.matches[quote_id] = Match(paragraph, start, end)
        for claim_id, source_id, place in claims_found:
            checker.claim_matches[(claim_id, source_id)] = (
                None
                if place is None
                else Match(_paragraph(dossier.sources[source_id], place[0]), *place[1:])
            )
    for unchecked in dossier.unchecked_meetings:
        check_unchecked_meeting(checker, unchecked)
    return Verified(dossier, checker.matches, checker.claim_matches), checker.problems


MEETINGS_ON_CORES_FROM = 100
"""Fewer meetings than this are checked in this process: starting processes would cost more."""

QuotePlace = tuple[str, str, int, int, int]
"""Where a quote was found, as it travels between processes: the quote's id, its source's id,
the paragraph's number, and the span in the paragraph."""

ClaimPlace = tuple[str, str, tuple[int, int, int] | None]
"""Where a claim's value was found, as it travels between processes: the claim's id, the
source's id, and the paragraph's number and the span in it (None for the headline)."""


def _meeting_problems(
    dossier: Dossier, meeting: Meeting
) -> tuple[list[Problem], list[QuotePlace], list[ClaimPlace]]:
    """The problems of one meeting, and where its quotes were found. Each meeting is checked
    on its own (a source's raw article, folded for its checks, is folded again for another
    meeting that lists it), so that the meetings may be checked in any process."""
    checker = Checker(dossier)
    check_meeting(checker, meeting)
    found = [
        (quote_id, quote.source, match.paragraph.number, match.start, match.end)
        for quote in meeting.record.quotes
        if (match := checker.matches.get(quote_id := quote.id)) is not None
    ]
    claims_found: list[ClaimPlace] = [
        (claim_id, source_id, (match.paragraph.number, match.start, match.end) if match else None)
        for (claim_id, source_id), match in checker.claim_matches.items()
    ]
    return checker.problems, found, claims_found


def _paragraph(source: Source, number: int) -> Paragraph:
    """The paragraph of `source` numbered `number`: the one object the dossier holds."""
    return next(paragraph for paragraph in source.paragraphs if paragraph.number == number)


def _check_unique(checker: Checker) -> None:
    """Meeting ids, meeting pages and quote ids are each used once; person ids are slugs."""
    seen_ids: dict[str, Meeting] = {}
    seen_slugs: dict[str, Meeting] = {}
    seen_quotes: dict[str, str] = {}
    for meeting in checker.dossier.meetings:
        where = meeting.where
        other = seen_ids.get(meeting.record.id)
        if other is not None:
            checker.report(
                where.path,
                where.line_of("id"),
                f"meeting id {meeting.record.id!r} is also used by {other.where.path}",
            )
        seen_ids.setdefault(meeting.record.id, meeting)
        other = seen_slugs.get(meeting.slug)
        if other is not None and other.record.id != meeting.record.id:
            checker.report(
                where.path,
                where.line_of("slug") if meeting.record.slug else where.line_of("id"),
                f"meeting page {meeting.slug!r} would also be written by {other.where.path}",
            )
        seen_slugs.setdefault(meeting.slug, meeting)
        for index, quote in enumerate(meeting.record.quotes):
            if quote.id in seen_quotes:
                checker.report(
                    where.path,
                    where.line_of("quotes", index, "id"),
                    f"quote id {quote.id!r} is also used in {seen_quotes[quote.id]}",
                )
            seen_quotes.setdefault(quote.id, where.path)
    people_where = checker.dossier.people_where
    for key, kind, ids in (
        ("people", "person id", checker.dossier.people),
        ("organisations", "organisation id", checker.dossier.organisations),
    ):
        for index, speaker_id in enumerate(ids):
            if not is_slug(speaker_id):
                checker.report(
                    people_where.path,
                    people_where.line_of(key, index, "id"),
                    not_a_slug(kind, speaker_id),
                )


def _check_unique_groups(checker: Checker) -> None:
    """Statement ids and claim ids are each used once in the dossier: each is an anchor of
    its meeting's page (`s-…`, `c-…`) and a record of the export."""
    for kind, key in (("statement", "statements"), ("claim", "claims")):
        seen: dict[str, str] = {}
        for meeting in checker.dossier.meetings:
            where = meeting.where
            for index, item in enumerate(getattr(meeting.record, key)):
                if item.id in seen:
                    checker.report(
                        where.path,
                        where.line_of(key, index, "id"),
                        f"{kind} id {item.id!r} is also used in {seen[item.id]}",
                    )
                seen.setdefault(item.id, where.path)


def _check_printed_names(checker: Checker) -> None:
    """Each printed name of a person or organisation is a whole word or more, and names one
    speaker only: a name that holds another's (`ông Putin` given to Peskov holds Putin's
    `Putin`) would let an attribution name the wrong speaker first."""
    where = checker.dossier.people_where
    seen: list[tuple[str, str]] = []
    speakers: list[tuple[str, int, Speaker]] = [
        *(
            ("people", index, person)
            for index, person in enumerate(checker.dossier.people.values())
        ),
        *(
            ("organisations", index, organisation)
            for index, organisation in enumerate(checker.dossier.organisations.values())
        ),
    ]
    for list_key, index, person in speakers:
        for number, name in enumerate(person.printed_names):
            key = (list_key, index, "printed_names", number)
            if not has_word(name):
                checker.report(
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
                    checker.report(
                        where.path,
                        where.line_of(*key),
                        f"printed name {name!r} of {person.id!r} and a printed name of "
                        f"{other_id!r} hold one another: a printed name names one person",
                    )
            seen.append((person.id, folded))
