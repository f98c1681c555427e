"""Why a quote was not found in its article, in words that lead to the fix.

Run only for quotes that failed. Each explanation is tried in turn, from the most certain to
the least: the words stand but not as whole words; they hold an ellipsis the article does not
print; they run across paragraphs; they stand on a line the record cuts; they are another
source's; a word's tone mark is placed differently; and last, the nearest passage, with the
words that differ marked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from builder.content.models import Source
from builder.content.text import fold_quote, fold_text
from builder.content.words import (
    find_words,
    is_word_boundary,
    is_word_character,
    occurrences,
    printed_boundary,
)

_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|\(\s*(?:…|\.\.\.)\s*\)|…|\.\.\.+)\s*")


def explain_miss(
    quote_text: str,
    source: Source,
    meeting_sources: Sequence[Source],
    all_sources: Sequence[Source],
) -> str:
    """Why `quote_text` is not whole words of one paragraph of `source`'s article text."""
    needle = fold_quote(quote_text)
    article = source.folded
    for at in occurrences(article.text, needle):
        match = article.match_at(at, len(needle))
        text = match.paragraph.text
        start, end = match.start, match.end
        while not printed_boundary(text, start):
            start -= 1
        while not printed_boundary(text, end):
            end += 1
        return (
            f"its words are only part of the article's words «{text[start:end]}» "
            f"(paragraph {match.paragraph.number}): a quote must begin and end where the "
            "article's words do"
        )
    for ours, theirs in (("...", "…"), ("…", "...")):
        if ours in needle and find_words(article.text, needle.replace(ours, theirs)) >= 0:
            return (
                f"the article prints '{theirs}' where the quote has '{ours}': copy the "
                "article's ellipsis"
            )
    if _ELLIPSIS.search(needle):
        parts = [part for part in _ELLIPSIS.split(needle) if part.strip()]
        if all(find_words(article.text, part) >= 0 for part in parts):
            return (
                "it holds an ellipsis ('…', '...' or '[…]') that the article does not print at "
                "that place: split the quote where words were left out, one quote for each "
                "part (each part is in the article)"
            )
    run_on = article.run_on()
    across = find_words(run_on, needle)
    if across >= 0:
        first = sum(1 for start in article.starts if start <= across)
        last = sum(1 for start in article.starts if start < across + len(needle))
        return (
            f"the words run across paragraphs {first} and {last}"
            if last == first + 1
            else f"the words run across paragraphs {first} to {last}"
        ) + "; quote each part on its own"
    cut = _on_cut_line(needle, source)
    if cut is not None:
        return cut
    for group, sources in (("this meeting's", meeting_sources), ("the dossier's", all_sources)):
        for other in sources:
            if other.id != source.id and find_words(other.folded.text, needle) >= 0:
                return (
                    f"these words are in source {other.id!r}, another of {group} sources: "
                    "give that source"
                )
    return nearest_passage(needle, article.text)


def _on_cut_line(needle: str, source: Source) -> str | None:
    """Where the words stand on a raw line that a cut removes from the article text."""
    lines = source.raw_text.split("\n")
    roles: dict[int, str] = {}
    for cut in source.record.cuts:
        for number in range(cut.first, cut.last + 1):
            roles.setdefault(number, cut.role.value)
    for number, line in enumerate(lines, start=1):
        if number in roles and find_words(fold_text(line), needle) >= 0:
            role = "site furniture" if roles[number] == "boilerplate" else roles[number]
            return (
                f"found on raw line {number}, which the record cuts as {role}: quote the "
                "article text, not what the record cuts"
            )
    return None


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _without_tone(word: str) -> tuple[str, tuple[str, ...]]:
    """A word without its tone marks, and the marks: `hoà` and `hòa` give the same."""
    decomposed = unicodedata.normalize("NFD", word)
    marks = tuple(sorted(character for character in decomposed if character in _TONE_MARKS))
    bare = "".join(character for character in decomposed if character not in _TONE_MARKS)
    return unicodedata.normalize("NFC", bare), marks


_COMMON = 8
"""A word triple standing more often than this in the quote or the article does not vote."""
_SHORT = 600
"""Quotes up to this length are aligned with the whole article character by character
(RapidFuzz's partial alignment); a longer one first finds its region by shared word triples."""


def nearest_passage(needle: str, article: str) -> str:
    """The passage of the folded article text nearest to the folded quote `needle`, with the
    words that differ marked, in words for a message."""
    region_start, region_end = 0, len(article)
    if len(needle) > _SHORT:
        located = _region(needle, article)
        if located is None:
            return "no passage of the article is close to it"
        region_start, region_end = located
    region = article[region_start:region_end]
    # Aligned within each paragraph: a passage never runs across two.
    best: tuple[float, int, int] = (0.0, 0, 0)
    offset = 0
    for paragraph in region.split("\n"):
        alignment = fuzz.partial_ratio_alignment(needle, paragraph, score_cutoff=best[0])
        if alignment is not None and alignment.score > best[0]:
            best = (alignment.score, offset + alignment.dest_start, offset + alignment.dest_end)
        offset += len(paragraph) + 1
    score, start, end = best
    if score == 0:
        return "no passage of the article is close to it"
    # The aligned passage widened to whole words, within its paragraph.
    while start > 0 and not is_word_boundary(region, start) and region[start - 1] != "\n":
        start -= 1
    while end < len(region) and not is_word_boundary(region, end) and region[end] != "\n":
        end += 1
    passage = _trim_to(needle, _without_extra_words(needle, region[start:end].strip()))
    differences = _differences(needle, passage)
    score = min(int(fuzz.ratio(needle, passage)), 99)
    return (
        f"the nearest passage ({score}% alike) differs in {differences}"
        if differences
        else f'the nearest passage ({score}% alike) is "{passage}"'
    )


