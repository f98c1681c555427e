"""The editions of the site: the same pages in each of its languages.

One edition is at the site's root, in the language `mkdocs.yml` names (`theme.language`,
English), where its pages have always been; each other edition is a folder of the site named
by its language (`vi/`), holding a page for every page of the root edition at the same path
below it (`meetings/2024-06-19-pyongyang.html` and `vi/meetings/2024-06-19-pyongyang.html`).

Files that are data rather than pages (`dossier.json`, its schema, the raw articles, the
offline zip) are written once, at the root, and the other editions link to them there.
"""

from __future__ import annotations

import contextvars
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


_rendering: contextvars.ContextVar[tuple[str, frozenset[str]]] = contextvars.ContextVar(
    "dossier_edition", default=("", frozenset())
)
"""The edition being rendered, as the links of its pages need it: the way up from its folder
to the site's root, and the files shared by every edition that are there."""


def activate_edition(edition: Edition, shared: Iterable[str]) -> None:
    """Make `edition` the one being rendered, from now on in this context (as the strings
    are, `builder.site.strings.activate`): links to the files `shared` by every edition (site
    paths) go to them at the site's root (`rooted`)."""
    up = "../" * (edition.subfolder.count("/") + 1) if edition.subfolder else ""
    _rendering.set((up, frozenset(shared)))


def rooted(target: str) -> str:
    """A link target (a site path, perhaps with a `#fragment`) as seen from the root of the
    edition being rendered: a file shared by every edition is at the site's root
    (`../dossier.json` from the `vi/` edition); anything else is unchanged."""
    up, shared = _rendering.get()
    if up and target.partition("#")[0] in shared:
        return up + target
    return target


def edition_linker(linker: Callable[[str], str]) -> Callable[[str], str]:
    """`linker` (a page's `page_linker`) for a page of the edition being rendered: a link to a
    file shared by every edition goes to it at the site's root (`rooted`)."""
    if not _rendering.get()[0]:
        return linker
    return lambda target: linker(rooted(target))


def twin_words(edition: Edition, other: Edition, strings: dict[str, Strings]) -> tuple[str, str]:
    """The words of the link from a page of `edition` to its twin in `other`, from the strings
    of each edition's language: the text, the other language named in itself (`Tiếng
    Việt`), and the title, in the page's language (`This page in Vietnamese`)."""
    own = strings[edition.language]
    name = strings[other.language].text("edition.name")
    key = f"languages.{other.language}"
    language = own.text(key) if own.has(key) else name
    return name, own.text("edition.switch", language=language)
