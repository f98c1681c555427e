"""Names the ingest stage recognises: news outlets, and the agencies and institutions articles cite.

Plain data. An outlet or agency missing here is still detected from where it is printed (a byline,
a closing "Theo …" line, site furniture, "hãng tin X"); the tables only give it the name the
dossier shows and tell an outlet from an agency. Add to them when a new name turns up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OUTLETS: dict[str, str] = {
    # key: a site's domain label or its name as printed, case-folded → the name the dossier shows
    "vov": "VOV",
    "đài tiếng nói việt nam": "VOV",
    "vietbao": "Việt Báo",
    "việt báo": "Việt Báo",
    "vnexpress": "VnExpress",
    "tuoitre": "Tuổi Trẻ",
    "tuổi trẻ": "Tuổi Trẻ",
    "thanhnien": "Thanh Niên",
    "thanh niên": "Thanh Niên",
    "dantri": "Dân trí",
    "dân trí": "Dân trí",
    "vietnamplus": "VietnamPlus",
    "vietnamnet": "VietNamNet",
    "znews": "Znews",
    "zingnews": "Znews",
    "baoquocte": "Báo Quốc tế",
    "vtv": "VTV",
    "vtc": "VTC News",
    "nld": "Người Lao Động",
    "người lao động": "Người Lao Động",
    "laodong": "Lao Động",
    "tienphong": "Tiền Phong",
    "tiền phong": "Tiền Phong",
    "nhandan": "Nhân Dân",
    "qdnd": "Quân đội nhân dân",
    "cand": "Công an nhân dân",
    "baomoi": "Báo Mới",
    "báo mới": "Báo Mới",
    "kenh14": "Kenh14",
    "soha": "Soha",
    "24h": "24h",
}


@dataclass(frozen=True)
class Cited:
    """An agency, outlet, institution or kind of media that articles cite for their words."""

    name: str
    """The name the dossier shows, in English."""
    printed: tuple[str, ...]
    """The ways an article prints it, longest first where one starts another."""
    pattern: re.Pattern[str]
    """The printed forms as one pattern."""


def _cited(name: str, *printed: str) -> Cited:
    # Acronyms (CNN, AP) must match as printed; phrases in any case, as they may open a sentence.
    forms = "|".join(
        re.escape(form) if form.isupper() else f"(?i:{re.escape(form)})" for form in printed
    )
    return Cited(name, printed, re.compile(rf"(?<!\w)(?:{forms})(?!\w)"))


CITED: tuple[Cited, ...] = (
    _cited("Reuters", "Reuters"),
    _cited("AFP", "AFP"),
    _cited("AP", "AP"),
    _cited("TASS", "TASS", "Tass"),
    _cited("RIA Novosti", "RIA Novosti", "RIA"),
    _cited("Interfax", "Interfax"),
    _cited("Sputnik", "Sputnik"),
    _cited("Yonhap News", "Yonhap News", "YONHAP News"),
    _cited("Yonhap", "Yonhap", "YONHAP"),
    _cited(
        "KCNA", "KCNA", "Thông tấn xã Trung ương Triều Tiên", "hãng thông tấn Trung ương Triều Tiên"
    ),
    _cited("Xinhua", "Tân Hoa Xã", "Xinhua"),
    _cited("Vietnam News Agency", "TTXVN", "Thông tấn xã Việt Nam"),
    _cited("CNN", "CNN"),
    _cited("BBC", "BBC"),
    _cited("NHK", "NHK"),
    _cited("Kyodo", "Kyodo"),
    _cited("Bloomberg", "Bloomberg"),
    _cited("Al Jazeera", "Al Jazeera"),
    _cited("CCTV", "CCTV"),
    _cited("Global Times", "Thời báo Hoàn Cầu", "Global Times"),
    _cited("Russia 1", "Russia 1", "Rossiya 1"),
    _cited("RT", "RT"),
    _cited("The Kremlin", "Điện Kremlin", "Kremlin"),
    _cited("The White House", "Nhà Trắng"),
    _cited("Russian state media", "truyền thông nhà nước Nga"),
    _cited("North Korean state media", "truyền thông nhà nước Triều Tiên"),
    _cited("Chinese state media", "truyền thông nhà nước Trung Quốc"),
    _cited("Russian media", "truyền thông Nga"),
    _cited("North Korean media", "truyền thông Triều Tiên"),
    _cited("Chinese media", "truyền thông Trung Quốc"),
    _cited("International media", "truyền thông quốc tế"),
    _cited("Local media", "truyền thông địa phương"),
)


_WORD = re.compile(r"\w+")


def _by_first_word() -> dict[str, list[Cited]]:
    """The names of `CITED` by the first word of each printed form (case-folded), in order."""
    index: dict[str, list[Cited]] = {}
    for cited in CITED:
        for form in cited.printed:
            starters = index.setdefault(form.split(" ")[0].casefold(), [])
            if cited not in starters:
                starters.append(cited)
    return index


_BY_FIRST_WORD = _by_first_word()


def find_cited(text: str) -> list[tuple[int, int, str]]:
    """Every name of `CITED` in `text`: (start, end, dossier name), in order.

    Only words that can start a name are tried (a scan of the words, not of every character),
    and where two names start at one word the first listed wins (`Yonhap News` over `Yonhap`).
    """
    found: list[tuple[int, int, str]] = []
    end = 0
    for word in _WORD.finditer(text):
        if word.start() < end:
            continue
        for cited in _BY_FIRST_WORD.get(word.group().casefold(), ()):
            hit = cited.pattern.match(text, word.start())
            if hit is not None:
                found.append((hit.start(), hit.end(), cited.name))
                end = hit.end()
                break
    return found


def outlet_name(printed: str) -> str:
    """The name the dossier shows for an outlet printed as `printed` (`VOV.VN` → `VOV`)."""
    key = printed.strip().casefold()
    if key in OUTLETS:
        return OUTLETS[key]
    if re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", key):
        label = key.removeprefix("www.").split(".")[0]
        # An unknown site is shown as printed, without its top-level domain (`ABC.VN` → `ABC`).
        return OUTLETS.get(label, printed.strip().removeprefix("www.").split(".")[0])
    return printed.strip()


def is_outlet(printed: str) -> bool:
    """Whether `printed` names a news site (a known outlet or a domain) rather than an agency."""
    key = printed.strip().casefold()
    return key in OUTLETS or re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", key) is not None


def cited_name(printed: str) -> str | None:
    """The dossier's name for a cited agency printed exactly as `printed`, if it is known."""
    for cited in CITED:
        if cited.pattern.fullmatch(printed.strip()):
            return cited.name
    return None
