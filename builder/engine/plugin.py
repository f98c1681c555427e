"""The MkDocs side: a thin plugin that runs the pipeline and hands MkDocs the nav.

`dossier build` prepares the docs tree itself and passes it in (`MkDocsMaterial.build`); under
`mkdocs serve` (or a plain `mkdocs build`) the plugin runs the pipeline on every rebuild, so
edits to `site_src/` and `templates/` show up live.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from builder.engine import DocsTree
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
    """The docs tree `dossier build` prepared for this build; None: prepare it here."""
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
            self.tree = DocsTree(docs_dir, prepared.tree.nav, prepared.epoch)
        config.nav = self.tree.nav
        return config

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
        """Make the finished site work offline, then forget this build's content so that the
        next rebuild reads `site_src/` again."""
        started = time.perf_counter()
        finish_offline_site(Path(config.site_dir))
        self.offline_s = time.perf_counter() - started
        self.tree = None
