"""Render stage: turn a verified dossier into the generated docs tree that MkDocs builds.

Every page of every kind (`builder.site.pages.PAGE_KINDS`) is rendered through its template
and written at once (`DocsWriter`), the pages of a large dossier shared among the cores
(`builder.cores`), then the JSON export, its schema and our CSS. Writing is
deterministic and skips files whose content has not changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from builder.content.validate import Verified
from builder.cores import map_on_cores
from builder.problems import Problem
from builder.site.data_files import DATA_FILES, OFFLINE_ZIP, SCHEMA_NAME
from builder.site.editions import Edition, activate_edition, edition_linker
from builder.site.export import build_export, export_json
from builder.site.linked_data import page_jsonld
from builder.site.open_data import open_data_files
from builder.site.pages import (
    PAGE_KINDS,
    PageKind,
    Views,
    docs_file,
    index_site,
    make_views,
)
from builder.site.render import (
    TemplateProblem,
    page_linker,
    project_root,
    read_asset,
    render_template,
)
from builder.site.strings import activate, environment_strings, interface_text
from builder.site.writer import DocsWriter

PAGES_ON_CORES_FROM = 200
"""Fewer pages than this are rendered in this process: starting processes would cost more."""


@dataclass
class RenderedTree:
    """What the render stage produced: the nav, and the files it wrote into the docs tree
    (`paths`), of which `files_written` changed."""

    nav: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    files_written: int = 0
    site_name: str | None = None
    """The site's name in this edition's language (`index.heading`), for an edition that is
    not the root one, whose name is the configuration's `site_name`."""


ROOT_EDITION = Edition("en", "")
"""The edition a docs tree is rendered as when none is named: the one at the site's root."""


def render_site(
    verified: Verified,
    environment: jinja2.Environment,
    docs_dir: Path,
    edition: Edition = ROOT_EDITION,
) -> RenderedTree:
    """Render every page of the dossier into `docs_dir` (see `DocsWriter`) as the pages of
    `edition`, with the templates of `environment` (`make_environment`, in the edition's
    language); the JSON export, its schema and the raw files too when the edition holds
    them (`Edition.holds_data`), else its pages link to them at the site's root."""
    activate(environment_strings(environment))
    index = index_site(verified)
    shared = {*DATA_FILES, OFFLINE_ZIP}
    shared.update(
        path for kind in PAGE_KINDS for item in kind.items(index) for path in kind.files(item)
    )
    activate_edition(edition, shared)
    # The templates know the edition (`edition.base`).
    environment.globals["edition"] = edition
    views = make_views(index, environment)
    writer = DocsWriter(docs_dir)
    tree = RenderedTree()

    def write(files: dict[str, bytes]) -> None:
        tree.files_written += _write(writer, files)
        tree.paths += files

    pages = [(kind, item) for kind in PAGE_KINDS for item in kind.items(views.index)]

    def render_and_write(position: int) -> tuple[list[str], int] | Problem:
        # Written as soon as rendered, by the process that rendered them: the pages neither
        # pile up in memory nor travel between processes.
        kind, item = pages[position]
        try:
            files = render_page(environment, kind, item, views)
        except TemplateProblem as error:
            return error.problem
        return list(files), _write(writer, files)

    outcomes = map_on_cores(render_and_write, len(pages), PAGES_ON_CORES_FROM)
    for outcome in outcomes:
        if isinstance(outcome, Problem):  # the first page's problem, as in one process
            raise TemplateProblem(outcome)
        paths, written = outcome
        tree.paths += paths
        tree.files_written += written
    root = project_root(environment)
    if edition.holds_data:
        write({"dossier.json": export_json(build_export(verified))})
        write(open_data_files(verified))
        write({SCHEMA_NAME: read_asset(root, f"schema/{SCHEMA_NAME}")})
    write({"assets/dossier.css": read_asset(root, "templates/assets/dossier.css")})
    write(script_files(environment))
    writer.remove_stale(set(tree.paths))
    tree.nav = [kind.nav(views) for kind in PAGE_KINDS if kind.nav is not None]
    if edition.subfolder:
        tree.site_name = interface_text("index.heading")
    return tree


def _write(writer: DocsWriter, files: dict[str, bytes]) -> int:
    """Write `files` into the docs tree, in the order of their paths; how many changed."""
    return sum(writer.write(path, files[path]) for path in sorted(files))


def render_page(
    environment: jinja2.Environment, kind: PageKind[Any], item: Any, views: Views
) -> dict[str, bytes]:
    """The page of `kind` that shows `item`, as its Markdown file in the docs tree, and the
    files offered beside it, by path."""
    page = kind.path(item)
    context = kind.context(item, views)
    edition = environment.globals.get("edition")
    url = edition_linker(page_linker(page))
    context["jsonld"] = page_jsonld(kind, item, views, page)
    text = render_template(environment, kind.template, page=page, url=url, **context)
    files = {docs_file(page): text.encode("utf-8")}
    if not isinstance(edition, Edition) or edition.holds_data:
        for path, copied_from in kind.files(item).items():
            files[path] = copied_from.read_bytes()
    return files


def script_files(environment: jinja2.Environment) -> dict[str, bytes]:
    """Our scripts for search from a folder, side by side (one loads the other by its URL):
    `offline.js` rendered with the strings it shows readers, the search worker as it is."""
    offline = render_template(environment, "assets/dossier/offline.js.j2")
    worker = read_asset(project_root(environment), "templates/assets/dossier/search-worker.js")
    return {
        "assets/dossier/offline.js": offline.encode("utf-8"),
        "assets/dossier/search-worker.js": worker,
    }
