"""A meeting's Vietnamese title, summary line and summary (issue 19): optional, ours, and
footnoted like the English, checked at the lines that hold them."""

from __future__ import annotations

import pytest

from tests.conftest import Project

MEETING = "site_src/meetings/2024-01-05-hanoi.md"


def with_vietnamese(project: Project, fields: str) -> None:
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("quotes:\n", fields + "quotes:\n", 1), encoding="utf-8")


def line_of(project: Project, words: str) -> int:
    lines = (project.root / MEETING).read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if words in line)


def test_a_vietnamese_summary_is_footnoted_like_the_english(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    with_vietnamese(
        project,
        'title_vi: "An và Bình gặp nhau tại Hà Nội"\n'
        "summary_line_vi: An và Bình đồng ý hợp tác chặt chẽ.\n"
        "summary_vi: |\n"
        "  An và Bình gặp nhau tại Hà Nội.[^2024-01-05-bao-mau]\n"
        "\n"
        "  Hai bên nói chuyện trong hai giờ. Câu này không có chú thích.[^nguon-khac]\n",
    )
    result = project.run("check", capsys=capsys)
    line = line_of(project, "Hai bên nói chuyện")
    assert sorted(result.err.splitlines()[:-1]) == [
        f"{MEETING}:{line}: footnote [^nguon-khac] names no source of this meeting (known: "
        "2024-01-05-bao-mau)",
        f"{MEETING}:{line}: summary sentence has no footnote to a source: "
        '"Hai bên nói chuyện trong hai giờ."',
    ]


def test_vietnamese_fields_that_are_complete_pass(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    with_vietnamese(
        project,
        'title_vi: "An và Bình gặp nhau tại Hà Nội"\n'
        "summary_vi: An và Bình gặp nhau tại Hà Nội.[^2024-01-05-bao-mau]\n",
    )
    result = project.run("check", capsys=capsys)
    assert result.status == 0, result.err


@pytest.mark.parametrize("field", ["title_vi", "summary_line_vi", "summary_vi"])
def test_a_blank_vietnamese_field_is_refused(
    project: Project, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    with_vietnamese(project, f'{field}: "   "\n')
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    assert f":{line_of(project, field)}: field '{field}' must be text" in result.err
