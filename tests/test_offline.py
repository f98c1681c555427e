"""The offline stage: the search index as a script for file://, the offline zip, and pages
that load nothing from any other host."""

from __future__ import annotations

import json
import os
import time
import zipfile
import zlib
from pathlib import Path

import pytest

from builder.cli import main
from builder.engine.offline import (
    OFFLINE_ZIP,
    ZIP_FOLDER,
    ZIP_LEVEL,
    write_offline_zip,
    zip_timestamp,
)
from tests.conftest import Project, make_project


def test_home_page_links_to_the_offline_zip(built_tiny: Project) -> None:
    link = built_tiny.page("index.html").select_one(".dossier-offline a")
    assert link is not None
    assert link["href"] == OFFLINE_ZIP
    assert (built_tiny.site / link["href"]).is_file()
    # The page to open, as the home page names it, is in the zip under that name.
    code = built_tiny.page("index.html").select_one(".dossier-offline code")
    assert code is not None
    assert code.get_text() in zipfile.ZipFile(built_tiny.site / OFFLINE_ZIP).namelist()


def test_offline_zip_holds_every_file_of_the_site_but_itself(built_tiny: Project) -> None:
    files = built_tiny.snapshot()
    archive = zipfile.ZipFile(built_tiny.site / OFFLINE_ZIP)
    names = archive.namelist()
    assert names == sorted(names)
    expected = {path: data for path, data in files.items() if path != OFFLINE_ZIP}
    assert {name.removeprefix(f"{ZIP_FOLDER}/"): archive.read(name) for name in names} == expected
    for required in ("index.html", "search/search_index.js", "assets/dossier/offline.js"):
        assert required in expected


def test_offline_zip_bytes_depend_only_on_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    archives = []
    for name, order in (("a", ["x.html", "sub/y.css"]), ("b", ["sub/y.css", "x.html"])):
        site = tmp_path / name
        for relative in order:
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"content of {relative}", encoding="utf-8")
            os.utime(path, (time.time() - len(archives) * 1000,) * 2)
            path.chmod(0o600 if name == "b" else 0o664)
        archives.append(write_offline_zip(site).read_bytes())
    assert archives[0] == archives[1]


def test_two_builds_of_the_same_content_give_the_same_zip_dated_from_the_content(
    project: Project, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pipeline sets SOURCE_DATE_EPOCH from the content unless it is already set (as it is
    # by any earlier build in this process).
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    zips = []
    for out in ("first", "second"):
        assert project.run("build", "--out", str(project.root / out), capsys=capsys).status == 0
        zips.append(project.root / out / OFFLINE_ZIP)
    assert zips[0].read_bytes() == zips[1].read_bytes()
    # The newest date in the tiny dossier is 5 January 2024.
    for entry in zipfile.ZipFile(zips[0]).infolist():
        assert entry.date_time == (2024, 1, 5, 0, 0, 0)
        assert entry.external_attr >> 16 == 0o644
        assert entry.compress_type == zipfile.ZIP_DEFLATED
    # Deflated at `ZIP_LEVEL`: the home page's entry holds what zlib gives at that level.
    archive = zipfile.ZipFile(zips[0])
    entry = archive.getinfo(f"{ZIP_FOLDER}/index.html")
    page = (project.root / "first" / "index.html").read_bytes()
    deflate = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
    assert entry.compress_size == len(deflate.compress(page) + deflate.flush())


def test_zip_timestamp_comes_from_source_date_epoch() -> None:
    assert zip_timestamp({"SOURCE_DATE_EPOCH": "1725321600"}) == (2024, 9, 3, 0, 0, 0)
    # Zip cannot store dates before 1980; no build date at all gives that earliest one.
    assert zip_timestamp({}) == (1980, 1, 1, 0, 0, 0)
    assert zip_timestamp({"SOURCE_DATE_EPOCH": "0"}) == (1980, 1, 1, 0, 0, 0)


def test_search_index_is_also_a_script_for_pages_opened_from_disk(built_tiny: Project) -> None:
    script = (built_tiny.site / "search" / "search_index.js").read_text(encoding="utf-8")
    index = (built_tiny.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert script == f"var __index = {index};\n"
    assert json.loads(index)["config"]["lang"] == ["en"]


def _loaded_addresses(page: object) -> list[str]:
    """Everything a page loads by itself (not links a reader may follow)."""
    addresses = []
    for tag, attribute in (("script", "src"), ("img", "src"), ("iframe", "src"), ("link", "href")):
        for element in page.find_all(tag):  # type: ignore[attr-defined]
            if tag == "link" and element.get("rel") == ["canonical"]:
                continue
            if element.get(attribute):
                addresses.append(element[attribute])
    return addresses


def test_no_page_loads_anything_from_another_host(built_seed: Project) -> None:
    pages = sorted(built_seed.site.rglob("*.html"))
    assert len(pages) >= 15
    for path in pages:
        page = built_seed.page(path.relative_to(built_seed.site).as_posix())
        for address in _loaded_addresses(page):
            assert "//" not in address, f"{path.name} loads {address}"
        styles = " ".join(style.get_text() for style in page.find_all("style"))
        assert "@import" not in styles and "url(http" not in styles


def test_site_url_is_unset_by_default_and_taken_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = make_project(tmp_path / "plain")
    assert main(["build", "--root", str(plain.root)]) == 0
    assert plain.page("index.html").select_one("link[rel=canonical]") is None
    assert plain.page("404.html").select_one("link[rel=stylesheet]")["href"].startswith("/assets/")

    monkeypatch.setenv("DOSSIER_SITE_URL", "https://someone.github.io/a-fork")
    fork = make_project(tmp_path / "fork")
    assert main(["build", "--root", str(fork.root)]) == 0
    canonical = fork.page("index.html").select_one("link[rel=canonical]")
    assert canonical["href"] == "https://someone.github.io/a-fork/index.html"
    stylesheet = fork.page("404.html").select_one("link[rel=stylesheet]")["href"]
    assert stylesheet.startswith("/a-fork/assets/")
    # Every other page keeps relative links, so the zip still works from any folder.
    assert (
        fork.page("meetings/2024-01-05-hanoi.html")
        .select_one("link[rel=stylesheet]")["href"]
        .startswith("../assets/")
    )
