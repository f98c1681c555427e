"""`make bench`: build synthetic dossiers of N meetings as a user would, and MkDocs alone.

For each N it generates a project in a temporary folder (see `bench.generate`), then runs, each
in a new process: `dossier build` (the whole cold build: a fresh project, nothing built
before), `dossier build` again (nothing changed), and MkDocs alone with the same configuration
on the same generated docs tree (no dossier plugin; the nav written out), and Zensical on it
when `--zensical` names its executable. For each it reports the wall time and the peak
resident memory of the process. It prints a table and last one flat JSON line per N; it
writes nothing into the repository unless `--update BENCHMARKS.md` is given.

    python -m bench.run 100 1000 [--repeat K] [--update BENCHMARKS.md] [--zensical PATH]
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
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from bench.generate import Counts, make_project

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1000)
JSON_KEYS = (
    "n",
    "cold_s",
    "cold_peak_mb",
    "files_written",
    "noop_s",
    "noop_files_written",
    "mkdocs_alone_s",
    "mkdocs_alone_peak_mb",
)
"""The keys of each JSON line, in order."""

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
    cold: Process
    files_written: int
    noop: Process
    noop_files_written: int
    mkdocs_alone: Process
    zensical: str = "not run"
    loop_s: float = 0.0
    """The machine's speed just before this N was measured (`loop_seconds`)."""

    def line(self) -> dict[str, Any]:
        """The flat JSON line."""
        values = (
            self.n,
            self.cold.wall_s,
            self.cold.peak_rss_mb,
            self.files_written,
            self.noop.wall_s,
            self.noop_files_written,
            self.mkdocs_alone.wall_s,
            self.mkdocs_alone.peak_rss_mb,
        )
        return {
            key: round(value, 3) if isinstance(value, float) else value
            for key, value in zip(JSON_KEYS, values, strict=True)
        }


def run_process(argv: list[str], cwd: Path) -> Process:
    """Run a command to its end; its wall time and peak resident memory (its own, by wait4)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # What earlier steps wrote (the generated dossier's files, the previous build's site) is
    # flushed to disk first, so that its writing back is not billed to this process.
    os.sync()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, env=environment)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if returncode != 0:
        raise BenchError(f"{' '.join(argv)} exited with {returncode}:\n{stdout}{stderr[-3000:]}")
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


def timed_build(dossier: str, root: Path, timings: Path) -> tuple[Process, int]:
    """`dossier build` of `root` as a user runs it; the process and the files it wrote."""
    process = run_process([dossier, "build", "--root", str(root), "--timings", str(timings)], root)
    written = json.loads(timings.read_text(encoding="utf-8"))["files_written"]
    return process, int(written)


def measure(n: int, workdir: Path, seed: int, zensical: str | None) -> Result:
    """Generate a dossier of `n` meetings in `workdir` and measure its builds."""
    root = workdir / "project"
    counts = make_project(root, REPO, n, seed)
    dossier = _tool("dossier")
    cold, written = timed_build(dossier, root, workdir / "cold.json")
    noop, noop_written = timed_build(dossier, root, workdir / "noop.json")
    nav_file = workdir / "nav.json"
    run_process([sys.executable, "-m", "bench.stages", str(root), str(nav_file)], REPO)
    nav = json.loads(nav_file.read_text(encoding="utf-8"))
    engine_config = write_engine_config(root, nav, "engine-site", "mkdocs.engine.yml")
    alone = run_process(
        [_tool("mkdocs"), "build", "--strict", "-q", "-f", str(engine_config)], root
    )
    result = Result(n, counts, cold, written, noop, noop_written, alone)
    if zensical:
        zensical_config = write_engine_config(root, nav, "zensical-site", "mkdocs.zensical.yml")
        try:
            ran = run_process([zensical, "build", "-f", str(zensical_config)], root)
            pages = sum(1 for _ in (root / "zensical-site").rglob("*.html"))
            result.zensical = f"{ran.wall_s:.1f} ({pages:,} pages)"
        except BenchError as error:
            result.zensical = f"failed: {str(error).splitlines()[-1][:200]}"
    return result


def table(results: list[Result]) -> str:
    """The results as a Markdown table."""
    header = (
        "| N | meetings / sources / quotes | cold build s | peak MB | files written "
        "| no-change build s | MkDocs alone s | MkDocs alone peak MB | Zensical s |"
    )
    rows = [header, "|" + "|".join(" --- " for _ in range(header.count("|") - 1)) + "|"]
    for result in results:
        counts = result.counts
        rows.append(
            f"| {result.n} | {counts.meetings:,} / {counts.sources:,} / {counts.quotes:,} "
            f"| {result.cold.wall_s:.1f} | {result.cold.peak_rss_mb:.0f} "
            f"| {result.files_written:,} | {result.noop.wall_s:.2f} "
            f"| {result.mkdocs_alone.wall_s:.1f} | {result.mkdocs_alone.peak_rss_mb:.0f} "
            f"| {result.zensical} |"
        )
    return "\n".join(rows)


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


def loop_seconds() -> float:
    """How long this machine takes for a fixed piece of Python work, now: its speed changes over
    the day (other machines share its host), and with it every figure of a run."""
    started = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - started


def conditions() -> str:
    """The load average and the machine's speed at this moment."""
    try:
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        load = "unknown"
    return f"{load} (a 10-million-step Python loop took {loop_seconds():.2f} s)"


