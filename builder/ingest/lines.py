"""The shapes of a raw article's lines: a date marker, a dateline, a byline, a credit, a caption,
a headline, and the site furniture after the article, as the seeds print them.

Pure functions of the text; `builder.ingest.detect` decides what each line found here becomes.
"""

from __future__ import annotations

import re

from builder.content.models import Credit, Printed
from builder.ingest.names import cited_name, outlet_name

# Shapes of the text, as the seeds print them.

MARKER = re.compile(r"^(?P<prefix>[ \t]*date[ \t]+(?P<iso>\d{4}-\d{2}(?:-\d{2})?)(?:[ \t]+|$))")
"""A capture tool's leading ` date 2025-09-03 ` (or ` date 2024-06 `) marker."""

_DATE = r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)"
DATELINE = re.compile(
    rf"^(?:{_WEEKDAY}\s*,?\s*)?(?:{_TIME}\s*,?\s*)?{_DATE}(?:\s*[,-]?\s*{_TIME})?"
    r"(?:\s*\(?GMT\s*[+-]\s*\d{1,2}\)?)?$",
    re.IGNORECASE,
)
"""A line that is only a date, maybe with a weekday and a time: `13/09/2023 22:04`."""

BYLINE = re.compile(rf"^(?P<who>[^|]{{2,200}}?)\s*[|•·]\s*{_DATE}(?:\s*,?\s*{_TIME})?$")
"""`Kiều Anh/VOV.VN (biên dịch) Theo: Reuters| 03/09/2025 17:54`."""

BYLINE_THEO = re.compile(r"(?<!\w)Theo\s*:?\s+(?P<agencies>\S.*)$")
ROLE_NOTE = re.compile(r"\s*\([^)]*\)")
"""A byline's `(biên dịch)`, `(tổng hợp)`: what the author did, not a name."""

_CREDIT = re.compile(
    r"(?:^|(?<=[\s.!?…]))\(?(?P<printed>(?P<label>ảnh|video|clip|đồ họa|photo|nguồn ảnh)"
    r"\s*:\s*(?P<who>[^:()]{1,60}?))\.?\)?$",
    re.IGNORECASE,
)
"""A photo or video credit ending a line: `… Ảnh: Sputnik`, `Photo : YONHAP News`."""

ALT_TEXT = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+){3,}$")
"""An image's alt text as a page copy prints it: the words without diacritics, lower case."""

URL = re.compile(r"https?://[^\s<>\"“”]+", re.IGNORECASE)
URL_TRAILING = ".,;:!?)]}'’”»"
IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|svg)(?:\?|$)", re.IGNORECASE)

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

CLAUSE_BREAK = re.compile(r"[,.;:!?\"“”()]")


def split_words(text: str) -> list[str]:
    return text.split()


def is_blank(line: str) -> bool:
    return not line.strip()


def ending_credit(line: str) -> tuple[Credit, int] | None:
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


def is_url_line(line: str) -> bool:
    return URL.fullmatch(line.strip()) is not None


def closing_theo(line: str) -> str | None:
    match = _CLOSING_THEO.match(line.strip())
    if match is None or len(split_words(match["who"])) > 6:
        return None
    return match["who"].strip()


def looks_like_headline(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and len(text) <= 250
        and 3 <= len(split_words(text)) <= 40
        and text[-1] not in ".,;:"
        and ending_credit(text) is None
        and DATELINE.match(text) is None
        and BYLINE.match(text) is None
        and not is_url_line(text)
    )


def next_nonblank(lines: list[str], index: int) -> int:
    while index < len(lines) and is_blank(lines[index]):
        index += 1
    return index


def caption_title(line: str) -> str | None:
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
        if any(CLAUSE_BREAK.search(word) or not word.isalpha() for word in title):
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
        or is_url_line(text)
        or closing_theo(text) is not None
        or len(split_words(text)) <= 8
        or text == headline
        or (bool(letters) and sum(char.isupper() for char in letters) >= 0.6 * len(letters))
        or "@" in text
        or "email" in text.casefold()
        or _PHONE.search(text) is not None
    )


def _opens_furniture(line: str) -> bool:
    text = line.strip()
    return (
        (_SHORT_FURNITURE.match(text) is not None and len(split_words(text)) <= 6)
        or _LONG_FURNITURE.match(text) is not None
        or is_url_line(text)
        or closing_theo(text) is not None
    )


def trailing_furniture(lines: list[str], start: int, headline: str | None) -> int | None:
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
        if is_blank(lines[index]):
            continue
        if seen_text and rest_is_furniture[index + 1] and _opens_furniture(lines[index]):
            return index
        seen_text = True
    return None


def site_in_furniture(lines: list[str]) -> Printed | None:
    """The site the copy was taken from, as its furniture names it (`VIETBAO.VN`)."""
    for line in lines:
        text = line.strip()
        if closing_theo(text) is not None or is_url_line(text):
            continue
        heading = _SITE_AFTER_FURNITURE.match(text)
        if heading is not None:
            site = heading["site"].strip()
            return Printed(name=outlet_name(site), printed=site)
        for match in _DOMAIN.finditer(text):
            return Printed(name=outlet_name(match["domain"]), printed=match["domain"])
    return None
