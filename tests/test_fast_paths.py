"""The fast paths taken for large dossiers give exactly what the plain ways give.

Each test compares a fast path with the simple code it replaced (kept here as the reference)
on many generated inputs, the awkward ones included.
"""

from __future__ import annotations

import json
import os
import posixpath
import random
import re
import subprocess
import sys
import threading
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from slugify import slugify

import builder.engine.plugin
import builder.parallel
from builder.cli import main
from builder.content.load import load_dossier
from builder.content.models import Paragraph
from builder.content.text import (
    FoldedArticle,
    display_breaks,
    find_quote,
    fold,
    fold_quote,
    fold_text,
)
from builder.content.validate import _is_slug, _is_web_address, _SourceText, validate_dossier
from builder.content.words import DOUBLE_QUOTES, SINGLE_QUOTES, find_words
from builder.engine.passthrough import put_back_html, set_aside_html
from builder.engine.plugin import DossierPlugin
from builder.engine.search_index import defer_parsing
from builder.pipeline import build_site, check, prepare
from builder.problems import ContentError
from builder.site.export import build_export, export_json
from builder.site.render import (
    DocsWriter,
    View,
    _cut_segments,
    _segments,
    _summary_html,
    format_date,
    meetings_nav,
    relative_url,
)
from builder.site.safe_markdown import (
    _markdown,
    escape_markdown,
    own_page_links,
    render_markdown,
    render_plain_footnoted,
)
from builder.stamp import inputs_digest
from tests.conftest import REPO, Project, files_under, make_project, source_one
from tests.hostile import make_hostile_project

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
    # `_SourceText.prints` looks for the words as written first, and folds only on a miss.
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
        text = _SourceText(SimpleNamespace(raw_text=raw))  # type: ignore[arg-type]
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


LABEL_PIECES = [
    *"ab \\`*_{}[]()>#+-.!<&\"'“”;:/é\u00a0\t\n\r\x02\x03\x0b\x1c\u2028",
    *["&amp;", "&#160;", "<b>", "**", "[x](javascript:1)", "![i](x)", "<http://a.b>", "[^s]"],
]


def test_footnote_labels_read_as_markdown_would_write_them() -> None:
    rng = random.Random(2)
    for _ in range(1500):
        outlet = "".join(rng.choice(LABEL_PIECES) for _ in range(rng.randint(1, 6)))
        headline = "".join(rng.choice(LABEL_PIECES) for _ in range(rng.randint(1, 6)))
        record = SimpleNamespace(
            outlet=SimpleNamespace(name=outlet), headline=headline, date=date(2024, 1, 5)
        )
        verified: Any = SimpleNamespace(
            dossier=SimpleNamespace(sources={"s": SimpleNamespace(record=record)})
        )
        meeting: Any = SimpleNamespace(record=SimpleNamespace(sources=("s",)), summary="T.[^s]")
        label = escape_markdown(f"{outlet}, “{headline}”, {format_date(record.date)}")
        expected = render_markdown(
            f"T.[^s]\n\n[^s]: {label}. [Archived copy](../sources/s.html)\n",
            "meetings/m.html",
            drop_uncited_notes=True,
        )
        assert str(_summary_html(meeting, verified, "meetings/m.html")) == expected


