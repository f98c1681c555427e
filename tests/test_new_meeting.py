"""`dossier new meeting`, and the README's "Adding a meeting" followed step by step."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from builder.cli import main
from builder.content.yaml_reader import read_yaml
from builder.ingest.scaffold import Glance, render_meeting, scaffold_meeting
from tests.conftest import ARTICLE_ONE, REPO, Project, Result, sha256, source_one

MEETING = "site_src/meetings/2024-01-05-ha-noi.md"


def new_meeting(project: Project, *arguments: str, capsys: pytest.CaptureFixture[str]) -> Result:
    """Run `dossier new meeting --root PROJECT ARGUMENTS…` in this process."""
    capsys.readouterr()
    status = main(["new", "meeting", "--root", str(project.root), *arguments])
    captured = capsys.readouterr()
    return Result(status, captured.out, captured.err)


def scaffold_text(*, place: str, place_source: str, city: list[str], named: str) -> str:
    return "\n".join(
        [
            "---",
            "# Scaffolded by `dossier new meeting`. Write every line marked TODO, check every line",
            "# marked REVIEW, then run `dossier check`: it names each field still to do, at its line.",
            f"id: 2024-01-05-{place}",
            "title: null  # TODO: our English title for the meeting",
            "date: 2024-01-05",
            "date_source: 2024-01-05-bao-mau  # REVIEW: the source that states the date",
            "place:",
            f"  source: {place_source}",
            "  venue: null  # TODO: {name: …, printed: …} when the source names the building or site",
            *city,
            "  region: null",
            "  country: null  # TODO: {name: …, printed: …} when the source names the country",
            f"participants: []  # TODO: ids from site_src/people.yml; the sources name: {named}",
            "sources:",
            "  - 2023-05-an-visits-da-nang",
            "  - 2024-01-05-bao-mau",
            "summary_line: null  # TODO: one English sentence for the timeline",
            "quotes: []  # TODO: at least one, copied exactly from its source; for example:",
            f"#  - id: 2024-01-05-{place}-1  # unique across the dossier",
            "#    speaker: a-person-id  # from site_src/people.yml",
            "#    kind: direct  # direct (their own words) | reported",
            "#    source: 2023-05-an-visits-da-nang",
            '#    text: "…"  # exactly as the article prints it',
            '#    translation: "…"  # our English translation',
            '#    attribution: "…"  # who speaks, in the article: `dossier suggest-attribution`',
            "---",
            "TODO: the English summary, in Markdown.",
            "End every sentence with a footnote to the source that says it."
            "[^2023-05-an-visits-da-nang]",
            "",
        ]
    )


def test_scaffold_fills_what_the_sources_say(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Hà Nội",
        "--sources",
        "2023-05-an-visits-da-nang",
        "2024-01-05-bao-mau",
        capsys=capsys,
    )
    assert result.status == 0, result.err
    assert result.out == (
        f"dossier new meeting: wrote {MEETING}; complete the lines marked TODO, "
        "then run `dossier check`\n"
    )
    # The place is looked up in the sources: the second one prints it. The date is the
    # publication date of the second source. Both sources name both people.
    assert (project.root / MEETING).read_text(encoding="utf-8") == scaffold_text(
        place="ha-noi",
        place_source="2024-01-05-bao-mau  # REVIEW: the source that names the place",
        city=[
            "  city:  # REVIEW: move it to venue, region or country if it is not a city",
            '    name: "Hà Nội"  # REVIEW: the name in English',
            '    printed: "Hà Nội"',
        ],
        named="ong-an, ba-binh",
    )


def test_place_not_printed_is_left_to_the_editor(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Capital",
        "--sources",
        "2023-05-an-visits-da-nang",
        "2024-01-05-bao-mau",
        "--dry-run",
        capsys=capsys,
    )
    assert result.status == 0
    assert result.out == scaffold_text(
        place="capital",
        place_source="2023-05-an-visits-da-nang  # TODO: the source that names the place",
        city=[
            "  city:",
            '    name: "Capital"',
            '    printed: null  # TODO: the words a source prints for "Capital"',
        ],
        named="ong-an, ba-binh",
    )
    assert not (project.src / "meetings" / "2024-01-05-capital.md").exists()


def test_check_names_every_field_left_to_do(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["--date", "2024-01-05", "--place", "Capital", "--sources", "2024-01-05-bao-mau"]
    assert new_meeting(project, *arguments, capsys=capsys).status == 0
    shown = "site_src/meetings/2024-01-05-capital.md"
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    # Everything left to do, in one run: the fields, the markers and instructions the scaffold
    # wrote, the missing quote and the summary; one message a line.
    assert result.err.splitlines() == [
        f"{shown}:2: the instructions of `dossier new meeting` are still here; do what they "
        "say, then delete them",
        f"{shown}:5: field 'title' must be text; found nothing",
        f'{shown}:7: REVIEW marker left: "the source that states the date"; check the value '
        "against the article, then delete the '# REVIEW' comment",
        f'{shown}:9: TODO left: "the source that names the place"; write it, then delete the TODO',
        f'{shown}:10: TODO left: "{{name: …, printed: …}} when the source names the building '
        'or site"; write it, then delete the TODO',
        f"{shown}:13: field 'place.city.printed' must be text; found nothing",
        f'{shown}:15: TODO left: "{{name: …, printed: …}} when the source names the country"; '
        "write it, then delete the TODO",
        f"{shown}:16: field 'participants' must list at least one item; found an empty list",
        f"{shown}:19: field 'summary_line' must be text; found nothing",
        f"{shown}:20: a meeting needs at least one quote to build; found none",
        f"{shown}:21: the example quote of `dossier new meeting` is still here (commented out); "
        "write the quotes under 'quotes:' and delete it",
        f'{shown}:29: summary sentence has no footnote to a source: "TODO: the English summary, '
        'in Markdown."',
        f'{shown}:30: the instruction "End every sentence with a footnote to the source that '
        'says it." of `dossier new meeting` is still in the summary; write the summary in its '
        "place",
        "dossier: 13 problems found; nothing was written",
    ]


def test_unknown_source_is_a_usage_error_and_writes_nothing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(path.name for path in (project.src / "meetings").iterdir())
    result = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Hanoi",
        "--sources",
        "2024-01-05-bao-mao",
        capsys=capsys,
    )
    assert result.status == 2
    assert result.err == (
        "dossier new meeting: unknown source '2024-01-05-bao-mao'; did you mean "
        "'2024-01-05-bao-mau'? (known: 2023-05-an-visits-da-nang, 2024-01-05-bao-mau); "
        "nothing was written\n"
    )
    assert sorted(path.name for path in (project.src / "meetings").iterdir()) == before


def test_existing_meeting_file_is_never_replaced(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = project.src / "meetings" / "2024-01-05-hanoi.md"
    before = existing.read_bytes()
    result = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Hanoi",
        "--sources",
        "2024-01-05-bao-mau",
        capsys=capsys,
    )
    assert result.status == 1
    assert result.err == (
        "dossier new meeting: site_src/meetings/2024-01-05-hanoi.md already exists; "
        "give another id with --id; nothing was written\n"
    )
    assert existing.read_bytes() == before
    other = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Hanoi",
        "--sources",
        "2024-01-05-bao-mau",
        "--id",
        "2024-01-05-hanoi-2",
        capsys=capsys,
    )
    assert other.status == 0
    assert (project.src / "meetings" / "2024-01-05-hanoi-2.md").is_file()


def test_bad_date_is_a_usage_error(project: Project, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        new_meeting(
            project,
            "--date",
            "2024-13-05",
            "--place",
            "Hanoi",
            "--sources",
            "x",
            capsys=capsys,
        )
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "dossier new meeting: error: argument --date: expected a date as YYYY-MM-DD, "
        "found '2024-13-05'"
    )


def test_meeting_id_that_is_not_a_slug_is_a_usage_error(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = new_meeting(
        project,
        "--date",
        "2024-01-05",
        "--place",
        "Hanoi",
        "--sources",
        "2024-01-05-bao-mau",
        "--id",
        "Hà Nội 2",
        capsys=capsys,
    )
    assert result.status == 2
    assert result.err == (
        "dossier new meeting: meeting id 'Hà Nội 2' is not a slug; use 'ha-noi-2'; "
        "nothing was written\n"
    )


# The README's "Adding a meeting", step by step, on a new article.

NEW_ARTICLE = """Ông An và ông Cường hội đàm tại Huế

