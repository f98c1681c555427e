"""The engine: MkDocs with the Material theme, configured by the project's `mkdocs.yml`.

It loads the configuration (its problems become our `Problem` records), shows MkDocs'
warnings on stderr, and runs MkDocs' own build and server. What the site needs of MkDocs
beyond that lives in our plugin (`builder.engine.plugin`), which MkDocs loads from the
configuration: the nav, the HTML blocks carried past Markdown, the search index parsed on
all the cores and the offline stage.

MkDocs is imported by the methods that use it, not with this module: the build stamp asks
`packages` before it knows whether there is anything to build.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.engine import DocsTree, EngineFailure
from builder.problems import ContentError, Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

CONFIG_FILE = "mkdocs.yml"
"""The configuration file, relative to the project root."""


DEFAULT_LANGUAGE = "en"

_TOO_DEEP = Problem(
    CONFIG_FILE,
    1,
    "MkDocs cannot read the configuration: it nests too deep (an INHERIT that leads back to a "
    "file it came from, or brackets thousands deep)",
)
"""MkDocs follows INHERIT, and PyYAML builds nested values, by recursion, to no limit of
their own: Python's stops them with RecursionError."""


ENGINE_NAME = "MkDocs"

NOT_FOUND_PAGE = "404.html"


class MkDocsMaterial:
    """MkDocs + Material, for the project at `root` (an `Engine`)."""

    name = ENGINE_NAME
    packages: tuple[str, ...] = (
        "mkdocs",
        "mkdocs-material",
        "markdown",
        "pymdown-extensions",
        "jinja2",
    )

    def __init__(self, root: Path) -> None:
        self.config_file = root / CONFIG_FILE

    def language(self) -> str:
        """`theme.language` of `mkdocs.yml`, or the theme's own default; English for a config
        that names no theme or is no mapping at all (the build then says what is wrong)."""
        _quiet_mkdocs()
        from mkdocs.config.base import Config
        from mkdocs.config.config_options import Theme
        from mkdocs.exceptions import ConfigurationError
        from mkdocs.utils.yaml import yaml_load

        class ThemeOnly(Config):  # type: ignore[no-untyped-call]
            theme = Theme(default="mkdocs")

        self._check_present()
        try:
            with self.config_file.open("rb") as file:
                raw = yaml_load(file)
        except ConfigurationError as error:
            raise ContentError([_config_problem(error)]) from None
        except RecursionError:
            raise ContentError([_TOO_DEEP]) from None
        config = ThemeOnly(config_file_path=str(self.config_file))
        theme = raw.get("theme") if isinstance(raw, dict) else None
        config.load_dict({} if theme is None else {"theme": theme})
        errors, _ = config.validate()
        if errors:
            name, complaint = errors[0]
            problem = Problem(CONFIG_FILE, 1, f"Config value '{name}': {complaint}")
            raise ContentError([problem])
        # A theme without a language of its own (MkDocs' default theme) reads in English.
        return str(config.theme.get("language") or DEFAULT_LANGUAGE)

    def build(self, tree: DocsTree, site_dir: Path, translations: Sequence[DocsTree] = ()) -> float:
        """Build with MkDocs, strict, each edition in turn (the root one first: MkDocs empties
        the folder it builds into), our plugin handed its docs tree; then, when the site has
        our plugin, the offline stage on the whole site. The offline stage's seconds."""
        _quiet_mkdocs()
        from builder.engine.offline import finish_offline_site

        show_mkdocs_messages()
        self._check_present()
        with build_date(tree.epoch):
            site_url, ours = build_edition(self.config_file, tree, site_dir, None)
            for translation in translations:
                build_edition(self.config_file, translation, site_dir, site_url)
            if not ours:
                return 0.0
            started = time.perf_counter()
            finish_offline_site(site_dir, [edition.subfolder for edition in (tree, *translations)])
            return time.perf_counter() - started

    def serve(self, docs_dir: Path, address: str) -> None:
        """`mkdocs serve`: our plugin renders the docs tree again before every rebuild."""
        _quiet_mkdocs()
        from mkdocs.commands.serve import serve

        show_mkdocs_messages()
        serve(config_file=str(self.config_file), dev_addr=address, docs_dir=str(docs_dir))

    def _check_present(self) -> None:
        if not self.config_file.is_file():
            problem = Problem(CONFIG_FILE, 1, "the MkDocs configuration file is missing")
            raise ContentError([problem])


