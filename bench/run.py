"""`make bench`: build synthetic dossiers of N meetings and report where the time goes.

For each N it generates a project in a temporary folder (see `bench.generate`), then runs, each
in a new process as a user would: `dossier build` (the full build), `dossier build` again
(nothing changed), MkDocs alone on the same generated docs tree (no dossier plugin; the nav
written out), and Zensical on that tree when `--zensical` names its executable. It prints a
table, the targets met or missed, and last one flat JSON line per N. It writes nothing into the
repository unless `--update BENCHMARKS.md` is given.

    python -m bench.run 10 100 1000 [--repeat K] [--update BENCHMARKS.md] [--zensical PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from bench.generate import Counts, make_project
from builder.site.writer import DocsWriter

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (10, 100, 1000)
JSON_KEYS = (
    "n",
    "load_s",
    "validate_s",
    "render_s",
    "engine_s",
    "total_s",
    "peak_rss_mb",
    "files_written",
    "noop_total_s",
    "noop_files_written",
)
"""The keys of each JSON line, in order."""

OURS_MAX_S = 5.0
OURS_MAX_MB = 500.0
OURS_MAX_SHARE = 0.10
NOOP_MAX_SHARE = 0.10
TOTAL_MAX_S = 60.0
GROWTH_MAX = 11.0
BENCH_START = "<!-- bench:start (written by `make bench UPDATE=1`; edit outside these marks) -->"
BENCH_END = "<!-- bench:end -->"


class BenchError(RuntimeError):
    """A command the benchmark ran failed."""


@dataclass(frozen=True)
class Process:
    """One finished process: its wall time, peak memory and what it printed."""

    wall_s: float
    peak_rss_mb: float
    stdout: str


@dataclass
class Result:
    """Everything measured for one N."""

    n: int
    counts: Counts
    full: Process
    timings: dict[str, Any]
    noop: Process
    noop_timings: dict[str, Any]
    engine_alone: Process | None = None
    zensical: Process | None = None
    zensical_note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    loop_s: float = 0.0
    """The machine's speed just before this N was measured (`loop_seconds`)."""
    files_s: float = 0.0
    """The disk's speed at making files just before the build (`file_seconds`)."""

    @property
    def ours_s(self) -> float:
        """Our stages: load, validate and render, in the build process."""
        return float(self.timings["load_s"] + self.timings["validate_s"] + self.timings["render_s"])

    def line(self) -> dict[str, Any]:
        """The flat JSON line."""
        values = {
            "n": self.n,
            "load_s": self.timings["load_s"],
            "validate_s": self.timings["validate_s"],
            "render_s": self.timings["render_s"],
            "engine_s": self.timings["engine_s"],
            "total_s": self.full.wall_s,
            "peak_rss_mb": self.full.peak_rss_mb,
            "files_written": self.timings["files_written"],
            "noop_total_s": self.noop.wall_s,
            "noop_files_written": self.noop_timings["files_written"],
        }
        return {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in values.items()
        }


def run_process(argv: list[str], cwd: Path) -> Process:
    """Run a command to its end; its wall time and peak resident memory (its own, by wait4)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # What earlier steps wrote (the generated dossier's 11,000 files, the previous build's
    # site) is flushed to disk first, so that its writing back is not billed to this process.
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise BenchError(
            f"{' '.join(argv)} exited with {process.returncode}:\n{stdout}{stderr[-3000:]}"
        )
    # Linux gives ru_maxrss in KiB.
    return Process(wall, usage.ru_maxrss / 1024, stdout)


def _tool(name: str) -> str:
    """An executable of this virtual environment."""
    return str(Path(sys.executable).parent / name)


class _ConfigLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml` as MkDocs does `!ENV`: the variable's value, or its default."""


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names = [loader.construct_object(item) for item in node.value]
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


_ConfigLoader.add_constructor("!ENV", _environment_value)


