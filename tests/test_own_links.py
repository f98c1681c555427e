"""Links that editors write to our own pages are checked at build time, page and anchor."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from builder.site.links import site_anchors
from tests.conftest import Project


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
