"""Publishing a build: the new site takes the place of the old one in one step.

`pipeline.build_site` builds beside `site/` and `replace_site` swaps the two with two renames;
every `dossier` command first puts right what a build killed mid-swap left
(`recover_interrupted_swap`). Kept apart from the stages so that a command with nothing to
build imports none of them.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

STOP_AT_VARIABLE = "DOSSIER_TEST_STOP_AT"
"""Names a point of `build_site` where the process stops itself (SIGSTOP), so that the crash
tests can SIGKILL a real build at that exact point. Unset, as in any normal run: no effect."""


def stop_point(name: str) -> None:
    if os.environ.get(STOP_AT_VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGSTOP)


def swap_paths(out: Path) -> tuple[Path, Path]:
    """Where a build puts the new site, and the previous one, beside `out` while swapping."""
    return out.with_name(f".{out.name}.new"), out.with_name(f".{out.name}.old")


def replace_site(out: Path) -> None:
    """Put the build finished beside `out` (`swap_paths`) in its place: `out` is renamed aside,
    the new site renamed in, and the previous one removed last."""
    new, old = swap_paths(out)
    stop_point("built")
    if out.exists():
        out.rename(old)
        stop_point("between-renames")
    new.rename(out)
    stop_point("swapped")
    if old.exists():
        shutil.rmtree(old)


def recover_interrupted_swap(out: Path) -> str | None:
    """Undo what an interrupted build left beside `out`; say what was done, if anything.

    Every `dossier` command calls this first. A build killed between the two renames of the
    swap leaves no `out`, only `.out.old` (the previous complete site) and `.out.new`: the
    previous site is put back. A build killed after the swap leaves `.out.old` beside the new
    `out`, and one killed earlier leaves a partial `.out.new`: both are only removed.
    """
    new, old = swap_paths(out)
    said = None
    if old.exists():
        if out.exists():
            shutil.rmtree(old)
        else:
            old.rename(out)
            said = f"restored the previous {out.name}/ left by an interrupted build"
    if new.exists():
        shutil.rmtree(new)
    return said
