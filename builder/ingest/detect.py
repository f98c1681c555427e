"""Detection: what a raw article as received says about itself, for its source record.

`detect_article` is pure: it reads the decoded text and finds the headline, the date, the byline,
the outlet and the site the copy came from, the agencies cited, the credits, the URL and the
language, and everything that is not article text. It never edits the text: what is not article
text becomes a cut, so the loader computes the article text from the raw file exactly as it does
for a record written by hand.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from builder.content.models import Credit, Cut, CutRole, DatePrecision, Paragraph, Printed
from builder.content.text import cut_article, display_breaks
from builder.ingest.cites import Mention, cited_in, theo_agencies
from builder.ingest.lines import (
    ALT_TEXT,
    BYLINE,
    BYLINE_THEO,
    DATELINE,
    IMAGE_URL,
    MARKER,
    ROLE_NOTE,
    URL,
    URL_TRAILING,
    caption_title,
    closing_theo,
    ending_credit,
    is_blank,
    looks_like_headline,
    next_nonblank,
    site_in_furniture,
    trailing_furniture,
)
from builder.ingest.names import cited_name, is_outlet, outlet_name


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
    for match in URL.finditer(text):
        url = match.group().rstrip(URL_TRAILING)
        if not IMAGE_URL.search(url) and url not in urls:
            urls.append(url)
    if outlet is not None:
        site = outlet.printed.casefold().removeprefix("www.")
        for url in urls:
            host = re.sub(r"^https?://(?:www\.)?", "", url.casefold()).split("/")[0]
            if "." in site and host.endswith(site):
                return url
    return urls[0] if urls else None


@dataclass
class _Found:
    """What detection has found so far in the lines of one article."""

    lines: list[str]
    cuts: dict[int, Cut] = field(default_factory=dict)
    credits: list[Credit] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    date: dt.date | str | None = None
    precision: DatePrecision | None = None
    headline: str | None = None
    outlet: Printed | None = None
    author: Printed | None = None

    def cut(
        self, index: int, role: CutRole, prefix: str | None = None, last: int | None = None
    ) -> None:
        """Cut line `index` (to line `last`) as `role`, keeping `prefix` when only it goes."""
        lines_spec = str(index + 1) if last is None or last == index else f"{index + 1}-{last + 1}"
        self.cuts[index] = Cut(lines=lines_spec, role=role, prefix=prefix)


def detect_article(text: str) -> Detection:
    """Detect everything a source record needs in a decoded raw article (see `decode_raw`)."""
    found = _Found(text.split("\n"))
    body_start = _read_dates(found, _read_head(found))
    furniture, captured_from = _read_tail(found, body_start)
    _read_captions(found, body_start, furniture if furniture is not None else len(found.lines))
    ordered = tuple(found.cuts[index] for index in sorted(found.cuts))
    paragraphs, _, problems = cut_article(text, ordered)
    # Detection only makes cuts that fit the file; a problem here is a bug, not bad input.
    assert not problems, problems
    mentions = list(found.mentions)
    for paragraph in paragraphs:
        mentions += cited_in(paragraph.text, paragraph.raw_line)
    mentions.sort(key=lambda mention: (mention.line, mention.offset))
    cites: dict[str, Printed] = {}
    for mention in mentions:
        cites.setdefault(mention.item.name, mention.item)
    unique_credits: dict[tuple[str, str], Credit] = {}
    for credit in found.credits:
        unique_credits.setdefault((credit.name, credit.kind), credit)
    article = "\n".join(paragraph.text for paragraph in paragraphs)
    return Detection(
        headline=found.headline,
        date=found.date,
        date_precision=found.precision,
        outlet=found.outlet,
        captured_from=captured_from,
        author=found.author,
        url=_pick_url(text, found.outlet),
        cites=tuple(cites.values()),
        credits=tuple(unique_credits.values()),
        language=_language(article),
        cuts=ordered,
        paragraphs=tuple(paragraphs),
    )


def _read_head(found: _Found) -> int:
    """The head: a date marker, or a headline on its own line. Returns the next line's index."""
    lines = found.lines
    index = next_nonblank(lines, 0)
    if index < len(lines) and (marker := MARKER.match(lines[index])) is not None:
        parsed = _parse_iso(marker["iso"])
        if parsed is not None:
            found.date, found.precision = parsed
            rest = lines[index][marker.end() :]
            credit = ending_credit(rest)
            if not rest.strip() or (credit is not None and credit[1] == 0):
                # Nothing but the marker (and a credit): the whole line goes.
                found.cut(index, CutRole.marker)
                if credit is not None:
                    found.credits.append(credit[0])
            else:
                found.cut(index, CutRole.marker, prefix=marker["prefix"])
            index = next_nonblank(lines, index + 1)
    elif index < len(lines) and looks_like_headline(lines[index]):
        following = next_nonblank(lines, index + 1)
        on_its_own = index + 1 < len(lines) and is_blank(lines[index + 1])
        if following < len(lines) and on_its_own:
            found.headline = lines[index].strip()
            found.cut(index, CutRole.headline)
            index = following
    return index


