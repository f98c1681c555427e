"""What a raw article prints, and the shape of a value checked against it: a name or words
as whole words, a publication date or a day as a whole date, a URL as a whole address; and
whether an id is a slug and a URL a web address."""

from __future__ import annotations

import functools
import re
from datetime import date
from urllib.parse import urlsplit

from slugify import slugify

from builder.content.models import Source
from builder.content.text import fold_quote, fold_text
from builder.content.words import find_words


class SourceText:
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
        Only words not found as written need the whole article folded."""
        needle = fold_quote(words)
        if not needle:  # white space alone: no word to find
            return False
        raw = self.source.raw_text
        if "\n" not in words and words in raw and find_words(raw, words) >= 0:
            return True
        return find_words(self.raw, needle) >= 0


_PLAIN_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(value: str) -> bool:
    # The pattern is what slugify leaves unchanged; it spares a slugify call per quote id.
    return _PLAIN_SLUG.fullmatch(value) is not None or slugify(value) == value


# What urlsplit reads as an http(s) address with a host, with nothing for it to strip or refuse.
_PLAIN_WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?:[/?#]\S*)?")


def is_web_address(url: str) -> bool:
    """Whether `url` is an http or https address with a host."""
    if _PLAIN_WEB_ADDRESS.fullmatch(url):  # most URLs: no need to ask urlsplit
        return True
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced `[` reads as a broken IPv6 host
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def printed_dates(value: date | str) -> list[str]:
    """The ways an article may print a publication date."""
    if isinstance(value, date):
        return [
            value.isoformat(),
            f"{value.day:02d}/{value.month:02d}/{value.year}",
            f"{value.day}/{value.month}/{value.year}",
        ]
    year, month = value.split("-")
    return [value, f"{month}/{year}", f"{int(month)}/{year}"]


def prints_day(raw: str, day: date) -> bool:
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


def prints_date(raw: str, value: date | str) -> bool:
    """Whether the text prints the publication date whole, in one of `printed_dates`."""
    return any(_prints_whole_date(raw, printed) for printed in printed_dates(value))


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


def prints_token(raw: str, token: str) -> bool:
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


def not_a_slug(what: str, value: str, names_a_page: bool = True) -> str:
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
