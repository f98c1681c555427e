"""The render stage on its own: pages rendered in one process, template errors reported where
they are, and the templates folder found wherever it links to."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.pipeline import prepare
from builder.problems import ContentError
from tests.conftest import Project, make_project


def test_templates_may_be_a_link_to_a_folder_elsewhere(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    shared = tmp_path / "shared-templates"
    (project.root / "templates").rename(shared)
    (project.root / "templates").symlink_to(shared)
    prepare(project.root, tmp_path / "docs")
    assert (tmp_path / "docs" / "dossier.schema.json").read_bytes() == (
        project.root / "schema" / "dossier.schema.json"
    ).read_bytes()


def test_a_template_error_is_reported_at_its_template_file_and_line(project: Project) -> None:
    quote = project.root / "templates/_quote.html.j2"
    quote.write_text(
        quote.read_text(encoding="utf-8").replace(
            "{{ quote.translation | isolated }}", "{{ quote.record.translaton }}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        prepare(project.root)
    assert str(raised.value).splitlines() == [
        "templates/_quote.html.j2:9: template error: 'builder.site.render.View object' has no "
        "attribute 'record'"
    ]


def test_of_two_template_errors_the_first_page_s_is_reported(project: Project) -> None:
    # Meeting pages are rendered before person pages.
    for name, good, bad in [
        (
            "meeting.md.j2",
            "{{ meeting.record.title | isolated }}</bdi></h1>",
            "{{ meeting.record.titel }}</bdi>",
        ),
        ("person.md.j2", "<h1><bdi>{{ person.name | isolated }}", "<h1><bdi>{{ person.nmae }}"),
    ]:
        template = project.root / "templates" / name
        template.write_text(template.read_text(encoding="utf-8").replace(good, bad, 1))
    with pytest.raises(ContentError) as raised:
        prepare(project.root)
    (line,) = str(raised.value).splitlines()
    assert line.startswith("templates/meeting.md.j2:")
    assert "'titel'" in line
