"""Words, quoted passages and sentences of article text, as verification sees them.

A verified quote is whole words of its article: it may not start or end inside a word. A word is
a run of letters and digits (Unicode, Vietnamese included; combining marks belong to their
letter). A `.` or `,` between two digits joins a number (`1.500`, `2,5`), and a hyphen or an
apostrophe between two letters or digits joins a word (`Nga-Triều`, `Jong-un`), so `500` is not
a word of `1.500` and `Triều` is not a word of `Nga-Triều`.

The functions here take any text; callers pass the folded text (`text.fold`) when they
compare with a quote, and the paragraph as printed when they look for quotation marks, whose
shapes folding unifies.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

DOUBLE_QUOTES = '"“”„‟«»〝〞＂'
"""Every double quote mark; folding makes each one `"`."""
SINGLE_QUOTES = "'‘’‚‛‹›＇"
"""Every single quote mark (and apostrophe); folding makes each one `'`."""

# Whole words. A word is a run of word characters: Unicode letters and digits (`str.isalnum`)
# and the combining marks that belong to them (a mark NFC cannot compose stays a character of
# its own). Some marks join the characters on both sides into one word:
_NUMBER_JOINERS = ".,/"
"""Between two digits: `1.500`, `2,5` and `19/6` are one number each, so `500` is not a word
of `1.500` nor `19` of `19/6`."""
_WORD_JOINERS = "-\u2010\u2011\u2013" + SINGLE_QUOTES
"""Between two letters: hyphens and apostrophes (any single quote mark, as folding makes them
all `'`). `Jong-un` and `don't` are one word each, so `Jong` is not a whole word of
`Kim Jong-un`: a printed name or a quote must give the whole hyphenated name, and a quote
cannot drop the `anti-` of `anti-war` nor the `im` of `impossible`. An en dash between letters
joins too (`Nga–Triều`); a spaced one (`A – B`) is punctuation."""
_SIGNS = "-\u2212"
"""A minus sign right before a digit, with no word before it, belongs to the number (`−15`)."""
MIN_WORD_CHARACTERS = 2
"""A text `has_word` when one of its words has at least this many letters or digits: a single
letter (`n`) or digit is found inside nearly every article, so it proves nothing."""


def is_word_character(character: str) -> bool:
    """A letter, a digit, or a combining mark (which belongs to the letter before it)."""
    return character.isalnum() or unicodedata.category(character)[0] == "M"


def _joins(before: str, mark: str, after: str) -> bool:
    """Whether `mark` between `before` and `after` makes them one word."""
    if unicodedata.category(mark) == "Cf":
        # An invisible format character (soft hyphen, joiners) inside a word: `im\u00adpossible`.
        return is_word_character(before) and is_word_character(after)
    if mark in _NUMBER_JOINERS:
        return before.isdecimal() and after.isdecimal()
    return mark in _WORD_JOINERS and before.isalpha() and after.isalpha()


def is_word_boundary(text: str, index: int) -> bool:
    """Whether a whole word may start or end at `index` of `text` (between `text[index - 1]`
    and `text[index]`): no word runs across it. The ends of the text are boundaries."""
    if index <= 0 or index >= len(text):
        return True
    before, after = text[index - 1], text[index]
    if is_word_character(before) and is_word_character(after):
        return False
    # `−|15`: a sign that opens a number.
    if (
        after.isdecimal()
        and before in _SIGNS
        and (index < 2 or not is_word_character(text[index - 2]))
    ):
        return False
    # `1.|500`, `Jong|-un`: the joiner sits on one side of the index.
    if index >= 2 and _joins(text[index - 2], before, after):
        return False
    return not (index + 1 < len(text) and _joins(before, after, text[index + 1]))


_GROUPING_SPACES = "\u00a0\u202f\u2009"
"""Spaces that group a number's digits (`1 500`); folding makes them plain spaces."""
_ZERO_WIDTH_SPACES = "\u200b\ufeff"


def printed_boundary(text: str, index: int) -> bool:
    """`is_word_boundary` on text as printed, before folding makes a grouping space or a
    zero-width space a plain space: `1\u00a0500` is one number, `im\u200bpossible` one word."""
    if not is_word_boundary(text, index):
        return False
    for mark in (index - 1, index):
        if 0 < mark < len(text) - 1:
            before, after = text[mark - 1], text[mark + 1]
            if text[mark] in _GROUPING_SPACES and before.isdecimal() and after.isdecimal():
                return False
            if (
                text[mark] in _ZERO_WIDTH_SPACES
                and is_word_character(before)
                and is_word_character(after)
            ):
                return False
    return True


