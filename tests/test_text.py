"""The pure text stage: decoding raw files, cutting, folding and matching quotes."""

from __future__ import annotations

import random
import re
import unicodedata
from types import SimpleNamespace

import pytest

from builder.content.misquotes import nearest_passage
from builder.content.models import Cut, CutRole, Paragraph
from builder.content.printed import SourceText
from builder.content.text import (
    FoldedArticle,
    RawTextError,
    cut_article,
    decode_raw,
    display_breaks,
    find_quote,
    fold,
    fold_quote,
    fold_text,
)
from builder.content.words import (
    DOUBLE_QUOTES,
    SINGLE_QUOTES,
    find_words,
    has_word,
    sentence_spans,
    words_of,
)
from builder.site.safe_markdown import escape_markdown, render_markdown


def test_decode_strips_bom_normalises_line_endings_and_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Bình Nhưỡng")
    data = "\ufeffdòng một\r\n".encode() + nfd.encode() + b"\rba\n"
    text = decode_raw(data)
    assert text == "dòng một\nBình Nhưỡng\nba\n"
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "the raw article is empty", 1),
        (b"  \n\n ", "the raw article is empty", 1),
        (b"ok\nbad \xff byte\n", "the raw article is not UTF-8 text (byte 0xff at offset 7)", 2),
        (b"a\nb\x00c", "the raw article is binary (it holds NUL bytes)", 2),
    ],
)
def test_decode_refuses_unusable_bytes(data: bytes, message: str, line: int) -> None:
    with pytest.raises(RawTextError) as caught:
        decode_raw(data)
    assert (str(caught.value), caught.value.line) == (message, line)


def test_fold_unifies_quote_marks_and_spaces_and_maps_back() -> None:
    text = "Ông nói:  “làm\u00a0mọi  thứ”\n để ‘giúp’"
    folded = fold(text)
    assert folded.text == "Ông nói: \"làm mọi thứ\" để 'giúp'"
    start = folded.text.index('"làm')
    begin, end = folded.span_in_original(start, start + len('"làm mọi thứ"'))
    assert text[begin:end] == "“làm\u00a0mọi  thứ”"


def test_fold_quote_accepts_nfd() -> None:
    assert fold_quote(unicodedata.normalize("NFD", "hội đàm")) == "hội đàm"


def test_cut_article_keeps_text_lines_and_collects_captions() -> None:
    raw = " date 2024-06 Dòng đầu.\n\nẢnh: Sputnik\n\nĐoạn hai.\nĐọc tiếp\n"
    cuts = (
        Cut(lines="1", role=CutRole.marker, prefix=" date 2024-06 "),
        Cut(lines="3", role=CutRole.caption),
        Cut(lines="6", role=CutRole.boilerplate),
    )
    paragraphs, captions, problems = cut_article(raw, cuts)
    assert [(p.number, p.raw_line, p.text) for p in paragraphs] == [
        (1, 1, "Dòng đầu."),
        (2, 5, "Đoạn hai."),
    ]
    assert captions == ["Ảnh: Sputnik"]
    assert problems == []


def test_cut_article_reports_cuts_that_do_not_fit() -> None:
    raw = "một\nhai\n"
    cuts = (
        Cut(lines="5", role=CutRole.caption),
        Cut(lines="1", role=CutRole.marker, prefix="không"),
        Cut(lines="2", role=CutRole.boilerplate),
        Cut(lines="1-2", role=CutRole.boilerplate),
    )
    _, _, problems = cut_article(raw, cuts)
    assert problems == [
        (0, "cut lines 5 are outside the raw article, which has 3 lines"),
        (
            1,
            "cut line 1: a marker cut's prefix must be a whole date marker at the start of the "
            "line, such as ' date 2025-09-03 ' or ' date 2024-06 '; found 'không'",
        ),
        (3, "cut lines 1-2 overlap the cut of lines 2"),
    ]


def test_a_marker_prefix_not_printed_at_the_start_of_its_line_is_reported() -> None:
    cut = Cut(lines="1", role=CutRole.marker, prefix=" date 2024-06 ")
    paragraphs, _, problems = cut_article("Dòng đầu date 2024-06 x\n", (cut,))
    assert problems == [
        (
            0,
            "cut line 1: the line does not start with the prefix ' date 2024-06 '; it starts "
            "with 'Dòng đầu date 2024-06 x'",
        )
    ]
    assert [p.text for p in paragraphs] == ["Dòng đầu date 2024-06 x"]


SHAPE = (
    "cut line 1: a marker cut's prefix must be a whole date marker at the start of the line, "
    "such as ' date 2025-09-03 ' or ' date 2024-06 '; found {!r}"
)


