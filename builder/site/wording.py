"""The words that differ between the renderings of one statement, for the meeting page to mark.

A rendering is cut into runs: words, and what stands between them (spaces, punctuation). Words
are compared without case (NFC, casefolded) but with their accents, which change a Vietnamese
word (`mọi` and `mỗi` differ). A word is left unmarked only when it stands in a matching block
with every other rendering (`difflib.SequenceMatcher` over the words, without its junk
heuristic, so that the result depends on the words alone); punctuation and spaces are never
marked, except the spaces inside a run of marked words.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import NamedTuple

_WORD = re.compile(r"\w+", re.UNICODE)
"""A word: letters, digits and combining marks (`tuổi`, `6/2024` is three runs: `6`, `/`,
`2024`)."""


class Run(NamedTuple):
    """A piece of a rendering's text, marked when it differs from another rendering."""

    text: str
    marked: bool


def _words(text: str) -> list[tuple[int, int, str]]:
    """The words of `text`: start, end and the key they are compared by."""
    return [
        (found.start(), found.end(), unicodedata.normalize("NFC", found.group()).casefold())
        for found in _WORD.finditer(unicodedata.normalize("NFC", text))
    ]


def _matched(words: list[str], other: list[str]) -> set[int]:
    """The positions of `words` that stand in a block matching `other`."""
    matcher = difflib.SequenceMatcher(None, words, other, autojunk=False)
    return {
        block.a + offset for block in matcher.get_matching_blocks() for offset in range(block.size)
    }


def differing_runs(texts: list[str]) -> list[list[Run]]:
    """Each text cut into runs, the words that are not matched with every other text marked.
    The runs of a text joined give it back unchanged (NFC, as the dossier holds its text).
    A single text has nothing to differ from: one unmarked run."""
    texts = [unicodedata.normalize("NFC", text) for text in texts]
    words = [_words(text) for text in texts]
    keys = [[key for _, _, key in found] for found in words]
    runs: list[list[Run]] = []
    for index, text in enumerate(texts):
        common = set(range(len(keys[index])))
        for other, other_keys in enumerate(keys):
            if other != index:
                common &= _matched(keys[index], other_keys)
        runs.append(_cut(text, words[index], common))
    return runs


def _cut(text: str, words: list[tuple[int, int, str]], common: set[int]) -> list[Run]:
    """`text` as runs: marked from the start of a differing word to the end of the last
    differing word after it with nothing but differing words and what stands between words
    in between; unmarked elsewhere."""
    runs: list[Run] = []
    position = 0
    index = 0
    while index < len(words):
        if index in common:
            index += 1
            continue
        last = index
        while last + 1 < len(words) and last + 1 not in common:
            last += 1
        start, end = words[index][0], words[last][1]
        if start > position:
            runs.append(Run(text[position:start], False))
        runs.append(Run(text[start:end], True))
        position = end
        index = last + 1
    if position < len(text) or not runs:
        runs.append(Run(text[position:], False))
    return runs
