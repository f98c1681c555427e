"""`dossier build --timings FILE`: the seconds of each stage of a build, as JSON, for the
benchmarks; and the checks that keep that file from landing where it must not."""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from builder.publish import Refused, real_path

if TYPE_CHECKING:
    from builder.pipeline import Built


def check_timings_file(root: Path, timings: Path) -> None:
    """Refuse (`Refused`), before anything is built, a timings file the build must not write:
    a folder, a file inside the project's inputs, or a file an earlier `--timings` did not
    write."""
    target = real_path(timings, str(timings))
    if target.is_dir():
        raise Refused(str(timings), "is a folder; --timings takes the name of a file")
    if not target.parent.is_dir():
        raise Refused(str(timings), f"{target.parent} is not a folder to write it in")
    for name in ("site_src", "templates", "schema", "builder", ".git"):
        if target.is_relative_to(real_path(root / name, name)):
            raise Refused(str(timings), f"is inside {name}/; --timings never writes there")
    if os.path.lexists(target) and not _holds_timings(target):
        raise Refused(
            str(timings),
            "is a file that --timings did not write; give the name of a new file",
        )


def _holds_timings(path: Path) -> bool:
    """Whether `path` is a regular file that an earlier `--timings` wrote (it may be
    replaced); never a FIFO, a device or a link, which are never opened."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        with path.open("rb") as existing:
            return existing.read(len(_TIMINGS_START)) == _TIMINGS_START
    except OSError:
        return False


_TIMINGS_START = b'{"load_s": '


_STAGES = ("load_s", "validate_s", "render_s")
"""The fields of `builder.pipeline.StageTimes`, our stages' seconds."""


def write_timings(path: Path | None, built: Built | None, build_s: float) -> None:
    """Our stages' times and the engine's (the rest of the build, with the swap of `out`), of
    which `offline_s` went to our plugin's offline stage at its end."""
    if path is None:
        return
    times = asdict(built.prepared.times) if built else dict.fromkeys(_STAGES, 0.0)
    ours = sum(times.values())
    data = {
        **times,
        "engine_s": max(0.0, build_s - ours),
        "offline_s": built.offline_s if built else 0.0,
        "files_written": built.prepared.files_written if built else 0,
        "up_to_date": built is None,
    }
    path.write_text(json.dumps(data) + "\n", encoding="utf-8")