Trần Thị B/Báo Thử| 12/03/2024 09:30

Ông An và ông Cường đã hội đàm tại Huế ngày 12/3, theo hãng tin AFP.

Ông An phát biểu: “Chúng tôi muốn hợp tác lâu dài với miền Trung”.

Hai ông bắt tay tại Huế. Ảnh: AFP

Ông Cường cho biết hai bên sẽ gặp lại vào năm sau.Cuộc gặp kéo dài ba giờ.

Bài liên quan
Đọc tiếp
"""


def readme_commands() -> list[list[str]]:
    """The `dossier` command lines of the README's "Adding a meeting", as arguments."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a meeting\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    commands = [
        shlex.split(line) for block in blocks for line in block.splitlines() if line.strip()
    ]
    assert all(command[0] == ".venv/bin/dossier" for command in commands)
    return [command[1:] for command in commands]


def reviewed(text: str) -> str:
    """The text with its `# REVIEW` and `# TODO` comments and the scaffold's own comment lines
    deleted, as the editor does once each is done."""
    text = re.sub(r"[ \t]*# (?:REVIEW|TODO)\b.*$", "", text, flags=re.MULTILINE)
    return re.sub(r"^#.*\n", "", text, flags=re.MULTILINE)


def fill(text: str, key: str, value: str) -> str:
    """Replace the scaffold's `key: … # TODO…` (or REVIEW) line, as the editor does."""
    pattern = re.compile(rf"^(\s*){re.escape(key)}:.*$", re.MULTILINE)
    assert pattern.search(text), key
    return pattern.sub(lambda match: f"{match[1]}{key}: {value}", text, count=1)


