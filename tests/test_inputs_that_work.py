"""Inputs that look odd but are valid: each builds, and the reader sees clean text."""

from __future__ import annotations

import json
import unicodedata

import pytest

from tests.conftest import ARTICLE_ONE, MEETING_ONE, Project, sha256
from tests.test_error_corpus import ARTICLE, MEETING, PEOPLE, SOURCE, edit

QUOTE = "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"


def set_article(project: Project, data: bytes) -> None:
    (project.root / ARTICLE).write_bytes(data)
    edit(project, SOURCE, sha256(ARTICLE_ONE), sha256(data))


def build(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err


def html_pages(project: Project) -> dict[str, str]:
    return {
        path.relative_to(project.site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(project.site.rglob("*.html"))
    }


def text_of(node: object) -> str:
    return " ".join(node.get_text().split())  # type: ignore[attr-defined]


def test_nfd_text_is_matched_and_shown_in_nfc(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    set_article(project, unicodedata.normalize("NFD", ARTICLE_ONE).encode("utf-8"))
    project.write(MEETING, unicodedata.normalize("NFD", MEETING_ONE))
    assert unicodedata.normalize("NFD", QUOTE) != QUOTE
    build(project, capsys)
    meeting = project.page("meetings/2024-01-05-hanoi.html")
    assert text_of(meeting.select_one("#q-an-cooperate blockquote")) == f"“{QUOTE}”"
    source = project.page("sources/2024-01-05-bao-mau.html")
    assert text_of(source.select_one(".dossier-article mark")) == QUOTE
    for name, html in html_pages(project).items():
        assert unicodedata.is_normalized("NFC", html), name
    export = (project.site / "dossier.json").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", export)
    assert QUOTE in {quote["text"] for quote in json.loads(export)["quotes"]}


def test_a_byte_order_mark_is_stripped(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    bom = "\ufeff".encode()
    set_article(project, bom + ARTICLE_ONE.encode("utf-8"))
    for relative in (SOURCE, MEETING, PEOPLE):
        path = project.root / relative
        path.write_bytes(bom + path.read_bytes())
    build(project, capsys)
    source = project.page("sources/2024-01-05-bao-mau.html")
    # The headline is cut as line 1 and still checked as printed, BOM or not.
    assert text_of(source.select_one("h1")) == "Hai lãnh đạo gặp nhau tại Hà Nội"
    for name, html in html_pages(project).items():
        assert "\ufeff" not in html, name
    assert "\ufeff" not in (project.site / "dossier.json").read_text(encoding="utf-8")


def test_windows_line_endings(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    set_article(project, ARTICLE_ONE.replace("\n", "\r\n").encode("utf-8"))
    for relative in (SOURCE, MEETING, PEOPLE):
        path = project.root / relative
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    build(project, capsys)
    source = project.page("sources/2024-01-05-bao-mau.html")
    assert [text_of(mark) for mark in source.select(".dossier-article mark")] == [
        QUOTE,
        "hai bên đã đồng ý tăng cường trao đổi",
    ]
    for name, html in html_pages(project).items():
        assert "\r" not in html, name
    # Line numbers in messages still count lines as the editor sees them.
    edit(project, MEETING, "speaker: ba-binh", "speaker: ba-bnh")
    result = project.run("check", capsys=capsys)
    assert result.err.splitlines()[0] == (
        f"{MEETING}:24: unknown speaker 'ba-bnh'; did you mean 'ba-binh'? (known: ba-binh, ong-an)"
    )


def test_non_breaking_spaces_inside_a_quote(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # The article prints a non-breaking space inside one quote; the editor typed another
    # inside the other quote, where the article has a plain space.
    set_article(
        project, ARTICLE_ONE.replace("hợp tác chặt chẽ", "hợp tác\u00a0chặt chẽ").encode("utf-8")
    )
    edit(project, MEETING, "đồng ý tăng cường", "đồng ý\u00a0tăng cường")
    build(project, capsys)
    marks = project.page("sources/2024-01-05-bao-mau.html").select(".dossier-article mark")
    assert [" ".join(mark.get_text().split()) for mark in marks] == [
        QUOTE,
        "hai bên đã đồng ý tăng cường trao đổi",
    ]
    # Shown as printed: the article's own non-breaking space stays.
    assert "hợp tác\u00a0chặt chẽ" in marks[0].get_text()
