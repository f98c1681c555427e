"""Our Jinja environment, its filters, and one template rendered with its errors reported at
the template file and line.

Pages are Markdown files whose bodies are HTML blocks rendered by our own Jinja2 templates
(autoescape on, StrictUndefined), so article text is escaped once, by Jinja, and Markdown
leaves those blocks alone. Only text we render ourselves (summaries, via `safe_markdown`) is
marked safe.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from builder.problems import Problem
from builder.site.strings import active, load_strings, template_filter


class TemplateProblem(Exception):
    """A template in `templates/` failed to load or render."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def format_date(value: date | str) -> str:
    """`13 September 2023`, or `June 2024` for a month (`2024-06`), in the words of the
    language being rendered (`builder.site.strings`), whatever the process's locale."""
    return active().date(value)


def relative_url(from_page: str, target: str) -> str:
    """A link from one site-relative page to another (`target` may carry a `#fragment`)."""
    return page_linker(from_page)(target)


def page_linker(from_page: str) -> Callable[[str], str]:
    """`relative_url` from one page, with what depends on the page worked out once, for the
    many links of a page."""
    start = posixpath.dirname(from_page) or "."

    def url(target: str) -> str:
        path, _, fragment = target.partition("#")
        if path == from_page:
            link = ""
        else:
            # Pages live in a handful of folders: the relative path between two folders is
            # computed once.
            folder, _, name = path.rpartition("/")
            up = _relative_folder(folder or ".", start)
            link = name if up == "." else f"{up}/{name}"
        return link + "#" + fragment if fragment else link

    return url


@functools.lru_cache(maxsize=256)
def _relative_folder(folder: str, start: str) -> str:
    return posixpath.relpath(folder, start)


_json_text = json.JSONEncoder(ensure_ascii=False).encode
"""`json.dumps(text, ensure_ascii=False)`, without making an encoder for every call."""


_BIDI = re.compile(
    "[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi controls and marks
    "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
"""A character that can change the order in which the text around it is shown: a bidi
control or mark, or a letter of a right-to-left script."""


def isolated(text: str) -> str:
    """`text` for a place that holds no HTML element (a page title, the sidebar, a footnote's
    label), isolated as `<bdi>` isolates it in the pages: between FSI and PDI, Unicode's own
    isolates, when it holds a character of `_BIDI`; else unchanged."""
    return f"\u2068{text}\u2069" if _BIDI.search(text) else text


def isolated_text(value: object) -> object:
    """A value printed in a `<bdi>`, between FSI and PDI too when it holds a bidi character:
    the `<bdi>` isolates it in the page, the Unicode isolates in the search index, which keeps
    the page's text without its tags. Markup stays Markup; anything else is printed as is."""
    if isinstance(value, Markup):
        return Markup(f"\u2068{value}\u2069") if _BIDI.search(value) else value
    if isinstance(value, str):
        return isolated(value)
    return value


def sentence_case(text: str) -> str:
    """Text with its first letter a capital, for a phrase shown as a heading (a claim's
    subject, written to read inside a sentence: `the length of the talks`). Unlike Jinja's
    `capitalize`, the rest is left as written."""
    return text[:1].upper() + text[1:]


def front_matter_string(text: str) -> Markup:
    """A YAML string holding HTML-escaped text: MkDocs prints `title` and `description`
    into the page without escaping them, so they are escaped here, once. The JSON form is a
    valid YAML double-quoted scalar, so Jinja must not escape it a second time. (Isolated:
    MkDocs writes the title into `<title>` and the sidebar, beside other text.)"""
    return Markup(_json_text(str(escape(isolated(text)))))


@jinja2.pass_context
def link_from_page(context: jinja2.runtime.Context, target: str) -> str:
    """`{{ target | url }}`: the link to the site path `target` from the page being rendered,
    made by its `url` (`page_linker`)."""
    linker: Callable[[str], str] = context["url"]
    return linker(target)


def make_environment(templates_dir: Path, language: str = "en") -> jinja2.Environment:
    """Our Jinja environment: autoescape everywhere, undefined names are errors; the strings
    of the interface `language` (`builder.site.strings`) as `{{ key | t }}`, and as the
    global `strings`, which `render_site` makes the active ones."""
    strings = load_strings(language)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # One environment per render: no need to check the files for changes on every include.
        auto_reload=False,
    )
    environment.filters["long_date"] = format_date
    environment.filters["front_matter"] = front_matter_string
    environment.filters["url"] = link_from_page
    environment.filters["quote_block"] = quote_block
    environment.filters["statement_block"] = statement_block
    environment.filters["isolated"] = isolated_text
    environment.filters["sentence"] = sentence_case
    environment.filters["t"] = template_filter(strings)
    environment.globals["strings"] = strings
    return environment