@pytest.mark.parametrize(
    ("line", "role", "prefix", "message"),
    [
        # The attack: a prefix cut drops "không " (not) and the paragraph says the opposite.
        (
            "Không đồng ý với đề xuất.",
            CutRole.boilerplate,
            "Không ",
            "cut line 1: a boilerplate cut removes whole lines; only a marker cut may remove the "
            "start of a line (a date marker such as ' date 2025-09-03 '); found prefix 'Không '",
        ),
        (
            "Ảnh: Reuters Ông An nói.",
            CutRole.caption,
            "Ảnh: Reuters ",
            "cut line 1: a caption cut removes whole lines; only a marker cut may remove the "
            "start of a line (a date marker such as ' date 2025-09-03 '); found prefix "
            "'Ảnh: Reuters '",
        ),
        (
            " date 2025-09-03 Ông An nói.",
            CutRole.dateline,
            " date 2025-09-03 ",
            "cut line 1: a dateline cut removes whole lines; only a marker cut may remove the "
            "start of a line (a date marker such as ' date 2025-09-03 '); found prefix "
            "' date 2025-09-03 '",
        ),
        ("Không đồng ý.", CutRole.marker, "Không ", SHAPE.format("Không ")),
        (" date 2025-09-03 Không đồng ý.", CutRole.marker, " date 2025-09-03 Không ", None),
        (" date 2025-09-03 Ông", CutRole.marker, " date 2025-09", None),
        (" date 2025-09-03 Ông", CutRole.marker, " date 2025-09-0", None),
        (" date 2025-9-3 Ông", CutRole.marker, " date 2025-9-3 ", None),
        (" date 2025/09/03 Ông", CutRole.marker, " date 2025/09/03 ", None),
        (" ngày 2025-09-03 Ông", CutRole.marker, " ngày 2025-09-03 ", None),
        ("", CutRole.marker, "", None),
        (" date 2025-09-03 Ông", CutRole.marker, " ", None),
        (" date 2025-09-03 Ông", CutRole.marker, " date ", None),
    ],
)
def test_only_a_date_marker_may_be_cut_from_the_start_of_a_line(
    line: str, role: CutRole, prefix: str, message: str | None
) -> None:
    cut = Cut(lines="1", role=role, prefix=prefix)
    paragraphs, _, problems = cut_article(f"{line}\nĐoạn hai.\n", (cut,))
    assert problems == [(0, message or SHAPE.format(prefix))]
    # The cut is not applied: the line stays as printed.
    assert [p.text for p in paragraphs] == [t for t in (line.strip(), "Đoạn hai.") if t]


@pytest.mark.parametrize(
    ("line", "prefix", "left"),
    [
        (" date 2025-09-03 Ông An.", " date 2025-09-03 ", "Ông An."),
        (" date 2024-06 Photo : YONHAP News", " date 2024-06 ", "Photo : YONHAP News"),
        ("date 2024-06\tẢnh", "date 2024-06\t", "Ảnh"),
        (" date 2025-09-03", " date 2025-09-03", ""),
        (" date 2025-09-03  Ông", " date 2025-09-03", "Ông"),
    ],
)
def test_a_marker_cut_removes_a_whole_date_marker(line: str, prefix: str, left: str) -> None:
    cut = Cut(lines="1", role=CutRole.marker, prefix=prefix)
    paragraphs, _, problems = cut_article(f"{line}\n", (cut,))
    assert problems == []
    assert [p.text for p in paragraphs] == ([left] if left else [])


def test_find_quote_within_one_paragraph_with_typographic_marks() -> None:
    paragraphs, _, _ = cut_article('Ông nói "không bao giờ quên" vai trò.\n\nĐoạn khác.\n', ())
    folded = [fold(p.text) for p in paragraphs]
    match = find_quote("“không bao giờ quên”", paragraphs, folded)
    assert match is not None
    assert match.paragraph.number == 1
    assert paragraphs[0].text[match.start : match.end] == '"không bao giờ quên"'
    assert find_quote("vai trò. Đoạn khác", paragraphs, folded) is None  # never across paragraphs


def test_the_nearest_passage_names_the_words_that_differ() -> None:
    paragraphs, _, _ = cut_article(
        "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực, ông nói.\n", ()
    )
    assert nearest_passage(
        "hợp tác chặt chẽ trong nhiều lĩnh vực", fold(paragraphs[0].text).text
    ) == (
        "the nearest passage (91% alike) differs in …chẽ trong «nhiều» / article: «mọi»…; "
        'the passage: "hợp tác chặt chẽ trong mọi lĩnh vực"'
    )


def test_display_breaks_only_after_a_lowercase_sentence_end() -> None:
    text = "nhanh chóng.Theo video, VOV.VN và vov.vn; 3.5 triệu.Ông"
    assert [text[i - 2 : i + 1] for i in display_breaks(text)] == ["g.T", "u.Ô"]


