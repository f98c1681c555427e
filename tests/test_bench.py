"""The benchmark: its generator, its report, and a small run of `make bench` (N = 10).

The smoke run checks the shape of what the benchmark prints, never its timings.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.generate import Counts, generate_dossier
from bench.run import (
    BENCH_END,
    BENCH_START,
    JSON_KEYS,
    Process,
    Result,
    median_run,
    update_benchmarks,
)
from builder.content.load import load_dossier
from builder.content.validate import validate_dossier
from tests.conftest import REPO, files_under


def test_generator_is_deterministic_and_its_dossier_checks_out(tmp_path: Path) -> None:
    first = generate_dossier(tmp_path / "one" / "site_src", meetings=3, seed=7)
    generate_dossier(tmp_path / "two" / "site_src", meetings=3, seed=7)
    generate_dossier(tmp_path / "other" / "site_src", meetings=3, seed=8)
    assert files_under(tmp_path / "one") == files_under(tmp_path / "two")
    assert files_under(tmp_path / "one") != files_under(tmp_path / "other")
    assert (first.meetings, first.sources, first.quotes) == (3, 15, 60)
    dossier, problems = load_dossier(tmp_path / "one")
    verified, found = validate_dossier(dossier)
    assert problems + found == []
    assert len(verified.matches) == 60
    articles = list((tmp_path / "one" / "site_src" / "articles").glob("*.txt"))
    sizes = [len(article.read_bytes()) for article in articles]
    assert min(sizes) >= 3000
    assert max(sizes) < 4000
    text = articles[0].read_text(encoding="utf-8")
    assert any(letter in text for letter in "ảạấầẩẫậắằẳẵặđếềểễệ")


def test_update_keeps_the_other_sections_and_replaces_its_own(tmp_path: Path) -> None:
    path = tmp_path / "BENCHMARKS.md"
    path.write_text("# Benchmarks\n\n## Lighthouse\n\nScores.\n", encoding="utf-8")
    update_benchmarks(path, "first table")
    update_benchmarks(path, "second table")
    text = path.read_text(encoding="utf-8")
    assert "## Lighthouse\n\nScores.\n" in text
    assert text.count("## Benchmarks") == 1
    assert f"{BENCH_START}\nsecond table\n{BENCH_END}" in text
    assert "first table" not in text


def _status() -> str:
    git = shutil.which("git")
    if git is None or not (REPO / ".git").exists():
        return ""
    return subprocess.run(
        [git, "status", "--porcelain", "--untracked-files=all"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _module(module: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m module arguments` in the repository, as `make bench` does."""
    return subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_bench_smoke_run_prints_one_json_line_per_n_and_writes_nothing() -> None:
    # Twice, as `make bench REPEAT=2`: the table and the JSON line show one of the two runs.
    before = _status()
    completed = _module("bench.run", "10", "--repeat", "2")
    assert completed.returncode == 0, completed.stderr
    line = json.loads(completed.stdout.strip().splitlines()[-1])
    assert tuple(line) == JSON_KEYS
    assert line["n"] == 10
    for key in JSON_KEYS[1:]:
        assert isinstance(line[key], int | float) and line[key] >= 0, key
    # Sane figures: a cold build takes longer than one with nothing to do, which writes nothing,
    # and a build process holds at least the interpreter (more than 10 MB).
    assert line["noop_s"] < line["cold_s"]
    assert line["noop_files_written"] == 0
    assert isinstance(line["files_written"], int) and line["files_written"] > 10
    assert line["cold_peak_mb"] > 10 and line["mkdocs_alone_peak_mb"] > 10
    assert "| 10 | 10 / 50 / 200 |" in completed.stdout
    assert "ours" not in completed.stdout.lower()  # the retired share of our stages
    spread = [text for text in completed.stdout.splitlines() if text.startswith("N=10, ")]
    assert len(spread) == 1
    assert re.fullmatch(
        r"N=10, 2 runs in turn: cold build [\d.]+ / [\d.]+ s; the 10-million-step loop just "
        r"before each run (0\.[0-9]*[1-9][0-9]*|[1-9][\d.]*) / (0\.[0-9]*[1-9][0-9]*|[1-9][\d.]*) s\. "
        r"The table shows the run with the median cold build\.",
        spread[0],
    )
    assert _status() == before


def test_compare_builds_two_checkouts_in_turn_and_reports_medians() -> None:
    before = _status()
    completed = _module(
        *("bench.compare", "--before", str(REPO), "--after", str(REPO)),
        *("--meetings", "5", "--repeat", "2"),
    )
    assert completed.returncode == 0, completed.stderr
    order = re.findall(r"N=5 (before|after) run (\d)", completed.stderr)
    assert order == [("before", "1"), ("after", "1"), ("before", "2"), ("after", "2")]
    (line,) = [text for text in completed.stdout.splitlines() if text.startswith("N=5:")]
    assert re.fullmatch(
        r"N=5: cold build median before [\d.]+ s, after [\d.]+ s \([+-][\d.]+%\); "
        r"runs in turn: before [\d.]+ / [\d.]+; after [\d.]+ / [\d.]+ s",
        line,
    )
    assert _status() == before


def test_compare_refuses_a_checkout_without_its_environment(tmp_path: Path) -> None:
    completed = _module("bench.compare", "--before", str(tmp_path), "--after", str(REPO))
    assert completed.returncode == 2
    assert f"--before {tmp_path}: no .venv/bin/dossier (run `make site` there)" in completed.stderr


def test_the_median_run_is_the_middle_one_by_its_cold_build() -> None:
    def run(cold: float) -> Result:
        process = Process(cold, 1.0, "")
        return Result(100, Counts(100, 500, 2000, 30, 0), process, 1, process, 0, process)

    runs = [run(3.0), run(1.0), run(2.0)]
    assert median_run(runs) is runs[2]
    assert median_run(runs[:2]) is runs[1]  # of two, the faster
    assert median_run(runs[:1]) is runs[0]
