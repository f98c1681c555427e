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


def test_bench_smoke_run_prints_one_json_line_per_n_and_writes_nothing() -> None:
    # Twice, as `make bench REPEAT=2`: the table and the JSON line show one of the two runs.
    before = _status()
    completed = subprocess.run(
        [sys.executable, "-m", "bench.run", "10", "--repeat", "2"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    last = completed.stdout.strip().splitlines()[-1]
    line = json.loads(last)
    assert tuple(line) == JSON_KEYS
    assert line["n"] == 10
    for key in JSON_KEYS[1:]:
        assert isinstance(line[key], int | float) and line[key] >= 0, key
    assert isinstance(line["files_written"], int) and line["files_written"] > 0
    assert line["noop_files_written"] == 0
    assert "| 10 | 10 / 50 / 200 |" in completed.stdout
    spread = [text for text in completed.stdout.splitlines() if text.startswith("N=10, ")]
    assert len(spread) == 1
    assert re.fullmatch(
        r"N=10, 2 runs in turn: our stages [\d.]+ / [\d.]+ s; whole build [\d.]+ / [\d.]+ s; "
        r"the 10-million-step loop just before each run (0\.[0-9]*[1-9][0-9]*|[1-9][\d.]*) / "
        r"(0\.[0-9]*[1-9][0-9]*|[1-9][\d.]*) s; making 500 files just before each build "
        r"[\d.]+ / [\d.]+ s\. "
        r"The table shows the run with the median time for our stages\.",
        spread[0],
    )
    assert _status() == before


def test_the_median_run_is_the_middle_one_by_our_stages_time() -> None:
    def run(ours: float) -> Result:
        timings = {"load_s": ours, "validate_s": 0.0, "render_s": 0.0}
        return Result(
            100,
            Counts(100, 500, 2000, 30, 0),
            Process(1.0, 1.0, ""),
            timings,
            Process(0, 0, ""),
            {},
        )

    runs = [run(3.0), run(1.0), run(2.0)]
    assert median_run(runs) is runs[2]
    assert median_run(runs[:2]) is runs[1]  # of two, the faster
    assert median_run(runs[:1]) is runs[0]