def find_words(haystack: str, needle: str, start: int = 0) -> int:
    """The first index at or after `start` where `needle` stands in `haystack` as whole words,
    or -1.

    The match must begin and end on word boundaries (`is_word_boundary`): `possible` is not
    found in `impossible`, `500` not in `1.500`, `Jong` not in `Jong-un`, `https://a.co` not in
    `https://a.com`. Punctuation at the needle's ends must be in the haystack too, as with any
    substring: `.Theo` is found in `chóng.Theo`. Compare texts folded alike (`fold_quote`, or
    `FoldedArticle.text`); an empty needle is never found.
    """
    if not needle:
        return -1
    end_offset = len(needle)
    at = haystack.find(needle, start)
    while at >= 0:
        if is_word_boundary(haystack, at) and is_word_boundary(haystack, at + end_offset):
            return at
        at = haystack.find(needle, at + 1)
    return -1


def words_of(text: str) -> list[str]:
    """The words of `text`, each a run of word characters that the joiners may link."""
    found: list[str] = []
    start: int | None = None
    for index in range(len(text) + 1):
        if start is None:
            if index < len(text) and is_word_character(text[index]):
                start = index
        elif index == len(text) or is_word_boundary(text, index):
            found.append(text[start:index])
            start = None if index == len(text) or not is_word_character(text[index]) else index
    return found


_TWO_ALNUM = re.compile(r"[^\W_]{2}")


def has_word(text: str) -> bool:
    """Whether `text` holds at least one word of `MIN_WORD_CHARACTERS` letters or digits.

    `" "`, `":"`, `"n"` and `"5"` do not; `"VOV"`, `"Hà Nội"` and `"ở Hà Nội"` do.
    """
    # Two letters or digits side by side are in one word: most texts answer here, without
    # being cut into words.
    if _TWO_ALNUM.search(text):
        return True
    return any(
        sum(character.isalnum() for character in word) >= MIN_WORD_CHARACTERS
        for word in words_of(text)
    )


def occurrences(text: str, needle: str) -> Iterator[int]:
    """Every place `needle` stands in `text`, overlapping ones included, in order."""
    if not needle:
        return
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def whole_word_occurrences(text: str, needle: str) -> Iterator[int]:
    """The places where `needle` stands in `text` as whole words (see `find_words`)."""
    for at in occurrences(text, needle):
        if is_word_boundary(text, at) and is_word_boundary(text, at + len(needle)):
            yield at


# Quotation marks. Articles pair them loosely: `“…"` is common in the seeds, and so is a
# straight `"` opening and closing a passage. A typographic opening mark is closed by `”`, or by
# a straight `"` that reads as a closing mark (after a word or a stop, before white space or
# punctuation); a straight `"` that reads as an opening mark inside `“…”` opens a quotation
# within the quotation. Guillemets open and close by their shape; a single `‘` opens and `’`
# closes only after it (otherwise `’` is an apostrophe); straight single quotes are apostrophes.
_OPENING = "“„‟〝"
_CLOSING_MARK = "”〞"
_STRAIGHT = '"＂'
_GUILLEMETS = {"«": "»"}
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"


_QUOTATION_MARK = re.compile(
    f"[{re.escape(_OPENING + _CLOSING_MARK + _STRAIGHT + _SINGLE_OPEN + _SINGLE_CLOSE)}«»]"
)
"""Every mark `quoted_spans` pairs: the loop visits these, not every character."""