def test_sentence_spans_split_run_together_sentences() -> None:
    text = "Câu một.Câu hai! Câu ba"
    assert [text[a:b] for a, b in sentence_spans(text)] == ["Câu một.", "Câu hai!", "Câu ba"]


def test_escape_markdown_leaves_only_text() -> None:
    html = render_markdown(
        escape_markdown("*em* [x](javascript:alert(1)) <b>b</b> # h"), "index.html"
    )
    assert html == "<p>*em* [x](javascript:alert(1)) &lt;b&gt;b&lt;/b&gt; # h</p>"


def test_summary_markdown_keeps_safe_links_and_drops_others() -> None:
    html = render_markdown(
        "*a* [web](https://example.com) [own](../people/x.md#q) [bad](javascript:alert(1)) "
        "[data](data:text/html,x) ![img](https://example.com/x.png) <i>raw</i>",
        "meetings/m.html",
    )
    assert html == (
        '<p><em>a</em> <a href="https://example.com" rel="noopener noreferrer">web</a> '
        '<a href="../people/x.html#q">own</a> <span>bad</span> <span>data</span> '
        "<span>img</span> &lt;i&gt;raw&lt;/i&gt;</p>"
    )


def test_a_link_python_cannot_parse_becomes_text() -> None:
    # urlsplit raises on an unbalanced "[" in the host; the summary must still render.
    assert (
        render_markdown("[x](https://e.org[) a.", "meetings/m.html") == "<p><span>x</span> a.</p>"
    )


@pytest.mark.parametrize(
    ("haystack", "needle", "expected"),
    [
        ("it is impossible to accept", "possible to accept", -1),
        ("it is impossible to accept", "impossible to accept", 6),
        ("gửi 1.500 binh sĩ", "500 binh sĩ", -1),
        ("gửi 1.500 binh sĩ", "1.500 binh sĩ", 4),
        ("gửi 1.500 binh sĩ", "gửi 1", -1),
        ("gửi 1.500 binh sĩ", "gửi 1.", -1),
        ("tăng 2,5 lần", "5 lần", -1),
        ("tăng 2,5 lần", "tăng 2", -1),
        ("Hà Nội, 5, 6 và 7", "5, 6", 8),
        ("Chủ tịch Kim Jong-un tuyên bố", "Kim Jong", -1),
        ("Chủ tịch Kim Jong-un tuyên bố", "un tuyên bố", -1),
        ("Chủ tịch Kim Jong-un tuyên bố", "Kim Jong-un", 9),
        ("Chủ tịch Kim Jong-un tuyên bố", "Chủ tịch", 0),
        ("he said don't go", "don", -1),
        ("nhanh chóng.Theo ông", ".Theo ông", 11),
        ("nhanh chóng.Theo ông", "chóng.", 6),
        ("nhanh chóng.Theo ông", "Theo ông", 12),
        ("hợp tác toàn diện", "hợp tá", -1),
        ("hợp tác toàn diện", "ợp tác", -1),
        ("a 2024-01-05 b", "2024-01-05", 2),
        ("a 2024-01-055 b", "2024-01-05", -1),
        ("see https://example.com/tin/1", "https://example.co", -1),
        ("hội đàm hội đàm", "hội", 0),
        ("xhội hội", "hội", 5),
        ("hội", "", -1),
        ("", "hội", -1),
        ('ông nói "Hòa bình"', '"Hòa bình"', 8),
        ('ông nói "Hòa bình"', 'Hòa bình"', 9),
    ],
)
def test_find_words_matches_whole_words_only(haystack: str, needle: str, expected: int) -> None:
    assert find_words(haystack, needle) == expected


def test_find_words_starts_where_told_and_skips_inner_hits() -> None:
    assert find_words("hội đàm, hội đàm", "hội đàm", 1) == 9
    assert find_words("ahội hội", "hội") == 5
    # A combining mark NFC cannot compose belongs to the letter before it.
    assert find_words("x\u0304 x", "x") == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", False),
        (" ", False),
        (":", False),
        ("n", False),
        ("5", False),
        ("- . ,", False),
        ("n m", False),
        ("VOV", True),
        ("ở Hà Nội", True),
        ("12", True),
        ("Đ.", False),
        ("Kim Jong-un", True),
    ],
)
def test_has_word_needs_a_word_of_two_letters_or_digits(text: str, expected: bool) -> None:
    assert has_word(text) is expected


def test_words_of_keeps_numbers_and_hyphenated_names_whole() -> None:
    words = "Ông Kim Jong-un gửi 1.500 binh sĩ, 2,5 tấn; don't-"
    assert words_of(words) == [
        "Ông",
        "Kim",
        "Jong-un",
        "gửi",
        "1.500",
        "binh",
        "sĩ",
        "2,5",
        "tấn",
        "don't",
    ]


