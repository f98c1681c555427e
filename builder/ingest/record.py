"""Ingest stage: turn a raw article as received into a source record for the editor to review.

Detection (`detect_article`) is pure: it reads the decoded text and finds the headline, the date,
the byline, the outlet and the site the copy came from, the agencies cited, the credits, the URL
and the language, and everything that is not article text. It never edits the text: what is not
article text becomes a cut, so the loader computes the article text from the raw file exactly as
it does for a record written by hand.

The file side (`plan_ingest`, then `write_ingest`) reads and checks every path first and writes
only when all of them are fine: raw files are copied unchanged into `site_src/articles/`, and a
record is written into `site_src/sources/<id>.yml` only where none exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from slugify import slugify

from builder.content.files import SITE_SRC, content_files, content_folder, read_limited
from builder.content.models import Credit, Cut, CutRole, DatePrecision, Paragraph, Printed
from builder.content.text import RawTextError, cut_article, decode_article, display_breaks
from builder.ingest.names import cited_name, find_cited, is_outlet, outlet_name
from builder.newfile import write_new_file
from builder.problems import Problem

# Shapes of the text, as the seeds print them.

_MARKER = re.compile(r"^(?P<prefix>[ \t]*date[ \t]+(?P<iso>\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|$))")
"""A capture tool's leading ` date 2025-09-03 ` (or ` date 2024-06 `) marker."""

_DATE = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
_DATELINE = re.compile(
    rf"^(?:{_WEEKDAY}\s*,?\s*)?(?:{_TIME}\s*,?\s*)?{_DATE}(?:\s*[,-]?\s*{_TIME})?"
    r"(?:\s*\(?GMT\s*[+-]\s*\d{1,2}\)?)?$",
    re.IGNORECASE,
)
"""A line that is only a date, maybe with a weekday and a time: `13/09/2023 22:04`."""

_BYLINE = re.compile(rf"^(?P<who>[^|]{{2,200}}?)\s*[|•·]\s*{_DATE}(?:\s*,?\s*{_TIME})?$")
"""`Kiều Anh/VOV.VN (biên dịch) Theo: Reuters| 03/09/2025 17:54`."""

_BYLINE_THEO = re.compile(r"(?<!\w)Theo\s*:?\s+(?P<agencies>\S.*)$")
_ROLE_NOTE = re.compile(r"\s*\([^)]*\)")
"""A byline's `(biên dịch)`, `(tổng hợp)`: what the author did, not a name."""

_CREDIT = re.compile(
    r"(?:^|(?<=[\s.!?…]))\(?(?P<printed>(?P<label>ảnh|video|clip|đồ họa|photo|nguồn ảnh)"
    r"\s*:\s*(?P<who>[^:()]{1,60}?))\.?\)?$",
    re.IGNORECASE,
)
"""A photo or video credit ending a line: `… Ảnh: Sputnik`, `Photo : YONHAP News`."""

_ALT_TEXT = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+){3,}$")
"""An image's alt text as a page copy prints it: the words without diacritics, lower case."""

_URL = re.compile(r"https?://[^\s<>\"“”]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}'’”»"
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:\?|$)", re.IGNORECASE)

_CLOSING_THEO = re.compile(r"^\(?\s*Theo:?\s+(?P<who>[^\s,;()][^,;()]{0,58}?)\s*\)?\.?$")
"""A closing `Theo vov.vn` line: the outlet (or the agency) the article was taken from."""

_SHORT_FURNITURE = re.compile(
    r"^(?:bài liên quan|tin liên quan|tin cùng chuyên mục|đọc tiếp|đọc thêm|xem thêm|tin nổi bật"
    r"|nổi bật|mới nhất|tin mới|đọc nhiều|đừng bỏ lỡ|copy link|sao chép liên kết|chia sẻ"
    r"|bình luận|từ khóa|tags?)(?!\w)",
    re.IGNORECASE,
)
"""Site furniture that opens a short line: lists of other articles, sharing buttons."""

_LONG_FURNITURE = re.compile(
    r"^(?:powered by|hotline|giấy phép|địa chỉ|liên hệ quảng cáo|liên hệ|e-?mail|điện thoại"
    r"|©|copyright|bản quyền|tổng biên tập|chịu trách nhiệm|cơ quan chủ quản)(?!\w)",
    re.IGNORECASE,
)
"""Site furniture of any length: hotline, licence, address and contact lines, the CMS credit."""

_SITE_AFTER_FURNITURE = re.compile(
    r"^(?:tin nổi bật|nổi bật|đọc nhiều|mới nhất|tin mới)\s+(?P<site>[^\W\d_].{0,40})$",
    re.IGNORECASE,
)
"""`Nổi bật Việt Báo`: a furniture heading that names the site."""

