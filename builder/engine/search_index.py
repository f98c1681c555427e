"""Material's search index, with the pages' HTML parsed on all the cores.

Material's search plugin parses the HTML of every page it indexes, with Python's `HTMLParser`,
while MkDocs builds that page: on one core, while the others have nothing to do (how much of
the build that is: BENCHMARKS.md). `defer_parsing` makes the plugin's index keep each page's
content as the plugin sees it instead, and parse them all just before it writes the index,
with Material's own code (`add_entry_from_context`), the pages shared among the cores
(`builder.cores`). The entries go into the index in page order,
as Material puts them: `tests/test_search_index.py` checks that the index is the one
Material writes by itself.

Only a Material whose search index this was written for is changed (`KNOWN_MATERIAL`): with
any other, its search plugin does its work as it always does.
"""

from __future__ import annotations

from importlib import metadata
from typing import Any

from builder.cores import ProcessDied, map_on_cores

KNOWN_MATERIAL = "9."
"""The Material versions (a prefix) whose search index keeps its entries in a list that
`add_entry_from_context` fills, one page at a time, with nothing else kept between pages."""

PARALLEL_FROM = 200
"""Fewer pages than this are parsed in this process: starting processes would cost more."""

_INDEX_METHODS = ("add_entry_from_context", "generate_search_index")


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


def parse_pages(index: Any, pages: list[tuple[Any, str]]) -> list[list[dict[str, Any]]]:
    """The entries of each page, in the order of `pages`."""

    def entries_at(position: int) -> list[dict[str, Any]]:
        page, content = pages[position]
        return _entries(index, page, content)

    try:
        return map_on_cores(entries_at, len(pages), PARALLEL_FROM)
    except ProcessDied:
        # MkDocs reports its plugins' errors and stops the build; the site stays as it was.
        from mkdocs.exceptions import PluginError

        raise PluginError(
            "a process parsing the search index ended before its pages were done (killed, "
            "perhaps for lack of memory)"
        ) from None


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
