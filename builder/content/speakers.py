"""Who a paragraph of an article names, and to whom it gives the words that stand at a place.

Who the article gives a quote to is read as a reader reads it: in the quote's own sentence,
the first person named in the clause nearest before the quote that names anyone (`Sau khi hội
đàm với ông An, Bà Bình cho biết: “…”` gives it to Bình; `Ông Kim Jong Un nói với ông Putin
rằng …` to Kim); failing that, the first named after the quote in its sentence (`“…”, ông
Peskov cho hay`); failing that, the last clause naming anyone in the sentence before (`Nhà
lãnh đạo Kim nhấn mạnh … . Ông cũng bày tỏ …`). A speaker, person or organisation
(`Điện Kremlin cho biết` names the Kremlin), is named by one of the printed names of
`site_src/people.yml`, or, for anyone else, by `ông`, `bà` or `ngài` and a capitalised name.

Names are compared on folded text (`text.fold`), capitals aside; quotation marks, clauses and
sentences are read on the paragraph as printed.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from builder.content.models import Paragraph, Source, Speaker
from builder.content.text import Folded, Match, fold, fold_quote
from builder.content.words import (
    Passages,
    has_word,
    printed_boundary,
    sentence_spans,
    whole_word_occurrences,
)

CLAUSE_STOP = re.compile(r"[,;:.!?()\[\]\"“”«»‘’„]")


@dataclass(frozen=True)
class Mention:
    """A person named in a paragraph, outside quotation marks: by a printed name of one or
    more people of `people.yml`, or, when `people` is empty, someone who is not there."""

    start: int
    end: int
    people: frozenset[str]
    words: str


class Reading:
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
            for stop in CLAUSE_STOP.finditer(text)
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
def _reading(text: str, runs_on: bool) -> Reading:
    return Reading(text, runs_on)


_OPENING_MARKS = '"“„‟〝«‘'


def reading_of(source: Source, paragraph: Paragraph) -> Reading:
    following = source.paragraphs[paragraph.number : paragraph.number + 1]
    runs_on = bool(following) and following[0].text.lstrip()[:1] in _OPENING_MARKS
    return _reading(paragraph.text, runs_on)


@dataclass(frozen=True)
class Place:
    """A place where the quote's words stand as whole words, and its paragraph read."""

    match: Match
    reading: Reading

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


def places_of(quote_text: str, source: Source) -> list[Place]:
    """Every place where the quote stands in the article text as whole words."""
    article = source.folded
    needle = fold_quote(quote_text)
    places: list[Place] = []
    for at in whole_word_occurrences(article.text, needle):
        match = article.match_at(at, len(needle))
        printed = match.paragraph.text
        if printed_boundary(printed, match.start) and printed_boundary(printed, match.end):
            places.append(Place(match, reading_of(source, match.paragraph)))
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


def mentions_in(reading: Reading, people: Mapping[str, Speaker]) -> list[Mention]:
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


def given_to(place: Place, mentions: list[Mention]) -> Mention | None:
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


def _first_in_clause(reading: Reading, mentions: list[Mention], floor: int) -> Mention:
    """The first person named in the clause of the last of `mentions`."""
    start = reading.clause_start(mentions[-1].start, floor)
    return next(mention for mention in mentions if mention.start >= start)
