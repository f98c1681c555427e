"""Where the load stage looks for the files of `site_src/` (`builder.content.files`): a raw
article's path is resolved once its links are followed, and refused outside `site_src/`."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.content.files import locate_raw, raw_location, shown_path

INSIDE = {
    "articles/a.txt": "articles/a.txt",
    "articles/missing.txt": "articles/missing.txt",
    "a.txt": "a.txt",
    "articles/to-inside.txt": "articles/a.txt",  # a link inside is followed
    "inner/a.txt": "articles/a.txt",  # so is a folder that is a link inside
    "articles/../articles/a.txt": "articles/a.txt",
    "./articles/a.txt": "articles/a.txt",
    "articles//a.txt": "articles/a.txt",
    "../site_src/articles/a.txt": "articles/a.txt",
    ".hidden/a.txt": ".hidden/a.txt",
    "articles/": "articles",
    "é/a.txt": "é/a.txt",
}
OUTSIDE = [
    "articles/to-outside.txt",  # a link to a file outside
    "linked/b.txt",  # a folder that is a link outside
    "inner/to-outside.txt",
    "/etc/passwd",
    "../outside/b.txt",
    "../project/site_src/articles/a.txt",  # site_src/../project/... is not here
    "articles/../../../outside/b.txt",
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    articles = root / "site_src" / "articles"
    articles.mkdir(parents=True)
    (articles / "a.txt").write_text("x", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "b.txt").write_text("x", encoding="utf-8")
    (articles / "to-outside.txt").symlink_to(outside / "b.txt")
    (articles / "to-inside.txt").symlink_to(articles / "a.txt")
    (root / "site_src" / "linked").symlink_to(outside)
    (root / "site_src" / "inner").symlink_to(articles)
    return root


def test_a_raw_path_inside_site_src_is_located_with_its_links_followed(root: Path) -> None:
    site_src = (root / "site_src").resolve()
    for raw, inside in INSIDE.items():
        assert raw_location(root, raw) == (site_src / inside, f"site_src/{inside}"), raw
        assert locate_raw(root, raw) == site_src / inside, raw


def test_a_raw_path_outside_site_src_is_refused_whatever_leads_there(root: Path) -> None:
    for raw in OUTSIDE:
        assert raw_location(root, raw) is None, raw
        assert locate_raw(root, raw) is None, raw


def test_of_a_project_whose_site_src_is_a_link_the_real_path_is_shown(
    root: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "site_src").symlink_to(root / "site_src")
    real = (root / "site_src").resolve()
    assert raw_location(elsewhere, "articles/a.txt") == (
        real / "articles/a.txt",
        (real / "articles/a.txt").as_posix(),
    )
    for raw in OUTSIDE:
        assert raw_location(elsewhere, raw) is None, raw


@pytest.mark.parametrize(
    ("base", "path", "shown"),
    [("/a", "/a/b/c", "b/c"), ("/a", "/a", "."), ("/a", "/ab/c", "/ab/c"), ("a", "a/b", "b")],
)
def test_a_path_is_shown_relative_to_the_root_when_below_it(
    base: str, path: str, shown: str
) -> None:
    assert shown_path(Path(base), Path(path)) == shown
