"""What a quote says about the words around it: the agency the article credits for them
(`via`), and the question or remark they answer (`context`). Both are words of the article,
read where a reader reads them: in the quote's paragraph or the one before it (for a credit,
also the article's byline or dateline, which credit the whole article)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from builder.content.checker import Checker
from builder.content.misquotes import explain_miss
from builder.content.models import CutRole, Located, Paragraph, QuoteRecord, Source
from builder.content.printed_words import word_spans
from builder.content.speakers import places_of
from builder.content.text import Match, fold_quote
from builder.content.words import has_word

_CREDIT_LINES = (CutRole.byline, CutRole.dateline)
"""The cuts whose lines credit the whole article (`Theo: Reuters`)."""


def _near(source: Source, match: Match) -> list[Paragraph]:
    """The paragraph before the quote's, when there is one, and the quote's own."""
    number = match.paragraph.number
    return [*source.paragraphs[max(0, number - 2) : number - 1], match.paragraph]


def _credit_lines(source: Source) -> list[str]:
    """The raw lines that the record cuts as byline or dateline."""
    lines = source.raw_text.split("\n")
    return [
        lines[number - 1]
        for cut in source.record.cuts
        if cut.role in _CREDIT_LINES
        for number in range(cut.first, min(cut.last, len(lines)) + 1)
    ]


def check_via(
    checker: Checker,
    where: Located,
    key: tuple[str | int, ...],
    quote: QuoteRecord,
    source: Source,
    match: Match | None,
) -> None:
    """A quote's `via` is the name of one of its source's `cites`, and, once the quote's
    place is known, the cite's printed words stand near it or in the article's byline or
    dateline: an agency the article does not credit for these words is not their link."""
    if quote.via is None:
        return
    line = where.line_of(*key, "via")
    cites = source.record.cites
    cite = next((cite for cite in cites if cite.name == quote.via), None)
    if cite is None:
        checker.report(where.path, line, _not_a_cite(quote, source))
        return
    if match is None:
        return
    if any(word_spans(paragraph.text, cite.printed) for paragraph in _near(source, match)):
        return
    if any(word_spans(text, cite.printed) for text in _credit_lines(source)):
        return
    number = match.paragraph.number
    checker.report(
        where.path,
        line,
        f"quote {quote.id!r}: via {quote.via!r}: the article does not credit these words to it: "
        f"«{cite.printed}» is not in the quote's paragraph ({number}), the paragraph before it, "
        "or the article's byline or dateline; leave via out when the article does not say",
    )


def _not_a_cite(quote: QuoteRecord, source: Source) -> str:
    """Why `via` names none of the source's cites, with the nearest name and all of them."""
    assert quote.via is not None
    names = [cite.name for cite in source.record.cites]
    shown = f"quote {quote.id!r}: via {quote.via!r}"
    cites = f"({', '.join(names)})" if names else "(it cites no one)"
    credit = next((item for item in source.record.credits if item.name == quote.via), None)
    if credit is not None:
        return (
            f"{shown} is the {credit.kind} credit «{credit.printed}» of source {source.id!r}, "
            f"not one of its cites {cites}: a credit names who made the {credit.kind}, not "
            "who gave the words"
        )
    message = f"{shown} is not one of the cites of source {source.id!r}"
    close = difflib.get_close_matches(quote.via, names, n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    if not names:
        return message + "; the source cites no one: add the agency to its cites, or leave via out"
    return message + f" (its cites: {', '.join(names)})"


def check_context(
    checker: Checker,
    where: Located,
    key: tuple[str | int, ...],
    quote: QuoteRecord,
    source: Source,
    match: Match,
    meeting_sources: Sequence[Source],
) -> None:
    """A quote's `context` holds a word and stands as whole words in the quote's paragraph or
    the one before it, outside the quote's own words; or why not."""
    if quote.context is None:
        return
    text = quote.context.text
    shown = f"context of quote {quote.id!r}"
    line = where.line_of(*key, "context", "text")
    if not has_word(fold_quote(text)):
        checker.report(
            where.path,
            line,
            f"{shown} holds no word: give the words of the article that the quote answers",
        )
        return
    why = _context_miss(
        text, source, match, meeting_sources, list(checker.dossier.sources.values())
    )
    if why is not None:
        checker.report(where.path, line, f"{shown} {why}")


def _context_miss(
    text: str,
    source: Source,
    match: Match,
    meeting_sources: Sequence[Source],
    all_sources: Sequence[Source],
) -> str | None:
    """Why the context's words are not near the quote, or None when they are."""
    overlaps = False
    for paragraph in _near(source, match):
        for start, end in word_spans(paragraph.text, text):
            own = paragraph is match.paragraph
            if not own or end <= match.start or start >= match.end:
                return None
            overlaps = True
    if overlaps:
        return "overlaps the quoted words; give the words of the article outside the quote"
    places = places_of(text, source)
    if places:
        return (
            f"stands in paragraph {places[0].match.paragraph.number}, not in the quote's "
            f"paragraph ({match.paragraph.number}) or the one before it: give the words that "
            "the quote answers there"
        )
    why = explain_miss(text, source, meeting_sources, all_sources)
    return f"not found in source {source.id!r}: {why}"
