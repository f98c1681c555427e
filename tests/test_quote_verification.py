"""Verification that cannot be fooled: each way of slipping a false quote past the build.

Every case breaks the tiny project in one way and asserts the exact messages, exit status 1,
and the previously built site untouched. Cases come from an attacker's list: fragments of
words and numbers, punctuation-only quotes, narration passed off as direct speech, quoted
words passed off as reported, words given to someone else, and quotes that are not in the
article at all (each with the explanation that leads to the fix).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ARTICLE_ONE, REPO, Project, source_one

MEETING = "site_src/meetings/2024-01-05-hanoi.md"
Q0 = '''    text: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"'''


@dataclass(frozen=True)
class Case:
    """One way to break the project: an article (or None for the usual one), edits of the
    meeting file, and the exact messages the build must give."""

    id: str
    article: str | None
    edits: tuple[tuple[str, str], ...]
    messages: tuple[str, ...]


CASES = [
    Case(
        "fragment-start",
        None,
        tuple([(Q0, '    text: "húng tôi sẽ hợp tác"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': its words are only part of the article's words «Chúng tôi sẽ hợp tác» (paragraph 1): a quote must begin and end where the article's words do",
        ),
    ),
    Case(
        "fragment-end",
        None,
        tuple([(Q0, '    text: "Chúng tôi sẽ hợp tác chặt ch"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': its words are only part of the article's words «Chúng tôi sẽ hợp tác chặt chẽ» (paragraph 1): a quote must begin and end where the article's words do",
        ),
    ),
    Case(
        "punctuation-only",
        None,
        tuple([(Q0, '    text: "."')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' holds no word: a quote is words of the article, not punctuation, white space or a single letter",
        ),
    ),
    Case(
        "white-space",
        None,
        tuple([(Q0, '    text: "   "')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' holds no word: a quote is words of the article, not punctuation, white space or a single letter",
        ),
    ),
    Case(
        "one-letter",
        None,
        tuple([(Q0, '    text: "g"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' holds no word: a quote is words of the article, not punctuation, white space or a single letter",
        ),
    ),
    Case(
        "direct-narration",
        None,
        tuple([("kind: reported", "kind: direct")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:25: quote 'binh-exchanges' is direct, but its words are not inside one passage in quotation marks in the article; make it 'reported', or quote only the words in quotation marks",
        ),
    ),
    Case(
        "reported-in-quotes",
        None,
        tuple([("kind: direct", "kind: reported")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:18: quote 'an-cooperate' is reported, but its words lie inside quotation marks in the article: make it 'direct'",
        ),
    ),
    Case(
        "wrong-speaker",
        None,
        tuple([("speaker: ong-an", "speaker: ba-binh")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution 'Ông An nói' of quote 'an-cooperate': the article gives these words to 'ong-an' (Ông An), not to the speaker 'ba-binh'",
        ),
    ),
    Case(
        "attribution-other-paragraph",
        None,
        tuple([("attribution: Ông An nói", "attribution: Bà Bình cho biết")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution 'Bà Bình cho biết' of quote 'an-cooperate' is not printed in the quote's paragraph (paragraph 1, raw line 5); did you mean \"Ông An nói với\"?",
        ),
    ),
    Case(
        "attribution-inside-quote",
        None,
        tuple([("attribution: Ông An nói", "attribution: hợp tác chặt chẽ")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution 'hợp tác chặt chẽ' of quote 'an-cooperate' overlaps the quoted words; give the words outside the quote; did you mean \"Ông An nói với\"?",
        ),
    ),
    Case(
        "attribution-punctuation",
        None,
        tuple([("attribution: Ông An nói", "attribution: ':'")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution ':' of quote 'an-cooperate' holds no word: give the words of the article that say who speaks; did you mean \"Ông An nói với\"?",
        ),
    ),
    Case(
        "attribution-missing",
        None,
        tuple([("    attribution: Ông An nói\n", "")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' has no attribution: give the words of the article that say who speaks; the article attributes them as: attribution: \"Ông An nói với\"",
        ),
    ),
    Case(
        "cut-headline",
        None,
        tuple([(Q0, '    text: "Hai lãnh đạo gặp nhau tại Hà Nội"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': found on raw line 1, which the record cuts as headline: quote the article text, not what the record cuts",
        ),
    ),
    Case(
        "across-paragraphs",
        None,
        tuple([(Q0, '    text: "theo hãng tin Reuters. Hai lãnh đạo bắt tay nhau"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the nearest passage (60% alike) differs in …hãng tin «Reuters.» / article: «Reuters»…; …tin Reuters. «Hai lãnh đạo bắt tay nhau» / article: «»…; the passage: \"theo hãng tin Reuters\"",
        ),
    ),
    Case(
        "across-paragraphs2",
        None,
        tuple([(Q0, '    text: "tháng sau. Cuộc gặp kéo dài hai giờ"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the words run across paragraphs 2 and 3; quote each part on its own",
        ),
    ),
    Case(
        "ellipsis",
        None,
        tuple([(Q0, '    text: "Chúng tôi sẽ hợp tác … trong mọi lĩnh vực"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': it holds an ellipsis ('…', '...' or '[…]') that the article does not print at that place: split the quote where words were left out, one quote for each part (each part is in the article)",
        ),
    ),
    Case(
        "ellipsis-brackets",
        None,
        tuple([(Q0, '    text: "Chúng tôi sẽ [...] trong mọi lĩnh vực"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': it holds an ellipsis ('…', '...' or '[…]') that the article does not print at that place: split the quote where words were left out, one quote for each part (each part is in the article)",
        ),
    ),
    Case(
        "other-source",
        None,
        tuple([(Q0, '    text: "quan hệ hai bên đang tốt đẹp"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': these words are in source '2023-05-an-visits-da-nang', another of the dossier's sources: give that source",
        ),
    ),
    Case(
        "near-miss",
        None,
        tuple([(Q0, '    text: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi linh vực"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the nearest passage (97% alike) differs in …trong mọi «linh» / article: «lĩnh»… (only the diacritics differ); the passage: \"Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực\"",
        ),
    ),
    Case(
        "case",
        None,
        tuple([(Q0, '    text: "chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the nearest passage (97% alike) differs in …«chúng» / article: «Chúng»… (only capitals differ); the passage: \"Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực\"",
        ),
    ),
    Case(
        "invented",
        None,
        tuple([(Q0, '    text: "Chúng tôi sẽ tấn công nước láng giềng vào ngày mai"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the nearest passage (53% alike) differs in …tôi sẽ «tấn công nước láng giềng vào ngày» / article: «hợp tác chặt chẽ trong mọi lĩnh»…; …vào ngày «mai» / article: «»…; the passage: \"Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh\"",
        ),
    ),
    Case(
        "number",
        ARTICLE_ONE.replace(
            "Cuộc gặp kéo dài hai giờ",
            "Ông An nói 1.500 binh sĩ sẽ về nước. Cuộc gặp kéo dài hai giờ",
        ),
        tuple([(Q0, '    text: "500 binh sĩ sẽ về nước"'), ("kind: direct", "kind: reported")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': its words are only part of the article's words «1.500 binh sĩ sẽ về nước» (paragraph 3): a quote must begin and end where the article's words do",
        ),
    ),
    Case(
        "first-named",
        ARTICLE_ONE.replace("Bà Bình cho biết hai bên", "Bà Bình nói với Ông An rằng hai bên"),
        tuple(
            [
                ("attribution: Bà Bình cho biết", "attribution: Bà Bình nói với Ông An rằng"),
                ("speaker: ba-binh", "speaker: ong-an"),
            ]
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:29: attribution 'Bà Bình nói với Ông An rằng' of quote 'binh-exchanges': the article gives these words to 'ba-binh' (Bà Bình), not to the speaker 'ong-an'",
        ),
    ),
    Case(
        "name-in-quote",
        ARTICLE_ONE.replace(
            "Ông An nói với các phóng viên: “Chúng tôi",
            "Ông An nói với các phóng viên: “Bà Bình cho biết Chúng tôi",
        ),
        tuple(
            [
                ("speaker: ong-an", "speaker: ba-binh"),
                ("attribution: Ông An nói", "attribution: Bà Bình cho biết"),
            ]
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution 'Bà Bình cho biết' of quote 'an-cooperate': the article gives these words to 'ong-an' (Ông An), not to the speaker 'ba-binh'",
        ),
    ),
    Case(
        "two-sentences-before",
        ARTICLE_ONE.replace(
            "Ông An nói với các phóng viên: “", "Ông An nói. Trời đẹp. Các phóng viên nghe: “"
        ),
        tuple([("attribution: Ông An nói", "attribution: Ông An nói")]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:22: attribution 'Ông An nói' of quote 'an-cooperate' is not in the quote's sentence or the sentence just before it",
        ),
    ),
    Case(
        "tone",
        ARTICLE_ONE.replace("trong mọi lĩnh vực", "trong mọi lĩnh vực hòa bình"),
        tuple([(Q0, '    text: "Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực hoà bình"')]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found in source '2024-01-05-bao-mau': the nearest passage (96% alike) differs in …lĩnh vực «hoà» / article: «hòa»… (a tone mark placed otherwise: the same words in another spelling habit; copy the article's spelling); the passage: \"Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực hòa bình\"",
        ),
    ),
    Case(
        "hyphen",
        ARTICLE_ONE.replace("Bà Bình cho biết", "Bà Bình-Nga cho biết"),
        tuple([]),
        (
            "site_src/meetings/2024-01-05-hanoi.md:12: participant 'ba-binh' is not named in the article text of any of this meeting's sources",
            "site_src/meetings/2024-01-05-hanoi.md:24: speaker 'ba-binh' is not named in the article text of source '2024-01-05-bao-mau' (looked for Bà Bình)",
            "site_src/meetings/2024-01-05-hanoi.md:29: attribution 'Bà Bình cho biết' of quote 'binh-exchanges' is not printed in the quote's paragraph (paragraph 2, raw line 9)",
        ),
    ),
]


def break_project(project: Project, case: Case) -> None:
    if case.article is not None:
        project.write("site_src/articles/one.txt", case.article)
        project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(case.article))
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    for old, new in case.edits:
        assert old in text, f"{old!r} not in {MEETING}"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_a_false_quote_fails_the_build_and_says_why(
    case: Case, built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    break_project(built, case)
    result = built.run("build", capsys=capsys)
    lines = result.err.splitlines()
    assert (result.status, lines[:-1]) == (1, list(case.messages))
    assert lines[-1].startswith(f"dossier: {len(case.messages)} problem")
    assert "Traceback" not in result.err
    assert built.snapshot() == before


def seed_copy(tmp_path: Path) -> Project:
    """The real dossier's content, templates and config, in a folder of its own."""
    root = tmp_path / "seed"
    for name in ("templates", "schema", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return Project(root)


def edit_quote(project: Project, meeting: str, quote_id: str, old: str, new: str) -> int:
    """Replace `old` in the quote's own lines of a meeting file; returns the changed line."""
    path = project.src / "meetings" / meeting
    lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"  - id: {quote_id}")
    number = next(i for i in range(start, len(lines)) if old in lines[i])
    lines[number] = lines[number].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def test_an_attribution_cut_to_start_at_the_listener_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `Ông Kim Jong Un nói với ông Putin rằng …`: the words after `với` name the listener.
    project = seed_copy(tmp_path)
    meeting = "2025-09-03-beijing.md"
    edit_quote(
        project, meeting, "kim-cooperation-consolidated", "speaker: ", "speaker: vladimir-putin #"
    )
    line = edit_quote(
        project,
        meeting,
        "kim-cooperation-consolidated",
        "attribution: ",
        'attribution: "với ông Putin rằng" #',
    )
    result = project.run("check", capsys=capsys)
    assert result.err.splitlines()[:-1] == [
        f"site_src/meetings/{meeting}:{line}: attribution 'với ông Putin rằng' of quote "
        "'kim-cooperation-consolidated': the article gives these words to 'kim-jong-un' "
        "(Kim Jong Un), not to the speaker 'vladimir-putin'",
        *STATEMENT_OF_KIM,
    ]