def report_section(
    results: list[Result], spread: list[str], command: str, load_before: str, load_after: str
) -> str:
    """The generated part of BENCHMARKS.md's Benchmarks section."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"Recorded {when} with `{command}` on {machine()}.",
        f"Load average (1, 5, 15 min) before the run: {load_before}; after: {load_after}.",
        "",
        table(results),
        "",
        *[f"{text}\n" for text in spread],
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


def _arguments(argv: list[str] | None) -> argparse.Namespace:
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
        help="measure every N K times, in turn, and report the run with the median cold build",
    )
    arguments = parser.parse_args(argv)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark for each N; print the table and the JSON lines."""
    arguments = _arguments(argv)
    command = (
        "make bench"
        + (
            f' N="{" ".join(map(str, arguments.sizes))}"'
            if tuple(arguments.sizes) != DEFAULT_SIZES
            else ""
        )
        + (f" REPEAT={arguments.repeat}" if arguments.repeat > 1 else "")
    )
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
        remove_workdirs(workdirs, arguments.keep)
    load_after = conditions()
    results = [median_run(runs[n]) for n in arguments.sizes]
    spread = spread_lines(runs)
    print(table(results), "", *spread, sep="\n")
    print(f"load average before: {load_before}; after: {load_after}")
    if arguments.update:
        section = report_section(results, spread, command, load_before, load_after)
        update_benchmarks(arguments.update, section)
        print(f"wrote {arguments.update}")
    print()
    for result in results:
        print(json.dumps(result.line()))
    return 0


def remove_workdirs(workdirs: list[Path], keep: bool) -> None:
    """Remove the generated projects once every N is measured: on a disk such as this
    machine's (ext4 without a journal), a new file skips over every inode freed in the last
    minute, so removing them between builds would slow the next build's writing."""
    for workdir in workdirs:
        if keep:
            print(f"kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def median_run(runs: list[Result]) -> Result:
    """The run whose cold build took the median time (the lower of the two middle ones): every
    figure reported for N is from that one run, as it happened."""
    return sorted(runs, key=lambda result: result.cold.wall_s)[(len(runs) - 1) // 2]


def spread_lines(runs: dict[int, list[Result]]) -> list[str]:
    """For each N measured more than once, every run's cold build and the machine's speed."""
    lines = []
    for n, results in runs.items():
        if len(results) > 1:
            colds = " / ".join(f"{result.cold.wall_s:.1f}" for result in results)
            speeds = " / ".join(f"{result.loop_s:.2f}" for result in results)
            lines.append(
                f"N={n}, {len(results)} runs in turn: cold build {colds} s; the "
                f"10-million-step loop just before each run {speeds} s. "
                "The table shows the run with the median cold build."
            )
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
