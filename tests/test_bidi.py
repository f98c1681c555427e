"""Bidi controls and right-to-left letters in text from the content cannot reorder the text
around them: each such text is isolated, in a `<bdi>` element in the pages, and between FSI and
PDI (Unicode's own isolates) where no element can go (the page title, the sidebar, the labels
of footnotes). Checked on the parsed HTML of every page of a project that puts them in every
kind of field.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, NavigableString

from tests.conftest import Project
from tests.test_error_corpus import MEETING, PEOPLE, SOURCE, edit

RLO, PDF, LRI, FSI, PDI, RLM = "\u202e", "\u202c", "\u2066", "\u2068", "\u2069", "\u200f"

# (file, text in the file, the value put in its place); each value holds a bidi control or
# right-to-left letters, and no two are alike.
FIELDS = [
    (PEOPLE, "name: Ông An", f"Ông {RLO}An"),
    (PEOPLE, "name: Bà Bình", f"{RLM}Bà Bình"),
    (PEOPLE, "role: Test leader", f"Test {RLO}leader"),
    (MEETING, "title: An and Bình meet in Hanoi", f"An and Bình {RLO}meet"),
    (MEETING, "summary_line: An and Bình agree to work closely.", f"An {LRI}and Bình agree"),
    (MEETING, "name: Government Guest House", f"Government {RLO}House"),
    (MEETING, "name: Hanoi", f"Hà {RLO}Nội city"),
    (MEETING, "translation: We will cooperate closely in every field", f"We {RLO}will"),
    (SOURCE, "editorial_title: 'Two leaders meet in Hanoi'", f"Two {RLO}leaders"),
    (SOURCE, "outlet: {name: Báo Mẫu", f"صحيفة {RLO}Mẫu"),
    (SOURCE, "author: {name: Nguyễn Văn A", f"Nguyễn {PDF}{RLO}A"),
    (SOURCE, "cites:\n  - {name: Reuters", f"Reu{RLO}ters"),
    (SOURCE, "credits:\n  - {name: Reuters", f"Reuters {RLO}photo"),
]
VALUES = {value for _, _, value in FIELDS}


def risky(text: str) -> bool:
    return any(char in text for char in (RLO, PDF, LRI, RLM)) or "صحيفة" in text


@pytest.fixture(scope="module")
def bidi_site(tmp_path_factory: pytest.TempPathFactory) -> Project:
    from builder.cli import main
    from tests.conftest import make_project

    project = make_project(tmp_path_factory.mktemp("bidi") / "project")
    for path, old, value in FIELDS:
        key, _, rest = old.rpartition(": ")
        edit(project, path, old, f"{key}: {value}" if "'" not in rest else f"{key}: '{value}'")
    edit(project, SOURCE, "rights: excerpts", "rights: full")
    assert main(["build", "--root", str(project.root)]) == 0
    return project


def pages(project: Project) -> list[tuple[str, BeautifulSoup]]:
    return [
        (
            path.relative_to(project.site).as_posix(),
            BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"),
        )
        for path in sorted(project.site.rglob("*.html"))
    ]


def test_every_value_reaches_the_pages(bidi_site: Project) -> None:
    everything = " ".join(soup.get_text() for _, soup in pages(bidi_site))
    assert [value for value in sorted(VALUES) if value not in everything] == []


def test_each_value_is_isolated_from_the_text_around_it(bidi_site: Project) -> None:
    loose = []
    for name, soup in pages(bidi_site):
        for node in soup.find_all(string=risky):
            assert isinstance(node, NavigableString)
            if node.parent is not None and node.parent.name in {"script", "style"}:
                continue
            isolate = node.find_parent("bdi")
            if isolate is not None and isolate.get_text() in VALUES:
                continue
            # Where no element can go: each value in the text between FSI and PDI.
            text = str(node)
            held = [value for value in VALUES if value in text]
            if held and all(f"{FSI}{value}{PDI}" in text for value in held):
                continue
            loose.append(f"{name}: <{node.parent.name if node.parent else '?'}> {text!r}")
    assert loose == []


def test_names_are_in_bdi_beside_other_text(bidi_site: Project) -> None:
    meeting = dict(pages(bidi_site))["meetings/2024-01-05-hanoi.html"]
    participants = meeting.select("dl.dossier-facts dd a bdi")
    # Each in a <bdi> for the page, and between FSI and PDI too for the search index (which
    # keeps the text without its tags).
    assert [item.get_text() for item in participants] == [
        f"{FSI}Ông {RLO}An{PDI}",
        f"{FSI}{RLM}Bà Bình{PDI}",
    ]
    source = meeting.select_one("#q-an-cooperate .dossier-quote__source bdi")
    assert source.get_text() == f"{FSI}صحيفة {RLO}Mẫu{PDI}"
    # The footnote's label: outlet and title each between FSI and PDI.
    note = meeting.select_one(".footnote li").get_text().strip()
    assert note.startswith(f"{FSI}صحيفة {RLO}Mẫu{PDI}, “Hai lãnh đạo gặp nhau tại Hà Nội”")
    title = meeting.title.get_text()
    assert title.startswith(f"{FSI}An and Bình {RLO}meet{PDI} - ")


def test_text_without_bidi_characters_is_left_as_it_is(built_tiny: Project) -> None:
    for path in built_tiny.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert FSI not in text and PDI not in text, path