def build_edition(
    config_file: Path, tree: DocsTree, site_dir: Path, site_url: str | None
) -> tuple[str | None, bool]:
    """Build one edition of the site, `tree`, into its folder of `site_dir` (the site's root
    folder), strictly, our plugin (if the configuration has it) handed the docs tree. The
    root edition takes `site_url` from the configuration (`site_url` None); another edition
    is at its folder below the root edition's `site_url`. The edition's `site_url`, and
    whether the configuration has our plugin."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    folder = site_dir / tree.subfolder if tree.subfolder else site_dir
    config = _load(config_file, tree, folder)
    if tree.subfolder and site_url:
        config.site_url = f"{site_url.rstrip('/')}/{tree.subfolder}/"
    plugin = config.plugins.get("dossier")
    if plugin is not None:
        plugin.tree = tree
    try:
        build(config)
    except MkDocsException as error:
        raise EngineFailure(ENGINE_NAME, " ".join(str(error).split())) from None
    if tree.subfolder:
        # One page answers every missing address of the whole site: the root edition's.
        (folder / NOT_FOUND_PAGE).unlink(missing_ok=True)
    return config.site_url, plugin is not None


def _load(config_file: Path, tree: DocsTree, site_dir: Path) -> MkDocsConfig:
    """The configuration of a strict build of `tree` into `site_dir`, with its nav and its
    language."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError, MkDocsException

    try:
        config = load_config(
            str(config_file),
            docs_dir=str(tree.folder),
            site_dir=str(site_dir),
            strict=True,
        )
    except ConfigurationError as error:
        raise ContentError([_config_problem(error)]) from None
    except RecursionError:
        raise ContentError([_TOO_DEEP]) from None
    except MkDocsException as error:  # a plugin that is not installed, among others
        raise EngineFailure(ENGINE_NAME, " ".join(str(error).split())) from None
    if tree.language is not None and "language" in config.theme:
        config.theme["language"] = tree.language
    if tree.site_name is not None:
        config.site_name = tree.site_name
    problem = _language_problem(config)
    if problem is not None:
        raise ContentError([problem])
    config.nav = tree.nav
    return config


def _language_problem(config: MkDocsConfig) -> Problem | None:
    """What is wrong with `theme.language` for a theme that words its strings by language
    (Material, from `partials/languages/<language>.html` in any of its folders): a language
    it has no file for would stop MkDocs' build with Jinja's TemplateNotFound."""
    folders = [Path(folder) / "partials" / "languages" for folder in config.theme.dirs]
    if not any(folder.is_dir() for folder in folders):
        return None
    language = config.theme.get("language")
    if not language:
        message = "theme.language is empty: expected a language code such as 'en' or 'vi'"
        return Problem(CONFIG_FILE, 1, message)
    if any((folder / f"{language}.html").is_file() for folder in folders):
        return None
    message = (
        f"theme.language is {language!r}, a language the theme does not know "
        f"(it has no partials/languages/{language}.html)"
    )
    return Problem(CONFIG_FILE, 1, message)


def _quiet_mkdocs() -> None:
    """Before MkDocs is imported: Material prints an end-of-life notice when MkDocs starts,
    noise for our users (a user's own setting of the variable wins)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@contextmanager
def build_date(epoch: int) -> Iterator[None]:
    """`SOURCE_DATE_EPOCH` for one engine run: the caller's if set, else `epoch` (the content's
    newest date), so that dates in the sitemap and its gzip header depend on the content alone.
    Set only for the run, so that one build's date never leaks into the next in a process."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _config_problem(error: Exception) -> Problem:
    """MkDocs' complaint about `mkdocs.yml`, at the line of a YAML error when it is one."""
    import yaml

    from builder.content.yaml_reader import yaml_error_problem

    cause: Any = error.__cause__ or error.__context__
    if isinstance(cause, yaml.MarkedYAMLError):
        return yaml_error_problem(cause, CONFIG_FILE, 1)
    return Problem(CONFIG_FILE, 1, " ".join(str(error).split()))


def show_mkdocs_messages() -> None:
    """Show MkDocs' warnings and errors on stderr, briefly (once per process)."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(handler, "dossier", False) for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    handler.dossier = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
