"""Text of the raw articles: decoding, cutting into article text, folding and matching quotes.

Pure functions over strings. Verification compares folded text (NFC, one kind of double and of
single quote mark, every run of white space as one space); display keeps the text as printed.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass

from builder.content.models import Cut, CutRole, Paragraph
from builder.content.words import DOUBLE_QUOTES, SINGLE_QUOTES


class RawTextError(ValueError):
    """The raw bytes are not usable article text; `line` is where the problem is."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def decode_raw(data: bytes) -> str:
    """Decode a raw article: UTF-8 with an optional byte-order mark, any line endings, to NFC.

    Raises `RawTextError` for an empty file or one that is not UTF-8 text.
    """
    if not data or data.isspace():  # `isspace` stops at the first other byte; `strip` copies
        raise RawTextError("the raw article is empty")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RawTextError(
            f"the raw article is not UTF-8 text (byte 0x{data[error.start]:02x} at offset "
            f"{error.start})",
            line,
        ) from None
    if "\x00" in text:
        raise RawTextError(
            "the raw article is binary (it holds NUL bytes)",
            text.count("\n", 0, text.index("\x00")) + 1,
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a raw article may not hold: all but tab and the line ends (NUL has a
message of its own)."""


def decode_article(data: bytes) -> str:
    """Decode a raw article as `decode_raw` does, and refuse the control characters a page
    would print as they are (a bell, a terminal's escape sequence): all but tab and the line
    ends. The article is kept as received; the editor decides what to do with such a file."""
    text = decode_raw(data)
    control = _CONTROL.search(text)
    if control is not None:
        raise RawTextError(
            f"the raw article holds a control character (U+{ord(control.group()):04X}), which "
            "a page would print as it is; remove it from the file, or ask the outlet for a "
            "clean copy",
            text.count("\n", 0, control.start()) + 1,
        )
    return text


@dataclass(frozen=True)
class Folded:
    """Text folded for comparison, and the original text it was folded from."""

    text: str
    original: str

    @functools.cached_property
    def origin(self) -> tuple[int, ...]:
        """The position in the original of each folded character (computed when first asked:
        only for the paragraphs where a quote is found)."""
        origin: list[int] = []
        position = 0
        for space in _SPACE_RUN.finditer(self.original):
            start, end = space.span()
            origin.extend(range(position, start))
            # A run of white space folds to one space, counted at the run's last character;
            # runs at either end are dropped.
            if origin and end < len(self.original):
                origin.append(end - 1)
            position = end
        origin.extend(range(position, len(self.original)))
        return tuple(origin)

    def shift(self) -> int | None:
        """When folding only dropped white space at the ends (the usual case), the offset of
        every folded character in the original; otherwise None."""
        lead = len(self.original) - len(self.original.lstrip())
        trail = len(self.original) - len(self.original.rstrip())
        # Folding keeps each character or drops it; if all but the end runs are kept, each
        # kept character sits `lead` characters further on in the original.
        return lead if len(self.text) == len(self.original) - lead - trail else None

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """The original slice that the folded slice `[start, end)` came from."""
        shift = self.shift()
        if shift is not None:
            return start + shift, end + shift
        return self.origin[start], self.origin[end - 1] + 1


_ZERO_WIDTH = "\u200b\ufeff"
# `\s` in a str pattern is exactly `str.isspace()`; zero-width spaces count as spaces too.
_SPACE_RUN = re.compile(rf"[\s{_ZERO_WIDTH}]+")
# Folding runs over every paragraph and article of the dossier, so it takes the fastest
# equivalent path: `str.translate` looks every character up in a dict, and most text has only
# single plain spaces and a few quote marks.
_QUOTE_MARK = re.compile(f"[{DOUBLE_QUOTES[1:]}{SINGLE_QUOTES[1:]}]")
_QUOTE_MARK_FOLDED = {
    **{mark: '"' for mark in DOUBLE_QUOTES[1:]},
    **{mark: "'" for mark in SINGLE_QUOTES[1:]},
}


def fold(text: str) -> Folded:
    """Fold text for quote matching: NFC, quote marks unified, white space runs made one space.

    Non-breaking and other Unicode spaces count as white space. Leading and trailing white space
    is dropped. The folded text can map its positions back to `text` (`span_in_original`).
    """
    return Folded(fold_text(text), text)


def fold_text(text: str) -> str:
    """The folded text of `fold(text)`, without the means to map it back."""
    # NFC per character cluster would change offsets; the loaders already give NFC, and a quote
    # in NFD is normalised as a whole before folding.
    if text.isprintable() and "  " not in text:
        # Every white space character but the plain space is unprintable.
        folded = text.strip(" ")
    elif "\u200b" in text or "\ufeff" in text:
        folded = _SPACE_RUN.sub(" ", text).strip(" ")
    else:
        # A raw article is lines of such text with blank lines between them: joining the lines
        # that are not empty folds it without splitting it into words.
        lines = " ".join([line for line in text.split("\n") if line])
        if lines.isprintable() and "  " not in lines:
            folded = lines.strip(" ")
        else:
            # `str.split()` splits at runs of exactly the characters `str.isspace()` accepts.
            folded = " ".join(text.split())
    return _fold_quote_marks(folded)


def _fold_quote_marks(text: str) -> str:
    """Every double quote mark made `"`, every single one `'`."""
    if _QUOTE_MARK.search(text):
        for mark, folded_mark in _QUOTE_MARK_FOLDED.items():
            if mark in text:
                text = text.replace(mark, folded_mark)
    return text


@functools.lru_cache(maxsize=4096)
def fold_quote(text: str) -> str:
    """Fold a quote as written by an editor (which may be NFD) for matching."""
    return fold_text(unicodedata.normalize("NFC", text))


_DATE_MARKER = re.compile(r"[ \t]*date[ \t]+\d{4}-\d{2}(?:-\d{2})?[ \t]*")
"""The one shape of text a cut may remove from the start of a line: a date marker as the
seeds print it (` date 2025-09-03 `, ` date 2024-06 `), with the spaces around it."""


def prefix_cut_problem(cut: Cut, line_text: str) -> str | None:
    """Why a cut's `prefix` may not be cut from `line_text`, or None when it may.

    A cut removes whole lines; only a `marker` cut may remove the start of one, and only a
    whole date marker (`_DATE_MARKER`): a prefix of any other text could drop words such as
    `không ` (not) from a paragraph and change what it says.
    """
    prefix = unicodedata.normalize("NFC", cut.prefix or "")
    if cut.role is not CutRole.marker:
        return (
            f"cut line {cut.lines}: a {cut.role.value} cut removes whole lines; only a marker "
            f"cut may remove the start of a line (a date marker such as ' date 2025-09-03 '); "
            f"found prefix {cut.prefix!r}"
        )
    rest = line_text[len(prefix) :] if line_text.startswith(prefix) else ""
    if _DATE_MARKER.fullmatch(prefix) is None or rest[:1] in tuple("0123456789-/"):
        return (
            f"cut line {cut.lines}: a marker cut's prefix must be a whole date marker at the "
            f"start of the line, such as ' date 2025-09-03 ' or ' date 2024-06 '; found "
            f"{cut.prefix!r}"
        )
    return None


def cut_article(
    raw_text: str, cuts: tuple[Cut, ...]
) -> tuple[list[Paragraph], list[str], list[tuple[int, str]]]:
    """Apply the recorded cuts to the raw text.

    Returns the paragraphs of article text (each non-blank line left), the caption texts, and
    the cuts that do not fit the file (line out of range, prefix not found or not of the one
    shape allowed, overlap), each as its index in `cuts` and a message. A cut with a problem is
    not applied.
    """
    lines = raw_text.split("\n")
    whole_line_cuts: dict[int, Cut] = {}
    prefix_cuts: dict[int, Cut] = {}
    problems: list[tuple[int, str]] = []
    captions: list[str] = []
    for index, cut in enumerate(cuts):
        first, last = cut.first, cut.last  # each parses `cut.lines`
        if first < 1 or last > len(lines) or first > last:
            problems.append(
                (
                    index,
                    f"cut lines {cut.lines} are outside the raw article, which has "
                    f"{len(lines)} lines",
                )
            )
            continue
        if cut.prefix is not None:
            problem = _prefix_fit_problem(cut, lines)
            if problem is not None:
                problems.append((index, problem))
                continue
            prefix_cuts[first] = cut
            if cut.role is CutRole.caption:
                captions.append(cut.prefix.strip())
            continue
        for number in range(first, last + 1):
            if number in whole_line_cuts:
                earlier = whole_line_cuts[number].lines
                problems.append(
                    (index, f"cut lines {cut.lines} overlap the cut of lines {earlier}")
                )
                break
            whole_line_cuts[number] = cut
            if cut.role is CutRole.caption and lines[number - 1].strip():
                captions.append(lines[number - 1].strip())
    return _paragraphs_left(lines, whole_line_cuts, prefix_cuts), captions, problems


def _prefix_fit_problem(cut: Cut, lines: list[str]) -> str | None:
    """Why a prefix cut does not fit the file: more than one line, a prefix of the wrong
    shape (`prefix_cut_problem`), or a line that does not start with it."""
    assert cut.prefix is not None
    if cut.first != cut.last:
        return f"cut lines {cut.lines}: a prefix cut covers a single line"
    line_text = lines[cut.first - 1]
    shape = prefix_cut_problem(cut, line_text)
    if shape is not None:
        return shape
    if not line_text.startswith(unicodedata.normalize("NFC", cut.prefix)):
        return (
            f"cut line {cut.first}: the line does not start with the prefix "
            f"{cut.prefix!r}; it starts with {line_text[: len(cut.prefix) + 10]!r}"
        )
    return None


def _paragraphs_left(
    lines: list[str], whole_line_cuts: dict[int, Cut], prefix_cuts: dict[int, Cut]
) -> list[Paragraph]:
    """The paragraphs of article text: each non-blank line that the cuts leave, stripped."""
    paragraphs: list[Paragraph] = []
    for number, line_text in enumerate(lines, start=1):
        if number in whole_line_cuts:
            continue
        if number in prefix_cuts:
            line_text = line_text[
                len(unicodedata.normalize("NFC", prefix_cuts[number].prefix or "")) :
            ]
        paragraph_text = line_text.strip()
        if paragraph_text:
            paragraphs.append(Paragraph(len(paragraphs) + 1, number, paragraph_text))
    return paragraphs


@dataclass(frozen=True)
class Match:
    """Where a quote was found: the paragraph and the original character span in it."""

    paragraph: Paragraph
    start: int
    end: int


def find_quote(
    quote: str, paragraphs: list[Paragraph] | tuple[Paragraph, ...], folded: list[Folded]
) -> Match | None:
    """Find a quote in the article text (folded comparison), within a single paragraph."""
    needle = fold_quote(quote)
    if not needle:
        return None
    for paragraph, folded_paragraph in zip(paragraphs, folded, strict=True):
        at = folded_paragraph.text.find(needle)
        if at >= 0:
            start, end = folded_paragraph.span_in_original(at, at + len(needle))
            return Match(paragraph, start, end)
    return None


class FoldedArticle:
    """The paragraphs of an article folded once for matching quotes, in one string.

    The folded paragraphs are joined by newlines: folding leaves no newline in a paragraph or in
    a quote, so a quote found in `text` lies within one paragraph (`match_at` says where), and
    the first place it is found is where `find_quote` finds it.
    """

    def __init__(self, paragraphs: list[Paragraph] | tuple[Paragraph, ...]) -> None:
        self.paragraphs = tuple(paragraphs)
        originals = [paragraph.text for paragraph in self.paragraphs]
        joined = "\n".join(originals)
        # Folding a paragraph usually changes only its quote marks, one character for one:
        # when every paragraph is printable text with single spaces and none at either end,
        # fold the marks of all of them at once, and every folded paragraph keeps its
        # original's offsets. Otherwise fold each paragraph on its own.
        self._folded: list[Folded] | None = None
        # No paragraph starts or ends with a space: none does at either end of the joined
        # text, nor next to a newline (paragraphs are lines, with no newline in them).
        self.offsets_kept = (
            all(map(str.isprintable, originals))
            and "  " not in joined
            and not joined.startswith(" ")
            and not joined.endswith(" ")
            and "\n " not in joined
            and " \n" not in joined
        )
        if self.offsets_kept:
            self.text = _fold_quote_marks(joined)
        else:
            self._folded = [fold(text) for text in originals]
            self.text = "\n".join(item.text for item in self._folded)
        self.starts: list[int] = []
        """Where each paragraph's folded text starts in `text`."""
        start = 0
        for folded in originals if self.offsets_kept else self.text.split("\n"):
            self.starts.append(start)
            start += len(folded) + 1
        self._run_on: str | None = None

    @property
    def folded(self) -> list[Folded]:
        """Each paragraph folded on its own, as `fold` gives it."""
        if self._folded is None:
            self._folded = [
                Folded(self.text[start : start + len(paragraph.text)], paragraph.text)
                for paragraph, start in zip(self.paragraphs, self.starts, strict=True)
            ]
        return self._folded

    def run_on(self) -> str:
        """The folded paragraphs joined by spaces, as one passage."""
        if self._run_on is None:
            self._run_on = self.text.replace("\n", " ")
        return self._run_on

    def match_at(self, at: int, length: int) -> Match:
        """The paragraph and original span of the folded text `text[at : at + length]`, which
        lies within one paragraph."""
        index = bisect.bisect_right(self.starts, at) - 1
        start, end = at - self.starts[index], at - self.starts[index] + length
        if not self.offsets_kept:
            start, end = self.folded[index].span_in_original(start, end)
        return Match(self.paragraphs[index], start, end)


_RUN_TOGETHER = re.compile(r"[.!?;](?=\w)")
"""A stop with a word right after: the regex engine finds the stops quickly, and the rare ones
a word follows are then checked in Python (a look behind at every position was slow)."""


def display_breaks(text: str) -> list[int]:
    """Offsets where a space is missing after a sentence end (`nhanh chóng.Theo`).

    Only a lower-case letter, a stop, then a capital counts, so `vov.vn` and `VOV.VN` stay.
    The space is added when the text is shown; verification never sees it.
    """
    # Before the stop, a lower-case word character: `\w` is what `isalnum` accepts, and `_`,
    # which is not lower-case.
    return [
        match.end()
        for match in _RUN_TOGETHER.finditer(text, 1)
        if text[match.start() - 1].islower()
        and text[match.start() - 1].isalnum()
        and text[match.end()].isupper()
    ]