BEIJING_LINES = (REPO / "site_src/meetings/2025-09-03-beijing.md").read_text("utf-8").split("\n")
STATEMENT_LINE = 1 + BEIJING_LINES.index(
    "    quotes: [kim-cooperation-consolidated, kim-relations-grown-since-treaty]"
)
STATEMENT_OF_KIM = [
    f"site_src/meetings/2025-09-03-beijing.md:{STATEMENT_LINE}: statement "
    "'kim-cooperation-since-treaty': "
    "quote 'kim-cooperation-consolidated' is spoken by 'vladimir-putin', not by the "
    "statement's speaker 'kim-jong-un'; a statement groups one speaker's words"
]
"""What the seed's statement says when its first rendering is given to Putin."""


@pytest.mark.parametrize(
    ("meeting", "quote_id", "speaker", "message"),
    [
        (
            "2023-09-13-vostochny.md",
            "peskov-sensitive-areas",
            "vladimir-putin",
            "attribution 'ông Peskov nói' of quote 'peskov-sensitive-areas': the article gives "
            "these words to 'dmitry-peskov' (Dmitry Peskov), not to the speaker 'vladimir-putin'",
        ),
        (
            "2025-09-03-beijing.md",
            "kim-cooperation-consolidated",
            "vladimir-putin",
            "attribution 'Ông Kim Jong Un nói với ông Putin rằng' of quote "
            "'kim-cooperation-consolidated': the article gives these words to 'kim-jong-un' "
            "(Kim Jong Un), not to the speaker 'vladimir-putin'",
        ),
        (
            "2023-09-13-vostochny.md",
            "putin-why-we-came",
            "kim-jong-un",
            "attribution 'ông Putin nói' of quote 'putin-why-we-came': the article gives these "
            "words to 'vladimir-putin' (Vladimir Putin), not to the speaker 'kim-jong-un'",
        ),
    ],
)
def test_real_words_given_to_someone_else_fail(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    meeting: str,
    quote_id: str,
    speaker: str,
    message: str,
) -> None:
    project = seed_copy(tmp_path)
    path = f"site_src/meetings/{meeting}"
    line = edit_quote(project, meeting, quote_id, "speaker: ", f"speaker: {speaker} #")
    attribution_line = line - 1  # `dossier suggest-attribution` put it before `speaker:`
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    statement = STATEMENT_OF_KIM if quote_id == "kim-cooperation-consolidated" else []
    assert result.err.splitlines()[:-1] == [f"{path}:{attribution_line}: {message}", *statement]


