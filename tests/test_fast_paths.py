"""The fast paths taken for large dossiers give exactly what the plain ways give.

Each test compares a fast path with the simple code it replaced (kept here as the reference)
on many generated inputs, the awkward ones included.
"""

from __future__ import annotations

import json
import os
import pickle
import random
import re
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from pydantic import BaseModel, ValidationError
from slugify import slugify

import builder.content.load
import builder.engine.plugin
import builder.parallel
from builder.cli import main
from builder.content.load import load_yaml, split_front_matter
from builder.content.models import Cut, Paragraph
from builder.content.plain_yaml import load_plain_yaml
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
from builder.problems import ContentError, Problem
from builder.stamp import inputs_digest
from tests.conftest import REPO, Project, files_under, source_one
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


YAML_DOCUMENTS = [
    "a: 1\nb: [x, 2.5, null, true, 2024-01-05, '2024-01-05', 2024-06, no, NO, 1:30]\nc: {d: e}\n",
    "quotes:\n  - id: q\n    text: 'Nói: “không”'\n  - id: r\n    text: x\n",
    "a: &x [1, {b: c}]\nb: *x\n",
    "a: &x 1\nb: 2\n",
    "<<: {a: 1}\nb: 2\n",
    "a: !!set {x, y}\n",
    "1: a\nnull: b\n",
    "a: 1\na: 2\n",
    "- a\n- b: c\n  b: d\n",
    "? [a]\n: b\n",
    "a: [1\n",
    "a: 'open\n",
    "a: b: c\n",
    "a:\n\t- b\n",
    "x: " + "[" * 60 + "]" * 60 + "\n",
    "# only a comment\n",
    "a: b\x07\n",
    "a: \u2028b\n",
    "a: \x9fb\n",
    "",
]


def _both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """`load_yaml` as it runs (the plain reader, else libyaml, else PyYAML's composer), and
    with PyYAML's composer alone."""
    fast = load_yaml(text, "f.yml", first_line=3)
    with monkeypatch.context() as patch:
        patch.setattr(builder.content.load, "_composed_quickly", lambda _text: (False, None))
        patch.setattr(builder.content.load, "load_plain_yaml", lambda _text, _first_line: None)
        slow = load_yaml(text, "f.yml", first_line=3)
    return (fast[0], dict(fast[1].lines), fast[2]), (slow[0], dict(slow[1].lines), slow[2])


PLAIN_KEYS = ["id", "text", "a", "b", "raw_sha256", "x.y", "k-2", "1", "null", "true", "é", "a b"]
PLAIN_VALUES = [
    *["word", "Hai nhà lãnh đạo", "Theo Sputnik", "ông Kim, ông Putin", "a,b", "C#", "x#y"],
    *["https://a.vn/b?c=d#e", "a:b", "12:30", "it's", 'say "hi"', "[x] y", "a {b}", "(a)"],
    *["yes", "No", "true", "FALSE", "~", "null", "Null", "1", "+3", "007", "1.5", ".5", "1e3"],
    *["1.", "1_000", "0x1F", "2024-01-05", ".", "é", "=", "<<", "a: b", "a #b", "a:", "x  y"],
    *["'q''s'", "'a: b'", "''", "'open", "'a' b", "'a' # c", '"dq"', '"d\\"q"', '""', '"a'],
    *["[1, 2]", "[]", "{a: 1}", "{}", "&a x", "*a", "!t x", "!!str 1", "- x", "-x", "-1", "|"],
    *[">", "%x", "@x", "`x", "?x", "? x", ":x", ",x", "#c", "x\t", "\u00a0x\u00a0", "a  ", ""],
    *['"a\\\\b"', '"\\\\"', '"a\\nb"', '"\\u00e9"', '"a\\ b"', "'a\\b'", '"tab\\tx"', '"x\\"'],
    *["[a, ]", "[a: b]", "[[a]]", "[a] b", "[a] # c", "{a: 1}x", "{a}", "{a:1}", "{'a': 1}"],
    *["[a, 'b, c']", '[a, "b\\", c"]', "[a:b]", "[ ]", "[a,b]", "[1, ~, x y]", "[é, 'it''s']"],
    *["{k: v, k: w}", '{lines: "3", role: caption}', "{ a: 1 , b: [c] }", "{a: b, c: }"],
]
USUAL_VALUES = [*PLAIN_VALUES[:30], "[a, 'b, c']", '{lines: "3", role: x}', '"say \\"hi\\""']


PLAIN_SHAPES = ["{k}: {v}", "{k}:", "- {v}", "- {k}: {v}", "-", "# {v}", "", "{k} : {v}", "{v}"]
PLAIN_SHAPES += ["{k}:  {v}  ", "- - {v}", "{k}: {v} # c", "-  {k}: {v}", "- {k}:"]


