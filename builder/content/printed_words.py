"""Where words of a front matter field stand in a passage of an article, as whole words: the
same folding and the same word boundaries as a quote's (`speakers.places_of`), for a line or
a paragraph on its own (a headline, a byline, the paragraph before a quote)."""

from __future__ import annotations

from builder.content.text import fold, fold_quote
from builder.content.words import has_word, printed_boundary, whole_word_occurrences


def word_spans(text: str, words: str) -> list[tuple[int, int]]:
    """Every span of `text` (NFC, as printed) where `words` stand as whole words, compared
    folded (`fold_quote`); none when `words` hold no word: `" "` or `"n"` would stand
    anywhere."""
    needle = fold_quote(words)
    folded = fold(text)
    if not has_word(needle) or needle not in folded.text:
        return []
    spans: list[tuple[int, int]] = []
    for at in whole_word_occurrences(folded.text, needle):
        start, end = folded.span_in_original(at, at + len(needle))
        # A grouping or zero-width space folds to a plain space; as printed it joins.
        if printed_boundary(text, start) and printed_boundary(text, end):
            spans.append((start, end))
    return spans


def inside_words(text: str, words: str) -> bool:
    """Whether `words` stand in `text` only inside longer words (`giờ` in `giờn`)."""
    needle = fold_quote(words)
    return bool(needle) and needle in fold(text).text and not word_spans(text, words)