def test_a_paragraph_with_one_quote_is_cut_as_the_general_way_cuts_it() -> None:
    # Every shown range of a short paragraph against every quote in, across or outside it.
    text = "Một câu. Hai câu nữa, “ba”!"
    size = len(text)
    compared = 0
    for start in range(size):
        for end in range(start + 1, size + 1):
            for quote_start in range(size):
                for quote_end in range(quote_start + 1, size + 1):
                    spans = [(quote_start, quote_end, "q-1")]
                    assert _segments(text, spans, [], start, end) == _cut_segments(
                        text, spans, set(), start, end
                    ), (start, end, quote_start, quote_end)
                    compared += 1
    assert compared == (size * (size + 1) // 2) ** 2


def test_relative_url_matches_relpath() -> None:
    pages = ["index.html", "about.html", "meetings/a.html", "sources/b.html", "a/b/c.html"]
    targets = [*pages, "dossier.json", "raw/x.txt", "meetings/a.html#q-1", "a/b/d.html#e"]
    targets += ["about.html#", "a/b//d.html", "meetings/a.html#"]
    for page in pages:
        for target in targets:
            path, _, fragment = target.partition("#")
            expected = (
                "" if path == page else posixpath.relpath(path, posixpath.dirname(page) or ".")
            )
            assert relative_url(page, target) == expected + (f"#{fragment}" if fragment else "")


def test_slug_check_matches_slugify() -> None:
    rng = random.Random(3)
    alphabet = list("ab0-_ .ĐđéA9z")
    for _ in range(5_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert _is_slug(value) == (slugify(value) == value), value


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
        assert _is_web_address(url) == plain_way(url), repr(url)


def _views(days: list[date]) -> list[View]:
    return [
        View(
            {
                "record": SimpleNamespace(date=day, title=f"M{index}"),
                "page": f"meetings/m{index}.html",
            }
        )
        for index, day in enumerate(days)
    ]


def test_meetings_nav_is_flat_when_short_and_by_year_then_month_when_long() -> None:
    few = _views([date(2024, 1, 1) + timedelta(days=30 * index) for index in range(3)])
    assert meetings_nav(few) == [
        {"M0": "meetings/m0.md"},
        {"M1": "meetings/m1.md"},
        {"M2": "meetings/m2.md"},
    ]
    many = _views([date(2020, 1, 1) + timedelta(days=9 * index) for index in range(100)])
    years = meetings_nav(many)
    assert [next(iter(year)) for year in years] == ["2020", "2021", "2022"]
    assert all(len(next(iter(year.values()))) <= 60 for year in years)
    crowded = _views([date(2024, 1, 1) + timedelta(days=index // 4) for index in range(200)])
    (year,) = meetings_nav(crowded)
    months = year["2024"]
    assert [next(iter(month)) for month in months] == ["January 2024", "February 2024"]
    assert sum(len(next(iter(month.values()))) for month in months) == 200


def write_tree(files: dict[str, bytes], docs_dir: Path) -> int:
    """What the render stage does with its files: write them (`DocsWriter`), then remove the
    stale ones; how many were written."""
    writer = DocsWriter(docs_dir)
    written = sum(writer.write(relative, content) for relative, content in sorted(files.items()))
    writer.remove_stale(set(files))
    return written


def test_write_tree_touches_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    tree = {"index.md": b"a", "meetings/m.md": b"b", "old/x.md": b"c"}
    assert write_tree(tree, docs) == 3
    stamps = {path: path.stat().st_mtime_ns for path in docs.rglob("*.md")}
    assert write_tree(tree, docs) == 0
    assert {path: path.stat().st_mtime_ns for path in docs.rglob("*.md")} == stamps
    changed = {"index.md": b"a", "meetings/m.md": b"B"}
    assert write_tree(changed, docs) == 1
    assert (docs / "index.md").stat().st_mtime_ns == stamps[docs / "index.md"]
    assert (docs / "meetings/m.md").read_bytes() == b"B"
    assert not (docs / "old").exists()
    assert sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")) == [
        "index.md",
        "meetings",
        "meetings/m.md",
    ]


def test_a_symlink_at_the_temporary_name_of_a_changed_file_is_not_written_through(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    assert write_tree({"index.md": b"old"}, docs) == 1
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    (docs / "index.md.tmp").symlink_to(outside)
    assert write_tree({"index.md": b"new"}, docs) == 1
    assert (docs / "index.md").read_bytes() == b"new"
    assert outside.read_bytes() == b"keep"
    assert sorted(path.name for path in docs.iterdir()) == ["index.md"]


def reference_write_tree(files: dict[str, bytes], docs_dir: Path) -> int:
    """`write_tree` as it first was: every file's path resolved, and read before written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    inside = docs_dir.resolve()
    written = 0
    for relative, content in sorted(files.items()):
        target = docs_dir / relative
        if ".." in Path(relative).parts or not target.resolve().is_relative_to(inside):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("rb") as existing:
                if existing.read() == content:
                    continue
        except FileNotFoundError:
            target.write_bytes(content)
        else:
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_bytes(content)
            temporary.replace(target)
        written += 1
    # Removing stale files was never made faster: the reference does it as the stage does.
    DocsWriter(docs_dir).remove_stale(set(files))
    return written


def _snapshot(folder: Path) -> dict[str, str | bytes]:
    """Every entry below `folder`: a symlink's target, a file's bytes, a folder's name."""
    entries: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = "-> " + path.readlink().as_posix()
        elif path.is_file():
            entries[name] = path.read_bytes()
        else:
            entries[name] = "folder"
    return entries


def _prepare_docs(root: Path, rng: random.Random) -> None:
    """A docs folder holding some of the files, stale ones and symlinks, in and out."""
    docs = root / "docs"
    outside = root / "outside"
    outside.mkdir(parents=True)
    (outside / "kept.md").write_bytes(b"outside")
    for name in ["index.md", "meetings/a.md", "old/x.md", "people/p.md"]:
        if rng.random() < 0.5:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_bytes(rng.choice([b"a", b"b", b"stale"]))
    docs.mkdir(exist_ok=True)
    links = {
        "meetings/b.md": ["../index.md", "../missing.md", "../../outside/kept.md", "../../x.md"],
        "sources": ["../outside", "meetings", "../nowhere"],
        "people/q.md": ["p.md", "../../outside/new.md"],
    }
    for name, targets in links.items():
        if rng.random() < 0.4:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            if not (docs / name).exists() and not (docs / name).is_symlink():
                (docs / name).symlink_to(rng.choice(targets))


def test_write_tree_writes_what_the_reference_writes_and_refuses_what_it_refuses(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    names = ["index.md", "meetings/a.md", "meetings/b.md", "sources/s.md", "people/q.md"]
    for trial in range(300):
        files = {name: rng.choice([b"a", b"b", b""]) for name in names if rng.random() < 0.8}
        outcomes = []
        for way, function in (("fast", write_tree), ("reference", reference_write_tree)):
            root = tmp_path / f"{trial}-{way}"
            _prepare_docs(root, random.Random(trial))
            try:
                result: int | str = function(dict(files), root / "docs")
            except ValueError as error:
                result = str(error).replace(str(root), "ROOT")
            outcomes.append((result, _snapshot(root)))
        assert outcomes[0] == outcomes[1], trial


JSON_CHARACTERS = [chr(code) for code in range(0x80)] + list("é\u00a0\u2028\u2029\ufeff𝄞\U0010ffff")


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    # No floats: the export has none, and `json` and pydantic write some apart (1e-07, 1e-7).
    kind = rng.randrange(9 if depth < 4 else 5)
    if kind in (0, 1):
        return "".join(rng.choice(JSON_CHARACTERS) for _ in range(rng.randint(0, 6)))
    if kind == 2:
        return rng.choice([0, 1, -7, 2**53 + 1, -(2**70), True, False, None])
    if kind in (3, 4):
        return rng.choice(["id", "page", "", "q-1", "Đà Nẵng"])
    if kind in (5, 6):
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    # Keys are strings, as in the export (`json` and pydantic write a NaN key differently).
    return {
        "".join(rng.choice(JSON_CHARACTERS) for _ in range(rng.randint(0, 3))) + str(index): (
            _json_value(rng, depth + 1)
        )
        for index in range(rng.randint(0, 4))
    }


def _types(value: Any) -> set[type]:
    if isinstance(value, dict):
        return {dict}.union(*map(_types, value.keys()), *map(_types, value.values()))
    if isinstance(value, list):
        return {list}.union(*map(_types, value))
    return {type(value)}


def test_export_json_gives_the_bytes_of_json_dumps(project: Project) -> None:
    def expected(value: Any) -> bytes:
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    assert export_json({"text": every_character}) == expected({"text": every_character})
    rng = random.Random(8)
    for _ in range(3000):
        value = {"version": 1, "items": [_json_value(rng) for _ in range(rng.randint(0, 3))]}
        assert export_json(value) == expected(value), value
    verified, _ = check(project.root)
    export = build_export(verified)
    assert export_json(export) == expected(export)
    assert _types(export) <= {dict, list, str, int, bool, type(None)}


def test_html_blocks_are_set_aside_only_when_certainly_raw_html() -> None:
    page = "\n".join(
        [
            '<div class="a">\n<p>one</p>\n</div>',
            "",
            "## Heading",
            "",
            '<div class="b">\n<div class="c">x</div>\n</div>\n',
            "",
            '<div class="open">\n<p>not closed here</p>',
            "",
            "</div>",
            "",
            "Some *Markdown* text.",
        ]
    )
    markdown, blocks = set_aside_html(page)
    assert blocks == [
        '<div class="a">\n<p>one</p>\n</div>',
        '<div class="b">\n<div class="c">x</div>\n</div>',
    ]
    assert "DossierHtmlBlock0x\n\n## Heading" in markdown
    assert '<div class="open">' in markdown and "Some *Markdown* text." in markdown
    assert put_back_html(
        "<p>DossierHtmlBlock1x</p>\n<h2>x</h2>\n<p>DossierHtmlBlock0x</p>", blocks
    ) == (f"{blocks[1]}\n\n<h2>x</h2>\n{blocks[0]}")
    # What a block holds is put back as it is, never searched for placeholders again.
    tricky = ["<div><p>DossierHtmlBlock1x</p></div>", "<div>two</div>"]
    assert put_back_html("<p>DossierHtmlBlock0x</p>\n<p>DossierHtmlBlock1x</p>", tricky) == (
        "<div><p>DossierHtmlBlock1x</p></div>\n\n<div>two</div>"
    )


def test_a_site_built_with_the_blocks_set_aside_is_byte_identical(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["build", "--root", str(project.root), "--out", str(project.root / "a")]) == 0
    monkeypatch.setattr(DossierPlugin, "on_page_markdown", lambda self, markdown, **_: markdown)
    monkeypatch.setattr(DossierPlugin, "on_page_content", lambda self, html, **_: html)
    assert main(["build", "--root", str(project.root), "--out", str(project.root / "b")]) == 0
    one, two = (files_under(project.root / name) for name in ("a", "b"))
    assert len(one) > 10
    assert one == two


SUMMARY_PIECES = [
    *["Putin", "met", "Kim", "in", "Hà", "Nội", "on", "19", "June", "2024", "the", "talks"],
    *[".", ",", ";", ":", "!", "?", "'s", "“quoted”", "(aside)", "–", "-", "/", "%", "+", "="],
    *["[^a]", "[^b]", "[^c]", "[^zz]", "![^a]", "[^a]:", "[^b] :", "*x*", "_y_", "`z`", "<b>"],
    *["[^b][^a]", "[^c][^a][^b]", "[^a][^a]", "[^c] [^b]", "[^c]\n[^a]"],
    *["&amp;", "&", "\\", "[link](x)", "#", ">", "~", "|", "\t", "  ", "\u00a0", "\x02"],
]
SEPARATORS = [" ", " ", " ", "", "\n", "\n\n", "\n\n\n", "\n \n", "  \n"]


def test_plain_summaries_render_as_python_markdown_renders_them() -> None:
    rng = random.Random(4)
    notes = [
        (label, f'L{label}. <a href="../sources/{label}.html">Archived copy</a>') for label in "abc"
    ]
    definitions = "\n\n".join(
        f"[^{label}]: L{label}. [Archived copy](../sources/{label}.html)" for label in "abc"
    )
    fast = 0
    for _ in range(1500):
        words = [rng.choice(SUMMARY_PIECES) for _ in range(rng.randint(1, 14))]
        text = "".join(word + rng.choice(SEPARATORS) for word in words).rstrip()
        if rng.random() < 0.5:
            # Most summaries are sentences that each end with a reference.
            text = "\n\n".join(
                " ".join(
                    f"{rng.choice(['Kim', 'Putin', 'They'])} spoke."
                    + "".join(f"[^{rng.choice('abc')}]" for _ in range(rng.randint(1, 3)))
                    for _ in range(3)
                )
                for _ in range(rng.randint(1, 3))
            )
        plain = render_plain_footnoted(text, notes)
        if plain is None:
            continue
        fast += 1
        expected = render_markdown(
            f"{text}\n\n{definitions}\n", "meetings/m.html", drop_uncited_notes=True
        )
        assert plain == expected, repr(text)
    assert fast > 600


def test_the_build_stamp_never_reads_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "site_src").mkdir()
    os.mkfifo(tmp_path / "site_src" / "pipe.txt")
    first = inputs_digest(tmp_path)
    assert inputs_digest(tmp_path) == first


def test_own_page_links_of_plain_text_are_found_without_markdown() -> None:
    pieces = ["Kim", "met", ".[^a]", "[^a]", "(../meetings/m.html)", "[x]", "<", ">", "[", "]"]
    pieces += ["(", ")", ":", " ", "\n", "[^b]: ", "https://e.org", "[^a](../sources/s.html)"]
    rng = random.Random(6)
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        try:
            expected = _slow_own_links(text)
        except ValueError:
            continue  # urlsplit refuses some targets (`https://e.org[`): not this test's matter
        assert own_page_links(text, "meetings/m.html") == expected, repr(text)


def _slow_own_links(text: str) -> list[tuple[str, str]]:
    md, guard = _markdown("meetings/m.html")
    md.convert(text)
    return [
        (written, target if not target.startswith("#") else "meetings/m.html" + target)
        for written, target in guard.own_links
    ]


def _run_python(script: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `script` in a Python process of its own (forking workers there, not in the test
    process, which may run threads), from the repository; fail if it fails."""
    return subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=REPO,
    )


PREPARE_WITH_WORKERS = """
import json, os, sys
from pathlib import Path
import jinja2
import builder.parallel
from builder.pipeline import prepare
from builder.problems import ContentError
builder.parallel.PARALLEL_FROM = 1
builder.parallel.SMALLEST_PIECE = 1  # a tiny dossier's few jobs shared out all the same
builder.parallel.MAX_WORKERS = 3
said = {"workers": builder.parallel.worker_count(10)}
import time
def pid_after_a_while():
    # Each job lasts long enough for every worker to have started and claimed one, however
    # slow the machine is to fork them.
    time.sleep(0.5)
    return os.getpid()
pids = builder.parallel.run_jobs([pid_after_a_while] * 6)
said["pids"] = len(set(pids))
said["first_job_in_a_worker"] = pids[0] != os.getpid()
# The templates are compiled by the first worker (the load stage's first job), which sends
# back their code: this process renders with it and compiles none itself.
said["compiled_here"] = []
parent, compile_template = os.getpid(), jinja2.Environment.compile
def compile_noting(self, source, name=None, *args, **kwargs):
    if os.getpid() == parent:
        said["compiled_here"].append(name)
    return compile_template(self, source, name, *args, **kwargs)
jinja2.Environment.compile = compile_noting
try:
    said["written"] = prepare(Path(sys.argv[1]), Path(sys.argv[2])).files_written
except ContentError as error:
    said["error"] = str(error)
print(json.dumps(said))
"""


def _prepare_with_workers(root: Path, docs: Path) -> dict[str, Any]:
    """`prepare` with the pages shared among workers, in a process of its own: this one may
    run other threads (left by other tests), and then renders in one process."""
    completed = _run_python(PREPARE_WITH_WORKERS, str(root), str(docs))
    said: dict[str, Any] = json.loads(completed.stdout)
    cores = len(os.sched_getaffinity(0))
    assert said["workers"] == said["pids"] == min(3, cores)
    assert said["first_job_in_a_worker"] == (cores > 1)
    return said


def test_pages_rendered_by_forked_workers_are_the_pages_rendered_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_hostile_project(tmp_path / "hostile")
    monkeypatch.setattr(builder.parallel, "PARALLEL_FROM", 10**9)
    written = prepare(root, tmp_path / "one").files_written
    one_process = files_under(tmp_path / "one")
    assert written == len(one_process) >= 10
    assert _prepare_with_workers(root, tmp_path / "workers")["written"] == written
    assert files_under(tmp_path / "workers") == one_process
    # Again with nothing changed: nothing written, nothing removed.
    assert _prepare_with_workers(root, tmp_path / "workers")["written"] == 0
    assert files_under(tmp_path / "workers") == one_process


def _errors_in_one_process_and_from_workers(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """The error `prepare` raises for `project` in this process, and with workers."""
    monkeypatch.setattr(builder.parallel, "PARALLEL_FROM", 10**9)
    with pytest.raises(ContentError) as one_process:
        prepare(project.root)
    said = _prepare_with_workers(project.root, project.root / "build" / "docs")
    return str(one_process.value), said["error"]


def test_a_template_error_in_a_worker_is_reported_as_in_one_process(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    quote = project.root / "templates/_quote.html.j2"
    quote.write_text(
        quote.read_text(encoding="utf-8").replace(
            "{{ quote.translation | isolated }}", "{{ quote.record.translaton }}"
        ),
        encoding="utf-8",
    )
    alone, from_workers = _errors_in_one_process_and_from_workers(project, monkeypatch)
    assert "templates/_quote.html.j2:9: template error:" in alone
    assert from_workers == alone


def test_validation_reports_sources_then_unique_then_meetings(project: Project) -> None:
    meeting, other = (
        "site_src/meetings/2024-01-05-hanoi.md",
        "site_src/meetings/2023-05-20-da-nang.md",
    )
    text = (project.root / meeting).read_text(encoding="utf-8")
    text = text.replace("sources: [2024-01-05-bao-mau]", "sources: [nope, 2024-01-05-bao-mau]", 1)
    project.write(meeting, text)
    other_text = (project.root / other).read_text(encoding="utf-8")
    first_id = re.findall(r"- id: (\S+)", other_text)[0]
    project.write(other, other_text.replace(f"- id: {first_id}", "- id: an-cooperate", 1))
    project.write("site_src/sources/zz-listed-by-none.yml", source_one(headline="Not printed"))
    dossier, _ = load_dossier(project.root)
    verified, problems = validate_dossier(dossier)
    said = [f"{problem.path}: {problem.message.split(';')[0]}" for problem in problems]
    assert said == [
        "site_src/sources/zz-listed-by-none.yml: headline is not printed in the raw article",
        "site_src/meetings/2024-01-05-hanoi.md: quote id 'an-cooperate' is also used in "
        "site_src/meetings/2023-05-20-da-nang.md",
        "site_src/meetings/2024-01-05-hanoi.md: unknown source 'nope' (known: "
        "2023-05-an-visits-da-nang, 2024-01-05-bao-mau, zz-listed-by-none)",
    ]
    # Each quote's place is on the dossier's own paragraphs (of a quote id used twice, the
    # later meeting's quote, as the checks find them in turn).
    source_of = {q.id: q.source for item in dossier.meetings for q in item.record.quotes}
    assert len(verified.matches) == len(source_of)
    for quote_id, match in verified.matches.items():
        paragraphs = dossier.sources[source_of[quote_id]].paragraphs
        assert any(match.paragraph is paragraph for paragraph in paragraphs)


def test_templates_may_be_a_link_to_a_folder_elsewhere(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    shared = tmp_path / "shared-templates"
    (project.root / "templates").rename(shared)
    (project.root / "templates").symlink_to(shared)
    prepare(project.root, tmp_path / "docs")
    assert (tmp_path / "docs" / "dossier.schema.json").read_bytes() == (
        project.root / "schema" / "dossier.schema.json"
    ).read_bytes()


def test_of_two_template_errors_workers_report_the_first_job_s_as_one_process_does(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Meeting pages come before person pages in the job list; this process starts from the end.
    for name, good, bad in [
        (
            "meeting.md.j2",
            "{{ meeting.record.title | isolated }}</bdi></h1>",
            "{{ meeting.record.titel }}</bdi>",
        ),
        ("person.md.j2", "<h1><bdi>{{ person.name | isolated }}", "<h1><bdi>{{ person.nmae }}"),
    ]:
        template = project.root / "templates" / name
        template.write_text(template.read_text(encoding="utf-8").replace(good, bad, 1))
    alone, from_workers = _errors_in_one_process_and_from_workers(project, monkeypatch)
    assert "templates/meeting.md.j2:" in alone
    assert from_workers == alone


SLOW_WORKERS = """
import functools, json, os, time
import builder.parallel
builder.parallel.PARALLEL_FROM = 1
builder.parallel.SMALLEST_PIECE = 1
parent = os.getpid()
def job(index):
    if os.getpid() != parent:
        time.sleep(0.2)
    return index, os.getpid()
results = builder.parallel.run_jobs([functools.partial(job, index) for index in range(64)])
print(json.dumps([index for index, _ in results]))
print(sum(pid == parent for _, pid in results))
"""


def test_pieces_a_slow_worker_has_not_started_are_done_by_the_parent() -> None:
    completed = _run_python(SLOW_WORKERS)
    order, by_parent = completed.stdout.splitlines()
    assert json.loads(order) == list(range(64))
    processes = min(len(os.sched_getaffinity(0)), builder.parallel.MAX_WORKERS)
    # A worker is handed a piece or two at a time (here a job each); the parent does the rest.
    assert int(by_parent) >= 64 - 2 * processes
    if processes > 1:
        assert int(by_parent) < 64


SLOW_TO_END = """
import functools, json, os, time
import builder.parallel
builder.parallel.PARALLEL_FROM = 1
builder.parallel.SMALLEST_PIECE = 1
work = builder.parallel._work
def work_then_linger(*args):
    work(*args)
    time.sleep(2)  # a worker slow to end once its pieces are done
builder.parallel._work = work_then_linger
results = builder.parallel.run_jobs([functools.partial(pow, index, 2) for index in range(64)])
ended = list(builder.parallel._ended_workers)
lingering = sum(process.is_alive() for process in ended)
builder.parallel.run_jobs([])  # the next call waits for them
print(json.dumps([results, len(ended), lingering, [process.exitcode for process in ended]]))
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs a worker process")
def test_the_results_come_back_without_waiting_for_the_workers_to_end() -> None:
    completed = _run_python(SLOW_TO_END)
    results, ended, lingering, codes = json.loads(completed.stdout)
    assert results == [index**2 for index in range(64)]
    workers = min(len(os.sched_getaffinity(0)), builder.parallel.MAX_WORKERS) - 1
    # Every worker was still there when its results were in; the next call reaped them.
    assert ended == lingering == workers
    assert codes == [0] * workers
    assert completed.stderr == ""


BUILD_WITH_WORKERS = """
import os, sys
from pathlib import Path
import builder.parallel, builder.engine.search_index
from builder.pipeline import build_site
builder.parallel.PARALLEL_FROM = 1
builder.parallel.SMALLEST_PIECE = 1
parsed_by = Path(sys.argv[3])
entries = builder.engine.search_index._entries
def entries_noting_the_process(*args):
    with parsed_by.open("a") as note:
        note.write(f"{os.getpid()}\\n")
    return entries(*args)
builder.engine.search_index._entries = entries_noting_the_process
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_the_search_index_parsed_on_all_cores_is_the_one_material_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_hostile_project(tmp_path / "hostile")
    # Material's own way: each page parsed as it is built.
    monkeypatch.setattr(builder.engine.plugin, "defer_parsing", lambda _search: False)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build_site(root, tmp_path / "material")
    material = files_under(tmp_path / "material")
    index = json.loads(material["search/search_index.json"])
    assert len({entry["location"].split("#")[0] for entry in index["docs"]}) >= 5
    # Deferred and shared among forked workers, in a process of its own (this one may run
    # other threads, and then parses in one process).
    parsed_by = tmp_path / "parsed-by.txt"
    subprocess.run(
        [sys.executable, "-c", BUILD_WITH_WORKERS, str(root), str(tmp_path / "workers"), parsed_by],
        check=True,
        timeout=300,
        cwd=REPO,
        capture_output=True,
    )
    processes = len(set(parsed_by.read_text(encoding="utf-8").split()))
    assert processes == min(len(os.sched_getaffinity(0)), builder.parallel.MAX_WORKERS)
    assert files_under(tmp_path / "workers") == material


def test_a_search_plugin_that_is_not_materials_is_left_as_it_is() -> None:
    plugin = SimpleNamespace(search_index=SimpleNamespace(entries=[], add_entry_from_context=print))
    assert not defer_parsing(plugin)
    assert plugin.search_index.add_entry_from_context is print
    assert not defer_parsing(object())


WORKER_ENDS = """
import functools, os, sys, threading
import builder.parallel
builder.parallel.PARALLEL_FROM = 1
builder.parallel.SMALLEST_PIECE = 1
parent = os.getpid()
def job(index, how):
    if os.getpid() != parent and how == "exit":
        os._exit(3)  # a worker killed in the middle of its first piece
    if os.getpid() != parent and how == "unpicklable":
        raise ValueError(threading.Lock())  # an error that cannot travel back
    return index
try:
    builder.parallel.run_jobs([functools.partial(job, i, sys.argv[1]) for i in range(64)])
except Exception as error:
    print(type(error).__name__, error)
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs a worker process")
@pytest.mark.parametrize(
    ("how", "said"),
    [
        (
            "exit",
            "RuntimeError a worker process ended before it finished its jobs (exit codes: {codes})",
        ),
        (
            "unpicklable",
            "UnpicklableOutcome a worker process could not send back ValueError(<unlocked "
            "_thread.lock object at",
        ),
    ],
)
def test_a_worker_that_ends_early_or_cannot_send_its_outcome_is_reported(
    how: str, said: str
) -> None:
    completed = _run_python(WORKER_ENDS, how)
    # Every worker is killed in its first piece: each ends with the code it was given.
    workers = min(len(os.sched_getaffinity(0)), builder.parallel.MAX_WORKERS) - 1
    said = said.format(codes=", ".join(["3"] * workers))
    assert completed.stdout.startswith(said), completed.stdout


def test_jobs_run_in_one_process_where_processes_cannot_share_a_lock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(builder.parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(builder.parallel, "_LOCKS_SHARED", False)
    assert builder.parallel.worker_count(1000) == 1
    assert builder.parallel.run_jobs([os.getpid] * 5) == [os.getpid()] * 5


def test_jobs_run_in_one_process_while_other_threads_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builder.parallel, "PARALLEL_FROM", 1)
    started = threading.Event()
    stop = threading.Event()

    def wait() -> None:
        started.set()
        stop.wait()

    thread = threading.Thread(target=wait)
    thread.start()
    started.wait()
    try:
        assert builder.parallel.worker_count(1000) == 1
        pids = builder.parallel.run_jobs([os.getpid] * 5)
        assert pids == [os.getpid()] * 5
    finally:
        stop.set()
        thread.join()
