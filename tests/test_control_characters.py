"""Control characters are refused in every text field of every content file.

YAML escapes (`"\\0"`, `"\\x07"`, `"\\e"`, `"\\N"`, `"\\ud800"`) write characters into a value that
the file itself may not hold; on a page they are invisible, or break it. Each is reported at
its line as `field '…' holds a control character (U+0007); remove it`, the build stops with
status 1 and the site of the last good build stays as it was.
"""

from __future__ import annotations

import pytest

from tests.conftest import Project, text_of
from tests.test_error_corpus import MEETING, PEOPLE, SOURCE, edit

ABOUT = "site_src/about.md"

# (file, text in the file, the same text with an escape, the message after `file:line: `)
CASES = [
    (MEETING, "title: An and Bình meet in Hanoi", r'title: "An\x07 and Bình meet in Hanoi"', "field 'title' holds a control character (U+0007)"),
    (MEETING, "name: Government Guest House", r'name: "Gov\0ernment Guest House"', "field 'place.venue.name' holds a control character (U+0000)"),
    (MEETING, "summary_line: An and Bình agree to work closely.", r'summary_line: "\e[31mAn and Bình agree"', "field 'summary_line' holds a control character (U+001B)"),
    (MEETING, 'text: "Chúng', r'text: "\x7fChúng', "field 'quotes.0.text' holds a control character (U+007F)"),
    (MEETING, "translation: We will cooperate closely in every field", r'translation: "We\N will cooperate closely in every field"', "field 'quotes.0.translation' holds a control character (U+0085)"),
    (MEETING, "translation: We will cooperate closely in every field", r'translation: "We\r will cooperate closely in every field"', "field 'quotes.0.translation' holds a control character (U+000D)"),
    (MEETING, "translation: We will cooperate closely in every field", r'translation: "We\u009b will cooperate closely in every field"', "field 'quotes.0.translation' holds a control character (U+009B)"),
    (MEETING, "title: An and Bình meet in Hanoi", r'title: "An\tand Bình"', "field 'title' holds a tab (U+0009)"),
    (MEETING, "title: An and Bình meet in Hanoi", r'title: "An\nand Bình"', "field 'title' holds a line break (U+000A)"),
    (MEETING, "title: An and Bình meet in Hanoi", r'title: "An\Land Bình"', "field 'title' holds a line break (U+2028)"),
    (MEETING, "title: An and Bình meet in Hanoi", r'title: "An\Pand Bình"', "field 'title' holds a line break (U+2029)"),
    (MEETING, "participants: [ong-an,", r'participants: ["ong-an\b",', "field 'participants.0' holds a control character (U+0008)"),
    (MEETING, "  - id: binh-exchanges", r'  - id: "binh\x1f-exchanges"', "field 'quotes.1.id' holds a control character (U+001F)"),
    (MEETING, "They spoke for", "They spoke\x07 for", "the summary holds a control character (U+0007)"),
    (MEETING, "They spoke for two hours.", "They spoke.[^2024-01-05-bao-mau]\n\nMore\x02 text", "the summary holds a control character (U+0002)"),
    (SOURCE, "headline: 'Hai lãnh đạo gặp nhau tại Hà Nội'", r'headline: "\x07Hai lãnh đạo gặp nhau tại Hà Nội"', "field 'headline' holds a control character (U+0007)"),
    (SOURCE, "headline: 'Hai lãnh đạo gặp nhau tại Hà Nội'", r'headline: "Hai lãnh đạo gặp\nnhau tại Hà Nội"', "field 'headline' holds a line break (U+000A)"),
    (SOURCE, "editorial_title: 'Two leaders meet in Hanoi'", r'editorial_title: "\ud800Two leaders"', "field 'editorial_title' holds a lone surrogate (U+D800)"),
    (SOURCE, "url: 'https://example.com/tin/hai-lanh-dao-gap-nhau'", r'url: "https://example.com/\0"', "field 'url' holds a control character (U+0000)"),
    (SOURCE, "printed: Báo Mẫu}", r'printed: "Báo\x9b Mẫu"}', "field 'outlet.printed' holds a control character (U+009B)"),
    (SOURCE, 'printed: "Ảnh: Reuters"', r'printed: "Ảnh:\x0b Reuters"', "field 'credits.0.printed' holds a control character (U+000B)"),
    (PEOPLE, "name: Ông An\n", 'name: "Ông An\\e[8m"\n', "field 'people.0.name' holds a control character (U+001B)"),
    (PEOPLE, "role: Test leader", r'role: "Test\0 leader"', "field 'people.0.role' holds a control character (U+0000)"),
    (PEOPLE, 'printed_names: ["Bà Bình"]', r'printed_names: ["Bà Bình", "B\x07"]', "field 'people.1.printed_names.1' holds a control character (U+0007)"),
    (ABOUT, "A test dossier.", "A test\x1b[2J dossier.", "the About page holds a control character (U+001B)"),
]  # fmt: skip


