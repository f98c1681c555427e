"""Links that editors write to our own pages are checked at build time, page and anchor."""

from __future__ import annotations

import random

import pytest
from bs4 import BeautifulSoup

from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from builder.pipeline import check, prepare
from builder.site.links import site_anchors
from builder.site.safe_markdown import _markdown, own_page_links
from tests.conftest import Project, source_one


@pytest.mark.parametrize("fixture", ["built_tiny", "built_seed", "built_hostile"])
def test_every_page_and_anchor_the_checker_allows_exists_in_the_built_site(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    project: Project = request.getfixturevalue(fixture)
    dossier, problems = load_dossier(project.root)
    assert problems == []
    verified, problems = validate_dossier(dossier)
    assert problems == []
    missing = []
    for page, anchors in site_anchors(verified).items():
        path = project.site / page
        if not path.is_file():
            missing.append(page)
            continue
        if anchors:
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            ids = {str(tag["id"]) for tag in soup.select("[id]")}
            missing += [f"{page}#{anchor}" for anchor in sorted(anchors - ids)]
    assert missing == []


def test_own_page_links_of_plain_text_are_found_without_markdown() -> None:
    pieces = ["Kim", "met", ".[^a]", "[^a]", "(../meetings/m.html)", "[x]", "<", ">", "[", "]"]
    pieces += ["(", ")", ":", " ", "\n", "[^b]: ", "https://e.org", "[^a](../sources/s.html)"]
    rng = random.Random(6)
    for _ in range(1500):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        try:
            expected = _slow_own_links(text)
        except ValueError:
            continue  # urlsplit refuses some targets (`https://e.org[`): not this test's matter
        assert own_page_links(text, "meetings/m.html") == expected, repr(text)


def _slow_own_links(text: str) -> list[tuple[str, str]]:
    md, guard = _markdown("meetings/m.html")
    md.convert(text)
    return [
        (written, target if not target.startswith("#") else "meetings/m.html" + target)
        for written, target in guard.own_links
    ]


def test_the_page_kinds_give_each_page_the_anchors_its_template_writes(project: Project) -> None:
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(rights="full"))
    verified, _ = check(project.root)
    anchors = {page: sorted(ids) for page, ids in site_anchors(verified).items()}
    hanoi = "meetings/2024-01-05-hanoi.html"
    assert anchors == {
        "index.html": ["timeline", "year-2023", "year-2024"],
        "sources/2023-05-an-visits-da-nang.html": [
            "cuts-from-the-raw-file",
            "p-2",
            "q-an-relations-good",
            "quoted-passages",
        ],
        # A full source shows every paragraph, each with its anchor, and offers its raw file.
        "sources/2024-01-05-bao-mau.html": [
            "article-text",
            "cuts-from-the-raw-file",
            "headline",  # the source page's headline, where a claim printed there links
            *(
                f"p-{number}"
                for number in range(
                    1, len(verified.dossier.sources["2024-01-05-bao-mau"].paragraphs) + 1
                )
            ),
            "q-an-cooperate",
            "q-binh-exchanges",
        ],
        "raw/2024-01-05-bao-mau.txt": [],
        "meetings/2023-05-20-da-nang.html": [
            "fn:2023-05-an-visits-da-nang",
            "fnref:2023-05-an-visits-da-nang",
            "q-an-relations-good",
            "quotes",
            "sources",
            "summary",
        ],
        hanoi: [
            "fn:2024-01-05-bao-mau",
            "fnref:2024-01-05-bao-mau",
            "q-an-cooperate",
            "q-binh-exchanges",
            "quotes",
            "sources",
            "summary",
        ],
        "people/ba-binh.html": ["q-binh-exchanges", "quotes"],
        "people/ong-an.html": ["q-an-cooperate", "q-an-relations-good", "quotes"],
        "about.html": [],
        "dossier.json": [],
        "dossier.schema.json": [],
        "quotes.csv": [],
        "meetings.csv": [],
        "timeline.json": [],
        "annotations.jsonld": [],
    }


