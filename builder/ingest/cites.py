"""Who an article cites for its words: the agencies and institutions it names after `theo`,
`dẫn lời` or before `cho biết`, and those of a byline's or a closing line's `Theo: …`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.content.models import Printed
from builder.ingest.lines import BYLINE_THEO, CLAUSE_BREAK, split_words
from builder.ingest.names import cited_name, find_cited

_ATTRIBUTION_BEFORE = re.compile(r"(?<!\w)(?:theo|dẫn lời|dẫn nguồn|dẫn)(?!\w)", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(
    r"(?:\s+của(?:\s+[^\s,.;:]+){1,3}?)?\s+(?:đã\s+|vừa\s+)?(?:đưa tin|cho biết|cho hay|thông báo"
    r"|xác nhận|công bố|tường thuật|khẳng định|nhận định|dẫn lời)(?!\w)",
    re.IGNORECASE,
)

_AGENCY_WORD = re.compile(
    r"(?<!\w)(?:hãng tin|hãng thông tấn|thông tấn xã|kênh truyền hình|đài truyền hình|kênh"
    r"|nhật báo|tờ báo|tờ|trang tin)\s+",
    re.IGNORECASE,
)
"""`hãng tin CNN`, `kênh Russia 1`: the capitalised words after it name an agency or outlet."""

MAX_ATTRIBUTION_WORDS = 8
"""How far `theo` may stand before the name it attributes (`Theo bài đăng … của Điện Kremlin`)."""
ATTRIBUTION_WINDOW = 400
"""Characters looked at before a name for its `theo`: well over MAX_ATTRIBUTION_WORDS words."""


@dataclass(frozen=True)
class Mention:
    """A name found in the text, where it was found, and what it is."""

    line: int
    offset: int
    item: Printed


def _names_at(text: str) -> list[tuple[int, int, str]]:
    """Known agencies and `hãng tin X` names in `text`: (start, end, dossier name)."""
    found = find_cited(text)
    for match in _AGENCY_WORD.finditer(text):
        words: list[str] = []
        # A name is a few words: look no further than the next 120 characters (whole words).
        following = text[match.end() : match.end() + 120].split(" ")
        if match.end() + 120 < len(text):
            following.pop()
        for piece in following:
            word = piece.rstrip(',.;:!?)"”’')
            if not word or not (word[0].isupper() or (words and word.isdigit())):
                break
            words.append(word)
            if word != piece:
                break  # punctuation ends the name
        if words:
            printed = " ".join(words)
            found.append((match.end(), match.end() + len(printed), cited_name(printed) or printed))
    # The earliest and longest name wins where two overlap (`Kênh Russia 1`, `Russia 1`).
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if not kept or item[0] >= kept[-1][1]:
            kept.append(item)
    return kept


def _attributed(text: str, start: int, end: int) -> bool:
    """Whether the name at `text[start:end]` is cited for words: `theo hãng tin CNN`, `Điện
    Kremlin cho biết`; not `phát ngôn viên Điện Kremlin Dmitry Peskov thông báo`."""
    # `theo` counts only a few words back, so a bounded window is enough (and stays linear).
    window = text[max(0, start - ATTRIBUTION_WINDOW) : start]
    breaks = list(CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() if breaks else 0 :]
    openers = list(_ATTRIBUTION_BEFORE.finditer(clause))
    if openers and len(split_words(clause[openers[-1].end() :])) <= MAX_ATTRIBUTION_WORDS:
        return True
    return _ATTRIBUTION_AFTER.match(text, end) is not None


def cited_in(text: str, line: int) -> list[Mention]:
    return [
        Mention(line, start, Printed(name=name, printed=text[start:end]))
        for start, end, name in _names_at(text)
        if _attributed(text, start, end)
    ]


def theo_agencies(line: int, printed: str) -> list[Mention]:
    """The agencies of a byline's or a closing line's `Theo: Reuters` (or `Theo: Reuters, AFP`)."""
    match = BYLINE_THEO.search(printed)
    if match is None:
        return []
    names = [name.strip() for name in re.split(r",|\s+và\s+|&", match["agencies"]) if name.strip()]
    if len(names) == 1:
        item = Printed(name=cited_name(names[0]) or names[0], printed=printed[match.start() :])
        return [Mention(line, match.start(), item)]
    return [
        Mention(line, match.start(), Printed(name=cited_name(name) or name, printed=name))
        for name in names
    ]