def _plain_block(rng: random.Random, indent: int, depth: int) -> list[str]:
    """Rows of a well-formed block mapping or list (values mostly of the first, usual kinds)."""
    pad = " " * indent
    rows: list[str] = []
    as_list = rng.random() < 0.3
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(PLAIN_KEYS[:-1])
        value = rng.choice(USUAL_VALUES if rng.random() < 0.9 else PLAIN_VALUES)
        nested = depth < 3 and rng.random() < 0.3
        if as_list and nested:
            inner = _plain_block(rng, indent + 2, depth + 1)
            first = inner[0].lstrip(" ")
            rows.append(pad + "- " + first if not first.startswith("-") else pad + "-")
            rows += inner[1:] if not first.startswith("-") else inner
        elif as_list:
            rows.append(f"{pad}- {value}")
        elif nested:
            rows.append(f"{pad}{key}:")
            rows += _plain_block(rng, indent + rng.choice([0, 2, 2, 4]), depth + 1)
        else:
            rows.append(f"{pad}{key}: {value}")
    return rows


def _plain_document(rng: random.Random) -> str:
    """A small document in the shape of dossier files, often with something odd in it."""
    rows = _plain_block(rng, 0, 0)
    for _ in range(rng.choice([0, 0, 1, 2])):
        indent = " " * rng.choice([0, 1, 2, 3, 4])
        shape = rng.choice(PLAIN_SHAPES)
        odd = shape.format(k=rng.choice(PLAIN_KEYS), v=rng.choice(PLAIN_VALUES))
        rows.insert(rng.randint(0, len(rows)), indent + odd)
    return "\n".join(rows) + rng.choice(["\n", "", "\n\n"])


def test_the_plain_reader_reads_what_pyyamls_composer_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(12)
    read_plainly = 0
    for _ in range(4000):
        text = _plain_document(rng)
        plain = load_plain_yaml(text, 3)
        if plain is None:
            continue
        read_plainly += 1
        data, lines, duplicates = plain
        # The lines are worked out when first asked, also after travelling from a worker.
        travelled = pickle.loads(pickle.dumps(lines))
        _, slow = _both_ways(text, monkeypatch)
        problems = [Problem("f.yml", line, f"duplicate key {key!r}") for line, key in duplicates]
        assert (data, lines, problems) == slow, repr(text)
        assert travelled == lines == pickle.loads(pickle.dumps(lines)), repr(text)
    # Most generated documents hold something odd, yet many are plain: the test compares.
    assert read_plainly > 1000


def test_the_plain_reader_leaves_deep_nesting_to_the_parser_as_before() -> None:
    deepest = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(49)) + "  " * 49 + "k: v\n"
    plain = load_plain_yaml(deepest, 1)
    assert plain is not None
    assert plain[1][(*(f"k{depth}" for depth in range(49)), "k")] == 50
    too_deep = "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(50)) + "  " * 50 + "k: v\n"
    assert load_plain_yaml(too_deep, 1) is None
    assert load_plain_yaml("k: " + "[" * 49 + "]" * 49 + "\n", 1) is None  # nested flows


def _located_the_plain_way(root: Path, raw: str) -> tuple[Path, str] | None:
    """A raw article's real path and its path as shown, each `Path` step taken in full."""
    site_src = (root / "site_src").resolve()
    path = root / "site_src" / raw
    if path.name in {"", "..", "."} or path.is_symlink():
        path = path.resolve()
    else:
        path = path.parent.resolve() / path.name
    if not path.is_relative_to(site_src):
        return None
    try:
        return path, path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path, path.as_posix()


def test_raw_paths_are_located_as_path_by_path_resolution_locates_them(tmp_path: Path) -> None:
    root = tmp_path / "project"
    articles = root / "site_src" / "articles"
    articles.mkdir(parents=True)
    (articles / "a.txt").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text("x", encoding="utf-8")
    (articles / "to-outside.txt").symlink_to(outside / "b.txt")
    (articles / "to-inside.txt").symlink_to(articles / "a.txt")
    (root / "site_src" / "linked").symlink_to(outside)
    (root / "site_src" / "inner").symlink_to(articles)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "site_src").symlink_to(root / "site_src")  # a project whose content is a link
    raws = ["articles/a.txt", "articles/missing.txt", "articles/to-outside.txt", "a.txt"]
    raws += ["articles/to-inside.txt", "linked/b.txt", "inner/a.txt", "inner/to-outside.txt"]
    raws += ["articles/../articles/a.txt", "./articles/a.txt", "articles//a.txt", "/etc/passwd"]
    raws += ["../project/site_src/articles/a.txt", ".hidden/a.txt", "articles/", "", "é/a.txt"]
    for project in (root, elsewhere):
        raw_paths = builder.content.load._RawPaths(project)
        for raw in raws:
            assert raw_paths.locate(raw) == _located_the_plain_way(project, raw), (project, raw)
    assert builder.content.load._RawPaths(root).locate("linked/b.txt") is None
    for base, path in [("/a", "/a/b/c"), ("/a", "/a"), ("/a", "/ab/c"), ("a", "a/b"), (".", "b")]:
        expected = (
            Path(path).relative_to(base).as_posix() if Path(path).is_relative_to(base) else path
        )
        assert builder.content.load._relative(Path(base), Path(path)) == expected