def write_engine_config(root: Path, nav: list[Any], site_dir: str, name: str) -> Path:
    """A copy of `mkdocs.yml` for the engine alone: no dossier plugin, the nav written out."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader that also reads !ENV
    config["plugins"] = [
        plugin
        for plugin in config.get("plugins", [])
        if plugin != "dossier" and not (isinstance(plugin, dict) and "dossier" in plugin)
    ]
    config["nav"] = nav
    config["site_dir"] = site_dir
    config.pop("watch", None)
    path = root / name
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def measure(n: int, workdir: Path, seed: int, zensical: str | None) -> Result:
    """Generate a dossier of `n` meetings in `workdir` and measure its builds."""
    root = workdir / "project"
    counts = make_project(root, REPO, n, seed)
    try:
        files_s = file_seconds(workdir / "disk-probe")
    except OSError as error:
        raise BenchError(f"could not make the disk probe's files: {error}") from None
    dossier = _tool("dossier")
    full = run_process([dossier, "build", "--root", str(root), "--timings", "full.json"], workdir)
    timings = json.loads((workdir / "full.json").read_text(encoding="utf-8"))
    noop = run_process([dossier, "build", "--root", str(root), "--timings", "noop.json"], workdir)
    noop_timings = json.loads((workdir / "noop.json").read_text(encoding="utf-8"))
    result = Result(n, counts, full, timings, noop, noop_timings, files_s=files_s)

    stages = run_process(
        [
            *(sys.executable, "-m", "bench.stages", str(root)),
            *(str(workdir / "stages-docs"), str(workdir / "stages.json")),
        ],
        REPO,
    )
    stages_data = json.loads((workdir / "stages.json").read_text(encoding="utf-8"))
    nav = stages_data.pop("nav")
    result.extra = {**stages_data, "peak_rss_mb": stages.peak_rss_mb}
    engine_config = write_engine_config(root, nav, "engine-site", "mkdocs.engine.yml")
    result.engine_alone = run_process(
        [_tool("mkdocs"), "build", "--strict", "-q", "-f", str(engine_config)], root
    )
    if zensical:
        zensical_config = write_engine_config(root, nav, "zensical-site", "mkdocs.zensical.yml")
        try:
            result.zensical = run_process([zensical, "build", "-f", str(zensical_config)], root)
            pages = sum(1 for _ in (root / "zensical-site").rglob("*.html"))
            result.zensical_note = f"{pages:,} pages"
        except BenchError as error:
            result.zensical_note = f"failed: {str(error).splitlines()[-1][:200]}"
    return result


def targets(results: list[Result]) -> list[tuple[bool, str]]:
    """Each target of the issue that these results can answer, met or not."""
    checks: list[tuple[bool, str]] = []
    by_n = {result.n: result for result in results}
    for result in results:
        line = result.line()
        if result.n >= 100:
            share = result.ours_s / line["total_s"]
            checks.append(
                (
                    share <= OURS_MAX_SHARE,
                    f"N={result.n}: our stages are {share:.1%} of the build (≤ 10%)",
                )
            )
            noop_share = line["noop_total_s"] / line["total_s"]
            checks.append(
                (
                    noop_share <= NOOP_MAX_SHARE,
                    f"N={result.n}: a build with nothing changed takes {noop_share:.1%} "
                    "of a full one (≤ 10%)",
                )
            )
        checks.append(
            (
                line["noop_files_written"] == 0,
                f"N={result.n}: the no-change build wrote {line['noop_files_written']} files (0)",
            )
        )
        if result.n == 1000:
            checks.append(
                (
                    result.ours_s <= OURS_MAX_S,
                    f"N=1000: our stages take {result.ours_s:.2f} s (≤ 5 s)",
                )
            )
            ours_mb = result.extra["peak_rss_mb"]
            checks.append(
                (
                    ours_mb <= OURS_MAX_MB,
                    f"N=1000: our stages alone peak at {ours_mb:.0f} MB (≤ 500 MB; the whole "
                    f"build with MkDocs at {line['peak_rss_mb']:.0f} MB)",
                )
            )
            checks.append(
                (
                    line["total_s"] <= TOTAL_MAX_S,
                    f"N=1000: the whole build takes {line['total_s']:.1f} s (≤ 60 s)",
                )
            )
    if 100 in by_n and 1000 in by_n:
        growth = by_n[1000].ours_s / by_n[100].ours_s
        checks.append(
            (growth <= GROWTH_MAX, f"N=100 → 1000: our stages grow {growth:.1f}× (≤ 11×)")
        )
        engine_growth = by_n[1000].timings["engine_s"] / by_n[100].timings["engine_s"]
        checks.append(
            (
                engine_growth <= GROWTH_MAX,
                f"N=100 → 1000: the engine grows {engine_growth:.1f}× (≤ 11×, linear)",
            )
        )
    return checks


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    header = (
        "| N | meetings / sources / quotes | load s | validate s | render s | ours s | engine s "
        "| of which offline s | total s | ours % | peak MB (ours alone) | files written "
        "| no-change build s | no-change % | MkDocs alone s | Zensical s |"
    )
    rows = [header, _separator(header)]
    for result in results:
        line = result.line()
        counts = result.counts
        zensical = (
            f"{result.zensical.wall_s:.1f} ({result.zensical_note})"
            if result.zensical
            else (result.zensical_note or "not run")
        )
        engine_alone = f"{result.engine_alone.wall_s:.1f}" if result.engine_alone else "–"
        rows.append(
            f"| {result.n} | {counts.meetings:,} / {counts.sources:,} / {counts.quotes:,} "
            f"| {line['load_s']:.2f} | {line['validate_s']:.2f} | {line['render_s']:.2f} "
            f"| {result.ours_s:.2f} | {line['engine_s']:.1f} "
            f"| {result.timings.get('offline_s', 0.0):.1f} | {line['total_s']:.1f} "
            f"| {result.ours_s / line['total_s']:.1%} "
            f"| {line['peak_rss_mb']:.0f} ({result.extra.get('peak_rss_mb', 0):.0f}) "
            f"| {line['files_written']:,} | {line['noop_total_s']:.2f} "
            f"| {line['noop_total_s'] / line['total_s']:.1%} | {engine_alone} | {zensical} |"
        )
    return "\n".join(rows)


def _separator(header: str) -> str:
    return "|" + "|".join(" --- " for _ in range(header.count("|") - 1)) + "|"


def machine() -> str:
    """The machine and software the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        for text_line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if text_line.startswith("model name"):
                cpu = text_line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB memory"
    except (ValueError, OSError, AttributeError):
        memory = ""
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "PyYAML")
    )
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def load_average() -> str:
    """The 1, 5 and 15 minute load averages (other work on the machine skews timings)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def loop_seconds() -> float:
    """How long this machine takes for a fixed piece of Python work, now: its speed changes over
    the day (other machines share its host), and with it every figure of a run."""
    started = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - started


PROBE_FILES = 500
"""Files `file_seconds` makes, about as many as the build writes at N = 100."""


def file_seconds(folder: Path) -> float:
    """How long this disk takes to make `PROBE_FILES` new files of 4 KB in a new `folder`, now,
    written as the render stage writes its pages (`DocsWriter`).

    Making a file is kernel work that varies with what the disk went through: on this
    machine's ext4 without a journal, a new file skips over every inode recently freed, and
    685 files took from 0.03 to 0.38 s of system time over one afternoon. The render stage
    writes a file for each page, so this moves our stages' time far more, in proportion, than
    the engine's. The files are left in place (removing them would slow the next ones)."""
    folder.mkdir()
    writer = DocsWriter(folder)
    content = b"x" * 4096
    started = time.perf_counter()
    for number in range(PROBE_FILES):
        writer.write(f"{number}.txt", content)
    return time.perf_counter() - started


