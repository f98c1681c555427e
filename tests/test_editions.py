"""Two editions from one build (issue 19): English at the site's root, as it always was,
and Vietnamese under `vi/`, page for page at the same paths; every page links to its twin.

The sites are read as a reader's browser would: each link resolved from the file of the page
that holds it, to a file that must exist.
"""

from __future__ import annotations

import json
import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import builder.engine.mkdocs_material
from builder.cli import main
from builder.engine import DocsTree, EngineFailure, Twin
from builder.engine.plugin import twin_links
from builder.site.editions import Edition, editions_for
from tests.conftest import Project, files_under, source_one
from tests.statements_project import make_groups_project

ROOT_ONLY = {"404.html", "dossier.json", "dossier.schema.json", "download/dossier-offline.zip"}
"""Files of the site that the Vietnamese edition does not hold: it links to them at the root."""

PAGE_KINDS = {
    "index.html": "home",
    "about.html": "about",
    "meetings/2024-01-05-hanoi.html": "meeting",
    "sources/2024-01-05-bao-mau.html": "source",
    "people/ong-an.html": "person",
    "organisations/bo-ngoai-giao.html": "organisation",
}


@pytest.fixture(scope="module")
def groups(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The tiny project with an organisation, a full article and a link to the data from
    the About page, built once."""
    project = make_groups_project(tmp_path_factory.mktemp("editions") / "project")
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(rights="full"))
    project.write(
        "site_src/about.md",
        "# About\n\nThe data: [dossier.json](dossier.json), and [a meeting]"
        "(meetings/2024-01-05-hanoi.md#quotes).\n",
    )
    assert main(["build", "--root", str(project.root)]) == 0
    return project


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def resolved(page: str, href: str) -> str:
    """The site path a relative link on `page` leads to, without its fragment."""
    assert "://" not in href and not href.startswith("/"), href
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), href.partition("#")[0]))


def html_pages(site: Path) -> Iterator[str]:
    for path in sorted(site.rglob("*.html")):
        yield path.relative_to(site).as_posix()


def test_the_vietnamese_edition_has_every_page_of_the_english_one_at_the_same_path(
    groups: Project,
) -> None:
    files = set(files_under(groups.site))
    english = {name for name in files if not name.startswith("vi/")}
    vietnamese = {name.removeprefix("vi/") for name in files if name.startswith("vi/")}
    pages = {name for name in english if name.endswith(".html")}
    assert set(PAGE_KINDS) <= pages
    assert pages - {"404.html"} <= vietnamese
    # The data, its schema, the raw articles, the zip and the 404 page are the whole site's.
    assert not (vietnamese & ROOT_ONLY)
    assert not any(name.startswith("raw/") for name in vietnamese)
    assert any(name.startswith("raw/") for name in english)
    # Each edition has its own search, sitemap, scripts and styles.
    for name in (
        "search/search_index.json",
        "search/search_index.js",
        "sitemap.xml",
        "assets/dossier.css",
        "assets/dossier/offline.js",
        "assets/dossier/search-worker.js",
    ):
        assert name in english and name in vietnamese, name


def test_each_edition_says_its_language(groups: Project) -> None:
    for page in html_pages(groups.site):
        language = soup(groups.site, page).html["lang"]  # type: ignore[index]
        assert language == ("vi" if page.startswith("vi/") else "en"), page


def test_each_edition_names_the_site_in_its_language(groups: Project) -> None:
    english = soup(groups.site, "meetings/2024-01-05-hanoi.html")
    vietnamese = soup(groups.site, "vi/meetings/2024-01-05-hanoi.html")
    name_en = "Putin–Kim Jong Un summits: a source-verified dossier"
    name_vi = "Các cuộc gặp thượng đỉnh Putin – Kim Jong Un: hồ sơ kiểm chứng theo nguồn"
    assert english.title.get_text().endswith(f" - {name_en}")
    assert vietnamese.title.get_text().endswith(f" - {name_vi}")
    header = vietnamese.select_one(".md-header__topic .md-ellipsis")
    assert " ".join(header.get_text().split()) == name_vi


@pytest.mark.parametrize("page", sorted(PAGE_KINDS))
def test_every_kind_of_page_links_to_its_twin_and_back(groups: Project, page: str) -> None:
    site = groups.site
    for here, there, language, name in (
        (page, f"vi/{page}", "vi", "Tiếng Việt"),
        (f"vi/{page}", page, "en", "English"),
    ):
        links = soup(site, here).select(".dossier-twins a")
        assert len(links) == 1, here
        link = links[0]
        assert (link["hreflang"], link["lang"], link.get_text(strip=True)) == (
            language,
            language,
            name,
        )
        assert resolved(here, str(link["href"])) == there
        assert (site / there).is_file()
        # The same page: its title is the twin's title.
        assert soup(site, there).select_one("h1") is not None
        # None in the head: Material's script would fetch a sitemap beside each, which a page
        # opened from a folder may not do (the browser tests fail on such an error).
        assert soup(site, here).select("head link[rel=alternate][hreflang]") == []


def test_every_page_but_the_404_has_one_twin_link(groups: Project) -> None:
    for page in html_pages(groups.site):
        links = soup(groups.site, page).select(".dossier-twins a")
        if page == "404.html":
            assert links == []
            continue
        assert len(links) == 1, page
        target = resolved(page, str(links[0]["href"]))
        twin = page.removeprefix("vi/") if page.startswith("vi/") else f"vi/{page}"
        assert target == twin


def test_the_twin_link_is_not_searched(groups: Project) -> None:
    """The link is the theme's, outside the page's content: no page is found by the name of
    the other language."""
    for edition in ("", "vi/"):
        index = json.loads((groups.site / f"{edition}search/search_index.json").read_text())
        assert not [doc for doc in index["docs"] if "Tiếng Việt" in doc["text"]]
        assert not [doc for doc in index["docs"] if doc["text"].startswith("English")]


def test_each_edition_searches_its_own_pages_only(groups: Project) -> None:
    site = groups.site
    for edition, language in (("", "en"), ("vi/", "vi")):
        text = (site / f"{edition}search/search_index.json").read_text(encoding="utf-8")
        index = json.loads(text)
        assert index["config"]["lang"] == [language]
        locations = {doc["location"].partition("#")[0] for doc in index["docs"]}
        assert "meetings/2024-01-05-hanoi.html" in locations
        for location in locations - {""}:
            assert not location.startswith(("vi/", "../", "/")), location
            assert (site / edition / location).is_file(), location
        script = (site / f"{edition}search/search_index.js").read_text(encoding="utf-8")
        assert script == f"var __index = {text};\n"


def test_the_vietnamese_edition_links_to_the_shared_files_at_the_root(groups: Project) -> None:
    site = groups.site
    for page in ("index.html", "about.html", *(p for p in PAGE_KINDS if p.startswith("sources/"))):
        for edition in ("", "vi/"):
            here = edition + page
            for link in soup(site, here).select(".md-content a[href]"):
                href = str(link["href"])
                if href.startswith(("http:", "https:", "#")):
                    continue
                target = resolved(here, href)
                assert (site / target).is_file(), f"{here}: {href}"
    home = soup(site, "vi/index.html")
    hrefs = {str(link["href"]) for link in home.select(".md-content a[href]")}
    assert {"../dossier.json", "../dossier.schema.json"} <= hrefs
    assert "../download/dossier-offline.zip" in hrefs
    # An editor's link to the data, from the About page, reaches it from both editions.
    about = {str(link["href"]) for link in soup(site, "vi/about.html").select(".md-content a")}
    assert "../dossier.json" in about
    assert "meetings/2024-01-05-hanoi.html#quotes" in about
    english_about = {str(a["href"]) for a in soup(site, "about.html").select(".md-content a")}
    assert "dossier.json" in english_about


def test_the_offline_zip_holds_both_editions(groups: Project) -> None:
    site = groups.site
    with zipfile.ZipFile(site / "download/dossier-offline.zip") as archive:
        names = {name.removeprefix("dossier-offline/") for name in archive.namelist()}
    assert names == set(files_under(site)) - {"download/dossier-offline.zip"}
    assert {"index.html", "vi/index.html", "vi/search/search_index.js"} <= names


def test_the_offline_hint_names_the_edition_s_own_start_page(groups: Project) -> None:
    english = soup(groups.site, "index.html").select_one(".dossier-offline code")
    vietnamese = soup(groups.site, "vi/index.html").select_one(".dossier-offline code")
    assert english is not None and english.get_text() == "dossier-offline/index.html"
    assert vietnamese is not None and vietnamese.get_text() == "dossier-offline/vi/index.html"


def test_a_build_under_an_address_names_each_edition_s_pages_there(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DOSSIER_SITE_URL", "https://example.org/dossier")
    assert main(["build", "--root", str(project.root)]) == 0
    page = "meetings/2024-01-05-hanoi.html"
    vietnamese = soup(project.site, f"vi/{page}")
    canonical = vietnamese.select_one("link[rel=canonical]")
    assert canonical is not None
    assert canonical["href"] == f"https://example.org/dossier/vi/{page}"
    # The visible link stays relative: it works from a folder and from the zip.
    twin = vietnamese.select_one(".dossier-twins a")
    assert twin is not None and twin["href"] == f"../../{page}"
    sitemap = (project.site / "vi/sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.org/dossier/vi/{page}</loc>" in sitemap
    assert "<loc>https://example.org/dossier/vi/index.html</loc>" in sitemap
    english = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.org/dossier/{page}</loc>" in english
    assert "/vi/" not in english


def test_a_failure_in_the_vietnamese_edition_leaves_both_editions_as_they_were(
    built: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The English edition is already built into the new site when the Vietnamese one fails:
    neither replaces the site built before."""
    before = built.snapshot()
    assert any(name.startswith("vi/") for name in before)
    built.write(
        "site_src/meetings/2024-01-05-hanoi.md",
        (built.src / "meetings/2024-01-05-hanoi.md")
        .read_text(encoding="utf-8")
        .replace("two hours", "three hours"),
    )
    build_edition = builder.engine.mkdocs_material.build_edition
    built_first: list[str] = []

    def failing_in_vietnamese(
        config_file: Path, tree: DocsTree, site_dir: Path, site_url: str | None
    ) -> tuple[str | None, bool]:
        if tree.subfolder == "vi":
            assert (site_dir / "meetings/2024-01-05-hanoi.html").is_file()
            built_first.append("en")
            raise EngineFailure("MkDocs", "Aborted with 1 warnings in strict mode!")
        return build_edition(config_file, tree, site_dir, site_url)

    monkeypatch.setattr(builder.engine.mkdocs_material, "build_edition", failing_in_vietnamese)
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    assert built_first == ["en"]
    assert result.err.endswith(f"{built.site} was left as it was\n")
    assert built.snapshot() == before
    assert not (built.root / ".site.new").exists()


def test_a_template_error_of_the_vietnamese_edition_only_stops_the_build(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    template = built.root / "templates/about.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(
        text + '{% if strings.language == "vi" %}{{ no_such_name }}{% endif %}\n',
        encoding="utf-8",
    )
    result = built.run("build", capsys=capsys)
    assert result.status == 1
    line = len(text.splitlines()) + 1
    assert result.err.startswith(
        f"templates/about.md.j2:{line}: template error: 'no_such_name' is undefined\n"
    )
    assert built.snapshot() == before


def test_the_build_says_where_it_wrote_the_site(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    result = project.run("build", capsys=capsys)
    assert result.status == 0
    assert result.out.startswith("dossier build: 2 meetings, 2 sources, 3 quotes verified; ")
    assert f"site written to {project.site} in " in result.out


# --- the pieces, without a build -------------------------------------------------------------


def test_the_root_edition_is_the_configured_language_and_vietnamese_is_beside_it() -> None:
    assert editions_for("en") == (Edition("en", ""), Edition("vi", "vi"))
    # A site whose root is Vietnamese has no second Vietnamese edition.
    assert editions_for("vi") == (Edition("vi", ""),)


VI = Twin("vi", "Tiếng Việt", "This page in Vietnamese", "vi")
EN = Twin("en", "English", "Trang này bằng tiếng Anh", "")


@pytest.mark.parametrize(
    ("page_url", "tree", "twin_href"),
    [
        ("index.html", DocsTree(Path("d"), [], 0, "en", "", (VI,)), "vi/index.html"),
        ("meetings/a.html", DocsTree(Path("d"), [], 0, "en", "", (VI,)), "../vi/meetings/a.html"),
        ("index.html", DocsTree(Path("d"), [], 0, "vi", "vi", (EN,)), "../index.html"),
        ("meetings/a.html", DocsTree(Path("d"), [], 0, "vi", "vi", (EN,)), "../../meetings/a.html"),
        # Folder addresses (`use_directory_urls`): a folder stays a folder.
        ("", DocsTree(Path("d"), [], 0, "en", "", (VI,)), "vi/"),
        ("", DocsTree(Path("d"), [], 0, "vi", "vi", (EN,)), "../"),
        ("meetings/a/", DocsTree(Path("d"), [], 0, "vi", "vi", (EN,)), "../../../meetings/a/"),
    ],
)
def test_twin_links_are_relative_from_the_page(
    page_url: str, tree: DocsTree, twin_href: str
) -> None:
    [twin] = tree.twins
    assert twin_links(page_url, tree) == [
        {"language": twin.language, "name": twin.name, "title": twin.title, "href": twin_href}
    ]


def test_a_tree_without_twins_has_no_links() -> None:
    assert twin_links("index.html", DocsTree(Path("d"), [], 0)) == []


def test_links_in_the_vietnamese_summary_are_checked_like_the_english_ones(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting = project.src / "meetings/2024-01-05-hanoi.md"
    text = meeting.read_text(encoding="utf-8")
    written = 'summary_vi: "Xem [trang](../people/nobody.html).[^2024-01-05-bao-mau]"\n'
    text = text.replace("summary_line:", written + "summary_line:", 1)
    meeting.write_text(text, encoding="utf-8")
    line = text.splitlines().index(written.rstrip("\n")) + 1
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    assert (
        f"site_src/meetings/2024-01-05-hanoi.md:{line}: link '../people/nobody.html' goes to "
        "people/nobody.html, which is not a page of this dossier"
    ) in result.err
