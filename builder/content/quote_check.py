"""Checking one quote against its article: whole words, direct or reported, who says it.

A quote passes when its words stand in one paragraph of the article text as whole words, lie
wholly inside one quoted passage when it is `direct` (and not wholly inside one when it is
`reported`, nor cut across one), and its `attribution` holds the words by which the article
gives the quote to its speaker. When a quote's words stand more than once, the first place
where all of this holds is the quote's place.

Who the article gives a quote to is read as a reader reads it: in the quote's own sentence,
the first person named in the clause nearest before the quote that names anyone (`Sau khi hội
đàm với ông An, Bà Bình cho biết: “…”` gives it to Bình; `Ông Kim Jong Un nói với ông Putin
rằng …` to Kim); failing that, the first named after the quote in its sentence (`“…”, ông
Peskov cho hay`); failing that, the last clause naming anyone in the sentence before (`Nhà
lãnh đạo Kim nhấn mạnh … . Ông cũng bày tỏ …`). A person is named by one of the printed names
of `site_src/people.yml`, or, for anyone else, by `ông`, `bà` or `ngài` and a capitalised name.

Matching compares folded text (`text.fold`); quotation marks and sentences are read on
the paragraph as printed, where the marks keep their shapes.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from builder.content.models import Paragraph, PersonRecord, QuoteKind, QuoteRecord, Source
from builder.content.text import Folded, Match, fold, fold_quote
from builder.content.words import (
    Passages,
    has_word,
    printed_boundary,
    sentence_spans,
    whole_word_occurrences,
)


@dataclass(frozen=True)
class QuoteProblem:
    """Why a quote fails, and the field of the quote whose line the message points at."""

    field: str
    message: str


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph, outside quotation marks: by a printed name of one or
    more people of `people.yml`, or, when `people` is empty, someone who is not there."""

    start: int
    end: int
    people: frozenset[str]
    words: str


class _Reading:
    """What a paragraph says, worked out once however many quotes stand in it: its quoted
    passages, its sentences, its clause stops and whom it names."""

    def __init__(self, text: str, runs_on: bool) -> None:
        self.text = text
        self.passages = Passages(text, runs_on)
        self.sentences = sentence_spans(text, self.passages)
        self.sentence_starts = [start for start, _ in self.sentences]
        self.folded: Folded = fold(text)
        self.lowered = _lower(self.folded.text)
        self.mentions: dict[tuple[tuple[str, tuple[str, ...]], ...], list[Mention]] = {}
        """Whom the paragraph names, for each set of people it was asked about."""
        self.stops = [
            stop.start()
            for stop in _CLAUSE_STOP.finditer(text)
            if not self.passages.inside(stop.start())
        ]

    def sentence_at(self, position: int) -> int:
        """The index of the sentence that holds `position`."""
        return max(0, bisect.bisect_right(self.sentence_starts, position) - 1)

    def clause_start(self, position: int, floor: int) -> int:
        """Where the clause holding `position` starts: just after the stop before it, not
        before `floor`."""
        index = bisect.bisect_left(self.stops, position) - 1
        return max(floor, self.stops[index] + 1) if index >= 0 else floor


@functools.lru_cache(maxsize=64)
def _reading(text: str, runs_on: bool) -> _Reading:
    return _Reading(text, runs_on)


_OPENING_MARKS = '"“„‟〝«‘'


def _reading_of(source: Source, paragraph: Paragraph) -> _Reading:
    following = source.paragraphs[paragraph.number : paragraph.number + 1]
    runs_on = bool(following) and following[0].text.lstrip()[:1] in _OPENING_MARKS
    return _reading(paragraph.text, runs_on)


@dataclass(frozen=True)
class _Place:
    """A place where the quote's words stand as whole words, and its paragraph read."""

    match: Match
    reading: _Reading

    @property
    def text(self) -> str:
        return self.match.paragraph.text

    def region(self) -> tuple[int, int]:
        """Where an attribution may stand: the quote's own sentences and the one before."""
        first = self.reading.sentence_at(self.match.start)
        last = self.reading.sentence_at(max(self.match.start, self.match.end - 1))
        sentences = self.reading.sentences
        return sentences[max(0, first - 1)][0], sentences[last][1]

    def outside_quote(self, start: int, end: int) -> bool:
        return end <= self.match.start or start >= self.match.end


