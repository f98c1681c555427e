"""Material's search index parsed on all the cores is the index Material writes by itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import builder.cores
import builder.engine.plugin
import builder.engine.search_index
from builder.cores import process_count
from builder.engine.search_index import PARALLEL_FROM, defer_parsing, parse_pages
from builder.pipeline import build_site
from builder.site.editions import editions_for
from tests.conftest import REPO, files_under, run_fresh
from tests.hostile import make_hostile_project

CORES = len(os.sched_getaffinity(0))

BUILD_NOTING_PROCESSES = """
import os, sys
from pathlib import Path
import builder.engine.search_index as search_index
from builder.pipeline import build_site
search_index.PARALLEL_FROM = 1
parsed_by = Path(sys.argv[3])
entries = search_index._entries
def entries_noting_the_process(*args):
    with parsed_by.open("a") as note:
        note.write(f"{os.getpid()}\\n")
    return entries(*args)
search_index._entries = entries_noting_the_process
build_site(Path(sys.argv[1]), Path(sys.argv[2]))
print(os.getpid())
"""


def test_the_search_index_parsed_on_all_cores_is_the_one_material_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_hostile_project(tmp_path / "hostile")
    # Material's own way: each page parsed as it is built.
    monkeypatch.setattr(builder.engine.plugin, "defer_parsing", lambda _search: False)
    build_site(root, tmp_path / "material")
    material = files_under(tmp_path / "material")
    index = json.loads(material["search/search_index.json"])
    assert len({entry["location"].split("#")[0] for entry in index["docs"]}) >= 5
    # Deferred and shared among forked processes, in a process of its own (this one may run
    # other threads, and then parses in one process).
    parsed_by = tmp_path / "parsed-by.txt"
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            BUILD_NOTING_PROCESSES,
            str(root),
            str(tmp_path / "forked"),
            parsed_by,
        ],
        check=True,
        timeout=300,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    parent = completed.stdout.split()[-1]
    processes = set(parsed_by.read_text(encoding="utf-8").split())
    if CORES > 1:
        assert parent not in processes
        # Each edition's index is parsed by processes of its own.
        editions = len(editions_for("en"))
        assert 1 <= len(processes) <= editions * min(CORES, builder.cores.MAX_PROCESSES)
    else:
        assert processes == {parent}
    assert files_under(tmp_path / "forked") == material


def test_a_search_plugin_that_is_not_materials_is_left_as_it_is() -> None:
    plugin = SimpleNamespace(search_index=SimpleNamespace(entries=[], add_entry_from_context=print))
    assert not defer_parsing(plugin)
    assert plugin.search_index.add_entry_from_context is print
    assert not defer_parsing(object())
    assert not defer_parsing(SimpleNamespace(search_index=SimpleNamespace(entries=())))


@dataclass
class FakeIndex:
    """Stands for Material's search index: entries, and a method that adds a page's."""

    config: dict[str, Any] = field(default_factory=dict)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def __init__(self, **config: Any) -> None:
        self.config = config
        self.entries = []

    def add_entry_from_context(self, page: Any) -> None:
        self.entries.append({"location": page.url, "text": page.content, "pid": os.getpid()})
        if page.content == "die":
            os._exit(3)

    def generate_search_index(self, previous: Any) -> str:
        return json.dumps([{"location": e["location"], "text": e["text"]} for e in self.entries])


def _page(number: int, content: str = "") -> SimpleNamespace:
    return SimpleNamespace(url=f"p{number}.html", content=content or f"<p>{number}</p>")


@pytest.mark.parametrize(
    ("version", "deferred"),
    [("9.8.1", True), ("9.0.0", True), ("10.0.0", False), ("8.5.11", False), ("19.1", False)],
)
def test_only_a_material_whose_index_we_know_is_changed(
    monkeypatch: pytest.MonkeyPatch, version: str, deferred: bool
) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: version)
    index = FakeIndex()
    original = index.add_entry_from_context
    assert defer_parsing(SimpleNamespace(search_index=index)) is deferred
    assert (index.add_entry_from_context == original) is not deferred


def test_without_material_installed_nothing_is_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    index = FakeIndex()
    assert not defer_parsing(SimpleNamespace(search_index=index))


def test_deferred_pages_keep_the_content_the_plugin_saw_and_their_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(metadata, "version", lambda name: "9.8.1")
    index = FakeIndex(lang=["en"])
    assert defer_parsing(SimpleNamespace(search_index=index))
    pages = [_page(number) for number in range(5)]
    for page in pages:
        index.add_entry_from_context(page)
        page.content = "changed after indexing"
    assert index.entries == []
    written = json.loads(index.generate_search_index(None))
    assert written == [{"location": f"p{n}.html", "text": f"<p>{n}</p>"} for n in range(5)]
    assert all(page.content == "changed after indexing" for page in pages)


def test_many_pages_are_parsed_in_order_by_forked_processes() -> None:
    # This test's process may run other threads (then: one process); a fresh one runs none.
    code = (
        "import json, os\n"
        "from tests.test_search_index import FakeIndex, _page\n"
        "from builder.engine.search_index import parse_pages\n"
        "found = parse_pages(FakeIndex(), [(_page(n), f'<p>{n}</p>') for n in range(450)])\n"
        "print(json.dumps([[e['location'] for e in entries] for entries in found]))\n"
        "print(json.dumps(sorted({e['pid'] for entries in found for e in entries})))\n"
        "print(os.getpid())\n"
    )
    completed = run_fresh(code, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    locations, pids, parent = completed.stdout.splitlines()
    assert json.loads(locations) == [[f"p{n}.html"] for n in range(450)]
    if CORES > 1:
        assert int(parent) not in json.loads(pids)


def test_a_process_that_dies_stops_the_build_instead_of_hanging() -> None:
    code = (
        "from tests.test_search_index import FakeIndex, _page\n"
        "from builder.engine.search_index import parse_pages\n"
        "pages = [(_page(n), 'die' if n == 300 else 'x') for n in range(450)]\n"
        "try:\n"
        "    parse_pages(FakeIndex(), pages)\n"
        "except Exception as error:\n"
        "    print(type(error).__name__)\n"
    )
    completed = run_fresh(code, check=False, timeout=120)
    if CORES > 1:
        assert completed.stdout.strip() == "PluginError"  # MkDocs stops the build with it
    else:  # in this process: the process itself ends, with the code the page gave
        assert completed.returncode == 3


def test_pages_are_parsed_in_this_process_when_few_or_while_threads_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert process_count(10, PARALLEL_FROM) == 1
    if CORES > 1 and threading.active_count() == 1:
        assert process_count(1000, PARALLEL_FROM) > 1
    started, stop = threading.Event(), threading.Event()

    def wait() -> None:
        started.set()
        stop.wait()

    thread = threading.Thread(target=wait)
    thread.start()
    started.wait()
    try:
        assert process_count(1000, PARALLEL_FROM) == 1
        found = parse_pages(FakeIndex(), [(_page(n), "x") for n in range(300)])
        assert {entry["pid"] for entries in found for entry in entries} == {os.getpid()}
    finally:
        stop.set()
        thread.join()


def test_pages_are_parsed_in_this_process_where_it_cannot_fork(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(builder.cores.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(builder.cores.threading, "active_count", lambda: 1)
    assert process_count(1000, PARALLEL_FROM) == 1


BUILD_WITH_A_WORKER_THAT_DIES = """
import os, sys
from pathlib import Path
import builder.engine.search_index as search_index
from builder.cli import main
search_index.PARALLEL_FROM = 1
entries = search_index._entries
def entries_of_a_worker_killed_for_memory(index, page, content):
    if os.getpid() != PARENT and page.url.startswith("people/"):
        os._exit(9)
    return entries(index, page, content)
