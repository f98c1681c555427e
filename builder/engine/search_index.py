"""Material's search index, with the pages' HTML parsed on all the cores.

Material's search plugin parses the HTML of every page it indexes, with Python's `HTMLParser`,
while MkDocs builds that page: at N = 1000 about a third of the whole build, on one core while
the other has nothing to do. `defer_parsing` makes the plugin's index keep each page's content
as the plugin sees it instead, and parse them all just before it writes the index, with
Material's own code (`add_entry_from_context`), the pages shared among forked workers
(`builder.parallel`). The entries go into the index in page order, as Material puts them:
`tests/test_fast_paths.py` checks that the index is the one Material writes by itself.
"""

from __future__ import annotations

import functools
from typing import Any

from builder.parallel import run_jobs

_INDEX_METHODS = ("add_entry_from_context", "generate_search_index")


def defer_parsing(search_plugin: object) -> bool:
    """Make `search_plugin`'s index parse its pages when it writes the index, not one by one
    as they are built. False, leaving the plugin as it is, when it is not the search plugin of
    Material this was written for (no `search_index` with these methods and `entries`)."""
    index = getattr(search_plugin, "search_index", None)
    if index is None or not isinstance(getattr(index, "entries", None), list):
        return False
    if not all(callable(getattr(index, name, None)) for name in _INDEX_METHODS):
        return False
    pages: list[tuple[Any, str]] = []
    write_index = index.generate_search_index

    def keep(page: Any) -> None:
        # The plugin takes `data-search-*` attributes out of the content once it has indexed
        # the page: the content is kept as it was when the plugin asked.
        pages.append((page, page.content))

    def parse_then_write(previous: Any) -> Any:
        jobs = [functools.partial(_entries, index, page, content) for page, content in pages]
        for entries in run_jobs(jobs):
            index.entries += entries
        pages.clear()
        return write_index(previous)

    index.add_entry_from_context = keep
    index.generate_search_index = parse_then_write
    return True


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
