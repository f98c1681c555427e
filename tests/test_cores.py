"""Work shared among the cores (`builder.cores`) gives what one process gives, in order."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import builder.content.load
from builder.content.load import load_dossier
from builder.cores import map_on_cores, process_count
from tests.conftest import run_fresh

CORES = len(os.sched_getaffinity(0))

NOTING = """
import json, os, sys
from pathlib import Path
import {module} as watched

noted = Path(sys.argv[2])
work = watched.{function}

def noting(*arguments):
    with noted.open("a") as file:
        print(os.getpid(), file=file)
    return work(*arguments)

watched.{function} = noting
"""
"""The start of a script run in a fresh process: `module.function` notes the process that
runs it in the file named by the script's second argument."""

NOTED_BY = "sorted({int(pid) for pid in noted.read_text().split()})"

LOAD_IN_A_FRESH_PROCESS = (
    NOTING.format(module="builder.content.load", function="load_source")
    + f"""
dossier, problems = watched.load_dossier(Path(sys.argv[1]))
print(json.dumps({{
    "problems": [str(problem) for problem in problems],
    "sources": sorted(dossier.sources),
    "unloaded": sorted(dossier.unloaded_sources),
    "paragraphs": sum(len(source.paragraphs) for source in dossier.sources.values()),
    "meetings": [meeting.record.id for meeting in dossier.meetings],
    "by": {NOTED_BY},
}}))
print(os.getpid())
"""
)


def test_results_come_back_in_order_from_forked_processes() -> None:
    code = (
        "import json, os\n"
        "from builder.cores import map_on_cores\n"
        "found = map_on_cores(lambda at: (at * at, os.getpid()), 1000, 200)\n"
        "print(json.dumps([value for value, _ in found]))\n"
        "print(json.dumps(sorted({pid for _, pid in found})))\n"
        "print(os.getpid())\n"
    )
    values, pids, parent = run_fresh(code).stdout.splitlines()
    assert json.loads(values) == [at * at for at in range(1000)]
    if CORES > 1:
        assert int(parent) not in json.loads(pids)


def test_few_items_are_done_in_this_process() -> None:
    assert process_count(199, 200) == 1
    assert map_on_cores(lambda at: (at, os.getpid()), 10, 200) == [
        (at, os.getpid()) for at in range(10)
    ]


def test_an_error_of_the_work_comes_back_as_it_was_raised() -> None:
    code = (
        "from builder.cores import map_on_cores\n"
        "def work(at):\n"
        "    if at == 700:\n"
        "        raise ValueError(f'item {at}')\n"
        "    return at\n"
        "try:\n"
        "    map_on_cores(work, 1000, 200)\n"
        "except ValueError as error:\n"
        "    print(error)\n"
    )
    assert run_fresh(code).stdout.strip() == "item 700"


def test_a_dossier_loaded_on_the_cores_is_the_one_loaded_in_one_process(
    generated_dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(generated_dossier, root)
    # Problems in files that different processes load: reported in the order of the files.
    sources = sorted((root / "site_src" / "sources").glob("*.yml"))
    for broken in (sources[3], sources[150], sources[-1]):
        broken.write_text(broken.read_text(encoding="utf-8") + "rights: [\n", encoding="utf-8")
    meeting = sorted((root / "site_src" / "meetings").glob("*.md"))[-1]
    meeting.write_text("---\nx: [\n" + meeting.read_text(encoding="utf-8")[4:], encoding="utf-8")
    completed = run_fresh(LOAD_IN_A_FRESH_PROCESS, str(root), str(tmp_path / "loaded-by"))
    report, parent = completed.stdout.splitlines()
    shared = json.loads(report)
    if CORES > 1:
        assert int(parent) not in shared["by"] and len(shared["by"]) > 1
    monkeypatch.setattr(builder.content.load, "ON_CORES_FROM", 10**9)
    dossier, problems = load_dossier(root)
    assert shared["problems"] == [str(problem) for problem in problems]
    assert len(problems) >= 4
    assert [problem.path for problem in problems[:3]] == [
        f"site_src/sources/{path.name}" for path in (sources[3], sources[150], sources[-1])
    ]
    assert shared["sources"] == sorted(dossier.sources)
    assert shared["unloaded"] == sorted(dossier.unloaded_sources) != []
    assert shared["paragraphs"] == sum(len(s.paragraphs) for s in dossier.sources.values())
    assert shared["meetings"] == [meeting.record.id for meeting in dossier.meetings]


VALIDATE_IN_A_FRESH_PROCESS = (
    NOTING.format(module="builder.content.validate", function="_meeting_problems")
    + f"""
from builder.content.load import load_dossier
watched.MEETINGS_ON_CORES_FROM = 10
dossier, _ = load_dossier(Path(sys.argv[1]))
verified, problems = watched.validate_dossier(dossier)
print(json.dumps({{
    "problems": [str(problem) for problem in problems],
    "matches": [
        [quote_id, match.paragraph.number, match.start, match.end]
        for quote_id, match in verified.matches.items()
    ],
    "by": {NOTED_BY},
}}))
print(os.getpid())
"""
)


def test_meetings_checked_on_the_cores_give_the_problems_and_places_of_one_process(
    generated_dossier: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builder.content.validate
    from builder.content.validate import MEETINGS_ON_CORES_FROM, validate_dossier

    root = tmp_path / "project"
    shutil.copytree(generated_dossier, root)
    meetings = sorted((root / "site_src" / "meetings").glob("*.md"))
    assert len(meetings) >= MEETINGS_ON_CORES_FROM / 3
    monkeypatch.setattr(builder.content.validate, "MEETINGS_ON_CORES_FROM", 10)
    # A misquote and an unknown speaker in meetings that different processes check.
    for path, old, new in [
        (meetings[2], "text: ", "text: Không hề có "),
        (meetings[-3], "speaker: ", "speaker: nobody-"),
    ]:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    completed = run_fresh(VALIDATE_IN_A_FRESH_PROCESS, str(root), str(tmp_path / "checked-by"))
    report, parent = completed.stdout.splitlines()
    shared = json.loads(report)
    if CORES > 1:
        assert int(parent) not in shared["by"] and len(shared["by"]) > 1
    monkeypatch.setattr(builder.content.validate, "MEETINGS_ON_CORES_FROM", 10**9)
    dossier, _ = load_dossier(root)
    verified, problems = validate_dossier(dossier)
    assert shared["problems"] == [str(problem) for problem in problems]
    assert any("nobody-" in problem.message for problem in problems)
    assert any(problem.path.endswith(meetings[2].name) for problem in problems)
    assert shared["matches"] == [
        [quote_id, match.paragraph.number, match.start, match.end]
        for quote_id, match in verified.matches.items()
    ]
    # The places found elsewhere point at the dossier's own paragraphs.
    for quote_id, match in verified.matches.items():
        assert any(
            match.paragraph is paragraph
            for paragraph in dossier.sources[
                next(
                    q.source for m in dossier.meetings for q in m.record.quotes if q.id == quote_id
                )
            ].paragraphs
        )
