"""The editions of the site: the same pages in each of its languages.

One edition is at the site's root, in the language `mkdocs.yml` names (`theme.language`,
English), where its pages have always been; each other edition is a folder of the site named
by its language (`vi/`), holding a page for every page of the root edition at the same path
below it (`meetings/2024-06-19-pyongyang.html` and `vi/meetings/2024-06-19-pyongyang.html`).

Files that are data rather than pages (`dossier.json`, its schema, the raw articles, the
offline zip) are written once, at the root, and the other editions link to them there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from builder.site.strings import Strings

TRANSLATIONS = ("vi",)
"""The languages of the editions beside the root one, each in a folder named by it."""


@dataclass(frozen=True)
class Edition:
    """One edition of the site."""

    language: str
    """The language of its interface, ours (`builder.site.strings`) and the engine's."""
    subfolder: str
    """Where in the site its pages go: `""` for the site's root, else its folder (`vi`)."""

    @property
    def base(self) -> str:
        """Its folder as a prefix of site paths: `""` or `vi/`."""
        return f"{self.subfolder}/" if self.subfolder else ""

    @property
    def holds_data(self) -> bool:
        """Whether the files shared by every edition are written into it (the root's)."""
        return not self.subfolder


def editions_for(root_language: str) -> tuple[Edition, ...]:
    """The site's editions, the root one first: `root_language` at the root, then each of
    `TRANSLATIONS` in its folder (but the root's own language, which the root holds)."""
    others = (Edition(language, language) for language in TRANSLATIONS)
    return (
        Edition(root_language, ""),
        *(edition for edition in others if edition.language != root_language),
    )


def edition_linker(
    linker: Callable[[str], str], edition: Edition, shared: Iterable[str]
) -> Callable[[str], str]:
    """`linker` (a page's `page_linker`) for a page of `edition`: a link to one of the files
    `shared` by every edition (site paths) goes to the file at the site's root."""
    if edition.holds_data:
        return linker
    up = "../" * (edition.subfolder.count("/") + 1)
    at_root = frozenset(shared)

    def url(target: str) -> str:
        path = target.partition("#")[0]
        return linker(up + target if path in at_root else target)

    return url


def twin_words(edition: Edition, other: Edition, strings: dict[str, Strings]) -> tuple[str, str]:
    """The words of the link from a page of `edition` to its twin in `other`, from the strings
    of each edition's language: the text, the other language named in itself (`Tiếng
    Việt`), and the title, in the page's language (`This page in Vietnamese`)."""
    own = strings[edition.language]
    name = strings[other.language].text("edition.name")
    key = f"languages.{other.language}"
    language = own.text(key) if own.has(key) else name
    return name, own.text("edition.switch", language=language)
