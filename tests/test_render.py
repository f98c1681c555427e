"""The render stage on its own: template errors reported where they are, the templates folder
found wherever it links to, links between pages, the sidebar, the writing of the docs tree,
and the JSON export's bytes."""

from __future__ import annotations

import json
import os
import posixpath
import random
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from builder.pipeline import check, prepare
from builder.problems import ContentError
from builder.site.export import build_export, export_json
from builder.site.nav import meetings_nav
from builder.site.render import View, relative_url
from builder.site.views import Ours
from builder.site.writer import DocsWriter
from tests.conftest import Project, files_under, make_project, run_fresh


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
            "{{ quote.translation | isolated }}", "{{ quote.recrod.translation }}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as raised:
        prepare(project.root)
    assert str(raised.value).splitlines() == [
        "templates/_quote.html.j2:22: template error: 'builder.site.render.View object' has no "
        "attribute 'recrod'"
    ]


def test_of_two_template_errors_the_first_page_s_is_reported(project: Project) -> None:
    # Meeting pages are rendered before person pages.
    for name, good, bad in [
        (
            "meeting.md.j2",
            "<h1>{{ ours(meeting.title) }}</h1>",
            "<h1>{{ meeting.record.titel }}</h1>",
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


def test_relative_url_matches_relpath() -> None:
    pages = ["index.html", "about.html", "meetings/a.html", "sources/b.html", "a/b/c.html"]
    targets = [*pages, "dossier.json", "raw/x.txt", "meetings/a.html#q-1", "a/b/d.html#e"]
    targets += ["about.html#", "a/b//d.html", "meetings/a.html#"]
    for page in pages:
        for target in targets:
            path, _, fragment = target.partition("#")
            expected = (
                "" if path == page else posixpath.relpath(path, posixpath.dirname(page) or ".")
            )
            assert relative_url(page, target) == expected + (f"#{fragment}" if fragment else "")


def _views(days: list[date]) -> list[View]:
    return [
        View(
            {
                "record": SimpleNamespace(date=day, title=f"M{index}"),
                "title": Ours(f"M{index}", False),
                "page": f"meetings/m{index}.html",
            }
        )
        for index, day in enumerate(days)
    ]


def test_meetings_nav_is_flat_when_short_and_by_year_then_month_when_long() -> None:
    few = _views([date(2024, 1, 1) + timedelta(days=30 * index) for index in range(3)])
    assert meetings_nav(few) == [
        {"M0": "meetings/m0.md"},
        {"M1": "meetings/m1.md"},
        {"M2": "meetings/m2.md"},
    ]
    many = _views([date(2020, 1, 1) + timedelta(days=9 * index) for index in range(100)])
    years = meetings_nav(many)
    assert [next(iter(year)) for year in years] == ["2020", "2021", "2022"]
    assert all(len(next(iter(year.values()))) <= 60 for year in years)
    crowded = _views([date(2024, 1, 1) + timedelta(days=index // 4) for index in range(200)])
    (year,) = meetings_nav(crowded)
    months = year["2024"]
    assert [next(iter(month)) for month in months] == ["January 2024", "February 2024"]
    assert sum(len(next(iter(month.values()))) for month in months) == 200


def write_tree(files: dict[str, bytes], docs_dir: Path) -> int:
    """What the render stage does with its files: write them (`DocsWriter`), then remove the
    stale ones; how many were written."""
    writer = DocsWriter(docs_dir)
    written = sum(writer.write(relative, content) for relative, content in sorted(files.items()))
    writer.remove_stale(set(files))
    return written


def test_write_tree_touches_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    tree = {"index.md": b"a", "meetings/m.md": b"b", "old/x.md": b"c"}
    assert write_tree(tree, docs) == 3
    stamps = {path: path.stat().st_mtime_ns for path in docs.rglob("*.md")}
    assert write_tree(tree, docs) == 0
    assert {path: path.stat().st_mtime_ns for path in docs.rglob("*.md")} == stamps
    changed = {"index.md": b"a", "meetings/m.md": b"B"}
    assert write_tree(changed, docs) == 1
    assert (docs / "index.md").stat().st_mtime_ns == stamps[docs / "index.md"]
    assert (docs / "meetings/m.md").read_bytes() == b"B"
    assert not (docs / "old").exists()
    assert sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*")) == [
        "index.md",
        "meetings",
        "meetings/m.md",
    ]


def test_a_symlink_at_the_temporary_name_of_a_changed_file_is_not_written_through(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    assert write_tree({"index.md": b"old"}, docs) == 1
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    (docs / "index.md.tmp").symlink_to(outside)
    assert write_tree({"index.md": b"new"}, docs) == 1
    assert (docs / "index.md").read_bytes() == b"new"
    assert outside.read_bytes() == b"keep"
    assert sorted(path.name for path in docs.iterdir()) == ["index.md"]


def reference_write_tree(files: dict[str, bytes], docs_dir: Path) -> int:
    """`write_tree` as it first was: every file's path resolved, and read before written."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    inside = docs_dir.resolve()
    written = 0
    for relative, content in sorted(files.items()):
        target = docs_dir / relative
        if ".." in Path(relative).parts or not target.resolve().is_relative_to(inside):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("rb") as existing:
                if existing.read() == content:
                    continue
        except FileNotFoundError:
            target.write_bytes(content)
        else:
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_bytes(content)
            temporary.replace(target)
        written += 1
    # Removing stale files was never made faster: the reference does it as the stage does.
    DocsWriter(docs_dir).remove_stale(set(files))
    return written


def _snapshot(folder: Path) -> dict[str, str | bytes]:
    """Every entry below `folder`: a symlink's target, a file's bytes, a folder's name."""
    entries: dict[str, str | bytes] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = "-> " + path.readlink().as_posix()
        elif path.is_file():
            entries[name] = path.read_bytes()
        else:
            entries[name] = "folder"
    return entries


def _prepare_docs(root: Path, rng: random.Random) -> None:
    """A docs folder holding some of the files, stale ones and symlinks, in and out."""
    docs = root / "docs"
    outside = root / "outside"
    outside.mkdir(parents=True)
    (outside / "kept.md").write_bytes(b"outside")
    for name in ["index.md", "meetings/a.md", "old/x.md", "people/p.md"]:
        if rng.random() < 0.5:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            (docs / name).write_bytes(rng.choice([b"a", b"b", b"stale"]))
    docs.mkdir(exist_ok=True)
    links = {
        "meetings/b.md": ["../index.md", "../missing.md", "../../outside/kept.md", "../../x.md"],
        "sources": ["../outside", "meetings", "../nowhere"],
        "people/q.md": ["p.md", "../../outside/new.md"],
    }
    for name, targets in links.items():
        if rng.random() < 0.4:
            (docs / name).parent.mkdir(parents=True, exist_ok=True)
            if not (docs / name).exists() and not (docs / name).is_symlink():
                (docs / name).symlink_to(rng.choice(targets))


def test_write_tree_writes_what_the_reference_writes_and_refuses_what_it_refuses(
    tmp_path: Path,
) -> None:
    rng = random.Random(7)
    names = ["index.md", "meetings/a.md", "meetings/b.md", "sources/s.md", "people/q.md"]
    for trial in range(300):
        files = {name: rng.choice([b"a", b"b", b""]) for name in names if rng.random() < 0.8}
        outcomes = []
        for way, function in (("fast", write_tree), ("reference", reference_write_tree)):
            root = tmp_path / f"{trial}-{way}"
            _prepare_docs(root, random.Random(trial))
            try:
                result: int | str = function(dict(files), root / "docs")
            except ValueError as error:
                result = str(error).replace(str(root), "ROOT")
            outcomes.append((result, _snapshot(root)))
        assert outcomes[0] == outcomes[1], trial


JSON_CHARACTERS = [chr(code) for code in range(0x80)] + list("é\u00a0\u2028\u2029\ufeff𝄞\U0010ffff")


def _json_value(rng: random.Random, depth: int = 0) -> Any:
    # No floats: the export has none, and `json` and pydantic write some apart (1e-07, 1e-7).
    kind = rng.randrange(9 if depth < 4 else 5)
    if kind in (0, 1):
        return "".join(rng.choice(JSON_CHARACTERS) for _ in range(rng.randint(0, 6)))
    if kind == 2:
        return rng.choice([0, 1, -7, 2**53 + 1, -(2**70), True, False, None])
    if kind in (3, 4):
        return rng.choice(["id", "page", "", "q-1", "Đà Nẵng"])
    if kind in (5, 6):
        return [_json_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    # Keys are strings, as in the export (`json` and pydantic write a NaN key differently).
    return {
        "".join(rng.choice(JSON_CHARACTERS) for _ in range(rng.randint(0, 3))) + str(index): (
            _json_value(rng, depth + 1)
        )
        for index in range(rng.randint(0, 4))
    }


def _types(value: Any) -> set[type]:
    if isinstance(value, dict):
        return {dict}.union(*map(_types, value.keys()), *map(_types, value.values()))
    if isinstance(value, list):
        return {list}.union(*map(_types, value))
    return {type(value)}


def test_export_json_gives_the_bytes_of_json_dumps(project: Project) -> None:
    def expected(value: Any) -> bytes:
        return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    assert export_json({"text": every_character}) == expected({"text": every_character})
    rng = random.Random(8)
    for _ in range(3000):
        value = {"version": 1, "items": [_json_value(rng) for _ in range(rng.randint(0, 3))]}
        assert export_json(value) == expected(value), value
    verified, _ = check(project.root)
    export = build_export(verified)
    assert export_json(export) == expected(export)
    assert _types(export) <= {dict, list, str, int, bool, type(None)}


def test_a_field_added_to_quotes_reaches_the_export_and_the_view_without_a_change_there(
    project: Project,
) -> None:
    """Adding a field to quotes takes the model, the schema, the template and the strings:
    the export and the quote's view carry the record's fields as they are."""
    from builder.content.models import QuoteRecord
    from builder.site.export import _quote_data
    from builder.site.views import quote_view

    class QuoteWithTopic(QuoteRecord):
        topic: str = "weather"

    verified, _ = check(project.root)
    meeting = verified.dossier.meetings[0]
    quote = meeting.record.quotes[0]
    extended = QuoteWithTopic(**quote.model_dump())
    data = _quote_data(extended, meeting, verified)
    assert list(data)[:3] == ["id", "meeting", "speaker"]
    assert list(data)[-1] == "topic" and data["topic"] == "weather"
    assert data == {**_quote_data(quote, meeting, verified), "topic": "weather"}
    view = quote_view(
        extended,
        "meetings/m.html",
        "people/p.html",
        verified,
        {quote.source: View({"page": "sources/s.html", "label": "L", "date": "D"})},
    )
    assert view.record.topic == "weather"


RENDER_IN_A_FRESH_PROCESS = """
import json, os, sys
from pathlib import Path
import builder.site.tree
from builder.pipeline import prepare
from builder.problems import ContentError

noted = Path(sys.argv[2] + ".rendered-by")
render_page = builder.site.tree.render_page

def noting(*args, **kwargs):
    with noted.open("a") as file:
        print(os.getpid(), file=file)
    return render_page(*args, **kwargs)

builder.site.tree.render_page = noting
try:
    tree = prepare(Path(sys.argv[1]), Path(sys.argv[2])).tree
    by = sorted({int(pid) for pid in noted.read_text().split()})
    print(json.dumps({"written": tree.files_written, "paths": len(tree.paths), "by": by}))
except ContentError as error:
    print(json.dumps({"problems": str(error).splitlines()}))
print(os.getpid())
"""


def _render_in_a_fresh_process(root: Path, docs: Path) -> tuple[dict[str, Any], int]:
    """`prepare` in a new process, which runs no other thread (so it may fork): what it
    reported, and its process id."""
    completed = run_fresh(RENDER_IN_A_FRESH_PROCESS, str(root), str(docs))
    report, parent = completed.stdout.splitlines()
    return json.loads(report), int(parent)


def test_pages_rendered_on_the_cores_are_the_pages_rendered_in_one_process(
    generated_dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.site import tree

    shared, parent = _render_in_a_fresh_process(generated_dossier, tmp_path / "shared")
    rendered_by = shared.pop("by")
    if len(os.sched_getaffinity(0)) > 1:  # rendered by forked processes, not the parent
        assert parent not in rendered_by and len(rendered_by) > 1
    monkeypatch.setattr(tree, "PAGES_ON_CORES_FROM", 10**9)
    alone = prepare(generated_dossier, tmp_path / "alone").tree
    assert shared == {"written": alone.files_written, "paths": len(alone.paths)}
    assert files_under(tmp_path / "shared") == files_under(tmp_path / "alone")


def test_a_template_error_on_the_cores_is_the_first_page_s_as_in_one_process(
    generated_dossier: Path, tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(generated_dossier, root)
    for name, good, bad in [
        ("source.md.j2", "{% set record = source.record %}", "{% set record = source.recrod %}"),
        ("person.md.j2", "<h1><bdi>{{ person.name | isolated }}", "<h1><bdi>{{ person.nmae }}"),
    ]:
        template = root / "templates" / name
        text = template.read_text(encoding="utf-8")
        assert good in text
        template.write_text(text.replace(good, bad, 1), encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        prepare(root, tmp_path / "alone")
    report, _ = _render_in_a_fresh_process(root, tmp_path / "shared")
    assert report == {"problems": str(raised.value).splitlines()}
    assert "templates/source.md.j2" in report["problems"][0]


BUILD_WITH_A_RENDERING_PROCESS_THAT_DIES = """
import os, sys
import builder.site.tree as tree
from builder.cli import main
PARENT = os.getpid()
render_page = tree.render_page
def render_page_of_a_process_killed_for_memory(environment, kind, item, views):
    if os.getpid() != PARENT and kind.template == "person.md.j2":
        os._exit(9)
    return render_page(environment, kind, item, views)
tree.render_page = render_page_of_a_process_killed_for_memory
sys.exit(main(["build", "--root", sys.argv[1]]))
"""


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: pages render here")
def test_a_build_whose_rendering_process_dies_stops_with_a_message_and_writes_no_site(
    generated_dossier: Path, tmp_path: Path
) -> None:
    import shutil

    root = tmp_path / "project"
    shutil.copytree(generated_dossier, root)
    completed = run_fresh(BUILD_WITH_A_RENDERING_PROCESS_THAT_DIES, str(root), check=False)
    assert completed.returncode == 1
    assert completed.stderr.splitlines()[-1] == (
        "dossier: a process rendering the pages ended before they were done (killed, perhaps "
        f"for lack of memory); {root / 'site'} was left as it was"
    )
    assert "Traceback" not in completed.stderr
    assert not (root / "site").exists()
