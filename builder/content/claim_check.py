"""The checks of a meeting's claims: a fact as each source states it. A claim's id is a slug;
each value's source exists and is one of the meeting's, and gives one value; its printed
words hold a word and stand as whole words, folded as a quote's, in the article text or in
the source's headline, as `where` says. Values that differ are data, never a problem."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from builder.content.checker import Checker
from builder.content.misquotes import explain_miss
from builder.content.models import ClaimRecord, ClaimValue, ClaimWhere, Meeting, Source
from builder.content.printed import is_slug, not_a_slug
from builder.content.printed_words import inside_words, word_spans
from builder.content.speakers import places_of
from builder.content.text import Match, fold_quote
from builder.content.words import has_word


def check_claims(checker: Checker, meeting: Meeting, meeting_sources: Sequence[Source]) -> None:
    """Report every problem of the meeting's claims, in the order of its front matter, and
    record where each value's printed words stand (`Checker.claim_matches`)."""
    where = meeting.where
    for index, claim in enumerate(meeting.record.claims):
        if not is_slug(claim.id):
            message = not_a_slug("claim id", claim.id, names_a_page=False)
            checker.report(where.path, where.line_of("claims", index, "id"), message)
        given: dict[str, int] = {}
        for number, value in enumerate(claim.values):
            key = ("claims", index, "values", number)
            if value.source in given:
                checker.report(
                    where.path,
                    where.line_of(*key, "source"),
                    f"claim {claim.id!r}: source {value.source!r} is given twice (values "
                    f"{given[value.source] + 1} and {number + 1}); give one value per source",
                )
                continue
            given[value.source] = number
            source = _source(checker, meeting, key, value.source)
            if source is None:
                continue
            found, why = _find(claim, value, source, meeting_sources, checker)
            if why is not None:
                checker.report(where.path, where.line_of(*key, "printed"), why)
            else:
                checker.claim_matches[(claim.id, source.id)] = found


def _source(
    checker: Checker, meeting: Meeting, key: tuple[str | int, ...], source_id: str
) -> Source | None:
    """The value's source, reported when it does not exist or is not one of the meeting's."""
    where = meeting.where
    line = where.line_of(*key, "source")
    source = checker.dossier.sources.get(source_id)
    if source is None:
        checker.unknown(where.path, line, "source", source_id)
        return None
    if source_id not in meeting.record.sources:
        checker.report(
            where.path,
            line,
            f"source {source_id!r} is not among this meeting's sources "
            f"({', '.join(meeting.record.sources)}); a claim gives what the meeting's sources "
            "state",
        )
        return None
    return source


def _find(
    claim: ClaimRecord,
    value: ClaimValue,
    source: Source,
    meeting_sources: Sequence[Source],
    checker: Checker,
) -> tuple[Match | None, str | None]:
    """Where the value's printed words stand (None in the headline), or why they do not."""
    shown = f"claim {claim.id!r}: printed {value.printed!r} of source {source.id!r}"
    if not has_word(fold_quote(value.printed)):
        return None, (
            f"{shown} holds no word: give the words the article prints for the value (at "
            "least one word of two or more letters or digits)"
        )
    headline = source.record.headline
    in_headline = headline is not None and bool(
        word_spans(unicodedata.normalize("NFC", headline), value.printed)
    )
    places = places_of(value.printed, source)
    if value.where is ClaimWhere.text:
        if places:
            return places[0].match, None
        if in_headline:
            return (
                None,
                f"{shown} is not in the article text; found in the headline: set where: headline",
            )
        everything = list(checker.dossier.sources.values())
        why = explain_miss(value.printed, source, meeting_sources, everything)
        return None, f"{shown} not found in the article text: {why}"
    if headline is None:
        return None, (
            f"{shown}: source {source.id!r} has no headline: set where: text when the article "
            "text prints the words, or record the headline in the source"
        )
    if in_headline:
        return None, None
    if places:
        return None, f"{shown} is not in the headline; found in the article text: set where: text"
    inside = inside_words(unicodedata.normalize("NFC", headline), value.printed)
    return None, (
        f"{shown} is not in the headline «{headline}»"
        + (" as whole words (only inside longer words)" if inside else "")
    )
