"""Render stage: turn a verified dossier into the generated docs tree that MkDocs builds.

Pages are Markdown files whose bodies are HTML blocks rendered by our own Jinja2 templates
(autoescape on, StrictUndefined), so article text is escaped once, by Jinja, and Markdown
leaves those blocks alone. Only text we render ourselves (summaries, via `safe_markdown`) is
marked safe. Writing is deterministic and skips files whose content has not changed.
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import functools
import itertools
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import jinja2
from markupsafe import Markup, escape

from builder.content.models import Cut, Dossier, Meeting, Paragraph, QuoteRecord, Rights, Source
from builder.content.text import Match, display_breaks
from builder.content.validate import Verified
from builder.content.words import sentence_spans
from builder.engine.offline import OFFLINE_ZIP
from builder.problems import Problem
from builder.site.export import build_export, export_json, meeting_page, person_page, source_page
from builder.site.safe_markdown import escape_markdown, render_markdown

LONG_PARAGRAPH = 700
"""In `excerpts` mode a paragraph longer than this shows only the sentences that hold a quote."""

SCHEMA_NAME = "dossier.schema.json"


class Segment(NamedTuple):
    """A run of paragraph text, highlighted when it belongs to a quote. (A named tuple, as
    `Passage`: some 80,000 are made at N = 1000, twice as fast as frozen dataclasses.)"""

    text: str
    highlighted: bool
    anchors: tuple[str, ...] = ()
    """Quote ids whose passage starts here."""
    cut_before: bool = False
    """Text of the paragraph was left out just before this run (`[…]` goes here)."""


class Passage(NamedTuple):
    """A paragraph, or the part of it that is shown, ready for the source template."""

    number: int
    total: int
    segments: tuple[Segment, ...]
    """The shown runs of the paragraph, in order: one list, with the places where text was left
    out marked on the run after (`Segment.cut_before`), so that the template needs no loop
    variable (Jinja makes one object per step of a loop that uses `loop`)."""
    cut_before: bool
    cut_after: bool
    quote_ids: tuple[str, ...]
    raw_cuts: tuple[CutNote, ...] = ()
    """The cuts of the raw file that touch this paragraph: the start of its own line, or the
    lines right before or after it (blank lines between do not count), so that a reader sees
    where the record removed text next to what is shown."""


class CutNote(NamedTuple):
    """A cut of the raw file, as the source page lists it and marks the paragraphs it touches."""

    lines: str
    """The raw lines, as the record gives them (`3`, `13-15`)."""
    role: str
    """What the cut removes (`headline`, `byline`, `boilerplate`, …): the template words it."""
    prefix: str | None
    """For a marker cut of the start of a line, the text cut; else None."""
    place: str = ""
    """Where it touches a paragraph: `start` (of its line), `before` or `after`; `""` in the
    page's list of cuts."""


