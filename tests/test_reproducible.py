"""Nothing random: two builds of the same input are byte-identical, file for file."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from builder.cli import main
from tests.conftest import REPO, Project, files_under, make_project

DOSSIER = str(Path(sys.executable).parent / "dossier")


def seed_project(root: Path) -> Path:
    root.mkdir(parents=True)
    for name in ("templates", "schema", "site_src"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_two_builds_in_two_processes_and_folders_are_byte_identical(tmp_path: Path) -> None:
    """Different folders and different hash seeds (set and dict order), so nothing that
    depends on either can hide; no SOURCE_DATE_EPOCH given, so the content's date is used."""
    sites = []
    for name, seed in (("first", "1"), ("second", "2")):
        root = seed_project(tmp_path / name / "dossier")
        env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
        env["PYTHONHASHSEED"] = seed
        result = subprocess.run(
            [DOSSIER, "build", "--root", str(root)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        sites.append(files_under(root / "site"))
    first, second = sites
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert {"sitemap.xml.gz", "search/search_index.json", "dossier.json"} <= set(first)


def test_a_rebuild_in_place_changes_no_byte(
    built: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    before = built.snapshot()
    assert built.run("build", capsys=capsys).status == 0
    assert built.snapshot() == before


def _gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")


def test_source_date_epoch_is_honoured_and_defaults_to_the_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path / "project")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["build", "--root", str(project.root)]) == 0
    # The newest date in the content: the 5 January 2024 meeting and article.
    newest = int(datetime(2024, 1, 5, tzinfo=UTC).timestamp())
    assert _gzip_mtime(project.site / "sitemap.xml.gz") == newest
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set for the build only
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["build", "--root", str(project.root)]) == 0
    # MkDocs stamps the gzip header with the build *day* (pages' update date) at midnight UTC.
    assert _gzip_mtime(project.site / "sitemap.xml.gz") == 1700000000 // 86400 * 86400
    with gzip.open(project.site / "sitemap.xml.gz") as unpacked:
        assert unpacked.read() == (project.site / "sitemap.xml").read_bytes()