def test_the_pages_the_link_check_knows_are_the_pages_the_render_stage_writes(
    project: Project,
) -> None:
    project.write("site_src/sources/2024-01-05-bao-mau.yml", source_one(rights="full"))
    verified, _ = check(project.root)
    written = prepare(project.root, project.root / "docs").tree.paths
    known = {
        page.removesuffix(".html") + ".md" if page.endswith(".html") else page
        for page in site_anchors(verified)
    }
    assets = {path for path in written if path.startswith("assets/")}
    assert assets == {
        "assets/dossier.css",
        "assets/dossier/offline.js",
        "assets/dossier/search-worker.js",
    }
    assert sorted(known) == sorted(set(written) - assets)


# --- hostile links (r17-attack) ---------------------------------------------------------------

SUMMARY = (
    "An and Bình met in Hanoi on 5 January 2024.[^2024-01-05-bao-mau] "
    "They spoke for two hours.[^2024-01-05-bao-mau]\n"
)


def write_summary(project: Project, summary: str) -> int:
    """Replace the first meeting's summary; the file line of the summary's first line."""
    path = project.src / "meetings/2024-01-05-hanoi.md"
    text = path.read_text(encoding="utf-8")
    assert SUMMARY in text
    path.write_text(text.replace(SUMMARY, summary), encoding="utf-8")
    return 1 + text.split("\n").index(SUMMARY.rstrip("\n"))


def test_a_bad_link_is_reported_at_its_own_line_not_at_a_longer_link_that_holds_it(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    """`../people/` is written inside `../people/ong-an.html#quotes` on the line before."""
    first = write_summary(
        project,
        "See [An](../people/ong-an.html#quotes).[^2024-01-05-bao-mau]\n\n"
        "See [all](../people/).[^2024-01-05-bao-mau]\n\n"
        "See [nope](#nope) and [nope again](#nope).[^2024-01-05-bao-mau]\n\n"
        "See [nope](#nope).[^2024-01-05-bao-mau]\n",
    )
    result = project.run("check", capsys=capsys)
    assert result.status == 1
    anchors = "fn:2024-01-05-bao-mau, fnref:2024-01-05-bao-mau, q-an-cooperate, q-binh-exchanges, quotes, sources, summary"
    path = "site_src/meetings/2024-01-05-hanoi.md"
    nope = "goes to #nope, which is not on meetings/2024-01-05-hanoi.html"
    assert result.err.splitlines()[:-1] == [
        f"{path}:{first + 2}: link '../people/' goes to people, which is not a page of this dossier",
        f"{path}:{first + 4}: link '#nope' {nope} (anchors there: {anchors})",  # once a line
        f"{path}:{first + 6}: link '#nope' {nope} (anchors there: {anchors})",
    ]


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("../people/ong-an.html#quotes", None),
        ("#quotes", None),
        ("#sources", None),
        ("#summary", None),
        ("../sources/2024-01-05-bao-mau.html#q-an-cooperate", None),
        ("../sources/2024-01-05-bao-mau.html#p-1", None),
        ("../index.html#timeline", None),
        ("../dossier.json", None),
        ("2023-05-20-da-nang.html#summary", None),
        ("../people/ong-an.html#summary", "goes to #summary, which is not on people/ong-an.html"),
        ("../people/ong-an.html#Quotes", "goes to #Quotes, which is not on people/ong-an.html"),
        ("../people/ONG-AN.html", "goes to people/ONG-AN.html, which is not a page"),
        ("../people/%6Fng-an.html", "goes to people/%6Fng-an.html, which is not a page"),
        ("../people/ong-an/", "goes to people/ong-an, which is not a page of this dossier; did"),
        ("../about.html#x", "goes to #x, which is not on about.html"),
        ("../dossier.json#x", "goes to #x, which is not on dossier.json"),
    ],
)
def test_links_an_editor_writes_to_our_pages_and_anchors(
    project: Project, capsys: pytest.CaptureFixture[str], target: str, said: str | None
) -> None:
    first = write_summary(project, f"See [this]({target}).[^2024-01-05-bao-mau]\n")
    result = project.run("check", capsys=capsys)
    if said is None:
        assert result.status == 0, result.err
        return
    assert result.status == 1
    assert result.err.startswith(
        f"site_src/meetings/2024-01-05-hanoi.md:{first}: link {target!r} {said}"
    ), result.err