def _places(quote_text: str, source: Source) -> list[_Place]:
    """Every place where the quote stands in the article text as whole words."""
    article = source.folded
    needle = fold_quote(quote_text)
    places: list[_Place] = []
    for at in whole_word_occurrences(article.text, needle):
        match = article.match_at(at, len(needle))
        printed = match.paragraph.text
        if printed_boundary(printed, match.start) and printed_boundary(printed, match.end):
            places.append(_Place(match, _reading_of(source, match.paragraph)))
    return places


def _lower(text: str) -> str:
    """Lower-cased character by character, so that positions carry over (names are compared
    without regard to capitals: a title opens a sentence as `Ông`, stands in it as `ông`); a
    character whose lower case is longer (`İ`) stays as it is."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _continues_as_a_name(text: str, end: int) -> bool:
    """Whether a capitalised word follows right after `end`: `ông Kim` in `ông Kim Yong Chol`
    is the start of another name, not this one."""
    return text[end : end + 1] == " " and text[end + 1 : end + 2].isupper()


def name_spans(
    text: str, names: Sequence[str], passages: Passages | None, offset: int = 0
) -> list[tuple[int, int]]:
    """Where any of `names` stands in `text` as a whole name (whole words, not the start of a
    longer capitalised name), outside quoted passages; `passages` and the spans returned are
    counted from `offset` characters before `text`."""
    folded = fold(text)
    return _name_spans(folded, _lower(folded.text), _needles(tuple(names)), passages, offset)


@functools.lru_cache(maxsize=1024)
def _needles(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Printed names folded, lower-cased for finding and as written for comparing; those that
    hold no word are none."""
    folded = [fold_quote(name) for name in names]
    return tuple((_lower(name), name) for name in folded if has_word(name))


def _same_name(printed: str, name: str) -> bool:
    """Whether the article prints the name: as written, except that a name written with a
    small first letter (a title: `ông Kim`, `lãnh đạo Nga`) may open a sentence with a capital.
    A name with a capital (`Bình`) is not printed by a common word (`hòa bình`)."""
    if printed == name:
        return True
    return bool(name) and name[0].islower() and printed[1:] == name[1:]


def _name_spans(
    folded: Folded,
    haystack: str,
    needles: tuple[tuple[str, str], ...],
    passages: Passages | None,
    offset: int = 0,
) -> list[tuple[int, int]]:
    text = folded.original
    spans: list[tuple[int, int]] = []
    for needle, name in needles:
        if needle not in haystack:
            continue
        for at in whole_word_occurrences(haystack, needle):
            if not _same_name(folded.text[at : at + len(name)], name):
                continue
            start, end = folded.span_in_original(at, at + len(needle))
            if _continues_as_a_name(text, end):
                continue
            if passages is None or not passages.inside(offset + start):
                spans.append((offset + start, offset + end))
    return sorted(spans)


_HONORIFIC = re.compile(r"(?<!\w)(?:[Ôô]ng|[Bb]à|[Nn]gài)\s+(?=[^\W\d_])")
_CAPITALISED = re.compile(r"[^\W\d_][\w'’-]*")


