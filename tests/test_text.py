"""The pure text stage: decoding raw files, cutting, folding and matching quotes."""

from __future__ import annotations

import unicodedata

import pytest

from builder.misquotes import nearest_passage
from builder.models import Cut, CutRole
from builder.safe_markdown import escape_markdown, render_markdown
from builder.text import (
    RawTextError,
    cut_article,
    decode_raw,
    display_breaks,
    find_quote,
    fold,
    fold_quote,
    sentence_spans,
)


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
        "cut lines 5 are outside the raw article, which has 3 lines",
        "cut line 1: the line does not start with the prefix 'không'; it starts with 'một'",
        "cut lines 1-2 overlap the cut of lines 2",
    ]


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
