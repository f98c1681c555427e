"""The whole cold build of two checkouts, measured alternately in one run.

    python -m bench.compare --before /work/before --after . --meetings 100 1000 --repeat 5

For each N it generates one dossier (`bench.generate`), gives each checkout a project of its
own with that content and the checkout's templates, schema and `mkdocs.yml`, and builds it
with the checkout's own `.venv/bin/dossier`, in a fresh project every time (nothing built
before): before, after, before, after… so that a change in the machine's speed weighs on
both alike. It prints every run and the medians, and the change of the median in per cent.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from bench.generate import generate_dossier
from bench.run import BenchError, conditions, remove_workdirs, run_process

PROJECT_PARTS = ("templates", "schema", "mkdocs.yml")
"""What a project takes from the checkout that builds it."""


def fresh_project(content: Path, checkout: Path, root: Path) -> Path:
    """A new project at `root`: the generated `content` and `checkout`'s templates, schema
    and configuration."""
    root.mkdir(parents=True)
    shutil.copytree(content, root / "site_src")
    for name in PROJECT_PARTS:
        source = checkout / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


def cold_builds(
    checkouts: dict[str, Path], n: int, repeat: int, workdir: Path
) -> dict[str, list[float]]:
    """The seconds of each cold build of a dossier of `n` meetings, by checkout, alternately."""
    content = workdir / "content"
    generate_dossier(content, n)
    seconds: dict[str, list[float]] = {name: [] for name in checkouts}
    for round_number in range(repeat):
        for name, checkout in checkouts.items():
            root = fresh_project(content, checkout, workdir / f"{name}-{round_number}")
            dossier = str(checkout / ".venv" / "bin" / "dossier")
            process = run_process([dossier, "build", "--root", str(root)], root)
            seconds[name].append(process.wall_s)
            print(f"N={n} {name} run {round_number + 1}: {process.wall_s:.2f} s", file=sys.stderr)
    return seconds


def summary(n: int, seconds: dict[str, list[float]]) -> str:
    """One line for N: every run, the medians, and the change from before to after."""
    medians = {name: statistics.median(values) for name, values in seconds.items()}
    runs = "; ".join(
        f"{name} " + " / ".join(f"{value:.1f}" for value in values)
        for name, values in seconds.items()
    )
    change = medians["after"] / medians["before"] - 1
    return (
        f"N={n}: cold build median before {medians['before']:.2f} s, after "
        f"{medians['after']:.2f} s ({change:+.1%}); runs in turn: {runs} s"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure; print one line per N."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the checkout before")
    parser.add_argument("--after", type=Path, required=True, help="the checkout after")
    parser.add_argument("--meetings", type=int, nargs="+", default=[100, 1000], metavar="N")
    parser.add_argument("--repeat", type=int, default=5, metavar="K", help="runs of each")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects")
    arguments = parser.parse_args(argv)
    checkouts = {"before": arguments.before.resolve(), "after": arguments.after.resolve()}
    for name, checkout in checkouts.items():
        if not (checkout / ".venv" / "bin" / "dossier").is_file():
            parser.error(f"--{name} {checkout}: no .venv/bin/dossier (run `make site` there)")
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    print(f"load average before: {conditions()}")
    workdirs: list[Path] = []
    lines = []
    try:
        for n in arguments.meetings:
            workdirs.append(Path(tempfile.mkdtemp(prefix=f"dossier-compare-{n}-")))
            seconds = cold_builds(checkouts, n, arguments.repeat, workdirs[-1])
            lines.append(summary(n, seconds))
            print(lines[-1], flush=True)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    finally:
        remove_workdirs(workdirs, arguments.keep)
    print(f"load average after: {conditions()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
