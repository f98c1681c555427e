"""Checking one quote against its article: whole words, direct or reported, who says it.

A quote passes when its words stand in one paragraph of the article text as whole words, lie
wholly inside one quoted passage when it is `direct` (and not wholly inside one when it is
`reported`, nor cut across one), and its `attribution` holds the words by which the article
gives the quote to its speaker. When a quote's words stand more than once, the first place
where all of this holds is the quote's place.

Who the article gives a quote to is read as `builder.content.speakers` says.

Matching compares folded text (`text.fold`); quotation marks and sentences are read on
the paragraph as printed, where the marks keep their shapes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from builder.content.models import QuoteKind, QuoteRecord, Source, Speaker
from builder.content.speakers import CLAUSE_STOP, Mention, Place, given_to, mentions_in, places_of
from builder.content.text import Match, fold_quote
from builder.content.words import has_word, whole_word_occurrences


@dataclass(frozen=True)
class QuoteProblem:
    """Why a quote fails, and the field of the quote whose line the message points at."""

    field: str
    message: str


def _attribution_problem(
    place: Place,
    quote: QuoteRecord,
    mentions: list[Mention],
    people: Mapping[str, Speaker],
) -> tuple[int, str] | None:
    """How far the attribution gets at this place (a rank) and why it fails there; None when it
    holds."""
    assert quote.attribution is not None
    shown = f"attribution {quote.attribution!r} of quote {quote.id!r}"
    needle = fold_quote(quote.attribution)
    if not has_word(needle):
        return 0, f"{shown} holds no word: give the words of the article that say who speaks"
    folded = place.reading.folded
    found = [
        folded.span_in_original(at, at + len(needle))
        for at in whole_word_occurrences(folded.text, needle)
    ]
    if not found:
        return 1, (
            f"{shown} is not printed in the quote's paragraph "
            f"(paragraph {place.match.paragraph.number}, raw line {place.match.paragraph.raw_line})"
        )
    region_start, region_end = place.region()
    near = [(start, end) for start, end in found if region_start <= start and end <= region_end]
    if not near:
        return 2, f"{shown} is not in the quote's sentence or the sentence just before it"
    outside = [(start, end) for start, end in near if place.outside_quote(start, end)]
    if not outside:
        return 3, f"{shown} overlaps the quoted words; give the words outside the quote"
    given = given_to(place, mentions)
    wrong = _wrong_speaker(given, quote.speaker, people)
    if wrong is not None:
        return 4, f"{shown}: {wrong}"
    assert given is not None
    if not any(start <= given.start and given.end <= end for start, end in outside):
        return 5, (
            f"{shown} does not hold the words that give the quote to its speaker "
            f"(«{given.words}», raw line {place.match.paragraph.raw_line})"
        )
    return None


def _wrong_speaker(
    given: Mention | None, speaker: str, people: Mapping[str, Speaker]
) -> str | None:
    """Why the article does not give the quote to `speaker`, or None when it does."""
    if given is None:
        return (
            "the article names no one as saying these words in the quote's sentence or the "
            "one before"
        )
    if not given.people:
        return (
            f"the article gives these words to «{given.words}», who is not in "
            f"site_src/people.yml, not to the speaker {speaker!r}"
        )
    if speaker not in given.people:
        other = sorted(given.people)[0]
        return (
            f"the article gives these words to {other!r} ({people[other].name}), not to the "
            f"speaker {speaker!r}"
        )
    return None


def _kind_problem(place: Place, quote: QuoteRecord) -> str | None:
    passages = place.reading.passages
    start, end = place.match.start, place.match.end
    inside = passages.within_one(start, end)
    if quote.kind is QuoteKind.direct and not inside:
        return (
            f"quote {quote.id!r} is direct, but its words are not inside one passage in "
            "quotation marks in the article; make it 'reported', or quote only the words "
            "in quotation marks"
        )
    if quote.kind is QuoteKind.reported and inside:
        return (
            f"quote {quote.id!r} is reported, but its words lie inside quotation marks in the "
            "article: make it 'direct'"
        )
    if passages.cut(start, end):
        return (
            f"quote {quote.id!r} holds part of a passage in quotation marks and part of what "
            "is around it: quote the whole passage, or only the words inside it"
        )
    return None


_WORDS_AROUND = 2
_TITLE_WORDS = 5


def suggest_attribution(
    quote: QuoteRecord, source: Source, speaker: Speaker, people: Mapping[str, Speaker]
) -> str | None:
    """Words of the article that give the quote to its speaker, as the check accepts them:
    the name by which the article gives it, with up to two words on each side within its
    clause. None when the article does not give the quote to the speaker."""
    for place in places_of(quote.text, source):
        mentions = mentions_in(place.reading, people)
        given = given_to(place, mentions)
        if given is None or speaker.id not in given.people:
            continue
        region_start, region_end = place.region()
        candidate = _widen(place, given.start, given.end, region_start, region_end)
        trial = quote.model_copy(update={"attribution": candidate})
        if _attribution_problem(place, trial, mentions, people) is None:
            return candidate
    return None


def _widen(place: Place, start: int, end: int, region_start: int, region_end: int) -> str:
    """A name widened to the words around it in its clause (`ông Peskov cho hay`)."""
    text = place.text
    left_limit = region_start
    right_limit = region_end
    if end <= place.match.start:
        right_limit = min(right_limit, place.match.start)
    else:
        left_limit = max(left_limit, place.match.end)
    for stop in CLAUSE_STOP.finditer(text, left_limit, start):
        left_limit = stop.end()
    stop_after = CLAUSE_STOP.search(text, end, right_limit)
    if stop_after is not None:
        right_limit = stop_after.start()
    before = text[left_limit:start].split()
    # A whole clause opening of a few words is a title (`Nhà lãnh đạo Triều Tiên Kim Jong Un`);
    # a longer one is cut to the words next to the name.
    if len(before) > _TITLE_WORDS:
        before = before[-_WORDS_AROUND:]
    after = text[end:right_limit].split()[:_WORDS_AROUND]
    widened_start = start
    if before:
        widened_start = text.rindex(before[0], left_limit, start)
    widened_end = end
    if after:
        widened_end = text.index(after[-1], end, right_limit) + len(after[-1])
    return text[widened_start:widened_end]


def check_quote(
    quote: QuoteRecord,
    source: Source,
    speaker: Speaker | None,
    people: Mapping[str, Speaker],
) -> tuple[Match | None, list[QuoteProblem]]:
    """Where the quote stands in its source, or why it is not a verified quote there.

    `None` with no problems means its words are not in the article as whole words: the
    caller explains that miss (`builder.content.misquotes`).
    """
    needle = fold_quote(quote.text)
    if not has_word(needle):
        return None, [
            QuoteProblem(
                "text",
                f"quote {quote.id!r} holds no word: a quote is words of the article, not "
                "punctuation, white space or a single letter",
            )
        ]
    places = places_of(quote.text, source)
    if not places:
        return None, []
    # The proposal is the same at every place: made once, when a first place needs it.
    proposal = functools.cache(
        lambda: suggest_attribution(quote, source, speaker, people) if speaker else None
    )
    best: tuple[int, list[QuoteProblem]] | None = None
    for place in places:
        problems, rank = _problems_at(place, quote, proposal, speaker, people)
        if not problems:
            return place.match, []
        if best is None or rank > best[0]:
            best = (rank, problems)
    assert best is not None
    return None, best[1]


def _problems_at(
    place: Place,
    quote: QuoteRecord,
    proposal: Callable[[], str | None],
    speaker: Speaker | None,
    people: Mapping[str, Speaker],
) -> tuple[list[QuoteProblem], int]:
    """The quote's problems at one place, and how far it got there (the furthest place's
    problems are the ones reported); `proposal` gives the attribution to propose."""
    problems: list[QuoteProblem] = []
    rank = 10
    kind = _kind_problem(place, quote)
    if kind is not None:
        problems.append(QuoteProblem("kind", kind))
        rank = 0
    if speaker is None:
        return problems, rank
    mentions = mentions_in(place.reading, people)
    if quote.attribution is None:
        suggestion = proposal()
        wrong = _wrong_speaker(given_to(place, mentions), speaker.id, people)
        if suggestion:
            hint = f"; the article attributes them as: attribution: {_yaml(suggestion)}"
        else:
            hint = f"; {wrong}" if wrong else ""
        problems.append(
            QuoteProblem(
                "text",
                f"quote {quote.id!r} has no attribution: give the words of the article that say "
                f"who speaks{hint}",
            )
        )
        return problems, rank
    failed = _attribution_problem(place, quote, mentions, people)
    if failed is not None:
        suggestion = proposal()
        hint = f"; did you mean {_yaml(suggestion)}?" if suggestion else ""
        problems.append(QuoteProblem("attribution", failed[1] + hint))
        rank = min(rank, 1 + failed[0])
    return problems, rank


def _yaml(text: str) -> str:
    """Text as a double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    return json.dumps(text, ensure_ascii=False)
