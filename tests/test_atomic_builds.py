"""Nothing lost: a `dossier build` killed with SIGKILL anywhere leaves the old or the new site.

Real processes, real SIGKILL. The build stops itself (SIGSTOP) at a named point when
`DOSSIER_TEST_STOP_AT` says so; the test then kills it there. Other kills land at chosen
moments while MkDocs is writing.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.cli import main
from builder.publish import STOP_AT_VARIABLE
from tests.conftest import Project, files_under, make_project

DOSSIER = str(Path(sys.executable).parent / "dossier")
MEETING = "site_src/meetings/2024-01-05-hanoi.md"
RESTORED = "dossier: restored the previous site/ left by an interrupted build"

Snapshot = dict[str, bytes]


def change_content(project: Project) -> None:
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: An and Bình meet", "title: An and Bình talk"), "utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, Snapshot, Snapshot]:
    """A project built once (the old site) with its content then changed, and the bytes of
    the old site and of the site the changed content builds to (builds are reproducible)."""
    base = tmp_path_factory.mktemp("atomic")
    old = make_project(base / "old")
    assert main(["build", "--root", str(old.root)]) == 0
    new = make_project(base / "new")
    change_content(new)
    assert main(["build", "--root", str(new.root)]) == 0
    change_content(old)
    return old, files_under(old.site), files_under(new.site)


@pytest.fixture
def project(sites: tuple[Project, Snapshot, Snapshot], tmp_path: Path) -> Project:
    root = tmp_path / "project"
    shutil.copytree(sites[0].root, root)
    return Project(root)


def start_build(project: Project, stop_at: str | None = None) -> subprocess.Popen[bytes]:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if stop_at:
        env[STOP_AT_VARIABLE] = stop_at
    return subprocess.Popen(
        [DOSSIER, "build", "--root", str(project.root)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_at(project: Project, point: str) -> None:
    """Run a build until it stops itself at `point`, then SIGKILL it there."""
    process = start_build(project, point)
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    assert os.WIFSTOPPED(status), f"the build ended before {point!r}"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def leftovers(project: Project) -> list[str]:
    return sorted(path.name for path in project.root.glob(".site.*"))


def next_command(project: Project, command: str = "check") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [DOSSIER, command, "--root", str(project.root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("point", "site_is", "left"),
    [
        ("prepared", "old", []),  # our stages done, MkDocs not started
        ("built", "old", [".site.new"]),  # the new site complete beside the old one
        ("swapped", "new", [".site.old"]),  # both renames done, the old site not yet removed
    ],
)
def test_killed_at_a_point_leaves_a_complete_site(
    sites: tuple[Project, Snapshot, Snapshot],
    project: Project,
    point: str,
    site_is: str,
    left: list[str],
) -> None:
    _, old, new = sites
    kill_at(project, point)
    expected = old if site_is == "old" else new
    assert files_under(project.site) == expected
    assert leftovers(project) == left
    assert main(["check", "--root", str(project.root)]) == 0
    assert leftovers(project) == []
    assert files_under(project.site) == expected


@pytest.mark.parametrize("command", ["check", "build", "serve"])
def test_killed_between_the_renames_the_next_command_restores_the_old_site(
    sites: tuple[Project, Snapshot, Snapshot], project: Project, command: str
) -> None:
    _, old, new = sites
    kill_at(project, "between-renames")
    assert not project.site.exists()
    assert files_under(project.root / ".site.old") == old
    assert files_under(project.root / ".site.new") == new
    if command == "serve":
        result_err, site_then = serve_until_started(project)
        assert result_err.splitlines()[0] == RESTORED
        assert site_then == old
        return
    result = next_command(project, command)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == RESTORED
    assert leftovers(project) == []
    # `check` only restores; `build` restores, then builds the new site as usual.
    assert files_under(project.site) == (old if command == "check" else new)


def serve_until_started(project: Project) -> tuple[str, Snapshot]:
    """Start `dossier serve`, read its first message, look at site/ then, and stop it."""
    with socket.socket() as probe:  # a free port for the live server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [DOSSIER, "serve", "--root", str(project.root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        first = process.stderr.readline()
        return first, files_under(project.site)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_killed_while_mkdocs_writes_leaves_the_old_site(
    sites: tuple[Project, Snapshot, Snapshot], project: Project
) -> None:
    _, old, _ = sites
    process = start_build(project)
    partial = project.root / ".site.new"
    deadline = time.monotonic() + 60
    # Its marker is written first, then MkDocs' files.
    while not (partial.is_dir() and len(list(partial.iterdir())) > 1) and process.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build finished before it could be killed"
    assert files_under(project.site) == old
    assert main(["check", "--root", str(project.root)]) == 0
    assert leftovers(project) == []
    assert files_under(project.site) == old


@pytest.mark.parametrize("delay", [0.2, 0.6, 1.0])
def test_killed_at_any_moment_leaves_the_old_or_the_new_site(
    sites: tuple[Project, Snapshot, Snapshot], project: Project, delay: float
) -> None:
    _, old, new = sites
    process = start_build(project)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    if project.site.exists():
        assert files_under(project.site) in (old, new)
    else:  # between the two renames
        assert files_under(project.root / ".site.old") == old
    assert main(["check", "--root", str(project.root)]) == 0
    assert leftovers(project) == []
    assert files_under(project.site) in (old, new)