_DOMAIN = re.compile(
    r"(?<![\w@./-])(?P<domain>(?:[A-Za-z0-9-]+\.)+(?:vn|com|net|org|info|news))(?![\w.])",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\d{3,4}[ .]?\d{3}[ .]?\d{3}")

_ATTRIBUTION_BEFORE = re.compile(r"(?<!\w)(?:theo|dẫn lời|dẫn nguồn|dẫn)(?!\w)", re.IGNORECASE)
_ATTRIBUTION_AFTER = re.compile(
    r"(?:\s+của(?:\s+[^\s,.;:]+){1,3}?)?\s+(?:đã\s+|vừa\s+)?(?:đưa tin|cho biết|cho hay|thông báo"
    r"|xác nhận|công bố|tường thuật|khẳng định|nhận định|dẫn lời)(?!\w)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?\"“”()]")
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
class Detection:
    """What ingest found in one article; `None` where the article does not say."""

    headline: str | None
    date: dt.date | str | None
    """A day, or `YYYY-MM` when the article gives only the month."""
    date_precision: DatePrecision | None
    outlet: Printed | None
    captured_from: Printed | None
    author: Printed | None
    url: str | None
    cites: tuple[Printed, ...]
    credits: tuple[Credit, ...]
    language: str | None
    cuts: tuple[Cut, ...]
    paragraphs: tuple[Paragraph, ...]
    """The article text: what the cuts leave, exactly as the loader will compute it."""

    @property
    def body(self) -> str:
        """The article text for reading: paragraphs apart, run-together sentences spaced."""
        return "\n\n".join(readable(paragraph.text) for paragraph in self.paragraphs)


def readable(text: str) -> str:
    """The text with a space where a sentence runs into the next (`nhanh chóng. Theo`), as the
    site shows it; quotes are still matched against the text as printed."""
    for point in reversed(display_breaks(text)):
        text = f"{text[:point]} {text[point:]}"
    return text


def _words(text: str) -> list[str]:
    return text.split()


def _is_blank(line: str) -> bool:
    return not line.strip()


def _parse_iso(iso: str) -> tuple[dt.date | str, DatePrecision] | None:
    try:
        if len(iso) == len("2024-06"):
            dt.date.fromisoformat(f"{iso}-01")
            return iso, DatePrecision.month
        return dt.date.fromisoformat(iso), DatePrecision.day
    except ValueError:
        return None


def _parse_dmy(match: re.Match[str]) -> dt.date | None:
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _credit(line: str) -> tuple[Credit, int] | None:
    """The credit that ends `line`, and where it starts; `None` if the line ends otherwise."""
    match = _CREDIT.search(line.strip())
    if match is None:
        return None
    who = match["who"].strip()
    if not (who[0].isupper() or who[0].isdigit()):
        return None
    kind = "video" if match["label"].casefold() in {"video", "clip"} else "photo"
    credit = Credit(name=cited_name(who) or who, printed=match["printed"].strip(), kind=kind)
    return credit, match.start()


def _is_url_line(line: str) -> bool:
    return _URL.fullmatch(line.strip()) is not None


def _closing_theo(line: str) -> str | None:
    match = _CLOSING_THEO.match(line.strip())
    if match is None or len(_words(match["who"])) > 6:
        return None
    return match["who"].strip()


def _looks_like_headline(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 250
        and 3 <= len(_words(text)) <= 40
        and text[-1] not in ".,;:"
        and _credit(text) is None
        and _DATELINE.match(text) is None
        and _BYLINE.match(text) is None
        and not _is_url_line(text)
    )


def _next_nonblank(lines: list[str], index: int) -> int:
    while index < len(lines) and _is_blank(lines[index]):
        index += 1
    return index


def _caption_title(line: str) -> str | None:
    """A video or photo title run into the description after it, if there is one.

    A page copy prints a title without a stop, straight followed by its description: `Ông Putin
    và ông Kim đi cùng siêu xe … song phương Tổng thống Nga Vladimir Putin và …`. Taken as a title
    only when it has no punctuation or digits, ends in a lower-case word, is followed by a
    capitalised word opening a sentence (`Tổng thống`, not a name such as `Kim Jong`), and the
    sentence after it names again every person the title names.
    """
    indent = line[: len(line) - len(line.lstrip())]
    words = line.strip().split(" ")
    for size in range(5, min(21, len(words) - 1)):
        title, rest = words[:size], words[size:]
        if any(_CLAUSE_BREAK.search(word) or not word.isalpha() for word in title):
            return None
        first, after = rest[0], rest[1]
        if not (
            title[0][:1].isupper()
            and title[-1].islower()
            and first[:1].isupper()
            and (len(first) == 1 or first[1:].islower())
            and after.islower()
        ):
            continue
        names = {word for word in title[1:] if word[:1].isupper()}
        sentence = re.split(r"(?<=[.!?])\s", " ".join(rest[:200]), maxsplit=1)[0]
        if names and names <= set(re.findall(r"[\w-]+", sentence)) and sentence[-1] in ".!?":
            return indent + " ".join(title) + " "
    return None


def _furniture_like(line: str, headline: str | None) -> bool:
    """Whether a line inside a trailing block of site furniture is furniture too."""
    text = line.strip()
    letters = [char for char in text if char.isalpha()]
    return (
        not text
        or line[:1].isspace()
        or _SHORT_FURNITURE.match(text) is not None
        or _LONG_FURNITURE.match(text) is not None
        or _is_url_line(text)
        or _closing_theo(text) is not None
        or len(_words(text)) <= 8
        or text == headline
        or (bool(letters) and sum(char.isupper() for char in letters) >= 0.6 * len(letters))
        or "@" in text
        or "email" in text.casefold()
        or _PHONE.search(text) is not None
    )


def _opens_furniture(line: str) -> bool:
    text = line.strip()
    return (
        (_SHORT_FURNITURE.match(text) is not None and len(_words(text)) <= 6)
        or _LONG_FURNITURE.match(text) is not None
        or _is_url_line(text)
        or _closing_theo(text) is not None
    )


def _trailing_furniture(lines: list[str], start: int, headline: str | None) -> int | None:
    """The index where the site furniture after the article begins, if there is any.

    The block opens with a line such as `Bài liên quan`, `Đọc tiếp`, a bare URL or a closing
    `Theo …` line, and every line after it must look like furniture too, so a `Xem thêm` inside
    the article does not cut what follows it.
    """
    # rest_is_furniture[i]: every line from i to the end looks like furniture (one pass back).
    rest_is_furniture = [True] * (len(lines) + 1)
    for index in range(len(lines) - 1, start - 1, -1):
        rest_is_furniture[index] = rest_is_furniture[index + 1] and _furniture_like(
            lines[index], headline
        )
    seen_text = False
    for index in range(start, len(lines)):
        if _is_blank(lines[index]):
            continue
        if seen_text and rest_is_furniture[index + 1] and _opens_furniture(lines[index]):
            return index
        seen_text = True
    return None


def _site_in_furniture(lines: list[str]) -> Printed | None:
    """The site the copy was taken from, as its furniture names it (`VIETBAO.VN`)."""
    for line in lines:
        text = line.strip()
        if _closing_theo(text) is not None or _is_url_line(text):
            continue
        heading = _SITE_AFTER_FURNITURE.match(text)
        if heading is not None:
            site = heading["site"].strip()
            return Printed(name=outlet_name(site), printed=site)
        for match in _DOMAIN.finditer(text):
            return Printed(name=outlet_name(match["domain"]), printed=match["domain"])
    return None


@dataclass(frozen=True)
class _Mention:
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
    breaks = list(_CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() if breaks else 0 :]
    openers = list(_ATTRIBUTION_BEFORE.finditer(clause))
    if openers and len(_words(clause[openers[-1].end() :])) <= MAX_ATTRIBUTION_WORDS:
        return True
    return _ATTRIBUTION_AFTER.match(text, end) is not None


def _cited_in(text: str, line: int) -> list[_Mention]:
    return [
        _Mention(line, start, Printed(name=name, printed=text[start:end]))
        for start, end, name in _names_at(text)
        if _attributed(text, start, end)
    ]


def _agencies(line: int, printed: str) -> list[_Mention]:
    """The agencies of a byline's or a closing line's `Theo: Reuters` (or `Theo: Reuters, AFP`)."""
    match = _BYLINE_THEO.search(printed)
    if match is None:
        return []
    names = [name.strip() for name in re.split(r",|\s+và\s+|&", match["agencies"]) if name.strip()]
    if len(names) == 1:
        item = Printed(name=cited_name(names[0]) or names[0], printed=printed[match.start() :])
        return [_Mention(line, match.start(), item)]
    return [
        _Mention(line, match.start(), Printed(name=cited_name(name) or name, printed=name))
        for name in names
    ]


_LETTER = re.compile(r"[^\W\d_]")
_COMBINING = re.compile("[\u0300-\u036f]")


def _language(text: str) -> str | None:
    """`vi` when the letters carry Vietnamese marks, `en` for plain English, else unknown."""
    decomposed = unicodedata.normalize("NFD", text)
    letters = len(_LETTER.findall(decomposed))
    if not letters:
        return None
    marks = len(_COMBINING.findall(decomposed)) + text.count("đ") + text.count("Đ")
    if marks >= 0.05 * letters:
        return "vi"
    words = [word.strip(".,;:!?\"'()").casefold() for word in text.split()]
    common = {"the", "and", "of", "to", "in", "a", "is", "that", "for", "on", "with", "said"}
    if words and sum(word in common for word in words) >= 0.08 * len(words):
        return "en"
    return None


def _pick_url(text: str, outlet: Printed | None) -> str | None:
    """The article's own URL, if it prints one: a page on the outlet's site first."""
    urls = []
    for match in _URL.finditer(text):
        url = match.group().rstrip(_URL_TRAILING)
        if not _IMAGE_URL.search(url) and url not in urls:
            urls.append(url)
    if outlet is not None:
        site = outlet.printed.casefold().removeprefix("www.")
        for url in urls:
            host = re.sub(r"^https?://(?:www\.)?", "", url.casefold()).split("/")[0]
            if "." in site and host.endswith(site):
                return url
    return urls[0] if urls else None


def detect_article(text: str) -> Detection:
    """Detect everything a source record needs in a decoded raw article (see `decode_raw`)."""
    lines = text.split("\n")
    cuts: dict[int, Cut] = {}
    credits: list[Credit] = []
    mentions: list[_Mention] = []
    date: dt.date | str | None = None
    precision: DatePrecision | None = None
    headline: str | None = None
    outlet: Printed | None = None
    author: Printed | None = None

    def cut(index: int, role: CutRole, prefix: str | None = None, last: int | None = None) -> None:
        lines_spec = str(index + 1) if last is None or last == index else f"{index + 1}-{last + 1}"
        cuts[index] = Cut(lines=lines_spec, role=role, prefix=prefix)

    # The head: a marker, or a headline on its own; then a dateline or byline.
    index = _next_nonblank(lines, 0)
    if index < len(lines) and (marker := _MARKER.match(lines[index])) is not None:
        parsed = _parse_iso(marker["iso"])
        if parsed is not None:
            date, precision = parsed
            rest = lines[index][marker.end() :]
            found = _credit(rest)
            if not rest.strip() or (found is not None and found[1] == 0):
                # Nothing but the marker (and a credit): the whole line goes.
                cut(index, CutRole.marker)
                if found is not None:
                    credits.append(found[0])
            else:
                cut(index, CutRole.marker, prefix=marker["prefix"])
            index = _next_nonblank(lines, index + 1)
    elif index < len(lines) and _looks_like_headline(lines[index]):
        following = _next_nonblank(lines, index + 1)
        on_its_own = index + 1 < len(lines) and _is_blank(lines[index + 1])
        if following < len(lines) and on_its_own:
            headline = lines[index].strip()
            cut(index, CutRole.headline)
            index = following
    while index < len(lines):
        line = lines[index].strip()
        dateline = _DATELINE.match(line)
        byline = _BYLINE.match(line) if dateline is None else None
        stated = dateline or byline
        if stated is None or _parse_dmy(stated) is None:
            break
        if date is None:
            date, precision = _parse_dmy(stated), DatePrecision.day
        if byline is not None:
            cut(index, CutRole.byline)
            who = byline["who"]
            mentions += _agencies(index + 1, who)
            theo = _BYLINE_THEO.search(who)
            # The author's part of the byline as printed keeps the outlet and the role note
            # (`Kiều Anh/VOV.VN (biên dịch)`: she translated it), so a reader sees what she did.
            credited = (who[: theo.start()] if theo else who).strip()
            people = _ROLE_NOTE.sub("", credited).strip()
            if "/" in people:
                name, _, published_by = people.partition("/")
                if name.strip():
                    author = Printed(name=name.strip(), printed=credited)
                if published_by.strip():
                    outlet = Printed(name=outlet_name(published_by), printed=published_by.strip())
            elif people and is_outlet(people):
                outlet = Printed(name=outlet_name(people), printed=people)
            elif people:
                author = Printed(name=people, printed=credited)
        else:
            cut(index, CutRole.dateline)
        index = _next_nonblank(lines, index + 1)
    body_start = index

    # The tail: site furniture after the article, and the names it gives.
    last = len(lines) - 1
    while last >= 0 and _is_blank(lines[last]):
        last -= 1
    furniture = _trailing_furniture(lines, body_start, headline)
    site: Printed | None = None
    if furniture is not None:
        cut(furniture, CutRole.boilerplate, last=last)
        tail = lines[furniture : last + 1]
        site = _site_in_furniture(tail)
        for offset, line in enumerate(tail):
            who = _closing_theo(line)
            if who is None:
                continue
            if is_outlet(who) or cited_name(who) is None:
                if outlet is None:
                    outlet = Printed(name=outlet_name(who), printed=who)
            else:
                printed = line.strip().removeprefix("(").rstrip(".").removesuffix(")").strip()
                mentions += _agencies(furniture + offset + 1, printed)
    if outlet is None:
        outlet, captured_from = site, None
    elif site is not None and site.name != outlet.name:
        captured_from = site
    else:
        captured_from = None

    # The body: captions, and the titles run into the text.
    body_end = furniture if furniture is not None else len(lines)
    for index in range(body_start, body_end):
        line = lines[index]
        if index in cuts or _is_blank(line):
            continue
        found = _credit(line)
        if found is not None:
            cut(index, CutRole.caption)
            credits.append(found[0])
        elif _ALT_TEXT.match(line.strip()):
            cut(index, CutRole.caption)
        elif _caption_title(line) is not None:
            # A title run into its description is an embed's caption block: the description
            # repeats the story in the embed's words, so the whole line is cut, not the title.
            cut(index, CutRole.caption)

    ordered = tuple(cuts[index] for index in sorted(cuts))
    paragraphs, _, problems = cut_article(text, ordered)
    # Detection only makes cuts that fit the file; a problem here is a bug, not bad input.
    assert not problems, problems
    for paragraph in paragraphs:
        mentions += _cited_in(paragraph.text, paragraph.raw_line)
    mentions.sort(key=lambda mention: (mention.line, mention.offset))
    cites: dict[str, Printed] = {}
    for mention in mentions:
        cites.setdefault(mention.item.name, mention.item)
    unique_credits: dict[tuple[str, str], Credit] = {}
    for credit in credits:
        unique_credits.setdefault((credit.name, credit.kind), credit)
    article = "\n".join(paragraph.text for paragraph in paragraphs)
    return Detection(
        headline=headline,
        date=date,
        date_precision=precision,
        outlet=outlet,
        captured_from=captured_from,
        author=author,
        url=_pick_url(text, outlet),
        cites=tuple(cites.values()),
        credits=tuple(unique_credits.values()),
        language=_language(article),
        cuts=ordered,
        paragraphs=tuple(paragraphs),
    )


# The file side: read and check every path, choose ids and names, then write.

ARTICLES = "articles"
SOURCES = "sources"
UNDATED = "undated"
"""The date part of the id of an article whose date was not found."""


class Status(StrEnum):
    """What ingest does with one path."""

    new = "new"
    """A new raw article: copied, and a record written for it."""
    unchanged = "unchanged"
    """Already in the dossier (same SHA-256): nothing is written."""


@dataclass(frozen=True)
class Ingested:
    """One path given to `dossier ingest`: what was found in it and what is done with it."""

    path: str
    """The path as given on the command line."""
    source_id: str
    raw: str
    """The raw file's path relative to `site_src/` (`articles/x.txt`)."""
    raw_sha256: str
    detection: Detection
    status: Status
    data: bytes = field(repr=False)
    copy_raw: bool
    """Whether the raw file must be copied (it is not in `site_src/articles/` yet)."""
    notes: tuple[str, ...] = ()
    """Choices worth telling the editor (an id or a file name that was taken)."""

    @property
    def record_path(self) -> str:
        """The record's path relative to the project root."""
        return f"{SITE_SRC}/{SOURCES}/{self.source_id}.yml"


def source_id_for(detection: Detection, raw_sha256: str) -> str:
    """The source id rule: `<date>-<outlet>`, else `<date>-<headline>`, else `<date>-<sha8>`.

    The date is the publication date at its precision (`2024-06` for a month, `undated` when
    none was found); the rest is the python-slugify slug of the outlet's name, else of the
    headline's first words, else the first 8 hex digits of the raw file's SHA-256.
    """
    date = detection.date.isoformat() if isinstance(detection.date, dt.date) else detection.date
    for name, length in (
        (detection.outlet.name if detection.outlet else None, 0),
        (detection.headline, 40),
    ):
        slug = slugify(name, max_length=length, word_boundary=True) if name else ""
        if slug:
            return f"{date or UNDATED}-{slug}"
    return f"{date or UNDATED}-{raw_sha256[:8]}"


_RECORDED_DIGEST = re.compile(r"^raw_sha256:\s*[\"']?([0-9a-f]{64})\b", re.MULTILINE)


def _known_records(sources_dir: Path) -> dict[str, str | None]:
    """Existing records by id, with the SHA-256 each one records (None if unreadable).

    Only the `raw_sha256:` line is read, so a record the editor is still completing counts.
    """
    known: dict[str, str | None] = {}
    inside = content_folder(sources_dir.parent.parent)
    for path in content_files(sources_dir, "*.yml"):
        data, _ = read_limited(path, "the record", inside)
        found = _RECORDED_DIGEST.search(data.decode("utf-8", "replace")) if data else None
        known[path.stem] = found[1] if found else None
    return known


def _safe_name(path: Path, raw_sha256: str) -> str:
    """A file name for the copy: the original one when it is plain, else a slug of it."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", path.name):
        return path.name
    suffix = path.suffix.lower() if re.fullmatch(r"\.[a-z0-9]{1,8}", path.suffix.lower()) else ""
    return f"{slugify(path.stem) or raw_sha256[:8]}{suffix or '.txt'}"


def read_article(path: Path, shown: str) -> tuple[bytes, str] | Problem:
    """Read and decode one raw article, or say in one line why it cannot be ingested."""
    if path.is_dir():
        return Problem(shown, 1, "is a folder, not a raw article")
    data, refusal = read_limited(path, "the raw article")
    if data is None:
        return Problem(shown, 1, refusal or "the raw article cannot be read")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        return Problem(shown, line, "the raw article is binary (it holds NUL bytes), not text")
    try:
        return data, decode_article(data)
    except RawTextError as error:
        return Problem(shown, error.line, str(error))


class _Planner:
    """Chooses ids and file names for one ingest run, remembering the choices already made."""

    def __init__(self, root: Path) -> None:
        self.site_src = root / SITE_SRC
        self.records = _known_records(self.site_src / SOURCES)
        self.by_digest = {digest: id_ for id_, digest in self.records.items() if digest}
        self.ids: set[str] = set(self.records)
        self.names: set[str] = set()
        self._article_digests: dict[str, str] | None = None

    def article_digests(self) -> dict[str, str]:
        """The SHA-256 of every file already in `site_src/articles/`, by name (read once)."""
        if self._article_digests is None:
            folder = self.site_src / ARTICLES
            inside = content_folder(self.site_src.parent)
            self._article_digests = {}
            # Each file read as the loader reads it: a FIFO never blocks, a link out is not read.
            for path in content_files(folder, "*"):
                data, _ = read_limited(path, "the raw article", inside)
                if data is not None:
                    self._article_digests[path.name] = hashlib.sha256(data).hexdigest()
        return self._article_digests

    def raw_name(self, path: Path, digest: str) -> tuple[str, bool, list[str]]:
        """Where the raw file goes in `site_src/articles/`, whether to copy it, and notes."""
        folder = (self.site_src / ARTICLES).resolve()
        if path.resolve().parent == folder:
            return path.name, False, []
        for name, existing in self.article_digests().items():
            if existing == digest:
                return name, False, [f"the same file is already {SITE_SRC}/{ARTICLES}/{name}"]
        name = _safe_name(path, digest)
        if name in self.article_digests() or name in self.names:
            other = name
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-{digest[:8]}.{suffix}" if dot else f"{name}-{digest[:8]}"
            notes = [f"{SITE_SRC}/{ARTICLES}/{other} is another file; copied as {name}"]
        else:
            notes = []
        self.names.add(name)
        return name, True, notes

    def source_id(self, detection: Detection, digest: str) -> tuple[str | None, list[str]]:
        """A source id unique in the dossier; never the id of another file's record."""
        base = source_id_for(detection, digest)
        if base not in self.ids:
            self.ids.add(base)
            return base, []
        candidate = base if base.endswith(digest[:8]) else f"{base}-{digest[:8]}"
        if candidate in self.ids:
            return None, []
        self.ids.add(candidate)
        taken = f"{SITE_SRC}/{SOURCES}/{base}.yml"
        if base not in self.records:
            taken = "another article given in this run"
        return candidate, [f"the id {base} is taken by {taken}; this article is {candidate}"]


def plan_ingest(
    root: Path, paths: list[tuple[Path, str]], chosen_id: str | None = None
) -> tuple[list[Ingested], list[Problem]]:
    """Read, check and detect every path (given with the text to show for it); write nothing.

    An article already in the dossier (a record has its SHA-256) is `unchanged`. Problems are
    one per unusable path. `chosen_id` names the record of the one path given (`--id`); the
    caller has checked that it is a slug and that no record has it (`id_refusal`).
    """
    if not (root / SITE_SRC).is_dir():
        # Most likely the wrong folder: say so rather than start a new dossier in it.
        message = f"no content folder: {root / SITE_SRC} does not exist; use --root"
        return [], [Problem(SITE_SRC, 1, message)]
    planner = _Planner(root)
    planned: list[Ingested] = []
    problems: list[Problem] = []
    this_run: dict[str, Ingested] = {}
    for path, shown in paths:
        read = read_article(path, shown)
        if isinstance(read, Problem):
            problems.append(read)
            continue
        data, text = read
        digest = hashlib.sha256(data).hexdigest()
        detection = detect_article(text)
        earlier = this_run.get(digest)
        if digest in planner.by_digest or earlier is not None:
            if earlier is not None:
                source_id, raw = earlier.source_id, earlier.raw
                notes: tuple[str, ...] = (f"the same file as {earlier.path}",)
            else:
                source_id = planner.by_digest[digest]
                raw = _recorded_raw(planner.site_src / SOURCES / f"{source_id}.yml")
                notes = ()
            planned.append(
                Ingested(
                    shown, source_id, raw, digest, detection, Status.unchanged, data, False, notes
                )
            )
            continue
        new_id: str | None
        id_notes: list[str] = []
        if chosen_id is not None:
            new_id = chosen_id
        else:
            new_id, id_notes = planner.source_id(detection, digest)
        if new_id is None:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"no free source id: {source_id_for(detection, digest)} and its variant "
                    f"with {digest[:8]} are both taken by other articles",
                )
            )
            continue
        name, copy_raw, name_notes = planner.raw_name(path, digest)
        item = Ingested(
            shown,
            new_id,
            f"{ARTICLES}/{name}",
            digest,
            detection,
            Status.new,
            data,
            copy_raw,
            tuple(name_notes + id_notes),
        )
        this_run[digest] = item
        planned.append(item)
    return planned, problems


