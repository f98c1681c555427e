"""Statements, claims, organisations that speak, a quote's `via` and `context`: what builds,
and each way of slipping a false grouping, a false figure or a false credit past the build.

The project is the tiny one with a third article (`tests/statements_project.py`). Every
hostile case breaks it in one way and asserts the exact messages of `dossier build`, exit
status 1, and no traceback.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.content import validate as validate_module
from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from tests.conftest import Project, assert_refused
from tests.statements_project import (
    EN,
    MEETING,
    ONE,
    QUOTES_THREE,
    THREE,
    make_groups_project,
)

OTHER = "site_src/meetings/2023-05-20-da-nang.md"
PEOPLE = "site_src/people.yml"
TWO = "2023-05-an-visits-da-nang"
STATEMENT_QUOTES = "quotes: [an-cooperate, an-cooperate-three]"


def edit(project: Project, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new`; the text must be there."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edits(*changes: tuple[str, str, str]) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        for relative, old, new in changes:
            edit(project, relative, old, new)

    return apply


def in_meeting(old: str, new: str) -> Callable[[Project], None]:
    return edits((MEETING, old, new))


def claim_in_other_meeting(claim: str) -> Callable[[Project], None]:
    """Meeting two with one claim (its front matter ends with its one quote)."""
    return edits(
        (OTHER, "    attribution: ông An nói rằng\n", "    attribution: ông An nói rằng\n" + claim)
    )


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Project], None]
    messages: tuple[str, ...]


CASES: list[Case] = []


@pytest.fixture(scope="module")
def groups_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project, never changed: each test copies it."""
    return make_groups_project(tmp_path_factory.mktemp("groups") / "project")


@pytest.fixture
def groups(groups_once: Project, tmp_path: Path) -> Project:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(groups_once.root, root)
    return Project(root)