def _mentions(reading: _Reading, people: Mapping[str, PersonRecord]) -> list[Mention]:
    """Everyone the paragraph names outside quotation marks, in order; where names overlap,
    the one that starts first (and is longest) stands."""
    key = tuple((person_id, person.printed_names) for person_id, person in people.items())
    known = reading.mentions.get(key)
    if known is not None:
        return known
    haystack = reading.lowered
    found: dict[tuple[int, int], set[str]] = {}
    for person_id, person in people.items():
        needles = _needles(person.printed_names)
        for span in _name_spans(reading.folded, haystack, needles, reading.passages):
            found.setdefault(span, set()).add(person_id)
    for honorific in _HONORIFIC.finditer(reading.text):
        end = honorific.end()
        while (word := _CAPITALISED.match(reading.text, end)) and word.group()[0].isupper():
            end = word.end()
            if reading.text[end : end + 1] != " ":
                break
            end += 1
        end = len(reading.text[:end].rstrip())
        if end > honorific.end() and not reading.passages.inside(honorific.start()):
            found.setdefault((honorific.start(), end), set())
    mentions: list[Mention] = []
    for (start, end), named in sorted(found.items(), key=lambda item: (item[0][0], -item[0][1])):
        if not named and any(s < end and start < e for (s, e), who in found.items() if who):
            continue  # `ông Putin`: the honorific of a name people.yml knows
        if mentions and start < mentions[-1].end:
            continue  # inside or across a name already taken
        mentions.append(Mention(start, end, frozenset(named), reading.text[start:end]))
    reading.mentions[key] = mentions
    return mentions


def _given_to(place: _Place, mentions: list[Mention]) -> Mention | None:
    """The person the article gives the quote to at this place (see the module's docstring)."""
    reading = place.reading
    own = reading.sentence_at(place.match.start)
    own_start = reading.sentences[own][0]
    own_end = reading.sentences[reading.sentence_at(max(place.match.start, place.match.end - 1))][1]
    outside = [m for m in mentions if place.outside_quote(m.start, m.end)]
    before = [m for m in outside if own_start <= m.start and m.end <= place.match.start]
    if before:
        return _first_in_clause(reading, before, own_start)
    after = [m for m in outside if place.match.end <= m.start and m.end <= own_end]
    if after:
        return after[0]
    if own == 0:
        return None
    previous_start, previous_end = reading.sentences[own - 1]
    earlier = [m for m in outside if previous_start <= m.start and m.end <= previous_end]
    return _first_in_clause(reading, earlier, previous_start) if earlier else None


def _first_in_clause(reading: _Reading, mentions: list[Mention], floor: int) -> Mention:
    """The first person named in the clause of the last of `mentions`."""
    start = reading.clause_start(mentions[-1].start, floor)
    return next(mention for mention in mentions if mention.start >= start)


def _attribution_problem(
    place: _Place,
    quote: QuoteRecord,
    mentions: list[Mention],
    people: Mapping[str, PersonRecord],
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
    given = _given_to(place, mentions)
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
    given: Mention | None, speaker: str, people: Mapping[str, PersonRecord]
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


def _kind_problem(place: _Place, quote: QuoteRecord) -> str | None:
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


_CLAUSE_STOP = re.compile(r"[,;:.!?()\[\]\"“”«»‘’„]")
_WORDS_AROUND = 2
_TITLE_WORDS = 5


def suggest_attribution(
    quote: QuoteRecord, source: Source, speaker: PersonRecord, people: Mapping[str, PersonRecord]
) -> str | None:
    """Words of the article that give the quote to its speaker, as the check accepts them:
    the name by which the article gives it, with up to two words on each side within its
    clause. None when the article does not give the quote to the speaker."""
    for place in _places(quote.text, source):
        mentions = _mentions(place.reading, people)
        given = _given_to(place, mentions)
        if given is None or speaker.id not in given.people:
            continue
        region_start, region_end = place.region()
        candidate = _widen(place, given.start, given.end, region_start, region_end)
        trial = quote.model_copy(update={"attribution": candidate})
        if _attribution_problem(place, trial, mentions, people) is None:
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
    places = _places(quote.text, source)
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
    place: _Place,
    quote: QuoteRecord,
    proposal: Callable[[], str | None],
    speaker: PersonRecord | None,
    people: Mapping[str, PersonRecord],
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
    mentions = _mentions(place.reading, people)
    if quote.attribution is None:
        suggestion = proposal()
        wrong = _wrong_speaker(_given_to(place, mentions), speaker.id, people)
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
