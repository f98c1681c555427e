"""Bad input: every problem reported as `path:line: message`, exit 1, and `site/` untouched."""

from __future__ import annotations

import gc
import re
from typing import Any

import pytest

import builder.pipeline
from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from builder.pipeline import prepare
from builder.problems import ContentError
from tests.conftest import Project, source_one
from tests.test_error_corpus import edit

MEETING = "site_src/meetings/2024-01-05-hanoi.md"


def fails_with(project: Project, capsys: pytest.CaptureFixture[str], *messages: str) -> list[str]:
    """Build, expect failure with exactly these problems, and check the old site is intact."""
    before = project.snapshot()
    result = project.run("build", capsys=capsys)
    assert result.status == 1
    lines = result.err.splitlines()
    assert lines[:-1] == list(messages)
    assert lines[-1].startswith(f"dossier: {len(messages)} problem")
    assert "Traceback" not in result.err
    assert project.snapshot() == before
    return lines


def test_one_word_changed_in_a_quote_names_file_line_and_closest_match(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(built, MEETING, "hợp tác chặt chẽ trong mọi", "hợp tác chặt chẽ trong nhiều")
    fails_with(
        built,
        capsys,
        f"{MEETING}:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the "
        "nearest passage (93% alike) differs in …chẽ trong «nhiều» / article: «mọi»…; the "
        'passage: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"',
    )


def test_stripped_diacritics_do_not_match(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        built,
        MEETING,
        "hai bên đã đồng ý tăng cường trao đổi",
        "hai ben da dong y tang cuong trao doi",
    )
    lines = fails_with(
        built,
        capsys,
        *[
            f"{MEETING}:27: quote 'binh-exchanges' not found in source '2024-01-05-bao-mau': "
            "the nearest passage (70% alike) differs in …hai «ben da dong y tang cuong» / "
            "article: «bên đã đồng ý tăng cường»… (only the diacritics differ); …cuong trao "
            "«doi» / article: «đổi»… (only the diacritics differ); the passage: "
            '"hai bên đã đồng ý tăng cường trao đổi"',
        ],
    )
    assert "binh-exchanges" in lines[0]


def test_all_problems_are_reported_together(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(built, MEETING, "speaker: ba-binh", "speaker: ba-bnh")
    edit(built, MEETING, "quotes:", "quotse:")
    edit(built, "site_src/sources/2024-01-05-bao-mau.yml", "language: vi", "language: 12")
    fails_with(
        built,
        capsys,
        f"{MEETING}:15: unknown field 'quotse'; did you mean 'quotes'? (allowed: claims, date, "
        "date_source, id, participants, place, quotes, slug, sources, statements, summary_line, "
        "summary_line_vi, summary_vi, title, title_vi)",
        "site_src/sources/2024-01-05-bao-mau.yml:3: field 'language' must be text; found 12 "
        "(a number): put it in quotes",
    )


def test_unknown_speaker_lists_known_people(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(built, MEETING, "speaker: ba-binh", "speaker: ba-bnh")
    fails_with(
        built,
        capsys,
        f"{MEETING}:24: unknown speaker 'ba-bnh'; did you mean 'ba-binh'? (known: ba-binh, ong-an)",
    )


def test_changed_raw_article_fails_the_sha_check(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = built.src / "articles/one.txt"
    path.write_bytes(path.read_bytes() + b"\nThem mot dong.\n")
    lines = fails_with(built, capsys, *_expected_sha_message(built))
    assert "has changed since its record was made" in lines[0]


def _expected_sha_message(project: Project) -> list[str]:
    import hashlib

    digest = hashlib.sha256((project.src / "articles/one.txt").read_bytes()).hexdigest()
    recorded = (
        (project.src / "sources/2024-01-05-bao-mau.yml").read_text().split("raw_sha256: '")[1][:64]
    )
    return [
        "site_src/sources/2024-01-05-bao-mau.yml:2: the raw article site_src/articles/one.txt has "
        f"changed since its record was made: SHA-256 is {digest}, the record says {recorded}"
    ]


def test_meeting_without_quotes_is_refused(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (built.root / "site_src/meetings/2023-05-20-da-nang.md").read_text(encoding="utf-8")
    head, _, rest = text.partition("quotes:")
    body = rest.split("---", 1)[1]
    built.write("site_src/meetings/2023-05-20-da-nang.md", head + "---" + body)
    fails_with(
        built,
        capsys,
        "site_src/meetings/2023-05-20-da-nang.md:2: a meeting needs at least one quote to build; found none",
    )


def test_url_with_other_scheme_is_refused(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        built,
        "site_src/sources/2024-01-05-bao-mau.yml",
        "url: 'https://example.com/tin/hai-lanh-dao-gap-nhau'",
        "url: 'javascript:alert(1)'",
    )
    fails_with(
        built,
        capsys,
        "site_src/sources/2024-01-05-bao-mau.yml:8: url must be an http or https address; "
        "found 'javascript:alert(1)'",
    )


def test_url_not_printed_in_article_is_refused(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(built, "site_src/sources/2024-01-05-bao-mau.yml", "hai-lanh-dao-gap-nhau'", "invented'")
    fails_with(
        built,
        capsys,
        "site_src/sources/2024-01-05-bao-mau.yml:8: url is not printed in the raw article; "
        "record only a URL the article prints",
    )


def test_wrong_command_line_exits_2(project: Project) -> None:
    result = project.run_process("bulid")
    assert result.status == 2
    assert "invalid choice: 'bulid'" in result.err
    assert "Traceback" not in result.err


def test_content_error_in_a_real_process_has_no_traceback(project: Project) -> None:
    edit(project, MEETING, "trong mọi lĩnh vực", "trong mọi lĩnh vục")
    result = project.run_process("check")
    assert result.status == 1
    assert result.err.splitlines()[0].startswith(f"{MEETING}:20: quote 'an-cooperate' not found")
    assert "Traceback" not in result.err
    assert not project.site.exists()


def test_url_python_cannot_parse_is_refused(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        built,
        "site_src/sources/2024-01-05-bao-mau.yml",
        "url: 'https://example.com/tin/hai-lanh-dao-gap-nhau'",
        "url: 'https://e.org['",
    )
    fails_with(
        built,
        capsys,
        "site_src/sources/2024-01-05-bao-mau.yml:8: url must be an http or https address; "
        "found 'https://e.org['",
    )


def test_the_garbage_collector_runs_again_after_our_stages_whether_they_pass_or_fail(
    project: Project,
) -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    real_validate = builder.pipeline.validate_dossier

    def validate_and_look(dossier: Any) -> Any:
        seen.append(gc.isenabled())
        return real_validate(dossier)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builder.pipeline, "validate_dossier", validate_and_look)
        prepare(project.root)
        assert gc.isenabled()
        project.write("site_src/people.yml", "people: [\n")
        with pytest.raises(ContentError):
            prepare(project.root)
    assert seen == [False, False]
    assert gc.isenabled()


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
