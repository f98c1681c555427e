"""The pipeline end to end: load → validate → render → MkDocs, and the atomic swap of `site/`.

The CLI and the MkDocs plugin both call into here; neither holds pipeline logic of its own.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from builder.load import load_dossier
from builder.problems import ContentError
from builder.render import RenderedTree, TemplateProblem, render_site, write_tree
from builder.validate import Verified, validate_dossier

GENERATED_DOCS = Path("build") / "docs"
"""Where the generated docs tree goes, relative to the project root."""


@dataclass(frozen=True)
class StageTimes:
    """Seconds spent in each of our stages."""

    load_s: float
    validate_s: float
    render_s: float


@dataclass(frozen=True)
class Prepared:
    """A verified dossier rendered into the docs tree, ready for MkDocs."""

    verified: Verified
    tree: RenderedTree
    files_written: int
    times: StageTimes


def check(root: Path) -> tuple[Verified, StageTimes]:
    """Load and validate `root/site_src`; raise `ContentError` with every problem found."""
    started = time.perf_counter()
    dossier, problems = load_dossier(root)
    loaded = time.perf_counter()
    verified, found = validate_dossier(dossier)
    validated = time.perf_counter()
    problems += found
    if problems:
        raise ContentError(problems)
    return verified, StageTimes(loaded - started, validated - loaded, 0.0)


def prepare(root: Path, docs_dir: Path | None = None) -> Prepared:
    """Check the content and render it into the generated docs tree."""
    verified, times = check(root)
    started = time.perf_counter()
    try:
        tree = render_site(verified, root / "templates")
    except TemplateProblem as error:
        raise ContentError([error.problem]) from None
    written = write_tree(tree, docs_dir or root / GENERATED_DOCS)
    # The pages are on disk now; MkDocs reads them from there. Keeping them in memory as well
    # would add their whole size to the peak of a large build.
    tree.files.clear()
    times = StageTimes(times.load_s, times.validate_s, time.perf_counter() - started)
    return Prepared(verified, tree, written, times)


def content_epoch(verified: Verified) -> int:
    """A build date taken from the content (its newest date), so builds are reproducible."""
    dossier = verified.dossier
    days: list[date] = [meeting.record.date for meeting in dossier.meetings]
    for source in dossier.sources.values():
        value = source.record.date
        if isinstance(value, date):
            days.append(value)
        else:
            year, month = value.split("-")
            days.append(date(int(year), int(month), 1))
    newest = max(days, default=date(1970, 1, 1))
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp())


def _swap_paths(out: Path) -> tuple[Path, Path]:
    return out.with_name(f".{out.name}.new"), out.with_name(f".{out.name}.old")


def recover_interrupted_swap(out: Path) -> str | None:
    """Finish or undo a swap of `out` that was interrupted; say what was done, if anything."""
    new, old = _swap_paths(out)
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


def run_engine(root: Path, prepared: Prepared, site_dir: Path) -> None:
    """Build the generated docs tree with MkDocs + Material into `site_dir` (strict)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _build_epoch(content_epoch(prepared.verified)):
        config = load_config(
            str(root / "mkdocs.yml"),
            docs_dir=str(root / GENERATED_DOCS),
            site_dir=str(site_dir),
            strict=True,
        )
        plugin = config.plugins.get("dossier")
        if plugin is not None:
            plugin.prepared = prepared
        build(config)


@contextmanager
def _build_epoch(default: int) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for one build unless the user set it; restore it afterwards.

    MkDocs dates the sitemap (and its gzip header) with it, so a fixed value makes builds
    byte-identical.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(default)
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def build_site(root: Path, out: Path) -> Prepared:
    """Check, render and build into a temporary folder, then replace `out` in one step.

    On any failure `out` is left as it was.
    """
    prepared = prepare(root)
    new, old = _swap_paths(out)
    if new.exists():
        shutil.rmtree(new)
    try:
        run_engine(root, prepared, new)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if out.exists():
        out.rename(old)
    new.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return prepared


def mkdocs_logging() -> None:
    """Show MkDocs' warnings and errors on stderr, briefly."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(handler, "dossier", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    handler.dossier = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