def line_of_change(project: Project, path: str, old: str, new: str) -> int:
    """The file line where the character that `new` puts in place of `old` will be (written
    as a YAML escape, or as it is): counted in the file, which the fixtures may lengthen."""
    text = (project.root / path).read_text(encoding="utf-8")
    at = next(
        index for index, char in enumerate(new) if char == "\\" or (ord(char) < 32 and char != "\n")
    )
    return 1 + text[: text.index(old)].count("\n") + new[:at].count("\n")


@pytest.mark.parametrize(("path", "old", "new", "message"), CASES)
def test_a_control_character_is_refused_where_it_is(
    path: str, old: str, new: str, message: str, built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    line = line_of_change(built, path, old, new)
    edit(built, path, old, new)
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines() == [
        f"{path}:{line}: {message}; remove it",
        "dossier: 1 problem found; nothing was written",
    ]
    assert "Traceback" not in result.err
    assert built.snapshot() == before


def test_every_control_character_is_reported_in_one_pass(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    for path, old, new, _ in CASES[:3] + CASES[15:16] + CASES[21:22] + CASES[-1:]:
        edit(built, path, old, new)
    result = built.run("check", capsys=capsys)
    assert result.status == 1
    assert result.err.splitlines()[-1] == "dossier: 6 problems found; nothing was written"


def test_a_control_byte_written_as_it_is_is_a_yaml_error(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(built, PEOPLE, "role: Test leader", "role: Test\x07 leader")
    result = built.run("check", capsys=capsys)
    assert result.status == 1
    assert result.err.startswith(f"{PEOPLE}:4: invalid YAML")


def test_tabs_and_line_breaks_are_fine_where_text_may_run_over_lines(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        project,
        MEETING,
        "translation: We will cooperate closely in every field",
        r'translation: "We\twill cooperate closely in every field"',
    )
    edit(
        project,
        MEETING,
        "summary_line: An and Bình agree to work closely.",
        "summary_line: >\n  An and Bình agree\n  to work closely.",
    )
    edit(project, MEETING, 'text: "Chúng tôi sẽ hợp tác', 'text: "Chúng tôi\\n sẽ hợp tác')
    edit(project, MEETING, "They spoke for", "They spoke\tfor")
    result = project.run("build", capsys=capsys)
    assert result.status == 0, result.err
    page = project.page("meetings/2024-01-05-hanoi.html")
    quote = page.select_one("#q-an-cooperate")
    assert (
        text_of(quote.select_one("blockquote"))
        == "“Chúng tôi sẽ hợp tác chặt chẽ trong mọi lĩnh vực”"
    )
    assert "We will" in text_of(quote.select_one(".dossier-quote__translation"))
    html = "".join(path.read_text(encoding="utf-8") for path in project.site.rglob("*.html"))
    assert not any(ord(char) < 32 and char not in "\t\n" for char in html)
