"""Attacks on statements, claims and English sources (issue 18) by a careless or hostile
editor: each case is a defect found by attacking the build, kept as a test. The project is the
tiny one with a third article, an English one and an organisation
(`tests/statements_project.py`); each case breaks it in one way and asserts the exact
messages of `dossier build`, exit status 1, no traceback and no site written.
"""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from builder.content.models import ClaimRecord
from tests.conftest import Project, assert_refused, text_of
from tests.statements_project import EN, MEETING, ONE, THREE, make_groups_project


def edit(project: Project, relative: str, old: str, new: str) -> None:
    """Replace the first `old` in a file by `new`; the text must be there."""
    path = project.root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def in_meeting(old: str, new: str) -> Callable[[Project], None]:
    def apply(project: Project) -> None:
        edit(project, MEETING, old, new)

    return apply


@pytest.fixture(scope="module")
def groups_once(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project, never changed: each test copies it."""
    return make_groups_project(tmp_path_factory.mktemp("attacks-statements") / "project")


@pytest.fixture
def groups(groups_once: Project, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(groups_once.root, root)
    return Project(root)


@dataclass(frozen=True)
class Case:
    id: str
    breaks: Callable[[Project], None]
    messages: tuple[str, ...]


QUOTE_EN = f"""  - id: an-en
    speaker: ong-an
    kind: direct
    source: {EN}
    text: "We will cooperate closely."
    attribution: Mr An said
"""


def english_quote(*fields: str) -> Callable[[Project], None]:
    """Meeting one with the English source and a quote from it, with `fields` added."""

    def apply(project: Project) -> None:
        edit(project, MEETING, f"sources: [{ONE}, {THREE}]", f"sources: [{ONE}, {THREE}, {EN}]")
        quote = QUOTE_EN + "".join(f"    {field}\n" for field in fields)
        edit(project, MEETING, "statements:\n", quote + "statements:\n")

    return apply


REPEATS = (
    "site_src/meetings/2024-01-05-hanoi.md:62: quote 'an-en': the translation repeats the "
    "text, and source '2024-01-05-en' is in English: leave 'translation' out, the words are "
    "shown once as the original"
)

CASES = [
    # An invalid item of a list that has enough items was also reported as the list being
    # too short: "must list at least one item; found one item" contradicts itself.
    Case(
        "claim-value-with-a-bad-where-is-one-problem",
        in_meeting("        where: headline\n", "        where: title\n"),
        (
            "site_src/meetings/2024-01-05-hanoi.md:74: field 'claims.1.values.0.where' must be 'text' or 'headline'; found 'title'",
        ),
    ),
    Case(
        "statement-quote-of-a-bad-type-is-one-problem",
        in_meeting(
            "quotes: [an-cooperate, an-cooperate-three]", "quotes: [an-cooperate, [an-why-here]]"
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:60: field 'statements.0.quotes.1' must be text; found a list",
        ),
    ),
    # A translation of an English quote that repeats its words with other punctuation is
    # still a repetition: only the words count.
    Case(
        "english-translation-with-a-final-comma",
        english_quote("translation: 'We will cooperate closely,'"),
        (REPEATS,),
    ),
    Case(
        "english-translation-with-a-comma-inside",
        english_quote("translation: 'We will, cooperate closely.'"),
        (REPEATS,),
    ),
    Case(
        "english-translation-in-single-quotes",
        english_quote("translation: '‘We will cooperate closely’'"),
        (REPEATS,),
    ),
    Case(
        "english-translation-in-guillemets-with-an-ellipsis",
        english_quote("translation: '«We will cooperate closely…»'"),
        (REPEATS,),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_input_is_refused_with_exact_messages(
    case: Case, groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    case.breaks(groups)
    assert_refused(groups.run("build", capsys=capsys), case.messages)
    assert not groups.site.exists()


# Claims whose values read the same -------------------------------------------------------

SAME_VALUES = [
    pytest.param("Two hours.", id="case-and-a-full-stop"),
    pytest.param("«two hours»", id="guillemets"),
    pytest.param('\\"two hours\\"', id="quotation-marks"),
    pytest.param("two\\u00a0hours", id="no-break-space"),
    pytest.param("two ho\\u00adurs", id="soft-hyphen"),
    pytest.param("two hours\\u200e", id="bidi-mark"),
]


@pytest.mark.parametrize("value", SAME_VALUES)
def test_values_that_read_the_same_do_not_differ(
    groups: Project, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # "two hours" and "Two hours." are one value: no "Sources differ" box, no mark on the
    # timeline, `differ: false` in the export.
    edit(
        groups,
        MEETING,
        "value: more than an hour, printed: hơn 1 giờ",
        f'value: "{value}", printed: hơn 1 giờ',
    )
    result = groups.run("build", capsys=capsys)
    assert (result.status, result.err) == (0, "")
    page = groups.page("meetings/2024-01-05-hanoi.html")
    assert page.select("#sources-differ") == []
    assert page.select("#c-talks-length h3 .dossier-label") == []
    assert groups.page("index.html").select(".dossier-timeline__differ") == []
    export = json.loads((groups.site / "dossier.json").read_text(encoding="utf-8"))
    assert [claim["differ"] for claim in export["claims"]] == [False, False]


def test_values_decomposed_and_composed_do_not_differ() -> None:
    composed = "Hà Nội"
    decomposed = unicodedata.normalize("NFD", composed)
    claim = ClaimRecord.model_validate(
        {
            "id": "city",
            "subject": "the city",
            "values": [
                {"source": "a", "value": composed, "printed": "Hà Nội"},
                {"source": "b", "value": decomposed, "printed": "Hà Nội"},
            ],
        }
    )
    assert not claim.differ


@pytest.mark.parametrize(
    "value",
    ["two hours and a half", "2 hours", "twohours", "two hours?!? no: three"],
)
def test_values_with_other_words_differ(value: str) -> None:
    claim = ClaimRecord.model_validate(
        {
            "id": "length",
            "subject": "the length",
            "values": [
                {"source": "a", "value": "two hours", "printed": "hai giờ"},
                {"source": "b", "value": value, "printed": "hai giờ"},
            ],
        }
    )
    assert claim.differ


# The context of a quote from an English source -------------------------------------------

ENGLISH_CONTEXT = ("context:", "  text: 5 January 2024")


def test_the_context_of_an_english_quote_needs_no_translation(
    groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # Like the quote's own words, English context is shown once, as printed: our "translation"
    # of it would repeat it.
    english_quote(*ENGLISH_CONTEXT)(groups)
    result = groups.run("build", capsys=capsys)
    assert (result.status, result.err) == (0, "")
    quote = groups.page("meetings/2024-01-05-hanoi.html").select_one("article#q-an-en")
    context = quote.select_one(".dossier-quote__context")
    assert text_of(context) == "Context, as the article prints it: 5 January 2024"
    assert quote.select(".dossier-quote__context-translation") == []
    export = json.loads((groups.site / "dossier.json").read_text(encoding="utf-8"))
    exported = next(item for item in export["quotes"] if item["id"] == "an-en")
    assert exported["context"] == {"text": "5 January 2024", "translation": None}
    schema = json.loads((groups.site / "dossier.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(export, schema)


CASES_CONTEXT = [
    Case(
        "english-context-translation-that-repeats-it",
        english_quote(*ENGLISH_CONTEXT, "  translation: 5 January, 2024."),
        (
            "site_src/meetings/2024-01-05-hanoi.md:64: quote 'an-en': the translation of its "
            "context repeats the context's words, and source '2024-01-05-en' is in English: "
            "leave 'context.translation' out, the words are shown once as the original",
        ),
    ),
    Case(
        "vietnamese-context-without-translation",
        in_meeting("      translation: A reporter asked about satellites\n", ""),
        (
            "site_src/meetings/2024-01-05-hanoi.md:46: missing required field "
            "'quotes.3.context.translation' (source '2024-01-06-ttxvn' is in 'vi'; only the "
            "context of a quote from a source in English needs none)",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES_CONTEXT, ids=[case.id for case in CASES_CONTEXT])
def test_context_translation_is_refused_with_exact_messages(
    case: Case, groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    test_hostile_input_is_refused_with_exact_messages(case, groups, capsys)


# Text that is only spaces ----------------------------------------------------------------

CASES_BLANK = [
    Case(
        "blank-gist",
        in_meeting("gist: An pledged close cooperation in every field.", 'gist: "   "'),
        (
            "site_src/meetings/2024-01-05-hanoi.md:59: field 'statements.0.gist' must be text, not only spaces; found '   '",
        ),
    ),
    Case(
        "blank-subject-value-and-note",
        lambda project: (
            in_meeting("subject: the length of the talks\n", 'subject: "\\u3000 "\n')(project),
            in_meeting("value: two hours, printed", "value: ' ', printed")(project),
            in_meeting("note: The second counts the closed-door talks.", 'note: "\\n\\n"')(project),
        ),
        (
            "site_src/meetings/2024-01-05-hanoi.md:63: field 'claims.0.subject' must be text, not only spaces; found '\\u3000 '",
            "site_src/meetings/2024-01-05-hanoi.md:65: field 'claims.0.values.0.value' must be text, not only spaces; found ' '",
            "site_src/meetings/2024-01-05-hanoi.md:67: field 'claims.0.note' must be text, not only spaces; found '\\n\\n'",
        ),
    ),
]


@pytest.mark.parametrize("case", CASES_BLANK, ids=[case.id for case in CASES_BLANK])
def test_text_of_only_spaces_is_refused(
    case: Case, groups: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    # A gist, subject, value or note of spaces would print an empty line on the page (and a
    # blank value "differs" from every other).
    test_hostile_input_is_refused_with_exact_messages(case, groups, capsys)
