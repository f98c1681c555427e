"""The build stamp reads what a build reads, and never waits on what it would refuse."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.stamp import inputs_digest


def test_the_build_stamp_never_reads_a_fifo(tmp_path: Path) -> None:
    (tmp_path / "site_src").mkdir()
    os.mkfifo(tmp_path / "site_src" / "pipe.txt")
    first = inputs_digest(tmp_path)
    assert inputs_digest(tmp_path) == first


def test_the_engine_s_versions_are_inputs_of_the_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "site_src").mkdir()
    first = inputs_digest(tmp_path)
    real = __import__("importlib.metadata").metadata.version

    def version(name: str) -> str:
        return "0.0.1" if name == "mkdocs-material" else real(name)

    monkeypatch.setattr("builder.stamp.metadata.version", version)
    assert inputs_digest(tmp_path) != first
