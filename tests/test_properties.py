"""Property-based tests: whatever text or bytes the loaders are given, they return a model or
clean problems (`path:line: message` at a line the file has), never an uncaught exception."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content.load import parse_article, parse_meeting, parse_source_record
from builder.content.misquotes import nearest_passage
from builder.content.models import Cut, Located, MeetingRecord, Paragraph, SourceRecord
from builder.content.text import find_quote, fold, fold_quote
from builder.content.words import quoted_spans, sentence_spans, whole_word_occurrences
from builder.problems import Problem

# A longer hunt: DOSSIER_HYPOTHESIS_EXAMPLES=5000 .venv/bin/pytest tests/test_properties.py
# In CI the examples are derived from the test names, so a run there is reproducible.
SETTINGS = settings(
    max_examples=int(os.environ.get("DOSSIER_HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
SHOWN = "site_src/meetings/x.md"

# Text that looks like what editors write, from pieces that matter to YAML and to us.
PIECES = [
    *"abcđĐếơữ -:#&*!|>'\"{}[],?%@`\\\t\n\r",
    *["\u00a0", "\ufeff", "\u0301", "\r\n", "---", "\n---\n", "...", ": ", "- ", "  "],
    *["id", "title", "date", "2024-01-05", "2024-13", "quotes", "&a ", "*a", "!!int ", "? "],
]
TEXTY = st.lists(st.sampled_from(PIECES), max_size=80).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), TEXTY)

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(["2024-01-05", "2024-13-05", "2024-06", "x", "ong-an", "direct", ""]),
)
FIELD_NAMES = st.one_of(
    st.sampled_from([*MeetingRecord.model_fields, *SourceRecord.model_fields, "name", "printed"]),
    st.text(min_size=1, max_size=10),
)
DATA = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(FIELD_NAMES, children, max_size=8)
    ),
    max_leaves=30,
)


def assert_clean(problems: list[Problem], text: str, shown: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 2
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path == shown
        assert 1 <= problem.line <= lines, (problem, lines)
        assert problem.message and "\n" not in problem.message


@SETTINGS
@given(ANY_TEXT)
def test_any_meeting_text_gives_a_meeting_or_problems(text: str) -> None:
    meeting, problems = parse_meeting(text, SHOWN)
    assert meeting is not None or problems
    assert_clean(problems, text, SHOWN)


@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_any_front_matter_text_gives_a_meeting_or_problems(front: str, body: str) -> None:
    text = f"---\n{front}\n---\n{body}"
    meeting, problems = parse_meeting(text, SHOWN)
    assert meeting is not None or problems
    assert_clean(problems, text, SHOWN)


@SETTINGS
@given(DATA, ANY_TEXT)
def test_any_yaml_data_as_front_matter_gives_a_meeting_or_problems(data: Any, body: str) -> None:
    text = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n{body}"
    meeting, problems = parse_meeting(text, SHOWN)
    assert meeting is not None or problems
    assert_clean(problems, text, SHOWN)


@SETTINGS
@given(st.one_of(ANY_TEXT, DATA.map(lambda data: yaml.safe_dump(data, allow_unicode=True))))
def test_any_source_record_text_gives_a_record_or_problems(text: str) -> None:
    shown = "site_src/sources/x.yml"
    record, _, problems = parse_source_record(text, shown)
    assert record is not None or problems
    assert_clean(problems, text, shown)


CUTS = st.lists(
    st.builds(
        Cut,
        lines=st.one_of(
            st.integers(0, 12).map(str),
            st.tuples(st.integers(0, 12), st.integers(0, 12)).map(
                lambda pair: f"{pair[0]}-{pair[1]}"
            ),
        ),
        role=st.sampled_from(["headline", "byline", "caption", "marker", "boilerplate"]),
        prefix=st.one_of(st.none(), st.text(max_size=5)),
    ),
    max_size=4,
)
RAW = st.one_of(
    st.binary(max_size=400),
    ANY_TEXT.map(lambda text: text.encode("utf-8")),
    st.sampled_from(["utf-8-sig", "utf-16", "latin-1", "cp1258"]).flatmap(
        lambda codec: ANY_TEXT.map(lambda text: text.encode(codec, errors="replace"))
    ),
)


@SETTINGS
@given(RAW, CUTS, st.booleans())
def test_any_raw_article_gives_a_source_or_problems(
    data: bytes, cuts: list[Cut], right_digest: bool
) -> None:
    record = SourceRecord(
        raw="articles/x.txt",
        raw_sha256=hashlib.sha256(data).hexdigest() if right_digest else "0" * 64,
        language="vi",
        editorial_title="A title",
        date="2024-01-05",
        cuts=tuple(cuts),
    )
    where = Located("site_src/sources/x.yml", {(): 1, ("cuts",): 9, ("raw_sha256",): 2})
    source, problems = parse_article("x", record, where, data, "site_src/articles/x.txt")
    assert source is not None or problems
    for problem in problems:
        assert problem.path in {"site_src/sources/x.yml", "site_src/articles/x.txt"}
        assert problem.line >= 1 and problem.message
    if source is not None:
        assert "\r" not in source.raw_text
        # A paragraph quoted whole is found again (unless it is only invisible characters),
        # and looking for the closest passage to anything else does not fail.
        folded = [fold(item.text) for item in source.paragraphs]
        for paragraph, folded_paragraph in list(zip(source.paragraphs, folded, strict=True))[:3]:
            match = find_quote(paragraph.text, source.paragraphs, folded)
            assert (match is not None) == bool(folded_paragraph.text)
            nearest_passage(fold_quote(paragraph.text[::-1] or "x"), folded_paragraph.text)


@SETTINGS
@given(ANY_TEXT, ANY_TEXT)
def test_quote_matching_never_fails_on_any_text(article: str, quote: str) -> None:
    paragraphs = [
        Paragraph(number, number, line.strip())
        for number, line in enumerate(article.splitlines(), start=1)
        if line.strip()
    ]
    folded = [fold(paragraph.text) for paragraph in paragraphs]
    match = find_quote(quote, paragraphs, folded)
    if match is not None:
        assert 0 <= match.start < match.end <= len(match.paragraph.text)
    assert nearest_passage(fold_quote(quote), "\n".join(item.text for item in folded))
    for paragraph in paragraphs:
        spans = sentence_spans(paragraph.text)
        # Sentences cover the paragraph in order, white space between them aside.
        assert "".join(
            "".join(paragraph.text[start:end].split()) for start, end in spans
        ) == "".join(paragraph.text.split())
        for start, end in quoted_spans(paragraph.text):
            assert 0 <= start < end <= len(paragraph.text)
        for at in whole_word_occurrences(paragraph.text, quote):
            assert paragraph.text[at : at + len(quote)] == quote
