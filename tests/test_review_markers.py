"""Review is enforced and reported in one pass: markers left in records and meetings are
problems at their lines, a meeting whose front matter fails its schema still has its summary
and quotes checked, and `dossier ingest --json` / `--id` behave as the README says."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Project
from tests.test_error_corpus import edit

SOURCE = "site_src/sources/2024-01-05-bao-mau.yml"
MEETING = "site_src/meetings/2024-01-05-hanoi.md"


def problems(project: Project, capsys: pytest.CaptureFixture[str]) -> list[str]:
    result = project.run("check", capsys=capsys)
    assert "Traceback" not in result.err
    assert result.status == 1, result.out
    return result.err.splitlines()[:-1]


def test_review_markers_left_in_a_source_record_are_problems_at_their_lines(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, SOURCE, "language: vi", "language: vi  # REVIEW: BCP 47 tag")
    edit(project, SOURCE, "cuts:", "cuts:  #REVIEW")
    edit(project, SOURCE, "credits:", "credits:  # TODO check the credit")
    assert problems(project, capsys) == [
        f'{SOURCE}:3: REVIEW marker left: "BCP 47 tag"; check the value against the article, '
        "then delete the '# REVIEW' comment",
        f'{SOURCE}:13: TODO left: "check the credit"; write it, then delete the TODO',
        f"{SOURCE}:15: REVIEW marker left; check the value against the article, then delete "
        "the '# REVIEW' comment",
    ]


def test_a_marker_on_a_line_with_another_problem_is_not_reported_twice(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project,
        SOURCE,
        "editorial_title: 'Two leaders meet in Hanoi'",
        "editorial_title: null  # REVIEW: write our own short English title",
    )
    assert problems(project, capsys) == [
        f"{SOURCE}:6: field 'editorial_title' must be text; found nothing"
    ]


def test_words_that_only_look_like_markers_are_not_problems(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, MEETING, "title: An and Bình meet", "title: 'REVIEWS, TODOs: An and Bình meet")
    edit(project, MEETING, "in Hanoi\ndate:", "in Hanoi'\ndate:")
    edit(project, SOURCE, "editorial_title: 'Two", "editorial_title: 'TODOS of two")
    assert project.run("check", capsys=capsys).status == 0


def test_todo_text_in_a_summary_is_a_problem(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project,
        MEETING,
        "They spoke for two hours.",
        "They spoke for two hours (TODO: how long exactly?).",
    )
    assert problems(project, capsys) == [
        f'{MEETING}:31: TODO left: "how long exactly?).[^2024-01-05-bao-mau]"; write it, then '
        "delete the TODO"
    ]


def test_a_meeting_failing_its_schema_still_has_its_summary_and_quotes_checked(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (project.root / MEETING).read_text(encoding="utf-8")
    head, _, _ = text.partition("quotes:")
    project.write(
        MEETING,
        head.replace("title: An and Bình meet in Hanoi\n", "")
        + "---\nThey met.[^nope] They spoke.\n",
    )
    assert problems(project, capsys) == [
        f"{MEETING}:2: a meeting needs at least one quote to build; found none",
        f"{MEETING}:2: missing required field 'title'",
        f"{MEETING}:15: footnote [^nope] names no source of this meeting (known: "
        "2024-01-05-bao-mau)",
        f'{MEETING}:15: summary sentence has no footnote to a source: "They spoke."',
    ]


def test_a_misspelt_quotes_key_is_not_also_reported_as_no_quotes(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, MEETING, "title: An and Bình meet in Hanoi\n", "")
    edit(project, MEETING, "quotes:", "quotse:")
    assert [line.split(": ", 1)[1].split(";")[0] for line in problems(project, capsys)] == [
        "missing required field 'title'",
        "unknown field 'quotse'",
    ]


def test_a_meeting_whose_sources_are_broken_is_not_told_its_footnotes_are_unknown(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(project, MEETING, "sources: [2024-01-05-bao-mau]", "sources: 2024-01-05-bao-mau")
    edit(project, MEETING, "They spoke for two hours.", "They spoke.")
    edit(project, MEETING, "They spoke.[^2024-01-05-bao-mau]", "They spoke. Long.")
    lines = problems(project, capsys)
    assert lines == [
        f"{MEETING}:13: field 'sources' must be a list ([a, b], or one '- item' a line); found "
        "'2024-01-05-bao-mau'",
        f'{MEETING}:31: summary sentence has no footnote to a source: "Long."',
        f'{MEETING}:31: summary sentence has no footnote to a source: "They spoke."',
    ]


def test_a_meeting_without_front_matter_reports_its_markers_too(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project.write(MEETING, "TODO: everything\n")
    assert problems(project, capsys) == [
        f"{MEETING}:1: expected front matter: the file must start with a '---' line",
        # The only problem on its line: one message a line.
    ]


# dossier ingest --json and --id

ARTICLE = " date 2026-01-15 Ông An gặp Bà Bình tại Hà Nội ngày 15/1.\n\nÔng An nói “hợp tác” với Bà Bình.\n"


@pytest.mark.parametrize(
    "environment",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "latin-1"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
)
def test_ingest_json_prints_readable_utf8_whatever_the_locale(
    project: Project, tmp_path: Path, environment: dict[str, str]
) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LC_", "PYTHON"))}
    env.update(environment)
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "dossier"),
            "ingest",
            "--root",
            str(project.root),
            "--json",
            "--dry-run",
            str(article),
        ],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout.decode("utf-8")
    assert "\\u" not in out
    assert "Ông An gặp Bà Bình tại Hà Nội" in out
    (item,) = json.loads(out)
    # The field names of the YAML record, and the id and body.
    assert list(item) == [
        "path",
        "status",
        "id",
        "record",
        "raw",
        "raw_sha256",
        "language",
        "rights",
        "headline",
        "editorial_title",
        "date",
        "date_precision",
        "outlet",
        "captured_from",
        "author",
        "url",
        "cites",
        "credits",
        "cuts",
        "body",
    ]
    assert item["cuts"] == [{"lines": "1", "role": "marker", "prefix": " date 2026-01-15 "}]
    assert item["body"].startswith("Ông An gặp Bà Bình")


def ingest(
    project: Project, capsys: pytest.CaptureFixture[str], *arguments: str
) -> tuple[int, str, str]:
    result = project.run("ingest", *arguments, capsys=capsys)
    assert "Traceback" not in result.err
    return result.status, result.out, result.err


def test_ingest_id_names_the_record(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    status, out, err = ingest(project, capsys, "--id", "2026-01-15-an-binh", str(article))
    assert (status, err) == (0, "")
    assert out.splitlines()[0] == f"{article}: new source 2026-01-15-an-binh"
    record = project.src / "sources" / "2026-01-15-an-binh.yml"
    assert "raw: articles/bai.txt" in record.read_text(encoding="utf-8")
    assert sorted(path.name for path in (project.src / "sources").iterdir()) == [
        "2023-05-an-visits-da-nang.yml",
        "2024-01-05-bao-mau.yml",
        "2026-01-15-an-binh.yml",
    ]


@pytest.mark.parametrize(
    ("source_id", "paths", "status", "message"),
    [
        (
            "Bad Id",
            1,
            2,
            "source id 'Bad Id' is not a slug: use lower-case letters, digits and '-' only, such "
            "as 'bad-id'",
        ),
        (
            "../x",
            1,
            2,
            "source id '../x' is not a slug: use lower-case letters, digits and '-' only, such "
            "as 'x'",
        ),
        (
            "",
            1,
            2,
            "source id '' is not a slug: use lower-case letters, digits and '-' only, such as "
            "'a name in letters and digits'",
        ),
        (
            "2024-01-05-bao-mau",
            1,
            1,
            "source id '2024-01-05-bao-mau' is taken by site_src/sources/2024-01-05-bao-mau.yml; "
            "give another with --id",
        ),
        ("new-one", 2, 2, "--id names one record; give one PATH, not 2"),
    ],
)
def test_ingest_id_refusals_write_nothing(
    project: Project,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    source_id: str,
    paths: int,
    status: int,
    message: str,
) -> None:
    article = tmp_path / "bai.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = sorted(path.name for path in project.src.rglob("*"))
    result = ingest(project, capsys, "--id", source_id, *[str(article)] * paths)
    assert result == (status, "", f"dossier ingest: {message}; nothing was written\n")
    assert sorted(path.name for path in project.src.rglob("*")) == before