def test_readme_adding_a_meeting_step_by_step(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ingest, scaffold = readme_commands()
    assert ingest[0] == "ingest" and len(ingest) == 2
    assert scaffold[:2] == ["new", "meeting"]
    assert [scaffold[i] for i in (2, 4, 6)] == ["--date", "--place", "--sources"]

    # 1. Ingest the new article, exactly as received.
    received = tmp_path / "Downloads" / "bai-bao.txt"
    received.parent.mkdir()
    received.write_text(NEW_ARTICLE, encoding="utf-8")
    result = project.run(ingest[0], str(received), capsys=capsys)
    assert result.status == 0, result.err
    assert result.out.splitlines()[0] == f"{received}: new source 2024-03-12-bao-thu"
    assert (project.src / "articles" / "bai-bao.txt").read_text(encoding="utf-8") == NEW_ARTICLE

    # 2. Review the record: write our title; the detected fields are right.
    record_path = project.src / "sources" / "2024-03-12-bao-thu.yml"
    record = record_path.read_text(encoding="utf-8")
    for line in (
        'headline: "Ông An và ông Cường hội đàm tại Huế"',
        "  name: Báo Thử",
        "  name: Trần Thị B",
        "date: 2024-03-12",
        "  - name: AFP",
        '    printed: "Ảnh: AFP"',
        '  - {lines: "13-14", role: boilerplate}',
    ):
        assert line in record
    record = fill(record, "editorial_title", '"An and Cường meet in Huế"')
    # Until each REVIEW is checked and its marker deleted, `dossier check` names it.
    record_path.write_text(record)
    marked = project.run("check", capsys=capsys)
    assert marked.status == 1
    review_lines = [line for line in marked.err.splitlines() if "REVIEW marker left" in line]
    assert review_lines and all(
        line.startswith("site_src/sources/2024-03-12-bao-thu.yml:") for line in review_lines
    )
    assert len(review_lines) == len(marked.err.splitlines()) - 1
    record_path.write_text(reviewed(record))

    # 3. Add anyone new to people.yml.
    people = project.src / "people.yml"
    people.write_text(
        people.read_text(encoding="utf-8")
        + "  - id: ong-cuong\n    name: Ông Cường\n    role: Test leader\n"
        '    printed_names: ["ông Cường", "Ông Cường"]\n',
        encoding="utf-8",
    )

    # 4. Scaffold the meeting, then complete every TODO.
    arguments = dict(zip(scaffold[2::2], scaffold[3::2], strict=True))
    arguments.update({"--date": "2024-03-12", "--place": "Huế", "--sources": "2024-03-12-bao-thu"})
    result = new_meeting(
        project, *[item for pair in arguments.items() for item in pair], capsys=capsys
    )
    assert result.status == 0, result.err
    meeting_path = project.src / "meetings" / "2024-03-12-hue.md"
    meeting = meeting_path.read_text(encoding="utf-8")
    assert (
        "participants: []  # TODO: ids from site_src/people.yml; the sources name: ong-an, ong-cuong"
        in meeting
    )
    # `dossier check` guides the editor through what is left.
    unfinished = project.run("check", capsys=capsys)
    assert unfinished.status == 1
    assert [line.split(": ", 1)[1] for line in unfinished.err.splitlines()[:-1]] == [
        "the instructions of `dossier new meeting` are still here; do what they say, then "
        "delete them",
        "field 'title' must be text; found nothing",
        'REVIEW marker left: "the source that states the date"; check the value against the '
        "article, then delete the '# REVIEW' comment",
        'REVIEW marker left: "the source that names the place"; check the value against the '
        "article, then delete the '# REVIEW' comment",
        'TODO left: "{name: …, printed: …} when the source names the building or site"; write '
        "it, then delete the TODO",
        'REVIEW marker left: "move it to venue, region or country if it is not a city"; check '
        "the value against the article, then delete the '# REVIEW' comment",
        'REVIEW marker left: "the name in English"; check the value against the article, then '
        "delete the '# REVIEW' comment",
        'TODO left: "{name: …, printed: …} when the source names the country"; write it, then '
        "delete the TODO",
        "field 'participants' must list at least one item; found an empty list",
        "field 'summary_line' must be text; found nothing",
        "a meeting needs at least one quote to build; found none",
        "the example quote of `dossier new meeting` is still here (commented out); write the "
        "quotes under 'quotes:' and delete it",
        'summary sentence has no footnote to a source: "TODO: the English summary, in Markdown."',
        'the instruction "End every sentence with a footnote to the source that says it." of '
        "`dossier new meeting` is still in the summary; write the summary in its place",
    ]
    meeting = fill(meeting, "title", "An and Cường meet in Huế")
    meeting = fill(meeting, "name", "Hue")
    meeting = fill(meeting, "participants", "[ong-an, ong-cuong]")
    meeting = fill(meeting, "summary_line", "An and Cường hold talks in Huế.")
    meeting = fill(
        meeting,
        "quotes",
        "\n  - id: an-long-term\n    speaker: ong-an\n    kind: direct\n"
        "    source: 2024-03-12-bao-thu\n"
        '    text: "Chúng tôi muốn hợp tác lâu dài với miền Trung"\n'
        "    translation: We want long-term cooperation with the Centre",
    )
    front, _ = reviewed(meeting).rsplit("---\n", 1)
    meeting_path.write_text(
        front + "---\nAn and Cường held talks in Huế on 12 March 2024.[^2024-03-12-bao-thu]\n",
        encoding="utf-8",
    )

    # 5. The check asks who says the quote, and proposes the article's words for it;
    # `suggest-attribution --write` adds them to the meeting file.
    unattributed = project.run("check", capsys=capsys)
    assert unattributed.status == 1
    assert "quote 'an-long-term' has no attribution" in unattributed.err
    suggested = project.run("suggest-attribution", "--write", capsys=capsys)
    assert suggested.status == 0, suggested.err
    assert '    attribution: "Ông An phát biểu"' in meeting_path.read_text(encoding="utf-8")

    # 6. Check, then build: the meeting page shows the verified quote.
    checked = project.run("check", capsys=capsys)
    assert checked.status == 0, checked.err
    assert checked.out.startswith("dossier check: 3 meetings, 3 sources, 4 quotes verified")
    built = project.run("build", capsys=capsys)
    assert built.status == 0, built.err
    page = project.page("meetings/2024-03-12-hue.html")
    quote = page.select_one("article#q-an-long-term")
    assert " ".join(quote.select_one("blockquote").get_text().split()) == (
        "“Chúng tôi muốn hợp tác lâu dài với miền Trung”"
    )
    links = {
        a.get_text(" ", strip=True): a["href"] for a in quote.select(".dossier-quote__source a")
    }
    assert links == {
        "Archived copy at this quote": "../sources/2024-03-12-bao-thu.html#q-an-long-term"
    }
    source = project.page("sources/2024-03-12-bao-thu.html")
    assert source.select_one("#q-an-long-term") is not None
    assert "Báo Thử" in source.get_text()


def front_matter(text: str) -> dict[str, Any]:
    """A scaffold's front matter as the build reads it (YAML 1.2 core), with no problem."""
    front = text.split("---\n")[1]
    data, _, problems = read_yaml(front, "meeting.md", first_line=2)
    assert problems == []
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "value", ["no", "on", "1:30", "0o17", "2024-01-05", "~", ".5", "1e3", "null", "true", "12"]
)
def test_scaffold_reads_back_as_written_by_the_build(value: str) -> None:
    # YAML 1.1 and the build's YAML 1.2 core read these differently: the ids (file names of
    # sources, a meeting id given with --id) and the place come back as the text written.
    glances = [Glance(value, None, ""), Glance(f"{value}-2", None, f"Gặp tại {value}.")]
    text = render_meeting(value, dt.date(2024, 1, 5), value, glances, [])
    data = front_matter(text)
    assert data["id"] == value
    assert data["date"] == "2024-01-05"
    assert data["date_source"] == value
    assert data["sources"] == [value, f"{value}-2"]
    assert data["place"]["source"] == f"{value}-2"
    assert data["place"]["city"] == {"name": value, "printed": value}