# The fast paths of folding and of display breaks give what the plain ways give: each test
# compares one with the simple code it replaced (kept here as the reference) on generated input.

FOLD_TABLE = str.maketrans(
    {**{mark: '"' for mark in DOUBLE_QUOTES}, **{mark: "'" for mark in SINGLE_QUOTES}}
)


SPACES = [chr(code) for code in range(0x3100) if chr(code).isspace()]


AWKWARD = list("ab \"'“”‘’«»‹›＂＇„‟〝〞‚‛.\u200b\ufeff\x07\u00ad") + SPACES + [" "] * 10


def reference_fold(text: str) -> tuple[str, tuple[int, ...]]:
    """Folding one character at a time, as the builder first did it."""
    out: list[str] = []
    origin: list[int] = []
    pending = False
    for index, char in enumerate(text):
        if char.isspace() or char in "\u200b\ufeff":
            pending = bool(out)
            continue
        if pending:
            out.append(" ")
            origin.append(index - 1)
            pending = False
        out.append(char.translate(FOLD_TABLE))
        origin.append(index)
    return "".join(out), tuple(origin)


def test_fold_matches_the_character_by_character_reference() -> None:
    rng = random.Random(1)
    for _ in range(20_000):
        text = "".join(rng.choice(AWKWARD) for _ in range(rng.randint(0, 16)))
        folded = fold(text)
        expected, origin = reference_fold(text)
        assert folded.text == expected, repr(text)
        for start in range(len(expected)):
            end = rng.randint(start + 1, len(expected))
            assert folded.span_in_original(start, end) == (origin[start], origin[end - 1] + 1)


def test_fold_of_lines_matches_the_reference() -> None:
    # Raw articles are lines with blank lines between them: the path that joins the lines.
    rng = random.Random(7)
    alphabet = list("ab “'’") + ["\n"] * 3 + ["\t", "\u00a0", "\u200b", "  "]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        folded = fold(text)
        expected, origin = reference_fold(text)
        assert folded.text == expected, repr(text)
        if expected:
            assert folded.span_in_original(0, len(expected)) == (origin[0], origin[-1] + 1)


def test_an_article_folded_at_once_finds_what_find_quote_finds() -> None:
    rng = random.Random(8)
    alphabet = [*"ab ab“'’.", "\t", "\u00a0", "\u200b", "  "]
    for _ in range(5_000):
        originals = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(0, 4))
        ]
        if rng.random() < 0.7:  # as `cut_article` gives them: stripped and not empty
            originals = [text.strip() for text in originals if text.strip()]
        paragraphs = [Paragraph(number, number, text) for number, text in enumerate(originals, 1)]
        folded = [fold(text) for text in originals]
        article = FoldedArticle(paragraphs)
        assert [(item.text, item.original) for item in article.folded] == [
            (item.text, item.original) for item in folded
        ]
        assert article.run_on() == " ".join(item.text for item in folded)
        for _ in range(5):
            quote = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4)))
            needle = fold_quote(quote)
            at = article.text.find(needle) if needle else -1
            found = article.match_at(at, len(needle)) if at >= 0 else None
            assert found == find_quote(quote, paragraphs, folded), (originals, quote)


def test_words_found_as_written_are_found_folded() -> None:
    # `SourceText.prints` looks for the words as written first, and folds only on a miss.
    rng = random.Random(9)
    alphabet = [*AWKWARD, "\n", "\n", "e\u0301", "\u1ec7", "\u0301", "\u200b"]
    found_as_written = 0
    for _ in range(20_000):
        raw = unicodedata.normalize(
            "NFC", "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        )
        if rng.random() < 0.6:
            start = rng.randint(0, len(raw) - 1)
            words = raw[start : rng.randint(start + 1, len(raw))]
        else:
            words = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 5)))
        found_as_written += words in raw
        text = SourceText(SimpleNamespace(raw_text=raw))  # type: ignore[arg-type]
        expected = find_words("\n".join(map(fold_text, raw.split("\n"))), fold_quote(words)) >= 0
        assert text.prints(words) == expected, (raw, words)
    assert found_as_written > 10_000


def reference_display_breaks(text: str) -> list[int]:
    """`display_breaks` as it first was: a look behind at every position."""
    return [
        match.start()
        for match in re.finditer(r"(?<=\w[.!?;])(?=\w)", text)
        if text[match.start() - 2].islower() and text[match.start()].isupper()
    ]


def test_display_breaks_match_the_look_behind_reference() -> None:
    rng = random.Random(9)
    alphabet = [*"aAzZđĐôÔ3_ .!?;,.…\n", "\u00a0", "ǅ", "ß", "ı", "ⓐ", "Ⓐ", "ª", "ⅰ"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert display_breaks(text) == reference_display_breaks(text), repr(text)
