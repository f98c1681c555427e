"""The MkDocs side: a thin plugin that runs the pipeline and hands MkDocs the nav.

`dossier build` prepares the docs tree of every edition itself and has MkDocs build each, the
plugin handed its tree (`MkDocsMaterial.build`); under `mkdocs serve` (or a plain `mkdocs
build`) the plugin runs the pipeline on every rebuild, so edits to `site_src/` and
`templates/` show up live, and builds the other editions once the root one is built.
Every page is given the links to its twins in the other editions (`twin_links`).
"""

from __future__ import annotations

import posixpath
import time
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from builder.engine import DocsTree
from builder.engine.mkdocs_material import build_edition
from builder.engine.offline import finish_offline_site
from builder.engine.passthrough import put_back_html, set_aside_html
from builder.engine.search_index import defer_parsing
from builder.lock import LockTimeout, project_lock
from builder.pipeline import prepare
from builder.problems import ContentError

log = get_plugin_logger(__name__)


class DossierPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Renders `site_src/` into the docs tree before MkDocs reads it."""

    tree: DocsTree | None = None
    """The docs tree of the edition being built, handed in by `dossier build`; None: the
    plugin prepares every edition itself."""
    translations: tuple[DocsTree, ...] = ()
    """The other editions, when the plugin prepared them: it builds them after its own."""
    prepared_here = False
    """Whether the plugin prepared the editions itself for this build."""
    offline_s = 0.0
    """Seconds the last build spent making the site work offline (the search script, the zip)."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: dict[str, list[str]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the pipeline unless `dossier build` already did, then set the nav."""
        if self.tree is None:
            root = Path(config.config_file_path).parent
            docs_dir = Path(config.docs_dir)
            try:
                # One command at a time on a project (`builder.lock`): a rebuild under
                # `mkdocs serve` too, and a no-op when `dossier build` holds the lock already.
                with project_lock(root, "serve"):
                    prepared = prepare(root, docs_dir)
            except LockTimeout as error:
                raise PluginError(str(error)) from None
            except ContentError as error:
                raise PluginError(f"the dossier has problems:\n{error}") from None
            log.info("rendered %d changed files", prepared.files_written)
            self.tree, *translations = prepared.docs_trees()
            self.translations = tuple(translations)
            self.prepared_here = True
        config.nav = self.tree.nav
        return config

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        """Give the page's template the links to its twins (`templates/theme/main.html`)."""
        if self.tree is not None and self.tree.twins:
            # A name of ours beside MkDocs' own: the template context is open to plugins.
            cast(dict[str, Any], context)["dossier_twins"] = twin_links(page.url, self.tree)
        return context

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Have Material's search index parse the pages on all the cores (`search_index`),
        once every plugin has set itself up for this build."""
        search = config.plugins.get("material/search")
        if search is not None and not defer_parsing(search):
            log.debug("search pages parsed one by one: not the search plugin we know")

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Set our HTML blocks aside before MkDocs converts the page (see `passthrough`)."""
        markdown, self.blocks[page.file.src_uri] = set_aside_html(markdown)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Put the blocks back into the converted page."""
        return put_back_html(html, self.blocks.pop(page.file.src_uri, []))

    # Last of all plugins: the search index must be written, and the zip holds every file.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """When the plugin prepared the editions itself: build the other editions into their
        folders, then make the whole site work offline (under `dossier build`, the engine does
        both). Then forget this build's content so that the next rebuild reads `site_src/`
        again."""
        tree, translations, prepared_here = self.tree, self.translations, self.prepared_here
        self.tree, self.translations, self.prepared_here = None, (), False
        if tree is None or not prepared_here:
            return
        site_dir = Path(config.site_dir)
        for translation in translations:
            build_edition(Path(config.config_file_path), translation, site_dir, config.site_url)
        started = time.perf_counter()
        finish_offline_site(site_dir, [edition.subfolder for edition in (tree, *translations)])
        self.offline_s = time.perf_counter() - started


def twin_links(page_url: str, tree: DocsTree) -> list[dict[str, str]]:
    """The links from the page at `page_url` of the edition `tree` to the same page in each
    other edition: relative, so that they work from a folder, from the zip and under any
    address."""
    here = _in_site(tree.subfolder, page_url)
    start = here if page_url.endswith("/") or not page_url else posixpath.dirname(here)
    links: list[dict[str, str]] = []
    for twin in tree.twins:
        href = posixpath.relpath(_in_site(twin.subfolder, page_url), start or ".")
        if (not page_url or page_url.endswith("/")) and not href.endswith("/"):
            href += "/"  # a folder's page (`use_directory_urls`)
        links.append(
            {"language": twin.language, "name": twin.name, "title": twin.title, "href": href}
        )
    return links


def _in_site(subfolder: str, page_url: str) -> str:
    """A page's path in the whole site, from its edition's folder and its URL there."""
    path = f"{subfolder}/{page_url}" if subfolder else page_url
    return path or "."
