"""The sidebar's sections, as MkDocs' `nav` takes them."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import escape

from builder.site.render import View, format_date, isolated

NAV_SECTION_SIZE = 60
"""The most pages one section of the sidebar lists before it is split by year, then by month.

Material renders the sidebar into every page. With `navigation.prune` it renders only the
sections on the path to the page, so keeping each section small keeps every page small."""


def meetings_nav(views: list[View]) -> list[Any]:
    """The Meetings section of the sidebar: flat when short, else by year (and month)."""

    def entry(view: View) -> dict[str, str]:
        # Markup, not str: Material prints nav titles raw in the nav, but also through `| e`
        # (footer aria-labels), which must not escape them a second time.
        title = isolated(view["title"].text)
        return {escape(title): view["page"].removesuffix(".html") + ".md"}

    def section(members: list[View], depth: int) -> list[Any]:
        if len(members) <= NAV_SECTION_SIZE or depth == 2:
            return [entry(view) for view in members]
        groups: dict[str, list[View]] = {}
        for view in members:
            day: date = view["record"].date
            label = escape(str(day.year) if depth == 0 else format_date(f"{day:%Y-%m}"))
            groups.setdefault(label, []).append(view)
        return [{name: section(group, depth + 1)} for name, group in groups.items()]

    return section(views, 0)