def conditions() -> str:
    """The load average and the machine's speed at this moment."""
    return f"{load_average()} (a 10-million-step Python loop took {loop_seconds():.2f} s)"


def report_section(
    results: list[Result], spread: list[str], command: str, load_before: str, load_after: str
) -> str:
    """The generated part of BENCHMARKS.md's Benchmarks section."""
    checks = targets(results)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Recorded {when} with `{command}` on {machine()}.",
        f"Load average (1, 5, 15 min) before the run: {load_before}; after: {load_after}.",
        "",
        table(results),
        "",
        *[f"{text}\n" for text in spread],
        "Targets:",
        "",
        *[f"- {'met' if ok else '**missed**'}: {text}" for ok, text in checks],
        "",
        "The JSON lines `make bench` printed:",
        "",
        "```",
        *[json.dumps(result.line()) for result in results],
        "```",
    ]
    return "\n".join(lines)


def update_benchmarks(path: Path, section: str) -> None:
    """Put the generated text between the marks of the `## Benchmarks` section of `path`,
    keeping everything else (other sections, notes written by hand) as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{BENCH_START}\n{section}\n{BENCH_END}"
    if BENCH_START in text and BENCH_END in text:
        before, rest = text.split(BENCH_START, 1)
        after = rest.split(BENCH_END, 1)[1]
        text = before + block + after
    elif "## Benchmarks" in text:
        head, tail = text.split("## Benchmarks", 1)
        text = f"{head}## Benchmarks\n\n{block}\n{tail}"
    else:
        text = text.rstrip("\n") + f"\n\n## Benchmarks\n\n{block}\n"
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each N; print the table, the targets and the JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes", type=int, nargs="*", default=list(DEFAULT_SIZES), help="numbers of meetings (N)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the generator")
    parser.add_argument(
        "--update", type=Path, metavar="FILE", help="write the results into FILE (BENCHMARKS.md)"
    )
    parser.add_argument("--zensical", metavar="PATH", help="also build with this Zensical")
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated projects (printed at the end)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="K",
        help="measure every N K times, in turn, and report the run with the median time",
    )
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    command = "make bench" + (
        f' N="{" ".join(map(str, arguments.sizes))}"'
        if tuple(arguments.sizes) != DEFAULT_SIZES
        else ""
    )
    if arguments.repeat > 1:
        command += f" REPEAT={arguments.repeat}"
    load_before = conditions()
    runs: dict[int, list[Result]] = {n: [] for n in arguments.sizes}
    workdirs: list[Path] = []
    try:
        for round_number in range(1, arguments.repeat + 1):
            for n in arguments.sizes:
                workdir = Path(tempfile.mkdtemp(prefix=f"dossier-bench-{n}-"))
                workdirs.append(workdir)
                progress = f" (run {round_number} of {arguments.repeat})" * (arguments.repeat > 1)
                print(f"N={n}: building in {workdir}{progress} …", file=sys.stderr, flush=True)
                speed = loop_seconds()
                runs[n].append(measure(n, workdir, arguments.seed, arguments.zensical))
                runs[n][-1].loop_s = speed
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        # Removed only once every N is measured. On a disk such as this machine's (ext4
        # without a journal), a new file skips over every inode freed in the last minute (six
        # while still unwritten): creating 6,600 files right after removing 10,000 took 2.4 s
        # instead of 0.3 s. That is the benchmark's own doing, not the build's.
        for workdir in workdirs:
            if arguments.keep:
                print(f"kept {workdir}", file=sys.stderr)
            else:
                shutil.rmtree(workdir, ignore_errors=True)
    load_after = conditions()
    results = [median_run(runs[n]) for n in arguments.sizes]
    spread = spread_lines(runs)
    print(table(results))
    print()
    for text in spread:
        print(text)
    print(f"load average before: {load_before}; after: {load_after}")
    for ok, text in targets(results):
        print(f"{'met   ' if ok else 'MISSED'} {text}")
    if arguments.update:
        update_benchmarks(
            arguments.update, report_section(results, spread, command, load_before, load_after)
        )
        print(f"wrote {arguments.update}")
    print()
    for result in results:
        print(json.dumps(result.line()))
    return 0


def median_run(runs: list[Result]) -> Result:
    """The run whose own stages took the median time (the lower of the two middle ones): every
    figure reported for N is from that one run, as it happened."""
    return sorted(runs, key=lambda result: result.ours_s)[(len(runs) - 1) // 2]


def spread_lines(runs: dict[int, list[Result]]) -> list[str]:
    """For each N measured more than once, every run's time for our stages and the build."""
    lines = []
    for n, results in runs.items():
        if len(results) > 1:
            ours = " / ".join(f"{result.ours_s:.2f}" for result in results)
            totals = " / ".join(f"{result.full.wall_s:.1f}" for result in results)
            speeds = " / ".join(f"{result.loop_s:.2f}" for result in results)
            disks = " / ".join(f"{result.files_s:.2f}" for result in results)
            lines.append(
                f"N={n}, {len(results)} runs in turn: our stages {ours} s; whole build "
                f"{totals} s; the 10-million-step loop just before each run {speeds} s; "
                f"making {PROBE_FILES} files just before each build {disks} s. "
                "The table shows the run with the median time for our stages."
            )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
