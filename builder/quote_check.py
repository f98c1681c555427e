"""Checking one quote against its article: whole words, direct or reported, who says it.

A quote passes when its words stand in one paragraph of the article text as whole words, lie
wholly inside one quoted passage when it is `direct` (and not wholly inside one when it is
`reported`), and its `attribution` is printed in the quote's sentence or the sentence before it,
outside the quoted words, naming the speaker before anyone else. When a quote's words stand
more than once, the first place where all of this holds is the quote's place.

Matching compares folded text (`builder.text.fold`); quotation marks and sentences are read on
the paragraph as printed, where the marks keep their shapes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.models import PersonRecord, QuoteKind, QuoteRecord, Source
from builder.text import Match, fold, fold_quote
from builder.words import (
    has_word,
    inside_quoted_span,
    quoted_spans,
    sentence_spans,
    whole_word_occurrences,
    within_quoted_span,
)


@dataclass(frozen=True)
class QuoteProblem:
    """Why a quote fails, and the field of the quote whose line the message points at."""

    field: str
    message: str


@dataclass(frozen=True)
class _Place:
    """A place where the quote's words stand as whole words, with what is known about it."""

    match: Match
    quoted: list[tuple[int, int]]
    sentences: list[tuple[int, int]]

    @property
    def text(self) -> str:
        return self.match.paragraph.text

    def region(self) -> tuple[int, int]:
        """Where an attribution may stand: the quote's own sentences and the one before."""
        first = next(
            index for index, (_, end) in enumerate(self.sentences) if end > self.match.start
        )
        last = max(
            index for index, (start, _) in enumerate(self.sentences) if start < self.match.end
        )
        return self.sentences[max(0, first - 1)][0], self.sentences[last][1]


def _places(quote_text: str, source: Source) -> list[_Place]:
    """Every place where the quote stands in the article text as whole words."""
    article = source.folded
    needle = fold_quote(quote_text)
    places: list[_Place] = []
    for at in whole_word_occurrences(article.text, needle):
        match = article.match_at(at, len(needle))
        quoted = quoted_spans(match.paragraph.text)
        places.append(_Place(match, quoted, sentence_spans(match.paragraph.text, quoted)))
    return places