@dataclass
class RenderedTree:
    """What the render stage produced: the nav, and the files it wrote into the docs tree
    (`paths`), of which `files_written` changed."""

    nav: list[dict[str, Any]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    files_written: int = 0


class TemplateProblem(Exception):
    """A template in `templates/` failed to load or render."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@functools.cache
def format_date(value: date | str) -> str:
    """`13 September 2023`, or `June 2024` for a month."""
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    year, month = value.split("-")
    return f"{date(int(year), int(month), 1):%B %Y}"


def relative_url(from_page: str, target: str) -> str:
    """A link from one site-relative page to another (`target` may carry a `#fragment`)."""
    return page_linker(from_page)(target)


def page_linker(from_page: str) -> Callable[[str], str]:
    """`relative_url` from one page, with what depends on the page worked out once: the pages
    of a large dossier make a hundred thousand links."""
    start = posixpath.dirname(from_page) or "."

    def url(target: str) -> str:
        path, _, fragment = target.partition("#")
        if path == from_page:
            link = ""
        else:
            # Pages live in a handful of folders: the relative path between two folders is
            # computed once (`posixpath.relpath` is costly at tens of thousands of links).
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


def front_matter_string(text: str) -> Markup:
    """A YAML string holding HTML-escaped text: MkDocs prints `title` and `description`
    into the page without escaping them, so they are escaped here, once. The JSON form is a
    valid YAML double-quoted scalar, so Jinja must not escape it a second time. (Isolated:
    MkDocs writes the title into `<title>` and the sidebar, beside other text.)"""
    return Markup(_json_text(str(escape(isolated(text)))))


@jinja2.pass_context
def link_from_page(context: jinja2.runtime.Context, target: str) -> str:
    """`{{ target | url }}`: the link to the site path `target` from the page being rendered,
    made by its `url` (`page_linker`). A filter is called directly, where `url(target)` goes
    through Jinja's `Context.call`, which took twice as long as the link itself."""
    linker: Callable[[str], str] = context["url"]
    return linker(target)


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Our Jinja environment: autoescape everywhere, undefined names are errors."""
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
    environment.filters["isolated"] = isolated_text
    return environment


def _segments(
    text: str, spans: list[tuple[int, int, str]], all_breaks: list[int], start: int, end: int
) -> tuple[Segment, ...]:
    """Cut `text[start:end]` into plain and highlighted runs, adding display-only spaces at
    `all_breaks` (the paragraph's `display_breaks`)."""
    breaks = {point for point in all_breaks if start < point < end}
    if not spans and not breaks:
        return (Segment(text[start:end], False),)  # most paragraphs of a full article
    if len(spans) == 1 and not breaks:
        # One quote in the paragraph, the usual case: the segments `_cut_segments` gives.
        quote_start, quote_end, quote_id = spans[0]
        left, right = max(quote_start, start), min(quote_end, end)
        if left < right:
            marked = Segment(text[left:right], True, (quote_id,) if quote_start == left else ())
            return (
                *((Segment(text[start:left], False),) if start < left else ()),
                marked,
                *((Segment(text[right:end], False),) if right < end else ()),
            )
    return _cut_segments(text, spans, breaks, start, end)


def _cut_segments(
    text: str, spans: list[tuple[int, int, str]], breaks: set[int], start: int, end: int
) -> tuple[Segment, ...]:
    """`_segments` the general way: cut at every quote's ends and every break inside."""
    cuts = {start, end}
    for quote_start, quote_end, _ in spans:
        cuts.update(point for point in (quote_start, quote_end) if start < point < end)
    cuts |= breaks
    points = sorted(cuts)
    segments: list[Segment] = []
    for left, right in itertools.pairwise(points):
        piece = text[left:right]
        if left in breaks:
            piece = " " + piece
        highlighted = any(qs <= left and right <= qe for qs, qe, _ in spans)
        anchors = tuple(quote_id for qs, _, quote_id in spans if qs == left)
        segments.append(Segment(piece, highlighted, anchors))
    return tuple(segments)


def build_passages(
    source: Source, matches: list[tuple[str, Match]], rights: Rights
) -> list[Passage]:
    """The paragraphs a source page shows, with quoted passages highlighted and anchored.

    `full` shows every paragraph; `excerpts` only those holding a quote, and of a long paragraph
    only the sentences that hold one.
    """
    by_paragraph: dict[int, list[tuple[int, int, str]]] = {}
    for quote_id, match in matches:
        by_paragraph.setdefault(match.paragraph.number, []).append(
            (match.start, match.end, quote_id)
        )
    total = len(source.paragraphs)
    passages: list[Passage] = []
    cut_lines = _cut_lines(source.record.cuts)
    for index, paragraph in enumerate(source.paragraphs):
        spans = sorted(by_paragraph.get(paragraph.number, []))
        if rights is Rights.excerpts and not spans:
            continue
        text = paragraph.text
        ranges = [(0, len(text))]
        if rights is Rights.excerpts and len(text) > LONG_PARAGRAPH:
            kept = [
                (left, right)
                for left, right in sentence_spans(text)
                if any(qs < right and left < qe for qs, qe, _ in spans)
            ]
            ranges = _merge(kept)
        breaks = display_breaks(text)
        segments: list[Segment] = []
        for left, right in ranges:
            shown = _segments(text, spans, breaks, left, right)
            if segments:  # text was left out since the last range
                segments.append(shown[0]._replace(cut_before=True))
                segments += shown[1:]
            else:
                segments += shown
        passages.append(
            Passage(
                number=paragraph.number,
                total=total,
                segments=tuple(segments),
                cut_before=ranges[0][0] > 0,
                cut_after=ranges[-1][1] < len(text),
                quote_ids=tuple(quote_id for _, _, quote_id in spans),
                raw_cuts=_cuts_touching(source.paragraphs, index, cut_lines),
            )
        )
    return passages


def cut_notes(cuts: tuple[Cut, ...]) -> list[CutNote]:
    """The cuts of a record in the order of the raw lines, for the source page's list."""
    return [
        CutNote(cut.lines, cut.role.value, cut.prefix)
        for cut in sorted(cuts, key=lambda cut: (cut.first, cut.last))
    ]


def _cut_lines(cuts: tuple[Cut, ...]) -> tuple[list[int], list[Cut]]:
    """Every raw line a cut covers, in order, with its cut (a line is cut once: `cut_article`
    refuses overlaps; a prefix cut and a whole-line cut of one line keep the whole-line one)."""
    by_line: dict[int, Cut] = {}
    for cut in cuts:
        for number in range(cut.first, cut.last + 1):
            if number not in by_line or by_line[number].prefix is not None:
                by_line[number] = cut
    numbers = sorted(by_line)
    return numbers, [by_line[number] for number in numbers]


def _cuts_touching(
    paragraphs: tuple[Paragraph, ...], index: int, cut_lines: tuple[list[int], list[Cut]]
) -> tuple[CutNote, ...]:
    """The cuts that touch paragraph `index`: a prefix cut of its own line, and the cut
    nearest to it before and after, between it and the paragraphs next to it (only blank
    lines, or none, lie between such a cut and the paragraph)."""
    numbers, cuts = cut_lines
    if not numbers:
        return ()
    line = paragraphs[index].raw_line
    previous = paragraphs[index - 1].raw_line if index > 0 else 0
    following = paragraphs[index + 1].raw_line if index + 1 < len(paragraphs) else numbers[-1] + 1
    notes: list[CutNote] = []
    at = bisect.bisect_left(numbers, line)
    if at > 0 and numbers[at - 1] > previous:
        cut = cuts[at - 1]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "before"))
    if at < len(numbers) and numbers[at] == line:
        cut = cuts[at]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "start"))
        at += 1
    if at < len(numbers) and numbers[at] < following:
        cut = cuts[at]
        notes.append(CutNote(cut.lines, cut.role.value, cut.prefix, "after"))
    return tuple(notes)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for left, right in sorted(ranges):
        if merged and left <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(right, merged[-1][1]))
        else:
            merged.append((left, right))
    return merged