def _reads_as_closing(text: str, index: int) -> bool:
    """Whether the mark at `index` follows a word or a stop and precedes white space,
    punctuation or the end: `hợp tác".`, `minh",`."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return not before.isspace() and not is_word_character(after)


def quoted_spans(text: str, runs_on: bool = False) -> list[tuple[int, int]]:
    """The passages of `text` in quotation marks, each from its opening mark to just after its
    closing mark, sorted by start. A passage left open is a passage only when `runs_on` says
    the quotation goes on in the next paragraph (which opens with a quotation mark, the
    convention for a quote over several paragraphs); it then runs to the end of the text."""
    spans: list[tuple[int, int]] = []
    double: int | None = None
    typographic = False
    nested = False
    guillemet: int | None = None
    single: int | None = None
    for mark in _QUOTATION_MARK.finditer(text):
        index, character = mark.start(), mark.group()
        if character in _OPENING or character in _CLOSING_MARK or character in _STRAIGHT:
            if double is None:
                double, typographic, nested = index, character not in _STRAIGHT, False
            elif character in _CLOSING_MARK:
                spans.append((double, index + 1))
                double = None
            elif character in _STRAIGHT:
                if not typographic or (not nested and _reads_as_closing(text, index)):
                    spans.append((double, index + 1))
                    double = None
                else:
                    nested = not nested
            else:  # a typographic opening mark while a passage is open: it never closed
                if runs_on:
                    spans.append((double, index))
                double, typographic, nested = index, True, False
        elif character in _GUILLEMETS:
            if guillemet is None:
                guillemet = index
        elif character in _GUILLEMETS.values() and guillemet is not None:
            spans.append((guillemet, index + 1))
            guillemet = None
        elif character == _SINGLE_OPEN and single is None:
            single = index
        elif character == _SINGLE_CLOSE and single is not None:
            spans.append((single, index + 1))
            single = None
    if runs_on:
        spans.extend(
            (start, len(text)) for start in (double, guillemet, single) if start is not None
        )
    return sorted(spans)


class Passages:
    """The quoted passages of a paragraph, with what is inside them known at every position
    (looked up once per character, never by a scan of the passages)."""

    def __init__(self, text: str, runs_on: bool = False) -> None:
        self.spans = quoted_spans(text, runs_on)
        self._inside = bytearray(len(text))
        for start, end in self.spans:
            self._inside[start + 1 : max(start + 1, end - 1)] = b"\x01" * max(0, end - start - 2)

    def inside(self, position: int) -> bool:
        """Whether the character at `position` is between the marks of a quoted passage."""
        return 0 <= position < len(self._inside) and bool(self._inside[position])

    def within_one(self, start: int, end: int) -> bool:
        """Whether `[start, end)` lies wholly inside one quoted passage (its marks included)."""
        return any(span_start <= start and end <= span_end for span_start, span_end in self.spans)

    def cut(self, start: int, end: int) -> bool:
        """Whether `[start, end)` holds part of a passage and part of what is around it (a
        passage's opening mark without its words, or its words without their closing mark),
        while lying inside none."""
        return not self.within_one(start, end) and any(
            span_start < end and start < span_end and not (start <= span_start and span_end <= end)
            for span_start, span_end in self.spans
        )


_SENTENCE_END = re.compile(r"[.!?…]+")
_CLOSING = "\"'”’»)]"
_ABBREVIATIONS = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "TS", "ThS", "GS", "PGS", "Th"})
"""Words a stop after which ends no sentence; so does any word of one or two capitals (`TP.`
for thành phố, `Q.` for quận)."""


def _abbreviation_before(text: str, stop: int) -> bool:
    start = stop
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    word = text[start:stop]
    return word in _ABBREVIATIONS or (0 < len(word) <= 2 and word.isupper())


def sentence_spans(text: str, passages: Passages | None = None) -> list[tuple[int, int]]:
    """The sentences of a paragraph, as `(start, end)` spans that cover it in order.

    A stop ends a sentence when white space, the end of the paragraph or a capital letter
    follows (after any closing marks): `nhanh chóng.Theo` is two sentences, `vov.vn`,
    `198.845` and `TP. Hồ Chí Minh` are not split. A stop inside a quoted passage does not end
    the sentence the passage stands in.
    """
    if passages is None:
        passages = Passages(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        while end < len(text) and text[end] in _CLOSING:
            end += 1
        # A stop inside a quoted passage ends no sentence, unless the passage closes right
        # after it and a new sentence starts (`… vệ tinh." Sau đó`).
        closes_passage = end > match.end() and not passages.inside(end - 1)
        if passages.inside(match.start()) and not (
            closes_passage and text[end : end + 1].isspace() and text[end + 1 : end + 2].isupper()
        ):
            continue
        if match.group() == "." and _abbreviation_before(text, match.start()):
            continue
        if end < len(text):
            following = text[end]
            run_together = (
                following.isupper() and match.start() > 0 and text[match.start() - 1].islower()
            )
            if not (following.isspace() or run_together):
                continue
        spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans
