"""Interface strings: one file per language, looked up by key; anchors that do not move.

A tiny project is built a second time with a made-up translation (every string replaced by its
own key, in brackets, and Vietnamese dates and plural rule), and read like a reader: the
headings and labels are the new strings, every id on every page is the one the English build
gives, and no English string of the file is left on the pages. Broken strings files and
templates that ask for a string the file lacks fail with exact messages and no traceback.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from markupsafe import Markup

from builder.site import strings as strings_module
from builder.site.strings import (
    SHIPPED_DIR,
    StringsError,
    load_strings,
    placeholders,
)
from builder.site.views import Ours
from tests.conftest import REPO, Project, facts_of, make_project, text_of

EN = SHIPPED_DIR / "en.yml"
TEMPLATES = REPO / "templates"

VIETNAMESE_LOCALE = {
    "plural": "other",
    "months": [f"tháng {number}" for number in range(1, 13)],
    "day": "{day} {month} năm {year}",
    "month": "{month} năm {year}",
}
HEADINGS = {
    "meeting.summary_heading": "Tóm tắt",
    "meeting.quotes_heading": "Trích dẫn",
    "meeting.sources_heading": "Nguồn",
    "person.quotes_heading": "Trích dẫn",
    "index.timeline_heading": "Dòng thời gian",
    "source.article_text_heading": "Toàn văn",
    "source.quoted_passages_heading": "Đoạn được trích",
    "source.cuts_heading": "Phần cắt khỏi tệp gốc",
}


def english() -> dict[str, object]:
    return dict(yaml.safe_load(EN.read_text(encoding="utf-8")))


def made_up_translation() -> dict[str, object]:
    """en.yml with every string replaced by `[key]` and its placeholders, Vietnamese headings
    and locale; forms collapse to `other`."""
    reference = load_strings("en")

    def translate(section: dict[str, object], prefix: str) -> dict[str, object]:
        out: dict[str, object] = {}
        for name, value in section.items():
            key = prefix + name
            if isinstance(value, dict) and "other" not in value:
                out[name] = translate(value, key + ".")
                continue
            fields = " ".join(
                f"{{{field}}}" for field in sorted(placeholders(reference.entries[key]))
            )
            text = HEADINGS.get(key, f"[{key}]") + (f" {fields}" if fields else "")
            out[name] = {"other": text} if isinstance(value, dict) else text
        return out

    data = english()
    del data["locale"]
    return {"locale": VIETNAMESE_LOCALE, **translate(data, "")}


@pytest.fixture
def strings_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A strings folder of our own (a copy of en.yml) that `load_strings` reads from."""
    folder = tmp_path / "strings"
    folder.mkdir()
    shutil.copy(EN, folder / "en.yml")
    monkeypatch.setattr(strings_module, "STRINGS_DIR", folder)
    yield folder


def write_language(folder: Path, language: str, data: dict[str, object]) -> Path:
    path = folder / f"{language}.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_in(
    project: Project,
    language: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str]:
    """Build `project` with `theme.language: language` in its mkdocs.yml: the status, and all
    that was printed."""
    set_language(project, language)
    result = project.run("build", capsys=capsys)
    return result.status, result.out + result.err


def set_language(project: Project, language: str) -> None:
    """Name `language` as the interface language in the project's mkdocs.yml."""
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  language: en\n") == 1
    config.write_text(text.replace("\n  language: en\n", f"\n  language: {language}\n"))


# --- the file -----------------------------------------------------------------------------


def test_plural_forms_are_chosen_by_count() -> None:
    strings = load_strings("en")
    assert strings.text("count.quotes", count=1) == "1 quote"
    assert strings.text("count.quotes", count=0) == "0 quotes"
    assert strings.text("count.quotes", count=2) == "2 quotes"
    assert strings.text("count.sources", count=1) == "1 source"


def test_dates_come_from_the_file_not_the_process_locale() -> None:
    strings = load_strings("en")
    assert strings.date(date(2023, 9, 3)) == "3 September 2023"
    assert strings.date("2024-06") == "June 2024"
    assert strings.months[0] == "January" and len(strings.months) == 12


def test_a_string_is_text_and_markup_passed_in_stays_markup() -> None:
    strings = load_strings("en")
    plain = strings.text("person.description", name="<b>Ông An</b>")
    assert (
        type(plain) is str
        and plain == "<b>Ông An</b>: quotes in the Putin–Kim Jong Un summits dossier"
    )
    link = Markup('<a href="x.html">About</a>')
    mixed = strings.text("index.intro", about=link, data="<i>", schema="s")
    assert isinstance(mixed, Markup)
    assert '<a href="x.html">About</a>' in mixed and "&lt;i&gt;" in mixed and "<i>" not in mixed


def test_a_vietnamese_file_has_one_form(strings_dir: Path) -> None:
    write_language(strings_dir, "vi", made_up_translation())
    strings = load_strings("vi")
    assert strings.text("count.quotes", count=1) == "[count.quotes] 1"
    assert strings.text("count.quotes", count=7) == "[count.quotes] 7"
    assert strings.date(date(2024, 1, 5)) == "5 tháng 1 năm 2024"
    assert strings.date("2023-05") == "tháng 5 năm 2023"


def problems_of(strings_dir: Path, language: str, text: str) -> list[str]:
    (strings_dir / f"{language}.yml").write_text(text, encoding="utf-8")
    with pytest.raises(StringsError) as raised:
        load_strings(language)
    return [str(problem) for problem in raised.value.problems]


def translated_text(**changes: object) -> str:
    """The made-up translation as YAML, with top-level sections replaced."""
    data = made_up_translation()
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_a_translation_must_have_every_string_and_no_other(strings_dir: Path) -> None:
    data = made_up_translation()
    meeting = dict(data["meeting"])  # type: ignore[call-overload]
    del meeting["date"]
    meeting["dat"] = "Ngày"
    data["meeting"] = meeting
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = 1 + text.split("\n").index("  dat: Ngày")
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:1: meeting.date is missing (every string of "
        "builder/site/strings/en.yml needs a translation)",
        f"{strings_dir}/vi.yml:{line}: meeting.dat is not a string of "
        "builder/site/strings/en.yml (a misspelt key?)",
    ]


def test_a_translation_may_not_invent_a_placeholder(strings_dir: Path) -> None:
    data = made_up_translation()
    data["person"] = {**data["person"], "description": "{name} {nam}"}  # type: ignore[dict-item]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = 1 + next(i for i, row in enumerate(text.split("\n")) if "{nam}" in row)
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line}: person.description uses {{nam}}, which the string of "
        "builder/site/strings/en.yml does not give"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "locale: [\n",
            [
                "2: invalid YAML: while parsing a flow node expected the node content, but "
                "found '<stream end>'"
            ],
        ),
        ("- a\n- b\n", ["1: expected a mapping of strings by key"]),
        (
            "locale:\n  plural: one-other\n  months: [a]\n  day: '{day}'\n  month: '{month}'\n"
            "nav:\n  about: About\n  about: Again\n",
            ["3: locale.months: 12 names", "8: duplicate key 'about'"],
        ),
        (
            "locale:\n  plural: few-many\n  months: [a, b, c, d, e, f, g, h, i, j, k, l]\n"
            "  day: '{day}'\n  month: '{month'\n",
            [
                "2: locale.plural must be one of: one-other, other",
                "5: locale.month: expected '}' before end of string (a brace is written {{ or }})",
            ],
        ),
        (
            "locale:\n  plural: one-other\n  months: [a, b, c, d, e, f, g, h, i, j, k, l]\n"
            "  day: '{day}'\n  month: '{month}'\ncount:\n  quotes:\n    other: '{count} q'\n"
            "nav:\n  about: [About]\n",
            [
                "7: count.quotes: with locale.plural one-other, a string has the forms: one, other",
                "10: nav.about: expected a string, found a list",
            ],
        ),
    ],
)
def test_a_broken_strings_file_is_refused_at_its_lines(
    strings_dir: Path, text: str, expected: list[str]
) -> None:
    assert problems_of(strings_dir, "xx", text) == [
        f"{strings_dir}/xx.yml:{row}" for row in expected
    ]


def test_yaml_words_stay_words(strings_dir: Path) -> None:
    """`no`, `yes`, `null` and numbers are strings in a strings file, as written."""
    data = made_up_translation()
    data["nav"] = {"timeline": "no", "meetings": "null", "about": "1.0"}
    write_language(strings_dir, "vi", data)
    (strings_dir / "vi.yml").write_text(
        (strings_dir / "vi.yml")
        .read_text(encoding="utf-8")
        .replace("'no'", "no")
        .replace("'null'", "null"),
        encoding="utf-8",
    )
    strings = load_strings("vi")
    assert [strings.text(f"nav.{key}") for key in ("timeline", "meetings", "about")] == [
        "no",
        "null",
        "1.0",
    ]


@pytest.mark.parametrize("language", ["xx", "pt-BR"])
def test_a_language_without_a_strings_file_is_a_clear_error(language: str) -> None:
    with pytest.raises(StringsError) as raised:
        load_strings(language)
    assert [str(problem) for problem in raised.value.problems] == [
        f"mkdocs.yml:1: theme.language is {language!r}, but there are no interface strings for "
        f"it: builder/site/strings/{language}.yml does not exist (languages with strings: en, vi)"
    ]


@pytest.mark.parametrize("language", ["../en", "", "en.yml", "e n", "/etc/passwd", "en\n"])
def test_a_language_that_is_no_language_code_reads_no_file(language: str) -> None:
    with pytest.raises(StringsError) as raised:
        load_strings(language)
    assert [str(problem) for problem in raised.value.problems] == [
        f"mkdocs.yml:1: theme.language is {language!r}: expected a language code such as "
        "'en' or 'vi'"
    ]


def test_an_empty_string_is_refused(strings_dir: Path) -> None:
    data = made_up_translation()
    data["nav"] = {"timeline": "a", "meetings": "", "about": "c"}
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    line = 1 + text.split("\n").index("  meetings: ''")
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line}: nav.meetings: the string is empty"
    ]


# --- the site in another language -----------------------------------------------------------


def ids_of(site: Path) -> dict[str, list[str]]:
    """Every element id of every page, in order."""
    return {
        path.relative_to(site).as_posix(): [
            str(element["id"])
            for element in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select(
                "[id]"
            )
        ]
        for path in sorted(site.rglob("*.html"))
    }


def reader_text(page: BeautifulSoup) -> str:
    """The text of the page's content and sidebar entries, where our strings show (the
    sidebar's title is the site's name, from mkdocs.yml)."""
    return " ".join(text_of(part) for part in page.select(".md-content, .md-nav__item"))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Project]]:
    """The tiny project built in English and in the made-up translation."""
    patch = pytest.MonkeyPatch()
    root = tmp_path_factory.mktemp("strings")
    folder = root / "strings"
    folder.mkdir()
    shutil.copy(EN, folder / "en.yml")
    data = made_up_translation()
    # Hostile: a translation is text, whatever it holds.
    data["meeting"] = {**data["meeting"], "participants": '<script>alert(1)</script> & "x"'}  # type: ignore[dict-item]
    write_language(folder, "vi", data)
    from builder.cli import main

    english_project = make_project(root / "en")
    assert main(["build", "--root", str(english_project.root)]) == 0
    patch.setattr(strings_module, "STRINGS_DIR", folder)
    translated = make_project(root / "vi")
    set_language(translated, "vi")
    try:
        assert main(["build", "--root", str(translated.root)]) == 0
    finally:
        patch.undo()
    yield english_project, translated


def test_every_anchor_stays_when_the_strings_change(two_builds: tuple[Project, Project]) -> None:
    english_project, translated = two_builds
    both = ids_of(english_project.site)
    # The English build holds the Vietnamese edition too (`vi/`); with `theme.language: vi`
    # the root edition is the Vietnamese one, and there is no other.
    english_ids = {page: ids for page, ids in both.items() if not page.startswith("vi/")}
    edition_ids = {
        page.removeprefix("vi/"): ids
        for page, ids in both.items()
        if page != page.removeprefix("vi/")
    }
    translated_ids = ids_of(translated.site)
    assert translated_ids == english_ids
    assert edition_ids == {page: ids for page, ids in english_ids.items() if page != "404.html"}
    meeting = english_ids["meetings/2024-01-05-hanoi.html"]
    assert {"summary", "quotes", "sources"} <= set(meeting)
    source_ids = english_ids["sources/2024-01-05-bao-mau.html"]
    assert {"quoted-passages", "cuts-from-the-raw-file"} <= set(source_ids)


def test_headings_and_labels_are_the_translation(two_builds: tuple[Project, Project]) -> None:
    _, translated = two_builds
    page = translated.page("meetings/2024-01-05-hanoi.html")
    headings = {
        str(h2["id"]): text_of(h2).rstrip("¶").strip() for h2 in page.select(".md-content h2[id]")
    }
    assert headings == {"summary": "Tóm tắt", "quotes": "Trích dẫn", "sources": "Nguồn"}
    facts = facts_of(page)
    assert list(facts) == [
        "[meeting.date]",
        "[meeting.place]",
        '<script>alert(1)</script> & "x"',
        "[meeting.quotes]",
    ]
    assert facts["[meeting.date]"].startswith("5 tháng 1 năm 2024 [meeting.cite]")
    assert (
        facts["[meeting.quotes]"] == "[meeting.quotes_checked] [count.quotes] 2 [count.sources] 1"
    )
    assert not page.select(".md-content dt script")
    assert "[meeting.venue] [meeting.place_not_stated]" not in facts["[meeting.place]"]
    # The Vietnamese edition names the place as the (Vietnamese) article prints it.
    assert facts["[meeting.place]"].startswith(
        "[meeting.venue]: Nhà khách Chính phủ [meeting.city]"
    )
    backlinks = {link["title"] for link in page.select("a.footnote-backref")}
    assert backlinks == {"[meeting.note_back_link]"}
    notes = [text_of(item) for item in page.select(".footnote li")]
    assert notes and all(
        "[meeting.note]" in note and "[meeting.note_archive_link]" in note for note in notes
    )
    index = translated.page("index.html")
    assert "[count.quotes] 2 · [count.sources] 1" in reader_text(index)
    assert index.select_one("h2#timeline") is not None
    nav = [
        text_of(link)
        for link in index.select(
            ".md-nav--primary > .md-nav__list > li > a, .md-nav--primary > .md-nav__list > li > label"
        )
    ]
    assert "[nav.timeline]" in " ".join(nav)
    source = translated.page("sources/2024-01-05-bao-mau.html")
    positions = source.select(".dossier-passage__position")
    assert positions and all(
        p["lang"] == "vi" and text_of(p).startswith("[source.paragraph]") for p in positions
    )
    assert text_of(source.select_one("h2#cuts-from-the-raw-file")).startswith(
        "Phần cắt khỏi tệp gốc"
    )


def test_no_english_string_is_left_on_the_translated_pages(
    two_builds: tuple[Project, Project],
) -> None:
    english_project, translated = two_builds
    reference = load_strings("en")
    phrases = {
        form
        for entry in reference.entries.values()
        for form in (entry.values() if isinstance(entry, dict) else [entry])
        if not placeholders(form) and (" " in form or form[:1].isupper())
    } - {"dossier.json"}
    # What the editors wrote (the About page says "Our translation") is content, not ours.
    content = " ".join(
        path.read_text(encoding="utf-8") for path in translated.src.rglob("*") if path.is_file()
    )
    for relative in (
        "index.html",
        "about.html",
        "meetings/2024-01-05-hanoi.html",
        "people/ong-an.html",
        "sources/2024-01-05-bao-mau.html",
        "sources/2023-05-an-visits-da-nang.html",
    ):
        shown_in_english = reader_text(english_project.page(relative))
        shown = reader_text(translated.page(relative))
        english_here = {
            phrase for phrase in phrases if phrase in shown_in_english and phrase not in content
        }
        assert english_here, relative  # the check has English to look for on this page
        assert {phrase for phrase in english_here if phrase in shown} == set(), relative
    script = (translated.site / "assets/dossier/offline.js").read_text(encoding="utf-8")
    assert '"[script.search_worker]"' in script and '"[script.search]"' in script
    assert "Search worker" not in script


# --- templates that ask for a string the file does not hold -----------------------------------


@pytest.mark.parametrize(
    ("use", "message"),
    [
        ('{{ "meeting.dat" | t }}', 'no string "meeting.dat" in builder/site/strings/en.yml'),
        (
            '{{ "count.quotes" | t }}',
            'string "count.quotes" of builder/site/strings/en.yml has forms: give it count=',
        ),
        (
            '{{ "person.description" | t }}',
            'string "person.description" of builder/site/strings/en.yml needs a value for {name}',
        ),
    ],
)
def test_a_template_asking_for_a_missing_string_fails_the_build(
    built: Project, capsys: pytest.CaptureFixture[str], use: str, message: str
) -> None:
    before = built.snapshot()
    template = built.root / "templates/meeting.md.j2"
    lines = template.read_text(encoding="utf-8").split("\n")
    line = 1 + next(index for index, row in enumerate(lines) if row.startswith("<dt>"))
    lines.insert(line - 1, use)
    template.write_text("\n".join(lines), encoding="utf-8")
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert f"templates/meeting.md.j2:{line}: template error: {message}\n" in result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert built.snapshot() == before


def test_a_build_in_a_language_without_strings_stops_cleanly(
    built: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = built.snapshot()
    status, printed = build_in(built, "xx", monkeypatch, capsys)
    assert status == 1
    assert (
        "mkdocs.yml:1: theme.language is 'xx', but there are no interface strings for it: "
        "builder/site/strings/xx.yml does not exist (languages with strings: en, vi)" in printed
    )
    assert "Traceback" not in printed
    assert built.snapshot() == before


def test_a_build_with_a_broken_translation_lists_every_problem(
    built: Project,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    strings_dir: Path,
) -> None:
    data = made_up_translation()
    data["nav"] = {"timeline": "a", "meetins": "b"}
    write_language(strings_dir, "vi", data)
    before = built.snapshot()
    status, printed = build_in(built, "vi", monkeypatch, capsys)
    assert status == 1
    assert f"{strings_dir}/vi.yml:1: nav.about is missing" in printed
    assert f"{strings_dir}/vi.yml:1: nav.meetings is missing" in printed
    assert "nav.meetins is not a string of builder/site/strings/en.yml (a misspelt key?)" in printed
    assert "Traceback" not in printed
    assert built.snapshot() == before


# --- every string used, no string left in the templates ---------------------------------------

JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
LITERAL = re.compile(r""""([^"]*)"|'([^']*)'""")
# `interface_text("key")`, or `strings.text("key")` of a given language's strings.
PYTHON_USE = re.compile(r"""(?:interface_text|\.text)\(\s*["']([^"']*)["']""")
TEMPLATE_USE = re.compile(r"""["']([^"']*)["']\s*\|\s*t\b""")


def literals_in_jinja(template: str) -> list[str]:
    """Every string literal inside the template's Jinja expressions and statements."""
    return [
        double or single
        for block in JINJA.findall(template)
        if not block.startswith("{#")
        for double, single in LITERAL.findall(block)
    ]


def sources() -> dict[Path, str]:
    paths = [*TEMPLATES.rglob("*.j2"), *(REPO / "builder/site").rglob("*.py")]
    return {path: path.read_text(encoding="utf-8") for path in paths}


def test_every_string_of_the_file_is_used() -> None:
    """A key counts as used where a template holds it as a literal in Jinja, or the site's
    code hands it to `interface_text`."""
    keys = set(load_strings("en").entries)
    used: set[str] = set()
    for path, text in sources().items():
        used |= set(PYTHON_USE.findall(text) if path.suffix == ".py" else literals_in_jinja(text))
    # Language names are looked up by the tag the content gives (`views.language_name`).
    used |= {key for key in keys if key.startswith("languages.")}
    assert keys & used, "the scan finds the keys that are used"
    assert keys - used == set()


def test_every_key_asked_for_is_in_the_file() -> None:
    """Besides the build, which renders only the branches its content takes."""
    keys = set(load_strings("en").entries)
    asked: set[str] = set()
    for path, text in sources().items():
        found = PYTHON_USE.findall(text) if path.suffix == ".py" else TEMPLATE_USE.findall(text)
        asked |= set(found)
    assert len(asked) > 50
    assert asked - keys == set()


TAG = re.compile(r"<[^>]*>")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
NOT_WORDS = {"dossier.json", "dossier-offline/", "index.html", 'lang="en"'}
"""Text in the templates that is no language: file names, an attribute a macro writes."""
LITERAL_ATTRIBUTE = re.compile(r"""\b(title|aria-label|alt|placeholder)="[^"{]*[A-Za-z]""")


def english_left(template: str) -> list[str]:
    """What a reader would see of a template's own words: text outside tags and Jinja, literal
    attributes a reader meets, front matter values, and string literals inside Jinja that hold
    a capital or two words (keys are lower-case words with dots)."""
    found = [match.group(0) for match in LITERAL_ATTRIBUTE.finditer(template)]
    found += [
        literal
        for literal in literals_in_jinja(template)
        if re.search(r"[A-Z]|[A-Za-z] +[A-Za-z]", literal) and not literal.startswith("{#")
    ]
    template = re.sub(r"\{#.*?#\}\n?", "", template, flags=re.DOTALL)
    text = TAG.sub(" ", JINJA.sub(" ", FRONT_MATTER.sub("", template)))
    found += [
        word
        for word in re.findall(r"[^\s#]+", text)
        if re.search(r"[A-Za-z]{2}", word) and word not in NOT_WORDS
    ]
    front = FRONT_MATTER.match(template)
    for row in front.group(0).split("\n") if front else []:
        value = row.partition(":")[2].strip()
        if value and not value.startswith("{{") and value not in {"true", "false"}:
            found.append(row)
    return found


def test_the_scan_finds_english_where_there_is_some() -> None:
    assert english_left("<dt>Date</dt>") == ["Date"]
    assert english_left('<a title="Source of the date">x</a>') == ['title="Source of the date']
    assert english_left('{{ "Article text" if full else "Quoted passages" }}') == [
        "Article text",
        "Quoted passages",
    ]
    assert english_left('---\ntitle: "Timeline"\n---\n') == ['title: "Timeline"']
    assert english_left('<dt>{{ "meeting.date" | t }}</dt> <a title="{{ "x.y" | t }}">#</a>') == []


@pytest.mark.parametrize(
    "name",
    sorted(
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.j2")
        if not path.name.endswith(".js.j2")
    ),
)
def test_no_english_is_left_in_a_page_template(name: str) -> None:
    assert english_left((TEMPLATES / name).read_text(encoding="utf-8")) == []


def test_the_search_script_shows_only_strings_of_the_file() -> None:
    script = (TEMPLATES / "assets/dossier/offline.js.j2").read_text(encoding="utf-8")
    shown = re.findall(
        r"""(?:\.title\s*=|textContent\s*=|innerText\s*=|setAttribute\("(?:aria-label|title)",[^;]*:)\s*([^;]+);""",
        script,
    )
    assert shown, "the scan finds what the script shows"
    assert all(
        re.fullmatch(r'\{\{ "script\.[a-z_]+" \| t \| tojson \}\}\)?', value.strip())
        for value in shown
    ), shown


# --- hostile translations (r17-attack) --------------------------------------------------------


def line_of(text: str, fragment: str) -> int:
    return 1 + next(index for index, row in enumerate(text.split("\n")) if fragment in row)


def test_a_control_character_in_a_strings_file_is_refused_at_its_line(strings_dir: Path) -> None:
    text = translated_text() + "extra: \x07\n"
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line_of(text, 'extra')}: invalid YAML: a control character "
        "(U+0007) is not allowed"
    ]