class View(dict[str, Any]):
    """What a template is given for a page, a quote or a source: a dict whose keys are also its
    attributes. Jinja looks an attribute up before a key; finding it at once spares a raised
    and caught AttributeError for each of the millions of lookups of a large dossier."""

    def __init__(self, items: dict[str, Any]) -> None:
        super().__init__(items)
        self.__dict__ = self


def _source_view(source: Source) -> View:
    record = source.record
    return View(
        {
            "id": source.id,
            "page": source_page(source.id),
            "record": record,
            "label": record.outlet.name if record.outlet else "Outlet not named in the article",
            "date": format_date(record.date),
            "date_iso": source.date_iso,
            "date_precision": source.date_precision.value,
            "sha256": source.raw_sha256,
        }
    )


SourceViews = dict[str, View]
"""Source views by source id: a source's view serves its page and the pages of the meetings
that cite it."""


def _footnote_definitions(meeting: Meeting, verified: Verified, page: str) -> str:
    """Footnote definitions for every source of a meeting, labelled by source id: the source's
    outlet, title and date, as text, and a link to its archived copy."""
    lines = []
    for source_id in meeting.record.sources:
        record = verified.dossier.sources[source_id].record
        outlet = record.outlet.name if record.outlet else "Outlet not named in the article"
        title = record.headline or f"{record.editorial_title} (title ours)"
        label = escape_markdown(
            f"{isolated(outlet)}, “{isolated(title)}”, {format_date(record.date)}"
        )
        archive = relative_url(page, source_page(source_id))
        lines.append(f"[^{source_id}]: {label}. [Archived copy]({archive})")
    return "\n\n".join(lines)


