"""The built site, opened from disk with the network unplugged: Chromium runs in a network
namespace of its own, which has no network interface up, not even loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO, Project


def _unplugged() -> list[str]:
    """A command prefix that runs a program with no network, or skip when this system has none."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("needs unshare(1) from util-linux to unplug the network")
    prefix = (
        [unshare, "--net"] if os.geteuid() == 0 else [unshare, "--user", "--map-root-user", "--net"]
    )
    probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a network namespace here: {probe.stderr.decode().strip()}")
    return prefix


def test_site_opened_from_disk_with_no_network_finds_binh_nhuong(built_seed: Project) -> None:
    result = subprocess.run(
        [
            *_unplugged(),
            sys.executable,
            "-m",
            "tests.browser.unplugged",
            str(built_seed.site),
            "Binh Nhuong",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = result.stdout.split()
    assert found and found[0].startswith("meetings/2024-06-19-pyongyang.html"), result.stdout
