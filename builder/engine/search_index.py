"""Material's search index, with the pages' HTML parsed on all the cores.

Material's search plugin parses the HTML of every page it indexes, with Python's `HTMLParser`,
while MkDocs builds that page: on one core, while the others have nothing to do (how much of
the build that is: BENCHMARKS.md). `defer_parsing` makes the plugin's index keep each page's
content as the plugin sees it instead, and parse them all just before it writes the index,
with Material's own code (`add_entry_from_context`), the pages shared among forked processes
of the standard library's `concurrent.futures`. The entries go into the index in page order,
as Material puts them: `tests/test_search_index.py` checks that the index is the one
Material writes by itself.

Only a Material whose search index this was written for is changed (`KNOWN_MATERIAL`): with
any other, its search plugin does its work as it always does.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from importlib import metadata
from typing import Any

KNOWN_MATERIAL = "9."
"""The Material versions (a prefix) whose search index keeps its entries in a list that
`add_entry_from_context` fills, one page at a time, with nothing else kept between pages."""

PARALLEL_FROM = 200
"""Fewer pages than this are parsed in this process: starting processes would cost more."""

MAX_PROCESSES = 4

_INDEX_METHODS = ("add_entry_from_context", "generate_search_index")

_shared: tuple[Any, list[tuple[Any, str]]] | None = None
"""The index and its pages while they are parsed: set before the processes fork, so that
each inherits them instead of being sent pages that do not pickle."""


def defer_parsing(search_plugin: object) -> bool:
    """Make `search_plugin`'s index parse its pages when it writes the index, not one by one
    as they are built. False, leaving the plugin as it is, when it is not the search plugin of
    Material this was written for (another version, or no `search_index` with these methods
    and `entries`)."""
    index = getattr(search_plugin, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list):
        return False
    if not all(callable(getattr(index, name, None)) for name in _INDEX_METHODS):
        return False
    if not _material_known():
        return False
    pages: list[tuple[Any, str]] = []
    write_index = index.generate_search_index

    def keep(page: Any) -> None:
        # The plugin takes `data-search-*` attributes out of the content once it has indexed
        # the page: the content is kept as it was when the plugin asked.
        pages.append((page, page.content))

    def parse_then_write(previous: Any) -> Any:
        for entries in parse_pages(index, pages):
            index.entries += entries
        pages.clear()
        return write_index(previous)

    index.add_entry_from_context = keep
    index.generate_search_index = parse_then_write
    return True


def _material_known() -> bool:
    try:
        return metadata.version("mkdocs-material").startswith(KNOWN_MATERIAL)
    except metadata.PackageNotFoundError:
        return False


def process_count(pages: int) -> int:
    """How many processes should parse `pages` pages: one when they are few, when the system
    cannot fork, or while other threads run (`mkdocs serve` rebuilds in a thread; a fork
    copies no thread, but may copy a lock one of them holds)."""
    if pages < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_PROCESSES))


def parse_pages(index: Any, pages: list[tuple[Any, str]]) -> list[list[dict[str, Any]]]:
    """The entries of each page, in the order of `pages`."""
    processes = process_count(len(pages))
    if processes == 1:
        return [_entries(index, page, content) for page, content in pages]
    global _shared
    _shared = (index, pages)
    try:
        # An executor rather than a `Pool`: if a process dies (killed for memory), the build
        # stops with `BrokenProcessPool` instead of waiting for its pages forever.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(processes, mp_context=context) as executor:
            # Pieces of a few pages each, small enough that no process waits long for the
            # last one of another.
            size = max(1, len(pages) // (processes * 16))
            return list(executor.map(_entries_at, range(len(pages)), chunksize=size))
    except BrokenProcessPool:
        # MkDocs reports its plugins' errors and stops the build; the site stays as it was.
        from mkdocs.exceptions import PluginError

        raise PluginError(
            "a process parsing the search index ended before its pages were done (killed, "
            "perhaps for lack of memory)"
        ) from None
    finally:
        _shared = None


def _entries_at(position: int) -> list[dict[str, Any]]:
    """In a forked process: the entries of the page at `position` of the shared pages."""
    assert _shared is not None
    index, pages = _shared
    page, content = pages[position]
    return _entries(index, page, content)


def _entries(index: Any, page: Any, content: str) -> list[dict[str, Any]]:
    """The entries Material's index makes of one page with the given content."""
    alone = type(index)(**index.config)
    shown = page.content
    page.content = content
    try:
        alone.add_entry_from_context(page)
    finally:
        page.content = shown
    entries: list[dict[str, Any]] = alone.entries
    return entries