def _summary_html(meeting: Meeting, verified: Verified, page: str) -> Markup:
    """A meeting's summary, with a footnote for each source it cites."""
    definitions = _footnote_definitions(meeting, verified, page)
    text = meeting.summary.rstrip() + "\n\n" + definitions + "\n"
    # Rendered by our own Markdown with raw HTML off, labels escaped: safe to mark as such.
    return Markup(render_markdown(text, page, drop_uncited_notes=True))


def render_site(
    verified: Verified, environment: jinja2.Environment, docs_dir: Path
) -> RenderedTree:
    """Render every page of the dossier, the JSON export and its schema into `docs_dir` (see
    `DocsWriter`), with the templates of `environment` (`make_environment`)."""
    dossier = verified.dossier
    tree = RenderedTree()
    meetings = sorted(dossier.meetings, key=lambda item: (item.record.date, item.record.id))
    quotes_by_source: dict[str, list[tuple[str, Match]]] = {}
    for meeting in meetings:
        for quote in meeting.record.quotes:
            quotes_by_source.setdefault(quote.source, []).append(
                (quote.id, verified.matches[quote.id])
            )

    source_views = {
        source_id: _source_view(source) for source_id, source in dossier.sources.items()
    }
    meeting_views = [_meeting_view(meeting, dossier) for meeting in meetings]
    # Who links to whom, gathered in one pass (looking it up page by page grows with N²).
    by_source: dict[str, list[View]] = {}
    by_participant: dict[str, list[View]] = {}
    # A speaker's quotes, each with whether it is the first of its meeting there (its heading).
    by_speaker: dict[str, list[tuple[View, QuoteRecord, bool]]] = {}
    for view in meeting_views:
        for source_id in dict.fromkeys(view["record"].sources):
            by_source.setdefault(source_id, []).append(view)
        for person_id in dict.fromkeys(view["record"].participants):
            by_participant.setdefault(person_id, []).append(view)
        for quote in view["quotes"]:
            said = by_speaker.setdefault(quote.speaker, [])
            said.append((view, quote, not said or said[-1][0] is not view))
    # One job per page, each independent of the others.
    page = functools.partial(_page_files, environment)
    quote_blocks = QuoteBlocks(environment, verified, source_views)
    jobs: list[Callable[[], dict[str, bytes]]] = [
        functools.partial(
            page,
            "index.md.j2",
            "index.html",
            {"meetings": meeting_views, "dossier": dossier, "offline_zip": OFFLINE_ZIP},
        )
    ]
    jobs += [
        functools.partial(
            _source_files,
            environment,
            dossier.sources[source_id],
            source_views,
            quotes_by_source.get(source_id, []),
            by_source.get(source_id, []),
        )
        for source_id in sorted(dossier.sources)
    ]
    jobs += [
        functools.partial(
            _meeting_files, environment, view, meeting, verified, source_views, quote_blocks
        )
        for view, meeting in zip(meeting_views, meetings, strict=True)
    ]
    jobs += [
        functools.partial(
            page,
            "person.md.j2",
            person_page(person_id),
            {
                "person": dossier.people[person_id],
                "quotes": by_speaker.get(person_id, []),
                "meetings": by_participant.get(person_id, []),
                "quote_blocks": quote_blocks,
            },
        )
        for person_id in sorted(dossier.people)
    ]
    jobs.append(functools.partial(_about_files, environment, dossier.about))
    jobs.append(functools.partial(_export_files, verified))
    jobs.append(functools.partial(_asset_files, _project_root(environment)))
    writer = DocsWriter(docs_dir)
    # Each job's files are written as soon as they are rendered: pages do not pile up in memory.
    for job in jobs:
        paths, written = writer.write_files(job)
        tree.paths += paths
        tree.files_written += written
    writer.remove_stale(set(tree.paths))
    tree.nav = [
        {"Timeline": "index.md"},
        {"Meetings": meetings_nav(meeting_views)},
        {"About": "about.md"},
    ]
    return tree


