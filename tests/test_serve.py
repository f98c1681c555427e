"""The MkDocs side: the plugin under a plain `mkdocs build`, and `dossier serve` rebuilding live."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import Project


def run_mkdocs_build(project: Project, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a plain `mkdocs build` in the project, as a user would without our CLI."""
    # docs_dir must exist before MkDocs reads its config; the plugin fills it.
    (project.root / "build" / "docs").mkdir(parents=True, exist_ok=True)
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", *arguments],
        cwd=project.root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def test_plain_mkdocs_build_runs_the_pipeline_through_the_plugin(project: Project) -> None:
    site = project.root / "plain-site"
    completed = run_mkdocs_build(project, "--strict", "--site-dir", str(site))
    assert completed.returncode == 0, completed.stderr
    page = BeautifulSoup(
        (site / "meetings/2024-01-05-hanoi.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert page.select_one("article#q-an-cooperate") is not None


def test_plain_mkdocs_build_reports_content_problems(project: Project) -> None:
    meeting = project.src / "meetings/2024-01-05-hanoi.md"
    meeting.write_text(
        meeting.read_text(encoding="utf-8").replace("mọi lĩnh vực", "mọi lĩnh vục"),
        encoding="utf-8",
    )
    completed = run_mkdocs_build(project, "--site-dir", str(project.root / "x"))
    assert completed.returncode == 1
    assert (
        "site_src/meetings/2024-01-05-hanoi.md:20: quote 'an-cooperate' not found"
        in completed.stderr
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, needle: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = _fetch(url)
        if body is not None and needle in body:
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_content_changes(project: Project) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "dossier"),
            "serve",
            "--root",
            str(project.root),
            "--dev-addr",
            f"127.0.0.1:{port}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/index.html"
        assert _wait_for(url, "An and Bình meet in Hanoi", 60)
        meeting = project.src / "meetings/2024-01-05-hanoi.md"
        meeting.write_text(
            meeting.read_text(encoding="utf-8").replace(
                "title: An and Bình meet in Hanoi", "title: Renamed meeting"
            ),
            encoding="utf-8",
        )
        assert _wait_for(url, "Renamed meeting", 60)
    finally:
        server.terminate()
        server.wait(timeout=30)