def test_forms_for_a_string_that_has_none_in_english_are_refused(strings_dir: Path) -> None:
    data = made_up_translation()
    data["nav"] = {**data["nav"], "about": {"other": "Giới thiệu"}}  # type: ignore[dict-item]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line_of(text, '  about:')}: nav.about has forms, but the string "
        "of builder/site/strings/en.yml has none (it is given no count); write one string"
    ]


@pytest.mark.parametrize(
    ("key", "value", "bad"),
    [
        ("day", "{day} {mois} {year}", "{mois}"),
        ("day", "{0} {month}", "{0}"),
        ("day", "{day.real} {month}", "{day.real}"),
        ("month", "{day} {month}", "{day}"),
    ],
)
def test_a_date_format_may_use_only_the_parts_of_a_date(
    strings_dir: Path, key: str, value: str, bad: str
) -> None:
    data = made_up_translation()
    data["locale"] = {**data["locale"], key: value}  # type: ignore[dict-item]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    parts = (
        "{day}, {month}, {month_number}, {year}"
        if key == "day"
        else "{month}, {month_number}, {year}"
    )
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line_of(text, f'  {key}:')}: locale.{key} uses {bad}; a date "
        f"format may use {parts}"
    ]


@pytest.mark.parametrize(
    ("section", "key", "value", "written"),
    [
        ("locale", "day", "{day:>999999999999} {month}", "{day:>999999999999}"),
        ("index", "description", "{meetings:>99999999999}", "{meetings:>99999999999}"),
        ("index", "description", "{meetings!r}", "{meetings!r}"),
        ("person", "description", "{name:{name}}", "{name:{name}}"),
    ],
)
def test_a_placeholder_with_a_format_or_a_conversion_is_refused(
    strings_dir: Path, section: str, key: str, value: str, written: str
) -> None:
    """A width of a trillion would fill the memory when the page is rendered."""
    name = written[1:].split(":")[0].split("!")[0]
    data = made_up_translation()
    data[section] = {**data[section], key: value}  # type: ignore[dict-item]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:{line_of(text, written)}: {section}.{key}: {written} is "
        f"written {{{name}}}, with no format or conversion"
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"nav": {"timeline": "x", "meetings": "y", "about": {"other": "z"}}},
        {"locale": {**VIETNAMESE_LOCALE, "day": "{day} {mois}"}},
        {"locale": {**VIETNAMESE_LOCALE, "month": "{0}"}},
        {"index": {"description": "{meetings:>99999999999}"}},
    ],
)
def test_a_build_with_a_translation_that_would_crash_the_render_stops_cleanly(
    built: Project,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    strings_dir: Path,
    change: dict[str, object],
) -> None:
    data = made_up_translation()
    for section, values in change.items():
        data[section] = {**data[section], **values}  # type: ignore[dict-item]
    write_language(strings_dir, "vi", data)
    before = built.snapshot()
    status, printed = build_in(built, "vi", monkeypatch, capsys)
    assert status == 1, printed
    assert f"{strings_dir}/vi.yml:" in printed
    assert "Traceback" not in printed
    assert built.snapshot() == before


