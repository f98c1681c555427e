"""Nothing invented, strictly: a source record's printed values, headline, date and URL, and a
meeting's place and date, must be whole words, a whole date and a whole address of the article.

Each case edits the tiny project and runs `dossier check`, asserting the exact messages."""

from __future__ import annotations

import random
import unicodedata
from urllib.parse import urlsplit

import pytest
from slugify import slugify

from builder.content.printed import is_slug, is_web_address
from tests.conftest import ARTICLE_ONE, ARTICLE_TWO, Project, sha256
from tests.test_error_corpus import edit

SOURCE = "site_src/sources/2024-01-05-bao-mau.yml"
SOURCE_TWO = "site_src/sources/2023-05-an-visits-da-nang.yml"
MEETING = "site_src/meetings/2024-01-05-hanoi.md"
MEETING_TWO = "site_src/meetings/2023-05-20-da-nang.md"


def rewrite_article(project: Project, which: int, old: str, new: str) -> None:
    """Change the words of article one or two and record the new SHA-256, so only the words
    differ."""
    article, record = (ARTICLE_ONE, SOURCE) if which == 1 else (ARTICLE_TWO, SOURCE_TWO)
    assert old in article
    changed = article.replace(old, new, 1)
    project.write(f"site_src/articles/{'one' if which == 1 else 'two'}.txt", changed)
    edit(project, record, sha256(article), sha256(changed))