def _lower(text: str) -> str:
    """Lower-cased with the same length, so that positions carry over (names are compared
    without regard to capitals: a title opens a sentence as `Ông`, stands in it as `ông`)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def name_spans(
    text: str, names: Sequence[str], quoted: list[tuple[int, int]], offset: int = 0
) -> list[tuple[int, int]]:
    """Where any of `names` stands in `text` as whole words, outside quoted passages;
    `quoted` and the spans returned are counted from `offset` characters before `text`."""
    folded = fold(text)
    haystack = _lower(folded.text)
    spans: list[tuple[int, int]] = []
    for name in names:
        needle = _lower(fold_quote(name))
        if not has_word(needle):
            continue
        for at in whole_word_occurrences(haystack, needle):
            start, end = folded.span_in_original(at, at + len(needle))
            if not inside_quoted_span(quoted, offset + start):
                spans.append((offset + start, offset + end))
    return sorted(spans)


def _attribution_problem(
    place: _Place, quote: QuoteRecord, speaker: PersonRecord, people: Mapping[str, PersonRecord]
) -> tuple[int, str] | None:
    """How far the attribution gets at this place (a rank) and why it fails there; None when it
    holds."""
    assert quote.attribution is not None
    shown = f"attribution {quote.attribution!r} of quote {quote.id!r}"
    needle = fold_quote(quote.attribution)
    if not has_word(needle):
        return 0, f"{shown} holds no word: give the words of the article that say who speaks"
    folded = fold(place.text)
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
    outside = [
        (start, end) for start, end in near if end <= place.match.start or start >= place.match.end
    ]
    if not outside:
        return 3, f"{shown} overlaps the quoted words; give the words outside the quote"
    best: tuple[int, str] = (4, "")
    for start, end in outside:
        words = place.text[start:end]
        own = name_spans(words, speaker.printed_names, place.quoted, start)
        if not own:
            best = max(
                best,
                (
                    4,
                    f"{shown} does not name the speaker {quote.speaker!r} outside quotation "
                    f"marks (looked for {', '.join(speaker.printed_names)})",
                ),
            )
            continue
        # Who the clause names first, from its start: `nói với ông Putin rằng` is in a clause
        # that opens with `Ông Kim Jong Un`, who says the words.
        clause_start = region_start
        for stop in _CLAUSE_STOP.finditer(place.text, region_start, start):
            clause_start = stop.end()
        clause = place.text[clause_start:end]
        named = {
            person_id: name_spans(clause, person.printed_names, place.quoted, clause_start)
            for person_id, person in people.items()
        }
        first_named = min((span, person_id) for person_id, spans in named.items() for span in spans)
        named_first = {person_id for person_id, spans in named.items() if first_named[0] in spans}
        if quote.speaker in named_first:
            return None
        other = first_named[1]
        best = max(
            best,
            (
                5,
                f"{shown} names {other!r} ({people[other].name}) before the speaker "
                f"{quote.speaker!r}: the article gives these words to whoever it names first",
            ),
        )
    return best


def _kind_problem(place: _Place, quote: QuoteRecord) -> str | None:
    inside = within_quoted_span(place.quoted, place.match.start, place.match.end)
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
    return None


_CLAUSE_STOP = re.compile(r"[,;:.!?()\[\]\"“”«»‘’„]")
_WORDS_AROUND = 2
_TITLE_WORDS = 5


def suggest_attribution(
    quote: QuoteRecord, source: Source, speaker: PersonRecord, people: Mapping[str, PersonRecord]
) -> str | None:
    """Words of the article that attribute the quote to its speaker, as the check accepts
    them: the speaker's name nearest to the quote in its sentence or the one before, outside
    quotation marks, with up to two words on each side within its clause. None when the
    article names the speaker nowhere there."""
    for place in _places(quote.text, source):
        region_start, region_end = place.region()
        spans = [
            span
            for span in name_spans(
                place.text[region_start:region_end],
                speaker.printed_names,
                place.quoted,
                region_start,
            )
            if span[1] <= place.match.start or span[0] >= place.match.end
        ]
        # Nearest first: names before the quote, latest first; then those after it.
        spans.sort(
            key=lambda span: (
                span[0] >= place.match.end,
                place.match.start - span[1] if span[1] <= place.match.start else span[0],
            )
        )
        for name_start, name_end in spans:
            candidate = _widen(place, name_start, name_end, region_start, region_end)
            trial = quote.model_copy(update={"attribution": candidate})
            if _attribution_problem(place, trial, speaker, people) is None:
                return candidate
    return None


def _widen(place: _Place, start: int, end: int, region_start: int, region_end: int) -> str:
    """A name widened to the words around it in its clause (`ông Peskov cho hay`)."""
    text = place.text
    left_limit = region_start
    right_limit = region_end
    if end <= place.match.start:
        right_limit = min(right_limit, place.match.start)
    else:
        left_limit = max(left_limit, place.match.end)
    for stop in _CLAUSE_STOP.finditer(text, left_limit, start):
        left_limit = stop.end()
    stop_after = _CLAUSE_STOP.search(text, end, right_limit)
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
    speaker: PersonRecord | None,
    people: Mapping[str, PersonRecord],
) -> tuple[Match | None, list[QuoteProblem]]:
    """Where the quote stands in its source, or why it is not a verified quote there.

    `None` with no problems means its words are not in the article as whole words: the
    caller explains that miss (`builder.misquotes`).
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
    places = _places(quote.text, source)
    if not places:
        return None, []
    best: tuple[int, list[QuoteProblem]] | None = None
    for place in places:
        problems: list[QuoteProblem] = []
        rank = 10
        kind = _kind_problem(place, quote)
        if kind is not None:
            problems.append(QuoteProblem("kind", kind))
            rank = 0
        if speaker is not None:
            if quote.attribution is None:
                suggestion = suggest_attribution(quote, source, speaker, people)
                hint = (
                    f"; the article attributes them as: attribution: {_yaml(suggestion)}"
                    if suggestion
                    else "; the article names the speaker nowhere in the quote's sentence or "
                    "the one before"
                )
                problems.append(
                    QuoteProblem(
                        "text",
                        f"quote {quote.id!r} has no attribution: give the words of the article "
                        f"that say who speaks{hint}",
                    )
                )
            else:
                failed = _attribution_problem(place, quote, speaker, people)
                if failed is not None:
                    suggestion = suggest_attribution(quote, source, speaker, people)
                    hint = f"; did you mean {_yaml(suggestion)}?" if suggestion else ""
                    problems.append(QuoteProblem("attribution", failed[1] + hint))
                    rank = min(rank, 1 + failed[0])
        if not problems:
            return place.match, []
        if best is None or rank > best[0]:
            best = (rank, problems)
    assert best is not None
    return None, best[1]


def _yaml(text: str) -> str:
    """Text as a double-quoted YAML scalar (JSON's string syntax is YAML's)."""
    import json

    return json.dumps(text, ensure_ascii=False)