def test_the_plain_reader_takes_every_record_and_meeting_of_the_dossier(project: Project) -> None:
    documents = []
    for site_src in (REPO / "site_src", project.src):
        documents += [path.read_text(encoding="utf-8") for path in site_src.glob("sources/*.yml")]
        for path in site_src.glob("meetings/*.md"):
            documents.append(split_front_matter(path.read_text(encoding="utf-8"), "m.md")[0])
    assert len(documents) == 12
    for text in documents:
        assert load_plain_yaml(text, 2) is not None, text[:200]


def test_records_pickle_as_pydantics_own_way_restores_them(project: Project) -> None:
    verified, _ = check(project.root)
    dossier = verified.dossier
    records: list[BaseModel] = [source.record for source in dossier.sources.values()]
    records += [meeting.record for meeting in dossier.meetings]
    records += list(dossier.people.values())
    # Fields left to their defaults stay out of the set of fields given, as pydantic keeps it.
    records.append(Cut.model_validate({"lines": "3", "role": "caption"}))
    assert any(len(r.model_fields_set) < len(type(r).model_fields) for r in records)
    state = "__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__"
    for record in records:
        travelled = pickle.loads(pickle.dumps(record))
        # What pydantic's own pickling (`__getstate__`, `__setstate__`) would restore.
        reference = type(record).__new__(type(record))
        reference.__setstate__(record.__getstate__())
        assert type(travelled) is type(record)
        assert travelled == record == reference
        for name in state:
            assert getattr(travelled, name) == getattr(reference, name), name
        assert travelled.model_dump() == record.model_dump()
        with pytest.raises(ValidationError):  # still frozen
            travelled.__setattr__(next(iter(type(record).model_fields)), "x")


@pytest.mark.parametrize("text", YAML_DOCUMENTS)
def test_libyaml_gives_what_pyyamls_composer_gives(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both_ways(text, monkeypatch)
    assert fast == slow


def test_scalars_get_the_same_types_either_way(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = ["yes", "No", "true", "False", "~", "null", "1", "-2", "+3", "1.5", ".5", "1e3"]
    pieces += ["0x1F", "0o7", "1_000", "2024-01-05", "12:30", "=", "<<", "a", "é", "Đà", "x y", ""]
    rng = random.Random(5)
    for _ in range(1500):
        value = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 2)))
        text = f"k: {value}\nl: [{value}]\n"
        fast, slow = _both_ways(text, monkeypatch)
        assert fast == slow, repr(value)


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


def test_the_build_stamp_never_reads_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "site_src").mkdir()
    os.mkfifo(tmp_path / "site_src" / "pipe.txt")
    first = inputs_digest(tmp_path)
    assert inputs_digest(tmp_path) == first


@pytest.mark.parametrize(
    "text",
    ["a: " + "[" * 100_000 + "]" * 100_000, "- " * 200_000 + "x\n", "? " * 200_000 + "x\n"],
)
def test_nesting_too_deep_for_libyaml_is_reported_not_crashed(text: str) -> None:
    # libyaml composes by recursion in C: this nesting would end the process, not raise.
    _, _, problems = load_yaml(text, "f.yml")
    assert [str(problem) for problem in problems] == [
        "f.yml:1: invalid YAML: nested more than 50 levels deep"
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
    assert (said["compiled_here"] == []) == (cores > 1), said["compiled_here"]
    return said


def _errors_in_one_process_and_from_workers(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """The error `prepare` raises for `project` in this process, and with workers."""
    monkeypatch.setattr(builder.parallel, "PARALLEL_FROM", 10**9)
    with pytest.raises(ContentError) as one_process:
        prepare(project.root)
    said = _prepare_with_workers(project.root, project.root / "build" / "docs")
    return str(one_process.value), said["error"]


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
    dossier, _ = builder.content.load.load_dossier(project.root)
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


def test_content_problems_found_by_workers_are_reported_as_in_one_process(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(raw_sha256="0" * 64))
    meeting = project.src / "meetings/2024-01-05-hanoi.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("title:", "title: a: b\ntitel:", 1),
        encoding="utf-8",
    )
    alone, from_workers = _errors_in_one_process_and_from_workers(project, monkeypatch)
    assert "has changed since its record was made" in alone
    assert "2024-01-05-hanoi.md" in alone
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