def test_every_seed_quote_is_attributed_and_verified(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = seed_copy(tmp_path)
    result = project.run("check", capsys=capsys)
    assert result.status == 0, result.err
    assert "33 quotes verified" in result.out
    meetings = [
        path.read_text(encoding="utf-8") for path in (project.src / "meetings").glob("*.md")
    ]
    quotes = [text.split("\nstatements:")[0].split("\nclaims:")[0] for text in meetings]
    assert sum(text.count("\n  - id: ") for text in quotes) == 33
    assert sum(text.count("\n    attribution: ") for text in quotes) == 33


def test_suggest_attribution_writes_only_what_is_missing(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    attribution: Bà Bình cho biết\n", ""), encoding="utf-8")
    shown = project.run("suggest-attribution", capsys=capsys)
    assert (shown.status, shown.out.splitlines()) == (
        0,
        [
            f"{MEETING}:27: quote 'binh-exchanges': attribution: \"Bà Bình cho biết\"",
            "dossier suggest-attribution: 1 quote to attribute",
        ],
    )
    assert path.read_text(encoding="utf-8") != text  # only shown: the file is as it was
    written = project.run("suggest-attribution", "--write", capsys=capsys)
    assert written.status == 0, written.err
    assert path.read_text(encoding="utf-8").replace(
        '    attribution: "Bà Bình cho biết"\n    speaker: ba-binh', "    speaker: ba-binh"
    ) == text.replace("    attribution: Bà Bình cho biết\n", "")
    assert project.run("check", capsys=capsys).status == 0
    # Nothing left to do: a second run proposes and writes nothing.
    again = project.run("suggest-attribution", "--write", capsys=capsys)
    assert again.out.splitlines() == [
        "dossier suggest-attribution: 0 quotes to attribute, 0 written"
    ]


def test_a_refused_attribution_is_proposed_again_but_never_rewritten(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.root / MEETING
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "attribution: Ông An nói", "attribution: Bà Bình cho biết"
        ),
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")
    result = project.run("suggest-attribution", "--write", capsys=capsys)
    assert result.out.splitlines()[0] == (
        f"{MEETING}:20: quote 'an-cooperate': attribution: \"Ông An nói với\" "
        "(instead of 'Bà Bình cho biết')"
    )
    assert path.read_text(encoding="utf-8") == before


def test_a_source_or_participant_listed_twice_is_an_error(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    break_project(
        built,
        Case(
            "twice",
            None,
            (
                ("participants: [ong-an, ba-binh]", "participants: [ong-an, ba-binh, ong-an]"),
                (
                    "sources: [2024-01-05-bao-mau]",
                    "sources: [2024-01-05-bao-mau, 2024-01-05-bao-mau]",
                ),
            ),
            (),
        ),
    )
    before = built.snapshot()
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[:-1] == [
        f"{MEETING}:12: participants: 'ong-an' is listed twice (items 1 and 3); list each once",
        f"{MEETING}:13: sources: '2024-01-05-bao-mau' is listed twice (items 1 and 2); list each "
        "once",
    ]
    assert built.snapshot() == before


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (
            '["Bà Bình", "n"]',
            "site_src/people.yml:9: printed name 'n' of 'ba-binh' holds no word: give the name "
            "as the articles print it, two or more letters",
        ),
        (
            '["Bà Bình", " "]',
            "site_src/people.yml:9: printed name ' ' of 'ba-binh' holds no word: give the name "
            "as the articles print it, two or more letters",
        ),
        (
            '["Bà Bình", "ông An"]',
            "site_src/people.yml:9: printed name 'ông An' of 'ba-binh' and a printed name of "
            "'ong-an' hold one another: a printed name names one person",
        ),
        (
            '["Bà Bình", "Ông An nói"]',
            "site_src/people.yml:9: printed name 'Ông An nói' of 'ba-binh' and a printed name of "
            "'ong-an' hold one another: a printed name names one person",
        ),
    ],
)
def test_a_printed_name_is_a_word_and_names_one_person(
    project: Project, capsys: pytest.CaptureFixture[str], names: str, message: str
) -> None:
    people = project.src / "people.yml"
    people.write_text(
        people.read_text(encoding="utf-8").replace('["Bà Bình"]', names), encoding="utf-8"
    )
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    assert message in result.err.splitlines()


def test_suggest_attribution_keeps_line_ends_and_permissions(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8").replace("    attribution: Bà Bình cho biết\n", "")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    path.chmod(0o664)
    assert project.run("suggest-attribution", "--write", capsys=capsys).status == 0
    written = path.read_bytes().decode("utf-8")
    assert '\r\n    attribution: "Bà Bình cho biết"\r\n    speaker: ba-binh\r\n' in written
    assert "\n" not in written.replace("\r\n", "")
    assert path.stat().st_mode & 0o777 == 0o664
    assert sorted(item.name for item in path.parent.iterdir()) == [
        "2023-05-20-da-nang.md",
        "2024-01-05-hanoi.md",
    ]
    assert project.run("check", capsys=capsys).status == 0