def test_markup_in_a_translation_is_text_on_the_page(
    built: Project,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    strings_dir: Path,
) -> None:
    data = made_up_translation()
    data["nav"] = {**data["nav"], "about": "<b>Về</b>"}  # type: ignore[dict-item]
    data["meeting"] = {**data["meeting"], "quotes_heading": "<script>alert(1)</script>"}  # type: ignore[dict-item]
    months = [f"<i>m{number}</i>" for number in range(1, 13)]
    data["locale"] = {**VIETNAMESE_LOCALE, "months": months}
    write_language(strings_dir, "vi", data)
    status, printed = build_in(built, "vi", monkeypatch, capsys)
    assert status == 0, printed
    page = built.page("meetings/2024-01-05-hanoi.html")
    assert page.find("script", string="alert(1)") is None
    assert page.find("i", string="m1") is None
    assert "<script>alert(1)</script>" in text_of(page)
    assert "5 <i>m1</i> năm 2024" in text_of(page)
    assert page.find("b", string="Về") is None


def test_month_names_that_hold_markup_are_escaped_in_the_sidebar(strings_dir: Path) -> None:
    """A long Meetings section is split by month, labelled in the translation's month names."""
    import contextvars
    from types import SimpleNamespace

    from builder.site.nav import meetings_nav
    from builder.site.render import View
    from builder.site.strings import activate

    data = made_up_translation()
    data["locale"] = {**VIETNAMESE_LOCALE, "months": [f"<i>m{n}</i>" for n in range(1, 13)]}
    write_language(strings_dir, "vi", data)
    views = [
        View(
            {
                "record": SimpleNamespace(date=date(2024, 1 + n // 100, 1), title=f"<b>{n}"),
                "title": Ours(f"<b>{n}", False),
                "page": f"meetings/m{n}.html",
            }
        )
        for n in range(200)
    ]

    def sidebar() -> list[object]:
        activate(load_strings("vi"))
        return meetings_nav(views)

    (year,) = contextvars.copy_context().run(sidebar)
    months = year["2024"]  # type: ignore[index]
    labels = [next(iter(month)) for month in months]
    assert labels == ["&lt;i&gt;m1&lt;/i&gt; năm 2024", "&lt;i&gt;m2&lt;/i&gt; năm 2024"]
    assert next(iter(months[0][labels[0]][0])) == "&lt;b&gt;0"


def test_an_alias_in_a_strings_file_is_refused_before_it_grows(strings_dir: Path) -> None:
    """Nine aliases of nine aliases of ... : a few lines that would take minutes to walk."""
    rows = ["a: &a0 {x: y, z: w}"]
    rows += [
        f"b{level}: &a{level} {{" + ", ".join(f"k{n}: *a{level - 1}" for n in range(9)) + "}"
        for level in range(1, 9)
    ]
    text = "\n".join(rows) + "\n"
    assert problems_of(strings_dir, "vi", text) == [
        f"{strings_dir}/vi.yml:2: invalid YAML: aliases (*name) are not supported; write the "
        "value out"
    ]


def test_the_shipped_vietnamese_has_exactly_the_english_keys_and_placeholders() -> None:
    english, vietnamese = load_strings("en"), load_strings("vi")
    assert english.entries.keys() == vietnamese.entries.keys()
    differ = {
        key: (placeholders(entry), placeholders(vietnamese.entries[key]))
        for key, entry in english.entries.items()
        if placeholders(entry) != placeholders(vietnamese.entries[key])
    }
    assert differ == {}
    assert vietnamese.plural == "other"
    assert vietnamese.date(date(2025, 9, 3)) == "ngày 3 tháng 9 năm 2025"
    assert vietnamese.date("2024-06") == "tháng 6/2024"
