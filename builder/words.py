"""Words, quoted passages and sentences of article text, as verification sees them.

A verified quote is whole words of its article: it may not start or end inside a word. A word is
a run of letters and digits (Unicode, Vietnamese included; combining marks belong to their
letter). A `.` or `,` between two digits joins a number (`1.500`, `2,5`), and a hyphen or an
apostrophe between two letters or digits joins a word (`Nga-Triều`, `Jong-un`), so `500` is not
a word of `1.500` and `Triều` is not a word of `Nga-Triều`.

The functions here take any text; callers pass the folded text (`builder.text.fold`) when they
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
_NUMBER_JOINERS = ".,"
"""Between two digits: `1.500` and `2,5` are one number, so `500` is not a word of `1.500`."""
_WORD_JOINERS = "-\u2010\u2011" + SINGLE_QUOTES
"""Between two letters: hyphens and apostrophes (any single quote mark, as folding makes them
all `'`). `Jong-un` and `don't` are one word each, so `Jong` is not a whole word of
`Kim Jong-un`: a printed name or a quote must give the whole hyphenated name, and a quote
cannot drop the `anti-` of `anti-war` nor the `im` of `impossible`."""
MIN_WORD_CHARACTERS = 2
"""A text `has_word` when one of its words has at least this many letters or digits: a single
letter (`n`) or digit is found inside nearly every article, so it proves nothing."""


def is_word_character(character: str) -> bool:
    """A letter, a digit, or a combining mark (which belongs to the letter before it)."""
    return character.isalnum() or unicodedata.category(character)[0] == "M"


def _joins(before: str, mark: str, after: str) -> bool:
    """Whether `mark` between `before` and `after` makes them one word."""
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
    # `1.|500`, `Jong|-un`: the joiner sits on one side of the index.
    if index >= 2 and _joins(text[index - 2], before, after):
        return False
    return not (index + 1 < len(text) and _joins(before, after, text[index + 1]))


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


def has_word(text: str) -> bool:
    """Whether `text` holds at least one word of `MIN_WORD_CHARACTERS` letters or digits.

    `" "`, `":"`, `"n"` and `"5"` do not; `"VOV"`, `"Hà Nội"` and `"ở Hà Nội"` do.
    """
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
# a straight `"` when no `”` follows before the next opening mark (a `"` with a `”` still to
# come is a quotation inside the quotation). Guillemets open and close by their shape; a single
# `‘` opens and `’` closes only after it (otherwise `’` is an apostrophe); straight single
# quotes are apostrophes.
_OPENING = "“„‟〝"
_CLOSING_MARK = "”〞"
_STRAIGHT = '"＂'
_GUILLEMETS = {"«": "»"}
_SINGLE_OPEN, _SINGLE_CLOSE = "‘", "’"


def _closing_mark_ahead(text: str, position: int) -> bool:
    """Whether a `”` comes after `position` before the next typographic opening mark."""
    for character in text[position:]:
        if character in _CLOSING_MARK:
            return True
        if character in _OPENING:
            return False
    return False


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The passages of `text` in quotation marks, each from its opening mark to just after its
    closing mark, sorted by start. A passage left open runs to the end of the text (a quote
    that goes on in the next paragraph is printed without its closing mark)."""
    spans: list[tuple[int, int]] = []
    double: int | None = None
    typographic = False
    guillemet: int | None = None
    single: int | None = None
    for index, character in enumerate(text):
        if character in _OPENING or character in _CLOSING_MARK or character in _STRAIGHT:
            if double is None:
                double, typographic = index, character not in _STRAIGHT
            elif character in _CLOSING_MARK or (
                character in _STRAIGHT
                and not (typographic and _closing_mark_ahead(text, index + 1))
            ):
                spans.append((double, index + 1))
                double = None
            elif character in _OPENING:
                # A passage never closed, and a new one opens.
                spans.append((double, index))
                double, typographic = index, True
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
    spans.extend((start, len(text)) for start in (double, guillemet, single) if start is not None)
    return sorted(spans)


def within_quoted_span(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether `[start, end)` lies wholly inside one quoted passage (its marks included)."""
    return any(span_start <= start and end <= span_end for span_start, span_end in spans)


def inside_quoted_span(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether the character at `position` is between the marks of a quoted passage."""
    return any(span_start < position < span_end - 1 for span_start, span_end in spans)


_SENTENCE_END = re.compile(r"[.!?…]+")
_CLOSING = "\"'”’»)]"


def sentence_spans(text: str, quoted: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """The sentences of a paragraph, as `(start, end)` spans that cover it in order.

    A stop ends a sentence when white space, the end of the paragraph or a capital letter
    follows (after any closing marks): `nhanh chóng.Theo` is two sentences, `vov.vn` and
    `198.845` are not split. A stop inside a quoted passage does not end the sentence the
    passage stands in.
    """
    if quoted is None:
        quoted = quoted_spans(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        while end < len(text) and text[end] in _CLOSING:
            end += 1
        # A stop inside a quoted passage ends no sentence, unless the passage closes right
        # after it and a new sentence starts (`… vệ tinh." Sau đó`).
        closes_passage = end > match.end() and not inside_quoted_span(quoted, end - 1)
        if inside_quoted_span(quoted, match.start()) and not (
            closes_passage and text[end : end + 1].isspace() and text[end + 1 : end + 2].isupper()
        ):
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