class View(dict[str, Any]):
    """What a template is given for a page, a quote or a source: a dict whose keys are also its
    attributes. Jinja looks an attribute up before a key, so `view.key` finds it at once
    instead of through a raised and caught AttributeError."""

    def __init__(self, items: dict[str, Any]) -> None:
        super().__init__(items)
        self.__dict__ = self


@jinja2.pass_context
def quote_block(context: jinja2.runtime.Context, quote: Any, meeting: View) -> Markup:
    """`{{ quote | quote_block(meeting) }}`: the quote's block, from the page's `quote_blocks`
    (`builder.site.views.QuoteBlocks`), which renders each quote once for both its pages."""
    blocks: Callable[[Any, View], Markup] = context["quote_blocks"]
    return blocks(quote, meeting)


@jinja2.pass_context
def statement_block(context: jinja2.runtime.Context, statement: Any, meeting: View) -> Markup:
    """`{{ statement | statement_block(meeting) }}`: a statement's block, with its quotes'
    blocks inside, from the page's `quote_blocks` (`QuoteBlocks.statement`)."""
    blocks = context["quote_blocks"]
    block: Markup = blocks.statement(statement, meeting)
    return block


def render_template(environment: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; any error raised by a template becomes a `TemplateProblem` at the
    template file and line where it happened (an included template's, when it is there)."""
    try:
        return environment.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        where = _template_path(environment, error.filename) or f"templates/{name}"
        raise TemplateProblem(
            Problem(where, error.lineno, f"template syntax error: {error.message}")
        ) from None
    except Exception as error:
        location = _template_location(environment, error)
        if location is None and not isinstance(error, jinja2.TemplateError):
            raise  # not raised by a template: a bug of ours, which must not pass as content
        where, line = location or (f"templates/{name}", 1)
        if isinstance(error, jinja2.TemplateNotFound):
            message = f"template not found: {error.name}"
        elif isinstance(error, jinja2.TemplateError):
            message = f"template error: {error.message}"
        else:
            message = f"template error: {error} ({type(error).__name__})"
        raise TemplateProblem(Problem(where, line, message)) from None


def _templates_given(environment: jinja2.Environment) -> Path:
    """The templates folder as `make_environment` was given it."""
    loader = environment.loader
    assert isinstance(loader, jinja2.FileSystemLoader)
    return Path(loader.searchpath[0])


def project_root(environment: jinja2.Environment) -> Path:
    """The folder holding `templates/`, as given: not resolved, since `templates/` may be a
    link to templates kept elsewhere, while `schema/` stays in the project."""
    return _templates_given(environment).parent


def _templates_dir(environment: jinja2.Environment) -> Path:
    return _templates_given(environment).resolve()


def _template_path(environment: jinja2.Environment, filename: str | None) -> str | None:
    """`templates/<file>` for a file of our templates folder, else None."""
    if not filename:
        return None
    templates = _templates_dir(environment)
    path = Path(filename).resolve()
    if not path.is_relative_to(templates):
        return None
    return f"{templates.name}/{path.relative_to(templates).as_posix()}"


def _template_location(environment: jinja2.Environment, error: Exception) -> tuple[str, int] | None:
    """The innermost template file and line in the error's traceback.

    Jinja rewrites the traceback of an error raised while rendering so that its frames carry
    the template's file name and line, so the last such frame is where the error happened.
    """
    location = None
    traceback = error.__traceback__
    while traceback is not None:
        path = _template_path(environment, traceback.tb_frame.f_code.co_filename)
        if path is not None:
            location = (path, traceback.tb_lineno)
        traceback = traceback.tb_next
    return location


def read_asset(root: Path, relative: str) -> bytes:
    """A file the site needs beside the pages (our CSS, the export's schema)."""
    try:
        return (root / relative).read_bytes()
    except OSError as error:
        raise TemplateProblem(
            Problem(relative, 1, f"cannot be read: {error.strerror or error}")
        ) from None
