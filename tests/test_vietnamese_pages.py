"""The Vietnamese edition's pages, rendered by the site layer (`render_site` with the `vi`
strings) and read like a reader: Vietnamese dates, places as the articles print them, our
Vietnamese titles and summaries where written (footnoted like the English), our English shown
only marked `lang="en"` and labelled, no English of the interface, payloads escaped.
"""

from __future__ import annotations

import contextvars
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from builder.content.models import Dossier
from builder.pipeline import check
from builder.site.render import make_environment
from builder.site.strings import load_strings, placeholders
from builder.site.tree import render_site
from tests.conftest import REPO, make_project, text_of
from tests.hostile import P, make_hostile_project
from tests.test_escaping import markup_leaks

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


class Docs:
    """A docs tree rendered by the site layer: each page's front matter and its body parsed;
    the sidebar, and the names the content gives (people, organisations, outlets, agencies)."""

    def __init__(
        self, folder: Path, nav: list[Any] | None = None, names: set[str] | None = None
    ) -> None:
        self.folder = folder
        self.nav = nav or []
        self.names = names or set()

    def text(self, page: str) -> str:
        return (self.folder / page).read_text(encoding="utf-8")

    def front(self, page: str) -> dict[str, str]:
        found = FRONT_MATTER.match(self.text(page))
        assert found is not None
        return dict(yaml.safe_load(found.group(1)))

    def body(self, page: str) -> BeautifulSoup:
        return BeautifulSoup(FRONT_MATTER.sub("", self.text(page)), "html.parser")

    def pages(self) -> list[str]:
        return sorted(
            path.relative_to(self.folder).as_posix() for path in self.folder.rglob("*.md")
        )


def render(root: Path, language: str, docs: Path) -> Docs:
    """Render the project at `root` into `docs` with the site layer in `language`, in a
    context of its own (the active strings stay as they were for the other tests)."""

    def run() -> Docs:
        verified, _ = check(root)
        tree = render_site(verified, make_environment(root / "templates", language), docs)
        return Docs(docs, tree.nav, names_of(verified.dossier))

    return contextvars.copy_context().run(run)


def names_of(dossier: Dossier) -> set[str]:
    """The names the content gives, in whatever language it writes them."""
    names = {speaker.name for speaker in dossier.speakers.values()}
    for source in dossier.sources.values():
        record = source.record
        named = [record.outlet, record.captured_from, record.author, *record.cites, *record.credits]
        names |= {item.name for item in named if item is not None}
        # Our English title of an article without a headline: marked English where a page
        # shows it on its own, but not yet inside a summary's footnote (a known gap).
        names.add(record.editorial_title)
    for meeting in dossier.meetings:
        names |= {quote.via for quote in meeting.record.quotes if quote.via is not None}
    return names


