"""The site paths of the dossier's pages, shared by the validate, render and export stages."""

from __future__ import annotations


def meeting_page(slug: str) -> str:
    """The site path of a meeting page."""
    return f"meetings/{slug}.html"


def source_page(source_id: str) -> str:
    """The site path of a source page."""
    return f"sources/{source_id}.html"


def person_page(person_id: str) -> str:
    """The site path of a person page."""
    return f"people/{person_id}.html"