PARENT = os.getpid()
search_index._entries = entries_of_a_worker_killed_for_memory
"""


@pytest.mark.skipif(CORES < 2, reason="the pages are parsed in this process on one core")
def test_a_build_whose_parsing_process_dies_stops_with_a_message_and_keeps_the_site(
    tmp_path: Path,
) -> None:
    """A process killed (for memory, say) while it parses the search index: no traceback."""
    from builder.cli import main
    from tests.conftest import make_project

    project = make_project(tmp_path / "project")
    assert main(["build", "--root", str(project.root)]) == 0
    before = files_under(project.root / "site")
    project.write("site_src/about.md", "# About\n\nChanged, so that the site is built again.\n")
    build = f"sys.exit(main(['build', '--root', {str(project.root)!r}]))\n"
    completed = run_fresh(BUILD_WITH_A_WORKER_THAT_DIES + build, check=False, timeout=120)
    assert completed.returncode == 1, completed.stderr
    assert "Traceback" not in completed.stderr
    assert (
        "mkdocs ERROR: a process parsing the search index ended before its pages were done "
        "(killed, perhaps for lack of memory)" in completed.stderr
    )
    assert "dossier: the MkDocs build failed (Aborted with a BuildError!)" in completed.stderr
    assert files_under(project.root / "site") == before