def copy_seed(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("templates", "schema", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


@pytest.fixture(scope="module")
def seed_vi(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    root = copy_seed(tmp_path_factory.mktemp("seed-vi") / "project")
    return render(root, "vi", root / "docs")


@pytest.fixture(scope="module")
def seed_en(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    root = copy_seed(tmp_path_factory.mktemp("seed-en") / "project")
    return render(root, "en", root / "docs")


@pytest.fixture(scope="module")
def tiny_vi(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    """The tiny project, whose meetings have no Vietnamese title or summary."""
    project = make_project(tmp_path_factory.mktemp("tiny-vi") / "project")
    return render(project.root, "vi", project.root / "docs")


PYONGYANG = "meetings/2024-06-19-pyongyang.md"
BEIJING = "meetings/2025-09-03-beijing.md"


def seed_meeting(name: str) -> dict[str, str]:
    text = (REPO / "site_src/meetings" / name).read_text(encoding="utf-8")
    found = FRONT_MATTER.match(text)
    assert found is not None
    return dict(yaml.safe_load(found.group(1)))


def in_english(node: Tag | NavigableString) -> bool:
    """Whether `node` stands inside an element marked `lang="en"`."""
    parent = node if isinstance(node, Tag) else node.parent
    while parent is not None:
        if isinstance(parent, Tag) and parent.get("lang") is not None:
            return parent.get("lang") == "en"
        parent = parent.parent
    return False


# --- dates ----------------------------------------------------------------------------------


def test_dates_are_in_vietnamese_forms(seed_vi: Docs) -> None:
    index = seed_vi.body("index.md")
    when = [text_of(item) for item in index.select(".dossier-timeline__when time")]
    assert when == [
        "ngày 13 tháng 9 năm 2023",
        "ngày 19 tháng 6 năm 2024",
        "ngày 3 tháng 9 năm 2025",
    ]
    # The Pyongyang article is dated by its month only.
    source = seed_vi.body("sources/2024-06-0451033f.md")
    facts = {text_of(dt): text_of(dt.find_next_sibling("dd")) for dt in source.select("dt")}
    assert facts["Ngày"] == "tháng 6/2024 (độ chính xác: tháng)"
    beijing = seed_vi.body(BEIJING)
    date = beijing.select_one(".dossier-facts dd time")
    assert date is not None and text_of(date) == "ngày 3 tháng 9 năm 2025"


def test_the_english_edition_keeps_its_dates(seed_en: Docs) -> None:
    when = [
        text_of(item) for item in seed_en.body("index.md").select(".dossier-timeline__when time")
    ]
    assert when == ["13 September 2023", "19 June 2024", "3 September 2025"]


# --- places ---------------------------------------------------------------------------------


def test_places_are_named_as_the_articles_print_them(seed_vi: Docs) -> None:
    page = seed_vi.body(PYONGYANG)
    place = [text_of(item) for item in page.select("ul.dossier-place li")]
    assert place == [
        "Nơi gặp: Nhà khách quốc gia Kumsusan",
        "Thành phố: Bình Nhưỡng",
        "Vùng: nguồn không nêu",
        "Quốc gia: Bắc Triều Tiên",
    ]
    index = seed_vi.body("index.md")
    whens = [text_of(item) for item in index.select(".dossier-timeline__when")]
    assert (
        "ngày 19 tháng 6 năm 2024 · Nhà khách quốc gia Kumsusan, Bình Nhưỡng, Bắc Triều Tiên"
        in whens
    )
    assert "Pyongyang" not in " ".join(whens)


def test_the_english_edition_names_places_in_english_with_the_printed_words(seed_en: Docs) -> None:
    page = seed_en.body(PYONGYANG)
    assert "City: Pyongyang (Bình Nhưỡng)" in [
        text_of(item) for item in page.select("ul.dossier-place li")
    ]


# --- our Vietnamese, where written ----------------------------------------------------------


def test_title_and_summary_line_are_the_vietnamese_ones(seed_vi: Docs) -> None:
    written = seed_meeting("2024-06-19-pyongyang.md")
    assert seed_vi.front(PYONGYANG) == {
        "title": written["title_vi"],
        "description": written["summary_line_vi"],
    }
    page = seed_vi.body(PYONGYANG)
    heading = page.select_one(".dossier-head h1")
    assert heading is not None and text_of(heading) == written["title_vi"]
    assert not heading.select("[lang=en]") and not heading.select(".dossier-in-english")
    index = seed_vi.body("index.md")
    titles = [text_of(item) for item in index.select(".dossier-timeline__title")]
    assert written["title_vi"] in titles
    lines = [
        text_of(item.find_next_sibling("p")) for item in index.select(".dossier-timeline__title")
    ]
    assert written["summary_line_vi"] in lines
    assert not index.select(".dossier-in-english")


def test_the_vietnamese_summary_is_shown_with_its_footnotes(seed_vi: Docs) -> None:
    written = seed_meeting("2024-06-19-pyongyang.md")
    summary = seed_vi.body(PYONGYANG).select_one(".dossier-summary")
    assert summary is not None
    paragraphs = summary.find_all("p", recursive=False)
    first_sentence = written["summary_vi"].split("[^")[0]
    assert text_of(paragraphs[0]).startswith(first_sentence)
    assert not summary.select("[lang=en]") and not summary.select(".dossier-in-english")
    markers = summary.select("sup a.footnote-ref")
    assert markers and {marker["href"] for marker in markers} == {"#fn:2024-06-0451033f"}
    notes = [text_of(item) for item in summary.select(".footnote li")]
    assert len(notes) == 1
    # The note is worded in Vietnamese: the source's date, and its link.
    assert "tháng 6/2024" in notes[0] and "Bản lưu" in notes[0]


def test_the_sidebar_is_in_vietnamese(seed_vi: Docs) -> None:
    titles = [
        seed_meeting(name)["title_vi"]
        for name in sorted(path.name for path in (REPO / "site_src/meetings").glob("*.md"))
    ]
    assert seed_vi.nav == [
        {"Dòng thời gian": "index.md"},
        {
            "Các cuộc gặp": [
                {title: f"meetings/{name.removesuffix('.md')}.md"}
                for title, name in zip(
                    titles,
                    sorted(path.name for path in (REPO / "site_src/meetings").glob("*.md")),
                    strict=True,
                )
            ]
        },
        {"Giới thiệu": "about.md"},
    ]


# --- our English, where not written ---------------------------------------------------------


def test_an_english_title_and_summary_line_are_marked_and_labelled(tiny_vi: Docs) -> None:
    page = tiny_vi.body("meetings/2024-01-05-hanoi.md")
    heading = page.select_one(".dossier-head h1")
    assert heading is not None
    english = heading.select_one("bdi[lang=en]")
    assert english is not None and text_of(english) == "An and Bình meet in Hanoi"
    assert text_of(heading) == "An and Bình meet in Hanoi (tiếng Anh)"
    label = heading.select_one(".dossier-in-english")
    assert label is not None and not in_english(label)
    index = tiny_vi.body("index.md")
    line = next(
        p
        for p in index.select(".dossier-timeline__item p")
        if "An and Bình agree to work closely." in text_of(p)
    )
    assert line.select_one("bdi[lang=en]") is not None
    assert text_of(line) == "An and Bình agree to work closely. (tiếng Anh)"
    # The front matter (the <title>, which can hold no lang) is the English, never a translation.
    assert tiny_vi.front("meetings/2024-01-05-hanoi.md")["title"] == "An and Bình meet in Hanoi"


def test_an_english_summary_is_marked_but_its_vietnamese_notes_are_not(tiny_vi: Docs) -> None:
    summary = tiny_vi.body("meetings/2024-01-05-hanoi.md").select_one(".dossier-summary")
    assert summary is not None
    note = summary.select_one("p.dossier-in-english")
    assert note is not None and not in_english(note)
    assert text_of(note) == "Phần này chưa được viết bằng tiếng Việt; dưới đây là bản tiếng Anh."
    text = [p for p in summary.find_all("p", recursive=False) if p is not note]
    assert text and all(p.get("lang") == "en" for p in text)
    assert text_of(text[0]).startswith("An and Bình met in Hanoi on 5 January 2024.")
    footnotes = summary.select_one("div.footnote")
    assert footnotes is not None and not in_english(footnotes)
    assert "ngày 5 tháng 1 năm 2024" in text_of(footnotes)


def test_our_english_is_marked_english(seed_vi: Docs) -> None:
    page = seed_vi.body(BEIJING)
    translations = page.select(".dossier-quote__translation bdi")
    assert translations and all(item.get("lang") == "en" for item in translations)
    labels = {
        text_of(item.select_one(".dossier-label"))
        for item in page.select(".dossier-quote__translation")
    }
    assert labels == {"Bản dịch tiếng Anh của chúng tôi"}
    gists = page.select(".dossier-statement__gist bdi")
    assert gists and all(item.get("lang") == "en" for item in gists)
    subjects = page.select(".dossier-claim__subject bdi")
    assert subjects and all(item.get("lang") == "en" for item in subjects)
    values = page.select(".dossier-claim td:nth-of-type(1) bdi")
    assert values and all(item.get("lang") == "en" for item in values)
    person = seed_vi.body("people/vladimir-putin.md")
    role = person.select_one(".dossier-head p:not(.dossier-speaker-kind) bdi")
    assert role is not None and role.get("lang") == "en"
    about = seed_vi.body("about.md")
    body = about.select_one(".dossier-about")
    assert body is not None and body.get("lang") == "en"
    assert text_of(about.select_one("p.dossier-in-english")).startswith("Phần này chưa được viết")


def test_the_english_edition_marks_none_of_our_text(seed_en: Docs) -> None:
    for page in seed_en.pages():
        body = seed_en.body(page)
        assert not body.select("bdi[lang=en], .dossier-summary [lang=en], .dossier-about[lang]"), (
            page
        )
        assert not body.select(".dossier-in-english"), page


# --- no English of the interface ------------------------------------------------------------


def interface_phrases(language: str) -> set[str]:
    """The words of a strings file that a reader sees: each string's pieces between its
    placeholders, of two letters or more."""
    strings = load_strings(language)
    phrases: set[str] = set()
    for entry in strings.entries.values():
        for text in entry.values() if isinstance(entry, dict) else [entry]:
            for piece in re.split(r"\{[^}]*\}", text):
                piece = piece.strip(" ,.:;()[]“”«»·")
                if re.search(r"[A-Za-z]{2}", piece):
                    phrases.add(piece)
    phrases.update(strings.months)
    return phrases


ENGLISH_INTERFACE = interface_phrases("en") - interface_phrases("vi")
"""Words of the English interface that the Vietnamese one does not also use (`video`)."""


INTERFACE_WORDS = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(phrase) for phrase in sorted(ENGLISH_INTERFACE, key=len, reverse=True))
    + r")(?!\w)"
)
ANCHOR = re.compile(r"\{#[^}]*\}")


def english_outside_english(docs: Docs, page: str) -> list[str]:
    """Each phrase of the English interface that a text node outside `lang="en"`, or the
    front matter, holds."""
    found = []
    # Names (`Russian state media`) are the content's, not the interface's.
    names = re.compile(
        "|".join(re.escape(name) for name in sorted(docs.names, key=len, reverse=True)) or "(?!)"
    )
    for node in docs.body(page).find_all(string=True):
        if in_english(node) or (isinstance(node.parent, Tag) and node.parent.name == "code"):
            continue
        # Linked data for machines (JSON-LD), which no reader sees.
        if isinstance(node.parent, Tag) and node.parent.get("type") == "application/ld+json":
            continue
        # A Markdown heading's `{#id}` is its anchor, which no reader sees.
        text = " ".join(names.sub(" ", ANCHOR.sub("", str(node))).split())
        found += [f"{page}: {phrase!r} in {text!r}" for phrase in INTERFACE_WORDS.findall(text)]
    for value in docs.front(page).values():
        text = names.sub(" ", str(value))
        found += [
            f"{page} front matter: {phrase!r} in {value!r}"
            for phrase in INTERFACE_WORDS.findall(text)
        ]
    return found


def test_the_scan_finds_english_of_the_interface(tiny_vi: Docs, tmp_path: Path) -> None:
    assert {"Our translation", "Sources differ", "September", "Summary"} <= ENGLISH_INTERFACE
    page = tmp_path / "x.md"
    page.write_text('---\ntitle: t\n---\n<p>Summary</p><p lang="en">Our translation</p>\n')
    assert english_outside_english(Docs(tmp_path), "x.md") == ["x.md: 'Summary' in 'Summary'"]


@pytest.mark.parametrize("project", ["seed", "tiny"])
def test_no_english_of_the_interface_outside_english(
    project: str, seed_vi: Docs, tiny_vi: Docs
) -> None:
    docs = seed_vi if project == "seed" else tiny_vi
    assert len(docs.pages()) > 5
    found = [line for page in docs.pages() for line in english_outside_english(docs, page)]
    assert found == []


# --- the strings file -----------------------------------------------------------------------


def test_every_english_string_has_its_vietnamese_with_the_same_placeholders() -> None:
    english, vietnamese = load_strings("en"), load_strings("vi")
    assert english.entries.keys() == vietnamese.entries.keys()
    for key, entry in english.entries.items():
        assert placeholders(vietnamese.entries[key]) == placeholders(entry), key
    # One form for every count, as Vietnamese has.
    assert vietnamese.text("count.quotes", count=1) == "1 trích dẫn"
    assert vietnamese.text("count.quotes", count=2) == "2 trích dẫn"
    assert vietnamese.text("languages.ko") == "tiếng Triều Tiên"


def test_the_offline_script_is_valid_javascript_in_vietnamese(seed_vi: Docs) -> None:
    script = seed_vi.folder / "assets/dossier/offline.js"
    text = script.read_text(encoding="utf-8")
    assert '"B\\u1ed9 m\\u00e1y t\\u00ecm ki\\u1ebfm"' in text or '"Bộ máy tìm kiếm"' in text
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    checked = subprocess.run(
        [node, "--check", str(script)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


# --- hostile --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_vi(tmp_path_factory: pytest.TempPathFactory) -> Docs:
    """The hostile dossier, with payloads in its Vietnamese title, summary line and summary."""
    root = make_hostile_project(tmp_path_factory.mktemp("hostile-vi") / "project")
    meeting = root / "site_src/meetings/evil-meeting.md"
    text = meeting.read_text(encoding="utf-8")
    fields = yaml.safe_dump(
        {
            "title_vi": P["title"].replace("title", "title-vi"),
            "summary_line_vi": P["summary-line"].replace("summary-line", "line-vi"),
            "summary_vi": "Tóm tắt <script>alert('vi')</script> <img src=x onerror=alert('vi')> "
            "[xấu](javascript:alert('vi')) {: onclick=alert('vi')}.[^src-one]\n",
        },
        allow_unicode=True,
        width=10_000,
    )
    meeting.write_text(text.replace("quotes:\n", fields + "quotes:\n", 1), encoding="utf-8")
    return render(root, "vi", root / "docs")


def test_hostile_vietnamese_fields_are_text(hostile_vi: Docs) -> None:
    leaks = {page: markup_leaks(hostile_vi.body(page)) for page in hostile_vi.pages()}
    assert {page: found for page, found in leaks.items() if found} == {}
    page = hostile_vi.body("meetings/evil-meeting.md")
    heading = page.select_one(".dossier-head h1")
    assert heading is not None and "<script>alert('title-vi')</script>" in heading.get_text()
    summary = page.select_one(".dossier-summary")
    assert summary is not None and "<script>alert('vi')</script>" in summary.get_text()
    assert not summary.select("a[href^=javascript]")
    front = hostile_vi.front("meetings/evil-meeting.md")
    assert "<" not in front["title"] and "&lt;script&gt;alert(&#39;title-vi&#39;)" in front["title"]


# --- Material's labels ----------------------------------------------------------------------

OVERRIDDEN = {
    "action.skip": "Chuyển đến nội dung chính",
    "search.result.initializer": "Đang chuẩn bị tìm kiếm",
    "search.result.more.one": "thêm 1 kết quả trong trang này",
    "search.result.term.missing": "Không có",
    "top": "Lên đầu trang",
    "footer.next": "Trang sau",
}


def material_label(language: str, key: str) -> str:
    """A label of Material's interface as our theme (templates/theme) gives it in
    `language`, through the partial Material's templates import it from."""
    from mkdocs.theme import Theme

    theme = Theme(name="material", custom_dir=str(REPO / "templates/theme"), language=language)
    template = theme.get_env().from_string(
        '{% import "partials/language.html" as lang with context %}{{ lang.t(key) }}'
    )
    return template.render(config={"theme": theme}, key=key)


@pytest.mark.parametrize(("key", "label"), sorted(OVERRIDDEN.items()))
def test_material_labels_that_read_oddly_are_ours_in_vietnamese(key: str, label: str) -> None:
    assert material_label("vi", key) == label


@pytest.mark.parametrize(
    ("language", "key", "label"),
    [
        ("vi", "toc", "Mục lục"),  # Material's own Vietnamese, kept
        ("vi", "language", "vi"),
        ("en", "top", "Back to top"),  # English is Material's, untouched
        ("en", "action.skip", "Skip to content"),
    ],
)
def test_other_material_labels_are_material_s(language: str, key: str, label: str) -> None:
    assert material_label(language, key) == label


def test_every_label_we_override_is_one_material_has() -> None:
    import material

    english = (Path(material.__file__).parent / "templates/partials/languages/en.html").read_text(
        encoding="utf-8"
    )
    ours = (REPO / "templates/theme/partials/dossier-labels.html").read_text(encoding="utf-8")
    keys = re.findall(r'^    "([a-z.]+)":', ours, flags=re.MULTILINE)
    assert len(keys) >= len(OVERRIDDEN)
    assert [key for key in keys if f'"{key}":' not in english] == []


def test_the_drawn_timeline_is_in_the_editions_words(seed_vi: Docs, seed_en: Docs) -> None:
    written = seed_meeting("2024-06-19-pyongyang.md")
    drawn_vi = seed_vi.body("index.md").select_one(".dossier-chart").get_text(" ")
    drawn_vi = " ".join(drawn_vi.split())
    assert "Bình Nhưỡng" in drawn_vi and "Pyongyang" not in drawn_vi
    assert " ".join(written["title_vi"].split()[:4]) in drawn_vi
    drawn_en = " ".join(seed_en.body("index.md").select_one(".dossier-chart").get_text(" ").split())
    assert "Pyongyang" in drawn_en and "Bình Nhưỡng" not in drawn_en


def test_previous_and_next_name_meetings_in_the_editions_words(seed_vi: Docs) -> None:
    written = seed_meeting("2024-06-19-pyongyang.md")
    previous = seed_vi.body("meetings/2025-09-03-beijing.md").select_one(
        ".dossier-sequence__previous a"
    )
    assert " ".join(previous.get_text(" ").split()) == (
        f"ngày 19 tháng 6 năm 2024 : {written['title_vi']}"
    )