MAX_ID_LENGTH = 120
"""The longest id the content model takes (`builder.content.models.Id`)."""


def id_refusal(root: Path, source_id: str, paths: int) -> tuple[str, int] | None:
    """Why `--id` cannot name the record, with the exit status (2 for a wrong command line);
    None when it can: one path, a slug, and no record of that id yet."""
    if paths != 1:
        return f"--id names one record; give one PATH, not {paths}", 2
    if not source_id or slugify(source_id) != source_id:
        suggestion = slugify(source_id) or "a name in letters and digits"
        return (
            f"source id {source_id!r} is not a slug: use lower-case letters, digits and '-' "
            f"only, such as {suggestion!r}",
            2,
        )
    if len(source_id) > MAX_ID_LENGTH:
        return (
            f"source id {source_id[:40]!r}… is {len(source_id)} characters long; an id has at "
            f"most {MAX_ID_LENGTH}",
            2,
        )
    record = f"{SITE_SRC}/{SOURCES}/{source_id}.yml"
    if os.path.lexists(root / record):
        return f"source id {source_id!r} is taken by {record}; give another with --id", 1
    return None


def _recorded_raw(record_path: Path) -> str:
    text, _ = read_limited(
        record_path, "the record", content_folder(record_path.parent.parent.parent)
    )
    try:
        data = yaml.safe_load(text.decode("utf-8")) if text is not None else None
    except (UnicodeDecodeError, yaml.YAMLError):
        data = None
    return str(data.get("raw", "")) if isinstance(data, dict) else ""