CASES += [
    # Statements
    Case(
        "statement-of-one-quote",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: field 'statements.0.quotes' must list at least 2 items; found one item",
        ),
    ),
    Case(
        "statement-two-renderings-of-one-source",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate-three, an-why-here]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': quotes 'an-cooperate-three' and 'an-why-here' are both from source '2024-01-06-ttxvn'; a statement groups renderings by different sources: keep one of them",
        ),
    ),
    Case(
        "statement-speaker-mismatch",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate, ministry-all-fields]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': quote 'ministry-all-fields' is spoken by 'bo-ngoai-giao', not by the statement's speaker 'ong-an'; a statement groups one speaker's words",
        ),
    ),
    Case(
        "statement-quote-of-another-meeting",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate, an-relations-good]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': quote 'an-relations-good' is a quote of another meeting (site_src/meetings/2023-05-20-da-nang.md); a statement groups quotes of its own meeting",
        ),
    ),
    Case(
        "statement-quote-typo",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate, an-cooperate-thre]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': unknown quote 'an-cooperate-thre'; did you mean 'an-cooperate-three'? (known: an-cooperate, an-cooperate-three, an-why-here, binh-exchanges, ministry-all-fields)",
        ),
    ),
    Case(
        "statement-quote-listed-twice",
        in_meeting(STATEMENT_QUOTES, "quotes: [an-cooperate, an-cooperate-three, an-cooperate]"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation' lists quote 'an-cooperate' twice (items 1 and 3); list each rendering once",
        ),
    ),
    Case(
        "quote-in-two-statements",
        in_meeting(
            "claims:\n",
            "  - id: an-again\n    speaker: ong-an\n    gist: Again.\n"
            "    quotes: [an-cooperate-three, an-cooperate]\nclaims:\n",
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:64: statement 'an-again': quote 'an-cooperate' is already a rendering of statement 'an-cooperation'; a quote renders one statement",
            "site_src/meetings/2024-01-05-hanoi.md:64: statement 'an-again': quote 'an-cooperate-three' is already a rendering of statement 'an-cooperation'; a quote renders one statement",
        ),
    ),
    Case(
        "statement-unknown-speaker",
        in_meeting("    speaker: ong-an\n    gist:", "    speaker: ong-ann\n    gist:"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:58: unknown speaker 'ong-ann'; did you mean 'ong-an'? (known: ba-binh, bo-ngoai-giao, ong-an)",
        ),
    ),
    Case(
        "statement-id-not-a-slug",
        in_meeting("id: an-cooperation", "id: An Cooperation"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:57: statement id 'An Cooperation' is not a slug: use lower-case letters, digits and '-' only, such as 'an-cooperation'",
        ),
    ),
    Case(
        "statement-id-used-twice",
        in_meeting(
            "claims:\n",
            "  - id: an-cooperation\n    speaker: ong-an\n    gist: Again.\n"
            "    quotes: [binh-exchanges, ministry-all-fields]\nclaims:\n",
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:61: statement id 'an-cooperation' is also used in site_src/meetings/2024-01-05-hanoi.md",
            "site_src/meetings/2024-01-05-hanoi.md:64: statement 'an-cooperation': quote 'binh-exchanges' is spoken by 'ba-binh', not by the statement's speaker 'ong-an'; a statement groups one speaker's words",
            "site_src/meetings/2024-01-05-hanoi.md:64: statement 'an-cooperation': quote 'ministry-all-fields' is spoken by 'bo-ngoai-giao', not by the statement's speaker 'ong-an'; a statement groups one speaker's words",
        ),
    ),
    Case(
        "statement-organisation-speaker-of-a-persons-words",
        in_meeting("    speaker: ong-an\n    gist:", "    speaker: bo-ngoai-giao\n    gist:"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': quote 'an-cooperate' is spoken by 'ong-an', not by the statement's speaker 'bo-ngoai-giao'; a statement groups one speaker's words",
            "site_src/meetings/2024-01-05-hanoi.md:60: statement 'an-cooperation': quote 'an-cooperate-three' is spoken by 'ong-an', not by the statement's speaker 'bo-ngoai-giao'; a statement groups one speaker's words",
        ),
    ),
    # Claims
    Case(
        "claim-inside-a-word",
        in_meeting("printed: hơn 1 giờ", "printed: 3 giờ"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:66: claim 'talks-length': printed '3 giờ' of source '2024-01-06-ttxvn' not found in the article text: its words are only part of the article's words «3 giờn» (paragraph 3): a quote must begin and end where the article's words do",
        ),
    ),
    Case(
        "claim-in-a-caption",
        in_meeting("printed: hơn 1 giờ", "printed: 5 văn kiện"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:66: claim 'talks-length': printed '5 văn kiện' of source '2024-01-06-ttxvn' not found in the article text: found on raw line 11, which the record cuts as caption: quote the article text, not what the record cuts",
        ),
    ),
    Case(
        "claim-in-boilerplate",
        in_meeting("printed: hai giờ", "printed: Bài liên quan"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:65: claim 'talks-length': printed 'Bài liên quan' of source '2024-01-05-bao-mau' not found in the article text: found on raw line 15, which the record cuts as site furniture: quote the article text, not what the record cuts",
        ),
    ),
    Case(
        "claim-in-the-headline-but-where-text",
        in_meeting("        where: headline\n", ""),
        (
            "site_src/meetings/2024-01-05-hanoi.md:73: claim 'talks-length-headline': printed '2 giờ' of source '2024-01-06-ttxvn' is not in the article text; found in the headline: set where: headline",
        ),
    ),
    Case(
        "claim-in-the-text-but-where-headline",
        in_meeting("        printed: 2 giờ\n", "        printed: hơn 1 giờ\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:73: claim 'talks-length-headline': printed 'hơn 1 giờ' of source '2024-01-06-ttxvn' is not in the headline; found in the article text: set where: text",
        ),
    ),
    Case(
        "claim-not-in-the-headline",
        in_meeting("        printed: 2 giờ\n", "        printed: 3 giờ\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:73: claim 'talks-length-headline': printed '3 giờ' of source '2024-01-06-ttxvn' is not in the headline «Ông An: hợp tác trong mọi lĩnh vực sau 2 giờ hội đàm»",
        ),
    ),
    Case(
        "claim-headline-of-a-source-with-none",
        claim_in_other_meeting(
            "claims:\n  - id: city\n    subject: the city\n    values:\n"
            f"      - {{source: {TWO}, value: Da Nang, printed: Đà Nẵng, where: headline}}\n"
        ),
        (
            "site_src/meetings/2023-05-20-da-nang.md:24: claim 'city': printed 'Đà Nẵng' of source '2023-05-an-visits-da-nang': source '2023-05-an-visits-da-nang' has no headline: set where: text when the article text prints the words, or record the headline in the source",
        ),
    ),
    Case(
        "claim-source-not-in-the-meeting",
        in_meeting(f"{{source: {ONE}, value: two hours", f"{{source: {TWO}, value: two hours"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:65: source '2023-05-an-visits-da-nang' is not among this meeting's sources (2024-01-05-bao-mau, 2024-01-06-ttxvn); a claim gives what the meeting's sources state",
        ),
    ),
    Case(
        "claim-unknown-source",
        in_meeting(f"{{source: {ONE}, value: two hours", "{source: bao-mau, value: two hours"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:65: unknown source 'bao-mau'; did you mean '2024-01-05-bao-mau'? (known: 2023-05-an-visits-da-nang, 2024-01-05-bao-mau, 2024-01-05-en, 2024-01-06-ttxvn)",
        ),
    ),
    Case(
        "claim-source-twice",
        in_meeting(f"{{source: {THREE}, value: more", f"{{source: {ONE}, value: more"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:66: claim 'talks-length': source '2024-01-05-bao-mau' is given twice (values 1 and 2); give one value per source",
        ),
    ),
    Case(
        "claim-printed-no-word",
        in_meeting("printed: hai giờ", 'printed: ":"'),
        (
            "site_src/meetings/2024-01-05-hanoi.md:65: claim 'talks-length': printed ':' of source '2024-01-05-bao-mau' holds no word: give the words the article prints for the value (at least one word of two or more letters or digits)",
        ),
    ),
    Case(
        "claim-id-not-a-slug",
        in_meeting("id: talks-length\n", "id: Talks_Length\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:62: claim id 'Talks_Length' is not a slug: use lower-case letters, digits and '-' only, such as 'talks-length'",
        ),
    ),
    Case(
        "claim-id-used-in-another-meeting",
        claim_in_other_meeting(
            "claims:\n  - id: talks-length\n    subject: the city\n    values:\n"
            f"      - {{source: {TWO}, value: Da Nang, printed: Đà Nẵng}}\n"
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:62: claim id 'talks-length' is also used in site_src/meetings/2023-05-20-da-nang.md",
        ),
    ),
    Case(
        "claim-with-no-value",
        in_meeting(
            f"    values:\n      - source: {THREE}\n        value: two hours\n"
            "        printed: 2 giờ\n        where: headline\n",
            "    values: []\n",
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:70: field 'claims.1.values' must list at least one item; found an empty list",
        ),
    ),
    # via
    Case(
        "via-a-photo-credit",
        in_meeting("    via: TTXVN", "    via: Sputnik"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:38: quote 'an-cooperate-three': via 'Sputnik' is the photo credit «Ảnh: Sputnik» of source '2024-01-06-ttxvn', not one of its cites (TTXVN, Reuters): a credit names who made the photo, not who gave the words",
        ),
    ),
    Case(
        "via-printed-only-far-away",
        in_meeting("    via: TTXVN", "    via: Reuters"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:38: quote 'an-cooperate-three': via 'Reuters': the article does not credit these words to it: «Reuters» is not in the quote's paragraph (1), the paragraph before it, or the article's byline or dateline; leave via out when the article does not say",
        ),
    ),
    Case(
        "via-typo",
        in_meeting("    via: TTXVN", "    via: TTXVM"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:38: quote 'an-cooperate-three': via 'TTXVM' is not one of the cites of source '2024-01-06-ttxvn'; did you mean 'TTXVN'? (its cites: TTXVN, Reuters)",
        ),
    ),
    Case(
        "via-of-a-source-that-cites-no-one",
        edits(
            (
                f"site_src/sources/{THREE}.yml",
                "cites:\n  - {name: TTXVN, printed: TTXVN}\n  - {name: Reuters, printed: Reuters}\n",
                "",
            )
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:38: quote 'an-cooperate-three': via 'TTXVN' is not one of the cites of source '2024-01-06-ttxvn'; the source cites no one: add the agency to its cites, or leave via out",
        ),
    ),
    # context
    Case(
        "context-in-another-paragraph",
        in_meeting("text: Phóng viên hỏi về vệ tinh", "text: Cuộc gặp kéo dài"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:47: context of quote 'an-why-here' stands in paragraph 3, not in the quote's paragraph (2) or the one before it: give the words that the quote answers there",
        ),
    ),
    Case(
        "context-inside-the-quote",
        in_meeting("text: Phóng viên hỏi về vệ tinh", "text: chúng tôi đến đây"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:47: context of quote 'an-why-here' overlaps the quoted words; give the words of the article outside the quote",
        ),
    ),
    Case(
        "context-not-in-the-article",
        in_meeting("text: Phóng viên hỏi về vệ tinh", "text: Phóng viên hỏi về tên lửa"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:47: context of quote 'an-why-here' not found in source '2024-01-06-ttxvn': the nearest passage (80% alike) differs in …hỏi về «tên lửa» / article: «»…; the passage: \"Phóng viên hỏi về\"",
        ),
    ),
    Case(
        "context-no-word",
        in_meeting("text: Phóng viên hỏi về vệ tinh", 'text: "?"'),
        (
            "site_src/meetings/2024-01-05-hanoi.md:47: context of quote 'an-why-here' holds no word: give the words of the article that the quote answers",
        ),
    ),
    Case(
        "context-part-of-a-word",
        in_meeting("text: Phóng viên hỏi về vệ tinh", "text: Phóng viên hỏi về vệ ti"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:47: context of quote 'an-why-here' not found in source '2024-01-06-ttxvn': its words are only part of the article's words «Phóng viên hỏi về vệ tinh» (paragraph 2): a quote must begin and end where the article's words do",
        ),
    ),
    # Organisations
    Case(
        "organisation-id-of-a-person",
        edits((PEOPLE, "  - id: bo-ngoai-giao", "  - id: ong-an")),
        (
            "site_src/meetings/2024-01-05-hanoi.md:50: unknown speaker 'bo-ngoai-giao' (known: ba-binh, ong-an)",
            "site_src/people.yml:11: duplicate organisation id 'ong-an': an id names one person or organisation",
        ),
    ),
    Case(
        "organisation-as-participant",
        in_meeting(
            "participants: [ong-an, ba-binh]", "participants: [ong-an, ba-binh, bo-ngoai-giao]"
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:12: participant 'bo-ngoai-giao' is an organisation (The foreign ministry), not a person: list the people who took part; an organisation may speak as a quote's speaker",
        ),
    ),
    Case(
        "organisation-id-not-a-slug",
        edits((PEOPLE, "  - id: bo-ngoai-giao", "  - id: Bo/Ngoai")),
        (
            "site_src/meetings/2024-01-05-hanoi.md:50: unknown speaker 'bo-ngoai-giao' (known: Bo/Ngoai, ba-binh, ong-an)",
            "site_src/people.yml:11: organisation id 'Bo/Ngoai' would write a page outside its folder: use lower-case letters, digits and '-' only, such as 'bo-ngoai'",
        ),
    ),
    Case(
        "organisation-name-holds-a-persons",
        edits((PEOPLE, '["Bộ Ngoại giao"]', '["Bộ Ngoại giao", "Bà Bình"]')),
        (
            "site_src/people.yml:15: printed name 'Bà Bình' of 'bo-ngoai-giao' and a printed name of 'ba-binh' hold one another: a printed name names one person",
        ),
    ),
    Case(
        "organisation-words-given-to-a-person",
        in_meeting("    speaker: bo-ngoai-giao\n", "    speaker: ba-binh\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:55: attribution 'Bộ Ngoại giao cho biết' of quote 'ministry-all-fields': the article gives these words to 'bo-ngoai-giao' (The foreign ministry), not to the speaker 'ba-binh'",
        ),
    ),
    Case(
        "speaker-unknown-lists-organisations",
        in_meeting("    speaker: bo-ngoai-giao\n", "    speaker: bo-ngoai\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:50: unknown speaker 'bo-ngoai'; did you mean 'bo-ngoai-giao'? (known: ba-binh, bo-ngoai-giao, ong-an)",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_refused_with_exact_messages(
    case: Case, groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    case.breaks(groups)
    assert_refused(groups.run("build", capsys=capsys), case.messages)
    assert not groups.site.exists()


# What builds


def test_statements_claims_organisations_via_and_context_pass_the_checks(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = groups.run("check", capsys=capsys)
    assert (result.status, result.err) == (0, "")
    assert result.out.startswith("dossier check: 2 meetings, 4 sources, 6 quotes verified in ")


def test_statements_claims_via_and_context_build(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # The organisation's quote is left out: its page is the site layer's part of the issue.
    quote = QUOTES_THREE[QUOTES_THREE.index("  - id: ministry-all-fields") :]
    edit(groups, MEETING, quote, "")
    result = groups.run("build", capsys=capsys)
    assert (result.status, result.err) == (0, "")
    assert (groups.site / "index.html").is_file()


def test_claim_matches_give_the_place_of_each_value_and_none_for_a_headline(
    groups: Project,
) -> None:
    dossier, problems = load_dossier(groups.root)
    verified, problems = validate_dossier(dossier)
    assert problems == []
    places = {
        key: None if match is None else match.paragraph.text[match.start : match.end]
        for key, match in verified.claim_matches.items()
    }
    assert places == {
        ("talks-length", ONE): "hai giờ",
        ("talks-length", THREE): "hơn 1 giờ",
        ("talks-length-headline", THREE): None,
    }
    match = verified.claim_matches[("talks-length", THREE)]
    assert match is not None
    # The paragraph is the one object the dossier holds, as for quotes.
    assert match.paragraph in dossier.sources[THREE].paragraphs
    assert match.paragraph.number == 3


CLAIMS_ON_THE_CORES = """
import json, os, sys
from pathlib import Path
import builder.content.validate as watched
from builder.content.load import load_dossier

noted = Path(sys.argv[2])
work = watched._meeting_problems

def noting(*arguments):
    with noted.open("a") as file:
        print(os.getpid(), file=file)
    return work(*arguments)

watched._meeting_problems = noting
watched.MEETINGS_ON_CORES_FROM = 1
dossier, _ = load_dossier(Path(sys.argv[1]))
verified, problems = watched.validate_dossier(dossier)
print(json.dumps({
    "problems": [str(problem) for problem in problems],
    "claims": sorted(
        [claim, source, None if match is None else [
            match.paragraph.number, match.start, match.end,
            match.paragraph in dossier.sources[source].paragraphs,
        ]]
        for (claim, source), match in verified.claim_matches.items()
    ),
    "by": sorted({int(pid) for pid in noted.read_text().split()}),
}))
print(os.getpid())
"""


def test_claim_matches_survive_the_meetings_checked_on_the_cores(
    groups: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_fresh

    completed = run_fresh(CLAIMS_ON_THE_CORES, str(groups.root), str(tmp_path / "checked-by"))
    report, parent = completed.stdout.splitlines()
    shared = json.loads(report)
    if len(os.sched_getaffinity(0)) > 1:
        assert int(parent) not in shared["by"]
    monkeypatch.setattr(validate_module, "MEETINGS_ON_CORES_FROM", 10**9)
    dossier, _ = load_dossier(groups.root)
    verified, problems = validate_dossier(dossier)
    assert shared["problems"] == [str(problem) for problem in problems] == []
    assert shared["claims"] == sorted(
        [
            claim,
            source,
            None if match is None else [match.paragraph.number, match.start, match.end, True],
        ]
        for (claim, source), match in verified.claim_matches.items()
    )
    assert len(shared["claims"]) == 3


def test_a_claim_left_unverified_has_no_place(groups: Project) -> None:
    edit(groups, MEETING, "printed: hơn 1 giờ", "printed: 3 giờ")
    dossier, _ = load_dossier(groups.root)
    verified, problems = validate_dossier(dossier)
    assert len(problems) == 1
    assert set(verified.claim_matches) == {("talks-length", ONE), ("talks-length-headline", THREE)}


def test_context_in_the_paragraph_before_the_quote_builds(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(groups, MEETING, "text: Phóng viên hỏi về vệ tinh", "text: Ông An tuyên bố")
    result = groups.run("check", capsys=capsys)
    assert (result.status, result.err) == (0, "")


def test_suggest_attribution_names_an_organisation(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(groups, MEETING, "    attribution: Bộ Ngoại giao cho biết\n", "")
    result = groups.run("suggest-attribution", capsys=capsys)
    assert result.out.splitlines() == [
        f"{MEETING}:53: quote 'ministry-all-fields': attribution: \"Bộ Ngoại giao cho biết\"",
        "dossier suggest-attribution: 1 quote to attribute",
    ]


# Translation: required unless the source is in English, refused there when it repeats.

QUOTE_EN = f"""  - id: an-en
    speaker: ong-an
    kind: direct
    source: {EN}
    text: "We will cooperate closely."
    attribution: Mr An said
"""


def with_english_quote(project: Project, translation: str | None = None) -> None:
    """Meeting one with the English source and a quote from it."""
    edit(project, MEETING, f"sources: [{ONE}, {THREE}]", f"sources: [{ONE}, {THREE}, {EN}]")
    quote = QUOTE_EN + (f"    translation: {translation}\n" if translation is not None else "")
    edit(project, MEETING, "statements:\n", quote + "statements:\n")


def test_a_quote_of_an_english_source_needs_no_translation(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    with_english_quote(groups)
    result = groups.run("check", capsys=capsys)
    assert (result.status, result.err) == (0, "")


@pytest.mark.parametrize(
    "translation",
    ["We will cooperate closely.", "we will  cooperate closely", '"We will cooperate closely!"'],
)
def test_an_english_translation_that_repeats_the_text_is_refused(
    groups: Project, capsys: pytest.CaptureFixture[str], translation: str
) -> None:
    with_english_quote(groups, repr(translation))
    result = groups.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{MEETING}:62: quote 'an-en': the translation repeats the text, and source {EN!r} is "
        "in English: leave 'translation' out, the words are shown once as the original",
        "dossier: 1 problem found; nothing was written",
    ]


def test_an_english_source_may_have_a_translation_that_says_more(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # Our English may clarify the original (a subject left out), and is then shown.
    with_english_quote(groups, "We [Vietnam] will cooperate closely.")
    result = groups.run("check", capsys=capsys)
    assert (result.status, result.err) == (0, "")


@pytest.mark.parametrize("language", ["en-GB", "en-US"])
def test_a_regional_english_counts_as_english(
    groups: Project, capsys: pytest.CaptureFixture[str], language: str
) -> None:
    edit(groups, f"site_src/sources/{EN}.yml", "language: en", f"language: {language}")
    with_english_quote(groups)
    result = groups.run("check", capsys=capsys)
    assert (result.status, result.err) == (0, "")
    with_repeat = groups.root / MEETING
    text = with_repeat.read_text(encoding="utf-8")
    text = text.replace(
        "    attribution: Mr An said\n",
        "    attribution: Mr An said\n    translation: We will cooperate closely.\n",
    )
    with_repeat.write_text(text, encoding="utf-8")
    result = groups.run("check", capsys=capsys)
    assert result.status == 1
    assert "is in English: leave 'translation' out" in result.err


def test_a_vietnamese_quote_without_translation_is_refused(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(groups, MEETING, "    translation: that is why we came here\n", "")
    result = groups.run("build", capsys=capsys)
    assert result.err.splitlines() == [
        f"{MEETING}:39: missing required field 'quotes.3.translation' (source {THREE!r} is in "
        "'vi'; only a quote from a source in English needs none)",
        "dossier: 1 problem found; nothing was written",
    ]
    assert result.status == 1


def test_a_language_that_only_starts_like_english_needs_a_translation(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # `enm` (Middle English) is not the dossier's language.
    edit(groups, f"site_src/sources/{EN}.yml", "language: en", "language: enm")
    with_english_quote(groups)
    result = groups.run("check", capsys=capsys)
    assert result.status == 1
    assert (
        "missing required field 'quotes.5.translation' (source '2024-01-05-en' is in 'enm'"
        in result.err
    )
