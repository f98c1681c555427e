"""Where a quote stands in its article, said in the terms others use: W3C Web Annotation
selectors on the article text, and a Text Fragment (`#:~:text=`) into the live article.

The article text is the source's paragraphs (the raw file less its cuts, each non-blank line
stripped) joined by a blank line, `"\\n\\n"`: `article_text` gives it, and a
`TextPositionSelector` counts its characters (Unicode code points, as Python and the Web
Annotation model count them).
"""

from __future__ import annotations

import itertools
from typing import Any, NamedTuple
from urllib.parse import quote as percent_encode

from builder.content.models import Rights, Source
from builder.content.text import Match
from builder.content.words import sentence_spans
from builder.site.passages import LONG_PARAGRAPH

PARAGRAPH_SEPARATOR = "\n\n"
"""Between two paragraphs of the article text."""

CONTEXT_CHARACTERS = 32
"""At most this many characters of a `TextQuoteSelector`'s prefix and suffix."""

FRAGMENT_WORDS = 5
"""A quote of more than twice this many words is linked by its first and last words
(`textStart,textEnd`), not whole: the link stays short and survives a changed word inside."""


def article_text(source: Source) -> str:
    """The article text the selectors refer to: the paragraphs joined by a blank line."""
    return PARAGRAPH_SEPARATOR.join(paragraph.text for paragraph in source.paragraphs)


def paragraph_offset(source: Source, number: int) -> int:
    """Where paragraph `number` (counted from 1) starts in `article_text`."""
    return sum(
        len(paragraph.text) + len(PARAGRAPH_SEPARATOR)
        for paragraph in itertools.islice(source.paragraphs, number - 1)
    )


class Selectors(NamedTuple):
    """A quote's place in the article text, both ways the Web Annotation model says it."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int

    def as_json(self) -> list[dict[str, Any]]:
        """The two selectors as Web Annotation JSON-LD."""
        return [
            {
                "type": "TextQuoteSelector",
                "exact": self.exact,
                "prefix": self.prefix,
                "suffix": self.suffix,
            },
            {"type": "TextPositionSelector", "start": self.start, "end": self.end},
        ]


def shown_bounds(source: Source, match: Match) -> tuple[int, int]:
    """The part of the quote's paragraph that the archived page shows around it, in the
    paragraph's characters: all of it, but of a long paragraph of an `excerpts` source only
    the sentences that hold the quote (`builder.site.passages`). The prefix and suffix stay
    inside it: they never give away text the page does not show, and they are found in the
    page's own text, where each paragraph stands apart."""
    text = match.paragraph.text
    if source.record.rights is Rights.excerpts and len(text) > LONG_PARAGRAPH:
        kept = [
            (left, right)
            for left, right in sentence_spans(text)
            if left < match.end and match.start < right
        ]
        if kept:
            return min(left for left, _ in kept), max(right for _, right in kept)
    return 0, len(text)


def quote_selectors(source: Source, match: Match) -> Selectors:
    """The selectors of the words at `match`: exact, up to `CONTEXT_CHARACTERS` either side
    (within `shown_bounds`), and the start and end in `article_text`."""
    text = match.paragraph.text
    low, high = shown_bounds(source, match)
    offset = paragraph_offset(source, match.paragraph.number)
    return Selectors(
        exact=text[match.start : match.end],
        prefix=text[max(low, match.start - CONTEXT_CHARACTERS) : match.start],
        suffix=text[match.end : min(high, match.end + CONTEXT_CHARACTERS)],
        start=offset + match.start,
        end=offset + match.end,
    )


def _fragment_text(text: str) -> str:
    """Text percent-encoded for a text directive: everything but letters, digits and
    `_ . ~` encoded as UTF-8 bytes, `-` too (the Text Fragments spec reserves `-`, `,` and
    `&` in a directive)."""
    return percent_encode(text, safe="").replace("-", "%2D")


def text_fragment_url(url: str, words: str) -> str:
    """`url` with a text fragment that opens the page at `words` (whitespace runs as one
    space): `#:~:text=<words>`, or `#:~:text=<first words>,<last words>` for a long quote.
    A URL that has a fragment keeps it, the directive after it."""
    tokens = words.split()
    if len(tokens) > 2 * FRAGMENT_WORDS:
        directive = (
            _fragment_text(" ".join(tokens[:FRAGMENT_WORDS]))
            + ","
            + _fragment_text(" ".join(tokens[-FRAGMENT_WORDS:]))
        )
    else:
        directive = _fragment_text(" ".join(tokens))
    return f"{url}{'' if '#' in url else '#'}:~:text={directive}"


def live_link(url: str | None, match: Match) -> str | None:
    """The live article at `url` opened at the words at `match`, as the article prints them
    (`text_fragment_url`); None when the article's URL is not known."""
    if url is None:
        return None
    return text_fragment_url(url, match.paragraph.text[match.start : match.end])