def problems(project: Project, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problems `dossier check` reports (an empty list when it passes)."""
    result = project.run("check", capsys=capsys)
    assert "Traceback" not in result.err
    if result.status == 0:
        assert result.err == ""
        return []
    assert result.status == 1
    lines = result.err.splitlines()
    count = len(lines) - 1
    assert lines[-1] == (
        f"dossier: {count} problem{'s' if count != 1 else ''} found; nothing was written"
    )
    return lines[:-1]


def test_the_tiny_project_passes(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    assert problems(project, capsys) == []


# Printed values: at least one word, and whole words of the article.

NO_WORD = "holds no word: give the words as the raw article prints them (at least one word of two or more letters or digits)"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("printed: Báo Mẫu}", 'printed: " "}', f"9: outlet: ' ' {NO_WORD}"),
        ("printed: Báo Mẫu}", 'printed: ":"}', f"9: outlet: ':' {NO_WORD}"),
        ("printed: Báo Mẫu}", "printed: n}", f"9: outlet: 'n' {NO_WORD}"),
        ("printed: Báo Mẫu}", "printed: '|'}", f"9: outlet: '|' {NO_WORD}"),
        ("printed: Báo Mẫu}", "printed: 'a /'}", f"9: outlet: 'a /' {NO_WORD}"),
        ("printed: Báo Mẫu}", 'printed: "\\u00a0"}', f"9: outlet: '\\xa0' {NO_WORD}"),
        ("printed: Báo Mẫu}", "printed: '0'}", f"9: outlet: '0' {NO_WORD}"),
        (
            "printed: Báo Mẫu}",
            "printed: Báo Mẫ}",
            "9: outlet: 'Báo Mẫ' is not printed in the raw article as whole words (only inside "
            "longer words)",
        ),
        (
            "printed: Báo Mẫu}",
            "printed: áo Mẫu}",
            "9: outlet: 'áo Mẫu' is not printed in the raw article as whole words (only inside "
            "longer words)",
        ),
        (
            "printed: Báo Mẫu}",
            "printed: Báo Mới}",
            "9: outlet: 'Báo Mới' is not printed in the raw article",
        ),
        (
            "printed: Nguyễn Văn A}",
            "printed: Nguyễn Vă}",
            "10: author: 'Nguyễn Vă' is not printed in the raw article as whole words (only "
            "inside longer words)",
        ),
        (
            "printed: Reuters}",
            "printed: Reuter}",
            "12: cites.0: 'Reuter' is not printed in the raw article as whole words (only inside "
            "longer words)",
        ),
        (
            'printed: "Ảnh: Reuters"',
            'printed: "nh: Reuters"',
            "14: credits.0: 'nh: Reuters' is not printed in the raw article as whole words (only "
            "inside longer words)",
        ),
        ('printed: "Ảnh: Reuters"', 'printed: ": "', f"14: credits.0: ': ' {NO_WORD}"),
        (
            "headline: 'Hai lãnh đạo gặp nhau tại Hà Nội'",
            "headline: 'Hai lãnh đạo gặp nhau tại Hà Nộ'",
            "5: headline is not printed in the raw article as whole words (only inside longer "
            "words)",
        ),
        ("headline: 'Hai lãnh đạo gặp nhau tại Hà Nội'", "headline: ''", f"5: headline {NO_WORD}"),
        ("headline: 'Hai lãnh đạo gặp nhau tại Hà Nội'", "headline: ' '", f"5: headline {NO_WORD}"),
    ],
)
def test_a_printed_value_must_be_whole_words_of_the_article(
    project: Project, capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    edit(project, SOURCE, old, new)
    assert problems(project, capsys) == [f"{SOURCE}:{message}"]


@pytest.mark.parametrize(
    "printed",
    [
        "Báo  Mẫu",  # white space runs fold
        unicodedata.normalize("NFD", "Báo Mẫu"),  # as an editor's keyboard may write it
        "Báo Mẫu|",  # punctuation the article prints after the words
        "Mẫu",  # a whole word
        "A/Báo Mẫu",
    ],
)
def test_printed_values_match_folded_at_word_boundaries(
    project: Project, capsys: pytest.CaptureFixture[str], printed: str
) -> None:
    edit(project, SOURCE, "printed: Báo Mẫu}", f"printed: {printed!r}}}")
    assert problems(project, capsys) == []


@pytest.mark.parametrize(
    ("part", "old", "new", "message"),
    [
        (
            "city",
            "printed: Hà Nội}",
            "printed: Hà Nộ}",
            "9: place.city: 'Hà Nộ' is not printed in source '2024-01-05-bao-mau' as whole "
            "words (only inside longer words)",
        ),
        (
            "city",
            "printed: Hà Nội}",
            "printed: i}",
            "9: place.city: 'i' holds no word: give the words as source '2024-01-05-bao-mau' "
            "prints them (at least one word of two or more letters or digits)",
        ),
        (
            "country",
            "printed: Việt Nam}",
            'printed: ", "}',
            "11: place.country: ', ' holds no word: give the words as source "
            "'2024-01-05-bao-mau' prints them (at least one word of two or more letters or "
            "digits)",
        ),
        (
            "venue",
            "printed: Nhà khách Chính phủ}",
            "printed: hà khách Chính phủ}",
            "8: place.venue: 'hà khách Chính phủ' is not printed in source "
            "'2024-01-05-bao-mau' as whole words (only inside longer words)",
        ),
    ],
)
def test_a_place_must_be_whole_words_of_its_source(
    project: Project,
    capsys: pytest.CaptureFixture[str],
    part: str,
    old: str,
    new: str,
    message: str,
) -> None:
    edit(project, MEETING, old, new)
    assert problems(project, capsys) == [f"{MEETING}:{message}"]


# The URL: a whole address of the article.

URL = "https://example.com/tin/hai-lanh-dao-gap-nhau"
URL_LINE = f"url: '{URL}'"
LONGER = (
    "8: url is not printed in the raw article as a whole address (it prints a longer one that "
    "starts or ends alike); record only a URL the article prints, all of it"
)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://example.co", LONGER),
        ("https://example.com", LONGER),
        ("https://example.com/tin/hai-lanh-dao-gap", LONGER),
        ("https://example.com/tin/", LONGER),
        (
            "https://example.org/tin/hai-lanh-dao-gap-nhau",
            "8: url is not printed in the raw article; record only a URL the article prints",
        ),
    ],
)
def test_a_url_must_not_be_a_prefix_of_the_printed_one(
    project: Project, capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    edit(project, SOURCE, URL_LINE, f"url: '{url}'")
    assert problems(project, capsys) == [f"{SOURCE}:{message}"]


@pytest.mark.parametrize(
    ("printed", "whole"),
    [
        (f"{URL}-2", False),
        (f"{URL}.html", False),
        (f"{URL}/", False),
        (f"{URL}?a=1", False),
        (f"{URL}#x", False),
        (f"x{URL}", False),
        (f"{URL}%20", False),
        (f"{URL}...more", False),
        (f"({URL})", True),
        (f"<{URL}>", True),
        (f"[{URL}]", True),
        (f"“{URL}”", True),
        (f'"{URL}"', True),
        (f"Nguồn: {URL}.", True),
        (f"Nguồn: {URL}, đọc", True),
        (f"\t{URL}\u00a0", True),
    ],
)
def test_a_url_is_printed_only_as_a_whole_token(
    project: Project, capsys: pytest.CaptureFixture[str], printed: str, whole: bool
) -> None:
    rewrite_article(project, 1, f"{URL}\n", f"{printed}\n")
    expected = [] if whole else [f"{SOURCE}:{LONGER}"]
    assert problems(project, capsys) == expected


# Dates: a whole date of the article.

NOT_WHOLE = "as a whole date; the article prints it only as part of another number)"


@pytest.mark.parametrize(
    ("printed", "whole"),
    [
        ("05/01/2024", True),
        ("5/1/2024", True),
        ("ngày 5/1/2024", True),
        ("(05/01/2024)", True),
        ("05/01/2024.", True),
        ("2024-01-05", True),
        ("15/1/2024", False),
        ("105/01/2024", False),
        ("05/01/20245", False),
        ("05/01/2024/1", False),
        ("2024-01-055", False),
        ("12024-01-05", False),
        ("1.05/01/2024", False),
        ("3-05/01/2024", False),
        ("05/01/2024.5", False),
        ("05/01/2024,5", False),
    ],
)
def test_a_source_date_is_a_whole_date_of_the_article(
    project: Project, capsys: pytest.CaptureFixture[str], printed: str, whole: bool
) -> None:
    rewrite_article(project, 1, "05/01/2024", printed)
    expected = (
        []
        if whole
        else [
            f"{SOURCE}:7: date 2024-01-05 is not printed in the raw article (looked for "
            f"2024-01-05, 05/01/2024, 5/1/2024 {NOT_WHOLE}"
        ]
    )
    assert problems(project, capsys) == expected


def test_a_month_is_not_taken_from_a_day_the_article_prints(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # `01/2024` is printed only inside `05/01/2024`: the article gives a day, not the month.
    edit(project, SOURCE, "date: 2024-01-05", 'date: "2024-01"')
    assert problems(project, capsys) == [
        f"{SOURCE}:7: date 2024-01 is not printed in the raw article (looked for 2024-01, "
        f"01/2024, 1/2024 {NOT_WHOLE}"
    ]


def test_a_date_printed_nowhere_says_what_was_looked_for(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, SOURCE, "date: 2024-01-05", "date: 2024-02-06")
    assert problems(project, capsys) == [
        f"{SOURCE}:7: date 2024-02-06 is not printed in the raw article (looked for 2024-02-06, "
        "06/02/2024, 6/2/2024)"
    ]


MEETING_DATE = (
    f"{MEETING_TWO}:4: date 2023-05-20 is not stated by source '2023-05-an-visits-da-nang': it "
    'is not the source\'s date (2023-05) and the source does not print "20/5"'
)


@pytest.mark.parametrize(
    ("printed", "whole"),
    [
        ("ngày 20/5", True),
        ("ngày 20/05", True),
        ("20/5/2023", True),
        ("20/05/2023.", True),
        ("2023-05-20", True),
        ("(20/5)", True),
        ("ngày 120/5", False),
        ("ngày 20/51", False),
        ("ngày 20/5/2022", False),
        ("ngày 20/5/20231", False),
        ("ngày 20/5.5", False),
        ("ngày 1/20/5", False),
        ("ngày 1.20/5", False),
        ("2023-05-201", False),
        ("ngày 20-5", False),
    ],
)
def test_a_meeting_date_is_a_whole_date_of_its_source(
    project: Project, capsys: pytest.CaptureFixture[str], printed: str, whole: bool
) -> None:
    rewrite_article(project, 2, "ngày 20/5", printed)
    assert problems(project, capsys) == ([] if whole else [MEETING_DATE])


# The quick checks of a slug and of a web address give what slugify and urlsplit give.


def test_slug_check_matches_slugify() -> None:
    rng = random.Random(3)
    alphabet = list("ab0-_ .ĐđéA9z")
    for _ in range(5_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert is_slug(value) == (slugify(value) == value), value


def test_web_address_check_matches_urlsplit() -> None:
    def plain_way(url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:
            return False
        return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)

    pieces = ["http", "https", "HTTP", "s", ":", "//", "/", "vov.vn", "a-b.c", "é", "①", "[", "]"]
    pieces += ["?", "#", "@", ":80", " ", "\t", "\n", "\x00", "\x1f", "%20", "..", "x", "ｖ", "／"]
    rng = random.Random(9)
    for _ in range(20_000):
        url = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if rng.random() < 0.5:
            url = rng.choice(["http://", "https://", " https://"]) + url
        assert is_web_address(url) == plain_way(url), repr(url)