def test_date_source_is_the_record_dated_that_day(project: Project) -> None:
    # The record's `date: 2024-01-05` is read as the build reads it (text, then a day): the
    # source dated that day states the date even where its article prints no `5/1`.
    article = ARTICLE_ONE.replace("05/01/2024", "2024-01-05")
    project.write("site_src/articles/three.txt", article)
    project.write(
        "site_src/sources/2024-01-05-three.yml",
        source_one(article, raw="articles/three.txt"),
    )
    _, text = scaffold_meeting(
        project.root,
        dt.date(2024, 1, 5),
        "Hà Nội",
        ["2023-05-an-visits-da-nang", "2024-01-05-three"],
    )
    assert front_matter(text)["date_source"] == "2024-01-05-three"


# The README's "Adding a meeting", step 6: two articles that disagree on a figure.

ARTICLE_A = """Hai lãnh đạo gặp nhau tại Huế

13/09/2023 10:00

Ông An và Bà Bình hội đàm hơn 1 giờ tại Huế ngày 13/9.
"""

ARTICLE_B = """Ông An và Bà Bình hội đàm hai giờ

13/09/2023 11:30

Ông An nói với phóng viên: “Chúng tôi sẽ gặp lại vào năm sau”.
"""


def readme_claims() -> str:
    """The `claims:` block of step 6 of the README's "Adding a meeting", as written there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Adding a meeting\n", 1)[1].split("\n## ", 1)[0]
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "claims:" in b]
    lines = block.splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip())
    return "\n".join(line[indent:] for line in lines) + "\n"


def test_readme_claim_of_two_articles_that_disagree_builds_from_front_matter_only(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = readme_claims()
    assert "bao-a" in claims and "where: headline" in claims
    for name, article in (("bao-a", ARTICLE_A), ("bao-b", ARTICLE_B)):
        project.write(f"site_src/articles/{name}.txt", article)
        project.write(
            f"site_src/sources/2023-09-13-{name}.yml",
            f"raw: articles/{name}.txt\nraw_sha256: {sha256(article)}\nlanguage: vi\n"
            f'headline: "{article.splitlines()[0]}"\neditorial_title: Talks in Huế ({name})\n'
            'date: 2023-09-13\ncuts:\n  - {lines: "1", role: headline}\n'
            '  - {lines: "3", role: dateline}\n',
        )
    project.write(
        "site_src/meetings/2023-09-13-hue.md",
        "---\nid: 2023-09-13-hue\ntitle: An and Bình meet in Huế\ndate: 2023-09-13\n"
        "date_source: 2023-09-13-bao-a\nplace:\n  source: 2023-09-13-bao-a\n  venue: null\n"
        "  city: {name: Hue, printed: Huế}\n  region: null\n  country: null\n"
        "participants: [ong-an, ba-binh]\nsources: [2023-09-13-bao-a, 2023-09-13-bao-b]\n"
        "summary_line: An and Bình hold talks in Huế.\nquotes:\n"
        "  - id: an-meet-again\n    speaker: ong-an\n    kind: direct\n"
        "    source: 2023-09-13-bao-b\n    text: Chúng tôi sẽ gặp lại vào năm sau\n"
        "    translation: We will meet again next year\n    attribution: Ông An nói\n"
        + claims
        + "---\nAn and Bình held talks in Huế.[^2023-09-13-bao-a]\n",
    )
    built = project.run("build", capsys=capsys)
    assert built.status == 0, built.err
    page = project.page("meetings/2023-09-13-hue.html")
    box = page.select_one("aside.dossier-differ__box")
    assert [" ".join(item.get_text().split()) for item in box.select("li")] == [
        "Outlet not named in the article: “Talks in Huế (bao-a)” (title ours): more than an "
        "hour (“hơn 1 giờ”) (in the article text)",
        "Outlet not named in the article: “Talks in Huế (bao-b)” (title ours): two hours "
        "(“hai giờ”) (in the headline)",
    ]
    links = [item.select_one("a")["href"] for item in box.select("li")]
    assert links == [
        "../sources/2023-09-13-bao-a.html#c-talks-length",
        "../sources/2023-09-13-bao-b.html#headline",
    ]
    timeline = project.page("index.html").select_one(".dossier-timeline")
    assert "Sources differ: the length of the talks" in " ".join(timeline.get_text().split())
