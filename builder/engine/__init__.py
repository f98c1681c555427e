"""The engine layer: what turns the generated docs tree into the site, behind one interface.

The pipeline and the command talk to the engine only through `Engine`; the one implementation,
MkDocs + Material (`builder.engine.mkdocs_material`), is the only code that imports MkDocs. A
new engine is one more module here, and `engine_for` naming it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class Twin:
    """Another edition of the site, as the pages of one edition name it in their links."""

    language: str
    """Its language (`hreflang`, `lang`)."""
    name: str
    """The link's text: the language's name in that language (`Tiếng Việt`)."""
    title: str
    """The link's title, in the language of the page that shows it."""
    subfolder: str
    """Where in the site its pages are (`DocsTree.subfolder`): `""` for the site's root."""


@dataclass(frozen=True)
class DocsTree:
    """A generated docs tree, ready for the engine."""

    folder: Path
    """The folder the site layer rendered the pages into."""
    nav: list[Any]
    """The site's navigation: a list of pages (`{title: path}`) and sections
    (`{title: [...]}`), paths relative to `folder`."""
    epoch: int
    """The build date, in seconds since 1970 (the content's newest date), for the dates the
    engine writes (the sitemap, the zip), so that the same content gives the same bytes."""
    language: str | None = None
    """The language of the engine's own strings on these pages (`theme.language`); None: the
    one the configuration names."""
    subfolder: str = ""
    """Where in the site this edition's pages go: `""` for the site's root, else a folder
    (`vi`) without slashes at either end."""
    twins: tuple[Twin, ...] = ()
    """The other editions of the site, each holding the same pages: every page links to its
    twin in each."""
    site_name: str | None = None
    """The site's name on these pages (in the header and the page titles); None: the
    configuration's `site_name`."""


class EngineFailure(Exception):
    """The engine stopped without building the site; its own messages went to stderr."""

    def __init__(self, engine: str, reason: str) -> None:
        super().__init__(reason)
        self.engine = engine
        """The engine's name, as messages show it (`MkDocs`)."""
        self.reason = reason
        """The engine's words for why, on one line."""


class Engine(Protocol):
    """Builds and serves the site of one project from its generated docs tree.

    Problems with the engine's configuration are raised as `ContentError` (each a `Problem`
    at its place in the configuration file); any other failure of the engine as
    `EngineFailure`."""

    name: str
    """The engine's name, as messages show it."""
    packages: tuple[str, ...]
    """The distributions whose versions change what the engine writes (for the build stamp)."""

    def language(self) -> str:
        """The language of the site's interface that the configuration names (`en`)."""
        ...

    def build(self, tree: DocsTree, site_dir: Path, translations: Sequence[DocsTree] = ()) -> float:
        """Build `tree` into the folder `site_dir`, then each of `translations` into its
        folder there, strictly (any warning fails the build); return the seconds spent at the
        end making the whole site work offline."""
        ...

    def serve(self, docs_dir: Path, address: str) -> None:
        """Serve the site built from `docs_dir` on `address` (`host:port`) until interrupted,
        rebuilding it when the content, the templates or the configuration change."""
        ...


def engine_for(root: Path) -> Engine:
    """The engine of the project at `root`: MkDocs + Material, configured by `mkdocs.yml`.

    Cheap: nothing of MkDocs is imported until the engine builds, serves or reads its
    configuration."""
    from builder.engine.mkdocs_material import MkDocsMaterial

    return MkDocsMaterial(root)
