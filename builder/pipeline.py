"""The pipeline end to end: load → validate → render → engine, and the atomic swap of `site/`.

The CLI and the MkDocs plugin both call into here; neither holds pipeline logic of its own.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from builder.content.load import load_dossier
from builder.content.review import without_covered_markers
from builder.content.validate import Verified, validate_dossier
from builder.engine import DocsTree, Twin, engine_for
from builder.problems import ContentError
from builder.publish import remove_site, replace_site, start_site, stop_point
from builder.site.editions import Edition, editions_for, twin_words
from builder.site.links import check_own_links
from builder.site.render import TemplateProblem, make_environment
from builder.site.strings import Strings, environment_strings
from builder.site.tree import RenderedTree, render_site

GENERATED_DOCS = Path("build") / "docs"
"""Where the generated docs tree goes, relative to the project root."""


@dataclass(frozen=True)
class StageTimes:
    """Seconds spent in each of our stages."""

    load_s: float
    validate_s: float
    render_s: float


@dataclass(frozen=True)
class Counts:
    """How much a dossier holds, as the commands report it."""

    meetings: int
    sources: int
    quotes: int

    def __str__(self) -> str:
        return f"{self.meetings} meetings, {self.sources} sources, {self.quotes} quotes verified"


def counts_of(verified: Verified) -> Counts:
    dossier = verified.dossier
    quotes = sum(len(meeting.record.quotes) for meeting in dossier.meetings)
    return Counts(len(dossier.meetings), len(dossier.sources), quotes)


@dataclass(frozen=True)
class PreparedEdition:
    """One edition of the site (`builder.site.editions`), rendered into its docs tree."""

    edition: Edition
    docs_dir: Path
    tree: RenderedTree
    twins: tuple[Twin, ...]
    """The other editions, as its pages link to them."""


@dataclass(frozen=True)
class Prepared:
    """A dossier verified and rendered into the docs tree of each edition, ready for MkDocs.

    It keeps what the rest of the build needs (the navs, the counts, the content's date), not
    the dossier itself: freed before MkDocs starts, the dossier's memory serves MkDocs' pages
    instead of adding to the build's peak."""

    tree: RenderedTree
    """The root edition's docs tree (the first of `editions`)."""
    times: StageTimes
    counts: Counts
    epoch: int
    """The content's date (see `content_epoch`), for the build date."""
    editions: tuple[PreparedEdition, ...] = ()
    """Every edition, the root one first."""

    @property
    def files_written(self) -> int:
        """How many files of the docs trees this build wrote (their bytes changed)."""
        return sum(edition.tree.files_written for edition in self.editions)

    def docs_trees(self) -> list[DocsTree]:
        """What the engine builds: each edition's docs tree, the root one first."""
        return [
            DocsTree(
                prepared.docs_dir,
                prepared.tree.nav,
                self.epoch,
                language=prepared.edition.language,
                subfolder=prepared.edition.subfolder,
                twins=prepared.twins,
                site_name=prepared.tree.site_name,
            )
            for prepared in self.editions
        ]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for our stages.

    Nearly everything they allocate (records, texts, views, pages) lives until the pages are
    written, so the collector's passes over a growing heap find almost nothing to free, and
    cost time that grows with the dossier (BENCHMARKS.md). Reference counting still frees
    everything that is not in a cycle; the collector runs again as soon as the stages end.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check(root: Path) -> tuple[Verified, StageTimes]:
    """Load and validate `root/site_src`; raise `ContentError` with every problem found."""
    started = time.perf_counter()
    with collector_paused():
        dossier, problems = load_dossier(root)
        loaded = time.perf_counter()
        verified, found = validate_dossier(dossier)
        found += check_own_links(verified)
        validated = time.perf_counter()
    problems = without_covered_markers(problems + found)
    if problems:
        raise ContentError(problems)
    return verified, StageTimes(loaded - started, validated - loaded, 0.0)


def prepare(root: Path, docs_dir: Path | None = None) -> Prepared:
    """Check the content and render it into the generated docs tree."""
    with collector_paused():
        return _prepare(root, docs_dir)


def _prepare(root: Path, docs_dir: Path | None) -> Prepared:
    verified, times = check(root)
    started = time.perf_counter()
    # The root edition's language is the one the engine's config names, so that the engine's
    # own strings (Material's) and ours speak the same language; each edition is built by the
    # engine in its own (`DocsTree.language`).
    editions = editions_for(engine_for(root).language())
    docs_dir = docs_dir or root / GENERATED_DOCS
    rendered: list[tuple[Edition, Path, RenderedTree]] = []
    strings: dict[str, Strings] = {}
    for edition in editions:
        environment = make_environment(root / "templates", edition.language)
        strings[edition.language] = environment_strings(environment)
        folder = edition_docs(docs_dir, edition)
        try:
            rendered.append((edition, folder, render_site(verified, environment, folder, edition)))
        except TemplateProblem as error:
            raise ContentError([error.problem]) from None
    prepared = tuple(
        PreparedEdition(edition, folder, tree, twins_of(edition, editions, strings))
        for edition, folder, tree in rendered
    )
    times = StageTimes(times.load_s, times.validate_s, time.perf_counter() - started)
    return Prepared(prepared[0].tree, times, counts_of(verified), content_epoch(verified), prepared)


def edition_docs(docs_dir: Path, edition: Edition) -> Path:
    """The docs tree of `edition`: `docs_dir` for the root edition, else beside it, named by
    the edition's folder (`build/docs-vi`)."""
    return (
        docs_dir.with_name(f"{docs_dir.name}-{edition.subfolder}")
        if edition.subfolder
        else docs_dir
    )


def twins_of(
    edition: Edition, editions: tuple[Edition, ...], strings: dict[str, Strings]
) -> tuple[Twin, ...]:
    """The other editions as the pages of `edition` link to them (`twin_words`)."""
    return tuple(
        Twin(other.language, *twin_words(edition, other, strings), other.subfolder)
        for other in editions
        if other != edition
    )


def content_epoch(verified: Verified) -> int:
    """A build date taken from the content (its newest date), so builds are reproducible."""
    dossier = verified.dossier
    days: list[date] = [meeting.record.date for meeting in dossier.meetings]
    days += [source.first_day for source in dossier.sources.values()]
    newest = max(days, default=date(1970, 1, 1))
    return int(datetime(newest.year, newest.month, newest.day, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class Built:
    """A finished build: what was prepared, and the seconds spent on the offline stage."""

    prepared: Prepared
    offline_s: float


def build_site(root: Path, out: Path) -> Built:
    """Check, render and build into a temporary folder, then replace `out` in one step.

    On any failure, or if the process is killed at any point, `out` is left as it was, or
    (killed between the two renames) is put back by the next command's
    `recover_interrupted_swap`.
    """
    engine = engine_for(root)
    prepared = prepare(root)
    stop_point("prepared")
    new = start_site(out)
    try:
        tree, *translations = prepared.docs_trees()
        offline_s = engine.build(tree, new, translations)
    except BaseException:
        # Left with its marker if this fails too: the next build removes it.
        with suppress(OSError):
            remove_site(new)
        raise
    replace_site(out)
    return Built(prepared, offline_s)