def write_ingest(root: Path, planned: list[Ingested]) -> list[str]:
    """Copy the new raw files and write their records; never replace an existing file.

    Returns the paths written, relative to the root.
    """
    written: list[str] = []
    for item in planned:
        if item.status is not Status.new:
            continue
        # Each file whole or not at all (`write_new_file`): the raw file first, so that a
        # record never names a raw file that is not there.
        if item.copy_raw:
            write_new_file(root / SITE_SRC / item.raw, item.data)
            written.append(f"{SITE_SRC}/{item.raw}")
        write_new_file(root / item.record_path, render_record(item).encode("utf-8"))
        written.append(item.record_path)
    return written


# Output: the record as YAML, and the detection as JSON.


_YAML_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff]")
"""Characters YAML refuses in a file or reads as line breaks: escaped inside quotes."""


def _quoted(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar; JSON already escapes the C0 controls.
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _scalar(value: str) -> str:
    """A YAML scalar for `value`: plain when YAML reads it back unchanged, else quoted."""
    plain = (
        value.isprintable()
        and value == value.strip()
        and re.fullmatch(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*", value) is not None
        and ": " not in value
        and not value.endswith(":")
    )
    if plain:
        try:
            plain = yaml.safe_load(value) == value
        except yaml.YAMLError:
            plain = False
    return value if plain else _quoted(value)


def _printed_yaml(key: str, value: Printed | None, review: str) -> list[str]:
    if value is None:
        return [f"{key}: null  # REVIEW: {review}"]
    return [
        f"{key}:  # REVIEW: {review}",
        f"  name: {_scalar(value.name)}",
        f"  printed: {_scalar(value.printed)}",
    ]


def render_record(item: Ingested) -> str:
    """The source record YAML for the editor to review, fields in the order of the schema."""
    found = item.detection
    if isinstance(found.date, dt.date):
        date = found.date.isoformat()
    else:
        date = _quoted(found.date) if found.date else "null"
    lines = [
        "# Written by `dossier ingest`. Review every line marked REVIEW against the raw",
        f"# article (`cat -n {SITE_SRC}/{item.raw}`), then run `dossier check`.",
        f"raw: {_scalar(item.raw)}",
        f"raw_sha256: {item.raw_sha256}",
        f"language: {found.language or 'null'}  # REVIEW: BCP 47 tag of the article text",
        "rights: excerpts",
        f"headline: {_quoted(found.headline) if found.headline else 'null'}"
        "  # REVIEW: as printed, or null when the article has none",
        "editorial_title: null  # REVIEW: write our own short English title",
        *_printed_yaml("outlet", found.outlet, "who published it; name is ours, printed is theirs"),
        *_printed_yaml("captured_from", found.captured_from, "the site the copy came from"),
        *_printed_yaml("author", found.author, "as the byline prints it"),
        f"date: {date}  # REVIEW: publication date as printed (YYYY-MM-DD, or YYYY-MM)",
        f"url: {_scalar(found.url) if found.url else 'null'}"
        "  # REVIEW: only a URL the article prints",
    ]
    lines.append(
        f"cites:{' []' if not found.cites else ''}  # REVIEW: who the article cites for its words"
    )
    for cited in found.cites:
        lines += [f"  - name: {_scalar(cited.name)}", f"    printed: {_scalar(cited.printed)}"]
    lines.append(f"credits:{' []' if not found.credits else ''}  # REVIEW: photo and video credits")
    for credit in found.credits:
        lines += [
            f"  - name: {_scalar(credit.name)}",
            f"    printed: {_scalar(credit.printed)}",
            f"    kind: {credit.kind}",
        ]
    lines.append(f"cuts:{' []' if not found.cuts else ''}  # REVIEW: line numbers of the raw file")
    for cut in found.cuts:
        prefix = f", prefix: {_quoted(cut.prefix)}" if cut.prefix is not None else ""
        lines.append(f'  - {{lines: "{cut.lines}", role: {cut.role.value}{prefix}}}')
    return "\n".join(lines) + "\n"


def _printed_json(value: Printed | None) -> dict[str, str] | None:
    return None if value is None else {"name": value.name, "printed": value.printed}


def ingested_json(item: Ingested) -> dict[str, Any]:
    """The detected record of one path as a JSON object (`null` for what was not found)."""
    found = item.detection
    date = found.date.isoformat() if isinstance(found.date, dt.date) else found.date
    # The fields of the YAML record (`render_record`) under the same names, and about the run:
    # the path given, its status, the record's path, the id and the article text.
    return {
        "path": item.path,
        "status": item.status.value,
        "id": item.source_id,
        "record": item.record_path,
        "raw": item.raw,
        "raw_sha256": item.raw_sha256,
        "language": found.language,
        "rights": "excerpts",
        "headline": found.headline,
        "editorial_title": None,
        "date": date,
        "date_precision": found.date_precision.value if found.date_precision else None,
        "outlet": _printed_json(found.outlet),
        "captured_from": _printed_json(found.captured_from),
        "author": _printed_json(found.author),
        "url": found.url,
        "cites": [_printed_json(cited) for cited in found.cites],
        "credits": [
            {"name": credit.name, "printed": credit.printed, "kind": credit.kind}
            for credit in found.credits
        ],
        "cuts": [cut.model_dump(mode="json", exclude_none=True) for cut in found.cuts],
        "body": found.body,
    }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _named(value: Printed | None) -> str:
    if value is None:
        return "not found"
    return value.name if value.name == value.printed else f"{value.name} ({value.printed!r})"


def describe(item: Ingested) -> list[str]:
    """What was found in one article, a line a field, for the editor to read."""
    found = item.detection
    date: str | None = found.date.isoformat() if isinstance(found.date, dt.date) else found.date
    shown_date = f"{date} ({found.date_precision.value})" if date and found.date_precision else None
    return [
        f"  title: {found.headline or 'not found'}",
        f"  date: {shown_date or 'not found'}",
        f"  outlet: {_named(found.outlet)}; captured from: {_named(found.captured_from)}",
        f"  author: {_named(found.author)}",
        f"  url: {found.url or 'not found'}",
        f"  cites: {', '.join(_named(cited) for cited in found.cites) or 'none found'}",
        "  credits: "
        + (", ".join(f"{credit.name} ({credit.kind})" for credit in found.credits) or "none found"),
        f"  language: {found.language or 'not found'}",
        f"  article text: {_count(len(found.paragraphs), 'paragraph')} after "
        f"{_count(len(found.cuts), 'cut')}",
    ]


def report(item: Ingested, dry_run: bool) -> list[str]:
    """What ingest did (or, in a dry run, would do) with one path, for the editor to read."""
    if item.status is Status.unchanged:
        where = f"; {item.notes[0]}" if item.notes else ""
        return [
            f"{item.path}: already in the dossier as source {item.source_id} "
            f"(same SHA-256{where}); nothing changed"
        ]
    verb = "would write" if dry_run else "wrote"
    lines = [f"{item.path}: new source {item.source_id}"]
    if item.copy_raw:
        lines.append(
            f"  {verb} {SITE_SRC}/{item.raw} (the file unchanged, SHA-256 {item.raw_sha256})"
        )
    else:
        lines.append(f"  raw article: {SITE_SRC}/{item.raw} (SHA-256 {item.raw_sha256})")
    lines.append(f"  {verb} {item.record_path}: review the lines marked REVIEW")
    lines += [f"  note: {note}" for note in item.notes]
    return lines + describe(item)


def summary(planned: list[Ingested], dry_run: bool) -> str:
    """The last line of the report: how many articles were new, and what to do next."""
    new = sum(1 for item in planned if item.status is Status.new)
    counts = f"dossier ingest: {new} new, {len(planned) - new} already in the dossier"
    if dry_run:
        return f"{counts}; dry run: nothing was written"
    if new:
        return f"{counts}; review the new records, then run `dossier check`"
    return f"{counts}; nothing was written"