def _about_files(environment: jinja2.Environment, about: str) -> dict[str, bytes]:
    about_html = Markup(render_markdown(about, "about.html"))
    return _page_files(environment, "about.md.j2", "about.html", {"about_html": about_html})


def _export_files(verified: Verified) -> dict[str, bytes]:
    return {"dossier.json": export_json(build_export(verified))}


def _asset_files(root: Path) -> dict[str, bytes]:
    """The files the site needs beside the pages: the export's schema and our CSS."""
    return {
        SCHEMA_NAME: _read_asset(root, f"schema/{SCHEMA_NAME}"),
        "assets/dossier.css": _read_asset(root, "templates/assets/dossier.css"),
    }


def _page_files(
    environment: jinja2.Environment, template: str, page: str, context: dict[str, Any]
) -> dict[str, bytes]:
    """One page rendered: its Markdown file in the docs tree, by path."""

    text = _render_template(environment, template, page=page, url=page_linker(page), **context)
    return {page.removesuffix(".html") + ".md": text.encode("utf-8")}


def _meeting_files(
    environment: jinja2.Environment,
    view: View,
    meeting: Meeting,
    verified: Verified,
    source_views: SourceViews,
    quote_blocks: QuoteBlocks,
) -> dict[str, bytes]:
    page = meeting_page(meeting.slug)
    context = {
        "meeting": view,
        "sources": [source_views[source_id] for source_id in meeting.record.sources],
        "summary_html": _summary_html(meeting, verified, page),
        "quote_blocks": quote_blocks,
    }
    return _page_files(environment, "meeting.md.j2", page, context)


QUOTE_TEMPLATE = "_quote.html.j2"


class QuoteBlocks:
    """A quote's HTML (`{{ quote | quote_block(meeting) }}` in a template), rendered once for
    both pages that show it, its meeting's and its speaker's. What the block prints of the
    quote (`_quote_view`) is gathered there, when the block is first rendered.

    Both pages sit one folder below the site root, so the block's links are written from
    there, up one folder and down the site path, and hold on either page. An error in the
    block's template is raised through the page's, which reports it at the block's line."""

    def __init__(
        self, environment: jinja2.Environment, verified: Verified, source_views: SourceViews
    ) -> None:
        self.environment = environment
        self.verified = verified
        self.source_views = source_views
        self.rendered: dict[str, Markup] = {}
        self._macro: Callable[[View], Markup] | None = None

    def __call__(self, quote: QuoteRecord, meeting: View) -> Markup:
        block = self.rendered.get(quote.id)
        if block is None:
            if self._macro is None:
                template = self.environment.get_template(QUOTE_TEMPLATE)
                module = template.make_module({"url": _from_one_folder_down})
                self._macro = module.quote_block  # type: ignore[attr-defined]
            view = _quote_view(quote, meeting["page"], self.verified, self.source_views)
            block = self.rendered[quote.id] = self._macro(view)
        return block


@jinja2.pass_context
def quote_block(context: jinja2.runtime.Context, quote: QuoteRecord, meeting: View) -> Markup:
    """`{{ quote | quote_block(meeting) }}`: the quote's block, from the page's `QuoteBlocks`.
    A filter is called directly, where a function of the context goes through Jinja's
    `Context.call`, a third of the cost of a block already rendered."""
    blocks: QuoteBlocks = context["quote_blocks"]
    return blocks(quote, meeting)


def _from_one_folder_down(target: str) -> str:
    return "../" + target


def _source_files(
    environment: jinja2.Environment,
    source: Source,
    source_views: SourceViews,
    matches: list[tuple[str, Match]],
    meetings: list[View],
) -> dict[str, bytes]:
    """A source's page, and for a `full` source the raw file exactly as received."""
    context = {
        "source": source_views[source.id],
        "passages": build_passages(source, matches, source.record.rights),
        "cuts": cut_notes(source.record.cuts),
        "meetings": meetings,
        "captions": source.captions,
    }
    files = _page_files(environment, "source.md.j2", source_page(source.id), context)
    if source.record.rights is Rights.full and source.raw_path is not None:
        files[f"raw/{source.id}.txt"] = source.raw_path.read_bytes()
    return files