def _read_dates(found: _Found, index: int) -> int:
    """The datelines and bylines from line `index` on. Returns where the article text starts."""
    lines = found.lines
    while index < len(lines):
        line = lines[index].strip()
        dateline = DATELINE.match(line)
        byline = BYLINE.match(line) if dateline is None else None
        stated = dateline or byline
        if stated is None or _parse_dmy(stated) is None:
            break
        if found.date is None:
            found.date, found.precision = _parse_dmy(stated), DatePrecision.day
        if byline is not None:
            found.cut(index, CutRole.byline)
            _read_byline(found, index, byline["who"])
        else:
            found.cut(index, CutRole.dateline)
        index = next_nonblank(lines, index + 1)
    return index


def _read_byline(found: _Found, index: int, who: str) -> None:
    """The author, the outlet and the agencies a byline names (`Kiều Anh/VOV.VN Theo: Reuters`)."""
    found.mentions += theo_agencies(index + 1, who)
    theo = BYLINE_THEO.search(who)
    # The author's part of the byline as printed keeps the outlet and the role note
    # (`Kiều Anh/VOV.VN (biên dịch)`: she translated it), so a reader sees what she did.
    credited = (who[: theo.start()] if theo else who).strip()
    people = ROLE_NOTE.sub("", credited).strip()
    if "/" in people:
        name, _, published_by = people.partition("/")
        if name.strip():
            found.author = Printed(name=name.strip(), printed=credited)
        if published_by.strip():
            found.outlet = Printed(name=outlet_name(published_by), printed=published_by.strip())
    elif people and is_outlet(people):
        found.outlet = Printed(name=outlet_name(people), printed=people)
    elif people:
        found.author = Printed(name=people, printed=credited)


def _read_tail(found: _Found, body_start: int) -> tuple[int | None, Printed | None]:
    """The site furniture after the article, and the names it gives: where it starts (if there
    is any) and the site the copy came from when that is not the outlet."""
    lines = found.lines
    last = len(lines) - 1
    while last >= 0 and is_blank(lines[last]):
        last -= 1
    furniture = trailing_furniture(lines, body_start, found.headline)
    site: Printed | None = None
    if furniture is not None:
        found.cut(furniture, CutRole.boilerplate, last=last)
        tail = lines[furniture : last + 1]
        site = site_in_furniture(tail)
        for offset, line in enumerate(tail):
            who = closing_theo(line)
            if who is None:
                continue
            if is_outlet(who) or cited_name(who) is None:
                if found.outlet is None:
                    found.outlet = Printed(name=outlet_name(who), printed=who)
            else:
                printed = line.strip().removeprefix("(").rstrip(".").removesuffix(")").strip()
                found.mentions += theo_agencies(furniture + offset + 1, printed)
    if found.outlet is None:
        found.outlet = site
        return furniture, None
    if site is not None and site.name != found.outlet.name:
        return furniture, site
    return furniture, None


def _read_captions(found: _Found, body_start: int, body_end: int) -> None:
    """The body: captions, and the titles run into the text."""
    for index in range(body_start, body_end):
        line = found.lines[index]
        if index in found.cuts or is_blank(line):
            continue
        credit = ending_credit(line)
        if credit is not None:
            found.cut(index, CutRole.caption)
            found.credits.append(credit[0])
        elif ALT_TEXT.match(line.strip()):
            found.cut(index, CutRole.caption)
        elif caption_title(line) is not None:
            # A title run into its description is an embed's caption block: the description
            # repeats the story in the embed's words, so the whole line is cut, not the title.
            found.cut(index, CutRole.caption)