def _unusual_characters(quoted: str, printed: str) -> str:
    """The characters that differ between two words and may not show: letters of another
    script than the article's (a Cyrillic `о` for `o`) and invisible ones, by code point."""
    unusual = [
        character
        for character in dict.fromkeys(set(quoted) ^ set(printed))
        if (unicodedata.category(character) in {"Cf", "Zs", "Mn"} and character != " ")
        or (
            character.isalpha()
            and not unicodedata.name(character, "").startswith(("LATIN", "DIGIT"))
        )
    ]
    if not unusual:
        return ""
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in sorted(unusual))
    return f" (they differ by {named})"


def _trim_to(needle: str, passage: str) -> str:
    """The passage without the punctuation at its ends that the quote does not have there
    (the alignment may take in the `",` after the last word)."""
    while passage and not is_word_character(passage[-1]) and not needle.endswith(passage[-1]):
        passage = passage[:-1]
    while passage and not is_word_character(passage[0]) and not needle.startswith(passage[0]):
        passage = passage[1:]
    return passage.strip()


def _unaccented(text: str) -> str:
    """The text without its diacritics, `đ` read as `d`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def _region(needle: str, article: str) -> tuple[int, int] | None:
    """The stretch of the article that shares the most word triples with a long quote, in
    order: each triple votes for where the quote would start. A triple that stands more than
    a few times in the quote or the article (a table, a repeated sentence) says nothing about
    where, and would cost a vote at every place it stands: it does not vote. The folded
    article has one space or newline between words, so a word's offset is the length of
    those before it."""
    quote_words = needle.split(" ")
    wanted: dict[tuple[str, ...], list[int]] = {}
    for position in range(len(quote_words) - 2):
        wanted.setdefault(tuple(quote_words[position : position + 3]), []).append(position)
    wanted = {triple: at for triple, at in wanted.items() if len(at) <= _COMMON}
    words = re.split(r"[ \n]", article)
    places: dict[tuple[str, ...], list[int]] = {}
    for position in range(len(words) - 2):
        triple = (words[position], words[position + 1], words[position + 2])
        if triple in wanted:
            places.setdefault(triple, []).append(position)
    votes: Counter[int] = Counter()
    for voter, found in places.items():
        if len(found) <= _COMMON:
            votes.update(place - at for place in found for at in wanted[voter])
    if not votes:
        return None
    offset = votes.most_common(1)[0][0]
    first = max(0, offset - len(quote_words) // 4)
    last = min(len(words), offset + len(quote_words) + len(quote_words) // 4)
    starts = [0, *itertools.accumulate(len(word) + 1 for word in words)]
    return starts[first], starts[last] - 1


def _without_extra_words(needle: str, passage: str) -> str:
    """The passage without the words at its ends that the quote has nothing for (the
    alignment slides past the quote's first or last word when they differ)."""
    ours, theirs = needle.split(" "), passage.split(" ")
    changes = Levenshtein.opcodes(ours, theirs)
    first, last = 0, len(theirs)
    if changes and changes[0].tag == "insert":
        first = changes[0].dest_end
    if changes and changes[-1].tag == "insert":
        last = changes[-1].dest_start
    return " ".join(theirs[first:last]) if first < last else passage


def _differences(needle: str, passage: str) -> str:
    """The words that differ between the quote and the passage, with a word of context:
    `…trong mọi «lĩnh vực» / article: «linh vực»…`; at most three places are shown."""
    ours, theirs = needle.split(" "), passage.split(" ")
    shown: list[str] = []
    changes = [change for change in Levenshtein.opcodes(ours, theirs) if change.tag != "equal"]
    for change in changes[:3]:
        before = " ".join(ours[max(0, change.src_start - 2) : change.src_start])
        quoted = " ".join(ours[change.src_start : change.src_end])
        printed = " ".join(theirs[change.dest_start : change.dest_end])
        lead = f"…{before} " if before else "…"
        if quoted.lower() == printed.lower():
            accents = " (only capitals differ)"
        elif _without_tone(quoted) == _without_tone(printed):
            accents = (
                " (a tone mark placed otherwise: the same words in another spelling habit; "
                "copy the article's spelling)"
            )
        elif _unaccented(quoted) == _unaccented(printed):
            accents = " (only the diacritics differ)"
        else:
            accents = _unusual_characters(quoted, printed)
        shown.append(f"{lead}«{quoted}» / article: «{printed}»…{accents}")
    more = len(changes) - len(shown)
    tail = f" (and {more} more)" if more > 0 else ""
    if not shown:
        return ""
    return "; ".join(shown) + tail + f'; the passage: "{_shorten(passage)}"'


def _shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