NAV_SECTION_SIZE = 60
"""The most pages one section of the sidebar lists before it is split by year, then by month.

Material renders the sidebar into every page. With `navigation.prune` it renders only the
sections on the path to the page, so keeping each section small keeps every page small."""


def meetings_nav(views: list[View]) -> list[Any]:
    """The Meetings section of the sidebar: flat when short, else by year (and month)."""

    def entry(view: View) -> dict[str, str]:
        # Markup, not str: Material prints nav titles raw in the nav, but also through `| e`
        # (footer aria-labels), which must not escape them a second time.
        title = isolated(view["record"].title)
        return {escape(title): view["page"].removesuffix(".html") + ".md"}

    def section(members: list[View], depth: int) -> list[Any]:
        if len(members) <= NAV_SECTION_SIZE or depth == 2:
            return [entry(view) for view in members]
        groups: dict[str, list[View]] = {}
        for view in members:
            day: date = view["record"].date
            groups.setdefault(str(day.year) if depth == 0 else f"{day:%B %Y}", []).append(view)
        return [{name: section(group, depth + 1)} for name, group in groups.items()]

    return section(views, 0)


def _render_template(environment: jinja2.Environment, name: str, **context: Any) -> str:
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


def _project_root(environment: jinja2.Environment) -> Path:
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


def _read_asset(root: Path, relative: str) -> bytes:
    """A file the site needs beside the pages (our CSS, the export's schema)."""
    try:
        return (root / relative).read_bytes()
    except OSError as error:
        raise TemplateProblem(
            Problem(relative, 1, f"cannot be read: {error.strerror or error}")
        ) from None


def _meeting_view(meeting: Meeting, dossier: Dossier) -> View:
    """What the pages that show or link to a meeting are given of it. Its quotes are the
    records: what a quote's block prints is gathered when the block is rendered (`QuoteBlocks`)."""
    record = meeting.record
    return View(
        {
            "record": record,
            "page": meeting_page(meeting.slug),
            "date": format_date(record.date),
            "participants": [dossier.people[person_id] for person_id in record.participants],
            "quotes": record.quotes,
            # Only the sources that supply a quote: "2 quotes from 1 source".
            "quote_sources": len({quote.source for quote in record.quotes}),
            "place_parts": [
                (label, getattr(record.place, part))
                for part, label in (
                    ("venue", "Venue"),
                    ("city", "City"),
                    ("region", "Region"),
                    ("country", "Country"),
                )
            ],
        }
    )


def _quote_view(
    quote: QuoteRecord, meeting_page: str, verified: Verified, source_views: SourceViews
) -> View:
    """What a quote's block prints, one lookup each: it is rendered 20,000 times at N = 1000,
    and each step of `a.b.c` is a call in a template."""
    dossier = verified.dossier
    source = dossier.sources[quote.source]
    speaker = dossier.people[quote.speaker]
    source_view = source_views[source.id]
    return View(
        {
            "id": quote.id,
            "paragraph": verified.matches[quote.id].paragraph.number,
            "paragraphs": len(source.paragraphs),
            "page": f"{meeting_page}#q-{quote.id}",
            "archive": f"{source_view['page']}#q-{quote.id}",
            "original_url": source.record.url,
            "kind": quote.kind.value,
            "text": quote.text,
            "translation": quote.translation,
            "attribution": quote.attribution,
            "speaker_name": speaker.name,
            "speaker_page": person_page(speaker.id),
            "language": source.record.language,
            "source_label": source_view["label"],
            "source_date": source_view["date"],
        }
    )


class DocsWriter:
    """Writes files into the docs tree, touching only those whose bytes changed.

    Unchanged files keep their mtime, so a watcher such as `mkdocs serve` sees no change; a
    changed file is replaced in one step. Several processes may write into one tree at once,
    each its own files.
    """

    def __init__(self, docs_dir: Path) -> None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        self.docs_dir = docs_dir
        self.inside = docs_dir.resolve()
        # Plain strings for the paths of new files: `Path` parsing costs at thousands of files.
        self.prefix = os.fspath(docs_dir) + "/"
        self.checked_folders: set[str] = set()
        with os.scandir(docs_dir) as entries:
            self.started_empty = next(entries, None) is None

    def write(self, relative: str, content: bytes) -> int:
        """Write one file unless it already holds `content`; 1 if written."""
        docs_dir = self.docs_dir
        # The validate stage refuses ids and slugs that are not plain slugs; this is the last
        # line of defence, in the spirit of Pelican's `sanitised_join`.
        if ".." in relative.split("/"):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
        folder, name = posixpath.split(relative)
        if folder not in self.checked_folders:
            # Resolved once per folder, not per file: a symlink among the folders is caught
            # here, and one in place of a file below, where the file is opened.
            if not (docs_dir / folder).resolve().is_relative_to(self.inside):
                raise ValueError(f"refusing to write {relative!r} outside {docs_dir}")
            (docs_dir / folder).mkdir(parents=True, exist_ok=True)
            self.checked_folders.add(folder)
        target = self.prefix + relative
        if name not in ("", "."):
            try:
                # O_EXCL fails on anything already there, a symlink (even a dangling one)
                # included, so a new file is written in this folder and nowhere else; and no
                # reader can find it half-written in place of an older one.
                descriptor = os.open(target, _NEW_FILE_FLAGS, 0o666)
            except FileExistsError:
                pass
            else:
                _write_and_close(descriptor, content)
                return 1
        return _replace_if_changed(Path(target), relative, content, docs_dir, self.inside)

    def write_files(self, job: Callable[[], dict[str, bytes]]) -> tuple[list[str], int]:
        """Run a render job and write the files it gives: their paths, and how many changed."""
        files = job()
        written = sum(self.write(relative, content) for relative, content in sorted(files.items()))
        return list(files), written

    def remove_stale(self, expected: set[str]) -> None:
        """Remove every file not in `expected`, and the folders left empty."""
        if self.started_empty:
            return  # every file there was written by this writer: a first build's 6,000
        docs_dir = self.docs_dir
        for directory, _, names in os.walk(docs_dir, topdown=False):
            folder_path = Path(directory)
            relative_dir = folder_path.relative_to(docs_dir).as_posix()
            for name in names:
                if posixpath.normpath(posixpath.join(relative_dir, name)) not in expected:
                    (folder_path / name).unlink()
            if folder_path != docs_dir and not any(folder_path.iterdir()):
                folder_path.rmdir()


_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _write_and_close(descriptor: int, content: bytes) -> None:
    """Write all of `content` to a file just opened, then close it: on the descriptor, with
    no file object, which cost as much again as the writing (a page took 45 µs, now 29 µs)."""
    try:
        rest = memoryview(content)
        while rest:
            rest = rest[os.write(descriptor, rest) :]
    finally:
        os.close(descriptor)


def _replace_if_changed(
    target: Path, relative: str, content: bytes, docs_dir: Path, inside: Path
) -> int:
    """Write `content` over an existing `target` unless it already holds it; 1 if written."""
    try:
        existing = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        # A symlink (or a file gone meanwhile): follow it only if it stays inside.
        if not target.resolve().is_relative_to(inside):
            raise ValueError(f"refusing to write {relative!r} outside {docs_dir}") from None
        try:
            existing = os.open(target, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            target.write_bytes(content)
            return 1
    status = os.fstat(existing)
    if not stat.S_ISREG(status.st_mode):
        os.close(existing)
        # Not ours to replace (a folder someone put there): say where, as the system would.
        raise IsADirectoryError(errno.EISDIR, "is not a file the build wrote", str(target))
    with os.fdopen(existing, "rb") as file:
        if status.st_size == len(content) and file.read() == content:
            return 0
    temporary = target.with_name(target.name + ".tmp")
    # Whatever is at the temporary name (a leftover, or a symlink planted there) is removed,
    # not written through.
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    _write_and_close(os.open(temporary, _NEW_FILE_FLAGS, 0o666), content)
    temporary.replace(target)
    return 1
